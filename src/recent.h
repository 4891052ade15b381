/* recent.h - key -> its newest LOOM_RECENT_KEEP values, one cache line.
 *
 * The quote index. A quote is matched by the earlier quotes that share
 * its content words, and only the newest few of each word are read: a
 * list of postings (postings.h) costs a cache miss per posting read and
 * keeps every posting ever added, while here a key's newest values sit
 * side by side in one 64-byte line, newest first, and an older value
 * falls off the end when a new one comes. A look-up is two misses per
 * key (its slot, its line) whatever the key holds; memory grows with the
 * distinct keys, not with the values added. */
#ifndef LOOM_RECENT_H
#define LOOM_RECENT_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "table32.h"

#define LOOM_RECENT_KEEP 16

typedef struct loom_recent_line {
	uint32_t v[LOOM_RECENT_KEEP]; /* value + 1, newest first; 0 = none */
} loom_recent_line;

typedef struct loom_recent {
	loom_mem *mem;
	loom_table32 at;         /* key -> 1 + its line */
	void *block;             /* the allocation; lines is it, 64-aligned */
	loom_recent_line *lines;
	size_t nlines, cap;
} loom_recent;

void loom__recent_init(loom_recent *r, loom_mem *mem);
void loom__recent_free(loom_recent *r);

/* Makes room for n more keys. Returns 0 or -1 when out of memory. */
int loom__recent_reserve(loom_recent *r, size_t n);

/* Adds value (below UINT32_MAX) under each of keys[0..n) (non-zero,
 * distinct); cannot fail after loom__recent_reserve(r, n). */
void loom__recent_add(loom_recent *r, const uint32_t *keys, size_t n, uint32_t value);

/* Appends to out the newest `limit` (at most LOOM_RECENT_KEEP) values of
 * each key in turn, newest first (room for n * limit). Returns the
 * count. */
size_t loom__recent_lookup(const loom_recent *r, const uint32_t *keys, size_t n,
			   size_t limit, uint32_t *out);

#endif
