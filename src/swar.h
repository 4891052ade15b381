/* swar.h - eight bytes of text at a time in a uint64_t (SWAR), each
 * byte's answer in its top bit: what the word scans of tokens.c and
 * lexicon.c ask of every byte, without a branch per byte. */
#ifndef LOOM_SWAR_H
#define LOOM_SWAR_H

#include <stddef.h>
#include <stdint.h>

#define LOOM_SWAR_ONES 0x0101010101010101ull
#define LOOM_SWAR_HIGHS 0x8080808080808080ull

/* Top bit of each byte of x that is an ASCII character in [lo, hi]
 * (hi <= 0x7F): the two sums carry into a byte's top bit from lo on and
 * past hi on; bytes of 0x80 and above are masked off first, so that no
 * sum carries into the next byte. */
static inline uint64_t loom__swar_in_range(uint64_t x, unsigned lo, unsigned hi)
{
	uint64_t low7 = x & ~LOOM_SWAR_HIGHS;
	uint64_t from_lo = low7 + LOOM_SWAR_ONES * (0x80 - lo);
	uint64_t past_hi = low7 + LOOM_SWAR_ONES * (0x80 - hi - 1);
	return from_lo & ~past_hi & ~x & LOOM_SWAR_HIGHS;
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
