/* quotes_fuzz.c - names, quotes and their merging across articles.
 *
 * Input: the text of an article (raw, text_is_raw = 1). It is added twice
 * under two ids, so that every quote and entity meets itself again.
 *
 * Invariants (abort() on violation):
 *   - every entity and quote renders as valid JSON with the contract's
 *     keys; types are person|org|place|other;
 *   - every mention and occurrence lies inside the text (start < end <=
 *     size), names an added article, and its "text" is valid UTF-8;
 *   - a speaker's "entity" is null or an entity that exists;
 *   - an article added twice gives every quote an occurrence in both;
 *   - determinism: a second fresh engine gives byte-identical JSON;
 *   - the structs (loom_engine_entity, _variant, loom_engine_quote) say
 *     what the JSON says: name, type, spellings, counts, speaker, source.
 * Uses only the public API (jansson only to read the output). */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loom.h"

#include "fuzz_check.h"

static void check_spans(json_t *list, size_t size)
{
	size_t i;
	json_t *m;
	json_array_foreach(list, i, m) {
		json_int_t s = json_integer_value(json_object_get(m, "start"));
		json_int_t e = json_integer_value(json_object_get(m, "end"));
		const char *a = json_string_value(json_object_get(m, "article"));
		const char *t = json_string_value(json_object_get(m, "text"));
		CHECK(s >= 0 && s < e && (size_t)e <= size);
		CHECK(a && (!strcmp(a, "first") || !strcmp(a, "second")));
		CHECK(t);
		json_t *probe = json_string(t); /* jansson refuses invalid UTF-8 */
		CHECK(probe);
		json_decref(probe);
	}
}

static int same_str(const char *a, json_t *b)
{
	return a && json_is_string(b) && !strcmp(a, json_string_value(b));
}

/* Entity or quote k (entities first, ne of them) read as a struct
 * agrees with its JSON object o. */
static void check_struct(loom_engine *e, size_t k, size_t ne, json_t *o)
{
	if (k < ne) {
		loom_entity_info g;
		CHECK(loom_engine_entity(e, k, &g) == LOOM_OK);
		CHECK(same_str(g.name, json_object_get(o, "name")));
		CHECK(same_str(g.type, json_object_get(o, "type")));
		json_t *vars = json_object_get(o, "variants");
		CHECK(g.variants == json_array_size(vars));
		for (size_t v = 0; v < g.variants; v++)
			CHECK(same_str(loom_engine_entity_variant(e, k, v), json_array_get(vars, v)));
		CHECK(!loom_engine_entity_variant(e, k, g.variants));
		CHECK(g.articles == json_array_size(json_object_get(o, "articles")));
		CHECK(g.mentions == json_array_size(json_object_get(o, "mentions")));
		return;
	}
	loom_quote_info q;
	loom_article_info a;
	CHECK(loom_engine_quote(e, k - ne, &q) == LOOM_OK);
	CHECK(same_str(q.text, json_object_get(o, "text")));
	CHECK(q.occurrences == json_array_size(json_object_get(o, "occurrences")));
	CHECK(q.articles >= 1 && q.articles <= q.occurrences);
	CHECK(loom_engine_article(e, q.source, &a) == LOOM_OK);
	CHECK(same_str(a.id, json_object_get(o, "source")));
	json_t *sp = json_object_get(o, "speaker");
	if (json_is_object(sp))
		CHECK(same_str(q.speaker, json_object_get(sp, "name")));
	else
		CHECK(!q.speaker && !q.has_speaker_entity);
	CHECK(!q.has_speaker_entity || q.speaker_entity < ne);
}

/* Renders everything; returns the concatenated JSON (caller frees). */
static char *render_all(loom_engine *e, size_t size)
{
	size_t ne = loom_engine_entity_count(e), nq = loom_engine_quote_count(e);
	size_t cap = 1024, len = 0;
	char *all = malloc(cap);
	CHECK(all);
	all[0] = 0;
	for (size_t k = 0; k < ne + nq; k++) {
		char *s = NULL;
		int rc = k < ne ? loom_entity_json(&s, NULL, e, k)
				: loom_quote_json(&s, NULL, e, k - ne);
		CHECK(rc == LOOM_OK && s);
		json_error_t jerr;
		json_t *o = json_loads(s, 0, &jerr);
		CHECK(o);
		CHECK(json_is_string(json_object_get(o, "id")));
		check_struct(e, k, ne, o);
		if (k < ne) {
			const char *type = json_string_value(json_object_get(o, "type"));
			CHECK(type && (!strcmp(type, "person") || !strcmp(type, "org") ||
				       !strcmp(type, "place") || !strcmp(type, "other")));
			CHECK(json_is_string(json_object_get(o, "name")));
			CHECK(json_is_array(json_object_get(o, "variants")));
			CHECK(json_array_size(json_object_get(o, "mentions")) >= 1);
			check_spans(json_object_get(o, "mentions"), size);
		} else {
			json_t *occ = json_object_get(o, "occurrences");
			CHECK(json_array_size(occ) >= 2); /* the text was added twice */
			check_spans(occ, size);
			json_t *sp = json_object_get(o, "speaker");
			if (json_is_object(sp)) {
				json_t *ent = json_object_get(sp, "entity");
				if (json_is_string(ent)) {
					unsigned long n = 0;
					CHECK(sscanf(json_string_value(ent), "entity-%lu", &n) == 1);
					CHECK(n >= 1 && n <= ne);
				}
			}
		}
		json_decref(o);
		size_t n = strlen(s);
		if (len + n + 2 > cap) {
			cap = (len + n + 2) * 2;
			all = realloc(all, cap);
			CHECK(all);
		}
		memcpy(all + len, s, n);
		len += n;
		all[len++] = '\n';
		all[len] = 0;
		loom_free(s);
	}
	return all;
}

static char *run(const uint8_t *data, size_t size)
{
	loom_engine *e = NULL;
	CHECK(loom_engine_new(&e, NULL) == LOOM_OK);
	loom_doc d = {0};
	d.text = (const char *)data;
	d.text_len = size;
	d.text_is_raw = 1;
	d.id = "first";
	int rc = loom_engine_add(e, NULL, &d, NULL);
	char *out = NULL;
	if (rc == LOOM_OK) {
		d.id = "second";
		CHECK(loom_engine_add(e, NULL, &d, NULL) == LOOM_OK);
		out = render_all(e, size);
	}
	loom_engine_free(e);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a = run(data, size);
	char *b = run(data, size);
	CHECK((!a && !b) || (a && b && !strcmp(a, b)));
	free(a);
	free(b);
	return 0;
}
