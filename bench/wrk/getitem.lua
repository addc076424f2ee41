-- GetItem over the keys bench/preload.py wrote (key-0 .. key-N-1), each thread from its own offset.
-- wrk -s getitem.lua URL -- TABLE KEY_COUNT
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
common.install()

local headers = common.dynamodb_headers("GetItem")
local body = '{"TableName":"%s","Key":{"pk":{"S":"key-%d"}}}'
local table_name = "bench"
local key_count = 1000
local next_key = 0

function init(args)
  table_name = args[1] or table_name
  key_count = tonumber(args[2]) or key_count
  next_key = (thread_id * 7919) % key_count
end

function request()
  next_key = (next_key + 1) % key_count
  return wrk.format("POST", "/", headers, string.format(body, table_name, next_key))
end
