# SPDX-License-Identifier: Apache-2.0
# Thin wrapper over CMake (CONVENTIONS rule 24).
#   make test      install missing build deps (apt, as root), build, run the suite
#   make demo      the main job end to end
#   make sanitize  the suite under ASan + UBSan
#   make bench     all benchmarks (JSON lines)
#   make install   install library, headers, pkg-config file and the zkprov tool
#   make fuzz      libFuzzer targets (clang), each run FUZZ_SECONDS on its corpus
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
PREFIX ?= /usr/local
CTEST_ARGS ?= -LE slow

.PHONY: all deps build test test-all demo sanitize bench install clean fuzz

all: build

deps:
	@sh tools/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test-all:
	$(MAKE) test CTEST_ARGS=

demo: build
	@sh tools/demo.sh $(BUILD)

sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  -DZP_BUILD_BENCH=OFF
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

bench: build
	$(BUILD)/bin/zkprov-bench $(FILTER)

install: build
	cmake --install $(BUILD)

# libFuzzer (tests/fuzz, docs/testing.md): the library is compiled with
# -fsanitize=fuzzer-no-link,address,undefined, each target with
# -fsanitize=fuzzer; new inputs go to $(FUZZ_BUILD)/corpus/<name>, crashes
# to $(FUZZ_BUILD)/artifacts/.  FUZZ_TARGETS narrows the list (csv idx ...).
# The AVX-512 backends are built as in any build (clang needs the
# -mavx512ifma that CMake gives src/prov/ed25519_fast_avx512.c).  A
# $(FUZZ_BUILD) configured before keeps its cached ZP_NO_AVX512.
FUZZ_BUILD ?= build-libfuzzer
FUZZ_SECONDS ?= 30
FUZZ_TARGETS ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CC ?= clang
fuzz:
	@mkdir -p $(FUZZ_BUILD)
	@printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	  >$(FUZZ_BUILD)/probe.c; \
	if ! $(FUZZ_CC) -fsanitize=fuzzer,address,undefined $(FUZZ_BUILD)/probe.c -o $(FUZZ_BUILD)/probe 2>/dev/null; then \
	  rm -f $(FUZZ_BUILD)/probe.c; \
	  echo "make fuzz: '$(FUZZ_CC) -fsanitize=fuzzer' does not link (install clang with libFuzzer, or use the portable driver: ctest -L fuzz)"; \
	  exit 1; fi; rm -f $(FUZZ_BUILD)/probe $(FUZZ_BUILD)/probe.c
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=$(FUZZ_CC) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  -DZP_BUILD_FUZZ=ON -DZP_BUILD_TESTS=OFF -DZP_BUILD_BENCH=OFF -DZP_BUILD_EXAMPLES=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@mkdir -p $(FUZZ_BUILD)/artifacts; fail=0; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
	  echo "== fuzz_$$t ($(FUZZ_SECONDS) s)"; \
	  ASAN_OPTIONS=detect_leaks=1 $(FUZZ_BUILD)/bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
	    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t 2>$(FUZZ_BUILD)/fuzz_$$t.log \
	    || { fail=1; echo "fuzz_$$t: FAILED (see $(FUZZ_BUILD)/fuzz_$$t.log)"; }; \
	  grep -E '^stat::number_of_executed_units|^Done' $(FUZZ_BUILD)/fuzz_$$t.log | tr '\n' ' '; echo; \
	done; exit $$fail

clean:
	rm -rf $(BUILD) build-asan $(FUZZ_BUILD)
