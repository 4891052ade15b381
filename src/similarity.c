/* similarity.c - how alike two texts are: exact resemblance and containment
 * of their shingles (the measures copy detection estimates), and the cosine
 * of their story vectors (what story assignment compares). Each text goes
 * through the same header parsing, cleaning and word pass as in the
 * engine. */
#include <string.h>

#include "../include/loom.h"
#include "arena.h"
#include "clean.h"
#include "engine.h"
#include "ingest.h"
#include "norm.h"
#include "shingle.h"
#include "story.h"

#define PAIR_TERMS 1000 /* terms of each text compared */

typedef struct side {
	uint64_t *shingles;
	size_t nshingles;
	loom_term *terms; /* story vector, sorted by term */
	size_t nterms;
} side;

/* stem: stemmer and stop words; weights: document frequencies. */
static int read_side(side *out, const loom_options *o, loom_stories *stem,
		     const loom_stories *weights, const char *t, size_t len,
		     loom_arena *a)
{
	loom_parsed p;
	if (loom__parse_header(&p, t, len, 1, a) || loom__clean_body(&p, t, len, a))
		return -1;
	size_t cap = (p.body.end - p.body.start) / 2 + 1;
	uint64_t *w = loom__arena_alloc(a, cap * sizeof *w);
	/* the whole body, not only the lead: a pair is compared once, and
	 * what two full articles share says more than their openings */
	loom_span *spans = loom__arena_alloc(a, cap * sizeof *spans);
	if (!w || !spans)
		return -1;
	size_t n = loom__words(w, spans, cap, cap, t, p.body, p.skips, p.nskips);
	out->nshingles = loom__shingle_all(&out->shingles, o->shingle_words, w, n, a);
	if (out->nshingles == (size_t)-1)
		return -1;
	char *title = NULL;
	if (p.title.end > p.title.start) {
		size_t tl = p.title.end - p.title.start;
		title = loom__arena_alloc(a, tl + 1);
		if (!title)
			return -1;
		memcpy(title, t + p.title.start, tl);
		title[tl] = '\0';
	}
	loom_story_vec v;
	if (loom__story_vector(stem, weights, &v, title, t, p.body.start, w, spans, n,
			       PAIR_TERMS, a))
		return -1;
	loom__story_sort_terms(v.terms, v.nterms);
	out->terms = v.terms;
	out->nterms = v.nterms;
	return 0;
}

static int compare(loom_similarity_info *out, const loom_options *opts,
		   const loom_stories *weights, const char *a, size_t a_len,
		   const char *b, size_t b_len)
{
	memset(out, 0, sizeof *out);
	if (a_len > opts->max_article_bytes || b_len > opts->max_article_bytes)
		return LOOM_ETOOBIG;
	loom_mem mem = {0};
	loom_stories stem;
	if (loom__stories_init(&stem, &mem, opts, 0))
		return LOOM_ENOMEM;
	if (!weights)
		weights = &stem; /* no corpus: every term weighs the same */
	loom_arena arena;
	loom__arena_init(&arena, &mem, (size_t)256 << 10);
	side sa, sb;
	int rc = LOOM_OK;
	if (read_side(&sa, opts, &stem, weights, a ? a : "", a ? a_len : 0, &arena) ||
	    read_side(&sb, opts, &stem, weights, b ? b : "", b ? b_len : 0, &arena)) {
		rc = LOOM_ENOMEM;
	} else {
		size_t na = sa.nshingles, nb = sb.nshingles;
		size_t shared = loom__intersect64(sa.shingles, na, sb.shingles, nb);
		out->shingles_a = na;
		out->shingles_b = nb;
		out->shared = shared;
		out->resemblance = (na + nb - shared)
					   ? (double)shared / (double)(na + nb - shared)
					   : 0;
		out->containment_ab = na ? (double)shared / (double)na : 0;
		out->containment_ba = nb ? (double)shared / (double)nb : 0;
		out->topic = loom__story_cosine(sa.terms, sa.nterms, sb.terms, sb.nterms);
	}
	loom__arena_release(&arena);
	loom__stories_free(&stem);
	return rc;
}

int loom_text_similarity(loom_similarity_info *out, const loom_options *opts,
			 const char *a, size_t a_len, const char *b,
			 size_t b_len)
{
	loom_options def = LOOM_OPTIONS_INIT;
	if (!opts)
		opts = &def;
	if (opts->version != LOOM_OPTIONS_VERSION || !opts->shingle_words) {
		memset(out, 0, sizeof *out);
		return LOOM_EINVAL;
	}
	return compare(out, opts, NULL, a, a_len, b, b_len);
}

int loom_engine_similarity(loom_similarity_info *out, const loom_engine *e,
			   const char *a, size_t a_len, const char *b,
			   size_t b_len)
{
	if (!e) {
		memset(out, 0, sizeof *out);
		return LOOM_EINVAL;
	}
	return compare(out, &e->opts, &e->stories, a, a_len, b, b_len);
}
