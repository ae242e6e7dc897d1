// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core, SEV-SNP part: SNP_LAUNCH_FINISH with the replay.
 *
 * Order: in canonical mode every recorded page by ascending GFN, then in
 * both modes every vCPU's VMSA (ascending vCPU id in canonical mode,
 * creation order otherwise, as upstream), then SNP_LAUNCH_FINISH with the
 * VMM's ID block, ID authentication and host data, as upstream issues it.
 *
 * The host's lock_vcpus also keeps every page in guest memory until the
 * replay is done (KVM: guest_memfd's invalidate locks).  Before anything
 * is sent every recorded page must still be where it was recorded (the
 * VMM may punch it out of guest_memfd in between): that check only reads,
 * and if a page is gone FINISH is refused with SEV_LAUNCH_ERR_SNP_GONE and
 * nothing changes.  Recorded pages stay mutable (Guest-Invalid) in the
 * RMP; each is made immutable (Pre-Guest, page_lock) right before its own
 * SNP_LAUNCH_UPDATE, and reclaimed if the firmware refuses it, so at any
 * point a page is either measured (the guest's), hypervisor-owned again,
 * or still Guest-Invalid: teardown and guest_memfd give every one back.
 * The core holds a reference on every recorded page, so the firmware never
 * touches freed memory whatever the VMM does; a command that times out
 * keeps its page and buffers until the firmware is done (snp_late.c).
 *
 * A firmware failure half-way through leaves the guest partly measured:
 * the launch is broken and only destroying the VM remains, as with
 * upstream after a failed SNP_LAUNCH_UPDATE.  A CPUID page the firmware
 * refuses (INVALID_PARAM) is given back to the VMM corrected, at the
 * source address of its KVM_SEV_SNP_LAUNCH_UPDATE, as upstream does at
 * update time.  A failed SNP_LAUNCH_FINISH command itself (a wrong ID
 * block) may be retried: the measured pages and VMSAs stay measured.
 */
#include <linux/kernel.h>
#include <linux/bitfield.h>
#include <linux/highmem.h>
#include <linux/mem_encrypt.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/io.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>

#include "snp_internal.h"

static int sevl_lsnp_update(struct sevl_lsnp *s, u64 gctx, struct page *page,
			    u8 type, u32 *fw, bool *taken)
{
	struct sevl_snp_launch_update c = {
		.gctx_paddr = gctx,
		.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, type),
		.address = __sme_set(page_to_phys(page)),
	};

	return sevl_lsnp_issue(s, SEVL_CMD_SNP_LAUNCH_UPDATE, &c, page, NULL, 0,
			       fw, taken);
}

/* The firmware refused a CPUID page: hand its correction to the VMM. */
static void sevl_lsnp_cpuid_back(struct sevl_lsnp_page_rec *r)
{
	void *va;

	if (!r->src_uaddr)
		return;
	va = kmap_local_page(r->page);
	if (copy_to_user((void __user *)r->src_uaddr, va, PAGE_SIZE))
		pr_debug("sev-launch: CPUID page not written back\n");
	kunmap_local(va);
}

/* Measure one recorded page; it leaves the record set whatever happens. */
static int sevl_lsnp_replay_page(struct sevl_lsnp *s, u64 gctx,
				 struct sevl_lsnp_page_rec *r, u32 *fw)
{
	const struct sevl_lsnp_host_ops *o = s->p.ops;
	u64 pfn = page_to_pfn(r->page);
	bool taken;
	int ret;

	xa_erase(&s->pages, r->gfn);
	s->nr_pages--;
	/* Immutable only now, right before its own SNP_LAUNCH_UPDATE. */
	ret = o->page_lock(s->p.host, r->gfn, pfn);
	if (ret) {
		sevl_lsnp_page_drop(s, r, false);
		return ret;
	}
	ret = sevl_lsnp_update(s, gctx, r->page, r->type, fw, &taken);
	if (ret && !taken) {
		if (o->page_reclaim(s->p.host, pfn))
			get_page(r->page);	/* the firmware's: never freed */
		else if (r->type == SEVL_SNP_PAGE_CPUID &&
			 *fw == SEV_RET_INVALID_PARAM)
			sevl_lsnp_cpuid_back(r);
	}
	if (!ret)
		ret = sevl_lsnp_log_add(s, r->type, r->gfn << PAGE_SHIFT, 0,
					r->type == SEVL_SNP_PAGE_NORMAL ?
					r->sha : NULL);
	/* Measured, reclaimed, leaked or the timed-out command's: drop ours. */
	sevl_lsnp_page_drop(s, r, true);
	return ret;
}

static int sevl_lsnp_replay_pages(struct sevl_lsnp *s, u64 gctx, u32 *fw)
{
	struct sevl_lsnp_page_rec *r;
	unsigned long gfn;
	int ret;

	xa_for_each(&s->pages, gfn, r) {
		ret = sevl_lsnp_replay_page(s, gctx, r, fw);
		if (ret) {
			s->broken = true;
			return ret;
		}
	}
	return 0;
}

static int sevl_lsnp_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The vCPU ids in replay order; the vCPUs are locked. */
static int sevl_lsnp_ids(struct sevl_lsnp *s, u32 **idsp, u32 *nr)
{
	u32 *ids = NULL;
	int n, m;

	n = s->p.ops->vcpu_ids(s->p.host, NULL, 0);
	if (n < 0)
		return n;
	if (n) {
		ids = kcalloc(n, sizeof(*ids), GFP_KERNEL_ACCOUNT);
		if (!ids)
			return -ENOMEM;
		m = s->p.ops->vcpu_ids(s->p.host, ids, n);
		if (m != n) {
			kfree(ids);
			return -EBUSY;
		}
	}
	if (s->canonical)
		sort(ids, n, sizeof(*ids), sevl_lsnp_cmp_u32, NULL);
	*idsp = ids;
	*nr = n;
	return 0;
}

static int sevl_lsnp_replay_vmsa(struct sevl_lsnp *s, u64 gctx, u32 id,
				 u32 *fw)
{
	const struct sevl_lsnp_host_ops *o = s->p.ops;
	u8 sha[SHA384_DIGEST_SIZE];
	struct sevl_lsnp_vmsa_rec *r;
	bool taken = false;
	u8 *copy;
	void *va;
	u64 pfn;
	int ret;

	r = xa_load(&s->vmsas, id);
	if (!r) {
		r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
		if (!r)
			return -ENOMEM;
		r->features = s->p.vmsa_features;
		ret = xa_insert(&s->vmsas, id, r, GFP_KERNEL_ACCOUNT);
		if (ret) {
			kfree(r);
			return ret;
		}
	}
	copy = kmalloc(PAGE_SIZE, GFP_KERNEL_ACCOUNT);
	if (!copy)
		return -ENOMEM;

	ret = o->vmsa_prepare(s->p.host, id, r->page, r->features, &va, &pfn);
	if (ret)
		goto out;
	/* The firmware encrypts the page in place: hash the plaintext. */
	memcpy(copy, va, PAGE_SIZE);
	ret = sevl_lsnp_sha384(s->tfm, copy, PAGE_SIZE, sha);
	if (!ret)
		ret = sevl_lsnp_update(s, gctx, pfn_to_page(pfn),
				       SEVL_SNP_PAGE_VMSA, fw, &taken);
	if (ret) {
		/* A VMSA the firmware keeps must outlive its vCPU. */
		if (!taken && o->page_reclaim(s->p.host, pfn))
			get_page(pfn_to_page(pfn));
		goto out;
	}
	o->vmsa_commit(s->p.host, id);
	kfree_sensitive(r->measured);
	r->measured = copy;
	copy = NULL;
	ret = sevl_lsnp_log_add(s, SEVL_SNP_PAGE_VMSA, KVM_SEV_SNP_VMSA_GPA, id,
				sha);
out:
	kfree_sensitive(copy);
	return ret;
}

static int sevl_lsnp_launch_finish(struct sevl_lsnp *s, u64 gctx,
				   struct sevl_lsnp_finish_args *a, u32 *fw)
{
	struct sevl_snp_launch_finish *c;
	void *blobs[2];
	bool taken;
	int ret;

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	c->gctx_paddr = gctx;
	if (a->id_block) {
		c->flags |= SEVL_SNP_FINISH_ID_BLOCK_EN;
		c->id_block_paddr = __sme_set(virt_to_phys(a->id_block));
		c->id_auth_paddr = __sme_set(virt_to_phys(a->id_auth));
		if (a->auth_key_en)
			c->flags |= SEVL_SNP_FINISH_AUTH_KEY_EN;
	}
	if (a->vcek_disabled)
		c->flags |= SEVL_SNP_FINISH_VCEK_DISABLED;
	memcpy(c->host_data, a->host_data, sizeof(c->host_data));
	blobs[0] = a->id_block;
	blobs[1] = a->id_auth;
	ret = sevl_lsnp_issue(s, SEVL_CMD_SNP_LAUNCH_FINISH, c, NULL, blobs, 2,
			      fw, &taken);
	if (taken) {
		/* The descriptor keeps them until the firmware is done. */
		a->id_block = NULL;
		a->id_auth = NULL;
	}
	kfree(c);
	return ret;
}

/* A retried FINISH: was every vCPU there now measured by the replay? */
static int sevl_lsnp_replayed_all(struct sevl_lsnp *s, u32 *why)
{
	struct sevl_lsnp_vmsa_rec *r;
	u32 *ids = NULL, nr = 0, i;
	int ret;

	ret = sevl_lsnp_ids(s, &ids, &nr);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++) {
		r = xa_load(&s->vmsas, ids[i]);
		if (!r || !r->measured) {
			sevl_lsnp_why(why, SEV_LAUNCH_ERR_VMSA_MISSING);
			ret = -EINVAL;
			break;
		}
	}
	kfree(ids);
	return ret;
}

/* Every recorded page still in guest memory and assigned?  Reads only. */
static int sevl_lsnp_preflight(struct sevl_lsnp *s, u32 *why)
{
	struct sevl_lsnp_page_rec *r;
	unsigned long gfn;

	xa_for_each(&s->pages, gfn, r) {
		if (s->p.ops->page_check(s->p.host, gfn,
					 page_to_pfn(r->page))) {
			sevl_lsnp_why(why, SEV_LAUNCH_ERR_SNP_GONE);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * sevl_lsnp_finish() - SNP_LAUNCH_FINISH with sev-launch's replay
 * @s: launch
 * @a: the VMM's ID block, ID authentication and host data; if
 *	SNP_LAUNCH_FINISH times out the core keeps @a->id_block and
 *	@a->id_auth (set to NULL) until the firmware is done with them
 * @fw: receives the firmware status
 * @why: receives the refusal reason
 *
 * Locks every vCPU and guest memory (-EBUSY while a vCPU is being created,
 * so no vCPU can appear unmeasured), checks every recorded page without
 * changing it, then measures: recorded
 * pages by GFN (canonical mode), VMSAs (by vCPU id in canonical mode, in
 * creation order otherwise; the VMM's page where it gave one, else synced
 * from the registers), and issues SNP_LAUNCH_FINISH.
 *
 * A retry after SNP_LAUNCH_FINISH itself failed sends only that command
 * again, and is refused with _VMSA_MISSING if a vCPU exists whose VMSA the
 * replay did not measure (no VMSA can be supplied any more).
 *
 * Return: 0; -EINVAL with _FINISHED, _STATE, _SNP_GONE or _VMSA_MISSING;
 * -EBUSY; the
 * firmware's error (-EIO for the VMM, with the status in @fw);
 * -ETIMEDOUT (the launch is then broken); -ENOMEM.
 */
int sevl_lsnp_finish(struct sevl_lsnp *s, struct sevl_lsnp_finish_args *a,
		     u32 *fw, u32 *why)
{
	u32 *ids = NULL, nr = 0, i;
	u64 gctx;
	int ret;

	*fw = SEVL_FW_NOT_CALLED;
	ret = s->p.ops->lock_vcpus(s->p.host);
	if (ret)
		return ret;
	mutex_lock(&s->lock);
	ret = sevl_lsnp_open(s, why);
	if (ret)
		goto out;
	gctx = s->p.ops->gctx_pa(s->p.host);
	if (!gctx) {
		ret = -EINVAL;
		goto out;
	}
	if (s->replayed) {
		ret = sevl_lsnp_replayed_all(s, why);
		if (ret)
			goto out;
		goto finish;
	}

	ret = sevl_lsnp_preflight(s, why);
	if (ret)
		goto out;
	ret = sevl_lsnp_ids(s, &ids, &nr);
	if (ret)
		goto out;
	ret = sevl_lsnp_log_reserve(s, s->nr_pages + nr);
	if (ret)
		goto out;

	s->used = true;
	ret = sevl_lsnp_replay_pages(s, gctx, fw);
	if (ret)
		goto out;
	for (i = 0; i < nr; i++) {
		ret = sevl_lsnp_replay_vmsa(s, gctx, ids[i], fw);
		if (ret) {
			s->broken = true;
			goto out;
		}
	}
	s->replayed = true;
finish:
	*fw = SEVL_FW_NOT_CALLED;
	ret = sevl_lsnp_launch_finish(s, gctx, a, fw);
	if (!ret)
		s->finished = true;
out:
	mutex_unlock(&s->lock);
	s->p.ops->unlock_vcpus(s->p.host);
	kfree(ids);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_finish);
