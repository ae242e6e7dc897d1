// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: refusals of the launch core (suite sev-launch-core-refusals).
 *
 * Every refusal the core makes itself must come with the right errno and
 * SEV_LAUNCH_ERR_* reason (the call's own out parameter), must not reach
 * the firmware (status SEVL_FW_NOT_CALLED, no issuer call) and must change
 * nothing: same state, same pins, same records.  Order refusals exist in
 * canonical mode only; default mode lets the firmware judge, as upstream.
 */
#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/resource.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "launch_test.h"

/* Expect a refusal by the core: errno, reason, firmware untouched. */
#define LT_REFUSED(t, expr, eno, reason) do {				\
	struct sevl_lt *__t = (t);					\
	u32 __total = __t->total;					\
	fw = 0;								\
	__t->why = 0xdead;						\
	KUNIT_EXPECT_EQ(__t->test, (expr), (eno));			\
	KUNIT_EXPECT_EQ(__t->test, __t->why, (u32)(reason));		\
	KUNIT_EXPECT_EQ(__t->test, fw, SEVL_FW_NOT_CALLED);		\
	KUNIT_EXPECT_EQ(__t->test, __t->total, __total);		\
} while (0)

/* Every command, in one state: all refused with @why. */
static void lt_refuse_all(struct sevl_lt *t, u32 why, bool with_config)
{
	u8 hdr[52] = {}, sec[16] = {}, m[48];
	u32 len = sizeof(m), h = 0, fw;
	u64 pinned = sevl_launch_pinned_total();

	if (with_config)
		LT_REFUSED(t, (fw = SEVL_FW_NOT_CALLED,
			       sevl_launch_config(t->l, 0, 0, &t->why)), -EINVAL,
			   why == SEV_LAUNCH_ERR_STATE ? SEV_LAUNCH_ERR_CONFIG :
			   why);
	LT_REFUSED(t, sevl_launch_start(t->l, LT_SEV_POLICY, NULL, 0, NULL, 0,
					&h, &fw, &t->why), -EINVAL, why);
	LT_REFUSED(t, sevl_lt_data(t, 0, 0x1000, &fw),
		   -EINVAL, why);
	LT_REFUSED(t, sevl_launch_measure(t->l, m, &len, &fw, &t->why), -EINVAL, why);
	LT_REFUSED(t, sevl_launch_secret(t->l, hdr, sizeof(hdr),
					 t->uaddr, sizeof(sec), sec,
					 sizeof(sec), &fw, &t->why), -EINVAL, why);
	LT_REFUSED(t, sevl_launch_finish(t->l, &fw, &t->why), -EINVAL, why);
	KUNIT_EXPECT_EQ(t->test, sevl_launch_pinned_total(), pinned);
}

/* Commands out of order (canonical mode). */
static void lt_order(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u32 fw, policy, state, len, h = 0;
	u8 hdr[52] = {}, sec[16] = {};
	u64 pinned = sevl_launch_pinned_total();

	sevl_lt_map(t);
	sevl_lt_launch(t, false, true);
	/* INIT: only LAUNCH_CONFIG and LAUNCH_START. */
	LT_REFUSED(t, sevl_lt_data(t, 0, 0x1000, &fw),
		   -EINVAL, SEV_LAUNCH_ERR_STATE);
	len = 0;
	LT_REFUSED(t, sevl_launch_measure(t->l, NULL, &len, &fw, &t->why), -EINVAL,
		   SEV_LAUNCH_ERR_STATE);
	KUNIT_EXPECT_EQ(test, len, 0);
	LT_REFUSED(t, sevl_launch_secret(t->l, hdr, sizeof(hdr), t->uaddr,
					 sizeof(sec), sec, sizeof(sec), &fw, &t->why),
		   -EINVAL, SEV_LAUNCH_ERR_STATE);
	LT_REFUSED(t, sevl_launch_finish(t->l, &fw, &t->why), -EINVAL,
		   SEV_LAUNCH_ERR_STATE);
	LT_REFUSED(t, sevl_launch_guest_status(t->l, &policy, &state, &fw, &t->why),
		   -EINVAL, SEV_LAUNCH_ERR_STATE);
	LT_REFUSED(t, sevl_launch_dbg(t->l, true, t->uaddr, t->scratch, 16,
				      &fw, &t->why), -EINVAL, SEV_LAUNCH_ERR_STATE);
	LT_REFUSED(t, (fw = SEVL_FW_NOT_CALLED,
		       sevl_launch_config(t->l, 2, 0, &t->why)), -EINVAL,
		   SEV_LAUNCH_ERR_CONFIG);
	LT_REFUSED(t, (fw = SEVL_FW_NOT_CALLED,
		       sevl_launch_config(t->l, 0, KVM_SEV_VMSA_FPU_SYNC + 1, &t->why)),
		   -EINVAL, SEV_LAUNCH_ERR_CONFIG);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_INIT);
	/* A bad length is refused like upstream: errno only. */
	LT_REFUSED(t, sevl_launch_start(t->l, LT_SEV_POLICY, hdr, 0, NULL, 0,
					&h, &fw, &t->why), -EINVAL, 0);

	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, t->why, 0);
	/* START: no second start, no config, nothing past MEASURE. */
	LT_REFUSED(t, sevl_launch_start(t->l, LT_SEV_POLICY, NULL, 0, NULL, 0,
					&h, &fw, &t->why), -EINVAL, SEV_LAUNCH_ERR_STATE);
	LT_REFUSED(t, (fw = SEVL_FW_NOT_CALLED,
		       sevl_launch_config(t->l, KVM_SEV_LAUNCH_F_CANONICAL, 0, &t->why)),
		   -EINVAL, SEV_LAUNCH_ERR_CONFIG);
	LT_REFUSED(t, sevl_launch_secret(t->l, hdr, sizeof(hdr), t->uaddr,
					 sizeof(sec), sec, sizeof(sec), &fw, &t->why),
		   -EINVAL, SEV_LAUNCH_ERR_STATE);
	LT_REFUSED(t, sevl_launch_finish(t->l, &fw, &t->why), -EINVAL,
		   SEV_LAUNCH_ERR_STATE);
	/* Bad ranges: errno only. */
	LT_REFUSED(t, sevl_lt_data(t, 0, 0, &fw),
		   -EINVAL, 0);
	LT_REFUSED(t, sevl_launch_update_data(t->l, -4096UL, 0x2000, &fw, &t->why),
		   -EINVAL, 0);
	LT_REFUSED(t, sevl_launch_dbg(t->l, true, -16UL, t->scratch, 32, &fw, &t->why),
		   -EINVAL, 0);
	LT_REFUSED(t, sevl_launch_dbg(t->l, true, t->uaddr, 0, 32, &fw, &t->why),
		   -EINVAL, 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_START);
	KUNIT_EXPECT_EQ(test, sevl_launch_guest_status(t->l, &policy, &state,
						       &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, state, SEV_LAUNCH_GSTATE_LUPDATE);
	KUNIT_EXPECT_EQ(test, policy, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), pinned);
}

/* After LAUNCH_FINISH every launch command is refused. */
static void lt_finished(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u32 fw, len = 48, policy, state, nr = 0, flags;
	u8 m[48], d[32];

	sevl_lt_map(t);
	sevl_lt_launch(t, true, true);
	sevl_lt_start(t, LT_ES_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x1000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa_all(t->l, &fw, &t->why), 0);
	KUNIT_ASSERT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), 0);
	KUNIT_ASSERT_EQ(test, sevl_launch_finish(t->l, &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_FINISHED);

	lt_refuse_all(t, SEV_LAUNCH_ERR_FINISHED, true);
	LT_REFUSED(t, sevl_launch_update_vmsa(t->l, 0, NULL, NULL, &fw, &t->why),
		   -EINVAL, SEV_LAUNCH_ERR_FINISHED);
	LT_REFUSED(t, sevl_launch_update_vmsa_all(t->l, &fw, &t->why), -EINVAL,
		   SEV_LAUNCH_ERR_FINISHED);
	/* Queries still work. */
	KUNIT_EXPECT_EQ(test, sevl_launch_guest_status(t->l, &policy, &state,
						       &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, state, SEV_LAUNCH_GSTATE_RUNNING);
	KUNIT_EXPECT_EQ(test, sevl_launch_get_log(t->l, NULL, &nr, &flags, d),
			0);
	KUNIT_EXPECT_EQ(test, nr, 1 + LT_VCPUS);
	KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
}

/* Canonical records: overlap, memory slots, alignment. */
static void lt_overlap(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u64 pinned;
	u32 fw, nr = 0, flags;
	u8 d[32];

	sevl_lt_map(t);
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x1000, 0x1000, &fw), 0);
	pinned = sevl_launch_pinned_pages(t->l);
	KUNIT_EXPECT_EQ(test, pinned, 1);

	LT_REFUSED(t, sevl_lt_data(t, 0x1800, 0x1000, &fw),
		   -EINVAL, SEV_LAUNCH_ERR_OVERLAP);
	LT_REFUSED(t, sevl_lt_data(t, 0, 0x1010, &fw),
		   -EINVAL, SEV_LAUNCH_ERR_OVERLAP);
	LT_REFUSED(t, sevl_lt_data(t, 0x1100, 0x100, &fw),
		   -EINVAL, SEV_LAUNCH_ERR_OVERLAP);
	LT_REFUSED(t, sevl_lt_data(t, 0, 0x4000, &fw),
		   -EINVAL, SEV_LAUNCH_ERR_OVERLAP);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), pinned);

	LT_REFUSED(t, sevl_lt_data(t, LT_PAGES *
					      PAGE_SIZE - 0x10, 0x20, &fw),
		   -EINVAL, SEV_LAUNCH_ERR_NO_MEMSLOT);
	LT_REFUSED(t, sevl_lt_data(t, 8, 0x10, &fw),
		   -EINVAL, 0);
	LT_REFUSED(t, sevl_lt_data(t, 0, 0x18, &fw),
		   -EINVAL, 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), pinned);

	/* Touching ranges are fine. */
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x2000, 0x10, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0xff0, 0x10, &fw), 0);
	KUNIT_EXPECT_EQ(test, t->why, 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), pinned + 2);
	KUNIT_EXPECT_EQ(test, t->total, 2);	/* LAUNCH_START, ACTIVATE */
	KUNIT_EXPECT_EQ(test, sevl_launch_get_log(t->l, NULL, &nr, &flags, d),
			0);
	KUNIT_EXPECT_EQ(test, nr, 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(d, 0, 32));
}

/* VMSA refusals. */
static void lt_vmsa_refusals(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u64 bad = BIT_ULL(3), ok = SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP, pinned;
	u32 fw, len = 48;
	u8 *page, m[48];

	page = kunit_kzalloc(test, SEVL_VMSA_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	sevl_lt_map(t);

	/* Plain SEV. */
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	LT_REFUSED(t, sevl_launch_update_vmsa(t->l, 0, NULL, NULL, &fw, &t->why),
		   -ENOTTY, SEV_LAUNCH_ERR_NOT_ES);
	LT_REFUSED(t, sevl_launch_update_vmsa_all(t->l, &fw, &t->why), -ENOTTY,
		   SEV_LAUNCH_ERR_NOT_ES);
	sevl_lt_destroy(t);

	t->nr_vcpus = 3;
	sevl_lt_launch(t, true, true);
	LT_REFUSED(t, sevl_launch_update_vmsa(t->l, 0, NULL, NULL, &fw, &t->why),
		   -EINVAL, SEV_LAUNCH_ERR_STATE);
	sevl_lt_start(t, LT_ES_POLICY);
	LT_REFUSED(t, sevl_launch_update_vmsa(t->l, 0, NULL, &bad, &fw, &t->why),
		   -EINVAL, SEV_LAUNCH_ERR_FEATURES);
	memcpy(page + 0x3b0, &bad, sizeof(bad));
	LT_REFUSED(t, sevl_launch_update_vmsa(t->l, 0, page, NULL, &fw, &t->why),
		   -EINVAL, SEV_LAUNCH_ERR_FEATURES);
	KUNIT_EXPECT_EQ(test, sevl_launch_vcpu_vmsa(t->l, 0, page), -ENOENT);

	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 1, NULL, &ok, &fw, &t->why),
			0);
	LT_REFUSED(t, sevl_launch_update_vmsa(t->l, 1, NULL, NULL, &fw, &t->why),
		   -EINVAL, SEV_LAUNCH_ERR_VMSA_DUP);
	/* The VM-fd form records all or nothing. */
	LT_REFUSED(t, sevl_launch_update_vmsa_all(t->l, &fw, &t->why), -EINVAL,
		   SEV_LAUNCH_ERR_VMSA_DUP);
	KUNIT_EXPECT_EQ(test, sevl_launch_vcpu_vmsa(t->l, 0, page), -ENOENT);
	KUNIT_EXPECT_EQ(test, sevl_launch_vcpu_vmsa(t->l, 2, page), -ENOENT);

	/* vCPU 0 and 2 missing: nothing goes to the firmware. */
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x2000, &fw), 0);
	pinned = sevl_launch_pinned_pages(t->l);
	LT_REFUSED(t, sevl_launch_measure(t->l, m, &len, &fw, &t->why), -EINVAL,
		   SEV_LAUNCH_ERR_VMSA_MISSING);
	KUNIT_EXPECT_EQ(test, t->locked, 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), pinned);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_START);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 0, NULL, NULL,
						      &fw, &t->why), 0);
	LT_REFUSED(t, sevl_launch_measure(t->l, m, &len, &fw, &t->why), -EINVAL,
		   SEV_LAUNCH_ERR_VMSA_MISSING);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 2, NULL, NULL,
						      &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_VMSA], 3);
	sevl_lt_destroy(t);

	/* Default mode: immediate, then a duplicate. */
	sevl_lt_launch(t, true, false);
	sevl_lt_start(t, LT_ES_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 2, NULL, NULL,
						      &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_VMSA], 4);
	KUNIT_EXPECT_TRUE(test, t->vcpus[2].protected);
	LT_REFUSED(t, sevl_launch_update_vmsa(t->l, 2, NULL, NULL, &fw, &t->why),
		   -EINVAL, SEV_LAUNCH_ERR_VMSA_DUP);
	LT_REFUSED(t, sevl_launch_update_vmsa_all(t->l, &fw, &t->why), -EINVAL,
		   SEV_LAUNCH_ERR_VMSA_DUP);
	KUNIT_EXPECT_FALSE(test, t->vcpus[0].protected);
	KUNIT_EXPECT_EQ(test, t->locked, 0);
}

/* RLIMIT_MEMLOCK without CAP_IPC_LOCK. */
static void lt_memlock(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	struct rlimit *rl = &current->signal->rlim[RLIMIT_MEMLOCK];
	struct rlimit saved = *rl;
	const struct cred *old;
	struct cred *new;
	u64 base = sevl_launch_pinned_total();
	u32 fw;

	sevl_lt_map(t);
	new = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, new);
	cap_lower(new->cap_effective, CAP_IPC_LOCK);
	old = override_creds(new);
	KUNIT_EXPECT_FALSE(test, capable(CAP_IPC_LOCK));
	rl->rlim_cur = 2 * PAGE_SIZE;

	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	LT_REFUSED(t, sevl_lt_data(t, 0, 0x3000, &fw),
		   -ENOMEM, SEV_LAUNCH_ERR_MEMLOCK);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x2000, &fw), 0);
	LT_REFUSED(t, sevl_lt_data(t, 0x4000, 0x10, &fw),
		   -ENOMEM, SEV_LAUNCH_ERR_MEMLOCK);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), 2);
	sevl_lt_destroy(t);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);

	/* Default mode charges the pages for the duration of the command. */
	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	LT_REFUSED(t, sevl_lt_data(t, 0x10, 0x2000, &fw),
		   -ENOMEM, SEV_LAUNCH_ERR_MEMLOCK);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x2000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x2000, 0x2000, &fw), 0);

	*rl = saved;
	revert_creds(old);
	put_cred(new);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
}

/* The firmware fails half-way through the replay. */
static void lt_replay_fail(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u64 base = sevl_launch_pinned_total();
	u32 fw, len = 48, policy, state, total;
	u8 m[48];

	sevl_lt_map(t);
	sevl_lt_launch(t, true, true);
	sevl_lt_start(t, LT_ES_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x1000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x4000, 0x1000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa_all(t->l, &fw, &t->why), 0);
	t->fail_cmd = SEVL_CMD_LAUNCH_UPDATE_DATA;
	t->fail_nth = 2;
	t->fail_status = SEV_RET_INVALID_ADDRESS;
	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), -EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
	KUNIT_EXPECT_EQ(test, t->locked, 0);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_VMSA], 0);

	/* Broken: refused as it broke, -EIO with that status, no call. */
	total = t->total;
	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why),
			-EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_launch_finish(t->l, &fw, &t->why), -EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, t->why, 0);
	KUNIT_EXPECT_EQ(test, t->total, total);
	/* Status still answers; teardown works. */
	KUNIT_EXPECT_EQ(test, sevl_launch_guest_status(t->l, &policy, &state,
						       &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, state, SEV_LAUNCH_GSTATE_LUPDATE);
	sevl_lt_destroy(t);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
}

/* ACTIVATE fails: the new guest is decommissioned, the launch stays INIT. */
static void lt_activate_fail(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u32 fw, h = 0;

	sevl_lt_launch(t, false, false);
	t->fail_cmd = SEVL_CMD_ACTIVATE;
	t->fail_nth = 1;
	t->fail_status = SEV_RET_ASID_OWNED;
	KUNIT_EXPECT_EQ(test, sevl_launch_start(t->l, LT_SEV_POLICY, NULL, 0,
						NULL, 0, &h, &fw, &t->why), -EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_ASID_OWNED);
	KUNIT_EXPECT_EQ(test, t->why, 0);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_DECOMMISSION], 1);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_INIT);
	KUNIT_EXPECT_EQ(test, sevl_launch_handle(t->l), 0);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 1);
	sevl_lt_destroy(t);
	KUNIT_EXPECT_EQ(test, t->fw->guest_count, 0);
}

static struct kunit_case sevl_launch_refuse_cases[] = {
	KUNIT_CASE(lt_order),
	KUNIT_CASE(lt_finished),
	KUNIT_CASE(lt_overlap),
	KUNIT_CASE(lt_vmsa_refusals),
	KUNIT_CASE(lt_memlock),
	KUNIT_CASE(lt_replay_fail),
	KUNIT_CASE(lt_activate_fail),
	{}
};

static struct kunit_suite sevl_launch_refuse_suite = {
	.name = "sev-launch-core-refusals",
	.init = sevl_lt_init,
	.exit = sevl_lt_exit,
	.test_cases = sevl_launch_refuse_cases,
};

kunit_test_suite(sevl_launch_refuse_suite);
