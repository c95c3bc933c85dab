# Workbench for the fanotify pre-content / FAN_DENY_ERRNO patch series.
# The product is series/; everything else is generated under build/.
# See README.md for what each target does.

B      ?= $(CURDIR)/build
export B
TREE   := $(B)/linux
BASE   := $(B)/base
OUT    := $(B)/out

.PHONY: all demo check deps tree retree export kernels kernel-base \
	kernel-patched selftests erofs-utils initramfs vm-check checkpatch check-docs \
	check-series check-debug check-32 check-fresh bench debian \
	check-mainline check-mainline-debug check-mainline-32 bench-mainline mainline-export \
	mainline-series \
	clean distclean

all: check

# The main job: the HSM story on the patched kernel, then on the base kernel.
demo: deps tree kernels selftests erofs-utils initramfs
	@./wb/vm.sh patched demo 600 >/dev/null & ./wb/vm.sh base demo 600 >/dev/null; wait
	@./wb/demo-show.sh

# Every test: series checks, both kernels, selftests in both VMs.
check: deps tree checkpatch check-docs kernels selftests erofs-utils initramfs vm-check

deps:
	@./wb/deps.sh

tree:
	@./wb/tree.sh

# Throw the generated trees away and make them again from series/.
retree:
	rm -rf $(TREE) $(BASE)
	@./wb/tree.sh

export:
	@./wb/export.sh

kernels: kernel-base kernel-patched

kernel-base:
	@./wb/build.sh $(BASE) base

kernel-patched:
	@EXTRA_CONFIG=$(CURDIR)/wb/kunit.config ./wb/build.sh $(TREE) patched

selftests:
	@./wb/selftests.sh $(TREE)

# Debian's erofs-utils (newest >= 1.9.2 the mirror serves), built with its
# fanotify backend, and the OCI images its tests mount; in $(B)/out/erofs
erofs-utils:
	@./wb/erofs-utils.sh

initramfs:
	@./wb/initramfs.sh

# Both VMs at once: each is mostly waiting on its own guest.
vm-check:
	@./wb/vm.sh base check & ./wb/vm.sh patched check; wait
	@./wb/results.sh base $(OUT)/base/check patched $(OUT)/patched/check

checkpatch:
	@./wb/checkpatch.sh

# get_maintainer, kernel-doc, Sphinx and man-page checks of the series.
check-docs:
	@./wb/check-docs.sh

# The patched kernel with lockdep, KASAN, kmemleak, list debugging and the
# cross-check of the resident-file cache (CONFIG_FSNOTIFY_DEBUG_CACHE) runs
# the same tests; any report fails the run.
check-debug: deps tree selftests erofs-utils initramfs
	@./wb/check-debug.sh

# The patched kernel built for 32-bit x86 (ARCH=i386) runs every test in a
# 32-bit initramfs; in $(B)/i386. Not part of check (a kernel build more).
check-32: deps tree
	@./wb/check-32.sh

# The series as Debian's kernel package would carry it: apt-get source of
# src:linux-6.12, quilt on top of Debian's patches (fuzz 0), Debian's amd64
# config, base and patched objects with sparse, genksyms CRCs compared; what a
# maintainer would send in build/out/debian/. Not part of check.
debian:
	@./wb/debian.sh

# Base against patched: instructions per call under QEMU -icount (and noisy
# wall-clock numbers); results in build/out/bench/. Fails if a target is missed.
bench: deps tree kernels selftests
	@./wb/bench.sh

# Every patch of the series builds on its own (kernel and selftests).
check-series: deps tree
	@./wb/check-series.sh

# .ci/run (make check) in a chroot of a minimal Debian 12 made with
# debootstrap, on a clone of the committed HEAD: what a new user meets.
check-fresh:
	@./wb/check-fresh.sh

# The postings of mainline/ (fixes, RFC) on the mainline base of
# wb/mainline.conf, in $(B)/mainline: plain and patched kernels, the 6.12
# series' selftests against mainline's uapi, each fix's test failing on plain
# and passing patched; checkpatch and the conflict check against Debian's
# next tree. Not part of check (23 min on a fresh machine, 6 warm).
check-mainline: deps tree erofs-utils
	@./wb/check-mainline.sh

# The fixes and the RFC with wb/debug.config (lockdep, KASAN, kmemleak, the
# cross-check of the resident-file cache), in $(B)/mainline/debug, running
# the tests of check-mainline; any kernel report fails the run.
check-mainline-debug: deps tree erofs-utils
	@./wb/check-mainline-debug.sh

# Plain and patched mainline built for 32-bit x86 (ARCH=i386), running the
# tests of check-mainline in a 32-bit initramfs, in $(B)/mainline/i386: there
# the ranges of 4 GiB and more are a fix's test too.
check-mainline-32: deps tree
	@./wb/check-mainline-32.sh

# Plain against patched mainline under QEMU -icount (after check-mainline).
bench-mainline:
	@./wb/bench-mainline.sh

# Write mainline/ back from the branches of $(B)/mainline/linux.
mainline-export:
	@./wb/ml-tree.sh export

# Every patch of mainline/ builds on its own.
mainline-series: deps
	@./wb/ml-tree.sh
	@B=$(B)/mainline EXTRA_CONFIG=$(CURDIR)/wb/mainline.config \
		./wb/check-series.sh $(B)/mainline/linux plain rfc

clean:
	rm -rf $(OUT)

distclean:
	rm -rf $(B)
