// SPDX-License-Identifier: GPL-2.0
/*
 * sev-launch KVM handler: the SEV-SNP platform as upstream's SNP code in
 * kvm_amd uses it.
 *
 * With CONFIG_KVM_AMD_SEV_LAUNCH, kvm_amd's sev.c runs upstream's SNP
 * launch (SNP_GCTX_CREATE, SNP_LAUNCH_START, SNP_ACTIVATE,
 * SNP_LAUNCH_UPDATE, SNP_LAUNCH_FINISH, SNP_DECOMMISSION, SNP_PAGE_RECLAIM
 * and SNP_DF_FLUSH) on sev-launch's platform instead of ccp's: the ccp
 * functions it names (sev_do_cmd(), sev_issue_cmd_external_user(),
 * snp_alloc_firmware_page(), snp_free_firmware_page()) become these, so
 * kvm_amd imports this module's symbols only.  Only those SNP commands
 * pass; every other command fails with -ENODEV as on a kernel without a
 * PSP driver, so what the patch keeps closed (SEV migration, ccp's
 * platform INIT/SHUTDOWN...) stays closed.
 *
 * The RMP functions are for the software firmware only: on real hardware
 * kvm_amd calls the kernel's RMP functions itself.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/sev-launch.h>
#include <asm/smp.h>
#include <sev-launch/fw.h>
#include <sev-launch/kvm.h>
#include <sev-launch/psp.h>

#include "kvm.h"

static bool sevl_kvm_snp_cmd_allowed(u32 cmd)
{
	switch (cmd) {
	case SEVL_CMD_SNP_GCTX_CREATE:
	case SEVL_CMD_SNP_LAUNCH_START:
	case SEVL_CMD_SNP_ACTIVATE:
	case SEVL_CMD_SNP_LAUNCH_UPDATE:
	case SEVL_CMD_SNP_LAUNCH_FINISH:
	case SEVL_CMD_SNP_DECOMMISSION:
	case SEVL_CMD_SNP_PAGE_RECLAIM:
	case SEVL_CMD_SNP_DF_FLUSH:
		return true;
	default:
		return false;
	}
}

/* Upstream's convention: -EIO for any firmware failure, status in *err. */
static int sevl_kvm_snp_result(int ret, u32 fw, int *err)
{
	if (fw == SEVL_FW_NOT_CALLED)
		return ret;
	if (err)
		*err = fw;
	return fw ? -EIO : ret;
}

static void sevl_kvm_snp_wbinvd(void)
{
	wbinvd_on_all_cpus();
}

/**
 * sevl_kvm_snp_do_cmd() - sev_do_cmd() for kvm_amd's SNP code
 * @cmd: SEV_CMD_SNP_* command id
 * @data: command buffer (upstream's struct sev_data_snp_*)
 * @psp_ret: receives the firmware status if the firmware ran; may be NULL
 *
 * SNP_DF_FLUSH does a WBINVD on every CPU again where the PSP driver holds
 * every DEACTIVATE and SNP_DECOMMISSION off (as sevl_kvm_df_flush()), so
 * none of sev-launch's own falls between kvm_amd's WBINVD and the flush.
 *
 * Context: process context.
 * Return: 0; -ENODEV for a command kvm_amd may not send this way or without
 * a platform; -EIO if the firmware failed; another errno from the PSP
 * driver.
 */
int sevl_kvm_snp_do_cmd(int cmd, void *data, int *psp_ret)
{
	u32 fw = SEVL_FW_NOT_CALLED;
	int ret;

	if (cmd < 0 || !sevl_kvm_snp_cmd_allowed(cmd))
		return -ENODEV;
	if (cmd == SEVL_CMD_SNP_DF_FLUSH)
		ret = sevl_psp_snp_df_flush_after(sevl_kvm_snp_wbinvd, &fw);
	else
		ret = sevl_psp_issue(cmd, data, &fw);
	return sevl_kvm_snp_result(ret, fw, psp_ret);
}
EXPORT_SYMBOL_GPL(sevl_kvm_snp_do_cmd);

/**
 * sevl_kvm_snp_issue_cmd() - sev_issue_cmd_external_user() for kvm_amd's
 *	SNP code
 * @filep: the file the VMM named as /dev/sev
 * @cmd: SEV_CMD_SNP_* command id
 * @data: command buffer
 * @error: receives the firmware status if the firmware ran
 *
 * Context: process context.
 * Return: -EBADF if @filep is not /dev/sev, else as sevl_kvm_snp_do_cmd().
 */
int sevl_kvm_snp_issue_cmd(struct file *filep, unsigned int cmd, void *data,
			   int *error)
{
	u32 fw = SEVL_FW_NOT_CALLED;
	int ret;

	if (!sevl_kvm_snp_cmd_allowed(cmd))
		return -ENODEV;
	if (cmd == SEVL_CMD_SNP_DF_FLUSH)
		return sevl_kvm_snp_do_cmd(cmd, data, error);
	ret = sevl_psp_issue_external(filep, cmd, data, &fw);
	return sevl_kvm_snp_result(ret, fw, error);
}
EXPORT_SYMBOL_GPL(sevl_kvm_snp_issue_cmd);

/**
 * sevl_kvm_snp_alloc_firmware_page() - snp_alloc_firmware_page()
 * @gfp: allocation flags
 *
 * Return: the page's address, a firmware page while SEV-SNP is
 * initialised, or NULL.
 */
void *sevl_kvm_snp_alloc_firmware_page(gfp_t gfp)
{
	return sevl_psp_snp_alloc_firmware_page(gfp);
}
EXPORT_SYMBOL_GPL(sevl_kvm_snp_alloc_firmware_page);

/**
 * sevl_kvm_snp_free_firmware_page() - snp_free_firmware_page()
 * @addr: page from sevl_kvm_snp_alloc_firmware_page(), or NULL
 */
void sevl_kvm_snp_free_firmware_page(void *addr)
{
	sevl_psp_snp_free_firmware_page(addr);
}
EXPORT_SYMBOL_GPL(sevl_kvm_snp_free_firmware_page);

/**
 * sevl_kvm_rmp_make_private() - rmp_make_private() of a 4 KiB page on the
 *	software firmware's emulated RMP
 * @pfn: page frame
 * @gpa: guest physical address
 * @asid: guest ASID
 * @immutable: Pre-Guest instead of Guest-Invalid
 *
 * Return: 0 or a negative errno.
 */
int sevl_kvm_rmp_make_private(u64 pfn, u64 gpa, u32 asid, bool immutable)
{
	return sevl_psp_rmp_make_private(pfn, gpa, asid, immutable);
}
EXPORT_SYMBOL_GPL(sevl_kvm_rmp_make_private);

/**
 * sevl_kvm_rmp_make_shared() - rmp_make_shared() of a 4 KiB page on the
 *	emulated RMP
 * @pfn: page frame
 *
 * Return: 0 or a negative errno.
 */
int sevl_kvm_rmp_make_shared(u64 pfn)
{
	return sevl_psp_rmp_make_shared(pfn);
}
EXPORT_SYMBOL_GPL(sevl_kvm_rmp_make_shared);

/**
 * sevl_kvm_rmp_lookup() - snp_lookup_rmpentry() on the emulated RMP
 * @pfn: page frame
 * @assigned: receives the assigned bit
 * @level: receives the page level (always 4 KiB there)
 *
 * Return: 0 or a negative errno.
 */
int sevl_kvm_rmp_lookup(u64 pfn, bool *assigned, int *level)
{
	return sevl_psp_rmp_lookup(pfn, assigned, level);
}
EXPORT_SYMBOL_GPL(sevl_kvm_rmp_lookup);

/**
 * sevl_kvm_snp_leak_pages() - snp_leak_pages() on the emulated platform
 * @pfn: first page frame
 * @npages: number of pages
 */
void sevl_kvm_snp_leak_pages(u64 pfn, unsigned int npages)
{
	sevl_psp_snp_leak_pages(pfn, npages);
}
EXPORT_SYMBOL_GPL(sevl_kvm_snp_leak_pages);
