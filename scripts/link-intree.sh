#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Link sev-launch into a kernel source tree as drivers/sev-launch, so that
# it is configured by Kconfig and built by the kernel's own build like any
# driver.  Idempotent.
#
#   scripts/link-intree.sh /path/to/linux [--copy]
#
# By default the directory is a symbolic link to this checkout; --copy
# copies the sources instead (what a distro package would carry).
set -eu
. "$(dirname "$0")/lib.sh"

ksrc=${1:-}
[ -n "$ksrc" ] && [ -f "$ksrc/drivers/Kconfig" ] ||
	sevl_die "usage: $0 <kernel source tree> [--copy]"
mode=${2:-link}

dst=$ksrc/drivers/sev-launch
if [ "$mode" = --copy ]; then
	rm -rf "$dst"
	mkdir -p "$dst"
	(cd "$SEVL_ROOT" && git ls-files -z Kbuild Kconfig drivers include tests/kunit tests/abi |
		xargs -0 cp --parents -t "$dst")
else
	if [ -d "$dst" ] && [ ! -L "$dst" ]; then
		rm -rf "$dst"
	fi
	ln -sfn "$SEVL_ROOT" "$dst"
fi

grep -q 'drivers/sev-launch/Kconfig' "$ksrc/drivers/Kconfig" ||
	sed -i '$ i source "drivers/sev-launch/Kconfig"\n' "$ksrc/drivers/Kconfig"
grep -q 'sev-launch/' "$ksrc/drivers/Makefile" ||
	printf 'obj-y\t\t\t\t+= sev-launch/\n' >>"$ksrc/drivers/Makefile"
sevl_log "linked $SEVL_ROOT into $dst"
