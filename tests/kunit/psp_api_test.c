// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the PSP driver's kernel API (<sev-launch/psp.h>) on the SEV
 * platform of the test kernel, the software firmware's device bound by
 * sev-psp.  Skipped when there is no platform.  Leaves the platform in the
 * state it found it.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/psp.h>

static void sevl_papi_status(struct kunit *test,
			     struct sevl_fw_platform_status *st)
{
	u32 fw = 0;

	memset(st, 0, sizeof(*st));
	KUNIT_ASSERT_EQ(test, sevl_psp_issue(SEVL_CMD_PLATFORM_STATUS, st, &fw),
			0);
	KUNIT_ASSERT_EQ(test, fw, 0U);
}

static int sevl_papi_init(struct kunit *test)
{
	struct sevl_psp_info info;

	if (sevl_psp_get_info(&info))
		kunit_skip(test, "no SEV platform in this kernel");
	return 0;
}

static void sevl_papi_info(struct kunit *test)
{
	struct sevl_fw_platform_status st;
	struct sevl_psp_info info;

	KUNIT_ASSERT_EQ(test, sevl_psp_get_info(&info), 0);
	sevl_papi_status(test, &st);
	KUNIT_EXPECT_EQ(test, info.api_major, st.api_major);
	KUNIT_EXPECT_EQ(test, info.api_minor, st.api_minor);
	KUNIT_EXPECT_EQ(test, info.build, st.build);
	KUNIT_EXPECT_GE(test, info.nr_asids, info.min_sev_asid);
	KUNIT_EXPECT_GE(test, info.min_sev_asid, 1U);
	KUNIT_EXPECT_EQ(test, info.es, info.min_sev_asid > 1);
	KUNIT_ASSERT_NOT_NULL(test, info.backend);
}

static void sevl_papi_refusals(struct kunit *test)
{
	struct sevl_fw_platform_status st = {};
	u32 fw = 0;

	KUNIT_EXPECT_EQ(test, sevl_psp_issue_external(NULL,
						      SEVL_CMD_PLATFORM_STATUS,
						      &st, &fw), -EBADF);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_FALSE(test, sevl_psp_file_is_sev(NULL));

	fw = 0;
	KUNIT_EXPECT_EQ(test, sevl_psp_issue(0x7ff, &st, &fw), -EINVAL);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	fw = 0;
	KUNIT_EXPECT_EQ(test, sevl_psp_issue(SEVL_CMD_ACTIVATE, NULL, &fw),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
}

static void sevl_papi_platform_init(struct kunit *test)
{
	struct sevl_fw_platform_status st;
	struct sevl_psp_info info;
	bool was_uninit;
	u32 fw = 0;
	int ret;

	KUNIT_ASSERT_EQ(test, sevl_psp_get_info(&info), 0);
	sevl_papi_status(test, &st);
	was_uninit = st.state == SEVL_PSTATE_UNINIT;

	KUNIT_ASSERT_EQ(test, sevl_psp_platform_init(&fw), 0);
	sevl_papi_status(test, &st);
	KUNIT_EXPECT_NE(test, st.state, SEVL_PSTATE_UNINIT);
	if (was_uninit && info.es)
		KUNIT_EXPECT_TRUE(test, st.flags & SEVL_PSTATUS_CONFIG_ES);

	/* Idempotent. */
	KUNIT_EXPECT_EQ(test, sevl_psp_platform_init(&fw), 0);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);

	/*
	 * Guest commands reach the firmware (no guest 0x7fff exists) and
	 * return the errno of the status they report.
	 */
	ret = sevl_psp_decommission(0x7fff, &fw);
	KUNIT_EXPECT_NE(test, fw, 0U);
	KUNIT_EXPECT_NE(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, ret, sevl_psp_status_errno(fw));
	ret = sevl_psp_deactivate(0x7fff, &fw);
	KUNIT_EXPECT_NE(test, fw, 0U);
	KUNIT_EXPECT_NE(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, ret, sevl_psp_status_errno(fw));
	ret = sevl_psp_activate(0x7fff, info.min_sev_asid, &fw);
	KUNIT_EXPECT_NE(test, fw, 0U);
	KUNIT_EXPECT_NE(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, ret, sevl_psp_status_errno(fw));
	KUNIT_EXPECT_EQ(test, sevl_psp_df_flush(&fw), 0);
	KUNIT_EXPECT_EQ(test, fw, 0U);

	if (was_uninit) {
		KUNIT_EXPECT_EQ(test, sevl_psp_issue(SEVL_CMD_SHUTDOWN, NULL,
						     &fw), 0);
		sevl_papi_status(test, &st);
		KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_UNINIT);
	}
}

struct sevl_papi_race {
	struct completion done;
	bool early;		/* the DEACTIVATE ended inside the flush */
	u32 fw;
	int ret;
};

static struct sevl_papi_race *sevl_papi_race;

static int sevl_papi_deactivate_thread(void *arg)
{
	struct sevl_papi_race *r = arg;
	struct sevl_fw_handle h = { .handle = 0x7fff };

	r->ret = sevl_psp_issue(SEVL_CMD_DEACTIVATE, &h, &r->fw);
	complete(&r->done);
	return 0;
}

/* Stands in for kvm_amd's WBINVD: a DEACTIVATE starts meanwhile. */
static void sevl_papi_race_wbinvd(void)
{
	struct sevl_papi_race *r = sevl_papi_race;
	struct task_struct *k;

	k = kthread_run(sevl_papi_deactivate_thread, r, "sevl-deact");
	if (IS_ERR(k)) {
		complete(&r->done);
		return;
	}
	r->early = wait_for_completion_timeout(&r->done,
					       msecs_to_jiffies(500));
}

/*
 * A DEACTIVATE issued during a WBINVD + DF_FLUSH reaches the firmware only
 * after the DF_FLUSH, as upstream's sev_deactivate_lock orders them.
 */
static void sevl_papi_deactivate_vs_flush(struct kunit *test)
{
	struct sevl_papi_race r = { .fw = 0 };
	u32 fw = 0;

	KUNIT_ASSERT_EQ(test, sevl_psp_platform_init(&fw), 0);
	init_completion(&r.done);
	sevl_papi_race = &r;
	KUNIT_EXPECT_EQ(test, sevl_psp_df_flush_after(sevl_papi_race_wbinvd,
						      &fw), 0);
	KUNIT_EXPECT_FALSE_MSG(test, r.early,
			       "DEACTIVATE completed inside WBINVD + DF_FLUSH");
	/* An early end already consumed the completion. */
	if (!r.early)
		wait_for_completion(&r.done);
	sevl_papi_race = NULL;
	/* It did reach the firmware afterwards (no guest 0x7fff). */
	KUNIT_EXPECT_NE(test, r.fw, 0U);
	KUNIT_EXPECT_NE(test, r.fw, SEVL_FW_NOT_CALLED);
}

static struct kunit_case sevl_papi_cases[] = {
	KUNIT_CASE(sevl_papi_info),
	KUNIT_CASE(sevl_papi_refusals),
	KUNIT_CASE(sevl_papi_platform_init),
	KUNIT_CASE(sevl_papi_deactivate_vs_flush),
	{}
};

static struct kunit_suite sevl_papi_suite = {
	.name = "sev-psp-api",
	.init = sevl_papi_init,
	.test_cases = sevl_papi_cases,
};

kunit_test_suite(sevl_papi_suite);
