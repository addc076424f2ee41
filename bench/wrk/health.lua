-- The ceiling: a static answer (GET /_streamstack/health) through the same HTTP stack, so every
-- other figure can be read as a share of what the server's HTTP path alone can do.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
common.install()

local health = wrk.format("GET", "/_streamstack/health")

function request()
  return health
end
