#!/bin/sh
# deps.sh -- install the Debian packages oversight builds, tests and benchmarks with.
# Usage: scripts/deps.sh [build|check|bench]   (each set includes the ones before it)
# As root, missing packages are installed with apt-get; otherwise the exact
# apt-get line is printed and the script fails.
set -eu

build="gcc make cmake pkg-config libsqlite3-dev libcsv-dev libzip-dev libexpat1-dev libjansson-dev libxlsxwriter-dev librsvg2-dev libcairo2-dev libpoppler-glib-dev libmicrohttpd-dev libcurl4-openssl-dev libsodium-dev"
check="$build libxml2-utils sqlite3 clang-14 libfuzzer-14-dev libclang-rt-14-dev libcmocka-dev unzip libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation groff qpdf curl chromium"
bench="$check time wrk nginx"

case "${1:-build}" in
build) want=$build ;;
check) want=$check ;;
bench) want=$bench ;;
*) echo "usage: $0 [build|check|bench]" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "oversight needs these Debian packages; install them with:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
