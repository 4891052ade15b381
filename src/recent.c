/* recent.c - see recent.h. */
#include "recent.h"

#include <string.h>

_Static_assert(LOOM_RECENT_LINE_VALUES * sizeof(uint32_t) == LOOM_LINE,
	       "a line of values is a cache line");

void loom__recent_init(loom_recent *r, loom_mem *mem, size_t keep)
{
	memset(r, 0, sizeof *r);
	r->mem = mem;
	r->keep = keep;
	loom__table32_init(&r->at, mem);
}

void loom__recent_free(loom_recent *r)
{
	loom__table32_free(&r->at);
	loom__free(r->mem, r->block);
	loom__recent_init(r, r->mem, r->keep);
}

/* A key's slot holds 1 + its line's index above POS_BITS bits and, below
 * them, where the line's next value goes: a line is a ring, so that
 * adding is one store, which need not wait for the line to come in (a
 * shift of its values would). */
#define POS_BITS 6
_Static_assert((UINT32_MAX >> POS_BITS) >= (1u << 24), "room for lines");

static inline uint32_t *line_at(const loom_recent *r, uint32_t slot_value)
{
	return r->v + (size_t)((slot_value >> POS_BITS) - 1) * r->keep;
}

static inline size_t pos_of(uint32_t slot_value)
{
	return slot_value & ((1u << POS_BITS) - 1);
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
	size_t line = r->keep * sizeof *r->v;
	void *block = loom__malloc(r->mem, cap * line + LOOM_LINE - 1);
	if (!block)
		return -1;
	uint32_t *v = loom__line_up(block);
	if (r->nlines)
		memcpy(v, r->v, r->nlines * line);
	loom__free(r->mem, r->block);
	r->block = block;
	r->v = v;
	r->cap = cap;
	return 0;
}

/* Keys in batches: every slot asked for, then read, so that the misses
 * of a batch overlap instead of following one another. */
#define BATCH 32

void loom__recent_add(loom_recent *r, const uint32_t *keys, size_t n, uint32_t value)
{
	for (size_t from = 0; from < n; from += BATCH) {
		size_t batch = n - from < BATCH ? n - from : BATCH;
		for (size_t i = 0; i < batch; i++)
			loom__table32_prefetch(&r->at, keys[from + i]);
		for (size_t i = 0; i < batch; i++) {
			loom_table32_slot *slot = loom__table32_put(&r->at, keys[from + i]);
			if (!slot->value) {
				slot->value = (uint32_t)++r->nlines << POS_BITS;
				memset(line_at(r, slot->value), 0, r->keep * sizeof *r->v);
			}
			size_t pos = pos_of(slot->value);
			line_at(r, slot->value)[pos] = value + 1;
			slot->value = (slot->value & ~((1u << POS_BITS) - 1)) |
				      (uint32_t)((pos + 1) & (r->keep - 1));
		}
	}
}

size_t loom__recent_lookup(const loom_recent *r, const uint32_t *keys, size_t n,
			   size_t limit, uint32_t *out)
{
	size_t nout = 0;
	if (limit > r->keep)
		limit = r->keep;
	if (!limit || !r->nlines)
		return 0;
	for (size_t from = 0; from < n; from += BATCH) {
		size_t batch = n - from < BATCH ? n - from : BATCH;
		uint32_t at[BATCH];
		for (size_t i = 0; i < batch; i++)
			loom__table32_prefetch(&r->at, keys[from + i]);
		for (size_t i = 0; i < batch; i++) {
			at[i] = loom__table32_get(&r->at, keys[from + i]);
			for (size_t k = 0; at[i] && k < r->keep; k += LOOM_RECENT_LINE_VALUES)
				__builtin_prefetch(line_at(r, at[i]) + k);
		}
		for (size_t i = 0; i < batch; i++) {
			if (!at[i])
				continue;
			/* newest first: back from where the next value goes */
			const uint32_t *v = line_at(r, at[i]);
			size_t pos = pos_of(at[i]), mask = r->keep - 1;
			for (size_t j = 1; j <= limit && v[(pos - j) & mask]; j++)
				out[nout++] = v[(pos - j) & mask] - 1;
		}
	}
	return nout;
}
