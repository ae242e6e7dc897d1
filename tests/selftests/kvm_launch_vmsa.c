// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: what a vCPU's VMSA may carry, through /dev/kvm.
 *
 * KVM handles every vCPU of an SEV-ES VM by the VM's sev_features (DR7 and
 * #DB intercepts, saving the host's debug registers), and upstream refuses
 * to put a vCPU under guest debugging, or with DR7 armed, into a VMSA.
 * sev-launch must hold a full VMSA page given on the vCPU fd to the same
 * rules as a synced one, in default and canonical mode: sev_features equal
 * to the VM's, DR7 at most its fixed bit, no KVM_SET_GUEST_DEBUG.  A
 * canonical launch whose vCPU turned guest debugging on after its VMSA was
 * recorded is refused at LAUNCH_MEASURE before anything reaches the
 * firmware, and completes once debugging is off again.
 */
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "tap.h"

#define PLAN		13
#define MEM_SIZE	0x100000
#define NR_VCPUS	4

static uint32_t e;

static const char *errname(int ret)
{
	return ret == 0 ? "0" : ret == -EINVAL ? "-EINVAL" :
	       ret == -EIO ? "-EIO" : "other";
}

/* @ret/@e against -EINVAL with @want, pins unchanged since @p0. */
static void expect_refused(const char *what, int ret, uint32_t want, long p0)
{
	long p1 = ksu_pinned_pages();

	tap_ok(ret == -EINVAL && e == want && p0 == p1,
	       "%s: %s, error %#x %s (want -EINVAL, %s); pins %ld -> %ld",
	       what, errname(ret), e, ksu_err_name(e), ksu_err_name(want),
	       p0, p1);
}

static int guest_debug(struct ksu_vm *vm, int i, bool on)
{
	struct kvm_guest_debug dbg = {
		.control = on ? KVM_GUESTDBG_ENABLE : 0,
	};

	return ioctl(vm->vcpu_fd[i], KVM_SET_GUEST_DEBUG, &dbg) ? -errno : 0;
}

static int set_dr7(struct ksu_vm *vm, int i, uint64_t dr7)
{
	struct kvm_debugregs d;

	if (ioctl(vm->vcpu_fd[i], KVM_GET_DEBUGREGS, &d))
		return -errno;
	d.dr7 = dr7;
	return ioctl(vm->vcpu_fd[i], KVM_SET_DEBUGREGS, &d) ? -errno : 0;
}

/* One LAUNCH_MEASURE with room for the blob (no length probe first). */
static int measure48(struct ksu_vm *vm, uint8_t blob[48])
{
	struct kvm_sev_launch_measure m = {
		.uaddr = (uintptr_t)blob,
		.len = 48,
	};

	return ksu_vm_op(vm, KVM_SEV_LAUNCH_MEASURE, &m, &e);
}

/* A VMM's page for vCPU @i: the owner tool's reset state, given DR7. */
static void vmm_page(uint8_t *page, int i, uint64_t features, uint64_t dr7)
{
	struct sc_vmsa_desc d;

	sc_vmsa_desc_default(&d);
	d.reset_eip = i ? 0x80b000u : 0xfffffff0u;
	d.bsp = !i;
	d.sev_features = features;
	sc_vmsa_build(&d, page);
	sc_put_le64(page + 0x160, dr7);
	sc_put_le64(page + 0x3b0, features);
}

static void setup(struct ksu_vm *vm, bool canonical)
{
	static const uint32_t ids[NR_VCPUS] = { 0, 1, 2, 3 };
	int i, ret;

	ret = ksu_vm_create(vm, KSU_INIT2_ES, 0);
	if (!ret)
		ret = ksu_vm_add_slot(vm, 0, MEM_SIZE);
	if (!ret)
		ret = ksu_vcpus_create(vm, ids, NR_VCPUS);
	for (i = 0; !ret && i < NR_VCPUS; i++)
		ret = ksu_vcpu_set_regs(vm, i);
	if (!ret && canonical)
		ret = ksu_config(vm, KVM_SEV_LAUNCH_F_CANONICAL,
				 KVM_SEV_VMSA_FPU_SYNC, &e);
	if (!ret)
		ret = ksu_start(vm, SEV_POLICY_ES, NULL, NULL, NULL, &e);
	if (ret) {
		errno = -ret;
		tap_diag("failed at %s", ksu_fail_step);
		tap_bail("setting up the VM");
	}
}

/* A feature bit KVM supports, to give a VM created without it; or 0. */
static uint64_t other_feature(struct ksu_vm *vm)
{
	struct kvm_sev_caps caps;
	int bit;

	if (ksu_caps(vm, &caps, &e))
		return 0;
	for (bit = 0; bit < 64; bit++)
		if (caps.vmsa_features & (1ULL << bit))
			return 1ULL << bit;
	return 0;
}

static void default_mode(void)
{
	static uint8_t page[4096];
	struct ksu_vm vm;
	uint64_t other;
	long p0;
	int ret;

	setup(&vm, false);
	p0 = ksu_pinned_pages();

	/* Guest debugging on vCPU 0: neither a page nor a sync. */
	ret = guest_debug(&vm, 0, true);
	if (ret) {
		errno = -ret;
		tap_bail("KVM_SET_GUEST_DEBUG");
	}
	vmm_page(page, 0, 0, 0x400);
	e = KSU_ERR_UNSET;
	expect_refused("VMSA page for a vCPU under KVM_SET_GUEST_DEBUG",
		       ksu_update_vmsa(&vm, 0, page, NULL, &e),
		       SEV_LAUNCH_ERR_VMSA_DEBUG, p0);
	e = KSU_ERR_UNSET;
	expect_refused("synced VMSA for a vCPU under KVM_SET_GUEST_DEBUG",
		       ksu_update_vmsa(&vm, 0, NULL, NULL, &e),
		       SEV_LAUNCH_ERR_VMSA_DEBUG, p0);
	guest_debug(&vm, 0, false);

	/* An armed DR7, in the page or in the vCPU. */
	vmm_page(page, 0, 0, 0x401);
	e = KSU_ERR_UNSET;
	expect_refused("VMSA page with DR7 0x401 (L0 breakpoint enabled)",
		       ksu_update_vmsa(&vm, 0, page, NULL, &e),
		       SEV_LAUNCH_ERR_VMSA_DEBUG, p0);
	ret = set_dr7(&vm, 1, 0x402);
	e = KSU_ERR_UNSET;
	expect_refused("synced VMSA of a vCPU whose DR7 is 0x402",
		       ret ? ret : ksu_update_vmsa(&vm, 1, NULL, NULL, &e),
		       SEV_LAUNCH_ERR_VMSA_DEBUG, p0);
	set_dr7(&vm, 1, 0x400);

	/* sev_features other than the VM's (0). */
	other = other_feature(&vm);
	if (other) {
		vmm_page(page, 0, other, 0x400);
		e = KSU_ERR_UNSET;
		expect_refused("VMSA page with a supported sev_features bit the VM was not created with",
			       ksu_update_vmsa(&vm, 0, page, NULL, &e),
			       SEV_LAUNCH_ERR_FEATURES_VM, p0);
		e = KSU_ERR_UNSET;
		expect_refused("synced VMSA naming a supported sev_features bit the VM was not created with",
			       ksu_update_vmsa(&vm, 0, NULL, &other, &e),
			       SEV_LAUNCH_ERR_FEATURES_VM, p0);
	} else {
		tap_ok(1, "VMSA page with other sev_features # SKIP KVM_SEV_GET_CAPS offers no sev_features bit here");
		tap_ok(1, "synced VMSA with other sev_features # SKIP KVM_SEV_GET_CAPS offers no sev_features bit here");
	}

	/* What is allowed still works, and goes to the firmware at once. */
	vmm_page(page, 0, 0, 0x400);
	e = KSU_ERR_UNSET;
	ret = ksu_update_vmsa(&vm, 0, page, NULL, &e);
	tap_ok(!ret && !e, "VMSA page with the VM's sev_features and DR7 0x400 accepted (ret %d error %#x)",
	       ret, e);
	e = KSU_ERR_UNSET;
	ret = ksu_update_vmsa(&vm, 1, NULL, NULL, &e);
	tap_ok(!ret && !e, "synced VMSA once DR7 is back to 0x400 (ret %d error %#x)",
	       ret, e);
	ksu_vm_destroy(&vm);
}

static void canonical_mode(void)
{
	static uint8_t page[4096], blob[48];
	struct kvm_sev_launch_log_entry *log = NULL;
	struct ksu_vm vm;
	uint32_t n = 0, flags;
	uint8_t ld[32];
	long p0;
	int i, ret = 0;

	setup(&vm, true);
	p0 = ksu_pinned_pages();
	vmm_page(page, 0, 0, 0x401);
	e = KSU_ERR_UNSET;
	expect_refused("canonical: VMSA page with DR7 0x401",
		       ksu_update_vmsa(&vm, 0, page, NULL, &e),
		       SEV_LAUNCH_ERR_VMSA_DEBUG, p0);
	vmm_page(page, 0, 0, 0x400);
	ret = ksu_update_vmsa(&vm, 0, page, NULL, &e);
	for (i = 1; !ret && i < NR_VCPUS; i++)
		ret = ksu_update_vmsa(&vm, i, NULL, NULL, &e);
	tap_ok(!ret, "canonical: every vCPU's VMSA recorded (ret %d error %#x)",
	       ret, e);

	/* Debugging turned on after the VMSA was recorded. */
	guest_debug(&vm, 3, true);
	e = KSU_ERR_UNSET;
	expect_refused("canonical: LAUNCH_MEASURE while vCPU 3 is under KVM_SET_GUEST_DEBUG",
		       measure48(&vm, blob), SEV_LAUNCH_ERR_VMSA_DEBUG, p0);
	guest_debug(&vm, 3, false);
	e = KSU_ERR_UNSET;
	ret = ksu_measure(&vm, blob, NULL, &e);
	if (!ret)
		ret = ksu_get_log(&vm, &log, &n, &flags, ld, &e);
	tap_ok(!ret && n == NR_VCPUS,
	       "canonical: the refused launch was left intact: measured once debugging is off (ret %d error %#x, %u log entries)",
	       ret, e, n);
	free(log);
	ksu_vm_destroy(&vm);
}

int main(void)
{
	long base;

	tap_plan(PLAN);
	base = ksu_pinned_pages();
	default_mode();
	canonical_mode();
	tap_ok(base >= 0 && ksu_pinned_pages() == base,
	       "pinned pages back to %ld", base);
	if (tap_n != PLAN)
		tap_diag("plan says %d, ran %d", PLAN, tap_n);
	return tap_exit();
}
