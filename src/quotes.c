/* quotes.c - direct quotations and their speakers (quotes.h). */
#include "quotes.h"

#include <assert.h>
#include <string.h>

#include "lexicon.h"

#define LOOK_BACK 30   /* tokens before a quote searched for its verb */
#define DASH_TAIL 10   /* words after the dash of an unmarked quote */
#define FOCUS_WINDOW 1024 /* mentions looked back over for a pronoun or role */

typedef struct finder {
	const char *text;
	const loom_tokens *tk;
	const loom_names *names;
	loom_quotes_found *out;
	size_t cap;
	loom_arena *a;
	int32_t last_speaker;     /* -1 for none, or a speaker named as written */
	uint32_t last_said_start, last_said_end; /* that speaker's words */
	size_t last_speaker_para; /* token that opens the last speaker's paragraph */
} finder;

static const loom_token *T(const finder *f, size_t k)
{
	return &f->tk->tok[k];
}

static int is_punct(const finder *f, size_t k, char c)
{
	return k < f->tk->n && T(f, k)->kind == LOOM_TOK_PUNCT && T(f, k)->mark == (uint8_t)c;
}

/* Inline: w is a literal, whose length then needs no strlen. */
static inline __attribute__((always_inline)) int word_is(const finder *f, size_t k,
							 const char *w)
{
	return k < f->tk->n && loom__tok_is(f->text, T(f, k), w);
}

static int is_pronoun(const finder *f, size_t k)
{
	return word_is(f, k, "he") || word_is(f, k, "she") || word_is(f, k, "they") ||
	       word_is(f, k, "i") || word_is(f, k, "we");
}

/* Is byte offset pos inside a quote found so far? Quotes are found in
 * text order and do not overlap, so their starts are sorted. */
static int inside_quote(const finder *f, uint32_t pos)
{
	size_t lo = 0, hi = f->out->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->out->q[mid].start <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && pos < f->out->q[lo - 1].end;
}

/* How many mentions start before byte offset pos (names.c files them in
 * text order). */
static size_t mentions_before(const finder *f, uint32_t pos)
{
	const loom_names *nm = f->names;
	size_t lo = 0, hi = nm->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (nm->m[mid].start < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The person last in focus before byte offset pos: the latest person
 * named outside quotes, among the last FOCUS_WINDOW names. */
static int32_t person_in_focus(const finder *f, uint32_t pos)
{
	const loom_names *nm = f->names;
	size_t end = mentions_before(f, pos);
	for (size_t i = end; i-- > 0 && end - i <= FOCUS_WINDOW;) {
		const loom_mention *m = &nm->m[i];
		if (m->end > pos || nm->ent[m->local].type != LOOM_NAME_PERSON ||
		    inside_quote(f, m->start))
			continue;
		return (int32_t)m->local;
	}
	return f->last_speaker;
}

/* The latest person introduced with this role. */
static int32_t person_with_role(const finder *f, uint64_t role, uint32_t pos)
{
	const loom_names *nm = f->names;
	size_t end = mentions_before(f, pos);
	for (size_t i = end; i-- > 0 && end - i <= FOCUS_WINDOW;) {
		const loom_mention *m = &nm->m[i];
		const loom_local_entity *e = &nm->ent[m->local];
		if (e->type == LOOM_NAME_PERSON && e->role == role)
			return (int32_t)m->local;
	}
	return -1;
}

typedef struct who {
	int found;
	int32_t entity;
	uint32_t start, end; /* the words that name the speaker */
} who;

static int is_pronoun(const finder *f, size_t k);

/* Is token k a function word ("and", "it", "my")? A lower-case token
 * carries only our word tables' flags (tokens.c), so the whole lexicon
 * is asked: a miss in a big table, taken only on the few words these
 * rare paths read. */
static int function_word(const finder *f, size_t k)
{
	const loom_token *t = T(f, k);
	return (loom__lexicon_lookup(f->text + t->start, t->end - t->start) & LOOM_LEX_STOP) != 0;
}

/* Is word t a participle more often than a noun: "voters backing
 * Novak", "officials briefed on", "workers led by"? */
static int participle_like(const char *text, const loom_token *t)
{
	size_t len = t->end - t->start;
	const char *e = text + t->end;
	return (len >= 5 && !memcmp(e - 3, "ing", 3)) ||
	       loom__past_participle(text + t->start, e);
}

/* Can token j, of the words from k on right after a verb of saying, be
 * a word of what the speaker is that no role table lists: "said
 * curator Henrik Aaslund", "said shopkeeper Inga Lorentz", "said
 * Florida-based strategist Al Cardenas"? A lower-case word that is no
 * function word, pronoun, participle or verb of saying; the name must
 * follow within three such words (speaker_at). Only there: after a dash
 * ("- because he liked Mr. Trump's message") the words are a clause,
 * and "said voters backing Jana Novak" names the voters' candidate. */
static int apposition_noun(const finder *f, size_t k, size_t j)
{
	const loom_token *t = T(f, j);
	return k > 0 && loom__tok_speech_verb(T(f, k - 1)) && t->kind == LOOM_TOK_WORD &&
	       (t->flags & LOOM_TF_LOWER) && (t->flags & LOOM_TF_SPACE_BEFORE) &&
	       !loom__tok_has(t, LOOM_LEX_PREPOSITION) && !loom__tok_has(t, LOOM_LEX_DETERMINER) &&
	       !loom__tok_speech_verb(t) && !participle_like(f->text, t) && !is_pronoun(f, j) &&
	       !function_word(f, j);
}

/* A speaker phrase starting at token k, reading forward (up to a verb or
 * the end of the clause): a name, a pronoun or a role. */
static who speaker_at(const finder *f, size_t k, uint32_t quote_start)
{
	who w = {0, -1, 0, 0};
	if (k >= f->tk->n)
		return w;
	const loom_names *nm = f->names;
	/* "Rep. G.K. Butterfield", "press secretary Josh Earnest",
	 * "European Council President Donald Tusk" */
	const loom_mention *other = NULL;
	int apposition = 0; /* words apposition_noun let by */
	for (size_t j = k; j < f->tk->n && j < k + 7; j++) {
		if (nm->at[j] >= 0) {
			const loom_mention *m = &nm->m[nm->at[j]];
			if (nm->ent[m->local].type == LOOM_NAME_PERSON) {
				other = m;
				break;
			}
			/* past such words only a person is a speaker: "said
			 * improved Indiana's economy" names none */
			if (apposition)
				break;
			if (!other)
				other = m;
			j = m->first_tok + m->ntok - 1;
			continue;
		}
		if (loom__is_title(f->text, T(f, j)) || loom__role_of(f->text, T(f, j)) ||
		    (j == k && word_is(f, j, "the")))
			continue;
		if (j < k + 3 && apposition_noun(f, k, j)) {
			apposition = 1;
			continue;
		}
		break;
	}
	if (other) {
		w.found = 1;
		w.entity = (int32_t)other->local;
		w.start = other->start;
		w.end = other->end;
		return w;
	}
	if (is_pronoun(f, k)) {
		w.found = 1;
		w.entity = person_in_focus(f, quote_start);
		w.start = T(f, k)->start;
		w.end = T(f, k)->end;
		return w;
	}
	/* "the minister", "the head of the agency", "a spokesman for ..." */
	if (word_is(f, k, "the") || word_is(f, k, "a") || word_is(f, k, "an") ||
	    word_is(f, k, "his") || word_is(f, k, "her") || word_is(f, k, "its")) {
		for (size_t j = k + 1; j < f->tk->n && j < k + 7; j++) {
			const loom_token *t = T(f, j);
			if (t->kind != LOOM_TOK_WORD || loom__tok_speech_verb(t))
				break;
			if (nm->at[j] >= 0) { /* "the agency's chief, Novak" is rare: stop */
				break;
			}
			uint64_t role = loom__role_of(f->text, t);
			if (role) {
				w.found = 1;
				w.entity = person_with_role(f, role, quote_start);
				w.start = T(f, k)->start;
				w.end = t->end;
				/* "the head of the agency": take "of the ..." too */
				size_t e = j + 1;
				while (e + 1 < f->tk->n && word_is(f, e, "of") &&
				       T(f, e + 1)->kind == LOOM_TOK_WORD) {
					e += 2;
					while (e < f->tk->n && T(f, e)->kind == LOOM_TOK_WORD &&
					       !loom__tok_speech_verb(T(f, e)) && e < j + 6)
						e++;
					w.end = T(f, e - 1)->end;
				}
				return w;
			}
		}
	}
	return w;
}

/* A speaker phrase ending at token k (the subject before a verb). */
static who speaker_ending(const finder *f, size_t k, uint32_t quote_start)
{
	who w = {0, -1, 0, 0};
	const loom_names *nm = f->names;
	if (nm->at[k] >= 0) {
		const loom_mention *m = &nm->m[nm->at[k]];
		if (m->first_tok + m->ntok - 1 == k)
			return speaker_at(f, m->first_tok, quote_start);
		return w;
	}
	if (is_pronoun(f, k))
		return speaker_at(f, k, quote_start);
	/* a role phrase: back to its article */
	for (size_t j = k + 1, steps = 0; j-- > 0 && steps < 7; steps++) {
		if (T(f, j)->kind != LOOM_TOK_WORD)
			break;
		if (word_is(f, j, "the") || word_is(f, j, "a") || word_is(f, j, "an")) {
			w = speaker_at(f, j, quote_start);
			return w;
		}
	}
	return w;
}

/* Does token k end a clause (punctuation or a quotation mark)? */
static int ends_clause(const finder *f, size_t k)
{
	const loom_token *t = T(f, k);
	if (t->kind == LOOM_TOK_QUOTE)
		return 1;
	if (t->kind != LOOM_TOK_PUNCT)
		return 0;
	if (t->mark == '.' && k + 1 < f->tk->n) {
		/* "(D-Wis.) said": a period inside a clause */
		const loom_token *n = T(f, k + 1);
		if ((n->kind == LOOM_TOK_PUNCT && (n->mark == ')' || n->mark == ',')) ||
		    (n->flags & LOOM_TF_LOWER))
			return 0;
	}
	return t->mark == '.' || t->mark == '?' || t->mark == '!' || t->mark == ';' ||
	       t->mark == ':';
}

/* Reading forward: does token k stop the clause (or start a paragraph)? */
static int stops_clause(const finder *f, size_t k)
{
	return (T(f, k)->flags & LOOM_TF_PARA) || ends_clause(f, k);
}

static int is_preposition(const finder *f, size_t k)
{
	return loom__tok_has(T(f, k), LOOM_LEX_PREPOSITION);
}

static int is_determiner(const finder *f, size_t k)
{
	return k < f->tk->n && loom__tok_has(T(f, k), LOOM_LEX_DETERMINER);
}

static int breaks_phrase(const finder *f, size_t k)
{
	/* "that", "when", "has": tools/tables/words/phrase_break.txt */
	return k < f->tk->n && loom__tok_has(T(f, k), LOOM_LEX_PHRASE_BREAK);
}

/* Can token k sit inside a nominal speaker's phrase ("the 46-year-old",
 * "a New Hampshire Republican", "the campaign's statement")? */
static int nominal_word(const finder *f, size_t k)
{
	const loom_token *t = T(f, k);
	if (t->kind == LOOM_TOK_DASH)
		return !(t->flags & LOOM_TF_SPACE_BEFORE);
	if (t->kind != LOOM_TOK_WORD || loom__tok_speech_verb(t) ||
	    is_pronoun(f, k) || breaks_phrase(f, k))
		return 0;
	int32_t at = f->names->at[k];
	return at < 0 || f->names->ent[f->names->m[at].local].type != LOOM_NAME_PERSON;
}

/* A speaker that is no person named in the article: a noun phrase right
 * before the verb of saying, from its determiner ("the statement said",
 * "one user tweeted"). Reported as written rather than guessed from the
 * person last in focus. */
static who nominal_ending(const finder *f, size_t verb, size_t from)
{
	who w = {0, -1, 0, 0};
	for (size_t j = verb, steps = 0; j-- > from && steps < 8; steps++) {
		if (!nominal_word(f, j))
			return w;
		if (is_determiner(f, j)) {
			if (j + 1 == verb)
				return w;
			w.found = 1;
			w.start = T(f, j)->start;
			w.end = T(f, verb - 1)->end;
			return w;
		}
	}
	return w;
}

/* A clause's whole subject of one to three lower-case words, no
 * determiner, ending in a plural noun or "police", tokens [from,
 * verb): "police said", "local officials said", "witnesses told
 * reporters". Reported as written: the voice of the quote before, the
 * fallback, would put the words in a person's mouth. The plural is read
 * from a final s: "it", "now", "often" and the like, bare words before
 * a verb of saying that are no subject, end otherwise, and function
 * words ("this", "its") are refused. Not when a name follows the verb
 * ("then said Novak": whoever it is, these words are not). */
static who bare_nominal_ending(const finder *f, size_t verb, size_t from)
{
	who w = {0, -1, 0, 0};
	if (verb <= from || verb - from > 3)
		return w;
	if (verb + 1 < f->tk->n && f->names->at[verb + 1] >= 0)
		return w;
	for (size_t j = from; j < verb; j++) {
		const loom_token *t = T(f, j);
		size_t len = t->end - t->start;
		if (t->kind != LOOM_TOK_WORD || !(t->flags & LOOM_TF_LOWER) ||
		    is_preposition(f, j) || is_determiner(f, j) || loom__tok_speech_verb(t) ||
		    is_pronoun(f, j) || breaks_phrase(f, j) ||
		    (len >= 4 && !memcmp(f->text + t->end - 2, "ly", 2)) || function_word(f, j))
			return w;
	}
	const loom_token *head = T(f, verb - 1);
	size_t hlen = head->end - head->start;
	if (!(hlen >= 4 && f->text[head->end - 1] == 's' && f->text[head->end - 2] != 's') &&
	    !word_is(f, verb - 1, "police"))
		return w;
	w.found = 1;
	w.start = T(f, from)->start;
	w.end = head->end;
	return w;
}

/* The same after the verb: "says a narrator", "said the statement". */
static who nominal_at(const finder *f, size_t k)
{
	who w = {0, -1, 0, 0};
	if (k >= f->tk->n || !is_determiner(f, k))
		return w;
	size_t j = k + 1;
	while (j < f->tk->n && j < k + 7 && !(T(f, j)->flags & LOOM_TF_PARA) &&
	       nominal_word(f, j) && !is_determiner(f, j) && !is_preposition(f, j))
		j++;
	/* the phrase must end where a noun phrase can: "said the city
	 * embodied the ..." is a clause, not a speaker */
	if (j == k + 1 || (j < f->tk->n && !(T(f, j)->flags & LOOM_TF_PARA) &&
			   is_determiner(f, j)))
		return w;
	w.found = 1;
	w.start = T(f, k)->start;
	w.end = T(f, j - 1)->end;
	return w;
}

/* The subject of a verb of saying among tokens [from, verb). After a
 * quote it is the first person named there ("Tulsa police Chief Chuck
 * Jordan said", "Scott Pruitt, the attorney general of Oklahoma, said");
 * before one, where the clause may open with anything ("Asked about
 * Trump's claim, Clinton said"), the person nearest the verb. Else the
 * first name, pronoun or role phrase. */
static who subject_between(const finder *f, size_t from, size_t verb,
			   uint32_t quote_start, int nearest)
{
	who first = {0, -1, 0, 0}, person = {0, -1, 0, 0};
	const loom_names *nm = f->names;
	for (size_t j = from; j < verb; j++) {
		if (nm->at[j] >= 0) {
			const loom_mention *m = &nm->m[nm->at[j]];
			if (inside_quote(f, m->start)) { /* an earlier quote's words */
				j = m->first_tok + m->ntok - 1;
				continue;
			}
			if (nm->ent[m->local].type == LOOM_NAME_PERSON) {
				person = speaker_at(f, m->first_tok, quote_start);
				/* the first person who is no possessive and
				 * no object of a preposition is the subject:
				 * "Rucker Culpepper, who runs Clinton's campaign,
				 * said", not "Asked about Trump's claim,
				 * Clinton said" */
				size_t last = m->first_tok + m->ntok - 1;
				int object = m->first_tok > 0 &&
					     is_preposition(f, m->first_tok - 1);
				if (!nearest || (!object &&
						 !(T(f, last)->flags & LOOM_TF_POSSESSIVE)))
					return person;
			}
			if (!first.found)
				first = speaker_at(f, m->first_tok, quote_start);
			j = m->first_tok + m->ntok - 1;
			continue;
		}
		if (!first.found && (is_pronoun(f, j) || word_is(f, j, "the") ||
				     word_is(f, j, "a") || word_is(f, j, "an")))
			first = speaker_at(f, j, quote_start);
	}
	return person.found ? person : first;
}

/* After the closing mark: ", said Novak", ", Novak said", " he added",
 * "― Novak" (a signature). */
static who speaker_after(const finder *f, size_t c, uint32_t quote_start)
{
	who w = {0, -1, 0, 0};
	size_t k = c + 1;
	int dash = 0;
	if (k < f->tk->n && (is_punct(f, k, ',') || T(f, k)->kind == LOOM_TOK_DASH)) {
		dash = T(f, k)->kind == LOOM_TOK_DASH;
		k++;
	}
	if (k >= f->tk->n || (T(f, k)->flags & LOOM_TF_PARA))
		return w;
	if (loom__tok_speech_verb(T(f, k))) {
		w = speaker_at(f, k + 1, quote_start);
		return w.found ? w : nominal_at(f, k + 1);
	}
	/* a clause that opens with its subject ("Tulsa police Chief Chuck
	 * Jordan said") names it first; one that opens with anything else
	 * ("of the Clinton proposals, Mr. Holtz-Eakin said") ends with it */
	int opens_with_subject = f->names->at[k] >= 0 || is_pronoun(f, k) ||
				 word_is(f, k, "the") || word_is(f, k, "a") ||
				 word_is(f, k, "an") || (T(f, k)->flags & LOOM_TF_CAP);
	for (size_t j = k; j < f->tk->n && j < k + 14 && !stops_clause(f, j); j++)
		if (loom__tok_speech_verb(T(f, j))) {
			w = subject_between(f, k, j, quote_start, !opens_with_subject);
			if (!w.found)
				w = nominal_ending(f, j, k);
			if (!w.found)
				w = bare_nominal_ending(f, j, k);
			return w;
		}
	/* "” Leonard E. Burman, director of ..., said": the verb comes
	 * after a long apposition */
	const loom_names *nm = f->names;
	if (nm->at[k] >= 0) {
		const loom_mention *m = &nm->m[nm->at[k]];
		if (m->first_tok == k && nm->ent[m->local].type == LOOM_NAME_PERSON &&
		    is_punct(f, k + m->ntok, ','))
			return speaker_at(f, k, quote_start);
	}
	if (dash) {
		w = speaker_at(f, k, quote_start);
		if (w.entity < 0)
			w.found = 0;
	}
	return w;
}

/* Before the opening mark, in its sentence: "Novak said:", "said Novak,"
 * "according to Novak,", "PENCE:". */
static who speaker_before(const finder *f, size_t o, uint32_t quote_start)
{
	who w = {0, -1, 0, 0};
	if (o == 0 || (T(f, o)->flags & LOOM_TF_PARA))
		return w;
	/* "NAME: ..." as in a transcript */
	for (size_t k = o, steps = 0; k-- > 0 && steps < LOOK_BACK; steps++) {
		const loom_token *t = T(f, k);
		if (t->kind == LOOM_TOK_QUOTE)
			break; /* another quote's words */
		if (t->kind == LOOM_TOK_PUNCT && (t->mark == '.' || t->mark == '?' || t->mark == '!'))
			break;
		if (word_is(f, k, "according") && word_is(f, k + 1, "to")) {
			w = speaker_at(f, k + 2, quote_start);
			if (w.found)
				return w;
		}
		if (loom__tok_speech_verb(t)) {
			/* the clause before the verb: "Novak said", "Novak,
			 * the minister, said", "Novak has said", "he told
			 * reporters" */
			size_t from = k;
			while (from > 0 && k - from < 14 && !(T(f, from)->flags & LOOM_TF_PARA) &&
			       !ends_clause(f, from - 1))
				from--;
			if (k > 0) {
				w = subject_between(f, from, k, quote_start, 1);
				if (!w.found)
					w = nominal_ending(f, k, from);
				if (w.found)
					return w;
			}
			w = speaker_at(f, k + 1, quote_start);
			if (!w.found)
				w = nominal_at(f, k + 1);
			if (!w.found) /* "police said:" */
				w = bare_nominal_ending(f, k, from);
			if (w.found)
				return w;
		}
		if (t->flags & LOOM_TF_PARA)
			break;
	}
	return w;
}

/* The paragraph before the quote ends "Caddell continued:" */
static who speaker_lead_in(const finder *f, size_t o, uint32_t quote_start)
{
	who w = {0, -1, 0, 0};
	if (!(T(f, o)->flags & LOOM_TF_PARA) || o == 0 || !is_punct(f, o - 1, ':'))
		return w;
	return speaker_before(f, o - 1, quote_start);
}

static int push(finder *f, const loom_quote_found *q)
{
	if (f->out->n == f->cap &&
	    loom__arena_grow(f->a, (void **)&f->out->q, f->out->n, &f->cap, 16, sizeof *f->out->q))
		return -1;
	f->out->q[f->out->n++] = *q;
	return 0;
}

/* The token that opens token k's paragraph: a search of the paragraph
 * records, asked a few times a quote (a table of every token's would be
 * filled for every token of every article). */
static size_t para_of(const finder *f, size_t k)
{
	const loom_paragraph *para = f->tk->para;
	size_t lo = 0, hi = f->tk->npara; /* para[lo].first <= k < para[hi].first */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (para[mid].first <= k)
			lo = mid;
		else
			hi = mid;
	}
	return para[lo].first;
}

/* Are the words [s, e) a title: at most five, capitalised but for small
 * words ("Contract with America")? */
static int title_case(const finder *f, size_t s, size_t e, size_t words)
{
	if (words > 5)
		return 0;
	for (size_t k = s; k < e; k++) {
		const loom_token *t = T(f, k);
		if (t->kind != LOOM_TOK_WORD || (t->flags & (LOOM_TF_CAP | LOOM_TF_DIGIT)))
			continue;
		if (t->end - t->start > 4)
			return 0; /* a lower-case word that is not small */
	}
	return 1;
}

/* Files the quote with content tokens [s, e) between marks o and c (c may
 * be past the paragraph for an unclosed quote). */
static int emit(finder *f, size_t o, size_t s, size_t e, size_t c, int marked,
		who w)
{
	size_t words = 0;
	for (size_t k = s; k < e; k++)
		words += T(f, k)->kind == LOOM_TOK_WORD;
	if (!words)
		return 0;
	loom_quote_found q = {0};
	q.start = T(f, s)->start;
	q.end = T(f, e - 1)->end;
	q.first_tok = (uint32_t)s;
	q.end_tok = (uint32_t)e;
	q.marked = (uint8_t)marked;
	q.speaker = -1;
	if (!w.found && marked) {
		w = speaker_after(f, c, q.start);
		if (!w.found)
			w = speaker_before(f, o, q.start);
		if (!w.found)
			w = speaker_lead_in(f, o, q.start);
		/* with nobody saying it, a word or two in marks is a scare
		 * quote and a phrase in title case is a title ("Morning Joe") */
		if (!w.found && (words <= 2 || title_case(f, s, e, words)))
			return 0;
	}
	size_t para = para_of(f, o);
	if (!w.found && marked && o > 0 && !(T(f, o)->flags & LOOM_TF_PARA)) {
		/* no verb: the subject of the sentence the quote sits in
		 * ("Mr. Trump hardly clarified the matter, treating it as a
		 * compliment -- ''That makes me smart''") */
		size_t from = o;
		while (from > 0 && o - from < 40 && !(T(f, from)->flags & LOOM_TF_PARA) &&
		       !(T(f, from - 1)->kind == LOOM_TOK_PUNCT &&
			 (T(f, from - 1)->mark == '.' || T(f, from - 1)->mark == '?' ||
			  T(f, from - 1)->mark == '!')))
			from--;
		who s_ = subject_between(f, from, o, q.start, 1);
		if (s_.found && s_.entity >= 0 &&
		    f->names->ent[s_.entity].type == LOOM_NAME_PERSON)
			w = s_;
	}
	if (!w.found && (f->last_speaker >= 0 || f->last_said_end > f->last_said_start)) {
		/* a quote that follows a quote goes on in the same voice */
		size_t prev = para ? para_of(f, para - 1) : 0;
		if (f->last_speaker_para == para || f->last_speaker_para == prev) {
			w.found = 1;
			w.entity = f->last_speaker;
			w.start = f->last_said_start;
			w.end = f->last_said_end;
		}
	}
	if (!w.found) {
		w.entity = person_in_focus(f, q.start);
		w.found = w.entity >= 0;
	}
	q.speaker = w.entity;
	if (w.entity < 0 && w.end > w.start) {
		q.said_start = w.start;
		q.said_end = w.end;
	}
	if (w.entity >= 0 || q.said_end > q.said_start) {
		f->last_speaker = w.entity;
		f->last_said_start = q.said_start;
		f->last_said_end = q.said_end;
		f->last_speaker_para = para_of(f, e - 1);
	}
	return push(f, &q);
}

/* Paragraph pi, unmarked, ending "- Novak said." */
static int dash_paragraph(finder *f, size_t pi)
{
	/* the tokenizer noted the paragraph's marks and dashes */
	const loom_paragraph *para = &f->tk->para[pi];
	size_t p = para->first, end = loom__paragraph_end(f->tk, pi);
#ifdef LOOM_TEST
	size_t seen_dash = (size_t)-1, seen_quotes = 0;
	for (size_t k = p; k < end; k++) {
		seen_quotes += T(f, k)->kind == LOOM_TOK_QUOTE;
		if (T(f, k)->kind == LOOM_TOK_DASH && (T(f, k)->flags & LOOM_TF_SPACE_BEFORE))
			seen_dash = k;
	}
	assert(seen_quotes == para->quotes &&
	       seen_dash == (para->last_dash == UINT32_MAX ? (size_t)-1 : para->last_dash));
#endif
	if (para->quotes)
		return 0;
	size_t dash = para->last_dash == UINT32_MAX ? (size_t)-1 : para->last_dash;
	if (dash == (size_t)-1 || dash < p + 4 || end - dash > DASH_TAIL + 2)
		return 0;
	size_t verb = (size_t)-1;
	for (size_t k = dash + 1; k < end; k++)
		if (loom__tok_speech_verb(T(f, k)))
			verb = k;
	if (verb == (size_t)-1)
		return 0;
	uint32_t qstart = T(f, p)->start;
	who w = speaker_at(f, verb + 1, qstart);
	if (!w.found && verb > dash + 1)
		w = speaker_ending(f, verb - 1, qstart);
	if (!w.found)
		w = speaker_at(f, dash + 1, qstart);
	size_t e = dash;
	while (e > p && T(f, e - 1)->kind == LOOM_TOK_PUNCT && T(f, e - 1)->mark != '.' &&
	       T(f, e - 1)->mark != '?' && T(f, e - 1)->mark != '!')
		e--;
	if (!w.found) {
		w.found = 1;
		w.entity = -1;
	}
	return emit(f, p, p, e, dash, 0, w);
}

static int is_opening(const finder *f, size_t k)
{
	const loom_token *t = T(f, k);
	if (t->start > 0 && f->text[t->start - 1] == '=')
		return 0; /* markup: author="..." */
	if (t->mark == LOOM_QM_DOUBLE_OPEN)
		return 1;
	if (t->mark != LOOM_QM_DOUBLE_STRAIGHT)
		return 0;
	/* a straight mark opens after space or at a paragraph start and
	 * before a word */
	return (t->flags & (LOOM_TF_SPACE_BEFORE | LOOM_TF_PARA)) ||
	       (k > 0 && T(f, k - 1)->kind != LOOM_TOK_WORD);
}

int loom__find_quotes(loom_quotes_found *out, const char *text,
		      const loom_tokens *tk, const loom_names *names,
		      loom_arena *a)
{
	memset(out, 0, sizeof *out);
	finder f = {.text = text, .tk = tk, .names = names, .out = out, .a = a,
		    .last_speaker = -1, .last_speaker_para = (size_t)-1};
	assert(!tk->n || (tk->npara && tk->para[0].first == 0));
	/* pi: the paragraph of token k */
	size_t open = (size_t)-1, single = (size_t)-1, pi = 0;
	int para_has_quote = 0;
	for (size_t k = 0; k <= tk->n; k++) {
		int new_para = k == tk->n || (T(&f, k)->flags & LOOM_TF_PARA);
		if (new_para && k > 0) {
			assert(loom__paragraph_end(tk, pi) == k);
			if (!para_has_quote && open == (size_t)-1 && dash_paragraph(&f, pi))
				return -1;
			pi++;
			single = (size_t)-1;
			if (open != (size_t)-1) {
				/* a quote over paragraphs opens each one again */
				if (k < tk->n && T(&f, k)->kind == LOOM_TOK_QUOTE && is_opening(&f, k)) {
					para_has_quote = 1;
					continue;
				}
				if (emit(&f, open, open + 1, k, k - 1, 1, (who){0, -1, 0, 0}))
					return -1;
				open = (size_t)-1;
			}
		}
		if (k == tk->n)
			break;
		if (new_para) {
			para_has_quote = 0;
			/* no quotation mark in it and no quote open over it:
			 * nothing to look at before its end */
			assert(pi < tk->npara && tk->para[pi].first == k);
			if (open == (size_t)-1 && !tk->para[pi].quotes) {
				k = loom__paragraph_end(tk, pi) - 1;
				continue;
			}
		}
		const loom_token *t = T(&f, k);
		if (t->kind != LOOM_TOK_QUOTE)
			continue;
		para_has_quote = 1;
		if (open == (size_t)-1) {
			if (is_opening(&f, k)) {
				open = k;
			} else if (t->mark == LOOM_QM_SINGLE_OPEN) {
				single = k;
			} else if (t->mark == LOOM_QM_SINGLE_CLOSE && single != (size_t)-1 &&
				   k > single + 1) {
				if (emit(&f, single, single + 1, k, k, 1, (who){0, -1, 0, 0}))
					return -1;
				single = (size_t)-1;
			}
			continue;
		}
		/* a straight mark closes a straight quote; a curly quote closes
		 * on ”, on “ glued to its last word („…“, or turned marks),
		 * or on a glued straight mark (“…") */
		int straight = T(&f, open)->mark == LOOM_QM_DOUBLE_STRAIGHT;
		int glued = !(t->flags & LOOM_TF_SPACE_BEFORE) && k > open + 1;
		int closes = straight ? t->mark == LOOM_QM_DOUBLE_STRAIGHT
				      : t->mark == LOOM_QM_DOUBLE_CLOSE ||
					(glued && (t->mark == LOOM_QM_DOUBLE_OPEN ||
						   t->mark == LOOM_QM_DOUBLE_STRAIGHT));
		if (!closes)
			continue;
		if (k > open + 1 && emit(&f, open, open + 1, k, k, 1, (who){0, -1, 0, 0}))
			return -1;
		open = (size_t)-1;
	}
	return 0;
}
