#!/bin/sh
# Copy-detection quality on the bench's planted stream (10k articles), held
# against bench/quality.csv: a change may improve a figure (then update the
# CSV in the same commit) but not make one worse.
# Usage: sh tests/quality_test.sh path/to/bench
set -u
BENCH=$1
cd "$(dirname "$0")/.." || exit 1
SENT=../shared/data/conll2003_en/train.txt
if [ -r "$SENT" ]; then key=conll2003; args="--sentences $SENT"; else key=builtin; args="--sentences /nonexistent"; fi
out=$("$BENCH" 10000 --runs 1 $args 2>&1 | grep '^RESULT')
passed=0
failed=0
field() { printf '%s\n' "$out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
want() { awk -F, -v k="$key" -v c="$1" 'NR==1 { for (i = 1; i <= NF; i++) col[$i] = i } $1 == k { print $col[c] }' bench/quality.csv; }
# name, measured, recorded, slack: measured must be >= recorded - slack
atleast() {
	if awk -v m="$2" -v r="$3" -v s="$4" 'BEGIN { exit !(m + 0 >= r - s) }'; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "  FAIL $1: $2, recorded $3 in bench/quality.csv"
	fi
}
if [ -z "$out" ]; then
	echo "  FAIL the bench printed no RESULT line"
	failed=1
else
	echo "  $out" | cut -c1-200
	atleast recall_family "$(field recall_family)" "$(want recall_family)" 0.002
	atleast recall "$(field recall)" "$(want recall)" 0.01
	atleast precision "$(field precision)" "$(want precision)" 0.002
	hn=$(field hardneg_fp)
	if [ "${hn:-1}" -le "$(want hardneg_fp)" ]; then passed=$((passed + 1)); else
		failed=$((failed + 1)); echo "  FAIL hard negatives flagged: $hn"; fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
