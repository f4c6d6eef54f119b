#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's run command: installs what is missing, builds, and starts
# the app uninstalled. Extra arguments go to the app (e.g. --server-url).
set -eu
cd "$(dirname "$0")/.."

./tools/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build
exec meson devenv -C _build ./src/app/xuexin-assistant "$@"
