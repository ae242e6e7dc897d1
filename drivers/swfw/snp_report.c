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
