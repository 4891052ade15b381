/* fuzz_check.h - what every fuzz target shares: an invariant check that
 * aborts (so libFuzzer and the replay both stop on it). */
#ifndef LOOM_FUZZ_CHECK_H
#define LOOM_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(c)                                                              \
	do {                                                                  \
		if (!(c)) {                                                   \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",      \
				__FILE__, __LINE__, #c);                      \
			abort();                                              \
		}                                                             \
	} while (0)

#endif
