// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: SEV-SNP pages and RMP entries for the KVM side.
 *
 * Upstream's SNP code in kvm_amd changes RMP entries with the CPU's
 * RMPUPDATE (rmp_make_private(), rmp_make_shared()), reads them with
 * snp_lookup_rmpentry() and gets firmware pages from ccp's
 * snp_alloc_firmware_page().  Here the same operations work on the
 * platform this driver manages:
 *  - a real PSP (SEVL_SNP_HOST): the kernel's own functions, 4 KiB pages;
 *  - the software firmware (SEVL_SNP_EMULATED): its emulated RMP, through
 *    the transport's rmp_update / rmp_read ops.  This is the only place the
 *    PSP driver reaches the emulated RMP for KVM, and it is never taken on
 *    hardware (the transport says which platform it is).
 * Which of the two is decided once, when a platform binds
 * (sevl_psp_rmp_bind()), not per call: between an unbind and the next bind
 * the last answer stands, so an emulated host never reaches the
 * CPU's RMPUPDATE because no platform happened to be there.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <asm/pgtable_types.h>
#include <sev-launch/psp.h>

#include "core.h"

#ifdef SEVL_HOST_SNP
#include <asm/sev.h>
#endif

/* Pages given up for good on the emulated platform (debugfs). */
static atomic64_t sevl_psp_snp_nr_leaked;

/* The platform, if it has SEV-SNP initialised; release with put. */
static struct sevl_psp *sevl_psp_get_snp(void)
{
	struct sevl_psp *psp = sevl_psp_get();

	if (psp && !psp->snp_init) {
		sevl_psp_put();
		return NULL;
	}
	return psp;
}

/* Latched at platform bind: the RMP is the software firmware's. */
static bool sevl_psp_rmp_emul;

/**
 * sevl_psp_rmp_bind() - a platform binds: latch which RMP it has
 * @psp: the platform
 *
 * Context: at probe, before the platform is used.
 */
void sevl_psp_rmp_bind(struct sevl_psp *psp)
{
	WRITE_ONCE(sevl_psp_rmp_emul, psp->t->snp == SEVL_SNP_EMULATED);
}

/* The emulated RMP (software firmware only; never on hardware). */
static int sevl_psp_rmp_emulated(u64 pfn, const struct sevl_rmp_entry *in,
				 struct sevl_rmp_entry *out)
{
	struct sevl_psp *psp = sevl_psp_get_snp();
	int ret = -ENODEV;

	if (!psp)
		return ret;
	if (psp->t->snp == SEVL_SNP_EMULATED) {
		if (in)
			ret = psp->t->ops->rmp_update(psp->t, PFN_PHYS(pfn), in);
		else
			ret = psp->t->ops->rmp_read(psp->t, PFN_PHYS(pfn), out);
	}
	sevl_psp_put();
	return ret;
}

static bool sevl_psp_snp_is_emulated(void)
{
	return READ_ONCE(sevl_psp_rmp_emul);
}

/**
 * sevl_psp_rmp_make_private() - make a 4 KiB page a guest page
 * @pfn: page frame
 * @gpa: the guest physical address it gets in the RMP
 * @asid: the guest's ASID
 * @immutable: Pre-Guest (the firmware measures it next) instead of
 *	Guest-Invalid
 *
 * Context: process context.
 * Return: 0 or a negative errno (the page is then unchanged).
 */
int sevl_psp_rmp_make_private(u64 pfn, u64 gpa, u32 asid, bool immutable)
{
	struct sevl_rmp_entry e = {
		.assigned = true, .immutable = immutable,
		.asid = asid, .gpa = gpa,
	};

	if (sevl_psp_snp_is_emulated())
		return sevl_psp_rmp_emulated(pfn, &e, NULL);
#ifdef SEVL_HOST_SNP
	return rmp_make_private(pfn, gpa, PG_LEVEL_4K, asid, immutable);
#else
	return -ENODEV;
#endif
}
EXPORT_SYMBOL_GPL(sevl_psp_rmp_make_private);

/**
 * sevl_psp_rmp_make_shared() - make a 4 KiB page a hypervisor page again
 * @pfn: page frame
 *
 * Immutable pages refuse (the firmware must reclaim them first).
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_psp_rmp_make_shared(u64 pfn)
{
	struct sevl_rmp_entry e = {};

	if (sevl_psp_snp_is_emulated())
		return sevl_psp_rmp_emulated(pfn, &e, NULL);
#ifdef SEVL_HOST_SNP
	return rmp_make_shared(pfn, PG_LEVEL_4K);
#else
	return -ENODEV;
#endif
}
EXPORT_SYMBOL_GPL(sevl_psp_rmp_make_shared);

/**
 * sevl_psp_rmp_lookup() - read a page's RMP entry
 * @pfn: page frame
 * @assigned: receives whether the page is assigned (firmware or guest)
 * @level: receives the entry's page level (PG_LEVEL_4K on the emulator)
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_psp_rmp_lookup(u64 pfn, bool *assigned, int *level)
{
	struct sevl_rmp_entry e;
	int ret;

	if (sevl_psp_snp_is_emulated()) {
		ret = sevl_psp_rmp_emulated(pfn, NULL, &e);
		if (!ret) {
			*assigned = e.assigned;
			*level = PG_LEVEL_4K;
		}
		return ret;
	}
#ifdef SEVL_HOST_SNP
	return snp_lookup_rmpentry(pfn, assigned, level);
#else
	return -ENODEV;
#endif
}
EXPORT_SYMBOL_GPL(sevl_psp_rmp_lookup);

/**
 * sevl_psp_snp_leak_pages() - give pages in an unknown RMP state up
 * @pfn: first page frame
 * @npages: number of pages
 *
 * A real host hands them to snp_leak_pages(), which takes no page
 * reference: the caller must keep its own for good.  On the emulated
 * platform each page also gets an extra reference, and
 * sevl_psp_snp_leaked() counts it.
 */
void sevl_psp_snp_leak_pages(u64 pfn, unsigned int npages)
{
	unsigned int i;

	if (!npages)
		return;
	if (sevl_psp_snp_is_emulated()) {
		pr_warn("sev-psp: SNP: leaking %u page(s) at pfn %#llx\n",
			npages, pfn);
		for (i = 0; i < npages; i++)
			get_page(pfn_to_page(pfn + i));
		atomic64_add(npages, &sevl_psp_snp_nr_leaked);
		return;
	}
#ifdef SEVL_HOST_SNP
	snp_leak_pages(pfn, npages);
#endif
}
EXPORT_SYMBOL_GPL(sevl_psp_snp_leak_pages);

/**
 * sevl_psp_snp_leaked() - pages sevl_psp_snp_leak_pages() gave up on the
 *	emulated platform
 *
 * Return: the count since the module loaded.
 */
u64 sevl_psp_snp_leaked(void)
{
	return atomic64_read(&sevl_psp_snp_nr_leaked);
}
EXPORT_SYMBOL_GPL(sevl_psp_snp_leaked);

/**
 * sevl_psp_snp_alloc_firmware_page() - a zeroed or not page, made a
 *	firmware page when SEV-SNP is initialised
 * @gfp: allocation flags
 *
 * Context: process context.
 * Return: the page's kernel address, or NULL.
 */
void *sevl_psp_snp_alloc_firmware_page(gfp_t gfp)
{
	struct sevl_psp *psp;
	struct page *page;
	int ret = 0;

	page = alloc_page(gfp);
	if (!page)
		return NULL;
	psp = sevl_psp_get();
	if (psp) {
		mutex_lock(&psp->state_lock);
		if (psp->snp_init)
			ret = sevl_psp_snp_make_fw(psp, page_to_phys(page), 1);
		mutex_unlock(&psp->state_lock);
		sevl_psp_put();
	}
	if (ret == -EHWPOISON)
		return NULL;		/* leaked: never freed */
	if (ret) {
		__free_page(page);
		return NULL;
	}
	return page_address(page);
}
EXPORT_SYMBOL_GPL(sevl_psp_snp_alloc_firmware_page);

/**
 * sevl_psp_snp_free_firmware_page() - reclaim and free a firmware page
 * @addr: from sevl_psp_snp_alloc_firmware_page(), or NULL
 *
 * With SEV-SNP initialised the page is reclaimed (SNP_PAGE_RECLAIM, then
 * made a hypervisor page); if that fails it is leaked, never freed.
 *
 * Context: process context.
 */
void sevl_psp_snp_free_firmware_page(void *addr)
{
	struct sevl_psp *psp;
	int ret = 0;

	if (!addr)
		return;
	psp = sevl_psp_get();
	if (psp) {
		mutex_lock(&psp->state_lock);
		if (psp->snp_init)
			ret = sevl_psp_snp_reclaim(psp, __pa(addr), 1);
		mutex_unlock(&psp->state_lock);
		sevl_psp_put();
	}
	if (!ret)
		free_page((unsigned long)addr);
}
EXPORT_SYMBOL_GPL(sevl_psp_snp_free_firmware_page);
