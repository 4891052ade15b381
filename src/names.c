/* names.c - names, their types and in-article coreference (names.h). */
#include "names.h"

#include <assert.h>
#include <string.h>
#include <utf8proc.h>
/* inlined: a skeleton is a few bytes, for which the call into the
 * shared library costs as much as the hash */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "lexicon.h"

#define MAX_RUN 10     /* longer runs of capitals are headlines, not names */
#define LOCAL_WINDOW 512 /* entities of the article a name may refer back to */
#define MAX_TITLE 5    /* "Deputy Foreign Minister" and the like */

/* Word tables (titles, roles, organisation and place words, ...) live in
 * tools/tables/words and reach each token as lexicon flags (tokens.h). */

/* A word ending of up to four bytes, as the last four bytes of a word
 * read as one number (the last byte highest) compare with it: its bytes
 * in the top of val, mask their bits. */
typedef struct ending {
	uint32_t val, mask;
	uint32_t n;
} ending;
#define BYTE_AT(c, k) ((uint32_t)(unsigned char)(c) << (8 * (k)))
#define ENDING2(a, b) {BYTE_AT(a, 2) | BYTE_AT(b, 3), 0xFFFF0000u, 2}
#define ENDING3(a, b, c) {BYTE_AT(a, 1) | BYTE_AT(b, 2) | BYTE_AT(c, 3), 0xFFFFFF00u, 3}
#define ENDING4(a, b, c, d) \
	{BYTE_AT(a, 0) | BYTE_AT(b, 1) | BYTE_AT(c, 2) | BYTE_AT(d, 3), 0xFFFFFFFFu, 4}

/* Does s[0, len) end in one of e[0, n), with more than two bytes before?
 * Every ending is compared, without a branch: which word ends how is a
 * coin toss for the predictor. */
static int ends_in(const char *s, size_t len, const ending *e, size_t n)
{
	if (len < 5) /* no ending of two bytes or more has room */
		return 0;
	const unsigned char *t = (const unsigned char *)s + len - 4;
	uint32_t last = BYTE_AT(t[0], 0) | BYTE_AT(t[1], 1) | BYTE_AT(t[2], 2) | BYTE_AT(t[3], 3);
	unsigned hit = 0;
	for (size_t i = 0; i < n; i++)
		hit |= (len > e[i].n + 2) & ((last & e[i].mask) == e[i].val);
	return (int)hit;
}

/* Endings of words that name a people or a language ("Corvandian"),
 * used as adjectives more than as names. */
static int demonym_like(const char *s, size_t len)
{
	static const ending ends[] = {
		ENDING3('a', 'n', 's'), ENDING3('e', 'a', 'n'), ENDING3('e', 's', 'e'),
		ENDING3('i', 'a', 'n'), ENDING4('i', 'a', 'n', 's'), ENDING3('i', 's', 'h')};
	return ends_in(s, len, ends, sizeof ends / sizeof *ends);
}

/* Endings of single words that name countries and regions ("Estravia",
 * "Kazakhstan", "Finland"): a person is rarely named by one such word. */
static int country_like(const char *s, size_t len)
{
	static const ending ends[] = {
		ENDING2('i', 'a'), ENDING4('l', 'a', 'n', 'd'), ENDING3('n', 'i', 'a'),
		ENDING4('s', 't', 'a', 'n')};
	return ends_in(s, len, ends, sizeof ends / sizeof *ends);
}

int loom__is_title(const char *text, const loom_token *t)
{
	return loom__tok_has(t, LOOM_LEX_TITLE);
}

uint64_t loom__role_of(const char *text, const loom_token *t)
{
	if (!loom__tok_has(t, LOOM_LEX_ROLE) || t->end - t->start > 24)
		return 0;
	char low[25];
	size_t len = t->end - t->start;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[t->start + i];
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	return XXH3_64bits(low, len) | 1;
}

/* What a skeleton keeps of an ASCII character: letters in lower case
 * with transliteration variants made one (y j -> i, w -> v, c q -> k,
 * z -> s; x and h are read in skeleton_put), digits; 0 for the rest
 * (spaces, hyphens, apostrophes, dots). A table, because a chain of
 * tests per character mispredicts on every name. */
static const char skeleton_ascii[128] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
#define SAME(u, l, to) [u] = to, [l] = to
	SAME('A', 'a', 'a'), SAME('B', 'b', 'b'), SAME('C', 'c', 'k'),
	SAME('D', 'd', 'd'), SAME('E', 'e', 'e'), SAME('F', 'f', 'f'),
	SAME('G', 'g', 'g'), SAME('H', 'h', 'h'), SAME('I', 'i', 'i'),
	SAME('J', 'j', 'i'), SAME('K', 'k', 'k'), SAME('L', 'l', 'l'),
	SAME('M', 'm', 'm'), SAME('N', 'n', 'n'), SAME('O', 'o', 'o'),
	SAME('P', 'p', 'p'), SAME('Q', 'q', 'k'), SAME('R', 'r', 'r'),
	SAME('S', 's', 's'), SAME('T', 't', 't'), SAME('U', 'u', 'u'),
	SAME('V', 'v', 'v'), SAME('W', 'w', 'v'), SAME('X', 'x', 'x'),
	SAME('Y', 'y', 'i'), SAME('Z', 'z', 's'),
#undef SAME
};

/* Appends ASCII character c to the skeleton out[0, n); returns its new
 * length (out has room for two more). */
static inline size_t skeleton_put(char *out, size_t n, unsigned c)
{
	char ch = skeleton_ascii[c & 0x7F];
	if (!ch)
		return n;
	if (ch == 'x') {
		out[n++] = 'k';
		ch = 's';
	} else if (ch == 'h' && n) {
		/* ph -> f, kh/ch/sh/th/gh stay one sound */
		if (out[n - 1] == 'p') {
			out[n - 1] = 'f';
			return n;
		}
		if (out[n - 1] == 'k' || out[n - 1] == 't' || out[n - 1] == 'g')
			return n;
	}
	if (n && out[n - 1] == ch)
		return n; /* doubled letters */
	out[n++] = ch;
	return n;
}

uint64_t loom__name_skeleton(const char *s, size_t len)
{
	char out[256];
	size_t n = 0;
	for (size_t i = 0; i < len && n + 8 < sizeof out;) {
		unsigned char c0 = (unsigned char)s[i];
		if (c0 < 0x80) {
			/* ASCII needs no decomposition */
			n = skeleton_put(out, n, c0);
			i++;
			continue;
		}
		utf8proc_int32_t cp, buf[8];
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (l <= 0) {
			i++;
			continue;
		}
		i += (size_t)l;
		int last = 0;
		utf8proc_ssize_t m = utf8proc_decompose_char(cp, buf, 8,
			UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &last);
		for (utf8proc_ssize_t k = 0; k < m && k < 8 && n + 8 < sizeof out; k++) {
			int32_t c = buf[k];
			/* letters with no decomposition: ı ł ø đ ß */
			if (c == 0x131)
				c = 'i';
			else if (c == 0x142 || c == 0x141)
				c = 'l';
			else if (c == 0xF8 || c == 0xD8)
				c = 'o';
			else if (c == 0x111 || c == 0x110)
				c = 'd';
			else if (c == 0xDF)
				c = 's';
			if (c < 0x80)
				n = skeleton_put(out, n, (unsigned)c);
			else
				n += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + n);
		}
	}
	return n ? XXH3_64bits(out, n) | 1 : 0;
}

static unsigned lex(const char *text, uint32_t start, uint32_t end)
{
	return loom__lexicon_lookup(text + start, end - start);
}

/* Is paragraph pi mostly upper case or title case (a headline), where
 * capitals say little? Returns 2 for all caps, 1 for
 * title case, 0 for prose. */
static int headline_style(const char *text, const loom_tokens *tk, size_t pi)
{
	const loom_paragraph *p = &tk->para[pi];
	size_t words = p->words, caps = p->caps, allcaps = p->allcaps;
#ifdef LOOM_TEST
	/* the tokenizer's counts are the paragraph's */
	size_t w = 0, c = 0, ac = 0;
	for (size_t j = p->first; j < tk->n && (j == p->first || !(tk->tok[j].flags & LOOM_TF_PARA));
	     j++) {
		const loom_token *t = &tk->tok[j];
		size_t counts = t->kind == LOOM_TOK_WORD && t->end - t->start >= 4 &&
				!(t->flags & LOOM_TF_DIGIT);
		w += counts;
		c += counts && (t->flags & LOOM_TF_CAP);
		ac += counts && (t->flags & LOOM_TF_ALLCAPS);
	}
	assert(w == words && c == caps && ac == allcaps);
#endif
	if (words >= 3 && allcaps * 10 >= words * 7)
		return 2;
	/* title case; a headline has no full stop at its end */
	size_t last = loom__paragraph_end(tk, pi) - 1;
	const loom_token *end = &tk->tok[last];
	int stop = end->kind == LOOM_TOK_PUNCT && text[end->start] == '.';
	if (words >= 3 && caps * 10 >= words * 8 && !stop)
		return 1;
	return 0;
}

static int is_cap_word(const loom_token *t)
{
	return t->kind == LOOM_TOK_WORD && (t->flags & (LOOM_TF_CAP | LOOM_TF_ALLCAPS));
}

/* The article's entities by key: the newest with a key's bucket, and
 * for each entity the one before it in its bucket. An article names
 * dozens to thousands of things, and each name asks for its key: the
 * buckets are a power of two near a quarter of its tokens (a name takes
 * a token at least), between these bounds, so that a short article
 * does not clear a table sized for a long one. Which entities a walk
 * finds, and in which order, does not depend on the count. */
#define MIN_KEY_BUCKETS 64
#define MAX_KEY_BUCKETS 1024
#define NO_ENTITY UINT32_MAX

typedef struct builder {
	const char *text;
	const loom_tokens *tk;
	loom_names *out;
	size_t mcap, ecap, prev_cap;
	loom_arena *a;
	uint32_t *key_head; /* key_mask + 1 buckets */
	size_t key_mask;
	uint32_t *key_prev; /* per entity */
	/* people by first name, the same way: a link is added each time an
	 * entity takes a first name, so a reader checks it still has it */
	uint32_t *first_head; /* key_mask + 1 buckets, into first_link */
	struct first_link {
		uint32_t entity, prev;
	} *first_link;
	size_t nfirst, first_cap;
	/* the last phrase looked up: a run is looked up whole, then again
	 * when its name is filed */
	uint32_t lex_start, lex_end;
	unsigned lex_flags;
} builder;

/* The lexicon's flags of tokens [i, j]. The big table misses the cache:
 * a capitalised token has its flags already (tokens.c), and the phrase
 * looked up last is not looked up again. */
static unsigned run_lex(builder *b, size_t i, size_t j)
{
	const loom_token *tok = b->tk->tok;
	if (i == j && is_cap_word(&tok[i]))
		return tok[i].lex;
	if (tok[i].start != b->lex_start || tok[j].end != b->lex_end) {
		b->lex_start = tok[i].start;
		b->lex_end = tok[j].end;
		b->lex_flags = lex(b->text, tok[i].start, tok[j].end);
	}
	return b->lex_flags;
}

static size_t key_bucket(const builder *b, uint64_t key)
{
	return (size_t)(key ^ (key >> 29)) & b->key_mask;
}

static int push_mention(builder *b, uint32_t start, uint32_t end, uint32_t ft,
			uint32_t nt)
{
	loom_names *o = b->out;
	if (o->n == b->mcap &&
	    loom__arena_grow(b->a, (void **)&o->m, o->n, &b->mcap, 64, sizeof *o->m))
		return -1;
	loom_mention *m = &o->m[o->n];
	m->start = start;
	m->end = end;
	m->first_tok = ft;
	m->ntok = nt;
	m->local = 0;
	for (uint32_t k = ft; k < ft + nt; k++)
		o->at[k] = (int32_t)o->n;
	o->n++;
	return 0;
}

/* Files entity e under its first name (it has one). */
static int link_first_name(builder *b, size_t e)
{
	if (b->nfirst == b->first_cap &&
	    loom__arena_grow(b->a, (void **)&b->first_link, b->nfirst, &b->first_cap, 32,
			     sizeof *b->first_link))
		return -1;
	size_t at = key_bucket(b, b->out->ent[e].first_key);
	b->first_link[b->nfirst] = (struct first_link){(uint32_t)e, b->first_head[at]};
	b->first_head[at] = (uint32_t)b->nfirst++;
	return 0;
}

static int push_entity(builder *b, const loom_local_entity *e)
{
	loom_names *o = b->out;
	if (o->nent == b->ecap &&
	    loom__arena_grow(b->a, (void **)&o->ent, o->nent, &b->ecap, 32, sizeof *o->ent))
		return -1;
	if (o->nent == b->prev_cap &&
	    loom__arena_grow(b->a, (void **)&b->key_prev, o->nent, &b->prev_cap, 32,
			     sizeof *b->key_prev))
		return -1;
	size_t at = key_bucket(b, e->key);
	b->key_prev[o->nent] = b->key_head[at];
	b->key_head[at] = (uint32_t)o->nent;
	o->ent[o->nent++] = *e;
	return e->has_first ? link_first_name(b, o->nent - 1) : 0;
}

static uint64_t tok_skeleton(const builder *b, const loom_token *t)
{
	return loom__name_skeleton(b->text + t->start, t->end - t->start);
}

/* A role noun among up to four lower-case words before token i ("foreign
 * minister Jana Novak") or in an apposition after token j (", the head
 * of the agency,"). */
static uint64_t role_around(const builder *b, size_t i, size_t j)
{
	const loom_token *tok = b->tk->tok;
	uint64_t r = 0;
	/* "the head of the agency, Petr Lasko": one comma may stand between */
	size_t k = i;
	if (k > 1 && tok[k - 1].kind == LOOM_TOK_PUNCT && tok[k - 1].mark == ',')
		k--;
	for (size_t steps = 0; k > 0 && steps < 6; k--, steps++) {
		const loom_token *t = &tok[k - 1];
		if (t->kind != LOOM_TOK_WORD || !(t->flags & (LOOM_TF_LOWER | LOOM_TF_SENT)))
			break;
		uint64_t x = loom__role_of(b->text, t);
		if (x) {
			r = x;
			break;
		}
	}
	if (r || j + 2 >= b->tk->n)
		return r;
	if (tok[j + 1].kind != LOOM_TOK_PUNCT || tok[j + 1].mark != ',')
		return 0;
	k = j + 2;
	if (!loom__tok_is(b->text, &tok[k], "the") && !loom__tok_is(b->text, &tok[k], "a") &&
	    !loom__tok_is(b->text, &tok[k], "an"))
		return 0;
	for (k++; k < b->tk->n && k < j + 8; k++) {
		const loom_token *t = &tok[k];
		if (t->kind != LOOM_TOK_WORD)
			break;
		uint64_t x = loom__role_of(b->text, t);
		if (x)
			return x;
	}
	return 0;
}

/* The article's entity for a name, or -1: among the last LOCAL_WINDOW
 * entities, so that an article of thousands of names stays linear. */
static long find_local(const builder *b, uint8_t type, uint64_t key,
		       uint64_t first_key, int single)
{
	const loom_names *o = b->out;
	size_t stop = o->nent > LOCAL_WINDOW ? o->nent - LOCAL_WINDOW : 0;
	/* newest first, as a bucket's chain runs */
	for (uint32_t e = b->key_head[key_bucket(b, key)]; e != NO_ENTITY && e >= stop;
	     e = b->key_prev[e]) {
		const loom_local_entity *x = &o->ent[e];
		if (x->key != key)
			continue;
		if (single)
			return (long)e; /* a bare surname or the same name */
		if (x->type != type)
			continue;
		if (type == LOOM_NAME_PERSON && x->has_first && first_key &&
		    x->first_key != first_key)
			continue;
		return (long)e;
	}
	return -1;
}

/* The one person of the article's last LOCAL_WINDOW entities with this
 * first name, or -1 when none or several. */
static long only_first_name(const builder *b, uint64_t key)
{
	const loom_names *o = b->out;
	long found = -1;
	size_t from = o->nent > LOCAL_WINDOW ? o->nent - LOCAL_WINDOW : 0;
	/* the newest such person, unless two differ in surname; an entity
	 * linked twice counts once the same */
	for (uint32_t l = b->first_head[key_bucket(b, key)]; l != NO_ENTITY;
	     l = b->first_link[l].prev) {
		uint32_t e = b->first_link[l].entity;
		const loom_local_entity *x = &o->ent[e];
		if (e < from || x->type != LOOM_NAME_PERSON || !x->has_first ||
		    x->first_key != key)
			continue;
		/* "Atletico Madrid", "PSV Eindhoven": a club, not a person
		 * whose first name goes alone */
		const loom_mention *m = &o->m[x->name];
		if (loom__tok_has(&b->tk->tok[m->first_tok + m->ntok - 1], LOOM_LEX_PLACE))
			continue;
		if (found >= 0 && o->ent[found].key != x->key)
			return -1;
		if ((long)e > found)
			found = (long)e;
	}
	return found;
}

/* A capitalised dictionary word that names no place, or an initial: most
 * often a first name ("Michael", "Lindsay", "I. Salisbury"), whatever
 * follows it. */
static int first_name_like(const char *text, const loom_token *t)
{
	if (t->end - t->start == 2 && text[t->start + 1] == '.')
		return 1;
	return loom__tok_has(t, LOOM_LEX_NAMEWORD) && !loom__tok_has(t, LOOM_LEX_PLACE);
}

/* A speech verb that has a singular subject: "said", "adds", "told", not
 * the base form, which after a bare name is most often a noun ("a
 * Republican state", "Liege police report"). */
static int finite_speech_verb(const char *text, const loom_token *t)
{
	if (!loom__tok_speech_verb(t))
		return 0;
	const char *w = text + t->start;
	size_t len = t->end - t->start;
	char last = w[len - 1];
	if (last == 'd' || (last == 's' && !(len > 1 && w[len - 2] == 's')))
		return 1;
	return loom__tok_is(text, t, "wrote") || loom__tok_is(text, t, "went") ||
	       loom__tok_is(text, t, "sang");
}

/* Does a lower-case organisation noun stand right before token i or after
 * token j ("the news agency Tanjug", "Interfax news agency")? */
static int org_noun_beside(const builder *b, size_t i, size_t j)
{
	const loom_token *tok = b->tk->tok;
	if (i > 0 && (tok[i - 1].flags & LOOM_TF_LOWER) &&
	    loom__tok_has(&tok[i - 1], LOOM_LEX_ORG_NOUN))
		return 1;
	size_t k = j + 1;
	if (k + 1 < b->tk->n && (tok[k].flags & LOOM_TF_LOWER) &&
	    loom__tok_is(b->text, &tok[k], "news"))
		k++;
	return k < b->tk->n && (tok[k].flags & LOOM_TF_LOWER) &&
	       loom__tok_has(&tok[k], LOOM_LEX_ORG_NOUN);
}

/* Does "a place noun of" stand before token ti: "the river town of
 * Dolna Vel", "the city of San Lirio", "the province of Tarn"? Then
 * the name is that place, whatever its words look like (add_name
 * leaves out a possessive and a first name: "the city of Jana Novak's
 * birth"). Nouns of place_last.txt, and "city" and "capital", which
 * are not there ("Manchester City" is a club). */
static int place_noun_of(const char *text, const loom_token *tok, size_t ti)
{
	if (ti < 2)
		return 0;
	const loom_token *of = &tok[ti - 1], *noun = &tok[ti - 2];
	return (of->flags & LOOM_TF_LOWER) && loom__tok_is(text, of, "of") &&
	       (noun->flags & LOOM_TF_LOWER) &&
	       (loom__tok_has(noun, LOOM_LEX_PLACE_LAST) || loom__tok_is(text, noun, "city") ||
		loom__tok_is(text, noun, "capital"));
}

/* Does the name at tokens [ti, j] stand between "the" (an adjective
 * may follow it: "the former") and a role noun: "the Dolna Vel mayor",
 * "the former Kessling Vale minister"? */
static int modifies_a_role(const char *text, const loom_token *tok, size_t n, size_t ti,
			   size_t j)
{
	if (j + 1 >= n || ti == 0)
		return 0;
	const loom_token *next = &tok[j + 1];
	if (!(next->flags & LOOM_TF_LOWER) || !(next->flags & LOOM_TF_SPACE_BEFORE) ||
	    !loom__role_of(text, next))
		return 0;
	size_t k = ti - 1;
	if ((tok[k].flags & LOOM_TF_LOWER) && !loom__tok_is(text, &tok[k], "the") && k > 0)
		k--; /* an adjective */
	return (tok[k].flags & LOOM_TF_LOWER) && loom__tok_is(text, &tok[k], "the");
}

/* Types and files one name: tokens [i, j] with the title tokens [ti, i)
 * in front (ti == i when none). */
static int add_name(builder *b, size_t ti, size_t i, size_t j, int style)
{
	const char *text = b->text;
	const loom_token *tok = b->tk->tok;
	uint32_t start = tok[i].start, end = tok[j].end;
	size_t ntok = j - i + 1;
	int single = ntok == 1;
	unsigned whole = run_lex(b, i, j);
	int titled = ti < i;
	uint8_t type = 0;
	uint64_t key, first_key = 0;
	const loom_token *next = j + 1 < b->tk->n ? &tok[j + 1] : NULL;
	const loom_token *prev = ti > 0 ? &tok[ti - 1] : NULL;
	int says = next && finite_speech_verb(text, next);
	int lone = 0, group = 0;

	if (single && (loom__tok_has(&tok[i], LOOM_LEX_NOT_NAME) ||
		       (!titled && loom__tok_has(&tok[i], LOOM_LEX_TITLE))))
		return 0;
	/* a single ordinary word ("Union", "Reading") is only a name when
	 * it names a country; other lexicon senses need more words */
	if (single && (whole & LOOM_LEX_COMMON) && !(whole & LOOM_LEX_COUNTRY))
		whole &= ~(unsigned)(LOOM_LEX_PLACE | LOOM_LEX_ORG | LOOM_LEX_PERSON);
	if (single && end - start < 2)
		return 0;
	/* a single word's key now, for its earlier mentions; a longer
	 * name's once its type says which words make it */
	key = single ? tok_skeleton(b, &tok[i]) : 0;
	long local = -1;
	if (single) {
		/* "Novak" after "Jana Novak": a person's key is the surname */
		local = find_local(b, 0, key, 0, 1);
		/* "Alan" after "Alan Shearer", when he is the only Alan;
		 * a title goes before a surname ("Mr. Obama") */
		if (local < 0 && !titled && !(tok[i].flags & LOOM_TF_ALLCAPS) &&
		    !(whole & (LOOM_LEX_COMMON | LOOM_LEX_PLACE | LOOM_LEX_ORG | LOOM_LEX_PEOPLE)))
			local = only_first_name(b, key);
	}
	if (local >= 0) {
		loom_local_entity *e = &b->out->ent[local];
		/* "Simmons ... Simmons said": the later cue types the name,
		 * not a people's word ("the Israeli charge d'affaires") */
		if (e->type == LOOM_NAME_OTHER && (says || titled) && !e->group) {
			e->type = LOOM_NAME_PERSON;
			e->lone = 0;
		}
		/* "Interfax said ... Interfax news agency": the noun wins */
		if ((e->type == LOOM_NAME_PERSON || e->type == LOOM_NAME_OTHER) &&
		    !e->has_first && !titled && b->out->m[e->name].ntok == 1 &&
		    org_noun_beside(b, i, j)) {
			e->type = LOOM_NAME_ORG;
			e->lone = 0;
		}
		type = e->type;
	} else if (single && (whole & LOOM_LEX_PEOPLE)) {
		type = LOOM_NAME_OTHER; /* "Israelis" */
		group = 1;
	} else if (titled) {
		type = LOOM_NAME_PERSON;
	} else if (place_noun_of(text, tok, ti) && !(tok[j].flags & LOOM_TF_POSSESSIVE) &&
		   !(!single && first_name_like(text, &tok[i]))) {
		type = LOOM_NAME_PLACE;
	} else if (whole & LOOM_LEX_COUNTRY) {
		type = LOOM_NAME_PLACE;
	} else if ((whole & LOOM_LEX_PERSON) && !(whole & LOOM_LEX_PLACE && !says)) {
		type = LOOM_NAME_PERSON;
	} else if (whole & LOOM_LEX_ORG) {
		type = LOOM_NAME_ORG;
	} else if (whole & LOOM_LEX_PLACE) {
		/* "Lisbon said" is a person; "an official in Liege said"
		 * is not */
		int after_prep = prev && (prev->flags & LOOM_TF_LOWER) &&
				 loom__tok_has(prev, LOOM_LEX_PLACE_PREP);
		type = says && !after_prep ? LOOM_NAME_PERSON : LOOM_NAME_PLACE;
	} else if (loom__tok_has(&tok[j], LOOM_LEX_ORG_LAST) ||
		   (!single && loom__tok_has(&tok[i], LOOM_LEX_ORG_FIRST))) {
		type = LOOM_NAME_ORG;
	} else if (!single && (loom__tok_has(&tok[j], LOOM_LEX_PLACE_LAST) ||
			       loom__tok_has(&tok[i], LOOM_LEX_PLACE_FIRST))) {
		type = LOOM_NAME_PLACE;
	} else if (!single && loom__tok_has(&tok[j], LOOM_LEX_EVENT_LAST)) {
		type = LOOM_NAME_OTHER; /* "Davis Cup", "German Open" */
	} else if (single && (tok[i].flags & LOOM_TF_ALLCAPS)) {
		type = LOOM_NAME_ORG;
	} else if (whole & LOOM_LEX_GROUPWORD) {
		type = LOOM_NAME_OTHER;
		/* "Republican", "Saudi" are never a person's name; "Fox"
		 * and "White" are surnames too */
		group = !(single && loom__tok_has(&tok[i], LOOM_LEX_PERSON)) ||
			(whole & LOOM_LEX_PEOPLE);
	} else if (single) {
		/* a cricket scorecard, title case or not: "c Vaas b
		 * Chandana", "st Kaluwitharana" */
		int bowled = prev && (prev->flags & LOOM_TF_LOWER) &&
			     (loom__tok_is(text, prev, "b") || loom__tok_is(text, prev, "c") ||
			      loom__tok_is(text, prev, "st"));
		if (style && !bowled)
			return 0;
		if (bowled)
			type = LOOM_NAME_PERSON;
		else if (org_noun_beside(b, i, j))
			type = LOOM_NAME_ORG;
		/* "Mook said", not "Police said" */
		else if (says && !((whole & LOOM_LEX_COMMON) && !(whole & LOOM_LEX_NAMEWORD)))
			type = LOOM_NAME_PERSON;
		else if (demonym_like(text + start, end - start))
			type = LOOM_NAME_OTHER, group = 1;
		else if (whole & LOOM_LEX_COMMON)
			type = LOOM_NAME_OTHER;
		else if ((prev && loom__tok_has(prev, LOOM_LEX_PLACE_PREP)) ||
			 country_like(text + start, end - start))
			type = LOOM_NAME_PLACE;
		else
			type = LOOM_NAME_OTHER, lone = 1; /* no guess */
	} else {
		/* two or more capitalised words: a person unless some of them
		 * are ordinary words ("Supreme Court", "Morning Consult") */
		int common = 0;
		for (size_t k = i; k <= j; k++) {
			if (tok[k].flags & LOOM_TF_LOWER)
				continue; /* a connector */
			unsigned f = tok[k].lex;
			if ((f & LOOM_LEX_COMMON) && !(f & LOOM_LEX_NAMEWORD))
				common = 1;
		}
		/* "Peter Such", "Alan Shearer": a first name makes an
		 * ordinary word after it a surname */
		if (ntok == 2 && first_name_like(text, &tok[i]) &&
		    !loom__tok_has(&tok[i], LOOM_LEX_GROUPWORD) &&
		    (!loom__tok_has(&tok[i], LOOM_LEX_COMMON) ||
		     loom__tok_has(&tok[i], LOOM_LEX_PERSON)))
			common = 0;
		/* "Bank of England" is an institution, "Aravinda de Silva"
		 * and "Joost van der Westhuizen" are people */
		int connected = 0;
		for (size_t k = i; k <= j; k++)
			connected |= ((tok[k].flags & LOOM_TF_LOWER) &&
				      (loom__tok_is(text, &tok[k], "of") ||
				       loom__tok_is(text, &tok[k], "for"))) ||
				     (tok[k].kind == LOOM_TOK_PUNCT && tok[k].mark == '&');
		/* "Hansa Rostock", "Deportivo Coruna": a name that ends in a
		 * place and no person is a club or a firm of that place */
		int place_last = loom__tok_has(&tok[j], LOOM_LEX_PLACE) &&
				 !loom__tok_has(&tok[j], LOOM_LEX_PERSON) &&
				 !first_name_like(text, &tok[i]);
		/* "U.S. Olympic", "Russia Today": no person's name opens
		 * with a country */
		int country_first = loom__tok_has(&tok[i], LOOM_LEX_COUNTRY);
		/* "NAC Breda", "AZ Alkmaar": an acronym in prose opens an
		 * institution's name, not a person's */
		int acronym_first = !style && (tok[i].flags & LOOM_TF_ALLCAPS) &&
				    tok[i].end - tok[i].start >= 2 &&
				    !memchr(text + tok[i].start, '.', tok[i].end - tok[i].start);
		size_t words = 0; /* "Joost van der Westhuizen" has two */
		for (size_t k = i; k <= j; k++)
			words += !(tok[k].flags & LOOM_TF_LOWER);
		int institution = common || connected || place_last || country_first ||
				  acronym_first || words > 3;
		type = institution ? LOOM_NAME_ORG : LOOM_NAME_PERSON;
		/* "the former Dolna Vel mayor": a name between "the" and a
		 * role is where the role is held, no person; what it is,
		 * place or body, the words do not say */
		if (type == LOOM_NAME_PERSON && modifies_a_role(text, tok, b->tk->n, ti, j))
			type = LOOM_NAME_OTHER;
	}

	if (type == LOOM_NAME_PERSON && !single) {
		key = tok_skeleton(b, &tok[j]);
		first_key = tok_skeleton(b, &tok[i]);
		if (tok[i].end - tok[i].start <= 2) /* "J." */
			first_key = 0;
	} else if (!single) {
		key = loom__name_skeleton(text + start, end - start);
	}
	if (local < 0)
		local = find_local(b, type, key, first_key, 0);
	if (local < 0 && type == LOOM_NAME_PERSON && !single) {
		/* "Kovalenkyi visits" before "Taras Kovalenkyi": the lone word
		 * was this person */
		long earlier = find_local(b, LOOM_NAME_OTHER, key, 0, 0);
		if (earlier >= 0 && b->out->m[b->out->ent[earlier].name].ntok <= 1) {
			local = earlier;
			b->out->ent[earlier].type = LOOM_NAME_PERSON;
			b->out->ent[earlier].lone = 0;
		}
	}
	if (push_mention(b, start, end, (uint32_t)i, (uint32_t)ntok))
		return -1;
	uint64_t role = 0;
	if (type == LOOM_NAME_PERSON) {
		for (size_t k = ti; k < i && !role; k++)
			role = loom__role_of(text, &tok[k]);
		if (!role)
			role = role_around(b, ti, j);
	}
	if (local < 0) {
		loom_local_entity e = {0};
		e.name = (uint32_t)(b->out->n - 1);
		e.type = type;
		e.key = key;
		e.first_key = first_key;
		e.has_first = first_key != 0;
		e.role = role;
		e.lone = (uint8_t)lone;
		e.group = (uint8_t)group;
		if (push_entity(b, &e))
			return -1;
		local = (long)b->out->nent - 1;
	} else {
		loom_local_entity *e = &b->out->ent[local];
		const loom_mention *cur = &b->out->m[e->name];
		if (ntok > cur->ntok && e->type == type) {
			e->name = (uint32_t)(b->out->n - 1);
			if (first_key) {
				e->first_key = first_key;
				e->has_first = 1;
				if (link_first_name(b, (size_t)local))
					return -1;
			}
		}
		if (role && !e->role)
			e->role = role;
	}
	b->out->m[b->out->n - 1].local = (uint32_t)local;
	return 0;
}

/* Should the first word of a run be dropped as an ordinary word that only
 * opens a sentence ("The", "But", "Yesterday")? */
static int ordinary_opener(const builder *b, size_t i, size_t j)
{
	const loom_token *t = &b->tk->tok[i];
	if (!(t->flags & LOOM_TF_SENT) || loom__tok_has(t, LOOM_LEX_TITLE))
		return 0;
	unsigned f = t->lex;
	if (f & LOOM_LEX_STOP)
		return 1;
	/* "Mook told CBS": a word that says something is a name, unless it
	 * is only ever an ordinary word ("Analysts said") that names no one
	 * here yet (not "Marrow said" after "Helga Marrow") */
	if (i == j && i + 1 < b->tk->n && loom__tok_speech_verb(&b->tk->tok[i + 1]) &&
	    (!(f & LOOM_LEX_COMMON) || (f & LOOM_LEX_NAMEWORD) ||
	     find_local(b, 0, tok_skeleton(b, t), 0, 1) >= 0))
		return 0;
	if (!(f & LOOM_LEX_COMMON) || (f & (LOOM_LEX_COUNTRY | LOOM_LEX_PERSON)))
		return 0;
	return i == j || !(f & LOOM_LEX_NAMEWORD);
}

/* Could words [i, j] be a person's name: no organisation word, no
 * ordinary word ("Iraqi News Agency", "American Stock Exchange")? */
static int person_like(const loom_token *tok, size_t i, size_t j)
{
	for (size_t k = i; k <= j; k++) {
		unsigned f = tok[k].lex;
		if ((f & LOOM_LEX_ORG_LAST) || ((f & LOOM_LEX_COMMON) && !(f & LOOM_LEX_NAMEWORD)))
			return 0;
	}
	return 1;
}

int loom__past_participle(const char *s, const char *e)
{
	size_t len = (size_t)(e - s);
	for (size_t k = 0; k < len; k++)
		if (s[k] < 'a' || s[k] > 'z')
			return 0;
	if (len >= 4 && s[len - 2] == 'e' && s[len - 1] == 'd')
		return 1;
	static const char *const irregular[] = {"born", "built", "held", "led", "made",
						"run", "won"};
	for (size_t k = 0; k < sizeof irregular / sizeof *irregular; k++)
		if (strlen(irregular[k]) == len && !memcmp(s, irregular[k], len))
			return 1;
	return 0;
}

/* Is word i of run [i, j] a people's word in front of a person's name
 * (1: "American Dennis Mitchell") or a weekday or a "-based" word in front
 * of anything (2: "Saturday Iraqi troops", not "Jan" nor "May"), 0 if
 * neither? */
static int leading_descriptor(const char *text, const loom_token *tok, size_t i, size_t j)
{
	const loom_token *t = &tok[i];
	if (t->flags & LOOM_TF_LOWER)
		return 0;
	if (loom__tok_has(t, LOOM_LEX_PEOPLE))
		return person_like(tok, i + 1, j) ? 1 : 0;
	if (loom__tok_has(t, LOOM_LEX_NOT_NAME) && !loom__tok_has(t, LOOM_LEX_TITLE) &&
	    t->end - t->start >= 6)
		return 2;
	/* "Ontario-based Magna", "Family-controlled Douglas", "Serb-held
	 * Doboj": a compound that ends in a participle describes */
	size_t dash = t->end;
	while (dash > t->start + 1 && text[dash - 1] != '-')
		dash--;
	if (dash > t->start + 1 && loom__past_participle(text + dash, text + t->end))
		return 2;
	return 0;
}

/* A run of capitalised words [i, j]: drops an ordinary sentence opener,
 * splits off the title in front, and files what is left. */
static int take_run(builder *b, size_t i, size_t j, int style)
{
	const char *text = b->text;
	const loom_token *tok = b->tk->tok;
	while (i <= j && ordinary_opener(b, i, j))
		i++;
	while (i <= j && (tok[i].flags & LOOM_TF_LOWER))
		i++; /* a connector left at the front */
	if (i > j)
		return 0;
	/* "American Dennis Mitchell", "Saturday Iraqi troops": a people's
	 * word or a day in front is no part of the name that follows,
	 * unless the lexicon knows the whole ("American Express") */
	if (i < j && leading_descriptor(text, tok, i, j) &&
	    !(run_lex(b, i, j) &
	      (LOOM_LEX_ORG | LOOM_LEX_PLACE | LOOM_LEX_PERSON))) {
		int kind;
		while (i < j && (kind = leading_descriptor(text, tok, i, j))) {
			if (kind == 1 && add_name(b, i, i, i, style))
				return -1;
			i++;
			while (i < j && (tok[i].flags & LOOM_TF_LOWER))
				i++;
		}
	}
	if (style == 1) {
		/* title case: ordinary words split the run */
		size_t s = i;
		for (size_t k = i; k <= j + 1; k++) {
			int ordinary = k <= j && !(tok[k].flags & LOOM_TF_LOWER);
			if (ordinary) {
				unsigned f = tok[k].lex;
				ordinary = (f & LOOM_LEX_COMMON) &&
					   !(f & (LOOM_LEX_NAMEWORD | LOOM_LEX_PLACE |
						  LOOM_LEX_ORG | LOOM_LEX_PERSON));
			}
			if (k > j || ordinary) {
				size_t e = k;
				while (e > s && (tok[e - 1].flags & LOOM_TF_LOWER))
					e--;
				if (e > s && add_name(b, s, s, e - 1, style))
					return -1;
				s = k + 1;
			}
		}
		return 0;
	}
	/* a known institution or place as a whole keeps its words
	 * ("General Motors"); a known person loses the title ("President
	 * Clinton"); a title word in front of an institution's last word
	 * is part of its name ("Foreign Ministry", "Justice Department") */
	unsigned whole = run_lex(b, i, j);
	size_t ti = i;
	if (!(whole & (LOOM_LEX_ORG | LOOM_LEX_PLACE)) &&
	    !loom__tok_has(&tok[j], LOOM_LEX_ORG_LAST)) {
		size_t last_title = (size_t)-1;
		for (size_t k = i; k < j && k < i + MAX_TITLE; k++)
			if (loom__tok_has(&tok[k], LOOM_LEX_TITLE))
				last_title = k;
			else if (!(tok[k].flags & LOOM_TF_LOWER) && last_title != (size_t)-1 &&
				 k > last_title + 1)
				break;
		if (last_title != (size_t)-1) {
			i = last_title + 1;
			while (i <= j && (tok[i].flags & LOOM_TF_LOWER))
				i++;
			if (i > j)
				return 0;
		}
	}
	return add_name(b, ti, i, j, style);
}

/* All-caps lines (headlines, datelines): only what the lexicon knows as a
 * place or organisation, one or two words at a time. */
static int take_caps(builder *b, size_t i, size_t j)
{
	for (size_t k = i; k <= j; k++) {
		size_t len = k < j ? 2 : 1;
		for (; len >= 1; len--) {
			unsigned f = run_lex(b, k, k + len - 1);
			if ((f & (LOOM_LEX_PLACE | LOOM_LEX_ORG | LOOM_LEX_COUNTRY)) &&
			    !(f & LOOM_LEX_COMMON && len == 1 && !(f & LOOM_LEX_COUNTRY))) {
				if (add_name(b, k, k, k + len - 1, 0))
					return -1;
				k += len - 1;
				break;
			}
		}
	}
	return 0;
}

/* The place of a dateline: its words up to a digit or comma. */
static int add_dateline(builder *b, loom_span dateline)
{
	const char *text = b->text;
	size_t e = dateline.start;
	while (e < dateline.end && text[e] != ',' && text[e] != '(' &&
	       !(text[e] >= '0' && text[e] <= '9'))
		e++;
	while (e > dateline.start && (text[e - 1] == ' ' || text[e - 1] == '-'))
		e--;
	if (e == dateline.start)
		return 0;
	unsigned f = lex(text, (uint32_t)dateline.start, (uint32_t)e);
	/* "SOCCER - ..." reads like a dateline but names no place */
	if ((f & LOOM_LEX_COMMON) && !(f & LOOM_LEX_PLACE))
		return 0;
	if (push_mention(b, (uint32_t)dateline.start, (uint32_t)e, 0, 0))
		return -1;
	loom_local_entity le = {0};
	le.name = (uint32_t)(b->out->n - 1);
	le.type = LOOM_NAME_PLACE;
	le.key = loom__name_skeleton(text + dateline.start, e - dateline.start);
	b->out->m[le.name].local = (uint32_t)b->out->nent;
	return push_entity(b, &le);
}

/* A headline mention waiting to be filed: tokens [ft, ft + nt) of local
 * entity `local`; `at` is where it lands among all mentions. */
typedef struct pending_mention {
	uint32_t ft, nt, local, at;
} pending_mention;

#define CLAIMED (-2) /* out->at of a token a pending mention holds */

/* Files the pending mentions (in text order, on tokens no mention holds)
 * among the text's own in one merge, so that mentions stay in text order
 * and the entities' and tokens' mention indices follow. */
static int file_pending(builder *b, pending_mention *pend, size_t npend)
{
	loom_names *o = b->out;
	const loom_token *tok = b->tk->tok;
	size_t n = o->n, total = n + npend;
	loom_mention *m = loom__arena_alloc(b->a, total * sizeof *m);
	uint32_t *moved = loom__arena_alloc(b->a, (n + 1) * sizeof *moved);
	if (!m || !moved)
		return -1;
	size_t i = 0, p = 0;
	for (size_t w = 0; w < total; w++) {
		if (p == npend || (i < n && o->m[i].start < tok[pend[p].ft].start)) {
			m[w] = o->m[i];
			moved[i++] = (uint32_t)w;
		} else {
			const pending_mention *q = &pend[p++];
			m[w] = (loom_mention){tok[q->ft].start, tok[q->ft + q->nt - 1].end,
					      q->ft, q->nt, q->local};
			pend[p - 1].at = (uint32_t)w;
		}
	}
	for (size_t e = 0; e < o->nent; e++)
		o->ent[e].name = moved[o->ent[e].name];
	for (size_t k = 0; k < b->tk->n; k++)
		if (o->at[k] >= 0)
			o->at[k] = (int32_t)moved[o->at[k]];
	for (size_t q = 0; q < npend; q++)
		for (uint32_t k = pend[q].ft; k < pend[q].ft + pend[q].nt; k++)
			o->at[k] = (int32_t)pend[q].at;
	o->m = m;
	o->n = total;
	b->mcap = total;
	return 0;
}

/* The person the article names by this surname key, among its first
 * LOCAL_WINDOW entities (a headline's people are named early), or -1. */
static long person_named(const builder *b, uint64_t key)
{
	const loom_names *o = b->out;
	for (size_t e = o->nent < LOCAL_WINDOW ? o->nent : LOCAL_WINDOW; e-- > 0;)
		if (o->ent[e].type == LOOM_NAME_PERSON && o->ent[e].key == key)
			return (long)e;
	return -1;
}

/* People in the all-caps paragraphs that start at caps_at ("SHEARER NAMED
 * AS ENGLAND CAPTAIN"): capitals say nothing there, so a word is taken
 * only when the article names a person by it, with the word before it
 * when that is the person's first name ("ROBERTO DURAN"). */
static int headline_people(builder *b, const uint32_t *caps_at, size_t ncaps)
{
	const loom_tokens *tk = b->tk;
	const loom_token *tok = tk->tok;
	int32_t *at = b->out->at;
	pending_mention *pend = NULL;
	size_t npend = 0, cap = 0;
	for (size_t c = 0; c < ncaps; c++) {
		size_t from = caps_at[c];
		for (size_t k = from; k < tk->n && (k == from || !(tok[k].flags & LOOM_TF_PARA));
		     k++) {
			const loom_token *t = &tok[k];
			if (at[k] != -1 || t->kind != LOOM_TOK_WORD ||
			    !(t->flags & LOOM_TF_ALLCAPS) || (t->flags & LOOM_TF_DIGIT) ||
			    t->end - t->start < 3)
				continue;
			long local = person_named(b, tok_skeleton(b, t));
			if (local < 0)
				continue;
			const loom_local_entity *x = &b->out->ent[local];
			size_t first = k;
			if (k > from && x->has_first && at[k - 1] == -1 &&
			    tok[k - 1].kind == LOOM_TOK_WORD &&
			    (tok[k - 1].flags & LOOM_TF_ALLCAPS) &&
			    tok_skeleton(b, &tok[k - 1]) == x->first_key)
				first = k - 1;
			if (npend == cap &&
			    loom__arena_grow(b->a, (void **)&pend, npend, &cap, 16, sizeof *pend))
				return -1;
			pend[npend++] = (pending_mention){(uint32_t)first, (uint32_t)(k - first + 1),
							  (uint32_t)local, 0};
			for (size_t h = first; h <= k; h++)
				at[h] = CLAIMED;
		}
	}
	return npend ? file_pending(b, pend, npend) : 0;
}

/* May token k be the apostrophe of a plural possessive inside a name,
 * as in "United Harbour Workers' Union" or "Farmers’ Association": a
 * mark (straight or curly) right after the run's last word, ending in
 * s, then a capitalised word that is no ordinary word? The run keeps
 * it only if it ends in an organisation's word (find_names): "the
 * Chiefs' Patrick Mahomes" is a team's player, not one name. */
static int plural_possessive_inside(const char *text, const loom_tokens *tk, size_t k)
{
	const loom_token *u = &tk->tok[k];
	if (k + 1 >= tk->n || (u->flags & LOOM_TF_SPACE_BEFORE) ||
	    !((u->kind == LOOM_TOK_PUNCT && u->mark == '\'') ||
	      (u->kind == LOOM_TOK_QUOTE && u->mark == LOOM_QM_SINGLE_CLOSE &&
	       u->end - u->start == 3)))
		return 0;
	const loom_token *w = &tk->tok[k - 1], *n = &tk->tok[k + 1];
	return w->kind == LOOM_TOK_WORD && text[w->end - 1] == 's' && w->end - w->start >= 3 &&
	       is_cap_word(n) && (n->flags & LOOM_TF_SPACE_BEFORE) &&
	       !(n->flags & (LOOM_TF_PARA | LOOM_TF_DIGIT)) &&
	       !loom__tok_has(n, LOOM_LEX_NOT_NAME);
}

int loom__find_names(loom_names *out, const char *text, const loom_tokens *tk,
		     loom_span dateline, loom_arena *a)
{
	memset(out, 0, sizeof *out);
	builder b = {.text = text, .tk = tk, .out = out, .a = a};
	size_t buckets = MIN_KEY_BUCKETS;
	while (buckets < MAX_KEY_BUCKETS && buckets < tk->n / 4)
		buckets *= 2;
	b.key_mask = buckets - 1;
	b.key_head = loom__arena_alloc(a, buckets * sizeof *b.key_head);
	if (!b.key_head)
		return -1;
	memset(b.key_head, 0xFF, buckets * sizeof *b.key_head); /* NO_ENTITY */
	b.first_head = loom__arena_alloc(a, buckets * sizeof *b.first_head);
	if (!b.first_head)
		return -1;
	memset(b.first_head, 0xFF, buckets * sizeof *b.first_head);
	out->at = loom__arena_alloc(a, (tk->n + 1) * sizeof *out->at);
	if (!out->at)
		return -1;
	for (size_t k = 0; k < tk->n; k++)
		out->at[k] = -1;
	/* mentions are filed in text order (quotes.c searches them): the
	 * dateline's goes in where its text is */
	int dateline_due = dateline.end > dateline.start;
	int style = 0;
	size_t para = 0; /* the paragraph of the next token flagged as a first */
	uint32_t *caps_at = NULL; /* the all-caps paragraphs' first tokens */
	size_t ncaps = 0;
	size_t mi = 0; /* the next of the marked tokens (tokens.h) */
	for (size_t i = 0; i < tk->n;) {
		/* most tokens start no name and open no paragraph: step over
		 * them to the next marked (the dateline waits for the next
		 * token looked at, and no mention is filed in between) */
		while (mi < tk->nmarked && tk->marked[mi] < i)
			mi++;
#ifdef LOOM_TEST
		size_t step = i;
		while (step < tk->n &&
		       !(tk->tok[step].flags & (LOOM_TF_CAP | LOOM_TF_ALLCAPS | LOOM_TF_PARA)))
			step++;
		assert(mi < tk->nmarked ? tk->marked[mi] == step : step == tk->n);
#endif
		if (mi == tk->nmarked)
			break;
		i = tk->marked[mi];
		const loom_token *t = &tk->tok[i];
		if (dateline_due && t->start >= dateline.start) {
			dateline_due = 0;
			if (add_dateline(&b, dateline))
				return -1;
		}
		if (t->flags & LOOM_TF_PARA) {
			/* a name run may have stepped over a paragraph's
			 * first token ("van\nder"): that paragraph keeps the
			 * style before it, as the run read it */
			while (para < tk->npara && tk->para[para].first < i)
				para++;
			assert(para < tk->npara && tk->para[para].first == i);
			style = headline_style(text, tk, para++);
			if (style == 2) {
				if (!caps_at && !(caps_at = loom__arena_alloc(a, tk->n * sizeof *caps_at)))
					return -1;
				caps_at[ncaps++] = (uint32_t)i;
			}
		}
		if (t->start >= dateline.start && t->start < dateline.end) {
			i++; /* named once, above */
			continue;
		}
		if (!is_cap_word(t) || (t->flags & LOOM_TF_DIGIT)) {
			i++;
			continue;
		}
		size_t j = i, k = i + 1;
		size_t possessive = 0; /* the mark the run went past, or 0 */
		while (k < tk->n && k - i < MAX_RUN) {
			const loom_token *u = &tk->tok[k];
			/* in prose only: a title-case headline splits its runs
			 * at ordinary words (take_run), and a part may not open
			 * with the mark */
			if (style == 0 && !possessive && plural_possessive_inside(text, tk, k)) {
				possessive = k;
				k += 1; /* "Workers' Union": on past the mark */
				continue;
			}
			if (u->flags & LOOM_TF_PARA || tk->tok[k - 1].flags & LOOM_TF_POSSESSIVE ||
			    !(u->flags & LOOM_TF_SPACE_BEFORE))
				break;
			if (is_cap_word(u) && !(u->flags & LOOM_TF_DIGIT)) {
				j = k++;
				continue;
			}
			/* "for" joins only after an institution: "Centre for
			 * Policy Studies", not "Easley for Morning Consult" */
			/* "Douglas & Lomason", "AT & T": one firm */
			int joins = (u->kind == LOOM_TOK_PUNCT && u->mark == '&') ||
				    (loom__tok_has(u, LOOM_LEX_CONNECTOR) &&
				    (!loom__tok_is(text, u, "for") ||
				     loom__tok_has(&tk->tok[k - 1], LOOM_LEX_ORG_LAST) ||
				     loom__tok_has(&tk->tok[k - 1], LOOM_LEX_ORG_FIRST)));
			/* "of" neither: "Bank of Japan", "Duke of Norfolk", but
			 * "Tono Eitel of Germany", "Lynn Reaser of Barnett Banks" */
			if (joins && loom__tok_is(text, u, "of") && k - i >= 2 &&
			    person_like(tk->tok, i, k - 1))
				joins = 0;
			/* particles come in twos: "van der", "de la" */
			size_t m = k + 1;
			if (joins && m + 1 < tk->n && (tk->tok[m].flags & LOOM_TF_LOWER) &&
			    (tk->tok[m].flags & LOOM_TF_SPACE_BEFORE) &&
			    loom__tok_has(&tk->tok[m], LOOM_LEX_CONNECTOR))
				m++;
			if (style != 2 && joins && m < tk->n &&
			    is_cap_word(&tk->tok[m]) && (tk->tok[m].flags & LOOM_TF_SPACE_BEFORE) &&
			    !loom__tok_has(&tk->tok[m], LOOM_LEX_NOT_NAME) &&
			    !(tk->tok[m].flags & LOOM_TF_PARA)) {
				k = m;
				continue;
			}
			break;
		}
		/* "Workers' Union" is one name; "the Chiefs' Patrick
		 * Mahomes" is two: the run ends before the mark */
		if (possessive && j > possessive && !loom__tok_has(&tk->tok[j], LOOM_LEX_ORG_LAST))
			j = possessive - 1;
		int caps = j > i;
		for (size_t c = i; c <= j && caps; c++)
			caps = (tk->tok[c].flags & LOOM_TF_ALLCAPS) || (tk->tok[c].flags & LOOM_TF_LOWER);
		if ((style == 2 || caps) ? take_caps(&b, i, j) : take_run(&b, i, j, style))
			return -1;
		i = j + 1;
	}
	if (dateline_due && add_dateline(&b, dateline))
		return -1;
	return ncaps ? headline_people(&b, caps_at, ncaps) : 0;
}
