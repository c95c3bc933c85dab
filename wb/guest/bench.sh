#!/bin/sh
# In the VM: the fanotify benchmark (wb/bench/fanotify_bench.c); the host
# (wb/bench.sh) compares its "bench:" lines across kernels.
#
# Under -icount the numbers repeat only if nothing asynchronous happens while
# a case runs: no disk I/O (its completions come at host-dependent times),
# no address randomization. So: no periodic writeback, no journal commit
# timer, no lazy inode table zeroing (the disk is a fresh mkfs.ext4), no
# ASLR. And noatime: with relatime every read compares atime with mtime and
# ctime, 6 instructions more when they fall in the same second, which they
# do or not depending on when the disk answered during setup.
echo 0 > /proc/sys/kernel/randomize_va_space
echo 0 > /proc/sys/vm/dirty_writeback_centisecs
mount -o remount,commit=3600,noinit_itable,noatime /mnt

# The othersb cases need a second filesystem that takes pre-content marks
# (tmpfs refuses them): ext2 on a loop device, mounted by the ext4 driver.
mkdir -p /tmp/other
truncate -s 8M /mnt/other.img
dev=$(losetup -f)
losetup "$dev" /mnt/other.img && mke2fs -q "$dev" >/dev/null &&
	mount -t ext2 "$dev" /tmp/other >/dev/null || echo "# no second filesystem"
sync

# The kernel swaps tsc-early for the refined tsc clocksource a few seconds
# after boot; not in the middle of a case, please.
cs=/sys/devices/system/clocksource/clocksource0/current_clocksource
i=0
while [ "$(cat $cs)" != tsc ] && [ $i -lt 20 ]; do
	sleep 1
	i=$((i + 1))
done

BENCH_DIR=/mnt/bench BENCH_OTHER=/tmp/other /tests/fanotify_bench
echo "wb: bench exit $?"

umount /tmp/other
losetup -d "$dev"
rm -f /mnt/other.img
