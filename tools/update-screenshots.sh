#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the metainfo's screenshots again: runs the UI tests that draw
# those pages (tests/app, English and zh_CN) headless into _build/, then
# copies the PNGs the metainfo names into data/screenshots/.
# Usage: tools/update-screenshots.sh   (after meson setup _build)
set -eu
cd "$(dirname "$0")/.."
names="welcome register-2-password account-active identity-chooser"
tests=""
for area in window register account identity; do
    tests="$tests app-$area-C app-$area-zh_CN"
done
# shellcheck disable=SC2086
xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
    nice -n 19 meson test -C _build $tests
for name in $names; do
    for lang in en zh_CN; do
        cp "_build/tests/screenshots/$name-$lang.png" data/screenshots/
    done
done
grep -q "data/screenshots/" data/io.github.xuexin.Assistant.metainfo.xml.in.in
echo "Updated data/screenshots/; meson test --suite data checks the metainfo names them all."
