// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: SEV-SNP attestation in the software firmware: the emulator's SNP
 * keys and X.509 chain, report signatures and guest messages.
 *
 * Independent answers: the public keys of the SNP ARK, ASK and of one VCEK
 * and the AES-256-GCM message below were computed with OpenSSL through
 * Python's "cryptography" package from the labels and layouts of
 * Documentation/snp.rst.  Certificates are taken apart by a DER walker in
 * this file and their signatures, like the reports', are checked by the
 * kernel's own ecdsa-nist-p384 verifier, which parses the DER signature
 * itself.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <crypto/akcipher.h>
#include <crypto/sha2.h>

#include "../../drivers/swfw/fw.h"
#include "../../drivers/swfw/snp_report.h"
#include "../../drivers/swfw/snp_msg.h"
#include "swfw_snp_fixture.h"

/* Parse a hex string of exactly 2 * @len digits. */
static void t_hex(struct kunit *test, u8 *out, const char *hex, size_t len)
{
	KUNIT_ASSERT_EQ(test, strlen(hex), 2 * len);
	KUNIT_ASSERT_EQ(test, hex2bin(out, hex, len), 0);
}

/* Parse hex given in pieces of up to 48 digits, 2 * @len digits in all. */
static void t_hexv(struct kunit *test, u8 *out, const char * const *parts,
		   size_t nparts, size_t len)
{
	size_t i, n;

	for (i = 0; i < nparts; i++) {
		n = strlen(parts[i]) / 2;
		KUNIT_ASSERT_LE(test, n, len);
		t_hex(test, out, parts[i], n);
		out += n;
		len -= n;
	}
	KUNIT_ASSERT_EQ(test, len, 0);
}

/*
 * One DER TLV at *@pp (short or long form up to two length octets).
 * Sets @tag, @c (contents), @clen and @tlv_len; advances *@pp.
 */
static int t_tlv(const u8 **pp, const u8 *end, u8 *tag, const u8 **c,
		 size_t *clen)
{
	const u8 *p = *pp;
	size_t n;

	if (end - p < 2)
		return -EINVAL;
	*tag = p[0];
	n = p[1];
	p += 2;
	if (n == 0x81 || n == 0x82) {
		size_t k = n & 0x7f, i;

		if ((size_t)(end - p) < k)
			return -EINVAL;
		for (n = 0, i = 0; i < k; i++)
			n = (n << 8) | *p++;
	} else if (n & 0x80) {
		return -EINVAL;
	}
	if ((size_t)(end - p) < n)
		return -EINVAL;
	*c = p;
	*clen = n;
	*pp = p + n;
	return 0;
}

/**
 * struct t_cert - the parts of a certificate the tests look at
 * @tbs: the TBSCertificate TLV
 * @tbs_len: its length
 * @pub: subject public key, 0x04 || X || Y
 * @sig: the DER ECDSA-Sig-Value
 * @sig_len: its length
 * @exts: contents of the extensions SEQUENCE
 * @exts_len: its length
 */
struct t_cert {
	const u8 *tbs;
	size_t tbs_len;
	const u8 *pub;
	const u8 *sig;
	size_t sig_len;
	const u8 *exts;
	size_t exts_len;
};

static void t_cert_parse(struct kunit *test, const u8 *der, size_t len,
			 struct t_cert *tc)
{
	const u8 *p = der, *end = der + len, *c, *q, *qe, *s;
	size_t n, sn;
	u8 tag;
	int i;

	KUNIT_ASSERT_EQ(test, t_tlv(&p, end, &tag, &c, &n), 0);
	KUNIT_ASSERT_EQ(test, tag, 0x30);
	KUNIT_ASSERT_TRUE(test, p == end);
	p = c;
	end = c + n;
	tc->tbs = p;
	KUNIT_ASSERT_EQ(test, t_tlv(&p, end, &tag, &c, &n), 0);
	KUNIT_ASSERT_EQ(test, tag, 0x30);
	tc->tbs_len = p - tc->tbs;
	q = c;
	qe = c + n;
	/* version, serial, signature, issuer, validity, subject */
	for (i = 0; i < 6; i++)
		KUNIT_ASSERT_EQ(test, t_tlv(&q, qe, &tag, &s, &sn), 0);
	/* subjectPublicKeyInfo */
	KUNIT_ASSERT_EQ(test, t_tlv(&q, qe, &tag, &s, &sn), 0);
	KUNIT_ASSERT_EQ(test, tag, 0x30);
	{
		const u8 *r = s, *re = s + sn, *bc;
		size_t bn;

		KUNIT_ASSERT_EQ(test, t_tlv(&r, re, &tag, &bc, &bn), 0);
		KUNIT_ASSERT_EQ(test, t_tlv(&r, re, &tag, &bc, &bn), 0);
		KUNIT_ASSERT_EQ(test, tag, 0x03);
		KUNIT_ASSERT_EQ(test, bn, 1 + 1 + 2 * SEVL_P384_BYTES);
		KUNIT_ASSERT_EQ(test, bc[0], 0);
		tc->pub = bc + 1;
	}
	/* [3] { SEQUENCE OF Extension } */
	KUNIT_ASSERT_EQ(test, t_tlv(&q, qe, &tag, &s, &sn), 0);
	KUNIT_ASSERT_EQ(test, tag, 0xa3);
	KUNIT_ASSERT_EQ(test, t_tlv(&s, s + sn, &tag, &tc->exts,
				    &tc->exts_len), 0);
	KUNIT_ASSERT_TRUE(test, q == qe);
	/* signatureAlgorithm, signatureValue */
	KUNIT_ASSERT_EQ(test, t_tlv(&p, end, &tag, &c, &n), 0);
	KUNIT_ASSERT_EQ(test, t_tlv(&p, end, &tag, &c, &n), 0);
	KUNIT_ASSERT_EQ(test, tag, 0x03);
	KUNIT_ASSERT_GT(test, n, 1);
	KUNIT_ASSERT_EQ(test, c[0], 0);
	tc->sig = c + 1;
	tc->sig_len = n - 1;
	KUNIT_ASSERT_TRUE(test, p == end);
}

/* The extnValue contents of the extension @oid, or NULL. */
static const u8 *t_cert_ext(struct kunit *test, const struct t_cert *tc,
			    const u8 *oid, size_t olen, size_t *vlen)
{
	const u8 *p = tc->exts, *end = tc->exts + tc->exts_len, *c, *q, *o;
	size_t n, on;
	u8 tag;

	while (p < end) {
		KUNIT_ASSERT_EQ(test, t_tlv(&p, end, &tag, &c, &n), 0);
		q = c;
		KUNIT_ASSERT_EQ(test, t_tlv(&q, c + n, &tag, &o, &on), 0);
		if (tag != 0x06 || on != olen || memcmp(o, oid, olen))
			continue;
		KUNIT_ASSERT_EQ(test, t_tlv(&q, c + n, &tag, &o, &on), 0);
		if (tag == 0x01)
			KUNIT_ASSERT_EQ(test, t_tlv(&q, c + n, &tag, &o, &on),
					0);
		KUNIT_ASSERT_EQ(test, tag, 0x04);
		*vlen = on;
		return o;
	}
	return NULL;
}

/**
 * t_ecdsa_verify() - verify with the kernel's ecdsa-nist-p384
 * @test: the test
 * @pub: public key 0x04 || X || Y
 * @sig: DER ECDSA-Sig-Value
 * @sig_len: its length
 * @digest: SHA-384 digest of the signed data
 *
 * Return: the verifier's result.
 */
static int t_ecdsa_verify(struct kunit *test, const u8 *pub, const u8 *sig,
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

/* Does @tc's signature verify under @issuer_pub? */
static int t_cert_verify(struct kunit *test, const struct t_cert *tc,
			 const u8 *issuer_pub)
{
	u8 digest[SHA384_DIGEST_SIZE];

	KUNIT_ASSERT_EQ(test, sevl_sha384(tc->tbs, tc->tbs_len, digest), 0);
	return t_ecdsa_verify(test, issuer_pub, tc->sig, tc->sig_len, digest);
}

/**
 * t_pub_of() - a key's public point as 0x04 || X || Y
 * @key: the key
 * @out: 97 bytes
 */
static void t_pub_of(const struct sevl_p384_key *key, u8 *out)
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

/* Public keys computed with Python "cryptography" from the labels. */
static void sevl_t_snp_keys_kat(struct kunit *test)
{
	static const char * const ark_x[] = {
		"7378d773c6d6095aab726987c5167fcf589409a8b77740c5",
		"b65b58931304a94eb15c1978aba801a2dc084113e4335361",
	};
	static const char * const ark_y[] = {
		"ffafb962dbc190efd0d40650a8ac5f9aac74ced68e4bb95d",
		"b6d743a406d746e8ff41e96f27068d9af3e41ec6717a4f53",
	};
	static const char * const ask_x[] = {
		"d8d5ac1c04ad64b47f6944e9dabb64e9bca2baa92fde6bdc",
		"15149d0866f06111fc53728900480aa9e426d88692346d6c",
	};
	/* chip_id 00 01 .. 3f, reported TCB 0x1800000000000a03 */
	static const char * const vcek_x[] = {
		"d308324a64afa7399eb9844ad450dff5e35a93e669268f20",
		"20d87476d0ea63411b12e2c86fd56f3eb3de3ac235f6dced",
	};
	struct sevl_p384_key key;
	u8 pub[97], want[48], chip[64];
	int i;

	KUNIT_ASSERT_EQ(test, sevl_snp_ark_key(&key), 0);
	t_pub_of(&key, pub);
	t_hexv(test, want, ark_x, ARRAY_SIZE(ark_x), 48);
	KUNIT_EXPECT_MEMEQ(test, pub + 1, want, 48);
	t_hexv(test, want, ark_y, ARRAY_SIZE(ark_y), 48);
	KUNIT_EXPECT_MEMEQ(test, pub + 49, want, 48);
	KUNIT_ASSERT_EQ(test, sevl_snp_ask_key(&key), 0);
	t_pub_of(&key, pub);
	t_hexv(test, want, ask_x, ARRAY_SIZE(ask_x), 48);
	KUNIT_EXPECT_MEMEQ(test, pub + 1, want, 48);
	for (i = 0; i < 64; i++)
		chip[i] = i;
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_key(chip, 0x1800000000000a03ULL,
						&key), 0);
	t_pub_of(&key, pub);
	t_hexv(test, want, vcek_x, ARRAY_SIZE(vcek_x), 48);
	KUNIT_EXPECT_MEMEQ(test, pub + 1, want, 48);
	/* another TCB, another key */
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_key(chip, 0x1800000000000a04ULL,
						&key), 0);
	t_pub_of(&key, pub);
	KUNIT_EXPECT_MEMNEQ(test, pub + 1, want, 48);
	sevl_p384_key_wipe(&key);
}

struct t_chain {
	u8 *ark, *ask, *vcek;
	size_t ark_len, ask_len, vcek_len;
	struct t_cert ark_c, ask_c, vcek_c;
	u8 chip[64];
	u64 tcb;
};

static void t_chain_make(struct kunit *test, struct t_chain *ch)
{
	int i;

	for (i = 0; i < 64; i++)
		ch->chip[i] = 0xc0 ^ i;
	ch->tcb = 0xdb00000000001503ULL;
	ch->ark = kunit_kzalloc(test, SEVL_SNP_CERT_MAX, GFP_KERNEL);
	ch->ask = kunit_kzalloc(test, SEVL_SNP_CERT_MAX, GFP_KERNEL);
	ch->vcek = kunit_kzalloc(test, SEVL_SNP_CERT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, ch->ark && ch->ask && ch->vcek);
	KUNIT_ASSERT_EQ(test, sevl_snp_ark_cert(ch->ark, SEVL_SNP_CERT_MAX,
						&ch->ark_len), 0);
	KUNIT_ASSERT_EQ(test, sevl_snp_ask_cert(ch->ask, SEVL_SNP_CERT_MAX,
						&ch->ask_len), 0);
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_cert(ch->chip, ch->tcb, ch->vcek,
						 SEVL_SNP_CERT_MAX,
						 &ch->vcek_len), 0);
	t_cert_parse(test, ch->ark, ch->ark_len, &ch->ark_c);
	t_cert_parse(test, ch->ask, ch->ask_len, &ch->ask_c);
	t_cert_parse(test, ch->vcek, ch->vcek_len, &ch->vcek_c);
}

/* ARK -> ASK -> VCEK, each checked by the kernel's verifier. */
static void sevl_t_snp_cert_chain(struct kunit *test)
{
	struct sevl_p384_key key;
	struct t_chain ch;
	u8 pub[97], *again;
	size_t len;

	t_chain_make(test, &ch);
	KUNIT_EXPECT_EQ(test, t_cert_verify(test, &ch.ark_c, ch.ark_c.pub), 0);
	KUNIT_EXPECT_EQ(test, t_cert_verify(test, &ch.ask_c, ch.ark_c.pub), 0);
	KUNIT_EXPECT_EQ(test, t_cert_verify(test, &ch.vcek_c, ch.ask_c.pub), 0);
	/* wrong issuer */
	KUNIT_EXPECT_NE(test, t_cert_verify(test, &ch.vcek_c, ch.ark_c.pub), 0);
	KUNIT_EXPECT_NE(test, t_cert_verify(test, &ch.ask_c, ch.ask_c.pub), 0);

	/* the certified keys are the emulator's keys */
	KUNIT_ASSERT_EQ(test, sevl_snp_ark_key(&key), 0);
	t_pub_of(&key, pub);
	KUNIT_EXPECT_MEMEQ(test, ch.ark_c.pub, pub, sizeof(pub));
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_key(ch.chip, ch.tcb, &key), 0);
	t_pub_of(&key, pub);
	KUNIT_EXPECT_MEMEQ(test, ch.vcek_c.pub, pub, sizeof(pub));
	sevl_p384_key_wipe(&key);

	/* deterministic bytes */
	again = kunit_kzalloc(test, SEVL_SNP_CERT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, again);
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_cert(ch.chip, ch.tcb, again,
						 SEVL_SNP_CERT_MAX, &len), 0);
	KUNIT_EXPECT_EQ(test, len, ch.vcek_len);
	KUNIT_EXPECT_MEMEQ(test, again, ch.vcek, len);

	/* one flipped bit in the signed part breaks the signature */
	ch.vcek[ch.vcek_len / 2] ^= 0x01;
	KUNIT_EXPECT_NE(test, t_cert_verify(test, &ch.vcek_c, ch.ask_c.pub), 0);

	/* a buffer too small is refused, not overrun */
	KUNIT_EXPECT_EQ(test, sevl_snp_ark_cert(again, 100, &len), -ENOSPC);
}

/* The KDS extensions of the VCEK certificate. */
static void sevl_t_snp_cert_vcek_ext(struct kunit *test)
{
	static const u8 kds[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x9c, 0x78,
				  0x01 };
	static const struct {
		u8 arc[2];
		unsigned int shift;
	} spl[] = {
		{ { 3, 1 }, 0 }, { { 3, 2 }, 8 }, { { 3, 4 }, 16 },
		{ { 3, 5 }, 24 }, { { 3, 6 }, 32 }, { { 3, 7 }, 40 },
		{ { 3, 3 }, 48 }, { { 3, 8 }, 56 },
	};
	u8 oid[sizeof(kds) + 2];
	const u8 *v;
	struct t_chain ch;
	size_t n;
	unsigned int i;

	t_chain_make(test, &ch);
	memcpy(oid, kds, sizeof(kds));

	oid[sizeof(kds)] = 4;			/* hwID */
	v = t_cert_ext(test, &ch.vcek_c, oid, sizeof(kds) + 1, &n);
	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_EQ(test, n, 64);
	KUNIT_EXPECT_MEMEQ(test, v, ch.chip, 64);

	oid[sizeof(kds)] = 2;			/* productName */
	v = t_cert_ext(test, &ch.vcek_c, oid, sizeof(kds) + 1, &n);
	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_EQ(test, n, 10);
	KUNIT_EXPECT_EQ(test, v[0], 0x16);	/* IA5String */
	KUNIT_EXPECT_MEMEQ(test, v + 2, "Milan-B0", 8);

	oid[sizeof(kds)] = 1;			/* structVersion */
	v = t_cert_ext(test, &ch.vcek_c, oid, sizeof(kds) + 1, &n);
	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, v[2], 1);

	for (i = 0; i < ARRAY_SIZE(spl); i++) {
		u8 want = ch.tcb >> spl[i].shift;

		memcpy(oid + sizeof(kds), spl[i].arc, 2);
		v = t_cert_ext(test, &ch.vcek_c, oid, sizeof(oid), &n);
		KUNIT_ASSERT_NOT_NULL(test, v);
		KUNIT_ASSERT_GE(test, n, 3);
		KUNIT_EXPECT_EQ(test, v[0], 0x02);	/* INTEGER */
		KUNIT_EXPECT_EQ(test, v[n - 1], want);
		KUNIT_EXPECT_EQ(test, n, (want & 0x80) ? 4 : 3);
	}
	/* the CA certificates have none of them */
	oid[sizeof(kds)] = 4;
	KUNIT_EXPECT_NULL(test, t_cert_ext(test, &ch.ask_c, oid,
					   sizeof(kds) + 1, &n));
}

/**
 * t_report_check_sig() - verify a report with the kernel's verifier
 * @test: the test
 * @r: the report
 * @vcek_pub: 0x04 || X || Y
 *
 * Return: the verifier's result.
 */
static int t_report_check_sig(struct kunit *test,
			      const struct sevl_snp_report *r,
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
	return t_ecdsa_verify(test, vcek_pub, sig, n, digest);
}

static void sevl_t_snp_report_sig(struct kunit *test)
{
	struct sevl_snp_report *r;
	struct sevl_p384_key vcek;
	u8 chip[64], pub[97];

	memset(chip, 0x5a, sizeof(chip));
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->version = cpu_to_le32(SEVL_SNP_REPORT_VERSION);
	r->sig_algo = cpu_to_le32(SEVL_SNP_SIG_ALGO_ECDSA_P384);
	memset(r->report_data, 0xab, sizeof(r->report_data));
	memset(r->measurement, 0x11, sizeof(r->measurement));
	memcpy(r->chip_id, chip, sizeof(chip));
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_key(chip, 7, &vcek), 0);
	t_pub_of(&vcek, pub);
	KUNIT_ASSERT_EQ(test, sevl_snp_report_sign(r, &vcek), 0);
	KUNIT_EXPECT_EQ(test, t_report_check_sig(test, r, pub), 0);
	KUNIT_EXPECT_EQ(test, sevl_snp_report_verify(r, &vcek), 0);
	/* r and s are 48 bytes, zero-extended to 72 */
	KUNIT_EXPECT_NULL(test, memchr_inv(r->sig_r + 48, 0, 24));
	KUNIT_EXPECT_NULL(test, memchr_inv(r->sig_s + 48, 0, 24));

	/* the last signed byte is covered, the first unsigned one is not */
	r->rsvd4[sizeof(r->rsvd4) - 1] ^= 0x80;
	KUNIT_EXPECT_NE(test, t_report_check_sig(test, r, pub), 0);
	KUNIT_EXPECT_NE(test, sevl_snp_report_verify(r, &vcek), 0);
	r->rsvd4[sizeof(r->rsvd4) - 1] ^= 0x80;
	r->rsvd5[0] ^= 1;
	KUNIT_EXPECT_EQ(test, t_report_check_sig(test, r, pub), 0);
	r->rsvd5[0] ^= 1;
	r->report_data[0] ^= 1;
	KUNIT_EXPECT_NE(test, t_report_check_sig(test, r, pub), 0);
	sevl_p384_key_wipe(&vcek);
}

/* AES-256-GCM guest message, answer from Python "cryptography". */
static void sevl_t_snp_msg_kat(struct kunit *test)
{
	static const char * const ct_hex[] = {
		"a36ec17be1e9ab4f034e4e8f718fc79b9d339c7a29fe3c4a",
		"17451cbc5e62c236abb4b9836beee381978d4c811d5d55de",
		"a78d97dea43219d3c6cea73a5efe630bf1e1ebc24292a110",
		"05129a10e7cebc1cf6b7adf126a041dcb81f551505ed255f",
	};
	static const char * const tag_hex = "0751e37317c4d75d1ddfd02699548f3d";
	struct sevl_snp_msg_hdr *hdr;
	u8 key[32], payload[0x60], out[0x60], want[0x60], *page;
	size_t len;
	int i;

	for (i = 0; i < 32; i++)
		key[i] = i;
	for (i = 0; i < 0x60; i++)
		payload[i] = 'A' + i % 26;
	page = kunit_kzalloc(test, SEVL_SNP_MSG_PAGE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	hdr = (void *)page;
	KUNIT_ASSERT_EQ(test, sevl_snp_msg_seal(key, page, 1,
						SEVL_SNP_MSG_REPORT_REQ, 1, 2,
						payload, sizeof(payload)), 0);
	t_hexv(test, want, ct_hex, ARRAY_SIZE(ct_hex), 0x60);
	KUNIT_EXPECT_MEMEQ(test, page + 0x60, want, 0x60);
	t_hex(test, want, tag_hex, 16);
	KUNIT_EXPECT_MEMEQ(test, page, want, 16);
	KUNIT_EXPECT_EQ(test, page[0x30], 1);		/* algo */
	KUNIT_EXPECT_EQ(test, page[0x3c], 2);		/* vmpck */

	KUNIT_ASSERT_EQ(test, sevl_snp_msg_open(key, page, out, sizeof(out),
						&len), 0);
	KUNIT_EXPECT_EQ(test, len, sizeof(payload));
	KUNIT_EXPECT_MEMEQ(test, out, payload, sizeof(payload));

	/* wrong key, changed AAD, changed sequence number: refused */
	key[31] ^= 1;
	KUNIT_EXPECT_EQ(test, sevl_snp_msg_open(key, page, out, sizeof(out),
						&len), -EBADMSG);
	key[31] ^= 1;
	hdr->msg_type = SEVL_SNP_MSG_KEY_REQ;
	KUNIT_EXPECT_EQ(test, sevl_snp_msg_open(key, page, out, sizeof(out),
						&len), -EBADMSG);
	hdr->msg_type = SEVL_SNP_MSG_REPORT_REQ;
	hdr->msg_seqno = cpu_to_le64(3);
	KUNIT_EXPECT_EQ(test, sevl_snp_msg_open(key, page, out, sizeof(out),
						&len), -EBADMSG);
	hdr->msg_seqno = cpu_to_le64(1);
	/* malformed headers never reach the cipher */
	hdr->algo = 2;
	KUNIT_EXPECT_EQ(test, sevl_snp_msg_open(key, page, out, sizeof(out),
						&len), -EINVAL);
	hdr->algo = 1;
	hdr->msg_sz = cpu_to_le16(SEVL_SNP_MSG_MAX_PAYLOAD + 1);
	KUNIT_EXPECT_EQ(test, sevl_snp_msg_open(key, page, out, sizeof(out),
						&len), -EINVAL);
	hdr->msg_sz = cpu_to_le16(0x60);
	KUNIT_EXPECT_EQ(test, sevl_snp_msg_open(key, page, out, 0x5f, &len),
			-EMSGSIZE);
}

/*
 * SNP_GUEST_REQUEST on the firmware model (snpfw's fixture): a guest with
 * a SECRETS page launched and finished, then messages as its guest would
 * send them.
 */
#define T_GCTX		SNPT_GCTX
#define T_SECRETS	SNPT_GUEST
#define T_NORMAL	(SNPT_GUEST + SEVL_SNP_PAGE_SIZE)
#define T_REQ		SNPT_PAGE(10)
#define T_RSP		SNPT_PAGE(11)
#define T_ASID		1
#define T_PAGE_NORMAL	1
#define T_PAGE_SECRETS	5

/* Launch and finish a guest; skip when this firmware cannot yet. */
static struct sevl_snpt *t_guest(struct kunit *test)
{
	struct sevl_snpt *t = test->priv;
	struct sevl_snp_launch_finish lf = { .gctx_paddr = T_GCTX };
	int st;

	sevl_snpt_up(t);
	st = sevl_snpt_start(t, T_GCTX, sevl_snpt_policy());
	if (st == SEV_RET_INVALID_COMMAND)
		kunit_skip(test, "SNP_LAUNCH_START not in this firmware yet");
	KUNIT_ASSERT_EQ(test, st, SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, sevl_snpt_activate(t, T_GCTX, T_ASID), 0);
	memset(sevl_snpt_p(t, T_NORMAL), 0x3c, SEVL_SNP_PAGE_SIZE);
	sevl_snpt_assign(t, T_NORMAL, T_ASID, 0x0);
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, T_GCTX, T_NORMAL,
					       T_PAGE_NORMAL, 0), 0);
	sevl_snpt_assign(t, T_SECRETS, T_ASID, 0x1000);
	KUNIT_ASSERT_EQ(test, sevl_snpt_update(t, T_GCTX, T_SECRETS,
					       T_PAGE_SECRETS, 0), 0);
	memset(lf.host_data, 0x77, sizeof(lf.host_data));
	KUNIT_ASSERT_EQ(test, SX(t, SNP_LAUNCH_FINISH, lf), 0);
	sevl_snpt_firmware(t, T_RSP);
	return t;
}

static struct sevl_snp_guest *t_g(struct sevl_snpt *t)
{
	struct sevl_snp_guest *g = sevl_snp_guest_find(t->fw, T_GCTX);

	KUNIT_ASSERT_NOT_NULL(t->test, g);
	return g;
}

/* Seal @payload into the request page with VMPCK @key_idx's key. */
static void t_seal(struct sevl_snpt *t, u8 key_idx, u8 hdr_idx, u64 seq,
		   u8 type, const void *payload, size_t len)
{
	KUNIT_ASSERT_EQ(t->test,
			sevl_snp_msg_seal(t_g(t)->vmpck[key_idx],
					  sevl_snpt_p(t, T_REQ), seq, type, 1,
					  hdr_idx, payload, len), 0);
}

static int t_request(struct sevl_snpt *t)
{
	struct sevl_snp_guest_request gr = {
		.gctx_paddr = T_GCTX, .req_paddr = T_REQ, .res_paddr = T_RSP,
	};

	return SX(t, SNP_GUEST_REQUEST, gr);
}

/* Open the response page with VMPCK @idx; its payload into @out. */
static void t_open(struct sevl_snpt *t, u8 idx, u64 want_seq, u8 want_type,
		   void *out, size_t len)
{
	const struct sevl_snp_msg_hdr *h = sevl_snpt_p(t, T_RSP);
	size_t n;

	KUNIT_ASSERT_EQ(t->test,
			sevl_snp_msg_open(t_g(t)->vmpck[idx],
					  sevl_snpt_p(t, T_RSP), out, len, &n),
			0);
	KUNIT_EXPECT_EQ(t->test, n, len);
	KUNIT_EXPECT_EQ(t->test, le64_to_cpu(h->msg_seqno), want_seq);
	KUNIT_EXPECT_EQ(t->test, h->msg_type, want_type);
	KUNIT_EXPECT_EQ(t->test, h->msg_vmpck, idx);
}

static void sevl_t_snp_req_report(struct kunit *test)
{
	struct sevl_snpt *t = t_guest(test);
	struct sevl_snp_report_req rq = { .vmpl = cpu_to_le32(2) };
	struct sevl_snp_report_rsp *rsp;
	const struct sevl_snp_report *r;
	struct sevl_snp_guest *g = t_g(t);
	struct sevl_p384_key vcek;
	u8 pub[97];

	rsp = kunit_kzalloc(test, sizeof(*rsp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rsp);
	r = (const void *)rsp->report;
	memset(rq.report_data, 0xe5, sizeof(rq.report_data));
	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 2, SEVL_SNP_MSG_REPORT_RSP, rsp, sizeof(*rsp));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp->status), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp->report_size), 0x4a0);

	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->version), 3);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->policy), sevl_snpt_policy());
	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->vmpl), 2);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->sig_algo), 1);
	KUNIT_EXPECT_MEMEQ(test, r->report_data, rq.report_data, 64);
	KUNIT_EXPECT_MEMEQ(test, r->measurement, g->ld, 48);
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(r->measurement, 0, 48));
	KUNIT_EXPECT_NULL(test, memchr_inv(r->host_data, 0x77, 32));
	KUNIT_EXPECT_MEMEQ(test, r->report_id, g->report_id, 32);
	KUNIT_EXPECT_MEMEQ(test, r->chip_id, t->fw->snp.chip_id, 64);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->reported_tcb),
			t->fw->snp.reported_tcb);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->current_tcb),
			t->fw->snp.current_tcb);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->committed_tcb),
			t->fw->snp.committed_tcb);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(r->launch_tcb), g->launch_tcb);
	KUNIT_EXPECT_EQ(test, r->current_major, t->fw->snp.api_major);
	KUNIT_EXPECT_EQ(test, r->current_minor, t->fw->snp.api_minor);
	KUNIT_EXPECT_EQ(test, r->cpuid_fam_id, 0x19);
	KUNIT_EXPECT_EQ(test, (le32_to_cpu(r->flags) >> 2) & 7, 0);

	/* signed by the VCEK of this chip and TCB: the kernel's verifier */
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_key(t->fw->snp.chip_id,
						t->fw->snp.reported_tcb,
						&vcek), 0);
	t_pub_of(&vcek, pub);
	sevl_p384_key_wipe(&vcek);
	KUNIT_EXPECT_EQ(test, t_report_check_sig(test, r, pub), 0);
	KUNIT_EXPECT_EQ(test, g->msg_seq[0], 2);
}

static void sevl_t_snp_req_replay(struct kunit *test)
{
	struct sevl_snpt *t = t_guest(test);
	struct sevl_snp_report_req rq = {};
	struct sevl_snp_report_rsp *rsp;
	u8 *saved;

	rsp = kunit_kzalloc(test, sizeof(*rsp), GFP_KERNEL);
	saved = kunit_kzalloc(test, SEVL_SNP_MSG_PAGE, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, rsp && saved);
	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	memcpy(saved, sevl_snpt_p(t, T_RSP), SEVL_SNP_MSG_PAGE);

	/* the same request again: refused, response page untouched */
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_MEMEQ(test, sevl_snpt_p(t, T_RSP), saved,
			   SEVL_SNP_MSG_PAGE);
	/* the response's own number, and a skipped one: refused */
	t_seal(t, 0, 0, 2, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
	t_seal(t, 0, 0, 5, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, t_g(t)->msg_seq[0], 2);
	/* the next one: answered with seq + 1 */
	t_seal(t, 0, 0, 3, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 4, SEVL_SNP_MSG_REPORT_RSP, rsp, sizeof(*rsp));
	/* other VMPCKs count on their own */
	t_seal(t, 1, 1, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	/* near the end of the number space: AEAD_OFLOW */
	t_g(t)->msg_seq[2] = U64_MAX - 2;
	t_seal(t, 2, 2, U64_MAX - 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_AEAD_OFLOW);
}

static void sevl_t_snp_req_wrong_key(struct kunit *test)
{
	struct sevl_snpt *t = t_guest(test);
	struct sevl_snp_page_reclaim rc = {};
	struct sevl_snp_report_req rq = {};
	struct sevl_snp_report_rsp *rsp;

	rsp = kunit_kzalloc(test, sizeof(*rsp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rsp);
	/* sealed with VMPCK1, header names VMPCK0 */
	t_seal(t, 1, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
	KUNIT_EXPECT_EQ(test, t_g(t)->msg_seq[0], 0);
	/* a flipped ciphertext bit */
	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	((u8 *)sevl_snpt_p(t, T_REQ))[0x60] ^= 1;
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
	/* VMPCK3 may not ask for a VMPL 0 report */
	t_seal(t, 3, 3, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 3, 2, SEVL_SNP_MSG_REPORT_RSP, rsp, sizeof(*rsp));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp->status),
			SEVL_SNP_RSP_INVALID_PARAMS);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(rsp->report_size), 0);
	/* response page not Firmware: INVALID_PAGE_STATE */
	rc.paddr = T_RSP;
	KUNIT_ASSERT_EQ(test, SX(t, SNP_PAGE_RECLAIM, rc), 0);
	KUNIT_ASSERT_EQ(test, sevl_snp_rmp_make_shared(t->fw, T_RSP, 1), 0);
	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PAGE_STATE);
}

static void sevl_t_snp_req_mask(struct kunit *test)
{
	struct sevl_snpt *t = t_guest(test);
	struct sevl_snp_config cfg = {
		.reported_tcb = t->fw->snp.reported_tcb,
		.flags = SEVL_SNP_CONFIG_MASK_CHIP_ID,
	};
	struct sevl_snp_report_req rq = {};
	struct sevl_snp_report_rsp *rsp;
	const struct sevl_snp_report *r;

	rsp = kunit_kzalloc(test, sizeof(*rsp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rsp);
	r = (const void *)rsp->report;
	KUNIT_ASSERT_EQ(test, SX(t, SNP_CONFIG, cfg), 0);
	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 2, SEVL_SNP_MSG_REPORT_RSP, rsp, sizeof(*rsp));
	KUNIT_EXPECT_NULL(test, memchr_inv(r->chip_id, 0, 64));
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(r->sig_r, 0, 48));

	cfg.flags = SEVL_SNP_CONFIG_MASK_CHIP_KEY;
	KUNIT_ASSERT_EQ(test, SX(t, SNP_CONFIG, cfg), 0);
	t_seal(t, 0, 0, 3, SEVL_SNP_MSG_REPORT_REQ, &rq, sizeof(rq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 4, SEVL_SNP_MSG_REPORT_RSP, rsp, sizeof(*rsp));
	KUNIT_EXPECT_MEMEQ(test, r->chip_id, t->fw->snp.chip_id, 64);
	KUNIT_EXPECT_NULL(test, memchr_inv(r->sig_r, 0, 72));
	KUNIT_EXPECT_EQ(test, (le32_to_cpu(r->flags) >> 2) & 7, 7);
	KUNIT_EXPECT_TRUE(test, le32_to_cpu(r->flags) & BIT(1));
}

static void sevl_t_snp_req_key(struct kunit *test)
{
	struct sevl_snpt *t = t_guest(test);
	struct sevl_snp_key_req kq = {
		.guest_field_select = cpu_to_le64(BIT(3)),	/* measurement */
	};
	struct sevl_snp_key_rsp k1, k2;

	t_seal(t, 0, 0, 1, SEVL_SNP_MSG_KEY_REQ, &kq, sizeof(kq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 2, SEVL_SNP_MSG_KEY_RSP, &k1, sizeof(k1));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(k1.status), 0);
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(k1.key, 0, 32));
	/* same selection, same key */
	t_seal(t, 0, 0, 3, SEVL_SNP_MSG_KEY_REQ, &kq, sizeof(kq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 4, SEVL_SNP_MSG_KEY_RSP, &k2, sizeof(k2));
	KUNIT_EXPECT_MEMEQ(test, k1.key, k2.key, 32);
	/* another VMPL, another key */
	kq.vmpl = cpu_to_le32(1);
	t_seal(t, 0, 0, 5, SEVL_SNP_MSG_KEY_REQ, &kq, sizeof(kq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 6, SEVL_SNP_MSG_KEY_RSP, &k2, sizeof(k2));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(k2.status), 0);
	KUNIT_EXPECT_MEMNEQ(test, k1.key, k2.key, 32);
	/* a GUEST_SVN above the guest's, a VLEK: refused in the response */
	kq.guest_field_select = cpu_to_le64(BIT(4));
	kq.guest_svn = cpu_to_le32(t_g(t)->guest_svn + 1);
	t_seal(t, 0, 0, 7, SEVL_SNP_MSG_KEY_REQ, &kq, sizeof(kq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 8, SEVL_SNP_MSG_KEY_RSP, &k2, sizeof(k2));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(k2.status),
			SEVL_SNP_RSP_INVALID_PARAMS);
	KUNIT_EXPECT_NULL(test, memchr_inv(k2.key, 0, 32));
	kq.guest_field_select = 0;
	kq.root_key_select = cpu_to_le32(2 << 1);
	t_seal(t, 0, 0, 9, SEVL_SNP_MSG_KEY_REQ, &kq, sizeof(kq));
	KUNIT_ASSERT_EQ(test, t_request(t), SEV_RET_SUCCESS);
	t_open(t, 0, 10, SEVL_SNP_MSG_KEY_RSP, &k2, sizeof(k2));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(k2.status), SEVL_SNP_RSP_INVALID_KEY);
	/* an unsupported message type */
	t_seal(t, 0, 0, 11, 1, &kq, sizeof(kq));
	KUNIT_EXPECT_EQ(test, t_request(t), SEV_RET_INVALID_PARAM);
}

static struct kunit_case sevl_snp_report_cases[] = {
	KUNIT_CASE(sevl_t_snp_keys_kat),
	KUNIT_CASE(sevl_t_snp_cert_chain),
	KUNIT_CASE(sevl_t_snp_cert_vcek_ext),
	KUNIT_CASE(sevl_t_snp_report_sig),
	KUNIT_CASE(sevl_t_snp_msg_kat),
	{}
};

static struct kunit_suite sevl_snp_report_suite = {
	.name = "sev-launch-swfw-snp-report",
	.test_cases = sevl_snp_report_cases,
};

static struct kunit_case sevl_snp_req_cases[] = {
	KUNIT_CASE(sevl_t_snp_req_report),
	KUNIT_CASE(sevl_t_snp_req_replay),
	KUNIT_CASE(sevl_t_snp_req_wrong_key),
	KUNIT_CASE(sevl_t_snp_req_mask),
	KUNIT_CASE(sevl_t_snp_req_key),
	{}
};

static struct kunit_suite sevl_snp_req_suite = {
	.name = "sev-launch-swfw-snp-guest-request",
	.init = sevl_snpt_init,
	.exit = sevl_snpt_exit,
	.test_cases = sevl_snp_req_cases,
};

kunit_test_suites(&sevl_snp_report_suite, &sevl_snp_req_suite);
