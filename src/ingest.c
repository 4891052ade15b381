/* ingest.c - header parsing of crawled articles; see ingest.h.
 *
 * Real crawls mix several shapes, so each rule looks at one line and
 * decides only what that line is: a crawler residue line (" date
 * 2024-03-02 200", possibly with the body running on), a title, "- Key:"
 * metadata lines whose value may sit on the next "- value" line, a byline,
 * or a dateline ("NAIROBI" alone, or "BERLIN, March 2 (Reuters) -"). */
#include "ingest.h"

#include <string.h>

static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(int c) { return c >= 'a' && c <= 'z'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return is_upper(c) || is_lower(c); }

int loom__add_skip(loom_parsed *p, loom_arena *a, size_t start, size_t end)
{
	if (end <= start)
		return 0;
	if (p->nskips && p->skips[p->nskips - 1].end >= start) {
		if (p->skips[p->nskips - 1].end < end)
			p->skips[p->nskips - 1].end = end;
		return 0;
	}
	if (p->nskips == p->skips_cap &&
	    loom__arena_grow(a, (void **)&p->skips, p->nskips, &p->skips_cap, 16, sizeof *p->skips))
		return -1;
	p->skips[p->nskips].start = start;
	p->skips[p->nskips].end = end;
	p->nskips++;
	return 0;
}

/* '-', en dash, em dash. */
int loom__is_dash_at(const char *s, size_t len, size_t at, size_t *dash_len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (at < len && u[at] == '-') {
		*dash_len = (at + 1 < len && u[at + 1] == '-') ? 2 : 1;
		return 1;
	}
	if (at + 2 < len && u[at] == 0xE2 && u[at + 1] == 0x80 &&
	    (u[at + 2] == 0x93 || u[at + 2] == 0x94)) {
		*dash_len = 3;
		return 1;
	}
	return 0;
}

static size_t skip_blanks(const char *s, size_t len, size_t p)
{
	while (p < len && (s[p] == ' ' || s[p] == '\t'))
		p++;
	return p;
}

static size_t count_words(const char *s, loom_span sp)
{
	size_t n = 0;
	int in = 0;
	for (size_t i = sp.start; i < sp.end; i++) {
		int space = s[i] == ' ' || s[i] == '\t';
		if (!space && !in)
			n++;
		in = !space;
	}
	return n;
}

/* "(MPA)", "(Reuters)", "(BALTWIRE)": a short parenthesised name of one
 * to three capitalised words. Returns the bytes of the tag, 0 if none. */
size_t loom__agency_tag(const char *s, size_t len, size_t at, loom_span *name)
{
	if (at >= len || s[at] != '(')
		return 0;
	size_t p = at + 1, words = 0;
	while (p < len && p - at < 32 && s[p] != ')') {
		if (!is_upper((unsigned char)s[p]))
			return 0;
		words++;
		while (p < len && (is_alpha(s[p]) || is_digit(s[p]) ||
				   s[p] == '.' || s[p] == '&' || s[p] == '-'))
			p++;
		if (p < len && s[p] == ' ')
			p++;
	}
	if (p >= len || s[p] != ')' || !words || words > 3 || p == at + 1)
		return 0;
	name->start = at + 1;
	name->end = p;
	return p + 1 - at;
}

/* An all-capitals place name: "NAIROBI", "NEW YORK", "SÃO PAULO".
 * Returns its end, or start when there is none. */
static size_t caps_place(const char *s, size_t end, size_t start)
{
	size_t p = start, upper = 0, words = 0, last_letter = start;
	while (p < end) {
		unsigned char c = (unsigned char)s[p];
		if (is_upper(c) || c >= 0x80) {
			if (is_upper(c))
				upper++;
			p++;
			last_letter = p;
		} else if (is_lower(c) || is_digit(c)) {
			return start;
		} else if (c == ' ' || c == '.' || c == '\'' || c == '-') {
			if (c == ' ' && p + 1 < end && s[p + 1] == '(')
				break;
			if (c == ' ' || c == '-') {
				size_t dl;
				if (loom__is_dash_at(s, end, p + (c == ' '), &dl) &&
				    (c == '-' || p + 1 + dl >= end ||
				     s[p + 1 + dl] == ' '))
					break;
			}
			if (c == ' ')
				words++;
			p++;
		} else {
			break;
		}
	}
	if (upper < 2 || words > 3)
		return start;
	/* "THE" or "A" alone starts a shouted sentence, not a place */
	return last_letter;
}

/* The part after a place: ", March 2" or ", Kenya, March 2 2024" -
 * short, no sentence punctuation. Returns its end. */
static size_t dateline_tail(const char *s, size_t end, size_t p)
{
	if (p >= end || s[p] != ',')
		return p;
	size_t q = p + 1;
	while (q < end && q - p < 40 && s[q] != '(' && s[q] != '.' &&
	       s[q] != '"' && !(s[q] == '-' && q + 1 < end && s[q + 1] == ' ')) {
		size_t dl;
		if ((unsigned char)s[q] == 0xE2 && loom__is_dash_at(s, end, q, &dl))
			break;
		q++;
	}
	while (q > p && s[q - 1] == ' ')
		q--;
	return q;
}

/* A line that is only a dateline: "NAIROBI", "VALDORIA, March 2". */
static int dateline_line(const char *s, loom_span line, loom_span *place)
{
	if (line.end - line.start > 60)
		return 0;
	size_t pe = caps_place(s, line.end, line.start);
	if (pe == line.start)
		return 0;
	size_t te = dateline_tail(s, line.end, pe);
	if (skip_blanks(s, line.end, te) != line.end)
		return 0;
	place->start = line.start;
	place->end = pe;
	return 1;
}

static int prose_line(const char *s, loom_span line);

/* "BERLIN, March 2 (Reuters) - ", "VALDORIA (MPA) -", "(MPA) - " at the
 * start of a paragraph. Returns the end of the prefix (start if none) and
 * fills place and agency (empty when absent). */
static size_t dateline_prefix(const char *s, loom_span line, loom_span *place,
			      loom_span *agency)
{
	size_t p = line.start;
	place->start = place->end = agency->start = agency->end = 0;
	size_t pe = caps_place(s, line.end, p);
	int has_tail = 0;
	if (pe != p) {
		place->start = p;
		place->end = pe;
		p = dateline_tail(s, line.end, pe);
		has_tail = p != pe;
		p = skip_blanks(s, line.end, p);
	}
	size_t tag = loom__agency_tag(s, line.end, p, agency);
	if (tag)
		p = skip_blanks(s, line.end, p + tag);
	size_t dl;
	if (loom__is_dash_at(s, line.end, p, &dl) &&
	    (p + dl >= line.end || s[p + dl] == ' ')) {
		size_t body = skip_blanks(s, line.end, p + dl);
		/* "NOTE - match report" or "UPDATE 2 - Talks resume" is a
		 * headline slug; a bare "PLACE - " dateline opens prose */
		int bare = !agency->end && !has_tail;
		if (bare && !prose_line(s, (loom_span){body, line.end})) {
			place->start = place->end = 0;
			return line.start;
		}
		return body;
	}
	/* "(MENAFN) The ..." - a tag alone at the start also counts */
	if (tag && place->end == 0)
		return p;
	place->start = place->end = agency->start = agency->end = 0;
	return line.start;
}

/* " date 2024-03-02 200[ body...]": the crawler's residue line. */
static int residue_line(const char *s, loom_span line, loom_parsed *out,
			size_t *rest)
{
	size_t p = skip_blanks(s, line.end, line.start);
	if (line.end - p < 4 || memcmp(s + p, "date", 4) != 0)
		return 0;
	p += 4;
	if (p >= line.end || (s[p] != ' ' && s[p] != '\t' && s[p] != ':'))
		return 0;
	p = skip_blanks(s, line.end, p + (s[p] == ':'));
	loom_date d;
	size_t dlen = loom__date_parse(&d, s + p, line.end - p);
	if (!dlen)
		return 0;
	size_t date_start = p;
	p = skip_blanks(s, line.end, p + dlen);
	/* the HTTP status the crawler got */
	if (p + 3 <= line.end && is_digit(s[p]) && is_digit(s[p + 1]) &&
	    is_digit(s[p + 2]) && (p + 3 == line.end || s[p + 3] == ' ' ||
				   s[p + 3] == '\t'))
		p = skip_blanks(s, line.end, p + 3);
	else if (p != line.end)
		return 0;
	out->date = d;
	out->has_date = 1;
	out->date_text.start = date_start;
	out->date_text.end = date_start + dlen;
	*rest = p;
	return 1;
}

/* Looks like prose, not a headline. */
static int prose_line(const char *s, loom_span line)
{
	size_t words = count_words(s, line);
	if (words > 30 || line.end - line.start > 300)
		return 1;
	const unsigned char *u = (const unsigned char *)s;
	size_t e = line.end;
	if (e > line.start && u[e - 1] == '.' &&
	    !(e - line.start >= 3 && u[e - 2] == '.' && u[e - 3] == '.'))
		return words > 3;
	/* ends with a closing quote after a period: a quoted sentence */
	if (e - line.start >= 2 && (u[e - 1] == '"' || u[e - 1] == '\'') &&
	    (u[e - 2] == '.' || u[e - 2] == ','))
		return 1;
	if (e - line.start >= 4 && u[e - 3] == 0xE2 && u[e - 2] == 0x80 &&
	    u[e - 1] == 0x9D && (u[e - 4] == '.' || u[e - 4] == ','))
		return 1;
	return 0;
}

typedef enum meta_key { META_NONE, META_AUTHOR, META_DATE, META_SOURCE, META_OTHER } meta_key;

/* "- Author: Maria Lopez", "Date:", "- Published: ..." */
static meta_key meta_line(const char *s, loom_span line, loom_span *value)
{
	static const struct {
		const char *name;
		meta_key key;
	} keys[] = {
		{"author", META_AUTHOR},   {"authors", META_AUTHOR},
		{"by", META_AUTHOR},       {"written by", META_AUTHOR},
		{"date", META_DATE},       {"published", META_DATE},
		{"posted", META_DATE},     {"updated", META_OTHER},
		{"source", META_SOURCE},   {"modified", META_OTHER},
		{"tags", META_OTHER},      {"category", META_OTHER},
	};
	size_t p = skip_blanks(s, line.end, line.start);
	int dashed = 0;
	if (p < line.end && (s[p] == '-' || s[p] == '*')) {
		p = skip_blanks(s, line.end, p + 1);
		dashed = 1;
	}
	size_t colon = p;
	while (colon < line.end && colon - p < 16 && s[colon] != ':')
		colon++;
	if (colon >= line.end || s[colon] != ':')
		return META_NONE;
	size_t ke = colon;
	while (ke > p && s[ke - 1] == ' ')
		ke--;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		size_t kl = strlen(keys[i].name);
		if (ke - p != kl)
			continue;
		size_t j = 0;
		while (j < kl && (s[p + j] | 0x20) == keys[i].name[j])
			j++;
		if (j < kl)
			continue;
		value->start = colon + 1;
		value->end = line.end;
		*value = loom__trim(s, *value);
		(void)dashed;
		return keys[i].key;
	}
	return META_NONE;
}

/* "- Maria Lopez": the value line under a "- Author:" key. */
static int meta_value_line(const char *s, loom_span line, loom_span *value)
{
	size_t p = skip_blanks(s, line.end, line.start);
	if (p >= line.end || s[p] != '-')
		return 0;
	loom_span v = {p + 1, line.end};
	v = loom__trim(s, v);
	if (v.start == v.end || count_words(s, v) > 12)
		return 0;
	loom_span dummy;
	if (meta_line(s, line, &dummy) != META_NONE)
		return 0;
	*value = v;
	return 1;
}

/* "By Maria Lopez" or "By Maria Lopez and Tomas Reyes" */
static int byline(const char *s, loom_span line, loom_span *author)
{
	loom_span t = loom__trim(s, line);
	if (t.end - t.start < 5 || memcmp(s + t.start, "By ", 3) != 0)
		return 0;
	loom_span a = {t.start + 3, t.end};
	a = loom__trim(s, a);
	size_t words = count_words(s, a);
	if (!words || words > 8 || !is_upper((unsigned char)s[a.start]))
		return 0;
	*author = a;
	return 1;
}

static void set_author(const char *s, loom_parsed *out, loom_span v)
{
	if (v.end - v.start > 3 && !memcmp(s + v.start, "By ", 3))
		v.start += 3;
	if (!out->author.end && v.end > v.start)
		out->author = v;
}

static void set_date(const char *s, loom_parsed *out, loom_span v)
{
	loom_date d;
	if (v.end > v.start && loom__date_parse(&d, s + v.start, v.end - v.start)) {
		out->date = d;
		out->has_date = 1;
		out->date_text = v;
	}
}

/* Reads "- Key:" lines and a byline after the title. Returns the offset
 * where the body starts. */
static size_t parse_meta_block(const char *s, size_t len, size_t pos,
			       loom_parsed *out)
{
	loom_span line, v;
	size_t at = pos;
	while (loom__next_line(s, len, &at, &line)) {
		if (loom__span_blank(s, line)) {
			pos = at;
			continue;
		}
		meta_key k = meta_line(s, line, &v);
		if (k == META_NONE) {
			if (byline(s, line, &v)) {
				set_author(s, out, v);
				pos = at;
				continue;
			}
			return line.start;
		}
		if (v.start == v.end) {
			size_t peek = at;
			loom_span next;
			if (loom__next_line(s, len, &peek, &next) &&
			    meta_value_line(s, next, &v))
				at = peek;
		}
		if (k == META_AUTHOR)
			set_author(s, out, v);
		else if (k == META_DATE && !out->has_date)
			set_date(s, out, v);
		else if (k == META_SOURCE && !out->source.end)
			out->source = v;
		pos = at;
	}
	return len;
}

/* Looks for a dateline at the first paragraph of the body. */
static int parse_dateline(const char *s, size_t len, loom_parsed *out,
			  loom_arena *a)
{
	size_t at = out->body.start;
	loom_span line, place, agency;
	while (loom__next_line(s, len, &at, &line)) {
		line = loom__trim(s, line);
		if (line.start == line.end)
			continue;
		if (dateline_line(s, line, &place)) {
			out->dateline = place;
			return loom__add_skip(out, a, line.start, line.end);
		}
		size_t e = dateline_prefix(s, line, &place, &agency);
		if (e != line.start) {
			if (place.end)
				out->dateline = place;
			if (agency.end && !out->source.end)
				out->source = agency;
			return loom__add_skip(out, a, line.start, e);
		}
		return 0;
	}
	return 0;
}

int loom__parse_header(loom_parsed *out, const char *s, size_t len,
		       int find_title, loom_arena *a)
{
	memset(out, 0, sizeof *out);
	size_t pos = (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) ? 3 : 0;
	loom_span line;
	size_t at = pos, rest;
	int body_on_residue = 0;

	/* first non-blank line: residue? */
	while (loom__next_line(s, len, &at, &line)) {
		if (loom__span_blank(s, line)) {
			pos = at;
			continue;
		}
		if (residue_line(s, line, out, &rest)) {
			if (rest < line.end) {
				pos = rest;
				body_on_residue = 1;
			} else {
				pos = at;
			}
		}
		break;
	}

	if (find_title && !body_on_residue) {
		at = pos;
		while (loom__next_line(s, len, &at, &line)) {
			loom_span t = loom__trim(s, line), place, agency;
			if (t.start == t.end) {
				pos = at;
				continue;
			}
			/* a title needs something after it */
			size_t peek = at;
			loom_span next;
			int more = 0;
			while (loom__next_line(s, len, &peek, &next))
				if (!loom__span_blank(s, next)) {
					more = 1;
					break;
				}
			if (more && !dateline_line(s, t, &place) &&
			    dateline_prefix(s, t, &place, &agency) == t.start &&
			    !prose_line(s, t)) {
				loom_span v;
				if (meta_line(s, t, &v) == META_NONE) {
					out->title = t;
					pos = at;
				}
				pos = parse_meta_block(s, len, pos, out);
			}
			break;
		}
	}
	out->body.start = pos;
	out->body.end = len;
	out->body = loom__trim(s, out->body);
	if (out->body.start > out->body.end)
		out->body.start = out->body.end;
	return parse_dateline(s, len, out, a);
}
