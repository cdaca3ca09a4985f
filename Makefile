# Vigie: the two commands a user needs are `make demo` and `make test`.
# Both install the Debian packages they need first (apt-get, as root or via sudo).

BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps build demo test bench sanitize fuzz conformance clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

demo: deps build
	@scripts/demo.sh $(BUILD)

test: deps build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

bench: deps build
	@scripts/bench.sh $(BUILD)

# Whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer.
sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVIGIE_SANITIZE=ON -DVIGIE_BENCH=OFF
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ctest --output-on-failure -j$(JOBS) -E conformance

# libFuzzer targets (clang), each run briefly: FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 20
fuzz: deps
	@scripts/fuzz.sh $(FUZZ_SECONDS)

conformance: build
	../shared/conformance/sv-check -j $(JOBS) -- tests/conformance/sv-engine {testdir} {pcap} {rules} {outdir}

clean:
	rm -rf $(BUILD) build-asan build-fuzz
