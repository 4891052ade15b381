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

/* The probe ends at the first slot that holds the fingerprint or is
 * empty. Whether that is the first, second or third slot, and a hit or
 * a miss, is a coin toss for the branch predictor: four slots are read at
 * once and the end found from a mask, and only a longer run (or one at
 * the table's end) takes the loop. */
static unsigned probe(const loom_lexicon_slot *slots, size_t nslots, uint64_t h)
{
	uint32_t f = loom__lexicon_fingerprint(h);
	size_t at = h & (nslots - 1);
	if (at + 4 <= nslots) {
		const loom_lexicon_slot *q = slots + at;
		unsigned ends = 0;
		for (unsigned k = 0; k < 4; k++)
			ends |= ((unsigned)(q[k].fingerprint == f) |
				 (unsigned)(q[k].fingerprint == 0)) << k;
		if (ends) {
			const loom_lexicon_slot *end = q + __builtin_ctz(ends);
			return end->flags & -(unsigned)(end->fingerprint == f);
		}
		at += 4;
	}
	for (;; at = (at + 1) & (nslots - 1)) {
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

/* Lower-cases the eight bytes of *x when they are plain: ASCII, no white
 * space, no '_' (of which loom__lexicon_key makes spaces). */
static int lower_plain(uint64_t *x)
{
	if ((*x & LOOM_SWAR_HIGHS) || loom__swar_any_below(*x, 0x21) ||
	    loom__swar_any_below(*x ^ (LOOM_SWAR_ONES * '_'), 1))
		return 0;
	*x = loom__swar_lower_ascii(*x);
	return 1;
}

/* The n < 8 bytes at p in the low bytes, 'a' (plain) above them: read
 * with loads inside [p, p + n) only, as XXH3 reads short keys. */
static uint64_t short_word(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	uint64_t x;
	if (n >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, u, 4);
		memcpy(&hi, u + n - 4, 4);
		x = lo | (uint64_t)hi << (8 * (n - 4));
	} else {
		x = u[0] | (uint64_t)u[n >> 1] << (8 * (n >> 1)) |
		    (uint64_t)u[n - 1] << (8 * (n - 1));
	}
	return x | (LOOM_SWAR_ONES * 'a') << (8 * n);
}

/* Lower-cases the eight bytes of *x when they may be part of a plain
 * key: ASCII, no control byte, no '_', and no two spaces side by side.
 * *spaces gets whether one is a space. */
static int lower_key_bytes(uint64_t *x, int *spaces)
{
	uint64_t sp = ~loom__swar_in_range_ascii(*x ^ LOOM_SWAR_ONES * ' ', 1, 0x7F) &
		      LOOM_SWAR_HIGHS;
	if ((*x & LOOM_SWAR_HIGHS) || loom__swar_any_below(*x, 0x20) ||
	    loom__swar_any_below(*x ^ (LOOM_SWAR_ONES * '_'), 1) || (sp & sp >> 8))
		return 0;
	*spaces |= sp != 0;
	*x = loom__swar_lower_ascii(*x);
	return 1;
}

/* The key of text[0, len) when it is plain ASCII with single spaces
 * inside (then loom__lexicon_key only lower-cases it), else 0; *phrase:
 * whether it has a space. The text is read eight bytes at a time straight
 * from the text, each eight overlapping the ones before by one (so that
 * two spaces side by side are seen in one of them), never through a copy
 * of variable length (a call whose branches on the length mispredict).
 * key has room for KEY_CAP + 8 bytes. */
static size_t plain_word_key(char *key, const char *text, size_t len, int *phrase)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (!len || len >= KEY_CAP || text[0] == ' ' || text[len - 1] == ' ')
		return 0;
	uint64_t x;
	int spaces = 0;
	if (len < 8) {
		x = short_word(text, len);
		if (!lower_key_bytes(&x, &spaces))
			return 0;
		memcpy(key, &x, 8);
		*phrase = spaces;
		return len;
	}
	for (size_t i = 0;; i += 7) {
		size_t at = i + 8 <= len ? i : len - 8;
		memcpy(&x, text + at, 8);
		if (!lower_key_bytes(&x, &spaces))
			return 0;
		memcpy(key + at, &x, 8);
		if (at + 8 >= len)
			break;
	}
	*phrase = spaces;
	return len;
#else
	(void)key, (void)text, (void)len, (void)phrase;
	return 0; /* loom__lexicon_key does it all */
#endif
}

/* The hash of text[0, len)'s key (0: no key); *phrase: whether the key
 * has more than one word. */
static uint64_t key_hash(const char *text, size_t len, int *phrase)
{
	char key[KEY_CAP + 8];
	*phrase = 0;
	size_t n = plain_word_key(key, text, len, phrase);
#ifdef LOOM_TEST
	char slow[KEY_CAP]; /* the fast key is the same key */
	assert(!n || (loom__lexicon_key(slow, KEY_CAP, text, len) == n &&
		      !memcmp(slow, key, n) && *phrase == (memchr(slow, ' ', n) != NULL)));
#endif
	if (!n) {
		n = loom__lexicon_key(key, KEY_CAP, text, len);
		*phrase = n && memchr(key, ' ', n);
	}
	if (!n)
		return 0;
	uint64_t h = XXH3_64bits(key, n);
	return h ? h : 1;
}

uint64_t loom__lexicon_hash(const char *text, size_t len)
{
	int phrase;
	return key_hash(text, len, &phrase);
}

uint64_t loom__lexicon_hash_plain(const char *text, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	assert(len >= 1 && len <= 16);
	char key[16];
	uint64_t x;
	/* the first eight bytes, then the last eight over them: the key's
	 * bytes lowered, whatever lies past them never hashed */
	memcpy(&x, text, 8);
	x = loom__swar_lower_ascii(x);
	memcpy(key, &x, 8);
	if (len > 8) {
		memcpy(&x, text + len - 8, 8);
		x = loom__swar_lower_ascii(x);
		memcpy(key + len - 8, &x, 8);
	}
	uint64_t h = XXH3_64bits(key, len);
	h = h ? h : 1;
#ifdef LOOM_TEST
	assert(h == loom__lexicon_hash(text, len));
#endif
	return h;
#else
	return loom__lexicon_hash(text, len);
#endif
}

/* May the lexicon know the phrase of hash h? 0: it certainly does not. */
static int phrase_may_be_known(uint64_t h)
{
	/* the second bit is taken from hash >> 40: 24 bits */
	_Static_assert(LOOM_lexicon_PHRASE_BITS <= 24, "phrase filter too large");
	size_t a = loom__lexicon_phrase_bit(h, LOOM_lexicon_PHRASE_BITS, 0);
	size_t b = loom__lexicon_phrase_bit(h, LOOM_lexicon_PHRASE_BITS, 1);
	return (lexicon_phrase_filter[a / 64] >> (a % 64) &
		lexicon_phrase_filter[b / 64] >> (b % 64) & 1) != 0;
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
	int phrase;
	uint64_t h = key_hash(text, len, &phrase);
	if (!h)
		return 0;
	/* a phrase the filter rules out is not read from the big table */
	if (phrase && !phrase_may_be_known(h)) {
#ifdef LOOM_TEST
		assert(!probe(lexicon_slots, LOOM_lexicon_SLOTS, h)); /* no false "no" */
#endif
		return 0;
	}
	return probe(lexicon_slots, LOOM_lexicon_SLOTS, h);
}

/* A plain word of at most 8 bytes (nearly every lower-case word) is
 * looked up by itself in the table of short keys, which holds every short
 * key of our tables, so that a miss there is a miss. Whether a word is in
 * a table is a coin toss for the branch predictor, and a mispredicted
 * branch costs more than the rest of the look-up: both of the key's slots
 * are read and the flags taken without a branch. avail: bytes that may be
 * read at text, at least len. */
static int short_table_word(const char *text, size_t len, size_t avail, unsigned *flags)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (!len || len > 8)
		return 0;
	uint64_t x;
	if (avail >= 8)
		memcpy(&x, text, 8);
	else
		x = short_word(text, len); /* no read past the end */
	uint64_t keep = ~(uint64_t)0 >> (8 * (8 - len));
	x = (x & keep) | ((LOOM_SWAR_ONES * 'a') & ~keep); /* plain above */
	if (!lower_plain(&x))
		return 0;
	x &= keep;
	*flags = loom__lexicon_short_key_flags(x);
	return 1;
#else
	(void)text, (void)len, (void)avail, (void)flags;
	return 0;
#endif
}

/* A plain word of 9 to 16 bytes, looked up as short_table_word looks up a
 * shorter one: 0 when it is not plain. */
static int mid_table_word(const char *text, size_t len, unsigned *flags)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len < 9 || len > 16)
		return 0;
	uint64_t lo, hi;
	loom__lexicon_mid_words(text, len, &lo, &hi);
	uint64_t keep = ~(uint64_t)0 >> (8 * (16 - len));
	uint64_t hx = hi | ((LOOM_SWAR_ONES * 'a') & ~keep); /* plain above */
	if (!lower_plain(&lo) || !lower_plain(&hx))
		return 0;
	*flags = loom__lexicon_mid_key_flags(lo, hx & keep);
	return 1;
#else
	(void)text, (void)len, (void)flags;
	return 0;
#endif
}

/* The flags of a word of our tables, as loom__lexicon_table_word. */
unsigned loom__lexicon_table_word_at(const char *text, size_t len, size_t avail)
{
	unsigned flags;
	if (short_table_word(text, len, avail, &flags) || mid_table_word(text, len, &flags)) {
#ifdef LOOM_TEST
		assert(flags == lookup(table_words_slots, LOOM_table_words_SLOTS, text, len));
#endif
		return flags;
	}
	return lookup(table_words_slots, LOOM_table_words_SLOTS, text, len);
}

unsigned loom__lexicon_table_word(const char *text, size_t len)
{
	return loom__lexicon_table_word_at(text, len, len);
}
