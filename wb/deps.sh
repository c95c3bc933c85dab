#!/bin/bash
# Install the Debian packages the workbench needs, if any is missing.
set -euo pipefail
pkgs="linux-source-6.12 build-essential bc bison flex libelf-dev libssl-dev
cpio qemu-system-x86 busybox-static ccache e2fsprogs git python3
python3-sphinx man-db manpages manpages-dev patch gnuplot-nox"
missing=
for p in $pkgs; do
	# Not installed, or unknown to dpkg altogether (a fresh machine)
	dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' ||
		missing="$missing $p"
done
[ -z "${missing// }" ] && exit 0
echo "deps: installing $missing"
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
