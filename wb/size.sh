#!/bin/bash
# The series' code size: scripts/bloat-o-meter of the base kernel against the
# patched kernel built with the same config, i.e. without the KUnit test that
# the patched test kernel adds (and which turns some static functions global).
# The patched tree's tip is built in a worktree, $B/nokunit.
# Writes $B/out/bench/size.txt; wb/size.sh
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
export B
wt=$B/nokunit out=$B/out/bench
mkdir -p "$out"
[ -d "$wt" ] || git -C "$B/linux" worktree add -q --detach "$wt" series
git -C "$wt" checkout -q --detach series
"$top/wb/build.sh" "$wt" nokunit
{
	echo "== code size: base against patched (same config, no KUnit test)"
	size "$B/base/vmlinux" "$wt/vmlinux" | sed "s|$B/||"
	echo
	"$B/linux/scripts/bloat-o-meter" "$B/base/vmlinux" "$wt/vmlinux"
	echo
	echo "functions that grow by more than 256 bytes (each justified in README.md):"
	"$B/linux/scripts/bloat-o-meter" "$B/base/vmlinux" "$wt/vmlinux" |
		awk '/^Function/ { f = 1; next } /^Total/ { f = 0 }
		     f && $NF + 0 > 256 { print "  " $1, $NF }'
} > "$out/size.txt"
cat "$out/size.txt"
