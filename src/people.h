/* people.h - the people the engine knows by name: a surname's key and a
 * first name -> the newest person so named, and a surname's key -> the
 * newest person known by surname alone.
 *
 * What a person with a first name joins (entities.c, best_match). The
 * entity's number is in the slot, so a look-up reads one probe run and
 * nothing else: a list of postings read a head, then a posting, then the
 * entity to compare its keys, three cache misses at a million articles
 * where this is one. Open addressing, linear probing, at most half full,
 * four slots to a cache line.
 *
 * Only the newest person known by surname alone is kept: a newer one
 * hides an older, and when the newest gains a first name, the older is
 * found no more (a list of postings found it). Two surname-alone people
 * of one surname arise only when a bare surname missed the first
 * (farther back than names.c's window in one article, or lost to the
 * latest table's fold), so this is accepted for the miss it saves. */
#ifndef LOOM_PEOPLE_H
#define LOOM_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

/* The tag of a person known by surname alone; a first name's tag is
 * a fold of its key, never this nor 0 (an empty slot). */
#define LOOM_PEOPLE_FIRSTLESS 1u

typedef struct loom_person_slot {
	uint64_t key;    /* loom_person_name.key */
	uint32_t tag;    /* LOOM_PEOPLE_FIRSTLESS, a first name's tag; 0: empty */
	uint32_t entity; /* or UINT32_MAX: nobody now (a slot stays once filled) */
} loom_person_slot;

/* What a person is filed under. */
typedef struct loom_person_name {
	uint64_t key;
	uint32_t tag;
} loom_person_name;

/* Known by surname alone: the surname's key, whole. */
static inline loom_person_name loom__people_surname(uint64_t key)
{
	return (loom_person_name){key, LOOM_PEOPLE_FIRSTLESS};
}

/* With a first name: the surname's key mixed with the first name's, so
 * two first names of one surname differ in the key whenever their 64-bit
 * keys differ (a rotation and an xor lose nothing). The tag is never
 * LOOM_PEOPLE_FIRSTLESS, so no surname-alone slot is taken for it; its
 * 32 bits of the first name make two people of different surnames one
 * slot only when 96 bits of XXH3 agree (LOOM_TEST builds check every hit
 * in entities.c). A 32-bit tag alone let "Notorafis Smith" find
 * "Pusagemal Smith". */
static inline loom_person_name loom__people_full(uint64_t key, uint64_t first_key)
{
	uint32_t t = (uint32_t)(first_key ^ (first_key >> 32));
	uint64_t mixed = key ^ ((first_key << 17) | (first_key >> 47)) ^ 0x9E3779B97F4A7C15ull;
	return (loom_person_name){mixed, t > LOOM_PEOPLE_FIRSTLESS ? t : t + 2};
}

/* Where the probe run of n starts in a table of mask + 1 slots. Every
 * bit of the key counts: the high half is folded down before the
 * multiply carries the low bits up to those taken. */
static inline size_t loom__people_home(loom_person_name n, size_t mask)
{
	uint64_t h = n.key ^ ((uint64_t)n.tag * 0x9E3779B97F4A7C15ull);
	h = (h ^ (h >> 32)) * 0xFF51AFD7ED558CCDull;
	return (size_t)(h >> 24) & mask;
}

typedef struct loom_people {
	loom_mem *mem;
	loom_person_slot *slots; /* from a cache line's start in block */
	void *block;
	size_t mask, used;
} loom_people;

void loom__people_init(loom_people *p, loom_mem *mem);
void loom__people_free(loom_people *p);

/* Room for n more names. Returns 0 or -1 when out of memory. */
int loom__people_reserve(loom_people *p, size_t n);

/* Starts loading the line a look-up of n reads first. */
static inline void loom__people_prefetch(const loom_people *p, loom_person_name n)
{
	if (p->slots)
		__builtin_prefetch(&p->slots[loom__people_home(n, p->mask)]);
}

/* The person filed under n, or UINT32_MAX. */
uint32_t loom__people_get(const loom_people *p, loom_person_name n);

/* Files entity under n, in place of whom it held; UINT32_MAX leaves
 * nobody there. Needs room reserved. */
void loom__people_set(loom_people *p, loom_person_name n, uint32_t entity);

#endif
