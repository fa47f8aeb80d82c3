"""Lighthouse on the demo article page, in Debian's Chromium: prints the four category scores.

    make lighthouse                       # installs the pinned Lighthouse, then runs this
    .venv/bin/python bench/lighthouse.py --runs 5 --save var/lighthouse

Starts a real `newsdesk serve` with the demo newsroom (tests/live_site.py),
runs Lighthouse's mobile profile (simulated slow 4G and a 4x slower CPU, as
PageSpeed Insights does) on the newest article in English and in Chinese,
and prints the median of each category over the runs, the lab metrics and
every audit that did not pass. A benchmark: it prints, never fails. The
figures go into docs/performance.md, section "Lighthouse".
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live_site import LiveSite  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-default-apps "
    "--disable-extensions"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "Speed Index",
}


def newest_article(base_url):
    with urllib.request.urlopen(f"{base_url}/en/", timeout=30) as response:
        html = response.read().decode()
    return re.search(r'<h2 class="teaser-title"><a href="([^"]+)"', html).group(1)


def lighthouse(url, report_path):
    """One Lighthouse run; the parsed JSON report."""
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report_path}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=300,
    )
    return json.loads(Path(report_path).read_text())


def failed_audits(report):
    """Audits that count towards a category score and did not fully pass."""
    counted = {ref["id"] for category in report["categories"].values()
               for ref in category["auditRefs"] if ref["weight"] > 0}
    return sorted(
        f"{audit['id']} ({audit['score']:.2f}): {audit['title']}"
        for audit in report["audits"].values()
        if audit["id"] in counted and audit["score"] is not None and audit["score"] < 1
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--save", type=Path, help="directory to keep the JSON reports in")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make lighthouse` (npm ci in bench/lighthouse)")

    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-lighthouse-"))
    reports_dir = args.save or workdir
    reports_dir.mkdir(parents=True, exist_ok=True)
    site = LiveSite(data_dir=workdir / "site")
    site.prepare()
    site.start(workers=2)
    try:
        article = newest_article(site.base_url)
        lighthouse_version = None
        print(f"Lighthouse, mobile profile, Debian Chromium, median of {args.runs} runs")
        print(f"{'page':<40} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        for language in ("en", "zh-hans"):
            path = re.sub(r"^/en/", f"/{language}/", article)
            reports = [
                lighthouse(f"{site.base_url}{path}", reports_dir / f"{language}-{run}.json")
                for run in range(args.runs)
            ]
            lighthouse_version = reports[0]["lighthouseVersion"]
            scores = {c: statistics.median(r["categories"][c]["score"] * 100 for r in reports)
                      for c in CATEGORIES}
            print(f"{path:<40} " + " ".join(f"{scores[c]:>14.0f}" for c in CATEGORIES))
            metrics = {name: statistics.median(r["audits"][key]["numericValue"] for r in reports)
                       for key, name in METRICS.items()}
            print("    " + ", ".join(
                f"{name} {value:.3f}" if name == "CLS" else f"{name} {value:.0f} ms"
                for name, value in metrics.items()))
            for failure in sorted({f for r in reports for f in failed_audits(r)}):
                print(f"    not passed: {failure}")
        print(f"Lighthouse {lighthouse_version}; reports in {reports_dir}")
    finally:
        site.stop()


if __name__ == "__main__":
    main()
