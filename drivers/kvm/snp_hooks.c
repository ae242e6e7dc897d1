// SPDX-License-Identifier: GPL-2.0
/*
 * sev-launch KVM handler: the hooks kvm_amd's SNP code calls on an SNP VM.
 *
 * kvm_amd (CONFIG_KVM_AMD_SEV_LAUNCH) runs upstream's SNP launch for an SNP
 * VM and asks here, for KVM_SEV_SNP_LAUNCH_UPDATE and _FINISH, whether
 * sev-launch takes the command instead; after every successful page or
 * VMSA update of upstream's own code it reports what the firmware measured
 * so the launch log covers default mode too.
 *
 * sev-launch claims UPDATE only on a canonical VM and FINISH on a canonical
 * VM or once the VMM supplied a VMSA on a vCPU fd; a VMM that never uses
 * sev-launch's ids runs upstream's code.
 */
#include <linux/module.h>
#include <linux/kvm_host.h>
#include <linux/sev-launch.h>
#include <sev-launch/kvm.h>
#include <sev-launch/launch_snp.h>

#include "kvm.h"

/**
 * sevl_kvm_snp_cmd_handled() - does sev-launch take an SNP launch command?
 * @vm: the SNP VM's state (from sevl_kvm_vm_create() with params.snp)
 * @id: kvm_sev_cmd.id: KVM_SEV_SNP_LAUNCH_UPDATE or _FINISH
 *
 * Called under kvm->lock right before the command runs.  When upstream's
 * SNP_LAUNCH_FINISH is chosen, it measures every VMSA itself: from then on
 * a VMSA supplied on a vCPU fd is refused (SEV_LAUNCH_ERR_FINISHED), so a
 * supplied VMSA is always measured by the FINISH that follows it.
 *
 * Return: true if sevl_kvm_vm_ioctl() handles @id for @vm; false to let
 * upstream's snp_launch_update() / snp_launch_finish() run.
 */
bool sevl_kvm_snp_cmd_handled(struct sevl_kvm_vm *vm, u32 id)
{
	if (!vm || !vm->lsnp)
		return false;
	if (id == KVM_SEV_SNP_LAUNCH_UPDATE)
		return sevl_lsnp_canonical(vm->lsnp);
	if (id == KVM_SEV_SNP_LAUNCH_FINISH)
		return sevl_lsnp_finish_route(vm->lsnp);
	return false;
}
EXPORT_SYMBOL_GPL(sevl_kvm_snp_cmd_handled);

/**
 * sevl_kvm_snp_logged() - upstream's code measured a page or a VMSA
 * @vm: the SNP VM's state
 * @gpa: guest physical address of the page (the VMSA's RMP GPA for a VMSA)
 * @page_type: KVM_SEV_SNP_PAGE_TYPE_* as the firmware measured it, or the
 *	firmware's VMSA page type for a VMSA
 * @page: the plaintext the firmware measured (the VMM's source page, or the
 *	VMSA), or NULL for types measured without contents
 * @vcpu_id: the vCPU whose VMSA it was; ignored for other pages
 *
 * Called after each successful SNP_LAUNCH_UPDATE in kvm_amd's default-mode
 * path, under kvm->lock.
 */
void sevl_kvm_snp_logged(struct sevl_kvm_vm *vm, u64 gpa, u8 page_type,
			 const void *page, u32 vcpu_id)
{
	if (vm)
		sevl_lsnp_logged(vm->lsnp, gpa, page_type, page, vcpu_id);
}
EXPORT_SYMBOL_GPL(sevl_kvm_snp_logged);
