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

/* LAUNCH_START with a non-zero handle: the new guest shares that VEK. */
static void sevl_fwt_launch_share(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_fw_launch_start ls = {};
	struct sevl_fw *fw = t->fw;
	u8 *want = kunit_kzalloc(test, 0x1000, GFP_KERNEL);
	u32 a, b, c, d;

	KUNIT_ASSERT_NOT_NULL(test, want);
	sevl_fwt_up(t, SEVL_INIT_FLAGS_ES);
	a = sevl_fwt_start(t, 0, SEV_RET_SUCCESS);

	/* Refusals create nothing. */
	ls.handle = a + 1;
	KUNIT_EXPECT_EQ(test, X(t, LAUNCH_START, ls), SEV_RET_INVALID_GUEST);
	ls.handle = U32_MAX;
	KUNIT_EXPECT_EQ(test, X(t, LAUNCH_START, ls), SEV_RET_INVALID_GUEST);
	ls.handle = a;
	ls.policy = SEV_POLICY_NODBG;
	KUNIT_EXPECT_EQ(test, X(t, LAUNCH_START, ls), SEV_RET_POLICY_FAILURE);
	ls.policy = SEV_POLICY_ES;
	KUNIT_EXPECT_EQ(test, X(t, LAUNCH_START, ls), SEV_RET_POLICY_FAILURE);
	ls.policy = SEV_POLICY_NOKS;
	KUNIT_EXPECT_EQ(test, X(t, LAUNCH_START, ls), SEV_RET_POLICY_FAILURE);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).guest_count, 1);

	/* Same policy, sharing allowed: a new guest with a's VEK. */
	ls.policy = 0;
	KUNIT_ASSERT_EQ(test, X(t, LAUNCH_START, ls), SEV_RET_SUCCESS);
	b = ls.handle;
	KUNIT_EXPECT_NE(test, b, a);
	KUNIT_EXPECT_EQ(test, sevl_fwt_gstate(t, b),
			SEV_LAUNCH_GSTATE_LUPDATE);
	KUNIT_EXPECT_MEMEQ(test, fw->guests[b - 1].vek, fw->guests[a - 1].vek,
			   SEVL_FW_KEY_LEN);
	/* Its own launch channel. */
	KUNIT_EXPECT_MEMNEQ(test, fw->guests[b - 1].tik,
			    fw->guests[a - 1].tik, SEVL_FW_KEY_LEN);
	/* Sharing a sharer's key is sharing the first guest's. */
	ls.handle = b;
	KUNIT_ASSERT_EQ(test, X(t, LAUNCH_START, ls), SEV_RET_SUCCESS);
	c = ls.handle;
	KUNIT_EXPECT_MEMEQ(test, fw->guests[c - 1].vek, fw->guests[a - 1].vek,
			   SEVL_FW_KEY_LEN);

	/*
	 * What one encrypts the others read, each with its own ASID, as KVM
	 * binds one per VM.  An ASID held by another guest stays ASID_OWNED
	 * even if that guest shares the key.
	 */
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, a, T_MIN_SEV_ASID),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, b, T_MIN_SEV_ASID),
			SEV_RET_ASID_OWNED);
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, b, T_MIN_SEV_ASID + 1),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, c, T_MIN_SEV_ASID + 2),
			SEV_RET_SUCCESS);
	sevl_fwt_fill(want, 0x1000, 77);
	memcpy(sevl_fwt_p(t, T_GUEST), want, 0x1000);
	KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, a,
					      T_GUEST, 0x1000),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_DECRYPT, c, T_GUEST,
					   T_OUT, 0x1000),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, sevl_fwt_p(t, T_OUT), want, 0x1000);

	/* The key outlives the guest it came from. */
	KUNIT_ASSERT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DEACTIVATE, a),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DECOMMISSION, a),
			SEV_RET_SUCCESS);
	memset(sevl_fwt_p(t, T_OUT), 0, 0x1000);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_DECRYPT, b, T_GUEST,
					   T_OUT, 0x1000),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, sevl_fwt_p(t, T_OUT), want, 0x1000);
	ls.handle = a;
	KUNIT_EXPECT_EQ(test, X(t, LAUNCH_START, ls), SEV_RET_INVALID_GUEST);

	/* A guest of its own key does not read them. */
	d = sevl_fwt_start(t, 0, SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, d, T_MIN_SEV_ASID + 3),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_DECRYPT, d, T_GUEST,
					   T_OUT, 0x1000),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMNEQ(test, sevl_fwt_p(t, T_OUT), want, 0x1000);
}

/* @key (@len bytes, not all zero) occurs nowhere in [@p, @p + @n). */
static bool sevl_fwt_absent(const void *p, size_t n, const u8 *key,
			    size_t len)
{
	const u8 *b = p;
	size_t i;

	for (i = 0; i + len <= n; i++)
		if (!memcmp(b + i, key, len))
			return false;
	return true;
}

/*
 * Key material leaves the firmware's memory when the spec says it ends:
 * TEK, TIK and MEASURE at LAUNCH_FINISH, the whole guest context at
 * DECOMMISSION, every context at SHUTDOWN; sevl_fw_wipe(), which
 * sevl_fw_destroy() runs before it frees anything, leaves the guest table,
 * the identity and the scratch memory zero.
 */
static void sevl_fwt_keys_wiped(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_fw *fw = t->fw;
	size_t table = fw->p.max_guests * sizeof(*fw->guests);
	u8 vek[SEVL_FW_KEY_LEN], tek[SEVL_FW_KEY_LEN], tik[SEVL_FW_KEY_LEN];
	u8 pdh[sizeof(fw->ident.pdh.d)], m[SEVL_MEASURE_SIZE];
	struct sevl_fw_guest *g;
	u32 h, h2;

	sevl_fwt_up(t, 0);
	h = sevl_fwt_start(t, 0, SEV_RET_SUCCESS);
	g = &fw->guests[h - 1];
	memcpy(vek, g->vek, sizeof(vek));
	memcpy(tek, g->tek, sizeof(tek));
	memcpy(tik, g->tik, sizeof(tik));
	KUNIT_ASSERT_NOT_NULL(test, memchr_inv(vek, 0, sizeof(vek)));
	KUNIT_ASSERT_NOT_NULL(test, memchr_inv(tek, 0, sizeof(tek)));
	KUNIT_ASSERT_NOT_NULL(test, memchr_inv(tik, 0, sizeof(tik)));
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, h, T_MIN_SEV_ASID),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST, 0x100),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_measure(t, h, m), SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, g->measure, m, 32);
	/* Nothing the commands moved through the scratch memory stays. */
	KUNIT_EXPECT_NULL(test, memchr_inv(fw->scratch, 0, SEVL_FW_SCRATCH_LEN));

	KUNIT_ASSERT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_TRUE(test, sevl_fwt_absent(fw->guests, table, tek, 16));
	KUNIT_EXPECT_TRUE(test, sevl_fwt_absent(fw->guests, table, tik, 16));
	KUNIT_EXPECT_TRUE(test, sevl_fwt_absent(fw->guests, table, m, 32));
	KUNIT_EXPECT_FALSE(test, sevl_fwt_absent(fw->guests, table, vek, 16));

	KUNIT_ASSERT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DEACTIVATE, h),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DECOMMISSION, h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_NULL(test, memchr_inv(g, 0, sizeof(*g)));
	KUNIT_EXPECT_TRUE(test, sevl_fwt_absent(fw, sizeof(*fw), vek, 16));
	KUNIT_EXPECT_TRUE(test, sevl_fwt_absent(fw->guests, table, vek, 16));

	/* SHUTDOWN forgets every guest, keys included. */
	h = sevl_fwt_start(t, 0, SEV_RET_SUCCESS);
	h2 = sevl_fwt_start(t, SEV_POLICY_NOKS, SEV_RET_SUCCESS);
	KUNIT_ASSERT_NE(test, h, h2);
	KUNIT_ASSERT_EQ(test, X0(t, SHUTDOWN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_NULL(test, memchr_inv(fw->guests, 0, table));

	/* The destroy path: sevl_fw_wipe() before any memory is freed. */
	sevl_fwt_up(t, 0);
	h = sevl_fwt_start(t, 0, SEV_RET_SUCCESS);
	memcpy(vek, fw->guests[h - 1].vek, sizeof(vek));
	memcpy(pdh, fw->ident.pdh.d, sizeof(pdh));
	KUNIT_ASSERT_NOT_NULL(test, memchr_inv(pdh, 0, sizeof(pdh)));
	sevl_fw_wipe(fw);
	KUNIT_EXPECT_NULL(test, memchr_inv(fw->guests, 0, table));
	KUNIT_EXPECT_NULL(test, memchr_inv(&fw->ident, 0, sizeof(fw->ident)));
	KUNIT_EXPECT_NULL(test, memchr_inv(fw->scratch, 0, SEVL_FW_SCRATCH_LEN));
	KUNIT_EXPECT_TRUE(test, sevl_fwt_absent(fw, sizeof(*fw), pdh,
						sizeof(pdh)));
	KUNIT_EXPECT_TRUE(test, sevl_fwt_absent(fw->guests, table, vek, 16));
}

static struct kunit_case sevl_fw_launch_cases[] = {
	KUNIT_CASE(sevl_fwt_launch_plain),
	KUNIT_CASE(sevl_fwt_launch_owner),
	KUNIT_CASE(sevl_fwt_launch_es),
	KUNIT_CASE(sevl_fwt_launch_share),
	KUNIT_CASE(sevl_fwt_keys_wiped),
	{}
};

static struct kunit_suite sevl_fw_launch_suite = {
	.name = "sev-launch-swfw-launch",
	.init = sevl_fwt_init,
	.exit = sevl_fwt_exit,
	.test_cases = sevl_fw_launch_cases,
};

kunit_test_suite(sevl_fw_launch_suite);
