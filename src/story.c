/* story.c - see story.h. */
#include "story.h"

#include <assert.h>
#include <libstemmer.h>
#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "norm.h"
#include "tables/stopwords_en.inc"

#define ARTICLE_TERMS 60      /* strongest terms kept per article */
#define NAME_BOOST 3.0f      /* a capitalised word inside a sentence */
#define TITLE_BOOST 1.5f     /* a word of the headline */
#define CENTROID_TERMS 120    /* and per story */
#define QUERY_TERMS 12        /* looked up to find candidate stories */
#define STORY_POSTINGS 32     /* the recent stories of each query term */
_Static_assert(STORY_POSTINGS % LOOM_RECENT_LINE_VALUES == 0 &&
		       !(STORY_POSTINGS & (STORY_POSTINGS - 1)),
	       "a power of two of whole lines (recent.h)");
#define STEM_SETS 16384       /* of STEM_WAYS words each */
#define STEM_WAYS 4
#define MAX_CANDIDATES 12     /* stories scored per article */
#define COUNT_SLOTS 96        /* distinct stories counted */
#define COUNT_TABLE 256       /* hash slots for counting them */
#define MAX_WORD 256
#define TABLE_BUCKETS 128     /* of the article's terms, for scoring */
#define TABLE_WAYS 4          /* terms per bucket: 16 bytes */
/* Document frequencies are smoothed as if this many stories had used no
 * term yet: early in a stream, one story that used a term must not halve
 * its weight for the next article of that story. */
#define DF_PRIOR_DOCS 50
#define DF_FRESH 4            /* a story's first use of a term */
#define DF_REPEAT 1           /* each later article of it */
#define STORY_DECAY 0.1       /* cosine asked more per day of gap */
#define LOG_TABLE 4096        /* log(i) precomputed: two logs per term */
#define DF_AHEAD 16           /* document frequencies asked for ahead */
#define STEM_AHEAD 16         /* and words of the stem cache */
#define STOP_TERM UINT32_MAX  /* the stem cache's mark for a stop word */
/* The term index is rebuilt from the stories still in the window when as
 * many stories have opened since the last rebuild as were kept then (and
 * at least this many): the cost per story stays constant, and stories
 * that left the window leave the index and free their centroids. */
#define REBUILD_MIN 4096
/* With no dated article at all the windows cannot be measured in days:
 * the most recent stories are kept instead. */
#define UNDATED_KEEP 65536

/* One word of the stem cache; a set of STEM_WAYS is one 64-byte line, so
 * that a look-up misses the cache once. Term 0: an empty way. */
typedef struct loom_stem_way {
	uint64_t key; /* the word's hash */
	uint32_t term;
	uint32_t unused;
} loom_stem_way;

/* The article's terms by hash, for scoring it against candidate stories:
 * each centroid term is one look-up of a bucket, and the look-ups do not
 * wait on each other as the steps of a merge do. Term 0: an empty way. */
struct loom_term_table {
	uint32_t term[TABLE_BUCKETS][TABLE_WAYS];
	float weight[TABLE_BUCKETS][TABLE_WAYS];
};

int loom__stories_init(loom_stories *s, loom_mem *mem, const loom_options *opts,
			int stream)
{
	memset(s, 0, sizeof *s);
	s->mem = mem;
	/* Centroids are read at random, a few dozen candidates an article:
	 * packed in blocks that grow from 1 to 32 MiB, those of 2 MiB and
	 * more on huge pages (alloc.c). */
	loom__slab_init(&s->centroids, mem, CENTROID_TERMS * sizeof(loom_term),
			(size_t)1 << 20, (size_t)32 << 20);
	loom__slab_init(&s->small_centroids, mem, ARTICLE_TERMS * sizeof(loom_term),
			(size_t)1 << 20, (size_t)32 << 20);
	s->story_threshold = opts->story_similarity;
	s->line_threshold = opts->storyline_similarity;
	s->story_days = (int)opts->story_days;
	s->line_days = (int)opts->storyline_days;
	loom__recent_init(&s->index, mem, STORY_POSTINGS);
	loom__table32_init(&s->df, mem);
	s->stemmer = sb_stemmer_new("english", NULL);
	size_t n = sizeof stopwords_en / sizeof stopwords_en[0];
	s->stop = loom__malloc(mem, n * sizeof *s->stop);
	if (stream) {
		s->stem_mem = loom__calloc(mem, STEM_SETS * STEM_WAYS + 4,
					   sizeof *s->stem);
		if (s->stem_mem)
			s->stem = loom__line_up(s->stem_mem);
		s->log_table = loom__malloc(mem, LOG_TABLE * sizeof *s->log_table);
		if (s->log_table) {
			s->log_table[0] = 0;
			for (size_t i = 1; i < LOG_TABLE; i++)
				s->log_table[i] = log((double)i);
		}
	}
	if (!s->stemmer || !s->stop ||
	    (stream && (!s->stem || !s->log_table))) {
		loom__stories_free(s);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		s->stop[i] = loom__word_hash(stopwords_en[i].text, stopwords_en[i].len);
	for (size_t i = 1; i < n; i++) /* insertion sort: a hundred words */
		for (size_t j = i; j > 0 && s->stop[j - 1] > s->stop[j]; j--) {
			uint64_t t = s->stop[j];
			s->stop[j] = s->stop[j - 1];
			s->stop[j - 1] = t;
		}
	s->nstop = n;
	return 0;
}

/* Gives the story's centroid block back to the slab it came from. */
static void free_centroid(loom_stories *s, loom_story *st)
{
	loom__slab_free(st->room > ARTICLE_TERMS ? &s->centroids : &s->small_centroids,
			st->terms);
	st->terms = NULL;
	st->nterms = st->room = 0;
}

void loom__stories_free(loom_stories *s)
{
#ifdef LOOM_DEBUG_ARENA
	/* each centroid is its own block there; else the release below
	 * frees them all without touching one */
	for (size_t i = 0; i < s->nstories; i++)
		free_centroid(s, &s->stories[i]);
	loom__slab_free(&s->centroids, s->spare);
	loom__slab_free(&s->small_centroids, s->small_spare);
#endif
	loom__free(s->mem, s->stories);
	s->spare = s->small_spare = NULL;
	loom__slab_release(&s->centroids);
	loom__slab_release(&s->small_centroids);
	loom__free(s->mem, s->lines);
	loom__table32_free(&s->df);
	loom__free(s->mem, s->stop);
	loom__free(s->mem, s->log_table);
	s->log_table = NULL;
	loom__free(s->mem, s->stem_mem);
	s->stem_mem = NULL;
	s->stem = NULL;
	loom__recent_free(&s->index);
	if (s->stemmer)
		sb_stemmer_delete(s->stemmer);
	s->stemmer = NULL;
	s->stories = NULL;
	s->lines = NULL;
	s->stop = NULL;
}

static int is_stop(const loom_stories *s, uint64_t h)
{
	size_t lo = 0, hi = s->nstop;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->stop[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nstop && s->stop[lo] == h;
}

/* ---- document frequencies ----------------------------------------------- */

static uint32_t df_of(const loom_stories *s, uint32_t term)
{
	return loom__table32_get(&s->df, term);
}

static int rebuild_if_due(loom_stories *s);

/* ---- ordering terms ------------------------------------------------------ */

_Static_assert(sizeof(loom_term) == sizeof(uint64_t), "a term moves as one word");

/* a is stronger than b: a larger weight, then the smaller term. A total
 * order on distinct terms, so selections never depend on input order. */
static inline int stronger(loom_term a, loom_term b)
{
	/* & and |, not && and ||: which way a comparison goes is a coin toss
	 * for the branch predictor */
	return (a.weight > b.weight) | ((a.weight == b.weight) & (a.term < b.term));
}

static inline void swap_terms(loom_term *a, loom_term *b)
{
	loom_term t = *a;
	*a = *b;
	*b = t;
}

/* Moves the k strongest of n distinct terms to the front, in no order
 * (quickselect: linear on average, where sorting all of them is not). */
static void select_strongest(loom_term *t, size_t n, size_t k)
{
	size_t lo = 0, hi = n;
	if (k >= n)
		return;
	while (hi - lo > 1) {
		loom_term a = t[lo], b = t[lo + (hi - lo) / 2], c = t[hi - 1], p;
		if (stronger(a, b))
			p = stronger(b, c) ? b : stronger(a, c) ? c : a;
		else
			p = stronger(a, c) ? a : stronger(b, c) ? c : b;
		size_t store = lo;
		for (size_t x = lo; x < hi; x++) {
			/* the swap done or not by masks, no branch: the same
			 * arrangement as swapping only the stronger ones */
			uint64_t v, w;
			memcpy(&v, &t[x], sizeof v);
			memcpy(&w, &t[store], sizeof w);
			uint64_t take = -(uint64_t)stronger(t[x], p);
			uint64_t at_x = (v & ~take) | (w & take), at_store = (w & ~take) | (v & take);
			memcpy(&t[x], &at_x, sizeof at_x);
			memcpy(&t[store], &at_store, sizeof at_store);
			store += take & 1;
		}
		for (size_t x = store; x < hi; x++)
			if (t[x].term == p.term) {
				swap_terms(&t[x], &t[store]);
				break;
			}
		/* [0, store) are stronger than p, t[store] is p */
		if (store == k || store + 1 == k)
			return;
		if (store > k)
			hi = store;
		else
			lo = store + 1;
	}
}

#ifdef LOOM_TEST
void loom__story_select_strongest(loom_term *t, size_t n, size_t k)
{
	select_strongest(t, n, k);
}

uint32_t loom__story_word_term(loom_stories *s, const char *w, size_t len)
{
	uint64_t key;
	return loom__story_word_key(s, w, len, &key) ? loom__story_key_term(s, key, w, len)
						      : 0;
}
#endif

static double norm2(const loom_term *t, size_t n)
{
	double sum = 0;
	for (size_t k = 0; k < n; k++)
		sum += (double)t[k].weight * t[k].weight;
	return sum;
}

/* The vectors sorted here hold a few dozen terms, and terms are hash
 * bits: one counting pass on the top eight bits spreads up to 64 of them
 * over 256 buckets, mostly one to a bucket, so that the insertion sort
 * that finishes the few buckets with more barely steps (its steps, coin
 * tosses for the branch predictor, were most of its time on unsorted
 * terms). */
#define SORT_BUCKET_BITS 8
void loom__story_sort_terms(loom_term *t, size_t n)
{
	enum { buckets = 1 << SORT_BUCKET_BITS, most = 64 };
	if (n <= most) {
		loom_term sorted[most];
		uint8_t start[buckets + 1] = {0};
		for (size_t i = 0; i < n; i++)
			start[(t[i].term >> (32 - SORT_BUCKET_BITS)) + 1]++;
		for (size_t b = 1; b <= buckets; b++)
			start[b] = (uint8_t)(start[b] + start[b - 1]);
		for (size_t i = 0; i < n; i++)
			sorted[start[t[i].term >> (32 - SORT_BUCKET_BITS)]++] = t[i];
		memcpy(t, sorted, n * sizeof *t);
	}
	for (size_t i = 1; i < n; i++) {
		loom_term x = t[i];
		size_t j = i;
		for (; j > 0 && t[j - 1].term > x.term; j--)
			t[j] = t[j - 1];
		t[j] = x;
	}
}

/* ---- article vectors ---------------------------------------------------- */

/* A capitalised word that does not open a sentence: likely a name. */
static int name_like(const char *t, loom_span w, size_t start)
{
	unsigned char c = (unsigned char)t[w.start];
	if (c < 'A' || c > 'Z')
		return 0;
	size_t i = w.start;
	while (i > start && (t[i - 1] == ' ' || t[i - 1] == '\t'))
		i--;
	if (i == start)
		return 0;
	char p = t[i - 1];
	return p != '.' && p != '!' && p != '?' && p != '\n' && p != '"' && p != ':';
}

/* The term of a word: a function of its normalised form alone, as the
 * stem cache is keyed by that form's hash (a number's raw bytes made
 * "1990S" and "1990s" two terms, and which one a text got depended on
 * which the cache had seen first). */
static uint32_t stem_term(loom_stories *s, const char *w, size_t len)
{
	char buf[MAX_WORD * 4];
	size_t o = loom__norm_word(buf, sizeof buf, w, len);
	if (!o)
		return STOP_TERM;
	/* numbers have no stem: "2024", "6.25" are terms as they are */
	const sb_symbol *st = w[0] >= '0' && w[0] <= '9'
		? NULL : sb_stemmer_stem(s->stemmer, (const sb_symbol *)buf, (int)o);
	uint64_t th = st ? XXH3_64bits(st, (size_t)sb_stemmer_length(s->stemmer))
			 : XXH3_64bits(buf, o);
	uint32_t term = (uint32_t)(th >> 32);
	return term && term != STOP_TERM ? term : 1;
}

static inline loom_stem_way *stem_set(const loom_stories *s, uint64_t h)
{
	return &s->stem[((size_t)h & (STEM_SETS - 1)) * STEM_WAYS];
}

/* The term of word w (its hash h as loom__words gives it), or STOP_TERM,
 * through the stem cache. A new word takes the set's first way and the
 * oldest leaves. */
static uint32_t cached_term(loom_stories *s, uint64_t h, const char *w, size_t len)
{
	loom_stem_way *set = s->stem ? stem_set(s, h) : NULL;
	for (size_t k = 0; set && k < STEM_WAYS; k++)
		if (set[k].key == h && set[k].term) {
			/* to the front (swapped with the first): a common
			 * word is then found first, and the loop's exit is
			 * one the predictor learns */
			loom_stem_way hit = set[k];
			set[k] = set[0];
			set[0] = hit;
			return hit.term;
		}
	uint32_t term = is_stop(s, h) ? STOP_TERM : stem_term(s, w, len);
	if (set) {
		memmove(set + 1, set, (STEM_WAYS - 1) * sizeof *set);
		set[0].key = h;
		set[0].term = term;
	}
	return term;
}

/* Appends the terms of the words h/ws (their hashes and spans in text;
 * line_start: where their paragraph text begins) to out. */
static size_t collect(loom_stories *s, loom_term *out, size_t n, size_t cap,
		      const char *text, const uint64_t *h, const loom_span *ws,
		      size_t nw, size_t line_start, float boost)
{
	/* each word's cache line is asked for STEM_AHEAD words before it is
	 * read, so that the look-ups overlap (all at once, a lead's hundreds
	 * of requests queue up and the first wait the longest) */
	for (size_t i = 0; s->stem && i < nw && i < STEM_AHEAD; i++)
		__builtin_prefetch(stem_set(s, h[i]));
	for (size_t i = 0; i < nw && n < cap; i++) {
		if (s->stem && i + STEM_AHEAD < nw)
			__builtin_prefetch(stem_set(s, h[i + STEM_AHEAD]));
		size_t len = ws[i].end - ws[i].start;
		if (len < 2 || len >= MAX_WORD)
			continue;
		uint32_t term = cached_term(s, h[i], text + ws[i].start, len);
		/* written, and kept unless a stop word, without a branch:
		 * stop words come and go as coin tosses */
		out[n].term = term;
		out[n].weight = boost * (name_like(text, ws[i], line_start) ? NAME_BOOST : 1.0f);
		n += term != STOP_TERM;
	}
	return n;
}

static inline double log_of(const loom_stories *s, size_t x)
{
	return s->log_table && x < LOG_TABLE ? s->log_table[x] : log((double)x);
}

/* Sums the weights of repeated terms in place; returns the distinct count. */
static size_t merge_repeats(loom_term *t, size_t n, loom_arena *a)
{
	size_t slots = 64;
	while (slots < 2 * n)
		slots *= 2;
	uint32_t *at = loom__arena_alloc(a, slots * sizeof *at); /* index + 1 */
	if (!at)
		return (size_t)-1;
	memset(at, 0, slots * sizeof *at);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		size_t h = (size_t)(t[i].term * 0x9E3779B1u) & (slots - 1);
		while (at[h] && t[at[h] - 1].term != t[i].term)
			h = (h + 1) & (slots - 1);
		if (at[h]) {
			t[at[h] - 1].weight += t[i].weight;
		} else {
			t[m] = t[i]; /* m <= i: that slot was read already */
			at[h] = (uint32_t)++m;
		}
	}
	return m;
}

int loom__story_vector(loom_stories *s, const loom_stories *weights,
		       loom_story_vec *v, const char *title, const char *text,
		       size_t body_start, const uint64_t *lead,
		       const loom_span *lead_spans, size_t nlead, size_t max_terms,
		       loom_arena *a)
{
	v->terms = NULL;
	v->nterms = 0;
	size_t tlen = title ? strlen(title) : 0;
	size_t tcap = tlen / 2 + 1;
	size_t cap = tcap + nlead + 1;
	loom_term *raw = loom__arena_alloc(a, cap * sizeof *raw);
	uint64_t *th = loom__arena_alloc(a, tcap * sizeof *th);
	loom_span *ts = loom__arena_alloc(a, tcap * sizeof *ts);
	if (!raw || !th || !ts)
		return -1;
	size_t n = 0;
	if (tlen) {
		/* the title is a separate string: its own short word pass */
		size_t nt = loom__words(th, ts, tcap, tcap, title, (loom_span){0, tlen}, NULL, 0);
		n = collect(s, raw, n, cap, title, th, ts, nt, 0, TITLE_BOOST);
	}
	n = collect(s, raw, n, cap, text, lead, lead_spans, nlead, body_start, 1.0f);
	size_t m = merge_repeats(raw, n, a);
	if (m == (size_t)-1)
		return -1;
	/* TF-IDF with the frequencies seen so far (in units of DF_FRESH); each
	 * term's frequency is a look-up that misses the cache, asked for
	 * DF_AHEAD terms before it is read */
	double log_docs = log((double)(weights->docs + DF_PRIOR_DOCS * DF_FRESH));
	for (size_t i = 0; i < m && i < DF_AHEAD; i++)
		loom__table32_prefetch(&weights->df, raw[i].term);
	for (size_t i = 0; i < m; i++) {
		if (i + DF_AHEAD < m)
			loom__table32_prefetch(&weights->df, raw[i + DF_AHEAD].term);
		double idf = log_docs -
			     log_of(weights, df_of(weights, raw[i].term) + DF_FRESH);
		/* weights are sums of boosts that are multiples of 1/2 */
		double tf = 1.0 + log_of(weights, (size_t)(raw[i].weight * 2.0f + 0.5f)) -
			    M_LN2;
		raw[i].weight = (float)(tf * idf);
	}
	select_strongest(raw, m, max_terms);
	if (m > max_terms)
		m = max_terms;
	double norm = sqrt(norm2(raw, m));
	for (size_t i = 0; i < m && norm > 0; i++)
		raw[i].weight = (float)(raw[i].weight / norm);
	v->terms = raw;
	v->nterms = m;
	return 0;
}

int loom__story_prepare(loom_stories *s, loom_story_vec *v, const char *title,
			const char *text, size_t body_start, const uint64_t *lead,
			const loom_span *lead_spans, size_t nlead, loom_arena *a)
{
	if (loom__story_vector(s, s, v, title, text, body_start, lead, lead_spans,
			       nlead, ARTICLE_TERMS, a))
		return -1;
	size_t m = v->nterms;
	/* The query: the strongest terms that some story already holds. A
	 * term never seen before weighs the most and finds nothing. */
	size_t known = 0;
	for (size_t i = 0; i < m; i++)
		if (df_of(s, v->terms[i].term))
			swap_terms(&v->terms[i], &v->terms[known++]);
	select_strongest(v->terms, known, QUERY_TERMS);

	v->nquery = known < QUERY_TERMS ? known : QUERY_TERMS;
	v->merge = loom__arena_alloc(a, 2 * (CENTROID_TERMS + ARTICLE_TERMS) *
						sizeof *v->merge);
	v->count = loom__arena_alloc(a, COUNT_SLOTS * sizeof *v->count);
	v->count_at = loom__arena_alloc(a, COUNT_TABLE * sizeof *v->count_at);
	v->fresh = loom__arena_alloc(a, (ARTICLE_TERMS + 1) * sizeof *v->fresh);
	v->hits = loom__arena_alloc(a, QUERY_TERMS * STORY_POSTINGS * sizeof *v->hits);
	v->table = loom__arena_alloc(a, sizeof *v->table);
	if (!v->merge || !v->count || !v->count_at || !v->fresh || !v->hits || !v->table)
		return -1;

	/* room for everything assign may need */
	if (rebuild_if_due(s) || loom__table32_reserve(&s->df, m) ||
	    loom__grow(s->mem, (void **)&s->stories, &s->stories_cap,
		       s->nstories + 1, sizeof *s->stories) ||
	    loom__grow(s->mem, (void **)&s->lines, &s->lines_cap, s->nlines + 1,
		       sizeof *s->lines) ||
	    loom__recent_reserve(&s->index, ARTICLE_TERMS))
		return -1;
	/* the centroid a new story (or a copy reviving an evicted one)
	 * takes, and the one a story that outgrows its block moves to */
	if (!s->small_spare)
		s->small_spare = loom__slab_alloc(&s->small_centroids);
	if (!s->spare)
		s->spare = loom__slab_alloc(&s->centroids);
	return s->spare && s->small_spare ? 0 : -1;
}

/* Dot product of two vectors sorted by term. Which side steps is a coin
 * toss the branch predictor loses, so both sides step by comparison
 * instead; the products are summed in the same order as ever. */
static double dot(const loom_term *a, size_t na, const loom_term *b, size_t nb)
{
	double sum = 0;
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		uint32_t x = a[i].term, y = b[j].term;
		if (x == y)
			sum += (double)a[i].weight * b[j].weight;
		i += x <= y;
		j += y <= x;
	}
	return sum;
}

static inline size_t table_bucket(uint32_t term)
{
	return term & (TABLE_BUCKETS - 1); /* terms are hash bits */
}

/* Files the terms t (distinct, none 0) in table; 0, or -1 when a bucket
 * overflows (rare: 60 terms in 128 buckets of 4). */
static int table_build(struct loom_term_table *table, const loom_term *t, size_t n)
{
	/* the weights too: a miss multiplies one of an empty way, and
	 * leftover arena bytes read as a float may be a slow denormal */
	memset(table, 0, sizeof *table);
	for (size_t i = 0; i < n; i++) {
		size_t b = table_bucket(t[i].term), k = 0;
		while (k < TABLE_WAYS && table->term[b][k])
			k++;
		if (k == TABLE_WAYS)
			return -1;
		table->term[b][k] = t[i].term;
		table->weight[b][k] = t[i].weight;
	}
	return 0;
}

#if !defined(__SSE2__) || defined(LOOM_TEST)
/* Is term t in bucket w (its distinct terms)? *way: where, or any way
 * when it is not; both without a branch. */
static inline unsigned bucket_has_plain(const uint32_t *w, uint32_t t, unsigned *way)
{
	_Static_assert(TABLE_WAYS == 4, "four ways");
	*way = (w[1] == t) | (w[2] == t) * 2u | (w[3] == t) * 3u;
	return (w[0] == t) | (w[1] == t) | (w[2] == t) | (w[3] == t);
}
#endif

/* The same with one compare of the whole bucket. */
static inline unsigned bucket_has(const uint32_t *w, uint32_t t, unsigned *way)
{
#ifdef __SSE2__
	__m128i eq = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)w), _mm_set1_epi32((int)t));
	unsigned mask = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(eq));
	*way = (unsigned)__builtin_ctz(mask | 1u << TABLE_WAYS) & (TABLE_WAYS - 1);
#ifdef LOOM_TEST
	unsigned plain_way, plain_hit = bucket_has_plain(w, t, &plain_way);
	assert(plain_hit == (mask != 0) && (!plain_hit || plain_way == *way));
#endif
	return mask != 0;
#else
	return bucket_has_plain(w, t, way);
#endif
}

/* dot() of the terms in table with a centroid's b (at most
 * CENTROID_TERMS): b's terms in order, each looked up without a branch,
 * the products of those found summed in term order as dot sums them, so
 * that the result is the same to the bit. */
static double table_dot(const struct loom_term_table *table, const loom_term *b, size_t nb)
{
	double prods[CENTROID_TERMS];
	size_t found = 0;
	assert(nb <= CENTROID_TERMS);
	for (size_t j = 0; j < nb; j++) {
		size_t h = table_bucket(b[j].term);
		unsigned way, hit = bucket_has(table->term[h], b[j].term, &way);
		prods[found] = (double)table->weight[h][way] * b[j].weight;
		found += hit;
	}
	double sum = 0;
	for (size_t k = 0; k < found; k++)
		sum += prods[k];
	return sum;
}

double loom__story_cosine(const loom_term *a, size_t na, const loom_term *b,
			  size_t nb)
{
	double na2 = norm2(a, na), nb2 = norm2(b, nb);
	return na2 > 0 && nb2 > 0 ? dot(a, na, b, nb) / sqrt(na2 * nb2) : 0;
}

/* Adds the article's terms to the story's centroid, keeping the strongest
 * CENTROID_TERMS in term order, and indexes the terms the story did not
 * have. */
static void join(loom_stories *s, uint32_t id, const loom_story_vec *v)
{
	loom_story *st = &s->stories[id];
	const loom_term *t = v->terms;
	size_t n = v->nterms;
	loom_term *merged = v->merge;
	uint32_t *fresh = v->fresh;
	size_t i = 0, j = 0, m = 0, nf = 0;
	while (i < st->nterms || j < n) {
		if (j >= n || (i < st->nterms && st->terms[i].term < t[j].term))
			merged[m++] = st->terms[i++];
		else if (i >= st->nterms || t[j].term < st->terms[i].term) {
			fresh[nf++] = t[j].term;
			merged[m++] = t[j++];
		} else {
			merged[m] = st->terms[i++];
			merged[m++].weight += t[j++].weight;
		}
	}
	if (m > CENTROID_TERMS) {
		/* find the weakest term kept, then filter in term order */
		loom_term *pick = merged + m;
		memcpy(pick, merged, m * sizeof *merged);
		select_strongest(pick, m, CENTROID_TERMS);
		loom_term weakest = pick[0];
		for (size_t k = 1; k < CENTROID_TERMS; k++)
			if (stronger(weakest, pick[k]))
				weakest = pick[k];
		size_t kept = 0;
		for (size_t k = 0; k < m; k++)
			if (merged[k].term == weakest.term || stronger(merged[k], weakest))
				merged[kept++] = merged[k];
		m = kept;
	}
	if (m > st->room) {
		/* outgrew its block (merged holds its terms now) */
		free_centroid(s, st);
		st->terms = s->spare; /* reserved by prepare */
		st->room = CENTROID_TERMS;
		s->spare = NULL;
	}
	memcpy(st->terms, merged, m * sizeof *merged);
	st->nterms = (uint32_t)m;
	st->norm2 = norm2(merged, m);
	loom__recent_add(&s->index, fresh, nf, id);
	/* Document frequencies: a term new to the story counts in full, a
	 * term the story already had counts a quarter. Counting every
	 * article would make a story told by a hundred outlets look common
	 * and split it; counting stories only would let a story that
	 * swallowed a templated feed keep its template looking rare. */
	s->docs += DF_REPEAT;
	for (size_t k = 0; k < n; k++)
		loom__table32_put(&s->df, t[k].term)->value += DF_REPEAT;
	for (size_t k = 0; k < nf; k++)
		loom__table32_put(&s->df, fresh[k])->value += DF_FRESH - DF_REPEAT;
}

/* The article's day falls within `days` of the story's dated span. An
 * undated article, or a story without a dated article, fits any. */
static int within(const loom_story *st, int has_day, int64_t day, int days)
{
	return !has_day || st->last_day == INT64_MIN ||
	       (day <= st->last_day + days && day >= st->first_day - days);
}

/* ---- the window ------------------------------------------------------- */

/* A story still takes articles or stories: seen within the storyline
 * window (plus the story window, for late articles) of the latest date,
 * or, when it was seen before any date, among the latest stories. */
static int active(const loom_stories *s, const loom_story *st, size_t id)
{
	if (!st->terms)
		return 0;
	if (s->has_clock && st->seen_day != INT64_MIN)
		return s->clock_day - st->seen_day <= s->line_days + s->story_days;
	return s->nstories - id <= UNDATED_KEEP;
}

/* Frees the centroids of the stories that left the window. */
static void evict_inactive(loom_stories *s)
{
	for (size_t id = 0; id < s->nstories; id++) {
		loom_story *st = &s->stories[id];
		if (st->terms && !active(s, st, id))
			free_centroid(s, st);
	}
}

static int rebuild_if_due(loom_stories *s)
{
	size_t due = s->kept > REBUILD_MIN ? s->kept : REBUILD_MIN;
	if (s->opened < due)
		return 0;
	/* Every centroid term was indexed when it entered the centroid, so
	 * the current index's keys bound the new one's (with a centroid's
	 * worth to spare, the reserve below each story never grows it). */
	loom_recent fresh;
	loom__recent_init(&fresh, s->mem, STORY_POSTINGS);
	if (loom__recent_reserve(&fresh, s->index.at.used + CENTROID_TERMS))
		goto fail;
	size_t kept = 0;
	uint32_t keys[CENTROID_TERMS];
	/* oldest first, so that each term's list stays newest first */
	for (size_t id = 0; id < s->nstories; id++) {
		loom_story *st = &s->stories[id];
		if (!st->terms || !active(s, st, id))
			continue;
		for (uint32_t k = 0; k < st->nterms; k++)
			keys[k] = st->terms[k].term;
		/* no-op while the bound above holds */
		if (loom__recent_reserve(&fresh, st->nterms))
			goto fail;
		loom__recent_add(&fresh, keys, st->nterms, (uint32_t)id);
		kept++;
	}
	evict_inactive(s);
	loom__recent_free(&s->index);
	s->index = fresh;
	s->kept = kept;
	s->opened = 0;
	return 0;
fail:
	loom__recent_free(&fresh);
	return -1;
}

/* ---- assignment ---------------------------------------------------------- */

/* Counts index hits per story (term = story, weight = hits) in a small
 * hash table; stories past COUNT_SLOTS are not counted. */
static size_t count_hits(const loom_story_vec *v, const uint32_t *hits, size_t nh)
{
	loom_term *count = v->count;
	uint8_t *at = v->count_at; /* index + 1 */
	size_t ncount = 0;
	memset(at, 0, COUNT_TABLE);
	for (size_t i = 0; i < nh; i++) {
		size_t h = (size_t)(hits[i] * 0x9E3779B1u) >> 24 & (COUNT_TABLE - 1);
		while (at[h] && count[at[h] - 1].term != hits[i])
			h = (h + 1) & (COUNT_TABLE - 1);
		if (at[h]) {
			count[at[h] - 1].weight += 1;
		} else if (ncount < COUNT_SLOTS) {
			count[ncount].term = hits[i];
			count[ncount].weight = 1;
			at[h] = (uint8_t)++ncount;
		}
	}
	return ncount;
}

/* All of one centroid: every cache line it touches. */
static void prefetch_centroid(const loom_story *st)
{
	if (st->terms)
		loom__prefetch_span(st->terms, st->nterms * sizeof *st->terms);
}

/* The candidates' stories and centroids are far apart in memory: ask for
 * them all before scoring, so that the misses overlap instead of coming
 * one after another. The stories first, then all of their centroids: a
 * story is scored faster than one miss is served. */
static void prefetch_centroids(const loom_stories *s, const loom_term *cands, size_t n)
{
	for (size_t k = 0; k < n; k++)
		loom__prefetch_span(&s->stories[cands[k].term], sizeof *s->stories);
	for (size_t k = 0; k < n; k++)
		prefetch_centroid(&s->stories[cands[k].term]);
}

uint32_t loom__story_assign(loom_stories *s, const loom_story_vec *v,
			    uint32_t article, int has_title, int has_day,
			    int64_t day, uint32_t copy_story)
{
	if (has_day && (!s->has_clock || day > s->clock_day)) {
		s->clock_day = day;
		s->has_clock = 1;
	}
	uint32_t q[QUERY_TERMS];
	size_t nq = v->nquery;

	for (size_t i = 0; i < nq; i++)
		q[i] = v->terms[i].term;
	loom__story_sort_terms(v->terms, v->nterms);

	uint32_t best = LOOM_STORY_NONE, line_best = LOOM_STORY_NONE;
	double best_cos = 0, line_cos = 0;
	if (copy_story != LOOM_STORY_NONE) {
		best = copy_story;
		best_cos = 1;
	} else if (nq) {
		size_t nh = loom__recent_lookup(&s->index, q, nq, STORY_POSTINGS, v->hits);
		loom_term *count = v->count;
		size_t ncount = count_hits(v, v->hits, nh);
		/* score only the stories sharing the most query terms */
		select_strongest(count, ncount, MAX_CANDIDATES);
		if (ncount > MAX_CANDIDATES)
			ncount = MAX_CANDIDATES;
		prefetch_centroids(s, count, ncount);
		/* a centroid holds CENTROID_TERMS at most (join) */
		int tabled = ncount && !table_build(v->table, v->terms, v->nterms);
		for (size_t k = 0; k < ncount; k++) {
			uint32_t id = count[k].term;
			const loom_story *st = &s->stories[id];
			double d = tabled ? table_dot(v->table, st->terms, st->nterms)
					  : dot(v->terms, v->nterms, st->terms, st->nterms);
#ifdef LOOM_TEST
			double merged = dot(v->terms, v->nterms, st->terms, st->nterms);
			assert(!memcmp(&d, &merged, sizeof d));
#endif
			/* the article's vector has unit length; the story keeps
			 * its centroid's norm */
			double c = st->norm2 > 0 ? d / sqrt(st->norm2) : 0;
			/* the days since the story's last article raise the bar:
			 * an event's coverage comes within a day or two, and
			 * what follows days later is most often the next event
			 * of the same storyline */
			double late = has_day && st->last_day != INT64_MIN &&
					      day > st->last_day
					      ? STORY_DECAY * (double)(day - st->last_day)
					      : 0;
			if (within(st, has_day, day, s->story_days) &&
			    c - late >= s->story_threshold &&
			    (c > best_cos || (c == best_cos && id < best))) {
				best_cos = c;
				best = id;
			}
			if (within(st, has_day, day, s->line_days) &&
			    (c > line_cos || (c == line_cos && id < line_best))) {
				line_cos = c;
				line_best = id;
			}
		}
	}
	if (best == LOOM_STORY_NONE) {
		best = (uint32_t)s->nstories++;
		s->opened++;
		s->docs += DF_FRESH - DF_REPEAT;
		loom_story *st = &s->stories[best];
		memset(st, 0, sizeof *st);
		st->terms = s->small_spare; /* reserved by prepare */
		st->room = ARTICLE_TERMS;
		s->small_spare = NULL;
		st->first_day = st->last_day = INT64_MIN;
		st->first_article = article;
		st->title_article = LOOM_STORY_NONE;
		st->next_in_line = LOOM_STORY_NONE;
		if (line_best != LOOM_STORY_NONE && line_cos >= s->line_threshold) {
			st->storyline = s->stories[line_best].storyline;
			loom_storyline *l = &s->lines[st->storyline];
			s->stories[l->last_story].next_in_line = best;
			l->last_story = best;
		} else {
			st->storyline = (uint32_t)s->nlines++;
			loom_storyline *l = &s->lines[st->storyline];
			l->first_story = l->last_story = best;
			l->stories = 0;
		}
		s->lines[st->storyline].stories++;
	}
	loom_story *st = &s->stories[best];
	if (!st->terms) {
		/* a copy of an article whose story left the window revives it */
		st->terms = s->small_spare;
		st->room = ARTICLE_TERMS;
		s->small_spare = NULL;
	}
	join(s, best, v);
	st->articles++;
	st->seen_day = s->has_clock ? s->clock_day : INT64_MIN;
	if (has_title && st->title_article == LOOM_STORY_NONE)
		st->title_article = article;
	if (has_day) {
		if (st->first_day == INT64_MIN || day < st->first_day)
			st->first_day = day;
		if (st->last_day == INT64_MIN || day > st->last_day)
			st->last_day = day;
	}
	return best;
}

int loom__story_word_key(const loom_stories *s, const char *w, size_t len,
			 uint64_t *key)
{
	char buf[MAX_WORD * 4];
	if (len < 2 || len >= MAX_WORD)
		return 0;
	size_t o = loom__norm_word(buf, sizeof buf, w, len);
	if (!o)
		return 0;
	*key = loom__word_hash(buf, o);
	if (s->stem)
		__builtin_prefetch(stem_set(s, *key));
	return 1;
}

int loom__story_plain_word_key(const loom_stories *s, const char *text, size_t start,
			       size_t len, size_t limit, uint64_t *key)
{
	if (len < 2) /* no room for an apostrophe either */
		return 0;
	/* a word too long for a term may still be a contraction whose
	 * head is one: loom__story_word_key reads it */
	if (len >= MAX_WORD || !loom__ascii_word_key(text, start, len, limit, key))
		return -1;
#ifdef LOOM_TEST
	uint64_t slow;
	assert(loom__story_word_key(s, text + start, len, &slow) && slow == *key);
#endif
	if (s->stem)
		__builtin_prefetch(stem_set(s, *key));
	return 1;
}

uint32_t loom__story_key_term(loom_stories *s, uint64_t key, const char *w, size_t len)
{
	uint32_t term = cached_term(s, key, w, len);
	return term == STOP_TERM ? 0 : term;
}
