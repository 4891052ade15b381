/* dates.h - dates as news pages write them, turned into ISO 8601. */
#ifndef LOOM_DATES_H
#define LOOM_DATES_H

#include <stddef.h>
#include <stdint.h>

typedef struct loom_date {
	int64_t day;     /* days since 1970-01-01 */
	int32_t seconds; /* since midnight UTC, when has_time */
	int has_time;
	char iso[32];    /* YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ */
} loom_date;

/* Parses a date at the start of s[0..len): ISO 8601 (2024-03-02,
 * 2024-03-02T09:15:00Z, with an offset), 2024/03/02, "March 2, 2024",
 * "Mar 2 2024", "2 March 2024". Ambiguous forms such as 02/03/2024 are
 * refused rather than guessed. Returns the bytes consumed, 0 if none. */
size_t loom__date_parse(loom_date *out, const char *s, size_t len);

/* -1, 0, 1 as a is earlier, the same or later than b; compares times only
 * when both have one. */
int loom__date_cmp(const loom_date *a, const loom_date *b);

/* YYYY-MM-DD of a day number (days since 1970-01-01) into iso[11]. */
void loom__date_of_day(char iso[11], int64_t day);

#endif
