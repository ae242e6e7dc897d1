// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: the 2084-byte SEV certificate (PDH, PEK, OCA, CEK, GODH and
 * the emulator's ARK/ASK), AMD's RSA ARK/ASK format, and the platform chain
 *
 *	ARK -> ASK -> CEK -> PEK <- OCA (self-signed);  PEK -> PDH
 *
 * SEV certificate: version u32 = 1, api_major u8, api_minor u8, 2 reserved,
 * pub_key_usage u32 @0x08, pub_key_algo u32 @0x0c, public key @0x10 (curve
 * u32, Qx 72 bytes LE, Qy 72 bytes LE, 880 reserved), then two signature
 * slots @0x414 and @0x61c (usage u32, algo u32, 512 bytes: ECDSA r 72 LE,
 * s 72 LE; RSA: the signature LE).  Signatures cover bytes [0, 0x414).
 *
 * AMD certificate (ARK/ASK of real hardware): version u32 = 1, key_id[16],
 * certifying_id[16], key_usage u32 (0 ARK, 0x13 ASK), reserved[16],
 * pubexp_bits u32, modulus_bits u32, then pubexp, modulus and signature,
 * each little-endian, of pubexp_bits / 8, modulus_bits / 8 and
 * modulus_bits / 8 bytes.  The signature is RSA-PSS over everything before
 * it, SHA-256 for 2048-bit and SHA-384 for 4096-bit keys, salt = digest size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "sevctl.h"

const char *sc_usage_name(uint32_t usage)
{
	switch (usage) {
	case SC_USAGE_ARK: return "ARK";
	case SC_USAGE_ASK: return "ASK";
	case SC_USAGE_NONE: return "none";
	case SC_USAGE_OCA: return "OCA";
	case SC_USAGE_PEK: return "PEK";
	case SC_USAGE_PDH: return "PDH";
	case SC_USAGE_CEK: return "CEK";
	}
	return "unknown";
}

const char *sc_algo_name(uint32_t algo)
{
	switch (algo) {
	case SC_ALGO_NONE: return "none";
	case SC_ALGO_RSA_SHA256: return "RSA-SHA256";
	case SC_ALGO_ECDSA_SHA256: return "ECDSA-SHA256";
	case SC_ALGO_ECDH_SHA256: return "ECDH-SHA256";
	case SC_ALGO_RSA_SHA384: return "RSA-SHA384";
	case SC_ALGO_ECDSA_SHA384: return "ECDSA-SHA384";
	case SC_ALGO_ECDH_SHA384: return "ECDH-SHA384";
	}
	return "unknown";
}

static bool sc_algo_ecc(uint32_t a)
{
	return a == SC_ALGO_ECDSA_SHA256 || a == SC_ALGO_ECDSA_SHA384 ||
	       a == SC_ALGO_ECDH_SHA256 || a == SC_ALGO_ECDH_SHA384;
}

static bool sc_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

int sc_cert_init(uint8_t cert[SC_CERT_SIZE], uint32_t usage, uint32_t algo,
		 const struct sc_key *key, uint8_t api_major, uint8_t api_minor)
{
	int i;

	memset(cert, 0, SC_CERT_SIZE);
	sc_put_le32(cert, 1);
	cert[4] = api_major;
	cert[5] = api_minor;
	sc_put_le32(cert + SC_CERT_OFF_USAGE, usage);
	sc_put_le32(cert + SC_CERT_OFF_ALGO, algo);
	sc_put_le32(cert + SC_CERT_OFF_PUBKEY, 2);	/* P-384 */
	for (i = 0; i < 2; i++)
		sc_put_le32(cert + SC_CERT_OFF_SIG(i), SC_USAGE_NONE);
	return sc_key_pub_le(key, cert + SC_CERT_OFF_QX, cert + SC_CERT_OFF_QY);
}

static int sc_cert_digest(const uint8_t *cert, uint32_t algo, uint8_t *d,
			  size_t *dlen)
{
	if (algo == SC_ALGO_ECDSA_SHA384 || algo == SC_ALGO_RSA_SHA384) {
		*dlen = 48;
		return sc_sha384(cert, SC_CERT_SIGNED_LEN, d);
	}
	*dlen = 32;
	return sc_sha256(cert, SC_CERT_SIGNED_LEN, d);
}

int sc_cert_sign(uint8_t cert[SC_CERT_SIZE], unsigned int slot,
		 uint32_t signer_usage, uint32_t signer_algo,
		 const struct sc_key *signer)
{
	uint8_t *sig = cert + SC_CERT_OFF_SIG(slot), d[48];
	size_t dlen;
	int ret;

	if (slot > 1 || (signer_algo != SC_ALGO_ECDSA_SHA256 &&
			 signer_algo != SC_ALGO_ECDSA_SHA384)) {
		sc_err(SC_EINTERNAL, "bad signature slot or algorithm");
		return -SC_EINTERNAL;
	}
	ret = sc_cert_digest(cert, signer_algo, d, &dlen);
	if (ret)
		return ret;
	memset(sig + 8, 0, 512);
	ret = sc_ecdsa_sign(signer, d, dlen, sig + 8, sig + 8 + 72);
	if (ret)
		return ret;
	sc_put_le32(sig, signer_usage);
	sc_put_le32(sig + 4, signer_algo);
	return 0;
}

int sc_cert_key(const char *name, const uint8_t cert[SC_CERT_SIZE],
		uint32_t usage, struct sc_key **key)
{
	uint32_t u = sc_le32(cert + SC_CERT_OFF_USAGE);
	uint32_t a = sc_le32(cert + SC_CERT_OFF_ALGO);
	bool ecdh = a == SC_ALGO_ECDH_SHA256 || a == SC_ALGO_ECDH_SHA384;
	bool pdh = usage == SC_USAGE_PDH;
	int ret;

	if (sc_le32(cert) != 1) {
		sc_err(SC_EINPUT, "%s: certificate version %u, expected 1",
		       name, sc_le32(cert));
		return -SC_EINPUT;
	}
	if (u != usage) {
		sc_err(SC_EINPUT, "%s: key usage %#x (%s), expected %#x (%s)",
		       name, u, sc_usage_name(u), usage, sc_usage_name(usage));
		return -SC_EINPUT;
	}
	/* The PDH is an ECDH key, every other key an ECDSA one. */
	if (!sc_algo_ecc(a) || ecdh != pdh) {
		sc_err(SC_EINPUT, "%s: key algorithm %#x (%s) unsuitable for %s",
		       name, a, sc_algo_name(a), sc_usage_name(usage));
		return -SC_EINPUT;
	}
	if (sc_le32(cert + SC_CERT_OFF_PUBKEY) != 2 ||
	    !sc_zero(cert + SC_CERT_OFF_QX + 48, 24) ||
	    !sc_zero(cert + SC_CERT_OFF_QY + 48, 24)) {
		sc_err(SC_EINPUT, "%s: not a P-384 key (curve %u)", name,
		       sc_le32(cert + SC_CERT_OFF_PUBKEY));
		return -SC_EINPUT;
	}
	ret = sc_key_from_le(key, cert + SC_CERT_OFF_QX, cert + SC_CERT_OFF_QY);
	if (ret)
		sc_err(SC_EINPUT, "%s: public key is not a valid P-384 point",
		       name);
	return ret;
}

/* The slot signed by @usage, or -1. */
static int sc_cert_slot(const uint8_t *cert, uint32_t usage)
{
	int i;

	for (i = 0; i < 2; i++)
		if (sc_le32(cert + SC_CERT_OFF_SIG(i)) == usage)
			return i;
	return -1;
}

int sc_cert_verify(const char *name, const uint8_t cert[SC_CERT_SIZE],
		   const char *signer_name, uint32_t signer_usage,
		   const struct sc_key *signer)
{
	const uint8_t *sig;
	uint8_t d[48];
	size_t dlen;
	uint32_t algo;
	int slot, ret;

	slot = sc_cert_slot(cert, signer_usage);
	if (slot < 0) {
		sc_err(SC_EVERIFY, "%s: no signature by a %s key", name,
		       sc_usage_name(signer_usage));
		return -SC_EVERIFY;
	}
	sig = cert + SC_CERT_OFF_SIG(slot);
	algo = sc_le32(sig + 4);
	if (algo != SC_ALGO_ECDSA_SHA256 && algo != SC_ALGO_ECDSA_SHA384) {
		sc_err(SC_EVERIFY, "%s: signature slot %d algorithm %#x (%s) is not ECDSA",
		       name, slot, algo, sc_algo_name(algo));
		return -SC_EVERIFY;
	}
	ret = sc_cert_digest(cert, algo, d, &dlen);
	if (ret)
		return ret;
	ret = sc_ecdsa_verify(signer, d, dlen, sig + 8, sig + 8 + 72);
	if (ret == -SC_EVERIFY)
		sc_err(SC_EVERIFY, "%s: signature in slot %d does not verify with %s",
		       name, slot, signer_name);
	return ret;
}

void sc_cert_print(const char *name, const uint8_t c[SC_CERT_SIZE])
{
	char qx[97], qy[97];
	uint8_t be[48];
	int i, j;

	for (j = 0; j < 48; j++)
		be[j] = c[SC_CERT_OFF_QX + 47 - j];
	sc_hex_str(qx, be, 48);
	for (j = 0; j < 48; j++)
		be[j] = c[SC_CERT_OFF_QY + 47 - j];
	sc_hex_str(qy, be, 48);
	printf("%s:\n", name);
	printf("  version        %u\n", sc_le32(c));
	printf("  api            %u.%u\n", c[4], c[5]);
	printf("  pub_key_usage  0x%04x %s\n", sc_le32(c + 8),
	       sc_usage_name(sc_le32(c + 8)));
	printf("  pub_key_algo   0x%03x %s\n", sc_le32(c + 12),
	       sc_algo_name(sc_le32(c + 12)));
	printf("  curve          %u%s\n", sc_le32(c + 16),
	       sc_le32(c + 16) == 2 ? " (P-384)" : "");
	printf("  qx (BE)        %s\n", qx);
	printf("  qy (BE)        %s\n", qy);
	for (i = 0; i < 2; i++) {
		const uint8_t *s = c + SC_CERT_OFF_SIG(i);

		printf("  sig%d           usage 0x%04x %s, algo 0x%03x %s\n", i + 1,
		       sc_le32(s), sc_usage_name(sc_le32(s)), sc_le32(s + 4),
		       sc_algo_name(sc_le32(s + 4)));
	}
}

/* ---- trust roots ------------------------------------------------------- */

int sc_roots_emulator(struct sc_roots *r)
{
	uint8_t ark[SC_CERT_SIZE], ask[SC_CERT_SIZE];
	struct sc_key *ark_key = NULL;
	int ret;

	memset(r, 0, sizeof(*r));
	ret = sc_emu_ark_cert(ark);
	if (!ret)
		ret = sc_emu_ask_cert(ask);
	if (!ret)
		ret = sc_cert_key("emulator ARK", ark, SC_USAGE_ARK, &ark_key);
	if (!ret)
		ret = sc_cert_verify("emulator ASK", ask, "emulator ARK",
				     SC_USAGE_ARK, ark_key);
	if (!ret)
		ret = sc_cert_key("emulator ASK", ask, SC_USAGE_ASK,
				  &r->ask_ecc);
	sc_key_free(ark_key);
	return ret;
}

struct sc_amd_cert {
	const uint8_t *cert;	/* in @buf */
	uint32_t usage;
	const uint8_t *key_id, *cert_id;
	EVP_PKEY *pk;
	uint32_t mod_bits;
	const uint8_t *sig;
	size_t signed_len;
	uint8_t *buf;
};

static void sc_le_to_be(uint8_t *dst, const uint8_t *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = src[len - 1 - i];
}

static EVP_PKEY *sc_rsa_key(const uint8_t *n_le, size_t nlen,
			    const uint8_t *e_le, size_t elen)
{
	uint8_t *tmp = malloc(nlen > elen ? nlen : elen);
	BIGNUM *n = NULL, *e = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pk = NULL;

	if (!tmp)
		return NULL;
	sc_le_to_be(tmp, n_le, nlen);
	n = BN_bin2bn(tmp, (int)nlen, NULL);
	sc_le_to_be(tmp, e_le, elen);
	e = BN_bin2bn(tmp, (int)elen, NULL);
	bld = OSSL_PARAM_BLD_new();
	if (!n || !e || !bld || !OSSL_PARAM_BLD_push_BN(bld, "n", n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, "e", e))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pk = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	free(tmp);
	return pk;
}

/* RSA-PSS check of @sig_le (little-endian, modulus size) over @msg. */
static const EVP_MD *sc_amd_md(uint32_t mod_bits)
{
	return mod_bits == 4096 ? EVP_sha384() : EVP_sha256();
}

static int sc_rsa_pss_verify(EVP_PKEY *pk, const EVP_MD *md,
			     const uint8_t *msg, size_t len,
			     const uint8_t *sig_le)
{
	size_t slen = (size_t)EVP_PKEY_get_size(pk);
	uint8_t *sig = malloc(slen);
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int ret = -SC_EINTERNAL, v;

	if (!sig || !c)
		goto out;
	sc_le_to_be(sig, sig_le, slen);
	if (EVP_DigestVerifyInit(c, &pctx, md, NULL, pk) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, EVP_MD_get_size(md)) <= 0)
		goto out;
	v = EVP_DigestVerify(c, sig, slen, msg, len);
	ret = v == 1 ? 0 : -SC_EVERIFY;
out:
	EVP_MD_CTX_free(c);
	free(sig);
	return ret;
}

static int sc_amd_cert_load(const char *path, uint32_t usage,
			    struct sc_amd_cert *c)
{
	size_t len, elen, nlen, off, n;
	uint32_t e_bits;
	uint8_t *b;
	int ret;

	memset(c, 0, sizeof(*c));
	ret = sc_read_file(path, &b, &len, 4096);
	if (ret)
		return ret;
	c->buf = b;
	/* AMD's ask_ark_*.cert files hold the ASK, then the ARK. */
	for (off = 0; off < len; off += n) {
		n = sc_amd_cert_size(b + off, len - off);
		if (!n)
			break;
		if (sc_le32(b + off + 36) == usage) {
			b += off;
			len = n;
			break;
		}
	}
	c->cert = b;
	ret = -SC_EINPUT;
	if (len == SC_CERT_SIZE && sc_le32(b + SC_CERT_OFF_USAGE) == usage) {
		sc_err(SC_EINPUT, "%s: a SEV-format %s (2084 bytes, such as the software firmware's emulator roots), not AMD's ARK/ASK format; the emulator roots are the default without --ark/--ask",
		       path, sc_usage_name(usage));
		goto fail;
	}
	if (len < 64 || sc_le32(b) != 1) {
		sc_err(SC_EINPUT, "%s: not an AMD certificate (size %zu, version %u)",
		       path, len, len >= 4 ? sc_le32(b) : 0);
		goto fail;
	}
	c->key_id = b + 4;
	c->cert_id = b + 20;
	c->usage = sc_le32(b + 36);
	e_bits = sc_le32(b + 56);
	c->mod_bits = sc_le32(b + 60);
	if (c->usage != usage) {
		sc_err(SC_EINPUT, "%s: key usage %#x (%s), expected %s", path,
		       c->usage, sc_usage_name(c->usage), sc_usage_name(usage));
		goto fail;
	}
	if ((c->mod_bits != 2048 && c->mod_bits != 4096) ||
	    (e_bits != 2048 && e_bits != 4096)) {
		sc_err(SC_EINPUT, "%s: unsupported key sizes %u/%u bits", path,
		       e_bits, c->mod_bits);
		goto fail;
	}
	elen = e_bits / 8;
	nlen = c->mod_bits / 8;
	if (len < 64 + elen + 2 * nlen) {
		sc_err(SC_EINPUT, "%s: %zu bytes, need %zu", path, len,
		       64 + elen + 2 * nlen);
		goto fail;
	}
	c->pk = sc_rsa_key(b + 64 + elen, nlen, b + 64, elen);
	if (!c->pk) {
		sc_err(SC_EINPUT, "%s: invalid RSA public key", path);
		goto fail;
	}
	c->signed_len = 64 + elen + nlen;
	c->sig = b + c->signed_len;
	return 0;
fail:
	free(c->buf);
	c->buf = NULL;
	return ret;
}

size_t sc_amd_cert_size(const uint8_t *b, size_t len)
{
	uint32_t e_bits, n_bits, usage;
	size_t need;

	if (len < 64 || sc_le32(b) != 1)
		return 0;
	usage = sc_le32(b + 36);
	e_bits = sc_le32(b + 56);
	n_bits = sc_le32(b + 60);
	if ((usage != SC_USAGE_ARK && usage != SC_USAGE_ASK) ||
	    (e_bits != 2048 && e_bits != 4096) ||
	    (n_bits != 2048 && n_bits != 4096))
		return 0;
	need = 64 + e_bits / 8 + 2 * (n_bits / 8);
	return need <= len ? need : 0;
}

/* A little-endian number as big-endian hex, 64 digits a line. */
static void sc_print_le_hex(const char *label, const uint8_t *le, size_t len)
{
	char h[65];
	uint8_t be[32];
	size_t i, n;

	for (i = 0; i < len; i += n) {
		n = len - i < 32 ? len - i : 32;
		sc_le_to_be(be, le + len - i - n, n);
		sc_hex_str(h, be, n);
		printf("  %-15s%s\n", i ? "" : label, h);
	}
}

void sc_amd_cert_print(const char *name, const uint8_t *b, size_t len)
{
	size_t size = sc_amd_cert_size(b, len), elen, nlen;
	uint32_t n_bits;
	const uint8_t *e;
	char id[37];
	EVP_PKEY *pk;
	bool self;
	int v;

	if (!size)
		return;
	elen = sc_le32(b + 56) / 8;
	n_bits = sc_le32(b + 60);
	nlen = n_bits / 8;
	self = !memcmp(b + 4, b + 20, 16);
	printf("%s:\n", name);
	printf("  format         AMD root certificate (RSA), %zu bytes\n", size);
	printf("  version        %u\n", sc_le32(b));
	sc_uuid_str(id, b + 4);
	printf("  key_id         %s\n", id);
	sc_uuid_str(id, b + 20);
	printf("  certifying_id  %s%s\n", id, self ? " (its own key)" : "");
	printf("  key_usage      0x%04x %s\n", sc_le32(b + 36),
	       sc_usage_name(sc_le32(b + 36)));
	/* The public exponent: its significant bytes only. */
	for (e = b + 64 + elen; e > b + 64 && !e[-1]; e--)
		;
	printf("  pubexp         %zu-bit field\n", elen * 8);
	sc_print_le_hex("  value", b + 64, e > b + 64 ? e - (b + 64) : 1);
	printf("  modulus        %u bits\n", n_bits);
	sc_print_le_hex("  (BE)", b + 64 + elen, nlen);
	printf("  signature      RSA-PSS %s, salt %d, %zu bytes", n_bits == 4096 ?
	       "SHA-384" : "SHA-256", n_bits == 4096 ? 48 : 32, nlen);
	if (self) {
		pk = sc_rsa_key(b + 64 + elen, nlen, b + 64, elen);
		v = pk ? sc_rsa_pss_verify(pk, sc_amd_md(n_bits), b,
					   64 + elen + nlen,
					   b + 64 + elen + nlen) : -SC_EINPUT;
		EVP_PKEY_free(pk);
		printf(", self-signature %s", !v ? "verifies" :
		       "DOES NOT VERIFY");
	}
	printf("\n");
}

int sc_roots_load(struct sc_roots *r, const char *ark_path,
		  const char *ask_path)
{
	struct sc_amd_cert ark, ask;
	int ret;

	memset(r, 0, sizeof(*r));
	ret = sc_amd_cert_load(ark_path, SC_USAGE_ARK, &ark);
	if (ret)
		return ret;
	ret = sc_amd_cert_load(ask_path, SC_USAGE_ASK, &ask);
	if (ret)
		goto out_ark;
	if (memcmp(ark.key_id, ark.cert_id, 16) ||
	    memcmp(ask.cert_id, ark.key_id, 16)) {
		sc_err(SC_EVERIFY, "%s: not certified by %s (key ids differ)",
		       ask_path, ark_path);
		ret = -SC_EVERIFY;
		goto out;
	}
	ret = sc_rsa_pss_verify(ark.pk, sc_amd_md(ark.mod_bits), ark.cert,
				ark.signed_len, ark.sig);
	if (ret == -SC_EVERIFY)
		sc_err(SC_EVERIFY, "%s: self-signature does not verify",
		       ark_path);
	if (!ret) {
		ret = sc_rsa_pss_verify(ark.pk, sc_amd_md(ark.mod_bits),
					ask.cert, ask.signed_len, ask.sig);
		if (ret == -SC_EVERIFY)
			sc_err(SC_EVERIFY, "%s: signature does not verify with %s",
			       ask_path, ark_path);
	}
	if (ret == -SC_EINTERNAL)
		sc_err(SC_EINTERNAL, "libcrypto: RSA-PSS verification failed");
	if (!ret) {
		r->amd = true;
		r->ask_rsa = ask.pk;
		ask.pk = NULL;
		memcpy(r->ask_id, ask.key_id, 16);
	}
out:
	EVP_PKEY_free(ask.pk);
	free(ask.buf);
out_ark:
	EVP_PKEY_free(ark.pk);
	free(ark.buf);
	return ret;
}

void sc_roots_free(struct sc_roots *r)
{
	EVP_PKEY_free(r->ask_rsa);
	sc_key_free(r->ask_ecc);
	memset(r, 0, sizeof(*r));
}

/* CEK <- ASK, for an AMD (RSA) ASK. */
static int sc_cek_verify_rsa(const uint8_t *cek, const struct sc_roots *r)
{
	const uint8_t *sig;
	uint32_t algo;
	EVP_PKEY *pk = r->ask_rsa;
	int slot, ret;

	slot = sc_cert_slot(cek, SC_USAGE_ASK);
	if (slot < 0) {
		sc_err(SC_EVERIFY, "CEK: no signature by the ASK");
		return -SC_EVERIFY;
	}
	sig = cek + SC_CERT_OFF_SIG(slot);
	algo = sc_le32(sig + 4);
	if (algo == SC_ALGO_ECDSA_SHA256 || algo == SC_ALGO_ECDSA_SHA384) {
		sc_err(SC_EVERIFY, "CEK: signed by an ECDSA ASK (algorithm %#x %s): this is the sev-launch software firmware's emulator chain, not one of AMD's; verify it without --ark/--ask",
		       algo, sc_algo_name(algo));
		return -SC_EVERIFY;
	}
	if (algo != SC_ALGO_RSA_SHA256 && algo != SC_ALGO_RSA_SHA384) {
		sc_err(SC_EVERIFY, "CEK: ASK signature algorithm %#x is not RSA",
		       algo);
		return -SC_EVERIFY;
	}
	/* The signature field holds at most 4096 bits (sc_amd_cert_load). */
	/* The SEV digest is named by the algorithm; PSS salt = digest size. */
	ret = sc_rsa_pss_verify(pk, algo == SC_ALGO_RSA_SHA384 ?
				EVP_sha384() : EVP_sha256(),
				cek, SC_CERT_SIGNED_LEN, sig + 8);
	if (ret == -SC_EVERIFY)
		sc_err(SC_EVERIFY, "CEK: signature does not verify with the ASK");
	else if (ret)
		sc_err(SC_EINTERNAL, "libcrypto: RSA-PSS verification failed");
	return ret;
}

/* CEK <- ASK, for the emulator's (ECDSA) ASK. */
static int sc_cek_verify_emu(const uint8_t *cek, const struct sc_roots *r)
{
	int slot = sc_cert_slot(cek, SC_USAGE_ASK);
	uint32_t algo;

	algo = slot < 0 ? 0 : sc_le32(cek + SC_CERT_OFF_SIG(slot) + 4);
	if (algo == SC_ALGO_RSA_SHA256 || algo == SC_ALGO_RSA_SHA384) {
		sc_err(SC_EVERIFY, "CEK: signed by an RSA ASK (algorithm %#x %s): this is a real AMD platform's chain, and the default roots are only the software firmware's test keys; pass AMD's ARK and ASK for this CPU generation with --ark and --ask (AMD's ask_ark_<generation>.cert holds both: give it to each)",
		       algo, sc_algo_name(algo));
		return -SC_EVERIFY;
	}
	return sc_cert_verify("CEK", cek, "the emulator ASK", SC_USAGE_ASK,
			      r->ask_ecc);
}

int sc_chain_verify(const struct sc_chain *c, const struct sc_roots *r,
		    bool verbose)
{
	struct sc_key *cek = NULL, *oca = NULL, *pek = NULL, *pdh = NULL;
	int ret;

	ret = sc_cert_key("CEK", c->cek, SC_USAGE_CEK, &cek);
	if (ret)
		goto out;
	if (r->amd)
		ret = sc_cek_verify_rsa(c->cek, r);
	else
		ret = sc_cek_verify_emu(c->cek, r);
	if (ret)
		goto out;
	if (verbose)
		printf("ok CEK signed by the %s ASK\n",
		       r->amd ? "AMD" : "emulator");
	ret = sc_cert_key("OCA", c->oca, SC_USAGE_OCA, &oca);
	if (!ret)
		ret = sc_cert_verify("OCA", c->oca, "the OCA itself",
				     SC_USAGE_OCA, oca);
	if (ret)
		goto out;
	if (verbose)
		printf("ok OCA self-signed\n");
	ret = sc_cert_key("PEK", c->pek, SC_USAGE_PEK, &pek);
	if (!ret)
		ret = sc_cert_verify("PEK", c->pek, "the OCA", SC_USAGE_OCA,
				     oca);
	if (!ret)
		ret = sc_cert_verify("PEK", c->pek, "the CEK", SC_USAGE_CEK,
				     cek);
	if (ret)
		goto out;
	if (verbose)
		printf("ok PEK signed by the OCA and the CEK\n");
	ret = sc_cert_key("PDH", c->pdh, SC_USAGE_PDH, &pdh);
	if (!ret)
		ret = sc_cert_verify("PDH", c->pdh, "the PEK", SC_USAGE_PEK,
				     pek);
	if (!ret && verbose)
		printf("ok PDH signed by the PEK\n");
out:
	sc_key_free(cek);
	sc_key_free(oca);
	sc_key_free(pek);
	sc_key_free(pdh);
	return ret;
}
