#!/bin/bash
# Every patch of the series builds on its own: check out each commit of the
# tree's "series" branch in a worktree ($B/bisect) and build the kernel and,
# once the series has them, the fanotify selftests. Incremental, with ccache.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
tree=$B/linux wt=$B/bisect
[ -d "$wt" ] || git -C "$tree" worktree add -q --detach "$wt" base
n=0
for c in $(git -C "$tree" rev-list --reverse base..series); do
	n=$((n + 1))
	git -C "$wt" checkout -q --detach "$c"
	echo "check-series: $n $(git -C "$wt" log -1 --format=%s)"
	# The KUnit tests too, from the patch that adds them on
	extra=
	grep -q FANOTIFY_KUNIT_TEST "$wt/fs/notify/fanotify/Kconfig" &&
		extra=$top/wb/kunit.config
	EXTRA_CONFIG=$extra "$top/wb/build.sh" "$wt" bisect
	if [ -d "$wt/tools/testing/selftests/fanotify" ]; then
		"$top/wb/selftests.sh" "$wt" "$B/out/bisect/tests"
	fi
done
echo "check-series: all $n patches build"
