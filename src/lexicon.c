/* lexicon.c - lookups in the generated name lexicon (lexicon.h). */
#include "lexicon.h"

#include <xxhash.h>

#include "lexicon.inc" /* build/gen, made by tools/gen_lexicon.c */

static unsigned lookup(const loom_lexicon_slot *slots, size_t nslots,
		       const char *text, size_t len)
{
	char key[256];
	size_t n = loom__lexicon_key(key, sizeof key, text, len);
	if (!n)
		return 0;
	uint64_t h = XXH3_64bits(key, n);
	uint32_t f = loom__lexicon_fingerprint(h);
	for (size_t at = h & (nslots - 1);; at = (at + 1) & (nslots - 1)) {
		if (!slots[at].fingerprint)
			return 0;
		if (slots[at].fingerprint == f)
			return slots[at].flags;
	}
}

unsigned loom__lexicon_lookup(const char *text, size_t len)
{
	return lookup(lexicon_slots, LOOM_lexicon_SLOTS, text, len);
}

unsigned loom__lexicon_table_word(const char *text, size_t len)
{
	return lookup(table_words_slots, LOOM_table_words_SLOTS, text, len);
}
