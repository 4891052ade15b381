/* postings.c - see postings.h. */
#include "postings.h"

#include <string.h>

void loom__postings_init(loom_postings *p, loom_mem *mem)
{
	memset(p, 0, sizeof *p);
	p->mem = mem;
	loom__table32_init(&p->heads, mem);
}

void loom__postings_free(loom_postings *p)
{
	loom__table32_free(&p->heads);
	loom__free(p->mem, p->pool);
	loom__postings_init(p, p->mem);
}

int loom__postings_reserve(loom_postings *p, size_t n)
{
	if (loom__grow(p->mem, (void **)&p->pool, &p->pool_cap, p->npool + n,
		       sizeof *p->pool))
		return -1;
	return loom__table32_reserve(&p->heads, n);
}

void loom__postings_add(loom_postings *p, const uint32_t *keys, size_t n,
			uint32_t value)
{
	for (size_t i = 0; i < n; i++) {
		loom_table32_slot *head = loom__table32_put(&p->heads, keys[i]);
		p->pool[p->npool].value = value;
		p->pool[p->npool].next = head->value;
		head->value = (uint32_t)++p->npool;
	}
}

/* Keys walked side by side: each walk is a chain of loads that miss the
 * cache, so the walks of a batch take their postings in turns, and the
 * misses of different keys overlap instead of following one another. */
#define WALK_BATCH 32

size_t loom__postings_lookup(const loom_postings *p, const uint32_t *keys,
			     size_t n, size_t limit, uint32_t *out)
{
	size_t nout = 0;
	for (size_t i = 0; i < n; i++)
		loom__table32_prefetch(&p->heads, keys[i]);
	for (size_t from = 0; from < n; from += WALK_BATCH) {
		size_t batch = n - from < WALK_BATCH ? n - from : WALK_BATCH;
		uint32_t at[WALK_BATCH];
		size_t taken[WALK_BATCH], live = 0;
		/* key i's values go to out[nout + i * limit ...], packed below */
		for (size_t i = 0; i < batch; i++) {
			at[i] = limit ? loom__table32_get(&p->heads, keys[from + i]) : 0;
			taken[i] = 0;
			live += at[i] != 0;
		}
		while (live) {
			for (size_t i = 0; i < batch; i++) {
				if (!at[i])
					continue;
				const loom_posting *q = &p->pool[at[i] - 1];
				out[nout + i * limit + taken[i]++] = q->value;
				at[i] = taken[i] < limit ? q->next : 0;
				live -= !at[i];
			}
		}
		size_t packed = nout;
		for (size_t i = 0; i < batch; i++) {
			memmove(out + packed, out + nout + i * limit, taken[i] * sizeof *out);
			packed += taken[i];
		}
		nout = packed;
	}
	return nout;
}

uint32_t loom__postings_first(const loom_postings *p, uint32_t key)
{
	return loom__table32_get(&p->heads, key);
}

size_t loom__postings_bytes(const loom_postings *p)
{
	return loom__table32_bytes(&p->heads) + p->pool_cap * sizeof *p->pool;
}
