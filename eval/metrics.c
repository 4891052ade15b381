/* metrics.c - clustering scores and correlations; see eval.h.
 *
 * Every cluster score is computed from the contingency table (the count of
 * items per gold x predicted cluster), built by sorting (gold, pred) keys,
 * so the cost is O(n log n) and no item pair is ever enumerated. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static double pairs_of(double c)
{
	return c * (c - 1) / 2;
}

static double entropy(const double *size, size_t k, double n)
{
	double h = 0;
	for (size_t i = 0; i < k; i++)
		if (size[i] > 0)
			h -= size[i] / n * log(size[i] / n);
	return h;
}

static double f1(double p, double r)
{
	if (isnan(p) || isnan(r))
		return NAN;
	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Sizes of the clusters of a labelling; *out_k is the largest label + 1. */
static double *sizes(const uint32_t *label, size_t n, size_t *out_k)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if ((size_t)label[i] + 1 > k)
			k = (size_t)label[i] + 1;
	double *s = calloc(k ? k : 1, sizeof *s);
	if (s)
		for (size_t i = 0; i < n; i++)
			s[label[i]]++;
	*out_k = k;
	return s;
}

static size_t nonempty(const double *size, size_t k)
{
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		m += size[i] > 0;
	return m;
}

int eval_cluster_scores(eval_clusters *out, const uint32_t *gold,
			const uint32_t *pred, size_t n)
{
	out->n = n;
	out->ngold = out->npred = 0;
	out->b3_p = out->b3_r = out->b3_f1 = NAN;
	out->pair_p = out->pair_r = out->pair_f1 = NAN;
	out->nmi = out->ari = NAN;
	if (!n)
		return 0;
	size_t kg, kp;
	double *gs = sizes(gold, n, &kg), *ps = sizes(pred, n, &kp);
	uint64_t *cell = malloc(n * sizeof *cell);
	if (!gs || !ps || !cell) {
		free(gs);
		free(ps);
		free(cell);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		cell[i] = (uint64_t)gold[i] << 32 | pred[i];
	qsort(cell, n, sizeof *cell, cmp_u64);

	double dn = (double)n, bp = 0, br = 0, tp = 0, mi = 0;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && cell[j] == cell[i]; j++)
			;
		double c = (double)(j - i);
		uint32_t g = (uint32_t)(cell[i] >> 32), p = (uint32_t)cell[i];
		bp += c * c / ps[p];
		br += c * c / gs[g];
		tp += pairs_of(c);
		mi += c / dn * log(dn * c / (gs[g] * ps[p]));
	}
	double gp = 0, pp = 0;
	for (size_t i = 0; i < kg; i++)
		gp += pairs_of(gs[i]);
	for (size_t i = 0; i < kp; i++)
		pp += pairs_of(ps[i]);
	out->ngold = nonempty(gs, kg);
	out->npred = nonempty(ps, kp);
	out->b3_p = bp / dn;
	out->b3_r = br / dn;
	out->b3_f1 = f1(out->b3_p, out->b3_r);
	out->pair_p = pp > 0 ? tp / pp : NAN;
	out->pair_r = gp > 0 ? tp / gp : NAN;
	/* no shared pair at all: F1 is 0 if gold has pairs to find */
	out->pair_f1 = tp == 0 && gp > 0 ? 0 : f1(out->pair_p, out->pair_r);

	double hg = entropy(gs, kg, dn), hp = entropy(ps, kp, dn);
	/* both one cluster: the labellings agree, as in scikit-learn */
	out->nmi = hg + hp > 0 ? mi / ((hg + hp) / 2) : 1;
	if (out->nmi < 0) /* rounding when mi is a tiny negative */
		out->nmi = 0;

	/* Hubert and Arabie: the pair agreement corrected for chance */
	double all = pairs_of(dn), expect = all > 0 ? gp * pp / all : 0;
	double best = (gp + pp) / 2;
	out->ari = best != expect ? (tp - expect) / (best - expect) : 1;
	free(gs);
	free(ps);
	free(cell);
	return 0;
}

typedef struct triple {
	uint32_t a, b, c;
} triple;

static int cmp_triple(const void *x, const void *y)
{
	const triple *s = x, *t = y;
	if (s->a != t->a)
		return (s->a > t->a) - (s->a < t->a);
	if (s->b != t->b)
		return (s->b > t->b) - (s->b < t->b);
	return (s->c > t->c) - (s->c < t->c);
}

/* Adds C(run, 2) to sum[t[i].a] for every run of t sorted on (a, b) or on
 * (a, b, c) (width 2 or 3). */
static void add_run_pairs(double *sum, const triple *t, size_t n, int width)
{
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && t[j].a == t[i].a && t[j].b == t[i].b &&
			    (width == 2 || t[j].c == t[i].c); j++)
			;
		sum[t[i].a] += pairs_of((double)(j - i));
	}
}

int eval_sister_merges(eval_sisters *out, const uint32_t *group,
		       const uint32_t *gold, const uint32_t *pred, size_t n)
{
	memset(out, 0, sizeof *out);
	size_t kg;
	double *gsize = sizes(group, n, &kg);
	triple *t = malloc((n ? n : 1) * sizeof *t);
	/* per group: pairs in one gold cluster, pairs in one predicted
	 * cluster, and pairs in both */
	double *same_gold = calloc(kg ? kg : 1, sizeof *same_gold);
	double *same_pred = calloc(kg ? kg : 1, sizeof *same_pred);
	double *same_both = calloc(kg ? kg : 1, sizeof *same_both);
	int rc = -1;
	if (!gsize || !t || !same_gold || !same_pred || !same_both)
		goto done;
	for (size_t i = 0; i < n; i++)
		t[i] = (triple){group[i], gold[i], pred[i]};
	qsort(t, n, sizeof *t, cmp_triple);
	add_run_pairs(same_gold, t, n, 2);
	add_run_pairs(same_both, t, n, 3);
	for (size_t i = 0; i < n; i++)
		t[i] = (triple){group[i], pred[i], 0};
	qsort(t, n, sizeof *t, cmp_triple);
	add_run_pairs(same_pred, t, n, 2);
	for (size_t g = 0; g < kg; g++) {
		double cross = pairs_of(gsize[g]) - same_gold[g];
		double merged = same_pred[g] - same_both[g];
		out->pairs += (uint64_t)cross;
		out->merged += (uint64_t)merged;
		out->groups += cross > 0;
		out->merged_groups += merged > 0;
	}
	rc = 0;
done:
	free(gsize);
	free(t);
	free(same_gold);
	free(same_pred);
	free(same_both);
	return rc;
}

double eval_pearson(const double *x, const double *y, size_t n)
{
	if (n < 2)
		return NAN;
	double mx = 0, my = 0;
	for (size_t i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	double sxy = 0, sxx = 0, syy = 0;
	for (size_t i = 0; i < n; i++) {
		sxy += (x[i] - mx) * (y[i] - my);
		sxx += (x[i] - mx) * (x[i] - mx);
		syy += (y[i] - my) * (y[i] - my);
	}
	if (sxx <= 0 || syy <= 0)
		return NAN;
	return sxy / sqrt(sxx * syy);
}

static const double *rank_key;

static int cmp_by_key(const void *a, const void *b)
{
	double x = rank_key[*(const size_t *)a], y = rank_key[*(const size_t *)b];
	return (x > y) - (x < y);
}

/* 1-based ranks, ties sharing the mean of the ranks they span. */
static int ranks(double *out, const double *v, size_t n)
{
	size_t *order = malloc(n * sizeof *order);
	if (!order)
		return -1;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	rank_key = v; /* qsort has no context argument in C11 */
	qsort(order, n, sizeof *order, cmp_by_key);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && v[order[j]] == v[order[i]]; j++)
			;
		double mean = (double)(i + 1 + j) / 2;
		for (size_t k = i; k < j; k++)
			out[order[k]] = mean;
	}
	free(order);
	return 0;
}

double eval_spearman(const double *x, const double *y, size_t n)
{
	if (n < 2)
		return NAN;
	double *rx = malloc(n * sizeof *rx), *ry = malloc(n * sizeof *ry);
	double r = NAN;
	if (rx && ry && !ranks(rx, x, n) && !ranks(ry, y, n))
		r = eval_pearson(rx, ry, n);
	free(rx);
	free(ry);
	return r;
}

void eval_print_value(FILE *f, double v)
{
	if (isnan(v))
		fputs("nan", f);
	else if (v == floor(v) && fabs(v) < 1e15)
		fprintf(f, "%.0f", v);
	else
		fprintf(f, "%.4f", v);
}

void eval_put(FILE *csv, const char *dataset, const char *metric, double v)
{
	if (!csv)
		return;
	fprintf(csv, "%s,%s,", dataset, metric);
	eval_print_value(csv, v);
	putc('\n', csv);
}
