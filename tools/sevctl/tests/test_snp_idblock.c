// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl tests: 'idblock'.
 *
 * Published vector: virtee/sev-snp-measure tests/test_id_block.py (its
 * test keys tests/keyfile/{id,author}_key_test.pem are copied to
 * tests/data): the ID block for its launch digest and policy 0x30000, and
 * the SHA-384 digests of both public keys.  The signatures are random
 * (ECDSA), so they are checked here with raw OpenSSL instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "sevctl_test.h"

#ifndef SC_TESTDATA
#define SC_TESTDATA "tests/data"
#endif
#define TD SC_TESTDATA "/"
#define KEYS "--id-key " TD "id_key_test.pem --author-key " TD "author_key_test.pem "

static const char pub_ld[] =
	"B28FLQi9p6cAqipgjFyqawDrrSl7bWioWkWx5mmlWLZ+G5HShKMB/mPE+gdQRn7t";
static const char pub_block_tail[] =
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAwAAAAAA";
static const char pub_idk[] =
	"hwt+NcU/inLQ0yL3WrKvgmJ5Kq9leWIs5BMcPyHyied8sFYKXjuQs5MuZ07HCcsU";
static const char pub_auk[] =
	"YxEcNLv8Ckk4+aAJvQdJgNgXIyPmFZnJ/TNtqGcySOHcqY0L6PdjdqEGuK/UwKBX";

static void b64hex(const char *b64, char *out)
{
	uint8_t raw[64];
	int n = EVP_DecodeBlock(raw, (const unsigned char *)b64,
				(int)strlen(b64));

	if (n != 48)
		abort();
	sc_hex_str(out, raw, 48);
}

static EVP_PKEY *pem_key(const char *path)
{
	EVP_PKEY *k;

	if (sc_pem_key_load(path, &k))
		abort();
	return k;
}

/* The spec's signature (R, S little-endian) over @data, by @k's key. */
static bool raw_verify(EVP_PKEY *k, const uint8_t *sig, const void *data,
		       size_t len)
{
	uint8_t be[72], *der = NULL;
	ECDSA_SIG *s = ECDSA_SIG_new();
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	BIGNUM *r, *ss;
	int dl, ok;

	rev(be, sig, 72);
	r = BN_bin2bn(be, 72, NULL);
	rev(be, sig + 72, 72);
	ss = BN_bin2bn(be, 72, NULL);
	ECDSA_SIG_set0(s, r, ss);
	dl = i2d_ECDSA_SIG(s, &der);
	ok = EVP_DigestVerifyInit(m, NULL, EVP_sha384(), NULL, k) == 1 &&
	     EVP_DigestVerify(m, der, dl, data, len) == 1;
	OPENSSL_free(der);
	ECDSA_SIG_free(s);
	EVP_MD_CTX_free(m);
	return ok;
}

/* The key's X and Y, big-endian, against the 0x404-byte structure. */
static bool raw_pub_eq(EVP_PKEY *k, const uint8_t *p)
{
	BIGNUM *x = NULL, *y = NULL;
	uint8_t be[72], le[72];
	bool ok;

	EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_X, &x);
	EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
	ok = sc_le32(p) == 2;
	BN_bn2binpad(x, be, 72);
	rev(le, be, 72);
	ok = ok && !memcmp(p + 4, le, 72);
	BN_bn2binpad(y, be, 72);
	rev(le, be, 72);
	ok = ok && !memcmp(p + 76, le, 72);
	BN_free(x);
	BN_free(y);
	return ok;
}

static bool all_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

void test_snp_idblock(void)
{
	EVP_PKEY *idk = pem_key(TD "id_key_test.pem");
	EVP_PKEY *auk = pem_key(TD "author_key_test.pem");
	uint8_t blk[0x60], auth[0x1000];
	char want[200], h[97];
	FILE *f;

	snprintf(want, sizeof(want), "id-block=%s%s", pub_ld, pub_block_tail);
	ok(run("idblock " KEYS "--measurement %s --policy 0x30000 --out-block b.bin --out-auth a.bin",
	       pub_ld) == 0 && out_has(want),
	   "ID block = sev-snp-measure test_id_block (digest, version 1, policy 0x30000)");
	b64hex(pub_idk, h);
	ok(out_has(h), "ID key digest = sev-snp-measure test_id_block id_key_hash");
	b64hex(pub_auk, h);
	ok(out_has(h), "author key digest = sev-snp-measure test_id_block author_key");
	ok(out_has("author-key-enabled=on") && out_has("id-auth=AQAAAAEAAAA"),
	   "QEMU form printed: id-auth base64 starts with both algorithms = 1");

	if (sc_read_blob(tpath("b.bin"), blk, sizeof(blk)) ||
	    sc_read_blob(tpath("a.bin"), auth, sizeof(auth)))
		memset(auth, 0, sizeof(auth));
	ok(sc_le32(blk + 0x50) == 1 && sc_le64(blk + 0x58) == 0x30000 &&
	   all_zero(blk + 0x30, 32) && sc_le32(blk + 0x54) == 0,
	   "ID block layout: ids at 0x30/0x40, version at 0x50, SVN 0x54, policy 0x58");
	ok(sc_le32(auth) == 1 && sc_le32(auth + 4) == 1 && all_zero(auth + 8, 56) &&
	   raw_pub_eq(idk, auth + 0x240) && raw_pub_eq(auk, auth + 0x880) &&
	   all_zero(auth + 0x240 + 148, 0x404 - 148) && all_zero(auth + 0x644, 60) &&
	   all_zero(auth + 0xc84, 0x1000 - 0xc84),
	   "ID auth layout: algos, ID key at 0x240, author key at 0x880, zero reserved");
	ok(raw_verify(idk, auth + 0x40, blk, sizeof(blk)) &&
	   all_zero(auth + 0x40 + 144, 512 - 144),
	   "ID block signature verifies with the ID key (independent OpenSSL)");
	ok(raw_verify(auk, auth + 0x680, auth + 0x240, 0x404),
	   "ID key signature verifies with the author key over the 0x404-byte ID key");
	blk[0] ^= 1;
	ok(!raw_verify(idk, auth + 0x40, blk, sizeof(blk)),
	   "the check above fails for a one-bit change of the block");

	ok(run("idblock --id-key " TD
	       "id_key_test.pem --measurement %s --policy 0x30000 --family-id 000102030405060708090a0b0c0d0e0f --image-id %032d --guest-svn 7 --out-block b2.bin --out-auth a2.bin",
	       pub_ld, 1) == 0 &&
	   out_lacks("author-key-enabled") && out_lacks("author-key-digest"),
	   "without --author-key: no author fields");
	if (sc_read_blob(tpath("b2.bin"), blk, sizeof(blk)) ||
	    sc_read_blob(tpath("a2.bin"), auth, sizeof(auth)))
		memset(auth, 0xff, sizeof(auth));
	ok(blk[0x31] == 1 && blk[0x4f] == 1 && sc_le32(blk + 0x54) == 7 &&
	   sc_le32(auth + 4) == 0 && all_zero(auth + 0x680, 0x1000 - 0x680) &&
	   raw_verify(idk, auth + 0x40, blk, sizeof(blk)),
	   "family/image ids and SVN placed; author area zero; block signed");

	f = popen("openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null", "r");
	if (f) {
		char pem[1024];
		size_t n = fread(pem, 1, sizeof(pem) - 1, f);

		pem[n] = 0;
		pclose(f);
		wtext("p256.pem", pem);
		ok(run("idblock --id-key p256.pem --measurement %s --policy 0x30000",
		       pub_ld) == SC_EINPUT && out_has("P-384"),
		   "a P-256 ID key is refused");
	}
	ok(run("idblock " KEYS "--measurement 00 --policy 0x30000") == SC_EINPUT,
	   "a measurement that is not 48 bytes is refused");
	ok(run("idblock --id-key nonexist.pem --measurement %s --policy 1", pub_ld) ==
	   SC_EINPUT && out_has("nonexist.pem"), "a missing key file is named");
	EVP_PKEY_free(idk);
	EVP_PKEY_free(auk);
}
