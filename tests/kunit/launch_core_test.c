// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the launch core's measurement order (suite sev-launch-core).
 *
 * Canonical mode must give one launch digest for every order the updates
 * are issued in; default mode must follow the call order as upstream does.
 * Every digest is checked three ways: the core's (GET_LOG), the firmware's
 * own LD, and one the test computes from the guest's contents.  Also:
 * merging of physically adjacent ranges into one firmware command, pin
 * release, the LAUNCH_MEASURE length probe, and the VMSA bytes query.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/sev-launch.h>
#include <crypto/sha2.h>

#include "launch_test.h"

/* A data region: user offset and length in the guest mapping. */
struct lt_region {
	unsigned long off;
	u32 len;
};

/*
 * Guest memory has two slots: the first half of the mapping at GPA
 * 0x200000, the second at 0x100000, so GPA order differs from address
 * order.
 */
static const struct lt_region lt_regions[] = {
	{ 0x0000, 0x1000 },
	{ 0x1000, 0x2000 },
	{ 0x3040, 0x07c0 },
	{ 0x5000, 0x3000 },
	{ 0x9010, 0x0020 },
	{ 0x10000, 0x4000 },
	{ 0x14000, 0x0ff0 },
	{ 0x1a000, 0x2000 },
};

#define LT_NR_REGIONS	ARRAY_SIZE(lt_regions)
#define LT_NR_ITEMS	(LT_NR_REGIONS + LT_VCPUS)
#define LT_SEED		0x5e

static u64 lt_gpa(unsigned long off)
{
	if (off < LT_PAGES / 2 * PAGE_SIZE)
		return 0x200000 + off;
	return 0x100000 + off - LT_PAGES / 2 * PAGE_SIZE;
}

static void lt_two_slots(struct sevl_lt *t)
{
	u64 half = LT_PAGES / 2 * PAGE_SIZE;

	t->slots[0] = (struct sevl_lt_slot){ t->uaddr, 0x200000, half };
	t->slots[1] = (struct sevl_lt_slot){ t->uaddr + half, 0x100000, half };
	t->nr_slots = 2;
}

/* The VMSA page a VMM supplies for odd vCPUs: the VM's features, DR7 idle. */
static void lt_vmm_page(u32 id, u8 *page)
{
	u64 f = SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP, dr7 = 0x400;

	sevl_lt_fill_bytes(page, SEVL_VMSA_SIZE, 0x90 + id, 0);
	memcpy(page + 0x160, &dr7, sizeof(dr7));
	memcpy(page + 0x3b0, &f, sizeof(f));
}

/*
 * What vCPU @id's VMSA is in lt_issue_item(): sync for even, page for odd;
 * all carry the VM's sev_features.
 */
static void lt_expected_vmsa(u32 id, u8 *buf)
{
	if (id & 1)
		lt_vmm_page(id, buf);
	else
		sevl_lt_synth_vmsa(id, true, SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP,
				   buf);
}

/* Issue item @i: a data region, or the VMSA of vCPU i - LT_NR_REGIONS. */
static void lt_issue_item(struct sevl_lt *t, unsigned int i, u8 *page)
{
	struct kunit *test = t->test;
	u64 features = SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP;	/* the VM's */
	u32 fw, id;
	int ret;

	if (i < LT_NR_REGIONS) {
		ret = sevl_lt_data(t, lt_regions[i].off, lt_regions[i].len,
				   &fw);
		KUNIT_EXPECT_EQ(test, ret, 0);
		return;
	}
	id = i - LT_NR_REGIONS;
	if (id & 1) {
		lt_vmm_page(id, page);
		KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, id, page,
							      NULL, &fw, &t->why), 0);
	} else {
		ret = sevl_launch_update_vmsa(t->l, id, NULL,
					      id == 2 ? &features : NULL, &fw, &t->why);
		KUNIT_EXPECT_EQ(test, ret, 0);
	}
}

/* Deterministic permutation of 0..n-1 for round @k (k = 0: identity). */
static void lt_permute(unsigned int *p, unsigned int n, u32 k)
{
	u32 x = k * 2654435761u + 12345;
	unsigned int i, j, tmp;

	for (i = 0; i < n; i++)
		p[i] = i;
	if (!k)
		return;
	for (i = n - 1; i > 0; i--) {
		x = x * 1103515245u + 12345;
		j = (x >> 8) % (i + 1);
		tmp = p[i];
		p[i] = p[j];
		p[j] = tmp;
	}
}

static int lt_cmp_gpa(const void *a, const void *b)
{
	u64 ga = lt_gpa(lt_regions[*(const unsigned int *)a].off);
	u64 gb = lt_gpa(lt_regions[*(const unsigned int *)b].off);

	return ga < gb ? -1 : ga > gb;
}

/* SHA-256 of the canonical order, computed from the contents. */
static void lt_canonical_digest(u8 *digest)
{
	unsigned int order[LT_NR_REGIONS], i;
	struct sha256_state s;
	u8 *buf = kmalloc(0x4000, GFP_KERNEL);

	if (!buf)
		return;
	for (i = 0; i < LT_NR_REGIONS; i++)
		order[i] = i;
	/* Insertion sort by GPA. */
	for (i = 1; i < LT_NR_REGIONS; i++) {
		unsigned int j = i, v = order[i];

		while (j && lt_cmp_gpa(&order[j - 1], &v) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = v;
	}
	sha256_init(&s);
	for (i = 0; i < LT_NR_REGIONS; i++) {
		const struct lt_region *r = &lt_regions[order[i]];

		sevl_lt_fill_bytes(buf, r->len, LT_SEED, r->off);
		sha256_update(&s, buf, r->len);
	}
	for (i = 0; i < LT_VCPUS; i++) {
		lt_expected_vmsa(i, buf);
		sha256_update(&s, buf, SEVL_VMSA_SIZE);
	}
	sha256_final(&s, digest);
	kfree(buf);
}

static void lt_measure(struct sevl_lt *t)
{
	struct kunit *test = t->test;
	u32 len = 0, fw;
	void *m;

	/* The probe first, as VMMs do. */
	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, NULL, &len, &fw, &t->why),
			-EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_INVALID_LEN);
	KUNIT_ASSERT_EQ(test, len, SEVL_MEASURE_SIZE);
	m = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, fw, 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_MEASURED);
}

/* Canonical mode: the same digest for shuffled orders and vCPU creation. */
static void lt_canon_shuffles(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	struct kvm_sev_launch_log_entry *log;
	struct kvm_sev_launch_log_entry __user *ulog;
	unsigned int perm[LT_NR_ITEMS], vperm[LT_VCPUS], i, k;
	u8 want[32], first[32], d[32];
	u64 base = sevl_launch_pinned_total();
	u32 nr, flags;
	u8 *page;

	page = kunit_kzalloc(test, SEVL_VMSA_SIZE, GFP_KERNEL);
	log = kunit_kcalloc(test, LT_NR_ITEMS, sizeof(*log), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, log);
	sevl_lt_map(t);
	lt_two_slots(t);
	lt_canonical_digest(want);

	for (k = 0; k < 6; k++) {
		/* vCPUs created in another order each round. */
		lt_permute(vperm, LT_VCPUS, k + 100);
		for (i = 0; i < LT_VCPUS; i++)
			t->vcpus[i].id = vperm[i];
		sevl_lt_fill(t, LT_SEED);
		sevl_lt_launch(t, true, true);
		sevl_lt_start(t, LT_ES_POLICY);
		lt_permute(perm, LT_NR_ITEMS, k);
		for (i = 0; i < LT_NR_ITEMS; i++)
			lt_issue_item(t, perm[i], page);
		/* Recorded only: the firmware has not seen any update. */
		KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA], 0);
		KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_VMSA], 0);
		KUNIT_EXPECT_GT(test, sevl_launch_pinned_pages(t->l), 0);

		lt_measure(t);
		KUNIT_EXPECT_EQ(test, t->locked, 0);
		KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_VMSA],
				LT_VCPUS);
		sevl_lt_digest(t, d);
		KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
		KUNIT_EXPECT_MEMEQ(test, d, want, 32);
		if (!k)
			memcpy(first, d, 32);
		KUNIT_EXPECT_MEMEQ(test, d, first, 32);
		KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), 0);
		KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);

		/* The log: data by GPA, then VMSAs by vCPU id. */
		nr = LT_NR_ITEMS;
		ulog = (void __user *)t->scratch;
		KUNIT_ASSERT_EQ(test, sevl_launch_get_log(t->l, ulog, &nr,
							  &flags, d), 0);
		KUNIT_EXPECT_EQ(test, nr, LT_NR_ITEMS);
		KUNIT_EXPECT_EQ(test, flags, KVM_SEV_LAUNCH_F_CANONICAL);
		KUNIT_ASSERT_EQ(test, copy_from_user(log, ulog, LT_NR_ITEMS *
						     sizeof(*log)), 0);
		for (i = 1; i < LT_NR_REGIONS; i++)
			KUNIT_EXPECT_LT(test, log[i - 1].gpa, log[i].gpa);
		for (i = 0; i < LT_VCPUS; i++) {
			struct kvm_sev_launch_log_entry *e =
				&log[LT_NR_REGIONS + i];

			KUNIT_EXPECT_EQ(test, e->kind, KVM_SEV_LOG_VMSA);
			KUNIT_EXPECT_EQ(test, e->vcpu_id, i);
			KUNIT_EXPECT_EQ(test, e->len, SEVL_VMSA_SIZE);
		}
		KUNIT_EXPECT_EQ(test, log[0].kind, KVM_SEV_LOG_DATA);
		KUNIT_EXPECT_EQ(test, log[0].gpa, 0x100000);
		sevl_lt_destroy(t);
		memset(t->calls, 0, sizeof(t->calls));
	}
}

/* Run a default-mode launch with regions in @order and vCPUs created in
 * @vorder; return the digest, checked against the firmware and the call
 * order.
 */
static void lt_default_run(struct sevl_lt *t, const unsigned int *order,
			   const unsigned int *vorder, u8 *d)
{
	struct kunit *test = t->test;
	struct sha256_state s;
	unsigned int i;
	u8 want[32], *buf;
	u32 fw;

	buf = kunit_kzalloc(test, 0x4000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < LT_VCPUS; i++)
		t->vcpus[i].id = vorder[i];
	sevl_lt_fill(t, LT_SEED);
	sevl_lt_launch(t, true, false);
	sevl_lt_start(t, LT_ES_POLICY);
	sha256_init(&s);
	for (i = 0; i < LT_NR_REGIONS; i++) {
		const struct lt_region *r = &lt_regions[order[i]];

		KUNIT_EXPECT_EQ(test, sevl_lt_data(t, r->off, r->len, &fw), 0);
		sevl_lt_fill_bytes(buf, r->len, LT_SEED, r->off);
		sha256_update(&s, buf, r->len);
	}
	/* Upstream's VM-fd form: every vCPU in creation order, INIT2 FPU. */
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa_all(t->l, &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, t->lock_calls, 1);
	KUNIT_EXPECT_EQ(test, t->locked, 0);
	t->lock_calls = 0;
	for (i = 0; i < LT_VCPUS; i++) {
		sevl_lt_synth_vmsa(vorder[i], true,
				   SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP, buf);
		sha256_update(&s, buf, SEVL_VMSA_SIZE);
		KUNIT_EXPECT_TRUE(test, t->vcpus[i].protected);
	}
	sha256_final(&s, want);
	lt_measure(t);
	sevl_lt_digest(t, d);
	KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
	KUNIT_EXPECT_MEMEQ(test, d, want, 32);
	sevl_lt_destroy(t);
}

/* Default mode keeps upstream's order-dependent digest. */
static void lt_default_order(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	unsigned int order[LT_NR_REGIONS], vorder[LT_VCPUS];
	u8 a[32], b[32];

	sevl_lt_map(t);
	lt_two_slots(t);
	lt_permute(order, LT_NR_REGIONS, 0);
	lt_permute(vorder, LT_VCPUS, 0);
	lt_default_run(t, order, vorder, a);
	lt_permute(order, LT_NR_REGIONS, 3);
	lt_permute(vorder, LT_VCPUS, 4);
	lt_default_run(t, order, vorder, b);
	KUNIT_EXPECT_MEMNEQ(test, a, b, 32);
}

/* Physically adjacent ranges go to the firmware as one command. */
static void lt_merge(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u32 fw;

	/* Mapping 1: identity, so the whole area is physically contiguous. */
	sevl_lt_map(t);
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	/* Recorded out of order; GPA-adjacent and physically adjacent. */
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x1000, 0x2000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x3000, 0x100, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x1000, &fw), 0);
	/* A gap: a second command. */
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x8000, 0x1000, &fw), 0);
	lt_measure(t);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA], 2);
	sevl_lt_destroy(t);

	/* Default mode, contiguous: one command for three pages. */
	memset(t->calls, 0, sizeof(t->calls));
	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x10, 0x3000 - 0x10, &fw), 0);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA], 1);
	sevl_lt_destroy(t);

	/* Mapping 2: user pages 1 and 2 swapped physically. */
	t->map[1] = 2;
	t->map[2] = 1;
	sevl_lt_map(t);
	memset(t->calls, 0, sizeof(t->calls));
	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x4000, &fw), 0);
	/* Frames 0, 2, 1, 3: no two neighbours are contiguous. */
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA], 4);
	lt_measure(t);
	{
		u8 d[32];

		sevl_lt_digest(t, d);
		KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
	}
	sevl_lt_destroy(t);

	/* Canonical, same mapping: two records whose frames are 2 then 1. */
	memset(t->calls, 0, sizeof(t->calls));
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x2000, 0x1000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x1000, 0x1000, &fw), 0);
	lt_measure(t);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA], 2);
	sevl_lt_destroy(t);
}

/* Pins are held only by canonical records, and released. */
static void lt_pins(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u64 base = sevl_launch_pinned_total();
	u32 fw;

	sevl_lt_map(t);
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0xff0, 0x20, &fw), 0);	/* 2 pages */
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x4000, 0x3000, &fw), 0);	/* 3 pages */
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), 5);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base + 5);
	lt_measure(t);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
	sevl_lt_destroy(t);

	/* Destroyed before the replay. */
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x8000, 0x8000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base + 8);
	sevl_lt_destroy(t);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);

	/* Default mode pins only for the command. */
	sevl_lt_launch(t, false, false);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x5000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_pages(t->l), 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_pinned_total(), base);
}

/* LAUNCH_MEASURE: the probe replays once; buffer limits. */
static void lt_probe(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u32 len, fw, data_calls;
	void *m;

	m = kunit_kzalloc(test, SEVL_MEASURE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	sevl_lt_map(t);
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x1000, &fw), 0);

	/* Too large a buffer is refused before anything happens. */
	len = SEV_LAUNCH_BLOB_MAX + 1;
	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA], 0);

	len = 0;
	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, NULL, &len, &fw, &t->why),
			-EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, len, SEVL_MEASURE_SIZE);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_START);
	data_calls = t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA];
	KUNIT_EXPECT_EQ(test, data_calls, 1);

	/* The replay happened: no more updates. */
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x2000, 0x1000, &fw), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->why, SEV_LAUNCH_ERR_STATE);

	/* Too small: the firmware says so, the length is not written. */
	len = 16;
	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), -EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, len, 16);

	len = SEVL_MEASURE_SIZE;
	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, len, SEVL_MEASURE_SIZE);
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(m, 0, SEVL_MEASURE_SIZE));
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA],
			data_calls);
	/* Measured again: the firmware refuses. */
	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), -EIO);
	KUNIT_EXPECT_EQ(test, fw, SEV_RET_INVALID_GUEST_STATE);
}

/* KVM_SEV_VCPU_GET_VMSA: before and after measurement. */
static void lt_vmsa_query(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	struct kvm_sev_launch_log_entry e;
	struct kvm_sev_launch_log_entry __user *ulog;
	u8 *buf, *want, sha[32];
	u64 f = SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP;
	u32 fw, nr, flags;
	u8 d[32];

	buf = kunit_kzalloc(test, SEVL_VMSA_SIZE, GFP_KERNEL);
	want = kunit_kzalloc(test, SEVL_VMSA_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, want);
	t->nr_vcpus = 2;
	sevl_lt_map(t);
	sevl_lt_launch(t, true, true);
	/* FPU flavour NONE this time. */
	KUNIT_ASSERT_EQ(test, sevl_launch_config(t->l, KVM_SEV_LAUNCH_F_CANONICAL,
						 KVM_SEV_VMSA_FPU_NONE, &t->why), 0);
	sevl_lt_start(t, LT_ES_POLICY);

	KUNIT_EXPECT_EQ(test, sevl_launch_vcpu_vmsa(t->l, 1, buf), -ENOENT);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 1, NULL, &f, &fw, &t->why),
			0);
	sevl_lt_synth_vmsa(1, false, f, want);
	KUNIT_EXPECT_EQ(test, sevl_launch_vcpu_vmsa(t->l, 1, buf), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, want, SEVL_VMSA_SIZE);
	KUNIT_EXPECT_FALSE(test, t->vcpus[1].protected);

	lt_vmm_page(0, want);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 0, want, NULL,
						      &fw, &t->why), 0);
	lt_measure(t);
	KUNIT_EXPECT_TRUE(test, t->vcpus[0].protected);
	KUNIT_EXPECT_TRUE(test, t->vcpus[1].protected);
	KUNIT_EXPECT_EQ(test, sevl_launch_vcpu_vmsa(t->l, 0, buf), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, want, SEVL_VMSA_SIZE);

	/* Log entry 1 is vCPU 1: its hash is of the bytes returned. */
	KUNIT_EXPECT_EQ(test, sevl_launch_vcpu_vmsa(t->l, 1, buf), 0);
	sha256(buf, SEVL_VMSA_SIZE, sha);
	nr = 2;
	ulog = (void __user *)t->scratch;
	KUNIT_ASSERT_EQ(test, sevl_launch_get_log(t->l, ulog, &nr, &flags, d),
			0);
	KUNIT_ASSERT_EQ(test, nr, 2);
	KUNIT_ASSERT_EQ(test, copy_from_user(&e, ulog + 1, sizeof(e)), 0);
	KUNIT_EXPECT_EQ(test, e.vcpu_id, 1);
	KUNIT_EXPECT_MEMEQ(test, e.sha256, sha, 32);
	KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
}

/*
 * Two memory slots alias the same user memory: both ranges are measured,
 * the second after the first was encrypted in place.  The core must hash
 * what the firmware reads, so its digest still equals the firmware's.
 */
static void lt_alias(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u8 d[32];
	u32 fw;

	sevl_lt_map(t);
	sevl_lt_fill(t, 3);
	t->slots[0] = (struct sevl_lt_slot){ t->uaddr, 0x100000, 0x4000 };
	sevl_lt_launch(t, false, true);
	sevl_lt_start(t, LT_SEV_POLICY);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x2000, &fw), 0);
	/* The same pages again, at a higher GPA through a second slot. */
	t->slots[0] = (struct sevl_lt_slot){ t->uaddr, 0x102000, 0x4000 };
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0, 0x2000, &fw), 0);
	KUNIT_EXPECT_EQ(test, sevl_lt_data(t, 0x2000, 0x1000, &fw), 0);
	lt_measure(t);
	sevl_lt_digest(t, d);
	KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
	/*
	 * The alias forces the first range out before the second is hashed;
	 * the third continues the second physically and is merged into it.
	 */
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_DATA], 2);
}

struct lt_thread {
	struct sevl_lt *t;
	u32 id;
	int ret;
	struct completion go;
	struct completion done;
};

static int lt_vcpu_thread(void *data)
{
	struct lt_thread *w = data;
	u32 fw, why;

	wait_for_completion(&w->go);
	w->ret = sevl_launch_update_vmsa(w->t->l, w->id, NULL, NULL, &fw, &why);
	complete(&w->done);
	return 0;
}

/* One launch, every vCPU's VMSA issued from its own thread at once. */
static void lt_threads_run(struct sevl_lt *t, bool canon, u8 *d)
{
	struct kunit *test = t->test;
	struct task_struct *task;
	struct lt_thread *w;
	int i;

	w = kunit_kcalloc(test, LT_VCPUS, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	sevl_lt_launch(t, true, canon);
	sevl_lt_start(t, LT_ES_POLICY);
	for (i = 0; i < LT_VCPUS; i++) {
		w[i].t = t;
		w[i].id = t->vcpus[i].id;
		w[i].ret = -EINPROGRESS;
		init_completion(&w[i].go);
		init_completion(&w[i].done);
		task = kthread_run(lt_vcpu_thread, &w[i], "sevl-lt-%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	}
	for (i = 0; i < LT_VCPUS; i++)
		complete(&w[i].go);
	for (i = 0; i < LT_VCPUS; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].ret, 0);
	}
	lt_measure(t);
	sevl_lt_digest(t, d);
	KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_VMSA], LT_VCPUS);
	sevl_lt_destroy(t);
	memset(t->calls, 0, sizeof(t->calls));
}

/* VMSAs from concurrent vCPU threads: canonical gives the id order. */
static void lt_threads(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	struct sha256_state s;
	u8 want[32], d[32], *buf;
	int i, round;

	buf = kunit_kzalloc(test, SEVL_VMSA_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	sha256_init(&s);
	for (i = 0; i < LT_VCPUS; i++) {
		sevl_lt_synth_vmsa(i, true, SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP, buf);
		sha256_update(&s, buf, SEVL_VMSA_SIZE);
	}
	sha256_final(&s, want);

	for (round = 0; round < 4; round++) {
		lt_threads_run(t, true, d);
		KUNIT_EXPECT_MEMEQ(test, d, want, 32);
	}
	/* Default mode: whatever order the threads won, core = firmware. */
	lt_threads_run(t, false, d);
}

static struct kunit_case sevl_launch_core_cases[] = {
	KUNIT_CASE(lt_canon_shuffles),
	KUNIT_CASE(lt_default_order),
	KUNIT_CASE(lt_merge),
	KUNIT_CASE(lt_pins),
	KUNIT_CASE(lt_probe),
	KUNIT_CASE(lt_vmsa_query),
	KUNIT_CASE(lt_alias),
	KUNIT_CASE(lt_threads),
	{}
};

static struct kunit_suite sevl_launch_core_suite = {
	.name = "sev-launch-core",
	.init = sevl_lt_init,
	.exit = sevl_lt_exit,
	.test_cases = sevl_launch_core_cases,
};

kunit_test_suite(sevl_launch_core_suite);
