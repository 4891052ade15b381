/* copies.h - deciding whether two articles are copy and source.
 *
 * Candidates come from the anchor index; this stage verifies them on their
 * sketches and decides the direction: the earlier date is the source; when
 * dates are equal or missing, the copy is the one mostly made of the other
 * (a copy lacks material its source has); when the two are alike both
 * ways, the one that arrived first is the source. */
#ifndef LOOM_COPIES_H
#define LOOM_COPIES_H

#include <stddef.h>
#include <stdint.h>

#include "../include/loom.h"
#include "dates.h"

typedef struct loom_copy_side {
	const uint16_t *sketch;
	size_t nsketch;
	uint64_t body_hash;
	size_t words;
	int has_date;
	loom_date date;
} loom_copy_side;

typedef struct loom_copy_verdict {
	int newer_is_copy;     /* 1: newer copies older; 0: older copies newer */
	loom_copy_kind kind;   /* LOOM_COPY_NONE: not a copy */
	double similarity;     /* estimated resemblance */
	double containment;    /* estimated share of the copy in the source */
} loom_copy_verdict;

/* Verifies one candidate pair. */
void loom__copy_judge(loom_copy_verdict *out, const loom_options *o,
		      const loom_copy_side *newer, const loom_copy_side *older);

#endif
