// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fixture of the SEV-SNP firmware suites: a fake physical memory of
 * SNPT_SIZE bytes at SNPT_BASE behind struct sevl_fw_mem_ops, a firmware
 * created on it with SNP enabled, and helpers.  Addresses outside the fake
 * memory are not accessible.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/sev-launch.h>
#include <crypto/hash.h>

#include "swfw_snp_fixture.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

static bool sevl_snpt_in(u64 pa, size_t len)
{
	return pa >= SNPT_BASE && pa - SNPT_BASE <= SNPT_SIZE &&
	       len <= SNPT_SIZE - (pa - SNPT_BASE);
}

static int sevl_snpt_rd(void *ctx, u64 pa, void *buf, size_t len)
{
	struct sevl_snpt *t = ctx;

	if (!sevl_snpt_in(pa, len))
		return -EFAULT;
	memcpy(buf, t->mem + (pa - SNPT_BASE), len);
	return 0;
}

static int sevl_snpt_wr(void *ctx, u64 pa, const void *buf, size_t len)
{
	struct sevl_snpt *t = ctx;

	if (!sevl_snpt_in(pa, len))
		return -EFAULT;
	memcpy(t->mem + (pa - SNPT_BASE), buf, len);
	return 0;
}

static const struct sevl_fw_mem_ops sevl_snpt_mem_ops = {
	.read = sevl_snpt_rd,
	.write = sevl_snpt_wr,
};

/**
 * sevl_snpt_create() - a firmware on the fixture's memory
 * @t: fixture with its memory
 * @snp: enable SNP
 *
 * Return: the firmware, or an ERR_PTR().
 */
struct sevl_fw *sevl_snpt_create(struct sevl_snpt *t, bool snp)
{
	struct sevl_fw_params p = {
		.api_major = 1, .api_minor = 55, .build = 21,
		.nr_asids = SNPT_NR_ASIDS, .min_sev_asid = SNPT_MIN_SEV_ASID,
		.max_guests = 4, .snp = snp,
		.mem = &sevl_snpt_mem_ops, .mem_ctx = t,
	};

	return sevl_fw_create(&p);
}

/**
 * sevl_snpt_init() - suite init: fake memory, SNP firmware in UNINIT
 * @test: the test
 *
 * Return: 0.
 */
int sevl_snpt_init(struct kunit *test)
{
	struct sevl_snpt *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->mem = vzalloc(SNPT_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, t->mem);
	t->fw = sevl_snpt_create(t, true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->fw));
	test->priv = t;
	return 0;
}

/**
 * sevl_snpt_exit() - suite exit
 * @test: the test
 */
void sevl_snpt_exit(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;

	sevl_fw_destroy(t->fw);
	vfree(t->mem);
}

/**
 * sevl_snpt_p() - pointer into the fake memory
 * @t: fixture
 * @pa: physical address inside it
 *
 * Return: the kernel address backing @pa.
 */
void *sevl_snpt_p(struct sevl_snpt *t, u64 pa)
{
	return t->mem + (pa - SNPT_BASE);
}

/**
 * sevl_snpt_x() - run a command with @buf as its command buffer
 * @t: fixture
 * @cmd: command id
 * @buf: command buffer; receives the buffer as the firmware left it
 * @len: its length
 *
 * Return: the SEV status.
 */
int sevl_snpt_x(struct sevl_snpt *t, u32 cmd, void *buf, size_t len)
{
	int ret;

	memcpy(sevl_snpt_p(t, SNPT_CMD), buf, len);
	ret = sevl_fw_execute(t->fw, cmd, SNPT_CMD);
	memcpy(buf, sevl_snpt_p(t, SNPT_CMD), len);
	return ret;
}

/**
 * sevl_snpt_up() - SNP_INIT and SNP_DF_FLUSH, both must succeed
 * @t: fixture
 */
void sevl_snpt_up(struct sevl_snpt *t)
{
	KUNIT_ASSERT_EQ(t->test, SX0(t, SNP_INIT), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(t->test, SX0(t, SNP_DF_FLUSH), SEV_RET_SUCCESS);
}

/**
 * sevl_snpt_firmware() - RMPUPDATE a page to Firmware, must succeed
 * @t: fixture
 * @pa: the page
 */
void sevl_snpt_firmware(struct sevl_snpt *t, u64 pa)
{
	KUNIT_ASSERT_EQ(t->test, sevl_snp_rmp_make_firmware(t->fw, pa, 1), 0);
}

/**
 * sevl_snpt_status() - SNP_PLATFORM_STATUS the way upstream issues it
 * @t: fixture
 * @st: receives the status
 *
 * While SNP is INIT the status page is made Firmware first and Hypervisor
 * again after (reclaimed by the firmware, then RMPUPDATE).
 *
 * Return: the SEV status.
 */
int sevl_snpt_status(struct sevl_snpt *t, struct sevl_snp_status *st)
{
	struct sevl_snp_addr a = { .address = SNPT_STATUS };
	bool init = t->fw->snp.state == SEVL_SNP_PSTATE_INIT;
	int ret;

	memset(sevl_snpt_p(t, SNPT_STATUS), 0xa5, sizeof(*st));
	if (init)
		sevl_snpt_firmware(t, SNPT_STATUS);
	ret = SX(t, SNP_PLATFORM_STATUS, a);
	if (init) {
		if (ret) {
			struct sevl_snp_page_reclaim r = { .paddr = SNPT_STATUS };

			KUNIT_EXPECT_EQ(t->test, SX(t, SNP_PAGE_RECLAIM, r), 0);
		}
		KUNIT_EXPECT_EQ(t->test,
				sevl_snp_rmp_make_shared(t->fw, SNPT_STATUS, 1),
				0);
	}
	memcpy(st, sevl_snpt_p(t, SNPT_STATUS), sizeof(*st));
	return ret;
}

/**
 * sevl_snpt_state() - the RMP page state of a page
 * @t: fixture
 * @pa: the page
 *
 * Return: enum sevl_snp_page_state.
 */
u8 sevl_snpt_state(struct sevl_snpt *t, u64 pa)
{
	struct sevl_snp_rmpe e;

	sevl_snp_rmp_read(t->fw, pa >> PAGE_SHIFT, &e);
	return e.state;
}

/**
 * sevl_snpt_policy() - a valid default guest policy
 *
 * Return: SMT allowed, the must-be-one bit 17, ABI 0.0.
 */
u64 sevl_snpt_policy(void)
{
	return SEVL_SNP_POLICY_SMT | SEVL_SNP_POLICY_RSVD_MBO;
}

/**
 * sevl_snpt_start() - Firmware page for @gctx, then SNP_LAUNCH_START
 * @t: fixture
 * @gctx: guest context page
 * @policy: guest policy
 *
 * Return: the SEV status.
 */
int sevl_snpt_start(struct sevl_snpt *t, u64 gctx, u64 policy)
{
	struct sevl_snp_launch_start ls = { .gctx_paddr = gctx,
					    .policy = policy };

	sevl_snpt_firmware(t, gctx);
	return SX(t, SNP_LAUNCH_START, ls);
}

/**
 * sevl_snpt_activate() - SNP_ACTIVATE
 * @t: fixture
 * @gctx: guest context page
 * @asid: ASID
 *
 * Return: the SEV status.
 */
int sevl_snpt_activate(struct sevl_snpt *t, u64 gctx, u32 asid)
{
	struct sevl_snp_activate a = { .gctx_paddr = gctx, .asid = asid };

	return SX(t, SNP_ACTIVATE, a);
}

/**
 * sevl_snpt_assign() - RMPUPDATE a page to Pre-Guest, must succeed
 * @t: fixture
 * @pa: the page
 * @asid: owner
 * @gpa: guest physical address
 */
void sevl_snpt_assign(struct sevl_snpt *t, u64 pa, u32 asid, u64 gpa)
{
	KUNIT_ASSERT_EQ(t->test, sevl_snp_rmp_update(t->fw, pa >> PAGE_SHIFT,
						     true, asid, gpa, true), 0);
}

/**
 * sevl_snpt_update() - SNP_LAUNCH_UPDATE of one 4 KiB page
 * @t: fixture
 * @gctx: guest context page
 * @pa: the page
 * @type: SEVL_SNP_PAGE_*
 * @perms: the VMPL permission word (offset 24)
 *
 * Return: the SEV status.
 */
int sevl_snpt_update(struct sevl_snpt *t, u64 gctx, u64 pa, u8 type,
		     u32 perms)
{
	struct sevl_snp_launch_update u = {
		.gctx_paddr = gctx, .address = pa, .perms = perms,
		.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, type),
	};

	return SX(t, SNP_LAUNCH_UPDATE, u);
}

/**
 * sevl_snpt_sha384() - SHA-384 through the crypto API, for expectations
 * @test: the test
 * @data: input
 * @len: its length
 * @out: the digest
 */
void sevl_snpt_sha384(struct kunit *test, const void *data, size_t len,
		      u8 *out)
{
	struct crypto_shash *tfm = crypto_alloc_shash("sha384", 0, 0);

	KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
	KUNIT_ASSERT_EQ(test, crypto_shash_tfm_digest(tfm, data, len, out), 0);
	crypto_free_shash(tfm);
}

/**
 * sevl_snpt_chain() - the next launch digest, built from the SNP ABI's
 *	PAGE_INFO offsets independently of the firmware's structure
 * @test: the test
 * @ld: the digest, updated
 * @page: the page for NORMAL and VMSA pages (CONTENTS = its SHA-384),
 *	NULL for a zero CONTENTS
 * @type: PAGE_TYPE
 * @imi: IMI_PAGE
 * @perms: VMPL1, VMPL2, VMPL3 permissions
 * @gpa: GPA
 */
void sevl_snpt_chain(struct kunit *test, u8 *ld, const u8 *page, u8 type,
		     u8 imi, const u8 *perms, u64 gpa)
{
	u8 pi[0x70] = {};
	int i;

	memcpy(pi, ld, 48);
	if (page)
		sevl_snpt_sha384(test, page, 4096, pi + 0x30);
	pi[0x60] = 0x70;
	pi[0x62] = type;
	pi[0x63] = imi;
	pi[0x64] = perms ? perms[2] : 0;
	pi[0x65] = perms ? perms[1] : 0;
	pi[0x66] = perms ? perms[0] : 0;
	for (i = 0; i < 8; i++)
		pi[0x68 + i] = gpa >> (8 * i);
	sevl_snpt_sha384(test, pi, sizeof(pi), ld);
}

/**
 * sevl_snpt_guest() - an SNP guest launched to GSTATE_LAUNCH with an ASID
 * @t: fixture; SNP INIT
 * @gctx: guest context page
 * @policy: guest policy
 * @asid: ASID (1..SNPT_MIN_SEV_ASID - 1, clean)
 *
 * Return: the firmware's guest context.
 */
struct sevl_snp_guest *sevl_snpt_guest(struct sevl_snpt *t, u64 gctx,
				       u64 policy, u32 asid)
{
	KUNIT_ASSERT_EQ(t->test, sevl_snpt_start(t, gctx, policy),
			SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(t->test, sevl_snpt_activate(t, gctx, asid),
			SEV_RET_SUCCESS);
	return sevl_snp_guest_find(t->fw, gctx);
}
