// SPDX-License-Identifier: GPL-2.0
/*
 * SEV-SNP guest messages: sealing and opening the AES-256-GCM messages of
 * SNP_GUEST_REQUEST (layout in snp_msg.h).  Both directions use the same
 * two functions: the firmware opens requests and seals responses, the
 * test hook (snp_debugfs.c) does the guest's half.
 */
#include <linux/kernel.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <crypto/aead.h>
#include <crypto/sha2.h>
#include <sev-launch/kunit.h>

#include "fw.h"
#include "snp.h"
#include "snp_msg.h"
#include "snp_report.h"

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

/* Bits of MSG_KEY_REQ ROOT_KEY_SELECT and GUEST_FIELD_SELECT. */
#define SEVL_SNP_KEY_ROOT_VMRK		BIT(0)
#define SEVL_SNP_KEY_SEL		GENMASK(2, 1)
#define SEVL_SNP_KEY_FIELD_POLICY	BIT_ULL(0)
#define SEVL_SNP_KEY_FIELD_IMAGE_ID	BIT_ULL(1)
#define SEVL_SNP_KEY_FIELD_FAMILY_ID	BIT_ULL(2)
#define SEVL_SNP_KEY_FIELD_MEASUREMENT	BIT_ULL(3)
#define SEVL_SNP_KEY_FIELD_GUEST_SVN	BIT_ULL(4)
#define SEVL_SNP_KEY_FIELD_TCB		BIT_ULL(5)
#define SEVL_SNP_KEY_FIELD_MASK		GENMASK_ULL(5, 0)

/* KEY_SEL values (MSG_REPORT_REQ version 2, MSG_KEY_REQ) */
#define SEVL_SNP_KEY_SEL_DEFAULT	0
#define SEVL_SNP_KEY_SEL_VCEK		1
#define SEVL_SNP_KEY_SEL_VLEK		2

#define SEVL_SNP_VMPL_MAX		3

static const char sevl_snp_derive_label[] =
	"sev-launch emulator SNP derived key root - not secure";

/*
 * Signing or root key choice: the model has no VLEK, so only the VCEK,
 * and not for a guest launched with VCEK_DISABLED.
 */
static u32 sevl_snp_key_sel_status(const struct sevl_snp_guest *g, u32 sel)
{
	if (sel == SEVL_SNP_KEY_SEL_VLEK)
		return SEVL_SNP_RSP_INVALID_KEY;
	if (sel > SEVL_SNP_KEY_SEL_VLEK)
		return SEVL_SNP_RSP_INVALID_PARAMS;
	if (g->vcek_disabled)
		return SEVL_SNP_RSP_INVALID_KEY;
	return SEVL_SNP_RSP_SUCCESS;
}

/* MSG_REPORT_REQ -> MSG_REPORT_RSP */
static int sevl_snp_msg_report(struct sevl_fw *fw,
			       const struct sevl_snp_guest *g, u8 vmpck_idx,
			       u8 version, const void *req, size_t len,
			       struct sevl_snp_report_rsp *rsp)
{
	const struct sevl_snp_report_req *rq = req;
	u32 vmpl, key_sel, status;
	int ret;

	memset(rsp, 0, sizeof(*rsp));
	if (len != sizeof(*rq)) {
		status = SEVL_SNP_RSP_INVALID_PARAMS;
		goto out;
	}
	vmpl = le32_to_cpu(rq->vmpl);
	key_sel = le32_to_cpu(rq->key_sel);
	if (vmpl < vmpck_idx || vmpl > SEVL_SNP_VMPL_MAX ||
	    memchr_inv(rq->rsvd, 0, sizeof(rq->rsvd)) ||
	    (version < 2 && key_sel) || (key_sel & ~SEVL_SNP_KEY_SEL_MASK)) {
		status = SEVL_SNP_RSP_INVALID_PARAMS;
		goto out;
	}
	status = sevl_snp_key_sel_status(g, key_sel);
	if (status)
		goto out;
	ret = sevl_snp_report_build(fw, g, vmpl, rq->report_data,
				    (struct sevl_snp_report *)rsp->report);
	if (ret)
		return ret;
	rsp->report_size = cpu_to_le32(sizeof(struct sevl_snp_report));
out:
	rsp->status = cpu_to_le32(status);
	return 0;
}

/* A component of @tcb above the same component of @max. */
static bool sevl_snp_tcb_above(u64 tcb, u64 max)
{
	int i;

	for (i = 0; i < 64; i += 8)
		if (((tcb >> i) & 0xff) > ((max >> i) & 0xff))
			return true;
	return false;
}

/*
 * The derived key: HMAC-SHA256 keyed with a chip root (SHA-256 of a
 * public label and CHIP_ID) over VMPL, GUEST_FIELD_SELECT and each
 * selected field, in the order of the GUEST_FIELD_SELECT bits.
 */
static int sevl_snp_derive(struct sevl_fw *fw, const struct sevl_snp_guest *g,
			   const struct sevl_snp_key_req *rq, u8 *key)
{
	u64 sel = le64_to_cpu(rq->guest_field_select);
	__le64 policy = cpu_to_le64(g->policy);
	struct sevl_kvec v[8];
	struct sha256_state st;
	u8 root[SHA256_DIGEST_SIZE];
	unsigned int n = 0;
	int ret;

	sha256_init(&st);
	sha256_update(&st, sevl_snp_derive_label,
		      sizeof(sevl_snp_derive_label) - 1);
	sha256_update(&st, fw->snp.chip_id, sizeof(fw->snp.chip_id));
	sha256_final(&st, root);

	v[n++] = (struct sevl_kvec){ &rq->vmpl, sizeof(rq->vmpl) };
	v[n++] = (struct sevl_kvec){ &rq->guest_field_select,
				     sizeof(rq->guest_field_select) };
	if (sel & SEVL_SNP_KEY_FIELD_POLICY)
		v[n++] = (struct sevl_kvec){ &policy, sizeof(policy) };
	if (sel & SEVL_SNP_KEY_FIELD_IMAGE_ID)
		v[n++] = (struct sevl_kvec){ g->image_id, sizeof(g->image_id) };
	if (sel & SEVL_SNP_KEY_FIELD_FAMILY_ID)
		v[n++] = (struct sevl_kvec){ g->family_id,
					     sizeof(g->family_id) };
	if (sel & SEVL_SNP_KEY_FIELD_MEASUREMENT)
		v[n++] = (struct sevl_kvec){ g->ld, sizeof(g->ld) };
	if (sel & SEVL_SNP_KEY_FIELD_GUEST_SVN)
		v[n++] = (struct sevl_kvec){ &rq->guest_svn,
					     sizeof(rq->guest_svn) };
	if (sel & SEVL_SNP_KEY_FIELD_TCB)
		v[n++] = (struct sevl_kvec){ &rq->tcb_version,
					     sizeof(rq->tcb_version) };
	ret = sevl_hmac_sha256(root, sizeof(root), v, n, key);
	memzero_explicit(root, sizeof(root));
	memzero_explicit(&st, sizeof(st));
	return ret;
}

/* MSG_KEY_REQ -> MSG_KEY_RSP */
static int sevl_snp_msg_key(struct sevl_fw *fw,
			    const struct sevl_snp_guest *g, u8 vmpck_idx,
			    const void *req, size_t len,
			    struct sevl_snp_key_rsp *rsp)
{
	const struct sevl_snp_key_req *rq = req;
	u32 root, vmpl, status;
	u64 sel;
	int ret;

	memset(rsp, 0, sizeof(*rsp));
	if (len != sizeof(*rq)) {
		status = SEVL_SNP_RSP_INVALID_PARAMS;
		goto out;
	}
	root = le32_to_cpu(rq->root_key_select);
	sel = le64_to_cpu(rq->guest_field_select);
	vmpl = le32_to_cpu(rq->vmpl);
	if ((root & ~(SEVL_SNP_KEY_ROOT_VMRK | SEVL_SNP_KEY_SEL)) || rq->rsvd ||
	    (sel & ~SEVL_SNP_KEY_FIELD_MASK) || vmpl < vmpck_idx ||
	    vmpl > SEVL_SNP_VMPL_MAX ||
	    ((sel & SEVL_SNP_KEY_FIELD_GUEST_SVN) &&
	     le32_to_cpu(rq->guest_svn) > g->guest_svn) ||
	    ((sel & SEVL_SNP_KEY_FIELD_TCB) &&
	     sevl_snp_tcb_above(le64_to_cpu(rq->tcb_version),
				fw->snp.committed_tcb))) {
		status = SEVL_SNP_RSP_INVALID_PARAMS;
		goto out;
	}
	/* No migration agent, hence no VMRK. */
	if (root & SEVL_SNP_KEY_ROOT_VMRK) {
		status = SEVL_SNP_RSP_INVALID_KEY;
		goto out;
	}
	status = sevl_snp_key_sel_status(g, FIELD_GET(SEVL_SNP_KEY_SEL, root));
	if (status)
		goto out;
	ret = sevl_snp_derive(fw, g, rq, rsp->key);
	if (ret)
		return ret;
out:
	rsp->status = cpu_to_le32(status);
	return 0;
}

static u16 sevl_snp_errno_status(int err)
{
	return err == -ENOMEM ? SEV_RET_RESOURCE_LIMIT :
				SEV_RET_HWSEV_RET_PLATFORM;
}

/**
 * struct sevl_snp_req_work - buffers of one SNP_GUEST_REQUEST
 * @page: the request, then the response message
 * @in: request payload
 * @out: response payload
 */
struct sevl_snp_req_work {
	u8 page[SEVL_SNP_MSG_PAGE];
	u8 in[SEVL_SNP_MSG_MAX_PAYLOAD];
	union {
		struct sevl_snp_report_rsp report;
		struct sevl_snp_key_rsp key;
	} out;
};

/*
 * Authenticate the request in @w->page, answer it into @w->page.
 * Returns a firmware status.
 */
static u16 sevl_snp_answer(struct sevl_fw *fw, struct sevl_snp_guest *g,
			   struct sevl_snp_req_work *w)
{
	const struct sevl_snp_msg_hdr *hdr = (const void *)w->page;
	u8 idx = hdr->msg_vmpck, type = hdr->msg_type;
	u8 version = hdr->msg_version;
	u64 seq = le64_to_cpu(hdr->msg_seqno);
	const u8 *key;
	size_t n, out_len;
	int ret;

	if (idx >= SEVL_SNP_NR_VMPCK)
		return SEV_RET_INVALID_PARAM;
	key = g->vmpck[idx];
	/* No SECRETS page, no VMPCK. */
	if (!memchr_inv(key, 0, SEVL_SNP_VMPCK_LEN))
		return SEV_RET_INVALID_PARAM;
	/* The response uses seq + 1: both must be representable. */
	if (seq >= U64_MAX - 1)
		return SEV_RET_AEAD_OFLOW;
	/* Exactly the next number: replays and skips are refused. */
	if (seq != g->msg_seq[idx] + 1)
		return SEV_RET_INVALID_PARAM;
	ret = sevl_snp_msg_open(key, w->page, w->in, sizeof(w->in), &n);
	if (ret == -EINVAL || ret == -EBADMSG || ret == -EMSGSIZE)
		return SEV_RET_INVALID_PARAM;
	if (ret)
		return sevl_snp_errno_status(ret);

	switch (type) {
	case SEVL_SNP_MSG_REPORT_REQ:
		if (version < 1 || version > 2)
			return SEV_RET_INVALID_PARAM;
		ret = sevl_snp_msg_report(fw, g, idx, version, w->in, n,
					  &w->out.report);
		out_len = sizeof(w->out.report);
		break;
	case SEVL_SNP_MSG_KEY_REQ:
		if (version != 1)
			return SEV_RET_INVALID_PARAM;
		ret = sevl_snp_msg_key(fw, g, idx, w->in, n, &w->out.key);
		out_len = sizeof(w->out.key);
		break;
	default:
		/* CPUID, EXPORT, IMPORT, ABSORB, VMRK: not modelled. */
		return SEV_RET_INVALID_PARAM;
	}
	if (!ret)
		ret = sevl_snp_msg_seal(key, w->page, seq + 1, type + 1, version,
					idx, &w->out, out_len);
	if (ret)
		return sevl_snp_errno_status(ret);
	g->msg_seq[idx] = seq + 1;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_snp_guest_request() - SNP_GUEST_REQUEST
 * @fw: firmware, lock held
 * @cmd: struct sevl_snp_guest_request
 *
 * The request page must be in the Hypervisor state and the response page
 * in the Firmware state (ABI spec; upstream KVM allocates the response
 * page with snp_alloc_firmware_page()), both 4 KiB aligned, the guest
 * RUNNING.  The message must use the VMPCK's next sequence number (one
 * above the last response's); the response carries the request's number
 * plus one.  Model choices, documented in Documentation/snp.rst: a
 * malformed or unauthentic message, a sequence number other than the next
 * one, an unsupported message type or version, and a VMPCK never written
 * to a SECRETS page give INVALID_PARAM; a sequence number that would wrap
 * gives AEAD_OFLOW.  Nothing is written and no state changes on failure.
 *
 * Return: a SEV status.
 */
u16 sevl_snp_guest_request(struct sevl_fw *fw, void *cmd)
{
	const struct sevl_snp_guest_request *c = cmd;
	struct sevl_snp_req_work *w;
	struct sevl_snp_guest *g;
	u16 st;

	if (fw->snp.state != SEVL_SNP_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	if (!IS_ALIGNED(c->req_paddr, SEVL_SNP_MSG_PAGE) ||
	    !IS_ALIGNED(c->res_paddr, SEVL_SNP_MSG_PAGE))
		return SEV_RET_INVALID_ADDRESS;
	g = sevl_snp_guest_find(fw, c->gctx_paddr);
	if (!g)
		return SEV_RET_INVALID_GUEST;
	if (g->state != SEVL_SNP_GSTATE_RUNNING)
		return SEV_RET_INVALID_GUEST_STATE;
	st = sevl_snp_rmp_check_state(fw, c->req_paddr, SEVL_SNP_MSG_PAGE,
				      SEVL_RMP_HYPERVISOR);
	if (!st)
		st = sevl_snp_rmp_check_state(fw, c->res_paddr,
					      SEVL_SNP_MSG_PAGE,
					      SEVL_RMP_FIRMWARE);
	if (st)
		return st;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return SEV_RET_RESOURCE_LIMIT;
	st = sevl_fw_read(fw, c->req_paddr, w->page, SEVL_SNP_MSG_PAGE);
	if (!st)
		st = sevl_snp_answer(fw, g, w);
	if (!st)
		st = sevl_fw_write(fw, c->res_paddr, w->page,
				   SEVL_SNP_MSG_PAGE);
	kfree_sensitive(w);
	return st;
}
