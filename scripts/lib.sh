# SPDX-License-Identifier: GPL-2.0
# Common settings for the sev-launch scripts.  Source, don't run.

SEVL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Kernel trees and build output live outside the checkout so that repeated
# runs (and fresh clones) rebuild incrementally.
SEVL_CACHE=${SEVL_CACHE:-$HOME/.cache/sev-launch}
SEVL_KVER=6.12
SEVL_KTAR=${SEVL_KTAR:-/usr/src/linux-source-$SEVL_KVER.tar.xz}
SEVL_KSRC=$SEVL_CACHE/linux-source-$SEVL_KVER
SEVL_KBUILD=$SEVL_CACHE/build-$SEVL_KVER
SEVL_JOBS=${SEVL_JOBS:-$(nproc)}

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
