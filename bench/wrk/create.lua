-- POST a create with a unique Idempotency-Key per request (thread id + counter + run id).
local body = os.getenv("BENCH_BODY")
local auth = os.getenv("BENCH_AUTH")
local run = os.getenv("BENCH_RUN_ID") or "run"
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)  -- a global in that thread
end

function request()
  counter = counter + 1
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. auth,
                   ["Idempotency-Key"] = run .. "-" .. tostring(tid) .. "-" .. counter}
  return wrk.format("POST", nil, headers, body)
end
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
