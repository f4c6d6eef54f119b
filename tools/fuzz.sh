#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The fuzzing gate (libFuzzer, clang): builds the targets of tests/fuzz in
# _build-fuzz (-Dfuzzing=true) and runs them.
#
#   tools/fuzz.sh TARGET SECONDS   run one target (fuzz-validators, …) that long
#   tools/fuzz.sh --ci             replay every seed corpus, then fuzz each
#                                  target for $FUZZ_CI_SECONDS (default 30)
#   tools/fuzz.sh --list           the targets
#
# A run keeps what it finds new in _build-fuzz/corpus/TARGET (the committed
# seeds in tests/fuzz/corpus/TARGET are only read); a crash, leak or
# timeout is written to _build-fuzz/artifacts/ and fails the script.
# Everything runs under nice -n 19, on one core per target.
set -eu

cd "$(dirname "$0")/.."
build=_build-fuzz
targets="fuzz-validators fuzz-service-request fuzz-service-photo fuzz-records-csv fuzz-api-json fuzz-photo-fit"

usage() {
    sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

build() {
    if [ ! -f "$build/build.ninja" ]; then
        CC=clang nice -n 19 meson setup "$build" -Dfuzzing=true -Dtests=false \
            -Dbuildtype=debugoptimized >/dev/null
    fi
    # Only the targets and what they link: not the app.
    # shellcheck disable=SC2046
    nice -n 19 ninja -C "$build" $(for t in "$@"; do echo "tests/fuzz/$t"; done) >/dev/null
}

# Leaks count; GLib's type system and caches stay for the process's life
# and are not reported (-detect_leaks checks after each input).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export G_SLICE=always-malloc

# run TARGET SECONDS: replays the seeds and what earlier runs kept, then
# fuzzes; prints "TARGET: N execs in S s (E execs/s)".
run() {
    target=$1
    seconds=$2
    seeds="tests/fuzz/corpus/$target"
    kept="$build/corpus/$target"
    log="$build/logs/$target.log"
    mkdir -p "$kept" "$build/artifacts" "$build/logs"
    [ -d "$seeds" ] || { echo "no seed corpus $seeds" >&2; exit 2; }

    status=0
    started=$(date +%s)
    nice -n 19 "$build/tests/fuzz/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
        "$kept" "$seeds" >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    echo "$target: ${execs:-?} execs in $(($(date +%s) - started)) s (${rate:-?} execs/s)"
    if [ "$status" -ne 0 ]; then
        grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -5 >&2
        echo "$target FAILED: see $log" >&2
        return 1
    fi
}

case "${1:-}" in
    --list)
        for t in $targets; do echo "$t"; done
        ;;
    --ci)
        start=$(date +%s)
        # shellcheck disable=SC2086
        build $targets
        echo "built in $(($(date +%s) - start)) s"
        failed=0
        for t in $targets; do
            run "$t" "${FUZZ_CI_SECONDS:-30}" || failed=1
        done
        echo "fuzz gate: $(($(date +%s) - start)) s"
        exit $failed
        ;;
    ""|-*)
        usage
        ;;
    *)
        [ $# -eq 2 ] || usage
        case " $targets " in *" $1 "*) ;; *) echo "unknown target $1" >&2; usage ;; esac
        build "$1"
        run "$1" "$2"
        ;;
esac
