/* postings.c - see postings.h. */
#include "postings.h"

#include <string.h>

void loom__postings_init(loom_postings *p, loom_mem *mem)
{
	memset(p, 0, sizeof *p);
	p->mem = mem;
}

void loom__postings_free(loom_postings *p)
{
	loom__free(p->mem, p->slots);
	loom__free(p->mem, p->pool);
	loom_mem *mem = p->mem;
	loom__postings_init(p, mem);
}

static size_t find(const loom_postings *p, uint32_t key)
{
	size_t s = loom__postings_slot_of(key, p->mask);
	while (p->slots[s].key && p->slots[s].key != key)
		s = (s + 1) & p->mask;
	return s;
}

int loom__postings_reserve(loom_postings *p, size_t n)
{
	if (loom__grow(p->mem, (void **)&p->pool, &p->pool_cap, p->npool + n,
		       sizeof *p->pool))
		return -1;
	size_t slots = p->slots ? p->mask + 1 : 0;
	if (slots && (p->nkeys + n) * 2 <= slots)
		return 0;
	/* at most half full keeps probe runs short. The table is rebuilt
	 * whole: it holds one entry per term of the stories in the window,
	 * far fewer than the stream's articles. */
	size_t ns = slots ? slots * 2 : 4096;
	while ((p->nkeys + n) * 2 > ns)
		ns *= 2;
	loom_postings_slot *grown_slots = loom__calloc(p->mem, ns, sizeof *grown_slots);
	if (!grown_slots)
		return -1;
	loom_postings grown = *p;
	grown.slots = grown_slots;
	grown.mask = ns - 1;
	for (size_t i = 0; i < slots; i++)
		if (p->slots[i].key)
			grown_slots[find(&grown, p->slots[i].key)] = p->slots[i];
	loom__free(p->mem, p->slots);
	*p = grown;
	return 0;
}

void loom__postings_add(loom_postings *p, const uint32_t *keys, size_t n,
			uint32_t value)
{
	for (size_t i = 0; i < n; i++) {
		loom_postings_slot *slot = &p->slots[find(p, keys[i])];
		if (!slot->key) {
			slot->key = keys[i];
			p->nkeys++;
		}
		p->pool[p->npool].value = value;
		p->pool[p->npool].next = slot->head;
		slot->head = (uint32_t)++p->npool;
	}
}

size_t loom__postings_lookup(const loom_postings *p, const uint32_t *keys,
			     size_t n, size_t limit, uint32_t *out)
{
	size_t nout = 0;
	if (!p->slots)
		return 0;
	for (size_t i = 0; i < n; i++)
		loom__postings_prefetch(p, keys[i]);
	for (size_t i = 0; i < n; i++) {
		size_t taken = 0;
		for (uint32_t at = p->slots[find(p, keys[i])].head; at && taken < limit;
		     taken++) {
			out[nout++] = p->pool[at - 1].value;
			at = p->pool[at - 1].next;
		}
	}
	return nout;
}

uint32_t loom__postings_first(const loom_postings *p, uint32_t key)
{
	return p->slots ? p->slots[find(p, key)].head : 0;
}

size_t loom__postings_bytes(const loom_postings *p)
{
	size_t slots = p->slots ? p->mask + 1 : 0;
	return slots * sizeof *p->slots +
	       p->pool_cap * sizeof *p->pool;
}
