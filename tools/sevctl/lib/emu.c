// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: the software firmware's fixed test CA (drivers/swfw/cert.c),
 * recomputed with OpenSSL so that sevctl trusts it by default.
 *
 *	d_ARK = SHA-384("sev-launch emulator ARK test key - not secure")
 *	d_ASK = SHA-384("sev-launch emulator ASK test key - not secure")
 *
 * (labels without their NUL, digests read big-endian).  Both certificates
 * have algorithm ECDSA-SHA384 and carry, in slot 0, the ARK's ECDSA-SHA384
 * signature made with the firmware's derived nonce
 *
 *	k = SHA-384(d (48 bytes BE) || digest || counter || label NUL) mod n
 *
 * label "sev-launch deterministic ECDSA nonce", counter a byte from 0,
 * bumped while k is outside [2, n - 2].  The keys are public, so these are
 * TEST KEYS that prove nothing about real hardware.
 *
 * OpenSSL 3.0 signs with a caller-chosen nonce only through
 * ECDSA_do_sign_ex(), which belongs to the deprecated EC_KEY API; it is
 * used here alone, to reproduce those fixed bytes.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/obj_mac.h>

#include "sevctl.h"

static const char sc_ark_label[] = "sev-launch emulator ARK test key - not secure";
static const char sc_ask_label[] = "sev-launch emulator ASK test key - not secure";
static const char sc_nonce_label[] = "sev-launch deterministic ECDSA nonce";

static int sc_emu_d(const char *label, uint8_t d[48])
{
	return sc_sha384(label, strlen(label), d);
}

static int sc_emu_key(const char *label, struct sc_key **key)
{
	uint8_t d[48];
	int ret = sc_emu_d(label, d);

	if (!ret)
		ret = sc_key_from_priv_be(key, d);
	sc_wipe(d, sizeof(d));
	return ret;
}

int sc_emu_ark_key(struct sc_key **key)
{
	return sc_emu_key(sc_ark_label, key);
}

int sc_emu_ask_key(struct sc_key **key)
{
	return sc_emu_key(sc_ask_label, key);
}

static void sc_to_le48(uint8_t *le, const BIGNUM *v)
{
	uint8_t be[48];
	int i;

	BN_bn2binpad(v, be, 48);
	for (i = 0; i < 48; i++)
		le[i] = be[47 - i];
}

int sc_ecdsa_sign_fixed(const uint8_t d_be[48], const uint8_t *dgst,
			size_t dlen, uint8_t r_le[48], uint8_t s_le[48])
{
	uint8_t buf[48 + 64 + 1 + sizeof(sc_nonce_label)], h[48];
	EC_KEY *ec = EC_KEY_new_by_curve_name(NID_secp384r1);
	const EC_GROUP *g = ec ? EC_KEY_get0_group(ec) : NULL;
	BN_CTX *bctx = BN_CTX_new();
	BIGNUM *d = BN_bin2bn(d_be, 48, NULL);
	BIGNUM *k = BN_new(), *kinv = NULL, *r = BN_new(), *x = BN_new();
	BIGNUM *lim = BN_new(), *two = BN_new();
	EC_POINT *pt = NULL;
	ECDSA_SIG *sig = NULL;
	const BIGNUM *n, *sr, *ss;
	size_t len;
	int ctr, ret = -SC_EINTERNAL;

	if (!ec || !bctx || !d || !k || !r || !x || !lim || !two ||
	    dlen > 64 || !EC_KEY_set_private_key(ec, d))
		goto out;
	n = EC_GROUP_get0_order(g);
	pt = EC_POINT_new(g);
	if (!pt || !EC_POINT_mul(g, pt, d, NULL, NULL, bctx) ||
	    !EC_KEY_set_public_key(ec, pt) || !BN_set_word(two, 2) ||
	    !BN_sub(lim, n, two))
		goto out;

	memcpy(buf, d_be, 48);
	memcpy(buf + 48, dgst, dlen);
	memcpy(buf + 48 + dlen + 1, sc_nonce_label, sizeof(sc_nonce_label));
	len = 48 + dlen + 1 + sizeof(sc_nonce_label);
	for (ctr = 0; ctr < 16; ctr++) {
		buf[48 + dlen] = ctr;
		if (sc_sha384(buf, len, h) || !BN_bin2bn(h, 48, k))
			goto out;
		/* k < 2^384 < 2n: one subtraction reduces it. */
		if (BN_cmp(k, n) >= 0 && !BN_sub(k, k, n))
			goto out;
		if (BN_cmp(k, two) >= 0 && BN_cmp(k, lim) <= 0)
			break;
	}
	if (ctr == 16)
		goto out;
	/* r = x(kG) mod n, kinv = k^-1 mod n: what ECDSA_sign_setup makes. */
	if (!EC_POINT_mul(g, pt, k, NULL, NULL, bctx) ||
	    !EC_POINT_get_affine_coordinates(g, pt, x, NULL, bctx) ||
	    !BN_nnmod(r, x, n, bctx))
		goto out;
	kinv = BN_mod_inverse(NULL, k, n, bctx);
	if (!kinv)
		goto out;
	sig = ECDSA_do_sign_ex(dgst, (int)dlen, kinv, r, ec);
	if (!sig)
		goto out;
	ECDSA_SIG_get0(sig, &sr, &ss);
	sc_to_le48(r_le, sr);
	sc_to_le48(s_le, ss);
	ret = 0;
out:
	sc_wipe(buf, sizeof(buf));
	sc_wipe(h, sizeof(h));
	ECDSA_SIG_free(sig);
	EC_POINT_free(pt);
	BN_clear_free(d);
	BN_clear_free(k);
	BN_clear_free(kinv);
	BN_free(r);
	BN_free(x);
	BN_free(lim);
	BN_free(two);
	BN_CTX_free(bctx);
	EC_KEY_free(ec);
	if (ret)
		sc_err(SC_EINTERNAL, "libcrypto: fixed-nonce ECDSA failed");
	return ret;
}

static int sc_emu_cert(uint8_t cert[SC_CERT_SIZE], bool ask)
{
	uint8_t d_ark[48], dg[48];
	struct sc_key *key = NULL;
	uint8_t *sig = cert + SC_CERT_OFF_SIG(0);
	int ret;

	ret = sc_emu_d(sc_ark_label, d_ark);
	if (!ret)
		ret = ask ? sc_emu_ask_key(&key) : sc_emu_ark_key(&key);
	if (!ret)
		ret = sc_cert_init(cert, ask ? SC_USAGE_ASK : SC_USAGE_ARK,
				   SC_ALGO_ECDSA_SHA384, key, 0, 0);
	if (!ret)
		ret = sc_sha384(cert, SC_CERT_SIGNED_LEN, dg);
	if (!ret)
		ret = sc_ecdsa_sign_fixed(d_ark, dg, 48, sig + 8, sig + 8 + 72);
	if (!ret) {
		sc_put_le32(sig, SC_USAGE_ARK);
		sc_put_le32(sig + 4, SC_ALGO_ECDSA_SHA384);
	}
	sc_key_free(key);
	sc_wipe(d_ark, sizeof(d_ark));
	return ret;
}

int sc_emu_ark_cert(uint8_t cert[SC_CERT_SIZE])
{
	return sc_emu_cert(cert, false);
}

int sc_emu_ask_cert(uint8_t cert[SC_CERT_SIZE])
{
	return sc_emu_cert(cert, true);
}
