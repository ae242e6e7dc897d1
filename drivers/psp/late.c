// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: memory that a timed-out command may still use.
 *
 * A command buffer holds physical addresses (certificates, guest pages,
 * output buffers) that the firmware reads and writes while it runs.  When
 * the driver gives up waiting (-ETIMEDOUT) the firmware may still be
 * running the command: everything it references must stay allocated and
 * pinned until its late completion shows up in the mailbox, or forever if
 * it never does.  The driver only knows the command page it owns; the
 * caller knows the rest.  So a caller that hands the firmware memory arms
 * a struct sevl_psp_late for the command buffer before issuing the command:
 *
 *	sevl_psp_late_arm(&late, &cmdbuf);
 *	ret = sevl_psp_issue(cmd, &cmdbuf, &fw);
 *	if (sevl_psp_late_disarm(&late)) {
 *		(timed out: attach what must outlive the command to the
 *		 structure containing late)
 *		sevl_psp_late_submit(&late);
 *	} else {
 *		(free everything now)
 *	}
 *
 * If the command times out, the mailbox takes every descriptor armed for
 * that command buffer, atomically with giving up on it, so the descriptor
 * is bound to exactly that command.  @release then runs once both the
 * caller has submitted and the firmware has completed the command: from
 * the mailbox's recovery (the next command, the completion interrupt, or a
 * poll while the mailbox is stalled), on a workqueue.  If the mailbox is
 * destroyed while the command is still outstanding (driver unbind: the
 * platform is declared dead), @release is never called: the memory is kept
 * and reported to kmemleak as intentionally not freed.
 *
 * A command that did not time out is never taken, even if it failed, so
 * the caller frees everything at once as before.  Identity is the command
 * buffer's address, which must reach sevl_mbox_cmd() unchanged (the issue
 * functions pass it through) and must not be armed twice at once.
 */
#include <linux/kernel.h>
#include <linux/kmemleak.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <sev-launch/kunit.h>
#include <sev-launch/psp.h>

#include "mbox.h"

enum {
	SEVL_LATE_IDLE,
	SEVL_LATE_ARMED,	/* on sevl_late_armed */
	SEVL_LATE_TAKEN,	/* on its mailbox's list, command outstanding */
	SEVL_LATE_DONE,		/* completed; on sevl_late_ready once submitted */
	SEVL_LATE_DEAD,		/* the mailbox went away first: kept forever */
};

/* Protects every descriptor's node, refs and state, and the lists. */
static DEFINE_SPINLOCK(sevl_late_lock);
static LIST_HEAD(sevl_late_armed);
static LIST_HEAD(sevl_late_ready);
static struct sevl_late_stats sevl_late_stats;

static void sevl_late_run(struct work_struct *work);
static DECLARE_WORK(sevl_late_work, sevl_late_run);

/**
 * sevl_psp_late_arm() - prepare to keep memory past a command's timeout
 * @late: descriptor, embedded in the caller's allocation; @release,
 *	@owner and @keep set
 * @cmd_buf: the command buffer about to be passed to sevl_psp_issue() (or
 *	another issue function)
 *
 * Must be followed by sevl_psp_late_disarm() once the command returned.
 *
 * Context: any context that may take a spinlock.
 */
void sevl_psp_late_arm(struct sevl_psp_late *late, const void *cmd_buf)
{
	late->cmd_buf = cmd_buf;
	late->refs = 0;
	late->state = SEVL_LATE_ARMED;
	spin_lock(&sevl_late_lock);
	list_add(&late->node, &sevl_late_armed);
	spin_unlock(&sevl_late_lock);
}
EXPORT_SYMBOL_GPL(sevl_psp_late_arm);

/**
 * sevl_psp_late_disarm() - after the command: did the PSP take @late?
 * @late: descriptor armed with sevl_psp_late_arm()
 *
 * Return: false if the command did not time out (whatever its result):
 * @late is the caller's again and the firmware uses nothing of the
 * command's any more.  True if it timed out: the firmware may still use
 * what the command references; the caller attaches all of it to the
 * allocation containing @late and must call sevl_psp_late_submit().
 */
bool sevl_psp_late_disarm(struct sevl_psp_late *late)
{
	bool taken;

	spin_lock(&sevl_late_lock);
	taken = late->state != SEVL_LATE_ARMED;
	if (!taken) {
		list_del_init(&late->node);
		late->state = SEVL_LATE_IDLE;
	}
	spin_unlock(&sevl_late_lock);
	return taken;
}
EXPORT_SYMBOL_GPL(sevl_psp_late_disarm);

static void sevl_late_keep(struct sevl_psp_late *late)
{
	if (late->keep)
		kmemleak_not_leak(late->keep);
	pr_warn("sev-psp: command %#x never completed: keeping the memory it references\n",
		late->cmd);
}

/**
 * sevl_psp_late_submit() - hand a taken descriptor over for release
 * @late: descriptor for which sevl_psp_late_disarm() returned true
 *
 * @late->release runs once the firmware is done (possibly right away, on
 * the workqueue, if it already is), or never if the platform is dead.
 * The caller must not touch @late afterwards.
 */
void sevl_psp_late_submit(struct sevl_psp_late *late)
{
	bool kick = false, dead;

	spin_lock(&sevl_late_lock);
	dead = late->state == SEVL_LATE_DEAD;
	if (!dead && !--late->refs) {
		list_add_tail(&late->node, &sevl_late_ready);
		kick = true;
	}
	spin_unlock(&sevl_late_lock);
	if (dead)
		sevl_late_keep(late);
	if (kick)
		queue_work(system_long_wq, &sevl_late_work);
}
EXPORT_SYMBOL_GPL(sevl_psp_late_submit);

static void sevl_late_run(struct work_struct *work)
{
	struct sevl_psp_late *late;
	struct module *owner;

	for (;;) {
		spin_lock(&sevl_late_lock);
		late = list_first_entry_or_null(&sevl_late_ready,
						struct sevl_psp_late, node);
		if (late) {
			list_del_init(&late->node);
			late->state = SEVL_LATE_IDLE;
			sevl_late_stats.held--;
			sevl_late_stats.released++;
		}
		spin_unlock(&sevl_late_lock);
		if (!late)
			break;
		owner = late->owner;
		late->release(late);
		module_put(owner);
	}
}

/**
 * sevl_late_take() - a command timed out: take what was armed for it
 * @mbox: its mailbox, locked
 * @data: the caller's command buffer
 * @cmd: command id
 */
void sevl_late_take(struct sevl_mbox *mbox, const void *data, u32 cmd)
{
	struct sevl_psp_late *late, *tmp;

	if (!data)
		return;
	spin_lock(&sevl_late_lock);
	list_for_each_entry_safe(late, tmp, &sevl_late_armed, node) {
		if (late->cmd_buf != data)
			continue;
		list_move_tail(&late->node, &mbox->late);
		late->state = SEVL_LATE_TAKEN;
		late->refs = 2;		/* the firmware's and the caller's */
		late->cmd = cmd;
		late->status = SEVL_FW_NOT_CALLED;
		__module_get(late->owner);
		sevl_late_stats.taken++;
		sevl_late_stats.held++;
	}
	spin_unlock(&sevl_late_lock);
}

/**
 * sevl_late_complete() - the outstanding command of @mbox completed late
 * @mbox: mailbox, locked
 * @status: firmware status
 * @buf: the command page as the firmware left it
 * @len: command buffer length
 */
void sevl_late_complete(struct sevl_mbox *mbox, u32 status, const void *buf,
			size_t len)
{
	struct sevl_psp_late *late, *tmp;
	bool kick = false;

	spin_lock(&sevl_late_lock);
	list_for_each_entry_safe(late, tmp, &mbox->late, node) {
		late->status = status;
		memset(late->buf, 0, sizeof(late->buf));
		memcpy(late->buf, buf, min(len, sizeof(late->buf)));
		late->state = SEVL_LATE_DONE;
		if (--late->refs) {
			list_del_init(&late->node);	/* not submitted yet */
		} else {
			list_move_tail(&late->node, &sevl_late_ready);
			kick = true;
		}
	}
	spin_unlock(&sevl_late_lock);
	if (kick)
		queue_work(system_long_wq, &sevl_late_work);
}

/**
 * sevl_late_dead() - @mbox goes away with its command still outstanding
 * @mbox: mailbox
 *
 * Everything taken for that command is kept forever; submitted
 * descriptors are reported to kmemleak now, the others at submission.
 */
void sevl_late_dead(struct sevl_mbox *mbox)
{
	struct sevl_psp_late *late, *tmp;

	spin_lock(&sevl_late_lock);
	list_for_each_entry_safe(late, tmp, &mbox->late, node) {
		list_del_init(&late->node);
		late->state = SEVL_LATE_DEAD;
		sevl_late_stats.held--;
		sevl_late_stats.kept++;
		if (late->refs == 1)
			sevl_late_keep(late);
		module_put(late->owner);
	}
	spin_unlock(&sevl_late_lock);
}

/**
 * sevl_late_get_stats() - counters of descriptors taken by timeouts
 * @out: receives them
 */
void sevl_late_get_stats(struct sevl_late_stats *out)
{
	spin_lock(&sevl_late_lock);
	*out = sevl_late_stats;
	spin_unlock(&sevl_late_lock);
}

SEVL_EXPORT_FOR_KUNIT(sevl_late_get_stats);

/**
 * sevl_late_flush() - wait until every release that is due has run
 */
void sevl_late_flush(void)
{
	flush_work(&sevl_late_work);
}

SEVL_EXPORT_FOR_KUNIT(sevl_late_flush);
