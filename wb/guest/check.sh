#!/bin/sh
# In the VM: run every selftest binary; the host parses the TAP output.
mkdir -p /mnt/tests
export FANOTIFY_TEST_DIR=/mnt/tests
# The debug kernel (lockdep, KASAN) is 10-50 times slower under load
grep -q 'wb.kernel=debug' /proc/cmdline && export FANOTIFY_LOAD_TIMEOUT_MS=500000
for t in /tests/*_test; do
	[ -x "$t" ] || continue
	echo "wb: begin $(basename "$t")"
	(cd /mnt/tests && "$t")
	echo "wb: end $(basename "$t") exit $?"
done
# The demo's claims, which depend on the kernel (see demo.sh)
echo "wb: begin hsm_demo"
sh /wb/demo.sh
echo "wb: end hsm_demo exit $?"

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
