/* alloc.c - counted allocation; see alloc.h. */
#define _GNU_SOURCE /* mremap */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* A header in front of every block records its size so that frees can be
 * counted; as large as max_align_t, it keeps the payload aligned for any
 * scalar type. */
typedef union block_head {
	struct {
		size_t size;   /* the payload's bytes */
		size_t mapped; /* bytes mapped for it by map_block, or 0: malloc's */
	} b;
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
 * times as much. Below, the first touch is what counts: on the VM we
 * measure on (bench/RESULTS.md, session 26) a 4 KiB page fault costs
 * 11-14 us, a 2 MiB page as much as 12-25 of them (about 400 where the
 * host backs the memory for the first time), and 10k articles ran
 * 20-35 % faster with huge pages from 2 MiB up. The threshold was
 * 32 MiB, set where faults were cheap and a small engine lost 5 % to
 * huge pages it half used; the stores' blocks fill densely (bump
 * chunks, arrays, tables at least a quarter full), and peak RSS went
 * down, not up. Where THP is "never" the advice has no effect. */
#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_MIN ((size_t)2 << 20)

/* Large blocks are mapped here, not by malloc, where the kernel can keep
 * them on huge pages: on 2 MiB boundaries, with the advice given before
 * any page is touched. A block grows by mremap onto a range that starts
 * on a boundary too, so its huge pages move whole; glibc's realloc
 * moves a large block to wherever the kernel puts it, and a huge page
 * that lands off a boundary is split into small ones (at 1M articles
 * most of the stores' gigabytes had become small pages that way). Under
 * ASan, or without mremap, large blocks stay malloc's, which ASan
 * checks. */
#if defined(__linux__) && defined(MREMAP_MAYMOVE) && defined(MREMAP_FIXED) && \
	defined(MADV_HUGEPAGE) && !defined(__SANITIZE_ADDRESS__)
#define LOOM_MAP_LARGE 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#undef LOOM_MAP_LARGE
#endif
#endif

#ifdef LOOM_MAP_LARGE
static size_t whole_huge_pages(size_t bytes)
{
	return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/* len bytes (whole huge pages) of fresh zero memory on a 2 MiB boundary,
 * or NULL. Maps len + 2 MiB and gives back what lies outside; pages not
 * touched cost no memory. */
static char *map_aligned(size_t len)
{
	if (len > SIZE_MAX - HUGE_PAGE)
		return NULL;
	char *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	char *at = (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (at > m)
		munmap(m, (size_t)(at - m));
	size_t tail = HUGE_PAGE - (size_t)(at - m);
	if (tail)
		munmap(at + len, tail);
	return at;
}

/* Huge pages for the first bytes of a mapped block: only the 2 MiB pages
 * it fills, since a huge page is resident whole once a byte of it is
 * touched (a 32 MiB pool chunk with its header would hold a 34th MiB for
 * a few bytes); the last, partial one keeps small pages. */
static void advise_filled(void *at, size_t bytes)
{
	if (bytes >= HUGE_PAGE)
		(void)madvise(at, bytes & ~(HUGE_PAGE - 1), MADV_HUGEPAGE);
}

/* A mapped block for n payload bytes, or NULL. */
static block_head *map_block(loom_mem *m, size_t n)
{
#ifdef LOOM_TEST
	if (m->no_map)
		return NULL;
#else
	(void)m;
#endif
	size_t len = whole_huge_pages(sizeof(block_head) + n);
	block_head *h = (block_head *)map_aligned(len);
	if (!h)
		return NULL;
	advise_filled(h, sizeof(block_head) + n);
	h->b.mapped = len;
	return h;
}

/* Mapped block h made room for n payload bytes: grown where it lies if
 * the range after it is free, else moved onto a fresh aligned range
 * (page tables moved, not bytes copied), or copied where the kernel
 * cannot move it; a shrunk block gives back its
 * whole pages past the new end. NULL when out of memory, h unchanged. */
static block_head *remap_block(loom_mem *m, block_head *h, size_t n)
{
	size_t old = h->b.mapped, len = whole_huge_pages(sizeof(block_head) + n);
	if (len <= old) {
		if (len < old)
			munmap((char *)h + len, old - len);
		h->b.mapped = len;
		return h;
	}
	int remap = 1;
#ifdef LOOM_TEST
	remap = !m->no_remap;
#else
	(void)m;
#endif
	void *grown = remap ? mremap(h, old, len, 0) : MAP_FAILED;
	if (grown == MAP_FAILED) {
		char *dst = map_aligned(len);
		if (!dst)
			return NULL;
		/* before any byte lands there: a page touched first
		 * stays small */
		advise_filled(dst, sizeof(block_head) + n);
		/* onto the start of dst; the rest of dst stays fresh */
		grown = remap ? mremap(h, old, old, MREMAP_MAYMOVE | MREMAP_FIXED, dst)
			      : MAP_FAILED;
		if (grown == MAP_FAILED) {
			/* A block is mostly two mappings to the kernel: its
			 * last, partial huge page has no advice
			 * (advise_filled), and a block once moved does not
			 * merge with the rest of its new range. Before Linux
			 * 6.17 mremap moves one mapping at most (Debian 12
			 * runs 6.1), and growth failed there as out of
			 * memory; the bytes are copied instead. */
			memcpy(dst, h, sizeof *h + h->b.size);
			munmap(h, old);
			grown = dst;
		}
	}
	advise_filled(grown, sizeof(block_head) + n);
	h = grown;
	h->b.mapped = len;
	return h;
}
#endif

/* Counts a fresh block of n bytes and returns its payload. */
static void *account(loom_mem *m, block_head *h, size_t n)
{
	if (!h)
		return NULL;
	h->b.size = n;
	m->live_bytes += n;
	m->live_blocks++;
	if (m->live_bytes > m->peak_bytes)
		m->peak_bytes = m->live_bytes;
	return h + 1;
}

/* A block of n bytes from malloc (zeroed: calloc), or mapped if large. */
static block_head *new_block(loom_mem *m, size_t n, int zero)
{
#ifdef LOOM_MAP_LARGE
	/* fresh pages are zero; where mapping fails (the process's
	 * mappings at their limit, say), malloc's memory will do */
	block_head *mapped = n >= HUGE_MIN ? map_block(m, n) : NULL;
	if (mapped)
		return mapped;
#endif
	block_head *h = zero ? calloc(1, sizeof *h + n) : malloc(sizeof *h + n);
	if (h)
		h->b.mapped = 0;
	return h;
}

void *loom__malloc(loom_mem *m, size_t n)
{
	if (n > SIZE_MAX - sizeof(block_head) || should_fail(m))
		return NULL;
	return account(m, new_block(m, n, 0), n);
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
	return account(m, new_block(m, n, 1), n);
}

/* Block h (payload old bytes) with room for n, moved or not; NULL when
 * out of memory, h unchanged. */
static block_head *resize_block(loom_mem *m, block_head *h, size_t old, size_t n)
{
#ifdef LOOM_MAP_LARGE
	if (h->b.mapped)
		return remap_block(m, h, n);
	/* crossing into the mapped sizes: one copy, then mremap (and
	 * realloc below where mapping fails) */
	block_head *nh = n >= HUGE_MIN ? map_block(m, n) : NULL;
	if (nh) {
		memcpy(nh + 1, h + 1, old < n ? old : n);
		free(h);
		return nh;
	}
	nh = realloc(h, sizeof *nh + n);
#else
	(void)m;
	(void)old;
	block_head *nh = realloc(h, sizeof *nh + n);
#endif
	if (nh)
		nh->b.mapped = 0;
	return nh;
}

void *loom__realloc(loom_mem *m, void *p, size_t n)
{
	if (!p)
		return loom__malloc(m, n);
	if (n > SIZE_MAX - sizeof(block_head) || should_fail(m))
		return NULL;
	block_head *h = (block_head *)p - 1;
	size_t old = h->b.size;
	block_head *nh = resize_block(m, h, old, n);
	if (!nh)
		return NULL;
	nh->b.size = n;
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
	m->live_bytes -= h->b.size;
	m->live_blocks--;
#ifdef LOOM_MAP_LARGE
	if (h->b.mapped) {
		munmap(h, h->b.mapped);
		return;
	}
#endif
	free(h);
}

#ifdef LOOM_TEST
int loom__block_is_mapped(const void *p)
{
	const block_head *h = (const block_head *)p - 1;
	return h->b.mapped != 0;
}
#endif

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
