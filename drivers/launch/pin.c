// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: pinning of user pages that hold guest memory.
 *
 * Every pin a launch takes goes through sevl_pin() and sevl_unpin(), which
 * keep two counters: the launch's own and a global one over all launches,
 * shown in debugfs as sev-launch/pinned_pages so tests can prove that
 * nothing leaks.  The launch's pins, together with the pages the host
 * already holds pinned for the same guest (KVM's registered encrypted
 * regions), are charged against RLIMIT_MEMLOCK of the calling task unless
 * it has CAP_IPC_LOCK, as upstream KVM does for SEV.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/error-injection.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/sev-launch.h>
#include <asm/cacheflush.h>
#include <asm/cpufeature.h>

#include "internal.h"

static atomic64_t sevl_pinned_total = ATOMIC64_INIT(0);
static struct dentry *sevl_debugfs_dir;
static bool sevl_debugfs_own_dir;

/* Would @n more pages exceed RLIMIT_MEMLOCK, counting the host's pins? */
static bool sevl_over_memlock(struct sevl_launch *l, unsigned long n)
{
	u64 limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT, want, host = 0;

	if (l->p.ops->locked_pages)
		host = l->p.ops->locked_pages(l->p.host);
	if (check_add_overflow(l->pinned, (u64)n, &want) ||
	    check_add_overflow(want, host, &want))
		want = U64_MAX;
	return want > limit && !capable(CAP_IPC_LOCK);
}

/**
 * sevl_pin() - pin the user pages spanned by a range
 * @l: launch to charge
 * @uaddr: first byte
 * @len: length in bytes, non-zero, not wrapping
 * @gup_flags: FOLL_WRITE when the firmware rewrites the pages in place;
 *	FOLL_LONGTERM when the pin outlives the command
 * @pagesp: receives a kvmalloc'd array of the pinned pages
 * @nr: receives the number of pages
 *
 * All or nothing: on failure nothing stays pinned or charged.
 *
 * Return: 0; -EINVAL for a bad range; -ENOMEM with SEV_LAUNCH_ERR_MEMLOCK
 * when the pages, with those already pinned by this launch and by the host
 * for the same guest, would exceed RLIMIT_MEMLOCK; -EFAULT when part of the
 * range is not mapped; or another errno from pinning.
 */
int sevl_pin(struct sevl_launch *l, unsigned long uaddr, u64 len,
	     unsigned int gup_flags, struct page ***pagesp, unsigned long *nr)
{
	unsigned long first, last, n;
	struct page **pages;
	int got;

	if (!len || uaddr + len - 1 < uaddr)
		return -EINVAL;
	first = uaddr >> PAGE_SHIFT;
	last = (uaddr + len - 1) >> PAGE_SHIFT;
	n = last - first + 1;
	if (n > INT_MAX)
		return -EINVAL;

	if (sevl_over_memlock(l, n))
		return sevl_refuse(l, -ENOMEM, SEV_LAUNCH_ERR_MEMLOCK);

	pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL_ACCOUNT);
	if (!pages)
		return -ENOMEM;
	got = pin_user_pages_fast(uaddr & PAGE_MASK, n,
				  gup_flags & (FOLL_WRITE | FOLL_LONGTERM),
				  pages);
	if (got < 0 || got != n) {
		if (got > 0)
			unpin_user_pages(pages, got);
		kvfree(pages);
		return got < 0 ? got : -EFAULT;
	}

	l->pinned += n;
	atomic64_add(n, &sevl_pinned_total);
	*pagesp = pages;
	*nr = n;
	return 0;
}
ALLOW_ERROR_INJECTION(sevl_pin, ERRNO);

/**
 * sevl_unpin() - release pages pinned by sevl_pin()
 * @l: launch they were charged to
 * @pages: the array sevl_pin() returned; freed here
 * @nr: its length
 * @dirty: the firmware may have written the pages
 */
void sevl_unpin(struct sevl_launch *l, struct page **pages, unsigned long nr,
		bool dirty)
{
	if (!pages)
		return;
	unpin_user_pages_dirty_lock(pages, nr, dirty);
	kvfree(pages);
	l->pinned -= nr;
	atomic64_sub(nr, &sevl_pinned_total);
}

/**
 * sevl_flush_pages() - write pinned pages back from the CPU caches
 * @pages: pinned pages
 * @nr: number of pages
 *
 * The firmware reads and rewrites guest memory by physical address, and
 * unless the CPU keeps such accesses coherent (SME_COHERENT), dirty cache
 * lines of the host's plaintext mapping could reach memory after the
 * firmware wrote its ciphertext there.  Call before every firmware command
 * on the pages.
 */
void sevl_flush_pages(struct page **pages, unsigned long nr)
{
	unsigned long i;
	void *va;

	if (boot_cpu_has(X86_FEATURE_SME_COHERENT))
		return;
	for (i = 0; i < nr; i++) {
		va = kmap_local_page(pages[i]);
		clflush_cache_range(va, PAGE_SIZE);
		kunmap_local(va);
		cond_resched();
	}
}

/**
 * sevl_pin_short_ok() - could the range be pinned for the duration of one
 *	command?
 * @uaddr: first byte
 * @len: length in bytes, non-zero, not wrapping
 *
 * Pins and at once releases the pages, a batch at a time, with FOLL_WRITE
 * but without FOLL_LONGTERM: what default mode does.  Tells a memory type
 * that refuses long-term write pins (shared mappings of files that need
 * dirty tracking, DAX) apart from an unmapped or read-only range.  Nothing
 * is charged: the pins last microseconds.
 *
 * Return: true if every page could be pinned.
 */
bool sevl_pin_short_ok(unsigned long uaddr, u64 len)
{
	unsigned long addr = uaddr & PAGE_MASK, end = uaddr + len - 1;
	struct page *batch[64];
	int want, got;

	while (addr <= end) {
		want = min_t(u64, ARRAY_SIZE(batch),
			     ((end - addr) >> PAGE_SHIFT) + 1);
		got = pin_user_pages_fast(addr, want, FOLL_WRITE, batch);
		if (got > 0)
			unpin_user_pages(batch, got);
		if (got != want)
			return false;
		addr += (unsigned long)want << PAGE_SHIFT;
		if (!addr)
			break;
		cond_resched();
	}
	return true;
}

/* A run of physically consecutive pages. */
struct sevl_run {
	unsigned long pfn;
	unsigned long nr;
};

static int sevl_run_cmp(const void *a, const void *b)
{
	const struct sevl_run *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

/**
 * sevl_pages_alias() - does a page occur twice in a page array?
 * @pages: pinned pages
 * @nr: number of pages
 * @alias: receives the answer
 *
 * The array is cut into runs of physically consecutive pages (which cannot
 * repeat a page), the runs are sorted by frame number, and neighbours are
 * checked for overlap: O(r log r) for r runs.
 *
 * Return: 0 or -ENOMEM.
 */
int sevl_pages_alias(struct page **pages, unsigned long nr, bool *alias)
{
	struct sevl_run *runs;
	unsigned long i, n = 0, run;

	*alias = false;
	runs = kvmalloc_array(nr, sizeof(*runs), GFP_KERNEL_ACCOUNT);
	if (!runs)
		return -ENOMEM;
	for (i = 0; i < nr; i += run) {
		run = sevl_contig_pages(pages, i, nr);
		runs[n].pfn = page_to_pfn(pages[i]);
		runs[n++].nr = run;
		cond_resched();
	}
	sort(runs, n, sizeof(*runs), sevl_run_cmp, NULL);
	for (i = 1; i < n && !*alias; i++)
		*alias = runs[i - 1].pfn + runs[i - 1].nr > runs[i].pfn;
	kvfree(runs);
	return 0;
}

/**
 * sevl_contig_pages() - length of a run of physically consecutive pages
 * @pages: page array
 * @idx: first page of the run
 * @nr: length of @pages
 *
 * Return: the number of pages from @idx on whose frames follow each other
 * (at least 1).
 */
unsigned long sevl_contig_pages(struct page **pages, unsigned long idx,
				unsigned long nr)
{
	unsigned long i, pfn = page_to_pfn(pages[idx]);

	for (i = idx + 1; i < nr; i++)
		if (page_to_pfn(pages[i]) != pfn + (i - idx))
			break;
	return i - idx;
}

/**
 * sevl_launch_pinned_total() - pages pinned by all launches together
 *
 * Return: the number of user pages the launch core holds pinned right now,
 * over every launch (also shown in debugfs as sev-launch/pinned_pages).
 */
u64 sevl_launch_pinned_total(void)
{
	return atomic64_read(&sevl_pinned_total);
}
EXPORT_SYMBOL_GPL(sevl_launch_pinned_total);

static int sevl_pinned_get(void *data, u64 *val)
{
	*val = atomic64_read(&sevl_pinned_total);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sevl_pinned_fops, sevl_pinned_get, NULL, "%llu\n");

/**
 * sevl_pin_debugfs_init() - create sev-launch/pinned_pages in debugfs
 *
 * The sev-launch directory is shared with the other sev-launch modules:
 * whichever loads first creates it.
 *
 * Return: 0 (debugfs failures are not fatal).
 */
int sevl_pin_debugfs_init(void)
{
	struct dentry *dir;

	dir = debugfs_lookup("sev-launch", NULL);
	if (IS_ERR_OR_NULL(dir)) {
		dir = debugfs_create_dir("sev-launch", NULL);
		if (IS_ERR_OR_NULL(dir))
			return 0;
		sevl_debugfs_own_dir = true;
	}
	sevl_debugfs_dir = dir;
	debugfs_create_file_unsafe("pinned_pages", 0444, dir, NULL,
				   &sevl_pinned_fops);
	return 0;
}

/**
 * sevl_pin_debugfs_exit() - remove what sevl_pin_debugfs_init() created
 */
void sevl_pin_debugfs_exit(void)
{
	if (!sevl_debugfs_dir)
		return;
	debugfs_lookup_and_remove("pinned_pages", sevl_debugfs_dir);
	if (sevl_debugfs_own_dir)
		debugfs_remove(sevl_debugfs_dir);
	else
		dput(sevl_debugfs_dir);
	sevl_debugfs_dir = NULL;
}
