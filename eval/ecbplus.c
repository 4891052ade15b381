/* ecbplus.c - ECB+ as a stream of articles for Loom, with the gold.
 *
 *   ecbplus [--seed N] ECB_DIR OUT_DIR
 *
 * Reads ECB_DIR/<topic>/<topic>_<n>ecb.xml and ..ecbplus.xml and writes in
 * OUT_DIR: ecbplus.jsonl (a seeded shuffle: an online clusterer depends on
 * arrival order, and file order puts each topic's documents together,
 * which flatters it), ecbplus-fileorder.jsonl (topic, then document number,
 * ecb before ecbplus), and ecbplus.gold.tsv (id, topic, subtopic). Each line
 * gives Loom only {id, text}: ids are opaque (d0001 is the first of the
 * shuffle) and file names, topics and subtopics stay in the gold file.
 *
 * The text is rebuilt from the <token> elements: the first sentence is the
 * title line, then every other sentence is a paragraph. Sentence 0 of an
 * ecbplus file is its source URL and is dropped. */
#include <dirent.h>
#include <errno.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#define MAX_SENTENCE_TOKENS 4096

typedef struct doc {
	char *text;
	int topic, number, plus; /* plus: the ecbplus subtopic */
} doc;

typedef struct corpus {
	doc *d;
	size_t n, cap;
} corpus;

static int only_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int topic_dir(const struct dirent *e)
{
	return only_digits(e->d_name);
}

static int by_number(const struct dirent **a, const struct dirent **b)
{
	long x = strtol((*a)->d_name, NULL, 10), y = strtol((*b)->d_name, NULL, 10);
	return (x > y) - (x < y);
}

static int flush_sentence(eval_buf *text, char **tok, size_t *ntok,
			  eval_detok_state *st)
{
	if (!*ntok)
		return 0;
	/* the title line, then a blank line before each paragraph */
	int rc = (text->len && eval_buf_adds(text, "\n\n")) ||
		 eval_detok(text, (const char *const *)tok, *ntok, st);
	for (size_t i = 0; i < *ntok; i++)
		xmlFree(tok[i]);
	*ntok = 0;
	return rc ? -1 : 0;
}

/* Rebuilds one document's text; plus: an ecbplus file (URL sentence,
 * split hyphens). Returns 0, or -1 with why in err. */
static int read_doc(eval_buf *text, const char *path, int plus,
		    char *err, size_t errlen)
{
	xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET);
	if (!r) {
		snprintf(err, errlen, "%.400s: cannot open or parse", path);
		return -1;
	}
	char *tok[MAX_SENTENCE_TOKENS];
	size_t ntok = 0;
	long sentence = -1;
	eval_detok_state st = {plus, 0};
	int rc, fail = 0;
	while (!fail && (rc = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp((const char *)xmlTextReaderConstName(r), "token"))
			continue;
		xmlChar *s = xmlTextReaderGetAttribute(r, BAD_CAST "sentence");
		long sn = s ? strtol((const char *)s, NULL, 10) : -1;
		xmlFree(s);
		if (sn != sentence && flush_sentence(text, tok, &ntok, &st))
			fail = 1;
		sentence = sn;
		if (plus && sn == 0)
			continue;
		xmlChar *w = xmlTextReaderReadString(r);
		if (!w || !*w) {
			xmlFree(w);
			continue;
		}
		if (ntok == MAX_SENTENCE_TOKENS) {
			snprintf(err, errlen, "%.400s: sentence %ld has over %d tokens",
				 path, sn, MAX_SENTENCE_TOKENS);
			xmlFree(w);
			fail = 2;
			break;
		}
		tok[ntok++] = (char *)w;
	}
	if (!fail && flush_sentence(text, tok, &ntok, &st))
		fail = 1;
	for (size_t i = 0; i < ntok; i++)
		xmlFree(tok[i]);
	xmlFreeTextReader(r);
	if (fail == 1)
		snprintf(err, errlen, "%.400s: out of memory", path);
	else if (!fail && rc != 0) {
		snprintf(err, errlen, "%.400s: malformed XML", path);
		fail = 1;
	} else if (!fail && !text->len) {
		snprintf(err, errlen, "%.400s: no tokens", path);
		fail = 1;
	}
	return fail ? -1 : 0;
}

static int by_doc(const void *a, const void *b)
{
	const doc *x = a, *y = b;
	if (x->topic != y->topic)
		return (x->topic > y->topic) - (x->topic < y->topic);
	if (x->number != y->number)
		return (x->number > y->number) - (x->number < y->number);
	return x->plus - y->plus;
}

/* Adds the documents of one topic folder. Returns 0 or -1 (err says). */
static int read_topic(corpus *c, const char *dir, int topic, char *err,
		      size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%.400s: %s", dir, strerror(errno));
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		int t, num, len = 0;
		char kind[16];
		if (sscanf(e->d_name, "%d_%d%15[a-z].xml%n", &t, &num, kind, &len) != 3 ||
		    e->d_name[len] || t != topic || (strcmp(kind, "ecb") && strcmp(kind, "ecbplus")))
			continue;
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 256;
			doc *nd = realloc(c->d, cap * sizeof *nd);
			if (!nd) {
				snprintf(err, errlen, "out of memory");
				rc = -1;
				break;
			}
			c->d = nd;
			c->cap = cap;
		}
		char path[4096];
		snprintf(path, sizeof path, "%.3800s/%.255s", dir, e->d_name);
		int plus = !strcmp(kind, "ecbplus");
		eval_buf text = {0};
		if (read_doc(&text, path, plus, err, errlen)) {
			eval_buf_free(&text);
			rc = -1;
			break;
		}
		c->d[c->n++] = (doc){text.p, topic, num, plus};
	}
	closedir(d);
	return rc;
}

static int write_order(const char *path, const corpus *c, const size_t *order,
		       const size_t *id_of)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < c->n && !rc; i++) {
		char id[32];
		snprintf(id, sizeof id, "d%04zu", id_of[order[i]] + 1);
		const doc *d = &c->d[order[i]];
		rc = eval_write_doc(f, id, NULL, d->text, strlen(d->text));
	}
	return fclose(f) || rc ? -1 : 0;
}

static int write_gold(const char *path, const corpus *c, const size_t *shuffled)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "id\ttopic\tsubtopic\n");
	for (size_t i = 0; i < c->n; i++) {
		const doc *d = &c->d[shuffled[i]];
		fprintf(f, "d%04zu\t%d\t%d%s\n", i + 1, d->topic, d->topic,
			d->plus ? "ecbplus" : "ecb");
	}
	return fclose(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = 20140526; /* any fixed value; this is LREC 2014's date */
	int a = 1;
	if (argc > 2 && !strcmp(argv[1], "--seed")) {
		seed = strtoull(argv[2], NULL, 10);
		a = 3;
	}
	if (argc - a != 2) {
		fprintf(stderr, "usage: ecbplus [--seed N] ECB_DIR OUT_DIR\n");
		return 2;
	}
	const char *in = argv[a], *out = argv[a + 1];
	LIBXML_TEST_VERSION
	struct dirent **topics;
	int nt = scandir(in, &topics, topic_dir, by_number);
	if (nt < 0) {
		fprintf(stderr, "ecbplus: %s: %s\n", in, strerror(errno));
		return 1;
	}
	corpus c = {0};
	char err[512] = "";
	int rc = 0;
	for (int i = 0; i < nt; i++) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%.3800s/%.255s", in, topics[i]->d_name);
		if (!rc && read_topic(&c, dir, (int)strtol(topics[i]->d_name, NULL, 10),
				      err, sizeof err))
			rc = 1;
		free(topics[i]);
	}
	free(topics);
	size_t *file_order = malloc((c.n + 1) * sizeof *file_order);
	size_t *shuffled = malloc((c.n + 1) * sizeof *shuffled);
	size_t *id_of = malloc((c.n + 1) * sizeof *id_of);
	if (!rc && (!file_order || !shuffled || !id_of)) {
		snprintf(err, sizeof err, "out of memory");
		rc = 1;
	}
	if (!rc) {
		qsort(c.d, c.n, sizeof *c.d, by_doc);
		for (size_t i = 0; i < c.n; i++)
			file_order[i] = shuffled[i] = i;
		eval_shuffle(shuffled, c.n, seed);
		for (size_t i = 0; i < c.n; i++)
			id_of[shuffled[i]] = i;
		char path[4096];
		const char *names[3] = {"ecbplus.jsonl", "ecbplus-fileorder.jsonl",
					"ecbplus.gold.tsv"};
		for (int k = 0; k < 3 && !rc; k++) {
			snprintf(path, sizeof path, "%.3800s/%.255s", out, names[k]);
			int wrc = k == 0 ? write_order(path, &c, shuffled, id_of) :
				  k == 1 ? write_order(path, &c, file_order, id_of) :
					   write_gold(path, &c, shuffled);
			if (wrc) {
				snprintf(err, sizeof err, "%.400s: write failed", path);
				rc = 1;
			}
		}
	}
	if (rc)
		fprintf(stderr, "ecbplus: %s\n", err);
	else
		fprintf(stderr, "ecbplus: %zu documents from %d topics, seed %llu\n",
			c.n, nt, (unsigned long long)seed);
	for (size_t i = 0; i < c.n; i++)
		free(c.d[i].text);
	free(c.d);
	free(file_order);
	free(shuffled);
	free(id_of);
	xmlCleanupParser();
	return rc;
}
