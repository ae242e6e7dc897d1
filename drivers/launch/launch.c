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
 * In canonical mode, commands out of this order are refused before the
 * firmware sees them (SEV_LAUNCH_ERR_STATE, or SEV_LAUNCH_ERR_FINISHED once
 * finished), and a refused command changes nothing.  The first
 * LAUNCH_MEASURE first replays the recorded updates (replay.c); if that
 * replay fails the launch is broken and can only be destroyed.  In default
 * mode, as in upstream KVM, every command goes to the firmware with the
 * handle the launch has (0 before LAUNCH_START) and the firmware's status
 * is the answer; the state above only follows what the firmware accepted.
 *
 * The guest the firmware creates at LAUNCH_START is bound, and removed at
 * teardown, through the direct issuer (struct sevl_launch_fw), which needs
 * no file descriptor.  A guest whose DEACTIVATE or DECOMMISSION fails is
 * parked and retried later (park.c), so firmware guests never leak for
 * good; the launch reports an ASID still bound so that it is never reused.
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
#include <linux/refcount.h>
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

/*
 * Common checks of the commands that need one state; 0 if allowed.  A
 * broken launch refuses as the failure that broke it was reported: -EIO
 * with that firmware status, or -EINVAL with SEV_LAUNCH_ERR_STATE if the
 * host broke it.  Default mode has no order of its own.
 */
static int sevl_check(struct sevl_launch *l, unsigned int states)
{
	if (l->broken) {
		if (l->broken_fw == SEVL_FW_NOT_CALLED)
			return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_STATE);
		if (l->fw_out)
			*l->fw_out = l->broken_fw;
		return -EIO;
	}
	if (!sevl_canonical(l))
		return 0;
	if (l->state == SEVL_LAUNCH_FINISHED)
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_FINISHED);
	if (!(states & BIT(l->state)))
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_STATE);
	return 0;
}

/**
 * sevl_check_update() - may LAUNCH_UPDATE_DATA/VMSA be issued now?
 * @l: launch, locked
 *
 * Return: 0, or the refusal (canonical mode: state START, before the
 * replay).
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
	refcount_set(&l->refs, 1);
	l->p = *p;
	l->state = SEVL_LAUNCH_INIT;
	l->broken_fw = SEVL_FW_NOT_CALLED;
	sevl_ranges_init(&l->data);
	xa_init(&l->vmsas);
	sha256_init(&l->ld);
	return l;
}
EXPORT_SYMBOL_GPL(sevl_launch_create);

/**
 * sevl_launch_teardown() - release everything a launch holds
 * @l: launch, no longer used by its host
 * @guarded: the caller holds what guards DEACTIVATE (kvm_amd's
 *	sev_deactivate_lock); without it parked guests still bound to an
 *	ASID are left for a later retry
 *
 * Return: true if the launch's ASID is still bound to a firmware guest.
 */
bool sevl_launch_teardown(struct sevl_launch *l, bool guarded)
{
	sevl_data_free_all(l, false);
	sevl_vmsa_free_all(l);
	sevl_log_free(l);
	sevl_retry_parked(guarded);
	if (l->have_handle &&
	    sevl_guest_release(l, l->handle, l->activated))
		l->asid_lost = true;
	l->have_handle = false;
	return l->asid_lost;
}

/**
 * sevl_launch_put() - drop a reference to a launch, freeing it with the last
 * @l: launch
 *
 * The creator holds one reference (dropped by sevl_launch_destroy()) and a
 * timed-out command another until its release has run (late.c), and each
 * mirror one (mirror.c): the structure, and the mutex in it, outlive
 * whichever finishes last.
 */
void sevl_launch_put(struct sevl_launch *l)
{
	struct sevl_launch *owner = l->owner;

	if (!refcount_dec_and_test(&l->refs))
		return;
	WARN_ON_ONCE(l->pinned);
	memzero_explicit(&l->ld, sizeof(l->ld));
	sevl_late_free(l);
	/* A mirror may have logged into this launch after its teardown. */
	sevl_log_free(l);
	mutex_destroy(&l->lock);
	kfree(l);
	if (owner)
		sevl_launch_put(owner);
}

/**
 * sevl_launch_destroy() - tear a launch down
 * @l: launch, or NULL
 *
 * Unpins every page, frees every record and, if the firmware knows the
 * guest, issues DEACTIVATE and DECOMMISSION through the direct issuer.  A
 * guest that cannot be removed is parked and retried later (before the
 * next LAUNCH_START, at the next teardown, in sevl_launch_drain()).  Parked
 * guests still bound to an ASID are retried here too, so the caller must
 * hold whatever guards DEACTIVATE (kvm_amd's sev_deactivate_lock).
 *
 * Return: true if the launch's ASID is still bound to a firmware guest:
 * the caller must never give that ASID to another guest.
 */
bool sevl_launch_destroy(struct sevl_launch *l)
{
	bool bound;

	if (!l)
		return false;
	/*
	 * A timed-out command still outstanding: teardown runs from its
	 * release, and until then nobody knows whether the ASID is bound.
	 */
	if (sevl_late_defer_destroy(l)) {
		sevl_launch_put(l);
		return true;
	}
	bound = sevl_launch_teardown(l, true);
	sevl_launch_put(l);
	return bound;
}
EXPORT_SYMBOL_GPL(sevl_launch_destroy);

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
 * @why: receives the refusal reason
 *
 * Only before LAUNCH_START.  May be repeated; the last call counts.
 *
 * Return: 0; -EINVAL with SEV_LAUNCH_ERR_CONFIG for unknown flags, an
 * unknown FPU flavour or a launch past INIT (SEV_LAUNCH_ERR_FINISHED once
 * finished).
 */
int sevl_launch_config(struct sevl_launch *l, u32 flags, u32 vmsa_fpu,
		       u32 *why)
{
	int ret = 0;

	mutex_lock(&l->lock);
	sevl_enter(l, NULL, why);
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
	sevl_leave(l);
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

/*
 * ACTIVATE the new guest @handle with the launch's ASID; on failure remove
 * it again.  A guest that cannot be removed is parked (sevl_guest_release).
 */
static int sevl_start_bind(struct sevl_launch *l, u32 handle, u32 *fw)
{
	struct sevl_fw_activate a = { .handle = handle, .asid = l->p.asid };
	bool first = !l->have_handle, bound;
	int ret;

	/* From here on teardown knows the guest, whatever happens. */
	if (first) {
		l->handle = handle;
		l->have_handle = true;
	}
	ret = sevl_fw_direct(l, SEVL_CMD_ACTIVATE, &a, fw);
	if (!ret && first) {
		l->activated = true;
		return 0;
	}
	/*
	 * ACTIVATE failed, or bound a second guest of this launch to the
	 * ASID (the firmware normally answers ASID_OWNED; the launch keeps
	 * its first guest): remove the new guest again.  A timed-out
	 * ACTIVATE may still bind the ASID late: treat it as bound.
	 */
	bound = !ret || ret == -ETIMEDOUT;
	if (!ret)
		ret = -EBUSY;
	if (sevl_guest_release(l, handle, bound))
		l->asid_lost = true;
	if (first) {
		l->have_handle = false;
		l->handle = 0;
	}
	return ret;
}

/**
 * sevl_launch_start() - KVM_SEV_LAUNCH_START
 * @l: launch
 * @policy: guest policy
 * @dh_cert: guest owner's DH certificate (kernel buffer), or NULL
 * @dh_len: its length, 1..16 KiB
 * @session: session blob (kernel buffer), or NULL
 * @session_len: its length, 1..16 KiB
 * @handle: in: 0, or the handle of a guest whose key the new guest shares
 *	(passed to the firmware, which decides); out: the new guest handle
 * @fw: receives the firmware status
 * @why: receives the refusal reason
 *
 * Canonical mode: only in INIT.  Parked guests are retried first.  Then
 * firmware LAUNCH_START, and ACTIVATE with the launch's ASID through the
 * direct issuer; if ACTIVATE fails the new guest is decommissioned again.
 *
 * Return: 0, a refusal (-EINVAL), or the firmware's error.
 */
int sevl_launch_start(struct sevl_launch *l, u32 policy,
		      const void *dh_cert, u32 dh_len,
		      const void *session, u32 session_len,
		      u32 *handle, u32 *fw, u32 *why)
{
	struct sevl_fw_launch_start c = { .handle = *handle, .policy = policy };
	void *dh = NULL, *ses = NULL;
	int ret;

	mutex_lock(&l->lock);
	sevl_enter(l, fw, why);
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

	sevl_retry_parked(false);
	ret = sevl_fw_issue(l, SEVL_CMD_LAUNCH_START, &c, fw);
	if (ret == -ETIMEDOUT) {
		sevl_late_keep_blob(l, &dh);
		sevl_late_keep_blob(l, &ses);
	}
	if (!ret)
		ret = sevl_start_bind(l, c.handle, fw);
	if (ret)
		goto out;
	l->state = SEVL_LAUNCH_START;
	*handle = c.handle;
out:
	kfree_sensitive(dh);
	kfree_sensitive(ses);
	sevl_leave(l);
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_start);

/**
 * sevl_launch_start_undo() - take back a successful LAUNCH_START
 * @l: launch, right after sevl_launch_start() succeeded
 *
 * For a caller that could not hand the new handle to its user (upstream
 * KVM unbinds and decommissions the guest when the copy-out fails): the
 * guest is deactivated and decommissioned (parked if that fails) and the
 * launch is back in INIT.  The PSP driver keeps this DEACTIVATE out of a
 * WBINVD + DF_FLUSH under way (sevl_psp_df_flush_after()), as teardown's.
 */
void sevl_launch_start_undo(struct sevl_launch *l)
{
	mutex_lock(&l->lock);
	if (l->have_handle && l->state == SEVL_LAUNCH_START &&
	    !l->nr_vmsas && !l->nr_log && !l->nr_data) {
		if (sevl_guest_release(l, l->handle, l->activated))
			l->asid_lost = true;
		l->have_handle = false;
		l->activated = false;
		l->handle = 0;
		l->state = SEVL_LAUNCH_INIT;
	}
	mutex_unlock(&l->lock);
}
EXPORT_SYMBOL_GPL(sevl_launch_start_undo);

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
 * @why: receives the refusal reason
 *
 * Canonical mode: in START (or MEASURED, which the firmware refuses).  In
 * canonical mode the first call, even a probe, first replays every
 * recorded update (see sevl_replay()); if the replay fails the launch is
 * broken (see sevl_check()).  A probe returns the firmware's error
 * (normally INVALID_LEN) with the required length in *@len, as upstream
 * does.
 *
 * Return: 0, a refusal, or the error of the replay or of the firmware.
 */
int sevl_launch_measure(struct sevl_launch *l, void *buf, u32 *len, u32 *fw,
			u32 *why)
{
	bool lock_vcpus;
	int ret;

	mutex_lock(&l->lock);
	sevl_enter(l, fw, why);
	ret = sevl_check_measure(l, buf, *len);
	lock_vcpus = !ret && sevl_needs_replay(l) && l->p.es;
	sevl_leave(l);
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
	sevl_enter(l, fw, why);
	ret = sevl_check_measure(l, buf, *len);
	if (!ret && sevl_needs_replay(l)) {
		ret = sevl_replay(l, fw);
		/* Later commands are refused as this failure was reported. */
		if (ret && l->broken && *fw && *fw != SEVL_FW_NOT_CALLED)
			l->broken_fw = *fw;
	}
	if (lock_vcpus)
		l->p.ops->unlock_vcpus(l->p.host);
	if (!ret)
		ret = sevl_measure_fw(l, buf, len, fw);
	sevl_leave(l);
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
 * @why: receives the refusal reason
 *
 * Canonical mode: in MEASURED or SECRET.  The guest range is pinned for
 * the command only.
 *
 * Return: 0, a refusal, -EINVAL for bad lengths or a physically
 * discontiguous guest range, a pinning error, or the firmware's error.
 */
int sevl_launch_secret(struct sevl_launch *l, const void *hdr, u32 hdr_len,
		       unsigned long guest_uaddr, u32 guest_len,
		       const void *trans, u32 trans_len, u32 *fw, u32 *why)
{
	struct sevl_fw_launch_secret c = {};
	void *h = NULL, *t = NULL;
	struct page **pages = NULL;
	unsigned long nr = 0;
	int ret;

	mutex_lock(&l->lock);
	sevl_enter(l, fw, why);
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
	sevl_leave(l);
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_secret);

/**
 * sevl_launch_finish() - KVM_SEV_LAUNCH_FINISH
 * @l: launch
 * @fw: receives the firmware status
 * @why: receives the refusal reason
 *
 * Canonical mode: in MEASURED or SECRET; afterwards every launch command
 * is refused with SEV_LAUNCH_ERR_FINISHED.
 *
 * Return: 0, a refusal, or the firmware's error.
 */
int sevl_launch_finish(struct sevl_launch *l, u32 *fw, u32 *why)
{
	struct sevl_fw_handle c = {};
	int ret;

	mutex_lock(&l->lock);
	sevl_enter(l, fw, why);
	ret = sevl_check(l, BIT(SEVL_LAUNCH_MEASURED) | BIT(SEVL_LAUNCH_SECRET));
	if (!ret) {
		c.handle = l->handle;
		ret = sevl_fw_issue(l, SEVL_CMD_LAUNCH_FINISH, &c, fw);
	}
	if (!ret)
		l->state = SEVL_LAUNCH_FINISHED;
	sevl_leave(l);
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
 * @why: receives the refusal reason
 *
 * Canonical mode: in any state after LAUNCH_START, including FINISHED.
 * Default mode asks the firmware about handle 0 before LAUNCH_START, as
 * upstream does.
 *
 * Return: 0, -EINVAL with SEV_LAUNCH_ERR_STATE before LAUNCH_START
 * (canonical mode), or the firmware's error.
 */
int sevl_launch_guest_status(struct sevl_launch *l, u32 *policy, u32 *state,
			     u32 *fw, u32 *why)
{
	struct sevl_fw_guest_status c = {};
	int ret;

	mutex_lock(&l->lock);
	sevl_enter(l, fw, why);
	if (sevl_late_broken(l) ||
	    (!l->have_handle && sevl_canonical(l))) {
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_STATE);
	} else {
		c.handle = l->handle;
		ret = sevl_fw_issue(l, SEVL_CMD_GUEST_STATUS, &c, fw);
	}
	if (!ret) {
		*policy = c.policy;
		*state = c.state;
	}
	sevl_leave(l);
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
	sevl_launch_drain();
	sevl_pin_debugfs_exit();
}

sevl_initcall(sevl_launch_init);
module_exit(sevl_launch_exit);

MODULE_DESCRIPTION("sev-launch: SEV launch state machine and canonical measurement order");
MODULE_LICENSE("GPL");
