// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: LAUNCH_UPDATE_DATA.
 *
 * Default mode does what upstream KVM does: pin the range, give the
 * firmware one LAUNCH_UPDATE_DATA per run of physically consecutive pages,
 * unpin.  Canonical mode only records the range: it is translated to a
 * guest physical address, checked against the ranges already recorded
 * (overlaps are refused, so every guest byte is measured at most once),
 * appended to an array and kept pinned until the replay at LAUNCH_MEASURE
 * (replay.c).  A maple tree indexes the ranges by guest physical address:
 * it finds overlaps and gives the replay its order.
 *
 * Those pins are long-term (FOLL_LONGTERM), which the kernel grants for
 * anonymous memory, shmem (memfd, tmpfs, /dev/shm) and hugetlbfs, and for
 * private file mappings (their written pages are anonymous copies), but not
 * for shared writable mappings of files that need dirty tracking (disk and
 * network file systems) or DAX: such a range is refused with
 * SEV_LAUNCH_ERR_MEMTYPE.  A range in which one page occurs twice (the
 * same memory mapped at two addresses) is refused with SEV_LAUNCH_ERR_ALIAS:
 * the firmware would measure the second copy after encrypting the first,
 * so the digest would depend on the key rather than the guest's contents.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/maple_tree.h>
#include <linux/sched.h>
#include <linux/xarray.h>
#include <linux/slab.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/kunit.h>

#include "internal.h"

/* Upstream's path: one firmware command per physically contiguous run. */
static int sevl_data_now(struct sevl_launch *l, unsigned long uaddr, u64 len,
			 u32 *fw)
{
	struct sevl_fw_launch_update c = { .handle = l->handle };
	struct sha256_state entry, entry_tmp, ld_tmp;
	unsigned long i, run, nr;
	unsigned int offset = offset_in_page(uaddr);
	struct page **pages;
	u64 gpa, done = 0, n;
	u8 sha[SHA256_DIGEST_SIZE];
	int ret;

	if (l->p.ops->hva_to_gpa(l->p.host, uaddr, len, &gpa))
		gpa = U64_MAX;
	ret = sevl_log_reserve(l, 1);
	if (ret)
		return ret;
	ret = sevl_pin(l, uaddr, len, FOLL_WRITE, &pages, &nr);
	if (ret)
		return ret;
	sevl_flush_pages(pages, nr);

	/*
	 * Hash each run just before the firmware sees it (it encrypts in
	 * place) and keep the hash only if the firmware took the run, so the
	 * log and the digest match what the firmware measured even if it
	 * fails part-way.
	 */
	sha256_init(&entry);
	for (i = 0; i < nr && done < len; i += run) {
		run = sevl_contig_pages(pages, i, nr);
		n = min_t(u64, run * PAGE_SIZE - offset, len - done);
		entry_tmp = entry;
		ld_tmp = l->ld;
		sevl_hash_pages(&entry_tmp, &ld_tmp, pages + i, offset, n);
		c.address = sevl_page_pa(pages[i]) + offset;
		c.len = n;
		ret = sevl_fw_issue(l, SEVL_CMD_LAUNCH_UPDATE_DATA, &c, fw);
		if (ret)
			break;
		entry = entry_tmp;
		l->ld = ld_tmp;
		done += n;
		offset = 0;
	}
	if (done) {
		sha256_final(&entry, sha);
		sevl_log_add(l, KVM_SEV_LOG_DATA, 0, gpa, done, sha);
	}
	memzero_explicit(&entry_tmp, sizeof(entry_tmp));
	memzero_explicit(&ld_tmp, sizeof(ld_tmp));
	if (ret == -ETIMEDOUT)
		sevl_late_keep_pages(l, &pages, nr, true);
	sevl_unpin(l, pages, nr, true);
	return ret;
}

/**
 * sevl_data_index() - add a range to an index of recorded ranges
 * @mt: the index: ranges keyed by guest physical address, none overlapping
 * @gpa: guest physical address of the range's first byte
 * @len: its length, non-zero, gpa + len - 1 not wrapping
 * @idx: its record (stored as xa_mk_value(@idx))
 *
 * The maple tree keeps disjoint ranges in B-tree nodes of 16 slots: a
 * lookup or insertion touches a handful of nodes even with a million
 * ranges, and an in-order walk is the replay's order.  Shared with the
 * sev-launch-bench microbenchmark.
 *
 * Return: 0; -EEXIST (nothing added) if the range overlaps one in @mt;
 * -ENOMEM.
 */
int sevl_data_index(struct maple_tree *mt, u64 gpa, u64 len, u32 idx)
{
	return mtree_insert_range(mt, gpa, gpa + len - 1, xa_mk_value(idx),
				  GFP_KERNEL_ACCOUNT);
}

SEVL_EXPORT_FOR_KUNIT(sevl_data_index);

/**
 * sevl_data_order() - the indexed ranges in guest physical address order
 * @mt: index built by sevl_data_index()
 * @nr: number of ranges in @mt
 * @ordp: receives a kvmalloc'd array of @nr entries, sorted by address
 *
 * Return: 0, -ENOMEM, or -EINVAL if @mt does not hold @nr ranges.
 */
int sevl_data_order(struct maple_tree *mt, unsigned long nr,
		    struct sevl_data_ord **ordp)
{
	struct sevl_data_ord *ord;
	unsigned long i = 0;
	void *entry;

	MA_STATE(mas, mt, 0, 0);

	*ordp = NULL;
	if (!nr)
		return 0;
	ord = kvmalloc_array(nr, sizeof(*ord), GFP_KERNEL_ACCOUNT);
	if (!ord)
		return -ENOMEM;
	mas_lock(&mas);
	mas_for_each(&mas, entry, ULONG_MAX) {
		if (i == nr)
			break;
		ord[i].gpa = mas.index;
		ord[i].len = mas.last - mas.index + 1;
		ord[i++].idx = xa_to_value(entry);
		if (!(i & 1023) && need_resched()) {
			mas_pause(&mas);
			mas_unlock(&mas);
			cond_resched();
			mas_lock(&mas);
		}
	}
	mas_unlock(&mas);
	if (WARN_ON_ONCE(i != nr || entry)) {
		kvfree(ord);
		return -EINVAL;
	}
	*ordp = ord;
	return 0;
}

SEVL_EXPORT_FOR_KUNIT(sevl_data_order);

/* Room for one more record in @l->data. */
static int sevl_data_grow(struct sevl_launch *l)
{
	struct sevl_data_rec *n;
	unsigned long cap;

	if (l->nr_data < l->cap_data)
		return 0;
	if (l->nr_data >= U32_MAX)
		return -ENOMEM;
	/* Grow by half: at most a third of the array is slack. */
	cap = min_t(unsigned long, max(l->cap_data + l->cap_data / 2, 16UL),
		    U32_MAX);
	n = kvmalloc_array(cap, sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return -ENOMEM;
	if (l->nr_data)
		memcpy(n, l->data, l->nr_data * sizeof(*n));
	kvfree(l->data);
	l->data = n;
	l->cap_data = cap;
	return 0;
}

static int sevl_data_record(struct sevl_launch *l, unsigned long uaddr,
			    u64 len)
{
	struct sevl_data_rec r;
	unsigned long nr, index;
	bool alias;
	u64 gpa;
	int ret;

	if (l->p.ops->hva_to_gpa(l->p.host, uaddr, len, &gpa))
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_NO_MEMSLOT);
	if (gpa + len - 1 < gpa)
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_NO_MEMSLOT);
	index = gpa;
	if (mt_find(&l->data_idx, &index, gpa + len - 1))
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_OVERLAP);

	ret = sevl_data_grow(l);
	if (ret)
		return ret;
	/* Held until the replay: keep the pages out of movable memory. */
	ret = sevl_pin(l, uaddr, len, FOLL_WRITE | FOLL_LONGTERM, &r.pages,
		       &nr);
	if ((ret == -EFAULT || ret == -EOPNOTSUPP) &&
	    sevl_pin_short_ok(uaddr, len))
		ret = sevl_refuse(l, -EOPNOTSUPP, SEV_LAUNCH_ERR_MEMTYPE);
	if (ret)
		return ret;
	ret = sevl_pages_alias(r.pages, nr, &alias);
	if (!ret && alias)
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_ALIAS);
	if (!ret)
		ret = sevl_data_index(&l->data_idx, gpa, len, l->nr_data);
	if (ret == -EEXIST)	/* not under @l->lock: cannot happen */
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_OVERLAP);
	if (ret) {
		sevl_unpin(l, r.pages, nr, false);
		return ret;
	}
	r.nr_pages = nr;
	r.offset = offset_in_page(uaddr);
	l->data[l->nr_data++] = r;
	return 0;
}

/**
 * sevl_launch_update_data() - KVM_SEV_LAUNCH_UPDATE_DATA
 * @l: launch
 * @uaddr: user address of the guest memory
 * @len: length in bytes (at most 4 GiB - 1, the firmware's limit)
 * @fw: receives the firmware status (default mode)
 * @why: receives the refusal reason
 *
 * Canonical mode: in START, before the replay.  Default mode sends
 * the range to the firmware now; canonical mode records it (16-byte
 * aligned address and length; inside one memory slot; no overlap with a
 * recorded range) and keeps its pages pinned until the replay.
 *
 * Return: 0; -EINVAL for a zero, wrapping, too long or (canonical)
 * misaligned range; a refusal (SEV_LAUNCH_ERR_STATE, _FINISHED,
 * _NO_MEMSLOT, _OVERLAP, _ALIAS, _MEMLOCK; -EOPNOTSUPP with _MEMTYPE); a
 * pinning error; or the firmware's error.
 */
int sevl_launch_update_data(struct sevl_launch *l, unsigned long uaddr,
			    u64 len, u32 *fw, u32 *why)
{
	int ret;

	mutex_lock(&l->lock);
	sevl_enter(l, fw, why);
	ret = sevl_check_update(l);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (!len || len > U32_MAX || uaddr + len - 1 < uaddr)
		goto out;
	if (sevl_canonical(l)) {
		if (!IS_ALIGNED(uaddr, 16) || !IS_ALIGNED(len, 16))
			goto out;
		ret = sevl_data_record(l, uaddr, len);
	} else {
		ret = sevl_data_now(l, uaddr, len, fw);
	}
out:
	sevl_leave(l);
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_update_data);

/**
 * sevl_data_free_all() - unpin and free every recorded data range
 * @l: launch
 * @dirty: the firmware may have written the pages
 */
void sevl_data_free_all(struct sevl_launch *l, bool dirty)
{
	unsigned long i;

	for (i = 0; i < l->nr_data; i++) {
		sevl_unpin(l, l->data[i].pages, l->data[i].nr_pages, dirty);
		cond_resched();
	}
	kvfree(l->data);
	l->data = NULL;
	l->nr_data = 0;
	l->cap_data = 0;
	mtree_destroy(&l->data_idx);
}
