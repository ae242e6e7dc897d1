// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit helpers of the SNP attestation suites: signatures checked with the
 * kernel's own ecdsa-nist-p384 verifier (which parses the DER signature
 * itself), never with the firmware's code under test.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/scatterlist.h>
#include <linux/string.h>
#include <crypto/akcipher.h>
#include <crypto/sha2.h>

#include "../../drivers/swfw/fw.h"
#include "../../drivers/swfw/snp_report.h"
#include "swfw_snp_verify.h"

/**
 * sevl_snpv_ecdsa_verify() - verify with the kernel's ecdsa-nist-p384
 * @test: the test
 * @pub: public key 0x04 || X || Y
 * @sig: DER ECDSA-Sig-Value
 * @sig_len: its length
 * @digest: SHA-384 digest of the signed data
 *
 * Return: the verifier's result.
 */
int sevl_snpv_ecdsa_verify(struct kunit *test, const u8 *pub, const u8 *sig,
			   size_t sig_len, const u8 *digest)
{
	struct crypto_akcipher *tfm;
	struct akcipher_request *req;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	u8 *buf;
	int ret;

	tfm = crypto_alloc_akcipher("ecdsa-nist-p384", 0, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(tfm), "ecdsa-nist-p384: %ld",
			       PTR_ERR(tfm));
	ret = crypto_akcipher_set_pub_key(tfm, pub, 1 + 2 * SEVL_P384_BYTES);
	KUNIT_ASSERT_EQ(test, ret, 0);
	buf = kunit_kzalloc(test, sig_len + SHA384_DIGEST_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, sig, sig_len);
	memcpy(buf + sig_len, digest, SHA384_DIGEST_SIZE);
	sg_init_one(&sg, buf, sig_len + SHA384_DIGEST_SIZE);
	req = akcipher_request_alloc(tfm, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, req);
	akcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
				      crypto_req_done, &wait);
	akcipher_request_set_crypt(req, &sg, NULL, sig_len,
				   SHA384_DIGEST_SIZE);
	ret = crypto_wait_req(crypto_akcipher_verify(req), &wait);
	akcipher_request_free(req);
	crypto_free_akcipher(tfm);
	return ret;
}

/**
 * sevl_snpv_pub_of() - a key's public point as 0x04 || X || Y
 * @key: the key
 * @out: 97 bytes
 */
void sevl_snpv_pub_of(const struct sevl_p384_key *key, u8 *out)
{
	u8 x[SEVL_P384_BYTES], y[SEVL_P384_BYTES];
	int i;

	sevl_p384_pub_to_le(key, x, y);
	out[0] = 0x04;
	for (i = 0; i < SEVL_P384_BYTES; i++) {
		out[1 + i] = x[SEVL_P384_BYTES - 1 - i];
		out[1 + SEVL_P384_BYTES + i] = y[SEVL_P384_BYTES - 1 - i];
	}
}

/**
 * sevl_snpv_report_sig() - verify a report with the kernel's verifier
 * @test: the test
 * @r: the report
 * @vcek_pub: 0x04 || X || Y
 *
 * Return: the verifier's result.
 */
int sevl_snpv_report_sig(struct kunit *test, const struct sevl_snp_report *r,
			 const u8 *vcek_pub)
{
	u8 digest[SHA384_DIGEST_SIZE], sig[2 + 2 * 51];
	size_t n = 2;
	int part, i;

	/* DER SEQUENCE { INTEGER r, INTEGER s } from the LE fields */
	for (part = 0; part < 2; part++) {
		const u8 *le = part ? r->sig_s : r->sig_r;
		u8 be[48];
		int skip = 0;

		for (i = 0; i < 48; i++)
			be[i] = le[47 - i];
		while (skip < 47 && !be[skip])
			skip++;
		sig[n++] = 0x02;
		sig[n++] = 48 - skip + !!(be[skip] & 0x80);
		if (be[skip] & 0x80)
			sig[n++] = 0;
		memcpy(sig + n, be + skip, 48 - skip);
		n += 48 - skip;
	}
	sig[0] = 0x30;
	sig[1] = n - 2;
	KUNIT_ASSERT_EQ(test, sevl_sha384(r, SEVL_SNP_REPORT_SIGNED_LEN,
					  digest), 0);
	return sevl_snpv_ecdsa_verify(test, vcek_pub, sig, n, digest);
}
