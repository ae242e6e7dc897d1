// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: the SEV-SNP launch commands SNP_LAUNCH_START,
 * SNP_LAUNCH_UPDATE and SNP_LAUNCH_FINISH.
 *
 * Guest states: LAUNCH_START creates a guest context in GSTATE_LAUNCH,
 * LAUNCH_UPDATE measures and encrypts one page at a time in LAUNCH,
 * LAUNCH_FINISH moves to RUNNING.  The launch digest is the SNP PAGE_INFO
 * chain (SNP ABI, "PAGE_INFO"):
 *
 *	LD_0 = 48 zero bytes
 *	LD_n = SHA-384(PAGE_INFO(DIGEST_CUR = LD_n-1, CONTENTS, LENGTH = 0x70,
 *			PAGE_TYPE, IMI_PAGE, VMPL3/2/1_PERMS, GPA))
 *
 * with CONTENTS = SHA-384 of the page for NORMAL and VMSA pages and zero
 * for ZERO, UNMEASURED, SECRETS and CPUID pages, and GPA the one the host
 * gave the page in the RMP.  Pages must be Pre-Guest for the guest's ASID
 * and become Guest-Valid.
 */
#include <linux/kernel.h>
#include <linux/bitfield.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "fw.h"

/* Secrets page (SNP ABI, "Secrets Page Format"); the rest is zero. */
#define SEVL_SNP_SECRETS_VERSION	3
#define SEVL_SNP_SECRETS_IMIEN		BIT(0)

struct sevl_snp_secrets {
	__le32 version;
	__le32 flags;
	__le32 fms;
	__le32 rsvd;
	u8 gosvw[16];
	u8 vmpck[SEVL_SNP_NR_VMPCK][SEVL_SNP_VMPCK_LEN];
} __packed;

/* Policy bits this emulated platform cannot honour (Documentation). */
#define SEVL_SNP_POLICY_UNSUPPORTED \
	(SEVL_SNP_POLICY_MEM_AES_256_XTS | SEVL_SNP_POLICY_RAPL_DIS | \
	 SEVL_SNP_POLICY_CIPHERTEXT_HIDING)
/* VMPL permission bits (read, write, user/supervisor execute, shadow stack). */
#define SEVL_SNP_PERM_MASK	GENMASK(4, 0)

/* Working copies of one page; at most two pages of the scratch memory. */
#define SEVL_SNP_PAGE_BUF(fw, i)	((fw)->scratch + (i) * SEVL_SNP_PAGE_SIZE)

static u16 sevl_snp_policy_check(struct sevl_fw *fw, u64 policy)
{
	u8 major = FIELD_GET(SEVL_SNP_POLICY_ABI_MAJOR, policy);
	u8 minor = FIELD_GET(SEVL_SNP_POLICY_ABI_MINOR, policy);

	if ((policy & SEVL_SNP_POLICY_RSVD_MASK) ||
	    !(policy & SEVL_SNP_POLICY_RSVD_MBO))
		return SEV_RET_POLICY_FAILURE;
	if (major > fw->snp.api_major ||
	    (major == fw->snp.api_major && minor > fw->snp.api_minor))
		return SEV_RET_POLICY_FAILURE;
	/* The emulated platform has SMT enabled and one socket. */
	if (!(policy & SEVL_SNP_POLICY_SMT))
		return SEV_RET_POLICY_FAILURE;
	if (policy & SEVL_SNP_POLICY_UNSUPPORTED)
		return SEV_RET_POLICY_FAILURE;
	return SEV_RET_SUCCESS;
}

/*
 * A new guest context in the Firmware page at @gctx_pa, which becomes its
 * Context page; the guest is in state INIT.  NULL and *@ret set on failure.
 */
static struct sevl_snp_guest *sevl_snp_gctx_new(struct sevl_fw *fw,
						u64 gctx_pa, u16 *ret)
{
	struct sevl_snp_rmpe e = { .state = SEVL_RMP_CONTEXT };
	struct sevl_snp_guest *g;
	u64 pfn = gctx_pa >> PAGE_SHIFT;
	int err;

	*ret = SEV_RET_RESOURCE_LIMIT;
	if (fw->snp.guest_count >= fw->p.max_guests)
		return NULL;
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return NULL;
	g->gctx_pa = gctx_pa;
	g->state = SEVL_SNP_GSTATE_INIT;
	get_random_bytes(g->vek, sizeof(g->vek));
	get_random_bytes(g->report_id, sizeof(g->report_id));
	memset(g->report_id_ma, 0xff, sizeof(g->report_id_ma));
	err = xa_insert(&fw->snp.guests, pfn, g, GFP_KERNEL);
	if (!err) {
		err = sevl_snp_rmp_set(fw, pfn, &e);
		if (err)
			xa_erase(&fw->snp.guests, pfn);
	}
	if (err) {
		kfree_sensitive(g);
		return NULL;
	}
	fw->snp.guest_count++;
	*ret = SEV_RET_SUCCESS;
	return g;
}

/**
 * sevl_snp_gctx_create() - SNP_GCTX_CREATE: a guest context, state INIT
 * @fw: firmware
 * @cmd: struct sevl_snp_addr: the context page
 *
 * SNP INIT (INVALID_PLATFORM_STATE); the page 4 KiB aligned
 * (INVALID_ADDRESS) and a Firmware page (INVALID_PAGE_STATE), which
 * becomes the Context page; a full guest table gives RESOURCE_LIMIT.
 * SNP_LAUNCH_START then starts the launch of that guest (upstream KVM
 * issues both).
 *
 * Return: SEV status.
 */
u16 sevl_snp_gctx_create(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_addr *c = cmd;
	u16 ret;

	if (fw->snp.state != SEVL_SNP_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	if (!IS_ALIGNED(c->address, SEVL_SNP_PAGE_SIZE))
		return SEV_RET_INVALID_ADDRESS;
	ret = sevl_snp_rmp_check_state(fw, c->address, SEVL_SNP_PAGE_SIZE,
				       SEVL_RMP_FIRMWARE);
	if (ret)
		return ret;
	sevl_snp_gctx_new(fw, c->address, &ret);
	return ret;
}

/**
 * sevl_snp_launch_start() - SNP_LAUNCH_START: start a guest's launch
 * @fw: firmware
 * @cmd: struct sevl_snp_launch_start
 *
 * SNP INIT (INVALID_PLATFORM_STATE).  Reserved flag bits zero
 * (INVALID_PARAM).  The context page 4 KiB aligned (INVALID_ADDRESS) and
 * either the context of a guest SNP_GCTX_CREATE made, still in state INIT
 * (else INVALID_GUEST_STATE), or a Firmware page that becomes a new
 * context (INVALID_PAGE_STATE otherwise).  The policy: reserved bits zero, bit
 * 17 one, ABI_MAJOR.ABI_MINOR no newer than the firmware's, SMT allowed
 * (the platform runs SMT), no feature the platform lacks (AES-256-XTS,
 * RAPL disabled, ciphertext hiding), each else POLICY_FAILURE.  With MA_EN
 * the policy must allow a migration agent (POLICY_FAILURE) and
 * MA_GCTX_PADDR must be a RUNNING guest (INVALID_GUEST); its REPORT_ID
 * becomes REPORT_ID_MA.  A full guest table gives RESOURCE_LIMIT.
 *
 * Return: SEV status.
 */
u16 sevl_snp_launch_start(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_launch_start *c = cmd;
	struct sevl_snp_guest *g, *ma = NULL;
	u16 ret;

	if (fw->snp.state != SEVL_SNP_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	if (c->flags & ~(SEVL_SNP_START_MA_EN | SEVL_SNP_START_IMI_EN))
		return SEV_RET_INVALID_PARAM;
	if (!IS_ALIGNED(c->gctx_paddr, SEVL_SNP_PAGE_SIZE))
		return SEV_RET_INVALID_ADDRESS;
	/* A context SNP_GCTX_CREATE made, or a Firmware page to make one. */
	g = sevl_snp_guest_find(fw, c->gctx_paddr);
	if (g && g->state != SEVL_SNP_GSTATE_INIT)
		return SEV_RET_INVALID_GUEST_STATE;
	if (!g) {
		ret = sevl_snp_rmp_check_state(fw, c->gctx_paddr,
					       SEVL_SNP_PAGE_SIZE,
					       SEVL_RMP_FIRMWARE);
		if (ret)
			return ret;
	}
	ret = sevl_snp_policy_check(fw, c->policy);
	if (ret)
		return ret;
	if (c->flags & SEVL_SNP_START_MA_EN) {
		if (!(c->policy & SEVL_SNP_POLICY_MIGRATE_MA))
			return SEV_RET_POLICY_FAILURE;
		ma = sevl_snp_guest_find(fw, c->ma_gctx_paddr);
		if (!ma || ma->state != SEVL_SNP_GSTATE_RUNNING)
			return SEV_RET_INVALID_GUEST;
	}
	if (!g) {
		g = sevl_snp_gctx_new(fw, c->gctx_paddr, &ret);
		if (!g)
			return ret;
	}
	g->state = SEVL_SNP_GSTATE_LAUNCH;
	g->policy = c->policy;
	g->imi_en = c->flags & SEVL_SNP_START_IMI_EN;
	g->launch_tcb = fw->snp.current_tcb;
	memcpy(g->gosvw, c->gosvw, sizeof(g->gosvw));
	g->desired_tsc_khz = c->desired_tsc_khz;
	if (ma)
		memcpy(g->report_id_ma, ma->report_id, sizeof(g->report_id_ma));
	return SEV_RET_SUCCESS;
}

/* The next link of the PAGE_INFO chain. */
static int sevl_snp_measure(struct sevl_snp_guest *g, const u8 *contents,
			    u8 type, bool imi, const u8 *perms, u64 gpa)
{
	struct sevl_snp_page_info pi = {
		.length = cpu_to_le16(sizeof(pi)),
		.page_type = type,
		.imi_page = imi,
		.vmpl3_perms = perms[2],
		.vmpl2_perms = perms[1],
		.vmpl1_perms = perms[0],
		.gpa = cpu_to_le64(gpa),
	};

	memcpy(pi.digest_cur, g->ld, sizeof(pi.digest_cur));
	if (contents)
		memcpy(pi.contents, contents, sizeof(pi.contents));
	return sevl_sha384(&pi, sizeof(pi), g->ld);
}

static void sevl_snp_fill_secrets(struct sevl_snp_guest *g, u8 *page)
{
	struct sevl_snp_secrets *s = (struct sevl_snp_secrets *)page;

	if (!g->secrets_done)
		get_random_bytes(g->vmpck, sizeof(g->vmpck));
	g->secrets_done = true;
	memset(page, 0, SEVL_SNP_PAGE_SIZE);
	s->version = cpu_to_le32(SEVL_SNP_SECRETS_VERSION);
	s->flags = cpu_to_le32(g->imi_en ? SEVL_SNP_SECRETS_IMIEN : 0);
	s->fms = cpu_to_le32(sevl_snp_cpuid_fms());
	memcpy(s->gosvw, g->gosvw, sizeof(s->gosvw));
	memcpy(s->vmpck, g->vmpck, sizeof(s->vmpck));
}

/* Decode and check the command buffer and the page's RMP entry. */
static u16 sevl_snp_update_args(struct sevl_fw *fw,
				const struct sevl_snp_launch_update *c,
				struct sevl_snp_guest **gp,
				struct sevl_snp_rmpe *e)
{
	struct sevl_snp_guest *g;
	u8 type = FIELD_GET(SEVL_SNP_UPDATE_PAGE_TYPE, c->flags);
	u32 perms = c->perms;
	int i;

	if (fw->snp.state != SEVL_SNP_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	g = sevl_snp_guest_find(fw, c->gctx_paddr);
	if (!g)
		return SEV_RET_INVALID_GUEST;
	if (g->state != SEVL_SNP_GSTATE_LAUNCH)
		return SEV_RET_INVALID_GUEST_STATE;
	if ((c->flags & SEVL_SNP_UPDATE_RSVD) || c->rsvd2 || c->rsvd4 ||
	    (perms & SEVL_SNP_UPDATE_PERMS_RSVD))
		return SEV_RET_INVALID_PARAM;
	if (type < SEVL_SNP_PAGE_NORMAL || type > SEVL_SNP_PAGE_CPUID)
		return SEV_RET_INVALID_PARAM;
	if ((c->flags & SEVL_SNP_UPDATE_IMI) && !g->imi_en)
		return SEV_RET_INVALID_PARAM;
	for (i = 0; i < 3; i++) {
		u8 p = perms >> (8 * (i + 1));

		if (p & ~SEVL_SNP_PERM_MASK)
			return SEV_RET_INVALID_PARAM;
		if (p && type == SEVL_SNP_PAGE_VMSA)
			return SEV_RET_INVALID_PARAM;
	}
	if (c->flags & SEVL_SNP_UPDATE_PAGE_SIZE)
		return SEV_RET_INVALID_PAGE_SIZE;
	if (!IS_ALIGNED(c->address, SEVL_SNP_PAGE_SIZE))
		return SEV_RET_INVALID_ADDRESS;
	if (!g->asid)
		return SEV_RET_INACTIVE;
	sevl_snp_rmp_get(fw, c->address >> PAGE_SHIFT, e);
	if (e->state != SEVL_RMP_PRE_GUEST)
		return SEV_RET_INVALID_PAGE_STATE;
	if (e->asid != g->asid)
		return SEV_RET_INVALID_PAGE_OWNER;
	*gp = g;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_snp_launch_update() - SNP_LAUNCH_UPDATE: measure and encrypt a page
 * @fw: firmware
 * @cmd: struct sevl_snp_launch_update
 *
 * Checks, in order: SNP INIT (INVALID_PLATFORM_STATE); a guest context
 * (INVALID_GUEST) in GSTATE_LAUNCH (INVALID_GUEST_STATE); reserved bits and
 * fields zero, a page type 1..6, IMI_PAGE only for a guest started with
 * IMI_EN, VMPL permissions within bits 0-4 and zero for a VMSA page
 * (INVALID_PARAM); a 4 KiB page (INVALID_PAGE_SIZE: the model assigns no
 * 2 MiB pages); a 4 KiB aligned address (INVALID_ADDRESS); an activated
 * guest (INACTIVE); the page Pre-Guest (INVALID_PAGE_STATE, which also
 * refuses a page measured before) and assigned to the guest's ASID
 * (INVALID_PAGE_OWNER).  Then, by type: NORMAL and VMSA pages are measured
 * (SHA-384) and encrypted in place; ZERO pages are zeroed and encrypted;
 * UNMEASURED pages are encrypted; the SECRETS page is filled by the
 * firmware (VMPCKs drawn at the first one) and encrypted; a CPUID page is
 * checked against the platform's table and encrypted, or, if any entry is
 * wrong, written back corrected in plaintext with INVALID_PARAM and the page
 * left Pre-Guest for the host to reclaim.  On success the PAGE_INFO is
 * added to the launch digest and the page is Guest-Valid (VMSA flag for a
 * VMSA page) with the VMPL permissions.
 *
 * Return: SEV status.
 */
u16 sevl_snp_launch_update(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_launch_update *c = cmd;
	u8 type = FIELD_GET(SEVL_SNP_UPDATE_PAGE_TYPE, c->flags);
	bool imi = c->flags & SEVL_SNP_UPDATE_IMI;
	u8 *page = SEVL_SNP_PAGE_BUF(fw, 0);
	u8 *enc = SEVL_SNP_PAGE_BUF(fw, 1);
	u8 digest[SHA384_DIGEST_SIZE], ld[SHA384_DIGEST_SIZE];
	u8 perms[3] = { c->perms >> 8, c->perms >> 16, c->perms >> 24 };
	struct sevl_snp_guest *g;
	struct sevl_snp_rmpe e;
	bool contents = false;
	u16 ret;

	ret = sevl_snp_update_args(fw, c, &g, &e);
	if (ret)
		return ret;

	ret = sevl_fw_read(fw, c->address, page, SEVL_SNP_PAGE_SIZE);
	if (ret)
		goto out;
	switch (type) {
	case SEVL_SNP_PAGE_NORMAL:
	case SEVL_SNP_PAGE_VMSA:
		ret = SEV_RET_HWSEV_RET_PLATFORM;
		if (sevl_sha384(page, SEVL_SNP_PAGE_SIZE, digest))
			goto out;
		contents = true;
		break;
	case SEVL_SNP_PAGE_ZERO:
		memset(page, 0, SEVL_SNP_PAGE_SIZE);
		break;
	case SEVL_SNP_PAGE_SECRETS:
		sevl_snp_fill_secrets(g, page);
		break;
	case SEVL_SNP_PAGE_CPUID:
		if (!sevl_snp_cpuid_check(page)) {
			/* Corrected page, in plaintext, for the host. */
			ret = sevl_fw_write(fw, c->address, page,
					    SEVL_SNP_PAGE_SIZE);
			if (!ret)
				ret = SEV_RET_INVALID_PARAM;
			goto out;
		}
		break;
	}

	/* Digest first: a failure must leave the chain as it was. */
	memcpy(ld, g->ld, sizeof(ld));
	ret = SEV_RET_HWSEV_RET_PLATFORM;
	if (sevl_snp_measure(g, contents ? digest : NULL, type, imi, perms,
			     e.gpa))
		goto out_ld;
	if (sevl_mem_encrypt(g->vek, c->address, page, enc, SEVL_SNP_PAGE_SIZE))
		goto out_ld;
	ret = sevl_fw_write(fw, c->address, enc, SEVL_SNP_PAGE_SIZE);
	if (ret)
		goto out_ld;
	e.state = SEVL_RMP_GUEST_VALID;
	e.vmsa = type == SEVL_SNP_PAGE_VMSA;
	memcpy(e.perms, perms, sizeof(e.perms));
	sevl_snp_rmp_set(fw, c->address >> PAGE_SHIFT, &e);	/* exists */
	goto out;
out_ld:
	memcpy(g->ld, ld, sizeof(ld));
out:
	memzero_explicit(fw->scratch, 2 * SEVL_SNP_PAGE_SIZE);
	memzero_explicit(digest, sizeof(digest));
	return ret;
}

/**
 * sevl_snp_launch_finish() - SNP_LAUNCH_FINISH: the guest may run
 * @fw: firmware
 * @cmd: struct sevl_snp_launch_finish
 *
 * SNP INIT (INVALID_PLATFORM_STATE); a guest context (INVALID_GUEST) in
 * GSTATE_LAUNCH (INVALID_GUEST_STATE); reserved flags zero and AUTH_KEY_EN
 * only with ID_BLOCK_EN (INVALID_PARAM).  With ID_BLOCK_EN the ID block and
 * its authentication are checked as sevl_snp_id_check() says; nothing of
 * the guest changes on a failure.  Records HOST_DATA and VCEK_DISABLED and
 * moves the guest to RUNNING; its launch digest is final.
 *
 * Return: SEV status.
 */
u16 sevl_snp_launch_finish(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_launch_finish *c = cmd;
	struct sevl_snp_guest *g;
	u16 ret;

	if (fw->snp.state != SEVL_SNP_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	g = sevl_snp_guest_find(fw, c->gctx_paddr);
	if (!g)
		return SEV_RET_INVALID_GUEST;
	if (g->state != SEVL_SNP_GSTATE_LAUNCH)
		return SEV_RET_INVALID_GUEST_STATE;
	if ((c->flags & SEVL_SNP_FINISH_RSVD) ||
	    ((c->flags & SEVL_SNP_FINISH_AUTH_KEY_EN) &&
	     !(c->flags & SEVL_SNP_FINISH_ID_BLOCK_EN)))
		return SEV_RET_INVALID_PARAM;
	if (c->flags & SEVL_SNP_FINISH_ID_BLOCK_EN) {
		ret = sevl_snp_id_check(fw, g, c);
		if (ret)
			return ret;
	}
	memcpy(g->host_data, c->host_data, sizeof(g->host_data));
	g->vcek_disabled = c->flags & SEVL_SNP_FINISH_VCEK_DISABLED;
	g->state = SEVL_SNP_GSTATE_RUNNING;
	if (g->asid && fw->asids[g->asid - 1] == SEVL_ASID_ALLOCATED)
		fw->asids[g->asid - 1] = SEVL_ASID_IN_USE;
	return SEV_RET_SUCCESS;
}
