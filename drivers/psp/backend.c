// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: which back end is the SEV platform, next to upstream's ccp.
 *
 * Back ends: the software firmware and the PCI driver (register level, the
 * PSP driver runs the mailbox and the platform state itself), and the ccp
 * back end (command level: ccp drives the PSP, owns the platform state and
 * /dev/sev, and sev-launch reaches the firmware through ccp's exported
 * functions).  The policy, in sevl_psp_choose():
 *  - the first mailbox bound becomes the platform, others stay unused;
 *  - a ccp mailbox never registers sev-launch's /dev/sev: ccp has one;
 *  - a mailbox of ours is not used, and registers no /dev/sev, while ccp
 *    drives a PSP, since ccp's /dev/sev has the same name and the two
 *    drivers' platform state machines would fight over one firmware.
 *
 * "ccp drives a PSP" is read from the PCI functions: a PSP function bound
 * to the driver named "ccp".  kvm_amd asks for the platform once, at its
 * initialisation; if nothing is bound then, the PSP driver loads the ccp
 * back end by name first (sevl_psp_find_backend()), so the outcome does
 * not depend on the order in which modules were loaded.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/kmod.h>
#include <linux/pci.h>
#include <linux/string.h>
#include <sev-launch/kunit.h>
#include <sev-launch/psp.h>

#include "core.h"
#include "mbox.h"

/**
 * sevl_psp_choose() - the role of a mailbox that just bound
 * @ccp: what ccp offers (enum sevl_ccp_presence)
 * @managed: the mailbox is ccp's (a command-level back end)
 * @have_platform: another mailbox already is the platform
 * @role: receives the decision
 */
void sevl_psp_choose(enum sevl_ccp_presence ccp, bool managed,
		     bool have_platform, struct sevl_psp_role *role)
{
	role->platform = !have_platform && (managed || ccp != SEVL_CCP_PSP);
	role->dev_sev = role->platform && !managed;
}

SEVL_EXPORT_FOR_KUNIT(sevl_psp_choose);

/* The PSP functions that carry an SEV mailbox (as drivers/transport/). */
static const struct pci_device_id sevl_psp_pci_ids[] = {
	{ PCI_VDEVICE(AMD, 0x1456) },
	{ PCI_VDEVICE(AMD, 0x1486) },
	{ PCI_VDEVICE(AMD, 0x14ca) },
	{ PCI_VDEVICE(AMD, 0x156e) },
	{ }
};

/**
 * sevl_psp_ccp_presence() - does ccp drive a PSP on this machine?
 *
 * Return: SEVL_CCP_ABSENT on kernels without ccp's PSP support,
 * SEVL_CCP_PSP when a PSP PCI function is bound to ccp, else
 * SEVL_CCP_NO_PSP.
 */
enum sevl_ccp_presence sevl_psp_ccp_presence(void)
{
	const struct pci_device_id *id;
	enum sevl_ccp_presence ret = SEVL_CCP_NO_PSP;
	struct pci_dev *pdev;

	if (!IS_ENABLED(CONFIG_CRYPTO_DEV_SP_PSP))
		return SEVL_CCP_ABSENT;
	for (id = sevl_psp_pci_ids; id->vendor; id++) {
		pdev = NULL;
		while ((pdev = pci_get_device(id->vendor, id->device, pdev))) {
			/*
			 * No device lock: the PCI back end's mailbox probes
			 * inside its PCI function's probe, which holds it.
			 */
			struct device_driver *drv = READ_ONCE(pdev->dev.driver);

			if (drv && !strcmp(drv->name, "ccp"))
				ret = SEVL_CCP_PSP;
		}
	}
	return ret;
}

/**
 * sevl_psp_find_backend() - give a late back end its chance, once
 *
 * Called when the platform is asked for and none is bound.  Loads the ccp
 * back end (and with it ccp) when it is a module: its initialisation
 * registers ccp's mailbox synchronously, so the caller finds the platform
 * right after.  The software firmware and the PCI back end are never
 * loaded this way: both are an administrator's choice.
 */
void sevl_psp_find_backend(void)
{
	static atomic_t tried = ATOMIC_INIT(0);

	if (!IS_MODULE(CONFIG_SEV_LAUNCH_PSP_CCP) || atomic_xchg(&tried, 1))
		return;
	request_module("sev-psp-ccp");
}

/**
 * sevl_psp_managed_cmd() - one command through a command-level back end
 * @psp: platform with @psp->managed, with @psp->state_lock held
 * @file: a VMM's /dev/sev, or NULL for the kernel's own commands
 * @cmd: command id
 * @data: command buffer, or NULL for commands without one
 * @fw_status: firmware status out, may be NULL
 *
 * The same checks as the mailbox (known command, buffer present).  After
 * -ETIMEDOUT the other driver gives up on the PSP for good, so whatever
 * was armed for @data (late.c) is kept forever at once.
 *
 * Return: as sevl_mbox_cmd(); -EBADF if the back end refuses @file.
 */
int sevl_psp_managed_cmd(struct sevl_psp *psp, struct file *file, u32 cmd,
			 void *data, u32 *fw_status)
{
	const struct sevl_cmd_info *ci = sevl_cmd_lookup(cmd);
	const struct sevl_transport_ops *ops = psp->t->ops;
	u32 st = SEVL_FW_NOT_CALLED;
	int ret;

	lockdep_assert_held(&psp->state_lock);
	if (!ci || (ci->len && !data)) {
		ret = -EINVAL;
		goto out;
	}
	if (!ci->len)
		data = NULL;
	if (file)
		ret = ops->cmd_file(psp->t, file, cmd, data, &st);
	else
		ret = ops->cmd(psp->t, cmd, data, &st);
	if (ret == -ETIMEDOUT) {
		sevl_late_take(psp->late_key, data, cmd);
		sevl_late_dead(psp->late_key);
		dev_err(psp->dev, "command %#x (%s) timed out in %s\n", cmd,
			ci->name, psp->t->name ?: "?");
	}
	/* ccp checked @file before reaching the firmware: it is ccp's. */
	if (file && st != SEVL_FW_NOT_CALLED)
		WRITE_ONCE(psp->ext_fops, file->f_op);
out:
	if (fw_status)
		*fw_status = st;
	return ret;
}
