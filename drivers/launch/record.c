// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: LAUNCH_UPDATE_DATA.
 *
 * Default mode does what upstream KVM does: pin the range, give the
 * firmware one LAUNCH_UPDATE_DATA per run of physically consecutive pages,
 * unpin.  Canonical mode only records the range: it is translated to a
 * guest physical address, checked against the ranges already recorded
 * (overlaps are refused, so every guest byte is measured at most once) and
 * kept pinned in an index sorted by guest physical address (ranges.c)
 * until the replay at LAUNCH_MEASURE (replay.c).
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
#include <linux/slab.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>

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

static int sevl_data_record(struct sevl_launch *l, unsigned long uaddr,
			    u64 len)
{
	struct sevl_data_rec r = { .len = len, .offset = offset_in_page(uaddr) };
	struct sevl_ranges_slot slot;
	unsigned long nr;
	bool alias;
	int ret;

	if (l->p.ops->hva_to_gpa(l->p.host, uaddr, len, &r.gpa))
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_NO_MEMSLOT);
	if (r.gpa + len - 1 < r.gpa)
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_NO_MEMSLOT);
	/* Finds the place, refuses an overlap, allocates the index's nodes. */
	ret = sevl_ranges_prepare(&l->data, r.gpa, len, &slot);
	if (ret == -EEXIST)
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_OVERLAP);
	if (ret)
		return ret;

	/* Held until the replay: keep the pages out of movable memory. */
	ret = sevl_pin(l, uaddr, len, FOLL_WRITE | FOLL_LONGTERM, &r.pages,
		       &nr);
	if ((ret == -EFAULT || ret == -EOPNOTSUPP) &&
	    sevl_pin_short_ok(uaddr, len))
		ret = sevl_refuse(l, -EOPNOTSUPP, SEV_LAUNCH_ERR_MEMTYPE);
	if (ret) {
		sevl_ranges_abort(&slot);
		return ret;
	}
	ret = sevl_pages_alias(r.pages, nr, &alias);
	if (!ret && alias)
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_ALIAS);
	if (ret) {
		sevl_unpin(l, r.pages, nr, false);
		sevl_ranges_abort(&slot);
		return ret;
	}
	sevl_ranges_commit(&l->data, &slot, &r);
	l->nr_data++;
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
 * sevl_data_free_ranges() - unpin and free the records of an index
 * @l: launch the pins are charged to
 * @t: the index; emptied
 * @dirty: the firmware may have written the pages
 */
void sevl_data_free_ranges(struct sevl_launch *l, struct sevl_ranges *t,
			   bool dirty)
{
	struct sevl_ranges_pos pos;
	struct sevl_data_rec *r;

	for (r = sevl_ranges_first(t, &pos); r; r = sevl_ranges_next(&pos))
		sevl_unpin(l, r->pages, sevl_data_nr_pages(r), dirty);
	sevl_ranges_clear(t);
}

/**
 * sevl_data_free_all() - unpin and free every recorded data range
 * @l: launch
 * @dirty: the firmware may have written the pages
 */
void sevl_data_free_all(struct sevl_launch *l, bool dirty)
{
	sevl_data_free_ranges(l, &l->data, dirty);
	l->nr_data = 0;
}
