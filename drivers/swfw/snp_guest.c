// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: SEV-SNP guest contexts, SNP_ACTIVATE and
 * SNP_DECOMMISSION.
 *
 * A guest context lives in a page the host gave the firmware (Firmware
 * state) at SNP_LAUNCH_START; the page is then in the Context state, which
 * the host cannot change, until SNP_DECOMMISSION makes it Firmware again
 * (the host then reclaims it with SNP_PAGE_RECLAIM).  The model keeps the
 * context itself in its own memory, indexed by the page's frame number.
 *
 * SNP guests take their ASID from the SEV-ES range (1..min_sev_asid-1) of
 * the ASID table they share with legacy guests.  SNP has no DEACTIVATE:
 * SNP_DECOMMISSION releases the ASID, which then needs a DF_FLUSH.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <sev-launch/kunit.h>

#include "fw.h"

/**
 * sevl_snp_guest_find() - the SNP guest whose context page is at @gctx_pa
 * @fw: firmware; fw->lock held
 * @gctx_pa: system physical address of the guest context page
 *
 * Return: the guest, or NULL if @gctx_pa is not a guest context page.
 */
struct sevl_snp_guest *sevl_snp_guest_find(struct sevl_fw *fw, u64 gctx_pa)
{
	u64 pfn = gctx_pa >> PAGE_SHIFT;

	if (!IS_ALIGNED(gctx_pa, SEVL_SNP_PAGE_SIZE) || pfn > ULONG_MAX)
		return NULL;
	return xa_load(&fw->snp.guests, pfn);
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_guest_find);

/* Delete a guest: ASID released, context page back to Firmware. */
static void sevl_snp_guest_delete(struct sevl_fw *fw, struct sevl_snp_guest *g)
{
	struct sevl_snp_rmpe e = { .state = SEVL_RMP_FIRMWARE };
	u64 pfn = g->gctx_pa >> PAGE_SHIFT;

	if (g->asid)
		fw->asids[g->asid - 1] = SEVL_ASID_DIRTY;
	/* Context -> Firmware changes an existing entry: cannot fail. */
	sevl_snp_rmp_set(fw, pfn, &e);
	xa_erase(&fw->snp.guests, pfn);
	kfree_sensitive(g);
	fw->snp.guest_count--;
}

/**
 * sevl_snp_guests_clear() - delete every SNP guest (shutdown, destroy)
 * @fw: firmware
 */
void sevl_snp_guests_clear(struct sevl_fw *fw)
{
	struct sevl_snp_guest *g;
	unsigned long idx;

	xa_for_each(&fw->snp.guests, idx, g)
		sevl_snp_guest_delete(fw, g);
}

/* SNP INIT and a known guest context. */
static u16 sevl_snp_guest_get(struct sevl_fw *fw, u64 gctx_pa,
			      struct sevl_snp_guest **gp)
{
	if (fw->snp.state != SEVL_SNP_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	*gp = sevl_snp_guest_find(fw, gctx_pa);
	return *gp ? SEV_RET_SUCCESS : SEV_RET_INVALID_GUEST;
}

/**
 * sevl_snp_activate() - SNP_ACTIVATE: bind an ASID to an SNP guest
 * @fw: firmware
 * @cmd: struct sevl_snp_activate
 *
 * SNP INIT (INVALID_PLATFORM_STATE); a guest context (INVALID_GUEST); the
 * guest has no ASID yet (ACTIVE); the ASID is in the SEV-ES/SNP range
 * 1..min_sev_asid-1 (INVALID_ASID); no guest, legacy or SNP, holds it
 * (ASID_OWNED); it was flushed since its last use (DFFLUSH_REQUIRED).
 *
 * Return: SEV status.
 */
u16 sevl_snp_activate(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_activate *c = cmd;
	struct sevl_snp_guest *g;
	u16 ret;
	u8 *st;

	ret = sevl_snp_guest_get(fw, c->gctx_paddr, &g);
	if (ret)
		return ret;
	if (g->asid)
		return SEV_RET_ACTIVE;
	if (!c->asid || c->asid >= fw->p.min_sev_asid ||
	    c->asid > fw->p.nr_asids)
		return SEV_RET_INVALID_ASID;
	st = &fw->asids[c->asid - 1];
	if (*st == SEVL_ASID_ALLOCATED || *st == SEVL_ASID_IN_USE)
		return SEV_RET_ASID_OWNED;
	if (*st == SEVL_ASID_DIRTY)
		return SEV_RET_DFFLUSH_REQUIRED;
	g->asid = c->asid;
	*st = g->state == SEVL_SNP_GSTATE_RUNNING ? SEVL_ASID_IN_USE :
						   SEVL_ASID_ALLOCATED;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_snp_decommission() - SNP_DECOMMISSION: delete an SNP guest
 * @fw: firmware
 * @cmd: struct sevl_snp_addr: the guest context page
 *
 * SNP INIT; a guest context (INVALID_GUEST); any guest state.  The keys are
 * wiped, the ASID needs a DF_FLUSH before reuse and the context page is in
 * the Firmware state again.  The guest's memory stays assigned to the ASID
 * in the RMP until the host takes it back.
 *
 * Return: SEV status.
 */
u16 sevl_snp_decommission(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_addr *c = cmd;
	struct sevl_snp_guest *g;
	u16 ret;

	ret = sevl_snp_guest_get(fw, c->address, &g);
	if (ret)
		return ret;
	sevl_snp_guest_delete(fw, g);
	return SEV_RET_SUCCESS;
}
