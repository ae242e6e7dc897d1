// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the software firmware's access to physical memory (mem.c), the
 * in-place "process" operation above all: the pieces handed to the
 * callback cover the range exactly, in address order, across page
 * boundaries and from unaligned starts to unaligned ends; a range that
 * wraps, or that any page of is not RAM, is refused before the callback
 * sees a byte; the callback's error is returned; an empty range is no
 * access at all, wherever it starts.
 */
#include <kunit/test.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include "../../drivers/swfw/regs.h"

#define MT_MAX_PIECES	8

/* What the callback saw. */
struct sevl_mt_rec {
	unsigned int calls;
	int fail;		/* returned by every call when non-zero */
	u64 pa[MT_MAX_PIECES];
	size_t n[MT_MAX_PIECES];
	u8 first[MT_MAX_PIECES];
};

/* Records each piece and inverts it in place. */
static int sevl_mt_fn(void *arg, u64 pa, u8 *p, size_t n)
{
	struct sevl_mt_rec *r = arg;
	size_t i;

	if (r->calls < MT_MAX_PIECES) {
		r->pa[r->calls] = pa;
		r->n[r->calls] = n;
		r->first[r->calls] = p[0];
	}
	r->calls++;
	if (r->fail)
		return r->fail;
	for (i = 0; i < n; i++)
		p[i] ^= 0xff;
	return 0;
}

static int sevl_mt_process(u64 pa, size_t len, struct sevl_mt_rec *r)
{
	return sevl_swfw_mem_ops.process(NULL, pa, len, sevl_mt_fn, r);
}

/*
 * A page that is RAM next to one that is not (@ram_first: RAM below the
 * boundary), both with a struct page: the physical address of the
 * boundary, or 0 if there is none in the first 4 GiB.
 */
static u64 sevl_mt_ram_edge(bool ram_first)
{
	unsigned long pfn;
	bool lo, hi;

	for (pfn = 1; pfn < 0x100000; pfn++) {
		if (!pfn_valid(pfn) || !pfn_valid(pfn + 1))
			continue;
		lo = page_is_ram(pfn) == 1;
		hi = page_is_ram(pfn + 1) == 1;
		if (lo != hi && lo == ram_first)
			return PFN_PHYS(pfn + 1);
	}
	return 0;
}

/* A range with an unaligned start and end across a page boundary. */
static void sevl_mt_across_pages(struct kunit *test)
{
	const size_t before = 24, len = 64;
	struct sevl_mt_rec r = {};
	u8 *mem, *copy;
	u64 pa, sum = 0;
	unsigned int i;

	mem = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	copy = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	for (i = 0; i < 2 * PAGE_SIZE; i++)
		mem[i] = i * 7 + 1;
	memcpy(copy, mem, 2 * PAGE_SIZE);
	pa = virt_to_phys(mem) + PAGE_SIZE - before;

	KUNIT_ASSERT_EQ(test, sevl_mt_process(pa + 1, len - 3, &r), 0);
	KUNIT_ASSERT_GE(test, r.calls, 1U);
	KUNIT_ASSERT_LE(test, r.calls, 2U);
	/* The pieces follow each other from the start, with the right bytes. */
	for (i = 0; i < r.calls; i++) {
		KUNIT_EXPECT_EQ(test, r.pa[i], pa + 1 + sum);
		KUNIT_EXPECT_EQ(test, r.first[i],
				copy[PAGE_SIZE - before + 1 + sum]);
		sum += r.n[i];
	}
	KUNIT_EXPECT_EQ(test, sum, (u64)(len - 3));
	/* Exactly the range changed, nothing around it. */
	for (i = 0; i < 2 * PAGE_SIZE; i++) {
		bool in = i >= PAGE_SIZE - before + 1 &&
			  i < PAGE_SIZE - before + len - 2;

		if (mem[i] != (u8)(in ? ~copy[i] : copy[i])) {
			KUNIT_FAIL(test, "byte %u is %#x, expected %#x", i,
				   mem[i], (u8)(in ? ~copy[i] : copy[i]));
			break;
		}
	}
}

/* Page-aligned: pieces of at least a page, and all of the range. */
static void sevl_mt_whole_pages(struct kunit *test)
{
	struct sevl_mt_rec r = {};
	unsigned int i;
	u64 sum = 0;
	u8 *mem;

	mem = kunit_kzalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_TRUE(test, PAGE_ALIGNED(mem));
	KUNIT_ASSERT_EQ(test, sevl_mt_process(virt_to_phys(mem),
					      2 * PAGE_SIZE, &r), 0);
	KUNIT_ASSERT_LE(test, r.calls, 2U);
	for (i = 0; i < r.calls; i++) {
		KUNIT_EXPECT_GE(test, r.n[i], PAGE_SIZE);
		sum += r.n[i];
	}
	KUNIT_EXPECT_EQ(test, sum, (u64)(2 * PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, memchr_inv(mem, 0xff, 2 * PAGE_SIZE));
}

/* The callback's own error comes back as it is. */
static void sevl_mt_fn_error(struct kunit *test)
{
	struct sevl_mt_rec r = { .fail = -ENOSPC };
	u8 *mem;

	mem = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_EXPECT_EQ(test, sevl_mt_process(virt_to_phys(mem) + 16, 32, &r),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, r.calls, 1U);
	KUNIT_EXPECT_NULL(test, memchr_inv(mem, 0, PAGE_SIZE));
}

/* Refused ranges: the callback never runs, whichever page is missing. */
static void sevl_mt_refused(struct kunit *test)
{
	u64 ram_hole = sevl_mt_ram_edge(true);
	u64 hole_ram = sevl_mt_ram_edge(false);
	struct sevl_mt_rec r = {};

	/* Wraps past the top of the physical address space. */
	KUNIT_EXPECT_LT(test, sevl_mt_process(~0ULL - 8, 16, &r), 0);
	KUNIT_EXPECT_LT(test, sevl_mt_process(~0ULL - PAGE_SIZE + 1,
					      PAGE_SIZE, &r), 0);
	/* Beyond any memory. */
	KUNIT_EXPECT_LT(test, sevl_mt_process(1ULL << 52, 16, &r), 0);
	KUNIT_EXPECT_EQ(test, r.calls, 0U);

	if (!ram_hole || !hole_ram)
		kunit_skip(test, "no RAM next to a non-RAM page below 4 GiB");
	/* RAM first, then a page that is not: nothing of the RAM either. */
	KUNIT_EXPECT_LT(test, sevl_mt_process(ram_hole - 8, 16, &r), 0);
	KUNIT_EXPECT_LT(test, sevl_mt_process(ram_hole - PAGE_SIZE,
					      PAGE_SIZE + 1, &r), 0);
	KUNIT_EXPECT_LT(test, sevl_mt_process(hole_ram - 8, 16, &r), 0);
	KUNIT_EXPECT_LT(test, sevl_mt_process(hole_ram - 1, PAGE_SIZE, &r),
			0);
	KUNIT_EXPECT_EQ(test, r.calls, 0U);
	/* The RAM page next to the hole alone is fine (read-only here). */
	r.fail = -EAGAIN;
	KUNIT_EXPECT_EQ(test, sevl_mt_process(ram_hole - 8, 8, &r), -EAGAIN);
	KUNIT_EXPECT_EQ(test, sevl_mt_process(hole_ram, 8, &r), -EAGAIN);
	KUNIT_EXPECT_EQ(test, r.calls, 2U);
}

/*
 * An empty range touches no memory: it is accepted wherever it starts,
 * aligned or not, RAM or not, and the callback is not called.
 */
static void sevl_mt_empty(struct kunit *test)
{
	const struct sevl_fw_mem_ops *ops = &sevl_swfw_mem_ops;
	u64 hole = sevl_mt_ram_edge(true);
	struct sevl_mt_rec r = {};
	u8 byte = 0x5a;
	u8 *mem;

	mem = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_EXPECT_EQ(test, sevl_mt_process(virt_to_phys(mem), 0, &r), 0);
	KUNIT_EXPECT_EQ(test, sevl_mt_process(virt_to_phys(mem) + 5, 0, &r),
			0);
	KUNIT_EXPECT_EQ(test, sevl_mt_process(1ULL << 52, 0, &r), 0);
	KUNIT_EXPECT_EQ(test, sevl_mt_process((1ULL << 52) + 8, 0, &r), 0);
	KUNIT_EXPECT_EQ(test, sevl_mt_process(~0ULL, 0, &r), 0);
	KUNIT_EXPECT_EQ(test, ops->read(NULL, (1ULL << 52) + 8, &byte, 0), 0);
	KUNIT_EXPECT_EQ(test, ops->write(NULL, (1ULL << 52) + 8, &byte, 0), 0);
	if (hole) {
		KUNIT_EXPECT_EQ(test, sevl_mt_process(hole + 8, 0, &r), 0);
		KUNIT_EXPECT_EQ(test, ops->read(NULL, hole + 8, &byte, 0), 0);
	}
	KUNIT_EXPECT_EQ(test, r.calls, 0U);
	KUNIT_EXPECT_EQ(test, byte, 0x5a);
}

static struct kunit_case sevl_mt_cases[] = {
	KUNIT_CASE(sevl_mt_across_pages),
	KUNIT_CASE(sevl_mt_whole_pages),
	KUNIT_CASE(sevl_mt_fn_error),
	KUNIT_CASE(sevl_mt_refused),
	KUNIT_CASE(sevl_mt_empty),
	{}
};

static struct kunit_suite sevl_mt_suite = {
	.name = "sev-swfw-mem",
	.test_cases = sevl_mt_cases,
};

kunit_test_suite(sevl_mt_suite);

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);
