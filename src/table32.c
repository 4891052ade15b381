/* table32.c - see table32.h. */
#include "table32.h"

#include <string.h>

void loom__table32_init(loom_table32 *t, loom_mem *mem)
{
	memset(t, 0, sizeof *t);
	t->mem = mem;
}

void loom__table32_free(loom_table32 *t)
{
	loom__free(t->mem, t->slots);
	loom__table32_init(t, t->mem);
}

int loom__table32_reserve(loom_table32 *t, size_t n)
{
	size_t slots = t->slots ? t->mask + 1 : 0;
	if (slots && (t->used + n) * 2 <= slots)
		return 0;
	size_t ns = slots ? slots * 2 : 4096;
	while ((t->used + n) * 2 > ns)
		ns *= 2;
	loom_table32 grown = *t;
	grown.slots = loom__calloc(t->mem, ns, sizeof *grown.slots);
	if (!grown.slots)
		return -1;
	grown.mask = ns - 1;
	for (size_t i = 0; i < slots; i++)
		if (t->slots[i].key)
			*loom__table32_find(&grown, t->slots[i].key) = t->slots[i];
	loom__free(t->mem, t->slots);
	*t = grown;
	return 0;
}

size_t loom__table32_bytes(const loom_table32 *t)
{
	return t->slots ? (t->mask + 1) * sizeof *t->slots : 0;
}
