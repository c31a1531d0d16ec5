-- wrk script: each request is a quick scan response (a councillor answering the first theme and grading it), with
-- its own Idempotency-Key as the widget sends one. Arguments after `--`: the path to POST to, and a run number.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  scan_path = args[1] or wrk.path
  run_number = tonumber(args[2] or "0")
end

local roles = { "inwoner", "raadslid", "collegelid", "ambtenaar", "anders" }
local answers = { "strongly_disagree", "disagree", "neutral", "agree", "strongly_agree", "dont_know" }

function request()
  counter = counter + 1
  local role = roles[(counter % #roles) + 1]
  local a = answers[(counter % #answers) + 1]
  local body = '{"role":"' .. role .. '","statements":{"raad-koers":"' .. a .. '","raad-controle":"agree",'
    .. '"inw-optijd":"' .. a .. '","wb-veilig":"neutral"},"grades":{"gemeenteraad":7},"fill_seconds":240}'
  local headers = { ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-qs-%08x%08x%016x", run_number, thread_number, counter) }
  return wrk.format("POST", scan_path, headers, body)
end
