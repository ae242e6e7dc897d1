// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: the launch log and the core's own launch digest.
 *
 * Every item the firmware measures (a data range or a VMSA page) gets one
 * log entry with the SHA-256 of exactly the bytes measured, in the order
 * the firmware measured them.  The core also keeps its own running SHA-256
 * over the same bytes; since the firmware's launch digest is SHA-256 over
 * the plaintext of every LAUNCH_UPDATE_* in order, the two are equal, and
 * a VMM or owner can recompute the digest from the log.
 *
 * Log space is reserved before the firmware is called, so an entry for a
 * command the firmware accepted can always be appended.  Default mode
 * keeps at most SEVL_LOG_DEFAULT_MAX entries (a VMM may issue any number
 * of updates); later ones are dropped and the log says it is truncated.
 * Canonical mode logs every record (bounded by its pinned memory).
 */
#include <linux/kernel.h>
#include <linux/error-injection.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/sev-launch.h>

#include "internal.h"

/**
 * sevl_log_reserve() - make room for @more log entries
 * @l: launch
 * @more: entries about to be added
 *
 * Return: 0 or -ENOMEM.
 */
int sevl_log_reserve(struct sevl_launch *l, u32 more)
{
	struct kvm_sev_launch_log_entry *n;
	u32 want, cap;

	if (check_add_overflow(l->nr_log, more, &want))
		return -ENOMEM;
	if (!sevl_canonical(l))
		want = min(want, SEVL_LOG_DEFAULT_MAX);
	if (want <= l->log_cap)
		return 0;
	cap = max3(want, l->log_cap * 2, 16U);
	if (!sevl_canonical(l))
		cap = min(cap, SEVL_LOG_DEFAULT_MAX);
	n = kvmalloc_array(cap, sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return -ENOMEM;
	if (l->nr_log)
		memcpy(n, l->log, l->nr_log * sizeof(*n));
	kvfree(l->log);
	l->log = n;
	l->log_cap = cap;
	return 0;
}
ALLOW_ERROR_INJECTION(sevl_log_reserve, ERRNO);

/**
 * sevl_log_add() - append an entry; room must have been reserved
 * @l: launch
 * @kind: KVM_SEV_LOG_DATA or KVM_SEV_LOG_VMSA
 * @vcpu_id: vCPU id for a VMSA, else 0
 * @gpa: guest physical address for data (U64_MAX if unknown), else 0
 * @len: bytes measured
 * @sha: their SHA-256
 */
void sevl_log_add(struct sevl_launch *l, u32 kind, u32 vcpu_id, u64 gpa,
		  u64 len, const u8 *sha)
{
	struct kvm_sev_launch_log_entry *e;

	if (!sevl_canonical(l) && l->nr_log >= SEVL_LOG_DEFAULT_MAX) {
		l->log_truncated = true;
		return;
	}
	if (WARN_ON_ONCE(l->nr_log >= l->log_cap))
		return;
	e = &l->log[l->nr_log++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->vcpu_id = vcpu_id;
	e->gpa = gpa;
	e->len = len;
	memcpy(e->sha256, sha, sizeof(e->sha256));
}

/**
 * sevl_log_free() - free the log
 * @l: launch
 */
void sevl_log_free(struct sevl_launch *l)
{
	kvfree(l->log);
	l->log = NULL;
	l->nr_log = 0;
	l->log_cap = 0;
}

/**
 * sevl_hash_pages() - feed bytes of pinned pages to one or two SHA-256s
 * @a: first hash
 * @b: second hash, or NULL
 * @pages: pinned pages
 * @offset: offset of the first byte in @pages[0]
 * @len: number of bytes
 */
void sevl_hash_pages(struct sha256_state *a, struct sha256_state *b,
		     struct page **pages, unsigned int offset, u64 len)
{
	unsigned long i = 0;
	unsigned int n;
	void *p;

	while (len) {
		n = min_t(u64, len, PAGE_SIZE - offset);
		p = kmap_local_page(pages[i]);
		sha256_update(a, p + offset, n);
		if (b)
			sha256_update(b, p + offset, n);
		kunmap_local(p);
		len -= n;
		offset = 0;
		i++;
		cond_resched();
	}
}

/**
 * sevl_launch_get_log() - copy out the launch log
 * @l: launch
 * @entries: user array, room for *@nr_entries entries; may be NULL when
 *	*@nr_entries is 0
 * @nr_entries: in: capacity of @entries; out: number of entries in the log
 * @flags: out: KVM_SEV_LAUNCH_F_* the launch was configured with, and
 *	KVM_SEV_LOG_F_TRUNCATED if entries were dropped
 * @digest: out: 32-byte launch digest once measured, else zeros
 *
 * Copies min(capacity, total) entries.  Allowed in every state.
 *
 * Return: 0, or -EFAULT if @entries cannot be written.
 */
int sevl_launch_get_log(struct sevl_launch *l,
			struct kvm_sev_launch_log_entry __user *entries,
			u32 *nr_entries, u32 *flags, u8 *digest)
{
	u32 n;
	int ret = 0;

	mutex_lock(&l->lock);
	n = min(*nr_entries, l->nr_log);
	if (n && copy_to_user(entries, l->log, (size_t)n * sizeof(*l->log)))
		ret = -EFAULT;
	*nr_entries = l->nr_log;
	*flags = l->flags;
	if (l->log_truncated)
		*flags |= KVM_SEV_LOG_F_TRUNCATED;
	if (l->state >= SEVL_LAUNCH_MEASURED)
		memcpy(digest, l->digest, SHA256_DIGEST_SIZE);
	else
		memset(digest, 0, SHA256_DIGEST_SIZE);
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_get_log);
