// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a launch with a guest owner, through the launch core (suite
 * sev-launch-core-owner): session and DH certificate at LAUNCH_START, the
 * measurement verified with the owner's TIK over the core's launch digest,
 * LAUNCH_SECRET, and DBG_DECRYPT / DBG_ENCRYPT of unaligned ranges, also
 * after LAUNCH_FINISH; a NODBG policy refused by the firmware.
 *
 * The owner side is owner.c's, as in the firmware model's launch suite.
 */
#include <kunit/test.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/sev-launch.h>
#include <crypto/sha2.h>

#include "launch_test.h"
#include "owner.h"

/* The guest owner's session for @policy, against the platform's PDH. */
static void lt_owner_session(struct sevl_lt *t, struct sevl_owner *o,
			     u32 policy)
{
	struct kunit *test = t->test;
	struct sevl_fw_pdh_cert_export ex = {};
	u8 *pdh_cert, *chain;
	u32 fw;

	pdh_cert = kunit_kzalloc(test, SEVL_CERT_SIZE, GFP_KERNEL);
	chain = kunit_kzalloc(test, 3 * SEVL_CERT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pdh_cert);
	KUNIT_ASSERT_NOT_NULL(test, chain);
	ex.pdh_cert_address = virt_to_phys(pdh_cert);
	ex.pdh_cert_len = SEVL_CERT_SIZE;
	ex.cert_chain_address = virt_to_phys(chain);
	ex.cert_chain_len = 3 * SEVL_CERT_SIZE;
	KUNIT_ASSERT_EQ(test, sevl_lt_issue(t, SEVL_CMD_PDH_CERT_EXPORT, &ex,
					    &fw), 0);
	sevl_owner_session(test, o, (void *)pdh_cert, policy);
}

/* Decrypt @len guest bytes at user offset @off into @out (via scratch). */
static void lt_peek(struct sevl_lt *t, unsigned long off, u32 len, u8 *out,
		    unsigned int dst_skew)
{
	struct kunit *test = t->test;
	u32 fw;

	KUNIT_ASSERT_EQ(test, sevl_launch_dbg(t->l, true, t->uaddr + off,
					      t->scratch + dst_skew, len, &fw, &t->why),
			0);
	KUNIT_ASSERT_EQ(test, copy_from_user(out, (void __user *)(t->scratch +
							   dst_skew), len), 0);
}

static void lt_owner_launch(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u32 policy = SEV_POLICY_NOKS, h = 0, fw, len = 0, st, pol, nr = 0;
	u64 base = sevl_launch_pinned_total();
	u8 *m, *hdr, *trans, *secret, *buf, *want, d[32];
	struct sha256_state s;
	struct sevl_owner *o;
	u32 flags;
	int ret;

	o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	m = kunit_kzalloc(test, SEVL_MEASURE_SIZE, GFP_KERNEL);
	hdr = kunit_kzalloc(test, SEVL_SECRET_HDR_SIZE, GFP_KERNEL);
	trans = kunit_kzalloc(test, 64, GFP_KERNEL);
	secret = kunit_kzalloc(test, 64, GFP_KERNEL);
	buf = kunit_kzalloc(test, 0x4000, GFP_KERNEL);
	want = kunit_kzalloc(test, 0x4000, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, o && m && hdr && trans && secret && buf &&
			  want);

	lt_owner_session(t, o, policy);
	sevl_lt_map(t);
	sevl_lt_fill(t, 0x21);
	sevl_lt_launch(t, false, true);
	KUNIT_ASSERT_EQ(test, sevl_launch_start(t->l, policy, &o->godh,
						SEVL_CERT_SIZE, o->session,
						SEVL_SESSION_SIZE, &h, &fw, &t->why),
			0);
	KUNIT_EXPECT_EQ(test, h, sevl_launch_handle(t->l));
	/* Recorded out of order; measured by GPA. */
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x5030, 0x100, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x3000, &fw), 0);

	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, NULL, &len, &fw, &t->why),
			-EIO);
	KUNIT_ASSERT_EQ(test, len, SEVL_MEASURE_SIZE);
	KUNIT_ASSERT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), 0);
	KUNIT_ASSERT_EQ(test, sevl_launch_get_log(t->l, NULL, &nr, &flags, d),
			0);
	KUNIT_EXPECT_EQ(test, nr, 2);
	sha256_init(&s);
	sevl_lt_fill_bytes(want, 0x3000, 0x21, 0);
	sha256_update(&s, want, 0x3000);
	sevl_lt_fill_bytes(want, 0x100, 0x21, 0x5030);
	sha256_update(&s, want, 0x100);
	sha256_final(&s, want);
	KUNIT_EXPECT_MEMEQ(test, d, want, 32);
	sevl_owner_expect_measure(test, o, LT_API_MAJOR, LT_API_MINOR, LT_BUILD,
				  policy, d, m);

	/* The data is encrypted in place; DBG_DECRYPT reads it back. */
	KUNIT_EXPECT_NE(test, memcmp(sevl_lt_kaddr(t, 0), want, 16), 0);
	lt_peek(t, 0xff5, 100, buf, 3);
	sevl_lt_fill_bytes(want, 100, 0x21, 0xff5);
	KUNIT_EXPECT_MEMEQ(test, buf, want, 100);

	/* LAUNCH_SECRET into a single page at offset 0x100 of page 20. */
	sevl_lt_fill_bytes(secret, 64, 0x77, 0);
	sevl_owner_secret(test, o, m, secret, 64, 0, hdr, trans);
	ret = sevl_launch_secret(t->l, hdr, SEVL_SECRET_HDR_SIZE,
				 t->uaddr + 0x14100, 64, trans, 64, &fw, &t->why);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_SECRET);
	lt_peek(t, 0x14100, 64, buf, 0);
	KUNIT_EXPECT_MEMEQ(test, buf, secret, 64);
	/* A tampered packet: the firmware's status comes back. */
	hdr[20] ^= 1;
	ret = sevl_launch_secret(t->l, hdr, SEVL_SECRET_HDR_SIZE,
				 t->uaddr + 0x14100, 64, trans, 64, &fw, &t->why);
	KUNIT_EXPECT_EQ(test, ret, -EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_BAD_MEASUREMENT);

	/* DBG_ENCRYPT of 37 bytes across a page boundary, unaligned. */
	lt_peek(t, 0x2fe0, 0x60, want, 0);
	sevl_lt_fill_bytes(buf, 37, 0x99, 0);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)(t->scratch + 0x201),
					   buf, 37), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_dbg(t->l, false, t->scratch + 0x201,
					      t->uaddr + 0x2ffd, 37, &fw, &t->why), 0);
	memcpy(want + 0x1d, buf, 37);
	lt_peek(t, 0x2fe0, 0x60, buf, 5);
	KUNIT_EXPECT_MEMEQ(test, buf, want, 0x60);

	KUNIT_ASSERT_EQ(test, sevl_launch_finish(t->l, &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_guest_status(t->l, &pol, &st, &fw, &t->why),
			0);
	KUNIT_EXPECT_EQ(test, st, SEV_LAUNCH_GSTATE_RUNNING);
	KUNIT_EXPECT_EQ(test, pol, policy);
	/* Debugging a running guest still works. */
	lt_peek(t, 0x14100, 64, buf, 9);
	KUNIT_EXPECT_MEMEQ(test, buf, secret, 64);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
}

/* NODBG: the firmware refuses; the core returns its status. */
static void lt_nodbg(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u64 base = sevl_launch_pinned_total();
	u8 hdr[52] = {}, sec[32] = {}, m[48];
	u32 fw, len = sizeof(m), total;

	/* User pages 1 and 2 swapped physically. */
	t->map[1] = 2;
	t->map[2] = 1;
	sevl_lt_map(t);
	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, SEV_POLICY_NOKS | SEV_POLICY_NODBG);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x2000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_dbg(t->l, true, t->uaddr + 3,
					      t->scratch, 40, &fw, &t->why), -EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_POLICY_FAILURE);
	KUNIT_EXPECT_EQ(test, sevl_launch_dbg(t->l, false, t->scratch,
					      t->uaddr + 0x20, 16, &fw, &t->why), -EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_POLICY_FAILURE);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);

	KUNIT_ASSERT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), 0);
	/* The secret's guest range must be physically contiguous. */
	total = t->total;
	KUNIT_EXPECT_EQ(test, sevl_launch_secret(t->l, hdr, sizeof(hdr),
						 t->uaddr + 0xff0, sizeof(sec),
						 sec, sizeof(sec), &fw, &t->why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, t->total, total);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_MEASURED);
}

static struct kunit_case sevl_launch_owner_cases[] = {
	KUNIT_CASE(lt_owner_launch),
	KUNIT_CASE(lt_nodbg),
	{}
};

static struct kunit_suite sevl_launch_owner_suite = {
	.name = "sev-launch-core-owner",
	.init = sevl_lt_init,
	.exit = sevl_lt_exit,
	.test_cases = sevl_launch_owner_cases,
};

kunit_test_suite(sevl_launch_owner_suite);
