// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: what the core issues on its own, and guests that refuse to
 * go away.
 *
 * ACTIVATE, DEACTIVATE and DECOMMISSION go through the launch's direct
 * issuer (struct sevl_launch_fw), which needs no file descriptor.  A guest
 * whose DEACTIVATE or DECOMMISSION fails is parked on a global list with
 * the issuer that knows it and retried: before every LAUNCH_START (only
 * DECOMMISSION: DEACTIVATE must stay under kvm_amd's guard), at every
 * teardown and in sevl_launch_drain().  A parked guest remembers the
 * firmware's epoch (struct sevl_launch_fw.epoch): once the platform has
 * been shut down it is dropped without a command, since SHUTDOWN removed
 * it and its handle may by then belong to another VM's guest.  Lock order:
 * a launch's lock, then sevl_parked_lock.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/psp.h>

#include "internal.h"

/* A guest whose clean-up failed, waiting for a retry. */
struct sevl_parked {
	struct list_head node;
	u32 handle;
	bool bound;
	int (*issue)(void *ctx, u32 cmd, void *buf, u32 *fw);
	void *ctx;
	u64 (*epoch)(void *ctx);
	u64 at;
};

/* The platform was shut down since @p was parked: the guest is gone. */
static bool sevl_parked_stale(const struct sevl_parked *p)
{
	return p->epoch && p->epoch(p->ctx) != p->at;
}

static LIST_HEAD(sevl_parked_list);
static DEFINE_MUTEX(sevl_parked_lock);

/**
 * sevl_fw_direct() - issue through the launch's direct issuer
 * @l: launch
 * @cmd: SEVL_CMD_ACTIVATE, _DEACTIVATE or _DECOMMISSION
 * @buf: command buffer
 * @fw: receives the firmware status
 *
 * Return: 0 or the issuer's negative errno.
 */
int sevl_fw_direct(struct sevl_launch *l, u32 cmd, void *buf, u32 *fw)
{
	*fw = SEVL_FW_NOT_CALLED;
	if (!l->p.fw.direct)
		return sevl_fw_issue(l, cmd, buf, fw);
	return l->p.fw.direct(l->p.fw.direct_ctx, cmd, buf, fw);
}

/*
 * DEACTIVATE (if @p->bound) and DECOMMISSION @p->handle; @p->bound is
 * cleared once the ASID is free.  Return: true if the guest is gone.
 */
static bool sevl_guest_remove(struct sevl_parked *p)
{
	struct sevl_fw_handle h = { .handle = p->handle };
	u32 fw;
	int ret;

	if (p->bound) {
		ret = p->issue(p->ctx, SEVL_CMD_DEACTIVATE, &h, &fw);
		/*
		 * INACTIVE: the ASID was never bound after all (an ACTIVATE
		 * that timed out and then failed); INVALID_GUEST: the guest
		 * is gone (the platform was reset).
		 */
		if (ret && (fw == SEV_RET_INACTIVE || fw == SEV_RET_INVALID_GUEST))
			ret = 0;
		if (ret) {
			pr_warn("sev-launch: DEACTIVATE of guest %u failed: %d (fw %#x)\n",
				p->handle, ret, fw);
			return false;
		}
		p->bound = false;
	}
	h.handle = p->handle;
	ret = p->issue(p->ctx, SEVL_CMD_DECOMMISSION, &h, &fw);
	if (ret && fw == SEV_RET_INVALID_GUEST)
		ret = 0;
	if (ret) {
		pr_warn("sev-launch: DECOMMISSION of guest %u failed: %d (fw %#x)\n",
			p->handle, ret, fw);
		return false;
	}
	return true;
}

/**
 * sevl_retry_parked() - retry the parked guests
 * @deactivate: also those still bound to an ASID (DEACTIVATE must not race
 *	with kvm_amd's WBINVD + DF_FLUSH, so only where the caller holds
 *	kvm_amd's guard: teardown)
 */
void sevl_retry_parked(bool deactivate)
{
	struct sevl_parked *p, *tmp;

	mutex_lock(&sevl_parked_lock);
	list_for_each_entry_safe(p, tmp, &sevl_parked_list, node) {
		if (sevl_parked_stale(p)) {
			pr_info("sev-launch: parked guest %u went away with the platform's shutdown\n",
				p->handle);
			list_del(&p->node);
			kfree(p);
			continue;
		}
		if (p->bound && !deactivate)
			continue;
		if (sevl_guest_remove(p)) {
			list_del(&p->node);
			kfree(p);
		}
	}
	mutex_unlock(&sevl_parked_lock);
}

/**
 * sevl_guest_release() - remove a guest of a launch, or park it
 * @l: launch
 * @handle: the guest
 * @bound: it holds the launch's ASID: DEACTIVATE first
 *
 * Issued directly; a guest that cannot be removed is parked for a later
 * retry.
 *
 * Return: true if the ASID is still bound to the guest.
 */
bool sevl_guest_release(struct sevl_launch *l, u32 handle, bool bound)
{
	struct sevl_parked *p, tmp = {
		.handle = handle, .bound = bound,
		.issue = l->p.fw.direct ?: l->p.fw.issue,
		.ctx = l->p.fw.direct ? l->p.fw.direct_ctx : l->p.fw.ctx,
		.epoch = l->p.fw.epoch,
	};

	if (tmp.epoch)
		tmp.at = tmp.epoch(tmp.ctx);
	if (!tmp.issue || sevl_guest_remove(&tmp))
		return false;
	p = kmemdup(&tmp, sizeof(tmp), GFP_KERNEL);
	if (!p) {
		pr_err("sev-launch: guest %u leaked (no memory to park it)\n",
		       handle);
		return tmp.bound;
	}
	mutex_lock(&sevl_parked_lock);
	list_add_tail(&p->node, &sevl_parked_list);
	mutex_unlock(&sevl_parked_lock);
	return tmp.bound;
}

/**
 * sevl_launch_drain() - retry every parked guest once, then forget them
 *
 * The owner of a direct issuer (struct sevl_launch_fw) calls this before
 * the issuer goes away (module exit); guests that still cannot be removed
 * are reported and leaked.
 */
void sevl_launch_drain(void)
{
	struct sevl_parked *p, *tmp;

	sevl_retry_parked(true);
	mutex_lock(&sevl_parked_lock);
	list_for_each_entry_safe(p, tmp, &sevl_parked_list, node) {
		pr_err("sev-launch: firmware guest %u leaked\n", p->handle);
		list_del(&p->node);
		kfree(p);
	}
	mutex_unlock(&sevl_parked_lock);
}
EXPORT_SYMBOL_GPL(sevl_launch_drain);
