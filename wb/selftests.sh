#!/bin/bash
# Build the fanotify selftests of a tree statically, against that tree's uapi
# headers: wb/selftests.sh SRCDIR [OUTDIR, default $B/out/tests]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
src=$1 out=${2:-$B/out/tests}
hdr=$out.headers
rm -rf "$out"
mkdir -p "$out"
make -C "$src" -s headers_install INSTALL_HDR_PATH="$hdr" >/dev/null
make -C "$src/tools/testing/selftests/fanotify" -s \
	KHDR_INCLUDES="-isystem $hdr/include" LDFLAGS=-static \
	OUTPUT="$out" all
echo "selftests: $(ls "$out" | wc -l) binaries"
