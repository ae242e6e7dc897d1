// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the PSP driver's SEV-SNP host side (drivers/psp/snp.c and the
 * SNP parts of core.c) against private software firmware instances: which
 * platforms are SNP-capable, SNP_INIT_EX / SNP_PLATFORM_STATUS /
 * SNP_SHUTDOWN_EX through the driver, the firmware-page rule of
 * SNP_PLATFORM_STATUS, the legacy INIT's TMR once SNP is on, a failed
 * reclaim, and the status page of a timed-out SNP_PLATFORM_STATUS.
 * Expected values come from the SNP Firmware ABI (state numbers, status
 * codes, the 2 MiB TMR), not from the driver.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sev-launch.h>
#include <linux/sizes.h>
#include <sev-launch/fw.h>
#include <sev-launch/psp.h>
#include <sev-launch/swfw.h>

#include "../../drivers/psp/core.h"
#include "../../drivers/psp/mbox.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

/* SNP ABI: SNP_PLATFORM_STATUS.state, and the RMP-initialised bit. */
#define T_SNP_UNINIT	0
#define T_SNP_INIT	1
#define T_RMP_INIT	BIT(0)

/**
 * struct sevl_pst - fixture: an emulated PSP and a driver view of it
 * @sw: the software firmware instance
 * @psp: a platform as core.c would build it (not registered anywhere)
 */
struct sevl_pst {
	struct sevl_swfw *sw;
	struct sevl_psp psp;
};

static struct sevl_pst *sevl_pst_new(struct kunit *test, bool snp)
{
	struct sevl_swfw_config cfg = {
		.nr_asids = 16, .min_sev_asid = 5, .snp = snp,
	};
	struct sevl_fw_platform_status st = {};
	struct sevl_pst *p;
	u32 fw;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p->sw = sevl_swfw_create(&cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p->sw);
	test->priv = p;
	p->psp.t = sevl_swfw_transport(p->sw);
	mutex_init(&p->psp.state_lock);
	p->psp.min_sev_asid = cfg.min_sev_asid;
	p->psp.nr_asids = cfg.nr_asids;
	p->psp.mbox = sevl_mbox_create(p->psp.t, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p->psp.mbox);
	KUNIT_ASSERT_EQ(test, sevl_mbox_cmd(p->psp.mbox,
					    SEVL_CMD_PLATFORM_STATUS, &st,
					    &fw), 0);
	p->psp.status = st;
	p->psp.snp = sevl_psp_snp_capable(&p->psp);
	return p;
}

/* Leave the firmware as the driver's unbind would, then free it all. */
static void sevl_pst_exit(struct kunit *test)
{
	struct sevl_swfw_fault none = {};
	struct sevl_pst *p = test->priv;
	struct sevl_psp *psp;

	if (!p)
		return;
	psp = &p->psp;
	sevl_swfw_set_fault(p->sw, &none);
	mutex_lock(&psp->state_lock);
	sevl_psp_shutdown_locked(psp, NULL);
	if (psp->tmr && (!psp->tmr_fw ||
			 !sevl_psp_snp_reclaim(psp, page_to_phys(psp->tmr),
					       1U << psp->tmr_order)))
		__free_pages(psp->tmr, psp->tmr_order);
	sevl_psp_snp_shutdown_locked(psp, NULL);
	mutex_unlock(&psp->state_lock);
	sevl_mbox_destroy(psp->mbox);
	sevl_swfw_destroy(p->sw);
	mutex_destroy(&psp->state_lock);
}

static int sevl_pst_snp_init(struct sevl_pst *p, u32 *fw)
{
	int ret;

	mutex_lock(&p->psp.state_lock);
	ret = sevl_psp_snp_init_locked(&p->psp, fw);
	mutex_unlock(&p->psp.state_lock);
	return ret;
}

static int sevl_pst_status(struct sevl_pst *p, struct sevl_snp_status *st,
			   u32 *fw)
{
	int ret;

	memset(st, 0xa5, sizeof(*st));
	mutex_lock(&p->psp.state_lock);
	ret = sevl_psp_snp_status_locked(&p->psp, st, fw);
	mutex_unlock(&p->psp.state_lock);
	return ret;
}

/* Only the emulator with SNP on, or a host with SNP, is SNP-capable. */
static void sevl_pst_capable(struct kunit *test)
{
	struct sevl_pst *p = sevl_pst_new(test, true);
	struct sevl_transport t = *p->psp.t;
	struct sevl_psp other = { .t = &t };

	KUNIT_EXPECT_TRUE(test, p->psp.snp);
	/* A back end reached through ccp: ccp drives SNP. */
	other.managed = true;
	KUNIT_EXPECT_FALSE(test, sevl_psp_snp_capable(&other));
	/* The emulator without SNP. */
	other.managed = false;
	t.snp = SEVL_SNP_NONE;
	KUNIT_EXPECT_FALSE(test, sevl_psp_snp_capable(&other));
	/* Claiming emulated SNP without the RMP op is not enough. */
	t.snp = SEVL_SNP_EMULATED;
	t.ops = NULL;
	KUNIT_EXPECT_FALSE(test, sevl_psp_snp_capable(&other));
	/* A real PSP follows the host, which in this test kernel has no SNP. */
	t.snp = SEVL_SNP_HOST;
	KUNIT_EXPECT_FALSE(test, sevl_psp_snp_capable(&other));
}

/* Without SNP the emulated firmware is pre-SNP firmware. */
static void sevl_pst_no_snp(struct kunit *test)
{
	struct sevl_pst *p = sevl_pst_new(test, false);
	struct sevl_snp_status st;
	u32 fw;

	KUNIT_EXPECT_FALSE(test, p->psp.snp);
	KUNIT_EXPECT_EQ(test, sevl_pst_snp_init(p, &fw), -ENODEV);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, sevl_pst_status(p, &st, &fw), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_COMMAND);
}

static void sevl_pst_lifecycle(struct kunit *test)
{
	struct sevl_pst *p = sevl_pst_new(test, true);
	struct sevl_snp_status st;
	u64 before;
	u32 fw;

	/* Before SNP_INIT any page will do, and the state is UNINIT. */
	KUNIT_ASSERT_EQ(test, sevl_pst_status(p, &st, &fw), 0);
	KUNIT_EXPECT_EQ(test, st.state, T_SNP_UNINIT);

	before = sevl_swfw_cmd_count(p->sw);
	KUNIT_ASSERT_EQ(test, sevl_pst_snp_init(p, &fw), 0);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_SUCCESS);
	KUNIT_EXPECT_TRUE(test, p->psp.snp_init);
	/* SNP_INIT_EX and SNP_DF_FLUSH. */
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(p->sw) - before, 2);
	/* Once up, nothing more is sent. */
	KUNIT_EXPECT_EQ(test, sevl_pst_snp_init(p, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(p->sw) - before, 2);

	/* The status page as a firmware page; left in Reclaim: no command. */
	before = sevl_swfw_cmd_count(p->sw);
	KUNIT_ASSERT_EQ(test, sevl_pst_status(p, &st, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(p->sw) - before, 1);
	KUNIT_EXPECT_EQ(test, st.state, T_SNP_INIT);
	KUNIT_EXPECT_EQ(test, st.rmp_flags & T_RMP_INIT, T_RMP_INIT);
	KUNIT_EXPECT_EQ(test, st.guest_count, 0);
	/* A second one: the first page really came back. */
	KUNIT_EXPECT_EQ(test, sevl_pst_status(p, &st, &fw), 0);

	mutex_lock(&p->psp.state_lock);
	KUNIT_EXPECT_EQ(test, sevl_psp_snp_shutdown_locked(&p->psp, &fw), 0);
	mutex_unlock(&p->psp.state_lock);
	KUNIT_EXPECT_FALSE(test, p->psp.snp_init);
	KUNIT_ASSERT_EQ(test, sevl_pst_status(p, &st, &fw), 0);
	KUNIT_EXPECT_EQ(test, st.state, T_SNP_UNINIT);
}

/* The rule the driver follows: with SNP up, a hypervisor page is refused. */
static void sevl_pst_status_page_rule(struct kunit *test)
{
	struct sevl_pst *p = sevl_pst_new(test, true);
	struct sevl_snp_addr buf;
	struct page *page;
	u32 fw;

	KUNIT_ASSERT_EQ(test, sevl_pst_snp_init(p, &fw), 0);
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, page);
	buf.address = page_to_phys(page);
	KUNIT_EXPECT_NE(test, sevl_mbox_cmd(p->psp.mbox,
					    SEVL_CMD_SNP_PLATFORM_STATUS,
					    &buf, &fw), 0);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_PAGE_STATE);
	__free_page(page);
}

/* SNP on: the legacy INIT's TMR is 2 MiB of firmware pages. */
static void sevl_pst_tmr(struct kunit *test)
{
	struct sevl_pst *p = sevl_pst_new(test, true);
	u32 fw;
	int ret;

	KUNIT_ASSERT_EQ(test, sevl_pst_snp_init(p, &fw), 0);
	mutex_lock(&p->psp.state_lock);
	ret = sevl_psp_init_locked(&p->psp, &fw);
	mutex_unlock(&p->psp.state_lock);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "legacy INIT status %#x", fw);
	KUNIT_ASSERT_NOT_NULL(test, p->psp.tmr);
	KUNIT_EXPECT_EQ(test, PAGE_SIZE << p->psp.tmr_order, (unsigned long)SZ_2M);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(page_to_phys(p->psp.tmr), SZ_2M));
	KUNIT_EXPECT_TRUE(test, p->psp.tmr_fw);
	/* SNP_SHUTDOWN_EX needs the legacy platform down first. */
	mutex_lock(&p->psp.state_lock);
	KUNIT_EXPECT_EQ(test, sevl_psp_shutdown_locked(&p->psp, &fw), 0);
	mutex_unlock(&p->psp.state_lock);
}

/* A page whose reclaim fails is reported and never handed back. */
static void sevl_pst_reclaim_fails(struct kunit *test)
{
	struct sevl_pst *p = sevl_pst_new(test, true);
	struct sevl_swfw_fault f = {
		.fail_cmd = SEVL_CMD_SNP_PAGE_RECLAIM,
		.fail_status = SEV_RET_INVALID_PAGE_STATE,
	};
	struct sevl_snp_status st;
	struct page *page;
	u64 before;
	u32 fw;
	int ret;

	KUNIT_ASSERT_EQ(test, sevl_pst_snp_init(p, &fw), 0);
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, page);
	mutex_lock(&p->psp.state_lock);
	KUNIT_ASSERT_EQ(test, sevl_psp_snp_make_fw(&p->psp, page_to_phys(page),
						   1), 0);
	sevl_swfw_set_fault(p->sw, &f);
	KUNIT_EXPECT_NE(test, sevl_psp_snp_reclaim(&p->psp, page_to_phys(page),
						   1), 0);
	f.fail_cmd = 0;
	sevl_swfw_set_fault(p->sw, &f);
	/* Still a firmware page: the failed reclaim changed nothing. */
	ret = sevl_psp_snp_reclaim(&p->psp, page_to_phys(page), 1);
	mutex_unlock(&p->psp.state_lock);
	KUNIT_EXPECT_EQ(test, ret, 0);
	if (!ret)
		__free_page(page);

	/* A failed STATUS leaves its page Firmware: PAGE_RECLAIM brings it back. */
	f.fail_cmd = SEVL_CMD_SNP_PLATFORM_STATUS;
	f.fail_status = SEV_RET_INVALID_PARAM;
	sevl_swfw_set_fault(p->sw, &f);
	before = sevl_swfw_cmd_count(p->sw);
	KUNIT_EXPECT_EQ(test, sevl_pst_status(p, &st, &fw), -EINVAL);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(p->sw) - before, 2);
	f.fail_cmd = 0;
	sevl_swfw_set_fault(p->sw, &f);
	KUNIT_EXPECT_EQ(test, sevl_pst_status(p, &st, &fw), 0);
}

/*
 * A timed-out SNP_PLATFORM_STATUS, with SNP UNINIT (a hypervisor page) and
 * INIT (a firmware page): the page is the firmware's until the late
 * completion, then released (late.c) - not reclaimed under the running
 * command, not kept for ever.
 */
static void sevl_pst_status_timeout(struct kunit *test)
{
	struct sevl_pst *p = sevl_pst_new(test, true);
	struct sevl_swfw_fault f = {
		.hang = true, .hang_cmd = SEVL_CMD_SNP_PLATFORM_STATUS,
	};
	struct sevl_late_stats before, after;
	struct sevl_snp_status st;
	unsigned int i, round;
	u32 fw;

	for (round = 0; round < 2; round++) {
		if (round)
			KUNIT_ASSERT_EQ(test, sevl_pst_snp_init(p, &fw), 0);
		sevl_late_get_stats(&before);
		sevl_mbox_set_timeout(p->psp.mbox, 200);
		f.hang = true;
		sevl_swfw_set_fault(p->sw, &f);
		KUNIT_EXPECT_EQ_MSG(test, sevl_pst_status(p, &st, &fw),
				    -ETIMEDOUT, "SNP %s", round ? "INIT" : "UNINIT");
		sevl_late_get_stats(&after);
		KUNIT_EXPECT_EQ(test, after.taken, before.taken + 1);
		KUNIT_EXPECT_EQ(test, after.held, before.held + 1);

		f.hang = false;
		sevl_swfw_set_fault(p->sw, &f);
		for (i = 0; i < 250 &&
		     sevl_mbox_state(p->psp.mbox) != SEVL_MBOX_IDLE; i++)
			msleep(20);
		KUNIT_ASSERT_EQ(test, sevl_mbox_state(p->psp.mbox),
				SEVL_MBOX_IDLE);
		sevl_late_flush();
		sevl_late_get_stats(&after);
		KUNIT_EXPECT_EQ(test, after.released, before.released + 1);
		KUNIT_EXPECT_EQ(test, after.held, before.held);
		KUNIT_EXPECT_EQ(test, sevl_pst_status(p, &st, &fw), 0);
		KUNIT_EXPECT_EQ(test, st.state, round ? T_SNP_INIT : T_SNP_UNINIT);
	}
}

static struct kunit_case sevl_pst_cases[] = {
	KUNIT_CASE(sevl_pst_capable),
	KUNIT_CASE(sevl_pst_no_snp),
	KUNIT_CASE(sevl_pst_lifecycle),
	KUNIT_CASE(sevl_pst_status_page_rule),
	KUNIT_CASE(sevl_pst_tmr),
	KUNIT_CASE(sevl_pst_reclaim_fails),
	KUNIT_CASE(sevl_pst_status_timeout),
	{}
};

static struct kunit_suite sevl_pst_suite = {
	.name = "sev-psp-snp",
	.exit = sevl_pst_exit,
	.test_cases = sevl_pst_cases,
};

kunit_test_suite(sevl_pst_suite);
