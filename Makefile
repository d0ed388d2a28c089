# Entry points for people and CI. Each target installs missing Debian packages
# first (scripts/install-deps.sh; needs root or sudo), then configures and
# builds with CMake + Ninja. Build directories:
#   build/       the normal build (RelWithDebInfo): build/kiln, tests, benchmarks
#   build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer, tests only
#   build-fuzz/  clang + libFuzzer + sanitizers, fuzz targets only
#   build-tsan/  ThreadSanitizer, the tests of code that runs on several threads
#   build-release-gcc/, build-release-clang/  Release builds of every target
#                (make release-builds; CI runs them after make test)
#
# WERROR=1 makes warnings errors (-DKILN_WERROR=ON): CI sets it, a user's
# build never needs it.

JOBS ?= 2
FUZZ_SECONDS ?= 60
FUZZ_TARGET ?= fuzz_decode
CMAKE ?= cmake
NINJA ?= ninja
CTEST ?= ctest
WERROR ?= 0
CMAKE_WERROR := -DKILN_WERROR=$(if $(filter 1,$(WERROR)),ON,OFF)

# Any sanitizer report (including a leak) fails the test that caused it.
# Kiln owns SIGSEGV and SIGBUS (guard pages turn out-of-bounds accesses into
# traps, and faults outside Wasm code go to the previous handler), so ASan
# must not install handlers of its own; a real crash still fails the test.
export ASAN_OPTIONS ?= detect_leaks=1:handle_segv=0:handle_sigbus=0
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

.PHONY: all deps build install demo test test-full test-tsan release-builds bench fuzz clean

all: build

deps:
	bash scripts/install-deps.sh

build: deps
	$(CMAKE) -S . -B build -G Ninja $(CMAKE_WERROR)
	$(NINJA) -C build -j$(JOBS)

# Installs the package into PREFIX: headers (kiln/*.h, wasm.h, kiln.h),
# libkiln.so.0 and libkiln.a, the kiln tool, kiln.pc and the CMake package
# Kiln (README.md, "Embedding Kiln").
PREFIX ?= /usr/local
install: build
	$(CMAKE) --install build --prefix $(PREFIX)

# Builds the tool and the example programs, then runs a real C program
# (a compressor built for wasm32-wasi) under Kiln on a file it can only reach
# through a preopened directory, and shows the front end on a bundled module.
demo: deps
	$(CMAKE) -S . -B build -G Ninja
	$(NINJA) -C build -j$(JOBS) kiln kiln_examples kiln_wasi_examples
	build/kiln --version
	build/kiln run --dir examples::src build/examples/wasi/filetool.wasm list src/wasi
	build/kiln run --dir examples::src build/examples/wasi/compress.wasm src/wasi/compress.c
	build/kiln validate build/examples/demo.wasm
	build/kiln inspect build/examples/demo.wasm

# Every ctest run: a test that hangs (a miscompiled loop that never ends)
# fails after 15 minutes, instead of holding CI to its limit; the slowest
# test takes about 2 minutes under the sanitizers.
CTEST_FLAGS = --output-on-failure --no-tests=error --no-label-summary --timeout 900

# All tests in the normal build, then all of them again under the sanitizers
# (front end, CLI and every later layer alike). Matrices (engine modes, CPU
# paths) run a representative slice here; tests labelled `full` run the
# whole matrix and only in `make test-full`.
test: build
	$(CTEST) --test-dir build $(CTEST_FLAGS) -j$(JOBS) -LE full
	$(CMAKE) -S . -B build-asan -G Ninja -DKILN_SANITIZE=ON -DKILN_BENCH=OFF $(CMAKE_WERROR)
	$(NINJA) -C build-asan -j$(JOBS)
	$(CTEST) --test-dir build-asan $(CTEST_FLAGS) -j$(JOBS) -LE full

# `make test`, then the whole matrices in the normal build: today the 3.0
# suite with every script in every engine mode (default, --bounds-checks
# --force-libcalls, --cpu baseline, --deterministic).
test-full: test
	$(CTEST) --test-dir build $(CTEST_FLAGS) -j$(JOBS) -L full

# The tests of what runs on several threads at once, under ThreadSanitizer:
# shared memories and atomics (ThreadsTest), the parking lot behind
# wait/notify, interruption, wasi-threads, the C API with one store per
# thread, lazy compilation's racing first calls, and a big .kwasm hashed and
# its metadata read beside its module's parse (SerializedModule, CodeCache).
# TSan sees the runtime's own code, not compiled Wasm code's accesses (the
# stress tests check those by their exact totals). Any report fails the
# test that caused it.
TSAN_TESTS = ThreadsTest|SharedMemoryTest|ParkingLot|Interrupt|WasiThreads|WasiBlocking|CapiThreads|LazyCompileTest|SerializedModule|CodeCache|SourcePositionTable
export TSAN_OPTIONS ?= halt_on_error=1:second_deadlock_stack=1
test-tsan: deps
	$(CMAKE) -S . -B build-tsan -G Ninja -DKILN_TSAN=ON -DKILN_BENCH=OFF $(CMAKE_WERROR)
	$(NINJA) -C build-tsan -j$(JOBS) runtime_test vm_test wasi_test capi_test compiler_test
	$(CTEST) --test-dir build-tsan $(CTEST_FLAGS) -j$(JOBS) \
	  -R '$(TSAN_TESTS)'

# What a user gets from `cmake -DCMAKE_BUILD_TYPE=Release`: every target
# (tools, tests, benchmarks) built with GCC and with clang, whose optimizers
# warn differently from the RelWithDebInfo build above. Nothing is run.
release-builds: deps
	$(CMAKE) -S . -B build-release-gcc -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_WERROR) \
	  -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++
	$(NINJA) -C build-release-gcc -j$(JOBS)
	$(CMAKE) -S . -B build-release-clang -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_WERROR) \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
	$(NINJA) -C build-release-clang -j$(JOBS)

# The benchmark suite (bench/suite/run.sh): builds what it needs in build/,
# runs every workload in Kiln, natively and in V8 with progress, and writes
# bench/REPORT.md and bench/report-*.png. BENCH_ARGS go to bench/suite/suite.py
# (e.g. BENCH_ARGS="--reps 3 --groups kernels"); BENCH_BUILD picks the build
# directory (a fresh one is configured as Release). bench/run.sh runs the older
# front-end and compiler benchmarks on their own.
BENCH_BUILD ?= build
BENCH_ARGS ?=
bench: deps
	bash bench/suite/run.sh $(BENCH_BUILD) $(BENCH_ARGS)

# Fuzzes FUZZ_TARGET for FUZZ_SECONDS: fuzz_decode (the front end, binary
# input; the default), fuzz_text (the text layer, .wat/.wast input) or
# fuzz_run (instantiate and run in both memory modes, which must agree), e.g.
# `make fuzz FUZZ_TARGET=fuzz_text FUZZ_SECONDS=600`. Each target's corpus
# (build-fuzz/corpus-TARGET) starts from the official test suites (fuzz_run:
# from binaryen's random modules) and grows across runs; saved findings are
# in tests/fuzz/regressions (binary), tests/fuzz/regressions-text (text) and
# tests/fuzz/regressions-run (run).
FUZZ_REGRESSIONS = $(or $(FUZZ_REGRESSIONS_$(FUZZ_TARGET)),tests/fuzz/regressions)
FUZZ_REGRESSIONS_fuzz_text = tests/fuzz/regressions-text
FUZZ_REGRESSIONS_fuzz_run = tests/fuzz/regressions-run
fuzz: deps
	$(CMAKE) -S . -B build-fuzz -G Ninja -DKILN_FUZZ=ON -DKILN_SANITIZE=ON -DKILN_BENCH=OFF \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
	$(NINJA) -C build-fuzz -j$(JOBS) $(FUZZ_TARGET) wast_modules
	[ -d build-fuzz/corpus-$(FUZZ_TARGET) ] || \
	  bash tests/fuzz/make_corpus.sh $(FUZZ_TARGET) build-fuzz build-fuzz/corpus-$(FUZZ_TARGET)
	build-fuzz/tests/fuzz/$(FUZZ_TARGET) -max_total_time=$(FUZZ_SECONDS) \
	  build-fuzz/corpus-$(FUZZ_TARGET) $(FUZZ_REGRESSIONS)

clean:
	rm -rf build build-asan build-fuzz build-release-gcc build-release-clang
