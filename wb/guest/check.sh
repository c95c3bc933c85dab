#!/bin/sh
# In the VM: run every selftest binary; the host parses the TAP output.
mkdir -p /mnt/tests
export FANOTIFY_TEST_DIR=/mnt/tests
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
