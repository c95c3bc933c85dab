#!/bin/bash
# Regenerate series/ from the tree's "series" branch: one format-patch file
# per commit after the tag "base", the cover letter (its text comes from
# series/cover-letter.txt; shortlog and diffstat are generated), and the
# quilt-style series file. Running it right after wb/tree.sh changes nothing.
# wb/export.sh TREE FROM TO DIR: the same for the commits FROM..TO of TREE,
# into DIR (cover letter text from DIR/cover-letter.txt): the mainline
# postings (wb/ml-tree.sh export).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
tree=${1:-$B/linux} from=${2:-base} to=${3:-series} dir=${4:-$top/series}
git -C "$tree" diff --quiet HEAD || { echo "export: $tree has uncommitted changes; commit them first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$tree" config "branch.$to.description" "$(cat "$dir/cover-letter.txt")"
# The cover letter is from the author of the series, whoever exports it
name=$(git -C "$tree" log -1 --format=%an "$to")
email=$(git -C "$tree" log -1 --format=%ae "$to")
git -C "$tree" -c user.name="$name" -c user.email="$email" \
	format-patch -q --zero-commit --no-signature --cover-letter \
	--cover-from-description=subject ${EXPORT_OPTS:-} -o "$tmp" "$from..$to"
# The cover letter carries the time of the export; pin it to the newest patch
# so that an export without changes gives the same file.
last=$(ls "$tmp"/*.patch | tail -n 1)
date=$(grep -m1 '^Date: ' "$last")
sed -i "s/^Date: .*/$date/" "$tmp/0000-cover-letter.patch"
# Addressed as a posting is: each patch Cc's the people and lists that
# scripts/get_maintainer.pl names for it; the cover letter goes to the
# fanotify maintainers and Cc's everyone any patch Cc's (the erofs
# maintainers for the erofs patch, for example).
gm() { (cd "$tree" && PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 ./scripts/get_maintainer.pl --no-git --no-git-fallback \
	--no-rolestats "$@"); }
join() { awk 'NF && !seen[$0]++' | paste -sd'\t' - | sed 's/\t/,\\n /g'; }	# folded
# hdr FILE LINES: put the header LINES (awk escapes) before the Date: line
hdr() { awk -v h="$2" '!done && /^Date: / { print h; done = 1 } 1' "$1" > "$1.new" && mv "$1.new" "$1"; }
who=${EXPORT_TO:-jack@suse.cz|amir73il@gmail.com}	# the To: of the cover letter
to=$(gm -f fs/notify/fanotify/fanotify_user.c | grep -E "$who" | join)
for f in "$tmp"/[0-9]*.patch; do
	case $f in */0000-*) continue ;; esac
	hdr "$f" "Cc: $(gm "$f" | join)"
done
cc=$(for f in "$tmp"/[0-9]*.patch; do
	case $f in */0000-*) ;; *) gm "$f" ;; esac
done | grep -vE "$who" | join)
hdr "$tmp/0000-cover-letter.patch" "To: $to\nCc: $cc"
rm -f "$dir"/*.patch
cp "$tmp"/*.patch "$dir/"
{
	echo "# Patches in order, applied with git am onto ${EXPORT_ONTO:-the Debian base}."
	(cd "$dir" && ls [0-9]*.patch | grep -v '^0000-')
} > "$dir/series"
echo "export: $(grep -vc '^#' "$dir/series") patches in ${dir#"$top"/}/"
