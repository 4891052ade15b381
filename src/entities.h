/* entities.h - people, organisations and places across articles, and the
 * quotes they said, merged.
 *
 * An article's entities (names.c) join the engine's by key: a person by
 * the skeleton of the surname, told apart by first name when both have
 * one (a bare "Novak" joins the Novak seen last); others by the skeleton
 * of the whole name. A quote joins an earlier one when most of the content
 * words of the shorter are in the longer and the speakers do not differ,
 * so a trimmed copy, "we're"/"we are" or another translation that keeps
 * most words still meet.
 *
 * Adding is two steps: prepare (can fail, changes nothing visible) and
 * commit (cannot fail), so a failed article leaves the engine as it was.
 * Mentions and occurrences live in one array each, chained per entity and
 * per quote. */
#ifndef LOOM_ENTITIES_H
#define LOOM_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "arena.h"
#include "postings.h"
#include "recent.h"
#include "names.h"
#include "people.h"
#include "quotes.h"
#include "story.h"
#include "table32.h"

#define LOOM_MAX_VARIANTS 8
#define LOOM_NONE UINT32_MAX

/* Where an entity is named or a quote occurs. One array holds the
 * mentions, another the quote occurrences; each entity's or quote's are
 * chained from its last through prev, newest first: adding one writes
 * only the new one, not the one before it, long out of cache
 * (the JSON output walks a chain back to list them in the order they
 * came). */
typedef struct loom_occurrence {
	uint32_t article, start, end;
	uint32_t prev; /* the one before it in its chain, or LOOM_NONE */
	const char *text;
} loom_occurrence;

/* Variants whose spelling's hash the entity keeps beside its fields: a
 * mention compares its spelling with these without reading the strings,
 * scattered over the pool (nine in ten mentions of a known entity are
 * spelt as its first or second variant in the bench). */
#define LOOM_HASHED_VARIANTS 2
/* The next variants keep a byte of that hash (loom_entity.tag): a
 * spelling new to the entity passes the byte of one in 256 of them, so
 * it rarely reads their strings, each a miss at a million articles. */
#define LOOM_TAGGED_VARIANTS 4

/* One cache line, each record on its own (the array starts on a line):
 * all that resolving a name and matching its spellings by hash read and
 * write. Most entities have one spelling, kept here; one with more keeps
 * the rest in a block of the pool (more), allocated when it gains its
 * second: the eight pointers every record kept were half of each record
 * (bench/RESULTS.md, session 27). Its mentions are counted along its
 * chain when the JSON is written (jsonio.c), not kept. */
typedef struct loom_entity {
	uint64_t key, first_key;
	uint32_t last_article;
	uint32_t last_mention; /* its chain in men, or LOOM_NONE */
	/* named: commit's own, set only while it names entities;
	 * shouted: the name is a dateline's capitals ("HAVENMOOR"), which
	 * the place's name in prose replaces */
	uint8_t type : 4, has_first : 1, named : 1, shouted : 1;
	uint8_t nvariants;
	uint8_t name_words; /* words of name, at most 255 */
	uint8_t name_at;    /* the variant that names it: the fullest */
	/* the top byte of the XXH3 of variant LOOM_HASHED_VARIANTS + v */
	uint8_t tag[LOOM_TAGGED_VARIANTS];
	/* XXH3 of variant v, for v below LOOM_HASHED_VARIANTS */
	uint64_t spelling[LOOM_HASHED_VARIANTS];
	const char *first_variant;
	const char **more; /* variants 1 .. LOOM_MAX_VARIANTS - 1, or NULL */
} loom_entity;

/* Variant v (below g->nvariants) of entity g, a string in the pool. */
static inline const char *loom__entity_variant(const loom_entity *g, size_t v)
{
	return v ? g->more[v - 1] : g->first_variant;
}

/* The name of entity g: its fullest spelling. */
static inline const char *loom__entity_name(const loom_entity *g)
{
	return loom__entity_variant(g, g->name_at);
}

typedef struct loom_quote {
	const char *text;
	const char *said;     /* speaker words when no entity is known */
	uint32_t speaker;     /* entity, or LOOM_NONE */
	uint32_t last_occurrence; /* its chain in occ, or LOOM_NONE */
	uint32_t terms;       /* distinct content words */
	uint64_t text_key;    /* hash of the exact words */
} loom_quote;

/* The entities last named with one name key, one of each type: what a
 * bare name ("Novak", "Novak's aides") joins. It is its own slot of the
 * store's table (32 bytes, two to a cache line): a look-up reads one
 * probe run, where a table of indexes into an array of these read a run
 * and then the record. */
typedef struct loom_latest_named {
	uint32_t folded; /* the key folded to 32 bits; 0: an empty slot */
	uint32_t of_type[LOOM_NAME_OTHER + 1]; /* entity or LOOM_NONE; [0] unused */
	uint64_t key;    /* the newest of the keys folded alike */
} loom_latest_named;

typedef struct loom_entity_store {
	loom_mem *mem;
	loom_entity *ent; /* on cache lines, in ent_mem */
	void *ent_mem;
	size_t n, cap;
	loom_occurrence *men;
	size_t nmen, men_cap;
	/* name key (folded) -> the entities last named with it: open
	 * addressing, linear probing, at most half full, from a cache
	 * line's start */
	loom_latest_named *latest;
	void *latest_mem; /* what latest was allocated as */
	size_t latest_mask, nlatest;
	loom_people people;   /* surname and first name -> person */
	loom_quote *quotes;
	size_t nquotes, quotes_cap;
	loom_occurrence *occ;
	size_t nocc, occ_cap;
	loom_recent terms;    /* content word -> its newest quotes */
	loom_postings texts;  /* exact words -> quotes */
	/* scratch for matching a quote: a counting table kept all zero
	 * between uses (entities.c), so that no quote clears all of it */
	struct loom_quote_hit *quote_hits;
} loom_entity_store;

/* What one article adds: made by prepare, applied by commit. */
typedef struct loom_article_plan loom_article_plan;

void loom__entities_init(loom_entity_store *s, loom_mem *mem);
void loom__entities_free(loom_entity_store *s);

/* Plans the article's names and quotes (text: the article; pool: engine
 * strings). Returns NULL when out of memory; nothing visible changed. */
loom_article_plan *loom__entities_prepare(loom_entity_store *s, loom_stories *st,
					  const char *text, const loom_tokens *tk,
					  const loom_names *nm,
					  const loom_quotes_found *qf,
					  loom_arena *scratch, loom_arena *pool);
void loom__entities_commit(loom_entity_store *s, const loom_article_plan *p,
			   uint32_t article);

const char *loom__entity_type_name(uint8_t type);

#endif
