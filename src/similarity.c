/* similarity.c - exact resemblance and containment of two texts, by the
 * same header parsing, cleaning and shingling that copy detection uses. */
#include <string.h>

#include "../include/loom.h"
#include "arena.h"
#include "clean.h"
#include "ingest.h"
#include "norm.h"
#include "shingle.h"

static size_t text_shingles(uint64_t **out, const loom_options *o,
			    const char *t, size_t len, loom_arena *a)
{
	loom_parsed p;
	if (loom__parse_header(&p, t, len, 1, a) || loom__clean_body(&p, t, len, a))
		return (size_t)-1;
	size_t cap = (p.body.end - p.body.start) / 2 + 1;
	uint64_t *w = loom__arena_alloc(a, cap * sizeof *w);
	if (!w)
		return (size_t)-1;
	size_t n = loom__words(w, NULL, 0, cap, t, p.body, p.skips, p.nskips);
	return loom__shingle_all(out, o->shingle_words, w, n, a);
}

int loom_text_similarity(loom_similarity_info *out, const loom_options *opts,
			 const char *a, size_t a_len, const char *b,
			 size_t b_len)
{
	loom_options def = LOOM_OPTIONS_INIT;
	if (!opts)
		opts = &def;
	memset(out, 0, sizeof *out);
	if (opts->version != LOOM_OPTIONS_VERSION || !opts->shingle_words)
		return LOOM_EINVAL;
	if (a_len > opts->max_article_bytes || b_len > opts->max_article_bytes)
		return LOOM_ETOOBIG;
	loom_mem mem = {0};
	loom_arena arena;
	loom__arena_init(&arena, &mem, (size_t)256 << 10);
	uint64_t *sa, *sb;
	size_t na = text_shingles(&sa, opts, a ? a : "", a ? a_len : 0, &arena);
	size_t nb = text_shingles(&sb, opts, b ? b : "", b ? b_len : 0, &arena);
	if (na == (size_t)-1 || nb == (size_t)-1) {
		loom__arena_release(&arena);
		return LOOM_ENOMEM;
	}
	size_t shared = loom__intersect64(sa, na, sb, nb);
	out->shingles_a = na;
	out->shingles_b = nb;
	out->shared = shared;
	out->resemblance = (na + nb - shared) ? (double)shared / (double)(na + nb - shared) : 0;
	out->containment_ab = na ? (double)shared / (double)na : 0;
	out->containment_ba = nb ? (double)shared / (double)nb : 0;
	loom__arena_release(&arena);
	return LOOM_OK;
}

int loom_engine_similarity(loom_similarity_info *out, const loom_engine *e,
			   const char *a, size_t a_len, const char *b,
			   size_t b_len)
{
	/* TODO(issue 4): weigh topic terms by e's document frequencies */
	(void)e;
	return loom_text_similarity(out, NULL, a, a_len, b, b_len);
}
