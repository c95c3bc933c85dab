#!/bin/bash
# Install the Debian packages the workbench needs, if any is missing, then
# check that every command (and file) the workbench uses is there (wb_need).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/wb/base.conf"
. "$top/wb/lib.sh"
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
wb_need deps "$table"
