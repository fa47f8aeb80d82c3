-- wrk script for bench/beacons.py: POST view beacons, each from a new visitor.
-- Visitors differ by address (X-Forwarded-For, as nginx sends it; the benchmark's
-- server trusts 127.0.0.1 as its proxy) and use a few common browsers' user agents.
-- Articles 1..BENCH_ARTICLES in turn. At the end, one JSON line with the counts.
local articles = tonumber(os.getenv("BENCH_ARTICLES") or "10")
-- Each run of wrk gets its own first octet, so no visitor comes back in a later round.
local round = tonumber(os.getenv("BENCH_ROUND") or "0")
local agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
}
local threads = {}
local counter = 0
local thread_number = 0

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

function init(args)
  thread_number = tonumber(wrk.thread:get("number")) or 0
end

function request()
  counter = counter + 1
  local body = string.format('{"article":%d,"referrer":"https://example.org/page"}',
    (counter % articles) + 1)
  local address = string.format("%d.%d.%d.%d", 10 + round * 8 + thread_number,
    math.floor(counter / 65536) % 256, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", "/api/audience/view/", {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = agents[(counter % #agents) + 1],
    ["X-Forwarded-For"] = address,
  }, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "status_errors": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
