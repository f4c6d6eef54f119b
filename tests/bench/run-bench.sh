#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmark of the account service (issue 3). Needs wrk, nginx and
# python3 (Debian: apt-get install wrk nginx-light python3). Run from the
# source tree after building:
#
#   meson setup _build-bench --buildtype=release -Dtests=false
#   meson compile -C _build-bench src/service/xuexin-accountd
#   tests/bench/run-bench.sh _build-bench
#
# Environment: DURATION (default 20s), CONNECTIONS (default 32),
# THREADS (wrk threads, default 2), HASH_THREADS (default: processors).
set -euo pipefail

BUILD=${1:-_build-bench}
ACCOUNTD=$BUILD/src/service/xuexin-accountd
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
CORES=$(nproc)
HASH_THREADS=${HASH_THREADS:-$CORES}
SERVICE_PORT=18470
NGINX_PORT=18480
BASE=http://127.0.0.1:$SERVICE_PORT/api/v1
PHONE=13800138000
PASSWORD='Bench#password2024'
export LOGIN=$PHONE PASSWORD

for tool in wrk nginx python3 curl; do
  command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/xuexin-bench-XXXXXX)
cleanup () {
  [ -n "${SERVICE_PID:-}" ] && kill "$SERVICE_PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== machine: $CORES cores, $(uname -r), hash threads $HASH_THREADS"

# The service, default (interactive) Argon2id limits, codes to an outbox.
"$ACCOUNTD" --port $SERVICE_PORT --data-dir "$WORK/data" --delivery outbox \
  --outbox-file "$WORK/outbox.jsonl" --hash-threads "$HASH_THREADS" \
  > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 50); do curl -sf $BASE/health >/dev/null && break; sleep 0.1; done

# One account and one session.
ID=$(python3 - <<'PY'
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
first17 = "11010119900307123"
print(first17 + "10X98765432"[sum(int(c) * k for c, k in zip(first17, w)) % 11])
PY
)
curl -sf -X POST $BASE/sms-codes -d "{\"purpose\": \"register\", \"phone\": \"$PHONE\"}" >/dev/null
CODE=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readlines()[-1])["code"])' \
       "$WORK/outbox.jsonl")
curl -sf -X POST $BASE/accounts -d "{\"phone\": \"$PHONE\", \"sms_code\": \"$CODE\", \
  \"password\": \"$PASSWORD\", \"password_confirmation\": \"$PASSWORD\", \
  \"name\": \"测试用户\", \"id_number\": \"$ID\"}" >/dev/null
TOKEN=$(curl -sf -X POST $BASE/sessions \
          -d "{\"login_name\": \"$PHONE\", \"password\": \"$PASSWORD\"}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -sf -H "Authorization: Bearer $TOKEN" $BASE/me > "$WORK/me.json"

# nginx serving the same JSON as a static file.
mkdir -p "$WORK/www"
cp "$WORK/me.json" "$WORK/www/me.json"
cat > "$WORK/nginx.conf" <<NGINX
worker_processes $CORES;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location / { default_type application/json; }
  }
}
NGINX
nginx -c "$WORK/nginx.conf" -p "$WORK"
sleep 0.5

echo
echo "== 1. cheap authenticated GET: service vs nginx static file"
wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency \
  -H "Authorization: Bearer $TOKEN" $BASE/me | tee "$WORK/get.txt"
wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency \
  http://127.0.0.1:$NGINX_PORT/me.json | tee "$WORK/nginx.txt"

echo
echo "== 2. one hash: sequential sign-ins"
ONE=$(python3 - "$BASE" "$PHONE" "$PASSWORD" <<'PY'
import json, sys, time, urllib.request
base, phone, password = sys.argv[1:4]
body = json.dumps({"login_name": phone, "password": password}).encode()
times = []
for _ in range(20):
    t = time.perf_counter()
    urllib.request.urlopen(urllib.request.Request(base + "/sessions", body,
                           {"Content-Type": "application/json"})).read()
    times.append(time.perf_counter() - t)
times.sort()
print("%.4f" % times[len(times) // 2])
PY
)
echo "median sign-in latency (≈ one Argon2id hash): ${ONE}s"
python3 -c "print('hashing limit: %.1f sign-ins/s (%d cores / %ss)' % ($HASH_THREADS / $ONE, $HASH_THREADS, '$ONE'))"

echo
echo "== 3. sign-ins per second"
wrk -t$THREADS -c$((HASH_THREADS * 2)) -d$DURATION -s tests/bench/signin.lua \
  $BASE/sessions | tee "$WORK/signin.txt"

echo
echo "== 4. p99 of the cheap GET while sign-ins saturate the hashing threads"
wrk -t1 -c$((HASH_THREADS * 2)) -d$DURATION -s tests/bench/signin.lua \
  $BASE/sessions > "$WORK/signin-bg.txt" &
BG=$!
sleep 1
wrk -t1 -c8 -d10s --latency -H "Authorization: Bearer $TOKEN" $BASE/me | tee "$WORK/get-under-load.txt"
wait $BG

echo
echo "== summary"
python3 - "$WORK" "$HASH_THREADS" "$ONE" <<'PY'
import re, sys
work, hash_threads, one = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
def rps(name):
    return float(re.search(r"Requests/sec:\s+([\d.]+)", open(f"{work}/{name}").read()).group(1))
def p99(name):
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)", open(f"{work}/{name}").read())
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
get, static = rps("get.txt"), rps("nginx.txt")
signins = rps("signin.txt")
limit = hash_threads / one
print(f"GET /me {get:.0f} req/s vs nginx {static:.0f} req/s: {get / static:.2f}x (goal >= 0.5x)")
print(f"sign-ins {signins:.1f}/s vs limit {limit:.1f}/s: {signins / limit:.2f}x (goal >= 0.9x)")
print(f"p99 GET /me under sign-in load: {p99('get-under-load.txt'):.2f} ms (goal < 10 ms)")
PY
