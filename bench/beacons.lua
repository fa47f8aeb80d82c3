-- wrk script: POST view beacons, each from a new "visitor" (a distinct user agent),
-- spread over ARTICLES article ids (1..ARTICLES). Used by bench/beacons.py.
local articles = tonumber(os.getenv("BENCH_ARTICLES") or "10")
local threads = {}
local counter = 0
local prefix = "0"

function setup(thread)
  thread:set("prefix", tostring(#threads))
  table.insert(threads, thread)
end

function init(args)
  prefix = wrk.thread:get("prefix") or "0"
end

function request()
  counter = counter + 1
  local body = string.format('{"article":%d,"referrer":"https://example.org/page"}',
    (counter % articles) + 1)
  return wrk.format("POST", "/api/audience/view/", {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0 bench/" .. prefix .. "-" .. counter,
  }, body)
end
