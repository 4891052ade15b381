/* entities.c - entities and quotes across articles (entities.h). */
#include "entities.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "text.h"

#define MAX_QUOTE_TERMS 48
#define MAX_POSTINGS_READ 16   /* quotes read per content word */
_Static_assert(MAX_POSTINGS_READ % LOOM_RECENT_LINE_VALUES == 0 &&
		       !(MAX_POSTINGS_READ & (MAX_POSTINGS_READ - 1)),
	       "a power of two of whole lines (recent.h)");
/* names whose look-ups are under way; 8 rather than 4 rides out slow
 * memory (RESULTS.md, session 22) */
#define ENTITY_LOOKAHEAD 8
#define RECENT 64              /* earlier items of the same article compared */
#define MIN_SHARE 0.6          /* of the shorter quote's content words */
#define MAX_TEXT 2048          /* an occurrence's text is cut there */

typedef struct planned_entity {
	uint32_t global;  /* LOOM_NONE when skipped */
	int fresh, skip;  /* skip: a lone unknown word nothing else names */
	uint8_t lone, group;
	const char *name;
	uint8_t name_words; /* at most 255, as loom_entity keeps it */
	uint8_t type, has_first;
	uint8_t new_spellings; /* mentions whose spelling the entity lacks, to 255 */
	uint8_t caps;       /* name is in capitals; set with name */
	uint8_t shouted;    /* and a dateline's (loom_entity.shouted) */
	uint64_t key, first_key;
} planned_entity;

typedef struct planned_quote {
	uint32_t target; /* an existing quote, or the new one's index */
	int fresh;
	uint32_t start, end, speaker;
	const char *text, *said;
	uint32_t *terms;
	size_t nterms;
	uint64_t text_key; /* the exact words, for quotes too short to share terms */
} planned_quote;

struct loom_article_plan {
	loom_names nm; /* a copy: the arrays stay in the scratch arena */
	planned_entity *ents;
	const char **mention_text;
	uint64_t *mention_spelling; /* spelling_of(mention_text[i]) */
	planned_quote *q;
	size_t nq, new_entities, new_quotes, new_terms, new_full;
	/* blocks of variants 1.. for entities that gain a second spelling
	 * (loom_entity.more), taken in turn by commit, which cannot fail */
	const char **spare_more;
	size_t nspare_more;
	/* commit's own: per planned entity, whether its name now names the
	 * entity (the variant's index is found once the spellings are in) */
	uint8_t *adopts_name;
};

void loom__entities_init(loom_entity_store *s, loom_mem *mem)
{
	memset(s, 0, sizeof *s);
	s->mem = mem;
	loom__people_init(&s->people, mem);
	loom__recent_init(&s->terms, mem, MAX_POSTINGS_READ);
	loom__postings_init(&s->texts, mem);
}

void loom__entities_free(loom_entity_store *s)
{
	loom__free(s->mem, s->ent_mem);
	loom__free(s->mem, s->men);
	loom__free(s->mem, s->quotes);
	loom__free(s->mem, s->occ);
	loom__free(s->mem, s->latest_mem);
	s->latest = s->latest_mem = NULL;
	loom__people_free(&s->people);
	loom__recent_free(&s->terms);
	loom__postings_free(&s->texts);
	loom__free(s->mem, s->quote_hits);
	s->quote_hits = NULL;
	s->ent = s->ent_mem = NULL;
	s->men = NULL;
	s->quotes = NULL;
	s->occ = NULL;
}

const char *loom__entity_type_name(uint8_t type)
{
	switch (type) {
	case LOOM_NAME_PERSON: return "person";
	case LOOM_NAME_ORG: return "org";
	case LOOM_NAME_PLACE: return "place";
	default: return "other";
	}
}

/* A 32-bit posting key (never 0) for a 64-bit one; collisions are told
 * apart by the full key kept with each entity and quote. */
static uint32_t fold(uint64_t h)
{
	uint32_t k = (uint32_t)(h ^ (h >> 32));
	return k ? k : 1;
}

/* The key of an entity in the latest table: its name's key alone (any
 * type: a lone word looks for a person, an organisation or a place at
 * once). */
static uint32_t any_key(uint64_t key)
{
	return fold(key);
}

/* A copy of text[start, end) in the pool, white space folded. */
static const char *pool_text(loom_arena *pool, const char *text, uint32_t start,
			     uint32_t end)
{
	size_t room = (size_t)(end - start) * 3 + 1;
	if (room > MAX_TEXT)
		room = MAX_TEXT;
	char *d = loom__arena_alloc_text(pool, room);
	if (!d)
		return NULL;
	loom_span sp = {start, end};
	size_t n = loom__clean_copy(d, room, text, sp);
	loom__arena_shrink_last(pool, d, n + 1);
	return d;
}

_Static_assert(sizeof(loom_entity) == LOOM_LINE, "an entity is one whole line");
_Static_assert(LOOM_HASHED_VARIANTS + LOOM_TAGGED_VARIANTS < LOOM_MAX_VARIANTS,
	       "the last variant keeps no hash, so a name can take its place (name_entity)");

/* An entity's line: all that resolving its names and matching their
 * spellings by hash read and write. Its block of
 * further variants is asked for apart (prepare), when it has one: at a
 * million articles each line asked for is a miss, and the misses under
 * way are few (a core's miss buffers). */
static void prefetch_entity(const loom_entity_store *s, uint32_t gi)
{
	__builtin_prefetch(&s->ent[gi]);
}

/* What an entity keeps of a spelling (loom_entity.spelling): equal
 * hashes are taken for equal strings, as quotes take their text_key; a
 * false match would need two spellings of one entity to collide in 64
 * bits. */
static uint64_t spelling_of(const char *s, size_t len)
{
	return XXH3_64bits(s, len);
}

/* What loom_entity.tag keeps of a spelling's hash. */
static uint8_t tag_of(uint64_t h)
{
	return (uint8_t)(h >> 56);
}

/* Whether variant v of g (from LOOM_HASHED_VARIANTS on) may be the
 * spelling hashed h: only then are its string's bytes worth reading. */
static int may_be_variant(const loom_entity *g, size_t v, uint64_t h)
{
	size_t t = v - LOOM_HASHED_VARIANTS;
	return t >= LOOM_TAGGED_VARIANTS || g->tag[t] == tag_of(h);
}

/* Is the string t spelt s[0, len)? s is the article's bytes and may hold
 * a NUL (read as a space between a name's words, tokens.c): strncmp
 * would stop there as if both ended, and t[len] would then be read past
 * a shorter t's end. */
static int spelt(const char *t, const char *s, size_t len)
{
	return strnlen(t, len + 1) == len && !memcmp(t, s, len);
}

/* The variant of g spelt s[0, len) (h: its spelling_of), or NULL. */
static const char *known_spelling(const loom_entity *g, const char *s, size_t len, uint64_t h)
{
	size_t v = 0;
	for (; v < g->nvariants && v < LOOM_HASHED_VARIANTS; v++)
		if (g->spelling[v] == h) {
			const char *t = loom__entity_variant(g, v);
#ifdef LOOM_TEST
			assert(spelt(t, s, len));
#endif
			return t;
		}
	for (; v < g->nvariants; v++) {
		const char *t = NULL;
		if (may_be_variant(g, v, h)) {
			t = loom__entity_variant(g, v);
			if (spelt(t, s, len))
				return t;
		}
#ifdef LOOM_TEST
		else { /* a byte that differs is never a spelling that matches */
			t = loom__entity_variant(g, v);
			assert(!spelt(t, s, len));
		}
#endif
	}
	return NULL;
}

_Static_assert(sizeof(loom_latest_named) == 32, "two records to a cache line");

/* Is s[0, len) in capitals: two letters or more, none lower case? A
 * dateline's place ("HAVENMOOR, March 4") is spelt so; in prose the
 * same place is "Havenmoor", the spelling that should name it, and no
 * spelling in capitals (a headline's, a shouted sentence's) may. */
static int in_capitals(const char *s, size_t len)
{
	size_t upper = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			return 0;
		upper += s[i] >= 'A' && s[i] <= 'Z';
	}
	return upper >= 2;
}

/* Would a name of name_words words (has_first: with a first name; caps:
 * in capitals) name g better than its name: fuller, or the spelling in
 * prose of a place named by a dateline's capitals? prepare asks it to
 * copy only names that may name an entity; commit, as each name of the
 * article is applied. */
static int names_better(const loom_entity *g, uint8_t name_words, int has_first, int caps)
{
	return name_words > g->name_words || (has_first && !g->has_first) ||
	       (g->shouted && !caps && name_words == g->name_words);
}

/* The record of folded in the table t of mask + 1 slots, or the empty
 * slot where it would go. */
static loom_latest_named *latest_slot_in(loom_latest_named *t, size_t mask, uint32_t folded)
{
	size_t at = loom__table32_slot_of(folded, mask);
	while (t[at].folded && t[at].folded != folded)
		at = (at + 1) & mask;
	return &t[at];
}

/* The same in the store's table; NULL when it has no slots yet. */
static loom_latest_named *latest_slot(const loom_entity_store *s, uint32_t folded)
{
	return s->latest ? latest_slot_in(s->latest, s->latest_mask, folded) : NULL;
}

/* Room for n more keys: the table rebuilt twice as large (or more) when
 * they would fill it past half. Between 1/4 and 1/2 full, a key found
 * reads 1.2-1.5 slots on average and a key missing (a name new to the
 * stream) 1.4-2.5, two to a line; filled to 3/4 it was 1.3-2.5 and
 * 1.8-8.5, and at 1M, where each further line is a miss the prefetch
 * of the first did not cover, that cost more than the memory saved
 * (bench/RESULTS.md, session 23). Returns 0 or -1 when out of memory. */
static int latest_reserve(loom_entity_store *s, size_t n)
{
	size_t slots = s->latest ? s->latest_mask + 1 : 0;
	if ((s->nlatest + n) * 2 <= slots)
		return 0;
	size_t cap = slots ? slots * 2 : 1024;
	while ((s->nlatest + n) * 2 > cap)
		cap *= 2;
	void *mem = loom__calloc(s->mem, cap * sizeof *s->latest + LOOM_LINE, 1);
	if (!mem)
		return -1;
	loom_latest_named *t = loom__line_up(mem);
	for (size_t i = 0; i < slots; i++)
		if (s->latest[i].folded)
			*latest_slot_in(t, cap - 1, s->latest[i].folded) = s->latest[i];
	loom__free(s->mem, s->latest_mem);
	s->latest = t;
	s->latest_mem = mem;
	s->latest_mask = cap - 1;
	return 0;
}

/* The entities last named with this key, or NULL. */
static const loom_latest_named *latest_named(const loom_entity_store *s, uint64_t key)
{
	const loom_latest_named *l = latest_slot(s, any_key(key));
	return l && l->folded && l->key == key ? l : NULL; /* or another key folded alike */
}

/* The latest seen entity of this type with this key, or LOOM_NONE. */
static uint32_t latest_of_type(const loom_entity_store *s, uint64_t key, uint8_t type)
{
	const loom_latest_named *l = latest_named(s, key);
	return l ? l->of_type[type] : LOOM_NONE;
}

/* Files entity gi as the latest named with its key and type; room
 * reserved by prepare. */
static void note_named(loom_entity_store *s, uint32_t gi)
{
	const loom_entity *g = &s->ent[gi];
	loom_latest_named *l = latest_slot(s, any_key(g->key));
	if (!l->folded || l->key != g->key) { /* or the newer of two keys folded alike */
		s->nlatest += !l->folded;
		l->folded = any_key(g->key);
		l->key = g->key;
		for (size_t t = 0; t <= LOOM_NAME_OTHER; t++)
			l->of_type[t] = LOOM_NONE;
	}
	l->of_type[g->type] = gi;
}

/* The index slots best_match or lone_match will read for le. */
static void prefetch_match(const loom_entity_store *s, const loom_local_entity *le)
{
	if (le->has_first) {
		if (le->type == LOOM_NAME_PERSON) {
			loom__people_prefetch(&s->people, loom__people_full(le->key, le->first_key));
			loom__people_prefetch(&s->people, loom__people_surname(le->key));
		}
	} else if (s->latest) {
		__builtin_prefetch(&s->latest[loom__table32_slot_of(any_key(le->key), s->latest_mask)]);
	}
}

/* The entity a planned name joins, or LOOM_NONE. A person with a first
 * name joins the same person, else one known only by surname (then
 * *gains_first is set); a bare surname, or any other name, joins the
 * latest seen with its key. Only people are filed by first name. */
static uint32_t best_match(const loom_entity_store *s, const planned_entity *pe,
			   int *gains_first)
{
	if (!pe->has_first)
		return latest_of_type(s, pe->key, pe->type);
	if (pe->type != LOOM_NAME_PERSON)
		return LOOM_NONE;
	uint32_t g = loom__people_get(&s->people, loom__people_full(pe->key, pe->first_key));
#ifdef LOOM_TEST
	assert(g == LOOM_NONE || (s->ent[g].type == LOOM_NAME_PERSON && s->ent[g].key == pe->key &&
				  s->ent[g].has_first && s->ent[g].first_key == pe->first_key));
#endif
	if (g != LOOM_NONE)
		return g;
	g = loom__people_get(&s->people, loom__people_surname(pe->key));
#ifdef LOOM_TEST
	assert(g == LOOM_NONE || (s->ent[g].type == LOOM_NAME_PERSON && s->ent[g].key == pe->key &&
				  !s->ent[g].has_first));
#endif
	*gains_first = g != LOOM_NONE;
	return g;
}

/* A lone word the article could not type ("Novak's aides") is the
 * person, organisation or place seen before, in that order. */
static uint32_t lone_match(const loom_entity_store *s, planned_entity *pe)
{
	static const uint8_t types[] = {LOOM_NAME_PERSON, LOOM_NAME_ORG, LOOM_NAME_PLACE};
	const loom_latest_named *l = latest_named(s, pe->key);
	for (size_t t = 0; l && t < 3; t++)
		if (l->of_type[types[t]] != LOOM_NONE) {
			pe->type = types[t];
			return l->of_type[types[t]];
		}
	return LOOM_NONE;
}

static int person_fits(uint8_t has_first, uint64_t first_key, uint8_t o_has_first,
		       uint64_t o_first_key)
{
	return !has_first || !o_has_first || first_key == o_first_key;
}

static void resolve_entity(const loom_entity_store *s, loom_article_plan *p,
			   size_t li)
{
	planned_entity *pe = &p->ents[li];
	uint32_t best = LOOM_NONE;
	if (pe->type == LOOM_NAME_OTHER && pe->name_words == 1 && !pe->group) {
		best = lone_match(s, pe);
		if (best == LOOM_NONE && pe->lone) {
			pe->skip = 1;
			pe->global = LOOM_NONE;
			return;
		}
	}
	int gains_first = 0;
	if (best == LOOM_NONE)
		best = best_match(s, pe, &gains_first);
	if (best != LOOM_NONE) {
		pe->global = best;
		p->new_full += gains_first; /* its first name is filed */
		return;
	}
	/* an entity new in this article already? names.c joined most of
	 * them; this catches what a type change above made alike */
	for (size_t j = li > RECENT ? li - RECENT : 0; j < li; j++) {
		planned_entity *o = &p->ents[j];
		/* the key first: it almost never matches, which the branch
		 * predictor learns, while fresh is a coin toss */
		if (o->key == pe->key && o->fresh && o->type == pe->type &&
		    person_fits(pe->has_first, pe->first_key, o->has_first, o->first_key)) {
			pe->global = o->global;
			return;
		}
	}
	pe->fresh = 1;
	pe->global = (uint32_t)(s->n + p->new_entities++);
}

/* Adds term to out[0, *n), sorted and distinct. */
static void insert_term(uint32_t *out, size_t *n, uint32_t term)
{
	size_t at = *n;
	while (at > 0 && out[at - 1] > term)
		at--;
	if (at > 0 && out[at - 1] == term)
		return;
	memmove(out + at + 1, out + at, (*n - at) * sizeof *out);
	out[at] = term;
	(*n)++;
}

/* A quote's word as its term sees it: a contraction by its first part
 * ("we're" as "we"). */
static size_t contraction_head(const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (w[i] == '\'' || (i + 2 < len && !memcmp(w + i, "\xe2\x80\x99", 3)))
			return i;
	return len;
}

/* Content words of a quote, sorted and distinct: stemmed like story
 * terms. The words' keys are taken a batch ahead of their terms: each
 * term is a look-up in a cache of a megabyte, and the batch's look-ups
 * overlap. */
#define TERM_BATCH 16
static size_t quote_terms(loom_stories *st, const char *text, const loom_tokens *tk,
			  const loom_quote_found *q, uint32_t *out)
{
	size_t n = 0;
	uint32_t k = q->first_tok;
	/* how far the text may be read: its last token's end */
	size_t limit = tk->n ? tk->tok[tk->n - 1].end : 0;
	while (k < q->end_tok && n < MAX_QUOTE_TERMS) {
		struct {
			uint64_t key;
			uint32_t start, len;
		} batch[TERM_BATCH];
		size_t nb = 0;
		for (; k < q->end_tok && nb < TERM_BATCH; k++) {
			const loom_token *t = &tk->tok[k];
			if (t->kind != LOOM_TOK_WORD)
				continue;
			size_t len = t->end - t->start;
			/* a plain word (tokens.h) is its key's bytes,
			 * lower-cased, unless it is a contraction */
			int got = t->flags & LOOM_TF_PLAIN
				? loom__story_plain_word_key(st, text, t->start, len, limit,
							     &batch[nb].key)
				: -1;
			if (got < 0) {
				len = contraction_head(text + t->start, len);
				got = len && loom__story_word_key(st, text + t->start, len,
								  &batch[nb].key);
			}
#ifdef LOOM_TEST
			/* the key the copying path gives, for every word */
			uint64_t slow_key = 0;
			size_t slow_len = contraction_head(text + t->start, t->end - t->start);
			int slow = slow_len && loom__story_word_key(st, text + t->start, slow_len,
								    &slow_key);
			assert(slow == (got != 0) && (!slow || (slow_key == batch[nb].key &&
								slow_len == len)));
#endif
			if (got) {
				batch[nb].start = t->start;
				batch[nb].len = (uint32_t)len;
				nb++;
			}
		}
		/* in order, and no further than a word-by-word loop would go:
		 * the stem cache keeps what was looked up last, and the quote
		 * keeps its first MAX_QUOTE_TERMS terms */
		for (size_t b = 0; b < nb && n < MAX_QUOTE_TERMS; b++) {
			uint32_t term = loom__story_key_term(st, batch[b].key, text + batch[b].start,
							     batch[b].len);
			if (term)
				insert_term(out, &n, term);
		}
	}
	return n;
}

/* match_quote's table: quote + 1 -> hits. */
struct loom_quote_hit {
	uint32_t quote, count;
};
typedef struct loom_quote_hit hit;

/* Its largest size: MAX_QUOTE_TERMS * MAX_POSTINGS_READ quotes at most,
 * at most half full. */
static size_t hit_slots(size_t nterms)
{
	size_t slots = 1;
	while (slots < 2 * nterms * MAX_POSTINGS_READ)
		slots <<= 1;
	return slots;
}

/* The earlier quote this one repeats, or LOOM_NONE. h: the store's
 * table of hit_slots(MAX_QUOTE_TERMS) slots, all zero, left so. */
static uint32_t match_quote(const loom_entity_store *s, const planned_quote *pq, hit *h,
			    loom_arena *scratch)
{
	/* the same words exactly: the same quote, however short */
	uint32_t tk = fold(pq->text_key), same[8];
	size_t nsame = loom__postings_lookup(&s->texts, &tk, 1, 8, same);
	for (size_t i = 0; i < nsame; i++) {
		const loom_quote *q = &s->quotes[same[i]];
		if (q->text_key == pq->text_key &&
		    (q->speaker == LOOM_NONE || pq->speaker == LOOM_NONE || q->speaker == pq->speaker))
			return same[i];
	}
	if (pq->nterms < 2)
		return LOOM_NONE;
	/* open addressing in the first `slots` of h, and the slots taken
	 * listed, so that the best is found without a pass over the empty
	 * ones and only they are cleared after (clearing the whole table
	 * for each quote cost more than the rest, and flushed the cache) */
	size_t slots = hit_slots(pq->nterms);
	uint32_t *found = loom__arena_alloc(scratch, pq->nterms * MAX_POSTINGS_READ * sizeof *found);
	uint32_t *taken = loom__arena_alloc(scratch, pq->nterms * MAX_POSTINGS_READ * sizeof *taken);
	if (!found || !taken)
		return LOOM_NONE;
#ifdef LOOM_TEST
	for (size_t i = 0; i < slots; i++)
		assert(!h[i].quote && !h[i].count);
#endif
	size_t nfound = loom__recent_lookup(&s->terms, pq->terms, pq->nterms,
					    MAX_POSTINGS_READ, found);
	size_t ntaken = 0;
	for (size_t i = 0; i < nfound; i++) {
		uint32_t v = found[i] + 1;
		size_t at = (size_t)(found[i] * 0x9E3779B1u) & (slots - 1);
		while (h[at].quote && h[at].quote != v)
			at = (at + 1) & (slots - 1);
		if (!h[at].quote) {
			h[at].quote = v;
			taken[ntaken++] = (uint32_t)at;
		}
		h[at].count++;
	}
	/* the largest share wins; of equal shares, the lowest slot, so that
	 * the answer does not hang on the order the postings came in */
	uint32_t best = LOOM_NONE;
	size_t best_slot = slots;
	double best_share = 0;
	/* the quotes read below, each a cache miss: all started first */
	for (size_t i = 0; i < ntaken; i++)
		if (h[taken[i]].count >= 2)
			__builtin_prefetch(&s->quotes[h[taken[i]].quote - 1]);
	for (size_t i = 0; i < ntaken; i++) {
		size_t j = taken[i];
		/* one shared word says nothing: skip it before reading the
		 * quote, a cache miss */
		if (h[j].count < 2)
			continue;
		const loom_quote *q = &s->quotes[h[j].quote - 1];
		size_t fewer = q->terms < pq->nterms ? q->terms : pq->nterms;
		double share = (double)h[j].count / (double)(fewer ? fewer : 1);
		if (share < MIN_SHARE || share < best_share ||
		    (share == best_share && j > best_slot))
			continue;
		if (q->speaker != LOOM_NONE && pq->speaker != LOOM_NONE &&
		    q->speaker != pq->speaker)
			continue;
		best = h[j].quote - 1;
		best_slot = j;
		best_share = share;
	}
	for (size_t i = 0; i < ntaken; i++)
		h[taken[i]] = (hit){0, 0};
	return best;
}

/* Blocks for the entities that may gain a second spelling in commit: one
 * known by one spelling that the article spells anew, or one new in it
 * spelt two ways. A planned entity that is not the first to name a new
 * entity counts when it has a spelling of its own, so that two of them
 * naming it one way each are covered. Over-counts (56 bytes of pool
 * each, in a few articles of a thousand) where a new string turns out
 * to be a known spelling once its white space is folded, and where two
 * of an article's entities bring new spellings to one entity known by
 * one. Returns 0 or -1 (no memory). */
static int reserve_more(const loom_entity_store *s, loom_article_plan *p, loom_arena *pool)
{
	size_t need = 0;
	for (size_t i = 0; i < p->nm.nent; i++) {
		const planned_entity *pe = &p->ents[i];
		if (pe->skip || !pe->new_spellings)
			continue;
		if (pe->global < s->n) {
			size_t had = s->ent[pe->global].nvariants;
			need += had <= 1 && had + pe->new_spellings >= 2;
		} else
			need += !pe->fresh || pe->new_spellings >= 2;
	}
	p->nspare_more = need;
	p->spare_more = NULL;
	if (need)
		p->spare_more = loom__arena_alloc(pool, need * (LOOM_MAX_VARIANTS - 1) *
							sizeof *p->spare_more);
	return need && !p->spare_more ? -1 : 0;
}

loom_article_plan *loom__entities_prepare(loom_entity_store *s, loom_stories *st,
					  const char *text, const loom_tokens *tk,
					  const loom_names *nm,
					  const loom_quotes_found *qf,
					  loom_arena *scratch, loom_arena *pool)
{
	loom_article_plan *p = loom__arena_alloc(scratch, sizeof *p);
	if (!p)
		return NULL;
	memset(p, 0, sizeof *p);
	p->nm = *nm;
	p->ents = loom__arena_alloc(scratch, (nm->nent + 1) * sizeof *p->ents);
	p->mention_text = loom__arena_alloc(scratch, (nm->n + 1) * sizeof *p->mention_text);
	p->mention_spelling = loom__arena_alloc(scratch,
						(nm->n + 1) * sizeof *p->mention_spelling);
	p->q = loom__arena_alloc(scratch, (qf->n + 1) * sizeof *p->q);
	p->adopts_name = loom__arena_alloc(scratch, nm->nent + 1);
	if (!p->ents || !p->mention_text || !p->mention_spelling || !p->q || !p->adopts_name)
		return NULL;
	for (size_t i = 0; i < nm->nent && i < ENTITY_LOOKAHEAD; i++)
		prefetch_match(s, &nm->ent[i]);
	for (size_t i = 0; i < nm->nent; i++) {
		const loom_local_entity *le = &nm->ent[i];
		const loom_mention *m = &nm->m[le->name];
		planned_entity *pe = &p->ents[i];
		/* the tables miss the cache: start a later name's look-ups */
		if (i + ENTITY_LOOKAHEAD < nm->nent)
			prefetch_match(s, &nm->ent[i + ENTITY_LOOKAHEAD]);
		memset(pe, 0, sizeof *pe);
		pe->type = le->type;
		pe->key = le->key;
		pe->first_key = le->first_key;
		pe->has_first = le->has_first;
		pe->name_words = (uint8_t)(m->ntok > UINT8_MAX ? UINT8_MAX : m->ntok ? m->ntok : 1);
		pe->lone = le->lone;
		pe->group = le->group;
		resolve_entity(s, p, i);
		/* read below, once every name is resolved: by then the
		 * entity has come in */
		if (!pe->skip && pe->global < s->n)
			prefetch_entity(s, pe->global);
	}
	for (size_t i = 0; i < nm->nent; i++) {
		const loom_mention *m = &nm->m[nm->ent[i].name];
		planned_entity *pe = &p->ents[i];
		if (pe->skip)
			continue;
		/* a copy of the name only when it will name the entity */
		const loom_entity *g = pe->global < s->n ? &s->ent[pe->global] : NULL;
		/* the mentions below compare their spelling with these,
		 * the first ones by hash, the next by a byte of it, the last
		 * by their strings */
		if (g && g->nvariants > 1)
			__builtin_prefetch(g->more);
		if (g && g->nvariants > LOOM_HASHED_VARIANTS + LOOM_TAGGED_VARIANTS)
			__builtin_prefetch(&g->more[LOOM_HASHED_VARIANTS + LOOM_TAGGED_VARIANTS - 1]);
		int caps = in_capitals(text + m->start, m->end - m->start);
		if (!g || names_better(g, pe->name_words, pe->has_first, caps)) {
			pe->name = pool_text(pool, text, m->start, m->end);
			if (!pe->name)
				return NULL;
			pe->caps = (uint8_t)caps;
			pe->shouted = caps && m->ntok == 0;
		}
	}
	/* mentions of one local entity, chained: spellings repeat */
	uint32_t *last_of = loom__arena_alloc(scratch, (nm->nent + 1) * sizeof *last_of);
	uint32_t *prev = loom__arena_alloc(scratch, (nm->n + 1) * sizeof *prev);
	if (!last_of || !prev)
		return NULL;
	for (size_t i = 0; i < nm->nent; i++)
		last_of[i] = LOOM_NONE;
	for (size_t i = 0; i < nm->n; i++) {
		const loom_mention *m = &nm->m[i];
		size_t len = m->end - m->start;
		const char *t = NULL;
		/* one string per spelling: the entity's, or this article's */
		planned_entity *pe = &p->ents[m->local];
		p->mention_text[i] = NULL;
		if (pe->skip)
			continue;
		/* the same spelling earlier in the article first: its text
		 * is in cache, the entity's variants are not */
		size_t walked = 0;
		uint64_t h = 0;
		for (uint32_t j = last_of[m->local]; j != LOOM_NONE && !t && walked++ < RECENT;
		     j = prev[j])
			if (nm->m[j].end - nm->m[j].start == len &&
			    !memcmp(text + nm->m[j].start, text + m->start, len)) {
				t = p->mention_text[j];
				h = p->mention_spelling[j];
			}
		if (!t && pe->global < s->n) {
			const loom_entity *g = &s->ent[pe->global];
			h = spelling_of(text + m->start, len);
			t = known_spelling(g, text + m->start, len, h);
		}
		if (!t) {
			/* the name mention whose copy names a new entity */
			if (pe->name && i == nm->ent[m->local].name)
				t = pe->name;
			else if (!(t = pool_text(pool, text, m->start, m->end)))
				return NULL;
			/* the copy's own: white space folded, it may differ
			 * from the text's bytes */
			h = spelling_of(t, strlen(t));
			pe->new_spellings += pe->new_spellings < UINT8_MAX;
		}
		p->mention_text[i] = t;
		p->mention_spelling[i] = h;
		prev[i] = last_of[m->local];
		last_of[m->local] = (uint32_t)i;
	}
	if (reserve_more(s, p, pool))
		return NULL;
	if (qf->n && !s->quote_hits &&
	    !(s->quote_hits = loom__calloc(s->mem, hit_slots(MAX_QUOTE_TERMS), sizeof *s->quote_hits)))
		return NULL;
	for (size_t i = 0; i < qf->n; i++) {
		const loom_quote_found *q = &qf->q[i];
		planned_quote *pq = &p->q[p->nq];
		memset(pq, 0, sizeof *pq);
		pq->start = q->start;
		pq->end = q->end;
		pq->speaker = q->speaker >= 0 ? p->ents[q->speaker].global : LOOM_NONE;
		if (q->speaker >= 0 && p->ents[q->speaker].skip) {
			const loom_mention *nmn = &nm->m[nm->ent[q->speaker].name];
			if (!(pq->said = pool_text(pool, text, nmn->start, nmn->end)))
				return NULL;
		}
		/* in scratch first: a repeat shares the quote's copy */
		pq->text = pool_text(scratch, text, q->start, q->end);
		if (!pq->text)
			return NULL;
		if (!pq->said && q->said_end > q->said_start &&
		    !(pq->said = pool_text(pool, text, q->said_start, q->said_end)))
			return NULL;
		pq->terms = loom__arena_alloc(scratch, MAX_QUOTE_TERMS * sizeof *pq->terms);
		if (!pq->terms)
			return NULL;
		pq->nterms = quote_terms(st, text, tk, q, pq->terms);
		/* above 2^32, apart from the stem terms */
		pq->text_key = XXH3_64bits(pq->text, strlen(pq->text)) | ((uint64_t)1 << 63);
		pq->target = match_quote(s, pq, s->quote_hits, scratch);
		/* the same words twice in this article */
		size_t from = p->nq > RECENT ? p->nq - RECENT : 0;
		for (size_t j = from; j < p->nq && pq->target == LOOM_NONE; j++)
			if (p->q[j].text_key == pq->text_key &&
			    (p->q[j].speaker == pq->speaker || p->q[j].speaker == LOOM_NONE ||
			     pq->speaker == LOOM_NONE))
				pq->target = p->q[j].target;
		if (pq->target == LOOM_NONE) {
			pq->fresh = 1;
			pq->target = (uint32_t)(s->nquotes + p->new_quotes++);
			p->new_terms += pq->nterms;
		}
		const char *same = NULL;
		if (pq->target < s->nquotes && s->quotes[pq->target].text_key == pq->text_key)
			same = s->quotes[pq->target].text;
		for (size_t j = from; j < p->nq && !same; j++)
			if (p->q[j].text_key == pq->text_key)
				same = p->q[j].text;
		if (same) {
			pq->text = same;
		} else {
			size_t n = strlen(pq->text) + 1;
			char *d = loom__arena_alloc_text(pool, n);
			if (!d)
				return NULL;
			memcpy(d, pq->text, n);
			pq->text = d;
		}
		p->nq++;
	}
	if (loom__grow_lines(s->mem, &s->ent_mem, (void **)&s->ent, &s->cap,
			     s->n + p->new_entities + 1, sizeof *s->ent) ||
	    loom__grow(s->mem, (void **)&s->men, &s->men_cap, s->nmen + nm->n + 1,
		       sizeof *s->men) ||
	    latest_reserve(s, nm->nent + 1) ||
	    loom__people_reserve(&s->people, p->new_entities + p->new_full + 1) ||
	    loom__grow(s->mem, (void **)&s->quotes, &s->quotes_cap,
		       s->nquotes + p->new_quotes + 1, sizeof *s->quotes) ||
	    loom__grow(s->mem, (void **)&s->occ, &s->occ_cap, s->nocc + p->nq + 1,
		       sizeof *s->occ) ||
	    loom__recent_reserve(&s->terms, p->new_terms + 1) ||
	    loom__postings_reserve(&s->texts, p->new_quotes + 1))
		return NULL;
	/* commit files each entity as the latest named with its key: a
	 * slot a full name's look-up did not read. Started now, it has
	 * come in by then, where commit would wait for each in turn. */
	for (size_t i = 0; i < nm->nent; i++)
		if (!p->ents[i].skip && p->ents[i].has_first)
			__builtin_prefetch(
				&s->latest[loom__table32_slot_of(any_key(p->ents[i].key), s->latest_mask)],
				1);
	return p;
}

/* The index of g's variant spelt t (h: its spelling_of), or
 * g->nvariants when it has none. */
static size_t variant_index(const loom_entity *g, const char *t, uint64_t h)
{
	/* by hash first: the strings are read only past them */
	size_t v = 0;
	for (; v < g->nvariants; v++) {
		const char *o;
		if (v < LOOM_HASHED_VARIANTS ? g->spelling[v] == h
					     : may_be_variant(g, v, h) &&
						       ((o = loom__entity_variant(g, v)) == t ||
							!strcmp(o, t)))
			break;
	}
#ifdef LOOM_TEST
	for (size_t i = 0; i < g->nvariants; i++)
		assert((i == v) == !strcmp(loom__entity_variant(g, i), t));
#endif
	return v;
}

/* Adds spelling t (h: its spelling_of) to g's variants, unless there;
 * a second spelling takes the next of the plan's blocks (*spare). */
static void add_variant(loom_entity *g, const char *t, uint64_t h, const loom_article_plan *p,
			size_t *spare)
{
	if (variant_index(g, t, h) < g->nvariants || g->nvariants >= LOOM_MAX_VARIANTS)
		return;
	if (g->nvariants < LOOM_HASHED_VARIANTS)
		g->spelling[g->nvariants] = h;
	else if (g->nvariants < LOOM_HASHED_VARIANTS + LOOM_TAGGED_VARIANTS)
		g->tag[g->nvariants - LOOM_HASHED_VARIANTS] = tag_of(h);
	if (g->nvariants == 0) {
		g->first_variant = t;
	} else {
		if (g->nvariants == 1) {
			assert(*spare < p->nspare_more); /* reserve_more counted it */
			g->more = &p->spare_more[(*spare)++ * (LOOM_MAX_VARIANTS - 1)];
		}
		g->more[g->nvariants - 1] = t;
	}
	g->nvariants++;
}

/* Makes name t (h: its spelling_of) the variant that names g. It is
 * one of them unless g had all it keeps when t came: then it takes the
 * last one's place. */
static void name_entity(loom_entity *g, const char *t, uint64_t h)
{
	size_t v = variant_index(g, t, h);
	if (v == g->nvariants) {
		assert(g->nvariants == LOOM_MAX_VARIANTS);
		v = LOOM_MAX_VARIANTS - 1;
		g->more[v - 1] = t; /* past the hashed and tagged ones */
	}
	g->name_at = (uint8_t)v;
}

/* Files an occurrence at the end of array a (room reserved by prepare)
 * and of the chain that ends at *last. */
static void chain_append(loom_occurrence *a, size_t *n, uint32_t *last, uint32_t article,
			 uint32_t start, uint32_t end, const char *text)
{
	uint32_t i = (uint32_t)(*n)++;
	a[i] = (loom_occurrence){article, start, end, *last, text};
	*last = i;
}

void loom__entities_commit(loom_entity_store *s, const loom_article_plan *p,
			   uint32_t article)
{
	const loom_names *nm = &p->nm;
	for (size_t i = 0; i < nm->nent; i++) {
		const planned_entity *pe = &p->ents[i];
		p->adopts_name[i] = 0;
		if (pe->skip)
			continue;
		if (pe->fresh && pe->global == s->n) {
			loom_entity *g = &s->ent[s->n++];
			memset(g, 0, sizeof *g);
			p->adopts_name[i] = 1;
			g->key = pe->key;
			g->first_key = pe->first_key;
			g->has_first = pe->has_first;
			g->type = pe->type;
			g->name_words = pe->name_words;
			g->shouted = pe->shouted;
			g->last_mention = LOOM_NONE;
			g->last_article = LOOM_NONE;
			if (g->type == LOOM_NAME_PERSON)
				loom__people_set(&s->people,
						 g->has_first ? loom__people_full(g->key, g->first_key)
							      : loom__people_surname(g->key),
						 pe->global);
			continue;
		}
		loom_entity *g = &s->ent[pe->global];
		/* the fullest name names the entity */
		if (pe->name && names_better(g, pe->name_words, pe->has_first, pe->caps)) {
			p->adopts_name[i] = 1;
			g->name_words = pe->name_words;
			g->shouted = pe->shouted;
			if (pe->has_first && !g->has_first) {
				g->has_first = 1;
				g->first_key = pe->first_key;
				loom__people_set(&s->people, loom__people_full(g->key, g->first_key),
						 pe->global);
				/* no longer known by surname alone */
				if (loom__people_get(&s->people, loom__people_surname(g->key)) == pe->global)
					loom__people_set(&s->people, loom__people_surname(g->key),
							 LOOM_NONE);
			}
		}
	}
	size_t spare = 0;
	for (size_t i = 0; i < nm->n; i++) {
		const loom_mention *m = &nm->m[i];
		if (p->ents[m->local].skip)
			continue;
		uint32_t gi = p->ents[m->local].global;
		loom_entity *g = &s->ent[gi];
		chain_append(s->men, &s->nmen, &g->last_mention, article, m->start, m->end,
			     p->mention_text[i]);
		if (g->last_article != article) {
			g->last_article = article;
			note_named(s, gi);
		}
		add_variant(g, p->mention_text[i], p->mention_spelling[i], p, &spare);
	}
	/* once the spellings are in: of the article's names an entity
	 * adopted, the last names it, as it would have above; the ones it
	 * outgrew take no variant's place (name_entity may take one) */
	for (size_t i = nm->nent; i-- > 0;) {
		if (!p->adopts_name[i])
			continue;
		const planned_entity *pe = &p->ents[i];
		loom_entity *g = &s->ent[pe->global];
		if (g->named)
			continue;
		g->named = 1;
		/* the name's mention is spelt as the name, and hashed */
		uint64_t h = p->mention_spelling[nm->ent[i].name];
#ifdef LOOM_TEST
		assert(h == spelling_of(pe->name, strlen(pe->name)));
#endif
		name_entity(g, pe->name, h);
	}
	for (size_t i = 0; i < nm->nent; i++)
		if (p->adopts_name[i])
			s->ent[p->ents[i].global].named = 0;
	for (size_t i = 0; i < p->nq; i++) {
		const planned_quote *pq = &p->q[i];
		loom_quote *q;
		if (pq->fresh) {
			q = &s->quotes[s->nquotes++];
			memset(q, 0, sizeof *q);
			q->text = pq->text;
			q->said = pq->said;
			q->speaker = pq->speaker;
			q->terms = (uint32_t)pq->nterms;
			q->last_occurrence = LOOM_NONE;
			q->text_key = pq->text_key;
			uint32_t tk = fold(pq->text_key);
			loom__postings_add(&s->texts, &tk, 1, pq->target);
			loom__recent_add(&s->terms, pq->terms, pq->nterms, pq->target);
		} else {
			q = &s->quotes[pq->target];
			if (q->speaker == LOOM_NONE && pq->speaker != LOOM_NONE) {
				q->speaker = pq->speaker;
				q->said = NULL;
			}
		}
		chain_append(s->occ, &s->nocc, &q->last_occurrence, article, pq->start, pq->end,
			     pq->text);
	}
}
