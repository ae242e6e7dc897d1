// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: SNP_GUEST_REQUEST in the software firmware: a guest with a
 * SECRETS page launched and finished on the fixture, then messages sealed
 * as its guest would seal them: MSG_REPORT_REQ (the report's fields and its
 * signature, checked with the kernel's ecdsa-nist-p384 verifier), replays
 * and skipped sequence numbers, wrong keys, MASK_CHIP_ID/KEY and
 * MSG_KEY_REQ.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "../../drivers/swfw/fw.h"
#include "../../drivers/swfw/snp_report.h"
#include "../../drivers/swfw/snp_msg.h"
#include "swfw_snp_fixture.h"
#include "swfw_snp_verify.h"

/*
 * SNP_GUEST_REQUEST on the firmware model (snpfw's fixture): a guest with
 * a SECRETS page launched and finished, then messages as its guest would
 * send them.
 */
#define T_GCTX		SNPT_GCTX
#define T_SECRETS	SNPT_GUEST
#define T_NORMAL	(SNPT_GUEST + SEVL_SNP_PAGE_SIZE)
#define T_REQ		SNPT_PAGE(10)
#define T_RSP		SNPT_PAGE(11)
#define T_ASID		1
#define T_PAGE_NORMAL	1
#define T_PAGE_SECRETS	5

/* Launch and finish a guest; skip when this firmware cannot yet. */
static struct sevl_snpt *t_guest(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_launch_finish lf = { .gctx_paddr = T_GCTX };
	int st;

	sevl_snpt_up(t);
	st = sevl_snpt_start(t, T_GCTX, sevl_snpt_policy());
	if (st == SEV_RET_INVALID_COMMAND)
		kunit_skip(test, "SNP_LAUNCH_START not in this firmware yet");
	KUNIT_ASSERT_EQ(test, st, SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_snpt_activate(t, T_GCTX, T_ASID), 0);
	memset(sevl_snpt_p(t, T_NORMAL), 0x3c, SEVL_SNP_PAGE_SIZE);
	sevl_snpt_assign(t, T_NORMAL, T_ASID, 0x0);
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, T_GCTX, T_NORMAL,
					       T_PAGE_NORMAL, 0), 0);
	sevl_snpt_assign(t, T_SECRETS, T_ASID, 0x1000);
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, T_GCTX, T_SECRETS,
					       T_PAGE_SECRETS, 0), 0);
	memset(lf.host_data, 0x77, sizeof(lf.host_data));
	KUNIT_ASSERT_EQ(test, SX(t, SNP_LAUNCH_FINISH, lf), 0);
	sevl_snpt_firmware(t, T_RSP);
	return t;
}

static struct sevl_snp_guest *t_g(struct sevl_snpt *t)
{
	struct sevl_snp_guest *g = sevl_snp_guest_find(t->fw, T_GCTX);

	KUNIT_ASSERT_NOT_NULL(t->test, g);
	return g;
}

/* Seal @payload into the request page with VMPCK @key_idx's key. */
static void t_seal(struct sevl_snpt *t, u8 key_idx, u8 hdr_idx, u64 seq,
		   u8 type, const void *payload, size_t len)
{
	KUNIT_ASSERT_EQ(t->test,
			sevl_snp_msg_seal(t_g(t)->vmpck[key_idx],
					  sevl_snpt_p(t, T_REQ), seq, type, 1,
					  hdr_idx, payload, len), 0);
}

static int t_request(struct sevl_snpt *t)
{
	struct sevl_snp_guest_request gr = {
		.gctx_paddr = T_GCTX, .req_paddr = T_REQ, .res_paddr = T_RSP,
	};

	return SX(t, SNP_GUEST_REQUEST, gr);
}

/* Open the response page with VMPCK @idx; its payload into @out. */
static void t_open(struct sevl_snpt *t, u8 idx, u64 want_seq, u8 want_type,
		   void *out, size_t len)
{
	const struct sevl_snp_msg_hdr *h = sevl_snpt_p(t, T_RSP);
	size_t n;

	KUNIT_ASSERT_EQ(t->test,
			sevl_snp_msg_open(t_g(t)->vmpck[idx],
					  sevl_snpt_p(t, T_RSP), out, len, &n),
			0);
	KUNIT_EXPECT_EQ(t->test, n, len);
	KUNIT_EXPECT_EQ(t->test, le64_to_cpu(h->msg_seqno), want_seq);
	KUNIT_EXPECT_EQ(t->test, h->msg_type, want_type);
	KUNIT_EXPECT_EQ(t->test, h->msg_vmpck, idx);
}

static void sevl_t_snp_req_report(struct kunit *test)
{
	struct sevl_snpt *t = t_guest(test);
	struct sevl_snp_report_req rq = { .vmpl = cpu_to_le32(2) };
	struct sevl_snp_report_rsp *rsp;
	const struct sevl_snp_report *r;
	struct sevl_snp_guest *g = t_g(t);
	struct sevl_p384_key vcek;
	u8 pub[97];

	rsp = kunit_kzalloc(test, sizeof(*rsp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rsp);
	r = (const void *)rsp->report;
	memset(rq.report_data, 0xe5, sizeof(rq.report_data));
	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 2, SEVL_SNP_MSG_REPORT_RSP, rsp, sizeof(*rsp));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp->status), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp->report_size), 0x4a0);

	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->version), 3);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->policy), sevl_snpt_policy());
	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->vmpl), 2);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->sig_algo), 1);
	KUNIT_EXPECT_MEMEQ(test, r->report_data, rq.report_data, 64);
	KUNIT_EXPECT_MEMEQ(test, r->measurement, g->ld, 48);
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(r->measurement, 0, 48));
	KUNIT_EXPECT_NULL(test, memchr_inv(r->host_data, 0x77, 32));
	KUNIT_EXPECT_MEMEQ(test, r->report_id, g->report_id, 32);
	KUNIT_EXPECT_MEMEQ(test, r->chip_id, t->fw->snp.chip_id, 64);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->reported_tcb),
			t->fw->snp.reported_tcb);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->current_tcb),
			t->fw->snp.current_tcb);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->committed_tcb),
			t->fw->snp.committed_tcb);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->launch_tcb), g->launch_tcb);
	KUNIT_EXPECT_EQ(test, r->current_major, t->fw->snp.api_major);
	KUNIT_EXPECT_EQ(test, r->current_minor, t->fw->snp.api_minor);
	KUNIT_EXPECT_EQ(test, r->cpuid_fam_id, 0x19);
	KUNIT_EXPECT_EQ(test, (le32_to_cpu(r->flags) >> 2) & 7, 0);

	/* signed by the VCEK of this chip and TCB: the kernel's verifier */
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_key(t->fw->snp.chip_id,
						t->fw->snp.reported_tcb,
						&vcek), 0);
	sevl_snpv_pub_of(&vcek, pub);
	sevl_p384_key_wipe(&vcek);
	KUNIT_EXPECT_EQ(test, sevl_snpv_report_sig(test, r, pub), 0);
	KUNIT_EXPECT_EQ(test, g->msg_seq[0], 2);
}

static void sevl_t_snp_req_replay(struct kunit *test)
{
	struct sevl_snpt *t = t_guest(test);
	struct sevl_snp_report_req rq = {};
	struct sevl_snp_report_rsp *rsp;
	u8 *saved;

	rsp = kunit_kzalloc(test, sizeof(*rsp), GFP_KERNEL);
	saved = kunit_kzalloc(test, SEVL_SNP_MSG_PAGE, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, rsp && saved);
	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	memcpy(saved, sevl_snpt_p(t, T_RSP), SEVL_SNP_MSG_PAGE);

	/* the same request again: refused, response page untouched */
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_MEMEQ(test, sevl_snpt_p(t, T_RSP), saved,
			   SEVL_SNP_MSG_PAGE);
	/* the response's own number, and a skipped one: refused */
	t_seal(t, 0, 0, 2, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
	t_seal(t, 0, 0, 5, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, t_g(t)->msg_seq[0], 2);
	/* the next one: answered with seq + 1 */
	t_seal(t, 0, 0, 3, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 4, SEVL_SNP_MSG_REPORT_RSP, rsp, sizeof(*rsp));
	/* other VMPCKs count on their own */
	t_seal(t, 1, 1, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	/* near the end of the number space: AEAD_OFLOW */
	t_g(t)->msg_seq[2] = U64_MAX - 2;
	t_seal(t, 2, 2, U64_MAX - 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_AEAD_OFLOW);
}

static void sevl_t_snp_req_wrong_key(struct kunit *test)
{
	struct sevl_snpt *t = t_guest(test);
	struct sevl_snp_page_reclaim rc = {};
	struct sevl_snp_report_req rq = {};
	struct sevl_snp_report_rsp *rsp;

	rsp = kunit_kzalloc(test, sizeof(*rsp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rsp);
	/* sealed with VMPCK1, header names VMPCK0 */
	t_seal(t, 1, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, t_g(t)->msg_seq[0], 0);
	/* a flipped ciphertext bit */
	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	((u8 *)sevl_snpt_p(t, T_REQ))[0x60] ^= 1;
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
	/* VMPCK3 may not ask for a VMPL 0 report */
	t_seal(t, 3, 3, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 3, 2, SEVL_SNP_MSG_REPORT_RSP, rsp, sizeof(*rsp));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp->status),
			SEVL_SNP_RSP_INVALID_PARAMS);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp->report_size), 0);
	/* response page not Firmware: INVALID_PAGE_STATE */
	rc.paddr = T_RSP;
	KUNIT_ASSERT_EQ(test, SX(t, SNP_PAGE_RECLAIM, rc), 0);
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_make_shared(t->fw, T_RSP, 1), 0);
	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PAGE_STATE);
}

static void sevl_t_snp_req_mask(struct kunit *test)
{
	struct sevl_snpt *t = t_guest(test);
	struct sevl_snp_config cfg = {
		.reported_tcb = t->fw->snp.reported_tcb,
		.flags = SEVL_SNP_CONFIG_MASK_CHIP_ID,
	};
	struct sevl_snp_report_req rq = {};
	struct sevl_snp_report_rsp *rsp;
	const struct sevl_snp_report *r;

	rsp = kunit_kzalloc(test, sizeof(*rsp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rsp);
	r = (const void *)rsp->report;
	KUNIT_ASSERT_EQ(test, SX(t, SNP_CONFIG, cfg), 0);
	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 2, SEVL_SNP_MSG_REPORT_RSP, rsp, sizeof(*rsp));
	KUNIT_EXPECT_NULL(test, memchr_inv(r->chip_id, 0, 64));
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(r->sig_r, 0, 48));

	cfg.flags = SEVL_SNP_CONFIG_MASK_CHIP_KEY;
	KUNIT_ASSERT_EQ(test, SX(t, SNP_CONFIG, cfg), 0);
	t_seal(t, 0, 0, 3, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 4, SEVL_SNP_MSG_REPORT_RSP, rsp, sizeof(*rsp));
	KUNIT_EXPECT_MEMEQ(test, r->chip_id, t->fw->snp.chip_id, 64);
	KUNIT_EXPECT_NULL(test, memchr_inv(r->sig_r, 0, 72));
	KUNIT_EXPECT_EQ(test, (le32_to_cpu(r->flags) >> 2) & 7, 7);
	KUNIT_EXPECT_TRUE(test, le32_to_cpu(r->flags) & BIT(1));
}

static void sevl_t_snp_req_key(struct kunit *test)
{
	struct sevl_snpt *t = t_guest(test);
	struct sevl_snp_key_req kq = {
		.guest_field_select = cpu_to_le64(BIT(3)),	/* measurement */
	};
	struct sevl_snp_key_rsp k1, k2;

	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_KEY_REQ, &kq, sizeof(kq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 2, SEVL_SNP_MSG_KEY_RSP, &k1, sizeof(k1));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(k1.status), 0);
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(k1.key, 0, 32));
	/* same selection, same key */
	t_seal(t, 0, 0, 3, SEVL_SNP_MSG_KEY_REQ, &kq, sizeof(kq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 4, SEVL_SNP_MSG_KEY_RSP, &k2, sizeof(k2));
	KUNIT_EXPECT_MEMEQ(test, k1.key, k2.key, 32);
	/* another VMPL, another key */
	kq.vmpl = cpu_to_le32(1);
	t_seal(t, 0, 0, 5, SEVL_SNP_MSG_KEY_REQ, &kq, sizeof(kq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 6, SEVL_SNP_MSG_KEY_RSP, &k2, sizeof(k2));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(k2.status), 0);
	KUNIT_EXPECT_MEMNEQ(test, k1.key, k2.key, 32);
	/* a GUEST_SVN above the guest's, a VLEK: refused in the response */
	kq.guest_field_select = cpu_to_le64(BIT(4));
	kq.guest_svn = cpu_to_le32(t_g(t)->guest_svn + 1);
	t_seal(t, 0, 0, 7, SEVL_SNP_MSG_KEY_REQ, &kq, sizeof(kq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 8, SEVL_SNP_MSG_KEY_RSP, &k2, sizeof(k2));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(k2.status),
			SEVL_SNP_RSP_INVALID_PARAMS);
	KUNIT_EXPECT_NULL(test, memchr_inv(k2.key, 0, 32));
	kq.guest_field_select = 0;
	kq.root_key_select = cpu_to_le32(2 << 1);
	t_seal(t, 0, 0, 9, SEVL_SNP_MSG_KEY_REQ, &kq, sizeof(kq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 10, SEVL_SNP_MSG_KEY_RSP, &k2, sizeof(k2));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(k2.status), SEVL_SNP_RSP_INVALID_KEY);
	/* an unsupported message type */
	t_seal(t, 0, 0, 11, 1, &kq, sizeof(kq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
}

static struct kunit_case sevl_snp_req_cases[] = {
	KUNIT_CASE(sevl_t_snp_req_report),
	KUNIT_CASE(sevl_t_snp_req_replay),
	KUNIT_CASE(sevl_t_snp_req_wrong_key),
	KUNIT_CASE(sevl_t_snp_req_mask),
	KUNIT_CASE(sevl_t_snp_req_key),
	{}
};

static struct kunit_suite sevl_snp_req_suite = {
	.name = "sev-launch-swfw-snp-guest-request",
	.init = sevl_snpt_init,
	.exit = sevl_snpt_exit,
	.test_cases = sevl_snp_req_cases,
};

kunit_test_suite(sevl_snp_req_suite);
