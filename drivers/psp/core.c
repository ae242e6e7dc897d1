// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: binding to "sev-mbox" devices and the SEV platform.
 *
 * Every back end (the PCI PSP driver, the software firmware, the ccp back
 * end) registers a platform device named SEVL_MBOX_DEV_NAME carrying a
 * struct sevl_transport.  The first one that probes becomes the SEV
 * platform: the kernel API and /dev/sev talk to it.  Further devices are
 * bound and show up in debugfs, but are not used.  backend.c has the
 * rules next to ccp: a ccp mailbox ("managed") leaves the platform state
 * and /dev/sev to ccp.
 *
 * Lifetime: the platform pointer is protected by a rw_semaphore.  Every
 * command holds it for reading, so unbinding the platform device waits for
 * commands in flight and later callers get -ENODEV.
 */
#include <linux/kernel.h>
#include <linux/cpufeature.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/error-injection.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/rwsem.h>
#include <linux/sev-launch.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <sev-launch/init.h>
#include <sev-launch/kunit.h>
#include <sev-launch/psp.h>

#include "core.h"
#include "mbox.h"

static DECLARE_RWSEM(sevl_psp_sem);
static struct sevl_psp *sevl_psp_master;

/**
 * sevl_psp_get() - the SEV platform, held for one operation
 *
 * Return: the platform, or NULL (and nothing held) if there is none.
 * Release with sevl_psp_put().
 */
struct sevl_psp *sevl_psp_get(void)
{
	down_read(&sevl_psp_sem);
	if (!sevl_psp_master) {
		up_read(&sevl_psp_sem);
		return NULL;
	}
	return sevl_psp_master;
}

/**
 * sevl_psp_put() - release what sevl_psp_get() returned
 */
void sevl_psp_put(void)
{
	up_read(&sevl_psp_sem);
}

/* Changes whenever a firmware forgets every guest: SHUTDOWN, a new bind. */
static atomic64_t sevl_psp_epoch_ctr = ATOMIC64_INIT(1);

/**
 * sevl_psp_epoch() - which life of the firmware's guest table this is
 *
 * Guest handles are only meaningful within one epoch: SHUTDOWN (also the
 * one when the driver unbinds) removes every guest, and the firmware then
 * hands the same handles to new guests.
 *
 * Return: a number that changes whenever the firmware forgets its guests.
 */
u64 sevl_psp_epoch(void)
{
	return atomic64_read(&sevl_psp_epoch_ctr);
}
EXPORT_SYMBOL_GPL(sevl_psp_epoch);

/**
 * sevl_psp_do_cmd() - run a firmware command on a platform
 * @psp: platform
 * @cmd: command id
 * @data: command buffer or NULL
 * @fw_status: firmware status out, may be NULL
 *
 * sevl_mbox_cmd() plus bookkeeping: INIT and SHUTDOWN update @psp->state
 * (callers hold @psp->state_lock for those), PLATFORM_STATUS refreshes
 * @psp->status.
 *
 * Return: as sevl_mbox_cmd().
 */
noinline int sevl_psp_do_cmd(struct sevl_psp *psp, u32 cmd, void *data,
			     u32 *fw_status)
{
	int ret;

	if (psp->managed)
		ret = sevl_psp_managed_cmd(psp, NULL, cmd, data, fw_status);
	else
		ret = sevl_mbox_cmd(psp->mbox, cmd, data, fw_status);
	if (ret)
		return ret;
	switch (cmd) {
	case SEVL_CMD_INIT:
	case SEVL_CMD_INIT_EX:
		WRITE_ONCE(psp->state, SEVL_PSTATE_INIT);
		break;
	case SEVL_CMD_SHUTDOWN:
		WRITE_ONCE(psp->state, SEVL_PSTATE_UNINIT);
		atomic64_inc(&sevl_psp_epoch_ctr);
		break;
	case SEVL_CMD_PLATFORM_STATUS:
		/*
		 * Informational copy only: @state follows the firmware only
		 * where @state_lock is held (sevl_psp_sync_state()).
		 */
		memcpy(&psp->status, data, sizeof(psp->status));
		break;
	}
	return 0;
}
ALLOW_ERROR_INJECTION(sevl_psp_do_cmd, ERRNO);

/*
 * The SEV-ES TMR, allocated by the first INIT: 1 MiB, or with SNP
 * initialised 2 MiB of SNP firmware pages (2 MiB aligned, as the SNP ABI
 * wants for the TMR once SNP is on).
 */
static int sevl_psp_tmr_get(struct sevl_psp *psp)
{
	unsigned int order = get_order(psp->snp_init ? SZ_2M : SZ_1M);
	struct page *tmr;
	int ret;

	if (psp->tmr)
		return 0;
	tmr = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
	if (!tmr)
		return -ENOMEM;
	if (psp->snp_init) {
		ret = sevl_psp_snp_make_fw(psp, page_to_phys(tmr), 1U << order);
		if (ret) {
			if (ret != -EHWPOISON)
				__free_pages(tmr, order);
			return ret;
		}
		psp->tmr_fw = true;
	}
	psp->tmr = tmr;
	psp->tmr_order = order;
	return 0;
}

/* At unbind, legacy SEV shut down: free the TMR unless the firmware has it. */
static void sevl_psp_tmr_put(struct sevl_psp *psp)
{
	if (!psp->tmr)
		return;
	if (psp->tmr_busy) {
		dev_warn(psp->dev, "TMR still owned by firmware, leaking it\n");
		return;
	}
	if (psp->tmr_fw &&
	    sevl_psp_snp_reclaim(psp, page_to_phys(psp->tmr),
				 1U << psp->tmr_order))
		return;		/* leaked by the reclaim */
	__free_pages(psp->tmr, psp->tmr_order);
	psp->tmr = NULL;
}

/**
 * sevl_psp_init_locked() - bring the firmware to INIT if it is UNINIT
 * @psp: platform, with @psp->state_lock held
 * @fw_status: firmware status of the failing command, may be NULL
 *
 * INIT with the SEV-ES flag and a 1 MiB trusted memory region when the
 * platform has SEV-ES ASIDs (2 MiB of SNP firmware pages when SNP is
 * initialised), then WBINVD on every CPU and DF_FLUSH so that
 * the first ACTIVATE finds clean ASIDs (as upstream does).  A SECURE_DATA_INVALID INIT is retried
 * once: the firmware resets its non-volatile data and succeeds the second
 * time.  A managed platform (ccp) is asked to do its own INIT every time,
 * as upstream's KVM does: ccp's /dev/sev may have shut it down since.
 *
 * Return: 0 if the platform is (now) initialised, else an errno.
 */
int sevl_psp_init_locked(struct sevl_psp *psp, u32 *fw_status)
{
	struct sevl_fw_init init = {};
	u32 st = SEVL_FW_NOT_CALLED;
	int ret;

	lockdep_assert_held(&psp->state_lock);
	if (fw_status)
		*fw_status = SEVL_FW_NOT_CALLED;
	if (psp->managed) {
		ret = psp->t->ops->platform_init(psp->t, &st);
		if (!ret)
			WRITE_ONCE(psp->state, SEVL_PSTATE_INIT);
		if (fw_status)
			*fw_status = st;
		return ret;
	}
	if (psp->state != SEVL_PSTATE_UNINIT)
		return 0;

	if (psp->min_sev_asid > 1) {
		ret = sevl_psp_tmr_get(psp);
		if (ret)
			return ret;
		init.flags = SEVL_INIT_FLAGS_ES;
		/* Upstream passes the TMR without the C-bit; so do we. */
		init.tmr_address = __pa(page_address(psp->tmr));
		init.tmr_len = PAGE_SIZE << psp->tmr_order;
	}

	ret = sevl_psp_do_cmd(psp, SEVL_CMD_INIT, &init, &st);
	if (ret && st == SEV_RET_SECURE_DATA_INVALID)
		ret = sevl_psp_do_cmd(psp, SEVL_CMD_INIT, &init, &st);
	if (!ret) {
		/* The SEV API wants caches written back before DF_FLUSH. */
		wbinvd_on_all_cpus();
		ret = sevl_psp_do_cmd(psp, SEVL_CMD_DF_FLUSH, NULL, &st);
	}
	if (ret)
		dev_err(psp->dev, "firmware INIT failed: status %#x, %d\n",
			st, ret);
	if (fw_status)
		*fw_status = st;
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_psp_init_locked);

/**
 * sevl_psp_shutdown_locked() - bring the firmware back to UNINIT
 * @psp: platform, with @psp->state_lock held
 * @fw_status: firmware status, may be NULL
 *
 * The TMR stays allocated for the next INIT.  If SHUTDOWN fails, the
 * firmware may still use the TMR, so it is never freed.  A managed
 * platform's SHUTDOWN is its driver's (ccp's) business: nothing is sent.
 *
 * Return: 0 or an errno.
 */
int sevl_psp_shutdown_locked(struct sevl_psp *psp, u32 *fw_status)
{
	int ret;

	lockdep_assert_held(&psp->state_lock);
	if (fw_status)
		*fw_status = SEVL_FW_NOT_CALLED;
	if (psp->state == SEVL_PSTATE_UNINIT || psp->managed)
		return 0;
	ret = sevl_psp_do_cmd(psp, SEVL_CMD_SHUTDOWN, NULL, fw_status);
	psp->tmr_busy = ret != 0;
	if (ret)
		dev_err(psp->dev, "firmware SHUTDOWN failed: %d\n", ret);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_psp_shutdown_locked);

/**
 * sevl_psp_sync_state() - read the platform state from the firmware
 * @psp: platform, with @psp->state_lock held
 * @pstate: receives the firmware's state (SEVL_PSTATE_*), may be NULL
 * @fw_status: firmware status, may be NULL
 *
 * Return: 0 or the errno of PLATFORM_STATUS.
 */
int sevl_psp_sync_state(struct sevl_psp *psp, u8 *pstate, u32 *fw_status)
{
	struct sevl_fw_platform_status st = {};
	int ret;

	lockdep_assert_held(&psp->state_lock);
	ret = sevl_psp_do_cmd(psp, SEVL_CMD_PLATFORM_STATUS, &st, fw_status);
	if (ret)
		return ret;
	psp->state = st.state == SEVL_PSTATE_UNINIT ? SEVL_PSTATE_UNINIT :
						      SEVL_PSTATE_INIT;
	if (pstate)
		*pstate = st.state;
	return 0;
}

static void sevl_psp_asids(struct sevl_psp *psp)
{
	psp->nr_asids = psp->t->nr_asids;
	psp->min_sev_asid = psp->t->min_sev_asid;
	if ((!psp->nr_asids || !psp->min_sev_asid) &&
	    boot_cpu_data.extended_cpuid_level >= 0x8000001f) {
		if (!psp->nr_asids)
			psp->nr_asids = cpuid_ecx(0x8000001f);
		if (!psp->min_sev_asid)
			psp->min_sev_asid = cpuid_edx(0x8000001f);
	}
}

static const char *const sevl_pstate_names[] = { "UNINIT", "INIT", "WORKING" };

static void sevl_psp_release(void *data)
{
	struct sevl_psp *psp = data;

	down_write(&sevl_psp_sem);
	if (sevl_psp_master == psp)
		sevl_psp_master = NULL;
	up_write(&sevl_psp_sem);

	if (psp->misc)
		sevl_dev_unregister(psp);
	sevl_psp_debugfs_remove(psp);

	/*
	 * As upstream: leave the firmware UNINIT when the driver goes, SEV
	 * first, then the TMR's firmware pages back, then SNP.
	 */
	mutex_lock(&psp->state_lock);
	sevl_psp_shutdown_locked(psp, NULL);
	sevl_psp_tmr_put(psp);
	if (psp->state == SEVL_PSTATE_UNINIT)
		sevl_psp_snp_shutdown_locked(psp, NULL);
	mutex_unlock(&psp->state_lock);
	mutex_destroy(&psp->state_lock);
}

static void sevl_psp_mbox_release(void *mbox)
{
	sevl_mbox_destroy(mbox);
}

/*
 * Registered right after @psp is allocated, so it runs after the mailbox
 * is gone (no late completion can come any more) and before @psp is
 * freed: releases of late commands queued before (snp.c's status page)
 * may still use @psp.
 */
static void sevl_psp_late_flush_release(void *unused)
{
	sevl_late_flush();
}

static void sevl_psp_late_key_release(void *key)
{
	sevl_late_dead(key);
	kfree(key);
}

/* A command-level back end: no registers, only a key for late.c. */
static int sevl_psp_managed_init(struct sevl_psp *psp)
{
	const struct sevl_transport_ops *ops = psp->t->ops;
	struct sevl_mbox *key;

	if (!ops->cmd_file || !ops->platform_init)
		return -EINVAL;
	key = kzalloc(sizeof(*key), GFP_KERNEL);
	if (!key)
		return -ENOMEM;
	INIT_LIST_HEAD(&key->late);
	key->dev = psp->dev;
	psp->late_key = key;
	psp->managed = true;
	return devm_add_action_or_reset(psp->dev, sevl_psp_late_key_release,
					key);
}

static int sevl_psp_probe(struct platform_device *pdev)
{
	struct sevl_transport *t = dev_get_platdata(&pdev->dev);
	struct device *dev = &pdev->dev;
	struct sevl_fw_platform_status st = {};
	enum sevl_ccp_presence ccp;
	struct sevl_psp_role role;
	struct sevl_psp *psp;
	u32 fw;
	int ret;

	if (!t)
		return -EINVAL;
	psp = devm_kzalloc(dev, sizeof(*psp), GFP_KERNEL);
	if (!psp)
		return -ENOMEM;
	ret = devm_add_action_or_reset(dev, sevl_psp_late_flush_release, NULL);
	if (ret)
		return ret;
	psp->dev = dev;
	psp->t = t;
	mutex_init(&psp->state_lock);
	sevl_psp_asids(psp);

	if (t->ops && t->ops->cmd) {
		ret = sevl_psp_managed_init(psp);
		if (ret)
			return ret;
	} else {
		psp->mbox = sevl_mbox_create(t, dev);
		if (IS_ERR(psp->mbox))
			return PTR_ERR(psp->mbox);
		ret = devm_add_action_or_reset(dev, sevl_psp_mbox_release,
					       psp->mbox);
		if (ret)
			return ret;
	}

	mutex_lock(&psp->state_lock);
	ret = sevl_psp_sync_state(psp, NULL, &fw);
	mutex_unlock(&psp->state_lock);
	if (ret)
		return dev_err_probe(dev, ret,
				     "PLATFORM_STATUS failed (status %#x)\n",
				     fw);
	st = psp->status;

	ret = devm_add_action_or_reset(dev, sevl_psp_release, psp);
	if (ret)
		return ret;
	/* The statistics in debugfs are the mailbox's. */
	if (psp->mbox)
		sevl_psp_debugfs_add(psp);

	ccp = psp->managed ? SEVL_CCP_PSP : sevl_psp_ccp_presence();
	down_write(&sevl_psp_sem);
	sevl_psp_choose(ccp, psp->managed, sevl_psp_master, &role);
	if (role.platform) {
		sevl_psp_rmp_bind(psp);
		sevl_psp_master = psp;
	}
	if (role.dev_sev)
		psp->misc = !sevl_dev_register(psp);
	up_write(&sevl_psp_sem);
	/*
	 * SNP before any legacy INIT, as upstream's sev_platform_init(),
	 * which kvm_amd runs at load; here the platform needs no KVM for it.
	 * A failure leaves SEV and SEV-ES working without SNP.
	 */
	psp->snp = role.platform && sevl_psp_snp_capable(psp);
	if (psp->snp) {
		mutex_lock(&psp->state_lock);
		if (psp->state == SEVL_PSTATE_UNINIT)
			sevl_psp_snp_init_locked(psp, NULL);
		else
			dev_warn(psp->dev, "SEV already initialised: SNP not started\n");
		mutex_unlock(&psp->state_lock);
	}
	if (!role.platform && ccp == SEVL_CCP_PSP && !psp->managed)
		dev_notice(dev, "ccp drives the PSP: this mailbox is not used\n");

	dev_info(dev,
		 "SEV API %u.%u build %u via %s, state %s, ASIDs %u-%u (SEV-ES 1-%u)%s%s%s\n",
		 st.api_major, st.api_minor, st.build, t->name ?: "?",
		 st.state < ARRAY_SIZE(sevl_pstate_names) ?
			sevl_pstate_names[st.state] : "?",
		 psp->min_sev_asid, psp->nr_asids,
		 psp->min_sev_asid ? psp->min_sev_asid - 1 : 0,
		 !psp->mbox ? "" : psp->mbox->irq ? "" : ", polled",
		 psp->misc ? ", /dev/sev" : "",
		 psp->snp_init ? ", SEV-SNP" : psp->snp ? ", SEV-SNP failed" : "");
	return 0;
}

static struct platform_driver sevl_psp_driver = {
	.driver = {
		.name = SEVL_MBOX_DEV_NAME,
	},
	.probe = sevl_psp_probe,
};

static int __init sevl_psp_init(void)
{
	int ret;

	sevl_psp_debugfs_init();
	ret = platform_driver_register(&sevl_psp_driver);
	if (ret)
		sevl_psp_debugfs_exit();
	return ret;
}
sevl_initcall(sevl_psp_init);

static void __exit sevl_psp_exit(void)
{
	platform_driver_unregister(&sevl_psp_driver);
	sevl_late_flush();
	sevl_psp_debugfs_exit();
}
module_exit(sevl_psp_exit);

MODULE_DESCRIPTION("sev-launch PSP mailbox driver and /dev/sev");
MODULE_LICENSE("GPL");
MODULE_ALIAS("platform:" SEVL_MBOX_DEV_NAME);
/*
 * Where ccp may drive the PSP, modprobe loads it first: its PCI probe
 * binds the PSP synchronously, so sevl_psp_ccp_presence() sees it when a
 * software firmware's mailbox probes here, and that mailbox then takes
 * neither the platform nor /dev/sev.  Otherwise ccp, loaded later, finds
 * "sev" taken and its whole PSP initialisation fails
 * (Documentation/psp.rst, "Next to ccp").
 */
#if IS_ENABLED(CONFIG_CRYPTO_DEV_SP_PSP)
MODULE_SOFTDEP("pre: ccp");
#endif
