// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit-style microbenchmark of the launch core (sev-launch-bench): the
 * ordering canonical mode's replay relies on.  Recorded data ranges are
 * kept in an index keyed by guest physical address (ranges.c), filled by
 * record.c with sevl_ranges_prepare() (which refuses overlaps) and
 * sevl_ranges_commit(), and walked in order by the replay (replay.c).
 * Here 100k and 1M ranges are inserted the same way in a shuffled, an
 * ascending (a VMM loading a guest) and a descending order and walked; the
 * time of both is printed in ms, with the index's bytes per range.
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
	{}
};

static struct kunit_suite sevl_bench_suite = {
	.name = "sev-launch-bench",
	.test_cases = sevl_bench_cases,
};

kunit_test_suite(sevl_bench_suite);
