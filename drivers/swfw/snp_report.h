/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEV-SNP attestation in the software firmware: the emulator's SNP test
 * keys and their X.509 chain (snp_x509.c), the ATTESTATION_REPORT
 * (snp_report.c) and the guest messages of SNP_GUEST_REQUEST (snp_msg.c).
 *
 * Layouts follow AMD's SEV-SNP Firmware ABI specification (pub. 56860,
 * revision 1.55): ATTESTATION_REPORT structure (report version 3) and the
 * guest message header of SNP_GUEST_REQUEST.
 */
#ifndef _SEVL_SWFW_SNP_REPORT_H
#define _SEVL_SWFW_SNP_REPORT_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <crypto/sha2.h>

#include "crypto.h"
#include "snp.h"

/* Largest DER certificate the builder writes. */
#define SEVL_SNP_CERT_MAX		2048

int sevl_snp_ark_key(struct sevl_p384_key *key);
int sevl_snp_ask_key(struct sevl_p384_key *key);
int sevl_snp_vcek_key(const u8 *chip_id, u64 reported_tcb,
		      struct sevl_p384_key *key);
int sevl_snp_ark_cert(u8 *buf, size_t cap, size_t *len);
int sevl_snp_ask_cert(u8 *buf, size_t cap, size_t *len);
int sevl_snp_vcek_cert(const u8 *chip_id, u64 reported_tcb, u8 *buf,
		       size_t cap, size_t *len);

/* ATTESTATION_REPORT (ABI spec, "Attestation Report" table). */
#define SEVL_SNP_REPORT_VERSION		3
#define SEVL_SNP_SIG_ALGO_ECDSA_P384	1
#define SEVL_SNP_SIGNING_KEY_VCEK	0
#define SEVL_SNP_SIGNING_KEY_NONE	7
#define SEVL_SNP_REPORT_SIZE		0x4a0
#define SEVL_SNP_REPORT_SIGNED_LEN	0x2a0

/* Bits of the dword at 0x48. */
#define SEVL_SNP_RPT_AUTHOR_KEY_EN	BIT(0)
#define SEVL_SNP_RPT_MASK_CHIP_KEY	BIT(1)
#define SEVL_SNP_RPT_SIGNING_KEY_SHIFT	2

/* The emulated processor: AMD family 19h model 01h stepping 0 (Milan B0). */
#define SEVL_SNP_CPUID_FAM		0x19
#define SEVL_SNP_CPUID_MOD		0x01
#define SEVL_SNP_CPUID_STEP		0x00
#define SEVL_SNP_PRODUCT_NAME		"Milan-B0"

/**
 * struct sevl_snp_report - ATTESTATION_REPORT, version 3
 * @version: SEVL_SNP_REPORT_VERSION
 * @guest_svn: guest SVN from the ID block
 * @policy: guest policy
 * @family_id: family ID from the ID block
 * @image_id: image ID from the ID block
 * @vmpl: VMPL requested for the report
 * @sig_algo: SEVL_SNP_SIG_ALGO_ECDSA_P384
 * @current_tcb: current TCB_VERSION of the platform
 * @platform_info: platform info bits (SMT_EN, TSME_EN, ...)
 * @flags: AUTHOR_KEY_EN, MASK_CHIP_KEY, SIGNING_KEY
 * @rsvd0: zero
 * @report_data: guest supplied data
 * @measurement: launch digest
 * @host_data: data given by the host at LAUNCH_FINISH
 * @id_key_digest: SHA-384 of the ID public key, or zero
 * @author_key_digest: SHA-384 of the author public key, or zero
 * @report_id: report ID of this guest
 * @report_id_ma: report ID of its migration agent, or all ones
 * @reported_tcb: reported TCB_VERSION (the VCEK's TCB)
 * @cpuid_fam_id: CPUID family of the chip
 * @cpuid_mod_id: CPUID model
 * @cpuid_step: CPUID stepping
 * @rsvd1: zero
 * @chip_id: chip identifier, zero when MASK_CHIP_ID is set
 * @committed_tcb: committed TCB_VERSION
 * @current_build: firmware build
 * @current_minor: firmware API minor
 * @current_major: firmware API major
 * @rsvd2: zero
 * @committed_build: committed firmware build
 * @committed_minor: committed API minor
 * @committed_major: committed API major
 * @rsvd3: zero
 * @launch_tcb: TCB_VERSION at the guest's launch
 * @rsvd4: zero
 * @sig_r: ECDSA r, little-endian, zero above byte 48
 * @sig_s: ECDSA s, likewise
 * @rsvd5: zero
 */
struct sevl_snp_report {
	__le32 version;
	__le32 guest_svn;
	__le64 policy;
	u8 family_id[16];
	u8 image_id[16];
	__le32 vmpl;
	__le32 sig_algo;
	__le64 current_tcb;
	__le64 platform_info;
	__le32 flags;
	__le32 rsvd0;
	u8 report_data[64];
	u8 measurement[48];
	u8 host_data[32];
	u8 id_key_digest[48];
	u8 author_key_digest[48];
	u8 report_id[32];
	u8 report_id_ma[32];
	__le64 reported_tcb;
	u8 cpuid_fam_id;
	u8 cpuid_mod_id;
	u8 cpuid_step;
	u8 rsvd1[21];
	u8 chip_id[SEVL_SNP_CHIP_ID_LEN];
	__le64 committed_tcb;
	u8 current_build;
	u8 current_minor;
	u8 current_major;
	u8 rsvd2;
	u8 committed_build;
	u8 committed_minor;
	u8 committed_major;
	u8 rsvd3;
	__le64 launch_tcb;
	u8 rsvd4[168];
	u8 sig_r[72];
	u8 sig_s[72];
	u8 rsvd5[368];
} __packed;

static_assert(offsetof(struct sevl_snp_report, report_data) == 0x50);
static_assert(offsetof(struct sevl_snp_report, measurement) == 0x90);
static_assert(offsetof(struct sevl_snp_report, report_id) == 0x140);
static_assert(offsetof(struct sevl_snp_report, reported_tcb) == 0x180);
static_assert(offsetof(struct sevl_snp_report, chip_id) == 0x1a0);
static_assert(offsetof(struct sevl_snp_report, committed_tcb) == 0x1e0);
static_assert(offsetof(struct sevl_snp_report, launch_tcb) == 0x1f0);
static_assert(offsetof(struct sevl_snp_report, sig_r) ==
	      SEVL_SNP_REPORT_SIGNED_LEN);
static_assert(sizeof(struct sevl_snp_report) == SEVL_SNP_REPORT_SIZE);

struct sevl_fw;
struct sevl_snp_guest;

int sevl_snp_report_build(struct sevl_fw *fw, const struct sevl_snp_guest *g,
			  u32 vmpl, const u8 *report_data,
			  struct sevl_snp_report *r);
int sevl_snp_report_sign(struct sevl_snp_report *r,
			 const struct sevl_p384_key *vcek);
int sevl_snp_report_verify(const struct sevl_snp_report *r,
			   const struct sevl_p384_key *vcek);

#endif /* _SEVL_SWFW_SNP_REPORT_H */
