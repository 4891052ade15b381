/* postings.h - key -> values, newest first, every one kept.
 *
 * The entity indexes (a name's keys -> the people of that name, a quote's
 * exact words -> the quotes). Each key heads a list of postings, newest
 * first, in one pool: adding is a prepend (no walk over what the key
 * already holds), and a walk or a lookup reads the newest first and stops
 * where its caller does. A list costs a cache miss per posting read: an
 * index that reads only each key's newest few, over keys that gather
 * many, is a loom_recent (recent.h). */
#ifndef LOOM_POSTINGS_H
#define LOOM_POSTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "table32.h"

typedef struct loom_posting {
	uint32_t value;
	uint32_t next; /* index + 1 of the next older posting; 0 ends */
} loom_posting;

typedef struct loom_postings {
	loom_mem *mem;
	loom_table32 heads; /* term -> index + 1 of its newest posting */
	loom_posting *pool;
	size_t npool, pool_cap;
} loom_postings;

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
