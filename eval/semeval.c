/* semeval.c - Loom's similarity against the human ratings of SemEval-2022
 * Task 8 (multilingual news article similarity).
 *
 *   semeval [--csv FILE] TRAIN.csv TEST.csv
 *
 * Keeps the pairs whose pair_id is two plain article ids (<digits>_<digits>;
 * the ones with a language suffix are the sample's machine-translated
 * augmentations), once each across both files. Every distinct text goes
 * into one engine first, so that topic similarity weighs words by the
 * document frequencies of the whole set; then each pair is compared with
 * loom_engine_similarity. Ratings run from 1 (same story) to 4 (unrelated),
 * so each correlation is taken against -Overall: higher is better. */
#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "loom.h"

enum { C_PAIR, C_LANG1, C_LANG2, C_TEXT1, C_TEXT2, C_OVERALL, NCOLS };
static const char *const col_name[NCOLS] = {
	"pair_id", "lang1", "lang2", "text1", "text2", "Overall"
};

typedef struct pair {
	char *id, *group, *text[2];
	double overall;
	double topic, resemblance, containment; /* Loom's */
	int ok;                                 /* similarity computed */
} pair;

#define MAX_FIELDS 32

typedef struct reader {
	eval_buf field[MAX_FIELDS];
	size_t nfields, row;
	int col[NCOLS];       /* field index of each column, from the header */
	pair *p;
	size_t n, cap;
	size_t suffixed, bad; /* pairs left out */
	int nomem;
	const char *nocol;    /* a column the header lacks */
} reader;

static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	if (r->nfields < MAX_FIELDS) {
		eval_buf *f = &r->field[r->nfields];
		f->len = 0;
		if (eval_buf_add(f, s ? s : "", s ? len : 0))
			r->nomem = 1;
	}
	r->nfields++;
}

static const char *field(const reader *r, int c)
{
	int i = r->col[c];
	return i >= 0 && (size_t)i < r->nfields && r->field[i].p ? r->field[i].p : "";
}

static int plain_pair_id(const char *s)
{
	size_t a = strspn(s, "0123456789");
	if (!a || s[a] != '_')
		return 0;
	size_t b = strspn(s + a + 1, "0123456789");
	return b && !s[a + 1 + b];
}

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static void read_header(reader *r)
{
	for (int k = 0; k < NCOLS; k++) {
		r->col[k] = -1;
		for (size_t i = 0; i < r->nfields && i < MAX_FIELDS; i++)
			if (r->field[i].p && !strcmp(r->field[i].p, col_name[k]))
				r->col[k] = (int)i;
		if (r->col[k] < 0)
			r->nocol = col_name[k];
	}
}

static void keep_row(reader *r)
{
	const char *id = field(r, C_PAIR), *overall = field(r, C_OVERALL);
	char *end;
	double v = strtod(overall, &end);
	if (!plain_pair_id(id)) {
		r->suffixed++;
		return;
	}
	if (end == overall || *end || !*field(r, C_TEXT1) || !*field(r, C_TEXT2)) {
		r->bad++;
		return;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		pair *np = realloc(r->p, cap * sizeof *np);
		if (!np) {
			r->nomem = 1;
			return;
		}
		r->p = np;
		r->cap = cap;
	}
	char group[64];
	snprintf(group, sizeof group, "%.20s-%.20s", field(r, C_LANG1), field(r, C_LANG2));
	pair *p = &r->p[r->n];
	*p = (pair){dup(id), dup(group), {dup(field(r, C_TEXT1)), dup(field(r, C_TEXT2))},
		    v, NAN, NAN, NAN, 0};
	if (!p->id || !p->group || !p->text[0] || !p->text[1]) {
		free(p->id);
		free(p->group);
		free(p->text[0]);
		free(p->text[1]);
		r->nomem = 1;
		return;
	}
	r->n++;
}

static void on_row(int c, void *data)
{
	reader *r = data;
	(void)c;
	if (!r->nomem && !r->nocol) {
		if (r->row++ == 0)
			read_header(r);
		else
			keep_row(r);
	}
	r->nfields = 0;
}

/* Adds the pairs of one CSV file to r. Returns 0, or -1 with why in err. */
static int read_csv(reader *r, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open");
		return -1;
	}
	struct csv_parser p;
	/* strict: a stray quote is an error rather than a silently merged row */
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI)) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r->row = r->nfields = 0;
	char buf[1 << 16];
	size_t got;
	int rc = 0;
	while (!rc && (got = fread(buf, 1, sizeof buf, f)) > 0)
		if (csv_parse(&p, buf, got, on_field, on_row, r) != got) {
			snprintf(err, errlen, "%s", csv_strerror(csv_error(&p)));
			rc = -1;
		}
	if (!rc && ferror(f)) {
		snprintf(err, errlen, "read error");
		rc = -1;
	}
	if (!rc && csv_fini(&p, on_field, on_row, r)) {
		snprintf(err, errlen, "%s", csv_strerror(csv_error(&p)));
		rc = -1;
	}
	csv_free(&p);
	fclose(f);
	if (!rc && r->nomem) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	} else if (!rc && !r->row) {
		snprintf(err, errlen, "empty, not even a header");
		rc = -1;
	} else if (!rc && r->nocol) {
		snprintf(err, errlen, "no column %s in the header", r->nocol);
		rc = -1;
	}
	return rc;
}

typedef struct key {
	const char *s;
	size_t i;
} key;

static int cmp_key(const void *a, const void *b)
{
	const key *x = a, *y = b;
	int c = strcmp(x->s, y->s);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static void free_pair(pair *p)
{
	free(p->id);
	free(p->group);
	free(p->text[0]);
	free(p->text[1]);
}

/* Keeps the first pair of each pair_id; *conflicts counts the dropped ones
 * whose rating differs from the kept one. Returns how many were dropped,
 * or (size_t)-1 when out of memory. */
static size_t dedup(reader *r, size_t *conflicts)
{
	key *k = malloc((r->n + 1) * sizeof *k);
	char *drop = calloc(r->n + 1, 1);
	if (!k || !drop) {
		free(k);
		free(drop);
		return (size_t)-1;
	}
	for (size_t i = 0; i < r->n; i++)
		k[i] = (key){r->p[i].id, i};
	qsort(k, r->n, sizeof *k, cmp_key);
	size_t dropped = 0, m = 0;
	*conflicts = 0;
	/* equal ids sort by input order: the first of a run is the one kept */
	for (size_t i = 0, j; i < r->n; i = j)
		for (j = i + 1; j < r->n && !strcmp(k[j].s, k[i].s); j++) {
			drop[k[j].i] = 1;
			*conflicts += r->p[k[j].i].overall != r->p[k[i].i].overall;
			dropped++;
		}
	for (size_t i = 0; i < r->n; i++) {
		if (drop[i])
			free_pair(&r->p[i]);
		else
			r->p[m++] = r->p[i];
	}
	r->n = m;
	free(k);
	free(drop);
	return dropped;
}

typedef struct tally {
	size_t texts, refused, failed; /* texts added, texts the engine refused,
					  pairs with no similarity */
} tally;

/* Adds each distinct text once, in order of first appearance; a refused
 * text (empty, binary, too big) is counted and its pairs are still
 * compared. Returns LOOM_OK or LOOM_ENOMEM. */
static int add_texts(loom_engine *e, const reader *r, tally *t)
{
	size_t n = 2 * r->n;
	key *k = malloc((n + 1) * sizeof *k);
	size_t *first = malloc((n + 1) * sizeof *first);
	if (!k || !first) {
		free(k);
		free(first);
		return LOOM_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		k[i] = (key){r->p[i / 2].text[i % 2], i};
	qsort(k, n, sizeof *k, cmp_key);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(k[i].s, k[i - 1].s))
			first[m++] = k[i].i;
	for (size_t i = 0; i < m; i++) /* back to input order */
		k[i] = (key){"", first[i]};
	qsort(k, m, sizeof *k, cmp_key);
	int rc = LOOM_OK;
	for (size_t i = 0; i < m && rc != LOOM_ENOMEM; i++) {
		char id[32];
		snprintf(id, sizeof id, "s%zu", i + 1);
		const char *s = r->p[k[i].i / 2].text[k[i].i % 2];
		loom_doc doc = {0};
		doc.id = id;
		doc.text = s;
		doc.text_len = strlen(s);
		rc = loom_engine_add(e, NULL, &doc, NULL);
		if (rc == LOOM_OK)
			t->texts++;
		else if (rc != LOOM_ENOMEM)
			t->refused++;
	}
	free(k);
	free(first);
	return rc == LOOM_ENOMEM ? rc : LOOM_OK;
}

static int compare_pairs(const loom_engine *e, reader *r, tally *t)
{
	for (size_t i = 0; i < r->n; i++) {
		pair *p = &r->p[i];
		loom_similarity_info info;
		int rc = loom_engine_similarity(&info, e, p->text[0], strlen(p->text[0]),
						p->text[1], strlen(p->text[1]));
		if (rc == LOOM_ENOMEM)
			return rc;
		if (rc != LOOM_OK) {
			t->failed++;
			continue;
		}
		p->ok = 1;
		p->topic = info.topic;
		p->resemblance = info.resemblance;
		p->containment = info.containment_ab > info.containment_ba ?
				 info.containment_ab : info.containment_ba;
	}
	return LOOM_OK;
}

static FILE *csv;

static void put(const char *dataset, const char *metric, double v)
{
	eval_put(csv, dataset, metric, v);
}

/* The correlations of one language group (NULL: every pair). Returns 0 or
 * -1 (no memory). */
static int report_group(const reader *r, const char *group)
{
	double *v = malloc((4 * r->n + 1) * sizeof *v);
	if (!v)
		return -1;
	double *topic = v, *res = v + r->n, *cont = v + 2 * r->n, *human = v + 3 * r->n;
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const pair *p = &r->p[i];
		if (!p->ok || (group && strcmp(p->group, group)))
			continue;
		topic[n] = p->topic;
		res[n] = p->resemblance;
		cont[n] = p->containment;
		human[n] = -p->overall; /* 1 is the most similar */
		n++;
	}
	const char *const name[] = {
		"topic_pearson", "topic_spearman", "resemblance_pearson", "containment_pearson"
	};
	const double c[] = {
		eval_pearson(topic, human, n), eval_spearman(topic, human, n),
		eval_pearson(res, human, n), eval_pearson(cont, human, n)
	};
	char dataset[64];
	snprintf(dataset, sizeof dataset, "semeval_%.40s", group ? group : "all");
	put(dataset, "pairs", (double)n);
	printf("  %-8s %6zu", group ? group : "all", n);
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		put(dataset, name[i], c[i]);
		if (isnan(c[i]))
			printf("  %10s", "nan");
		else
			printf("  %10.3f", c[i]);
	}
	putc('\n', stdout);
	free(v);
	return 0;
}

typedef struct count {
	const char *group;
	size_t n;
} count;

static int by_count(const void *a, const void *b)
{
	const count *x = a, *y = b;
	if (x->n != y->n)
		return (x->n < y->n) - (x->n > y->n);
	return strcmp(x->group, y->group);
}

/* en-en first (the language Loom is tuned on), then the other groups from
 * the largest, then all pairs together. */
static int report(const reader *r)
{
	count *g = malloc((r->n + 1) * sizeof *g);
	if (!g)
		return -1;
	size_t ng = 0;
	for (size_t i = 0; i < r->n; i++) {
		size_t j = 0;
		while (j < ng && strcmp(g[j].group, r->p[i].group))
			j++;
		if (j == ng)
			g[ng++] = (count){r->p[i].group, 0};
		g[j].n++;
	}
	qsort(g, ng, sizeof *g, by_count);
	printf("  %-8s %6s  %10s  %10s  %10s  %10s\n", "group", "pairs", "topic r",
	       "topic rho", "resembl. r", "contain. r");
	int rc = report_group(r, "en-en");
	for (size_t i = 0; i < ng && !rc; i++)
		if (strcmp(g[i].group, "en-en"))
			rc = report_group(r, g[i].group);
	if (!rc)
		rc = report_group(r, NULL);
	free(g);
	return rc;
}

int main(int argc, char **argv)
{
	int a = 1;
	const char *csv_path = NULL;
	if (argc > 2 && !strcmp(argv[1], "--csv")) {
		csv_path = argv[2];
		a = 3;
	}
	if (argc - a != 2) {
		fprintf(stderr, "usage: semeval [--csv FILE] TRAIN.csv TEST.csv\n");
		return 2;
	}
	reader r = {0};
	char err[256] = "";
	int rc = 0;
	for (int i = a; i < argc && !rc; i++)
		if (read_csv(&r, argv[i], err, sizeof err)) {
			fprintf(stderr, "semeval: %s: %s\n", argv[i], err);
			rc = 1;
		}
	size_t rows = r.n, conflicts = 0;
	size_t dups = rc ? 0 : dedup(&r, &conflicts);
	loom_engine *e = NULL;
	tally t = {0};
	if (!rc && (dups == (size_t)-1 || loom_engine_new(&e, NULL) ||
		    add_texts(e, &r, &t) || compare_pairs(e, &r, &t))) {
		fprintf(stderr, "semeval: out of memory\n");
		rc = 1;
	}
	if (!rc && csv_path && !(csv = fopen(csv_path, "a"))) {
		fprintf(stderr, "semeval: cannot open %s\n", csv_path);
		rc = 1;
	}
	if (!rc) {
		printf("semeval: %zu pairs (%zu with a language suffix left out, %zu "
		       "repeated pair_ids, %zu of them rated differently, %zu bad rows);\n"
		       "  %zu distinct texts added, %zu refused by the engine, %zu pairs "
		       "not compared\n"
		       "  correlation with -Overall (Overall 1 = most similar, 4 = "
		       "unrelated), so higher is better:\n",
		       r.n, r.suffixed, dups, conflicts, r.bad, t.texts, t.refused, t.failed);
		put("semeval", "pairs", (double)r.n);
		put("semeval", "pairs_suffixed", (double)r.suffixed);
		put("semeval", "pairs_repeated", (double)dups);
		put("semeval", "pairs_repeated_rated_differently", (double)conflicts);
		put("semeval", "texts", (double)t.texts);
		put("semeval", "texts_refused", (double)t.refused);
		put("semeval", "pairs_not_compared", (double)t.failed);
		if (report(&r)) {
			fprintf(stderr, "semeval: out of memory\n");
			rc = 1;
		}
	}
	(void)rows;
	if (csv && fclose(csv)) {
		fprintf(stderr, "semeval: write to %s failed\n", csv_path);
		rc = 1;
	}
	loom_engine_free(e);
	for (size_t i = 0; i < r.n; i++)
		free_pair(&r.p[i]);
	free(r.p);
	for (size_t i = 0; i < MAX_FIELDS; i++)
		eval_buf_free(&r.field[i]);
	return rc;
}
