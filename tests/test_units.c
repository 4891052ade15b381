/* test_units.c - unit tests per pipeline stage, on the internal API. */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <xxhash.h>

#include "alloc.h"
#include "arena.h"
#include "clean.h"
#include "copies.h"
#include "dates.h"
#include "index.h"
#include "lexicon.h"
#include "ingest.h"
#include "map.h"
#include "names.h"
#include "quotes.h"
#include "tokens.h"
#include "norm.h"
#include "people.h"
#include "postings.h"
#include "recent.h"
#include "shingle.h"
#include "slab.h"
#include "story.h"
#include "test.h"
#include "text.h"

/* ---- dates ---------------------------------------------------------------- */

static const char *iso(const char *s)
{
	static loom_date d;
	size_t n = loom__date_parse(&d, s, strlen(s));
	return n ? d.iso : NULL;
}

TEST(dates__iso_forms)
{
	CHECK_STR(iso("2024-03-02"), "2024-03-02");
	CHECK_STR(iso("2024/03/02"), "2024-03-02");
	CHECK_STR(iso("2024-03-02T09:15:00Z"), "2024-03-02T09:15:00Z");
	CHECK_STR(iso("2024-03-02T01:15:00+02:00"), "2024-03-01T23:15:00Z");
	CHECK_STR(iso("2024-03-02 09:15"), "2024-03-02T09:15:00Z");
}

TEST(dates__written_forms)
{
	CHECK_STR(iso("March 4, 2024"), "2024-03-04");
	CHECK_STR(iso("Mar. 4 2024"), "2024-03-04");
	CHECK_STR(iso("4 March 2024"), "2024-03-04");
	CHECK_STR(iso("Sept 30, 2023"), "2023-09-30");
	CHECK_STR(iso("1st May, 2024"), NULL); /* ordinal before month: refuse */
}

TEST(dates__refuses_invalid_and_ambiguous)
{
	CHECK(iso("2024-02-30") == NULL);
	CHECK(iso("2023-02-29") == NULL);
	CHECK_STR(iso("2024-02-29"), "2024-02-29");
	CHECK(iso("02/03/2024") == NULL);
	CHECK(iso("yesterday") == NULL);
	CHECK(iso("") == NULL);
	CHECK(iso("2024-13-01") == NULL);
	CHECK(iso("20240-01-01") == NULL);
}

TEST(dates__order)
{
	loom_date a, b;
	loom__date_parse(&a, "2024-03-02", 10);
	loom__date_parse(&b, "2024-03-02T10:00:00Z", 20);
	CHECK(loom__date_cmp(&a, &b) == 0); /* a day without time ties */
	loom__date_parse(&b, "2024-03-03", 10);
	CHECK(loom__date_cmp(&a, &b) < 0);
	CHECK(loom__date_cmp(&b, &a) > 0);
}

/* ---- text ----------------------------------------------------------------- */

TEST(text__scan_counts_bad_bytes)
{
	loom_text_scan s;
	const char t[] = "ok \xff bad \xc3\x28 and a NUL \0 here\n";
	loom__text_scan(&s, t, sizeof t - 1);
	CHECK(s.invalid_utf8 == 2);
	CHECK(s.first_invalid == 3);
	CHECK(s.nul_bytes == 1);
	CHECK(!s.binary);
	CHECK(!s.blank);
}

TEST(text__scan_binary_and_blank)
{
	loom_text_scan s;
	const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	loom__text_scan(&s, png, sizeof png - 1);
	CHECK(s.binary);
	loom__text_scan(&s, " \n\t\r\n\xc2\xa0 ", 9);
	CHECK(s.blank);
	loom__text_scan(&s, "\xEF\xBB\xBFhi", 5);
	CHECK(s.bom == 3 && !s.blank);
}

TEST(text__clean_copy_repairs)
{
	char out[64];
	const char t[] = "  A\xff  b\n\tc  ";
	loom_span sp = {0, sizeof t - 1};
	loom__clean_copy(out, sizeof out, t, sp);
	CHECK_STR(out, "A\xEF\xBF\xBD b c");
}

/* Text that is clean already is copied whole (text.c); one flaw
 * anywhere (a doubled, leading or trailing space, a tab, DEL, a byte past
 * ASCII) sends it the long way, which must fold it as before, and a text
 * that does not fit is cut, not copied whole. */
TEST(text__clean_copy_takes_clean_text_whole)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"Foreign Minister Jana Novak", "Foreign Minister Jana Novak"},
		{"\"We stay,\" she said.", "\"We stay,\" she said."},
		{"Jana  Novak", "Jana Novak"},
		{" Jana Novak", "Jana Novak"},
		{"Jana Novak ", "Jana Novak"},
		{"Jana\tNovak", "Jana Novak"},
		{"Jana\x7fNovak", "Jana Novak"},
		{"Jos\xc3\xa9 Novak", "Jos\xc3\xa9 Novak"},
		{"Jana\xffNovak", "Jana\xEF\xBF\xBDNovak"},
		{" ", ""},
		{"", ""},
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		char out[64];
		loom_span sp = {0, strlen(cases[c].in)};
		size_t n = loom__clean_copy(out, sizeof out, cases[c].in, sp);
		CHECK_STR(out, cases[c].want);
		CHECK(n == strlen(cases[c].want));
	}
	char small[5];
	loom_span sp = {0, 10};
	CHECK(loom__clean_copy(small, sizeof small, "Jana Novak", sp) == 4);
	CHECK_STR(small, "Jana");
}

/* A run of printable ASCII is copied at once (text.c); what fits of it,
 * and of the rest, must not change with the room given. */
TEST(text__clean_copy_cuts_where_room_ends)
{
	static const char *const want[] = {
		"", "a", "ab", "ab", "ab c", "ab cd", "ab cd", "ab cd\xC3\xA9",
		"ab cd\xC3\xA9" "f", "ab cd\xC3\xA9" "f", "ab cd\xC3\xA9" "f",
		"ab cd\xC3\xA9" "f\xEF\xBF\xBD", "ab cd\xC3\xA9" "f\xEF\xBF\xBD",
		"ab cd\xC3\xA9" "f\xEF\xBF\xBD g", "ab cd\xC3\xA9" "f\xEF\xBF\xBD gh",
		"ab cd\xC3\xA9" "f\xEF\xBF\xBD gh"};
	const char t[] = " ab  cd\xC3\xA9" "f\xFF gh ";
	loom_span sp = {0, sizeof t - 1};
	for (size_t room = 1; room <= sizeof want / sizeof *want; room++) {
		char out[32];
		size_t n = loom__clean_copy(out, room, t, sp);
		CHECK(n == strlen(want[room - 1]));
		CHECK_STR(out, want[room - 1]);
	}
}

TEST(text__lines_crlf)
{
	const char t[] = "one\r\ntwo\nthree";
	size_t pos = 0;
	loom_span l;
	CHECK(loom__next_line(t, strlen(t), &pos, &l) && l.end - l.start == 3);
	CHECK(loom__next_line(t, strlen(t), &pos, &l) && !memcmp(t + l.start, "two", 3));
	CHECK(loom__next_line(t, strlen(t), &pos, &l) && l.end - l.start == 5);
	CHECK(!loom__next_line(t, strlen(t), &pos, &l));
}

/* ---- ingest (header) ------------------------------------------------------ */

typedef struct parsed_fields {
	char title[256], author[128], dateline[64], source[64], date[32];
	char body_head[48];
} parsed_fields;

static void span_str(char *dst, size_t n, const char *t, loom_span sp)
{
	if (sp.end <= sp.start) {
		dst[0] = '\0';
		return;
	}
	loom__clean_copy(dst, n, t, sp);
}

/* Parses t as a crawled article and returns the fields as strings; empty
 * string = absent. body_head: the first words that matching would see. */
static parsed_fields parse(const char *t)
{
	parsed_fields f;
	loom_mem mem = {0};
	loom_arena a;
	loom_parsed p;
	loom__arena_init(&a, &mem, 4096);
	memset(&f, 0, sizeof f);
	size_t len = strlen(t);
	if (loom__parse_header(&p, t, len, 1, &a) == 0 &&
	    loom__clean_body(&p, t, len, &a) == 0) {
		span_str(f.title, sizeof f.title, t, p.title);
		span_str(f.author, sizeof f.author, t, p.author);
		span_str(f.dateline, sizeof f.dateline, t, p.dateline);
		span_str(f.source, sizeof f.source, t, p.source);
		if (p.has_date)
			snprintf(f.date, sizeof f.date, "%s", p.date.iso);
		/* first 40 bytes of body outside skips */
		size_t o = 0, k = 0;
		for (size_t i = p.body.start; i < p.body.end && o < 40;) {
			while (k < p.nskips && p.skips[k].end <= i)
				k++;
			if (k < p.nskips && p.skips[k].start <= i) {
				i = p.skips[k].end;
				continue;
			}
			f.body_head[o++] = t[i++];
		}
		f.body_head[o] = '\0';
	}
	loom__arena_release(&a);
	return f;
}

TEST(ingest__residue_title_body)
{
	parsed_fields f = parse(" date 2024-03-02 200\nPort strike halts Valdoria\n"
				"Workers walked out on Monday. The port was closed.\n");
	CHECK_STR(f.date, "2024-03-02");
	CHECK_STR(f.title, "Port strike halts Valdoria");
	CHECK(!strncmp(f.body_head, "Workers walked", 14));
}

TEST(ingest__residue_with_body_on_same_line)
{
	parsed_fields f = parse(" date 2024-03-02 200 Workers walked out on Monday in Valdoria.\n"
				"The port was closed all day.\n");
	CHECK_STR(f.date, "2024-03-02");
	CHECK_STR(f.title, "");
	CHECK(!strncmp(f.body_head, "Workers walked", 14));
}

TEST(ingest__dateline_alone_no_title)
{
	parsed_fields f = parse("NAIROBI\nThe council met on Friday to vote on the budget.\n"
				"It passed with a narrow majority.\n");
	CHECK_STR(f.title, "");
	CHECK_STR(f.dateline, "NAIROBI");
	CHECK(!strncmp(f.body_head, "\nThe council", 12) || !strncmp(f.body_head, "The council", 11));
}

TEST(ingest__dateline_prefix_with_agency)
{
	parsed_fields f = parse("BERLIN, March 2 (Reuters) - The council met on Friday.\n"
				"It passed the budget.\n");
	CHECK_STR(f.title, "");
	CHECK_STR(f.dateline, "BERLIN");
	CHECK_STR(f.source, "Reuters");
	CHECK(!strncmp(f.body_head, "The council", 11));
}

TEST(ingest__title_blank_body)
{
	parsed_fields f = parse("Council passes budget\n\nThe council met on Friday.\n");
	CHECK_STR(f.title, "Council passes budget");
	CHECK_STR(f.author, "");
	CHECK_STR(f.date, "");
}

TEST(ingest__metadata_value_on_next_line)
{
	parsed_fields f = parse("Council passes budget\n- Author:\n- Maria Lopez\n- Date:\n"
				"- 2024-03-04\nThe council met on Friday.\n");
	CHECK_STR(f.title, "Council passes budget");
	CHECK_STR(f.author, "Maria Lopez");
	CHECK_STR(f.date, "2024-03-04");
	CHECK(!strncmp(f.body_head, "The council", 11));
}

TEST(ingest__metadata_same_line_and_missing)
{
	parsed_fields f = parse("Council passes budget\n- Author: Tomas Reyes\n"
				"- Date: March 4, 2024\nThe council met on Friday.\n");
	CHECK_STR(f.author, "Tomas Reyes");
	CHECK_STR(f.date, "2024-03-04");
	f = parse("Council passes budget\n- Author:\n- Date:\nThe council met on Friday.\n");
	CHECK_STR(f.author, "");
	CHECK_STR(f.date, "");
	CHECK(!strncmp(f.body_head, "The council", 11));
}

TEST(ingest__prose_first_line_is_not_a_title)
{
	parsed_fields f = parse("The council met on Friday to vote on the budget for the coming year.\n"
				"It passed with a narrow majority.\n");
	CHECK_STR(f.title, "");
	f = parse("Only one line here\n");
	CHECK_STR(f.title, "");
}

TEST(ingest__bom_and_crlf)
{
	parsed_fields f = parse("\xEF\xBB\xBFHarbour talks resume\r\n\r\nThe talks resumed today.\r\n");
	CHECK_STR(f.title, "Harbour talks resume");
}

/* ---- clean ---------------------------------------------------------------- */

TEST(clean__trailers_and_attribution)
{
	parsed_fields f = parse("Strike ends\n\nThe strike ended on Monday, reports Valdoria Daily.\n"
				"Read more: Port talks collapse\n"
				"For more news on the region, please follow us on X.\n");
	CHECK_STR(f.source, "Valdoria Daily");
	/* the attribution and trailers are not matched */
	CHECK(strstr(f.body_head, "reports") == NULL);
	CHECK(strstr(f.body_head, "Read more") == NULL);
}

TEST(clean__agency_tag_at_paragraph_start)
{
	parsed_fields f = parse("Strike ends\n\n(MENAFN) The strike ended on Monday.\nMore text here.\n");
	CHECK_STR(f.source, "MENAFN");
	CHECK(!strncmp(f.body_head, "The strike", 10));
}

/* ---- norm ----------------------------------------------------------------- */

static uint64_t one_word(const char *w)
{
	uint64_t h[4];
	loom_span sp = {0, strlen(w)};
	size_t n = loom__words(h, NULL, 0, 4, w, sp, NULL, 0);
	return n == 1 ? h[0] : 0;
}

TEST(norm__case_and_compatibility_forms)
{
	CHECK(one_word("Novak") == one_word("NOVAK"));
	CHECK(one_word("\xef\xac\x81nance") == one_word("finance")); /* ﬁ ligature */
	CHECK(one_word("\xef\xbc\xa1\xef\xbc\xa2") == one_word("ab"));  /* full width */
	CHECK(one_word("Stra\xc3\x9f" "e") == one_word("strasse"));    /* ß folds */
	CHECK(one_word("we\xe2\x80\x99re") == one_word("we're"));      /* ’ */
	CHECK(one_word("Zo\xc3\xab") == one_word("Zoe\xcc\x88"));      /* NFC = NFD */
	CHECK(one_word("Zo\xc3\xab") != one_word("Zoe"));
}

/* A word's hash is loom__word_hash of its normalised bytes, whichever
 * path made it: the 16-byte block under 16 bytes, the bytes from 16 on,
 * read in place or from a copy at the end of a text. */
TEST(norm__word_hash_same_on_every_path)
{
	static const char *words[] = {"a", "Novak", "EIGHTCHR", "ninechars", "fifteen1234567x",
				      "sixteen123456789", "seventeen12345678"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		char low[32], text[64];
		size_t n = strlen(words[i]);
		for (size_t k = 0; k <= n; k++)
			low[k] = (char)(words[i][k] >= 'A' && words[i][k] <= 'Z' ? words[i][k] + 32
										    : words[i][k]);
		uint64_t want = loom__word_hash(low, n);
		/* alone (no 16 bytes to read past it) and inside a longer text */
		CHECK(one_word(words[i]) == want);
		snprintf(text, sizeof text, "%s and more words after it", words[i]);
		uint64_t h[16];
		size_t got = loom__words(h, NULL, 0, 16, text, (loom_span){0, strlen(text)}, NULL, 0);
		CHECK(got > 1 && h[0] == want);
	}
	/* a word that is not ASCII hashes its NFKC form the same way */
	CHECK(one_word("Caf\xc3\xa9") == loom__word_hash("caf\xc3\xa9", 5));
	/* the length is part of the block: no word is another padded */
	CHECK(loom__word_hash("ab", 2) != loom__word_hash("ab\0", 3));
}

TEST(norm__punctuation_separates)
{
	uint64_t h[16];
	const char *t = "well-known \xe2\x80\x9cquote\xe2\x80\x9d \xe2\x80\x94 2,000 'x'";
	loom_span sp = {0, strlen(t)};
	size_t n = loom__words(h, NULL, 0, 16, t, sp, NULL, 0);
	CHECK(n == 6); /* well known quote 2 000 x */
	CHECK(h[2] == one_word("quote"));
}

TEST(norm__skips_and_invalid_bytes)
{
	uint64_t h[16];
	const char *t = "alpha beta gamma \xff\xfe delta";
	loom_span skip = {6, 11}; /* "beta " */
	loom_span sp = {0, strlen(t)};
	size_t n = loom__words(h, NULL, 0, 16, t, sp, &skip, 1);
	CHECK(n == 3);
	CHECK(h[1] == one_word("gamma"));
}

/* The words the tokens give (loom__words_of_tokens) against the scan's own
 * (loom__words) over text[span) with the skip spans: the same hashes and
 * the same lead spans, and the count. Returns the count, or -1 when the
 * two differ. */
static long words_both_ways(const char *text, loom_span span, const loom_span *skips,
			    size_t nskips)
{
	loom_mem mem = {0};
	loom_arena a;
	loom__arena_init(&a, &mem, 4096);
	loom_tokens tk;
	size_t cap = (span.end - span.start) / 2 + 1;
	uint64_t *h1 = malloc(cap * sizeof *h1), *h2 = malloc(cap * sizeof *h2);
	loom_span *s1 = calloc(cap, sizeof *s1), *s2 = calloc(cap, sizeof *s2);
	long n = -1;
	if (h1 && h2 && s1 && s2 && loom__tokenize(&tk, text, span, skips, nskips, &a) == 0) {
		size_t n1 = loom__words(h1, s1, cap, cap, text, span, skips, nskips);
		size_t n2 = loom__words_of_tokens(h2, s2, cap, cap, text, span, skips,
						  nskips, &tk);
		if (n1 == n2 && !memcmp(h1, h2, n1 * sizeof *h1) &&
		    !memcmp(s1, s2, n1 * sizeof *s1))
			n = (long)n1;
	}
	free(h1), free(h2), free(s1), free(s2);
	loom__arena_release(&a);
	return n;
}

static long words_both_ways_whole(const char *text)
{
	return words_both_ways(text, (loom_span){0, strlen(text)}, NULL, 0);
}

/* The word pass takes the words of plain tokens from the tokenizer and
 * scans only what lies around the others: every way a token's words can
 * differ from the scan's must come out the same. */
TEST(words__tokens_give_the_scans_words)
{
	CHECK(words_both_ways_whole("Jana Novak said on Tuesday.") == 5);
	/* hyphens split, periods of abbreviations and initials go */
	CHECK(words_both_ways_whole("Mr. al-Assad met U.S. and U.N. envoys, J. Smith.") == 12);
	/* possessives straight and curly, apostrophes inside and around */
	CHECK(words_both_ways_whole("Novak's rock'n'roll, Novak\xe2\x80\x99s 'tis 'quoted' x' y") == 7);
	CHECK(words_both_ways_whole("O'Neill's 1990's don''t it'") == 5);
	/* letters past ASCII, and marks that are words to the scan but not
	 * to the tokenizer: ½ (No), Ⅻ (Nl), a lone combining mark, ʼ and ‘
	 * and ′ between letters */
	CHECK(words_both_ways_whole("caf\xc3\xa9 \xc3\xa9t\xc3\xa9 l'\xc3\xa9t\xc3\xa9 5\xc2\xbdkg x'\xc2\xbd") >= 5);
	CHECK(words_both_ways_whole("\xe2\x85\xabth \xcc\x81" "abc don\xca\xbct don\xe2\x80\x98t 5\xe2\x80\xb2x") >= 5);
	CHECK(words_both_ways_whole("\xe2\x80\x9cWe stay,\xe2\x80\x9d she said \xe2\x80\x94 2,000 times") == 7);
	/* invalid bytes, NUL, spaces past ASCII */
	static const char bad[] = "ab\xff" "cd \xc3 ef\x00gh\xc2\xa0ij";
	CHECK(words_both_ways(bad, (loom_span){0, sizeof bad - 1}, NULL, 0) == 5);
	/* a word longer than the scan takes whole is cut where the scan cuts it */
	char longw[700];
	memset(longw, 'a', sizeof longw - 1);
	longw[sizeof longw - 1] = 0;
	longw[300] = ' ';
	CHECK(words_both_ways_whole(longw) == 4); /* 256 + 44, 256 + 143 */
	/* skip spans: between words, inside a word, right after one, and
	 * two that overlap */
	const char *t = "alpha beta gamma delta epsilon zeta eta";
	loom_span inside[] = {{8, 14}, {20, 31}};
	CHECK(words_both_ways(t, (loom_span){0, strlen(t)}, inside, 2) >= 4);
	loom_span edges[] = {{5, 6}, {16, 17}, {17, 23}, {20, 26}};
	CHECK(words_both_ways(t, (loom_span){0, strlen(t)}, edges, 4) >= 5);
	loom_span at_start[] = {{0, 3}};
	CHECK(words_both_ways(t, (loom_span){0, strlen(t)}, at_start, 1) >= 6);
	/* a span that starts inside a word */
	CHECK(words_both_ways(t, (loom_span){2, strlen(t)}, NULL, 0) == 7);
	CHECK(words_both_ways_whole("") == 0);
	CHECK(words_both_ways_whole(" - -- ... \xe2\x80\x94 ") == 0);
}

/* ---- shingle -------------------------------------------------------------- */

TEST(shingle__samples_are_subsets_and_sorted)
{
	loom_mem mem = {0};
	loom_arena a;
	loom__arena_init(&a, &mem, 1 << 16);
	uint64_t w[2000];
	for (size_t i = 0; i < 2000; i++)
		w[i] = i * 0x9E3779B97F4A7C15ULL + 7;
	loom_shingles s;
	loom_shingle_params p = {5, 2, 4, 256};
	REQUIRE(loom__shingle(&s, &p, w, 2000, &a) == 0);
	CHECK(s.shingles == 1996);
	/* about 1/4 and 1/16 of the shingles */
	CHECK(s.nsketch > 400 && s.nsketch < 600);
	CHECK(s.nanchors > 80 && s.nanchors < 170);
	for (size_t i = 1; i < s.nsketch; i++)
		CHECK(s.sketch[i - 1] < s.sketch[i]);
	for (size_t i = 1; i < s.nanchors; i++)
		CHECK(s.anchors[i - 1] < s.anchors[i]);
	loom__arena_release(&a);
}

/* A text that says the same 150 words twice: its anchors (under 128,
 * the counting sort's path) come sorted, each once, and are the anchors
 * of one copy of the words and those across the seam. */
TEST(shingle__repeated_text_anchors_sorted_once)
{
	loom_mem mem = {0};
	loom_arena a;
	loom__arena_init(&a, &mem, 1 << 16);
	uint64_t w[300];
	for (size_t i = 0; i < 300; i++)
		w[i] = (i % 150) * 0x9E3779B97F4A7C15ULL + 12345;
	loom_shingle_params p = {5, 2, 3, 64};
	loom_shingles twice, once;
	REQUIRE(loom__shingle(&twice, &p, w, 300, &a) == 0);
	REQUIRE(loom__shingle(&once, &p, w, 154, &a) == 0); /* with the seam's */
	CHECK(twice.nanchors > 4 && twice.nanchors <= 128);
	for (size_t i = 1; i < twice.nanchors; i++)
		CHECK(twice.anchors[i - 1] < twice.anchors[i]);
	/* the second copy adds no shingle the first and the seam lack */
	CHECK(twice.nanchors == once.nanchors);
	for (size_t i = 0; i < once.nanchors; i++) {
		size_t j = 0;
		while (j < twice.nanchors && twice.anchors[j] != once.anchors[i])
			j++;
		CHECK(j < twice.nanchors);
	}
	loom__arena_release(&a);
}

TEST(shingle__short_text_has_a_shingle)
{
	loom_mem mem = {0};
	loom_arena a;
	loom__arena_init(&a, &mem, 4096);
	uint64_t w[3] = {1, 2, 3};
	loom_shingles s;
	loom_shingle_params p = {5, 0, 0, 256};
	REQUIRE(loom__shingle(&s, &p, w, 3, &a) == 0);
	CHECK(s.shingles == 1 && s.nsketch == 1 && s.nanchors == 1);
	loom__arena_release(&a);
}

/* ---- index and map -------------------------------------------------------- */

TEST(index__finds_and_caps_postings)
{
	loom_mem mem = {0};
	loom_index ix;
	loom__index_init(&ix, &mem, 3);
	uint32_t hits[64];
	uint32_t keys[2] = {42, 7};
	for (uint32_t art = 0; art < 5; art++) {
		REQUIRE(loom__index_reserve(&ix, 2) == 0);
		size_t n = loom__index_probe_add(&ix, keys, 2, art, hits);
		/* a key held by 3 articles is boilerplate and reports nothing */
		CHECK(n == (art < 3 ? 2 * art : 0));
	}
	CHECK(ix.count == 6);
	/* grow with entries inside: all still found */
	for (uint32_t k = 100; k < 5000; k++) {
		REQUIRE(loom__index_reserve(&ix, 1) == 0);
		loom__index_probe_add(&ix, &k, 1, k, hits);
	}
	/* while a grown table is being filled from the old one, every key
	 * is still found exactly once */
	for (uint32_t k = 100; k < 5000; k += 7) {
		uint32_t probe_key = k;
		REQUIRE(loom__index_reserve(&ix, 1) == 0);
		size_t got = loom__index_probe_add(&ix, &probe_key, 1, 100000 + k, hits);
		CHECK(got == 1 && hits[0] == k);
	}
	uint32_t probe = 1234;
	REQUIRE(loom__index_reserve(&ix, 1) == 0);
	CHECK(loom__index_probe_add(&ix, &probe, 1, 9999, hits) == 2);
	loom__index_free(&ix);
	CHECK(mem.live_blocks == 0);
}

TEST(map__multimap)
{
	loom_mem mem = {0};
	loom_map m;
	loom__map_init(&m, &mem);
	for (uint32_t i = 0; i < 1000; i++) {
		REQUIRE(loom__map_reserve(&m) == 0);
		loom__map_add(&m, i % 10, i);
	}
	size_t cur = 0, n = 0;
	uint32_t v;
	while (loom__map_next(&m, 3, &cur, &v)) {
		CHECK(v % 10 == 3);
		n++;
	}
	CHECK(n == 100);
	cur = 0;
	CHECK(!loom__map_next(&m, 12345, &cur, &v));
	/* while a grown table fills from the old one, each value is seen
	 * exactly once */
	for (uint32_t i = 1000; i < 5000; i++) {
		REQUIRE(loom__map_reserve(&m) == 0);
		loom__map_add(&m, i, i);
		size_t c2 = 0, seen = 0;
		uint32_t got;
		uint64_t probe = (i % 7 == 0 || i < 1500) ? 3 : (uint64_t)(i - 500);
		while (loom__map_next(&m, probe, &c2, &got))
			seen++;
		CHECK(seen == (probe == 3 ? 100 : 1));
	}
	loom__map_free(&m);
	CHECK(mem.live_blocks == 0);
}

/* ---- alloc and arena ------------------------------------------------------ */

TEST(alloc__counts_and_fails_on_demand)
{
	loom_mem mem = {0};
	void *p = loom__malloc(&mem, 100);
	CHECK(p && mem.live_bytes == 100 && mem.live_blocks == 1);
	p = loom__realloc(&mem, p, 300);
	CHECK(p && mem.live_bytes == 300);
	mem.fail_at = mem.allocations + 1;
	CHECK(loom__malloc(&mem, 10) == NULL);
	loom__free(&mem, p);
	CHECK(mem.live_bytes == 0 && mem.live_blocks == 0);
	CHECK(loom__calloc(&mem, SIZE_MAX / 2, 4) == NULL);
}

/* A copy allocated for its worst case gives back what it did not use:
 * the next allocation starts right after the bytes it kept, which stay
 * as written; an allocation that is not the latest is left alone. */
TEST(arena__latest_allocation_gives_back_its_unused_tail)
{
	loom_mem mem = {0};
	loom_arena a;
	loom__arena_init(&a, &mem, 4096);
	char *first = loom__arena_alloc(&a, 301);
	char *copy = loom__arena_alloc(&a, 3 * 40 + 1);
	REQUIRE(first && copy);
	memcpy(copy, "Foreign Minister Jana Novak of Veltrana", 40);
	loom__arena_shrink_last(&a, first, 1); /* not the latest: no effect */
	loom__arena_shrink_last(&a, copy, 40);
	char *next = loom__arena_alloc(&a, 16);
	REQUIRE(next);
	CHECK(next >= copy + 40 || next + 16 <= first);
#ifndef LOOM_DEBUG_ARENA
	CHECK(next == copy + loom__align_up(40));
	CHECK(copy >= first + 301);
#endif
	memset(next, 'x', 16);
	CHECK(!memcmp(copy, "Foreign Minister Jana Novak of Veltrana", 40));
	loom__arena_shrink_last(&a, copy, 1); /* no longer the latest */
	char *after = loom__arena_alloc(&a, 8);
	REQUIRE(after);
	CHECK(after >= next + 16 || after + 8 <= copy);
	CHECK(!memcmp(next, "xxxxxxxxxxxxxxxx", 16));
	/* text lies end to end; what follows it is aligned again */
	char *t1 = loom__arena_alloc_text(&a, 13);
	char *t2 = loom__arena_alloc_text(&a, 5);
	long double *ld = loom__arena_alloc(&a, sizeof *ld);
	REQUIRE(t1 && t2 && ld);
	memcpy(t1, "Jana Novak's", 13);
	memcpy(t2, "Novak", 5);
	*ld = 1.5L;
#ifndef LOOM_DEBUG_ARENA
	CHECK(t2 == t1 + 13);
#endif
	CHECK((uintptr_t)ld % _Alignof(max_align_t) == 0);
	CHECK(!memcmp(t1, "Jana Novak's", 13) && !memcmp(t2, "Novak", 5) && *ld == 1.5L);
	loom__arena_release(&a);
	CHECK(mem.live_blocks == 0);
#ifndef LOOM_DEBUG_ARENA
	/* a chunk whose size is not a multiple of the alignment: text
	 * larger than a chunk gets one of its own size, and an aligned
	 * allocation after it cannot fit there */
	loom__arena_init(&a, &mem, 64);
	char *big = loom__arena_alloc_text(&a, 100);
	REQUIRE(big);
	memset(big, 'b', 100);
	char *after_big = loom__arena_alloc(&a, 16);
	REQUIRE(after_big);
	CHECK(mem.live_blocks == 2 && a.used_in_head == loom__align_up(16));
	CHECK(after_big + 16 <= big || after_big >= big + 100);
	/* asked to keep more than it has, the latest keeps what it has */
	loom__arena_shrink_last(&a, after_big, 16 + 50);
	CHECK(a.used_in_head == loom__align_up(16));
	char *empty = loom__arena_alloc_text(&a, 0);
	REQUIRE(empty);
	loom__arena_shrink_last(&a, empty, 0);
	CHECK(a.used_in_head == loom__align_up(16) + 1);
	loom__arena_release(&a);
	CHECK(mem.live_blocks == 0);
#endif
}

TEST(arena__reset_keeps_one_chunk)
{
	loom_mem mem = {0};
	loom_arena a;
	loom__arena_init(&a, &mem, 1024);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 100; i++) {
			char *p = loom__arena_alloc(&a, 100);
			REQUIRE(p);
			memset(p, 'x', 100);
		}
		char *big = loom__arena_alloc(&a, 100000);
		REQUIRE(big);
		memset(big, 'y', 100000);
		loom__arena_reset(&a);
	}
	loom__arena_release(&a);
	CHECK(mem.live_blocks == 0);
}

/* Blocks of 2 MiB and more are advised for huge pages: what they hold
 * must survive growing and shrinking like any other block's. */
TEST(alloc__large_blocks_keep_their_bytes)
{
	loom_mem mem = {0};
	size_t n = (size_t)33 << 20;
	unsigned char *p = loom__calloc(&mem, n, 1);
	REQUIRE(p);
	CHECK(p[0] == 0 && p[n / 2] == 0 && p[n - 1] == 0);
	for (size_t i = 0; i < n; i += 4093)
		p[i] = (unsigned char)(i * 31 >> 3);
	unsigned char *q = loom__realloc(&mem, p, (size_t)70 << 20);
	REQUIRE(q);
	int same = 1;
	for (size_t i = 0; i < n; i += 4093)
		same &= q[i] == (unsigned char)(i * 31 >> 3);
	CHECK(same);
	q[((size_t)70 << 20) - 1] = 7;
	p = loom__realloc(&mem, q, 4096);
	REQUIRE(p);
	CHECK(p[4093] == (unsigned char)(4093 * 31 >> 3));
	CHECK(mem.live_bytes == 4096);
	loom__free(&mem, p);
	CHECK(mem.live_blocks == 0);
}

/* Heap bytes malloc holds for the program: in use in its arenas and in
 * its own mappings. */
static size_t malloc_held(void)
{
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
}

/* A store's array that grows past 2 MiB moves from malloc's memory to a
 * mapped block (one copy, malloc's block given back) and stays mapped
 * below it again: its bytes survive each move; calloc'd sizes at and
 * just past a huge page's edge read zero and can be written to the last
 * byte (the block's header shares its pages). */
TEST(alloc__block_growing_past_the_huge_page_size_keeps_its_bytes)
{
	loom_mem mem = {0};
	size_t n = (size_t)1 << 20, big = ((size_t)3 << 20) + 123;
	unsigned char *p = loom__calloc(&mem, n, 1);
	REQUIRE(p);
	for (size_t i = 0; i < n; i += 509)
		p[i] = (unsigned char)(i * 7 + 1);
	size_t held = malloc_held();
	unsigned char *q = loom__realloc(&mem, p, big);
	REQUIRE(q);
	if (loom__block_is_mapped(q))
		CHECK(malloc_held() + n / 2 < held); /* the old block went back */
	int same = 1;
	for (size_t i = 0; i < n; i += 509)
		same &= q[i] == (unsigned char)(i * 7 + 1);
	CHECK(same);
	q[big - 1] = 9;
	CHECK(mem.live_bytes == big && mem.live_blocks == 1);
	size_t edge[] = {(size_t)2 << 20, ((size_t)4 << 20) - 31, ((size_t)4 << 20) - 32};
	for (size_t k = 0; k < sizeof edge / sizeof edge[0]; k++) {
		unsigned char *z = loom__calloc(&mem, edge[k], 1);
		REQUIRE(z);
		int zero = 1;
		for (size_t i = 0; i < edge[k]; i += 4096)
			zero &= z[i] == 0;
		CHECK(zero && z[edge[k] - 1] == 0);
		z[edge[k] - 1] = 1;
		CHECK(loom__block_is_mapped(z) == loom__block_is_mapped(q));
		loom__free(&mem, z);
	}
	p = loom__realloc(&mem, q, 1000);
	REQUIRE(p);
	CHECK(p[0] == 1 && p[509] == (unsigned char)(509 * 7 + 1));
	loom__free(&mem, p);
	CHECK(mem.live_blocks == 0 && mem.live_bytes == 0);
}

/* Where large blocks are mapped (not under ASan), one from 2 MiB up is,
 * crossing there too; and where mapping fails, malloc's memory serves
 * instead of an out-of-memory error: zeroed when asked, its bytes kept
 * through growth. */
TEST(alloc__large_block_served_by_malloc_when_mapping_fails)
{
	loom_mem mem = {0};
	size_t n = (size_t)3 << 20;
	unsigned char *a = loom__calloc(&mem, n, 1);
	REQUIRE(a);
#ifndef __SANITIZE_ADDRESS__
	CHECK(loom__block_is_mapped(a));
	CHECK(((uintptr_t)a & (((uintptr_t)2 << 20) - 1)) < 64);
#endif
	loom__free(&mem, a);
	mem.no_map = 1;
	unsigned char *b = loom__calloc(&mem, n, 1);
	REQUIRE(b);
	CHECK(!loom__block_is_mapped(b));
	int zero = 1;
	for (size_t i = 0; i < n; i += 4096)
		zero &= b[i] == 0;
	CHECK(zero);
	for (size_t i = 0; i < n; i += 4093)
		b[i] = (unsigned char)(i * 5 + 3);
	unsigned char *c = loom__realloc(&mem, b, 2 * n);
	REQUIRE(c);
	CHECK(!loom__block_is_mapped(c));
	int same = 1;
	for (size_t i = 0; i < n; i += 4093)
		same &= c[i] == (unsigned char)(i * 5 + 3);
	CHECK(same);
	c[2 * n - 1] = 1;
	loom__free(&mem, c);
	CHECK(mem.live_blocks == 0 && mem.live_bytes == 0);
}

/* Blocks of 2 MiB and more are mapped on huge-page boundaries and
 * grow by moving their pages (alloc.c). Two of them grown in turn, each
 * in the way of the other's growth in place, and then shrunk: every
 * byte written stays, fresh memory reads zero, the counts come back. */
TEST(alloc__mapped_blocks_grow_and_shrink_with_their_bytes)
{
	loom_mem mem = {0};
	size_t size[2] = {(size_t)33 << 20, (size_t)40 << 20};
	unsigned char *b[2];
	for (int k = 0; k < 2; k++) {
		REQUIRE(b[k] = loom__calloc(&mem, size[k], 1));
		for (size_t i = 0; i < size[k]; i += 4093)
			b[k][i] = (unsigned char)(i * 13 + k);
	}
	int kept = 1, zero = 1;
	for (int round = 0; round < 2; round++)
		for (int k = 0; k < 2; k++) {
			size_t grown = size[k] * 2 + 12345;
			unsigned char *q = loom__realloc(&mem, b[k], grown);
			REQUIRE(q);
			for (size_t i = 0; i < size[k]; i += 4093)
				kept &= q[i] == (unsigned char)(i * 13 + k);
			/* realloc leaves the new bytes unspecified: set them */
			memset(q + size[k], 0, grown - size[k]);
			for (size_t i = (size[k] + 4092) / 4093 * 4093; i < grown; i += 4093)
				q[i] = (unsigned char)(i * 13 + k);
			b[k] = q;
			size[k] = grown;
		}
	CHECK(kept);
	CHECK(mem.live_bytes == size[0] + size[1]);
	unsigned char *small = loom__realloc(&mem, b[0], 5000);
	REQUIRE(small);
	CHECK(small[0] == 0 && small[4093] == (unsigned char)(4093 * 13));
	unsigned char *fresh = loom__calloc(&mem, (size_t)48 << 20, 1);
	REQUIRE(fresh);
	for (size_t i = 0; i < ((size_t)48 << 20); i += 4096)
		zero &= fresh[i] == 0;
	CHECK(zero);
	CHECK(mem.live_blocks == 3);
	loom__free(&mem, fresh);
	loom__free(&mem, small);
	loom__free(&mem, b[1]);
	CHECK(mem.live_blocks == 0 && mem.live_bytes == 0);
}

/* Bug: before Linux 6.17 mremap moves one mapping at most, and a mapped
 * block is mostly two (its last, partial huge page has no huge-page
 * advice), so growing one past the range free after it failed as out
 * of memory on Debian 12's kernel. With mremap taken as failing, a
 * block still grows, three times over, with every byte it held. */
TEST(alloc__mapped_block_grows_where_mremap_cannot_move_it)
{
	loom_mem mem = {0};
	mem.no_remap = 1;
	size_t size = (size_t)33 << 20;
	unsigned char *b = loom__calloc(&mem, size, 1);
	REQUIRE(b);
	for (size_t i = 0; i < size; i += 4093)
		b[i] = (unsigned char)(i * 7 + 1);
	size_t filled = size;
	int kept = 1;
	for (int round = 0; round < 3; round++) {
		size_t grown = size * 2 + 777;
		unsigned char *q = loom__realloc(&mem, b, grown);
		REQUIRE(q);
		for (size_t i = 0; i < filled; i += 4093)
			kept &= q[i] == (unsigned char)(i * 7 + 1);
		q[grown - 1] = 9;
		b = q;
		size = grown;
	}
	CHECK(kept);
	CHECK(b[size - 1] == 9);
	CHECK(mem.live_bytes == size && mem.live_blocks == 1);
	loom__free(&mem, b);
	CHECK(mem.live_blocks == 0 && mem.live_bytes == 0);
}

/* The entity store's array: each record two whole cache lines, so the
 * array must start on a line however realloc moves it. Small blocks
 * taken between growths keep realloc from growing in place, and a
 * failed growth must leave the items where and as they were. */
TEST(alloc__line_array_keeps_items_on_lines)
{
	typedef struct { uint32_t v[32]; } item; /* 128 bytes */
	loom_mem mem = {0};
	void *block = NULL, *items = NULL, *small[40];
	size_t cap = 0, n = 0, nsmall = 0, moved_offsets = 0;
	uintptr_t last_shift = 0;
	int aligned = 1, kept = 1;
	for (size_t need = 1; need <= 300000; need = need * 3 / 2 + 1) {
		REQUIRE(loom__grow_lines(&mem, &block, &items, &cap, need, sizeof(item)) == 0);
		REQUIRE(cap >= need);
		aligned &= ((uintptr_t)items % LOOM_LINE) == 0;
		uintptr_t shift = (uintptr_t)items - (uintptr_t)block;
		moved_offsets += n && shift != last_shift;
		last_shift = shift;
		item *it = items;
		for (size_t i = 0; i < n; i++)
			kept &= it[i].v[0] == (uint32_t)i * 7 && it[i].v[31] == (uint32_t)i;
		for (; n < need; n++) {
			it[n].v[0] = (uint32_t)n * 7;
			it[n].v[31] = (uint32_t)n;
		}
		if (nsmall < 40) {
			small[nsmall] = loom__malloc(&mem, 24 + nsmall * 8);
			REQUIRE(small[nsmall]);
			nsmall++;
		}
	}
	CHECK(aligned);
	CHECK(kept);
	/* the block moves to another offset in a line when it turns to a
	 * mapping of its own (alloc.c, from 2 MiB; the last sizes here, 38 MB);
	 * ASan's allocator never does, so that the move happened is
	 * reported, not required */
	if (!moved_offsets)
		fprintf(stderr, "  note: realloc kept the offset; the move path was not run\n");
#ifdef LOOM_TEST
	void *was = items;
	size_t was_cap = cap;
	mem.fail_at = mem.allocations + 1;
	CHECK(loom__grow_lines(&mem, &block, &items, &cap, cap + 1, sizeof(item)) == -1);
	mem.fail_at = 0;
	CHECK(items == was && cap == was_cap);
	CHECK(((item *)items)[n - 1].v[31] == (uint32_t)(n - 1));
#endif
	for (size_t i = 0; i < nsmall; i++)
		loom__free(&mem, small[i]);
	loom__free(&mem, block);
	CHECK(mem.live_blocks == 0);
}

/* The engine's pool: many small strings over a long run. Its chunks grow
 * so that a big pool is a few big blocks, but never by more than half of
 * what it holds, so a small pool wastes little. */
TEST(arena__growing_chunks_stay_bounded)
{
	loom_mem mem = {0};
	loom_arena a;
	loom__arena_init_growing(&a, &mem, 1024, 64 * 1024);
	size_t used = 0;
	char *first = NULL, *last = NULL;
	for (int i = 0; i < 20000; i++) {
		size_t n = 16 + (size_t)(i % 7) * 16;
		char *p = loom__arena_alloc(&a, n);
		REQUIRE(p);
		memset(p, i & 0xff, n);
		if (!first)
			first = p;
		last = p;
		used += n;
	}
	CHECK(first[0] == 0 && last[0] == (char)(19999 & 0xff));
#ifndef LOOM_DEBUG_ARENA
	/* fixed 1 KiB chunks would be over a thousand blocks */
	CHECK(mem.live_blocks < 40);
	/* what is held: what was used, the last chunk's unused part (at most
	 * half of the rest), and the tails each chunk could not fit */
	CHECK(mem.live_bytes < used + used / 2 + 40 * 128);
	CHECK(a.chunk_size == 64 * 1024);
#endif
	loom__arena_release(&a);
	CHECK(mem.live_blocks == 0 && mem.live_bytes == 0);
}

/* Story centroids come and go: a freed one is taken again before the
 * slab grows, and live items never overlap. */
TEST(slab__freed_items_are_taken_first)
{
	loom_mem mem = {0};
	loom_slab s;
	loom__slab_init(&s, &mem, 960, 4096, 64 * 1024);
	enum { N = 300 };
	unsigned char *item[N];
	for (int i = 0; i < N; i++) {
		REQUIRE(item[i] = loom__slab_alloc(&s));
		CHECK(((uintptr_t)item[i] & (_Alignof(max_align_t) - 1)) == 0);
		memset(item[i], i & 0xff, 960);
	}
	size_t held = mem.live_bytes;
	for (int i = 0; i < N; i += 2)
		loom__slab_free(&s, item[i]);
	for (int i = 0; i < N; i += 2)
		REQUIRE(item[i] = loom__slab_alloc(&s));
#ifndef LOOM_DEBUG_ARENA
	CHECK(mem.live_bytes == held); /* no new block */
	CHECK(mem.live_blocks < 16);
#else
	(void)held;
#endif
	for (int i = 0; i < N; i += 2)
		memset(item[i], 0xee, 960);
	int intact = 1;
	for (int i = 1; i < N; i += 2)
		for (int k = 0; k < 960; k++)
			intact &= item[i][k] == (i & 0xff);
	CHECK(intact);
	for (int i = 0; i < N; i++)
		loom__slab_free(&s, item[i]);
	loom__slab_release(&s);
	CHECK(mem.live_blocks == 0 && mem.live_bytes == 0);
	/* usable again after the release */
	void *again = loom__slab_alloc(&s);
	CHECK(again != NULL);
	loom__slab_free(&s, again);
	loom__slab_release(&s);
	CHECK(mem.live_blocks == 0);
}

/* bench finding: "RTRS - ..." headline slugs were read as datelines, so
 * the title went into the body and exact copies came out "near" */
TEST(ingest__headline_slug_is_a_title_not_a_dateline)
{
	parsed_fields f = parse("UPDATE 2 - Talks resume in Valdoria\n\n"
				"The talks resumed on Monday after a week.\n");
	CHECK_STR(f.title, "UPDATE 2 - Talks resume in Valdoria");
	CHECK_STR(f.dateline, "");
	f = parse("NAIROBI - The council met on Friday and passed the budget.\n"
		  "It was a narrow vote.\n");
	CHECK_STR(f.dateline, "NAIROBI");
	CHECK(!strncmp(f.body_head, "The council", 11));
}

/* review finding: a span of one NBSP byte made loom__trim read s[-1] */
TEST(text__trim_lone_nbsp_byte_stays_in_bounds)
{
	char *t = malloc(1);
	REQUIRE(t);
	t[0] = (char)0xA0;
	loom_span sp = loom__trim(t, (loom_span){0, 1});
	CHECK(sp.end - sp.start == 1);
	free(t);
}

/* review finding: 16-bit fingerprints of a huge article meet those of any
 * other text by chance; the verdict must not call that a copy */
TEST(copies__chance_matches_of_huge_sketches_are_discounted)
{
	static uint16_t big[60000], small[400];
	for (size_t i = 0; i < 60000; i++)
		big[i] = (uint16_t)(i + i / 12); /* 60000 of 65536 values */
	for (size_t i = 0; i < 400; i++)
		small[i] = (uint16_t)(i * 163);
	/* keep both sorted and unique */
	for (size_t i = 1; i < 400; i++)
		if (small[i] <= small[i - 1])
			small[i] = (uint16_t)(small[i - 1] + 1);
	loom_copy_side a = {small, 400, 1, 400, 0, {0}};
	loom_copy_side b = {big, 60000, 2, 60000, 0, {0}};
	loom_options o = LOOM_OPTIONS_INIT;
	loom_copy_verdict v;
	loom__copy_judge(&v, &o, &a, &b);
	CHECK(v.kind == LOOM_COPY_NONE || v.containment < 0.5);
}

/* The stem cache is keyed by a word's case-folded form, and a number's
 * term was hashed from its raw bytes: "1990S" and "1990s" shared a cache
 * entry but not a term, so a text's terms depended on which spelling the
 * cache had met first. A term is now a function of the folded form. */
static uint32_t fresh_word_term(const char *w)
{
	loom_mem mem = {0};
	loom_options o = LOOM_OPTIONS_INIT;
	loom_stories st;
	if (loom__stories_init(&st, &mem, &o, 1))
		return 0;
	uint32_t t = loom__story_word_term(&st, w, strlen(w));
	loom__stories_free(&st);
	return t;
}

TEST(story__a_term_does_not_depend_on_what_the_stem_cache_saw_first)
{
	uint32_t upper = fresh_word_term("1990S"), lower = fresh_word_term("1990s");
	REQUIRE(upper && lower);
	CHECK(upper == lower);
	CHECK(fresh_word_term("Reports") == fresh_word_term("reports"));
	CHECK(fresh_word_term("3D") != fresh_word_term("3E"));
}

/* The tokens of a whole text, in arena a (initialised here). */
static int tokens_of(loom_tokens *tk, const char *text, loom_arena *a, loom_mem *mem)
{
	loom__arena_init(a, mem, 4096);
	return loom__tokenize(tk, text, (loom_span){0, strlen(text)}, NULL, 0, a);
}

/* An abbreviation keeps its period and ends no sentence, in any case and
 * at the very end of the text; a word that is none ("Novak.") ends one. */
TEST(tokens__abbreviations_keep_their_period)
{
	static const char text[] = "GEN. Novak met Mr. Lasko. Then st.";
	loom_tokens tk;
	loom_mem mem = {0};
	loom_arena a;
	REQUIRE(tokens_of(&tk, text, &a, &mem) == 0);
	/* GEN. | Novak | met | Mr. | Lasko | . | Then | st. */
	REQUIRE(tk.n == 8);
	CHECK(tk.tok[0].end == 4);
	CHECK(!(tk.tok[1].flags & LOOM_TF_SENT));
	CHECK(tk.tok[3].end - tk.tok[3].start == 3);
	CHECK(!(tk.tok[4].flags & LOOM_TF_SENT));
	CHECK(tk.tok[5].kind == LOOM_TOK_PUNCT);
	CHECK(tk.tok[6].flags & LOOM_TF_SENT);
	CHECK(tk.tok[7].end == sizeof text - 1); /* "st." read to the end */
	loom__arena_release(&a);
}

/* Input a user sends that makes a token of every byte (punctuation, a
 * run of one-letter words) holds three times more tokens than the list
 * is first given room for: it grows, also when a title's tokens came
 * first in the same list, and the paragraph records follow the lines. */
TEST(tokens__more_tokens_than_reserved)
{
	enum { LINES = 40, WIDTH = 60 };
	static char text[LINES * (WIDTH + 1) + 1];
	size_t at = 0;
	for (size_t l = 0; l < LINES; l++) {
		for (size_t c = 0; c < WIDTH; c++)
			text[at++] = l % 2 ? ",;.!?"[c % 5] : (c % 2 ? ' ' : 'a');
		text[at++] = '\n';
	}
	text[at] = '\0';
	loom_mem mem = {0};
	loom_arena a;
	loom__arena_init(&a, &mem, 4096);
	loom_tokens tk;
	const char *title = "A title";
	REQUIRE(loom__tokens_reserve(&tk, loom__tokens_expected(strlen(title) + at), &a) == 0);
	size_t room = tk.cap;
	REQUIRE(loom__tokenize_more(&tk, title, (loom_span){0, strlen(title)}, NULL, 0, &a) == 0);
	REQUIRE(tk.n == 2);
	REQUIRE(loom__tokenize_more(&tk, text, (loom_span){0, at}, NULL, 0, &a) == 0);
	/* 30 words on each even line, 60 marks on each odd one */
	CHECK(tk.n == 2 + LINES / 2 * (WIDTH / 2 + WIDTH));
	CHECK(tk.n > room);
	REQUIRE(tk.npara == 1 + LINES);
	CHECK(tk.para[0].first == 0 && tk.para[1].first == 2);
	for (size_t p = 1; p < tk.npara; p++) {
		CHECK(tk.tok[tk.para[p].first].flags & LOOM_TF_PARA);
		/* one-letter words count for no headline */
		CHECK(tk.para[p].words == 0);
	}
	CHECK(tk.tok[2].flags & LOOM_TF_SPACE_BEFORE); /* the body's first */
	loom__arena_release(&a);
}

/* A possessive ending ('s, ’s, any case) is cut off the word and
 * flagged; a word that merely ends in s, an "s" after a lone apostrophe,
 * and words at the very start of the text (read another way) are not. */
TEST(tokens__possessive_endings_branch_free_and_at_the_start)
{
	static const struct {
		const char *text;
		size_t tok;       /* the token checked */
		uint32_t len;     /* its length without the ending */
		int possessive;
	} cases[] = {
		{"Al's", 0, 2, 1},
		{"A's", 0, 1, 1},
		{"'s", 1, 1, 0},           /* ' | s */
		{"Is it", 0, 2, 0},
		{"Novak's aides", 0, 5, 1},
		{"NOVAK'S aides", 0, 5, 1},
		{"Monday\xe2\x80\x99s plan", 0, 6, 1},
		{"the X\xe2\x80\x99s", 1, 1, 1},
		{"the Xy\xe2\x80\x99s", 1, 2, 1},
		{"he met the bosses", 3, 6, 0},
		{"we saw ' s here", 3, 1, 0},
		{"it is Jones'", 2, 5, 0},
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		loom_tokens tk;
		loom_mem mem = {0};
		loom_arena a;
		REQUIRE(tokens_of(&tk, cases[c].text, &a, &mem) == 0);
		REQUIRE(tk.n > cases[c].tok);
		const loom_token *t = &tk.tok[cases[c].tok];
		CHECK(t->kind == LOOM_TOK_WORD);
		CHECK(t->end - t->start == cases[c].len);
		CHECK(!!(t->flags & LOOM_TF_POSSESSIVE) == cases[c].possessive);
		if (t->end - t->start != cases[c].len ||
		    !!(t->flags & LOOM_TF_POSSESSIVE) != cases[c].possessive)
			fprintf(stderr, "  case %zu: \"%s\"\n", c, cases[c].text);
		loom__arena_release(&a);
	}
}

/* The space after a token is taken with the token (tokens.c), but not
 * from inside a skip span: a span that is that one space still starts a
 * new paragraph after it. A token after a space is flagged, and a token
 * glued to the one before ("said," / ",") is not. */
TEST(tokens__space_flags_and_a_skip_span_on_one_space)
{
	static const char text[] = "Novak said, \"We stay\" A B";
	loom_span skip = {23, 24}; /* the space between A and B */
	REQUIRE(text[23] == ' ');
	loom_mem mem = {0};
	loom_arena a;
	loom__arena_init(&a, &mem, 4096);
	loom_tokens tk;
	REQUIRE(loom__tokenize(&tk, text, (loom_span){0, sizeof text - 1}, &skip, 1, &a) == 0);
	/* Novak | said | , | " | We | stay | " | A | B */
	REQUIRE(tk.n == 9);
	CHECK(tk.tok[0].flags & LOOM_TF_PARA);
	CHECK(tk.tok[1].flags & LOOM_TF_SPACE_BEFORE);
	CHECK(!(tk.tok[2].flags & LOOM_TF_SPACE_BEFORE)); /* "said," */
	CHECK(tk.tok[3].flags & LOOM_TF_SPACE_BEFORE);
	CHECK(!(tk.tok[4].flags & LOOM_TF_SPACE_BEFORE)); /* "We after the mark */
	CHECK(tk.tok[4].flags & LOOM_TF_SENT);
	CHECK(!(tk.tok[7].flags & LOOM_TF_PARA));
	CHECK(tk.tok[8].flags & LOOM_TF_PARA); /* after the skip span */
	CHECK(tk.tok[8].flags & LOOM_TF_SENT);
	CHECK(tk.tok[8].flags & LOOM_TF_SPACE_BEFORE);
	loom__arena_release(&a);
}

/* The word tables reach the tokens through the generated lexicon: each
 * table's words carry its flag, in any case, and words of no table do
 * not. */
TEST(tokens__word_tables_in_the_lexicon)
{
	static const char text[] =
		"Foreign Minister Jana Novak said in Ministry of Water talks, "
		"according to the spokesman, that Monday\xe2\x80\x99s plan stood.";
	loom_tokens tk;
	loom_mem mem = {0};
	loom_arena a;
	REQUIRE(tokens_of(&tk, text, &a, &mem) == 0);
	static const struct {
		const char *word;
		uint32_t has, lacks;
	} want[] = {
		{"foreign", LOOM_LEX_TITLE, LOOM_LEX_ROLE},
		{"minister", LOOM_LEX_TITLE | LOOM_LEX_ROLE, LOOM_LEX_SPEECH_VERB},
		{"jana", 0, LOOM_LEX_TITLE | LOOM_LEX_ROLE | LOOM_LEX_NOT_NAME},
		{"said", LOOM_LEX_SPEECH_VERB, LOOM_LEX_TITLE},
		{"in", LOOM_LEX_PLACE_PREP | LOOM_LEX_PREPOSITION | LOOM_LEX_PHRASE_BREAK |
			       LOOM_LEX_STOP, LOOM_LEX_SPEECH_VERB},
		{"ministry", LOOM_LEX_ORG_LAST | LOOM_LEX_ORG_FIRST, LOOM_LEX_PLACE_LAST},
		{"of", LOOM_LEX_CONNECTOR | LOOM_LEX_PREPOSITION, LOOM_LEX_DETERMINER},
		{"according", 0, LOOM_LEX_SPEECH_VERB},
		{"the", LOOM_LEX_DETERMINER | LOOM_LEX_NOT_NAME, LOOM_LEX_CONNECTOR},
		{"spokesman", LOOM_LEX_ROLE | LOOM_LEX_TITLE, 0},
		{"that", LOOM_LEX_PHRASE_BREAK, LOOM_LEX_DETERMINER},
		{"monday", LOOM_LEX_NOT_NAME, LOOM_LEX_PLACE_FIRST},
	};
	size_t seen = 0;
	for (size_t k = 0; k < tk.n; k++) {
		const loom_token *t = &tk.tok[k];
		for (size_t w = 0; w < sizeof want / sizeof *want; w++) {
			if (!loom__tok_is(text, t, want[w].word))
				continue;
			seen++;
			CHECK((t->lex & want[w].has) == want[w].has);
			CHECK(!(t->lex & want[w].lacks));
		}
		CHECK(t->kind == LOOM_TOK_WORD || t->lex == 0);
	}
	CHECK(seen == sizeof want / sizeof *want);
	loom__arena_release(&a);
}

/* The lexicon hashes a plain ASCII word eight bytes at a time
 * (lexicon.c); its key must stay the one loom__lexicon_key makes, for
 * every byte at every place of words of every length up to two words. */
TEST(lexicon__word_hash_is_the_key_hash)
{
	char w[20], key[256];
	for (size_t len = 1; len <= sizeof w; len++)
		for (size_t at = 0; at < len; at++)
			for (unsigned c = 1; c < 256; c++) {
				memset(w, 'Q', sizeof w);
				w[at] = (char)c;
				size_t n = loom__lexicon_key(key, sizeof key, w, len);
				uint64_t want = n ? XXH3_64bits(key, n) : 0;
				want = n && !want ? 1 : want;
				CHECK(loom__lexicon_hash(w, len) == want);
				/* the tokenizer's path for plain words, in a
				 * room with eight bytes to read */
				int plain = isalnum(c) || c == '\'';
				if (plain && len <= 16) {
					char room[24];
					memset(room, 'Q', sizeof room);
					memcpy(room, w, len);
					CHECK(loom__lexicon_hash_plain(room, len) == want);
				}
			}
}

/* A run of name words is hashed whole through a phrase fast path
 * (lexicon.c) when its words are plain ASCII one space apart; its key
 * must stay loom__lexicon_key's when two bytes anywhere are spaces, '_',
 * other white space, capitals or a curly apostrophe's first byte. */
TEST(lexicon__phrase_hash_is_the_key_hash)
{
	static const unsigned char bytes[] = {' ', '_', '\t', '\n', 'A', 'z', '\'', 0xE2, 0x7F};
	char w[14], key[256];
	for (size_t len = 2; len <= sizeof w; len++)
		for (size_t at = 0; at < len; at++)
			for (size_t at2 = at + 1; at2 < len; at2++)
				for (size_t b = 0; b < sizeof bytes; b++)
					for (size_t b2 = 0; b2 < sizeof bytes; b2++) {
						memcpy(w, "Jana Q Novakqq", sizeof w);
						w[at] = (char)bytes[b];
						w[at2] = (char)bytes[b2];
						size_t n = loom__lexicon_key(key, sizeof key, w, len);
						uint64_t want = n ? XXH3_64bits(key, n) : 0;
						want = n && !want ? 1 : want;
						CHECK(loom__lexicon_hash(w, len) == want);
					}
}

/* A phrase the lexicon knows passes its filter of phrases (lexicon.c),
 * however its words are spaced, and a name it does not know is read as
 * unknown (LOOM_TEST builds also check, at every look-up of a phrase the
 * filter rules out, that the table does not hold it). */
TEST(lexicon__phrase_filter_lets_known_phrases_through)
{
	static const char *const known[] = {
		"United States", "New Zealand", "South Africa", "New York", "Sri Lanka",
		"Hong Kong", "Buenos Aires", "Rio de Janeiro", "prime minister",
		"united   states", "United_States", "SRI LANKA"};
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		CHECK(loom__lexicon_lookup(known[i], strlen(known[i])) != 0);
	CHECK(loom__lexicon_lookup("United States", 13) & LOOM_LEX_COUNTRY);
	CHECK(loom__lexicon_lookup("New York", 8) & LOOM_LEX_PLACE);
	CHECK(loom__lexicon_lookup("Jana Novak", 10) == 0);
	CHECK(loom__lexicon_lookup("Taras Kovalenkyi", 16) == 0);
	/* what a crawled page sends: nothing, white space, invalid UTF-8,
	 * a run too long for a key */
	CHECK(loom__lexicon_lookup("", 0) == 0);
	CHECK(loom__lexicon_lookup("  \t ", 4) == 0);
	CHECK(loom__lexicon_lookup("Jana \xff\xfe Novak", 13) == 0);
	CHECK(loom__lexicon_lookup("New \xc3", 5) == 0);
	char longest[600];
	for (size_t i = 0; i < sizeof longest; i++)
		longest[i] = i % 6 == 5 ? ' ' : 'a' + (char)(i % 5);
	CHECK(loom__lexicon_lookup(longest, sizeof longest) == 0);
}

/* The table of short keys answers as the table of all our words: for
 * words of our tables in any case, words in none, words with bytes
 * that are no plain ASCII, and words at the very end of the text, where
 * no eight bytes may be read. */
TEST(lexicon__short_words_answer_as_the_word_table)
{
	static const char *const words[] = {
		"said", "Said", "SAID", "the", "of", "in", "told", "agency", "minister",
		"according", "spokesman", "xyzzy", "a", "s", "van", "d'", "don't",
		"caf\xc3\xa9", "sa_id", "sa id", "\xe2\x80\x99s", "tour", "cup"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		size_t len = strlen(words[i]);
		char room[32] = {0};
		memcpy(room, words[i], len);
		unsigned want = loom__lexicon_table_word(words[i], len);
		CHECK(loom__lexicon_table_word_at(room, len, sizeof room) == want);
		CHECK(loom__lexicon_table_word_at(words[i], len, len) == want);
	}
	CHECK(loom__lexicon_table_word_at("said it", 4, 7) & LOOM_LEX_SPEECH_VERB);
	CHECK(loom__lexicon_table_word_at("Said it", 4, 7) & LOOM_LEX_SPEECH_VERB);
	CHECK(loom__lexicon_table_word_at("the end", 3, 7) & LOOM_LEX_DETERMINER);
	CHECK(loom__lexicon_table_word_at("saidx", 4, 5) & LOOM_LEX_SPEECH_VERB); /* bytes after it aside */
	CHECK(loom__lexicon_table_word_at("xyzzy", 5, 5) == 0);
}

/* Words of 9 to 16 bytes are looked up in a table of two-word keys, and
 * plain words straight from the tokenizer (lexicon.c): both answer as the
 * hashed table of all our words (checked inside in LOOM_TEST builds), for
 * words of our tables in any case, near misses a byte apart at either end
 * or in the middle, and lengths around the table's bounds. */
TEST(lexicon__mid_words_answer_as_the_word_table)
{
	static const struct {
		const char *w;
		unsigned has; /* a flag it must have, 0: it must have none */
	} words[] = {
		{"spokesman", LOOM_LEX_ROLE},     {"Spokeswoman", LOOM_LEX_ROLE},
		{"TOURNAMENT", LOOM_LEX_EVENT_LAST}, {"championships", LOOM_LEX_EVENT_LAST},
		{"spokesmen", 0},                 {"xpokesman", 0},
		{"spokesmax", 0},                 {"tournaments_", 0},
		{"abcdefghijklmnop", 0},          {"abcdefghijklmnopq", 0},
		{"championshipsx", 0},            {"chompionships", 0},
		{"don't-know", 0},                {"caf\xc3\xa9society", 0},
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		size_t len = strlen(words[i].w);
		char room[32] = {0};
		memcpy(room, words[i].w, len);
		unsigned got = loom__lexicon_table_word_at(room, len, sizeof room);
		CHECK(got == loom__lexicon_table_word_at(words[i].w, len, len));
		if (words[i].has)
			CHECK(got & words[i].has);
		else
			CHECK(got == 0);
		int plain = 1;
		for (size_t k = 0; k < len; k++)
			plain &= isalnum((unsigned char)words[i].w[k]) || words[i].w[k] == '\'';
		if (plain && len >= 9 && len <= 16)
			CHECK(loom__lexicon_table_plain_mid(words[i].w, len) == got);
		if (plain && len <= 8)
			CHECK(loom__lexicon_table_plain_short(room, len) == got);
	}
}

/* The lookup walks keys side by side in batches (postings.c); what it
 * returns must still be each key's newest values, key after key. */
TEST(postings__lookup_keeps_key_order_across_batches)
{
	loom_mem mem = {0};
	loom_postings p;
	loom__postings_init(&p, &mem);
	enum { KEYS = 45, LIMIT = 3 };
	uint32_t keys[KEYS];
	for (uint32_t k = 0; k < KEYS; k++)
		keys[k] = 1000 + k * 7;
	/* key k holds values k*100 + 0..(k % 5), added oldest first; key 3
	 * holds none */
	for (uint32_t k = 0; k < KEYS; k++) {
		if (k == 3)
			continue;
		for (uint32_t v = 0; v <= k % 5; v++) {
			REQUIRE(loom__postings_reserve(&p, 1) == 0);
			loom__postings_add(&p, &keys[k], 1, k * 100 + v);
		}
	}
	uint32_t out[KEYS * LIMIT];
	size_t n = loom__postings_lookup(&p, keys, KEYS, LIMIT, out);
	size_t at = 0;
	for (uint32_t k = 0; k < KEYS; k++) {
		if (k == 3)
			continue;
		uint32_t held = k % 5 + 1;
		for (uint32_t t = 0; t < held && t < LIMIT; t++) {
			REQUIRE(at < n);
			CHECK(out[at] == k * 100 + (held - 1 - t));
			at++;
		}
	}
	CHECK(at == n);
	CHECK(loom__postings_lookup(&p, keys, KEYS, 0, out) == 0);
	loom__postings_free(&p);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* The person table answers for every (surname, first name) the newest
 * filed, across the growth that rebuilds it; one surname's first names and
 * its surname-alone slot stay apart, and a slot emptied answers nobody. */
TEST(people__newest_person_per_name_across_growth)
{
	loom_mem mem = {0};
	loom_people p;
	loom__people_init(&p, &mem);
	CHECK(loom__people_get(&p, loom__people_surname(42)) == UINT32_MAX);
	enum { SURNAMES = 3000, FIRSTS = 4 };
	/* a few surnames' keys differ in their high bits only */
	uint64_t key[SURNAMES];
	for (uint64_t i = 0; i < SURNAMES; i++)
		key[i] = i % 7 ? XXH3_64bits(&i, sizeof i) : i << 40;
	/* first names: the same few across surnames, as in the news; [0] is
	 * the surname alone */
	uint64_t first[FIRSTS + 1];
	for (uint64_t f = 1; f <= FIRSTS; f++)
		first[f] = XXH3_64bits(&f, sizeof f);
#define NAME(i, f) ((f) ? loom__people_full(key[i], first[f]) : loom__people_surname(key[i]))
	for (uint32_t round = 0; round < 2; round++)
		for (uint32_t i = 0; i < SURNAMES; i++)
			for (uint32_t f = 0; f <= FIRSTS; f++) {
				REQUIRE(loom__people_reserve(&p, 1) == 0);
				loom__people_set(&p, NAME(i, f), round * 100000 + i * 10 + f);
			}
	CHECK(p.used == SURNAMES * (FIRSTS + 1));
	CHECK((p.mask + 1) >= 2 * p.used);
	for (uint32_t i = 0; i < SURNAMES; i++)
		for (uint32_t f = 0; f <= FIRSTS; f++)
			CHECK(loom__people_get(&p, NAME(i, f)) == 100000 + i * 10 + f);
	/* keys that differ in their high bits only spread over the homes,
	 * in this table and in one of a million articles' size */
	size_t masks[] = {p.mask, ((size_t)1 << 22) - 1, ((size_t)1 << 26) - 1};
	for (size_t m = 0; m < sizeof masks / sizeof *masks; m++) {
		size_t home[SURNAMES / 7 + 1], nh = 0;
		for (uint32_t i = 0; i < SURNAMES; i += 7)
			home[nh++] = loom__people_home(loom__people_surname(key[i]), masks[m]);
		qsort(home, nh, sizeof *home, cmp_size);
		size_t distinct = nh > 0;
		for (size_t i = 1; i < nh; i++)
			distinct += home[i] != home[i - 1];
		CHECK(distinct + 20 > nh);
	}
	/* a first name whose key folds to 0 or 1 keeps a tag of its own */
	CHECK(loom__people_full(1, 0).tag > LOOM_PEOPLE_FIRSTLESS);
	CHECK(loom__people_full(1, 0x0000000100000000ull).tag > LOOM_PEOPLE_FIRSTLESS);
	loom__people_set(&p, NAME(5, 0), UINT32_MAX);
	CHECK(loom__people_get(&p, NAME(5, 0)) == UINT32_MAX);
	CHECK(loom__people_get(&p, NAME(5, 1)) == 100051);
	CHECK(loom__people_get(&p, loom__people_full(XXH3_64bits("Novak", 5), first[1])) ==
	      UINT32_MAX);
#undef NAME
	loom__people_free(&p);
	CHECK(mem.live_bytes == 0 && mem.live_blocks == 0);
}

/* Two first names whose keys fold to one 32-bit tag are two people of
 * one surname: the bug let the second find the first. The keys here
 * differ only where the fold cancels them out. */
TEST(people__first_names_with_one_tag_stay_apart)
{
	loom_mem mem = {0};
	loom_people p;
	loom__people_init(&p, &mem);
	uint64_t smith = XXH3_64bits("smith", 5);
	uint64_t a = 0x1234567800000000ull | 0x9abcdef0ull;
	uint64_t b = a ^ 0x0000000100000001ull; /* same high ^ low */
	CHECK(loom__people_full(smith, a).tag == loom__people_full(smith, b).tag);
	REQUIRE(loom__people_reserve(&p, 2) == 0);
	loom__people_set(&p, loom__people_full(smith, a), 7);
	CHECK(loom__people_get(&p, loom__people_full(smith, b)) == UINT32_MAX);
	loom__people_set(&p, loom__people_full(smith, b), 8);
	CHECK(loom__people_get(&p, loom__people_full(smith, a)) == 7);
	CHECK(loom__people_get(&p, loom__people_full(smith, b)) == 8);
	CHECK(p.used == 2);
	loom__people_free(&p);
	CHECK(mem.live_bytes == 0 && mem.live_blocks == 0);
}

/* The quote and story indexes keep only each key's newest keep values;
 * what they return for any limit up to that must be what a list of every
 * posting returns: each key's newest values, key after key. Checked
 * against postings.c on a stream that grows the lines (which moves them)
 * and gives some keys far more values than are kept. */
static void recent_against_postings(size_t keep)
{
	loom_mem mem = {0};
	loom_recent r;
	loom_postings p;
	loom__recent_init(&r, &mem, keep);
	loom__postings_init(&p, &mem);
	enum { KEYS = 700, ADDS = 6000, ASK = 40 };
	uint32_t rng = 12345, keys[8];
	uint32_t none[1], one_key = 5;
	CHECK(loom__recent_lookup(&r, &one_key, 1, keep, none) == 0); /* empty */
	for (uint32_t v = 0; v < ADDS; v++) {
		size_t n = 1 + v % 8;
		for (size_t i = 0; i < n; i++) {
			rng = rng * 1103515245u + 12345u;
			/* skewed: low keys come often, as common words do */
			uint32_t k = 1 + (rng >> 16) % ((rng >> 8) % 7 ? 40 : KEYS);
			int dup = 0;
			for (size_t j = 0; j < i; j++)
				dup |= keys[j] == k;
			keys[i] = dup ? 0 : k;
		}
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (keys[i])
				keys[m++] = keys[i];
		REQUIRE(loom__recent_reserve(&r, m) == 0);
		REQUIRE(loom__postings_reserve(&p, m) == 0);
		loom__recent_add(&r, keys, m, v);
		loom__postings_add(&p, keys, m, v);
	}
	CHECK(((uintptr_t)r.v & 63) == 0);
	uint32_t ask[ASK], a[ASK * 2 * LOOM_RECENT_LINE_VALUES], b[ASK * 2 * LOOM_RECENT_LINE_VALUES];
	for (size_t round = 0; round < 50; round++) {
		for (size_t i = 0; i < ASK; i++) {
			rng = rng * 1103515245u + 12345u;
			ask[i] = 1 + (rng >> 16) % (KEYS + 50); /* some never added */
		}
		size_t limit = round % 2 ? keep : 1 + round % keep;
		size_t na = loom__recent_lookup(&r, ask, ASK, limit, a);
		size_t nb = loom__postings_lookup(&p, ask, ASK, limit, b);
		CHECK(na == nb);
		CHECK(na == nb && !memcmp(a, b, na * sizeof *a));
	}
	CHECK(loom__recent_lookup(&r, ask, ASK, 0, a) == 0);
	loom__recent_free(&r);
	loom__postings_free(&p);
	CHECK(mem.live_bytes == 0);
}

TEST(recent__answers_as_the_postings_it_replaces)
{
	recent_against_postings(LOOM_RECENT_LINE_VALUES);     /* the quote index */
	recent_against_postings(2 * LOOM_RECENT_LINE_VALUES); /* the story index */
}

/* The story stages keep the strongest terms by quickselect (story.c),
 * whose partition swaps by masks instead of branching: what it keeps must
 * be the k strongest, ties in weight going to the smaller term, whatever
 * the input order. Checked against a full sort. */
static int weaker_first_cmp(const void *x, const void *y)
{
	const loom_term *a = x, *b = y;
	if (a->weight != b->weight)
		return a->weight < b->weight ? 1 : -1;
	return (a->term > b->term) - (a->term < b->term);
}

static int by_term(const void *x, const void *y)
{
	const loom_term *a = x, *b = y;
	return (a->term > b->term) - (a->term < b->term);
}

/* Terms are hash bits, which the sort spreads by their top bits: it must
 * sort as well terms that share them (all in one bucket), vectors of
 * every size around the bucketed limit, and keep each term's weight. */
TEST(story__sort_terms_sorts_any_terms)
{
	enum { MAXN = 150 };
	loom_term t[MAXN], want[MAXN];
	uint32_t rng = 11;
	for (size_t round = 0; round < 600; round++) {
		size_t n = round % MAXN;
		int skew = round % 3; /* 0: spread, 1: one top byte, 2: few values */
		for (size_t i = 0; i < n; i++) {
			rng = rng * 1103515245u + 12345u;
			uint32_t term = (uint32_t)(i * 2654435761u) ^ rng; /* distinct below */
			if (skew == 1)
				term = 0x7F000000u | (term & 0x00FFFFFFu);
			else if (skew == 2)
				term = (term & 0xFF000000u) | (uint32_t)i;
			t[i].term = term;
			t[i].weight = (float)i;
		}
		/* distinct terms, as vectors hold */
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < i; j++)
				if (t[j].term == t[i].term)
					t[i].term += 0x00010000u * (uint32_t)(i + 1), j = (size_t)-1;
		memcpy(want, t, n * sizeof *t);
		qsort(want, n, sizeof *want, by_term);
		loom__story_sort_terms(t, n);
		int same = 1;
		for (size_t i = 0; i < n; i++)
			same &= t[i].term == want[i].term && t[i].weight == want[i].weight;
		CHECK(same);
	}
}

TEST(story__select_strongest_keeps_the_k_strongest)
{
	enum { MAXN = 300 };
	loom_term t[MAXN], sorted[MAXN];
	uint32_t rng = 7;
	for (size_t round = 0; round < 200; round++) {
		size_t n = 1 + round % MAXN, k = round % 3 ? 1 + (round * 7) % n : n / 2;
		for (size_t i = 0; i < n; i++) {
			rng = rng * 1103515245u + 12345u;
			t[i].term = (uint32_t)(i * 2654435761u) | 1; /* distinct */
			t[i].weight = (float)((rng >> 16) % 8) * 0.5f; /* many ties */
		}
		memcpy(sorted, t, n * sizeof *t);
		qsort(sorted, n, sizeof *sorted, weaker_first_cmp);
		loom__story_select_strongest(t, n, k);
		size_t keep = k < n ? k : n;
		qsort(t, keep, sizeof *t, by_term);
		qsort(sorted, keep, sizeof *sorted, by_term);
		int same = 1;
		for (size_t i = 0; i < keep; i++)
			same &= t[i].term == sorted[i].term && t[i].weight == sorted[i].weight;
		CHECK(same);
	}
}
