// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a fake SNP host for the launch core (suites sev-launch-core-snp
 * and sev-launch-core-snp-fail).
 *
 * The host keeps an RMP of its own, with each page's state as the real one
 * would have it: recorded pages Guest-Invalid, immutable Pre-Guest only
 * after page_lock, Guest-Valid once measured.  Its firmware refuses to
 * measure a page that is not Pre-Guest and extends its own PAGE_INFO chain
 * from the page bytes, with this file's own SHA-384 and PAGE_INFO code.
 * A command chosen by timeout_at goes to a software firmware's mailbox
 * that holds it, so the PSP driver really takes the launch's descriptor.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/launch_snp.h>
#include <sev-launch/psp.h>

#include "launch_snp_fake.h"

static void ls_sha384(struct ls_host *h, const void *p, size_t len, u8 *out)
{
	SHASH_DESC_ON_STACK(d, h->tfm);

	d->tfm = h->tfm;
	KUNIT_ASSERT_EQ(h->test, crypto_shash_digest(d, p, len, out), 0);
}

/* PAGE_INFO as the SNP ABI lays it out, built byte by byte. */
void ls_chain(struct ls_host *h, u8 *ld, const u8 *contents, u8 type,
	      u64 gpa)
{
	u8 pi[0x70] = {};
	int i;

	memcpy(pi, ld, 48);
	if (contents)
		memcpy(pi + 48, contents, 48);
	pi[96] = 0x70;
	pi[98] = type;
	for (i = 0; i < 8; i++)
		pi[104 + i] = gpa >> (8 * i);
	ls_sha384(h, pi, sizeof(pi), ld);
}

static int ls_vcpu_ids(void *host, u32 *ids, u32 max)
{
	struct ls_host *h = host;
	u32 i;

	for (i = 0; i < h->nr_ids && i < max; i++)
		ids[i] = h->ids[i];
	return h->nr_ids;
}

static int ls_lock(void *host)
{
	struct ls_host *h = host;

	h->locked = true;
	return 0;
}

static void ls_unlock(void *host)
{
	struct ls_host *h = host;

	h->locked = false;
}

struct ls_host *ls_cur;

u32 ls_state(struct ls_host *h, u64 pfn)
{
	void *e = xa_load(&h->rmp, pfn);

	return e ? xa_to_value(e) & 3 : 0;
}

static u64 ls_rmp_gfn(void *e)
{
	return (xa_to_value(e) >> 2) - 1;
}

/* How many fake RMP entries are in state @st. */
u32 ls_count(struct ls_host *h, u32 st)
{
	unsigned long pfn;
	void *e;
	u32 n = 0;

	xa_for_each(&h->rmp, pfn, e)
		n += (xa_to_value(e) & 3) == st;
	return n;
}

int ls_assign(void *host, u64 gfn, u64 pfn)
{
	struct ls_host *h = host;

	return xa_insert(&h->rmp, pfn, LS_RMP(gfn, LS_GI), GFP_KERNEL);
}

/* Read-only, as the contract says: any state change would show. */
static int ls_check(void *host, u64 gfn, u64 pfn)
{
	struct ls_host *h = host;

	KUNIT_EXPECT_TRUE(h->test, h->locked);
	if (gfn == h->gone_gfn || ls_state(h, pfn) != LS_GI)
		return -ENOENT;
	return 0;
}

int ls_lock_page(void *host, u64 gfn, u64 pfn)
{
	struct ls_host *h = host;

	KUNIT_EXPECT_TRUE(h->test, h->locked);
	if (ls_state(h, pfn) != LS_GI)
		return -EINVAL;
	if (gfn == h->lock_fail_gfn) {
		xa_erase(&h->rmp, pfn);		/* left hypervisor-owned */
		return -EIO;
	}
	xa_store(&h->rmp, pfn, LS_RMP(gfn, LS_PG), GFP_KERNEL);
	return 0;
}

static int ls_release(void *host, u64 pfn)
{
	struct ls_host *h = host;

	/* Only never-measured pages; an immutable one would need reclaim. */
	KUNIT_EXPECT_NE(h->test, ls_state(h, pfn), (u32)LS_GV);
	KUNIT_EXPECT_NE(h->test, ls_state(h, pfn), (u32)LS_PG);
	xa_erase(&h->rmp, pfn);
	return 0;
}

static int ls_reclaim(void *host, u64 pfn)
{
	struct ls_host *h = host ?: ls_cur;

	KUNIT_EXPECT_EQ(h->test, ls_state(h, pfn), (u32)LS_PG);
	h->nr_reclaims++;
	if (!host)
		h->nr_null_reclaims++;
	/* A real host's snp_leak_pages() takes no page reference. */
	if (h->reclaim_fails)
		return -EIO;
	xa_erase(&h->rmp, pfn);
	return 0;
}

static int ls_vmsa_idx(struct ls_host *h, u32 id)
{
	u32 i;

	for (i = 0; i < h->nr_ids; i++)
		if (h->ids[i] == id)
			return i;
	return -1;
}

void ls_sync(u32 id, u64 features, void *buf)
{
	memset(buf, 0, PAGE_SIZE);
	memset(buf, 0x40 + id, 0x40);		/* "registers" */
	memcpy(buf + 0x3b0, &features, sizeof(features));
}

static int ls_vmsa_prepare(void *host, u32 id, const void *page, u64 features,
			   void **va, u64 *pfn)
{
	struct ls_host *h = host;
	int i = ls_vmsa_idx(h, id);
	void *p;

	KUNIT_EXPECT_TRUE(h->test, h->locked);
	if (i < 0)
		return -ENOENT;
	p = page_address(h->vmsa[i]);
	if (page)
		memcpy(p, page, PAGE_SIZE);
	else
		ls_sync(id, features, p);
	*va = p;
	*pfn = page_to_pfn(h->vmsa[i]);
	return xa_insert(&h->rmp, *pfn, LS_RMP(0, LS_PG), GFP_KERNEL);
}

static void ls_commit(void *host, u32 id)
{
	struct ls_host *h = host;

	h->commits[h->nr_commits++] = id;
}

static int ls_peek(void *host, u32 id, u64 features, void *buf)
{
	ls_sync(id, features, buf);
	return 0;
}

static u64 ls_gctx(void *host)
{
	return 0x1000;
}

/* The fake firmware: checks the RMP, measures the page, extends ld. */
int ls_issue(void *ctx, u32 cmd, void *buf, u32 *fw)
{
	struct ls_host *h = ctx;
	struct ls_cmd *c = &h->cmds[h->nr_cmds];
	u8 sha[SHA384_DIGEST_SIZE];
	void *entry;

	*fw = SEV_RET_SUCCESS;
	if (h->nr_cmds >= LS_MAX_CMDS)
		return -E2BIG;
	h->nr_cmds++;
	c->cmd = cmd;
	if (h->timeout_at == h->nr_cmds) {
		/* A firmware that holds the command: the mailbox times out. */
		sevl_mbox_set_timeout(h->fx.mbox, 100);
		return sevl_mbox_cmd(h->fx.mbox, SEVL_CMD_PLATFORM_STATUS, buf,
				     fw);
	}
	if (h->fail_at == h->nr_cmds) {
		*fw = SEV_RET_INVALID_PARAM;
		return -EIO;
	}
	if (cmd == SEVL_CMD_SNP_LAUNCH_UPDATE) {
		struct sevl_snp_launch_update *u = buf;

		c->pfn = u->address >> PAGE_SHIFT;
		c->type = FIELD_GET(SEVL_SNP_UPDATE_PAGE_TYPE, u->flags);
		entry = xa_load(&h->rmp, c->pfn);
		/* As the firmware: Pre-Guest pages only. */
		if (!entry || (xa_to_value(entry) & 3) != LS_PG) {
			*fw = SEV_RET_INVALID_PAGE_STATE;
			return -EIO;
		}
		c->gpa = c->type == SEVL_SNP_PAGE_VMSA ? KVM_SEV_SNP_VMSA_GPA :
			 ls_rmp_gfn(entry) << PAGE_SHIFT;
		if (c->type == SEVL_SNP_PAGE_NORMAL ||
		    c->type == SEVL_SNP_PAGE_VMSA)
			ls_sha384(h, page_address(pfn_to_page(c->pfn)),
				  PAGE_SIZE, sha);
		ls_chain(h, h->ld, c->type == SEVL_SNP_PAGE_NORMAL ||
			 c->type == SEVL_SNP_PAGE_VMSA ? sha : NULL,
			 c->type, c->gpa);
		xa_store(&h->rmp, c->pfn,
			 LS_RMP(ls_rmp_gfn(entry), LS_GV), GFP_KERNEL);
	}
	return 0;
}

static const struct sevl_lsnp_host_ops ls_ops = {
	.vcpu_ids = ls_vcpu_ids,
	.lock_vcpus = ls_lock,
	.unlock_vcpus = ls_unlock,
	.page_assign = ls_assign,
	.page_check = ls_check,
	.page_lock = ls_lock_page,
	.page_release = ls_release,
	.page_reclaim = ls_reclaim,
	.vmsa_prepare = ls_vmsa_prepare,
	.vmsa_commit = ls_commit,
	.vmsa_peek = ls_peek,
	.gctx_pa = ls_gctx,
};

static void ls_host_free(void *data)
{
	struct ls_host *h = data;
	u32 i;

	for (i = 0; i < LS_MAX_VCPUS; i++)
		if (h->vmsa[i])
			__free_page(h->vmsa[i]);
	xa_destroy(&h->rmp);
	crypto_free_shash(h->tfm);
}

/* A host with vCPUs @ids (creation order). */
struct ls_host *ls_host(struct kunit *test, const u32 *ids, u32 n)
{
	struct ls_host *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, h);
	h->test = test;
	h->gone_gfn = U64_MAX;
	h->lock_fail_gfn = U64_MAX;
	xa_init(&h->rmp);
	h->tfm = crypto_alloc_shash("sha384", 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(h->tfm));
	h->nr_ids = n;
	for (i = 0; i < n; i++) {
		h->ids[i] = ids[i];
		h->vmsa[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, h->vmsa[i]);
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ls_host_free, h),
			0);
	return h;
}

struct sevl_lsnp *ls_launch(struct ls_host *h, bool canonical)
{
	struct sevl_lsnp_params p = {
		.ops = &ls_ops, .host = h, .issue = ls_issue, .ctx = h,
		.owner = THIS_MODULE, .vmsa_features = LS_FEATURES, .canonical = canonical,
	};
	struct sevl_lsnp *s = sevl_lsnp_create(&p);

	KUNIT_ASSERT_FALSE(h->test, IS_ERR(s));
	return s;
}

const struct ls_page ls_pages[LS_NR_PAGES] = {
	{ 0x7, SEVL_SNP_PAGE_NORMAL }, { 0x2, SEVL_SNP_PAGE_ZERO },
	{ 0x100000, SEVL_SNP_PAGE_NORMAL }, { 0x3, SEVL_SNP_PAGE_CPUID },
	{ 0x40000, SEVL_SNP_PAGE_SECRETS }, { 0x1, SEVL_SNP_PAGE_NORMAL },
	{ 0x9a, SEVL_SNP_PAGE_UNMEASURED }, { 0x8, SEVL_SNP_PAGE_NORMAL },
};

static void ls_mem_free(void *data)
{
	struct ls_mem *m = data;
	u32 i;

	for (i = 0; i < LS_NR_PAGES; i++)
		if (m->p[i])
			__free_page(m->p[i]);
}

struct ls_mem *ls_mem(struct kunit *test)
{
	struct ls_mem *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	for (i = 0; i < LS_NR_PAGES; i++) {
		m->p[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, m->p[i]);
		if (ls_pages[i].type == SEVL_SNP_PAGE_NORMAL)
			memset(page_address(m->p[i]), (u8)ls_pages[i].gfn ^ 0x5a,
			       PAGE_SIZE);
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ls_mem_free, m),
			0);
	return m;
}

/* Record every page in the order @order gives. */
void ls_record_all(struct kunit *test, struct sevl_lsnp *s,
		   struct ls_mem *m, const u32 *order)
{
	u32 i, k, why;

	for (i = 0; i < LS_NR_PAGES; i++) {
		k = order[i];
		why = 0;
		KUNIT_ASSERT_EQ(test, sevl_lsnp_record(s, ls_pages[k].gfn,
						       ls_pages[k].type,
						      m->p[k], 0, &why), 0);
	}
}
