#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders each man page as man(1) would and fails on any warning of groff
# (man exits 0 with warnings, so standard error is what counts).
# Usage: check-man.sh PAGE...
set -u
command -v man >/dev/null 2>&1 || { echo "man is not installed"; exit 77; }
status=0
for page in "$@"; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l -Tutf8 "$page" 2>&1 >/dev/null)
    if [ -n "$warnings" ]; then
        printf '%s:\n%s\n' "$page" "$warnings"
        status=1
    else
        echo "$page: no warnings"
    fi
done
exit $status
