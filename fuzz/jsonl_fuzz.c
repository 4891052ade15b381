/* jsonl_fuzz.c - one JSON Lines record: loom_jsonl_parse, then the engine.
 *
 * Input: the whole input is one line (no option byte).
 *
 * Invariants (abort() on violation):
 *   - parse returns LOOM_OK or LOOM_EINVAL; on EINVAL err.code is set,
 *     err.msg is NUL-terminated and not empty, byte_offset lies inside
 *     the input, and no owner is returned;
 *   - on OK the doc has text (text_is_raw as parsed); adding it returns
 *     LOOM_OK or a documented failure (never LOOM_ENOMEM: nothing fails
 *     to allocate here; never EINVAL: a bad date is only a warning),
 *     with err filled and no trace left (no article, no warning);
 *   - on OK the article renders as valid JSON holding "id", the given
 *     fields agree with the info view, a plain url comes back as given,
 *     the article's own id finds it, a given non-blank id is found again
 *     by loom_engine_find and a second add of the same record is refused
 *     with LOOM_EDUPLICATE (a blank id is generated);
 *   - the same text read as a crawled page (text_is_raw = 1) in a fresh
 *     engine never crashes and renders as valid JSON.
 * Uses only the public API (jansson only to validate the output). */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loom.h"

#include "fuzz_check.h"

static int str_eq(json_t *v, const char *s)
{
	if (!s)
		return json_is_null(v);
	return json_is_string(v) && !strcmp(json_string_value(v), s);
}

/* Renders article i and checks it against the info view. */
static void render(const loom_engine *e, size_t i)
{
	loom_article_info a;
	CHECK(loom_engine_article(e, i, &a) == LOOM_OK);
	CHECK(a.body_start <= a.body_end && a.body_end <= a.bytes);
	CHECK(a.words <= a.bytes);
	CHECK(a.similarity >= 0 && a.similarity <= 1);
	CHECK(a.containment >= 0 && a.containment <= 1);
	char *out = NULL;
	size_t len = 0;
	CHECK(loom_article_json(&out, &len, e, i) == LOOM_OK);
	CHECK(out && len == strlen(out) && strstr(out, "\"id\""));
	json_error_t je;
	json_t *o = json_loadb(out, len, 0, &je);
	CHECK(o && json_is_object(o));
	CHECK(str_eq(json_object_get(o, "id"), a.id));
	CHECK(str_eq(json_object_get(o, "path"), a.path));
	CHECK(str_eq(json_object_get(o, "title"), a.title));
	CHECK(str_eq(json_object_get(o, "date"), a.date));
	CHECK(str_eq(json_object_get(o, "url"), a.url));
	CHECK(str_eq(json_object_get(o, "lang"), a.lang));
	json_decref(o);
	loom_free(out);
	size_t nw = loom_engine_warning_count(e);
	for (size_t k = 0; k < nw; k++) {
		CHECK(loom_warning_json(&out, &len, e, k) == LOOM_OK);
		o = json_loadb(out, len, 0, &je);
		CHECK(o && json_is_object(o));
		json_decref(o);
		loom_free(out);
	}
}

/* Short printable ASCII without spaces: nothing to clean or cut. */
static int plain(const char *s)
{
	size_t n = strlen(s);
	if (!n || n >= 1000)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7F)
			return 0;
	return 1;
}

/* A bad date is left out with a warning, not refused. */
static int add_ok(int rc)
{
	return rc == LOOM_OK || rc == LOOM_EEMPTY || rc == LOOM_EBINARY ||
	       rc == LOOM_ETOOBIG;
}

static void check_failed_add(const loom_engine *e, int rc, const loom_err *err)
{
	CHECK(err->code == rc);
	CHECK(memchr(err->msg, '\0', sizeof err->msg) && err->msg[0]);
	CHECK(loom_engine_count(e) == 0);
	CHECK(loom_engine_warning_count(e) == 0); /* no trace of it */
}

/* Only white space (ASCII, NUL, NBSP): the engine generates the id. */
static int blank(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; u[i];) {
		if (u[i] == ' ' || (u[i] >= '\t' && u[i] <= '\r'))
			i++;
		else if (u[i] == 0xC2 && u[i + 1] == 0xA0)
			i += 2;
		else
			return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A block of its own, so that ASan sees any read outside it. */
	char *line = malloc(size ? size : 1);
	CHECK(line);
	if (size)
		memcpy(line, data, size);

	loom_jsonl_doc *owner = (loom_jsonl_doc *)1;
	loom_doc doc;
	loom_err err;
	memset(&err, 0x55, sizeof err);
	int rc = loom_jsonl_parse(&owner, &doc, line, size, &err);
	CHECK(rc == LOOM_OK || rc == LOOM_EINVAL);
	if (rc != LOOM_OK) {
		CHECK(owner == NULL);
		CHECK(err.code == LOOM_EINVAL);
		CHECK(memchr(err.msg, '\0', sizeof err.msg));
		CHECK(err.msg[0] != '\0');
		CHECK(err.byte_offset <= size);
		free(line);
		return 0;
	}
	CHECK(owner && doc.text);
	CHECK(doc.text_is_raw == 0);

	loom_engine *e = NULL;
	CHECK(loom_engine_new(&e, NULL) == LOOM_OK);
	size_t idx = (size_t)-1;
	rc = loom_engine_add(e, &idx, &doc, &err);
	CHECK(add_ok(rc));
	if (rc != LOOM_OK) {
		check_failed_add(e, rc, &err);
	} else {
		CHECK(idx == 0 && loom_engine_count(e) == 1);
		render(e, 0);
		loom_article_info a;
		CHECK(loom_engine_article(e, 0, &a) == LOOM_OK);
		CHECK(a.bytes == doc.text_len);
		CHECK(a.copy_kind == LOOM_COPY_NONE);
		/* fields without cleaning rules come back when short */
		if (doc.url && plain(doc.url))
			CHECK(a.url && !strcmp(a.url, doc.url));
		/* the id it got finds it */
		size_t found = (size_t)-1;
		CHECK(loom_engine_find(e, a.id, &found) == LOOM_OK && found == 0);
		if (doc.id && !blank(doc.id)) {
			/* the id it was given finds it, and is taken now */
			found = (size_t)-1;
			CHECK(loom_engine_find(e, doc.id, &found) == LOOM_OK &&
			      found == 0);
			CHECK(loom_engine_add(e, NULL, &doc, &err) == LOOM_EDUPLICATE);
			CHECK(loom_engine_count(e) == 1);
		}
	}
	loom_engine_free(e);

	/* the same text as a crawled page */
	e = NULL;
	CHECK(loom_engine_new(&e, NULL) == LOOM_OK);
	doc.text_is_raw = 1;
	rc = loom_engine_add(e, &idx, &doc, &err);
	CHECK(add_ok(rc));
	if (rc == LOOM_OK)
		render(e, 0);
	else
		check_failed_add(e, rc, &err);
	loom_engine_free(e);

	loom_jsonl_doc_free(owner);
	free(line);
	return 0;
}
