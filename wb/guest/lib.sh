#!/bin/sh
# Shared by the job scripts of the VM (sourced).

run() {	# run LABEL DIR BINARY [ARGS]: one test binary, in DIR, its TAP framed
	label=$1 dir=$2
	shift 2
	mkdir -p "$dir"
	echo "wb: begin $label"
	(cd "$dir" && FANOTIFY_TEST_DIR="$dir" "$@")
	echo "wb: end $label exit $?"
}

# each_fs FN: mount xfs (/dev/vdb) and btrfs (/dev/vdc) in turn on /fs/FS
# and run FN FS /fs/FS there; a mount that fails is a failed test
each_fs() {
	local spec dev fs
	for spec in xfs:/dev/vdb btrfs:/dev/vdc; do
		dev=${spec#*:} fs=${spec%%:*}
		mkdir -p /fs/$fs
		if ! mount -t $fs $dev /fs/$fs; then
			echo "wb: begin mount@$fs"
			echo "1..1"
			echo "not ok 1 - mount -t $fs $dev"
			echo "wb: end mount@$fs exit 1"
			continue
		fi
		"$1" $fs /fs/$fs
		umount /fs/$fs
	done
}
