/* lexicon.h - what Debian's word lists, iso-codes and WordNet say about a
 * word or phrase: a common word, a word that names something, a place, an
 * organisation, a person; and which of our small word tables (titles,
 * roles, verbs of saying, ...) hold it, so that one look-up answers every
 * question a rule asks of a word. The table is generated at build time by
 * tools/gen_lexicon.c (build/gen/lexicon.inc); the key form below is shared
 * by both sides so that they hash the same bytes. */
#ifndef LOOM_LEXICON_H
#define LOOM_LEXICON_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "swar.h"

enum {
	LOOM_LEX_COMMON = 1,    /* a lower-case dictionary word */
	LOOM_LEX_NAMEWORD = 2,  /* a capitalised dictionary word */
	LOOM_LEX_PLACE = 4,
	LOOM_LEX_ORG = 8,
	LOOM_LEX_PERSON = 16,
	LOOM_LEX_GROUPWORD = 32, /* "American", "Democrat": people, not a name */
	LOOM_LEX_COUNTRY = 64,
	LOOM_LEX_STOP = 128,    /* a function word ("in", "as", "the") */
	/* our word tables, tools/tables/words/<name>.txt */
	LOOM_LEX_CONNECTOR = 1u << 8,   /* connector.txt: "van", "of" */
	LOOM_LEX_TITLE = 1u << 9,       /* title.txt: "Foreign", "Minister" */
	LOOM_LEX_ROLE = 1u << 10,       /* role.txt: "minister", "spokesman" */
	LOOM_LEX_ORG_LAST = 1u << 11,   /* org_last.txt: "... Agency" */
	LOOM_LEX_ORG_FIRST = 1u << 12,  /* org_first.txt: "Ministry of ..." */
	LOOM_LEX_PLACE_LAST = 1u << 13, /* place_last.txt: "... River" */
	LOOM_LEX_PLACE_FIRST = 1u << 14, /* place_first.txt: "San ..." */
	LOOM_LEX_NOT_NAME = 1u << 15,   /* not_name.txt: "Monday", "Mr." */
	LOOM_LEX_PLACE_PREP = 1u << 16, /* place_prep.txt: "in", "near" */
	LOOM_LEX_SPEECH_VERB = 1u << 17, /* speech_verb.txt: "said" */
	LOOM_LEX_PREPOSITION = 1u << 18, /* preposition.txt */
	LOOM_LEX_DETERMINER = 1u << 19, /* determiner.txt: "the", "one" */
	LOOM_LEX_PHRASE_BREAK = 1u << 20, /* phrase_break.txt: "that", "when" */
	/* a people's word, derived from the above ("Israeli", "Israelis":
	 * a group word whose stem is a place), never a person's name */
	LOOM_LEX_PEOPLE = 1u << 21,
	LOOM_LEX_ORG_NOUN = 1u << 22, /* org_noun.txt: "agency", "chain" */
	LOOM_LEX_EVENT_LAST = 1u << 23, /* event_last.txt: "... Cup" */
	LOOM_LEX_ABBREVIATION = 1u << 24 /* abbreviation.txt: "mr", "gen" */
};

/* The word tables and their flags, for the generator (one place). */
#define LOOM_LEXICON_WORD_TABLES                                               \
	X("connector", LOOM_LEX_CONNECTOR) X("title", LOOM_LEX_TITLE)          \
	X("role", LOOM_LEX_ROLE) X("org_last", LOOM_LEX_ORG_LAST)              \
	X("org_first", LOOM_LEX_ORG_FIRST) X("place_last", LOOM_LEX_PLACE_LAST) \
	X("place_first", LOOM_LEX_PLACE_FIRST) X("not_name", LOOM_LEX_NOT_NAME) \
	X("place_prep", LOOM_LEX_PLACE_PREP)                                   \
	X("speech_verb", LOOM_LEX_SPEECH_VERB)                                 \
	X("preposition", LOOM_LEX_PREPOSITION)                                 \
	X("determiner", LOOM_LEX_DETERMINER)                                   \
	X("phrase_break", LOOM_LEX_PHRASE_BREAK)                               \
	X("org_noun", LOOM_LEX_ORG_NOUN)                                       \
	X("event_last", LOOM_LEX_EVENT_LAST)                                   \
	X("abbreviation", LOOM_LEX_ABBREVIATION)

/* The key of a phrase: ASCII letters lower-cased, a curly apostrophe read
 * as ', runs of white space and '_' as one space, trimmed. Returns its
 * length, 0 when it does not fit. */
static inline size_t loom__lexicon_key(char *dst, size_t cap, const char *s,
				       size_t len)
{
	size_t n = 0;
	int space = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '_' || c == '\t' || c == '\n' || c == '\r') {
			space = n > 0;
			continue;
		}
		if (space) {
			if (n + 1 >= cap)
				return 0;
			dst[n++] = ' ';
			space = 0;
		}
		if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x99) {
			c = '\'';
			i += 2;
		}
		if (n + 1 >= cap)
			return 0;
		dst[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	return n;
}

static inline uint32_t loom__lexicon_fingerprint(uint64_t hash)
{
	uint32_t f = (uint32_t)(hash >> 32);
	return f ? f : 1; /* 0 marks an empty slot */
}

/* The two slots (which: 0 or 1) of a key of at most 8 bytes, read as one
 * little-endian word with zeros above it, in a table of 2^bits slots: a
 * multiply each, where a hash function costs as much as the rest of the
 * look-up. */
static inline size_t loom__lexicon_short_slot(uint64_t key, unsigned bits, int which)
{
	uint64_t m = which ? 0xC2B2AE3D27D4EB4Full : 0x9E3779B97F4A7C15ull;
	return (size_t)((key * m) >> (64 - bits));
}

/* The same for a key of at most 16 bytes read as two such words, lo and
 * hi (hi 0 for a key of at most 8 bytes: then the slot above). */
static inline size_t loom__lexicon_pair_slot(uint64_t lo, uint64_t hi, unsigned bits,
					     int which)
{
	return loom__lexicon_short_slot(lo ^ hi * 0xFF51AFD7ED558CCDull, bits, which);
}

/* Bit which (0 or 1) of a phrase's hash in the phrase filter of 2^bits
 * bits: bits of the hash the table's slot index does not use. */
static inline size_t loom__lexicon_phrase_bit(uint64_t hash, unsigned bits, int which)
{
	return (size_t)(hash >> (which ? 40 : 20)) & (((size_t)1 << bits) - 1);
}

/* One slot of a generated table: the key's fingerprint (0 = empty) and
 * its flags. */
typedef struct loom_lexicon_slot {
	uint32_t fingerprint, flags;
} loom_lexicon_slot;

/* Flags of the phrase text[0, len), 0 when the lexicon does not know it. */
unsigned loom__lexicon_lookup(const char *text, size_t len);

/* The same in steps, so that a caller can have many look-ups under way
 * at once (the table is larger than a cache): the hash of the phrase's
 * key (0 when it has none), a prefetch of its slot, and its flags. */
uint64_t loom__lexicon_hash(const char *text, size_t len);
/* The same for a plain word (tokens.h) of 1 to 16 bytes with 8 bytes
 * readable at text: only its capitals need lowering. */
uint64_t loom__lexicon_hash_plain(const char *text, size_t len);
void loom__lexicon_prefetch(uint64_t h);
unsigned loom__lexicon_flags_of(uint64_t h);

/* The same for a word of our tables only (tools/tables/words): 0 for any
 * other word. A small table that stays in cache, for the lower-case words
 * of a text, of which no rule asks more. */
unsigned loom__lexicon_table_word(const char *text, size_t len);
/* The same when avail >= len bytes may be read at text: a look-up reads
 * eight at once when it can. */
unsigned loom__lexicon_table_word_at(const char *text, size_t len, size_t avail);
/* The words of our tables of up to 16 bytes, in two generated tables
 * (build/gen/lexicon.inc) of two slots per key, which the tokenizer reads
 * inline, for nearly every lower-case word of a text. A slot is the key,
 * lower-cased ASCII read as little-endian words with zeros after it (two
 * words side by side past 8 bytes); the top bits of its last word's
 * bytes, which ASCII leaves clear, hold the index of its flags in
 * loom__table_words_combo_flags. */
extern const uint64_t loom__table_words_short[], loom__table_words_mid[];
extern const uint32_t loom__table_words_combo_flags[];
extern const unsigned loom__table_words_short_bits, loom__table_words_mid_bits;

/* The flag-set index a slot's last word carries, one bit per byte, the
 * first byte's lowest: a multiply gathers them. */
static inline unsigned loom__lexicon_combo_of(uint64_t slot)
{
	return (unsigned)((((slot >> 7) & (LOOM_SWAR_HIGHS >> 7)) * 0x0102040810204080ull) >> 56);
}

/* The flags of a key of at most 8 bytes, x as above: both of its slots
 * are read and the flags taken without a branch (whether a word is in a
 * table is a coin toss for the predictor). */
static inline unsigned loom__lexicon_short_key_flags(uint64_t x)
{
	unsigned bits = loom__table_words_short_bits;
	uint64_t sa = loom__table_words_short[loom__lexicon_short_slot(x, bits, 0)];
	uint64_t sb = loom__table_words_short[loom__lexicon_short_slot(x, bits, 1)];
	uint32_t in_a = (sa & ~LOOM_SWAR_HIGHS) == x, in_b = (sb & ~LOOM_SWAR_HIGHS) == x;
	/* a key is in one slot at most: decode the one it may be in */
	uint64_t hit = in_a ? sa : sb;
	return loom__table_words_combo_flags[loom__lexicon_combo_of(hit)] & -(in_a | in_b);
}

/* The same for a key of 9 to 16 bytes, read as lo and hi. */
static inline unsigned loom__lexicon_mid_key_flags(uint64_t lo, uint64_t hi)
{
	unsigned bits = loom__table_words_mid_bits;
	const uint64_t *sa = &loom__table_words_mid[2 * loom__lexicon_pair_slot(lo, hi, bits, 0)];
	const uint64_t *sb = &loom__table_words_mid[2 * loom__lexicon_pair_slot(lo, hi, bits, 1)];
	uint32_t in_a = (sa[0] == lo) & ((sa[1] & ~LOOM_SWAR_HIGHS) == hi);
	uint32_t in_b = (sb[0] == lo) & ((sb[1] & ~LOOM_SWAR_HIGHS) == hi);
	uint64_t hit = in_a ? sa[1] : sb[1];
	return loom__table_words_combo_flags[loom__lexicon_combo_of(hit)] & -(in_a | in_b);
}

/* The 9 to 16 bytes at text as two little-endian words: the first
 * eight, and the rest with zeros above them (every load inside the
 * bytes). */
static inline void loom__lexicon_mid_words(const char *text, size_t len, uint64_t *lo,
					   uint64_t *hi)
{
	memcpy(lo, text, 8);
	memcpy(hi, text + len - 8, 8);
	*hi >>= 8 * (16 - len);
}

/* loom__lexicon_table_word for a word the tokenizer found plain (ASCII
 * letters, digits and apostrophes only: tokens.h) of 1 to 8 bytes, with 8
 * bytes readable at text: what the general look-up checks of the bytes
 * is known already. */
static inline unsigned loom__lexicon_table_plain_short(const char *text, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x;
	memcpy(&x, text, 8);
	x = loom__swar_lower_ascii(x & (~(uint64_t)0 >> (8 * (8 - len))));
	unsigned flags = loom__lexicon_short_key_flags(x);
#ifdef LOOM_TEST
	assert(len >= 1 && len <= 8 && flags == loom__lexicon_table_word_at(text, len, 8));
#endif
	return flags;
#else
	return loom__lexicon_table_word_at(text, len, 8);
#endif
}

/* The same for a plain word of 9 to 16 bytes. */
static inline unsigned loom__lexicon_table_plain_mid(const char *text, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t lo, hi;
	loom__lexicon_mid_words(text, len, &lo, &hi);
	unsigned flags = loom__lexicon_mid_key_flags(loom__swar_lower_ascii(lo),
						     loom__swar_lower_ascii(hi));
#ifdef LOOM_TEST
	assert(len >= 9 && len <= 16 && flags == loom__lexicon_table_word_at(text, len, len));
#endif
	return flags;
#else
	return loom__lexicon_table_word_at(text, len, len);
#endif
}

#endif
