// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: the emulated Reverse Map Table (RMP).
 *
 * On hardware the RMP is a table in memory with one entry per 4 KiB page
 * of system memory, changed by the host with the RMPUPDATE instruction and
 * by the firmware while it executes SNP commands.  The model keeps the
 * entries of pages that are not in the default Hypervisor state in an
 * xarray indexed by page frame number (a sparse table: its size follows
 * the pages SNP uses, not the size of memory), and the HV-Fixed ranges of
 * SNP_INIT_EX in a short array.
 *
 * The sevl_snp_rmp_update() family is the EMULATOR-ONLY stand-in for
 * RMPUPDATE/RMPREAD: a host driving this emulated platform (KUnit, the
 * debugfs test hooks, KVM in a later step) calls it where a host on real
 * hardware executes the instruction.  It does not exist on real hardware.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <sev-launch/kunit.h>

#include "fw.h"

/* One HV-Fixed range (SNP_INIT_EX RANGE_LIST element). */
struct sevl_snp_fixed {
	u64 pfn;
	u64 count;
};

static bool sevl_snp_rmp_fixed(struct sevl_fw *fw, u64 pfn)
{
	const struct sevl_snp_fixed *f = fw->snp.fixed;
	u32 i;

	for (i = 0; i < fw->snp.nr_fixed; i++)
		if (pfn >= f[i].pfn && pfn - f[i].pfn < f[i].count)
			return true;
	return false;
}

/**
 * sevl_snp_rmp_get() - read an RMP entry
 * @fw: firmware; fw->lock held
 * @pfn: page frame number
 * @e: receives the entry; Hypervisor (all zero) if the page has none
 */
void sevl_snp_rmp_get(struct sevl_fw *fw, u64 pfn, struct sevl_snp_rmpe *e)
{
	struct sevl_snp_rmpe *p = NULL;

	if (pfn <= ULONG_MAX)
		p = xa_load(&fw->snp.rmp, pfn);
	if (p) {
		*e = *p;
		return;
	}
	memset(e, 0, sizeof(*e));
	if (sevl_snp_rmp_fixed(fw, pfn))
		e->state = SEVL_RMP_HV_FIXED;
}

/**
 * sevl_snp_rmp_set() - write an RMP entry
 * @fw: firmware; fw->lock held
 * @pfn: page frame number
 * @e: the new entry; state Hypervisor removes it
 *
 * Return: 0, -ENOMEM, or -ERANGE for a frame beyond the table.
 */
int sevl_snp_rmp_set(struct sevl_fw *fw, u64 pfn,
		     const struct sevl_snp_rmpe *e)
{
	struct sevl_snp_rmpe *p;
	void *old;

	if (pfn > ULONG_MAX)
		return -ERANGE;
	p = xa_load(&fw->snp.rmp, pfn);
	if (e->state == SEVL_RMP_HYPERVISOR) {
		if (p) {
			xa_erase(&fw->snp.rmp, pfn);
			kfree(p);
		}
		return 0;
	}
	if (p) {
		*p = *e;
		return 0;
	}
	p = kmemdup(e, sizeof(*e), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	old = xa_store(&fw->snp.rmp, pfn, p, GFP_KERNEL);
	if (xa_is_err(old)) {
		kfree(p);
		return xa_err(old);
	}
	return 0;
}

/**
 * sevl_snp_rmp_add_fixed() - make a range of pages HV-Fixed
 * @fw: firmware; fw->lock held
 * @pfn: first page frame
 * @count: number of pages
 *
 * Return: 0, -ENOMEM, or -ERANGE if the range wraps.
 */
int sevl_snp_rmp_add_fixed(struct sevl_fw *fw, u64 pfn, u64 count)
{
	struct sevl_snp_fixed *f;

	if (!count)
		return 0;
	if (pfn + count - 1 < pfn)
		return -ERANGE;
	f = krealloc_array(fw->snp.fixed, fw->snp.nr_fixed + 1, sizeof(*f),
			   GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f[fw->snp.nr_fixed].pfn = pfn;
	f[fw->snp.nr_fixed].count = count;
	fw->snp.fixed = f;
	fw->snp.nr_fixed++;
	return 0;
}

/**
 * sevl_snp_rmp_reset() - every page back to Hypervisor (RMP initialisation)
 * @fw: firmware; fw->lock held, or the instance is being destroyed
 */
void sevl_snp_rmp_reset(struct sevl_fw *fw)
{
	struct sevl_snp_rmpe *p;
	unsigned long idx;

	xa_for_each(&fw->snp.rmp, idx, p) {
		xa_erase(&fw->snp.rmp, idx);
		kfree(p);
	}
	kfree(fw->snp.fixed);
	fw->snp.fixed = NULL;
	fw->snp.nr_fixed = 0;
}

/**
 * sevl_snp_rmp_check_state() - every page of a range in one state
 * @fw: firmware; fw->lock held
 * @pa: first byte
 * @len: number of bytes, non-zero
 * @state: the page state required
 *
 * Return: SEV_RET_SUCCESS, INVALID_ADDRESS if the range wraps, else
 * INVALID_PAGE_STATE if a page is in another state.
 */
u16 sevl_snp_rmp_check_state(struct sevl_fw *fw, u64 pa, u64 len, u8 state)
{
	struct sevl_snp_rmpe e;
	u64 pfn, last;

	if (!len || pa + len - 1 < pa)
		return SEV_RET_INVALID_ADDRESS;
	last = (pa + len - 1) >> PAGE_SHIFT;
	for (pfn = pa >> PAGE_SHIFT; pfn <= last; pfn++) {
		sevl_snp_rmp_get(fw, pfn, &e);
		if (e.state != state)
			return SEV_RET_INVALID_PAGE_STATE;
	}
	return SEV_RET_SUCCESS;
}

/**
 * sevl_snp_page_reclaim() - SNP_PAGE_RECLAIM: release an immutable page
 * @fw: firmware
 * @cmd: struct sevl_snp_page_reclaim
 *
 * SNP INIT (INVALID_PLATFORM_STATE).  Bit 0 of the address is the page
 * size: the model assigns 4 KiB pages only, so a 2 MiB request gives
 * INVALID_PAGE_SIZE; bits 11:1 must be zero (INVALID_ADDRESS).  The page
 * must be Firmware or Pre-Guest (INVALID_PAGE_STATE: Context pages need
 * SNP_DECOMMISSION first; mutable pages the host changes with RMPUPDATE
 * itself) and becomes Reclaim, its contents untouched (upstream KVM reads a
 * rejected CPUID page back after reclaiming it); the host then makes it
 * Hypervisor with RMPUPDATE.
 *
 * Return: SEV status.
 */
u16 sevl_snp_page_reclaim(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_page_reclaim *c = cmd;
	struct sevl_snp_rmpe e;
	u64 pfn = c->paddr >> PAGE_SHIFT;

	if (fw->snp.state != SEVL_SNP_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	if (c->paddr & BIT(0))
		return SEV_RET_INVALID_PAGE_SIZE;
	if (c->paddr & (SEVL_SNP_PAGE_SIZE - 1))
		return SEV_RET_INVALID_ADDRESS;
	sevl_snp_rmp_get(fw, pfn, &e);
	if (e.state != SEVL_RMP_FIRMWARE && e.state != SEVL_RMP_PRE_GUEST)
		return SEV_RET_INVALID_PAGE_STATE;
	memset(&e, 0, sizeof(e));
	e.state = SEVL_RMP_RECLAIM;
	if (sevl_snp_rmp_set(fw, pfn, &e))
		return SEV_RET_RESOURCE_LIMIT;
	return SEV_RET_SUCCESS;
}

/* The state RMPUPDATE gives; -EINVAL for an input hardware rejects. */
static int sevl_snp_rmp_new_state(struct sevl_fw *fw, bool assigned, u32 asid,
				  u64 gpa, bool immutable)
{
	if (!assigned)
		return asid || gpa || immutable ? -EINVAL : SEVL_RMP_HYPERVISOR;
	if (!asid)
		return immutable ? SEVL_RMP_FIRMWARE : SEVL_RMP_RECLAIM;
	if (asid > fw->p.nr_asids || !IS_ALIGNED(gpa, SEVL_SNP_PAGE_SIZE) ||
	    gpa >> 52)
		return -EINVAL;
	return immutable ? SEVL_RMP_PRE_GUEST : SEVL_RMP_GUEST_INVALID;
}

static int __sevl_snp_rmp_update(struct sevl_fw *fw, u64 pfn, bool assigned,
				 u32 asid, u64 gpa, bool immutable)
{
	struct sevl_snp_rmpe e;
	int state;

	state = sevl_snp_rmp_new_state(fw, assigned, asid, gpa, immutable);
	if (state < 0)
		return state;
	sevl_snp_rmp_get(fw, pfn, &e);
	switch (e.state) {
	case SEVL_RMP_HV_FIXED:
	case SEVL_RMP_FIRMWARE:
	case SEVL_RMP_CONTEXT:
	case SEVL_RMP_PRE_GUEST:
		return -EPERM;		/* immutable: FAIL_PERMISSION */
	}
	memset(&e, 0, sizeof(e));
	e.state = state;
	e.asid = asid;
	e.gpa = assigned && asid ? gpa : 0;
	return sevl_snp_rmp_set(fw, pfn, &e);
}

/**
 * sevl_snp_rmp_update() - emulator API: RMPUPDATE of one 4 KiB page
 * @fw: firmware
 * @pfn: page frame number
 * @assigned: the page is assigned (to a guest, or to the firmware if
 *	@asid is 0)
 * @asid: owning guest's ASID, 0 for firmware-owned
 * @gpa: guest physical address (page aligned, below 2^52) for guest pages
 * @immutable: the new entry is immutable (Firmware, Pre-Guest)
 *
 * EMULATOR ONLY: the host's RMPUPDATE on this emulated platform.  As the
 * instruction, it fails with FAIL_PERMISSION (-EPERM) while the current
 * entry is immutable (HV-Fixed, Firmware, Context, Pre-Guest: the firmware
 * must release those, e.g. SNP_PAGE_RECLAIM), and clears the Validated and
 * VMSA bits and the VMPL permissions.  Resulting states: not assigned ->
 * Hypervisor; ASID 0 -> Firmware (immutable) or Reclaim; an ASID ->
 * Pre-Guest (immutable) or Guest-Invalid.
 *
 * Context: process context; takes the firmware lock.
 * Return: 0, -EPERM, -EINVAL for inconsistent arguments, -ENOMEM.
 */
int sevl_snp_rmp_update(struct sevl_fw *fw, u64 pfn, bool assigned, u32 asid,
			u64 gpa, bool immutable)
{
	int ret;

	mutex_lock(&fw->lock);
	ret = __sevl_snp_rmp_update(fw, pfn, assigned, asid, gpa, immutable);
	mutex_unlock(&fw->lock);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_rmp_update);

/**
 * sevl_snp_rmp_read() - emulator API: RMPREAD of one page
 * @fw: firmware
 * @pfn: page frame number
 * @e: receives the entry
 *
 * EMULATOR ONLY.
 *
 * Context: process context; takes the firmware lock.
 * Return: 0.
 */
int sevl_snp_rmp_read(struct sevl_fw *fw, u64 pfn, struct sevl_snp_rmpe *e)
{
	mutex_lock(&fw->lock);
	sevl_snp_rmp_get(fw, pfn, e);
	mutex_unlock(&fw->lock);
	return 0;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_rmp_read);

/**
 * sevl_snp_rmp_make_firmware() - emulator API: pages to the Firmware state
 * @fw: firmware
 * @pa: first page, 4 KiB aligned
 * @npages: number of pages
 *
 * EMULATOR ONLY: what upstream's rmp_mark_pages_firmware() does with
 * RMPUPDATE.  All or nothing: on failure the pages changed so far are made
 * Hypervisor again.
 *
 * Context: process context; takes the firmware lock.
 * Return: 0, or the first failing RMPUPDATE's error.
 */
int sevl_snp_rmp_make_firmware(struct sevl_fw *fw, u64 pa, u64 npages)
{
	u64 pfn = pa >> PAGE_SHIFT, i;
	int ret = 0;

	if (!IS_ALIGNED(pa, SEVL_SNP_PAGE_SIZE) || pfn + npages < pfn)
		return -EINVAL;
	mutex_lock(&fw->lock);
	for (i = 0; i < npages && !ret; i++)
		ret = __sevl_snp_rmp_update(fw, pfn + i, true, 0, 0, true);
	if (ret) {
		struct sevl_snp_rmpe h = { .state = SEVL_RMP_HYPERVISOR };

		while (--i)
			sevl_snp_rmp_set(fw, pfn + i - 1, &h);
	}
	mutex_unlock(&fw->lock);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_rmp_make_firmware);

/**
 * sevl_snp_rmp_make_shared() - emulator API: pages to the Hypervisor state
 * @fw: firmware
 * @pa: first page, 4 KiB aligned
 * @npages: number of pages
 *
 * EMULATOR ONLY: RMPUPDATE with ASSIGNED=0 on each page (upstream's
 * rmp_make_shared()).  Immutable pages refuse (-EPERM); the pages before
 * the failing one stay shared.
 *
 * Context: process context; takes the firmware lock.
 * Return: 0, or the first failing RMPUPDATE's error.
 */
int sevl_snp_rmp_make_shared(struct sevl_fw *fw, u64 pa, u64 npages)
{
	u64 pfn = pa >> PAGE_SHIFT, i;
	int ret = 0;

	if (!IS_ALIGNED(pa, SEVL_SNP_PAGE_SIZE) || pfn + npages < pfn)
		return -EINVAL;
	mutex_lock(&fw->lock);
	for (i = 0; i < npages && !ret; i++)
		ret = __sevl_snp_rmp_update(fw, pfn + i, false, 0, 0, false);
	mutex_unlock(&fw->lock);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_rmp_make_shared);

/**
 * sevl_snp_rmp_count() - emulator-only view: pages per RMP state and ASID
 * @fw: firmware
 * @c: receives the pages per state (HV-Fixed: the pages of the ranges)
 * @per_asid: NULL, or fw->p.nr_asids + 1 counters indexed by ASID that
 *	receive the number of pages assigned to each ASID (Pre-Guest,
 *	Guest-Invalid, Guest-Valid); [0] stays 0
 *
 * EMULATOR ONLY: lets tests check that no page stays assigned after a
 * refusal or a teardown.  Real hardware has no such summary.
 *
 * Context: process context; takes the firmware lock.
 */
void sevl_snp_rmp_count(struct sevl_fw *fw, struct sevl_snp_rmp_count *c,
			u64 *per_asid)
{
	struct sevl_snp_rmpe *p;
	unsigned long idx;
	u32 i;

	memset(c, 0, sizeof(*c));
	if (per_asid)
		memset(per_asid, 0, (fw->p.nr_asids + 1) * sizeof(*per_asid));
	mutex_lock(&fw->lock);
	for (i = 0; i < fw->snp.nr_fixed; i++)
		c->pages[SEVL_RMP_HV_FIXED] += fw->snp.fixed[i].count;
	xa_for_each(&fw->snp.rmp, idx, p) {
		if (p->state >= ARRAY_SIZE(c->pages))
			continue;
		c->pages[p->state]++;
		if (p->vmsa && p->state == SEVL_RMP_GUEST_VALID)
			c->vmsa++;
		if (per_asid && p->asid && p->asid <= fw->p.nr_asids)
			per_asid[p->asid]++;
	}
	mutex_unlock(&fw->lock);
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_rmp_count);
