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
