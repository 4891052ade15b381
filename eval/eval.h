/* eval.h - pieces shared by the evaluation tools (see eval/README.md): a
 * growable byte buffer, JSONL output, a seeded shuffle, cluster metrics and
 * correlations. The tools are programs, so helpers return codes and the
 * mains print; nothing here exits. */
#ifndef LOOM_EVAL_EVAL_H
#define LOOM_EVAL_EVAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- evalio.c ------------------------------------------------------------ */

typedef struct eval_buf {
	char *p;
	size_t len, cap;
} eval_buf;

/* Appends n bytes and keeps p NUL-terminated. Returns 0 or -1 (no memory). */
int eval_buf_add(eval_buf *b, const char *s, size_t n);
int eval_buf_adds(eval_buf *b, const char *s);
void eval_buf_free(eval_buf *b);

/* Writes {"id":id,"text":text} (and "title" when title is not NULL) as one
 * line. Returns 0, or -1 when text is not UTF-8, memory ran out or the
 * write failed. */
int eval_write_doc(FILE *f, const char *id, const char *title,
		   const char *text, size_t text_len);

/* Fisher-Yates with splitmix64: the same seed gives the same order on
 * every machine, so a figure never moves because of the shuffle alone. */
void eval_shuffle(size_t *idx, size_t n, uint64_t seed);

/* Cuts one line (NUL-terminated, no newline) at tabs; returns the count,
 * at most max. */
size_t eval_split_tabs(char *s, char **col, size_t max);

/* Opens the n files path[i] with mode[i]: all of them, or none (the ones
 * opened are closed again). Returns NULL, or the path that failed. */
const char *eval_open_all(FILE **f, char *const *path, const char *const *mode,
			  size_t n);

/* ---- detok.c ------------------------------------------------------------ */

/* Per document: split_hyphens is set when the tokeniser cut hyphenated
 * words (ECB+ files: 90 - day), dquote is whether a double quote is open
 * and carries over from one sentence to the next. Start with dquote 0. */
typedef struct eval_detok_state {
	int split_hyphens;
	int dquote;
} eval_detok_state;

/* Appends the n tokens of one sentence to out, spaced as in running text.
 * Returns 0 or -1 (no memory). */
int eval_detok(eval_buf *out, const char *const *tok, size_t n,
	       eval_detok_state *st);

/* ---- metrics.c ----------------------------------------------------------- */

/* Two labellings of the same n items, labels dense in [0, ngold) and
 * [0, npred). Every field is NAN when undefined (e.g. pairwise precision
 * when no two items share a predicted cluster). */
typedef struct eval_clusters {
	size_t n, ngold, npred;
	double b3_p, b3_r, b3_f1;
	double pair_p, pair_r, pair_f1;
	double nmi;  /* mutual information over the arithmetic mean of the
			entropies (scikit-learn's default) */
	double ari;
} eval_clusters;

/* Returns 0 or -1 (no memory). */
int eval_cluster_scores(eval_clusters *out, const uint32_t *gold,
			const uint32_t *pred, size_t n);

/* Sister events: item pairs in the same gold group (storyline) but in a
 * different gold cluster (story), and how many of them share a predicted
 * cluster. groups counts the gold groups that hold such pairs, merged_groups
 * those where at least one such pair was merged. */
typedef struct eval_sisters {
	uint64_t pairs, merged;
	size_t groups, merged_groups;
} eval_sisters;
int eval_sister_merges(eval_sisters *out, const uint32_t *group,
		       const uint32_t *gold, const uint32_t *pred, size_t n);

/* Pearson and Spearman (ties get their mean rank) correlation; NAN when
 * either side is constant or n < 2. Spearman returns NAN also when out of
 * memory. */
double eval_pearson(const double *x, const double *y, size_t n);
double eval_spearman(const double *x, const double *y, size_t n);

/* Prints a value for the CSV: "nan" for NAN (never "-nan"), else %.4f. */
void eval_print_value(FILE *f, double v);

/* Appends "dataset,metric,value" to csv (nothing when csv is NULL). */
void eval_put(FILE *csv, const char *dataset, const char *metric, double v);

/* ---- selftest.c ---------------------------------------------------------- */

/* Checks the metrics above on hand-worked cases; prints each mismatch to
 * log. Returns 0 when all match, 1 otherwise. */
int eval_self_test(FILE *log);

#endif
