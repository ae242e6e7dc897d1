// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: every launch refusal, through /dev/kvm.
 *
 * Each bad request must fail with a specific errno and a specific reason
 * in kvm_sev_cmd.error: a SEV_LAUNCH_ERR_* code when the kernel refused on
 * its own (Documentation/kvm.rst), 0 for the refusals upstream KVM makes
 * too (bad length, bad pointer), the firmware's status with -EIO when
 * the firmware refused, as upstream KVM reports it.  A refusal must change
 * nothing: the pinned-page counter is the same before and after every
 * refused call, and a launch that saw refusals still measures exactly
 * what was accepted.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <time.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "tap.h"

#define PLAN		55
#define MEM_SIZE	0x100000

static uint32_t e;
static long p0;

/* Call right before the refused command. */
static void pre(void)
{
	p0 = ksu_pinned_pages();
	e = KSU_ERR_UNSET;
}

static const char *errno_name(int err)
{
	switch (err) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case EBADF: return "EBADF";
	case EIO: return "EIO";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	case ENOTTY: return "ENOTTY";
	case ENOSPC: return "ENOSPC";
	case EPROTO: return "EPROTO";
	case EACCES: return "EACCES";
	case EBADMSG: return "EBADMSG";
	}
	return "other";
}

/* @ret is 0 or -errno from a ksu_* call that used &e. */
static bool expect(const char *what, int ret, int want_errno,
		   uint32_t want_err)
{
	long p1 = ksu_pinned_pages();
	bool ok = ret == -want_errno && e == want_err && p1 == p0 && p0 >= 0;

	tap_ok(ok, "%s: -%s, error %#x %s; pins %ld -> %ld",
	       what, errno_name(-ret), e, ksu_err_name(e), p0, p1);
	if (!ok)
		tap_diag("  wanted -%s, error %#x %s, pins unchanged",
			 errno_name(want_errno), want_err,
			 ksu_err_name(want_err));
	return ok;
}

static int measure48(struct ksu_vm *vm, uint8_t blob[48], uint32_t *error)
{
	struct kvm_sev_launch_measure m = {
		.uaddr = (uintptr_t)blob,
		.len = 48,
	};

	return ksu_vm_op(vm, KVM_SEV_LAUNCH_MEASURE, &m, error);
}

static int config_raw(struct ksu_vm *vm, uint32_t flags, uint64_t rsvd,
		      uint32_t *error)
{
	struct kvm_sev_launch_config c = {
		.flags = flags,
		.vmsa_fpu = KVM_SEV_VMSA_FPU_SYNC,
		.reserved = { 0, rsvd, 0 },
	};

	return ksu_vm_op(vm, KVM_SEV_LAUNCH_CONFIG, &c, error);
}

static int vmsa_flags(struct ksu_vm *vm, int i, uint32_t flags,
		      uint32_t *error)
{
	struct kvm_sev_vcpu_update_vmsa u = { .flags = flags };

	return ksu_op(vm->vcpu_fd[i], vm->sev_fd, KVM_SEV_LAUNCH_UPDATE_VMSA,
		      &u, error);
}

static int start_fd(struct ksu_vm *vm, int sev_fd, uint32_t *error)
{
	struct kvm_sev_launch_start s = { .policy = SEV_POLICY_ES };

	return ksu_op(vm->fd, sev_fd, KVM_SEV_LAUNCH_START, &s, error);
}

static int setup(struct ksu_vm *vm, enum ksu_init init, bool canonical,
		 const uint32_t *ids, int n)
{
	uint32_t error;
	int ret;

	ret = ksu_vm_create(vm, init, 0);
	if (!ret)
		ret = ksu_vm_add_slot(vm, 0, MEM_SIZE);
	if (!ret) {
		ksu_fill(vm->slot[0].hva, MEM_SIZE);
		ret = ksu_snapshot(vm);
	}
	if (!ret && n)
		ret = ksu_vcpus_create(vm, ids, n);
	if (!ret && canonical)
		ret = ksu_config(vm, KVM_SEV_LAUNCH_F_CANONICAL,
				 KVM_SEV_VMSA_FPU_SYNC, &error);
	if (ret) {
		errno = -ret;
		tap_diag("failed at %s", ksu_fail_step);
		tap_bail("setting up the VM");
	}
	return 0;
}

/* Out of order, bad input, overlap, VMSA rules, after FINISH. */
static void canonical_vm(void)
{
	static const uint32_t ids[] = { 0, 4 };
	struct kvm_sev_launch_log_entry *log = NULL;
	struct kvm_sev_caps caps;
	struct ksu_vm vm;
	uint8_t blob[48], hdr[52] = { 0 }, trans[32] = { 0 }, page[4096];
	uint8_t *hva, *outside;
	uint64_t bad_feature = 0;
	uint32_t n, flags;
	int bit, fd, ret;
	uint8_t ld[32];

	setup(&vm, KSU_INIT2_ES, true, ids, 2);
	hva = vm.slot[0].hva;

	/* Before LAUNCH_START. */
	pre();
	expect("LAUNCH_UPDATE_DATA before LAUNCH_START",
	       ksu_update_data(&vm, hva, 0x1000, &e), EINVAL,
	       SEV_LAUNCH_ERR_STATE);
	pre();
	expect("LAUNCH_MEASURE before LAUNCH_START", measure48(&vm, blob, &e),
	       EINVAL, SEV_LAUNCH_ERR_STATE);
	pre();
	expect("vCPU LAUNCH_UPDATE_VMSA before LAUNCH_START",
	       ksu_update_vmsa(&vm, 0, NULL, NULL, &e), EINVAL,
	       SEV_LAUNCH_ERR_STATE);
	pre();
	expect("LAUNCH_FINISH before LAUNCH_START", ksu_finish(&vm, &e),
	       EINVAL, SEV_LAUNCH_ERR_STATE);
	pre();
	expect("LAUNCH_CONFIG with an unknown flag",
	       config_raw(&vm, 1U << 7, 0, &e), EINVAL,
	       SEV_LAUNCH_ERR_CONFIG);
	pre();
	expect("LAUNCH_CONFIG with a non-zero reserved field",
	       config_raw(&vm, KVM_SEV_LAUNCH_F_CANONICAL, 1, &e), EINVAL,
	       SEV_LAUNCH_ERR_CONFIG);

	/* Not supported by sev-launch: refused, nothing half-done. */
	{
		struct kvm_sev_send_start ss = { 0 };
		struct kvm_sev_receive_start rs = { 0 };

		pre();
		expect("SEND_START (migration unsupported)",
		       ksu_vm_op(&vm, KVM_SEV_SEND_START, &ss, &e), ENOTTY, 0);
		pre();
		expect("RECEIVE_START (migration unsupported)",
		       ksu_vm_op(&vm, KVM_SEV_RECEIVE_START, &rs, &e), ENOTTY,
		       0);
	}

	/* Bad /dev/sev fds. */
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	pre();
	expect("LAUNCH_START with /dev/null as sev_fd",
	       start_fd(&vm, fd, &e), EBADF, SEV_LAUNCH_ERR_SEV_FD);
	close(fd);
	fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	close(fd);
	pre();
	expect("LAUNCH_START with a closed sev_fd", start_fd(&vm, fd, &e),
	       EBADF, SEV_LAUNCH_ERR_SEV_FD);

	ret = ksu_start(&vm, SEV_POLICY_ES, NULL, NULL, NULL, &e);
	tap_ok(!ret, "LAUNCH_START after the refusals succeeds (error %#x)", e);
	if (ret)
		tap_bail("LAUNCH_START");

	pre();
	expect("LAUNCH_START twice", start_fd(&vm, vm.sev_fd, &e), EINVAL,
	       SEV_LAUNCH_ERR_STATE);
	pre();
	expect("LAUNCH_CONFIG after LAUNCH_START",
	       config_raw(&vm, KVM_SEV_LAUNCH_F_CANONICAL, 0, &e), EINVAL,
	       SEV_LAUNCH_ERR_CONFIG);
	pre();
	expect("LAUNCH_SECRET before LAUNCH_MEASURE",
	       ksu_secret(&vm, hdr, hva + 0x9000, trans, sizeof(trans), &e),
	       EINVAL, SEV_LAUNCH_ERR_STATE);

	/* Bad lengths and addresses (upstream refusals: error 0). */
	pre();
	expect("LAUNCH_UPDATE_DATA of length 0",
	       ksu_update_data(&vm, hva, 0, &e), EINVAL, 0);
	pre();
	expect("LAUNCH_UPDATE_DATA wrapping around the address space",
	       ksu_update_data(&vm, (void *)(uintptr_t)0xfffffffffffff000ULL,
			       0x2000, &e), EINVAL, 0);
	pre();
	expect("canonical LAUNCH_UPDATE_DATA at an address not 16-byte aligned",
	       ksu_update_data(&vm, hva + 0x2008, 0x100, &e), EINVAL, 0);
	pre();
	expect("canonical LAUNCH_UPDATE_DATA of a length not 16-byte aligned",
	       ksu_update_data(&vm, hva + 0x2000, 0x101, &e), EINVAL, 0);
	outside = aligned_alloc(4096, 0x2000);
	pre();
	expect("LAUNCH_UPDATE_DATA of memory in no memslot",
	       ksu_update_data(&vm, outside, 0x1000, &e), EINVAL,
	       SEV_LAUNCH_ERR_NO_MEMSLOT);
	free(outside);
	pre();
	expect("LAUNCH_UPDATE_DATA running past the end of the memslot",
	       ksu_update_data(&vm, hva + MEM_SIZE - 0x1000, 0x2000, &e),
	       EINVAL, SEV_LAUNCH_ERR_NO_MEMSLOT);

	/* Overlap. */
	ret = ksu_update_data(&vm, hva + 0x10000, 0x3000, &e);
	tap_ok(!ret, "record GPA 0x10000-0x13000 (error %#x)", e);
	pre();
	expect("overlap: range inside a recorded one",
	       ksu_update_data(&vm, hva + 0x11000, 0x1000, &e), EINVAL,
	       SEV_LAUNCH_ERR_OVERLAP);
	pre();
	expect("overlap: range straddling a recorded one's start",
	       ksu_update_data(&vm, hva + 0xf000, 0x1010, &e), EINVAL,
	       SEV_LAUNCH_ERR_OVERLAP);
	pre();
	expect("overlap: same range again",
	       ksu_update_data(&vm, hva + 0x10000, 0x3000, &e), EINVAL,
	       SEV_LAUNCH_ERR_OVERLAP);

	/* VMSA rules. */
	ret = ksu_caps(&vm, &caps, &e);
	for (bit = 0; bit < 64; bit++)
		if (!(caps.vmsa_features & (1ULL << bit))) {
			bad_feature = 1ULL << bit;
			break;
		}
	tap_ok(!ret && bad_feature,
	       "GET_CAPS: vmsa_features %#llx, using unsupported bit %#llx",
	       (unsigned long long)caps.vmsa_features,
	       (unsigned long long)bad_feature);
	pre();
	expect("synced VMSA with a sev_features bit outside GET_CAPS",
	       ksu_update_vmsa(&vm, 0, NULL, &bad_feature, &e), EINVAL,
	       SEV_LAUNCH_ERR_FEATURES);
	memset(page, 0, sizeof(page));
	sc_put_le64(page + 0x3b0, bad_feature);
	pre();
	expect("VMSA page whose sev_features has a bit outside GET_CAPS",
	       ksu_update_vmsa(&vm, 0, page, NULL, &e), EINVAL,
	       SEV_LAUNCH_ERR_FEATURES);
	pre();
	expect("VMSA request with an unknown flag",
	       vmsa_flags(&vm, 0, 1U << 7, &e), EINVAL, 0);
	ret = ksu_update_vmsa(&vm, 0, NULL, NULL, &e);
	tap_ok(!ret, "vCPU 0 VMSA recorded (error %#x)", e);
	pre();
	expect("duplicate VMSA for vCPU 0",
	       ksu_update_vmsa(&vm, 0, NULL, NULL, &e), EINVAL,
	       SEV_LAUNCH_ERR_VMSA_DUP);
	pre();
	expect("LAUNCH_MEASURE while vCPU 4 has no VMSA",
	       measure48(&vm, blob, &e), EINVAL, SEV_LAUNCH_ERR_VMSA_MISSING);

	/* The refusals changed nothing: complete the launch. */
	ret = ksu_update_vmsa(&vm, 1, NULL, NULL, &e);
	if (!ret)
		ret = ksu_measure(&vm, blob, NULL, &e);
	if (!ret)
		ret = ksu_get_log(&vm, &log, &n, &flags, ld, &e);
	tap_ok(!ret && n == 3 && log[0].kind == KVM_SEV_LOG_DATA &&
	       log[0].gpa == 0x10000 && log[0].len == 0x3000 &&
	       log[1].vcpu_id == 0 && log[2].vcpu_id == 4,
	       "after the refusals the launch measures exactly what was accepted: 1 data range, VMSAs of vCPUs 0 and 4 (%u entries, ret %d)",
	       n, ret);
	free(log);

	pre();
	expect("LAUNCH_UPDATE_DATA after LAUNCH_MEASURE",
	       ksu_update_data(&vm, hva + 0x20000, 0x1000, &e), EINVAL,
	       SEV_LAUNCH_ERR_STATE);
	pre();
	expect("second LAUNCH_MEASURE (firmware status)",
	       measure48(&vm, blob, &e), EIO, SEV_RET_INVALID_GUEST_STATE);

	ret = ksu_finish(&vm, &e);
	tap_ok(!ret, "LAUNCH_FINISH (error %#x)", e);

	/* Nothing after FINISH. */
	pre();
	expect("LAUNCH_UPDATE_DATA after LAUNCH_FINISH",
	       ksu_update_data(&vm, hva + 0x20000, 0x1000, &e), EINVAL,
	       SEV_LAUNCH_ERR_FINISHED);
	pre();
	expect("LAUNCH_UPDATE_VMSA after LAUNCH_FINISH",
	       ksu_update_vmsa(&vm, 1, NULL, NULL, &e), EINVAL,
	       SEV_LAUNCH_ERR_FINISHED);
	pre();
	expect("LAUNCH_MEASURE after LAUNCH_FINISH", measure48(&vm, blob, &e),
	       EINVAL, SEV_LAUNCH_ERR_FINISHED);
	pre();
	expect("LAUNCH_SECRET after LAUNCH_FINISH",
	       ksu_secret(&vm, hdr, hva + 0x9000, trans, sizeof(trans), &e),
	       EINVAL, SEV_LAUNCH_ERR_FINISHED);
	pre();
	expect("LAUNCH_FINISH twice", ksu_finish(&vm, &e), EINVAL,
	       SEV_LAUNCH_ERR_FINISHED);
	pre();
	expect("LAUNCH_START after LAUNCH_FINISH",
	       start_fd(&vm, vm.sev_fd, &e), EINVAL, SEV_LAUNCH_ERR_FINISHED);
	pre();
	expect("LAUNCH_CONFIG after LAUNCH_FINISH",
	       config_raw(&vm, KVM_SEV_LAUNCH_F_CANONICAL, 0, &e), EINVAL,
	       SEV_LAUNCH_ERR_FINISHED);
	ksu_vm_destroy(&vm);
}

/* NODBG: the firmware refuses DBG_DECRYPT; a closed /dev/sev fd. */
static void default_vms(void)
{
	static const uint32_t ids[] = { 0 };
	uint8_t blob[48], buf[64];
	struct ksu_vm vm;
	int fd, ret;

	setup(&vm, KSU_INIT2_ES, false, ids, 1);
	ret = ksu_start(&vm, SEV_POLICY_ES | SEV_POLICY_NODBG, NULL, NULL,
			NULL, &e);
	if (!ret)
		ret = ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e);
	if (!ret)
		ret = ksu_update_vmsa_all(&vm, &e);
	if (!ret)
		ret = ksu_measure(&vm, blob, NULL, &e);
	tap_ok(!ret, "NODBG guest launched and measured (ret %d error %#x)",
	       ret, e);
	pre();
	expect("DBG_DECRYPT on a NODBG guest (firmware status)",
	       ksu_dbg(&vm, true, vm.slot[0].hva, buf, 64, &e), EIO,
	       SEV_RET_POLICY_FAILURE);
	pre();
	expect("DBG_DECRYPT of length 0",
	       ksu_dbg(&vm, true, vm.slot[0].hva, buf, 0, &e), EINVAL, 0);
	ksu_vm_destroy(&vm);

	/* The sev fd named at LAUNCH_START is closed afterwards. */
	setup(&vm, KSU_INIT2_ES, false, ids, 1);
	fd = dup(vm.sev_fd);
	ret = start_fd(&vm, fd, &e);
	close(fd);
	tap_ok(!ret, "LAUNCH_START with a second /dev/sev fd, then that fd closed");
	vm.sev_fd = fd;		/* what a buggy VMM would keep using */
	pre();
	expect("LAUNCH_UPDATE_DATA after the sev fd was closed",
	       ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e), EBADF,
	       SEV_LAUNCH_ERR_SEV_FD);
	vm.sev_fd = -1;
	ksu_vm_destroy(&vm);
}

/* VMSA commands on a plain SEV VM; an unsupported INIT2 feature. */
static void sev_vm(void)
{
	static const uint32_t ids[] = { 0 };
	struct kvm_sev_caps caps;
	struct ksu_vm vm;
	uint64_t bad = 0;
	int bit, ret;

	setup(&vm, KSU_INIT2_SEV, false, ids, 1);
	ret = ksu_start(&vm, 0, NULL, NULL, NULL, &e);
	tap_ok(!ret, "plain SEV VM started (error %#x)", e);
	pre();
	expect("vCPU LAUNCH_UPDATE_VMSA on a plain SEV VM (-ENOTTY, as upstream's VM-fd form)",
	       ksu_update_vmsa(&vm, 0, NULL, NULL, &e), ENOTTY,
	       SEV_LAUNCH_ERR_NOT_ES);
	ksu_caps(&vm, &caps, &e);
	ksu_vm_destroy(&vm);

	for (bit = 0; bit < 64; bit++)
		if (!(caps.vmsa_features & (1ULL << bit))) {
			bad = 1ULL << bit;
			break;
		}
	ret = ksu_vm_create(&vm, KSU_INIT2_ES, bad);
	tap_ok(ret == -EINVAL,
	       "KVM_SEV_INIT2 with unsupported vmsa_features %#llx: %d",
	       (unsigned long long)bad, ret);
	if (!ret)
		ksu_vm_destroy(&vm);
}

#define REASON_THREADS	4
#define REASON_ROUNDS	3000

struct reason_worker {
	struct ksu_vm *vm;
	int i;
	uint64_t bad;
	int wrong;	/* refused calls whose error was not the reason */
};

static void *reason_thread(void *arg)
{
	struct reason_worker *w = arg;
	uint32_t err;
	int n, ret;

	for (n = 0; n < REASON_ROUNDS; n++) {
		ret = ksu_update_vmsa(w->vm, w->i, NULL, &w->bad, &err);
		if (ret != -EINVAL || err != SEV_LAUNCH_ERR_FEATURES)
			w->wrong++;
	}
	return NULL;
}

/*
 * vCPU ioctls refused at the same time each get their own reason: the
 * reason is the call's, not the launch's (no "last refusal" to lose).
 */
static void concurrent_reasons(void)
{
	static const uint32_t ids[] = { 0, 1, 2, 3 };
	struct reason_worker w[REASON_THREADS];
	pthread_t th[REASON_THREADS];
	struct kvm_sev_caps caps;
	struct ksu_vm vm;
	int i, wrong = 0, bit;
	uint64_t bad = 0;

	setup(&vm, KSU_INIT2_ES, true, ids, REASON_THREADS);
	ksu_caps(&vm, &caps, &e);
	for (bit = 0; bit < 64 && !bad; bit++)
		if (!(caps.vmsa_features & (1ULL << bit)))
			bad = 1ULL << bit;
	if (ksu_start(&vm, SEV_POLICY_ES, NULL, NULL, NULL, &e))
		tap_bail("LAUNCH_START");
	for (i = 0; i < REASON_THREADS; i++) {
		w[i] = (struct reason_worker){ .vm = &vm, .i = i, .bad = bad };
		pthread_create(&th[i], NULL, reason_thread, &w[i]);
	}
	for (i = 0; i < REASON_THREADS; i++) {
		pthread_join(th[i], NULL);
		wrong += w[i].wrong;
	}
	tap_ok(wrong == 0,
	       "%d vCPU threads x %d refused VMSA requests at once: %d came back without SEV_LAUNCH_ERR_FEATURES",
	       REASON_THREADS, REASON_ROUNDS, wrong);
	ksu_vm_destroy(&vm);
}

struct memlock_result {
	int capdrop;
	int small_ret;
	uint32_t small_err;
	int big_ret;
	uint32_t big_err;
	long pins_before, pins_after;
};

/* In a child: no CAP_IPC_LOCK, RLIMIT_MEMLOCK 64 KiB. */
static void memlock_child(int wfd)
{
	struct memlock_result r = { 0 };
	struct ksu_vm vm;

	r.capdrop = ksu_memlock_limit(0x10000);
	if (!r.capdrop)
		r.capdrop = ksu_vm_create(&vm, KSU_INIT2_ES, 0);
	if (!r.capdrop)
		r.capdrop = ksu_vm_add_slot(&vm, 0, MEM_SIZE);
	if (!r.capdrop)
		r.capdrop = ksu_config(&vm, KVM_SEV_LAUNCH_F_CANONICAL,
				       KVM_SEV_VMSA_FPU_SYNC, &e);
	if (!r.capdrop)
		r.capdrop = ksu_start(&vm, SEV_POLICY_ES, NULL, NULL, NULL,
				      &e);
	if (!r.capdrop) {
		e = KSU_ERR_UNSET;
		r.small_ret = ksu_update_data(&vm, vm.slot[0].hva, 0x8000, &e);
		r.small_err = e;
		r.pins_before = ksu_pinned_pages();
		e = KSU_ERR_UNSET;
		r.big_ret = ksu_update_data(&vm, vm.slot[0].hva + 0x10000,
					    0x10000, &e);
		r.big_err = e;
		r.pins_after = ksu_pinned_pages();
		ksu_vm_destroy(&vm);
	}
	tap_child_exit(wfd, &r, sizeof(r));
}

static void memlock(void)
{
	struct memlock_result r = { .capdrop = -1 };
	long base = ksu_pinned_pages();

	if (tap_run_child(memlock_child, &r, sizeof(r)))
		r.capdrop = -1;
	tap_ok(!r.capdrop && !r.small_ret,
	       "without CAP_IPC_LOCK and with RLIMIT_MEMLOCK 64 KiB, a 32 KiB range is recorded (setup %d, ret %d error %#x)",
	       r.capdrop, r.small_ret, r.small_err);
	tap_ok(!r.capdrop && r.big_ret == -ENOMEM &&
	       r.big_err == SEV_LAUNCH_ERR_MEMLOCK &&
	       r.pins_after == r.pins_before && r.pins_before >= 0,
	       "a further 64 KiB would exceed RLIMIT_MEMLOCK: -%s, error %#x %s; pins %ld -> %ld",
	       errno_name(-r.big_ret), r.big_err, ksu_err_name(r.big_err),
	       r.pins_before, r.pins_after);
	tap_ok(ksu_pinned_pages() == base && base >= 0,
	       "pinned pages back to %ld after the child's VM is gone", base);
}

int main(void)
{
	long base;

	tap_plan(PLAN);
	ksu_srand((uint64_t)time(NULL) ^ getpid());
	base = ksu_pinned_pages();
	tap_diag("pinned pages at start: %ld (%s)", base, KSU_PINNED_PATH);

	canonical_vm();
	default_vms();
	sev_vm();
	concurrent_reasons();
	memlock();
	tap_ok(base >= 0 && ksu_pinned_pages() == base,
	       "pinned pages back to their starting value %ld at the end", base);
	if (tap_n != PLAN)
		tap_diag("plan says %d, ran %d", PLAN, tap_n);
	return tap_exit();
}
