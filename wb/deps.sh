#!/bin/bash
# Install the Debian packages the workbench needs, if any is missing.
set -euo pipefail
pkgs="linux-source-6.12 build-essential bc bison flex libelf-dev libssl-dev
cpio qemu-system-x86 busybox-static ccache e2fsprogs git python3
python3-sphinx man-db manpages manpages-dev patch gnuplot-nox"
missing=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $pkgs 2>/dev/null |
	awk '$1 != "ii" { print $2 }')
# dpkg-query prints nothing for packages it has never heard of
for p in $pkgs; do
	dpkg-query -W "$p" >/dev/null 2>&1 || missing="$missing $p"
done
missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')
[ -z "${missing// }" ] && exit 0
echo "deps: installing $missing"
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
