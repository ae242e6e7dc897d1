// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: the ID block and ID authentication information
 * of SNP_LAUNCH_FINISH (SNP ABI, "ID_BLOCK", "ID_AUTH_INFO", "ECDSA Public
 * Key Format", "ECDSA Signature Format").
 *
 * The ID block (96 bytes) binds an expected launch digest and policy to a
 * family id, image id and guest SVN; it is signed with the ID key, whose
 * public part is in the ID_AUTH_INFO page; optionally the ID key is signed
 * by an author key, also given there.  Signatures are ECDSA P-384 over
 * SHA-384 of the signed bytes (the ID block; the ID key's 0x404-byte
 * public key structure), R and S little-endian in 72-byte fields.  Key
 * digests (ID_KEY_DIGEST, AUTHOR_KEY_DIGEST of the report) are SHA-384 of
 * the public key structure.  Verification uses drivers/swfw/ecc.c.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "fw.h"

/* Parse an ECDSA P-384 public key structure; false if malformed. */
static bool sevl_snp_pubkey(const struct sevl_snp_ecdsa_pubkey *k,
			    struct sevl_p384_key *key)
{
	if (k->curve != SEVL_SNP_CURVE_P384 ||
	    memchr_inv(k->qx + SEVL_P384_BYTES, 0,
		       sizeof(k->qx) - SEVL_P384_BYTES) ||
	    memchr_inv(k->qy + SEVL_P384_BYTES, 0,
		       sizeof(k->qy) - SEVL_P384_BYTES))
		return false;
	return !sevl_p384_pub_from_le(key, k->qx, k->qy);
}

/* Verify @sig over SHA-384(@data) with @key. */
static u16 sevl_snp_verify(const struct sevl_p384_key *key, const void *data,
			   size_t len, const struct sevl_snp_ecdsa_sig *sig)
{
	u8 digest[SHA384_DIGEST_SIZE];

	if (memchr_inv(sig->r + SEVL_P384_BYTES, 0,
		       sizeof(sig->r) - SEVL_P384_BYTES) ||
	    memchr_inv(sig->s + SEVL_P384_BYTES, 0,
		       sizeof(sig->s) - SEVL_P384_BYTES))
		return SEV_RET_BAD_SIGNATURE;
	if (sevl_sha384(data, len, digest))
		return SEV_RET_HWSEV_RET_PLATFORM;
	if (sevl_p384_verify(key, digest, sizeof(digest), sig->r, sig->s))
		return SEV_RET_BAD_SIGNATURE;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_snp_id_check() - check the ID block and its authentication
 * @fw: firmware
 * @g: the guest, in GSTATE_LAUNCH; changed only on success
 * @c: the SNP_LAUNCH_FINISH command buffer, with ID_BLOCK_EN
 *
 * In order: both structures readable (INVALID_ADDRESS); ID block VERSION 1,
 * key algorithms ECDSA P-384 with SHA-384 and keys valid P-384 points
 * (INVALID_PARAM); the ID block signed by the ID key, and with AUTH_KEY_EN
 * the ID key signed by the author key (BAD_SIGNATURE); the ID block's
 * launch digest equal to the guest's (BAD_MEASUREMENT) and its policy
 * equal to the guest's (POLICY_FAILURE).  On success the guest records the
 * family and image ids, the guest SVN and the key digests.
 *
 * Return: SEV status.
 */
u16 sevl_snp_id_check(struct sevl_fw *fw, struct sevl_snp_guest *g,
		      const struct sevl_snp_launch_finish *c)
{
	bool author = c->flags & SEVL_SNP_FINISH_AUTH_KEY_EN;
	struct sevl_snp_id_block blk;
	struct sevl_snp_id_auth *auth;
	struct sevl_p384_key id_key = {}, author_key = {};
	u8 id_digest[SHA384_DIGEST_SIZE], author_digest[SHA384_DIGEST_SIZE];
	u16 ret;

	auth = kmalloc(sizeof(*auth), GFP_KERNEL);
	if (!auth)
		return SEV_RET_RESOURCE_LIMIT;
	ret = sevl_fw_read(fw, c->id_block_paddr, &blk, sizeof(blk));
	if (!ret)
		ret = sevl_fw_read(fw, c->id_auth_paddr, auth, sizeof(*auth));
	if (ret)
		goto out;

	ret = SEV_RET_INVALID_PARAM;
	if (blk.version != SEVL_SNP_ID_BLOCK_VERSION ||
	    auth->id_key_algo != SEVL_SNP_ALGO_ECDSA_P384_SHA384 ||
	    !sevl_snp_pubkey(&auth->id_key, &id_key))
		goto out;
	if (author &&
	    (auth->author_key_algo != SEVL_SNP_ALGO_ECDSA_P384_SHA384 ||
	     !sevl_snp_pubkey(&auth->author_key, &author_key)))
		goto out;

	ret = sevl_snp_verify(&id_key, &blk, sizeof(blk), &auth->id_block_sig);
	if (!ret && author)
		ret = sevl_snp_verify(&author_key, &auth->id_key,
				      sizeof(auth->id_key), &auth->id_key_sig);
	if (ret)
		goto out;

	ret = SEV_RET_BAD_MEASUREMENT;
	if (memcmp(blk.ld, g->ld, sizeof(blk.ld)))
		goto out;
	ret = SEV_RET_POLICY_FAILURE;
	if (blk.policy != g->policy)
		goto out;

	ret = SEV_RET_HWSEV_RET_PLATFORM;
	memset(author_digest, 0, sizeof(author_digest));
	if (sevl_sha384(&auth->id_key, sizeof(auth->id_key), id_digest) ||
	    (author && sevl_sha384(&auth->author_key, sizeof(auth->author_key),
				   author_digest)))
		goto out;
	memcpy(g->family_id, blk.family_id, sizeof(g->family_id));
	memcpy(g->image_id, blk.image_id, sizeof(g->image_id));
	g->guest_svn = blk.guest_svn;
	memcpy(g->id_key_digest, id_digest, sizeof(id_digest));
	memcpy(g->author_key_digest, author_digest, sizeof(author_digest));
	g->id_block_en = true;
	g->author_key_en = author;
	ret = SEV_RET_SUCCESS;
out:
	sevl_p384_key_wipe(&id_key);
	sevl_p384_key_wipe(&author_key);
	kfree(auth);
	return ret;
}
