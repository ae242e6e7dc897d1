/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sev-launch's KVM handler (drivers/kvm/) as seen from kvm_amd.
 *
 * A small patch to kvm_amd (scripts/patches/, CONFIG_KVM_AMD_SEV_LAUNCH)
 * calls these functions: at hardware setup to learn the SEV platform, at
 * KVM_SEV_INIT / ES_INIT / INIT2 to create the per-VM state, for every
 * launch command on the VM fd and for KVM_MEMORY_ENCRYPT_OP on a vCPU fd,
 * and at VM destruction.  In return kvm_amd supplies struct
 * sevl_kvm_svm_ops, the only SVM internals the handler needs.
 *
 * Nothing in here is called on a kernel without that patch; the module
 * still builds and loads there, it is simply never reached.
 */
#ifndef _SEV_LAUNCH_KVM_H
#define _SEV_LAUNCH_KVM_H

#include <linux/types.h>

struct kvm;
struct kvm_vcpu;
struct kvm_sev_cmd;
struct sevl_kvm_vm;

/**
 * struct sevl_kvm_platform - the SEV platform, as CPUID 0x8000001F would
 *	describe it
 * @cbit: C-bit position (CPUID EBX[5:0])
 * @max_asid: highest SEV ASID (ECX)
 * @min_sev_asid: first plain-SEV ASID (EDX); 1..@min_sev_asid - 1 are
 *	SEV-ES ASIDs
 * @es: SEV-ES guests are supported
 * @emulated: the platform is the software firmware: guests can be
 *	launched (every launch command works) but never run, so kvm_amd may
 *	skip the CPU features only running a guest needs
 */
struct sevl_kvm_platform {
	u32 cbit;
	u32 max_asid;
	u32 min_sev_asid;
	bool es;
	bool emulated;
};

/**
 * struct sevl_kvm_svm_ops - SVM internals kvm_amd lends the handler
 * @vmsa_sync: write the vCPU's register state into the 4096-byte @buf
 *	(which the caller zeroed), with sev_features = @sev_features and the
 *	x87/SSE/AVX state only if @sync_fpu; -EINVAL if the vCPU state
 *	cannot be put into a VMSA (already protected, guest debug on)
 * @vmsa_page: the vCPU's VMSA page, which LAUNCH_UPDATE_VMSA encrypts
 * @vmsa_protect: the firmware encrypted the vCPU's VMSA: its register
 *	state is now guest-owned
 * @pages_locked: optional: pages kvm_amd holds pinned for the VM's
 *	registered encrypted regions (KVM_MEMORY_ENCRYPT_REG_REGION), which
 *	count against the same RLIMIT_MEMLOCK as the launch's own pins
 */
struct sevl_kvm_svm_ops {
	int (*vmsa_sync)(struct kvm_vcpu *vcpu, void *buf, bool sync_fpu,
			 u64 sev_features);
	void *(*vmsa_page)(struct kvm_vcpu *vcpu);
	void (*vmsa_protect)(struct kvm_vcpu *vcpu);
	unsigned long (*pages_locked)(struct kvm *kvm);
};

/**
 * struct sevl_kvm_vm_params - a VM being initialised for SEV
 * @svm: SVM operations
 * @asid: the VM's ASID
 * @es: SEV-ES VM
 * @init2: created by KVM_SEV_INIT2 (not the legacy INIT / ES_INIT)
 * @vmsa_features: the VM's sev_features (KVM_SEV_INIT2)
 * @allowed_features: sev_features bits KVM allows for this VM
 */
struct sevl_kvm_vm_params {
	const struct sevl_kvm_svm_ops *svm;
	u32 asid;
	bool es;
	bool init2;
	u64 vmsa_features;
	u64 allowed_features;
};

int sevl_kvm_platform(struct sevl_kvm_platform *p);
struct sevl_kvm_vm *sevl_kvm_vm_create(struct kvm *kvm,
				       const struct sevl_kvm_vm_params *p,
				       int *error);
struct sevl_kvm_vm *sevl_kvm_mirror_create(struct kvm *kvm,
					   struct sevl_kvm_vm *owner,
					   const struct sevl_kvm_vm_params *p);
bool sevl_kvm_vm_destroy(struct sevl_kvm_vm *vm);
bool sevl_kvm_cmd_handled(u32 id);
int sevl_kvm_vm_ioctl(struct kvm *kvm, struct sevl_kvm_vm *vm,
		      struct kvm_sev_cmd *cmd);
int sevl_kvm_vcpu_ioctl(struct sevl_kvm_vm *vm, struct kvm_vcpu *vcpu,
			void __user *argp);
int sevl_kvm_df_flush(int *error);
u64 sevl_kvm_pinned_pages(struct sevl_kvm_vm *vm);

#endif /* _SEV_LAUNCH_KVM_H */
