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

struct file;
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
 * @snp: SEV-SNP is initialised on the platform (SNP_INIT done by the PSP
 *	driver): kvm_amd may offer KVM_X86_SNP_VM.  On the software firmware
 *	the RMP is emulated and reached only through sevl_kvm_rmp_*().
 */
struct sevl_kvm_platform {
	u32 cbit;
	u32 max_asid;
	u32 min_sev_asid;
	bool es;
	bool emulated;
	bool snp;
};

/**
 * struct sevl_kvm_svm_ops - SVM internals kvm_amd lends the handler
 * @vmsa_sync: write the vCPU's register state into the 4096-byte @buf
 *	(which the caller zeroed), with sev_features = @sev_features and the
 *	x87/SSE/AVX state only if @sync_fpu; -EINVAL if the vCPU state
 *	cannot be put into a VMSA (already protected, guest debug on)
 * @vmsa_page: the vCPU's VMSA page, which LAUNCH_UPDATE_VMSA encrypts
 * @vmsa_protect: the firmware encrypted the vCPU's VMSA: its register
 *	state is now guest-owned.  For a vCPU of an SNP VM it does what
 *	upstream does after the VMSA's SNP_LAUNCH_UPDATE (guest state
 *	protected, LBR virtualisation on); the caller has made the page a
 *	guest page in the RMP before the firmware measured it.
 * @pages_locked: optional: pages kvm_amd holds pinned for the VM's
 *	registered encrypted regions (KVM_MEMORY_ENCRYPT_REG_REGION), which
 *	count against the same RLIMIT_MEMLOCK as the launch's own pins
 * @snp_context: optional: the guest context page kvm_amd allocated (a
 *	firmware page) at SNP_LAUNCH_START of an SNP VM, or NULL before that
 *	and for other VMs
 */
struct sevl_kvm_svm_ops {
	int (*vmsa_sync)(struct kvm_vcpu *vcpu, void *buf, bool sync_fpu,
			 u64 sev_features);
	void *(*vmsa_page)(struct kvm_vcpu *vcpu);
	void (*vmsa_protect)(struct kvm_vcpu *vcpu);
	unsigned long (*pages_locked)(struct kvm *kvm);
	void *(*snp_context)(struct kvm *kvm);
};

/**
 * struct sevl_kvm_vm_params - a VM being initialised for SEV
 * @svm: SVM operations
 * @asid: the VM's ASID
 * @es: SEV-ES VM
 * @init2: created by KVM_SEV_INIT2 (not the legacy INIT / ES_INIT)
 * @vmsa_features: the VM's sev_features (KVM_SEV_INIT2)
 * @allowed_features: sev_features bits KVM allows for this VM
 * @snp: a KVM_X86_SNP_VM (KVM_SEV_INIT2): upstream's SNP code in kvm_amd
 *	runs its launch unless sevl_kvm_snp_cmd_handled() claims a command
 */
struct sevl_kvm_vm_params {
	const struct sevl_kvm_svm_ops *svm;
	u32 asid;
	bool es;
	bool init2;
	u64 vmsa_features;
	u64 allowed_features;
	bool snp;
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

/* SNP VMs: routing and the default-mode launch log (snp_hooks.c). */
bool sevl_kvm_snp_cmd_handled(struct sevl_kvm_vm *vm, u32 id);
void sevl_kvm_snp_logged(struct sevl_kvm_vm *vm, u64 gpa, u8 page_type,
			 const void *page, u32 vcpu_id);

/*
 * SNP firmware and RMP access for upstream's SNP code in kvm_amd
 * (amd_snp.c): the ccp functions sev.c names, on sev-launch's platform.
 */
int sevl_kvm_snp_do_cmd(int cmd, void *data, int *psp_ret);
int sevl_kvm_snp_issue_cmd(struct file *filep, unsigned int cmd, void *data,
			   int *error);
void *sevl_kvm_snp_alloc_firmware_page(gfp_t gfp);
void sevl_kvm_snp_free_firmware_page(void *addr);
int sevl_kvm_rmp_make_private(u64 pfn, u64 gpa, u32 asid, bool immutable);
int sevl_kvm_rmp_make_shared(u64 pfn);
int sevl_kvm_rmp_lookup(u64 pfn, bool *assigned, int *level);
void sevl_kvm_snp_leak_pages(u64 pfn, unsigned int npages);

#endif /* _SEV_LAUNCH_KVM_H */
