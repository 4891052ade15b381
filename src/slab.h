/* slab.h - many blocks of one size that come and go.
 *
 * Items are cut from a few large blocks and a freed item goes on a list
 * that the next allocation takes first, so that the live items stay packed
 * in memory the slab owns instead of scattered over the heap among other
 * blocks of their size. Blocks grow as a growing arena's chunks do
 * (loom__next_block_size), so that a large slab gets huge pages. Built with
 * LOOM_DEBUG_ARENA every item is its own heap block, for ASan. */
#ifndef LOOM_SLAB_H
#define LOOM_SLAB_H

#include <stddef.h>

#include "alloc.h"

typedef struct loom_slab_block loom_slab_block;

typedef struct loom_slab {
	loom_mem *mem;
	size_t item_size;  /* rounded up to keep every item aligned */
	size_t block_size; /* of the next block */
	size_t block_max;
	size_t held;             /* bytes of all blocks */
	loom_slab_block *blocks; /* newest first */
	size_t used_in_head;     /* bytes of the newest block handed out */
	void *free_items;        /* each freed item holds the next one's address */
} loom_slab;

void loom__slab_init(loom_slab *s, loom_mem *mem, size_t item_size, size_t block_size,
		     size_t block_max);
/* An item of item_size bytes aligned for any scalar, or NULL when out of
 * memory. */
void *loom__slab_alloc(loom_slab *s);
/* Gives p (from this slab, or NULL) back for reuse. */
void loom__slab_free(loom_slab *s, void *p);
/* Frees every block; the slab is empty and can be used again. */
void loom__slab_release(loom_slab *s);

#endif
