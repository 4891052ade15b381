/* lexicon.c - lookups in the generated name lexicon (lexicon.h). */
#include "lexicon.h"

#include <assert.h>
#include <string.h>
/* inlined: a key is a word of a few bytes, for which the call into the
 * shared library and its dispatch cost as much as the hash */
#define XXH_INLINE_ALL
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

/* Eight bytes at a time (SWAR): nearly every phrase looked up is one ASCII
 * word, whose key is the word lower-cased, and the byte-by-byte key
 * loop cost more than the hash and the probe together. */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
#define KEY_CAP 256 /* a key is at most KEY_CAP - 1 bytes */

/* Any byte of x below n (n <= 128)? Exact as a yes or no. */
static uint64_t has_byte_below(uint64_t x, unsigned n)
{
	return (x - ONES * n) & ~x & HIGHS;
}

/* 0x20 in each byte of x (all bytes ASCII) that is 'A'..'Z': adding
 * sets a byte's top bit from 'A' on, and again from past 'Z' on. */
static uint64_t upper_case_bits(uint64_t x)
{
	uint64_t from_a = x + ONES * (0x80 - 'A');
	uint64_t past_z = x + ONES * (0x80 - 'Z' - 1);
	return (from_a & ~past_z & HIGHS) >> 2;
}

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
		if ((x & HIGHS) || has_byte_below(x, 0x21) ||
		    has_byte_below(x ^ (ONES * '_'), 1))
			return 0;
		x |= upper_case_bits(x);
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
