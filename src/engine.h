/* engine.h - the engine's private state, shared by engine.c and the
 * renderers (jsonio.c). Nothing outside src/ sees it. */
#ifndef LOOM_ENGINE_H
#define LOOM_ENGINE_H

#include <stdint.h>

#include "../include/loom.h"
#include "alloc.h"
#include "arena.h"
#include "dates.h"
#include "entities.h"
#include "index.h"
#include "map.h"
#include "story.h"

/* What the engine keeps of an article after it was processed. Strings and
 * the sketch live in the engine's pool. */
typedef struct loom_article {
	const char *id, *path, *title, *date, *author, *source, *dateline,
		*url, *lang;
	uint64_t body_hash;
	const uint16_t *sketch;
	uint32_t nsketch;
	uint32_t words;
	size_t bytes, invalid_utf8, nul_bytes, body_start, body_end;
	loom_date when; /* valid if has_date; iso unused */
	uint8_t has_date;
	uint8_t copy_kind;
	uint32_t copy_of;
	uint32_t story, next_in_story; /* next article of the same story */
	float similarity, containment;
} loom_article;

typedef struct loom_warning {
	const char *path;
	size_t line;
	const char *message;
} loom_warning;

struct loom_engine {
	loom_options opts;
	loom_mem mem;
	loom_arena scratch; /* per article, reset after each add */
	loom_arena pool;    /* lives as long as the engine */
	loom_article *articles;
	size_t narticles, articles_cap;
	/* each article's shingle count (of its body: it sets how densely
	 * the article was indexed), apart from its record: ranking the
	 * copy index's hits reads it for every article hit, dozens an
	 * article; four bytes each (4 MB at a million articles) mostly come
	 * from the caches, where records of 216 bytes were misses */
	uint32_t *shingles_of;
	size_t shingles_of_cap;
	loom_map ids;       /* id hash -> article */
	loom_map bodies;    /* body hash -> article */
	loom_index index;
	loom_stories stories;
	loom_entity_store ents; /* entities and quotes */
	uint32_t *story_last;  /* last article of each story, for chaining */
	size_t story_last_cap;
	loom_warning *warnings;
	size_t nwarnings, warnings_cap;
	size_t *changed;
	size_t nchanged, changed_cap;
	size_t sketch_bytes;
	char errmsg[256];
};

/* Is article a earlier than b: by date when both are dated, else by
 * arrival? */
int loom__earlier(const loom_engine *e, uint32_t a, uint32_t b);

/* The chain of a (occurrences or mentions) that ends at last, oldest
 * first, in an array to free; NULL when out of memory (store_info.c). */
uint32_t *loom__chain_in_order(const loom_occurrence *a, uint32_t last, size_t *n);

/* The article of a quote's first occurrence, from its chain in order
 * (order[0, n)): by date, then arrival; LOOM_NONE when n is 0. */
uint32_t loom__quote_source(const loom_engine *e, const uint32_t *order, size_t n);

#endif
