#!/bin/sh
# In the VM of make check-mainline (plain mainline, "patched" with the
# fixes, "rfc" with the fixes and the RFC): the 6.12 series' selftests,
# built against mainline's uapi, on ext4, xfs and btrfs.
#  - Tests of upstream behaviour, which pass on both kernels: every test
#    but those of what the 6.12 series alone has (below, with the reason).
#  - The test of each fix of mainline/fixes, run under the label fix_NAME
#    (wb/mainline-fixes): it fails on plain and passes patched; the tests
#    of the RFC (rfc_NAME), on plain and the RFC's kernel.
# The host parses the TAP output (wb/results.sh).

. /wb/lib.sh

kernel=$(sed -n 's/.*wb\.kernel=\([^ ]*\).*/\1/p' /proc/cmdline)
# fanotify_precontent_test: not run with the others
#  - FAN_PRE_MODIFY (the RFC; rfc_pre_modify below): the marks fixture,
#    pre_modify_only_mark, refused_on_tmpfs (beyond_shared_mapping_may_modify
#    runs with the others: a shared mapping raises FAN_PRE_ACCESS on plain
#    mainline, and FAN_PRE_MODIFY too with the RFC);
#  - marks_added_after_open: 6.12 behaviour kept for its existing users (a
#    FAN_ACCESS_PERM mark added after open applies to the open file);
#    mainline decides the permission events of a file at open (6.14).
PC_OTHER="-F marks -T pre_modify_only_mark -T refused_on_tmpfs
	-T marks_added_after_open"
# The tests of the fixes, run apart
FIX_NOWAIT="-t beyond_nowait_placeholder_eagain
	-t beyond_nowait_resident_completes
	-t beyond_io_uring_placeholder_does_not_stall_ring"
FIX_TRUNCATE="-t beyond_no_event_when_call_fails_append_only
	-t beyond_no_event_when_call_fails_read_only_mount
	-t beyond_no_event_when_call_fails_running_executable"
FIX_FALLOCATE="-t beyond_no_event_when_call_fails_fallocate_arguments"
FIX_MMAP="-t beyond_no_event_when_call_fails_mmap_access_mode"
FIX_EMPTY="-t beyond_empty_access_raises_no_event"
# On a 32-bit kernel (make check-mainline-32), where mainline's length of a
# range is a size_t of 32 bits, the test of ranges of 4 GiB and more is a
# fix's test; on x86_64 it passes on plain mainline, with the others
FIX_RANGE64=
[ "$(uname -m)" = x86_64 ] || FIX_RANGE64="-t beyond_range_longer_than_4gib"
PC_FIXES=$(echo "$FIX_NOWAIT $FIX_TRUNCATE $FIX_FALLOCATE $FIX_MMAP $FIX_EMPTY \
	$FIX_RANGE64" | sed 's/-t /-T /g')
# fanotify_deny_errno_test: the differs_ tests are of the 6.12 design (the
# FAN_NOFD probe, which the RFC has: rfc_nofd; errnos for pre-content events
# only, which no posting has: mainline answers FAN_OPEN_PERM with an errno)
DE_OTHER="-T differs_probe_validates_every_errno
	-T differs_errno_refused_for_open_perm
	-T differs_errno_refused_for_access_perm"
RFC_PRE_MODIFY="-f marks -t pre_modify_only_mark -t refused_on_tmpfs"
# fanotify_robust_test: bad_input_fuzz expects the FAN_NOFD probe;
# privilege_userns_root the 6.12 rules (mainline 6.16 lets the admin of a
# user namespace mark the filesystems it mounted). many_pending_random_order
# answers 10,000 events: 7 min on plain mainline under TCG, not run there
# (make bench-mainline measures answers); with the fixes, under a second.
RB_OTHER="-T bad_input_fuzz -T privilege_userns_root"
[ "$kernel" = plain ] && RB_OTHER="$RB_OTHER -T many_pending_random_order"
# fanotify_cache_model_test checks the events of random mark changes and
# accesses against a model of upstream's rules, on every kernel: on plain
# mainline it checks the model, with the fixes the resident-file cache.
# FANOTIFY_MODEL_HOST_UPSTREAM=1: mainline's open (since 6.17,
# FAN_ACCESS_PERM watched at open enables pre-content events too). Its
# scripted part asks FAN_PRE_MODIFY: a test of the RFC (it skips without
# it). Not run: the two fuzz tests model 6.12's fanotify_init() and
# fanotify_mark() flags, and fanotify_restart_test the provisional
# restartable groups of the 6.12 series.

FIX_REMAP="-t clone_to_eof_raises_events -t clone_to_eof_denied"
FIX_DEDUPE="-t beyond_dedupe_raises_one_event_per_file
	-t beyond_dedupe_of_zero_bytes_raises_no_event
	-t beyond_dedupe_not_permitted_raises_no_event"
FS_FIXES=$(echo "$FIX_REMAP $FIX_DEDUPE" | sed 's/-t /-T /g')

suite() {	# suite FS DIR
	fs=$1 d=$2
	at=; [ "$fs" = ext4 ] || at=@$fs
	run fanotify_upstream_test$at $d/tests /tests/fanotify_upstream_test
	run fanotify_perm_test$at $d/tests /tests/fanotify_perm_test
	# shellcheck disable=SC2086
	run fanotify_precontent_test$at $d/tests /tests/fanotify_precontent_test \
		$PC_OTHER $PC_FIXES
	# shellcheck disable=SC2086
	run fanotify_deny_errno_test$at $d/tests /tests/fanotify_deny_errno_test $DE_OTHER
	# shellcheck disable=SC2086
	run fanotify_robust_test$at $d/tests /tests/fanotify_robust_test $RB_OTHER
	run fanotify_cache_model_test$at $d/tests /tests/fanotify_cache_model_test \
		-t marks_and_accesses
	if [ "$kernel" != patched ]; then
		# shellcheck disable=SC2086
		run rfc_pre_modify$at $d/tests /tests/fanotify_precontent_test \
			$RFC_PRE_MODIFY
		run rfc_nofd$at $d/tests /tests/fanotify_deny_errno_test \
			-t differs_probe_validates_every_errno
		run rfc_nofd$at $d/tests /tests/fanotify_robust_test -t bad_input_fuzz
		run rfc_pre_modify$at $d/tests /tests/fanotify_cache_model_test \
			-t mark_changes
	fi
	# shellcheck disable=SC2086
	{
	run fix_nowait$at $d/tests /tests/fanotify_precontent_test $FIX_NOWAIT
	run fix_truncate$at $d/tests /tests/fanotify_precontent_test $FIX_TRUNCATE
	run fix_fallocate$at $d/tests /tests/fanotify_precontent_test $FIX_FALLOCATE
	run fix_mmap$at $d/tests /tests/fanotify_precontent_test $FIX_MMAP
	run fix_empty$at $d/tests /tests/fanotify_precontent_test $FIX_EMPTY
	[ -z "$FIX_RANGE64" ] ||
		run fix_range64$at $d/tests /tests/fanotify_precontent_test $FIX_RANGE64
	}
	if [ "$fs" = ext4 ]; then
		run fanotify_fs_test $d/tests /tests/fanotify_fs_test -f overlay
	else
		# shellcheck disable=SC2086
		{
		# (the harness takes the first filter that matches a test)
		run fanotify_fs_test$at $d/tests /tests/fanotify_fs_test \
			$FS_FIXES -T swapext_refused_when_watched -f remap -f $fs
		run fix_remap$at $d/tests /tests/fanotify_fs_test $FIX_REMAP
		run fix_dedupe$at $d/tests /tests/fanotify_fs_test $FIX_DEDUPE
		}
		[ "$fs" = xfs ] && run fix_swapext$at $d/tests /tests/fanotify_fs_test \
			-t swapext_refused_when_watched
	fi
	# Debian's erofs-utils
	[ -d /erofs ] && run erofs_utils$at $d/erofs sh /wb/erofs.sh $d/erofs
}

# Linux 7.2 passes the daemon's errno of an erofs metadata read on (7.3
# and the 6.12 series: EIO)
export WB_EROFS_META=errno
# The model test models mainline's open (see above)
export FANOTIFY_MODEL_HOST_UPSTREAM=1
suite ext4 /mnt
each_fs suite
