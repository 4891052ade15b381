/* arena.c - bump allocation in chunks; see arena.h. */
#include "arena.h"

#include <stdint.h>
#include <string.h>

#if defined(LOOM_DEBUG_ARENA) && defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define LOOM_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define LOOM_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define LOOM_POISON(p, n) ((void)(p), (void)(n))
#define LOOM_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct loom_arena_chunk {
	loom_arena_chunk *next;
	size_t size;
	size_t poisoned; /* LOOM_DEBUG_ARENA: bytes at the end given back */
	max_align_t data[];
};

void loom__arena_init(loom_arena *a, loom_mem *mem, size_t chunk_size)
{
	a->mem = mem;
	a->chunks = NULL;
	a->chunk_size = chunk_size;
	a->chunk_max = chunk_size;
	a->held = 0;
	a->used_in_head = 0;
	a->last = NULL;
}

void loom__arena_init_growing(loom_arena *a, loom_mem *mem, size_t chunk_size,
			      size_t chunk_max)
{
	loom__arena_init(a, mem, chunk_size);
	a->chunk_max = chunk_max > chunk_size ? chunk_max : chunk_size;
}

#ifdef LOOM_DEBUG_ARENA
/* One heap block per allocation, chained through the chunk header. */
void *loom__arena_alloc(loom_arena *a, size_t n)
{
	if (n > SIZE_MAX - sizeof(loom_arena_chunk))
		return NULL;
	loom_arena_chunk *c = loom__malloc(a->mem, sizeof *c + n);
	if (!c)
		return NULL;
	c->size = n;
	c->poisoned = 0;
	c->next = a->chunks;
	a->chunks = c;
	return c->data;
}

void loom__arena_reset(loom_arena *a)
{
	loom__arena_release(a);
}

void *loom__arena_alloc_text(loom_arena *a, size_t n)
{
	return loom__arena_alloc(a, n);
}

/* A block of its own keeps its size; under ASan the bytes given back
 * are poisoned, so that a reader past what was kept is caught here as
 * it would read the next string in the pool of a release build. */
void loom__arena_shrink_last(loom_arena *a, void *p, size_t n)
{
	loom_arena_chunk *c = a->chunks;
	if (!p || !c || p != (void *)c->data)
		return;
	size_t keep = n ? n : 1;
	if (keep < c->size) {
		c->poisoned = c->size - keep;
		LOOM_POISON((char *)p + keep, c->poisoned);
	}
}
#else
/* n bytes at the next multiple of align (a power of two) in the head
 * chunk, or at the start of a new one. */
static void *bump(loom_arena *a, size_t n, size_t align)
{
	loom_arena_chunk *c = a->chunks;
	size_t at = (a->used_in_head + align - 1) & ~(align - 1);
	if (!c || c->size < at || c->size - at < n) {
		size_t size = a->chunk_size > n ? a->chunk_size : n;
		/* A chunk that is too small for this request is kept for
		 * smaller ones only if it is the reusable first one; big
		 * requests get their own chunk, which becomes the head. */
		loom_arena_chunk *nc = loom__malloc(a->mem, sizeof *nc + size);
		if (!nc)
			return NULL;
		nc->size = size;
		nc->poisoned = 0;
		nc->next = a->chunks;
		a->chunks = nc;
		c = nc;
		at = 0;
		a->held += size;
		a->chunk_size = loom__next_block_size(a->chunk_size, a->held, a->chunk_max);
	}
	void *p = (char *)c->data + at;
	a->used_in_head = at + n;
	a->last = p;
	return p;
}

void *loom__arena_alloc(loom_arena *a, size_t n)
{
	if (n > SIZE_MAX / 2)
		return NULL;
	return bump(a, loom__align_up(n ? n : 1), sizeof(max_align_t));
}

void *loom__arena_alloc_text(loom_arena *a, size_t n)
{
	if (n > SIZE_MAX / 2)
		return NULL;
	return bump(a, n ? n : 1, 1);
}

void loom__arena_shrink_last(loom_arena *a, void *p, size_t n)
{
	if (!p || p != a->last)
		return;
	size_t at = (size_t)((char *)p - (char *)a->chunks->data);
	size_t keep = n ? n : 1;
	if (at + keep < a->used_in_head)
		a->used_in_head = at + keep;
}

void loom__arena_reset(loom_arena *a)
{
	/* Keep the largest chunk: after a few articles the arena settles
	 * into a single chunk and allocation never touches the heap. */
	loom_arena_chunk *keep = NULL;
	for (loom_arena_chunk *c = a->chunks, *next; c; c = next) {
		next = c->next;
		if (!keep || c->size > keep->size) {
			if (keep)
				loom__free(a->mem, keep);
			keep = c;
		} else {
			loom__free(a->mem, c);
		}
	}
	if (keep) {
		keep->next = NULL;
		if (keep->size > a->chunk_size)
			a->chunk_size = keep->size;
	}
	a->chunks = keep;
	a->held = keep ? keep->size : 0;
	a->used_in_head = 0;
	a->last = NULL;
}
#endif

int loom__arena_grow(loom_arena *a, void **items, size_t n, size_t *cap, size_t first,
		     size_t item_size)
{
	size_t ncap = *cap ? *cap : first;
	if (*cap) {
		if (ncap > SIZE_MAX / 2 / item_size)
			return -1;
		ncap *= 2;
	}
	void *p = loom__arena_alloc(a, ncap * item_size);
	if (!p)
		return -1;
	if (n)
		memcpy(p, *items, n * item_size);
	*items = p;
	*cap = ncap;
	return 0;
}

void loom__arena_release(loom_arena *a)
{
	for (loom_arena_chunk *c = a->chunks, *next; c; c = next) {
		next = c->next;
		LOOM_UNPOISON((char *)c->data + c->size - c->poisoned, c->poisoned);
		loom__free(a->mem, c);
	}
	a->chunks = NULL;
	a->held = 0;
	a->used_in_head = 0;
	a->last = NULL;
}
