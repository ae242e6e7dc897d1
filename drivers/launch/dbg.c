// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: DBG_DECRYPT and DBG_ENCRYPT with arbitrary alignment.
 *
 * The firmware moves 16-byte aligned blocks between guest memory and a
 * plaintext buffer.  The user asks for any range, so each step handles the
 * part of the range inside one guest page, through a kernel bounce page:
 *
 *  - decrypt: the 16-byte aligned range enclosing the requested bytes is
 *    decrypted into the bounce page (at the same in-page offset) and the
 *    requested bytes are copied to the user;
 *  - encrypt: the enclosing aligned range of the guest page is first
 *    decrypted into the bounce page (only if the request does not cover it
 *    exactly), the user's bytes are laid over it, and the aligned range is
 *    encrypted back into the guest page.
 *
 * Only one guest page is pinned at a time.  The guest policy's NODBG bit
 * is enforced by the firmware, whose status is returned.
 */
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>

#include "internal.h"

static int sevl_dbg_fw(struct sevl_launch *l, u32 cmd, u64 src, u64 dst,
		       u32 len, u32 *fw)
{
	struct sevl_fw_dbg c = {
		.handle = l->handle, .src_addr = src, .dst_addr = dst,
		.len = len,
	};

	return sevl_fw_issue(l, cmd, &c, fw);
}

/* One step inside one guest page: @n bytes from in-page offset @off. */
static int sevl_dbg_step(struct sevl_launch *l, bool decrypt,
			 unsigned long guest, unsigned long user,
			 unsigned int n, void *bounce, u32 *fw)
{
	unsigned int off = offset_in_page(guest);
	unsigned int a0 = round_down(off, 16), a1 = round_up(off + n, 16);
	u64 bpa = sevl_pa(bounce) + a0, gpa;
	struct page **pages;
	unsigned long nr;
	int ret;

	ret = sevl_pin(l, guest, 1, decrypt ? 0 : FOLL_WRITE, &pages, &nr);
	if (ret)
		return ret;
	sevl_flush_pages(pages, nr);
	gpa = sevl_page_pa(pages[0]) + a0;

	if (decrypt) {
		ret = sevl_dbg_fw(l, SEVL_CMD_DBG_DECRYPT, gpa, bpa, a1 - a0,
				  fw);
		if (!ret && copy_to_user((void __user *)user, bounce + off, n))
			ret = -EFAULT;
	} else {
		if (a0 != off || a1 != off + n)
			ret = sevl_dbg_fw(l, SEVL_CMD_DBG_DECRYPT, gpa, bpa,
					  a1 - a0, fw);
		if (!ret && copy_from_user(bounce + off,
					   (const void __user *)user, n))
			ret = -EFAULT;
		if (!ret)
			ret = sevl_dbg_fw(l, SEVL_CMD_DBG_ENCRYPT, bpa, gpa,
					  a1 - a0, fw);
	}
	memzero_explicit(bounce + a0, a1 - a0);
	if (ret == -ETIMEDOUT)
		sevl_late_keep_pages(l, &pages, nr, !decrypt);
	sevl_unpin(l, pages, nr, !decrypt);
	return ret;
}

/**
 * sevl_launch_dbg() - KVM_SEV_DBG_DECRYPT / KVM_SEV_DBG_ENCRYPT
 * @l: launch
 * @decrypt: decrypt guest memory at @src_uaddr into @dst_uaddr; else
 *	encrypt the plaintext at @src_uaddr into guest memory at @dst_uaddr
 * @src_uaddr: user address to read
 * @dst_uaddr: user address to write
 * @len: number of bytes; any alignment
 * @fw: receives the firmware status of the last command
 * @why: receives the refusal reason
 *
 * Canonical mode: in any state after LAUNCH_START, including FINISHED.
 * Default mode gives the firmware handle 0 before LAUNCH_START, as
 * upstream does.
 *
 * Return: 0; -EINVAL for a zero length, a zero destination or a wrapping
 * range; -EINVAL with SEV_LAUNCH_ERR_STATE before LAUNCH_START (canonical
 * mode); -EFAULT; a pinning error; or the firmware's error.
 */
int sevl_launch_dbg(struct sevl_launch *l, bool decrypt,
		    unsigned long src_uaddr, unsigned long dst_uaddr, u32 len,
		    u32 *fw, u32 *why)
{
	unsigned long guest, user;
	unsigned int n;
	void *bounce;
	u32 done;
	int ret;

	mutex_lock(&l->lock);
	sevl_enter(l, fw, why);
	ret = -EINVAL;
	if (!len || !dst_uaddr || src_uaddr + len - 1 < src_uaddr ||
	    dst_uaddr + len - 1 < dst_uaddr)
		goto out;
	if (sevl_late_broken(l) ||
	    (!l->have_handle && sevl_canonical(l))) {
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_STATE);
		goto out;
	}
	ret = -ENOMEM;
	bounce = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!bounce)
		goto out;

	ret = 0;
	for (done = 0; done < len; done += n) {
		guest = (decrypt ? src_uaddr : dst_uaddr) + done;
		user = (decrypt ? dst_uaddr : src_uaddr) + done;
		n = min_t(u32, len - done, PAGE_SIZE - offset_in_page(guest));
		ret = sevl_dbg_step(l, decrypt, guest, user, n, bounce, fw);
		if (ret)
			break;
	}
	if (ret == -ETIMEDOUT)
		sevl_late_keep_bounce(l, &bounce);
	free_page((unsigned long)bounce);
out:
	sevl_leave(l);
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_dbg);
