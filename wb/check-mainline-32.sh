#!/bin/bash
# make check-mainline-32: plain mainline and mainline with mainline/fixes
# ("patched") built for 32-bit x86 (ARCH=i386), where a size_t is 32 bits
# wide and a loff_t is not, run wb/guest/mainline.sh in a 32-bit initramfs
# (the selftests of the 6.12 series built with gcc -m32 against mainline's
# uapi, Debian's busybox for i386; no erofs-utils, an x86_64 program).
# There the tests of the ranges of 4 GiB and more are a fix's test
# (fix_range64): they fail on plain and pass patched. And the cache's fast
# path takes no locked instruction there (objdump). In $ML/i386: its own
# worktrees of plain and fixes, its own out/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
export ML=${ML:-$B/mainline}
tests=$B/linux	# the 6.12 series (make tree)
b32=$ML/i386
. "$top/wb/lib.sh"
t0=$(date +%s)

# gcc -m32 -static needs Debian's 32-bit libc, which gcc-multilib brings
wb_need check-mainline-32 "/usr/lib32/libc.a gcc-multilib" || exit 1
wb_busybox32 "$b32/busybox"
"$top/wb/ml-tree.sh"
for k in plain fixes; do
	[ -d "$b32/$k" ] || git -C "$ML/linux" worktree add -q --detach "$b32/$k" "$k"
	git -C "$b32/$k" checkout -q --detach "$k"
done
export ARCH=i386 B=$b32
frags="$top/wb/mainline.config $top/wb/i386.config"
EXTRA_CONFIG=$frags "$top/wb/build.sh" "$b32/plain" plain
EXTRA_CONFIG=$frags "$top/wb/build.sh" "$b32/fixes" patched
# A resident file's access: fsnotify_pre_content() and its inlined check of
# the cached answer
wb_unlocked check-mainline-32 "$b32/fixes/fs/notify/fsnotify.o" fsnotify_pre_content
WB_CC="gcc -m32" WB_HDR_SRC=$b32/fixes "$top/wb/selftests.sh" "$tests" "$b32/out/tests"
WB_BUSYBOX=$b32/busybox "$top/wb/initramfs.sh"
"$top/wb/vm.sh" plain mainline 2400 & "$top/wb/vm.sh" patched mainline 2400; wait
echo "check-mainline-32: $(( ($(date +%s) - t0) / 60 )) min"
WB_FEATURES=$top/wb/mainline-fixes "$top/wb/results.sh" \
	plain "$b32/out/plain/mainline" patched "$b32/out/patched/mainline"
