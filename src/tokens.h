/* tokens.h - the words, punctuation and quotation marks of an article, with
 * their byte offsets, for the stages that read sentences (names, quotes).
 *
 * Words keep internal apostrophes and hyphens ("Novak's", "al-Assad"),
 * initials and a few abbreviations keep their period ("J.", "U.S.",
 * "Mr."). Each token knows whether it opens a sentence or a paragraph. */
#ifndef LOOM_TOKENS_H
#define LOOM_TOKENS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "lexicon.h"
#include "text.h"

enum loom_token_kind {
	LOOM_TOK_WORD,
	LOOM_TOK_PUNCT,  /* one punctuation character: , ; : . ! ? ( ) ... */
	LOOM_TOK_DASH,   /* - – — standing alone between spaces */
	LOOM_TOK_QUOTE   /* a quotation mark, see loom_quote_mark */
};

enum loom_token_flag {
	LOOM_TF_CAP = 1,        /* starts with an upper-case letter */
	LOOM_TF_ALLCAPS = 2,    /* two or more letters, all upper case */
	LOOM_TF_LOWER = 4,      /* starts with a lower-case letter */
	LOOM_TF_DIGIT = 8,      /* starts with a digit */
	LOOM_TF_SENT = 16,      /* first word of a sentence */
	LOOM_TF_PARA = 32,      /* first token of a paragraph */
	/* white space (or a paragraph's or a span's start) before it: a
	 * token is followed by space when the next one has this flag, or
	 * when it is the last */
	LOOM_TF_SPACE_BEFORE = 64,
	LOOM_TF_POSSESSIVE = 256, /* ends in 's or s' (end excludes it) */
	/* ASCII letters and digits (an apostrophe between two of them, a
	 * possessive 's) between bytes that are in no word: one word of the
	 * word pass (norm.h), from start to end and its possessive */
	LOOM_TF_PLAIN = 512
};

/* Quotation marks: which family, and which way they face if the mark
 * says so. Straight marks face no way; context decides. */
enum loom_quote_mark {
	LOOM_QM_DOUBLE_OPEN = 1, /* “ „ « `` (“ also closes „ : quotes.c) */
	LOOM_QM_DOUBLE_CLOSE,    /* ” » */
	LOOM_QM_DOUBLE_STRAIGHT, /* " or '' */
	LOOM_QM_SINGLE_OPEN,     /* ‘ ‹ */
	LOOM_QM_SINGLE_CLOSE     /* ’ › not inside a word */
};

typedef struct loom_token {
	uint32_t start, end;
	uint16_t flags;
	uint8_t kind;
	uint8_t mark; /* loom_quote_mark for LOOM_TOK_QUOTE; the character for PUNCT */
	/* a word's lexicon flags (lexicon.h), looked up once here so that no
	 * rule searches a word list again; of a word that is not capitalised,
	 * only the flags of our word tables (0 when in none) */
	uint32_t lex;
} loom_token;

/* A paragraph: its first token, and what rules ask of a whole
 * paragraph, noted as the tokens are made so that no rule walks one:
 * for its headline style (names.c), its words of four bytes or more that
 * do not start with a digit, and of those the capitalised and the
 * all-caps; for a quote attributed after a dash (quotes.c), its
 * quotation marks and its last dash with a space before it. */
typedef struct loom_paragraph {
	uint32_t first, words, caps, allcaps;
	uint32_t quotes;
	uint32_t last_dash; /* a token index, or UINT32_MAX when none */
} loom_paragraph;

typedef struct loom_tokens {
	loom_token *tok;
	size_t n, cap;
	/* the tokens that are capitalised words or open a paragraph, in
	 * order: what names.c stops at (a view into a list has none) */
	uint32_t *marked;
	size_t nmarked;
	loom_paragraph *para; /* one per token flagged LOOM_TF_PARA, in order */
	size_t npara, para_cap;
} loom_tokens;

/* Tokens of text[span) outside the sorted skip spans, in arena a.
 * Returns 0 or -1 when out of memory. */
int loom__tokenize(loom_tokens *out, const char *text, loom_span span,
		   const loom_span *skips, size_t nskips, loom_arena *a);

/* The same in steps, for spans read as one list (an article's title and
 * body): an empty list with room for max_tokens tokens, then each span's
 * tokens appended (the list grows, and moves, when they are more). Both
 * return 0 or -1 (no memory). */
int loom__tokens_reserve(loom_tokens *out, size_t max_tokens, loom_arena *a);
int loom__tokenize_more(loom_tokens *out, const char *text, loom_span span,
			const loom_span *skips, size_t nskips, loom_arena *a);

/* Room for the tokens of `bytes` bytes of text, most often enough: prose
 * makes about one token per five bytes. Every token takes one byte at
 * least, but reserving that much would spread an article's scratch
 * memory five times wider than it needs. */
static inline size_t loom__tokens_expected(size_t bytes)
{
	return bytes / 3 + 64;
}

/* One past the last token of paragraph pi. */
static inline size_t loom__paragraph_end(const loom_tokens *tk, size_t pi)
{
	return pi + 1 < tk->npara ? tk->para[pi + 1].first : tk->n;
}

/* Does the word token equal lower-case ASCII w (case aside)? Always
 * inline: rules ask it of string literals, whose length is then known
 * (a call would measure it with strlen every time). */
static inline __attribute__((always_inline)) int
loom__tok_is(const char *text, const loom_token *t, const char *w)
{
	size_t n = strlen(w);
	if (t->kind != LOOM_TOK_WORD || t->end - t->start != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[t->start + i];
		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)w[i])
			return 0;
	}
	return 1;
}

/* Is the token a word carrying lexicon flag (lexicon.h)? */
static inline int loom__tok_has(const loom_token *t, uint32_t flag)
{
	return t->kind == LOOM_TOK_WORD && (t->lex & flag);
}

/* A verb of saying in lower case ("said", "told", "added";
 * tools/tables/words/speech_verb.txt). */
static inline int loom__tok_speech_verb(const loom_token *t)
{
	return (t->flags & LOOM_TF_LOWER) && loom__tok_has(t, LOOM_LEX_SPEECH_VERB);
}

#endif
