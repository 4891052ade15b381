/* machine.c - what first touches of memory cost on this machine; see
 * bench_fault_costs() in bench.h.
 *
 * On the VM we measure on, a 4 KiB page fault costs 11-14 us, and a
 * transparent huge page 0.15-0.3 ms when the guest kernel still holds
 * its memory and 2-5 ms when the host must back it anew: many times
 * what a bare machine pays. The engine touches thousands of new pages
 * a second, so these figures move its speed from one session's host to
 * the next; the bench prints them beside its own. The 4 KiB figure is
 * steady; the 2 MiB one swings with how recently the VM freed memory. */
#define _GNU_SOURCE /* MADV_HUGEPAGE, MADV_NOHUGEPAGE */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define PROBES 5
#define PROBE_BYTES ((size_t)32 << 20)
#define SMALL_PAGE ((size_t)4 << 10)
#define HUGE_PAGE ((size_t)2 << 20)

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* Microseconds per page of `page` bytes to write one byte in each page of
 * a fresh mapping given the advice; < 0 when mmap fails. The mapping
 * stays, so that the next probe cannot reuse its memory. */
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
	return (now_us() - t0) / (double)(PROBE_BYTES / page);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median_cost(size_t page, int advice)
{
	double t[PROBES];
	for (int i = 0; i < PROBES; i++)
		if ((t[i] = touch_cost(page, advice)) < 0)
			return -1;
	qsort(t, PROBES, sizeof t[0], cmp_double);
	return t[PROBES / 2];
}

void bench_fault_costs(double *small_us, double *huge_us)
{
	*small_us = *huge_us = -1;
	/* in a child, whose memory is not the bench's peak RSS */
	int fd[2];
	if (pipe(fd))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		double r[2] = {median_cost(SMALL_PAGE, MADV_NOHUGEPAGE),
			       /* where THP is "never": small pages again */
			       median_cost(HUGE_PAGE, MADV_HUGEPAGE)};
		_exit(write(fd[1], r, sizeof r) == (ssize_t)sizeof r ? 0 : 1);
	}
	close(fd[1]);
	if (pid > 0) {
		double r[2];
		if (read(fd[0], r, sizeof r) == (ssize_t)sizeof r) {
			*small_us = r[0];
			*huge_us = r[1];
		}
		waitpid(pid, NULL, 0);
	}
	close(fd[0]);
}
