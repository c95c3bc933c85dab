#!/bin/bash
# Build the fanotify selftests and the HSM sample of a tree statically,
# against that tree's uapi headers: wb/selftests.sh SRCDIR [OUTDIR]
# (default OUTDIR: $B/out/tests). WB_HDR_SRC: take the uapi headers from
# that tree instead (make check-mainline: mainline's).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
src=$1 out=${2:-$B/out/tests}
cc=${WB_CC:-gcc}		# make check-32: gcc -m32
hdr=$out.headers
rm -rf "$out"
mkdir -p "$out"
make -C "${WB_HDR_SRC:-$src}" -s headers_install INSTALL_HDR_PATH="$hdr" >/dev/null
make -C "$src/tools/testing/selftests/fanotify" -s CC="$cc" \
	KHDR_INCLUDES="-isystem $hdr/include" LDFLAGS=-static \
	OUTPUT="$out" all
if [ -f "$src/samples/fanotify/hsm.c" ] && [ -z "${WB_HDR_SRC:-}" ]; then
	$cc -static -O2 -Wall -D_FILE_OFFSET_BITS=64 -isystem "$hdr/include" \
		-o "$out/hsm" "$src/samples/fanotify/hsm.c"
fi
echo "selftests: $(ls "$out" | wc -l) binaries"
