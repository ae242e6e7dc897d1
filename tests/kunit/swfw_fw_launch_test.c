// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the launch commands of the software SEV firmware, driven through
 * sevl_fw_execute() with the fake physical memory of swfw_fw_test.c.
 *
 * The guest owner side (GODH key, session, secret packet, expected
 * measurement) is owner.c's.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <crypto/sha2.h>

#include "owner.h"
#include "swfw_fw_test.h"

/* Launch without a guest owner: state order, encryption, debug. */
static void sevl_fwt_launch_plain(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_fw_launch_measure lm = {};
	u8 *plain = sevl_fwt_p(t, T_OUT), *guest = sevl_fwt_p(t, T_GUEST);
	u8 *want, m[SEVL_MEASURE_SIZE];
	u32 h;

	want = kunit_kzalloc(test, 0x2000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	sevl_fwt_up(t, 0);
	h = sevl_fwt_start(t, SEV_POLICY_NOKS, SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_gstate(t, h), SEV_LAUNCH_GSTATE_LUPDATE);

	sevl_fwt_fill(want, 0x2000, 3);
	memcpy(guest, want, 0x2000);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST, 0x2000),
			SEV_RET_INACTIVE);
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, h, 9), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA,
					      h + 1, T_GUEST, 16),
			SEV_RET_INVALID_GUEST);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST + 8, 16),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST, 24),
			SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST, 0),
			SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      ~0ULL & ~15ULL, 32),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      0x1000, 32),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_VMSA, h,
					      T_GUEST, 4096),
			SEV_RET_UNSUPPORTED);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_VMSA, h,
					      T_GUEST, 4080),
			SEV_RET_INVALID_LEN);
	/* Nothing above touched guest memory. */
	KUNIT_EXPECT_MEMEQ(test, guest, want, 0x2000);

	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_INVALID_GUEST_STATE);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST, 0x2000),
			SEV_RET_SUCCESS);
	/* Guest memory now holds ciphertext; DBG_DECRYPT recovers it. */
	KUNIT_EXPECT_NE(test, memcmp(guest, want, 16), 0);
	KUNIT_EXPECT_NE(test, memcmp(guest + 0x1ff0, want + 0x1ff0, 16), 0);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_DECRYPT, h, T_GUEST,
					   T_OUT, 0x2000),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, plain, want, 0x2000);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_DECRYPT, h,
					   T_GUEST + 8, T_OUT, 16),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_DECRYPT, h, T_GUEST,
					   T_OUT, 8),
			SEV_RET_INVALID_LEN);
	/* DBG_ENCRYPT then DBG_DECRYPT round-trips. */
	sevl_fwt_fill(plain, 64, 99);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_ENCRYPT, h, T_OUT,
					   T_GUEST + 0x4000, 64),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, memcmp(guest + 0x4000, plain, 64), 0);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_DECRYPT, h,
					   T_GUEST + 0x4000, T_OUT + 0x100, 64),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, plain + 0x100, plain, 64);

	/* LAUNCH_MEASURE length probing. */
	lm.handle = h;
	KUNIT_EXPECT_EQ(test, X(t, LAUNCH_MEASURE, lm), SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, lm.len, SEVL_MEASURE_SIZE);
	KUNIT_EXPECT_EQ(test, X(t, LAUNCH_MEASURE, lm),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_gstate(t, h), SEV_LAUNCH_GSTATE_LUPDATE);
	KUNIT_EXPECT_EQ(test, sevl_fwt_measure(t, h, m), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_gstate(t, h), SEV_LAUNCH_GSTATE_LSECRET);
	KUNIT_EXPECT_EQ(test, sevl_fwt_measure(t, h, m),
			SEV_RET_INVALID_GUEST_STATE);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST, 16),
			SEV_RET_INVALID_GUEST_STATE);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_gstate(t, h), SEV_LAUNCH_GSTATE_RUNNING);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_INVALID_GUEST_STATE);
	/* NOKS: no other guest may share this guest's key. */
	{
		struct sevl_fw_launch_start ls = {
			.handle = h, .policy = SEV_POLICY_NOKS,
		};

		KUNIT_EXPECT_EQ(test, X(t, LAUNCH_START, ls),
				SEV_RET_POLICY_FAILURE);
		ls.handle = 77;
		KUNIT_EXPECT_EQ(test, X(t, LAUNCH_START, ls),
				SEV_RET_INVALID_GUEST);
	}
}

/* The guest owner's session for @policy, against the platform's PDH. */
static void sevl_fwt_owner_session(struct sevl_fwt *t, struct sevl_owner *o,
				   u32 policy)
{
	struct sevl_fw_pdh_cert_export ex = {
		.pdh_cert_address = T_BLOB, .pdh_cert_len = SEVL_CERT_SIZE,
		.cert_chain_address = T_BLOB2,
		.cert_chain_len = 3 * SEVL_CERT_SIZE,
	};

	KUNIT_ASSERT_EQ(t->test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	sevl_owner_session(t->test, o, sevl_fwt_p(t, T_BLOB), policy);
}

static int sevl_fwt_owner_start(struct sevl_fwt *t, struct sevl_owner *o,
				u32 policy, u32 *handle)
{
	struct sevl_fw_launch_start ls = {
		.policy = policy,
		.dh_cert_address = T_BLOB, .dh_cert_len = SEVL_CERT_SIZE,
		.session_address = T_BLOB2, .session_len = SEVL_SESSION_SIZE,
	};
	int ret;

	memcpy(sevl_fwt_p(t, T_BLOB), &o->godh, SEVL_CERT_SIZE);
	memcpy(sevl_fwt_p(t, T_BLOB2), o->session, SEVL_SESSION_SIZE);
	ret = X(t, LAUNCH_START, ls);
	*handle = ls.handle;
	return ret;
}

static void sevl_fwt_expect_measure(struct sevl_fwt *t, struct sevl_owner *o,
				    u32 policy, const u8 *ld, const u8 *m)
{
	sevl_owner_expect_measure(t->test, o, T_API_MAJOR, T_API_MINOR, T_BUILD,
				  policy, ld, m);
}

/* Build a LAUNCH_SECRET packet for @secret and inject it at T_GUEST+0x8000. */
static int sevl_fwt_secret(struct sevl_fwt *t, struct sevl_owner *o, u32 h,
			   const u8 *measure, const u8 *secret, u32 len,
			   u32 flags, bool tamper)
{
	struct sevl_fw_launch_secret ls = {
		.handle = h, .hdr_address = T_BLOB, .hdr_len = 52,
		.guest_address = T_GUEST + 0x8000, .guest_len = len,
		.trans_address = T_BLOB2, .trans_len = len,
	};
	u8 *hdr = sevl_fwt_p(t, T_BLOB);

	sevl_owner_secret(t->test, o, measure, secret, len, flags, hdr,
			  sevl_fwt_p(t, T_BLOB2));
	if (tamper)
		hdr[20] ^= 0x80;
	return X(t, LAUNCH_UPDATE_SECRET, ls);
}

/* Launch with a guest owner session, measurement and secret. */
static void sevl_fwt_launch_owner(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_owner *o;
	u8 *data, secret[64], ld[32], m[SEVL_MEASURE_SIZE] = {};
	u32 policy = SEV_POLICY_NOKS, h;

	o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	data = kunit_kzalloc(test, 0x1000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_ASSERT_NOT_NULL(test, data);
	sevl_fwt_up(t, 0);
	sevl_fwt_owner_session(t, o, policy);

	/* Refusals: lengths, certificate, MACs. */
	o->session[64] ^= 1;
	KUNIT_EXPECT_EQ(test, sevl_fwt_owner_start(t, o, policy, &h),
			SEV_RET_BAD_MEASUREMENT);
	o->session[64] ^= 1;
	KUNIT_EXPECT_EQ(test, sevl_fwt_owner_start(t, o, policy | 1, &h),
			SEV_RET_BAD_MEASUREMENT);
	o->godh.pub_key_usage = cpu_to_le32(SEVL_USAGE_PEK);
	KUNIT_EXPECT_EQ(test, sevl_fwt_owner_start(t, o, policy, &h),
			SEV_RET_INVALID_CERTIFICATE);
	o->godh.pub_key_usage = cpu_to_le32(SEVL_USAGE_PDH);
	o->godh.ecc.qx[0] ^= 1;		/* not on the curve */
	KUNIT_EXPECT_EQ(test, sevl_fwt_owner_start(t, o, policy, &h),
			SEV_RET_INVALID_CERTIFICATE);
	o->godh.ecc.qx[0] ^= 1;
	{
		struct sevl_fw_launch_start ls = {
			.policy = policy, .dh_cert_address = T_BLOB,
			.dh_cert_len = SEVL_CERT_SIZE,
			.session_address = T_BLOB2, .session_len = 127,
		};

		KUNIT_EXPECT_EQ(test, X(t, LAUNCH_START, ls),
				SEV_RET_INVALID_LEN);
		ls.session_len = SEVL_SESSION_SIZE;
		ls.dh_cert_len = 2000;
		KUNIT_EXPECT_EQ(test, X(t, LAUNCH_START, ls),
				SEV_RET_INVALID_LEN);
	}
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).guest_count, 0);

	KUNIT_ASSERT_EQ(test, sevl_fwt_owner_start(t, o, policy, &h),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, h, 5), SEV_RET_SUCCESS);
	sevl_fwt_fill(data, 0x1000, 42);
	memcpy(sevl_fwt_p(t, T_GUEST), data, 0x1000);
	KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST, 0x800),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST + 0x800, 0x800),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_secret(t, o, h, m, secret, 64, 0, false),
			SEV_RET_INVALID_GUEST_STATE);
	KUNIT_ASSERT_EQ(test, sevl_fwt_measure(t, h, m), SEV_RET_SUCCESS);
	sha256(data, 0x1000, ld);
	sevl_fwt_expect_measure(t, o, policy, ld, m);

	/* LAUNCH_SECRET. */
	sevl_fwt_fill(secret, sizeof(secret), 200);
	KUNIT_EXPECT_EQ(test, sevl_fwt_secret(t, o, h, m, secret, 64, 0, true),
			SEV_RET_BAD_MEASUREMENT);
	KUNIT_EXPECT_EQ(test, sevl_fwt_secret(t, o, h, m, secret, 64, 1, false),
			SEV_RET_UNSUPPORTED);
	KUNIT_EXPECT_EQ(test, sevl_fwt_secret(t, o, h, m, secret, 56, 0, false),
			SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, sevl_fwt_secret(t, o, h, m, secret, 64, 0, false),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, memcmp(sevl_fwt_p(t, T_GUEST + 0x8000), secret,
				     16), 0);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_DECRYPT, h,
					   T_GUEST + 0x8000, T_OUT, 64),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, sevl_fwt_p(t, T_OUT), secret, 64);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_DECRYPT, h, T_GUEST,
					   T_OUT, 0x1000),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, sevl_fwt_p(t, T_OUT), data, 0x1000);

	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_secret(t, o, h, m, secret, 64, 0, false),
			SEV_RET_INVALID_GUEST_STATE);
}

/* SEV-ES: ES ASIDs, VMSA measured after the data. */
static void sevl_fwt_launch_es(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_owner *o;
	struct sha256_state st;
	u8 *vmsa, data[256], ld[32], m[SEVL_MEASURE_SIZE];
	u32 policy = SEV_POLICY_ES | SEV_POLICY_NOKS, h;

	o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	vmsa = kunit_kzalloc(test, SEVL_VMSA_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_ASSERT_NOT_NULL(test, vmsa);
	sevl_fwt_up(t, SEVL_INIT_FLAGS_ES);
	sevl_fwt_owner_session(t, o, policy);
	KUNIT_ASSERT_EQ(test, sevl_fwt_owner_start(t, o, policy, &h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, h, T_MIN_SEV_ASID),
			SEV_RET_INVALID_ASID);
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, h, 1), SEV_RET_SUCCESS);

	sevl_fwt_fill(data, sizeof(data), 5);
	sevl_fwt_fill(vmsa, SEVL_VMSA_SIZE, 17);
	memcpy(sevl_fwt_p(t, T_GUEST), data, sizeof(data));
	memcpy(sevl_fwt_p(t, T_GUEST + 0x1000), vmsa, SEVL_VMSA_SIZE);
	KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST, sizeof(data)),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_VMSA, h,
					      T_GUEST + 0x1000, SEVL_VMSA_SIZE),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, memcmp(sevl_fwt_p(t, T_GUEST + 0x1000), vmsa, 64),
			0);
	KUNIT_ASSERT_EQ(test, sevl_fwt_measure(t, h, m), SEV_RET_SUCCESS);
	sha256_init(&st);
	sha256_update(&st, data, sizeof(data));
	sha256_update(&st, vmsa, SEVL_VMSA_SIZE);
	sha256_final(&st, ld);
	sevl_fwt_expect_measure(t, o, policy, ld, m);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_SUCCESS);
}

static struct kunit_case sevl_fw_launch_cases[] = {
	KUNIT_CASE(sevl_fwt_launch_plain),
	KUNIT_CASE(sevl_fwt_launch_owner),
	KUNIT_CASE(sevl_fwt_launch_es),
	{}
};

static struct kunit_suite sevl_fw_launch_suite = {
	.name = "sev-launch-swfw-launch",
	.init = sevl_fwt_init,
	.exit = sevl_fwt_exit,
	.test_cases = sevl_fw_launch_cases,
};

kunit_test_suite(sevl_fw_launch_suite);
