// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: the kernel API of <sev-launch/psp.h>, used by the KVM launch
 * handler.  Every function works on the SEV platform (the first bound
 * mailbox) and returns -ENODEV when there is none.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/major.h>
#include <linux/rwsem.h>
#include <sev-launch/psp.h>

#include "core.h"
#include "mbox.h"

static void sevl_psp_not_called(u32 *fw_status)
{
	if (fw_status)
		*fw_status = SEVL_FW_NOT_CALLED;
}

/**
 * sevl_psp_get_info() - describe the SEV platform
 * @info: filled on success
 *
 * The ASID range comes from the back end when it describes one (the
 * software firmware), else from CPUID 0x8000001F.  SEV-ES is reported when
 * ASIDs below the first plain-SEV ASID exist.  Without a platform, a back
 * end that is a module (ccp's) is loaded first: kvm_amd asks once, at its
 * initialisation, whatever order the modules came in.
 *
 * Context: process context.
 * Return: 0, or -ENODEV if there is no SEV platform.
 */
int sevl_psp_get_info(struct sevl_psp_info *info)
{
	struct sevl_psp *psp = sevl_psp_get();

	if (!psp) {
		sevl_psp_find_backend();
		psp = sevl_psp_get();
	}
	if (!psp)
		return -ENODEV;
	memset(info, 0, sizeof(*info));
	info->api_major = psp->status.api_major;
	info->api_minor = psp->status.api_minor;
	info->build = psp->status.build;
	info->state = psp->status.state;
	info->es = psp->min_sev_asid > 1;
	info->nr_asids = psp->nr_asids;
	info->min_sev_asid = psp->min_sev_asid;
	info->backend = psp->t->name;
	info->snp = psp->snp_init;
	info->snp_emulated = psp->snp_init &&
			     psp->t->snp == SEVL_SNP_EMULATED;
	sevl_psp_put();
	return 0;
}
EXPORT_SYMBOL_GPL(sevl_psp_get_info);

/*
 * DEACTIVATE against WBINVD + DF_FLUSH, as upstream KVM's
 * sev_deactivate_lock orders them: an ASID deactivated after the WBINVD
 * but before the DF_FLUSH may still have dirty cache lines when it is
 * handed to the next guest, and the firmware fails that DF_FLUSH.  Any
 * number of DEACTIVATEs at once (read side), or one flush (write side).
 * Taken here, for every DEACTIVATE whoever issues it (teardown, an undone
 * LAUNCH_START, a late completion's clean-up, a parked guest's retry), so
 * callers need no lock of their own; taken before the state lock.
 */
static DECLARE_RWSEM(sevl_psp_flush_lock);

static int sevl_psp_flush_after(u32 cmd, void (*wbinvd)(void),
				u32 *fw_status);

static int __sevl_psp_issue(u32 cmd, void *data, u32 *fw_status)
{
	struct sevl_psp *psp = sevl_psp_get();
	int ret;

	if (!psp) {
		sevl_psp_not_called(fw_status);
		return -ENODEV;
	}
	/*
	 * Every command, guest commands included, is ordered with platform
	 * state changes and with /dev/sev's INIT/command/SHUTDOWN sequence
	 * (as upstream's single command mutex does): a guest command never
	 * runs inside another caller's temporary INIT, whose SHUTDOWN would
	 * silently drop the guest it created or used.
	 */
	mutex_lock(&psp->state_lock);
	ret = sevl_psp_do_cmd(psp, cmd, data, fw_status);
	mutex_unlock(&psp->state_lock);
	sevl_psp_put();
	return ret;
}

/**
 * sevl_psp_issue() - run one firmware command
 * @cmd: command id (SEVL_CMD_*)
 * @data: command buffer of the size the command defines (struct
 *	sevl_fw_*), or NULL for commands without one.  Addresses in it are
 *	system physical addresses (with the C-bit where the firmware expects
 *	it); the memory they name must be prepared by the caller.  The buffer
 *	is updated from the firmware's copy even when the command fails.
 * @fw_status: receives the firmware status or SEVL_FW_NOT_CALLED; may be
 *	NULL
 *
 * Runs under the platform's state lock, so never inside the temporary
 * INIT of a /dev/sev command.  If the command hands the firmware memory,
 * arm a struct sevl_psp_late for @data first (sevl_psp_late_arm()): after
 * -ETIMEDOUT the firmware may still use that memory.
 *
 * A DEACTIVATE waits while a DF_FLUSH is under way (see
 * sevl_psp_df_flush_after()).
 *
 * Context: process context; sleeps until the command completes.
 * Return: 0; -ENODEV without a platform; -EINVAL for a command the driver
 * does not know or a missing buffer; -EBUSY while an earlier timed-out
 * command is still pending; -ETIMEDOUT; or sevl_psp_status_errno() of the
 * firmware status.
 */
int sevl_psp_issue(u32 cmd, void *data, u32 *fw_status)
{
	int ret;

	if (cmd == SEVL_CMD_DF_FLUSH || cmd == SEVL_CMD_SNP_DF_FLUSH)
		return sevl_psp_flush_after(cmd, NULL, fw_status);
	/* SNP_DECOMMISSION unbinds the ASID as a DEACTIVATE does. */
	if (cmd != SEVL_CMD_DEACTIVATE && cmd != SEVL_CMD_SNP_DECOMMISSION)
		return __sevl_psp_issue(cmd, data, fw_status);
	down_read(&sevl_psp_flush_lock);
	ret = __sevl_psp_issue(cmd, data, fw_status);
	up_read(&sevl_psp_flush_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_psp_issue);

/* Could @file be the /dev/sev of the driver a managed @psp goes through? */
static bool sevl_psp_ext_file(struct sevl_psp *psp, struct file *file)
{
	const struct file_operations *fops = READ_ONCE(psp->ext_fops);
	struct inode *inode = file_inode(file);

	if (fops)
		return file->f_op == fops;
	/* Until ccp accepted one: a misc device; ccp checks when issuing. */
	return S_ISCHR(inode->i_mode) && imajor(inode) == MISC_MAJOR;
}

/**
 * sevl_psp_file_is_sev() - whether a file is an open /dev/sev
 * @file: file, may be NULL
 *
 * Any open mode is accepted, as upstream does for KVM (the KVM selftests
 * open /dev/sev read-only).  When the platform is ccp's, /dev/sev is ccp's:
 * its file operations are recognised once ccp accepted one such file for a
 * command; before that any misc device passes here and ccp itself refuses
 * the wrong ones when the command is issued (-EBADF, nothing sent).
 *
 * Return: true if @file is the /dev/sev of the SEV platform's driver.
 */
bool sevl_psp_file_is_sev(struct file *file)
{
	struct sevl_psp *psp;
	bool ret;

	if (!file)
		return false;
	if (file->f_op == &sevl_dev_fops)
		return true;
	psp = sevl_psp_get();
	if (!psp)
		return false;
	ret = psp->managed && sevl_psp_ext_file(psp, file);
	sevl_psp_put();
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_psp_file_is_sev);

/**
 * sevl_psp_issue_external() - run a command on behalf of a /dev/sev holder
 * @sev_file: the file the caller presented as /dev/sev
 * @cmd: command id
 * @data: command buffer, as for sevl_psp_issue()
 * @fw_status: firmware status out, may be NULL
 *
 * On a ccp platform the command goes through ccp's
 * sev_issue_cmd_external_user(), which checks that @sev_file is ccp's
 * /dev/sev.
 *
 * Context: process context.
 * Return: -EBADF if @sev_file is not /dev/sev (nothing sent), else as
 * sevl_psp_issue().
 */
int sevl_psp_issue_external(struct file *sev_file, u32 cmd, void *data,
			    u32 *fw_status)
{
	struct sevl_psp *psp;
	int ret;

	if (!sev_file || !sevl_psp_file_is_sev(sev_file)) {
		sevl_psp_not_called(fw_status);
		return -EBADF;
	}
	if (sev_file->f_op == &sevl_dev_fops)
		return sevl_psp_issue(cmd, data, fw_status);
	psp = sevl_psp_get();
	if (!psp) {
		sevl_psp_not_called(fw_status);
		return -ENODEV;
	}
	mutex_lock(&psp->state_lock);
	ret = sevl_psp_managed_cmd(psp, sev_file, cmd, data, fw_status);
	mutex_unlock(&psp->state_lock);
	sevl_psp_put();
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_psp_issue_external);

/**
 * sevl_psp_platform_init() - make sure the firmware is initialised
 * @fw_status: firmware status of a failing INIT or DF_FLUSH, may be NULL
 *
 * If the platform is UNINIT: INIT with the SEV-ES flag and a 1 MiB TMR
 * (when SEV-ES ASIDs exist), then DF_FLUSH.  Already initialised: nothing
 * to do.  The platform stays initialised until a /dev/sev FACTORY_RESET or
 * the driver unbinds.
 *
 * Context: process context.
 * Return: 0, -ENODEV, -ENOMEM, or the errno of the failing command.
 */
int sevl_psp_platform_init(u32 *fw_status)
{
	struct sevl_psp *psp = sevl_psp_get();
	int ret;

	if (!psp) {
		sevl_psp_not_called(fw_status);
		return -ENODEV;
	}
	mutex_lock(&psp->state_lock);
	ret = sevl_psp_init_locked(psp, fw_status);
	mutex_unlock(&psp->state_lock);
	sevl_psp_put();
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_psp_platform_init);

/**
 * sevl_psp_activate() - bind an ASID to a guest (ACTIVATE)
 * @handle: guest handle
 * @asid: ASID
 * @fw_status: firmware status out, may be NULL
 *
 * Context: process context.
 * Return: as sevl_psp_issue().
 */
int sevl_psp_activate(u32 handle, u32 asid, u32 *fw_status)
{
	struct sevl_fw_activate data = { .handle = handle, .asid = asid };

	return sevl_psp_issue(SEVL_CMD_ACTIVATE, &data, fw_status);
}
EXPORT_SYMBOL_GPL(sevl_psp_activate);

/**
 * sevl_psp_deactivate() - unbind a guest's ASID (DEACTIVATE)
 * @handle: guest handle
 * @fw_status: firmware status out, may be NULL
 *
 * The caller does the WBINVD / DF_FLUSH the SEV API requires before the
 * ASID is reused.
 *
 * Context: process context.
 * Return: as sevl_psp_issue().
 */
int sevl_psp_deactivate(u32 handle, u32 *fw_status)
{
	struct sevl_fw_handle data = { .handle = handle };

	return sevl_psp_issue(SEVL_CMD_DEACTIVATE, &data, fw_status);
}
EXPORT_SYMBOL_GPL(sevl_psp_deactivate);

/**
 * sevl_psp_decommission() - destroy a guest context (DECOMMISSION)
 * @handle: guest handle
 * @fw_status: firmware status out, may be NULL
 *
 * Context: process context.
 * Return: as sevl_psp_issue().
 */
int sevl_psp_decommission(u32 handle, u32 *fw_status)
{
	struct sevl_fw_handle data = { .handle = handle };

	return sevl_psp_issue(SEVL_CMD_DECOMMISSION, &data, fw_status);
}
EXPORT_SYMBOL_GPL(sevl_psp_decommission);

/**
 * sevl_psp_df_flush() - flush the data fabric write buffers (DF_FLUSH)
 * @fw_status: firmware status out, may be NULL
 *
 * The caller must have run WBINVD on every CPU first (SEV API).
 *
 * Context: process context.
 * Return: as sevl_psp_issue().
 */
int sevl_psp_df_flush(u32 *fw_status)
{
	return sevl_psp_df_flush_after(NULL, fw_status);
}
EXPORT_SYMBOL_GPL(sevl_psp_df_flush);

/**
 * sevl_psp_df_flush_after() - @wbinvd, then DF_FLUSH, with no DEACTIVATE
 *	in between or during
 * @wbinvd: the caller's WBINVD on every CPU, or NULL if already done and
 *	no DEACTIVATE can have followed it
 * @fw_status: firmware status out, may be NULL
 *
 * Every DEACTIVATE (sevl_psp_issue()) waits until the DF_FLUSH is done,
 * and @wbinvd runs only once the DEACTIVATEs already issued are finished.
 *
 * Context: process context.
 * Return: as sevl_psp_issue().
 */
int sevl_psp_df_flush_after(void (*wbinvd)(void), u32 *fw_status)
{
	return sevl_psp_flush_after(SEVL_CMD_DF_FLUSH, wbinvd, fw_status);
}
EXPORT_SYMBOL_GPL(sevl_psp_df_flush_after);

/**
 * sevl_psp_snp_df_flush_after() - @wbinvd, then SNP_DF_FLUSH, with no
 *	DEACTIVATE or SNP_DECOMMISSION in between or during
 * @wbinvd: as for sevl_psp_df_flush_after()
 * @fw_status: firmware status out, may be NULL
 *
 * The flush of ASID recycling once SEV-SNP is initialised, as upstream KVM
 * issues it then.
 *
 * Context: process context.
 * Return: as sevl_psp_issue().
 */
int sevl_psp_snp_df_flush_after(void (*wbinvd)(void), u32 *fw_status)
{
	return sevl_psp_flush_after(SEVL_CMD_SNP_DF_FLUSH, wbinvd, fw_status);
}
EXPORT_SYMBOL_GPL(sevl_psp_snp_df_flush_after);

static int sevl_psp_flush_after(u32 cmd, void (*wbinvd)(void),
				u32 *fw_status)
{
	int ret;

	down_write(&sevl_psp_flush_lock);
	if (wbinvd)
		wbinvd();
	ret = __sevl_psp_issue(cmd, NULL, fw_status);
	up_write(&sevl_psp_flush_lock);
	return ret;
}
