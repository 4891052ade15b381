/* recent.c - see recent.h. */
#include "recent.h"

#include <string.h>

void loom__recent_init(loom_recent *r, loom_mem *mem)
{
	memset(r, 0, sizeof *r);
	r->mem = mem;
	loom__table32_init(&r->at, mem);
}

void loom__recent_free(loom_recent *r)
{
	loom__table32_free(&r->at);
	loom__free(r->mem, r->block);
	loom__recent_init(r, r->mem);
}

int loom__recent_reserve(loom_recent *r, size_t n)
{
	if (loom__table32_reserve(&r->at, n))
		return -1;
	if (r->nlines + n <= r->cap)
		return 0;
	size_t cap = r->cap ? r->cap * 2 : 256;
	while (cap < r->nlines + n)
		cap *= 2;
	/* not loom__grow: a line must start a cache line */
	void *block = loom__malloc(r->mem, cap * sizeof *r->lines + LOOM_LINE - 1);
	if (!block)
		return -1;
	loom_recent_line *lines = loom__line_up(block);
	if (r->nlines)
		memcpy(lines, r->lines, r->nlines * sizeof *lines);
	loom__free(r->mem, r->block);
	r->block = block;
	r->lines = lines;
	r->cap = cap;
	return 0;
}

void loom__recent_add(loom_recent *r, const uint32_t *keys, size_t n, uint32_t value)
{
	for (size_t i = 0; i < n; i++) {
		loom_table32_slot *slot = loom__table32_put(&r->at, keys[i]);
		if (!slot->value) {
			memset(&r->lines[r->nlines], 0, sizeof *r->lines);
			slot->value = (uint32_t)++r->nlines;
		}
		loom_recent_line *l = &r->lines[slot->value - 1];
		memmove(l->v + 1, l->v, (LOOM_RECENT_KEEP - 1) * sizeof *l->v);
		l->v[0] = value + 1;
	}
}

/* Keys in batches: every slot asked for, then every line, then read, so
 * that the misses of a batch overlap instead of following one another. */
#define BATCH 32

size_t loom__recent_lookup(const loom_recent *r, const uint32_t *keys, size_t n,
			   size_t limit, uint32_t *out)
{
	size_t nout = 0;
	if (limit > LOOM_RECENT_KEEP)
		limit = LOOM_RECENT_KEEP;
	if (!limit || !r->nlines)
		return 0;
	for (size_t from = 0; from < n; from += BATCH) {
		size_t batch = n - from < BATCH ? n - from : BATCH;
		uint32_t line[BATCH];
		for (size_t i = 0; i < batch; i++)
			loom__table32_prefetch(&r->at, keys[from + i]);
		for (size_t i = 0; i < batch; i++) {
			line[i] = loom__table32_get(&r->at, keys[from + i]);
			if (line[i])
				__builtin_prefetch(&r->lines[line[i] - 1]);
		}
		for (size_t i = 0; i < batch; i++) {
			if (!line[i])
				continue;
			const uint32_t *v = r->lines[line[i] - 1].v;
			for (size_t j = 0; j < limit && v[j]; j++)
				out[nout++] = v[j] - 1;
		}
	}
	return nout;
}
