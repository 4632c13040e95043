-- wrk script shared by the drills. Cycles through the paths in DRILL_PATHS
-- (space-separated; default: the URL's own path), counts 503 answers (load
-- shed or database down), and prints one machine-readable line at the end.
local threads = {}
local paths = {}
for p in string.gmatch(os.getenv("DRILL_PATHS") or "", "%S+") do
  table.insert(paths, p)
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  shed = 0
  at = 0
end

function request()
  if #paths == 0 then
    return wrk.format()
  end
  at = at % #paths + 1
  return wrk.format(nil, paths[at])
end

function response(status, headers, body)
  if status == 503 then
    shed = shed + 1
  end
end

function done(summary, latency, requests)
  local s = 0
  for _, t in ipairs(threads) do
    s = s + t:get("shed")
  end
  local e = summary.errors
  io.write(string.format(
    "DRILL requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d connect=%d read=%d write=%d timeout=%d non2xx=%d shed=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.timeout, e.status, s))
end
