/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ccp back end of the PSP driver (drivers/transport/ccp.c): how it
 * reaches upstream's ccp driver, as a table of functions so that KUnit can
 * stand in for ccp (absent, present without a PSP, present with one).
 */
#ifndef _SEV_LAUNCH_CCP_H
#define _SEV_LAUNCH_CCP_H

#include <linux/types.h>
#include <sev-launch/fw.h>

struct file;
struct platform_device;

/**
 * struct sevl_ccp_api - what the back end uses of ccp's exported interface
 * @status: PLATFORM_STATUS into @st (ccp's sev_platform_status()); returns
 *	-ENODEV when ccp has no PSP with SEV
 * @cmd: one firmware command on a kernel command buffer (ccp's
 *	sev_do_cmd() on 6.12; on 6.1, which does not export it, only the
 *	guest commands ccp exports one by one); @data is NULL for commands
 *	without a buffer
 * @external: one command on behalf of a file that ccp checks is its own
 *	/dev/sev (sev_issue_cmd_external_user())
 * @init: bring the platform to INIT, or leave it INIT (sev_platform_init())
 *
 * Each returns 0 or a negative errno and stores the firmware status in
 * *@error only when the firmware was reached, as ccp does: a caller
 * initialises it to a value the firmware cannot return.
 */
struct sevl_ccp_api {
	int (*status)(struct sevl_fw_platform_status *st, int *error);
	int (*cmd)(u32 cmd, void *data, int *error);
	int (*external)(struct file *file, u32 cmd, void *data, int *error);
	int (*init)(int *error);
};

/**
 * enum sevl_ccp_presence - what ccp offers, as the back end sees it
 * @SEVL_CCP_ABSENT: ccp is not part of this kernel
 * @SEVL_CCP_NO_PSP: ccp is there but drives no PSP with SEV
 * @SEVL_CCP_PSP: ccp drives the PSP: the firmware is reached through ccp
 *	only, ccp keeps /dev/sev and the platform state
 */
enum sevl_ccp_presence {
	SEVL_CCP_ABSENT,
	SEVL_CCP_NO_PSP,
	SEVL_CCP_PSP,
};

enum sevl_ccp_presence sevl_ccp_detect(const struct sevl_ccp_api *api,
				       struct sevl_fw_platform_status *st);
bool sevl_ccp_cmd_allowed(u32 cmd);
int sevl_ccp_issue(const struct sevl_ccp_api *api, struct file *file,
		   u32 cmd, void *data, u32 *fw_status);
struct platform_device *sevl_ccp_attach(const struct sevl_ccp_api *api);
void sevl_ccp_detach(struct platform_device *pdev);

extern const struct sevl_ccp_api sevl_ccp_real;

#endif /* _SEV_LAUNCH_CCP_H */
