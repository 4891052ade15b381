/* postings.h - term -> stories, newest first.
 *
 * The story index. Unlike the anchor index (index.h), whose keys are
 * uniform hash samples, story terms follow Zipf's law: a common term is
 * held by thousands of stories, and the stories that matter for it are the
 * recent ones. So each term heads a list of postings, newest first, in one
 * pool: adding is a prepend (no walk over what the term already holds),
 * and a lookup reads at most `limit` postings of each term, the most
 * recent. Stale postings go when the owner rebuilds the index from the
 * stories still in its window. */
#ifndef LOOM_POSTINGS_H
#define LOOM_POSTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

typedef struct loom_posting {
	uint32_t value;
	uint32_t next; /* index + 1 of the next older posting; 0 ends */
} loom_posting;

/* A term and its newest posting side by side: a lookup that misses the
 * cache misses once, not once for the key and again for the head. */
typedef struct loom_postings_slot {
	uint32_t key;  /* 0 = empty */
	uint32_t head; /* index + 1 of the term's newest posting */
} loom_postings_slot;

typedef struct loom_postings {
	loom_mem *mem;
	loom_postings_slot *slots;
	size_t mask, nkeys;
	loom_posting *pool;
	size_t npool, pool_cap;
} loom_postings;

static inline size_t loom__postings_slot_of(uint32_t key, size_t mask)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 21) & mask;
}

void loom__postings_init(loom_postings *p, loom_mem *mem);
void loom__postings_free(loom_postings *p);

/* Makes room for n more postings (of up to n new terms).
 * Returns 0 or -1 when out of memory. */
int loom__postings_reserve(loom_postings *p, size_t n);

/* Adds value under each of keys[0..n) (non-zero, distinct); cannot fail
 * after loom__postings_reserve(p, n). */
void loom__postings_add(loom_postings *p, const uint32_t *keys, size_t n,
			uint32_t value);

/* Appends to out the newest `limit` values of each key (room for
 * n * limit). Returns the count. */
size_t loom__postings_lookup(const loom_postings *p, const uint32_t *keys,
			     size_t n, size_t limit, uint32_t *out);

/* Asks the CPU to start loading key's slot: a caller with many keys to
 * look up prefetches them all first, so the cache misses overlap. */
static inline void loom__postings_prefetch(const loom_postings *p, uint32_t key)
{
	if (p->slots)
		__builtin_prefetch(&p->slots[loom__postings_slot_of(key, p->mask)]);
}

/* Walking one key's postings, newest first, for a caller that stops at
 * the first that fits: at = loom__postings_first(p, key); while (at) {
 * v = loom__postings_value(p, at); at = loom__postings_next(p, at); } */
uint32_t loom__postings_first(const loom_postings *p, uint32_t key);

static inline uint32_t loom__postings_value(const loom_postings *p, uint32_t at)
{
	return p->pool[at - 1].value;
}

static inline uint32_t loom__postings_next(const loom_postings *p, uint32_t at)
{
	return p->pool[at - 1].next;
}

size_t loom__postings_bytes(const loom_postings *p);

#endif
