// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: firmware commands that time out.
 *
 * After -ETIMEDOUT the firmware may still be running the command, reading
 * and writing what its buffer points at: kmalloc'd blobs, pinned guest
 * pages, the DBG bounce page, the vCPU's VMSA page.  Freeing or unpinning
 * any of it then lets a late completion write into reused memory.  So
 * every command the core issues carries a struct sevl_psp_late armed for
 * its command buffer (sevl_late_arm()/sevl_late_disarm() around the
 * issuer).  If the PSP driver took it, the command timed out at the
 * mailbox, and the call site hands over, instead of freeing, what the
 * command references (sevl_late_keep_*()).  The PSP calls
 * sevl_late_release() once the firmware is done with the command, and
 * never if the platform is declared dead first (then all of it stays
 * allocated and pinned, counted in pinned_pages and the launch's memlock
 * charge, for good).
 *
 * A launch with a timed-out command is broken: every later command is
 * refused with -EINVAL (SEV_LAUNCH_ERR_STATE), since the firmware's view of
 * the guest is unknown.  The late completion tells what happened:
 *  - LAUNCH_START: a zero status means the firmware created a guest; its
 *    handle is in the command buffer the firmware left, so the launch takes
 *    the handle and teardown decommissions that guest;
 *  - ACTIVATE: goes through the direct issuer, which references no memory
 *    of ours; a timed-out ACTIVATE is taken as having bound the ASID, so
 *    the new guest is parked as bound and the ASID is never handed out
 *    again (see sevl_start_bind()).
 * Teardown while a command is still outstanding would hit a stalled
 * mailbox, so sevl_launch_destroy() then stops before touching anything
 * and the release runs the teardown once the firmware is done; its
 * firmware commands then go straight to the PSP driver (the only place the
 * timed-out command can have come from), not through the host's issuers,
 * which may be gone by then.  A taken command holds a reference to the
 * launch, so the structure lives until both destroy and the release are
 * done, whichever comes last.
 */
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/psp.h>

#include "internal.h"

#define SEVL_LATE_BLOBS	3

/**
 * struct sevl_late - a launch's timed-out command and what it references
 * @psp: descriptor the PSP driver takes if the command times out
 * @l: the launch
 * @taken: a command of @l timed out at the mailbox
 * @released: the firmware is done with it and everything below is gone
 * @destroyed: sevl_launch_destroy() was called; it runs again on release
 * @blob: kmalloc'd buffers (certificates, session, secret, measurement)
 * @pages: pinned guest pages, charged to @l
 * @nr_pages: entries in @pages
 * @dirty: the firmware may have written @pages
 * @data: recorded data ranges of a replay
 * @bounce: a page from the page allocator (DBG bounce page)
 * @vmsa: the host's VMSA page, with a page reference of ours
 */
struct sevl_late {
	struct sevl_psp_late psp;
	struct sevl_launch *l;
	bool taken;
	bool released;
	bool destroyed;
	void *blob[SEVL_LATE_BLOBS];
	struct page **pages;
	unsigned long nr_pages;
	bool dirty;
	struct sevl_ranges data;
	void *bounce;
	struct page *vmsa;
};

/* A command of @l timed out and the firmware may still be running it. */
static bool sevl_late_holding(struct sevl_launch *l)
{
	return l->late && l->late->taken && !l->late->released;
}

/**
 * sevl_late_broken() - did a command of this launch time out?
 * @l: launch, locked
 *
 * Return: true if every further command must be refused.
 */
bool sevl_late_broken(struct sevl_launch *l)
{
	return l->late && l->late->taken;
}

static int sevl_late_issue_psp(void *ctx, u32 cmd, void *buf, u32 *fw)
{
	return sevl_psp_issue(cmd, buf, fw);
}

static void sevl_late_release(struct sevl_psp_late *psp)
{
	struct sevl_late *lt = container_of(psp, struct sevl_late, psp);
	struct sevl_launch *l = lt->l;
	struct sevl_fw_launch_start start;
	bool destroy;
	int i;

	mutex_lock(&l->lock);
	if (psp->cmd == SEVL_CMD_LAUNCH_START && !psp->status) {
		memcpy(&start, psp->buf, sizeof(start));
		pr_warn("sev-launch: timed-out LAUNCH_START created guest %u late; it will be decommissioned\n",
			start.handle);
		l->handle = start.handle;
		l->have_handle = true;
	}
	for (i = 0; i < SEVL_LATE_BLOBS; i++) {
		kfree_sensitive(lt->blob[i]);
		lt->blob[i] = NULL;
	}
	sevl_unpin(l, lt->pages, lt->nr_pages, lt->dirty);
	lt->pages = NULL;
	sevl_data_free_ranges(l, &lt->data, true);
	if (lt->bounce) {
		memzero_explicit(lt->bounce, PAGE_SIZE);
		free_page((unsigned long)lt->bounce);
		lt->bounce = NULL;
	}
	if (lt->vmsa) {
		/* Written back before the page can go back to the allocator. */
		sevl_flush_pages(&lt->vmsa, 1);
		put_page(lt->vmsa);
		lt->vmsa = NULL;
	}
	lt->released = true;
	destroy = lt->destroyed;
	mutex_unlock(&l->lock);
	/*
	 * Not under kvm_amd's guard, so other launches' bound parked guests
	 * wait; this launch's own DEACTIVATE is kept out of a WBINVD +
	 * DF_FLUSH by the PSP driver.
	 */
	if (destroy)
		sevl_launch_teardown(l, false);
	sevl_launch_put(l);
}

/**
 * sevl_late_arm() - before issuing a command of @l
 * @l: launch, locked (or being destroyed)
 * @buf: the command buffer, or NULL
 *
 * Return: 1 if armed (call sevl_late_disarm() after the command), 0 if
 * there is nothing to arm (no buffer, or a command of @l already timed
 * out: only teardown commands, which reference nothing, come after), or
 * -ENOMEM.
 */
int sevl_late_arm(struct sevl_launch *l, const void *buf)
{
	struct sevl_late *lt = l->late;

	if (!buf)
		return 0;
	if (!lt) {
		lt = kzalloc(sizeof(*lt), GFP_KERNEL_ACCOUNT);
		if (!lt)
			return -ENOMEM;
		lt->l = l;
		sevl_ranges_init(&lt->data);
		lt->psp.release = sevl_late_release;
		lt->psp.owner = THIS_MODULE;
		lt->psp.keep = lt;
		l->late = lt;
	}
	if (lt->taken || lt->destroyed)
		return 0;
	sevl_psp_late_arm(&lt->psp, buf);
	return 1;
}

/**
 * sevl_late_disarm() - after a command sevl_late_arm() armed
 * @l: launch, locked
 *
 * If the PSP took the descriptor (the command timed out), the launch is
 * broken and the descriptor is submitted: its release waits for the
 * launch lock, so what the call site keeps before unlocking is released
 * with it.
 */
void sevl_late_disarm(struct sevl_launch *l)
{
	struct sevl_late *lt = l->late;

	if (!sevl_psp_late_disarm(&lt->psp))
		return;
	lt->taken = true;
	l->broken = true;
	/* The release needs the launch: it may come after destroy. */
	refcount_inc(&l->refs);
	sevl_psp_late_submit(&lt->psp);
}

/**
 * sevl_late_keep_blob() - keep a kmalloc'd buffer for the firmware
 * @l: launch, locked, whose last command returned -ETIMEDOUT
 * @blob: the buffer; set to NULL if kept (else the caller frees it)
 */
void sevl_late_keep_blob(struct sevl_launch *l, void **blob)
{
	int i;

	if (!*blob || !sevl_late_holding(l))
		return;
	for (i = 0; i < SEVL_LATE_BLOBS; i++) {
		if (!l->late->blob[i]) {
			l->late->blob[i] = *blob;
			*blob = NULL;
			return;
		}
	}
	WARN_ONCE(1, "sev-launch: too many buffers for one command\n");
}

/**
 * sevl_late_keep_pages() - keep pinned pages for the firmware
 * @l: launch, locked, whose last command returned -ETIMEDOUT
 * @pages: the array from sevl_pin(); set to NULL if kept, which makes the
 *	caller's sevl_unpin() a no-op; they stay pinned and charged to @l
 * @nr: its length
 * @dirty: the firmware may write them
 */
void sevl_late_keep_pages(struct sevl_launch *l, struct page ***pages,
			  unsigned long nr, bool dirty)
{
	if (!*pages || !sevl_late_holding(l) || l->late->pages)
		return;
	l->late->pages = *pages;
	l->late->nr_pages = nr;
	l->late->dirty = dirty;
	*pages = NULL;
}

/**
 * sevl_late_keep_data() - keep every recorded data range (a replay)
 * @l: launch, locked, whose last command returned -ETIMEDOUT
 *
 * The timed-out LAUNCH_UPDATE_DATA may span several records; all of them
 * move out of @l->data and stay pinned until the release.
 */
void sevl_late_keep_data(struct sevl_launch *l)
{
	if (!sevl_late_holding(l) || !sevl_ranges_empty(&l->late->data))
		return;
	l->late->data = l->data;
	sevl_ranges_init(&l->data);
	l->nr_data = 0;
}

/**
 * sevl_late_keep_bounce() - keep a page-allocator page for the firmware
 * @l: launch, locked, whose last command returned -ETIMEDOUT
 * @page: its kernel address; set to NULL if kept
 */
void sevl_late_keep_bounce(struct sevl_launch *l, void **page)
{
	if (!*page || !sevl_late_holding(l) || l->late->bounce)
		return;
	l->late->bounce = *page;
	*page = NULL;
}

/**
 * sevl_late_keep_vmsa() - keep the host's VMSA page allocated
 * @l: launch, locked, whose last command returned -ETIMEDOUT
 * @vmsa: kernel address of the page (the host's, from vmsa_fill)
 *
 * LAUNCH_UPDATE_VMSA encrypts the page in place, so a late completion
 * writes ciphertext into it.  The page belongs to the host's vCPU, which
 * may free it at any time; a page reference of ours keeps the memory from
 * being reused until the firmware is done.  The vCPU itself is unusable
 * anyway: the launch is broken, so it can never run.
 */
void sevl_late_keep_vmsa(struct sevl_launch *l, void *vmsa)
{
	if (!sevl_late_holding(l) || l->late->vmsa)
		return;
	l->late->vmsa = virt_to_page(vmsa);
	get_page(l->late->vmsa);
}

/**
 * sevl_late_defer_destroy() - must sevl_launch_destroy() wait?
 * @l: launch being destroyed (not locked)
 *
 * Return: true if a timed-out command of @l is still outstanding: destroy
 * returns at once and runs again from the release.  False: destroy goes
 * on, and no command it issues is armed any more.
 */
bool sevl_late_defer_destroy(struct sevl_launch *l)
{
	static const struct sevl_launch_fw psp = {
		.issue = sevl_late_issue_psp,
	};
	struct sevl_late *lt = l->late;
	bool defer;

	if (!lt)
		return false;
	mutex_lock(&l->lock);
	defer = lt->taken && !lt->released;
	if (defer)
		l->p.fw = psp;
	lt->destroyed = true;
	mutex_unlock(&l->lock);
	return defer;
}

/**
 * sevl_late_free() - free the launch's descriptor at the end of destroy
 * @l: launch
 */
void sevl_late_free(struct sevl_launch *l)
{
	kfree(l->late);
	l->late = NULL;
}
