/* index.h - the inverted index of anchors: anchor key -> articles.
 *
 * One open-addressing table of (key, article) pairs with linear probing;
 * the pairs of one key sit in one probe run, so a lookup reads a few cache
 * lines and an entry costs 8 bytes. A key already held by max_postings
 * articles is boilerplate (a shared trailer, a stock phrase) and is neither
 * extended nor reported: that keeps every lookup bounded.
 *
 * The table grows without a pause: a grown table starts empty beside the
 * old one, and each insertion moves a few old slots across (as Redis
 * rehashes its dictionaries), so no single article pays for copying the
 * whole index. Until the move ends, lookups read both tables. */
#ifndef LOOM_INDEX_H
#define LOOM_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

typedef struct loom_index_entry {
	uint32_t key; /* 0 = empty */
	uint32_t article;
} loom_index_entry;

typedef struct loom_index {
	loom_mem *mem;
	loom_index_entry *slots; /* the table inserts go to */
	size_t mask;             /* slot count - 1 (a power of two) */
	loom_index_entry *old;   /* the table being moved, or NULL */
	size_t old_mask;
	size_t moved;            /* old slots below this are in slots */
	size_t count;            /* entries in both tables together */
	unsigned max_postings;
} loom_index;

void loom__index_init(loom_index *ix, loom_mem *mem, unsigned max_postings);
void loom__index_free(loom_index *ix);

/* Makes room for n more entries. Returns 0 or -1 when out of memory. */
int loom__index_reserve(loom_index *ix, size_t n);

/* Starts reading the probe runs of keys, so that a later
 * loom__index_probe_add of them finds them in cache: call it after
 * loom__index_reserve (which may move the table) and as early as the keys
 * are known, with other work between. probe_add does not prefetch
 * itself: on a large index, an add without this waits on each run. */
void loom__index_prefetch(const loom_index *ix, const uint32_t *keys, size_t n);

/* For each key, appends to hits the articles that hold it, then adds
 * (key, article). Call loom__index_reserve(ix, n) first; cannot fail then.
 * hits must have room for n * max_postings ids. Returns the hit count. */
size_t loom__index_probe_add(loom_index *ix, const uint32_t *keys, size_t n,
			     uint32_t article, uint32_t *hits);

size_t loom__index_bytes(const loom_index *ix);

#endif
