/* lexicon.h - what Debian's word lists, iso-codes and WordNet say about a
 * word or phrase: a common word, a word that names something, a place, an
 * organisation, a person. The table is generated at build time by
 * tools/gen_lexicon.c (build/gen/lexicon.inc); the key form below is shared
 * by both sides so that they hash the same bytes. */
#ifndef LOOM_LEXICON_H
#define LOOM_LEXICON_H

#include <stddef.h>
#include <stdint.h>

enum {
	LOOM_LEX_COMMON = 1,    /* a lower-case dictionary word */
	LOOM_LEX_NAMEWORD = 2,  /* a capitalised dictionary word */
	LOOM_LEX_PLACE = 4,
	LOOM_LEX_ORG = 8,
	LOOM_LEX_PERSON = 16,
	LOOM_LEX_GROUPWORD = 32, /* "American", "Democrat": people, not a name */
	LOOM_LEX_COUNTRY = 64,
	LOOM_LEX_STOP = 128     /* a function word ("in", "as", "the") */
};

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

/* Flags of the phrase text[0, len), 0 when the lexicon does not know it. */
unsigned loom__lexicon_lookup(const char *text, size_t len);

#endif
