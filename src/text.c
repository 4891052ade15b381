/* text.c - scanning and line iteration; see text.h. */
#include "text.h"

#include <stdint.h>
#include <string.h>

size_t loom__utf8_len(const unsigned char *s, size_t avail)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t n;
	unsigned min;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	unsigned cp = c & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static int is_binary_magic(const unsigned char *s, size_t len)
{
	static const struct {
		const char *magic;
		size_t len;
	} sigs[] = {
		{"\x89PNG\r\n\x1a\n", 8}, {"\x1f\x8b", 2},      {"%PDF-", 5},
		{"PK\x03\x04", 4},        {"\xff\xd8\xff", 3},  {"GIF8", 4},
		{"\x7f" "ELF", 4},        {"\x28\xb5\x2f\xfd", 4},
	};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (len >= sigs[i].len && !memcmp(s, sigs[i].magic, sigs[i].len))
			return 1;
	return 0;
}

void loom__text_scan(loom_text_scan *out, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	memset(out, 0, sizeof *out);
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		out->bom = 3;
	size_t controls = 0, line_start = 0, line_no = 1;
	int blank = 1;
	for (size_t i = out->bom; i < len;) {
		/* Fast path: 8 printable ASCII bytes at a time. The test may
		 * flag a chunk that is fine (borrows); the byte loop below
		 * then takes one byte. */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if ((w | (w - 0x2020202020202020ULL)) & 0x8080808080808080ULL)
				break;
			if (w != 0x2020202020202020ULL)
				blank = 0;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == '\n') {
				if (i - line_start > out->longest_line) {
					out->longest_line = i - line_start;
					out->longest_line_no = line_no;
				}
				line_no++;
				line_start = i + 1;
			} else if (c == 0) {
				if (!out->nul_bytes)
					out->first_nul = i;
				out->nul_bytes++;
				controls++;
			} else if (c < 0x20 && c != '\t' && c != '\r' &&
				   c != '\f' && c != '\v') {
				controls++;
			} else if (c != ' ' && c != '\t' && c != '\r' &&
				   c != '\f' && c != '\v') {
				blank = 0;
			}
			i++;
			continue;
		}
		size_t n = loom__utf8_len(s + i, len - i);
		if (!n) {
			if (!out->invalid_utf8)
				out->first_invalid = i;
			out->invalid_utf8++;
			i++;
		} else {
			/* NBSP alone is still blank */
			if (!(n == 2 && s[i] == 0xC2 && s[i + 1] == 0xA0))
				blank = 0;
			i += n;
		}
	}
	if (len - line_start > out->longest_line) {
		out->longest_line = len - line_start;
		out->longest_line_no = line_no;
	}
	out->lines = line_no;
	out->blank = blank;
	/* Text has few control bytes and mostly valid UTF-8; a file with
	 * many of either, or a known binary signature, is not an article. */
	size_t scanned = len - out->bom;
	out->binary = is_binary_magic(s, len) ||
		      (scanned && (controls * 10 > scanned ||
				   out->invalid_utf8 * 4 > scanned));
}

int loom__next_line(const char *s, size_t len, size_t *pos, loom_span *line)
{
	if (*pos >= len)
		return 0;
	const char *nl = memchr(s + *pos, '\n', len - *pos);
	size_t end = nl ? (size_t)(nl - s) : len;
	line->start = *pos;
	line->end = end;
	if (line->end > line->start && s[line->end - 1] == '\r')
		line->end--;
	*pos = nl ? end + 1 : len;
	return 1;
}

static size_t space_len_at(const char *s, size_t i, size_t end)
{
	unsigned char c = (unsigned char)s[i];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v' || c == 0)
		return 1;
	if (c == 0xC2 && i + 1 < end && (unsigned char)s[i + 1] == 0xA0)
		return 2;
	return 0;
}

loom_span loom__trim(const char *s, loom_span sp)
{
	size_t n;
	while (sp.start < sp.end && (n = space_len_at(s, sp.start, sp.end)))
		sp.start += n;
	while (sp.end > sp.start) {
		unsigned char c = (unsigned char)s[sp.end - 1];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\f' || c == '\v' || c == 0)
			sp.end--;
		else if (c == 0xA0 && sp.end - sp.start >= 2 &&
			 (unsigned char)s[sp.end - 2] == 0xC2)
			sp.end -= 2;
		else
			break;
	}
	return sp;
}

int loom__span_blank(const char *s, loom_span sp)
{
	sp = loom__trim(s, sp);
	return sp.start == sp.end;
}

size_t loom__line_of(const char *s, size_t len, size_t offset)
{
	size_t line = 1;
	if (offset > len)
		offset = len;
	for (const char *p = s, *end = s + offset;
	     (p = memchr(p, '\n', (size_t)(end - p))); p++)
		line++;
	return line;
}

/* Bytes from i on that are printable ASCII other than space. */
static size_t printable_ascii_run(const char *s, size_t i, size_t end)
{
	size_t j = i;
	while (j < end && (unsigned char)s[j] > ' ' && (unsigned char)s[j] < 0x7F)
		j++;
	return j - i;
}

/* Is s[0, n) already clean: printable ASCII words with one plain space
 * between them, nothing to fold or repair? Tested without a branch per
 * byte: most names and quotes are such text, and their bytes' classes
 * are coin tosses for the predictor. */
static int clean_already(const unsigned char *s, size_t n)
{
	unsigned bad = 0, space = 1; /* a leading space is folded away */
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i], is_space = c == ' ';
		bad |= (c < ' ') | (c >= 0x7F) | (is_space & space);
		space = is_space;
	}
	return !(bad | space); /* nor a trailing one, nor an empty text */
}

size_t loom__clean_copy(char *dst, size_t dst_size, const char *s,
			loom_span sp)
{
	size_t o = 0;
	int pending_space = 0;
	if (!dst_size)
		return 0;
	size_t whole = sp.end - sp.start;
	if (whole < dst_size && clean_already((const unsigned char *)s + sp.start, whole)) {
		memcpy(dst, s + sp.start, whole);
		dst[whole] = '\0';
		return whole;
	}
	for (size_t i = sp.start; i < sp.end;) {
		/* most of a text is runs of printable ASCII, copied as they
		 * are: one copy per run, as much of it as fits */
		size_t run = printable_ascii_run(s, i, sp.end);
		if (run) {
			if (o + pending_space + 2 > dst_size)
				break;
			size_t fits = dst_size - o - pending_space - 1;
			size_t copy = run < fits ? run : fits;
			if (pending_space)
				dst[o++] = ' ';
			pending_space = 0;
			memcpy(dst + o, s + i, copy);
			o += copy;
			i += copy;
			if (copy < run)
				break;
			continue;
		}
		size_t sl = space_len_at(s, i, sp.end);
		if (sl) {
			pending_space = o > 0;
			i += sl;
			continue;
		}
		size_t n = loom__utf8_len((const unsigned char *)s + i,
					  sp.end - i);
		if (n == 1 && ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)) {
			/* control bytes count as white space, so that cleaning
			 * a cleaned string changes nothing */
			pending_space = o > 0;
			i++;
			continue;
		}
		const char *src = s + i;
		size_t copy = n;
		if (!n) {
			src = "\xEF\xBF\xBD";
			copy = 3;
		}
		if (o + pending_space + copy + 1 > dst_size)
			break;
		if (pending_space)
			dst[o++] = ' ';
		pending_space = 0;
		memcpy(dst + o, src, copy);
		o += copy;
		i += n ? n : 1;
	}
	dst[o] = '\0';
	return o;
}
