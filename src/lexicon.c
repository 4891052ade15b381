/* lexicon.c - lookups in the generated name lexicon (lexicon.h). */
#include "lexicon.h"

#include <xxhash.h>

#include "lexicon.inc" /* build/gen, made by tools/gen_lexicon.c */

static unsigned probe(const loom_lexicon_slot *slots, size_t nslots, uint64_t h)
{
	uint32_t f = loom__lexicon_fingerprint(h);
	for (size_t at = h & (nslots - 1);; at = (at + 1) & (nslots - 1)) {
		if (!slots[at].fingerprint)
			return 0;
		if (slots[at].fingerprint == f)
			return slots[at].flags;
	}
}

static unsigned lookup(const loom_lexicon_slot *slots, size_t nslots,
		       const char *text, size_t len)
{
	uint64_t h = loom__lexicon_hash(text, len);
	return h ? probe(slots, nslots, h) : 0;
}

uint64_t loom__lexicon_hash(const char *text, size_t len)
{
	char key[256];
	size_t n = loom__lexicon_key(key, sizeof key, text, len);
	if (!n)
		return 0;
	uint64_t h = XXH3_64bits(key, n);
	return h ? h : 1;
}

void loom__lexicon_prefetch(uint64_t h)
{
	__builtin_prefetch(&lexicon_slots[h & (LOOM_lexicon_SLOTS - 1)]);
}

unsigned loom__lexicon_flags_of(uint64_t h)
{
	return h ? probe(lexicon_slots, LOOM_lexicon_SLOTS, h) : 0;
}

unsigned loom__lexicon_lookup(const char *text, size_t len)
{
	return lookup(lexicon_slots, LOOM_lexicon_SLOTS, text, len);
}

unsigned loom__lexicon_table_word(const char *text, size_t len)
{
	return lookup(table_words_slots, LOOM_table_words_SLOTS, text, len);
}
