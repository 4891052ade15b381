/* inputs.c - turning paths into articles; see cli.h. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define JSONL_LINE_SLACK ((size_t)64 << 10) /* JSON escapes around a text */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static int is_jsonl_path(const char *path)
{
	return has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson");
}

/* The article id of a text file: its name without directory and extension. */
static char *id_of_path(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = (dot && dot != base) ? (size_t)(dot - base) : strlen(base);
	char *id = malloc(n + 1);
	if (!id)
		return NULL;
	memcpy(id, base, n);
	id[n] = '\0';
	return id;
}

/* Reads a whole stream, refusing more than cap bytes. Returns 0, or an
 * errno value (EFBIG when over the cap). */
static int read_all(FILE *f, size_t cap, char **out, size_t *out_len)
{
	size_t len = 0, size = 1 << 16;
	char *buf = malloc(size);
	if (!buf)
		return ENOMEM;
	for (;;) {
		if (len == size) {
			if (size > cap) {
				free(buf);
				return EFBIG;
			}
			char *nb = realloc(buf, size * 2);
			if (!nb) {
				free(buf);
				return ENOMEM;
			}
			buf = nb;
			size *= 2;
		}
		size_t got = fread(buf + len, 1, size - len, f);
		len += got;
		if (got == 0) {
			if (ferror(f)) {
				int err = errno ? errno : EIO;
				free(buf);
				return err;
			}
			break;
		}
	}
	if (len > cap) {
		free(buf);
		return EFBIG;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

static void add_doc(cli_run *run, const loom_doc *doc, const char *path,
		    size_t line)
{
	loom_err err;
	int rc = loom_engine_add(run->engine, NULL, doc, &err);
	if (rc == LOOM_OK) {
		cli_after_add(run);
		return;
	}
	if (rc == LOOM_ENOMEM) {
		cli_fatal(run, "out of memory");
		return;
	}
	char msg[256];
	snprintf(msg, sizeof msg, "%s; skipped", err.msg[0] ? err.msg : loom_strerror(rc));
	cli_warn(run, path, line ? line : err.line, msg);
	run->skipped++;
}

static void add_text(cli_run *run, const char *path, const char *id,
		     const char *text, size_t len)
{
	loom_doc doc = {0};
	doc.id = id;
	doc.path = path;
	doc.text = text;
	doc.text_len = len;
	doc.text_is_raw = 1;
	add_doc(run, &doc, path, 0);
}

/* One JSONL line (without its newline). */
static void add_jsonl_line(cli_run *run, const char *path, const char *stem,
			   const char *buf, size_t len, size_t line_no)
{
	size_t s = 0, e = len;
	while (e > s && (buf[e - 1] == '\r' || buf[e - 1] == ' ' || buf[e - 1] == '\t'))
		e--;
	if (line_no == 1 && e - s >= 3 && !memcmp(buf + s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (s < e && (buf[s] == ' ' || buf[s] == '\t'))
		s++;
	if (s == e)
		return;
	run->bytes_in += len;
	if (e - s > run->max_article_bytes + JSONL_LINE_SLACK) {
		cli_warn(run, path, line_no, "line over the size cap; skipped");
		run->skipped++;
		return;
	}
	loom_jsonl_doc *owner;
	loom_doc doc;
	loom_err err;
	int rc = loom_jsonl_parse(&owner, &doc, buf + s, e - s, &err);
	if (rc == LOOM_ENOMEM) {
		cli_fatal(run, "out of memory");
		return;
	}
	if (rc != LOOM_OK) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s; skipped", err.msg);
		cli_warn(run, path, line_no, msg);
		run->skipped++;
		return;
	}
	size_t repaired = loom_jsonl_doc_repaired(owner);
	if (repaired) {
		char msg[128];
		snprintf(msg, sizeof msg, "%zu invalid UTF-8 sequence%s read as U+FFFD",
			 repaired, repaired == 1 ? "" : "s");
		cli_warn(run, path, line_no, msg);
	}
	char genid[64];
	if (!doc.id || !*doc.id) {
		/* stable for the same input: file and line */
		snprintf(genid, sizeof genid, "%.40s-%zu", stem, line_no);
		doc.id = genid;
	}
	doc.path = path;
	add_doc(run, &doc, path, line_no);
	loom_jsonl_doc_free(owner);
}

/* JSON Lines read one line at a time, so a stream of any length goes
 * through in bounded memory. first_line: number of the next line. */
static void add_jsonl_stream(cli_run *run, const char *path, FILE *f,
			     size_t first_line)
{
	char *stem = id_of_path(path);
	if (!stem) {
		cli_fatal(run, "out of memory");
		return;
	}
	char *line = NULL;
	size_t cap = 0, line_no = first_line;
	ssize_t got;
	while (!run->fatal && (got = getline(&line, &cap, f)) >= 0) {
		size_t len = (size_t)got;
		if (len && line[len - 1] == '\n')
			len--;
		add_jsonl_line(run, path, stem, line, len, line_no++);
	}
	if (!run->fatal && ferror(f)) {
		char msg[160];
		snprintf(msg, sizeof msg, "read error: %s; rest skipped", strerror(errno));
		cli_warn(run, path, line_no, msg);
		run->skipped++;
	}
	free(line);
	free(stem);
}

static void add_text_buffer(cli_run *run, const char *path, const char *buf,
			    size_t len)
{
	run->bytes_in += len;
	char *id = id_of_path(path);
	if (!id) {
		cli_fatal(run, "out of memory");
		return;
	}
	add_text(run, path, id, buf, len);
	free(id);
}

static void add_stdin(cli_run *run)
{
	/* Look past leading white space: '{' means JSON Lines. */
	char head[4096];
	size_t n = 0, newlines = 0;
	int c;
	while (n < sizeof head && (c = getc(stdin)) != EOF) {
		head[n++] = (char)c;
		if (c == '\n')
			newlines++;
		if (c != ' ' && c != '\n' && c != '\r' && c != '\t' &&
		    !(n <= 3 && (unsigned char)c >= 0xBB)) /* a BOM */
			break;
	}
	if (n && head[n - 1] == '{') {
		ungetc('{', stdin);
		add_jsonl_stream(run, "stdin", stdin, newlines + 1);
		return;
	}
	/* one crawled article: keep the bytes read so far, offsets count them */
	char *buf, *rest;
	size_t len;
	int rc = read_all(stdin, run->max_article_bytes, &rest, &len);
	if (!rc && n + len > run->max_article_bytes) {
		free(rest); /* read_all frees only what it refuses itself */
		rc = EFBIG;
	}
	if (rc) {
		cli_warn(run, "-", 0, rc == EFBIG ? "article over the size cap; skipped"
						  : strerror(rc));
		run->skipped++;
		return;
	}
	buf = malloc(n + len + 1);
	if (!buf) {
		free(rest);
		cli_fatal(run, "out of memory");
		return;
	}
	memcpy(buf, head, n);
	memcpy(buf + n, rest, len);
	free(rest);
	run->bytes_in += n + len;
	add_text(run, "-", "stdin", buf, n + len);
	free(buf);
}

static void add_file(cli_run *run, const char *path, const struct stat *st)
{
	int jsonl = is_jsonl_path(path);
	size_t cap = run->max_article_bytes;
	if (!jsonl && (size_t)st->st_size > cap) {
		char msg[160];
		snprintf(msg, sizeof msg,
			 "article of %lld bytes is over the %zu-byte cap; skipped",
			 (long long)st->st_size, cap);
		cli_warn(run, path, 0, msg);
		run->skipped++;
		return;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		char msg[160];
		snprintf(msg, sizeof msg, "cannot open: %s; skipped", strerror(errno));
		cli_warn(run, path, 0, msg);
		run->skipped++;
		return;
	}
	if (jsonl) {
		add_jsonl_stream(run, path, f, 1);
		fclose(f);
		return;
	}
	char *buf;
	size_t len;
	int rc = read_all(f, cap, &buf, &len);
	fclose(f);
	if (rc) {
		char msg[160];
		snprintf(msg, sizeof msg, "%s; skipped",
			 rc == EFBIG ? "over the size cap" : strerror(rc));
		cli_warn(run, path, 0, msg);
		run->skipped++;
		if (rc == ENOMEM)
			cli_fatal(run, "out of memory");
		return;
	}
	add_text_buffer(run, path, buf, len);
	free(buf);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_dir(cli_run *run, const char *path, int depth)
{
	if (depth > 64) {
		cli_warn(run, path, 0, "folders nested too deep; skipped");
		run->skipped++;
		return;
	}
	DIR *d = opendir(path);
	if (!d) {
		char msg[160];
		snprintf(msg, sizeof msg, "cannot open folder: %s; skipped", strerror(errno));
		cli_warn(run, path, 0, msg);
		run->skipped++;
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		/* hidden files (.git, .DS_Store) and the notes that sit
		 * beside a corpus (README.md, gold .tsv/.csv/.json) are not
		 * articles; a file named on the command line always is */
		if (de->d_name[0] == '.' || has_suffix(de->d_name, ".md") ||
		    has_suffix(de->d_name, ".tsv") || has_suffix(de->d_name, ".csv") ||
		    has_suffix(de->d_name, ".json"))
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **nn = realloc(names, ncap * sizeof *nn);
			if (!nn) {
				cli_fatal(run, "out of memory");
				break;
			}
			names = nn;
			cap = ncap;
		}
		if (!(names[n] = strdup(de->d_name))) {
			cli_fatal(run, "out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (!run->fatal) {
			size_t len = strlen(path) + strlen(names[i]) + 2;
			char *child = malloc(len);
			if (!child) {
				cli_fatal(run, "out of memory");
			} else {
				int slash = path[strlen(path) - 1] != '/';
				snprintf(child, len, "%s%s%s", path, slash ? "/" : "", names[i]);
				struct stat st, target;
				/* a symlink to a folder could loop: not followed
				 * inside a folder walk (name it to read it) */
				if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
					add_dir(run, child, depth + 1);
				else if (S_ISLNK(st.st_mode) && stat(child, &target) == 0 &&
					 S_ISDIR(target.st_mode))
					cli_warn(run, child, 0, "link to a folder; not followed");
				else
					cli_add_path(run, child);
				free(child);
			}
		}
		free(names[i]);
	}
	free(names);
}

void cli_add_path(cli_run *run, const char *path)
{
	if (run->fatal)
		return;
	if (!strcmp(path, "-")) {
		add_stdin(run);
		return;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		char msg[160];
		snprintf(msg, sizeof msg, "%s; skipped", strerror(errno));
		cli_warn(run, path, 0, msg);
		run->skipped++;
		return;
	}
	if (S_ISDIR(st.st_mode))
		add_dir(run, path, 0);
	else if (S_ISREG(st.st_mode))
		add_file(run, path, &st);
	else {
		cli_warn(run, path, 0, "not a regular file; skipped");
		run->skipped++;
	}
}
