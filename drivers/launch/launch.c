// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: the launch context and its state machine.
 *
 *	INIT --LAUNCH_START--> START --LAUNCH_MEASURE--> MEASURED
 *	  |                     (updates)                  |  \
 *	LAUNCH_CONFIG                            LAUNCH_SECRET  LAUNCH_FINISH
 *	                                                   v     v
 *	                                   SECRET --LAUNCH_FINISH--> FINISHED
 *
 * Commands out of this order are refused before the firmware sees them
 * (SEV_LAUNCH_ERR_STATE, or SEV_LAUNCH_ERR_FINISHED once finished), and a
 * refused command changes nothing.  In canonical mode the first
 * LAUNCH_MEASURE first replays the recorded updates (replay.c); if the
 * firmware fails during that replay the launch can only be destroyed.
 *
 * Firmware addresses are system physical addresses with the memory
 * encryption bit set where the host uses one (as upstream KVM passes them).
 */
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/mem_encrypt.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <sev-launch/init.h>
#include <sev-launch/fw.h>
#include <sev-launch/psp.h>

#include "internal.h"

/**
 * sevl_pa() - firmware address of kmalloc'd (or page allocator) memory
 * @kaddr: kernel address in the direct map
 *
 * Return: its physical address with the memory encryption bit.
 */
u64 sevl_pa(void *kaddr)
{
	return __sme_set(virt_to_phys(kaddr));
}

/**
 * sevl_page_pa() - firmware address of a page
 * @page: the page
 *
 * Return: its physical address with the memory encryption bit.
 */
u64 sevl_page_pa(struct page *page)
{
	return __sme_set(page_to_phys(page));
}

/**
 * sevl_fw_issue() - issue a firmware command through the launch's issuer
 * @l: launch
 * @cmd: SEVL_CMD_*
 * @buf: command buffer (kernel memory; the issuer copies it)
 * @fw: receives the firmware status
 *
 * If the command times out, the launch is broken and the caller keeps what
 * the command references with sevl_late_keep_*() (late.c).
 *
 * Return: 0 or the issuer's negative errno.
 */
int sevl_fw_issue(struct sevl_launch *l, u32 cmd, void *buf, u32 *fw)
{
	int armed, ret;

	*fw = SEVL_FW_NOT_CALLED;
	if (!l->p.fw.issue)
		return -ENODEV;
	armed = sevl_late_arm(l, buf);
	if (armed < 0)
		return armed;
	ret = l->p.fw.issue(l->p.fw.ctx, cmd, buf, fw);
	if (armed)
		sevl_late_disarm(l);
	return ret;
}

/* Common checks of the commands that need one state; 0 if allowed. */
static int sevl_check(struct sevl_launch *l, unsigned int states)
{
	if (l->state == SEVL_LAUNCH_FINISHED)
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_FINISHED);
	if (l->broken)
		return sevl_refuse(l, -EIO, SEV_LAUNCH_ERR_STATE);
	if (!(states & BIT(l->state)))
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_STATE);
	return 0;
}

/**
 * sevl_check_update() - may LAUNCH_UPDATE_DATA/VMSA be issued now?
 * @l: launch, locked
 *
 * Return: 0, or the refusal (state START and, in canonical mode, before
 * the replay).
 */
int sevl_check_update(struct sevl_launch *l)
{
	int ret = sevl_check(l, BIT(SEVL_LAUNCH_START));

	if (!ret && l->replayed)
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_STATE);
	return ret;
}

/**
 * sevl_launch_create() - create a launch context in state INIT
 * @p: parameters; copied
 *
 * The launch starts in default (upstream, pass-through) mode.
 *
 * Return: the launch, or ERR_PTR(-EINVAL) for incomplete parameters,
 * ERR_PTR(-ENOMEM).
 */
struct sevl_launch *sevl_launch_create(const struct sevl_launch_params *p)
{
	struct sevl_launch *l;

	if (!p || !p->ops || !p->ops->hva_to_gpa)
		return ERR_PTR(-EINVAL);
	if (p->es && (!p->ops->vcpu_ids || !p->ops->lock_vcpus ||
		      !p->ops->unlock_vcpus || !p->ops->vmsa_fill ||
		      !p->ops->vmsa_peek || !p->ops->vmsa_commit))
		return ERR_PTR(-EINVAL);

	l = kzalloc(sizeof(*l), GFP_KERNEL_ACCOUNT);
	if (!l)
		return ERR_PTR(-ENOMEM);
	mutex_init(&l->lock);
	l->p = *p;
	l->state = SEVL_LAUNCH_INIT;
	l->data = RB_ROOT;
	xa_init(&l->vmsas);
	sha256_init(&l->ld);
	return l;
}
EXPORT_SYMBOL_GPL(sevl_launch_create);

/**
 * sevl_launch_destroy() - tear a launch down
 * @l: launch, or NULL
 *
 * Unpins every page, frees every record and, if the firmware knows the
 * guest, issues DEACTIVATE and DECOMMISSION through the current issuer
 * (see sevl_launch_set_fw()).  Firmware failures are logged and otherwise
 * ignored.
 */
void sevl_launch_destroy(struct sevl_launch *l)
{
	struct sevl_fw_handle h;
	u32 fw;
	int ret;

	if (!l)
		return;
	/* A timed-out command still outstanding: again from its release. */
	if (sevl_late_defer_destroy(l))
		return;
	sevl_data_free_all(l, false);
	sevl_vmsa_free_all(l);
	sevl_log_free(l);
	if (l->have_handle) {
		h.handle = l->handle;
		ret = sevl_fw_issue(l, SEVL_CMD_DEACTIVATE, &h, &fw);
		if (ret)
			pr_warn("sev-launch: DEACTIVATE of guest %u failed: %d (fw %#x)\n",
				l->handle, ret, fw);
		h.handle = l->handle;
		ret = sevl_fw_issue(l, SEVL_CMD_DECOMMISSION, &h, &fw);
		if (ret)
			pr_warn("sev-launch: DECOMMISSION of guest %u failed: %d (fw %#x)\n",
				l->handle, ret, fw);
	}
	WARN_ON_ONCE(l->pinned);
	memzero_explicit(&l->ld, sizeof(l->ld));
	sevl_late_free(l);
	mutex_destroy(&l->lock);
	kfree(l);
}
EXPORT_SYMBOL_GPL(sevl_launch_destroy);

/**
 * sevl_launch_set_fw() - replace the firmware issuer
 * @l: launch
 * @fw: new issuer (copied)
 *
 * The KVM side gives a launch created with a /dev/sev file a file-less
 * issuer before destroying it.
 */
void sevl_launch_set_fw(struct sevl_launch *l, const struct sevl_launch_fw *fw)
{
	mutex_lock(&l->lock);
	l->p.fw = *fw;
	mutex_unlock(&l->lock);
}
EXPORT_SYMBOL_GPL(sevl_launch_set_fw);

/**
 * sevl_launch_err() - reason of the calling task's last refusal
 * @l: launch
 *
 * vCPU ioctls of several tasks (and a VM ioctl) may use one launch at the
 * same time, so the reason is kept together with the task whose command
 * the core refused: a task never reads the reason of another's command.
 * If two tasks are refused at the same moment, the earlier reason is lost
 * (0), never misattributed.
 *
 * Return: the SEV_LAUNCH_ERR_* code of the calling task's last command if
 * the core refused it by itself, else 0.
 */
u32 sevl_launch_err(struct sevl_launch *l)
{
	u32 err = 0;

	mutex_lock(&l->lock);
	if (l->err_task == current)
		err = l->err;
	mutex_unlock(&l->lock);
	return err;
}
EXPORT_SYMBOL_GPL(sevl_launch_err);

/**
 * sevl_launch_clear_err() - forget the reason of the calling task's last
 *	refusal
 * @l: launch
 *
 * The KVM handler calls this before each command, so that
 * sevl_launch_err() afterwards describes that command only.
 */
void sevl_launch_clear_err(struct sevl_launch *l)
{
	mutex_lock(&l->lock);
	sevl_err_reset(l);
	mutex_unlock(&l->lock);
}
EXPORT_SYMBOL_GPL(sevl_launch_clear_err);

/**
 * sevl_launch_state() - current launch state
 * @l: launch
 *
 * Return: SEVL_LAUNCH_*.
 */
enum sevl_launch_state sevl_launch_state(struct sevl_launch *l)
{
	return READ_ONCE(l->state);
}
EXPORT_SYMBOL_GPL(sevl_launch_state);

/**
 * sevl_launch_handle() - firmware guest handle
 * @l: launch
 *
 * Return: the handle LAUNCH_START returned, or 0 before.
 */
u32 sevl_launch_handle(struct sevl_launch *l)
{
	return READ_ONCE(l->handle);
}
EXPORT_SYMBOL_GPL(sevl_launch_handle);

/**
 * sevl_launch_pinned_pages() - pages this launch holds pinned
 * @l: launch
 *
 * Return: the number of user pages pinned (recorded data ranges in
 * canonical mode before the replay; 0 between commands otherwise).
 */
u64 sevl_launch_pinned_pages(struct sevl_launch *l)
{
	return READ_ONCE(l->pinned);
}
EXPORT_SYMBOL_GPL(sevl_launch_pinned_pages);

/**
 * sevl_launch_config() - KVM_SEV_LAUNCH_CONFIG
 * @l: launch
 * @flags: KVM_SEV_LAUNCH_F_*
 * @vmsa_fpu: KVM_SEV_VMSA_FPU_*
 *
 * Only before LAUNCH_START.  May be repeated; the last call counts.
 *
 * Return: 0; -EINVAL with SEV_LAUNCH_ERR_CONFIG for unknown flags, an
 * unknown FPU flavour or a launch past INIT (SEV_LAUNCH_ERR_FINISHED once
 * finished).
 */
int sevl_launch_config(struct sevl_launch *l, u32 flags, u32 vmsa_fpu)
{
	int ret = 0;

	mutex_lock(&l->lock);
	sevl_err_reset(l);
	if (l->state == SEVL_LAUNCH_FINISHED)
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_FINISHED);
	else if (l->state != SEVL_LAUNCH_INIT ||
		 (flags & ~KVM_SEV_LAUNCH_F_CANONICAL) ||
		 vmsa_fpu > KVM_SEV_VMSA_FPU_SYNC)
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_CONFIG);
	if (!ret) {
		l->flags = flags;
		l->vmsa_fpu = vmsa_fpu;
	}
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_config);

/* kmalloc'd copy of an optional firmware blob; NULL blob gives NULL. */
static int sevl_blob_dup(const void *blob, u32 len, void **copy)
{
	*copy = NULL;
	if (!blob)
		return 0;
	if (!len || len > SEV_LAUNCH_BLOB_MAX)
		return -EINVAL;
	*copy = kmemdup(blob, len, GFP_KERNEL_ACCOUNT);
	return *copy ? 0 : -ENOMEM;
}

/**
 * sevl_launch_start() - KVM_SEV_LAUNCH_START
 * @l: launch
 * @policy: guest policy
 * @dh_cert: guest owner's DH certificate (kernel buffer), or NULL
 * @dh_len: its length, 1..16 KiB
 * @session: session blob (kernel buffer), or NULL
 * @session_len: its length, 1..16 KiB
 * @handle: receives the new guest handle
 * @fw: receives the firmware status
 *
 * Only in INIT.  Firmware LAUNCH_START, then ACTIVATE with the launch's
 * ASID; if ACTIVATE fails the new guest is decommissioned again.
 *
 * Return: 0, a refusal (-EINVAL), or the firmware's error.
 */
int sevl_launch_start(struct sevl_launch *l, u32 policy,
		      const void *dh_cert, u32 dh_len,
		      const void *session, u32 session_len,
		      u32 *handle, u32 *fw)
{
	struct sevl_fw_launch_start c = { .policy = policy };
	struct sevl_fw_activate a = {};
	struct sevl_fw_handle d = {};
	void *dh = NULL, *ses = NULL;
	u32 dfw;
	int ret;

	*fw = SEVL_FW_NOT_CALLED;
	mutex_lock(&l->lock);
	sevl_err_reset(l);
	ret = sevl_check(l, BIT(SEVL_LAUNCH_INIT));
	if (ret)
		goto out;
	ret = sevl_blob_dup(dh_cert, dh_len, &dh);
	if (!ret)
		ret = sevl_blob_dup(session, session_len, &ses);
	if (ret)
		goto out;
	if (dh) {
		c.dh_cert_address = sevl_pa(dh);
		c.dh_cert_len = dh_len;
	}
	if (ses) {
		c.session_address = sevl_pa(ses);
		c.session_len = session_len;
	}

	ret = sevl_fw_issue(l, SEVL_CMD_LAUNCH_START, &c, fw);
	if (ret == -ETIMEDOUT) {
		sevl_late_keep_blob(l, &dh);
		sevl_late_keep_blob(l, &ses);
	}
	if (ret)
		goto out;
	a.handle = c.handle;
	a.asid = l->p.asid;
	ret = sevl_fw_issue(l, SEVL_CMD_ACTIVATE, &a, fw);
	if (ret == -ETIMEDOUT) {
		sevl_late_activate(l, c.handle);
		goto out;
	}
	if (ret) {
		d.handle = c.handle;
		sevl_fw_issue(l, SEVL_CMD_DECOMMISSION, &d, &dfw);
		goto out;
	}
	l->handle = c.handle;
	l->have_handle = true;
	l->state = SEVL_LAUNCH_START;
	*handle = c.handle;
out:
	kfree_sensitive(dh);
	kfree_sensitive(ses);
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_start);

/* LAUNCH_MEASURE may be issued (START, or MEASURED for the firmware). */
static int sevl_check_measure(struct sevl_launch *l, const void *buf, u32 len)
{
	int ret = sevl_check(l, BIT(SEVL_LAUNCH_START) |
				BIT(SEVL_LAUNCH_MEASURED));

	if (!ret && buf && len > SEV_LAUNCH_BLOB_MAX)
		ret = -EINVAL;
	return ret;
}

static bool sevl_needs_replay(const struct sevl_launch *l)
{
	return sevl_canonical(l) && !l->replayed &&
	       l->state == SEVL_LAUNCH_START;
}

static int sevl_measure_fw(struct sevl_launch *l, void *buf, u32 *len,
			   u32 *fw)
{
	struct sevl_fw_launch_measure c = { .handle = l->handle };
	struct sha256_state ld;
	void *out = NULL;
	int ret;

	/* The firmware writes to a buffer of ours: any caller memory works. */
	if (*len && buf) {
		out = kzalloc(*len, GFP_KERNEL_ACCOUNT);
		if (!out)
			return -ENOMEM;
		c.address = sevl_pa(out);
		c.len = *len;
	}
	ret = sevl_fw_issue(l, SEVL_CMD_LAUNCH_MEASURE, &c, fw);
	if (!ret && out)
		memcpy(buf, out, *len);
	if (ret == -ETIMEDOUT)
		sevl_late_keep_blob(l, &out);
	kfree(out);
	/* Upstream's two-call protocol: a probe always learns the length. */
	if (!*len || (!ret && buf))
		*len = c.len;
	if (ret)
		return ret;

	ld = l->ld;
	sha256_final(&ld, l->digest);
	l->state = SEVL_LAUNCH_MEASURED;
	return 0;
}

/**
 * sevl_launch_measure() - KVM_SEV_LAUNCH_MEASURE
 * @l: launch
 * @buf: kernel buffer receiving MEASURE || MNONCE, or NULL to probe
 * @len: in: size of @buf (0 to probe, at most 16 KiB); out: the length the
 *	firmware reported (always for a probe, on success otherwise)
 * @fw: receives the firmware status
 *
 * In START (or MEASURED, which the firmware refuses).  In canonical mode
 * the first call, even a probe, first replays every recorded update (see
 * sevl_replay()).  A probe returns the firmware's error (normally
 * INVALID_LEN) with the required length in *@len, as upstream does.
 *
 * Return: 0, a refusal, or the error of the replay or of the firmware.
 */
int sevl_launch_measure(struct sevl_launch *l, void *buf, u32 *len, u32 *fw)
{
	bool lock_vcpus;
	int ret;

	*fw = SEVL_FW_NOT_CALLED;
	mutex_lock(&l->lock);
	sevl_err_reset(l);
	ret = sevl_check_measure(l, buf, *len);
	lock_vcpus = !ret && sevl_needs_replay(l) && l->p.es;
	mutex_unlock(&l->lock);
	if (ret)
		return ret;

	/* vCPU mutexes come before the core's lock. */
	if (lock_vcpus) {
		ret = l->p.ops->lock_vcpus(l->p.host);
		if (ret)
			return ret;
	}
	mutex_lock(&l->lock);
	ret = sevl_check_measure(l, buf, *len);
	if (!ret && sevl_needs_replay(l))
		ret = sevl_replay(l, fw);
	if (lock_vcpus)
		l->p.ops->unlock_vcpus(l->p.host);
	if (!ret)
		ret = sevl_measure_fw(l, buf, len, fw);
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_measure);

/**
 * sevl_launch_secret() - KVM_SEV_LAUNCH_SECRET
 * @l: launch
 * @hdr: packet header (kernel buffer)
 * @hdr_len: its length, 1..16 KiB
 * @guest_uaddr: user address of the guest memory receiving the secret
 * @guest_len: its length; the range must be physically contiguous
 * @trans: encrypted secret (kernel buffer)
 * @trans_len: its length, 1..16 KiB
 * @fw: receives the firmware status
 *
 * In MEASURED or SECRET.  The guest range is pinned for the command only.
 *
 * Return: 0, a refusal, -EINVAL for bad lengths or a physically
 * discontiguous guest range, a pinning error, or the firmware's error.
 */
int sevl_launch_secret(struct sevl_launch *l, const void *hdr, u32 hdr_len,
		       unsigned long guest_uaddr, u32 guest_len,
		       const void *trans, u32 trans_len, u32 *fw)
{
	struct sevl_fw_launch_secret c = {};
	void *h = NULL, *t = NULL;
	struct page **pages = NULL;
	unsigned long nr = 0;
	int ret;

	*fw = SEVL_FW_NOT_CALLED;
	mutex_lock(&l->lock);
	sevl_err_reset(l);
	ret = sevl_check(l, BIT(SEVL_LAUNCH_MEASURED) | BIT(SEVL_LAUNCH_SECRET));
	if (ret)
		goto out;
	ret = -EINVAL;
	if (!hdr || !trans || !guest_len ||
	    guest_uaddr + guest_len - 1 < guest_uaddr)
		goto out;
	ret = sevl_blob_dup(hdr, hdr_len, &h);
	if (!ret)
		ret = sevl_blob_dup(trans, trans_len, &t);
	if (ret)
		goto out;
	ret = sevl_pin(l, guest_uaddr, guest_len, FOLL_WRITE, &pages, &nr);
	if (ret)
		goto out;
	sevl_flush_pages(pages, nr);
	if (sevl_contig_pages(pages, 0, nr) != nr) {
		ret = -EINVAL;
		goto out;
	}

	c.handle = l->handle;
	c.hdr_address = sevl_pa(h);
	c.hdr_len = hdr_len;
	c.guest_address = sevl_page_pa(pages[0]) + offset_in_page(guest_uaddr);
	c.guest_len = guest_len;
	c.trans_address = sevl_pa(t);
	c.trans_len = trans_len;
	ret = sevl_fw_issue(l, SEVL_CMD_LAUNCH_UPDATE_SECRET, &c, fw);
	if (!ret)
		l->state = SEVL_LAUNCH_SECRET;
	if (ret == -ETIMEDOUT) {
		sevl_late_keep_pages(l, &pages, nr, true);
		sevl_late_keep_blob(l, &h);
		sevl_late_keep_blob(l, &t);
	}
out:
	sevl_unpin(l, pages, nr, true);
	kfree(h);
	kfree_sensitive(t);
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_secret);

/**
 * sevl_launch_finish() - KVM_SEV_LAUNCH_FINISH
 * @l: launch
 * @fw: receives the firmware status
 *
 * In MEASURED or SECRET; afterwards every launch command is refused with
 * SEV_LAUNCH_ERR_FINISHED.
 *
 * Return: 0, a refusal, or the firmware's error.
 */
int sevl_launch_finish(struct sevl_launch *l, u32 *fw)
{
	struct sevl_fw_handle c = {};
	int ret;

	*fw = SEVL_FW_NOT_CALLED;
	mutex_lock(&l->lock);
	sevl_err_reset(l);
	ret = sevl_check(l, BIT(SEVL_LAUNCH_MEASURED) | BIT(SEVL_LAUNCH_SECRET));
	if (!ret) {
		c.handle = l->handle;
		ret = sevl_fw_issue(l, SEVL_CMD_LAUNCH_FINISH, &c, fw);
	}
	if (!ret)
		l->state = SEVL_LAUNCH_FINISHED;
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_finish);

/**
 * sevl_launch_guest_status() - KVM_SEV_GUEST_STATUS
 * @l: launch
 * @policy: receives the guest policy
 * @state: receives the firmware guest state (SEV_LAUNCH_GSTATE_*)
 * @fw: receives the firmware status
 *
 * In any state after LAUNCH_START, including FINISHED.
 *
 * Return: 0, -EINVAL with SEV_LAUNCH_ERR_STATE before LAUNCH_START, or the
 * firmware's error.
 */
int sevl_launch_guest_status(struct sevl_launch *l, u32 *policy, u32 *state,
			     u32 *fw)
{
	struct sevl_fw_guest_status c = {};
	int ret;

	*fw = SEVL_FW_NOT_CALLED;
	mutex_lock(&l->lock);
	sevl_err_reset(l);
	if (sevl_late_broken(l)) {
		ret = sevl_refuse(l, -EIO, SEV_LAUNCH_ERR_STATE);
	} else if (!l->have_handle) {
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_STATE);
	} else {
		c.handle = l->handle;
		ret = sevl_fw_issue(l, SEVL_CMD_GUEST_STATUS, &c, fw);
	}
	if (!ret) {
		*policy = c.policy;
		*state = c.state;
	}
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_guest_status);

static int __init sevl_launch_init(void)
{
	return sevl_pin_debugfs_init();
}

static void __exit sevl_launch_exit(void)
{
	sevl_pin_debugfs_exit();
}

sevl_initcall(sevl_launch_init);
module_exit(sevl_launch_exit);

MODULE_DESCRIPTION("sev-launch: SEV launch state machine and canonical measurement order");
MODULE_LICENSE("GPL");
