-- wrk script: POST a body from $BODY_FILE, count responses by status, print them at the end.
-- $CONTENT_TYPE (default application/json), $ACCEPT and $ACCEPT_ENCODING (unset: none) set those headers.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  counts = {}
  local f = assert(io.open(os.getenv("BODY_FILE"), "rb")); body = f:read("*a"); f:close()
  wrk.method = "POST"; wrk.body = body
  wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"
  if os.getenv("ACCEPT") then wrk.headers["Accept"] = os.getenv("ACCEPT") end
  if os.getenv("ACCEPT_ENCODING") then wrk.headers["Accept-Encoding"] = os.getenv("ACCEPT_ENCODING") end
end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("status %d: %d\n", k, v)) end
  io.write(string.format("p50_ms %.2f p99_ms %.2f max_ms %.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
