/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEV-SNP in the software firmware: platform state, the emulated RMP and
 * guest contexts.  Facts and their sources: Documentation/snp.rst.
 *
 * Everything here is private to the firmware model except the
 * sevl_snp_rmp_* functions marked "emulator API", which stand for the CPU
 * instructions (RMPUPDATE, RMPREAD) a host uses on real hardware.
 */
#ifndef _SEVL_SWFW_SNP_H
#define _SEVL_SWFW_SNP_H

#include <linux/types.h>
#include <linux/xarray.h>
#include <crypto/sha2.h>
#include <sev-launch/fw.h>

struct sevl_fw;
struct sevl_snp_fixed;

#define SEVL_SNP_API_MAJOR	1
#define SEVL_SNP_API_MINOR	55
#define SEVL_SNP_CHIP_ID_LEN	64
#define SEVL_SNP_VMPCK_LEN	32
#define SEVL_SNP_NR_VMPCK	4
#define SEVL_SNP_PAGE_SIZE	4096
/* GPA of VMSA pages in the RMP as upstream KVM assigns them. */
#define SEVL_SNP_VMSA_GPA	0xFFFFFFFFF000ULL

/**
 * struct sevl_snp_cfg - the last SNP_CONFIG (SNP_SET_CONFIG) value
 * @reported_tcb: TCB_VERSION reported in attestation reports
 * @mask_chip_id: reports carry a zero CHIP_ID
 * @mask_chip_key: reports are not signed
 */
struct sevl_snp_cfg {
	u64 reported_tcb;
	bool mask_chip_id;
	bool mask_chip_key;
};

/**
 * struct sevl_snp_platform - SNP part of the firmware (struct sevl_fw.snp)
 * @state: SEVL_SNP_PSTATE_*
 * @api_major: SNP API major version (1)
 * @api_minor: SNP API minor version (55)
 * @build: SNP firmware build id
 * @chip_id: CHIP_ID of reports: SHA-512 of the GET_ID value
 * @current_tcb: TCB_VERSION of the running firmware
 * @reported_tcb: TCB_VERSION put in reports (SNP_CONFIG, else current)
 * @committed_tcb: TCB_VERSION committed by SNP_COMMIT
 * @launch_tcb: TCB_VERSION at the last SNP_INIT
 * @committed_api_major: API major version committed by SNP_COMMIT
 * @committed_api_minor: API minor version committed by SNP_COMMIT
 * @committed_build: build committed by SNP_COMMIT
 * @config: the last SNP_CONFIG
 * @guest_count: number of SNP guest contexts
 * @rmp_init: the RMP was initialised by an SNP_INIT since creation
 * @rmp: the emulated RMP: pfn -> struct sevl_snp_rmpe, absent = Hypervisor
 * @fixed: HV-Fixed ranges of the last SNP_INIT_EX (snp_rmp.c)
 * @nr_fixed: number of @fixed ranges
 * @guests: gctx pfn -> struct sevl_snp_guest
 */
struct sevl_snp_platform {
	u8 state;
	u8 api_major;
	u8 api_minor;
	u32 build;
	u8 chip_id[SEVL_SNP_CHIP_ID_LEN];
	u64 current_tcb;
	u64 reported_tcb;
	u64 committed_tcb;
	u64 launch_tcb;
	u8 committed_api_major;
	u8 committed_api_minor;
	u32 committed_build;
	struct sevl_snp_cfg config;
	u32 guest_count;
	bool rmp_init;
	struct xarray rmp;
	struct sevl_snp_fixed *fixed;
	u32 nr_fixed;
	struct xarray guests;
};

/**
 * struct sevl_snp_guest - an SNP guest context (one per context page)
 * @gctx_pa: system physical address of its guest context page
 * @state: SEVL_SNP_GSTATE_*
 * @asid: ASID bound by SNP_ACTIVATE, 0 before
 * @policy: guest policy
 * @ld: launch digest (SHA-384 PAGE_INFO chain), final after LAUNCH_FINISH
 * @family_id: from the ID block
 * @image_id: from the ID block
 * @guest_svn: from the ID block
 * @id_key_digest: SHA-384 of the ID public key (ID_AUTH_INFO layout)
 * @author_key_digest: SHA-384 of the author public key
 * @author_key_en: an author key signed the ID key
 * @id_block_en: LAUNCH_FINISH was given an ID block
 * @vcek_disabled: reports may not be signed with the VCEK
 * @host_data: from LAUNCH_FINISH
 * @report_id: random per guest
 * @report_id_ma: REPORT_ID of the migration agent, all ones without one
 * @vmpck: VMPCK0..3, drawn when the SECRETS page is written
 * @msg_seq: last sequence number used per VMPCK (guest messages)
 * @launch_tcb: platform TCB at LAUNCH_START
 * @gosvw: guest OS-visible workarounds from LAUNCH_START
 * @desired_tsc_khz: from LAUNCH_START
 * @vek: memory encryption key (the model's AES-128 memory cipher)
 * @imi_en: started with IMI_EN (an incoming migration image)
 * @secrets_done: a SECRETS page was written
 */
struct sevl_snp_guest {
	u64 gctx_pa;
	u8 state;
	u32 asid;
	u64 policy;
	u8 ld[SHA384_DIGEST_SIZE];
	u8 family_id[16];
	u8 image_id[16];
	u32 guest_svn;
	u8 id_key_digest[SHA384_DIGEST_SIZE];
	u8 author_key_digest[SHA384_DIGEST_SIZE];
	bool author_key_en;
	bool id_block_en;
	bool vcek_disabled;
	u8 host_data[32];
	u8 report_id[32];
	u8 report_id_ma[32];
	u8 vmpck[SEVL_SNP_NR_VMPCK][SEVL_SNP_VMPCK_LEN];
	u64 msg_seq[SEVL_SNP_NR_VMPCK];
	u64 launch_tcb;
	u8 gosvw[16];
	u32 desired_tsc_khz;
	u8 vek[16];
	bool imi_en;
	bool secrets_done;
};

/**
 * enum sevl_snp_page_state - RMP page states (SNP ABI, "Page States")
 * @SEVL_RMP_HYPERVISOR: not assigned, mutable (the default)
 * @SEVL_RMP_HV_FIXED: not assigned, immutable (SNP_INIT_EX range list)
 * @SEVL_RMP_FIRMWARE: assigned, ASID 0, immutable
 * @SEVL_RMP_RECLAIM: assigned, ASID 0, mutable (after SNP_PAGE_RECLAIM)
 * @SEVL_RMP_CONTEXT: a guest context page (firmware-owned)
 * @SEVL_RMP_PRE_GUEST: assigned to an ASID, immutable, not validated
 * @SEVL_RMP_GUEST_INVALID: assigned to an ASID, mutable, not validated
 * @SEVL_RMP_GUEST_VALID: assigned to an ASID, validated
 */
enum sevl_snp_page_state {
	SEVL_RMP_HYPERVISOR,
	SEVL_RMP_HV_FIXED,
	SEVL_RMP_FIRMWARE,
	SEVL_RMP_RECLAIM,
	SEVL_RMP_CONTEXT,
	SEVL_RMP_PRE_GUEST,
	SEVL_RMP_GUEST_INVALID,
	SEVL_RMP_GUEST_VALID,
};

/**
 * struct sevl_snp_rmpe - one RMP entry (a 4 KiB page)
 * @state: enum sevl_snp_page_state
 * @page_size: 0 for 4 KiB (the only size the model assigns)
 * @vmsa: the page is a VMSA
 * @asid: owning ASID for guest pages, else 0
 * @gpa: guest physical address for guest pages
 * @perms: VMPL1..3 permission masks (index 0 = VMPL1)
 *
 * Assigned, immutable and validated follow from @state.
 */
struct sevl_snp_rmpe {
	u8 state;
	u8 page_size;
	bool vmsa;
	u32 asid;
	u64 gpa;
	u8 perms[3];
};

/**
 * struct sevl_snp_rmp_count - occupancy of the emulated RMP
 * @pages: pages per enum sevl_snp_page_state; [SEVL_RMP_HYPERVISOR] is
 *	always 0 (every page without an entry is Hypervisor)
 * @vmsa: Guest-Valid pages with the VMSA flag
 */
struct sevl_snp_rmp_count {
	u64 pages[SEVL_RMP_GUEST_VALID + 1];
	u64 vmsa;
};

/* Emulator API: what RMPUPDATE/RMPREAD do on hardware (snp_rmp.c). */
int sevl_snp_rmp_update(struct sevl_fw *fw, u64 pfn, bool assigned, u32 asid,
			u64 gpa, bool immutable);
int sevl_snp_rmp_read(struct sevl_fw *fw, u64 pfn, struct sevl_snp_rmpe *e);
int sevl_snp_rmp_make_firmware(struct sevl_fw *fw, u64 pa, u64 npages);
int sevl_snp_rmp_make_shared(struct sevl_fw *fw, u64 pa, u64 npages);
/* Emulator-only test view (snp_rmp.c, shown by snp_debugfs_view.c). */
void sevl_snp_rmp_count(struct sevl_fw *fw, struct sevl_snp_rmp_count *c,
			u64 *per_asid);

/* Firmware-internal, fw->lock held (snp_rmp.c). */
void sevl_snp_rmp_get(struct sevl_fw *fw, u64 pfn, struct sevl_snp_rmpe *e);
int sevl_snp_rmp_set(struct sevl_fw *fw, u64 pfn,
		     const struct sevl_snp_rmpe *e);
int sevl_snp_rmp_add_fixed(struct sevl_fw *fw, u64 pfn, u64 count);
void sevl_snp_rmp_reset(struct sevl_fw *fw);
u16 sevl_snp_rmp_check_state(struct sevl_fw *fw, u64 pa, u64 len, u8 state);
u16 sevl_snp_page_reclaim(struct sevl_fw *fw, void *cmd);

/* Platform (snp_platform.c). */
int sevl_snp_create(struct sevl_fw *fw);
void sevl_snp_destroy(struct sevl_fw *fw);
bool sevl_snp_asid_is_snp(struct sevl_fw *fw, u32 asid);
void sevl_snp_dirty_legacy_asids(struct sevl_fw *fw);
u16 sevl_snp_legacy_init_check(struct sevl_fw *fw, u32 flags, u64 tmr_pa,
			       u32 tmr_len);
u16 sevl_snp_init(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_init_ex(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_shutdown(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_shutdown_ex(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_platform_status(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_df_flush(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_config(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_commit(struct sevl_fw *fw, void *cmd);

/* Guests (snp_guest.c). */
struct sevl_snp_guest *sevl_snp_guest_find(struct sevl_fw *fw, u64 gctx_pa);
u16 sevl_snp_activate(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_decommission(struct sevl_fw *fw, void *cmd);
void sevl_snp_guests_clear(struct sevl_fw *fw);

/* Launch (snp_launch.c, snp_cpuid.c, snp_idauth.c). */
u16 sevl_snp_gctx_create(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_launch_start(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_launch_update(struct sevl_fw *fw, void *cmd);
u16 sevl_snp_launch_finish(struct sevl_fw *fw, void *cmd);
u32 sevl_snp_cpuid_fms(void);
bool sevl_snp_cpuid_check(u8 *page);
u16 sevl_snp_id_check(struct sevl_fw *fw, struct sevl_snp_guest *g,
		      const struct sevl_snp_launch_finish *c);

#endif /* _SEVL_SWFW_SNP_H */
