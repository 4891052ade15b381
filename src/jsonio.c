/* jsonio.c - JSON Lines input and the JSON output contract (jansson).
 *
 * The contract lives here, in the library, so that the CLI and the server
 * print the same objects:
 *   {"id","path","title","date","author","source","dateline","url","lang",
 *    "words","copy_of": null | {"id","kind","similarity","containment"}}
 * Later stages add keys; none is ever renamed. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "engine.h"
#include "text.h"

struct loom_jsonl_doc {
	json_t *root;
	char *repaired; /* the line with invalid UTF-8 replaced, if needed */
	size_t nrepaired;
	char id[32];    /* a numeric id as text */
};

size_t loom_jsonl_doc_repaired(const loom_jsonl_doc *o)
{
	return o ? o->nrepaired : 0;
}

/* Offset in the original line of offset `at` in the repaired one: each
 * replaced byte became three. */
static size_t original_offset(const char *line, size_t len, size_t at)
{
	size_t i = 0, o = 0;
	while (i < len && o < at) {
		size_t n = loom__utf8_len((const unsigned char *)line + i, len - i);
		o += n ? n : 3;
		i += n ? n : 1;
	}
	return i;
}

void loom_jsonl_doc_free(loom_jsonl_doc *o)
{
	if (!o)
		return;
	json_decref(o->root);
	free(o->repaired);
	free(o);
}

static void jerr(loom_err *err, int code, size_t offset, const char *fmt,
		 const char *detail)
{
	if (!err)
		return;
	err->code = code;
	err->byte_offset = offset;
	err->line = 0;
	snprintf(err->msg, sizeof err->msg, fmt, detail);
}

/* Replaces invalid UTF-8 with U+FFFD so that one bad byte does not cost
 * the whole article. Returns NULL when out of memory. */
static char *repair_utf8(const char *s, size_t len, size_t *out_len,
			 size_t *replaced)
{
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	char *d = malloc(len * 3 + 1);
	if (!d)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t n = loom__utf8_len((const unsigned char *)s + i, len - i);
		if (n) {
			memcpy(d + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(d + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			(*replaced)++;
		}
	}
	d[o] = '\0';
	*out_len = o;
	return d;
}

static int string_field(json_t *root, const char *key, const char **out,
			loom_err *err)
{
	json_t *v = json_object_get(root, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		jerr(err, LOOM_EINVAL, 0, "field \"%s\" is not a string", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

int loom_jsonl_parse(loom_jsonl_doc **out_owner, loom_doc *doc,
		     const char *line, size_t len, loom_err *err)
{
	*out_owner = NULL;
	memset(doc, 0, sizeof *doc);
	if (err)
		memset(err, 0, sizeof *err);
	loom_jsonl_doc *o = calloc(1, sizeof *o);
	if (!o)
		return LOOM_ENOMEM;
	size_t scan_len = len;
	for (size_t i = 0; i < len;) {
		size_t n = loom__utf8_len((const unsigned char *)line + i, len - i);
		if (!n) {
			o->repaired = repair_utf8(line, len, &scan_len, &o->nrepaired);
			if (!o->repaired) {
				free(o);
				return LOOM_ENOMEM;
			}
			break;
		}
		i += n;
	}
	json_error_t je;
	o->root = json_loadb(o->repaired ? o->repaired : line, scan_len,
			     JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &je);
	if (!o->root) {
		if (err) {
			err->code = LOOM_EINVAL;
			err->byte_offset = (size_t)(je.position > 0 ? je.position : 0);
			if (o->repaired)
				err->byte_offset = original_offset(line, len, err->byte_offset);
			snprintf(err->msg, sizeof err->msg,
				 "malformed JSON at column %d: %.100s", je.column,
				 je.text);
		}
		loom_jsonl_doc_free(o);
		return LOOM_EINVAL;
	}
	if (!json_is_object(o->root)) {
		jerr(err, LOOM_EINVAL, 0, "%s", "a line must hold a JSON object");
		loom_jsonl_doc_free(o);
		return LOOM_EINVAL;
	}
	json_t *id = json_object_get(o->root, "id");
	json_t *text = json_object_get(o->root, "text");
	if (id && json_is_integer(id)) {
		snprintf(o->id, sizeof o->id, "%lld", (long long)json_integer_value(id));
		doc->id = o->id;
	} else if (id && json_is_string(id)) {
		doc->id = json_string_value(id);
	} else if (id && !json_is_null(id)) {
		jerr(err, LOOM_EINVAL, 0, "%s", "field \"id\" is not a string");
		goto invalid;
	}
	if (!text || !json_is_string(text)) {
		jerr(err, LOOM_EINVAL, 0, "%s",
		     text ? "field \"text\" is not a string"
			  : "no \"text\" field");
		goto invalid;
	}
	doc->text = json_string_value(text);
	doc->text_len = json_string_length(text);
	if (string_field(o->root, "title", &doc->title, err) ||
	    string_field(o->root, "date", &doc->date, err) ||
	    string_field(o->root, "author", &doc->author, err) ||
	    string_field(o->root, "source", &doc->source, err) ||
	    string_field(o->root, "url", &doc->url, err) ||
	    string_field(o->root, "lang", &doc->lang, err))
		goto invalid;
	/* Structured input gives its own title: the text is the body. */
	doc->text_is_raw = 0;
	*out_owner = o;
	return LOOM_OK;
invalid:
	loom_jsonl_doc_free(o);
	memset(doc, 0, sizeof *doc);
	return LOOM_EINVAL;
}

/* "story-3": ids stable for the same input (order of opening). */
static json_t *numbered(const char *what, size_t index)
{
	char b[48];
	snprintf(b, sizeof b, "%s-%zu", what, index + 1);
	return json_string(b);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Three decimals: enough to compare, and stable across platforms. */
static json_t *ratio(double x)
{
	return json_real(round(x * 1000.0) / 1000.0);
}

static int dump(char **out, size_t *out_len, json_t *obj)
{
	if (!obj)
		return LOOM_ENOMEM;
	char *s = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(obj);
	if (!s)
		return LOOM_ENOMEM;
	*out = s;
	if (out_len)
		*out_len = strlen(s);
	return LOOM_OK;
}

int loom_article_json(char **out, size_t *out_len, const loom_engine *e,
		      size_t index)
{
	*out = NULL;
	if (index >= e->narticles)
		return LOOM_ENOTFOUND;
	const loom_article *a = &e->articles[index];
	json_t *o = json_object();
	if (!o)
		return LOOM_ENOMEM;
	int bad = 0;
	bad |= json_object_set_new(o, "id", str_or_null(a->id));
	bad |= json_object_set_new(o, "path", str_or_null(a->path));
	bad |= json_object_set_new(o, "title", str_or_null(a->title));
	bad |= json_object_set_new(o, "date", str_or_null(a->date));
	bad |= json_object_set_new(o, "author", str_or_null(a->author));
	bad |= json_object_set_new(o, "source", str_or_null(a->source));
	bad |= json_object_set_new(o, "dateline", str_or_null(a->dateline));
	bad |= json_object_set_new(o, "url", str_or_null(a->url));
	bad |= json_object_set_new(o, "lang", str_or_null(a->lang));
	bad |= json_object_set_new(o, "words", json_integer((json_int_t)a->words));
	if (a->copy_kind != LOOM_COPY_NONE) {
		json_t *c = json_object();
		if (!c) {
			json_decref(o);
			return LOOM_ENOMEM;
		}
		bad |= json_object_set_new(c, "id", str_or_null(e->articles[a->copy_of].id));
		bad |= json_object_set_new(c, "kind", json_string(loom_copy_kind_name(
							       (loom_copy_kind)a->copy_kind)));
		bad |= json_object_set_new(c, "similarity", ratio(a->similarity));
		bad |= json_object_set_new(c, "containment", ratio(a->containment));
		bad |= json_object_set_new(o, "copy_of", c);
	} else {
		bad |= json_object_set_new(o, "copy_of", json_null());
	}
	bad |= json_object_set_new(o, "story", numbered("story", a->story));
	bad |= json_object_set_new(o, "storyline",
				   numbered("storyline", e->stories.stories[a->story].storyline));
	if (bad) {
		json_decref(o);
		return LOOM_ENOMEM;
	}
	return dump(out, out_len, o);
}

static json_t *day_or_null(int64_t day)
{
	if (day == INT64_MIN)
		return json_null();
	char iso[11];
	loom__date_of_day(iso, day);
	return json_string(iso);
}

int loom_story_json(char **out, size_t *out_len, const loom_engine *e,
		    size_t index)
{
	*out = NULL;
	if (index >= e->stories.nstories)
		return LOOM_ENOTFOUND;
	const loom_story *st = &e->stories.stories[index];
	json_t *o = json_object(), *arts = json_array();
	if (!o || !arts) {
		json_decref(o);
		json_decref(arts);
		return LOOM_ENOMEM;
	}
	int bad = json_object_set_new(o, "id", numbered("story", index));
	bad |= json_object_set_new(o, "title",
				   str_or_null(st->title_article != LOOM_STORY_NONE
						       ? e->articles[st->title_article].title
						       : NULL));
	for (uint32_t a = st->first_article; a != LOOM_STORY_NONE;
	     a = e->articles[a].next_in_story)
		bad |= json_array_append_new(arts, json_string(e->articles[a].id));
	bad |= json_object_set_new(o, "articles", arts);
	bad |= json_object_set_new(o, "first_seen", day_or_null(st->first_day));
	bad |= json_object_set_new(o, "last_seen", day_or_null(st->last_day));
	bad |= json_object_set_new(o, "storyline", numbered("storyline", st->storyline));
	if (bad) {
		json_decref(o);
		return LOOM_ENOMEM;
	}
	return dump(out, out_len, o);
}

/* {"article", "start", "end", "text"} of a mention or a quote's
 * occurrence; NULL when out of memory. */
static json_t *occurrence_json(const loom_engine *e, const loom_occurrence *o)
{
	json_t *x = json_object();
	if (!x)
		return NULL;
	int bad = json_object_set_new(x, "article", json_string(e->articles[o->article].id));
	bad |= json_object_set_new(x, "start", json_integer(o->start));
	bad |= json_object_set_new(x, "end", json_integer(o->end));
	bad |= json_object_set_new(x, "text", str_or_null(o->text));
	if (bad) {
		json_decref(x);
		return NULL;
	}
	return x;
}

int loom_storyline_json(char **out, size_t *out_len, const loom_engine *e,
			size_t index)
{
	*out = NULL;
	if (index >= e->stories.nlines)
		return LOOM_ENOTFOUND;
	const loom_storyline *l = &e->stories.lines[index];
	const loom_story *first = &e->stories.stories[l->first_story];
	json_t *o = json_object(), *list = json_array();
	if (!o || !list) {
		json_decref(o);
		json_decref(list);
		return LOOM_ENOMEM;
	}
	int bad = json_object_set_new(o, "id", numbered("storyline", index));
	bad |= json_object_set_new(o, "title",
				   str_or_null(first->title_article != LOOM_STORY_NONE
						       ? e->articles[first->title_article].title
						       : NULL));
	for (uint32_t s = l->first_story; s != LOOM_STORY_NONE;
	     s = e->stories.stories[s].next_in_line)
		bad |= json_array_append_new(list, numbered("story", s));
	bad |= json_object_set_new(o, "stories", list);
	if (bad) {
		json_decref(o);
		return LOOM_ENOMEM;
	}
	return dump(out, out_len, o);
}

int loom_entity_json(char **out, size_t *out_len, const loom_engine *e,
		     size_t index)
{
	*out = NULL;
	if (index >= e->ents.n)
		return LOOM_ENOTFOUND;
	const loom_entity *g = &e->ents.ent[index];
	json_t *o = json_object(), *vars = json_array(), *arts = json_array(),
	       *mens = json_array();
	int bad = !o || !vars || !arts || !mens;
	if (bad) {
		json_decref(o);
		json_decref(vars);
		json_decref(arts);
		json_decref(mens);
		return LOOM_ENOMEM;
	}
	bad |= json_object_set_new(o, "id", numbered("entity", index));
	bad |= json_object_set_new(o, "name",
				   str_or_null(g->nvariants ? loom__entity_name(g) : NULL));
	bad |= json_object_set_new(o, "type", json_string(loom__entity_type_name(g->type)));
	for (size_t i = 0; i < g->nvariants; i++)
		bad |= json_array_append_new(vars, json_string(loom__entity_variant(g, i)));
	size_t n;
	uint32_t *order = loom__chain_in_order(e->ents.men, g->last_mention, &n);
	bad |= !order;
	uint32_t last = LOOM_NONE;
	for (size_t k = 0; k < n; k++) {
		const loom_occurrence *em = &e->ents.men[order[k]];
		if (em->article != last)
			bad |= json_array_append_new(arts,
						     json_string(e->articles[em->article].id));
		last = em->article;
		bad |= json_array_append_new(mens, occurrence_json(e, em));
	}
	free(order);
	bad |= json_object_set_new(o, "variants", vars);
	bad |= json_object_set_new(o, "articles", arts);
	bad |= json_object_set_new(o, "mentions", mens);
	if (bad) {
		json_decref(o);
		return LOOM_ENOMEM;
	}
	return dump(out, out_len, o);
}

int loom_quote_json(char **out, size_t *out_len, const loom_engine *e,
		    size_t index)
{
	*out = NULL;
	if (index >= e->ents.nquotes)
		return LOOM_ENOTFOUND;
	const loom_quote *q = &e->ents.quotes[index];
	json_t *o = json_object(), *occ = json_array();
	if (!o || !occ) {
		json_decref(o);
		json_decref(occ);
		return LOOM_ENOMEM;
	}
	int bad = json_object_set_new(o, "id", numbered("quote", index));
	bad |= json_object_set_new(o, "text", str_or_null(q->text));
	if (q->speaker != LOOM_NONE || q->said) {
		json_t *sp = json_object();
		if (!sp)
			bad = 1;
		else {
			bad |= json_object_set_new(sp, "name", str_or_null(
				q->speaker != LOOM_NONE ? loom__entity_name(&e->ents.ent[q->speaker])
							: q->said));
			bad |= json_object_set_new(sp, "entity", q->speaker != LOOM_NONE
						       ? numbered("entity", q->speaker) : json_null());
			bad |= json_object_set_new(o, "speaker", sp);
		}
	} else {
		bad |= json_object_set_new(o, "speaker", json_null());
	}
	size_t n;
	uint32_t *order = loom__chain_in_order(e->ents.occ, q->last_occurrence, &n);
	bad |= !order;
	for (size_t k = 0; k < n; k++)
		bad |= json_array_append_new(occ, occurrence_json(e, &e->ents.occ[order[k]]));
	uint32_t first = order ? loom__quote_source(e, order, n) : LOOM_NONE;
	free(order);
	const loom_article *fa = first != LOOM_NONE ? &e->articles[first] : NULL;
	bad |= json_object_set_new(o, "first_seen", str_or_null(fa ? fa->date : NULL));
	bad |= json_object_set_new(o, "source", str_or_null(fa ? fa->id : NULL));
	bad |= json_object_set_new(o, "occurrences", occ);
	if (bad) {
		json_decref(o);
		return LOOM_ENOMEM;
	}
	return dump(out, out_len, o);
}

int loom_warning_json(char **out, size_t *out_len, const loom_engine *e,
		      size_t index)
{
	*out = NULL;
	if (index >= e->nwarnings)
		return LOOM_ENOTFOUND;
	const loom_warning *w = &e->warnings[index];
	json_t *o = json_object();
	if (!o)
		return LOOM_ENOMEM;
	int bad = json_object_set_new(o, "path", str_or_null(w->path));
	bad |= json_object_set_new(o, "line", w->line ? json_integer((json_int_t)w->line)
						      : json_null());
	bad |= json_object_set_new(o, "message", str_or_null(w->message));
	if (bad) {
		json_decref(o);
		return LOOM_ENOMEM;
	}
	return dump(out, out_len, o);
}
