/* loom.c - the command line: `loom analyze [options] PATH...`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
	"usage: loom analyze [options] PATH...\n"
	"       loom cluster [options] [PATH...]\n"
	"       loom similarity FILE_A FILE_B\n"
	"       loom --version | --help\n"
	"\n"
	"Reads news articles and tells which are copies of which, and groups\n"
	"them into stories (one event) and storylines (one developing topic).\n"
	"It finds direct quotes and who said them, one quote however many\n"
	"articles carry it, and the people, organisations and places named,\n"
	"their spellings merged.\n"
	"`loom cluster` is a streaming filter: it reads stdin when no PATH is\n"
	"given and writes one JSON line per article as soon as it is assigned.\n"
	"PATH is a file, a folder (read recursively, in name order) or - for\n"
	"stdin; in folders, hidden files and *.md, *.tsv, *.csv, *.json are\n"
	"passed over. *.jsonl / *.ndjson files and stdin starting with '{' hold one\n"
	"JSON object per line (id, text, title, date, author, source, url, lang);\n"
	"any other file is one crawled article whose id is its name.\n"
	"\n"
	"options:\n"
	"  --json            one JSON document at the end (default when stdout\n"
	"                    is not a terminal)\n"
	"  --jsonl           one JSON object per line as each article is read; a\n"
	"                    later line for the same id replaces the earlier one\n"
	"  --report          a readable report (default on a terminal)\n"
	"  --max-bytes N     refuse articles larger than N bytes (default 8M;\n"
	"                    suffixes K, M)\n"
	"  --near X          resemblance for a near copy (default 0.70)\n"
	"  --containment X   share of a rewrite found in its source (default 0.40)\n"
	"  --story-days N    an article joins a story seen in the last N days\n"
	"                    (default 3; undated articles count as the latest date)\n"
	"  --story-similarity X      cosine to join a story (default 0.27)\n"
	"  --storyline-days N        window of a storyline (default 30)\n"
	"  --storyline-similarity X  cosine to join a storyline (default 0.30)\n"
	"  --progress        progress on stderr (default: on a terminal, after 2s)\n"
	"  -q, --quiet       no progress and no warnings on stderr\n"
	"\n"
	"exit status: 0 all input analysed; 1 analysed, but some input was\n"
	"skipped (see warnings); 2 usage error; 3 fatal error.\n";

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_fatal(cli_run *run, const char *msg)
{
	if (!run->fatal)
		run->fatal_msg = msg;
	run->fatal = 1;
}

void cli_show_warnings(cli_run *run)
{
	size_t n = loom_engine_warning_count(run->engine);
	for (; run->warnings_shown < n; run->warnings_shown++) {
		loom_warning_info w;
		if (run->quiet ||
		    loom_engine_warning(run->engine, run->warnings_shown, &w))
			continue;
		if (w.line)
			fprintf(stderr, "%s:%zu: %s\n", w.path ? w.path : "-", w.line,
				w.message);
		else
			fprintf(stderr, "%s: %s\n", w.path ? w.path : "-", w.message);
	}
}

/* The engine keeps one list of warnings, its own and ours, so that the
 * JSON output and stderr say the same. */
void cli_warn(cli_run *run, const char *path, size_t line, const char *msg)
{
	if (loom_engine_warn(run->engine, path, line, msg) != LOOM_OK)
		cli_fatal(run, "out of memory");
	cli_show_warnings(run);
}

void cli_after_add(cli_run *run)
{
	cli_show_warnings(run);
	if (run->format == OUT_JSONL || run->format == OUT_CLUSTER) {
		const size_t *changed;
		size_t n = loom_engine_changed(run->engine, &changed);
		/* the filter tells each article once, when it arrives: the
		 * new article is first in the changed list */
		if (run->format == OUT_CLUSTER && n > 1)
			n = 1;
		for (size_t i = 0; i < n; i++) {
			char *s;
			size_t len;
			if (loom_article_json(&s, &len, run->engine, changed[i])) {
				cli_fatal(run, "out of memory");
				return;
			}
			fwrite(s, 1, len, run->out);
			fputc('\n', run->out);
			loom_free(s);
		}
		/* a pipe reader wants each article as soon as it is known */
		if (fflush(run->out) != 0 || ferror(run->out)) {
			cli_fatal(run, "cannot write output");
			return;
		}
	}
	if (run->progress) {
		double now = cli_now();
		if (now - run->started >= 2.0 && now - run->last_progress >= 0.5) {
			size_t n = loom_engine_count(run->engine);
			double secs = now - run->started;
			fprintf(stderr, "\rloom: %zu articles, %.0f/s, %.1f MB/s   ", n,
				(double)n / secs, (double)run->bytes_in / secs / 1e6);
			run->last_progress = now;
		}
	}
}

static int parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (*end || v == 0 || v > (1ULL << 32))
		return -1;
	*out = (size_t)v;
	return 0;
}

static int parse_ratio(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v > 0 && v <= 1))
		return -1;
	*out = v;
	return 0;
}

static char *slurp(const char *path, size_t cap, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return NULL;
	size_t size = 1 << 16, n = 0;
	char *buf = malloc(size);
	while (buf) {
		size_t got = fread(buf + n, 1, size - n, f);
		n += got;
		if (n > cap) {
			free(buf);
			buf = NULL;
			errno = EFBIG;
			break;
		}
		if (!got)
			break;
		if (n == size) {
			char *nb = realloc(buf, size *= 2);
			if (!nb)
				free(buf);
			buf = nb;
		}
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
}

static int cmd_similarity(int argc, char **argv)
{
	if (argc != 3) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	loom_options o = LOOM_OPTIONS_INIT;
	size_t la, lb;
	char *a = slurp(argv[1], o.max_article_bytes, &la);
	if (!a) {
		fprintf(stderr, "loom: %s: %s\n", argv[1], strerror(errno));
		return EXIT_FATAL;
	}
	char *b = slurp(argv[2], o.max_article_bytes, &lb);
	if (!b) {
		fprintf(stderr, "loom: %s: %s\n", argv[2], strerror(errno));
		free(a);
		return EXIT_FATAL;
	}
	loom_similarity_info si;
	int rc = loom_text_similarity(&si, &o, a, la, b, lb);
	free(a);
	free(b);
	if (rc) {
		fprintf(stderr, "loom: %s\n", loom_strerror(rc));
		return EXIT_FATAL;
	}
	printf("{\"resemblance\": %.4f, \"containment_ab\": %.4f, "
	       "\"containment_ba\": %.4f, \"shingles_a\": %zu, \"shingles_b\": %zu, "
	       "\"shared\": %zu, \"topic\": %.4f}\n",
	       si.resemblance, si.containment_ab, si.containment_ba, si.shingles_a,
	       si.shingles_b, si.shared, si.topic);
	return EXIT_OK;
}

static int parse_days(const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > 3650 || s[0] == '-')
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* analyze and cluster: the same run, another output. */
static int cmd_analyze(int argc, char **argv, int cluster)
{
	loom_options opts = LOOM_OPTIONS_INIT;
	cli_run run = {0};
	run.out = stdout;
	run.progress = -1;
	int first_path = 0, npaths = 0;
	char **paths = calloc((size_t)argc, sizeof *paths);
	if (!paths)
		return EXIT_FATAL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (first_path || a[0] != '-' || !strcmp(a, "-")) {
			paths[npaths++] = argv[i];
		} else if (!strcmp(a, "--")) {
			first_path = 1;
		} else if (!strcmp(a, "--json")) {
			run.format = OUT_JSON;
		} else if (!strcmp(a, "--jsonl")) {
			run.format = OUT_JSONL;
		} else if (!strcmp(a, "--report")) {
			run.format = OUT_REPORT;
		} else if (!strcmp(a, "--progress")) {
			run.progress = 1;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			run.quiet = 1;
			run.progress = 0;
		} else if (!strcmp(a, "--max-bytes") && i + 1 < argc) {
			if (parse_size(argv[++i], &opts.max_article_bytes))
				goto bad_value;
		} else if (!strcmp(a, "--near") && i + 1 < argc) {
			if (parse_ratio(argv[++i], &opts.near_similarity))
				goto bad_value;
		} else if (!strcmp(a, "--containment") && i + 1 < argc) {
			if (parse_ratio(argv[++i], &opts.rewrite_containment))
				goto bad_value;
		} else if (!strcmp(a, "--story-days") && i + 1 < argc) {
			if (parse_days(argv[++i], &opts.story_days))
				goto bad_value;
		} else if (!strcmp(a, "--storyline-days") && i + 1 < argc) {
			if (parse_days(argv[++i], &opts.storyline_days))
				goto bad_value;
		} else if (!strcmp(a, "--story-similarity") && i + 1 < argc) {
			if (parse_ratio(argv[++i], &opts.story_similarity))
				goto bad_value;
		} else if (!strcmp(a, "--storyline-similarity") && i + 1 < argc) {
			if (parse_ratio(argv[++i], &opts.storyline_similarity))
				goto bad_value;
		} else {
			fprintf(stderr, "loom: unknown option %s\n\n%s", a, usage);
			free(paths);
			return EXIT_USAGE;
		}
		continue;
bad_value:
		fprintf(stderr, "loom: bad value for %s: %s\n", a, argv[i]);
		free(paths);
		return EXIT_USAGE;
	}
	if (cluster) {
		if (run.format != OUT_AUTO) {
			fprintf(stderr, "loom: cluster writes JSON lines only\n");
			free(paths);
			return EXIT_USAGE;
		}
		run.format = OUT_CLUSTER;
		if (!npaths)
			paths[npaths++] = "-";
	}
	if (!npaths) {
		fprintf(stderr, "loom: no input given\n\n%s", usage);
		free(paths);
		return EXIT_USAGE;
	}
	if (run.format == OUT_AUTO)
		run.format = isatty(STDOUT_FILENO) ? OUT_REPORT : OUT_JSON;
	if (run.progress < 0)
		run.progress = isatty(STDERR_FILENO);
	run.max_article_bytes = opts.max_article_bytes;
	int rc = loom_engine_new(&run.engine, &opts);
	if (rc) {
		fprintf(stderr, "loom: %s\n", loom_strerror(rc));
		free(paths);
		return rc == LOOM_EINVAL ? EXIT_USAGE : EXIT_FATAL;
	}
	run.started = cli_now();
	for (int i = 0; i < npaths && !run.fatal; i++)
		cli_add_path(&run, paths[i]);
	free(paths);
	if (run.progress && run.last_progress > 0)
		fputc('\n', stderr);
	int status = run.fatal ? EXIT_FATAL : run.skipped ? EXIT_SKIPPED : EXIT_OK;
	if (run.fatal) {
		fprintf(stderr, "loom: %s\n", run.fatal_msg ? run.fatal_msg : "fatal error");
	} else if (run.format == OUT_JSON) {
		if (cli_print_json(&run))
			status = EXIT_FATAL;
	} else if (run.format == OUT_REPORT) {
		if (cli_print_report(&run))
			status = EXIT_FATAL;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "loom: cannot write output: %s\n", strerror(errno));
		status = EXIT_FATAL;
	}
	loom_engine_free(run.engine);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("loom %s\n", LOOM_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "analyze"))
		return cmd_analyze(argc - 1, argv + 1, 0);
	if (!strcmp(argv[1], "cluster"))
		return cmd_analyze(argc - 1, argv + 1, 1);
	if (!strcmp(argv[1], "similarity"))
		return cmd_similarity(argc - 1, argv + 1);
	fprintf(stderr, "loom: unknown command %s\n\n%s", argv[1], usage);
	return EXIT_USAGE;
}
