#!/bin/sh
# In the VM: the main job. Until the HSM sample daemon lands, show the
# fanotify permission events at work through the selftests.
echo "== fanotify permission events on $(uname -r), ext4 at /mnt =="
mkdir -p /mnt/demo
cd /mnt/demo && FANOTIFY_TEST_DIR=/mnt/demo /tests/fanotify_perm_test
