/* report.c - the JSON document and the readable terminal report. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The length of t's first max bytes, cut back to a character's start so
 * that no UTF-8 sequence is printed in part. */
static size_t utf8_cut(const char *t, size_t max)
{
	size_t n = strnlen(t, max);
	if (t[n])
		while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;
	return n;
}

typedef int (*render_fn)(char **, size_t *, const loom_engine *, size_t);

static int put_json(cli_run *run, render_fn render, size_t i, const char *lead)
{
	char *s;
	size_t n;
	int rc = render(&s, &n, run->engine, i);
	if (rc)
		return rc;
	fputs(lead, run->out);
	fwrite(s, 1, n, run->out);
	loom_free(s);
	return 0;
}

/* lead "key": [ ...count objects...  (the caller closes the list) */
static int put_list(cli_run *run, const char *lead, const char *key, size_t count,
		    render_fn render)
{
	fprintf(run->out, "%s\"%s\": [", lead, key);
	for (size_t i = 0; i < count; i++)
		if (put_json(run, render, i, i ? ",\n  " : "\n  "))
			return -1;
	return 0;
}

int cli_print_json(cli_run *run)
{
	FILE *o = run->out;
	const loom_engine *e = run->engine;
	fprintf(o, "{\"loom\": \"%s\",", LOOM_VERSION);
	const char *next = "],\n ";
	if (put_list(run, "\n ", "articles", loom_engine_count(e), loom_article_json) ||
	    put_list(run, next, "stories", loom_engine_story_count(e), loom_story_json) ||
	    put_list(run, next, "storylines", loom_engine_storyline_count(e),
		     loom_storyline_json) ||
	    put_list(run, next, "entities", loom_engine_entity_count(e), loom_entity_json) ||
	    put_list(run, next, "quotes", loom_engine_quote_count(e), loom_quote_json) ||
	    put_list(run, next, "warnings", loom_engine_warning_count(e), loom_warning_json))
		return -1;
	fputs("]}\n", o);
	return ferror(o) ? -1 : 0;
}

/* ---- readable report ------------------------------------------------------ */

typedef struct node {
	size_t first_child, next_sibling; /* (size_t)-1: none */
} node;

#define NONE ((size_t)-1)

static void print_article_line(cli_run *run, size_t i, int depth,
			       const char *branch)
{
	loom_article_info a;
	loom_engine_article(run->engine, i, &a);
	FILE *o = run->out;
	fprintf(o, "  %*s%s", depth * 4, "", branch);
	if (a.copy_kind && depth)
		fprintf(o, "%-8s ", loom_copy_kind_name(a.copy_kind));
	fprintf(o, "%s", a.id);
	if (a.date)
		fprintf(o, "  %.10s", a.date);
	if (a.source)
		fprintf(o, "  [%s]", a.source);
	if (a.copy_kind && depth)
		fprintf(o, "  sim %.2f  contained %.2f", a.similarity, a.containment);
	if (a.title && !depth)
		fprintf(o, "\n  %*s  \"%.*s%s\"", depth * 4, "", (int)utf8_cut(a.title, 70),
			a.title, a.title[utf8_cut(a.title, 70)] ? "..." : "");
	fputc('\n', o);
}

static void print_tree(cli_run *run, const node *nodes, size_t i, int depth)
{
	for (size_t c = nodes[i].first_child; c != NONE; c = nodes[c].next_sibling) {
		print_article_line(run, c, depth + 1,
				   nodes[c].next_sibling == NONE ? "`- " : "|- ");
		if (depth < 16)
			print_tree(run, nodes, c, depth + 1);
	}
}

typedef struct story_line {
	size_t articles;
	const char *title; /* the first headline of the story */
	char first[11], last[11];
	size_t storyline;
} story_line;

/* Stories grouped by storyline, in the order they opened: how many
 * articles, over which days, under which headline. */
static int print_stories(cli_run *run, FILE *o)
{
	size_t n = loom_engine_count(run->engine);
	size_t ns = loom_engine_story_count(run->engine);
	size_t nl = loom_engine_storyline_count(run->engine);
	story_line *st = calloc(ns ? ns : 1, sizeof *st);
	if (!st)
		return -1;
	for (size_t i = 0; i < n; i++) {
		loom_article_info a;
		if (loom_engine_article(run->engine, i, &a) || a.story >= ns)
			continue;
		story_line *s = &st[a.story];
		s->articles++;
		s->storyline = a.storyline;
		if (!s->title && a.title)
			s->title = a.title;
		if (a.date && strlen(a.date) >= 10) {
			if (!s->first[0] || strncmp(a.date, s->first, 10) < 0)
				snprintf(s->first, sizeof s->first, "%.10s", a.date);
			if (!s->last[0] || strncmp(a.date, s->last, 10) > 0)
				snprintf(s->last, sizeof s->last, "%.10s", a.date);
		}
	}
	fputs("\nStories, by storyline:\n", o);
	for (size_t l = 0; l < nl; l++) {
		fprintf(o, "\n  storyline-%zu\n", l + 1);
		for (size_t k = 0; k < ns; k++) {
			if (st[k].storyline != l || !st[k].articles)
				continue;
			char days[32] = "undated";
			if (st[k].first[0])
				snprintf(days, sizeof days, strcmp(st[k].first, st[k].last) ? "%s..%s" : "%s",
					 st[k].first, st[k].last);
			const char *title = st[k].title ? st[k].title : "(no headline)";
			fprintf(o, "    story-%-4zu %3zu article%s  %-22s %.*s\n", k + 1,
				st[k].articles, st[k].articles == 1 ? " " : "s", days,
				(int)utf8_cut(title, 60), title);
		}
	}
	free(st);
	return 0;
}

/* An item of a list ranked by how many articles carry it. */
typedef struct ranked {
	size_t articles, index;
} ranked;

/* More articles first; of equal counts, the first seen first. */
static int by_articles(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->articles != y->articles)
		return x->articles < y->articles ? 1 : -1;
	return (x->index > y->index) - (x->index < y->index);
}

/* How many of a list a report shows; --json lists all. */
#define REPORT_QUOTES 10
#define REPORT_ENTITIES 15

/* The quotes carried by the most articles: who said them and where
 * they were first seen. */
static int print_quotes(cli_run *run, FILE *o)
{
	size_t n = loom_engine_quote_count(run->engine);
	if (!n)
		return 0;
	ranked *r = malloc(n * sizeof *r);
	if (!r)
		return -1;
	for (size_t i = 0; i < n; i++) {
		loom_quote_info q;
		if (loom_engine_quote(run->engine, i, &q)) {
			free(r);
			return -1;
		}
		r[i] = (ranked){q.articles, i};
	}
	qsort(r, n, sizeof *r, by_articles);
	fprintf(o, "\n%zu quote%s, the most quoted first:\n", n, n == 1 ? "" : "s");
	for (size_t k = 0; k < n && k < REPORT_QUOTES; k++) {
		loom_quote_info q;
		loom_article_info a;
		if (loom_engine_quote(run->engine, r[k].index, &q) ||
		    loom_engine_article(run->engine, q.source, &a)) {
			free(r);
			return -1;
		}
		fprintf(o, "\n  quote-%zu  %s, in %zu article%s, first in %s", r[k].index + 1,
			q.speaker ? q.speaker : "speaker unknown", q.articles,
			q.articles == 1 ? "" : "s", a.id);
		if (a.date)
			fprintf(o, " (%.10s)", a.date);
		const char *t = q.text ? q.text : "";
		size_t cut = utf8_cut(t, 100);
		fprintf(o, "\n    \"%.*s%s\"\n", (int)cut, t, t[cut] ? "..." : "");
	}
	if (n > REPORT_QUOTES)
		fprintf(o, "\n  ... and %zu more (--json lists them all)\n", n - REPORT_QUOTES);
	free(r);
	return 0;
}

/* The people, organisations and places named in the most articles,
 * with the spellings merged into each; other names (a people's word,
 * an event) are counted, not listed. */
static int print_entities(cli_run *run, FILE *o)
{
	size_t n = loom_engine_entity_count(run->engine);
	if (!n)
		return 0;
	ranked *r = malloc(n * sizeof *r);
	if (!r)
		return -1;
	size_t listed = 0, people = 0, orgs = 0, places = 0;
	for (size_t i = 0; i < n; i++) {
		loom_entity_info g;
		loom_engine_entity(run->engine, i, &g);
		people += !strcmp(g.type, "person");
		orgs += !strcmp(g.type, "org");
		places += !strcmp(g.type, "place");
		if (strcmp(g.type, "other"))
			r[listed++] = (ranked){g.articles, i};
	}
	qsort(r, listed, sizeof *r, by_articles);
	fprintf(o, "\n%zu name%s: %zu %s, %zu organisation%s, %zu place%s, %zu other; "
		   "the most widely named first:\n\n", n, n == 1 ? "" : "s", people,
		people == 1 ? "person" : "people", orgs, orgs == 1 ? "" : "s", places,
		places == 1 ? "" : "s", n - listed);
	for (size_t k = 0; k < listed && k < REPORT_ENTITIES; k++) {
		loom_entity_info g;
		loom_engine_entity(run->engine, r[k].index, &g);
		fprintf(o, "  %3zu article%s %4zu mention%s  %-7s %s", g.articles,
			g.articles == 1 ? " " : "s", g.mentions, g.mentions == 1 ? " " : "s",
			g.type, g.name ? g.name : "");
		const char *sep = "  (also ";
		for (size_t v = 0; v < g.variants; v++) {
			const char *t = loom_engine_entity_variant(run->engine, r[k].index, v);
			if (t && g.name && strcmp(t, g.name)) {
				fprintf(o, "%s%s", sep, t);
				sep = ", ";
			}
		}
		fputs(*sep == ',' ? ")\n" : "\n", o);
	}
	if (listed > REPORT_ENTITIES)
		fprintf(o, "  ... and %zu more (--json lists them all)\n", listed - REPORT_ENTITIES);
	free(r);
	return 0;
}

int cli_print_report(cli_run *run)
{
	FILE *o = run->out;
	size_t n = loom_engine_count(run->engine);
	node *nodes = malloc((n ? n : 1) * sizeof *nodes);
	if (!nodes)
		return -1;
	size_t copies = 0, groups = 0, by_kind[4] = {0};
	for (size_t i = 0; i < n; i++)
		nodes[i].first_child = nodes[i].next_sibling = NONE;
	/* children in arrival order: insert from the back */
	for (size_t k = n; k-- > 0;) {
		loom_article_info a;
		loom_engine_article(run->engine, k, &a);
		if (!a.copy_kind)
			continue;
		copies++;
		by_kind[a.copy_kind]++;
		nodes[k].next_sibling = nodes[a.copy_of].first_child;
		nodes[a.copy_of].first_child = k;
	}
	for (size_t i = 0; i < n; i++) {
		loom_article_info a;
		loom_engine_article(run->engine, i, &a);
		if (!a.copy_kind && nodes[i].first_child != NONE)
			groups++;
	}
	size_t w = loom_engine_warning_count(run->engine);
	fprintf(o, "Loom %s: %zu article%s, %zu cop%s (%zu exact, %zu near, %zu rewrite) "
		   "of %zu source%s, %zu warning%s\n",
		LOOM_VERSION, n, n == 1 ? "" : "s", copies, copies == 1 ? "y" : "ies",
		by_kind[LOOM_COPY_EXACT], by_kind[LOOM_COPY_NEAR],
		by_kind[LOOM_COPY_REWRITE], groups, groups == 1 ? "" : "s", w,
		w == 1 ? "" : "s");
	if (groups)
		fputs("\nCopies, each under the article it was copied from:\n", o);
	for (size_t i = 0; i < n; i++) {
		loom_article_info a;
		loom_engine_article(run->engine, i, &a);
		if (a.copy_kind || nodes[i].first_child == NONE)
			continue;
		fputc('\n', o);
		print_article_line(run, i, 0, "");
		print_tree(run, nodes, i, 0);
	}
	size_t originals = 0;
	for (size_t i = 0; i < n; i++) {
		loom_article_info a;
		loom_engine_article(run->engine, i, &a);
		originals += !a.copy_kind && nodes[i].first_child == NONE;
	}
	fprintf(o, "\n%zu article%s neither copied nor copies.\n", originals,
		originals == 1 ? " is" : "s are");
	fprintf(o, "%zu stor%s in %zu storyline%s.\n", loom_engine_story_count(run->engine),
		loom_engine_story_count(run->engine) == 1 ? "y" : "ies",
		loom_engine_storyline_count(run->engine),
		loom_engine_storyline_count(run->engine) == 1 ? "" : "s");
	if (print_stories(run, o) || print_quotes(run, o) || print_entities(run, o)) {
		free(nodes);
		return -1;
	}
	if (w)
		fputs("\nWarnings:\n", o);
	for (size_t i = 0; i < w; i++) {
		loom_warning_info wi;
		loom_engine_warning(run->engine, i, &wi);
		if (wi.line)
			fprintf(o, "  %s:%zu: %s\n", wi.path ? wi.path : "", wi.line, wi.message);
		else
			fprintf(o, "  %s: %s\n", wi.path ? wi.path : "", wi.message);
	}
	free(nodes);
	return ferror(o) ? -1 : 0;
}
