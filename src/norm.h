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

/* Hashes of the words in text[span) outside the sorted skip spans, written
 * to out (room for cap words; at most (span length + 1) / 2 words exist).
 * spans (may be NULL) receives the byte spans of the first nspans words:
 * a later stage that needs only the lead gets it from the same pass.
 * Returns the number of words. */
size_t loom__words(uint64_t *out, loom_span *spans, size_t nspans, size_t cap,
		   const char *text,
		   loom_span span, const loom_span *skips, size_t nskips);

/* Normalises one word (bytes of letters as loom__words would take them)
 * into dst; returns its length (0 when dst is too small). */
size_t loom__norm_word(char *dst, size_t dst_size, const char *word,
		       size_t len);

#endif
