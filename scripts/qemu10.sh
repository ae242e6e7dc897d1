#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# QEMU 10.0 from Debian bookworm-backports, unpacked under the cache for
# the test guest (tests/selftests/boot_qemu.c runs it next to bookworm's
# QEMU 7.2).  Nothing is installed: apt-get downloads the .debs with a
# private sources list and package lists (the system's apt configuration
# is not changed) and dpkg-deb unpacks them into
#
#   $SEVL_CACHE/qemu-10/root/usr/bin/qemu-system-x86_64
#   $SEVL_CACHE/qemu-10/root/usr/share/qemu/...
#
# The binary runs with bookworm's own libraries (the same ones QEMU 7.2
# uses).  Idempotent: once the tree is there (a stamp names its version)
# it returns at once, without network.  Prints the tree's root.
set -eu
. "$(dirname "$0")/lib.sh"

dir=$SEVL_CACHE/qemu-10
stamp=$dir/root/.sevl-version
if [ -s "$stamp" ] && [ -x "$dir/root/usr/bin/qemu-system-x86_64" ]; then
	echo "$dir/root"
	exit 0
fi

sevl_log "fetching QEMU 10.0 from bookworm-backports into $dir"
rm -rf "$dir"
mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs"
echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main' \
	>"$dir/apt/sources.list"
apt_opts=(-q -o "Dir::Etc::sourcelist=$dir/apt/sources.list"
	-o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$dir/apt/lists"
	-o "Dir::Cache=$dir/apt/cache" -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update >"$dir/apt/update.log" 2>&1 ||
	{ cat "$dir/apt/update.log" >&2; sevl_die "apt-get update (bookworm-backports) failed"; }
ver=$(apt-cache "${apt_opts[@]}" madison qemu-system-x86 |
	awk -F' *[|] *' '$3 ~ /bookworm-backports/ { print $2 }' | sort -V | tail -n 1)
case $ver in
1:10.0.*) ;;
*) sevl_die "bookworm-backports has no QEMU 10.0 (found '${ver:-none}')" ;;
esac
(cd "$dir/debs" && apt-get "${apt_opts[@]}" download \
	"qemu-system-x86=$ver" "qemu-system-common=$ver" "qemu-system-data=$ver") \
	>"$dir/apt/download.log" 2>&1 ||
	{ cat "$dir/apt/download.log" >&2; sevl_die "apt-get download failed"; }
mkdir -p "$dir/root"
for d in "$dir"/debs/*.deb; do
	dpkg-deb -x "$d" "$dir/root"
done
"$dir/root/usr/bin/qemu-system-x86_64" --version | head -n 1 >&2 ||
	sevl_die "the unpacked QEMU 10 does not run on this host"
echo "$ver" >"$stamp"
rm -rf "$dir/apt/cache" "$dir/debs"
echo "$dir/root"
