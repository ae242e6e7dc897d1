// SPDX-License-Identifier: GPL-2.0
/*
 * The emulator's SEV-SNP signing keys and their X.509 certificates.
 *
 * AMD's Key Distribution Service (KDS, pub. 57230) publishes, per product,
 * an ARK (self-signed root) and an ASK certificate, and per chip and
 * reported TCB a VCEK certificate; the VCEK signs attestation reports.
 * The model builds the same chain,
 *
 *	SNP ARK (self-signed) -> SNP ASK -> VCEK (chip_id, reported TCB)
 *
 * as DER X.509 v3 certificates.  Departures from AMD's certificates: every
 * key is a P-384 key and every signature ECDSA with SHA-384 (AMD's ARK and
 * ASK are RSA-4096 keys signing with RSASSA-PSS), the names say "emulator",
 * and the CA certificates carry key identifiers (RFC 7093 method 1 with
 * SHA-256) so that generic X.509 code can chain them.
 *
 * The private scalars are SHA-384 digests of public labels: these are TEST
 * KEYS THAT PROVE NOTHING.  A scalar outside [2, n - 2] (probability about
 * 2^-383) is replaced by the digest of the input with one byte 0x01
 * appended, repeatedly.  Serial numbers, validity and the ECDSA nonces
 * (sevl_p384_sign_deterministic()) are fixed, so every machine produces the
 * same bytes for the same chip_id and TCB.
 *
 * The VCEK certificate carries the KDS extensions under 1.3.6.1.4.1.3704.1
 * that verifiers match against a report: structVersion (.1, INTEGER),
 * productName (.2, IA5String), the TCB components blSPL, teeSPL, spl4..7,
 * snpSPL and ucodeSPL (.3.1-.3.8, INTEGER) and hwID (.4, the 64-byte
 * chip_id).  As in the KDS's own certificates, hwID's extnValue holds the
 * raw 64 bytes without an inner OCTET STRING tag.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/sha2.h>
#include <sev-launch/kunit.h>

#include "snp_report.h"

static const char sevl_snp_ark_label[] =
	"sev-launch emulator SNP ARK test key - not secure";
static const char sevl_snp_ask_label[] =
	"sev-launch emulator SNP ASK test key - not secure";
static const char sevl_snp_vcek_label[] =
	"sev-launch emulator VCEK test key - not secure";

#define SEVL_SNP_KEY_TRIES	16

/*
 * Key pair whose scalar is SHA-384(@in), @in extended by 0x01 bytes until
 * the scalar is usable.  @in must have SEVL_SNP_KEY_TRIES spare bytes.
 */
static int sevl_snp_key_from(u8 *in, size_t len, struct sevl_p384_key *key)
{
	u8 d[SHA384_DIGEST_SIZE];
	int i, ret = -EINVAL;

	for (i = 0; i < SEVL_SNP_KEY_TRIES && ret == -EINVAL; i++) {
		ret = sevl_sha384(in, len, d);
		if (ret)
			break;
		ret = sevl_p384_key_from_priv_be(key, d);
		in[len++] = 0x01;
	}
	memzero_explicit(d, sizeof(d));
	return ret;
}

static int sevl_snp_label_key(const char *label, struct sevl_p384_key *key)
{
	u8 in[64 + SEVL_SNP_KEY_TRIES];
	size_t len = strlen(label);

	if (len > 64)
		return -EINVAL;
	memcpy(in, label, len);
	return sevl_snp_key_from(in, len, key);
}

/**
 * sevl_snp_ark_key() - the emulator's SNP ARK test key pair
 * @key: receives the key pair
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_snp_ark_key(struct sevl_p384_key *key)
{
	return sevl_snp_label_key(sevl_snp_ark_label, key);
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_ark_key);

/**
 * sevl_snp_ask_key() - the emulator's SNP ASK test key pair
 * @key: receives the key pair
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_snp_ask_key(struct sevl_p384_key *key)
{
	return sevl_snp_label_key(sevl_snp_ask_label, key);
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_ask_key);

/**
 * sevl_snp_vcek_key() - the emulator's VCEK for a chip and reported TCB
 * @chip_id: the 64-byte chip ID
 * @reported_tcb: the reported TCB_VERSION
 * @key: receives the key pair
 *
 * The scalar is SHA-384(label || chip_id || reported_tcb little-endian).
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_snp_vcek_key(const u8 *chip_id, u64 reported_tcb,
		      struct sevl_p384_key *key)
{
	u8 in[sizeof(sevl_snp_vcek_label) + SEVL_SNP_CHIP_ID_LEN + 8 +
	      SEVL_SNP_KEY_TRIES];
	size_t len = strlen(sevl_snp_vcek_label);
	__le64 tcb = cpu_to_le64(reported_tcb);
	int ret;

	memcpy(in, sevl_snp_vcek_label, len);
	memcpy(in + len, chip_id, SEVL_SNP_CHIP_ID_LEN);
	len += SEVL_SNP_CHIP_ID_LEN;
	memcpy(in + len, &tcb, sizeof(tcb));
	len += sizeof(tcb);
	ret = sevl_snp_key_from(in, len, key);
	memzero_explicit(in, sizeof(in));
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_vcek_key);

/* A DER writer over a fixed buffer; the first error sticks. */
struct sevl_der {
	u8 *buf;
	size_t len;
	size_t cap;
	int err;
};

static void sevl_der_put(struct sevl_der *d, const void *p, size_t n)
{
	if (d->err || !n)
		return;
	if (n > d->cap - d->len) {
		d->err = -ENOSPC;
		return;
	}
	memcpy(d->buf + d->len, p, n);
	d->len += n;
}

/* Turn the bytes written since @start into the contents of a @tag TLV. */
static void sevl_der_wrap(struct sevl_der *d, size_t start, u8 tag)
{
	size_t clen = d->len - start, h;
	u8 hdr[4];

	if (d->err)
		return;
	hdr[0] = tag;
	if (clen < 0x80) {
		hdr[1] = clen;
		h = 2;
	} else if (clen < 0x100) {
		hdr[1] = 0x81;
		hdr[2] = clen;
		h = 3;
	} else if (clen < 0x10000) {
		hdr[1] = 0x82;
		hdr[2] = clen >> 8;
		hdr[3] = clen;
		h = 4;
	} else {
		d->err = -E2BIG;
		return;
	}
	if (h > d->cap - d->len) {
		d->err = -ENOSPC;
		return;
	}
	memmove(d->buf + start + h, d->buf + start, clen);
	memcpy(d->buf + start, hdr, h);
	d->len += h;
}

#define DER_INT		0x02
#define DER_BITSTR	0x03
#define DER_OCTSTR	0x04
#define DER_OID		0x06
#define DER_UTF8	0x0c
#define DER_IA5	0x16
#define DER_UTCTIME	0x17
#define DER_SEQ		0x30
#define DER_SET		0x31
#define DER_CTX(n)	(0xa0 + (n))

static void sevl_der_tlv(struct sevl_der *d, u8 tag, const void *p, size_t n)
{
	size_t start = d->len;

	sevl_der_put(d, p, n);
	sevl_der_wrap(d, start, tag);
}

/* Non-negative INTEGER from a big-endian magnitude. */
static void sevl_der_uint(struct sevl_der *d, const u8 *be, size_t n)
{
	size_t start = d->len;
	u8 zero = 0;

	while (n > 1 && !be[0]) {
		be++;
		n--;
	}
	if (be[0] & 0x80)
		sevl_der_put(d, &zero, 1);
	sevl_der_put(d, be, n);
	sevl_der_wrap(d, start, DER_INT);
}

static void sevl_der_u32(struct sevl_der *d, u32 v)
{
	u8 be[4] = { v >> 24, v >> 16, v >> 8, v };

	sevl_der_uint(d, be, sizeof(be));
}

/* OIDs, content octets. */
static const u8 sevl_oid_ecdsa_sha384[] = {
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03 };
static const u8 sevl_oid_ec_pubkey[] = {
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const u8 sevl_oid_secp384r1[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const u8 sevl_oid_cn[] = { 0x55, 0x04, 0x03 };
static const u8 sevl_oid_o[] = { 0x55, 0x04, 0x0a };
static const u8 sevl_oid_basic_constraints[] = { 0x55, 0x1d, 0x13 };
static const u8 sevl_oid_key_usage[] = { 0x55, 0x1d, 0x0f };
static const u8 sevl_oid_skid[] = { 0x55, 0x1d, 0x0e };
static const u8 sevl_oid_akid[] = { 0x55, 0x1d, 0x23 };
/* 1.3.6.1.4.1.3704.1, followed by the KDS arc. */
static const u8 sevl_oid_kds[] = {
	0x2b, 0x06, 0x01, 0x04, 0x01, 0x9c, 0x78, 0x01 };

static void sevl_der_alg(struct sevl_der *d)
{
	size_t start = d->len;

	sevl_der_tlv(d, DER_OID, sevl_oid_ecdsa_sha384,
		     sizeof(sevl_oid_ecdsa_sha384));
	sevl_der_wrap(d, start, DER_SEQ);
}

/* Name: O = emulator, CN = @cn. */
static void sevl_der_name(struct sevl_der *d, const char *cn)
{
	static const char org[] = "sev-launch emulator (test keys, not secure)";
	const struct {
		const u8 *oid;
		size_t olen;
		const char *val;
	} rdn[] = {
		{ sevl_oid_o, sizeof(sevl_oid_o), org },
		{ sevl_oid_cn, sizeof(sevl_oid_cn), cn },
	};
	size_t start = d->len, s1, s2;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rdn); i++) {
		s1 = d->len;
		s2 = d->len;
		sevl_der_tlv(d, DER_OID, rdn[i].oid, rdn[i].olen);
		sevl_der_tlv(d, DER_UTF8, rdn[i].val, strlen(rdn[i].val));
		sevl_der_wrap(d, s2, DER_SEQ);
		sevl_der_wrap(d, s1, DER_SET);
	}
	sevl_der_wrap(d, start, DER_SEQ);
}

/* Uncompressed point 0x04 || X || Y, big-endian. */
static void sevl_snp_point(const struct sevl_p384_key *key, u8 *out)
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

static void sevl_der_spki(struct sevl_der *d, const u8 *point)
{
	size_t start = d->len, s;
	u8 zero = 0;

	s = d->len;
	sevl_der_tlv(d, DER_OID, sevl_oid_ec_pubkey,
		     sizeof(sevl_oid_ec_pubkey));
	sevl_der_tlv(d, DER_OID, sevl_oid_secp384r1,
		     sizeof(sevl_oid_secp384r1));
	sevl_der_wrap(d, s, DER_SEQ);
	s = d->len;
	sevl_der_put(d, &zero, 1);
	sevl_der_put(d, point, 1 + 2 * SEVL_P384_BYTES);
	sevl_der_wrap(d, s, DER_BITSTR);
	sevl_der_wrap(d, start, DER_SEQ);
}

/* Extension { extnID, critical?, extnValue = @val } */
static void sevl_der_ext(struct sevl_der *d, const u8 *oid, size_t olen,
			 const u8 *arc, size_t alen, bool critical,
			 const void *val, size_t vlen)
{
	static const u8 true_bool[] = { 0x01, 0x01, 0xff };
	size_t start = d->len, s = d->len;

	sevl_der_put(d, oid, olen);
	sevl_der_put(d, arc, alen);
	sevl_der_wrap(d, s, DER_OID);
	if (critical)
		sevl_der_put(d, true_bool, sizeof(true_bool));
	sevl_der_tlv(d, DER_OCTSTR, val, vlen);
	sevl_der_wrap(d, start, DER_SEQ);
}

/* KDS extension whose value is a DER INTEGER. */
static void sevl_der_kds_int(struct sevl_der *d, const u8 *arc, size_t alen,
			     u8 v)
{
	u8 val[4];
	struct sevl_der t = { .buf = val, .cap = sizeof(val) };

	sevl_der_u32(&t, v);
	if (t.err) {
		d->err = t.err;
		return;
	}
	sevl_der_ext(d, sevl_oid_kds, sizeof(sevl_oid_kds), arc, alen, false,
		     val, t.len);
}

/* Key identifier: SHA-256 of the subjectPublicKey bits, first 160 bits. */
static void sevl_snp_keyid(const u8 *point, u8 *id)
{
	u8 h[SHA256_DIGEST_SIZE];

	sha256(point, 1 + 2 * SEVL_P384_BYTES, h);
	memcpy(id, h, 20);
}

/**
 * struct sevl_snp_cert_spec - what one certificate says
 * @serial: serial number
 * @issuer: issuer CN
 * @subject: subject CN
 * @subject_key: the certified key (public part used)
 * @issuer_key: the signing key (private part used)
 * @ca: ARK/ASK (CA extensions) rather than VCEK (KDS extensions)
 * @chip_id: VCEK only: hwID
 * @tcb: VCEK only: the reported TCB_VERSION
 */
struct sevl_snp_cert_spec {
	u32 serial;
	const char *issuer;
	const char *subject;
	const struct sevl_p384_key *subject_key;
	const struct sevl_p384_key *issuer_key;
	bool ca;
	const u8 *chip_id;
	u64 tcb;
};

static void sevl_der_exts(struct sevl_der *d,
			  const struct sevl_snp_cert_spec *cs,
			  const u8 *skid, const u8 *akid)
{
	static const u8 bc_ca[] = { 0x30, 0x03, 0x01, 0x01, 0xff };
	/* keyCertSign | cRLSign */
	static const u8 ku_ca[] = { 0x03, 0x02, 0x01, 0x06 };
	static const u8 struct_version[] = { 0x01 };
	static const u8 product_name[] = { 0x02 };
	/* TCB_VERSION byte i (Milan/Genoa layout) and its KDS arc .3.x */
	static const struct {
		u8 arc[2];
		u8 byte;
	} spl[] = {
		{ { 0x03, 0x01 }, 0 },	/* blSPL */
		{ { 0x03, 0x02 }, 1 },	/* teeSPL */
		{ { 0x03, 0x04 }, 2 },	/* spl4 */
		{ { 0x03, 0x05 }, 3 },	/* spl5 */
		{ { 0x03, 0x06 }, 4 },	/* spl6 */
		{ { 0x03, 0x07 }, 5 },	/* spl7 */
		{ { 0x03, 0x03 }, 6 },	/* snpSPL */
		{ { 0x03, 0x08 }, 7 },	/* ucodeSPL */
	};
	static const u8 hwid[] = { 0x04 };
	size_t start = d->len, s = d->len;
	u8 kid[2 + 2 + 20];
	u8 ia5[2 + sizeof(SEVL_SNP_PRODUCT_NAME)];
	unsigned int i;

	/* AuthorityKeyIdentifier ::= SEQUENCE { [0] keyIdentifier } */
	kid[0] = DER_SEQ;
	kid[1] = 22;
	kid[2] = 0x80;
	kid[3] = 20;
	memcpy(kid + 4, akid, 20);
	sevl_der_ext(d, sevl_oid_akid, sizeof(sevl_oid_akid), NULL, 0, false,
		     kid, sizeof(kid));
	if (cs->ca) {
		kid[0] = DER_OCTSTR;
		kid[1] = 20;
		memcpy(kid + 2, skid, 20);
		sevl_der_ext(d, sevl_oid_skid, sizeof(sevl_oid_skid), NULL, 0,
			     false, kid, 22);
		sevl_der_ext(d, sevl_oid_basic_constraints,
			     sizeof(sevl_oid_basic_constraints), NULL, 0, true,
			     bc_ca, sizeof(bc_ca));
		sevl_der_ext(d, sevl_oid_key_usage, sizeof(sevl_oid_key_usage),
			     NULL, 0, true, ku_ca, sizeof(ku_ca));
	} else {
		sevl_der_kds_int(d, struct_version, sizeof(struct_version), 1);
		ia5[0] = DER_IA5;
		ia5[1] = strlen(SEVL_SNP_PRODUCT_NAME);
		memcpy(ia5 + 2, SEVL_SNP_PRODUCT_NAME, ia5[1]);
		sevl_der_ext(d, sevl_oid_kds, sizeof(sevl_oid_kds),
			     product_name, sizeof(product_name), false, ia5,
			     2 + ia5[1]);
		for (i = 0; i < ARRAY_SIZE(spl); i++)
			sevl_der_kds_int(d, spl[i].arc, sizeof(spl[i].arc),
					 (cs->tcb >> (8 * spl[i].byte)) & 0xff);
		sevl_der_ext(d, sevl_oid_kds, sizeof(sevl_oid_kds), hwid,
			     sizeof(hwid), false, cs->chip_id,
			     SEVL_SNP_CHIP_ID_LEN);
	}
	sevl_der_wrap(d, s, DER_SEQ);
	sevl_der_wrap(d, start, DER_CTX(3));
}

/* SEQUENCE { INTEGER r, INTEGER s } from little-endian r and s. */
static void sevl_der_ecdsa_sig(struct sevl_der *d, const u8 *r_le,
			       const u8 *s_le)
{
	u8 be[SEVL_P384_BYTES];
	size_t start = d->len;
	int i;

	for (i = 0; i < SEVL_P384_BYTES; i++)
		be[i] = r_le[SEVL_P384_BYTES - 1 - i];
	sevl_der_uint(d, be, sizeof(be));
	for (i = 0; i < SEVL_P384_BYTES; i++)
		be[i] = s_le[SEVL_P384_BYTES - 1 - i];
	sevl_der_uint(d, be, sizeof(be));
	sevl_der_wrap(d, start, DER_SEQ);
}

static int sevl_snp_cert_build(const struct sevl_snp_cert_spec *cs,
			       u8 *buf, size_t cap, size_t *len)
{
	/* 2024-01-01 00:00:00 to 2049-12-31 23:59:59, UTCTime */
	static const char not_before[] = "240101000000Z";
	static const char not_after[] = "491231235959Z";
	static const u8 v3[] = { 0xa0, 0x03, 0x02, 0x01, 0x02 };
	u8 spoint[1 + 2 * SEVL_P384_BYTES], ipoint[1 + 2 * SEVL_P384_BYTES];
	u8 skid[20], akid[20], digest[SHA384_DIGEST_SIZE];
	u8 r[SEVL_P384_BYTES], s[SEVL_P384_BYTES];
	struct sevl_der d = { .buf = buf, .cap = cap };
	size_t tbs, v;
	u8 zero = 0;
	int ret;

	sevl_snp_point(cs->subject_key, spoint);
	sevl_snp_point(cs->issuer_key, ipoint);
	sevl_snp_keyid(spoint, skid);
	sevl_snp_keyid(ipoint, akid);

	sevl_der_put(&d, v3, sizeof(v3));
	sevl_der_u32(&d, cs->serial);
	sevl_der_alg(&d);
	sevl_der_name(&d, cs->issuer);
	v = d.len;
	sevl_der_tlv(&d, DER_UTCTIME, not_before, strlen(not_before));
	sevl_der_tlv(&d, DER_UTCTIME, not_after, strlen(not_after));
	sevl_der_wrap(&d, v, DER_SEQ);
	sevl_der_name(&d, cs->subject);
	sevl_der_spki(&d, spoint);
	sevl_der_exts(&d, cs, skid, akid);
	sevl_der_wrap(&d, 0, DER_SEQ);
	if (d.err)
		return d.err;
	tbs = d.len;

	ret = sevl_sha384(buf, tbs, digest);
	if (!ret)
		ret = sevl_p384_sign_deterministic(cs->issuer_key, digest,
						   sizeof(digest), r, s);
	if (ret)
		return ret;
	sevl_der_alg(&d);
	v = d.len;
	sevl_der_put(&d, &zero, 1);
	sevl_der_ecdsa_sig(&d, r, s);
	sevl_der_wrap(&d, v, DER_BITSTR);
	sevl_der_wrap(&d, 0, DER_SEQ);
	if (d.err)
		return d.err;
	*len = d.len;
	return 0;
}

#define SEVL_SNP_ARK_CN		"SNP ARK-Milan (sev-launch emulator)"
#define SEVL_SNP_ASK_CN		"SNP ASK SEV-Milan (sev-launch emulator)"
#define SEVL_SNP_VCEK_CN	"SEV-VCEK (sev-launch emulator)"

/**
 * sevl_snp_ark_cert() - the emulator's self-signed SNP ARK certificate
 * @buf: receives the DER bytes (identical on every call)
 * @cap: size of @buf; SEVL_SNP_CERT_MAX is enough
 * @len: receives the certificate's length
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_snp_ark_cert(u8 *buf, size_t cap, size_t *len)
{
	struct sevl_snp_cert_spec cs = {
		.serial = 1, .issuer = SEVL_SNP_ARK_CN,
		.subject = SEVL_SNP_ARK_CN, .ca = true,
	};
	struct sevl_p384_key ark;
	int ret;

	ret = sevl_snp_ark_key(&ark);
	if (ret)
		return ret;
	cs.subject_key = &ark;
	cs.issuer_key = &ark;
	ret = sevl_snp_cert_build(&cs, buf, cap, len);
	sevl_p384_key_wipe(&ark);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_ark_cert);

/*
 * Certificate for @subject signed by the ARK (VCEK: by the ASK).
 */
static int sevl_snp_issued_cert(struct sevl_snp_cert_spec *cs,
				const struct sevl_p384_key *subject,
				bool by_ask, u8 *buf, size_t cap, size_t *len)
{
	struct sevl_p384_key issuer;
	int ret;

	ret = by_ask ? sevl_snp_ask_key(&issuer) : sevl_snp_ark_key(&issuer);
	if (ret)
		return ret;
	cs->subject_key = subject;
	cs->issuer_key = &issuer;
	ret = sevl_snp_cert_build(cs, buf, cap, len);
	sevl_p384_key_wipe(&issuer);
	return ret;
}

/**
 * sevl_snp_ask_cert() - the emulator's SNP ASK certificate, signed by the ARK
 * @buf: receives the DER bytes (identical on every call)
 * @cap: size of @buf; SEVL_SNP_CERT_MAX is enough
 * @len: receives the certificate's length
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_snp_ask_cert(u8 *buf, size_t cap, size_t *len)
{
	struct sevl_snp_cert_spec cs = {
		.serial = 2, .issuer = SEVL_SNP_ARK_CN,
		.subject = SEVL_SNP_ASK_CN, .ca = true,
	};
	struct sevl_p384_key ask;
	int ret;

	ret = sevl_snp_ask_key(&ask);
	if (ret)
		return ret;
	ret = sevl_snp_issued_cert(&cs, &ask, false, buf, cap, len);
	sevl_p384_key_wipe(&ask);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_ask_cert);

/**
 * sevl_snp_vcek_cert() - the VCEK certificate of a chip at a reported TCB
 * @chip_id: the 64-byte chip ID (hwID)
 * @reported_tcb: the reported TCB_VERSION (the SPL extensions)
 * @buf: receives the DER bytes (identical for the same inputs)
 * @cap: size of @buf; SEVL_SNP_CERT_MAX is enough
 * @len: receives the certificate's length
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sevl_snp_vcek_cert(const u8 *chip_id, u64 reported_tcb, u8 *buf,
		       size_t cap, size_t *len)
{
	struct sevl_snp_cert_spec cs = {
		.serial = 3, .issuer = SEVL_SNP_ASK_CN,
		.subject = SEVL_SNP_VCEK_CN, .ca = false,
		.chip_id = chip_id, .tcb = reported_tcb,
	};
	struct sevl_p384_key vcek;
	int ret;

	ret = sevl_snp_vcek_key(chip_id, reported_tcb, &vcek);
	if (ret)
		return ret;
	ret = sevl_snp_issued_cert(&cs, &vcek, true, buf, cap, len);
	sevl_p384_key_wipe(&vcek);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_snp_vcek_cert);
