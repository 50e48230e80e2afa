# SPDX-License-Identifier: Apache-2.0
# Thin wrapper over CMake (CONVENTIONS rule 24).
#   make test      install missing build deps (apt, as root), build, run the suite
#   make demo      the main job end to end
#   make sanitize  the suite under ASan + UBSan
#   make bench     all benchmarks (JSON lines)
#   make install   install library, headers, pkg-config file and the zkprov tool
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
PREFIX ?= /usr/local
CTEST_ARGS ?= -LE slow

.PHONY: all deps build test test-all demo sanitize bench install clean

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

clean:
	rm -rf $(BUILD) build-asan
