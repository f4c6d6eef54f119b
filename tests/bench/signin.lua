-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: POST /api/v1/sessions with the benchmark account.
-- LOGIN and PASSWORD come from the environment (see run-bench.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"login_name": "%s", "password": "%s"}',
                         os.getenv("LOGIN"), os.getenv("PASSWORD"))

local non_2xx = 0

response = function (status, headers, body)
  if status ~= 201 then
    non_2xx = non_2xx + 1
  end
end

done = function (summary, latency, requests)
  io.write(string.format("sign-ins/s: %.1f\n", summary.requests / (summary.duration / 1e6)))
end
