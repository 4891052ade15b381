/* story.c - see story.h. */
#include "story.h"

#include <libstemmer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "norm.h"
#include "tables/stopwords_en.inc"

#define ARTICLE_TERMS 40      /* strongest terms kept per article */
#define CENTROID_TERMS 80     /* and per story */
#define QUERY_TERMS 12        /* looked up to find candidate stories */
#define STORY_POSTINGS 64     /* a term in more stories says little */
#define STEM_CACHE 65536
#define MAX_CANDIDATES 12     /* stories scored per article */
#define COUNT_SLOTS 96        /* distinct stories counted */
#define MAX_WORD 256

int loom__stories_init(loom_stories *s, loom_mem *mem, const loom_options *opts)
{
	memset(s, 0, sizeof *s);
	s->mem = mem;
	s->story_threshold = opts->story_similarity;
	s->line_threshold = opts->storyline_similarity;
	s->story_days = (int)opts->story_days;
	s->line_days = (int)opts->storyline_days;
	loom__index_init(&s->index, mem, STORY_POSTINGS);
	s->stemmer = sb_stemmer_new("english", NULL);
	size_t n = sizeof stopwords_en / sizeof stopwords_en[0];
	s->stop = loom__malloc(mem, n * sizeof *s->stop);
	s->stem_keys = loom__calloc(mem, STEM_CACHE, sizeof *s->stem_keys);
	s->stem_terms = loom__calloc(mem, STEM_CACHE, sizeof *s->stem_terms);
	if (!s->stemmer || !s->stop || !s->stem_keys || !s->stem_terms) {
		loom__stories_free(s);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		s->stop[i] = XXH3_64bits(stopwords_en[i].text, stopwords_en[i].len);
	for (size_t i = 1; i < n; i++) /* insertion sort: a hundred words */
		for (size_t j = i; j > 0 && s->stop[j - 1] > s->stop[j]; j--) {
			uint64_t t = s->stop[j];
			s->stop[j] = s->stop[j - 1];
			s->stop[j - 1] = t;
		}
	s->nstop = n;
	return 0;
}

void loom__stories_free(loom_stories *s)
{
	for (size_t i = 0; i < s->nstories; i++)
		loom__free(s->mem, s->stories[i].terms);
	loom__free(s->mem, s->stories);
	loom__free(s->mem, s->spare);
	s->spare = NULL;
	loom__free(s->mem, s->lines);
	loom__free(s->mem, s->df);
	loom__free(s->mem, s->stop);
	loom__free(s->mem, s->stem_keys);
	loom__free(s->mem, s->stem_terms);
	s->stem_keys = NULL;
	s->stem_terms = NULL;
	loom__index_free(&s->index);
	if (s->stemmer)
		sb_stemmer_delete(s->stemmer);
	s->stemmer = NULL;
	s->stories = NULL;
	s->lines = NULL;
	s->df = NULL;
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

static size_t df_slot(const loom_stories *s, uint32_t term)
{
	size_t i = (size_t)(term * 0x9E3779B1u) & s->df_mask;
	while (s->df[i].term && s->df[i].term != term)
		i = (i + 1) & s->df_mask;
	return i;
}

static int df_reserve(loom_stories *s, size_t n)
{
	size_t slots = s->df ? s->df_mask + 1 : 0;
	if (slots && (s->df_used + n) * 2 <= slots)
		return 0;
	size_t ns = slots ? slots * 2 : 4096;
	while ((s->df_used + n) * 2 > ns)
		ns *= 2;
	loom_df_slot *fresh = loom__calloc(s->mem, ns, sizeof *fresh);
	if (!fresh)
		return -1;
	loom_df_slot *old = s->df;
	size_t old_slots = slots;
	s->df = fresh;
	s->df_mask = ns - 1;
	for (size_t i = 0; i < old_slots; i++)
		if (old[i].term)
			s->df[df_slot(s, old[i].term)] = old[i];
	loom__free(s->mem, old);
	return 0;
}

static uint32_t df_of(const loom_stories *s, uint32_t term)
{
	return s->df ? s->df[df_slot(s, term)].count : 0;
}

/* ---- article vectors ---------------------------------------------------- */

static int cmp_term(const void *a, const void *b)
{
	uint32_t x = ((const loom_term *)a)->term, y = ((const loom_term *)b)->term;
	return (x > y) - (x < y);
}

static int cmp_weight_desc(const void *a, const void *b)
{
	float x = ((const loom_term *)a)->weight, y = ((const loom_term *)b)->weight;
	if (x != y)
		return x < y ? 1 : -1;
	return cmp_term(a, b);
}

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

/* Appends the terms of the words h/ws (their hashes and spans in text;
 * line_start: where their paragraph text begins) to out. */
static size_t collect(loom_stories *s, loom_term *out, size_t n, size_t cap,
		      const char *text, const uint64_t *h, const loom_span *ws,
		      size_t nw, size_t line_start, float boost)
{
	char buf[MAX_WORD * 4];
	for (size_t i = 0; i < nw && n < cap; i++) {
		size_t len = ws[i].end - ws[i].start;
		if (len < 2 || len >= MAX_WORD || is_stop(s, h[i]))
			continue;
		size_t slot = (size_t)h[i] & (STEM_CACHE - 1);
		uint32_t term;
		if (s->stem_keys[slot] == h[i] && s->stem_terms[slot]) {
			term = s->stem_terms[slot];
		} else {
			size_t o = loom__norm_word(buf, sizeof buf, text + ws[i].start, len);
			if (!o)
				continue;
			const sb_symbol *st = sb_stemmer_stem(s->stemmer, (const sb_symbol *)buf, (int)o);
			uint64_t th = st ? XXH3_64bits(st, (size_t)sb_stemmer_length(s->stemmer))
					 : XXH3_64bits(buf, o);
			term = (uint32_t)(th >> 32);
			term = term ? term : 1;
			s->stem_keys[slot] = h[i];
			s->stem_terms[slot] = term;
		}
		out[n].term = term;
		out[n].weight = boost * (name_like(text, ws[i], line_start) ? 2.0f : 1.0f);
		n++;
	}
	return n;
}

int loom__story_vector(loom_stories *s, const loom_stories *weights,
		       loom_story_vec *v, const char *title, const char *text,
		       size_t body_start, const uint64_t *lead,
		       const loom_span *lead_spans, size_t nlead, loom_arena *a)
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
		n = collect(s, raw, n, cap, title, th, ts, nt, 0, 1.5f);
	}
	n = collect(s, raw, n, cap, text, lead, lead_spans, nlead, body_start, 1.0f);
	/* merge repeats into term frequencies */
	qsort(raw, n, sizeof *raw, cmp_term);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && raw[m - 1].term == raw[i].term)
			raw[m - 1].weight += raw[i].weight;
		else
			raw[m++] = raw[i];
	}
	/* TF-IDF with the frequencies seen so far */
	double norm = 0;
	for (size_t i = 0; i < m; i++) {
		double idf = log((double)(weights->docs + 2) /
				 (double)(df_of(weights, raw[i].term) + 1));
		raw[i].weight = (float)((1.0 + log(raw[i].weight)) * idf);
		norm += (double)raw[i].weight * raw[i].weight;
	}
	qsort(raw, m, sizeof *raw, cmp_weight_desc);
	if (m > ARTICLE_TERMS)
		m = ARTICLE_TERMS;
	norm = 0;
	for (size_t i = 0; i < m; i++)
		norm += (double)raw[i].weight * raw[i].weight;
	norm = sqrt(norm);
	for (size_t i = 0; i < m && norm > 0; i++)
		raw[i].weight = (float)(raw[i].weight / norm);
	v->terms = raw;
	v->nterms = m; /* by weight, strongest first; sorted by term below */
	return 0;
}

void loom__story_sort_terms(loom_term *t, size_t n)
{
	qsort(t, n, sizeof *t, cmp_term);
}

int loom__story_prepare(loom_stories *s, loom_story_vec *v, const char *title,
			const char *text, size_t body_start, const uint64_t *lead,
			const loom_span *lead_spans, size_t nlead, loom_arena *a)
{
	if (loom__story_vector(s, s, v, title, text, body_start, lead, lead_spans,
			       nlead, a))
		return -1;
	size_t m = v->nterms;
	v->merge = loom__arena_alloc(a, (CENTROID_TERMS + ARTICLE_TERMS + COUNT_SLOTS) *
						sizeof *v->merge);
	v->fresh = loom__arena_alloc(a, (ARTICLE_TERMS + 1) * sizeof *v->fresh);
	v->hits = loom__arena_alloc(a, QUERY_TERMS * STORY_POSTINGS * sizeof *v->hits);
	if (!v->merge || !v->fresh || !v->hits)
		return -1;

	/* room for everything assign may need */
	if (df_reserve(s, m) ||
	    loom__grow(s->mem, (void **)&s->stories, &s->stories_cap,
		       s->nstories + 1, sizeof *s->stories) ||
	    loom__grow(s->mem, (void **)&s->lines, &s->lines_cap, s->nlines + 1,
		       sizeof *s->lines) ||
	    loom__index_reserve(&s->index, CENTROID_TERMS))
		return -1;
	/* the centroid a new story would take */
	if (!s->spare)
		s->spare = loom__malloc(s->mem, CENTROID_TERMS * sizeof *s->spare);
	return s->spare ? 0 : -1;
}

double loom__story_cosine(const loom_term *a, size_t na, const loom_term *b,
			  size_t nb)
{
	double dot = 0, na2 = 0, nb2 = 0;
	size_t i = 0, j = 0;
	for (size_t k = 0; k < na; k++)
		na2 += (double)a[k].weight * a[k].weight;
	for (size_t k = 0; k < nb; k++)
		nb2 += (double)b[k].weight * b[k].weight;
	while (i < na && j < nb) {
		if (a[i].term < b[j].term)
			i++;
		else if (a[i].term > b[j].term)
			j++;
		else
			dot += (double)a[i++].weight * b[j++].weight;
	}
	return na2 > 0 && nb2 > 0 ? dot / sqrt(na2 * nb2) : 0;
}

/* Adds the article's terms to the story's centroid, keeping the strongest
 * CENTROID_TERMS, and indexes the terms the story did not have. */
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
		qsort(merged, m, sizeof *merged, cmp_weight_desc);
		m = CENTROID_TERMS;
		qsort(merged, m, sizeof *merged, cmp_term);
	}
	memcpy(st->terms, merged, m * sizeof *merged);
	st->nterms = (uint32_t)m;
	loom__index_add(&s->index, fresh, nf, id);
}

static int within(const loom_stories *s, int64_t last_day, int64_t day, int days)
{
	return last_day == INT64_MIN || !s->has_clock || day - last_day <= days;
}

uint32_t loom__story_assign(loom_stories *s, const loom_story_vec *v,
			    uint32_t article, int has_title, int has_day,
			    int64_t day, uint32_t copy_story)
{
	if (has_day && (!s->has_clock || day > s->clock_day)) {
		s->clock_day = day;
		s->has_clock = 1;
	}
	if (!has_day)
		day = s->clock_day;
	/* strongest terms are first: they query the index */
	uint32_t q[QUERY_TERMS];
	size_t nq = v->nterms < QUERY_TERMS ? v->nterms : QUERY_TERMS;
	for (size_t i = 0; i < nq; i++)
		q[i] = v->terms[i].term;
	qsort(v->terms, v->nterms, sizeof *v->terms, cmp_term);
	for (size_t i = 0; i < v->nterms; i++) {
		loom_df_slot *d = &s->df[df_slot(s, v->terms[i].term)];
		if (!d->term) {
			d->term = v->terms[i].term;
			s->df_used++;
		}
		d->count++;
	}
	s->docs++;

	uint32_t best = LOOM_STORY_NONE, line_best = LOOM_STORY_NONE;
	double best_cos = 0, line_cos = 0;
	if (copy_story != LOOM_STORY_NONE) {
		best = copy_story;
		best_cos = 1;
	} else if (nq) {
		uint32_t *hits = v->hits;
		size_t nh = loom__index_lookup(&s->index, q, nq, hits);
		/* count hits per story in a small table, then score only the
		 * stories sharing the most query terms */
		size_t ncount = 0;
		loom_term *count = v->merge; /* reused: term = story, weight = hits */
		for (size_t i = 0; i < nh; i++) {
			size_t k = 0;
			while (k < ncount && count[k].term != hits[i])
				k++;
			if (k == ncount) {
				if (ncount == COUNT_SLOTS)
					continue;
				count[ncount].term = hits[i];
				count[ncount++].weight = 0;
			}
			count[k].weight += 1;
		}
		for (size_t round = 0; round < MAX_CANDIDATES && ncount; round++) {
			size_t top = 0;
			for (size_t k = 1; k < ncount; k++)
				if (count[k].weight > count[top].weight)
					top = k;
			uint32_t id = count[top].term;
			count[top] = count[--ncount];
			const loom_story *st = &s->stories[id];
			double c = loom__story_cosine(v->terms, v->nterms, st->terms, st->nterms);
			if (within(s, st->last_day, day, s->story_days) && c > best_cos) {
				best_cos = c;
				best = id;
			}
			if (within(s, st->last_day, day, s->line_days) && c > line_cos) {
				line_cos = c;
				line_best = id;
			}
		}
		if (best_cos < s->story_threshold)
			best = LOOM_STORY_NONE;
	}
	if (best == LOOM_STORY_NONE) {
		best = (uint32_t)s->nstories++;
		loom_story *st = &s->stories[best];
		memset(st, 0, sizeof *st);
		st->terms = s->spare; /* reserved by prepare */
		s->spare = NULL;
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
	join(s, best, v);
	st->articles++;
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
