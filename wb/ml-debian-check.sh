#!/bin/bash
# Do the postings of mainline/ apply to Debian's own tree of the next
# release too? Downloads Debian's $ML_DEBIAN_PKG (wb/mainline.conf; a
# linux-source binary package: the upstream tree with Debian's patches),
# and applies mainline/series to it with patch(1), fuzz 0; reports each
# patch that needs an offset or does not apply. In $ML/debian.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
ML=${ML:-$B/mainline}
. "$top/wb/mainline.conf"
. "$top/wb/lib.sh"
D=$ML/debian
wb_need ml-debian "patch patch
dpkg-deb dpkg
apt-get apt
xz xz-utils" || exit 1
wb_apt_newer ml-debian "$D/apt" deb "$ML_SUITES" || exit 1
apt=("${wb_apt[@]}")
ver=$(apt-cache "${apt[@]}" show "$ML_DEBIAN_PKG" 2>/dev/null | awk '$1 == "Version:" { print $2 }' | sort -Vr | head -n 1)
[ -n "$ver" ] || { echo "ml-debian: $ML_DEBIAN_PKG is not listed" >&2; exit 1; }
tree=$D/$ML_DEBIAN_PKG-$ver
if [ ! -f "$tree/.done" ]; then
	rm -rf "$D/deb" "$tree"
	mkdir -p "$D/deb" "$tree"
	(cd "$D/deb" && apt-get "${apt[@]}" download "$ML_DEBIAN_PKG=$ver") > "$D/download.log" 2>&1 ||
		{ tail -n 3 "$D/download.log" >&2; echo "ml-debian: $ML_DEBIAN_PKG $ver cannot be downloaded" >&2; exit 1; }
	dpkg-deb --fsys-tarfile "$D"/deb/*.deb | tar -x -C "$D/deb" --wildcards './usr/src/*.tar.xz'
	tar -xJf "$D"/deb/usr/src/*.tar.xz -C "$tree" --strip-components=1
	rm -rf "$D/deb"
	touch "$tree/.done"
fi
work=$D/work
rm -rf "$work"
cp -a "$tree" "$work"
n=0 bad=0 notes=
while read -r p; do
	case "$p" in ''|\#*) continue ;; esac
	n=$((n + 1))
	if ! msg=$(cd "$work" && patch -p1 -F0 -N < "$top/mainline/$p" 2>&1); then
		bad=$((bad + 1))
		echo "ml-debian: DOES NOT APPLY: mainline/$p"
		grep -v '^patching file' <<<"$msg" | sed 's/^/  /'
		continue
	fi
	! grep -q 'offset' <<<"$msg" || notes="$notes $(basename "$p" | cut -c1-4)"
done < "$top/mainline/series"
echo "ml-debian: $ML_DEBIAN_PKG $ver: $((n - bad)) of $n patches apply (fuzz 0)${notes:+; with line offsets:$notes}"
[ "$bad" -eq 0 ]
