#!/bin/bash
# The mainline tree of make check-mainline, in $ML (build/mainline), apart
# from the 6.12 trees so that neither rebuilds the other's objects:
#   $ML/src/VERSION   the source package (apt-get source --download-only,
#                     from deb-src lines of this machine's Debian mirror)
#   $ML/linux         git: tag "plain" = the orig tarball, branch "fixes" =
#                     plain + mainline/fixes/, branch "rfc" = fixes +
#                     mainline/rfc/ (git am), checked out. Edit here.
#   $ML/plain         git worktree of "plain": the unpatched kernel.
#   $ML/fixes         git worktree of "fixes" (detached): the fixes alone.
# wb/ml-tree.sh export: write mainline/ back from the branches.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
ML=${ML:-$B/mainline}
. "$top/wb/mainline.conf"
. "$top/wb/lib.sh"
tree=$ML/linux

if [ "${1:-}" = export ]; then
	# A posting to linux-fsdevel, for the fanotify maintainers
	EXPORT_ONTO="the mainline tree (wb/mainline.conf)" \
	EXPORT_TO='jack@suse.cz|amir73il@gmail.com|linux-fsdevel@' \
		"$top/wb/export.sh" "$tree" plain fixes "$top/mainline/fixes"
	EXPORT_ONTO="mainline/fixes" \
	EXPORT_TO='jack@suse.cz|amir73il@gmail.com|linux-fsdevel@' \
	EXPORT_OPTS=--rfc \
		"$top/wb/export.sh" "$tree" fixes rfc "$top/mainline/rfc"
	{
		echo "# The postings, in order, applied with git am onto the mainline base"
		echo "# (wb/mainline.conf): the fixes, then the RFC."
		grep -v '^#' "$top/mainline/fixes/series" | sed 's|^|fixes/|'
		grep -v '^#' "$top/mainline/rfc/series" | sed 's|^|rfc/|'
	} > "$top/mainline/series"
	exit 0
fi
if [ -d "$tree/.git" ]; then
	echo "ml-tree: $tree exists (remove $ML to regenerate it)"
	exit 0
fi
wb_need ml-tree "apt-get apt
dpkg-source dpkg-dev
xz xz-utils
git git" || exit 1

# deb-src lines of the suites that carry the newer kernels
wb_apt_newer ml-tree "$ML/apt" deb-src "$ML_SUITES" || exit 1
apt=("${wb_apt[@]}")
mkdir -p "$ML/src"

# ML_VERSION, else the newest listed version that downloads
ver=
listed=$(apt-cache "${apt[@]}" showsrc "$ML_SRCPKG" | awk '$1 == "Version:" { print $2 }' |
	grep -v '~' | sort -Vru)
for v in $ML_VERSION $listed; do
	d=$ML/src/$v
	if [ ! -f "$d/.done" ]; then
		rm -rf "$d"; mkdir -p "$d"
		if ! (cd "$d" && apt-get "${apt[@]}" source --download-only "$ML_SRCPKG=$v") > "$d.log" 2>&1; then
			echo "ml-tree: $ML_SRCPKG $v cannot be downloaded ($(grep -m1 -oE '[45][0-9]{2} +[A-Z][a-z]+( [A-Z][a-z]+)*' "$d.log" || echo failed))"
			rm -rf "$d"
			continue
		fi
		touch "$d/.done"
	fi
	ver=$v
	break
done
[ -n "$ver" ] || { echo "ml-tree: no version of $ML_SRCPKG downloads (wanted $ML_VERSION)" >&2; exit 1; }
[ "$ver" = "$ML_VERSION" ] || echo "ml-tree: NOTE: $ML_SRCPKG $ML_VERSION is not served: using $ver"
orig=$(ls "$ML/src/$ver"/*.orig.tar.xz)

rm -rf "$tree.tmp" "$ML/plain"
mkdir -p "$tree.tmp"
echo "ml-tree: unpacking $(basename "$orig")"
tar -xJf "$orig" -C "$tree.tmp" --strip-components=1
cd "$tree.tmp"
git init -q -b rfc
git config user.name "${GIT_AUTHOR_NAME:-fanotify workbench}"
git config user.email "${GIT_AUTHOR_EMAIL:-workbench@localhost}"
git config core.abbrev 12
git add -A -f .
git commit -q -m "Linux $(make -s kernelversion) (Debian $ML_SRCPKG $ver orig tarball)"
git tag plain
cd "$top"
mv "$tree.tmp" "$tree"
git -C "$tree" worktree add -q --detach "$ML/plain" plain
# The fixes (branch "fixes"), then the RFC on top (branch "rfc")
nf=$(wb_am ml-tree "$tree" "$top/mainline/fixes" "$ver") || exit 1
git -C "$tree" branch -f fixes HEAD
nr=$(wb_am ml-tree "$tree" "$top/mainline/rfc" "$ver") || exit 1
git -C "$tree" worktree add -q --detach "$ML/fixes" fixes
echo "ml-tree: $tree: Linux $(make -s -C "$tree" kernelversion) + $nf fixes + $nr RFC patches"
