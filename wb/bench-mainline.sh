#!/bin/bash
# make bench-mainline: plain against patched mainline (make check-mainline's
# kernels, in $ML) under QEMU -icount, one CPU: wb/bench/fanotify_bench.c,
# as make bench runs it for 6.12. Tabulates what mainline/fixes claims:
# an answer with 4096 events pending against one with 16 (target <= 1.5
# patched; plain for information), the round trip of a permission event,
# and a resident file's accesses (ignored_*, against the same call of an
# unwatched file on the same kernel: the walk of the marks that the cache
# of the 6.12 series saves, not in mainline/fixes). Results in
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
gcc -static -O2 -pthread -Wall -isystem "$hdr" \
	-o "$ML/out/tests/fanotify_bench" "$top/wb/bench/fanotify_bench.c"
"$top/wb/initramfs.sh"
for k in plain patched; do
	WB_SMP=1 WB_QEMU_OPTS="-icount shift=0,sleep=off -rtc base=2025-01-01,clock=vm" \
		WB_CMDLINE="tsc=reliable" "$top/wb/vm.sh" "$k" bench 1800
	cp "$ML/out/$k/bench.out" "$out/$k.out"
done
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
		for (i = 1; i <= n; i++)
			row("ignored_" io[i] "/" io[i], ratio(v[1, "ignored_" io[i]], v[1, io[i]]),
				ratio(v[2, "ignored_" io[i]], v[2, io[i]]), 0)
		print "answer_*: guest instructions per answer (FAN_ALLOW) with 16 or 4096 events pending"
		print "ignored_*: a file under an ignore mark of the HSM (resident) against the same call of an unwatched file, on each kernel"
		exit (bad > 0)
	}' "$out/plain.out" "$out/patched.out" | tee "$out/results.txt"
