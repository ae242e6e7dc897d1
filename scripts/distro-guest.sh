#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prove that the out-of-tree modules work on a stock distribution kernel:
# boot Debian's own 6.1 kernel (the linux-image package matching the
# installed linux-headers-6.1, unmodified) in QEMU with an SVM-capable CPU,
# load our modules built against those headers together with the kernel
# modules they need, run the /dev/sev selftests and unload everything.
#
# The kernel package is downloaded once into $SEVL_CACHE/distro-6.1 with
# `apt-get download` and unpacked there; nothing is installed on the host.
#
# TAP on stdout; any "not ok", a missing plan, a kernel oops/BUG/WARNING or
# a timeout is a failure.  Last line: "distro-6.1: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

timeout_s=${SEVL_GUEST_TIMEOUT:-900}
# Our modules, in load order (unloaded in reverse).  Those not built yet
# are left out; the /dev/sev selftests run once the PSP driver exists.
our_mods=(sev-swfw sev-psp sev-psp-pci sev-launch-core sev-launch-kvm)
# Kernel modules our code needs at run time but does not link against:
# the SHA-384 shash, and the default RNG the ECC key generation draws from
# (DRBG, whose CTR flavour needs ctr(aes), seeded by jitterentropy, which
# needs SHA3-256).  Built-in ones are skipped.
kern_mods=(sha512_generic sha3_generic ctr jitterentropy_rng drbg)

kdir=$(sevl_kdir_61)
[ -n "$kdir" ] || sevl_die "no /usr/src/linux-headers-6.1.*-amd64: run scripts/deps.sh"
kver=${kdir##*/linux-headers-}
dcache=$SEVL_CACHE/distro-6.1
mkdir -p "$dcache"
exec 8>"$dcache/.lock"
flock 8

# 1. The distribution kernel, downloaded and unpacked once.
kroot=$dcache/$kver
vmlinuz=$kroot/boot/vmlinuz-$kver
mdir=$kroot/lib/modules/$kver
if [ ! -f "$mdir/modules.dep" ]; then
	pkg=linux-image-$kver
	deb=$(ls "$dcache/${pkg}_"*.deb 2>/dev/null | tail -n 1)
	if [ -z "$deb" ]; then
		sevl_log "downloading $pkg into $dcache"
		(cd "$dcache" && apt-get download "$pkg" >/dev/null 2>&1) ||
			{ apt-get update -qq >/dev/null 2>&1 &&
			  (cd "$dcache" && apt-get download "$pkg" >/dev/null 2>&1); } ||
			sevl_die "apt-get download $pkg failed"
		deb=$(ls "$dcache/${pkg}_"*.deb | tail -n 1)
	fi
	rm -rf "$kroot" "$kroot.tmp"
	dpkg-deb -x "$deb" "$kroot.tmp" || sevl_die "cannot unpack $deb"
	depmod -b "$kroot.tmp" "$kver" || sevl_die "depmod failed"
	mv "$kroot.tmp" "$kroot"
fi
[ -f "$vmlinuz" ] || sevl_die "$vmlinuz missing"
# Kernels of older header versions are no longer needed.
for d in "$dcache"/*/; do
	d=${d%/}
	case "${d##*/}" in
	"$kver"|guest) ;;
	*) [ -d "$d/boot" ] && rm -rf "$d" ;;
	esac
done
find "$dcache" -maxdepth 1 -name 'linux-image-*.deb' ! -name "linux-image-${kver}_*" -delete

work=$dcache/guest
rm -rf "$work"
mkdir -p "$work/src" "$work/root"/{bin,sbin,proc,sys,dev,tmp,tests,modules}

# 2. Our modules, built against the matching headers in a scratch copy.
if [ -d "$SEVL_ROOT/.git" ]; then
	(cd "$SEVL_ROOT" && git ls-files -z | xargs -0 cp --parents -t "$work/src")
else
	cp -r "$SEVL_ROOT/." "$work/src"
fi
make -s -C "$work/src" KDIR="$kdir" W=1 >"$work/build.log" 2>&1 || {
	tail -n 40 "$work/build.log" >&2
	sevl_die "modules failed to build against $kdir"
}

# Path of module NAME: one of ours, or the distribution kernel's.
mod_path() {
	local n=${1//_/-} f
	f=$(find "$work/src" -name "$n.ko" -print -quit)
	[ -z "$f" ] && f=$(find "$work/src" -name "${n//-/_}.ko" -print -quit)
	if [ -z "$f" ]; then
		f=$(grep -E "/(${n}|${n//-/_})\.ko(\.[a-z]+)?:" "$mdir/modules.dep" |
			head -n 1 | cut -d: -f1)
		[ -n "$f" ] && f=$mdir/$f
	fi
	echo "$f"
}

builtin() {
	grep -qE "/(${1}|${1//_/-})\.ko$" "$mdir/modules.builtin"
}

# Depth-first: dependencies first, each module once.
order=()
declare -A seen
add_mod() {
	local name=${1//-/_} path dep
	[ -n "${seen[$name]:-}" ] && return 0
	seen[$name]=1
	builtin "$name" && return 0
	path=$(mod_path "$name")
	[ -n "$path" ] || sevl_die "module $1 not found"
	for dep in $(modinfo -F depends "$path" | tr ',' ' '); do
		add_mod "$dep"
	done
	order+=("$path")
}
for m in "${kern_mods[@]}"; do
	add_mod "$m"
done
built=()
for m in "${our_mods[@]}"; do
	[ -n "$(mod_path "$m")" ] || continue
	[[ "$(mod_path "$m")" == "$work/src/"* ]] || continue
	built+=("$m")
	add_mod "$m"
done
[ ${#built[@]} -gt 0 ] || sevl_die "none of ${our_mods[*]} was built"

# Once Kbuild builds the PSP driver, its module must exist.
have_psp=0
if grep -q '^obj-.*drivers/psp/' "$work/src/Kbuild"; then
	have_psp=1
	[[ " ${built[*]} " == *" sev-psp "* ]] ||
		sevl_die "drivers/psp exists but sev-psp.ko was not built"
fi

i=0
: >"$work/root/modules/list"
: >"$work/root/modules/ours"
for p in "${order[@]}"; do
	i=$((i + 1))
	b=$(printf '%02d-%s' "$i" "${p##*/}")
	case "$p" in
	*.ko.xz) xz -dc "$p" >"$work/root/modules/${b%.xz}"; b=${b%.xz} ;;
	*.ko.zst) zstd -qdc "$p" >"$work/root/modules/${b%.zst}"; b=${b%.zst} ;;
	*) cp "$p" "$work/root/modules/$b" ;;
	esac
	echo "$b" >>"$work/root/modules/list"
	if [[ "$p" == "$work/src/"* ]]; then
		echo "${b%.ko}" | cut -d- -f2- >>"$work/root/modules/ours"
	fi
done
[ $have_psp -eq 1 ] && touch "$work/root/modules/have-psp"

# 3. The /dev/sev selftests (all dev_sev_* programs), once there is a driver.
if [ $have_psp -eq 1 ]; then
	progs=()
	for f in "$work/src/tests/selftests"/dev_sev_*.c; do
		f=${f##*/}
		progs+=("$work/selftests/${f%.c}")
	done
	make -s -C "$work/src/tests/selftests" OUT="$work/selftests" \
		"${progs[@]}" >"$work/selftests.log" 2>&1 || {
		cat "$work/selftests.log" >&2
		sevl_die "selftests failed to build"
	}
	cp "$work/selftests"/dev_sev_* "$work/root/tests/" ||
		sevl_die "no dev_sev_* selftests"
fi
cp /bin/busybox "$work/root/bin/busybox"

cat >"$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
echo "SEVL-GUEST-START"
echo "# selftest: modules"
n=$(wc -l </modules/list)
echo "1..$n"
i=0
for m in $(cat /modules/list); do
	i=$((i + 1))
	if insmod "/modules/$m" 2>/tmp/err; then
		echo "ok $i - insmod $m"
	else
		echo "not ok $i - insmod $m: $(cat /tmp/err)"
	fi
done
echo "# kernel $(uname -r), taint $(cat /proc/sys/kernel/tainted)"
for t in /tests/*; do
	[ -x "$t" ] || continue
	b=${t##*/}
	echo "# selftest: $b"
	"$t" 2>&1
	echo "# exit: $? $b"
done
# Ours only: the crypto modules stay pinned by the default RNG.
echo "# selftest: modules-unload"
n=$(wc -l </modules/ours)
if [ -e /modules/have-psp ]; then
	echo "1..$((n + 2))"
	j=1
	if [ -c /dev/sev ]; then
		echo "ok 1 - /dev/sev is a character device while the driver is loaded"
	else
		echo "not ok 1 - /dev/sev is a character device while the driver is loaded"
	fi
else
	echo "1..$n"
	j=0
fi
for name in $(sed -n '1!G;h;$p' /modules/ours); do
	j=$((j + 1))
	if rmmod "$name" 2>/tmp/err; then
		echo "ok $j - rmmod $name"
	else
		echo "not ok $j - rmmod $name: $(cat /tmp/err)"
	fi
done
if [ -e /modules/have-psp ]; then
	j=$((j + 1))
	if [ -e /dev/sev ]; then
		echo "not ok $j - /dev/sev gone with the driver"
	else
		echo "ok $j - /dev/sev gone with the driver"
	fi
fi
dmesg | grep -E 'WARNING: CPU|BUG:|Oops:|general protection fault' | sed 's/^/guest-dmesg: /'
echo "SEVL-GUEST-DONE"
poweroff -f
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"

append="console=ttyS0 panic=-1 oops=panic loglevel=4"
log=$work/console.log
sevl_log "booting Debian $kver (log: $log)"
start=$(date +%s)
timeout "$timeout_s" qemu-system-x86_64 -nodefaults -nographic -no-reboot \
	-machine pc -cpu EPYC,+svm -smp 2 -m 2048 -bios qboot.rom \
	-kernel "$vmlinuz" -initrd "$work/initramfs.cpio" \
	-append "$append" -serial stdio </dev/null >"$log" 2>&1
qrc=$?
sevl_log "guest ran $(( $(date +%s) - start )) s"
tr -d '\r' <"$log" >"$log.txt"

# Counted like scripts/guest.sh: every program, and module loading and
# unloading, is one TAP stream with a plan.
awk -v qrc="$qrc" -v psp="$have_psp" '
	/^# selftest: / { prog = $3; plan[prog] = 0; seen[prog] = 0; order[++n] = prog; next }
	/^1\.\.[0-9]+/ && prog != "" { split($0, a, /\.\./); plan[prog] = a[2] + 0; next }
	/^ok [0-9]+/ && prog != "" { pass++; seen[prog]++; print prog ": " $0; next }
	/^not ok [0-9]+/ && prog != "" { fail++; seen[prog]++; print prog ": " $0; next }
	/^# exit: / { next }
	/^#/ && prog != "" { print; next }
	/^guest-dmesg: / { print "not ok - " $0; fail++; next }
	/Kernel panic|BUG:|Oops|general protection fault/ { print "guest: " $0; crash++ }
	/SEVL-GUEST-DONE/ { done = 1 }
	END {
		for (i = 1; i <= n; i++) {
			p = order[i]
			want = plan[p]
			if (plan[p] == 0) { print "not ok - " p ": no TAP plan"; fail++ }
			else if (seen[p] < want) {
				printf "not ok - %s: %d of %d results missing\n", p, want - seen[p], want
				fail += want - seen[p]
			}
		}
		if (!psp) print "# sev-psp not in this tree yet: /dev/sev selftests not run"
		if (crash) { print "not ok - guest kernel crashed"; fail++ }
		if (!done) { printf "not ok - guest did not finish (qemu exit %d)\n", qrc; fail++ }
		printf "distro-6.1: %d passed, %d failed\n", pass, fail
	}' "$log.txt" | tee "$work/summary"
tail -n 1 "$work/summary" | grep -q ', 0 failed$'
