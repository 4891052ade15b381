#!/bin/sh
# Runs every test suite and ends with one line "N passed, N failed".
#   RUN        unit and engine tests (LOOM_TEST build)
#   ASAN_RUN   the same under ASan+UBSan with the debug arena
#   LOOM       the CLI, for tests/cli_test.sh; ASAN_LOOM the same under ASan
#   FUZZ_DIR / FUZZ_TARGETS  corpus replays
#   BENCH      the benchmark, for the quality gate (tests/quality_test.sh)
# and the source rules of tools/lint.sh.
set -u
cd "$(dirname "$0")/.." || exit 1
export LOOM_ROOT="$PWD"
passed=0
failed=0

# Runs a suite whose last line is "N passed, N failed" and adds its counts;
# a suite that dies without that line counts as one failure.
suite() {
	name=$1
	shift
	echo "== $name"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^ok ' | tail -n 40
	last=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s\n' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
	f=$(printf '%s\n' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
	if [ -z "$p" ]; then
		echo "   $name ended without a summary (exit $rc): counted as a failure"
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "   $name exited $rc: counted as a failure"
		failed=$((failed + 1))
	fi
}

# A replay prints "replay: N inputs, 0 failures"; a crash aborts it.
replay() {
	t=$1
	echo "== fuzz replay $t"
	if out=$("$FUZZ_DIR/$t" "fuzz/corpus/$t" 2>&1); then
		printf '%s\n' "$out" | tail -n 1
		passed=$((passed + 1))
	else
		printf '%s\n' "$out" | tail -n 30
		failed=$((failed + 1))
	fi
}

suite "unit and engine tests" "$RUN"
suite "unit and engine tests under ASan+UBSan" "$ASAN_RUN"
suite "cli tests" sh tests/cli_test.sh "$LOOM"
suite "cli tests under ASan+UBSan" sh tests/cli_test.sh "$ASAN_LOOM"
suite "copy quality on the planted stream" sh tests/quality_test.sh "$BENCH"
for t in ${FUZZ_TARGETS:-}; do
	replay "$t"
done
# the source rules of tools/lint.sh (banned functions, one allocation
# choke point): two of them were broken unnoticed while lint ran only
# by hand
echo "== lint"
if sh tools/lint.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
