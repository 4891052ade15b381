/* map.c - see map.h. */
#include "map.h"

#include <string.h>

#define MOVE_PER_ADD 4
/* cursor values at or above this walk the current table, below it the
 * old one */
#define IN_CURRENT ((size_t)1 << (sizeof(size_t) * 8 - 2))

void loom__map_init(loom_map *m, loom_mem *mem)
{
	memset(m, 0, sizeof *m);
	m->mem = mem;
}

void loom__map_free(loom_map *m)
{
	loom__free(m->mem, m->slots);
	loom__free(m->mem, m->old);
	m->slots = m->old = NULL;
	m->mask = m->old_mask = m->moved = m->count = 0;
}

static size_t home(uint64_t hash, size_t mask)
{
	return (size_t)(hash ^ (hash >> 32)) & mask;
}

static void put(loom_map_entry *slots, size_t mask, loom_map_entry e)
{
	size_t s = home(e.hash, mask);
	while (slots[s].used)
		s = (s + 1) & mask;
	slots[s] = e;
}

/* Old entries stay in place (removing them would cut probe runs); one
 * counts only while its slot is at or past `moved`. */
static void move_some(loom_map *m, size_t n)
{
	if (!m->old)
		return;
	size_t end = m->moved + n > m->old_mask + 1 ? m->old_mask + 1 : m->moved + n;
	for (size_t i = m->moved; i < end; i++)
		if (m->old[i].used)
			put(m->slots, m->mask, m->old[i]);
	m->moved = end;
	if (m->moved > m->old_mask) {
		loom__free(m->mem, m->old);
		m->old = NULL;
		m->old_mask = m->moved = 0;
	}
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
	move_some(m, SIZE_MAX / 2);
	m->old = m->slots;
	m->old_mask = m->old ? m->mask : 0;
	m->moved = 0;
	m->slots = n;
	m->mask = ns - 1;
	return 0;
}

void loom__map_add(loom_map *m, uint64_t hash, uint32_t value)
{
	loom_map_entry e = {hash, value, 1};
	put(m->slots, m->mask, e);
	m->count++;
	move_some(m, MOVE_PER_ADD);
}

int loom__map_next(const loom_map *m, uint64_t hash, size_t *cursor,
		   uint32_t *value)
{
	if (!m->slots)
		return 0;
	if (*cursor < IN_CURRENT && m->old) {
		/* the cursor counts probe steps from the home slot */
		for (size_t s = (home(hash, m->old_mask) + *cursor) & m->old_mask;
		     m->old[s].used; s = (s + 1) & m->old_mask) {
			(*cursor)++;
			if (m->old[s].hash == hash && s >= m->moved) {
				*value = m->old[s].value;
				return 1;
			}
		}
	}
	if (*cursor < IN_CURRENT)
		*cursor = IN_CURRENT;
	for (size_t s = (home(hash, m->mask) + (*cursor - IN_CURRENT)) & m->mask;
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
	size_t b = m->slots ? (m->mask + 1) * sizeof(loom_map_entry) : 0;
	return b + (m->old ? (m->old_mask + 1) * sizeof(loom_map_entry) : 0);
}
