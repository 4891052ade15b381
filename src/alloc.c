/* alloc.c - counted allocation; see alloc.h. */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* A header in front of every block records its size so that frees can be
 * counted; as large as max_align_t, it keeps the payload aligned for any
 * scalar type. */
typedef union block_head {
	size_t size;
	max_align_t align;
} block_head;

static int should_fail(loom_mem *m)
{
	m->allocations++;
#ifdef LOOM_TEST
	if (m->fail_at && m->allocations == m->fail_at)
		return 1;
#endif
	return 0;
}

/* Blocks from this size up ask the kernel for transparent huge pages. At
 * a million articles the stores span gigabytes that are read at random
 * (entity and story look-ups, the copy index), and with 4 KiB pages
 * nearly every such read also misses the TLB; a 2 MiB page covers 512
 * times as much. A small engine pays instead: each huge page is zeroed
 * whole when first touched, sparse tables become resident, and ten
 * thousand articles ran 5 % slower with huge pages from 4 MiB up; its
 * blocks stay under this size. Only the 2 MiB pages wholly inside the
 * block are asked for. Where THP is "never" the advice has no effect, and
 * where the kernel lacks THP madvise fails harmlessly. A block that
 * realloc copies keeps small pages where it was copied; its new tail, and
 * every block allocated this large, take huge pages as they are touched. */
#define HUGE_PAGE ((uintptr_t)2 << 20)
#define HUGE_MIN ((size_t)32 << 20)

static void advise_huge(void *block, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n < HUGE_MIN)
		return;
	uintptr_t from = ((uintptr_t)block + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t to = ((uintptr_t)block + n) & ~(HUGE_PAGE - 1);
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_HUGEPAGE);
#else
	(void)block;
	(void)n;
#endif
}

/* Counts a fresh block of n bytes and returns its payload. */
static void *account(loom_mem *m, block_head *h, size_t n)
{
	if (!h)
		return NULL;
	h->size = n;
	advise_huge(h, sizeof *h + n);
	m->live_bytes += n;
	m->live_blocks++;
	if (m->live_bytes > m->peak_bytes)
		m->peak_bytes = m->live_bytes;
	return h + 1;
}

void *loom__malloc(loom_mem *m, size_t n)
{
	if (n > SIZE_MAX - sizeof(block_head) || should_fail(m))
		return NULL;
	return account(m, malloc(sizeof(block_head) + n), n);
}

void *loom__calloc(loom_mem *m, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	size_t n = count * size;
	if (n > SIZE_MAX - sizeof(block_head) || should_fail(m))
		return NULL;
	/* calloc, not malloc + memset: a large table then comes as fresh
	 * zero pages from the kernel instead of being written in one go */
	return account(m, calloc(1, sizeof(block_head) + n), n);
}

void *loom__realloc(loom_mem *m, void *p, size_t n)
{
	if (!p)
		return loom__malloc(m, n);
	if (n > SIZE_MAX - sizeof(block_head) || should_fail(m))
		return NULL;
	block_head *h = (block_head *)p - 1;
	size_t old = h->size;
	block_head *nh = realloc(h, sizeof *nh + n);
	if (!nh)
		return NULL;
	nh->size = n;
	if (n > old)
		advise_huge(nh, sizeof *nh + n);
	m->live_bytes = m->live_bytes - old + n;
	if (m->live_bytes > m->peak_bytes)
		m->peak_bytes = m->live_bytes;
	return nh + 1;
}

void loom__free(loom_mem *m, void *p)
{
	if (!p)
		return;
	block_head *h = (block_head *)p - 1;
	m->live_bytes -= h->size;
	m->live_blocks--;
	free(h);
}

char *loom__strndup(loom_mem *m, const char *s, size_t n)
{
	char *d = loom__malloc(m, n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *loom__strdup(loom_mem *m, const char *s)
{
	return s ? loom__strndup(m, s, strlen(s)) : NULL;
}

/* The capacity that holds need items, doubling from cap (8 at first);
 * 0 when its bytes would overflow. */
static size_t grown_cap(size_t cap, size_t need, size_t item_size)
{
	size_t ncap = cap ? cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / item_size)
			return 0;
		ncap *= 2;
	}
	return ncap;
}

int loom__grow(loom_mem *m, void **items, size_t *cap, size_t need,
	       size_t item_size)
{
	if (need <= *cap)
		return 0;
	size_t ncap = grown_cap(*cap, need, item_size);
	if (!ncap)
		return -1;
	void *p = loom__realloc(m, *items, ncap * item_size);
	if (!p)
		return -1;
	*items = p;
	*cap = ncap;
	return 0;
}

int loom__grow_lines(loom_mem *m, void **block, void **items, size_t *cap, size_t need,
		     size_t item_size)
{
	if (need <= *cap)
		return 0;
	size_t ncap = grown_cap(*cap, need, item_size);
	if (!ncap || ncap * item_size > SIZE_MAX - LOOM_LINE)
		return -1;
	size_t shift = *block ? (size_t)((char *)*items - (char *)*block) : 0;
	char *b = loom__realloc(m, *block, ncap * item_size + LOOM_LINE - 1);
	if (!b)
		return -1;
	char *at = loom__line_up(b);
	/* realloc keeps the bytes, not their place in a line: a block moved
	 * to another offset has its items moved back onto lines */
	if ((size_t)(at - b) != shift)
		memmove(at, b + shift, *cap * item_size);
	*block = b;
	*items = at;
	*cap = ncap;
	return 0;
}
