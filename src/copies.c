/* copies.c - see copies.h. */
#include "copies.h"

#include "shingle.h"

/* Fewer shared samples than this is noise whatever the ratio: with ~1 in 4
 * shingles sampled, 3 shared samples mean about a dozen shared 5-word
 * runs. */
#define MIN_SHARED_SAMPLES 3
/* Containments closer than this say nothing about who copied whom: a
 * rewrite that adds its own framing can be as long as its source, and
 * then arrival order is the better guess. */
#define DIRECTION_MARGIN 0.20

void loom__copy_judge(loom_copy_verdict *out, const loom_options *o,
		      const loom_copy_side *newer, const loom_copy_side *older)
{
	out->kind = LOOM_COPY_NONE;
	out->newer_is_copy = 1;
	out->similarity = out->containment = 0;

	int exact = newer->body_hash == older->body_hash &&
		    newer->words == older->words && newer->words > 0;
	if (exact) {
		out->kind = LOOM_COPY_EXACT;
		out->similarity = out->containment = 1.0;
		if (newer->has_date && older->has_date &&
		    loom__date_cmp(&newer->date, &older->date) < 0)
			out->newer_is_copy = 0;
		return;
	}
	size_t shared = loom__intersect16(newer->sketch, newer->nsketch,
					  older->sketch, older->nsketch);
	/* 16-bit fingerprints of two unrelated sketches meet by chance about
	 * |A||B|/2^16 times: nothing for news-sized texts, most of the count
	 * for a book-sized one. Take the chance meetings out. */
	double chance = (double)newer->nsketch * (double)older->nsketch / 65536.0;
	shared = (double)shared > chance ? (size_t)((double)shared - chance) : 0;
	if (shared < MIN_SHARED_SAMPLES)
		return;
	double c_new = (double)shared / (double)newer->nsketch;
	double c_old = (double)shared / (double)older->nsketch;
	double sim = (double)shared /
		     (double)(newer->nsketch + older->nsketch - shared);

	int cmp = (newer->has_date && older->has_date)
			  ? loom__date_cmp(&newer->date, &older->date)
			  : 0;
	if (cmp < 0)
		out->newer_is_copy = 0;
	else if (cmp > 0)
		out->newer_is_copy = 1;
	else if (c_old - c_new > DIRECTION_MARGIN)
		out->newer_is_copy = 0;
	else
		out->newer_is_copy = 1;

	double contained = out->newer_is_copy ? c_new : c_old;
	out->similarity = sim;
	out->containment = contained;
	if (sim >= o->near_similarity)
		out->kind = LOOM_COPY_NEAR;
	else if (contained >= o->rewrite_containment)
		out->kind = LOOM_COPY_REWRITE;
}
