// SPDX-License-Identifier: GPL-2.0
/*
 * Read-only debugfs views of the software firmware's SNP model:
 *
 *	/sys/kernel/debug/sev-swfw/<n>/snp/
 *		ark.der		emulator SNP ARK certificate (DER)
 *		ask.der		emulator SNP ASK certificate
 *		vcek.der	VCEK certificate of this chip at its reported TCB
 *		guests		one line per SNP guest context the firmware holds
 *		rmp_summary	pages per RMP state, assigned pages per ASID
 *
 * guests and rmp_summary are EMULATOR-ONLY test views: they show what
 * real firmware keeps to itself (launch digests of guests still launching,
 * the RMP's contents), so that tests can learn the digest a KVM-launched
 * guest reached and check that no page stays assigned after a refusal.
 * The formats are in Documentation/snp.rst ("Test hooks").
 */
#include <linux/kernel.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sev-launch.h>

#include "fw.h"
#include "snp_report.h"
#include "snp_debugfs.h"

/* ark.der, ask.der, vcek.der: built when read. */
enum { SEVL_SNP_CERT_ARK, SEVL_SNP_CERT_ASK, SEVL_SNP_CERT_VCEK };

static ssize_t sevl_snp_cert_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos, int which)
{
	struct sevl_fw *fw = file->private_data;
	u8 chip_id[SEVL_SNP_CHIP_ID_LEN];
	size_t len;
	ssize_t ret;
	u64 tcb;
	u8 *buf;

	buf = kmalloc(SEVL_SNP_CERT_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (which == SEVL_SNP_CERT_ARK) {
		ret = sevl_snp_ark_cert(buf, SEVL_SNP_CERT_MAX, &len);
	} else if (which == SEVL_SNP_CERT_ASK) {
		ret = sevl_snp_ask_cert(buf, SEVL_SNP_CERT_MAX, &len);
	} else {
		mutex_lock(&fw->lock);
		memcpy(chip_id, fw->snp.chip_id, sizeof(chip_id));
		tcb = fw->snp.reported_tcb;
		mutex_unlock(&fw->lock);
		ret = sevl_snp_vcek_cert(chip_id, tcb, buf, SEVL_SNP_CERT_MAX,
					 &len);
	}
	if (!ret)
		ret = simple_read_from_buffer(ubuf, count, ppos, buf, len);
	kfree(buf);
	return ret;
}

#define SEVL_SNP_CERT_FOPS(name, which)					\
static ssize_t sevl_snp_##name##_read(struct file *file,		\
				      char __user *ubuf, size_t count,	\
				      loff_t *ppos)			\
{									\
	return sevl_snp_cert_read(file, ubuf, count, ppos, which);	\
}									\
static const struct file_operations sevl_snp_##name##_fops = {		\
	.owner = THIS_MODULE,						\
	.open = simple_open,						\
	.read = sevl_snp_##name##_read,					\
	.llseek = default_llseek,					\
}

SEVL_SNP_CERT_FOPS(ark, SEVL_SNP_CERT_ARK);
SEVL_SNP_CERT_FOPS(ask, SEVL_SNP_CERT_ASK);
SEVL_SNP_CERT_FOPS(vcek, SEVL_SNP_CERT_VCEK);

static const char *sevl_snp_gstate_name(u8 state)
{
	switch (state) {
	case SEVL_SNP_GSTATE_INIT:
		return "init";
	case SEVL_SNP_GSTATE_LAUNCH:
		return "launch";
	case SEVL_SNP_GSTATE_RUNNING:
		return "running";
	}
	return "unknown";
}

/*
 * guests: "gctx 0x<pa> asid <n> state <s> policy 0x<p> ld <96 hex>
 * host_data <64 hex>", in guest context address order.
 */
static int sevl_snp_guests_show(struct seq_file *m, void *v)
{
	struct sevl_fw *fw = m->private;
	struct sevl_snp_guest *g;
	unsigned long idx;

	mutex_lock(&fw->lock);
	xa_for_each(&fw->snp.guests, idx, g)
		seq_printf(m, "gctx 0x%llx asid %u state %s policy 0x%llx ld %*phN host_data %*phN\n",
			   g->gctx_pa, g->asid, sevl_snp_gstate_name(g->state),
			   g->policy, (int)sizeof(g->ld), g->ld,
			   (int)sizeof(g->host_data), g->host_data);
	mutex_unlock(&fw->lock);
	return 0;
}

DEFINE_SHOW_ATTRIBUTE(sevl_snp_guests);

static const char * const sevl_snp_rmp_names[] = {
	[SEVL_RMP_HYPERVISOR] = NULL,	/* not counted */
	[SEVL_RMP_HV_FIXED] = "hv_fixed",
	[SEVL_RMP_FIRMWARE] = "firmware",
	[SEVL_RMP_RECLAIM] = "reclaim",
	[SEVL_RMP_CONTEXT] = "context",
	[SEVL_RMP_PRE_GUEST] = "pre_guest",
	[SEVL_RMP_GUEST_INVALID] = "guest_invalid",
	[SEVL_RMP_GUEST_VALID] = "guest_valid",
};

/*
 * rmp_summary: "<state> <pages>" for every state but Hypervisor, "vmsa
 * <pages>", then "asid <n> <pages>" for each ASID that has pages assigned.
 */
static int sevl_snp_rmp_summary_show(struct seq_file *m, void *v)
{
	struct sevl_fw *fw = m->private;
	struct sevl_snp_rmp_count c;
	u64 *per_asid;
	u32 i;

	per_asid = kcalloc(fw->p.nr_asids + 1, sizeof(*per_asid), GFP_KERNEL);
	if (!per_asid)
		return -ENOMEM;
	sevl_snp_rmp_count(fw, &c, per_asid);
	for (i = 0; i < ARRAY_SIZE(sevl_snp_rmp_names); i++)
		if (sevl_snp_rmp_names[i])
			seq_printf(m, "%s %llu\n", sevl_snp_rmp_names[i],
				   c.pages[i]);
	seq_printf(m, "vmsa %llu\n", c.vmsa);
	for (i = 1; i <= fw->p.nr_asids; i++)
		if (per_asid[i])
			seq_printf(m, "asid %u %llu\n", i, per_asid[i]);
	kfree(per_asid);
	return 0;
}

DEFINE_SHOW_ATTRIBUTE(sevl_snp_rmp_summary);

/**
 * sevl_snp_debugfs_views() - create the read-only files of <instance>/snp/
 * @dir: the snp/ directory
 * @fw: the instance's firmware; outlives @dir
 */
void sevl_snp_debugfs_views(struct dentry *dir, struct sevl_fw *fw)
{
	debugfs_create_file("ark.der", 0444, dir, fw, &sevl_snp_ark_fops);
	debugfs_create_file("ask.der", 0444, dir, fw, &sevl_snp_ask_fops);
	debugfs_create_file("vcek.der", 0444, dir, fw, &sevl_snp_vcek_fops);
	debugfs_create_file("guests", 0444, dir, fw, &sevl_snp_guests_fops);
	debugfs_create_file("rmp_summary", 0444, dir, fw,
			    &sevl_snp_rmp_summary_fops);
}
