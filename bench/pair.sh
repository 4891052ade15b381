#!/bin/sh
# pair.sh - two builds of the bench at once, one on each core:
#   sh bench/pair.sh BENCH_A BENCH_B [ARTICLES] [ROUNDS]
#
# On a shared machine the speed of one build drifts by 20-30 % within an
# hour, so runs minutes apart compare the minutes more than the builds.
# Run side by side, both builds see the same minutes; the cores are
# swapped every round, so neither build keeps the better core. Prints the
# two speeds and B/A per round, then the median ratio. ENV_A and ENV_B
# set environment for one side, e.g. ENV_B=GLIBC_TUNABLES=glibc.malloc.hugetlb=1.
# Needs two cores and the memory of two runs (about 6 GB each at 1M).
#
# At 1M the two runs disturb each other (memory bus, the host backing
# new memory): the same build against itself gave B/A 1.090 and 1.224
# (bench/RESULTS.md, session 25). ONE_AT_A_TIME=1 runs A then B alone
# on core 0 each round instead; that drifts as much (1.125 against
# itself), so at 1M take many rounds either way.
set -u

A=${1:?usage: pair.sh BENCH_A BENCH_B [ARTICLES] [ROUNDS]}
B=${2:?usage: pair.sh BENCH_A BENCH_B [ARTICLES] [ROUNDS]}
N=${3:-1000000}
ROUNDS=${4:-2}
SENTENCES=${BENCH_SENTENCES:-../shared/data/conll2003_en/train.txt}
SENT_ARGS=""
[ -r "$SENTENCES" ] && SENT_ARGS="--sentences $SENTENCES"

case $ROUNDS in
'' | *[!0-9]* | 0) echo "pair.sh: ROUNDS must be a number above 0" >&2; exit 2 ;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/loom-pair.XXXXXX") || exit 1
pa="" pb=""
trap 'rm -rf "$TMP"' EXIT
# background jobs of a script ignore SIGINT: stop them by hand, or two
# runs of several GB each would go on without us
# shellcheck disable=SC2086 # pa and pb are empty or one pid each
trap 'kill $pa $pb 2>/dev/null; exit 130' INT TERM

speed() { grep -o 'articles_per_s=[0-9]*' "$1" | cut -d= -f2; }
kernel() { grep -o 'kernel_s=[0-9.]*' "$1" | cut -d= -f2; }

# one run: bench $1 on core $2 with environment $3, output to file $4
run() {
	# shellcheck disable=SC2086 # the environment and SENT_ARGS are word lists
	env $3 taskset -c "$2" "$1" "$N" $SENT_ARGS --runs 1 >"$4" 2>&1
}

i=1
while [ "$i" -le "$ROUNDS" ]; do
	if [ -n "${ONE_AT_A_TIME:-}" ]; then
		ca=0 cb=0
		run "$A" $ca "${ENV_A:-}" "$TMP/a"
		run "$B" $cb "${ENV_B:-}" "$TMP/b"
	else
		if [ $((i % 2)) = 1 ]; then ca=0 cb=1; else ca=1 cb=0; fi
		run "$A" $ca "${ENV_A:-}" "$TMP/a" &
		pa=$!
		run "$B" $cb "${ENV_B:-}" "$TMP/b" &
		pb=$!
		wait
		pa="" pb=""
	fi
	a=$(speed "$TMP/a") b=$(speed "$TMP/b")
	if [ -z "$a" ] || [ -z "$b" ]; then
		echo "pair.sh: a run failed in round $i" >&2
		tail -n 3 "$TMP/a" "$TMP/b" >&2
		exit 1
	fi
	echo "$i $ca $a $(kernel "$TMP/a") $cb $b $(kernel "$TMP/b")" | awk '{printf "round %s: A %s (core %s, kernel %s s)  B %s (core %s, kernel %s s)  B/A %.3f\n", $1, $3, $2, $4, $6, $5, $7, $6 / $3}'
	echo "$b $a" | awk '{print $1 / $2}' >>"$TMP/ratios"
	i=$((i + 1))
done
sort -n "$TMP/ratios" | awk '{r[NR] = $1} END {printf "median B/A %.3f over %d rounds\n", (r[int((NR + 1) / 2)] + r[int(NR / 2) + 1]) / 2, NR}'
