// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: SEV-SNP attestation in the software firmware: the emulator's SNP
 * keys and X.509 chain, report signatures and the guest message format
 * (SNP_GUEST_REQUEST itself: swfw_snp_request_test.c).
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
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <crypto/sha2.h>

#include "../../drivers/swfw/fw.h"
#include "../../drivers/swfw/snp_report.h"
#include "../../drivers/swfw/snp_msg.h"
#include "swfw_snp_fixture.h"
#include "swfw_snp_verify.h"

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

/* Does @tc's signature verify under @issuer_pub? */
static int t_cert_verify(struct kunit *test, const struct t_cert *tc,
			 const u8 *issuer_pub)
{
	u8 digest[SHA384_DIGEST_SIZE];

	KUNIT_ASSERT_EQ(test, sevl_sha384(tc->tbs, tc->tbs_len, digest), 0);
	return sevl_snpv_ecdsa_verify(test, issuer_pub, tc->sig, tc->sig_len, digest);
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
	sevl_snpv_pub_of(&key, pub);
	t_hexv(test, want, ark_x, ARRAY_SIZE(ark_x), 48);
	KUNIT_EXPECT_MEMEQ(test, pub + 1, want, 48);
	t_hexv(test, want, ark_y, ARRAY_SIZE(ark_y), 48);
	KUNIT_EXPECT_MEMEQ(test, pub + 49, want, 48);
	KUNIT_ASSERT_EQ(test, sevl_snp_ask_key(&key), 0);
	sevl_snpv_pub_of(&key, pub);
	t_hexv(test, want, ask_x, ARRAY_SIZE(ask_x), 48);
	KUNIT_EXPECT_MEMEQ(test, pub + 1, want, 48);
	for (i = 0; i < 64; i++)
		chip[i] = i;
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_key(chip, 0x1800000000000a03ULL,
						&key), 0);
	sevl_snpv_pub_of(&key, pub);
	t_hexv(test, want, vcek_x, ARRAY_SIZE(vcek_x), 48);
	KUNIT_EXPECT_MEMEQ(test, pub + 1, want, 48);
	/* another TCB, another key */
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_key(chip, 0x1800000000000a04ULL,
						&key), 0);
	sevl_snpv_pub_of(&key, pub);
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
	sevl_snpv_pub_of(&key, pub);
	KUNIT_EXPECT_MEMEQ(test, ch.ark_c.pub, pub, sizeof(pub));
	KUNIT_ASSERT_EQ(test, sevl_snp_vcek_key(ch.chip, ch.tcb, &key), 0);
	sevl_snpv_pub_of(&key, pub);
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
	sevl_snpv_pub_of(&vcek, pub);
	KUNIT_ASSERT_EQ(test, sevl_snp_report_sign(r, &vcek), 0);
	KUNIT_EXPECT_EQ(test, sevl_snpv_report_sig(test, r, pub), 0);
	KUNIT_EXPECT_EQ(test, sevl_snp_report_verify(r, &vcek), 0);
	/* r and s are 48 bytes, zero-extended to 72 */
	KUNIT_EXPECT_NULL(test, memchr_inv(r->sig_r + 48, 0, 24));
	KUNIT_EXPECT_NULL(test, memchr_inv(r->sig_s + 48, 0, 24));

	/* the last signed byte is covered, the first unsigned one is not */
	r->rsvd4[sizeof(r->rsvd4) - 1] ^= 0x80;
	KUNIT_EXPECT_NE(test, sevl_snpv_report_sig(test, r, pub), 0);
	KUNIT_EXPECT_NE(test, sevl_snp_report_verify(r, &vcek), 0);
	r->rsvd4[sizeof(r->rsvd4) - 1] ^= 0x80;
	r->rsvd5[0] ^= 1;
	KUNIT_EXPECT_EQ(test, sevl_snpv_report_sig(test, r, pub), 0);
	r->rsvd5[0] ^= 1;
	r->report_data[0] ^= 1;
	KUNIT_EXPECT_NE(test, sevl_snpv_report_sig(test, r, pub), 0);
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

kunit_test_suite(sevl_snp_report_suite);
