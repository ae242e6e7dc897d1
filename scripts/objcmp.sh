#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare the objects of two kernel build directories (scripts/
# intree-check.sh: arch/x86/kvm without the patch and with it, option off).
#
#   scripts/objcmp.sh DIR_A DIR_B
#
# Every *.o of DIR_A must exist in DIR_B and the other way round, with the
# same sections (names and sizes), the same bytes in every section and the
# same relocations and symbols, except:
#   - debug information (.debug_*, .comment), which records source paths
#     and line numbers;
#   - the bytes (not the size nor the relocations) of __bug_table and
#     __dyndbg, whose entries carry the source line of each WARN and
#     pr_debug, and "file.c:LINE" in strings (fortify's run-time memcpy
#     warning names its caller so): lines the patch adds above them shift
#     those numbers.
# Last line: "N objects equal" or the differences.
set -u
a=$1
b=$2
skip_bytes='^(__bug_table|__dyndbg)$'
skip_all='^(\.debug_.*|\.rela\.debug_.*|\.comment|\.note\.GNU-stack)$'

dump() {	# the comparable contents of an object
	local o=$1 s
	readelf -SW "$o" | sed -n 's/^ *\[ *[0-9]*\] //p' |
		awk '{ print $1, $2, $5 }' | grep -Ev "^(\.debug_|\.rela\.debug_|\.comment |NULL)"
	for s in $(readelf -SW "$o" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) *\([A-Z_]*\).*/\1:\2/p'); do
		case ${s#*:} in PROGBITS) ;; *) continue ;; esac
		s=${s%:*}
		[[ $s =~ $skip_all || $s =~ $skip_bytes ]] && continue
		echo "== $s"
		case $s in
		.rodata.str*)
			objcopy -O binary --only-section="$s" "$o" /dev/stdout |
				tr '\0' '\n' | sed -E 's/(\.[chS]):[0-9]+/\1:LINE/g' ;;
		*)
			objdump -s -j "$s" "$o" | tail -n +5 ;;
		esac
	done
	readelf -rW "$o" | sed 's/ at offset 0x[0-9a-f]*//' |
		awk '/^Relocation section/ { skip = ($3 ~ /debug/) } !skip'
	readelf -sW "$o" | awk 'NR > 3 { $1 = ""; print }'
}

(cd "$a" && find . -name '*.o' | sort) >/tmp/objcmp.$$.a
(cd "$b" && find . -name '*.o' | sort) >/tmp/objcmp.$$.b
bad=0
if ! diff -u /tmp/objcmp.$$.a /tmp/objcmp.$$.b; then
	echo "object lists differ"
	bad=1
fi
n=0
while read -r o; do
	[ -f "$b/$o" ] || continue
	if ! diff -u <(dump "$a/$o") <(dump "$b/$o") >/tmp/objcmp.$$.d; then
		echo "differs: $o"
		head -n 40 /tmp/objcmp.$$.d
		bad=1
	else
		n=$((n + 1))
	fi
done </tmp/objcmp.$$.a
rm -f /tmp/objcmp.$$.*
[ $bad -eq 0 ] || { echo "objects differ"; exit 1; }
echo "$n objects equal"
