// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the PSP driver's deferred release of what a timed-out command
 * references (drivers/psp/late.c), against a private software firmware
 * instance: released only after the late completion (seen without
 * another command), also when the caller submits after it; never taken
 * for a command that completes or for another buffer; kept forever when
 * the mailbox goes away with the command outstanding.
 *
 * KASAN is not in the test kernel, so "no write into freed memory" is
 * shown directly: the release callback does not free the output buffer
 * but checks that the firmware's late write already happened, and the
 * test then checks that nothing writes the buffer after the release.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/psp.h>
#include <sev-launch/swfw.h>

#include "psp_fixture.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

/**
 * struct sevl_mlt - fixture: one emulated PSP and its mailbox
 * @fx: the firmware instance and mailbox (psp_fixture.h)
 */
struct sevl_mlt {
	struct sevl_pfx fx;
};

static int sevl_mlt_init(struct kunit *test)
{
	struct sevl_swfw_config cfg = {};
	struct sevl_mlt *m;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	sevl_pfx_init(test, &m->fx, &cfg);
	test->priv = m;
	return 0;
}

static void sevl_mlt_exit(struct kunit *test)
{
	struct sevl_mlt *m = test->priv;

	if (m)
		sevl_pfx_exit(&m->fx);
}

static struct sevl_mbox *sevl_mlt_mbox(struct kunit *test)
{
	struct sevl_mlt *m = test->priv;

	return sevl_pfx_mbox(test, &m->fx);
}

static void sevl_mlt_hang(struct kunit *test, bool hang)
{
	struct sevl_mlt *m = test->priv;

	sevl_pfx_fault(&m->fx, 0, 0, hang);
}

/*
 * The command is GET_ID, which
 * writes 128 bytes of chip id into an output buffer of ours: with the
 * firmware holding it, it writes them only when released, late.
 */
#define T_ID_LEN	128
#define T_POISON	0xa5

/**
 * struct sevl_mlt_late - a caller's allocation with a deferred release
 * @late: the descriptor
 * @out: GET_ID output buffer (kmalloc'd), poisoned before the command
 * @released: the release ran
 * @poisoned_at_release: @out still held only the poison when it ran
 * @status: @late->status seen by the release
 * @len: the command buffer's length field as the firmware left it
 * @done: completed by the release
 */
struct sevl_mlt_late {
	struct sevl_psp_late late;
	u8 *out;
	bool released;
	bool poisoned_at_release;
	u32 status;
	u32 len;
	struct completion done;
};

static bool sevl_mlt_poisoned(const u8 *p)
{
	return !memchr_inv(p, T_POISON, T_ID_LEN);
}

/* Looks at the buffer instead of freeing it: the test checks it later. */
static void sevl_mlt_late_release(struct sevl_psp_late *late)
{
	struct sevl_mlt_late *ml = container_of(late, struct sevl_mlt_late,
						late);
	struct sevl_fw_addr_len c;

	memcpy(&c, late->buf, sizeof(c));
	ml->status = late->status;
	ml->len = c.len;
	ml->poisoned_at_release = sevl_mlt_poisoned(ml->out);
	ml->released = true;
	complete(&ml->done);
}

static struct sevl_mlt_late *sevl_mlt_late_new(struct kunit *test)
{
	struct sevl_mlt_late *ml = kunit_kzalloc(test, sizeof(*ml), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ml);
	/* Not kunit-managed: a test may have to leak it on purpose. */
	ml->out = kmalloc(T_ID_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ml->out);
	memset(ml->out, T_POISON, T_ID_LEN);
	ml->late.release = sevl_mlt_late_release;
	ml->late.owner = THIS_MODULE;
	ml->late.keep = ml->out;
	init_completion(&ml->done);
	return ml;
}

/* GET_ID into @ml->out with @ml armed; returns the command's result. */
static int sevl_mlt_late_get_id(struct sevl_mbox *mbox,
				struct sevl_mlt_late *ml, bool *taken)
{
	struct sevl_fw_addr_len c = {
		.address = __pa(ml->out), .len = T_ID_LEN,
	};
	int ret;

	sevl_psp_late_arm(&ml->late, &c);
	ret = sevl_mbox_cmd(mbox, SEVL_CMD_GET_ID, &c, NULL);
	*taken = sevl_psp_late_disarm(&ml->late);
	return ret;
}

static void sevl_mlt_late_released(struct kunit *test)
{
	struct sevl_mbox *mbox = sevl_mlt_mbox(test);
	struct sevl_mlt_late *ml = sevl_mlt_late_new(test);
	struct sevl_late_stats before, after;
	bool taken;

	sevl_late_get_stats(&before);
	sevl_mbox_set_timeout(mbox, 200);
	sevl_mlt_hang(test, true);
	KUNIT_EXPECT_EQ(test, sevl_mlt_late_get_id(mbox, ml, &taken),
			-ETIMEDOUT);
	KUNIT_ASSERT_TRUE(test, taken);
	sevl_psp_late_submit(&ml->late);

	/* Held: not released, however long we wait; nothing written yet. */
	msleep(300);
	sevl_late_flush();
	KUNIT_EXPECT_FALSE(test, ml->released);
	KUNIT_EXPECT_TRUE(test, sevl_mlt_poisoned(ml->out));
	KUNIT_EXPECT_EQ(test, sevl_mbox_state(mbox), SEVL_MBOX_STALLED);

	/* Released late: seen without another command, then released. */
	sevl_mlt_hang(test, false);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&ml->done, 5 * HZ),
			0UL);
	KUNIT_EXPECT_EQ(test, sevl_mbox_state(mbox), SEVL_MBOX_IDLE);
	KUNIT_EXPECT_EQ(test, ml->status, 0U);
	KUNIT_EXPECT_EQ(test, ml->len, (u32)T_ID_LEN);
	/* The firmware's write came before the release, never after it. */
	KUNIT_EXPECT_FALSE(test, ml->poisoned_at_release);
	memset(ml->out, T_POISON, T_ID_LEN);
	msleep(100);
	KUNIT_EXPECT_TRUE(test, sevl_mlt_poisoned(ml->out));
	kfree(ml->out);

	sevl_late_get_stats(&after);
	KUNIT_EXPECT_EQ(test, after.taken, before.taken + 1);
	KUNIT_EXPECT_EQ(test, after.released, before.released + 1);
	KUNIT_EXPECT_EQ(test, after.held, before.held);
}

/* The firmware completes before the caller submits: released at submit. */
static void sevl_mlt_late_submit_after_completion(struct kunit *test)
{
	struct sevl_mbox *mbox = sevl_mlt_mbox(test);
	struct sevl_mlt_late *ml = sevl_mlt_late_new(test);
	unsigned int i;
	bool taken;

	sevl_mbox_set_timeout(mbox, 200);
	sevl_mlt_hang(test, true);
	KUNIT_EXPECT_EQ(test, sevl_mlt_late_get_id(mbox, ml, &taken),
			-ETIMEDOUT);
	KUNIT_ASSERT_TRUE(test, taken);
	sevl_mlt_hang(test, false);
	for (i = 0; i < 250 && sevl_mbox_state(mbox) != SEVL_MBOX_IDLE; i++)
		msleep(20);
	KUNIT_ASSERT_EQ(test, sevl_mbox_state(mbox), SEVL_MBOX_IDLE);
	sevl_late_flush();
	KUNIT_EXPECT_FALSE(test, ml->released);

	sevl_psp_late_submit(&ml->late);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&ml->done, 5 * HZ),
			0UL);
	KUNIT_EXPECT_FALSE(test, ml->poisoned_at_release);
	kfree(ml->out);
}

/* Not taken: a command that completes, or one that times out elsewhere. */
static void sevl_mlt_late_not_taken(struct kunit *test)
{
	struct sevl_mbox *mbox = sevl_mlt_mbox(test);
	struct sevl_mlt_late *ml = sevl_mlt_late_new(test);
	struct sevl_fw_platform_status st;
	unsigned int i;
	bool taken;
	int ret;

	KUNIT_EXPECT_EQ(test, sevl_mlt_late_get_id(mbox, ml, &taken), 0);
	KUNIT_EXPECT_FALSE(test, taken);
	KUNIT_EXPECT_FALSE(test, sevl_mlt_poisoned(ml->out));

	/* Armed for another buffer than the one that times out. */
	sevl_mbox_set_timeout(mbox, 200);
	sevl_psp_late_arm(&ml->late, ml);
	sevl_mlt_hang(test, true);
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, NULL), -ETIMEDOUT);
	KUNIT_EXPECT_FALSE(test, sevl_psp_late_disarm(&ml->late));
	sevl_mlt_hang(test, false);
	for (i = 0; i < 250; i++) {
		ret = sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS, &st, NULL);
		if (ret != -EBUSY)
			break;
		msleep(20);
	}
	KUNIT_EXPECT_EQ(test, ret, 0);
	sevl_late_flush();
	KUNIT_EXPECT_FALSE(test, ml->released);
	kfree(ml->out);
}

/*
 * The mailbox goes away with the command outstanding (the platform is
 * dead): the release never runs and the buffer is kept; the firmware may
 * (and here does) still write it afterwards.
 */
static void sevl_mlt_late_kept_when_dead(struct kunit *test)
{
	struct sevl_mlt *m = test->priv;
	struct sevl_mbox *mbox = sevl_mlt_mbox(test);
	struct sevl_mlt_late *ml = sevl_mlt_late_new(test);
	struct sevl_late_stats before, after;
	bool taken;

	sevl_late_get_stats(&before);
	sevl_mbox_set_timeout(mbox, 200);
	sevl_mlt_hang(test, true);
	KUNIT_EXPECT_EQ(test, sevl_mlt_late_get_id(mbox, ml, &taken),
			-ETIMEDOUT);
	KUNIT_ASSERT_TRUE(test, taken);
	sevl_psp_late_submit(&ml->late);

	sevl_mbox_destroy(mbox);
	m->fx.mbox = NULL;
	sevl_late_get_stats(&after);
	KUNIT_EXPECT_EQ(test, after.kept, before.kept + 1);
	KUNIT_EXPECT_EQ(test, after.held, before.held);

	/* The firmware finishes after all: nobody is told, nothing freed. */
	sevl_mlt_hang(test, false);
	msleep(200);
	sevl_late_flush();
	KUNIT_EXPECT_FALSE(test, ml->released);
	KUNIT_EXPECT_FALSE(test, sevl_mlt_poisoned(ml->out));
	/* ml->out stays allocated for good, as the driver promised. */
}

static struct kunit_case sevl_mlt_cases[] = {
	KUNIT_CASE(sevl_mlt_late_released),
	KUNIT_CASE(sevl_mlt_late_submit_after_completion),
	KUNIT_CASE(sevl_mlt_late_not_taken),
	KUNIT_CASE(sevl_mlt_late_kept_when_dead),
	{}
};

static struct kunit_suite sevl_mlt_suite = {
	.name = "sev-psp-late",
	.init = sevl_mlt_init,
	.exit = sevl_mlt_exit,
	.test_cases = sevl_mlt_cases,
};

kunit_test_suite(sevl_mlt_suite);
