#!/bin/sh
# In the VM: the HSM story, told with ordinary tools against the sample
# daemon (samples/fanotify/hsm.c). Each claim is also a TAP line, so that
# `make check` holds the demo to what it tells.
#
# wb.kernel= on the command line says which kernel this is: the base
# kernel must report EPERM only, every other (patched, debug) the daemon's
# errnos.
kernel=patched
for arg in $(cat /proc/cmdline); do
	case "$arg" in wb.kernel=*) kernel=${arg#wb.kernel=} ;; esac
done

# On ext4 (/mnt) unless WB_DEMO_DIR names another filesystem's mount
top=${WB_DEMO_DIR:-/mnt}
hsm=$top/demo/hsm		# placeholders, watched by the daemon
back=$top/demo/backing		# the "tape": where the content really is
log=/tmp/hsm.log
n=0 failed=0

say() { echo; echo "== $*"; }
check() {	# check DESCRIPTION: the status of the last command decides
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}
events() { grep -c '^hsm: FAN_' $log; }
errmsg() { "$@" 2>&1 >/dev/null | sed 's/.*: //'; }

if [ "$kernel" = base ]; then
	eagain="Operation not permitted" eio=$eagain enospc=$eagain
else
	eagain="Resource temporarily unavailable" eio="Input/output error"
	enospc="No space left on device"
fi

echo "TAP version 13"
echo "1..12"
say "Setting up: objects in $back, placeholders (right size, no content) in $hsm"
rm -rf $top/demo
mkdir -p $hsm $back
echo "Hello from the tape library." > $back/hello.txt
dd if=/dev/urandom of=$back/big.bin bs=64k count=32 2>/dev/null
echo "This object will be lost." > $back/lost.txt
echo "Patience is a virtue." > $back/later.txt
for f in hello.txt big.bin lost.txt later.txt; do
	truncate -s "$(stat -c %s $back/$f)" $hsm/$f
done
ls -ls $hsm

say "Starting the HSM daemon"
/tests/hsm $hsm $back > $log 2>&1 &
daemon=$!
sleep 1
cat $log

say "First read of hello.txt: the daemon fills it, cat gets the content"
out=$(cat $hsm/hello.txt)
echo "\$ cat hello.txt"
echo "$out"
[ "$out" = "Hello from the tape library." ]
check $? "first read of a placeholder returns the object's content"

say "Copying big.bin (2 MiB) with dd: the checksum matches the object's"
dd if=$hsm/big.bin of=/tmp/big.copy bs=64k 2>/dev/null
sha256sum $back/big.bin /tmp/big.copy
[ "$(sha256sum < $back/big.bin)" = "$(sha256sum < /tmp/big.copy)" ]
check $? "dd of a placeholder copies the object's exact bytes"

say "Second read: the file is resident, the daemon sees no event"
before=$(events)
cat $hsm/hello.txt > /dev/null && cp $hsm/big.bin /tmp/big.copy2
[ "$(events)" = "$before" ]
check $? "a resident file raises no event (daemon saw $before events before and after)"

say "The backend goes offline: reading later.txt fails, and says why"
touch $back/.offline
msg=$(errmsg cat $hsm/later.txt)
echo "\$ cat later.txt: $msg"
[ "$msg" = "$eagain" ]
check $? "backend offline: cat fails with \"$eagain\""

say "A retrying reader waits for the backend; it returns after 2 s"
( n=0; until cat $hsm/later.txt > /tmp/later.out 2>/dev/null; do
	n=$((n + 1)); sleep 1; done; echo "reader: succeeded after $n retries" ) &
reader=$!
sleep 2
rm $back/.offline
wait $reader
check $? "the retrying reader succeeds once the backend is back"
cmp -s /tmp/later.out $back/later.txt
check $? "and reads the object's content"

say "The object of lost.txt is gone: reading it fails with an I/O error"
rm $back/lost.txt
msg=$(errmsg cat $hsm/lost.txt)
echo "\$ cat lost.txt: $msg"
[ "$msg" = "$eio" ]
check $? "missing object: cat fails with \"$eio\""

# A small ext4 whatever filesystem the rest runs on: xfs and btrfs
# cannot be made this small
say "A placeholder on a full filesystem: filling it fails for space"
dd if=/dev/zero of=/tmp/small.img bs=1k count=1024 2>/dev/null
loop=$(losetup -f)
losetup $loop /tmp/small.img
# busybox's mke2fs ignores -q: its summary (stdout) is not part of the
# story, its errors (stderr) are
mke2fs -q $loop >/dev/null
mkdir -p /mnt/small
mount -t ext4 $loop /mnt/small
mkdir -p /mnt/small/hsm
truncate -s "$(stat -c %s $back/big.bin)" /mnt/small/hsm/big.bin
/tests/hsm /mnt/small/hsm $back > $log.small 2>&1 &
small=$!
sleep 1
msg=$(errmsg cat /mnt/small/hsm/big.bin)
echo "\$ cat big.bin (on a 1 MiB filesystem): $msg"
[ "$msg" = "$enospc" ]
check $? "no space to fill: cat fails with \"$enospc\""
kill $small; wait $small
umount /mnt/small
losetup -d $loop

say "A daemon killed mid-fetch, restarted by its supervisor (hsm -s)"
# The supervisor holds the group (FAN_RESTARTABLE_EVENTS, provisional) and
# runs the daemon in a child; BACKING_DIR/.slow makes each fetch take 2 s.
# The base kernel has no restartable groups: hsm -s runs unsupervised
# there, and killing it releases the group, which lets the read through to
# the placeholder's holes.
hsm2=$top/demo/hsm2
mkdir -p $hsm2
dd if=/dev/urandom of=$back/restart.bin bs=64k count=4 2>/dev/null
truncate -s "$(stat -c %s $back/restart.bin)" $hsm2/restart.bin
touch $back/.slow
/tests/hsm -s $hsm2 $back > $log.sup 2>&1 &
sup=$!
sleep 1
want=$(sha256sum < $back/restart.bin | cut -d' ' -f1)
( sha256sum < $hsm2/restart.bin | cut -d' ' -f1 > /tmp/restart.sum ) &
reader=$!
sleep 1
victim=$(sed -n 's/^hsm: daemon started, pid //p' $log.sup | tail -n 1)
[ -n "$victim" ] || victim=$sup
echo "\$ sha256sum restart.bin &   # blocked: the daemon is fetching"
echo "\$ kill -9 $victim           # the daemon dies mid-fetch"
kill -9 $victim
rm -f $back/.slow
wait $reader
got=$(cat /tmp/restart.sum)
echo "sha256 read: $got"
echo "sha256 want: $want"
if [ "$kernel" = base ]; then
	[ "$got" != "$want" ]
	check $? "base: the read goes through to the placeholder's holes when the daemon dies"
	true
	check $? "base: no supervisor (hsm -s runs unsupervised)"
else
	[ "$got" = "$want" ]
	check $? "the read blocked across the daemon's death returns the right bytes"
	grep -q 'daemon killed by signal 9, restarting' $log.sup
	check $? "the supervisor restarted the daemon, which served the event again"
fi
kill $sup 2>/dev/null
wait $sup 2>/dev/null

say "Stopping the daemon (SIGTERM)"
kill $daemon
wait $daemon
check $? "the daemon exits cleanly on SIGTERM"
grep -q '^hsm: stopping' $log
check $? "and says so"

say "What the daemons saw"
cat $log $log.small $log.sup
exit $failed
