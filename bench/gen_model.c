/* gen_model.c - sentence templates and word banks for gen.c, read from a
 * CoNLL file or built in; see gen_model_load() in gen.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* ---- model: word table, templates, banks --------------------------------- */

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

const char *gen_model_word(const gen_model *m, uint32_t id)
{
	return m->chars + m->word_at[id];
}

static int table_rehash(gen_model *m, size_t ncap)
{
	uint32_t *t = calloc(ncap, sizeof *t);
	if (!t)
		return -1;
	for (size_t id = 0; id < m->nwords; id++) {
		const char *w = gen_model_word(m, (uint32_t)id);
		size_t s = fnv1a(w, strlen(w)) & (ncap - 1);
		while (t[s])
			s = (s + 1) & (ncap - 1);
		t[s] = (uint32_t)id + 1;
	}
	free(m->table);
	m->table = t;
	m->table_cap = ncap;
	return 0;
}

/* Returns the id of word w[0..n), adding it when new; -1 when out of
 * memory. */
static long intern(gen_model *m, const char *w, size_t n)
{
	if ((m->nwords + 1) * 2 > m->table_cap &&
	    table_rehash(m, m->table_cap ? m->table_cap * 2 : 4096))
		return -1;
	size_t mask = m->table_cap - 1, s = fnv1a(w, n) & mask;
	for (; m->table[s]; s = (s + 1) & mask) {
		const char *o = gen_model_word(m, m->table[s] - 1);
		if (!strncmp(o, w, n) && o[n] == '\0')
			return (long)m->table[s] - 1;
	}
	if (gen__grow((void **)&m->chars, &m->chars_cap, m->nchars + n + 1, 1) ||
	    gen__grow((void **)&m->word_at, &m->words_cap, m->nwords + 1,
		 sizeof *m->word_at))
		return -1;
	memcpy(m->chars + m->nchars, w, n);
	m->chars[m->nchars + n] = '\0';
	m->word_at[m->nwords] = (uint32_t)m->nchars;
	m->nchars += n + 1;
	m->table[s] = (uint32_t)m->nwords + 1;
	return (long)m->nwords++;
}

static int bank_add(gen_bank *b, uint32_t word)
{
	if (gen__grow((void **)&b->words, &b->cap, b->n + 1, sizeof *b->words))
		return -1;
	b->words[b->n++] = word;
	return 0;
}

static int class_of_pos(const char *pos)
{
	static const struct {
		const char *pos;
		int cls;
	} map[] = {
		{"NN", GEN_C_NN},   {"NNS", GEN_C_NNS}, {"NNP", GEN_C_NNP},
		{"NNPS", GEN_C_NNPS}, {"JJ", GEN_C_JJ}, {"RB", GEN_C_RB},
		{"VB", GEN_C_VB},   {"VBD", GEN_C_VBD}, {"VBG", GEN_C_VBG},
		{"VBN", GEN_C_VBN}, {"VBP", GEN_C_VBP}, {"VBZ", GEN_C_VBZ},
		{"CD", GEN_C_CD},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(pos, map[i].pos))
			return map[i].cls;
	return GEN_C_FIXED;
}

/* NER of a token, as far as the banks care. */
enum { NER_O, NER_B_PER, NER_I_PER, NER_B_LOC, NER_I_LOC };

static int ner_of(const char *tag)
{
	if (!strcmp(tag, "B-PER"))
		return NER_B_PER;
	if (!strcmp(tag, "I-PER"))
		return NER_I_PER;
	if (!strcmp(tag, "B-LOC"))
		return NER_B_LOC;
	if (!strcmp(tag, "I-LOC"))
		return NER_I_LOC;
	return NER_O;
}

typedef struct ptok {
	uint32_t word;
	uint8_t cls, ner;
} ptok;

static int has_lower(const char *w)
{
	for (; *w; w++)
		if (islower((unsigned char)*w))
			return 1;
	return 0;
}

/* Only characters of set and at least two of them. */
static int made_of(const char *w, int (*ok)(int c))
{
	size_t n = 0;
	for (; w[n]; n++)
		if (!ok((unsigned char)w[n]))
			return 0;
	return n >= 2;
}

static int lower_word_char(int c) { return islower(c) || c == '-'; }
static int name_char(int c) { return isalpha(c) || c == '-' || c == '.'; }
static int letter_char(int c) { return isalpha(c); }
static int number_char(int c)
{
	return isdigit(c) || c == '.' || c == ',' || c == '-' || c == '/';
}

/* Is w fit to stand in for any word of class cls? Sentence-initial
 * capitals and headline capitals are not. */
static int bank_worthy(const char *w, int cls)
{
	switch (cls) {
	case GEN_C_FIXED:
		return 0;
	case GEN_C_NNP: case GEN_C_NNPS:
		return isupper((unsigned char)w[0]) && has_lower(w) &&
		       made_of(w, name_char);
	case GEN_C_CD:
		return made_of(w, number_char) && strlen(w) <= 10 &&
		       isdigit((unsigned char)w[0]);
	default:
		return made_of(w, lower_word_char) && isalpha((unsigned char)w[0]);
	}
}

/* Headlines ("SOCCER - JAPAN GET LUCKY WIN") and result tables ("Jim
 * Grabb (U.S.) vs. Sandon Stolle (Australia)") are not prose: prose has
 * plenty of all-lowercase words. */
static int prose_sentence(const gen_model *m, const ptok *t, size_t n)
{
	size_t lower = 0;
	for (size_t i = 0; i < n; i++)
		lower += made_of(gen_model_word(m, t[i].word), lower_word_char) ||
			 islower((unsigned char)gen_model_word(m, t[i].word)[0]);
	return lower * 10 >= n * 4;
}

/* CoNLL cuts some quotations mid-way: a sentence with an odd number of
 * quote marks would leave a dangling one. */
static int quotes_balanced(const gen_model *m, const ptok *t, size_t n)
{
	size_t q = 0;
	for (size_t i = 0; i < n; i++)
		q += !strcmp(gen_model_word(m, t[i].word), "\"");
	return q % 2 == 0;
}

static int add_banks(gen_model *m, const ptok *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *w = gen_model_word(m, t[i].word);
		/* the first word is capitalised for the sentence, not as a name */
		if ((i > 0 || t[i].cls == GEN_C_NNP || t[i].cls == GEN_C_CD) &&
		    bank_worthy(w, t[i].cls) &&
		    bank_add(&m->banks[t[i].cls], t[i].word))
			return -1;
		int nameish = isupper((unsigned char)w[0]) && has_lower(w) &&
			      made_of(w, letter_char);
		if ((t[i].ner == NER_B_PER || t[i].ner == NER_I_PER) && nameish &&
		    bank_add(&m->banks[GEN_B_PERSON], t[i].word))
			return -1;
		/* one-word places only: "NEW YORK" would need both words */
		int single = i + 1 == n || t[i + 1].ner != NER_I_LOC;
		if (t[i].ner == NER_B_LOC && single && nameish && strlen(w) >= 4 &&
		    bank_add(&m->banks[GEN_B_PLACE], t[i].word))
			return -1;
	}
	return 0;
}

static int add_template(gen_model *m, const ptok *t, size_t n)
{
	if (gen__grow((void **)&m->toks, &m->toks_cap, m->ntoks + n, sizeof *m->toks) ||
	    gen__grow((void **)&m->sent_at, &m->sent_cap, m->nsent + 2,
		 sizeof *m->sent_at))
		return -1;
	if (m->nsent == 0)
		m->sent_at[0] = 0;
	for (size_t i = 0; i < n; i++) {
		m->toks[m->ntoks + i].word = t[i].word;
		m->toks[m->ntoks + i].cls = t[i].cls;
	}
	m->ntoks += n;
	m->sent_at[++m->nsent] = (uint32_t)m->ntoks;
	return 0;
}

#define MIN_TEMPLATE_TOKENS 8

static int end_sentence(gen_model *m, const ptok *t, size_t n)
{
	if (!n)
		return 0;
	m->file_sentences++;
	if (!prose_sentence(m, t, n))
		return 0;
	if (add_banks(m, t, n))
		return -1;
	if (n < MIN_TEMPLATE_TOKENS || !quotes_balanced(m, t, n))
		return 0;
	return add_template(m, t, n);
}

/* Splits a line into up to max blank-separated fields, in place. */
static size_t split_fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;
	while (*p && n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		f[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

typedef struct pending {
	ptok *t;
	size_t n, cap;
} pending;

/* One CoNLL line: a token, a sentence break or a document break. */
static int conll_line(gen_model *m, pending *s, char *line)
{
	char *f[4];
	size_t nf = split_fields(line, f, 4);
	if (nf == 0 || !strcmp(f[0], "-DOCSTART-")) {
		int rc = end_sentence(m, s->t, s->n);
		s->n = 0;
		return rc;
	}
	long id = intern(m, f[0], strlen(f[0]));
	if (id < 0 || gen__grow((void **)&s->t, &s->cap, s->n + 1, sizeof *s->t))
		return -1;
	s->t[s->n].word = (uint32_t)id;
	s->t[s->n].cls = (uint8_t)(nf > 1 ? class_of_pos(f[1]) : GEN_C_FIXED);
	s->t[s->n].ner = (uint8_t)(nf > 3 ? ner_of(f[3]) : NER_O);
	s->n++;
	return 0;
}

/* Returns 1 when read, 0 when the file cannot be opened, -1 on no memory. */
static int load_conll(gen_model *m, const char *path)
{
	FILE *fp = path ? fopen(path, "r") : NULL;
	if (!fp)
		return 0;
	pending s = {0};
	char line[4096];
	int rc = 0;
	while (!rc && fgets(line, sizeof line, fp)) {
		line[strcspn(line, "\r\n")] = '\0';
		rc = conll_line(m, &s, line);
	}
	if (!rc)
		rc = end_sentence(m, s.t, s.n);
	free(s.t);
	fclose(fp);
	return rc ? -1 : 1;
}

/* ---- built-in fallback ----------------------------------------------------- */

/* Sentences as word/TAG pairs, read by the same path as CoNLL lines. */
static const char *const fallback_templates[] = {
	"The/DT government/NN said/VBD on/IN Tuesday/NNP it/PRP would/MD raise/VB "
	"taxes/NNS on/IN imported/JJ goods/NNS next/JJ year/NN ./.",
	"Officials/NNS in/IN Berlin/NNP expected/VBD the/DT talks/NNS to/TO "
	"continue/VB for/IN at/IN least/JJS another/DT week/NN ./.",
	"The/DT company/NN reported/VBD a/DT net/JJ profit/NN of/IN 120/CD "
	"million/CD dollars/NNS for/IN the/DT first/JJ quarter/NN ./.",
	"Police/NNS arrested/VBD two/CD men/NNS after/IN the/DT attack/NN on/IN "
	"a/DT bank/NN in/IN the/DT northern/JJ city/NN ./.",
	"Analysts/NNS said/VBD the/DT central/JJ bank/NN was/VBD likely/JJ to/TO "
	"cut/VB interest/NN rates/NNS again/RB in/IN March/NNP ./.",
	"The/DT minister/NN told/VBD reporters/NNS that/IN the/DT new/JJ law/NN "
	"would/MD protect/VB small/JJ farmers/NNS from/IN foreign/JJ "
	"competition/NN ./.",
	"Shares/NNS of/IN the/DT airline/NN rose/VBD 3.5/CD percent/NN in/IN "
	"early/JJ trading/NN on/IN Monday/NNP ./.",
	"The/DT opposition/NN leader/NN accused/VBD the/DT president/NN of/IN "
	"ignoring/VBG the/DT needs/NNS of/IN rural/JJ voters/NNS ./.",
	"Heavy/JJ rain/NN forced/VBD the/DT organisers/NNS to/TO postpone/VB "
	"the/DT final/JJ match/NN until/IN Sunday/NNP ./.",
	"A/DT spokesman/NN for/IN the/DT army/NN said/VBD troops/NNS had/VBD "
	"secured/VBN the/DT border/NN crossing/NN overnight/RB ./.",
	"Exports/NNS fell/VBD sharply/RB in/IN June/NNP as/IN demand/NN from/IN "
	"European/JJ buyers/NNS weakened/VBD ./.",
	"The/DT union/NN said/VBD its/PRP$ members/NNS would/MD strike/VB if/IN "
	"the/DT company/NN refused/VBD to/TO negotiate/VB ./.",
};

static const struct {
	int cls;
	const char *words;
} fallback_words[] = {
	{GEN_C_NN, "market economy election budget crisis agreement report "
		   "region industry policy court council dispute harvest "
		   "investment pipeline tournament inquiry ceasefire treaty"},
	{GEN_C_NNS, "prices workers investors voters shares officials exports "
		    "prisoners refugees talks results bonds farmers banks"},
	{GEN_C_NNP, "Reuters Brussels Moscow Tokyo Nairobi Lima Ankara Oslo "
		    "Smith Garcia Petrov Tanaka Okafor Lindqvist Friday Monday"},
	{GEN_C_JJ, "national foreign economic local senior annual strong weak "
		   "political military financial regional key public private"},
	{GEN_C_RB, "sharply slightly already still again quickly later also"},
	{GEN_C_VB, "meet approve reject cut raise sign discuss block support "
		   "announce resume review"},
	{GEN_C_VBD, "said rose fell agreed rejected announced signed warned "
		    "reported denied confirmed urged"},
	{GEN_C_VBG, "rising falling growing ending leading seeking"},
	{GEN_C_VBN, "expected signed delayed approved reported killed held"},
	{GEN_C_VBP, "say expect remain need want plan"},
	{GEN_C_VBZ, "says expects remains needs wants plans"},
	{GEN_C_CD, "two three five 12 40 250 1.5 7.2 1,000 2024"},
	{GEN_B_PERSON, "Anna Peter Maria Jonas Chen Amara Smith Garcia Petrov "
		       "Tanaka Okafor Lindqvist"},
	{GEN_B_PLACE, "Brussels Moscow Tokyo Nairobi Lima Ankara Oslo Manila "
		      "Dakar Quito"},
};

static int fallback_template(gen_model *m, const char *src)
{
	pending s = {0};
	char tok[128];
	int rc = 0;
	for (const char *p = src; *p && !rc;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n || n >= sizeof tok)
			break;
		memcpy(tok, p, n);
		tok[n] = '\0';
		p += n;
		char *slash = strrchr(tok, '/');
		if (!slash || slash == tok)
			continue;
		*slash = ' '; /* "word POS" as a CoNLL line */
		rc = conll_line(m, &s, tok);
	}
	if (!rc)
		rc = end_sentence(m, s.t, s.n);
	free(s.t);
	return rc;
}

static int fallback_bank(gen_model *m, int cls, const char *words)
{
	for (const char *p = words; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		long id = intern(m, p, n);
		if (id < 0 || bank_add(&m->banks[cls], (uint32_t)id))
			return -1;
		p += n;
	}
	return 0;
}

static int load_fallback(gen_model *m)
{
	size_t nt = sizeof fallback_templates / sizeof fallback_templates[0];
	for (size_t i = 0; i < nt; i++)
		if (fallback_template(m, fallback_templates[i]))
			return -1;
	size_t nw = sizeof fallback_words / sizeof fallback_words[0];
	for (size_t i = 0; i < nw; i++)
		if (fallback_bank(m, fallback_words[i].cls, fallback_words[i].words))
			return -1;
	return 0;
}

int gen_model_load(gen_model *m, const char *conll_path)
{
	memset(m, 0, sizeof *m);
	int rc = load_conll(m, conll_path);
	if (rc < 0)
		goto fail;
	m->from_file = rc == 1 && m->nsent > 0;
	if (!m->from_file) {
		gen_model_free(m);
		memset(m, 0, sizeof *m);
		if (load_fallback(m))
			goto fail;
	}
	return 0;
fail:
	gen_model_free(m);
	return -1;
}

void gen_model_free(gen_model *m)
{
	if (!m)
		return;
	free(m->chars);
	free(m->word_at);
	free(m->table);
	free(m->toks);
	free(m->sent_at);
	for (int i = 0; i < GEN_NBANKS; i++)
		free(m->banks[i].words);
	memset(m, 0, sizeof *m);
}
