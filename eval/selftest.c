/* selftest.c - the metrics on cases small enough to work out by hand; see
 * eval.h. score_clusters --self-test runs them before any figure is
 * trusted. */
#include <math.h>

#include "eval.h"

typedef struct check {
	const char *name;
	double got, want;
} check;

static int run(FILE *log, const char *name, const check *c, size_t n)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		int same = isnan(c[i].want) ? isnan(c[i].got) :
			   fabs(c[i].got - c[i].want) < 1e-9;
		if (!same) {
			fprintf(log, "self-test %s: %s is %.10g, want %.10g\n", name,
				c[i].name, c[i].got, c[i].want);
			bad = 1;
		}
	}
	return bad;
}

#define N(a) (sizeof(a) / sizeof(a)[0])

int eval_self_test(FILE *log)
{
	int bad = 0;
	eval_clusters s;

	/* gold {a b c} {d e}, pred {a b} {c d e}: the cells are ab, c, de.
	 * B3 P = (2*2/2 + 1/3 + 2*2/3) / 5 = 11/15, and R the same by
	 * symmetry. Pairs: gold 3 + 1, pred 1 + 3, shared ab + de = 2.
	 * MI = .4 ln(10/6) + .2 ln(5/9) + .4 ln(10/6) = 0.2911;
	 * H = -(.6 ln .6 + .4 ln .4) = 0.6730 both sides: NMI 0.432538.
	 * ARI: expected 4 * 4 / 10 = 1.6, (2 - 1.6) / (4 - 1.6) = 1/6. */
	const uint32_t g1[] = {0, 0, 0, 1, 1}, p1[] = {0, 0, 1, 1, 1};
	if (eval_cluster_scores(&s, g1, p1, N(g1)))
		return 1;
	const check c1[] = {
		{"b3_p", s.b3_p, 11.0 / 15}, {"b3_r", s.b3_r, 11.0 / 15},
		{"b3_f1", s.b3_f1, 11.0 / 15}, {"pair_p", s.pair_p, 0.5},
		{"pair_r", s.pair_r, 0.5}, {"pair_f1", s.pair_f1, 0.5},
		{"nmi", s.nmi, 0.4325380677663126}, {"ari", s.ari, 1.0 / 6},
		{"ngold", (double)s.ngold, 2}, {"npred", (double)s.npred, 2},
	};
	bad |= run(log, "two clusters", c1, N(c1));

	/* gold {a b} {c} {d}, everything in one predicted cluster:
	 * B3 P = (2*2/4 + 1/4 + 1/4) / 4 = 3/8, R = 1, F1 = 6/11. Pairs: 1 of
	 * 6 predicted is a gold pair: P 1/6, R 1, F1 2/7. The prediction has
	 * no entropy, so NMI 0; ARI (1 - 1) / (3.5 - 1) = 0. */
	const uint32_t g2[] = {0, 0, 1, 2}, p2[] = {5, 5, 5, 5};
	if (eval_cluster_scores(&s, g2, p2, N(g2)))
		return 1;
	const check c2[] = {
		{"b3_p", s.b3_p, 3.0 / 8}, {"b3_r", s.b3_r, 1},
		{"b3_f1", s.b3_f1, 6.0 / 11}, {"pair_p", s.pair_p, 1.0 / 6},
		{"pair_r", s.pair_r, 1}, {"pair_f1", s.pair_f1, 2.0 / 7},
		{"nmi", s.nmi, 0}, {"ari", s.ari, 0}, {"npred", (double)s.npred, 1},
	};
	bad |= run(log, "one predicted cluster", c2, N(c2));

	/* singletons on both sides: perfect, but no pair to count */
	const uint32_t g3[] = {0, 1, 2}, p3[] = {2, 1, 0};
	if (eval_cluster_scores(&s, g3, p3, N(g3)))
		return 1;
	const check c3[] = {
		{"b3_f1", s.b3_f1, 1}, {"pair_p", s.pair_p, NAN},
		{"pair_f1", s.pair_f1, NAN}, {"nmi", s.nmi, 1}, {"ari", s.ari, 1},
	};
	bad |= run(log, "singletons", c3, N(c3));

	/* topic 0 holds stories {a b} and {c}, topic 1 holds {d}; the
	 * prediction puts a with c. Cross-story pairs in a topic: ac, bc;
	 * merged: ac. One topic has cross pairs, and it has a merge. */
	const uint32_t t4[] = {0, 0, 0, 1}, g4[] = {0, 0, 1, 2}, p4[] = {0, 1, 0, 2};
	eval_sisters m;
	if (eval_sister_merges(&m, t4, g4, p4, N(t4)))
		return 1;
	const check c4[] = {
		{"pairs", (double)m.pairs, 2}, {"merged", (double)m.merged, 1},
		{"groups", (double)m.groups, 1}, {"merged_groups", (double)m.merged_groups, 1},
	};
	bad |= run(log, "sister merges", c4, N(c4));

	/* Pearson of (1 2 3 4) and (1 3 2 5): deviations (-1.5 -.5 .5 1.5)
	 * and (-1.75 .25 -.75 2.25), 5.5 / sqrt(5 * 8.75). Spearman of
	 * (1 2 2 3) and (1 3 2 4): ranks (1 2.5 2.5 4) and (1 3 2 4),
	 * 4.5 / sqrt(4.5 * 5). A constant side has no correlation. */
	const double x[] = {1, 2, 3, 4}, y[] = {1, 3, 2, 5};
	const double u[] = {1, 2, 2, 3}, v[] = {1, 3, 2, 4}, k[] = {0, 0, 0, 0};
	const check c5[] = {
		{"pearson", eval_pearson(x, y, 4), 5.5 / sqrt(5 * 8.75)},
		{"spearman", eval_spearman(u, v, 4), 4.5 / sqrt(4.5 * 5)},
		{"pearson constant", eval_pearson(x, k, 4), NAN},
		{"spearman constant", eval_spearman(k, y, 4), NAN},
	};
	bad |= run(log, "correlation", c5, N(c5));
	return bad;
}
