// SPDX-License-Identifier: GPL-2.0
/*
 * ccp back end of the PSP driver: the SEV firmware of a PSP that upstream's
 * ccp driver (drivers/crypto/ccp, CRYPTO_DEV_SP_PSP) drives.
 *
 * On a distro kernel ccp owns the PSP PCI function: its crypto, TEE and
 * platform-access users need it, and it offers /dev/sev.  This back end
 * never touches the PSP's registers.  It checks whether ccp has a PSP with
 * SEV (PLATFORM_STATUS through sev_platform_status(), -ENODEV when not)
 * and, if so, registers a "sev-mbox" device whose transport is
 * command-level: every command goes through ccp's exported functions,
 * which copy the command buffer into ccp's own buffer (so ours may live
 * anywhere, the stack included) and serialise with ccp's other users.
 *
 * ccp keeps the platform state.  The PSP driver then never issues INIT,
 * SHUTDOWN or any other command that changes it: it asks ccp for INIT with
 * sev_platform_init() (which is a no-op when ccp already did it, e.g. with
 * ccp's psp_init_on_probe), leaves SHUTDOWN to ccp, and registers no
 * /dev/sev of its own - ccp's is the one.  Commands that VMMs issue through
 * KVM name ccp's /dev/sev and go through sev_issue_cmd_external_user(),
 * which checks that the file is ccp's.
 *
 * Kernel versions: 6.12 exports sev_do_cmd() and takes struct
 * sev_platform_init_args; 6.1 exports neither, so there the kernel's own
 * commands are limited to those ccp exports one by one (ACTIVATE,
 * DEACTIVATE, DECOMMISSION, DF_FLUSH, PLATFORM_STATUS) - which are all the
 * KVM side issues outside a VMM's /dev/sev.
 *
 * Loading: the module carries the PSP's PCI ids without claiming them, so
 * udev loads it next to ccp; the PSP driver also asks for it by name
 * (request_module()) the first time it is asked for a platform and has
 * none, which makes kvm_amd independent of the order modules load in.
 */
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/psp-sev.h>
#include <sev-launch/ccp.h>
#include <sev-launch/init.h>
#include <sev-launch/kunit.h>
#include <sev-launch/psp.h>
#include <sev-launch/transport.h>

/*
 * ccp copies a command buffer of the length it knows for the command in,
 * and the same length back out: every command this back end lets through
 * must have the same layout in ccp and in sev-launch (the SEV API's).
 * ATTESTATION_REPORT's is checked by the KUnit suite (cmdtab.c keeps it).
 */
#define SEVL_CCP_SAME(ccp, ours) \
	static_assert(sizeof(struct ccp) == sizeof(struct ours))
SEVL_CCP_SAME(sev_user_data_status, sevl_fw_platform_status);
SEVL_CCP_SAME(sev_data_pek_csr, sevl_fw_addr_len);
SEVL_CCP_SAME(sev_data_get_id, sevl_fw_addr_len);
SEVL_CCP_SAME(sev_data_pdh_cert_export, sevl_fw_pdh_cert_export);
SEVL_CCP_SAME(sev_data_activate, sevl_fw_activate);
SEVL_CCP_SAME(sev_data_deactivate, sevl_fw_handle);
SEVL_CCP_SAME(sev_data_decommission, sevl_fw_handle);
SEVL_CCP_SAME(sev_data_guest_status, sevl_fw_guest_status);
SEVL_CCP_SAME(sev_data_launch_start, sevl_fw_launch_start);
SEVL_CCP_SAME(sev_data_launch_update_data, sevl_fw_launch_update);
SEVL_CCP_SAME(sev_data_launch_update_vmsa, sevl_fw_launch_update);
SEVL_CCP_SAME(sev_data_launch_measure, sevl_fw_launch_measure);
SEVL_CCP_SAME(sev_data_launch_secret, sevl_fw_launch_secret);
SEVL_CCP_SAME(sev_data_launch_finish, sevl_fw_handle);
SEVL_CCP_SAME(sev_data_dbg, sevl_fw_dbg);

/*
 * SEVL_CCP_HAS_DO_CMD comes from Kbuild, which looks for sev_do_cmd() in
 * the kernel's <linux/psp-sev.h>: it arrived together with struct
 * sev_platform_init_args (present in 6.12, absent in 6.1).
 */
#ifndef SEVL_CCP_HAS_DO_CMD
#define SEVL_CCP_HAS_DO_CMD 0
#endif

/* A status the firmware never returns (16-bit field): "not reached". */
#define SEVL_CCP_NO_STATUS	(-1)

static int sevl_ccp_real_status(struct sevl_fw_platform_status *st,
				int *error)
{
	return sev_platform_status((struct sev_user_data_status *)st, error);
}

static int sevl_ccp_real_cmd(u32 cmd, void *data, int *error)
{
#if SEVL_CCP_HAS_DO_CMD
	return sev_do_cmd(cmd, data, error);
#else
	switch (cmd) {
	case SEVL_CMD_PLATFORM_STATUS:
		return sev_platform_status(data, error);
	case SEVL_CMD_ACTIVATE:
		return sev_guest_activate(data, error);
	case SEVL_CMD_DEACTIVATE:
		return sev_guest_deactivate(data, error);
	case SEVL_CMD_DECOMMISSION:
		return sev_guest_decommission(data, error);
	case SEVL_CMD_DF_FLUSH:
		return sev_guest_df_flush(error);
	default:
		return -EOPNOTSUPP;
	}
#endif
}

static int sevl_ccp_real_external(struct file *file, u32 cmd, void *data,
				  int *error)
{
	return sev_issue_cmd_external_user(file, cmd, data, error);
}

static int sevl_ccp_real_init(int *error)
{
#if SEVL_CCP_HAS_DO_CMD
	struct sev_platform_init_args args = { .error = SEVL_CCP_NO_STATUS };
	int ret = sev_platform_init(&args);

	*error = args.error;
	return ret;
#else
	return sev_platform_init(error);
#endif
}

/* ccp's exported interface, as struct sevl_ccp_api. */
const struct sevl_ccp_api sevl_ccp_real = {
	.status = sevl_ccp_real_status,
	.cmd = sevl_ccp_real_cmd,
	.external = sevl_ccp_real_external,
	.init = sevl_ccp_real_init,
};

SEVL_EXPORT_FOR_KUNIT(sevl_ccp_real);

/**
 * sevl_ccp_detect() - does ccp drive a PSP with SEV?
 * @api: ccp's interface, or NULL when ccp is not part of this kernel
 * @st: receives the platform status when ccp has a PSP and answered; may
 *	be NULL
 *
 * Any answer but -ENODEV means ccp owns a PSP, even a failed command (a
 * PSP ccp declared dead answers -EBUSY): the PCI function is then ccp's
 * and nothing else may drive it.
 *
 * Return: enum sevl_ccp_presence.
 */
enum sevl_ccp_presence sevl_ccp_detect(const struct sevl_ccp_api *api,
				       struct sevl_fw_platform_status *st)
{
	struct sevl_fw_platform_status tmp = {};
	int err = SEVL_CCP_NO_STATUS;

	if (!api || !api->status)
		return SEVL_CCP_ABSENT;
	if (api->status(&tmp, &err) == -ENODEV)
		return SEVL_CCP_NO_PSP;
	if (st)
		*st = tmp;
	return SEVL_CCP_PSP;
}

SEVL_EXPORT_FOR_KUNIT(sevl_ccp_detect);

/**
 * sevl_ccp_cmd_allowed() - may sev-launch issue this command through ccp?
 * @cmd: command id
 *
 * A list of what may pass, not of what may not: the guest commands, and
 * the platform queries that change nothing.  Everything else is ccp's or
 * unknown here.  Commands that change the platform state or its identity
 * (INIT, INIT_EX, SHUTDOWN, FACTORY_RESET, PEK_GEN, PEK_CERT_IMPORT,
 * PDH_GEN, DOWNLOAD_FIRMWARE, and SNP's INIT, SHUTDOWN, CONFIG, COMMIT,
 * DOWNLOAD_FIRMWARE_EX...) belong to ccp: issued behind its back they
 * would leave ccp's idea of the state wrong.  And ccp copies each buffer
 * with its own idea of the length, which only the commands below are
 * known to share with sev-launch (SEVL_CCP_SAME above).
 *
 * Return: true for PLATFORM_STATUS, PEK_CSR, PDH_CERT_EXPORT, DF_FLUSH,
 * GET_ID, the guest management commands (ACTIVATE, DEACTIVATE,
 * DECOMMISSION, GUEST_STATUS), the launch commands, ATTESTATION_REPORT
 * and DBG_DECRYPT/DBG_ENCRYPT; false for any other id.
 */
bool sevl_ccp_cmd_allowed(u32 cmd)
{
	switch (cmd) {
	case SEVL_CMD_PLATFORM_STATUS:
	case SEVL_CMD_PEK_CSR:
	case SEVL_CMD_PDH_CERT_EXPORT:
	case SEVL_CMD_DF_FLUSH:
	case SEVL_CMD_GET_ID:
	case SEVL_CMD_DECOMMISSION:
	case SEVL_CMD_ACTIVATE:
	case SEVL_CMD_DEACTIVATE:
	case SEVL_CMD_GUEST_STATUS:
	case SEVL_CMD_LAUNCH_START:
	case SEVL_CMD_LAUNCH_UPDATE_DATA:
	case SEVL_CMD_LAUNCH_UPDATE_VMSA:
	case SEVL_CMD_LAUNCH_MEASURE:
	case SEVL_CMD_LAUNCH_UPDATE_SECRET:
	case SEVL_CMD_LAUNCH_FINISH:
	case SEVL_CMD_ATTESTATION_REPORT:
	case SEVL_CMD_DBG_DECRYPT:
	case SEVL_CMD_DBG_ENCRYPT:
		return true;
	default:
		return false;
	}
}

SEVL_EXPORT_FOR_KUNIT(sevl_ccp_cmd_allowed);

/*
 * ccp's answer (@ret, and @err as ccp left it) in sev-launch's terms: the
 * firmware status only when the firmware answered, and ccp's -EIO for a
 * firmware failure turned into what that status means.
 */
static int sevl_ccp_result(int ret, int err, u32 *fw_status)
{
	*fw_status = SEVL_FW_NOT_CALLED;
	/* ccp writes 0 on a timeout: the status is then unknown. */
	if (ret == -ETIMEDOUT || err < 0)
		return ret;
	*fw_status = err;
	if (ret == -EIO && err)
		return sevl_psp_status_errno(err);
	return ret;
}

/**
 * sevl_ccp_issue() - one command through ccp, with sev-launch's conventions
 * @api: ccp's interface
 * @file: the /dev/sev a VMM named (ccp checks it is its own), or NULL for
 *	the kernel's own commands
 * @cmd: command id
 * @data: command buffer, or NULL for commands without one
 * @fw_status: receives the firmware status, or SEVL_FW_NOT_CALLED when the
 *	firmware was not reached or did not answer
 *
 * ccp answers every firmware failure with -EIO; the PSP driver's contract
 * is sevl_psp_status_errno() of the status, so it is translated here.
 *
 * Return: 0; -EPERM for a command ccp owns or this back end does not carry
 * (sevl_ccp_cmd_allowed(), not sent); ccp's errno when the firmware was
 * not reached (-ENODEV, -EBADF, -EBUSY once ccp gave up on a dead PSP,
 * -ETIMEDOUT, -EOPNOTSUPP); or sevl_psp_status_errno() of the firmware
 * status.
 */
int sevl_ccp_issue(const struct sevl_ccp_api *api, struct file *file,
		   u32 cmd, void *data, u32 *fw_status)
{
	int err = SEVL_CCP_NO_STATUS;
	int ret;

	*fw_status = SEVL_FW_NOT_CALLED;
	if (!sevl_ccp_cmd_allowed(cmd))
		return -EPERM;
	if (file)
		ret = api->external(file, cmd, data, &err);
	else
		ret = api->cmd(cmd, data, &err);
	return sevl_ccp_result(ret, err, fw_status);
}

SEVL_EXPORT_FOR_KUNIT(sevl_ccp_issue);

static int sevl_ccp_t_cmd(struct sevl_transport *t, u32 cmd, void *data,
			  u32 *fw_status)
{
	return sevl_ccp_issue(t->priv, NULL, cmd, data, fw_status);
}

static int sevl_ccp_t_cmd_file(struct sevl_transport *t, struct file *file,
			       u32 cmd, void *data, u32 *fw_status)
{
	return sevl_ccp_issue(t->priv, file, cmd, data, fw_status);
}

static int sevl_ccp_t_platform_init(struct sevl_transport *t, u32 *fw_status)
{
	const struct sevl_ccp_api *api = t->priv;
	int err = SEVL_CCP_NO_STATUS;
	int ret = api->init(&err);

	return sevl_ccp_result(ret, err, fw_status);
}

static const struct sevl_transport_ops sevl_ccp_ops = {
	.cmd = sevl_ccp_t_cmd,
	.cmd_file = sevl_ccp_t_cmd_file,
	.platform_init = sevl_ccp_t_platform_init,
};

/**
 * sevl_ccp_attach() - offer ccp's PSP to the PSP driver
 * @api: ccp's interface (sevl_ccp_real, or a test's stand-in); must stay
 *	valid until sevl_ccp_detach()
 *
 * Return: the registered "sev-mbox" device, or ERR_PTR(-ENODEV) when ccp
 * is absent or drives no PSP with SEV, or another ERR_PTR().
 */
struct platform_device *sevl_ccp_attach(const struct sevl_ccp_api *api)
{
	struct platform_device_info info = {};
	struct sevl_transport t = {};

	if (sevl_ccp_detect(api, NULL) != SEVL_CCP_PSP)
		return ERR_PTR(-ENODEV);
	t.ops = &sevl_ccp_ops;
	t.name = "ccp";
	t.priv = (void *)api;
	info.name = SEVL_MBOX_DEV_NAME;
	info.id = PLATFORM_DEVID_AUTO;
	info.data = &t;		/* copied */
	info.size_data = sizeof(t);
	return platform_device_register_full(&info);
}

SEVL_EXPORT_FOR_KUNIT(sevl_ccp_attach);

/**
 * sevl_ccp_detach() - undo sevl_ccp_attach()
 * @pdev: its device, or an ERR_PTR() or NULL (nothing to do)
 */
void sevl_ccp_detach(struct platform_device *pdev)
{
	if (!IS_ERR_OR_NULL(pdev))
		platform_device_unregister(pdev);
}

SEVL_EXPORT_FOR_KUNIT(sevl_ccp_detach);

static struct platform_device *sevl_ccp_pdev;

static int __init sevl_ccp_init(void)
{
#if !defined(MODULE) && IS_BUILTIN(CONFIG_KVM_AMD) && \
	IS_ENABLED(CONFIG_KVM_AMD_SEV)
	/*
	 * Built in next to a built-in kvm_amd, which looks for the platform
	 * before ccp's own initcall ran: bring ccp up now, as upstream's
	 * kvm_amd does (ccp initialises only once).
	 */
	sev_module_init();
#endif
	sevl_ccp_pdev = sevl_ccp_attach(&sevl_ccp_real);
	if (IS_ERR(sevl_ccp_pdev)) {
		pr_info("sev-psp-ccp: ccp drives no PSP with SEV (%ld)\n",
			PTR_ERR(sevl_ccp_pdev));
		/* As a module there is nothing left to do: do not stay. */
		return IS_MODULE(CONFIG_SEV_LAUNCH_PSP_CCP) ?
			PTR_ERR(sevl_ccp_pdev) : 0;
	}
	pr_info("sev-psp-ccp: the SEV firmware is reached through ccp\n");
	return 0;
}

static void __exit sevl_ccp_exit(void)
{
	sevl_ccp_detach(sevl_ccp_pdev);
}

/*
 * Built in: after ccp's own module_init (device_initcall) unless the
 * early path above brought ccp up already.
 */
#if defined(MODULE) || (IS_BUILTIN(CONFIG_KVM_AMD) && \
			IS_ENABLED(CONFIG_KVM_AMD_SEV))
sevl_initcall(sevl_ccp_init);
#else
late_initcall(sevl_ccp_init);
#endif
module_exit(sevl_ccp_exit);

/*
 * The PSP functions ccp drives: listed for module autoloading only (udev
 * loads this module next to ccp); no PCI driver claims them.
 */
static const struct pci_device_id sevl_ccp_psp_ids[] = {
	{ PCI_VDEVICE(AMD, 0x1456) },
	{ PCI_VDEVICE(AMD, 0x1486) },
	{ PCI_VDEVICE(AMD, 0x14ca) },
	{ PCI_VDEVICE(AMD, 0x156e) },
	{ }
};
MODULE_DEVICE_TABLE(pci, sevl_ccp_psp_ids);

MODULE_DESCRIPTION("sev-launch PSP back end through the ccp driver");
MODULE_LICENSE("GPL");
