#!/bin/bash
# make bench-mainline: plain against patched mainline (make check-mainline's
# kernels, in $ML) under QEMU -icount, one CPU: wb/bench/fanotify_bench.c,
# as make bench runs it for 6.12. Tabulates what mainline/fixes claims:
# an answer with 4096 events pending against one with 16 (target <= 1.5
# patched; plain for information), the round trip of a permission event,
# a resident file's accesses (ignored_*, against the same call of an
# unwatched file on the same kernel: the walk of the marks that the
# resident-file cache saves) and the rows of make bench around that cache,
# with its targets on the patched kernel. Results in
# $ML/out/bench/results.txt; exits 1 if a target is missed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
ML=${ML:-$B/mainline}
export B=$ML
out=$ML/out/bench hdr=$ML/out/tests.headers/include
[ -f "$ML/out/plain/bzImage" ] && [ -f "$ML/out/patched/bzImage" ] && [ -d "$hdr" ] ||
	{ echo "bench-mainline: run make check-mainline first (its kernels and headers)" >&2; exit 1; }
mkdir -p "$out"
# BENCH_TABLE_ONLY=1: tabulate the last run again
if [ -z "${BENCH_TABLE_ONLY:-}" ]; then
	gcc -static -O2 -pthread -Wall -isystem "$hdr" \
		-o "$ML/out/tests/fanotify_bench" "$top/wb/bench/fanotify_bench.c"
	"$top/wb/initramfs.sh"
	for k in plain patched; do
		WB_SMP=1 WB_QEMU_OPTS="-icount shift=0,sleep=off -rtc base=2025-01-01,clock=vm" \
			WB_CMDLINE="tsc=reliable" "$top/wb/vm.sh" "$k" bench 1800
		cp "$ML/out/$k/bench.out" "$out/$k.out"
	done
fi
awk '
	{ sub(/\r$/, "") }
	FNR == 1 { k++ }
	/^bench: / { v[k, $2] = $3 }
	$0 == "wb: bench exit 0" { done[k] = 1 }
	function num(x) { return x ~ /^[0-9]+(\.[0-9]+)?$/ }
	function ratio(a, b) { return (num(a) && num(b) && b > 0) ? a / b : 0 }
	# row LABEL PLAIN PATCHED [TARGET on the patched ratio]
	function row(label, a, b, target,   verdict) {
		verdict = target ? (b && b <= target ? "ok" : "MISSED") : "info"
		if (verdict == "MISSED") bad++
		printf("%-28s %10s %10s %8s  %s\n", label,
			a ? sprintf("%.4f", a) : (a == "" ? "-" : a),
			b ? sprintf("%.4f", b) : "-",
			target ? "<=" target : "-", verdict)
	}
	function abs(label, c) {
		printf("%-28s %10s %10s %8s  %s\n", label, v[1, c], v[2, c], "-",
			"instructions")
	}
	END {
		for (i = 1; i <= 2; i++)
			if (!done[i]) { print "bench-mainline: a benchmark did not finish"; bad++ }
		printf("%-28s %10s %10s %8s  %s\n", "case", "plain", "patched", "target", "verdict")
		abs("answer_16", "answer_16")
		abs("answer_4096", "answer_4096")
		row("answer_4096/answer_16", ratio(v[1, "answer_4096"], v[1, "answer_16"]),
			ratio(v[2, "answer_4096"], v[2, "answer_16"]), 1.5)
		row("answer_16 patched/plain", "", ratio(v[2, "answer_16"], v[1, "answer_16"]), 0)
		row("answer_4096 patched/plain", "", ratio(v[2, "answer_4096"], v[1, "answer_4096"]), 0)
		abs("rt_pre_access", "rt_pre_access")
		abs("rt_access_perm", "rt_access_perm")
		row("rt_pre_access patched/plain", "", ratio(v[2, "rt_pre_access"], v[1, "rt_pre_access"]), 0)
		n = split("pread_1 pread_4k pwrite_1 pwrite_4k", io)
		for (i = 1; i <= n; i++) {
			abs(io[i], io[i])
			row(io[i] " patched/plain", "", ratio(v[2, io[i]], v[1, io[i]]), 1.005)
		}
		# the resident-file cache (patches 10-12). What a resident file
		# costs over an unwatched one, on each kernel (info), and that
		# extra cost patched against plain: the walk of the marks is gone
		# (target <= 0.1: a few loads and a call remain, not the walk)
		for (i = 1; i <= n; i++) {
			a = ratio(v[1, "ignored_" io[i]], v[1, io[i]])
			b = ratio(v[2, "ignored_" io[i]], v[2, io[i]])
			row("ignored_" io[i] "/" io[i], a, b, 0)
			x = (a > 1 && b) ? (b - 1) / (a - 1) : -1
			if (x < 0 || x > 0.1) bad++
			printf("%-28s %10s %10.4f %8s  %s\n", "  extra cost patched/plain",
				"-", x, "<=0.1", (x < 0 || x > 0.1) ? "MISSED" : "ok")
		}
		# a FAN_OPEN_PERM filesystem mark (patch 10: FS_ACCESS and
		# FS_MODIFY return inline where no notification is watched)
		for (i = 1; i <= n; i++)
			row("openperm_" io[i] "/" io[i], ratio(v[1, "openperm_" io[i]], v[1, io[i]]),
				ratio(v[2, "openperm_" io[i]], v[2, io[i]]), 0)
		# marks that must not send a resident file back to the walk
		for (i = 1; i <= n; i++)
			row("ignmntopen_" io[i] "/ignored_" io[i],
				ratio(v[1, "ignmntopen_" io[i]], v[1, "ignored_" io[i]]),
				ratio(v[2, "ignmntopen_" io[i]], v[2, "ignored_" io[i]]), 1.005)
		row("ignchurn_pread_1/ignchurnref_pread_1",
			ratio(v[1, "ignchurn_pread_1"], v[1, "ignchurnref_pread_1"]),
			ratio(v[2, "ignchurn_pread_1"], v[2, "ignchurnref_pread_1"]), 1.005)
		row("ignchurn_pwrite_1/ignchurnref_pwrite_1",
			ratio(v[1, "ignchurn_pwrite_1"], v[1, "ignchurnref_pwrite_1"]),
			ratio(v[2, "ignchurn_pwrite_1"], v[2, "ignchurnref_pwrite_1"]), 1.005)
		print "answer_*: guest instructions per answer (FAN_ALLOW) with 16 or 4096 events pending"
		print "ignored_*: a file under an ignore mark of the HSM (resident) against the same call of an unwatched file, on each kernel"
		print "openperm_*: a file of a filesystem that a FAN_CLASS_CONTENT group watches with FAN_OPEN_PERM (fapolicyd, antivirus), against an unwatched file"
		print "ignmntopen_*: a resident file while another group has a FAN_OPEN_PERM mount mark, against a resident file alone"
		print "ignchurn_*: a resident file with an inotify watch added and removed on another file of its filesystem before each call, against the same with the watch on another filesystem (median call)"
		exit (bad > 0)
	}' "$out/plain.out" "$out/patched.out" | tee "$out/results.txt"
