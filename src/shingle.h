/* shingle.h - word shingles of an article, sampled into a sketch.
 *
 * Every run of k consecutive words is hashed to 64 bits. Copy detection
 * keeps only a sample of them, chosen by the hash value itself (Broder's
 * mod-m sampling): a shingle whose low bits are zero is kept by every
 * article that has it, so the samples of two articles estimate both their
 * resemblance and the containment of one in the other without bias - the
 * figure a rewrite needs, which min-hash signatures do not give.
 *   - sketch: 1 in 2^sketch_shift shingles, 16-bit fingerprints, used to
 *     verify a candidate;
 *   - anchors: 1 in 2^anchor_shift shingles (a subset of the sketch),
 *     32-bit keys, put in the inverted index to find candidates. Short
 *     texts index all their sketch samples so that they still have some. */
#ifndef LOOM_SHINGLE_H
#define LOOM_SHINGLE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct loom_shingles {
	uint64_t body_hash;  /* of the whole normalised word sequence */
	size_t shingles;     /* how many shingles the text has */
	uint16_t *sketch;    /* sorted, unique */
	size_t nsketch;
	uint32_t *anchors;   /* sorted, unique, never 0 */
	size_t nanchors;
} loom_shingles;

typedef struct loom_shingle_params {
	unsigned k;            /* words per shingle */
	unsigned sketch_shift;
	unsigned anchor_shift;
	size_t short_text;     /* fewer shingles than this: index all samples */
} loom_shingle_params;

/* Fills out from n word hashes; arrays come from a.
 * Returns 0 or -1 when out of memory. */
int loom__shingle(loom_shingles *out, const loom_shingle_params *p,
		  const uint64_t *words, size_t n, loom_arena *a);

/* All shingle hashes of the words, sorted and unique, for exact
 * comparison. Returns the count, or (size_t)-1 when out of memory. */
size_t loom__shingle_all(uint64_t **out, unsigned k, const uint64_t *words,
			 size_t n, loom_arena *a);

/* Size of the intersection of two sorted unique arrays. */
size_t loom__intersect16(const uint16_t *a, size_t na, const uint16_t *b,
			 size_t nb);
size_t loom__intersect64(const uint64_t *a, size_t na, const uint64_t *b,
			 size_t nb);

#endif
