/* detok.c - light detokenisation of ECB+ sentences; see eval.h.
 *
 * ECB+ keeps only tokens, so spacing is rebuilt from the token classes
 * that the corpus' two tokenisers produce: Penn Treebank style in the ECB
 * files (`` '' 's n't), and a tokeniser that splits at every apostrophe,
 * hyphen, comma and point in the ECB+ files (Lohan ’ s, 90 - day, 4 : 59,
 * $2 . 6). Only spacing changes, plus `` and '' becoming " and - - becoming
 * --, so that Loom reads an article rather than a token list. In the ECB
 * files a lone - is a dash and stays spaced. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "eval.h"

static int is_any(const char *t, const char *const *set)
{
	for (; *set; set++)
		if (!strcasecmp(t, *set))
			return 1;
	return 0;
}

static const char *const close_tokens[] = {
	",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "'s", "'re",
	"'ve", "'ll", "'d", "'m", "n't", "’s", "’re", "’ve", "’ll", "’d", "’m",
	"n’t", "''", "”", NULL
};
static const char *const open_tokens[] = {
	"(", "[", "{", "``", "“", "‘", "$", "#", NULL
};
/* what follows a split apostrophe: Lohan ’ s, don ’ t, we ’ re */
static const char *const clitics[] = {
	"s", "t", "re", "ve", "ll", "d", "m", NULL
};

static int ends_alnum(const char *t)
{
	size_t n = strlen(t);
	return n && isalnum((unsigned char)t[n - 1]);
}

static int all_digits(const char *t, size_t want)
{
	size_t n = strlen(t);
	if (!n || (want && n != want))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)t[i]))
			return 0;
	return 1;
}

static int ends_digit(const char *t)
{
	size_t n = strlen(t);
	return n && isdigit((unsigned char)t[n - 1]);
}

static int is_apostrophe(const char *t)
{
	return !strcmp(t, "'") || !strcmp(t, "’");
}

static int starts_alnum(const char *t)
{
	return isalnum((unsigned char)t[0]);
}

static int single_letter(const char *t)
{
	return isalpha((unsigned char)t[0]) && !t[1];
}

int eval_detok(eval_buf *out, const char *const *tok, size_t n,
	       eval_detok_state *st)
{
	int *dquote = &st->dquote;
	int glue = 1; /* no space before the next token */
	for (size_t i = 0; i < n; i++) {
		const char *t = tok[i], *emit = t;
		const char *prev = i ? tok[i - 1] : "", *next = i + 1 < n ? tok[i + 1] : "";
		int before = 1, after = 1;
		if (is_apostrophe(t) && ends_alnum(prev) && is_any(next, clitics)) {
			before = after = 0;
		} else if (!strcmp(t, "'") && !strcmp(next, "'")) {
			continue; /* ' ' is a split '': the second one closes */
		} else if (!strcmp(t, "\"") || !strcmp(t, "``") || !strcmp(t, "''") ||
			   (!strcmp(t, "'") && !strcmp(prev, "'"))) {
			/* a straight quote opens or closes by the running state;
			 * at a sentence edge its position decides */
			int open = !strcmp(t, "``") ? 1 : !strcmp(t, "\"") ? !*dquote : 0;
			if (!strcmp(t, "\"") && i == 0)
				open = 1;
			else if (!strcmp(t, "\"") && i + 1 == n)
				open = 0;
			*dquote = open;
			emit = "\"";
			if (open)
				after = 0;
			else
				before = 0;
		} else if ((!strcmp(t, ":") && all_digits(prev, 0) && all_digits(next, 2)) ||
			   (!strcmp(t, ",") && all_digits(prev, 0) && all_digits(next, 3)) ||
			   (!strcmp(t, ".") && ends_digit(prev) && all_digits(next, 0))) {
			before = after = 0; /* 4 : 59, 1 , 000, $2 . 6 */
		} else if (!strcmp(t, ".") && single_letter(prev) && single_letter(next)) {
			before = after = 0; /* a . m . */
		} else if (!strcmp(t, "-") && !strcmp(next, "-")) {
			emit = "--"; /* - - is a dash cut in two */
			i++;
		} else if (st->split_hyphens && !strcmp(t, "-") && ends_alnum(prev) &&
			   starts_alnum(next)) {
			before = after = 0;
		} else if (is_any(t, close_tokens) || !strcmp(t, "’")) {
			before = 0;
		} else if (is_any(t, open_tokens)) {
			after = 0;
		}
		if (!glue && before && eval_buf_add(out, " ", 1))
			return -1;
		if (eval_buf_adds(out, emit))
			return -1;
		glue = !after;
	}
	return 0;
}
