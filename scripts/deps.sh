#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what sev-launch's build and tests need on Debian 12, skipping
# packages already present.  Needs root (or sudo) only when something is
# missing.
set -eu
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential bc bison flex libelf-dev libssl-dev cpio kmod
      busybox-static sparse python3 rsync qemu-system-x86 linux-source-6.12
      linux-headers-amd64 xz-utils ovmf)

# Debian's 6.12 headers come from bookworm's kernel backport; pick the newest
# plain amd64 flavour the archive offers.
need_update=1
missing=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ -z "$(sevl_kdir_612)" ]; then
	missing+=(linux-headers-6.12-amd64-placeholder)
fi
# QEMU 10.0 for the test guest, unpacked under the cache (scripts/qemu10.sh).
qemu10() {
	"$(dirname "$0")/qemu10.sh" >/dev/null
}
[ ${#missing[@]} -eq 0 ] && { qemu10; exit 0; }

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if [ $need_update -eq 1 ]; then
	$SUDO apt-get update -qq
fi
final=()
for p in "${missing[@]}"; do
	if [ "$p" = linux-headers-6.12-amd64-placeholder ]; then
		p=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' |
			awk '{print $1}' | sort -V | tail -n 1)
		[ -n "$p" ] || sevl_die "no linux-headers-6.12 package in the archive"
	fi
	final+=("$p")
done
sevl_log "installing: ${final[*]}"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
	--no-install-recommends "${final[@]}" >/dev/null
qemu10
