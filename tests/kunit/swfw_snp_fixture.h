/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixture shared by the KUnit suites of the SEV-SNP firmware model: a
 * firmware with SNP enabled on a fake physical memory, and helpers that
 * issue commands through sevl_fw_execute() and play the host's RMPUPDATE.
 */
#ifndef _SEVL_SWFW_SNP_FIXTURE_H
#define _SEVL_SWFW_SNP_FIXTURE_H

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <sev-launch/fw.h>

#include "../../drivers/swfw/fw.h"

/* 4 MiB at 8 GiB: 2 MiB aligned, so it can hold an SNP-era SEV-ES TMR. */
#define SNPT_BASE	0x200000000ULL
#define SNPT_SIZE	0x400000
#define SNPT_PAGE(n)	(SNPT_BASE + (u64)(n) * SEVL_SNP_PAGE_SIZE)
#define SNPT_CMD	SNPT_PAGE(0)	/* command buffers */
#define SNPT_STATUS	SNPT_PAGE(1)	/* SNP_PLATFORM_STATUS page */
#define SNPT_LIST	SNPT_PAGE(2)	/* SNP_INIT_EX range list */
#define SNPT_GCTX	SNPT_PAGE(3)	/* guest context pages 3..6 */
#define SNPT_ID_BLOCK	SNPT_PAGE(8)
#define SNPT_ID_AUTH	SNPT_PAGE(9)
#define SNPT_GUEST	SNPT_PAGE(16)	/* guest pages 16..255 */
#define SNPT_TMR	(SNPT_BASE + 0x200000)	/* second 2 MiB */
#define SNPT_NR_ASIDS	16
#define SNPT_MIN_SEV_ASID 5		/* SNP/ES ASIDs 1..4 */

/**
 * struct sevl_snpt - the fixture: test->priv of the SNP suites
 * @test: the test
 * @fw: the firmware (SNP enabled)
 * @mem: the fake physical memory, SNPT_SIZE bytes at SNPT_BASE
 */
struct sevl_snpt {
	struct kunit *test;
	struct sevl_fw *fw;
	u8 *mem;
};

#define SX(t, cmd, s)	sevl_snpt_x(t, SEVL_CMD_##cmd, &(s), sizeof(s))
#define SX0(t, cmd)	sevl_snpt_x(t, SEVL_CMD_##cmd, NULL, 0)

struct sevl_fw *sevl_snpt_create(struct sevl_snpt *t, bool snp);
int sevl_snpt_init(struct kunit *test);
void sevl_snpt_exit(struct kunit *test);
void *sevl_snpt_p(struct sevl_snpt *t, u64 pa);
int sevl_snpt_x(struct sevl_snpt *t, u32 cmd, void *buf, size_t len);
void sevl_snpt_up(struct sevl_snpt *t);
int sevl_snpt_status(struct sevl_snpt *t, struct sevl_snp_status *st);
u8 sevl_snpt_state(struct sevl_snpt *t, u64 pa);
void sevl_snpt_firmware(struct sevl_snpt *t, u64 pa);
int sevl_snpt_start(struct sevl_snpt *t, u64 gctx, u64 policy);
int sevl_snpt_activate(struct sevl_snpt *t, u64 gctx, u32 asid);
int sevl_snpt_update(struct sevl_snpt *t, u64 gctx, u64 pa, u8 type,
		     u32 perms);
void sevl_snpt_assign(struct sevl_snpt *t, u64 pa, u32 asid, u64 gpa);
u64 sevl_snpt_policy(void);
void sevl_snpt_sha384(struct kunit *test, const void *data, size_t len,
		      u8 *out);
void sevl_snpt_chain(struct kunit *test, u8 *ld, const u8 *page, u8 type,
		     u8 imi, const u8 *perms, u64 gpa);
struct sevl_snp_guest *sevl_snpt_guest(struct sevl_snpt *t, u64 gctx,
				       u64 policy, u32 asid);

#endif /* _SEVL_SWFW_SNP_FIXTURE_H */
