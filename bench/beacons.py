"""Benchmark: view beacons per second through `newsdesk serve`, beside a trivial endpoint.

Not a test: it prints figures and never fails on them. It starts the default
`newsdesk serve` (2 workers) on a copy of the demo site, then drives, in the
same run and interleaved, the trivial JSON endpoint `/api/audience/ping/` and
the counting endpoint `/api/audience/view/` with wrk (Debian package `wrk`) at
the same connections and duration, and prints requests per second, latency
and the ratio beacons / trivial (floor: 0.5).

Each beacon comes from a new visitor (its own X-Forwarded-For address, as
behind nginx; a handful of common browsers' user agents), so every one is a
real counted view: a visitor mark, a daily row update and an article total
in the database. Totals are checked at the end: the views counted must equal
the beacons wrk saw acknowledged (plus at most the requests still in flight
when wrk stopped), and a final fixed-count run from Python must add exactly
its number.

    .venv/bin/python bench/beacons.py [--rounds 3] [--duration 5] [--connections 32]
"""

import argparse
import http.client
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.audience.conf import SETTINGS  # noqa: E402
from tests.live_site import LiveSite  # noqa: E402

DEFAULT_BUFFER_MS = int(SETTINGS.settings["BUFFER_SECONDS"].default * 1000)

LUA = Path(__file__).with_name("beacons.lua")
ARTICLES = 10
EXACT_RUN = 2000
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def wrk(url, args, script=None, env=None):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
               "--latency"]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run(command + [url], capture_output=True, text=True, env=env,
                            check=True)
    out = result.stdout
    figures = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "duration": float(re.search(r"requests in ([\d.]+)s", out).group(1)),
        "p50_ms": _latency(out, "50%"),
        "p99_ms": _latency(out, "99%"),
        "non_2xx": int(m.group(1)) if (m := re.search(r"Non-2xx.*?:\s+(\d+)", out)) else 0,
    }
    if script:
        figures.update(json.loads(out.strip().splitlines()[-1]))
    return figures


def _latency(out, percentile):
    match = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)\b", out)
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def server_cpu_seconds(site):
    """User + system CPU time used so far by `newsdesk serve` and its worker processes."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = {site.process.pid}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == site.process.pid:
                pids.add(int(entry.name))
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def measured(site, run):
    """Run a wrk measurement and add the server's CPU time per request to it."""
    before = server_cpu_seconds(site)
    figures = run()
    served = figures.get("requests") or figures["rps"] * figures["duration"]
    figures["cpu_us"] = (server_cpu_seconds(site) - before) / served * 1e6
    return figures


def counted_views(site):
    with sqlite3.connect(f"file:{site.data_dir / 'newsdesk.sqlite3'}?mode=ro", uri=True) as db:
        return db.execute("SELECT SUM(view_count) FROM publishing_article").fetchone()[0]


def exact_run(site, count):
    """Send `count` beacons of distinct visitors from 16 keep-alive clients; return acks."""
    def client(offset):
        connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=60)
        acknowledged = 0
        for n in range(offset, count, 16):
            body = json.dumps({"article": n % ARTICLES + 1})
            connection.request("POST", "/api/audience/view/", body, {
                "Content-Type": "application/json", "User-Agent": BROWSER,
                "X-Forwarded-For": f"192.0.{n // 256 % 256}.{n % 256}",
            })
            response = connection.getresponse()
            acknowledged += response.status == 200 and json.loads(response.read())["counted"]
        connection.close()
        return acknowledged

    with ThreadPoolExecutor(16) as pool:
        return sum(pool.map(client, range(16)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="Interleaved rounds (default 3).")
    parser.add_argument("--duration", type=int, default=5, help="Seconds per wrk run.")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections.")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--workers", type=int, default=2, help="newsdesk serve workers.")
    parser.add_argument(
        "--buffer-ms", type=int, default=DEFAULT_BUFFER_MS,
        help=f"NEWSDESK_AUDIENCE_BUFFER_SECONDS for the server, in ms "
             f"(default {DEFAULT_BUFFER_MS}; "
             "0: every view answered after its commit).",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    data_dir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-beacons-"))
    site = LiveSite(data_dir=data_dir, extra_env={
        # One machine sends everything: no per-address limit; 127.0.0.1 is "the proxy".
        "NEWSDESK_AUDIENCE_RATE_LIMIT": "0", "NEWSDESK_TRUSTED_PROXIES": "127.0.0.1",
        "NEWSDESK_AUDIENCE_BUFFER_SECONDS": f"{args.buffer_ms}ms",
    })
    try:
        site.prepare()
        site.start(workers=args.workers)
        ping_url = f"{site.base_url}/api/audience/ping/"
        env = {"BENCH_ARTICLES": str(ARTICLES), "PATH": "/usr/bin:/bin"}
        # Warm both paths (imports, connections, SQLite pages) outside the figures.
        wrk(ping_url, argparse.Namespace(**{**vars(args), "duration": 1}))
        wrk(site.base_url + "/", argparse.Namespace(**{**vars(args), "duration": 1}), LUA,
            {**env, "BENCH_ROUND": "19"})
        time.sleep(2)  # let the warm-up's last requests finish before counting

        before = counted_views(site)
        pings, beacons = [], []
        for round_number in range(args.rounds):
            pings.append(measured(site, lambda: wrk(ping_url, args)))
            beacons.append(measured(site, lambda n=round_number: wrk(
                site.base_url + "/", args, LUA, {**env, "BENCH_ROUND": str(n)})))
        time.sleep(2 + args.buffer_ms / 1000)
        wrk_counted = counted_views(site) - before
        acknowledged = sum(b["requests"] - b["status_errors"] for b in beacons)
        in_flight_bound = args.connections * args.rounds

        before_exact = counted_views(site)
        exact_acks = exact_run(site, EXACT_RUN)
        time.sleep(1 + args.buffer_ms / 1000)
        exact_counted = counted_views(site) - before_exact
    finally:
        site.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

    ping_rps = statistics.median(p["rps"] for p in pings)
    beacon_rps = statistics.median(b["rps"] for b in beacons)
    mode = (f"buffered {args.buffer_ms} ms" if args.buffer_ms
            else "answered after the commit (group commit)")
    print(f"views {mode}")
    print(f"newsdesk serve, {args.workers} workers; wrk -t{args.threads} -c{args.connections} "
          f"-d{args.duration}s, {args.rounds} interleaved rounds (medians)")
    print(f"{'endpoint':<28}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'server CPU/req':>16}")
    for name, runs, rps in (("GET /api/audience/ping/", pings, ping_rps),
                            ("POST /api/audience/view/", beacons, beacon_rps)):
        print(f"{name:<28}{rps:>10,.0f}{statistics.median(r['p50_ms'] for r in runs):>9.2f}"
              f"{statistics.median(r['p99_ms'] for r in runs):>9.2f}"
              f"{statistics.median(r['cpu_us'] for r in runs):>13,.0f} us")
    print(f"ratio beacons / trivial endpoint: {beacon_rps / ping_rps:.2f} (floor 0.50)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    errors = sum(b["non_2xx"] + b["connect"] + b["read"] + b["write"] + b["timeout"]
                 for b in beacons)
    exact_during_wrk = acknowledged <= wrk_counted <= acknowledged + in_flight_bound
    print(f"wrk: {acknowledged:,} beacons acknowledged, {wrk_counted:,} views counted "
          f"(at most {in_flight_bound} more may have been in flight when wrk stopped), "
          f"{errors} errors: {'exact' if exact_during_wrk and not errors else 'NOT EXACT'}")
    print(f"fixed run: {exact_acks:,} of {EXACT_RUN:,} acknowledged, {exact_counted:,} counted: "
          f"{'exact' if exact_acks == exact_counted == EXACT_RUN else 'NOT EXACT'}")


if __name__ == "__main__":
    main()
