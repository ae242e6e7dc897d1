// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the guest owner tool against the software firmware.
 *
 * owner_vectors.h holds what sevctl's library (userspace, OpenSSL)
 * computed from fixed inputs: its emulator ARK/ASK, a LAUNCH_START session
 * for a known PDH, the VMSA pages it builds, the launch digests and
 * measurement it predicts and a LAUNCH_SECRET packet.  These cases feed
 * them to the firmware command layer and check that the firmware accepts
 * them and arrives at the same values.  Until the KVM launch path runs in
 * the guest selftests, this is the tool's end-to-end interop check.
 *
 * Two white-box steps stand in for inputs the firmware draws at random:
 * the platform's PDH is replaced by the vectors' known key (and re-signed
 * by the PEK) so a session prepared offline can open, and the stored
 * measurement is set to the one for the vectors' MNONCE (after checking
 * that the firmware's own measurement follows the same formula) so a
 * secret prepared offline can be injected.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <crypto/sha2.h>

#include "swfw_fw_test.h"
#include "owner_vectors.h"

#define OWV_VMSA_PA(v)	(T_GUEST + 0x4000 + 0x1000 * (v))
#define OWV_SECRET_PA	(T_GUEST + 0x8000)

static void owv_expand(u8 *buf, size_t len, const struct owv_byte *b,
		       size_t n)
{
	size_t i;

	memset(buf, 0, len);
	for (i = 0; i < n; i++)
		buf[b[i].off] = b[i].val;
}

/* The emulator CA sevctl derives with OpenSSL is the firmware's, bit for bit. */
static void owv_t_emu_roots(struct kunit *test)
{
	struct sevl_cert *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	u8 h[SHA256_DIGEST_SIZE];

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, sevl_emu_ark_cert(c), 0);
	sha256((const u8 *)c, sizeof(*c), h);
	KUNIT_EXPECT_MEMEQ(test, h, owv_ark_sha256, sizeof(h));
	KUNIT_ASSERT_EQ(test, sevl_emu_ask_cert(c), 0);
	sha256((const u8 *)c, sizeof(*c), h);
	KUNIT_EXPECT_MEMEQ(test, h, owv_ask_sha256, sizeof(h));
}

/* Platform up with SEV-ES and the vectors' PDH key in place of its own. */
static void owv_platform(struct sevl_fwt *t)
{
	struct kunit *test = t->test;
	struct sevl_fw_identity *id = &t->fw->ident;
	struct sevl_fw_pdh_cert_export ex = {
		.pdh_cert_address = T_BLOB, .pdh_cert_len = SEVL_CERT_SIZE,
		.cert_chain_address = T_BLOB2,
		.cert_chain_len = 3 * SEVL_CERT_SIZE,
	};
	struct sevl_cert *pdh;

	sevl_fwt_up(t, SEVL_INIT_FLAGS_ES);
	KUNIT_ASSERT_EQ(test, sevl_p384_key_from_priv_be(&id->pdh, owv_pdh_d),
			0);
	KUNIT_ASSERT_EQ(test, sevl_cert_init(&id->pdh_cert, SEVL_USAGE_PDH,
					     SEVL_ALGO_ECDH_SHA256, &id->pdh,
					     0, 0), 0);
	KUNIT_ASSERT_EQ(test, sevl_cert_sign(&id->pdh_cert, 0, SEVL_USAGE_PEK,
					     SEVL_ALGO_ECDSA_SHA256, &id->pek),
			0);
	/* The exported PDH carries the public key sevctl computed. */
	KUNIT_ASSERT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	pdh = sevl_fwt_p(t, T_BLOB);
	KUNIT_EXPECT_MEMEQ(test, pdh->ecc.qx, owv_pdh_qx, sizeof(owv_pdh_qx));
	KUNIT_EXPECT_MEMEQ(test, pdh->ecc.qy, owv_pdh_qy, sizeof(owv_pdh_qy));
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pdh, &id->pek_cert), 0);
}

static int owv_start(struct sevl_fwt *t, u32 policy, const u8 *session,
		     u32 *handle)
{
	struct sevl_fw_launch_start ls = {
		.policy = policy,
		.dh_cert_address = T_BLOB, .dh_cert_len = SEVL_CERT_SIZE,
		.session_address = T_BLOB2, .session_len = SEVL_SESSION_SIZE,
	};
	int ret;

	owv_expand(sevl_fwt_p(t, T_BLOB), SEVL_CERT_SIZE, owv_godh_cert,
		   ARRAY_SIZE(owv_godh_cert));
	memcpy(sevl_fwt_p(t, T_BLOB2), session, SEVL_SESSION_SIZE);
	ret = X(t, LAUNCH_START, ls);
	*handle = ls.handle;
	return ret;
}

static struct sevl_fw_guest *owv_guest(struct sevl_fwt *t, u32 h)
{
	KUNIT_ASSERT_GE(t->test, h, 1);
	KUNIT_ASSERT_LE(t->test, h, t->fw->p.max_guests);
	return &t->fw->guests[h - 1];
}

/* The session sevctl built opens, and only unmodified and for its policy. */
static void owv_t_session(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	u8 session[SEVL_SESSION_SIZE];
	struct sevl_fw_guest *g;
	u32 h;

	owv_platform(t);
	memcpy(session, owv_session, sizeof(session));
	session[20] ^= 0x01;		/* WRAP_TK */
	KUNIT_EXPECT_EQ(test, owv_start(t, OWV_POLICY, session, &h),
			SEV_RET_BAD_MEASUREMENT);
	session[20] ^= 0x01;
	session[100] ^= 0x80;		/* POLICY_MAC */
	KUNIT_EXPECT_EQ(test, owv_start(t, OWV_POLICY, session, &h),
			SEV_RET_BAD_MEASUREMENT);
	session[100] ^= 0x80;
	KUNIT_EXPECT_EQ(test, owv_start(t, OWV_POLICY | SEV_POLICY_NOKS,
					session, &h),
			SEV_RET_BAD_MEASUREMENT);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).guest_count, 0);

	KUNIT_ASSERT_EQ(test, owv_start(t, OWV_POLICY, session, &h),
			SEV_RET_SUCCESS);
	g = owv_guest(t, h);
	KUNIT_EXPECT_MEMEQ(test, g->tek, owv_tek, sizeof(owv_tek));
	KUNIT_EXPECT_MEMEQ(test, g->tik, owv_tik, sizeof(owv_tik));
	KUNIT_EXPECT_EQ(test, g->policy, OWV_POLICY);
}

/* Issue the vectors' launch in call or canonical order; return the handle. */
static u32 owv_launch(struct sevl_fwt *t, bool canonical)
{
	struct kunit *test = t->test;
	u32 h;

	owv_platform(t);
	KUNIT_ASSERT_EQ(test, owv_start(t, OWV_POLICY, owv_session, &h),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, h, 1), SEV_RET_SUCCESS);
	memcpy(sevl_fwt_p(t, T_GUEST + 0x2000), owv_data0, sizeof(owv_data0));
	memcpy(sevl_fwt_p(t, T_GUEST + 0x1000), owv_data1, sizeof(owv_data1));
	owv_expand(sevl_fwt_p(t, OWV_VMSA_PA(0)), SEVL_VMSA_SIZE, owv_vmsa0,
		   ARRAY_SIZE(owv_vmsa0));
	owv_expand(sevl_fwt_p(t, OWV_VMSA_PA(1)), SEVL_VMSA_SIZE, owv_vmsa1,
		   ARRAY_SIZE(owv_vmsa1));

	if (!canonical) {
		KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA,
						      h, T_GUEST + 0x2000,
						      sizeof(owv_data0)),
				SEV_RET_SUCCESS);
	}
	KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      T_GUEST + 0x1000,
					      sizeof(owv_data1)),
			SEV_RET_SUCCESS);
	if (canonical) {
		KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA,
						      h, T_GUEST + 0x2000,
						      sizeof(owv_data0)),
				SEV_RET_SUCCESS);
		KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_VMSA,
						      h, OWV_VMSA_PA(0),
						      SEVL_VMSA_SIZE),
				SEV_RET_SUCCESS);
	}
	KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_VMSA, h,
					      OWV_VMSA_PA(1), SEVL_VMSA_SIZE),
			SEV_RET_SUCCESS);
	if (!canonical) {
		KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_VMSA,
						      h, OWV_VMSA_PA(0),
						      SEVL_VMSA_SIZE),
				SEV_RET_SUCCESS);
	}
	return h;
}

/* MEASURE as the SEV API defines it, with the kernel's HMAC. */
static void owv_hmac_measure(struct kunit *test, const u8 *tik, const u8 *ld,
			     const u8 *mnonce, u8 *out)
{
	u8 hdr[4] = { 0x04, OWV_API_MAJOR, OWV_API_MINOR, OWV_BUILD };
	__le32 pol = cpu_to_le32(OWV_POLICY);
	struct sevl_kvec v[4] = {
		{ hdr, 4 }, { &pol, 4 }, { ld, 32 }, { mnonce, 16 },
	};

	KUNIT_ASSERT_EQ(test, sevl_hmac_sha256(tik, 16, v, 4, out), 0);
}

static void owv_measure_common(struct kunit *test, bool canonical)
{
	struct sevl_fwt *t = test->priv;
	const u8 *ld = canonical ? owv_ld_canonical : owv_ld_call;
	const u8 *want = canonical ? owv_measure_canonical : owv_measure_call;
	u8 m[SEVL_MEASURE_SIZE], mac[32];
	struct sevl_fw_guest *g;
	u32 h;

	KUNIT_ASSERT_EQ(test, T_API_MAJOR, OWV_API_MAJOR);
	KUNIT_ASSERT_EQ(test, T_API_MINOR, OWV_API_MINOR);
	KUNIT_ASSERT_EQ(test, T_BUILD, OWV_BUILD);
	h = owv_launch(t, canonical);
	KUNIT_ASSERT_EQ(test, sevl_fwt_measure(t, h, m), SEV_RET_SUCCESS);
	g = owv_guest(t, h);
	/* The launch digest sevctl predicted is the firmware's. */
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, 32);
	KUNIT_EXPECT_NE(test, memcmp(owv_ld_call, owv_ld_canonical, 32), 0);
	/* The reported MEASURE is the formula over that digest and MNONCE. */
	owv_hmac_measure(test, owv_tik, ld, m + 32, mac);
	KUNIT_EXPECT_MEMEQ(test, m, mac, 32);
	/* sevctl's MEASURE for its MNONCE is what the kernel's HMAC gives. */
	owv_hmac_measure(test, g->tik, g->ld, owv_mnonce, mac);
	KUNIT_EXPECT_MEMEQ(test, mac, want, 32);
}

static void owv_t_measure_call(struct kunit *test)
{
	owv_measure_common(test, false);
}

static void owv_t_measure_canonical(struct kunit *test)
{
	owv_measure_common(test, true);
}

static int owv_inject(struct sevl_fwt *t, u32 h, const u8 *hdr)
{
	struct sevl_fw_launch_secret ls = {
		.handle = h, .hdr_address = T_BLOB,
		.hdr_len = SEVL_SECRET_HDR_SIZE,
		.guest_address = OWV_SECRET_PA,
		.guest_len = sizeof(owv_secret_trans),
		.trans_address = T_BLOB2, .trans_len = sizeof(owv_secret_trans),
	};

	memcpy(sevl_fwt_p(t, T_BLOB), hdr, SEVL_SECRET_HDR_SIZE);
	memcpy(sevl_fwt_p(t, T_BLOB2), owv_secret_trans,
	       sizeof(owv_secret_trans));
	return X(t, LAUNCH_UPDATE_SECRET, ls);
}

/* A secret sevctl packaged is accepted by LAUNCH_SECRET and decrypts. */
static void owv_t_secret_inject(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	u8 m[SEVL_MEASURE_SIZE], hdr[SEVL_SECRET_HDR_SIZE];
	u8 plain[sizeof(owv_secret)];
	struct sevl_fw_guest *g;
	u32 h;

	h = owv_launch(t, false);
	KUNIT_ASSERT_EQ(test, sevl_fwt_measure(t, h, m), SEV_RET_SUCCESS);
	g = owv_guest(t, h);
	KUNIT_ASSERT_MEMEQ(test, g->ld, owv_ld_call, 32);
	/* Bound to the measurement the firmware drew: refused. */
	KUNIT_EXPECT_EQ(test, owv_inject(t, h, owv_secret_hdr),
			SEV_RET_BAD_MEASUREMENT);
	/* As if LAUNCH_MEASURE had drawn the vectors' MNONCE. */
	owv_hmac_measure(test, g->tik, g->ld, owv_mnonce, g->measure);
	memcpy(hdr, owv_secret_hdr, sizeof(hdr));
	hdr[30] ^= 0x04;		/* one MAC bit */
	KUNIT_EXPECT_EQ(test, owv_inject(t, h, hdr), SEV_RET_BAD_MEASUREMENT);
	hdr[30] ^= 0x04;
	hdr[4] ^= 0x01;			/* one IV bit */
	KUNIT_EXPECT_EQ(test, owv_inject(t, h, hdr), SEV_RET_BAD_MEASUREMENT);
	KUNIT_ASSERT_EQ(test, owv_inject(t, h, owv_secret_hdr),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, memcmp(sevl_fwt_p(t, OWV_SECRET_PA), owv_secret,
				     16), 0);
	/* The policy has NODBG, so read it back with the guest's VEK. */
	KUNIT_ASSERT_EQ(test, sevl_mem_decrypt(g->vek, OWV_SECRET_PA,
					       sevl_fwt_p(t, OWV_SECRET_PA),
					       plain, sizeof(plain)), 0);
	KUNIT_EXPECT_MEMEQ(test, plain, owv_secret, sizeof(owv_secret));
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_SUCCESS);
}

static struct kunit_case owv_cases[] = {
	KUNIT_CASE(owv_t_emu_roots),
	KUNIT_CASE(owv_t_session),
	KUNIT_CASE(owv_t_measure_call),
	KUNIT_CASE(owv_t_measure_canonical),
	KUNIT_CASE(owv_t_secret_inject),
	{}
};

static struct kunit_suite owv_suite = {
	.name = "sev-owner-vectors",
	.init = sevl_fwt_init,
	.exit = sevl_fwt_exit,
	.test_cases = owv_cases,
};

kunit_test_suite(owv_suite);
