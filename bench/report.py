"""Turn the benchmark's raw figures into medians, ratios, floors and a Markdown table."""

import re
import statistics

NGINX = "nginx static file"
PING = "newsdesk /api/ping"
HIT = "newsdesk article (hit)"
START = "<!-- bench:page-serving:start -->"
END = "<!-- bench:page-serving:end -->"


def summarise(results):
    rows = {}
    for name, runs in results.get("wrk", {}).items():
        rows[name] = {
            "requests_per_second": round(statistics.median(r["requests_per_second"] for r in runs)),
            "p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 2),
            "p99_ms": round(statistics.median(r["p99_ms"] for r in runs), 2),
            "p99_worst_ms": round(max(r["p99_ms"] for r in runs), 2),
        }
    nginx = rows.get(NGINX, {}).get("requests_per_second")
    for row in rows.values():
        row["of_nginx"] = round(row["requests_per_second"] / nginx, 3) if nginx else None
    floors = []

    def floor(what, value, target, ok):
        floors.append({"what": what, "value": value, "floor": target,
                       "met": None if value is None else bool(ok)})

    hit = rows.get(HIT, {})
    ping = rows.get(PING, {})
    floor("warm article, share of nginx's requests/s", hit.get("of_nginx"), ">= 0.35",
          (hit.get("of_nginx") or 0) >= 0.35)
    floor("warm article, share of the framework-free ping", ping and hit and round(
        hit["requests_per_second"] / ping["requests_per_second"], 3), ">= 0.7 (guide)",
        ping and hit and hit["requests_per_second"] / ping["requests_per_second"] >= 0.7)
    visit = results.get("first_visit", {})
    floor("article first visit, requests (HTML + CSS + JS + beacon)", visit.get("requests"),
          "<= 4", (visit.get("requests") or 99) <= 4)
    floor("article first visit, bytes transferred with gzip", visit.get("gzip_bytes"),
          "<= 30,720", (visit.get("gzip_bytes") or 1e9) <= 30 * 1024)
    floor("warm article p99 at 32 connections (ms)", hit.get("p99_ms"), "< 20",
          (hit.get("p99_ms") or 1e9) < 20)
    miss = results.get("miss", {}).get("server_render_median_ms")
    floor("cache miss, median render (ms)", miss, "< 30", miss is not None and miss < 30)
    cold = results.get("cold_start_s")
    floor("cold start, command to first 200 (s)", cold, "< 3", cold is not None and cold < 3)
    memory = results.get("memory", {}).get("peak_tree_mb")
    floor("peak memory, whole process tree (MB)", memory, "< 250",
          memory is not None and memory < 250)
    lighthouse = results.get("lighthouse", {})
    score = lighthouse.get("performance")
    floor("Lighthouse performance, mobile", score if score is not None
          else lighthouse.get("error"), "100", score == 100)
    return {"rows": rows, "floors": floors}


def _format(value):
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(summary):
    lines = [
        "| target | requests/s (median) | p50 ms | p99 ms (median / worst) | share of nginx |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in summary["rows"].items():
        lines.append(
            f"| {name} | {row['requests_per_second']:,} | {row['p50_ms']:.2f} | "
            f"{row['p99_ms']:.2f} / {row['p99_worst_ms']:.2f} | {_format(row['of_nginx'])} |"
        )
    lines += ["", "| figure | measured | floor | met |", "|---|---:|---:|:---:|"]
    for item in summary["floors"]:
        met = {True: "yes", False: "**no**", None: "n/a"}[item["met"]]
        lines.append(f"| {item['what']} | {_format(item['value'])} | {item['floor']} | {met} |")
    return "\n".join(lines)


def update_docs(path, results, note=""):
    """Replace the generated part of docs/performance.md's "Page serving" section."""
    machine = results["machine"]
    miss = results.get("miss", {})
    memory = results.get("memory", {})
    lighthouse = results.get("lighthouse", {})
    settings = results["settings"]
    busy = machine["load_average"][0] > (machine["cores"] or 1)
    lines = [
        START,
        f"Measured by `make bench` on {machine['cores']} cores ({machine['cpu']}), "
        f"Python {machine['python']}; load average {machine['load_average'][0]} before and "
        f"{machine['load_average_after'][0]} after the run. "
        f"wrk -t2 -c{settings['connections']} -d{settings['seconds']}s, "
        f"{settings['rounds']} interleaved rounds, {results.get('page_bytes', 0):,}-byte page "
        "(identity: wrk sends no Accept-Encoding).",
    ]
    if note or busy:
        lines += ["", f"**Note:** {note or 'the machine was busy with other work during this run'}"
                  "; the figures are noisy and lower than on a quiet machine."]
    lines += ["", table(results["summary"]), ""]
    lines.append(
        f"Cache miss: median render {miss.get('server_render_median_ms')} ms on the server "
        f"(`Server-Timing`, render + compress + store), {miss.get('client_median_ms')} ms "
        f"end to end, p90 {miss.get('client_p90_ms')} ms, over {miss.get('samples')} misses. "
        f"Memory: {memory.get('processes')} processes, peak {memory.get('peak_tree_mb')} MB "
        f"together, largest one {memory.get('peak_process_mb')} MB."
    )
    if lighthouse.get("performance") is not None:
        lines.append(
            f"Lighthouse {lighthouse['version']} ({lighthouse['form_factor']}, median of "
            f"{len(lighthouse.get('scores', [1]))} runs scoring {lighthouse.get('scores')}): "
            f"performance {lighthouse['performance']}, "
            f"FCP {lighthouse['first_contentful_paint_ms']:.0f} ms, "
            f"LCP {lighthouse['largest_contentful_paint_ms']:.0f} ms, TBT "
            f"{lighthouse['total_blocking_time_ms']:.0f} ms, CLS "
            f"{lighthouse['cumulative_layout_shift']:.3f}."
        )
    elif lighthouse.get("error"):
        lines.append(f"Lighthouse did not run: {lighthouse['error']}")
    lines.append(END)
    block = "\n".join(lines)
    text = path.read_text() if path.exists() else ""
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    path.write_text(text)
