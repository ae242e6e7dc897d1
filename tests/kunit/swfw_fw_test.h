/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixture shared by the KUnit suites of the firmware command model: a fake
 * physical memory behind struct sevl_fw_mem_ops and helpers that issue
 * commands through sevl_fw_execute().
 */
#ifndef _SEVL_SWFW_FW_TEST_H
#define _SEVL_SWFW_FW_TEST_H

#include <kunit/test.h>
#include <sev-launch/fw.h>

#include "../../drivers/swfw/fw.h"

#define SEVL_T_BASE	0x100000000ULL
#define SEVL_T_SIZE	0x40000
#define T_CMD		(SEVL_T_BASE + 0x0)	/* command buffer */
#define T_BLOB		(SEVL_T_BASE + 0x1000)	/* certificates, session */
#define T_BLOB2		(SEVL_T_BASE + 0x6000)
#define T_GUEST		(SEVL_T_BASE + 0x10000)	/* guest memory */
#define T_OUT		(SEVL_T_BASE + 0x30000)	/* plaintext / outputs */
#define T_API_MAJOR	1
#define T_API_MINOR	55
#define T_BUILD		21
#define T_NR_ASIDS	16
#define T_MIN_SEV_ASID	5

/**
 * struct sevl_fwt - the fixture: test->priv of the firmware suites
 * @test: the test
 * @fw: the firmware, when driven directly
 * @mem: the fake physical memory, when driven directly
 * @exec: how sevl_fwt_x() issues a command; NULL for sevl_fw_execute()
 *	on @fw with the buffer at T_CMD.  The register suite routes the
 *	helpers below through the emulated mailbox with it.
 */
struct sevl_fwt {
	struct kunit *test;
	struct sevl_fw *fw;
	u8 *mem;
	int (*exec)(struct sevl_fwt *t, u32 cmd, void *buf, size_t len);
};

#define X(t, cmd, s)	sevl_fwt_x(t, SEVL_CMD_##cmd, &(s), sizeof(s))
#define X0(t, cmd)	sevl_fwt_x(t, SEVL_CMD_##cmd, NULL, 0)

void *sevl_fwt_p(struct sevl_fwt *t, u64 pa);
int sevl_fwt_init(struct kunit *test);
void sevl_fwt_exit(struct kunit *test);
int sevl_fwt_x(struct sevl_fwt *t, u32 cmd, void *buf, size_t len);
struct sevl_fw_platform_status sevl_fwt_status(struct sevl_fwt *t);
void sevl_fwt_up(struct sevl_fwt *t, u32 flags);
u32 sevl_fwt_start(struct sevl_fwt *t, u32 policy, int want);
int sevl_fwt_activate(struct sevl_fwt *t, u32 handle, u32 asid);
int sevl_fwt_handle_cmd(struct sevl_fwt *t, u32 cmd, u32 handle);
int sevl_fwt_update(struct sevl_fwt *t, u32 cmd, u32 handle, u64 pa,
		    u32 len);
int sevl_fwt_dbg(struct sevl_fwt *t, u32 cmd, u32 handle, u64 src,
		 u64 dst, u32 len);
int sevl_fwt_measure(struct sevl_fwt *t, u32 handle, u8 *out48);
u8 sevl_fwt_gstate(struct sevl_fwt *t, u32 handle);
void sevl_fwt_fill(u8 *p, size_t len, u8 seed);
void sevl_fwt_oca_sign(struct sevl_fwt *t, struct sevl_cert *oca,
		       struct sevl_cert *pek, struct sevl_p384_key *key);

#endif /* _SEVL_SWFW_FW_TEST_H */
