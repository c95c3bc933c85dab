#!/bin/bash
# A real consumer of pre-content events in the test VM: Debian's erofs-utils
# (mount.erofs -t erofs.fanotify fills a lazily fetched OCI image layer).
#  1. The newest version (1.9.2 or later) of Debian's source package that
#     the machine's Debian mirror serves, with apt-get source from deb-src
#     lines of our own (the machine's mirror; its suites and unstable).
#  2. Built here, on Debian 12, with the fanotify and OCI backends (libcurl,
#     json-c) and lz4 only: not Debian's build-dep, which wants much more.
#     Debian has no static libcurl dependencies (krb5, ldap): mount.erofs is
#     dynamic, and its libraries go into the initramfs with it.
#  3. The test images, made by its mkfs.erofs from a seeded tree: plain and
#     lz4hc, each served as a one-layer OCI image by a static registry
#     (busybox httpd in the VM; it answers range requests).
# Output in $B/out/erofs (the initramfs copies it to /erofs): bin/, lib/,
# reg/ (the registry's files), tree.sha256, VERSION. Nothing of erofs-utils
# is committed: it is fetched and built like the kernel.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
. "$top/wb/lib.sh"
D=$B/erofs-utils out=$B/out/erofs
MIN_VERSION=1.9.2
say() { echo "erofs-utils: $*"; }
die() { echo "erofs-utils: $*" >&2; exit 1; }

table="
gcc		build-essential
make		build-essential
autoreconf	autoconf
aclocal		automake
libtoolize	libtool
pkg-config	pkg-config
dpkg-source	dpkg-dev
python3		python3
/usr/include/x86_64-linux-gnu/curl/curl.h	libcurl4-openssl-dev
/usr/include/json-c/json.h	libjson-c-dev
/usr/include/lz4hc.h	liblz4-dev
/usr/include/uuid/uuid.h	uuid-dev
/usr/include/zlib.h	zlib1g-dev
"
wb_need erofs-utils "$table" || exit 1

# deb-src lines: each Debian source of this machine with its own suites,
# and unstable on each that is not a security archive
mkdir -p "$D/apt/lists/partial" "$D/apt/cache/archives/partial" "$D/src"
wb_apt_sources | awk '{ print "deb-src", $1, $2, "main" }
	$2 !~ /-security$/ && !u[$1]++ { print "deb-src", $1, "unstable", "main" }' |
	awk '!seen[$0]++' > "$D/apt/sources.list"
[ -s "$D/apt/sources.list" ] || die "no Debian source in /etc/apt/sources.list{,.d/}"
# Check-Valid-Until=false: unstable's Release file carries an expiry date
# (a week ahead), which a mirror that serves a snapshot keeps serving past;
# its signature is still checked.
apt=(-q -o Dir::Etc::SourceList="$D/apt/sources.list" -o Dir::Etc::SourceParts=-
	-o Dir::State::Lists="$D/apt/lists" -o Dir::Cache="$D/apt/cache"
	-o Acquire::Check-Valid-Until=false)
[ "$(id -u)" != 0 ] || apt+=(-o APT::Sandbox::User=root)
if [ ! -f "$D/apt/.updated" ] || [ -n "$(find "$D/apt/.updated" -mmin +720)" ]; then
	apt-get "${apt[@]}" update > "$D/apt/update.log" 2>&1 ||
		{ tail -n 5 "$D/apt/update.log" >&2; die "apt-get update of the deb-src lines failed"; }
	touch "$D/apt/.updated"
fi
listed=$(apt-cache "${apt[@]}" showsrc erofs-utils | awk '$1 == "Version:" { print $2 }' | sort -Vru)
ver=
for v in ${EROFS_UTILS_VERSION:-$listed}; do
	upstream=${v#*:}; upstream=${upstream%-*}
	if [ "$(printf '%s\n' "$MIN_VERSION" "$upstream" | sort -V | head -n1)" != "$MIN_VERSION" ]; then
		say "NOTE: $v is older than $MIN_VERSION (no fanotify backend)"
		continue
	fi
	dir=$D/src/$v
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"; mkdir -p "$dir"
		(cd "$dir" && apt-get "${apt[@]}" source --download-only "erofs-utils=$v") > "$dir.log" 2>&1 || {
			say "NOTE: $v is listed but cannot be downloaded"
			rm -rf "$dir"; continue
		}
		touch "$dir/.done"
	fi
	ver=$v
	break
done
[ -n "$ver" ] || die "no erofs-utils $MIN_VERSION or later can be downloaded from the Debian mirror (listed: ${listed:-none})"

# Build (once per version)
srcdir=$D/build/$ver
if [ ! -x "$srcdir/mount/mount.erofs" ] || [ ! -x "$srcdir/mkfs/mkfs.erofs" ]; then
	say "building $ver"
	rm -rf "$srcdir"
	mkdir -p "$D/build"
	dpkg-source -q -x "$D/src/$ver"/erofs-utils_*.dsc "$srcdir" > "$srcdir.log" 2>&1 ||
		{ tail -n 5 "$srcdir.log" >&2; die "dpkg-source -x of $ver failed"; }
	(
		cd "$srcdir"
		./autogen.sh
		./configure --enable-fanotify --enable-oci --with-libcurl --with-json-c \
			--enable-lz4 --disable-lzma --without-openssl --without-libxml2 \
			--without-libnl3 --without-selinux --disable-fuse \
			--disable-multithreading
		make -j"$(nproc)"
	) >> "$srcdir.log" 2>&1 || { tail -n 20 "$srcdir.log" >&2; die "building $ver failed (log: $srcdir.log)"; }
	grep -q '^#define EROFS_FANOTIFY_ENABLED 1' "$srcdir/config.h" ||
		die "$ver was built without the fanotify backend"
fi

# The payload: binaries, their libraries, the images and the registry
rm -rf "$out"
mkdir -p "$out/bin" "$out/lib" "$out/reg"
cp "$srcdir/mount/mount.erofs" "$srcdir/mkfs/mkfs.erofs" "$out/bin/"
for f in mmapcat erofs-deny; do
	gcc -static -O2 -Wall -o "$out/bin/$f" "$top/wb/erofs/$f.c"
done
ldd "$out/bin/mount.erofs" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
	sort -u | while read -r lib; do cp -L "$lib" "$out/lib/"; done
[ -f "$out/lib/ld-linux-x86-64.so.2" ] || die "no dynamic loader among mount.erofs' libraries"
echo "$ver" > "$out/VERSION"

tree=$D/tree
rm -rf "$tree"
python3 "$top/wb/erofs/mktree.py" "$tree"
(cd "$tree" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$out/tree.sha256"
# Each image as a one-layer OCI image: repository hsm/NAME, tag latest
for img in plain:"" lz4hc:"-zlz4hc,12"; do
	name=${img%%:*} opts=${img#*:}
	"$out/bin/mkfs.erofs" $opts -T0 -U 6c2a8a3e-3b6e-4f43-9e2e-0f0f0f0f0f0f \
		--all-root "$D/$name.erofs" "$tree" > "$D/$name.log" 2>&1 ||
		{ cat "$D/$name.log" >&2; die "mkfs.erofs $name failed"; }
	python3 "$top/wb/erofs/oci.py" "$D/$name.erofs" "$out/reg" "hsm/$name"
done
say "$ver: mount.erofs and mkfs.erofs, $(ls "$out/lib" | wc -l) libraries ($(du -sm "$out/lib" | cut -f1) MiB), images: $(cd "$D" && for f in *.erofs; do printf '%s %s B; ' "$f" "$(stat -c %s "$f")"; done)"
