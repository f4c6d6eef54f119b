#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The curl scripts of docs/api.md for identity paths 4, 3 and 2, run as
# written there against `xuexin-accountd --demo` (issue 10's "done when").
# The only changes to the documented commands: the port (a free one
# instead of 8470), the daemon's path and the data directories (in a
# temporary directory), and the photos path 2 needs (made here). After
# each path it asserts, through the API, that exactly one live account
# holds the ID number: the verified one is active and every other one
# answers sign-in with 403 account_cancelled.
#
# Usage: tests/service/demo-paths.sh [path/to/xuexin-accountd]
# Needs bash, curl, jq and /usr/bin/python3 with python3-gi (for the photos).
set -euo pipefail

ACCOUNTD=$(realpath "${1:-_build/src/service/xuexin-accountd}")
for tool in curl jq; do
  command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 77; }
done

WORK=$(mktemp -d /tmp/xuexin-demo-paths-XXXXXX)
DAEMON=
cleanup () {
  if [ -n "$DAEMON" ]; then kill "$DAEMON" 2>/dev/null; wait "$DAEMON" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"

fail () { echo "FAIL: $*" >&2; echo "--- daemon output:" >&2; cat accountd.log >&2 || true; exit 1; }
expect () {  # expect WHAT ACTUAL WANTED
  [ "$2" = "$3" ] || fail "$1: got '$2', wanted '$3'"
  echo "ok: $1 = $3"
}
free_port () {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
start () {  # start ARGS...: the daemon on $PORT, output to accountd.log
  # The binary itself, not the shell function: $! must be the daemon's
  # PID (a function in the background is a subshell, and killing that
  # left the daemon running after the test).
  "$ACCOUNTD" "$@" --port "$PORT" > accountd.log 2>&1 &
  DAEMON=$!
  until curl -sf "$API/health" >/dev/null; do
    kill -0 "$DAEMON" 2>/dev/null || fail "the daemon did not start"
    sleep 0.1
  done
}
stop () { kill "$DAEMON"; wait "$DAEMON" || true; DAEMON=; }
xuexin-accountd () { "$ACCOUNTD" "$@"; }
signin_code () {  # the error code (or "ok") of a sign-in
  curl -s -H 'Content-Type: application/json' \
       -d "{\"login_name\":\"$1\",\"password\":\"$2\"}" "$API/sessions" |
    jq -r 'if .token then "ok" else .error.code end'
}
# Exactly one live account of the ID: the phone of the verified one signs
# in, every other one of the ID answers account_cancelled.
one_live () {  # one_live ID PHONE PASSWORD [OTHER_PHONE OTHER_PASSWORD]...
  local id=$1 phone=$2 pass=$3
  shift 3
  expect "sign-in of $phone (the verified account)" "$(signin_code "$phone" "$pass")" ok
  local t
  t=$(curl -s -H 'Content-Type: application/json' \
           -d "{\"login_name\":\"$phone\",\"password\":\"$pass\"}" "$API/sessions" | jq -r .token)
  expect "$phone is active" "$(curl -s -H "Authorization: Bearer $t" "$API/me/identity" | jq -r .state)" active
  expect "other live accounts of $id" \
    "$(curl -s -H "Authorization: Bearer $t" "$API/me/identity" | jq '.on_success.other_accounts | length')" 0
  while [ $# -gt 0 ]; do
    expect "sign-in of $1 (another account of $id)" "$(signin_code "$1" "$2")" account_cancelled
    shift 2
  done
}

# ===== paths 4 and 3: docs/api.md "Playing paths 3 and 4 with --demo" =====
PORT=$(free_port)
API=http://127.0.0.1:$PORT/api/v1
J='Content-Type: application/json'
code() {  # the newest code sent to $1, from the daemon's output in ./accountd.log
  grep "sms to $1 " accountd.log | tail -1 | sed 's/.*校验码：\([0-9]\{6\}\).*/\1/'; }
token() { curl -s -H "$J" -d "{\"login_name\":\"$1\",\"password\":\"$2\"}" $API/sessions |
          sed 's/.*"token":"\([^"]*\)".*/\1/'; }
start --demo --data-dir "$WORK/xuexin-demo"

echo "== path 4 (records)"
curl -s -H "$J" -d '{"purpose":"register","phone":"13800000011"}' $API/sms-codes
curl -s -H "$J" -d "{\"phone\":\"13800000011\",\"sms_code\":\"$(code 13800000011)\",
  \"password\":\"Xuexin#2024pass\",\"password_confirmation\":\"Xuexin#2024pass\",
  \"name\":\"陈思远\",\"id_number\":\"110101199805120316\",\"reregister\":true}" $API/accounts
T=$(token 13800000011 'Xuexin#2024pass')
OUT=$(curl -s -H "Authorization: Bearer $T" $API/me/identity)
expect "path 4: the warning names" "$(echo "$OUT" | jq -r '.on_success.other_accounts[0].login_names.phone')" "199****0001"
OUT=$(curl -s "$API/schools?q=%E6%B5%B7%E5%B7%9D")
expect "path 4: schools" "$(echo "$OUT" | jq -r '.schools | index("海川大学") != null')" true
OUT=$(curl -s -H "Authorization: Bearer $T" -H "$J" -d '{"kind":"enrollment","school":"海川大学",
  "student_number":"H20160101","enrollment_year":2016,"level":"benke"}' $API/me/identity/records)
expect "path 4: state" "$(echo "$OUT" | jq -r .account.state)" active
expect "path 4: cancelled_accounts" "$(echo "$OUT" | jq -r .cancelled_accounts)" 1
grep -q "sms to 19900000001 (account_cancelled)" accountd.log || fail "no SMS to 19900000001"
echo "ok: 19900000001 got the SMS"
one_live 110101199805120316 13800000011 'Xuexin#2024pass' 19900000001 'Demo#2024pass'

echo "== path 3 (classmate)"
curl -s -H "$J" -d '{"purpose":"register","phone":"13800000013"}' $API/sms-codes
curl -s -H "$J" -d "{\"phone\":\"13800000013\",\"sms_code\":\"$(code 13800000013)\",
  \"password\":\"Xuexin#2024pass\",\"password_confirmation\":\"Xuexin#2024pass\",
  \"name\":\"赵明哲\",\"id_number\":\"440305199703010514\",\"reregister\":true}" $API/accounts
T=$(token 13800000013 'Xuexin#2024pass')
OUT=$(curl -s -H "Authorization: Bearer $T" -H "$J" -d '{"classmate_name":"孙若曦",
  "classmate_login_name":"19900000004","school":"明德理工大学","enrollment_year":2019}' \
  $API/me/identity/assistance-requests)
expect "path 3: request state" "$(echo "$OUT" | jq -r .request.state)" pending
C=$(token 19900000004 'Demo#2024pass')
expect "path 3: unread" "$(curl -s -H "Authorization: Bearer $C" $API/me/inbox/count)" '{"unread":1}'
N=$(curl -s -H "Authorization: Bearer $C" $API/me/inbox | sed 's/.*"requests":\[{"id":\([0-9]*\).*/\1/')
expect "path 3: the inbox's request is the one sent" "$N" "$(echo "$OUT" | jq .request.id)"
OUT=$(curl -s -X POST -H "Authorization: Bearer $C" $API/me/inbox/$N/confirm)
expect "path 3: confirmed" "$(echo "$OUT" | jq -r .request.state)" confirmed
OUT=$(curl -s -H "Authorization: Bearer $T" $API/me/identity)
expect "path 3: state" "$(echo "$OUT" | jq -r .state)" active
expect "path 3: verified_path" "$(echo "$OUT" | jq -r .verified_path)" classmate
one_live 440305199703010514 13800000013 'Xuexin#2024pass' 19900000003 'Demo#2024pass'
stop

# ===== path 2: docs/api.md "Walk-through with curl" =====
# Three distinct JPEGs of 800×600, well under 300 KB.
/usr/bin/python3 - <<'PY'
import gi
gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GdkPixbuf
for n, side in enumerate(["handheld", "front", "back"]):
    p = GdkPixbuf.Pixbuf.new(GdkPixbuf.Colorspace.RGB, False, 8, 800, 600)
    p.fill(0x336699ff + n * 0x22110000)
    small = GdkPixbuf.Pixbuf.new(GdkPixbuf.Colorspace.RGB, False, 8, 200, 100)
    small.fill(0xeeeeeeff - n * 0x11000000)
    small.copy_area(0, 0, 200, 100, p, 50 + n * 100, 50 + n * 60)
    p.savev(side + ".jpg", "jpeg", ["quality"], ["85"])
PY
PORT=$(free_port)
API=http://127.0.0.1:$PORT/api/v1 DATA=$WORK/data2
start --demo -d $DATA --delivery outbox

echo "== path 2 (help desk)"
PHONE=13900001234 ID=440305199703010514 NAME=赵明哲 PASS='Xuexin#2024pass'
curl -s -X POST $API/sms-codes -H 'Content-Type: application/json' \
     -d "{\"phone\": \"$PHONE\", \"purpose\": \"register\"}"
CODE=$(tail -1 $DATA/outbox.jsonl | jq -r .code)
curl -s -X POST $API/accounts -H 'Content-Type: application/json' -d "{\"phone\": \"$PHONE\",
     \"sms_code\": \"$CODE\", \"name\": \"$NAME\", \"id_type\": \"resident_id\",
     \"id_number\": \"$ID\", \"password\": \"$PASS\", \"password_confirmation\": \"$PASS\",
     \"reregister\": true}"
USER=$(curl -s -X POST $API/sessions -H 'Content-Type: application/json' \
       -d "{\"login_name\": \"$PHONE\", \"password\": \"$PASS\"}" | jq -r .token)
for side in handheld front back; do
  OUT=$(curl -s -X PUT $API/me/identity/case/photos/$side -H "Authorization: Bearer $USER" \
       --data-binary @$side.jpg | jq -r .case.state)
  expect "path 2: case after the $side photo" "$OUT" draft
done
OUT=$(curl -s -X POST $API/me/identity/case/submit -H "Authorization: Bearer $USER" -d '{}' | jq -r .case.state)
expect "path 2: submitted" "$OUT" submitted
OUT=$(curl -s $API/me/identity/case -H "Authorization: Bearer $USER" | jq -c '.case | {state, queue_position}')
expect "path 2: queue" "$OUT" '{"state":"submitted","queue_position":1}'
REV=$(curl -s -X POST $API/sessions -H 'Content-Type: application/json' \
      -d '{"login_name": "19900009999", "password": "Review#2024pass"}' | jq -r .token)
CASE=$(curl -s "$API/review/cases?state=submitted" -H "Authorization: Bearer $REV" | jq .cases[0].id)
[ "$CASE" != null ] || fail "path 2: no case in the queue"
OUT=$(curl -s -X POST $API/review/cases/$CASE/claim -H "Authorization: Bearer $REV" -d '{}' | jq -r .claim.expires_in)
expect "path 2: claim" "$OUT" 900
OUT=$(curl -s $API/review/cases/$CASE -H "Authorization: Bearer $REV" | jq -r '.case.account.name')
expect "path 2: the case's account" "$OUT" "$NAME"
for side in handheld front back; do
  curl -s $API/review/cases/$CASE/photos/$side -H "Authorization: Bearer $REV" -o review-$side.jpg
  [ "$(head -c 2 review-$side.jpg | od -An -tx1 | tr -d ' ')" = ffd8 ] || fail "path 2: photo $side is not a JPEG"
done
OUT=$(curl -s -X POST $API/review/cases/$CASE/decision -H "Authorization: Bearer $REV" \
     -H 'Content-Type: application/json' -d '{"decision": "approve"}' | jq -r .case.state)
expect "path 2: decision" "$OUT" approved
OUT=$(curl -s $API/me -H "Authorization: Bearer $USER" | jq -r .account.state)
expect "path 2: state" "$OUT" active
OUT=$(curl -s $API/review/decisions -H "Authorization: Bearer $REV" | jq -c '[.total, .decisions[0].decision]')
expect "path 2: the reviewer's decisions" "$OUT" '[1,"approved"]'
OUT=$(curl -s "$API/review/accounts?id_number=$ID" -H "Authorization: Bearer $REV" \
     | jq -c '[.accounts[] | {state, role, events: [.history[].event]}]')
expect "path 2: lookup by ID number" "$OUT" '[{"state":"active","role":"user","events":["reregistered","review_submitted","review_approved","verified"]},{"state":"cancelled","role":"user","events":["registered","cancelled"]}]'
one_live $ID $PHONE "$PASS" 19900000003 'Demo#2024pass'
stop

echo "all three paths: exactly one live account per ID number"
