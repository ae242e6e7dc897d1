// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: LAUNCH_UPDATE_VMSA (SEV-ES).
 *
 * A vCPU's VMSA is either synced from its registers (with exactly the
 * sev_features asked for and the FPU flavour the launch was configured
 * with) or a full 4096-byte page supplied by the VMM, measured byte for
 * byte.  Each vCPU gets one VMSA; the record stays after measurement and
 * then holds the exact bytes measured, for KVM_SEV_VCPU_GET_VMSA.
 *
 * The per-vCPU call comes from that vCPU's ioctl (its mutex held by KVM),
 * concurrently with other vCPUs and with VM ioctls; the launch lock covers
 * the records.  The legacy all-vCPU call locks every vCPU first.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>

#include "internal.h"

/* Fields of the VMSA (struct sev_es_save_area). */
#define SEVL_VMSA_DR7		0x160
#define SEVL_VMSA_SEV_FEATURES	0x3b0

/* DR7 bit 10 always reads as 1; any other set bit arms debug state. */
#define SEVL_DR7_FIXED_1	0x400ULL

/**
 * sevl_vmsa_fpu_sync() - does a synced VMSA carry the FPU state?
 * @l: launch
 *
 * Return: per LAUNCH_CONFIG's vmsa_fpu; KVM_SEV_VMSA_FPU_DEFAULT follows
 * upstream (only VMs created with KVM_SEV_INIT2).
 */
bool sevl_vmsa_fpu_sync(const struct sevl_launch *l)
{
	switch (l->vmsa_fpu) {
	case KVM_SEV_VMSA_FPU_NONE:
		return false;
	case KVM_SEV_VMSA_FPU_SYNC:
		return true;
	default:
		return l->p.init2;
	}
}

/**
 * sevl_vmsa_measure() - give one vCPU's VMSA to the firmware
 * @l: launch, locked; the vCPU is locked too
 * @r: its record; on success @r->page holds the measured bytes
 * @fw: receives the firmware status
 *
 * Fills the vCPU's VMSA page (copy or sync), hashes it for the log and the
 * digest, issues LAUNCH_UPDATE_VMSA and tells the host the state is now
 * protected.
 *
 * Return: 0, -ENOMEM, the host's error from filling, or the firmware's.
 */
int sevl_vmsa_measure(struct sevl_launch *l, struct sevl_vmsa_rec *r, u32 *fw)
{
	struct sevl_fw_launch_update c = { .handle = l->handle };
	struct sha256_state entry, ld;
	u8 sha[SHA256_DIGEST_SIZE];
	struct sevl_launch *t;
	u8 *copy = r->page;
	void *vmsa;
	int ret;

	/* A mirror's VMSA is measured into its owner's guest and log. */
	t = sevl_measured_by(l);
	/* Issued now, it would not be where the owner's replay predicts. */
	if (t != l && sevl_canonical(t)) {
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_STATE);
		goto out;
	}
	ret = sevl_log_reserve(t, 1);
	if (ret)
		goto out;
	if (!copy) {
		copy = kmalloc(SEVL_VMSA_SIZE, GFP_KERNEL_ACCOUNT);
		if (!copy) {
			ret = -ENOMEM;
			goto out;
		}
	}
	ret = l->p.ops->vmsa_fill(l->p.host, r->vcpu_id,
				  r->sync ? NULL : r->page, r->fpu_sync,
				  r->features, &vmsa);
	if (ret)
		goto fail;

	/* What the firmware will read is what the host filled in. */
	memcpy(copy, vmsa, SEVL_VMSA_SIZE);
	sha256_init(&entry);
	sha256_update(&entry, copy, SEVL_VMSA_SIZE);
	sha256_final(&entry, sha);
	ld = t->ld;
	sha256_update(&ld, copy, SEVL_VMSA_SIZE);

	c.address = sevl_pa(vmsa);
	c.len = SEVL_VMSA_SIZE;
	ret = sevl_fw_issue(l, SEVL_CMD_LAUNCH_UPDATE_VMSA, &c, fw);
	if (ret == -ETIMEDOUT)
		sevl_late_keep_vmsa(l, vmsa);
	if (ret)
		goto fail;

	t->ld = ld;
	sevl_log_add(t, KVM_SEV_LOG_VMSA, r->vcpu_id, 0, SEVL_VMSA_SIZE, sha);
	l->p.ops->vmsa_commit(l->p.host, r->vcpu_id);
	r->page = copy;
	r->measured = true;
	memzero_explicit(&ld, sizeof(ld));
	sevl_measured_done(l, t);
	return 0;
fail:
	memzero_explicit(&ld, sizeof(ld));
	if (copy != r->page)
		kfree_sensitive(copy);
out:
	sevl_measured_done(l, t);
	return ret;
}

static void sevl_vmsa_rec_free(struct sevl_vmsa_rec *r)
{
	if (!r)
		return;
	kfree_sensitive(r->page);
	kfree(r);
}

/* New record for @vcpu_id; @page (copied) or a sync with @features. */
static struct sevl_vmsa_rec *sevl_vmsa_rec_new(struct sevl_launch *l,
					       u32 vcpu_id, const void *page,
					       u64 features)
{
	struct sevl_vmsa_rec *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return NULL;
	r->vcpu_id = vcpu_id;
	r->sync = !page;
	r->fpu_sync = sevl_vmsa_fpu_sync(l);
	r->features = features;
	if (page) {
		r->page = kmemdup(page, SEVL_VMSA_SIZE, GFP_KERNEL_ACCOUNT);
		if (!r->page) {
			kfree(r);
			return NULL;
		}
	}
	return r;
}

/* Record @r, and in default mode measure it now; frees @r on failure. */
static int sevl_vmsa_add(struct sevl_launch *l, struct sevl_vmsa_rec *r,
			 u32 *fw)
{
	int ret;

	ret = xa_insert(&l->vmsas, r->vcpu_id, r, GFP_KERNEL_ACCOUNT);
	if (ret) {
		sevl_vmsa_rec_free(r);
		return ret == -EBUSY ?
		       sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_VMSA_DUP) : ret;
	}
	if (!sevl_canonical(l)) {
		ret = sevl_vmsa_measure(l, r, fw);
		if (ret) {
			xa_erase(&l->vmsas, r->vcpu_id);
			sevl_vmsa_rec_free(r);
			return ret;
		}
	}
	l->nr_vmsas++;
	return 0;
}

static int sevl_check_vmsa(struct sevl_launch *l)
{
	/* Upstream: -ENOTTY for a VM that is not SEV-ES. */
	if (!l->p.es)
		return sevl_refuse(l, -ENOTTY, SEV_LAUNCH_ERR_NOT_ES);
	return sevl_check_update(l);
}

/*
 * What a vCPU's VMSA may carry.  KVM derives the DR7/#DB intercepts and
 * whether it saves the host's debug registers from the VM's sev_features,
 * so a VMSA with any other value (DEBUG_SWAP in particular) would have the
 * CPU clobber host state KVM does not restore.  A full page must also leave
 * DR7 at its fixed bit, as upstream requires of the vCPU it syncs from.
 */
static int sevl_vmsa_allowed(struct sevl_launch *l, const void *page,
			     const u64 *sev_features)
{
	u64 features = l->p.vmsa_features, dr7;

	if (page)
		memcpy(&features, page + SEVL_VMSA_SEV_FEATURES,
		       sizeof(features));
	else if (sev_features)
		features = *sev_features;
	if (features & ~l->p.allowed_features)
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_FEATURES);
	if (features != l->p.vmsa_features)
		return sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_FEATURES_VM);
	if (page) {
		memcpy(&dr7, page + SEVL_VMSA_DR7, sizeof(dr7));
		if (dr7 & ~SEVL_DR7_FIXED_1)
			return sevl_refuse(l, -EINVAL,
					   SEV_LAUNCH_ERR_VMSA_DEBUG);
	}
	return 0;
}

/**
 * sevl_vmsa_host_check() - may the host put a VMSA into this vCPU now?
 * @l: launch, locked
 * @vcpu_id: the vCPU, locked
 * @page: the VMSA page given, or NULL for one synced from registers
 *
 * Return: 0, or -EINVAL with SEV_LAUNCH_ERR_VMSA_DEBUG when the host says
 * the vCPU's debug state forbids it; another host error as is.
 */
int sevl_vmsa_host_check(struct sevl_launch *l, u32 vcpu_id, const void *page)
{
	int ret;

	if (!l->p.ops->vmsa_check)
		return 0;
	ret = l->p.ops->vmsa_check(l->p.host, vcpu_id, page);
	if (ret == -EINVAL)
		return sevl_refuse(l, ret, SEV_LAUNCH_ERR_VMSA_DEBUG);
	return ret;
}

/**
 * sevl_launch_update_vmsa() - LAUNCH_UPDATE_VMSA for one vCPU
 * @l: launch
 * @vcpu_id: the vCPU (its mutex held by the caller)
 * @page: 4096-byte VMSA to measure as is, or NULL to sync from registers
 * @sev_features: for a synced VMSA, the sev_features the caller expects;
 *	NULL for the VM's (struct sevl_launch_params.vmsa_features)
 * @fw: receives the firmware status (default mode)
 * @why: receives the refusal reason
 *
 * SEV-ES only (else -ENOTTY, as upstream); canonical mode: in START and
 * before the replay; once per vCPU.  The features (named, or those in
 * @page at offset 0x3b0) must equal the VM's, in both modes, and @page's
 * DR7 (offset 0x160) must have no bit but the fixed bit 10 set; the host
 * must agree (no guest debugging of the vCPU).  Canonical mode records the
 * request; default mode sends it to the firmware now.
 *
 * Return: 0; -ENOTTY with SEV_LAUNCH_ERR_NOT_ES; -EINVAL with _STATE,
 * _FINISHED, _FEATURES (a bit the VM may never carry), _FEATURES_VM (not
 * the VM's features), _VMSA_DEBUG (DR7) or _VMSA_DUP; -ENOMEM; or the
 * host's or firmware's error.
 */
int sevl_launch_update_vmsa(struct sevl_launch *l, u32 vcpu_id,
			    const void *page, const u64 *sev_features,
			    u32 *fw, u32 *why)
{
	struct sevl_vmsa_rec *r;
	int ret;

	mutex_lock(&l->lock);
	sevl_enter(l, fw, why);
	ret = sevl_check_vmsa(l);
	if (!ret)
		ret = sevl_vmsa_allowed(l, page, sev_features);
	if (!ret)
		ret = sevl_vmsa_host_check(l, vcpu_id, page);
	if (ret)
		goto out;
	if (xa_load(&l->vmsas, vcpu_id)) {
		ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_VMSA_DUP);
		goto out;
	}
	ret = -ENOMEM;
	r = sevl_vmsa_rec_new(l, vcpu_id, page, l->p.vmsa_features);
	if (r)
		ret = sevl_vmsa_add(l, r, fw);
out:
	sevl_leave(l);
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_update_vmsa);

/**
 * sevl_vcpu_ids() - the host's vCPU ids, in creation order
 * @l: launch
 * @idsp: receives a kmalloc'd array (free with kfree)
 * @nr: receives its length
 *
 * Return: 0, -ENOMEM or the host's error.
 */
int sevl_vcpu_ids(struct sevl_launch *l, u32 **idsp, u32 *nr)
{
	u32 *ids, max = 64;
	int n, tries;

	for (tries = 0; tries < 4; tries++) {
		ids = kmalloc_array(max, sizeof(*ids), GFP_KERNEL);
		if (!ids)
			return -ENOMEM;
		n = l->p.ops->vcpu_ids(l->p.host, ids, max);
		if (n < 0) {
			kfree(ids);
			return n;
		}
		if (n <= max) {
			*idsp = ids;
			*nr = n;
			return 0;
		}
		kfree(ids);
		max = n;
	}
	return -EAGAIN;
}

/**
 * sevl_launch_update_vmsa_all() - legacy LAUNCH_UPDATE_VMSA on the VM fd
 * @l: launch
 * @fw: receives the firmware status
 * @why: receives the refusal reason
 *
 * SEV-ES only; canonical mode: in START and before the replay.  Every vCPU, synced from
 * its registers with the VM's sev_features.  Refused with
 * SEV_LAUNCH_ERR_VMSA_DUP, changing nothing, if any vCPU already has its
 * VMSA.  Canonical mode records a request per vCPU; default mode locks all
 * vCPUs and sends them to the firmware in creation order, stopping at the
 * first failure as upstream does.
 *
 * Return: 0, a refusal, -ENOMEM, or the host's or firmware's error.
 */
int sevl_launch_update_vmsa_all(struct sevl_launch *l, u32 *fw, u32 *why)
{
	bool locked = false;
	struct sevl_vmsa_rec *r;
	u32 *ids = NULL, nr = 0, i;
	int ret;

	mutex_lock(&l->lock);
	sevl_enter(l, fw, why);
	ret = sevl_check_vmsa(l);
	sevl_leave(l);
	mutex_unlock(&l->lock);
	if (ret)
		return ret;
	if (!sevl_canonical(l)) {
		ret = l->p.ops->lock_vcpus(l->p.host);
		if (ret)
			return ret;
		locked = true;
	}

	mutex_lock(&l->lock);
	sevl_enter(l, fw, why);
	ret = sevl_check_vmsa(l);
	if (!ret)
		ret = sevl_vcpu_ids(l, &ids, &nr);
	if (ret)
		goto out;
	for (i = 0; i < nr; i++) {
		if (xa_load(&l->vmsas, ids[i])) {
			ret = sevl_refuse(l, -EINVAL, SEV_LAUNCH_ERR_VMSA_DUP);
			goto out;
		}
	}
	for (i = 0; i < nr; i++) {
		r = sevl_vmsa_rec_new(l, ids[i], NULL, l->p.vmsa_features);
		ret = r ? sevl_vmsa_add(l, r, fw) : -ENOMEM;
		if (ret)
			break;
	}
	/* Canonical mode records all or none. */
	if (ret && sevl_canonical(l)) {
		while (i--) {
			sevl_vmsa_rec_free(xa_erase(&l->vmsas, ids[i]));
			l->nr_vmsas--;
		}
	}
out:
	sevl_leave(l);
	mutex_unlock(&l->lock);
	if (locked)
		l->p.ops->unlock_vcpus(l->p.host);
	kfree(ids);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_update_vmsa_all);

/**
 * sevl_launch_vcpu_vmsa() - the VMSA bytes measured for a vCPU
 * @l: launch
 * @vcpu_id: the vCPU
 * @buf: receives 4096 bytes
 *
 * After measurement, the exact bytes measured; before (canonical mode),
 * the bytes that will be measured: the recorded page, or the sync result
 * computed now without touching the vCPU.
 *
 * Return: 0, -ENOENT if no VMSA was given for @vcpu_id, or the host's
 * error.
 */
int sevl_launch_vcpu_vmsa(struct sevl_launch *l, u32 vcpu_id, void *buf)
{
	struct sevl_vmsa_rec *r;
	int ret = 0;

	mutex_lock(&l->lock);
	r = xa_load(&l->vmsas, vcpu_id);
	if (!r)
		ret = -ENOENT;
	else if (r->page)
		memcpy(buf, r->page, SEVL_VMSA_SIZE);
	else
		ret = l->p.ops->vmsa_peek(l->p.host, vcpu_id, r->fpu_sync,
					  r->features, buf);
	mutex_unlock(&l->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_launch_vcpu_vmsa);

/**
 * sevl_vmsa_free_all() - free every VMSA record
 * @l: launch
 */
void sevl_vmsa_free_all(struct sevl_launch *l)
{
	struct sevl_vmsa_rec *r;
	unsigned long i;

	xa_for_each(&l->vmsas, i, r)
		sevl_vmsa_rec_free(r);
	xa_destroy(&l->vmsas);
	l->nr_vmsas = 0;
}
