#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian packages end to end, on demand (minutes; not in meson test):
# builds them from a clean clone of HEAD, runs lintian (no errors or
# warnings), installs them with apt-get, checks what the maintainer scripts
# set up, starts the service through systemd when systemd runs or else
# through the unit's own ExecStart= as the unit's User=, checks /health and
# a reload, then purges both packages and checks that nothing is left but
# the configuration the administrator made.
#
# Run as root on a Debian 12 machine or container with the build
# dependencies installed (mk-build-deps, or tools/install-deps.sh plus
# debhelper lintian):   sudo tests/packaging/test-packages.sh
# It installs and purges xuexin-assistant and xuexin-accountd on this
# system, so do not run it where those packages are in real use.
set -euo pipefail

source_root=$(cd "$(dirname "$0")/../.." && pwd)
start_time=$(date +%s)
work=$(mktemp -d /tmp/xuexin-packages-XXXXXX)
service_pid=
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $* ($(( $(date +%s) - start_time )) s)"; }
cleanup() {
    if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || { echo "run as root (it installs packages)"; exit 77; }
for tool in dpkg-buildpackage lintian apt-get curl python3 setpriv; do
    command -v "$tool" >/dev/null || { echo "missing $tool"; exit 77; }
done
if dpkg-query -W -f '${Status}' xuexin-accountd 2>/dev/null | grep -q installed \
   || dpkg-query -W -f '${Status}' xuexin-assistant 2>/dev/null | grep -q installed; then
    fail "xuexin-accountd or xuexin-assistant is installed already; this test purges them"
fi

step "Building from a clean clone of HEAD"
git clone -q "$source_root" "$work/src"
(cd "$work/src" && nice -n 19 dpkg-buildpackage -us -uc -b) > "$work/build.log" 2>&1 \
    || { tail -40 "$work/build.log"; fail "dpkg-buildpackage"; }
changes=$(ls "$work"/xuexin-assistant_*_*.changes)

step "lintian"
lintian --suppress-tags hardening-no-fortify-functions "$changes" > "$work/lintian.log" 2>&1 || true
cat "$work/lintian.log"
if grep -E '^(E|W):' "$work/lintian.log"; then fail "lintian reports errors or warnings"; fi

step "Installing"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "$work"/xuexin-accountd_*.deb "$work"/xuexin-assistant_*.deb > "$work/install.log" 2>&1 \
    || { cat "$work/install.log"; fail "apt-get install"; }
dpkg -L xuexin-accountd xuexin-assistant | sort -u > "$work/files"

conf=/etc/xuexin-accountd/xuexin-accountd.conf
unit=/lib/systemd/system/xuexin-accountd.service
getent passwd xuexin-accountd >/dev/null || fail "no xuexin-accountd user"
[ "$(stat -c '%U %a' /var/lib/xuexin-accountd)" = "xuexin-accountd 700" ] \
    || fail "/var/lib/xuexin-accountd: $(stat -c '%U %a' /var/lib/xuexin-accountd)"
[ "$(stat -c '%U:%G %a' "$conf")" = "root:xuexin-accountd 640" ] \
    || fail "$conf: $(stat -c '%U:%G %a' "$conf")"
grep -qx "$conf" /var/lib/dpkg/info/xuexin-accountd.conffiles || fail "$conf is no conffile"
[ -L /etc/systemd/system/multi-user.target.wants/xuexin-accountd.service ] \
    || fail "the unit is not enabled"
xuexin-assistant --version | grep -q '^xuexin-assistant ' || fail "xuexin-assistant --version"
xuexin-accountd --version | grep -q '^xuexin-accountd ' || fail "xuexin-accountd --version"

# The administrator's change: a free port (8470 may be taken on a CI
# machine), which also proves the service reads the installed file.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -i "s/^#port=8470$/port=$port/" "$conf"
grep -qx "port=$port" "$conf" || fail "cannot set the port in $conf"

wait_for_health() {
    local deadline=$(( $(date +%s) + 30 ))
    until curl -sf "http://127.0.0.1:$port/api/v1/health" > "$work/health"; do
        [ "$(date +%s)" -lt "$deadline" ] || fail "no /health within 30 s"
        if [ -n "$service_pid" ] && ! kill -0 "$service_pid" 2>/dev/null; then
            cat "$work/service.log"; fail "the service exited"
        fi
        sleep 0.2
    done
    echo "/health: $(cat "$work/health")"
}

if [ -d /run/systemd/system ]; then
    step "Starting through systemd"
    systemctl is-active -q xuexin-accountd && fail "the unit started before it was configured"
    systemctl start xuexin-accountd
    wait_for_health
    systemctl reload xuexin-accountd
    wait_for_health
    systemctl show -p ActiveState,SubState,Result xuexin-accountd
    systemd-analyze security xuexin-accountd | tail -1
    systemctl stop xuexin-accountd
else
    step "No systemd here: starting the unit's ExecStart= as its User="
    exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
    user=$(sed -n 's/^User=//p' "$unit")
    env_line=$(sed -n 's/^Environment=//p' "$unit")
    [ -n "$exec_start" ] && [ -n "$user" ] || fail "no ExecStart= or User= in $unit"
    # shellcheck disable=SC2086 # the unit's words, as systemd splits them
    setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs \
        env -i PATH=/usr/bin:/bin $env_line $exec_start > "$work/service.log" 2>&1 &
    service_pid=$!
    wait_for_health
    ps -o user= -p "$service_pid" | grep -qx "$user" || fail "the service does not run as $user"
    [ -f /var/lib/xuexin-accountd/accounts.sqlite3 ] || fail "no database in /var/lib/xuexin-accountd"
    [ "$(stat -c %U /var/lib/xuexin-accountd/accounts.sqlite3)" = "$user" ] \
        || fail "the database is not the service user's"
    kill -HUP "$service_pid"   # the unit's ExecReload=
    deadline=$(( $(date +%s) + 30 ))
    until grep -q "Configuration reloaded" "$work/service.log"; do
        [ "$(date +%s)" -lt "$deadline" ] || fail "no reload within 30 s"
        sleep 0.2
    done
    wait_for_health
    kill -TERM "$service_pid"
    wait "$service_pid" || fail "the service did not stop cleanly"
    service_pid=
    cat "$work/service.log"
fi

step "Purging"
# A file of the administrator's own, beside the package's.
echo "# local notes" > /etc/xuexin-accountd/local-notes
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q xuexin-accountd xuexin-assistant \
    > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "apt-get purge"; }
left=
while read -r path; do
    [ -e "$path" ] || continue
    [ -d "$path" ] && continue   # shared ones; /etc/xuexin-accountd below
    left="$left $path"
done < "$work/files"
[ -z "$left" ] || fail "left after purge:$left"
[ ! -e /var/lib/xuexin-accountd ] || fail "/var/lib/xuexin-accountd is left after purge"
[ ! -e /etc/systemd/system/multi-user.target.wants/xuexin-accountd.service ] \
    || fail "the unit is still enabled after purge"
[ "$(ls -A /etc/xuexin-accountd)" = "local-notes" ] \
    || fail "/etc/xuexin-accountd holds: $(ls -A /etc/xuexin-accountd)"
rm -r /etc/xuexin-accountd
echo "left, as intended: the administrator's /etc/xuexin-accountd/local-notes; the system user xuexin-accountd"

step "PASS"
