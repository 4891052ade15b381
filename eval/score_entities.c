/* score_entities.c - Loom's entity mentions against gold name spans.
 *
 *   score_entities --self-test
 *   score_entities --dataset NAME [--csv FILE] GOLD.tsv LOOM.json
 *
 * GOLD.tsv (conll) has a header and the columns article, start, end and
 * type (PER, ORG, LOC or MISC); LOOM.json is the document of loom analyze
 * --json. Every mention (article, start, end) of every entity in its
 * "entities" is a predicted span, typed by its entity: person -> PER,
 * org -> ORG, place -> LOC; "other" is no CoNLL type and is left out (MISC
 * covers nationalities, events and works, not Loom's "anything else"), so
 * MISC is left out of the gold too. A span predicted twice counts once.
 * Scores are exact-span precision, recall and F1 per type and micro over
 * the three, and the same ignoring the type (did Loom find the name at
 * all). Without an "entities" key (Loom before issue 5) nothing is scored
 * and the exit status is 0. */
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "spans.h"

enum { PER, ORG, LOC, NTYPES, MISC = NTYPES };

static const char *const type_name[NTYPES + 1] = {"PER", "ORG", "LOC", "MISC"};
static const char *const loom_type[NTYPES] = {"person", "org", "place"};

typedef struct mention {
	const char *article;
	long start, end;
	int type;
} mention;

typedef struct ent_scores {
	spans_prf type[NTYPES], micro, untyped;
	size_t gold_misc;  /* gold MISC spans, not scored */
	size_t pred_other; /* mentions of "other" entities, not scored */
	size_t pred_dup;   /* mentions predicted twice with one type */
	size_t bad;        /* mentions or entities with no usable span/type */
	size_t articles;   /* articles in Loom's document */
} ent_scores;

static int cmp_mention(const void *a, const void *b)
{
	const mention *x = a, *y = b;
	int c = strcmp(x->article, y->article);
	if (c)
		return c;
	if (x->start != y->start)
		return (x->start > y->start) - (x->start < y->start);
	if (x->end != y->end)
		return (x->end > y->end) - (x->end < y->end);
	return x->type - y->type;
}

/* Sorts and drops repeats; returns the new count. */
static size_t sort_unique(mention *m, size_t n)
{
	if (!n)
		return 0;
	qsort(m, n, sizeof *m, cmp_mention);
	size_t k = 1;
	for (size_t i = 1; i < n; i++)
		if (cmp_mention(&m[i], &m[k - 1]))
			m[k++] = m[i];
	return k;
}

/* Matches of two sorted, repeat-free lists; per type into tp[type]. */
static void count_matches(size_t *tp, const mention *g, size_t ng,
			  const mention *p, size_t np)
{
	for (size_t i = 0, j = 0; i < ng && j < np;) {
		int c = cmp_mention(&g[i], &p[j]);
		if (!c)
			tp[g[i].type]++;
		i += c <= 0;
		j += c >= 0;
	}
}

static int type_of_loom(const char *t)
{
	for (int k = 0; k < NTYPES; k++)
		if (!strcmp(t, loom_type[k]))
			return k;
	return -1;
}

/* The predicted spans of doc's "entities" into *out (malloc'd, articles
 * borrowed from doc). Returns 0, 1 when doc has no "entities", -1 when
 * it is no array or memory ran out. */
static int read_pred(mention **out, size_t *n, const json_t *doc,
		     ent_scores *s)
{
	const json_t *ents = json_object_get(doc, "entities");
	*out = NULL;
	*n = 0;
	if (!ents)
		return 1;
	if (!json_is_array(ents))
		return -1;
	size_t total = 0, i;
	const json_t *e;
	json_array_foreach(ents, i, e)
		total += json_array_size(json_object_get(e, "mentions"));
	mention *m = malloc((total + 1) * sizeof *m);
	if (!m)
		return -1;
	json_array_foreach(ents, i, e) {
		const json_t *jt = json_object_get(e, "type"), *men = json_object_get(e, "mentions");
		int type = json_is_string(jt) ? type_of_loom(json_string_value(jt)) : -1;
		if (type < 0 && json_is_string(jt) && !strcmp(json_string_value(jt), "other")) {
			s->pred_other += json_array_size(men);
			continue;
		}
		if (type < 0 || !json_is_array(men)) {
			s->bad++;
			continue;
		}
		size_t k;
		const json_t *o;
		json_array_foreach(men, k, o) {
			mention x = {NULL, 0, 0, type};
			if (spans_json_span(o, &x.article, &x.start, &x.end) || x.start == x.end)
				s->bad++;
			else
				m[(*n)++] = x;
		}
	}
	*out = m;
	return 0;
}

/* Scores gold (n spans, articles and all) against doc. Returns 0, 1 when
 * doc has no entities yet, -1 on malformed "entities" or no memory. */
static int score(ent_scores *s, mention *gold, size_t ngold, const json_t *doc)
{
	memset(s, 0, sizeof *s);
	s->articles = json_array_size(json_object_get(doc, "articles"));
	mention *pred, *gu = NULL, *pu = NULL;
	size_t np;
	int rc = read_pred(&pred, &np, doc, s);
	if (rc)
		return rc;
	/* gold MISC goes last in the list and out of it */
	size_t ng = 0;
	for (size_t i = 0; i < ngold; i++) {
		if (gold[i].type == MISC)
			s->gold_misc++;
		else
			gold[ng++] = gold[i];
	}
	ng = sort_unique(gold, ng);
	size_t before = np;
	np = sort_unique(pred, np);
	s->pred_dup = before - np;

	size_t tp[NTYPES] = {0}, ngt[NTYPES] = {0}, npt[NTYPES] = {0}, all = 0;
	count_matches(tp, gold, ng, pred, np);
	for (size_t i = 0; i < ng; i++)
		ngt[gold[i].type]++;
	for (size_t i = 0; i < np; i++)
		npt[pred[i].type]++;
	size_t stp = 0, snp = 0, sng = 0;
	for (int k = 0; k < NTYPES; k++) {
		spans_prf_set(&s->type[k], tp[k], npt[k], ngt[k]);
		stp += tp[k];
		snp += npt[k];
		sng += ngt[k];
	}
	spans_prf_set(&s->micro, stp, snp, sng);

	/* the same spans with the type erased */
	gu = malloc((ng + 1) * sizeof *gu);
	pu = malloc((np + 1) * sizeof *pu);
	rc = -1;
	if (gu && pu) {
		for (size_t i = 0; i < ng; i++)
			gu[i] = (mention){gold[i].article, gold[i].start, gold[i].end, 0};
		for (size_t i = 0; i < np; i++)
			pu[i] = (mention){pred[i].article, pred[i].start, pred[i].end, 0};
		size_t ngu = sort_unique(gu, ng), npu = sort_unique(pu, np);
		count_matches(&all, gu, ngu, pu, npu);
		spans_prf_set(&s->untyped, all, npu, ngu);
		rc = 0;
	}
	free(pred);
	free(gu);
	free(pu);
	return rc;
}

/* The gold rows as mentions, articles borrowed from t. */
static mention *gold_of(const spans_tsv *t, char *err, size_t errlen)
{
	mention *g = malloc((t->nrows + 1) * sizeof *g);
	if (!g) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		char *const *c = &t->cell[r * t->ncols];
		int type = 0;
		while (type <= MISC && strcmp(c[3], type_name[type]))
			type++;
		g[r] = (mention){c[0], spans_offset(c[1]), spans_offset(c[2]), type};
		if (type > MISC || g[r].start < 0 || g[r].end <= g[r].start) {
			snprintf(err, errlen, "row %zu: bad span or type", r + 1);
			free(g);
			return NULL;
		}
	}
	return g;
}

static void report(FILE *csv, const char *dataset, const ent_scores *s)
{
	static const char *const pre[NTYPES] = {"per", "org", "loc"};
	char metric[64];
	for (int k = 0; k <= NTYPES + 1; k++) {
		const spans_prf *x = k < NTYPES ? &s->type[k] : k == NTYPES ? &s->micro : &s->untyped;
		const char *p = k < NTYPES ? pre[k] : k == NTYPES ? "micro" : "untyped";
		snprintf(metric, sizeof metric, "%s_p", p);
		eval_put(csv, dataset, metric, x->p);
		snprintf(metric, sizeof metric, "%s_r", p);
		eval_put(csv, dataset, metric, x->r);
		snprintf(metric, sizeof metric, "%s_f1", p);
		eval_put(csv, dataset, metric, x->f1);
		printf("  %-8s %5zu gold %5zu predicted %5zu exact | P %.3f R %.3f F1 %.3f\n",
		       k < NTYPES ? type_name[k] : p, x->ngold, x->npred, x->tp, x->p,
		       x->r, x->f1);
	}
	eval_put(csv, dataset, "gold_spans", (double)s->micro.ngold);
	eval_put(csv, dataset, "pred_spans", (double)s->micro.npred);
	printf("  not scored: %zu gold MISC, %zu mentions of \"other\" entities; "
	       "%zu repeated and %zu unusable mentions dropped\n",
	       s->gold_misc, s->pred_other, s->pred_dup, s->bad);
}

#define N(a) (sizeof(a) / sizeof(a)[0])

/* Hand-worked: article a has PER 0-5, ORG 10-20, LOC 30-35, MISC 40-45;
 * b has PER 0-4. Loom: a person at a 0-5 (twice), b 0-4 and a 50-55; an
 * org at a 10-19 (a boundary miss) and b 0-4 (a type miss); a place at
 * a 30-35 and a 40-45 (gold MISC); an "other" at a 40-45.
 *   PER: 2 of 3 predicted, 2 of 2 gold: P 2/3 R 1 F1 4/5.
 *   ORG: 0 of 2, 0 of 1: P 0 R 0 F1 0. LOC: 1 of 2, 1 of 1: F1 2/3.
 *   micro: 3 of 7 predicted, 3 of 4 gold: P 3/7 R 3/4 F1 6/11.
 *   untyped: spans a0-5 a10-19 a30-35 a40-45 a50-55 b0-4 (6), gold 4,
 *   found a0-5 a30-35 b0-4: P 1/2 R 3/4 F1 3/5. */
static int self_test(void)
{
	const char *doc_text =
		"{\"articles\": [{\"id\": \"a\"}, {\"id\": \"b\"}], \"entities\": ["
		"{\"id\": \"e1\", \"type\": \"person\", \"mentions\": ["
		"{\"article\": \"a\", \"start\": 0, \"end\": 5},"
		"{\"article\": \"b\", \"start\": 0, \"end\": 4},"
		"{\"article\": \"a\", \"start\": 50, \"end\": 55}]},"
		"{\"id\": \"e2\", \"type\": \"org\", \"mentions\": ["
		"{\"article\": \"a\", \"start\": 10, \"end\": 19},"
		"{\"article\": \"b\", \"start\": 0, \"end\": 4}]},"
		"{\"id\": \"e3\", \"type\": \"place\", \"mentions\": ["
		"{\"article\": \"a\", \"start\": 30, \"end\": 35},"
		"{\"article\": \"a\", \"start\": 40, \"end\": 45}]},"
		"{\"id\": \"e4\", \"type\": \"other\", \"mentions\": ["
		"{\"article\": \"a\", \"start\": 40, \"end\": 45}]},"
		"{\"id\": \"e5\", \"type\": \"person\", \"mentions\": ["
		"{\"article\": \"a\", \"start\": 0, \"end\": 5}]}]}";
	mention gold[] = {
		{"a", 0, 5, PER}, {"a", 10, 20, ORG}, {"a", 30, 35, LOC},
		{"a", 40, 45, MISC}, {"b", 0, 4, PER},
	};
	json_t *doc = json_loads(doc_text, 0, NULL);
	json_t *old = json_loads("{\"articles\": []}", 0, NULL);
	ent_scores s;
	int bad = !doc || !old || score(&s, gold, N(gold), doc);
	if (!bad) {
		const char *t = "entities";
		bad |= spans_check(stderr, t, "PER p", s.type[PER].p, 2.0 / 3);
		bad |= spans_check(stderr, t, "PER r", s.type[PER].r, 1);
		bad |= spans_check(stderr, t, "PER f1", s.type[PER].f1, 0.8);
		bad |= spans_check(stderr, t, "ORG p", s.type[ORG].p, 0);
		bad |= spans_check(stderr, t, "ORG f1", s.type[ORG].f1, 0);
		bad |= spans_check(stderr, t, "LOC p", s.type[LOC].p, 0.5);
		bad |= spans_check(stderr, t, "LOC f1", s.type[LOC].f1, 2.0 / 3);
		bad |= spans_check(stderr, t, "micro p", s.micro.p, 3.0 / 7);
		bad |= spans_check(stderr, t, "micro r", s.micro.r, 0.75);
		bad |= spans_check(stderr, t, "micro f1", s.micro.f1, 6.0 / 11);
		bad |= spans_check(stderr, t, "untyped p", s.untyped.p, 0.5);
		bad |= spans_check(stderr, t, "untyped f1", s.untyped.f1, 0.6);
		bad |= spans_check(stderr, t, "gold MISC", (double)s.gold_misc, 1);
		bad |= spans_check(stderr, t, "other", (double)s.pred_other, 1);
		bad |= spans_check(stderr, t, "repeats", (double)s.pred_dup, 1);
		mention g2[] = {{"a", 0, 5, PER}};
		bad |= spans_check(stderr, t, "no entities key",
				   score(&s, g2, N(g2), old), 1);
	}
	json_decref(doc);
	json_decref(old);
	return bad;
}

int main(int argc, char **argv)
{
	spans_args args;
	if (spans_parse_args(&args, argc, argv, "score_entities"))
		return 2;
	if (args.self_test) {
		int bad = self_test();
		printf("score_entities self-test: %s\n", bad ? "FAILED" : "passed");
		return bad;
	}
	const char *dataset = args.dataset, *csv_path = args.csv;
	static const char *const cols[] = {"article", "start", "end", "type"};
	spans_tsv t;
	char err[256] = "";
	mention *gold = NULL;
	json_t *doc = NULL;
	int rc = 1;
	if (spans_tsv_read(&t, args.gold, cols, N(cols), err, sizeof err) ||
	    !(gold = gold_of(&t, err, sizeof err))) {
		fprintf(stderr, "score_entities: %s: %s\n", args.gold, err);
		goto done;
	}
	if (!(doc = spans_load_doc(args.loom, err, sizeof err))) {
		fprintf(stderr, "score_entities: %s: %s\n", args.loom, err);
		goto done;
	}
	ent_scores s;
	int src = score(&s, gold, t.nrows, doc);
	if (src == 1) {
		printf("%s: %zu gold spans; no entities in Loom output yet\n", dataset,
		       t.nrows);
		rc = 0;
		goto done;
	}
	if (src) {
		fprintf(stderr, "score_entities: %s: \"entities\" is no array, or out of memory\n",
			args.loom);
		goto done;
	}
	FILE *csv = csv_path ? fopen(csv_path, "a") : NULL;
	if (csv_path && !csv) {
		fprintf(stderr, "score_entities: cannot open %s\n", csv_path);
		goto done;
	}
	printf("%s: %zu articles in Loom's output; exact spans:\n", dataset, s.articles);
	report(csv, dataset, &s);
	rc = csv && fclose(csv) ? 1 : 0;
	if (rc)
		fprintf(stderr, "score_entities: write to %s failed\n", csv_path);
done:
	json_decref(doc);
	free(gold);
	spans_tsv_free(&t);
	return rc;
}
