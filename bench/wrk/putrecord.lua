-- Kinesis PutRecord (JSON 1.1), 100 bytes of data, a new partition key per request.
-- wrk -s putrecord.lua URL -- STREAM RUN_TAG
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
common.install()

local headers = common.kinesis_headers("PutRecord")
local body = '{"StreamName":"%s","PartitionKey":"%s-%d-%d","Data":"%s"}'
local data = string.rep("QUJD", 34):sub(1, 136)  -- base64 of 102 bytes
local stream = "bench-stream"
local run_tag = "run"
local counter = 0

function init(args)
  stream = args[1] or stream
  run_tag = args[2] or tostring(os.time())
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/", headers, string.format(body, stream, run_tag, thread_id, counter, data))
end
