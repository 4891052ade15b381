/* engine.c - the engine handle: runs each article through the pipeline
 * (scan -> header -> clean -> words -> shingles -> index -> copies) and
 * keeps what outlives it. */
#include "engine.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "clean.h"
#include "copies.h"
#include "ingest.h"
#include "names.h"
#include "quotes.h"
#include "tokens.h"
#include "norm.h"
#include "shingle.h"
#include "text.h"

#define SCRATCH_CHUNK ((size_t)256 << 10)
#define POOL_CHUNK ((size_t)1 << 20)
/* The pool's chunks grow to this, the size from which alloc.c asks for
 * huge pages: at a million articles its 2 GB are then some 70 blocks of
 * fifteen 2 MiB pages each, while at ten thousand articles its chunks
 * are a few MiB of small pages. */
#define POOL_CHUNK_MAX ((size_t)32 << 20)
#define MAX_CANDIDATES 32
#define SHORT_TEXT_SHINGLES 256
#define MAX_FIELD_BYTES 4096 /* a longer title or author is cut */

static void set_err(loom_engine *e, loom_err *err, int code, size_t offset,
		    size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->errmsg, sizeof e->errmsg, fmt, ap);
	va_end(ap);
	if (err) {
		err->code = code;
		err->byte_offset = offset;
		err->line = line;
		size_t n = strnlen(e->errmsg, sizeof err->msg - 1);
		memcpy(err->msg, e->errmsg, n);
		err->msg[n] = '\0';
	}
}

int loom_engine_new(loom_engine **out, const loom_options *opts)
{
	loom_options def = LOOM_OPTIONS_INIT;
	*out = NULL;
	if (!opts)
		opts = &def;
	if (opts->version != LOOM_OPTIONS_VERSION || opts->shingle_words < 1 ||
	    opts->shingle_words > 16 || opts->sketch_shift > 8 ||
	    opts->anchor_shift < opts->sketch_shift || opts->anchor_shift > 12 ||
	    opts->max_postings < 1 || opts->max_article_bytes < 1 ||
	    opts->max_line_bytes < 1 || opts->near_similarity <= 0 ||
	    opts->near_similarity > 1 || opts->rewrite_containment <= 0 ||
	    opts->rewrite_containment > 1 ||
	    opts->max_article_bytes > UINT32_MAX || (opts->flags & ~LOOM_OPT_NO_NAMES) ||
	    opts->story_days > 3650 || opts->storyline_days > 3650 ||
	    !(opts->story_similarity > 0 && opts->story_similarity <= 1) ||
	    !(opts->storyline_similarity > 0 && opts->storyline_similarity <= 1))
		return LOOM_EINVAL;
	loom_mem mem = {0};
	loom_engine *e = loom__calloc(&mem, 1, sizeof *e);
	if (!e)
		return LOOM_ENOMEM;
	e->mem = mem;
	e->opts = *opts;
	loom__arena_init(&e->scratch, &e->mem, SCRATCH_CHUNK);
	loom__arena_init_growing(&e->pool, &e->mem, POOL_CHUNK, POOL_CHUNK_MAX);
	loom__map_init(&e->ids, &e->mem);
	loom__map_init(&e->bodies, &e->mem);
	loom__index_init(&e->index, &e->mem, opts->max_postings);
	loom__entities_init(&e->ents, &e->mem);
	if (loom__stories_init(&e->stories, &e->mem, opts, 1)) {
		loom_engine_free(e);
		return LOOM_ENOMEM;
	}
	*out = e;
	return LOOM_OK;
}

void loom_engine_free(loom_engine *e)
{
	if (!e)
		return;
	loom__arena_release(&e->scratch);
	loom__arena_release(&e->pool);
	loom__map_free(&e->ids);
	loom__map_free(&e->bodies);
	loom__index_free(&e->index);
	loom__stories_free(&e->stories);
	loom__entities_free(&e->ents);
	loom__free(&e->mem, e->story_last);
	loom__free(&e->mem, e->articles);
	loom__free(&e->mem, e->shingles_of);
	loom__free(&e->mem, e->warnings);
	loom__free(&e->mem, e->changed);
	loom_mem mem = e->mem;
	loom__free(&mem, e);
#ifdef LOOM_TEST
	if (mem.live_blocks || mem.live_bytes) {
		fprintf(stderr, "loom: leak: %zu blocks, %zu bytes\n",
			mem.live_blocks, mem.live_bytes);
		abort();
	}
#endif
}

const char *loom_errmsg(const loom_engine *e)
{
	return e ? e->errmsg : "no engine";
}

void loom_free(void *p)
{
	free(p);
}

/* A copy of a span for output: valid UTF-8, white space folded. */
static const char *pool_span(loom_engine *e, const char *text, loom_span sp)
{
	if (sp.end <= sp.start)
		return NULL;
	size_t room = (sp.end - sp.start) * 3 + 1;
	if (room > MAX_FIELD_BYTES)
		room = MAX_FIELD_BYTES;
	char *d = loom__arena_alloc_text(&e->pool, room);
	if (!d)
		return NULL;
	size_t n = loom__clean_copy(d, room, text, sp);
	loom__arena_shrink_last(&e->pool, d, n + 1);
	return n ? d : NULL;
}

static const char *pool_str(loom_engine *e, const char *s, int *failed)
{
	if (!s)
		return NULL;
	loom_span sp = {0, strlen(s)};
	const char *r = pool_span(e, s, sp);
	if (!r && sp.end && !loom__span_blank(s, sp))
		*failed = 1;
	return r;
}

/* The article with this (cleaned) id and its hash, or -1. */
static long find_id(const loom_engine *e, const char *id, uint64_t h)
{
	size_t cur = 0;
	uint32_t v;
	while (loom__map_next(&e->ids, h, &cur, &v))
		if (!strcmp(e->articles[v].id, id))
			return (long)v;
	return -1;
}

/* Room was reserved before the article went in. */
static void add_changed(loom_engine *e, size_t idx)
{
	for (size_t i = 0; i < e->nchanged; i++)
		if (e->changed[i] == idx)
			return;
	assert(e->nchanged < e->changed_cap);
	e->changed[e->nchanged++] = idx;
}

int loom_engine_warn(loom_engine *e, const char *path, size_t line,
		     const char *message)
{
	if (loom__grow(&e->mem, (void **)&e->warnings, &e->warnings_cap,
		       e->nwarnings + 1, sizeof *e->warnings))
		return LOOM_ENOMEM;
	int failed = 0;
	loom_warning *w = &e->warnings[e->nwarnings];
	w->path = pool_str(e, path, &failed);
	w->line = line;
	w->message = pool_str(e, message ? message : "", &failed);
	if (failed)
		return LOOM_ENOMEM;
	if (!w->message)
		w->message = ""; /* an empty message is still a warning */
	e->nwarnings++;
	return LOOM_OK;
}

static void side_of(loom_copy_side *s, const loom_article *a)
{
	s->sketch = a->sketch;
	s->nsketch = a->nsketch;
	s->body_hash = a->body_hash;
	s->words = a->words;
	s->has_date = a->has_date;
	s->date = a->when;
}

/* Candidate ids by number of shared anchors, most first. */
typedef struct cand {
	uint32_t article, hits;
} cand;

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->hits != y->hits)
		return x->hits < y->hits ? 1 : -1;
	return (x->article > y->article) - (x->article < y->article);
}

/* Shared anchors a copy must at least show to be worth verifying. A copy
 * that holds the rewrite share of the shorter article shares about that
 * share of its anchors; asking for a third of it loses almost no true copy
 * (a Poisson count rarely falls to a third of its mean) while most chance
 * matches - a stock phrase, a shared quote - hit one or two anchors. */
static uint32_t min_hits(const loom_engine *e, size_t mine, size_t theirs)
{
	size_t fewer = mine < theirs ? mine : theirs;
	/* Two articles share anchors at the coarser of their two sampling
	 * rates: a short text indexes 1 in 2^sketch_shift shingles, a long
	 * one 1 in 2^anchor_shift. */
	unsigned shift = (mine < SHORT_TEXT_SHINGLES && theirs < SHORT_TEXT_SHINGLES)
				 ? e->opts.sketch_shift
				 : e->opts.anchor_shift;
	double expected = e->opts.rewrite_containment * (double)fewer /
			  (double)((size_t)1 << shift);
	double need = expected / 3.0;
	return need < 1.0 ? 1 : (uint32_t)need;
}

static size_t rank_candidates(const loom_engine *e, cand *out, uint32_t *hits,
			      size_t nhits, size_t nshingles)
{
	qsort(hits, nhits, sizeof *hits, cmp_u32);
	/* every hit's shingle count is read below, at a million articles
	 * misses of L2 at least: start them all before the first is needed */
	for (size_t i = 0; i < nhits; i++)
		if (!i || hits[i] != hits[i - 1])
			__builtin_prefetch(&e->shingles_of[hits[i]]);
	size_t n = 0;
	for (size_t i = 0; i < nhits;) {
		size_t j = i;
		while (j < nhits && hits[j] == hits[i])
			j++;
		if ((uint32_t)(j - i) >= min_hits(e, nshingles, e->shingles_of[hits[i]])) {
			out[n].article = hits[i];
			out[n].hits = (uint32_t)(j - i);
			n++;
		}
		i = j;
	}
	qsort(out, n, sizeof *out, cmp_cand);
	return n;
}

int loom__earlier(const loom_engine *e, uint32_t a, uint32_t b)
{
	const loom_article *x = &e->articles[a], *y = &e->articles[b];
	if (x->has_date && y->has_date) {
		int c = loom__date_cmp(&x->when, &y->when);
		if (c)
			return c < 0;
	}
	return a < b;
}

/* Two containment estimates this close say nothing about which source is
 * closer: the sketch samples ~1 in 4 shingles. */
#define SAME_MATCH 0.03
#define EPS 1e-4

/* Is source a (verdict va) a better source than b (verdict vb)? Higher
 * containment, then similarity; a tie goes to the earlier article. */
static int prefer(const loom_engine *e, const loom_copy_verdict *va, uint32_t a,
		  const loom_copy_verdict *vb, uint32_t b)
{
	if ((va->kind == LOOM_COPY_EXACT) != (vb->kind == LOOM_COPY_EXACT))
		return va->kind == LOOM_COPY_EXACT;
	if (va->containment > vb->containment + EPS)
		return 1;
	if (vb->containment > va->containment + EPS)
		return 0;
	if (va->similarity > vb->similarity + EPS)
		return 1;
	if (vb->similarity > va->similarity + EPS)
		return 0;
	return loom__earlier(e, a, b);
}

/* Is a (transitively) a copy of b? */
static int copies_from(const loom_engine *e, uint32_t a, uint32_t b)
{
	for (int depth = 0; depth < 16 && e->articles[a].copy_kind; depth++) {
		a = e->articles[a].copy_of;
		if (a == b)
			return 1;
	}
	return 0;
}

/* Adds article a to the candidates cands[0, n) unless it is one; returns
 * the count. A candidate judged twice would change nothing but the time. */
static size_t add_candidate(cand *cands, size_t n, uint32_t a)
{
	for (size_t i = 0; i < n; i++)
		if (cands[i].article == a)
			return n;
	cands[n].article = a;
	cands[n].hits = 0;
	return n + 1;
}

typedef struct judged {
	uint32_t src;
	loom_copy_verdict v;
} judged;

/* Should older article o, now found to copy self (verdict v), take self as
 * its source instead of the one it has? Estimates within SAME_MATCH cannot
 * rank two sources, so then the original of a copy chain wins. */
static int should_resource(const loom_engine *e, uint32_t o, uint32_t self,
			   const loom_copy_verdict *v)
{
	const loom_article *other = &e->articles[o];
	/* never close a loop: with dated and undated articles mixed, the
	 * pairwise verdicts need not agree on one order */
	if (copies_from(e, self, o))
		return 0;
	if (other->copy_kind == LOOM_COPY_NONE)
		return 1;
	if (other->copy_of == self)
		return 0;
	loom_copy_verdict cur = {0};
	cur.kind = other->copy_kind;
	cur.similarity = other->similarity;
	cur.containment = other->containment;
	/* self copies o's source: o is better told as self's copy when it
	 * is an exact one (as prefer ranks an exact copy first) or when
	 * self holds clearly more of it */
	if (copies_from(e, self, other->copy_of))
		return (v->kind == LOOM_COPY_EXACT && cur.kind != LOOM_COPY_EXACT) ||
		       v->containment > cur.containment + SAME_MATCH;
	if (copies_from(e, other->copy_of, self) &&
	    (cur.kind != LOOM_COPY_EXACT || v->kind == LOOM_COPY_EXACT))
		return v->containment >= cur.containment - SAME_MATCH;
	return prefer(e, v, self, &cur, other->copy_of);
}

/* The story of the article self copies, if any. */
static uint32_t me_copy_story(const loom_engine *e, uint32_t self)
{
	const loom_article *a = &e->articles[self];
	return a->copy_kind ? e->articles[a->copy_of].story : LOOM_STORY_NONE;
}

/* Judges the candidates and links copies both ways. sources and copies
 * have room for ncands; e->changed for ncands + 1 more: nothing here can
 * fail, because the article is already in the engine. */
static void link_copies(loom_engine *e, uint32_t self, const cand *cands,
			size_t ncands, judged *sources, judged *copies)
{
	loom_article *me = &e->articles[self];
	loom_copy_side mine, theirs;
	side_of(&mine, me);
	size_t nsources = 0, ncopies = 0, best = 0;
	for (size_t i = 0; i < ncands; i++) {
		uint32_t o = cands[i].article;
		loom_copy_verdict v;
		side_of(&theirs, &e->articles[o]);
		loom__copy_judge(&v, &e->opts, &mine, &theirs);
		if (v.kind == LOOM_COPY_NONE)
			continue;
		judged *j = v.newer_is_copy ? &sources[nsources++] : &copies[ncopies++];
		j->src = o;
		j->v = v;
		if (v.newer_is_copy && nsources > 1 &&
		    prefer(e, &v, o, &sources[best].v, sources[best].src))
			best = nsources - 1;
	}
	if (nsources) {
		/* When the best match is itself a copy of another candidate
		 * that matches about as well, name the original. */
		for (size_t round = 0, changed = 1; changed && round < nsources; round++) {
			changed = 0;
			for (size_t i = 0; i < nsources; i++) {
				if (i == best ||
				    (sources[best].v.kind == LOOM_COPY_EXACT &&
				     sources[i].v.kind != LOOM_COPY_EXACT) ||
				    sources[i].v.containment < sources[best].v.containment - SAME_MATCH ||
				    !copies_from(e, sources[best].src, sources[i].src))
					continue;
				best = i;
				changed = 1;
			}
		}
		me->copy_kind = (uint8_t)sources[best].v.kind;
		me->copy_of = sources[best].src;
		me->similarity = (float)sources[best].v.similarity;
		me->containment = (float)sources[best].v.containment;
	}
	/* Older articles that copy this one: it arrived after them but is
	 * their source. Twice, because moving one may make another's
	 * current source a copy of this article. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ncopies; i++) {
			uint32_t o = copies[i].src;
			/* An exact copy outranks this article's own weaker
			 * link that leads back to o: drop that link rather
			 * than lose the exact one. */
			if (copies[i].v.kind == LOOM_COPY_EXACT &&
			    me->copy_kind != LOOM_COPY_NONE &&
			    me->copy_kind != LOOM_COPY_EXACT && copies_from(e, self, o))
				me->copy_kind = LOOM_COPY_NONE;
			if (!should_resource(e, o, self, &copies[i].v))
				continue;
			loom_article *other = &e->articles[o];
			other->copy_kind = (uint8_t)copies[i].v.kind;
			other->copy_of = self;
			other->similarity = (float)copies[i].v.similarity;
			other->containment = (float)copies[i].v.containment;
			add_changed(e, o);
		}
}

static int warn_content(loom_engine *e, const loom_article *a,
			const loom_text_scan *scan, const char *text,
			size_t len)
{
	char msg[160];
	if (scan->invalid_utf8) {
		snprintf(msg, sizeof msg,
			 "%zu invalid UTF-8 sequence%s read as U+FFFD",
			 scan->invalid_utf8, scan->invalid_utf8 == 1 ? "" : "s");
		if (loom_engine_warn(e, a->path ? a->path : a->id,
				     loom__line_of(text, len, scan->first_invalid),
				     msg))
			return -1;
	}
	if (scan->nul_bytes) {
		snprintf(msg, sizeof msg, "%zu NUL byte%s read as space",
			 scan->nul_bytes, scan->nul_bytes == 1 ? "" : "s");
		if (loom_engine_warn(e, a->path ? a->path : a->id,
				     loom__line_of(text, len, scan->first_nul),
				     msg))
			return -1;
	}
	return 0;
}

/* Fills a from the parse and the given fields (given ones win). */
static int record_fields(loom_engine *e, loom_article *a, const loom_doc *doc,
			 const char *id, const loom_parsed *p, loom_err *err)
{
	const char *t = doc->text;
	int failed = 0;
	a->id = pool_str(e, id, &failed);
	a->path = pool_str(e, doc->path, &failed);
	a->title = doc->title ? pool_str(e, doc->title, &failed) : pool_span(e, t, p->title);
	a->author = doc->author ? pool_str(e, doc->author, &failed) : pool_span(e, t, p->author);
	a->source = doc->source ? pool_str(e, doc->source, &failed) : pool_span(e, t, p->source);
	a->dateline = pool_span(e, t, p->dateline);
	a->url = pool_str(e, doc->url, &failed);
	a->lang = pool_str(e, doc->lang, &failed);
	a->has_date = 0;
	a->date = NULL;
	if (doc->date) {
		loom_date d;
		size_t n = loom__date_parse(&d, doc->date, strlen(doc->date));
		if (n && n == strlen(doc->date)) {
			a->when = d;
			a->has_date = 1;
			a->date = pool_str(e, d.iso, &failed);
		} else if (doc->date[0]) {
			char msg[160];
			snprintf(msg, sizeof msg,
				 "date \"%.60s\" is not ISO 8601; left out",
				 doc->date);
			if (loom_engine_warn(e, a->path ? a->path : id, 0, msg))
				failed = 1;
		}
	}
	if (!a->has_date && p->has_date) {
		a->when = p->date;
		a->has_date = 1;
		a->date = pool_str(e, p->date.iso, &failed);
	}
	if (failed || !a->id) {
		set_err(e, err, LOOM_ENOMEM, 0, 0, "out of memory");
		return -1;
	}
	return 0;
}

/* The tokens of the title (when it is a line of the text) and the body,
 * in that order in *all; *body: the body's alone, a view into *all
 * without paragraphs. */
static int tokenize_article(loom_engine *e, const char *text, const loom_parsed *p,
			    loom_tokens *all, loom_tokens *body)
{
	size_t title_len = p->title.end > p->title.start ? p->title.end - p->title.start : 0;
	size_t body_len = p->body.end > p->body.start ? p->body.end - p->body.start : 0;
	if (loom__tokens_reserve(all, loom__tokens_expected(title_len + body_len), &e->scratch) ||
	    (title_len && loom__tokenize_more(all, text, p->title, NULL, 0, &e->scratch)))
		return -1;
	size_t title_n = all->n;
	if (loom__tokenize_more(all, text, p->body, p->skips, p->nskips, &e->scratch))
		return -1;
	memset(body, 0, sizeof *body);
	body->tok = all->tok + title_n; /* no marks: a view */
	body->n = all->n - title_n;
	return 0;
}

/* Names and quotes of the article's tokens, planned into the engine's
 * entities and quotes. */
static loom_article_plan *read_names_and_quotes(loom_engine *e, const char *text,
						const loom_parsed *p,
						const loom_tokens *all)
{
	loom_names names;
	loom_quotes_found quotes;
	if (loom__find_names(&names, text, all, p->dateline, &e->scratch) ||
	    loom__find_quotes(&quotes, text, all, &names, &e->scratch))
		return NULL;
	return loom__entities_prepare(&e->ents, &e->stories, text, all, &names,
				      &quotes, &e->scratch, &e->pool);
}

/* The body's words (norm.h), from its tokens when the article has them:
 * one scan of the text serves names, copies and stories. */
static size_t body_words(uint64_t *words, loom_span *spans, size_t cap,
			 const char *text, const loom_parsed *p,
			 const loom_tokens *body)
{
	if (!body)
		return loom__words(words, spans, LOOM_LEAD_WORDS, cap, text, p->body,
				   p->skips, p->nskips);
	size_t n = loom__words_of_tokens(words, spans, LOOM_LEAD_WORDS, cap, text,
					 p->body, p->skips, p->nskips, body);
#ifdef LOOM_TEST
	/* the same words as the scan of their own would give */
	uint64_t *w2 = malloc((cap + 1) * sizeof *w2);
	loom_span *s2 = malloc(LOOM_LEAD_WORDS * sizeof *s2);
	if (w2 && s2) {
		size_t n2 = loom__words(w2, s2, LOOM_LEAD_WORDS, cap, text, p->body,
					p->skips, p->nskips);
		assert(n2 == n && !memcmp(w2, words, n * sizeof *w2));
		size_t nlead = n < LOOM_LEAD_WORDS ? n : LOOM_LEAD_WORDS;
		assert(!memcmp(s2, spans, nlead * sizeof *s2));
	}
	free(w2);
	free(s2);
#endif
	return n;
}

int loom_engine_add(loom_engine *e, size_t *out_index, const loom_doc *doc,
		    loom_err *err)
{
	size_t warnings_before = e->nwarnings;
	e->nchanged = 0;
	if (err)
		memset(err, 0, sizeof *err);
	if (!doc || (!doc->text && doc->text_len)) {
		set_err(e, err, LOOM_EINVAL, 0, 0, "no text");
		return LOOM_EINVAL;
	}
	const char *text = doc->text ? doc->text : "";
	size_t len = doc->text_len;
	if (len > e->opts.max_article_bytes) {
		set_err(e, err, LOOM_ETOOBIG, e->opts.max_article_bytes, 0,
			"article of %zu bytes is over the %zu-byte cap", len,
			e->opts.max_article_bytes);
		return LOOM_ETOOBIG;
	}
	if (e->narticles >= UINT32_MAX - 1) {
		set_err(e, err, LOOM_ETOOBIG, 0, 0, "too many articles");
		return LOOM_ETOOBIG;
	}
	loom_text_scan scan;
	loom__text_scan(&scan, text, len);
	if (scan.binary) {
		set_err(e, err, LOOM_EBINARY, 0, 0, "binary data, not text");
		return LOOM_EBINARY;
	}
	if (scan.blank) {
		set_err(e, err, LOOM_EEMPTY, 0, 0, len ? "blank text" : "empty text");
		return LOOM_EEMPTY;
	}
	if (scan.longest_line > e->opts.max_line_bytes) {
		set_err(e, err, LOOM_ETOOBIG, 0, scan.longest_line_no,
			"line of %zu bytes is over the %zu-byte cap",
			scan.longest_line, e->opts.max_line_bytes);
		return LOOM_ETOOBIG;
	}

	/* The id is compared as it will be printed: valid UTF-8, white space
	 * folded, at most MAX_FIELD_BYTES; a blank one is generated. */
	char genid[32];
	char *id = NULL;
	if (doc->id) {
		size_t idlen = strlen(doc->id);
		size_t room = idlen * 3 + 1 < MAX_FIELD_BYTES ? idlen * 3 + 1 : MAX_FIELD_BYTES;
		id = loom__arena_alloc(&e->scratch, room);
		if (!id)
			goto nomem;
		if (!loom__clean_copy(id, room, doc->id, (loom_span){0, idlen}))
			id = NULL;
	}
	if (!id) {
		snprintf(genid, sizeof genid, "doc-%zu", e->narticles + 1);
		id = genid;
	}
	uint64_t idh = XXH3_64bits(id, strlen(id));
	if (find_id(e, id, idh) >= 0) {
		set_err(e, err, LOOM_EDUPLICATE, 0, 0, "duplicate id \"%.80s\"", id);
		loom__arena_reset(&e->scratch);
		return LOOM_EDUPLICATE;
	}

	loom_parsed p;
	if (loom__parse_header(&p, text, len, doc->text_is_raw, &e->scratch) ||
	    loom__clean_body(&p, text, len, &e->scratch))
		goto nomem;
	size_t cap = (p.body.end - p.body.start) / 2 + 1;
	uint64_t *words = loom__arena_alloc(&e->scratch, cap * sizeof *words);
	if (!words)
		goto nomem;
	/* one word pass feeds both copies (all words) and stories (the lead) */
	loom_span *spans = loom__arena_alloc(&e->scratch, LOOM_LEAD_WORDS * sizeof *spans);
	if (!spans)
		goto nomem;
	int with_names = !(e->opts.flags & LOOM_OPT_NO_NAMES);
	loom_tokens all = {0}, body = {0};
	if (with_names && tokenize_article(e, text, &p, &all, &body))
		goto nomem;
	size_t nwords = body_words(words, spans, cap, text, &p, with_names ? &body : NULL);
	size_t nlead = nwords < LOOM_LEAD_WORDS ? nwords : LOOM_LEAD_WORDS;
	while (nlead && spans[nlead - 1].start >= p.body.start + LOOM_LEAD_BYTES)
		nlead--;
	loom_shingles sh;
	loom_shingle_params sp = {e->opts.shingle_words, e->opts.sketch_shift,
				  e->opts.anchor_shift, SHORT_TEXT_SHINGLES};
	if (loom__shingle(&sh, &sp, words, nwords, &e->scratch))
		goto nomem;

	/* the index's misses overlap the names' work below; its room is
	 * made first, so that the table prefetched is the one probed (a
	 * reserve adds no entry: a failed add still leaves no trace) */
	if (loom__index_reserve(&e->index, sh.nanchors))
		goto nomem;
	loom__index_prefetch(&e->index, sh.anchors, sh.nanchors);

	loom_article_plan *plan = NULL;
	if (with_names && !(plan = read_names_and_quotes(e, text, &p, &all)))
		goto nomem;

	/* Everything that can fail comes before the index is touched, so a
	 * failed add leaves the engine as it was. */
	if (loom__grow(&e->mem, (void **)&e->articles, &e->articles_cap,
		       e->narticles + 1, sizeof *e->articles) ||
	    loom__grow(&e->mem, (void **)&e->shingles_of, &e->shingles_of_cap,
		       e->narticles + 1, sizeof *e->shingles_of) ||
	    loom__map_reserve(&e->ids) || loom__map_reserve(&e->bodies) ||
	    loom__grow(&e->mem, (void **)&e->changed, &e->changed_cap,
		       MAX_CANDIDATES + 3, sizeof *e->changed))
		goto nomem;
	uint32_t self = (uint32_t)e->narticles;
	loom_article *a = &e->articles[self];
	memset(a, 0, sizeof *a);
	if (record_fields(e, a, doc, id, &p, err))
		goto nomem_set;
	uint16_t *sketch = NULL;
	if (sh.nsketch) {
		sketch = loom__arena_alloc(&e->pool, sh.nsketch * sizeof *sketch);
		if (!sketch)
			goto nomem;
		memcpy(sketch, sh.sketch, sh.nsketch * sizeof *sketch);
	}
	uint32_t *hits = loom__arena_alloc(&e->scratch,
		(sh.nanchors * e->opts.max_postings + 1) * sizeof *hits);
	cand *cands = loom__arena_alloc(&e->scratch,
		(sh.nanchors * e->opts.max_postings + MAX_CANDIDATES + 2) * sizeof *cands);
	/* the candidates, and two more found by the body's hash */
	judged *sources = loom__arena_alloc(&e->scratch, (MAX_CANDIDATES + 2) * sizeof *sources);
	judged *copies = loom__arena_alloc(&e->scratch, (MAX_CANDIDATES + 2) * sizeof *copies);
	if (!hits || !cands || !sources || !copies)
		goto nomem;
	if (warn_content(e, a, &scan, text, len))
		goto nomem;
	loom_story_vec sv;
	if (loom__story_prepare(&e->stories, &sv, a->title, text, p.body.start, words,
				spans, nlead, &e->scratch) ||
	    loom__grow(&e->mem, (void **)&e->story_last, &e->story_last_cap,
		       e->stories.nstories + 1, sizeof *e->story_last))
		goto nomem;

	a->sketch = sketch;
	a->nsketch = (uint32_t)sh.nsketch;
	e->shingles_of[self] = (uint32_t)(sh.shingles < UINT32_MAX ? sh.shingles : UINT32_MAX);
	a->body_hash = sh.body_hash;
	a->words = (uint32_t)nwords;
	a->bytes = len;
	a->invalid_utf8 = scan.invalid_utf8;
	a->nul_bytes = scan.nul_bytes;
	a->body_start = p.body.start;
	a->body_end = p.body.end;
	e->narticles++;
	e->sketch_bytes += sh.nsketch * sizeof *sketch;
	loom__map_add(&e->ids, idh, self);
	e->changed[e->nchanged++] = self;

	size_t nhits = loom__index_probe_add(&e->index, sh.anchors, sh.nanchors,
					     self, hits);
	size_t ncands = rank_candidates(e, cands, hits, nhits, sh.shingles);
	if (ncands > MAX_CANDIDATES)
		ncands = MAX_CANDIDATES;
	/* An exact copy is found by its body hash even when it is too short
	 * to have anchors. */
	if (nwords) {
		size_t cur = 0;
		uint32_t v;
		/* the map holds the first article of each body only; that
		 * one may since have become an exact copy of a later one (an
		 * earlier date came in), which is then the body's source, and
		 * too common a body has no index hits to find it by */
		if (loom__map_next(&e->bodies, sh.body_hash, &cur, &v)) {
			ncands = add_candidate(cands, ncands, v);
			uint32_t root = v;
			for (size_t steps = 0; steps < e->narticles &&
			     e->articles[root].copy_kind == LOOM_COPY_EXACT; steps++)
				root = e->articles[root].copy_of;
			ncands = add_candidate(cands, ncands, root);
		} else {
			loom__map_add(&e->bodies, sh.body_hash, self);
		}
	}
	link_copies(e, self, cands, ncands, sources, copies);
	uint32_t copy_story = me_copy_story(e, self);
	uint32_t story = loom__story_assign(&e->stories, &sv, self, a->title != NULL,
					    a->has_date, a->when.day, copy_story);
	a->story = story;
	a->next_in_story = LOOM_STORY_NONE;
	if (e->stories.stories[story].articles > 1)
		e->articles[e->story_last[story]].next_in_story = self;
	e->story_last[story] = self;
	if (plan)
		loom__entities_commit(&e->ents, plan, self);
	if (out_index)
		*out_index = self;
	loom__arena_reset(&e->scratch);
	return LOOM_OK;
nomem:
	set_err(e, err, LOOM_ENOMEM, 0, 0, "out of memory");
nomem_set:
	/* warnings about an article that did not go in are dropped */
	e->nwarnings = warnings_before;
	loom__arena_reset(&e->scratch);
	return LOOM_ENOMEM;
}

size_t loom_engine_changed(const loom_engine *e, const size_t **out_indices)
{
	*out_indices = e->changed;
	return e->nchanged;
}

size_t loom_engine_count(const loom_engine *e)
{
	return e->narticles;
}

int loom_engine_article(const loom_engine *e, size_t index,
			loom_article_info *out)
{
	if (index >= e->narticles)
		return LOOM_ENOTFOUND;
	const loom_article *a = &e->articles[index];
	memset(out, 0, sizeof *out);
	out->id = a->id;
	out->path = a->path;
	out->title = a->title;
	out->date = a->date;
	out->author = a->author;
	out->source = a->source;
	out->dateline = a->dateline;
	out->url = a->url;
	out->lang = a->lang;
	out->words = a->words;
	out->bytes = a->bytes;
	out->invalid_utf8 = a->invalid_utf8;
	out->nul_bytes = a->nul_bytes;
	out->body_start = a->body_start;
	out->body_end = a->body_end;
	out->copy_kind = (loom_copy_kind)a->copy_kind;
	out->copy_of = a->copy_of;
	out->similarity = a->similarity;
	out->containment = a->containment;
	out->story = a->story;
	out->storyline = e->stories.stories[a->story].storyline;
	return LOOM_OK;
}

int loom_engine_find(const loom_engine *e, const char *id, size_t *out_index)
{
	/* ids are kept as printed: look up the same form */
	char clean[MAX_FIELD_BYTES];
	size_t n = loom__clean_copy(clean, sizeof clean, id, (loom_span){0, strlen(id)});
	if (!n)
		return LOOM_ENOTFOUND;
	long at = find_id(e, clean, XXH3_64bits(clean, n));
	if (at < 0)
		return LOOM_ENOTFOUND;
	*out_index = (size_t)at;
	return LOOM_OK;
}

size_t loom_engine_warning_count(const loom_engine *e)
{
	return e->nwarnings;
}

int loom_engine_warning(const loom_engine *e, size_t index,
			loom_warning_info *out)
{
	if (index >= e->nwarnings)
		return LOOM_ENOTFOUND;
	out->path = e->warnings[index].path;
	out->line = e->warnings[index].line;
	out->message = e->warnings[index].message;
	return LOOM_OK;
}

void loom_engine_memory(const loom_engine *e, loom_memory_info *out)
{
	out->total_bytes = e->mem.live_bytes;
	out->index_bytes = loom__index_bytes(&e->index);
	out->sketch_bytes = e->sketch_bytes;
}

size_t loom_engine_story_count(const loom_engine *e)
{
	return e->stories.nstories;
}

size_t loom_engine_storyline_count(const loom_engine *e)
{
	return e->stories.nlines;
}

size_t loom_engine_entity_count(const loom_engine *e)
{
	return e->ents.n;
}

size_t loom_engine_quote_count(const loom_engine *e)
{
	return e->ents.nquotes;
}
