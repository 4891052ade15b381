/* swar.h - eight bytes of text at a time in a uint64_t (SWAR), each
 * byte's answer in its top bit: what the word scans of tokens.c and
 * lexicon.c ask of every byte, without a branch per byte. */
#ifndef LOOM_SWAR_H
#define LOOM_SWAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LOOM_SWAR_ONES 0x0101010101010101ull
#define LOOM_SWAR_HIGHS 0x8080808080808080ull

/* Top bit of each byte of x (all bytes ASCII) that is in [lo, hi]
 * (hi <= 0x7F): the two sums carry into a byte's top bit from lo on and
 * past hi on, and no byte below 0x80 carries into the next. */
static inline uint64_t loom__swar_in_range_ascii(uint64_t x, unsigned lo, unsigned hi)
{
	uint64_t from_lo = x + LOOM_SWAR_ONES * (0x80 - lo);
	uint64_t past_hi = x + LOOM_SWAR_ONES * (0x80 - hi - 1);
	return from_lo & ~past_hi & LOOM_SWAR_HIGHS;
}

/* x (all bytes ASCII) with its capital letters lowered: 0x80 >> 2 is
 * 'a' - 'A'. */
static inline uint64_t loom__swar_lower_ascii(uint64_t x)
{
	return x | loom__swar_in_range_ascii(x, 'A', 'Z') >> 2;
}

/* The same for any bytes: those of 0x80 and above are in no range. */
static inline uint64_t loom__swar_in_range(uint64_t x, unsigned lo, unsigned hi)
{
	return loom__swar_in_range_ascii(x & ~LOOM_SWAR_HIGHS, lo, hi) & ~x;
}

/* Is any byte of x below n (n <= 0x80)? Exact as a yes or no, though the
 * bits set need not mark the right bytes. */
static inline uint64_t loom__swar_any_below(uint64_t x, unsigned n)
{
	return (x - LOOM_SWAR_ONES * n) & ~x & LOOM_SWAR_HIGHS;
}

/* How many top bits m (nothing but top bits) holds. */
static inline size_t loom__swar_count(uint64_t m)
{
	return (size_t)(((m >> 7) * LOOM_SWAR_ONES) >> 56);
}

/* How many of the eight bytes at s, from the first, are ASCII letters or
 * digits; *bytes gets the eight bytes, *letters the top bit of each
 * letter among the ones counted. A big-endian machine gets 0: its
 * caller's byte loop does it all. */
static inline size_t loom__swar_alnum_run(const void *s, uint64_t *bytes, uint64_t *letters)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x;
	memcpy(&x, s, 8);
	uint64_t letter = loom__swar_in_range(x | LOOM_SWAR_ONES * 0x20, 'a', 'z');
	uint64_t other = ~(letter | loom__swar_in_range(x, '0', '9')) & LOOM_SWAR_HIGHS;
	size_t n = other ? (size_t)__builtin_ctzll(other) / 8 : 8;
	/* the first byte is in the low bits */
	*bytes = x;
	*letters = n == 8 ? letter : letter & ((1ull << (8 * n)) - 1);
	return n;
#else
	(void)s;
	*bytes = *letters = 0;
	return 0;
#endif
}

#endif
