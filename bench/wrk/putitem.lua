-- PutItem with a new key on every request: each one is a durable insert, never an overwrite.
-- wrk -s putitem.lua URL -- TABLE RUN_TAG
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
common.install()

local headers = common.dynamodb_headers("PutItem")
local body = '{"TableName":"%s","Item":{"pk":{"S":"%s-%d-%d"},"name":{"S":"bench item"},'
  .. '"count":{"N":"%d"}}}'
local table_name = "bench"
local run_tag = "run"
local counter = 0

function init(args)
  table_name = args[1] or table_name
  run_tag = args[2] or tostring(os.time())
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/", headers, string.format(body, table_name, run_tag, thread_id,
    counter, counter))
end
