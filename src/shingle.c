/* shingle.c - see shingle.h. */
#include "shingle.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* A shingle's hash is a polynomial in its k word hashes (word hashes are
 * already uniform), so the next shingle's comes from the last one in four
 * operations; an avalanche (the XXH64 finaliser's constants) then makes
 * the low bits used for sampling uniform. */
#define POLY 0x9E3779B97F4A7C15ULL

static inline uint64_t avalanche(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xC2B2AE3D27D4EB4FULL;
	h ^= h >> 29;
	h *= 0x165667B19E3779F9ULL;
	h ^= h >> 32;
	return h;
}

typedef struct roller {
	uint64_t h, top; /* top = POLY^(k-1) */
	unsigned k;
} roller;

static inline void roll_start(roller *r, const uint64_t *w, unsigned k)
{
	r->h = 0;
	r->top = 1;
	r->k = k;
	for (unsigned j = 0; j < k; j++) {
		r->h = r->h * POLY + w[j];
		if (j)
			r->top *= POLY;
	}
}

/* From the shingle at w[0..k) to the one at w[1..k]. */
static inline void roll_next(roller *r, const uint64_t *w)
{
	r->h = (r->h - w[0] * r->top) * POLY + w[r->k];
}

/* A sort of n uniform values through tmp (room for n): one counting
 * pass on their top BITS bits spreads them over 2^BITS buckets of about
 * one value each, and an insertion sort finishes the few buckets with
 * more. On values unsorted, each of the insertion sort's steps was a coin
 * toss for the branch predictor. */
#define BUCKET_SORT(name, T, BITS)                                             \
	static void name(T *v, size_t n, T *tmp)                               \
	{                                                                      \
		enum { buckets = 1 << (BITS), shift = 8 * sizeof(T) - (BITS) }; \
		uint32_t start[buckets + 1] = {0};                             \
		for (size_t i = 0; i < n; i++)                                 \
			start[(v[i] >> shift) + 1]++;                          \
		for (size_t b = 1; b <= buckets; b++)                          \
			start[b] += start[b - 1];                              \
		for (size_t i = 0; i < n; i++)                                 \
			tmp[start[v[i] >> shift]++] = v[i];                    \
		for (size_t i = 1; i < n; i++) {                               \
			T x = tmp[i];                                          \
			size_t j = i;                                          \
			while (j > 0 && tmp[j - 1] > x) {                      \
				tmp[j] = tmp[j - 1];                           \
				j--;                                           \
			}                                                      \
			tmp[j] = x;                                            \
		}                                                              \
		memcpy(v, tmp, n * sizeof *v);                                 \
	}

/* The sketch: a few hundred 16-bit values, on their high byte. */
BUCKET_SORT(bucket_sort16, uint16_t, 8)
/* The anchors: few (1 in 16 shingles; at most 128 are sorted so), on
 * their top six bits. */
BUCKET_SORT(bucket_sort32, uint32_t, 6)

static int cmp32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Drops the repeats of sorted v[0, n); returns how many are left. */
#define UNIQUE(name, T)                                                        \
	static size_t name(T *v, size_t n)                                     \
	{                                                                      \
		size_t o = n ? 1 : 0;                                          \
		for (size_t i = 1; i < n; i++)                                 \
			if (v[i] != v[o - 1])                                  \
				v[o++] = v[i];                                 \
		return o;                                                      \
	}

UNIQUE(unique16, uint16_t)
UNIQUE(unique32, uint32_t)
UNIQUE(unique64, uint64_t)

int loom__shingle(loom_shingles *out, const loom_shingle_params *p,
		  const uint64_t *words, size_t n, loom_arena *a)
{
	memset(out, 0, sizeof *out);
	out->body_hash = XXH3_64bits(words, n * sizeof *words);
	if (!n)
		return 0;
	unsigned k = p->k < n ? p->k : (unsigned)n; /* short text: one shingle */
	size_t total = n - k + 1;
	out->shingles = total;
	/* Sampling looks at the top bits of the raw polynomial (well mixed by
	 * the multiplications); only sampled shingles pay for the avalanche
	 * that gives their fingerprint and key. */
	uint64_t smask = p->sketch_shift ? ~0ULL << (64 - p->sketch_shift) : 0;
	uint64_t amask = p->anchor_shift ? ~0ULL << (64 - p->anchor_shift) : 0;
	if (total < p->short_text)
		amask = smask;
	/* Which shingles are sampled is a coin toss for the branch
	 * predictor, so the rolling hashes of the sampled ones are gathered
	 * first without a branch (each written, the count advanced by the
	 * test), then only they pay for the avalanche. */
	uint64_t *picked = loom__arena_alloc(a, (total + 1) * sizeof *picked);
	if (!picked)
		return -1;
	size_t npicked = 0;
	roller r;
	roll_start(&r, words, k);
	for (size_t i = 0; i < total; i++) {
		if (i)
			roll_next(&r, words + i - 1);
		picked[npicked] = r.h;
		npicked += !(r.h & smask);
	}
	out->sketch = loom__arena_alloc(a, (npicked + 1) * sizeof *out->sketch);
	out->anchors = loom__arena_alloc(a, (npicked + 1) * sizeof *out->anchors);
	if (!out->sketch || !out->anchors)
		return -1;
	for (size_t i = 0; i < npicked; i++) {
		uint64_t h = avalanche(picked[i]);
		out->sketch[i] = (uint16_t)(h >> 48);
		uint32_t key = (uint32_t)(h >> 16);
		out->anchors[out->nanchors] = key ? key : 1;
		out->nanchors += !(picked[i] & amask);
	}
	out->nsketch = npicked;
	uint16_t *tmp = loom__arena_alloc(a, (out->nsketch + 1) * sizeof *tmp);
	if (!tmp)
		return -1;
	bucket_sort16(out->sketch, out->nsketch, tmp);
	out->nsketch = unique16(out->sketch, out->nsketch);
	if (out->nanchors <= 128) {
		uint32_t atmp[128];
		bucket_sort32(out->anchors, out->nanchors, atmp);
	} else {
		qsort(out->anchors, out->nanchors, sizeof *out->anchors, cmp32);
	}
	out->nanchors = unique32(out->anchors, out->nanchors);
	return 0;
}

size_t loom__shingle_all(uint64_t **out, unsigned k, const uint64_t *words,
			 size_t n, loom_arena *a)
{
	*out = NULL;
	if (!n)
		return 0;
	if (k > n)
		k = (unsigned)n;
	size_t total = n - k + 1;
	uint64_t *s = loom__arena_alloc(a, total * sizeof *s);
	if (!s)
		return (size_t)-1;
	roller r;
	roll_start(&r, words, k);
	for (size_t i = 0; i < total; i++) {
		if (i)
			roll_next(&r, words + i - 1);
		s[i] = avalanche(r.h);
	}
	qsort(s, total, sizeof *s, cmp64);
	*out = s;
	return unique64(s, total);
}

/* Merge-count of two sorted unique arrays, for both widths. */
#define INTERSECT_BODY                                                        \
	size_t i = 0, j = 0, n = 0;                                           \
	while (i < na && j < nb) {                                            \
		if (a[i] < b[j])                                              \
			i++;                                                  \
		else if (a[i] > b[j])                                         \
			j++;                                                  \
		else {                                                        \
			n++;                                                  \
			i++;                                                  \
			j++;                                                  \
		}                                                             \
	}                                                                     \
	return n;

size_t loom__intersect16(const uint16_t *a, size_t na, const uint16_t *b,
			 size_t nb)
{
	INTERSECT_BODY
}

size_t loom__intersect64(const uint64_t *a, size_t na, const uint64_t *b,
			 size_t nb)
{
	INTERSECT_BODY
}
