#!/bin/bash
# Parse what test VMs printed: wb/results.sh KIND PREFIX [KIND PREFIX ...]
# PREFIX.console is the kernel console (KUnit results, splats), PREFIX.out
# the output of the selftests (see wb/vm.sh).
# KIND is "base" or any other kernel ("patched", "debug"), on which every
# test must pass: a skip is a failure. On "base" the tests of the new
# features (the binaries named in wb/feature-tests) must fail or skip: each
# such result counts as "skipped" (the feature is absent, as expected), and
# a pass there is a failure (the test cannot detect the feature's absence);
# the other tests must pass there too.
# Any kernel splat, a missing end marker (crash, hang, timeout) or a test
# binary whose plan does not match its results counts as a failure.
# A binary run on another filesystem than ext4 is named BIN@FS (see
# wb/guest/check.sh): its results count for KIND/FS, the rest (KUnit, kernel
# splats, the VM's end included) for KIND/ext4.
# Prints one line per kernel and filesystem, "KIND/FS: N passed, N failed,
# N skipped" (and what did not run there, with the reason its "1..0 # SKIP"
# plan gave), one per kernel, "KIND: N passed, N failed, N skipped (...)",
# and a closing line, alone: "N passed, N failed, N skipped".
# make check-mainline: KIND "plain" is the unpatched mainline kernel, taken
# as "base" is, with the tests of its fixes named in $WB_FEATURES (a file);
# there each of their failures is an expected failure, counted as such
# ("N expected failures on plain"), and a skip or a pass a failure: the
# fix's test must show the hole on plain (a test of the RFC, labelled rfc_,
# may skip there: its feature is absent).
top=$(cd "$(dirname "$0")/.." && pwd)
features=$(grep -v '^#' "${WB_FEATURES:-$top/wb/feature-tests}" 2>/dev/null | tr '\n' ' ')
pass=0 fail=0 skip=0 xfail=0
while [ $# -ge 2 ]; do
	kind=$1 prefix=$2
	shift 2
	perfs=$(awk -v kind="$kind" -v features=" $features " '
		BEGIN { fs = "ext4"; order = "ext4" }
		function bad(msg) { f[fs]++; print "  FAIL " kind ": " msg > "/dev/stderr" }
		function endbin() {
			if (bin == "") return
			if (plan == "" || plan != seen)
				bad(bin ": planned " (plan == "" ? "?" : plan) ", reported " seen)
			bin = ""
		}
		{ sub(/\r$/, "") }
		# KUnit runs at boot and reports on the console: count its cases
		FILENAME ~ /console$/ && /^    (not )?ok [0-9]+ / {
			if ($1 == "ok" && !/ # SKIP/) p[fs]++
			else bad("kunit: " $0)
			next
		}
		FILENAME ~ /console$/ && /(BUG:|WARNING:|Oops|Kernel panic|general protection|kernel BUG|INFO: task .* blocked|possible circular locking|possible recursive locking|KASAN:|UBSAN:|unreferenced object|rcu: INFO)/ {
			bad("kernel: " $0)
		}
		FILENAME ~ /console$/ { next }
		/^wb: begin / { endbin(); bin = $3; plan = ""; seen = 0; nd = 0
			fs = (bin ~ /@/) ? substr(bin, index(bin, "@") + 1) : "ext4"
			if (index(" " order " ", " " fs " ") == 0) order = order " " fs
			prog = bin; sub(/@.*/, "", prog)
			feature = index(features, " " prog " ") > 0; next }
		/^wb: end / { if ($5 != 0 && !((kind == "base" || kind == "plain") && feature))
				bad(bin " exited " $5)
			endbin(); next }
		/^wb: done/ { done = 1 }
		# A binary that cannot run here says why: "1..0 # SKIP REASON"
		bin != "" && /^1\.\.0 # SKIP / { plan = 0; r = $0; sub(/^1\.\.0 # SKIP /, "", r)
			nr[fs] = nr[fs] (nr[fs] == "" ? "" : "; ") prog " not run: " r; next }
		bin != "" && /^1\.\.[0-9]+/ { plan = substr($1, 4) + 0; next }
		# What a failed case logged ("# " lines), its last lines shown
		bin != "" && /^# / { diag[nd++ % 12] = $0; next }
		bin != "" && /^(not )?ok [0-9]+ / {
			seen++
			ok = ($1 == "ok"); skip = / # SKIP/
			name = bin ": " $0
			if (kind == "plain" && feature) {
				if (ok && !skip) bad(name " passes without the fix")
				else if (skip && prog !~ /^rfc_/)
					bad(name " skipped: the hole is not shown")
				else x[fs]++
			} else if (kind == "base" && feature) {
				if (ok && !skip) bad(name " passes without the feature")
				else s[fs]++
			} else if (ok && !skip) p[fs]++
			else {
				bad(name)
				for (i = nd > 12 ? nd - 12 : 0; i < nd; i++)
					print "      " diag[i % 12] > "/dev/stderr"
			}
			nd = 0
			next
		}
		/^wb: TIMEOUT/ { fs = "ext4"; bad("VM timed out") }
		END {
			endbin()
			fs = "ext4"
			if (!done) bad("the VM did not finish its job (crash or hang)")
			n = split(order, o, " ")
			for (i = 1; i <= n; i++)
				print o[i], p[o[i]] + 0, f[o[i]] + 0, s[o[i]] + 0, x[o[i]] + 0, nr[o[i]]
		}' "$prefix.console" "$prefix.out")
	p=0 f=0 s=0 x=0
	while read -r fs fp ff fsk fx notes; do
		xs=; [ "$fx" = 0 ] || xs=", $fx expected failures"
		echo "$kind/$fs: $fp passed, $ff failed, $fsk skipped$xs${notes:+ ($notes)}"
		p=$((p + fp)) f=$((f + ff)) s=$((s + fsk)) x=$((x + fx))
	done <<<"$perfs"
	[ -n "$perfs" ] || f=1
	xs=; [ "$x" = 0 ] || xs=", $x expected failures"
	echo "$kind: $p passed, $f failed, $s skipped$xs (${prefix#"$top"/}.out)"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s)) xfail=$((xfail + x))
done
xs=; [ "$xfail" = 0 ] || xs=", $xfail expected failures on plain"
echo "$pass passed, $fail failed, $skip skipped$xs"
[ "$fail" -eq 0 ]
