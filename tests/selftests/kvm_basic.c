// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: the test guest's /dev/kvm works well enough to build a VM the
 * way a VMM does: create a VM, back guest memory with a memfd memslot,
 * create vCPUs and round-trip their registers.  Everything later issues
 * build on (SEV VMs, per-vCPU VMSA) needs this.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tap.h"

#define NR_VCPUS	4
#define MEM_SIZE	(2UL << 20)
#define MEM_GPA		0x100000UL

int main(void)
{
	struct kvm_userspace_memory_region region;
	struct kvm_regs regs, back;
	struct kvm_sregs sregs;
	int kvm, vm, memfd, i, ret;
	int vcpu[NR_VCPUS];
	int mmap_size;
	void *mem;

	tap_plan(11);

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	tap_ok(kvm >= 0, "open /dev/kvm");
	if (kvm < 0)
		tap_bail("/dev/kvm");

	ret = ioctl(kvm, KVM_GET_API_VERSION, 0);
	tap_ok(ret == KVM_API_VERSION, "KVM_GET_API_VERSION is %d (got %d)",
	       KVM_API_VERSION, ret);

	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	tap_ok(vm >= 0, "KVM_CREATE_VM");
	if (vm < 0)
		tap_bail("KVM_CREATE_VM");

	memfd = memfd_create("guest-ram", MFD_CLOEXEC);
	if (memfd < 0 || ftruncate(memfd, MEM_SIZE))
		tap_bail("memfd");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	if (mem == MAP_FAILED)
		tap_bail("mmap");
	memset(mem, 0xf4, MEM_SIZE);	/* hlt */

	region = (struct kvm_userspace_memory_region) {
		.slot = 0,
		.guest_phys_addr = MEM_GPA,
		.memory_size = MEM_SIZE,
		.userspace_addr = (uintptr_t)mem,
	};
	ret = ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region);
	tap_ok(ret == 0, "memslot of %lu KiB at GPA 0x%lx", MEM_SIZE >> 10,
	       MEM_GPA);

	/* An overlapping slot must be refused: KVM really checks them. */
	region.slot = 1;
	region.guest_phys_addr = MEM_GPA + 4096;
	ret = ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region);
	tap_ok(ret < 0 && errno == EEXIST, "overlapping memslot refused (EEXIST)");

	mmap_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	for (i = 0; i < NR_VCPUS; i++) {
		vcpu[i] = ioctl(vm, KVM_CREATE_VCPU, i);
		if (vcpu[i] < 0)
			break;
	}
	tap_ok(i == NR_VCPUS && mmap_size > 0, "%d vCPUs created", i);
	if (i != NR_VCPUS)
		tap_bail("KVM_CREATE_VCPU");

	ret = ioctl(vcpu[0], KVM_GET_REGS, &regs);
	tap_ok(ret == 0 && regs.rip == 0xfff0,
	       "vCPU 0 starts at the reset vector (rip 0x%llx)",
	       (unsigned long long)regs.rip);

	for (i = 0, ret = 0; i < NR_VCPUS && !ret; i++) {
		memset(&regs, 0, sizeof(regs));
		regs.rip = 0x1000 + i;
		regs.rax = 0x1111111111111111ULL * (i + 1);
		regs.rsp = 0x8000 - 16 * i;
		regs.rflags = 0x2;
		ret = ioctl(vcpu[i], KVM_SET_REGS, &regs);
		if (!ret)
			ret = ioctl(vcpu[i], KVM_GET_REGS, &back);
		if (!ret && (back.rip != regs.rip || back.rax != regs.rax ||
			     back.rsp != regs.rsp))
			ret = -1;
	}
	tap_ok(ret == 0, "KVM_SET_REGS/KVM_GET_REGS round trip on every vCPU");

	ret = ioctl(vcpu[1], KVM_GET_SREGS, &sregs);
	if (!ret) {
		sregs.cs.base = 0;
		sregs.cs.selector = 0;
		ret = ioctl(vcpu[1], KVM_SET_SREGS, &sregs);
	}
	if (!ret)
		ret = ioctl(vcpu[1], KVM_GET_SREGS, &sregs);
	tap_ok(ret == 0 && sregs.cs.base == 0 && sregs.cs.selector == 0,
	       "KVM_SET_SREGS/KVM_GET_SREGS round trip");

	/*
	 * A vCPU of a VM that is not an SEV guest has no memory encryption
	 * ioctl: upstream's answer (EINVAL), also with a NULL argument.
	 */
	{
		struct kvm_sev_cmd cmd = { .id = KVM_SEV_LAUNCH_UPDATE_VMSA };
		int r1, e1, r2, e2;

		r1 = ioctl(vcpu[0], KVM_MEMORY_ENCRYPT_OP, &cmd);
		e1 = errno;
		r2 = ioctl(vcpu[0], KVM_MEMORY_ENCRYPT_OP, NULL);
		e2 = errno;
		tap_ok(r1 < 0 && e1 == EINVAL && r2 < 0 && e2 == EINVAL,
		       "KVM_MEMORY_ENCRYPT_OP on a non-SEV vCPU fails with EINVAL (%d/%d, %d/%d)",
		       r1, e1, r2, e2);
	}

	/* Run vCPU 1 at GPA 0x100000 (a hlt) in real mode: a real VM exit. */
	{
		struct kvm_run *run;

		regs.rip = MEM_GPA & 0xffff;
		regs.rflags = 0x2;
		sregs.cs.base = MEM_GPA & ~0xffffUL;
		sregs.cs.selector = sregs.cs.base >> 4;
		ret = ioctl(vcpu[1], KVM_SET_SREGS, &sregs);
		if (!ret)
			ret = ioctl(vcpu[1], KVM_SET_REGS, &regs);
		run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE,
			   MAP_SHARED, vcpu[1], 0);
		if (!ret && run != MAP_FAILED)
			ret = ioctl(vcpu[1], KVM_RUN, 0);
		tap_ok(ret == 0 && run != MAP_FAILED &&
		       run->exit_reason == KVM_EXIT_HLT,
		       "KVM_RUN executes guest code and exits on HLT (exit %u)",
		       run != MAP_FAILED ? run->exit_reason : 0);
	}

	for (i = 0; i < NR_VCPUS; i++)
		close(vcpu[i]);
	close(vm);
	close(memfd);
	close(kvm);
	return tap_exit();
}
