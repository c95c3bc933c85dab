#!/bin/bash
# What the series costs where nobody uses it, and what a pre-content event
# costs where somebody does: wb/bench.sh
# Builds wb/bench/fanotify_bench.c into $B/out/tests, packs the initramfs and
# boots base, then patched, on one CPU under QEMU -icount (a guest ns is a
# guest instruction: deterministic, whatever the host's load), then once more
# each on the wall clock (noisy, for information). The VMs run one after the
# other: icount TCG is single-threaded and they would share the 2 cores.
# Writes $B/out/bench/results.txt (with wb/size.sh's code size) and
# bench.svg; exits 1 if an icount target is missed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
export B
out=$B/out/bench
hdr=$B/out/tests.headers/include
mkdir -p "$out" "$B/out/tests"

. "$top/wb/lib.sh"
wb_need bench "gnuplot gnuplot-nox" || exit 1

# The patched tree's uapi headers if wb/selftests.sh made them; the program
# has fallbacks for the new constants otherwise.
gcc -static -O2 -pthread -Wall $([ -d "$hdr" ] && echo "-isystem $hdr") \
	-o "$B/out/tests/fanotify_bench" "$top/wb/bench/fanotify_bench.c"
"$top/wb/initramfs.sh"

# The guest must time with the TSC, not with 4 ms jiffies: under icount the
# TSC runs at 1 GHz of guest time and calibrates exactly; on the wall clock a
# TCG guest reads the host's TSC but cannot calibrate it against the PIT, so
# tell it the host's rate. tsc=reliable: no clocksource watchdog. Under
# icount the guest's date is fixed and follows guest time, so that file
# timestamps do not depend on when the host ran the VM.
khz=$(awk '/^cpu MHz/ { printf "%d", $4 * 1000; exit }' /proc/cpuinfo)
# BENCH_TABLE_ONLY=1: tabulate the outputs of the last run again, no VM
for mode in icount wall; do
	[ -z "${BENCH_TABLE_ONLY:-}" ] || break
	opts="-icount shift=0,sleep=off -rtc base=2025-01-01,clock=vm"
	cmdline="tsc=reliable"
	[ "$mode" = wall ] && opts= cmdline="$cmdline tsc_early_khz=$khz"
	for k in base patched; do
		WB_SMP=1 WB_QEMU_OPTS="$opts" WB_CMDLINE="$cmdline" \
			"$top/wb/vm.sh" "$k" bench 1200
		cp "$B/out/$k/bench.out" "$out/$k.$mode.out"
		cp "$B/out/$k/bench.console" "$out/$k.$mode.console"
	done
done

# One table per mode: ns per call on base and patched, patched/reference,
# the target and the verdict (icount only). The reference is the same case
# on base, except: othersb_* and ignored_* cannot be set up on base, where the
# same workload is the plain pread/pwrite; rt_pre_access is compared with
# rt_access_perm on the patched kernel; answer_4096/16 is answer_4096 against
# answer_16 on the patched kernel (the cost of an answer must not grow with
# the events pending), with the same ratio on base printed below the table.
table() {
	awk -v mode="$1" -v dat="$out/bench.dat" '
	{ sub(/\r$/, "") }
	FNR == 1 { k++; name[k] = FILENAME; sub(/.*\//, "", name[k]) }
	/^bench: / { v[k, $2] = $3 }
	/^# clocksource:/ { cs[k] = $3 }
	$0 == "wb: bench exit 0" { done[k] = 1 }
	function num(x) { return x ~ /^[0-9]+(\.[0-9]+)?$/ }
	function row(c, refk, refc, target, note, label,   r, p, ratio, verdict) {
		r = v[refk, refc]; p = v[2, c]
		if (label == "") label = c
		ratio = (num(r) && num(p) && r > 0) ? p / r : 0
		if (!ratio) verdict = "MISSING"
		else if (!target) verdict = "info"
		else verdict = (ratio <= target) ? "ok" : "MISSED"
		if (mode != "icount")
			verdict = "-"
		else if (verdict ~ /^M/)
			bad++
		printf("%-20s %11s%-1s %11s %8s %8s  %s\n", label, (r == "" ? "-" : r),
			note, (p == "" ? "-" : p), (ratio ? sprintf("%.4f", ratio) : "-"),
			((target && mode == "icount") ? "<=" target : "-"), verdict)
		if (mode == "icount")
			printf("%s %s %s %s %s\n", label, (num(r) ? r : "-"),
				(num(p) ? p : "-"),
				(ratio > 1 ? sprintf("%.3f", (ratio - 1) * 100) : "-"),
				(target ? sprintf("%.1f", (target - 1) * 100) : "-")) > dat
	}
	END {
		for (k = 1; k <= 2; k++)
			if (!done[k]) {
				print "bench: " name[k] ": the benchmark did not finish"
				bad++
			}
		printf "%-20s %12s %11s %8s %8s  %s\n", "case", "base", "patched",
			"ratio", "target", "verdict"
		n = split("pread_1 pread_4k pwrite_1 pwrite_4k", io)
		for (i = 1; i <= n; i++) row(io[i], 1, io[i], 1.005)
		for (i = 1; i <= n; i++) row("notif_" io[i], 1, "notif_" io[i], 1.005)
		for (i = 1; i <= n; i++) row("othersb_" io[i], 1, io[i], 1.005, "*")
		for (i = 1; i <= n; i++) row("ignored_" io[i], 1, io[i], 1.02, "*")
		for (i = 1; i <= n; i++) row("openperm_" io[i], 1, "openperm_" io[i], 1.005)
		for (i = 1; i <= n; i++) row("ignmntopen_" io[i], 2, "ignored_" io[i], 1.005, "~")
		row("ignchurn_pread_1", 2, "ignchurnref_pread_1", 1.005, "=")
		row("ignchurn_pwrite_1", 2, "ignchurnref_pwrite_1", 1.005, "=")
		row("rt_pre_access", 2, "rt_access_perm", 1.05, "+")
		row("rt_access_perm", 1, "rt_access_perm", 0)
		row("answer_16", 1, "answer_16", 0)
		row("answer_4096", 1, "answer_4096", 0)
		row("answer_4096", 2, "answer_16", 1.5, "^", "answer_4096/16")
		row("create_idle", 1, "create_idle", 0)
		row("create_4096_waiting", 2, "create_idle", 1.01, "%", "create_4096w/idle")
		row("pipe_pingpong", 1, "pipe_pingpong", 0)
		n = split("pipe_write_1 pipe_read_1 sock_write_1 sock_read_1 eventfd_write_8 eventfd_read_8", ps)
		for (i = 1; i <= n; i++) row(ps[i], 1, ps[i], 1.005)
		print "* base column: the plain case on base (the base cannot set this one up)"
		print "+ base column: rt_access_perm on the patched kernel"
		print "~ base column: ignored_ on the patched kernel (a FAN_OPEN_PERM mount mark of another group must not slow a resident file)"
		print "= base column: ignchurnref_ on the patched kernel. In both rows an inotify watch is added and removed before each call, on a file of the same filesystem (ignchurn_) or of another one (ignchurnref_), and the median call is timed alone (rdtsc): marks that change on other files must not send a resident file back to the walk of its marks (1.15 for pread, 1.11 for pwrite when every change did)"
		print "^ base column: answer_16 on the patched kernel"
		print "% base column: create_idle on the patched kernel (4096 readers waiting for answers must not slow the other wake-ups of the kernel)"
		if (num(v[1, "create_idle"]) && num(v[1, "create_4096_waiting"]) && v[1, "create_idle"] > 0)
			printf("create_4096_waiting = %.4f x create_idle on base (for information)\n",
				v[1, "create_4096_waiting"] / v[1, "create_idle"])
		if (num(v[1, "answer_16"]) && num(v[1, "answer_4096"]) && v[1, "answer_16"] > 0)
			printf("answer_4096 = %.2f x answer_16 on base (for information)\n",
				v[1, "answer_4096"] / v[1, "answer_16"])
		if (num(v[2, "pipe_pingpong"]) && num(v[2, "rt_pre_access"]))
			printf("rt_pre_access = %.2f x pipe_pingpong (patched)\n",
				v[2, "rt_pre_access"] / v[2, "pipe_pingpong"])
		printf "clocksource: base %s, patched %s\n", cs[1], cs[2]
		exit (bad > 0)
	}' "$out/base.$1.out" "$out/patched.$1.out"
}

# Code size, base against patched: $out/size.txt
"$top/wb/size.sh" >/dev/null

rc=0
{
	echo "== icount: guest instructions per call (deterministic), -smp 1"
	table icount || rc=1
	echo
	echo "== wall clock: ns per call (noisy, for information), -smp 1"
	table wall || true
	echo
	cat "$out/size.txt"
	echo
	echo "bench: $SECONDS s in all, $([ $rc = 0 ] && echo "every target met" || echo "TARGETS MISSED")"
} > "$out/results.txt"
cat "$out/results.txt"

# Top: the cost per call (log); bottom: patched over its reference in %
# (log; a case that got cheaper has no bar), with the target.
gnuplot <<EOF
set terminal svg size 1100,800 dynamic noenhanced font "sans,11"
set output "$out/bench.svg"
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set xtics rotate by 30 right scale 0
set key top left
set multiplot layout 2,1 title "fanotify pre-content series, QEMU -icount: 1 ns = 1 guest instruction"
set ylabel "ns per call"
plot "$out/bench.dat" using 2:xtic(1) title "base (or reference: see results.txt)", \\
	"" using 3 title "patched"
set ylabel "patched / reference - 1 (%)"
set yrange [0.05:200]
plot "$out/bench.dat" using 4:xtic(1) title "overhead", \\
	"" using 0:5 with points pt 7 ps 1.2 lc rgb "red" title "target"
unset multiplot
EOF
echo "bench: $out/results.txt, $out/bench.svg"
exit "$rc"
