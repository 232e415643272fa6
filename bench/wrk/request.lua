-- GET or POST a fixed request; BENCH_METHOD, BENCH_BODY and BENCH_AUTH from the environment.
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
wrk.method = method
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = "Bearer " .. auth end
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
