#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's test command: installs what is missing, builds, and runs the
# whole suite headless. With --sanitize, builds a second tree with
# AddressSanitizer and UBSan and runs every test that needs no display.
set -eu
cd "$(dirname "$0")/.."

./tools/install-deps.sh

if [ "${1:-}" = "--sanitize" ]; then
    [ -f _build-sanitize/build.ninja ] || meson setup _build-sanitize -Db_sanitize=address,undefined -Db_lundef=false
    meson compile -C _build-sanitize
    exec meson test -C _build-sanitize --no-suite gui --print-errorlogs
fi

[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build
exec xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- meson test -C _build --print-errorlogs
