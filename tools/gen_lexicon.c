/* gen_lexicon.c - builds the name lexicon that src/names.c looks words and
 * phrases up in, from Debian data (run by make, output in build/gen/):
 *
 *   gen_lexicon DICT ISO3166-1.json ISO3166-2.json WORDNET_DATA_NOUN STOPWORDS \
 *               WORD_TABLE_DIR OUT.inc
 *
 * - DICT (wamerican): a lower-case entry is a common word, a capitalised one
 *   a word that names something (a first name, a surname, a town);
 * - iso-codes: countries (name, common and official name) and their
 *   subdivisions are places;
 * - WordNet nouns: named instances (synsets with an "@i" pointer) that are
 *   locations or objects (rivers, mountains) are places, groups are
 *   organisations, people are people; a capitalised person noun that is
 *   not an instance ("American", "Democrat") is a group word;
 * - STOPWORDS (tools/tables/stopwords_en.txt, ours): function words, which
 *   never open a name ("In", "As" are also chemical symbols in DICT);
 * - WORD_TABLE_DIR (tools/tables/words, ours): the small tables the rules
 *   ask about (titles, roles, verbs of saying, organisation and place
 *   words), one flag each (lexicon.h lists them);
 * - a group word whose stem names a place ("Israeli": Israel, "Mexican":
 *   Mexico) names a people, and so does its plural.
 *
 * Keys are the phrase with ASCII letters lower-cased and single spaces,
 * hashed with XXH3 like the library does; the table is open addressing with
 * 32-bit fingerprints, so nothing is built at run time. */
#include <ctype.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../src/lexicon.h"

typedef struct entry {
	uint64_t hash;
	unsigned flags;
	/* a key of at most 16 bytes as read from memory, zeros after it */
	uint64_t key16[2];
	size_t keylen;
	int phrase;         /* the key has more than one word */
} entry;

static entry *entries;
static size_t nentries, cap;

/* The array p of *n items doubled (first: its first size). */
static void *grow_or_die(void *p, size_t *n, size_t first, size_t size)
{
	*n = *n ? *n * 2 : first;
	p = realloc(p, *n * size);
	if (!p) {
		perror("gen_lexicon");
		exit(1);
	}
	return p;
}

static void add(const char *word, size_t len, unsigned flags)
{
	char key[256];
	size_t n = loom__lexicon_key(key, sizeof key, word, len);
	if (!n)
		return;
	if (nentries == cap)
		entries = grow_or_die(entries, &cap, 65536, sizeof *entries);
	entries[nentries].hash = XXH3_64bits(key, n);
	entries[nentries].flags = flags;
	memset(entries[nentries].key16, 0, sizeof entries[nentries].key16);
	entries[nentries].keylen = n;
	entries[nentries].phrase = memchr(key, ' ', n) != NULL;
	if (n <= 16)
		memcpy(entries[nentries].key16, key, n);
	nentries++;
}

static FILE *open_or_die(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

static void read_dict(const char *path)
{
	FILE *f = open_or_die(path);
	char line[512];
	while (fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\r\n");
		line[n] = 0;
		if (n < 2 || strchr(line, '\''))
			continue; /* possessives come from the base word */
		unsigned char c = (unsigned char)line[0];
		add(line, n, isupper(c) ? LOOM_LEX_NAMEWORD : LOOM_LEX_COMMON);
	}
	fclose(f);
}

static void read_iso(const char *path, const char *list, unsigned flags)
{
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);
	if (!root) {
		fprintf(stderr, "%s: %s\n", path, err.text);
		exit(1);
	}
	json_t *arr = json_object_get(root, list);
	size_t i;
	json_t *item;
	json_array_foreach(arr, i, item) {
		static const char *const fields[] = {"name", "common_name", "official_name"};
		for (size_t k = 0; k < 3; k++) {
			const char *s = json_string_value(json_object_get(item, fields[k]));
			if (!s)
				continue;
			/* "Korea, Republic of" and "Bolivia, Plurinational State
			 * of" are written the other way round in text */
			const char *comma = strchr(s, ',');
			add(s, comma ? (size_t)(comma - s) : strlen(s), flags);
		}
	}
	json_decref(root);
}

/* data.noun: "offset lexfile n count word lexid ... pcount ptr..." */
static void keep_group_word(const char *w);

/* Offsets of the WordNet classes of countries ("country", "Asian_country",
 * "European_country", ...): their instances are countries ("Turkey",
 * "Britain", "Russia") even where iso-codes spells them otherwise
 * ("Türkiye", "United Kingdom", "Russian Federation"). */
static unsigned long country_classes[64];
static size_t ncountry_classes;

static void find_country_classes(FILE *f)
{
	static char line[65536];
	while (fgets(line, sizeof line, f)) {
		if (line[0] == ' ' || strstr(line, " @i "))
			continue;
		char *save = NULL, *tok[512];
		size_t nt = 0;
		for (char *t = strtok_r(line, " \n", &save); t && nt < 512;
		     t = strtok_r(NULL, " \n", &save))
			tok[nt++] = t;
		if (nt < 7 || atoi(tok[1]) != 15)
			continue;
		size_t nwords = strtoul(tok[3], NULL, 16);
		/* the root class is "country, state, land"; "area,
		 * country" and "country, rural area" are other senses */
		int is_class = !ncountry_classes && nwords >= 2 &&
			       !strcmp(tok[4], "country") && !strcmp(tok[6], "state");
		for (size_t w = 0; w < nwords && 4 + 2 * w < nt; w++) {
			const char *word = tok[4 + 2 * w];
			size_t len = strlen(word);
			is_class |= ncountry_classes && len > 8 &&
				    !strcmp(word + len - 8, "_country");
		}
		/* kinds of country ("kingdom", "sultanate"): their
		 * hypernym is the root */
		for (size_t i = 4 + 2 * nwords + 1; i + 1 < nt && ncountry_classes; i++)
			is_class |= !strcmp(tok[i], "@") &&
				    strtoul(tok[i + 1], NULL, 10) == country_classes[0];
		if (!is_class)
			continue;
		/* Debian's WordNet has 13; more means its data changed */
		if (ncountry_classes == sizeof country_classes / sizeof *country_classes) {
			fprintf(stderr, "gen_lexicon: more than %zu classes of country\n",
				ncountry_classes);
			exit(1);
		}
		country_classes[ncountry_classes++] = strtoul(tok[0], NULL, 10);
	}
	if (!ncountry_classes) {
		fprintf(stderr, "gen_lexicon: no \"country, state, land\" in WordNet\n");
		exit(1);
	}
	rewind(f);
}

static int is_country_class(const char *offset)
{
	unsigned long o = strtoul(offset, NULL, 10);
	for (size_t i = 0; i < ncountry_classes; i++)
		if (country_classes[i] == o)
			return 1;
	return 0;
}

static void read_wordnet(const char *path)
{
	FILE *f = open_or_die(path);
	static char line[65536];
	find_country_classes(f);
	while (fgets(line, sizeof line, f)) {
		if (line[0] == ' ')
			continue; /* licence header */
		char *save = NULL;
		char *tok[4096];
		size_t nt = 0;
		for (char *t = strtok_r(line, " \n", &save); t && nt < 4096;
		     t = strtok_r(NULL, " \n", &save))
			tok[nt++] = t;
		if (nt < 5)
			continue;
		int lexfile = atoi(tok[1]);
		size_t nwords = strtoul(tok[3], NULL, 16);
		if (4 + 2 * nwords >= nt)
			continue;
		int instance = 0, country = 0;
		for (size_t i = 4 + 2 * nwords + 1; i < nt && strcmp(tok[i], "|"); i++)
			if (!strcmp(tok[i], "@i")) {
				instance = 1;
				country |= i + 1 < nt && is_country_class(tok[i + 1]);
			}
		unsigned flags = 0;
		if (instance && (lexfile == 15 || lexfile == 17))
			flags = LOOM_LEX_PLACE | (country ? LOOM_LEX_COUNTRY : 0);
		else if (instance && lexfile == 14)
			flags = LOOM_LEX_ORG;
		else if (instance && lexfile == 18)
			flags = LOOM_LEX_PERSON;
		else if (!instance && lexfile == 18)
			flags = LOOM_LEX_GROUPWORD;
		if (!flags)
			continue;
		for (size_t w = 0; w < nwords; w++) {
			char *word = tok[4 + 2 * w];
			if (!isupper((unsigned char)word[0]))
				continue;
			/* "IN" (Indiana), "AS": abbreviations would make the
			 * words "in" and "as" names once case is folded */
			size_t wl = strcspn(word, "(");
			int caps = 1;
			for (size_t i = 0; i < wl; i++)
				caps &= !islower((unsigned char)word[i]);
			if (caps && wl <= 3)
				continue;
			char *paren = strchr(word, '('); /* "Georgia(a)" markers */
			if (paren)
				*paren = 0;
			for (char *p = word; *p; p++)
				if (*p == '_')
					*p = ' ';
			add(word, strlen(word), flags);
			if (flags == LOOM_LEX_GROUPWORD)
				keep_group_word(word);
		}
	}
	fclose(f);
}

static int cmp_hash(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	return (x->hash > y->hash) - (x->hash < y->hash);
}

/* Sorts the entries by key and merges the flags of each key's. */
static void merge_entries(void)
{
	qsort(entries, nentries, sizeof *entries, cmp_hash);
	size_t n = 0;
	for (size_t i = 0; i < nentries; i++) {
		if (n && entries[n - 1].hash == entries[i].hash)
			entries[n - 1].flags |= entries[i].flags;
		else
			entries[n++] = entries[i];
	}
	nentries = n;
}

/* Flags of a word in the merged entries, 0 when absent. */
static unsigned merged_flags(const char *word, size_t len)
{
	char key[256];
	size_t n = loom__lexicon_key(key, sizeof key, word, len);
	entry probe = {.hash = n ? XXH3_64bits(key, n) : 0};
	const entry *e = n ? bsearch(&probe, entries, nentries, sizeof *entries, cmp_hash) : NULL;
	return e ? e->flags : 0;
}

/* Does a group word name a people by its place ("Israeli", "Mexican",
 * "Palestinian", "British")? Its stem with a place ending put back is a
 * place of iso-codes or WordNet. */
static int names_a_people(const char *w)
{
	static const char *const suffixes[] = {"n", "an", "ian", "i", "ese", "ish"};
	static const char *const endings[] = {"", "a", "o", "e", "y", "ey", "and", "en", "ain", "on"};
	size_t len = strlen(w);
	char buf[256];
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		size_t n = strlen(suffixes[i]);
		if (len < n + 3 || len + 8 > sizeof buf || memcmp(w + len - n, suffixes[i], n))
			continue;
		size_t stem = len - n;
		memcpy(buf, w, stem);
		for (size_t e = 0; e < sizeof endings / sizeof *endings; e++) {
			size_t m = strlen(endings[e]);
			memcpy(buf + stem, endings[e], m);
			if (merged_flags(buf, stem + m) & (LOOM_LEX_PLACE | LOOM_LEX_COUNTRY))
				return 1;
		}
	}
	return 0;
}

/* Group words of WordNet, kept for the people pass. */
static char **group_words;
static size_t ngroup_words, group_cap;

static void keep_group_word(const char *w)
{
	if (ngroup_words == group_cap)
		group_words = grow_or_die(group_words, &group_cap, 1024, sizeof *group_words);
	group_words[ngroup_words] = strdup(w);
	if (!group_words[ngroup_words++]) {
		perror("gen_lexicon");
		exit(1);
	}
}

/* Flags the group words that name a people, and their plurals
 * ("Israeli", "Israelis"), once all places are in. */
static void mark_peoples(void)
{
	merge_entries();
	for (size_t i = 0; i < ngroup_words; i++) {
		const char *w = group_words[i];
		if (strchr(w, ' ') || !names_a_people(w))
			continue;
		char plural[256];
		size_t len = strlen(w);
		add(w, len, LOOM_LEX_PEOPLE);
		if (len + 2 < sizeof plural) {
			memcpy(plural, w, len);
			plural[len] = 's';
			add(plural, len + 1, LOOM_LEX_PEOPLE);
		}
	}
	for (size_t i = 0; i < ngroup_words; i++)
		free(group_words[i]);
	free(group_words);
	merge_entries();
}

/* A word table: one word per line, '#' starts a comment line. */
static void read_words(const char *path, unsigned flags)
{
	FILE *f = open_or_die(path);
	char line[256];
	while (fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\r\n");
		line[n] = 0;
		if (n && line[0] != '#')
			add(line, n, flags);
	}
	fclose(f);
}

static void read_word_tables(const char *dir)
{
	char path[4096];
#define X(name, flag)                                                          \
	snprintf(path, sizeof path, "%s/%s.txt", dir, name);                   \
	read_words(path, flag);
	LOOM_LEXICON_WORD_TABLES
#undef X
}

/* Writes entries[0, n) as an open-addressing table NAME_slots[], fingerprint
 * and flags side by side (one cache line holds both). */
static int emit_table(FILE *out, const char *name, const entry *e, size_t n)
{
	size_t slots = 1;
	while (slots < n + n / 4)
		slots <<= 1;
	loom_lexicon_slot *t = calloc(slots, sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t at = e[i].hash & (slots - 1);
		while (t[at].fingerprint)
			at = (at + 1) & (slots - 1);
		t[at].fingerprint = loom__lexicon_fingerprint(e[i].hash);
		t[at].flags = (uint32_t)e[i].flags;
	}
	fprintf(out, "#define LOOM_%s_SLOTS %zu\n", name, slots);
	fprintf(out, "static const loom_lexicon_slot %s_slots[%zu] = {", name, slots);
	for (size_t i = 0; i < slots; i++)
		fprintf(out, "%s{%u,%u},", i % 6 ? "" : "\n", t[i].fingerprint, t[i].flags);
	fprintf(out, "\n};\n");
	free(t);
	return 0;
}

/* Places the keys of minlen to maxlen bytes among e[0, n) in 2^bits slots
 * (keys read as two words, lo and hi), each in one of its two
 * (loom__lexicon_pair_slot), moving keys already placed to their other
 * slot as cuckoo hashing does; 0 when that goes round too long. */
static int place_pairs(const entry *e, size_t n, size_t minlen, size_t maxlen,
		       unsigned bits, uint64_t *lo, uint64_t *hi, uint32_t *flags)
{
	size_t slots = (size_t)1 << bits;
	memset(lo, 0, slots * sizeof *lo);
	memset(hi, 0, slots * sizeof *hi);
	memset(flags, 0, slots * sizeof *flags);
	for (size_t i = 0; i < n; i++) {
		if (e[i].keylen < minlen || e[i].keylen > maxlen)
			continue;
		uint64_t kl = e[i].key16[0], kh = e[i].key16[1];
		uint32_t f = (uint32_t)e[i].flags;
		size_t at = loom__lexicon_pair_slot(kl, kh, bits, 0);
		for (int kicks = 0;; kicks++) {
			if (!lo[at] || (lo[at] == kl && hi[at] == kh)) {
				lo[at] = kl, hi[at] = kh;
				flags[at] |= f;
				break;
			}
			size_t other = loom__lexicon_pair_slot(kl, kh, bits, 1);
			if (other != at && (!lo[other] || (lo[other] == kl && hi[other] == kh))) {
				lo[other] = kl, hi[other] = kh;
				flags[other] |= f;
				break;
			}
			if (kicks == 500)
				return 0;
			/* take this slot; the key there moves to its other */
			uint64_t l2 = lo[at], h2 = hi[at];
			uint32_t f2 = flags[at];
			lo[at] = kl, hi[at] = kh;
			flags[at] = f;
			kl = l2, kh = h2;
			f = f2;
			size_t a0 = loom__lexicon_pair_slot(kl, kh, bits, 0);
			at = a0 == at ? loom__lexicon_pair_slot(kl, kh, bits, 1) : a0;
		}
	}
	return 1;
}

/* The flag sets of the short and mid tables' keys, each once: a key's
 * index into them rides in the top bits of its bytes, which a key of
 * plain ASCII leaves clear, so that a slot is its key alone. */
#define MAX_COMBOS 256
static uint32_t combos[MAX_COMBOS];
static size_t ncombos;

static int combo_of(uint32_t flags)
{
	for (size_t i = 0; i < ncombos; i++)
		if (combos[i] == flags)
			return (int)i;
	if (ncombos == MAX_COMBOS) {
		fprintf(stderr, "gen_lexicon: more than %d flag sets of short keys\n", MAX_COMBOS);
		return -1;
	}
	combos[ncombos] = flags;
	return (int)ncombos++;
}

/* The combination index spread over the top bits of eight bytes, as
 * loom__lexicon_combo_of reads it back. */
static uint64_t spread_combo(unsigned idx)
{
	uint64_t v = 0;
	for (unsigned k = 0; k < 8; k++)
		v |= (uint64_t)((idx >> k) & 1) << (8 * k + 7);
	return v;
}

/* Writes the entries of keys of minlen to maxlen bytes among e[0, n) as
 * a table NAME_KIND[] by the whole key, each in one of two slots, so that
 * a look-up reads both and takes no branch on what it finds (lexicon.c).
 * A slot is the key (its last word carrying the index of its flags in
 * NAME_combo_flags[]); keys past 8 bytes take two words, side by side. */
static int emit_pair_table(FILE *out, const char *name, const char *kind, const entry *e,
			   size_t n, size_t minlen, size_t maxlen)
{
	size_t nkeys = 0;
	for (size_t i = 0; i < n; i++)
		nkeys += e[i].keylen >= minlen && e[i].keylen <= maxlen;
	unsigned bits = 4;
	while (((size_t)1 << bits) < 2 * nkeys)
		bits++;
	uint64_t *lo = NULL, *hi = NULL;
	uint32_t *flags = NULL;
	for (;; bits++) {
		size_t slots = (size_t)1 << bits;
		if (bits > 16 || !(lo = realloc(lo, slots * sizeof *lo)) ||
		    !(hi = realloc(hi, slots * sizeof *hi)) ||
		    !(flags = realloc(flags, slots * sizeof *flags))) {
			fprintf(stderr, "gen_lexicon: no table of %s keys fits\n", kind);
			return -1;
		}
		if (place_pairs(e, n, minlen, maxlen, bits, lo, hi, flags))
			break;
	}
	size_t slots = (size_t)1 << bits;
	int two = maxlen > 8;
	/* the tokenizer reads these tables inline (lexicon.h): not static */
	fprintf(out, "const unsigned loom__%s_%s_bits = %u;\n", name, kind, bits);
	fprintf(out, "const uint64_t loom__%s_%s[%zu] = {", name, kind, slots << two);
	for (size_t i = 0; i < slots; i++) {
		uint64_t w[2] = {lo[i], hi[i]};
		if (w[0]) {
			int c = combo_of(flags[i]);
			if (c < 0 || (w[0] | w[1]) & 0x8080808080808080ull) {
				fprintf(stderr, "gen_lexicon: a %s key is no plain ASCII\n", kind);
				return -1;
			}
			w[two] |= spread_combo((unsigned)c);
		}
		for (int k = 0; k <= two; k++)
			fprintf(out, "%s0x%llx,", (2 * i + k) % 6 ? "" : "\n",
				(unsigned long long)w[k]);
	}
	fprintf(out, "\n};\n");
	free(lo);
	free(hi);
	free(flags);
	return 0;
}

static void emit_combos(FILE *out, const char *name)
{
	fprintf(out, "const uint32_t loom__%s_combo_flags[%d] = {", name, MAX_COMBOS);
	for (size_t i = 0; i < ncombos; i++)
		fprintf(out, "%s%u,", i % 10 ? "" : "\n", combos[i]);
	fprintf(out, "\n};\n");
}

/* Moves the entries that carry a word-table flag to the front; returns
 * how many. */
static size_t keep_table_words(entry *e, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (e[i].flags & ~0xFFu) {
			entry t = e[k];
			e[k++] = e[i];
			e[i] = t;
		}
	return k;
}

/* A filter of the phrases (keys of two or more words) among e[0, n):
 * two bits per phrase (loom__lexicon_phrase_bit), at least eight bits
 * per phrase (about fifteen with today's data), so that a phrase the
 * lexicon does not know reads the big table about once in sixty look-ups
 * (once in twenty at worst). Most names of people are such phrases, and
 * the table, a megabyte, misses the cache. */
static int emit_phrase_filter(FILE *out, const entry *e, size_t n)
{
	size_t phrases = 0;
	for (size_t i = 0; i < n; i++)
		phrases += e[i].phrase != 0;
	unsigned bits = 6;
	while (((size_t)1 << bits) < phrases * 8)
		bits++;
	size_t words = ((size_t)1 << bits) / 64;
	uint64_t *f = calloc(words, sizeof *f);
	if (!f)
		return -1;
	for (size_t i = 0; i < n; i++)
		for (int which = 0; which < 2 && e[i].phrase; which++) {
			size_t b = loom__lexicon_phrase_bit(e[i].hash, bits, which);
			f[b / 64] |= (uint64_t)1 << (b % 64);
		}
	fprintf(out, "/* %zu phrases */\n#define LOOM_lexicon_PHRASE_BITS %u\n", phrases, bits);
	fprintf(out, "static const uint64_t lexicon_phrase_filter[%zu] = {", words);
	for (size_t i = 0; i < words; i++)
		fprintf(out, "%s0x%llx,", i % 6 ? "" : "\n", (unsigned long long)f[i]);
	fprintf(out, "\n};\n");
	free(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 8) {
		fprintf(stderr, "usage: gen_lexicon DICT ISO3166-1 ISO3166-2 WORDNET_NOUN "
				"STOPWORDS WORD_TABLE_DIR OUT\n");
		return 2;
	}
	read_words(argv[5], LOOM_LEX_STOP);
	read_word_tables(argv[6]);
	read_dict(argv[1]);
	read_iso(argv[2], "3166-1", LOOM_LEX_PLACE | LOOM_LEX_COUNTRY);
	read_iso(argv[3], "3166-2", LOOM_LEX_PLACE);
	read_wordnet(argv[4]);

	/* one entry per key, flags merged */
	mark_peoples();
	size_t n = nentries;
	FILE *out = fopen(argv[7], "w");
	if (!out) {
		perror(argv[7]);
		return 1;
	}
	fprintf(out, "/* Generated by tools/gen_lexicon.c from %s, %s, %s, %s, %s and"
		     " the tables in %s: %zu keys. Do not edit. */\n",
		argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], n);
	/* the whole lexicon, and the words of our tables alone: a table
	 * small enough to stay in cache for the lower-case words of a text,
	 * which no rule asks anything else of */
	size_t ntable = 0;
	if (emit_table(out, "lexicon", entries, n) ||
	    emit_table(out, "table_words", entries, ntable = keep_table_words(entries, n)) ||
	    emit_pair_table(out, "table_words", "short", entries, ntable, 1, 8) ||
	    emit_pair_table(out, "table_words", "mid", entries, ntable, 9, 16) ||
	    (emit_combos(out, "table_words"), 0) ||
	    emit_phrase_filter(out, entries, n))
		return 1;
	if (fclose(out))
		return 1;
	return 0;
}
