#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmark of the account service (issue 3). Needs wrk, nginx, curl and
# python3 (Debian: apt-get install wrk nginx-light python3 curl). Run from
# the source tree after building:
#
#   meson setup _build-bench --buildtype=release -Dtests=false
#   ninja -C _build-bench src/service/xuexin-accountd
#   tests/bench/run-bench.sh _build-bench
#
# Environment: DURATION (default 20s), CONNECTIONS (default 32),
# THREADS (wrk threads, default 2), HASH_THREADS (default: processors),
# SERVER_THREADS (default: the service's default, half the processors),
# RUNS (default 1; each run measures everything, the summary gives each
# run's ratios and their median), FLOOR (default 1: also measure
# tests/bench/http-floor.c, a SoupServer and a bare epoll loop that only
# answer the same bytes; needs cc and libsoup's headers).
#
# Fairness: nginx runs with worker_processes = processors and its default
# settings (access log off, as the service keeps none), serves the exact
# bytes of the service's GET /me answer as a static file, and is driven by
# the same wrk command line. Every answer must be 2xx or the run fails.
#
# Scale (issue 9): `tests/bench/run-bench.sh scale [BUILD [SMALL LARGE]]`
# fills service databases of 1 000 and 1 000 000 accounts and compares the
# latency of sign-in, registration, recovery and GET /me on both; see
# tests/bench/scale-bench.py and docs/benchmarks.md. Needs only python3.
#
# Identity (issue 10): `tests/bench/run-bench.sh identity [BUILD]` times the
# success transaction with 10 other accounts on the ID number and the
# reviewer's queue with 100 000 open cases; see tests/bench/identity-bench.py.
#
# Photo fit (issue 11): `tests/bench/run-bench.sh photo [BUILD [RUNS]]` fits a
# 12 MP photo for the upload against ImageMagick's convert and measures the
# calling thread's main-loop stalls meanwhile; see tests/bench/photo-fit-bench.c
# and docs/benchmarks.md. Needs ImageMagick (apt-get install imagemagick) and
# a build with the tests: `ninja -C BUILD tests/bench/photo-fit-bench`.
#
# Photo step in the window (issue 11): `tests/bench/run-bench.sh photo-ui
# [BUILD [RUNS]]` drives identity path 2 through the real window with the
# same 12 MP photo (fit, preview, upload to the embedded service) and
# measures the main loop's longest stall and the frame clock meanwhile; see
# tests/bench/identity-photo-bench.c. Needs xvfb-run and dbus-run-session
# (Debian: xvfb, dbus) and `ninja -C BUILD tests/bench/identity-photo-bench
# data/gschemas.compiled`.
#
# Review queue (issue 12): `tests/bench/run-bench.sh queue [BUILD [LARGE
# [SCROLL]]]` fills service databases with 100 and LARGE (default 100 000)
# open cases and shows each in a GtkListView over the client's paging
# XuexinReviewQueue in a real window: time to the first page on screen,
# and the longest main-loop stall while scrolling through SCROLL (default
# 10 000) cases; see tests/bench/review-queue-bench.c. Needs xvfb-run and
# dbus-run-session and `ninja -C BUILD tests/bench/review-queue-bench
# data/gschemas.compiled`.
set -euo pipefail

# The environment of the UI tests (tests/meson.build), except the
# accessibility: GTK's default AT-SPI bridge, as on a desktop.
run_in_window () {
  local build=$1; shift
  for tool in xvfb-run dbus-run-session; do
    command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }
  done
  [ -f "$build/data/gschemas.compiled" ] ||
    { echo "missing: $build/data/gschemas.compiled (ninja -C $build data/gschemas.compiled)" >&2; exit 1; }
  echo "== machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg), GSK_RENDERER=${GSK_RENDERER:-(default)}"
  export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
  export LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE= XUEXIN_LOCALEDIR="$build/po"
  export G_TEST_BUILDDIR="$build/tests/bench"
  exec xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- "$@"
}

if [ "${1:-}" = queue ]; then
  BUILD=$(realpath "${2:-_build-bench}")
  run_in_window "$BUILD" "$BUILD/tests/bench/review-queue-bench" --quiet "${3:-100000}" "${4:-10000}"
fi

if [ "${1:-}" = photo-ui ]; then
  BUILD=$(realpath "${2:-_build-bench}")
  run_in_window "$BUILD" "$BUILD/tests/bench/identity-photo-bench" --quiet "${3:-5}"
fi

if [ "${1:-}" = photo ]; then
  BUILD=${2:-_build-bench}
  convert -version 2>/dev/null | grep -q ImageMagick ||
    { echo "missing: ImageMagick's convert (apt-get install imagemagick)" >&2; exit 1; }
  echo "== machine: $(nproc) cores, $(uname -r), $(convert -version | head -1)"
  exec "$BUILD/tests/bench/photo-fit-bench" "${3:-7}" convert
fi

if [ "${1:-}" = identity ]; then
  BUILD=${2:-_build-bench}
  exec /usr/bin/python3 "$(dirname "$0")/identity-bench.py" "$BUILD/src/service/xuexin-accountd"
fi

if [ "${1:-}" = scale ]; then
  BUILD=${2:-_build-bench}
  exec /usr/bin/python3 "$(dirname "$0")/scale-bench.py" "$BUILD/src/service/xuexin-accountd" \
    "${3:-1000}" "${4:-1000000}"
fi

BUILD=${1:-_build-bench}
ACCOUNTD=$BUILD/src/service/xuexin-accountd
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
CORES=$(nproc)
HASH_THREADS=${HASH_THREADS:-$CORES}
SERVER_THREADS=${SERVER_THREADS:-}
RUNS=${RUNS:-1}
FLOOR=${FLOOR:-1}
SERVICE_PORT=18470
NGINX_PORT=18480
SOUP_FLOOR_PORT=18481
EPOLL_FLOOR_PORT=18482
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
  for pid in ${FLOOR_PIDS:-}; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

SERVICE_ARGS=(--port $SERVICE_PORT --data-dir "$WORK/data" --delivery outbox
              --outbox-file "$WORK/outbox.jsonl" --hash-threads "$HASH_THREADS")
[ -n "$SERVER_THREADS" ] && SERVICE_ARGS+=(--server-threads "$SERVER_THREADS")
# wrk opens all its connections from 127.0.0.1: no per-IP cap (default 32).
printf '[limits]\nmax-connections-per-ip=0\n' > "$WORK/accountd.conf"
SERVICE_ARGS+=(--config "$WORK/accountd.conf")

echo "== machine: $CORES cores, $(uname -r), hash threads $HASH_THREADS," \
     "server threads ${SERVER_THREADS:-default ($(( CORES / 2 > 0 ? CORES / 2 : 1 )))}, wrk -t$THREADS -c$CONNECTIONS -d$DURATION"

# The service, default (interactive) Argon2id limits, codes to an outbox.
"$ACCOUNTD" "${SERVICE_ARGS[@]}" > "$WORK/service.log" 2>&1 &
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

# nginx serving the same JSON as a static file. Its workers may run as
# another user (nobody, when started as root): the document root must be
# readable by them, the rest of $WORK need not be.
mkdir -p "$WORK/www"
cp "$WORK/me.json" "$WORK/www/me.json"
chmod 711 "$WORK"
chmod 755 "$WORK/www"
chmod 644 "$WORK/www/me.json"
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
curl -sf http://127.0.0.1:$NGINX_PORT/me.json | cmp -s - "$WORK/me.json" ||
  { echo "nginx does not serve the GET /me answer" >&2; exit 1; }

# The floor of the HTTP layer: the same bytes from a SoupServer that does
# nothing else, and from a bare epoll loop.
if [ "$FLOOR" = 1 ]; then
  cc -O2 -o "$WORK/http-floor" tests/bench/http-floor.c $(pkg-config --cflags --libs libsoup-3.0)
  "$WORK/http-floor" soup $SOUP_FLOOR_PORT "$WORK/me.json" &
  FLOOR_PIDS=$!
  "$WORK/http-floor" epoll $EPOLL_FLOOR_PORT "$WORK/me.json" &
  FLOOR_PIDS="$FLOOR_PIDS $!"
  sleep 0.5
  for port in $SOUP_FLOOR_PORT $EPOLL_FLOOR_PORT; do
    curl -sf http://127.0.0.1:$port/me.json | cmp -s - "$WORK/me.json" ||
      { echo "http-floor on port $port does not serve the GET /me answer" >&2; exit 1; }
  done
fi

echo
echo "== response sizes (headers + body, bytes)"
size () {
  curl -s -o /dev/null -w "%{size_header} + %{size_download}" "$@"
}
echo "GET /me (service):  $(size -H "Authorization: Bearer $TOKEN" $BASE/me)"
echo "GET /me.json (nginx): $(size http://127.0.0.1:$NGINX_PORT/me.json)"
echo "GET /health (service): $(size $BASE/health)"
if [ "$FLOOR" = 1 ]; then
  echo "http-floor soup:      $(size http://127.0.0.1:$SOUP_FLOOR_PORT/me.json)"
  echo "http-floor epoll:     $(size http://127.0.0.1:$EPOLL_FLOOR_PORT/me.json)"
fi

# CPU time (user + system, clock ticks) of the processes given.
cpu_ticks () {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{print $14 + $15}' /proc/$pid/stat)))
  done
  echo $total
}

# wrk's answer for one measurement, plus the server's CPU time per request
# (the processes in $PIDS); any non-2xx answer fails the run.
measure () {
  local name=$1; shift
  local before after
  before=$(cpu_ticks $PIDS)
  wrk "$@" | tee "$WORK/$name"
  after=$(cpu_ticks $PIDS)
  if grep -q "Non-2xx" "$WORK/$name"; then
    echo "$name: some answers were not 2xx" >&2
    exit 1
  fi
  python3 - "$WORK/$name" $((after - before)) "$(getconf CLK_TCK)" <<'PY' | tee -a "$WORK/$name"
import re, sys
requests = int(re.search(r"(\d+) requests in", open(sys.argv[1]).read()).group(1))
print("server CPU per request: %.1f us" % (int(sys.argv[2]) * 1e6 / int(sys.argv[3]) / requests))
PY
}

for run in $(seq "$RUNS"); do
  echo
  echo "######## run $run of $RUNS"

  echo
  echo "== 1. cheap authenticated GET: service vs nginx static file"
  PIDS=$SERVICE_PID
  measure get-$run.txt -t$THREADS -c$CONNECTIONS -d$DURATION --latency \
    -H "Authorization: Bearer $TOKEN" $BASE/me
  PIDS=$(pgrep -P "$(cat "$WORK/nginx.pid")" | tr '\n' ' ')
  measure nginx-$run.txt -t$THREADS -c$CONNECTIONS -d$DURATION --latency \
    http://127.0.0.1:$NGINX_PORT/me.json

  echo
  echo "== 1b. GET /health: the service on its HTTP thread only (no session, database or worker)"
  PIDS=$SERVICE_PID
  measure health-$run.txt -t$THREADS -c$CONNECTIONS -d$DURATION --latency $BASE/health

  if [ "$FLOOR" = 1 ]; then
    echo
    echo "== 1c. floor: a SoupServer that only answers the same bytes"
    PIDS=${FLOOR_PIDS%% *}
    measure soup-floor-$run.txt -t$THREADS -c$CONNECTIONS -d$DURATION --latency \
      http://127.0.0.1:$SOUP_FLOOR_PORT/me.json
    echo
    echo "== 1d. floor: a bare epoll loop that only answers the same bytes"
    PIDS=${FLOOR_PIDS##* }
    measure epoll-floor-$run.txt -t$THREADS -c$CONNECTIONS -d$DURATION --latency \
      http://127.0.0.1:$EPOLL_FLOOR_PORT/me.json
  fi

  echo
  echo "== 2. one hash: sequential sign-ins"
  python3 - "$BASE" "$PHONE" "$PASSWORD" > "$WORK/one-$run.txt" <<'PY'
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
  echo "median sign-in latency (≈ one Argon2id hash): $(cat "$WORK/one-$run.txt")s"

  echo
  echo "== 3. sign-ins per second"
  wrk -t$THREADS -c$((HASH_THREADS * 2)) -d$DURATION -s tests/bench/signin.lua \
    $BASE/sessions | tee "$WORK/signin-$run.txt"

  echo
  echo "== 4. p99 of the cheap GET while sign-ins saturate the hashing threads"
  wrk -t1 -c$((HASH_THREADS * 2)) -d$DURATION -s tests/bench/signin.lua \
    $BASE/sessions > "$WORK/signin-bg-$run.txt" &
  BG=$!
  sleep 1
  PIDS=$SERVICE_PID
  measure get-under-load-$run.txt -t1 -c8 -d10s --latency \
    -H "Authorization: Bearer $TOKEN" $BASE/me
  wait $BG
done

echo
echo "== summary"
python3 - "$WORK" "$HASH_THREADS" "$RUNS" <<'PY'
import os, re, statistics, sys
work, hash_threads, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def text(name):
    return open(f"{work}/{name}").read()
def rps(name):
    if not os.path.exists(f"{work}/{name}"):
        return float("nan")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", text(name)).group(1))
def p99(name):
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)", text(name))
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
def cpu(name):
    if not os.path.exists(f"{work}/{name}"):
        return float("nan")
    return float(re.search(r"server CPU per request: ([\d.]+)", text(name)).group(1))
def failed_sign_ins(name):
    m = re.search(r"sign-ins not 201: (\d+)", text(name))
    return int(m.group(1)) if m else 0
rows = []
for run in range(1, runs + 1):
    get, static, health = rps(f"get-{run}.txt"), rps(f"nginx-{run}.txt"), rps(f"health-{run}.txt")
    soup, epoll = rps(f"soup-floor-{run}.txt"), rps(f"epoll-floor-{run}.txt")
    one = float(text(f"one-{run}.txt"))
    signins, limit = rps(f"signin-{run}.txt"), hash_threads / one
    rows.append((get / static, signins / limit, p99(f"get-under-load-{run}.txt"),
                 health / static, soup / static, epoll / static,
                 cpu(f"get-{run}.txt"), cpu(f"nginx-{run}.txt"), cpu(f"health-{run}.txt"),
                 cpu(f"soup-floor-{run}.txt"), cpu(f"epoll-floor-{run}.txt")))
    print(f"run {run}: GET /me {get:.0f} req/s, nginx {static:.0f} req/s, "
          f"GET /health {health:.0f} req/s, SoupServer floor {soup:.0f} req/s, "
          f"epoll floor {epoll:.0f} req/s")
    print(f"       one hash {one * 1000:.1f} ms, limit {limit:.1f}/s, sign-ins {signins:.1f}/s "
          f"({failed_sign_ins(f'signin-{run}.txt')} not 201)")
    print(f"       GET /me {rows[-1][0]:.2f}x nginx, sign-ins {rows[-1][1]:.2f}x limit, "
          f"p99 GET /me under sign-in load {rows[-1][2]:.2f} ms; "
          f"GET /health {rows[-1][3]:.2f}x, SoupServer floor {rows[-1][4]:.2f}x, "
          f"epoll floor {rows[-1][5]:.2f}x nginx")
    print(f"       server CPU per request (us): GET /me {rows[-1][6]:.1f}, "
          f"nginx {rows[-1][7]:.1f}, GET /health {rows[-1][8]:.1f}, "
          f"SoupServer floor {rows[-1][9]:.1f}, epoll floor {rows[-1][10]:.1f}")
median = [statistics.median(column) for column in zip(*rows)]
print(f"median of {runs}:")
print(f"  GET /me vs nginx:          {median[0]:.2f}x (goal >= 0.5x)")
print(f"  sign-ins vs limit:         {median[1]:.2f}x (goal >= 0.9x)")
print(f"  p99 GET /me under load:    {median[2]:.2f} ms (goal < 10 ms)")
print(f"  for reference, vs nginx:   GET /health {median[3]:.2f}x, "
      f"SoupServer floor {median[4]:.2f}x, epoll floor {median[5]:.2f}x")
print(f"  server CPU per request:  GET /me {median[6]:.1f} us, nginx {median[7]:.1f} us, "
      f"GET /health {median[8]:.1f} us, SoupServer floor {median[9]:.1f} us, "
      f"epoll floor {median[10]:.1f} us")
PY
