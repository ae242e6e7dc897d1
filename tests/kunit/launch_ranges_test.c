// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite sev-launch-core-ranges: the index of recorded data ranges
 * (drivers/launch/ranges.c) on its own, without pages.
 *
 * The expected order is always computed here, independently of the index:
 * the test keeps its own array of the ranges it inserted and sorts it with
 * the kernel's sort(); the walk must give exactly that sequence.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/sev-launch.h>

#include "../../drivers/launch/internal.h"

static int lr_add(struct sevl_ranges *t, u64 gpa, u64 len)
{
	struct sevl_data_rec r = { .gpa = gpa, .len = len };

	return sevl_ranges_insert(t, &r);
}

/* Would [@gpa, @gpa + @len) be refused?  Leaves @t unchanged. */
static int lr_probe(struct sevl_ranges *t, u64 gpa, u64 len)
{
	struct sevl_ranges_slot s;
	int ret;

	ret = sevl_ranges_prepare(t, gpa, len, &s);
	if (!ret)
		sevl_ranges_abort(&s);
	return ret;
}

static void lr_clear(void *t)
{
	sevl_ranges_clear(t);
}

static struct sevl_ranges *lr_new(struct kunit *test)
{
	struct sevl_ranges *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	sevl_ranges_init(t);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, lr_clear, t), 0);
	return t;
}

/* The walk gives exactly @gpa[0..@n) (sorted) with lengths @len. */
static void lr_expect_walk(struct kunit *test, struct sevl_ranges *t,
			   const u64 *gpa, const u32 *len, unsigned long n)
{
	struct sevl_ranges_pos pos;
	struct sevl_data_rec *r;
	unsigned long i = 0;

	for (r = sevl_ranges_first(t, &pos); r; r = sevl_ranges_next(&pos)) {
		KUNIT_ASSERT_LT(test, i, n);
		KUNIT_EXPECT_EQ(test, r->gpa, gpa[i]);
		if (len)
			KUNIT_EXPECT_EQ(test, r->len, len[i]);
		i++;
	}
	KUNIT_EXPECT_EQ(test, i, n);
	KUNIT_EXPECT_EQ(test, t->nr, n);
}

static void lr_empty(struct kunit *test)
{
	struct sevl_ranges *t = lr_new(test);
	struct sevl_ranges_pos pos;

	KUNIT_EXPECT_TRUE(test, sevl_ranges_empty(t));
	KUNIT_EXPECT_NULL(test, sevl_ranges_first(t, &pos));
	KUNIT_EXPECT_EQ(test, lr_probe(t, 0x1000, 16), 0);
	KUNIT_EXPECT_TRUE(test, sevl_ranges_empty(t));
	sevl_ranges_clear(t);
	KUNIT_EXPECT_TRUE(test, sevl_ranges_empty(t));
}

static void lr_one_and_two(struct kunit *test)
{
	struct sevl_ranges *t = lr_new(test);
	static const u64 g1[] = { 0x2000 };
	static const u64 g2[] = { 0x1000, 0x2000 };
	static const u64 g3[] = { 0x1000, 0x2000, 0x3000 };
	static const u32 l3[] = { 0x20, 0x10, 0x30 };

	KUNIT_ASSERT_EQ(test, lr_add(t, 0x2000, 0x10), 0);
	lr_expect_walk(test, t, g1, NULL, 1);
	/* Second below the first, then a third above both. */
	KUNIT_ASSERT_EQ(test, lr_add(t, 0x1000, 0x20), 0);
	lr_expect_walk(test, t, g2, NULL, 2);
	KUNIT_ASSERT_EQ(test, lr_add(t, 0x3000, 0x30), 0);
	lr_expect_walk(test, t, g3, l3, 3);
	KUNIT_EXPECT_FALSE(test, sevl_ranges_empty(t));
}

static void lr_adjacent(struct kunit *test)
{
	struct sevl_ranges *t = lr_new(test);
	static const u64 g[] = { 0xff0, 0x1000, 0x1010 };

	KUNIT_ASSERT_EQ(test, lr_add(t, 0x1000, 0x10), 0);
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1010, 0x10), 0);	/* just after */
	KUNIT_EXPECT_EQ(test, lr_add(t, 0xff0, 0x10), 0);	/* just before */
	lr_expect_walk(test, t, g, NULL, 3);
}

static void lr_overlaps(struct kunit *test)
{
	struct sevl_ranges *t = lr_new(test);
	static const u64 g[] = { 0x1000, 0x3000 };

	KUNIT_ASSERT_EQ(test, lr_add(t, 0x1000, 0x1000), 0);
	KUNIT_ASSERT_EQ(test, lr_add(t, 0x3000, 0x1000), 0);
	/* Over the start, over the end, inside, around, the same range. */
	KUNIT_EXPECT_EQ(test, lr_add(t, 0xff0, 0x20), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1ff0, 0x20), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1100, 0x100), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x0, 0x5000), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1000, 0x1000), -EEXIST);
	/* The gap between them, touching both, is one byte too long. */
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x2000, 0x1001), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_add(t, 0xfff, 0x2002), -EEXIST);
	/* Last byte and first byte. */
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1fff, 1), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x2fff, 2), -EEXIST);
	lr_expect_walk(test, t, g, NULL, 2);
	/* Exactly the gap fits. */
	KUNIT_EXPECT_EQ(test, lr_probe(t, 0x2000, 0x1000), 0);
	lr_expect_walk(test, t, g, NULL, 2);
}

static void lr_bad_lengths(struct kunit *test)
{
	struct sevl_ranges *t = lr_new(test);

	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1000, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1000, (u64)U32_MAX + 1), -EINVAL);
	KUNIT_EXPECT_TRUE(test, sevl_ranges_empty(t));
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1000, 0x10), 0);
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1010, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1000, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->nr, 1UL);
}

static void lr_top_of_space(struct kunit *test)
{
	struct sevl_ranges *t = lr_new(test);
	static const u64 g[] = { 0x1000, U64_MAX - 0x1f, U64_MAX - 0xf };

	/* Ends on the last byte of the address space: accepted. */
	KUNIT_ASSERT_EQ(test, lr_add(t, U64_MAX - 0xf, 0x10), 0);
	/* Wraps past it: refused, whatever is recorded. */
	KUNIT_EXPECT_EQ(test, lr_add(t, U64_MAX - 0xf, 0x20), -EINVAL);
	KUNIT_EXPECT_EQ(test, lr_add(t, U64_MAX, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, lr_add(t, U64_MAX - 0x1f, 0x20), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_add(t, U64_MAX, 1), -EEXIST);
	/* Below it, in either order. */
	KUNIT_EXPECT_EQ(test, lr_add(t, 0x1000, 0x10), 0);
	KUNIT_EXPECT_EQ(test, lr_add(t, U64_MAX - 0x1f, 0x10), 0);
	lr_expect_walk(test, t, g, NULL, 3);
}

/*
 * Ranges at both ends of the address space: a node whose span is the
 * whole space must still be searched (interpolation scales the span).
 */
static void lr_whole_space(struct kunit *test)
{
	struct sevl_ranges *t = lr_new(test);
	static const u64 g[] = { 0, 1ULL << 63, U64_MAX };

	KUNIT_ASSERT_EQ(test, lr_add(t, 0, 0x10), 0);
	KUNIT_ASSERT_EQ(test, lr_add(t, U64_MAX, 1), 0);
	KUNIT_EXPECT_EQ(test, lr_add(t, 1ULL << 63, 0x10), 0);
	KUNIT_EXPECT_EQ(test, lr_add(t, U64_MAX - 0xf, 0x10), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_probe(t, (1ULL << 63) - 0x10, 0x20), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_probe(t, (1ULL << 63) + 0x10, 0x10), 0);
	lr_expect_walk(test, t, g, NULL, 3);
}

static void lr_nr_pages(struct kunit *test)
{
	struct sevl_data_rec r = { .offset = 0, .len = 1 };

	KUNIT_EXPECT_EQ(test, sevl_data_nr_pages(&r), 1UL);
	r.len = PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, sevl_data_nr_pages(&r), 1UL);
	r.len = PAGE_SIZE + 1;
	KUNIT_EXPECT_EQ(test, sevl_data_nr_pages(&r), 2UL);
	r.offset = PAGE_SIZE - 16;
	r.len = 16;
	KUNIT_EXPECT_EQ(test, sevl_data_nr_pages(&r), 1UL);
	r.len = 32;
	KUNIT_EXPECT_EQ(test, sevl_data_nr_pages(&r), 2UL);
	r.len = U32_MAX;
	KUNIT_EXPECT_EQ(test, sevl_data_nr_pages(&r),
			(unsigned long)DIV_ROUND_UP((u64)PAGE_SIZE - 16 + U32_MAX,
						    PAGE_SIZE));
}

/* Many ranges: enough for three levels of nodes. */
#define LR_N		20000
#define LR_STRIDE	0x100

enum lr_order { LR_ASCENDING, LR_DESCENDING, LR_RANDOM, LR_ZIGZAG };

/*
 * Where the ranges lie: one in each LR_STRIDE slot (a guest loaded chunk
 * by chunk: interpolation guesses each place within a probe or two), or
 * skewed, dense runs of back-to-back ranges between gaps from 16 bytes to
 * 2^35, a few of 2^50 and two of 2^62, so that a node's addresses are far
 * from evenly spread (the search gallops far from its first guess, both
 * ways) and some spans need scaling down before the interpolation.
 */
enum lr_layout { LR_EVEN, LR_SKEWED };

static int lr_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Ranges in ascending order of index: @gpa[i], @len[i]. */
static void lr_layout(u64 *gpa, u32 *len, enum lr_layout layout)
{
	u64 next = 0, gap;
	u32 i, r;

	for (i = 0; i < LR_N; i++) {
		len[i] = 16 * (1 + get_random_u32_below(8));
		if (layout == LR_EVEN) {
			gpa[i] = (u64)i * LR_STRIDE +
				 16 * get_random_u32_below((LR_STRIDE - len[i]) /
							   16 + 1);
			continue;
		}
		r = get_random_u32_below(1000);
		if (i == LR_N / 3 || i == 2 * LR_N / 3)
			gap = 1ULL << 62;
		else if (r < 500)
			gap = 0;			/* back to back */
		else if (r < 997)
			gap = 16ULL << get_random_u32_below(32);
		else
			gap = 1ULL << 50;
		gpa[i] = next + gap;
		next = gpa[i] + len[i];
	}
}

static void lr_many(struct kunit *test, enum lr_order how,
		    enum lr_layout layout)
{
	struct sevl_ranges *t = lr_new(test);
	u64 *gpa, *sorted, g, end;
	u32 *len, *idx, i, j, tmp, lo, hi;

	gpa = kunit_kcalloc(test, LR_N, sizeof(*gpa), GFP_KERNEL);
	sorted = kunit_kcalloc(test, LR_N, sizeof(*sorted), GFP_KERNEL);
	len = kunit_kcalloc(test, LR_N, sizeof(*len), GFP_KERNEL);
	idx = kunit_kcalloc(test, LR_N, sizeof(*idx), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, gpa && sorted && len && idx);

	lr_layout(gpa, len, layout);
	for (i = 0; i < LR_N; i++)
		idx[i] = how == LR_DESCENDING ? LR_N - 1 - i : i;
	if (how == LR_RANDOM) {
		for (i = LR_N - 1; i > 0; i--) {
			j = get_random_u32_below(i + 1);
			tmp = idx[i];
			idx[i] = idx[j];
			idx[j] = tmp;
		}
	} else if (how == LR_ZIGZAG) {
		/*
		 * Lowest, highest, next lowest, ...: two fronts meeting in
		 * the middle, every node left half full behind them.
		 */
		for (i = 0, lo = 0, hi = LR_N - 1; i < LR_N; i++)
			idx[i] = i & 1 ? hi-- : lo++;
	}

	for (i = 0; i < LR_N; i++)
		KUNIT_ASSERT_EQ(test, lr_add(t, gpa[idx[i]], len[idx[i]]), 0);
	KUNIT_EXPECT_GE(test, t->height, 3U);

	/* The independent order. */
	memcpy(sorted, gpa, LR_N * sizeof(*gpa));
	sort(sorted, LR_N, sizeof(*sorted), lr_cmp_u64, NULL);
	lr_expect_walk(test, t, sorted, len, LR_N);

	/*
	 * Every range refuses a range over either end and itself, and
	 * accepts 16 bytes in the free space beside it.
	 */
	for (i = 0; i < LR_N; i += layout == LR_EVEN ? 7 : 1) {
		g = gpa[i];
		end = g + len[i];
		if (g >= 16)
			KUNIT_EXPECT_EQ(test, lr_probe(t, g - 16, 32), -EEXIST);
		KUNIT_EXPECT_EQ(test, lr_probe(t, end - 16, 32), -EEXIST);
		KUNIT_EXPECT_EQ(test, lr_probe(t, g, len[i]), -EEXIST);
		if (i ? gpa[i - 1] + len[i - 1] + 16 <= g : g >= 16)
			KUNIT_EXPECT_EQ(test, lr_probe(t, g - 16, 16), 0);
		if (i == LR_N - 1 || end + 16 <= gpa[i + 1])
			KUNIT_EXPECT_EQ(test, lr_probe(t, end, 16), 0);
	}
	KUNIT_EXPECT_EQ(test, t->nr, (unsigned long)LR_N);
	lr_expect_walk(test, t, sorted, NULL, LR_N);

	/* At most 64 bytes of nodes per range (issue 12). */
	KUNIT_EXPECT_LE(test, t->bytes, (size_t)LR_N * 64);
	kunit_info(test, "%u ranges: %zu bytes of nodes, height %u\n", LR_N,
		   t->bytes, t->height);
}

static void lr_many_ascending(struct kunit *test)
{
	lr_many(test, LR_ASCENDING, LR_EVEN);
}

static void lr_many_descending(struct kunit *test)
{
	lr_many(test, LR_DESCENDING, LR_EVEN);
}

static void lr_many_random(struct kunit *test)
{
	lr_many(test, LR_RANDOM, LR_EVEN);
}

static void lr_many_zigzag(struct kunit *test)
{
	lr_many(test, LR_ZIGZAG, LR_EVEN);
}

static void lr_skewed_random(struct kunit *test)
{
	lr_many(test, LR_RANDOM, LR_SKEWED);
}

static void lr_skewed_zigzag(struct kunit *test)
{
	lr_many(test, LR_ZIGZAG, LR_SKEWED);
}

/*
 * The same at the top of a deep index: searches for the last bytes of the
 * address space descend through inner nodes (no shortcut applies once a
 * range ends there and others lie below in a random order).
 */
static void lr_top_of_space_deep(struct kunit *test)
{
	struct sevl_ranges *t = lr_new(test);
	struct sevl_ranges_pos pos;
	struct sevl_data_rec *r;
	u32 *idx, i, j, tmp;
	u64 base = U64_MAX - 0xf - (u64)LR_N * 0x100;

	idx = kunit_kcalloc(test, LR_N, sizeof(*idx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, idx);
	for (i = 0; i < LR_N; i++)
		idx[i] = i;
	for (i = LR_N - 1; i > 0; i--) {
		j = get_random_u32_below(i + 1);
		tmp = idx[i];
		idx[i] = idx[j];
		idx[j] = tmp;
	}
	KUNIT_ASSERT_EQ(test, lr_add(t, U64_MAX - 0xf, 0x10), 0);
	for (i = 0; i < LR_N; i++)
		KUNIT_ASSERT_EQ(test, lr_add(t, base + (u64)idx[i] * 0x100,
					     0x80), 0);
	KUNIT_EXPECT_GE(test, t->height, 3U);

	KUNIT_EXPECT_EQ(test, lr_probe(t, U64_MAX, 1), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_probe(t, U64_MAX - 0xf, 0x10), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_probe(t, U64_MAX - 0x1f, 0x20), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_probe(t, U64_MAX - 0x1f, 0x10), 0);
	KUNIT_EXPECT_EQ(test, lr_probe(t, base + 0x80, 0x80), 0);
	KUNIT_EXPECT_EQ(test, lr_probe(t, base + 0x70, 0x20), -EEXIST);
	KUNIT_EXPECT_EQ(test, lr_add(t, U64_MAX - 0x1f, 0x10), 0);

	/* The walk ends with the two ranges at the top. */
	for (r = sevl_ranges_first(t, &pos), i = 0; r && i < LR_N;
	     r = sevl_ranges_next(&pos), i++)
		KUNIT_EXPECT_EQ(test, r->gpa, base + (u64)i * 0x100);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->gpa, U64_MAX - 0x1f);
	r = sevl_ranges_next(&pos);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->gpa, U64_MAX - 0xf);
	KUNIT_EXPECT_NULL(test, sevl_ranges_next(&pos));
}

/* A prepared insert that is given up leaves nothing behind. */
static void lr_abort(struct kunit *test)
{
	struct sevl_ranges *t = lr_new(test);
	struct sevl_data_rec r = { .len = 16 };
	struct sevl_ranges_slot s;
	u32 i;

	KUNIT_ASSERT_EQ(test, sevl_ranges_prepare(t, 0x1000, 16, &s), 0);
	KUNIT_EXPECT_EQ(test, s.nr_spare, 1U);
	sevl_ranges_abort(&s);
	KUNIT_EXPECT_EQ(test, s.nr_spare, 0U);
	KUNIT_EXPECT_TRUE(test, sevl_ranges_empty(t));
	/* Fill the first leaf; the next insert needs new nodes. */
	KUNIT_ASSERT_EQ(test, lr_add(t, 0x10000, 16), 0);
	for (i = 1; ; i++) {
		r.gpa = 32 * i + 0x10000;
		KUNIT_ASSERT_EQ(test, sevl_ranges_prepare(t, r.gpa, 16, &s), 0);
		if (s.nr_spare)
			break;
		sevl_ranges_commit(t, &s, &r);
	}
	KUNIT_EXPECT_GT(test, i, 1U);
	KUNIT_EXPECT_EQ(test, s.nr_spare, 2U);	/* a leaf and a root */
	sevl_ranges_abort(&s);
	KUNIT_EXPECT_EQ(test, t->height, 1U);
	KUNIT_EXPECT_EQ(test, t->nr, (unsigned long)i);
}

static struct kunit_case sevl_ranges_cases[] = {
	KUNIT_CASE(lr_empty),
	KUNIT_CASE(lr_one_and_two),
	KUNIT_CASE(lr_adjacent),
	KUNIT_CASE(lr_overlaps),
	KUNIT_CASE(lr_bad_lengths),
	KUNIT_CASE(lr_top_of_space),
	KUNIT_CASE(lr_top_of_space_deep),
	KUNIT_CASE(lr_whole_space),
	KUNIT_CASE(lr_nr_pages),
	KUNIT_CASE(lr_abort),
	KUNIT_CASE(lr_many_ascending),
	KUNIT_CASE(lr_many_descending),
	KUNIT_CASE(lr_many_random),
	KUNIT_CASE(lr_many_zigzag),
	KUNIT_CASE(lr_skewed_random),
	KUNIT_CASE(lr_skewed_zigzag),
	{}
};

static struct kunit_suite sevl_ranges_suite = {
	.name = "sev-launch-core-ranges",
	.test_cases = sevl_ranges_cases,
};

kunit_test_suite(sevl_ranges_suite);
