/* people.h - the people the engine knows by name: a surname's key and a
 * first name -> the newest person so named, and a surname's key -> the
 * newest person known by surname alone.
 *
 * What a person with a first name joins (entities.c, best_match). The
 * entity's number is in the slot, so a look-up reads one probe run and
 * nothing else: a list of postings read a head, then a posting, then the
 * entity to compare its keys, three cache misses at a million articles
 * where this is one. Open addressing, linear probing, at most half full,
 * four slots to a cache line. */
#ifndef LOOM_PEOPLE_H
#define LOOM_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

/* The tag of a person known by surname alone; a first name's tag is
 * loom__people_tag of its key, never this nor 0 (an empty slot). */
#define LOOM_PEOPLE_FIRSTLESS 1u

typedef struct loom_person_slot {
	uint64_t key;    /* the surname's key, whole */
	uint32_t tag;    /* LOOM_PEOPLE_FIRSTLESS, a first name's tag; 0: empty */
	uint32_t entity; /* or UINT32_MAX: nobody now (a slot stays once filled) */
} loom_person_slot;

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

/* A first name's tag: its key folded to 32 bits. Two first names of
 * one surname are told apart by these 32 bits (less the two values kept
 * above), as spellings are by their 64-bit hash (entities.c). */
static inline uint32_t loom__people_tag(uint64_t first_key)
{
	uint32_t t = (uint32_t)(first_key ^ (first_key >> 32));
	return t > LOOM_PEOPLE_FIRSTLESS ? t : t + 2;
}

/* Where the probe run of (key, tag) starts in a table of mask + 1 slots. */
static inline size_t loom__people_home(uint64_t key, uint32_t tag, size_t mask)
{
	uint64_t h = (key ^ ((uint64_t)tag * 0x9E3779B97F4A7C15ull)) * 0xFF51AFD7ED558CCDull;
	return (size_t)(h >> 24) & mask;
}

/* Starts loading the line a look-up of (key, tag) reads first. */
static inline void loom__people_prefetch(const loom_people *p, uint64_t key, uint32_t tag)
{
	if (p->slots)
		__builtin_prefetch(&p->slots[loom__people_home(key, tag, p->mask)]);
}

/* The person filed under (key, tag), or UINT32_MAX. */
uint32_t loom__people_get(const loom_people *p, uint64_t key, uint32_t tag);

/* Files entity under (key, tag), in place of whom it held; UINT32_MAX
 * leaves nobody there. Needs room reserved. */
void loom__people_set(loom_people *p, uint64_t key, uint32_t tag, uint32_t entity);

#endif
