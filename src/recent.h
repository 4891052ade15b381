/* recent.h - key -> its newest values, in whole cache lines.
 *
 * The quote index and the story index. A quote is matched by the earlier
 * quotes that share its content words, an article by the stories that
 * share its strongest terms, and only the newest few of each key are
 * read: a list of postings (postings.h) costs a cache miss per posting
 * read and keeps every posting ever added, while here a key's newest
 * values sit side by side in one or two 64-byte lines, a ring in which
 * a new value takes the oldest one's place. A look-up is two misses per
 * key (its slot, its lines) whatever the key holds, an addition one
 * store; memory grows with the distinct keys, not with the values
 * added. */
#ifndef LOOM_RECENT_H
#define LOOM_RECENT_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "table32.h"

/* The values of one cache line: a key keeps a power of two of them, at
 * most 64 values. */
#define LOOM_RECENT_LINE_VALUES 16

typedef struct loom_recent {
	loom_mem *mem;
	loom_table32 at;  /* key -> 1 + its line, and where its next value goes */
	void *block;      /* the allocation; v is it, 64-aligned */
	uint32_t *v;      /* per key, a ring of keep values + 1; 0 = none */
	size_t keep;
	size_t nlines, cap;
} loom_recent;

/* keep: the values each key keeps, 16, 32 or 64 (whole cache lines). */
void loom__recent_init(loom_recent *r, loom_mem *mem, size_t keep);
void loom__recent_free(loom_recent *r);

/* Makes room for n more keys. Returns 0 or -1 when out of memory. */
int loom__recent_reserve(loom_recent *r, size_t n);

/* Adds value (below UINT32_MAX) under each of keys[0..n) (non-zero,
 * distinct); cannot fail after loom__recent_reserve(r, n). */
void loom__recent_add(loom_recent *r, const uint32_t *keys, size_t n, uint32_t value);

/* Appends to out the newest `limit` (at most r->keep) values of
 * each key in turn, newest first (room for n * limit). Returns the
 * count. */
size_t loom__recent_lookup(const loom_recent *r, const uint32_t *keys, size_t n,
			   size_t limit, uint32_t *out);

#endif
