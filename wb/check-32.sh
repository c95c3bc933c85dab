#!/bin/bash
# make check-32: the patched kernel built for 32-bit x86 (ARCH=i386) runs
# every test, as `make check` runs them on x86_64, in a 32-bit initramfs:
# Debian's static busybox for i386 and the selftests and the sample built
# with gcc -m32. It is where size_t is 32-bit and loff_t is not: the
# ranges of pre-content events must not be cut there. And the fast path of
# a resident file's accesses takes no locked instruction there (objdump).
# Everything goes to $B/i386 (its own worktree of the series, its own
# out/), so that it does not disturb the x86_64 builds.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
b32=$B/i386 wt=$B/i386/linux
busybox=$b32/busybox
. "$top/wb/lib.sh"

# gcc -m32 -static needs Debian's 32-bit libc, which gcc-multilib brings
wb_need check-32 "/usr/lib32/libc.a gcc-multilib" || exit 1
wb_busybox32 "$busybox"

[ -d "$wt" ] || git -C "$B/linux" worktree add -q --detach "$wt" series
git -C "$wt" checkout -q --detach series
export ARCH=i386 B=$b32
EXTRA_CONFIG="$top/wb/kunit.config $top/wb/i386.config" "$top/wb/build.sh" "$wt" i386
# Every read and write of a file opened while pre-content events are watched
# goes through __fsnotify_file_area_perm(), a resident file's through its
# inlined check of the cached answer: no locked instruction there (see
# wb_unlocked)
wb_unlocked check-32 "$wt/fs/notify/fsnotify.o" __fsnotify_file_area_perm
WB_CC="gcc -m32" "$top/wb/selftests.sh" "$wt"
WB_BUSYBOX=$busybox "$top/wb/initramfs.sh"
"$top/wb/vm.sh" i386 check 2400
"$top/wb/results.sh" i386 "$b32/out/i386/check"
