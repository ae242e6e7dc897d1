// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit-style microbenchmark of the launch core (sev-launch-bench): the
 * ordering canonical mode's replay relies on.  Recorded data ranges are
 * appended to an array and indexed by guest physical address in a maple
 * tree, which refuses overlaps (record.c, sevl_data_index()); the replay
 * takes its order from one in-order walk of the index (sevl_data_order()).
 * Here 100k and 1M ranges are indexed in a shuffled order and then
 * ordered, and the time of both is printed in ms.
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
#include <linux/maple_tree.h>
#include <linux/mm.h>
#include <linux/rbtree.h>
#include <linux/vmstat.h>
#include <linux/slab.h>
#include <linux/sev-launch.h>

#include "../../drivers/launch/internal.h"

static bool sevl_bench_on;
module_param_named(bench, sevl_bench_on, bool, 0444);
MODULE_PARM_DESC(bench, "Run the sev-launch-bench microbenchmarks");

#define SEVL_BENCH_RANGE	64	/* bytes per range, 16-byte aligned */

/*
 * For comparison, in the same run: the ordering record.c used before, a
 * red-black tree of 64-byte records linked one by one (overlaps refused on
 * the way down), walked in order at the replay.
 */
struct sevl_bench_rbrec {
	struct rb_node node;
	u64 gpa;
	u64 len;
	u64 pad[2];
};

static bool sevl_bench_rb_link(struct rb_root *root, struct sevl_bench_rbrec *r)
{
	struct rb_node **p = &root->rb_node, *up = NULL;
	struct sevl_bench_rbrec *x;

	while (*p) {
		up = *p;
		x = rb_entry(up, struct sevl_bench_rbrec, node);
		if (r->gpa + r->len <= x->gpa)
			p = &up->rb_left;
		else if (r->gpa >= x->gpa + x->len)
			p = &up->rb_right;
		else
			return false;
	}
	rb_link_node(&r->node, up, p);
	rb_insert_color(&r->node, root);
	return true;
}

static void sevl_bench_rbtree(struct kunit *test, const u32 *order, u32 n)
{
	struct sevl_bench_rbrec *recs, *r;
	struct rb_root root = RB_ROOT;
	struct rb_node *node;
	u64 t0, t1, t2, prev = 0;
	u32 i, seen = 0;
	bool sorted = true;

	recs = kvcalloc(n, sizeof(*recs), GFP_KERNEL);
	if (!recs)
		return;
	for (i = 0; i < n; i++) {
		recs[i].gpa = (u64)order[i] * SEVL_BENCH_RANGE;
		recs[i].len = SEVL_BENCH_RANGE;
	}
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		if (!sevl_bench_rb_link(&root, &recs[i]))
			break;
	t1 = ktime_get_ns();
	for (node = rb_first(&root); node; node = rb_next(node)) {
		r = rb_entry(node, struct sevl_bench_rbrec, node);
		if (seen && r->gpa < prev + SEVL_BENCH_RANGE)
			sorted = false;
		prev = r->gpa;
		seen++;
	}
	t2 = ktime_get_ns();
	KUNIT_EXPECT_EQ(test, seen, n);
	KUNIT_EXPECT_TRUE(test, sorted);
	kunit_info(test, "BENCH sort %u ranges, before (red-black tree, for comparison): link in shuffled order %llu ms, in-order walk %llu ms, total %llu ms (%llu ns per range)\n",
		   n, div_u64(t1 - t0, NSEC_PER_MSEC),
		   div_u64(t2 - t1, NSEC_PER_MSEC),
		   div_u64(t2 - t0, NSEC_PER_MSEC), div_u64(t2 - t0, n));
	kvfree(recs);
}

/* Bytes in slab pages, system-wide (the index's nodes are slab objects). */
static u64 sevl_bench_slab(void)
{
	return (u64)(global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) +
		     global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B)) <<
		PAGE_SHIFT;
}

static void sevl_bench_sort(struct kunit *test, u32 n)
{
	struct sevl_data_ord *ord = NULL;
	struct maple_tree mt;
	u64 t0, t1, t2, used;
	u32 *order, i, j, tmp;
	bool sorted = true;
	int ret = 0;

	if (!sevl_bench_on)
		kunit_skip(test, "benchmark: boot with sev_launch_kunit.bench=1");

	order = kvmalloc_array(n, sizeof(*order), GFP_KERNEL);
	if (!order)
		kunit_skip(test, "no memory for %u ranges", n);
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = get_random_u32_below(i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}

	mt_init(&mt);
	used = sevl_bench_slab();
	t0 = ktime_get_ns();
	for (i = 0; i < n && !ret; i++)
		ret = sevl_data_index(&mt, (u64)order[i] * SEVL_BENCH_RANGE,
				      SEVL_BENCH_RANGE, i);
	t1 = ktime_get_ns();
	if (!ret)
		ret = sevl_data_order(&mt, n, &ord);
	t2 = ktime_get_ns();
	used = sevl_bench_slab() - used;

	KUNIT_EXPECT_EQ(test, ret, 0);
	for (i = 0; ord && i < n; i++)
		if (ord[i].gpa != (u64)i * SEVL_BENCH_RANGE ||
		    ord[i].len != SEVL_BENCH_RANGE ||
		    order[ord[i].idx] != i)
			sorted = false;
	KUNIT_EXPECT_TRUE(test, sorted);
	/* An overlapping range is refused, nothing added. */
	KUNIT_EXPECT_EQ(test, sevl_data_index(&mt, SEVL_BENCH_RANGE / 2,
					      SEVL_BENCH_RANGE, n), -EEXIST);
	kunit_info(test, "BENCH sort %u ranges: index in shuffled order %llu ms, in-order walk %llu ms, total %llu ms (%llu ns per range)\n",
		   n, div_u64(t1 - t0, NSEC_PER_MSEC),
		   div_u64(t2 - t1, NSEC_PER_MSEC),
		   div_u64(t2 - t0, NSEC_PER_MSEC), div_u64(t2 - t0, n));
	kunit_info(test, "BENCH range record: %zu bytes per record + %lld bytes of index per range (slab growth over %u ranges) beyond the page array\n",
		   sizeof(struct sevl_data_rec), div_s64((s64)used, n), n);
	mtree_destroy(&mt);
	kvfree(ord);
	sevl_bench_rbtree(test, order, n);
	kvfree(order);
}

static void sevl_bench_sort_100k(struct kunit *test)
{
	sevl_bench_sort(test, 100000);
}

static void sevl_bench_sort_1m(struct kunit *test)
{
	sevl_bench_sort(test, 1000000);
}

static struct kunit_case sevl_bench_cases[] = {
	KUNIT_CASE(sevl_bench_sort_100k),
	KUNIT_CASE_SLOW(sevl_bench_sort_1m),
	{}
};

static struct kunit_suite sevl_bench_suite = {
	.name = "sev-launch-bench",
	.test_cases = sevl_bench_cases,
};

kunit_test_suite(sevl_bench_suite);
