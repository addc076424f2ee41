-- Shared by the wrk scripts: DynamoDB's JSON 1.0 request headers, a count of non-200 answers per
-- thread, and one machine-readable result line (BENCH ...) for bench/run.sh.
local common = {}

local threads = {}

-- A SigV4 header in the shape SDKs send; neither emulator checks the signature.
local authorization = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, "
  .. "SignedHeaders=host, Signature=abc"

function common.dynamodb_headers(operation)
  return {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "DynamoDB_20120810." .. operation,
    ["X-Amz-Date"] = "20260101T000000Z",
    ["Authorization"] = authorization,
  }
end

-- Kinesis's JSON 1.1 request headers, signed for the kinesis service the same way.
function common.kinesis_headers(operation)
  return {
    ["Content-Type"] = "application/x-amz-json-1.1",
    ["X-Amz-Target"] = "Kinesis_20131202." .. operation,
    ["X-Amz-Date"] = "20260101T000000Z",
    ["Authorization"] = authorization:gsub("/dynamodb/", "/kinesis/"),
  }
end

-- Runs in the main Lua state, once per thread: numbers the threads and keeps them for done().
function common.setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

errors = 0

-- Runs in each thread: anything but 200 is an error; the first few are printed as they come.
function common.response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 3 then
      io.stderr:write(string.format("non-200 answer: %d %s\n", status, body or ""))
    end
  end
end

function common.done(summary, latency, requests)
  local non_200 = 0
  for _, thread in ipairs(threads) do
    non_200 = non_200 + (thread:get("errors") or 0)
  end
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("BENCH requests=%d rps=%.1f p50_us=%d p99_us=%d errors=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50),
    latency:percentile(99), non_200, socket_errors))
end

-- Makes the common functions the script's own (wrk looks them up as globals).
function common.install()
  setup = common.setup
  response = common.response
  done = common.done
end

return common
