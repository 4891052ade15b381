/* test.h - the test runner's tiny framework.
 *
 * A test is `TEST(stage__name) { ... }`; CHECK records a failure and goes
 * on, REQUIRE stops the test. Names mirror the stage under test so that
 * `build/test/run ingest__` runs one stage's tests. */
#ifndef LOOM_TEST_H
#define LOOM_TEST_H

#include <stdio.h>
#include <string.h>

#include "loom.h"

/* Adds an article: date may be NULL; raw: the text is a crawled page
 * whose header lines the engine parses (loom_doc.text_is_raw). */
static inline int test_add(loom_engine *e, const char *id, const char *date, const char *text,
			   int raw)
{
	loom_doc d = {0};
	d.id = id;
	d.date = date;
	d.text = text;
	d.text_len = strlen(text);
	d.text_is_raw = raw;
	return loom_engine_add(e, NULL, &d, NULL);
}

typedef struct test_case {
	const char *name;
	void (*fn)(void);
	struct test_case *next;
} test_case;

void test_register(test_case *t);
void test_fail(const char *file, int line, const char *expr);
/* Path of a test data file relative to the repository root. */
const char *test_root(void);

#define TEST(name)                                                          \
	static void name(void);                                             \
	static test_case name##_case = {#name, name, NULL};                 \
	__attribute__((constructor)) static void name##_register(void)      \
	{                                                                   \
		test_register(&name##_case);                                \
	}                                                                   \
	static void name(void)

#define CHECK(expr)                                                         \
	do {                                                                \
		if (!(expr))                                                \
			test_fail(__FILE__, __LINE__, #expr);               \
	} while (0)

#define REQUIRE(expr)                                                       \
	do {                                                                \
		if (!(expr)) {                                              \
			test_fail(__FILE__, __LINE__, #expr);               \
			return;                                             \
		}                                                           \
	} while (0)

#define CHECK_STR(a, b)                                                     \
	do {                                                                \
		const char *a_ = (a), *b_ = (b);                            \
		if (!((a_ == NULL && b_ == NULL) ||                         \
		      (a_ && b_ && strcmp(a_, b_) == 0))) {                 \
			char m_[512];                                       \
			snprintf(m_, sizeof m_, "%s == %s (\"%s\" vs \"%s\")", \
				 #a, #b, a_ ? a_ : "(null)",                \
				 b_ ? b_ : "(null)");                       \
			test_fail(__FILE__, __LINE__, m_);                  \
		}                                                           \
	} while (0)

#endif
