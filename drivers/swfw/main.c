// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: module entry points.
 *
 * Loading the module creates one emulated PSP from the module parameters
 * and offers its mailbox as a SEVL_MBOX_DEV_NAME platform device, which
 * the PSP driver binds as it would bind a real PSP's mailbox.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/platform_device.h>
#include <sev-launch/init.h>

#include "perf.h"
#include "regs.h"

static unsigned int api_major = SEVL_SWFW_DEF_API_MAJOR;
module_param(api_major, uint, 0444);
MODULE_PARM_DESC(api_major, "Firmware API major version reported (1..255)");

static unsigned int api_minor = SEVL_SWFW_DEF_API_MINOR;
module_param(api_minor, uint, 0444);
MODULE_PARM_DESC(api_minor, "Firmware API minor version reported (1..255)");

static unsigned int build = SEVL_SWFW_DEF_BUILD;
module_param(build, uint, 0444);
MODULE_PARM_DESC(build, "Firmware build id reported (1..255)");

static unsigned int nr_asids = SEVL_SWFW_DEF_NR_ASIDS;
module_param(nr_asids, uint, 0444);
MODULE_PARM_DESC(nr_asids, "Highest SEV ASID (default 509)");

static unsigned int min_sev_asid = SEVL_SWFW_DEF_MIN_SEV_ASID;
module_param(min_sev_asid, uint, 0444);
MODULE_PARM_DESC(min_sev_asid,
		 "First plain-SEV ASID; SEV-ES uses the ASIDs below (default 100)");

static unsigned int latency_us;
module_param(latency_us, uint, 0444);
MODULE_PARM_DESC(latency_us,
		 "Time each command takes, in microseconds (initial value; see debugfs)");

/*
 * Off by default: the default instance stays the SEV/SEV-ES platform every
 * existing test was written against (an EPYC 7002-like PSP, see the ASID
 * defaults), and an SNP platform changes what the driver does at bind
 * (SNP_INIT_EX, a 2 MiB TMR of firmware pages).  The test guest turns it
 * on from the kernel command line (sev_swfw.snp=1).
 */
static bool snp;
module_param(snp, bool, 0444);
MODULE_PARM_DESC(snp,
		 "Emulate an SEV-SNP capable platform: SNP commands and the RMP (default off)");

static struct sevl_swfw *sevl_swfw_inst;
static struct platform_device *sevl_swfw_pdev;

static int __init sevl_swfw_module_init(void)
{
	struct sevl_swfw_config cfg = {
		.api_major = api_major, .api_minor = api_minor,
		.build = build, .nr_asids = nr_asids,
		.min_sev_asid = min_sev_asid, .latency_us = latency_us,
		.snp = snp,
	};
	struct platform_device *pdev;
	struct sevl_swfw *sw;

	if (!api_major || api_major > U8_MAX || !api_minor ||
	    api_minor > U8_MAX || !build || build > U8_MAX || !nr_asids ||
	    !min_sev_asid) {
		pr_err("sev-swfw: invalid module parameters\n");
		return -EINVAL;
	}

	sevl_swfw_debugfs_init();
	sevl_swfw_perf_init();
	sw = sevl_swfw_create(&cfg);
	if (IS_ERR(sw)) {
		pr_err("sev-swfw: cannot create the firmware: %pe\n", sw);
		sevl_swfw_perf_exit();
		sevl_swfw_debugfs_exit();
		return PTR_ERR(sw);
	}

	/* The copy made of the transport keeps priv pointing at @sw. */
	pdev = platform_device_register_data(NULL, SEVL_MBOX_DEV_NAME,
					     PLATFORM_DEVID_AUTO,
					     sevl_swfw_transport(sw),
					     sizeof(struct sevl_transport));
	if (IS_ERR(pdev)) {
		sevl_swfw_destroy(sw);
		sevl_swfw_perf_exit();
		sevl_swfw_debugfs_exit();
		return PTR_ERR(pdev);
	}
	sevl_swfw_inst = sw;
	sevl_swfw_pdev = pdev;
	pr_info("sev-swfw: emulated PSP, SEV API %u.%u build %u, ASIDs 1..%u (SEV-ES below %u)%s\n",
		sw->cfg.api_major, sw->cfg.api_minor, sw->cfg.build,
		sw->cfg.nr_asids, sw->cfg.min_sev_asid,
		sw->cfg.snp ? ", SEV-SNP" : "");
	return 0;
}

static void __exit sevl_swfw_module_exit(void)
{
	/* Unbinds the driver, which frees its interrupt handler. */
	platform_device_unregister(sevl_swfw_pdev);
	sevl_swfw_destroy(sevl_swfw_inst);
	sevl_swfw_perf_exit();
	sevl_swfw_debugfs_exit();
}

sevl_initcall(sevl_swfw_module_init);
module_exit(sevl_swfw_module_exit);

MODULE_DESCRIPTION("sev-launch software SEV firmware (emulated PSP)");
MODULE_LICENSE("GPL");
