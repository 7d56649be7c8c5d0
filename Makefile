# oversight -- the entry points. CMake does the building; this file installs
# what is missing and runs the right CMake build for each job.
#   make          build/oversight
#   make check    every test: unit, end-to-end, sanitizers, fuzz corpora
#   make run      a demonstration register from the seed papers, then the web application
#   make bench    benchmarks, written into BENCHMARKS.md
#   make install  binary and man page under PREFIX (default /usr/local)

PREFIX ?= /usr/local
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all build check check-unit check-asan check-fuzz run bench install clean

all: build

build:
	@scripts/deps.sh build
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j $(JOBS)

check: check-unit check-asan check-fuzz

check-unit:
	@scripts/deps.sh check
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j $(JOBS)
	cd build && ctest --output-on-failure -j $(JOBS)

check-asan:
	@scripts/deps.sh check
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOVERSIGHT_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --output-on-failure -j $(JOBS)

check-fuzz:
	@scripts/deps.sh check
	@CC=clang-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DOVERSIGHT_FUZZ=ON -DOVERSIGHT_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	cd build-fuzz && ctest --output-on-failure -j $(JOBS)

run: build
	@scripts/run-demo.sh --serve

bench: build
	@scripts/deps.sh bench
	@bench/run.sh

install: build
	cmake --install build

clean:
	rm -rf build build-asan build-fuzz
