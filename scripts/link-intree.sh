#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Link sev-launch into a kernel source tree as drivers/sev-launch, so that
# it is configured by Kconfig and built by the kernel's own build like any
# driver: a "source" line in drivers/Kconfig, an obj-$(CONFIG_SEV_LAUNCH)
# line in drivers/Makefile, and include/uapi/linux/sev-launch.h for
# "make headers_install".  Idempotent.
#
#   scripts/link-intree.sh /path/to/linux [--copy | --check]
#
# By default the directory is a symbolic link to this checkout; --copy
# copies the sources, their Documentation/ (which the Kconfig help names)
# and the uapi header instead (what a distro package would carry).
set -eu
. "$(dirname "$0")/lib.sh"

ksrc=${1:-}
[ -n "$ksrc" ] && [ -f "$ksrc/drivers/Kconfig" ] ||
	sevl_die "usage: $0 <kernel source tree> [--copy | --check]"
mode=${2:-link}

dst=$ksrc/drivers/sev-launch
uapi=include/uapi/linux/sev-launch.h
objline='obj-$(CONFIG_SEV_LAUNCH)'

# Is the tree linked to this checkout already?  (Changes nothing.)
linked() {
	[ "$(readlink "$dst")" = "$SEVL_ROOT" ] &&
		[ "$(readlink "$ksrc/$uapi")" = "$SEVL_ROOT/$uapi" ] &&
		grep -q 'drivers/sev-launch/Kconfig' "$ksrc/drivers/Kconfig" &&
		! grep -q '^obj-y[[:space:]]*+= sev-launch/$' "$ksrc/drivers/Makefile" &&
		grep -qF "$objline" "$ksrc/drivers/Makefile"
}
if [ "$mode" = --check ]; then
	linked
	exit
fi
# A tree that is already linked is left untouched, so that a build
# reading it at the same time never sees a file being replaced.
if [ "$mode" != --copy ] && linked; then
	exit 0
fi
if [ "$mode" = --copy ]; then
	rm -rf "$dst"
	mkdir -p "$dst"
	(cd "$SEVL_ROOT" &&
		git ls-files -z Kbuild Kconfig drivers include tests/kunit tests/abi Documentation |
		xargs -0 cp --parents -t "$dst")
	rm -f "$ksrc/$uapi"
	cp "$SEVL_ROOT/$uapi" "$ksrc/$uapi"
else
	if [ -d "$dst" ] && [ ! -L "$dst" ]; then
		rm -rf "$dst"
	fi
	ln -sfn "$SEVL_ROOT" "$dst"
	ln -sfn "$SEVL_ROOT/$uapi" "$ksrc/$uapi"
fi

grep -q 'drivers/sev-launch/Kconfig' "$ksrc/drivers/Kconfig" ||
	sed -i '$ i source "drivers/sev-launch/Kconfig"\n' "$ksrc/drivers/Kconfig"
# Trees linked by older versions carry an unconditional obj-y line.
sed -i '/^obj-y[[:space:]]*+= sev-launch\/$/d' "$ksrc/drivers/Makefile"
grep -q 'sev-launch/' "$ksrc/drivers/Makefile" ||
	printf 'obj-$(CONFIG_SEV_LAUNCH)\t\t+= sev-launch/\n' >>"$ksrc/drivers/Makefile"
sevl_log "linked $SEVL_ROOT into $dst"
