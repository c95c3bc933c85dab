#!/bin/bash
# Boot a kernel in QEMU (TCG) and run one job: wb/vm.sh NAME JOB [TIMEOUT]
# The kernel console (ttyS0) goes to $B/out/NAME/JOB.console, what the job
# prints (ttyS1) to $B/out/NAME/JOB.out, apart so that kernel messages
# cannot break up test output. Fresh disks per boot: ext4 (/dev/vda, on
# /mnt), xfs (/dev/vdb) and btrfs (/dev/vdc), the filesystems that get
# pre-content events.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
name=$1 job=$2 tmo=${3:-900}
dir=$B/out/$name
log=$dir/$job.console out=$dir/$job.out
disk=$dir/$job.img
rm -f "$disk" "$disk".xfs "$disk".btrfs "$log" "$out"
truncate -s 512M "$disk" "$disk".xfs "$disk".btrfs
mkfs.ext4 -q -F "$disk"
mkfs.xfs -q -f "$disk".xfs
mkfs.btrfs -q -f "$disk".btrfs >/dev/null
t0=$(date +%s)
timeout -k 5 "$tmo" qemu-system-x86_64 -accel tcg -M pc -cpu max -smp "${WB_SMP:-2}" -m "${WB_MEM:-2G}" \
	-display none -no-reboot -monitor none \
	-serial file:"$log" -serial file:"$out" \
	-kernel "$dir/bzImage" -initrd "$B/out/initramfs.cpio.gz" \
	-drive file="$disk",if=virtio,format=raw \
	-drive file="$disk".xfs,if=virtio,format=raw \
	-drive file="$disk".btrfs,if=virtio,format=raw \
	-append "console=ttyS0 panic=-1 wb.job=$job wb.kernel=$name ${WB_CMDLINE:-}" \
	${WB_QEMU_OPTS:-} </dev/null >"$dir/$job.qemu" 2>&1
rc=$?
rm -f "$disk" "$disk".xfs "$disk".btrfs
echo "vm: $name $job: exit ${rc/#124/timeout} in $(( $(date +%s) - t0 ))s, output in ${out#"$top"/}"
[ "$rc" = 124 ] && echo "wb: TIMEOUT after ${tmo}s" >> "$out"
exit 0
