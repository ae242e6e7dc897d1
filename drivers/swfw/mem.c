// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: access to system physical memory.
 *
 * A real PSP reaches DRAM by physical address.  The model does the same
 * with the kernel's view of RAM: page by page, only pages that have a
 * struct page and are System RAM, each mapped with kmap_local_page() for
 * the part that lies in it.  Anything else (MMIO, holes, addresses beyond
 * memory) is refused, and the firmware reports INVALID_ADDRESS.
 */
#include <linux/kernel.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <sev-launch/kunit.h>

#include "regs.h"

static struct page *sevl_swfw_ram_page(u64 pa)
{
	unsigned long pfn = PHYS_PFN(pa);

	if ((u64)pfn != pa >> PAGE_SHIFT || !pfn_valid(pfn) ||
	    page_is_ram(pfn) != 1)
		return NULL;
	return pfn_to_page(pfn);
}

/*
 * Whether [@pa, @pa + @len), @len not 0, neither wraps nor has a page that
 * is not RAM.  Walks page frame numbers from the first byte's to the last
 * byte's, which cannot overflow even at the top of the address space.
 */
static bool sevl_swfw_range_ok(u64 pa, size_t len)
{
	u64 last = pa + len - 1, pfn;

	if (last < pa)
		return false;
	for (pfn = pa >> PAGE_SHIFT; pfn <= last >> PAGE_SHIFT; pfn++)
		if (!sevl_swfw_ram_page(pfn << PAGE_SHIFT))
			return false;
	return true;
}

/*
 * Copy between @buf and [@pa, @pa + @len), @to_ram giving the direction.
 * Every page is checked before any byte moves, so a refused range leaves
 * memory untouched.  An empty range touches nothing: it is never refused,
 * wherever it starts.
 */
static int sevl_swfw_mem_copy(u64 pa, void *buf, size_t len, bool to_ram)
{
	size_t off, n;
	void *va;

	if (!len)
		return 0;
	if (!sevl_swfw_range_ok(pa, len))
		return -EFAULT;

	for (; len; pa += n, buf += n, len -= n) {
		off = offset_in_page(pa);
		n = min_t(size_t, len, PAGE_SIZE - off);
		va = kmap_local_page(sevl_swfw_ram_page(pa));
		if (to_ram)
			memcpy(va + off, buf, n);
		else
			memcpy(buf, va + off, n);
		kunmap_local(va);
	}
	return 0;
}

/*
 * Pass [@pa, @pa + @len) to @fn in place.  Every page is checked first;
 * an empty range is accepted without a call, as sevl_swfw_mem_copy().
 * Without highmem, RAM pages are in the linear map, so physically
 * consecutive bytes are virtually consecutive and one call covers the
 * whole range; otherwise each page is mapped in turn.
 */
static int sevl_swfw_mem_process(void *ctx, u64 pa, size_t len,
				 int (*fn)(void *arg, u64 pa, u8 *p, size_t n),
				 void *arg)
{
	size_t n;
	void *va;
	int ret = 0;

	if (!len)
		return 0;
	if (!sevl_swfw_range_ok(pa, len))
		return -EFAULT;

	if (!IS_ENABLED(CONFIG_HIGHMEM))
		return fn(arg, pa, (u8 *)page_address(sevl_swfw_ram_page(pa)) +
				   offset_in_page(pa), len);

	for (; len && !ret; pa += n, len -= n) {
		n = min_t(size_t, len, PAGE_SIZE - offset_in_page(pa));
		va = kmap_local_page(sevl_swfw_ram_page(pa));
		ret = fn(arg, pa, (u8 *)va + offset_in_page(pa), n);
		kunmap_local(va);
	}
	return ret;
}

static int sevl_swfw_mem_read(void *ctx, u64 pa, void *buf, size_t len)
{
	return sevl_swfw_mem_copy(pa, buf, len, false);
}

static int sevl_swfw_mem_write(void *ctx, u64 pa, const void *buf, size_t len)
{
	return sevl_swfw_mem_copy(pa, (void *)buf, len, true);
}

/*
 * The memory accessors of every instance; the context pointer is unused.
 * They do not sleep, but are only called from the firmware's workqueue.
 */
const struct sevl_fw_mem_ops sevl_swfw_mem_ops = {
	.read = sevl_swfw_mem_read,
	.write = sevl_swfw_mem_write,
	.process = sevl_swfw_mem_process,
};

SEVL_EXPORT_FOR_KUNIT(sevl_swfw_mem_ops);
