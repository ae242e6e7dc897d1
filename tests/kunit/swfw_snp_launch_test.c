// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: SEV-SNP launch in the software firmware: SNP_LAUNCH_START policy
 * and page checks, SNP_ACTIVATE, SNP_LAUNCH_UPDATE's RMP rules and every
 * page type against an independently computed PAGE_INFO chain, the
 * published sev-snp-measure OVMF vector, the CPUID page, SNP_LAUNCH_FINISH
 * without an ID block, SNP_DECOMMISSION and coexistence with SEV guests.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <crypto/sha2.h>

#include "swfw_snp_fixture.h"
#include "swfw_snp_vectors.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

#define GCTX(n)		(SNPT_GCTX + (u64)(n) * SEVL_SNP_PAGE_SIZE)
#define PG(n)		SNPT_PAGE(16 + (n))
#define PERMS(v1, v2, v3) ((v1) << 8 | (v2) << 16 | (v3) << 24)

static void snp_start_rules(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	u64 pol = sevl_snpt_policy();
	struct sevl_snp_launch_start ls = { .gctx_paddr = GCTX(0),
					    .policy = pol };
	struct sevl_snp_status st;
	int i;

	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_START, ls),
			SEV_RET_INVALID_PLATFORM_STATE);
	sevl_snpt_up(t);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_START, ls),
			SEV_RET_INVALID_PAGE_STATE);	/* Hypervisor page */
	sevl_snpt_firmware(t, GCTX(0));
	ls.gctx_paddr = GCTX(0) + 0x10;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_START, ls),
			SEV_RET_INVALID_ADDRESS);
	ls.gctx_paddr = GCTX(0);
	ls.flags = BIT(2);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_START, ls),
			SEV_RET_INVALID_PARAM);
	ls.flags = 0;

	/* Policy: each of these alone is refused. */
	{
		static const u64 bad[] = {
			BIT_ULL(25), BIT_ULL(63),		/* reserved */
			SEVL_SNP_POLICY_RSVD_MBO,		/* must be 1 */
			SEVL_SNP_POLICY_SMT,			/* SMT on */
			SEVL_SNP_POLICY_MEM_AES_256_XTS,
			SEVL_SNP_POLICY_RAPL_DIS,
			SEVL_SNP_POLICY_CIPHERTEXT_HIDING,
			FIELD_PREP_CONST(SEVL_SNP_POLICY_ABI_MINOR, 56) |
			FIELD_PREP_CONST(SEVL_SNP_POLICY_ABI_MAJOR, 1),
			FIELD_PREP_CONST(SEVL_SNP_POLICY_ABI_MAJOR, 2),
		};

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			ls.policy = pol ^ bad[i];
			KUNIT_EXPECT_EQ_MSG(test, SX(t, SNP_LAUNCH_START, ls),
					    SEV_RET_POLICY_FAILURE,
					    "policy %llx", ls.policy);
		}
	}
	/* A migration agent needs the policy's consent and a guest. */
	ls.policy = pol;
	ls.flags = SEVL_SNP_START_MA_EN;
	ls.ma_gctx_paddr = GCTX(1);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_START, ls),
			SEV_RET_POLICY_FAILURE);
	ls.policy = pol | SEVL_SNP_POLICY_MIGRATE_MA;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_START, ls),
			SEV_RET_INVALID_GUEST);
	KUNIT_EXPECT_EQ(test, t->fw->snp.guest_count, 0);

	/* Accepted: ABI 1.55, debug, single socket. */
	ls.flags = 0;
	ls.policy = pol | SEVL_SNP_POLICY_DEBUG | SEVL_SNP_POLICY_SINGLE_SOCKET |
		    FIELD_PREP(SEVL_SNP_POLICY_ABI_MINOR, 55) |
		    FIELD_PREP(SEVL_SNP_POLICY_ABI_MAJOR, 1);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_START, ls), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, GCTX(0)), SEVL_RMP_CONTEXT);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_START, ls),
			SEV_RET_INVALID_GUEST_STATE);	/* launch started */
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_make_shared(t->fw, GCTX(0), 1),
			-EPERM);
	KUNIT_ASSERT_EQ(test, sevl_snpt_status(t, &st), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, st.guest_count, 1);

	/* SNP_GCTX_CREATE (upstream KVM's way): a context in state INIT. */
	{
		struct sevl_snp_addr gc = { .address = GCTX(1) };

		KUNIT_EXPECT_EQ(test, SX(t, SNP_GCTX_CREATE, gc),
				SEV_RET_INVALID_PAGE_STATE);	/* Hypervisor */
		sevl_snpt_firmware(t, GCTX(1));
		KUNIT_EXPECT_EQ(test, SX(t, SNP_GCTX_CREATE, gc),
				SEV_RET_SUCCESS);
		KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, GCTX(1)),
				SEVL_RMP_CONTEXT);
		KUNIT_EXPECT_EQ(test, SX(t, SNP_GCTX_CREATE, gc),
				SEV_RET_INVALID_PAGE_STATE);	/* a context */
		ls.gctx_paddr = GCTX(1);
		ls.policy = pol;
		KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_START, ls),
				SEV_RET_SUCCESS);
		KUNIT_ASSERT_EQ(test, sevl_snpt_status(t, &st),
				SEV_RET_SUCCESS);
		KUNIT_EXPECT_EQ(test, st.guest_count, 2);
	}

	/* The guest table holds four guests. */
	for (i = 2; i < 4; i++)
		KUNIT_EXPECT_EQ(test, sevl_snpt_start(t, GCTX(i), pol), 0);
	KUNIT_EXPECT_EQ(test, sevl_snpt_start(t, SNPT_PAGE(7), pol),
			SEV_RET_RESOURCE_LIMIT);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, SNPT_PAGE(7)),
			SEVL_RMP_FIRMWARE);
}

static void snp_activate_rules(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	u64 pol = sevl_snpt_policy();
	struct sevl_snp_addr d = { .address = GCTX(0) };

	sevl_snpt_up(t);
	KUNIT_EXPECT_EQ(test, sevl_snpt_activate(t, GCTX(0), 1),
			SEV_RET_INVALID_GUEST);
	KUNIT_ASSERT_EQ(test, sevl_snpt_start(t, GCTX(0), pol), 0);
	KUNIT_ASSERT_EQ(test, sevl_snpt_start(t, GCTX(1), pol), 0);
	KUNIT_EXPECT_EQ(test, sevl_snpt_activate(t, GCTX(0), 0),
			SEV_RET_INVALID_ASID);
	KUNIT_EXPECT_EQ(test, sevl_snpt_activate(t, GCTX(0), SNPT_MIN_SEV_ASID),
			SEV_RET_INVALID_ASID);	/* a plain-SEV ASID */
	KUNIT_EXPECT_EQ(test, sevl_snpt_activate(t, GCTX(0), 1), 0);
	KUNIT_EXPECT_EQ(test, sevl_snpt_activate(t, GCTX(0), 2),
			SEV_RET_ACTIVE);
	KUNIT_EXPECT_EQ(test, sevl_snpt_activate(t, GCTX(1), 1),
			SEV_RET_ASID_OWNED);
	/* Decommission releases the ASID, which then needs a flush. */
	KUNIT_EXPECT_EQ(test, SX(t, SNP_DECOMMISSION, d), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, GCTX(0)), SEVL_RMP_FIRMWARE);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_DECOMMISSION, d), SEV_RET_INVALID_GUEST);
	KUNIT_EXPECT_EQ(test, sevl_snpt_activate(t, GCTX(1), 1),
			SEV_RET_DFFLUSH_REQUIRED);
	KUNIT_EXPECT_EQ(test, SX0(t, SNP_DF_FLUSH), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snpt_activate(t, GCTX(1), 1), 0);
	KUNIT_EXPECT_EQ(test, t->fw->snp.guest_count, 1);
}

/* Every refusal of SNP_LAUNCH_UPDATE leaves page, RMP and digest alone. */
static void snp_update_rules(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_launch_update u = { .gctx_paddr = GCTX(0),
					    .address = PG(0) };
	struct sevl_snp_guest *g;
	u8 ld[48];

	sevl_snpt_up(t);
	KUNIT_ASSERT_EQ(test, sevl_snpt_start(t, GCTX(0), sevl_snpt_policy()),
			0);
	g = sevl_snp_guest_find(t->fw, GCTX(0));
	KUNIT_ASSERT_NOT_NULL(test, g);
	sevl_snpt_assign(t, PG(0), 1, 0x1000);
	u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, SEVL_SNP_PAGE_NORMAL);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_INACTIVE);
	KUNIT_ASSERT_EQ(test, sevl_snpt_activate(t, GCTX(0), 2), 0);
	/* Assigned to ASID 1, the guest has 2. */
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u),
			SEV_RET_INVALID_PAGE_OWNER);

	memcpy(ld, g->ld, sizeof(ld));
	u.gctx_paddr = GCTX(1);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_INVALID_GUEST);
	u.gctx_paddr = GCTX(0);
	u.address = PG(1);			/* Hypervisor */
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u),
			SEV_RET_INVALID_PAGE_STATE);
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_update(t->fw, PG(1) >> PAGE_SHIFT,
						  true, 2, 0x2000, false), 0);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u),
			SEV_RET_INVALID_PAGE_STATE);	/* Guest-Invalid */
	sevl_snpt_firmware(t, PG(2));
	u.address = PG(2);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u),
			SEV_RET_INVALID_PAGE_STATE);	/* Firmware */
	sevl_snpt_assign(t, PG(3), 2, 0x3000);
	u.address = PG(3) + 0x100;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u),
			SEV_RET_INVALID_ADDRESS);
	u.address = PG(3);
	u.flags |= SEVL_SNP_UPDATE_PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u),
			SEV_RET_INVALID_PAGE_SIZE);
	u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, 0);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_INVALID_PARAM);
	u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, 7);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_INVALID_PARAM);
	u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, SEVL_SNP_PAGE_NORMAL) |
		  SEVL_SNP_UPDATE_IMI;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_INVALID_PARAM);
	u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, SEVL_SNP_PAGE_NORMAL) |
		  BIT(5);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_INVALID_PARAM);
	u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, SEVL_SNP_PAGE_NORMAL);
	u.perms = PERMS(0x20, 0, 0);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_INVALID_PARAM);
	u.perms = 1;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_INVALID_PARAM);
	u.perms = PERMS(1, 0, 0);
	u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, SEVL_SNP_PAGE_VMSA);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_INVALID_PARAM);
	u.rsvd2 = 1;
	u.perms = 0;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, sizeof(ld));
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, PG(3)), SEVL_RMP_PRE_GUEST);

	/* Accepted once; measuring the page again is refused. */
	u.rsvd2 = 0;
	u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, SEVL_SNP_PAGE_NORMAL);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, PG(3)), SEVL_RMP_GUEST_VALID);
	memcpy(ld, g->ld, sizeof(ld));
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u),
			SEV_RET_INVALID_PAGE_STATE);
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, sizeof(ld));
	/* A running guest takes no more pages. */
	{
		struct sevl_snp_launch_finish f = { .gctx_paddr = GCTX(0) };

		sevl_snpt_assign(t, PG(4), 2, 0x4000);
		KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_FINISH, f), 0);
		u.address = PG(4);
		KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u),
				SEV_RET_INVALID_GUEST_STATE);
	}
}

/* sev-snp-measure's published OVMF hash, driven through the firmware. */
static void snp_update_ovmf_vector(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_guest *g;
	u8 sum[SHA256_DIGEST_SIZE], *dec;

	sha256(snpv_ovmf_suffix, sizeof(snpv_ovmf_suffix), sum);
	KUNIT_ASSERT_MEMEQ(test, sum, snpv_ovmf_sha256, sizeof(sum));

	sevl_snpt_up(t);
	g = sevl_snpt_guest(t, GCTX(0), sevl_snpt_policy(), 1);
	memcpy(sevl_snpt_p(t, PG(0)), snpv_ovmf_suffix, 4096);
	sevl_snpt_assign(t, PG(0), 1, SNPV_OVMF_GPA);
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, GCTX(0), PG(0),
					       SEVL_SNP_PAGE_NORMAL, 0), 0);
	KUNIT_EXPECT_MEMEQ(test, g->ld, snpv_ovmf_ld, sizeof(snpv_ovmf_ld));

	/* Encrypted in place with the guest's key. */
	dec = kunit_kmalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dec);
	KUNIT_EXPECT_NE(test, memcmp(sevl_snpt_p(t, PG(0)), snpv_ovmf_suffix,
				     4096), 0);
	KUNIT_ASSERT_EQ(test, sevl_mem_decrypt(g->vek, PG(0),
					       sevl_snpt_p(t, PG(0)), dec,
					       4096), 0);
	KUNIT_EXPECT_MEMEQ(test, dec, snpv_ovmf_suffix, 4096);
}

/* A valid CPUID page: one leaf-1 entry the platform supports. */
static void snp_cpuid_page(u8 *p, u32 ecx)
{
	u32 *w = (u32 *)p;

	memset(p, 0, 4096);
	w[0] = 1;			/* COUNT */
	w[4] = 1;			/* EAX_IN */
	w[4 + 6] = 0x00a10f11;		/* EAX: the platform's FMS */
	w[4 + 8] = ecx;			/* ECX */
}

/* Every page type, checked against an independently built chain. */
static void snp_update_page_types(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	u8 *page = kunit_kmalloc(test, 4096, GFP_KERNEL);
	u8 *dec = kunit_kmalloc(test, 4096, GFP_KERNEL);
	static const u8 perms[3] = { 0x1f, 0x03, 0x01 };
	struct sevl_snp_launch_start ls = {
		.gctx_paddr = GCTX(0), .policy = sevl_snpt_policy(),
		.flags = SEVL_SNP_START_IMI_EN, .gosvw = { 0x5a },
	};
	struct sevl_snp_launch_update u = { .gctx_paddr = GCTX(0) };
	struct sevl_snp_guest *g;
	struct sevl_snp_rmpe e;
	u8 ld[48] = {};
	int i;

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, dec);
	sevl_snpt_up(t);
	sevl_snpt_firmware(t, GCTX(0));
	KUNIT_ASSERT_EQ(test, SX(t, SNP_LAUNCH_START, ls), 0);
	KUNIT_ASSERT_EQ(test, sevl_snpt_activate(t, GCTX(0), 3), 0);
	g = sevl_snp_guest_find(t->fw, GCTX(0));
	KUNIT_ASSERT_NOT_NULL(test, g);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(g->ld, 0, 48));

	for (i = 0; i < 8; i++) {
		memset(sevl_snpt_p(t, PG(i)), 0x30 + i, 4096);
		/* The VMSA page gets upstream KVM's VMSA GPA. */
		sevl_snpt_assign(t, PG(i), 3, i == 1 ? SEVL_SNP_VMSA_GPA :
					      0x100000 + i * 0x1000);
	}
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_update(t->fw, PG(7) >> PAGE_SHIFT,
						  false, 0, 0, false), -EPERM);

	/* NORMAL with VMPL permissions. */
	memcpy(page, sevl_snpt_p(t, PG(0)), 4096);
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, GCTX(0), PG(0),
					       SEVL_SNP_PAGE_NORMAL,
					       PERMS(0x1f, 0x03, 0x01)), 0);
	sevl_snpt_chain(test, ld, page, 1, 0, perms, 0x100000);
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, 48);
	sevl_snp_rmp_read(t->fw, PG(0) >> PAGE_SHIFT, &e);
	KUNIT_EXPECT_EQ(test, e.perms[0], 0x1f);
	KUNIT_EXPECT_EQ(test, e.perms[2], 0x01);
	KUNIT_EXPECT_FALSE(test, e.vmsa);

	/* VMSA. */
	memcpy(page, sevl_snpt_p(t, PG(1)), 4096);
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, GCTX(0), PG(1),
					       SEVL_SNP_PAGE_VMSA, 0), 0);
	sevl_snpt_chain(test, ld, page, 2, 0, NULL, 0xfffffffff000ULL);
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, 48);
	sevl_snp_rmp_read(t->fw, PG(1) >> PAGE_SHIFT, &e);
	KUNIT_EXPECT_TRUE(test, e.vmsa);
	KUNIT_EXPECT_EQ(test, e.state, SEVL_RMP_GUEST_VALID);

	/* ZERO: zeroed whatever the host left in it. */
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, GCTX(0), PG(2),
					       SEVL_SNP_PAGE_ZERO, 0), 0);
	sevl_snpt_chain(test, ld, NULL, 3, 0, NULL, 0x102000);
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, 48);
	sevl_mem_decrypt(g->vek, PG(2), sevl_snpt_p(t, PG(2)), dec, 4096);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(dec, 0, 4096));

	/* UNMEASURED: encrypted, contents not measured. */
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, GCTX(0), PG(3),
					       SEVL_SNP_PAGE_UNMEASURED, 0), 0);
	sevl_snpt_chain(test, ld, NULL, 4, 0, NULL, 0x103000);
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, 48);
	sevl_mem_decrypt(g->vek, PG(3), sevl_snpt_p(t, PG(3)), dec, 4096);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(dec, 0x33, 4096));

	/* SECRETS: written by the firmware. */
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, GCTX(0), PG(4),
					       SEVL_SNP_PAGE_SECRETS, 0), 0);
	sevl_snpt_chain(test, ld, NULL, 5, 0, NULL, 0x104000);
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, 48);
	sevl_mem_decrypt(g->vek, PG(4), sevl_snpt_p(t, PG(4)), dec, 4096);
	KUNIT_EXPECT_EQ(test, dec[0], 3);		/* VERSION */
	KUNIT_EXPECT_EQ(test, dec[4], 1);		/* IMIEN */
	KUNIT_EXPECT_EQ(test, *(u32 *)(dec + 8), 0x00a10f11);
	KUNIT_EXPECT_EQ(test, dec[0x10], 0x5a);		/* GOSVW */
	KUNIT_EXPECT_MEMEQ(test, dec + 0x20, g->vmpck, 128);
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(g->vmpck, 0, 128));
	KUNIT_EXPECT_NE(test, memcmp(g->vmpck[0], g->vmpck[1], 32), 0);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(dec + 0xa0, 0, 4096 - 0xa0));

	/* CPUID, valid. */
	snp_cpuid_page(sevl_snpt_p(t, PG(5)), BIT(0) | BIT(31));
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, GCTX(0), PG(5),
					       SEVL_SNP_PAGE_CPUID, 0), 0);
	sevl_snpt_chain(test, ld, NULL, 6, 0, NULL, 0x105000);
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, 48);

	/* An IMI page. */
	memcpy(page, sevl_snpt_p(t, PG(6)), 4096);
	u.address = PG(6);
	u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, SEVL_SNP_PAGE_NORMAL) |
		  SEVL_SNP_UPDATE_IMI;
	KUNIT_ASSERT_EQ(test, SX(t, SNP_LAUNCH_UPDATE, u), 0);
	sevl_snpt_chain(test, ld, page, 1, 1, NULL, 0x106000);
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, 48);
}

/* A bad CPUID page: corrected copy in plaintext, INVALID_PARAM. */
static void snp_update_cpuid_bad(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_page_reclaim r = { .paddr = PG(0) };
	struct sevl_snp_guest *g;
	u32 *w = sevl_snpt_p(t, PG(0));
	u8 ld[48];

	sevl_snpt_up(t);
	g = sevl_snpt_guest(t, GCTX(0), sevl_snpt_policy(), 1);
	memcpy(ld, g->ld, sizeof(ld));
	snp_cpuid_page(sevl_snpt_p(t, PG(0)), BIT(0) | BIT(3) | BIT(31));
	w[4 + 6] = 0x00800f12;		/* another family/model */
	w[4 + 48 / 4 + 0] = 0x12345678;	/* beyond COUNT: not looked at */
	sevl_snpt_assign(t, PG(0), 1, 0x5000);
	KUNIT_EXPECT_EQ(test, sevl_snpt_update(t, GCTX(0), PG(0),
					       SEVL_SNP_PAGE_CPUID, 0),
			SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, w[0], 1);
	KUNIT_EXPECT_EQ(test, w[4 + 6], 0x00a10f11);
	KUNIT_EXPECT_EQ(test, w[4 + 8], BIT(0) | BIT(31));	/* no MONITOR */
	KUNIT_EXPECT_EQ(test, w[4 + 48 / 4], 0x12345678);
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, sizeof(ld));
	KUNIT_EXPECT_EQ(test, sevl_snpt_state(t, PG(0)), SEVL_RMP_PRE_GUEST);
	/* The host takes the page back as upstream KVM does. */
	KUNIT_EXPECT_EQ(test, SX(t, SNP_PAGE_RECLAIM, r), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_snp_rmp_make_shared(t->fw, PG(0), 1), 0);

	/* Too many entries. */
	snp_cpuid_page(sevl_snpt_p(t, PG(1)), BIT(0));
	w = sevl_snpt_p(t, PG(1));
	w[0] = 65;
	sevl_snpt_assign(t, PG(1), 1, 0x6000);
	KUNIT_EXPECT_EQ(test, sevl_snpt_update(t, GCTX(0), PG(1),
					       SEVL_SNP_PAGE_CPUID, 0),
			SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, w[0], 64);
	/* The corrected page is accepted. */
	w[0] = 1;
	KUNIT_EXPECT_EQ(test, sevl_snpt_update(t, GCTX(0), PG(1),
					       SEVL_SNP_PAGE_CPUID, 0), 0);
}

/* LAUNCH_FINISH without an ID block; the guest runs with its ASID. */
static void snp_finish_plain(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_launch_finish f = { .gctx_paddr = GCTX(0),
					    .host_data = { 1, 2, 3 } };
	struct sevl_snp_guest *g;

	sevl_snpt_up(t);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_FINISH, f),
			SEV_RET_INVALID_GUEST);
	g = sevl_snpt_guest(t, GCTX(0), sevl_snpt_policy(), 4);
	f.flags = BIT_ULL(3);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_FINISH, f), SEV_RET_INVALID_PARAM);
	f.flags = SEVL_SNP_FINISH_AUTH_KEY_EN;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_FINISH, f), SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, g->state, SEVL_SNP_GSTATE_LAUNCH);
	f.flags = SEVL_SNP_FINISH_VCEK_DISABLED;
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_FINISH, f), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, g->state, SEVL_SNP_GSTATE_RUNNING);
	KUNIT_EXPECT_EQ(test, g->host_data[2], 3);
	KUNIT_EXPECT_TRUE(test, g->vcek_disabled);
	KUNIT_EXPECT_FALSE(test, g->id_block_en);
	KUNIT_EXPECT_EQ(test, t->fw->asids[3], SEVL_ASID_IN_USE);
	KUNIT_EXPECT_EQ(test, SX(t, SNP_LAUNCH_FINISH, f),
			SEV_RET_INVALID_GUEST_STATE);
}

/* SEV-ES guests and SNP guests share the ASID table. */
static void snp_coexist_sev(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_fw_init in = { .flags = SEVL_INIT_FLAGS_ES,
				   .tmr_address = SNPT_TMR,
				   .tmr_len = 0x200000 };
	struct sevl_fw_launch_start ls = { .policy = SEV_POLICY_ES };
	struct sevl_fw_activate a = { .asid = 1 };
	struct sevl_snp_launch_finish f = { .gctx_paddr = GCTX(0) };

	sevl_snpt_up(t);
	sevl_snpt_guest(t, GCTX(0), sevl_snpt_policy(), 1);
	KUNIT_ASSERT_EQ(test, SX(t, SNP_LAUNCH_FINISH, f), 0);
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_make_firmware(t->fw, SNPT_TMR, 512),
			0);
	KUNIT_ASSERT_EQ(test, SX(t, INIT, in), SEV_RET_SUCCESS);
	/* Legacy INIT leaves the running SNP guest's ASID in use. */
	KUNIT_EXPECT_EQ(test, t->fw->asids[0], SEVL_ASID_IN_USE);
	KUNIT_ASSERT_EQ(test, SX0(t, DF_FLUSH), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, SX(t, LAUNCH_START, ls), SEV_RET_SUCCESS);
	a.handle = ls.handle;
	KUNIT_EXPECT_EQ(test, SX(t, ACTIVATE, a), SEV_RET_ASID_OWNED);
	a.asid = 2;
	KUNIT_EXPECT_EQ(test, SX(t, ACTIVATE, a), SEV_RET_SUCCESS);
	/* An SNP guest cannot take the SEV-ES guest's ASID either. */
	KUNIT_ASSERT_EQ(test, sevl_snpt_start(t, GCTX(1), sevl_snpt_policy()),
			0);
	KUNIT_EXPECT_EQ(test, sevl_snpt_activate(t, GCTX(1), 2),
			SEV_RET_ASID_OWNED);
	KUNIT_ASSERT_EQ(test, SX0(t, SHUTDOWN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, t->fw->asids[0], SEVL_ASID_IN_USE);
	KUNIT_EXPECT_EQ(test, t->fw->asids[1], SEVL_ASID_DIRTY);
	KUNIT_EXPECT_EQ(test, t->fw->snp.guest_count, 2);
}

static struct kunit_case sevl_snp_launch_cases[] = {
	KUNIT_CASE(snp_start_rules),
	KUNIT_CASE(snp_activate_rules),
	KUNIT_CASE(snp_update_rules),
	KUNIT_CASE(snp_update_ovmf_vector),
	KUNIT_CASE(snp_update_page_types),
	KUNIT_CASE(snp_update_cpuid_bad),
	KUNIT_CASE(snp_finish_plain),
	KUNIT_CASE(snp_coexist_sev),
	{}
};

static struct kunit_suite sevl_snp_launch_suite = {
	.name = "sev-swfw-snp-launch",
	.init = sevl_snpt_init,
	.exit = sevl_snpt_exit,
	.test_cases = sevl_snp_launch_cases,
};

kunit_test_suite(sevl_snp_launch_suite);
