/* spans.c - gold TSV, Loom's document, counts to scores; see spans.h. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "spans.h"

/* The whole file as one NUL-terminated buffer: the gold files are a few
 * MB at most, and cells can then point into it. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	eval_buf b = {0};
	char chunk[65536];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = eval_buf_add(&b, chunk, n);
	if (ferror(f) || (!rc && eval_buf_add(&b, "", 0)))
		rc = -1;
	fclose(f);
	if (rc) {
		eval_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.p;
}

#define MAX_TSV_COLUMNS 32

int spans_tsv_read(spans_tsv *out, const char *path, const char *const *cols,
		   size_t ncols, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	size_t len = 0, cap = 0, at[MAX_TSV_COLUMNS];
	out->data = slurp(path, &len);
	if (!out->data) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		return -1;
	}
	out->ncols = ncols;
	size_t lineno = 0, header = 0;
	for (char *line = out->data, *next; line < out->data + len; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : out->data + len;
		lineno++;
		size_t ll = (size_t)(next - line);
		while (ll && (line[ll - 1] == '\n' || line[ll - 1] == '\r'))
			line[--ll] = '\0';
		if (!ll)
			continue;
		char *col[MAX_TSV_COLUMNS];
		size_t nc = eval_split_tabs(line, col, MAX_TSV_COLUMNS);
		if (!header) {
			header = nc;
			for (size_t c = 0; c < ncols; c++) {
				size_t k = 0;
				while (k < nc && strcmp(col[k], cols[c]))
					k++;
				if (k == nc) {
					snprintf(err, errlen, "header has no column %s", cols[c]);
					return -1;
				}
				at[c] = k;
			}
			continue;
		}
		if (nc != header) {
			snprintf(err, errlen, "line %zu: %zu columns, header has %zu",
				 lineno, nc, header);
			return -1;
		}
		if ((out->nrows + 1) * ncols > cap) {
			cap = cap ? cap * 2 : 1024 * ncols;
			char **c = realloc(out->cell, cap * sizeof *c);
			if (!c) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			out->cell = c;
		}
		for (size_t c = 0; c < ncols; c++)
			out->cell[out->nrows * ncols + c] = col[at[c]];
		out->nrows++;
	}
	if (!header) {
		snprintf(err, errlen, "empty");
		return -1;
	}
	return 0;
}

void spans_tsv_free(spans_tsv *t)
{
	free(t->data);
	free(t->cell);
	memset(t, 0, sizeof *t);
}

long spans_offset(const char *s)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	return *end || errno || v == LONG_MAX ? -1 : v;
}

json_t *spans_load_doc(const char *path, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);
	if (!doc) {
		if (jerr.line > 0)
			snprintf(err, errlen, "line %d: %s", jerr.line, jerr.text);
		else
			snprintf(err, errlen, "%s", jerr.text);
		return NULL;
	}
	if (!json_is_object(doc)) {
		snprintf(err, errlen, "not a JSON object (loom analyze --json writes one)");
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int spans_json_span(const json_t *o, const char **article, long *start,
		    long *end)
{
	const json_t *a = json_object_get(o, "article");
	const json_t *s = json_object_get(o, "start");
	const json_t *e = json_object_get(o, "end");
	if (!json_is_string(a) || !json_is_integer(s) || !json_is_integer(e))
		return -1;
	json_int_t si = json_integer_value(s), ei = json_integer_value(e);
	if (si < 0 || ei < si || ei > LONG_MAX)
		return -1;
	*article = json_string_value(a);
	*start = (long)si;
	*end = (long)ei;
	return 0;
}

void spans_prf_set(spans_prf *out, size_t tp, size_t npred, size_t ngold)
{
	out->tp = tp;
	out->npred = npred;
	out->ngold = ngold;
	out->p = npred ? (double)tp / (double)npred : NAN;
	out->r = ngold ? (double)tp / (double)ngold : NAN;
	if (!tp)
		out->f1 = npred || ngold ? 0 : NAN;
	else
		out->f1 = 2 * out->p * out->r / (out->p + out->r);
}

int spans_check(FILE *log, const char *test, const char *what, double got,
		double want)
{
	int same = isnan(want) ? isnan(got) : fabs(got - want) < 1e-9;
	if (!same)
		fprintf(log, "self-test %s: %s is %.10g, want %.10g\n", test, what,
			got, want);
	return !same;
}

int spans_parse_args(spans_args *out, int argc, char **argv, const char *tool)
{
	memset(out, 0, sizeof *out);
	if (argc == 2 && !strcmp(argv[1], "--self-test")) {
		out->self_test = 1;
		return 0;
	}
	int a = 1;
	for (; a + 1 < argc && !strncmp(argv[a], "--", 2); a += 2) {
		if (!strcmp(argv[a], "--dataset"))
			out->dataset = argv[a + 1];
		else if (!strcmp(argv[a], "--csv"))
			out->csv = argv[a + 1];
		else
			break;
	}
	if (argc - a != 2 || !out->dataset) {
		fprintf(stderr, "usage: %s --self-test\n"
			"       %s --dataset NAME [--csv FILE] GOLD.tsv LOOM.json\n",
			tool, tool);
		return -1;
	}
	out->gold = argv[a];
	out->loom = argv[a + 1];
	return 0;
}
