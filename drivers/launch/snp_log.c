// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core, SEV-SNP part: the launch log and the PAGE_INFO chain.
 *
 * Every page the firmware measured through SNP_LAUNCH_UPDATE gets one log
 * entry - page type, GPA, vCPU id for a VMSA, and the SHA-384 of the page
 * where the firmware hashes it (NORMAL and VMSA pages) - in the order the
 * firmware measured them.  The core extends its own copy of the
 * firmware's launch digest with the same PAGE_INFO structure the firmware
 * hashes (SNP ABI, "PAGE_INFO"), so the digest GET_LOG reports is the
 * report's MEASUREMENT, and anyone can recompute it from the entries.
 *
 * sev-launch's KVM path measures only 4 KiB pages at VMPL0, without IMI:
 * the PAGE_INFO fields for those are zero and not logged.
 */
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <crypto/hash.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/launch.h>

#include "snp_internal.h"

/**
 * sevl_lsnp_sha384() - SHA-384 of a buffer
 * @tfm: a "sha384" transform
 * @data: bytes
 * @len: their number
 * @out: 48-byte digest
 *
 * Return: 0 or the crypto API's error.
 */
int sevl_lsnp_sha384(struct crypto_shash *tfm, const void *data, size_t len,
		     u8 *out)
{
	SHASH_DESC_ON_STACK(desc, tfm);
	int ret;

	desc->tfm = tfm;
	ret = crypto_shash_digest(desc, data, len, out);
	shash_desc_zero(desc);
	return ret;
}

static int sevl_lsnp_chain(struct crypto_shash *tfm, const u8 *ld,
			   const u8 *contents, u8 type, u64 gpa, u8 *out)
{
	struct sevl_snp_page_info pi = {
		.length = cpu_to_le16(sizeof(pi)),
		.page_type = type,
		.gpa = cpu_to_le64(gpa),
	};

	memcpy(pi.digest_cur, ld, sizeof(pi.digest_cur));
	if (contents)
		memcpy(pi.contents, contents, sizeof(pi.contents));
	return sevl_lsnp_sha384(tfm, &pi, sizeof(pi), out);
}

/**
 * sevl_lsnp_page_info() - one link of the SNP launch digest
 * @ld: the digest so far (48 bytes)
 * @contents: SHA-384 of the page for NORMAL and VMSA pages, else NULL
 * @type: page type (firmware value)
 * @gpa: guest physical address of the page
 * @out: 48 bytes: SHA-384 of the PAGE_INFO (may be @ld)
 *
 * For 4 KiB pages at VMPL0 without IMI, as sev-launch's KVM path
 * measures them.  Allocates a transform: for tests and tools, not for
 * every page of a launch.
 *
 * Return: 0 or a negative errno.
 */
int sevl_lsnp_page_info(const u8 *ld, const u8 *contents, u8 type, u64 gpa,
			u8 *out)
{
	struct crypto_shash *tfm;
	int ret;

	tfm = crypto_alloc_shash("sha384", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = sevl_lsnp_chain(tfm, ld, contents, type, gpa, out);
	crypto_free_shash(tfm);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_page_info);

/**
 * sevl_lsnp_log_reserve() - make room for @more log entries
 * @s: launch, locked
 * @more: entries about to be added
 *
 * Default mode keeps at most SEVL_LOG_DEFAULT_MAX entries.
 *
 * Return: 0 or -ENOMEM.
 */
int sevl_lsnp_log_reserve(struct sevl_lsnp *s, u32 more)
{
	struct kvm_sev_snp_log_entry *n;
	u32 want, cap;

	if (check_add_overflow(s->nr_log, more, &want))
		return -ENOMEM;
	if (!s->canonical)
		want = min(want, SEVL_LOG_DEFAULT_MAX);
	if (want <= s->log_cap)
		return 0;
	cap = max3(want, s->log_cap * 2, 16U);
	if (!s->canonical)
		cap = min(cap, SEVL_LOG_DEFAULT_MAX);
	n = kvmalloc_array(cap, sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return -ENOMEM;
	if (s->nr_log)
		memcpy(n, s->log, s->nr_log * sizeof(*n));
	kvfree(s->log);
	s->log = n;
	s->log_cap = cap;
	return 0;
}

/**
 * sevl_lsnp_log_add() - the firmware measured a page: log it, extend @ld
 * @s: launch, locked
 * @type: page type
 * @gpa: its guest physical address
 * @vcpu_id: for a VMSA the vCPU id, else 0
 * @sha: SHA-384 of the page for NORMAL and VMSA pages, else NULL
 *
 * An entry that finds no room (default mode beyond its bound, or no
 * memory) is dropped and the log marked truncated; the digest still
 * covers it.
 *
 * Return: 0, or the crypto error that left the digest unusable.
 */
int sevl_lsnp_log_add(struct sevl_lsnp *s, u8 type, u64 gpa, u32 vcpu_id,
		      const u8 *sha)
{
	struct kvm_sev_snp_log_entry *e;

	s->used = true;
	if (s->nr_log < s->log_cap) {
		e = &s->log[s->nr_log++];
		memset(e, 0, sizeof(*e));
		e->page_type = type;
		e->vcpu_id = vcpu_id;
		e->gpa = gpa;
		if (sha)
			memcpy(e->sha384, sha, sizeof(e->sha384));
	} else {
		s->log_truncated = true;
	}
	return sevl_lsnp_chain(s->tfm, s->ld, sha, type, gpa, s->ld);
}

/**
 * sevl_lsnp_log_free() - free the log
 * @s: launch
 */
void sevl_lsnp_log_free(struct sevl_lsnp *s)
{
	kvfree(s->log);
	s->log = NULL;
	s->nr_log = 0;
	s->log_cap = 0;
}

/**
 * sevl_lsnp_logged() - upstream's code measured a page (default mode)
 * @s: launch, or NULL
 * @gpa: its guest physical address (KVM_SEV_SNP_VMSA_GPA for a VMSA)
 * @type: page type (firmware value)
 * @page: the page's plaintext as measured (4096 bytes), or NULL for types
 *	whose contents the firmware does not hash
 * @vcpu_id: for a VMSA the vCPU id
 *
 * Called after each successful SNP_LAUNCH_UPDATE that sev-launch did not
 * issue itself.  For a VMSA the plaintext is also kept for
 * KVM_SEV_VCPU_GET_VMSA.
 */
void sevl_lsnp_logged(struct sevl_lsnp *s, u64 gpa, u8 type, const void *page,
		      u32 vcpu_id)
{
	u8 sha[SHA384_DIGEST_SIZE];
	bool hashed = type == SEVL_SNP_PAGE_NORMAL ||
		      type == SEVL_SNP_PAGE_VMSA;
	struct sevl_lsnp_vmsa_rec *r;

	if (!s)
		return;
	mutex_lock(&s->lock);
	if (hashed && (WARN_ON_ONCE(!page) ||
		       sevl_lsnp_sha384(s->tfm, page, PAGE_SIZE, sha))) {
		/* The digest can no longer be followed: say so. */
		s->log_truncated = true;
		goto out;
	}
	if (sevl_lsnp_log_reserve(s, 1))
		s->log_truncated = true;
	if (sevl_lsnp_log_add(s, type, gpa, type == SEVL_SNP_PAGE_VMSA ?
			     vcpu_id : 0, hashed ? sha : NULL))
		s->log_truncated = true;

	if (type != SEVL_SNP_PAGE_VMSA)
		goto out;
	r = xa_load(&s->vmsas, vcpu_id);
	if (!r) {
		r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
		if (!r || xa_insert(&s->vmsas, vcpu_id, r, GFP_KERNEL_ACCOUNT)) {
			kfree(r);
			goto out;
		}
	}
	if (!r->measured)
		r->measured = kmemdup(page, PAGE_SIZE, GFP_KERNEL_ACCOUNT);
out:
	mutex_unlock(&s->lock);
}
EXPORT_SYMBOL_GPL(sevl_lsnp_logged);

/**
 * sevl_lsnp_get_log() - copy out the SNP launch log
 * @s: launch
 * @entries: user array with room for *@nr_entries entries
 * @nr_entries: in: capacity; out: number of entries in the log
 * @flags: out: KVM_SEV_LAUNCH_F_CANONICAL, KVM_SEV_LOG_F_TRUNCATED,
 *	KVM_SEV_SNP_LOG_F_FINISHED
 * @digest: out: 48 bytes, the PAGE_INFO chain over the logged pages
 *
 * The entries are copied under the lock into a kernel buffer and out
 * after it, so a faulting user buffer never waits with the lock held.
 *
 * Return: 0, -ENOMEM or -EFAULT.
 */
int sevl_lsnp_get_log(struct sevl_lsnp *s,
		      struct kvm_sev_snp_log_entry __user *entries,
		     u32 *nr_entries, u32 *flags, u8 *digest)
{
	struct kvm_sev_snp_log_entry *copy = NULL;
	u32 n, want = *nr_entries;
	int ret = 0;

	mutex_lock(&s->lock);
	n = min(want, s->nr_log);
	if (n) {
		copy = kvmalloc_array(n, sizeof(*copy), GFP_KERNEL_ACCOUNT);
		if (!copy) {
			mutex_unlock(&s->lock);
			return -ENOMEM;
		}
		memcpy(copy, s->log, n * sizeof(*copy));
	}
	*nr_entries = s->nr_log;
	*flags = s->canonical ? KVM_SEV_LAUNCH_F_CANONICAL : 0;
	if (s->log_truncated)
		*flags |= KVM_SEV_LOG_F_TRUNCATED;
	if (s->finished)
		*flags |= KVM_SEV_SNP_LOG_F_FINISHED;
	memcpy(digest, s->ld, SHA384_DIGEST_SIZE);
	mutex_unlock(&s->lock);

	if (n && copy_to_user(entries, copy, (size_t)n * sizeof(*copy)))
		ret = -EFAULT;
	kvfree(copy);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_lsnp_get_log);
