// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: guest memory as the launch core pins, hashes and measures it
 * (suite sev-launch-core-mem).
 *
 * - RLIMIT_MEMLOCK counts the host's own pins for the guest (KVM's
 *   registered regions) together with the launch's;
 * - canonical mode refuses, with a named reason, memory the kernel will
 *   not pin long-term (a mapping that needs dirty tracking) while default
 *   mode accepts it;
 * - one canonical range that maps a page twice is refused;
 * - the replay hashes each firmware command's bytes right before issuing
 *   it, so a VMM writing guest memory during the replay cannot make the
 *   log disagree with the firmware.
 */
#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/resource.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "launch_test.h"

#define LT_MREFUSED(t, expr, eno, reason) do {				\
	struct sevl_lt *__t = (t);					\
	u32 __total = __t->total;					\
	fw = 0;								\
	KUNIT_EXPECT_EQ(__t->test, (expr), (eno));			\
	KUNIT_EXPECT_EQ(__t->test, __t->why, (u32)(reason));	\
	KUNIT_EXPECT_EQ(__t->test, fw, SEVL_FW_NOT_CALLED);		\
	KUNIT_EXPECT_EQ(__t->test, __t->total, __total);		\
} while (0)

static void lt_measure48(struct sevl_lt *t)
{
	u8 m[SEVL_MEASURE_SIZE];
	u32 len = sizeof(m), fw;

	KUNIT_EXPECT_EQ(t->test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(t->test, fw, 0);
}

/* The host's pinned pages and the launch's share RLIMIT_MEMLOCK. */
static void lt_memlock_host(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	struct rlimit *rl = &current->signal->rlim[RLIMIT_MEMLOCK];
	struct rlimit saved = *rl;
	u64 base = sevl_launch_pinned_total();
	const struct cred *old;
	struct cred *new;
	u32 fw;

	sevl_lt_map(t);
	new = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, new);
	cap_lower(new->cap_effective, CAP_IPC_LOCK);
	old = override_creds(new);
	rl->rlim_cur = 4 * PAGE_SIZE;
	t->host_locked = 2;

	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	/* 3 + 2 > 4: refused although the launch alone would fit. */
	LT_MREFUSED(t, sevl_lt_data(t, 0, 0x3000, &fw), -ENOMEM,
		    SEV_LAUNCH_ERR_MEMLOCK);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), 0);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x2000, &fw), 0);
	LT_MREFUSED(t, sevl_lt_data(t, 0x4000, 0x10, &fw), -ENOMEM,
		    SEV_LAUNCH_ERR_MEMLOCK);
	/* The host released its pins: room again. */
	t->host_locked = 0;
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x4000, 0x10, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), 3);
	sevl_lt_destroy(t);

	/* Default mode charges its short pins the same way. */
	t->host_locked = 3;
	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	LT_MREFUSED(t, sevl_lt_data(t, 0, 0x2000, &fw), -ENOMEM,
		    SEV_LAUNCH_ERR_MEMLOCK);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x1000, &fw), 0);

	*rl = saved;
	revert_creds(old);
	put_cred(new);
	t->host_locked = 0;
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
}

/*
 * A shared writable mapping that needs dirty tracking (as a file on a disk
 * file system would): no long-term pin, so canonical mode refuses it with
 * SEV_LAUNCH_ERR_MEMTYPE; default mode, which pins for one command, takes
 * it as upstream does.
 */
static void lt_memtype(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u64 base = sevl_launch_pinned_total();
	u32 fw;

	t->writenotify = true;
	sevl_lt_map(t);
	sevl_lt_fill(t, 9);
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	LT_MREFUSED(t, sevl_lt_data(t, 0x1000, 0x2000, &fw), -EOPNOTSUPP,
		    SEV_LAUNCH_ERR_MEMTYPE);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
	sevl_lt_destroy(t);

	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x1000, 0x2000, &fw), 0);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA], 1);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
}

/*
 * One canonical range whose second page is the first page again: the
 * firmware would measure that page's ciphertext the second time, so the
 * digest would not be a function of the guest's contents.  Refused; the
 * same range in default mode goes to the firmware as upstream does, and
 * the log still matches the firmware.
 */
static void lt_alias_in_record(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u64 base = sevl_launch_pinned_total();
	u8 d[32];
	u32 fw;

	t->map[1] = 0;		/* user pages 0 and 1: the same page */
	sevl_lt_map(t);
	sevl_lt_fill(t, 4);
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	LT_MREFUSED(t, sevl_lt_data(t, 0, 0x3000, &fw), -EINVAL,
		    SEV_LAUNCH_ERR_ALIAS);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
	/* The page alone, and the rest, are fine. */
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x1000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x2000, 0x2000, &fw), 0);
	lt_measure48(t);
	sevl_lt_digest(t, d);
	KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
	sevl_lt_destroy(t);

	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x3000, &fw), 0);
	lt_measure48(t);
	sevl_lt_digest(t, d);
	KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
}

/*
 * A VMM thread writing the last page of the range while the firmware runs
 * the first command of the replay.
 */
static void lt_scribble(struct sevl_lt *t, u32 cmd, void *buf)
{
	u8 *p;

	if (cmd != SEVL_CMD_LAUNCH_UPDATE_DATA ||
	    t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA] != 1)
		return;
	p = sevl_lt_kaddr(t, 2);
	p[0x123] ^= 0xff;
}

/*
 * The replay hashes a firmware command's bytes right before issuing it.
 * The range's three pages are not physically consecutive, so it takes
 * three commands; during the first, the "VMM" changes the third page.
 * The core's digest must still be the firmware's.
 */
static void lt_hash_at_issue(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u8 d[32];
	u32 fw;

	t->map[1] = 5;
	t->map[5] = 1;
	t->map[2] = 10;
	t->map[10] = 2;
	sevl_lt_map(t);
	sevl_lt_fill(t, 6);
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x3000, &fw), 0);
	t->on_issue = lt_scribble;
	lt_measure48(t);
	t->on_issue = NULL;
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA], 3);
	sevl_lt_digest(t, d);
	KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
}

static struct kunit_case sevl_launch_mem_cases[] = {
	KUNIT_CASE(lt_memlock_host),
	KUNIT_CASE(lt_memtype),
	KUNIT_CASE(lt_alias_in_record),
	KUNIT_CASE(lt_hash_at_issue),
	{}
};

static struct kunit_suite sevl_launch_mem_suite = {
	.name = "sev-launch-core-mem",
	.init = sevl_lt_init,
	.exit = sevl_lt_exit,
	.test_cases = sevl_launch_mem_cases,
};

kunit_test_suite(sevl_launch_mem_suite);
