/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEV-SNP firmware interface shared by the PSP mailbox driver and the
 * software firmware: command ids, command buffer layouts and the
 * structures the firmware reads or writes in memory, as defined by AMD's
 * SEV-SNP Firmware ABI specification (pub. 56860, rev. 1.55) and used by
 * upstream Linux 6.12 (include/linux/psp-sev.h,
 * include/uapi/linux/psp-sev.h).  Numbers and layouts only; upstream's
 * bit-fields are given here as explicit flag words.
 *
 * Every name carries a sevl_/SEVL_ prefix; included by <sev-launch/fw.h>.
 */
#ifndef _SEV_LAUNCH_FW_SNP_H
#define _SEV_LAUNCH_FW_SNP_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/build_bug.h>

/* SNP command ids (SNP ABI, "Command Identifiers"; psp-sev.h). */
enum sevl_snp_cmd {
	SEVL_CMD_SNP_INIT		= 0x081,
	SEVL_CMD_SNP_SHUTDOWN		= 0x082,
	SEVL_CMD_SNP_PLATFORM_STATUS	= 0x083,
	SEVL_CMD_SNP_DF_FLUSH		= 0x084,
	SEVL_CMD_SNP_INIT_EX		= 0x085,
	SEVL_CMD_SNP_SHUTDOWN_EX	= 0x086,
	SEVL_CMD_SNP_DECOMMISSION	= 0x090,
	SEVL_CMD_SNP_ACTIVATE		= 0x091,
	SEVL_CMD_SNP_GUEST_STATUS	= 0x092,
	SEVL_CMD_SNP_GCTX_CREATE	= 0x093,
	SEVL_CMD_SNP_GUEST_REQUEST	= 0x094,
	SEVL_CMD_SNP_ACTIVATE_EX	= 0x095,
	SEVL_CMD_SNP_LAUNCH_START	= 0x0A0,
	SEVL_CMD_SNP_LAUNCH_UPDATE	= 0x0A1,
	SEVL_CMD_SNP_LAUNCH_FINISH	= 0x0A2,
	SEVL_CMD_SNP_DBG_DECRYPT	= 0x0B0,
	SEVL_CMD_SNP_DBG_ENCRYPT	= 0x0B1,
	SEVL_CMD_SNP_PAGE_RECLAIM	= 0x0C7,
	SEVL_CMD_SNP_PAGE_UNSMASH	= 0x0C8,
	SEVL_CMD_SNP_CONFIG		= 0x0C9,
	SEVL_CMD_SNP_COMMIT		= 0x0CB,
	SEVL_CMD_SNP_VLEK_LOAD		= 0x0CD,
};

/* SNP platform states (SNP_PLATFORM_STATUS.state). */
enum sevl_snp_platform_state {
	SEVL_SNP_PSTATE_UNINIT	= 0,
	SEVL_SNP_PSTATE_INIT	= 1,
};

/* SNP guest states (SNP ABI, "Guest States"). */
enum sevl_snp_guest_state {
	SEVL_SNP_GSTATE_INIT	= 0,
	SEVL_SNP_GSTATE_LAUNCH	= 1,
	SEVL_SNP_GSTATE_RUNNING	= 2,
};

/* SNP_LAUNCH_UPDATE page types (psp-sev.h SNP_PAGE_TYPE_*). */
enum sevl_snp_page_type {
	SEVL_SNP_PAGE_NORMAL		= 0x1,
	SEVL_SNP_PAGE_VMSA		= 0x2,
	SEVL_SNP_PAGE_ZERO		= 0x3,
	SEVL_SNP_PAGE_UNMEASURED	= 0x4,
	SEVL_SNP_PAGE_SECRETS		= 0x5,
	SEVL_SNP_PAGE_CPUID		= 0x6,
};

/* Guest policy (SNP ABI, "Guest Policy"), a 64-bit field. */
#define SEVL_SNP_POLICY_ABI_MINOR	GENMASK_ULL(7, 0)
#define SEVL_SNP_POLICY_ABI_MAJOR	GENMASK_ULL(15, 8)
#define SEVL_SNP_POLICY_SMT		BIT_ULL(16)
#define SEVL_SNP_POLICY_RSVD_MBO	BIT_ULL(17)
#define SEVL_SNP_POLICY_MIGRATE_MA	BIT_ULL(18)
#define SEVL_SNP_POLICY_DEBUG		BIT_ULL(19)
#define SEVL_SNP_POLICY_SINGLE_SOCKET	BIT_ULL(20)
#define SEVL_SNP_POLICY_CXL_ALLOW	BIT_ULL(21)
#define SEVL_SNP_POLICY_MEM_AES_256_XTS	BIT_ULL(22)
#define SEVL_SNP_POLICY_RAPL_DIS	BIT_ULL(23)
#define SEVL_SNP_POLICY_CIPHERTEXT_HIDING BIT_ULL(24)
#define SEVL_SNP_POLICY_RSVD_MASK	GENMASK_ULL(63, 25)

/* TCB_VERSION (SNP ABI, "TCB_VERSION", Milan/Genoa layout). */
#define SEVL_SNP_TCB_BOOTLOADER		GENMASK_ULL(7, 0)
#define SEVL_SNP_TCB_TEE		GENMASK_ULL(15, 8)
#define SEVL_SNP_TCB_RSVD		GENMASK_ULL(47, 16)
#define SEVL_SNP_TCB_SNP		GENMASK_ULL(55, 48)
#define SEVL_SNP_TCB_MICROCODE		GENMASK_ULL(63, 56)

/* SNP_INIT_EX flags. */
#define SEVL_SNP_INIT_RMP		BIT(0)
#define SEVL_SNP_INIT_LIST_EN		BIT(1)

struct sevl_snp_init_ex {
	u32 flags;
	u32 rsvd1;
	u64 list_paddr;
	u8 rsvd2[48];
} __packed;

/* RANGE_LIST read by SNP_INIT_EX. */
struct sevl_snp_range {
	u64 base;
	u32 page_count;
	u32 rsvd;
} __packed;

struct sevl_snp_range_list {
	u32 num_elements;
	u32 rsvd;
	struct sevl_snp_range ranges[];
} __packed;

/* SNP_SHUTDOWN_EX flags. */
#define SEVL_SNP_SHUTDOWN_IOMMU		BIT(0)

struct sevl_snp_shutdown_ex {
	u32 len;
	u32 flags;
} __packed;

/* A single address: SNP_PLATFORM_STATUS, SNP_DECOMMISSION, GCTX_CREATE. */
struct sevl_snp_addr {
	u64 address;
} __packed;

/* SNP_PLATFORM_STATUS output page (uapi struct sev_user_data_snp_status). */
#define SEVL_SNP_STATUS_RMP_INIT	BIT(0)		/* byte 3 */
#define SEVL_SNP_STATUS_MASK_CHIP_ID	BIT(0)		/* flags */
#define SEVL_SNP_STATUS_MASK_CHIP_KEY	BIT(1)
#define SEVL_SNP_STATUS_VLEK_EN		BIT(2)

struct sevl_snp_status {
	u8 api_major;
	u8 api_minor;
	u8 state;
	u8 rmp_flags;
	u32 build_id;
	u32 flags;
	u32 guest_count;
	u64 current_tcb;
	u64 reported_tcb;
} __packed;

/* SNP_CONFIG (uapi struct sev_user_data_snp_config). */
#define SEVL_SNP_CONFIG_MASK_CHIP_ID	BIT(0)
#define SEVL_SNP_CONFIG_MASK_CHIP_KEY	BIT(1)

struct sevl_snp_config {
	u64 reported_tcb;
	u32 flags;
	u8 rsvd[52];
} __packed;

struct sevl_snp_commit {
	u32 len;
} __packed;

struct sevl_snp_activate {
	u64 gctx_paddr;
	u32 asid;
} __packed;

struct sevl_snp_guest_status_cmd {
	u64 gctx_paddr;
	u64 address;
} __packed;

/* SNP_PAGE_RECLAIM: bit 0 of the address is the page size (1 = 2 MiB). */
struct sevl_snp_page_reclaim {
	u64 paddr;
} __packed;

/* SNP_LAUNCH_START flags. */
#define SEVL_SNP_START_MA_EN		BIT(0)
#define SEVL_SNP_START_IMI_EN		BIT(1)

struct sevl_snp_launch_start {
	u64 gctx_paddr;
	u64 policy;
	u64 ma_gctx_paddr;
	u32 flags;
	u32 desired_tsc_khz;
	u8 gosvw[16];
} __packed;

/* SNP_LAUNCH_UPDATE word at offset 8. */
#define SEVL_SNP_UPDATE_PAGE_SIZE	BIT(0)
#define SEVL_SNP_UPDATE_PAGE_TYPE	GENMASK(3, 1)
#define SEVL_SNP_UPDATE_IMI		BIT(4)
#define SEVL_SNP_UPDATE_RSVD		GENMASK(31, 5)
/* SNP_LAUNCH_UPDATE word at offset 24: VMPL1..3 permissions. */
#define SEVL_SNP_UPDATE_PERMS_RSVD	GENMASK(7, 0)
#define SEVL_SNP_UPDATE_VMPL1		GENMASK(15, 8)
#define SEVL_SNP_UPDATE_VMPL2		GENMASK(23, 16)
#define SEVL_SNP_UPDATE_VMPL3		GENMASK(31, 24)

struct sevl_snp_launch_update {
	u64 gctx_paddr;
	u32 flags;
	u32 rsvd2;
	u64 address;
	u32 perms;
	u32 rsvd4;
} __packed;

/* SNP_LAUNCH_FINISH flags. */
#define SEVL_SNP_FINISH_ID_BLOCK_EN	BIT_ULL(0)
#define SEVL_SNP_FINISH_AUTH_KEY_EN	BIT_ULL(1)
#define SEVL_SNP_FINISH_VCEK_DISABLED	BIT_ULL(2)
#define SEVL_SNP_FINISH_RSVD		GENMASK_ULL(63, 3)

struct sevl_snp_launch_finish {
	u64 gctx_paddr;
	u64 id_block_paddr;
	u64 id_auth_paddr;
	u64 flags;
	u8 host_data[32];
} __packed;

struct sevl_snp_guest_request {
	u64 gctx_paddr;
	u64 req_paddr;
	u64 res_paddr;
} __packed;

/* PAGE_INFO (SNP ABI, "PAGE_INFO"), hashed by SNP_LAUNCH_UPDATE. */
struct sevl_snp_page_info {
	u8 digest_cur[48];
	u8 contents[48];
	__le16 length;
	u8 page_type;
	u8 imi_page;
	u8 vmpl3_perms;
	u8 vmpl2_perms;
	u8 vmpl1_perms;
	u8 rsvd;
	__le64 gpa;
} __packed;

/* ID_BLOCK (SNP ABI, "ID_BLOCK"). */
#define SEVL_SNP_ID_BLOCK_VERSION	1

struct sevl_snp_id_block {
	u8 ld[48];
	u8 family_id[16];
	u8 image_id[16];
	u32 version;
	u32 guest_svn;
	u64 policy;
} __packed;

/* ECDSA public key and signature (SNP ABI, "ECDSA Public Key Format"). */
#define SEVL_SNP_ALGO_ECDSA_P384_SHA384	1
#define SEVL_SNP_CURVE_P384		2

struct sevl_snp_ecdsa_pubkey {
	u32 curve;
	u8 qx[72];
	u8 qy[72];
	u8 rsvd[880];
} __packed;

struct sevl_snp_ecdsa_sig {
	u8 r[72];
	u8 s[72];
	u8 rsvd[368];
} __packed;

/* ID_AUTH_INFO (SNP ABI, "ID_AUTH_INFO"), 4096 bytes. */
struct sevl_snp_id_auth {
	u32 id_key_algo;
	u32 author_key_algo;
	u8 rsvd1[56];
	struct sevl_snp_ecdsa_sig id_block_sig;
	struct sevl_snp_ecdsa_pubkey id_key;
	u8 rsvd2[60];
	struct sevl_snp_ecdsa_sig id_key_sig;
	struct sevl_snp_ecdsa_pubkey author_key;
	u8 rsvd3[892];
} __packed;

static_assert(sizeof(struct sevl_snp_init_ex) == 64);
static_assert(sizeof(struct sevl_snp_range) == 16);
static_assert(sizeof(struct sevl_snp_shutdown_ex) == 8);
static_assert(sizeof(struct sevl_snp_status) == 32);
static_assert(sizeof(struct sevl_snp_config) == 64);
static_assert(sizeof(struct sevl_snp_activate) == 12);
static_assert(sizeof(struct sevl_snp_launch_start) == 48);
static_assert(sizeof(struct sevl_snp_launch_update) == 32);
static_assert(sizeof(struct sevl_snp_launch_finish) == 64);
static_assert(sizeof(struct sevl_snp_guest_request) == 24);
static_assert(sizeof(struct sevl_snp_page_info) == 0x70);
static_assert(sizeof(struct sevl_snp_id_block) == 96);
static_assert(sizeof(struct sevl_snp_ecdsa_pubkey) == 0x404);
static_assert(sizeof(struct sevl_snp_ecdsa_sig) == 0x200);
static_assert(sizeof(struct sevl_snp_id_auth) == 4096);

#endif /* _SEV_LAUNCH_FW_SNP_H */
