/* text.h - byte-level facts about an input text and line iteration.
 *
 * Nothing here copies or changes the text: offsets everywhere in Loom refer
 * to the original bytes. */
#ifndef LOOM_TEXT_H
#define LOOM_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct loom_span {
	size_t start, end; /* [start, end) byte offsets; empty when equal */
} loom_span;

typedef struct loom_text_scan {
	size_t bom;           /* 3 when the text starts with a UTF-8 BOM */
	size_t invalid_utf8;  /* invalid sequences (each read as U+FFFD) */
	size_t first_invalid; /* offset of the first one */
	size_t nul_bytes;
	size_t first_nul;
	size_t lines;
	size_t longest_line;
	size_t longest_line_no; /* 1-based */
	int binary;           /* looks like a binary file, not text */
	int blank;            /* nothing but white space */
} loom_text_scan;

void loom__text_scan(loom_text_scan *out, const char *s, size_t len);

/* Next line from *pos: its span without the line break (a trailing \r is
 * dropped too). Returns 0 at end of text. */
int loom__next_line(const char *s, size_t len, size_t *pos, loom_span *line);

/* Span with white space (ASCII, NBSP, NUL) trimmed from both ends. */
loom_span loom__trim(const char *s, loom_span sp);
int loom__span_blank(const char *s, loom_span sp);
size_t loom__line_of(const char *s, size_t len, size_t offset);

/* Copies a span into dst (size dst_size, NUL-terminated), replacing
 * invalid UTF-8 and NUL with U+FFFD / space and folding runs of white space
 * into one space. Returns the bytes written. */
size_t loom__clean_copy(char *dst, size_t dst_size, const char *s,
			loom_span sp);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
size_t loom__utf8_len(const unsigned char *s, size_t avail);

#endif
