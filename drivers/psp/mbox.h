/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PSP mailbox: one SEV command/response register set reached through a
 * struct sevl_transport, and the table of firmware commands the driver
 * knows.  Internal to sev-psp; the mailbox functions are exported to the
 * SEV_LAUNCH_KUNIT namespace for tests/kunit/psp_mbox_test.c.
 */
#ifndef _SEVL_PSP_MBOX_H
#define _SEVL_PSP_MBOX_H

#include <linux/types.h>
#include <linux/completion.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <sev-launch/transport.h>

struct device;

/**
 * struct sevl_cmd_info - what the driver knows about one firmware command
 * @id: command id (SEVL_CMD_*)
 * @len: size of the command buffer in bytes, 0 for commands without one
 * @guest: the buffer starts with a guest handle (for tracing)
 * @name: short name for logs and debugfs
 */
struct sevl_cmd_info {
	u16 id;
	u8 len;
	bool guest;
	const char *name;
};

extern const struct sevl_cmd_info sevl_cmd_table[];
extern const unsigned int sevl_cmd_table_len;

const struct sevl_cmd_info *sevl_cmd_lookup(u32 id);

/* Latency histogram: bucket n counts commands that took [2^n, 2^(n+1)) ns. */
#define SEVL_MBOX_HIST_BUCKETS	40

/**
 * struct sevl_mbox_cmd_stats - per-command counters
 * @count: commands written to the mailbox
 * @errors: of those, completed with a non-zero firmware status
 * @timeouts: of those, not completed within the timeout
 * @refused: refused with -EBUSY because the mailbox was still busy
 * @total_ns: summed latency of completed commands
 * @max_ns: largest latency of a completed command
 */
struct sevl_mbox_cmd_stats {
	u64 count;
	u64 errors;
	u64 timeouts;
	u64 refused;
	u64 total_ns;
	u64 max_ns;
};

/**
 * struct sevl_mbox_stats - counters of one mailbox
 * @cmd: per command, indexed like sevl_cmd_table
 * @hist: latency histogram of completed commands (log2 ns buckets)
 * @timeouts: commands that timed out
 * @recoveries: late completions found when re-probing a stalled mailbox
 * @busy: commands refused because the mailbox was busy
 */
struct sevl_mbox_stats {
	struct sevl_mbox_cmd_stats cmd[64];
	u64 hist[SEVL_MBOX_HIST_BUCKETS];
	u64 timeouts;
	u64 recoveries;
	u64 busy;
};

/**
 * enum sevl_mbox_state - mailbox condition, as the driver last saw it
 * @SEVL_MBOX_UNUSED: no command was ever written
 * @SEVL_MBOX_IDLE: the last command completed
 * @SEVL_MBOX_STALLED: the last command timed out and its completion has
 *	not been seen yet; new commands are refused until it is
 */
enum sevl_mbox_state {
	SEVL_MBOX_UNUSED,
	SEVL_MBOX_IDLE,
	SEVL_MBOX_STALLED,
};

/**
 * struct sevl_mbox - one SEV mailbox
 * @t: transport (register access, interrupt)
 * @dev: device for log messages, may be NULL
 * @lock: held while a command is in flight; one command at a time
 * @cmd_buf: driver-owned page whose physical address the firmware gets
 * @done: completed by the interrupt handler
 * @irq: the completion interrupt is wired; otherwise the driver polls
 * @state: enum sevl_mbox_state
 * @probed: a command completed, so the long command timeout applies
 * @timeout_ms: per-mailbox timeout override (tests), 0 = module params
 * @last_cmd: id of the last command written
 * @last_status: its firmware status, or SEVL_FW_NOT_CALLED
 * @stats_lock: protects @stats
 * @stats: counters for debugfs
 * @late: struct sevl_psp_late taken for the outstanding timed-out command
 *	(late.c; protected by its lock)
 * @reap: while stalled, looks for the late completion without waiting for
 *	the next command (polled, and kicked by the completion interrupt)
 */
struct sevl_mbox {
	struct sevl_transport *t;
	struct device *dev;
	struct mutex lock;	/* one command in flight */
	void *cmd_buf;
	struct completion done;
	bool irq;
	u8 state;
	bool probed;
	unsigned int timeout_ms;
	u32 last_cmd;
	u32 last_status;
	spinlock_t stats_lock;	/* protects stats */
	struct sevl_mbox_stats stats;
	struct list_head late;
	struct delayed_work reap;
};

struct sevl_mbox *sevl_mbox_create(struct sevl_transport *t,
				   struct device *dev);
void sevl_mbox_destroy(struct sevl_mbox *mbox);
int sevl_mbox_cmd(struct sevl_mbox *mbox, u32 cmd, void *data,
		  u32 *fw_status);
void sevl_mbox_set_timeout(struct sevl_mbox *mbox, unsigned int ms);
void sevl_mbox_get_stats(struct sevl_mbox *mbox, struct sevl_mbox_stats *out);
enum sevl_mbox_state sevl_mbox_state(struct sevl_mbox *mbox);

/**
 * struct sevl_late_stats - descriptors taken by timed-out commands (late.c)
 * @taken: taken since boot
 * @released: released after a late completion
 * @kept: kept forever because their mailbox went away first
 * @held: taken and neither released nor kept yet
 */
struct sevl_late_stats {
	u64 taken;
	u64 released;
	u64 kept;
	u64 held;
};

void sevl_late_take(struct sevl_mbox *mbox, const void *data, u32 cmd);
void sevl_late_complete(struct sevl_mbox *mbox, u32 status, const void *buf,
			size_t len);
void sevl_late_dead(struct sevl_mbox *mbox);
void sevl_late_get_stats(struct sevl_late_stats *out);
void sevl_late_flush(void);

#endif /* _SEVL_PSP_MBOX_H */
