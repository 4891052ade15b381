/* norm.c - see norm.h. */
#include "norm.h"

#include <assert.h>
#include <string.h>
#include <utf8proc.h>
/* Inlined: a word is a few bytes, and the call would cost more than the
 * hash. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "swar.h"
#include "tokens.h"

#define MAX_WORD_BYTES LOOM_NORM_MAX_WORD

static int word_category(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

static int is_apostrophe(utf8proc_int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == 0x2018 ||
	       cp == 0x2032;
}

/* ASCII letters and digits; a table keeps the hot loop branch-light. */
static const unsigned char ascii_word[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* Is the code point at s[i] a word character? Sets *n to its length. */
static int word_char_at(const unsigned char *s, size_t i, size_t end,
			size_t *n, utf8proc_int32_t *cp)
{
	if (s[i] < 0x80) {
		*n = 1;
		*cp = s[i];
		return ascii_word[s[i]];
	}
	utf8proc_ssize_t r = utf8proc_iterate(s + i, (utf8proc_ssize_t)(end - i), cp);
	if (r <= 0) {
		*n = 1;
		*cp = 0xFFFD;
		return 0;
	}
	*n = (size_t)r;
	return word_category(*cp);
}

size_t loom__norm_word(char *dst, size_t dst_size, const char *word, size_t len)
{
	const unsigned char *s = (const unsigned char *)word;
	size_t o = 0;
	int ascii = 1;
	for (size_t i = 0; i < len; i++)
		if (s[i] >= 0x80) {
			ascii = 0;
			break;
		}
	if (ascii) {
		if (len > dst_size)
			return 0;
		for (size_t i = 0; i < len; i++)
			dst[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
		return len;
	}
	/* NFKC_Casefold: decompose with compatibility mappings and case
	 * folding, then compose; apostrophes are unified first. */
	utf8proc_int32_t cps[MAX_WORD_BYTES * 4];
	utf8proc_ssize_t ncp = 0;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t r = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (r <= 0) {
			cp = 0xFFFD;
			r = 1;
		}
		i += (size_t)r;
		if (is_apostrophe(cp))
			cp = '\'';
		int last_boundclass = 0;
		utf8proc_ssize_t got = utf8proc_decompose_char(
			cp, cps + ncp, (utf8proc_ssize_t)(sizeof cps / sizeof cps[0]) - ncp,
			UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD,
			&last_boundclass);
		if (got < 0 || ncp + got > (utf8proc_ssize_t)(sizeof cps / sizeof cps[0]))
			break;
		ncp += got;
	}
	ncp = utf8proc_normalize_utf32(cps, ncp, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (ncp < 0)
		return 0;
	for (utf8proc_ssize_t k = 0; k < ncp; k++) {
		unsigned char buf[4];
		utf8proc_ssize_t w = utf8proc_encode_char(cps[k], buf);
		if (o + (size_t)w > dst_size)
			return 0;
		memcpy(dst + o, buf, (size_t)w);
		o += (size_t)w;
	}
	return o;
}

/* The end of the word that starts at s[i] (a word character), before
 * stop. *ascii stays set while the word is ASCII letters, digits and
 * apostrophes. */
static inline size_t scan_word(const unsigned char *s, size_t i, size_t stop,
			       int *ascii)
{
	size_t ws = i, n, n2;
	utf8proc_int32_t cp, cp2;
	size_t lim = stop - ws > MAX_WORD_BYTES ? ws + MAX_WORD_BYTES : stop;
	while (i < lim) {
		/* the common case, ASCII letters and digits, eight bytes at
		 * a time, then in a tight loop */
		while (lim - i >= 8) {
			uint64_t bytes, letters;
			size_t run = loom__swar_alnum_run(s + i, &bytes, &letters);
			i += run;
			if (run < 8)
				break;
		}
		while (i < lim && ascii_word[s[i]])
			i++;
		if (i >= lim)
			break;
		unsigned char c = s[i];
		if (c < 0x80) {
			/* an apostrophe between word characters stays */
			if (c == '\'' && i + 1 < stop &&
			    word_char_at(s, i + 1, stop, &n, &cp)) {
				i++;
				continue;
			}
			break;
		}
		if (word_char_at(s, i, stop, &n, &cp) ||
		    (is_apostrophe(cp) && i + n < stop &&
		     word_char_at(s, i + n, stop, &n2, &cp2))) {
			*ascii = 0;
			i += n;
			continue;
		}
		break;
	}
	return i;
}

/* Which bytes of a 16-byte block a word of len < 16 bytes keeps, as
 * two little-endian words. */
static const uint64_t word_keep[16][2] = {
#define KEEP(n) {(n) >= 8 ? ~0ULL : (1ULL << (8 * (n))) - 1, \
		 (n) <= 8 ? 0 : (1ULL << (8 * ((n) - 8))) - 1}
	KEEP(0), KEEP(1), KEEP(2), KEEP(3), KEEP(4), KEEP(5), KEEP(6), KEEP(7),
	KEEP(8), KEEP(9), KEEP(10), KEEP(11), KEEP(12), KEEP(13), KEEP(14), KEEP(15)
#undef KEEP
};

/* The block of the ASCII word s[0, len), len < 16, 16 bytes readable
 * at s: its bytes lower-cased (letters, digits and the apostrophe all
 * have 0x20 set once lower-cased, so OR-ing it into every byte does it),
 * zeros past it, as two little-endian words. */
static inline __attribute__((always_inline)) void lower_block(uint64_t b[2],
							      const unsigned char *s, size_t len)
{
	memcpy(b, s, 16);
	b[0] = (b[0] | 0x2020202020202020ULL) & word_keep[len][0];
	b[1] = (b[1] | 0x2020202020202020ULL) & word_keep[len][1];
}

/* loom__word_hash of such a block: the length in its last byte. */
static inline __attribute__((always_inline)) uint64_t block_hash(uint64_t b[2], size_t len)
{
	b[1] |= (uint64_t)len << 56;
	return XXH3_64bits(b, 16);
}

uint64_t loom__word_hash(const char *w, size_t len)
{
	if (len >= 16)
		return XXH3_64bits(w, len);
	unsigned char b[16] = {0};
	memcpy(b, w, len);
	b[15] = (unsigned char)len;
	return XXH3_64bits(b, 16);
}

/* Hash of an ASCII word's lower-case form (bit 0x20 OR-ed into every
 * byte, as lower_block does): short words are done on two 8-byte loads,
 * without a copy loop. limit: how far s may be read. */
static inline __attribute__((always_inline)) uint64_t
ascii_word_hash(const unsigned char *s, size_t ws, size_t len, size_t limit)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len < 16 && ws + 16 <= limit) {
		uint64_t b[2];
		lower_block(b, s + ws, len);
		uint64_t h = block_hash(b, len);
#ifdef LOOM_TEST
		char low[16];
		for (size_t k = 0; k < len; k++)
			low[k] = (char)(s[ws + k] | 0x20);
		assert(h == loom__word_hash(low, len));
#endif
		return h;
	}
#endif
	char buf[MAX_WORD_BYTES];
	for (size_t k = 0; k < len; k++)
		buf[k] = (char)(s[ws + k] | 0x20);
	return loom__word_hash(buf, len);
}

int loom__ascii_word_key(const char *text, size_t start, size_t len, size_t limit,
			 uint64_t *hash)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len < 16 && start + 16 <= limit) {
		uint64_t b[2];
		lower_block(b, (const unsigned char *)text + start, len);
		/* the bytes past the word are 0, never an apostrophe */
		if (loom__swar_any_below(b[0] ^ LOOM_SWAR_ONES * '\'', 1) |
		    loom__swar_any_below(b[1] ^ LOOM_SWAR_ONES * '\'', 1))
			return 0;
		*hash = block_hash(b, len);
		return 1;
	}
#endif
	if (memchr(text + start, '\'', len))
		return 0;
	*hash = ascii_word_hash((const unsigned char *)text, start, len, limit);
	return 1;
}

/* Words of s[i, stop): no skip span inside; s may be read up to limit. */
static size_t words_in_segment(uint64_t *out, loom_span *spans, size_t nspans,
			       size_t count, size_t cap, const char *text, size_t i,
			       size_t stop, size_t limit)
{
	const unsigned char *s = (const unsigned char *)text;
	char buf[MAX_WORD_BYTES * 4];
	while (i < stop && count < cap) {
		unsigned char c = s[i];
		size_t n;
		utf8proc_int32_t cp;
		if (c < 0x80) {
			if (!ascii_word[c]) {
				i++;
				continue;
			}
		} else if (!word_char_at(s, i, stop, &n, &cp)) {
			i += n;
			continue;
		}
		size_t ws = i;
		int ascii = 1;
		i = scan_word(s, i, stop, &ascii);
		uint64_t h;
		if (ascii) {
			h = ascii_word_hash(s, ws, i - ws, limit);
		} else {
			size_t o = loom__norm_word(buf, sizeof buf, text + ws, i - ws);
			if (!o)
				continue;
			h = loom__word_hash(buf, o);
		}
		if (count < nspans) {
			spans[count].start = ws;
			spans[count].end = i;
		}
		out[count++] = h;
	}
	return count;
}

/* Appends the words of text[span) outside the skip spans to out[count..);
 * limit: how far text may be read. */
static size_t words_append(uint64_t *out, loom_span *spans, size_t nspans,
			   size_t count, size_t cap, const char *text,
			   loom_span span, size_t limit, const loom_span *skips,
			   size_t nskips)
{
	size_t at = span.start;
	for (size_t k = 0; k <= nskips && at < span.end; k++) {
		size_t stop = span.end;
		if (k < nskips) {
			if (skips[k].end <= at)
				continue;
			if (skips[k].start < stop)
				stop = skips[k].start;
		}
		if (stop > at)
			count = words_in_segment(out, spans, nspans, count, cap, text,
						 at, stop, limit);
		if (k < nskips && skips[k].end > at)
			at = skips[k].end;
	}
	return count;
}

size_t loom__words(uint64_t *out, loom_span *spans, size_t nspans, size_t cap,
		   const char *text,
		   loom_span span, const loom_span *skips, size_t nskips)
{
	return words_append(out, spans, spans ? nspans : 0, 0, cap, text, span,
			    span.end, skips, nskips);
}

/* ---- the same words from the tokens -------------------------------------
 *
 * Nearly every word token is ASCII letters and digits between spaces and
 * punctuation: its words are the token itself (split at its hyphens and
 * periods, its possessive put back) and need no second scan. Wherever
 * that cannot be told from the token and the bytes on either side of it,
 * the scan above runs over what lies between such plain tokens: no word
 * of the scan crosses a plain token's edges, so the two give the same
 * words. */

/* Is the token s[a, b) plain: ASCII letters and digits, with hyphens and
 * periods between its words and apostrophes only between two letters or
 * digits? *one: it is a single word. limit: how far s may be read. */
static int plain_token(const unsigned char *s, size_t a, size_t b, size_t limit,
		       int *one)
{
	*one = 0;
	if (b - a > MAX_WORD_BYTES)
		return 0;
	/* the common case, one short word of letters and digits */
	if (b - a <= 8 && a + 8 <= limit) {
		uint64_t x, letters;
		if (loom__swar_alnum_run(s + a, &x, &letters) >= b - a)
			return *one = 1;
	}
	for (size_t i = a; i < b; i++) {
		unsigned char c = s[i];
		if (ascii_word[c] || c == '-' || c == '.')
			continue;
		if (c != '\'' || i == a || i + 1 >= b || !ascii_word[s[i - 1]] ||
		    !ascii_word[s[i + 1]])
			return 0;
	}
	return 1;
}

/* Appends the words of the plain token s[a, b), split at '-' and '.'. */
static size_t plain_token_words(uint64_t *out, loom_span *spans, size_t nspans,
				size_t n, size_t cap, const unsigned char *s,
				size_t a, size_t b, size_t limit)
{
	size_t from = a;
	for (size_t i = a; i <= b && n < cap; i++) {
		if (i < b && s[i] != '-' && s[i] != '.')
			continue;
		if (i > from) {
			if (n < nspans)
				spans[n] = (loom_span){from, i};
			out[n++] = ascii_word_hash(s, from, i - from, limit);
		}
		from = i + 1;
	}
	return n;
}

/* words_append over part of the text, handed only the skip spans from
 * the first that ends inside it (*k, moved on): the parts come in order,
 * and a loop over all spans from the first each time would take time in
 * the product of parts and spans. */
static size_t scan_from(uint64_t *out, loom_span *spans, size_t nspans, size_t count,
			size_t cap, const char *text, loom_span part, size_t limit,
			const loom_span *skips, size_t nskips, size_t *k)
{
	while (*k < nskips && skips[*k].end <= part.start)
		++*k;
	return words_append(out, spans, nspans, count, cap, text, part, limit,
			    nskips ? skips + *k : NULL, nskips - *k);
}

size_t loom__words_of_tokens(uint64_t *out, loom_span *spans, size_t nspans,
			     size_t cap, const char *text, loom_span span,
			     const loom_span *skips, size_t nskips,
			     const loom_tokens *tk)
{
	const unsigned char *s = (const unsigned char *)text;
	const loom_token *tok = tk->tok;
	if (!spans)
		nspans = 0;
	size_t count = 0;
	size_t clean = span.start; /* the words before it are out */
	int dirty = 0; /* may [clean, the next plain token) hold a word? */
	/* the first skip span that ends after the token, and its start: a
	 * skip span between two plain tokens needs no care, the scan steps
	 * over it, but a token running into one is not plain */
	size_t k = 0, skip_from = nskips ? skips[0].start : SIZE_MAX;
	size_t kc = 0; /* the first skip span that ends after clean */
	for (size_t t = 0; t < tk->n && count < cap; t++) {
		const loom_token *w = &tok[t];
		size_t a = w->start, b = w->end;
		int one = 0;
		if (w->flags & LOOM_TF_PLAIN) {
			/* the tokenizer saw it is one word between bytes
			 * that are in no word */
			one = 1;
			b += (w->flags & LOOM_TF_POSSESSIVE) ? 2 : 0; /* 's */
		} else if (w->kind != LOOM_TOK_WORD) {
			/* ASCII punctuation is in no word; other marks may be */
			dirty |= s[a] >= 0x80;
			continue;
		} else {
			/* words joined by hyphens and periods ("al-Assad",
			 * "U.S.") */
			if (w->flags & LOOM_TF_POSSESSIVE)
				b += s[b] == '\'' ? 2 : 4; /* 's or ’s */
			if (a >= skip_from) {
				while (k < nskips && skips[k].end <= a)
					k++;
				skip_from = k < nskips ? skips[k].start : SIZE_MAX;
			}
			if (!((a == span.start || loom__norm_edge(s[a - 1])) &&
			      (b >= span.end || loom__norm_edge(s[b])) && b <= skip_from &&
			      plain_token(s, a, b, span.end, &one))) {
				dirty = 1; /* the scan takes it with what lies around it */
				continue;
			}
		}
		if (dirty)
			count = scan_from(out, spans, nspans, count, cap, text,
					  (loom_span){clean, a}, span.end, skips, nskips, &kc);
		if (one && count < cap) {
			if (count < nspans)
				spans[count] = (loom_span){a, b};
			out[count++] = ascii_word_hash(s, a, b - a, span.end);
		} else {
			count = plain_token_words(out, spans, nspans, count, cap, s, a, b,
						  span.end);
		}
		clean = b;
		dirty = 0;
	}
	if (clean < span.end && count < cap)
		count = scan_from(out, spans, nspans, count, cap, text,
				  (loom_span){clean, span.end}, span.end, skips, nskips, &kc);
	return count;
}
