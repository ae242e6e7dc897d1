#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test kernel (built by scripts/kunit.sh) in QEMU with an
# SVM-capable CPU and an initramfs holding busybox and the selftests, run
# them, and check what they print on the serial console.
#
#   scripts/guest.sh                 run every selftest, TAP summary
#   scripts/guest.sh --only "A B"    run only selftests A and B
#   scripts/guest.sh --run PROG      run one program from the initramfs
#                                    and show its output (used by demo)
#   ... --args "ARGS"                arguments for --run's program
#   ... --profile NAME               boot that test-kernel profile
#                                    (lib.sh; default, sanitize), also
#                                    SEVL_PROFILE=NAME
#   SEVL_GUEST_MEM=MiB               guest memory (default 2048; bench)
#
# Any "not ok", a missing plan line, a kernel report (oops, panic, BUG,
# WARNING, KASAN, UBSAN, lockdep), a leak kmemleak traces to sev-launch's
# code (scanned after the selftests when the kernel has kmemleak) or a
# timeout is a failure; with --run too, except for the TAP checks.  Last
# line printed: "selftests: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

run="" args="" only=""
while [ $# -gt 0 ]; do
	case $1 in
	--run) run=${2:-} ;;
	--args) args=${2:-} ;;
	--only) only=${2:-} ;;
	--profile) sevl_profile "${2:-}" ;;
	*) sevl_die "unknown option $1" ;;
	esac
	shift 2 || shift
done
# KASAN and lockdep under TCG are several times slower.
deftimeout=900
[ "$SEVL_PROFILE" = default ] || deftimeout=2700
timeout_s=${SEVL_GUEST_TIMEOUT:-$deftimeout}

# Never boot a bzImage that scripts/kunit.sh is rewriting (a build of
# another profile may go on meanwhile).
mkdir -p "$SEVL_CACHE"
exec 9>"$SEVL_KBUILD.lock"
flock 9

kernel=$SEVL_KBUILD/arch/x86/boot/bzImage
[ -f "$kernel" ] || sevl_die "$kernel missing: run scripts/kunit.sh${SEVL_PROFILE:+ --profile $SEVL_PROFILE} --build-only first"

work=$SEVL_CACHE/guest
[ "$SEVL_PROFILE" = default ] || work=$SEVL_CACHE/guest-$SEVL_PROFILE
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
if [ -n "$only" ]; then
	for t in $only; do
		[ -f "$work/selftests/$t" ] || sevl_die "--only: no selftest $t"
		cp "$work/selftests/$t" "$work/root/tests/"
	done
else
	cp "$work/selftests"/* "$work/root/tests/"
fi
cp /bin/busybox "$work/root/bin/busybox"
# The QEMU selftest (boot_qemu) runs Debian's QEMU 7.2 and the backports'
# 10.0 with bookworm's shared libraries and Debian's OVMF: only when it is
# selected (--only, or every selftest; --run only for boot_qemu itself),
# since they add about 85 MB to the initramfs.
if [ -f "$work/root/tests/boot_qemu" ] && { [ -z "$run" ] || [ "$run" = boot_qemu ]; }; then
	q10=$("$SEVL_ROOT/scripts/qemu10.sh") || sevl_die "no QEMU 10.0"
	[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] || sevl_die "ovmf missing: run scripts/deps.sh"
	qemu_pack() {	# qemu_pack DEST BINARY DATADIR
		mkdir -p "$work/root/$1/bin" "$work/root/$1/share"
		cp "$2" "$work/root/$1/bin/"
		cp -L "$3/kvmvapic.bin" "$3/linuxboot_dma.bin" "$work/root/$1/share/"
		ldd "$2" | awk '/=> \//{ print $3 } /^\t\//{ print $1 }'
	}
	{
		qemu_pack /opt/qemu-7.2 /usr/bin/qemu-system-x86_64 /usr/share/qemu
		qemu_pack /opt/qemu-10.0 "$q10/usr/bin/qemu-system-x86_64" "$q10/usr/share/qemu"
	} | sort -u | while read -r lib; do
		mkdir -p "$work/root${lib%/*}"
		cp -L "$lib" "$work/root$lib"
	done
	mkdir -p "$work/root/usr/share/OVMF"
	cp /usr/share/OVMF/OVMF_CODE_4M.fd /usr/share/OVMF/OVMF_CODE.fd \
		"$work/root/usr/share/OVMF/"
fi
printf '%s\n' "$args" >"$work/root/etc/sevl-args"

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
	# shellcheck disable=SC2046
	"$p" $(cat /etc/sevl-args) 2>&1
	echo "# exit: $? $run"
else
	for t in /tests/*; do
		n=${t##*/}
		echo "# selftest: $n"
		"$t" 2>&1
		echo "# exit: $? $n"
	done
	# kmemleak: objects must be 5 s old to be reported; scan twice.
	k=/sys/kernel/debug/kmemleak
	if [ -w $k ]; then
		sleep 5
		echo scan >$k
		echo scan >$k
		cat $k >/tmp/kmemleak
		ours=$(awk '/unreferenced object/ { n += o; o = 0 }
			/sevl_|sev_launch/ { o = 1 } END { print n + o }' /tmp/kmemleak)
		all=$(grep -c 'unreferenced object' /tmp/kmemleak)
		[ "$ours" -gt 0 ] && sed 's/^/kmemleak| /' /tmp/kmemleak | head -n 80
		echo "SEVL-KMEMLEAK: $ours $all"
	fi
fi
echo "SEVL-GUEST-DONE"
poweroff -f
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"

# Kernel reports, on the console whatever the log level.
report='Kernel panic|BUG:|Oops|general protection fault|Call Trace:|WARNING: (CPU:|possible|inconsistent|suspicious)|UBSAN:|KASAN:|INFO: task .* blocked'

# loglevel 5: kernel warnings (WARN_ON, lockdep) reach the console.
append="console=ttyS0 kunit.enable=0 panic=-1 oops=panic loglevel=5"
# The software firmware emulates an SEV-SNP platform (Documentation/psp.rst).
append="$append sev_swfw.snp=1"
# --run (demo, bench) keeps the console quiet: errors only.
[ -n "$run" ] && append="$append loglevel=4 sevl.run=$run"
log=$work/console.log
sevl_log "booting the test guest (log: $log)"
timeout "$timeout_s" qemu-system-x86_64 -nodefaults -nographic -no-reboot \
	-machine pc -cpu EPYC,+svm -smp 2 -m "${SEVL_GUEST_MEM:-2048}" -bios qboot.rom \
	-kernel "$kernel" -initrd "$work/initramfs.cpio" \
	-append "$append" -serial stdio </dev/null >"$log" 2>&1
qrc=$?
tr -d '\r' <"$log" >"$log.txt"

if [ -n "$run" ]; then
	sed -n '/SEVL-GUEST-START/,/SEVL-GUEST-DONE/p' "$log.txt" |
		grep -v 'SEVL-GUEST-'
	rc=0
	grep -q "^# exit: 0 $run" "$log.txt" || rc=1
	if grep -v '^#' "$log.txt" | grep -Eq "$report"; then
		echo "not ok - guest kernel report:"
		grep -v '^#' "$log.txt" | grep -E -m 20 "$report" | sed 's/^/#   /'
		rc=1
	fi
	grep -q SEVL-GUEST-DONE "$log.txt" ||
		{ echo "not ok - guest did not finish (qemu exit $qrc)"; rc=1; }
	exit $rc
fi

awk -v qrc="$qrc" -v report="$report" '
	/^# selftest: / { prog = $3; plan[prog] = 0; seen[prog] = 0; order[++n] = prog; next }
	/^1\.\.[0-9]+/ && prog != "" { split($0, a, /\.\./); plan[prog] = a[2] + 0; next }
	/^ok [0-9]+/ && prog != "" { pass++; seen[prog]++; print; next }
	/^not ok [0-9]+/ && prog != "" { fail++; seen[prog]++; print; next }
	/^# exit: / { if ($3 != 0 && seen[$4] == plan[$4] && bad[$4] == 0) { } ; next }
	/^#/ && prog != "" { print; next }
	/^kmemleak\| / { print; next }
	/^SEVL-KMEMLEAK: / {
		if ($2 > 0) { printf "not ok - kmemleak: %d leaks from sev-launch code (%d in all)\n", $2, $3; fail++ }
		else printf "# kmemleak: no leak from sev-launch code (%d in all)\n", $3
		next
	}
	$0 ~ report { print "guest: " $0; crash++ }
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
