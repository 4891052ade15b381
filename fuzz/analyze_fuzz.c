/* analyze_fuzz.c - the whole analyze path: many articles in one engine.
 *
 * Input: byte 0 chooses options, the rest is split at "\n---\n" into up to
 * 16 articles (the last one keeps any further separators).
 *   bit 0  text_is_raw (crawled pages) instead of plain bodies
 *   bit 1  dates given: an article starting with "@" takes the rest of
 *          that first line (up to 63 bytes) as loom_doc.date, and its text
 *          starts after the line
 *   bit 2  ids given: "id-<n % 5>", so that some are duplicates
 *   bit 3  shingle_words = 2
 *   bit 4  sketch_shift = anchor_shift = 0 (short texts still match)
 *   bit 5  max_postings = 2
 *   bit 6  near_similarity = 0.5, rewrite_containment = 0.2
 *   bit 7  max_line_bytes = 64
 *
 * Invariants (abort() on violation):
 *   - every add returns LOOM_OK or a documented failure (never ENOMEM);
 *     a failed add leaves no trace (count and warnings unchanged);
 *   - loom_engine_changed: the new article first, all indices valid and
 *     distinct, and every other changed article now copies the new one;
 *   - for every article: kind valid; when it copies, copy_of < count and
 *     != itself, and no two articles copy each other; similarity and
 *     containment in [0,1]; body span inside the text; following
 *     copy_of always ends at an original (no cycles);
 *   - two articles with the same text (and words) are an exact copy, one
 *     of the other or of a third;
 *   - loom_text_similarity of the first two pieces: values in [0,1],
 *     symmetric, and 1 for identical texts with shingles;
 *   - determinism: the same sequence in a second engine gives the same
 *     codes and byte-identical JSON for every article and warning.
 * Uses only the public API (jansson only to validate the output). */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loom.h"

#include "fuzz_check.h"

#define MAX_PIECES 16

typedef struct piece {
	char *text; /* a block of its own */
	size_t len;
	char date[64];
	int has_date;
	char id[16];
	int rc;      /* of the add in the first engine */
	size_t index;
} piece;

static const char SEP[] = "\n---\n";

static size_t split(piece *p, const uint8_t *s, size_t len, unsigned bits)
{
	size_t n = 0, at = 0;
	const size_t seplen = sizeof SEP - 1;
	while (n < MAX_PIECES) {
		size_t end = len;
		if (n + 1 < MAX_PIECES) {
			for (size_t i = at; i + seplen <= len; i++)
				if (!memcmp(s + i, SEP, seplen)) {
					end = i;
					break;
				}
		}
		size_t ts = at;
		memset(&p[n], 0, sizeof p[n]);
		if ((bits & 2) && ts < end && s[ts] == '@') {
			size_t q = ts + 1, o = 0;
			while (q < end && s[q] != '\n') {
				if (o < sizeof p[n].date - 1)
					p[n].date[o++] = (char)s[q];
				q++;
			}
			p[n].date[o] = '\0';
			p[n].has_date = 1;
			ts = q < end ? q + 1 : q;
		}
		p[n].len = end - ts;
		p[n].text = malloc(p[n].len ? p[n].len : 1);
		CHECK(p[n].text);
		if (p[n].len)
			memcpy(p[n].text, s + ts, p[n].len);
		if (bits & 4)
			snprintf(p[n].id, sizeof p[n].id, "id-%zu", n % 5);
		n++;
		if (end == len)
			break;
		at = end + seplen;
	}
	return n;
}

static int documented(int rc, unsigned bits)
{
	switch (rc) {
	case LOOM_OK:
	case LOOM_EEMPTY:
	case LOOM_EBINARY:
	case LOOM_ETOOBIG:
		return 1;
	case LOOM_EDUPLICATE:
		return (bits & 4) != 0;
	default: /* a bad date is a warning, not EINVAL */
		return 0;
	}
}

static void fill_doc(loom_doc *d, const piece *p, unsigned bits)
{
	memset(d, 0, sizeof *d);
	d->text = p->text;
	d->text_len = p->len;
	d->text_is_raw = (bits & 1) != 0;
	if (p->has_date)
		d->date = p->date;
	if (bits & 4)
		d->id = p->id;
}

/* Adds every piece; returns the engine. rcs receives the codes. */
static loom_engine *run(piece *p, size_t n, unsigned bits,
			const loom_options *opts, int *rcs, size_t *idx)
{
	loom_engine *e = NULL;
	CHECK(loom_engine_new(&e, opts) == LOOM_OK && e);
	for (size_t i = 0; i < n; i++) {
		loom_doc d;
		fill_doc(&d, &p[i], bits);
		loom_err err;
		size_t before = loom_engine_count(e), at = (size_t)-1;
		size_t warnings = loom_engine_warning_count(e);
		int rc = loom_engine_add(e, &at, &d, &err);
		rcs[i] = rc;
		CHECK(documented(rc, bits));
		size_t count = loom_engine_count(e);
		const size_t *ch;
		size_t nch = loom_engine_changed(e, &ch);
		for (size_t k = 0; k < nch; k++) {
			CHECK(ch[k] < count);
			for (size_t j = 0; j < k; j++)
				CHECK(ch[j] != ch[k]);
		}
		if (rc != LOOM_OK) {
			CHECK(count == before); /* no trace of it */
			CHECK(loom_engine_warning_count(e) == warnings);
			CHECK(err.code == rc && err.msg[0] &&
			      memchr(err.msg, '\0', sizeof err.msg));
			idx[i] = (size_t)-1;
			continue;
		}
		CHECK(count == before + 1 && at == before);
		CHECK(nch >= 1 && ch[0] == at);
		for (size_t k = 1; k < nch; k++) {
			loom_article_info o;
			CHECK(loom_engine_article(e, ch[k], &o) == LOOM_OK);
			CHECK(o.copy_kind != LOOM_COPY_NONE && o.copy_of == at);
		}
		idx[i] = at;
	}
	return e;
}

static char *render(const loom_engine *e, size_t i)
{
	char *out = NULL;
	size_t len = 0;
	CHECK(loom_article_json(&out, &len, e, i) == LOOM_OK);
	CHECK(out && len == strlen(out) && strstr(out, "\"id\""));
	json_error_t je;
	json_t *o = json_loadb(out, len, 0, &je);
	CHECK(o && json_is_object(o));
	loom_article_info a;
	CHECK(loom_engine_article(e, i, &a) == LOOM_OK);
	json_t *c = json_object_get(o, "copy_of");
	CHECK(c && (a.copy_kind == LOOM_COPY_NONE ? json_is_null(c)
						  : json_is_object(c)));
	json_decref(o);
	return out;
}

static void check_articles(const loom_engine *e, const piece *p, size_t n)
{
	size_t count = loom_engine_count(e);
	for (size_t i = 0; i < count; i++) {
		loom_article_info a;
		CHECK(loom_engine_article(e, i, &a) == LOOM_OK);
		CHECK(a.id && a.id[0]);
		CHECK(a.copy_kind >= LOOM_COPY_NONE &&
		      a.copy_kind <= LOOM_COPY_REWRITE);
		CHECK(a.similarity >= 0 && a.similarity <= 1);
		CHECK(a.containment >= 0 && a.containment <= 1);
		CHECK(a.body_start <= a.body_end && a.body_end <= a.bytes);
		CHECK(a.words <= a.bytes);
		if (a.copy_kind != LOOM_COPY_NONE) {
			CHECK(a.copy_of < count && a.copy_of != i);
			loom_article_info s;
			CHECK(loom_engine_article(e, a.copy_of, &s) == LOOM_OK);
			CHECK(!(s.copy_kind != LOOM_COPY_NONE && s.copy_of == i));
		}
		if (a.copy_kind == LOOM_COPY_EXACT)
			CHECK(a.similarity == 1 && a.containment == 1);
	}
	CHECK(loom_engine_article(e, count, &(loom_article_info){0}) ==
	      LOOM_ENOTFOUND);
	/* copy chains end at an original: no cycles */
	for (size_t i = 0; i < count; i++) {
		size_t at = i, steps = 0;
		loom_article_info a;
		for (;;) {
			CHECK(loom_engine_article(e, at, &a) == LOOM_OK);
			if (a.copy_kind == LOOM_COPY_NONE)
				break;
			at = a.copy_of;
			CHECK(++steps <= count);
		}
	}
	/* identical texts: one is an exact copy */
	for (size_t i = 0; i < n; i++) {
		if (p[i].rc != LOOM_OK)
			continue;
		for (size_t j = i + 1; j < n; j++) {
			if (p[j].rc != LOOM_OK || p[i].len != p[j].len ||
			    memcmp(p[i].text, p[j].text, p[i].len))
				continue;
			loom_article_info a, b;
			CHECK(loom_engine_article(e, p[i].index, &a) == LOOM_OK);
			CHECK(loom_engine_article(e, p[j].index, &b) == LOOM_OK);
			CHECK(a.words == b.words);
			if (a.words)
				CHECK(a.copy_kind == LOOM_COPY_EXACT ||
				      b.copy_kind == LOOM_COPY_EXACT);
		}
	}
}

static void check_similarity(const piece *p, size_t n, const loom_options *o)
{
	const char *a = n > 0 ? p[0].text : "", *b = n > 1 ? p[1].text : "";
	size_t al = n > 0 ? p[0].len : 0, bl = n > 1 ? p[1].len : 0;
	loom_similarity_info x, y;
	int r1 = loom_text_similarity(&x, o, a, al, b, bl);
	int r2 = loom_text_similarity(&y, o, b, bl, a, al);
	CHECK(r1 == r2);
	if (r1 != LOOM_OK) {
		CHECK(r1 == LOOM_ETOOBIG &&
		      (al > o->max_article_bytes || bl > o->max_article_bytes));
		return;
	}
	CHECK(x.resemblance >= 0 && x.resemblance <= 1);
	CHECK(x.containment_ab >= 0 && x.containment_ab <= 1);
	CHECK(x.containment_ba >= 0 && x.containment_ba <= 1);
	CHECK(x.resemblance == y.resemblance);
	CHECK(x.containment_ab == y.containment_ba);
	CHECK(x.containment_ba == y.containment_ab);
	CHECK(x.shingles_a == y.shingles_b && x.shingles_b == y.shingles_a);
	CHECK(x.shared == y.shared);
	CHECK(x.shared <= x.shingles_a && x.shared <= x.shingles_b);
	CHECK(x.resemblance <= x.containment_ab && x.resemblance <= x.containment_ba);
	if (al == bl && !memcmp(a, b, al) && x.shingles_a)
		CHECK(x.resemblance == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned bits = data[0];
	loom_options opts = LOOM_OPTIONS_INIT;
	if (bits & 0x08)
		opts.shingle_words = 2;
	if (bits & 0x10)
		opts.sketch_shift = opts.anchor_shift = 0;
	if (bits & 0x20)
		opts.max_postings = 2;
	if (bits & 0x40) {
		opts.near_similarity = 0.5;
		opts.rewrite_containment = 0.2;
	}
	if (bits & 0x80)
		opts.max_line_bytes = 64;

	piece p[MAX_PIECES];
	size_t n = split(p, data + 1, size - 1, bits);
	int rcs1[MAX_PIECES], rcs2[MAX_PIECES];
	size_t idx1[MAX_PIECES], idx2[MAX_PIECES];

	loom_engine *e1 = run(p, n, bits, &opts, rcs1, idx1);
	for (size_t i = 0; i < n; i++) {
		p[i].rc = rcs1[i];
		p[i].index = idx1[i];
	}
	check_articles(e1, p, n);
	check_similarity(p, n, &opts);

	/* determinism */
	loom_engine *e2 = run(p, n, bits, &opts, rcs2, idx2);
	CHECK(loom_engine_count(e1) == loom_engine_count(e2));
	for (size_t i = 0; i < n; i++)
		CHECK(rcs1[i] == rcs2[i] && idx1[i] == idx2[i]);
	for (size_t i = 0; i < loom_engine_count(e1); i++) {
		char *j1 = render(e1, i), *j2 = render(e2, i);
		CHECK(!strcmp(j1, j2));
		loom_free(j1);
		loom_free(j2);
	}
	size_t nw = loom_engine_warning_count(e1);
	CHECK(nw == loom_engine_warning_count(e2));
	for (size_t i = 0; i < nw; i++) {
		char *w1, *w2;
		CHECK(loom_warning_json(&w1, NULL, e1, i) == LOOM_OK);
		CHECK(loom_warning_json(&w2, NULL, e2, i) == LOOM_OK);
		CHECK(!strcmp(w1, w2));
		loom_free(w1);
		loom_free(w2);
	}

	loom_engine_free(e1);
	loom_engine_free(e2);
	for (size_t i = 0; i < n; i++)
		free(p[i].text);
	return 0;
}
