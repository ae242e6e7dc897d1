/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sev-launch KVM handler: internal definitions.
 */
#ifndef _SEVL_KVM_KVM_H
#define _SEVL_KVM_KVM_H

#include <linux/types.h>

struct kvm;
struct sevl_launch;
struct sevl_lsnp;
struct sevl_kvm_svm_ops;
struct sevl_kvm_snp_gmem;

/**
 * struct sevl_kvm_vm - sev-launch state of one SEV VM
 * @kvm: the VM
 * @svm: SVM callbacks lent by kvm_amd
 * @launch: the launch context
 * @sev_fd: the /dev/sev fd named at the last successful LAUNCH_START (0
 *	before, like upstream's zeroed sev->fd), resolved in the calling
 *	process for every command the VMM issues, as upstream does
 * @es: SEV-ES VM
 * @allowed_features: sev_features bits KVM supports (KVM_SEV_GET_CAPS)
 * @vmsa_features: the VM's sev_features, which every VMSA must carry
 * @host_canonical: created while the module parameter canonical was set:
 *	canonical mode, which KVM_SEV_LAUNCH_CONFIG cannot turn off
 * @mirror: a mirror VM (KVM_CAP_VM_COPY_ENC_CONTEXT_FROM): @launch shares
 *	the owner's guest, and @sev_fd is the owner's at the mirror's creation
 * @lsnp: an SNP VM's SNP launch (canonical order, supplied VMSAs, log)
 * @asid: an SNP VM's ASID (the RMP's owner of its pages)
 * @snp_fd: /dev/sev fd of the SNP command being handled
 * @snp: a KVM_X86_SNP_VM: kvm_amd runs upstream's SNP launch, sev-launch
 *	takes only what sevl_kvm_snp_cmd_handled() claims
 * @snp_gmem: the guest_memfds an SNP replay holds locked (snp.c)
 */
struct sevl_kvm_vm {
	struct kvm *kvm;
	const struct sevl_kvm_svm_ops *svm;
	struct sevl_launch *launch;
	int sev_fd;
	bool es;
	u64 allowed_features;
	u64 vmsa_features;
	bool host_canonical;
	bool mirror;
	bool snp;
	struct sevl_lsnp *lsnp;
	u32 asid;
	int snp_fd;
	struct sevl_kvm_snp_gmem *snp_gmem;
};

/*
 * The launch cores' host operations on a VM's vCPUs (vm.c), shared by the
 * SEV/SEV-ES and the SNP launch: @host is the struct sevl_kvm_vm.
 * sevl_kvm_lock_vcpus() needs kvm->lock and fails with -EBUSY while a
 * vCPU is being created, -EINTR on a fatal signal.
 */
int sevl_kvm_vcpu_ids(void *host, u32 *ids, u32 max);
int sevl_kvm_lock_vcpus(void *host);
void sevl_kvm_unlock_vcpus(void *host);

#endif /* _SEVL_KVM_KVM_H */
