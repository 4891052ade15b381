/* score.c - copy detection against the planted truth; see bench.h. */
#include <string.h>

#include "bench.h"
#include "loom.h"

int bench_is_copy_kind(int kind)
{
	return kind == GEN_EXACT || kind == GEN_NEAR || kind == GEN_REWRITE;
}

int bench_family_hit(const bench_truth *t, const bench_outcome *o, size_t i)
{
	if (o->kind[i] == LOOM_COPY_NONE || !bench_is_copy_kind(t->kind[i]))
		return 0;
	size_t of = o->of[i];
	return of != i && of < t->n && t->root[of] == t->root[i];
}

void bench_score(bench_quality *q, const bench_truth *t,
		 const bench_outcome *o)
{
	memset(q, 0, sizeof *q);
	for (size_t i = 0; i < t->n; i++) {
		int k = t->kind[i], d = o->kind[i];
		q->planted[k]++;
		q->confusion[k][d < 4 ? d : 0]++;
		int copy = bench_is_copy_kind(k);
		int strict = copy && d != LOOM_COPY_NONE &&
			     (long)o->of[i] == t->source[i];
		int family = bench_family_hit(t, o, i);
		q->strict[k] += (size_t)strict;
		q->family[k] += (size_t)family;
		if (copy) {
			q->copies++;
			q->copies_strict += (size_t)strict;
			q->copies_family += (size_t)family;
		}
		if (d == LOOM_COPY_NONE)
			continue;
		q->detected++;
		if (family)
			q->true_pos++;
		else if (k == GEN_HARDNEG)
			q->fp_hardneg++;
		else if (copy)
			q->wrong_family++;
		else
			q->fp_original++;
	}
}

static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
	for (int b = 0; b < 8; b++) {
		h ^= (v >> (8 * b)) & 0xff;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t bench_checksum(const bench_outcome *o)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < o->n; i++) {
		int copy = o->kind[i] != LOOM_COPY_NONE;
		h = fnv_u64(h, i);
		h = fnv_u64(h, copy ? (uint64_t)o->of[i] : UINT64_MAX);
		h = fnv_u64(h, o->kind[i]);
	}
	return h;
}
