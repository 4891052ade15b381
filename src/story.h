/* story.h - online story and storyline assignment.
 *
 * An article is described by the stemmed content words of its title and
 * lead, names counted
 * twice, weighted by TF-IDF with document frequencies learnt as the stream
 * goes. It joins the story whose centroid it is most similar to (cosine),
 * among the stories active within the time window found through an
 * inverted index of their terms, or starts a new one. A new story joins
 * the storyline of the most similar recent story when that similarity
 * clears a lower bar. A copy joins its source's story. */
#ifndef LOOM_STORY_H
#define LOOM_STORY_H

#include <stddef.h>
#include <stdint.h>

#include "../include/loom.h"
#include "arena.h"
#include "map.h"
#include "recent.h"
#include "slab.h"
#include "text.h"

struct sb_stemmer;

#define LOOM_STORY_NONE UINT32_MAX

typedef struct loom_term {
	uint32_t term;
	float weight;
} loom_term;

typedef struct loom_story {
	int64_t first_day, last_day; /* INT64_MIN: no dated article yet */
	uint32_t articles, first_article, title_article, storyline;
	uint32_t next_in_line; /* the storyline's next story, or NONE */
	int64_t seen_day; /* the clock when it last took an article */
	uint32_t nterms;
	uint32_t room;    /* terms its block holds: an article's or a story's */
	loom_term *terms; /* centroid: summed weights, sorted by term; NULL
			   * once the story has left the window */
	double norm2;     /* squared norm of the centroid */
} loom_story;

typedef struct loom_storyline {
	uint32_t first_story, last_story, stories;
} loom_storyline;

typedef struct loom_stories {
	loom_mem *mem;
	struct sb_stemmer *stemmer;
	uint64_t *stop;      /* sorted hashes of stop words */
	size_t nstop;
	double *log_table;   /* log(i) for small i; NULL: call log() */
	loom_table32 df;     /* document frequency per term */
	size_t docs;
	loom_story *stories;
	size_t nstories, stories_cap;
	/* Centroids, packed: a story of one article holds its article's
	 * terms at most, and most stories stay that small; a story's block
	 * moves to the larger size when it outgrows that. */
	loom_term *spare;       /* a large block for the next to outgrow */
	loom_term *small_spare; /* a small one for the next new story */
	loom_slab centroids;       /* large blocks, CENTROID_TERMS */
	loom_slab small_centroids; /* small blocks, ARTICLE_TERMS */
	/* word hash -> stemmed term, in sets of a few ways that share a
	 * cache line: stemming a word costs ~2k instructions and news
	 * repeats its vocabulary */
	struct loom_stem_way *stem;
	void *stem_mem; /* the allocation stem is aligned in */
	loom_storyline *lines;
	size_t nlines, lines_cap;
	loom_recent index;   /* term -> its newest stories, newest first */
	int64_t clock_day;   /* latest day seen: undated articles are "now" */
	int has_clock;
	size_t opened, kept; /* stories opened since / kept at the last rebuild */
	double story_threshold, line_threshold;
	int story_days, line_days;
} loom_stories;

/* Windows and thresholds come from opts (validated by the engine).
 * stream: keep a cache of stemmed words and a table of logarithms (800
 * KiB, filled once: worth it for a stream, not for comparing two texts). */
int loom__stories_init(loom_stories *s, loom_mem *mem, const loom_options *opts,
			int stream);
void loom__stories_free(loom_stories *s);

/* An article's terms, ready to be assigned. Built in the arena. */
typedef struct loom_story_vec {
	loom_term *terms; /* L2-normalised; the query terms first */
	size_t nterms, nquery;
	/* scratch for assign, so that it cannot fail */
	loom_term *merge, *count;
	uint8_t *count_at;
	uint32_t *fresh, *hits;
	struct loom_term_table *table; /* the terms by hash, for scoring */
} loom_story_vec;

/* The lead: the body's first words up to this many bytes (at most
 * LOOM_LEAD_WORDS words), where news states the event. */
#define LOOM_LEAD_BYTES 1500
#define LOOM_LEAD_WORDS 400

/* The vector alone: stems with s's stemmer and cache, weighs terms by the
 * document frequencies of weights (may be s); the strongest max_terms
 * at most, in no order.
 * Returns 0 or -1 (no memory). */
int loom__story_vector(loom_stories *s, const loom_stories *weights,
		       loom_story_vec *v, const char *title, const char *text,
		       size_t body_start, const uint64_t *lead,
		       const loom_span *lead_spans, size_t nlead, size_t max_terms,
		       loom_arena *a);
void loom__story_sort_terms(loom_term *t, size_t n);

/* Builds the vector of the title and the lead words (hashes and spans from
 * the engine's one word pass over the body) and reserves what assignment
 * needs. Returns 0 or -1 (no memory). */
int loom__story_prepare(loom_stories *s, loom_story_vec *v, const char *title,
			const char *text, size_t body_start, const uint64_t *lead,
			const loom_span *lead_spans, size_t nlead, loom_arena *a);

/* Assigns the article; cannot fail after loom__story_prepare.
 * copy_story: the story of the article it copies, or LOOM_STORY_NONE. */
uint32_t loom__story_assign(loom_stories *s, const loom_story_vec *v,
			    uint32_t article, int has_title, int has_day,
			    int64_t day, uint32_t copy_story);

/* The stemmed term of one word as story vectors see it (same stemmer and
 * cache), in two steps, so that a caller can have many look-ups under
 * way: the word's key into *key, its cache line asked for (0 returned
 * when the word is too short or too long to count); then its term (with
 * the same word), 0 for a stop word. */
int loom__story_word_key(const loom_stories *s, const char *w, size_t len,
			 uint64_t *key);
/* The same for a word of ASCII letters and digits (a plain token,
 * tokens.h), text[start, start + len), which may be read up to limit:
 * no copy of the word is made. -1 when it has an apostrophe or is too
 * long for a term, for loom__story_word_key to read. */
int loom__story_plain_word_key(const loom_stories *s, const char *text, size_t start,
			       size_t len, size_t limit, uint64_t *key);
uint32_t loom__story_key_term(loom_stories *s, uint64_t key, const char *w, size_t len);

/* Cosine of two vectors (sorted by term). */
double loom__story_cosine(const loom_term *a, size_t na, const loom_term *b,
			  size_t nb);

#ifdef LOOM_TEST
/* For tests: moves the k strongest of t[0, n) (larger weight, then
 * smaller term) to the front, in no order. */
void loom__story_select_strongest(loom_term *t, size_t n, size_t k);
/* For tests: both steps of a word's term at once. */
uint32_t loom__story_word_term(loom_stories *s, const char *w, size_t len);
#endif

#endif
