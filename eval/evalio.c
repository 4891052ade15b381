/* evalio.c - buffers, JSONL output and the seeded shuffle; see eval.h. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

int eval_buf_add(eval_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int eval_buf_adds(eval_buf *b, const char *s)
{
	return eval_buf_add(b, s, strlen(s));
}

void eval_buf_free(eval_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

int eval_write_doc(FILE *f, const char *id, const char *title,
		   const char *text, size_t text_len)
{
	json_t *o = json_object();
	json_t *t = json_stringn(text, text_len);
	int rc = -1;
	if (!o || !t || json_object_set_new(o, "id", json_string(id)))
		goto done;
	if (title && json_object_set_new(o, "title", json_string(title)))
		goto done;
	if (json_object_set(o, "text", t))
		goto done;
	/* keys in insertion order, so the lines diff well between runs */
	char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!line)
		goto done;
	rc = fputs(line, f) < 0 || putc('\n', f) == EOF ? -1 : 0;
	free(line);
done:
	json_decref(t);
	json_decref(o);
	return rc;
}

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void eval_shuffle(size_t *idx, size_t n, uint64_t seed)
{
	uint64_t s = seed;
	for (size_t i = n; i > 1; i--) {
		/* the modulo bias is below 1e-15 for n < 2^14: irrelevant here */
		size_t j = (size_t)(splitmix64(&s) % i);
		size_t t = idx[i - 1];
		idx[i - 1] = idx[j];
		idx[j] = t;
	}
}

size_t eval_split_tabs(char *s, char **col, size_t max)
{
	size_t n = 0;
	while (n < max) {
		col[n++] = s;
		s = strchr(s, '\t');
		if (!s)
			break;
		*s++ = '\0';
	}
	return n;
}

const char *eval_open_all(FILE **f, char *const *path, const char *const *mode,
			  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		f[i] = fopen(path[i], mode[i]);
		if (!f[i]) {
			for (size_t k = 0; k < i; k++)
				fclose(f[k]);
			return path[i];
		}
	}
	return NULL;
}
