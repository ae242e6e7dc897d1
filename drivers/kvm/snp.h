/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sev-launch KVM handler: SEV-SNP VMs (snp.c), for vm.c and ioctl.c.
 */
#ifndef _SEVL_KVM_SNP_H
#define _SEVL_KVM_SNP_H

#include <linux/types.h>

struct kvm;
struct kvm_vcpu;
struct kvm_sev_cmd;
struct sevl_kvm_vm;

int sevl_kvm_snp_create(struct sevl_kvm_vm *vm, u32 asid, bool canonical);
void sevl_kvm_snp_destroy(struct sevl_kvm_vm *vm);
int sevl_kvm_snp_vm_ioctl(struct kvm *kvm, struct sevl_kvm_vm *vm,
			  struct kvm_sev_cmd *cmd, u32 *fw, u32 *why,
			  bool *handled);
int sevl_kvm_snp_vcpu_update_vmsa(struct sevl_kvm_vm *vm,
				  struct kvm_vcpu *vcpu,
				  struct kvm_sev_cmd *cmd, u32 *why);
int sevl_kvm_snp_vcpu_vmsa(struct sevl_kvm_vm *vm, struct kvm_vcpu *vcpu,
			   void *buf);

#endif /* _SEVL_KVM_SNP_H */
