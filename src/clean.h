/* clean.h - boilerplate inside an article body.
 *
 * Marks what a publisher adds around the reported text - trailers ("For
 * more news ... follow us on X."), agency tags at a paragraph start,
 * "..., reports Valdoria Daily" attributions, crawler residue lines - as
 * skip spans, so that two copies with different trailers match. The text
 * itself is never changed. */
#ifndef LOOM_CLEAN_H
#define LOOM_CLEAN_H

#include "ingest.h"

/* Adds skip spans to p for the boilerplate in p->body and fills
 * p->source from an attribution when the header named none.
 * Returns 0, or -1 when the arena is out of memory. */
int loom__clean_body(loom_parsed *p, const char *text, size_t len,
		     loom_arena *a);

#endif
