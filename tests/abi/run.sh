#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Userspace compile tests of include/uapi/linux/sev-launch.h.  Prints one
# TAP line per build variant.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

flags="-Wall -Wextra -pedantic -Werror -I$root/include/uapi -I$here"
variants=(
	"c99-alone|gcc -std=c99 $flags"
	"c11-alone|gcc -std=c11 $flags"
	"c99-system-first|gcc -std=c99 $flags -DSEVL_SYSTEM_FIRST"
	"c11-system-after|gcc -std=c11 $flags -DSEVL_SYSTEM_AFTER"
	"c11-standalone|gcc -std=c11 $flags -DSEV_LAUNCH_STANDALONE"
	"c99-standalone|gcc -std=c99 $flags -DSEV_LAUNCH_STANDALONE"
	"cxx11-alone|g++ -x c++ -std=c++11 $flags"
	"cxx17-system-first|g++ -x c++ -std=c++17 $flags -DSEVL_SYSTEM_FIRST"
	"cxx17-system-after|g++ -x c++ -std=c++17 $flags -DSEVL_SYSTEM_AFTER"
	"cxx17-standalone|g++ -x c++ -std=c++17 $flags -DSEV_LAUNCH_STANDALONE"
)
n=0
echo "1..$((${#variants[@]} + 2))"
for v in "${variants[@]}"; do
	name=${v%%|*}
	cmd=${v#*|}
	n=$((n + 1))
	if $cmd -o "$out/$name" "$here/abi_check.c" >"$out/$name.log" 2>&1 &&
	   "$out/$name" >>"$out/$name.log" 2>&1; then
		echo "ok $n - uapi $name"
	else
		echo "not ok $n - uapi $name"
		sed 's/^/# /' "$out/$name.log" | head -20
	fi
done
# The header alone, as the kernel's headers_check would see it.
n=$((n + 1))
if echo '#include <linux/sev-launch.h>' |
   gcc -std=c99 $flags -x c -fsyntax-only - >"$out/alone.log" 2>&1; then
	echo "ok $n - uapi header self-contained"
else
	echo "not ok $n - uapi header self-contained"
	sed 's/^/# /' "$out/alone.log" | head -20
fi
# Every structure of the header must be in abi-layout.h, or its padding
# goes unchecked.
n=$((n + 1))
missing=
for s in $(sed -n 's/^struct \([a-z0-9_]*\) {.*/\1/p' \
	   "$root/include/uapi/linux/sev-launch.h"); do
	grep -q "S(struct $s)" "$here/abi-layout.h" || missing="$missing $s"
done
if [ -z "$missing" ]; then
	echo "ok $n - uapi every structure listed in abi-layout.h"
else
	echo "not ok $n - uapi every structure listed in abi-layout.h"
	echo "# not listed:$missing"
fi
