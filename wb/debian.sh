#!/bin/bash
# The series as Debian's kernel package would carry it (make debian):
#  1. the source package of the base (src:linux-6.12, the version of
#     wb/base.conf) with apt-get source, from deb-src lines derived from this
#     machine's own apt sources, in a private apt state (the machine's apt
#     configuration is not touched);
#  2. two trees with Debian's patch stack applied: $D/base, and $D/patched
#     where series/ is added as debian/patches/features/all/fanotify-hsm/,
#     appended to debian/patches/series and pushed with quilt, fuzz 0;
#  3. Debian's amd64 configuration, and in each tree, with ccache and sparse
#     (C=1), the objects the series touches and the modules that call the
#     changed hooks; no new compiler or sparse warning;
#  4. the module ABI: genksyms CRCs of the symbols those objects export,
#     base against patched;
#  5. in $B/out/debian/, what a maintainer would send: the patches
#     directory, the series fragment, a changelog stanza, and a README of how
#     it was checked, with the evidence beside it.
# Not part of make check: about 35 min on 2 cores with a cold ccache.
#
# If the base version's source package cannot be downloaded any more (it
# has left the archive, or the mirror does not have it), the newest one that
# can be is taken, with a note. If that is not the version of the kernel
# tree Debian's linux-source-6.12 package gives (which `make tree` uses),
# the tree is that tarball (Debian's source of that version, its patches
# already applied) and the downloaded package gives debian/: its patch
# stack, recorded as applied and checked to be in the tree, and its config
# generator.
#
#   DEBIAN_VERSION=...  check this version of the source package instead
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/wb/base.conf"
. "$top/wb/lib.sh"
B=${B:-$top/build}
D=$B/debian			# work: apt state, downloads, the two trees
out=$B/out/debian		# what a maintainer would send, and the evidence
lock=$B/.kbuild.lock		# one kernel build at a time on this machine
srcpkg=${BASE_PKG/linux-source-/linux-}	# linux-source-6.12 -> linux-6.12
sub=features/all/fanotify-hsm	# where Debian keeps feature backports
flavour=amd64_none_amd64	# Debian's ARCH_FEATURESET_FLAVOUR
t0=$SECONDS
times=
phase() {	# phase NAME: record the time since the last call
	times="$times$(printf '%-28s %4d s' "$1" $((SECONDS - t0)))
"
	t0=$SECONDS
}
say() { echo "debian: $*"; }
die() { echo "debian: $*" >&2; exit 1; }

# What this script runs, and its Debian package (wb_need, as wb/deps.sh).
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
xz			xz-utils
ccache			ccache
dpkg-source		dpkg-dev
dpkg-parsechangelog	dpkg-dev
quilt			quilt
patch			patch
sparse			sparse
$BASE_TARBALL	$BASE_PKG
"
wb_need debian "$table" || exit 1
phase "packages"

# A private apt state: deb and deb-src lines of the same sources (main: the
# kernel is there), lists of our own; apt-get source and download use it.
mkdir -p "$D/apt/lists/partial" "$D/src" "$out"
wb_apt_sources | awk '!seen[$0]++ { print "deb", $1, $2, "main"; print "deb-src", $1, $2, "main" }' \
	> "$D/apt/sources.list"
[ -s "$D/apt/sources.list" ] || die "no Debian source in /etc/apt/sources.list{,.d/}"
apt=(-q -o Dir::Etc::SourceList="$D/apt/sources.list" -o Dir::Etc::SourceParts=-
	-o Dir::State::Lists="$D/apt/lists" -o Dir::Cache="$D/apt/cache")
# Downloads into directories root may own: no _apt sandbox to drop to
[ "$(id -u)" != 0 ] || apt+=(-o APT::Sandbox::User=root)
mkdir -p "$D/apt/cache/archives/partial"
apt-get "${apt[@]}" update > "$D/apt/update.log" 2>&1 ||
	{ tail -n 5 "$D/apt/update.log" >&2; die "apt-get update of the private lists failed"; }

# The version: the base's (the installed linux-source-6.12, as `make tree`),
# else the newest the archive lists that downloads.
treever=$(dpkg-query -W -f='${Version}' "$BASE_PKG")
[ "$treever" = "$BASE_VERSION" ] ||
	say "NOTE: $BASE_PKG is $treever, the series was last rebased on $BASE_VERSION"
listed=$(apt-cache "${apt[@]}" showsrc "$srcpkg" | awk '$1 == "Version:" { print $2 }' | sort -Vru)
[ -n "$listed" ] || die "no source package $srcpkg in the deb-src lines of $D/apt/sources.list"
ver=
for v in ${DEBIAN_VERSION:-$(echo "$treever" $listed | tr ' ' '\n' | awk '!seen[$0]++')}; do
	dir=$D/src/$v
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"; mkdir -p "$dir"
		(cd "$dir" && apt-get "${apt[@]}" source --download-only "$srcpkg=$v") > "$dir.log" 2>&1 || {
			say "NOTE: $srcpkg $v is listed but cannot be downloaded ($(grep -m1 -oE '[45][0-9]{2} +[A-Z][a-z]+( [A-Z][a-z]+)*' "$dir.log" || echo failed))"
			rm -rf "$dir"
			continue
		}
		touch "$dir/.done"
	fi
	ver=$v
	break
done
[ -n "$ver" ] || die "no version of $srcpkg can be downloaded"
dsc=$(ls "$D/src/$ver"/*.dsc)
[ "$ver" = "$treever" ] || say "NOTE: checking $srcpkg $ver, not $treever (newest that downloads)"
phase "download"

# Debian's stack in a new directory: dpkg-source -x (it applies Debian's
# patches, as the build does); or, for another version than the tarball's,
# the tarball (its patches already applied) with the package's debian/.
debian_tree() {
	local dir=$1 p absent=0
	rm -rf "$dir" "$dir.tmp"
	if [ "$ver" = "$treever" ]; then
		dpkg-source -q -x "$dsc" "$dir.tmp" > "$dir.log" 2>&1 ||
			{ tail -n 5 "$dir.log" >&2; die "dpkg-source -x $dsc failed"; }
	else
		mkdir "$dir.tmp"
		tar -xJf "$BASE_TARBALL" -C "$dir.tmp" --strip-components=1
		tar -xJf "$D/src/$ver"/*.debian.tar.xz -C "$dir.tmp"
		# Debian's patches are in the tarball: quilt records them as
		# applied, as dpkg-source does.
		mkdir "$dir.tmp/.pc"
		echo 2 > "$dir.tmp/.pc/.version"
		echo debian/patches > "$dir.tmp/.pc/.quilt_patches"
		echo series > "$dir.tmp/.pc/.quilt_series"
		grep -v '^[[:space:]]*\(#\|$\)' "$dir.tmp/debian/patches/series" | awk '{ print $1 }' \
			> "$dir.tmp/.pc/applied-patches"
		# Check it: the stack, last patch first, reverses out of a copy
		# of the files it touches; a patch that does not was changed
		# between the versions (or dropped).
		rm -rf "$dir.check"; mkdir "$dir.check"
		(cd "$dir.tmp" && sed 's|^|debian/patches/|' .pc/applied-patches | xargs cat |
			sed -n 's%^\(---\|+++\) [^/ \t]*/\([^ \t]*\).*%\2%p' | sort -u |
			while read -r f; do [ ! -f "$f" ] || cp --parents "$f" "$dir.check/"; done)
		: > "$dir.log"
		while read -r p; do
			patch -d "$dir.check" -p1 -R -s -f --no-backup-if-mismatch -r - \
				< "$dir.tmp/debian/patches/$p" >/dev/null 2>&1 ||
				{ echo "$p: does not reverse from $treever (changed since $ver?)" >> "$dir.log"; absent=$((absent + 1)); }
		done < <(tac "$dir.tmp/.pc/applied-patches")
		rm -rf "$dir.check"
		say "$(basename "$dir"): $BASE_TARBALL ($treever) + debian/ of $ver:" \
			"$(( $(wc -l < "$dir.tmp/.pc/applied-patches") - absent )) of its" \
			"$(wc -l < "$dir.tmp/.pc/applied-patches") patches are in the tree$( [ "$absent" = 0 ] ||
				echo " (the others: $dir.log)")"
	fi
	mv "$dir.tmp" "$dir"
}

# Our patches as Debian carries them, and the lines its series file needs
patches=$(grep -v '^[[:space:]]*\(#\|$\)' "$top/series/series")
rm -rf "$out/patches" "$out/series" "$out/uapi"
mkdir -p "$out/patches/$sub"
{
	echo
	echo "# fanotify: pre-content events and FAN_DENY_ERRNO (for HSM daemons)"
	for p in $patches; do
		cp "$top/series/$p" "$out/patches/$sub/"
		echo "$sub/$p"
	done
} > "$out/series"
n=$(wc -w <<<"$patches")

# The trees are made again when the version or the series changes
stamp="$ver $treever $(cat "$top/series/series" $(for p in $patches; do echo "$top/series/$p"; done) | sha256sum | cut -c1-16)"
if [ "$(cat "$D/base/.wb-debian" 2>/dev/null)" != "${stamp% *}" ]; then
	say "base: Debian's $srcpkg $ver"
	debian_tree "$D/base"
	echo "${stamp% *}" > "$D/base/.wb-debian"
fi
if [ "$(cat "$D/patched/.wb-debian" 2>/dev/null)" != "$stamp" ]; then
	debian_tree "$D/patched"
	cp -r "$out/patches/." "$D/patched/debian/patches/"
	cat "$out/series" >> "$D/patched/debian/patches/series"
	# Fuzz 0: a patch that does not apply exactly fails; offsets are
	# reported (hunks that moved in Debian's tree, harmless)
	(cd "$D/patched" && QUILT_PATCHES=debian/patches QUILT_PC=.pc \
		quilt --quiltrc=- push -a --fuzz=0) > "$out/quilt.log" 2>&1 || {
		grep -v '^patching file' "$out/quilt.log" | tail -n 15 >&2
		die "FAILED: the series does not apply with quilt, fuzz 0, to $srcpkg $ver (log: $out/quilt.log)"
	}
	echo "$stamp" > "$D/patched/.wb-debian"
fi
applied=$(cd "$D/patched" && QUILT_PATCHES=debian/patches quilt --quiltrc=- applied | grep -c "$sub/")
[ "$applied" = "$n" ] || die "quilt applied $applied of our $n patches"
offsets=$(grep -c 'offset' "$out/quilt.log" || true)
say "quilt: $n patches pushed after Debian's $(grep -c . "$D/base/.pc/applied-patches"), fuzz 0, $offsets hunks at an offset"
mkdir -p "$out/uapi/linux"
cp "$D/patched/include/uapi/linux/fanotify.h" "$out/uapi/linux/"
phase "extract and quilt"

# Debian's amd64 configuration of the tree's version: the .config Debian
# built it with, from its linux-config-6.12 package; if that cannot be
# downloaded, as the source package generates it (its debian/rules.real
# target: debian/config/* merged by debian/bin/kconfig.py; kconfig then does
# what Debian's oldconfig does). Debug info off, as Debian's
# pkg.linux.nokerneldbginfo profile does: DWARF changes no warning and no
# CRC, and doubles the build.
cfgpkg=linux-config-${srcpkg#linux-}
cfg=$D/config.$flavour
rm -f "$D/src/${cfgpkg}_"*.deb
# The machine's own lists first: they installed $BASE_PKG, so they list the
# same version (an index updated since may list only a newer one)
sandbox=(); [ "$(id -u)" != 0 ] || sandbox=(-o APT::Sandbox::User=root)
if (cd "$D/src" && { apt-get -q "${sandbox[@]}" download "$cfgpkg=$treever" ||
	apt-get "${apt[@]}" download "$cfgpkg=$treever"; }) > "$D/src/$cfgpkg.log" 2>&1; then
	dpkg-deb --fsys-tarfile "$D/src/${cfgpkg}_"*.deb |
		tar -xO "./usr/src/$cfgpkg/config.$flavour.xz" | xz -d > "$cfg"
	cfgfrom="$cfgpkg $treever, /usr/src/$cfgpkg/config.$flavour.xz"
else
	say "NOTE: $cfgpkg $treever cannot be downloaded: the config is generated from $srcpkg $ver"
	(cd "$D/base" && rm -f "debian/build/config.$flavour" &&
		make -s -f debian/rules.gen "debian/build/config.$flavour" >/dev/null 2>&1 ||
		[ -s "debian/build/config.$flavour" ]) || die "debian/rules.gen debian/build/config.$flavour failed"
	cp "$D/base/debian/build/config.$flavour" "$cfg"
	cfgfrom="generated by $srcpkg $ver: debian/rules.gen debian/build/config.$flavour"
fi
say "config: $cfgfrom"
export CCACHE_BASEDIR=$D CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=time_macros
export KBUILD_BUILD_USER=wb KBUILD_BUILD_HOST=wb KBUILD_BUILD_TIMESTAMP=2025-01-01
mk() { make -C "$1" -j"$(nproc)" CC="ccache gcc" KBUILD_SYMTYPES=1 "${@:2}"; }
# The machine's one kernel build at a time: the lock is held from here to
# the end of the patched build (fd 9, closed below)
exec 9> "$lock"
flock 9
phase "waiting for the build lock"
# Debian's config as kconfig resolves it here ($D/config.debian.$t), then
# with debug info off (the .config built)
for t in base patched; do
	if ! cmp -s "$cfg" "$D/$t/.wb-config" || [ ! -f "$D/config.debian.$t" ]; then
		cp "$cfg" "$D/$t/.config"
		mk "$D/$t" -s olddefconfig >/dev/null
		cp "$D/$t/.config" "$D/config.debian.$t"
		"$D/$t/scripts/config" --file "$D/$t/.config" \
			-d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT -d DEBUG_INFO_DWARF5 -e DEBUG_INFO_NONE
		mk "$D/$t" -s olddefconfig >/dev/null
		cp "$cfg" "$D/$t/.wb-config"
	fi
done
# What changed (a name and its value, "n" for "is not set")
values() { sed -n 's/^CONFIG_\([^=]*\)=\(.*\)/\1 \2/p; s/^# CONFIG_\(.*\) is not set$/\1 n/p' "$1" | sort; }
changes() { join -a1 -a2 -e n -o 0,1.2,2.2 <(values "$1") <(values "$2") | awk '$2 != $3'; }
{
	echo "# 1. turned off here: Debian's config as kconfig resolves it here -> the .config built: option, Debian's, built"
	changes "$D/config.debian.base" "$D/base/.config"
	echo "# 2. the series: base .config -> patched .config: option, base, patched"
	changes "$D/base/.config" "$D/patched/.config"
	echo "# 3. kconfig here: Debian's config ($cfgfrom) -> as kconfig resolves it on this machine"
	echo "#    (tools this machine lacks, as pahole for BTF, the compiler's version;"
	echo "#    for a generated config also what Debian's own oldconfig resolves): option, Debian's, resolved"
	changes "$cfg" "$D/config.debian.base"
} > "$out/config-changes.txt"
cp "$D/base/.config" "$out/config.$flavour"
# The options the series depends on, and the modules it touches, as built
grep -E '^(# )?CONFIG_(FSNOTIFY|FANOTIFY|FANOTIFY_ACCESS_PERMISSIONS|FANOTIFY_KUNIT_TEST|KUNIT|EXT4_FS|XFS_FS|BTRFS_FS|OVERLAY_FS|NFSD|SMB_SERVER|CACHEFILES|IO_URING|MODVERSIONS|MODULE_SIG)[= ]' \
	"$D/config.debian.base" > "$out/config-options.txt" || true
phase "config"

# What to build: the directories the issue names (the filesystems and
# modules that call the changed hooks) and every other C file the series
# changes, as an object.
dirs="fs/notify/ fs/ext4/ fs/xfs/ fs/btrfs/ fs/overlayfs/ fs/nfsd/ fs/smb/server/ fs/cachefiles/"
objs=$(cat "$top/series/"0*.patch | awk '/^diff --git a\// { sub(/^a\//, "", $3); print $3 }' |
	grep -E '^(fs|mm|io_uring|kernel|security)/.*\.c$' | sort -u | while read -r f; do
		for d in $dirs; do case "$f" in "$d"*) continue 2 ;; esac; done
		echo "${f%.c}.o"
	done)
targets="$dirs $objs"

# Each tree: prepare, then the targets with sparse. Their objects are
# removed first so that every warning is printed again (ccache replays the
# compiler's, sparse runs anew) and the genksyms CRCs are recomputed.
build() {
	local t=$1 tree=$D/$1
	mk "$tree" -s prepare > "$D/$t.prepare.log" 2>&1 ||
		{ tail -n 20 "$D/$t.prepare.log" >&2; die "$t: make prepare failed"; }
	(cd "$tree" && find $dirs -name '*.o' -delete && rm -f $objs)
	mk "$tree" C=1 $targets > "$D/$t.build.log" 2> "$D/$t.warnings.log" ||
		{ tail -n 20 "$D/$t.warnings.log" >&2; die "$t: the build failed (log: $D/$t.warnings.log)"; }
	# Warnings, without line and column numbers (the series moves code)
	grep -E '(warning|error):' "$D/$t.warnings.log" |
		sed -E 's/^([^:]+):[0-9]+(:[0-9]+)?:/\1:/' | sort > "$out/warnings.$t.txt" || true
	# #SYMVER lines that genksyms appends to each .cmd: symbol and CRC
	(cd "$tree" && for x in $targets; do
		case "$x" in */) find "$x" -name '.*.o.cmd' ;; *) echo "$(dirname "$x")/.$(basename "$x").cmd" ;; esac
	done | sort -u | while read -r c; do
		[ -f "$c" ] || continue
		o=${c%.cmd}; o=$(dirname "$o")/$(basename "$o" | sed 's/^\.//')
		awk -v o="$o" '$1 == "#SYMVER" { print $2, $3, o }' "$c"
	done) | sort > "$out/crc.$t.txt"
}
build base
phase "build base"
build patched
flock -u 9
exec 9>&-
phase "build patched"

# Warnings: none new (same warning text, same file, counted)
comm -13 "$out/warnings.base.txt" "$out/warnings.patched.txt" > "$out/warnings.new.txt"
nwarn=$(wc -l < "$out/warnings.base.txt")

# CRCs: symbol by symbol
join -a1 -a2 -e - -o 0,1.2,2.2,1.3,2.3 "$out/crc.base.txt" "$out/crc.patched.txt" |
	awk '$2 != $3' > "$out/crc.changed.txt"
nsym=$(wc -l < "$out/crc.base.txt")
nchg=$(awk '$2 != "-" && $3 != "-"' "$out/crc.changed.txt" | wc -l)
nnew=$(awk '$2 == "-"' "$out/crc.changed.txt" | wc -l)
ngone=$(awk '$3 == "-"' "$out/crc.changed.txt" | wc -l)
# Why: the type definitions genksyms saw that differ (.symtypes files)
(cd "$D/base" && find $dirs -name '*.symtypes' && for o in $objs; do echo "${o%.o}.symtypes"; done) |
	while read -r s; do
		[ -f "$D/patched/$s" ] || continue
		diff <(sort "$D/base/$s") <(sort "$D/patched/$s") | awk '/^[<>]/ { print $2 }' || true
	done | sort -u > "$out/crc.types-changed.txt"

# The changelog stanza (dch style): the next Debian revision of the version
# checked, UNRELEASED as dch leaves it
if [[ $treever =~ ^(.*deb[0-9]+u)([0-9]+)$ ]]; then
	next=${BASH_REMATCH[1]}$((BASH_REMATCH[2] + 1))
else
	next=$treever+fanotify1
fi
name=${DEBFULLNAME:-$(git -C "$top" config user.name || echo "fanotify workbench")}
mail=${DEBEMAIL:-$(git -C "$top" config user.email || echo "workbench@localhost")}
{
	echo "$srcpkg ($next) UNRELEASED; urgency=medium"
	echo
	echo "  * fanotify: add pre-content permission events (FAN_PRE_ACCESS,"
	echo "    FAN_PRE_MODIFY) and FAN_DENY_ERRNO, for hierarchical storage"
	echo "    management daemons; enabled on ext4, xfs and btrfs"
	echo "    ($sub/, $n patches):"
	for p in $patches; do
		# The Subject, unfolded, without [PATCH n/m]
		s=$(awk '/^Subject:/ { s = $0; while ((getline l) > 0 && l ~ /^[ \t]/) s = s l; print s; exit }' \
			"$top/series/$p" | sed -E 's/^Subject: (\[[^]]*\] )?//')
		echo "$s" | fold -s -w 68 | sed '1s/^/    - /; 2,$s/^/      /; s/ *$//'
	done
	echo "  * The module ABI changes (the CRCs of $nchg of the $nsym symbols exported"
	echo "    by the objects the series touches, and $nnew new exports): the ABI"
	echo "    name changes with this upload, as with every upload of $srcpkg."
	echo
	echo " -- $name <$mail>  $(date -R)"
} > "$out/changelog"
dpkg-parsechangelog -l "$out/changelog" > /dev/null || die "the changelog stanza does not parse"
phase "compare"

# The README of build/out/debian
srcnote=
[ "$ver" = "$treever" ] || srcnote="
                  NOTE: $srcpkg $treever could not be downloaded:
                  the tree is $BASE_TARBALL
                  ($BASE_PKG $treever, Debian's patches
                  applied), debian/ is $ver's; of its patches
                  $(grep -c . "$D/base.log" || true) do not reverse out of the tree (base.log)"
cat > "$out/README" <<EOF
fanotify pre-content events and FAN_DENY_ERRNO for Debian's $srcpkg
======================================================================

What to carry
  patches/$sub/   the $n patches (git format-patch)
  series          the lines to append to debian/patches/series
  changelog       the debian/changelog stanza (dch style, UNRELEASED)
  uapi/linux/fanotify.h   the uapi header HSM daemons build against

How it was checked (wb/debian.sh, make debian, $(date -u +%Y-%m-%d))
  source package  $srcpkg $ver (apt-get source, deb-src lines
                  derived from this machine's Debian sources)$srcnote
  kernel tree     $treever, Debian's patches applied, then ours with quilt:
                  $n of $n pushed with --fuzz=0, $offsets hunks at an offset (quilt.log)
  configuration   Debian's $flavour config, $(echo "$cfgfrom;" | sed 's/, /,\n/g' | sed '2,$s/^/                  /')
                  debug info off (config-changes.txt)
  built, base and patched, gcc $(gcc -dumpversion), ccache, sparse $(sparse --version 2>/dev/null | awk '{ print $1 }') (C=1):
$(echo $targets | fold -s -w 58 | sed 's/ *$//; s/^/                  /')
  warnings        $nwarn in base, $(wc -l < "$out/warnings.patched.txt") in patched, new: $(wc -l < "$out/warnings.new.txt") (warnings.*.txt)
  module ABI      $nsym symbols exported by these objects (genksyms,
                  CONFIG_MODVERSIONS): $nchg CRCs changed, $nnew new, $ngone gone
                  (crc.changed.txt: symbol, base CRC, patched CRC, object;
                  crc.types-changed.txt: the type definitions that differ)

Timings (this run)
$times
EOF
say "warnings: $nwarn in base, new in patched: $(wc -l < "$out/warnings.new.txt")"
say "module ABI: $nsym exported symbols, $nchg CRCs changed, $nnew new, $ngone gone (crc.changed.txt)"
printf '%s' "$times" | sed 's/^/debian: time: /'
[ ! -s "$out/warnings.new.txt" ] || { cat "$out/warnings.new.txt" >&2; die "FAILED: new warnings in the patched tree"; }
say "OK: $out"
