/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PSP driver internals shared by core.c (device binding), api.c (kernel
 * API), devsev.c (/dev/sev) and debugfs.c.
 */
#ifndef _SEVL_PSP_CORE_H
#define _SEVL_PSP_CORE_H

#include <linux/types.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <sev-launch/ccp.h>
#include <sev-launch/fw.h>
#include <sev-launch/transport.h>

struct device;
struct dentry;
struct page;
struct sevl_mbox;

/**
 * struct sevl_psp - one SEV platform (a bound "sev-mbox" device)
 * @dev: the platform device's struct device
 * @t: its transport
 * @mbox: its mailbox
 * @state_lock: serialises platform state changes (INIT, SHUTDOWN,
 *	FACTORY_RESET and the temporary INIT/command/SHUTDOWN of /dev/sev
 *	commands) with every other command, guest commands included; taken
 *	before the mailbox lock, never inside it
 * @state: SEVL_PSTATE_UNINIT or SEVL_PSTATE_INIT: whether the firmware is
 *	initialised, as far as the driver drove it (WORKING counts as INIT)
 * @status: result of the last PLATFORM_STATUS
 * @nr_asids: highest SEV ASID
 * @min_sev_asid: first plain-SEV ASID
 * @tmr: SEV-ES trusted memory region (1 MiB, 1 MiB aligned; 2 MiB, 2 MiB
 *	aligned and made of firmware pages when SNP is initialised),
 *	allocated by the first INIT and kept until the device goes away
 * @tmr_order: page order of @tmr
 * @tmr_fw: @tmr is made of SNP firmware pages
 * @tmr_busy: the firmware may still own @tmr (a SHUTDOWN failed)
 * @snp: the platform offers SEV-SNP (sevl_psp_snp_capable())
 * @snp_init: SNP_INIT(_EX) succeeded and no SNP_SHUTDOWN_EX since
 * @debugfs: debugfs directory of this device
 * @misc: this device registered /dev/sev
 * @managed: the back end reaches the firmware through another driver
 *	(ccp), which owns the platform state and /dev/sev; @mbox is NULL
 * @late_key: with @managed: where a timed-out command's late descriptors
 *	are kept (late.c); the other driver never recovers from a timeout
 * @ext_fops: with @managed: file operations of the other driver's
 *	/dev/sev, learnt from the first file it accepted
 */
struct sevl_psp {
	struct device *dev;
	struct sevl_transport *t;
	struct sevl_mbox *mbox;
	struct mutex state_lock;	/* platform state transitions */
	u8 state;
	struct sevl_fw_platform_status status;
	u32 nr_asids;
	u32 min_sev_asid;
	struct page *tmr;
	u8 tmr_order;
	bool tmr_fw;
	bool tmr_busy;
	bool snp;
	bool snp_init;
	struct dentry *debugfs;
	bool misc;
	bool managed;
	struct sevl_mbox *late_key;
	const struct file_operations *ext_fops;
};

/**
 * struct sevl_psp_role - what a newly bound mailbox becomes
 * @platform: the SEV platform that the kernel API, KVM and /dev/sev use
 * @dev_sev: it registers sev-launch's /dev/sev
 */
struct sevl_psp_role {
	bool platform;
	bool dev_sev;
};

void sevl_psp_choose(enum sevl_ccp_presence ccp, bool managed,
		     bool have_platform, struct sevl_psp_role *role);
enum sevl_ccp_presence sevl_psp_ccp_presence(void);
void sevl_psp_find_backend(void);

/* The SEV platform (first bound device), held across a command. */
struct sevl_psp *sevl_psp_get(void);
void sevl_psp_put(void);

int sevl_psp_do_cmd(struct sevl_psp *psp, u32 cmd, void *data,
		    u32 *fw_status);
int sevl_psp_managed_cmd(struct sevl_psp *psp, struct file *file, u32 cmd,
			 void *data, u32 *fw_status);
int sevl_psp_sync_state(struct sevl_psp *psp, u8 *pstate, u32 *fw_status);
int sevl_psp_init_locked(struct sevl_psp *psp, u32 *fw_status);
int sevl_psp_shutdown_locked(struct sevl_psp *psp, u32 *fw_status);

bool sevl_psp_snp_capable(struct sevl_psp *psp);
int sevl_psp_snp_init_locked(struct sevl_psp *psp, u32 *fw_status);
void sevl_psp_rmp_bind(struct sevl_psp *psp);
int sevl_psp_snp_shutdown_locked(struct sevl_psp *psp, u32 *fw_status);
int sevl_psp_snp_make_fw(struct sevl_psp *psp, u64 pa, unsigned int n);
int sevl_psp_snp_reclaim(struct sevl_psp *psp, u64 pa, unsigned int n);
int sevl_psp_snp_status_locked(struct sevl_psp *psp, struct sevl_snp_status *out,
			       u32 *fw_status);

extern const struct file_operations sevl_dev_fops;
int sevl_dev_register(struct sevl_psp *psp);
void sevl_dev_unregister(struct sevl_psp *psp);

void sevl_psp_debugfs_init(void);
void sevl_psp_debugfs_exit(void);
void sevl_psp_debugfs_add(struct sevl_psp *psp);
void sevl_psp_debugfs_remove(struct sevl_psp *psp);

#endif /* _SEVL_PSP_CORE_H */
