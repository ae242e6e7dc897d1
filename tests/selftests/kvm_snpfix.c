// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: the SEV-SNP launch's error paths through KVM (issue 15's known
 * defects), on sev-launch's software firmware in the test guest.
 *
 *  - Canonical launch whose replay the firmware stops half-way (a CPUID
 *    page it refuses, between measured pages and pages not yet measured):
 *    FINISH fails with -EIO and INVALID_PARAM; destroying the VM then
 *    leaves no page assigned in the emulated RMP and none leaked.
 *  - Canonical launch with a page punched out of guest_memfd before
 *    FINISH: -EINVAL, SEV_LAUNCH_ERR_SNP_GONE, nothing measured, and the
 *    other pages still give back nothing leaked at destroy.
 *  - A canonical SNP_LAUNCH_UPDATE without a source (uaddr 0) of a type
 *    other than ZERO: -EIO, error 0, as upstream, the RMP unchanged.
 *  - Default mode: after upstream's own SNP_LAUNCH_FINISH a VMSA supplied
 *    on a vCPU fd is refused (-EINVAL, SEV_LAUNCH_ERR_FINISHED), also for
 *    a vCPU created after it: it would never be measured.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <sys/ioctl.h>

#include "tap.h"
#include "swfw_state.h"
#include "kvm_sev_util.h"
#include "ksu_snp.h"

#define PAGE		4096ull
#define SLOT_SIZE	(1024 * PAGE)
#define LEAKED_PATH	"/sys/kernel/debug/sev-psp/snp_leaked_pages"

/* Pages the emulated RMP holds for guests (not HV-Fixed), or -errno. */
static long rmp_assigned(void)
{
	char buf[4096], *line, *save = NULL, name[32];
	int len = sst_read(SWFW_DIR "snp/rmp_summary", buf, sizeof(buf));
	long sum = 0, n;

	if (len < 0)
		return len;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%31s %ld", name, &n) != 2)
			continue;
		if (!strcmp(name, "hv_fixed") || !strcmp(name, "vmsa") ||
		    !strcmp(name, "asid"))
			continue;
		sum += n;
	}
	return sum;
}

static long leaked_pages(void)
{
	char buf[64];
	int n = sst_read(LEAKED_PATH, buf, sizeof(buf));

	return n < 0 ? n : strtol(buf, NULL, 10);
}

static int vm_setup(struct ksu_snp_vm *vm, bool canonical, uint32_t *err)
{
	struct kvm_sev_launch_config cfg = {
		.flags = KVM_SEV_LAUNCH_F_CANONICAL,
	};
	uint32_t ids[2] = { 1, 0 };
	int ret = ksu_snp_vm_create(vm);

	if (!ret)
		ret = ksu_snp_add_slot(vm, 0, SLOT_SIZE, true);
	if (!ret)
		ret = ksu_snp_set_private(vm, 0, SLOT_SIZE, true);
	if (!ret && canonical)
		ret = ksu_snp_op(vm, KVM_SEV_LAUNCH_CONFIG, &cfg, err);
	if (!ret)
		ret = ksu_snp_vcpus_create(vm, ids, 2, 1);
	if (!ret)
		ret = ksu_snp_start(vm, KSU_SNP_POLICY, err);
	return ret;
}

static int update(struct ksu_snp_vm *vm, uint64_t gfn, const void *src,
		  uint8_t type, uint32_t *err)
{
	struct ksu_snp_launch_update u = {
		.gfn_start = gfn, .uaddr = (uintptr_t)src, .len = PAGE,
		.type = type,
	};

	return ksu_snp_update(vm, &u, err);
}

static void check_destroyed(struct ksu_snp_vm *vm, long r0, long l0,
			    const char *what)
{
	ksu_snp_vm_destroy(vm);
	tap_ok(rmp_assigned() == r0 && leaked_pages() == l0,
	       "%s, destroyed: %ld RMP pages assigned (before %ld), %ld leaked (before %ld)",
	       what, rmp_assigned(), r0, leaked_pages(), l0);
}

/* The firmware refuses the CPUID page between measured and later pages. */
static void test_fw_failure(void)
{
	static uint8_t src[PAGE], cpuid[PAGE];
	long r0 = rmp_assigned(), l0 = leaked_pages();
	struct ksu_snp_launch_finish f = {};
	struct ksu_snp_vm vm;
	uint32_t err = 0;
	int ret, i;

	memset(src, 0x5a, sizeof(src));
	memset(cpuid, 0xff, sizeof(cpuid));
	ret = vm_setup(&vm, true, &err);
	for (i = 0; !ret && i < 6; i++)
		ret = update(&vm, 0x20 + i, src, KSU_SNP_PAGE_NORMAL, &err);
	if (!ret)
		ret = update(&vm, 0x123, cpuid, KSU_SNP_PAGE_CPUID, &err);
	for (i = 0; !ret && i < 3; i++)
		ret = update(&vm, 0x140 + i, src, KSU_SNP_PAGE_NORMAL, &err);
	if (ret) {
		tap_ok(0, "firmware failure: set-up: %d (error %#x)", ret, err);
		tap_ok(0, "firmware failure: destroyed");
		ksu_snp_vm_destroy(&vm);
		return;
	}
	ret = ksu_snp_finish(&vm, &f, &err);
	tap_ok(ret == -EIO && err == SEV_RET_INVALID_PARAM,
	       "a refused CPUID page mid-replay: FINISH -EIO, INVALID_PARAM (ret %d, error %#x)",
	       ret, err);
	check_destroyed(&vm, r0, l0, "firmware failure mid-replay");
}

/* A recorded page punched out of guest_memfd before FINISH. */
static void test_gone(void)
{
	static uint8_t src[PAGE];
	long r0 = rmp_assigned(), l0 = leaked_pages(), r1;
	struct ksu_snp_launch_finish f = {};
	struct ksu_snp_vm vm;
	uint32_t err = 0;
	int ret, i;

	memset(src, 0x6b, sizeof(src));
	ret = vm_setup(&vm, true, &err);
	for (i = 0; !ret && i < 4; i++)
		ret = update(&vm, 0x30 + i, src, KSU_SNP_PAGE_NORMAL, &err);
	if (!ret && fallocate(vm.slots[0].gmem_fd,
			      FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			      0x32 * PAGE, PAGE))
		ret = -errno;
	if (ret) {
		tap_ok(0, "page gone: set-up: %d (error %#x)", ret, err);
		tap_ok(0, "page gone: destroyed");
		ksu_snp_vm_destroy(&vm);
		return;
	}
	r1 = rmp_assigned();
	ret = ksu_snp_finish(&vm, &f, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_SNP_GONE &&
	       rmp_assigned() == r1,
	       "a page punched out before FINISH: -EINVAL, SNP_GONE, RMP unchanged (ret %d, error %#x, %ld assigned, before %ld)",
	       ret, err, rmp_assigned(), r1);
	check_destroyed(&vm, r0, l0, "page gone before FINISH");
}

/* uaddr 0 with a type that has contents: upstream's -EIO. */
static void test_no_source(void)
{
	long r0 = rmp_assigned(), l0 = leaked_pages(), r1;
	struct ksu_snp_vm vm;
	uint32_t err = 0;
	int ret;

	ret = vm_setup(&vm, true, &err);
	if (ret) {
		tap_ok(0, "no source: set-up: %d (error %#x)", ret, err);
		tap_ok(0, "no source: destroyed");
		ksu_snp_vm_destroy(&vm);
		return;
	}
	r1 = rmp_assigned();
	err = 0x1234;
	ret = update(&vm, 0x40, NULL, KSU_SNP_PAGE_NORMAL, &err);
	tap_ok(ret == -EIO && !err && rmp_assigned() == r1,
	       "canonical UPDATE of a NORMAL page with uaddr 0: -EIO, error 0, RMP unchanged (ret %d, error %#x)",
	       ret, err);
	check_destroyed(&vm, r0, l0, "no source");
}

/* Default mode: no VMSA after upstream's FINISH. */
static void test_late_vmsa(void)
{
	static const uint32_t new_id[1] = { 5 };
	static uint8_t src[PAGE];
	long r0 = rmp_assigned(), l0 = leaked_pages();
	struct ksu_snp_launch_finish f = {};
	struct ksu_snp_vm vm;
	uint32_t err = 0;
	int ret;

	memset(src, 0x7c, sizeof(src));
	ret = vm_setup(&vm, false, &err);
	if (!ret)
		ret = update(&vm, 0x50, src, KSU_SNP_PAGE_NORMAL, &err);
	if (!ret)
		ret = ksu_snp_finish(&vm, &f, &err);
	if (ret) {
		tap_ok(0, "late VMSA: set-up: %d (error %#x)", ret, err);
		tap_ok(0, "late VMSA: new vCPU");
		tap_ok(0, "late VMSA: destroyed");
		ksu_snp_vm_destroy(&vm);
		return;
	}
	/* data 0: a register sync with the VM's sev_features. */
	ret = ksu_op(vm.vcpu_fd[0], vm.sev_fd, KVM_SEV_LAUNCH_UPDATE_VMSA, NULL,
		     &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_FINISHED,
	       "default mode: a VMSA supplied after upstream's FINISH: -EINVAL, FINISHED (ret %d, error %#x)",
	       ret, err);
	/* A vCPU created after FINISH: upstream never measures its VMSA. */
	ret = ksu_snp_vcpus_create(&vm, new_id, 1, 1);
	if (!ret)
		ret = ksu_op(vm.vcpu_fd[2], vm.sev_fd,
			     KVM_SEV_LAUNCH_UPDATE_VMSA, NULL, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_FINISHED,
	       "default mode: a VMSA for a vCPU created after upstream's FINISH: -EINVAL, FINISHED (ret %d, error %#x)",
	       ret, err);
	check_destroyed(&vm, r0, l0, "late VMSA");
}

int main(void)
{
	int ret = ksu_snp_supported();

	tap_plan(9);
	if (ret) {
		errno = -ret;
		tap_bail("KVM offers no KVM_X86_SNP_VM");
	}
	test_fw_failure();
	test_gone();
	test_no_source();
	test_late_vmsa();
	return tap_exit();
}
