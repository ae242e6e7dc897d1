#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the 6.12 test kernel (incrementally, in $SEVL_CACHE) and run the
# KUnit suites in QEMU with an SVM-capable CPU.  Extra arguments go to
# kunit.py run (e.g. a suite glob).  Concurrent invocations are serialised.
# "--build-only" builds the kernel and runs nothing (scripts/demo.sh).
# "--profile NAME" (or SEVL_PROFILE=NAME) picks the test-kernel profile
# (lib.sh: default, sanitize); either way the built .config is checked to
# hold every option the profile asks for.
#
# Last line printed: "kunit: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

if [ "${1:-}" = --profile ]; then
	sevl_profile "${2:-}"
	shift 2
fi
kconfigs=()
for f in $SEVL_KCONFIGS; do kconfigs+=(--kunitconfig="$f"); done

# The source tree is shared by every profile (lib.sh sevl_tree_lock: a
# shared lock once it is current, so profiles can build at once); the
# build directory is the profile's own (scripts/guest.sh takes only the
# latter).
sevl_tree_lock 9 || sevl_die "kernel tree"
ksrc=$SEVL_TREE
exec 8>"$SEVL_KBUILD.lock"
flock 8
log=$SEVL_CACHE/kunit.log
[ "$SEVL_PROFILE" = default ] || log=$SEVL_CACHE/kunit-$SEVL_PROFILE.log
if [ "${1:-}" = --build-only ]; then
	sevl_log "building the $SEVL_PROFILE test kernel in $SEVL_KBUILD (log: $log)"
	(cd "$ksrc" && python3 tools/testing/kunit/kunit.py build \
		--arch=x86_64 \
		--build_dir="$SEVL_KBUILD" \
		"${kconfigs[@]}" \
		--jobs="$SEVL_JOBS") >"$log" 2>&1 ||
		{ tail -n 40 "$log"; sevl_die "kernel build failed"; }
	sevl_check_config || sevl_die "$SEVL_PROFILE profile: options missing from .config"
	exit 0
fi
sevl_log "kunit: building in $SEVL_KBUILD and running (log: $log)"
(cd "$ksrc" && python3 tools/testing/kunit/kunit.py run \
	--arch=x86_64 \
	--build_dir="$SEVL_KBUILD" \
	"${kconfigs[@]}" \
	--jobs="$SEVL_JOBS" \
	--timeout=900 \
	--qemu_args='-cpu EPYC,+svm' \
	--qemu_args='-smp 2' \
	"$@") >"$log" 2>&1
rc=$?
# Show the per-test results, not the build noise.
sed -n '/Starting KUnit Kernel\|=====\|\[PASSED\]\|\[FAILED\]\|\[CRASHED\]\|\[SKIPPED\]\|Testing complete\|ERROR\|error:\|Error/p' "$log" | tail -n 200
line=$(grep 'Testing complete\. Ran' "$log" | tail -n 1)
num() { echo "$line" | grep -o "$1: [0-9]*" | grep -o '[0-9]*' || echo 0; }
passed=$(num passed)
failed=$(( $(num failed) + $(num crashed) + $(num errors) ))
if ! sevl_check_config; then
	failed=$((failed + 1))
elif [ -z "$line" ] || { [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; }; then
	# Build or boot failure: count it, and show why.
	tail -n 40 "$log"
	failed=$((failed + 1))
fi
echo "kunit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
