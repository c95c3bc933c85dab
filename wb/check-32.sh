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

sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
# gcc -m32 -static needs Debian's 32-bit libc, which gcc-multilib brings
wb_need check-32 "/usr/lib32/libc.a gcc-multilib" || exit 1
# busybox-static:i386 is unpacked, not installed: it would replace the
# amd64 one. Multiarch makes apt know the i386 packages.
if [ ! -x "$busybox" ]; then
	if ! dpkg --print-foreign-architectures | grep -qx i386; then
		echo "check-32: dpkg --add-architecture i386"
		$sudo dpkg --add-architecture i386
	fi
	$sudo apt-get update -qq
	rm -rf "$b32/deb"
	mkdir -p "$b32/deb"
	(cd "$b32/deb" && apt-get download -qq busybox-static:i386)
	dpkg-deb -x "$b32"/deb/busybox-static_*_i386.deb "$b32/deb/root"
	# EI_CLASS 1: a 32-bit ELF
	[ "$(od -An -tx1 -j4 -N1 "$b32/deb/root/bin/busybox" | tr -d ' ')" = 01 ] ||
		{ echo "check-32: $b32/deb/root/bin/busybox is not a 32-bit ELF" >&2; exit 1; }
	cp "$b32/deb/root/bin/busybox" "$busybox"
fi

[ -d "$wt" ] || git -C "$B/linux" worktree add -q --detach "$wt" series
git -C "$wt" checkout -q --detach series
export ARCH=i386 B=$b32
EXTRA_CONFIG="$top/wb/kunit.config $top/wb/i386.config" "$top/wb/build.sh" "$wt" i386
# Every read and write of a file opened while pre-content events are watched
# goes through __fsnotify_file_area_perm(), a resident file's through its
# inlined check of the cached answer: no locked instruction there, nor a
# call of the kernel's atomic64 helpers (atomic64_read() was a call of
# atomic64_read_cx8, a lock cmpxchg8b on a line that every CPU shares)
# (awk reads to the end: an early exit would kill objdump with SIGPIPE,
# which pipefail turns into a failure when its output outgrows the pipe)
dis=$(objdump -dr --no-show-raw-insn "$wt/fs/notify/fsnotify.o" |
	awk '/<__fsnotify_file_area_perm>:$/ { on = 1 } on && /^$/ { on = 0 } on')
[ -n "$dis" ] || { echo "check-32: no __fsnotify_file_area_perm in fs/notify/fsnotify.o" >&2; exit 1; }
locked='(^|[[:space:]])lock[[:space:]]|cmpxchg8b|atomic64_'
if grep -qE "$locked" <<<"$dis"; then
	grep -E "$locked" <<<"$dis" >&2
	echo "check-32: a locked instruction in __fsnotify_file_area_perm" >&2
	exit 1
fi
echo "check-32: __fsnotify_file_area_perm: $(grep -cE '^ *[0-9a-f]+:' <<<"$dis") instructions, none locked"
WB_CC="gcc -m32" "$top/wb/selftests.sh" "$wt"
WB_BUSYBOX=$busybox "$top/wb/initramfs.sh"
"$top/wb/vm.sh" i386 check 2400
"$top/wb/results.sh" i386 "$b32/out/i386/check"
