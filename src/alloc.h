/* alloc.h - the one allocation choke point of libloom.
 *
 * Every heap allocation of the library goes through a loom_mem, which
 * counts live bytes and blocks so that the engine can report its memory and
 * a test can prove nothing leaked. In LOOM_TEST builds fail_at makes the
 * Nth allocation fail, to walk every LOOM_ENOMEM path. */
#ifndef LOOM_ALLOC_H
#define LOOM_ALLOC_H

#include <stddef.h>
#include <stdint.h>

typedef struct loom_mem {
	size_t live_bytes;
	size_t live_blocks;
	size_t peak_bytes;
	unsigned long allocations; /* ever made */
	unsigned long fail_at;     /* LOOM_TEST only: 0 = never fail */
	int no_remap;              /* LOOM_TEST only: mremap taken as failing */
	int no_map;                /* LOOM_TEST only: mmap taken as failing */
} loom_mem;

void *loom__malloc(loom_mem *m, size_t n);
void *loom__calloc(loom_mem *m, size_t count, size_t size);
/* On failure returns NULL and leaves p allocated. */
void *loom__realloc(loom_mem *m, void *p, size_t n);
void loom__free(loom_mem *m, void *p);
#ifdef LOOM_TEST
/* Is p (from the calls above) a block of its own mapping, on huge-page
 * boundaries? Never where large blocks stay malloc's (ASan builds). */
int loom__block_is_mapped(const void *p);
#endif
/* Copies n bytes and a NUL. */
char *loom__strndup(loom_mem *m, const char *s, size_t n);
char *loom__strdup(loom_mem *m, const char *s);

/* Grows *items (of item_size) so that it holds at least need items,
 * doubling. Returns 0 or -1 when out of memory (nothing changed). */
int loom__grow(loom_mem *m, void **items, size_t *cap, size_t need,
	       size_t item_size);

/* The same for an array whose items start on cache lines (LOOM_LINE
 * below): *block is what was allocated, *items the first line in it,
 * both NULL at first; free *block. */
int loom__grow_lines(loom_mem *m, void **block, void **items, size_t *cap, size_t need,
		     size_t item_size);

/* n rounded up to a multiple of max_align_t's size: the stride that keeps
 * items cut one after another from a block aligned for any scalar. */
_Static_assert((sizeof(max_align_t) & (sizeof(max_align_t) - 1)) == 0,
	       "loom__align_up rounds to a power of two");
static inline size_t loom__align_up(size_t n)
{
	return (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
}

/* The size of the next block of a store that grows by blocks (arena.c,
 * slab.c): half of what it holds already, from cur (the last size) up to
 * max. Big stores thus come in big blocks, which alloc.c backs with huge
 * pages, while from its third block on a store has at most a third of
 * what it holds in a block it has not filled. */
static inline size_t loom__next_block_size(size_t cur, size_t held, size_t max)
{
	size_t next = held / 2 < max ? held / 2 : max;
	return next > cur ? next : cur;
}

/* A cache line's size, and p rounded up to the start of one: a table
 * whose entries must each sit in one line is allocated LOOM_LINE - 1
 * bytes larger and used from there (realloc would not keep it). */
#define LOOM_LINE 64
static inline void *loom__line_up(void *p)
{
	return (void *)(((uintptr_t)p + LOOM_LINE - 1) & ~(uintptr_t)(LOOM_LINE - 1));
}

/* Asks for every cache line of the size bytes at p: a record in an
 * array that is not aligned to lines may span one line more than its
 * size needs, and a field read from a line not asked for waits. */
static inline void loom__prefetch_span(const void *p, size_t size)
{
	uintptr_t at = (uintptr_t)p & ~(uintptr_t)(LOOM_LINE - 1);
	for (; at < (uintptr_t)p + size; at += LOOM_LINE)
		__builtin_prefetch((const void *)at);
}

#endif
