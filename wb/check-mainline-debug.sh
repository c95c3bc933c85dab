#!/bin/bash
# make check-mainline-debug: the fixes and the RFC (branch rfc of $ML/linux)
# built with wb/debug.config (lockdep, KASAN, kmemleak, list debugging, and
# CONFIG_FSNOTIFY_DEBUG_CACHE: each use of a cached answer of the
# resident-file cache is checked against a walk of the marks) in a worktree
# of its own ($ML/debug), running the tests of make check-mainline; any
# kernel report fails the run (wb/results.sh).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
export ML=${ML:-$B/mainline}
tests=$B/linux erofs=$B/out/erofs	# as in wb/check-mainline.sh
"$top/wb/ml-tree.sh"
wt=$ML/debug
[ -d "$wt" ] || git -C "$ML/linux" worktree add -q --detach "$wt" rfc
git -C "$wt" checkout -q --detach rfc
export B=$ML
EXTRA_CONFIG="$top/wb/mainline.config $top/wb/debug.config" \
	"$top/wb/build.sh" "$wt" debug
WB_HDR_SRC=$ML/linux "$top/wb/selftests.sh" "$tests" "$ML/out/tests"
WB_EROFS=$erofs "$top/wb/initramfs.sh"
WB_MEM=3G "$top/wb/vm.sh" debug mainline 3600
WB_FEATURES=$top/wb/mainline-fixes "$top/wb/results.sh" debug "$ML/out/debug/mainline"
