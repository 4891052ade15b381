/* ingest.h - a crawled article's header: residue line, title, metadata
 * lines, dateline, agency tag. The body that remains goes to clean.h.
 *
 * Nothing is copied: every field is a span of the original text, and a
 * field the text does not state stays empty (never guessed). */
#ifndef LOOM_INGEST_H
#define LOOM_INGEST_H

#include <stddef.h>

#include "arena.h"
#include "dates.h"
#include "text.h"

typedef struct loom_parsed {
	loom_span title, author, dateline, source, date_text;
	loom_date date;
	int has_date;
	loom_span body; /* where the article text starts and ends */
	/* spans inside body left out of matching (dateline prefix, agency
	 * tags, outlet attribution, trailers), sorted, not overlapping */
	loom_span *skips;
	size_t nskips, skips_cap;
} loom_parsed;

/* Parses the header of text[0..len). With find_title unset (structured
 * input that gives its own title) only the residue line and the dateline
 * are looked for. Skip spans are allocated from a. Returns 0, or -1 when
 * the arena is out of memory. */
int loom__parse_header(loom_parsed *out, const char *text, size_t len,
		       int find_title, loom_arena *a);

/* Adds a skip span (kept sorted; callers add in text order). */
int loom__add_skip(loom_parsed *p, loom_arena *a, size_t start, size_t end);

/* Helpers shared with clean.c. */
int loom__is_dash_at(const char *s, size_t len, size_t at, size_t *dash_len);
size_t loom__agency_tag(const char *s, size_t len, size_t at, loom_span *name);

#endif
