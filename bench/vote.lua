-- wrk script: each request is a vote by a new voter (run, thread and counter in the id), so every vote is stored,
-- with its own Idempotency-Key as the widget sends one.
-- Arguments after `--`: the path to POST to, and a run number that keeps voter ids apart between runs.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  poll_path = args[1] or wrk.path
  run_number = tonumber(args[2] or "0")
end

function request()
  counter = counter + 1
  local voter = string.format("%08x%08x%016x", run_number, thread_number, counter)
  local body = '{"choices":["ja"],"voter":"' .. voter .. '"}'
  -- As the widget does: every vote carries an Idempotency-Key, which costs a lookup and a stored answer.
  local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "bench-" .. voter }
  return wrk.format("POST", poll_path, headers, body)
end
