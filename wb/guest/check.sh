#!/bin/sh
# In the VM: run every selftest binary; the host parses the TAP output.
mkdir -p /mnt/tests
export FANOTIFY_TEST_DIR=/mnt/tests
for t in /tests/*; do
	[ -x "$t" ] || continue
	echo "wb: begin $(basename "$t")"
	(cd /mnt/tests && "$t")
	echo "wb: end $(basename "$t") exit $?"
done
