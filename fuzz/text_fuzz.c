/* text_fuzz.c - the crawled-text path: one article, text_is_raw = 1.
 *
 * Input: byte 0 chooses options, the rest is the article text.
 *   bits 0-2  shingle_words = 1 + (bits & 7)
 *   bit 3     max_article_bytes = 256 (LOOM_ETOOBIG on longer input)
 *   bit 4     max_line_bytes = 40 (LOOM_ETOOBIG on a longer line)
 *   bit 5     sketch_shift = anchor_shift = 0 (every shingle sampled)
 *   bit 6     max_postings = 1
 *   bit 7     near_similarity = rewrite_containment = 1.0
 *
 * Invariants (abort() on violation):
 *   - add returns LOOM_OK or a documented failure code, with err filled
 *     and the engine left empty; ETOOBIG when over max_article_bytes;
 *   - on OK: 0 <= body_start <= body_end <= bytes == input size,
 *     words <= bytes, similarity and containment in [0,1], no copy; every
 *     string field is valid UTF-8 without control bytes;
 *   - loom_article_json is valid JSON holding "id" (and agrees with the
 *     info view); warnings render as valid JSON too;
 *   - the same text added again is an exact copy of the first (when it
 *     has words) and nothing otherwise;
 *   - loom_text_similarity of the text with itself is 1 (0 when it has
 *     no shingles) and agrees with the engine on whether there are words;
 *   - determinism: a second fresh engine gives byte-identical JSON.
 * Uses only the public API (jansson only to validate the output). */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "loom.h"

#include "fuzz_check.h"

/* Valid UTF-8, no C0 control bytes, not empty (absent fields are NULL).
 * utf8proc decodes, not Loom's own decoder: the check stays independent
 * of the code under test. */
static int clean_field(const char *s)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s);
	if (!n)
		return 0;
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(u + i, n - i, &cp);
		if (k <= 0 || cp < 0x20)
			return 0;
		i += k;
	}
	return 1;
}

/* YYYY-MM-DD, optionally THH:MM:SSZ. */
static int iso_date(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t n = strlen(s);
	if (n != 10 && n != 20)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return 0;
	}
	return 1;
}

static int str_eq(json_t *v, const char *s)
{
	if (!s)
		return json_is_null(v);
	return json_is_string(v) && !strcmp(json_string_value(v), s);
}

static void check_info(const loom_article_info *a, size_t count)
{
	CHECK(a->id && clean_field(a->id));
	const char *fields[] = {a->title, a->date, a->author, a->source,
				a->dateline};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		CHECK(!fields[i] || (clean_field(fields[i]) && strlen(fields[i]) < 4096));
	CHECK(!a->date || iso_date(a->date));
	CHECK(a->body_start <= a->body_end && a->body_end <= a->bytes);
	CHECK(a->words <= a->bytes);
	CHECK(a->invalid_utf8 <= a->bytes && a->nul_bytes <= a->bytes);
	CHECK(a->copy_kind >= LOOM_COPY_NONE && a->copy_kind <= LOOM_COPY_REWRITE);
	CHECK(a->similarity >= 0 && a->similarity <= 1);
	CHECK(a->containment >= 0 && a->containment <= 1);
	if (a->copy_kind != LOOM_COPY_NONE)
		CHECK(a->copy_of < count);
}

/* Renders article i, checks it against the info view, returns the text. */
static char *render(const loom_engine *e, size_t i)
{
	loom_article_info a;
	CHECK(loom_engine_article(e, i, &a) == LOOM_OK);
	char *out = NULL;
	size_t len = 0;
	CHECK(loom_article_json(&out, &len, e, i) == LOOM_OK);
	CHECK(out && len == strlen(out) && len >= 2);
	CHECK(out[0] == '{' && out[len - 1] == '}');
	CHECK(strstr(out, "\"id\""));
	json_error_t je;
	json_t *o = json_loadb(out, len, 0, &je);
	CHECK(o && json_is_object(o));
	CHECK(str_eq(json_object_get(o, "id"), a.id));
	CHECK(str_eq(json_object_get(o, "title"), a.title));
	CHECK(str_eq(json_object_get(o, "date"), a.date));
	CHECK(str_eq(json_object_get(o, "author"), a.author));
	CHECK(str_eq(json_object_get(o, "source"), a.source));
	CHECK(str_eq(json_object_get(o, "dateline"), a.dateline));
	json_t *w = json_object_get(o, "words");
	CHECK(json_is_integer(w) && (size_t)json_integer_value(w) == a.words);
	json_t *c = json_object_get(o, "copy_of");
	CHECK(c);
	if (a.copy_kind == LOOM_COPY_NONE) {
		CHECK(json_is_null(c));
	} else {
		loom_article_info src;
		CHECK(loom_engine_article(e, a.copy_of, &src) == LOOM_OK);
		CHECK(json_is_object(c));
		CHECK(str_eq(json_object_get(c, "id"), src.id));
		CHECK(str_eq(json_object_get(c, "kind"),
			     loom_copy_kind_name(a.copy_kind)));
	}
	json_decref(o);
	return out;
}

static void check_warnings(const loom_engine *e)
{
	size_t n = loom_engine_warning_count(e);
	for (size_t i = 0; i < n; i++) {
		loom_warning_info w;
		CHECK(loom_engine_warning(e, i, &w) == LOOM_OK);
		CHECK(w.message && clean_field(w.message));
		char *out = NULL;
		size_t len = 0;
		CHECK(loom_warning_json(&out, &len, e, i) == LOOM_OK);
		json_error_t je;
		json_t *o = json_loadb(out, len, 0, &je);
		CHECK(o && json_is_object(o));
		json_decref(o);
		loom_free(out);
	}
}

static int documented_failure(int rc)
{
	return rc == LOOM_EEMPTY || rc == LOOM_EBINARY || rc == LOOM_ETOOBIG;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned bits = data[0];
	loom_options opts = LOOM_OPTIONS_INIT;
	opts.shingle_words = 1 + (bits & 7);
	if (bits & 0x08)
		opts.max_article_bytes = 256;
	if (bits & 0x10)
		opts.max_line_bytes = 40;
	if (bits & 0x20)
		opts.sketch_shift = opts.anchor_shift = 0;
	if (bits & 0x40)
		opts.max_postings = 1;
	if (bits & 0x80)
		opts.near_similarity = opts.rewrite_containment = 1.0;

	/* The text in a block of its own, so that ASan sees a read before
	 * its first byte or past its last. */
	size_t len = size - 1;
	char *text = malloc(len ? len : 1);
	CHECK(text);
	if (len)
		memcpy(text, data + 1, len);

	loom_engine *e = NULL, *e2 = NULL;
	CHECK(loom_engine_new(&e, &opts) == LOOM_OK && e);
	loom_doc doc;
	memset(&doc, 0, sizeof doc);
	doc.text = text;
	doc.text_len = len;
	doc.text_is_raw = 1;
	loom_err err;
	size_t idx = (size_t)-1;
	int rc = loom_engine_add(e, &idx, &doc, &err);
	CHECK(rc == LOOM_OK || documented_failure(rc));
	if (len > opts.max_article_bytes)
		CHECK(rc == LOOM_ETOOBIG);
	if (!len)
		CHECK(rc == LOOM_EEMPTY);

	/* exact self-similarity, same parse as the engine's */
	loom_similarity_info si;
	int src = loom_text_similarity(&si, &opts, text, len, text, len);
	CHECK(src == LOOM_OK || (src == LOOM_ETOOBIG && len > opts.max_article_bytes));
	if (src == LOOM_OK) {
		CHECK(si.shingles_a == si.shingles_b && si.shared == si.shingles_a);
		CHECK(si.resemblance == (si.shingles_a ? 1.0 : 0.0));
		CHECK(si.containment_ab == si.resemblance);
		CHECK(si.containment_ba == si.resemblance);
	}

	if (rc != LOOM_OK) {
		CHECK(err.code == rc);
		CHECK(memchr(err.msg, '\0', sizeof err.msg) && err.msg[0]);
		CHECK(loom_errmsg(e)[0]);
		CHECK(loom_engine_count(e) == 0);
		CHECK(loom_engine_warning_count(e) == 0);
		loom_article_info a;
		CHECK(loom_engine_article(e, 0, &a) == LOOM_ENOTFOUND);
		goto done;
	}

	CHECK(idx == 0 && loom_engine_count(e) == 1);
	const size_t *changed;
	CHECK(loom_engine_changed(e, &changed) == 1 && changed[0] == 0);
	loom_article_info a;
	CHECK(loom_engine_article(e, 0, &a) == LOOM_OK);
	check_info(&a, 1);
	CHECK(a.bytes == len);
	CHECK(a.copy_kind == LOOM_COPY_NONE);
	CHECK(!strcmp(a.id, "doc-1"));
	size_t found = (size_t)-1;
	CHECK(loom_engine_find(e, "doc-1", &found) == LOOM_OK && found == 0);
	CHECK((a.words > 0) == (si.shingles_a > 0));
	char *json1 = render(e, 0);
	check_warnings(e);

	/* determinism */
	CHECK(loom_engine_new(&e2, &opts) == LOOM_OK);
	size_t idx2;
	CHECK(loom_engine_add(e2, &idx2, &doc, NULL) == LOOM_OK && idx2 == 0);
	char *json2 = render(e2, 0);
	CHECK(!strcmp(json1, json2));
	CHECK(loom_engine_warning_count(e) == loom_engine_warning_count(e2));
	loom_free(json2);

	/* the same text again: an exact copy of the first */
	CHECK(loom_engine_add(e, &idx, &doc, &err) == LOOM_OK && idx == 1);
	CHECK(loom_engine_changed(e, &changed) >= 1 && changed[0] == 1);
	loom_article_info b;
	CHECK(loom_engine_article(e, 1, &b) == LOOM_OK);
	check_info(&b, 2);
	CHECK(!strcmp(b.id, "doc-2"));
	CHECK(b.words == a.words && b.body_start == a.body_start &&
	      b.body_end == a.body_end);
	if (a.words) {
		CHECK(b.copy_kind == LOOM_COPY_EXACT && b.copy_of == 0);
		CHECK(b.similarity == 1 && b.containment == 1);
	} else {
		CHECK(b.copy_kind == LOOM_COPY_NONE);
	}
	/* the first article did not move */
	char *json3 = render(e, 0);
	CHECK(!strcmp(json1, json3));
	loom_free(json3);
	loom_free(render(e, 1));
	loom_free(json1);

done:
	loom_engine_free(e);
	loom_engine_free(e2);
	free(text);
	return 0;
}
