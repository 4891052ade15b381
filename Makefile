# Loom - build, test, run. `make run` and `make test` work on a fresh
# Debian 12 machine as root: missing packages are installed with apt-get.

CC      ?= cc
PKGS    := libutf8proc libxxhash jansson
# Debian packages that provide the pkg-config names above, plus tools.
APT_PKGS := gcc make pkg-config libutf8proc-dev libxxhash-dev libjansson-dev libstemmer-dev \
	libxml2-dev libcsv-dev wamerican wordnet-base iso-codes

BUILD   := build
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Werror -Wstrict-prototypes -Wshadow -Wno-unused-parameter
OPT     ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) -fPIC -Iinclude -I$(BUILD)/gen $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LIBS_ALL   = $(PKG_LIBS) -lstemmer -lm

LIB_SRC := $(wildcard src/*.c)
# The name lexicon is generated from Debian data (tools/gen_lexicon.c).
LEXICON := $(BUILD)/gen/lexicon.inc
LEXICON_DATA := /usr/share/dict/american-english \
	/usr/share/iso-codes/json/iso_3166-1.json \
	/usr/share/iso-codes/json/iso_3166-2.json /usr/share/wordnet/data.noun \
	tools/tables/stopwords_en.txt tools/tables/words
LIB_HDR := $(wildcard src/*.h src/tables/*.inc include/*.h) $(LEXICON)
CLI_SRC := $(wildcard cli/*.c)

.PHONY: all deps run test test-unit test-asan fuzz-replay fuzz bench eval \
	leakcheck lint clean test-full

all: deps $(BUILD)/libloom.a $(BUILD)/libloom.so $(BUILD)/loom

# Installs what is missing, once. apt-get update runs first because a fresh
# machine has no package lists.
deps: $(BUILD)/.deps
$(BUILD)/.deps: Makefile
	@mkdir -p $(BUILD)
	@missing=""; for p in $(APT_PKGS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi
	@touch $@

$(LEXICON): tools/gen_lexicon.c src/lexicon.h tools/tables/stopwords_en.txt \
		$(wildcard tools/tables/words/*.txt) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -Isrc $(PKG_CFLAGS) -o $(BUILD)/gen/gen_lexicon \
		tools/gen_lexicon.c $(PKG_LIBS)
	$(BUILD)/gen/gen_lexicon $(LEXICON_DATA) $@.tmp && mv $@.tmp $@

$(BUILD)/obj/%.o: src/%.c $(LIB_HDR) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))

$(BUILD)/libloom.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/libloom.so: $(LIB_OBJ)
	$(CC) -shared -o $@ $^ $(LIBS_ALL)

$(BUILD)/loom: $(CLI_SRC) include/loom.h $(BUILD)/libloom.a
	$(CC) $(CFLAGS_ALL) -o $@ $(CLI_SRC) $(BUILD)/libloom.a $(LIBS_ALL)

run: all
	./$(BUILD)/loom analyze --report examples/ ; test $$? -le 1

# ---- tests -----------------------------------------------------------------
# The runner is built from the library sources with LOOM_TEST (leak check at
# engine free, allocation failure injection), then the whole suite runs
# again under ASan+UBSan, then the fuzz corpora are replayed.
TEST_SRC := $(wildcard tests/*.c)
FUZZ_TARGETS := $(patsubst fuzz/%_fuzz.c,%,$(wildcard fuzz/*_fuzz.c))

$(BUILD)/test/run: $(TEST_SRC) $(LIB_SRC) $(LIB_HDR) tests/*.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DLOOM_TEST -Isrc -o $@ $(TEST_SRC) $(LIB_SRC) $(LIBS_ALL)

$(BUILD)/asan/run: $(TEST_SRC) $(LIB_SRC) $(LIB_HDR) tests/*.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -O1 -DLOOM_TEST -DLOOM_DEBUG_ARENA \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -Isrc -o $@ $(TEST_SRC) $(LIB_SRC) $(LIBS_ALL)

$(BUILD)/asan/loom: $(CLI_SRC) $(LIB_SRC) $(LIB_HDR) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -O1 -DLOOM_DEBUG_ARENA -fsanitize=address,undefined \
		-fno-sanitize-recover=all -fno-omit-frame-pointer -o $@ \
		$(CLI_SRC) $(LIB_SRC) $(LIBS_ALL)

$(BUILD)/fuzz/%: fuzz/%_fuzz.c fuzz/replay.c fuzz/fuzz_check.h $(LIB_SRC) $(LIB_HDR) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -O1 -DLOOM_TEST -DLOOM_DEBUG_ARENA -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Isrc -o $@ $< fuzz/replay.c $(LIB_SRC) $(LIBS_ALL)

test: all $(BUILD)/test/run $(BUILD)/asan/run $(BUILD)/asan/loom \
		$(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS)) $(BUILD)/bench/bench
	@BENCH=$(BUILD)/bench/bench LOOM=$(BUILD)/loom ASAN_LOOM=$(BUILD)/asan/loom FUZZ_DIR=$(BUILD)/fuzz \
		FUZZ_TARGETS="$(FUZZ_TARGETS)" RUN=$(BUILD)/test/run \
		ASAN_RUN=$(BUILD)/asan/run sh tests/run_all.sh

# ---- fuzzing with libFuzzer (clang from Debian) ------------------------------
FUZZ_SECONDS ?= 60
fuzz: deps $(LEXICON)
	@command -v clang >/dev/null || apt-get install -y -qq clang >/dev/null
	@mkdir -p $(BUILD)/libfuzzer/artifacts
	@failed=""; for t in $(FUZZ_TARGETS); do \
		clang $(CSTD) -g -O1 -DLOOM_TEST -fsanitize=fuzzer,address,undefined \
			-fno-sanitize-recover=all -Iinclude -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) \
			-o $(BUILD)/libfuzzer/$$t fuzz/$${t}_fuzz.c $(LIB_SRC) $(LIBS_ALL) || exit 1; \
		mkdir -p $(BUILD)/libfuzzer/$$t.new; \
		$(BUILD)/libfuzzer/$$t -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/dict/loom.dict \
			-artifact_prefix=$(BUILD)/libfuzzer/artifacts/$$t- \
			$(BUILD)/libfuzzer/$$t.new fuzz/corpus/$$t || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in:$$failed (inputs in $(BUILD)/libfuzzer/artifacts; add each to fuzz/corpus/)"; exit 1; fi

leakcheck: all
	@command -v valgrind >/dev/null || apt-get install -y -qq valgrind >/dev/null
	valgrind --leak-check=full --error-exitcode=1 -q ./$(BUILD)/loom analyze --json examples/ >/dev/null; \
		rc=$$?; test $$rc -le 1

# ---- benchmark and evaluation ---------------------------------------------
$(BUILD)/bench/bench: bench/*.c bench/*.h $(BUILD)/libloom.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -O2 -o $@ bench/*.c $(BUILD)/libloom.a $(LIBS_ALL)

bench: all $(BUILD)/bench/bench
	sh bench/run.sh $(BUILD)/bench/bench

# Story clustering and similarity against the labelled sets in EVAL_DATA,
# read in place (never copied here); eval/README.md. The converters and the
# scorer need no Loom; semeval uses the library through loom.h.
EVAL_DATA ?= ../shared/data
EVAL_TOOLS := ecbplus googlenews score_clusters semeval conll polnear \
	score_entities score_quotes
EVAL_CFLAGS = $(CFLAGS_ALL) $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
EVAL_IO := eval/evalio.c eval/metrics.c

$(BUILD)/eval/ecbplus: eval/ecbplus.c eval/detok.c $(EVAL_IO) eval/eval.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(EVAL_CFLAGS) -o $@ eval/ecbplus.c eval/detok.c $(EVAL_IO) \
		$(shell pkg-config --libs libxml-2.0 2>/dev/null) $(LIBS_ALL)

$(BUILD)/eval/googlenews: eval/googlenews.c $(EVAL_IO) eval/eval.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(EVAL_CFLAGS) -o $@ eval/googlenews.c $(EVAL_IO) $(LIBS_ALL)

$(BUILD)/eval/score_clusters: eval/score_clusters.c eval/selftest.c $(EVAL_IO) eval/eval.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(EVAL_CFLAGS) -o $@ eval/score_clusters.c eval/selftest.c $(EVAL_IO) $(LIBS_ALL)

$(BUILD)/eval/semeval: eval/semeval.c $(EVAL_IO) eval/eval.h $(BUILD)/libloom.a
	@mkdir -p $(dir $@)
	$(CC) $(EVAL_CFLAGS) -o $@ eval/semeval.c $(EVAL_IO) $(BUILD)/libloom.a -lcsv $(LIBS_ALL)

# Quotes and entities (issue 5): converters with byte-offset gold, and
# scorers of the "quotes" and "entities" of loom analyze --json.
EVAL_SPANS := eval/spans.c eval/spans.h

$(BUILD)/eval/conll: eval/conll.c eval/detok.c $(EVAL_IO) eval/eval.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(EVAL_CFLAGS) -o $@ eval/conll.c eval/detok.c $(EVAL_IO) $(LIBS_ALL)

$(BUILD)/eval/polnear: eval/polnear.c $(EVAL_IO) eval/eval.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(EVAL_CFLAGS) -o $@ eval/polnear.c $(EVAL_IO) $(LIBS_ALL)

$(BUILD)/eval/score_entities: eval/score_entities.c $(EVAL_SPANS) $(EVAL_IO) eval/eval.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(EVAL_CFLAGS) -o $@ eval/score_entities.c eval/spans.c $(EVAL_IO) $(LIBS_ALL)

$(BUILD)/eval/score_quotes: eval/score_quotes.c $(EVAL_SPANS) $(EVAL_IO) eval/eval.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(EVAL_CFLAGS) -o $@ eval/score_quotes.c eval/spans.c $(EVAL_IO) $(LIBS_ALL)

eval: all $(addprefix $(BUILD)/eval/,$(EVAL_TOOLS))
	@EVAL_DATA=$(EVAL_DATA) EVAL_BIN=$(BUILD)/eval LOOM=$(BUILD)/loom sh eval/run.sh

lint:
	@sh tools/lint.sh

clean:
	rm -rf $(BUILD)
