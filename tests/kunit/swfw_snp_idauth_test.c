// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: SNP_LAUNCH_FINISH with an ID block and ID authentication
 * information.  The keys are sev-snp-measure's published test keys, and
 * the key digests the firmware records are checked against the values its
 * test suite publishes; the ID block layout against its published block.
 * Refusals: a bad ID block signature, a bad ID key signature, a launch
 * digest or policy other than the guest's, malformed structures.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "swfw_snp_fixture.h"
#include "swfw_snp_vectors.h"
#include "../../drivers/swfw/crypto.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

#define GCTX		SNPT_GCTX
#define PAGE0		SNPT_GUEST

/* The published ID block: launch digest, zero ids, version 1, policy. */
static void snp_id_block_layout(struct kunit *test)
{
	struct sevl_snp_id_block b = {
		.version = 1, .policy = 0x30000,
	};

	memcpy(b.ld, snpv_id_block, sizeof(b.ld));
	KUNIT_EXPECT_MEMEQ(test, &b, snpv_id_block, sizeof(snpv_id_block));
}

static void snp_sign(struct kunit *test, const u8 *priv, const void *data,
		     size_t len, struct sevl_snp_ecdsa_sig *sig)
{
	struct sevl_p384_key key;
	u8 digest[48];

	KUNIT_ASSERT_EQ(test, sevl_p384_key_from_priv_be(&key, priv), 0);
	sevl_snpt_sha384(test, data, len, digest);
	memset(sig, 0, sizeof(*sig));
	KUNIT_ASSERT_EQ(test, sevl_p384_sign(&key, digest, sizeof(digest),
					     sig->r, sig->s), 0);
	sevl_p384_key_wipe(&key);
}

static void snp_pubkey(struct kunit *test, const u8 *priv,
		       struct sevl_snp_ecdsa_pubkey *pk)
{
	struct sevl_p384_key key;

	KUNIT_ASSERT_EQ(test, sevl_p384_key_from_priv_be(&key, priv), 0);
	memset(pk, 0, sizeof(*pk));
	pk->curve = SEVL_SNP_CURVE_P384;
	sevl_p384_pub_to_le(&key, pk->qx, pk->qy);
	sevl_p384_key_wipe(&key);
}

/*
 * Launch a guest with one NORMAL page and write an ID block for @ld and
 * @policy, signed with the ID key, and the ID key signed by the author
 * key, to SNPT_ID_BLOCK / SNPT_ID_AUTH.
 */
static void snp_sign_block(struct kunit *test, const u8 *ld, u64 policy)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_id_block *b = sevl_snpt_p(t, SNPT_ID_BLOCK);
	struct sevl_snp_id_auth *a = sevl_snpt_p(t, SNPT_ID_AUTH);

	memset(b, 0, sizeof(*b));
	memcpy(b->ld, ld, sizeof(b->ld));
	memset(b->family_id, 0xf1, sizeof(b->family_id));
	memset(b->image_id, 0x1d, sizeof(b->image_id));
	b->version = 1;
	b->guest_svn = 7;
	b->policy = policy;
	memset(a, 0, sizeof(*a));
	a->id_key_algo = SEVL_SNP_ALGO_ECDSA_P384_SHA384;
	a->author_key_algo = SEVL_SNP_ALGO_ECDSA_P384_SHA384;
	snp_pubkey(test, snpv_id_priv, &a->id_key);
	snp_pubkey(test, snpv_author_priv, &a->author_key);
	snp_sign(test, snpv_id_priv, b, sizeof(*b), &a->id_block_sig);
	snp_sign(test, snpv_author_priv, &a->id_key, sizeof(a->id_key),
		 &a->id_key_sig);
}

/* A guest in LAUNCH with one measured page; @ld gets its digest. */
static struct sevl_snp_guest *snp_launch(struct kunit *test, u8 *ld)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_guest *g;

	sevl_snpt_up(t);
	g = sevl_snpt_guest(t, GCTX, sevl_snpt_policy(), 1);
	memset(sevl_snpt_p(t, PAGE0), 0x77, 4096);
	memset(ld, 0, 48);
	sevl_snpt_chain(test, ld, sevl_snpt_p(t, PAGE0), 1, 0, NULL, 0);
	sevl_snpt_assign(t, PAGE0, 1, 0);
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, GCTX, PAGE0,
					       SEVL_SNP_PAGE_NORMAL, 0), 0);
	return g;
}

static int snp_finish(struct sevl_snpt *t, bool author)
{
	struct sevl_snp_launch_finish f = {
		.gctx_paddr = GCTX, .id_block_paddr = SNPT_ID_BLOCK,
		.id_auth_paddr = SNPT_ID_AUTH,
		.flags = SEVL_SNP_FINISH_ID_BLOCK_EN |
			 (author ? SEVL_SNP_FINISH_AUTH_KEY_EN : 0),
	};

	return SX(t, SNP_LAUNCH_FINISH, f);
}

/* Accepted with the author key: the recorded values. */
static void snp_id_accept(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_guest *g;
	u8 ld[48];

	g = snp_launch(test, ld);
	KUNIT_ASSERT_MEMEQ(test, g->ld, ld, sizeof(ld));
	snp_sign_block(test, ld, sevl_snpt_policy());
	KUNIT_ASSERT_EQ(test, snp_finish(t, true), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, g->state, SEVL_SNP_GSTATE_RUNNING);
	KUNIT_EXPECT_TRUE(test, g->id_block_en);
	KUNIT_EXPECT_TRUE(test, g->author_key_en);
	KUNIT_EXPECT_MEMEQ(test, g->id_key_digest, snpv_id_key_digest, 48);
	KUNIT_EXPECT_MEMEQ(test, g->author_key_digest,
			   snpv_author_key_digest, 48);
	KUNIT_EXPECT_EQ(test, g->family_id[15], 0xf1);
	KUNIT_EXPECT_EQ(test, g->image_id[0], 0x1d);
	KUNIT_EXPECT_EQ(test, g->guest_svn, 7);
}

/* Accepted without the author key: no author digest. */
static void snp_id_accept_no_author(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_id_auth *a = sevl_snpt_p(t, SNPT_ID_AUTH);
	struct sevl_snp_guest *g;
	u8 ld[48];

	g = snp_launch(test, ld);
	snp_sign_block(test, ld, sevl_snpt_policy());
	memset(&a->id_key_sig, 0, sizeof(a->id_key_sig));
	memset(&a->author_key, 0, sizeof(a->author_key));
	KUNIT_ASSERT_EQ(test, snp_finish(t, false), SEV_RET_SUCCESS);
	KUNIT_EXPECT_FALSE(test, g->author_key_en);
	KUNIT_EXPECT_MEMEQ(test, g->id_key_digest, snpv_id_key_digest, 48);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(g->author_key_digest, 0, 48));
}

/* Each defect alone is refused, and the guest stays in LAUNCH. */
static void snp_id_reject(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_id_auth *a = sevl_snpt_p(t, SNPT_ID_AUTH);
	struct sevl_snp_id_block *b = sevl_snpt_p(t, SNPT_ID_BLOCK);
	struct sevl_snp_guest *g;
	u64 pol = sevl_snpt_policy();
	u8 ld[48], bad_ld[48];

	g = snp_launch(test, ld);

	/* Block signature: one bit of R. */
	snp_sign_block(test, ld, pol);
	a->id_block_sig.r[5] ^= 1;
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_BAD_SIGNATURE);
	/* A signature field with bits above 384. */
	snp_sign_block(test, ld, pol);
	a->id_block_sig.s[60] = 1;
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_BAD_SIGNATURE);
	/* The block changed after signing. */
	snp_sign_block(test, ld, pol);
	b->guest_svn = 8;
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_BAD_SIGNATURE);
	/* ID key signature. */
	snp_sign_block(test, ld, pol);
	a->id_key_sig.s[0] ^= 0x80;
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_BAD_SIGNATURE);
	/* ... signed by another key than the author key given. */
	snp_sign_block(test, ld, pol);
	snp_sign(test, snpv_id_priv, &a->id_key, sizeof(a->id_key),
		 &a->id_key_sig);
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_BAD_SIGNATURE);
	/* Well signed, wrong launch digest. */
	memcpy(bad_ld, ld, sizeof(ld));
	bad_ld[47] ^= 1;
	snp_sign_block(test, bad_ld, pol);
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_BAD_MEASUREMENT);
	/* Well signed, wrong policy. */
	snp_sign_block(test, ld, pol | SEVL_SNP_POLICY_DEBUG);
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_POLICY_FAILURE);
	/* Malformed: version, algorithm, curve, a key off the curve. */
	snp_sign_block(test, ld, pol);
	a->id_key_algo = 2;
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_INVALID_PARAM);
	snp_sign_block(test, ld, pol);
	a->author_key.curve = 1;
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_INVALID_PARAM);
	snp_sign_block(test, ld, pol);
	a->id_key.qy[0] ^= 1;
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_INVALID_PARAM);
	snp_sign_block(test, ld, pol);
	b->version = 2;
	snp_sign(test, snpv_id_priv, b, sizeof(*b), &a->id_block_sig);
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_INVALID_PARAM);
	{
		struct sevl_snp_launch_finish f = {
			.gctx_paddr = GCTX, .id_block_paddr = 0x1000,
			.id_auth_paddr = SNPT_ID_AUTH,
			.flags = SEVL_SNP_FINISH_ID_BLOCK_EN,
		};

		KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_FINISH, f),
				SEV_RET_INVALID_ADDRESS);
	}

	KUNIT_EXPECT_EQ(test, g->state, SEVL_SNP_GSTATE_LAUNCH);
	KUNIT_EXPECT_FALSE(test, g->id_block_en);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(g->id_key_digest, 0, 48));
	/* After all that, the right structures are still accepted. */
	snp_sign_block(test, ld, pol);
	KUNIT_EXPECT_EQ(test, snp_finish(t, true), SEV_RET_SUCCESS);
}

static struct kunit_case sevl_snp_idauth_cases[] = {
	KUNIT_CASE(snp_id_block_layout),
	KUNIT_CASE(snp_id_accept),
	KUNIT_CASE(snp_id_accept_no_author),
	KUNIT_CASE(snp_id_reject),
	{}
};

static struct kunit_suite sevl_snp_idauth_suite = {
	.name = "sev-swfw-snp-idauth",
	.init = sevl_snpt_init,
	.exit = sevl_snpt_exit,
	.test_cases = sevl_snp_idauth_cases,
};

kunit_test_suite(sevl_snp_idauth_suite);
