/* store_info.c - entities and quotes read through the public API as
 * structs (loom_engine_entity, loom_engine_quote): what a report lists,
 * counted along the chains the store keeps; and the chain walks the
 * JSON (jsonio.c) shares with them. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

/* Occurrences along a chain, and the articles they are in: an article's
 * occurrences are filed together (commit adds one article at a time), so
 * each change of article along the chain is one more article. */
static void count_chain(const loom_occurrence *a, uint32_t last, size_t *occurrences,
			size_t *articles)
{
	size_t n = 0, arts = 0;
	uint32_t prev_article = LOOM_NONE;
	for (uint32_t at = last; at != LOOM_NONE; at = a[at].prev) {
		n++;
		arts += a[at].article != prev_article;
		prev_article = a[at].article;
	}
	*occurrences = n;
	*articles = arts;
}

/* The chain of a (occurrences or mentions) that ends at last, oldest
 * first: indexes into a, in an array to free, *n of them; NULL when out
 * of memory. Walked twice, to count it and to fill it: the store keeps
 * no counts (entities.h), and this is output, not the per-article path. */
uint32_t *loom__chain_in_order(const loom_occurrence *a, uint32_t last, size_t *n)
{
	size_t count = 0;
	for (uint32_t at = last; at != LOOM_NONE; at = a[at].prev)
		count++;
	uint32_t *out = malloc((count + 1) * sizeof *out);
	*n = 0;
	if (!out)
		return NULL;
	size_t k = count;
	for (uint32_t at = last; at != LOOM_NONE; at = a[at].prev)
		out[--k] = at;
	*n = count;
	return out;
}

uint32_t loom__quote_source(const loom_engine *e, const uint32_t *order, size_t n)
{
	/* oldest first: loom__earlier compares dates only when both
	 * articles have one, so the order of the walk is part of the rule */
	uint32_t first = LOOM_NONE;
	for (size_t k = 0; k < n; k++) {
		uint32_t article = e->ents.occ[order[k]].article;
		if (first == LOOM_NONE || loom__earlier(e, article, first))
			first = article;
	}
	return first;
}

int loom_engine_entity(const loom_engine *e, size_t index, loom_entity_info *out)
{
	if (index >= e->ents.n)
		return LOOM_ENOTFOUND;
	const loom_entity *g = &e->ents.ent[index];
	memset(out, 0, sizeof *out);
	out->name = g->nvariants ? loom__entity_name(g) : NULL;
	out->type = loom__entity_type_name(g->type);
	out->variants = g->nvariants;
	count_chain(e->ents.men, g->last_mention, &out->mentions, &out->articles);
	return LOOM_OK;
}

const char *loom_engine_entity_variant(const loom_engine *e, size_t index, size_t v)
{
	if (index >= e->ents.n || v >= e->ents.ent[index].nvariants)
		return NULL;
	return loom__entity_variant(&e->ents.ent[index], v);
}

int loom_engine_quote(const loom_engine *e, size_t index, loom_quote_info *out)
{
	if (index >= e->ents.nquotes)
		return LOOM_ENOTFOUND;
	const loom_quote *q = &e->ents.quotes[index];
	memset(out, 0, sizeof *out);
	out->text = q->text;
	if (q->speaker != LOOM_NONE) {
		out->speaker = loom__entity_name(&e->ents.ent[q->speaker]);
		out->has_speaker_entity = 1;
		out->speaker_entity = q->speaker;
	} else {
		out->speaker = q->said;
	}
	count_chain(e->ents.occ, q->last_occurrence, &out->occurrences, &out->articles);
	size_t n;
	uint32_t *order = loom__chain_in_order(e->ents.occ, q->last_occurrence, &n);
	if (!order)
		return LOOM_ENOMEM;
	uint32_t source = loom__quote_source(e, order, n);
	free(order);
	out->source = source == LOOM_NONE ? 0 : source; /* commit gives each one */
	return LOOM_OK;
}
