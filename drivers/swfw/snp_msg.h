/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEV-SNP guest messages (ABI spec pub. 56860 rev. 1.55, SNP_GUEST_REQUEST
 * and "Guest Messages"): a 0x60-byte header, then the payload encrypted
 * with AES-256-GCM under one of the guest's four VMPCKs.  The IV is the
 * 64-bit message sequence number, little-endian, zero-extended to 96 bits;
 * the additional authenticated data is the header from ALGO to its end
 * (48 bytes); the 16-byte tag sits at the start of the 32-byte AUTHTAG.
 * Linux's guest driver (drivers/virt/coco/sev-guest) uses the same layout.
 */
#ifndef _SEVL_SWFW_SNP_MSG_H
#define _SEVL_SWFW_SNP_MSG_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>

#include "snp.h"

#define SEVL_SNP_MSG_PAGE		4096
#define SEVL_SNP_MSG_HDR_SIZE		0x60
#define SEVL_SNP_MSG_MAX_PAYLOAD	(SEVL_SNP_MSG_PAGE - SEVL_SNP_MSG_HDR_SIZE)
#define SEVL_SNP_MSG_AAD_OFF		0x30
#define SEVL_SNP_MSG_AAD_LEN		(SEVL_SNP_MSG_HDR_SIZE - SEVL_SNP_MSG_AAD_OFF)
#define SEVL_SNP_MSG_TAG_LEN		16

#define SEVL_SNP_AEAD_AES_256_GCM	1
#define SEVL_SNP_MSG_HDR_VERSION	1

/* MSG_TYPE values */
#define SEVL_SNP_MSG_KEY_REQ		3
#define SEVL_SNP_MSG_KEY_RSP		4
#define SEVL_SNP_MSG_REPORT_REQ		5
#define SEVL_SNP_MSG_REPORT_RSP		6

/* STATUS of MSG_REPORT_RSP and MSG_KEY_RSP */
#define SEVL_SNP_RSP_SUCCESS		0x00
#define SEVL_SNP_RSP_INVALID_PARAMS	0x16
#define SEVL_SNP_RSP_INVALID_KEY	0x27

#define SEVL_SNP_KEY_SEL_MASK		GENMASK(1, 0)

/**
 * struct sevl_snp_msg_hdr - guest message header
 * @authtag: AES-GCM tag in bytes 0-15, zero above
 * @msg_seqno: message sequence number (the IV)
 * @rsvd1: zero
 * @algo: SEVL_SNP_AEAD_AES_256_GCM
 * @hdr_version: SEVL_SNP_MSG_HDR_VERSION
 * @hdr_sz: SEVL_SNP_MSG_HDR_SIZE
 * @msg_type: SEVL_SNP_MSG_*
 * @msg_version: version of the payload structure
 * @msg_sz: payload size in bytes
 * @rsvd2: zero
 * @msg_vmpck: index of the VMPCK that protects the message (0-3)
 * @rsvd3: zero
 */
struct sevl_snp_msg_hdr {
	u8 authtag[32];
	__le64 msg_seqno;
	u8 rsvd1[8];
	u8 algo;
	u8 hdr_version;
	__le16 hdr_sz;
	u8 msg_type;
	u8 msg_version;
	__le16 msg_sz;
	__le32 rsvd2;
	u8 msg_vmpck;
	u8 rsvd3[35];
} __packed;

static_assert(sizeof(struct sevl_snp_msg_hdr) == SEVL_SNP_MSG_HDR_SIZE);
static_assert(offsetof(struct sevl_snp_msg_hdr, algo) == SEVL_SNP_MSG_AAD_OFF);

/**
 * struct sevl_snp_report_req - MSG_REPORT_REQ payload
 * @report_data: copied into REPORT_DATA
 * @vmpl: VMPL to report; at least the requester's (its VMPCK index)
 * @key_sel: version 2: bits 1:0 select the signing key (0 default,
 *	1 VCEK, 2 VLEK); other bits, and the whole field in version 1, zero
 * @rsvd: zero
 */
struct sevl_snp_report_req {
	u8 report_data[64];
	__le32 vmpl;
	__le32 key_sel;
	u8 rsvd[24];
} __packed;

/**
 * struct sevl_snp_report_rsp - MSG_REPORT_RSP payload
 * @status: SEVL_SNP_RSP_*
 * @report_size: size of @report, 0 on failure
 * @rsvd: zero
 * @report: the ATTESTATION_REPORT (struct sevl_snp_report)
 */
struct sevl_snp_report_rsp {
	__le32 status;
	__le32 report_size;
	u8 rsvd[24];
	u8 report[0x4a0];
} __packed;

/**
 * struct sevl_snp_key_req - MSG_KEY_REQ payload
 * @root_key_select: bit 0: root key (0 VCEK, 1 VMRK); bits 2:1 KEY_SEL
 *	(0 default, 1 VCEK, 2 VLEK); other bits zero
 * @rsvd: zero
 * @guest_field_select: bit 0 POLICY, 1 IMAGE_ID, 2 FAMILY_ID,
 *	3 MEASUREMENT, 4 GUEST_SVN, 5 TCB_VERSION; other bits zero
 * @vmpl: VMPL mixed into the key; at least the requester's
 * @guest_svn: SVN mixed in; at most the guest's SVN
 * @tcb_version: TCB mixed in; no component above the committed TCB
 */
struct sevl_snp_key_req {
	__le32 root_key_select;
	__le32 rsvd;
	__le64 guest_field_select;
	__le32 vmpl;
	__le32 guest_svn;
	__le64 tcb_version;
} __packed;

/**
 * struct sevl_snp_key_rsp - MSG_KEY_RSP payload
 * @status: SEVL_SNP_RSP_*
 * @rsvd: zero
 * @key: the derived key, zero on failure
 */
struct sevl_snp_key_rsp {
	__le32 status;
	u8 rsvd[28];
	u8 key[32];
} __packed;

static_assert(sizeof(struct sevl_snp_report_req) == 0x60);
static_assert(sizeof(struct sevl_snp_report_rsp) == 0x20 + 0x4a0);
static_assert(sizeof(struct sevl_snp_key_req) == 0x20);
static_assert(sizeof(struct sevl_snp_key_rsp) == 0x40);

struct sevl_fw;

u16 sevl_snp_guest_request(struct sevl_fw *fw, void *cmd);
int sevl_snp_msg_seal(const u8 *vmpck, u8 *page, u64 seqno, u8 type,
		      u8 version, u8 vmpck_idx, const void *payload,
		      size_t len);
int sevl_snp_msg_open(const u8 *vmpck, const u8 *page, void *payload,
		      size_t cap, size_t *len);

#endif /* _SEVL_SWFW_SNP_MSG_H */
