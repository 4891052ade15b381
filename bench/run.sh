#!/bin/sh
# run.sh - the benchmark ladder: sh bench/run.sh build/bench/bench
#
# Runs the bench at 10k, 100k and 1M articles (BENCH_SIZES overrides, e.g.
# BENCH_SIZES="10000 100000"), three timed runs up to 100k and one above
# (BENCH_RUNS overrides both), pinned to one core when taskset exists, and
# prints a table of the RESULT lines and how the cost per article grows
# from the smallest size to the largest.
set -u

BENCH=${1:-build/bench/bench}
SIZES=${BENCH_SIZES:-"10000 100000 1000000"}
SENTENCES=${BENCH_SENTENCES:-../shared/data/conll2003_en/train.txt}
# extra bench options, e.g. BENCH_ARGS=--no-names to price that stage
EXTRA=${BENCH_ARGS:-}

if [ ! -x "$BENCH" ]; then
	echo "run.sh: $BENCH is not an executable; build it with make $BENCH" >&2
	exit 2
fi

SENT_ARGS=""
if [ -r "$SENTENCES" ]; then
	SENT_ARGS="--sentences $SENTENCES"
else
	echo "run.sh: $SENTENCES not found: the bench uses its built-in words" >&2
fi

# One core: the engine is single-threaded, and pinning keeps the scheduler
# from moving it between caches mid-run.
PIN=""
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true >/dev/null 2>&1; then
	PIN="taskset -c 0"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/loom-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
RESULTS=$TMP/results
: >"$RESULTS"

status=0
for n in $SIZES; do
	if [ -n "${BENCH_RUNS:-}" ]; then
		runs=$BENCH_RUNS
	elif [ "$n" -le 100000 ]; then
		runs=3
	else
		runs=1
	fi
	echo "==== $n articles, $runs run(s)${PIN:+, $PIN}"
	# shown as it runs; the exit code survives the pipe through a file
	# shellcheck disable=SC2086 # PIN and SENT_ARGS are word lists
	# shellcheck disable=SC2086 # EXTRA is a word list
	{ $PIN "$BENCH" "$n" $SENT_ARGS --runs "$runs" $EXTRA; echo $? >"$TMP/rc"; } |
		tee "$TMP/out"
	rc=$(cat "$TMP/rc")
	if [ "$rc" -ne 0 ]; then
		echo "run.sh: bench failed at n=$n (exit $rc)" >&2
		status=1
		continue
	fi
	grep '^RESULT ' "$TMP/out" >>"$RESULTS"
done

echo
echo "==== summary"
awk '
function field(name,   i, kv) {
	for (i = 2; i <= NF; i++) {
		split($i, kv, "=")
		if (kv[1] == name)
			return kv[2]
	}
	return "-"
}
BEGIN {
	printf "%9s %10s %7s %8s %8s %9s %8s %8s %7s %7s %7s %6s %6s %6s %s\n", "n",
	       "art/s", "MB/s", "p50_us", "p99_us", "rss_B/art", "idx_B/a",
	       "sk_B/a", "recall", "fam_rec", "prec", "kern%", "pf4k", "pf2m",
	       "checksum"
}
{
	n = field("n"); aps = field("articles_per_s")
	# share of the timed adds spent in the kernel: page faults (bench.c)
	kern = "-"
	ks = field("kernel_s")
	if (ks != "-" && aps > 0)
		kern = sprintf("%.1f", 100 * ks * aps / n)
	printf "%9s %10s %7s %8s %8s %9s %8s %8s %7s %7s %7s %6s %6s %6s %s\n", n, aps,
	       field("mb_per_s"), field("p50_us"), field("p99_us"),
	       field("rss_per_article"), field("index_bytes_per_article"),
	       field("sketch_bytes_per_article"), field("recall"),
	       field("recall_family"), field("precision"), kern,
	       field("fault_4k_us"), field("fault_2m_us"), field("checksum")
	if (aps > 0) {
		us = 1e6 / aps
		if (first_n == "") { first_n = n; first_us = us }
		last_n = n; last_us = us
	}
}
END {
	if (first_n != "" && last_n != first_n)
		printf "cost per article: %.1f us at n=%s, %.1f us at n=%s: ratio %.2f\n",
		       last_us, last_n, first_us, first_n, last_us / first_us
}' "$RESULTS"
exit $status
