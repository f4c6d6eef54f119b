#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one accessibility-gate test program. One of these programs was
# killed by SIGSEGV once in CI (app-a11y-register-zh_CN, after its first
# test), in about a dozen runs of the gate; the same program with the
# AT-SPI bridge off never crashed, and the crash did not come back in
# reruns, under gdb or not. The cause is not known yet; the suspect is
# GTK 4.8's AT-SPI bridge. A failed assertion fails as usual; a crash is
# said in the log and the program runs once more, so that the gate still
# judges every state. Two crashes in a row fail.
set -u

"$@"
status=$?
# 139 and 135: killed by SIGSEGV or SIGBUS (128 + the signal).
if [ "$status" -ne 139 ] && [ "$status" -ne 135 ]; then
    exit "$status"
fi

echo "CRASH: $1 was killed by signal $((status - 128)); running it once more (see this script)" >&2
exec "$@"
