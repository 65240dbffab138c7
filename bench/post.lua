-- wrk script for workload C: POST /api/echo with a ~1 KB JSON body.
--
--   wrk -s bench/post.lua http://127.0.0.1:PORT/api/echo
--
-- The body is read once from payload.json, found (in this order) at the path in
-- the BENCH_PAYLOAD environment variable or next to this script. The trailing
-- newline of the file is stripped so the body is exactly one JSON document.

local function script_dir()
  local src = debug.getinfo(1, "S").source
  if src:sub(1, 1) == "@" then
    local dir = src:sub(2):match("^(.*)/[^/]*$")
    if dir then return dir end
  end
  return "."
end

local path = os.getenv("BENCH_PAYLOAD") or (script_dir() .. "/payload.json")
local f, err = io.open(path, "rb")
if not f then
  error("post.lua: cannot open payload " .. path .. ": " .. tostring(err))
end
local body = f:read("*a"):gsub("%s+$", "")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
