/* quotes.h - direct quotations in one article and who said them.
 *
 * Marked quotes in any style (“…” "…" «…» „…“ ‘…’ ``…''), a quote that runs
 * over paragraphs (each opens again, only the last closes), quotes within a
 * quote (kept inside it), partial quotes in a sentence, and unmarked
 * paragraphs that end in a dash and an attribution ("... - Novak said.").
 * The speaker comes from the verb of saying next to the quote, the
 * sentence before it, or the quote before it; a pronoun is the person last
 * in focus, a role ("the minister") the person introduced with it. */
#ifndef LOOM_QUOTES_H
#define LOOM_QUOTES_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "names.h"
#include "tokens.h"

typedef struct loom_quote_found {
	uint32_t start, end;        /* the quoted words, marks left out */
	uint32_t first_tok, end_tok; /* tokens [first_tok, end_tok) */
	int32_t speaker;            /* the article's entity, or -1 */
	uint32_t said_start, said_end; /* an unresolved speaker ("the minister") */
	uint8_t marked;             /* 0: a dash-attributed paragraph */
} loom_quote_found;

typedef struct loom_quotes_found {
	loom_quote_found *q;
	size_t n;
} loom_quotes_found;

int loom__find_quotes(loom_quotes_found *out, const char *text,
		      const loom_tokens *tk, const loom_names *names,
		      loom_arena *a);

#endif
