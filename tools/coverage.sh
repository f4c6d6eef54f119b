#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Line and branch coverage per source folder (issue 14, part 3), on
# demand: builds _build-coverage with -Db_coverage=true, runs the tests
# and prints gcovr's summary for src/common, src/api, src/service and
# src/app. The GUI tests need a display; without --gui only the suites
# that need none run (src/app is then covered by its non-GUI tests only).
#
# Usage: tools/coverage.sh [--gui]
set -eu
cd "$(dirname "$0")/.."

[ -f _build-coverage/build.ninja ] || meson setup _build-coverage -Db_coverage=true
meson compile -C _build-coverage
find _build-coverage -name '*.gcda' -delete

if [ "${1:-}" = "--gui" ]; then
    xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
        meson test -C _build-coverage --print-errorlogs || true
else
    meson test -C _build-coverage --no-suite gui --print-errorlogs || true
fi

for folder in common api service app; do
    echo "== src/$folder"
    gcovr --root . --filter "src/$folder/" --exclude-unreachable-branches \
          --print-summary --txt /dev/null _build-coverage | grep -E "^(lines|branches):"
done
