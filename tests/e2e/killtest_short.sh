#!/bin/sh
# killtest_short.sh -- the short kill test: three SIGKILLs spread over an
# import of 20,000 updates; each must leave the register exactly as before or
# exactly as after the import, and intact (bench/killtest.sh does the work;
# make bench runs the full one, 20 kills of a 100,000-row import).
# Env (from CTest): OVERSIGHT the binary, OVERSIGHT_SRC the source tree.
set -eu
: "${OVERSIGHT:?OVERSIGHT must name the oversight binary}"
: "${OVERSIGHT_SRC:?OVERSIGHT_SRC must name the source tree}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

# The generator is built beside the binary (build/bench/); a build without it
# (e.g. one configured before bench/ existed) compiles it here.
gen=$(dirname "$OVERSIGHT")/bench/oversight-gen
if [ ! -x "$gen" ]; then
    gen=$tmp/oversight-gen
    ${CC:-cc} -std=c17 -O2 -o "$gen" "$OVERSIGHT_SRC/bench/gen.c"
fi

OVERSIGHT_GEN=$gen KILLTEST_DIR=$tmp/work KILLTEST_SEED=${KILLTEST_SEED:-1} \
    sh "$OVERSIGHT_SRC/bench/killtest.sh" 3 20000
