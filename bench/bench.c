/* bench.c - throughput, latency, memory and copy-detection quality of
 * Loom on a synthetic news stream (gen.h) with planted copies.
 *
 *   bench N [--sentences PATH] [--runs R] [--seed S] [--examples K]
 *           [--check] [--mutate P] [--dump K]
 *
 * Only the loom_engine_add calls are timed: articles are generated in
 * batches into a reused buffer between the timed stretches, so the peak
 * RSS is the engine's plus a constant, not the size of the corpus. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "bench.h"
#include "loom.h"

#define BATCH 10000
#define DEFAULT_EXAMPLES 5
#define DEFAULT_CHECK_LIMIT 1000

typedef struct args {
	size_t n;
	const char *sentences;
	unsigned runs;
	uint64_t seed;
	size_t examples, check_limit, dump;
	double mutate; /* < 0: the generator's default */
	int no_names;  /* skip the entity and quote stage */
} args;

static void usage(void)
{
	fprintf(stderr,
		"usage: bench N [--sentences PATH] [--runs R] [--seed S]\n"
		"             [--examples K] [--check] [--mutate P] [--dump K]\n"
		"             [--no-names]\n"
		"  --sentences  CoNLL file to draw sentences from (built-in words"
		" if missing)\n"
		"  --runs       timed passes, each on a fresh engine; the median"
		" is reported\n"
		"  --examples   missed copies and false positives shown per group"
		" (default %d)\n"
		"  --check      check every planted pair, not the first %d per"
		" kind\n"
		"  --mutate     share of open-class words replaced in generated"
		" sentences\n"
		"  --dump       print the first K articles and exit\n"
		"  --no-names   skip entities and quotes (prices that stage)\n",
		DEFAULT_EXAMPLES, DEFAULT_CHECK_LIMIT);
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-')
		return -1;
	*out = v;
	return 0;
}

static int parse_args(args *a, int argc, char **argv)
{
	memset(a, 0, sizeof *a);
	a->runs = 1;
	a->seed = 42;
	a->examples = DEFAULT_EXAMPLES;
	a->check_limit = DEFAULT_CHECK_LIMIT;
	a->mutate = -1;
	int have_n = 0;
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		uint64_t v = 0;
		if (!strcmp(o, "--check")) {
			a->check_limit = (size_t)-1;
			continue;
		}
		if (!strcmp(o, "--no-names")) {
			a->no_names = 1;
			continue;
		}
		if (o[0] != '-') {
			if (have_n++ || parse_u64(o, &v) || !v)
				return -1;
			a->n = (size_t)v;
			continue;
		}
		if (i + 1 >= argc)
			return -1;
		const char *val = argv[++i];
		if (!strcmp(o, "--sentences")) {
			a->sentences = val;
		} else if (!strcmp(o, "--mutate")) {
			char *end;
			a->mutate = strtod(val, &end);
			if (*end || a->mutate < 0 || a->mutate > 1)
				return -1;
		} else if (parse_u64(val, &v)) {
			return -1;
		} else if (!strcmp(o, "--runs") && v >= 1 && v <= 100) {
			a->runs = (unsigned)v;
		} else if (!strcmp(o, "--seed")) {
			a->seed = v;
		} else if (!strcmp(o, "--examples")) {
			a->examples = (size_t)v;
		} else if (!strcmp(o, "--dump")) {
			a->dump = (size_t)v;
		} else {
			return -1;
		}
	}
	return have_n ? 0 : -1;
}

/* ---- process memory ------------------------------------------------------ */

/* A "VmHWM:" or "VmRSS:" line of /proc/self/status, in kB; 0 if absent. */
static size_t proc_status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return 0;
	char line[256];
	size_t kb = 0, klen = strlen(key);
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, key, klen)) {
			kb = (size_t)strtoull(line + klen, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

/* ---- a batch of generated articles ---------------------------------------- */

typedef struct item {
	size_t text, len, id, title; /* offsets into the batch buffer */
	char date[11];
	uint8_t raw;
} item;

typedef struct batch {
	char *buf;
	size_t len, cap;
	item *items;
	size_t n, cap_items;
} batch;

static int batch_put(batch *b, const char *s, size_t n, size_t *at)
{
	if (b->len + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : (size_t)64 << 20;
		while (nc < b->len + n + 1)
			nc *= 2;
		char *p = realloc(b->buf, nc);
		if (!p)
			return -1;
		b->buf = p;
		b->cap = nc;
	}
	memcpy(b->buf + b->len, s, n);
	b->buf[b->len + n] = '\0';
	*at = b->len;
	b->len += n + 1;
	return 0;
}

static int batch_add(batch *b, size_t index, const gen_article *a)
{
	if (b->n == b->cap_items) {
		size_t nc = b->cap_items ? b->cap_items * 2 : BATCH;
		item *p = realloc(b->items, nc * sizeof *p);
		if (!p)
			return -1;
		b->items = p;
		b->cap_items = nc;
	}
	item *it = &b->items[b->n];
	char id[32];
	int idn = snprintf(id, sizeof id, "a%zu", index);
	if (batch_put(b, a->text, a->len, &it->text) ||
	    batch_put(b, id, (size_t)idn, &it->id) ||
	    batch_put(b, a->title, strlen(a->title), &it->title))
		return -1;
	it->len = a->len;
	memcpy(it->date, a->date, sizeof it->date);
	it->raw = (uint8_t)a->text_is_raw;
	b->n++;
	return 0;
}

/* ---- truth and outcome arrays --------------------------------------------- */

static int truth_alloc(bench_truth *t, size_t n)
{
	memset(t, 0, sizeof *t);
	t->n = n;
	t->source = malloc(n * sizeof *t->source);
	t->related = malloc(n * sizeof *t->related);
	t->root = malloc(n * sizeof *t->root);
	t->kind = malloc(n);
	t->raw = malloc(n);
	if (!t->source || !t->related || !t->root || !t->kind || !t->raw)
		return -1;
	/* touched now, so that the RSS baseline already counts them */
	memset(t->source, 0xff, n * sizeof *t->source);
	memset(t->related, 0xff, n * sizeof *t->related);
	memset(t->root, 0xff, n * sizeof *t->root);
	memset(t->kind, 0, n);
	memset(t->raw, 0, n);
	return 0;
}

static void truth_free(bench_truth *t)
{
	free(t->source);
	free(t->related);
	free(t->root);
	free(t->kind);
	free(t->raw);
}

static void truth_set(bench_truth *t, size_t i, const gen_article *a)
{
	t->source[i] = a->truth_source;
	t->related[i] = a->related;
	t->kind[i] = (uint8_t)a->truth_kind;
	t->raw[i] = (uint8_t)a->text_is_raw;
	/* sources come before their copies, so their root is known */
	t->root[i] = a->truth_source >= 0 ? t->root[a->truth_source] : (long)i;
}

static int outcome_alloc(bench_outcome *o, size_t n)
{
	memset(o, 0, sizeof *o);
	o->n = n;
	o->kind = malloc(n);
	o->of = malloc(n * sizeof *o->of);
	o->similarity = malloc(n * sizeof *o->similarity);
	o->containment = malloc(n * sizeof *o->containment);
	if (!o->kind || !o->of || !o->similarity || !o->containment)
		return -1;
	/* touched now, so that the RSS baseline already counts them */
	memset(o->kind, 0, n);
	memset(o->of, 0, n * sizeof *o->of);
	memset(o->similarity, 0, n * sizeof *o->similarity);
	memset(o->containment, 0, n * sizeof *o->containment);
	return 0;
}

static void outcome_free(bench_outcome *o)
{
	free(o->kind);
	free(o->of);
	free(o->similarity);
	free(o->containment);
}

static void outcome_read(bench_outcome *o, const loom_engine *e)
{
	for (size_t i = 0; i < o->n; i++) {
		loom_article_info ai;
		if (loom_engine_article(e, i, &ai) != LOOM_OK)
			continue;
		o->kind[i] = (uint8_t)ai.copy_kind;
		o->of[i] = ai.copy_kind != LOOM_COPY_NONE ? (uint32_t)ai.copy_of : 0;
		o->similarity[i] = (float)ai.similarity;
		o->containment[i] = (float)ai.containment;
	}
}

/* ---- one timed pass --------------------------------------------------------- */

typedef struct run_result {
	double seconds;       /* sum of the timed add calls */
	size_t bytes;         /* text fed to the engine */
	double p50_us, p99_us, max_us;
	size_t slowest;       /* the article of max_us */
	size_t over_10ms;     /* adds slower than 10 ms */
	/* in the kernel during the adds: page faults, that is fresh memory
	 * zeroed (on a VM also backed by the host; bench/RESULTS.md,
	 * session 24) */
	double kernel_seconds;
	size_t faults;
	loom_memory_info mem; /* at the end of the pass */
	size_t entities, quotes, stories; /* what the engine holds then */
	size_t hwm_kb;        /* process peak RSS after the pass */
	uint64_t checksum;
} run_result;

typedef struct bench {
	args a;
	gen_model model;
	gen_config cfg;
	bench_truth truth;
	bench_outcome outcome;
	uint64_t *lat_ns;    /* per article, of the last pass */
	batch b;
	size_t baseline_kb;  /* RSS before any engine holds anything */
	double fault_4k_us, fault_2m_us; /* bench_fault_costs, before the runs */
} bench;

static double elapsed_ns(const struct timespec *t0, const struct timespec *t1)
{
	return (double)(t1->tv_sec - t0->tv_sec) * 1e9 +
	       (double)(t1->tv_nsec - t0->tv_nsec);
}

static int fill_batch(bench *B, gen *g, size_t start, size_t end)
{
	B->b.len = B->b.n = 0;
	for (size_t i = start; i < end; i++) {
		const gen_article *a;
		if (gen_next(g, i, &a) || batch_add(&B->b, i, a))
			return -1;
		truth_set(&B->truth, i, a);
	}
	return 0;
}

/* Feeds the batch to the engine, timing each call. */
static int feed_batch(bench *B, loom_engine *e, size_t start, run_result *r)
{
	for (size_t j = 0; j < B->b.n; j++) {
		const item *it = &B->b.items[j];
		loom_doc doc = {0};
		doc.id = B->b.buf + it->id;
		doc.text = B->b.buf + it->text;
		doc.text_len = it->len;
		doc.text_is_raw = it->raw;
		/* a structured feed states title and date; a crawl has them
		 * in the page */
		if (!it->raw) {
			doc.title = B->b.buf + it->title;
			doc.date = it->date;
		}
		struct timespec t0, t1;
		size_t idx = 0;
		loom_err err;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int rc = loom_engine_add(e, &idx, &doc, &err);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (rc != LOOM_OK || idx != start + j) {
			fprintf(stderr, "bench: article a%zu: %s (%s)\n", start + j,
				loom_strerror(rc), err.msg);
			return -1;
		}
		double ns = elapsed_ns(&t0, &t1);
		B->lat_ns[start + j] = (uint64_t)ns;
		if (ns > (double)B->lat_ns[r->slowest])
			r->slowest = start + j;
		r->over_10ms += ns > 1e7;
		r->seconds += ns * 1e-9;
		r->bytes += it->len;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Sorts the latencies in place: they are not needed in order afterwards. */
static void latency_percentiles(bench *B, run_result *r)
{
	size_t n = B->a.n;
	qsort(B->lat_ns, n, sizeof *B->lat_ns, cmp_u64);
	r->p50_us = (double)B->lat_ns[(n - 1) / 2] / 1e3;
	r->p99_us = (double)B->lat_ns[(size_t)((double)(n - 1) * 0.99)] / 1e3;
	r->max_us = (double)B->lat_ns[n - 1] / 1e3;
}

static int run_once(bench *B, run_result *r)
{
	memset(r, 0, sizeof *r);
	loom_engine *e = NULL;
	gen g;
	loom_options opts = LOOM_OPTIONS_INIT;
	if (B->a.no_names)
		opts.flags |= LOOM_OPT_NO_NAMES;
	if (loom_engine_new(&e, &opts) != LOOM_OK)
		return -1;
	if (gen_init(&g, &B->model, B->a.seed, &B->cfg)) {
		loom_engine_free(e);
		return -1;
	}
	int rc = 0;
	for (size_t start = 0; start < B->a.n && !rc; start += BATCH) {
		size_t end = start + BATCH < B->a.n ? start + BATCH : B->a.n;
		rc = fill_batch(B, &g, start, end);
		if (!rc && !B->baseline_kb)
			B->baseline_kb = proc_status_kb("VmRSS:");
		if (!rc) {
			struct rusage u0, u1;
			getrusage(RUSAGE_SELF, &u0);
			rc = feed_batch(B, e, start, r);
			getrusage(RUSAGE_SELF, &u1);
			r->kernel_seconds += (double)(u1.ru_stime.tv_sec - u0.ru_stime.tv_sec) +
					     (double)(u1.ru_stime.tv_usec - u0.ru_stime.tv_usec) * 1e-6;
			r->faults += (size_t)(u1.ru_minflt - u0.ru_minflt) +
				     (size_t)(u1.ru_majflt - u0.ru_majflt);
		}
	}
	if (!rc) {
		loom_engine_memory(e, &r->mem);
		r->entities = loom_engine_entity_count(e);
		r->quotes = loom_engine_quote_count(e);
		r->stories = loom_engine_story_count(e);
		r->hwm_kb = proc_status_kb("VmHWM:");
		outcome_read(&B->outcome, e);
		r->checksum = bench_checksum(&B->outcome);
		latency_percentiles(B, r);
	}
	loom_engine_free(e);
	gen_free(&g);
	return rc;
}

/* ---- report ------------------------------------------------------------------ */

static double pct_of(size_t a, size_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0;
}

static void print_stream(const bench *B, size_t bytes)
{
	size_t kinds[GEN_NKINDS] = {0}, raw = 0;
	for (size_t i = 0; i < B->truth.n; i++) {
		kinds[B->truth.kind[i]]++;
		raw += B->truth.raw[i];
	}
	printf("Loom benchmark: %zu articles, seed %llu, loom %s\n", B->a.n,
	       (unsigned long long)B->a.seed, LOOM_VERSION);
	if (B->model.from_file)
		printf("  sentences   : %s (%zu templates of %zu sentences, mutate %.2f)\n",
		       B->a.sentences, B->model.nsent, B->model.file_sentences,
		       B->cfg.mutate);
	else
		printf("  sentences   : built-in word lists (%s)\n",
		       B->a.sentences ? "sentence file unreadable" : "no --sentences");
	printf("  stream      : %.1f MB, %.0f bytes/article; %zu original, "
	       "%zu exact, %zu near, %zu rewrite, %zu hard negative; %zu raw pages\n",
	       (double)bytes / 1e6, (double)bytes / (double)B->a.n,
	       kinds[GEN_ORIGINAL], kinds[GEN_EXACT], kinds[GEN_NEAR],
	       kinds[GEN_REWRITE], kinds[GEN_HARDNEG], raw);
}

static void print_speed(const bench *B, const run_result *runs,
			const run_result *med)
{
	double n = (double)B->a.n;
	printf("timed section (loom_engine_add: ingest + copy detection, one core)"
	       ", median of %u run%s:\n", B->a.runs, B->a.runs == 1 ? "" : "s");
	printf("  throughput  : %.0f articles/s, %.1f MB/s (%.3f s)",
	       n / med->seconds, (double)med->bytes / 1e6 / med->seconds,
	       med->seconds);
	if (B->a.runs > 1) {
		printf("; runs:");
		for (unsigned i = 0; i < B->a.runs; i++)
			printf(" %.0f", n / runs[i].seconds);
	}
	printf("\n  latency     : p50 %.1f us, p99 %.1f us, mean %.1f us, max %.1f"
	       " us (a%zu); %zu adds over 10 ms\n", med->p50_us, med->p99_us,
	       med->seconds * 1e6 / n, med->max_us, med->slowest, med->over_10ms);
	printf("  kernel      : %.2f s of it (%.1f %%), %zu page faults (%.2f an article)\n",
	       med->kernel_seconds, 100 * med->kernel_seconds / med->seconds, med->faults,
	       (double)med->faults / n);
	printf("  machine     : a first write costs %.2f us to a fresh 4 KiB page, "
	       "%.0f us to a fresh 2 MiB huge page (before the runs)\n",
	       B->fault_4k_us, B->fault_2m_us);
}

static void print_memory(const bench *B, const run_result *med, size_t hwm_kb)
{
	double n = (double)B->a.n;
	double grown = hwm_kb > B->baseline_kb ? (double)(hwm_kb - B->baseline_kb) : 0;
	printf("memory:\n  peak RSS    : %.1f MB (VmHWM; %.1f MB before the engine"
	       " held anything) -> %.0f bytes/article\n",
	       (double)hwm_kb / 1024, (double)B->baseline_kb / 1024,
	       grown * 1024 / n);
	printf("  engine      : %.0f bytes/article total, index %.0f, sketches"
	       " %.0f (loom_engine_memory)\n",
	       (double)med->mem.total_bytes / n, (double)med->mem.index_bytes / n,
	       (double)med->mem.sketch_bytes / n);
	/* what the stream makes the stores hold: their growth is most of
	 * the memory above */
	printf("  holds       : %zu entities (%.2f an article), %zu quotes, %zu"
	       " stories\n",
	       med->entities, (double)med->entities / n, med->quotes, med->stories);
}

static void print_quality(const bench_quality *q)
{
	printf("copy detection (final copy_of of every article vs the planted"
	       " truth):\n");
	printf("  recall      : %.2f%% strict (copy_of = planted source), %.2f%%"
	       " family (%zu planted copies)\n",
	       pct_of(q->copies_strict, q->copies),
	       pct_of(q->copies_family, q->copies), q->copies);
	for (int k = GEN_EXACT; k <= GEN_REWRITE; k++)
		printf("    %-8s  : %6.2f%% strict, %6.2f%% family (%zu)\n",
		       gen_kind_name(k), pct_of(q->strict[k], q->planted[k]),
		       pct_of(q->family[k], q->planted[k]), q->planted[k]);
	printf("  precision   : %.2f%% (%zu of %zu flagged are planted copies of"
	       " the right family)\n",
	       pct_of(q->true_pos, q->detected), q->true_pos, q->detected);
	printf("  false pos.  : %zu hard negatives (of %zu), %zu originals,"
	       " %zu copies of another family\n",
	       q->fp_hardneg, q->planted[GEN_HARDNEG], q->fp_original,
	       q->wrong_family);
	printf("  kinds       : planted -> engine   none   exact    near rewrite\n");
	for (int k = 0; k < GEN_NKINDS; k++)
		printf("    %-8s  %23zu %7zu %7zu %7zu\n", gen_kind_name(k),
		       q->confusion[k][LOOM_COPY_NONE], q->confusion[k][LOOM_COPY_EXACT],
		       q->confusion[k][LOOM_COPY_NEAR],
		       q->confusion[k][LOOM_COPY_REWRITE]);
}

static void print_result(const bench *B, const run_result *med,
			 const bench_quality *q, size_t hwm_kb)
{
	double n = (double)B->a.n;
	double grown = hwm_kb > B->baseline_kb ? (double)(hwm_kb - B->baseline_kb) : 0;
	printf("RESULT n=%zu articles_per_s=%.0f mb_per_s=%.2f p50_us=%.1f "
	       "p99_us=%.1f rss_per_article=%.0f index_bytes_per_article=%.1f "
	       "sketch_bytes_per_article=%.1f recall=%.4f precision=%.4f "
	       "checksum=%016llx recall_family=%.4f recall_exact=%.4f "
	       "recall_near=%.4f recall_rewrite=%.4f hardneg_fp=%zu "
	       "engine_bytes_per_article=%.0f peak_rss_mb=%.1f runs=%u "
	       "kernel_s=%.2f faults_per_article=%.2f fault_4k_us=%.2f "
	       "fault_2m_us=%.0f\n",
	       B->a.n, n / med->seconds, (double)med->bytes / 1e6 / med->seconds,
	       med->p50_us, med->p99_us, grown * 1024 / n,
	       (double)med->mem.index_bytes / n, (double)med->mem.sketch_bytes / n,
	       pct_of(q->copies_strict, q->copies) / 100,
	       pct_of(q->true_pos, q->detected) / 100,
	       (unsigned long long)med->checksum,
	       pct_of(q->copies_family, q->copies) / 100,
	       pct_of(q->strict[GEN_EXACT], q->planted[GEN_EXACT]) / 100,
	       pct_of(q->strict[GEN_NEAR], q->planted[GEN_NEAR]) / 100,
	       pct_of(q->strict[GEN_REWRITE], q->planted[GEN_REWRITE]) / 100,
	       q->fp_hardneg, (double)med->mem.total_bytes / n,
	       (double)hwm_kb / 1024, B->a.runs, med->kernel_seconds,
	       (double)med->faults / n, B->fault_4k_us, B->fault_2m_us);
}

/* ---- main ---------------------------------------------------------------------- */

static int cmp_run(const void *a, const void *b)
{
	const run_result *x = a, *y = b;
	return (x->seconds > y->seconds) - (x->seconds < y->seconds);
}

static int dump(bench *B)
{
	gen g;
	if (gen_init(&g, &B->model, B->a.seed, &B->cfg))
		return -1;
	for (size_t i = 0; i < B->a.dump; i++) {
		const gen_article *a;
		if (gen_next(&g, i, &a)) {
			gen_free(&g);
			return -1;
		}
		printf("=== a%zu %s source=%ld related=%ld raw=%d date=%s title=\"%s\""
		       " bytes=%zu\n%s\n", i, gen_kind_name(a->truth_kind),
		       a->truth_source, a->related, a->text_is_raw, a->date,
		       a->title, a->len, a->text);
	}
	gen_free(&g);
	return 0;
}

static int run_all(bench *B)
{
	run_result *runs = calloc(B->a.runs, sizeof *runs);
	if (!runs)
		return -1;
	size_t bytes = 0;
	int rc = 0;
	for (unsigned i = 0; i < B->a.runs && !rc; i++) {
		rc = run_once(B, &runs[i]);
		bytes = runs[i].bytes;
		if (!rc && runs[i].checksum != runs[0].checksum)
			fprintf(stderr, "bench: WARNING: run %u gave checksum %016llx,"
				" run 1 %016llx: results are not deterministic\n", i + 1,
				(unsigned long long)runs[i].checksum,
				(unsigned long long)runs[0].checksum);
	}
	if (rc) {
		free(runs);
		return -1;
	}
	size_t hwm_kb = proc_status_kb("VmHWM:");
	run_result *sorted = malloc(B->a.runs * sizeof *sorted);
	if (!sorted) {
		free(runs);
		return -1;
	}
	memcpy(sorted, runs, B->a.runs * sizeof *sorted);
	qsort(sorted, B->a.runs, sizeof *sorted, cmp_run);
	const run_result *med = &sorted[(B->a.runs - 1) / 2];
	bench_quality q;
	bench_score(&q, &B->truth, &B->outcome);
	print_stream(B, bytes);
	print_speed(B, runs, med);
	print_memory(B, med, hwm_kb);
	print_quality(&q);
	printf("  checksum    : %016llx\n", (unsigned long long)med->checksum);
	fflush(stdout);
	rc = bench_inspect(&B->model, B->a.seed, &B->cfg, &B->truth, &B->outcome,
			   B->a.examples, B->a.check_limit);
	print_result(B, med, &q, hwm_kb);
	free(sorted);
	free(runs);
	return rc;
}

int main(int argc, char **argv)
{
	bench B = {0};
	if (parse_args(&B.a, argc, argv)) {
		usage();
		return 2;
	}
	gen_config_default(&B.cfg);
	if (B.a.mutate >= 0)
		B.cfg.mutate = B.a.mutate;
	int rc = 1;
	if (gen_model_load(&B.model, B.a.sentences)) {
		fprintf(stderr, "bench: out of memory loading sentences\n");
		return 1;
	}
	if (B.a.sentences && !B.model.from_file)
		fprintf(stderr, "bench: %s unreadable: using built-in words\n",
			B.a.sentences);
	if (B.a.dump) {
		rc = dump(&B) ? 1 : 0;
		goto out;
	}
	if (truth_alloc(&B.truth, B.a.n) || outcome_alloc(&B.outcome, B.a.n) ||
	    !(B.lat_ns = malloc(B.a.n * sizeof *B.lat_ns))) {
		fprintf(stderr, "bench: out of memory for %zu articles\n", B.a.n);
		goto out;
	}
	memset(B.lat_ns, 0, B.a.n * sizeof *B.lat_ns);
	/* before any engine: memory the runs free is not fresh to the host */
	bench_fault_costs(&B.fault_4k_us, &B.fault_2m_us);
	rc = run_all(&B) ? 1 : 0;
	if (rc)
		fprintf(stderr, "bench: failed\n");
out:
	free(B.b.buf);
	free(B.b.items);
	free(B.lat_ns);
	truth_free(&B.truth);
	outcome_free(&B.outcome);
	gen_model_free(&B.model);
	return rc;
}
