// SPDX-License-Identifier: GPL-2.0
/*
 * SEV-SNP guest messages: sealing and opening the AES-256-GCM messages of
 * SNP_GUEST_REQUEST (layout in snp_msg.h).  Both directions use the same
 * two functions: the firmware opens requests and seals responses, the
 * test hook (snp_debugfs.c) does the guest's half.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/aead.h>
#include <sev-launch/kunit.h>

#include "snp_msg.h"

/*
 * AES-256-GCM in place over @buf = AAD (SEVL_SNP_MSG_AAD_LEN) || text (@n)
 * || tag (16); @buf must be kmalloc'ed.  Encryption fills the tag,
 * decryption checks it (-EBADMSG on mismatch).
 */
static int sevl_snp_gcm(const u8 *key, u64 seqno, u8 *buf, size_t n,
			bool enc)
{
	struct crypto_aead *tfm;
	struct aead_request *req;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	__le64 seq = cpu_to_le64(seqno);
	u8 iv[12] = {};
	int ret;

	tfm = crypto_alloc_aead("gcm(aes)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = crypto_aead_setkey(tfm, key, SEVL_SNP_VMPCK_LEN);
	if (!ret)
		ret = crypto_aead_setauthsize(tfm, SEVL_SNP_MSG_TAG_LEN);
	if (ret)
		goto out_tfm;
	req = aead_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		ret = -ENOMEM;
		goto out_tfm;
	}
	memcpy(iv, &seq, sizeof(seq));
	sg_init_one(&sg, buf, SEVL_SNP_MSG_AAD_LEN + n + SEVL_SNP_MSG_TAG_LEN);
	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
				  crypto_req_done, &wait);
	aead_request_set_ad(req, SEVL_SNP_MSG_AAD_LEN);
	aead_request_set_crypt(req, &sg, &sg,
			       enc ? n : n + SEVL_SNP_MSG_TAG_LEN, iv);
	ret = crypto_wait_req(enc ? crypto_aead_encrypt(req) :
				    crypto_aead_decrypt(req), &wait);
	aead_request_free(req);
out_tfm:
	crypto_free_aead(tfm);
	return ret;
}

/**
 * sevl_snp_msg_seal() - build an encrypted guest message
 * @vmpck: the 32-byte VMPCK
 * @page: SEVL_SNP_MSG_PAGE bytes, receives header, ciphertext and zeroes
 * @seqno: message sequence number (non-zero)
 * @type: MSG_TYPE
 * @version: MSG_VERSION
 * @vmpck_idx: MSG_VMPCK, 0-3
 * @payload: plaintext payload
 * @len: its size, at most SEVL_SNP_MSG_MAX_PAYLOAD
 *
 * Context: process context (allocates).
 * Return: 0 or a negative errno.
 */
int sevl_snp_msg_seal(const u8 *vmpck, u8 *page, u64 seqno, u8 type,
		      u8 version, u8 vmpck_idx, const void *payload,
		      size_t len)
{
	struct sevl_snp_msg_hdr *hdr = (struct sevl_snp_msg_hdr *)page;
	u8 *buf;
	int ret;

	if (len > SEVL_SNP_MSG_MAX_PAYLOAD || vmpck_idx >= SEVL_SNP_NR_VMPCK)
		return -EINVAL;
	buf = kzalloc(SEVL_SNP_MSG_AAD_LEN + len + SEVL_SNP_MSG_TAG_LEN,
		      GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	memset(page, 0, SEVL_SNP_MSG_PAGE);
	hdr->msg_seqno = cpu_to_le64(seqno);
	hdr->algo = SEVL_SNP_AEAD_AES_256_GCM;
	hdr->hdr_version = SEVL_SNP_MSG_HDR_VERSION;
	hdr->hdr_sz = cpu_to_le16(SEVL_SNP_MSG_HDR_SIZE);
	hdr->msg_type = type;
	hdr->msg_version = version;
	hdr->msg_sz = cpu_to_le16(len);
	hdr->msg_vmpck = vmpck_idx;

	memcpy(buf, page + SEVL_SNP_MSG_AAD_OFF, SEVL_SNP_MSG_AAD_LEN);
	memcpy(buf + SEVL_SNP_MSG_AAD_LEN, payload, len);
	ret = sevl_snp_gcm(vmpck, seqno, buf, len, true);
	if (!ret) {
		memcpy(page + SEVL_SNP_MSG_HDR_SIZE,
		       buf + SEVL_SNP_MSG_AAD_LEN, len);
		memcpy(hdr->authtag, buf + SEVL_SNP_MSG_AAD_LEN + len,
		       SEVL_SNP_MSG_TAG_LEN);
	} else {
		memset(page, 0, SEVL_SNP_MSG_PAGE);
	}
	kfree_sensitive(buf);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_msg_seal);

/**
 * sevl_snp_msg_open() - authenticate and decrypt a guest message
 * @vmpck: the 32-byte VMPCK named by the header's MSG_VMPCK
 * @page: SEVL_SNP_MSG_PAGE bytes holding the message
 * @payload: receives the plaintext
 * @cap: size of @payload
 * @len: receives the payload size
 *
 * Checks the header's format fields (ALGO, HDR_VERSION, HDR_SIZE, MSG_SZ,
 * reserved fields zero) before the tag; sequence numbers are the caller's
 * business.  Nothing is written to @payload unless the tag is valid.
 *
 * Context: process context (allocates).
 * Return: 0; -EINVAL for a malformed header, -EMSGSIZE if the payload does
 * not fit in @cap, -EBADMSG if authentication fails, or another errno.
 */
int sevl_snp_msg_open(const u8 *vmpck, const u8 *page, void *payload,
		      size_t cap, size_t *len)
{
	const struct sevl_snp_msg_hdr *hdr = (const void *)page;
	size_t n = le16_to_cpu(hdr->msg_sz);
	u8 *buf;
	int ret;

	if (hdr->algo != SEVL_SNP_AEAD_AES_256_GCM ||
	    hdr->hdr_version != SEVL_SNP_MSG_HDR_VERSION ||
	    le16_to_cpu(hdr->hdr_sz) != SEVL_SNP_MSG_HDR_SIZE ||
	    hdr->msg_vmpck >= SEVL_SNP_NR_VMPCK ||
	    n > SEVL_SNP_MSG_MAX_PAYLOAD ||
	    memchr_inv(hdr->authtag + SEVL_SNP_MSG_TAG_LEN, 0,
		       sizeof(hdr->authtag) - SEVL_SNP_MSG_TAG_LEN) ||
	    memchr_inv(hdr->rsvd1, 0, sizeof(hdr->rsvd1)) || hdr->rsvd2 ||
	    memchr_inv(hdr->rsvd3, 0, sizeof(hdr->rsvd3)))
		return -EINVAL;
	if (n > cap)
		return -EMSGSIZE;
	buf = kmalloc(SEVL_SNP_MSG_AAD_LEN + n + SEVL_SNP_MSG_TAG_LEN,
		      GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, page + SEVL_SNP_MSG_AAD_OFF, SEVL_SNP_MSG_AAD_LEN);
	memcpy(buf + SEVL_SNP_MSG_AAD_LEN, page + SEVL_SNP_MSG_HDR_SIZE, n);
	memcpy(buf + SEVL_SNP_MSG_AAD_LEN + n, hdr->authtag,
	       SEVL_SNP_MSG_TAG_LEN);
	ret = sevl_snp_gcm(vmpck, le64_to_cpu(hdr->msg_seqno), buf, n, false);
	if (!ret) {
		memcpy(payload, buf + SEVL_SNP_MSG_AAD_LEN, n);
		*len = n;
	}
	kfree_sensitive(buf);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_msg_open);
