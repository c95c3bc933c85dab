#!/bin/sh
# In the VM: run every selftest binary on ext4, then the tests of the
# series' features and the demo on xfs and btrfs; the host parses the TAP
# output. A binary run on another filesystem than ext4 is named BIN@FS.
# The debug kernel (lockdep, KASAN) is 10-50 times slower under load
grep -q 'wb.kernel=debug' /proc/cmdline && export FANOTIFY_LOAD_TIMEOUT_MS=500000
. /wb/lib.sh
for t in /tests/*_test; do
	[ -x "$t" ] || continue
	# On ext4 only overlayfs over it; the calls that ext4 lacks are
	# tested on xfs and btrfs below
	if [ "$t" = /tests/fanotify_fs_test ]; then
		run "$(basename "$t")" /mnt/tests "$t" -f overlay
		continue
	fi
	run "$(basename "$t")" /mnt/tests "$t"
done
# Debian's erofs-utils mounts a lazily fetched image (see erofs.sh)
run erofs_utils /mnt/erofs sh /wb/erofs.sh /mnt/erofs
# The demo's claims, which depend on the kernel (see demo.sh)
echo "wb: begin hsm_demo"
sh /wb/demo.sh
echo "wb: end hsm_demo exit $?"

# On xfs and btrfs: the tests of the series' features, reflink on both and
# each one's own ioctls, the erofs-utils tests and the demo
on_fs() {	# on_fs FS DIR
	for t in fanotify_precontent_test fanotify_deny_errno_test \
		 fanotify_robust_test fanotify_upstream_test \
		 fanotify_cache_model_test fanotify_restart_test; do
		run "$t@$1" $2/tests /tests/$t
	done
	run "fanotify_fs_test@$1" $2/tests /tests/fanotify_fs_test \
		-f remap -f $1
	run "erofs_utils@$1" $2/erofs sh /wb/erofs.sh $2/erofs
	echo "wb: begin hsm_demo@$1"
	WB_DEMO_DIR=$2 sh /wb/demo.sh
	echo "wb: end hsm_demo@$1 exit $?"
}
each_fs on_fs

# Debug kernels: report what kmemleak finds after the tests on the console,
# where the host looks for it ("unreferenced object")
if [ -e /sys/kernel/debug/kmemleak ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null &&
   [ -e /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	sleep 5
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /dev/kmsg
	echo "wb: kmemleak scanned"
fi
