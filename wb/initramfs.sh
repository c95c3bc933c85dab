#!/bin/bash
# Pack the VM's initramfs: static busybox, the init and job scripts, the
# statically linked selftests from $B/out/tests, and erofs-utils with its
# test images from $B/out/erofs if they are there. WB_BUSYBOX: another busybox
# (make check-32: a 32-bit one).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
out=$B/out/initramfs.cpio.gz
root=$B/out/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,mnt,wb,tests}
cp "${WB_BUSYBOX:-/bin/busybox}" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$top/wb/guest/init" "$root/init"
cp "$top"/wb/guest/*.sh "$root/wb/"
cp "$B"/out/tests/* "$root/tests/" 2>/dev/null || true
chmod +x "$root/init"
# erofs-utils and its test images (wb/erofs-utils.sh), when built for this
# architecture: mount.erofs is dynamic, its loader goes where it looks
if [ -d "${WB_EROFS:-$B/out/erofs}" ]; then
	cp -a "${WB_EROFS:-$B/out/erofs}" "$root/erofs"
	mkdir -p "$root/lib64"
	ln -s /erofs/lib/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
fi
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$out"
