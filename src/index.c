/* index.c - see index.h. */
#include "index.h"

#include <string.h>

#define MAX_LOAD_NUM 7 /* grow past 70% full: probe runs stay short */
#define MAX_LOAD_DEN 10

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
	ix->slots = NULL;
	ix->mask = ix->used = 0;
}

static int rehash(loom_index *ix, size_t nslots)
{
	loom_index_entry *ns = loom__calloc(ix->mem, nslots, sizeof *ns);
	if (!ns)
		return -1;
	size_t nmask = nslots - 1;
	if (ix->slots) {
		/* Re-inserting in old slot order keeps each key's entries in
		 * their insertion order within the new run. */
		for (size_t i = 0; i <= ix->mask; i++) {
			loom_index_entry e = ix->slots[i];
			if (!e.key)
				continue;
			size_t s = slot_of(e.key, nmask);
			while (ns[s].key)
				s = (s + 1) & nmask;
			ns[s] = e;
		}
	}
	loom__free(ix->mem, ix->slots);
	ix->slots = ns;
	ix->mask = nmask;
	return 0;
}

int loom__index_reserve(loom_index *ix, size_t n)
{
	size_t slots = ix->slots ? ix->mask + 1 : 0;
	size_t need = ix->used + n;
	if (slots && need * MAX_LOAD_DEN <= slots * MAX_LOAD_NUM)
		return 0;
	size_t ns = slots ? slots : 1024;
	while (need * MAX_LOAD_DEN > ns * MAX_LOAD_NUM)
		ns *= 2;
	return rehash(ix, ns);
}

size_t loom__index_probe_add(loom_index *ix, const uint32_t *keys, size_t n,
			     uint32_t article, uint32_t *hits)
{
	size_t nhits = 0;
	loom_index_entry *slots = ix->slots;
	const size_t mask = ix->mask;
	/* Touch every run first: on a large index each lookup is a cache
	 * miss, and prefetching lets the misses overlap. */
	for (size_t i = 0; i < n; i++)
		__builtin_prefetch(&slots[slot_of(keys[i], mask)], 1);
	for (size_t i = 0; i < n; i++) {
		uint32_t key = keys[i];
		size_t s = slot_of(key, mask), held = 0;
		size_t first_hit = nhits;
		while (slots[s].key) {
			if (slots[s].key == key) {
				hits[nhits++] = slots[s].article;
				held++;
			}
			s = (s + 1) & mask;
		}
		if (held >= ix->max_postings) {
			nhits = first_hit; /* boilerplate: says nothing */
			continue;
		}
		slots[s].key = key;
		slots[s].article = article;
		ix->used++;
	}
	return nhits;
}

size_t loom__index_bytes(const loom_index *ix)
{
	return ix->slots ? (ix->mask + 1) * sizeof(loom_index_entry) : 0;
}
