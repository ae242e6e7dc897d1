// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit-style microbenchmark of the launch core (sev-launch-bench): the
 * ordering canonical mode's replay relies on.  Recorded data ranges are
 * kept in a tree keyed by guest physical address (record.c, through
 * sevl_data_link()); the replay walks it in order (replay.c).  Here 100k
 * and 1M ranges are linked in a shuffled and in ascending order (a VMM
 * loading a guest) and walked, and the time of
 * both is printed in ms.
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

static void sevl_bench_sort(struct kunit *test, u32 n, bool shuffle)
{
	struct sevl_data_rec *recs, *r;
	struct rb_root root = RB_ROOT;
	struct rb_node *node;
	u64 t0, t1, t2, prev = 0;
	u32 *order, i, j, tmp, seen = 0;
	bool sorted = true;

	if (!sevl_bench_on)
		kunit_skip(test, "benchmark: boot with sev_launch_kunit.bench=1");

	recs = kvcalloc(n, sizeof(*recs), GFP_KERNEL);
	order = kvmalloc_array(n, sizeof(*order), GFP_KERNEL);
	if (!recs || !order) {
		kvfree(recs);
		kvfree(order);
		kunit_skip(test, "no memory for %u ranges", n);
	}
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; shuffle && i > 0; i--) {
		j = get_random_u32_below(i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	for (i = 0; i < n; i++) {
		recs[i].gpa = (u64)order[i] * SEVL_BENCH_RANGE;
		recs[i].len = SEVL_BENCH_RANGE;
	}

	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		if (!sevl_data_link(&root, &recs[i]))
			break;
	t1 = ktime_get_ns();
	for (node = rb_first(&root); node; node = rb_next(node)) {
		r = rb_entry(node, struct sevl_data_rec, node);
		if (seen && r->gpa < prev + SEVL_BENCH_RANGE)
			sorted = false;
		prev = r->gpa;
		seen++;
	}
	t2 = ktime_get_ns();

	KUNIT_EXPECT_EQ(test, i, n);
	KUNIT_EXPECT_EQ(test, seen, n);
	KUNIT_EXPECT_TRUE(test, sorted);
	kunit_info(test, "BENCH sort %u ranges: link in %s order %llu ms, in-order walk %llu ms, total %llu ms (%llu ns per range)\n",
		   n, shuffle ? "shuffled" : "ascending", div_u64(t1 - t0, NSEC_PER_MSEC),
		   div_u64(t2 - t1, NSEC_PER_MSEC),
		   div_u64(t2 - t0, NSEC_PER_MSEC), div_u64(t2 - t0, n));
	kunit_info(test, "BENCH range record: %zu bytes (%zu allocated by kmalloc) beyond the page array\n",
		   sizeof(struct sevl_data_rec),
		   kmalloc_size_roundup(sizeof(struct sevl_data_rec)));
	kvfree(order);
	kvfree(recs);
}

static void sevl_bench_sort_100k(struct kunit *test)
{
	sevl_bench_sort(test, 100000, true);
}

static void sevl_bench_sort_1m(struct kunit *test)
{
	sevl_bench_sort(test, 1000000, true);
}

static void sevl_bench_sort_100k_asc(struct kunit *test)
{
	sevl_bench_sort(test, 100000, false);
}

static void sevl_bench_sort_1m_asc(struct kunit *test)
{
	sevl_bench_sort(test, 1000000, false);
}

static struct kunit_case sevl_bench_cases[] = {
	KUNIT_CASE(sevl_bench_sort_100k),
	KUNIT_CASE_SLOW(sevl_bench_sort_1m),
	KUNIT_CASE(sevl_bench_sort_100k_asc),
	KUNIT_CASE_SLOW(sevl_bench_sort_1m_asc),
	{}
};

static struct kunit_suite sevl_bench_suite = {
	.name = "sev-launch-bench",
	.test_cases = sevl_bench_cases,
};

kunit_test_suite(sevl_bench_suite);
