-- wrk script: optional POST body, and a one-line JSON summary at the end.
--
-- WRK_METHOD (e.g. POST) and WRK_BODY_FILE (a file holding the request body) turn the
-- request into that method with a JSON body. done() prints a line starting "BENCH_JSON "
-- with the request count, duration, bytes, errors and latency percentiles (microseconds).

local method = os.getenv("WRK_METHOD")
local body_file = os.getenv("WRK_BODY_FILE")

if method and method ~= "" then
  wrk.method = method
end
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max
  ))
end
