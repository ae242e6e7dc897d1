// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: default mode answers like upstream Linux 6.12, row by row of
 * the table in Documentation/kvm.rst ("Default mode and upstream 6.12").
 *
 * Upstream KVM keeps no launch order of its own: every command goes to the
 * firmware through the /dev/sev fd it remembers - fd 0 before LAUNCH_START,
 * since its sev->fd starts zeroed - with the guest handle it has (0 before
 * LAUNCH_START), and a firmware failure is -EIO with the status in
 * kvm_sev_cmd.error.  The expected errno and status of each row come from
 * upstream's arch/x86/kvm/svm/sev.c and the SEV API specification, not
 * from this kernel.  Where upstream leaves kvm_sev_cmd.error alone, the
 * expected value is sev-launch's documented reason.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "tap.h"

#define PLAN		43
#define MEM_SIZE	0x10000
#define NOERR		0		/* error expected 0 */

static uint32_t e;

static const char *eno(int ret)
{
	switch (-ret) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case EBADF: return "EBADF";
	case EIO: return "EIO";
	case EFAULT: return "EFAULT";
	case ENOTTY: return "ENOTTY";
	}
	return "other";
}

/* One row: @ret from a call that stored kvm_sev_cmd.error in e. */
static void row(const char *id, const char *what, int ret, int want_ret,
		uint32_t want_err)
{
	bool ok = ret == want_ret && e == want_err;

	tap_ok(ok, "%s %s: -%s, error %#x %s", id, what, eno(ret), e,
	       ksu_err_name(e));
	if (!ok)
		tap_diag("  wanted -%s, error %#x %s", eno(want_ret), want_err,
			 ksu_err_name(want_err));
	e = KSU_ERR_UNSET;
}

static void vm_new(struct ksu_vm *vm, enum ksu_init init)
{
	int ret = ksu_vm_simple(vm, init, MEM_SIZE);

	if (ret) {
		errno = -ret;
		tap_diag("failed at %s", ksu_fail_step);
		tap_bail("VM setup");
	}
}

static int measure48(struct ksu_vm *vm)
{
	uint8_t blob[48];
	struct kvm_sev_launch_measure m = {
		.uaddr = (uintptr_t)blob, .len = sizeof(blob),
	};

	return ksu_vm_op(vm, KVM_SEV_LAUNCH_MEASURE, &m, &e);
}

static int start_h(struct ksu_vm *vm, uint32_t policy, uint32_t *handle)
{
	struct kvm_sev_launch_start s = { .handle = *handle, .policy = policy };
	int ret;

	ret = ksu_vm_op(vm, KVM_SEV_LAUNCH_START, &s, &e);
	*handle = s.handle;
	return ret;
}

static int secret(struct ksu_vm *vm)
{
	static uint8_t hdr[52], trans[16];

	return ksu_secret(vm, hdr, vm->slot[0].hva + 0x2000, trans,
			  sizeof(trans), &e);
}

static int dbg(struct ksu_vm *vm)
{
	static uint8_t buf[32];

	return ksu_dbg(vm, true, vm->slot[0].hva, buf, sizeof(buf), &e);
}

/* Point fd 0, upstream's sev->fd before LAUNCH_START, at @fd. */
static void fd0(int fd)
{
	if (dup2(fd, 0) != 0)
		tap_bail("dup2 to fd 0");
}

/* Before LAUNCH_START: fd 0 decides, then the firmware with handle 0. */
static void before_start(int devnull, int sev)
{
	struct kvm_sev_guest_status st;
	struct ksu_vm vm, other;
	uint32_t h;

	vm_new(&vm, KSU_INIT2_ES);
	fd0(devnull);
	row("A1", "LAUNCH_UPDATE_DATA before LAUNCH_START, fd 0 not /dev/sev",
	    ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e), -EBADF,
	    SEV_LAUNCH_ERR_SEV_FD);
	row("A2", "LAUNCH_UPDATE_VMSA (VM fd) before LAUNCH_START",
	    ksu_update_vmsa_all(&vm, &e), -EBADF, SEV_LAUNCH_ERR_SEV_FD);
	row("A3", "LAUNCH_UPDATE_VMSA (vCPU fd) before LAUNCH_START",
	    ksu_update_vmsa(&vm, 0, NULL, NULL, &e), -EBADF,
	    SEV_LAUNCH_ERR_SEV_FD);
	row("A4", "LAUNCH_MEASURE before LAUNCH_START", measure48(&vm),
	    -EBADF, SEV_LAUNCH_ERR_SEV_FD);
	row("A5", "LAUNCH_SECRET before LAUNCH_START", secret(&vm), -EBADF,
	    SEV_LAUNCH_ERR_SEV_FD);
	row("A6", "LAUNCH_FINISH before LAUNCH_START", ksu_finish(&vm, &e),
	    -EBADF, SEV_LAUNCH_ERR_SEV_FD);
	row("A7", "GUEST_STATUS before LAUNCH_START", ksu_status(&vm, &st, &e),
	    -EBADF, SEV_LAUNCH_ERR_SEV_FD);
	row("A8", "DBG_DECRYPT before LAUNCH_START", dbg(&vm), -EBADF,
	    SEV_LAUNCH_ERR_SEV_FD);

	/* fd 0 is /dev/sev: the firmware sees handle 0, platform INIT. */
	fd0(sev);
	tap_ok(ksu_swfw_guests() == 0, "B0 no firmware guest exists (%ld)",
	       ksu_swfw_guests());
	row("B1", "LAUNCH_UPDATE_DATA before LAUNCH_START, fd 0 /dev/sev, no guest",
	    ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e), -EIO,
	    SEV_RET_INVALID_PLATFORM_STATE);
	row("B2", "LAUNCH_UPDATE_VMSA (VM fd) before LAUNCH_START, no guest",
	    ksu_update_vmsa_all(&vm, &e), -EIO,
	    SEV_RET_INVALID_PLATFORM_STATE);
	row("B3", "LAUNCH_MEASURE before LAUNCH_START, no guest",
	    measure48(&vm), -EIO, SEV_RET_INVALID_PLATFORM_STATE);
	row("B4", "LAUNCH_FINISH before LAUNCH_START, no guest",
	    ksu_finish(&vm, &e), -EIO, SEV_RET_INVALID_PLATFORM_STATE);
	row("B5", "DBG_DECRYPT before LAUNCH_START, no guest", dbg(&vm), -EIO,
	    SEV_RET_INVALID_PLATFORM_STATE);
	row("B6", "GUEST_STATUS before LAUNCH_START (handle 0 is no error)",
	    ksu_status(&vm, &st, &e), 0, NOERR);
	tap_ok(st.handle == 0 && st.state == SEV_LAUNCH_GSTATE_UNINIT,
	       "B6 ... reports handle %u state %u", st.handle, st.state);

	/* Another guest exists: the platform is WORKING. */
	vm_new(&other, KSU_INIT2_ES);
	h = 0;
	if (start_h(&other, SEV_POLICY_ES | SEV_POLICY_NOKS, &h))
		tap_bail("LAUNCH_START of a second VM");
	row("C1", "LAUNCH_UPDATE_DATA before LAUNCH_START, another guest exists",
	    ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e), -EIO,
	    SEV_RET_INVALID_GUEST);
	row("C2", "LAUNCH_FINISH before LAUNCH_START, another guest exists",
	    ksu_finish(&vm, &e), -EIO, SEV_RET_INVALID_GUEST);
	h = 0x7777;
	row("C3", "LAUNCH_START sharing the key of an unknown handle",
	    start_h(&vm, SEV_POLICY_ES, &h), -EIO, SEV_RET_INVALID_GUEST);
	h = 0;
	ksu_status(&other, &st, &e);
	h = st.handle;
	row("C4", "LAUNCH_START sharing the key of a NOKS guest",
	    start_h(&vm, SEV_POLICY_ES | SEV_POLICY_NOKS, &h), -EIO,
	    SEV_RET_POLICY_FAILURE);
	ksu_vm_destroy(&other);

	vm_new(&other, KSU_INIT2_ES);
	h = 0;
	if (start_h(&other, SEV_POLICY_ES, &h))
		tap_bail("LAUNCH_START of a key-sharing VM");
	row("C5", "LAUNCH_START sharing the key of a guest that allows it",
	    start_h(&vm, SEV_POLICY_ES, &h), 0, NOERR);
	tap_ok(ksu_swfw_guests() == 2, "C5 ... a second guest exists (%ld)",
	       ksu_swfw_guests());
	ksu_vm_destroy(&other);
	ksu_vm_destroy(&vm);
	fd0(devnull);
}

/* After LAUNCH_START the firmware's guest state decides. */
static void after_start(void)
{
	struct kvm_sev_guest_status st;
	struct ksu_vm vm;
	uint32_t h = 0, h2 = 0;
	uint8_t blob[48];
	int ret;

	vm_new(&vm, KSU_INIT2_ES);
	if (start_h(&vm, SEV_POLICY_ES, &h))
		tap_bail("LAUNCH_START");
	row("D1", "LAUNCH_START twice (the ASID is taken)",
	    start_h(&vm, SEV_POLICY_ES, &h2), -EIO, SEV_RET_ASID_OWNED);
	ret = ksu_status(&vm, &st, &e);
	tap_ok(ksu_swfw_guests() == 1 && !ret && st.handle == h,
	       "D1 ... the second guest is gone, the VM keeps handle %u (%u)",
	       h, st.handle);
	row("D2", "LAUNCH_SECRET before LAUNCH_MEASURE", secret(&vm), -EIO,
	    SEV_RET_INVALID_GUEST_STATE);
	row("D3", "LAUNCH_FINISH before LAUNCH_MEASURE", ksu_finish(&vm, &e),
	    -EIO, SEV_RET_INVALID_GUEST_STATE);
	if (ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e) ||
	    ksu_update_vmsa_all(&vm, &e))
		tap_bail("updates");
	row("D4", "LAUNCH_UPDATE_VMSA (VM fd) twice", ksu_update_vmsa_all(&vm, &e),
	    -EINVAL, SEV_LAUNCH_ERR_VMSA_DUP);
	if (ksu_measure(&vm, blob, NULL, &e))
		tap_bail("LAUNCH_MEASURE");
	row("D5", "LAUNCH_UPDATE_DATA after LAUNCH_MEASURE",
	    ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e), -EIO,
	    SEV_RET_INVALID_GUEST_STATE);
	row("D6", "LAUNCH_MEASURE twice", measure48(&vm), -EIO,
	    SEV_RET_INVALID_GUEST_STATE);
	if (ksu_finish(&vm, &e))
		tap_bail("LAUNCH_FINISH");
	row("D7", "LAUNCH_UPDATE_DATA after LAUNCH_FINISH",
	    ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e), -EIO,
	    SEV_RET_INVALID_GUEST_STATE);
	row("D8", "LAUNCH_SECRET after LAUNCH_FINISH", secret(&vm), -EIO,
	    SEV_RET_INVALID_GUEST_STATE);
	row("D9", "LAUNCH_FINISH twice", ksu_finish(&vm, &e), -EIO,
	    SEV_RET_INVALID_GUEST_STATE);
	h2 = 0;
	row("D10", "LAUNCH_START after LAUNCH_FINISH",
	    start_h(&vm, SEV_POLICY_ES, &h2), -EIO, SEV_RET_ASID_OWNED);
	row("D11", "GUEST_STATUS after LAUNCH_FINISH", ksu_status(&vm, &st, &e),
	    0, NOERR);
	tap_ok(st.state == SEV_LAUNCH_GSTATE_RUNNING && st.handle == h,
	       "D11 ... state RUNNING (%u), handle %u", st.state, st.handle);
	ksu_vm_destroy(&vm);
}

/* VMSA commands on a plain SEV VM; LAUNCH_START's handle copy-out. */
static void misc_rows(void)
{
	struct kvm_sev_launch_start *ro;
	struct ksu_vm vm;
	uint32_t h = 0;
	int ret;

	vm_new(&vm, KSU_INIT2_SEV);
	row("E1", "LAUNCH_UPDATE_VMSA (VM fd) on a plain SEV VM",
	    ksu_update_vmsa_all(&vm, &e), -ENOTTY, SEV_LAUNCH_ERR_NOT_ES);
	if (start_h(&vm, 0, &h))
		tap_bail("LAUNCH_START (SEV)");
	row("E2", "LAUNCH_UPDATE_VMSA (vCPU fd) on a plain SEV VM",
	    ksu_update_vmsa(&vm, 0, NULL, NULL, &e), -ENOTTY,
	    SEV_LAUNCH_ERR_NOT_ES);
	ksu_vm_destroy(&vm);

	/* The parameters are readable but not writable. */
	vm_new(&vm, KSU_INIT2_ES);
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro == MAP_FAILED)
		tap_bail("mmap");
	ro->policy = SEV_POLICY_ES;
	mprotect(ro, 4096, PROT_READ);
	ret = ksu_vm_op(&vm, KVM_SEV_LAUNCH_START, ro, &e);
	tap_ok(ret == -EFAULT && ksu_swfw_guests() == 0,
	       "F1 LAUNCH_START whose handle cannot be copied out: -%s, %ld guests left",
	       eno(ret), ksu_swfw_guests());
	h = 0;
	row("F2", "... the same VM starts again", start_h(&vm, SEV_POLICY_ES, &h),
	    0, NOERR);
	munmap(ro, 4096);

	/* A mirror of the VM (KVM_CAP_VM_COPY_ENC_CONTEXT_FROM). */
	{
		struct kvm_sev_guest_status st;
		struct kvm_enable_cap cap = {
			.cap = KVM_CAP_VM_COPY_ENC_CONTEXT_FROM,
			.args = { (uint64_t)vm.fd },
		};
		struct ksu_vm mirror = vm;

		mirror.fd = ioctl(vm.kvm, KVM_CREATE_VM, 0);
		ret = mirror.fd < 0 ? -errno :
		      ioctl(mirror.fd, KVM_ENABLE_CAP, &cap) ? -errno : 0;
		tap_ok(!ret, "G0 mirror VM created (%d)", ret);
		h = 0;
		row("G1", "LAUNCH_START on a mirror",
		    start_h(&mirror, SEV_POLICY_ES, &h), -EINVAL, KSU_ERR_UNSET);
		row("G2", "GUEST_STATUS on a mirror (the owner's guest)",
		    ksu_status(&mirror, &st, &e), 0, NOERR);
		if (mirror.fd >= 0)
			close(mirror.fd);
	}
	ksu_vm_destroy(&vm);
}

int main(void)
{
	int devnull, sev;

	tap_plan(PLAN);
	if (ksu_swfw_guests() < 0)
		tap_bail(KSU_SWFW_DIR "platform missing (debugfs or sev-swfw)");
	devnull = open("/dev/null", O_RDWR);
	sev = open("/dev/sev", O_RDWR);
	if (devnull < 0 || sev < 0)
		tap_bail("open /dev/null, /dev/sev");
	e = KSU_ERR_UNSET;
	before_start(devnull, sev);
	after_start();
	misc_rows();
	tap_ok(ksu_swfw_guests() == 0, "no firmware guest left (%ld)",
	       ksu_swfw_guests());
	return tap_exit();
}
