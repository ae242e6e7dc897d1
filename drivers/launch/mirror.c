// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: mirror launches (KVM_CAP_VM_COPY_ENC_CONTEXT_FROM).
 *
 * A mirror VM shares its owner's firmware guest: what it may issue - the
 * VMSAs of its own vCPUs, GUEST_STATUS and the debug commands - goes to
 * the firmware with the owner's handle as it was when the mirror was
 * created (a snapshot, as upstream KVM copies it).  A mirror launch never
 * owns that guest: it has no handle to remove at teardown, and it keeps a
 * reference on the owner's launch only so that the VMSAs the firmware
 * measures into the owner's guest also enter the owner's launch log and
 * digest.
 */
#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/sev-launch.h>

#include "internal.h"

/**
 * sevl_launch_mirror() - create a mirror launch sharing @owner's guest
 * @p: parameters of the mirror (its own host operations and vCPUs)
 * @owner: the owner's launch; referenced until the mirror is freed
 *
 * The mirror runs in default mode and takes the owner's current handle (0
 * before the owner's LAUNCH_START, as upstream).
 *
 * Return: the mirror launch, or an ERR_PTR as sevl_launch_create().
 */
struct sevl_launch *sevl_launch_mirror(const struct sevl_launch_params *p,
				       struct sevl_launch *owner)
{
	struct sevl_launch *l;

	if (!owner || owner->owner)
		return ERR_PTR(-EINVAL);
	l = sevl_launch_create(p);
	if (IS_ERR(l))
		return l;
	mutex_lock(&owner->lock);
	l->handle = owner->handle;
	refcount_inc(&owner->refs);
	mutex_unlock(&owner->lock);
	l->owner = owner;
	return l;
}
EXPORT_SYMBOL_GPL(sevl_launch_mirror);

/**
 * sevl_measured_by() - lock the launch whose guest measures @l's updates
 * @l: launch, locked
 *
 * Return: @l itself, or a mirror's owner, then locked as well (nested: the
 * owner never takes a mirror's lock).  Release with sevl_measured_done().
 */
struct sevl_launch *sevl_measured_by(struct sevl_launch *l)
{
	if (!l->owner)
		return l;
	mutex_lock_nested(&l->owner->lock, SINGLE_DEPTH_NESTING);
	return l->owner;
}

/**
 * sevl_measured_done() - undo sevl_measured_by()
 * @l: the launch passed to sevl_measured_by()
 * @t: what it returned
 */
void sevl_measured_done(struct sevl_launch *l, struct sevl_launch *t)
{
	if (t != l)
		mutex_unlock(&t->lock);
}
