#!/bin/bash
# Install the Debian packages the workbench needs, if any is missing, then
# check that every command (and file) the workbench uses is there: a
# missing one fails here, naming its package, not half an hour into a build.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/wb/base.conf"
# What the workbench runs (or, with a /, reads) and the Debian package that
# provides it. Every package named here is installed. The tools of a Debian
# root's essential packages (coreutils, tar, gzip, sed, grep, findutils,
# diffutils, util-linux, dpkg) are taken for granted.
table="
make			build-essential
gcc			build-essential
bc			bc
bison			bison
flex			flex
/usr/include/gelf.h	libelf-dev
/usr/include/openssl/ssl.h	libssl-dev
perl			perl
python3			python3
awk			mawk
xz			xz-utils
rsync			rsync
cpio			cpio
ccache			ccache
git			git
patch			patch
$BASE_TARBALL	$BASE_PKG
mkfs.ext4		e2fsprogs
mkfs.xfs		xfsprogs
mkfs.btrfs		btrfs-progs
qemu-system-x86_64	qemu-system-x86
/bin/busybox		busybox-static
sphinx-build		python3-sphinx
man			man-db
nroff			groff-base
col			bsdextrautils
/usr/share/man/man7/fanotify.7.gz	manpages
/usr/share/man/man2/fanotify_init.2.gz	manpages-dev
/usr/share/man/man2/fanotify_mark.2.gz	manpages-dev
gnuplot			gnuplot-nox
"
missing=
for p in $(while read -r _ pkg; do echo "$pkg"; done <<<"$table" | sort -u); do
	# Not installed, or unknown to dpkg altogether (a fresh machine)
	dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' ||
		missing="$missing $p"
done
if [ -n "${missing// }" ]; then
	echo "deps: installing$missing"
	sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
bad=0
while read -r what pkg; do
	[ -n "$what" ] || continue
	case "$what" in
	/*) [ -e "$what" ] ;;
	*) command -v "$what" >/dev/null ;;
	esac || { echo "deps: $what is missing: install the Debian package $pkg" >&2; bad=1; }
done <<<"$table"
exit "$bad"
