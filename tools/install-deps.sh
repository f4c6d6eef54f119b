#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing to build, run and test Xuexin Assistant on Debian 12
# (as root or through sudo), and generates the locales the app and tests use.
set -eu

# zbar-tools (zbarimg) decodes the QR codes the UI tests render.
# libgdk-pixbuf-2.0-0 has the JPEG and PNG decoders built in (the service
# decodes ID photos with them); libgtk-4-dev pulls in its -dev package.
# man-db and systemd check the man pages (man --warnings) and the unit's
# sandbox (systemd-analyze security --offline) in suite 'data'.
# chromium and python3-websocket run the phone hand-off page in a real
# browser over the DevTools protocol (tests/web, suite 'web').
# python3-jsonschema and python3-yaml hold the service tests' traffic
# against docs/openapi.yaml (tests/service/check-contract.py).
# clang and libclang-rt-14-dev (libFuzzer, ASan, UBSan) build the fuzz
# targets of tests/fuzz (tools/fuzz.sh).
packages="
  gcc meson ninja-build pkg-config gettext python3
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libgtk-4-bin libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libsodium-dev
  libqrencode-dev libsecret-1-dev librsvg2-common
  libgdk-pixbuf-2.0-dev libgdk-pixbuf-2.0-0 libgdk-pixbuf2.0-bin
  appstream desktop-file-utils
  man-db groff-base systemd
  xvfb xauth dbus dbus-x11 fonts-noto-cjk fonts-cantarell locales
  imagemagick curl jq zbar-tools
  at-spi2-core python3-pyatspi gir1.2-atspi-2.0 python3-gi
  chromium python3-websocket
  python3-jsonschema python3-yaml
  clang libclang-rt-14-dev
"

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
else
    as_root="sudo"
fi

missing=""
for package in $packages; do
    if ! dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $package"
    fi
done

if [ -n "$missing" ]; then
    echo "Installing:$missing"
    $as_root apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y --no-install-recommends $missing
fi

# English and the two Chinese locales the app is translated for.
need_locales=""
for locale in en_US.UTF-8 zh_CN.UTF-8 zh_TW.UTF-8; do
    name=$(echo "$locale" | sed 's/UTF-8/utf8/')
    if ! locale -a 2>/dev/null | grep -qx "$name"; then
        need_locales="$need_locales $locale"
    fi
done
if [ -n "$need_locales" ]; then
    for locale in $need_locales; do
        $as_root sed -i "s/^# *\($locale UTF-8\)/\1/" /etc/locale.gen
        grep -q "^$locale UTF-8" /etc/locale.gen || echo "$locale UTF-8" | $as_root tee -a /etc/locale.gen >/dev/null
    done
    $as_root locale-gen
fi

# The OpenAPI linter (test service-openapi-lint), pinned by
# tools/openapi/package-lock.json: installed once, again only when the lock
# changes (npm's cache spares the download). Needs Node.js 20.19 or later,
# which Debian 12 does not package; without it the test is skipped.
# flock: the sanitizer pass of .ci/run runs this script at the same time.
openapi_dir="$(dirname "$0")/openapi"
if command -v npm >/dev/null 2>&1 && command -v flock >/dev/null 2>&1 &&
   node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a == 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
    (
        flock 9
        if [ ! -f "$openapi_dir/node_modules/.package-lock.json" ] ||
           [ "$openapi_dir/package-lock.json" -nt "$openapi_dir/node_modules/.package-lock.json" ]; then
            npm ci --prefix "$openapi_dir" --no-audit --no-fund --prefer-offline
        fi
    ) 9>"$openapi_dir/.install.lock"
fi
