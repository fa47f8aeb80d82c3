"""The scaled set-up's benchmark: `make bench-scale`. Prints figures; never fails on them.

In one run, interleaved: nginx serving the article's bytes as a static file;
the single-process default (`newsdesk serve`, SQLite, no Redis: what `make
bench` measures); and the scaled set-up of docs/deploy.md — nginx with the
shipped deploy/nginx/newsdesk.conf in front of two `newsdesk serve` processes
sharing PostgreSQL and Redis. Reads of the anonymous article page and view
beacons (bench/beacons.lua: each from a new visitor) go to each. Floor: the
article through nginx reaches 0.8 of nginx's static file. View counts of the
scaled set-up are checked: counted = acknowledged (plus at most the requests
in flight when wrk stopped). Writes the "Scaled set-up" table of
docs/performance.md.

Needs DATABASE_URL=postgres://... and REDIS_URL (the Makefile target starts
both with scripts/start-scale-services), wrk and nginx.
"""

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import beacons, tools  # noqa: E402
from bench.run import Site, free_port, get, machine, run_rounds  # noqa: E402
from tests.live_site import LiveSite  # noqa: E402
from tests.nginx_site import NginxFront, page_files_env  # noqa: E402

STATIC = "nginx static file (same bytes)"
SINGLE = "newsdesk serve alone (SQLite): article"
SCALED = "scaled, via nginx: article"
SINGLE_BEACON = "newsdesk serve alone (SQLite): view beacon"
SCALED_BEACON = "scaled, via nginx: view beacon"
START = "<!-- bench:scale:start -->"
END = "<!-- bench:scale:end -->"
BEACON_ENV = {
    "NEWSDESK_AUDIENCE_RATE_LIMIT": "0", "NEWSDESK_TRUSTED_PROXIES": "127.0.0.1/32",
}


def scaled_site(nginx_port):
    shared = {
        **BEACON_ENV,
        "NEWSDESK_BASE_URL": f"http://127.0.0.1:{nginx_port}",
        "NEWSDESK_SECRET_KEY": uuid.uuid4().hex * 2,
        "NEWSDESK_CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
        "NEWSDESK_PAGECACHE_NGINX_MICROCACHE": "1",
    }
    a = LiveSite(data_dir=Path(tempfile.mkdtemp(prefix="newsdesk-scale-a-")),
                 extra_env=dict(shared))
    b = LiveSite(data_dir=Path(tempfile.mkdtemp(prefix="newsdesk-scale-b-")),
                 extra_env={**shared, "DATABASE_URL": a.extra_env["DATABASE_URL"]})
    return a, b


def beacon_rounds(targets, args):
    """wrk with bench/beacons.lua against each base URL, interleaved; {name: [figures]}."""
    results = {name: [] for name in targets}
    options = argparse.Namespace(threads=2, connections=args.connections, duration=args.seconds)
    for number in range(args.rounds):
        for name, url in targets.items():
            env = {"BENCH_ARTICLES": "10", "BENCH_ROUND": str(number), "PATH": "/usr/bin:/bin"}
            figures = beacons.wrk(url + "/", options, beacons.LUA, env)
            results[name].append(figures)
            print(f"  round {number + 1} {name:<34} {figures['rps']:>10,.0f} req/s"
                  f"  p50 {figures['p50_ms']:.2f} ms  p99 {figures['p99_ms']:.2f} ms", flush=True)
    return results


def sent_by(url, seconds=1.2):
    """{X-Proxy-Cache: count} of requests over a little more than a second: FILE when nginx
    sent the page newsdesk wrote as a file, HIT from its cache, MISS/EXPIRED from newsdesk."""
    counts = {}
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        _status, headers, _body = get(url)
        source = headers.get("X-Proxy-Cache", "?")
        counts[source] = counts.get(source, 0) + 1
    return counts


def views(site):
    return site.sql("SELECT COALESCE(SUM(view_count), 0) FROM publishing_article")[0][0]


def table(rows, static_rps):
    lines = ["| target | requests/s | p50 ms | p99 ms | of nginx static |",
             "|---|---:|---:|---:|---:|"]
    for name, (rps, p50, p99) in rows.items():
        share = f"{rps / static_rps:.2f}" if static_rps and "beacon" not in name else ""
        lines.append(f"| {name} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {share} |")
    return "\n".join(lines)


def update_docs(path, block):
    text = path.read_text()
    block = f"{START}\n{block}\n{END}"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    path.write_text(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="Length of each wrk run.")
    parser.add_argument("--rounds", type=int, default=3, help="Interleaved rounds.")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections.")
    parser.add_argument("--note", default="", help="A sentence about the machine, for the docs.")
    parser.add_argument("--no-docs", action="store_true", help="Do not rewrite the docs.")
    args = parser.parse_args(argv)
    if not (os.environ.get("DATABASE_URL", "").startswith("postgres")
            and os.environ.get("REDIS_URL")):
        sys.exit("set DATABASE_URL=postgres://... and REDIS_URL (make bench-scale does)")
    tools.ensure_wrk_and_nginx()
    load_before = os.getloadavg()[0]

    print("Preparing the single-process site (SQLite, no Redis)...", flush=True)
    single = Site(workers=2)
    for name in ("DATABASE_URL", "REDIS_URL"):
        single.env.pop(name, None)
    single.env.update(BEACON_ENV)
    single.prepare()
    nginx_port = free_port()
    a, b = scaled_site(nginx_port)
    front = static = None
    try:
        single.start()
        print("Preparing the scaled set-up (PostgreSQL, Redis, nginx, two processes)...",
              flush=True)
        a.prepare()
        b.newsdesk("collectstatic", "--noinput", "-v0")
        # Pages as files for nginx, as docs/deploy.md sets it up (b's are on "its machine").
        snippet = page_files_env(a)
        b.extra_env.update(NEWSDESK_PAGECACHE_FILES_DIR=str(b.data_dir / "pages"),
                           NEWSDESK_PAGECACHE_FILES_HEADERS=str(snippet))
        a.start(workers=1)
        b.start(workers=1)
        front = NginxFront(port=nginx_port, upstream_ports=[a.port, b.port],
                           data_dir=a.data_dir, workers=os.cpu_count() or 2,
                           page_headers=snippet).start()
        scaled_url = front.base_url + single.article_path
        _status, _headers, page = get(scaled_url)
        static_root = Path(tempfile.mkdtemp(prefix="newsdesk-scale-static-"))
        os.chmod(static_root, 0o755)
        (static_root / "article.html").write_bytes(page)
        (static_root / "article.html").chmod(0o644)
        static = tools.Nginx(static_root, free_port(), workers=os.cpu_count() or 2).start()

        targets = {
            STATIC: f"http://127.0.0.1:{static.port}/article.html",
            SINGLE: single.base_url + single.article_path,
            SCALED: scaled_url,
        }
        print(f"Reads: wrk -t2 -c{args.connections} -d{args.seconds}s, {args.rounds} rounds, "
              f"{len(page):,} bytes per page:", flush=True)
        reads = run_rounds(targets, rounds=args.rounds, seconds=args.seconds,
                           connections=args.connections)
        answered_by = sent_by(scaled_url)
        print(f"Who sent the article through nginx, over a second: {answered_by}", flush=True)
        print("View beacons (each from a new visitor):", flush=True)
        before = views(a)
        beacon_results = beacon_rounds(
            {SINGLE_BEACON: single.base_url, SCALED_BEACON: front.base_url}, args)
        a.newsdesk("flush-counts")  # the views still on their way from Redis (< 1 s)
        counted = views(a) - before
    finally:
        for server in (front, static):
            if server:
                server.stop()
        single.stop()
        a.stop()
        b.stop()
        a.drop_database()
        for directory in (single.data_dir, a.data_dir, b.data_dir):
            shutil.rmtree(directory, ignore_errors=True)

    rows = {}
    for name, runs in reads.items():
        rows[name] = (statistics.median(r["requests_per_second"] for r in runs),
                      statistics.median(r["p50_ms"] for r in runs),
                      statistics.median(r["p99_ms"] for r in runs))
    for name, runs in beacon_results.items():
        rows[name] = (statistics.median(r["rps"] for r in runs),
                      statistics.median(r["p50_ms"] for r in runs),
                      statistics.median(r["p99_ms"] for r in runs))
    scaled_runs = beacon_results[SCALED_BEACON]
    acknowledged = sum(r["requests"] - r["status_errors"] for r in scaled_runs)
    in_flight = args.connections * args.rounds
    exact = acknowledged <= counted <= acknowledged + in_flight
    static_rps = rows[STATIC][0]
    share = rows[SCALED][0] / static_rps
    info = machine()
    summary = table(rows, static_rps)
    verdict = (f"Article through nginx: **{share:.2f}** of nginx's static file (floor 0.8: "
               f"{'met' if share >= 0.8 else 'NOT met'}). Views through nginx: {acknowledged:,} "
               f"beacons acknowledged, {counted:,} counted "
               f"({'exact' if exact else 'NOT EXACT'}; at most {in_flight} more may have been "
               "in flight when wrk stopped).")
    print()
    print(summary)
    print(verdict)
    if not args.no_docs:
        note = f" {args.note}" if args.note else ""
        block = "\n".join([
            f"Measured by `make bench-scale` on {info['cores']} cores ({info['cpu']}), Python "
            f"{info['python']}; load average {load_before:.1f} before and "
            f"{os.getloadavg()[0]:.1f} after the run.{note} wrk -t2 -c{args.connections} "
            f"-d{args.seconds}s, {args.rounds} interleaved rounds, medians.",
            "",
            summary,
            "",
            verdict,
        ])
        update_docs(ROOT / "docs" / "performance.md", block)
        print("\nWrote the \"Scaled set-up\" table in docs/performance.md.")


if __name__ == "__main__":
    main()
