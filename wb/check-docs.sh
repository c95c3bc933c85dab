#!/bin/bash
# Review checks of the series beyond checkpatch, each a TAP line:
#  - scripts/get_maintainer.pl names the fanotify maintainers and
#    linux-fsdevel for every patch (the erofs maintainers and linux-erofs
#    for a patch confined to fs/erofs/);
#  - scripts/kernel-doc -none is warning-free on every C file the series
#    touches;
#  - Documentation/filesystems/fanotify.rst builds with Sphinx without a
#    warning (the page alone, with the kernel's conf.py);
#  - the man-pages patches in man-pages/ apply to Debian's pages (man-pages
#    6.03) and the result renders with man without a warning the original
#    page does not have.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
tree=$B/linux
n=0 failed=0
result() {	# result STATUS DESCRIPTION [OUTPUT]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"
		failed=$((failed + 1))
	fi
}

# A patch confined to another subsystem goes to that subsystem's
# maintainers and list (the cover letter Cc's them): "DIR MAINTAINER LIST"
others="
fs/erofs/ xiang@kernel.org linux-erofs@lists.ozlabs.org
"
for p in $(grep -v '^#' "$top/series/series"); do
	out=$(cd "$tree" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-rolestats "$top/series/$p" 2>&1)
	files=$(sed -n 's|^diff --git a/\([^ ]*\) .*|\1|p' "$top/series/$p")
	who="the fanotify maintainers and linux-fsdevel"
	want=('jack@suse.cz|amir73il@gmail.com' 'linux-fsdevel@vger.kernel.org')
	while read -r dir m list; do
		[ -n "$dir" ] && ! grep -qv "^$dir" <<<"$files" || continue
		who="the maintainers of $dir ($m) and $list"
		want=("$m" "$list")
	done <<<"$others"
	grep -qE "${want[0]}" <<<"$out" && grep -q "${want[1]}" <<<"$out"
	result $? "get_maintainer: $p names $who" "$out"
done

# Warnings the base already has in these files are not the series' own
kdoc() { (cd "$1" && ./scripts/kernel-doc -none $(ls $files 2>/dev/null) 2>&1 |
	sed 's/:[0-9]*: /: /' | sort); }
files=$(git -C "$tree" diff --name-only base..series -- '*.c' '*.h' |
	grep -v '^tools/\|^samples/')
out=$(comm -13 <(kdoc "$B/base") <(kdoc "$tree"))
[ -z "$out" ]
result $? "kernel-doc -none: no new warning in the $(wc -w <<<"$files") files the series touches" "$out"

rst=Documentation/filesystems/fanotify.rst
if [ -f "$tree/$rst" ]; then
	rm -rf "$B/out/sphinx"
	out=$(cd "$tree/Documentation" && sphinx-build -q -b html -c . \
		-D root_doc=filesystems/fanotify \
		-D "include_patterns=filesystems/fanotify.rst" \
		. "$B/out/sphinx" 2>&1 | grep -i 'fanotify.rst')
	[ -z "$out" ] && [ -s "$B/out/sphinx/filesystems/fanotify.html" ]
	result $? "sphinx-build: $rst without warnings" "$out"
fi

for mp in "$top"/man-pages/*.patch; do
	[ -f "$mp" ] || continue
	page=$(basename "$mp" .patch)
	sec=${page##*.}
	rm -rf "$B/out/man" && mkdir -p "$B/out/man/man$sec"
	zcat "/usr/share/man/man$sec/$page.gz" > "$B/out/man/man$sec/$page"
	# Only warnings that Debian's page does not have already count
	render() { MANWIDTH=80 man --warnings -l "$1" 2>&1 >/dev/null |
		sed 's/:[0-9]*: / /; s/\[p [^]]*\]//' | sort; }
	old=$(render "$B/out/man/man$sec/$page")
	out=$(cd "$B/out/man" && patch -s -p1 < "$mp" 2>&1) &&
		out=$(comm -13 <(echo "$old") <(render "$B/out/man/man$sec/$page"))
	[ $? = 0 ] && [ -z "$out" ]
	result $? "man-pages: $page.patch applies and renders without new warnings" "$out"
done
echo "check-docs: $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
