// SPDX-License-Identifier: GPL-2.0
/*
 * NIST P-384 for the software SEV firmware: key generation, ECDSA signing
 * and verification, and ECDH.
 *
 * The kernel verifies ECDSA signatures but does not create them, so the
 * operations here are assembled from the curve arithmetic that
 * crypto/ecc.c exports (identically in 6.1 and 6.12):
 *
 *  - ecc_gen_privkey() supplies 384 random bits from the default DRBG.  The
 *    byte order of its output (and of the private key taken by
 *    ecc_make_pub_key() and crypto_ecdh_shared_secret()) changed between
 *    kernel versions, so those two are not used, and every random value is
 *    range-checked again here as a native little-endian digit array.
 *  - ecc_point_mult_shamir() computes u1*P + u2*Q on native digit arrays in
 *    every version; a single scalar multiplication k*P passes u2 = 0.  It
 *    is not a constant-time ladder.  That is accepted for a software model
 *    whose keys protect nothing (see the SEV_LAUNCH_SWFW help text).
 *  - vli_mod_inv(), vli_mod_mult_slow(), vli_sub() and vli_cmp() provide
 *    arithmetic modulo the group order n; modular addition is below.
 *
 * Scalars and coordinates are kept as six 64-bit digits, least significant
 * first (struct sevl_p384_key).  The SEV certificate stores coordinates and
 * signature values as little-endian byte strings, and the session KDF takes
 * the ECDH x-coordinate as a big-endian byte string.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <crypto/ecdh.h>
#include <crypto/internal/ecc.h>
#include <sev-launch/kunit.h>

#include "crypto.h"

#define NDIG	SEVL_P384_DIGITS

/* Attempts at drawing a usable random scalar before giving up. */
#define SEVL_P384_TRIES	16

static const char sevl_det_nonce_label[] = "sev-launch deterministic ECDSA nonce";

static const struct ecc_curve *sevl_p384(void)
{
	return ecc_get_curve(ECC_CURVE_NIST_P384);
}

static void sevl_vli_from_le(u64 *v, const u8 *b)
{
	int i, j;

	for (i = 0; i < NDIG; i++) {
		v[i] = 0;
		for (j = 7; j >= 0; j--)
			v[i] = (v[i] << 8) | b[8 * i + j];
	}
}

static void sevl_vli_to_le(u8 *b, const u64 *v)
{
	int i, j;

	for (i = 0; i < NDIG; i++)
		for (j = 0; j < 8; j++)
			b[8 * i + j] = (u8)(v[i] >> (8 * j));
}

static void sevl_vli_from_be(u64 *v, const u8 *b)
{
	int i, j;

	for (i = 0; i < NDIG; i++) {
		const u8 *d = b + SEVL_P384_BYTES - 8 * (i + 1);

		v[i] = 0;
		for (j = 0; j < 8; j++)
			v[i] = (v[i] << 8) | d[j];
	}
}

static void sevl_vli_to_be(u8 *b, const u64 *v)
{
	int i, j;

	for (i = 0; i < NDIG; i++)
		for (j = 0; j < 8; j++)
			b[SEVL_P384_BYTES - 1 - 8 * i - j] = (u8)(v[i] >> (8 * j));
}

/* r = (a + b) mod m, for a, b < m. */
static void sevl_vli_mod_add(u64 *r, const u64 *a, const u64 *b, const u64 *m)
{
	u64 carry = 0;
	int i;

	for (i = 0; i < NDIG; i++) {
		u64 sum = a[i] + carry;
		u64 c = sum < carry;

		sum += b[i];
		c |= sum < b[i];
		r[i] = sum;
		carry = c;
	}
	/* a + b < 2m: one subtraction (modulo 2^384 if it carried) suffices. */
	if (carry || vli_cmp(r, m, NDIG) >= 0)
		vli_sub(r, r, m, NDIG);
}

/* Reduce v < 2^384 modulo n; n > 2^383, so one subtraction is enough. */
static void sevl_vli_reduce_n(u64 *v)
{
	const u64 *n = sevl_p384()->n;

	if (vli_cmp(v, n, NDIG) >= 0)
		vli_sub(v, v, n, NDIG);
}

/*
 * A scalar usable as private key or nonce: 2 <= d <= n - 2.  Excluding 1
 * and n - 1 keeps the public point away from +G and -G, for which the
 * precomputed G + Q of the Shamir ladder would be undefined.
 */
static bool sevl_scalar_ok(const u64 *d)
{
	u64 lim[NDIG] = { 2 };

	if (vli_cmp(d, lim, NDIG) < 0)
		return false;
	vli_sub(lim, sevl_p384()->n, lim, NDIG);
	return vli_cmp(d, lim, NDIG) <= 0;
}

/* (rx, ry) = k * (px, py); -EINVAL if k is zero or the result is infinity. */
static int sevl_p384_mult(u64 *rx, u64 *ry, const u64 *k, const u64 *px,
			  const u64 *py)
{
	const struct ecc_curve *curve = sevl_p384();
	const u64 zero[NDIG] = { 0 };
	const struct ecc_point p = ECC_POINT_INIT((u64 *)px, (u64 *)py, NDIG);
	const struct ecc_point r = ECC_POINT_INIT(rx, ry, NDIG);

	if (vli_is_zero(k, NDIG))
		return -EINVAL;
	/*
	 * k*P + 0*G.  The ladder precomputes P + G even though a zero second
	 * scalar never selects it; if P = G that sum is degenerate, which is
	 * harmless because it is never used.
	 */
	ecc_point_mult_shamir(&r, k, &p, zero, &curve->g, curve);
	if (ecc_point_is_zero(&r))
		return -EINVAL;
	return 0;
}

/* Draw a random scalar in [2, n - 2]. */
static int sevl_p384_random_scalar(u64 *k)
{
	int tries, ret;

	for (tries = 0; tries < SEVL_P384_TRIES; tries++) {
		ret = ecc_gen_privkey(ECC_CURVE_NIST_P384, NDIG, k);
		if (ret)
			return ret;
		if (sevl_scalar_ok(k))
			return 0;
	}
	memzero_explicit(k, NDIG * sizeof(u64));
	return -EAGAIN;
}

static int sevl_p384_set_priv(struct sevl_p384_key *key, const u64 *d)
{
	const struct ecc_curve *curve = sevl_p384();
	int ret;

	memset(key, 0, sizeof(*key));
	if (!sevl_scalar_ok(d))
		return -EINVAL;
	memcpy(key->d, d, sizeof(key->d));
	ret = sevl_p384_mult(key->x, key->y, key->d, curve->g.x, curve->g.y);
	if (ret) {
		sevl_p384_key_wipe(key);
		return ret;
	}
	key->has_priv = true;
	return 0;
}

/**
 * sevl_p384_keygen() - generate a random P-384 key pair
 * @key: receives the private scalar and the public point
 *
 * Context: process context (uses the kernel's default DRBG).
 * Return: 0 or a negative errno.
 */
int sevl_p384_keygen(struct sevl_p384_key *key)
{
	u64 d[NDIG];
	int ret;

	ret = sevl_p384_random_scalar(d);
	if (!ret)
		ret = sevl_p384_set_priv(key, d);
	memzero_explicit(d, sizeof(d));
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_p384_keygen);

/**
 * sevl_p384_key_from_priv_be() - build a key pair from a known private key
 * @key: receives the key pair
 * @d_be: private scalar, 48 bytes big-endian; must lie in [2, n - 2]
 *
 * For fixed test keys only; real keys come from sevl_p384_keygen().
 *
 * Context: any context.
 * Return: 0, or -EINVAL if the scalar is out of range.
 */
int sevl_p384_key_from_priv_be(struct sevl_p384_key *key, const u8 *d_be)
{
	u64 d[NDIG];
	int ret;

	sevl_vli_from_be(d, d_be);
	ret = sevl_p384_set_priv(key, d);
	memzero_explicit(d, sizeof(d));
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_p384_key_from_priv_be);

/**
 * sevl_p384_key_wipe() - erase a key
 * @key: key to clear, private part included
 */
void sevl_p384_key_wipe(struct sevl_p384_key *key)
{
	memzero_explicit(key, sizeof(*key));
}

SEVL_EXPORT_FOR_KUNIT(sevl_p384_key_wipe);

/**
 * sevl_p384_pub_from_le() - import and validate a public key
 * @key: receives the public key (no private part)
 * @qx: X coordinate, 48 bytes little-endian
 * @qy: Y coordinate, 48 bytes little-endian
 *
 * Performs the full public key validation of NIST SP 800-56A rev. 3
 * 5.6.2.3.3: not the point at infinity, coordinates below p, on the curve,
 * and n*Q is the point at infinity.
 *
 * Context: process context (allocates).
 * Return: 0, or -EINVAL for an invalid point.
 */
int sevl_p384_pub_from_le(struct sevl_p384_key *key, const u8 *qx,
			  const u8 *qy)
{
	struct ecc_point q;

	memset(key, 0, sizeof(*key));
	sevl_vli_from_le(key->x, qx);
	sevl_vli_from_le(key->y, qy);
	q = ECC_POINT_INIT(key->x, key->y, NDIG);
	if (ecc_is_pubkey_valid_full(sevl_p384(), &q)) {
		sevl_p384_key_wipe(key);
		return -EINVAL;
	}
	return 0;
}

SEVL_EXPORT_FOR_KUNIT(sevl_p384_pub_from_le);

/**
 * sevl_p384_pub_to_le() - export a public key as SEV certificate coordinates
 * @key: key pair or public key
 * @qx: 48 bytes, receives X little-endian
 * @qy: 48 bytes, receives Y little-endian
 */
void sevl_p384_pub_to_le(const struct sevl_p384_key *key, u8 *qx, u8 *qy)
{
	sevl_vli_to_le(qx, key->x);
	sevl_vli_to_le(qy, key->y);
}

SEVL_EXPORT_FOR_KUNIT(sevl_p384_pub_to_le);

/*
 * The integer e of FIPS 186-5 6.4.1: the leftmost min(384, 8 * dlen) bits
 * of the digest, here also reduced modulo n.
 */
static void sevl_digest_to_e(u64 *e, const u8 *digest, size_t dlen)
{
	u8 buf[SEVL_P384_BYTES] = { 0 };
	size_t n = min_t(size_t, dlen, SEVL_P384_BYTES);

	memcpy(buf + SEVL_P384_BYTES - n, digest, n);
	sevl_vli_from_be(e, buf);
	sevl_vli_reduce_n(e);
}

/*
 * One ECDSA signature with nonce k: r = x(k*G) mod n,
 * s = k^-1 (e + r*d) mod n.  -EAGAIN asks for another nonce.
 */
static int sevl_p384_sign_k(const struct sevl_p384_key *key, const u64 *e,
			    const u64 *k, u64 *r, u64 *s)
{
	const struct ecc_curve *curve = sevl_p384();
	u64 ry[NDIG], kinv[NDIG], t[NDIG];
	int ret;

	ret = sevl_p384_mult(r, ry, k, curve->g.x, curve->g.y);
	if (ret)
		goto out;
	sevl_vli_reduce_n(r);
	if (vli_is_zero(r, NDIG)) {
		ret = -EAGAIN;
		goto out;
	}

	vli_mod_mult_slow(t, r, key->d, curve->n, NDIG);
	sevl_vli_mod_add(t, t, e, curve->n);
	vli_mod_inv(kinv, k, curve->n, NDIG);
	vli_mod_mult_slow(s, kinv, t, curve->n, NDIG);
	if (vli_is_zero(s, NDIG))
		ret = -EAGAIN;
out:
	memzero_explicit(ry, sizeof(ry));
	memzero_explicit(kinv, sizeof(kinv));
	memzero_explicit(t, sizeof(t));
	return ret;
}

static void sevl_sig_out(const u64 *r, const u64 *s, u8 *r_le, u8 *s_le)
{
	sevl_vli_to_le(r_le, r);
	sevl_vli_to_le(s_le, s);
}

/**
 * sevl_p384_sign() - ECDSA P-384 signature over a digest
 * @key: key pair with private part
 * @digest: message digest (SHA-256 or SHA-384); longer digests are
 *	truncated to their leftmost 384 bits as FIPS 186-5 specifies
 * @dlen: length of @digest, non-zero
 * @r_le: receives r, 48 bytes little-endian
 * @s_le: receives s, 48 bytes little-endian
 *
 * Uses a fresh random nonce for each signature.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_p384_sign(const struct sevl_p384_key *key, const u8 *digest,
		   size_t dlen, u8 *r_le, u8 *s_le)
{
	u64 e[NDIG], k[NDIG], r[NDIG], s[NDIG];
	int tries, ret = -EAGAIN;

	if (!key || !key->has_priv || !digest || !dlen)
		return -EINVAL;

	sevl_digest_to_e(e, digest, dlen);
	for (tries = 0; tries < SEVL_P384_TRIES && ret == -EAGAIN; tries++) {
		ret = sevl_p384_random_scalar(k);
		if (!ret)
			ret = sevl_p384_sign_k(key, e, k, r, s);
	}
	if (!ret)
		sevl_sig_out(r, s, r_le, s_le);

	memzero_explicit(e, sizeof(e));
	memzero_explicit(k, sizeof(k));
	memzero_explicit(r, sizeof(r));
	memzero_explicit(s, sizeof(s));
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_p384_sign);

/**
 * sevl_p384_sign_deterministic() - ECDSA signature with a derived nonce
 * @key: key pair with private part
 * @digest: message digest, at most 64 bytes
 * @dlen: length of @digest, non-zero
 * @r_le: receives r, 48 bytes little-endian
 * @s_le: receives s, 48 bytes little-endian
 *
 * Like sevl_p384_sign(), but the nonce is
 * k = SHA-384(d (48 bytes BE) || digest || counter || label) mod n, with a
 * one-byte counter starting at 0 that is bumped only if k is unusable.  The
 * same key and digest therefore always give the same signature, which is
 * what the fixed emulator CA certificates need.  This is a simple
 * hash-derived nonce, not RFC 6979; the signature itself is standard.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_p384_sign_deterministic(const struct sevl_p384_key *key,
				 const u8 *digest, size_t dlen, u8 *r_le,
				 u8 *s_le)
{
	u8 buf[SEVL_P384_BYTES + 64 + 1 + sizeof(sevl_det_nonce_label)];
	u8 h[SHA384_DIGEST_SIZE];
	u64 e[NDIG], k[NDIG], r[NDIG], s[NDIG];
	size_t len = 0;
	int ctr, ret = -EAGAIN;

	if (!key || !key->has_priv || !digest || !dlen || dlen > 64)
		return -EINVAL;

	sevl_digest_to_e(e, digest, dlen);
	sevl_vli_to_be(buf, key->d);
	len += SEVL_P384_BYTES;
	memcpy(buf + len, digest, dlen);
	len += dlen;
	len += 1;		/* counter byte */
	memcpy(buf + len, sevl_det_nonce_label, sizeof(sevl_det_nonce_label));
	len += sizeof(sevl_det_nonce_label);

	for (ctr = 0; ctr < SEVL_P384_TRIES && ret == -EAGAIN; ctr++) {
		buf[SEVL_P384_BYTES + dlen] = ctr;
		ret = sevl_sha384(buf, len, h);
		if (ret)
			break;
		sevl_vli_from_be(k, h);
		sevl_vli_reduce_n(k);
		if (!sevl_scalar_ok(k)) {
			ret = -EAGAIN;
			continue;
		}
		ret = sevl_p384_sign_k(key, e, k, r, s);
	}
	if (!ret)
		sevl_sig_out(r, s, r_le, s_le);

	memzero_explicit(buf, sizeof(buf));
	memzero_explicit(h, sizeof(h));
	memzero_explicit(e, sizeof(e));
	memzero_explicit(k, sizeof(k));
	memzero_explicit(r, sizeof(r));
	memzero_explicit(s, sizeof(s));
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_p384_sign_deterministic);

/**
 * sevl_p384_verify() - verify an ECDSA P-384 signature over a digest
 * @pub: public key; must already be validated (sevl_p384_pub_from_le() or
 *	one of the key generation functions)
 * @digest: message digest, treated as in sevl_p384_sign()
 * @dlen: length of @digest, non-zero
 * @r_le: r, 48 bytes little-endian
 * @s_le: s, 48 bytes little-endian
 *
 * Context: any context.
 * Return: 0 if the signature is valid, -EBADMSG if not, -EINVAL for bad
 * arguments.
 */
int sevl_p384_verify(const struct sevl_p384_key *pub, const u8 *digest,
		     size_t dlen, const u8 *r_le, const u8 *s_le)
{
	const struct ecc_curve *curve = sevl_p384();
	u64 e[NDIG], r[NDIG], s[NDIG], w[NDIG], u1[NDIG], u2[NDIG];
	u64 x[NDIG], y[NDIG];
	const struct ecc_point res = ECC_POINT_INIT(x, y, NDIG);
	const struct ecc_point q = ECC_POINT_INIT((u64 *)pub->x,
						  (u64 *)pub->y, NDIG);

	if (!pub || !digest || !dlen || !r_le || !s_le)
		return -EINVAL;

	sevl_vli_from_le(r, r_le);
	sevl_vli_from_le(s, s_le);
	if (vli_is_zero(r, NDIG) || vli_cmp(r, curve->n, NDIG) >= 0 ||
	    vli_is_zero(s, NDIG) || vli_cmp(s, curve->n, NDIG) >= 0)
		return -EBADMSG;

	sevl_digest_to_e(e, digest, dlen);
	vli_mod_inv(w, s, curve->n, NDIG);
	vli_mod_mult_slow(u1, e, w, curve->n, NDIG);
	vli_mod_mult_slow(u2, r, w, curve->n, NDIG);
	/* R = u1*G + u2*Q; u2 is never zero since r, w are non-zero. */
	ecc_point_mult_shamir(&res, u1, &curve->g, u2, &q, curve);
	if (ecc_point_is_zero(&res))
		return -EBADMSG;
	sevl_vli_reduce_n(x);
	return vli_cmp(x, r, NDIG) ? -EBADMSG : 0;
}

SEVL_EXPORT_FOR_KUNIT(sevl_p384_verify);

/**
 * sevl_p384_ecdh() - P-384 Diffie-Hellman
 * @priv: our key pair, with private part
 * @peer: the peer's public key; fully validated here
 * @z_be: receives the shared secret, the x-coordinate of d*Q as 48 bytes
 *	big-endian (the input of the SEV session KDF)
 *
 * Context: process context (validation allocates).
 * Return: 0, or -EINVAL for a missing private key or an invalid peer point.
 */
int sevl_p384_ecdh(const struct sevl_p384_key *priv,
		   const struct sevl_p384_key *peer, u8 *z_be)
{
	u64 px[NDIG], py[NDIG], x[NDIG], y[NDIG];
	struct ecc_point q = ECC_POINT_INIT(px, py, NDIG);
	int ret;

	if (!priv || !priv->has_priv || !peer || !z_be)
		return -EINVAL;

	memcpy(px, peer->x, sizeof(px));
	memcpy(py, peer->y, sizeof(py));
	if (ecc_is_pubkey_valid_full(sevl_p384(), &q))
		return -EINVAL;

	ret = sevl_p384_mult(x, y, priv->d, px, py);
	if (!ret)
		sevl_vli_to_be(z_be, x);
	memzero_explicit(x, sizeof(x));
	memzero_explicit(y, sizeof(y));
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_p384_ecdh);
