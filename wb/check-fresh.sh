#!/bin/bash
# `make check` as a new user meets it: wb/check-fresh.sh builds a minimal
# Debian 12 root (debootstrap --variant=minbase, from the Debian mirror this
# machine's apt uses) in $B/fresh/root, clones this repository into it and
# runs `bash .ci/run` there in a chroot, with CI=true; prints its output and
# exits with its status.
#
# It tests what is committed: the clone is of HEAD of the current branch;
# uncommitted changes are not in it. Nothing is shared with the host's
# build: not the kernel trees, not build/out, not ccache (the root has its
# own, cold), not the environment. QEMU runs in the chroot, TCG as always.
# Takes about 22 min on the 2-core machine (debootstrap, the
# packages, then `make check` with a cold ccache) and about 5 GB in
# $B/fresh.
#
# Needs root (it re-runs itself with sudo) for debootstrap, mount and chroot;
# installs debootstrap if missing. /proc, /sys, /dev and /dev/pts are
# mounted into the root (and a fresh tmpfs on /dev/shm), in a mount
# namespace of its own, and unmounted on exit, failure or not.
#
#   FRESH_KEEP=1   keep the root afterwards (to look into it), and reuse a
#                  kept root instead of making a new one: a new clone, but
#                  the packages installed and ccache warm, so not a fresh
#                  machine any more. Without it a kept root is removed first
#                  and the root is removed at the end.
#   FRESH_CMD=...  run this (bash -c, in the clone) instead of `bash .ci/run`,
#                  e.g. FRESH_CMD='make check-mainline' or 'make deps tree'
#                  (make is installed first, as .ci/run does for itself)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
fresh=$B/fresh root=$B/fresh/root
src=/root/src			# the clone, in the root
cmd=${FRESH_CMD:-bash .ci/run}
suite=bookworm
. "$top/wb/lib.sh"

if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || { echo "check-fresh: needs root (or sudo)" >&2; exit 1; }
	exec sudo --preserve-env=B,FRESH_KEEP,FRESH_CMD "$0" "$@"
fi
# Mounts made from here on belong to this process alone and vanish with it
if [ -z "${WB_FRESH_NS:-}" ]; then
	WB_FRESH_NS=1 exec unshare --mount --propagation private "$0" "$@"
fi

debian=$(wb_apt_sources | awk -v s="$suite" '$2 ~ "^" s "(-updates|-security)?$" && !seen[$0]++')
mirror=$(awk -v s="$suite" '$2 == s { print $1; exit }' <<<"$debian")
[ -n "$mirror" ] || {
	echo "check-fresh: no source for Debian $suite in /etc/apt/sources.list{,.d/}" >&2
	exit 1
}

# Never remove what is mounted: --one-file-system, and a check first
remove_root() {
	[ -e "$root" ] || return 0
	if grep -q " $root/" /proc/mounts; then
		echo "check-fresh: something is still mounted in $root; not removing it" >&2
		return 1
	fi
	rm -rf --one-file-system "$root"
}

# What runs in the root: the processes whose / is the root
in_root() {
	local p
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" != "$root" ] || echo "${p#/proc/}"
	done
}
mounted=
cleanup() {
	local m pids
	set +e		# clean up all there is, whatever fails
	# Interrupted: stop what still runs in the root (make, QEMU, ...)
	pids=$(in_root)
	if [ -n "$pids" ]; then
		kill -TERM $pids 2>/dev/null
		sleep 2
		pids=$(in_root)
		[ -z "$pids" ] || kill -KILL $pids 2>/dev/null
	fi
	for m in $mounted; do
		umount "$m" 2>/dev/null || umount -l "$m" || echo "check-fresh: cannot unmount $m" >&2
	done
	mounted=
	if [ "${FRESH_KEEP:-}" = 1 ]; then
		echo "check-fresh: kept $root (FRESH_KEEP=1)"
	else
		remove_root
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mnt() {	# mnt MOUNT-ARGS... TARGET; unmounted by cleanup, last first
	mount "$@"
	mounted="${!#} $mounted"
}

if [ "${FRESH_KEEP:-}" = 1 ] && [ -f "$root/.wb-fresh" ]; then
	echo "check-fresh: reusing $root (FRESH_KEEP=1: the packages and ccache of its last run)"
else
	command -v debootstrap >/dev/null || {
		echo "check-fresh: installing debootstrap"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
	}
	remove_root
	mkdir -p "$fresh"
	echo "check-fresh: debootstrap $suite (minbase) from $mirror into $root"
	include=
	case "$mirror" in https:*) include=--include=ca-certificates ;; esac
	debootstrap --variant=minbase $include "$suite" "$root" "$mirror" > "$fresh/debootstrap.log" 2>&1 || {
		tail -n 20 "$fresh/debootstrap.log" >&2
		echo "check-fresh: debootstrap failed (log: $fresh/debootstrap.log)" >&2
		exit 1
	}
	# The same Debian sources as this machine (the 6.12 kernel source is
	# in bookworm-security), main only
	awk '{ print "deb", $1, $2, "main" }' <<<"$debian" > "$root/etc/apt/sources.list"
	# No package's daemon starts in the chroot
	printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
	chmod +x "$root/usr/sbin/policy-rc.d"
	touch "$root/.wb-fresh"
fi
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

# The clone. git refuses a repository that another user owns (sudo): allow
# this one, in a global config of our own.
rm -rf "$root$src"
printf '[safe]\n\tdirectory = %s\n\tdirectory = %s/.git\n' "$top" "$top" > "$fresh/gitconfig"
GIT_CONFIG_GLOBAL=$fresh/gitconfig git clone -q --no-hardlinks "$top" "$root$src"
branch=$(git -C "$root$src" symbolic-ref -q --short HEAD || echo "a detached HEAD")
echo "check-fresh: testing $branch at $(git -C "$root$src" log -1 --format='%h %s')"
if [ -n "$(GIT_CONFIG_GLOBAL=$fresh/gitconfig git -C "$top" status --porcelain --untracked-files=no)" ]; then
	echo "check-fresh: NOTE: $top has uncommitted changes; they are not tested"
fi

mnt -t proc proc "$root/proc"
mnt -t sysfs sysfs "$root/sys"
mnt --bind /dev "$root/dev"
mnt --bind /dev/pts "$root/dev/pts"
mnt -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"

# A clean environment: nothing of the host's build (B, CCACHE_*, ...)
proxy=()
for v in http_proxy https_proxy no_proxy; do
	[ -n "${!v:-}" ] && proxy+=("$v=${!v}")
done
# Another command than .ci/run (FRESH_CMD='make check-mainline') gets make
# first, as .ci/run installs it for itself
if [ -n "${FRESH_CMD:-}" ] && [ ! -x "$root/usr/bin/make" ]; then
	echo "check-fresh: installing make in the chroot for '$cmd'"
	chroot "$root" /bin/bash -c 'apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make >/dev/null'
fi
echo "check-fresh: running '$cmd' in the chroot, CI=true"
t0=$SECONDS
# In the background, so that a signal ends the wait at once (the traps
# above); stdin stays the script's.
chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	CI=true "${proxy[@]}" /bin/bash -c "cd $src && $cmd" <&0 &
rc=0
wait $! || rc=$?
t=$((SECONDS - t0))
echo "check-fresh: '$cmd' exited $rc after $((t / 60)) min $((t % 60)) s" \
	"($((SECONDS / 60)) min $((SECONDS % 60)) s with the root and the clone)"
exit "$rc"
