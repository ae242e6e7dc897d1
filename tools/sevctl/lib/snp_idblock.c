// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: the SEV-SNP ID block and ID authentication information
 * structure that SNP_LAUNCH_FINISH takes (SEV-SNP Firmware ABI, AMD pub.
 * 56860, "ID_BLOCK Structure", "ID_AUTH Structure", "ECDSA Public Key
 * Format", "ECDSA Signature Format").
 *
 * ID block (96 bytes): LD[48], FAMILY_ID[16], IMAGE_ID[16], u32 VERSION
 * (1), u32 GUEST_SVN, u64 POLICY.
 * ID auth (4096 bytes):
 *	0x000 u32 ID_KEY_ALGO (1 = ECDSA P-384 with SHA-384)
 *	0x004 u32 AUTH_KEY_ALGO
 *	0x040 ID_BLOCK_SIG[512]  by the ID key over the ID block
 *	0x240 ID_KEY[0x404]
 *	0x680 ID_KEY_SIG[512]    by the author key over ID_KEY's 0x404 bytes
 *	0x880 AUTHOR_KEY[0x404]
 * Public key: u32 CURVE (2 = P-384), QX[72], QY[72] little-endian, zero
 * to 0x404.  Signature: R[72], S[72] little-endian, zero to 512.  The
 * report's ID_KEY_DIGEST and AUTHOR_KEY_DIGEST are SHA-384 of the 0x404
 * public key bytes.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "sevctl.h"

static void sc_le_from_bn(uint8_t *le, size_t len, const BIGNUM *bn)
{
	uint8_t be[72];
	size_t i;

	BN_bn2binpad(bn, be, (int)len);
	for (i = 0; i < len; i++)
		le[i] = be[len - 1 - i];
}

int sc_snp_pubkey(EVP_PKEY *k, uint8_t out[SC_SNP_PUBKEY_SIZE])
{
	BIGNUM *x = NULL, *y = NULL;
	char curve[32];
	int ok;

	memset(out, 0, SC_SNP_PUBKEY_SIZE);
	ok = EVP_PKEY_get_base_id(k) == EVP_PKEY_EC &&
	     EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME,
					    curve, sizeof(curve), NULL) &&
	     !strcmp(curve, "secp384r1") &&
	     EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_X, &x) &&
	     EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
	if (ok) {
		sc_put_le32(out, 2);
		sc_le_from_bn(out + 4, 72, x);
		sc_le_from_bn(out + 4 + 72, 72, y);
	}
	BN_free(x);
	BN_free(y);
	if (!ok) {
		sc_err(SC_EINPUT, "not a P-384 (secp384r1) key");
		return -SC_EINPUT;
	}
	return 0;
}

int sc_snp_sign(EVP_PKEY *k, const void *data, size_t len,
		uint8_t sig[SC_SNP_SIG_SIZE])
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	uint8_t der[128];
	const unsigned char *p = der;
	size_t dl = sizeof(der);
	const BIGNUM *r, *s;
	ECDSA_SIG *es = NULL;
	int ok;

	memset(sig, 0, SC_SNP_SIG_SIZE);
	ok = m && EVP_DigestSignInit(m, NULL, EVP_sha384(), NULL, k) == 1 &&
	     EVP_DigestSign(m, der, &dl, data, len) == 1 &&
	     (es = d2i_ECDSA_SIG(NULL, &p, (long)dl)) != NULL;
	if (ok) {
		ECDSA_SIG_get0(es, &r, &s);
		sc_le_from_bn(sig, 72, r);
		sc_le_from_bn(sig + 72, 72, s);
	}
	ECDSA_SIG_free(es);
	EVP_MD_CTX_free(m);
	if (!ok) {
		sc_err(SC_EINTERNAL, "libcrypto: ECDSA P-384 signing failed");
		return -SC_EINTERNAL;
	}
	return 0;
}

void sc_idblock_build(const struct sc_idblock_in *in,
		      uint8_t out[SC_IDBLOCK_SIZE])
{
	memset(out, 0, SC_IDBLOCK_SIZE);
	memcpy(out, in->ld, 48);
	memcpy(out + 0x30, in->family_id, 16);
	memcpy(out + 0x40, in->image_id, 16);
	sc_put_le32(out + 0x50, 1);
	sc_put_le32(out + 0x54, in->guest_svn);
	sc_put_le64(out + 0x58, in->policy);
}

int sc_idauth_build(const uint8_t block[SC_IDBLOCK_SIZE], EVP_PKEY *id_key,
		    EVP_PKEY *author_key, uint8_t auth[SC_IDAUTH_SIZE])
{
	int ret;

	memset(auth, 0, SC_IDAUTH_SIZE);
	sc_put_le32(auth + SC_IDAUTH_ID_ALGO, 1);
	ret = sc_snp_pubkey(id_key, auth + SC_IDAUTH_ID_KEY);
	if (!ret)
		ret = sc_snp_sign(id_key, block, SC_IDBLOCK_SIZE,
				  auth + SC_IDAUTH_BLOCK_SIG);
	if (ret || !author_key)
		return ret;
	sc_put_le32(auth + SC_IDAUTH_AUTHOR_ALGO, 1);
	ret = sc_snp_pubkey(author_key, auth + SC_IDAUTH_AUTHOR_KEY);
	if (!ret)
		ret = sc_snp_sign(author_key, auth + SC_IDAUTH_ID_KEY,
				  SC_SNP_PUBKEY_SIZE, auth + SC_IDAUTH_KEY_SIG);
	return ret;
}

int sc_pem_key_load(const char *path, EVP_PKEY **k)
{
	OSSL_DECODER_CTX *dc;
	const unsigned char *p;
	uint8_t *buf;
	size_t len, left;
	int ret;

	*k = NULL;
	ret = sc_read_file(path, &buf, &len, 1 << 20);
	if (ret)
		return ret;
	p = buf;
	left = len;
	dc = OSSL_DECODER_CTX_new_for_pkey(k, "PEM", NULL, NULL,
					   EVP_PKEY_KEYPAIR, NULL, NULL);
	if (!dc || OSSL_DECODER_from_data(dc, &p, &left) != 1) {
		EVP_PKEY_free(*k);
		*k = NULL;
	}
	OSSL_DECODER_CTX_free(dc);
	sc_wipe(buf, len);
	free(buf);
	if (!*k) {
		sc_err(SC_EINPUT, "%s: no PEM private key", path);
		return -SC_EINPUT;
	}
	return 0;
}
