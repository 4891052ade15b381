/* gen.c - see gen.h. */
#include "gen.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers: xoshiro256**, seeded by splitmix64 ------------------ */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(uint64_t s[4])
{
	uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

/* Uniform in [0, 1). */
static double rng_unit(uint64_t s[4])
{
	return (double)(rng_next(s) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n); 0 when n is 0. The bias of scaling a 53-bit double
 * is far below anything a benchmark could notice. */
static size_t rng_below(uint64_t s[4], size_t n)
{
	size_t r = (size_t)(rng_unit(s) * (double)n);
	return r < n ? r : (n ? n - 1 : 0);
}

/* ---- growable buffers ---------------------------------------------------- */

int gen__grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 16;
	while (ncap < need)
		ncap *= 2;
	void *n = realloc(*items, ncap * size);
	if (!n)
		return -1;
	*items = n;
	*cap = ncap;
	return 0;
}

static void buf_put(gen_buf *b, const char *s, size_t n)
{
	if (b->oom || gen__grow((void **)&b->p, &b->cap, b->len + n + 1, 1)) {
		b->oom = 1;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(gen_buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static void buf_reset(gen_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* ---- sentences --------------------------------------------------------------- */

static const char *bank_pick(gen *g, int bank)
{
	const gen_bank *b = &g->model->banks[bank];
	if (!b->n)
		return NULL;
	return gen_model_word(g->model, b->words[rng_below(g->rng, b->n)]);
}

/* Tokens written without a space before them: "," "." "'s" "n't" ")". */
static int attaches_left(const char *w)
{
	static const char *const left[] = {",", ".", ";", ":", "!", "?", ")",
					   "%", "'s", "'", "n't", "'re", "'ve",
					   "'ll", "'d", "'m", "..."};
	for (size_t i = 0; i < sizeof left / sizeof left[0]; i++)
		if (!strcmp(w, left[i]))
			return 1;
	return 0;
}

static int ends_sentence(const gen_buf *b)
{
	if (!b->len)
		return 1;
	char c = b->p[b->len - 1];
	return c == '.' || c == '!' || c == '?' || c == '"';
}

/* Renders template t into b, replacing each open-class word with a word of
 * the same class with probability mutate, and joining tokens as written
 * English: no space before punctuation, quotes hugging what they quote. */
static void render_template(gen *g, size_t t, double mutate, gen_buf *b)
{
	const gen_model *m = g->model;
	int quote_open = 0, glue_next = 1;
	size_t start = b->len;
	for (uint32_t k = m->sent_at[t]; k < m->sent_at[t + 1]; k++) {
		const gen_tok *tok = &m->toks[k];
		const char *w = gen_model_word(m, tok->word);
		if (tok->cls != GEN_C_FIXED && mutate > 0 &&
		    rng_unit(g->rng) < mutate) {
			const char *r = bank_pick(g, tok->cls);
			if (r)
				w = r;
		}
		int glue = glue_next || attaches_left(w), glue_after = 0;
		if (!strcmp(w, "\"")) {
			glue = glue_next || quote_open;
			glue_after = !quote_open;
			quote_open = !quote_open;
		} else if (!strcmp(w, "(") || !strcmp(w, "$")) {
			glue_after = 1;
		}
		if (!glue)
			buf_put(b, " ", 1);
		buf_str(b, w);
		glue_next = glue_after;
	}
	if (!b->oom && b->len > start)
		b->p[start] = (char)toupper((unsigned char)b->p[start]);
	if (!ends_sentence(b))
		buf_put(b, ".", 1);
}

static void fresh_sentence(gen *g, gen_buf *b)
{
	double mutate = g->cfg.mutate;
	/* a dozen built-in templates repeat fast: vary nearly every word */
	if (!g->model->from_file && mutate < 0.9)
		mutate = 0.9;
	render_template(g, rng_below(g->rng, g->model->nsent), mutate, b);
}

/* A headline: 4-9 plain words of a fresh sentence, without sentence
 * punctuation so that it reads as a title, not prose. A lowercase word
 * keeps it from being all capitals; like real headlines ("UPDATE 2 - ...")
 * some start with a capitalised word and a dash. */
static void make_title(gen *g, char *out, size_t size)
{
	for (int attempt = 0; attempt < 8; attempt++) {
		buf_reset(&g->line);
		fresh_sentence(g, &g->line);
		if (g->line.oom)
			break;
		size_t want = 4 + rng_below(g->rng, 6), words = 0, o = 0;
		int lower = 0;
		for (char *p = g->line.p; *p && words < want;) {
			size_t n = strcspn(p, " ");
			int plain = n > 0;
			for (size_t j = 0; j < n; j++)
				plain &= isalnum((unsigned char)p[j]) || p[j] == '-' ||
					 p[j] == '\'';
			if (plain && o + n + 2 < size) {
				if (o)
					out[o++] = ' ';
				memcpy(out + o, p, n);
				o += n;
				words++;
				lower |= islower((unsigned char)p[n - 1]);
			}
			p += n + (p[n] == ' ');
		}
		out[o] = '\0';
		if (words >= 3 && lower && isalpha((unsigned char)out[0]) &&
		    strncmp(out, "By ", 3) && strncmp(out, "date ", 5)) {
			out[0] = (char)toupper((unsigned char)out[0]);
			return;
		}
	}
	snprintf(out, size, "News in brief");
}

/* ---- remembered articles ------------------------------------------------------ */

static void slot_clear(gen_slot *s)
{
	s->nchars = s->nsent = 0;
	s->title[0] = s->prefix[0] = '\0';
	s->day = 0;
}

static int slot_add(gen *g, gen_slot *s, const char *text, size_t n, int para)
{
	if (gen__grow((void **)&s->chars, &s->chars_cap, s->nchars + n + 1, 1) ||
	    gen__grow((void **)&s->sent, &s->sent_cap, s->nsent + 1, sizeof *s->sent)) {
		g->out.oom = 1;
		return -1;
	}
	memcpy(s->chars + s->nchars, text, n);
	s->chars[s->nchars + n] = '\0';
	s->sent[s->nsent].at = (uint32_t)s->nchars;
	s->sent[s->nsent].para = (uint8_t)(para || s->nsent == 0);
	s->nchars += n + 1;
	s->nsent++;
	return 0;
}

static const char *slot_sent(const gen_slot *s, size_t i)
{
	return s->chars + s->sent[i].at;
}

/* Body bytes as rendered: sentences and the separators between them. */
static size_t slot_bytes(const gen_slot *s)
{
	return s->nchars + s->nsent;
}

/* ---- article builders ---------------------------------------------------------- */

static const char *const agencies[] = {"Reuters", "AFP", "MPA", "BNS", "AP"};
#define N_AGENCIES (sizeof agencies / sizeof agencies[0])
static const char *const months[] = {"January", "February", "March", "April",
				     "May", "June", "July", "August",
				     "September", "October", "November",
				     "December"};

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

#define DAY_ZERO 19723L /* 2024-01-01 */

static void format_day(int day, char out[11])
{
	int y, m, d;
	civil_from_days(DAY_ZERO + day, &y, &m, &d);
	/* written digit by digit: y, m and d are in range by construction,
	 * and snprintf's truncation warning cannot know it */
	unsigned v[3] = {(unsigned)y % 10000, (unsigned)m % 100, (unsigned)d % 100};
	static const int width[3] = {4, 2, 2};
	size_t o = 0;
	for (int f = 0; f < 3; f++) {
		if (f)
			out[o++] = '-';
		for (int k = width[f] - 1; k >= 0; k--) {
			out[o + (size_t)k] = (char)('0' + v[f] % 10);
			v[f] /= 10;
		}
		o += (size_t)width[f];
	}
	out[o] = '\0';
}

/* "BRUSSELS, March 2 (Reuters) - ", "OSLO (AFP) - " or "(MPA) - ". */
static void make_prefix(gen *g, char *out, size_t size, int day, int place)
{
	const char *agency = agencies[rng_below(g->rng, N_AGENCIES)];
	const char *where = place ? bank_pick(g, GEN_B_PLACE) : NULL;
	if (!where) {
		snprintf(out, size, "(%s) - ", agency);
		return;
	}
	char up[64];
	size_t n = 0;
	for (; where[n] && n + 1 < sizeof up; n++)
		up[n] = (char)toupper((unsigned char)where[n]);
	up[n] = '\0';
	if (rng_unit(g->rng) < 0.5) {
		int y, m, d;
		civil_from_days(DAY_ZERO + day, &y, &m, &d);
		snprintf(out, size, "%s, %s %d (%s) - ", up, months[m - 1], d, agency);
	} else {
		snprintf(out, size, "%s (%s) - ", up, agency);
	}
}

/* Body size in bytes: mostly 1.5-6.5 KB around 4 KB, one in ten long. */
static size_t target_bytes(gen *g)
{
	if (rng_unit(g->rng) < 0.10)
		return 6000 + rng_below(g->rng, 2000);
	double t = (rng_unit(g->rng) + rng_unit(g->rng)) / 2;
	return 1500 + (size_t)(t * 5000);
}

/* Fresh sentences until the body reaches target bytes. A borrowed
 * sentence of src (for hard negatives) goes in when the body passes each
 * of the nb marks. */
static void fill_body(gen *g, gen_slot *s, size_t target,
		      const gen_slot *src, const size_t *marks, size_t nb)
{
	size_t para_left = 0, next_mark = 0;
	while (slot_bytes(s) < target && !g->out.oom) {
		int para = para_left == 0;
		if (para)
			para_left = 1 + rng_below(g->rng, 3);
		para_left--;
		if (src && next_mark < nb && slot_bytes(s) >= marks[next_mark]) {
			const char *b = slot_sent(src, rng_below(g->rng, src->nsent));
			slot_add(g, s, b, strlen(b), para);
			next_mark++;
			continue;
		}
		buf_reset(&g->line);
		fresh_sentence(g, &g->line);
		if (g->line.oom) {
			g->out.oom = 1;
			return;
		}
		slot_add(g, s, g->line.p, g->line.len, para);
	}
}

static void build_original(gen *g, gen_slot *s, int day)
{
	make_title(g, s->title, sizeof s->title);
	if (rng_unit(g->rng) < 0.25)
		make_prefix(g, s->prefix, sizeof s->prefix, day, 1);
	fill_body(g, s, target_bytes(g), NULL, NULL, 0);
}

/* An original that quotes one or two sentences of src: shares a few
 * shingles, copies nothing. */
static void build_hardneg(gen *g, gen_slot *s, const gen_slot *src, int day)
{
	make_title(g, s->title, sizeof s->title);
	if (rng_unit(g->rng) < 0.25)
		make_prefix(g, s->prefix, sizeof s->prefix, day, 1);
	size_t target = target_bytes(g), marks[2];
	size_t nb = 1 + rng_below(g->rng, 2);
	for (size_t i = 0; i < nb; i++)
		marks[i] = rng_below(g->rng, target);
	if (nb == 2 && marks[0] > marks[1]) {
		size_t t = marks[0];
		marks[0] = marks[1];
		marks[1] = t;
	}
	fill_body(g, s, target, src, marks, nb);
}

/* Same sentences, maybe regrouped into other paragraphs (line breaks do
 * not change the words); a new title or agency tag half the time. */
static void build_exact(gen *g, gen_slot *s, const gen_slot *src)
{
	int reflow = rng_unit(g->rng) < 0.3;
	size_t para_left = 0;
	for (size_t i = 0; i < src->nsent && !g->out.oom; i++) {
		int para = src->sent[i].para;
		if (reflow) {
			para = para_left == 0;
			if (para)
				para_left = 1 + rng_below(g->rng, 4);
			para_left--;
		}
		const char *t = slot_sent(src, i);
		slot_add(g, s, t, strlen(t), para);
	}
	if (rng_unit(g->rng) < 0.5)
		make_title(g, s->title, sizeof s->title);
	else
		memcpy(s->title, src->title, sizeof s->title);
	if (rng_unit(g->rng) < 0.3)
		make_prefix(g, s->prefix, sizeof s->prefix, src->day, 0);
	else
		memcpy(s->prefix, src->prefix, sizeof s->prefix);
}

static int word_start(const char *s, size_t i)
{
	return (i == 0 || s[i - 1] == ' ') && isalpha((unsigned char)s[i]);
}

/* Length of the plain word at s+i (letters only, at least 3, ending at a
 * space, punctuation or the end); 0 if it is not one. */
static size_t plain_word(const char *s, size_t i)
{
	size_t n = 0;
	while (isalpha((unsigned char)s[i + n]))
		n++;
	char end = s[i + n];
	int ok = end == '\0' || end == ' ' || end == ',' || end == '.';
	return ok && n >= 3 ? n : 0;
}

/* Copies sentence t into b with `edits` of its plain words replaced by
 * other nouns or adjectives, keeping their capitalisation. */
static void edit_sentence(gen *g, const char *t, size_t edits, gen_buf *b)
{
	size_t nplain = 0, len = strlen(t);
	for (size_t i = 0; i < len; i++)
		if (word_start(t, i) && plain_word(t, i))
			nplain++;
	uint64_t pick = 0; /* bit k: replace the k-th plain word (first 64) */
	for (size_t e = 0; e < edits && nplain; e++)
		pick |= 1ULL << rng_below(g->rng, nplain < 64 ? nplain : 64);
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		size_t n = word_start(t, i) ? plain_word(t, i) : 0;
		if (!n) {
			buf_put(b, t + i, 1);
			i++;
			continue;
		}
		const char *r = k < 64 && (pick >> k & 1)
			? bank_pick(g, rng_unit(g->rng) < 0.6 ? GEN_C_NN : GEN_C_JJ)
			: NULL;
		k++;
		if (!r) {
			buf_put(b, t + i, n);
		} else {
			size_t at = b->len;
			buf_str(b, r);
			if (!b->oom && isupper((unsigned char)t[i]))
				b->p[at] = (char)toupper((unsigned char)b->p[at]);
		}
		i += n;
	}
}

/* Syndicated copy: an agency tag in front, one or two sentences dropped,
 * maybe two swapped, a few words changed. */
static void build_near(gen *g, gen_slot *s, const gen_slot *src)
{
	size_t n = src->nsent, order[512], keep = 0;
	if (n > sizeof order / sizeof order[0])
		n = sizeof order / sizeof order[0];
	size_t drops = n >= 12 ? 1 + rng_below(g->rng, 2)
		     : n >= 6  ? rng_below(g->rng, 2) : 0;
	size_t drop_at[2] = {rng_below(g->rng, n), rng_below(g->rng, n)};
	for (size_t i = 0; i < n; i++)
		if (!((drops > 0 && i == drop_at[0]) || (drops > 1 && i == drop_at[1])))
			order[keep++] = i;
	if (keep >= 3 && rng_unit(g->rng) < 0.5) {
		size_t j = rng_below(g->rng, keep - 1), t = order[j];
		order[j] = order[j + 1];
		order[j + 1] = t;
	}
	uint8_t edits[512] = {0};
	size_t nedits = 2 + rng_below(g->rng, 4);
	for (size_t e = 0; e < nedits && keep; e++)
		edits[rng_below(g->rng, keep)]++;
	for (size_t j = 0; j < keep && !g->out.oom; j++) {
		const char *t = slot_sent(src, order[j]);
		int para = src->sent[order[j]].para;
		if (!edits[j]) {
			slot_add(g, s, t, strlen(t), para);
			continue;
		}
		buf_reset(&g->line);
		edit_sentence(g, t, edits[j], &g->line);
		if (g->line.oom)
			g->out.oom = 1;
		else
			slot_add(g, s, g->line.p, g->line.len, para);
	}
	if (rng_unit(g->rng) < 0.5)
		make_title(g, s->title, sizeof s->title);
	else
		memcpy(s->title, src->title, sizeof s->title);
	make_prefix(g, s->prefix, sizeof s->prefix, src->day, 0);
}

/* Splits total into parts >= 1 (parts <= total), at random. */
static void split_sum(gen *g, size_t total, size_t parts, size_t *out)
{
	for (size_t i = 0; i < parts; i++)
		out[i] = 1;
	for (size_t left = total - parts; left; left--)
		out[rng_below(g->rng, parts)]++;
}

static void add_fresh(gen *g, gen_slot *s, size_t count)
{
	for (size_t i = 0; i < count && !g->out.oom; i++) {
		buf_reset(&g->line);
		fresh_sentence(g, &g->line);
		if (g->line.oom)
			g->out.oom = 1;
		else
			slot_add(g, s, g->line.p, g->line.len, 1);
	}
}

#define MAX_RUNS 3

/* Rewrite: k of the source's S sentences kept verbatim in 1-3 runs, in
 * order, with m new framing sentences around and between them. Ignoring
 * the shingles that straddle a join, resemblance is k / (S + m) and the
 * share of the rewrite found in the source is k / (k + m); m is chosen for
 * a resemblance of 0.28-0.42 and kept at most 2k/3 so that the share
 * stays above one half. */
static void build_rewrite(gen *g, gen_slot *s, const gen_slot *src, int day)
{
	size_t n = src->nsent;
	double f = 0.4 + 0.2 * rng_unit(g->rng);
	double want = 0.28 + 0.14 * rng_unit(g->rng);
	size_t k = (size_t)(f * (double)n + 0.5);
	if (k < 2)
		k = 2;
	if (k > n)
		k = n;
	double mf = (double)k / want - (double)n;
	size_t m = mf < 1 ? 1 : (size_t)(mf + 0.5);
	/* the shingles straddling each join are lost to both sides: keep m
	 * well below k so that the share stays above one half */
	size_t m_max = k * 2 / 3;
	if (m > m_max)
		m = m_max ? m_max : 1;
	size_t runs = 1 + rng_below(g->rng, MAX_RUNS);
	if (runs > k)
		runs = k;
	size_t len[MAX_RUNS], gap[MAX_RUNS + 1], frame[MAX_RUNS + 1];
	split_sum(g, k, runs, len);
	/* gaps: unused source sentences before, between and after the runs */
	for (size_t i = 0; i <= runs; i++)
		gap[i] = 0;
	for (size_t left = n - k; left; left--)
		gap[rng_below(g->rng, runs + 1)]++;
	for (size_t i = 0; i <= runs; i++)
		frame[i] = 0;
	for (size_t left = m; left; left--)
		frame[rng_below(g->rng, runs + 1)]++;
	size_t at = 0;
	for (size_t r = 0; r < runs && !g->out.oom; r++) {
		add_fresh(g, s, frame[r]);
		at += gap[r];
		for (size_t j = 0; j < len[r]; j++, at++) {
			const char *t = slot_sent(src, at);
			slot_add(g, s, t, strlen(t), j == 0 || src->sent[at].para);
		}
	}
	add_fresh(g, s, frame[runs]);
	make_title(g, s->title, sizeof s->title);
	if (rng_unit(g->rng) < 0.3)
		make_prefix(g, s->prefix, sizeof s->prefix, day, 1);
}

/* ---- rendering ------------------------------------------------------------------ */

static void render_body(gen *g, const gen_slot *s)
{
	buf_str(&g->out, s->prefix);
	for (size_t i = 0; i < s->nsent; i++) {
		if (i)
			buf_str(&g->out, s->sent[i].para ? "\n\n" : " ");
		buf_str(&g->out, slot_sent(s, i));
	}
}

/* A crawled page: " date 2024-03-02 200", the title, sometimes a byline,
 * then the body. */
static void render_raw_header(gen *g, const gen_slot *s, const char *date)
{
	buf_str(&g->out, " date ");
	buf_str(&g->out, date);
	buf_str(&g->out, " 200\n");
	buf_str(&g->out, s->title);
	buf_str(&g->out, "\n");
	const char *first = bank_pick(g, GEN_B_PERSON);
	const char *last = bank_pick(g, GEN_B_PERSON);
	if (first && last && rng_unit(g->rng) < 0.3) {
		buf_str(&g->out, "By ");
		buf_str(&g->out, first);
		buf_str(&g->out, " ");
		buf_str(&g->out, last);
		buf_str(&g->out, "\n");
	}
	buf_str(&g->out, "\n");
}

/* ---- the stream -------------------------------------------------------------------- */

void gen_config_default(gen_config *c)
{
	c->p_exact = 0.05;
	c->p_near = 0.05;
	c->p_rewrite = 0.05;
	c->p_hardneg = 0.03;
	c->p_raw = 0.40;
	c->mutate = 0.70;
	c->per_day = 1000;
}

const char *gen_kind_name(int kind)
{
	static const char *const names[] = {"original", "exact", "near",
					    "rewrite", "hardneg"};
	return kind >= 0 && kind < GEN_NKINDS ? names[kind] : "?";
}

int gen_init(gen *g, const gen_model *model, uint64_t seed,
	     const gen_config *cfg)
{
	memset(g, 0, sizeof *g);
	g->model = model;
	if (cfg)
		g->cfg = *cfg;
	else
		gen_config_default(&g->cfg);
	if (!g->cfg.per_day)
		g->cfg.per_day = 1;
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		g->rng[i] = splitmix64(&x);
	g->ring = calloc(GEN_WINDOW, sizeof *g->ring);
	return g->ring ? 0 : -1;
}

void gen_free(gen *g)
{
	if (!g)
		return;
	if (g->ring)
		for (size_t i = 0; i < GEN_WINDOW; i++) {
			free(g->ring[i].chars);
			free(g->ring[i].sent);
		}
	free(g->ring);
	free(g->out.p);
	free(g->line.p);
	memset(g, 0, sizeof *g);
}

static int pick_kind(gen *g, size_t i)
{
	if (i == 0)
		return GEN_ORIGINAL;
	double u = rng_unit(g->rng), c = g->cfg.p_exact;
	if (u < c)
		return GEN_EXACT;
	if (u < (c += g->cfg.p_near))
		return GEN_NEAR;
	if (u < (c += g->cfg.p_rewrite))
		return GEN_REWRITE;
	if (u < c + g->cfg.p_hardneg)
		return GEN_HARDNEG;
	return GEN_ORIGINAL;
}

/* A previous article, recent ones first: the distance is the window
 * times u^3 (median about an eighth of the window). */
static size_t pick_source(gen *g, size_t i)
{
	size_t window = i < GEN_SOURCE_WINDOW ? i : GEN_SOURCE_WINDOW;
	double u = rng_unit(g->rng);
	size_t d = 1 + (size_t)(u * u * u * (double)window);
	return i - (d > window ? window : d);
}

/* src is NULL exactly for originals. */
static void build(gen *g, gen_slot *s, int kind, const gen_slot *src, int day)
{
	if (!src || kind == GEN_ORIGINAL) {
		build_original(g, s, day);
		return;
	}
	switch (kind) {
	case GEN_EXACT:
		build_exact(g, s, src);
		break;
	case GEN_NEAR:
		build_near(g, s, src);
		break;
	case GEN_REWRITE:
		build_rewrite(g, s, src, day);
		break;
	default:
		build_hardneg(g, s, src, day);
		break;
	}
}

static void render(gen *g, const gen_slot *s, int kind, int raw)
{
	buf_reset(&g->out);
	if (raw)
		render_raw_header(g, s, g->art.date);
	render_body(g, s);
	if (kind == GEN_EXACT && (!raw || rng_unit(g->rng) < 0.5)) {
		buf_str(&g->out, "\n\nFor more news, follow us on X.");
	} else if (kind == GEN_NEAR) {
		char more[200];
		make_title(g, more, sizeof more);
		buf_str(&g->out, "\n\nRead more: ");
		buf_str(&g->out, more);
	}
	buf_str(&g->out, "\n");
}

int gen_next(gen *g, size_t i, const gen_article **out)
{
	*out = NULL;
	if (i != g->next)
		return -1;
	gen_slot *s = &g->ring[i % GEN_WINDOW];
	slot_clear(s);
	int today = (int)(i / g->cfg.per_day);
	int kind = pick_kind(g, i);
	long src_i = kind == GEN_ORIGINAL ? -1 : (long)pick_source(g, i);
	const gen_slot *src = src_i < 0 ? NULL : &g->ring[(size_t)src_i % GEN_WINDOW];
	/* a copy is dated the day of its source or later, never earlier */
	s->day = today;
	if (src && kind != GEN_HARDNEG && rng_unit(g->rng) < 0.4)
		s->day = src->day;
	build(g, s, kind, src, s->day);
	format_day(s->day, g->art.date);
	int raw = rng_unit(g->rng) < g->cfg.p_raw;
	render(g, s, kind, raw);
	if (g->out.oom || g->line.oom)
		return -1;
	g->art.text = g->out.p;
	g->art.len = g->out.len;
	g->art.text_is_raw = raw;
	g->art.title = s->title;
	g->art.truth_kind = kind;
	g->art.truth_source = kind == GEN_HARDNEG ? -1 : src_i;
	g->art.related = kind == GEN_HARDNEG ? src_i : -1;
	g->next++;
	*out = &g->art;
	return 0;
}
