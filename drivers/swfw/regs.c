// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: the emulated mailbox register file.
 *
 * The registers sit at the SEVV2 offsets of a real PSP and behave as the
 * SEV mailbox does: the host writes the command buffer address into
 * cmdbuff_addr_lo/hi, then the command id (bits 26:16) and IOC (bit 0) into
 * cmdresp.  The firmware clears RESP (bit 31), runs the command, and
 * finally sets cmdresp to RESP | status, sets CMD_COMPLETE in intsts and,
 * if IOC was asked for and inten allows it, raises the completion
 * interrupt.  Commands run one at a time on an ordered workqueue; the
 * interrupt is delivered in hard interrupt context through irq_work, so
 * the driver's handler runs exactly where a real interrupt would run it.
 *
 * A cmdresp write while a command is in flight is ignored, as the real
 * firmware does not look at the register before it has answered.
 */
#include <linux/kernel.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/sev-launch.h>
#include <sev-launch/kunit.h>

#include "perf.h"
#include "regs.h"

static const struct sevl_mbox_regs sevl_swfw_offsets = SEVL_MBOX_REGS_SEVV2;

static DEFINE_IDA(sevl_swfw_ida);

static struct sevl_swfw *sevl_swfw_of(struct sevl_transport *t)
{
	return t->priv;
}

/* A cmdresp write: start a command unless one is in flight. */
static void sevl_swfw_start(struct sevl_swfw *sw, u32 val)
{
	bool fail = false;
	u32 cmd;

	lockdep_assert_held(&sw->lock);
	if (sw->busy || sw->dying) {
		sw->stats.busy_writes++;
		return;
	}
	cmd = FIELD_GET(SEVL_CMDRESP_CMD_MASK, val);
	sw->busy = true;
	sw->cmdresp = val & (SEVL_CMDRESP_CMD_MASK | SEVL_CMDRESP_IOC);
	sw->cur_cmd = cmd;
	sw->cur_buf = (u64)sw->addr_hi << 32 | sw->addr_lo;
	sw->cur_ioc = val & SEVL_CMDRESP_IOC;

	/* Fault injection is decided when the command starts. */
	sw->cur_held = sw->fault.hang &&
		       (!sw->fault.hang_cmd || sw->fault.hang_cmd == cmd);
	if (sw->fault.fail_nth && !--sw->fault.fail_nth)
		fail = true;
	if (sw->fault.fail_cmd && sw->fault.fail_cmd == cmd)
		fail = true;
	sw->cur_fail = fail;
	sw->cur_fail_status = sw->fault.fail_status;

	sw->t_doorbell = ktime_get_ns();
	queue_work(sw->wq, &sw->work);
}

static u32 sevl_swfw_read(struct sevl_transport *t, u32 off)
{
	const struct sevl_mbox_regs *r = &sevl_swfw_offsets;
	struct sevl_swfw *sw = sevl_swfw_of(t);
	unsigned long flags;
	u32 val = 0;

	raw_spin_lock_irqsave(&sw->lock, flags);
	if (off == r->cmdresp)
		val = sw->cmdresp;
	else if (off == r->cmdbuff_addr_lo)
		val = sw->addr_lo;
	else if (off == r->cmdbuff_addr_hi)
		val = sw->addr_hi;
	else if (off == r->feature)
		val = SEVL_FEATURE_SEV;
	else if (off == r->inten)
		val = sw->inten;
	else if (off == r->intsts)
		val = sw->intsts;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
	return val;
}

static void sevl_swfw_write(struct sevl_transport *t, u32 off, u32 val)
{
	const struct sevl_mbox_regs *r = &sevl_swfw_offsets;
	struct sevl_swfw *sw = sevl_swfw_of(t);
	unsigned long flags;

	raw_spin_lock_irqsave(&sw->lock, flags);
	if (off == r->cmdresp)
		sevl_swfw_start(sw, val);
	else if (off == r->cmdbuff_addr_lo)
		sw->addr_lo = val;
	else if (off == r->cmdbuff_addr_hi)
		sw->addr_hi = val;
	else if (off == r->inten)
		sw->inten = val;
	else if (off == r->intsts)
		sw->intsts &= ~val;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
}

static int sevl_swfw_request_irq(struct sevl_transport *t,
				 irq_handler_t handler, void *data)
{
	struct sevl_swfw *sw = sevl_swfw_of(t);
	unsigned long flags;
	int ret = 0;

	if (!handler)
		return -EINVAL;
	raw_spin_lock_irqsave(&sw->lock, flags);
	if (sw->handler) {
		ret = -EBUSY;
	} else {
		sw->handler = handler;
		sw->handler_data = data;
	}
	raw_spin_unlock_irqrestore(&sw->lock, flags);
	return ret;
}

static void sevl_swfw_free_irq(struct sevl_transport *t, void *data)
{
	struct sevl_swfw *sw = sevl_swfw_of(t);
	unsigned long flags;

	raw_spin_lock_irqsave(&sw->lock, flags);
	if (sw->handler && sw->handler_data == data) {
		sw->handler = NULL;
		sw->handler_data = NULL;
	}
	raw_spin_unlock_irqrestore(&sw->lock, flags);
	/* A delivery that already picked up the handler finishes first. */
	irq_work_sync(&sw->irq_work);
}

/*
 * The host's RMPUPDATE on the emulated RMP (SEV-SNP instances only: the
 * transport says SEVL_SNP_EMULATED, so the PSP driver never uses the CPU's
 * RMP for this platform, nor this for a real one).
 */
static int sevl_swfw_rmp_update(struct sevl_transport *t, u64 pa,
				const struct sevl_rmp_entry *e)
{
	struct sevl_swfw *sw = sevl_swfw_of(t);

	if (!sw->cfg.snp)
		return -ENODEV;
	return sevl_snp_rmp_update(sw->fw, PHYS_PFN(pa), e->assigned, e->asid,
				   e->gpa, e->immutable);
}

/* The host's RMPREAD on the emulated RMP (same instances only). */
static int sevl_swfw_rmp_read(struct sevl_transport *t, u64 pa,
			      struct sevl_rmp_entry *e)
{
	struct sevl_swfw *sw = sevl_swfw_of(t);
	struct sevl_snp_rmpe r;

	if (!sw->cfg.snp)
		return -ENODEV;
	sevl_snp_rmp_read(sw->fw, PHYS_PFN(pa), &r);
	memset(e, 0, sizeof(*e));
	e->assigned = r.state != SEVL_RMP_HYPERVISOR &&
		      r.state != SEVL_RMP_HV_FIXED;
	e->immutable = r.state == SEVL_RMP_HV_FIXED ||
		       r.state == SEVL_RMP_FIRMWARE ||
		       r.state == SEVL_RMP_CONTEXT ||
		       r.state == SEVL_RMP_PRE_GUEST;
	e->asid = r.asid;
	e->gpa = r.gpa;
	return 0;
}

static const struct sevl_transport_ops sevl_swfw_transport_ops = {
	.read = sevl_swfw_read,
	.write = sevl_swfw_write,
	.request_irq = sevl_swfw_request_irq,
	.free_irq = sevl_swfw_free_irq,
	.rmp_update = sevl_swfw_rmp_update,
	.rmp_read = sevl_swfw_rmp_read,
};

/* irq_work callback: hard interrupt context. */
static void sevl_swfw_irq(struct irq_work *iw)
{
	struct sevl_swfw *sw = container_of(iw, struct sevl_swfw, irq_work);
	irq_handler_t handler;
	void *data;
	u64 t_done;

	raw_spin_lock(&sw->lock);
	handler = sw->handler;
	data = sw->handler_data;
	t_done = sw->t_done;
	if (handler)
		sw->stats.irqs++;
	raw_spin_unlock(&sw->lock);
	if (handler) {
		sevl_swfw_perf_irq(ktime_get_ns() - t_done);
		handler(0, data);
	}
}

static bool sevl_swfw_released(struct sevl_swfw *sw)
{
	unsigned long flags;
	bool ret;

	raw_spin_lock_irqsave(&sw->lock, flags);
	ret = !sw->cur_held || sw->dying;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
	return ret;
}

static void sevl_swfw_complete(struct sevl_swfw *sw, u32 cmd, u16 status)
{
	unsigned long flags;
	bool irq;

	raw_spin_lock_irqsave(&sw->lock, flags);
	sw->cmdresp = SEVL_CMDRESP_RESP | status;
	sw->intsts |= SEVL_INTSTS_CMD_COMPLETE;
	irq = sw->cur_ioc && (sw->inten & SEVL_INTSTS_CMD_COMPLETE);
	sw->stats.cmds++;
	sw->stats.per_cmd[min_t(u32, cmd, SEVL_SWFW_COUNTED_CMDS)]++;
	sw->busy = false;
	sw->t_done = ktime_get_ns();
	raw_spin_unlock_irqrestore(&sw->lock, flags);

	if (irq)
		irq_work_queue(&sw->irq_work);
}

/* The firmware's side of one command. */
static void sevl_swfw_work(struct work_struct *work)
{
	struct sevl_swfw *sw = container_of(work, struct sevl_swfw, work);
	unsigned long flags;
	u32 cmd, latency;
	u64 buf, t_doorbell;
	u16 status;
	bool fail;

	raw_spin_lock_irqsave(&sw->lock, flags);
	t_doorbell = sw->t_doorbell;
	cmd = sw->cur_cmd;
	buf = sw->cur_buf;
	fail = sw->cur_fail;
	status = sw->cur_fail_status;
	latency = sw->latency_us;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
	sevl_swfw_perf_dispatch(ktime_get_ns() - t_doorbell);

	if (latency)
		fsleep(latency);
	/* TASK_IDLE: a long hang is not a hung task. */
	wait_event_idle(sw->hang_wq, sevl_swfw_released(sw));
	if (!fail)
		status = sevl_fw_execute(sw->fw, cmd, buf);
	sevl_swfw_complete(sw, cmd, status);
}

/**
 * sevl_swfw_set_fault() - change fault injection
 * @sw: instance
 * @fault: new settings; copied
 *
 * Takes effect for commands that start (cmdresp is written) afterwards.
 * Clearing @fault->hang releases a command held by an earlier hang, which
 * then completes.  @fault->fail_nth counts down as commands start and is
 * 0 again once the Nth command has been failed.
 *
 * Context: any context that may take a spinlock.
 */
void sevl_swfw_set_fault(struct sevl_swfw *sw,
			 const struct sevl_swfw_fault *fault)
{
	unsigned long flags;
	bool release;

	raw_spin_lock_irqsave(&sw->lock, flags);
	sw->fault = *fault;
	release = !fault->hang && sw->cur_held;
	if (release)
		sw->cur_held = false;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
	if (release)
		wake_up(&sw->hang_wq);
}

SEVL_EXPORT_FOR_KUNIT(sevl_swfw_set_fault);

/**
 * sevl_swfw_get_fault() - read the fault injection settings
 * @sw: instance
 * @fault: receives the settings; fail_nth as counted down so far
 */
void sevl_swfw_get_fault(struct sevl_swfw *sw, struct sevl_swfw_fault *fault)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sw->lock, flags);
	*fault = sw->fault;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
}

/**
 * sevl_swfw_get_latency() - the time each command takes
 * @sw: instance
 *
 * Return: the latency in microseconds.
 */
u32 sevl_swfw_get_latency(struct sevl_swfw *sw)
{
	unsigned long flags;
	u32 ret;

	raw_spin_lock_irqsave(&sw->lock, flags);
	ret = sw->latency_us;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
	return ret;
}

/**
 * sevl_swfw_set_latency() - set the time each command takes
 * @sw: instance
 * @latency_us: microseconds, at most SEVL_SWFW_MAX_LATENCY_US
 *
 * Takes effect for commands that start executing afterwards.
 *
 * Return: 0, or -EINVAL if @latency_us is too large.
 */
int sevl_swfw_set_latency(struct sevl_swfw *sw, u32 latency_us)
{
	unsigned long flags;

	if (latency_us > SEVL_SWFW_MAX_LATENCY_US)
		return -EINVAL;
	raw_spin_lock_irqsave(&sw->lock, flags);
	sw->latency_us = latency_us;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
	return 0;
}

/**
 * sevl_swfw_get_stats() - snapshot of the statistics
 * @sw: instance
 * @st: receives them
 */
void sevl_swfw_get_stats(struct sevl_swfw *sw, struct sevl_swfw_stats *st)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sw->lock, flags);
	*st = sw->stats;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
}

/* One statistic, read consistently with the registers. */
static u64 sevl_swfw_counter(struct sevl_swfw *sw, const u64 *counter)
{
	unsigned long flags;
	u64 ret;

	raw_spin_lock_irqsave(&sw->lock, flags);
	ret = *counter;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
	return ret;
}

/**
 * sevl_swfw_cmd_count() - number of commands completed
 * @sw: instance
 *
 * Counts every command that completed (set RESP), including those failed
 * by fault injection; not those still in flight, nor ignored writes.
 *
 * Return: the count.
 */
u64 sevl_swfw_cmd_count(struct sevl_swfw *sw)
{
	return sevl_swfw_counter(sw, &sw->stats.cmds);
}

SEVL_EXPORT_FOR_KUNIT(sevl_swfw_cmd_count);

/**
 * sevl_swfw_busy_writes() - number of ignored cmdresp writes
 * @sw: instance
 *
 * Return: how many times cmdresp was written while a command was in
 * flight (the write was ignored).
 */
u64 sevl_swfw_busy_writes(struct sevl_swfw *sw)
{
	return sevl_swfw_counter(sw, &sw->stats.busy_writes);
}

SEVL_EXPORT_FOR_KUNIT(sevl_swfw_busy_writes);

/**
 * sevl_swfw_transport() - the mailbox of an instance
 * @sw: instance
 *
 * Return: the transport a driver uses; valid until sevl_swfw_destroy().
 */
struct sevl_transport *sevl_swfw_transport(struct sevl_swfw *sw)
{
	return &sw->transport;
}

SEVL_EXPORT_FOR_KUNIT(sevl_swfw_transport);

static int sevl_swfw_fill_config(struct sevl_swfw_config *c,
				 const struct sevl_swfw_config *in)
{
	if (in)
		*c = *in;
	else
		memset(c, 0, sizeof(*c));
	if (!c->api_major)
		c->api_major = SEVL_SWFW_DEF_API_MAJOR;
	if (!c->api_minor)
		c->api_minor = SEVL_SWFW_DEF_API_MINOR;
	if (!c->build)
		c->build = SEVL_SWFW_DEF_BUILD;
	if (!c->nr_asids)
		c->nr_asids = SEVL_SWFW_DEF_NR_ASIDS;
	if (!c->min_sev_asid)
		c->min_sev_asid = min_t(u32, SEVL_SWFW_DEF_MIN_SEV_ASID,
					c->nr_asids + 1);
	if (c->nr_asids > SEVL_SWFW_MAX_ASIDS ||
	    c->min_sev_asid > c->nr_asids + 1 ||
	    c->latency_us > SEVL_SWFW_MAX_LATENCY_US)
		return -EINVAL;
	return 0;
}

/**
 * sevl_swfw_create() - create an emulated PSP in platform state UNINIT
 * @cfg: configuration, or NULL for the defaults.  Zero fields take the
 *	defaults of the module parameters (API 1.55, build 21, 509 ASIDs,
 *	plain SEV from ASID 100, no latency, no SEV-SNP), not their current
 *	values.
 *
 * The instance gets a debugfs directory under sev-swfw/ if the module's
 * debugfs root exists.
 *
 * Context: process context.
 * Return: the instance, or an ERR_PTR(): -EINVAL for an impossible
 * configuration (nr_asids above 4096, min_sev_asid above nr_asids + 1,
 * latency above 10 s),
 * -ENOMEM.
 */
struct sevl_swfw *sevl_swfw_create(const struct sevl_swfw_config *cfg)
{
	struct sevl_fw_params p = {};
	struct sevl_swfw *sw;
	int ret;

	sw = kzalloc(sizeof(*sw), GFP_KERNEL);
	if (!sw)
		return ERR_PTR(-ENOMEM);
	ret = sevl_swfw_fill_config(&sw->cfg, cfg);
	if (ret)
		goto err_free;

	raw_spin_lock_init(&sw->lock);
	init_waitqueue_head(&sw->hang_wq);
	INIT_WORK(&sw->work, sevl_swfw_work);
	/* Deliver in hard interrupt context, also on PREEMPT_RT. */
	sw->irq_work = IRQ_WORK_INIT_HARD(sevl_swfw_irq);
	sw->latency_us = sw->cfg.latency_us;

	sw->id = ida_alloc(&sevl_swfw_ida, GFP_KERNEL);
	if (sw->id < 0) {
		ret = sw->id;
		goto err_free;
	}
	sw->wq = alloc_ordered_workqueue("sev-swfw/%d", 0, sw->id);
	if (!sw->wq) {
		ret = -ENOMEM;
		goto err_ida;
	}

	p.api_major = sw->cfg.api_major;
	p.api_minor = sw->cfg.api_minor;
	p.build = sw->cfg.build;
	p.nr_asids = sw->cfg.nr_asids;
	p.min_sev_asid = sw->cfg.min_sev_asid;
	p.snp = sw->cfg.snp;
	p.mem = &sevl_swfw_mem_ops;
	sw->fw = sevl_fw_create(&p);
	if (IS_ERR(sw->fw)) {
		ret = PTR_ERR(sw->fw);
		goto err_wq;
	}

	sw->transport.ops = &sevl_swfw_transport_ops;
	sw->transport.regs = sevl_swfw_offsets;
	sw->transport.name = "swfw";
	sw->transport.nr_asids = sw->cfg.nr_asids;
	sw->transport.min_sev_asid = sw->cfg.min_sev_asid;
	sw->transport.snp = sw->cfg.snp ? SEVL_SNP_EMULATED : SEVL_SNP_NONE;
	sw->transport.priv = sw;

	sevl_swfw_debugfs_add(sw);
	return sw;

err_wq:
	destroy_workqueue(sw->wq);
err_ida:
	ida_free(&sevl_swfw_ida, sw->id);
err_free:
	kfree(sw);
	return ERR_PTR(ret);
}

SEVL_EXPORT_FOR_KUNIT(sevl_swfw_create);

/**
 * sevl_swfw_destroy() - destroy an emulated PSP
 * @sw: instance, or NULL
 *
 * Further cmdresp writes are ignored; a held command is released and
 * completes; the firmware is destroyed and its keys are zeroed.  The
 * driver must have freed its interrupt handler.
 *
 * Context: process context.
 */
void sevl_swfw_destroy(struct sevl_swfw *sw)
{
	unsigned long flags;

	if (!sw)
		return;
	sevl_swfw_debugfs_remove(sw);

	raw_spin_lock_irqsave(&sw->lock, flags);
	sw->dying = true;
	WARN_ON_ONCE(sw->handler);
	sw->handler = NULL;
	raw_spin_unlock_irqrestore(&sw->lock, flags);
	wake_up(&sw->hang_wq);
	destroy_workqueue(sw->wq);
	irq_work_sync(&sw->irq_work);

	sevl_fw_destroy(sw->fw);
	ida_free(&sevl_swfw_ida, sw->id);
	kfree(sw);
}

SEVL_EXPORT_FOR_KUNIT(sevl_swfw_destroy);
