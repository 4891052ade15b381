#!/bin/sh
# run.sh - story clustering, article similarity, entities and quotes
# against labelled public data (eval/README.md). `make eval` builds the
# tools, then runs
#   EVAL_DATA=../shared/data EVAL_BIN=build/eval LOOM=build/loom sh eval/run.sh
# It writes build/eval/eval.csv (dataset,metric,value), prints a table and
# the figures that moved against bench/eval.csv. Exit status: 0 whatever
# the figures, 1 when a tool fails. EVAL_LOOM_ARGS replaces "analyze
# --jsonl" (e.g. "cluster"): any command printing JSONL with id, story and
# storyline will do. Entities and quotes are read from the one JSON
# document of "analyze --json" (DOC_ARGS).
set -u
cd "$(dirname "$0")/.." || exit 1
DATA=${EVAL_DATA:-../shared/data}
BIN=${EVAL_BIN:-build/eval}
LOOM=${LOOM:-build/loom}
LOOM_ARGS=${EVAL_LOOM_ARGS:-analyze --jsonl}
DOC_ARGS="analyze --json"
OUT=$BIN
CSV=$OUT/eval.csv
REF=bench/eval.csv

fail() {
	echo "run.sh: $*" >&2
	exit 1
}

# loom_on IN.jsonl OUT [ARGS]: runs Loom with ARGS (default LOOM_ARGS).
# Exit 1 only means some input was skipped, which the scorer counts as
# missing articles.
loom_on() {
	args=${3:-$LOOM_ARGS}
	# shellcheck disable=SC2086 # args is a word list
	"$LOOM" $args "$1" >"$2" 2>"$2.err"
	rc=$?
	[ "$rc" -le 1 ] || fail "$LOOM $args $1 failed (exit $rc, see $2.err)"
	[ "$rc" -eq 0 ] || echo "  loom skipped some input: $(wc -l <"$2.err") warnings in $2.err"
}

took() {
	echo "  ($(($(date +%s) - $1)) s)"
}

mkdir -p "$OUT" || exit 1
"$BIN/score_clusters" --self-test || fail "the scorer's self-test failed: no figure can be trusted"
"$BIN/score_entities" --self-test || fail "the entity scorer's self-test failed: no figure can be trusted"
"$BIN/score_quotes" --self-test || fail "the quote scorer's self-test failed: no figure can be trusted"
"$BIN/polnear" --self-test || fail "the PolNeAR direct-quote rule's self-test failed: its gold cannot be trusted"
echo "dataset,metric,value" >"$CSV"

echo
echo "==== ECB+: stories = subtopics (topic x ecb/ecbplus), storylines = topics"
if [ -d "$DATA/ecbplus/ECB+" ]; then
	t0=$(date +%s)
	"$BIN/ecbplus" "$DATA/ecbplus/ECB+" "$OUT" || fail "ecbplus conversion failed"
	# the shuffle is the figure; file order (topic by topic) is the easy case
	for run in ecbplus ecbplus-fileorder; do
		loom_on "$OUT/$run.jsonl" "$OUT/$run.out.jsonl"
		"$BIN/score_clusters" --dataset "$(echo $run | tr - _)" --story subtopic \
			--storyline topic --csv "$CSV" "$OUT/ecbplus.gold.tsv" \
			"$OUT/$run.out.jsonl" || fail "scoring $run failed"
	done
	took "$t0"
else
	echo "skipped: $DATA/ecbplus not found"
fi

echo
echo "==== GoogleNews short texts: stories = the 152 event clusters"
GN=$DATA/googlenews_short_text_clusters
if [ -d "$GN" ]; then
	t0=$(date +%s)
	for set in TS T; do
		name=googlenews_$(echo "$set" | tr '[:upper:]' '[:lower:]')
		"$BIN/googlenews" "$GN/GoogleNews-$set.jsonl" "$OUT/$name.jsonl" \
			"$OUT/$name.gold.tsv" || fail "GoogleNews-$set conversion failed"
		loom_on "$OUT/$name.jsonl" "$OUT/$name.out.jsonl"
		"$BIN/score_clusters" --dataset "$name" --story cluster --csv "$CSV" \
			"$OUT/$name.gold.tsv" "$OUT/$name.out.jsonl" || fail "scoring $name failed"
	done
	took "$t0"
else
	echo "skipped: $GN not found"
fi

echo
echo "==== SemEval-2022 Task 8 sample: pair similarity against human ratings"
SE=$DATA/semeval2022_task8_sample
if [ -d "$SE" ]; then
	t0=$(date +%s)
	"$BIN/semeval" --csv "$CSV" "$SE/training_set.csv" "$SE/testing_set.csv" ||
		fail "semeval failed"
	took "$t0"
else
	echo "skipped: $SE not found"
fi

echo
echo "==== CoNLL-2003 English: names (PER, ORG, LOC) as Loom's entity mentions"
CO=$DATA/conll2003_en
if [ -d "$CO" ]; then
	t0=$(date +%s)
	# valid is the reported figure, train a second line
	for split in valid train; do
		name=conll_$split
		"$BIN/conll" "$CO/$split.txt" "$OUT/$name.jsonl" "$OUT/$name.gold.tsv" ||
			fail "CoNLL $split conversion failed"
		loom_on "$OUT/$name.jsonl" "$OUT/$name.out.json" "$DOC_ARGS"
		"$BIN/score_entities" --dataset "$name" --csv "$CSV" "$OUT/$name.gold.tsv" \
			"$OUT/$name.out.json" || fail "scoring $name failed"
	done
	took "$t0"
else
	echo "skipped: $CO not found"
fi

echo
echo "==== PolNeAR: direct quotes and their speakers"
PN=$DATA/polnear
if [ -d "$PN" ]; then
	t0=$(date +%s)
	# dev is the reported figure, train a second line
	for split in dev train; do
		name=polnear_$split
		"$BIN/polnear" "$PN/$split" "$OUT/$name.jsonl" "$OUT/$name.gold.tsv" \
			"$OUT/$name.ids.tsv" || fail "PolNeAR $split conversion failed"
		loom_on "$OUT/$name.jsonl" "$OUT/$name.out.json" "$DOC_ARGS"
		"$BIN/score_quotes" --dataset "$name" --csv "$CSV" "$OUT/$name.gold.tsv" \
			"$OUT/$name.out.json" || fail "scoring $name failed"
	done
	took "$t0"
else
	echo "skipped: $PN not found"
fi

# Figures rounded to 3 decimals, so that noise below that never shows.
round() {
	awk -F, 'NR > 1 {
		v = $3
		if (v ~ /^-?[0-9]+\.[0-9]+$/) v = sprintf("%.3f", v)
		print $1 "," $2 "," v
	}' "$1"
}

# table KEEP SKIP: the datasets whose name matches the awk pattern KEEP
# and not SKIP as columns, their metrics as rows; "no figures" if none,
# unless QUIET is set.
table() {
	round "$CSV" | awk -F, -v keep="$1" -v skip="$2" -v quiet="${QUIET:-}" '
$1 !~ keep || $1 ~ skip { next }
{
	if (!($1 in seen)) { seen[$1] = 1; ds[++nd] = $1 }
	if (!($2 in mseen)) { mseen[$2] = 1; ms[++nm] = $2 }
	v[$1, $2] = $3
}
END {
	if (!nd) { if (quiet == "") print "no figures"; exit }
	printf "%-32s", "metric"
	for (d = 1; d <= nd; d++) printf " %17s", ds[d]
	printf "\n"
	for (m = 1; m <= nm; m++) {
		printf "%-32s", ms[m]
		for (d = 1; d <= nd; d++)
			printf " %17s", ((ds[d], ms[m]) in v) ? v[ds[d], ms[m]] : "-"
		printf "\n"
	}
}'
}

echo
echo "==== table (build/eval/eval.csv)"
table . '^(semeval|conll|polnear)_'
round "$CSV" | awk -F, '
$1 !~ /^semeval_/ { next }
{
	g = substr($1, 9)
	if (!(g in seen)) { seen[g] = 1; gs[++ng] = g }
	if (!($2 in mseen)) { mseen[$2] = 1; ms[++nm] = $2 }
	v[g, $2] = $3
}
END {
	if (!ng) exit
	printf "\nsemeval (correlation with -Overall: higher is better)\n%-8s", "group"
	for (m = 1; m <= nm; m++) printf " %20s", ms[m]
	printf "\n"
	for (g = 1; g <= ng; g++) {
		printf "%-8s", gs[g]
		for (m = 1; m <= nm; m++)
			printf " %20s", ((gs[g], ms[m]) in v) ? v[gs[g], ms[m]] : "-"
		printf "\n"
	}
}'

for part in conll polnear; do
	QUIET=1 table "^${part}_" '^$' | awk -v p="$part" 'NR == 1 {
		print "\n" (p == "conll" ? "entities (exact spans)" : "quotes (overlap >= half the longer span)")
	} { print }'
done

echo
echo "==== against $REF (3 decimals)"
if [ ! -r "$REF" ]; then
	echo "no $REF yet"
else
	round "$REF" >"$OUT/eval.ref.rounded"
	round "$CSV" >"$OUT/eval.rounded"
	awk -F, 'NR == FNR { ref[$1 "," $2] = $3; order[++nr] = $1 "," $2; next }
	{
		k = $1 "," $2; now[k] = 1
		if (!(k in ref)) { printf "  new      %-48s %s\n", k, $3; n++ }
		else if (ref[k] != $3) {
			d = ""
			if ($3 ~ /^-?[0-9.]+$/ && ref[k] ~ /^-?[0-9.]+$/)
				d = sprintf($3 ref[k] ~ /\./ ? "(%+.3f)" : "(%+d)", $3 - ref[k])
			printf "  changed  %-48s %s -> %s %s\n", k, ref[k], $3, d; n++
		}
	}
	END {
		for (i = 1; i <= nr; i++)
			if (!(order[i] in now)) { printf "  gone     %-48s %s\n", order[i], ref[order[i]]; n++ }
		if (!n) print "  no change"
	}' "$OUT/eval.ref.rounded" "$OUT/eval.rounded"
fi
echo "to accept these figures: cp $CSV $REF"
exit 0
