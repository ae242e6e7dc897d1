# SPDX-License-Identifier: GPL-2.0
# Common settings for the sev-launch scripts.  Source, don't run.

SEVL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Kernel trees and build output live outside the checkout so that repeated
# runs (and fresh clones) rebuild incrementally.
SEVL_CACHE=${SEVL_CACHE:-$HOME/.cache/sev-launch}
SEVL_KVER=6.12
SEVL_KTAR=${SEVL_KTAR:-/usr/src/linux-source-$SEVL_KVER.tar.xz}
SEVL_KSRC=$SEVL_CACHE/linux-source-$SEVL_KVER
SEVL_JOBS=${SEVL_JOBS:-$(nproc)}

# Test-kernel profiles, all built from the one source tree in $SEVL_CACHE,
# each in its own build directory:
#   default   tests/kunit/sev-launch.kunitconfig        build-6.12
#   sanitize  + tests/kunit/sanitize.kunitconfig        build-6.12-sanitize
#             (KASAN, UBSAN, kmemleak, lockdep, fault injection)
# Chosen with SEVL_PROFILE=NAME or a script's --profile NAME.
sevl_profile() {
	SEVL_PROFILE=$1
	SEVL_KCONFIGS=$SEVL_ROOT/tests/kunit/sev-launch.kunitconfig
	case $SEVL_PROFILE in
	default)
		SEVL_KBUILD=$SEVL_CACHE/build-$SEVL_KVER ;;
	sanitize)
		SEVL_KBUILD=$SEVL_CACHE/build-$SEVL_KVER-sanitize
		SEVL_KCONFIGS="$SEVL_KCONFIGS $SEVL_ROOT/tests/kunit/sanitize.kunitconfig" ;;
	*)
		echo "unknown profile $SEVL_PROFILE (default, sanitize)" >&2
		exit 1 ;;
	esac
}
sevl_profile "${SEVL_PROFILE:-default}"

# Every option the profile's fragments ask for must be in the built
# .config (Kconfig silently drops options whose dependencies are unmet).
sevl_check_config() {
	local f line missing=0
	[ -f "$SEVL_KBUILD/.config" ] || { echo "$SEVL_KBUILD/.config missing"; return 1; }
	for f in $SEVL_KCONFIGS; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*|"# CONFIG_"*" is not set") ;;
			*) continue ;;
			esac
			if ! grep -qxF -- "$line" "$SEVL_KBUILD/.config"; then
				echo "not in $SEVL_KBUILD/.config: $line"
				missing=1
			fi
		done <"$f"
	done
	return $missing
}

sevl_log() {
	printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

sevl_die() {
	sevl_log "error: $*"
	exit 1
}

# Newest installed Debian 6.12 headers for amd64, e.g.
# /usr/src/linux-headers-6.12.117+deb12-amd64.
sevl_kdir_612() {
	ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null |
		grep -v -e '-rt-amd64' -e '-cloud-amd64' | sort -V | tail -n 1
}

sevl_kdir_61() {
	ls -d /usr/src/linux-headers-6.1.*-amd64 2>/dev/null | sort -V | tail -n 1
}

# sevl_tree_lock FD: make the shared 6.12 source tree in $SEVL_CACHE
# current for this checkout (scripts/kernel-tree.sh) and hold a lock on it
# through file descriptor FD until the caller exits.  The tree is changed
# only under the exclusive lock; once it is current the caller keeps a
# shared one, so the test kernels of several profiles and the in-tree
# check can build from it at the same time (scripts/check.sh does), while
# a checkout with other patches still waits for them all to finish.
# Sets SEVL_TREE to the tree's path.
sevl_tree_lock() {
	local fd=$1
	mkdir -p "$SEVL_CACHE"
	eval "exec $fd>\"\$SEVL_CACHE/.lock\""
	while :; do
		flock -s "$fd"
		"$SEVL_ROOT/scripts/kernel-tree.sh" --check 2>/dev/null && break
		# Converting drops the shared lock first: another process may
		# change the tree in between, so check again under shared.
		flock "$fd"
		SEVL_TREE=$("$SEVL_ROOT/scripts/kernel-tree.sh") || return 1
	done
	SEVL_TREE=$SEVL_KSRC
}
