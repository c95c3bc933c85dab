#!/bin/bash
# make check-mainline: the postings of mainline/ on the mainline base of
# wb/mainline.conf, in $ML (build/mainline), apart from the 6.12 builds.
# Checks the patches (checkpatch, Debian's 7.3 tree), builds the plain
# kernel, the fixes ("patched") and the fixes with the RFC ("rfc")
# (wb/kernel.config and wb/mainline.config), the selftests of the 6.12
# series (its tree, make tree) against mainline's uapi headers, boots the
# three kernels and runs wb/guest/mainline.sh: the tests of upstream
# behaviour pass on all three, the test of each fix and of each feature of
# the RFC (wb/mainline-fixes) fails on plain and passes where it belongs.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
export ML=${ML:-$B/mainline}
tests=$B/linux erofs=$B/out/erofs	# the 6.12 series (make tree; make erofs-utils)
t0=$(date +%s)
"$top/wb/ml-tree.sh"
# checkpatch --strict of every patch (the plain tree's script), and the
# patches against Debian's 7.3 tree
bad=0 n=0
for p in $(grep -v '^#' "$top/mainline/series"); do
	n=$((n + 1))
	o=$("$ML/plain/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
		"$top/mainline/$p" 2>&1 | grep -E ': (ERROR|WARNING|CHECK):' || true)
	[ -z "$o" ] || { echo "$o"; bad=$((bad + 1)); }
done
echo "check-mainline: checkpatch: $((n - bad)) of $n patches clean"
"$top/wb/ml-debian-check.sh" || bad=$((bad + 1))
export B=$ML
frags="$top/wb/mainline.config"
git -C "$ML/fixes" checkout -q --detach fixes
EXTRA_CONFIG=$frags "$top/wb/build.sh" "$ML/plain" plain
EXTRA_CONFIG=$frags "$top/wb/build.sh" "$ML/fixes" patched
EXTRA_CONFIG=$frags "$top/wb/build.sh" "$ML/linux" rfc
# The tests of the 6.12 series, with mainline's uapi (of the RFC, which
# adds FAN_PRE_MODIFY; the tests find out what the kernel has)
WB_HDR_SRC=$ML/linux "$top/wb/selftests.sh" "$tests" "$ML/out/tests"
WB_EROFS=$erofs "$top/wb/initramfs.sh"
# plain, the fixes ("patched") and fixes + RFC ("rfc")
"$top/wb/vm.sh" plain mainline 2400 & "$top/wb/vm.sh" patched mainline 2400 &
"$top/wb/vm.sh" rfc mainline 2400; wait
echo "check-mainline: $(( ($(date +%s) - t0) / 60 )) min"
WB_FEATURES=$top/wb/mainline-fixes "$top/wb/results.sh" \
	plain "$ML/out/plain/mainline" patched "$ML/out/patched/mainline" \
	rfc "$ML/out/rfc/mainline" || bad=1
[ "$bad" -eq 0 ]
