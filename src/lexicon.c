/* lexicon.c - lookups in the generated name lexicon (lexicon.h). */
#include "lexicon.h"

#include <assert.h>
#include <string.h>
/* inlined: a key is a word of a few bytes, for which the call into the
 * shared library and its dispatch cost as much as the hash */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "lexicon.inc" /* build/gen, made by tools/gen_lexicon.c */
#include "swar.h"

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

/* Nearly every phrase looked up is one ASCII word, whose key is the word
 * lower-cased; the byte-by-byte key loop cost more than the hash and the
 * probe together, so such a key is made eight bytes at a time. */
#define KEY_CAP 256 /* a key is at most KEY_CAP - 1 bytes */

/* The key of text[0, len) when it is plain ASCII with no white space or
 * '_' (then loom__lexicon_key only lower-cases it), else 0. key has room
 * for KEY_CAP + 8 bytes. */
static size_t plain_word_key(char *key, const char *text, size_t len)
{
	if (!len || len >= KEY_CAP)
		return 0;
	memcpy(key, text, len);
	memset(key + len, 'a', 8); /* pads the last word with a harmless byte */
	for (size_t i = 0; i < len; i += 8) {
		uint64_t x;
		memcpy(&x, key + i, 8);
		if ((x & LOOM_SWAR_HIGHS) || loom__swar_any_below(x, 0x21) ||
		    loom__swar_any_below(x ^ (LOOM_SWAR_ONES * '_'), 1))
			return 0;
		x |= loom__swar_in_range_ascii(x, 'A', 'Z') >> 2; /* 0x80 >> 2: 'a' - 'A' */
		memcpy(key + i, &x, 8);
	}
	return len;
}

uint64_t loom__lexicon_hash(const char *text, size_t len)
{
	char key[KEY_CAP + 8];
	size_t n = plain_word_key(key, text, len);
#ifdef LOOM_TEST
	char slow[KEY_CAP]; /* the fast key is the same key */
	assert(!n || (loom__lexicon_key(slow, KEY_CAP, text, len) == n &&
		      !memcmp(slow, key, n)));
#endif
	if (!n)
		n = loom__lexicon_key(key, KEY_CAP, text, len);
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
