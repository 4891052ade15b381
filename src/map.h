/* map.h - a 64-bit hash -> 32-bit value multimap (open addressing).
 *
 * Callers keep the real keys (ids, bodies) and check each match: the map
 * only narrows the search to entries with the same hash. Like the anchor
 * index it grows without a pause: the grown table fills from the old one a
 * few slots per insertion. */
#ifndef LOOM_MAP_H
#define LOOM_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

typedef struct loom_map_entry {
	uint64_t hash;
	uint32_t value;
	uint32_t used;
} loom_map_entry;

typedef struct loom_map {
	loom_mem *mem;
	loom_map_entry *slots, *old;
	size_t mask, old_mask, moved, count;
} loom_map;

void loom__map_init(loom_map *m, loom_mem *mem);
void loom__map_free(loom_map *m);
/* Makes room for one more entry. Returns 0 or -1 (out of memory). */
int loom__map_reserve(loom_map *m);
/* Adds after loom__map_reserve; cannot fail. */
void loom__map_add(loom_map *m, uint64_t hash, uint32_t value);
/* Iterates over the values stored under hash: start with *cursor = 0 and
 * add nothing while iterating. Returns 1 and sets *value while there are
 * more. */
int loom__map_next(const loom_map *m, uint64_t hash, size_t *cursor,
		   uint32_t *value);
size_t loom__map_bytes(const loom_map *m);

#endif
