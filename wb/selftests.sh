#!/bin/bash
# Build the fanotify selftests of a tree statically, against that tree's uapi
# headers: wb/selftests.sh SRCDIR -> $B/out/tests/
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
src=$1
hdr=$B/out/headers
rm -rf "$B/out/tests"
mkdir -p "$B/out/tests"
make -C "$src" -s headers_install INSTALL_HDR_PATH="$hdr" >/dev/null
make -C "$src/tools/testing/selftests/fanotify" -s \
	KHDR_INCLUDES="-isystem $hdr/include" LDFLAGS=-static \
	OUTPUT="$B/out/tests" all
echo "selftests: $(ls "$B/out/tests" | wc -l) binaries"
