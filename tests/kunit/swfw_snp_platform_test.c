// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: SEV-SNP platform commands of the software firmware (SNP_INIT,
 * SNP_INIT_EX, SNP_SHUTDOWN_EX, SNP_PLATFORM_STATUS, SNP_DF_FLUSH,
 * SNP_CONFIG, SNP_COMMIT) and how SNP coexists with the SEV-legacy
 * platform.  Expected statuses are the SNP ABI's (Documentation/snp.rst).
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "swfw_snp_fixture.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

/* Without SNP support every SNP command is unknown. */
static void snp_disabled(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_addr a = { .address = SNPT_STATUS };
	struct sevl_fw *snp_fw = t->fw;

	t->fw = sevl_snpt_create(t, false);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->fw));
	KUNIT_EXPECT_EQ(test, SX0(t, SNP_INIT), SEV_RET_INVALID_COMMAND);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PLATFORM_STATUS, a),
			SEV_RET_INVALID_COMMAND);
	sevl_fw_destroy(t->fw);
	t->fw = snp_fw;
}

/* Status in UNINIT and INIT; the page rule once SNP is INIT. */
static void snp_init_status(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_addr a = { .address = SNPT_STATUS };
	struct sevl_snp_status st;

	KUNIT_ASSERT_EQ(test, sevl_snpt_status(t, &st), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, st.api_major, 1);
	KUNIT_EXPECT_EQ(test, st.api_minor, 55);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_SNP_PSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, st.rmp_flags, 0);
	KUNIT_EXPECT_EQ(test, st.guest_count, 0);
	KUNIT_EXPECT_EQ(test, st.build_id, 21);

	sevl_snpt_up(t);
	/* A Hypervisor page: refused, and not written. */
	memset(sevl_snpt_p(t, SNPT_STATUS), 0, sizeof(st));
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PLATFORM_STATUS, a),
			SEV_RET_INVALID_PAGE_STATE);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(sevl_snpt_p(t, SNPT_STATUS), 0,
					    sizeof(st)));
	/* A Firmware page: written, and left in Reclaim. */
	sevl_snpt_firmware(t, SNPT_STATUS);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PLATFORM_STATUS, a), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_STATUS), SEVL_RMP_RECLAIM);
	memcpy(&st, sevl_snpt_p(t, SNPT_STATUS), sizeof(st));
	KUNIT_EXPECT_EQ(test, st.state, SEVL_SNP_PSTATE_INIT);
	KUNIT_EXPECT_EQ(test, st.rmp_flags, SEVL_SNP_STATUS_RMP_INIT);
	KUNIT_EXPECT_EQ(test, st.current_tcb, t->fw->snp.current_tcb);
	KUNIT_EXPECT_EQ(test, st.reported_tcb, t->fw->snp.current_tcb);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_make_shared(t->fw, SNPT_STATUS, 1),
			0);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_STATUS),
			SEVL_RMP_HYPERVISOR);
}

/* SNP_INIT needs SNP and SEV-legacy UNINIT. */
static void snp_init_state_rules(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_fw_init in = {};
	struct sevl_snp_shutdown_ex sd = { .len = sizeof(sd) };

	KUNIT_ASSERT_EQ(test, SX(t, INIT, in), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, SX0(t, SNP_INIT), SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_ASSERT_EQ(test, SX0(t, SHUTDOWN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, SX0(t, SNP_INIT), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, SX0(t, SNP_INIT), SEV_RET_INVALID_PLATFORM_STATE);
	/* Legacy INIT after SNP_INIT is what upstream does. */
	KUNIT_EXPECT_EQ(test, SX(t, INIT, in), SEV_RET_SUCCESS);
	/* ... and SNP may only shut down once SEV-legacy did. */
	KUNIT_EXPECT_EQ(test, SX(t, SNP_SHUTDOWN_EX, sd),
			SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, t->fw->snp.state, SEVL_SNP_PSTATE_INIT);
	KUNIT_ASSERT_EQ(test, SX0(t, SHUTDOWN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_SHUTDOWN_EX, sd),
			SEV_RET_DFFLUSH_REQUIRED);
	KUNIT_EXPECT_EQ(test, SX0(t, SNP_DF_FLUSH), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_SHUTDOWN_EX, sd), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, t->fw->snp.state, SEVL_SNP_PSTATE_UNINIT);
	/* Shutting down an UNINIT platform is a no-op. */
	KUNIT_EXPECT_EQ(test, SX(t, SNP_SHUTDOWN_EX, sd), SEV_RET_SUCCESS);
}

/* SNP_INIT_EX: reserved fields, RMP_INIT_REQUIRED, HV-Fixed ranges. */
static void snp_init_ex(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_init_ex ie = {};
	struct sevl_snp_range_list *l = sevl_snpt_p(t, SNPT_LIST);
	struct sevl_snp_shutdown_ex sd = { .len = sizeof(sd) };
	u64 pfn = SNPT_GUEST >> PAGE_SHIFT;

	KUNIT_EXPECT_EQ(test, SX(t, SNP_INIT_EX, ie), SEV_RET_RMP_INIT_REQUIRED);
	ie.flags = SEVL_SNP_INIT_LIST_EN;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_INIT_EX, ie), SEV_RET_INVALID_PARAM);
	ie.flags = SEVL_SNP_INIT_RMP | BIT(2);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_INIT_EX, ie), SEV_RET_INVALID_PARAM);
	ie.flags = SEVL_SNP_INIT_RMP;
	ie.rsvd2[47] = 1;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_INIT_EX, ie), SEV_RET_INVALID_PARAM);
	ie.rsvd2[47] = 0;

	ie.flags = SEVL_SNP_INIT_RMP | SEVL_SNP_INIT_LIST_EN;
	ie.list_paddr = SNPT_LIST;
	l->num_elements = 1;
	l->ranges[0].base = SNPT_GUEST + 1;
	l->ranges[0].page_count = 2;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_INIT_EX, ie), SEV_RET_INVALID_ADDRESS);
	l->num_elements = 1000;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_INIT_EX, ie), SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, t->fw->snp.state, SEVL_SNP_PSTATE_UNINIT);

	l->num_elements = 1;
	l->ranges[0].base = SNPT_GUEST;
	KUNIT_ASSERT_EQ(test, SX(t, SNP_INIT_EX, ie), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_GUEST), SEVL_RMP_HV_FIXED);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_PAGE(17)),
			SEVL_RMP_HV_FIXED);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_PAGE(18)),
			SEVL_RMP_HYPERVISOR);
	/* HV-Fixed pages are immutable for the host. */
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_update(t->fw, pfn, true, 1, 0,
						  false), -EPERM);

	/* Without INIT_RMP the RMP survives a shutdown; with it, it resets. */
	sevl_snpt_firmware(t, SNPT_PAGE(20));
	KUNIT_ASSERT_EQ(test, SX0(t, SNP_DF_FLUSH), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, SX(t, SNP_SHUTDOWN_EX, sd), SEV_RET_SUCCESS);
	ie.flags = 0;
	KUNIT_ASSERT_EQ(test, SX(t, SNP_INIT_EX, ie), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_PAGE(20)),
			SEVL_RMP_FIRMWARE);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_GUEST), SEVL_RMP_HV_FIXED);
	KUNIT_ASSERT_EQ(test, SX0(t, SNP_DF_FLUSH), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, SX(t, SNP_SHUTDOWN_EX, sd), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, SX0(t, SNP_INIT), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_PAGE(20)),
			SEVL_RMP_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_GUEST),
			SEVL_RMP_HYPERVISOR);
}

/* SNP_SHUTDOWN_EX command buffer checks. */
static void snp_shutdown_ex_args(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_shutdown_ex sd = { .len = 4 };

	sevl_snpt_up(t);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_SHUTDOWN_EX, sd), SEV_RET_INVALID_LEN);
	sd.len = sizeof(sd);
	sd.flags = BIT(1);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_SHUTDOWN_EX, sd), SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, t->fw->snp.state, SEVL_SNP_PSTATE_INIT);
	sd.flags = SEVL_SNP_SHUTDOWN_IOMMU;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_SHUTDOWN_EX, sd), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, t->fw->snp.state, SEVL_SNP_PSTATE_UNINIT);
	/* SNP_SHUTDOWN without a buffer, and DF_FLUSH needs SNP INIT. */
	KUNIT_EXPECT_EQ(test, SX0(t, SNP_DF_FLUSH),
			SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, SX0(t, SNP_SHUTDOWN), SEV_RET_SUCCESS);
}

/* Legacy SEV-ES INIT while SNP is INIT: a 2 MiB Firmware TMR. */
static void snp_legacy_es_tmr(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_fw_init in = { .flags = SEVL_INIT_FLAGS_ES,
				   .tmr_address = SNPT_TMR + 0x100000,
				   .tmr_len = 0x200000 };

	sevl_snpt_up(t);
	KUNIT_EXPECT_EQ(test, SX(t, INIT, in), SEV_RET_INVALID_ADDRESS);
	in.tmr_address = SNPT_TMR;
	in.tmr_len = 0x100000;
	KUNIT_EXPECT_EQ(test, SX(t, INIT, in), SEV_RET_INVALID_LEN);
	in.tmr_len = 0x200000;
	KUNIT_EXPECT_EQ(test, SX(t, INIT, in), SEV_RET_INVALID_PAGE_STATE);
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_make_firmware(t->fw, SNPT_TMR, 511),
			0);
	KUNIT_EXPECT_EQ(test, SX(t, INIT, in), SEV_RET_INVALID_PAGE_STATE);
	sevl_snpt_firmware(t, SNPT_TMR + 511 * SEVL_SNP_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, SX(t, INIT, in), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, t->fw->state, SEVL_PSTATE_INIT);
}

/* Legacy INIT_EX while SNP is INIT: a Firmware NV area. */
static void snp_legacy_init_ex_nv(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_fw_init_ex in = { .length = sizeof(in),
				      .nv_address = SNPT_GUEST,
				      .nv_len = SEVL_FW_NV_LEN };

	sevl_snpt_up(t);
	KUNIT_EXPECT_EQ(test, SX(t, INIT_EX, in), SEV_RET_INVALID_PAGE_STATE);
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_make_firmware(t->fw, SNPT_GUEST,
							 SEVL_FW_NV_LEN >> 12),
			0);
	KUNIT_EXPECT_EQ(test, SX(t, INIT_EX, in), SEV_RET_SUCCESS);
}

/* SNP_CONFIG: state, reserved fields, a TCB newer than the current one. */
static void snp_config(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	u64 cur = t->fw->snp.current_tcb;
	struct sevl_snp_config c = { .reported_tcb = cur };
	struct sevl_snp_status st;

	KUNIT_EXPECT_EQ(test, SX(t, SNP_CONFIG, c),
			SEV_RET_INVALID_PLATFORM_STATE);
	sevl_snpt_up(t);
	c.rsvd[51] = 1;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_CONFIG, c), SEV_RET_INVALID_PARAM);
	c.rsvd[51] = 0;
	c.flags = BIT(2);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_CONFIG, c), SEV_RET_INVALID_PARAM);
	c.flags = 0;
	c.reported_tcb = cur + FIELD_PREP(SEVL_SNP_TCB_SNP, 1);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_CONFIG, c), SEV_RET_INVALID_PARAM);
	c.reported_tcb = cur | FIELD_PREP(SEVL_SNP_TCB_RSVD, 1);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_CONFIG, c), SEV_RET_INVALID_PARAM);

	c.reported_tcb = cur - FIELD_PREP(SEVL_SNP_TCB_SNP, 1);
	c.flags = SEVL_SNP_CONFIG_MASK_CHIP_ID | SEVL_SNP_CONFIG_MASK_CHIP_KEY;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_CONFIG, c), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_snpt_status(t, &st), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, st.reported_tcb, c.reported_tcb);
	KUNIT_EXPECT_EQ(test, st.current_tcb, cur);
	KUNIT_EXPECT_EQ(test, st.flags, SEVL_SNP_STATUS_MASK_CHIP_ID |
					SEVL_SNP_STATUS_MASK_CHIP_KEY);
}

/* SNP_COMMIT: length, state, committed values. */
static void snp_commit(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_commit c = { .len = sizeof(c) };

	KUNIT_EXPECT_EQ(test, SX(t, SNP_COMMIT, c),
			SEV_RET_INVALID_PLATFORM_STATE);
	sevl_snpt_up(t);
	c.len = 8;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_COMMIT, c), SEV_RET_INVALID_LEN);
	t->fw->snp.committed_tcb = 0;
	c.len = sizeof(c);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_COMMIT, c), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, t->fw->snp.committed_tcb,
			t->fw->snp.current_tcb);
	KUNIT_EXPECT_EQ(test, t->fw->snp.committed_api_minor, 55);
}

static struct kunit_case sevl_snp_platform_cases[] = {
	KUNIT_CASE(snp_disabled),
	KUNIT_CASE(snp_init_status),
	KUNIT_CASE(snp_init_state_rules),
	KUNIT_CASE(snp_init_ex),
	KUNIT_CASE(snp_shutdown_ex_args),
	KUNIT_CASE(snp_legacy_es_tmr),
	KUNIT_CASE(snp_legacy_init_ex_nv),
	KUNIT_CASE(snp_config),
	KUNIT_CASE(snp_commit),
	{}
};

static struct kunit_suite sevl_snp_platform_suite = {
	.name = "sev-swfw-snp-platform",
	.init = sevl_snpt_init,
	.exit = sevl_snpt_exit,
	.test_cases = sevl_snp_platform_cases,
};

kunit_test_suite(sevl_snp_platform_suite);
