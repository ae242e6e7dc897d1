// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the software firmware against published vectors
 * (owner_vectors_pub*.h, shared with the owner tool's userspace suite):
 * RFC 4231 HMAC-SHA-256, RFC 5903 ECDH P-384 and RFC 6979 ECDSA P-384
 * against its crypto layer; the certificates of real Naples and Rome
 * platforms (virtee/sev) against its certificate code; virtee/sevctl's
 * measurements and LAUNCH_SECRET packets against LAUNCH_UPDATE_DATA,
 * LAUNCH_UPDATE_VMSA, LAUNCH_MEASURE and LAUNCH_SECRET.
 *
 * The firmware draws TIK and MNONCE at random, so the launch cases set
 * the guest's TIK (and for the secret its TEK and MEASURE) white-box, as
 * if LAUNCH_START had unwrapped the published keys, and check MEASURE with
 * the kernel's own "hmac(sha256)" rather than the firmware's HMAC: the
 * formula is first checked against the published blob and its MNONCE,
 * then applied to the MNONCE the firmware drew.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <linux/uuid.h>
#include <linux/sev-launch.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>

#include "swfw_fw_test.h"
#include "../../drivers/swfw/cert.h"
#include "owner_vectors_pub.h"
#include "owner_vectors_pub_ovmf.h"
#include "owner_vectors_pub_certs.h"

#define PUB_OVMF_PA	T_GUEST
#define PUB_VMSA_PA(i)	(T_GUEST + 0x1000 + 0x1000 * (i))
#define PUB_SECRET_PA	(T_GUEST + 0x8000)

static void pub_rev(u8 *d, const u8 *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = s[n - 1 - i];
}

/* A published file, checked against its SHA-256. */
static u8 *pub_expand(struct kunit *test, const struct pubv_blob *b)
{
	u8 *p = kunit_kmalloc(test, b->len, GFP_KERNEL);
	u8 h[SHA256_DIGEST_SIZE], want[SHA256_DIGEST_SIZE];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, b->fill, b->len);
	for (i = 0; i < b->nseg; i++)
		memcpy(p + b->seg[i].off, b->seg[i].data, b->seg[i].len);
	sha256(p, b->len, h);
	KUNIT_ASSERT_EQ(test, hex2bin(want, b->sha256, sizeof(want)), 0);
	KUNIT_ASSERT_MEMEQ_MSG(test, h, want, sizeof(h), "%s", b->name);
	return p;
}

/* HMAC-SHA-256 with the kernel crypto API, not the firmware's code. */
static void pub_hmac_api(struct kunit *test, const u8 *key, size_t klen,
			 const struct sevl_kvec *v, unsigned int n, u8 *out)
{
	struct crypto_shash *tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	unsigned int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		KUNIT_EXPECT_EQ(test, crypto_shash_setkey(tfm, key, klen), 0);
		KUNIT_EXPECT_EQ(test, crypto_shash_init(desc), 0);
		for (i = 0; i < n; i++)
			KUNIT_EXPECT_EQ(test, crypto_shash_update(desc, v[i].p,
								  v[i].len), 0);
		KUNIT_EXPECT_EQ(test, crypto_shash_final(desc, out), 0);
		shash_desc_zero(desc);
	}
	crypto_free_shash(tfm);
}

/* MEASURE = HMAC(TIK, 04h || API || BUILD || POLICY || LD || MNONCE). */
static void pub_measure_mac(struct kunit *test, const u8 *tik,
			    const struct pubv_measure *m, const u8 *ld,
			    const u8 *mnonce, u8 *out)
{
	u8 hdr[4] = { 0x04, m->api_major, m->api_minor, m->build };
	__le32 pol = cpu_to_le32(m->policy);
	struct sevl_kvec v[4] = {
		{ hdr, 4 }, { &pol, 4 }, { ld, 32 }, { mnonce, 16 },
	};

	pub_hmac_api(test, tik, 16, v, 4, out);
}

static void pub_t_hmac(struct kunit *test)
{
	const struct pubv_hmac *c;
	u8 key[131], data[152], mac[SHA256_DIGEST_SIZE];
	struct sevl_kvec v[2];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pubv_rfc4231); i++) {
		c = &pubv_rfc4231[i];
		if (c->key)
			memcpy(key, c->key, c->key_len);
		else
			memset(key, c->key_byte, c->key_len);
		if (c->data)
			memcpy(data, c->data, c->data_len);
		else
			memset(data, c->data_byte, c->data_len);
		v[0] = (struct sevl_kvec){ data, 5 };
		v[1] = (struct sevl_kvec){ data + 5, c->data_len - 5 };
		KUNIT_ASSERT_EQ(test, sevl_hmac_sha256(key, c->key_len, v, 2,
						       mac), 0);
		KUNIT_EXPECT_MEMEQ_MSG(test, mac, c->mac, sizeof(mac), "%s",
				       c->name);
	}
}

/* The key of a big-endian scalar has the published point (big-endian). */
static void pub_expect_point(struct kunit *test, const struct sevl_p384_key *k,
			     const u8 *x_be, const u8 *y_be)
{
	u8 qx[SEVL_P384_BYTES], qy[SEVL_P384_BYTES], be[SEVL_P384_BYTES];

	sevl_p384_pub_to_le(k, qx, qy);
	pub_rev(be, qx, sizeof(be));
	KUNIT_EXPECT_MEMEQ(test, be, x_be, sizeof(be));
	pub_rev(be, qy, sizeof(be));
	KUNIT_EXPECT_MEMEQ(test, be, y_be, sizeof(be));
}

static void pub_peer(struct kunit *test, struct sevl_p384_key *k,
		     const u8 *x_be, const u8 *y_be)
{
	u8 qx[SEVL_P384_BYTES], qy[SEVL_P384_BYTES];

	pub_rev(qx, x_be, sizeof(qx));
	pub_rev(qy, y_be, sizeof(qy));
	KUNIT_ASSERT_EQ(test, sevl_p384_pub_from_le(k, qx, qy), 0);
}

static void pub_t_ecdh(struct kunit *test)
{
	struct sevl_p384_key i, r, gi, gr;
	u8 z[SEVL_P384_BYTES];

	KUNIT_ASSERT_EQ(test, sevl_p384_key_from_priv_be(&i, pubv_ecdh_i), 0);
	pub_expect_point(test, &i, pubv_ecdh_gix, pubv_ecdh_giy);
	KUNIT_ASSERT_EQ(test, sevl_p384_key_from_priv_be(&r, pubv_ecdh_r), 0);
	pub_expect_point(test, &r, pubv_ecdh_grx, pubv_ecdh_gry);
	pub_peer(test, &gr, pubv_ecdh_grx, pubv_ecdh_gry);
	pub_peer(test, &gi, pubv_ecdh_gix, pubv_ecdh_giy);

	KUNIT_ASSERT_EQ(test, sevl_p384_ecdh(&i, &gr, z), 0);
	KUNIT_EXPECT_MEMEQ(test, z, pubv_ecdh_gir, sizeof(z));
	KUNIT_ASSERT_EQ(test, sevl_p384_ecdh(&r, &gi, z), 0);
	KUNIT_EXPECT_MEMEQ(test, z, pubv_ecdh_gir, sizeof(z));
	sevl_p384_key_wipe(&i);
	sevl_p384_key_wipe(&r);
}

static void pub_t_ecdsa(struct kunit *test)
{
	u8 d[SHA384_DIGEST_SIZE], r[SEVL_P384_BYTES], s[SEVL_P384_BYTES];
	const struct pubv_ecdsa *c;
	struct sevl_p384_key x, u;
	unsigned int i;
	size_t dlen;

	KUNIT_ASSERT_EQ(test, sevl_p384_key_from_priv_be(&x, pubv_ecdsa_x), 0);
	pub_expect_point(test, &x, pubv_ecdsa_ux, pubv_ecdsa_uy);
	sevl_p384_key_wipe(&x);
	pub_peer(test, &u, pubv_ecdsa_ux, pubv_ecdsa_uy);

	for (i = 0; i < ARRAY_SIZE(pubv_rfc6979); i++) {
		c = &pubv_rfc6979[i];
		if (c->sha384) {
			dlen = SHA384_DIGEST_SIZE;
			KUNIT_ASSERT_EQ(test, sevl_sha384(PUBV_ECDSA_MSG,
							  strlen(PUBV_ECDSA_MSG),
							  d), 0);
		} else {
			dlen = SHA256_DIGEST_SIZE;
			sha256(PUBV_ECDSA_MSG, strlen(PUBV_ECDSA_MSG), d);
		}
		pub_rev(r, c->r, sizeof(r));
		pub_rev(s, c->s, sizeof(s));
		KUNIT_EXPECT_EQ_MSG(test, sevl_p384_verify(&u, d, dlen, r, s), 0,
				    "RFC 6979 A.2.6 SHA-%d", c->sha384 ? 384 : 256);
		r[47] ^= 0x01;
		KUNIT_EXPECT_EQ(test, sevl_p384_verify(&u, d, dlen, r, s),
				-EBADMSG);
	}
}

static struct sevl_cert *pub_cert(struct kunit *test,
				  const struct pubv_blob *b)
{
	KUNIT_ASSERT_EQ(test, b->len, sizeof(struct sevl_cert));
	return (struct sevl_cert *)pub_expand(test, b);
}

/* A real platform's PDH <- PEK <- OCA and PEK <- CEK (virtee/sev). */
static void pub_chain(struct kunit *test, const struct pubv_blob *const *b,
		      u8 api_minor)
{
	struct sevl_cert *pdh = pub_cert(test, b[0]), *pek = pub_cert(test, b[1]);
	struct sevl_cert *oca = pub_cert(test, b[2]), *cek = pub_cert(test, b[3]);
	struct sevl_p384_key k;

	KUNIT_EXPECT_EQ(test, sevl_cert_check(pdh, SEVL_USAGE_PDH,
					      SEVL_ALGO_ECDH_SHA256), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_check(pek, SEVL_USAGE_PEK,
					      SEVL_ALGO_ECDSA_SHA256), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_check(oca, SEVL_USAGE_OCA,
					      SEVL_ALGO_ECDSA_SHA256), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_check(cek, SEVL_USAGE_CEK,
					      SEVL_ALGO_ECDSA_SHA256), 0);
	KUNIT_EXPECT_EQ(test, pek->api_major, 0);
	KUNIT_EXPECT_EQ(test, pek->api_minor, api_minor);
	KUNIT_EXPECT_EQ(test, sevl_cert_pubkey(pdh, &k), 0);

	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pdh, pek), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pek, oca), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pek, cek), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(oca, oca), 0);
	/* Wrong signer, and one changed bit of the signed part. */
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pdh, oca), -EBADMSG);
	pdh->ecc.qx[0] ^= 0x01;
	KUNIT_EXPECT_NE(test, sevl_cert_verify(pdh, pek), 0);
}

static void pub_t_certs(struct kunit *test)
{
	static const struct pubv_blob *const naples[] = {
		&pubv_naples_pdh, &pubv_naples_pek, &pubv_naples_oca,
		&pubv_naples_cek,
	};
	static const struct pubv_blob *const rome[] = {
		&pubv_rome_pdh, &pubv_rome_pek, &pubv_rome_oca, &pubv_rome_cek,
	};

	pub_chain(test, naples, 16);
	pub_chain(test, rome, 22);
}

/*
 * Launch @m (OVMF image, then for SEV-ES the published VMSAs) on the
 * firmware with the published TIK and API version; return the handle.
 */
static u32 pub_launch(struct sevl_fwt *t, const struct pubv_measure *m,
		      u8 *ld)
{
	struct kunit *test = t->test;
	bool es = m->policy & SEV_POLICY_ES;
	struct sha256_state ctx;
	u8 *ovmf = pub_expand(test, &pubv_ovmf), *v[2];
	struct sevl_fw_guest *g;
	unsigned int i;
	u32 h;

	v[0] = pub_expand(test, &pubv_vmsa0);
	v[1] = pub_expand(test, &pubv_vmsa1);
	t->fw->p.api_major = m->api_major;
	t->fw->p.api_minor = m->api_minor;
	t->fw->p.build = m->build;
	sevl_fwt_up(t, es ? SEVL_INIT_FLAGS_ES : 0);
	h = sevl_fwt_start(t, m->policy, SEV_RET_SUCCESS);
	KUNIT_ASSERT_GE(test, h, 1);
	KUNIT_ASSERT_LE(test, h, t->fw->p.max_guests);
	g = &t->fw->guests[h - 1];
	memcpy(g->tik, pubv_measure_tik, sizeof(g->tik));
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(t, h, es ? 1 : T_MIN_SEV_ASID),
			SEV_RET_SUCCESS);

	sha256_init(&ctx);
	memcpy(sevl_fwt_p(t, PUB_OVMF_PA), ovmf, pubv_ovmf.len);
	sha256_update(&ctx, ovmf, pubv_ovmf.len);
	KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      PUB_OVMF_PA, pubv_ovmf.len),
			SEV_RET_SUCCESS);
	for (i = 0; es && i < 4; i++) {
		memcpy(sevl_fwt_p(t, PUB_VMSA_PA(i)), v[!!i], SEVL_VMSA_SIZE);
		sha256_update(&ctx, v[!!i], SEVL_VMSA_SIZE);
		KUNIT_ASSERT_EQ(test, sevl_fwt_update(t, SEVL_CMD_LAUNCH_UPDATE_VMSA,
						      h, PUB_VMSA_PA(i),
						      SEVL_VMSA_SIZE),
				SEV_RET_SUCCESS);
	}
	sha256_final(&ctx, ld);
	return h;
}

/* virtee/sevctl measurement_build(): OVMF only, and SEV-ES with 4 VMSAs. */
static void pub_measure_common(struct kunit *test, unsigned int idx)
{
	const struct pubv_measure *m = &pubv_measure[idx];
	struct sevl_fwt *t = test->priv;
	u8 ld[32], mac[32], out[SEVL_MEASURE_SIZE];
	struct sevl_fw_guest *g;
	u32 h;

	h = pub_launch(t, m, ld);
	/* The formula and this LD give the published MEASURE... */
	pub_measure_mac(test, pubv_measure_tik, m, ld, m->blob + 32, mac);
	KUNIT_ASSERT_MEMEQ_MSG(test, mac, m->blob, 32, "%s", m->name);

	KUNIT_ASSERT_EQ(test, sevl_fwt_measure(t, h, out), SEV_RET_SUCCESS);
	g = &t->fw->guests[h - 1];
	/* ...the firmware's digest is that LD... */
	KUNIT_EXPECT_MEMEQ(test, g->ld, ld, 32);
	/* ...and its MEASURE is the formula over its MNONCE. */
	pub_measure_mac(test, pubv_measure_tik, m, ld, out + 32, mac);
	KUNIT_EXPECT_MEMEQ_MSG(test, out, mac, 32, "%s", m->name);
}

static void pub_t_measure_sev(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, pubv_measure[1].what, 1);
	pub_measure_common(test, 1);
}

static void pub_t_measure_es(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, pubv_measure[3].what, 3);
	pub_measure_common(test, 3);
}

static int pub_inject(struct sevl_fwt *t, u32 h, const u8 *hdr,
		      const u8 *payload, u32 len)
{
	struct sevl_fw_launch_secret ls = {
		.handle = h, .hdr_address = T_BLOB,
		.hdr_len = SEVL_SECRET_HDR_SIZE,
		.guest_address = PUB_SECRET_PA, .guest_len = len,
		.trans_address = T_BLOB2, .trans_len = len,
	};

	memcpy(sevl_fwt_p(t, T_BLOB), hdr, SEVL_SECRET_HDR_SIZE);
	memcpy(sevl_fwt_p(t, T_BLOB2), payload, len);
	return X(t, LAUNCH_UPDATE_SECRET, ls);
}

/* The GUIDed table the published packets carry (efi_secret's format). */
static void pub_secret_table(struct kunit *test, unsigned int n, u8 *out,
			     size_t len)
{
	size_t off = 20, dlen;
	unsigned int i;
	guid_t g;

	memset(out, 0, len);
	KUNIT_ASSERT_EQ(test, guid_parse(PUBV_SECRET_TABLE_GUID, &g), 0);
	memcpy(out, &g, 16);
	for (i = 0; i < n; i++) {
		dlen = strlen(pubv_secret_entries[i].data);
		KUNIT_ASSERT_LE(test, off + 20 + dlen, len);
		KUNIT_ASSERT_EQ(test, guid_parse(pubv_secret_entries[i].guid,
						 &g), 0);
		memcpy(out + off, &g, 16);
		put_unaligned_le32(20 + dlen, out + off + 16);
		memcpy(out + off + 20, pubv_secret_entries[i].data, dlen);
		off += 20 + dlen;
	}
	put_unaligned_le32(off, out + 16);
}

/* virtee/sevctl secret_build(): LAUNCH_SECRET accepts and decrypts it. */
static void pub_t_secret(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	u8 ld[32], out[SEVL_MEASURE_SIZE], want[96], plain[96], bad[96];
	const struct pubv_secret *s;
	struct sevl_fw_guest *g;
	unsigned int i;
	u32 h;

	h = pub_launch(t, &pubv_measure[1], ld);
	KUNIT_ASSERT_EQ(test, sevl_fwt_measure(t, h, out), SEV_RET_SUCCESS);
	g = &t->fw->guests[h - 1];
	/* As if LAUNCH_START had unwrapped the published TEK and TIK. */
	memcpy(g->tik, pubv_secret_tik, sizeof(g->tik));
	memcpy(g->tek, pubv_secret_tek, sizeof(g->tek));
	/* Bound to the firmware's own MEASURE: refused. */
	s = &pubv_secret[0];
	KUNIT_EXPECT_EQ(test, pub_inject(t, h, s->hdr, s->payload, s->len),
			SEV_RET_BAD_MEASUREMENT);
	memcpy(g->measure, pubv_secret_measure, sizeof(g->measure));

	for (i = 0; i < ARRAY_SIZE(pubv_secret); i++) {
		s = &pubv_secret[i];
		KUNIT_ASSERT_LE(test, s->len, sizeof(want));
		KUNIT_EXPECT_MEMEQ(test, s->hdr + 4, pubv_secret_iv, 16);
		memcpy(bad, s->payload, s->len);
		bad[s->len - 1] ^= 0x01;
		KUNIT_EXPECT_EQ(test, pub_inject(t, h, s->hdr, bad, s->len),
				SEV_RET_BAD_MEASUREMENT);
		KUNIT_ASSERT_EQ(test, pub_inject(t, h, s->hdr, s->payload,
						 s->len), SEV_RET_SUCCESS);
		/* The policy has NODBG: read it back with the guest's VEK. */
		KUNIT_ASSERT_EQ(test, sevl_mem_decrypt(g->vek, PUB_SECRET_PA,
						       sevl_fwt_p(t, PUB_SECRET_PA),
						       plain, s->len), 0);
		pub_secret_table(test, s->nentries, want, s->len);
		KUNIT_EXPECT_MEMEQ_MSG(test, plain, want, s->len, "secret %u",
				       i + 1);
	}
}

static struct kunit_case pub_cases[] = {
	KUNIT_CASE(pub_t_hmac),
	KUNIT_CASE(pub_t_ecdh),
	KUNIT_CASE(pub_t_ecdsa),
	KUNIT_CASE(pub_t_certs),
	KUNIT_CASE(pub_t_measure_sev),
	KUNIT_CASE(pub_t_measure_es),
	KUNIT_CASE(pub_t_secret),
	{}
};

static struct kunit_suite pub_suite = {
	.name = "sev-pub-vectors",
	.init = sevl_fwt_init,
	.exit = sevl_fwt_exit,
	.test_cases = pub_cases,
};

kunit_test_suite(pub_suite);
