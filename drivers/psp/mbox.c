// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: the SEV command/response mailbox.
 *
 * Issuing a command: under the mailbox mutex, make sure the previous command
 * completed (RESP set), copy the caller's buffer into the driver-owned
 * command page, write its physical address to cmdbuff_addr_lo/hi, write
 * (cmd << 16) | IOC to cmdresp, and wait for RESP (bit 31), woken by the
 * completion interrupt or polling when there is none.  The status is bits
 * 15:0 of cmdresp; the command page is copied back to the caller whatever
 * the status, so that length probes return the length the firmware wants.
 *
 * A command that does not complete in time returns -ETIMEDOUT and leaves the
 * mailbox "stalled".  The firmware may still finish it: every later command
 * first re-reads cmdresp, and once RESP shows up the mailbox is usable again.
 * Until then commands are refused with -EBUSY without touching the mailbox.
 * The command page stays allocated, since the firmware may write it late.
 * While stalled, a delayed work item also polls for the late completion
 * (and the completion interrupt kicks it), so that what the timed-out
 * command references (late.c) is released as soon as the firmware is done,
 * not only when somebody issues the next command.
 */
#include <linux/kernel.h>
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/iopoll.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/mem_encrypt.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <sev-launch/kunit.h>
#include <sev-launch/psp.h>

#include "mbox.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

static unsigned int probe_timeout = 5;
module_param(probe_timeout, uint, 0644);
MODULE_PARM_DESC(probe_timeout,
		 "seconds to wait for a command before the first one completed (default 5)");

static unsigned int cmd_timeout = 100;
module_param(cmd_timeout, uint, 0644);
MODULE_PARM_DESC(cmd_timeout,
		 "seconds to wait for a firmware command (default 100)");

/* Polling interval when the back end has no interrupt. */
#define SEVL_MBOX_POLL_US	20
/* Polling interval for a late completion while the mailbox is stalled. */
#define SEVL_MBOX_REAP_MS	50

static u32 sevl_mbox_rd(struct sevl_mbox *mbox, u32 off)
{
	return mbox->t->ops->read(mbox->t, off);
}

static void sevl_mbox_wr(struct sevl_mbox *mbox, u32 off, u32 val)
{
	mbox->t->ops->write(mbox->t, off, val);
}

static irqreturn_t sevl_mbox_irq(int irq, void *data)
{
	struct sevl_mbox *mbox = data;
	u32 sts;

	sts = sevl_mbox_rd(mbox, mbox->t->regs.intsts);
	if (!(sts & SEVL_INTSTS_CMD_COMPLETE))
		return IRQ_NONE;
	/* Write-one-to-clear, and only the bit that is ours. */
	sevl_mbox_wr(mbox, mbox->t->regs.intsts, SEVL_INTSTS_CMD_COMPLETE);
	complete(&mbox->done);
	/* A late completion: let the reaper see it now. */
	if (READ_ONCE(mbox->state) == SEVL_MBOX_STALLED)
		mod_delayed_work(system_wq, &mbox->reap, 0);
	return IRQ_HANDLED;
}

static int sevl_mbox_ready(struct sevl_mbox *mbox);

static void sevl_mbox_reap(struct work_struct *work)
{
	struct sevl_mbox *mbox = container_of(to_delayed_work(work),
					      struct sevl_mbox, reap);
	bool again = true;

	/* A command in flight means the mailbox is no longer stalled. */
	if (mutex_trylock(&mbox->lock)) {
		again = mbox->state == SEVL_MBOX_STALLED &&
			sevl_mbox_ready(mbox) == -EBUSY;
		mutex_unlock(&mbox->lock);
	}
	if (again)
		schedule_delayed_work(&mbox->reap,
				      msecs_to_jiffies(SEVL_MBOX_REAP_MS));
}

/**
 * sevl_mbox_create() - take over one mailbox
 * @t: transport; must stay valid until sevl_mbox_destroy()
 * @dev: device for log messages, or NULL
 *
 * Masks and clears the mailbox interrupt, asks the transport for it and
 * unmasks the completion interrupt if that worked; otherwise commands are
 * polled.  Issues no command.
 *
 * Context: process context.
 * Return: the mailbox, or an ERR_PTR(): -EINVAL for an incomplete
 * transport, -ENOMEM.
 */
struct sevl_mbox *sevl_mbox_create(struct sevl_transport *t,
				   struct device *dev)
{
	struct sevl_mbox *mbox;
	struct page *page;

	if (!t || !t->ops || !t->ops->read || !t->ops->write)
		return ERR_PTR(-EINVAL);

	mbox = kzalloc(sizeof(*mbox), GFP_KERNEL);
	if (!mbox)
		return ERR_PTR(-ENOMEM);
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page) {
		kfree(mbox);
		return ERR_PTR(-ENOMEM);
	}
	mbox->cmd_buf = page_address(page);
	mbox->t = t;
	mbox->dev = dev;
	mutex_init(&mbox->lock);
	init_completion(&mbox->done);
	INIT_LIST_HEAD(&mbox->late);
	INIT_DELAYED_WORK(&mbox->reap, sevl_mbox_reap);
	spin_lock_init(&mbox->stats_lock);
	mbox->state = SEVL_MBOX_UNUSED;
	mbox->last_status = SEVL_FW_NOT_CALLED;

	sevl_mbox_wr(mbox, t->regs.inten, 0);
	sevl_mbox_wr(mbox, t->regs.intsts, U32_MAX);
	if (t->ops->request_irq && t->ops->free_irq &&
	    !t->ops->request_irq(t, sevl_mbox_irq, mbox)) {
		mbox->irq = true;
		sevl_mbox_wr(mbox, t->regs.inten, SEVL_INTSTS_CMD_COMPLETE);
	} else {
		dev_info(dev, "%s mailbox: no interrupt, polling\n",
			 t->name ?: "?");
	}
	return mbox;
}

SEVL_EXPORT_FOR_KUNIT(sevl_mbox_create);

/**
 * sevl_mbox_destroy() - release a mailbox
 * @mbox: mailbox, or NULL
 *
 * Masks and frees the interrupt.  If the last command timed out and has
 * completed since, that late completion is processed (what was kept for it
 * is released).  If it never completed, the platform is declared dead: the
 * firmware may still write the command page and whatever the command
 * references, so all of that is leaked on purpose rather than handed back
 * to the allocator.
 *
 * Context: process context; no command may be in flight.
 */
void sevl_mbox_destroy(struct sevl_mbox *mbox)
{
	bool dead;

	if (!mbox)
		return;
	if (mbox->irq) {
		sevl_mbox_wr(mbox, mbox->t->regs.inten, 0);
		mbox->t->ops->free_irq(mbox->t, mbox);
	}
	cancel_delayed_work_sync(&mbox->reap);
	mutex_lock(&mbox->lock);
	dead = mbox->state == SEVL_MBOX_STALLED &&
	       sevl_mbox_ready(mbox) == -EBUSY;
	if (dead)
		sevl_late_dead(mbox);
	mutex_unlock(&mbox->lock);
	if (dead)
		dev_warn(mbox->dev,
			 "command %#x still owned by firmware, leaking its buffer page\n",
			 mbox->last_cmd);
	else
		free_page((unsigned long)mbox->cmd_buf);
	mutex_destroy(&mbox->lock);
	kfree(mbox);
}

SEVL_EXPORT_FOR_KUNIT(sevl_mbox_destroy);

/**
 * sevl_mbox_set_timeout() - override the command timeout of one mailbox
 * @mbox: mailbox
 * @ms: timeout in milliseconds; 0 restores the module parameters
 *
 * Meant for tests, which provoke timeouts and cannot wait 100 seconds.
 */
void sevl_mbox_set_timeout(struct sevl_mbox *mbox, unsigned int ms)
{
	mutex_lock(&mbox->lock);
	mbox->timeout_ms = ms;
	mutex_unlock(&mbox->lock);
}

SEVL_EXPORT_FOR_KUNIT(sevl_mbox_set_timeout);

/**
 * sevl_mbox_get_stats() - snapshot of a mailbox's counters
 * @mbox: mailbox
 * @out: receives the counters
 */
void sevl_mbox_get_stats(struct sevl_mbox *mbox, struct sevl_mbox_stats *out)
{
	spin_lock(&mbox->stats_lock);
	*out = mbox->stats;
	spin_unlock(&mbox->stats_lock);
}

SEVL_EXPORT_FOR_KUNIT(sevl_mbox_get_stats);

/**
 * sevl_mbox_state() - the mailbox condition as the driver last saw it
 * @mbox: mailbox
 *
 * Return: enum sevl_mbox_state; lockless, for reporting only.
 */
enum sevl_mbox_state sevl_mbox_state(struct sevl_mbox *mbox)
{
	return READ_ONCE(mbox->state);
}

SEVL_EXPORT_FOR_KUNIT(sevl_mbox_state);

static unsigned int sevl_mbox_timeout_ms(struct sevl_mbox *mbox)
{
	unsigned int s;

	if (mbox->timeout_ms)
		return mbox->timeout_ms;
	s = mbox->probed ? READ_ONCE(cmd_timeout) : READ_ONCE(probe_timeout);
	return min(max(s, 1U), UINT_MAX / MSEC_PER_SEC) * MSEC_PER_SEC;
}

/*
 * Before writing a command: the previous one must have completed.  After a
 * timeout this is where a late completion is noticed and the mailbox
 * recovers.  Called with the mailbox lock held.
 */
static int sevl_mbox_ready(struct sevl_mbox *mbox)
{
	u32 reg;

	if (mbox->state == SEVL_MBOX_UNUSED)
		return 0;
	reg = sevl_mbox_rd(mbox, mbox->t->regs.cmdresp);
	if (reg & SEVL_CMDRESP_RESP) {
		if (mbox->state == SEVL_MBOX_STALLED) {
			const struct sevl_cmd_info *ci;
			size_t len;

			dev_info(mbox->dev,
				 "mailbox recovered: command %#x completed late, status %#lx\n",
				 mbox->last_cmd,
				 (unsigned long)(reg & SEVL_CMDRESP_STATUS_MASK));
			ci = sevl_cmd_lookup(mbox->last_cmd);
			len = ci ? ci->len : 0;
			mbox->last_status = reg & SEVL_CMDRESP_STATUS_MASK;
			sevl_late_complete(mbox, mbox->last_status,
					   mbox->cmd_buf, len);
			memset(mbox->cmd_buf, 0, len);
			WRITE_ONCE(mbox->state, SEVL_MBOX_IDLE);
			spin_lock(&mbox->stats_lock);
			mbox->stats.recoveries++;
			spin_unlock(&mbox->stats_lock);
		}
		return 0;
	}
	return -EBUSY;
}

/* Wait for RESP; called with the mailbox lock held. */
static int sevl_mbox_wait(struct sevl_mbox *mbox, u32 *reg)
{
	unsigned int ms = sevl_mbox_timeout_ms(mbox);
	u32 off = mbox->t->regs.cmdresp;
	unsigned long deadline;
	u32 val;

	if (!mbox->irq)
		return read_poll_timeout(sevl_mbox_rd, *reg,
					 *reg & SEVL_CMDRESP_RESP,
					 SEVL_MBOX_POLL_US,
					 (u64)ms * USEC_PER_MSEC, false,
					 mbox, off);

	deadline = jiffies + msecs_to_jiffies(ms);
	for (;;) {
		/*
		 * Re-read cmdresp after every wake-up: a late interrupt of a
		 * command that timed out earlier must not end this wait.
		 */
		val = sevl_mbox_rd(mbox, off);
		if (val & SEVL_CMDRESP_RESP) {
			*reg = val;
			return 0;
		}
		if (time_after_eq(jiffies, deadline))
			return -ETIMEDOUT;
		wait_for_completion_timeout(&mbox->done, deadline - jiffies);
	}
}

static void sevl_mbox_account(struct sevl_mbox *mbox,
			      const struct sevl_cmd_info *ci, int ret,
			      u32 status, u64 ns)
{
	struct sevl_mbox_cmd_stats *cs = &mbox->stats.cmd[ci - sevl_cmd_table];

	spin_lock(&mbox->stats_lock);
	if (ret == -EBUSY && status == SEVL_FW_NOT_CALLED) {
		cs->refused++;
		mbox->stats.busy++;
	} else if (ret == -ETIMEDOUT) {
		cs->count++;
		cs->timeouts++;
		mbox->stats.timeouts++;
	} else {
		cs->count++;
		if (status)
			cs->errors++;
		cs->total_ns += ns;
		cs->max_ns = max(cs->max_ns, ns);
		mbox->stats.hist[min_t(unsigned int, ns ? ilog2(ns) : 0,
				       SEVL_MBOX_HIST_BUCKETS - 1)]++;
	}
	spin_unlock(&mbox->stats_lock);
}

/**
 * sevl_mbox_cmd() - run one firmware command
 * @mbox: mailbox
 * @cmd: command id (SEVL_CMD_*)
 * @data: command buffer of the size the command defines, or NULL for
 *	commands without one; updated from the firmware's copy after the
 *	command completed, even when it failed
 * @fw_status: receives the firmware status, or SEVL_FW_NOT_CALLED when the
 *	command never reached the firmware or did not complete; may be NULL
 *
 * Only the copy into and out of the command page and the register protocol
 * run under the mailbox lock.  Anything the command buffer points to must be
 * prepared (copied, pinned, flushed) by the caller beforehand.
 *
 * Context: process context; sleeps until the command completes.
 * Return: 0 on success; -EINVAL for a command the driver does not know or a
 * missing buffer (nothing sent); -EBUSY if an earlier command that timed out
 * still has not completed (nothing sent); -ETIMEDOUT if the firmware did not
 * answer in time; else sevl_psp_status_errno() of the firmware status.
 */
int sevl_mbox_cmd(struct sevl_mbox *mbox, u32 cmd, void *data,
		  u32 *fw_status)
{
	const struct sevl_cmd_info *ci = sevl_cmd_lookup(cmd);
	u32 status = SEVL_FW_NOT_CALLED, handle = 0, reg = 0;
	u64 pa = 0, start, ns = 0;
	int ret;

	if (fw_status)
		*fw_status = SEVL_FW_NOT_CALLED;
	if (!ci || (ci->len && !data))
		return -EINVAL;

	mutex_lock(&mbox->lock);
	ret = sevl_mbox_ready(mbox);
	if (ret)
		goto out_unlock;

	if (ci->len) {
		memcpy(mbox->cmd_buf, data, ci->len);
		pa = __sme_pa(mbox->cmd_buf);
	}
	reinit_completion(&mbox->done);
	mbox->last_cmd = cmd;
	mbox->last_status = SEVL_FW_NOT_CALLED;
	start = ktime_get_ns();
	sevl_mbox_wr(mbox, mbox->t->regs.cmdbuff_addr_lo, lower_32_bits(pa));
	sevl_mbox_wr(mbox, mbox->t->regs.cmdbuff_addr_hi, upper_32_bits(pa));
	sevl_mbox_wr(mbox, mbox->t->regs.cmdresp,
		     FIELD_PREP(SEVL_CMDRESP_CMD_MASK, cmd) |
		     (mbox->irq ? SEVL_CMDRESP_IOC : 0));

	ret = sevl_mbox_wait(mbox, &reg);
	ns = ktime_get_ns() - start;
	if (ret) {
		/* Whatever was armed for @data now lives as long as the command. */
		sevl_late_take(mbox, data, cmd);
		WRITE_ONCE(mbox->state, SEVL_MBOX_STALLED);
		schedule_delayed_work(&mbox->reap,
				      msecs_to_jiffies(SEVL_MBOX_REAP_MS));
		dev_err(mbox->dev,
			"command %#x (%s) timed out after %u ms; new commands are refused until it completes\n",
			cmd, ci->name, sevl_mbox_timeout_ms(mbox));
		ret = -ETIMEDOUT;
		goto out_unlock;
	}
	WRITE_ONCE(mbox->state, SEVL_MBOX_IDLE);
	mbox->probed = true;
	status = reg & SEVL_CMDRESP_STATUS_MASK;
	mbox->last_status = status;
	if (ci->len) {
		memcpy(data, mbox->cmd_buf, ci->len);
		memset(mbox->cmd_buf, 0, ci->len);
		if (ci->guest)
			memcpy(&handle, data, sizeof(handle));
	}
	ret = sevl_psp_status_errno(status);

out_unlock:
	mutex_unlock(&mbox->lock);
	sevl_mbox_account(mbox, ci, ret, status, ns);
	trace_sev_psp_cmd(cmd, handle, status, ret, ns);
	if (fw_status)
		*fw_status = status;
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_mbox_cmd);
