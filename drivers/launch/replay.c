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
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/rbtree.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>

#include "internal.h"

/* Longest LAUNCH_UPDATE_DATA: 32-bit length, 16-byte aligned. */
#define SEVL_MAX_CHUNK	(U32_MAX & ~15U)

struct sevl_chunk {
	u64 pa;
	u64 len;
};

static int sevl_chunk_flush(struct sevl_launch *l, struct sevl_chunk *ch,
			    u32 *fw)
{
	struct sevl_fw_launch_update c = { .handle = l->handle };
	int ret;

	if (!ch->len)
		return 0;
	c.address = ch->pa;
	c.len = ch->len;
	ret = sevl_fw_issue(l, SEVL_CMD_LAUNCH_UPDATE_DATA, &c, fw);
	ch->len = 0;
	return ret;
}

/* Does any page of @r lie inside the pending chunk? */
static bool sevl_chunk_touches(const struct sevl_chunk *ch,
			       const struct sevl_data_rec *r)
{
	unsigned long i;
	u64 pa;

	if (!ch->len)
		return false;
	for (i = 0; i < r->nr_pages; i++) {
		pa = sevl_page_pa(r->pages[i]);
		if (pa + PAGE_SIZE > ch->pa && pa < ch->pa + ch->len)
			return true;
	}
	return false;
}

static int sevl_replay_data(struct sevl_launch *l, u32 *fw)
{
	struct sevl_chunk ch = {};
	struct sevl_data_rec *r;
	struct sha256_state entry;
	u8 sha[SHA256_DIGEST_SIZE];
	unsigned long i, run;
	unsigned int offset;
	struct rb_node *node;
	u64 left, n, pa;
	int ret;

	for (node = rb_first(&l->data); node; node = rb_next(node)) {
		r = rb_entry(node, struct sevl_data_rec, node);

		/*
		 * Hash the record while it is still plaintext: the firmware
		 * encrypts in place, so a pending chunk that shares a page
		 * with it (an aliased memory slot) must go first.
		 */
		if (sevl_chunk_touches(&ch, r)) {
			ret = sevl_chunk_flush(l, &ch, fw);
			if (ret)
				return ret;
		}
		/* The VMM may have written the pages since they were pinned. */
		sevl_flush_pages(r->pages, r->nr_pages);
		sha256_init(&entry);
		sevl_hash_pages(&entry, &l->ld, r->pages, r->offset, r->len);
		sha256_final(&entry, sha);
		sevl_log_add(l, KVM_SEV_LOG_DATA, 0, r->gpa, r->len, sha);

		offset = r->offset;
		left = r->len;
		for (i = 0; left; i += run) {
			run = sevl_contig_pages(r->pages, i, r->nr_pages);
			n = min_t(u64, run * PAGE_SIZE - offset, left);
			pa = sevl_page_pa(r->pages[i]) + offset;
			if (ch.len && pa == ch.pa + ch.len &&
			    ch.len + n <= SEVL_MAX_CHUNK) {
				ch.len += n;
			} else {
				ret = sevl_chunk_flush(l, &ch, fw);
				if (ret)
					return ret;
				ch.pa = pa;
				ch.len = n;
			}
			left -= n;
			offset = 0;
		}
	}
	return sevl_chunk_flush(l, &ch, fw);
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
	}
	return 0;
}

/* SEV-ES: every vCPU needs its VMSA before anything is measured. */
static int sevl_replay_check_vmsas(struct sevl_launch *l)
{
	u32 *ids, nr, i;
	int ret;

	if (!l->p.es)
		return 0;
	ret = sevl_vcpu_ids(l, &ids, &nr);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++) {
		if (!xa_load(&l->vmsas, ids[i])) {
			ret = sevl_refuse(l, -EINVAL,
					  SEV_LAUNCH_ERR_VMSA_MISSING);
			break;
		}
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
 * vCPU has no VMSA.  Otherwise replays data by GPA then VMSAs by vCPU id,
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
