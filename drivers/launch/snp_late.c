// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core, SEV-SNP part: firmware commands that time out.
 *
 * Every SNP_LAUNCH_UPDATE and SNP_LAUNCH_FINISH the core issues carries a
 * struct sevl_psp_late armed for its command buffer, as the SEV part's
 * commands do (late.c).  If the PSP driver took it, the command timed out
 * and the firmware may still be running it: the page being measured (a
 * guest page or a vCPU's VMSA page, immutable in the RMP) and the ID block
 * and ID authentication of SNP_LAUNCH_FINISH must stay allocated until it
 * is done.  The descriptor then leaves the launch, which is broken (every
 * later command is refused), and keeps a page reference and the buffers.
 * Its release, once the firmware completed the command, frees the buffers
 * and gives the page back.  Measured or not, the page is still assigned in
 * the RMP and the launch that would have owned it is broken, so it is
 * reclaimed through the host's page_reclaim before the descriptor's
 * reference goes (which may be the last one); a VMSA the firmware
 * encrypted is also flushed from the caches first.  A page whose reclaim
 * fails keeps the descriptor's reference for good.  If the firmware never
 * completes, all of it stays allocated for good (the PSP driver reports it
 * to kmemleak).
 *
 * The descriptor does not point at the launch, which may be destroyed
 * first; it holds the module of the host's operations instead.
 */
#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <asm/cacheflush.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/psp.h>

#include "snp_internal.h"

#define SEVL_LSNP_LATE_BLOBS	2

/**
 * struct sevl_lsnp_late - an armed (or timed-out) SNP command
 * @psp: the PSP driver's descriptor
 * @reclaim: the host's page_reclaim
 * @page: the page the command measures, referenced, once taken
 * @vmsa: @page is a VMSA
 * @blob: kmalloc'd buffers the command references, once taken
 */
struct sevl_lsnp_late {
	struct sevl_psp_late psp;
	int (*reclaim)(void *host, u64 pfn);
	struct page *page;
	bool vmsa;
	void *blob[SEVL_LSNP_LATE_BLOBS];
};

static void sevl_lsnp_late_release(struct sevl_psp_late *psp)
{
	struct sevl_lsnp_late *lt = container_of(psp, struct sevl_lsnp_late,
						 psp);
	int i;

	/* Back to the hypervisor first; if that fails, leak the reference. */
	if (lt->page && !lt->reclaim(NULL, page_to_pfn(lt->page))) {
		if (lt->vmsa && psp->status == SEV_RET_SUCCESS)
			clflush_cache_range(page_address(lt->page), PAGE_SIZE);
		put_page(lt->page);
	}
	for (i = 0; i < SEVL_LSNP_LATE_BLOBS; i++)
		kfree_sensitive(lt->blob[i]);
	kfree(lt);
}

/**
 * sevl_lsnp_issue() - issue one firmware command with a late descriptor
 * @s: launch, locked
 * @cmd: SEVL_CMD_SNP_LAUNCH_UPDATE or _FINISH
 * @buf: its command buffer
 * @page: the page the command measures, or NULL
 * @blobs: kmalloc'd buffers the command references (entries may be NULL)
 * @nr_blobs: entries in @blobs, at most 2
 * @fw: receives the firmware status
 * @taken: set to whether the command timed out and the firmware may still
 *	use @page and @blobs
 *
 * If the command timed out, the launch is broken, @page gets a reference
 * of the descriptor's (the caller keeps its own and must not change the
 * page's RMP state) and every @blobs entry becomes the descriptor's (set
 * to NULL).
 *
 * Return: the issuer's result, or -ENOMEM (nothing issued).
 */
int sevl_lsnp_issue(struct sevl_lsnp *s, u32 cmd, void *buf,
		    struct page *page, void **blobs, unsigned int nr_blobs,
		    u32 *fw, bool *taken)
{
	struct sevl_lsnp_late *lt = s->late;
	unsigned int i;
	int ret;

	*taken = false;
	if (WARN_ON_ONCE(nr_blobs > SEVL_LSNP_LATE_BLOBS))
		return -EINVAL;
	if (!lt) {
		lt = kzalloc(sizeof(*lt), GFP_KERNEL_ACCOUNT);
		if (!lt)
			return -ENOMEM;
		lt->psp.release = sevl_lsnp_late_release;
		lt->psp.owner = s->p.owner ?: THIS_MODULE;
		lt->psp.keep = lt;
		lt->reclaim = s->p.ops->page_reclaim;
		s->late = lt;
	}
	sevl_psp_late_arm(&lt->psp, buf);
	ret = s->p.issue(s->p.ctx, cmd, buf, fw);
	if (!sevl_psp_late_disarm(&lt->psp))
		return ret;

	*taken = true;
	s->broken = true;
	s->late = NULL;
	if (page) {
		get_page(page);
		lt->page = page;
		if (cmd == SEVL_CMD_SNP_LAUNCH_UPDATE) {
			struct sevl_snp_launch_update *u = buf;

			lt->vmsa = FIELD_GET(SEVL_SNP_UPDATE_PAGE_TYPE,
					     u->flags) == SEVL_SNP_PAGE_VMSA;
		}
	}
	for (i = 0; i < nr_blobs; i++) {
		lt->blob[i] = blobs[i];
		blobs[i] = NULL;
	}
	pr_warn("sev-launch: SNP command %#x timed out: launch broken, its memory kept until the firmware is done\n",
		cmd);
	sevl_psp_late_submit(&lt->psp);
	return ret;
}

/**
 * sevl_lsnp_late_free() - free the launch's idle descriptor
 * @s: launch being destroyed
 */
void sevl_lsnp_late_free(struct sevl_lsnp *s)
{
	kfree(s->late);
	s->late = NULL;
}
