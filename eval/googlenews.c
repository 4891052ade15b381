/* googlenews.c - a GoogleNews T/S/TS set as articles for Loom, with the gold.
 *
 *   googlenews IN.jsonl OUT.jsonl GOLD.tsv
 *
 * IN has one {"text", "cluster"} per line. OUT keeps the file's order and
 * gives Loom {id, text} only: the ids (g00001 for line 1) say nothing of
 * the cluster, which goes to GOLD.tsv (id, cluster). The texts are already
 * lower-cased with stop words removed, so there is no title to give. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

/* One input line to one output line and one gold row. Returns 0, or -1 with
 * why in err. */
static int convert_line(FILE *out, FILE *gold, const char *line, size_t len,
			size_t n, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *o = json_loadb(line, len, 0, &jerr);
	json_t *text = json_object_get(o, "text");
	json_t *cluster = json_object_get(o, "cluster");
	int rc = -1;
	if (!o) {
		snprintf(err, errlen, "line %zu: %s", n, jerr.text);
	} else if (!json_is_string(text) || !json_is_integer(cluster)) {
		snprintf(err, errlen, "line %zu: no \"text\" string or \"cluster\" integer", n);
	} else {
		char id[32];
		snprintf(id, sizeof id, "g%05zu", n);
		rc = eval_write_doc(out, id, NULL, json_string_value(text),
				    json_string_length(text));
		if (!rc && fprintf(gold, "%s\t%lld\n", id,
				   (long long)json_integer_value(cluster)) < 0)
			rc = -1;
		if (rc)
			snprintf(err, errlen, "line %zu: write failed", n);
	}
	json_decref(o);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: googlenews IN.jsonl OUT.jsonl GOLD.tsv\n");
		return 2;
	}
	static const char *const mode[] = {"r", "w", "w"};
	FILE *f[3];
	const char *bad = eval_open_all(f, argv + 1, mode, 3);
	if (bad) {
		fprintf(stderr, "googlenews: cannot open %s\n", bad);
		return 1;
	}
	FILE *in = f[0], *out = f[1], *gold = f[2];
	fprintf(gold, "id\tcluster\n");
	char *line = NULL, err[256] = "";
	size_t cap = 0, n = 0;
	ssize_t len;
	int rc = 0;
	while (!rc && (len = getline(&line, &cap, in)) >= 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (!len)
			continue; /* a blank line is no item; the ids count items */
		n++;
		rc = convert_line(out, gold, line, (size_t)len, n, err, sizeof err) ? 1 : 0;
	}
	if (!rc && ferror(in)) {
		snprintf(err, sizeof err, "read error");
		rc = 1;
	}
	free(line);
	fclose(in);
	int closed = fclose(out) == 0;
	closed &= fclose(gold) == 0;
	if (!closed && !rc) {
		snprintf(err, sizeof err, "write failed");
		rc = 1;
	}
	if (rc)
		fprintf(stderr, "googlenews: %s: %s\n", argv[1], err);
	else
		fprintf(stderr, "googlenews: %zu items from %s\n", n, argv[1]);
	return rc;
}
