#!/bin/sh
# alt.sh - two builds of the bench, one run at a time, alternating:
#   sh bench/alt.sh BENCH_A BENCH_B [ARTICLES] [ROUNDS]
#
# Each round runs A then B alone on core 0 and prints both speeds, their
# kernel time and B/A; then the median ratio. Slower than pair.sh (the
# runs do not overlap), and the runs do not disturb each other: at 1M two
# runs side by side (pair.sh) share the memory bus and the host's work of
# backing new memory. But the machine drifts between runs: at 1M the same
# build against itself gave 1.125 here and 1.090 and 1.224 in pair.sh
# (bench/RESULTS.md, session 25), so take many rounds, or a measure that
# does not depend on the minute (perf's samples of one function).
set -u

A=${1:?usage: alt.sh BENCH_A BENCH_B [ARTICLES] [ROUNDS]}
B=${2:?usage: alt.sh BENCH_A BENCH_B [ARTICLES] [ROUNDS]}
N=${3:-1000000}
ROUNDS=${4:-2}
SENTENCES=${BENCH_SENTENCES:-../shared/data/conll2003_en/train.txt}
SENT_ARGS=""
[ -r "$SENTENCES" ] && SENT_ARGS="--sentences $SENTENCES"

case $ROUNDS in
'' | *[!0-9]* | 0) echo "alt.sh: ROUNDS must be a number above 0" >&2; exit 2 ;;
esac

PIN=""
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true >/dev/null 2>&1; then
	PIN="taskset -c 0"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/loom-alt.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# one run: prints "speed kernel_s", or nothing when it failed
one() {
	# shellcheck disable=SC2086 # PIN and SENT_ARGS are word lists
	$PIN "$1" "$N" $SENT_ARGS --runs 1 >"$TMP/out" 2>&1
	grep '^RESULT' "$TMP/out" |
		sed -n 's/.*articles_per_s=\([0-9]*\).*kernel_s=\([0-9.]*\).*/\1 \2/p'
}

i=1
while [ "$i" -le "$ROUNDS" ]; do
	a=$(one "$A") b=$(one "$B")
	if [ -z "$a" ] || [ -z "$b" ]; then
		echo "alt.sh: a run failed in round $i" >&2
		tail -n 3 "$TMP/out" >&2
		exit 1
	fi
	echo "$i $a $b" | awk '{printf "round %s: A %s (kernel %s s)  B %s (kernel %s s)  B/A %.3f\n", $1, $2, $3, $4, $5, $4 / $2}'
	echo "$a $b" | awk '{print $3 / $1}' >>"$TMP/ratios"
	i=$((i + 1))
done
sort -n "$TMP/ratios" | awk '{r[NR] = $1} END {printf "median B/A %.3f over %d rounds\n", (r[int((NR + 1) / 2)] + r[int(NR / 2) + 1]) / 2, NR}'
