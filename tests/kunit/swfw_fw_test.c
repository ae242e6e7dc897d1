// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: command semantics of the software SEV firmware, driven through
 * sevl_fw_execute() with a fake physical memory.
 *
 * The fake memory is a vmalloc'd array that appears at physical address
 * SEVL_T_BASE, so address 0 (and anything outside the array) is invalid.
 * The guest owner side (GODH key, session, secret packet, expected
 * measurement) is built here from the formulas of the SEV API, with the
 * crypto primitives of the firmware's crypto layer.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/sev-launch.h>
#include <crypto/sha2.h>

#include "../../drivers/swfw/fw.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

#define SEVL_T_BASE	0x100000000ULL
#define SEVL_T_SIZE	0x40000
#define T_CMD		(SEVL_T_BASE + 0x0)	/* command buffer */
#define T_BLOB		(SEVL_T_BASE + 0x1000)	/* certificates, session */
#define T_BLOB2		(SEVL_T_BASE + 0x6000)
#define T_GUEST		(SEVL_T_BASE + 0x10000)	/* guest memory */
#define T_OUT		(SEVL_T_BASE + 0x30000)	/* plaintext / outputs */
#define T_API_MAJOR	1
#define T_API_MINOR	55
#define T_BUILD		21
#define T_NR_ASIDS	16
#define T_MIN_SEV_ASID	5

struct sevl_t {
	struct kunit *test;
	struct sevl_fw *fw;
	u8 *mem;
};

static int sevl_t_rd(void *ctx, u64 pa, void *buf, size_t len)
{
	struct sevl_t *t = ctx;

	if (pa < SEVL_T_BASE || pa - SEVL_T_BASE > SEVL_T_SIZE ||
	    len > SEVL_T_SIZE - (pa - SEVL_T_BASE))
		return -EFAULT;
	memcpy(buf, t->mem + (pa - SEVL_T_BASE), len);
	return 0;
}

static int sevl_t_wr(void *ctx, u64 pa, const void *buf, size_t len)
{
	struct sevl_t *t = ctx;

	if (pa < SEVL_T_BASE || pa - SEVL_T_BASE > SEVL_T_SIZE ||
	    len > SEVL_T_SIZE - (pa - SEVL_T_BASE))
		return -EFAULT;
	memcpy(t->mem + (pa - SEVL_T_BASE), buf, len);
	return 0;
}

static const struct sevl_fw_mem_ops sevl_t_mem_ops = {
	.read = sevl_t_rd,
	.write = sevl_t_wr,
};

static void *sevl_t_p(struct sevl_t *t, u64 pa)
{
	return t->mem + (pa - SEVL_T_BASE);
}

static int sevl_t_init(struct kunit *test)
{
	struct sevl_fw_params p = {
		.api_major = T_API_MAJOR, .api_minor = T_API_MINOR,
		.build = T_BUILD, .nr_asids = T_NR_ASIDS,
		.min_sev_asid = T_MIN_SEV_ASID, .max_guests = 4,
		.mem = &sevl_t_mem_ops,
	};
	struct sevl_t *t;

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

static void sevl_t_exit(struct kunit *test)
{
	struct sevl_t *t = test->priv;

	sevl_fw_destroy(t->fw);
	vfree(t->mem);
}

/* Run @cmd with @buf as its command buffer; @buf receives the output. */
static int sevl_t_x(struct sevl_t *t, u32 cmd, void *buf, size_t len)
{
	int ret;

	memcpy(sevl_t_p(t, T_CMD), buf, len);
	ret = sevl_fw_execute(t->fw, cmd, T_CMD);
	memcpy(buf, sevl_t_p(t, T_CMD), len);
	return ret;
}

#define X(t, cmd, s)	sevl_t_x(t, SEVL_CMD_##cmd, &(s), sizeof(s))
#define X0(t, cmd)	sevl_t_x(t, SEVL_CMD_##cmd, NULL, 0)

static struct sevl_fw_platform_status sevl_t_status(struct sevl_t *t)
{
	struct sevl_fw_platform_status st = {};

	KUNIT_EXPECT_EQ(t->test, X(t, PLATFORM_STATUS, st), SEV_RET_SUCCESS);
	return st;
}

static void sevl_t_up(struct sevl_t *t, u32 flags)
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

static u32 sevl_t_start(struct sevl_t *t, u32 policy, int want)
{
	struct sevl_fw_launch_start ls = { .policy = policy };

	KUNIT_EXPECT_EQ(t->test, X(t, LAUNCH_START, ls), want);
	return ls.handle;
}

static int sevl_t_activate(struct sevl_t *t, u32 handle, u32 asid)
{
	struct sevl_fw_activate a = { .handle = handle, .asid = asid };

	return X(t, ACTIVATE, a);
}

static int sevl_t_handle_cmd(struct sevl_t *t, u32 cmd, u32 handle)
{
	struct sevl_fw_handle h = { .handle = handle };

	return sevl_t_x(t, cmd, &h, sizeof(h));
}

static int sevl_t_update(struct sevl_t *t, u32 cmd, u32 handle, u64 pa,
			 u32 len)
{
	struct sevl_fw_launch_update u = {
		.handle = handle, .address = pa, .len = len,
	};

	return sevl_t_x(t, cmd, &u, sizeof(u));
}

static int sevl_t_dbg(struct sevl_t *t, u32 cmd, u32 handle, u64 src,
		      u64 dst, u32 len)
{
	struct sevl_fw_dbg d = {
		.handle = handle, .src_addr = src, .dst_addr = dst, .len = len,
	};

	return sevl_t_x(t, cmd, &d, sizeof(d));
}

static int sevl_t_measure(struct sevl_t *t, u32 handle, u8 *out48)
{
	struct sevl_fw_launch_measure m = {
		.handle = handle, .address = T_OUT, .len = SEVL_MEASURE_SIZE,
	};
	int ret = X(t, LAUNCH_MEASURE, m);

	memcpy(out48, sevl_t_p(t, T_OUT), SEVL_MEASURE_SIZE);
	return ret;
}

static u8 sevl_t_gstate(struct sevl_t *t, u32 handle)
{
	struct sevl_fw_guest_status gs = { .handle = handle };

	KUNIT_EXPECT_EQ(t->test, X(t, GUEST_STATUS, gs), SEV_RET_SUCCESS);
	return gs.state;
}

static void sevl_t_fill(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
}

/* Platform state machine and the commands that work in every state. */
static void sevl_t_platform(struct kunit *test)
{
	struct sevl_t *t = test->priv;
	struct sevl_fw_init in = {};
	struct sevl_fw_init_ex ix = { .length = sizeof(ix) };
	struct sevl_fw_platform_status st;

	st = sevl_t_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, st.api_major, T_API_MAJOR);
	KUNIT_EXPECT_EQ(test, st.api_minor, T_API_MINOR);
	KUNIT_EXPECT_EQ(test, st.build, T_BUILD);

	KUNIT_EXPECT_EQ(test, X0(t, PEK_GEN), SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, X0(t, PDH_GEN), SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, X0(t, DF_FLUSH), SEV_RET_INVALID_PLATFORM_STATE);
	sevl_t_start(t, 0, SEV_RET_INVALID_PLATFORM_STATE);

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
	st = sevl_t_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_INIT);
	KUNIT_EXPECT_EQ(test, st.flags, 0);
	KUNIT_EXPECT_EQ(test, X0(t, FACTORY_RESET),
			SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, X0(t, PDH_GEN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, X0(t, PEK_GEN), SEV_RET_SUCCESS);

	KUNIT_EXPECT_EQ(test, X0(t, SHUTDOWN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_status(t).state, SEVL_PSTATE_UNINIT);
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
	st = sevl_t_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_INIT);
	KUNIT_EXPECT_EQ(test, st.flags, SEVL_PSTATUS_CONFIG_ES);
	KUNIT_EXPECT_EQ(test, st.guest_count, 0);

	/* WORKING while a guest exists; PEK_GEN only in INIT. */
	sevl_t_start(t, 0, SEV_RET_SUCCESS);
	st = sevl_t_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_WORKING);
	KUNIT_EXPECT_EQ(test, st.guest_count, 1);
	KUNIT_EXPECT_EQ(test, X0(t, PEK_GEN), SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, X0(t, PDH_GEN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DECOMMISSION, 1),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_status(t).state, SEVL_PSTATE_INIT);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DECOMMISSION, 1),
			SEV_RET_INVALID_PLATFORM_STATE);

	/* SHUTDOWN forgets guests. */
	sevl_t_start(t, 0, SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, X0(t, SHUTDOWN), SEV_RET_SUCCESS);
	sevl_t_up(t, 0);
	KUNIT_EXPECT_EQ(test, sevl_t_status(t).guest_count, 0);
}

/* PEK_CSR, PDH_CERT_EXPORT and GET_ID: probing and the exported chain. */
static void sevl_t_certs(struct kunit *test)
{
	struct sevl_t *t = test->priv;
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
	memcpy(id, sevl_t_p(t, T_OUT), sizeof(id));
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(id, 0, 64));
	al.address = 0;
	KUNIT_EXPECT_EQ(test, X(t, GET_ID, al), SEV_RET_INVALID_ADDRESS);

	KUNIT_EXPECT_EQ(test, X(t, PEK_CSR, al),
			SEV_RET_INVALID_PLATFORM_STATE);
	KUNIT_EXPECT_EQ(test, X(t, PDH_CERT_EXPORT, ex),
			SEV_RET_INVALID_PLATFORM_STATE);
	sevl_t_up(t, 0);

	al.address = 0;
	al.len = 0;
	KUNIT_EXPECT_EQ(test, X(t, PEK_CSR, al), SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, al.len, SEVL_CERT_SIZE);
	KUNIT_EXPECT_EQ(test, X(t, PEK_CSR, al), SEV_RET_INVALID_ADDRESS);
	al.address = T_BLOB2;
	KUNIT_EXPECT_EQ(test, X(t, PEK_CSR, al), SEV_RET_SUCCESS);
	csr = sevl_t_p(t, T_BLOB2);

	KUNIT_EXPECT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, ex.pdh_cert_len, SEVL_CERT_SIZE);
	KUNIT_EXPECT_EQ(test, ex.cert_chain_len, 3 * SEVL_CERT_SIZE);
	ex.pdh_cert_address = T_OUT;
	ex.cert_chain_address = T_BLOB;
	ex.cert_chain_len = 100;
	KUNIT_EXPECT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_INVALID_LEN);
	ex.cert_chain_len = 3 * SEVL_CERT_SIZE;
	KUNIT_EXPECT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	pdh = sevl_t_p(t, T_OUT);
	chain = sevl_t_p(t, T_BLOB);

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
static void sevl_t_import(struct kunit *test)
{
	struct sevl_t *t = test->priv;
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
	struct sevl_cert *pek = sevl_t_p(t, T_BLOB);
	struct sevl_cert *oca = sevl_t_p(t, T_BLOB2);
	struct sevl_cert *chain = sevl_t_p(t, T_OUT + 0x1000);
	struct sevl_cert *good_pek, *old_pdh;
	struct sevl_p384_key key;

	good_pek = kunit_kzalloc(test, 2 * sizeof(*good_pek), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, good_pek);
	old_pdh = good_pek + 1;

	KUNIT_EXPECT_EQ(test, X(t, PEK_CERT_IMPORT, im),
			SEV_RET_INVALID_PLATFORM_STATE);
	sevl_t_up(t, 0);
	KUNIT_ASSERT_EQ(test, X(t, PEK_CSR, al), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	memcpy(old_pdh, sevl_t_p(t, T_OUT), sizeof(*old_pdh));

	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&key), 0);
	KUNIT_ASSERT_EQ(test, sevl_cert_init(oca, SEVL_USAGE_OCA,
					     SEVL_ALGO_ECDSA_SHA256, &key, 0, 0),
			0);
	KUNIT_ASSERT_EQ(test, sevl_cert_sign(oca, 0, SEVL_USAGE_OCA,
					     SEVL_ALGO_ECDSA_SHA384, &key), 0);
	KUNIT_ASSERT_EQ(test, sevl_cert_sign(pek, 0, SEVL_USAGE_OCA,
					     SEVL_ALGO_ECDSA_SHA384, &key), 0);
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
	KUNIT_EXPECT_EQ(test, sevl_t_status(t).flags, 0);

	KUNIT_EXPECT_EQ(test, X(t, PEK_CERT_IMPORT, im), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_status(t).flags,
			SEVL_PSTATUS_OWNER_EXTERNAL);
	KUNIT_EXPECT_EQ(test, X(t, PEK_CERT_IMPORT, im),
			SEV_RET_ALREADY_OWNED);

	KUNIT_ASSERT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, &chain[1], oca, sizeof(*oca));
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(&chain[0], oca), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(&chain[0], &chain[2]), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(sevl_t_p(t, T_OUT), &chain[0]),
			0);
	KUNIT_EXPECT_NE(test, memcmp(old_pdh, sevl_t_p(t, T_OUT),
				     SEVL_CERT_SIGNED_LEN), 0);

	/* PEK_GEN makes the platform self-owned again. */
	KUNIT_EXPECT_EQ(test, X0(t, PEK_GEN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_status(t).flags, 0);
	KUNIT_ASSERT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(&chain[1], &chain[1]), 0);
	KUNIT_EXPECT_NE(test, sevl_cert_verify(&chain[0], oca), 0);
	sevl_p384_key_wipe(&key);
}

/* ACTIVATE / DEACTIVATE / DF_FLUSH / DECOMMISSION and the ASID rules. */
static void sevl_t_asids(struct kunit *test)
{
	struct sevl_t *t = test->priv;
	struct sevl_fw_init in = {};
	struct sevl_fw_guest_status gs = {};
	u8 m[SEVL_MEASURE_SIZE];
	u32 a, b;

	KUNIT_ASSERT_EQ(test, X(t, INIT, in), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, 1, 5),
			SEV_RET_INVALID_PLATFORM_STATE);
	a = sevl_t_start(t, 0, SEV_RET_SUCCESS);
	b = sevl_t_start(t, 0, SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, a, b);
	/* Every ASID needs a DF_FLUSH after INIT. */
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, a, 5),
			SEV_RET_DFFLUSH_REQUIRED);
	KUNIT_EXPECT_EQ(test, X0(t, DF_FLUSH), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, 99, 5),
			SEV_RET_INVALID_GUEST);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, a, 0), SEV_RET_INVALID_ASID);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, a, T_NR_ASIDS + 1),
			SEV_RET_INVALID_ASID);
	/* ASIDs below min_sev_asid are for SEV-ES guests. */
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, a, 1), SEV_RET_INVALID_ASID);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, a, 5), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, b, 5), SEV_RET_ASID_OWNED);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, a, 6), SEV_RET_ACTIVE);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DECOMMISSION, a),
			SEV_RET_ACTIVE);
	gs.handle = a;
	KUNIT_EXPECT_EQ(test, X(t, GUEST_STATUS, gs), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, gs.asid, 5);
	KUNIT_EXPECT_EQ(test, gs.state, SEV_LAUNCH_GSTATE_LUPDATE);

	/* A guest that never ran leaves its ASID clean. */
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DEACTIVATE, a),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DEACTIVATE, a),
			SEV_RET_INACTIVE);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, b, 5), SEV_RET_SUCCESS);

	/* Run b, then deactivate: its ASID needs a DF_FLUSH. */
	KUNIT_EXPECT_EQ(test, sevl_t_measure(t, b, m), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, b),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_gstate(t, b), SEV_LAUNCH_GSTATE_RUNNING);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DEACTIVATE, b),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, a, 5),
			SEV_RET_DFFLUSH_REQUIRED);
	KUNIT_EXPECT_EQ(test, X0(t, DF_FLUSH), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, a, 5), SEV_RET_SUCCESS);
	/* Reactivating a RUNNING guest puts the ASID in use at once. */
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, b, 7), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DEACTIVATE, b),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, b, 7),
			SEV_RET_DFFLUSH_REQUIRED);

	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DECOMMISSION, b),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DECOMMISSION, b),
			SEV_RET_INVALID_GUEST);
	gs.handle = b;
	KUNIT_EXPECT_EQ(test, X(t, GUEST_STATUS, gs), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, gs.state, SEV_LAUNCH_GSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DEACTIVATE, a),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_DECOMMISSION, a),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_status(t).state, SEVL_PSTATE_INIT);

	/* The guest table is full at max_guests. */
	for (a = 0; a < 4; a++)
		sevl_t_start(t, 0, SEV_RET_SUCCESS);
	sevl_t_start(t, 0, SEV_RET_RESOURCE_LIMIT);
}

/* Launch without a guest owner: state order, encryption, debug. */
static void sevl_t_launch_plain(struct kunit *test)
{
	struct sevl_t *t = test->priv;
	struct sevl_fw_launch_measure lm = {};
	u8 *plain = sevl_t_p(t, T_OUT), *guest = sevl_t_p(t, T_GUEST);
	u8 *want, m[SEVL_MEASURE_SIZE];
	u32 h;

	want = kunit_kzalloc(test, 0x2000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	sevl_t_up(t, 0);
	h = sevl_t_start(t, SEV_POLICY_NOKS, SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_gstate(t, h), SEV_LAUNCH_GSTATE_LUPDATE);

	sevl_t_fill(want, 0x2000, 3);
	memcpy(guest, want, 0x2000);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    T_GUEST, 0x2000),
			SEV_RET_INACTIVE);
	KUNIT_ASSERT_EQ(test, sevl_t_activate(t, h, 9), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA,
					    h + 1, T_GUEST, 16),
			SEV_RET_INVALID_GUEST);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    T_GUEST + 8, 16),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    T_GUEST, 24),
			SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    T_GUEST, 0),
			SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    ~0ULL & ~15ULL, 32),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    0x1000, 32),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_VMSA, h,
					    T_GUEST, 4096),
			SEV_RET_UNSUPPORTED);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_VMSA, h,
					    T_GUEST, 4080),
			SEV_RET_INVALID_LEN);
	/* Nothing above touched guest memory. */
	KUNIT_EXPECT_MEMEQ(test, guest, want, 0x2000);

	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_INVALID_GUEST_STATE);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    T_GUEST, 0x2000),
			SEV_RET_SUCCESS);
	/* Guest memory now holds ciphertext; DBG_DECRYPT recovers it. */
	KUNIT_EXPECT_NE(test, memcmp(guest, want, 16), 0);
	KUNIT_EXPECT_NE(test, memcmp(guest + 0x1ff0, want + 0x1ff0, 16), 0);
	KUNIT_EXPECT_EQ(test, sevl_t_dbg(t, SEVL_CMD_DBG_DECRYPT, h, T_GUEST,
					 T_OUT, 0x2000),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, plain, want, 0x2000);
	KUNIT_EXPECT_EQ(test, sevl_t_dbg(t, SEVL_CMD_DBG_DECRYPT, h,
					 T_GUEST + 8, T_OUT, 16),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_t_dbg(t, SEVL_CMD_DBG_DECRYPT, h, T_GUEST,
					 T_OUT, 8),
			SEV_RET_INVALID_LEN);
	/* DBG_ENCRYPT then DBG_DECRYPT round-trips. */
	sevl_t_fill(plain, 64, 99);
	KUNIT_EXPECT_EQ(test, sevl_t_dbg(t, SEVL_CMD_DBG_ENCRYPT, h, T_OUT,
					 T_GUEST + 0x4000, 64),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, memcmp(guest + 0x4000, plain, 64), 0);
	KUNIT_EXPECT_EQ(test, sevl_t_dbg(t, SEVL_CMD_DBG_DECRYPT, h,
					 T_GUEST + 0x4000, T_OUT + 0x100, 64),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, plain + 0x100, plain, 64);

	/* LAUNCH_MEASURE length probing. */
	lm.handle = h;
	KUNIT_EXPECT_EQ(test, X(t, LAUNCH_MEASURE, lm), SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, lm.len, SEVL_MEASURE_SIZE);
	KUNIT_EXPECT_EQ(test, X(t, LAUNCH_MEASURE, lm),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_t_gstate(t, h), SEV_LAUNCH_GSTATE_LUPDATE);
	KUNIT_EXPECT_EQ(test, sevl_t_measure(t, h, m), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_gstate(t, h), SEV_LAUNCH_GSTATE_LSECRET);
	KUNIT_EXPECT_EQ(test, sevl_t_measure(t, h, m),
			SEV_RET_INVALID_GUEST_STATE);
	KUNIT_EXPECT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    T_GUEST, 16),
			SEV_RET_INVALID_GUEST_STATE);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_gstate(t, h), SEV_LAUNCH_GSTATE_RUNNING);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
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

/* Policy checks of LAUNCH_START and NODBG. */
static void sevl_t_policy(struct kunit *test)
{
	struct sevl_t *t = test->priv;
	u32 h;

	sevl_t_up(t, 0);
	sevl_t_start(t, (T_API_MAJOR + 1) << SEV_POLICY_API_MAJOR_SHIFT,
		     SEV_RET_POLICY_FAILURE);
	sevl_t_start(t, (T_API_MAJOR << SEV_POLICY_API_MAJOR_SHIFT) |
			((T_API_MINOR + 1) << SEV_POLICY_API_MINOR_SHIFT),
		     SEV_RET_POLICY_FAILURE);
	sevl_t_start(t, 1 << 6, SEV_RET_POLICY_FAILURE);
	sevl_t_start(t, SEV_POLICY_ES, SEV_RET_UNSUPPORTED);
	sevl_t_start(t, (T_API_MAJOR << SEV_POLICY_API_MAJOR_SHIFT) |
			(T_API_MINOR << SEV_POLICY_API_MINOR_SHIFT),
		     SEV_RET_SUCCESS);

	h = sevl_t_start(t, SEV_POLICY_NODBG, SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_t_activate(t, h, 8), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_dbg(t, SEVL_CMD_DBG_DECRYPT, h, T_GUEST,
					 T_OUT, 16),
			SEV_RET_POLICY_FAILURE);
	KUNIT_EXPECT_EQ(test, sevl_t_dbg(t, SEVL_CMD_DBG_ENCRYPT, h, T_OUT,
					 T_GUEST, 16),
			SEV_RET_POLICY_FAILURE);
}

/* The guest owner's side of a launch. */
struct sevl_t_owner {
	u8 tek[16], tik[16];
	u8 session[SEVL_SESSION_SIZE];
	struct sevl_cert godh;
};

static void sevl_t_owner_session(struct sevl_t *t, struct sevl_t_owner *o,
				 u32 policy)
{
	struct kunit *test = t->test;
	struct sevl_fw_pdh_cert_export ex = {
		.pdh_cert_address = T_BLOB, .pdh_cert_len = SEVL_CERT_SIZE,
		.cert_chain_address = T_BLOB2,
		.cert_chain_len = 3 * SEVL_CERT_SIZE,
	};
	struct sevl_p384_key godh, pdh;
	u8 z[48], master[16], kek[16], kik[16], keys[32];
	u8 *s = o->session;
	__le32 pol = cpu_to_le32(policy);
	struct sevl_kvec v;

	KUNIT_ASSERT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_cert_pubkey(sevl_t_p(t, T_BLOB), &pdh), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&godh), 0);
	KUNIT_ASSERT_EQ(test, sevl_cert_init(&o->godh, SEVL_USAGE_PDH,
					     SEVL_ALGO_ECDH_SHA256, &godh, 0, 0),
			0);
	KUNIT_ASSERT_EQ(test, sevl_p384_ecdh(&godh, &pdh, z), 0);
	get_random_bytes(s, 16);			/* NONCE */
	get_random_bytes(s + 48, 16);			/* WRAP_IV */
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
	sevl_p384_key_wipe(&godh);
}

static int sevl_t_owner_start(struct sevl_t *t, struct sevl_t_owner *o,
			      u32 policy, u32 *handle)
{
	struct sevl_fw_launch_start ls = {
		.policy = policy,
		.dh_cert_address = T_BLOB, .dh_cert_len = SEVL_CERT_SIZE,
		.session_address = T_BLOB2, .session_len = SEVL_SESSION_SIZE,
	};
	int ret;

	memcpy(sevl_t_p(t, T_BLOB), &o->godh, SEVL_CERT_SIZE);
	memcpy(sevl_t_p(t, T_BLOB2), o->session, SEVL_SESSION_SIZE);
	ret = X(t, LAUNCH_START, ls);
	*handle = ls.handle;
	return ret;
}

static void sevl_t_expect_measure(struct sevl_t *t, struct sevl_t_owner *o,
				  u32 policy, const u8 *ld, const u8 *m)
{
	u8 hdr[4] = { 0x04, T_API_MAJOR, T_API_MINOR, T_BUILD }, mac[32];
	__le32 pol = cpu_to_le32(policy);
	struct sevl_kvec v[4] = {
		{ hdr, 4 }, { &pol, 4 }, { ld, 32 }, { m + 32, 16 },
	};

	KUNIT_ASSERT_EQ(t->test, sevl_hmac_sha256(o->tik, 16, v, 4, mac), 0);
	KUNIT_EXPECT_MEMEQ(t->test, m, mac, 32);
}

/* Build a LAUNCH_SECRET packet for @secret and inject it at T_GUEST+0x8000. */
static int sevl_t_secret(struct sevl_t *t, struct sevl_t_owner *o, u32 h,
			 const u8 *measure, const u8 *secret, u32 len,
			 u32 flags, bool tamper)
{
	struct sevl_fw_launch_secret ls = {
		.handle = h, .hdr_address = T_BLOB, .hdr_len = 52,
		.guest_address = T_GUEST + 0x8000, .guest_len = len,
		.trans_address = T_BLOB2, .trans_len = len,
	};
	u8 *hdr = sevl_t_p(t, T_BLOB), *trans = sevl_t_p(t, T_BLOB2);
	__le32 fl = cpu_to_le32(flags), l = cpu_to_le32(len);
	u8 ctx = 0x01;
	struct sevl_kvec v[7] = {
		{ &ctx, 1 }, { &fl, 4 }, { hdr + 4, 16 }, { &l, 4 }, { &l, 4 },
		{ trans, len }, { measure, 32 },
	};

	memcpy(hdr, &fl, 4);
	get_random_bytes(hdr + 4, 16);
	KUNIT_EXPECT_EQ(t->test, sevl_aes128_ctr(o->tek, hdr + 4, secret,
						 trans, len), 0);
	KUNIT_EXPECT_EQ(t->test, sevl_hmac_sha256(o->tik, 16, v, 7, hdr + 20),
			0);
	if (tamper)
		hdr[20] ^= 0x80;
	return X(t, LAUNCH_UPDATE_SECRET, ls);
}

/* Launch with a guest owner session, measurement and secret. */
static void sevl_t_launch_owner(struct kunit *test)
{
	struct sevl_t *t = test->priv;
	struct sevl_t_owner *o;
	u8 *data, secret[64], ld[32], m[SEVL_MEASURE_SIZE] = {};
	u32 policy = SEV_POLICY_NOKS, h;

	o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	data = kunit_kzalloc(test, 0x1000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_ASSERT_NOT_NULL(test, data);
	sevl_t_up(t, 0);
	sevl_t_owner_session(t, o, policy);

	/* Refusals: lengths, certificate, MACs. */
	o->session[64] ^= 1;
	KUNIT_EXPECT_EQ(test, sevl_t_owner_start(t, o, policy, &h),
			SEV_RET_BAD_MEASUREMENT);
	o->session[64] ^= 1;
	KUNIT_EXPECT_EQ(test, sevl_t_owner_start(t, o, policy | 1, &h),
			SEV_RET_BAD_MEASUREMENT);
	o->godh.pub_key_usage = cpu_to_le32(SEVL_USAGE_PEK);
	KUNIT_EXPECT_EQ(test, sevl_t_owner_start(t, o, policy, &h),
			SEV_RET_INVALID_CERTIFICATE);
	o->godh.pub_key_usage = cpu_to_le32(SEVL_USAGE_PDH);
	o->godh.ecc.qx[0] ^= 1;		/* not on the curve */
	KUNIT_EXPECT_EQ(test, sevl_t_owner_start(t, o, policy, &h),
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
	KUNIT_EXPECT_EQ(test, sevl_t_status(t).guest_count, 0);

	KUNIT_ASSERT_EQ(test, sevl_t_owner_start(t, o, policy, &h),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_t_activate(t, h, 5), SEV_RET_SUCCESS);
	sevl_t_fill(data, 0x1000, 42);
	memcpy(sevl_t_p(t, T_GUEST), data, 0x1000);
	KUNIT_ASSERT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    T_GUEST, 0x800),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    T_GUEST + 0x800, 0x800),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_secret(t, o, h, m, secret, 64, 0, false),
			SEV_RET_INVALID_GUEST_STATE);
	KUNIT_ASSERT_EQ(test, sevl_t_measure(t, h, m), SEV_RET_SUCCESS);
	sha256(data, 0x1000, ld);
	sevl_t_expect_measure(t, o, policy, ld, m);

	/* LAUNCH_SECRET. */
	sevl_t_fill(secret, sizeof(secret), 200);
	KUNIT_EXPECT_EQ(test, sevl_t_secret(t, o, h, m, secret, 64, 0, true),
			SEV_RET_BAD_MEASUREMENT);
	KUNIT_EXPECT_EQ(test, sevl_t_secret(t, o, h, m, secret, 64, 1, false),
			SEV_RET_UNSUPPORTED);
	KUNIT_EXPECT_EQ(test, sevl_t_secret(t, o, h, m, secret, 56, 0, false),
			SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, sevl_t_secret(t, o, h, m, secret, 64, 0, false),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, memcmp(sevl_t_p(t, T_GUEST + 0x8000), secret,
				     16), 0);
	KUNIT_EXPECT_EQ(test, sevl_t_dbg(t, SEVL_CMD_DBG_DECRYPT, h,
					 T_GUEST + 0x8000, T_OUT, 64),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, sevl_t_p(t, T_OUT), secret, 64);
	KUNIT_EXPECT_EQ(test, sevl_t_dbg(t, SEVL_CMD_DBG_DECRYPT, h, T_GUEST,
					 T_OUT, 0x1000),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, sevl_t_p(t, T_OUT), data, 0x1000);

	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_secret(t, o, h, m, secret, 64, 0, false),
			SEV_RET_INVALID_GUEST_STATE);
}

/* SEV-ES: ES ASIDs, VMSA measured after the data. */
static void sevl_t_launch_es(struct kunit *test)
{
	struct sevl_t *t = test->priv;
	struct sevl_t_owner *o;
	struct sha256_state st;
	u8 *vmsa, data[256], ld[32], m[SEVL_MEASURE_SIZE];
	u32 policy = SEV_POLICY_ES | SEV_POLICY_NOKS, h;

	o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	vmsa = kunit_kzalloc(test, SEVL_VMSA_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_ASSERT_NOT_NULL(test, vmsa);
	sevl_t_up(t, SEVL_INIT_FLAGS_ES);
	sevl_t_owner_session(t, o, policy);
	KUNIT_ASSERT_EQ(test, sevl_t_owner_start(t, o, policy, &h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_t_activate(t, h, T_MIN_SEV_ASID),
			SEV_RET_INVALID_ASID);
	KUNIT_ASSERT_EQ(test, sevl_t_activate(t, h, 1), SEV_RET_SUCCESS);

	sevl_t_fill(data, sizeof(data), 5);
	sevl_t_fill(vmsa, SEVL_VMSA_SIZE, 17);
	memcpy(sevl_t_p(t, T_GUEST), data, sizeof(data));
	memcpy(sevl_t_p(t, T_GUEST + 0x1000), vmsa, SEVL_VMSA_SIZE);
	KUNIT_ASSERT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					    T_GUEST, sizeof(data)),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_t_update(t, SEVL_CMD_LAUNCH_UPDATE_VMSA, h,
					    T_GUEST + 0x1000, SEVL_VMSA_SIZE),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, memcmp(sevl_t_p(t, T_GUEST + 0x1000), vmsa, 64),
			0);
	KUNIT_ASSERT_EQ(test, sevl_t_measure(t, h, m), SEV_RET_SUCCESS);
	sha256_init(&st);
	sha256_update(&st, data, sizeof(data));
	sha256_update(&st, vmsa, SEVL_VMSA_SIZE);
	sha256_final(&st, ld);
	sevl_t_expect_measure(t, o, policy, ld, m);
	KUNIT_EXPECT_EQ(test, sevl_t_handle_cmd(t, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_SUCCESS);
}

static struct kunit_case sevl_fw_cases[] = {
	KUNIT_CASE(sevl_t_platform),
	KUNIT_CASE(sevl_t_certs),
	KUNIT_CASE(sevl_t_import),
	KUNIT_CASE(sevl_t_asids),
	KUNIT_CASE(sevl_t_launch_plain),
	KUNIT_CASE(sevl_t_policy),
	KUNIT_CASE(sevl_t_launch_owner),
	KUNIT_CASE(sevl_t_launch_es),
	{}
};

static struct kunit_suite sevl_fw_suite = {
	.name = "sev-launch-swfw-fw",
	.init = sevl_t_init,
	.exit = sevl_t_exit,
	.test_cases = sevl_fw_cases,
};

kunit_test_suite(sevl_fw_suite);
