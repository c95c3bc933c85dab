#!/bin/bash
# Build the patched kernel with wb/debug.config in its own worktree
# ($B/debug, so the normal build keeps its objects) and run the tests in it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
wt=$B/debug
[ -d "$wt" ] || git -C "$B/linux" worktree add -q --detach "$wt" series
git -C "$wt" checkout -q --detach series
EXTRA_CONFIG="$top/wb/kunit.config $top/wb/debug.config" "$top/wb/build.sh" "$wt" debug
WB_MEM=3G "$top/wb/vm.sh" debug check 2400
"$top/wb/results.sh" debug "$B/out/debug/check"
