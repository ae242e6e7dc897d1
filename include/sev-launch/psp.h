/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-internal API of the PSP mailbox driver (drivers/psp/), used by the
 * KVM launch handler.  Every function talks to the one SEV platform the
 * driver manages (the first mailbox that probed) and returns -ENODEV when
 * there is none.
 *
 * Firmware status: functions that may reach the firmware take a @fw_status
 * pointer (may be NULL).  It receives the SEV_RET_* code the firmware
 * returned, or SEVL_FW_NOT_CALLED when the driver refused the request
 * before the firmware saw it (bad argument, no platform, timeout).  Callers
 * that report to userspace turn SEVL_FW_NOT_CALLED into 0, as upstream
 * does.  The errno returned for a firmware failure comes from
 * sevl_psp_status_errno(), the one place that mapping lives.
 */
#ifndef _SEV_LAUNCH_PSP_H
#define _SEV_LAUNCH_PSP_H

#include <linux/list.h>
#include <linux/types.h>

struct file;
struct module;

#define SEVL_FW_NOT_CALLED	U32_MAX

/**
 * struct sevl_psp_info - what the SEV platform offers
 * @api_major: firmware API major version
 * @api_minor: firmware API minor version
 * @build: firmware build id
 * @state: platform state at the last PLATFORM_STATUS (SEVL_PSTATE_*)
 * @es: SEV-ES guests are supported
 * @nr_asids: highest SEV ASID (ASIDs are 1..@nr_asids)
 * @min_sev_asid: first plain-SEV ASID; SEV-ES uses 1..@min_sev_asid - 1
 * @backend: transport name ("pci", "swfw")
 * @snp: SEV-SNP is initialised (SNP_INIT done): SNP guests can be launched
 * @snp_emulated: with @snp: the RMP is the software firmware's, reached
 *	only through sevl_psp_rmp_*(), never through the CPU
 */
struct sevl_psp_info {
	u8 api_major;
	u8 api_minor;
	u8 build;
	u8 state;
	bool es;
	u32 nr_asids;
	u32 min_sev_asid;
	const char *backend;
	bool snp;
	bool snp_emulated;
};

int sevl_psp_get_info(struct sevl_psp_info *info);
int sevl_psp_status_errno(u32 status);

int sevl_psp_issue(u32 cmd, void *data, u32 *fw_status);
int sevl_psp_issue_external(struct file *sev_file, u32 cmd, void *data,
			    u32 *fw_status);
bool sevl_psp_file_is_sev(struct file *file);

int sevl_psp_platform_init(u32 *fw_status);
int sevl_psp_activate(u32 handle, u32 asid, u32 *fw_status);
int sevl_psp_deactivate(u32 handle, u32 *fw_status);
int sevl_psp_decommission(u32 handle, u32 *fw_status);
int sevl_psp_df_flush(u32 *fw_status);
int sevl_psp_df_flush_after(void (*wbinvd)(void), u32 *fw_status);
int sevl_psp_snp_df_flush_after(void (*wbinvd)(void), u32 *fw_status);
u64 sevl_psp_epoch(void);

/* SEV-SNP pages and RMP for the KVM side (rmp.c). */
int sevl_psp_rmp_make_private(u64 pfn, u64 gpa, u32 asid, bool immutable);
int sevl_psp_rmp_make_shared(u64 pfn);
int sevl_psp_rmp_lookup(u64 pfn, bool *assigned, int *level);
void sevl_psp_snp_leak_pages(u64 pfn, unsigned int npages);
u64 sevl_psp_snp_leaked(void);
void *sevl_psp_snp_alloc_firmware_page(gfp_t gfp);
void sevl_psp_snp_free_firmware_page(void *addr);

/* Room for the largest command buffer (LAUNCH_UPDATE_SECRET, 52 bytes). */
#define SEVL_PSP_LATE_BUF	64

/**
 * struct sevl_psp_late - what a command that may time out still references
 * @release: called once the firmware is done with a timed-out command:
 *	after its late completion was seen, in process context (a
 *	workqueue), without any PSP lock held.  May sleep, take the caller's
 *	locks, issue commands and free the structure containing @late.
 *	Never called if the platform goes away with the command outstanding.
 * @owner: module of @release; held while @late is owned by the PSP
 * @keep: object to report to kmemleak as intentionally kept (the
 *	allocation containing @late and pointing at everything else) when
 *	the firmware never finishes; may be NULL
 * @cmd: out: the command that timed out
 * @status: out, valid in @release: firmware status of the late completion
 * @buf: out, valid in @release: the first SEVL_PSP_LATE_BUF bytes of the
 *	command buffer as the firmware left it (e.g. the handle a late
 *	LAUNCH_START assigned)
 * @node: private
 * @cmd_buf: private: the command buffer @late was armed for
 * @refs: private: the firmware's and the caller's holds once taken
 * @state: private
 *
 * See sevl_psp_late_arm().  The caller embeds this in its own allocation.
 */
struct sevl_psp_late {
	void (*release)(struct sevl_psp_late *late);
	struct module *owner;
	const void *keep;
	u32 cmd;
	u32 status;
	u8 buf[SEVL_PSP_LATE_BUF];
	/* private: */
	struct list_head node;
	const void *cmd_buf;
	u8 refs;
	u8 state;
};

void sevl_psp_late_arm(struct sevl_psp_late *late, const void *cmd_buf);
bool sevl_psp_late_disarm(struct sevl_psp_late *late);
void sevl_psp_late_submit(struct sevl_psp_late *late);

#endif /* _SEV_LAUNCH_PSP_H */
