/* test_cases.c - runs the data-driven cases in tests/cases/ (files ending .case).
 *
 * A case file holds articles and what Loom must say about them:
 *
 *   # what the case is about
 *   === article <id>
 *   <crawled text, added with text_is_raw>
 *   === article <id> date=2024-03-02
 *   ...
 *   === expect
 *   <id>.copy_of = <id> | null        <id>.kind = exact|near|rewrite|none
 *   <id>.title|date|author|source|dateline = <text> | null
 *   <id>.error = empty|binary|duplicate|toobig|invalid
 *   <id>.story = <id>     <id>.story != <id>     (same or another story)
 *   <id>.storyline = <id> <id>.storyline != <id>
 *   warning ~ <text in some warning>
 *   count = <articles kept>
 *
 * Every fixed bug adds a case named for it. */
#include <dirent.h>
#include <stdlib.h>

#include "loom.h"
#include "test.h"

#define MAX_ARTICLES 64

typedef struct case_article {
	char id[128];
	char date[40];
	char *text;
	size_t len;
	int rc;
} case_article;

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap + 1);
	size_t got;
	while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *nb = realloc(b, (cap *= 2) + 1);
			if (!nb)
				free(b);
			b = nb;
		}
	}
	fclose(f);
	if (b)
		b[n] = '\0';
	*len = n;
	return b;
}

static const char *code_name(int rc)
{
	switch (rc) {
	case LOOM_OK: return "ok";
	case LOOM_EEMPTY: return "empty";
	case LOOM_EBINARY: return "binary";
	case LOOM_EDUPLICATE: return "duplicate";
	case LOOM_ETOOBIG: return "toobig";
	case LOOM_EINVAL: return "invalid";
	default: return "other";
	}
}

static void fail_case(const char *file, const char *line, const char *got)
{
	char m[600];
	snprintf(m, sizeof m, "%s: \"%s\" but got \"%s\"", file, line, got ? got : "null");
	test_fail(__FILE__, __LINE__, m);
}

/* "<a>.story = <b>" / "<a>.story != <b>" (and storyline): op points at
 * " = " or " != " in line. Returns 1 when the line was such a grouping. */
static int check_grouping(const char *file, loom_engine *e, char *line, char *op)
{
	int differ = op[1] == '!';
	const char *other = op + (differ ? 4 : 3);
	char id[128];
	const char *dot = op; /* the last '.' before op: ids may hold dots */
	while (dot > line && *dot != '.')
		dot--;
	const char *field = dot + 1;
	if (*dot != '.' || (size_t)(dot - line) >= sizeof id)
		return 0;
	size_t flen = (size_t)(op - field);
	int story = flen == 5 && !strncmp(field, "story", 5);
	int line_of = flen == 9 && !strncmp(field, "storyline", 9);
	if (!story && !line_of)
		return 0;
	memcpy(id, line, (size_t)(dot - line));
	id[dot - line] = '\0';
	size_t ia, ib;
	loom_article_info a, b;
	if (loom_engine_find(e, id, &ia) || loom_engine_article(e, ia, &a) ||
	    loom_engine_find(e, other, &ib) || loom_engine_article(e, ib, &b)) {
		fail_case(file, line, "no such article");
		return 1;
	}
	int same = story ? a.story == b.story : a.storyline == b.storyline;
	if (same == differ)
		fail_case(file, line, same ? "the same" : "different");
	return 1;
}

static void check_expect(const char *file, loom_engine *e, case_article *arts,
			 size_t narts, char *line)
{
	char *eq = strstr(line, " = ");
	char *tilde = strstr(line, " ~ ");
	if (tilde && !strncmp(line, "warning", 7)) {
		const char *want = tilde + 3;
		for (size_t i = 0; i < loom_engine_warning_count(e); i++) {
			loom_warning_info w;
			loom_engine_warning(e, i, &w);
			if (strstr(w.message, want))
				return;
		}
		fail_case(file, line, "no such warning");
		return;
	}
	char *ne = strstr(line, " != ");
	if ((ne && check_grouping(file, e, line, ne)) ||
	    (eq && check_grouping(file, e, line, eq)))
		return;
	if (!eq) {
		fail_case(file, line, "unreadable expectation");
		return;
	}
	*eq = '\0';
	const char *want = eq + 3;
	const char *key = line;
	char got[512] = "";
	if (!strcmp(key, "count")) {
		snprintf(got, sizeof got, "%zu", loom_engine_count(e));
	} else {
		char *dot = strrchr(line, '.');
		if (!dot) {
			fail_case(file, key, "no field");
			return;
		}
		*dot = '\0';
		const char *id = line, *field = dot + 1;
		if (!strcmp(field, "error")) {
			for (size_t i = 0; i < narts; i++)
				if (!strcmp(arts[i].id, id))
					snprintf(got, sizeof got, "%s", code_name(arts[i].rc));
		} else {
			size_t idx;
			loom_article_info a;
			if (loom_engine_find(e, id, &idx) || loom_engine_article(e, idx, &a)) {
				fail_case(file, id, "no such article");
				return;
			}
			const char *v = NULL;
			loom_article_info src;
			if (!strcmp(field, "copy_of")) {
				if (a.copy_kind && !loom_engine_article(e, a.copy_of, &src))
					v = src.id;
			} else if (!strcmp(field, "kind")) {
				v = loom_copy_kind_name(a.copy_kind);
			} else if (!strcmp(field, "title")) {
				v = a.title;
			} else if (!strcmp(field, "date")) {
				v = a.date;
			} else if (!strcmp(field, "author")) {
				v = a.author;
			} else if (!strcmp(field, "source")) {
				v = a.source;
			} else if (!strcmp(field, "dateline")) {
				v = a.dateline;
			} else {
				fail_case(file, field, "unknown field");
				return;
			}
			snprintf(got, sizeof got, "%s", v ? v : "null");
		}
		*dot = '.';
	}
	if (strcmp(got, want)) {
		*eq = ' ';
		fail_case(file, line, got);
	}
}

static void run_case(const char *path, const char *name)
{
	size_t len;
	char *buf = read_file(path, &len);
	if (!buf) {
		fail_case(name, "readable", "cannot read");
		return;
	}
	case_article arts[MAX_ARTICLES];
	size_t narts = 0;
	loom_engine *e;
	if (loom_engine_new(&e, NULL)) {
		free(buf);
		return;
	}
	/* split at lines starting with "=== " */
	char *expect = NULL;
	for (char *p = buf; p && *p;) {
		char *hdr = !strncmp(p, "=== ", 4) ? p : strstr(p, "\n=== ");
		if (!hdr)
			break;
		if (*hdr == '\n')
			hdr++;
		if (narts)
			arts[narts - 1].len = (size_t)(hdr - arts[narts - 1].text);
		char *eol = strchr(hdr, '\n');
		if (!eol)
			break;
		*eol = '\0';
		if (!strncmp(hdr, "=== expect", 10)) {
			expect = eol + 1;
			break;
		}
		if (narts < MAX_ARTICLES && sscanf(hdr, "=== article %127s", arts[narts].id) == 1) {
			case_article *a = &arts[narts++];
			const char *d = strstr(hdr, "date=");
			snprintf(a->date, sizeof a->date, "%s", d ? d + 5 : "");
			a->text = eol + 1;
			a->len = strlen(a->text);
		}
		p = eol + 1;
	}
	for (size_t i = 0; i < narts; i++) {
		loom_doc d = {0};
		d.id = arts[i].id;
		d.text = arts[i].text;
		d.text_len = arts[i].len;
		d.text_is_raw = 1;
		d.date = arts[i].date[0] ? arts[i].date : NULL;
		arts[i].rc = loom_engine_add(e, NULL, &d, NULL);
	}
	int checks = 0;
	for (char *line = expect; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (*line && *line != '#') {
			check_expect(name, e, arts, narts, line);
			checks++;
		}
		line = nl ? nl + 1 : NULL;
	}
	if (!checks)
		fail_case(name, "=== expect", "no expectations");
	loom_engine_free(e);
	free(buf);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

TEST(cases__all)
{
	char dir[512];
	snprintf(dir, sizeof dir, "%s/tests/cases", test_root());
	DIR *d = opendir(dir);
	REQUIRE(d);
	char *names[256];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 256) {
		size_t l = strlen(de->d_name);
		if (l > 5 && !strcmp(de->d_name + l - 5, ".case"))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	CHECK(n >= 5);
	for (size_t i = 0; i < n; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		run_case(path, names[i]);
		free(names[i]);
	}
}
