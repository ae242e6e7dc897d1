// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: guest management and debug commands.
 *
 * ASID life cycle (one CCX in the model):
 *
 *	DIRTY --DF_FLUSH--> CLEAN --ACTIVATE--> ALLOCATED --LAUNCH_FINISH--.
 *	  ^                   ^  <-DEACTIVATE-'                            |
 *	  |                   '--ACTIVATE of a RUNNING guest--> IN_USE <---'
 *	  '-----------------------DEACTIVATE-----------------------'
 *
 * INIT and SHUTDOWN make every ASID DIRTY.  An ASID whose guest never ran
 * goes back to CLEAN on DEACTIVATE; one whose guest ran needs a DF_FLUSH.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "fw.h"

/**
 * sevl_fw_activate() - ACTIVATE: bind an ASID to a guest
 * @fw: firmware
 * @cmd: struct sevl_fw_activate
 *
 * Platform WORKING; INVALID_GUEST for an unknown handle.  Checks, in the
 * firmware's order: the ASID is 1..nr_asids (INVALID_ASID); no guest holds
 * it (ASID_OWNED); the guest has no ASID yet (ACTIVE); the ASID suits the
 * guest, 1..min_sev_asid-1 for SEV-ES, min_sev_asid..nr_asids otherwise
 * (INVALID_ASID); it was flushed since its last use (DFFLUSH_REQUIRED).
 *
 * Return: SEV status.
 */
u16 sevl_fw_activate(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_activate *c = cmd;
	struct sevl_fw_guest *g;
	u16 ret;
	u8 *st;

	ret = sevl_fw_working_guest(fw, c->handle, &g);
	if (ret)
		return ret;
	if (!c->asid || c->asid > fw->p.nr_asids)
		return SEV_RET_INVALID_ASID;
	st = &fw->asids[c->asid - 1];
	if (*st == SEVL_ASID_ALLOCATED || *st == SEVL_ASID_IN_USE)
		return SEV_RET_ASID_OWNED;
	if (!sevl_fw_guest_inactive(fw, g))
		return SEV_RET_ACTIVE;
	if (g->state == SEV_LAUNCH_GSTATE_SENT)
		return SEV_RET_INVALID_GUEST_STATE;
	if (g->policy & SEV_POLICY_ES) {
		if (c->asid >= fw->p.min_sev_asid)
			return SEV_RET_INVALID_ASID;
	} else if (c->asid < fw->p.min_sev_asid) {
		return SEV_RET_INVALID_ASID;
	}
	if (*st == SEVL_ASID_DIRTY)
		return SEV_RET_DFFLUSH_REQUIRED;

	g->asid = c->asid;
	*st = g->state == SEV_LAUNCH_GSTATE_RUNNING ? SEVL_ASID_IN_USE :
						      SEVL_ASID_ALLOCATED;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_fw_deactivate() - DEACTIVATE: unbind a guest's ASID
 * @fw: firmware
 * @cmd: struct sevl_fw_handle
 *
 * Platform WORKING; INVALID_GUEST for an unknown handle; INACTIVE if the
 * guest has no ASID.  The ASID needs DF_FLUSH before reuse if the guest was
 * RUNNING with it.
 *
 * Return: SEV status.
 */
u16 sevl_fw_deactivate(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_handle *c = cmd;
	struct sevl_fw_guest *g;
	u16 ret;
	u8 *st;

	ret = sevl_fw_working_guest(fw, c->handle, &g);
	if (ret)
		return ret;
	if (sevl_fw_guest_inactive(fw, g))
		return SEV_RET_INACTIVE;

	st = &fw->asids[g->asid - 1];
	*st = *st == SEVL_ASID_IN_USE ? SEVL_ASID_DIRTY : SEVL_ASID_CLEAN;
	g->asid = 0;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_fw_decommission() - DECOMMISSION: delete a guest
 * @fw: firmware
 * @cmd: struct sevl_fw_handle
 *
 * Platform WORKING; INVALID_GUEST for an unknown handle; ACTIVE while the
 * guest still has an ASID.  Any guest state is accepted.  The guest's keys
 * are wiped; the platform returns to INIT with the last guest.
 *
 * Return: SEV status.
 */
u16 sevl_fw_decommission(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_handle *c = cmd;
	struct sevl_fw_guest *g;
	u16 ret;

	ret = sevl_fw_working_guest(fw, c->handle, &g);
	if (ret)
		return ret;
	if (!sevl_fw_guest_inactive(fw, g))
		return SEV_RET_ACTIVE;

	sevl_fw_guest_clear(g);
	if (!--fw->guest_count)
		fw->state = SEVL_PSTATE_INIT;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_fw_guest_status() - GUEST_STATUS
 * @fw: firmware
 * @cmd: struct sevl_fw_guest_status; policy, asid and state are output
 *
 * Platform INIT or WORKING.  As in AMD's firmware, an unknown handle is not
 * an error: the command succeeds and reports state 0 (INVALID/UNINIT).
 *
 * Return: SEV status.
 */
u16 sevl_fw_guest_status(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_guest_status *c = cmd;
	struct sevl_fw_guest *g;

	if (fw->state != SEVL_PSTATE_INIT && fw->state != SEVL_PSTATE_WORKING)
		return SEV_RET_INVALID_PLATFORM_STATE;
	g = sevl_fw_guest_get(fw, c->handle);
	if (!g) {
		c->state = SEV_LAUNCH_GSTATE_UNINIT;
		return SEV_RET_SUCCESS;
	}
	c->policy = g->policy;
	c->asid = g->asid;
	c->state = g->state;
	return SEV_RET_SUCCESS;
}

/* Checks shared by DBG_DECRYPT and DBG_ENCRYPT, in the firmware's order. */
static u16 sevl_fw_dbg_check(struct sevl_fw *fw, struct sevl_fw_dbg *c,
			     struct sevl_fw_guest **gp)
{
	struct sevl_fw_guest *g;

	if (fw->state != SEVL_PSTATE_WORKING)
		return SEV_RET_INVALID_PLATFORM_STATE;
	if (!IS_ALIGNED(c->src_addr, 16) || !IS_ALIGNED(c->dst_addr, 16))
		return SEV_RET_INVALID_ADDRESS;
	if (!IS_ALIGNED(c->len, 16))
		return SEV_RET_INVALID_LEN;
	g = sevl_fw_guest_get(fw, c->handle);
	if (!g)
		return SEV_RET_INVALID_GUEST;
	if (g->policy & SEV_POLICY_NODBG)
		return SEV_RET_POLICY_FAILURE;
	if (sevl_fw_guest_inactive(fw, g))
		return SEV_RET_INACTIVE;
	*gp = g;
	return SEV_RET_SUCCESS;
}

/* Guest memory is ciphertext at its own address: @src, or @dst. */
static int sevl_fw_dbg_dec_chunk(void *vek, u64 src, u64 dst, u8 *buf, u32 n)
{
	return sevl_mem_decrypt(vek, src, buf, buf, n);
}

static int sevl_fw_dbg_enc_chunk(void *vek, u64 src, u64 dst, u8 *buf, u32 n)
{
	return sevl_mem_encrypt(vek, dst, buf, buf, n);
}

static u16 sevl_fw_dbg(struct sevl_fw *fw, void *cmd, bool enc)
{
	struct sevl_fw_dbg *c = cmd;
	struct sevl_fw_guest *g;
	u16 ret;

	ret = sevl_fw_dbg_check(fw, c, &g);
	if (ret)
		return ret;
	return sevl_fw_transform(fw, c->src_addr, c->dst_addr, c->len,
				 enc ? sevl_fw_dbg_enc_chunk :
				       sevl_fw_dbg_dec_chunk, g->vek);
}

/**
 * sevl_fw_dbg_decrypt() - DBG_DECRYPT: read guest memory in plaintext
 * @fw: firmware
 * @cmd: struct sevl_fw_dbg
 *
 * Platform WORKING.  Source, destination and length 16-byte aligned
 * (INVALID_ADDRESS, INVALID_LEN); INVALID_GUEST for an unknown handle;
 * POLICY_FAILURE if the guest's policy has NODBG; INACTIVE without an ASID.
 * Decrypts @len bytes of guest memory at src_addr with the guest's VEK and
 * writes the plaintext to dst_addr.
 *
 * Return: SEV status.
 */
u16 sevl_fw_dbg_decrypt(struct sevl_fw *fw, void *cmd)
{
	return sevl_fw_dbg(fw, cmd, false);
}

/**
 * sevl_fw_dbg_encrypt() - DBG_ENCRYPT: write guest memory from plaintext
 * @fw: firmware
 * @cmd: struct sevl_fw_dbg
 *
 * Same checks as DBG_DECRYPT.  Encrypts @len bytes of plaintext at src_addr
 * with the guest's VEK for guest memory at dst_addr.
 *
 * Return: SEV status.
 */
u16 sevl_fw_dbg_encrypt(struct sevl_fw *fw, void *cmd)
{
	return sevl_fw_dbg(fw, cmd, true);
}
