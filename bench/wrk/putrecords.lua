-- Kinesis PutRecords (JSON 1.1): 500 records of 1 KB each per request (bench/run.sh turns
-- requests/s into MB/s of record data).
-- wrk -s putrecords.lua URL -- STREAM RUN_TAG
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
common.install()

local headers = common.kinesis_headers("PutRecords")
local data = string.rep("QUJD", 342):sub(1, 1368)  -- base64 of 1026 bytes
local stream = "bench-stream"
local run_tag = "run"
local counter = 0

function init(args)
  stream = args[1] or stream
  run_tag = args[2] or tostring(os.time())
end

function request()
  counter = counter + 1
  local records = {}
  for i = 1, 500 do
    records[i] = string.format('{"PartitionKey":"%s-%d-%d-%d","Data":"%s"}', run_tag, thread_id, counter, i, data)
  end
  local body = string.format('{"StreamName":"%s","Records":[%s]}', stream, table.concat(records, ","))
  return wrk.format("POST", "/", headers, body)
end
