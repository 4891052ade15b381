/* score_clusters.c - Loom's stories (and storylines) against gold clusters.
 *
 *   score_clusters --self-test
 *   score_clusters --dataset NAME --story COL [--storyline COL] [--csv FILE]
 *                  GOLD.tsv PRED.jsonl
 *
 * GOLD.tsv has a header row naming its columns, one of them "id"; --story
 * names the gold story column, --storyline the gold storyline column (then
 * sister-event merges and storyline scores are reported too). PRED.jsonl is
 * any JSONL with "id", "story" and "storyline" per line (loom analyze
 * --jsonl, loom cluster): a later line for an id replaces an earlier one,
 * as in Loom's output contract. A gold id with no line counts as missing
 * and scores as a cluster of its own. Prints a summary and appends
 * "NAME,metric,value" lines to FILE. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#define MAX_COLUMNS 16

typedef struct table {
	char **id;            /* sorted, so an id is found by bsearch */
	char **story, **line; /* gold labels; line is NULL without --storyline */
	char **pstory, **pline; /* predicted labels, NULL until seen */
	size_t n;
} table;

typedef struct row {
	char *id, *story, *line;
} row;

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const row *)a)->id, ((const row *)b)->id);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* Reads the gold table. Returns 0, or -1 with why in err. */
static int read_gold(table *t, const char *path, const char *story_col,
		     const char *line_col, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open");
		return -1;
	}
	char *buf = NULL, *col[MAX_COLUMNS];
	size_t cap = 0, nrows = 0, rcap = 0, lineno = 0;
	row *rows = NULL;
	int ci = -1, cs = -1, cl = -1, ncol = 0, rc = 0;
	ssize_t len;
	while (!rc && (len = getline(&buf, &cap, f)) >= 0) {
		lineno++;
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (!len)
			continue;
		int nc = (int)eval_split_tabs(buf, col, MAX_COLUMNS);
		if (lineno == 1) {
			for (int i = 0; i < nc; i++) {
				ci = strcmp(col[i], "id") ? ci : i;
				cs = strcmp(col[i], story_col) ? cs : i;
				cl = line_col && !strcmp(col[i], line_col) ? i : cl;
			}
			ncol = nc;
			if (ci < 0 || cs < 0 || (line_col && cl < 0)) {
				snprintf(err, errlen, "header lacks id, %s%s%s", story_col,
					 line_col ? " or " : "", line_col ? line_col : "");
				rc = -1;
			}
			continue;
		}
		if (nc != ncol) {
			snprintf(err, errlen, "line %zu: %d columns, header has %d", lineno, nc, ncol);
			rc = -1;
			break;
		}
		if (nrows == rcap) {
			rcap = rcap ? rcap * 2 : 1024;
			row *nr = realloc(rows, rcap * sizeof *nr);
			if (!nr) {
				rc = -1;
				snprintf(err, errlen, "out of memory");
				break;
			}
			rows = nr;
		}
		row *r = &rows[nrows++];
		*r = (row){dup(col[ci]), dup(col[cs]), cl >= 0 ? dup(col[cl]) : NULL};
		if (!r->id || !r->story || (cl >= 0 && !r->line)) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		}
	}
	free(buf);
	fclose(f);
	if (!rc && lineno == 0) {
		snprintf(err, errlen, "empty");
		rc = -1;
	}
	if (!rc)
		qsort(rows, nrows, sizeof *rows, cmp_row);
	for (size_t i = 1; !rc && i < nrows; i++)
		if (!strcmp(rows[i].id, rows[i - 1].id)) {
			snprintf(err, errlen, "id %.100s twice", rows[i].id);
			rc = -1;
		}
	t->n = nrows;
	t->id = calloc(nrows + 1, sizeof *t->id);
	t->story = calloc(nrows + 1, sizeof *t->story);
	t->line = line_col ? calloc(nrows + 1, sizeof *t->line) : NULL;
	t->pstory = calloc(nrows + 1, sizeof *t->pstory);
	t->pline = calloc(nrows + 1, sizeof *t->pline);
	if (!rc && (!t->id || !t->story || (line_col && !t->line) || !t->pstory || !t->pline)) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	for (size_t i = 0; i < nrows; i++) {
		if (rc) {
			free(rows[i].id);
			free(rows[i].story);
			free(rows[i].line);
			continue;
		}
		t->id[i] = rows[i].id;
		t->story[i] = rows[i].story;
		if (t->line)
			t->line[i] = rows[i].line;
	}
	free(rows);
	return rc;
}

/* A label as text: Loom gives strings, another tool may give numbers. */
static char *label_of(json_t *v)
{
	char num[32];
	if (json_is_string(v))
		return dup(json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		return dup(num);
	}
	return NULL;
}

static void set_label(char **slot, json_t *v)
{
	char *l = label_of(v);
	if (l || !v) { /* a null or absent label keeps nothing */
		free(*slot);
		*slot = l;
	}
}

/* Reads the predictions. Returns 0, or -1 with why in err; *extra counts
 * lines whose id is not in the gold. */
static int read_pred(table *t, const char *path, size_t *extra, char *err,
		     size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open");
		return -1;
	}
	char *buf = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int rc = 0;
	*extra = 0;
	while (!rc && (len = getline(&buf, &cap, f)) >= 0) {
		lineno++;
		if (len <= 1)
			continue;
		json_error_t jerr;
		json_t *o = json_loadb(buf, (size_t)len, 0, &jerr);
		json_t *id = json_object_get(o, "id");
		if (!json_is_string(id)) {
			snprintf(err, errlen, "line %zu: %s", lineno,
				 o ? "no \"id\" string" : jerr.text);
			rc = -1;
		} else {
			const char *key = json_string_value(id);
			char **hit = bsearch(&key, t->id, t->n, sizeof *t->id, cmp_str);
			if (!hit) {
				(*extra)++;
			} else {
				size_t i = (size_t)(hit - t->id);
				set_label(&t->pstory[i], json_object_get(o, "story"));
				set_label(&t->pline[i], json_object_get(o, "storyline"));
			}
		}
		json_decref(o);
	}
	free(buf);
	fclose(f);
	return rc;
}

typedef struct lab {
	const char *s;
	size_t i;
} lab;

static int cmp_lab(const void *a, const void *b)
{
	const lab *x = a, *y = b;
	if (!x->s || !y->s) /* the missing ones sort last */
		return !x->s - !y->s;
	return strcmp(x->s, y->s);
}

/* Dense numbers for string labels; each NULL label gets a number of its
 * own, since an article Loom did not place is a cluster by itself. */
static uint32_t *number_labels(char *const *s, size_t n)
{
	lab *l = malloc((n + 1) * sizeof *l);
	uint32_t *out = malloc((n + 1) * sizeof *out);
	if (!l || !out) {
		free(l);
		free(out);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		l[i] = (lab){s[i], i};
	qsort(l, n, sizeof *l, cmp_lab);
	uint32_t next = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (!l[i].s || cmp_lab(&l[i], &l[i - 1])))
			next++;
		out[l[i].i] = next;
	}
	free(l);
	return out;
}

static FILE *csv;
static const char *dataset;

static void put(const char *metric, double v)
{
	eval_put(csv, dataset, metric, v);
}

static void put_scores(const char *what, const eval_clusters *s)
{
	static const char *const name[] = {
		"clusters_gold", "clusters_pred", "b3_p", "b3_r", "b3_f1",
		"pair_p", "pair_r", "pair_f1", "nmi", "ari"
	};
	const double v[] = {
		(double)s->ngold, (double)s->npred, s->b3_p, s->b3_r, s->b3_f1,
		s->pair_p, s->pair_r, s->pair_f1, s->nmi, s->ari
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char metric[64];
		snprintf(metric, sizeof metric, "%s_%s", what, name[i]);
		put(metric, v[i]);
	}
	printf("  %-9s %5zu predicted vs %4zu gold | B3 P %.3f R %.3f F1 %.3f | "
	       "pairs P %.3f R %.3f F1 %.3f | NMI %.3f ARI %.3f\n", what, s->npred,
	       s->ngold, s->b3_p, s->b3_r, s->b3_f1, s->pair_p, s->pair_r,
	       s->pair_f1, s->nmi, s->ari);
}

static int score(const table *t)
{
	size_t missing = 0;
	for (size_t i = 0; i < t->n; i++)
		missing += !t->pstory[i];
	uint32_t *gs = number_labels(t->story, t->n);
	uint32_t *ps = number_labels(t->pstory, t->n);
	uint32_t *gl = t->line ? number_labels(t->line, t->n) : NULL;
	uint32_t *pl = t->line ? number_labels(t->pline, t->n) : NULL;
	eval_clusters s, l;
	eval_sisters m;
	int rc = -1;
	if (!gs || !ps || (t->line && (!gl || !pl)) ||
	    eval_cluster_scores(&s, gs, ps, t->n) ||
	    (t->line && (eval_cluster_scores(&l, gl, pl, t->n) ||
			 eval_sister_merges(&m, gl, gs, ps, t->n))))
		goto done;
	put("docs", (double)t->n);
	put("missing", (double)missing);
	put_scores("story", &s);
	if (t->line) {
		double rate = m.pairs ? (double)m.merged / (double)m.pairs : NAN;
		put("sister_pairs", (double)m.pairs);
		put("sister_merged", (double)m.merged);
		put("sister_merge_rate", rate);
		put("sister_storylines", (double)m.groups);
		put("sister_storylines_merged", (double)m.merged_groups);
		put_scores("storyline", &l);
		printf("  sister events: %.1f%% of the %llu pairs in one gold storyline "
		       "but different gold stories share a Loom story;\n"
		       "  %zu of the %zu gold storylines with two stories have such "
		       "a merge\n", 100 * rate, (unsigned long long)m.pairs,
		       m.merged_groups, m.groups);
	}
	rc = 0;
done:
	free(gs);
	free(ps);
	free(gl);
	free(pl);
	return rc;
}

static void free_table(table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->id)
			free(t->id[i]);
		if (t->story)
			free(t->story[i]);
		if (t->line)
			free(t->line[i]);
		if (t->pstory)
			free(t->pstory[i]);
		if (t->pline)
			free(t->pline[i]);
	}
	free(t->id);
	free(t->story);
	free(t->line);
	free(t->pstory);
	free(t->pline);
}

static int usage(void)
{
	fprintf(stderr, "usage: score_clusters --self-test\n"
		"       score_clusters --dataset NAME --story COL [--storyline COL]"
		" [--csv FILE] GOLD.tsv PRED.jsonl\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *story_col = NULL, *line_col = NULL, *csv_path = NULL;
	int a = 1;
	if (argc == 2 && !strcmp(argv[1], "--self-test")) {
		int bad = eval_self_test(stderr);
		printf("score_clusters self-test: %s\n", bad ? "FAILED" : "passed");
		return bad;
	}
	for (; a + 1 < argc && !strncmp(argv[a], "--", 2); a += 2) {
		if (!strcmp(argv[a], "--dataset"))
			dataset = argv[a + 1];
		else if (!strcmp(argv[a], "--story"))
			story_col = argv[a + 1];
		else if (!strcmp(argv[a], "--storyline"))
			line_col = argv[a + 1];
		else if (!strcmp(argv[a], "--csv"))
			csv_path = argv[a + 1];
		else
			return usage();
	}
	if (argc - a != 2 || !dataset || !story_col)
		return usage();
	table t = {0};
	char err[256] = "";
	size_t extra = 0;
	if (read_gold(&t, argv[a], story_col, line_col, err, sizeof err)) {
		fprintf(stderr, "score_clusters: %s: %s\n", argv[a], err);
		free_table(&t);
		return 1;
	}
	if (read_pred(&t, argv[a + 1], &extra, err, sizeof err)) {
		fprintf(stderr, "score_clusters: %s: %s\n", argv[a + 1], err);
		free_table(&t);
		return 1;
	}
	if (csv_path && !(csv = fopen(csv_path, "a"))) {
		fprintf(stderr, "score_clusters: cannot open %s\n", csv_path);
		free_table(&t);
		return 1;
	}
	size_t missing = 0;
	for (size_t i = 0; i < t.n; i++)
		missing += !t.pstory[i];
	printf("%s: %zu gold articles, %zu without a story in the output, "
	       "%zu output lines for other ids\n", dataset, t.n, missing, extra);
	int rc = score(&t);
	if (rc)
		fprintf(stderr, "score_clusters: out of memory\n");
	if (csv && fclose(csv)) {
		fprintf(stderr, "score_clusters: write to %s failed\n", csv_path);
		rc = -1;
	}
	free_table(&t);
	return rc ? 1 : 0;
}
