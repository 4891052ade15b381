/* index.c - see index.h. */
#include "index.h"

#include <string.h>

#define MAX_LOAD_NUM 7 /* grow past 70% full: probe runs stay short */
#define MAX_LOAD_DEN 10
/* Old slots moved per inserted entry. A grown table has twice the slots,
 * so it takes 0.7 * old slots of inserts to fill; moving 4 slots per
 * insert empties the old table long before. */
#define MOVE_PER_INSERT 4

static inline size_t slot_of(uint32_t key, size_t mask)
{
	/* keys are already uniform hash bits; spread them over the table */
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 17) & mask;
}

void loom__index_init(loom_index *ix, loom_mem *mem, unsigned max_postings)
{
	memset(ix, 0, sizeof *ix);
	ix->mem = mem;
	ix->max_postings = max_postings;
}

void loom__index_free(loom_index *ix)
{
	loom__free(ix->mem, ix->slots);
	loom__free(ix->mem, ix->old);
	ix->slots = ix->old = NULL;
	ix->mask = ix->old_mask = ix->count = ix->moved = 0;
}

static void put(loom_index_entry *slots, size_t mask, loom_index_entry e)
{
	size_t s = slot_of(e.key, mask);
	while (slots[s].key)
		s = (s + 1) & mask;
	slots[s] = e;
}

/* Moves up to n old slots into the current table. Old entries stay where
 * they are (removing them would cut other keys' probe runs); a lookup
 * counts an old entry only if its slot is at or past `moved`. */
static void move_some(loom_index *ix, size_t n)
{
	if (!ix->old)
		return;
	size_t end = ix->moved + n;
	if (end > ix->old_mask + 1)
		end = ix->old_mask + 1;
	for (size_t i = ix->moved; i < end; i++)
		if (ix->old[i].key)
			put(ix->slots, ix->mask, ix->old[i]);
	ix->moved = end;
	if (ix->moved > ix->old_mask) {
		loom__free(ix->mem, ix->old);
		ix->old = NULL;
		ix->old_mask = ix->moved = 0;
	}
}

int loom__index_reserve(loom_index *ix, size_t n)
{
	size_t slots = ix->slots ? ix->mask + 1 : 0;
	size_t need = ix->count + n;
	if (slots && need * MAX_LOAD_DEN <= slots * MAX_LOAD_NUM)
		return 0;
	size_t ns = slots ? slots * 2 : 1024;
	while (need * MAX_LOAD_DEN > ns * MAX_LOAD_NUM)
		ns *= 2;
	loom_index_entry *fresh = loom__calloc(ix->mem, ns, sizeof *fresh);
	if (!fresh)
		return -1;
	/* a move still under way (an unusually large article) ends now */
	move_some(ix, SIZE_MAX / 2);
	ix->old = ix->slots;
	ix->old_mask = ix->mask;
	ix->moved = 0;
	ix->slots = fresh;
	ix->mask = ns - 1;
	if (!ix->old)
		ix->old_mask = 0;
	return 0;
}

void loom__index_prefetch(const loom_index *ix, const uint32_t *keys, size_t n)
{
	/* on a large index each lookup is a cache miss; prefetching lets
	 * the misses overlap */
	for (size_t i = 0; ix->slots && i < n; i++)
		__builtin_prefetch(&ix->slots[slot_of(keys[i], ix->mask)], 1);
	/* and while a move is under way (a third of the time), the old
	 * table's runs, which are read too */
	for (size_t i = 0; ix->old && i < n; i++)
		__builtin_prefetch(&ix->old[slot_of(keys[i], ix->old_mask)]);
}

size_t loom__index_probe_add(loom_index *ix, const uint32_t *keys, size_t n,
			     uint32_t article, uint32_t *hits)
{
	size_t nhits = 0;
	loom_index_entry *slots = ix->slots;
	const size_t mask = ix->mask;
	for (size_t i = 0; i < n; i++) {
		uint32_t key = keys[i];
		size_t held = 0, first_hit = nhits, s;
		if (ix->old) {
			for (s = slot_of(key, ix->old_mask); ix->old[s].key;
			     s = (s + 1) & ix->old_mask)
				if (ix->old[s].key == key && s >= ix->moved) {
					hits[nhits++] = ix->old[s].article;
					held++;
				}
		}
		for (s = slot_of(key, mask); slots[s].key; s = (s + 1) & mask)
			if (slots[s].key == key) {
				hits[nhits++] = slots[s].article;
				held++;
			}
		if (held >= ix->max_postings) {
			nhits = first_hit; /* boilerplate: says nothing */
			continue;
		}
		slots[s].key = key;
		slots[s].article = article;
		ix->count++;
	}
	move_some(ix, n * MOVE_PER_INSERT + 16);
	return nhits;
}

size_t loom__index_bytes(const loom_index *ix)
{
	size_t b = ix->slots ? (ix->mask + 1) * sizeof(loom_index_entry) : 0;
	if (ix->old)
		b += (ix->old_mask + 1) * sizeof(loom_index_entry);
	return b;
}
