#!/bin/bash
# Build one kernel: wb/build.sh SRCDIR NAME -> $B/out/NAME/bzImage
# The config is tinyconfig + wb/kernel.config (+ $EXTRA_CONFIG fragments),
# for the architecture in $ARCH if set (make check-32: i386).
# In-tree builds with ccache and a common CCACHE_BASEDIR, so the base and
# patched trees share every object whose source is the same.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
src=$1 name=$2
out=$B/out/$name
frags="$top/wb/kernel.config ${EXTRA_CONFIG:-}"
mkdir -p "$out"
export CCACHE_BASEDIR=$B CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=time_macros
export KBUILD_BUILD_USER=wb KBUILD_BUILD_HOST=wb KBUILD_BUILD_TIMESTAMP="${KBUILD_BUILD_TIMESTAMP:-2025-01-01}"
mk=(make -C "$src" -s -j"$(nproc)" CC="ccache gcc")

stamp=$(cat $frags | sha256sum | cut -c1-16)
if [ "$(cat "$src/.wb-config" 2>/dev/null)" != "$stamp" ] || [ ! -f "$src/.config" ]; then
	"${mk[@]}" tinyconfig >/dev/null
	(cd "$src" && ./scripts/kconfig/merge_config.sh -m -Q .config $frags >/dev/null)
	"${mk[@]}" olddefconfig >/dev/null
	# A fragment option that kconfig dropped would make the tests lie.
	# The last fragment that names an option decides it (wb/i386.config
	# unsets CONFIG_64BIT).
	cat $frags | sed -nE 's/^(CONFIG_[A-Z0-9_]+)=.*/&/p; s/^# (CONFIG_[A-Z0-9_]+) is not set$/&/p' |
		awk '{ o = $1; if (o == "#") o = $2; else sub(/=.*/, "", o); v[o] = $0 }
		     END { for (o in v) if (v[o] !~ /^#/) print v[o] }' |
		while read -r want; do
			grep -qx "$want" "$src/.config" || { echo "build: $name: $want not set" >&2; exit 1; }
		done
	echo "$stamp" > "$src/.wb-config"
fi
# Options that a checked-out commit adds get their defaults, not a prompt
"${mk[@]}" olddefconfig >/dev/null
t0=$(date +%s)
"${mk[@]}" bzImage
cp "$src/arch/x86/boot/bzImage" "$out/bzImage"
cp "$src/.config" "$out/config"
echo "build: $name: bzImage in $(( $(date +%s) - t0 ))s"
