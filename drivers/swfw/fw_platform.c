// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: platform management commands.
 *
 * Platform states: UNINIT until INIT/INIT_EX; INIT while no guest exists;
 * WORKING while at least one guest exists (LAUNCH_START enters it, the last
 * DECOMMISSION leaves it).  SHUTDOWN returns to UNINIT from any state and
 * forgets every guest.
 *
 * Identity: the CEK is chip-unique and never changes.  The OCA, PEK and PDH
 * live in the firmware's persistent store; FACTORY_RESET erases it and the
 * next INIT creates a self-owned OCA, a PEK signed by the OCA and the CEK,
 * and a PDH signed by the PEK.  The model keeps the persistent store in its
 * own memory, also for INIT_EX (whose NV area it checks but does not use).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "fw.h"

#define SEVL_FW_CHAIN_LEN	(3 * SEVL_CERT_SIZE)	/* PEK, OCA, CEK */

static u16 sevl_fw_crypto_status(int err)
{
	return err == -ENOMEM ? SEV_RET_RESOURCE_LIMIT :
				SEV_RET_HWSEV_RET_PLATFORM;
}

static bool sevl_fw_initialised(struct sevl_fw *fw)
{
	return fw->state == SEVL_PSTATE_INIT ||
	       fw->state == SEVL_PSTATE_WORKING;
}

/*
 * Every certificate the firmware creates (OCA while self-owned, PEK, PDH,
 * CEK) carries the firmware's API version, as real firmware fills it.
 */

/* A fresh self-signed OCA (the platform owns itself). */
static int sevl_fw_gen_oca(struct sevl_fw *fw, struct sevl_fw_identity *id)
{
	int ret;

	ret = sevl_p384_keygen(&id->oca);
	if (!ret)
		ret = sevl_cert_init(&id->oca_cert, SEVL_USAGE_OCA,
				     SEVL_ALGO_ECDSA_SHA256, &id->oca,
				     fw->p.api_major, fw->p.api_minor);
	if (!ret)
		ret = sevl_cert_sign(&id->oca_cert, 0, SEVL_USAGE_OCA,
				     SEVL_ALGO_ECDSA_SHA256, &id->oca);
	id->have_oca = !ret;
	id->ext_owned = false;
	return ret;
}

/* A fresh PEK, signed by the (self-owned) OCA in slot 0, the CEK in 1. */
static int sevl_fw_gen_pek(struct sevl_fw *fw, struct sevl_fw_identity *id)
{
	int ret;

	ret = sevl_p384_keygen(&id->pek);
	if (!ret)
		ret = sevl_cert_init(&id->pek_cert, SEVL_USAGE_PEK,
				     SEVL_ALGO_ECDSA_SHA256, &id->pek,
				     fw->p.api_major, fw->p.api_minor);
	if (!ret)
		ret = sevl_cert_sign(&id->pek_cert, 0, SEVL_USAGE_OCA,
				     SEVL_ALGO_ECDSA_SHA256, &id->oca);
	if (!ret)
		ret = sevl_cert_sign(&id->pek_cert, 1, SEVL_USAGE_CEK,
				     SEVL_ALGO_ECDSA_SHA256, &id->cek);
	id->have_pek = !ret;
	return ret;
}

/* A fresh PDH, signed by the PEK. */
static int sevl_fw_gen_pdh(struct sevl_fw *fw, struct sevl_fw_identity *id)
{
	int ret;

	ret = sevl_p384_keygen(&id->pdh);
	if (!ret)
		ret = sevl_cert_init(&id->pdh_cert, SEVL_USAGE_PDH,
				     SEVL_ALGO_ECDH_SHA256, &id->pdh,
				     fw->p.api_major, fw->p.api_minor);
	if (!ret)
		ret = sevl_cert_sign(&id->pdh_cert, 0, SEVL_USAGE_PEK,
				     SEVL_ALGO_ECDSA_SHA256, &id->pek);
	id->have_pdh = !ret;
	return ret;
}

/*
 * Run @gen on a copy of the identity and install the result only if it
 * succeeded, so a failure leaves the platform keys as they were.
 */
static u16 sevl_fw_regen(struct sevl_fw *fw, bool pek)
{
	struct sevl_fw_identity *tmp;
	int ret;

	tmp = kmemdup(&fw->ident, sizeof(*tmp), GFP_KERNEL);
	if (!tmp)
		return SEV_RET_RESOURCE_LIMIT;
	if (pek) {
		ret = sevl_fw_gen_oca(fw, tmp);
		if (!ret)
			ret = sevl_fw_gen_pek(fw, tmp);
		if (!ret)
			ret = sevl_fw_gen_pdh(fw, tmp);
	} else {
		ret = sevl_fw_gen_pdh(fw, tmp);
	}
	if (!ret)
		memcpy(&fw->ident, tmp, sizeof(*tmp));
	kfree_sensitive(tmp);
	return ret ? sevl_fw_crypto_status(ret) : SEV_RET_SUCCESS;
}

static u16 sevl_fw_init_common(struct sevl_fw *fw, u32 flags, u32 rsvd,
			       u64 tmr_pa, u32 tmr_len)
{
	struct sevl_fw_identity *id = &fw->ident;
	int ret;

	if (fw->state != SEVL_PSTATE_UNINIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	if ((flags & ~SEVL_INIT_FLAGS_ES) || rsvd)
		return SEV_RET_INVALID_CONFIG;

	ret = sevl_snp_legacy_init_check(fw, flags, tmr_pa, tmr_len);
	if (ret)
		return ret;
	if (flags & SEVL_INIT_FLAGS_ES) {
		/* The trusted memory region for SEV-ES. */
		if (!IS_ALIGNED(tmr_pa, SEVL_FW_TMR_ALIGN) || !tmr_pa ||
		    tmr_pa + tmr_len - 1 < tmr_pa)
			return SEV_RET_INVALID_ADDRESS;
		if (tmr_len < SEVL_FW_TMR_ALIGN)
			return SEV_RET_INVALID_LEN;
	}

	if (!id->have_oca) {
		ret = sevl_fw_gen_oca(fw, id);
		id->have_pek = false;
	}
	if (!ret && !id->have_pek) {
		ret = sevl_fw_gen_pek(fw, id);
		id->have_pdh = false;
	}
	if (!ret && !id->have_pdh)
		ret = sevl_fw_gen_pdh(fw, id);
	if (ret)
		return sevl_fw_crypto_status(ret);

	/* Every ASID may hold stale lines until the next DF_FLUSH. */
	sevl_snp_dirty_legacy_asids(fw);
	fw->config_flags = flags;
	fw->state = SEVL_PSTATE_INIT;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_fw_init() - INIT: initialise the platform
 * @fw: firmware
 * @cmd: struct sevl_fw_init
 *
 * Platform UNINIT only.  Unknown flags or a non-zero reserved field give
 * INVALID_CONFIG.  With SEVL_INIT_FLAGS_ES the TMR must be 1 MiB aligned
 * (INVALID_ADDRESS) and at least 1 MiB long (INVALID_LEN).  Creates missing
 * identity keys and marks every ASID as needing DF_FLUSH.
 *
 * Return: SEV status.
 */
u16 sevl_fw_init(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_init *c = cmd;

	return sevl_fw_init_common(fw, c->flags, c->rsvd, c->tmr_address,
				   c->tmr_len);
}

/**
 * sevl_fw_init_ex() - INIT_EX: INIT with an NV storage area
 * @fw: firmware
 * @cmd: struct sevl_fw_init_ex
 *
 * As INIT; in addition the length field must be 36 (INVALID_LEN), and a
 * non-zero NV address must be 4 KiB aligned (INVALID_ADDRESS) with an NV
 * length of 32 KiB (INVALID_LEN).
 *
 * Return: SEV status.
 */
u16 sevl_fw_init_ex(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_init_ex *c = cmd;

	if (fw->state != SEVL_PSTATE_UNINIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	if ((c->flags & ~SEVL_INIT_FLAGS_ES) || c->rsvd)
		return SEV_RET_INVALID_CONFIG;
	if (c->length != sizeof(*c))
		return SEV_RET_INVALID_LEN;
	if (c->nv_address) {
		if (!IS_ALIGNED(c->nv_address, PAGE_SIZE) ||
		    c->nv_address + SEVL_FW_NV_LEN - 1 < c->nv_address)
			return SEV_RET_INVALID_ADDRESS;
		if (c->nv_len != SEVL_FW_NV_LEN)
			return SEV_RET_INVALID_LEN;
		/* With SNP INIT the NV area is firmware-owned (sev-dev.c). */
		if (fw->snp.state == SEVL_SNP_PSTATE_INIT &&
		    sevl_snp_rmp_check_state(fw, c->nv_address, SEVL_FW_NV_LEN,
					     SEVL_RMP_FIRMWARE))
			return SEV_RET_INVALID_PAGE_STATE;
	}
	return sevl_fw_init_common(fw, c->flags, 0, c->tmr_address,
				   c->tmr_len);
}

/**
 * sevl_fw_shutdown() - SHUTDOWN: back to UNINIT
 * @fw: firmware
 * @cmd: unused
 *
 * Allowed in every state.  Every guest is decommissioned and its keys are
 * wiped; the persistent identity is kept.
 *
 * Return: SEV_RET_SUCCESS.
 */
u16 sevl_fw_shutdown(struct sevl_fw *fw, void *cmd)
{
	sevl_fw_clear_guests(fw);
	sevl_snp_dirty_legacy_asids(fw);
	fw->config_flags = 0;
	fw->state = SEVL_PSTATE_UNINIT;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_fw_factory_reset() - FACTORY_RESET: erase the persistent identity
 * @fw: firmware
 * @cmd: unused
 *
 * Platform UNINIT only.  The OCA, PEK and PDH are deleted and the platform
 * is self-owned again after the next INIT.
 *
 * Return: SEV status.
 */
u16 sevl_fw_factory_reset(struct sevl_fw *fw, void *cmd)
{
	if (fw->state != SEVL_PSTATE_UNINIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	sevl_fw_identity_wipe(&fw->ident, true);
	return SEV_RET_SUCCESS;
}

/**
 * sevl_fw_platform_status() - PLATFORM_STATUS
 * @fw: firmware
 * @cmd: struct sevl_fw_platform_status, output only
 *
 * Allowed in every state.  The owner flag describes the persistent
 * identity, so it is valid in every state, UNINIT included (SEV API,
 * PLATFORM_STATUS: OWNER is the platform's owner; an owner tool reads it
 * while UNINIT to choose FACTORY_RESET over PEK_GEN).  CONFIG_ES is the
 * configuration of the current INIT and the guest count the current
 * guests, both zero while UNINIT.
 *
 * Return: SEV_RET_SUCCESS.
 */
u16 sevl_fw_platform_status(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_platform_status *c = cmd;

	memset(c, 0, sizeof(*c));
	c->api_major = fw->p.api_major;
	c->api_minor = fw->p.api_minor;
	c->build = fw->p.build;
	c->state = fw->state;
	if (fw->ident.ext_owned)
		c->flags |= SEVL_PSTATUS_OWNER_EXTERNAL;
	if (fw->state != SEVL_PSTATE_UNINIT) {
		if (fw->config_flags & SEVL_INIT_FLAGS_ES)
			c->flags |= SEVL_PSTATUS_CONFIG_ES;
		c->guest_count = fw->guest_count;
	}
	return SEV_RET_SUCCESS;
}

/**
 * sevl_fw_pek_gen() - PEK_GEN: new OCA, PEK and PDH
 * @fw: firmware
 * @cmd: unused
 *
 * Platform INIT only (not WORKING).  The platform becomes self-owned.
 *
 * Return: SEV status.
 */
u16 sevl_fw_pek_gen(struct sevl_fw *fw, void *cmd)
{
	if (fw->state != SEVL_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	return sevl_fw_regen(fw, true);
}

/**
 * sevl_fw_pdh_gen() - PDH_GEN: new PDH
 * @fw: firmware
 * @cmd: unused
 *
 * Platform INIT or WORKING.
 *
 * Return: SEV status.
 */
u16 sevl_fw_pdh_gen(struct sevl_fw *fw, void *cmd)
{
	if (!sevl_fw_initialised(fw))
		return SEV_RET_INVALID_PLATFORM_STATE;
	return sevl_fw_regen(fw, false);
}

/**
 * sevl_fw_pek_csr() - PEK_CSR: certificate signing request for the PEK
 * @fw: firmware
 * @cmd: struct sevl_fw_addr_len; len is in/out
 *
 * Platform INIT or WORKING.  The CSR is the PEK certificate with both
 * signature slots empty.  A length below 2084 gives INVALID_LEN with the
 * required length written back.
 *
 * Return: SEV status.
 */
u16 sevl_fw_pek_csr(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_addr_len *c = cmd;
	struct sevl_cert *csr = (struct sevl_cert *)fw->scratch;
	unsigned int i;
	u16 ret;

	if (!sevl_fw_initialised(fw))
		return SEV_RET_INVALID_PLATFORM_STATE;
	if (c->len < sizeof(*csr)) {
		c->len = sizeof(*csr);
		return SEV_RET_INVALID_LEN;
	}
	memcpy(csr, &fw->ident.pek_cert, sizeof(*csr));
	for (i = 0; i < ARRAY_SIZE(csr->sig); i++) {
		memset(&csr->sig[i], 0, sizeof(csr->sig[i]));
		csr->sig[i].usage = cpu_to_le32(SEVL_USAGE_NONE);
		csr->sig[i].algo = cpu_to_le32(SEVL_ALGO_NONE);
	}
	ret = sevl_fw_write(fw, c->address, csr, sizeof(*csr));
	if (!ret)
		c->len = sizeof(*csr);
	return ret;
}

static u16 sevl_fw_verify_status(int err)
{
	if (!err)
		return SEV_RET_SUCCESS;
	return err == -EBADMSG ? SEV_RET_BAD_SIGNATURE :
				 SEV_RET_INVALID_CERTIFICATE;
}

/* Slot of @cert signed by a key of @usage, or -1. */
static int sevl_fw_sig_slot(const struct sevl_cert *cert, u32 usage)
{
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(cert->sig); i++)
		if (le32_to_cpu(cert->sig[i].usage) == usage)
			return i;
	return -1;
}

/**
 * sevl_fw_pek_cert_import() - PEK_CERT_IMPORT: take external ownership
 * @fw: firmware
 * @cmd: struct sevl_fw_pek_cert_import
 *
 * Platform INIT only; an externally owned platform gives ALREADY_OWNED
 * (PEK_GEN makes it self-owned again).  Both lengths must be 2084
 * (INVALID_LEN).  The OCA must be an OCA certificate signed by itself, and
 * the PEK certificate must be signed by that OCA (BAD_SIGNATURE if a
 * signature is wrong, INVALID_CERTIFICATE if a certificate is malformed)
 * and certify exactly the platform's PEK (INVALID_CERTIFICATE).  The
 * firmware adds its CEK signature to the other slot, stores both
 * certificates, marks the platform externally owned and generates a new
 * PDH.
 *
 * Return: SEV status.
 */
u16 sevl_fw_pek_cert_import(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_pek_cert_import *c = cmd;
	struct sevl_fw_identity *id = &fw->ident;
	struct sevl_fw_identity *tmp = NULL;
	struct sevl_cert *pek, *oca;
	struct sevl_p384_key key;
	int oca_slot, cek_slot, err;
	u16 ret;

	if (fw->state != SEVL_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	if (id->ext_owned)
		return SEV_RET_ALREADY_OWNED;
	if (c->pek_cert_len != SEVL_CERT_SIZE ||
	    c->oca_cert_len != SEVL_CERT_SIZE)
		return SEV_RET_INVALID_LEN;

	pek = (struct sevl_cert *)fw->scratch;
	oca = pek + 1;
	ret = sevl_fw_read(fw, c->pek_cert_address, pek, sizeof(*pek));
	if (!ret)
		ret = sevl_fw_read(fw, c->oca_cert_address, oca, sizeof(*oca));
	if (ret)
		goto out;

	ret = SEV_RET_INVALID_CERTIFICATE;
	if (le32_to_cpu(oca->pub_key_usage) != SEVL_USAGE_OCA)
		goto out;
	err = sevl_cert_pubkey(oca, &key);
	sevl_p384_key_wipe(&key);
	if (err)
		goto out;
	ret = sevl_fw_verify_status(sevl_cert_verify(oca, oca));
	if (ret)
		goto out;
	ret = sevl_fw_verify_status(sevl_cert_verify(pek, oca));
	if (ret)
		goto out;

	/* The PEK must not have been altered outside the firmware. */
	ret = SEV_RET_INVALID_CERTIFICATE;
	if (memcmp(pek, &id->pek_cert, SEVL_CERT_SIGNED_LEN))
		goto out;
	oca_slot = sevl_fw_sig_slot(pek, SEVL_USAGE_OCA);
	cek_slot = sevl_fw_sig_slot(&id->pek_cert, SEVL_USAGE_CEK);
	if (oca_slot < 0 || cek_slot < 0)
		goto out;
	memcpy(&pek->sig[1 - oca_slot], &id->pek_cert.sig[cek_slot],
	       sizeof(pek->sig[0]));

	tmp = kmemdup(id, sizeof(*tmp), GFP_KERNEL);
	if (!tmp) {
		ret = SEV_RET_RESOURCE_LIMIT;
		goto out;
	}
	memcpy(&tmp->pek_cert, pek, sizeof(*pek));
	memcpy(&tmp->oca_cert, oca, sizeof(*oca));
	sevl_p384_key_wipe(&tmp->oca);	/* the owner keeps the OCA key */
	tmp->ext_owned = true;
	err = sevl_fw_gen_pdh(fw, tmp);
	if (err) {
		ret = sevl_fw_crypto_status(err);
		goto out;
	}
	memcpy(id, tmp, sizeof(*id));
	ret = SEV_RET_SUCCESS;
out:
	kfree_sensitive(tmp);
	memzero_explicit(fw->scratch, 2 * SEVL_CERT_SIZE);
	return ret;
}

/**
 * sevl_fw_pdh_cert_export() - PDH_CERT_EXPORT
 * @fw: firmware
 * @cmd: struct sevl_fw_pdh_cert_export; both lengths in/out
 *
 * Platform INIT or WORKING.  Writes the PDH certificate and the chain
 * PEK || OCA || CEK (3 x 2084 bytes).  The CEK certificate is signed by the
 * emulator ASK (real firmware exports it unsigned; the signed one comes from
 * AMD's key server).  If either buffer is too small, INVALID_LEN with both
 * required lengths written back.
 *
 * Return: SEV status.
 */
u16 sevl_fw_pdh_cert_export(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_pdh_cert_export *c = cmd;
	struct sevl_fw_identity *id = &fw->ident;
	struct sevl_cert *chain = (struct sevl_cert *)fw->scratch;
	u16 ret;

	BUILD_BUG_ON(SEVL_FW_CHAIN_LEN > SEVL_FW_SCRATCH_LEN);

	if (!sevl_fw_initialised(fw))
		return SEV_RET_INVALID_PLATFORM_STATE;
	if (c->pdh_cert_len < SEVL_CERT_SIZE ||
	    c->cert_chain_len < SEVL_FW_CHAIN_LEN) {
		ret = SEV_RET_INVALID_LEN;
		goto lengths;
	}
	ret = sevl_fw_write(fw, c->pdh_cert_address, &id->pdh_cert,
			    SEVL_CERT_SIZE);
	if (ret)
		return ret;
	memcpy(&chain[0], &id->pek_cert, SEVL_CERT_SIZE);
	memcpy(&chain[1], &id->oca_cert, SEVL_CERT_SIZE);
	memcpy(&chain[2], &id->cek_cert, SEVL_CERT_SIZE);
	ret = sevl_fw_write(fw, c->cert_chain_address, chain,
			    SEVL_FW_CHAIN_LEN);
	if (ret)
		return ret;
lengths:
	c->pdh_cert_len = SEVL_CERT_SIZE;
	c->cert_chain_len = SEVL_FW_CHAIN_LEN;
	return ret;
}

/**
 * sevl_fw_get_id() - GET_ID: the chip identifier
 * @fw: firmware
 * @cmd: struct sevl_fw_addr_len; len is in/out
 *
 * Allowed in every state.  Writes 128 bytes, 64 per socket (the model has
 * one socket; the second identifier is zero).  A length below 128 gives
 * INVALID_LEN with the required length written back.
 *
 * Return: SEV status.
 */
u16 sevl_fw_get_id(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_addr_len *c = cmd;
	u16 ret;

	if (c->len < sizeof(fw->id)) {
		c->len = sizeof(fw->id);
		return SEV_RET_INVALID_LEN;
	}
	ret = sevl_fw_write(fw, c->address, fw->id, sizeof(fw->id));
	if (!ret)
		c->len = sizeof(fw->id);
	return ret;
}

/**
 * sevl_fw_df_flush() - DF_FLUSH: make deactivated ASIDs reusable
 * @fw: firmware
 * @cmd: unused
 *
 * Platform INIT or WORKING.  Every ASID that needed a flush (after INIT,
 * or after DEACTIVATE of a guest that ran) becomes free.  The model does not
 * track the WBINVD the host must do first, so WBINVD_REQUIRED never occurs.
 *
 * Return: SEV status.
 */
u16 sevl_fw_df_flush(struct sevl_fw *fw, void *cmd)
{
	u32 i;

	if (!sevl_fw_initialised(fw))
		return SEV_RET_INVALID_PLATFORM_STATE;
	for (i = 0; i < fw->p.nr_asids; i++)
		if (fw->asids[i] == SEVL_ASID_DIRTY)
			fw->asids[i] = SEVL_ASID_CLEAN;
	return SEV_RET_SUCCESS;
}
