/* swar.h - eight bytes of text at a time in a uint64_t (SWAR), each
 * byte's answer in its top bit: what the word scans of tokens.c and
 * lexicon.c ask of every byte, without a branch per byte. */
#ifndef LOOM_SWAR_H
#define LOOM_SWAR_H

#include <stddef.h>
#include <stdint.h>

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

#endif
