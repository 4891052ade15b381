/* postings.c - see postings.h. */
#include "postings.h"

#include <string.h>

static inline size_t slot_of(uint32_t key, size_t mask)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 21) & mask;
}

void loom__postings_init(loom_postings *p, loom_mem *mem)
{
	memset(p, 0, sizeof *p);
	p->mem = mem;
}

void loom__postings_free(loom_postings *p)
{
	loom__free(p->mem, p->keys);
	loom__free(p->mem, p->heads);
	loom__free(p->mem, p->pool);
	loom_mem *mem = p->mem;
	loom__postings_init(p, mem);
}

static size_t find(const loom_postings *p, uint32_t key)
{
	size_t s = slot_of(key, p->mask);
	while (p->keys[s] && p->keys[s] != key)
		s = (s + 1) & p->mask;
	return s;
}

int loom__postings_reserve(loom_postings *p, size_t n)
{
	if (loom__grow(p->mem, (void **)&p->pool, &p->pool_cap, p->npool + n,
		       sizeof *p->pool))
		return -1;
	size_t slots = p->keys ? p->mask + 1 : 0;
	if (slots && (p->nkeys + n) * 2 <= slots)
		return 0;
	/* at most half full keeps probe runs short. The table is rebuilt
	 * whole: it holds one entry per term of the stories in the window,
	 * far fewer than the stream's articles. */
	size_t ns = slots ? slots * 2 : 4096;
	while ((p->nkeys + n) * 2 > ns)
		ns *= 2;
	uint32_t *keys = loom__calloc(p->mem, ns, sizeof *keys);
	uint32_t *heads = loom__calloc(p->mem, ns, sizeof *heads);
	if (!keys || !heads) {
		loom__free(p->mem, keys);
		loom__free(p->mem, heads);
		return -1;
	}
	loom_postings grown = *p;
	grown.keys = keys;
	grown.heads = heads;
	grown.mask = ns - 1;
	for (size_t i = 0; i < slots; i++)
		if (p->keys[i]) {
			size_t s = find(&grown, p->keys[i]);
			keys[s] = p->keys[i];
			heads[s] = p->heads[i];
		}
	loom__free(p->mem, p->keys);
	loom__free(p->mem, p->heads);
	*p = grown;
	return 0;
}

void loom__postings_add(loom_postings *p, const uint32_t *keys, size_t n,
			uint32_t value)
{
	for (size_t i = 0; i < n; i++) {
		size_t s = find(p, keys[i]);
		if (!p->keys[s]) {
			p->keys[s] = keys[i];
			p->nkeys++;
		}
		p->pool[p->npool].value = value;
		p->pool[p->npool].next = p->heads[s];
		p->heads[s] = (uint32_t)++p->npool;
	}
}

size_t loom__postings_lookup(const loom_postings *p, const uint32_t *keys,
			     size_t n, size_t limit, uint32_t *out)
{
	size_t nout = 0;
	if (!p->keys)
		return 0;
	for (size_t i = 0; i < n; i++) {
		size_t s = find(p, keys[i]);
		size_t taken = 0;
		for (uint32_t at = p->heads[s]; at && taken < limit; taken++) {
			out[nout++] = p->pool[at - 1].value;
			at = p->pool[at - 1].next;
		}
	}
	return nout;
}

size_t loom__postings_bytes(const loom_postings *p)
{
	size_t slots = p->keys ? p->mask + 1 : 0;
	return slots * (sizeof *p->keys + sizeof *p->heads) +
	       p->pool_cap * sizeof *p->pool;
}
