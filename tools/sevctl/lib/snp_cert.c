// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: SEV-SNP certificates: ARK -> ASK -> VCEK as X.509, the VCEK's
 * AMD extensions, and the sev-launch emulator's SNP test keys.
 *
 * AMD's key distribution service issues X.509 v3 certificates; the ARK
 * and ASK are RSA-4096 keys signing with RSASSA-PSS (SHA-384), the VCEK is
 * a P-384 key.  Its extensions (OIDs under 1.3.6.1.4.1.3704.1, AMD "VCEK
 * Certificate and KDS Interface Specification", pub. 57230) are:
 *	.1 structVersion, .2 productName, .3.1 blSPL, .3.2 teeSPL,
 *	.3.3 snpSPL, .3.8 ucodeSPL, .3.9 fmcSPL (Turin), .4 hwID
 * the SPLs DER INTEGERs, hwID an OCTET STRING (the 64-byte CHIP_ID; 8
 * bytes on Turin).
 *
 * Emulator test keys (Documentation/snp.rst): the private scalar is
 * SHA-384 of a label (no NUL), big-endian; while it is 0 or >= n, a byte
 * 0x01 is appended to the hashed input and it is hashed again.
 *	ARK  "sev-launch emulator SNP ARK test key - not secure"
 *	ASK  "sev-launch emulator SNP ASK test key - not secure"
 *	VCEK "sev-launch emulator VCEK test key - not secure" || CHIP_ID (64)
 *	     || REPORTED_TCB (8, little-endian)
 * They are public: they prove nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "sevctl.h"

static const char * const sc_snp_labels[] = {
	[SC_SNP_EMU_ARK] = "sev-launch emulator SNP ARK test key - not secure",
	[SC_SNP_EMU_ASK] = "sev-launch emulator SNP ASK test key - not secure",
	[SC_SNP_EMU_VCEK] = "sev-launch emulator VCEK test key - not secure",
};

int sc_snp_emu_scalar(unsigned int which, const uint8_t chip_id[64],
		      uint64_t tcb, uint8_t d[48])
{
	const char *label = sc_snp_labels[which];
	size_t ll = strlen(label), n = ll, tries;
	uint8_t buf[128 + 64 + 8 + 16];
	BIGNUM *bn = NULL, *order = BN_new();
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_secp384r1);
	int ret = -SC_EINTERNAL;

	memcpy(buf, label, ll);
	if (which == SC_SNP_EMU_VCEK) {
		memcpy(buf + n, chip_id, 64);
		sc_put_le64(buf + n + 64, tcb);
		n += 72;
	}
	if (!g || !order || !EC_GROUP_get_order(g, order, NULL))
		goto out;
	for (tries = 0; tries < 16; tries++) {
		if (sc_sha384(buf, n, d))
			goto out;
		BN_free(bn);
		bn = BN_bin2bn(d, 48, NULL);
		if (!bn)
			goto out;
		if (!BN_is_zero(bn) && BN_cmp(bn, order) < 0) {
			ret = 0;
			break;
		}
		buf[n++] = 0x01;
	}
out:
	BN_clear_free(bn);
	BN_free(order);
	EC_GROUP_free(g);
	sc_wipe(buf, sizeof(buf));
	if (ret)
		sc_err(SC_EINTERNAL, "emulator SNP key derivation failed");
	return ret;
}

int sc_snp_emu_key(unsigned int which, const uint8_t chip_id[64],
		   uint64_t tcb, struct sc_key **key)
{
	uint8_t d[48];
	int ret = sc_snp_emu_scalar(which, chip_id, tcb, d);

	if (!ret)
		ret = sc_key_from_priv_be(key, d);
	sc_wipe(d, sizeof(d));
	return ret;
}

int sc_x509_load(const char *path, X509 **out)
{
	const unsigned char *p;
	uint8_t *buf;
	size_t len;
	X509 *x = NULL;
	int ret;

	ret = sc_read_file(path, &buf, &len, 1 << 20);
	if (ret)
		return ret;
	p = buf;
	if (len > 0 && buf[0] == 0x30)
		x = d2i_X509(NULL, &p, (long)len);
	if (!x) {
		BIO *b = BIO_new_mem_buf(buf, (int)len);

		if (b)
			x = PEM_read_bio_X509(b, NULL, NULL, NULL);
		BIO_free(b);
	}
	free(buf);
	if (!x) {
		sc_err(SC_EINPUT, "%s: not an X.509 certificate (DER or PEM)",
		       path);
		return -SC_EINPUT;
	}
	*out = x;
	return 0;
}

int sc_x509_signed_by(const char *name, X509 *cert, const char *iname,
		      X509 *issuer, EVP_PKEY *ikey)
{
	if (issuer && X509_NAME_cmp(X509_get_issuer_name(cert),
				    X509_get_subject_name(issuer))) {
		sc_err(SC_EVERIFY, "%s: its issuer name is not the %s's subject",
		       name, iname);
		return -SC_EVERIFY;
	}
	if (X509_verify(cert, ikey) != 1) {
		sc_err(SC_EVERIFY, "%s: its signature does not verify with the %s key",
		       name, iname);
		return -SC_EVERIFY;
	}
	return 0;
}

/* The DER value of extension @oid, NULL if absent. */
static const ASN1_OCTET_STRING *sc_ext(X509 *x, const char *oid)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
	int i = obj ? X509_get_ext_by_OBJ(x, obj, -1) : -1;

	ASN1_OBJECT_free(obj);
	if (i < 0)
		return NULL;
	return X509_EXTENSION_get_data(X509_get_ext(x, i));
}

static int sc_ext_int(X509 *x, const char *oid, int *v)
{
	const ASN1_OCTET_STRING *os = sc_ext(x, oid);
	const unsigned char *p;
	ASN1_INTEGER *ai;
	long l;

	*v = -1;
	if (!os)
		return 0;
	p = ASN1_STRING_get0_data(os);
	ai = d2i_ASN1_INTEGER(NULL, &p, ASN1_STRING_length(os));
	l = ai ? ASN1_INTEGER_get(ai) : -1;
	ASN1_INTEGER_free(ai);
	if (l < 0 || l > 255) {
		sc_err(SC_EINPUT, "VCEK extension %s is not an INTEGER 0..255",
		       oid);
		return -SC_EINPUT;
	}
	*v = (int)l;
	return 0;
}

int sc_vcek_ext(X509 *x, struct sc_vcek_ext *e)
{
	const ASN1_OCTET_STRING *os;
	const unsigned char *p;
	int ret, n;

	memset(e, 0, sizeof(*e));
	ret = sc_ext_int(x, "1.3.6.1.4.1.3704.1.3.1", &e->bl);
	if (!ret)
		ret = sc_ext_int(x, "1.3.6.1.4.1.3704.1.3.2", &e->tee);
	if (!ret)
		ret = sc_ext_int(x, "1.3.6.1.4.1.3704.1.3.3", &e->snp);
	if (!ret)
		ret = sc_ext_int(x, "1.3.6.1.4.1.3704.1.3.8", &e->ucode);
	if (!ret)
		ret = sc_ext_int(x, "1.3.6.1.4.1.3704.1.3.9", &e->fmc);
	if (ret)
		return ret;
	os = sc_ext(x, "1.3.6.1.4.1.3704.1.2");
	if (os) {
		p = ASN1_STRING_get0_data(os);
		n = ASN1_STRING_length(os);
		/* IA5String: tag 0x16, short length. */
		if (n >= 2 && p[0] == 0x16 && p[1] == n - 2 &&
		    (size_t)n - 2 < sizeof(e->product))
			memcpy(e->product, p + 2, n - 2);
	}
	os = sc_ext(x, "1.3.6.1.4.1.3704.1.4");
	if (!os)
		return 0;
	/* KDS puts the raw bytes in extnValue; a DER OCTET STRING is taken too. */
	p = ASN1_STRING_get0_data(os);
	n = ASN1_STRING_length(os);
	if (n != 64 && n != 8 && n >= 2 && p[0] == 0x04 && p[1] == n - 2) {
		p += 2;
		n -= 2;
	}
	if (n != 64 && n != 8) {
		sc_err(SC_EINPUT, "VCEK hwID extension holds %d bytes, not 64 (or 8 on Turin)",
		       n);
		return -SC_EINPUT;
	}
	e->hwid_len = n;
	memcpy(e->hwid, p, n);
	return 0;
}

int sc_vcek_tcb_match(const struct sc_vcek_ext *e, uint64_t tcb, bool turin)
{
	struct sc_snp_tcb t;
	char why[160] = "";

	sc_snp_tcb_decode(tcb, turin, &t);
	if (e->bl != t.bl)
		snprintf(why, sizeof(why), "blSPL %d, reported bootloader %d",
			 e->bl, t.bl);
	else if (e->tee != t.tee)
		snprintf(why, sizeof(why), "teeSPL %d, reported tee %d", e->tee,
			 t.tee);
	else if (e->snp != t.snp)
		snprintf(why, sizeof(why), "snpSPL %d, reported snp %d", e->snp,
			 t.snp);
	else if (e->ucode != t.ucode)
		snprintf(why, sizeof(why), "ucodeSPL %d, reported microcode %d",
			 e->ucode, t.ucode);
	else if (turin && e->fmc != t.fmc)
		snprintf(why, sizeof(why), "fmcSPL %d, reported fmc %d", e->fmc,
			 t.fmc);
	if (!why[0])
		return 0;
	sc_err(SC_EVERIFY, "VCEK TCB differs from the report's reported_tcb: %s",
	       why);
	return -SC_EVERIFY;
}
