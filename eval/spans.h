/* spans.h - pieces shared by the span scorers (score_entities,
 * score_quotes; see eval/README.md): the gold TSV, Loom's JSON document,
 * precision and recall over counted matches, the CSV lines and the checks
 * of the self-tests. Like eval.h, nothing here prints or exits. */
#ifndef LOOM_EVAL_SPANS_H
#define LOOM_EVAL_SPANS_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/* A TSV read whole: a header row naming the columns, then one row per
 * line (blank lines skipped). cell[r * ncols + c] is column c, in the
 * order they were asked for, of row r. */
typedef struct spans_tsv {
	char *data; /* the file, its cells cut into NUL-terminated strings */
	char **cell;
	size_t nrows, ncols;
} spans_tsv;

/* Reads path, keeping the ncols columns named in cols (the header must
 * have them all; other columns are passed over). Returns 0, or -1 with
 * why in err. out is to be freed with spans_tsv_free, also on failure. */
int spans_tsv_read(spans_tsv *out, const char *path, const char *const *cols,
		   size_t ncols, char *err, size_t errlen);
void spans_tsv_free(spans_tsv *t);

/* A byte offset written in decimal; -1 when s is not one. */
long spans_offset(const char *s);

/* Loom's output document (loom analyze --json). Returns a new reference,
 * or NULL with why in err when it is no JSON object. */
json_t *spans_load_doc(const char *path, char *err, size_t errlen);

/* An {"article", "start", "end"} object of Loom's output: returns 0 and
 * fills the three (article borrowed from o), or -1 when one is missing or
 * the span is not 0 <= start <= end. */
int spans_json_span(const json_t *o, const char **article, long *start,
		    long *end);

/* Precision, recall and F1 from counts: p is NAN with nothing predicted,
 * r is NAN with nothing to find, and F1 is 0 when there was something on
 * either side and no match. */
typedef struct spans_prf {
	size_t tp, npred, ngold;
	double p, r, f1;
} spans_prf;
void spans_prf_set(spans_prf *out, size_t tp, size_t npred, size_t ngold);

/* The scorers' command line: `--self-test`, or
 * `--dataset NAME [--csv FILE] GOLD.tsv LOOM.json`. */
typedef struct spans_args {
	int self_test;
	const char *dataset, *csv, *gold, *loom;
} spans_args;
/* Returns 0, or -1 after printing tool's usage to stderr. */
int spans_parse_args(spans_args *out, int argc, char **argv, const char *tool);

/* Compares a figure with the value worked out by hand (NAN matches NAN)
 * and prints a mismatch to log. Returns 0 when they match, 1 otherwise. */
int spans_check(FILE *log, const char *test, const char *what, double got,
		double want);

#endif
