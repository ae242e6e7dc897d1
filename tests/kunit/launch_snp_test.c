// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the launch core's SEV-SNP part (suite sev-launch-core-snp).
 *
 * A fake host keeps an RMP of its own (which pfns are assigned, to which
 * GFN) and a fake firmware that checks every SNP_LAUNCH_UPDATE against it
 * and extends its own PAGE_INFO chain from the page bytes it is given,
 * with this file's own SHA-384 and PAGE_INFO code.  The tests check the
 * replay order (pages by GFN, VMSAs by vCPU id), that the digest does not
 * depend on the order of the calls, that the log recomputes to the fake
 * firmware's digest, the VMSA refusal reasons, double updates, updates
 * after FINISH, a page gone before FINISH, and that a destroyed launch
 * leaves no page assigned and no page reference behind.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/launch_snp.h>
#include <sev-launch/psp.h>

#define LS_MAX_VCPUS	16
#define LS_MAX_CMDS	64
#define LS_FEATURES	(SEV_LAUNCH_VMSA_FEAT_SNP_ACTIVE | BIT_ULL(5))

struct ls_cmd {
	u32 cmd;
	u64 pfn;
	u8 type;
	u64 gpa;
};

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
	u32 commits[LS_MAX_VCPUS];
	u32 nr_commits;
	bool locked;
	u8 ld[SHA384_DIGEST_SIZE];	/* the fake firmware's digest */
	struct crypto_shash *tfm;
};

static void ls_sha384(struct ls_host *h, const void *p, size_t len, u8 *out)
{
	SHASH_DESC_ON_STACK(d, h->tfm);

	d->tfm = h->tfm;
	KUNIT_ASSERT_EQ(h->test, crypto_shash_digest(d, p, len, out), 0);
}

/* PAGE_INFO as the SNP ABI lays it out, built byte by byte. */
static void ls_chain(struct ls_host *h, u8 *ld, const u8 *contents, u8 type,
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

static int ls_assign(void *host, u64 gfn, u64 pfn)
{
	struct ls_host *h = host;

	return xa_insert(&h->rmp, pfn, xa_mk_value(gfn + 1), GFP_KERNEL);
}

static int ls_check(void *host, u64 gfn, u64 pfn)
{
	struct ls_host *h = host;

	if (gfn == h->gone_gfn || !xa_load(&h->rmp, pfn))
		return -ENOENT;
	return 0;
}

static void ls_release(void *host, u64 pfn)
{
	struct ls_host *h = host;

	xa_erase(&h->rmp, pfn);
}

static int ls_vmsa_idx(struct ls_host *h, u32 id)
{
	u32 i;

	for (i = 0; i < h->nr_ids; i++)
		if (h->ids[i] == id)
			return i;
	return -1;
}

static void ls_sync(u32 id, u64 features, void *buf)
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
	return xa_insert(&h->rmp, *pfn, xa_mk_value(0), GFP_KERNEL);
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
static int ls_issue(void *ctx, u32 cmd, void *buf, u32 *fw)
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
	if (h->fail_at == h->nr_cmds) {
		*fw = SEV_RET_INVALID_PARAM;
		return -EIO;
	}
	if (cmd == SEVL_CMD_SNP_LAUNCH_UPDATE) {
		struct sevl_snp_launch_update *u = buf;

		c->pfn = u->address >> PAGE_SHIFT;
		c->type = FIELD_GET(SEVL_SNP_UPDATE_PAGE_TYPE, u->flags);
		entry = xa_load(&h->rmp, c->pfn);
		if (!entry) {
			*fw = SEV_RET_INVALID_PAGE_STATE;
			return -EIO;
		}
		c->gpa = c->type == SEVL_SNP_PAGE_VMSA ? KVM_SEV_SNP_VMSA_GPA :
			 (xa_to_value(entry) - 1) << PAGE_SHIFT;
		if (c->type == SEVL_SNP_PAGE_NORMAL ||
		    c->type == SEVL_SNP_PAGE_VMSA)
			ls_sha384(h, page_address(pfn_to_page(c->pfn)),
				  PAGE_SIZE, sha);
		ls_chain(h, h->ld, c->type == SEVL_SNP_PAGE_NORMAL ||
			 c->type == SEVL_SNP_PAGE_VMSA ? sha : NULL,
			 c->type, c->gpa);
	}
	return 0;
}

static const struct sevl_lsnp_host_ops ls_ops = {
	.vcpu_ids = ls_vcpu_ids,
	.lock_vcpus = ls_lock,
	.unlock_vcpus = ls_unlock,
	.page_assign = ls_assign,
	.page_check = ls_check,
	.page_release = ls_release,
	.page_reclaim = ls_release,
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
static struct ls_host *ls_host(struct kunit *test, const u32 *ids, u32 n)
{
	struct ls_host *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, h);
	h->test = test;
	h->gone_gfn = U64_MAX;
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

static struct sevl_lsnp *ls_launch(struct ls_host *h, bool canonical)
{
	struct sevl_lsnp_params p = {
		.ops = &ls_ops, .host = h, .issue = ls_issue, .ctx = h,
		.vmsa_features = LS_FEATURES, .canonical = canonical,
	};
	struct sevl_lsnp *s = sevl_lsnp_create(&p);

	KUNIT_ASSERT_FALSE(h->test, IS_ERR(s));
	return s;
}

/* Guest pages: gfn, type; contents derived from the gfn. */
struct ls_page {
	u64 gfn;
	u8 type;
};

static const struct ls_page ls_pages[] = {
	{ 0x7, SEVL_SNP_PAGE_NORMAL }, { 0x2, SEVL_SNP_PAGE_ZERO },
	{ 0x100000, SEVL_SNP_PAGE_NORMAL }, { 0x3, SEVL_SNP_PAGE_CPUID },
	{ 0x40000, SEVL_SNP_PAGE_SECRETS }, { 0x1, SEVL_SNP_PAGE_NORMAL },
	{ 0x9a, SEVL_SNP_PAGE_UNMEASURED }, { 0x8, SEVL_SNP_PAGE_NORMAL },
};

#define LS_NR_PAGES	ARRAY_SIZE(ls_pages)

struct ls_mem {
	struct page *p[LS_NR_PAGES];
};

static void ls_mem_free(void *data)
{
	struct ls_mem *m = data;
	u32 i;

	for (i = 0; i < LS_NR_PAGES; i++)
		if (m->p[i])
			__free_page(m->p[i]);
}

static struct ls_mem *ls_mem(struct kunit *test)
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
static void ls_record_all(struct kunit *test, struct sevl_lsnp *s,
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

/* Copy out the log; recompute the digest with this file's PAGE_INFO. */
static void ls_log_digest(struct ls_host *h, struct sevl_lsnp *s, u32 *nr,
			  struct kvm_sev_snp_log_entry *e, u8 *fwd, u8 *mine,
			  u32 *flags)
{
	struct kvm_sev_snp_log_entry __user *u;
	static const u8 zero[48];
	unsigned long ua;
	u32 i;

	ua = kunit_vm_mmap(h->test, NULL, 0, 64 * sizeof(*e),
			   PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE,
			   0);
	KUNIT_ASSERT_FALSE(h->test, !ua || IS_ERR_VALUE(ua));
	u = (void __user *)ua;
	*nr = 64;
	KUNIT_ASSERT_EQ(h->test, sevl_lsnp_get_log(s, u, nr, flags, fwd), 0);
	KUNIT_ASSERT_LE(h->test, *nr, 64);
	KUNIT_ASSERT_EQ(h->test, copy_from_user(e, u, *nr * sizeof(*e)), 0);
	memset(mine, 0, 48);
	for (i = 0; i < *nr; i++)
		ls_chain(h, mine, memcmp(e[i].sha384, zero, 48) ?
			 e[i].sha384 : NULL, e[i].page_type, e[i].gpa);
}

static void ls_canonical_order(struct kunit *test)
{
	static const u32 ids[] = { 5, 0, 12, 3, 1 };
	static const u32 order[] = { 3, 6, 0, 7, 1, 5, 2, 4 };
	struct kvm_sev_snp_log_entry *e;
	struct sevl_lsnp_finish_args a = {};
	u8 fwd[48], mine[48];
	struct ls_host *h = ls_host(test, ids, ARRAY_SIZE(ids));
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp *s = ls_launch(h, true);
	u8 *page = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u64 f = LS_FEATURES, prev = 0;
	u32 fw, why, nr, flags, i;

	KUNIT_ASSERT_NOT_NULL(test, page);
	ls_record_all(test, s, m, order);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), LS_NR_PAGES);
	KUNIT_EXPECT_EQ(test, h->nr_cmds, 0);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 2);
	memcpy(page + 0x3b0, &f, sizeof(f));
	page[0x10] = 0xab;
	KUNIT_ASSERT_EQ(test, sevl_lsnp_vmsa_set(s, 12, page, 0, &why), 0);

	KUNIT_ASSERT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), 0);
	KUNIT_ASSERT_EQ(test, h->nr_cmds, LS_NR_PAGES + ARRAY_SIZE(ids) + 1);
	for (i = 0; i < LS_NR_PAGES; i++) {
		KUNIT_EXPECT_EQ(test, h->cmds[i].cmd, SEVL_CMD_SNP_LAUNCH_UPDATE);
		KUNIT_EXPECT_GT(test, h->cmds[i].gpa + 1, prev);
		prev = h->cmds[i].gpa + 1;
	}
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		KUNIT_EXPECT_EQ(test, h->cmds[LS_NR_PAGES + i].type,
				SEVL_SNP_PAGE_VMSA);
	KUNIT_EXPECT_EQ(test, h->cmds[h->nr_cmds - 1].cmd,
			SEVL_CMD_SNP_LAUNCH_FINISH);
	/* VMSAs by vCPU id, not creation order. */
	KUNIT_ASSERT_EQ(test, h->nr_commits, ARRAY_SIZE(ids));
	KUNIT_EXPECT_EQ(test, h->commits[0], 0);
	KUNIT_EXPECT_EQ(test, h->commits[1], 1);
	KUNIT_EXPECT_EQ(test, h->commits[2], 3);
	KUNIT_EXPECT_EQ(test, h->commits[3], 5);
	KUNIT_EXPECT_EQ(test, h->commits[4], 12);
	/* References and RMP assignments of the pages are the guest's now. */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), 0);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 1);

	e = kunit_kcalloc(test, 64, sizeof(*e), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	ls_log_digest(h, s, &nr, e, fwd, mine, &flags);
	KUNIT_EXPECT_EQ(test, flags, KVM_SEV_LAUNCH_F_CANONICAL |
			KVM_SEV_SNP_LOG_F_FINISHED);
	KUNIT_EXPECT_EQ(test, nr, LS_NR_PAGES + ARRAY_SIZE(ids));
	KUNIT_EXPECT_MEMEQ(test, fwd, h->ld, 48);
	KUNIT_EXPECT_MEMEQ(test, mine, h->ld, 48);
	KUNIT_EXPECT_EQ(test, e[LS_NR_PAGES + 4].vcpu_id, 12);

	/* vCPU 12's VMSA reads back as given. */
	memset(fwd, 0, sizeof(fwd));
	{
		u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

		KUNIT_ASSERT_EQ(test, sevl_lsnp_vmsa_get(s, 12, buf), 0);
		KUNIT_EXPECT_MEMEQ(test, buf, page, PAGE_SIZE);
	}

	/* After FINISH: no update, no VMSA, no second FINISH. */
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_record(s, 0x500, SEVL_SNP_PAGE_ZERO,
					       m->p[0], 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FINISHED);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, NULL, LS_FEATURES, &why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FINISHED);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FINISHED);
	sevl_lsnp_destroy(s);
}

/* One launch in the given orders; its digest into @d. */
static void ls_run(struct kunit *test, const u32 *ids, const u32 *order,
		   bool canonical, u8 *d)
{
	struct ls_host *h = ls_host(test, ids, 4);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why, i, k;

	if (canonical) {
		ls_record_all(test, s, m, order);
		KUNIT_ASSERT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), 0);
	} else {
		/* Default mode: upstream's code measures, the core logs. */
		sevl_lsnp_destroy(s);
		s = ls_launch(h, false);
		for (i = 0; i < LS_NR_PAGES; i++) {
			struct sevl_snp_launch_update u = {};

			k = order[i];
			KUNIT_ASSERT_EQ(test, ls_assign(h, ls_pages[k].gfn,
							page_to_pfn(m->p[k])),
					0);
			u.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE,
					     ls_pages[k].type);
			u.address = PFN_PHYS(page_to_pfn(m->p[k]));
			KUNIT_ASSERT_EQ(test, ls_issue(h, SEVL_CMD_SNP_LAUNCH_UPDATE,
						       &u, &fw), 0);
			sevl_lsnp_logged(s, ls_pages[k].gfn << PAGE_SHIFT,
					 ls_pages[k].type,
					page_address(m->p[k]), 0);
		}
		KUNIT_EXPECT_FALSE(test, sevl_lsnp_finish_handled(s));
		KUNIT_ASSERT_EQ(test, sevl_lsnp_vmsa_set(s, ids[2], NULL,
							 LS_FEATURES, &why), 0);
		KUNIT_EXPECT_TRUE(test, sevl_lsnp_finish_handled(s));
		KUNIT_ASSERT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), 0);
		/* Default mode: VMSAs in creation order. */
		for (i = 0; i < 4; i++)
			KUNIT_EXPECT_EQ(test, h->commits[i], ids[i]);
	}
	{
		struct kvm_sev_snp_log_entry *e;
		u8 fwd[48];
		u32 nr, flags;

		e = kunit_kcalloc(test, 64, sizeof(*e), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, e);
		ls_log_digest(h, s, &nr, e, fwd, d, &flags);
		KUNIT_EXPECT_MEMEQ(test, d, h->ld, 48);
		KUNIT_EXPECT_MEMEQ(test, fwd, h->ld, 48);
	}
	sevl_lsnp_destroy(s);
}

/* Canonical: any call order, any vCPU creation order, one digest. */
static void ls_order_independent(struct kunit *test)
{
	static const u32 ids_a[] = { 0, 1, 2, 3 }, ids_b[] = { 3, 1, 0, 2 };
	static const u32 o_a[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const u32 o_b[] = { 7, 5, 3, 1, 6, 4, 2, 0 };
	u8 a[48], b[48], c[48], d[48];

	ls_run(test, ids_a, o_a, true, a);
	ls_run(test, ids_b, o_b, true, b);
	KUNIT_EXPECT_MEMEQ(test, a, b, 48);
	/* Default mode: the call order is the measured order. */
	ls_run(test, ids_a, o_a, false, c);
	ls_run(test, ids_a, o_b, false, d);
	KUNIT_EXPECT_MEMNEQ(test, c, d, 48);
	KUNIT_EXPECT_MEMNEQ(test, a, c, 48);
}

/* The same GFN twice; refusals change nothing. */
static void ls_double_update(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 why = 0;

	KUNIT_ASSERT_EQ(test, sevl_lsnp_record(s, 0x10, SEVL_SNP_PAGE_NORMAL,
					       m->p[0], 0, &why), 0);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_record(s, 0x10, SEVL_SNP_PAGE_ZERO,
					       m->p[1], 0, &why), -EEXIST);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_OVERLAP);
	KUNIT_EXPECT_EQ(test, page_count(m->p[1]), 1);
	KUNIT_EXPECT_NULL(test, xa_load(&h->rmp, page_to_pfn(m->p[1])));
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), 1);
	/* A VMSA type or an unknown one is not a page update. */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_record(s, 0x11, SEVL_SNP_PAGE_VMSA,
					       m->p[1], 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_record(s, 0x11, 7, m->p[1], 0, &why),
			-EINVAL);
	/* LAUNCH_CONFIG once pages exist: refused. */
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_config(s, 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_CONFIG);
	KUNIT_EXPECT_TRUE(test, sevl_lsnp_canonical(s));
	sevl_lsnp_destroy(s);
	KUNIT_EXPECT_EQ(test, page_count(m->p[0]), 1);
	KUNIT_EXPECT_TRUE(test, xa_empty(&h->rmp));
}

/* Destroy mid-launch, and a page gone before FINISH. */
static void ls_destroy_and_gone(struct kunit *test)
{
	static const u32 ids[] = { 0, 1 };
	static const u32 order[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct ls_host *h = ls_host(test, ids, 2);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why = 0, i;

	ls_record_all(test, s, m, order);
	h->gone_gfn = ls_pages[5].gfn;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_SNP_GONE);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, h->nr_cmds, 0);
	KUNIT_EXPECT_FALSE(test, h->locked);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), LS_NR_PAGES);
	sevl_lsnp_destroy(s);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 1);
	KUNIT_EXPECT_TRUE(test, xa_empty(&h->rmp));
}

/* The firmware fails half-way: broken, the rest released at destroy. */
static void ls_fw_failure(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	static const u32 order[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct ls_mem *m = ls_mem(test);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why = 0, i;

	ls_record_all(test, s, m, order);
	h->fail_at = 3;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EIO);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_nr_held(s), LS_NR_PAGES - 2);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_STATE);
	sevl_lsnp_destroy(s);
	for (i = 0; i < LS_NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, page_count(m->p[i]), 1);
}

/* A failed SNP_LAUNCH_FINISH command alone may be retried. */
static void ls_finish_retry(struct kunit *test)
{
	static const u32 ids[] = { 0, 1 };
	struct ls_host *h = ls_host(test, ids, 2);
	struct sevl_lsnp_finish_args a = {};
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 fw, why = 0;

	h->fail_at = 3;		/* two VMSAs, then LAUNCH_FINISH */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), -EIO);
	KUNIT_EXPECT_EQ(test, h->nr_commits, 2);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_finish(s, &a, &fw, &why), 0);
	KUNIT_EXPECT_EQ(test, h->nr_commits, 2);
	KUNIT_EXPECT_EQ(test, h->nr_cmds, 4);
	KUNIT_EXPECT_EQ(test, h->cmds[3].cmd, SEVL_CMD_SNP_LAUNCH_FINISH);
	sevl_lsnp_destroy(s);
}

/* Every VMSA refusal, with its reason, and what is accepted. */
static void ls_vmsa_validate(struct kunit *test)
{
	static const u16 rsvd[] = { 0xc8, 0xcc, 0xd8, 0x13f, 0x1c0, 0x248,
				    0x298, 0x2f0, 0x320, 0x380, 0x3f0, 0x3ff };
	u8 *p = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u64 f = LS_FEATURES, other = SEV_LAUNCH_VMSA_FEAT_SNP_ACTIVE;
	u64 dr7 = 0x400;
	u32 why, i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0x11, 0xc8);			/* segments, SSPs, U_CET */
	memcpy(p + 0x3b0, &f, sizeof(f));
	memcpy(p + 0x160, &dr7, sizeof(dr7));
	memset(p + 0x400, 0x22, 0x270);		/* FPU state */
	memset(p + 0x670, 0x33, 0x10);		/* beyond: not checked */
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_validate(p, f, &why), 0);
	KUNIT_EXPECT_EQ(test, why, 0);

	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_validate(p, other, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FEATURES_VM);
	/* Without SNPActive, even if the VM claimed the same. */
	memcpy(p + 0x3b0, &(u64){ BIT_ULL(5) }, 8);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_validate(p, BIT_ULL(5), &why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FEATURES_VM);
	memcpy(p + 0x3b0, &f, sizeof(f));

	p[0xca] = 1;
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_validate(p, f, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_VMSA_VMPL);
	p[0xca] = 0;

	for (i = 0; i < ARRAY_SIZE(rsvd); i++) {
		p[rsvd[i]] = 0x80;
		why = 0;
		KUNIT_EXPECT_EQ_MSG(test, sevl_lsnp_vmsa_validate(p, f, &why),
				    -EINVAL, "offset %#x", rsvd[i]);
		KUNIT_EXPECT_EQ_MSG(test, why,
				    (u32)SEV_LAUNCH_ERR_VMSA_RESERVED,
				    "offset %#x", rsvd[i]);
		p[rsvd[i]] = 0;
	}

	dr7 = 0x401;
	memcpy(p + 0x160, &dr7, sizeof(dr7));
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_validate(p, f, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_VMSA_DEBUG);
}

/* vCPU-fd supply: refused pages leave nothing; once per vCPU. */
static void ls_vmsa_supply(struct kunit *test)
{
	static const u32 ids[] = { 0, 1 };
	struct ls_host *h = ls_host(test, ids, 2);
	struct sevl_lsnp *s = ls_launch(h, false);
	u8 *p = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u64 f = LS_FEATURES;
	u32 why;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(p + 0x3b0, &f, sizeof(f));
	p[0xca] = 2;
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, p, 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_VMSA_VMPL);
	KUNIT_EXPECT_FALSE(test, sevl_lsnp_finish_handled(s));
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, NULL, f & ~1ULL, &why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_FEATURES_VM);
	p[0xca] = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, p, 0, &why), 0);
	why = 0;
	KUNIT_EXPECT_EQ(test, sevl_lsnp_vmsa_set(s, 0, p, 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_VMSA_DUP);
	KUNIT_EXPECT_TRUE(test, sevl_lsnp_finish_handled(s));
	KUNIT_ASSERT_EQ(test, sevl_lsnp_vmsa_get(s, 0, buf), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, p, PAGE_SIZE);
	/* Not supplied: what a sync would give now. */
	KUNIT_ASSERT_EQ(test, sevl_lsnp_vmsa_get(s, 1, buf), 0);
	ls_sync(1, f, p);
	KUNIT_EXPECT_MEMEQ(test, buf, p, PAGE_SIZE);
	/* Default mode records no pages. */
	KUNIT_EXPECT_EQ(test, sevl_lsnp_record(s, 1, SEVL_SNP_PAGE_ZERO,
					       h->vmsa[1], 0, &why), -EINVAL);
	sevl_lsnp_destroy(s);
}

/* Host-wide canonical cannot be left; unknown flags refused. */
static void ls_config(struct kunit *test)
{
	static const u32 ids[] = { 0 };
	struct ls_host *h = ls_host(test, ids, 1);
	struct sevl_lsnp *s = ls_launch(h, true);
	u32 why = 0;

	KUNIT_EXPECT_EQ(test, sevl_lsnp_config(s, 0, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, why, (u32)SEV_LAUNCH_ERR_CONFIG);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_config(s, 2, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_lsnp_config(s, KVM_SEV_LAUNCH_F_CANONICAL,
					       &why), 0);
	sevl_lsnp_destroy(s);
	s = ls_launch(h, false);
	KUNIT_EXPECT_FALSE(test, sevl_lsnp_canonical(s));
	KUNIT_EXPECT_EQ(test, sevl_lsnp_config(s, KVM_SEV_LAUNCH_F_CANONICAL,
					       &why), 0);
	KUNIT_EXPECT_TRUE(test, sevl_lsnp_canonical(s));
	sevl_lsnp_destroy(s);
}

static struct kunit_case sevl_launch_snp_cases[] = {
	KUNIT_CASE(ls_canonical_order),
	KUNIT_CASE(ls_order_independent),
	KUNIT_CASE(ls_double_update),
	KUNIT_CASE(ls_destroy_and_gone),
	KUNIT_CASE(ls_fw_failure),
	KUNIT_CASE(ls_finish_retry),
	KUNIT_CASE(ls_vmsa_validate),
	KUNIT_CASE(ls_vmsa_supply),
	KUNIT_CASE(ls_config),
	{}
};

static struct kunit_suite sevl_launch_snp_suite = {
	.name = "sev-launch-core-snp",
	.test_cases = sevl_launch_snp_cases,
};

kunit_test_suite(sevl_launch_snp_suite);
