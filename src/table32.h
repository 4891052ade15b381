/* table32.h - a table from 32-bit keys (never 0) to 32-bit values.
 *
 * Open addressing with linear probing, at most half full, key and value
 * side by side so a look-up that misses the cache misses once. Grown by
 * rebuilding whole: its users (the story index's heads, document
 * frequencies, entity and quote postings) hold one entry per distinct
 * term, far fewer than the stream's articles. */
#ifndef LOOM_TABLE32_H
#define LOOM_TABLE32_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

typedef struct loom_table32_slot {
	uint32_t key; /* 0 = empty */
	uint32_t value;
} loom_table32_slot;

typedef struct loom_table32 {
	loom_mem *mem;
	loom_table32_slot *slots;
	size_t mask, used;
} loom_table32;

void loom__table32_init(loom_table32 *t, loom_mem *mem);
void loom__table32_free(loom_table32 *t);

/* Makes room for n more keys. Returns 0 or -1 when out of memory. */
int loom__table32_reserve(loom_table32 *t, size_t n);

/* Where key's probe run starts in a table of mask + 1 slots (also for
 * tables of other records keyed the same way). */
static inline size_t loom__table32_slot_of(uint32_t key, size_t mask)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 21) & mask;
}

static inline size_t loom__table32_home(const loom_table32 *t, uint32_t key)
{
	return loom__table32_slot_of(key, t->mask);
}

/* The slot of key, or the empty slot where it would go; NULL when the
 * table has no slots yet. */
static inline loom_table32_slot *loom__table32_find(const loom_table32 *t, uint32_t key)
{
	if (!t->slots)
		return NULL;
	size_t s = loom__table32_home(t, key);
	while (t->slots[s].key && t->slots[s].key != key)
		s = (s + 1) & t->mask;
	return &t->slots[s];
}

/* The slot of key, added (value 0) when missing; needs room reserved. */
static inline loom_table32_slot *loom__table32_put(loom_table32 *t, uint32_t key)
{
	loom_table32_slot *slot = loom__table32_find(t, key);
	if (!slot->key) {
		slot->key = key;
		t->used++;
	}
	return slot;
}

/* The value of key, 0 when absent. */
static inline uint32_t loom__table32_get(const loom_table32 *t, uint32_t key)
{
	const loom_table32_slot *slot = loom__table32_find(t, key);
	return slot ? slot->value : 0;
}

/* Asks the CPU to start loading key's slot: a caller with many keys to
 * look up prefetches them all first, so the cache misses overlap. */
static inline void loom__table32_prefetch(const loom_table32 *t, uint32_t key)
{
	if (t->slots)
		__builtin_prefetch(&t->slots[loom__table32_home(t, key)]);
}

size_t loom__table32_bytes(const loom_table32 *t);

#endif
