#!/bin/bash
# Pack the VM's initramfs: static busybox, the init and job scripts, and the
# statically linked selftests from $B/out/tests. WB_BUSYBOX: another busybox
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
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$out"
