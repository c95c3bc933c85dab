#!/bin/bash
# Print the demo as told by both kernels; fail if a claim did not hold.
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
rc=0
for k in patched base; do
	out=$B/out/$k/demo.out
	echo "######## the $k kernel ########"
	sed -n '/^== /,$p' "$out" | grep -v '^wb: '
	grep -q '^wb: job demo exited 0' "$out" || rc=1
done
echo
for k in patched base; do
	echo "$k: $(grep -c '^ok ' "$B/out/$k/demo.out") claims held," \
		"$(grep -c '^not ok ' "$B/out/$k/demo.out") failed"
done
exit $rc
