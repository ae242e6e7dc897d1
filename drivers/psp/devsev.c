// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: /dev/sev, upstream's SEV_ISSUE_CMD platform interface.
 *
 * Numbers, layouts and the length-probing protocol are upstream's.  The
 * differences, all documented in Documentation/psp.rst:
 *  - commands that change platform state need the file opened for writing
 *    AND CAP_SYS_ADMIN (upstream checks only the open mode);
 *  - GET_ID2 output is bounded at 16 KiB like the other blobs;
 *  - firmware failures get the errno of sevl_psp_status_errno() rather than
 *    always -EIO; sev_issue_cmd.error carries the firmware status either
 *    way, and 0 when the firmware was not called.
 * SNP_COMMIT, as upstream, needs no privilege at all.
 *
 * Firmware only ever sees kernel memory: user input is copied into kernel
 * bounce buffers, whose physical addresses go into the command buffer, and
 * results are copied out afterwards.  There is no per-file state; an ioctl
 * holds its own file reference, so a close during a command changes
 * nothing.  Commands that may change the platform state hold the
 * platform's state lock for the whole INIT/command/SHUTDOWN sequence.
 */
#include <linux/kernel.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/mem_encrypt.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/sev-launch.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <sev-launch/psp.h>

#include "core.h"
#include "mbox.h"

/* Upstream's SEV_FW_BLOB_MAX_SIZE. */
#define SEVL_DEV_BLOB_MAX	SZ_16K

/*
 * The bounce buffers of one command.  If the command times out, the
 * firmware may still write them: they go to the PSP's late-release list
 * (late.c) and are freed once it is done, or kept forever if it never is.
 */
struct sevl_dev_late {
	struct sevl_psp_late late;
	void *blob[2];
};

static void sevl_dev_late_release(struct sevl_psp_late *late)
{
	struct sevl_dev_late *dl = container_of(late, struct sevl_dev_late,
						late);

	kfree(dl->blob[0]);
	kfree(dl->blob[1]);
	kfree(dl);
}

/* Armed for command buffer @data; NULL if out of memory. */
static struct sevl_dev_late *sevl_dev_late_arm(const void *data)
{
	struct sevl_dev_late *dl = kzalloc(sizeof(*dl), GFP_KERNEL);

	if (!dl)
		return NULL;
	dl->late.release = sevl_dev_late_release;
	dl->late.owner = THIS_MODULE;
	dl->late.keep = dl;
	sevl_psp_late_arm(&dl->late, data);
	return dl;
}

/* After the command: free @a and @b now, or when the firmware is done. */
static void sevl_dev_late_done(struct sevl_dev_late *dl, void *a, void *b)
{
	if (sevl_psp_late_disarm(&dl->late)) {
		pr_warn_ratelimited("sev-psp: a timed-out command keeps its buffers until it completes\n");
		dl->blob[0] = a;
		dl->blob[1] = b;
		sevl_psp_late_submit(&dl->late);
		return;
	}
	kfree(a);
	kfree(b);
	kfree(dl);
}

static u64 sevl_dev_pa(void *blob)
{
	return blob ? __sme_pa(blob) : 0;
}

/* Output buffer: at most 16 KiB, a valid user range, zeroed kernel copy. */
static void *sevl_dev_out_blob(u64 uaddr, u32 len)
{
	if (len > SEVL_DEV_BLOB_MAX ||
	    !access_ok(u64_to_user_ptr(uaddr), len))
		return ERR_PTR(-EFAULT);
	return kzalloc(len, GFP_KERNEL) ?: ERR_PTR(-ENOMEM);
}

/* Input blob: 1..16 KiB copied from user memory (upstream's rules). */
static void *sevl_dev_in_blob(u64 uaddr, u32 len)
{
	if (!uaddr || !len || len > SEVL_DEV_BLOB_MAX)
		return ERR_PTR(-EINVAL);
	return memdup_user(u64_to_user_ptr(uaddr), len);
}

/*
 * Issue @cmd under the state lock, bringing an UNINIT platform to INIT for
 * it and back afterwards, as upstream does; @may_init false refuses an
 * UNINIT platform with -EPERM instead.  Returns the error of that INIT, with
 * *@cmd_ret 0, or 0 with the command's result in *@cmd_ret.
 */
static int sevl_dev_cmd_init(struct sevl_psp *psp, u32 cmd, void *data,
			     bool may_init, int *cmd_ret, u32 *fw)
{
	bool up = false;
	int ret = 0;

	*cmd_ret = 0;
	mutex_lock(&psp->state_lock);
	if (psp->state == SEVL_PSTATE_UNINIT) {
		ret = may_init ? sevl_psp_init_locked(psp, fw) : -EPERM;
		up = !ret;
	}
	if (!ret)
		*cmd_ret = sevl_psp_do_cmd(psp, cmd, data, fw);
	if (up)
		sevl_psp_shutdown_locked(psp, NULL);
	mutex_unlock(&psp->state_lock);
	return ret;
}

static int sevl_dev_platform_status(struct sevl_psp *psp, u64 uaddr,
				    bool priv, u32 *fw)
{
	struct sevl_fw_platform_status st = {};
	int ret;

	/* Never report the temporary INIT of another caller's command. */
	mutex_lock(&psp->state_lock);
	ret = sevl_psp_do_cmd(psp, SEVL_CMD_PLATFORM_STATUS, &st, fw);
	mutex_unlock(&psp->state_lock);
	if (ret)
		return ret;
	if (copy_to_user(u64_to_user_ptr(uaddr), &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

static int sevl_dev_gen(struct sevl_psp *psp, u32 cmd, u32 *fw)
{
	int cret;

	return sevl_dev_cmd_init(psp, cmd, NULL, true, &cret, fw) ?: cret;
}

static int sevl_dev_pek_gen(struct sevl_psp *psp, u64 uaddr, bool priv,
			    u32 *fw)
{
	return sevl_dev_gen(psp, SEVL_CMD_PEK_GEN, fw);
}

static int sevl_dev_pdh_gen(struct sevl_psp *psp, u64 uaddr, bool priv,
			    u32 *fw)
{
	return sevl_dev_gen(psp, SEVL_CMD_PDH_GEN, fw);
}

static int sevl_dev_factory_reset(struct sevl_psp *psp, u64 uaddr,
				  bool priv, u32 *fw)
{
	u8 pstate;
	int ret;

	mutex_lock(&psp->state_lock);
	ret = sevl_psp_sync_state(psp, &pstate, fw);
	if (!ret && pstate == SEVL_PSTATE_WORKING)
		ret = -EBUSY;		/* guests are running */
	if (!ret)
		ret = sevl_psp_shutdown_locked(psp, fw);
	if (!ret)
		ret = sevl_psp_do_cmd(psp, SEVL_CMD_FACTORY_RESET, NULL, fw);
	mutex_unlock(&psp->state_lock);
	return ret;
}

static int sevl_dev_pek_csr(struct sevl_psp *psp, u64 uaddr, bool priv,
			    u32 *fw)
{
	struct sev_user_data_pek_csr in;
	struct sevl_fw_addr_len data = {};
	struct sevl_dev_late *dl;
	void *blob = NULL;
	int ret, cret;
	u32 cap;

	if (copy_from_user(&in, u64_to_user_ptr(uaddr), sizeof(in)))
		return -EFAULT;
	cap = in.length;
	if (in.address && in.length) {
		blob = sevl_dev_out_blob(in.address, in.length);
		if (IS_ERR(blob))
			return PTR_ERR(blob);
		data.address = sevl_dev_pa(blob);
		data.len = in.length;
	}
	dl = sevl_dev_late_arm(&data);
	if (!dl) {
		kfree(blob);
		return -ENOMEM;
	}

	ret = sevl_dev_cmd_init(psp, SEVL_CMD_PEK_CSR, &data, true, &cret, fw);
	if (ret)
		goto out;
	ret = cret;

	/* The length the firmware wants or wrote goes back, even on error. */
	in.length = data.len;
	if (copy_to_user(u64_to_user_ptr(uaddr), &in, sizeof(in))) {
		ret = -EFAULT;
		goto out;
	}
	if (!ret && blob &&
	    copy_to_user(u64_to_user_ptr(in.address), blob,
			 min(data.len, cap)))
		ret = -EFAULT;
out:
	sevl_dev_late_done(dl, blob, NULL);
	return ret;
}

static int sevl_dev_pek_cert_import(struct sevl_psp *psp, u64 uaddr,
				    bool priv, u32 *fw)
{
	struct sev_user_data_pek_cert_import in;
	struct sevl_fw_pek_cert_import data = {};
	struct sevl_dev_late *dl;
	void *pek, *oca;
	int ret, cret;

	if (copy_from_user(&in, u64_to_user_ptr(uaddr), sizeof(in)))
		return -EFAULT;
	pek = sevl_dev_in_blob(in.pek_cert_address, in.pek_cert_len);
	if (IS_ERR(pek))
		return PTR_ERR(pek);
	oca = sevl_dev_in_blob(in.oca_cert_address, in.oca_cert_len);
	if (IS_ERR(oca)) {
		kfree(pek);
		return PTR_ERR(oca);
	}
	data.pek_cert_address = sevl_dev_pa(pek);
	data.pek_cert_len = in.pek_cert_len;
	data.oca_cert_address = sevl_dev_pa(oca);
	data.oca_cert_len = in.oca_cert_len;
	dl = sevl_dev_late_arm(&data);
	if (!dl) {
		kfree(oca);
		kfree(pek);
		return -ENOMEM;
	}

	ret = sevl_dev_cmd_init(psp, SEVL_CMD_PEK_CERT_IMPORT, &data, true,
				&cret, fw) ?: cret;

	sevl_dev_late_done(dl, oca, pek);
	return ret;
}

static int sevl_dev_pdh_cert_export(struct sevl_psp *psp, u64 uaddr,
				    bool priv, u32 *fw)
{
	struct sev_user_data_pdh_cert_export in;
	struct sevl_fw_pdh_cert_export data = {};
	void *pdh = NULL, *chain = NULL;
	struct sevl_dev_late *dl;
	u32 pdh_cap, chain_cap;
	int ret, cret;

	if (copy_from_user(&in, u64_to_user_ptr(uaddr), sizeof(in)))
		return -EFAULT;
	pdh_cap = in.pdh_cert_len;
	chain_cap = in.cert_chain_len;
	if (in.pdh_cert_address && in.pdh_cert_len &&
	    in.cert_chain_address && in.cert_chain_len) {
		pdh = sevl_dev_out_blob(in.pdh_cert_address, in.pdh_cert_len);
		if (IS_ERR(pdh))
			return PTR_ERR(pdh);
		chain = sevl_dev_out_blob(in.cert_chain_address,
					  in.cert_chain_len);
		if (IS_ERR(chain)) {
			kfree(pdh);
			return PTR_ERR(chain);
		}
		data.pdh_cert_address = sevl_dev_pa(pdh);
		data.pdh_cert_len = in.pdh_cert_len;
		data.cert_chain_address = sevl_dev_pa(chain);
		data.cert_chain_len = in.cert_chain_len;
	}
	dl = sevl_dev_late_arm(&data);
	if (!dl) {
		kfree(chain);
		kfree(pdh);
		return -ENOMEM;
	}

	/* Only a privileged caller may INIT an UNINIT platform to export. */
	ret = sevl_dev_cmd_init(psp, SEVL_CMD_PDH_CERT_EXPORT, &data, priv,
				&cret, fw);
	if (ret)
		goto out;
	ret = cret;

	in.pdh_cert_len = data.pdh_cert_len;
	in.cert_chain_len = data.cert_chain_len;
	if (copy_to_user(u64_to_user_ptr(uaddr), &in, sizeof(in))) {
		ret = -EFAULT;
		goto out;
	}
	if (ret || !pdh)
		goto out;
	if (copy_to_user(u64_to_user_ptr(in.pdh_cert_address), pdh,
			 min(data.pdh_cert_len, pdh_cap)) ||
	    copy_to_user(u64_to_user_ptr(in.cert_chain_address), chain,
			 min(data.cert_chain_len, chain_cap)))
		ret = -EFAULT;
out:
	sevl_dev_late_done(dl, chain, pdh);
	return ret;
}

/* GET_ID exists from SEV API 0.16 on. */
static bool sevl_dev_has_get_id(struct sevl_psp *psp)
{
	return psp->status.api_major > 0 || psp->status.api_minor >= 16;
}

static int sevl_dev_get_id2(struct sevl_psp *psp, u64 uaddr, bool priv,
			    u32 *fw)
{
	struct sev_user_data_get_id2 in;
	struct sevl_fw_addr_len data = {};
	struct sevl_dev_late *dl;
	void *blob = NULL;
	int ret;
	u32 cap;

	if (!sevl_dev_has_get_id(psp))
		return -EOPNOTSUPP;
	if (copy_from_user(&in, u64_to_user_ptr(uaddr), sizeof(in)))
		return -EFAULT;
	cap = in.length;
	if (in.address && in.length) {
		blob = sevl_dev_out_blob(in.address, in.length);
		if (IS_ERR(blob))
			return PTR_ERR(blob);
		data.address = sevl_dev_pa(blob);
		data.len = in.length;
	}
	dl = sevl_dev_late_arm(&data);
	if (!dl) {
		kfree(blob);
		return -ENOMEM;
	}

	ret = sevl_psp_do_cmd(psp, SEVL_CMD_GET_ID, &data, fw);
	in.length = data.len;
	if (copy_to_user(u64_to_user_ptr(uaddr), &in, sizeof(in)))
		ret = -EFAULT;
	else if (!ret && blob &&
		 copy_to_user(u64_to_user_ptr(in.address), blob,
			      min(data.len, cap)))
		ret = -EFAULT;
	sevl_dev_late_done(dl, blob, NULL);
	return ret;
}

static int sevl_dev_get_id(struct sevl_psp *psp, u64 uaddr, bool priv,
			   u32 *fw)
{
	struct sevl_fw_addr_len data = {};
	struct sev_user_data_get_id *id;
	struct sevl_dev_late *dl;
	int ret;

	if (!sevl_dev_has_get_id(psp))
		return -EOPNOTSUPP;
	pr_warn_once("sev-psp: SEV_GET_ID is deprecated, use SEV_GET_ID2\n");
	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return -ENOMEM;
	data.address = sevl_dev_pa(id);
	data.len = sizeof(*id);
	dl = sevl_dev_late_arm(&data);
	if (!dl) {
		kfree(id);
		return -ENOMEM;
	}
	ret = sevl_psp_do_cmd(psp, SEVL_CMD_GET_ID, &data, fw);
	if (!ret && copy_to_user(u64_to_user_ptr(uaddr), id,
				 min_t(u32, data.len, sizeof(*id))))
		ret = -EFAULT;
	sevl_dev_late_done(dl, id, NULL);
	return ret;
}

/* SNP_PLATFORM_STATUS: a firmware page with SNP on (snp.c). */
static int sevl_dev_snp_platform_status(struct sevl_psp *psp, u64 uaddr,
					bool priv, u32 *fw)
{
	struct sevl_snp_status st;
	int ret;

	static_assert(sizeof(st) == sizeof(struct sev_user_data_snp_status));
	if (!uaddr)
		return -EINVAL;
	mutex_lock(&psp->state_lock);
	ret = sevl_psp_snp_status_locked(psp, &st, fw);
	mutex_unlock(&psp->state_lock);
	if (!ret && copy_to_user(u64_to_user_ptr(uaddr), &st, sizeof(st)))
		ret = -EFAULT;
	return ret;
}

static int sevl_dev_snp_commit(struct sevl_psp *psp, u64 uaddr, bool priv,
			       u32 *fw)
{
	struct sevl_snp_commit data = { .len = sizeof(data) };
	int ret;

	mutex_lock(&psp->state_lock);
	ret = sevl_psp_do_cmd(psp, SEVL_CMD_SNP_COMMIT, &data, fw);
	mutex_unlock(&psp->state_lock);
	return ret;
}

static int sevl_dev_snp_set_config(struct sevl_psp *psp, u64 uaddr,
				   bool priv, u32 *fw)
{
	struct sevl_snp_config data;
	int ret;

	static_assert(sizeof(data) == sizeof(struct sev_user_data_snp_config));
	if (!uaddr)
		return -EINVAL;
	if (copy_from_user(&data, u64_to_user_ptr(uaddr), sizeof(data)))
		return -EFAULT;
	mutex_lock(&psp->state_lock);
	ret = psp->snp_init ? sevl_psp_do_cmd(psp, SEVL_CMD_SNP_CONFIG, &data,
					      fw) : -ENODEV;
	mutex_unlock(&psp->state_lock);
	return ret;
}

/*
 * SNP_VLEK_LOAD passes an AMD-wrapped key through, as upstream; the
 * software firmware cannot unwrap one and refuses the command.
 */
static int sevl_dev_snp_vlek_load(struct sevl_psp *psp, u64 uaddr,
				  bool priv, u32 *fw)
{
	struct sev_user_data_snp_vlek_load data;
	struct sevl_dev_late *dl;
	void *blob;
	int ret;

	if (!uaddr)
		return -EINVAL;
	if (!READ_ONCE(psp->snp_init))
		return -ENODEV;
	if (copy_from_user(&data, u64_to_user_ptr(uaddr), sizeof(data)))
		return -EFAULT;
	if (data.len != sizeof(data) || data.vlek_wrapped_version)
		return -EINVAL;
	blob = sevl_dev_in_blob(data.vlek_wrapped_address,
				sizeof(struct sev_user_data_snp_wrapped_vlek_hashstick));
	if (IS_ERR(blob))
		return PTR_ERR(blob);
	data.vlek_wrapped_address = sevl_dev_pa(blob);
	dl = sevl_dev_late_arm(&data);
	if (!dl) {
		kfree(blob);
		return -ENOMEM;
	}
	mutex_lock(&psp->state_lock);
	ret = psp->snp_init ? sevl_psp_do_cmd(psp, SEVL_CMD_SNP_VLEK_LOAD,
					      &data, fw) : -ENODEV;
	mutex_unlock(&psp->state_lock);
	sevl_dev_late_done(dl, blob, NULL);
	return ret;
}

/* Needs an fd opened for writing and CAP_SYS_ADMIN. */
#define SEVL_DEV_PRIV		BIT(0)
/* Needs them only in some platform states; the handler decides. */
#define SEVL_DEV_MAYPRIV	BIT(1)

struct sevl_dev_cmd {
	int (*fn)(struct sevl_psp *psp, u64 uaddr, bool priv, u32 *fw);
	unsigned int flags;
};

static const struct sevl_dev_cmd sevl_dev_cmds[] = {
	[SEV_FACTORY_RESET]	= { sevl_dev_factory_reset, SEVL_DEV_PRIV },
	[SEV_PLATFORM_STATUS]	= { sevl_dev_platform_status, 0 },
	[SEV_PEK_GEN]		= { sevl_dev_pek_gen, SEVL_DEV_PRIV },
	[SEV_PEK_CSR]		= { sevl_dev_pek_csr, SEVL_DEV_PRIV },
	[SEV_PDH_GEN]		= { sevl_dev_pdh_gen, SEVL_DEV_PRIV },
	/* Privileged only when it has to INIT the platform. */
	[SEV_PDH_CERT_EXPORT]	= { sevl_dev_pdh_cert_export, SEVL_DEV_MAYPRIV },
	[SEV_PEK_CERT_IMPORT]	= { sevl_dev_pek_cert_import, SEVL_DEV_PRIV },
	[SEV_GET_ID]		= { sevl_dev_get_id, 0 },
	[SEV_GET_ID2]		= { sevl_dev_get_id2, 0 },
	[SNP_PLATFORM_STATUS]	= { sevl_dev_snp_platform_status, 0 },
	/* Upstream 6.12 checks neither the open mode nor a capability. */
	[SNP_COMMIT]		= { sevl_dev_snp_commit, 0 },
	[SNP_SET_CONFIG]	= { sevl_dev_snp_set_config, SEVL_DEV_PRIV },
	[SNP_VLEK_LOAD]		= { sevl_dev_snp_vlek_load, SEVL_DEV_PRIV },
};

static long sevl_dev_ioctl(struct file *file, unsigned int ioctl,
			   unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	const struct sevl_dev_cmd *dc;
	struct sev_issue_cmd input;
	u32 fw = SEVL_FW_NOT_CALLED;
	struct sevl_psp *psp;
	bool priv = false;
	int ret;

	if (ioctl != SEV_ISSUE_CMD)
		return -EINVAL;
	if (copy_from_user(&input, argp, sizeof(input)))
		return -EFAULT;
	if (input.cmd >= ARRAY_SIZE(sevl_dev_cmds) ||
	    !sevl_dev_cmds[input.cmd].fn)
		return -EINVAL;
	dc = &sevl_dev_cmds[input.cmd];

	/* capable() only where it matters: it is audited. */
	if (dc->flags & (SEVL_DEV_PRIV | SEVL_DEV_MAYPRIV))
		priv = (file->f_mode & FMODE_WRITE) && capable(CAP_SYS_ADMIN);
	if ((dc->flags & SEVL_DEV_PRIV) && !priv) {
		ret = -EPERM;
	} else {
		psp = sevl_psp_get();
		if (!psp)
			return -ENODEV;
		ret = dc->fn(psp, input.data, priv, &fw);
		sevl_psp_put();
	}

	input.error = fw == SEVL_FW_NOT_CALLED ? 0 : fw;
	if (copy_to_user(argp, &input, sizeof(input)))
		return -EFAULT;
	return ret;
}

const struct file_operations sevl_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = sevl_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice sevl_dev_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "sev",
	.fops = &sevl_dev_fops,
};

/**
 * sevl_dev_register() - create /dev/sev for the SEV platform
 * @psp: the platform
 *
 * Fails (with a warning) if another driver, such as upstream ccp, already
 * registered a "sev" misc device; the kernel API still works then.
 *
 * Return: 0 or an errno.
 */
int sevl_dev_register(struct sevl_psp *psp)
{
	int ret = misc_register(&sevl_dev_misc);

	if (ret)
		dev_warn(psp->dev, "cannot register /dev/sev: %d\n", ret);
	return ret;
}

/**
 * sevl_dev_unregister() - remove /dev/sev
 * @psp: the platform that registered it
 *
 * Files that stay open keep working and get -ENODEV.
 */
void sevl_dev_unregister(struct sevl_psp *psp)
{
	misc_deregister(&sevl_dev_misc);
}
