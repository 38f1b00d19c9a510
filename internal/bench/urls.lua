-- wrk script: walk a list of distinct catalogue URLs (one path per line).
--   wrk -t2 -c8 -d20s -s urls.lua http://127.0.0.1:PORT -- URLFILE THREADS
-- Thread k of THREADS asks lines k+1, k+1+THREADS, ... so no two threads ask the same URL;
-- a thread that reaches the end of the list starts over, and done() reports how many
-- distinct URLs were asked against the total, so the share of cache hits is known.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2] or "1")
  local all = {}
  for line in io.lines(file) do
    if #line > 0 then all[#all + 1] = line end
  end
  paths = {}
  for i = id + 1, #all, nthreads do paths[#paths + 1] = all[i] end
  slice = #paths
  reqs = 0
end

function request()
  reqs = reqs + 1
  return wrk.format(nil, paths[(reqs - 1) % slice + 1])
end

function done(summary, latency, requests)
  local asked, distinct = 0, 0
  for _, t in ipairs(threads) do
    local r, n = t:get("reqs"), t:get("slice")
    asked = asked + r
    distinct = distinct + math.min(r, n)
  end
  -- asked counts requests still in flight when wrk stopped; those were never answered
  distinct = math.min(distinct, summary.requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d asked=%d distinct=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.timeout, e.status, asked, distinct))
end
