/* cli.h - the loom command line tool, built on include/loom.h only. */
#ifndef LOOM_CLI_H
#define LOOM_CLI_H

#include <stdio.h>

#include "loom.h"

/* Exit codes: documented in README.md and `loom --help`. */
enum {
	EXIT_OK = 0,      /* every input analysed */
	EXIT_SKIPPED = 1, /* analysed, but some input was skipped (see warnings) */
	EXIT_USAGE = 2,   /* bad command line */
	EXIT_FATAL = 3    /* could not go on: out of memory, output failed */
};

/* OUT_CLUSTER: one line per article when it is assigned, never repeated
 * (the streaming filter `loom cluster`). */
typedef enum out_format { OUT_AUTO, OUT_JSON, OUT_JSONL, OUT_REPORT, OUT_CLUSTER } out_format;

typedef struct cli_run {
	loom_engine *engine;
	out_format format;
	FILE *out;
	size_t max_article_bytes;
	size_t skipped;      /* inputs skipped with a warning */
	int fatal;           /* set on out-of-memory or output failure */
	const char *fatal_msg;
	int progress;        /* print progress on stderr */
	double started;      /* seconds, monotonic */
	double last_progress;
	size_t bytes_in;
	size_t warnings_shown; /* engine warnings already on stderr */
	int quiet;
} cli_run;

/* inputs.c: reads files, folders (recursively, in name order) and "-"
 * (stdin) into the engine, warning about and skipping what is bad. */
void cli_add_path(cli_run *run, const char *path);

/* Stops the run: msg is printed at the end (static string). */
void cli_fatal(cli_run *run, const char *msg);

/* Records a warning (also printed to stderr as "path:line: message"). */
void cli_warn(cli_run *run, const char *path, size_t line, const char *msg);
/* Called after each add: streams JSONL and progress. */
void cli_after_add(cli_run *run);
/* Prints the warnings recorded since the last call to stderr. */
void cli_show_warnings(cli_run *run);

/* report.c */
int cli_print_json(cli_run *run);
int cli_print_report(cli_run *run);

double cli_now(void);

#endif
