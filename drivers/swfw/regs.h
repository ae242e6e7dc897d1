/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Software SEV firmware: one emulated PSP.  The mailbox register file of
 * regs.c in front of a firmware model (fw.h), its fault injection and its
 * statistics, which debugfs.c shows.
 */
#ifndef _SEVL_SWFW_REGS_H
#define _SEVL_SWFW_REGS_H

#include <linux/types.h>
#include <linux/irq_work.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <sev-launch/swfw.h>
#include <sev-launch/transport.h>

#include "fw.h"

/* Module defaults for zero fields of struct sevl_swfw_config. */
#define SEVL_SWFW_DEF_API_MAJOR		1
#define SEVL_SWFW_DEF_API_MINOR		55
#define SEVL_SWFW_DEF_BUILD		21
/*
 * ASIDs as an EPYC 7002/7003 platform reports them (CPUID 0x8000001F ECX =
 * 509) with the BIOS's SEV-ES ASID space limit at 100: SEV-ES guests use
 * 1..99, plain SEV guests 100..509.  Enough for a host's worth of
 * concurrent launches; the first EPYC generation offered only 15.
 */
#define SEVL_SWFW_DEF_NR_ASIDS		509
#define SEVL_SWFW_DEF_MIN_SEV_ASID	100
/* Largest nr_asids accepted: keeps the guest table below a megabyte. */
#define SEVL_SWFW_MAX_ASIDS		4096
/* Longest latency a command may be given: 10 s. */
#define SEVL_SWFW_MAX_LATENCY_US	10000000

/* Commands are counted per id below this, the rest together. */
#define SEVL_SWFW_COUNTED_CMDS		0x80

/**
 * struct sevl_swfw_stats - what an instance has done
 * @cmds: commands completed, including those failed by fault injection
 * @busy_writes: cmdresp writes ignored because a command was in flight
 * @irqs: completion interrupts delivered to a handler
 * @per_cmd: completed commands by id; [SEVL_SWFW_COUNTED_CMDS] counts the
 *	ids above
 */
struct sevl_swfw_stats {
	u64 cmds;
	u64 busy_writes;
	u64 irqs;
	u64 per_cmd[SEVL_SWFW_COUNTED_CMDS + 1];
};

/**
 * struct sevl_swfw - an emulated PSP: mailbox registers and firmware
 * @transport: what the PSP driver is given; @transport.priv points here
 * @fw: the firmware model
 * @cfg: configuration, defaults filled in
 * @id: instance number (debugfs directory name)
 * @lock: protects everything below up to @stats; a raw spinlock because
 *	registers are accessed from hard interrupt context, also on RT
 * @cmdresp: command/response register
 * @addr_lo: command buffer address, bits 31:0
 * @addr_hi: command buffer address, bits 63:32
 * @inten: interrupt enable register
 * @intsts: interrupt status register (write 1 to clear)
 * @busy: a command is in flight (written, not yet completed)
 * @dying: the instance is being destroyed; cmdresp writes are ignored
 * @cur_cmd: command id of the command in flight
 * @cur_buf: its command buffer address
 * @cur_ioc: it asked for an interrupt on completion
 * @cur_held: it started while @fault.hang was set
 * @cur_fail: fault injection fails it
 * @cur_fail_status: the status it then reports
 * @latency_us: time each command takes
 * @fault: fault injection settings; @fault.fail_nth counts down
 * @t_doorbell: ktime_get_ns() of the cmdresp write that started the
 *	command in flight (perf.c: dispatch latency)
 * @t_done: ktime_get_ns() of its completion (perf.c: interrupt latency)
 * @handler: interrupt handler registered by the driver, or NULL
 * @handler_data: its cookie
 * @stats: statistics
 * @wq: ordered workqueue that runs commands
 * @work: the command in flight
 * @hang_wq: a held command waits here until released
 * @irq_work: raises the completion interrupt in hard interrupt context
 * @dbg: debugfs directory, or NULL
 */
struct sevl_swfw {
	struct sevl_transport transport;
	struct sevl_fw *fw;
	struct sevl_swfw_config cfg;
	int id;

	raw_spinlock_t lock;
	u32 cmdresp;
	u32 addr_lo;
	u32 addr_hi;
	u32 inten;
	u32 intsts;
	bool busy;
	bool dying;
	u32 cur_cmd;
	u64 cur_buf;
	bool cur_ioc;
	bool cur_held;
	bool cur_fail;
	u16 cur_fail_status;
	u32 latency_us;
	struct sevl_swfw_fault fault;
	u64 t_doorbell;
	u64 t_done;
	irq_handler_t handler;
	void *handler_data;
	struct sevl_swfw_stats stats;

	struct workqueue_struct *wq;
	struct work_struct work;
	wait_queue_head_t hang_wq;
	struct irq_work irq_work;
	struct dentry *dbg;
};

extern const struct sevl_fw_mem_ops sevl_swfw_mem_ops;

void sevl_swfw_get_fault(struct sevl_swfw *sw, struct sevl_swfw_fault *fault);
u32 sevl_swfw_get_latency(struct sevl_swfw *sw);
int sevl_swfw_set_latency(struct sevl_swfw *sw, u32 latency_us);
void sevl_swfw_get_stats(struct sevl_swfw *sw, struct sevl_swfw_stats *st);

void sevl_swfw_debugfs_init(void);
void sevl_swfw_debugfs_exit(void);
void sevl_swfw_debugfs_add(struct sevl_swfw *sw);
void sevl_swfw_debugfs_remove(struct sevl_swfw *sw);

#endif /* _SEVL_SWFW_REGS_H */
