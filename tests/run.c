/* run.c - runs every registered test (or those whose name starts with an
 * argument) and ends with the line "N passed, N failed". */
#include <stdlib.h>

#include "test.h"

static test_case *all_tests;
static int current_failed;

void test_register(test_case *t)
{
	t->next = all_tests;
	all_tests = t;
}

void test_fail(const char *file, int line, const char *expr)
{
	fprintf(stderr, "  FAIL %s:%d: %s\n", file, line, expr);
	current_failed = 1;
}

const char *test_root(void)
{
	const char *r = getenv("LOOM_ROOT");
	return r ? r : ".";
}

static int selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (!strncmp(name, argv[i], strlen(argv[i])))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	/* constructors register in reverse; run in source order */
	test_case *rev = NULL;
	while (all_tests) {
		test_case *t = all_tests;
		all_tests = t->next;
		t->next = rev;
		rev = t;
	}
	int passed = 0, failed = 0;
	for (test_case *t = rev; t; t = t->next) {
		if (!selected(t->name, argc, argv))
			continue;
		current_failed = 0;
		t->fn();
		if (current_failed) {
			failed++;
			fprintf(stderr, "not ok %s\n", t->name);
		} else {
			passed++;
			if (getenv("VERBOSE"))
				fprintf(stderr, "ok %s\n", t->name);
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
