/* tokens.c - words, punctuation and quotation marks with offsets (tokens.h). */
#include "tokens.h"

#include <assert.h>
#include <string.h>
#include <utf8proc.h>

#include "norm.h"
#include "swar.h"

/* A little-endian 32-bit load's value, whatever the host. */
static inline uint32_t le32(uint32_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap32(x);
#else
	return x;
#endif
}

/* An abbreviation whose period is part of the word and ends no sentence
 * ("Mr.", "Gen."; tools/tables/words/abbreviation.txt), s[0, len) without
 * the period; avail: bytes that may be read at s. */
static int is_abbreviation(const char *s, size_t len, size_t avail)
{
	return (loom__lexicon_table_word_at(s, len, avail) & LOOM_LEX_ABBREVIATION) != 0;
}

/* The code point at s[i] and its length (an invalid byte reads as
 * U+FFFD, length 1). */
static int32_t decode(const char *s, size_t i, size_t end, size_t *len)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*len = 1;
		return c;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(end - i), &cp);
	if (n <= 0) {
		*len = 1;
		return 0xFFFD;
	}
	*len = (size_t)n;
	return cp;
}

enum { C_OTHER, C_UPPER, C_LOWER, C_LETTER, C_DIGIT, C_MARK, C_SPACE, C_NEWLINE };

/* The class of an ASCII byte; white space apart, a NUL counts as space. */
static const unsigned char ascii_class[128] = {
	[0] = C_SPACE, ['\t'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE,
	['\r'] = C_SPACE, [' '] = C_SPACE, ['\n'] = C_NEWLINE,
	['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT,
	['4'] = C_DIGIT, ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT,
	['8'] = C_DIGIT, ['9'] = C_DIGIT,
	['A'] = C_UPPER, ['B'] = C_UPPER, ['C'] = C_UPPER, ['D'] = C_UPPER,
	['E'] = C_UPPER, ['F'] = C_UPPER, ['G'] = C_UPPER, ['H'] = C_UPPER,
	['I'] = C_UPPER, ['J'] = C_UPPER, ['K'] = C_UPPER, ['L'] = C_UPPER,
	['M'] = C_UPPER, ['N'] = C_UPPER, ['O'] = C_UPPER, ['P'] = C_UPPER,
	['Q'] = C_UPPER, ['R'] = C_UPPER, ['S'] = C_UPPER, ['T'] = C_UPPER,
	['U'] = C_UPPER, ['V'] = C_UPPER, ['W'] = C_UPPER, ['X'] = C_UPPER,
	['Y'] = C_UPPER, ['Z'] = C_UPPER,
	['a'] = C_LOWER, ['b'] = C_LOWER, ['c'] = C_LOWER, ['d'] = C_LOWER,
	['e'] = C_LOWER, ['f'] = C_LOWER, ['g'] = C_LOWER, ['h'] = C_LOWER,
	['i'] = C_LOWER, ['j'] = C_LOWER, ['k'] = C_LOWER, ['l'] = C_LOWER,
	['m'] = C_LOWER, ['n'] = C_LOWER, ['o'] = C_LOWER, ['p'] = C_LOWER,
	['q'] = C_LOWER, ['r'] = C_LOWER, ['s'] = C_LOWER, ['t'] = C_LOWER,
	['u'] = C_LOWER, ['v'] = C_LOWER, ['w'] = C_LOWER, ['x'] = C_LOWER,
	['y'] = C_LOWER, ['z'] = C_LOWER,
};

/* The class of a code point past ASCII, from its Unicode category. */
static int classify_unicode(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		return C_UPPER;
	case UTF8PROC_CATEGORY_LL:
		return C_LOWER;
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return C_LETTER;
	case UTF8PROC_CATEGORY_ND:
		return C_DIGIT;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return C_MARK;
	default:
		return C_OTHER;
	}
}

/* Inline: it runs on nearly every token, and almost always on ASCII. */
static inline int classify(int32_t cp)
{
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return C_UPPER;
		if (cp >= 'a' && cp <= 'z')
			return C_LOWER;
		if (cp >= '0' && cp <= '9')
			return C_DIGIT;
		return C_OTHER;
	}
	return classify_unicode(cp);
}

static int wordish(int c)
{
	return c != C_OTHER;
}

/* Scans a word from i, whose first character is of class first; returns
 * its end, and its letter flags. *plain is cleared when the word takes a
 * character past ASCII or a hyphen. */
static size_t scan_word(const char *s, size_t i, size_t end, int first, uint16_t *flags,
			int *plain)
{
	size_t len;
	size_t letters = 0, lower = 0;
	*flags = first == C_UPPER ? LOOM_TF_CAP : first == C_LOWER ? LOOM_TF_LOWER
			: first == C_DIGIT ? LOOM_TF_DIGIT : 0;
	while (i < end) {
		/* eight bytes at a time while they are ASCII letters and
		 * digits, the bulk of most text */
		if (end - i >= 8) {
			uint64_t x, letter;
			size_t n = loom__swar_alnum_run(s + i, &x, &letter);
			letters += loom__swar_count(letter);
			/* a lower-case letter has 0x20 set: << 2 is its top bit */
			lower += loom__swar_count(letter & x << 2);
			i += n;
			if (n == 8)
				continue;
		}
		unsigned char b = (unsigned char)s[i];
		/* ASCII letters and digits need no decoding */
		if ((b | 32) >= 'a' && (b | 32) <= 'z') {
			letters++;
			lower += b >= 'a';
			i++;
			continue;
		}
		if (b >= '0' && b <= '9') {
			i++;
			continue;
		}
		int c = b < 0x80 ? C_OTHER : classify(decode(s, i, end, &len));
		if (wordish(c)) {
			*plain = 0; /* past ASCII */
			letters += c == C_UPPER || c == C_LOWER || c == C_LETTER;
			lower += c == C_LOWER;
			i += len;
			continue;
		}
		/* an apostrophe or hyphen joins two word characters */
		size_t plen = 0;
		if (s[i] == '\'' || s[i] == '-')
			plen = 1;
		else if (end - i >= 3 && (unsigned char)s[i] == 0xE2 &&
			 (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99)
			plen = 3;
		if (plen && i + plen < end) {
			size_t nlen;
			if (wordish(classify(decode(s, i + plen, end, &nlen)))) {
				/* an ASCII apostrophe stays in the word */
				*plain &= s[i] == '\'';
				i += plen;
				continue;
			}
		}
		break;
	}
	*flags |= (uint16_t)(((letters >= 2) & (lower == 0)) * LOOM_TF_ALLCAPS);
	return i;
}

/* The length of a possessive ending ('s, or ’s as 4 bytes) of the word
 * s[start, end), else 0. Word lengths and last letters are coin tosses
 * for the predictor and this runs on every word, so the last four bytes
 * are read at once and compared without a branch; offsets count from
 * the start of the text, so those bytes are readable once end >= 4. */
static size_t is_possessive_tail(const char *s, size_t start, size_t end)
{
	size_t len = end - start;
	if (end < 4) /* a word at the very start of the text */
		return len >= 3 && s[end - 2] == '\'' && (s[end - 1] | 0x20) == 's' ? 2 : 0;
	uint32_t w;
	memcpy(&w, s + end - 4, 4);
	w = le32(w) | 0x20000000u; /* the last byte lower-cased if a letter */
	size_t straight = (len >= 3) & ((w >> 16) == 0x7327u);  /* ' s */
	size_t curly = (len >= 5) & (w == 0x739980E2u);         /* E2 80 99 s */
	return straight * 2 | curly * 4;
}

/* The flag of a word's first character class, read from a table: the
 * class is a coin toss for the predictor. */
static const uint16_t first_flag[] = {
	[C_UPPER] = LOOM_TF_CAP, [C_LOWER] = LOOM_TF_LOWER, [C_DIGIT] = LOOM_TF_DIGIT,
};

/* Does a byte end a word where scan_word would end it, with no period
 * or apostrophe for the tokenizer to look at: ASCII, no letter or digit
 * (the caller knows), no apostrophe, hyphen or period? */
static inline int plain_word_end(unsigned char c)
{
	/* & not &&: which byte ends a word is a coin toss for the predictor */
	return (c < 0x80) & (c != '\'') & (c != '-') & (c != '.');
}

/* A word at s of fewer than sixteen ASCII letters and digits, ended by a
 * byte for which plain_word_end holds (16 bytes and the one after
 * readable): its length, and whether scan_word would call it all caps
 * (two letters or more, none lower case). 0 when the word is any other.
 * The letters are not counted: two or more is one bit test. */
static inline int fast_word(const char *s, size_t *len, int *allcaps)
{
	uint64_t x, letter;
	size_t run = loom__swar_alnum_run(s, &x, &letter);
	/* a lower-case letter has 0x20 set: << 2 is its top bit */
	uint64_t lower = letter & x << 2;
	uint64_t two = letter & (letter - 1); /* a second letter */
	if (run == 8) {
		uint64_t x2, letter2;
		size_t more = loom__swar_alnum_run(s + 8, &x2, &letter2);
		if (more == 8)
			return 0;
		lower |= letter2 & x2 << 2;
		two |= (letter2 & (letter2 - 1)) | (uint64_t)((letter != 0) & (letter2 != 0));
		run += more;
	}
	*len = run;
	*allcaps = (two != 0) & (lower == 0);
	return (run > 0) & plain_word_end((unsigned char)s[run]);
}

/* Lexicon look-ups of capitalised words under way: the big table misses
 * the cache, so a word's slot is prefetched when it is read and its flags
 * taken LOOKAHEAD words later, when the slot has come in. */
#define LOOKAHEAD 8

typedef struct lookahead {
	size_t tok[LOOKAHEAD];
	uint64_t hash[LOOKAHEAD];
	size_t n, next; /* under way; the oldest */
} lookahead;

static void lookahead_take(lookahead *la, loom_tokens *out)
{
	out->tok[la->tok[la->next]].lex = loom__lexicon_flags_of(la->hash[la->next]);
	la->next = (la->next + 1) % LOOKAHEAD;
	la->n--;
}

static void lookahead_add(lookahead *la, loom_tokens *out, size_t tok, uint64_t hash)
{
	if (la->n == LOOKAHEAD)
		lookahead_take(la, out);
	size_t at = (la->next + la->n) % LOOKAHEAD;
	la->tok[at] = tok;
	la->hash[at] = hash;
	la->n++;
	if (hash)
		loom__lexicon_prefetch(hash);
}

static void lookahead_drain(lookahead *la, loom_tokens *out)
{
	while (la->n)
		lookahead_take(la, out);
}

int loom__tokens_reserve(loom_tokens *out, size_t max_tokens, loom_arena *a)
{
	memset(out, 0, sizeof *out);
	if (max_tokens > SIZE_MAX / sizeof *out->tok)
		return -1;
	out->tok = loom__arena_alloc(a, (max_tokens + 1) * sizeof *out->tok);
	out->marked = loom__arena_alloc(a, (max_tokens + 1) * sizeof *out->marked);
	if (!out->tok || !out->marked)
		return -1;
	out->cap = max_tokens + 1;
	return 0;
}

int loom__tokenize(loom_tokens *out, const char *s, loom_span span,
		   const loom_span *skips, size_t nskips, loom_arena *a)
{
	if (loom__tokens_reserve(out, loom__tokens_expected(span.end > span.start
							   ? span.end - span.start : 0), a))
		return -1;
	return loom__tokenize_more(out, s, span, skips, nskips, a);
}

/* Files the open paragraph's counts, kept in registers while it is
 * open, in its record, when this span opened it. */
static inline void close_paragraph(loom_tokens *out, size_t first_para, uint32_t words,
				   uint32_t caps, uint32_t allcaps, uint32_t quotes,
				   uint32_t last_dash)
{
	if (out->npara > first_para) {
		loom_paragraph *p = &out->para[out->npara - 1];
		p->words = words, p->caps = caps, p->allcaps = allcaps;
		p->quotes = quotes, p->last_dash = last_dash;
	}
}

/* Room for twice the tokens (and marks). */
static int grow_tokens(loom_tokens *out, loom_arena *a)
{
	size_t cap = out->cap;
	if (loom__arena_grow(a, (void **)&out->marked, out->nmarked, &cap, 256,
			     sizeof *out->marked))
		return -1;
	return loom__arena_grow(a, (void **)&out->tok, out->n, &out->cap, 256, sizeof *out->tok);
}

/* Starts a paragraph at token `first`. */
static int open_paragraph(loom_tokens *out, size_t first, loom_arena *a)
{
	if (out->npara == out->para_cap &&
	    loom__arena_grow(a, (void **)&out->para, out->npara, &out->para_cap, 16,
			     sizeof *out->para))
		return -1;
	out->para[out->npara++] = (loom_paragraph){(uint32_t)first, 0, 0, 0, 0, UINT32_MAX};
	return 0;
}

int loom__tokenize_more(loom_tokens *out, const char *s, loom_span span,
			const loom_span *skips, size_t nskips, loom_arena *a)
{
	size_t k = 0, end = span.end;
	size_t first_para = out->npara; /* this span's first */
	int para = 1, sent = 1, space = 1;
	/* the open paragraph's counts */
	uint32_t words = 0, caps = 0, allcaps = 0, quotes = 0, last_dash = UINT32_MAX;
	lookahead ahead = {0};
	/* where the next skip span starts: below it no skip applies */
	size_t skip_from = nskips ? skips[0].start : SIZE_MAX;
	for (size_t i = span.start; i < end;) {
		if (i >= skip_from) {
			while (k < nskips && skips[k].end <= i)
				k++;
			skip_from = k < nskips ? skips[k].start : SIZE_MAX;
			if (skip_from <= i) {
				i = skips[k].end;
				para = sent = space = 1;
				continue;
			}
		}
		unsigned char c = (unsigned char)s[i];
		size_t len = 1;
		int32_t cp = c;
		int cls;
		if (c < 0x80) {
			/* one look-up, not a chain of tests that mispredicts */
			cls = ascii_class[c];
			if (cls == C_SPACE) {
				space = 1;
				i++;
				continue;
			}
			if (cls == C_NEWLINE) {
				para = sent = space = 1;
				i++;
				continue;
			}
		} else {
			cp = decode(s, i, end, &len);
			if (cp == 0xA0 || cp == 0x2009 || cp == 0x202F || cp == 0x200B) {
				space = 1;
				i += len;
				continue;
			}
			cls = classify_unicode(cp);
		}
		if (para) {
			close_paragraph(out, first_para, words, caps, allcaps, quotes, last_dash);
			words = caps = allcaps = quotes = 0;
			last_dash = UINT32_MAX;
			if (open_paragraph(out, out->n, a))
				return -1;
		}
		if (out->n == out->cap && grow_tokens(out, a))
			return -1;
		loom_token *t = &out->tok[out->n];
		memset(t, 0, sizeof *t);
		t->start = (uint32_t)i;
		/* flags set by arithmetic: each of these is a coin toss */
		t->flags = (uint16_t)(space * LOOM_TF_SPACE_BEFORE | para * LOOM_TF_PARA);
		if (wordish(cls) && cls != C_MARK) {
			uint16_t f;
			int plain = 1;
			size_t e;
			size_t run;
			t->kind = LOOM_TOK_WORD;
			int all_caps;
			if (c < 0x80 && end - i > 16 && fast_word(s + i, &run, &all_caps)) {
				/* The common word: up to fifteen ASCII letters and
				 * digits, then a space, comma or the like. What
				 * scan_word, the period and the possessive below
				 * would find is known: the word ends there, plain,
				 * with no period and no apostrophe. */
				f = (uint16_t)(first_flag[cls] | all_caps * LOOM_TF_ALLCAPS);
				e = i + run;
#ifdef LOOM_TEST
				uint16_t slow_f;
				int slow_plain = 1;
				assert(scan_word(s, i, end, cls, &slow_f, &slow_plain) == e &&
				       slow_f == f && slow_plain && !is_possessive_tail(s, i, e));
				assert(loom__norm_edge((unsigned char)s[e]));
#endif
				t->end = (uint32_t)e;
				/* the word pass need not scan a plain word again;
				 * the byte that ends this one is in no word */
				if (e <= skip_from && (space || loom__norm_edge((unsigned char)s[i - 1])))
					f |= LOOM_TF_PLAIN;
			} else {
				e = scan_word(s, i, end, cls, &f, &plain);
				/* initials and abbreviations keep their period:
				 * "J.", "U.S.", "Mr." */
				if (e < end && s[e] == '.') {
					size_t wl = e - i;
					int initial = wl == 1 && cls == C_UPPER;
					if (initial || is_abbreviation(s + i, wl, end - i)) {
						plain = 0; /* its word ends before the period */
						e++;
						while (initial && e + 1 < end && s[e] >= 'A' &&
						       s[e] <= 'Z' && s[e + 1] == '.') {
							e += 2;
							f |= LOOM_TF_ALLCAPS; /* "U.N." */
						}
					}
				}
				size_t pos = is_possessive_tail(s, i, e);
				t->end = (uint32_t)(e - pos);
				f |= (uint16_t)(pos ? LOOM_TF_POSSESSIVE : 0);
				if (plain && e - i <= LOOM_NORM_MAX_WORD && e <= skip_from &&
				    (space || loom__norm_edge((unsigned char)s[i - 1])) &&
				    (e >= end || loom__norm_edge((unsigned char)s[e])))
					f |= LOOM_TF_PLAIN;
			}
			t->flags |= (uint16_t)(f | sent * LOOM_TF_SENT);
			/* a capitalised word may be anything the lexicon
			 * knows; of a lower-case one, rules only ask whether
			 * it is in one of our tables */
			if (t->flags & (LOOM_TF_CAP | LOOM_TF_ALLCAPS))
				lookahead_add(&ahead, out, out->n,
					      plain && t->end - t->start <= 16 && end - t->start >= 8
					      ? loom__lexicon_hash_plain(s + t->start, t->end - t->start)
					      : loom__lexicon_hash(s + t->start, t->end - t->start));
			else if (plain && t->end - t->start <= 8 && end - t->start >= 8)
				t->lex = loom__lexicon_table_plain_short(s + t->start,
									 t->end - t->start);
			else if (plain && t->end - t->start > 8 && t->end - t->start <= 16)
				t->lex = loom__lexicon_table_plain_mid(s + t->start,
								       t->end - t->start);
			else
				t->lex = loom__lexicon_table_word_at(s + t->start, t->end - t->start,
								     end - t->start);
			/* counted without a branch: whether a word counts is a
			 * coin toss for the predictor */
			uint32_t counts = (t->end - t->start >= 4) & !(t->flags & LOOM_TF_DIGIT);
			words += counts;
			caps += counts & ((t->flags & LOOM_TF_CAP) != 0);
			allcaps += counts & ((t->flags & LOOM_TF_ALLCAPS) != 0);
			i = e;
			sent = 0;
		} else {
			t->end = (uint32_t)(i + len);
			t->kind = LOOM_TOK_PUNCT;
			t->mark = cp < 0x80 ? (uint8_t)cp : 0;
			switch (cp) {
			case 0x201C: case 0x201E: case 0xAB:
				t->kind = LOOM_TOK_QUOTE;
				t->mark = LOOM_QM_DOUBLE_OPEN;
				break;
			case 0x201D: case 0xBB:
				t->kind = LOOM_TOK_QUOTE;
				t->mark = LOOM_QM_DOUBLE_CLOSE;
				break;
			case 0x2018: case 0x2039:
				t->kind = LOOM_TOK_QUOTE;
				t->mark = LOOM_QM_SINGLE_OPEN;
				break;
			case 0x2019: case 0x203A:
				t->kind = LOOM_TOK_QUOTE;
				t->mark = LOOM_QM_SINGLE_CLOSE;
				break;
			case '"':
				t->kind = LOOM_TOK_QUOTE;
				t->mark = LOOM_QM_DOUBLE_STRAIGHT;
				break;
			case '`':
			case '\'':
				/* `` and '' stand for a double mark (PTB-style text) */
				if (i + 1 < end && s[i + 1] == (char)cp) {
					t->kind = LOOM_TOK_QUOTE;
					t->mark = cp == '`' ? LOOM_QM_DOUBLE_OPEN
							    : LOOM_QM_DOUBLE_STRAIGHT;
					t->end++;
				}
				break;
			case '-':
				if (i + 1 < end && s[i + 1] == '-')
					t->end++;
				/* fall through */
			case 0x2013: case 0x2014: case 0x2015:
				t->kind = LOOM_TOK_DASH;
				break;
			case '.': case '!': case '?': case 0x2026:
				sent = 1;
				break;
			default:
				break;
			}
			quotes += t->kind == LOOM_TOK_QUOTE;
			if (t->kind == LOOM_TOK_DASH && space)
				last_dash = (uint32_t)out->n;
			/* an opening mark starts what reads as a sentence */
			if (t->kind == LOOM_TOK_QUOTE && (t->mark == LOOM_QM_DOUBLE_OPEN ||
			    (t->mark == LOOM_QM_DOUBLE_STRAIGHT && space)))
				sent = 1;
			i = t->end;
		}
		/* listed without a branch: which token is a name's is a coin
		 * toss for the predictor */
		out->marked[out->nmarked] = (uint32_t)out->n;
		out->nmarked += (t->flags & (LOOM_TF_CAP | LOOM_TF_ALLCAPS | LOOM_TF_PARA)) != 0;
		out->n++;
		para = 0;
		/* the space after a token, most often one: taken here, where it
		 * is likely, not by the loop's test, where it is a coin toss */
		space = i < end && i < skip_from && s[i] == ' ';
		i += (size_t)space;
	}
	close_paragraph(out, first_para, words, caps, allcaps, quotes, last_dash);
	lookahead_drain(&ahead, out);
	return 0;
}
