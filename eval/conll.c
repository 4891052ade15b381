/* conll.c - CoNLL-2003 English as articles for Loom, with the gold names.
 *
 *   conll IN.txt OUT.jsonl GOLD.tsv
 *
 * IN has one token per line (word POS chunk NER), a blank line after each
 * sentence and a -DOCSTART- line before each document. Each document
 * becomes one {id, text} line, c0001 for the first in file order: its
 * first sentence (the Reuters headline) is the title line, then each
 * sentence is a paragraph, spaced by eval_detok as in running text.
 * GOLD.tsv has a header and one row per name: article, start, end (byte
 * offsets into that text, end exclusive), type (PER, ORG, LOC, MISC) and
 * the name's text. The tags are IOB2 (B- opens every name); an I- tag
 * that does not continue a name of its type opens one too, as in IOB1. */
#include <stdlib.h>
#include <string.h>

#include "eval.h"

enum { PER, ORG, LOC, MISC, NTYPES, NONE = NTYPES };
static const char *const type_name[NTYPES] = {"PER", "ORG", "LOC", "MISC"};

typedef struct token {
	char *word;
	int type, begin; /* begin: a B- tag */
	int sentence_start;
	size_t start, end; /* bytes in the text */
} token;

typedef struct doc {
	token *t;
	size_t n, cap;
} doc;

typedef struct counts {
	size_t docs, sentences, tokens, names[NTYPES];
} counts;

/* Parses "B-PER", "I-LOC", "O". Returns 0, or -1 for another tag. */
static int parse_tag(const char *tag, int *type, int *begin)
{
	*type = NONE;
	*begin = 0;
	if (!strcmp(tag, "O"))
		return 0;
	if ((tag[0] != 'B' && tag[0] != 'I') || tag[1] != '-')
		return -1;
	for (int k = 0; k < NTYPES; k++)
		if (!strcmp(tag + 2, type_name[k])) {
			*type = k;
			*begin = tag[0] == 'B';
			return 0;
		}
	return -1;
}

/* Finds each token of a sentence in the text eval_detok made of it, from
 * pos to end. detok changes only spacing, except that `` '' and " become
 * " and the first quote of a ' ' pair is dropped (that one gets an empty
 * span). Returns 0, or -1 when a token is not where it should be: then
 * the offsets would be wrong, and no gold is better than wrong gold. */
static int align(const char *s, size_t pos, size_t end, token *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *w = t[i].word;
		size_t len = strlen(w);
		while (pos < end && s[pos] == ' ')
			pos++;
		t[i].start = pos;
		if (len <= end - pos && !memcmp(s + pos, w, len)) {
			t[i].end = pos += len;
			continue;
		}
		int quote = !strcmp(w, "``") || !strcmp(w, "''") || !strcmp(w, "'");
		if (!quote || pos == end || s[pos] != '"')
			return -1;
		if (!strcmp(w, "'") && i + 1 < n && !strcmp(t[i + 1].word, "'"))
			t[i].end = pos;
		else
			t[i].end = ++pos;
	}
	return pos == end ? 0 : -1;
}

/* Writes one document and its gold rows, then empties d. Returns 0, or -1
 * with why in err. */
static int flush_doc(FILE *out, FILE *gold, doc *d, counts *c, char *err,
		     size_t errlen)
{
	if (!d->n)
		return 0;
	c->docs++;
	char id[32];
	snprintf(id, sizeof id, "c%04zu", c->docs);
	eval_buf text = {0};
	eval_detok_state st = {0, 0}; /* CoNLL keeps hyphenated words whole */
	const char *words[1024];
	int rc = 0;
	for (size_t i = 0, j; i < d->n && !rc; i = j) {
		for (j = i + 1; j < d->n && !d->t[j].sentence_start; j++)
			;
		if (j - i > sizeof words / sizeof words[0]) {
			snprintf(err, errlen, "%s: a sentence of %zu tokens", id, j - i);
			rc = -1;
			break;
		}
		for (size_t k = i; k < j; k++)
			words[k - i] = d->t[k].word;
		size_t from = text.len + (text.len ? 2 : 0);
		if ((text.len && eval_buf_adds(&text, "\n\n")) ||
		    eval_detok(&text, words, j - i, &st)) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		} else if (align(text.p, from, text.len, d->t + i, j - i)) {
			snprintf(err, errlen, "%s: cannot find the tokens of sentence "
				 "%zu in the text", id, c->sentences + 1);
			rc = -1;
		}
		c->sentences++;
	}
	c->tokens += d->n;
	if (!rc && eval_write_doc(out, id, NULL, text.p, text.len)) {
		snprintf(err, errlen, "%s: write failed", id);
		rc = -1;
	}
	for (size_t i = 0, j; i < d->n && !rc; i = j) {
		int type = d->t[i].type;
		j = i + 1;
		if (type == NONE)
			continue;
		while (j < d->n && d->t[j].type == type && !d->t[j].begin &&
		       !d->t[j].sentence_start)
			j++;
		size_t s = d->t[i].start, e = d->t[j - 1].end;
		c->names[type]++;
		if (fprintf(gold, "%s\t%zu\t%zu\t%s\t%.*s\n", id, s, e, type_name[type],
			    (int)(e - s), text.p + s) < 0)
			rc = -1;
	}
	for (size_t i = 0; i < d->n; i++)
		free(d->t[i].word);
	d->n = 0;
	eval_buf_free(&text);
	return rc;
}

/* Adds one "word POS chunk NER" line. Returns 0, or -1 with why in err. */
static int add_token(doc *d, char *line, int sentence_start, size_t lineno,
		     char *err, size_t errlen)
{
	char *f[4], *save = NULL;
	size_t nf = 0;
	for (char *s = strtok_r(line, " \t", &save); s && nf < 4; s = strtok_r(NULL, " \t", &save))
		f[nf++] = s;
	token t = {0};
	if (nf != 4 || parse_tag(f[3], &t.type, &t.begin)) {
		snprintf(err, errlen, "line %zu: not \"word POS chunk NER\"", lineno);
		return -1;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 1024;
		token *nt = realloc(d->t, cap * sizeof *nt);
		if (!nt) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		d->t = nt;
		d->cap = cap;
	}
	t.word = strdup(f[0]);
	t.sentence_start = sentence_start;
	if (!t.word) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	d->t[d->n++] = t;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: conll IN.txt OUT.jsonl GOLD.tsv\n");
		return 2;
	}
	static const char *const mode[] = {"r", "w", "w"};
	FILE *f[3];
	const char *bad = eval_open_all(f, argv + 1, mode, 3);
	if (bad) {
		fprintf(stderr, "conll: cannot open %s\n", bad);
		return 1;
	}
	FILE *in = f[0], *out = f[1], *gold = f[2];
	fprintf(gold, "article\tstart\tend\ttype\ttext\n");
	doc d = {0};
	counts c = {0};
	char *line = NULL, err[256] = "";
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int rc = 0, sentence_start = 1;
	while (!rc && (len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len) {
			sentence_start = 1;
		} else if (!strncmp(line, "-DOCSTART-", 10)) {
			rc = flush_doc(out, gold, &d, &c, err, sizeof err);
			sentence_start = 1;
		} else {
			rc = add_token(&d, line, sentence_start, lineno, err, sizeof err);
			sentence_start = 0;
		}
	}
	if (!rc)
		rc = flush_doc(out, gold, &d, &c, err, sizeof err);
	if (!rc && ferror(in)) {
		snprintf(err, sizeof err, "read error");
		rc = -1;
	}
	for (size_t i = 0; i < d.n; i++)
		free(d.t[i].word);
	free(d.t);
	free(line);
	fclose(in);
	int closed = fclose(out) == 0;
	closed &= fclose(gold) == 0;
	if (!closed && !rc) {
		snprintf(err, sizeof err, "write failed");
		rc = -1;
	}
	if (rc) {
		fprintf(stderr, "conll: %s: %s\n", argv[1], err);
		return 1;
	}
	fprintf(stderr, "conll: %zu documents, %zu sentences, %zu tokens from %s; "
		"names PER %zu ORG %zu LOC %zu MISC %zu\n", c.docs, c.sentences,
		c.tokens, argv[1], c.names[PER], c.names[ORG], c.names[LOC], c.names[MISC]);
	return 0;
}
