#!/bin/bash
# Every patch of the series builds on its own: check out each commit of the
# tree's "series" branch in a worktree ($B/bisect) and build the kernel and,
# once the series has them, the fanotify selftests. Incremental, with ccache.
# wb/check-series.sh TREE FROM TO: the same for the commits FROM..TO of TREE
# (make check-mainline: the mainline postings, with wb/mainline.config).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
tree=${1:-$B/linux} from=${2:-base} to=${3:-series}
wt=$B/bisect
[ -d "$wt" ] || git -C "$tree" worktree add -q --detach "$wt" "$from"
n=0
for c in $(git -C "$tree" rev-list --reverse "$from..$to"); do
	n=$((n + 1))
	git -C "$wt" checkout -q --detach "$c"
	echo "check-series: $n $(git -C "$wt" log -1 --format=%s)"
	# The KUnit tests too, from the patch that adds them on
	extra=${EXTRA_CONFIG:-}
	grep -q FANOTIFY_KUNIT_TEST "$wt/fs/notify/fanotify/Kconfig" &&
		extra=$top/wb/kunit.config
	EXTRA_CONFIG=$extra "$top/wb/build.sh" "$wt" bisect
	if [ -d "$wt/tools/testing/selftests/fanotify" ]; then
		"$top/wb/selftests.sh" "$wt" "$B/out/bisect/tests"
	fi
done
echo "check-series: all $n patches build"
