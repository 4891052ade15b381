/* names.h - the names in one article: people, organisations, places.
 *
 * A name is a run of capitalised words (with "of", "de", "van"... inside),
 * less a title in front ("Foreign Minister", "Mr.") and a possessive at the
 * end. Its type comes from the lexicon (iso-codes, WordNet), from its words
 * ("Bank", "Ministry", "Inc."), from a title or a verb of saying next to
 * it, and from earlier mentions: a bare "Novak" is the "Jana Novak" named
 * before, and shares her entity. Roles ("the minister") are remembered
 * with the person they introduce, for quotes.c. Everything lives in the
 * article's arena. */
#ifndef LOOM_NAMES_H
#define LOOM_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "text.h"
#include "tokens.h"

enum loom_name_type {
	LOOM_NAME_PERSON = 1,
	LOOM_NAME_ORG,
	LOOM_NAME_PLACE,
	LOOM_NAME_OTHER
};

typedef struct loom_mention {
	uint32_t start, end;       /* bytes of the name */
	uint32_t first_tok, ntok;  /* its tokens */
	uint32_t local;            /* the article's entity it names */
} loom_mention;

typedef struct loom_local_entity {
	uint32_t name;             /* the fullest mention names it */
	uint8_t type;
	uint8_t has_first;         /* a person named with a first name */
	uint8_t lone;              /* one unknown word, typed by nothing: kept
				    * for coreference, not reported */
	uint8_t group;             /* a word for a people or a creed
				    * ("Israeli", "Kurdish"): never a lone
				    * mention of someone else's name */
	uint64_t key;              /* surname (person) or whole-name skeleton */
	uint64_t first_key;        /* first-name skeleton, person only */
	uint64_t role;             /* hash of the role noun ("minister"), 0 */
	uint32_t global;           /* set by entities.c */
} loom_local_entity;

typedef struct loom_names {
	loom_mention *m;
	size_t n;
	loom_local_entity *ent;
	size_t nent;
	int32_t *at;               /* per token: the mention it is in, or -1 */
} loom_names;

/* Names in the tokens; a dateline span (may be empty) is a place.
 * Returns 0 or -1 when out of memory. */
int loom__find_names(loom_names *out, const char *text, const loom_tokens *tk,
		     loom_span dateline, loom_arena *a);

/* Hash of the lower-case ASCII form of a role noun ("minister"), as
 * loom_local_entity.role holds it; 0 when the word is no role noun. */
uint64_t loom__role_of(const char *text, const loom_token *t);

/* A title or role word written before a name ("Rep.", "secretary"). */
int loom__is_title(const char *text, const loom_token *t);

/* Skeleton hash of a name's bytes: case, diacritics, spacing, hyphens and
 * transliteration variants (y/i/j, w/v, ph/f, doubled letters) aside, so
 * that Zelensky, Zelenskyy and Zelenskiy meet. */
uint64_t loom__name_skeleton(const char *s, size_t len);

/* Is [s, e) a lower-case past participle ("based", "controlled",
 * "held", "run", "born")? */
int loom__past_participle(const char *s, const char *e);

#endif
