// SPDX-License-Identifier: GPL-2.0
/*
 * ATTESTATION_REPORT of the software SEV-SNP firmware: signing with the
 * VCEK over the signed range the ABI spec defines (bytes 0x0-0x29F) with
 * ECDSA P-384 and SHA-384, r and s stored little-endian in 72-byte fields.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <sev-launch/kunit.h>

#include "fw.h"
#include "snp.h"
#include "snp_report.h"

/**
 * sevl_snp_report_sign() - sign a report with the VCEK
 * @r: the report; its signature fields are overwritten
 * @vcek: VCEK key pair
 *
 * The signature is deterministic (sevl_p384_sign_deterministic()); it
 * changes with every byte of the signed range, so reports that differ in
 * REPORT_DATA differ in their signature.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_snp_report_sign(struct sevl_snp_report *r,
			 const struct sevl_p384_key *vcek)
{
	u8 digest[SHA384_DIGEST_SIZE];
	int ret;

	memset(r->sig_r, 0, sizeof(r->sig_r));
	memset(r->sig_s, 0, sizeof(r->sig_s));
	memset(r->rsvd5, 0, sizeof(r->rsvd5));
	ret = sevl_sha384(r, SEVL_SNP_REPORT_SIGNED_LEN, digest);
	if (!ret)
		ret = sevl_p384_sign_deterministic(vcek, digest, sizeof(digest),
						   r->sig_r, r->sig_s);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_report_sign);

/**
 * sevl_snp_report_verify() - check a report's signature
 * @r: the report
 * @vcek: VCEK public key
 *
 * Context: process context.
 * Return: 0 if the signature is valid, else a negative errno.
 */
int sevl_snp_report_verify(const struct sevl_snp_report *r,
			   const struct sevl_p384_key *vcek)
{
	u8 digest[SHA384_DIGEST_SIZE];
	int ret;

	if (memchr_inv(r->sig_r + SEVL_P384_BYTES, 0,
		       sizeof(r->sig_r) - SEVL_P384_BYTES) ||
	    memchr_inv(r->sig_s + SEVL_P384_BYTES, 0,
		       sizeof(r->sig_s) - SEVL_P384_BYTES))
		return -EBADMSG;
	ret = sevl_sha384(r, SEVL_SNP_REPORT_SIGNED_LEN, digest);
	if (!ret)
		ret = sevl_p384_verify(vcek, digest, sizeof(digest), r->sig_r,
				       r->sig_s);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_report_verify);

/**
 * sevl_snp_report_build() - the ATTESTATION_REPORT of a guest
 * @fw: firmware, lock held
 * @g: the guest (RUNNING)
 * @vmpl: VMPL to report
 * @report_data: 64 bytes of guest data
 * @r: receives the report, signed with the VCEK of the chip at the
 *	reported TCB unless SNP_CONFIG set MASK_CHIP_KEY
 *
 * CHIP_ID is zero when SNP_CONFIG set MASK_CHIP_ID.  PLATFORM_INFO is zero:
 * the model has no SMT, TSME, ECC, RAPL or ciphertext hiding to report.
 *
 * Context: process context.
 * Return: 0 or a negative errno (@r is then zeroed).
 */
int sevl_snp_report_build(struct sevl_fw *fw, const struct sevl_snp_guest *g,
			  u32 vmpl, const u8 *report_data,
			  struct sevl_snp_report *r)
{
	const struct sevl_snp_platform *p = &fw->snp;
	struct sevl_p384_key vcek;
	u32 flags = 0;
	int ret;

	memset(r, 0, sizeof(*r));
	r->version = cpu_to_le32(SEVL_SNP_REPORT_VERSION);
	r->guest_svn = cpu_to_le32(g->guest_svn);
	r->policy = cpu_to_le64(g->policy);
	memcpy(r->family_id, g->family_id, sizeof(r->family_id));
	memcpy(r->image_id, g->image_id, sizeof(r->image_id));
	r->vmpl = cpu_to_le32(vmpl);
	r->sig_algo = cpu_to_le32(SEVL_SNP_SIG_ALGO_ECDSA_P384);
	r->current_tcb = cpu_to_le64(p->current_tcb);
	if (g->author_key_en)
		flags |= SEVL_SNP_RPT_AUTHOR_KEY_EN;
	if (p->config.mask_chip_key)
		flags |= SEVL_SNP_RPT_MASK_CHIP_KEY |
			 SEVL_SNP_SIGNING_KEY_NONE <<
			 SEVL_SNP_RPT_SIGNING_KEY_SHIFT;
	else
		flags |= SEVL_SNP_SIGNING_KEY_VCEK <<
			 SEVL_SNP_RPT_SIGNING_KEY_SHIFT;
	r->flags = cpu_to_le32(flags);
	memcpy(r->report_data, report_data, sizeof(r->report_data));
	memcpy(r->measurement, g->ld, sizeof(r->measurement));
	memcpy(r->host_data, g->host_data, sizeof(r->host_data));
	memcpy(r->id_key_digest, g->id_key_digest, sizeof(r->id_key_digest));
	memcpy(r->author_key_digest, g->author_key_digest,
	       sizeof(r->author_key_digest));
	memcpy(r->report_id, g->report_id, sizeof(r->report_id));
	memcpy(r->report_id_ma, g->report_id_ma, sizeof(r->report_id_ma));
	r->reported_tcb = cpu_to_le64(p->reported_tcb);
	r->cpuid_fam_id = SEVL_SNP_CPUID_FAM;
	r->cpuid_mod_id = SEVL_SNP_CPUID_MOD;
	r->cpuid_step = SEVL_SNP_CPUID_STEP;
	if (!p->config.mask_chip_id)
		memcpy(r->chip_id, p->chip_id, sizeof(r->chip_id));
	r->committed_tcb = cpu_to_le64(p->committed_tcb);
	r->current_build = (u8)p->build;
	r->current_minor = p->api_minor;
	r->current_major = p->api_major;
	r->committed_build = (u8)p->committed_build;
	r->committed_minor = p->committed_api_minor;
	r->committed_major = p->committed_api_major;
	r->launch_tcb = cpu_to_le64(g->launch_tcb);
	if (p->config.mask_chip_key)
		return 0;

	ret = sevl_snp_vcek_key(p->chip_id, p->reported_tcb, &vcek);
	if (!ret)
		ret = sevl_snp_report_sign(r, &vcek);
	sevl_p384_key_wipe(&vcek);
	if (ret)
		memset(r, 0, sizeof(*r));
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_report_build);
