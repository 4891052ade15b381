/* dates.c - see dates.h. */
#include "dates.h"

#include <stdio.h>
#include <string.h>

/* Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int valid_ymd(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static size_t digits(const char *s, size_t len, size_t at, size_t n, int *val)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (at + i >= len || s[at + i] < '0' || s[at + i] > '9')
			return 0;
		v = v * 10 + (s[at + i] - '0');
	}
	*val = v;
	return n;
}

static void set_day(loom_date *out, int y, int m, int d)
{
	memset(out, 0, sizeof *out);
	out->day = days_from_civil(y, (unsigned)m, (unsigned)d);
	snprintf(out->iso, sizeof out->iso, "%04d-%02d-%02d", y, m, d);
}

/* HH:MM[:SS[.frac]][Z|+hh:mm|+hhmm] at s+at; returns bytes or 0. */
static size_t parse_time(loom_date *out, const char *s, size_t len, size_t at,
			 int y, int mo, int d)
{
	int hh, mm, ss = 0;
	size_t p = at;
	if (!digits(s, len, p, 2, &hh) || p + 2 >= len || s[p + 2] != ':' ||
	    !digits(s, len, p + 3, 2, &mm))
		return 0;
	p += 5;
	if (p < len && s[p] == ':' && digits(s, len, p + 1, 2, &ss)) {
		p += 3;
		if (p < len && (s[p] == '.' || s[p] == ',')) {
			p++;
			while (p < len && s[p] >= '0' && s[p] <= '9')
				p++;
		}
	}
	if (hh > 23 || mm > 59 || ss > 60)
		return 0;
	long offset = 0;
	int zoned = 0;
	if (p < len && s[p] == 'Z') {
		zoned = 1;
		p++;
	} else if (p < len && (s[p] == '+' || s[p] == '-')) {
		int oh, om = 0;
		size_t q = p + 1;
		if (digits(s, len, q, 2, &oh)) {
			q += 2;
			if (q < len && s[q] == ':')
				q++;
			if (digits(s, len, q, 2, &om))
				q += 2;
			if (oh <= 14 && om <= 59) {
				offset = (s[p] == '-' ? -1 : 1) *
					 (oh * 3600L + om * 60L);
				zoned = 1;
				p = q;
			}
		}
	}
	/* Times without a zone are read as UTC: a page rarely says, and
	 * Loom only compares dates to order copies. */
	long secs = hh * 3600L + mm * 60L + (ss > 59 ? 59 : ss) - offset;
	int64_t day = days_from_civil(y, (unsigned)mo, (unsigned)d);
	while (secs < 0) {
		secs += 86400;
		day--;
	}
	while (secs >= 86400) {
		secs -= 86400;
		day++;
	}
	out->day = day;
	out->seconds = (int32_t)secs;
	out->has_time = 1;
	(void)zoned;
	char ymd[11];
	loom__date_of_day(ymd, day);
	snprintf(out->iso, sizeof out->iso, "%sT%02ld:%02ld:%02ldZ", ymd,
		 secs / 3600, secs / 60 % 60, secs % 60);
	return p - at;
}

static int month_of(const char *s, size_t len, size_t *used)
{
	static const char *names[] = {"january", "february", "march", "april",
				      "may",     "june",     "july",  "august",
				      "september", "october", "november",
				      "december"};
	size_t n = 0;
	char w[12];
	while (n < len && n < sizeof w - 1 &&
	       ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))) {
		w[n] = (char)(s[n] | 0x20);
		n++;
	}
	if (n < 3 || (n < len && ((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'z')))
		return 0;
	w[n] = '\0';
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(names[m]);
		if ((n == full && !memcmp(w, names[m], n)) ||
		    (n == 3 && !memcmp(w, names[m], 3)) ||
		    (n == 4 && m == 8 && !memcmp(w, "sept", 4))) {
			*used = n + (n < len && s[n] == '.');
			return m + 1;
		}
	}
	return 0;
}

static size_t skip_spaces(const char *s, size_t len, size_t p)
{
	while (p < len && (s[p] == ' ' || s[p] == '\t'))
		p++;
	return p;
}

size_t loom__date_parse(loom_date *out, const char *s, size_t len)
{
	int y, m, d;
	size_t p = 0, used;
	memset(out, 0, sizeof *out);
	/* ISO and 2024/03/02 */
	if (digits(s, len, 0, 4, &y) && len > 4 && (s[4] == '-' || s[4] == '/') &&
	    digits(s, len, 5, 2, &m) && len > 7 && s[7] == s[4] &&
	    digits(s, len, 8, 2, &d) && valid_ymd(y, m, d) &&
	    !(len > 10 && s[10] >= '0' && s[10] <= '9')) {
		set_day(out, y, m, d);
		p = 10;
		if (s[4] == '-' && p < len && (s[p] == 'T' || s[p] == ' ')) {
			size_t t = parse_time(out, s, len, p + 1, y, m, d);
			if (t)
				p += 1 + t;
		}
		return p;
	}
	/* "March 2, 2024" */
	if ((m = month_of(s, len, &used))) {
		p = skip_spaces(s, len, used);
		size_t dn = 0;
		if (digits(s, len, p, 2, &d))
			dn = 2;
		else if (digits(s, len, p, 1, &d))
			dn = 1;
		if (!dn)
			return 0;
		p += dn;
		if (p + 1 < len && ((s[p] == 's' && s[p + 1] == 't') ||
				    (s[p] == 'n' && s[p + 1] == 'd') ||
				    (s[p] == 'r' && s[p + 1] == 'd') ||
				    (s[p] == 't' && s[p + 1] == 'h')))
			p += 2;
		if (p < len && s[p] == ',')
			p++;
		p = skip_spaces(s, len, p);
		if (!digits(s, len, p, 4, &y) || !valid_ymd(y, m, d) ||
		    (p + 4 < len && s[p + 4] >= '0' && s[p + 4] <= '9'))
			return 0;
		set_day(out, y, m, d);
		return p + 4;
	}
	/* "2 March 2024" */
	size_t dn = digits(s, len, 0, 2, &d) ? 2 : digits(s, len, 0, 1, &d) ? 1 : 0;
	if (dn) {
		p = skip_spaces(s, len, dn);
		if (p == dn && !(p < len && (s[p] < '0' || s[p] > '9')))
			return 0;
		if ((m = month_of(s + p, len - p, &used))) {
			p = skip_spaces(s, len, p + used);
			if (p < len && s[p] == ',')
				p = skip_spaces(s, len, p + 1);
			if (digits(s, len, p, 4, &y) && valid_ymd(y, m, d) &&
			    !(p + 4 < len && s[p + 4] >= '0' && s[p + 4] <= '9')) {
				set_day(out, y, m, d);
				return p + 4;
			}
		}
	}
	return 0;
}

int loom__date_cmp(const loom_date *a, const loom_date *b)
{
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->has_time && b->has_time && a->seconds != b->seconds)
		return a->seconds < b->seconds ? -1 : 1;
	return 0;
}

/* H. Hinnant's civil_from_days. */
void loom__date_of_day(char iso[11], int64_t day)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned dd = doy - (153 * mp + 2) / 5 + 1;
	unsigned mm = mp < 10 ? mp + 3 : mp - 9;
	yy += mm <= 2;
	snprintf(iso, 11, "%04u-%02u-%02u", (unsigned)(((yy % 10000) + 10000) % 10000),
		 mm % 100, dd % 100);
}
