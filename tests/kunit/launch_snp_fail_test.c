// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the launch core's SEV-SNP part when things go wrong (suite
 * sev-launch-core-snp-fail): firmware failures and page locks failing
 * mid-replay, a page gone before FINISH, commands that time out, and the
 * host's own SNP_LAUNCH_FINISH against a VMM-supplied VMSA.  After each,
 * no page may be left immutable, assigned or referenced (fake host:
 * launch_snp_fake.c).
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/launch_snp.h>
#include <sev-launch/psp.h>

#include "launch_snp_fake.h"

/*
 * The firmware fails half-way: broken; the refused page is reclaimed, the
 * measured ones are the guest's, the rest still Guest-Invalid: no page is
 * left immutable, and destroy gives every unmeasured one back.
 */
static void ls_fw_failure(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	static const u32 order[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why = 0, i;

	ls_record_all(test, s, m, order);
	h->fail_at = 3;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EIO);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, h->nr_reclaims, 1);
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_PG), 0);
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_GV), 2);
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_GI), LS_NR_PAGES - 3);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), LS_NR_PAGES - 3);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_STATE);
	sevl_lsnp_destroy(s);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 1);
	/* Only the measured pages: guest_memfd's invalidation takes them. */
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_GI) + ls_count(h, LS_PG), 0);
}

/* Locking a page fails mid-replay: nothing stays immutable or held. */
static void ls_lock_failure(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	static const u32 order[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why = 0, i;

	ls_record_all(test, s, m, order);
	h->lock_fail_gfn = 0x7;		/* the fourth page by GFN */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EIO);
	KUNIT_EXPECT_EQ(test, h->nr_cmds, 3);
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_PG), 0);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), LS_NR_PAGES - 4);
	sevl_lsnp_destroy(s);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 1);
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_GI) + ls_count(h, LS_PG), 0);
}

/*
 * A page gone before FINISH: refused, and the check changed nothing: every
 * other page is still Guest-Invalid, so once the page is back FINISH
 * measures them all.
 */
static void ls_gone_read_only(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	static const u32 order[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why = 0;

	ls_record_all(test, s, m, order);
	h->gone_gfn = 0x100000;		/* the last page by GFN */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_SNP_GONE);
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_GI), LS_NR_PAGES);
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_PG), 0);
	h->gone_gfn = U64_MAX;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), 0);
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_GV), LS_NR_PAGES + 1);
	sevl_lsnp_destroy(s);
}

/* A mailbox on a private software firmware that holds every command. */
static void ls_fx_hold(struct kunit *test, struct ls_host *h, u16 status)
{
	struct sevl_swfw_config cfg = {};

	sevl_pfx_init(test, &h->fx, &cfg);
	sevl_pfx_mbox(test, &h->fx);
	sevl_pfx_fault(&h->fx, status ? SEVL_CMD_PLATFORM_STATUS : 0, status,
		       true);
	ls_cur = h;
}

/* Let the held command complete; wait until its release ran. */
static void ls_fx_release(struct kunit *test, struct ls_host *h)
{
	unsigned int i;

	sevl_pfx_fault(&h->fx, 0, 0, false);
	for (i = 0; i < 250 && sevl_mbox_state(h->fx.mbox) != SEVL_MBOX_IDLE;
	     i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, sevl_mbox_state(h->fx.mbox), SEVL_MBOX_IDLE);
	sevl_late_flush();
}

/*
 * SNP_LAUNCH_UPDATE times out: the launch is broken, the page stays
 * immutable and referenced (even after destroy) until the firmware is
 * done; it failed late, so the release reclaims it.
 */
static void ls_timeout_update(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	static const u32 order[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	struct page *p = m->p[0];	/* gfn 0x7: the fourth by GFN */
	u32 fw, why = 0, i;

	ls_record_all(test, s, m, order);
	ls_fx_hold(test, h, SEV_RET_INVALID_PARAM);
	h->timeout_at = 4;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, ls_state(h, page_to_pfn(p)), (u32)LS_PG);
	KUNIT_EXPECT_EQ(test, h->nr_reclaims, 0);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_STATE);
	sevl_lsnp_destroy(s);
	KUNIT_EXPECT_EQ(test, page_count(p), 2);
	KUNIT_EXPECT_EQ(test, ls_state(h, page_to_pfn(p)), (u32)LS_PG);

	ls_fx_release(test, h);
	KUNIT_EXPECT_EQ(test, h->nr_null_reclaims, 1);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 1);
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_GI) + ls_count(h, LS_PG), 0);
	sevl_pfx_exit(&h->fx);
	ls_cur = NULL;
}

/*
 * SNP_LAUNCH_UPDATE times out and later succeeds: the page was measured,
 * but the launch is broken and its reference is the last one; the release
 * must hand it back to the hypervisor (reclaim) before dropping it.
 */
static void ls_timeout_update_late_ok(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	static const u32 order[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	struct page *p = m->p[0];	/* gfn 0x7: the fourth by GFN */
	u32 fw, why = 0, i;

	ls_record_all(test, s, m, order);
	ls_fx_hold(test, h, 0);
	h->timeout_at = 4;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -ETIMEDOUT);
	sevl_lsnp_destroy(s);
	KUNIT_EXPECT_EQ(test, page_count(p), 2);
	ls_fx_release(test, h);
	KUNIT_EXPECT_EQ(test, h->nr_null_reclaims, 1);
	KUNIT_EXPECT_EQ(test, ls_state(h, page_to_pfn(p)), 0);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 1);
	sevl_pfx_exit(&h->fx);
	ls_cur = NULL;
}

/* The same for a VMSA: reclaimed late, the vCPU's reference stays. */
static void ls_timeout_vmsa_late_ok(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	struct page *v = h->vmsa[0];
	u32 fw, why = 0;

	ls_fx_hold(test, h, 0);
	h->timeout_at = 1;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, page_count(v), 2);
	sevl_lsnp_destroy(s);
	ls_fx_release(test, h);
	KUNIT_EXPECT_EQ(test, h->nr_null_reclaims, 1);
	KUNIT_EXPECT_EQ(test, ls_count(h, LS_PG), 0);
	KUNIT_EXPECT_EQ(test, page_count(v), 1);
	sevl_pfx_exit(&h->fx);
	ls_cur = NULL;
}

/*
 * Reclaim fails as on hardware (snp_leak_pages() takes no reference): a
 * page the firmware still owns must keep the core's reference, whether the
 * refusal was immediate or the command completed late.
 */
static void ls_reclaim_fails(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	static const u32 order[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	struct page *p = m->p[0];	/* gfn 0x7: the fourth by GFN */
	u32 fw, why = 0;

	ls_record_all(test, s, m, order);
	h->reclaim_fails = true;
	h->fail_at = 4;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EIO);
	KUNIT_EXPECT_EQ(test, h->nr_reclaims, 1);
	sevl_lsnp_destroy(s);
	KUNIT_EXPECT_EQ(test, ls_state(h, page_to_pfn(p)), (u32)LS_PG);
	KUNIT_EXPECT_EQ(test, page_count(p), 2);
	if (page_count(p) == 2)
		put_page(p);		/* the leak, undone for the test */

	s = ls_launch(h, true);
	h->nr_cmds = 0;
	h->fail_at = 0;
	xa_destroy(&h->rmp);
	p = m->p[5];			/* gfn 0x1: the first by GFN */
	ls_record_all(test, s, m, order);
	ls_fx_hold(test, h, SEV_RET_INVALID_PARAM);
	h->timeout_at = 1;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -ETIMEDOUT);
	sevl_lsnp_destroy(s);
	ls_fx_release(test, h);
	KUNIT_EXPECT_EQ(test, h->nr_null_reclaims, 1);
	KUNIT_EXPECT_EQ(test, page_count(p), 2);
	if (page_count(p) == 2)
		put_page(p);
	sevl_pfx_exit(&h->fx);
	ls_cur = NULL;
}

/*
 * SNP_LAUNCH_FINISH fails after the replay (a wrong ID block): a vCPU
 * created afterwards can neither supply a VMSA nor be left out of a
 * retried FINISH; without it the retry succeeds.
 */
static void ls_finish_retry_new_vcpu(struct kunit *test)
{
	static const u32 ids[] = { 0, 1 };
	struct ls_host *h = ls_host(test, ids, 2);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why = 0;

	h->nr_ids = 1;
	h->fail_at = 2;			/* vCPU 0's VMSA, then FINISH */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EIO);
	h->nr_ids = 2;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 1, NULL, LS_FEATURES, &why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FINISHED);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_VMSA_MISSING);
	KUNIT_EXPECT_EQ(test, h->nr_cmds, 2);
	h->nr_ids = 1;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), 0);
	KUNIT_EXPECT_EQ(test, h->nr_cmds, 3);
	sevl_lsnp_destroy(s);
}

/*
 * SNP_LAUNCH_FINISH times out: the ID block and ID authentication become
 * the core's (the firmware may still read them), the launch is broken.
 */
static void ls_timeout_finish(struct kunit *test)
{
	static const u32 ids[] = { 0, 1 };
	struct ls_host *h = ls_host(test, ids, 2);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why = 0;

	a.id_block = kzalloc(KVM_SEV_SNP_ID_BLOCK_SIZE, GFP_KERNEL);
	a.id_auth = kzalloc(KVM_SEV_SNP_ID_AUTH_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a.id_block);
	KUNIT_ASSERT_NOT_NULL(test, a.id_auth);
	ls_fx_hold(test, h, 0);
	h->timeout_at = 3;		/* two VMSAs, then LAUNCH_FINISH */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -ETIMEDOUT);
	KUNIT_EXPECT_NULL(test, a.id_block);
	KUNIT_EXPECT_NULL(test, a.id_auth);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_STATE);
	sevl_lsnp_destroy(s);
	ls_fx_release(test, h);
	KUNIT_EXPECT_EQ(test, h->nr_reclaims, 0);
	kfree(a.id_block);
	kfree(a.id_auth);
	sevl_pfx_exit(&h->fx);
	ls_cur = NULL;
}

/*
 * Default mode: once the host's own SNP_LAUNCH_FINISH was chosen, a VMSA
 * can no longer be supplied (it would never be measured); one supplied
 * first makes FINISH the core's.
 */
static void ls_upstream_finish(struct kunit *test)
{
	static const u32 ids[] = { 0, 1 };
	struct ls_host *h = ls_host(test, ids, 2);
	struct sevl_lsnp *s = ls_launch(h, false);
	u32 why = 0;

	KUNIT_EXPECT_FALSE(test, sevl_lsnp_finish_route(s));
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, NULL, LS_FEATURES, &why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FINISHED);
	KUNIT_EXPECT_FALSE(test, sevl_lsnp_finish_handled(s));
	sevl_lsnp_destroy(s);

	s = ls_launch(h, false);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 1, NULL, LS_FEATURES, &why),
			0);
	KUNIT_EXPECT_TRUE(test, sevl_lsnp_finish_route(s));
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, NULL, LS_FEATURES, &why),
			0);
	sevl_lsnp_destroy(s);
}

static struct kunit_case sevl_launch_snp_fail_cases[] = {
	KUNIT_CASE(ls_fw_failure),
	KUNIT_CASE(ls_lock_failure),
	KUNIT_CASE(ls_gone_read_only),
	KUNIT_CASE(ls_timeout_update),
	KUNIT_CASE(ls_timeout_finish),
	KUNIT_CASE(ls_upstream_finish),
	KUNIT_CASE(ls_timeout_update_late_ok),
	KUNIT_CASE(ls_timeout_vmsa_late_ok),
	KUNIT_CASE(ls_reclaim_fails),
	KUNIT_CASE(ls_finish_retry_new_vcpu),
	{}
};

static struct kunit_suite sevl_launch_snp_fail_suite = {
	.name = "sev-launch-core-snp-fail",
	.test_cases = sevl_launch_snp_fail_cases,
};

kunit_test_suite(sevl_launch_snp_fail_suite);
