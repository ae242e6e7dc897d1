/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command semantics of the software SEV firmware: platform, guest and
 * launch state machines, independent of how commands arrive (the mailbox
 * register emulation in regs.c calls sevl_fw_execute()).
 *
 * The model follows the SEV API (AMD pub. 55766) and the behaviour of AMD's
 * published SEV firmware.  Where the two differ, or where the model makes a
 * choice of its own, the kernel-doc of the command handler says so.
 */
#ifndef _SEVL_SWFW_FW_H
#define _SEVL_SWFW_FW_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <crypto/sha2.h>
#include <sev-launch/fw.h>

#include "crypto.h"
#include "cert.h"
#include "snp.h"

/* Largest chunk the firmware moves through its private memory at once. */
#define SEVL_FW_SCRATCH_LEN	0x5000
/*
 * Smallest default guest table.  By default the table has one entry per
 * ASID, as every launched guest KVM keeps is bound to an ASID, but at least
 * this many.
 */
#define SEVL_FW_MIN_GUESTS	64
#define SEVL_FW_ID_LEN		64	/* GET_ID: per socket */
#define SEVL_FW_KEY_LEN		16	/* TEK, TIK, VEK, KEK, KIK */
#define SEVL_FW_NONCE_LEN	16
#define SEVL_FW_TMR_ALIGN	0x100000	/* SEV-ES TMR: 1 MiB */
#define SEVL_FW_NV_LEN		0x8000		/* INIT_EX NV area: 32 KiB */

/* Guest policy bits the firmware knows; the others are reserved. */
#define SEVL_POLICY_FLAGS_MASK	GENMASK(5, 0)
#define SEVL_POLICY_RSVD_MASK	GENMASK(15, 6)

/**
 * struct sevl_fw_mem_ops - access to system physical memory
 * @read: copy @len bytes at physical address @pa into @buf
 * @write: copy @len bytes from @buf to physical address @pa
 * @process: optional; pass [@pa, @pa + @len) through @fn in place, in
 *	address order, in pieces each of which is contiguous in the
 *	firmware's view (at least a page when page-aligned), after checking
 *	that every page of the range is accessible.  Returns 0, a negative
 *	errno for an inaccessible range (nothing passed to @fn), or @fn's
 *	error.  Without it the firmware copies through its private memory.
 *
 * Every command buffer, certificate, blob and guest page goes through these
 * two functions.  They return 0, or a negative errno when any part of
 * [@pa, @pa + @len) is not memory the firmware may access; the firmware
 * then fails the command with SEV_RET_INVALID_ADDRESS.  The firmware has
 * already checked that the range does not wrap.  Both may sleep.
 */
struct sevl_fw_mem_ops {
	int (*read)(void *ctx, u64 pa, void *buf, size_t len);
	int (*write)(void *ctx, u64 pa, const void *buf, size_t len);
	int (*process)(void *ctx, u64 pa, size_t len,
		       int (*fn)(void *arg, u64 pa, u8 *p, size_t n),
		       void *arg);
};

/**
 * struct sevl_fw_params - configuration of a firmware instance
 * @api_major: API major version reported and measured
 * @api_minor: API minor version
 * @build: build id
 * @nr_asids: highest SEV ASID (ASIDs are 1..@nr_asids)
 * @min_sev_asid: first ASID for plain SEV guests; SEV-ES guests use
 *	1..@min_sev_asid - 1 (CPUID 0x8000001F EDX semantics)
 * @max_guests: size of the guest table, 0 for the larger of @nr_asids and
 *	SEVL_FW_MIN_GUESTS
 * @snp: the platform supports SEV-SNP (SNP commands are accepted;
 *	without it they give INVALID_COMMAND)
 * @mem: physical memory accessors
 * @mem_ctx: passed to @mem
 */
struct sevl_fw_params {
	u8 api_major;
	u8 api_minor;
	u8 build;
	u32 nr_asids;
	u32 min_sev_asid;
	u32 max_guests;
	bool snp;
	const struct sevl_fw_mem_ops *mem;
	void *mem_ctx;
};

/* Firmware view of an ASID (per ASID; the model has one CCX). */
enum sevl_asid_state {
	SEVL_ASID_DIRTY,	/* may hold stale cache lines: DF_FLUSH first */
	SEVL_ASID_CLEAN,	/* free */
	SEVL_ASID_ALLOCATED,	/* activated for a guest not yet RUNNING */
	SEVL_ASID_IN_USE,	/* activated for a RUNNING guest */
};

/**
 * struct sevl_fw_guest - guest context (GCTX)
 * @handle: guest handle, 0 if the slot is free
 * @policy: guest policy
 * @state: SEV_LAUNCH_GSTATE_*
 * @asid: ASID bound by ACTIVATE, 0 when inactive
 * @vek: VM encryption key, loaded into the memory controller at ACTIVATE
 * @tek: transport encryption key (cleared at LAUNCH_FINISH)
 * @tik: transport integrity key (cleared at LAUNCH_FINISH)
 * @ld_ctx: running launch digest (plaintext of every LAUNCH_UPDATE_*)
 * @measure: the MEASURE value of LAUNCH_MEASURE, used by LAUNCH_SECRET
 * @ld: the final launch digest
 */
struct sevl_fw_guest {
	u32 handle;
	u32 policy;
	u8 state;
	u32 asid;
	u8 vek[SEVL_FW_KEY_LEN];
	u8 tek[SEVL_FW_KEY_LEN];
	u8 tik[SEVL_FW_KEY_LEN];
	struct sha256_state ld_ctx;
	u8 measure[SHA256_DIGEST_SIZE];
	u8 ld[SHA256_DIGEST_SIZE];
};

/**
 * struct sevl_fw_identity - platform keys and certificates
 * @cek: chip endorsement key; chip-unique, survives FACTORY_RESET
 * @cek_cert: CEK certificate, signed by the emulator ASK
 * @oca: owner certificate authority key (valid while self-owned)
 * @oca_cert: OCA certificate (self-signed, or imported)
 * @pek: platform endorsement key
 * @pek_cert: PEK certificate, signed by the OCA and the CEK
 * @pdh: platform Diffie-Hellman key
 * @pdh_cert: PDH certificate, signed by the PEK
 * @have_oca: @oca_cert is valid
 * @have_pek: @pek and @pek_cert are valid
 * @have_pdh: @pdh and @pdh_cert are valid
 * @ext_owned: the OCA was imported by PEK_CERT_IMPORT
 */
struct sevl_fw_identity {
	struct sevl_p384_key cek;
	struct sevl_cert cek_cert;
	struct sevl_p384_key oca;
	struct sevl_cert oca_cert;
	struct sevl_p384_key pek;
	struct sevl_cert pek_cert;
	struct sevl_p384_key pdh;
	struct sevl_cert pdh_cert;
	bool have_oca;
	bool have_pek;
	bool have_pdh;
	bool ext_owned;
};

/**
 * struct sevl_fw - the whole state of one software SEV firmware
 * @lock: commands execute one at a time, under this mutex
 * @p: configuration
 * @state: platform state (SEVL_PSTATE_*)
 * @config_flags: INIT flags (SEVL_INIT_FLAGS_ES) while initialised
 * @guest_count: number of guests in @guests
 * @id: GET_ID value (socket 0 then socket 1)
 * @ident: platform identity
 * @asids: state of ASIDs 1..nr_asids, at index asid - 1
 * @guests: guest table, handle = index + 1
 * @scratch: SEVL_FW_SCRATCH_LEN bytes of private memory
 * @snp: SEV-SNP platform, RMP and guests (snp.h)
 *
 * Everything here is private to the firmware; the memory behind it is
 * zeroed by sevl_fw_destroy().
 */
struct sevl_fw {
	struct mutex lock;	/* serialises commands */
	struct sevl_fw_params p;
	u8 state;
	u32 config_flags;
	u32 guest_count;
	u8 id[2 * SEVL_FW_ID_LEN];
	struct sevl_fw_identity ident;
	u8 *asids;
	struct sevl_fw_guest *guests;
	u8 *scratch;
	struct sevl_snp_platform snp;
};

struct sevl_fw *sevl_fw_create(const struct sevl_fw_params *params);
void sevl_fw_destroy(struct sevl_fw *fw);
void sevl_fw_wipe(struct sevl_fw *fw);
int sevl_fw_execute(struct sevl_fw *fw, u32 cmd, u64 buf_pa);

/* Internal to the firmware model. */
u16 sevl_fw_read(struct sevl_fw *fw, u64 pa, void *buf, size_t len);
u16 sevl_fw_write(struct sevl_fw *fw, u64 pa, const void *buf, size_t len);
struct sevl_fw_guest *sevl_fw_guest_get(struct sevl_fw *fw, u32 handle);
u16 sevl_fw_working_guest(struct sevl_fw *fw, u32 handle,
			  struct sevl_fw_guest **gp);
u16 sevl_fw_transform(struct sevl_fw *fw, u64 src, u64 dst, u32 len,
		      int (*fn)(void *ctx, u64 src, u64 dst, u8 *buf, u32 n),
		      void *ctx);
u16 sevl_fw_transform_inplace(struct sevl_fw *fw, u64 pa, u32 len,
			      int (*fn)(void *arg, u64 pa, u8 *p, size_t n),
			      void *arg);
void sevl_fw_guest_clear(struct sevl_fw_guest *g);
bool sevl_fw_guest_inactive(struct sevl_fw *fw, struct sevl_fw_guest *g);
void sevl_fw_identity_wipe(struct sevl_fw_identity *id, bool keep_cek);
void sevl_fw_clear_guests(struct sevl_fw *fw);

u16 sevl_fw_init(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_init_ex(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_shutdown(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_factory_reset(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_platform_status(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_pek_gen(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_pek_csr(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_pek_cert_import(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_pdh_gen(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_pdh_cert_export(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_get_id(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_df_flush(struct sevl_fw *fw, void *cmd);

u16 sevl_fw_activate(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_deactivate(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_decommission(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_guest_status(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_dbg_decrypt(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_dbg_encrypt(struct sevl_fw *fw, void *cmd);

u16 sevl_fw_launch_start(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_launch_update_data(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_launch_update_vmsa(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_launch_measure(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_launch_secret(struct sevl_fw *fw, void *cmd);
u16 sevl_fw_launch_finish(struct sevl_fw *fw, void *cmd);

#endif /* _SEVL_SWFW_FW_H */
