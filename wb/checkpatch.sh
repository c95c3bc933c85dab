#!/bin/bash
# scripts/checkpatch.pl --strict on every patch of series/: no errors, no
# warnings, no checks. Exceptions, each with its reason, are in
# wb/checkpatch.ignore ("TYPE  # why").
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
ignore=$(sed 's/#.*//' "$top/wb/checkpatch.ignore" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
n=0 bad=0
for p in $(grep -v '^#' "$top/series/series"); do
	n=$((n + 1))
	out=$(cd "$B/base" && ./scripts/checkpatch.pl --strict --no-tree --terse \
		--show-types ${ignore:+--ignore "$ignore"} "$top/series/$p" 2>&1)
	if grep -qE ': (ERROR|WARNING|CHECK):' <<<"$out"; then
		grep -E ': (ERROR|WARNING|CHECK):' <<<"$out" | sed "s|$top/||"
		bad=$((bad + 1))
	fi
done
echo "checkpatch: $((n - bad)) of $n patches clean"
[ "$bad" -eq 0 ]
