/* score_quotes.c - Loom's quotes against gold direct quotes and speakers.
 *
 *   score_quotes --self-test
 *   score_quotes --dataset NAME [--csv FILE] GOLD.tsv LOOM.json
 *
 * GOLD.tsv (polnear) has a header and the columns article, quote_start,
 * quote_end, speaker_name (or pronoun-unresolved, no-source) and kind
 * (direct, or partial: a quoted phrase inside reported speech). LOOM.json
 * is the document of loom analyze --json: every occurrence (article, start,
 * end) of every quote in its "quotes" is a predicted quote, spoken by the
 * quote's speaker. A prediction matches a direct gold quote when they
 * overlap by at least half of the longer of the two; pairs are taken one
 * to one, largest overlap first. A prediction that matches no direct quote
 * but a partial one is left out of precision: Loom is not wrong to see a
 * quote there, and the gold does not ask for it. Speaker accuracy is over
 * the matched quotes whose gold speaker is given by name: right when the
 * last word (the surname) of Loom's speaker name, or of the name of the
 * entity it points to, is one of the gold name's words, case aside.
 * Without a "quotes" key (Loom before issue 5) nothing is scored and the
 * exit status is 0. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eval.h"
#include "spans.h"

enum { DIRECT, PARTIAL };
enum { NAMED, PRONOUN, NO_SOURCE };

typedef struct gquote {
	const char *article;
	long start, end;
	const char *speaker;
	int kind, who;
} gquote;

typedef struct pquote {
	const char *article;
	long start, end;
	const char *name, *entity_name; /* either may be NULL */
	size_t order;
} pquote;

typedef struct quote_scores {
	spans_prf span;
	size_t gold_partial, gold_named, gold_pronoun, gold_none;
	size_t pred_partial; /* on a partial quote: not scored */
	size_t pred_dup, bad;
	size_t matched_named, speaker_right;
	double speaker_acc;
} quote_scores;

static int cmp_span(const char *a1, long s1, long e1, const char *a2, long s2,
		    long e2)
{
	int c = strcmp(a1, a2);
	if (c)
		return c;
	if (s1 != s2)
		return (s1 > s2) - (s1 < s2);
	return (e1 > e2) - (e1 < e2);
}

static int cmp_gold(const void *a, const void *b)
{
	const gquote *x = a, *y = b;
	int c = cmp_span(x->article, x->start, x->end, y->article, y->start, y->end);
	return c ? c : x->kind - y->kind;
}

static int cmp_pred(const void *a, const void *b)
{
	const pquote *x = a, *y = b;
	int c = cmp_span(x->article, x->start, x->end, y->article, y->start, y->end);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* ---- speaker names ------------------------------------------------------- */

/* The next word of s from *i, with punctuation around it and a possessive
 * 's or ’s cut off. Returns its length (0 at the end); *w is its start. */
static size_t next_word(const char *s, size_t *i, const char **w)
{
	for (;;) {
		while (s[*i] && isspace((unsigned char)s[*i]))
			(*i)++;
		if (!s[*i])
			return 0;
		size_t b = *i, e;
		while (s[*i] && !isspace((unsigned char)s[*i]))
			(*i)++;
		e = *i;
		while (e > b && ispunct((unsigned char)s[e - 1]))
			e--;
		if (e - b > 2 && s[e - 2] == '\'' && (s[e - 1] | 32) == 's')
			e -= 2;
		else if (e - b > 4 && !memcmp(s + e - 4, "\xe2\x80\x99", 3) &&
			 (s[e - 1] | 32) == 's')
			e -= 4;
		while (b < e && ispunct((unsigned char)s[b]))
			b++;
		if (e > b) {
			*w = s + b;
			return e - b;
		}
	}
}

static int has_word(const char *s, const char *w, size_t n)
{
	const char *v;
	size_t i = 0, m;
	while ((m = next_word(s, &i, &v)))
		if (m == n && !strncasecmp(v, w, n))
			return 1;
	return 0;
}

/* Loom's last word (the surname) is one of the gold name's words: this
 * also covers the same name in another case, and a gold source span that
 * carries a title or a job ("Sen. Claire McCaskill"). */
static int same_speaker(const char *loom, const char *gold)
{
	if (!loom || !gold)
		return 0;
	const char *w, *last = NULL;
	size_t i = 0, n, lastn = 0;
	while ((n = next_word(loom, &i, &w))) {
		last = w;
		lastn = n;
	}
	return last && has_word(gold, last, lastn);
}

/* ---- reading ------------------------------------------------------------- */

typedef struct ent_name {
	const char *id, *name;
} ent_name;

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const ent_name *)a)->id, ((const ent_name *)b)->id);
}

/* Entity id -> name from doc's "entities" (none when absent), sorted. */
static ent_name *entity_names(const json_t *doc, size_t *n)
{
	const json_t *ents = json_object_get(doc, "entities"), *e;
	size_t i;
	ent_name *t = malloc((json_array_size(ents) + 1) * sizeof *t);
	*n = 0;
	if (!t)
		return NULL;
	json_array_foreach(ents, i, e) {
		const json_t *id = json_object_get(e, "id"), *nm = json_object_get(e, "name");
		if (json_is_string(id) && json_is_string(nm))
			t[(*n)++] = (ent_name){json_string_value(id), json_string_value(nm)};
	}
	qsort(t, *n, sizeof *t, cmp_ent);
	return t;
}

static const char *string_or_null(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Every quote occurrence of doc into *out (malloc'd; strings borrowed from
 * doc). Returns 0, 1 when doc has no "quotes", -1 when it is no array or
 * memory ran out. */
static int read_pred(pquote **out, size_t *n, const json_t *doc,
		     quote_scores *s)
{
	const json_t *quotes = json_object_get(doc, "quotes"), *q;
	*out = NULL;
	*n = 0;
	if (!quotes)
		return 1;
	if (!json_is_array(quotes))
		return -1;
	size_t total = 0, i, nent;
	json_array_foreach(quotes, i, q)
		total += json_array_size(json_object_get(q, "occurrences"));
	pquote *p = malloc((total + 1) * sizeof *p);
	ent_name *ents = entity_names(doc, &nent);
	if (!p || !ents) {
		free(p);
		free(ents);
		return -1;
	}
	json_array_foreach(quotes, i, q) {
		const json_t *sp = json_object_get(q, "speaker");
		const json_t *occ = json_object_get(q, "occurrences"), *o;
		const char *name = string_or_null(sp, "name");
		ent_name key = {string_or_null(sp, "entity"), NULL}, *hit = NULL;
		if (key.id)
			hit = bsearch(&key, ents, nent, sizeof *ents, cmp_ent);
		if (!json_is_array(occ)) {
			s->bad++;
			continue;
		}
		size_t k;
		json_array_foreach(occ, k, o) {
			pquote x = {NULL, 0, 0, name, hit ? hit->name : NULL, *n};
			if (spans_json_span(o, &x.article, &x.start, &x.end) || x.start == x.end)
				s->bad++;
			else
				p[(*n)++] = x;
		}
	}
	free(ents);
	*out = p;
	return 0;
}

/* ---- matching ------------------------------------------------------------ */

typedef struct cand {
	long overlap;
	size_t g, p;
} cand;

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->overlap != y->overlap)
		return (x->overlap < y->overlap) - (x->overlap > y->overlap);
	if (x->g != y->g)
		return (x->g > y->g) - (x->g < y->g);
	return (x->p > y->p) - (x->p < y->p);
}

/* The overlap of two spans when it is at least half of the longer, else 0. */
static long half_overlap(long s1, long e1, long s2, long e2)
{
	long ov = (e1 < e2 ? e1 : e2) - (s1 > s2 ? s1 : s2);
	long longer = e1 - s1 > e2 - s2 ? e1 - s1 : e2 - s2;
	return ov > 0 && 2 * ov >= longer ? ov : 0;
}

/* Scores gold against doc. Returns 0, 1 when doc has no quotes yet, -1 on
 * malformed "quotes" or no memory. gold is sorted in place. */
static int score(quote_scores *s, gquote *gold, size_t ng, const json_t *doc)
{
	memset(s, 0, sizeof *s);
	pquote *pred;
	size_t np;
	int rc = read_pred(&pred, &np, doc, s);
	if (rc)
		return rc;
	qsort(gold, ng, sizeof *gold, cmp_gold);
	qsort(pred, np, sizeof *pred, cmp_pred);
	size_t k = 0;
	for (size_t i = 0; i < np; i++)
		if (!k || cmp_span(pred[i].article, pred[i].start, pred[i].end,
				   pred[k - 1].article, pred[k - 1].start, pred[k - 1].end))
			pred[k++] = pred[i];
	s->pred_dup = np - k;
	np = k;

	/* candidate pairs article by article: both lists are sorted by article */
	cand *c = NULL;
	size_t nc = 0, cap = 0;
	unsigned char *gused = calloc(ng + 1, 1), *pused = calloc(np + 1, 1);
	rc = -1;
	if (!gused || !pused)
		goto done;
	for (size_t pi = 0, gi = 0; pi < np;) {
		size_t pe = pi, ge;
		while (pe < np && !strcmp(pred[pe].article, pred[pi].article))
			pe++;
		while (gi < ng && strcmp(gold[gi].article, pred[pi].article) < 0)
			gi++;
		for (ge = gi; ge < ng && !strcmp(gold[ge].article, pred[pi].article); ge++)
			;
		for (size_t p = pi; p < pe; p++)
			for (size_t g = gi; g < ge; g++) {
				long ov = gold[g].kind == DIRECT ?
					half_overlap(gold[g].start, gold[g].end,
						     pred[p].start, pred[p].end) : 0;
				if (!ov)
					continue;
				if (nc == cap) {
					cap = cap ? cap * 2 : 1024;
					cand *nc2 = realloc(c, cap * sizeof *c);
					if (!nc2)
						goto done;
					c = nc2;
				}
				c[nc++] = (cand){ov, g, p};
			}
		/* a prediction on a partial quote only: not scored */
		for (size_t p = pi; p < pe; p++)
			for (size_t g = gi; g < ge; g++)
				if (gold[g].kind == PARTIAL &&
				    half_overlap(gold[g].start, gold[g].end,
						 pred[p].start, pred[p].end)) {
					pused[p] = 2;
					break;
				}
		pi = pe;
		gi = ge;
	}
	qsort(c, nc, sizeof *c, cmp_cand);
	size_t tp = 0, ndirect = 0;
	for (size_t i = 0; i < nc; i++) {
		const gquote *g = &gold[c[i].g];
		const pquote *p = &pred[c[i].p];
		if (gused[c[i].g] || pused[c[i].p] == 1)
			continue;
		gused[c[i].g] = pused[c[i].p] = 1;
		tp++;
		if (g->who == NAMED) {
			s->matched_named++;
			s->speaker_right += same_speaker(p->name, g->speaker) ||
					    same_speaker(p->entity_name, g->speaker);
		}
	}
	for (size_t p = 0; p < np; p++)
		s->pred_partial += pused[p] == 2;
	for (size_t g = 0; g < ng; g++) {
		if (gold[g].kind == PARTIAL) {
			s->gold_partial++;
			continue;
		}
		ndirect++;
		s->gold_named += gold[g].who == NAMED;
		s->gold_pronoun += gold[g].who == PRONOUN;
		s->gold_none += gold[g].who == NO_SOURCE;
	}
	spans_prf_set(&s->span, tp, np - s->pred_partial, ndirect);
	s->speaker_acc = s->matched_named ?
		(double)s->speaker_right / (double)s->matched_named : NAN;
	rc = 0;
done:
	free(c);
	free(gused);
	free(pused);
	free(pred);
	return rc;
}

/* The gold rows as quotes, strings borrowed from t. */
static gquote *gold_of(const spans_tsv *t, char *err, size_t errlen)
{
	gquote *g = malloc((t->nrows + 1) * sizeof *g);
	if (!g) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		char *const *c = &t->cell[r * t->ncols];
		int kind = !strcmp(c[4], "direct") ? DIRECT : !strcmp(c[4], "partial") ? PARTIAL : -1;
		int who = !strcmp(c[3], "pronoun-unresolved") ? PRONOUN :
			  !strcmp(c[3], "no-source") ? NO_SOURCE : NAMED;
		g[r] = (gquote){c[0], spans_offset(c[1]), spans_offset(c[2]), c[3], kind, who};
		if (kind < 0 || g[r].start < 0 || g[r].end <= g[r].start) {
			snprintf(err, errlen, "row %zu: bad span or kind", r + 1);
			free(g);
			return NULL;
		}
	}
	return g;
}

static void report(FILE *csv, const char *dataset, const quote_scores *s)
{
	const spans_prf *q = &s->span;
	eval_put(csv, dataset, "quote_p", q->p);
	eval_put(csv, dataset, "quote_r", q->r);
	eval_put(csv, dataset, "quote_f1", q->f1);
	eval_put(csv, dataset, "speaker_acc", s->speaker_acc);
	eval_put(csv, dataset, "gold_quotes", (double)q->ngold);
	eval_put(csv, dataset, "gold_speaker_named", (double)s->gold_named);
	eval_put(csv, dataset, "gold_speaker_pronoun", (double)s->gold_pronoun);
	eval_put(csv, dataset, "gold_speaker_none", (double)s->gold_none);
	eval_put(csv, dataset, "pred_quotes", (double)q->npred);
	eval_put(csv, dataset, "pred_on_partial", (double)s->pred_partial);
	eval_put(csv, dataset, "matched", (double)q->tp);
	eval_put(csv, dataset, "matched_named", (double)s->matched_named);
	printf("  quotes   %5zu gold %5zu predicted %5zu matched | P %.3f R %.3f F1 %.3f\n",
	       q->ngold, q->npred, q->tp, q->p, q->r, q->f1);
	printf("  speakers %5zu matched with a named gold speaker, %zu right: "
	       "accuracy %.3f\n", s->matched_named, s->speaker_right, s->speaker_acc);
	printf("  gold speakers: %zu named, %zu pronoun (unresolved), %zu none; not "
	       "scored: %zu predictions on the %zu partial quotes; %zu repeated and "
	       "%zu unusable occurrences dropped\n", s->gold_named, s->gold_pronoun,
	       s->gold_none, s->pred_partial, s->gold_partial, s->pred_dup, s->bad);
}

#define N(a) (sizeof(a) / sizeof(a)[0])

/* Hand-worked. Gold in article a: direct 0-100 (Donald Trump), 200-260
 * (a pronoun), 300-340 (Kenneth Baer), 600-620 (no source), partial
 * 400-420; in b: direct 0-50 (Hillary Clinton). Loom: "Trump" a 10-100
 * (overlap 90 of 100: match, speaker right); entity e1 = Hillary Clinton
 * with no name, b 0-50 (match, right) and a 200-230 (30 of 60, exactly
 * half: match, pronoun so no speaker check); "Josh Earnest" a 300-340
 * (match, wrong); no speaker a 402-418 (on the partial: not scored); "X"
 * a 500-520, a 0-40 (40 of 100: no match) and a 10-100 again (repeat).
 * Scored predictions 6, matches 4, gold 5: P 2/3 R 4/5 F1 8/11; speakers
 * 2 right of 3 named. Then one prediction a 0-100 over gold 0-50 and
 * 50-100: half of each, but one to one: P 1 R 1/2 F1 2/3. */
static int self_test(void)
{
	const char *doc_text =
		"{\"entities\": [{\"id\": \"e1\", \"name\": \"Hillary Clinton\"}],"
		"\"quotes\": ["
		"{\"speaker\": {\"name\": \"Trump\", \"entity\": null}, \"occurrences\": ["
		"{\"article\": \"a\", \"start\": 10, \"end\": 100}]},"
		"{\"speaker\": {\"name\": null, \"entity\": \"e1\"}, \"occurrences\": ["
		"{\"article\": \"b\", \"start\": 0, \"end\": 50},"
		"{\"article\": \"a\", \"start\": 200, \"end\": 230}]},"
		"{\"speaker\": {\"name\": \"Josh Earnest\"}, \"occurrences\": ["
		"{\"article\": \"a\", \"start\": 300, \"end\": 340}]},"
		"{\"speaker\": null, \"occurrences\": ["
		"{\"article\": \"a\", \"start\": 402, \"end\": 418}]},"
		"{\"speaker\": {\"name\": \"X\"}, \"occurrences\": ["
		"{\"article\": \"a\", \"start\": 500, \"end\": 520},"
		"{\"article\": \"a\", \"start\": 0, \"end\": 40},"
		"{\"article\": \"a\", \"start\": 10, \"end\": 100}]}]}";
	gquote gold[] = {
		{"a", 0, 100, "Donald Trump", DIRECT, NAMED},
		{"a", 200, 260, "pronoun-unresolved", DIRECT, PRONOUN},
		{"a", 300, 340, "Kenneth Baer", DIRECT, NAMED},
		{"a", 400, 420, "Donald Trump", PARTIAL, NAMED},
		{"a", 600, 620, "no-source", DIRECT, NO_SOURCE},
		{"b", 0, 50, "Hillary Clinton", DIRECT, NAMED},
	};
	const char *doc2_text = "{\"quotes\": [{\"speaker\": {\"name\": \"B\"}, "
		"\"occurrences\": [{\"article\": \"a\", \"start\": 0, \"end\": 100}]}]}";
	gquote gold2[] = {
		{"a", 50, 100, "A B", DIRECT, NAMED}, {"a", 0, 50, "A B", DIRECT, NAMED},
	};
	json_t *doc = json_loads(doc_text, 0, NULL);
	json_t *doc2 = json_loads(doc2_text, 0, NULL);
	json_t *old = json_loads("{\"articles\": []}", 0, NULL);
	quote_scores s;
	const char *t = "quotes";
	int bad = !doc || !doc2 || !old || score(&s, gold, N(gold), doc);
	if (!bad) {
		bad |= spans_check(stderr, t, "p", s.span.p, 2.0 / 3);
		bad |= spans_check(stderr, t, "r", s.span.r, 0.8);
		bad |= spans_check(stderr, t, "f1", s.span.f1, 8.0 / 11);
		bad |= spans_check(stderr, t, "speaker_acc", s.speaker_acc, 2.0 / 3);
		bad |= spans_check(stderr, t, "matched_named", (double)s.matched_named, 3);
		bad |= spans_check(stderr, t, "pred_partial", (double)s.pred_partial, 1);
		bad |= spans_check(stderr, t, "pred_dup", (double)s.pred_dup, 1);
		bad |= spans_check(stderr, t, "gold_pronoun", (double)s.gold_pronoun, 1);
		bad |= spans_check(stderr, t, "gold_none", (double)s.gold_none, 1);
	}
	if (!bad && !(bad = score(&s, gold2, N(gold2), doc2))) {
		bad |= spans_check(stderr, t, "one to one p", s.span.p, 1);
		bad |= spans_check(stderr, t, "one to one r", s.span.r, 0.5);
		bad |= spans_check(stderr, t, "one to one f1", s.span.f1, 2.0 / 3);
	}
	if (!bad) {
		bad |= spans_check(stderr, t, "no quotes key", score(&s, gold2, N(gold2), old), 1);
		bad |= spans_check(stderr, t, "title and party",
				   same_speaker("Claire McCaskill", "Sen. Claire McCaskill (D-Mo.)"), 1);
		bad |= spans_check(stderr, t, "case and possessive",
				   same_speaker("mccaskill", "McCaskill's aide"), 1);
		bad |= spans_check(stderr, t, "another surname",
				   same_speaker("Donald Trump Jr.", "Donald Trump"), 0);
		bad |= spans_check(stderr, t, "no name", same_speaker(" ", "Trump"), 0);
	}
	json_decref(doc);
	json_decref(doc2);
	json_decref(old);
	return bad;
}

int main(int argc, char **argv)
{
	spans_args args;
	if (spans_parse_args(&args, argc, argv, "score_quotes"))
		return 2;
	if (args.self_test) {
		int bad = self_test();
		printf("score_quotes self-test: %s\n", bad ? "FAILED" : "passed");
		return bad;
	}
	const char *dataset = args.dataset, *csv_path = args.csv;
	static const char *const cols[] = {
		"article", "quote_start", "quote_end", "speaker_name", "kind"
	};
	spans_tsv t;
	char err[256] = "";
	gquote *gold = NULL;
	json_t *doc = NULL;
	int rc = 1;
	if (spans_tsv_read(&t, args.gold, cols, N(cols), err, sizeof err) ||
	    !(gold = gold_of(&t, err, sizeof err))) {
		fprintf(stderr, "score_quotes: %s: %s\n", args.gold, err);
		goto done;
	}
	if (!(doc = spans_load_doc(args.loom, err, sizeof err))) {
		fprintf(stderr, "score_quotes: %s: %s\n", args.loom, err);
		goto done;
	}
	quote_scores s;
	int src = score(&s, gold, t.nrows, doc);
	if (src == 1) {
		printf("%s: %zu gold rows; no quotes in Loom output yet\n", dataset, t.nrows);
		rc = 0;
		goto done;
	}
	if (src) {
		fprintf(stderr, "score_quotes: %s: \"quotes\" is no array, or out of memory\n",
			args.loom);
		goto done;
	}
	FILE *csv = csv_path ? fopen(csv_path, "a") : NULL;
	if (csv_path && !csv) {
		fprintf(stderr, "score_quotes: cannot open %s\n", csv_path);
		goto done;
	}
	printf("%s: %zu articles in Loom's output\n", dataset,
	       json_array_size(json_object_get(doc, "articles")));
	report(csv, dataset, &s);
	rc = csv && fclose(csv) ? 1 : 0;
	if (rc)
		fprintf(stderr, "score_quotes: write to %s failed\n", csv_path);
done:
	json_decref(doc);
	free(gold);
	spans_tsv_free(&t);
	return rc;
}
