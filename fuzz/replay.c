/* replay.c - runs a fuzz target on saved inputs, without libFuzzer.
 *
 * Built into $(BUILD)/fuzz/<target> by the Makefile together with
 * fuzz/<target>_fuzz.c and the library sources, under ASan+UBSan with
 * -fno-sanitize-recover, so a crash or an invariant violation (abort())
 * stops the run with a non-zero status. `make fuzz` links the same
 * target with clang's -fsanitize=fuzzer instead, which brings its own
 * main(); this file is not part of that build.
 *
 * Usage: <target> FILE|DIR...  (directories: regular files inside, not
 * recursive, in sorted order). Prints "replay: N inputs, 0 failures". */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t ninputs;

static void die(const char *what, const char *path)
{
	fprintf(stderr, "replay: %s: %s: %s\n", path, what, strerror(errno));
	exit(2);
}

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot open", path);
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	if (!buf)
		die("out of memory", path);
	for (;;) {
		if (len == cap) {
			cap *= 2;
			uint8_t *n = realloc(buf, cap);
			if (!n)
				die("out of memory", path);
			buf = n;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		die("read failed", path);
	fclose(f);
	/* An exact-size copy, as libFuzzer passes it: ASan then sees any
	 * read past the end (or before the start) of the input. */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact)
		die("out of memory", path);
	if (len)
		memcpy(exact, buf, len);
	free(buf);
	if (getenv("REPLAY_VERBOSE"))
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	ninputs++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		die("cannot open directory", dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' &&
		    (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		size_t l = strlen(dir) + strlen(de->d_name) + 2;
		char *p = malloc(l);
		if (!p)
			die("out of memory", dir);
		snprintf(p, l, "%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(p, &st) || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof *nn);
			if (!nn)
				die("out of memory", dir);
			names = nn;
		}
		names[n++] = p;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		run_file(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st))
			die("cannot stat", argv[i]);
		if (S_ISDIR(st.st_mode))
			run_dir(argv[i]);
		else
			run_file(argv[i]);
	}
	printf("replay: %zu inputs, 0 failures\n", ninputs);
	return 0;
}
