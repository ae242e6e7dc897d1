// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: default mode lets the firmware judge, and guests never leak
 * (suite sev-launch-core-teardown).
 *
 * Default mode keeps no launch order of its own: a command out of order
 * reaches the firmware with the launch's handle (0 before LAUNCH_START) and
 * the firmware's status is the answer, as with upstream KVM.  The statuses
 * expected below are the ones AMD's SEV API specification (pub. 55766)
 * gives for each case, not values read back from the code under test.
 *
 * Teardown: a guest whose DEACTIVATE or DECOMMISSION fails is parked and
 * retried (before the next LAUNCH_START, at the next teardown), and a
 * launch whose ASID stays bound says so.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sev-launch.h>

#include "launch_test.h"

/* The firmware was called once for @expr, which failed with @status. */
#define LT_FW_SAYS(t, expr, status) do {				\
	struct sevl_lt *__t = (t);					\
	u32 __total = __t->total;					\
	__t->why = 0xdead;						\
	KUNIT_EXPECT_EQ(__t->test, (expr), -EIO);			\
	KUNIT_EXPECT_EQ(__t->test, fw, (u32)(status));			\
	KUNIT_EXPECT_EQ(__t->test, __t->why, 0);			\
	KUNIT_EXPECT_GT(__t->test, __t->total, __total);		\
} while (0)

/* Default mode: every command reaches the firmware, whatever the order. */
static void lt_default_fw_order(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u8 hdr[52] = {}, sec[16] = {}, m[48];
	u32 fw, len = sizeof(m), h = 0, h2 = 0, policy = ~0, state = ~0;

	sevl_lt_map(t);
	t->nr_vcpus = 2;
	sevl_lt_launch(t, true, false);

	/* No guest yet: the platform is not WORKING. */
	LT_FW_SAYS(t, sevl_lt_data(t, 0, 0x1000, &fw),
		   SEV_RET_INVALID_PLATFORM_STATE);
	LT_FW_SAYS(t, sevl_launch_update_vmsa(t->l, 0, NULL, NULL, &fw,
					      &t->why),
		   SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_FALSE(test, t->vcpus[0].protected);
	LT_FW_SAYS(t, sevl_launch_measure(t->l, m, &len, &fw, &t->why),
		   SEV_RET_INVALID_PLATFORM_STATE);
	LT_FW_SAYS(t, sevl_launch_finish(t->l, &fw, &t->why),
		   SEV_RET_INVALID_PLATFORM_STATE);
	LT_FW_SAYS(t, sevl_launch_dbg(t->l, true, t->uaddr, t->scratch, 16,
				      &fw, &t->why),
		   SEV_RET_INVALID_PLATFORM_STATE);
	/* GUEST_STATUS of an unknown handle succeeds with state 0. */
	KUNIT_EXPECT_EQ(test, sevl_launch_guest_status(t->l, &policy, &state,
						       &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, state, SEV_LAUNCH_GSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_INIT);

	/* Sharing the key of a guest that does not exist. */
	h = 77;
	LT_FW_SAYS(t, sevl_launch_start(t->l, LT_ES_POLICY, NULL, 0, NULL, 0,
					&h, &fw, &t->why),
		   SEV_RET_INVALID_GUEST);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);

	h = sevl_lt_start(t, LT_ES_POLICY);
	/* Not measured yet: the guest is in LUPDATE. */
	LT_FW_SAYS(t, sevl_launch_secret(t->l, hdr, sizeof(hdr), t->uaddr,
					 sizeof(sec), sec, sizeof(sec), &fw,
					 &t->why),
		   SEV_RET_INVALID_GUEST_STATE);
	LT_FW_SAYS(t, sevl_launch_finish(t->l, &fw, &t->why),
		   SEV_RET_INVALID_GUEST_STATE);
	/* A second guest cannot take the ASID; it is removed again. */
	LT_FW_SAYS(t, sevl_launch_start(t->l, LT_ES_POLICY, NULL, 0, NULL, 0,
					&h2, &fw, &t->why),
		   SEV_RET_ASID_OWNED);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);
	KUNIT_EXPECT_EQ(test, sevl_launch_handle(t->l), h);

	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa_all(t->l, &fw, &t->why),
			0);
	KUNIT_ASSERT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why),
			0);
	LT_FW_SAYS(t, sevl_lt_data(t, 0, 0x1000, &fw),
		   SEV_RET_INVALID_GUEST_STATE);
	LT_FW_SAYS(t, sevl_launch_measure(t->l, m, &len, &fw, &t->why),
		   SEV_RET_INVALID_GUEST_STATE);
	KUNIT_EXPECT_EQ(test, sevl_launch_finish(t->l, &fw, &t->why), 0);
	LT_FW_SAYS(t, sevl_launch_finish(t->l, &fw, &t->why),
		   SEV_RET_INVALID_GUEST_STATE);
	LT_FW_SAYS(t, sevl_lt_data(t, 0, 0x1000, &fw),
		   SEV_RET_INVALID_GUEST_STATE);
	/* sev-launch's own command keeps its refusal. */
	KUNIT_EXPECT_EQ(test, sevl_launch_config(t->l, 0, 0, &t->why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, t->why, SEV_LAUNCH_ERR_FINISHED);
	sevl_lt_destroy(t);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
}

/* A failed DECOMMISSION is retried at the next LAUNCH_START. */
static void lt_decommission_fail(struct kunit *test)
{
	struct sevl_lt *t = test->priv;

	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	t->fail_cmd = SEVL_CMD_DECOMMISSION;
	t->fail_nth = 1;
	t->fail_status = SEV_RET_HWSEV_RET_PLATFORM;
	/* The ASID was freed (DEACTIVATE worked): nothing to keep. */
	KUNIT_EXPECT_FALSE(test, sevl_launch_destroy(t->l));
	t->l = NULL;
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);

	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);
	sevl_lt_destroy(t);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
}

/* A failed DEACTIVATE: the ASID is reported bound; the next teardown cleans. */
static void lt_deactivate_fail(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u32 fw;

	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	t->fail_cmd = SEVL_CMD_DEACTIVATE;
	t->fail_nth = 1;
	t->fail_status = SEV_RET_HWSEV_RET_PLATFORM;
	KUNIT_EXPECT_TRUE(test, sevl_launch_destroy(t->l));
	t->l = NULL;
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);

	/* Another ASID (SEV-ES): works; the parked guest waits (bound). */
	sevl_lt_launch(t, true, false);
	sevl_lt_start(t, LT_ES_POLICY);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 2);
	KUNIT_EXPECT_FALSE(test, sevl_launch_destroy(t->l));
	t->l = NULL;
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
	sevl_lt_issue(t, SEVL_CMD_DF_FLUSH, NULL, &fw);

	/* Its ASID is free again. */
	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	sevl_lt_destroy(t);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
}

/* ACTIVATE fails and so does the DECOMMISSION after it: parked. */
static void lt_activate_decommission_fail(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u32 fw, h = 0;

	/*
	 * ACTIVATE fails for real (ASID 1 is an SEV-ES ASID, the policy is
	 * plain SEV); the DECOMMISSION after it fails by injection.
	 */
	t->fail_cmd = SEVL_CMD_DECOMMISSION;
	t->fail_nth = 1;
	t->fail_status = SEV_RET_HWSEV_RET_PLATFORM;
	sevl_lt_launch(t, true, false);
	KUNIT_EXPECT_EQ(test, sevl_launch_start(t->l, LT_SEV_POLICY, NULL, 0,
						NULL, 0, &h, &fw, &t->why),
			-EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_INVALID_ASID);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_INIT);
	/* The next LAUNCH_START removes the parked guest first. */
	sevl_lt_start(t, LT_ES_POLICY);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);
	sevl_lt_destroy(t);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
}

/*
 * A guest parked with its ASID bound, then the platform shut down and
 * initialised again (the PSP driver unbound and bound): the firmware hands
 * the parked handle to a new guest.  The next teardown retries parked
 * guests with DEACTIVATE; it must not remove that new guest.
 */
static void lt_parked_shutdown(struct kunit *test)
{
	struct sevl_fw_init in = {
		.flags = SEVL_INIT_FLAGS_ES,
		.tmr_address = 0x200000000ULL, .tmr_len = 0x100000,
	};
	struct sevl_lt *t = test->priv;
	struct sevl_launch *a;
	u32 fw, h0, ha, policy = 0, state = 0;

	sevl_lt_launch(t, false, false);
	h0 = sevl_lt_start(t, LT_SEV_POLICY);
	t->fail_cmd = SEVL_CMD_DEACTIVATE;
	t->fail_nth = 1;
	t->fail_status = SEV_RET_HWSEV_RET_PLATFORM;
	KUNIT_EXPECT_TRUE(test, sevl_launch_destroy(t->l));
	t->l = NULL;
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);

	KUNIT_ASSERT_EQ(test, sevl_lt_issue(t, SEVL_CMD_SHUTDOWN,
					    NULL, &fw), 0);
	KUNIT_ASSERT_EQ(test, sevl_lt_issue(t, SEVL_CMD_INIT, &in,
					    &fw), 0);
	KUNIT_ASSERT_EQ(test, sevl_lt_issue(t, SEVL_CMD_DF_FLUSH,
					    NULL, &fw), 0);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);

	/* Launch A gets the parked guest's handle back. */
	sevl_lt_launch(t, true, false);
	ha = sevl_lt_start(t, LT_ES_POLICY);
	KUNIT_EXPECT_EQ(test, ha, h0);
	a = t->l;
	t->l = NULL;

	/* Launch B comes and goes: its teardown retries the parked list. */
	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_FALSE(test, sevl_launch_destroy(t->l));
	t->l = NULL;

	/* A's guest is still there, in LUPDATE. */
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);
	KUNIT_EXPECT_EQ(test, sevl_launch_guest_status(a, &policy, &state, &fw,
						       &t->why), 0);
	KUNIT_EXPECT_EQ(test, state, SEV_LAUNCH_GSTATE_LUPDATE);
	t->l = a;
	sevl_lt_destroy(t);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
}

/* The caller could not return the handle: the guest goes away. */
static void lt_start_undo(struct kunit *test)
{
	struct sevl_lt *t = test->priv;

	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);
	sevl_launch_start_undo(t->l);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_INIT);
	KUNIT_EXPECT_EQ(test, sevl_launch_handle(t->l), 0);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);
	sevl_lt_destroy(t);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
}

/* Default mode's log is capped; the digest still covers everything. */
static void lt_log_cap(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u32 fw, nr = 0, flags, i, len = 48;
	u8 d[32], m[48];

	sevl_lt_map(t);
	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	for (i = 0; i < SEVL_LOG_DEFAULT_MAX; i++)
		if (sevl_lt_data(t, (i * 16) % (LT_PAGES * PAGE_SIZE), 16,
				 &fw))
			break;
	KUNIT_ASSERT_EQ(test, i, SEVL_LOG_DEFAULT_MAX);
	KUNIT_EXPECT_EQ(test, sevl_launch_get_log(t->l, NULL, &nr, &flags, d),
			0);
	KUNIT_EXPECT_EQ(test, nr, SEVL_LOG_DEFAULT_MAX);
	KUNIT_EXPECT_EQ(test, flags & KVM_SEV_LOG_F_TRUNCATED, 0);

	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x10, 0x20, &fw), 0);
	nr = 0;
	KUNIT_EXPECT_EQ(test, sevl_launch_get_log(t->l, NULL, &nr, &flags, d),
			0);
	KUNIT_EXPECT_EQ(test, nr, SEVL_LOG_DEFAULT_MAX);
	KUNIT_EXPECT_EQ(test, flags & KVM_SEV_LOG_F_TRUNCATED,
			KVM_SEV_LOG_F_TRUNCATED);
	KUNIT_ASSERT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why),
			0);
	sevl_lt_digest(t, d);
	KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
}

static struct kunit_case sevl_launch_teardown_cases[] = {
	KUNIT_CASE(lt_default_fw_order),
	KUNIT_CASE(lt_decommission_fail),
	KUNIT_CASE(lt_deactivate_fail),
	KUNIT_CASE(lt_activate_decommission_fail),
	KUNIT_CASE(lt_start_undo),
	KUNIT_CASE(lt_parked_shutdown),
	KUNIT_CASE_SLOW(lt_log_cap),
	{}
};

static struct kunit_suite sevl_launch_teardown_suite = {
	.name = "sev-launch-core-teardown",
	.init = sevl_lt_init,
	.exit = sevl_lt_exit,
	.test_cases = sevl_launch_teardown_cases,
};

kunit_test_suite(sevl_launch_teardown_suite);
