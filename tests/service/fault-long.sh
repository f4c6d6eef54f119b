#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The long modes of the fault-injection gates (issue 14), on demand:
#   bash tests/service/fault-long.sh [BUILD_DIR]   (default: _build)
# every N of every disk-fault sweep, and 20 rounds of kill -9.
set -euo pipefail
build=${1:-_build}
export XUEXIN_ACCOUNTD="$build/src/service/xuexin-accountd"
export G_DEBUG=gc-friendly,fatal-warnings
XUEXIN_FAULT_SWEEP=all "$build/tests/service/test-service-faults" -p /Service/Faults/disk
XUEXIN_CRASH_ROUNDS=${XUEXIN_CRASH_ROUNDS:-20} "$build/tests/service/test-service-crash"
