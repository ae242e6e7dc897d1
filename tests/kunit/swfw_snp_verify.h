/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit helpers of the SNP attestation suites (swfw_snp_verify.c):
 * signatures checked with the kernel's ecdsa-nist-p384 verifier.
 */
#ifndef _SEVL_SWFW_SNP_VERIFY_H
#define _SEVL_SWFW_SNP_VERIFY_H

#include <kunit/test.h>
#include <linux/types.h>

struct sevl_p384_key;
struct sevl_snp_report;

int sevl_snpv_ecdsa_verify(struct kunit *test, const u8 *pub, const u8 *sig,
			   size_t sig_len, const u8 *digest);
void sevl_snpv_pub_of(const struct sevl_p384_key *key, u8 *out);
int sevl_snpv_report_sig(struct kunit *test, const struct sevl_snp_report *r,
			 const u8 *vcek_pub);

#endif /* _SEVL_SWFW_SNP_VERIFY_H */
