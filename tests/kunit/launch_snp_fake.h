/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit: the fake host, RMP and firmware of the sev-launch-core-snp
 * suites (launch_snp_fake.c).
 */
#ifndef _SEVL_KUNIT_LAUNCH_SNP_FAKE_H
#define _SEVL_KUNIT_LAUNCH_SNP_FAKE_H

#include <kunit/test.h>
#include <linux/xarray.h>
#include <crypto/sha2.h>
#include <sev-launch/launch_snp.h>

#include "psp_fixture.h"

#define LS_MAX_VCPUS	16
#define LS_MAX_CMDS	64
#define LS_FEATURES	(SEV_LAUNCH_VMSA_FEAT_SNP_ACTIVE | BIT_ULL(5))

struct ls_cmd {
	u32 cmd;
	u64 pfn;
	u8 type;
	u64 gpa;
};

/* Fake RMP entry: the GFN + 1 (0 for a VMSA) and the state. */
enum { LS_GI = 1, LS_PG, LS_GV };
#define LS_RMP(gfn, st)	xa_mk_value((((gfn) + 1) << 2) | (st))

struct ls_host {
	struct kunit *test;
	u32 ids[LS_MAX_VCPUS];
	u32 nr_ids;
	struct page *vmsa[LS_MAX_VCPUS];
	u32 vmsa_of[LS_MAX_VCPUS];	/* vcpu id of vmsa[i] */
	struct xarray rmp;		/* pfn -> gfn + 1 (VMSA: 0 + 1) */
	u64 gone_gfn;			/* page_check fails for it (if != -1) */
	struct ls_cmd cmds[LS_MAX_CMDS];
	u32 nr_cmds;
	u32 fail_at;			/* 1-based command number to fail */
	u32 timeout_at;			/* 1-based command number to time out */
	u64 lock_fail_gfn;		/* page_lock fails for it (if != -1) */
	u32 nr_reclaims;
	u32 nr_null_reclaims;		/* from a late completion */
	bool reclaim_fails;		/* as hardware: leaked, no reference */
	struct sevl_pfx fx;		/* mailbox for timeout_at */
	u32 commits[LS_MAX_VCPUS];
	u32 nr_commits;
	bool locked;
	u8 ld[SHA384_DIGEST_SIZE];	/* the fake firmware's digest */
	struct crypto_shash *tfm;
};

/* Guest pages: gfn, type; contents derived from the gfn. */
struct ls_page {
	u64 gfn;
	u8 type;
};

#define LS_NR_PAGES	8
extern const struct ls_page ls_pages[LS_NR_PAGES];

struct ls_mem {
	struct page *p[LS_NR_PAGES];
};

/* The host whose RMP a late completion reclaims into (host NULL). */
extern struct ls_host *ls_cur;

void ls_chain(struct ls_host *h, u8 *ld, const u8 *contents, u8 type,
	      u64 gpa);
u32 ls_state(struct ls_host *h, u64 pfn);
u32 ls_count(struct ls_host *h, u32 st);
int ls_assign(void *host, u64 gfn, u64 pfn);
int ls_lock_page(void *host, u64 gfn, u64 pfn);
void ls_sync(u32 id, u64 features, void *buf);
int ls_issue(void *ctx, u32 cmd, void *buf, u32 *fw);
struct ls_host *ls_host(struct kunit *test, const u32 *ids, u32 n);
struct sevl_lsnp *ls_launch(struct ls_host *h, bool canonical);
struct ls_mem *ls_mem(struct kunit *test);
void ls_record_all(struct kunit *test, struct sevl_lsnp *s,
		   struct ls_mem *m, const u32 *order);

#endif /* _SEVL_KUNIT_LAUNCH_SNP_FAKE_H */
