"""The page-serving benchmark: `make bench`. Prints figures and ratios; never fails on them.

Starts `newsdesk serve` (default workers) on a fresh copy of the demo newsroom
and, in the same run, nginx serving a static copy of the same article's bytes,
then drives each with wrk at 32 connections, interleaved, for three rounds.
Also measures cold start, peak memory of the process tree, the render time of
a cache miss, and Lighthouse's mobile performance score. Writes
bench/results.json and the table in docs/performance.md ("Page serving").
See docs/performance.md for what each figure means and how to add WordPress
and Wagtail to the same run (`--compare NAME=URL`).
"""

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import report, tools  # noqa: E402

MISS_SAMPLES = 30


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, headers=None, timeout=10):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.headers, response.read()


class Site:
    """A newsdesk data directory with the demo newsroom, and its server."""

    def __init__(self, workers):
        self.data_dir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
        self.port = free_port()
        self.workers = workers
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "NEWSDESK_DATA_DIR": str(self.data_dir), "NEWSDESK_BASE_URL": self.base_url,
        }
        self.process = None

    def newsdesk(self, *args):
        return subprocess.run(
            [sys.executable, "-m", "newsdesk", *args], env=self.env, check=True,
            capture_output=True, text=True, timeout=300,
        ).stdout

    def prepare(self):
        self.newsdesk("migrate", "--noinput", "-v0")
        self.newsdesk("demo", "--if-empty")
        self.newsdesk("collectstatic", "--noinput", "-v0")
        # The longest English article: the heaviest page readers get.
        found = self.newsdesk("shell", "-c", (
            "from django.db.models.functions import Length; "
            "from newsdesk.publishing.models import Article; "
            "a = Article.objects.published().filter(language='en')"
            ".order_by(Length('body').desc()).first(); "
            "print('ARTICLE', a.pk, a.get_absolute_url())"
        ))
        pk, path = re.search(r"^ARTICLE (\d+) (\S+)$", found, re.M).groups()
        self.article_pk, self.article_path = int(pk), path

    def start(self):
        """Start `newsdesk serve`; return seconds from the command to the article's first 200."""
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newsdesk", "serve", "--port", str(self.port),
             "--workers", str(self.workers)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        while time.perf_counter() - started < 60:
            if self.process.poll() is not None:
                raise RuntimeError(f"newsdesk serve exited: {self.process.stderr.read()}")
            try:
                if get(self.base_url + self.article_path, timeout=2)[0] == 200:
                    return time.perf_counter() - started
            except OSError:
                time.sleep(0.01)
        raise RuntimeError("newsdesk serve did not answer within 60 seconds")

    def invalidate_article(self):
        """What an edit does, straight on the shared counters (no Django needed)."""
        from newsdesk.pagecache.versions import Versions

        Versions(self.data_dir / "pagecache" / "versions").bump([f"article:{self.article_pk}"])

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class MemorySampler(threading.Thread):
    """Peak resident memory of a process tree, sampled every 50 ms."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.peak_total = 0
        self.peak_process = 0
        self.processes = 0
        self.running = True

    def run(self):
        import psutil

        while self.running:
            try:
                tree = [self.root, *self.root.children(recursive=True)]
                sizes = [process.memory_info().rss for process in tree]
            except psutil.Error:
                sizes = []
            if sizes:
                self.peak_total = max(self.peak_total, sum(sizes))
                self.peak_process = max(self.peak_process, max(sizes))
                self.processes = max(self.processes, len(sizes))
            time.sleep(0.05)


def measure_misses(site, samples=MISS_SAMPLES):
    """Render time of the article on a cache miss: server-side (Server-Timing) and end to end."""
    url = site.base_url + site.article_path
    server, client = [], []
    for number in range(samples + 6):
        site.invalidate_article()
        started = time.perf_counter()
        _status, headers, _body = get(url, {"Accept-Encoding": "gzip, br"})
        elapsed = (time.perf_counter() - started) * 1000
        if headers.get("X-Cache") != "MISS":
            raise RuntimeError(f"expected a miss, got X-Cache: {headers.get('X-Cache')}")
        if number >= 6:  # the first renders in each worker compile templates
            server.append(float(re.search(r"dur=([\d.]+)", headers["Server-Timing"])[1]))
            client.append(elapsed)
    get(url)  # leave it cached
    return {
        "samples": samples,
        "server_render_median_ms": round(statistics.median(server), 2),
        "client_median_ms": round(statistics.median(client), 2),
        "client_p90_ms": round(statistics.quantiles(client, n=10)[-1], 2),
    }


def page_weight(base_url, path):
    """Requests and gzip bytes of a first visit: the page and what its HTML references."""
    _status, headers, body = get(base_url + path, {"Accept-Encoding": "gzip"})
    html = gzip.decompress(body).decode() if headers.get("Content-Encoding") == "gzip" else (
        body.decode())
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"|'
                        r'<img [^>]*src="([^"]+)"', html)
    urls = [path] + [next(part for part in match if part) for match in assets]
    total = 0
    for url in urls:
        _status, headers, content = get(base_url + url, {"Accept-Encoding": "gzip"})
        total += len(content) + sum(len(k) + len(v) + 4 for k, v in headers.items())
    return {"requests": len(urls), "gzip_bytes": total, "urls": urls}


def run_rounds(targets, *, rounds, seconds, connections):
    results = {name: [] for name in targets}
    for number in range(1, rounds + 1):
        for name, url in targets.items():
            figures = tools.wrk(url, seconds=seconds, connections=connections)
            results[name].append(figures)
            print(f"  round {number} {name:<22} {figures['requests_per_second']:>10,.0f} req/s"
                  f"  p50 {figures['p50_ms']:.2f} ms  p99 {figures['p99_ms']:.2f} ms"
                  f"  {figures['errors']}", flush=True)
    return results


def machine():
    cpu = ""
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())[1]
    except (OSError, TypeError):
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
        "system": platform.platform(), "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="Length of each wrk run.")
    parser.add_argument("--rounds", type=int, default=3, help="Interleaved rounds.")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections.")
    parser.add_argument("--workers", type=int, default=2, help="newsdesk serve --workers.")
    parser.add_argument("--no-lighthouse", action="store_true", help="Skip Lighthouse.")
    parser.add_argument("--lighthouse-runs", type=int, default=3,
                        help="Lighthouse runs; the median one is reported.")
    parser.add_argument("--no-docs", action="store_true",
                        help="Do not rewrite docs/performance.md.")
    parser.add_argument(
        "--compare", action="append", default=[], metavar="NAME=URL",
        help="Another server's article page to drive in the same rounds (WordPress, Wagtail).",
    )
    parser.add_argument("--note", default="", help="A sentence about the machine, for the docs.")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    tools.ensure_wrk_and_nginx()
    results = {"machine": machine(), "settings": vars(args), "errors": {}}
    print("Preparing a demo newsroom...", flush=True)
    site = Site(workers=args.workers)
    site.prepare()
    nginx = sampler = static_root = None
    try:
        results["cold_start_s"] = round(site.start(), 3)
        print(f"Cold start (command to the article's first 200): {results['cold_start_s']} s")
        sampler = MemorySampler(site.process.pid)
        sampler.start()
        results["miss"] = measure_misses(site)
        print(f"Cache miss: {results['miss']}", flush=True)
        results["first_visit"] = page_weight(site.base_url, site.article_path)
        print(f"First visit: {results['first_visit']}", flush=True)

        article_url = site.base_url + site.article_path
        _status, _headers, page = get(article_url)  # identity bytes, as wrk asks for them
        static_root = Path(tempfile.mkdtemp(prefix="newsdesk-bench-static-"))
        os.chmod(static_root, 0o755)
        (static_root / "article.html").write_bytes(page)
        (static_root / "article.html").chmod(0o644)
        nginx = tools.Nginx(static_root, free_port(), workers=os.cpu_count() or 2).start()
        results["page_bytes"] = len(page)
        targets = {
            "nginx static file": f"http://127.0.0.1:{nginx.port}/article.html",
            "newsdesk /api/ping": f"{site.base_url}/api/ping",
            "newsdesk article (hit)": article_url,
            "newsdesk article (Django)": f"{article_url}?uncached=1",
        }
        for item in args.compare:
            name, _, url = item.partition("=")
            targets[name] = url
        print(f"wrk -t2 -c{args.connections} -d{args.seconds}s, {args.rounds} rounds, "
              f"{len(page):,} bytes per page:", flush=True)
        results["wrk"] = run_rounds(
            targets, rounds=args.rounds, seconds=args.seconds, connections=args.connections
        )
        results["targets"] = targets
        if not args.no_lighthouse:
            print("Lighthouse (mobile)...", flush=True)
            runs = [tools.lighthouse(article_url) for _ in range(args.lighthouse_runs)]
            scored = sorted((r for r in runs if "performance" in r),
                            key=lambda r: r["performance"])
            # The median run, as Lighthouse's docs advise: single runs vary with machine load.
            results["lighthouse"] = scored[len(scored) // 2] if scored else runs[-1]
            results["lighthouse"]["scores"] = [r.get("performance") for r in runs]
    finally:
        if sampler:
            sampler.running = False
            sampler.join()
            results["memory"] = {
                "peak_tree_mb": round(sampler.peak_total / 2**20, 1),
                "peak_process_mb": round(sampler.peak_process / 2**20, 1),
                "processes": sampler.processes,
            }
        if nginx:
            nginx.stop()
        site.stop()
        shutil.rmtree(site.data_dir, ignore_errors=True)
        if static_root:
            shutil.rmtree(static_root, ignore_errors=True)
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    summary = report.summarise(results)
    results["summary"] = summary
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(report.table(summary))
    if not args.no_docs:
        report.update_docs(ROOT / "docs" / "performance.md", results, note=args.note)
        print("\nWrote bench/results.json and the table in docs/performance.md.")


if __name__ == "__main__":
    main()
