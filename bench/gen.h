/* gen.h - a deterministic stream of synthetic news articles with planted
 * copies, for benchmarking and scoring copy detection.
 *
 * Two parts:
 *  - gen_model: the sentence templates and word banks, read once from a
 *    CoNLL file (or built in when the file is missing) and never changed
 *    afterwards, so several streams can share one;
 *  - gen: one stream. Article i depends only on the seed and the articles
 *    before it, so the same (model, seed, config) always yields the same
 *    stream, and a stream can be replayed to look at an article again.
 *
 * Why templates and not verbatim sentences: a CoNLL file holds ~9,000
 * usable sentences. Built from those verbatim, a million-article stream
 * would repeat every 5-word shingle thousands of times, which real news
 * does not do, and any index that caps its posting lists would treat the
 * whole corpus as boilerplate. So each sentence of a new article is a
 * CoNLL sentence whose open-class words (nouns, verbs, adjectives,
 * numbers, names) are partly replaced by other words of the same part of
 * speech: the text stays English-looking while its shingles become about
 * as unique as real reporting. gen_config.mutate sets the share replaced
 * (0 gives verbatim CoNLL sentences). Copies reuse the rendered sentences
 * of their source, so they share text exactly as real copies do. */
#ifndef LOOM_BENCH_GEN_H
#define LOOM_BENCH_GEN_H

#include <stddef.h>
#include <stdint.h>

/* Articles the stream remembers (a ring); a source is never older. */
#define GEN_WINDOW 8192u
/* Copies take their source among this many previous articles. */
#define GEN_SOURCE_WINDOW 5000u

typedef enum gen_kind {
	GEN_ORIGINAL = 0,
	GEN_EXACT,   /* same body, another header or trailer */
	GEN_NEAR,    /* a sentence or two dropped or moved, a few words changed */
	GEN_REWRITE, /* about half the source kept in runs, new framing added */
	GEN_HARDNEG, /* an original that borrows 1-2 sentences: not a copy */
	GEN_NKINDS
} gen_kind;

const char *gen_kind_name(int kind);

/* ---- model ----------------------------------------------------------- */

/* Word classes that may be replaced in a template, by part of speech,
 * plus two banks used for bylines and datelines. */
enum {
	GEN_C_FIXED = 0, /* function words and punctuation: kept */
	GEN_C_NN, GEN_C_NNS, GEN_C_NNP, GEN_C_NNPS, GEN_C_JJ, GEN_C_RB,
	GEN_C_VB, GEN_C_VBD, GEN_C_VBG, GEN_C_VBN, GEN_C_VBP, GEN_C_VBZ,
	GEN_C_CD,
	GEN_NCLASSES, /* token classes end here */
	GEN_B_PERSON = GEN_NCLASSES, /* single-token person names */
	GEN_B_PLACE,                 /* single-token places, letters only */
	GEN_NBANKS
};

typedef struct gen_tok {
	uint32_t word; /* id in the model's word table */
	uint8_t cls;   /* GEN_C_* */
} gen_tok;

typedef struct gen_bank {
	uint32_t *words; /* word ids, repeated by frequency */
	size_t n, cap;
} gen_bank;

typedef struct gen_model {
	char *chars;          /* interned words, each NUL-terminated */
	size_t nchars, chars_cap;
	uint32_t *word_at;    /* word id -> offset in chars */
	size_t nwords, words_cap;
	uint32_t *table;      /* open addressing: word id + 1, 0 = empty */
	size_t table_cap;     /* power of two */
	gen_tok *toks;        /* all template tokens, back to back */
	size_t ntoks, toks_cap;
	uint32_t *sent_at;    /* template i is toks[sent_at[i] .. sent_at[i+1]) */
	size_t nsent, sent_cap;
	gen_bank banks[GEN_NBANKS];
	int from_file;        /* 0: the built-in fallback is in use */
	size_t file_sentences; /* sentences in the file, before filtering */
} gen_model;

/* Reads templates from a CoNLL file (word POS chunk NER per line, blank
 * line between sentences, -DOCSTART- between documents). A NULL or
 * unreadable path selects the built-in word lists. Returns 0, or -1 when
 * out of memory. */
int gen_model_load(gen_model *m, const char *conll_path);
void gen_model_free(gen_model *m);
const char *gen_model_word(const gen_model *m, uint32_t id);

/* ---- stream ---------------------------------------------------------- */

typedef struct gen_config {
	double p_exact, p_near, p_rewrite, p_hardneg; /* shares of the stream */
	double p_raw;           /* share sent as crawled pages */
	double mutate;          /* share of open-class words replaced */
	unsigned per_day;       /* articles per calendar day */
} gen_config;

void gen_config_default(gen_config *c);

/* One article as the stream hands it out. Pointers stay valid until the
 * next gen_next or gen_free. */
typedef struct gen_article {
	const char *text;
	size_t len;
	int text_is_raw;   /* crawled page: residue line, title, body */
	char date[11];     /* YYYY-MM-DD; also in the text when raw */
	const char *title; /* NUL-terminated; also in the text when raw */
	long truth_source; /* copies: the article copied; else -1 */
	int truth_kind;    /* gen_kind */
	long related;      /* hard negatives: the article borrowed from; else -1 */
} gen_article;

/* What the stream remembers of one recent article: its sentences as
 * rendered, so that copies can reuse them. */
typedef struct gen_sent {
	uint32_t at;  /* start in the slot's chars */
	uint8_t para; /* 1 where the sentence starts a paragraph */
} gen_sent;

typedef struct gen_slot {
	char *chars;      /* sentences, each NUL-terminated */
	size_t nchars, chars_cap;
	gen_sent *sent;
	size_t nsent, sent_cap;
	char title[160];
	char prefix[96];  /* dateline or agency tag before the first sentence */
	int day;
} gen_slot;

typedef struct gen_buf {
	char *p;
	size_t len, cap;
	int oom; /* sticky: set by the first failed append */
} gen_buf;

typedef struct gen {
	const gen_model *model;
	gen_config cfg;
	uint64_t rng[4];  /* xoshiro256** state */
	size_t next;      /* index of the next article */
	gen_slot *ring;   /* GEN_WINDOW slots, article i in slot i % GEN_WINDOW */
	gen_buf out;      /* the text handed out */
	gen_buf line;     /* scratch for one sentence */
	gen_article art;
} gen;

/* Starts a stream. cfg may be NULL for gen_config_default. The model must
 * outlive the stream. Returns 0, or -1 when out of memory. */
int gen_init(gen *g, const gen_model *model, uint64_t seed,
	     const gen_config *cfg);
void gen_free(gen *g);

/* Makes article i, which must be the next one (0, 1, 2, ...): copies are
 * built from the articles before them. Returns 0 and points *out at the
 * article, or -1 when out of memory or i is out of order. */
int gen_next(gen *g, size_t i, const gen_article **out);

/* Internal, shared by gen.c and gen_model.c: grows *items (of size bytes
 * each) to hold at least need, doubling. Returns 0, or -1 when out of
 * memory (then nothing changed). */
int gen__grow(void **items, size_t *cap, size_t need, size_t size);

#endif
