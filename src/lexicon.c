/* lexicon.c - lookups in the generated name lexicon (lexicon.h). */
#include "lexicon.h"

#include <xxhash.h>

#include "lexicon.inc" /* build/gen, made by tools/gen_lexicon.c */

unsigned loom__lexicon_lookup(const char *text, size_t len)
{
	char key[256];
	size_t n = loom__lexicon_key(key, sizeof key, text, len);
	if (!n)
		return 0;
	uint64_t h = XXH3_64bits(key, n);
	uint32_t f = loom__lexicon_fingerprint(h);
	for (size_t at = h & (LOOM_LEXICON_SLOTS - 1);; at = (at + 1) & (LOOM_LEXICON_SLOTS - 1)) {
		if (!lexicon_fingerprints[at])
			return 0;
		if (lexicon_fingerprints[at] == f)
			return lexicon_flags[at];
	}
}
