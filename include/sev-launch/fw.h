/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEV firmware interface shared by the PSP mailbox driver and the software
 * firmware: command ids, command buffer layouts and the mailbox register
 * protocol, as defined by the AMD SEV API specification (pub. 55766) and
 * used by upstream Linux.
 *
 * Every name carries a sevl_/SEVL_ prefix so this header can sit next to the
 * kernel's own <linux/psp-sev.h> without clashing.
 */
#ifndef _SEV_LAUNCH_FW_H
#define _SEV_LAUNCH_FW_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/build_bug.h>

/* Firmware command ids (SEV API, "Command Identifiers"). */
enum sevl_fw_cmd {
	SEVL_CMD_INIT			= 0x001,
	SEVL_CMD_SHUTDOWN		= 0x002,
	SEVL_CMD_FACTORY_RESET		= 0x003,
	SEVL_CMD_PLATFORM_STATUS	= 0x004,
	SEVL_CMD_PEK_GEN		= 0x005,
	SEVL_CMD_PEK_CSR		= 0x006,
	SEVL_CMD_PEK_CERT_IMPORT	= 0x007,
	SEVL_CMD_PDH_CERT_EXPORT	= 0x008,
	SEVL_CMD_PDH_GEN		= 0x009,
	SEVL_CMD_DF_FLUSH		= 0x00A,
	SEVL_CMD_DOWNLOAD_FIRMWARE	= 0x00B,
	SEVL_CMD_GET_ID			= 0x00C,
	SEVL_CMD_INIT_EX		= 0x00D,

	SEVL_CMD_DECOMMISSION		= 0x020,
	SEVL_CMD_ACTIVATE		= 0x021,
	SEVL_CMD_DEACTIVATE		= 0x022,
	SEVL_CMD_GUEST_STATUS		= 0x023,

	SEVL_CMD_LAUNCH_START		= 0x030,
	SEVL_CMD_LAUNCH_UPDATE_DATA	= 0x031,
	SEVL_CMD_LAUNCH_UPDATE_VMSA	= 0x032,
	SEVL_CMD_LAUNCH_MEASURE		= 0x033,
	SEVL_CMD_LAUNCH_UPDATE_SECRET	= 0x034,
	SEVL_CMD_LAUNCH_FINISH		= 0x035,
	SEVL_CMD_ATTESTATION_REPORT	= 0x036,

	SEVL_CMD_DBG_DECRYPT		= 0x060,
	SEVL_CMD_DBG_ENCRYPT		= 0x061,

	SEVL_CMD_MAX			= 0x800,	/* 11-bit id field */
};

/* Platform states (PLATFORM_STATUS.state). */
enum sevl_platform_state {
	SEVL_PSTATE_UNINIT	= 0,
	SEVL_PSTATE_INIT	= 1,
	SEVL_PSTATE_WORKING	= 2,
};

/* PLATFORM_STATUS.flags bits. */
#define SEVL_PSTATUS_OWNER_EXTERNAL	BIT(0)
#define SEVL_PSTATUS_CONFIG_ES		BIT(8)

/* INIT / INIT_EX flags. */
#define SEVL_INIT_FLAGS_ES		BIT(0)

/*
 * Firmware command buffers.  All packed; "rsvd" fields are zero on input.
 * Lengths marked in/out are rewritten by the firmware.
 */
struct sevl_fw_init {
	u32 flags;
	u32 rsvd;
	u64 tmr_address;
	u32 tmr_len;
} __packed;

struct sevl_fw_init_ex {
	u32 length;
	u32 flags;
	u64 tmr_address;
	u32 tmr_len;
	u32 rsvd;
	u64 nv_address;
	u32 nv_len;
} __packed;

struct sevl_fw_platform_status {
	u8 api_major;
	u8 api_minor;
	u8 state;
	u32 flags;
	u8 build;
	u32 guest_count;
} __packed;

struct sevl_fw_addr_len {		/* PEK_CSR, GET_ID */
	u64 address;
	u32 len;
} __packed;

struct sevl_fw_pek_cert_import {
	u64 pek_cert_address;
	u32 pek_cert_len;
	u32 rsvd;
	u64 oca_cert_address;
	u32 oca_cert_len;
} __packed;

struct sevl_fw_pdh_cert_export {
	u64 pdh_cert_address;
	u32 pdh_cert_len;
	u32 rsvd;
	u64 cert_chain_address;
	u32 cert_chain_len;
} __packed;

struct sevl_fw_handle {			/* DECOMMISSION, DEACTIVATE, LAUNCH_FINISH */
	u32 handle;
} __packed;

struct sevl_fw_activate {
	u32 handle;
	u32 asid;
} __packed;

struct sevl_fw_guest_status {
	u32 handle;
	u32 policy;
	u32 asid;
	u8 state;
} __packed;

struct sevl_fw_launch_start {
	u32 handle;
	u32 policy;
	u64 dh_cert_address;
	u32 dh_cert_len;
	u32 rsvd;
	u64 session_address;
	u32 session_len;
} __packed;

struct sevl_fw_launch_update {		/* LAUNCH_UPDATE_DATA and _VMSA */
	u32 handle;
	u32 rsvd;
	u64 address;
	u32 len;
} __packed;

struct sevl_fw_launch_measure {
	u32 handle;
	u32 rsvd;
	u64 address;
	u32 len;
} __packed;

struct sevl_fw_launch_secret {
	u32 handle;
	u32 rsvd1;
	u64 hdr_address;
	u32 hdr_len;
	u32 rsvd2;
	u64 guest_address;
	u32 guest_len;
	u32 rsvd3;
	u64 trans_address;
	u32 trans_len;
} __packed;

struct sevl_fw_dbg {
	u32 handle;
	u32 rsvd;
	u64 src_addr;
	u64 dst_addr;
	u32 len;
} __packed;

static_assert(sizeof(struct sevl_fw_init) == 20);
static_assert(sizeof(struct sevl_fw_init_ex) == 36);
static_assert(sizeof(struct sevl_fw_platform_status) == 12);
static_assert(sizeof(struct sevl_fw_addr_len) == 12);
static_assert(sizeof(struct sevl_fw_pek_cert_import) == 28);
static_assert(sizeof(struct sevl_fw_pdh_cert_export) == 28);
static_assert(sizeof(struct sevl_fw_activate) == 8);
static_assert(sizeof(struct sevl_fw_guest_status) == 13);
static_assert(sizeof(struct sevl_fw_launch_start) == 36);
static_assert(sizeof(struct sevl_fw_launch_update) == 20);
static_assert(sizeof(struct sevl_fw_launch_measure) == 20);
static_assert(sizeof(struct sevl_fw_launch_secret) == 52);
static_assert(sizeof(struct sevl_fw_dbg) == 28);

/*
 * Mailbox registers (offsets from the BAR of a real PSP, or from the start
 * of the software firmware's register window).
 */
struct sevl_mbox_regs {
	u32 cmdresp;
	u32 cmdbuff_addr_lo;
	u32 cmdbuff_addr_hi;
	u32 feature;
	u32 inten;
	u32 intsts;
};

#define SEVL_CMDRESP_IOC		BIT(0)
#define SEVL_CMDRESP_STATUS_MASK	GENMASK(15, 0)
#define SEVL_CMDRESP_CMD_MASK		GENMASK(26, 16)
#define SEVL_CMDRESP_CMD_SHIFT		16
#define SEVL_CMDRESP_RESP		BIT(31)
#define SEVL_INTSTS_CMD_COMPLETE	BIT(1)
#define SEVL_FEATURE_SEV		BIT(0)

/* Fixed formats (SEV API, "Certificates" and "Launch Secret"). */
#define SEVL_CERT_SIZE			2084
#define SEVL_SESSION_SIZE		128
#define SEVL_MEASURE_SIZE		48
#define SEVL_SECRET_HDR_SIZE		52
#define SEVL_VMSA_SIZE			4096

#include <sev-launch/fw_snp.h>

#endif /* _SEV_LAUNCH_FW_H */
