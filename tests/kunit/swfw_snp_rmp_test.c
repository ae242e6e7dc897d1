// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the emulated RMP of the software firmware: the RMPUPDATE rules
 * of the emulator API (immutable entries refuse, argument checks, the
 * resulting page states), SNP_PAGE_RECLAIM and the emulator-only census
 * of snp/rmp_summary.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sev-launch.h>

#include "swfw_snp_fixture.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

#define PFN(pa)	((pa) >> PAGE_SHIFT)

/* The states RMPUPDATE produces, and the entries it records. */
static void rmp_update_states(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	u64 pa = SNPT_GUEST;
	struct sevl_snp_rmpe e;

	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, pa), SEVL_RMP_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, PFN(pa), true, 0, 0,
						  false), 0);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, pa), SEVL_RMP_RECLAIM);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, PFN(pa), true, 2,
						  0x7000, false), 0);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_read(t->fw, PFN(pa), &e), 0);
	KUNIT_EXPECT_EQ(test, e.state, SEVL_RMP_GUEST_INVALID);
	KUNIT_EXPECT_EQ(test, e.asid, 2);
	KUNIT_EXPECT_EQ(test, e.gpa, 0x7000);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, PFN(pa), true, 2,
						  0x8000, true), 0);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, pa), SEVL_RMP_PRE_GUEST);
	/* Pre-Guest is immutable: the host cannot take it back itself. */
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_make_shared(t->fw, pa, 1), -EPERM);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, PFN(pa), true, 3,
						  0x8000, false), -EPERM);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_read(t->fw, PFN(pa), &e), 0);
	KUNIT_EXPECT_EQ(test, e.asid, 2);
}

/* Inputs hardware rejects. */
static void rmp_update_bad_args(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	u64 pfn = PFN(SNPT_GUEST);

	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, pfn, false, 1, 0,
						  false), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, pfn, false, 0, 0,
						  true), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, pfn, true, 1, 0x1001,
						  true), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, pfn, true,
						  SNPT_NR_ASIDS + 1, 0, true),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, pfn, true, 1,
						  1ULL << 52, true), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_GUEST),
			SEVL_RMP_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_make_firmware(t->fw, SNPT_GUEST + 8,
							 1), -EINVAL);
}

/* make_firmware is all or nothing. */
static void rmp_make_firmware_rollback(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;

	sevl_snpt_assign(t, SNPT_PAGE(19), 1, 0);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_make_firmware(t->fw, SNPT_GUEST, 8),
			-EPERM);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_GUEST),
			SEVL_RMP_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_PAGE(18)),
			SEVL_RMP_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_PAGE(19)),
			SEVL_RMP_PRE_GUEST);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_PAGE(20)),
			SEVL_RMP_HYPERVISOR);
}

/* SNP_PAGE_RECLAIM: state, page size, alignment, page states. */
static void rmp_page_reclaim(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_page_reclaim r = { .paddr = SNPT_GUEST };

	KUNIT_EXPECT_EQ(test, SX(t, SNP_PAGE_RECLAIM, r),
			SEV_RET_INVALID_PLATFORM_STATE);
	sevl_snpt_up(t);	/* SNP_INIT resets the RMP */
	sevl_snpt_firmware(t, SNPT_GUEST);
	r.paddr = SNPT_GUEST | 1;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PAGE_RECLAIM, r),
			SEV_RET_INVALID_PAGE_SIZE);
	r.paddr = SNPT_GUEST + 0x800;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PAGE_RECLAIM, r),
			SEV_RET_INVALID_ADDRESS);
	r.paddr = SNPT_PAGE(17);	/* Hypervisor */
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PAGE_RECLAIM, r),
			SEV_RET_INVALID_PAGE_STATE);
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_update(t->fw, PFN(SNPT_PAGE(17)),
						  true, 1, 0, false), 0);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PAGE_RECLAIM, r),
			SEV_RET_INVALID_PAGE_STATE);	/* Guest-Invalid */

	/* Firmware -> Reclaim -> (RMPUPDATE) Hypervisor. */
	r.paddr = SNPT_GUEST;
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_make_shared(t->fw, SNPT_GUEST, 1),
			-EPERM);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PAGE_RECLAIM, r), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_GUEST), SEVL_RMP_RECLAIM);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PAGE_RECLAIM, r),
			SEV_RET_INVALID_PAGE_STATE);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_make_shared(t->fw, SNPT_GUEST, 1),
			0);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_GUEST),
			SEVL_RMP_HYPERVISOR);

	/* Pre-Guest -> Reclaim. */
	sevl_snpt_assign(t, SNPT_PAGE(18), 1, 0x1000);
	r.paddr = SNPT_PAGE(18);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PAGE_RECLAIM, r), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_PAGE(18)),
			SEVL_RMP_RECLAIM);
}

/* A sparse table: entries exist only for pages not in Hypervisor state. */
static void rmp_sparse(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	u64 far = 1ULL << 40;	/* never memory: the RMP does not care */
	unsigned long n = 0, idx;
	void *p;

	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, PFN(far), true, 1,
						  0, false), 0);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_make_firmware(t->fw, SNPT_GUEST, 3),
			0);
	xa_for_each(&t->fw->snp.rmp, idx, p)
		n++;
	KUNIT_EXPECT_EQ(test, n, 4);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, PFN(far), false, 0,
						  0, false), 0);
	n = 0;
	xa_for_each(&t->fw->snp.rmp, idx, p)
		n++;
	KUNIT_EXPECT_EQ(test, n, 3);
}

/* The emulator-only census behind snp/rmp_summary. */
static void rmp_count_view(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_rmp_count c;
	u64 *asid;

	asid = kunit_kcalloc(test, SNPT_NR_ASIDS + 1, sizeof(*asid),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, asid);
	sevl_snpt_up(t);
	sevl_snp_rmp_count(t->fw, &c, asid);
	KUNIT_EXPECT_EQ(test, c.pages[SEVL_RMP_FIRMWARE] +
			c.pages[SEVL_RMP_PRE_GUEST] + c.vmsa, 0);

	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_make_firmware(t->fw, SNPT_PAGE(16),
							 2), 0);
	sevl_snpt_assign(t, SNPT_PAGE(18), 2, 0x1000);
	sevl_snpt_assign(t, SNPT_PAGE(19), 2, 0x2000);
	sevl_snpt_assign(t, SNPT_PAGE(20), 3, 0x1000);
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_update(t->fw, PFN(SNPT_PAGE(21)),
						  true, 3, 0x3000, false), 0);
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_update(t->fw, PFN(SNPT_PAGE(22)),
						  true, 0, 0, false), 0);
	/* A guest (context page) with a measured VMSA page under ASID 1. */
	sevl_snpt_guest(t, SNPT_GCTX, sevl_snpt_policy(), 1);
	sevl_snpt_assign(t, SNPT_PAGE(23), 1, SEVL_SNP_VMSA_GPA);
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, SNPT_GCTX, SNPT_PAGE(23),
					       SEVL_SNP_PAGE_VMSA, 0), 0);

	sevl_snp_rmp_count(t->fw, &c, asid);
	KUNIT_EXPECT_EQ(test, c.pages[SEVL_RMP_HYPERVISOR], 0);
	KUNIT_EXPECT_EQ(test, c.pages[SEVL_RMP_FIRMWARE], 2);
	KUNIT_EXPECT_EQ(test, c.pages[SEVL_RMP_PRE_GUEST], 3);
	KUNIT_EXPECT_EQ(test, c.pages[SEVL_RMP_GUEST_INVALID], 1);
	KUNIT_EXPECT_EQ(test, c.pages[SEVL_RMP_RECLAIM], 1);
	KUNIT_EXPECT_EQ(test, c.pages[SEVL_RMP_CONTEXT], 1);
	KUNIT_EXPECT_EQ(test, c.pages[SEVL_RMP_GUEST_VALID], 1);
	KUNIT_EXPECT_EQ(test, c.vmsa, 1);
	KUNIT_EXPECT_EQ(test, asid[0], 0);
	KUNIT_EXPECT_EQ(test, asid[1], 1);
	KUNIT_EXPECT_EQ(test, asid[2], 2);
	KUNIT_EXPECT_EQ(test, asid[3], 2);
	KUNIT_EXPECT_EQ(test, asid[4], 0);

	/* Without the per-ASID array. */
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_make_shared(t->fw, SNPT_PAGE(21),
						       2), 0);
	sevl_snp_rmp_count(t->fw, &c, NULL);
	KUNIT_EXPECT_EQ(test, c.pages[SEVL_RMP_GUEST_INVALID], 0);
	KUNIT_EXPECT_EQ(test, c.pages[SEVL_RMP_RECLAIM], 0);
}

static struct kunit_case sevl_snp_rmp_cases[] = {
	KUNIT_CASE(rmp_update_states),
	KUNIT_CASE(rmp_update_bad_args),
	KUNIT_CASE(rmp_make_firmware_rollback),
	KUNIT_CASE(rmp_page_reclaim),
	KUNIT_CASE(rmp_sparse),
	KUNIT_CASE(rmp_count_view),
	{}
};

static struct kunit_suite sevl_snp_rmp_suite = {
	.name = "sev-swfw-snp-rmp",
	.init = sevl_snpt_init,
	.exit = sevl_snpt_exit,
	.test_cases = sevl_snp_rmp_cases,
};

kunit_test_suite(sevl_snp_rmp_suite);
