/* inspect.c - the untimed second look at a stream; see bench_inspect() in
 * bench.h. The stream is regenerated rather than kept, so that the timed
 * pass measures the engine's memory, not a copy of the corpus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "loom.h"

/* ---- which articles to show ----------------------------------------------- */

enum { EX_MISSED_EXACT, EX_MISSED_NEAR, EX_MISSED_REWRITE, EX_FP_HARDNEG,
       EX_FP_ORIGINAL, EX_WRONG_FAMILY, EX_OTHER_MEMBER, EX_EXACT_AS_NEAR,
       EX_EXACT_AS_REWRITE, EX_NEAR_AS_REWRITE, EX_NGROUPS };

static const char *const group_title[EX_NGROUPS] = {
	"missed exact copies", "missed near copies", "missed rewrites",
	"hard negatives flagged as copies", "originals flagged as copies",
	"copies linked to another family",
	"copies linked to another member of their family, not the source",
	"exact copies judged near", "exact copies judged rewrites",
	"near copies judged rewrites",
};

typedef struct examples {
	size_t *idx[EX_NGROUPS];
	size_t n[EX_NGROUPS], max;
} examples;

/* The group article i is an example of, -1 if none; each article shows
 * in one group only. Among right-family verdicts a wrong kind is shown
 * before a source that is another member of the family. */
static int group_of(const bench_truth *t, const bench_outcome *o, size_t i)
{
	int k = t->kind[i], flagged = o->kind[i] != LOOM_COPY_NONE;
	if (bench_is_copy_kind(k) && !flagged)
		return EX_MISSED_EXACT + (k - GEN_EXACT);
	if (!flagged)
		return -1;
	if (bench_family_hit(t, o, i)) {
		if (k == GEN_EXACT && o->kind[i] == LOOM_COPY_NEAR)
			return EX_EXACT_AS_NEAR;
		if (k == GEN_EXACT && o->kind[i] == LOOM_COPY_REWRITE)
			return EX_EXACT_AS_REWRITE;
		if (k == GEN_NEAR && o->kind[i] == LOOM_COPY_REWRITE)
			return EX_NEAR_AS_REWRITE;
		if ((long)o->of[i] != t->source[i])
			return EX_OTHER_MEMBER;
		return -1;
	}
	if (k == GEN_HARDNEG)
		return EX_FP_HARDNEG;
	return bench_is_copy_kind(k) ? EX_WRONG_FAMILY : EX_FP_ORIGINAL;
}

static int pick_examples(examples *ex, const bench_truth *t,
			 const bench_outcome *o, size_t max)
{
	memset(ex, 0, sizeof *ex);
	ex->max = max;
	for (int g = 0; g < EX_NGROUPS; g++)
		if (max && !(ex->idx[g] = malloc(max * sizeof *ex->idx[g])))
			return -1;
	for (size_t i = 0; i < t->n && max; i++) {
		int g = group_of(t, o, i);
		if (g >= 0 && ex->n[g] < max)
			ex->idx[g][ex->n[g]++] = i;
	}
	return 0;
}

static void free_examples(examples *ex)
{
	for (int g = 0; g < EX_NGROUPS; g++)
		free(ex->idx[g]);
}

/* ---- texts kept while replaying -------------------------------------------- */

typedef struct text {
	char *p;
	size_t len, cap;
	long index; /* -1: empty */
} text;

static int text_set(text *t, long index, const char *s, size_t len)
{
	if (len + 1 > t->cap) {
		char *n = realloc(t->p, len + 1);
		if (!n)
			return -1;
		t->p = n;
		t->cap = len + 1;
	}
	memcpy(t->p, s, len);
	t->p[len] = '\0';
	t->len = len;
	t->index = index;
	return 0;
}

/* The articles the examples mention, by index: a small sorted set. */
typedef struct keep {
	size_t *idx;
	text *texts;
	size_t n;
} keep;

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

static int keep_build(keep *k, const examples *ex, const bench_truth *t,
		      const bench_outcome *o)
{
	size_t cap = 0;
	for (int g = 0; g < EX_NGROUPS; g++)
		cap += ex->n[g] * 4;
	memset(k, 0, sizeof *k);
	k->idx = malloc((cap + 1) * sizeof *k->idx);
	k->texts = calloc(cap + 1, sizeof *k->texts);
	if (!k->idx || !k->texts)
		return -1;
	for (int g = 0; g < EX_NGROUPS; g++)
		for (size_t j = 0; j < ex->n[g]; j++) {
			size_t i = ex->idx[g][j];
			k->idx[k->n++] = i;
			if (t->source[i] >= 0)
				k->idx[k->n++] = (size_t)t->source[i];
			if (t->related[i] >= 0)
				k->idx[k->n++] = (size_t)t->related[i];
			if (o->kind[i] != LOOM_COPY_NONE)
				k->idx[k->n++] = o->of[i];
		}
	qsort(k->idx, k->n, sizeof *k->idx, cmp_size);
	size_t u = 0;
	for (size_t j = 0; j < k->n; j++)
		if (!u || k->idx[u - 1] != k->idx[j])
			k->idx[u++] = k->idx[j];
	k->n = u;
	return 0;
}

static const text *keep_find(const keep *k, size_t i)
{
	size_t *p = bsearch(&i, k->idx, k->n, sizeof *k->idx, cmp_size);
	return p ? &k->texts[p - k->idx] : NULL;
}

static void keep_free(keep *k)
{
	for (size_t j = 0; j < k->n; j++)
		free(k->texts[j].p);
	free(k->idx);
	free(k->texts);
}

/* ---- generator check: exact similarity of planted pairs ------------------- */

typedef struct pairs {
	double *res, *cont; /* exact resemblance; share of the copy in the source */
	size_t n, cap;
	double est_err_sim, est_err_cont; /* sums of |estimate - exact| */
	size_t n_est;
} pairs;

static int pairs_add(pairs *p, double res, double cont)
{
	if (p->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 256;
		double *r = realloc(p->res, nc * sizeof *r);
		if (!r)
			return -1;
		p->res = r;
		double *c = realloc(p->cont, nc * sizeof *c);
		if (!c)
			return -1;
		p->cont = c;
		p->cap = nc;
	}
	p->res[p->n] = res;
	p->cont[p->n] = cont;
	p->n++;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double pct(const double *sorted, size_t n, double q)
{
	return n ? sorted[(size_t)(q * (double)(n - 1) + 0.5)] : 0;
}

static size_t at_least(const double *v, size_t n, double min)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += v[i] >= min;
	return c;
}

static void print_pairs(const char *name, pairs *p, const loom_options *lo)
{
	if (!p->n)
		return;
	size_t near = at_least(p->res, p->n, lo->near_similarity);
	size_t cont = at_least(p->cont, p->n, lo->rewrite_containment);
	qsort(p->res, p->n, sizeof *p->res, cmp_double);
	qsort(p->cont, p->n, sizeof *p->cont, cmp_double);
	printf("  %-8s %6zu  resemblance p10/p50/p90 %.2f/%.2f/%.2f  "
	       "containment %.2f/%.2f/%.2f  res>=%.2f %5.1f%%  cont>=%.2f %5.1f%%",
	       name, p->n, pct(p->res, p->n, .1), pct(p->res, p->n, .5),
	       pct(p->res, p->n, .9), pct(p->cont, p->n, .1),
	       pct(p->cont, p->n, .5), pct(p->cont, p->n, .9),
	       lo->near_similarity, 100.0 * (double)near / (double)p->n,
	       lo->rewrite_containment, 100.0 * (double)cont / (double)p->n);
	if (p->n_est)
		printf("  |est-exact| sim %.3f cont %.3f",
		       p->est_err_sim / (double)p->n_est,
		       p->est_err_cont / (double)p->n_est);
	printf("\n");
}

/* ---- the replay ----------------------------------------------------------------- */

typedef struct replay {
	text ring[GEN_WINDOW];
	pairs by_kind[GEN_NKINDS];
	size_t check_limit;
	loom_options lo;
} replay;

static int check_pair(replay *r, const bench_truth *t, const bench_outcome *o,
		      size_t i, const gen_article *a)
{
	int k = t->kind[i];
	long other = k == GEN_HARDNEG ? t->related[i] : t->source[i];
	if (other < 0 || r->by_kind[k].n >= r->check_limit)
		return 0;
	const text *src = &r->ring[(size_t)other % GEN_WINDOW];
	if (src->index != other)
		return 0; /* older than the ring: the generator never does this */
	loom_similarity_info si;
	if (loom_text_similarity(&si, &r->lo, a->text, a->len, src->p, src->len))
		return -1;
	pairs *p = &r->by_kind[k];
	if (pairs_add(p, si.resemblance, si.containment_ab))
		return -1;
	if (o->kind[i] != LOOM_COPY_NONE && (long)o->of[i] == other) {
		double ds = o->similarity[i] - si.resemblance;
		double dc = o->containment[i] - si.containment_ab;
		p->est_err_sim += ds < 0 ? -ds : ds;
		p->est_err_cont += dc < 0 ? -dc : dc;
		p->n_est++;
	}
	return 0;
}

/* Where the replay can stop: past every kept article and, for the check,
 * once each kind has check_limit pairs or the stream ends. */
static size_t replay_end(const keep *k, const bench_truth *t, size_t limit)
{
	size_t need[GEN_NKINDS] = {0}, end = k->n ? k->idx[k->n - 1] + 1 : 0;
	for (size_t i = 0; i < t->n; i++) {
		int kind = t->kind[i];
		if (kind != GEN_ORIGINAL && need[kind] < limit) {
			need[kind]++;
			if (i + 1 > end)
				end = i + 1;
		}
	}
	return end;
}

static int replay_stream(replay *r, keep *k, const gen_model *m,
			 uint64_t seed, const gen_config *cfg,
			 const bench_truth *t, const bench_outcome *o)
{
	gen g;
	if (gen_init(&g, m, seed, cfg))
		return -1;
	int rc = 0;
	size_t end = replay_end(k, t, r->check_limit);
	for (size_t i = 0; i < end && !rc; i++) {
		const gen_article *a;
		if (gen_next(&g, i, &a)) {
			rc = -1;
			break;
		}
		text *kt = (text *)keep_find(k, i);
		if (kt && text_set(kt, (long)i, a->text, a->len))
			rc = -1;
		if (!rc && t->kind[i] != GEN_ORIGINAL)
			rc = check_pair(r, t, o, i, a);
		if (!rc && text_set(&r->ring[i % GEN_WINDOW], (long)i, a->text, a->len))
			rc = -1;
	}
	gen_free(&g);
	return rc;
}

/* ---- printing examples ------------------------------------------------------------ */

/* The first bytes of a text on one line, newlines shown as '|'. */
static void print_snippet(const text *x, size_t max)
{
	printf("      \"");
	for (size_t j = 0; j < x->len && j < max; j++)
		putchar(x->p[j] == '\n' ? '|' : x->p[j]);
	printf("%s\"\n", x->len > max ? "..." : "");
}

static void print_exact(const char *label, const text *a, const text *b,
			const loom_options *lo)
{
	loom_similarity_info si;
	if (!a || !b || loom_text_similarity(&si, lo, a->p, a->len, b->p, b->len))
		return;
	printf("      exact vs %s a%ld: resemblance %.3f, containment %.3f "
	       "(%zu of %zu shingles; source has %zu)\n",
	       label, b->index, si.resemblance, si.containment_ab, si.shared,
	       si.shingles_a, si.shingles_b);
}

static void print_example(const keep *k, const bench_truth *t,
			  const bench_outcome *o, size_t i,
			  const loom_options *lo)
{
	const text *me = keep_find(k, i);
	printf("    a%zu %s%s, planted ", i, gen_kind_name(t->kind[i]),
	       t->raw[i] ? " (raw page)" : "");
	if (t->source[i] >= 0)
		printf("source a%ld (family a%ld)", t->source[i], t->root[i]);
	else if (t->related[i] >= 0)
		printf("borrowing from a%ld", t->related[i]);
	else
		printf("original");
	if (o->kind[i] == LOOM_COPY_NONE)
		printf("; engine: no copy\n");
	else
		printf("; engine: %s of a%u (family a%ld), est. similarity %.3f, "
		       "containment %.3f\n",
		       loom_copy_kind_name((loom_copy_kind)o->kind[i]), o->of[i],
		       t->root[o->of[i]], o->similarity[i], o->containment[i]);
	if (t->source[i] >= 0)
		print_exact("planted source", me, keep_find(k, (size_t)t->source[i]), lo);
	if (t->related[i] >= 0)
		print_exact("borrowed-from", me, keep_find(k, (size_t)t->related[i]), lo);
	if (o->kind[i] != LOOM_COPY_NONE && (long)o->of[i] != t->source[i])
		print_exact("engine's source", me, keep_find(k, o->of[i]), lo);
	if (me)
		print_snippet(me, 160);
}

static void print_examples(const examples *ex, const keep *k,
			   const bench_truth *t, const bench_outcome *o,
			   const loom_options *lo)
{
	for (int g = 0; g < EX_NGROUPS; g++) {
		if (!ex->n[g])
			continue;
		printf("  %s (first %zu):\n", group_title[g], ex->n[g]);
		for (size_t j = 0; j < ex->n[g]; j++)
			print_example(k, t, o, ex->idx[g][j], lo);
	}
}

int bench_inspect(const gen_model *m, uint64_t seed, const gen_config *cfg,
		  const bench_truth *t, const bench_outcome *o,
		  size_t max_examples, size_t check_limit)
{
	examples ex = {0};
	keep k = {0};
	replay *r = calloc(1, sizeof *r);
	int rc = -1;
	if (!r || pick_examples(&ex, t, o, max_examples) ||
	    keep_build(&k, &ex, t, o))
		goto out;
	loom_options lo = LOOM_OPTIONS_INIT;
	r->lo = lo;
	r->check_limit = check_limit;
	for (size_t i = 0; i < GEN_WINDOW; i++)
		r->ring[i].index = -1;
	if (replay_stream(r, &k, m, seed, cfg, t, o))
		goto out;
	printf("generator check (exact loom_text_similarity of each planted pair;"
	       " copy vs source, hard negative vs the article it borrows from):\n");
	static const char *const names[GEN_NKINDS] = {"", "exact", "near",
						      "rewrite", "hardneg"};
	for (int kind = GEN_EXACT; kind < GEN_NKINDS; kind++)
		print_pairs(names[kind], &r->by_kind[kind], &r->lo);
	if (max_examples) {
		printf("examples (for tuning; \"est.\" is the engine's estimate):\n");
		print_examples(&ex, &k, t, o, &r->lo);
	}
	rc = 0;
out:
	keep_free(&k);
	free_examples(&ex);
	if (r) {
		for (size_t i = 0; i < GEN_WINDOW; i++)
			free(r->ring[i].p);
		for (int kind = 0; kind < GEN_NKINDS; kind++) {
			free(r->by_kind[kind].res);
			free(r->by_kind[kind].cont);
		}
		free(r);
	}
	return rc;
}
