/* clean.c - see clean.h. */
#include "clean.h"

#include <string.h>

#include "tables/boilerplate_prefixes.inc"

#define N_PREFIXES (sizeof boilerplate_prefixes / sizeof boilerplate_prefixes[0])
#define MAX_BOILERPLATE_WORDS 40

static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }

static size_t words_in(const char *s, loom_span sp)
{
	size_t n = 0;
	int in = 0;
	for (size_t i = sp.start; i < sp.end; i++) {
		int space = s[i] == ' ' || s[i] == '\t';
		n += !space && !in;
		in = !space;
	}
	return n;
}

static int starts_with_fold(const char *s, loom_span sp, const char *prefix,
			    size_t n)
{
	if (sp.end - sp.start < n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[sp.start + i];
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if (c != prefix[i])
			return 0;
	}
	return 1;
}

/* "... All rights reserved." closing a line. */
static int ends_with_rights(const char *s, loom_span line)
{
	static const char arr[] = "all rights reserved";
	size_t n = sizeof arr - 1, e = line.end;
	while (e > line.start && (s[e - 1] == '.' || s[e - 1] == ' '))
		e--;
	return e - line.start >= n && starts_with_fold(s, (loom_span){e - n, e}, arr, n);
}

static int boilerplate_paragraph(const char *s, loom_span line)
{
	/* leading bullets and quotes do not change what the line is */
	while (line.start < line.end &&
	       (s[line.start] == '*' || s[line.start] == '-' ||
		s[line.start] == '>' || s[line.start] == ' '))
		line.start++;
	if (line.start >= line.end)
		return 0;
	char first = s[line.start];
	if (first >= 'A' && first <= 'Z')
		first |= 0x20;
	int match = ends_with_rights(s, line);
	for (size_t i = 0; i < N_PREFIXES && !match; i++)
		match = boilerplate_prefixes[i].text[0] == first &&
			starts_with_fold(s, line, boilerplate_prefixes[i].text,
					 boilerplate_prefixes[i].len);
	/* a long paragraph that starts like a trailer is still text */
	return match && words_in(s, line) <= MAX_BOILERPLATE_WORDS;
}

/* " date 2024-03-02 200" left inside the body by a crawler. */
static int residue_in_body(const char *s, loom_span line)
{
	loom_span t = loom__trim(s, line);
	if (t.end - t.start < 16 || t.end - t.start > 48 ||
	    memcmp(s + t.start, "date ", 5) != 0)
		return 0;
	loom_date d;
	size_t p = t.start + 5;
	while (p < t.end && s[p] == ' ')
		p++;
	size_t n = loom__date_parse(&d, s + p, t.end - p);
	if (!n)
		return 0;
	p += n;
	while (p < t.end && s[p] == ' ')
		p++;
	return t.end - p == 3;
}

/* A name that is an outlet: an acronym (MPA) or one with a press word. */
static int outlet_name(const char *s, size_t start, size_t end)
{
	static const char *press[] = {"News", "Press", "Agency", "Wire", "Daily",
				      "Times", "Post", "Herald", "Gazette",
				      "Tribune", "Journal", "Courier", "Observer",
				      "Ledger", "TV", "Radio", "Television"};
	int acronym = 1;
	for (size_t i = start; i < end; i++) {
		if (s[i] == ' ')
			break;
		if (!is_upper((unsigned char)s[i]))
			acronym = 0;
	}
	if (acronym && end - start >= 2)
		return 1;
	for (size_t w = start; w < end;) {
		size_t we = w;
		while (we < end && s[we] != ' ')
			we++;
		for (size_t k = 0; k < sizeof press / sizeof press[0]; k++)
			if (we - w == strlen(press[k]) && !memcmp(s + w, press[k], we - w))
				return 1;
		w = we + 1;
	}
	return 0;
}

/* ", reports Valdoria Daily." / ", reported the Baltic Wire." at the end
 * of a sentence: the span from the comma to the end of the name, and the
 * name. Returns 1 when found at or after *from. */
static int attribution(const char *s, loom_span line, size_t *from,
		       loom_span *skip, loom_span *name)
{
	static const struct {
		const char *text;
		size_t len;
	} verbs[] = {{", reports ", 10}, {", reported ", 11}, {", reports: ", 11},
		     {", according to ", 15}};
	for (size_t i = *from; i + 10 < line.end; i++) {
		const char *comma = memchr(s + i, ',', line.end - 10 - i);
		if (!comma)
			return 0;
		i = (size_t)(comma - s);
		/* every verb is ", r..." or ", a...": most commas are neither */
		if (s[i + 1] != ' ' || (s[i + 2] != 'r' && s[i + 2] != 'a'))
			continue;
		for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
			size_t vl = verbs[v].len;
			if (i + vl >= line.end || memcmp(s + i, verbs[v].text, vl))
				continue;
			size_t p = i + vl;
			if (line.end - p > 4 && !memcmp(s + p, "the ", 4))
				p += 4;
			size_t ns = p, words = 0;
			while (p < line.end && is_upper((unsigned char)s[p]) &&
			       words < 5) {
				while (p < line.end && s[p] != ' ' && s[p] != '.' &&
				       s[p] != ',' && s[p] != ';')
					p++;
				words++;
				if (p + 1 < line.end && s[p] == ' ' &&
				    is_upper((unsigned char)s[p + 1]))
					p++;
				else
					break;
			}
			if (!words || p >= line.end || s[p] != '.')
				continue;
			/* "according to" names people as often as outlets */
			if (v == 3 && !outlet_name(s, ns, p))
				continue;
			skip->start = i;
			skip->end = p;
			name->start = ns;
			name->end = p;
			*from = p;
			return 1;
		}
	}
	return 0;
}

int loom__clean_body(loom_parsed *p, const char *s, size_t len, loom_arena *a)
{
	size_t at = p->body.start, end = p->body.end;
	loom_span line;
	(void)len;
	/* The header may have added the dateline prefix of the first
	 * paragraph; spans found here all lie after it, so the list stays
	 * sorted. */
	size_t header_skips = p->nskips;
	while (at < end && loom__next_line(s, end, &at, &line)) {
		loom_span t = loom__trim(s, line);
		if (t.start == t.end)
			continue;
		if (header_skips && t.start < p->skips[header_skips - 1].end) {
			/* the dateline paragraph: look after its prefix */
			size_t pe = p->skips[header_skips - 1].end;
			if (pe >= t.end)
				continue;
			t.start = pe;
		}
		if (boilerplate_paragraph(s, t) || residue_in_body(s, t)) {
			if (loom__add_skip(p, a, t.start, t.end))
				return -1;
			continue;
		}
		loom_span name, skip;
		size_t tag = loom__agency_tag(s, t.end, t.start, &name);
		if (tag) {
			size_t q = t.start + tag, dl;
			while (q < t.end && s[q] == ' ')
				q++;
			if (loom__is_dash_at(s, t.end, q, &dl))
				q += dl;
			while (q < t.end && s[q] == ' ')
				q++;
			if (!p->source.end)
				p->source = name;
			if (loom__add_skip(p, a, t.start, q))
				return -1;
		}
		size_t from = t.start;
		while (attribution(s, t, &from, &skip, &name)) {
			if (!p->source.end)
				p->source = name;
			if (loom__add_skip(p, a, skip.start, skip.end))
				return -1;
		}
	}
	return 0;
}
