#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The distro kernel build (issue 16): Debian's linux-source-6.12 with
# Debian's own amd64 .config, the kvm_amd patch, "link-intree.sh --copy",
# then "make olddefconfig" in three variants (each without debug
# information, which nothing here looks at):
#
#   readme   the README recipe (SEV_LAUNCH_KVM=m, KVM_AMD_SEV_LAUNCH=y and a
#            back end): every symbol it sets survives olddefconfig;
#            KUNIT_ALL_TESTS=m alone does not enable our KUnit suites
#   off      the sev-launch modules alone: KVM_AMD_SEV_LAUNCH stays off and
#            arch/x86/kvm/ (W=1) compiles to the same objects as the
#            unpatched tree's (Documentation/kvm.rst says what is compared)
#   on       everything as modules, KUnit included, the option on:
#            drivers/sev-launch/ and arch/x86/kvm/ build with W=1 without a
#            warning and modpost against Debian's Module.symvers; kvm_amd
#            depends on sev-launch-kvm and not on ccp; make headers_install
#            installs <linux/sev-launch.h>
#
# Trees and build directories live in $SEVL_CACHE/intree, so later runs
# are incremental.  The pristine tree is a hard-linked copy of the test
# kernel's source tree with its patches and links taken out again.
# Last line printed: "intree: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

kcfg=$(sevl_kdir_612)/.config
symvers=$(sevl_kdir_612)/Module.symvers
base=$SEVL_CACHE/intree
orig=$base/linux-orig
jobs=$SEVL_JOBS
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
nok() { fail=$((fail + 1)); echo "not ok - $*"; }
finish() { echo "intree: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

[ -f "$kcfg" ] && [ -f "$symvers" ] || { nok "Debian 6.12 headers ($kcfg)"; finish; }
mkdir -p "$base"
exec 8>"$base/.lock"
flock 8
sevl_tree_lock 9 || { nok "kernel source tree"; finish; }
ksrc=$SEVL_TREE

# The unpatched tree, once per source tree: hard links (patch and sed
# write new files, so nothing here changes the test kernel's tree).
stamp=$(cat "$ksrc/.sevl-source")
if [ "$(cat "$orig/.sevl-orig" 2>/dev/null)" != "$stamp" ]; then
	sevl_log "intree: pristine tree in $orig"
	rm -rf "$orig" "$base"/build-*
	cp -al "$ksrc" "$orig.tmp"
	for p in $(ls -r "$orig.tmp"/.sevl-patches/*.patch 2>/dev/null); do
		patch -d "$orig.tmp" -p1 -R -s -f <"$p" >/dev/null ||
			{ nok "reverting $(basename "$p")"; finish; }
	done
	rm -rf "$orig.tmp"/.sevl-patches "$orig.tmp/drivers/sev-launch" \
		"$orig.tmp/include/uapi/linux/sev-launch.h"
	sed -i '/^source "drivers\/sev-launch\/Kconfig"$/{N;d}' "$orig.tmp/drivers/Kconfig"
	sed -i '/sev-launch\//d' "$orig.tmp/drivers/Makefile"
	echo "$stamp" >"$orig.tmp/.sevl-orig"
	mv "$orig.tmp" "$orig"
fi
flock -u 9
if grep -rq 'sev-launch\|KVM_AMD_SEV_LAUNCH\|sevl' "$orig/drivers/Kconfig" "$orig/drivers/Makefile" \
	"$orig/arch/x86/kvm" "$orig/arch/x86/include/asm/kvm_host.h"; then
	nok "pristine tree has sev-launch in it"; finish
fi

# The patched trees, carried by copy as a distro package would: one built
# with O= only (option off), one whose modules are built with M= (option
# on), which writes objects into the tree itself.
want=$(cat "$SEVL_ROOT"/scripts/patches/*.patch | sha256sum | cut -c1-16)
src=$base/linux
srcon=$base/linux-on
for t in "$src" "$srcon"; do
	if [ "$(cat "$t/.sevl-patched" 2>/dev/null)" != "$stamp $want" ]; then
		sevl_log "intree: patching $t"
		# Take the old patches out rather than copying the tree again,
		# so that only what they touch is rebuilt.
		keep=0
		if [ -d "$t/.sevl-patches" ] && grep -q "^$stamp " "$t/.sevl-patched"; then
			keep=1
			for p in $(ls -r "$t"/.sevl-patches/*.patch 2>/dev/null); do
				patch -d "$t" -p1 -R -s -f --no-backup-if-mismatch <"$p" \
					>/dev/null || { keep=0; break; }
			done
		fi
		if [ $keep -eq 0 ]; then
			rm -rf "$t"
			cp -al "$orig" "$t"
		fi
		rm -rf "$t/.sevl-patches"
		mkdir -p "$t/.sevl-patches"
		for p in "$SEVL_ROOT"/scripts/patches/*.patch; do
			if ! patch -d "$t" -p1 -s -f --no-backup-if-mismatch <"$p"; then
				rm -f "$t/.sevl-patched"
				nok "$(basename "$p") applies to Debian's 6.12"; finish
			fi
			cp "$p" "$t/.sevl-patches/"
		done
		echo "$stamp $want" >"$t/.sevl-patched"
	fi
	"$SEVL_ROOT/scripts/link-intree.sh" "$t" --copy >/dev/null 2>&1 ||
		{ nok "link-intree.sh --copy"; finish; }
done
[ -f "$src/drivers/sev-launch/Documentation/kvm.rst" ] &&
	grep -qx 'obj-$(CONFIG_SEV_LAUNCH)[[:space:]]*+= sev-launch/' "$src/drivers/Makefile" &&
	ok "link-intree.sh --copy: Documentation/, obj-\$(CONFIG_SEV_LAUNCH)" ||
	nok "link-intree.sh --copy: Documentation/, obj-\$(CONFIG_SEV_LAUNCH)"

# configure TREE DIR SETTINGS...: Debian's .config, the settings, olddefconfig.
configure() {
	local tree=$1 out=$2 s
	shift 2
	mkdir -p "$out"
	# Without debug information: objcmp.sh ignores it, no check here
	# reads it, and DWARF for every object would be about a third of
	# these builds' time in a cold "make check".
	grep -v '^CONFIG_DEBUG_INFO' "$kcfg" >"$out/.config"
	echo CONFIG_DEBUG_INFO_NONE=y >>"$out/.config"
	# Debian's signing and trusted keys are not in the source package.
	for s in 'CONFIG_SYSTEM_TRUSTED_KEYS=""' 'CONFIG_SYSTEM_REVOCATION_KEYS=""' \
		 'CONFIG_MODULE_SIG_KEY="certs/signing_key.pem"' "$@"; do
		echo "$s" >>"$out/.config"
	done
	make -s -C "$tree" O="$out" olddefconfig >"$out/config.log" 2>&1
}
# has DIR LINES...: each line is in DIR/.config
has() {
	local out=$1 l r=0
	shift
	for l in "$@"; do
		grep -qxF -- "$l" "$out/.config" || { echo "#   not in .config: $l"; r=1; }
	done
	return $r
}
# kbuild DIR LOG ARGS...: make ARGS, no warning in the log
kbuild() {
	local tree=$1 log=$2
	shift 2
	make -C "$tree" -j"$jobs" "$@" >"$log" 2>&1 || { tail -n 30 "$log" | sed 's/^/#   /'; return 1; }
	# Bison's conflict notes on genksyms' grammar are not ours.
	if grep -i 'warning' "$log" | grep -v -e 'Skipping BTF generation' \
		-e 'genksyms/parse.y: warning: .* conflicts'; then
		return 1
	fi
}

# 1. The README recipe, exactly its symbols.
readme=(CONFIG_SEV_LAUNCH_KVM=m CONFIG_KVM_AMD_SEV_LAUNCH=y CONFIG_SEV_LAUNCH_PSP_PCI=m)
if configure "$src" "$base/build-readme" "${readme[@]}" &&
	has "$base/build-readme" "${readme[@]}" CONFIG_SEV_LAUNCH_PSP=m \
		CONFIG_SEV_LAUNCH_CORE=m CONFIG_KVM_AMD_SEV=y; then
	ok "readme: the recipe's symbols survive olddefconfig"
else
	nok "readme: the recipe's symbols survive olddefconfig"
fi
if configure "$src" "$base/build-readme" CONFIG_KUNIT=m CONFIG_KUNIT_ALL_TESTS=m &&
	has "$base/build-readme" CONFIG_KUNIT_ALL_TESTS=m &&
	! grep -q '^CONFIG_SEV_LAUNCH_KUNIT_TEST=' "$base/build-readme/.config"; then
	ok "readme: KUNIT_ALL_TESTS=m alone leaves the sev-launch suites off"
else
	nok "readme: KUNIT_ALL_TESTS=m alone leaves the sev-launch suites off"
fi

# 2. The modules alone: kvm_amd as without the patch.
mods=(CONFIG_SEV_LAUNCH_SWFW=m CONFIG_SEV_LAUNCH_PSP_PCI=m CONFIG_SEV_LAUNCH_KVM=m)
if configure "$src" "$base/build-off" "${mods[@]}" &&
	has "$base/build-off" "${mods[@]}" "# CONFIG_KVM_AMD_SEV_LAUNCH is not set" &&
	! grep -q '^CONFIG_KVM_X86_VCPU_MEM_ENC_IOCTL=' "$base/build-off/.config"; then
	ok "off: the modules alone leave KVM_AMD_SEV_LAUNCH off"
else
	nok "off: the modules alone leave KVM_AMD_SEV_LAUNCH off"
fi
configure "$orig" "$base/build-orig" || nok "unpatched tree: olddefconfig"
sevl_log "intree: arch/x86/kvm/, unpatched and option off (W=1)"
if kbuild "$orig" "$base/build-orig/kvm.log" O="$base/build-orig" W=1 arch/x86/kvm/ &&
	kbuild "$src" "$base/build-off/kvm.log" O="$base/build-off" W=1 arch/x86/kvm/; then
	ok "off: arch/x86/kvm/ builds W=1 without warnings"
	if "$SEVL_ROOT/scripts/objcmp.sh" "$base/build-orig/arch/x86/kvm" \
		"$base/build-off/arch/x86/kvm" >"$base/objcmp.log" 2>&1; then
		ok "off: arch/x86/kvm objects equal the unpatched tree's ($(tail -n 1 "$base/objcmp.log"))"
	else
		nok "off: arch/x86/kvm objects equal the unpatched tree's"
		tail -n 30 "$base/objcmp.log" | sed 's/^/#   /'
	fi
else
	nok "off: arch/x86/kvm/ builds W=1 without warnings"
fi

# 3. Everything as modules, KUnit included, the option on.
all=(CONFIG_SEV_LAUNCH_SWFW=m CONFIG_SEV_LAUNCH_PSP=m CONFIG_SEV_LAUNCH_PSP_PCI=m
     CONFIG_SEV_LAUNCH_CORE=m CONFIG_SEV_LAUNCH_KVM=m CONFIG_KVM_AMD_SEV_LAUNCH=y
     CONFIG_KUNIT=m CONFIG_SEV_LAUNCH_KUNIT_TEST=m)
on=$base/build-on
if configure "$srcon" "$on" "${all[@]}" && has "$on" "${all[@]}"; then
	ok "on: everything as modules survives olddefconfig"
else
	nok "on: everything as modules survives olddefconfig"
fi
sevl_log "intree: drivers/sev-launch/ and arch/x86/kvm/ as modules (W=1, modpost)"
cp "$symvers" "$on/Module.symvers"
sl=$srcon/drivers/sev-launch
# Debian builds no KUnit: kunit.ko comes from this tree (not W=1, not
# ours) only for its Module.symvers.  It needs KUnit's hooks in vmlinux,
# which Debian's has not, so its own modpost only warns.
if kbuild "$srcon" "$on/prepare.log" O="$on" modules_prepare &&
	{ make -C "$srcon" -j"$jobs" O="$on" M="$srcon/lib/kunit" KBUILD_MODPOST_WARN=1 \
		modules >"$on/kunit.log" 2>&1 || { tail -n 20 "$on/kunit.log"; false; }; } &&
	kbuild "$srcon" "$on/sevl.log" O="$on" M="$sl" W=1 \
		KBUILD_EXTRA_SYMBOLS="$srcon/lib/kunit/Module.symvers" modules &&
	kbuild "$srcon" "$on/kvm.log" O="$on" M="$srcon/arch/x86/kvm" W=1 \
		KBUILD_EXTRA_SYMBOLS="$sl/Module.symvers" modules; then
	ok "on: drivers/sev-launch/ and arch/x86/kvm/ build W=1 and modpost without warnings"
	dep=$(modinfo -F depends "$srcon/arch/x86/kvm/kvm-amd.ko")
	if [[ ",$dep," == *,sev-launch-kvm,* && ",$dep," != *,ccp,* ]]; then
		ok "on: kvm_amd depends on $dep (sev-launch-kvm, not ccp)"
	else
		nok "on: kvm_amd depends on '$dep' (sev-launch-kvm, not ccp)"
	fi
	[ -f "$sl/tests/kunit/sev-launch-kunit.ko" ] &&
		ok "on: sev-launch-kunit.ko links" || nok "on: sev-launch-kunit.ko links"
else
	nok "on: drivers/sev-launch/ and arch/x86/kvm/ build W=1 and modpost without warnings"
fi
rm -rf "$on/hdr"
if make -s -C "$srcon" O="$on" INSTALL_HDR_PATH="$on/hdr" headers_install >"$on/hdr.log" 2>&1 &&
	grep -q 'KVM_SEV_LAUNCH_CONFIG' "$on/hdr/include/linux/sev-launch.h"; then
	ok "on: make headers_install installs <linux/sev-launch.h>"
else
	nok "on: make headers_install installs <linux/sev-launch.h>"
fi
finish
