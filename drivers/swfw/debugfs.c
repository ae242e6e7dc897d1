// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: debugfs.
 *
 * /sys/kernel/debug/sev-swfw/<instance>/ holds
 *
 *	latency_us	rw  time each command takes
 *	fail_nth	rw  fail the Nth command from now (counts down), 0 = off
 *	fail_cmd	rw  fail every command with this id, 0 = off
 *	fail_status	rw  SEV status such a failed command reports
 *	hang		rw  1: hold commands that start; 0: release them
 *	hang_cmd	rw  hang holds only commands with this id, 0 = all
 *	api_version	ro  firmware API version reported ("major.minor")
 *	build		ro  firmware build id reported
 *	nr_asids	ro  highest ASID
 *	min_sev_asid	ro  first plain-SEV ASID
 *	busy_writes	ro  cmdresp writes ignored while a command ran
 *	cmd_counts	ro  completed commands, by name
 *	registers	ro  the mailbox registers
 *	platform	ro  platform state, ASIDs and the guest table (no keys)
 */
#include <linux/kernel.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/sev-launch.h>

#include "regs.h"
#include "snp_debugfs.h"

static struct dentry *sevl_swfw_dbg_root;

enum sevl_swfw_knob {
	SEVL_KNOB_LATENCY,
	SEVL_KNOB_FAIL_NTH,
	SEVL_KNOB_FAIL_CMD,
	SEVL_KNOB_FAIL_STATUS,
	SEVL_KNOB_HANG,
	SEVL_KNOB_HANG_CMD,
};

static int sevl_swfw_knob_get(struct sevl_swfw *sw, enum sevl_swfw_knob k,
			      u64 *val)
{
	struct sevl_swfw_fault f;

	sevl_swfw_get_fault(sw, &f);
	switch (k) {
	case SEVL_KNOB_LATENCY:
		*val = sevl_swfw_get_latency(sw);
		break;
	case SEVL_KNOB_FAIL_NTH:
		*val = f.fail_nth;
		break;
	case SEVL_KNOB_FAIL_CMD:
		*val = f.fail_cmd;
		break;
	case SEVL_KNOB_FAIL_STATUS:
		*val = f.fail_status;
		break;
	case SEVL_KNOB_HANG:
		*val = f.hang;
		break;
	case SEVL_KNOB_HANG_CMD:
		*val = f.hang_cmd;
		break;
	}
	return 0;
}

/*
 * Read-modify-write of the fault settings; a concurrent writer of another
 * knob may lose its update, which is acceptable for a debugging knob.
 */
static int sevl_swfw_knob_set(struct sevl_swfw *sw, enum sevl_swfw_knob k,
			      u64 val)
{
	struct sevl_swfw_fault f;

	if (k == SEVL_KNOB_LATENCY)
		return val > U32_MAX ? -EINVAL :
				       sevl_swfw_set_latency(sw, val);

	sevl_swfw_get_fault(sw, &f);
	switch (k) {
	case SEVL_KNOB_FAIL_NTH:
		if (val > U32_MAX)
			return -EINVAL;
		f.fail_nth = val;
		break;
	case SEVL_KNOB_FAIL_CMD:
		if (val >= SEVL_CMD_MAX)
			return -EINVAL;
		f.fail_cmd = val;
		break;
	case SEVL_KNOB_FAIL_STATUS:
		if (val > U16_MAX)
			return -EINVAL;
		f.fail_status = val;
		break;
	case SEVL_KNOB_HANG:
		if (val > 1)
			return -EINVAL;
		f.hang = val;
		break;
	case SEVL_KNOB_HANG_CMD:
		if (val >= SEVL_CMD_MAX)
			return -EINVAL;
		f.hang_cmd = val;
		break;
	default:
		return -EINVAL;
	}
	sevl_swfw_set_fault(sw, &f);
	return 0;
}

#define SEVL_SWFW_KNOB(name, k)						\
static int sevl_swfw_##name##_get(void *data, u64 *val)		\
{									\
	return sevl_swfw_knob_get(data, SEVL_KNOB_##k, val);		\
}									\
static int sevl_swfw_##name##_set(void *data, u64 val)			\
{									\
	return sevl_swfw_knob_set(data, SEVL_KNOB_##k, val);		\
}									\
DEFINE_DEBUGFS_ATTRIBUTE(sevl_swfw_##name##_fops, sevl_swfw_##name##_get, \
			 sevl_swfw_##name##_set, "%llu\n")

SEVL_SWFW_KNOB(latency, LATENCY);
SEVL_SWFW_KNOB(fail_nth, FAIL_NTH);
SEVL_SWFW_KNOB(fail_cmd, FAIL_CMD);
SEVL_SWFW_KNOB(fail_status, FAIL_STATUS);
SEVL_SWFW_KNOB(hang, HANG);
SEVL_SWFW_KNOB(hang_cmd, HANG_CMD);

static int sevl_swfw_busy_writes_get(void *data, u64 *val)
{
	*val = sevl_swfw_busy_writes(data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sevl_swfw_busy_writes_fops,
			 sevl_swfw_busy_writes_get, NULL, "%llu\n");

static int sevl_swfw_api_version_show(struct seq_file *m, void *v)
{
	struct sevl_swfw *sw = m->private;

	seq_printf(m, "%u.%u\n", sw->cfg.api_major, sw->cfg.api_minor);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sevl_swfw_api_version);

#define SEVL_CMD_NAME(c)	{ SEVL_CMD_##c, #c }

static const struct {
	u16 id;
	const char *name;
} sevl_swfw_cmd_names[] = {
	SEVL_CMD_NAME(INIT), SEVL_CMD_NAME(SHUTDOWN),
	SEVL_CMD_NAME(FACTORY_RESET), SEVL_CMD_NAME(PLATFORM_STATUS),
	SEVL_CMD_NAME(PEK_GEN), SEVL_CMD_NAME(PEK_CSR),
	SEVL_CMD_NAME(PEK_CERT_IMPORT), SEVL_CMD_NAME(PDH_CERT_EXPORT),
	SEVL_CMD_NAME(PDH_GEN), SEVL_CMD_NAME(DF_FLUSH),
	SEVL_CMD_NAME(DOWNLOAD_FIRMWARE), SEVL_CMD_NAME(GET_ID),
	SEVL_CMD_NAME(INIT_EX), SEVL_CMD_NAME(DECOMMISSION),
	SEVL_CMD_NAME(ACTIVATE), SEVL_CMD_NAME(DEACTIVATE),
	SEVL_CMD_NAME(GUEST_STATUS), SEVL_CMD_NAME(LAUNCH_START),
	SEVL_CMD_NAME(LAUNCH_UPDATE_DATA), SEVL_CMD_NAME(LAUNCH_UPDATE_VMSA),
	SEVL_CMD_NAME(LAUNCH_MEASURE), SEVL_CMD_NAME(LAUNCH_UPDATE_SECRET),
	SEVL_CMD_NAME(LAUNCH_FINISH), SEVL_CMD_NAME(ATTESTATION_REPORT),
	SEVL_CMD_NAME(DBG_DECRYPT), SEVL_CMD_NAME(DBG_ENCRYPT),
};

/* One line per named command, then the total of every other id. */
static int sevl_swfw_cmd_counts_show(struct seq_file *m, void *v)
{
	struct sevl_swfw_stats *st;
	u64 other;
	u32 i;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	sevl_swfw_get_stats(m->private, st);
	/* Every id is counted once: named ones are taken out of "other". */
	other = st->cmds;
	for (i = 0; i < ARRAY_SIZE(sevl_swfw_cmd_names); i++) {
		u16 id = sevl_swfw_cmd_names[i].id;

		seq_printf(m, "%-20s %llu\n", sevl_swfw_cmd_names[i].name,
			   st->per_cmd[id]);
		other -= st->per_cmd[id];
	}
	seq_printf(m, "%-20s %llu\n", "other", other);
	seq_printf(m, "%-20s %llu\n", "total", st->cmds);
	seq_printf(m, "%-20s %llu\n", "interrupts", st->irqs);
	kfree(st);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sevl_swfw_cmd_counts);

static int sevl_swfw_registers_show(struct seq_file *m, void *v)
{
	struct sevl_swfw *sw = m->private;
	struct sevl_transport *t = &sw->transport;
	const struct sevl_mbox_regs *r = &t->regs;
	const struct {
		const char *name;
		u32 off;
	} regs[] = {
		{ "cmdresp", r->cmdresp },
		{ "cmdbuff_addr_lo", r->cmdbuff_addr_lo },
		{ "cmdbuff_addr_hi", r->cmdbuff_addr_hi },
		{ "feature", r->feature },
		{ "inten", r->inten },
		{ "intsts", r->intsts },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(regs); i++)
		seq_printf(m, "%-16s 0x%05x 0x%08x\n", regs[i].name,
			   regs[i].off, t->ops->read(t, regs[i].off));
	return 0;
}

DEFINE_SHOW_ATTRIBUTE(sevl_swfw_registers);

static const char *sevl_swfw_pstate_name(u8 state)
{
	switch (state) {
	case SEVL_PSTATE_UNINIT:
		return "UNINIT";
	case SEVL_PSTATE_INIT:
		return "INIT";
	case SEVL_PSTATE_WORKING:
		return "WORKING";
	}
	return "?";
}

static const char *sevl_swfw_gstate_name(u8 state)
{
	static const char * const names[] = {
		[SEV_LAUNCH_GSTATE_UNINIT] = "UNINIT",
		[SEV_LAUNCH_GSTATE_LUPDATE] = "LUPDATE",
		[SEV_LAUNCH_GSTATE_LSECRET] = "LSECRET",
		[SEV_LAUNCH_GSTATE_RUNNING] = "RUNNING",
		[SEV_LAUNCH_GSTATE_SUPDATE] = "SUPDATE",
		[SEV_LAUNCH_GSTATE_RUPDATE] = "RUPDATE",
		[SEV_LAUNCH_GSTATE_SENT] = "SENT",
	};

	return state < ARRAY_SIZE(names) && names[state] ? names[state] : "?";
}

/* Platform and guest table, read under the firmware's command lock. */
static int sevl_swfw_platform_show(struct seq_file *m, void *v)
{
	struct sevl_swfw *sw = m->private;
	struct sevl_fw *fw = sw->fw;
	u32 i, n[SEVL_ASID_IN_USE + 1] = {};

	mutex_lock(&fw->lock);
	seq_printf(m, "state        %s\n", sevl_swfw_pstate_name(fw->state));
	seq_printf(m, "owner        %s\n",
		   fw->ident.ext_owned ? "external" : "self");
	seq_printf(m, "es           %u\n",
		   !!(fw->config_flags & SEVL_INIT_FLAGS_ES));
	seq_printf(m, "guest_count  %u\n", fw->guest_count);
	for (i = 0; i < fw->p.nr_asids; i++)
		if (fw->asids[i] < ARRAY_SIZE(n))
			n[fw->asids[i]]++;
	seq_printf(m, "asids        dirty %u clean %u allocated %u in_use %u\n",
		   n[SEVL_ASID_DIRTY], n[SEVL_ASID_CLEAN],
		   n[SEVL_ASID_ALLOCATED], n[SEVL_ASID_IN_USE]);
	seq_puts(m, "handle policy     asid state\n");
	for (i = 0; i < fw->p.max_guests; i++) {
		struct sevl_fw_guest *g = &fw->guests[i];

		if (!g->handle)
			continue;
		seq_printf(m, "%6u 0x%08x %4u %s\n", g->handle, g->policy,
			   g->asid, sevl_swfw_gstate_name(g->state));
	}
	mutex_unlock(&fw->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sevl_swfw_platform);

/**
 * sevl_swfw_debugfs_add() - create the debugfs directory of an instance
 * @sw: instance
 *
 * Does nothing when the sev-swfw root does not exist (no debugfs).
 */
void sevl_swfw_debugfs_add(struct sevl_swfw *sw)
{
	struct dentry *d;
	char name[16];

	if (IS_ERR_OR_NULL(sevl_swfw_dbg_root))
		return;
	snprintf(name, sizeof(name), "%d", sw->id);
	d = debugfs_create_dir(name, sevl_swfw_dbg_root);
	if (IS_ERR(d))
		return;
	sw->dbg = d;

	debugfs_create_file_unsafe("latency_us", 0600, d, sw,
				   &sevl_swfw_latency_fops);
	debugfs_create_file_unsafe("fail_nth", 0600, d, sw,
				   &sevl_swfw_fail_nth_fops);
	debugfs_create_file_unsafe("fail_cmd", 0600, d, sw,
				   &sevl_swfw_fail_cmd_fops);
	debugfs_create_file_unsafe("fail_status", 0600, d, sw,
				   &sevl_swfw_fail_status_fops);
	debugfs_create_file_unsafe("hang", 0600, d, sw, &sevl_swfw_hang_fops);
	debugfs_create_file_unsafe("hang_cmd", 0600, d, sw,
				   &sevl_swfw_hang_cmd_fops);
	debugfs_create_file_unsafe("busy_writes", 0400, d, sw,
				   &sevl_swfw_busy_writes_fops);
	debugfs_create_file("api_version", 0400, d, sw,
			    &sevl_swfw_api_version_fops);
	debugfs_create_u8("build", 0400, d, &sw->cfg.build);
	debugfs_create_u32("nr_asids", 0400, d, &sw->cfg.nr_asids);
	debugfs_create_u32("min_sev_asid", 0400, d, &sw->cfg.min_sev_asid);
	debugfs_create_file("cmd_counts", 0400, d, sw,
			    &sevl_swfw_cmd_counts_fops);
	debugfs_create_file("registers", 0400, d, sw,
			    &sevl_swfw_registers_fops);
	debugfs_create_file("platform", 0400, d, sw,
			    &sevl_swfw_platform_fops);
	sevl_snp_debugfs_add(sw);
}

/**
 * sevl_swfw_debugfs_remove() - remove the debugfs directory of an instance
 * @sw: instance
 *
 * On return no debugfs file of @sw is being accessed.
 */
void sevl_swfw_debugfs_remove(struct sevl_swfw *sw)
{
	sevl_snp_debugfs_remove(sw);
	debugfs_remove_recursive(sw->dbg);
	sw->dbg = NULL;
}

/**
 * sevl_swfw_debugfs_init() - create /sys/kernel/debug/sev-swfw
 */
void sevl_swfw_debugfs_init(void)
{
	sevl_swfw_dbg_root = debugfs_create_dir("sev-swfw", NULL);
}

/**
 * sevl_swfw_debugfs_exit() - remove /sys/kernel/debug/sev-swfw
 *
 * Every instance must have been destroyed.
 */
void sevl_swfw_debugfs_exit(void)
{
	debugfs_remove_recursive(sevl_swfw_dbg_root);
	sevl_swfw_dbg_root = NULL;
}
