// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core, SEV-SNP part: canonical record and replay of
 * SNP_LAUNCH_UPDATE, VMM-supplied VMSAs, SNP_LAUNCH_FINISH.
 *
 * Canonical mode: each page the VMM adds with KVM_SEV_SNP_LAUNCH_UPDATE is
 * put into guest memory and made firmware-owned exactly as upstream does,
 * but instead of SNP_LAUNCH_UPDATE it is recorded, keyed by guest frame
 * number, with a reference on the page.  SNP_LAUNCH_FINISH checks that
 * every recorded page is still in place, then replays them in ascending
 * GFN order (one SNP_LAUNCH_UPDATE per page, the command upstream would
 * have issued), then every vCPU's VMSA in ascending vCPU id order, then
 * SNP_LAUNCH_FINISH.  The digest then depends only on the pages, their
 * types and the vCPU states.
 *
 * Default mode: upstream's code issues the page updates; the core only
 * logs them (sevl_lsnp_logged()).  If the VMM supplied a VMSA for any
 * vCPU, SNP_LAUNCH_FINISH is the core's, measuring the VMSAs in creation
 * order as upstream does.
 */
#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <crypto/hash.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>

#include "snp_internal.h"

/* VMSA offsets (APM vol. 2, table B-4, "VMSA Layout, State Save Area"). */
#define SEVL_SNP_VMSA_VMPL		0x0ca
#define SEVL_SNP_VMSA_DR7		0x160
#define SEVL_SNP_VMSA_SEV_FEATURES	0x3b0
#define SEVL_SNP_DR7_FIXED_1		0x400ULL

/* Reserved ranges of the VMSA up to the end of the YMM area (0x670). */
static const struct {
	u16 off;
	u16 len;
} sevl_lsnp_vmsa_rsvd[] = {
	{ 0x0c8, 2 }, { 0x0cc, 4 }, { 0x0d8, 104 }, { 0x1c0, 24 },
	{ 0x248, 32 }, { 0x298, 80 }, { 0x2f0, 24 }, { 0x320, 8 },
	{ 0x380, 16 }, { 0x3f0, 16 },
};

/**
 * sevl_lsnp_vmsa_validate() - may this page be an SNP vCPU's initial VMSA?
 * @page: 4096 bytes
 * @vmsa_features: the VM's sev_features
 * @why: receives the SEV_LAUNCH_ERR_* reason on refusal
 *
 * sev_features (0x3b0) must equal the VM's, which include SNPActive
 * (_FEATURES_VM); the VMPL (0xca) must be 0, since KVM runs SNP vCPUs at
 * VMPL0 only (_VMSA_VMPL); every reserved field of the save area up to the
 * end of the YMM registers must be zero (_VMSA_RESERVED); DR7 (0x160) may
 * have no bit but the fixed bit 10 (_VMSA_DEBUG), as for SEV-ES.
 *
 * Return: 0 or -EINVAL.
 */
int sevl_lsnp_vmsa_validate(const void *page, u64 vmsa_features, u32 *why)
{
	const u8 *p = page;
	u64 features, dr7;
	unsigned int i;

	memcpy(&features, p + SEVL_SNP_VMSA_SEV_FEATURES, sizeof(features));
	if (features != vmsa_features ||
	    !(features & SEV_LAUNCH_VMSA_FEAT_SNP_ACTIVE)) {
		sevl_lsnp_why(why, SEV_LAUNCH_ERR_FEATURES_VM);
		return -EINVAL;
	}
	if (p[SEVL_SNP_VMSA_VMPL]) {
		sevl_lsnp_why(why, SEV_LAUNCH_ERR_VMSA_VMPL);
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(sevl_lsnp_vmsa_rsvd); i++) {
		if (memchr_inv(p + sevl_lsnp_vmsa_rsvd[i].off, 0,
			       sevl_lsnp_vmsa_rsvd[i].len)) {
			sevl_lsnp_why(why, SEV_LAUNCH_ERR_VMSA_RESERVED);
			return -EINVAL;
		}
	}
	memcpy(&dr7, p + SEVL_SNP_VMSA_DR7, sizeof(dr7));
	if (dr7 & ~SEVL_SNP_DR7_FIXED_1) {
		sevl_lsnp_why(why, SEV_LAUNCH_ERR_VMSA_DEBUG);
		return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_vmsa_validate);

/**
 * sevl_lsnp_create() - a new SNP launch
 * @p: parameters; copied
 *
 * Return: the launch, ERR_PTR(-EINVAL) for incomplete parameters or
 * sev_features without SNPActive, ERR_PTR(-ENOMEM), or the crypto API's
 * error if SHA-384 is missing.
 */
struct sevl_lsnp *sevl_lsnp_create(const struct sevl_lsnp_params *p)
{
	const struct sevl_lsnp_host_ops *o = p ? p->ops : NULL;
	struct sevl_lsnp *s;

	if (!o || !p->issue || !o->vcpu_ids || !o->lock_vcpus ||
	    !o->unlock_vcpus || !o->page_assign || !o->page_check ||
	    !o->page_lock ||
	    !o->page_release || !o->page_reclaim || !o->vmsa_prepare ||
	    !o->vmsa_commit || !o->vmsa_peek || !o->gctx_pa ||
	    !(p->vmsa_features & SEV_LAUNCH_VMSA_FEAT_SNP_ACTIVE))
		return ERR_PTR(-EINVAL);

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->tfm = crypto_alloc_shash("sha384", 0, 0);
	if (IS_ERR(s->tfm)) {
		int ret = PTR_ERR(s->tfm);

		kfree(s);
		return ERR_PTR(ret);
	}
	mutex_init(&s->lock);
	s->p = *p;
	s->canonical = p->canonical;
	xa_init(&s->pages);
	xa_init(&s->vmsas);
	return s;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_create);

/**
 * sevl_lsnp_page_drop() - forget a recorded page
 * @s: launch
 * @r: its record, no longer in @s->pages
 * @measured: the firmware measured it (it is the guest's now), reclaimed
 *	it, or still uses it (a timed-out command holds it); else the host
 *	takes it back; if it cannot, the page keeps the core's reference for
 *	good (its RMP state is unknown: it must never be freed)
 */
void sevl_lsnp_page_drop(struct sevl_lsnp *s, struct sevl_lsnp_page_rec *r,
			 bool measured)
{
	if (measured ||
	    !s->p.ops->page_release(s->p.host, page_to_pfn(r->page)))
		put_page(r->page);
	memzero_explicit(r->sha, sizeof(r->sha));
	kfree(r);
}

static void sevl_lsnp_pages_free(struct sevl_lsnp *s, bool measured)
{
	struct sevl_lsnp_page_rec *r;
	unsigned long gfn;

	xa_for_each(&s->pages, gfn, r) {
		xa_erase(&s->pages, gfn);
		sevl_lsnp_page_drop(s, r, measured);
	}
	s->nr_pages = 0;
}

static void sevl_lsnp_vmsa_free(struct sevl_lsnp_vmsa_rec *r)
{
	kfree_sensitive(r->page);
	kfree_sensitive(r->measured);
	kfree(r);
}

/**
 * sevl_lsnp_destroy() - release an SNP launch
 * @s: launch, or NULL
 *
 * Every page still recorded goes back to the host (the RMP no longer
 * assigns it) and loses the core's reference.
 */
void sevl_lsnp_destroy(struct sevl_lsnp *s)
{
	struct sevl_lsnp_vmsa_rec *v;
	unsigned long id;

	if (!s)
		return;
	sevl_lsnp_pages_free(s, false);
	xa_destroy(&s->pages);
	xa_for_each(&s->vmsas, id, v)
		sevl_lsnp_vmsa_free(v);
	xa_destroy(&s->vmsas);
	sevl_lsnp_log_free(s);
	sevl_lsnp_late_free(s);
	crypto_free_shash(s->tfm);
	mutex_destroy(&s->lock);
	kfree(s);
}
EXPORT_SYMBOL_GPL(sevl_lsnp_destroy);

/**
 * sevl_lsnp_config() - KVM_SEV_LAUNCH_CONFIG for an SNP VM
 * @s: launch
 * @flags: KVM_SEV_LAUNCH_F_*; only KVM_SEV_LAUNCH_F_CANONICAL is known
 * @why: receives the refusal reason
 *
 * Before the first page is added; canonical mode chosen by the host cannot
 * be left.
 *
 * Return: 0 or -EINVAL with SEV_LAUNCH_ERR_CONFIG.
 */
int sevl_lsnp_config(struct sevl_lsnp *s, u32 flags, u32 *why)
{
	bool canonical = flags & KVM_SEV_LAUNCH_F_CANONICAL;
	int ret = 0;

	mutex_lock(&s->lock);
	if ((flags & ~KVM_SEV_LAUNCH_F_CANONICAL) || s->used || s->finished ||
	    (s->p.canonical && !canonical)) {
		sevl_lsnp_why(why, SEV_LAUNCH_ERR_CONFIG);
		ret = -EINVAL;
	} else {
		s->canonical = canonical;
	}
	mutex_unlock(&s->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_config);

/**
 * sevl_lsnp_canonical() - does the launch replay in canonical order?
 * @s: launch
 *
 * Return: the mode (fixed once a page was added).
 */
bool sevl_lsnp_canonical(struct sevl_lsnp *s)
{
	bool ret;

	mutex_lock(&s->lock);
	ret = s->canonical;
	mutex_unlock(&s->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_canonical);

/**
 * sevl_lsnp_finish_handled() - is SNP_LAUNCH_FINISH the core's?
 * @s: launch
 *
 * Return: true in canonical mode or once the VMM supplied any VMSA.
 */
bool sevl_lsnp_finish_handled(struct sevl_lsnp *s)
{
	bool ret;

	mutex_lock(&s->lock);
	ret = s->canonical || s->nr_supplied;
	mutex_unlock(&s->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_finish_handled);

/**
 * sevl_lsnp_finish_route() - SNP_LAUNCH_FINISH is about to run: whose?
 * @s: launch
 *
 * As sevl_lsnp_finish_handled(), and atomically with the answer: if the
 * host's own SNP_LAUNCH_FINISH runs (default mode, no VMSA supplied), it
 * measures every VMSA itself, so from now on no VMSA may be supplied
 * (sevl_lsnp_vmsa_set() refuses with SEV_LAUNCH_ERR_FINISHED), whether it
 * succeeds or not.  A VMSA supplied first makes FINISH the core's.
 *
 * Return: true if sevl_lsnp_finish() must handle FINISH.
 */
bool sevl_lsnp_finish_route(struct sevl_lsnp *s)
{
	bool ret;

	mutex_lock(&s->lock);
	ret = s->canonical || s->nr_supplied;
	if (!ret)
		s->upstream_finish = true;
	mutex_unlock(&s->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_finish_route);

/**
 * sevl_lsnp_open() - is the launch still open for updates?
 * @s: launch, locked
 * @why: receives the refusal reason
 *
 * Return: 0, or -EINVAL with SEV_LAUNCH_ERR_FINISHED / _STATE.
 */
int sevl_lsnp_open(struct sevl_lsnp *s, u32 *why)
{
	if (s->finished) {
		sevl_lsnp_why(why, SEV_LAUNCH_ERR_FINISHED);
		return -EINVAL;
	}
	if (s->broken) {
		sevl_lsnp_why(why, SEV_LAUNCH_ERR_STATE);
		return -EINVAL;
	}
	return 0;
}

/**
 * sevl_lsnp_record() - record one page of KVM_SEV_SNP_LAUNCH_UPDATE
 * @s: launch, canonical
 * @gfn: guest frame number
 * @type: page type (firmware value, not VMSA)
 * @page: the guest page, already holding its contents
 * @src_uaddr: the VMM's source address (kept for a CPUID page)
 * @why: receives the refusal reason
 *
 * Takes a reference on @page, hashes a NORMAL page, and has the host
 * assign it to the guest, still mutable (ops->page_assign): it becomes
 * immutable only right before its own SNP_LAUNCH_UPDATE at FINISH.  A GFN
 * already recorded is refused.
 *
 * Return: 0; -EEXIST with SEV_LAUNCH_ERR_OVERLAP; -EINVAL with
 * _FINISHED / _STATE; -ENOMEM; or the host's error.
 */
int sevl_lsnp_record(struct sevl_lsnp *s, u64 gfn, u8 type, struct page *page,
		     unsigned long src_uaddr, u32 *why)
{
	struct sevl_lsnp_page_rec *r;
	void *va;
	int ret;

	if (type < SEVL_SNP_PAGE_NORMAL || type > SEVL_SNP_PAGE_CPUID ||
	    type == SEVL_SNP_PAGE_VMSA || gfn > ULONG_MAX)
		return -EINVAL;
	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return -ENOMEM;
	r->gfn = gfn;
	r->type = type;
	r->page = page;
	r->src_uaddr = type == SEVL_SNP_PAGE_CPUID ? src_uaddr : 0;

	mutex_lock(&s->lock);
	ret = sevl_lsnp_open(s, why);
	if (ret)
		goto out_free;
	if (!s->canonical) {
		ret = -EINVAL;
		goto out_free;
	}
	if (type == SEVL_SNP_PAGE_NORMAL) {
		va = kmap_local_page(page);
		ret = sevl_lsnp_sha384(s->tfm, va, PAGE_SIZE, r->sha);
		kunmap_local(va);
		if (ret)
			goto out_free;
	}
	ret = xa_insert(&s->pages, gfn, r, GFP_KERNEL_ACCOUNT);
	if (ret) {
		if (ret == -EBUSY) {
			sevl_lsnp_why(why, SEV_LAUNCH_ERR_OVERLAP);
			ret = -EEXIST;
		}
		goto out_free;
	}
	ret = s->p.ops->page_assign(s->p.host, gfn, page_to_pfn(page));
	if (ret) {
		xa_erase(&s->pages, gfn);
		goto out_free;
	}
	get_page(page);
	s->nr_pages++;
	s->used = true;
	mutex_unlock(&s->lock);
	return 0;

out_free:
	mutex_unlock(&s->lock);
	kfree(r);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_record);

/**
 * sevl_lsnp_unrecord() - forget a page recorded by this very command
 * @s: launch
 * @gfn: its guest frame number
 *
 * For the host's clean-up when a multi-page update fails half-way: the
 * page goes back to the host and loses the core's reference.
 */
void sevl_lsnp_unrecord(struct sevl_lsnp *s, u64 gfn)
{
	struct sevl_lsnp_page_rec *r;

	mutex_lock(&s->lock);
	r = xa_erase(&s->pages, gfn);
	if (r) {
		s->nr_pages--;
		sevl_lsnp_page_drop(s, r, false);
	}
	mutex_unlock(&s->lock);
}
EXPORT_SYMBOL_GPL(sevl_lsnp_unrecord);

/**
 * sevl_lsnp_vmsa_set() - the VMM supplies vCPU @vcpu_id's VMSA
 * @s: launch
 * @vcpu_id: the vCPU (its mutex held)
 * @page: 4096-byte VMSA to measure byte for byte, or NULL to sync from
 *	the vCPU's registers at FINISH with @sev_features
 * @sev_features: for a sync, must equal the VM's
 * @why: receives the refusal reason
 *
 * Validated now (sevl_lsnp_vmsa_validate()); measured at FINISH, in both
 * modes.  Once per vCPU, before FINISH: also refused once the host's own
 * SNP_LAUNCH_FINISH was chosen (sevl_lsnp_finish_route()).
 *
 * Return: 0; -EINVAL with _FEATURES_VM, _VMSA_VMPL, _VMSA_RESERVED,
 * _VMSA_DEBUG, _VMSA_DUP, _FINISHED or _STATE; -ENOMEM.
 */
int sevl_lsnp_vmsa_set(struct sevl_lsnp *s, u32 vcpu_id, const void *page,
		       u64 sev_features, u32 *why)
{
	struct sevl_lsnp_vmsa_rec *r;
	int ret;

	if (page) {
		ret = sevl_lsnp_vmsa_validate(page, s->p.vmsa_features, why);
		if (ret)
			return ret;
	} else if (sev_features != s->p.vmsa_features) {
		sevl_lsnp_why(why, SEV_LAUNCH_ERR_FEATURES_VM);
		return -EINVAL;
	}
	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return -ENOMEM;
	r->features = sev_features;
	if (page) {
		r->page = kmemdup(page, PAGE_SIZE, GFP_KERNEL_ACCOUNT);
		if (!r->page) {
			kfree(r);
			return -ENOMEM;
		}
	}

	mutex_lock(&s->lock);
	ret = sevl_lsnp_open(s, why);
	/* Too late once a FINISH measured the VMSAs (or left it to KVM). */
	if (!ret && (s->upstream_finish || s->replayed)) {
		sevl_lsnp_why(why, SEV_LAUNCH_ERR_FINISHED);
		ret = -EINVAL;
	}
	if (!ret) {
		ret = xa_insert(&s->vmsas, vcpu_id, r, GFP_KERNEL_ACCOUNT);
		if (ret == -EBUSY) {
			sevl_lsnp_why(why, SEV_LAUNCH_ERR_VMSA_DUP);
			ret = -EINVAL;
		}
	}
	if (!ret)
		s->nr_supplied++;
	mutex_unlock(&s->lock);
	if (ret)
		sevl_lsnp_vmsa_free(r);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_vmsa_set);

/**
 * sevl_lsnp_vmsa_get() - the VMSA vCPU @vcpu_id was (or will be) measured with
 * @s: launch
 * @vcpu_id: the vCPU (its mutex held)
 * @buf: 4096 bytes
 *
 * After measurement, the exact bytes measured; before, the supplied page,
 * or the page a sync from the vCPU's registers would give now.
 *
 * Return: 0 or the host's error.
 */
int sevl_lsnp_vmsa_get(struct sevl_lsnp *s, u32 vcpu_id, void *buf)
{
	struct sevl_lsnp_vmsa_rec *r;
	u64 features = s->p.vmsa_features;
	int ret = 0;

	mutex_lock(&s->lock);
	r = xa_load(&s->vmsas, vcpu_id);
	if (r && r->measured)
		memcpy(buf, r->measured, PAGE_SIZE);
	else if (r && r->page)
		memcpy(buf, r->page, PAGE_SIZE);
	else if (s->finished)
		ret = -ENOENT;
	else
		ret = s->p.ops->vmsa_peek(s->p.host, vcpu_id,
					  r ? r->features : features, buf);
	mutex_unlock(&s->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_vmsa_get);

/**
 * sevl_lsnp_nr_held() - pages the launch holds a reference on
 * @s: launch
 *
 * Return: the number of recorded pages not yet measured.
 */
unsigned long sevl_lsnp_nr_held(struct sevl_lsnp *s)
{
	unsigned long n;

	mutex_lock(&s->lock);
	n = s->nr_pages;
	mutex_unlock(&s->lock);
	return n;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_nr_held);
