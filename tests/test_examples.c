/* test_examples.c - the bundled corpus through the CLI against its gold
 * (examples/TRUTH.tsv): copy source and kind, and every parsed field. */
#include <jansson.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "test.h"

/* "-" in the gold means absent. */
static const char *gold(const char *s)
{
	return strcmp(s, "-") ? s : NULL;
}

static const char *field(json_t *a, const char *key)
{
	json_t *v = json_object_get(a, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void check_field(const char *id, const char *key, const char *want,
			const char *got, size_t cmp_len)
{
	int same = (!want && !got) ||
		   (want && got && (cmp_len ? !strncmp(want, got, cmp_len)
					    : !strcmp(want, got)));
	if (!same) {
		char m[512];
		snprintf(m, sizeof m, "%s: %s is \"%s\", gold says \"%s\"", id, key,
			 got ? got : "null", want ? want : "null");
		test_fail(__FILE__, __LINE__, m);
	}
}

TEST(examples__match_gold)
{
	const char *loom = getenv("LOOM");
	char cmd[1024], path[512];
	snprintf(cmd, sizeof cmd, "cd %s && %s analyze --json -q examples/", test_root(),
		 loom ? loom : "build/loom");
	FILE *p = popen(cmd, "r");
	REQUIRE(p);
	json_error_t je;
	json_t *doc = json_loadf(p, 0, &je);
	int rc = pclose(p);
	REQUIRE(doc);
	CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 1); /* examples/bad is skipped */
	json_t *arts = json_object_get(doc, "articles");
	REQUIRE(json_is_array(arts));

	snprintf(path, sizeof path, "%s/examples/TRUTH.tsv", test_root());
	FILE *f = fopen(path, "r");
	REQUIRE(f);
	char line[2048];
	size_t rows = 0, copies = 0, nstories = 0;
	static char story_ids[128][32], story_events[128][64];
	REQUIRE(fgets(line, sizeof line, f)); /* header */
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *col[9];
		size_t n = 0;
		for (char *s = line; n < 9; n++) {
			col[n] = s;
			char *tab = strchr(s, '\t');
			if (!tab) {
				n++;
				break;
			}
			*tab = '\0';
			s = tab + 1;
		}
		if (n != 9)
			continue;
		rows++;
		json_t *a = NULL, *it;
		size_t i;
		json_array_foreach(arts, i, it)
			if (field(it, "id") && !strcmp(field(it, "id"), col[0]))
				a = it;
		if (!a) {
			check_field(col[0], "article", "present", NULL, 0);
			continue;
		}
		json_t *c = json_object_get(a, "copy_of");
		check_field(col[0], "copy_of", gold(col[2]), json_is_object(c) ? field(c, "id") : NULL, 0);
		check_field(col[0], "kind", gold(col[3]), json_is_object(c) ? field(c, "kind") : NULL, 0);
		copies += json_is_object(c);
		check_field(col[0], "title", gold(col[4]), field(a, "title"), 0);
		check_field(col[0], "date", gold(col[5]), field(a, "date"), 10);
		check_field(col[0], "author", gold(col[6]), field(a, "author"), 0);
		check_field(col[0], "dateline", gold(col[7]), field(a, "dateline"), 0);
		check_field(col[0], "source", gold(col[8]), field(a, "source"), 0);
		/* a story never mixes two events: every article of a story
		 * has the same gold event as the story's first one */
		const char *story = field(a, "story");
		if (story && nstories < 128) {
			size_t k = 0;
			while (k < nstories && strcmp(story_ids[k], story))
				k++;
			if (k == nstories) {
				snprintf(story_ids[k], sizeof story_ids[k], "%s", story);
				snprintf(story_events[k], sizeof story_events[k], "%s", col[1]);
				nstories++;
			} else if (strcmp(story_events[k], col[1])) {
				check_field(col[0], "story event", story_events[k], col[1], 0);
			}
		}
	}
	fclose(f);
	CHECK(rows >= 40);
	CHECK(copies >= 20);
	json_decref(doc);
}
