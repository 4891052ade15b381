/* slab.c - fixed-size items with a free list; see slab.h. */
#include "slab.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

struct loom_slab_block {
	loom_slab_block *next;
	size_t size;
	max_align_t data[];
};

void loom__slab_init(loom_slab *s, loom_mem *mem, size_t item_size, size_t block_size,
		     size_t block_max)
{
	s->mem = mem;
	s->item_size = loom__align_up(item_size ? item_size : 1);
	if (block_size < s->item_size)
		block_size = s->item_size;
	s->block_size = block_size;
	s->block_max = block_max > block_size ? block_max : block_size;
	s->held = 0;
	s->blocks = NULL;
	s->used_in_head = 0;
	s->free_items = NULL;
}

#ifdef LOOM_DEBUG_ARENA
/* Each item its own block, led by the slab it came from: an item given
 * back to another slab (an engine keeps slabs of two sizes side by
 * side) aborts here, where a release build would hand it out later as
 * a larger item than it is. */
typedef union slab_item_head {
	const loom_slab *owner;
	max_align_t align;
} slab_item_head;

void *loom__slab_alloc(loom_slab *s)
{
	slab_item_head *h = loom__malloc(s->mem, sizeof *h + s->item_size);
	if (!h)
		return NULL;
	h->owner = s;
	return h + 1;
}

void loom__slab_free(loom_slab *s, void *p)
{
	if (!p)
		return;
	slab_item_head *h = (slab_item_head *)p - 1;
	assert(h->owner == s);
	loom__free(s->mem, h);
}

void loom__slab_release(loom_slab *s)
{
	(void)s; /* every item was freed on its own */
}
#else
void *loom__slab_alloc(loom_slab *s)
{
	void *p = s->free_items;
	if (p) {
		memcpy(&s->free_items, p, sizeof s->free_items);
		return p;
	}
	loom_slab_block *b = s->blocks;
	if (!b || b->size - s->used_in_head < s->item_size) {
		b = loom__malloc(s->mem, sizeof *b + s->block_size);
		if (!b)
			return NULL;
		b->size = s->block_size;
		b->next = s->blocks;
		s->blocks = b;
		s->used_in_head = 0;
		s->held += b->size;
		s->block_size = loom__next_block_size(s->block_size, s->held, s->block_max);
	}
	p = (char *)b->data + s->used_in_head;
	s->used_in_head += s->item_size;
	return p;
}

void loom__slab_free(loom_slab *s, void *p)
{
	if (!p)
		return;
	memcpy(p, &s->free_items, sizeof s->free_items);
	s->free_items = p;
}

void loom__slab_release(loom_slab *s)
{
	for (loom_slab_block *b = s->blocks, *next; b; b = next) {
		next = b->next;
		loom__free(s->mem, b);
	}
	s->held = 0;
	s->blocks = NULL;
	s->used_in_head = 0;
	s->free_items = NULL;
}
#endif
