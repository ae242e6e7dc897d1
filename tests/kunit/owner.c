// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit helpers: the guest owner's side of a launch (see owner.h).
 */
#include <kunit/test.h>
#include <linux/random.h>
#include <linux/string.h>

#include "owner.h"

/**
 * sevl_owner_session() - make a GODH key and a session blob
 * @test: the test; a failure aborts it
 * @o: filled with fresh TEK, TIK, GODH certificate and session blob
 * @pdh: the platform's PDH certificate
 * @policy: the guest policy the session's policy MAC covers
 *
 * The blob wraps TEK || TIK with the KEK and KIK derived from the ECDH
 * secret of the GODH and PDH keys, as LAUNCH_START unwraps them.
 */
void sevl_owner_session(struct kunit *test, struct sevl_owner *o,
			const struct sevl_cert *pdh, u32 policy)
{
	u8 z[48], master[16], kek[16], kik[16], keys[32];
	struct sevl_p384_key godh, pdh_key;
	__le32 pol = cpu_to_le32(policy);
	u8 *s = o->session;
	struct sevl_kvec v;

	KUNIT_ASSERT_EQ(test, sevl_cert_pubkey(pdh, &pdh_key), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&godh), 0);
	KUNIT_ASSERT_EQ(test, sevl_cert_init(&o->godh, SEVL_USAGE_PDH,
					     SEVL_ALGO_ECDH_SHA256, &godh, 0, 0),
			0);
	KUNIT_ASSERT_EQ(test, sevl_p384_ecdh(&godh, &pdh_key, z), 0);
	sevl_p384_key_wipe(&godh);
	get_random_bytes(s, 16);		/* NONCE */
	get_random_bytes(s + 48, 16);		/* WRAP_IV */
	get_random_bytes(o->tek, 16);
	get_random_bytes(o->tik, 16);
	KUNIT_ASSERT_EQ(test, sevl_kdf(z, 48, "sev-master-secret", s, 16,
				       master), 0);
	KUNIT_ASSERT_EQ(test, sevl_kdf(master, 16, "sev-kek", NULL, 0, kek),
			0);
	KUNIT_ASSERT_EQ(test, sevl_kdf(master, 16, "sev-kik", NULL, 0, kik),
			0);
	memcpy(keys, o->tek, 16);
	memcpy(keys + 16, o->tik, 16);
	KUNIT_ASSERT_EQ(test, sevl_aes128_ctr(kek, s + 48, keys, s + 16, 32),
			0);
	v = (struct sevl_kvec){ s + 16, 32 };
	KUNIT_ASSERT_EQ(test, sevl_hmac_sha256(kik, 16, &v, 1, s + 64), 0);
	v = (struct sevl_kvec){ &pol, 4 };
	KUNIT_ASSERT_EQ(test, sevl_hmac_sha256(o->tik, 16, &v, 1, s + 96), 0);
	memzero_explicit(z, sizeof(z));
	memzero_explicit(master, sizeof(master));
	memzero_explicit(kek, sizeof(kek));
	memzero_explicit(kik, sizeof(kik));
	memzero_explicit(keys, sizeof(keys));
}

/**
 * sevl_owner_expect_measure() - the owner's check of LAUNCH_MEASURE
 * @test: the test
 * @o: the owner whose TIK MACs the measurement
 * @api_major: the firmware's API major version
 * @api_minor: the firmware's API minor version
 * @build: the firmware's build id
 * @policy: the guest policy
 * @ld: the launch digest the owner expects
 * @m: the 48-byte LAUNCH_MEASURE result: MEASURE, then MNONCE
 *
 * Expects MEASURE == HMAC(TIK, 04h || API_MAJOR || API_MINOR || BUILD ||
 * POLICY || LD || MNONCE).
 */
void sevl_owner_expect_measure(struct kunit *test, const struct sevl_owner *o,
			       u8 api_major, u8 api_minor, u8 build,
			       u32 policy, const u8 *ld, const u8 *m)
{
	u8 hdr[4] = { 0x04, api_major, api_minor, build }, mac[32];
	__le32 pol = cpu_to_le32(policy);
	struct sevl_kvec v[4] = {
		{ hdr, 4 }, { &pol, 4 }, { ld, 32 }, { m + 32, 16 },
	};

	KUNIT_ASSERT_EQ(test, sevl_hmac_sha256(o->tik, 16, v, 4, mac), 0);
	KUNIT_EXPECT_MEMEQ(test, m, mac, 32);
}

/**
 * sevl_owner_secret() - build a LAUNCH_SECRET packet
 * @test: the test; a failure aborts it
 * @o: the owner whose TEK and TIK protect the packet
 * @measure: the 32-byte MEASURE the packet's MAC binds it to
 * @secret: @len bytes of plaintext
 * @len: length of @secret, of the guest range and of @trans
 * @flags: the header's FLAGS
 * @hdr: filled with the SEVL_SECRET_HDR_SIZE-byte header: FLAGS, a random
 *	IV, MAC
 * @trans: filled with the @len bytes of transport (encrypted) data
 */
void sevl_owner_secret(struct kunit *test, const struct sevl_owner *o,
		       const u8 *measure, const u8 *secret, u32 len,
		       u32 flags, u8 *hdr, u8 *trans)
{
	__le32 fl = cpu_to_le32(flags), l = cpu_to_le32(len);
	u8 ctx = 0x01;
	struct sevl_kvec v[7] = {
		{ &ctx, 1 }, { hdr, 4 }, { hdr + 4, 16 }, { &l, 4 }, { &l, 4 },
		{ trans, len }, { measure, 32 },
	};

	memcpy(hdr, &fl, 4);			/* FLAGS */
	get_random_bytes(hdr + 4, 16);		/* IV */
	KUNIT_ASSERT_EQ(test, sevl_aes128_ctr(o->tek, hdr + 4, secret, trans,
					      len), 0);
	KUNIT_ASSERT_EQ(test, sevl_hmac_sha256(o->tik, 16, v, 7, hdr + 20), 0);
}
