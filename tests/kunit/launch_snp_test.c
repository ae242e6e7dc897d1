// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the launch core's SEV-SNP part (suite sev-launch-core-snp).
 *
 * A fake host keeps an RMP of its own and a fake firmware that checks
 * every SNP_LAUNCH_UPDATE against it and extends its own PAGE_INFO chain
 * from the page bytes it is given (launch_snp_fake.c).  The tests check the
 * replay order (pages by GFN, VMSAs by vCPU id), that the digest does not
 * depend on the order of the calls, that the log recomputes to the fake
 * firmware's digest, the VMSA refusal reasons, double updates, updates
 * after FINISH, a page gone before FINISH, and that a destroyed launch
 * leaves no page assigned and no page reference behind.
 * The failure cases are in launch_snp_fail_test.c.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/launch_snp.h>
#include <sev-launch/psp.h>

#include "launch_snp_fake.h"

/* Copy out the log; recompute the digest with this file's PAGE_INFO. */
static void ls_log_digest(struct ls_host *h, struct sevl_lsnp *s, u32 *nr,
			  struct kvm_sev_snp_log_entry *e, u8 *fwd, u8 *mine,
			  u32 *flags)
{
	struct kvm_sev_snp_log_entry __user *u;
	static const u8 zero[48];
	unsigned long ua;
	u32 i;

	ua = kunit_vm_mmap(h->test, NULL, 0, 64 * sizeof(*e),
			   PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE,
			   0);
	KUNIT_ASSERT_FALSE(h->test, !ua || IS_ERR_VALUE(ua));
	u = (void __user *)ua;
	*nr = 64;
	KUNIT_ASSERT_EQ(h->test, sevl_lsnp_get_log(s, u, nr, flags, fwd), 0);
	KUNIT_ASSERT_LE(h->test, *nr, 64);
	KUNIT_ASSERT_EQ(h->test, copy_from_user(e, u, *nr * sizeof(*e)), 0);
	memset(mine, 0, 48);
	for (i = 0; i < *nr; i++)
		ls_chain(h, mine, memcmp(e[i].sha384, zero, 48) ?
			 e[i].sha384 : NULL, e[i].page_type, e[i].gpa);
}

static void ls_canonical_order(struct kunit *test)
{
	static const u32 ids[] = { 5, 0, 12, 3, 1 };
	static const u32 order[] = { 3, 6, 0, 7, 1, 5, 2, 4 };
	struct kvm_sev_snp_log_entry *e;
	struct sevl_lsnp_finish_args a = {};
	u8 fwd[48], mine[48];
	struct ls_host *h = ls_host(test, ids, ARRAY_SIZE(ids));
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp *s = ls_launch(h, true);
	u8 *page = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u64 f = LS_FEATURES, prev = 0;
	u32 fw, why, nr, flags, i;

	KUNIT_ASSERT_NOT_NULL(test, page);
	ls_record_all(test, s, m, order);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), LS_NR_PAGES);
	KUNIT_EXPECT_EQ(test, h->nr_cmds, 0);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 2);
	memcpy(page + 0x3b0, &f, sizeof(f));
	page[0x10] = 0xab;
	KUNIT_ASSERT_EQ(test, sevl_lsnp_vmsa_set(s, 12, page, 0, &why), 0);

	KUNIT_ASSERT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), 0);
	KUNIT_ASSERT_EQ(test, h->nr_cmds, LS_NR_PAGES + ARRAY_SIZE(ids) + 1);
	for (i = 0; i < LS_NR_PAGES; i++) {
		KUNIT_EXPECT_EQ(test, h->cmds[i].cmd, SEVL_CMD_SNP_LAUNCH_UPDATE);
		KUNIT_EXPECT_GT(test, h->cmds[i].gpa + 1, prev);
		prev = h->cmds[i].gpa + 1;
	}
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		KUNIT_EXPECT_EQ(test, h->cmds[LS_NR_PAGES + i].type,
				SEVL_SNP_PAGE_VMSA);
	KUNIT_EXPECT_EQ(test, h->cmds[h->nr_cmds - 1].cmd,
			SEVL_CMD_SNP_LAUNCH_FINISH);
	/* VMSAs by vCPU id, not creation order. */
	KUNIT_ASSERT_EQ(test, h->nr_commits, ARRAY_SIZE(ids));
	KUNIT_EXPECT_EQ(test, h->commits[0], 0);
	KUNIT_EXPECT_EQ(test, h->commits[1], 1);
	KUNIT_EXPECT_EQ(test, h->commits[2], 3);
	KUNIT_EXPECT_EQ(test, h->commits[3], 5);
	KUNIT_EXPECT_EQ(test, h->commits[4], 12);
	/* References and RMP assignments of the pages are the guest's now. */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), 0);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 1);

	e = kunit_kcalloc(test, 64, sizeof(*e), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	ls_log_digest(h, s, &nr, e, fwd, mine, &flags);
	KUNIT_EXPECT_EQ(test, flags, KVM_SEV_LAUNCH_F_CANONICAL |
			KVM_SEV_SNP_LOG_F_FINISHED);
	KUNIT_EXPECT_EQ(test, nr, LS_NR_PAGES + ARRAY_SIZE(ids));
	KUNIT_EXPECT_MEMEQ(test, fwd, h->ld, 48);
	KUNIT_EXPECT_MEMEQ(test, mine, h->ld, 48);
	KUNIT_EXPECT_EQ(test, e[LS_NR_PAGES + 4].vcpu_id, 12);

	/* vCPU 12's VMSA reads back as given. */
	memset(fwd, 0, sizeof(fwd));
	{
		u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

		KUNIT_ASSERT_EQ(test, sevl_lsnp_vmsa_get(s, 12, buf), 0);
		KUNIT_EXPECT_MEMEQ(test, buf, page, PAGE_SIZE);
	}

	/* After FINISH: no update, no VMSA, no second FINISH. */
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_record(s, 0x500, SEVL_SNP_PAGE_ZERO,
					       m->p[0], 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FINISHED);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, NULL, LS_FEATURES, &why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FINISHED);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FINISHED);
	sevl_lsnp_destroy(s);
}

/* One launch in the given orders; its digest into @d. */
static void ls_run(struct kunit *test, const u32 *ids, const u32 *order,
		   bool canonical, u8 *d)
{
	struct ls_host *h = ls_host(test, ids, 4);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why, i, k;

	if (canonical) {
		ls_record_all(test, s, m, order);
		KUNIT_ASSERT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), 0);
	} else {
		/* Default mode: upstream's code measures, the core logs. */
		sevl_lsnp_destroy(s);
		s = ls_launch(h, false);
		h->locked = true;	/* for the fake's own checks */
		for (i = 0; i < LS_NR_PAGES; i++) {
			struct sevl_snp_launch_update u = {};

			k = order[i];
			KUNIT_ASSERT_EQ(test, ls_assign(h, ls_pages[k].gfn,
							page_to_pfn(m->p[k])),
					0);
			KUNIT_ASSERT_EQ(test, ls_lock_page(h, ls_pages[k].gfn,
							   page_to_pfn(m->p[k])),
					0);
			u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE,
					     ls_pages[k].type);
			u.address = PFN_PHYS(page_to_pfn(m->p[k]));
			KUNIT_ASSERT_EQ(test, ls_issue(h, SEVL_CMD_SNP_LAUNCH_UPDATE,
						       &u, &fw), 0);
			sevl_lsnp_logged(s, ls_pages[k].gfn << PAGE_SHIFT,
					 ls_pages[k].type,
					page_address(m->p[k]), 0);
		}
		h->locked = false;
		KUNIT_EXPECT_FALSE(test, sevl_lsnp_finish_handled(s));
		KUNIT_ASSERT_EQ(test, sevl_lsnp_vmsa_set(s, ids[2], NULL,
							 LS_FEATURES, &why), 0);
		KUNIT_EXPECT_TRUE(test, sevl_lsnp_finish_handled(s));
		KUNIT_ASSERT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), 0);
		/* Default mode: VMSAs in creation order. */
		for (i = 0; i < 4; i++)
			KUNIT_EXPECT_EQ(test, h->commits[i], ids[i]);
	}
	{
		struct kvm_sev_snp_log_entry *e;
		u8 fwd[48];
		u32 nr, flags;

		e = kunit_kcalloc(test, 64, sizeof(*e), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, e);
		ls_log_digest(h, s, &nr, e, fwd, d, &flags);
		KUNIT_EXPECT_MEMEQ(test, d, h->ld, 48);
		KUNIT_EXPECT_MEMEQ(test, fwd, h->ld, 48);
	}
	sevl_lsnp_destroy(s);
}

/* Canonical: any call order, any vCPU creation order, one digest. */
static void ls_order_independent(struct kunit *test)
{
	static const u32 ids_a[] = { 0, 1, 2, 3 }, ids_b[] = { 3, 1, 0, 2 };
	static const u32 o_a[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const u32 o_b[] = { 7, 5, 3, 1, 6, 4, 2, 0 };
	u8 a[48], b[48], c[48], d[48];

	ls_run(test, ids_a, o_a, true, a);
	ls_run(test, ids_b, o_b, true, b);
	KUNIT_EXPECT_MEMEQ(test, a, b, 48);
	/* Default mode: the call order is the measured order. */
	ls_run(test, ids_a, o_a, false, c);
	ls_run(test, ids_a, o_b, false, d);
	KUNIT_EXPECT_MEMNEQ(test, c, d, 48);
	KUNIT_EXPECT_MEMNEQ(test, a, c, 48);
}

/* The same GFN twice; refusals change nothing. */
static void ls_double_update(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 why = 0;

	KUNIT_ASSERT_EQ(test, sevl_lsnp_record(s, 0x10, SEVL_SNP_PAGE_NORMAL,
					       m->p[0], 0, &why), 0);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_record(s, 0x10, SEVL_SNP_PAGE_ZERO,
					       m->p[1], 0, &why), -EEXIST);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_OVERLAP);
	KUNIT_EXPECT_EQ(test, page_count(m->p[1]), 1);
	KUNIT_EXPECT_NULL(test, xa_load(&h->rmp, page_to_pfn(m->p[1])));
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), 1);
	/* A VMSA type or an unknown one is not a page update. */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_record(s, 0x11, SEVL_SNP_PAGE_VMSA,
					       m->p[1], 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_record(s, 0x11, 7, m->p[1], 0, &why),
			-EINVAL);
	/* LAUNCH_CONFIG once pages exist: refused. */
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_config(s, 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_CONFIG);
	KUNIT_EXPECT_TRUE(test, sevl_lsnp_canonical(s));
	sevl_lsnp_destroy(s);
	KUNIT_EXPECT_EQ(test, page_count(m->p[0]), 1);
	KUNIT_EXPECT_TRUE(test, xa_empty(&h->rmp));
}

/* Destroy mid-launch, and a page gone before FINISH. */
static void ls_destroy_and_gone(struct kunit *test)
{
	static const u32 ids[] = { 0, 1 };
	static const u32 order[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct ls_host *h = ls_host(test, ids, 2);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why = 0, i;

	ls_record_all(test, s, m, order);
	h->gone_gfn = ls_pages[5].gfn;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_SNP_GONE);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, h->nr_cmds, 0);
	KUNIT_EXPECT_FALSE(test, h->locked);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), LS_NR_PAGES);
	sevl_lsnp_destroy(s);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 1);
	KUNIT_EXPECT_TRUE(test, xa_empty(&h->rmp));
}

/* A failed SNP_LAUNCH_FINISH command alone may be retried. */
static void ls_finish_retry(struct kunit *test)
{
	static const u32 ids[] = { 0, 1 };
	struct ls_host *h = ls_host(test, ids, 2);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why = 0;

	h->fail_at = 3;		/* two VMSAs, then LAUNCH_FINISH */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EIO);
	KUNIT_EXPECT_EQ(test, h->nr_commits, 2);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), 0);
	KUNIT_EXPECT_EQ(test, h->nr_commits, 2);
	KUNIT_EXPECT_EQ(test, h->nr_cmds, 4);
	KUNIT_EXPECT_EQ(test, h->cmds[3].cmd, SEVL_CMD_SNP_LAUNCH_FINISH);
	sevl_lsnp_destroy(s);
}

/* Every VMSA refusal, with its reason, and what is accepted. */
static void ls_vmsa_validate(struct kunit *test)
{
	static const u16 rsvd[] = { 0xc8, 0xcc, 0xd8, 0x13f, 0x1c0, 0x248,
				    0x298, 0x2f0, 0x320, 0x380, 0x3f0, 0x3ff };
	u8 *p = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u64 f = LS_FEATURES, other = SEV_LAUNCH_VMSA_FEAT_SNP_ACTIVE;
	u64 dr7 = 0x400;
	u32 why, i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0x11, 0xc8);			/* segments, SSPs, U_CET */
	memcpy(p + 0x3b0, &f, sizeof(f));
	memcpy(p + 0x160, &dr7, sizeof(dr7));
	memset(p + 0x400, 0x22, 0x270);		/* FPU state */
	memset(p + 0x670, 0x33, 0x10);		/* beyond: not checked */
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_validate(p, f, &why), 0);
	KUNIT_EXPECT_EQ(test, why, 0);

	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_validate(p, other, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FEATURES_VM);
	/* Without SNPActive, even if the VM claimed the same. */
	memcpy(p + 0x3b0, &(u64){ BIT_ULL(5) }, 8);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_validate(p, BIT_ULL(5), &why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FEATURES_VM);
	memcpy(p + 0x3b0, &f, sizeof(f));

	p[0xca] = 1;
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_validate(p, f, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_VMSA_VMPL);
	p[0xca] = 0;

	for (i = 0; i < ARRAY_SIZE(rsvd); i++) {
		p[rsvd[i]] = 0x80;
		why = 0;
		KUNIT_EXPECT_EQ_MSG(test, sevl_lsnp_vmsa_validate(p, f, &why),
				    -EINVAL, "offset %#x", rsvd[i]);
		KUNIT_EXPECT_EQ_MSG(test, why,
				    (u32)SEV_LAUNCH_ERR_VMSA_RESERVED,
				    "offset %#x", rsvd[i]);
		p[rsvd[i]] = 0;
	}

	dr7 = 0x401;
	memcpy(p + 0x160, &dr7, sizeof(dr7));
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_validate(p, f, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_VMSA_DEBUG);
}

/* vCPU-fd supply: refused pages leave nothing; once per vCPU. */
static void ls_vmsa_supply(struct kunit *test)
{
	static const u32 ids[] = { 0, 1 };
	struct ls_host *h = ls_host(test, ids, 2);
	struct sevl_lsnp *s = ls_launch(h, false);
	u8 *p = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u64 f = LS_FEATURES;
	u32 why;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(p + 0x3b0, &f, sizeof(f));
	p[0xca] = 2;
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, p, 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_VMSA_VMPL);
	KUNIT_EXPECT_FALSE(test, sevl_lsnp_finish_handled(s));
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, NULL, f & ~1ULL, &why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FEATURES_VM);
	p[0xca] = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, p, 0, &why), 0);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, p, 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_VMSA_DUP);
	KUNIT_EXPECT_TRUE(test, sevl_lsnp_finish_handled(s));
	KUNIT_ASSERT_EQ(test, sevl_lsnp_vmsa_get(s, 0, buf), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, p, PAGE_SIZE);
	/* Not supplied: what a sync would give now. */
	KUNIT_ASSERT_EQ(test, sevl_lsnp_vmsa_get(s, 1, buf), 0);
	ls_sync(1, f, p);
	KUNIT_EXPECT_MEMEQ(test, buf, p, PAGE_SIZE);
	/* Default mode records no pages. */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_record(s, 1, SEVL_SNP_PAGE_ZERO,
					       h->vmsa[1], 0, &why), -EINVAL);
	sevl_lsnp_destroy(s);
}

/* Host-wide canonical cannot be left; unknown flags refused. */
static void ls_config(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 why = 0;

	KUNIT_EXPECT_EQ(test, sevl_lsnp_config(s, 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_CONFIG);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_config(s, 2, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_config(s, KVM_SEV_LAUNCH_F_CANONICAL,
					       &why), 0);
	sevl_lsnp_destroy(s);
	s = ls_launch(h, false);
	KUNIT_EXPECT_FALSE(test, sevl_lsnp_canonical(s));
	KUNIT_EXPECT_EQ(test, sevl_lsnp_config(s, KVM_SEV_LAUNCH_F_CANONICAL,
					       &why), 0);
	KUNIT_EXPECT_TRUE(test, sevl_lsnp_canonical(s));
	sevl_lsnp_destroy(s);
}

static struct kunit_case sevl_launch_snp_cases[] = {
	KUNIT_CASE(ls_canonical_order),
	KUNIT_CASE(ls_order_independent),
	KUNIT_CASE(ls_double_update),
	KUNIT_CASE(ls_destroy_and_gone),
	KUNIT_CASE(ls_finish_retry),
	KUNIT_CASE(ls_vmsa_validate),
	KUNIT_CASE(ls_vmsa_supply),
	KUNIT_CASE(ls_config),
	{}
};

static struct kunit_suite sevl_launch_snp_suite = {
	.name = "sev-launch-core-snp",
	.test_cases = sevl_launch_snp_cases,
};

kunit_test_suite(sevl_launch_snp_suite);
