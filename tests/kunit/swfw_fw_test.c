// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: command semantics of the software SEV firmware, driven through
 * sevl_fw_execute() with a fake physical memory: platform state machine,
 * platform certificates and ownership, guest and ASID management, policy
 * checks.  The launch commands are in swfw_fw_launch_test.c.
 *
 * The fake memory is a vmalloc'd array that appears at physical address
 * SEVL_T_BASE, so address 0 (and anything outside the array) is invalid.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/sev-launch.h>

#include "swfw_fw_test.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

static int sevl_fwt_rd(void *ctx, u64 pa, void *buf, size_t len)
{
	struct sevl_fwt *t = ctx;

	if (pa < SEVL_T_BASE || pa - SEVL_T_BASE > SEVL_T_SIZE ||
	    len > SEVL_T_SIZE - (pa - SEVL_T_BASE))
		return -EFAULT;
	memcpy(buf, t->mem + (pa - SEVL_T_BASE), len);
	return 0;
}

static int sevl_fwt_wr(void *ctx, u64 pa, const void *buf, size_t len)
{
	struct sevl_fwt *t = ctx;

	if (pa < SEVL_T_BASE || pa - SEVL_T_BASE > SEVL_T_SIZE ||
	    len > SEVL_T_SIZE - (pa - SEVL_T_BASE))
		return -EFAULT;
	memcpy(t->mem + (pa - SEVL_T_BASE), buf, len);
	return 0;
}

static const struct sevl_fw_mem_ops sevl_fwt_mem_ops = {
	.read = sevl_fwt_rd,
	.write = sevl_fwt_wr,
};

/**
 * sevl_fwt_p() - pointer into the fake memory
 * @t: fixture
 * @pa: physical address inside the fake memory
 *
 * Return: the kernel address backing @pa.
 */
void *sevl_fwt_p(struct sevl_fwt *t, u64 pa)
{
	return t->mem + (pa - SEVL_T_BASE);
}

/**
 * sevl_fwt_init() - suite init: fake memory and a firmware in UNINIT
 * @test: the test
 *
 * Return: 0.
 */
int sevl_fwt_init(struct kunit *test)
{
	struct sevl_fw_params p = {
		.api_major = T_API_MAJOR, .api_minor = T_API_MINOR,
		.build = T_BUILD, .nr_asids = T_NR_ASIDS,
		.min_sev_asid = T_MIN_SEV_ASID, .max_guests = 4,
		.mem = &sevl_fwt_mem_ops,
	};
	struct sevl_fwt *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->mem = vzalloc(SEVL_T_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, t->mem);
	p.mem_ctx = t;
	t->fw = sevl_fw_create(&p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->fw));
	test->priv = t;
	return 0;
}

/**
 * sevl_fwt_exit() - suite exit: destroy the firmware and the memory
 * @test: the test
 */
void sevl_fwt_exit(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;

	sevl_fw_destroy(t->fw);
	vfree(t->mem);
}

/**
 * sevl_fwt_x() - run a command with @buf as its command buffer
 * @t: fixture; its @exec hook, if set, issues the command
 * @cmd: command id
 * @buf: command buffer; receives the buffer as the firmware left it
 * @len: its length
 *
 * Return: the SEV status.
 */
int sevl_fwt_x(struct sevl_fwt *t, u32 cmd, void *buf, size_t len)
{
	int ret;

	if (t->exec)
		return t->exec(t, cmd, buf, len);
	memcpy(sevl_fwt_p(t, T_CMD), buf, len);
	ret = sevl_fw_execute(t->fw, cmd, T_CMD);
	memcpy(buf, sevl_fwt_p(t, T_CMD), len);
	return ret;
}

/**
 * sevl_fwt_status() - PLATFORM_STATUS, expected to succeed
 * @t: fixture
 *
 * Return: the status.
 */
struct sevl_fw_platform_status sevl_fwt_status(struct sevl_fwt *t)
{
	struct sevl_fw_platform_status st = {};

	KUNIT_EXPECT_EQ(t->test, X(t, PLATFORM_STATUS, st), SEV_RET_SUCCESS);
	return st;
}

/**
 * sevl_fwt_up() - INIT (with @flags) and DF_FLUSH, both must succeed
 * @t: fixture
 * @flags: INIT flags
 */
void sevl_fwt_up(struct sevl_fwt *t, u32 flags)
{
	struct sevl_fw_init in = { .flags = flags };

	if (flags) {
		/* The TMR is never accessed; it may lie outside the fake memory. */
		in.tmr_address = 0x200000000ULL;
		in.tmr_len = 0x100000;
	}
	KUNIT_ASSERT_EQ(t->test, X(t, INIT, in), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(t->test, X0(t, DF_FLUSH), SEV_RET_SUCCESS);
}

/**
 * sevl_fwt_start() - LAUNCH_START without a session
 * @t: fixture
 * @policy: guest policy
 * @want: expected status
 *
 * Return: the handle written back.
 */
u32 sevl_fwt_start(struct sevl_fwt *t, u32 policy, int want)
{
	struct sevl_fw_launch_start ls = { .policy = policy };

	KUNIT_EXPECT_EQ(t->test, X(t, LAUNCH_START, ls), want);
	return ls.handle;
}

/**
 * sevl_fwt_activate() - ACTIVATE
 * @t: fixture
 * @handle: guest
 * @asid: ASID
 *
 * Return: the SEV status.
 */
int sevl_fwt_activate(struct sevl_fwt *t, u32 handle, u32 asid)
{
	struct sevl_fw_activate a = { .handle = handle, .asid = asid };

	return X(t, ACTIVATE, a);
}

/**
 * sevl_fwt_handle_cmd() - a command whose buffer is just a handle
 * @t: fixture
 * @cmd: command id
 * @handle: guest
 *
 * Return: the SEV status.
 */
int sevl_fwt_handle_cmd(struct sevl_fwt *t, u32 cmd, u32 handle)
{
	struct sevl_fw_handle h = { .handle = handle };

	return sevl_fwt_x(t, cmd, &h, sizeof(h));
}

/**
 * sevl_fwt_update() - LAUNCH_UPDATE_DATA or LAUNCH_UPDATE_VMSA
 * @t: fixture
 * @cmd: command id
 * @handle: guest
 * @pa: address
 * @len: length
 *
 * Return: the SEV status.
 */
int sevl_fwt_update(struct sevl_fwt *t, u32 cmd, u32 handle, u64 pa,
		    u32 len)
{
	struct sevl_fw_launch_update u = {
		.handle = handle, .address = pa, .len = len,
	};

	return sevl_fwt_x(t, cmd, &u, sizeof(u));
}

/**
 * sevl_fwt_dbg() - DBG_DECRYPT or DBG_ENCRYPT
 * @t: fixture
 * @cmd: command id
 * @handle: guest
 * @src: source address
 * @dst: destination address
 * @len: length
 *
 * Return: the SEV status.
 */
int sevl_fwt_dbg(struct sevl_fwt *t, u32 cmd, u32 handle, u64 src,
		 u64 dst, u32 len)
{
	struct sevl_fw_dbg d = {
		.handle = handle, .src_addr = src, .dst_addr = dst, .len = len,
	};

	return sevl_fwt_x(t, cmd, &d, sizeof(d));
}

/**
 * sevl_fwt_measure() - LAUNCH_MEASURE into T_OUT
 * @t: fixture
 * @handle: guest
 * @out48: receives MEASURE || MNONCE
 *
 * Return: the SEV status.
 */
int sevl_fwt_measure(struct sevl_fwt *t, u32 handle, u8 *out48)
{
	struct sevl_fw_launch_measure m = {
		.handle = handle, .address = T_OUT, .len = SEVL_MEASURE_SIZE,
	};
	int ret = X(t, LAUNCH_MEASURE, m);

	memcpy(out48, sevl_fwt_p(t, T_OUT), SEVL_MEASURE_SIZE);
	return ret;
}

/**
 * sevl_fwt_gstate() - GUEST_STATUS, expected to succeed
 * @t: fixture
 * @handle: guest
 *
 * Return: the guest state.
 */
u8 sevl_fwt_gstate(struct sevl_fwt *t, u32 handle)
{
	struct sevl_fw_guest_status gs = { .handle = handle };

	KUNIT_EXPECT_EQ(t->test, X(t, GUEST_STATUS, gs), SEV_RET_SUCCESS);
	return gs.state;
}

/**
 * sevl_fwt_fill() - fill a buffer with a pattern
 * @p: buffer
 * @len: length
 * @seed: pattern seed
 */
void sevl_fwt_fill(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
}

/**
 * sevl_fwt_oca_sign() - a fresh OCA, and the PEK signed with its key
 * @t: fixture
 * @oca: where the OCA certificate is written
 * @pek: the PEK certificate (from PEK_CSR) to sign
 * @key: the new OCA key; the caller wipes it
 *
 * The OCA is self-signed, as PEK_CERT_IMPORT wants it; any failure ends
 * the test.
 */
void sevl_fwt_oca_sign(struct sevl_fwt *t, struct sevl_cert *oca,
		       struct sevl_cert *pek, struct sevl_p384_key *key)
{
	struct kunit *test = t->test;

	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(key), 0);
	KUNIT_ASSERT_EQ(test, sevl_cert_init(oca, SEVL_USAGE_OCA,
					     SEVL_ALGO_ECDSA_SHA256, key, 0, 0),
			0);
	KUNIT_ASSERT_EQ(test, sevl_cert_sign(oca, 0, SEVL_USAGE_OCA,
					     SEVL_ALGO_ECDSA_SHA384, key), 0);
	KUNIT_ASSERT_EQ(test, sevl_cert_sign(pek, 0, SEVL_USAGE_OCA,
					     SEVL_ALGO_ECDSA_SHA384, key), 0);
}

/* Platform state machine and the commands that work in every state. */
static void sevl_fwt_platform(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_fw_init in = {};
	struct sevl_fw_init_ex ix = { .length = sizeof(ix) };
	struct sevl_fw_platform_status st;

	st = sevl_fwt_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, st.api_major, T_API_MAJOR);
	KUNIT_EXPECT_EQ(test, st.api_minor, T_API_MINOR);
	KUNIT_EXPECT_EQ(test, st.build, T_BUILD);

	KUNIT_EXPECT_EQ(test, X0(t, PEK_GEN), SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, X0(t, PDH_GEN), SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, X0(t, DF_FLUSH), SEV_RET_INVALID_PLATFORM_STATE);
	sevl_fwt_start(t, 0, SEV_RET_INVALID_PLATFORM_STATE);

	/* Bad buffers and commands. */
	KUNIT_EXPECT_EQ(test, sevl_fw_execute(t->fw, SEVL_CMD_INIT, 0),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_fw_execute(t->fw, SEVL_CMD_INIT,
					      SEVL_T_BASE + SEVL_T_SIZE - 4),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_fw_execute(t->fw, SEVL_CMD_INIT, ~0ULL),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_fw_execute(t->fw, 0x7ff, T_CMD),
			SEV_RET_INVALID_COMMAND);
	KUNIT_EXPECT_EQ(test, sevl_fw_execute(t->fw, 0x40, T_CMD),
			SEV_RET_INVALID_COMMAND);

	in.flags = 2;
	KUNIT_EXPECT_EQ(test, X(t, INIT, in), SEV_RET_INVALID_CONFIG);
	in.flags = SEVL_INIT_FLAGS_ES;
	in.tmr_address = 0x200000000ULL + 0x1000;
	in.tmr_len = 0x100000;
	KUNIT_EXPECT_EQ(test, X(t, INIT, in), SEV_RET_INVALID_ADDRESS);
	in.tmr_address = 0x200000000ULL;
	in.tmr_len = 0x1000;
	KUNIT_EXPECT_EQ(test, X(t, INIT, in), SEV_RET_INVALID_LEN);
	memset(&in, 0, sizeof(in));
	KUNIT_EXPECT_EQ(test, X(t, INIT, in), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, X(t, INIT, in), SEV_RET_INVALID_PLATFORM_STATE);
	st = sevl_fwt_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_INIT);
	KUNIT_EXPECT_EQ(test, st.flags, 0);
	KUNIT_EXPECT_EQ(test, X0(t, FACTORY_RESET),
			SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, X0(t, PDH_GEN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, X0(t, PEK_GEN), SEV_RET_SUCCESS);

	KUNIT_EXPECT_EQ(test, X0(t, SHUTDOWN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).state, SEVL_PSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, X0(t, SHUTDOWN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, X0(t, FACTORY_RESET), SEV_RET_SUCCESS);

	ix.length = 32;
	KUNIT_EXPECT_EQ(test, X(t, INIT_EX, ix), SEV_RET_INVALID_LEN);
	ix.length = sizeof(ix);
	ix.nv_address = T_BLOB + 8;
	ix.nv_len = 0x8000;
	KUNIT_EXPECT_EQ(test, X(t, INIT_EX, ix), SEV_RET_INVALID_ADDRESS);
	ix.nv_address = T_BLOB;
	ix.nv_len = 0x1000;
	KUNIT_EXPECT_EQ(test, X(t, INIT_EX, ix), SEV_RET_INVALID_LEN);
	ix.nv_len = 0x8000;
	ix.flags = SEVL_INIT_FLAGS_ES;
	ix.tmr_address = 0x200000000ULL;
	ix.tmr_len = 0x100000;
	KUNIT_EXPECT_EQ(test, X(t, INIT_EX, ix), SEV_RET_SUCCESS);
	st = sevl_fwt_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_INIT);
	KUNIT_EXPECT_EQ(test, st.flags, SEVL_PSTATUS_CONFIG_ES);
	KUNIT_EXPECT_EQ(test, st.guest_count, 0);

	/* WORKING while a guest exists; PEK_GEN only in INIT. */
	sevl_fwt_start(t, 0, SEV_RET_SUCCESS);
	st = sevl_fwt_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_WORKING);
	KUNIT_EXPECT_EQ(test, st.guest_count, 1);
	KUNIT_EXPECT_EQ(test, X0(t, PEK_GEN), SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, X0(t, PDH_GEN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DECOMMISSION, 1),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).state, SEVL_PSTATE_INIT);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DECOMMISSION, 1),
			SEV_RET_INVALID_PLATFORM_STATE);

	/* SHUTDOWN forgets guests. */
	sevl_fwt_start(t, 0, SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, X0(t, SHUTDOWN), SEV_RET_SUCCESS);
	sevl_fwt_up(t, 0);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).guest_count, 0);
}

/* PEK_CSR, PDH_CERT_EXPORT and GET_ID: probing and the exported chain. */
static void sevl_fwt_certs(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_fw_addr_len al = {};
	struct sevl_fw_pdh_cert_export ex = {};
	struct sevl_cert *pdh, *chain, *csr, *ask;
	u8 id[128];

	ask = kunit_kzalloc(test, sizeof(*ask), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ask);

	al.len = 100;
	KUNIT_EXPECT_EQ(test, X(t, GET_ID, al), SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, al.len, 128);
	al.address = T_OUT;
	KUNIT_EXPECT_EQ(test, X(t, GET_ID, al), SEV_RET_SUCCESS);
	memcpy(id, sevl_fwt_p(t, T_OUT), sizeof(id));
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(id, 0, 64));
	al.address = 0;
	KUNIT_EXPECT_EQ(test, X(t, GET_ID, al), SEV_RET_INVALID_ADDRESS);

	KUNIT_EXPECT_EQ(test, X(t, PEK_CSR, al),
			SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, X(t, PDH_CERT_EXPORT, ex),
			SEV_RET_INVALID_PLATFORM_STATE);
	sevl_fwt_up(t, 0);

	al.address = 0;
	al.len = 0;
	KUNIT_EXPECT_EQ(test, X(t, PEK_CSR, al), SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, al.len, SEVL_CERT_SIZE);
	KUNIT_EXPECT_EQ(test, X(t, PEK_CSR, al), SEV_RET_INVALID_ADDRESS);
	al.address = T_BLOB2;
	KUNIT_EXPECT_EQ(test, X(t, PEK_CSR, al), SEV_RET_SUCCESS);
	csr = sevl_fwt_p(t, T_BLOB2);

	KUNIT_EXPECT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, ex.pdh_cert_len, SEVL_CERT_SIZE);
	KUNIT_EXPECT_EQ(test, ex.cert_chain_len, 3 * SEVL_CERT_SIZE);
	ex.pdh_cert_address = T_OUT;
	ex.cert_chain_address = T_BLOB;
	ex.cert_chain_len = 100;
	KUNIT_EXPECT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_INVALID_LEN);
	ex.cert_chain_len = 3 * SEVL_CERT_SIZE;
	KUNIT_EXPECT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	pdh = sevl_fwt_p(t, T_OUT);
	chain = sevl_fwt_p(t, T_BLOB);

	KUNIT_EXPECT_EQ(test, sevl_cert_check(pdh, SEVL_USAGE_PDH,
					      SEVL_ALGO_ECDH_SHA256), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_check(&chain[0], SEVL_USAGE_PEK,
					      SEVL_ALGO_ECDSA_SHA256), 0);
	KUNIT_EXPECT_EQ(test, chain[0].api_major, T_API_MAJOR);
	KUNIT_EXPECT_EQ(test, chain[0].api_minor, T_API_MINOR);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pdh, &chain[0]), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(&chain[0], &chain[1]), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(&chain[0], &chain[2]), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(&chain[1], &chain[1]), 0);
	KUNIT_ASSERT_EQ(test, sevl_emu_ask_cert(ask), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(&chain[2], ask), 0);
	/* The CSR is the PEK certificate without signatures. */
	KUNIT_EXPECT_MEMEQ(test, csr, &chain[0], SEVL_CERT_SIGNED_LEN);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(csr->sig[0].usage), SEVL_USAGE_NONE);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(csr->sig[1].usage), SEVL_USAGE_NONE);
}

/* PEK_CERT_IMPORT: an owner's OCA takes over the platform. */
static void sevl_fwt_import(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_fw_addr_len al = { .address = T_BLOB, .len = 4096 };
	struct sevl_fw_pek_cert_import im = {
		.pek_cert_address = T_BLOB, .pek_cert_len = SEVL_CERT_SIZE,
		.oca_cert_address = T_BLOB2, .oca_cert_len = SEVL_CERT_SIZE,
	};
	struct sevl_fw_pdh_cert_export ex = {
		.pdh_cert_address = T_OUT, .pdh_cert_len = SEVL_CERT_SIZE,
		.cert_chain_address = T_OUT + 0x1000,
		.cert_chain_len = 3 * SEVL_CERT_SIZE,
	};
	struct sevl_cert *pek = sevl_fwt_p(t, T_BLOB);
	struct sevl_cert *oca = sevl_fwt_p(t, T_BLOB2);
	struct sevl_cert *chain = sevl_fwt_p(t, T_OUT + 0x1000);
	struct sevl_cert *good_pek, *old_pdh;
	struct sevl_p384_key key;

	good_pek = kunit_kzalloc(test, 2 * sizeof(*good_pek), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, good_pek);
	old_pdh = good_pek + 1;

	KUNIT_EXPECT_EQ(test, X(t, PEK_CERT_IMPORT, im),
			SEV_RET_INVALID_PLATFORM_STATE);
	sevl_fwt_up(t, 0);
	KUNIT_ASSERT_EQ(test, X(t, PEK_CSR, al), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	memcpy(old_pdh, sevl_fwt_p(t, T_OUT), sizeof(*old_pdh));

	sevl_fwt_oca_sign(t, oca, pek, &key);
	memcpy(good_pek, pek, sizeof(*good_pek));

	im.pek_cert_len = 2000;
	KUNIT_EXPECT_EQ(test, X(t, PEK_CERT_IMPORT, im), SEV_RET_INVALID_LEN);
	im.pek_cert_len = SEVL_CERT_SIZE;
	/* Corrupt signature. */
	pek->sig[0].ecdsa.r[3] ^= 1;
	KUNIT_EXPECT_EQ(test, X(t, PEK_CERT_IMPORT, im),
			SEV_RET_BAD_SIGNATURE);
	/* A PEK certificate for some other key. */
	memcpy(pek, good_pek, sizeof(*pek));
	pek->api_minor ^= 1;
	KUNIT_ASSERT_EQ(test, sevl_cert_sign(pek, 0, SEVL_USAGE_OCA,
					     SEVL_ALGO_ECDSA_SHA384, &key), 0);
	KUNIT_EXPECT_EQ(test, X(t, PEK_CERT_IMPORT, im),
			SEV_RET_INVALID_CERTIFICATE);
	/* An OCA that is not an OCA. */
	memcpy(pek, good_pek, sizeof(*pek));
	oca->pub_key_usage = cpu_to_le32(SEVL_USAGE_PEK);
	KUNIT_EXPECT_EQ(test, X(t, PEK_CERT_IMPORT, im),
			SEV_RET_INVALID_CERTIFICATE);
	oca->pub_key_usage = cpu_to_le32(SEVL_USAGE_OCA);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).flags, 0);

	KUNIT_EXPECT_EQ(test, X(t, PEK_CERT_IMPORT, im), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).flags,
			SEVL_PSTATUS_OWNER_EXTERNAL);
	KUNIT_EXPECT_EQ(test, X(t, PEK_CERT_IMPORT, im),
			SEV_RET_ALREADY_OWNED);

	KUNIT_ASSERT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, &chain[1], oca, sizeof(*oca));
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(&chain[0], oca), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(&chain[0], &chain[2]), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(sevl_fwt_p(t, T_OUT), &chain[0]),
			0);
	KUNIT_EXPECT_NE(test, memcmp(old_pdh, sevl_fwt_p(t, T_OUT),
				     SEVL_CERT_SIGNED_LEN), 0);

	/* PEK_GEN makes the platform self-owned again. */
	KUNIT_EXPECT_EQ(test, X0(t, PEK_GEN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).flags, 0);
	KUNIT_ASSERT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(&chain[1], &chain[1]), 0);
	KUNIT_EXPECT_NE(test, sevl_cert_verify(&chain[0], oca), 0);
	sevl_p384_key_wipe(&key);
}

/* ACTIVATE / DEACTIVATE / DF_FLUSH / DECOMMISSION and the ASID rules. */
static void sevl_fwt_asids(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_fw_init in = {};
	struct sevl_fw_guest_status gs = {};
	u8 m[SEVL_MEASURE_SIZE];
	u32 a, b;

	KUNIT_ASSERT_EQ(test, X(t, INIT, in), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, 1, 5),
			SEV_RET_INVALID_PLATFORM_STATE);
	a = sevl_fwt_start(t, 0, SEV_RET_SUCCESS);
	b = sevl_fwt_start(t, 0, SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, a, b);
	/* Every ASID needs a DF_FLUSH after INIT. */
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, a, 5),
			SEV_RET_DFFLUSH_REQUIRED);
	KUNIT_EXPECT_EQ(test, X0(t, DF_FLUSH), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, 99, 5),
			SEV_RET_INVALID_GUEST);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, a, 0), SEV_RET_INVALID_ASID);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, a, T_NR_ASIDS + 1),
			SEV_RET_INVALID_ASID);
	/* ASIDs below min_sev_asid are for SEV-ES guests. */
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, a, 1), SEV_RET_INVALID_ASID);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, a, 5), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, b, 5), SEV_RET_ASID_OWNED);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, a, 6), SEV_RET_ACTIVE);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DECOMMISSION, a),
			SEV_RET_ACTIVE);
	gs.handle = a;
	KUNIT_EXPECT_EQ(test, X(t, GUEST_STATUS, gs), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, gs.asid, 5);
	KUNIT_EXPECT_EQ(test, gs.state, SEV_LAUNCH_GSTATE_LUPDATE);

	/* A guest that never ran leaves its ASID clean. */
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DEACTIVATE, a),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DEACTIVATE, a),
			SEV_RET_INACTIVE);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, b, 5), SEV_RET_SUCCESS);

	/* Run b, then deactivate: its ASID needs a DF_FLUSH. */
	KUNIT_EXPECT_EQ(test, sevl_fwt_measure(t, b, m), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, b),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_gstate(t, b), SEV_LAUNCH_GSTATE_RUNNING);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DEACTIVATE, b),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, a, 5),
			SEV_RET_DFFLUSH_REQUIRED);
	KUNIT_EXPECT_EQ(test, X0(t, DF_FLUSH), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, a, 5), SEV_RET_SUCCESS);
	/* Reactivating a RUNNING guest puts the ASID in use at once. */
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, b, 7), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DEACTIVATE, b),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(t, b, 7),
			SEV_RET_DFFLUSH_REQUIRED);

	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DECOMMISSION, b),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DECOMMISSION, b),
			SEV_RET_INVALID_GUEST);
	gs.handle = b;
	KUNIT_EXPECT_EQ(test, X(t, GUEST_STATUS, gs), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, gs.state, SEV_LAUNCH_GSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DEACTIVATE, a),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(t, SEVL_CMD_DECOMMISSION, a),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).state, SEVL_PSTATE_INIT);

	/* The guest table is full at max_guests. */
	for (a = 0; a < 4; a++)
		sevl_fwt_start(t, 0, SEV_RET_SUCCESS);
	sevl_fwt_start(t, 0, SEV_RET_RESOURCE_LIMIT);
}

/* Policy checks of LAUNCH_START and NODBG. */
static void sevl_fwt_policy(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	u32 h;

	sevl_fwt_up(t, 0);
	sevl_fwt_start(t, (T_API_MAJOR + 1) << SEV_POLICY_API_MAJOR_SHIFT,
		       SEV_RET_POLICY_FAILURE);
	sevl_fwt_start(t, (T_API_MAJOR << SEV_POLICY_API_MAJOR_SHIFT) |
		       ((T_API_MINOR + 1) << SEV_POLICY_API_MINOR_SHIFT),
		       SEV_RET_POLICY_FAILURE);
	sevl_fwt_start(t, 1 << 6, SEV_RET_POLICY_FAILURE);
	sevl_fwt_start(t, SEV_POLICY_ES, SEV_RET_UNSUPPORTED);
	sevl_fwt_start(t, (T_API_MAJOR << SEV_POLICY_API_MAJOR_SHIFT) |
		       (T_API_MINOR << SEV_POLICY_API_MINOR_SHIFT),
		       SEV_RET_SUCCESS);

	h = sevl_fwt_start(t, SEV_POLICY_NODBG, SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, h, 8), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_DECRYPT, h, T_GUEST,
					   T_OUT, 16),
			SEV_RET_POLICY_FAILURE);
	KUNIT_EXPECT_EQ(test, sevl_fwt_dbg(t, SEVL_CMD_DBG_ENCRYPT, h, T_OUT,
					   T_GUEST, 16),
			SEV_RET_POLICY_FAILURE);
}

static struct kunit_case sevl_fw_cases[] = {
	KUNIT_CASE(sevl_fwt_platform),
	KUNIT_CASE(sevl_fwt_certs),
	KUNIT_CASE(sevl_fwt_import),
	KUNIT_CASE(sevl_fwt_asids),
	KUNIT_CASE(sevl_fwt_policy),
	{}
};

static struct kunit_suite sevl_fw_suite = {
	.name = "sev-launch-swfw-fw",
	.init = sevl_fwt_init,
	.exit = sevl_fwt_exit,
	.test_cases = sevl_fw_cases,
};

kunit_test_suite(sevl_fw_suite);
