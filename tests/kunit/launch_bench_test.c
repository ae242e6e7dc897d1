// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit-style microbenchmark of the launch core (sev-launch-bench): the
 * ordering canonical mode's replay relies on.  Recorded data ranges are
 * kept in an index keyed by guest physical address (ranges.c), filled by
 * record.c with sevl_ranges_prepare() (which refuses overlaps) and
 * sevl_ranges_commit(), and walked in order by the replay (replay.c).
 * Here 100k and 1M ranges are inserted the same way in a shuffled, an
 * ascending (a VMM loading a guest) and a descending order and walked; the
 * time of both is printed in ms, with the index's bytes per range.  The
 * red-black tree the index replaced runs in the same boot for comparison.
 *
 * Benchmarks are never part of make check: every case is skipped unless
 * the kernel was booted with sev_launch_kunit.bench=1, which only
 * scripts/bench.sh does.  The only expectations are on correctness (the
 * walk visits every range once, in address order), never on time.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/rbtree.h>
#include <linux/slab.h>
#include <linux/sev-launch.h>

#include "../../drivers/launch/internal.h"

static bool sevl_bench_on;
module_param_named(bench, sevl_bench_on, bool, 0444);
MODULE_PARM_DESC(bench, "Run the sev-launch-bench microbenchmarks");

#define SEVL_BENCH_RANGE	64	/* bytes per range, 16-byte aligned */

enum sevl_bench_order { SEVL_BENCH_SHUFFLED, SEVL_BENCH_ASCENDING,
			SEVL_BENCH_DESCENDING };

static const char * const sevl_bench_order_name[] = {
	"shuffled", "ascending", "descending",
};

/*
 * Insert @n ranges in @how order as record.c does (prepare, then commit),
 * then walk them in address order as replay.c does.
 */
static void sevl_bench_sort(struct kunit *test, u32 n,
			    enum sevl_bench_order how)
{
	struct sevl_data_rec r = { .len = SEVL_BENCH_RANGE }, *w;
	struct sevl_ranges_slot slot;
	struct sevl_ranges_pos pos;
	struct sevl_ranges t;
	u64 t0, t1, t2, prev = 0;
	u32 *order, i, j, tmp, seen = 0;
	bool sorted = true;
	size_t bytes;
	int ret = 0;

	if (!sevl_bench_on)
		kunit_skip(test, "benchmark: boot with sev_launch_kunit.bench=1");

	order = kvmalloc_array(n, sizeof(*order), GFP_KERNEL);
	if (!order)
		kunit_skip(test, "no memory for %u ranges", n);
	for (i = 0; i < n; i++)
		order[i] = how == SEVL_BENCH_DESCENDING ? n - 1 - i : i;
	for (i = n - 1; how == SEVL_BENCH_SHUFFLED && i > 0; i--) {
		j = get_random_u32_below(i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}

	sevl_ranges_init(&t);
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		r.gpa = (u64)order[i] * SEVL_BENCH_RANGE;
		ret = sevl_ranges_prepare(&t, r.gpa, r.len, &slot);
		if (ret)
			break;
		sevl_ranges_commit(&t, &slot, &r);
	}
	t1 = ktime_get_ns();
	for (w = sevl_ranges_first(&t, &pos); w; w = sevl_ranges_next(&pos)) {
		if (seen && w->gpa < prev + SEVL_BENCH_RANGE)
			sorted = false;
		prev = w->gpa;
		seen++;
	}
	t2 = ktime_get_ns();
	bytes = t.bytes;
	sevl_ranges_clear(&t);

	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, i, n);
	KUNIT_EXPECT_EQ(test, seen, n);
	KUNIT_EXPECT_TRUE(test, sorted);
	kunit_info(test, "BENCH sort %u ranges: insert in %s order %llu ms, in-order walk %llu ms, total %llu ms (%llu ns per range)\n",
		   n, sevl_bench_order_name[how],
		   div_u64(t1 - t0, NSEC_PER_MSEC),
		   div_u64(t2 - t1, NSEC_PER_MSEC),
		   div_u64(t2 - t0, NSEC_PER_MSEC), div_u64(t2 - t0, n));
	kunit_info(test, "BENCH range index, %u ranges in %s order: %zu bytes of nodes, %zu.%02zu bytes per range (records of %zu bytes) beyond the page array\n",
		   n, sevl_bench_order_name[how], bytes, bytes / n,
		   (bytes % n) * 100 / n, sizeof(struct sevl_data_rec));
	kvfree(order);
}

/*
 * Where a shuffled insert's time goes: with @n ranges indexed (inserted
 * in shuffled order), time @n lookups that end in a refusal (the search
 * and the overlap test, nothing allocated or written) over the whole
 * index, then the same number confined to the lowest 64 ranges (the same
 * code with every node it touches hot), then a chase of @n dependent
 * loads through 2 KiB blocks (the size of a leaf) spread like the
 * index's leaves, and through 128 of them.  The first two differ by what
 * the index's memory costs; the chase is that cost alone.
 */
static void sevl_bench_where(struct kunit *test, u32 n)
{
	struct sevl_data_rec r = { .len = SEVL_BENCH_RANGE };
	u32 i, j, tmp, nblk, *perm = NULL, refused = 0;
	struct sevl_ranges_slot slot;
	void **blk = NULL, **p;
	struct sevl_ranges t;
	u64 t0, ns[4] = {};
	int ret = 0, k;

	if (!sevl_bench_on)
		kunit_skip(test, "benchmark: boot with sev_launch_kunit.bench=1");
	nblk = n / 56;		/* leaves of a shuffled load, 2/3 full */
	if (nblk < 128)
		kunit_skip(test, "benchmark needs at least 128 leaves");
	perm = kvmalloc_array(n, sizeof(*perm), GFP_KERNEL);
	blk = kvcalloc(nblk, sizeof(*blk), GFP_KERNEL);
	if (!perm || !blk)
		goto out;
	for (i = 0; i < n; i++)
		perm[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = get_random_u32_below(i + 1);
		tmp = perm[i];
		perm[i] = perm[j];
		perm[j] = tmp;
	}
	sevl_ranges_init(&t);
	for (i = 0; i < n && !ret; i++) {
		r.gpa = (u64)perm[i] * SEVL_BENCH_RANGE;
		ret = sevl_ranges_insert(&t, &r);
	}
	KUNIT_EXPECT_EQ(test, ret, 0);

	for (k = 0; k < 2; k++) {
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++) {
			j = k ? perm[i] % 64 : perm[n - 1 - i];
			ret = sevl_ranges_prepare(&t, (u64)j * SEVL_BENCH_RANGE +
						  16, 16, &slot);
			if (!ret)
				sevl_ranges_abort(&slot);
			refused += ret == -EEXIST;
		}
		ns[k] = ktime_get_ns() - t0;
	}
	sevl_ranges_clear(&t);
	KUNIT_EXPECT_EQ(test, refused, 2 * n);

	/* The blocks, each pointing to the next in a random cycle. */
	for (i = 0; i < nblk; i++) {
		blk[i] = kmalloc(2048, GFP_KERNEL);
		if (!blk[i])
			goto out;
	}
	for (k = 0; k < 2; k++) {
		u32 m = k ? 128 : nblk;

		/* A random cycle through the first @m blocks. */
		for (i = m - 1; i > 0; i--) {
			j = get_random_u32_below(i + 1);
			swap(blk[i], blk[j]);
		}
		for (i = 0; i < m; i++)
			*(void **)blk[i] = blk[(i + 1) % m];
		p = blk[0];
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++)
			p = *p;
		ns[2 + k] = ktime_get_ns() - t0;
		KUNIT_EXPECT_NOT_NULL(test, p);
	}
	kunit_info(test, "BENCH where an insert's time goes, %u ranges: a refused lookup %llu ns over the whole index, %llu ns in 64 hot ranges; a dependent load from a random 2 KiB block %llu ns among %u blocks (%u MiB), %llu ns among 128\n",
		   n, div_u64(ns[0], n), div_u64(ns[1], n), div_u64(ns[2], n),
		   nblk, nblk / 512, div_u64(ns[3], n));
out:
	if (blk)
		for (i = 0; i < nblk; i++)
			kfree(blk[i]);
	kvfree(blk);
	kvfree(perm);
}

static void sevl_bench_where_1m(struct kunit *test)
{
	sevl_bench_where(test, 1000000);
}

/*
 * The baseline, in the same boot: the red-black tree record.c used before
 * the B+tree (one 64-byte record per range, the same descent and overlap
 * test), linked from one array of records as the old benchmark did.
 */
struct sevl_bench_rb {
	struct rb_node node;
	u64 gpa;
	u64 len;
	unsigned int offset;
	struct page **pages;
	unsigned long nr_pages;
};

static bool sevl_bench_rb_link(struct rb_root *root, struct sevl_bench_rb *r)
{
	struct rb_node **p = &root->rb_node, *up = NULL;
	struct sevl_bench_rb *e;

	while (*p) {
		up = *p;
		e = rb_entry(up, struct sevl_bench_rb, node);
		if (r->gpa + r->len <= e->gpa)
			p = &up->rb_left;
		else if (r->gpa >= e->gpa + e->len)
			p = &up->rb_right;
		else
			return false;
	}
	rb_link_node(&r->node, up, p);
	rb_insert_color(&r->node, root);
	return true;
}

static void sevl_bench_rbtree(struct kunit *test, u32 n,
			      enum sevl_bench_order how)
{
	struct sevl_bench_rb *recs, *r;
	struct rb_root root = RB_ROOT;
	struct rb_node *node;
	u64 t0, t1, t2, prev = 0;
	u32 i, j, tmp, seen = 0;
	bool sorted = true;

	if (!sevl_bench_on)
		kunit_skip(test, "benchmark: boot with sev_launch_kunit.bench=1");
	recs = kvcalloc(n, sizeof(*recs), GFP_KERNEL);
	if (!recs)
		kunit_skip(test, "no memory for %u ranges", n);
	for (i = 0; i < n; i++)
		recs[i].gpa = (u64)i * SEVL_BENCH_RANGE;
	for (i = n - 1; how == SEVL_BENCH_SHUFFLED && i > 0; i--) {
		j = get_random_u32_below(i + 1);
		tmp = recs[i].gpa;
		recs[i].gpa = recs[j].gpa;
		recs[j].gpa = tmp;
	}
	for (i = 0; i < n; i++)
		recs[i].len = SEVL_BENCH_RANGE;

	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		if (!sevl_bench_rb_link(&root, &recs[i]))
			break;
	t1 = ktime_get_ns();
	for (node = rb_first(&root); node; node = rb_next(node)) {
		r = rb_entry(node, struct sevl_bench_rb, node);
		if (seen && r->gpa < prev + SEVL_BENCH_RANGE)
			sorted = false;
		prev = r->gpa;
		seen++;
	}
	t2 = ktime_get_ns();

	KUNIT_EXPECT_EQ(test, i, n);
	KUNIT_EXPECT_EQ(test, seen, n);
	KUNIT_EXPECT_TRUE(test, sorted);
	kunit_info(test, "BENCH baseline red-black tree, %u ranges: insert in %s order %llu ms, in-order walk %llu ms, total %llu ms (%llu ns per range); %zu bytes per range\n",
		   n, sevl_bench_order_name[how],
		   div_u64(t1 - t0, NSEC_PER_MSEC),
		   div_u64(t2 - t1, NSEC_PER_MSEC),
		   div_u64(t2 - t0, NSEC_PER_MSEC), div_u64(t2 - t0, n),
		   kmalloc_size_roundup(sizeof(*recs)));
	kvfree(recs);
}

static void sevl_bench_rbtree_1m(struct kunit *test)
{
	sevl_bench_rbtree(test, 1000000, SEVL_BENCH_SHUFFLED);
}

static void sevl_bench_rbtree_1m_asc(struct kunit *test)
{
	sevl_bench_rbtree(test, 1000000, SEVL_BENCH_ASCENDING);
}

static void sevl_bench_sort_100k(struct kunit *test)
{
	sevl_bench_sort(test, 100000, SEVL_BENCH_SHUFFLED);
}

static void sevl_bench_sort_1m(struct kunit *test)
{
	sevl_bench_sort(test, 1000000, SEVL_BENCH_SHUFFLED);
}

static void sevl_bench_sort_100k_asc(struct kunit *test)
{
	sevl_bench_sort(test, 100000, SEVL_BENCH_ASCENDING);
}

static void sevl_bench_sort_1m_asc(struct kunit *test)
{
	sevl_bench_sort(test, 1000000, SEVL_BENCH_ASCENDING);
}

static void sevl_bench_sort_1m_desc(struct kunit *test)
{
	sevl_bench_sort(test, 1000000, SEVL_BENCH_DESCENDING);
}

static struct kunit_case sevl_bench_cases[] = {
	KUNIT_CASE(sevl_bench_sort_100k),
	KUNIT_CASE_SLOW(sevl_bench_sort_1m),
	KUNIT_CASE(sevl_bench_sort_100k_asc),
	KUNIT_CASE_SLOW(sevl_bench_sort_1m_asc),
	KUNIT_CASE_SLOW(sevl_bench_sort_1m_desc),
	KUNIT_CASE_SLOW(sevl_bench_rbtree_1m),
	KUNIT_CASE_SLOW(sevl_bench_rbtree_1m_asc),
	KUNIT_CASE_SLOW(sevl_bench_where_1m),
	{}
};

static struct kunit_suite sevl_bench_suite = {
	.name = "sev-launch-bench",
	.test_cases = sevl_bench_cases,
};

kunit_test_suite(sevl_bench_suite);
