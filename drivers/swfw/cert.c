// SPDX-License-Identifier: GPL-2.0
/*
 * SEV certificates of the software firmware: building, signing, checking
 * and verifying the 2084-byte SEV certificate format, and the fixed
 * emulator test CA.
 *
 * Chain of trust of the model:
 *
 *	ARK (emulator test key, self-signed)
 *	 `-- ASK (emulator test key)
 *	      `-- CEK (per platform)  ---.
 *	OCA (per platform, self-signed)  +-- PEK --- PDH
 *
 * The PEK carries two signatures, the OCA's in slot 0 and the CEK's in
 * slot 1; the PDH (algorithm ECDH-SHA256) is signed by the PEK.
 *
 * The real ARK and ASK are RSA keys in AMD's own certificate format, and
 * only AMD holds their private keys.  The model cannot sign with them, so
 * it substitutes an emulator ARK and ASK: P-384 keys in the SEV certificate
 * format, with usages ARK (0x0) and ASK (0x13) and algorithm ECDSA-SHA384.
 * Their private scalars are SHA-384 digests of the fixed, public labels
 * below, so anyone can recompute them: they are TEST KEYS AND PROVIDE NO
 * SECURITY.  Their signatures use a nonce derived from key and digest, so
 * sevl_emu_ark_cert() and sevl_emu_ask_cert() return the same bytes on
 * every machine and every boot; a guest owner tool may pin them to accept
 * chains produced by this emulator, and must never accept them for real
 * hardware.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <crypto/sha2.h>
#include <sev-launch/kunit.h>

#include "cert.h"

static const char sevl_emu_ark_label[] =
	"sev-launch emulator ARK test key - not secure";
static const char sevl_emu_ask_label[] =
	"sev-launch emulator ASK test key - not secure";

static bool sevl_algo_is_ecdsa(u32 algo)
{
	return algo == SEVL_ALGO_ECDSA_SHA256 || algo == SEVL_ALGO_ECDSA_SHA384;
}

static bool sevl_algo_is_ecc(u32 algo)
{
	return sevl_algo_is_ecdsa(algo) || algo == SEVL_ALGO_ECDH_SHA256 ||
	       algo == SEVL_ALGO_ECDH_SHA384;
}

static bool sevl_zero(const u8 *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

/* Digest of the signed part of @cert with the hash of @algo. */
static int sevl_cert_digest(const struct sevl_cert *cert, u32 algo,
			    u8 *digest, size_t *dlen)
{
	if (algo == SEVL_ALGO_ECDSA_SHA384) {
		*dlen = SHA384_DIGEST_SIZE;
		return sevl_sha384(cert, SEVL_CERT_SIGNED_LEN, digest);
	}
	if (algo == SEVL_ALGO_ECDSA_SHA256) {
		*dlen = SHA256_DIGEST_SIZE;
		sha256((const u8 *)cert, SEVL_CERT_SIGNED_LEN, digest);
		return 0;
	}
	return -EINVAL;
}

/**
 * sevl_cert_init() - start a certificate for a P-384 public key
 * @cert: certificate to fill; fully overwritten
 * @usage: SEVL_USAGE_* of the key
 * @algo: SEVL_ALGO_ECDSA_SHA256/384 or SEVL_ALGO_ECDH_SHA256/384
 * @pubkey: the key to certify (only its public part is used)
 * @api_major: API major version of the firmware that creates the
 *	certificate (0 for the emulator's ARK and ASK, which no firmware
 *	creates)
 * @api_minor: API minor version, likewise
 *
 * Both signature slots are left empty (usage SEVL_USAGE_NONE, algorithm
 * SEVL_ALGO_NONE); sign them with sevl_cert_sign().
 *
 * Return: 0, or -EINVAL for an unsupported algorithm.
 */
int sevl_cert_init(struct sevl_cert *cert, u32 usage, u32 algo,
		   const struct sevl_p384_key *pubkey, u8 api_major,
		   u8 api_minor)
{
	unsigned int i;

	if (!cert || !pubkey || !sevl_algo_is_ecc(algo))
		return -EINVAL;

	memset(cert, 0, sizeof(*cert));
	cert->version = cpu_to_le32(SEVL_CERT_VERSION);
	cert->api_major = api_major;
	cert->api_minor = api_minor;
	cert->pub_key_usage = cpu_to_le32(usage);
	cert->pub_key_algo = cpu_to_le32(algo);
	cert->ecc.curve = cpu_to_le32(SEVL_CERT_CURVE_P384);
	sevl_p384_pub_to_le(pubkey, cert->ecc.qx, cert->ecc.qy);
	for (i = 0; i < ARRAY_SIZE(cert->sig); i++) {
		cert->sig[i].usage = cpu_to_le32(SEVL_USAGE_NONE);
		cert->sig[i].algo = cpu_to_le32(SEVL_ALGO_NONE);
	}
	return 0;
}

SEVL_EXPORT_FOR_KUNIT(sevl_cert_init);

static int sevl_cert_sign_common(struct sevl_cert *cert, unsigned int slot,
				 u32 signer_usage, u32 signer_algo,
				 const struct sevl_p384_key *key, bool fixed)
{
	struct sevl_cert_sig *sig;
	u8 digest[SHA384_DIGEST_SIZE];
	size_t dlen;
	int ret;

	if (!cert || !key || !key->has_priv || slot >= ARRAY_SIZE(cert->sig) ||
	    !sevl_algo_is_ecdsa(signer_algo))
		return -EINVAL;

	ret = sevl_cert_digest(cert, signer_algo, digest, &dlen);
	if (ret)
		return ret;

	sig = &cert->sig[slot];
	memset(sig->raw, 0, sizeof(sig->raw));
	if (fixed)
		ret = sevl_p384_sign_deterministic(key, digest, dlen,
						   sig->ecdsa.r, sig->ecdsa.s);
	else
		ret = sevl_p384_sign(key, digest, dlen, sig->ecdsa.r,
				     sig->ecdsa.s);
	if (ret) {
		memset(sig->raw, 0, sizeof(sig->raw));
		sig->usage = cpu_to_le32(SEVL_USAGE_NONE);
		sig->algo = cpu_to_le32(SEVL_ALGO_NONE);
		return ret;
	}
	sig->usage = cpu_to_le32(signer_usage);
	sig->algo = cpu_to_le32(signer_algo);
	return 0;
}

/**
 * sevl_cert_sign() - sign a certificate into one of its signature slots
 * @cert: certificate, initialised with sevl_cert_init()
 * @slot: 0 or 1
 * @signer_usage: usage of the signing key, recorded in the slot
 * @signer_algo: SEVL_ALGO_ECDSA_SHA256 or SEVL_ALGO_ECDSA_SHA384
 * @signer_key: the signing key pair
 *
 * The signature covers bytes [0, SEVL_CERT_SIGNED_LEN) of @cert, so the
 * other slot is unaffected.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_cert_sign(struct sevl_cert *cert, unsigned int slot,
		   u32 signer_usage, u32 signer_algo,
		   const struct sevl_p384_key *signer_key)
{
	return sevl_cert_sign_common(cert, slot, signer_usage, signer_algo,
				     signer_key, false);
}

SEVL_EXPORT_FOR_KUNIT(sevl_cert_sign);

/**
 * sevl_cert_pubkey() - extract and validate a certificate's public key
 * @cert: certificate
 * @key: receives the public key
 *
 * Checks the version, that the algorithm is ECDSA or ECDH on P-384, that
 * the coordinates fit in 48 bytes, and that the point is a valid public
 * key (sevl_p384_pub_from_le()).
 *
 * Context: process context.
 * Return: 0, or -EINVAL for a malformed certificate.
 */
int sevl_cert_pubkey(const struct sevl_cert *cert, struct sevl_p384_key *key)
{
	if (!cert || !key)
		return -EINVAL;
	if (le32_to_cpu(cert->version) != SEVL_CERT_VERSION ||
	    !sevl_algo_is_ecc(le32_to_cpu(cert->pub_key_algo)) ||
	    le32_to_cpu(cert->ecc.curve) != SEVL_CERT_CURVE_P384)
		return -EINVAL;
	if (!sevl_zero(cert->ecc.qx + SEVL_P384_BYTES,
		       SEVL_CERT_ECC_PARAM - SEVL_P384_BYTES) ||
	    !sevl_zero(cert->ecc.qy + SEVL_P384_BYTES,
		       SEVL_CERT_ECC_PARAM - SEVL_P384_BYTES))
		return -EINVAL;
	return sevl_p384_pub_from_le(key, cert->ecc.qx, cert->ecc.qy);
}

SEVL_EXPORT_FOR_KUNIT(sevl_cert_pubkey);

/**
 * sevl_cert_check() - sanity check a certificate's header and key
 * @cert: certificate
 * @usage: required pub_key_usage
 * @algo: required pub_key_algo
 *
 * What the firmware checks of a certificate whose signature it does not
 * verify, such as the guest owner's GODH: version, usage, algorithm, curve
 * and a valid public point.
 *
 * Context: process context.
 * Return: 0, or -EINVAL.
 */
int sevl_cert_check(const struct sevl_cert *cert, u32 usage, u32 algo)
{
	struct sevl_p384_key key;
	int ret;

	if (!cert)
		return -EINVAL;
	if (le32_to_cpu(cert->pub_key_usage) != usage ||
	    le32_to_cpu(cert->pub_key_algo) != algo)
		return -EINVAL;
	ret = sevl_cert_pubkey(cert, &key);
	sevl_p384_key_wipe(&key);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_cert_check);

/**
 * sevl_cert_verify() - verify a certificate's signature by another
 * @cert: certificate to verify
 * @signer: certificate of the signing key
 *
 * Uses the signature slot whose usage equals @signer's pub_key_usage (if
 * both slots match, either may verify) and hashes the signed part with the
 * digest of that slot's algorithm.
 *
 * Context: process context.
 * Return: 0 if valid; -EBADMSG if no slot carries @signer's usage or the
 * signature does not verify; -EINVAL if either certificate is malformed
 * (bad version, curve or point, or a non-ECDSA signature algorithm).
 */
int sevl_cert_verify(const struct sevl_cert *cert,
		     const struct sevl_cert *signer)
{
	struct sevl_p384_key key;
	u8 digest[SHA384_DIGEST_SIZE];
	u32 usage;
	size_t dlen;
	unsigned int i;
	int ret;

	if (!cert || !signer ||
	    le32_to_cpu(cert->version) != SEVL_CERT_VERSION)
		return -EINVAL;
	ret = sevl_cert_pubkey(signer, &key);
	if (ret)
		return ret;

	usage = le32_to_cpu(signer->pub_key_usage);
	ret = -EBADMSG;
	for (i = 0; i < ARRAY_SIZE(cert->sig); i++) {
		const struct sevl_cert_sig *sig = &cert->sig[i];
		u32 algo = le32_to_cpu(sig->algo);

		if (le32_to_cpu(sig->usage) != usage)
			continue;
		if (!sevl_algo_is_ecdsa(algo) ||
		    !sevl_zero(sig->ecdsa.r + SEVL_P384_BYTES,
			       SEVL_CERT_ECC_PARAM - SEVL_P384_BYTES) ||
		    !sevl_zero(sig->ecdsa.s + SEVL_P384_BYTES,
			       SEVL_CERT_ECC_PARAM - SEVL_P384_BYTES)) {
			ret = -EINVAL;
			continue;
		}
		ret = sevl_cert_digest(cert, algo, digest, &dlen);
		if (ret)
			break;
		ret = sevl_p384_verify(&key, digest, dlen, sig->ecdsa.r,
				       sig->ecdsa.s);
		if (!ret)
			break;
	}
	sevl_p384_key_wipe(&key);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_cert_verify);

static int sevl_emu_key(const char *label, size_t len,
			struct sevl_p384_key *key)
{
	u8 d[SHA384_DIGEST_SIZE];
	int ret;

	ret = sevl_sha384(label, len, d);
	if (!ret)
		ret = sevl_p384_key_from_priv_be(key, d);
	memzero_explicit(d, sizeof(d));
	return ret;
}

/**
 * sevl_emu_ark_key() - the emulator's test ARK key pair
 * @key: receives the key pair
 *
 * The private scalar is SHA-384 of a fixed public label: a test key only.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_emu_ark_key(struct sevl_p384_key *key)
{
	return sevl_emu_key(sevl_emu_ark_label, strlen(sevl_emu_ark_label),
			    key);
}

SEVL_EXPORT_FOR_KUNIT(sevl_emu_ark_key);

/**
 * sevl_emu_ask_key() - the emulator's test ASK key pair
 * @key: receives the key pair; the firmware signs its CEK with it
 *
 * The private scalar is SHA-384 of a fixed public label: a test key only.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_emu_ask_key(struct sevl_p384_key *key)
{
	return sevl_emu_key(sevl_emu_ask_label, strlen(sevl_emu_ask_label),
			    key);
}

SEVL_EXPORT_FOR_KUNIT(sevl_emu_ask_key);

/*
 * Certificate for the emulator ARK (self-signed) or ASK (signed by the
 * ARK), both in slot 0 with ECDSA-SHA384 and a derived nonce.
 */
static int sevl_emu_cert(struct sevl_cert *cert, bool ask)
{
	struct sevl_p384_key ark, ask_key;
	int ret;

	ret = sevl_emu_ark_key(&ark);
	if (ret)
		return ret;
	if (ask) {
		ret = sevl_emu_ask_key(&ask_key);
		if (ret)
			goto out_ark;
		ret = sevl_cert_init(cert, SEVL_USAGE_ASK,
				     SEVL_ALGO_ECDSA_SHA384, &ask_key, 0, 0);
		sevl_p384_key_wipe(&ask_key);
	} else {
		ret = sevl_cert_init(cert, SEVL_USAGE_ARK,
				     SEVL_ALGO_ECDSA_SHA384, &ark, 0, 0);
	}
	if (!ret)
		ret = sevl_cert_sign_common(cert, 0, SEVL_USAGE_ARK,
					    SEVL_ALGO_ECDSA_SHA384, &ark, true);
out_ark:
	sevl_p384_key_wipe(&ark);
	return ret;
}

/**
 * sevl_emu_ark_cert() - the emulator's self-signed test ARK certificate
 * @cert: receives the certificate (identical bytes on every call)
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_emu_ark_cert(struct sevl_cert *cert)
{
	return sevl_emu_cert(cert, false);
}

SEVL_EXPORT_FOR_KUNIT(sevl_emu_ark_cert);

/**
 * sevl_emu_ask_cert() - the emulator's test ASK certificate, signed by the ARK
 * @cert: receives the certificate (identical bytes on every call)
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_emu_ask_cert(struct sevl_cert *cert)
{
	return sevl_emu_cert(cert, true);
}

SEVL_EXPORT_FOR_KUNIT(sevl_emu_ask_cert);
