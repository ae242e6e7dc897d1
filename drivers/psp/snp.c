// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: the host side of SEV-SNP on the SEV platform.
 *
 * What upstream Linux 6.12 (drivers/crypto/ccp/sev-dev.c) does, in this
 * driver's structure:
 *  - SNP exists when the host kernel set it up (real PSP:
 *    cc_platform_has(CC_ATTR_HOST_SEV_SNP)) and the firmware speaks SNP
 *    API 1.51 or later;
 *  - SNP_INIT_EX (SNP_INIT before API 1.52) with WBINVD on every CPU
 *    before and after, then SNP_DF_FLUSH, before the legacy INIT;
 *  - pages handed to the firmware while SNP is initialised are firmware
 *    pages in the RMP, and come back through SNP_PAGE_RECLAIM and an RMP
 *    update to hypervisor-owned; a page whose reclaim fails is leaked,
 *    never given back to the allocator;
 *  - SNP_SHUTDOWN_EX, retried once after SNP_DF_FLUSH when the firmware
 *    asks for it, when the driver goes.
 *
 * The software firmware emulates an SNP platform (enum sevl_transport_snp,
 * SEVL_SNP_EMULATED): its RMP is changed only through the transport's
 * rmp_update op.  A real PSP (SEVL_SNP_HOST) uses the CPU's RMPUPDATE
 * through the kernel's rmp_make_private()/rmp_make_shared(); that path
 * needs Linux 6.11 or later with CONFIG_KVM_AMD_SEV and has never run on
 * hardware.  A back end reached through ccp leaves SNP to ccp.
 */
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/mem_encrypt.h>
#include <linux/sev-launch.h>
#include <linux/slab.h>
#include <asm/smp.h>
#include <sev-launch/kunit.h>
#include <sev-launch/psp.h>

#include "core.h"

/* SEVL_HOST_SNP: Kbuild found the kernel's host RMP API. */
#ifdef SEVL_HOST_SNP
#include <linux/amd-iommu.h>
#include <linux/cc_platform.h>
#include <asm/msr.h>
#include <asm/sev.h>
#endif

/* SNP API versions: SNP at all, and SNP_INIT_EX with a range list. */
#define SEVL_SNP_MIN_MINOR	51
#define SEVL_SNP_INIT_EX_MINOR	52

static bool sevl_snp_api(struct sevl_psp *psp, u8 minor)
{
	return psp->status.api_major > 1 ||
	       (psp->status.api_major == 1 && psp->status.api_minor >= minor);
}

/**
 * sevl_psp_snp_capable() - whether the platform offers SEV-SNP
 * @psp: platform
 *
 * Return: true for the software firmware with SNP enabled, and for a real
 * PSP on a host whose kernel enabled SEV-SNP; false for a platform managed
 * through ccp, which drives SNP itself.
 */
bool sevl_psp_snp_capable(struct sevl_psp *psp)
{
	if (psp->managed)
		return false;
	switch (psp->t->snp) {
	case SEVL_SNP_EMULATED:
		return psp->t->ops && psp->t->ops->rmp_update &&
		       psp->t->ops->rmp_read;
	case SEVL_SNP_HOST:
#ifdef SEVL_HOST_SNP
		return cc_platform_has(CC_ATTR_HOST_SEV_SNP);
#else
		return false;
#endif
	default:
		return false;
	}
}

SEVL_EXPORT_FOR_KUNIT(sevl_psp_snp_capable);

/* One 4 KiB page to firmware-owned (@fw) or back to hypervisor-owned. */
static int sevl_snp_rmp(struct sevl_psp *psp, u64 pa, bool fw)
{
	if (psp->t->snp == SEVL_SNP_EMULATED) {
		struct sevl_rmp_entry e = { .assigned = fw, .immutable = fw };

		return psp->t->ops->rmp_update(psp->t, pa, &e);
	}
#ifdef SEVL_HOST_SNP
	if (fw)
		return rmp_make_private(PHYS_PFN(pa), 0, PG_LEVEL_4K, 0, true);
	return rmp_make_shared(PHYS_PFN(pa), PG_LEVEL_4K);
#else
	return -ENODEV;
#endif
}

/* Pages in an unknown RMP state: never back to the allocator. */
static void sevl_snp_leak(struct sevl_psp *psp, u64 pa, unsigned int n)
{
	if (!n)
		return;
	dev_warn(psp->dev, "SNP: leaking %u page(s) at %#llx in an unknown RMP state\n",
		 n, pa);
#ifdef SEVL_HOST_SNP
	if (psp->t->snp == SEVL_SNP_HOST)
		snp_leak_pages(PHYS_PFN(pa), n);
#endif
}

/**
 * sevl_psp_snp_reclaim() - give firmware pages back to the hypervisor
 * @psp: platform, with @psp->state_lock held
 * @pa: system physical address of the first page (no C-bit)
 * @n: number of 4 KiB pages
 *
 * SNP_PAGE_RECLAIM, then an RMP update to hypervisor-owned, page by page.
 * If either fails, that page and the rest are leaked: the caller must not
 * free them.
 *
 * Return: 0 or an errno.
 */
int sevl_psp_snp_reclaim(struct sevl_psp *psp, u64 pa, unsigned int n)
{
	struct sevl_snp_page_reclaim rc;
	unsigned int i;
	int ret = 0;
	u32 st;

	lockdep_assert_held(&psp->state_lock);
	for (i = 0; i < n; i++, pa += PAGE_SIZE) {
		rc.paddr = pa;
		ret = sevl_psp_do_cmd(psp, SEVL_CMD_SNP_PAGE_RECLAIM, &rc, &st);
		if (!ret)
			ret = sevl_snp_rmp(psp, pa, false);
		if (ret) {
			dev_err(psp->dev, "SNP: reclaiming %#llx failed: %d, status %#x\n",
				pa, ret, st);
			sevl_snp_leak(psp, pa, n - i);
			return ret;
		}
	}
	return 0;
}

SEVL_EXPORT_FOR_KUNIT(sevl_psp_snp_reclaim);

/**
 * sevl_psp_snp_make_fw() - make hypervisor pages firmware pages
 * @psp: platform, with @psp->state_lock held
 * @pa: system physical address of the first page (no C-bit)
 * @n: number of 4 KiB pages
 *
 * On failure the pages already converted are reclaimed again.
 *
 * Return: 0; -EHWPOISON if that reclaim failed too (the pages are leaked:
 * never free them); any other errno leaves every page hypervisor-owned.
 */
int sevl_psp_snp_make_fw(struct sevl_psp *psp, u64 pa, unsigned int n)
{
	unsigned int i;
	int ret;

	lockdep_assert_held(&psp->state_lock);
	for (i = 0; i < n; i++) {
		ret = sevl_snp_rmp(psp, pa + (u64)i * PAGE_SIZE, true);
		if (ret) {
			dev_err(psp->dev, "SNP: making %#llx a firmware page failed: %d\n",
				pa + (u64)i * PAGE_SIZE, ret);
			/* A failed RMPUPDATE left the page as it was. */
			if (sevl_psp_snp_reclaim(psp, pa, i))
				return -EHWPOISON;
			return ret;
		}
	}
	return 0;
}

SEVL_EXPORT_FOR_KUNIT(sevl_psp_snp_make_fw);

#ifdef SEVL_HOST_SNP
static void sevl_snp_clear_hsave(void *unused)
{
	wrmsrl(MSR_VM_HSAVE_PA, 0);
}
#endif

/* Memory the firmware must make HV_FIXED: firmware tables, reserved, PMEM. */
static int sevl_snp_add_range(struct resource *res, void *arg)
{
	struct sevl_snp_range_list *list = arg;
	struct sevl_snp_range *r;
	u64 start, end;

	switch (res->desc) {
	case IORES_DESC_RESERVED:
	case IORES_DESC_ACPI_TABLES:
	case IORES_DESC_ACPI_NV_STORAGE:
	case IORES_DESC_PERSISTENT_MEMORY:
	case IORES_DESC_PERSISTENT_MEMORY_LEGACY:
		break;
	default:
		return 0;
	}
	if (struct_size(list, ranges, list->num_elements + 1) > PAGE_SIZE)
		return -E2BIG;
	start = res->start & PAGE_MASK;
	end = PAGE_ALIGN(res->end + 1);
	if ((end - start) >> PAGE_SHIFT > U32_MAX)
		return -E2BIG;
	r = &list->ranges[list->num_elements++];
	r->base = start;
	r->page_count = (end - start) >> PAGE_SHIFT;
	return 0;
}

/**
 * struct sevl_snp_list_late - an SNP_INIT_EX range list past a timeout
 * @late: the descriptor (late.c)
 * @list: the RANGE_LIST page the firmware may still read
 */
struct sevl_snp_list_late {
	struct sevl_psp_late late;
	struct sevl_snp_range_list *list;
};

static void sevl_snp_list_late_release(struct sevl_psp_late *late)
{
	struct sevl_snp_list_late *ll =
		container_of(late, struct sevl_snp_list_late, late);

	kfree(ll->list);
	kfree(ll);
}

/* SNP_INIT_EX; if it times out, @list is freed once the firmware is done. */
static int sevl_snp_init_ex(struct sevl_psp *psp,
			    struct sevl_snp_range_list *list, u32 *st)
{
	struct sevl_snp_init_ex init = {
		.flags = SEVL_SNP_INIT_RMP | SEVL_SNP_INIT_LIST_EN,
		.list_paddr = __sme_pa(list),
	};
	struct sevl_snp_list_late *ll;
	int ret;

	ll = kzalloc(sizeof(*ll), GFP_KERNEL);
	if (!ll) {
		kfree(list);
		return -ENOMEM;
	}
	ll->list = list;
	ll->late.release = sevl_snp_list_late_release;
	ll->late.owner = THIS_MODULE;
	ll->late.keep = ll;
	sevl_psp_late_arm(&ll->late, &init);
	ret = sevl_psp_do_cmd(psp, SEVL_CMD_SNP_INIT_EX, &init, st);
	if (sevl_psp_late_disarm(&ll->late))
		sevl_psp_late_submit(&ll->late);	/* frees both */
	else
		sevl_snp_list_late_release(&ll->late);
	return ret;
}

/**
 * sevl_psp_snp_init_locked() - bring SEV-SNP up, once
 * @psp: platform, with @psp->state_lock held, legacy SEV UNINIT
 * @fw_status: firmware status of the failing command, may be NULL
 *
 * Return: 0 if SNP is (now) initialised; -ENODEV if the platform has no
 * SNP; -EOPNOTSUPP if its firmware is older than SNP API 1.51; else the
 * errno of the failing step.
 */
int sevl_psp_snp_init_locked(struct sevl_psp *psp, u32 *fw_status)
{
	struct sevl_snp_range_list *list = NULL;
	u32 st = SEVL_FW_NOT_CALLED;
	int ret;

	lockdep_assert_held(&psp->state_lock);
	if (fw_status)
		*fw_status = SEVL_FW_NOT_CALLED;
	if (psp->snp_init)
		return 0;
	if (!psp->snp)
		return -ENODEV;
	if (!sevl_snp_api(psp, SEVL_SNP_MIN_MINOR))
		return -EOPNOTSUPP;
#ifdef SEVL_HOST_SNP
	/* The CPUs' VM_HSAVE_PA must be 0 for SNP_INIT on hardware. */
	if (psp->t->snp == SEVL_SNP_HOST)
		on_each_cpu(sevl_snp_clear_hsave, NULL, 1);
#endif
	if (sevl_snp_api(psp, SEVL_SNP_INIT_EX_MINOR)) {
		list = kzalloc(PAGE_SIZE, GFP_KERNEL);
		if (!list)
			return -ENOMEM;
		ret = walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_MEM, 0,
					  U64_MAX, list, sevl_snp_add_range);
		if (ret) {
			kfree(list);
			goto out;
		}
	}

	/* Caches (RMP updates included) written back around SNP_INIT. */
	wbinvd_on_all_cpus();
	if (list)
		ret = sevl_snp_init_ex(psp, list, &st);	/* takes list */
	else
		ret = sevl_psp_do_cmd(psp, SEVL_CMD_SNP_INIT, NULL, &st);
	if (ret)
		goto out;
	wbinvd_on_all_cpus();
	ret = sevl_psp_do_cmd(psp, SEVL_CMD_SNP_DF_FLUSH, NULL, &st);
	if (ret)
		goto out;
	psp->snp_init = true;
	dev_info(psp->dev, "SEV-SNP initialised (SNP API %u.%u build %u)\n",
		 psp->status.api_major, psp->status.api_minor,
		 psp->status.build);
out:
	if (ret)
		dev_err(psp->dev, "SEV-SNP initialisation failed: %d, status %#x\n",
			ret, st);
	if (fw_status)
		*fw_status = st;
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_psp_snp_init_locked);

/**
 * sevl_psp_snp_shutdown_locked() - SNP_SHUTDOWN_EX if SNP is initialised
 * @psp: platform, with @psp->state_lock held and legacy SEV UNINIT
 * @fw_status: firmware status, may be NULL
 *
 * With IOMMU_SNP_SHUTDOWN, as upstream: the firmware also stops the
 * IOMMU's SNP enforcement, and on a real host the IOMMU driver then
 * returns its pages to the hypervisor (amd_iommu_snp_disable()).  The
 * software firmware has no IOMMU and only checks the flag.
 *
 * Return: 0 or an errno; SNP stays initialised on failure.
 */
int sevl_psp_snp_shutdown_locked(struct sevl_psp *psp, u32 *fw_status)
{
	struct sevl_snp_shutdown_ex data = {
		.len = sizeof(data), .flags = SEVL_SNP_SHUTDOWN_IOMMU,
	};
	u32 st = SEVL_FW_NOT_CALLED;
	int ret;

	lockdep_assert_held(&psp->state_lock);
	if (fw_status)
		*fw_status = SEVL_FW_NOT_CALLED;
	if (!psp->snp_init)
		return 0;
	wbinvd_on_all_cpus();
	ret = sevl_psp_do_cmd(psp, SEVL_CMD_SNP_SHUTDOWN_EX, &data, &st);
	if (ret && st == SEV_RET_DFFLUSH_REQUIRED) {
		ret = sevl_psp_do_cmd(psp, SEVL_CMD_SNP_DF_FLUSH, NULL, &st);
		if (!ret)
			ret = sevl_psp_do_cmd(psp, SEVL_CMD_SNP_SHUTDOWN_EX,
					      &data, &st);
	}
#ifdef SEVL_HOST_SNP
	if (!ret && psp->t->snp == SEVL_SNP_HOST)
		ret = amd_iommu_snp_disable();
#endif
	if (ret)
		dev_err(psp->dev, "SNP_SHUTDOWN_EX failed: %d, status %#x\n",
			ret, st);
	else
		psp->snp_init = false;
	if (fw_status)
		*fw_status = st;
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_psp_snp_shutdown_locked);

/*
 * The status page after SNP_PLATFORM_STATUS: the firmware leaves it in
 * Reclaim on success, in Firmware on failure.  A Reclaim page goes back to
 * the hypervisor with the RMP update alone; a Firmware page needs
 * SNP_PAGE_RECLAIM first.  (Upstream sends SNP_PAGE_RECLAIM in both cases;
 * the software firmware refuses it for a page already in Reclaim.)  On
 * failure the page is leaked.
 */
static int sevl_snp_status_page_back(struct sevl_psp *psp, u64 pa, int cmd_ret)
{
	int ret;

	if (cmd_ret)
		return sevl_psp_snp_reclaim(psp, pa, 1);
	ret = sevl_snp_rmp(psp, pa, false);
	if (ret) {
		dev_err(psp->dev, "SNP: status page %#llx not reclaimed: %d\n",
			pa, ret);
		sevl_snp_leak(psp, pa, 1);
	}
	return ret;
}

/**
 * struct sevl_snp_status_late - a status page a timed-out command may write
 * @late: the descriptor (late.c)
 * @psp: the platform; outlives the release (core.c flushes late releases
 *	after the mailbox is gone, before the platform is freed)
 * @page: the status page
 * @fw_page: @page was made a firmware page for the command
 */
struct sevl_snp_status_late {
	struct sevl_psp_late late;
	struct sevl_psp *psp;
	struct page *page;
	bool fw_page;
};

/*
 * The firmware finished a timed-out SNP_PLATFORM_STATUS.  A hypervisor page
 * is simply freed.  A firmware page it completed is in Reclaim and goes back
 * with the RMP update alone; after a failed one it is still Firmware and
 * would need SNP_PAGE_RECLAIM, a command this context may not issue (no
 * PSP lock, the mailbox may be gone): it is leaked, as any page whose RMP
 * state cannot be restored.
 */
static void sevl_snp_status_late_release(struct sevl_psp_late *late)
{
	struct sevl_snp_status_late *sl =
		container_of(late, struct sevl_snp_status_late, late);
	u64 pa = page_to_phys(sl->page);

	if (!sl->fw_page ||
	    (late->status == SEV_RET_SUCCESS && !sevl_snp_rmp(sl->psp, pa, false)))
		__free_page(sl->page);
	else
		sevl_snp_leak(sl->psp, pa, 1);
	kfree(sl);
}

/**
 * sevl_psp_snp_status_locked() - SNP_PLATFORM_STATUS into a kernel buffer
 * @psp: platform, with @psp->state_lock held
 * @out: receives the first 32 bytes of the status page
 * @fw_status: firmware status, may be NULL
 *
 * The firmware writes a page of its own: with SNP initialised it must be
 * a firmware page (else INVALID_PAGE_STATE), which the firmware leaves in
 * the Reclaim state on success and in the Firmware state on failure;
 * either way it goes back to the hypervisor afterwards, as upstream's.  A
 * page whose state cannot be restored is leaked.  If the command times
 * out, the firmware may still write the page: it is left alone, and given
 * back and freed once the late completion shows up (late.c), or kept for
 * ever if it never does.
 *
 * Return: 0, -ENOMEM, -EFAULT when the page could not be made a firmware
 * page or reclaimed, or the errno of the command (-ETIMEDOUT included).
 */
int sevl_psp_snp_status_locked(struct sevl_psp *psp, struct sevl_snp_status *out,
			       u32 *fw_status)
{
	struct sevl_snp_status_late *sl;
	struct sevl_snp_addr buf;
	int ret;

	lockdep_assert_held(&psp->state_lock);
	if (fw_status)
		*fw_status = SEVL_FW_NOT_CALLED;
	sl = kzalloc(sizeof(*sl), GFP_KERNEL);
	if (!sl)
		return -ENOMEM;
	sl->page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!sl->page) {
		kfree(sl);
		return -ENOMEM;
	}
	sl->psp = psp;
	sl->late.release = sevl_snp_status_late_release;
	sl->late.owner = THIS_MODULE;
	sl->late.keep = sl;
	if (psp->snp_init) {
		ret = sevl_psp_snp_make_fw(psp, page_to_phys(sl->page), 1);
		if (ret) {
			if (ret != -EHWPOISON)
				__free_page(sl->page);
			kfree(sl);
			return -EFAULT;
		}
		sl->fw_page = true;
	}
	buf.address = __sme_pa(page_address(sl->page));
	sevl_psp_late_arm(&sl->late, &buf);
	ret = sevl_psp_do_cmd(psp, SEVL_CMD_SNP_PLATFORM_STATUS, &buf,
			      fw_status);
	if (sevl_psp_late_disarm(&sl->late)) {
		sevl_psp_late_submit(&sl->late);	/* frees sl */
		return ret;
	}
	if (sl->fw_page &&
	    sevl_snp_status_page_back(psp, page_to_phys(sl->page), ret)) {
		kfree(sl);
		return -EFAULT;		/* page leaked */
	}
	if (!ret)
		memcpy(out, page_address(sl->page), sizeof(*out));
	__free_page(sl->page);
	kfree(sl);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_psp_snp_status_locked);
