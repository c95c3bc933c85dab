# Shell functions the workbench's scripts share; sourced, not run.

# wb_need WHO TABLE: TABLE has a line "WHAT PACKAGE" for each command (or,
# with a leading /, file) that WHO uses and the Debian package that provides
# it. Installs the packages that are not installed, then checks every WHAT:
# a missing one is named with its package, here, not half an hour into a
# build. Returns 1 if any is missing.
wb_need() {
	local who=$1 table=$2 missing= p what pkg bad=0 sudo=
	for p in $(while read -r _ pkg; do echo "$pkg"; done <<<"$table" | sort -u); do
		# Not installed, or unknown to dpkg altogether (a fresh machine)
		dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' ||
			missing="$missing $p"
	done
	if [ -n "${missing// }" ]; then
		echo "$who: installing$missing"
		[ "$(id -u)" = 0 ] || sudo=sudo
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
			--no-install-recommends $missing >/dev/null
	fi
	while read -r what pkg; do
		[ -n "$what" ] || continue
		case "$what" in
		/*) [ -e "$what" ] ;;
		*) command -v "$what" >/dev/null ;;
		esac || { echo "$who: $what is missing: install the Debian package $pkg" >&2; bad=1; }
	done <<<"$table"
	return "$bad"
}

# wb_apt_sources: "URI SUITE" of every Debian source of this machine's apt,
# from one-line sources.list files and deb822 .sources files, so that the
# workbench uses the mirror the machine uses and names none itself.
wb_apt_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ ! -f "$f" ] ||
			awk '$1 == "deb" { sub(/^deb[ \t]+(\[[^]]*\][ \t]+)?/, ""); print $1, $2 }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN { RS = "" }
		{
			types = uris = suites = ""; enabled = "yes"
			n = split($0, line, "\n")
			for (i = 1; i <= n; i++) {
				if (line[i] ~ /^#/ || !match(line[i], /^[A-Za-z-]+:/)) continue
				key = tolower(substr(line[i], 1, RLENGTH - 1))
				val = substr(line[i], RLENGTH + 1)
				if (key == "types") types = " " val " "
				else if (key == "uris") uris = val
				else if (key == "suites") suites = val
				else if (key == "enabled") enabled = tolower(val)
			}
			gsub(/[ \t]+/, " ", enabled); sub(/^ /, "", enabled)
			if (types !~ /[ \t]deb[ \t]/ || enabled == "no") next
			nu = split(uris, u, /[ \t]+/); ns = split(suites, s, /[ \t]+/)
			for (i = 1; i <= nu; i++)
				for (j = 1; j <= ns; j++)
					if (u[i] != "" && s[j] != "") print u[i], s[j]
		}' "$f"
	done
}

# wb_apt_newer WHO DIR TYPE SUITES: a private apt state in DIR with TYPE
# lines ("deb" or "deb-src") of SUITES on the Debian mirror(s) this
# machine's apt uses (not its security or updates suites), updated; sets the
# array wb_apt to the apt-get/apt-cache options that use it. For the newer
# kernels of make check-mainline, which bookworm's lists do not have.
wb_apt_newer() {
	local who=$1 dir=$2 type=$3 suites=$4 uri s
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	wb_apt_sources | awk '$2 !~ /-(security|updates)$|\/updates$/ { print $1 }' | sort -u |
		while read -r uri; do
			for s in $suites; do echo "$type $uri $s main"; done
		done > "$dir/sources.list"
	[ -s "$dir/sources.list" ] ||
		{ echo "$who: no Debian mirror in /etc/apt/sources.list{,.d/}" >&2; return 1; }
	# Check-Valid-Until=false: the Release files of unstable and
	# experimental carry an expiry date (a week ahead), which a mirror that
	# serves a snapshot keeps serving past; their signatures are checked.
	wb_apt=(-q -o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=-
		-o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache"
		-o Acquire::Check-Valid-Until=false)
	[ "$(id -u)" != 0 ] || wb_apt+=(-o APT::Sandbox::User=root)
	apt-get "${wb_apt[@]}" update > "$dir/update.log" 2>&1 ||
		{ tail -n 5 "$dir/update.log" >&2; echo "$who: apt-get update failed" >&2; return 1; }
}

# wb_am WHO TREE DIR WHAT: git am the patches that DIR/series lists, in
# order, onto TREE; a patch that does not apply to WHAT (the base's name)
# aborts the am and fails naming it. Prints how many were applied.
wb_am() {
	local who=$1 tree=$2 dir=$3 what=$4 p n=0
	while read -r p; do
		case "$p" in ''|\#*) continue ;; esac
		git -C "$tree" am -q --keep-cr "$dir/$p" || {
			echo "$who: FAILED: ${dir##*/}/$p does not apply to $what" >&2
			git -C "$tree" am --abort || true
			return 1
		}
		n=$((n + 1))
	done < "$dir/series"
	echo "$n"
}

# wb_busybox32 FILE: Debian's static busybox for i386 in FILE (the 32-bit
# guests of make check-32 and check-mainline-32), if it is not there yet.
# busybox-static:i386 is unpacked, not installed: it would replace the amd64
# one. Multiarch makes apt know the i386 packages.
wb_busybox32() {
	local file=$1 tmp sudo=
	[ -x "$file" ] && return 0
	[ "$(id -u)" = 0 ] || sudo=sudo
	if ! dpkg --print-foreign-architectures | grep -qx i386; then
		echo "busybox32: dpkg --add-architecture i386"
		$sudo dpkg --add-architecture i386
	fi
	$sudo apt-get update -qq
	tmp=$(dirname "$file")/deb
	rm -rf "$tmp"
	mkdir -p "$tmp"
	(cd "$tmp" && apt-get download -qq busybox-static:i386)
	dpkg-deb -x "$tmp"/busybox-static_*_i386.deb "$tmp/root"
	# EI_CLASS 1: a 32-bit ELF
	[ "$(od -An -tx1 -j4 -N1 "$tmp/root/bin/busybox" | tr -d ' ')" = 01 ] ||
		{ echo "busybox32: $tmp/root/bin/busybox is not a 32-bit ELF" >&2; return 1; }
	cp "$tmp/root/bin/busybox" "$file"
}

# wb_unlocked WHO OBJECT FUNCTION: FUNCTION of OBJECT (an i386 build) has no
# locked instruction, nor a call of the kernel's atomic64 helpers: on i386,
# atomic64_read() is a call of atomic64_read_cx8, a lock cmpxchg8b on a line
# that every CPU shares, which the resident-file cache must not take.
# (awk reads to the end: an early exit would kill objdump with SIGPIPE,
# which pipefail turns into a failure when its output outgrows the pipe)
wb_unlocked() {
	local who=$1 obj=$2 fn=$3 dis locked
	dis=$(objdump -dr --no-show-raw-insn "$obj" |
		awk -v fn="<$fn>:" '$2 == fn { on = 1 } on && /^$/ { on = 0 } on')
	[ -n "$dis" ] || { echo "$who: no $fn in $obj" >&2; return 1; }
	locked='(^|[[:space:]])lock[[:space:]]|cmpxchg8b|atomic64_'
	if grep -qE "$locked" <<<"$dis"; then
		grep -E "$locked" <<<"$dis" >&2
		echo "$who: a locked instruction in $fn" >&2
		return 1
	fi
	echo "$who: $fn: $(grep -cE '^ *[0-9a-f]+:' <<<"$dis") instructions, none locked"
}
