// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: debugfs.  /sys/kernel/debug/sev-psp/<device>/ holds
 *   mailbox   back end, interrupt or polling, mailbox condition, timeouts,
 *             recoveries, last command and status, memory kept for
 *             timed-out commands (late.c), platform state;
 *   commands  per command: issued, firmware errors, timeouts, refused
 *             while busy, mean and max latency;
 *   latency   histogram of command latencies in power-of-two buckets.
 */
#include <linux/kernel.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <sev-launch/psp.h>

#include "core.h"
#include "mbox.h"

static struct dentry *sevl_debugfs_root;

static const char *const sevl_mbox_state_names[] = {
	[SEVL_MBOX_UNUSED] = "unused",
	[SEVL_MBOX_IDLE] = "idle",
	[SEVL_MBOX_STALLED] = "stalled (timed out, waiting for completion)",
};

static int sevl_debugfs_mailbox_show(struct seq_file *m, void *v)
{
	struct sevl_psp *psp = m->private;
	struct sevl_mbox *mbox = psp->mbox;
	struct sevl_late_stats late;
	struct sevl_mbox_stats *st;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	sevl_mbox_get_stats(mbox, st);
	sevl_late_get_stats(&late);
	seq_printf(m, "backend:      %s\n", psp->t->name ?: "?");
	seq_printf(m, "completion:   %s\n", mbox->irq ? "interrupt" : "polling");
	seq_printf(m, "state:        %s\n",
		   sevl_mbox_state_names[sevl_mbox_state(mbox)]);
	seq_printf(m, "last_cmd:     %#x\n", READ_ONCE(mbox->last_cmd));
	seq_printf(m, "last_status:  %#x\n", READ_ONCE(mbox->last_status));
	seq_printf(m, "timeouts:     %llu\n", st->timeouts);
	seq_printf(m, "recoveries:   %llu\n", st->recoveries);
	seq_printf(m, "busy_refused: %llu\n", st->busy);
	/* Every mailbox together: memory kept for timed-out commands. */
	seq_printf(m, "late_held:    %llu\n", late.held);
	seq_printf(m, "late_freed:   %llu\n", late.released);
	seq_printf(m, "late_kept:    %llu\n", late.kept);
	seq_printf(m, "platform:     %s\n",
		   READ_ONCE(psp->state) == SEVL_PSTATE_UNINIT ?
		   "UNINIT" : "INIT");
	seq_printf(m, "api:          %u.%u build %u\n", psp->status.api_major,
		   psp->status.api_minor, psp->status.build);
	seq_printf(m, "asids:        %u-%u (SEV-ES 1-%u)\n", psp->min_sev_asid,
		   psp->nr_asids, psp->min_sev_asid ? psp->min_sev_asid - 1 : 0);
	kfree(st);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sevl_debugfs_mailbox);

static int sevl_debugfs_commands_show(struct seq_file *m, void *v)
{
	struct sevl_psp *psp = m->private;
	struct sevl_mbox_stats *st;
	unsigned int i;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	sevl_mbox_get_stats(psp->mbox, st);
	seq_printf(m, "%-5s %-21s %10s %8s %8s %8s %12s %12s\n", "id", "name",
		   "count", "errors", "timeouts", "refused", "mean_ns",
		   "max_ns");
	for (i = 0; i < sevl_cmd_table_len; i++) {
		const struct sevl_mbox_cmd_stats *cs = &st->cmd[i];
		u64 done = cs->count - cs->timeouts;

		seq_printf(m, "%#5x %-21s %10llu %8llu %8llu %8llu %12llu %12llu\n",
			   sevl_cmd_table[i].id, sevl_cmd_table[i].name,
			   cs->count, cs->errors, cs->timeouts, cs->refused,
			   done ? div64_u64(cs->total_ns, done) : 0,
			   cs->max_ns);
	}
	kfree(st);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sevl_debugfs_commands);

static int sevl_debugfs_latency_show(struct seq_file *m, void *v)
{
	struct sevl_psp *psp = m->private;
	struct sevl_mbox_stats *st;
	unsigned int i;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	sevl_mbox_get_stats(psp->mbox, st);
	seq_puts(m, "# latency_ns >= bucket start, < twice that; count\n");
	for (i = 0; i < SEVL_MBOX_HIST_BUCKETS; i++)
		if (st->hist[i])
			seq_printf(m, "%llu %llu\n", i ? 1ULL << i : 0,
				   st->hist[i]);
	kfree(st);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sevl_debugfs_latency);

/**
 * sevl_psp_debugfs_add() - create the debugfs directory of a platform
 * @psp: platform
 */
void sevl_psp_debugfs_add(struct sevl_psp *psp)
{
	if (!sevl_debugfs_root)
		return;
	psp->debugfs = debugfs_create_dir(dev_name(psp->dev),
					  sevl_debugfs_root);
	debugfs_create_file("mailbox", 0400, psp->debugfs, psp,
			    &sevl_debugfs_mailbox_fops);
	debugfs_create_file("commands", 0400, psp->debugfs, psp,
			    &sevl_debugfs_commands_fops);
	debugfs_create_file("latency", 0400, psp->debugfs, psp,
			    &sevl_debugfs_latency_fops);
}

/**
 * sevl_psp_debugfs_remove() - remove it; open files are drained first
 * @psp: platform
 */
void sevl_psp_debugfs_remove(struct sevl_psp *psp)
{
	debugfs_remove(psp->debugfs);
	psp->debugfs = NULL;
}

/* Pages given up on the emulated SNP platform (rmp.c), for tests. */
static int sevl_psp_leaked_get(void *data, u64 *val)
{
	*val = sevl_psp_snp_leaked();
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(sevl_psp_leaked_fops, sevl_psp_leaked_get, NULL,
			 "%llu\n");

/**
 * sevl_psp_debugfs_init() - create /sys/kernel/debug/sev-psp
 */
void sevl_psp_debugfs_init(void)
{
	sevl_debugfs_root = debugfs_create_dir("sev-psp", NULL);
	if (IS_ERR(sevl_debugfs_root)) {
		sevl_debugfs_root = NULL;
		return;
	}
	debugfs_create_file_unsafe("snp_leaked_pages", 0444, sevl_debugfs_root,
				   NULL, &sevl_psp_leaked_fops);
}

/**
 * sevl_psp_debugfs_exit() - remove /sys/kernel/debug/sev-psp
 */
void sevl_psp_debugfs_exit(void)
{
	debugfs_remove(sevl_debugfs_root);
	sevl_debugfs_root = NULL;
}
