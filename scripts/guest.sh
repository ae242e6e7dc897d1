#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test kernel (built by scripts/kunit.sh) in QEMU with an
# SVM-capable CPU and an initramfs holding busybox and the selftests, run
# them, and check what they print on the serial console.
#
#   scripts/guest.sh                 run every selftest, TAP summary
#   scripts/guest.sh --run PROG      run one program from the initramfs
#                                    and show its output (used by demo)
#
# Any "not ok", a missing plan line, a kernel oops/panic or a timeout is a
# failure.  Last line printed: "selftests: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

run=
[ "${1:-}" = --run ] && run=${2:-}
timeout_s=${SEVL_GUEST_TIMEOUT:-900}

# Never boot a bzImage that scripts/kunit.sh is rewriting.
mkdir -p "$SEVL_CACHE"
exec 9>"$SEVL_CACHE/.lock"
flock 9

kernel=$SEVL_KBUILD/arch/x86/boot/bzImage
[ -f "$kernel" ] || sevl_die "$kernel missing: run scripts/kunit.sh first"

work=$SEVL_CACHE/guest
rm -rf "$work"
mkdir -p "$work/root"/{bin,sbin,proc,sys,dev,tmp,tests,etc}

make -s -C "$SEVL_ROOT/tests/selftests" OUT="$work/selftests" >&2 ||
	sevl_die "selftests failed to build"
# The demo goes to /bin: everything in /tests is run as a selftest.
make -s -C "$SEVL_ROOT/tests/selftests" OUT="$work/selftests" \
	DEMO_OUT="$work/demo" demo >&2 || sevl_die "demo failed to build"
cp "$work/demo"/* "$work/root/bin/" 2>/dev/null
if [ -d "$SEVL_ROOT/tools/sevctl" ] && [ -f "$SEVL_ROOT/tools/sevctl/Makefile" ]; then
	make -s -C "$SEVL_ROOT/tools/sevctl" OUT="$work/tools" static >&2 ||
		sevl_die "tools failed to build"
	cp "$work/tools"/* "$work/root/bin/" 2>/dev/null
fi
cp "$work/selftests"/* "$work/root/tests/"
cp /bin/busybox "$work/root/bin/busybox"

cat >"$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmpfs /tmp
run=$(sed -n 's/.*sevl\.run=\([^ ]*\).*/\1/p' /proc/cmdline)
echo "SEVL-GUEST-START"
if [ -n "$run" ]; then
	p=/tests/$run
	[ -x "$p" ] || p=/bin/$run
	"$p" 2>&1
	echo "# exit: $? $run"
else
	for t in /tests/*; do
		n=${t##*/}
		echo "# selftest: $n"
		"$t" 2>&1
		echo "# exit: $? $n"
	done
fi
echo "SEVL-GUEST-DONE"
poweroff -f
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"

# loglevel 5: kernel warnings (WARN_ON, lockdep) reach the console.
append="console=ttyS0 kunit.enable=0 panic=-1 oops=panic loglevel=5"
# --run (demo, bench) keeps the console quiet: errors only.
[ -n "$run" ] && append="$append loglevel=4 sevl.run=$run"
log=$work/console.log
sevl_log "booting the test guest (log: $log)"
timeout "$timeout_s" qemu-system-x86_64 -nodefaults -nographic -no-reboot \
	-machine pc -cpu EPYC,+svm -smp 2 -m 2048 -bios qboot.rom \
	-kernel "$kernel" -initrd "$work/initramfs.cpio" \
	-append "$append" -serial stdio </dev/null >"$log" 2>&1
qrc=$?
tr -d '\r' <"$log" >"$log.txt"

if [ -n "$run" ]; then
	sed -n '/SEVL-GUEST-START/,/SEVL-GUEST-DONE/p' "$log.txt" |
		grep -v 'SEVL-GUEST-'
	grep -q "^# exit: 0 $run" "$log.txt"
	exit $?
fi

awk -v qrc="$qrc" '
	/^# selftest: / { prog = $3; plan[prog] = 0; seen[prog] = 0; order[++n] = prog; next }
	/^1\.\.[0-9]+/ && prog != "" { split($0, a, /\.\./); plan[prog] = a[2] + 0; next }
	/^ok [0-9]+/ && prog != "" { pass++; seen[prog]++; print; next }
	/^not ok [0-9]+/ && prog != "" { fail++; seen[prog]++; print; next }
	/^# exit: / { if ($3 != 0 && seen[$4] == plan[$4] && bad[$4] == 0) { } ; next }
	/^#/ && prog != "" { print; next }
	/Kernel panic|BUG:|Oops|general protection fault|Call Trace:|WARNING: (CPU:|possible|inconsistent|suspicious)/ { print "guest: " $0; crash++ }
	/SEVL-GUEST-DONE/ { done = 1 }
	END {
		for (i = 1; i <= n; i++) {
			p = order[i]
			if (plan[p] == 0) { print "not ok - " p ": no TAP plan"; fail++ }
			else if (seen[p] < plan[p]) {
				printf "not ok - %s: %d of %d results missing\n", p, plan[p] - seen[p], plan[p]
				fail += plan[p] - seen[p]
			}
		}
		if (crash) { print "not ok - guest kernel crashed"; fail++ }
		if (!done) { printf "not ok - guest did not finish (qemu exit %d)\n", qrc; fail++ }
		printf "selftests: %d passed, %d failed\n", pass, fail
	}' "$log.txt" | tee "$work/summary"
tail -n 1 "$work/summary" | grep -q ', 0 failed$'
