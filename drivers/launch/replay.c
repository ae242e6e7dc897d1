// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: the canonical replay at LAUNCH_MEASURE.
 *
 * The recorded updates go to the firmware in an order that depends only
 * on the guest: every data range sorted by guest physical address, then
 * every vCPU's VMSA sorted by vCPU id.  The launch digest is then SHA-256
 * over the guest's initial memory in address order followed by its VMSAs
 * in id order, whatever order (and from whichever threads) the VMM issued
 * the commands in.
 *
 * Data ranges are cut into runs of physically consecutive pages, and runs
 * that continue each other physically - also across two records adjacent
 * in the order - are merged into one LAUNCH_UPDATE_DATA.  Merging does not
 * change the digest (it hashes a byte stream) but saves firmware calls.
 *
 * The order is total: records are keyed by guest physical address and
 * never overlap (record.c refuses overlaps), and a user range that several
 * memory slots map (aliases) was recorded at the lowest of its guest
 * physical addresses (the host's hva_to_gpa rule).  vCPU ids are unique.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>

#include "internal.h"

/* Longest LAUNCH_UPDATE_DATA: 32-bit length, 16-byte aligned. */
#define SEVL_MAX_CHUNK	(U32_MAX & ~15U)

/*
 * The replay of the data records.  The pending firmware command is a
 * physically contiguous range made of the bytes of consecutive records, in
 * replay order; @next and @done say where in the records it begins.  Its
 * bytes are hashed only when it is issued, right before the firmware reads
 * them, so the log and the digest hold exactly what the firmware measured,
 * even if the VMM wrote guest memory meanwhile or a page recurs in a later
 * record (aliased memory slots: the firmware then measures what the first
 * command left there).
 */
struct sevl_replay {
	struct sevl_launch *l;
	u64 pa;
	u64 len;
	struct sevl_ranges_pos next;
	u64 done;
	struct sha256_state entry;
};

/* Hash the pending command's bytes, log finished records, issue it. */
static int sevl_replay_flush(struct sevl_replay *rp, u32 *fw)
{
	struct sevl_launch *l = rp->l;
	struct sevl_fw_launch_update c = { .handle = l->handle };
	u32 nr_log = l->nr_log;
	struct sevl_data_rec *r;
	u8 sha[SHA256_DIGEST_SIZE];
	struct sha256_state ld = l->ld;
	unsigned long first, last;
	u64 left = rp->len, n, pos;
	int ret;

	if (!rp->len)
		return 0;
	while (left) {
		r = rp->next.rec;
		n = min(left, r->len - rp->done);
		pos = r->offset + rp->done;
		first = pos >> PAGE_SHIFT;
		last = (pos + n - 1) >> PAGE_SHIFT;
		/* The VMM may have written the pages since they were pinned. */
		sevl_flush_pages(r->pages + first, last - first + 1);
		sevl_hash_pages(&rp->entry, &ld, r->pages + first,
				offset_in_page(pos), n);
		rp->done += n;
		left -= n;
		if (rp->done == r->len) {
			sha256_final(&rp->entry, sha);
			sevl_log_add(l, KVM_SEV_LOG_DATA, 0, r->gpa, r->len, sha);
			sha256_init(&rp->entry);
			sevl_ranges_next(&rp->next);
			rp->done = 0;
		}
	}
	c.address = rp->pa;
	c.len = rp->len;
	rp->len = 0;
	ret = sevl_fw_issue(l, SEVL_CMD_LAUNCH_UPDATE_DATA, &c, fw);
	if (ret)
		l->nr_log = nr_log;	/* the firmware measured none of it */
	else
		l->ld = ld;
	memzero_explicit(&ld, sizeof(ld));
	return ret;
}

static int sevl_replay_data(struct sevl_launch *l, u32 *fw)
{
	struct sevl_replay rp = { .l = l };
	struct sevl_ranges_pos pos;
	struct sevl_data_rec *r;
	unsigned long i, run;
	unsigned int offset;
	u64 left, n, pa;
	int ret = 0;

	sevl_ranges_first(&l->data, &rp.next);
	sha256_init(&rp.entry);
	for (r = sevl_ranges_first(&l->data, &pos); r && !ret;
	     r = sevl_ranges_next(&pos)) {
		offset = r->offset;
		left = r->len;
		for (i = 0; left; i += run) {
			run = sevl_contig_pages(r->pages, i,
						sevl_data_nr_pages(r));
			n = min_t(u64, run * PAGE_SIZE - offset, left);
			pa = sevl_page_pa(r->pages[i]) + offset;
			if (!rp.len || pa != rp.pa + rp.len ||
			    rp.len + n > SEVL_MAX_CHUNK) {
				ret = sevl_replay_flush(&rp, fw);
				if (ret)
					break;
				rp.pa = pa;
			}
			rp.len += n;
			left -= n;
			offset = 0;
		}
		cond_resched();
	}
	if (!ret)
		ret = sevl_replay_flush(&rp, fw);
	memzero_explicit(&rp.entry, sizeof(rp.entry));
	return ret;
}

static int sevl_replay_vmsas(struct sevl_launch *l, u32 *fw)
{
	struct sevl_vmsa_rec *r;
	unsigned long id;
	int ret;

	/* xarray order is vCPU id order. */
	xa_for_each(&l->vmsas, id, r) {
		ret = sevl_vmsa_measure(l, r, fw);
		if (ret)
			return ret;
		cond_resched();
	}
	return 0;
}

/*
 * SEV-ES: every vCPU needs its VMSA before anything is measured, and the
 * host must still accept each (a VMM may have turned guest debugging on
 * since the VMSA was recorded).
 */
static int sevl_replay_check_vmsas(struct sevl_launch *l)
{
	struct sevl_vmsa_rec *r;
	u32 *ids, nr, i;
	int ret;

	if (!l->p.es)
		return 0;
	ret = sevl_vcpu_ids(l, &ids, &nr);
	if (ret)
		return ret;
	for (i = 0; i < nr && !ret; i++) {
		r = xa_load(&l->vmsas, ids[i]);
		if (!r)
			ret = sevl_refuse(l, -EINVAL,
					  SEV_LAUNCH_ERR_VMSA_MISSING);
		else
			ret = sevl_vmsa_host_check(l, r->vcpu_id,
						   r->sync ? NULL : r->page);
	}
	kfree(ids);
	return ret;
}

/**
 * sevl_replay() - send the recorded updates to the firmware
 * @l: launch, locked, in START, not yet replayed; with SEV-ES the vCPUs
 *	are locked
 * @fw: receives the firmware status
 *
 * Refuses with SEV_LAUNCH_ERR_VMSA_MISSING, sending nothing, if an SEV-ES
 * vCPU has no VMSA, and with SEV_LAUNCH_ERR_VMSA_DEBUG if the host no
 * longer accepts one.  Otherwise replays data by GPA then VMSAs by vCPU id,
 * logging and hashing each item, and releases every data pin.  Runs at
 * most once.  If the firmware (or the host, filling a VMSA) fails
 * part-way, the launch is marked broken: every later command but teardown
 * is refused.
 *
 * Return: 0, the refusal, -ENOMEM, or the host's or firmware's error.
 */
int sevl_replay(struct sevl_launch *l, u32 *fw)
{
	unsigned long want;
	int ret;

	ret = sevl_replay_check_vmsas(l);
	if (ret)
		return ret;
	want = l->nr_data + l->nr_vmsas;
	if (want > U32_MAX)
		return -ENOMEM;
	ret = sevl_log_reserve(l, want);
	if (ret)
		return ret;

	l->replayed = true;
	ret = sevl_replay_data(l, fw);
	if (!ret)
		ret = sevl_replay_vmsas(l, fw);
	if (ret == -ETIMEDOUT)
		sevl_late_keep_data(l);
	sevl_data_free_all(l, true);
	if (ret)
		l->broken = true;
	return ret;
}
