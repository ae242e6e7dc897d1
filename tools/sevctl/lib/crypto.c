// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: the primitives, each a thin wrapper around OpenSSL 3.0
 * libcrypto (EVP digests, EVP_MAC HMAC, EVP AES-128-CTR, EVP_PKEY P-384
 * keys, ECDH and ECDSA).  Nothing here implements a primitive itself.
 *
 * Byte orders: the SEV certificate stores P-384 coordinates and ECDSA r, s
 * little-endian; OpenSSL uses big-endian; the ECDH shared secret Z handed
 * to the session KDF is the big-endian x-coordinate EVP_PKEY_derive gives.
 */
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "sevctl.h"

struct sc_key {
	EVP_PKEY *pk;
};

static int sc_ossl_fail(const char *what)
{
	sc_err(SC_EINTERNAL, "libcrypto: %s failed", what);
	return -SC_EINTERNAL;
}

void sc_wipe(void *p, size_t len)
{
	OPENSSL_cleanse(p, len);
}

int sc_random(uint8_t *buf, size_t len)
{
	if (RAND_bytes(buf, (int)len) != 1)
		return sc_ossl_fail("RAND_bytes");
	return 0;
}

static int sc_digest(const char *md, const void *p, size_t len, uint8_t *out)
{
	unsigned int n;

	if (!EVP_Digest(p, len, out, &n, EVP_get_digestbyname(md), NULL))
		return sc_ossl_fail(md);
	return 0;
}

int sc_sha256(const void *p, size_t len, uint8_t out[32])
{
	return sc_digest("SHA256", p, len, out);
}

int sc_sha384(const void *p, size_t len, uint8_t out[48])
{
	return sc_digest("SHA384", p, len, out);
}

int sc_sha256_init(struct sc_sha256 *h)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	h->ctx = c;
	if (!c || !EVP_DigestInit_ex(c, EVP_sha256(), NULL)) {
		sc_sha256_free(h);
		return sc_ossl_fail("SHA256 init");
	}
	return 0;
}

int sc_sha256_update(struct sc_sha256 *h, const void *p, size_t len)
{
	if (!EVP_DigestUpdate(h->ctx, p, len))
		return sc_ossl_fail("SHA256 update");
	return 0;
}

int sc_sha256_final(struct sc_sha256 *h, uint8_t out[32])
{
	unsigned int n;

	if (!EVP_DigestFinal_ex(h->ctx, out, &n))
		return sc_ossl_fail("SHA256 final");
	return 0;
}

void sc_sha256_free(struct sc_sha256 *h)
{
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

int sc_hmac_sha256(const uint8_t *key, size_t klen, const struct sc_iov *v,
		   unsigned int n, uint8_t out[32])
{
	OSSL_PARAM params[2];
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx = NULL;
	size_t outl;
	unsigned int i;
	int ret = -SC_EINTERNAL;

	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		return sc_ossl_fail("HMAC fetch");
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     "SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	ctx = EVP_MAC_CTX_new(mac);
	if (!ctx || !EVP_MAC_init(ctx, key, klen, params))
		goto out;
	for (i = 0; i < n; i++)
		if (v[i].len && !EVP_MAC_update(ctx, v[i].p, v[i].len))
			goto out;
	if (!EVP_MAC_final(ctx, out, &outl, 32) || outl != 32)
		goto out;
	ret = 0;
out:
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ret ? sc_ossl_fail("HMAC-SHA256") : 0;
}

int sc_aes128_ctr(const uint8_t key[16], const uint8_t iv[16],
		  const uint8_t *in, uint8_t *out, size_t len)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int ret = -SC_EINTERNAL, n;

	if (!c)
		return sc_ossl_fail("cipher context");
	if (!EVP_EncryptInit_ex(c, EVP_aes_128_ctr(), NULL, key, iv))
		goto out;
	while (len) {
		int chunk = len > (1u << 30) ? 1 << 30 : (int)len;

		if (!EVP_EncryptUpdate(c, out, &n, in, chunk) || n != chunk)
			goto out;
		in += chunk;
		out += chunk;
		len -= chunk;
	}
	if (!EVP_EncryptFinal_ex(c, out, &n))
		goto out;
	ret = 0;
out:
	EVP_CIPHER_CTX_free(c);
	return ret ? sc_ossl_fail("AES-128-CTR") : 0;
}

static void sc_reverse(uint8_t *dst, const uint8_t *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = src[len - 1 - i];
}

/* EVP_PKEY for P-384 from a public point (04||X||Y) and an optional d. */
static EVP_PKEY *sc_pkey_from(const uint8_t *pub, size_t publen,
			      const BIGNUM *d)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pk = NULL;

	if (!bld ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     "P-384", 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					      pub, publen) ||
	    (d && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d)))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0)
		goto out;
	if (EVP_PKEY_fromdata(ctx, &pk, d ? EVP_PKEY_KEYPAIR :
				      EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pk = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return pk;
}

static int sc_key_wrap(struct sc_key **key, EVP_PKEY *pk)
{
	*key = calloc(1, sizeof(**key));
	if (!*key) {
		EVP_PKEY_free(pk);
		return sc_ossl_fail("allocation");
	}
	(*key)->pk = pk;
	return 0;
}

int sc_key_generate(struct sc_key **key)
{
	EVP_PKEY *pk = EVP_EC_gen("P-384");

	if (!pk)
		return sc_ossl_fail("P-384 key generation");
	return sc_key_wrap(key, pk);
}

int sc_key_from_priv_be(struct sc_key **key, const uint8_t d_be[48])
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_secp384r1);
	EC_POINT *q = NULL;
	BIGNUM *d = BN_bin2bn(d_be, 48, NULL);
	uint8_t pub[97];
	EVP_PKEY *pk = NULL;
	int ret = -SC_EINTERNAL;

	if (!g || !d)
		goto out;
	if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(g)) >= 0) {
		sc_err(SC_EINPUT, "private scalar out of range");
		ret = -SC_EINPUT;
		goto out;
	}
	q = EC_POINT_new(g);
	if (!q || !EC_POINT_mul(g, q, d, NULL, NULL, NULL) ||
	    EC_POINT_point2oct(g, q, POINT_CONVERSION_UNCOMPRESSED, pub,
			       sizeof(pub), NULL) != sizeof(pub))
		goto out;
	pk = sc_pkey_from(pub, sizeof(pub), d);
	if (pk)
		ret = sc_key_wrap(key, pk);
out:
	BN_clear_free(d);
	EC_POINT_free(q);
	EC_GROUP_free(g);
	if (ret == -SC_EINTERNAL)
		return sc_ossl_fail("P-384 key from scalar");
	return ret;
}

int sc_key_from_le(struct sc_key **key, const uint8_t *qx, const uint8_t *qy)
{
	uint8_t pub[97];
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *pk;
	int ok;

	pub[0] = 0x04;
	sc_reverse(pub + 1, qx, 48);
	sc_reverse(pub + 49, qy, 48);
	pk = sc_pkey_from(pub, sizeof(pub), NULL);
	if (!pk) {
		sc_err(SC_EINPUT, "not a P-384 point");
		return -SC_EINPUT;
	}
	/* Full validation: on the curve, in range, correct order. */
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	ok = ctx && EVP_PKEY_public_check(ctx) == 1;
	EVP_PKEY_CTX_free(ctx);
	if (!ok) {
		EVP_PKEY_free(pk);
		sc_err(SC_EINPUT, "not a valid P-384 public key");
		return -SC_EINPUT;
	}
	return sc_key_wrap(key, pk);
}

static int sc_bn_param_le(const EVP_PKEY *pk, const char *name, uint8_t *out)
{
	BIGNUM *bn = NULL;
	uint8_t be[48];
	int ok;

	ok = EVP_PKEY_get_bn_param(pk, name, &bn) &&
	     BN_bn2binpad(bn, be, 48) == 48;
	BN_clear_free(bn);
	if (!ok)
		return sc_ossl_fail(name);
	sc_reverse(out, be, 48);
	sc_wipe(be, sizeof(be));
	return 0;
}

int sc_key_pub_le(const struct sc_key *key, uint8_t qx[48], uint8_t qy[48])
{
	int ret = sc_bn_param_le(key->pk, OSSL_PKEY_PARAM_EC_PUB_X, qx);

	return ret ? ret : sc_bn_param_le(key->pk, OSSL_PKEY_PARAM_EC_PUB_Y, qy);
}

EVP_PKEY *sc_key_evp(const struct sc_key *key)
{
	return key->pk;
}

void sc_key_free(struct sc_key *key)
{
	if (key) {
		EVP_PKEY_free(key->pk);
		free(key);
	}
}

int sc_ecdh(const struct sc_key *priv, const struct sc_key *peer,
	    uint8_t z_be[48])
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, priv->pk, NULL);
	size_t len = 48;
	int ok;

	ok = ctx && EVP_PKEY_derive_init(ctx) > 0 &&
	     EVP_PKEY_derive_set_peer(ctx, peer->pk) > 0 &&
	     EVP_PKEY_derive(ctx, z_be, &len) > 0 && len == 48;
	EVP_PKEY_CTX_free(ctx);
	return ok ? 0 : sc_ossl_fail("ECDH");
}

int sc_ecdsa_sign(const struct sc_key *key, const uint8_t *dgst, size_t dlen,
		  uint8_t r_le[48], uint8_t s_le[48])
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pk, NULL);
	uint8_t der[128], be[48];
	const uint8_t *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *sig = NULL;
	size_t len = sizeof(der);
	int ok;

	ok = ctx && EVP_PKEY_sign_init(ctx) > 0 &&
	     EVP_PKEY_sign(ctx, der, &len, dgst, dlen) > 0 &&
	     (sig = d2i_ECDSA_SIG(NULL, &p, (long)len)) != NULL;
	if (ok) {
		ECDSA_SIG_get0(sig, &r, &s);
		ok = BN_bn2binpad(r, be, 48) == 48;
		sc_reverse(r_le, be, 48);
		ok = ok && BN_bn2binpad(s, be, 48) == 48;
		sc_reverse(s_le, be, 48);
	}
	ECDSA_SIG_free(sig);
	EVP_PKEY_CTX_free(ctx);
	return ok ? 0 : sc_ossl_fail("ECDSA sign");
}

int sc_ecdsa_verify(const struct sc_key *key, const uint8_t *dgst,
		    size_t dlen, const uint8_t *r_le, const uint8_t *s_le)
{
	EVP_PKEY_CTX *ctx = NULL;
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r, *s;
	uint8_t be[48], *der = NULL;
	int len, ret = -SC_EINTERNAL;

	sc_reverse(be, r_le, 48);
	r = BN_bin2bn(be, 48, NULL);
	sc_reverse(be, s_le, 48);
	s = BN_bin2bn(be, 48, NULL);
	if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
		BN_free(r);
		BN_free(s);
		goto out;
	}
	len = i2d_ECDSA_SIG(sig, &der);
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pk, NULL);
	if (len <= 0 || !ctx || EVP_PKEY_verify_init(ctx) <= 0)
		goto out;
	ret = EVP_PKEY_verify(ctx, der, len, dgst, dlen) == 1 ? 0 :
	      -SC_EVERIFY;
out:
	OPENSSL_free(der);
	ECDSA_SIG_free(sig);
	EVP_PKEY_CTX_free(ctx);
	if (ret == -SC_EINTERNAL)
		return sc_ossl_fail("ECDSA verify");
	return ret;
}
