/* polnear.c - PolNeAR as articles for Loom, with the gold direct quotes
 * and their speakers.
 *
 *   polnear --self-test
 *   polnear SPLIT_DIR OUT.jsonl GOLD.tsv IDS.tsv
 *
 * SPLIT_DIR holds text/<doc>.txt and attributions/<doc>_<annotator>.ann,
 * brat standoff whose offsets count code points. Each text goes to Loom
 * unchanged as one {id, text} line, p0001 for the first in file-name
 * order; IDS.tsv says which file and which annotation each id is. A
 * document done by several annotators is read from its first .ann in name
 * order: one reading per document, the same on every run.
 *
 * GOLD.tsv has a header and one row per quote: article, quote_start and
 * quote_end (bytes into the text, end exclusive, the words inside the
 * quotation marks), speaker_name, kind and source. An attribution (E line)
 * ties a Content span to a Source and a Cue; PolNeAR marks indirect speech
 * too, so a Content part is a direct quote only when quotation marks
 * enclose it (eval/README.md gives the rule), else its quoted phrases are
 * written as kind "partial". speaker_name is the Source span up to its
 * first comma without parentheses ("Sen. Claire McCaskill (D-Mo.), who
 * ..." -> "Sen. Claire McCaskill"); "pronoun-unresolved" when that is a
 * pronoun (PolNeAR has no coreference links to resolve it with);
 * "no-source" when the attribution has no Source. source is the Source
 * span as written. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eval.h"

#define MAX_FRAGMENTS 64 /* parts of one discontinuous span; PolNeAR has 20 */

/* ---- quotation marks ------------------------------------------------------ */

enum { DOUBLE = 1, SINGLE = 2 };
enum { OPENS = 1, CLOSES = 2, EITHER = 3 };

typedef struct mark {
	const char *s;
	size_t len;
	int family, dir, curly;
} mark;

/* Longest first: the NYT texts write '' for both opening and closing
 * double quotes, which must not read as two single ones. Curly double
 * quotes are taken either way round, since some texts turn them ("”Fear.
 * I am truly afraid ...”"); the context tells, as for straight ones. */
static const mark marks[] = {
	{"''", 2, DOUBLE, EITHER, 0},
	{"\"", 1, DOUBLE, EITHER, 0},
	{"\xe2\x80\x9c", 3, DOUBLE, EITHER, 1}, /* U+201C */
	{"\xe2\x80\x9d", 3, DOUBLE, EITHER, 1}, /* U+201D */
	{"\xe2\x80\x98", 3, SINGLE, OPENS, 1},  /* U+2018, headlines quote so */
	{"\xe2\x80\x99", 3, SINGLE, CLOSES, 1}, /* U+2019, also an apostrophe */
	{"'", 1, SINGLE, EITHER, 0},
};
#define NMARKS (sizeof marks / sizeof marks[0])

static const mark *mark_at(const char *s, size_t p, size_t n)
{
	for (size_t i = 0; i < NMARKS; i++)
		if (p + marks[i].len <= n && !memcmp(s + p, marks[i].s, marks[i].len))
			return &marks[i];
	return NULL;
}

/* The mark that ends at p. */
static const mark *mark_before(const char *s, size_t p)
{
	for (size_t i = 0; i < NMARKS; i++)
		if (p >= marks[i].len && !memcmp(s + p - marks[i].len, marks[i].s, marks[i].len))
			return &marks[i];
	return NULL;
}

/* Length of the white space (ASCII or no-break space) at p, or 0. */
static size_t space_at(const char *s, size_t p, size_t n)
{
	if (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
		return 1;
	if (p + 1 < n && (unsigned char)s[p] == 0xc2 && (unsigned char)s[p + 1] == 0xa0)
		return 2;
	return 0;
}

static size_t space_before(const char *s, size_t p)
{
	if (p >= 1 && (s[p - 1] == ' ' || s[p - 1] == '\t' || s[p - 1] == '\n' ||
		       s[p - 1] == '\r'))
		return 1;
	if (p >= 2 && (unsigned char)s[p - 2] == 0xc2 && (unsigned char)s[p - 1] == 0xa0)
		return 2;
	return 0;
}

static int is_punct(char c)
{
	return c && strchr(".,;:?!", c);
}

/* Whether [p, pe) starts or ends a line (spaces aside): a quote running
 * over paragraphs opens each one again and may close each one. */
static int at_line_edge(const char *s, size_t p, size_t pe, size_t n)
{
	size_t i = p;
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	if (i > 0 && s[i - 1] == '\n')
		return 1;
	for (i = pe; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	return i < n && s[i] == '\n';
}

/* The rule for a direct quote: the part [a, b) (trimmed) starts with an
 * opening mark or right after one, ends with a closing mark of the same
 * family (double or single), maybe followed by one . , ; : ? or !, or
 * right before one (maybe after such a sign), and holds no other mark of
 * that family and style (straight or curly) as the opening one except at
 * the edge of a paragraph: a double quote of the other style inside is a
 * quote within the quote ("... the question: “As you know ...” ..."). On
 * success *q0 and *q1 bound the text inside the marks. */
static int direct_quote(const char *s, size_t n, size_t a, size_t b,
			size_t *q0, size_t *q1)
{
	const mark *m = mark_at(s, a, n);
	size_t i0, i1 = 0;
	if (a > 0 && s[a - 1] == '\'' && s[a] == '\'') /* the span cuts a '' */
		m = mark_at(s, --a, n);
	if (m && (m->dir & OPENS) && a + m->len < b)
		i0 = a + m->len;
	else if ((m = mark_before(s, a)) && (m->dir & OPENS))
		i0 = a;
	else
		return 0;
	int fam = m->family, curly = m->curly, found = 0;
	for (size_t e = b; !found && e + 1 >= b && e > i0; e--) {
		m = mark_before(s, e);
		if (m && m->family == fam && (m->dir & CLOSES) && e - m->len > i0) {
			i1 = e - m->len;
			found = 1;
		} else if (!is_punct(s[e - 1])) {
			break;
		}
	}
	if (!found) {
		size_t p = b + (b < n && is_punct(s[b]));
		if ((m = mark_at(s, p, n)) && m->family == fam && (m->dir & CLOSES)) {
			i1 = p;
			found = 1;
		}
	}
	if (!found)
		return 0;
	for (size_t p = i0; p < i1; p++) {
		m = mark_at(s, p, n);
		/* in single quotes ' and ’ are apostrophes: only ‘ tells */
		if (!m || m->family != fam || (fam == SINGLE && m->dir != OPENS) ||
		    (fam == DOUBLE && m->curly != curly))
			continue;
		if (!at_line_edge(s, p, p + m->len, n))
			return 0;
		p += m->len - 1;
	}
	*q0 = i0;
	*q1 = i1;
	return 1;
}

/* ---- one document ------------------------------------------------------- */

typedef struct tspan {
	long num;
	size_t first, nfrag; /* into ann.frag, in text order */
} tspan;

typedef struct row {
	size_t start, end, order;
	int kind; /* 0 direct, 1 partial */
	char *speaker, *source; /* owned by ann.names */
} row;

typedef struct ann {
	tspan *t;
	size_t nt, tcap;
	size_t (*frag)[2];
	size_t nfrag, fcap;
	row *r;
	size_t nr, rcap;
	char **names;
	size_t nnames, ncap;
} ann;

typedef struct counts {
	size_t docs, no_ann, attributions, no_content, parts, direct, named;
	size_t pronoun, partial, swapped, repeats, unquoted_marks, mismatches;
	size_t bad_lines;
} counts;

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 64;
	while (c < need)
		c *= 2;
	void *np = realloc(*p, c * size);
	if (!np)
		return -1;
	*p = np;
	*cap = c;
	return 0;
}

static int read_whole(eval_buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[65536];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = eval_buf_add(b, chunk, n);
	rc |= ferror(f) || eval_buf_add(b, "", 0);
	fclose(f);
	return rc ? -1 : 0;
}

/* Byte offset of each code point of s, and of its end (brat counts code
 * points). NULL when s is not UTF-8 or memory ran out. */
static size_t *code_points(const char *s, size_t n, size_t *ncp)
{
	size_t *at = malloc((n + 1) * sizeof *at), k = 0;
	if (!at)
		return NULL;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 :
			     (c >> 3) == 30 ? 4 : 0;
		for (size_t j = 1; len && j < len; j++)
			if (i + j >= n || ((unsigned char)s[i + j] >> 6) != 2)
				len = 0;
		if (!len) {
			free(at);
			return NULL;
		}
		at[k++] = i;
		i += len;
	}
	at[k] = n;
	*ncp = k;
	return at;
}

static int cmp_frag(const void *a, const void *b)
{
	const size_t *x = a, *y = b;
	return (x[0] > y[0]) - (x[0] < y[0]);
}

static int cmp_tspan(const void *a, const void *b)
{
	long x = ((const tspan *)a)->num, y = ((const tspan *)b)->num;
	return (x > y) - (x < y);
}

/* Parses "T12\tRole 3 9;12 20\ttext" into d (offsets made bytes). Returns
 * 0 when read, 1 when the line is no T line, 2 when it is malformed, -1
 * when out of memory; a span whose text differs from the one the line
 * repeats is counted. */
static int parse_t(ann *d, const char *line, const char *text,
		   const size_t *cp, size_t ncp, counts *c)
{
	char *p;
	if (line[0] != 'T' || line[1] < '0' || line[1] > '9')
		return 1;
	long num = strtol(line + 1, &p, 10);
	if (*p != '\t' || !(p = strchr(p + 1, ' ')))
		return 2;
	tspan t = {num, d->nfrag, 0};
	for (;;) {
		char *q;
		long a = strtol(p + 1, &q, 10), b;
		if (q == p + 1 || *q != ' ')
			return 2;
		b = strtol(q + 1, &p, 10);
		if (p == q + 1 || a < 0 || b < a || (size_t)b > ncp || t.nfrag == MAX_FRAGMENTS)
			return 2;
		if (grow((void **)&d->frag, &d->fcap, d->nfrag + 1, sizeof *d->frag))
			return -1;
		d->frag[d->nfrag][0] = cp[a];
		d->frag[d->nfrag][1] = cp[b];
		d->nfrag++;
		t.nfrag++;
		if (*p != ';')
			break;
	}
	if (*p != '\t')
		return 2;
	/* brat repeats the span's text: check the first line of it */
	const char *want = p + 1;
	size_t s = d->frag[t.first][0], e = d->frag[t.first][1];
	size_t wl = strcspn(want, "\n");
	if (t.nfrag == 1 && (e - s < wl || memcmp(text + s, want, wl) ||
			     (e - s > wl && text[s + wl] != '\n')))
		c->mismatches++;
	qsort(d->frag + t.first, t.nfrag, sizeof *d->frag, cmp_frag);
	if (grow((void **)&d->t, &d->tcap, d->nt + 1, sizeof *d->t))
		return -1;
	d->t[d->nt++] = t;
	return 0;
}

static const tspan *find_t(const ann *d, long num)
{
	tspan key = {num, 0, 0};
	return bsearch(&key, d->t, d->nt, sizeof *d->t, cmp_tspan);
}

/* Appends the text of a span's parts with white space runs made one
 * space, parts joined by a space. */
static int collapse(eval_buf *out, const char *s, const ann *d, const tspan *t)
{
	int space = 0;
	for (size_t f = 0; f < t->nfrag; f++) {
		for (size_t i = d->frag[t->first + f][0]; i < d->frag[t->first + f][1];) {
			size_t w = space_at(s, i, d->frag[t->first + f][1]);
			if (w) {
				space = out->len > 0;
				i += w;
				continue;
			}
			if ((space && eval_buf_add(out, " ", 1)) || eval_buf_add(out, s + i, 1))
				return -1;
			space = 0;
			i++;
		}
		space = out->len > 0;
	}
	return eval_buf_add(out, "", 0);
}

static int is_word_of(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcasecmp(w, *list))
			return 1;
	return 0;
}

static const char *const pronouns[] = {
	"i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they",
	"them", "who", "whom", "this", "that", "these", "those", "one", NULL
};
/* an annotator who swapped Source and Cue left a verb as the source */
static const char *const speech_verbs[] = {
	"said", "says", "say", "added", "adds", "told", "tells", "asked",
	"asks", "wrote", "writes", "noted", "explained", "stated", NULL
};

/* The name for a Source span: up to the first comma, parentheses out. */
static char *name_of(const char *src)
{
	size_t n = strcspn(src, ","), k = 0;
	char *name = malloc(n + 1);
	if (!name)
		return NULL;
	for (size_t i = 0, depth = 0; i < n; i++) {
		if (src[i] == '(')
			depth++;
		else if (src[i] == ')' && depth)
			depth--;
		else if (!depth && !(src[i] == ' ' && (!k || name[k - 1] == ' ')))
			name[k++] = src[i];
	}
	while (k && strchr(" ,;:", name[k - 1]))
		k--;
	name[k] = '\0';
	return name;
}

static int keep_name(ann *d, char *s)
{
	if (!s || grow((void **)&d->names, &d->ncap, d->nnames + 1, sizeof *d->names)) {
		free(s);
		return -1;
	}
	d->names[d->nnames++] = s;
	return 0;
}

/* Speaker name and source text of an attribution, kept in d->names. */
static int speaker_of(ann *d, const char *text, const tspan *src,
		      const tspan *cue, char **speaker, char **source, counts *c)
{
	eval_buf b = {0};
	if (src && collapse(&b, text, d, src))
		goto nomem;
	if (src && !*b.p) { /* a blank span names no one */
		eval_buf_free(&b);
		src = NULL;
	}
	if (!src) {
		*speaker = strdup("no-source");
		*source = strdup("-");
		return keep_name(d, *speaker) || keep_name(d, *source) ? -1 : 0;
	}
	if (cue && !strchr(b.p, ' ') && is_word_of(b.p, speech_verbs)) {
		b.len = 0;
		c->swapped++;
		if (collapse(&b, text, d, cue))
			goto nomem;
	}
	*source = b.p;
	if (keep_name(d, *source))
		return -1;
	char *name = name_of(*source);
	if (name && !*name) {
		free(name);
		name = strdup(*source);
	}
	if (name && !strchr(name, ' ') && is_word_of(name, pronouns)) {
		free(name);
		name = strdup("pronoun-unresolved");
	}
	*speaker = name;
	return keep_name(d, name);
nomem:
	eval_buf_free(&b);
	return -1;
}

static int add_row(ann *d, size_t s, size_t e, int kind, size_t order,
		   char *speaker, char *source)
{
	if (grow((void **)&d->r, &d->rcap, d->nr + 1, sizeof *d->r))
		return -1;
	d->r[d->nr++] = (row){s, e, order, kind, speaker, source};
	return 0;
}

/* The quoted phrases of a part that is no direct quote: double marks in
 * pairs, a straight one opening at the part's start or after a space or
 * a bracket, dash or slash. Returns the count, or -1 (no memory). */
static int add_partials(ann *d, const char *s, size_t n, size_t a, size_t b,
			size_t order, char *speaker, char *source)
{
	size_t open = 0;
	int have = 0, found = 0;
	for (size_t p = a; p < b; p++) {
		const mark *m = mark_at(s, p, n);
		if (!m || m->family != DOUBLE)
			continue;
		unsigned char prev = p > a ? (unsigned char)s[p - 1] : ' ';
		int opens = m->dir == OPENS ||
			    (m->dir == EITHER && (space_before(s, p) || p == a ||
						  (prev && strchr("([-/", prev)) || prev == 0x94));
		if (opens) {
			open = p + m->len;
			have = 1;
		} else if (have && p > open) {
			if (add_row(d, open, p, 1, order, speaker, source))
				return -1;
			have = 0;
			found++;
		}
		p += m->len - 1;
	}
	return found;
}

static int has_mark(const char *s, size_t n, size_t a, size_t b)
{
	for (size_t p = a; p < b; p++) {
		const mark *m = mark_at(s, p, n);
		if (m && m->family == DOUBLE)
			return 1;
	}
	return 0;
}

/* One E line: the parts of its Content spans (Content, Content2, ...)
 * become rows. Returns 0, 1 when it is no E line, 2 when it has more
 * parts than MAX_FRAGMENTS, -1 when out of memory. An attribution without
 * a Content span is counted and passed over. */
static int parse_e(ann *d, const char *line, const char *text, size_t n,
		   size_t order, counts *c)
{
	if (line[0] != 'E' || line[1] < '0' || line[1] > '9')
		return 1;
	const char *p = strchr(line, '\t');
	const tspan *src = NULL, *cue = NULL;
	size_t part[MAX_FRAGMENTS][2], np = 0;
	while (p && *p && *p != '\n') {
		p += strspn(p, " \t");
		const char *colon = strchr(p, ':');
		size_t rl = strcspn(p, ": \t\n");
		if (!colon || p + rl != colon || colon[1] != 'T')
			break;
		const tspan *t = find_t(d, strtol(colon + 2, NULL, 10));
		if (t && rl >= 7 && !memcmp(p, "Content", 7)) {
			if (np + t->nfrag > MAX_FRAGMENTS)
				return 2;
			memcpy(part[np], d->frag[t->first], t->nfrag * sizeof part[0]);
			np += t->nfrag;
		} else if (rl == 6 && !memcmp(p, "Source", 6)) {
			src = t;
		} else if (rl == 3 && !memcmp(p, "Cue", 3)) {
			cue = t;
		}
		p = colon + strcspn(colon, " \t\n");
	}
	c->attributions++;
	if (!np) {
		c->no_content++;
		return 0;
	}
	char *speaker = NULL, *source = NULL;
	if (speaker_of(d, text, src, cue, &speaker, &source, c))
		return -1;
	qsort(part, np, sizeof part[0], cmp_frag);
	/* parts split only by white space are one (a quote over paragraphs) */
	for (size_t f = 0; f < np;) {
		size_t a = part[f][0], b = part[f][1];
		for (f++; f < np; f++) {
			size_t i = b;
			while (i < part[f][0] && space_at(text, i, n))
				i += space_at(text, i, n);
			if (i < part[f][0])
				break;
			if (part[f][1] > b)
				b = part[f][1];
		}
		while (a < b && space_at(text, a, n))
			a += space_at(text, a, n);
		while (b > a && space_before(text, b))
			b -= space_before(text, b);
		if (a == b)
			continue;
		c->parts++;
		size_t q0, q1;
		if (direct_quote(text, n, a, b, &q0, &q1)) {
			if (add_row(d, q0, q1, 0, order, speaker, source))
				return -1;
			continue;
		}
		int k = add_partials(d, text, n, a, b, order, speaker, source);
		if (k < 0)
			return -1;
		if (!k && has_mark(text, n, a, b))
			c->unquoted_marks++;
	}
	return 0;
}

static int cmp_row(const void *a, const void *b)
{
	const row *x = a, *y = b;
	if (x->start != y->start)
		return (x->start > y->start) - (x->start < y->start);
	if (x->end != y->end)
		return (x->end > y->end) - (x->end < y->end);
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return (x->order > y->order) - (x->order < y->order);
}

static void ann_reset(ann *d)
{
	for (size_t i = 0; i < d->nnames; i++)
		free(d->names[i]);
	d->nt = d->nfrag = d->nr = d->nnames = 0;
}

static void ann_free(ann *d)
{
	ann_reset(d);
	free(d->t);
	free(d->frag);
	free(d->r);
	free(d->names);
}

static const char *next_line(const char *l)
{
	const char *nl = strchr(l, '\n');
	return nl ? nl + 1 : l + strlen(l);
}

/* Reads one annotation file into rows for text. Returns 0, or -1 with why
 * in err. */
static int read_ann(ann *d, const char *path, const char *text, size_t n,
		    counts *c, char *err, size_t errlen)
{
	eval_buf a = {0};
	size_t ncp = 0, *cp = code_points(text, n, &ncp);
	int rc = -1;
	if (!cp) {
		snprintf(err, errlen, "%.300s: the text is not UTF-8 (or no memory)", path);
		return -1;
	}
	if (read_whole(&a, path)) {
		snprintf(err, errlen, "%.300s: %s", path, strerror(errno));
		goto done;
	}
	/* T lines first, since an E line may name a T defined after it. A
	 * line that is no record continues the text of a span over lines. */
	for (const char *l = a.p; *l; l = next_line(l)) {
		int r = parse_t(d, l, text, cp, ncp, c);
		if (r < 0)
			goto nomem;
		c->bad_lines += r == 2;
	}
	qsort(d->t, d->nt, sizeof *d->t, cmp_tspan);
	size_t order = 0;
	for (const char *l = a.p; *l; l = next_line(l)) {
		int r = parse_e(d, l, text, n, order++, c);
		if (r < 0)
			goto nomem;
		c->bad_lines += r == 2;
	}
	rc = 0;
	goto done;
nomem:
	snprintf(err, errlen, "out of memory");
done:
	free(cp);
	eval_buf_free(&a);
	return rc;
}

/* Sorts the rows, drops repeats (two attributions of one quote keep the
 * first speaker), writes them and counts them. */
static int write_rows(FILE *gold, ann *d, const char *id, counts *c)
{
	qsort(d->r, d->nr, sizeof *d->r, cmp_row);
	for (size_t i = 0; i < d->nr; i++) {
		const row *r = &d->r[i];
		if (i && r->start == d->r[i - 1].start && r->end == d->r[i - 1].end &&
		    r->kind == d->r[i - 1].kind) {
			c->repeats++;
			continue;
		}
		if (r->kind) {
			c->partial++;
		} else {
			c->direct++;
			if (!strcmp(r->speaker, "pronoun-unresolved"))
				c->pronoun++;
			else if (strcmp(r->speaker, "no-source"))
				c->named++;
		}
		if (fprintf(gold, "%s\t%zu\t%zu\t%s\t%s\t%s\n", id, r->start, r->end,
			    r->speaker, r->kind ? "partial" : "direct", r->source) < 0)
			return -1;
	}
	return 0;
}

/* ---- the split ------------------------------------------------------------ */

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static int is_txt(const struct dirent *e)
{
	return ends_with(e->d_name, ".txt");
}

static int is_ann(const struct dirent *e)
{
	return ends_with(e->d_name, ".ann") && strrchr(e->d_name, '_');
}

/* The first .ann (in name order) of document stem, or NULL. */
static const char *ann_for(struct dirent *const *anns, int na, const char *stem)
{
	size_t sl = strlen(stem);
	for (int i = 0; i < na; i++) {
		const char *u = strrchr(anns[i]->d_name, '_');
		if ((size_t)(u - anns[i]->d_name) == sl && !strncmp(anns[i]->d_name, stem, sl))
			return anns[i]->d_name;
	}
	return NULL;
}

static int convert(const char *dir, FILE *out, FILE *gold, FILE *ids,
		   counts *c, char *err, size_t errlen)
{
	char path[4096];
	struct dirent **texts = NULL, **anns = NULL;
	int rc = -1, nt, na = 0;
	ann d = {0};
	snprintf(path, sizeof path, "%.4000s/text", dir);
	if ((nt = scandir(path, &texts, is_txt, alphasort)) >= 0) {
		snprintf(path, sizeof path, "%.4000s/attributions", dir);
		na = scandir(path, &anns, is_ann, alphasort);
	}
	if (nt < 0 || na < 0) {
		snprintf(err, errlen, "%.300s: %s", path, strerror(errno));
		goto done;
	}
	for (int i = 0; i < nt; i++) {
		char stem[1024], id[32];
		snprintf(stem, sizeof stem, "%.*s", (int)(strlen(texts[i]->d_name) - 4),
			 texts[i]->d_name);
		snprintf(id, sizeof id, "p%04d", i + 1);
		snprintf(path, sizeof path, "%.3000s/text/%.1000s", dir, texts[i]->d_name);
		eval_buf text = {0};
		if (read_whole(&text, path)) {
			snprintf(err, errlen, "%.300s: %s", path, strerror(errno));
			eval_buf_free(&text);
			goto done;
		}
		c->docs++;
		const char *an = ann_for(anns, na, stem);
		int bad = eval_write_doc(out, id, NULL, text.p, text.len) ||
			  fprintf(ids, "%s\t%s\t%s\n", id, texts[i]->d_name, an ? an : "-") < 0;
		if (bad)
			snprintf(err, errlen, "%.300s: not UTF-8, or write failed", path);
		if (!bad && an) {
			snprintf(path, sizeof path, "%.3000s/attributions/%.1000s", dir, an);
			bad = read_ann(&d, path, text.p, text.len, c, err, errlen) ||
			      write_rows(gold, &d, id, c);
		}
		c->no_ann += !an;
		ann_reset(&d);
		eval_buf_free(&text);
		if (bad)
			goto done;
	}
	rc = 0;
done:
	for (int i = 0; i < nt; i++)
		free(texts[i]);
	for (int i = 0; i < na; i++)
		free(anns[i]);
	free(texts);
	free(anns);
	ann_free(&d);
	return rc;
}

/* The direct-quote rule on cases worked by hand: text, the annotated
 * part, the quote inside the marks (NULL: no direct quote) and else the
 * first partial phrase (NULL: none). */
static int self_test(void)
{
	static const char *const cases[][4] = {
		{u8"He said: \u201cWe will win.\u201d Then", u8"\u201cWe will win.\u201d",
		 "We will win.", NULL},
		{u8"\u201cWe will win,\u201d he said.", "We will win,", "We will win,", NULL},
		{"''It is over,'' he said.", "''It is over,''", "It is over,", NULL},
		{"''It is over,'' he said.", "'It is over,''", "It is over,", NULL},
		{u8"He called it \u201ca disaster\u201d on Monday.",
		 u8"called it \u201ca disaster\u201d on Monday", NULL, "a disaster"},
		{u8"\u201cA,\u201d he said. \u201cB.\u201d", u8"\u201cA,\u201d he said. \u201cB.\u201d",
		 NULL, "A,"},
		{u8"\u201cOne.\n\n\u201cTwo.\u201d", u8"\u201cOne.\n\n\u201cTwo.\u201d",
		 u8"One.\n\n\u201cTwo.", NULL},
		{u8"\"He asked: \u201cWhy?\u201d and left.\"", u8"\"He asked: \u201cWhy?\u201d and left.\"",
		 u8"He asked: \u201cWhy?\u201d and left.", NULL},
		{u8"\u201dFear.\u201d \u2015 Edwin", u8"\u201dFear.\u201d", "Fear.", NULL},
		{"It was 'fine' he said", "It was 'fine'", NULL, NULL},
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *t = cases[i][0], *hit = strstr(t, cases[i][1]);
		const char *want = cases[i][2] ? cases[i][2] : cases[i][3] ? cases[i][3] : "";
		size_t n = strlen(t), a = hit ? (size_t)(hit - t) : 0, q0 = 0, q1 = 0;
		size_t b = a + strlen(cases[i][1]);
		ann d = {0};
		int direct = hit && direct_quote(t, n, a, b, &q0, &q1);
		if (hit && !direct && add_partials(&d, t, n, a, b, 0, NULL, NULL) > 0) {
			q0 = d.r[0].start;
			q1 = d.r[0].end;
		}
		if (!hit || direct != (cases[i][2] != NULL) || q1 - q0 != strlen(want) ||
		    memcmp(t + q0, want, q1 - q0)) {
			fprintf(stderr, "self-test polnear case %zu: %s \"%.*s\"\n", i + 1,
				direct ? "direct" : "not direct", (int)(q1 - q0), t + q0);
			bad = 1;
		}
		ann_free(&d);
	}
	return bad;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--self-test")) {
		int bad = self_test();
		printf("polnear self-test: %s\n", bad ? "FAILED" : "passed");
		return bad;
	}
	if (argc != 5) {
		fprintf(stderr, "usage: polnear --self-test\n"
			"       polnear SPLIT_DIR OUT.jsonl GOLD.tsv IDS.tsv\n");
		return 2;
	}
	static const char *const mode[] = {"w", "w", "w"};
	FILE *f[3];
	const char *bad = eval_open_all(f, argv + 2, mode, 3);
	if (bad) {
		fprintf(stderr, "polnear: cannot open %s\n", bad);
		return 1;
	}
	FILE *out = f[0], *gold = f[1], *ids = f[2];
	counts c = {0};
	char err[512] = "write failed";
	int rc = 0;
	if (fprintf(gold, "article\tquote_start\tquote_end\tspeaker_name\tkind\tsource\n") < 0 ||
	    fprintf(ids, "article\tfile\tannotation\n") < 0)
		rc = -1;
	if (!rc)
		rc = convert(argv[1], out, gold, ids, &c, err, sizeof err);
	int closed = !fclose(out);
	closed &= !fclose(gold);
	closed &= !fclose(ids);
	if (!closed && !rc)
		rc = -1;
	if (rc) {
		fprintf(stderr, "polnear: %s: %s\n", argv[1], err);
		return 1;
	}
	fprintf(stderr, "polnear: %zu documents from %s (%zu without annotation), %zu "
		"attributions (%zu without content), %zu content parts: %zu direct "
		"quotes (speaker named %zu, pronoun %zu, none %zu), %zu partial; %zu "
		"repeats dropped, %zu source/cue swaps repaired, %zu parts with marks "
		"but no quote found, %zu spans whose text differs, %zu bad lines\n",
		c.docs, argv[1], c.no_ann, c.attributions, c.no_content, c.parts,
		c.direct, c.named, c.pronoun, c.direct - c.named - c.pronoun, c.partial,
		c.repeats, c.swapped, c.unquoted_marks, c.mismatches, c.bad_lines);
	return 0;
}
