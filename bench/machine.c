/* machine.c - what first touches of memory cost on this machine; see
 * bench_fault_costs() in bench.h.
 *
 * On the VM we measure on, a 4 KiB page fault costs 11-14 us, and a
 * transparent huge page 0.6 ms when the host has backed that memory
 * before and 4-5 ms when it has not: ten times what a bare machine
 * pays. The engine touches thousands of new pages a second, so these
 * figures move its speed from one session's host to the next; the bench
 * prints them beside its own so that runs far apart can be compared. */
#define _GNU_SOURCE /* MADV_HUGEPAGE, MADV_NOHUGEPAGE */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "bench.h"

#define PROBE_BYTES ((size_t)64 << 20)
#define SMALL_PAGE ((size_t)4 << 10)
#define HUGE_PAGE ((size_t)2 << 20)

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* Microseconds per page of `page` bytes to write one byte in each page of
 * a fresh mapping, with the advice given; < 0 when mmap fails. */
static double touch_cost(size_t page, int advice)
{
	/* one huge page more, to start on a 2 MiB boundary */
	size_t len = PROBE_BYTES + HUGE_PAGE;
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	char *at = (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	(void)madvise(at, PROBE_BYTES, advice);
	double t0 = now_us();
	for (size_t i = 0; i < PROBE_BYTES; i += page)
		((volatile char *)at)[i] = 1;
	double us = now_us() - t0;
	munmap(m, len);
	return us / (double)(PROBE_BYTES / page);
}

void bench_fault_costs(double *small_us, double *huge_us)
{
	*small_us = touch_cost(SMALL_PAGE, MADV_NOHUGEPAGE);
	/* where THP is "never" this is small pages again, 512 to a step */
	*huge_us = touch_cost(HUGE_PAGE, MADV_HUGEPAGE);
}
