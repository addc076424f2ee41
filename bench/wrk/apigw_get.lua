-- A GET through API Gateway's Lambda proxy to the seed's get handler, over preloaded keys of
-- stream-demo-table (itemKey key-0 .. key-N-1).
-- wrk -s apigw_get.lua URL -- API_ID KEY_COUNT
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
common.install()

local api = "gethandler"
local key_count = 1000
local next_key = 0

function init(args)
  api = args[1] or api
  key_count = tonumber(args[2]) or key_count
  next_key = (thread_id * 7919) % key_count
end

function request()
  next_key = (next_key + 1) % key_count
  return wrk.format("GET", string.format("/restapis/%s/prod/_user_request_/?itemKey=key-%d", api, next_key))
end
