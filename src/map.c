/* map.c - see map.h. */
#include "map.h"

#include <string.h>

void loom__map_init(loom_map *m, loom_mem *mem)
{
	memset(m, 0, sizeof *m);
	m->mem = mem;
}

void loom__map_free(loom_map *m)
{
	loom__free(m->mem, m->slots);
	m->slots = NULL;
	m->mask = m->count = 0;
}

static size_t home(uint64_t hash, size_t mask)
{
	return (size_t)(hash ^ (hash >> 32)) & mask;
}

int loom__map_reserve(loom_map *m)
{
	size_t slots = m->slots ? m->mask + 1 : 0;
	if (slots && (m->count + 1) * 2 <= slots)
		return 0;
	size_t ns = slots ? slots * 2 : 256;
	loom_map_entry *n = loom__calloc(m->mem, ns, sizeof *n);
	if (!n)
		return -1;
	for (size_t i = 0; i < slots; i++) {
		if (!m->slots[i].used)
			continue;
		size_t s = home(m->slots[i].hash, ns - 1);
		while (n[s].used)
			s = (s + 1) & (ns - 1);
		n[s] = m->slots[i];
	}
	loom__free(m->mem, m->slots);
	m->slots = n;
	m->mask = ns - 1;
	return 0;
}

void loom__map_add(loom_map *m, uint64_t hash, uint32_t value)
{
	size_t s = home(hash, m->mask);
	while (m->slots[s].used)
		s = (s + 1) & m->mask;
	m->slots[s].hash = hash;
	m->slots[s].value = value;
	m->slots[s].used = 1;
	m->count++;
}

int loom__map_next(const loom_map *m, uint64_t hash, size_t *cursor,
		   uint32_t *value)
{
	if (!m->slots)
		return 0;
	/* the cursor counts probe steps from the home slot */
	for (size_t s = (home(hash, m->mask) + *cursor) & m->mask;
	     m->slots[s].used; s = (s + 1) & m->mask) {
		(*cursor)++;
		if (m->slots[s].hash == hash) {
			*value = m->slots[s].value;
			return 1;
		}
	}
	return 0;
}

size_t loom__map_bytes(const loom_map *m)
{
	return m->slots ? (m->mask + 1) * sizeof(loom_map_entry) : 0;
}
