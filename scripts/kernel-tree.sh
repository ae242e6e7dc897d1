#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare the 6.12 kernel source tree used for KUnit and the test guest:
# unpack Debian's linux-source-6.12 into $SEVL_CACHE (once per package
# version), apply the patches in scripts/patches/, and link this checkout
# in.  Prints the tree's path.
set -eu
. "$(dirname "$0")/lib.sh"

[ -f "$SEVL_KTAR" ] || sevl_die "$SEVL_KTAR missing: run scripts/deps.sh"
mkdir -p "$SEVL_CACHE"
stamp=$SEVL_KSRC/.sevl-source
want="$(stat -c %s:%Y "$SEVL_KTAR") $(cat "$SEVL_ROOT"/scripts/patches/*.patch 2>/dev/null | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
	sevl_log "unpacking $SEVL_KTAR into $SEVL_CACHE"
	rm -rf "$SEVL_KSRC"
	tar -C "$SEVL_CACHE" -xf "$SEVL_KTAR"
	for p in "$SEVL_ROOT"/scripts/patches/*.patch; do
		[ -f "$p" ] || continue
		sevl_log "applying $(basename "$p")"
		patch -d "$SEVL_KSRC" -p1 -s <"$p"
	done
	echo "$want" >"$stamp"
fi
"$SEVL_ROOT/scripts/link-intree.sh" "$SEVL_KSRC" >/dev/null 2>&1
echo "$SEVL_KSRC"
