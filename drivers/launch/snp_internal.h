/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Launch core, SEV-SNP part: internals shared by snp.c and snp_log.c.
 */
#ifndef _SEVL_LAUNCH_SNP_INTERNAL_H
#define _SEVL_LAUNCH_SNP_INTERNAL_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/xarray.h>
#include <crypto/sha2.h>
#include <sev-launch/launch_snp.h>
#include <sev-launch/psp.h>

struct crypto_shash;
struct sevl_lsnp_late;
struct kvm_sev_snp_log_entry;

/**
 * struct sevl_lsnp_page_rec - a recorded SNP_LAUNCH_UPDATE page (canonical)
 * @gfn: guest frame number (the xarray index)
 * @type: page type (firmware value)
 * @page: the guest_memfd page, referenced until the firmware is done
 * @src_uaddr: for a CPUID page, where the VMM's source was (the firmware's
 *	corrected page is written back there if it refuses the page)
 * @sha: SHA-384 of the page's contents for a NORMAL page
 */
struct sevl_lsnp_page_rec {
	u64 gfn;
	u8 type;
	struct page *page;
	unsigned long src_uaddr;
	u8 sha[SHA384_DIGEST_SIZE];
};

/**
 * struct sevl_lsnp_vmsa_rec - one vCPU's VMSA
 * @page: the VMM's page (4096 bytes), or NULL for a register sync
 * @features: sev_features of a register sync
 * @measured: once measured, the exact 4096 bytes; else NULL
 */
struct sevl_lsnp_vmsa_rec {
	u8 *page;
	u64 features;
	u8 *measured;
};

/**
 * struct sevl_lsnp - one SEV-SNP launch
 * @lock: serialises every entry point
 * @p: parameters
 * @tfm: SHA-384 transform
 * @canonical: record and replay in canonical order
 * @used: a page was recorded or logged: the mode is fixed
 * @finished: SNP_LAUNCH_FINISH succeeded
 * @broken: the firmware failed half-way through our replay
 * @replayed: every page and VMSA was measured; only SNP_LAUNCH_FINISH
 *	is left (it may be retried, e.g. with another ID block)
 * @upstream_finish: the host's own SNP_LAUNCH_FINISH (default mode) was
 *	chosen: it measures the VMSAs itself, so none may be supplied now
 * @late: descriptor armed around each firmware command (snp_late.c)
 * @pages: recorded pages (struct sevl_lsnp_page_rec), indexed by gfn
 * @nr_pages: entries in @pages
 * @vmsas: VMSA records (struct sevl_lsnp_vmsa_rec), indexed by vCPU id
 * @nr_supplied: VMSA records the VMM gave (so FINISH is ours)
 * @log: launch log entries
 * @nr_log: entries used in @log
 * @log_cap: entries allocated in @log
 * @log_truncated: default mode dropped entries
 * @ld: PAGE_INFO chain over every logged page
 */
struct sevl_lsnp {
	struct mutex lock;	/* see above */
	struct sevl_lsnp_params p;
	struct crypto_shash *tfm;
	bool canonical;
	bool used;
	bool finished;
	bool broken;
	bool replayed;
	bool upstream_finish;
	struct sevl_lsnp_late *late;
	struct xarray pages;
	unsigned long nr_pages;
	struct xarray vmsas;
	unsigned long nr_supplied;
	struct kvm_sev_snp_log_entry *log;
	u32 nr_log;
	u32 log_cap;
	bool log_truncated;
	u8 ld[SHA384_DIGEST_SIZE];
};

static inline void sevl_lsnp_why(u32 *why, u32 err)
{
	if (why)
		*why = err;
}

/* snp.c */
int sevl_lsnp_open(struct sevl_lsnp *s, u32 *why);
void sevl_lsnp_page_drop(struct sevl_lsnp *s, struct sevl_lsnp_page_rec *r,
			 bool measured);

/* snp_late.c */
int sevl_lsnp_issue(struct sevl_lsnp *s, u32 cmd, void *buf,
		    struct page *page, void **blobs, unsigned int nr_blobs,
		    u32 *fw, bool *taken);
void sevl_lsnp_late_free(struct sevl_lsnp *s);

/* snp_log.c */
int sevl_lsnp_sha384(struct crypto_shash *tfm, const void *data, size_t len,
		     u8 *out);
int sevl_lsnp_log_reserve(struct sevl_lsnp *s, u32 more);
int sevl_lsnp_log_add(struct sevl_lsnp *s, u8 type, u64 gpa, u32 vcpu_id,
		      const u8 *sha);
void sevl_lsnp_log_free(struct sevl_lsnp *s);

#endif /* _SEVL_LAUNCH_SNP_INTERNAL_H */
