/* people.c - see people.h. */
#include "people.h"

#include <string.h>

_Static_assert(sizeof(loom_person_slot) == 16, "four slots to a cache line");

void loom__people_init(loom_people *p, loom_mem *mem)
{
	memset(p, 0, sizeof *p);
	p->mem = mem;
}

void loom__people_free(loom_people *p)
{
	loom__free(p->mem, p->block);
	loom__people_init(p, p->mem);
}

/* The slot of n in slots (mask + 1 of them), or the empty one where it
 * would go. */
static loom_person_slot *slot_in(loom_person_slot *slots, size_t mask, loom_person_name n)
{
	size_t at = loom__people_home(n, mask);
	while (slots[at].tag && (slots[at].tag != n.tag || slots[at].key != n.key))
		at = (at + 1) & mask;
	return &slots[at];
}

int loom__people_reserve(loom_people *p, size_t n)
{
	size_t slots = p->slots ? p->mask + 1 : 0;
	if ((p->used + n) * 2 <= slots)
		return 0;
	size_t cap = slots ? slots * 2 : 4096;
	while ((p->used + n) * 2 > cap)
		cap *= 2;
	void *block = loom__calloc(p->mem, cap * sizeof *p->slots + LOOM_LINE, 1);
	if (!block)
		return -1;
	loom_person_slot *t = loom__line_up(block);
	for (size_t i = 0; i < slots; i++)
		if (p->slots[i].tag)
			*slot_in(t, cap - 1, (loom_person_name){p->slots[i].key, p->slots[i].tag}) =
				p->slots[i];
	loom__free(p->mem, p->block);
	p->block = block;
	p->slots = t;
	p->mask = cap - 1;
	return 0;
}

uint32_t loom__people_get(const loom_people *p, loom_person_name n)
{
	if (!p->slots)
		return UINT32_MAX;
	const loom_person_slot *s = slot_in(p->slots, p->mask, n);
	return s->tag ? s->entity : UINT32_MAX;
}

void loom__people_set(loom_people *p, loom_person_name n, uint32_t entity)
{
	loom_person_slot *s = slot_in(p->slots, p->mask, n);
	if (!s->tag) {
		s->key = n.key;
		s->tag = n.tag;
		p->used++;
	}
	s->entity = entity;
}
