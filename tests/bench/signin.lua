-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: POST /api/v1/sessions with the benchmark account.
-- LOGIN and PASSWORD come from the environment (see run-bench.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"login_name": "%s", "password": "%s"}',
                         os.getenv("LOGIN"), os.getenv("PASSWORD"))

-- Each wrk thread has its own Lua state; done() reads their counters.
local threads = {}

function setup (thread)
  table.insert(threads, thread)
end

function init (args)
  not_created = 0
end

function response (status, headers, body)
  if status ~= 201 then
    not_created = not_created + 1
  end
end

function done (summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("not_created")
  end
  io.write(string.format("sign-ins/s: %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("sign-ins not 201: %d\n", failed))
end
