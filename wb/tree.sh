#!/bin/bash
# Generate the kernel trees from the Debian tarball:
#   $B/linux  git repository, tag "base" = pristine tarball, branch "series"
#             = base + one commit per patch of series/ (git am). Edit here.
#   $B/base   git worktree of the tag "base": the unpatched kernel.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/wb/base.conf"
. "$top/wb/lib.sh"
B=${B:-$top/build}
tree=$B/linux

if [ -d "$tree/.git" ]; then
	echo "tree: $tree exists (remove it or run 'make retree' to regenerate)"
	exit 0
fi
[ -r "$BASE_TARBALL" ] || { echo "tree: $BASE_TARBALL missing: apt-get install $BASE_PKG" >&2; exit 1; }

sum=$(sha256sum "$BASE_TARBALL" | cut -d' ' -f1)
ver=$(dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null || echo unknown)
if [ "$sum" != "$BASE_SHA256" ]; then
	echo "tree: NOTE: $BASE_PKG is $ver (sha256 $sum), the series was last rebased on $BASE_VERSION; applying it anyway"
fi

mkdir -p "$B"
rm -rf "$tree.tmp" "$B/base"
mkdir "$tree.tmp"
echo "tree: unpacking $BASE_TARBALL ($ver)"
tar -xJf "$BASE_TARBALL" -C "$tree.tmp" --strip-components=1
cd "$tree.tmp"
git init -q -b series
git config user.name "${GIT_AUTHOR_NAME:-fanotify workbench}"
git config user.email "${GIT_AUTHOR_EMAIL:-workbench@localhost}"
git config core.abbrev 12
# Debian's packaging .gitignore ignores every top-level entry ("/*" then
# "!/debian/"): commit the tarball as it is (-f), then keep a working copy of
# .gitignore without that stanza so new files in the tree are seen by git
# (and without the ignoring of new .gitignore files, as upstream's has).
git add -A -f .
git commit -q -m "Debian $BASE_PKG $ver" -m "sha256 $sum"
git tag base
git update-index --skip-worktree .gitignore
sed -i '/^\/\*$/d; /^!\/debian\/$/d' .gitignore
echo '!.gitignore' >> .gitignore
cd "$top"
mv "$tree.tmp" "$tree"
git -C "$tree" worktree add -q --detach "$B/base" base
cp "$tree/.gitignore" "$B/base/.gitignore"
git -C "$B/base" update-index --skip-worktree .gitignore

n=$(wb_am tree "$tree" "$top/series" "$ver") || exit 1
echo "tree: $tree: base $ver + $n patches"
