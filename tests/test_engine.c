/* test_engine.c - the public API end to end: errors, copies, direction,
 * allocation failures, and the data-driven cases in tests/cases/. */
#include <dirent.h>
#include <stdlib.h>
#include <time.h>

#include "engine.h"
#include "loom.h"
#include "test.h"

static int add_raw(loom_engine *e, const char *id, const char *text)
{
	return test_add(e, id, NULL, text, 1);
}

static int add_dated(loom_engine *e, const char *id, const char *date, const char *text)
{
	return test_add(e, id, date, text, 0);
}

static loom_article_info info(loom_engine *e, const char *id)
{
	loom_article_info a;
	size_t i;
	memset(&a, 0, sizeof a);
	if (loom_engine_find(e, id, &i) == LOOM_OK)
		loom_engine_article(e, i, &a);
	return a;
}

static const char *copy_of(loom_engine *e, const char *id)
{
	loom_article_info a = info(e, id);
	if (!a.id || !a.copy_kind)
		return NULL;
	loom_article_info s;
	loom_engine_article(e, a.copy_of, &s);
	return s.id;
}

static const char *wire =
	"Harbour workers walk out in Valdoria\n\n"
	"Thousands of harbour workers in the port city of Valdoria walked off the job on "
	"Monday, halting container traffic at the country's busiest terminal.\n"
	"\"We have waited eleven months for a fair offer and the company has given us "
	"nothing but promises and delays,\" said union leader Tomas Reyes at a rally "
	"outside the main gate of the terminal.\n"
	"The port authority said ships would be diverted to the northern terminal while "
	"talks continued. Officials expect losses of several million crowns a day if the "
	"strike continues into next week, and shipping lines have warned customers of delays.\n"
	"The dispute began last spring when the operator froze wages for dock staff and "
	"announced plans to automate two of its six cranes, a move the union says would "
	"cost three hundred jobs over the coming years.\n"
	"\"Automation is not the enemy, but it cannot be done behind our backs,\" Reyes "
	"told reporters after the rally, adding that the union was ready to talk at any hour.\n"
	"A spokesperson for the terminal operator said the company regretted the walkout "
	"and remained committed to a negotiated settlement that protects the long-term "
	"future of the port and its workforce.\n";

TEST(engine__rejects_bad_articles)
{
	loom_engine *e;
	loom_options o = LOOM_OPTIONS_INIT;
	o.max_article_bytes = 4096;
	o.max_line_bytes = 1024;
	REQUIRE(loom_engine_new(&e, &o) == LOOM_OK);
	loom_doc d = {0};
	loom_err err;
	d.text = "";
	CHECK(loom_engine_add(e, NULL, &d, &err) == LOOM_EEMPTY);
	d.text = " \n\t\n";
	d.text_len = 4;
	CHECK(loom_engine_add(e, NULL, &d, &err) == LOOM_EEMPTY);
	d.text = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	d.text_len = 16;
	CHECK(loom_engine_add(e, NULL, &d, &err) == LOOM_EBINARY);
	char *big = malloc(5000);
	memset(big, 'a', 5000);
	d.text = big;
	d.text_len = 5000;
	CHECK(loom_engine_add(e, NULL, &d, &err) == LOOM_ETOOBIG);
	d.text_len = 2000; /* one 2000-byte line over the 1024 line cap */
	CHECK(loom_engine_add(e, NULL, &d, &err) == LOOM_ETOOBIG);
	CHECK(err.line == 1 && strstr(err.msg, "line") != NULL);
	free(big);
	CHECK(loom_engine_count(e) == 0);
	CHECK(add_raw(e, "x", "Some words here to read.") == LOOM_OK);
	CHECK(add_raw(e, "x", "Other words here to read.") == LOOM_EDUPLICATE);
	CHECK(loom_engine_count(e) == 1);
	loom_engine_free(e);
}

TEST(engine__rejects_bad_options)
{
	loom_engine *e = (loom_engine *)1;
	loom_options o = LOOM_OPTIONS_INIT;
	o.version = 99;
	CHECK(loom_engine_new(&e, &o) == LOOM_EINVAL && e == NULL);
	o = (loom_options)LOOM_OPTIONS_INIT;
	o.anchor_shift = 1;
	o.sketch_shift = 3;
	CHECK(loom_engine_new(&e, &o) == LOOM_EINVAL);
	o = (loom_options)LOOM_OPTIONS_INIT;
	o.flags = 2; /* not a defined flag */
	CHECK(loom_engine_new(&e, &o) == LOOM_EINVAL);
	CHECK(loom_strerror(LOOM_ETOOBIG)[0] != '\0');
	CHECK(loom_strerror(12345)[0] != '\0');
	loom_engine_free(NULL);
}

TEST(engine__generated_ids_and_invalid_utf8_warning)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	loom_doc d = {0};
	const char t[] = "Council \xff votes \xc3\x28 on the budget today.";
	d.text = t;
	d.text_len = sizeof t - 1;
	size_t idx;
	REQUIRE(loom_engine_add(e, &idx, &d, NULL) == LOOM_OK);
	loom_article_info a;
	loom_engine_article(e, idx, &a);
	CHECK_STR(a.id, "doc-1");
	CHECK(a.invalid_utf8 == 2);
	REQUIRE(loom_engine_warning_count(e) == 1);
	loom_warning_info w;
	loom_engine_warning(e, 0, &w);
	CHECK(strstr(w.message, "2 invalid UTF-8") != NULL);
	char *json;
	REQUIRE(loom_article_json(&json, NULL, e, idx) == LOOM_OK);
	CHECK(strstr(json, "\"copy_of\":null") != NULL);
	loom_free(json);
	loom_engine_free(e);
}

TEST(engine__exact_copy_with_other_header_and_trailer)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	REQUIRE(add_raw(e, "wire", wire) == LOOM_OK);
	char copy[8192];
	snprintf(copy, sizeof copy, " date 2024-03-05 200\n%s"
		 "For more news on the region, please follow us on X.\n", wire);
	REQUIRE(add_raw(e, "copy", copy) == LOOM_OK);
	CHECK_STR(copy_of(e, "copy"), "wire");
	CHECK(info(e, "copy").copy_kind == LOOM_COPY_EXACT);
	CHECK(info(e, "wire").copy_kind == LOOM_COPY_NONE);
	loom_engine_free(e);
}

/* Keeps the quotes and a few sentences, rewrites the frame. */
static const char *rewrite =
	"Valdoria port shut as dockers strike\n\n"
	"Dock staff in Valdoria downed tools this week in a pay row, according to MPA news.\n"
	"\"We have waited eleven months for a fair offer and the company has given us "
	"nothing but promises and delays,\" said union leader Tomas Reyes at a rally "
	"outside the main gate of the terminal.\n"
	"\"Automation is not the enemy, but it cannot be done behind our backs,\" Reyes "
	"told reporters after the rally, adding that the union was ready to talk at any hour.\n"
	"Officials expect losses of several million crowns a day if the "
	"strike continues into next week, and shipping lines have warned customers of delays.\n";

TEST(engine__rewrite_keeps_quotes)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	REQUIRE(add_raw(e, "wire", wire) == LOOM_OK);
	REQUIRE(add_raw(e, "agg", rewrite) == LOOM_OK);
	CHECK_STR(copy_of(e, "agg"), "wire");
	loom_article_info a = info(e, "agg");
	CHECK(a.copy_kind == LOOM_COPY_REWRITE);
	CHECK(a.containment >= 0.5 && a.containment <= 1.0);
	CHECK(a.similarity < 0.7);
	loom_engine_free(e);
}

TEST(engine__source_arriving_later_by_content)
{
	/* the rewrite arrives first, neither is dated: the wire is the
	 * source because the rewrite is mostly made of it */
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	REQUIRE(add_raw(e, "agg", rewrite) == LOOM_OK);
	REQUIRE(add_raw(e, "wire", wire) == LOOM_OK);
	CHECK_STR(copy_of(e, "agg"), "wire");
	CHECK(copy_of(e, "wire") == NULL);
	const size_t *changed;
	size_t n = loom_engine_changed(e, &changed);
	CHECK(n == 2); /* the wire, and the rewrite whose source it became */
	loom_engine_free(e);
}

TEST(engine__source_by_date)
{
	/* an exact copy that arrives first but is dated later */
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	char a[8192], b[8192];
	snprintf(a, sizeof a, " date 2024-03-06 200\n%s", wire);
	snprintf(b, sizeof b, " date 2024-03-02 200\n%s", wire);
	REQUIRE(add_raw(e, "late", a) == LOOM_OK);
	REQUIRE(add_raw(e, "early", b) == LOOM_OK);
	CHECK_STR(copy_of(e, "late"), "early");
	CHECK(copy_of(e, "early") == NULL);
	loom_engine_free(e);
}

TEST(engine__independent_reports_are_not_copies)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	REQUIRE(add_raw(e, "wire", wire) == LOOM_OK);
	REQUIRE(add_raw(e, "other",
		"Dockers strike in Valdoria\n\n"
		"Port workers in Valdoria stopped work on Monday. Union chief Tomas Reyes "
		"said his members had been waiting almost a year for a decent proposal and "
		"had received only empty assurances. Automation, he argued, was acceptable "
		"only if agreed with staff. The operator said it was sorry about the strike "
		"and wanted a deal. Ships are being sent to the northern terminal, and the "
		"authorities fear heavy daily losses.\n") == LOOM_OK);
	CHECK(copy_of(e, "other") == NULL);
	CHECK(copy_of(e, "wire") == NULL);
	loom_engine_free(e);
}

TEST(engine__text_similarity_symmetric_and_exact)
{
	loom_similarity_info ab, ba;
	REQUIRE(loom_text_similarity(&ab, NULL, wire, strlen(wire), rewrite,
				     strlen(rewrite)) == LOOM_OK);
	REQUIRE(loom_text_similarity(&ba, NULL, rewrite, strlen(rewrite), wire,
				     strlen(wire)) == LOOM_OK);
	CHECK(ab.resemblance == ba.resemblance);
	CHECK(ab.containment_ab == ba.containment_ba);
	CHECK(ab.containment_ba > 0.5);
	CHECK(ab.resemblance > 0.2 && ab.resemblance < 0.6);
	REQUIRE(loom_text_similarity(&ab, NULL, wire, strlen(wire), wire,
				     strlen(wire)) == LOOM_OK);
	CHECK(ab.resemblance == 1.0);
	REQUIRE(loom_text_similarity(&ab, NULL, "", 0, wire, strlen(wire)) == LOOM_OK);
	CHECK(ab.resemblance == 0.0);
}

/* Every allocation in turn fails: each add returns LOOM_ENOMEM or
 * succeeds, the engine stays usable, and nothing leaks (engine free
 * aborts on a leak in LOOM_TEST builds). */
TEST(engine__every_allocation_failure_is_handled)
{
	for (unsigned long k = 1; k < 400; k++) {
		loom_engine *e;
		if (loom_engine_new(&e, NULL) != LOOM_OK)
			continue;
		e->mem.fail_at = e->mem.allocations + k;
		size_t before = loom_engine_count(e);
		int r1 = add_raw(e, "wire", wire);
		CHECK(r1 == LOOM_OK || r1 == LOOM_ENOMEM);
		CHECK(loom_engine_count(e) == before + (r1 == LOOM_OK));
		/* an article that did not go in leaves no warning behind */
		size_t warned = loom_engine_warning_count(e);
		loom_doc bad = {0};
		bad.id = "bad";
		bad.text = "Bad \xff bytes and a date.";
		bad.text_len = strlen(bad.text);
		bad.date = "not a date";
		int rb = loom_engine_add(e, NULL, &bad, NULL);
		CHECK(rb == LOOM_OK || rb == LOOM_ENOMEM);
		if (rb == LOOM_ENOMEM)
			CHECK(loom_engine_warning_count(e) == warned);
		int r2 = add_raw(e, "agg", rewrite);
		CHECK(r2 == LOOM_OK || r2 == LOOM_ENOMEM);
		char *json = NULL;
		if (r2 == LOOM_OK && loom_article_json(&json, NULL, e, loom_engine_count(e) - 1) == LOOM_OK)
			loom_free(json);
		e->mem.fail_at = 0;
		CHECK(add_raw(e, "after", "A later article still goes in fine.") == LOOM_OK);
		loom_engine_free(e);
	}
}

/* The engine's copies of an article's fields are cut to what cleaning
 * wrote and laid end to end in its pool: an invalid byte that became a
 * three-byte U+FFFD, a run of white space folded, an empty field, one
 * longer than the field limit, each read back whole after later
 * articles' strings went in behind it. */
TEST(engine__pooled_fields_stay_whole_when_cleaning_changes_their_length)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	static char long_title[6000];
	memset(long_title, 'w', sizeof long_title - 1);
	size_t at[3];
	for (int k = 0; k < 3; k++) {
		loom_doc d = {0};
		char id[16];
		snprintf(id, sizeof id, "f%d", k);
		d.id = id;
		d.title = k == 2 ? long_title : "Bridge \xff\xfe vote   in\tDolna";
		d.author = k == 1 ? "" : "Mara \xc3\x28Quell";
		d.source = "Veltrana   Wire";
		d.text = "The council voted on the bridge on Monday after a long debate.";
		d.text_len = strlen(d.text);
		REQUIRE(loom_engine_add(e, &at[k], &d, NULL) == LOOM_OK);
	}
	loom_article_info a;
	for (int k = 0; k < 2; k++) {
		REQUIRE(loom_engine_article(e, at[k], &a) == LOOM_OK);
		CHECK(a.title && !strcmp(a.title, "Bridge \xef\xbf\xbd\xef\xbf\xbd vote in Dolna"));
		CHECK(a.source && !strcmp(a.source, "Veltrana Wire"));
		if (k == 0)
			CHECK(a.author && !strcmp(a.author, "Mara \xef\xbf\xbd(Quell"));
		else
			CHECK(a.author == NULL);
	}
	REQUIRE(loom_engine_article(e, at[2], &a) == LOOM_OK);
	REQUIRE(a.title);
	size_t n = strlen(a.title);
	CHECK(n > 0 && n < sizeof long_title - 1 && strspn(a.title, "w") == n);
	CHECK(a.author && !strcmp(a.author, "Mara \xef\xbf\xbd(Quell"));
	loom_engine_free(e);
}

/* ---- pathological inputs: each must finish quickly --------------------- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pathological(const char *name, const char *text, size_t len)
{
	loom_engine *e;
	loom_options o = LOOM_OPTIONS_INIT;
	o.max_line_bytes = (size_t)2 << 20;
	if (loom_engine_new(&e, &o) != LOOM_OK)
		return;
	double t0 = now_s();
	loom_doc d = {0};
	d.id = name;
	d.text = text;
	d.text_len = len;
	d.text_is_raw = 1;
	int rc = loom_engine_add(e, NULL, &d, NULL);
	d.id = "again";
	int rc2 = loom_engine_add(e, NULL, &d, NULL);
	double secs = now_s() - t0;
	CHECK(rc == LOOM_OK || rc == LOOM_EBINARY || rc == LOOM_EEMPTY);
	CHECK(rc2 == rc);
	/* generous: sanitizer builds are ~5x slower; quadratic blow-ups are
	 * minutes */
	if (secs > 10.0) {
		char m[128];
		snprintf(m, sizeof m, "%s took %.1f s", name, secs);
		test_fail(__FILE__, __LINE__, m);
	}
	loom_engine_free(e);
}

TEST(pathological__long_line_quotes_repeats_invalid)
{
	size_t n = (size_t)1 << 20;
	char *t = malloc(n);
	REQUIRE(t);
	for (size_t i = 0; i < n; i++)
		t[i] = "abcdefgh "[i % 9];
	pathological("one-megabyte-line", t, n);
	for (size_t i = 0; i < n; i++)
		t[i] = "news "[i % 5];
	pathological("one-word-repeated", t, n);
	for (size_t i = 0; i < 20000; i++)
		t[i] = (i % 2) ? '"' : ' ';
	pathological("ten-thousand-quotes", t, 20000);
	for (size_t i = 0; i < n; i++)
		t[i] = (i % 3) ? '(' : 'A';
	pathological("unbalanced-parens", t, n);
	for (size_t i = 0; i < n; i++)
		t[i] = (char)((i % 7) ? 0xC3 : 'x');
	pathological("invalid-utf8-run", t, n);
	for (size_t i = 0; i < n; i++)
		t[i] = (i % 2) ? '\n' : '-';
	pathological("dash-lines", t, n);
	/* many copies of one article: posting lists stay capped */
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	double t0 = now_s();
	for (int i = 0; i < 2000; i++) {
		char id[16];
		snprintf(id, sizeof id, "c%d", i);
		REQUIRE(add_raw(e, id, wire) == LOOM_OK);
	}
	CHECK(now_s() - t0 < 10.0);
	CHECK_STR(copy_of(e, "c1999"), "c0");
	loom_engine_free(e);
	free(t);
}

/* review finding: an exact copy dated later, an undated one and an
 * earlier-dated one closed a loop o -> self -> s -> o */
TEST(engine__no_copy_cycle_with_mixed_dates)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	loom_doc d = {0};
	d.text = wire;
	d.text_len = strlen(wire);
	d.id = "o";
	d.date = "2024-03-05";
	REQUIRE(loom_engine_add(e, NULL, &d, NULL) == LOOM_OK);
	d.id = "s";
	d.date = NULL;
	REQUIRE(loom_engine_add(e, NULL, &d, NULL) == LOOM_OK);
	d.id = "self";
	d.date = "2024-03-01";
	REQUIRE(loom_engine_add(e, NULL, &d, NULL) == LOOM_OK);
	size_t n = loom_engine_count(e), originals = 0;
	for (size_t i = 0; i < n; i++) {
		loom_article_info a;
		size_t at = i, steps = 0;
		for (loom_engine_article(e, at, &a); a.copy_kind && steps <= n; steps++) {
			at = a.copy_of;
			loom_engine_article(e, at, &a);
		}
		CHECK(steps <= n); /* the chain ends at an original */
		loom_engine_article(e, i, &a);
		originals += !a.copy_kind;
	}
	CHECK(originals == 1);
	loom_engine_free(e);
}

/* fuzz finding (analyze): two identical texts, neither an exact copy.
 * The later-dated one arrived first and became a near copy of a longer
 * article; its identical twin, dated as early as that article, came last,
 * also a near copy of it, and was not taken as the first one's source
 * because it held no more of it. An exact copy is the better account. */
TEST(engine__identical_texts_with_a_longer_source_are_exact_copies)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	char part[8192];
	const char *last = strstr(wire, "A spokesperson");
	REQUIRE(last);
	snprintf(part, sizeof part, "%.*s", (int)(last - wire), wire);
	loom_doc d = {0};
	d.id = "late-part";
	d.text = part;
	d.text_len = strlen(part);
	d.date = "2024-03-06";
	REQUIRE(loom_engine_add(e, NULL, &d, NULL) == LOOM_OK);
	d.id = "whole";
	d.text = wire;
	d.text_len = strlen(wire);
	d.date = "2024-03-01";
	REQUIRE(loom_engine_add(e, NULL, &d, NULL) == LOOM_OK);
	CHECK_STR(copy_of(e, "late-part"), "whole");
	d.id = "early-part";
	d.text = part;
	d.text_len = strlen(part);
	REQUIRE(loom_engine_add(e, NULL, &d, NULL) == LOOM_OK);
	CHECK_STR(copy_of(e, "early-part"), "whole");
	CHECK_STR(copy_of(e, "late-part"), "early-part");
	CHECK(info(e, "late-part").copy_kind == LOOM_COPY_EXACT);
	loom_engine_free(e);
}

/* libFuzzer finding (fuzz/corpus/analyze/crash-identical-body-after-its-first-was-resourced):
 * the body map keeps the first article of each body; when an earlier-dated
 * twin arrived later, that first one became its exact copy, and a third
 * twin, too short for the copy index, found only the first and was no
 * copy at all. It must be an exact copy of the body's source. */
TEST(engine__identical_body_after_its_first_was_resourced)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	const char *text = "Storms delayed work."; /* fewer words than a shingle */
	REQUIRE(add_dated(e, "late", "2024-03-06", text) == LOOM_OK);
	REQUIRE(add_dated(e, "early", "2024-03-01", text) == LOOM_OK);
	CHECK_STR(copy_of(e, "late"), "early");
	REQUIRE(add_dated(e, "early-twin", "2024-03-01", text) == LOOM_OK);
	CHECK_STR(copy_of(e, "early-twin"), "early");
	CHECK(info(e, "early-twin").copy_kind == LOOM_COPY_EXACT);
	CHECK(info(e, "early").copy_kind == LOOM_COPY_NONE);
	loom_engine_free(e);
}

/* review finding: a blank id was read as out of memory and ended the run */
TEST(engine__blank_id_is_generated)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	REQUIRE(add_raw(e, " \xc2\xa0 ", "Some article text for a blank id.") == LOOM_OK);
	loom_article_info a;
	loom_engine_article(e, 0, &a);
	CHECK_STR(a.id, "doc-1");
	CHECK(loom_engine_warn(e, "x", 0, "") == LOOM_OK);
	loom_engine_free(e);
}

/* review finding: "a  b" and "a b" print the same but were both accepted */
TEST(engine__ids_compared_as_printed)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	REQUIRE(add_raw(e, "a  b", "First article text here.") == LOOM_OK);
	CHECK(add_raw(e, "a b", "Second article text here.") == LOOM_EDUPLICATE);
	CHECK(add_raw(e, "a  b", "Third article text here.") == LOOM_EDUPLICATE);
	size_t i;
	CHECK(loom_engine_find(e, "a b", &i) == LOOM_OK);
	loom_engine_free(e);
}

/* review finding: a short rewrite of a long article shares anchors at the
 * long one's sparse rate, and the candidate filter asked for more */
TEST(engine__short_rewrite_of_long_article)
{
	char *longsrc = malloc(64 << 10);
	REQUIRE(longsrc);
	size_t o = (size_t)snprintf(longsrc, 64 << 10, "%s", wire);
	for (int k = 0; k < 60 && o < (60 << 10); k++)
		o += (size_t)snprintf(longsrc + o, (64 << 10) - o,
				      "Item %d of the harbour budget pays for berth %d and crane %d "
				      "in dock %d, the port office said.\n", k, k * 7, k * 13, k * 3);
	const char *short_rw =
		"Valdoria dockers strike\n\n"
		"Port staff stopped work this week.\n"
		"\"We have waited eleven months for a fair offer and the company has given us "
		"nothing but promises and delays,\" said union leader Tomas Reyes at a rally "
		"outside the main gate of the terminal.\n"
		"\"Automation is not the enemy, but it cannot be done behind our backs,\" Reyes "
		"told reporters after the rally, adding that the union was ready to talk at any hour.\n";
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	REQUIRE(add_raw(e, "long", longsrc) == LOOM_OK);
	REQUIRE(add_raw(e, "short", short_rw) == LOOM_OK);
	CHECK_STR(copy_of(e, "short"), "long");
	CHECK(info(e, "short").copy_kind == LOOM_COPY_REWRITE);
	loom_engine_free(e);
	free(longsrc);
}

/* fuzz finding: an id with a control byte or leading space could not be
 * found again by the id it was given or the one it was reported under */
TEST(engine__find_by_given_and_reported_id)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	REQUIRE(add_raw(e, "a\x01 b", "Text of an article with an odd id.") == LOOM_OK);
	REQUIRE(add_raw(e, " lead", "Text of an article with a leading space.") == LOOM_OK);
	size_t i;
	CHECK(loom_engine_find(e, "a\x01 b", &i) == LOOM_OK && i == 0);
	CHECK(loom_engine_find(e, "a b", &i) == LOOM_OK && i == 0);
	CHECK(loom_engine_find(e, " lead", &i) == LOOM_OK && i == 1);
	loom_article_info a;
	loom_engine_article(e, 1, &a);
	CHECK(loom_engine_find(e, a.id, &i) == LOOM_OK && i == 1);
	loom_engine_free(e);
}

/* Topic similarity: two reports of one event in different words are closer
 * than two events of the same type; with an engine's corpus, words every
 * article uses weigh less, so the unrelated pair falls further. */
TEST(similarity__topic_separates_events_of_one_type)
{
	static const char strike_a[] =
		"Kessling rail strike halts trains\n\n"
		"Trains stopped across Kessling on Monday when drivers of the "
		"Northline operator began a strike over pay. The union said talks "
		"had collapsed.\n";
	static const char strike_b[] =
		"Northline drivers walk out in Kessling\n\n"
		"Kessling commuters found no trains on Monday: Northline drivers "
		"walked out after pay talks with the union broke down.\n";
	static const char strike_c[] =
		"Port strike in Valdoria\n\n"
		"Dock workers in Valdoria began a strike on Monday over pay after "
		"talks between the union and the port authority collapsed.\n";
	loom_similarity_info same, other;
	REQUIRE(loom_text_similarity(&same, NULL, strike_a, strlen(strike_a), strike_b,
				     strlen(strike_b)) == LOOM_OK);
	REQUIRE(loom_text_similarity(&other, NULL, strike_a, strlen(strike_a), strike_c,
				     strlen(strike_c)) == LOOM_OK);
	CHECK(same.resemblance < 0.05); /* no shared wording */
	CHECK(same.topic > other.topic);
	CHECK(same.topic > 0.3);

	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	static const char *corpus[] = {
		"Strike over pay\n\nNurses began a strike over pay on Monday after talks with the union collapsed.\n",
		"Teachers strike\n\nTeachers said on Monday the union would strike over pay; talks collapsed.\n",
		"Airport staff strike\n\nBaggage handlers began a strike on Monday over pay, the union said.\n",
	};
	for (size_t i = 0; i < 3; i++) {
		loom_doc d = {0};
		d.text = corpus[i];
		d.text_len = strlen(corpus[i]);
		d.text_is_raw = 1;
		REQUIRE(loom_engine_add(e, NULL, &d, NULL) == LOOM_OK);
	}
	loom_similarity_info wsame, wother;
	REQUIRE(loom_engine_similarity(&wsame, e, strike_a, strlen(strike_a), strike_b,
				       strlen(strike_b)) == LOOM_OK);
	REQUIRE(loom_engine_similarity(&wother, e, strike_a, strlen(strike_a), strike_c,
				       strlen(strike_c)) == LOOM_OK);
	CHECK(wother.topic < other.topic);
	CHECK(wsame.topic - wother.topic > same.topic - other.topic);
	REQUIRE(loom_engine_count(e) == 3); /* comparing adds nothing */
	loom_engine_free(e);
}

/* A made-up word for number k: letters only, so no two events share one. */
static void event_word(char *out, unsigned k, char tag)
{
	int n = 0;
	out[n++] = tag;
	do {
		out[n++] = (char)('a' + k % 26);
		k /= 26;
	} while (k);
	out[n] = '\0';
}

static void event_text(char *buf, size_t size, unsigned event, unsigned variant,
		       const char *date)
{
	char w[6][16];
	for (int i = 0; i < 6; i++)
		event_word(w[i], event * 7 + (unsigned)i, (char)('p' + i));
	snprintf(buf, size,
		 "{\"id\":\"e%u-%u\",\"date\":\"%s\",\"text\":\"%s %s %s report "
		 "%u: the %s council met %s delegates about the %s plan, said "
		 "officials.\"}",  
		 event, variant, date, w[0], w[1], w[2], variant, w[3], w[4], w[5]);
}

/* Stories that left the window leave the index and free their terms, so
 * memory follows the window, not the stream; a late copy of an article in
 * an evicted story still joins that story. */
TEST(story__old_stories_leave_the_window)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	char line[512];
	unsigned events = 9000; /* enough for two rebuilds of the index */
	for (unsigned k = 0; k < events; k++)
		for (unsigned v = 0; v < 2; v++) {
			char date[16];
			unsigned day = k / 40; /* 40 events a day: 225 days */
			snprintf(date, sizeof date, "2024-%02u-%02u", 1 + day / 28,
				 1 + day % 28);
			event_text(line, sizeof line, k, v, date);
			loom_jsonl_doc *owner;
			loom_doc d;
			REQUIRE(loom_jsonl_parse(&owner, &d, line, strlen(line), NULL) == LOOM_OK);
			REQUIRE(loom_engine_add(e, NULL, &d, NULL) == LOOM_OK);
			loom_jsonl_doc_free(owner);
		}
	const loom_stories *s = &e->stories;
	CHECK(s->nstories >= events * 9 / 10); /* two reports per story */
	size_t live = 0;
	for (size_t i = 0; i < s->nstories; i++)
		live += s->stories[i].terms != NULL;
	/* 34 days of window (storyline + story) at 40 stories a day, plus
	 * the stories opened since the last rebuild */
	CHECK(live < 34 * 40 + 4096 + 100);
	CHECK(live < s->nstories);
	CHECK(s->stories[0].terms == NULL);
	size_t first, copy;
	REQUIRE(loom_engine_find(e, "e0-0", &first) == LOOM_OK);
	/* the same text again, late: an exact copy joins the first story */
	event_text(line, sizeof line, 0, 0, "2024-09-20");
	char *id = strstr(line, "e0-0");
	REQUIRE(id);
	id[3] = '9';
	loom_jsonl_doc *owner;
	loom_doc d;
	REQUIRE(loom_jsonl_parse(&owner, &d, line, strlen(line), NULL) == LOOM_OK);
	REQUIRE(loom_engine_add(e, &copy, &d, NULL) == LOOM_OK);
	loom_jsonl_doc_free(owner);
	loom_article_info a, b;
	REQUIRE(loom_engine_article(e, first, &a) == LOOM_OK);
	REQUIRE(loom_engine_article(e, copy, &b) == LOOM_OK);
	CHECK(b.copy_kind == LOOM_COPY_EXACT);
	CHECK(a.story == b.story);
	CHECK(s->stories[a.story].terms != NULL);
	loom_engine_free(e);
}

/* A story's centroid starts in a block for one article's terms and moves
 * to a larger one when the articles joining it bring more: every report
 * of one event stays in its story, the centroid keeps the larger count,
 * and a story of one article keeps the small block. */
TEST(story__centroid_outgrows_its_first_block)
{
	loom_engine *e;
	REQUIRE(loom_engine_new(&e, NULL) == LOOM_OK);
	char text[4096], w[16];
	size_t first = 0, last = 0, lone = 0;
	for (unsigned a = 0; a < 8; a++) {
		int n = snprintf(text, sizeof text, "Harbour strike report %u. ", a);
		/* forty words every report shares, then fifteen of its own */
		for (unsigned k = 0; k < 40 + 15; k++) {
			event_word(w, k < 40 ? k : 1000 + a * 15 + k, k < 40 ? 'q' : 'z');
			n += snprintf(text + n, sizeof text - (size_t)n, "%s %s", w,
				      k % 8 == 7 ? "stays. " : "and ");
		}
		loom_doc d = {0};
		d.text = text;
		d.text_len = (size_t)n;
		REQUIRE(loom_engine_add(e, a == 0 ? &first : &last, &d, NULL) == LOOM_OK);
	}
	snprintf(text, sizeof text, "Lighthouse keepers vote on a new rota for the "
		 "winter months at the northern cape station.");
	loom_doc d = {0};
	d.text = text;
	d.text_len = strlen(text);
	REQUIRE(loom_engine_add(e, &lone, &d, NULL) == LOOM_OK);
	loom_article_info a, b, c;
	REQUIRE(loom_engine_article(e, first, &a) == LOOM_OK);
	REQUIRE(loom_engine_article(e, last, &b) == LOOM_OK);
	REQUIRE(loom_engine_article(e, lone, &c) == LOOM_OK);
	CHECK(a.story == b.story);
	CHECK(c.story != a.story);
	const loom_story *grown = &e->stories.stories[a.story];
	const loom_story *small = &e->stories.stories[c.story];
	CHECK(grown->articles == 8);
	CHECK(grown->nterms > 60 && grown->room >= grown->nterms);
	CHECK(small->nterms <= small->room && small->room < grown->room);
	loom_engine_free(e);
}

/* One paragraph of a megabyte full of quotes and distinct names: finding
 * speakers and coreference must stay linear in the text. */
TEST(pathological__quotes_and_names_in_one_paragraph)
{
	size_t cap = (size_t)1 << 20, n = 0;
	char *t = malloc(cap + 256);
	REQUIRE(t);
	for (unsigned k = 0; n < cap; k++) {
		/* a new two-word name every sentence: "Kab Dac" */
		char a[4] = {(char)('A' + k % 26), (char)('a' + k / 26 % 26),
			     (char)('a' + k / 676 % 26), 0};
		char b[4] = {(char)('A' + k / 26 % 26), (char)('a' + k % 26),
			     (char)('a' + k / 676 % 26), 0};
		n += (size_t)snprintf(t + n, 256,
				      "\xe2\x80\x9cWe %s go,\xe2\x80\x9d %s %s said. He added \"soon\" and "
				      "\xe2\x80\x9cnever here\xe2\x80\x9d - %s noted. ",
				      k % 2 ? "will" : "shall", a, b, b);
	}
	pathological("quotes-and-names-one-paragraph", t, n);
	free(t);
}

/* A megabyte of all-caps text full of the surnames and first names of
 * people the article names: the headline pass and the first-name
 * look-up must stay linear (names.c). */
/* review finding: the word pass scanned what lies between plain tokens
 * with a loop over the skip spans from the first, so an article of many
 * skipped agency tags and many words past ASCII took time in the product
 * of the two */
TEST(pathological__many_skip_spans_and_words_past_ascii)
{
	size_t cap = (size_t)4 << 20, n = 0;
	char *t = malloc(cap + 64);
	REQUIRE(t);
	while (n < cap)
		n += (size_t)snprintf(t + n, 64, "(AFP) - Caf\xc3\xa9 said.\n");
	pathological("many-skip-spans-and-words-past-ascii", t, n);
	free(t);
}

TEST(pathological__headline_names_and_first_names)
{
	size_t cap = (size_t)1 << 20, n = 0;
	char *t = malloc(2 * cap + 512);
	REQUIRE(t);
	/* many people first, so every look-up has many to compare */
	for (unsigned k = 0; k < 3000; k++) {
		char a[4] = {(char)('A' + k % 26), (char)('a' + k / 26 % 26),
			     (char)('a' + k / 676 % 26), 0};
		n += (size_t)snprintf(t + n, 64, "Orla %sx met %sy. ", a, a);
	}
	n += (size_t)snprintf(t + n, 64, "\n\n");
	while (n < cap)
		n += (size_t)snprintf(t + n, 64, "BAAX ORLA BAAY CAAX DAAX ");
	n += (size_t)snprintf(t + n, 64, "\n\n");
	while (n < 2 * cap)
		n += (size_t)snprintf(t + n, 64, "Then Orla and Baay and Caax met. ");
	pathological("headline-names-and-first-names", t, n);
	free(t);
}
