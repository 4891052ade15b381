/* arena.h - per-article scratch memory.
 *
 * Tokens, shingles and candidate lists of one article come from one arena
 * that is reset after the article; nothing in it outlives the article.
 * Built with LOOM_DEBUG_ARENA every allocation is its own heap block, so
 * ASan and valgrind see each object and its bounds. */
#ifndef LOOM_ARENA_H
#define LOOM_ARENA_H

#include <stddef.h>

#include "alloc.h"

typedef struct loom_arena_chunk loom_arena_chunk;

typedef struct loom_arena {
	loom_mem *mem;
	loom_arena_chunk *chunks; /* newest first */
	size_t chunk_size;
	size_t chunk_max; /* chunks grow up to this size */
	size_t held;      /* bytes of all chunks */
	size_t used_in_head;
	void *last;       /* the latest allocation, in the head chunk */
} loom_arena;

void loom__arena_init(loom_arena *a, loom_mem *mem, size_t chunk_size);
/* An arena that lives long and grows large: each new chunk is half of
 * all before it, from chunk_size up to chunk_max (loom__next_block_size).
 * Never reset. */
void loom__arena_init_growing(loom_arena *a, loom_mem *mem, size_t chunk_size,
			      size_t chunk_max);
/* Returns memory aligned for any scalar, or NULL when out of memory. */
void *loom__arena_alloc(loom_arena *a, size_t n);
/* The same for bytes (text), not aligned: a store's strings then lie
 * end to end, not each in a multiple of 32 bytes. */
void *loom__arena_alloc_text(loom_arena *a, size_t n);
/* Gives back all but the first n bytes of p, the latest allocation: a
 * copy is allocated for its worst case (cleaning text can triple its
 * bytes) and then takes what it used, so that the pool's strings lie
 * close and its memory grows by what it holds. Does nothing for any
 * other p, or where each allocation is its own block. */
void loom__arena_shrink_last(loom_arena *a, void *p, size_t n);
/* Doubles a growing array of the arena (to `first` items when it has
 * none): a new block with the n items in use copied over; the old block
 * stays until the reset. Returns 0, or -1 when out of memory (the array
 * unchanged). */
int loom__arena_grow(loom_arena *a, void **items, size_t n, size_t *cap, size_t first,
		     size_t item_size);
/* Frees everything allocated since init, keeping one chunk for reuse. */
void loom__arena_reset(loom_arena *a);
void loom__arena_release(loom_arena *a);

#endif
