#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every suite.  Ends with one line "N passed, N failed".
set -u
# The normal test kernel unless an item names another profile.
export SEVL_PROFILE=default
. "$(dirname "$0")/lib.sh"
cd "$SEVL_ROOT"

pass=0
fail=0
item() {	# item NAME CMD...: one pass/fail item, output shown on failure
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass=$((pass + 1)); echo "ok - $name"
	else
		fail=$((fail + 1)); echo "not ok - $name"; echo "$out" | tail -n 40 | sed 's/^/#   /'
	fi
}
count() {	# add "X: N passed, N failed" from a suite's last line
	local line
	line=$(tail -n 1 "$1")
	local p f
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
	[ -n "$p" ] || { p=0; f=1; }
	pass=$((pass + p)); fail=$((fail + f))
}

ourc=$(git ls-files '*.c' '*.h' | grep -v '^tests/abi/\|^tests/selftests/\|^tools/')

build() {	# build KDIR: W=1, no warnings, in a scratch copy
	local kdir=$1 tmp
	tmp=$(mktemp -d)
	git ls-files -z | xargs -0 cp --parents -t "$tmp"
	make -s -C "$tmp" KDIR="$kdir" W=1 >"$tmp/log" 2>&1 || { cat "$tmp/log"; rm -rf "$tmp"; return 1; }
	if grep -i 'warning' "$tmp/log"; then rm -rf "$tmp"; return 1; fi
	rm -rf "$tmp"
}
sparse_check() {
	local kdir tmp
	kdir=$(sevl_kdir_612)
	tmp=$(mktemp -d)
	git ls-files -z | xargs -0 cp --parents -t "$tmp"
	# The top Makefile enables every component (SEVL_MODS).
	make -s -C "$tmp" KDIR="$kdir" C=2 W= >"$tmp/log" 2>&1
	local rc=$?
	grep -E 'warning|error' "$tmp/log" | grep "$tmp" && rc=1
	rm -rf "$tmp"
	return $rc
}
checkpatch() {
	local ksrc
	sevl_tree_lock 7 || return 1
	ksrc=$SEVL_TREE
	# NEW_TYPEDEFS: sev_ret_code is upstream ABI and keeps its typedef.
	# shellcheck disable=SC2086
	perl "$ksrc/scripts/checkpatch.pl" --strict --no-tree --terse \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,NEW_TYPEDEFS -f $ourc | grep -E 'ERROR|WARNING|CHECK' && return 1
	return 0
}
# Userspace C (selftests, the ABI check, tools/) against the same checkpatch
# --strict.  Ignored, each because the rule does not fit userspace:
#   PREFER_KERNEL_TYPES  u8/u32/... are kernel-internal types; userspace
#                        spells them uint8_t/uint32_t (<stdint.h>), and the
#                        uapi header gives only the __u32 forms.
#   PREFER_DEFINED_ATTRIBUTE_MACRO
#                        __packed, __printf() and __noreturn come from the
#                        kernel's <linux/compiler_attributes.h>; userspace
#                        has to spell out __attribute__(()), and even its
#                        own #define of such a name trips this check.
#   CAMELCASE            names of C11 and of the libraries we call
#                        (_Static_assert, OpenSSL_version()); --no-tree
#                        does not read the headers that declare them.
#   LONG_LINE_STRING     checkpatch already lets a long line end in the
#                        message of a kernel logging call (pr_err(), ...)
#                        so that messages stay whole and greppable; it knows
#                        those calls by name, so the same rule applied to
#                        printf(), fprintf() and the TAP helpers shows up
#                        as this check.
userc=$(git ls-files '*.c' '*.h' | grep '^tests/abi/\|^tests/selftests/\|^tools/')
checkpatch_user() {
	local ksrc
	sevl_tree_lock 7 || return 1
	ksrc=$SEVL_TREE
	local ign=PREFER_KERNEL_TYPES,PREFER_DEFINED_ATTRIBUTE_MACRO,CAMELCASE,LONG_LINE_STRING
	# shellcheck disable=SC2046
	perl "$ksrc/scripts/checkpatch.pl" --strict --no-tree --terse --ignore "$ign" \
		-f $(echo "$userc" | grep -v '^tests/abi/') | grep -E 'ERROR|WARNING|CHECK' && return 1
	# tests/abi is X-macro tables (abi-table.h, abi-layout.h) and the
	# callbacks that expand them (abi_check.c; the KUnit suite and
	# uapi_abi.c expand them too).  A table is a list of callback calls
	# that no parentheses can enclose, names each callback many times and
	# passes over callbacks it does not need; a callback is one file-scope
	# declaration with its ";", or a fragment of one ("+ sizeof(member)").
	# checkpatch reads each as a stand-alone statement-like macro.
	ign=$ign,COMPLEX_MACRO,MACRO_ARG_REUSE,MACRO_ARG_UNUSED,MACRO_ARG_PRECEDENCE
	ign=$ign,TRAILING_SEMICOLON,MULTISTATEMENT_MACRO_USE_DO_WHILE
	# shellcheck disable=SC2046
	perl "$ksrc/scripts/checkpatch.pl" --strict --no-tree --terse --ignore "$ign" \
		-f $(echo "$userc" | grep '^tests/abi/') | grep -E 'ERROR|WARNING|CHECK' && return 1
	return 0
}

scripts/deps.sh || { echo "deps failed"; echo "0 passed, 1 failed"; exit 1; }

# The two test kernels are most of a cold run's time, and only their
# compiles keep both cores busy: the checkers below and the guests
# (QEMU TCG) leave one core mostly idle.  So each kernel builds in the
# background at the lowest CPU priority while the suites before the one
# that needs it run in front (SEVL_SERIAL=1: one thing at a time).  The
# shared source tree allows this (lib.sh sevl_tree_lock); each build
# directory has its own lock, which the suites using it wait for.
bg_pid=
bg_log=
bg_build() {	# bg_build PROFILE: start building PROFILE's test kernel
	bg_log=$(mktemp)
	if [ "${SEVL_SERIAL:-0}" = 1 ]; then
		scripts/kunit.sh --profile "$1" --build-only >"$bg_log" 2>&1
		echo $? >"$bg_log.rc"
		bg_pid=
	else
		{ nice -n 19 scripts/kunit.sh --profile "$1" --build-only >"$bg_log" 2>&1
		  echo $? >"$bg_log.rc"; } &
		bg_pid=$!
	fi
}
bg_wait() {	# bg_wait: wait for it, show its log, succeed if it built
	[ -z "$bg_pid" ] || wait "$bg_pid"
	cat "$bg_log" >&2
	local rc
	rc=$(cat "$bg_log.rc" 2>/dev/null || echo 1)
	rm -f "$bg_log" "$bg_log.rc"
	return "$rc"
}
dist_pid=
trap 'kill $bg_pid $dist_pid 2>/dev/null' EXIT

bg_build default

item "out-of-tree build, W=1, $(basename "$(sevl_kdir_61)")" build "$(sevl_kdir_61)"
item "out-of-tree build, W=1, $(basename "$(sevl_kdir_612)")" build "$(sevl_kdir_612)"
item "sparse C=2, no warnings in our files" sparse_check
item "checkpatch --strict clean" checkpatch
item "checkpatch --strict clean, userspace C" checkpatch_user

tmp=$(mktemp)
tests/abi/run.sh | tee "$tmp"
pass=$((pass + $(grep -c '^ok ' "$tmp"))); fail=$((fail + $(grep -c '^not ok ' "$tmp")))

# The guest owner tool's userspace suite; last line "sevctl: N passed, N failed".
make -s -C tools/sevctl test | tee "$tmp"; count "$tmp"

# The distro kernel build: Debian's 6.12 source and .config, the kvm_amd
# patch, link-intree.sh --copy, three olddefconfig variants, W=1 builds,
# modpost and the option-off object comparison; last line "intree: N
# passed, N failed".
scripts/intree-check.sh | tee "$tmp"; count "$tmp"

# kunit.sh waits for the background build's lock and then finds the
# kernel built (its own build step is then only make's walk).
bg_wait >/dev/null 2>&1
scripts/kunit.sh | tee "$tmp"; count "$tmp"
bg_build sanitize
if [ -f "$SEVL_KBUILD/arch/x86/boot/bzImage" ]; then
	scripts/guest.sh | tee "$tmp"; count "$tmp"
else
	fail=$((fail + 1)); echo "not ok - no test kernel for the guest selftests"
fi
# The sanitizer kernel (KASAN, UBSAN, kmemleak, lockdep, fault injection;
# tests/kunit/sanitize.kunitconfig): it builds with every option of its
# profile, and the fuzzer's short mode and six selftests (every refusal
# path, /dev/sev concurrency, timed-out commands, failed teardown, and
# fault_inject, whose fail_function cases need this kernel's function
# tracer) run on it with any report or sev-launch leak a failure
# (Documentation/testing.rst has the times).
# SEVL_SANITIZE_ONLY="" runs every selftest there.
# (It has been building in the background since the KUnit run.)
if bg_wait 2>"$tmp.bg"; then
	pass=$((pass + 1)); echo "ok - sanitizer kernel built, every option of its profile in .config"
else
	fail=$((fail + 1)); echo "not ok - sanitizer kernel built, every option of its profile in .config"
	tail -n 40 "$tmp.bg" | sed 's/^/#   /'
fi
rm -f "$tmp.bg"
# The Debian 6.1 guest (below) runs beside the sanitizer guest: each
# keeps about one core busy.
dist_pid=
if [ "${SEVL_SERIAL:-0}" != 1 ]; then
	scripts/distro-guest.sh >"$tmp.dist" 2>"$tmp.dist2" &
	dist_pid=$!
fi
if [ -f "$SEVL_CACHE/build-$SEVL_KVER-sanitize/arch/x86/boot/bzImage" ]; then
	only=${SEVL_SANITIZE_ONLY-sev_fuzz kvm_basic kvm_launch_refuse dev_sev_stress kvm_launch_timeout kvm_launch_teardown fault_inject}
	if [ -n "$only" ]; then set -- --only "$only"; else set --; fi
	scripts/guest.sh --profile sanitize "$@" | tee "$tmp"
	count "$tmp"
else
	fail=$((fail + 1)); echo "not ok - no sanitizer kernel for the guest selftests"
fi
# The modules on Debian's stock 6.1 kernel (and the /dev/sev selftests there).
if [ -n "$dist_pid" ]; then
	wait "$dist_pid"
	dist_pid=
	cat "$tmp.dist2" >&2
	cat "$tmp.dist"
	count "$tmp.dist"
else
	scripts/distro-guest.sh >"$tmp.dist"; cat "$tmp.dist"; count "$tmp.dist"
fi
rm -f "$tmp" "$tmp.dist" "$tmp.dist2"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
