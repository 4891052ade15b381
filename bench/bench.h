/* bench.h - pieces of the benchmark shared between its files: the planted
 * truth of a stream, what the engine concluded, and how the two compare. */
#ifndef LOOM_BENCH_BENCH_H
#define LOOM_BENCH_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "gen.h"

/* Planted truth, one entry per article. */
typedef struct bench_truth {
	long *source;   /* copies: the article copied; else -1 */
	long *related;  /* hard negatives: the article borrowed from; else -1 */
	long *root;     /* first article of the copy family (itself if none) */
	uint8_t *kind;  /* gen_kind */
	uint8_t *raw;   /* sent as a crawled page */
	size_t n;
} bench_truth;

/* The engine's final verdict on each article (copy_of may change after an
 * article is added, so it is read once the stream is done). */
typedef struct bench_outcome {
	uint8_t *kind;  /* loom_copy_kind */
	uint32_t *of;   /* valid when kind != LOOM_COPY_NONE */
	float *similarity, *containment;
	size_t n;
} bench_outcome;

/* Copy detection scored against the truth. A hit is "strict" when copy_of
 * is the planted source and "family" when copy_of has the same family
 * root (for instance the source's own earlier copy). */
typedef struct bench_quality {
	size_t planted[GEN_NKINDS];
	size_t strict[GEN_NKINDS], family[GEN_NKINDS];
	size_t confusion[GEN_NKINDS][4]; /* planted kind x loom_copy_kind */
	size_t detected;      /* articles with copy_kind != NONE */
	size_t true_pos;      /* detected, planted copy, right family */
	size_t fp_original;   /* originals flagged */
	size_t fp_hardneg;    /* hard negatives flagged */
	size_t wrong_family;  /* planted copies flagged with another source */
	size_t copies;        /* planted exact + near + rewrite */
	size_t copies_strict, copies_family;
} bench_quality;

int bench_is_copy_kind(int kind);
/* Is the verdict on article i a copy of the right family? */
int bench_family_hit(const bench_truth *t, const bench_outcome *o, size_t i);
void bench_score(bench_quality *q, const bench_truth *t,
		 const bench_outcome *o);
/* FNV-1a over (index, copy_of, kind) of every article. */
uint64_t bench_checksum(const bench_outcome *o);

/* Replays the stream (untimed) to print, for the engine author, a few
 * missed copies and false positives with the exact resemblance and
 * containment of the texts involved, and - for up to check_limit planted
 * copies of each kind - how close the generator came to its targets and
 * how far the engine's estimates are from the exact values. Returns 0, or
 * -1 when out of memory. */
int bench_inspect(const gen_model *m, uint64_t seed, const gen_config *cfg,
		  const bench_truth *t, const bench_outcome *o,
		  size_t examples, size_t check_limit);

/* What the first write to a fresh page costs here, in microseconds: a
 * 4 KiB page, and a 2 MiB one given the kernel's huge-page advice; the
 * median of five probes in a child process (machine.c). -1 when the
 * probe could not run. */
void bench_fault_costs(double *small_us, double *huge_us);

#endif
