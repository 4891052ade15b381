#!/bin/sh
# Banned functions (unbounded writes, silent conversion errors) and the
# rule that the library allocates only through its choke point.
set -u
cd "$(dirname "$0")/.." || exit 1
status=0
if grep -nE '\b(sprintf|vsprintf|strcat|strcpy|gets|atoi|atol|atof)\s*\(' \
	src/*.c src/*.h cli/*.c include/*.h tests/*.c fuzz/*.c bench/*.c 2>/dev/null; then
	echo "lint: banned function (use snprintf, memcpy with a length, strtol)"
	status=1
fi
# the library allocates only in alloc.c; jsonio.c holds jansson-owned data,
# and store_info.c the chain arrays it and the JSON share (output-path
# scratch, freed before the call returns, on a const engine)
if grep -nE '\b(malloc|calloc|realloc|free)\s*\(' src/*.c |
	grep -vE '^src/(alloc|jsonio|engine|store_info)\.c:' ; then
	echo "lint: the library allocates through loom__malloc only"
	status=1
fi
[ $status -eq 0 ] && echo "lint: clean"
exit $status
