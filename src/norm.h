/* norm.h - words of a text, normalised and hashed.
 *
 * A word is a run of letters, digits and marks; an apostrophe inside a word
 * is kept (as '). Each word is normalised to NFKC with case folding
 * (utf8proc; ASCII takes a fast path with the same result) and hashed with
 * XXH3, so that curly and straight quotes, full-width forms, ligatures and
 * case no longer matter. Dashes and all other punctuation separate words. */
#ifndef LOOM_NORM_H
#define LOOM_NORM_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

/* A word's bytes at most: a longer run is cut into pieces of this size */
#define LOOM_NORM_MAX_WORD 256

/* Hashes of the words in text[span) outside the sorted skip spans, written
 * to out (room for cap words; at most (span length + 1) / 2 words exist).
 * spans (may be NULL) receives the byte spans of the first nspans words:
 * a later stage that needs only the lead gets it from the same pass.
 * Returns the number of words. */
size_t loom__words(uint64_t *out, loom_span *spans, size_t nspans, size_t cap,
		   const char *text,
		   loom_span span, const loom_span *skips, size_t nskips);

/* Is byte c in no word, whatever surrounds it? ASCII other than letters,
 * digits and the apostrophe is. */
static inline int loom__norm_edge(unsigned char c)
{
	unsigned lower = c | 0x20u;
	return (c < 0x80) & !(lower - (unsigned)'a' < 26u) & !((unsigned)c - '0' < 10u) & (c != '\'');
}

/* The same words as loom__words over the same span and skips, taken from
 * the tokenizer's tokens of it (tokens.h) where they can be, so that the
 * common word is not scanned twice. */
struct loom_tokens;
size_t loom__words_of_tokens(uint64_t *out, loom_span *spans, size_t nspans,
			     size_t cap, const char *text, loom_span span,
			     const loom_span *skips, size_t nskips,
			     const struct loom_tokens *tk);

/* The hash of a normalised word's bytes, the key of a word wherever one
 * is kept (shingles, the stem cache, stop words). A word of under 16
 * bytes is hashed as one 16-byte block: its bytes, zeros, and its length
 * in the last byte. XXH3 takes a path by a key's length, and a word's
 * length is a coin toss for the branch predictor; the block takes one. */
uint64_t loom__word_hash(const char *w, size_t len);

/* The same of text[start, start + len), a word of ASCII letters and
 * digits, into *hash: its lower case, without the copy loom__norm_word
 * makes. 0 (and no hash) when the word has an apostrophe. text may be
 * read up to limit. */
int loom__ascii_word_key(const char *text, size_t start, size_t len, size_t limit,
			 uint64_t *hash);

/* Normalises one word (bytes of letters as loom__words would take them)
 * into dst; returns its length (0 when dst is too small). */
size_t loom__norm_word(char *dst, size_t dst_size, const char *word,
		       size_t len);

#endif
