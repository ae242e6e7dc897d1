#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare the 6.12 kernel source tree used for KUnit and the test guest:
# unpack Debian's linux-source-6.12 into $SEVL_CACHE (once per package
# version), apply the patches in scripts/patches/, and link this checkout
# in.  Prints the tree's path.
#
# "--check" changes nothing: it succeeds only if the tree is already what
# this checkout would make of it (scripts that share the tree use it to
# decide whether a shared lock is enough; lib.sh sevl_tree_lock).
set -eu
. "$(dirname "$0")/lib.sh"

[ -f "$SEVL_KTAR" ] || sevl_die "$SEVL_KTAR missing: run scripts/deps.sh"
mkdir -p "$SEVL_CACHE"
stamp=$SEVL_KSRC/.sevl-source
applied=$SEVL_KSRC/.sevl-patches
want_src=$(stat -c %s:%Y "$SEVL_KTAR")
want_p=$(cat "$SEVL_ROOT"/scripts/patches/*.patch 2>/dev/null | sha256sum | cut -c1-16)

if [ "${1:-}" = --check ]; then
	[ -f "$stamp" ] && [ "$(cut -d' ' -f1 "$stamp")" = "$want_src" ] &&
		[ "$(cat "$applied"/*.patch 2>/dev/null | sha256sum | cut -c1-16)" = "$want_p" ] &&
		"$SEVL_ROOT/scripts/link-intree.sh" "$SEVL_KSRC" --check
	exit
fi

unpack() {
	sevl_log "unpacking $SEVL_KTAR into $SEVL_CACHE"
	rm -rf "$SEVL_KSRC"
	tar -C "$SEVL_CACHE" -xf "$SEVL_KTAR"
	echo "$want_src" >"$stamp"
}

if [ ! -f "$stamp" ] || [ "$(cut -d' ' -f1 "$stamp")" != "$want_src" ]; then
	unpack
fi
mkdir -p "$applied"
# Patches: when the set changed, take the old ones out and put the new
# ones in, so only the files they touch are rebuilt.
have_p=$(cat "$applied"/*.patch 2>/dev/null | sha256sum | cut -c1-16)
if [ "$have_p" != "$want_p" ]; then
	for p in $(ls -r "$applied"/*.patch 2>/dev/null); do
		sevl_log "reverting $(basename "$p")"
		if ! patch -d "$SEVL_KSRC" -p1 -R -s -f <"$p" >/dev/null; then
			unpack
			break
		fi
		rm -f "$p"
	done
	rm -f "$applied"/*.patch
	for p in "$SEVL_ROOT"/scripts/patches/*.patch; do
		[ -f "$p" ] || continue
		sevl_log "applying $(basename "$p")"
		patch -d "$SEVL_KSRC" -p1 -s -f <"$p" >&2 || sevl_die "$(basename "$p") does not apply"
		cp "$p" "$applied/"
	done
fi
"$SEVL_ROOT/scripts/link-intree.sh" "$SEVL_KSRC" >/dev/null 2>&1
echo "$SEVL_KSRC"
