/*
 * loom.h - the one public header of libloom, a news story engine.
 *
 * Loom ingests a stream of news articles and, as each one arrives, tells
 * whether it copies an earlier one (exact, near-duplicate or rewrite) and
 * which article is the source.
 *
 * Conventions (see README.md):
 *  - every function returns LOOM_OK (0) or a negative LOOM_E* code;
 *    loom_strerror() names a code, loom_errmsg() gives the detail of the
 *    last failure on an engine;
 *  - out-parameters come first; `T **out` means the caller owns the result
 *    and releases it with the matching *_free (all accept NULL);
 *  - pointers returned directly or inside info structs are borrowed and
 *    stay valid until loom_engine_free() unless stated otherwise;
 *  - an engine is not thread-safe; separate engines share nothing.
 */
#ifndef LOOM_H
#define LOOM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LOOM_VERSION "0.1.0"

/* Error codes. */
enum {
	LOOM_OK = 0,
	LOOM_ENOMEM = -1,        /* an allocation failed */
	LOOM_EINVAL = -2,        /* invalid input (malformed JSON, bad field) */
	LOOM_ETOOBIG = -3,       /* input exceeds a configured cap */
	LOOM_ENOTFOUND = -4,     /* no such article or field */
	LOOM_EDUPLICATE = -5,    /* article id already used */
	LOOM_EEMPTY = -6,        /* nothing to analyse (empty or blank text) */
	LOOM_EBINARY = -7,       /* input looks binary, not text */
	LOOM_EIO = -8            /* a read or write failed */
};

/* Static, never NULL. */
const char *loom_strerror(int code);

/* Where a parse error was found: filled by parsers when non-NULL. */
typedef struct loom_err {
	int code;
	size_t byte_offset; /* offset into the input given to the parser */
	size_t line;        /* 1-based line of that offset, 0 if unknown */
	char msg[160];      /* one line, NUL-terminated */
} loom_err;

/* Tunables. Initialise with LOOM_OPTIONS_INIT and change what you need. */
#define LOOM_OPTIONS_VERSION 2
typedef struct loom_options {
	int version;
	size_t max_article_bytes;   /* larger articles are refused: LOOM_ETOOBIG */
	size_t max_line_bytes;      /* a longer line in a text article: LOOM_ETOOBIG */
	unsigned shingle_words;     /* words per shingle */
	unsigned anchor_shift;      /* 1 in 2^anchor_shift shingles is indexed */
	unsigned sketch_shift;      /* 1 in 2^sketch_shift shingles is kept to verify */
	unsigned max_postings;      /* an anchor seen this often is boilerplate */
	double near_similarity;     /* resemblance at or above: near duplicate */
	double rewrite_containment; /* share of the copy found in the source */
	unsigned flags;             /* LOOM_OPT_* */
	/* Stories: an article joins a story whose latest article is at most
	 * story_days older and whose terms it shares with at least
	 * story_similarity (cosine); a new story joins the storyline of a
	 * story seen within storyline_days at storyline_similarity. */
	unsigned story_days, storyline_days;
	double story_similarity, storyline_similarity;
} loom_options;

#define LOOM_OPTIONS_INIT                                                     \
	{ LOOM_OPTIONS_VERSION, (size_t)8 << 20, (size_t)1 << 20, 5, 4, 2, 64,   \
	  0.70, 0.40, 0, 3, 30, 0.27, 0.30 }

#define LOOM_OPT_DEFAULT 0u
/* Skip the entity and quote stage: copies and stories only (faster, and
 * what the benchmark compares against to price that stage). */
#define LOOM_OPT_NO_NAMES 1u

typedef struct loom_engine loom_engine;

/* Creates an engine. opts may be NULL for the defaults.
 * Returns LOOM_OK, LOOM_ENOMEM or LOOM_EINVAL (bad options). */
int loom_engine_new(loom_engine **out, const loom_options *opts);
void loom_engine_free(loom_engine *e);

/* Detail of the last failure on e: one line, valid until the next call on e. */
const char *loom_errmsg(const loom_engine *e);

/* An article to add. Only text is required; every other field may be NULL.
 * Strings need not be NUL-terminated only for text (text_len bytes); the
 * others are NUL-terminated. Nothing is retained: the engine copies what it
 * keeps. */
typedef struct loom_doc {
	const char *id;      /* NULL: the engine generates "doc-<n>" */
	const char *path;    /* where it came from, reported back as is */
	const char *text;
	size_t text_len;
	/* Metadata given by a structured source (JSONL). When text_is_raw is
	 * set, the text is a crawled page and its header (residue line,
	 * title, author/date lines, dateline) is parsed; fields given here
	 * win over parsed ones. */
	const char *title;
	const char *date;    /* ISO 8601 */
	const char *author;
	const char *source;
	const char *url;
	const char *lang;
	int text_is_raw;
} loom_doc;

/* How an article relates to the earlier one it copies. */
typedef enum loom_copy_kind {
	LOOM_COPY_NONE = 0,
	LOOM_COPY_EXACT,   /* same normalised body */
	LOOM_COPY_NEAR,    /* syndicated copy with small edits */
	LOOM_COPY_REWRITE  /* shorter or reframed, keeps long passages */
} loom_copy_kind;

/* Static name: "exact", "near", "rewrite" or "none". */
const char *loom_copy_kind_name(loom_copy_kind kind);

/* Adds one article and finds what it copies (and what copies it, when it is
 * the source of articles that arrived before it).
 *   out_index:   the new article's index (0-based, arrival order); may be NULL.
 *   err:         filled on failure when non-NULL.
 * Returns LOOM_OK, LOOM_EDUPLICATE, LOOM_EEMPTY, LOOM_EBINARY, LOOM_ETOOBIG or
 * LOOM_ENOMEM. A given date that is not ISO 8601 is left out with a
 * warning; a blank id is generated. On failure the engine keeps no trace
 * of the article. */
int loom_engine_add(loom_engine *e, size_t *out_index, const loom_doc *doc,
		    loom_err *err);

/* Articles whose copy_of changed during the last loom_engine_add, the new
 * article included (first). Borrowed, valid until the next add. */
size_t loom_engine_changed(const loom_engine *e, const size_t **out_indices);

size_t loom_engine_count(const loom_engine *e);

/* A read-only view of one article. Strings are borrowed (valid until
 * loom_engine_free); absent values are NULL. */
typedef struct loom_article_info {
	const char *id;
	const char *path;
	const char *title;
	const char *date;      /* as normalised: YYYY-MM-DD[THH:MM[:SS][Z|+hh:mm]] */
	const char *author;
	const char *source;    /* outlet or agency stated in the text or input */
	const char *dateline;
	const char *url;
	const char *lang;
	size_t words;          /* words of the body used for matching */
	size_t bytes;          /* size of the original text */
	size_t invalid_utf8;   /* invalid sequences read as U+FFFD */
	size_t nul_bytes;      /* NUL bytes read as spaces */
	size_t body_start, body_end; /* byte span of the body in the text */
	loom_copy_kind copy_kind;
	size_t copy_of;        /* index of the source; valid if copy_kind */
	double similarity;     /* estimated resemblance (Jaccard of shingles) */
	double containment;    /* estimated share of this article in the source */
	size_t story;          /* index of its story (see loom_story_json) */
	size_t storyline;      /* index of its story's storyline */
} loom_article_info;

/* Returns LOOM_OK or LOOM_ENOTFOUND. */
int loom_engine_article(const loom_engine *e, size_t index,
			loom_article_info *out);

/* Finds an article by id. Returns LOOM_OK or LOOM_ENOTFOUND. */
int loom_engine_find(const loom_engine *e, const char *id, size_t *out_index);

/* Warnings about input (invalid UTF-8 replaced, a skipped file, ...). The
 * engine records its own; callers add theirs (file-level problems) so that
 * one list is reported. line is 1-based, 0 when it does not apply. */
int loom_engine_warn(loom_engine *e, const char *path, size_t line,
		     const char *message);
typedef struct loom_warning_info {
	const char *path;
	size_t line;
	const char *message;
} loom_warning_info;
size_t loom_engine_warning_count(const loom_engine *e);
int loom_engine_warning(const loom_engine *e, size_t index,
			loom_warning_info *out);

/* Memory the engine holds, in bytes: everything, and the part that is the
 * copy index (anchors and sketches). */
typedef struct loom_memory_info {
	size_t total_bytes;
	size_t index_bytes;
	size_t sketch_bytes;
} loom_memory_info;
void loom_engine_memory(const loom_engine *e, loom_memory_info *out);

/* ---- JSON -------------------------------------------------------------- */

/* Parses one JSONL line ({"id","text","title","date","author","source",
 * "url","lang"}) into doc. The strings of doc are owned by *out_owner and
 * stay valid until loom_jsonl_doc_free(*out_owner).
 * Returns LOOM_OK, LOOM_EINVAL (err says where and why) or LOOM_ENOMEM. */
typedef struct loom_jsonl_doc loom_jsonl_doc;
int loom_jsonl_parse(loom_jsonl_doc **out_owner, loom_doc *doc,
		     const char *line, size_t len, loom_err *err);
void loom_jsonl_doc_free(loom_jsonl_doc *owner);
/* Invalid UTF-8 sequences in the line that were read as U+FFFD. */
size_t loom_jsonl_doc_repaired(const loom_jsonl_doc *owner);

/* Renders one article as a JSON object of the output contract, in one
 * line without a trailing newline. *out is released with loom_free().
 * Returns LOOM_OK, LOOM_ENOTFOUND or LOOM_ENOMEM. */
int loom_article_json(char **out, size_t *out_len, const loom_engine *e,
		      size_t index);
/* Stories (articles about one event) and storylines (stories of one
 * developing topic), in the order they were opened. */
size_t loom_engine_story_count(const loom_engine *e);
size_t loom_engine_storyline_count(const loom_engine *e);
/* {"id","title","articles":[ids],"first_seen","last_seen","storyline"} and
 * {"id","title","stories":[ids]}; same rules as loom_article_json. */
int loom_story_json(char **out, size_t *out_len, const loom_engine *e,
		    size_t index);
int loom_storyline_json(char **out, size_t *out_len, const loom_engine *e,
			size_t index);
/* Entities (people, organisations, places, other names), name variants
 * merged across articles, in the order they were first seen:
 * {"id","name","type":"person|org|place|other","variants":[..],
 *  "articles":[ids],"mentions":[{"article","start","end","text"}]}
 * (byte offsets into the article's text, end exclusive). variants are
 * the first eight spellings; name, the fullest, is always one of them
 * (a fuller name after eight takes the last one's place; a place named
 * only by a dateline's capitals, "HAVENMOOR", takes its spelling in
 * prose when one comes). */
size_t loom_engine_entity_count(const loom_engine *e);
int loom_entity_json(char **out, size_t *out_len, const loom_engine *e,
		     size_t index);
/* The same entity as a struct: what a report lists without parsing the
 * JSON. The strings stay valid until the engine is freed. */
typedef struct loom_entity_info {
	const char *name;      /* as "name" in loom_entity_json */
	const char *type;      /* "person", "org", "place" or "other" */
	size_t variants;       /* spellings kept; loom_engine_entity_variant */
	size_t articles;       /* articles that name it */
	size_t mentions;       /* its mentions in them */
} loom_entity_info;
/* Returns LOOM_OK or LOOM_ENOTFOUND. */
int loom_engine_entity(const loom_engine *e, size_t index, loom_entity_info *out);
/* Spelling v of an entity, in the order first seen, as "variants" in
 * loom_entity_json; NULL when out of range. Valid until the engine is
 * freed; a later article may put a fuller name in the last slot. */
const char *loom_engine_entity_variant(const loom_engine *e, size_t index, size_t v);
/* Direct quotes, the same quote in several articles merged:
 * {"id","text","speaker":{"name","entity"}|null,"first_seen","source",
 *  "occurrences":[{"article","start","end","text"}]}; "source" is the
 * article of the first occurrence (by date, then arrival). */
size_t loom_engine_quote_count(const loom_engine *e);
int loom_quote_json(char **out, size_t *out_len, const loom_engine *e,
		    size_t index);
/* The same quote as a struct; strings valid until the engine is freed. */
typedef struct loom_quote_info {
	const char *text;
	const char *speaker;   /* the speaker's name, or NULL when unknown */
	int has_speaker_entity;
	size_t speaker_entity; /* index of the speaker's entity, if it has one */
	size_t occurrences;    /* times quoted, over all articles */
	size_t articles;       /* articles that quote it */
	size_t source;         /* article of the first occurrence, as
				  "source" in loom_quote_json */
} loom_quote_info;
/* Returns LOOM_OK, LOOM_ENOTFOUND or LOOM_ENOMEM. */
int loom_engine_quote(const loom_engine *e, size_t index, loom_quote_info *out);

/* Renders one warning as a JSON object; same rules as above. */
int loom_warning_json(char **out, size_t *out_len, const loom_engine *e,
		      size_t index);

/* Releases a buffer that Loom returned. Accepts NULL. */
void loom_free(void *p);

/* ---- similarity -------------------------------------------------------- */

/* How alike two texts are. Resemblance and containment come from the same
 * shingling that copy detection uses, computed exactly (not estimated):
 * they measure shared wording. topic is the cosine of the two texts' story
 * vectors (stemmed content words of title and lead): it measures whether
 * they report the same thing, whatever the wording. Each value is in [0,1].
 * Returns LOOM_OK, LOOM_EINVAL, LOOM_ETOOBIG or LOOM_ENOMEM. */
typedef struct loom_similarity_info {
	double resemblance;     /* Jaccard of word shingles */
	double containment_ab;  /* share of a's shingles found in b */
	double containment_ba;
	size_t shingles_a, shingles_b, shared;
	double topic;           /* cosine of the story vectors */
} loom_similarity_info;
int loom_text_similarity(loom_similarity_info *out, const loom_options *opts,
			 const char *a, size_t a_len, const char *b,
			 size_t b_len);
/* The same, with term weights from the document frequencies that engine e
 * has learnt from the articles added so far (a stand-alone pair has no
 * corpus to weigh its words against). Does not change e. */
int loom_engine_similarity(loom_similarity_info *out, const loom_engine *e,
			   const char *a, size_t a_len, const char *b,
			   size_t b_len);

#ifdef __cplusplus
}
#endif
#endif /* LOOM_H */
