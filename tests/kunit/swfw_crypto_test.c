// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the crypto layer of the software SEV firmware.
 *
 * Known answers come from public sources: the LAUNCH_MEASURE example of
 * sev-tool's README (also in the virtee sev crate's tests), the session
 * test of the virtee sev crate, NIST SP 800-38A F.5.1 (CTR-AES128) and
 * RFC 4231 test case 6.  The P-384 answers (public key, signature, shared
 * secret for the emulator ARK/ASK test keys) were computed independently
 * with OpenSSL through Python's "cryptography" package.  ECDSA signatures
 * made here are also checked by the kernel's own ecdsa-nist-p384 verifier.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/akcipher.h>
#include <crypto/sha2.h>

#include "../../drivers/swfw/crypto.h"
#include "../../drivers/swfw/cert.h"

/* Parse a hex string of exactly 2 * @len digits. */
static void sevl_t_hex(struct kunit *test, u8 *out, const char *hex,
		       size_t len)
{
	KUNIT_ASSERT_EQ(test, strlen(hex), 2 * len);
	KUNIT_ASSERT_EQ(test, hex2bin(out, hex, len), 0);
}

static void sevl_t_reverse(u8 *out, const u8 *in, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = in[len - 1 - i];
}

static void sevl_t_expect_hex(struct kunit *test, const u8 *got,
			      const char *hex, size_t len)
{
	u8 want[64];

	KUNIT_ASSERT_LE(test, len, sizeof(want));
	sevl_t_hex(test, want, hex, len);
	KUNIT_EXPECT_MEMEQ(test, got, want, len);
}

/* SEV API 6.5.1 LAUNCH_MEASURE, sev-tool README example. */
static void sevl_t_measure_kat(struct kunit *test)
{
	u8 tik[16], mnonce[16], ld[SHA256_DIGEST_SIZE], mac[SHA256_DIGEST_SIZE];
	const u8 hdr[4] = { 0x04, 0, 0x12, 0x0f };	/* ctx, API 0.18, build */
	const u8 policy[4] = { 0 };
	struct sevl_kvec v[4];

	sevl_t_hex(test, tik, "66320db73158a35a255d051758e95ed4", 16);
	sevl_t_hex(test, mnonce, "4fbe0bedbad6c86ae8f68971d103e554", 16);
	sha256(NULL, 0, ld);
	sevl_t_expect_hex(test, ld,
			  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			  32);

	v[0] = (struct sevl_kvec){ hdr, sizeof(hdr) };
	v[1] = (struct sevl_kvec){ policy, sizeof(policy) };
	v[2] = (struct sevl_kvec){ ld, sizeof(ld) };
	v[3] = (struct sevl_kvec){ mnonce, sizeof(mnonce) };
	KUNIT_ASSERT_EQ(test, sevl_hmac_sha256(tik, 16, v, 4, mac), 0);
	sevl_t_expect_hex(test, mac,
			  "6faab2daae389bcd3405a05d6cafe33c0414f7bedd0bae19ba5f38b7fd1664ea",
			  32);
}

/* virtee sev crate, session test: Z, nonce, IV, TEK, TIK zero, policy 0. */
static void sevl_t_session_kat(struct kunit *test)
{
	const u8 zero16[16] = { 0 };
	const u8 policy[4] = { 0 };
	u8 master[16], kek[16], kik[16];
	u8 tktik[32] = { 0 }, wrap_tk[32], mac[SHA256_DIGEST_SIZE];
	struct sevl_kvec v;

	KUNIT_ASSERT_EQ(test, sevl_kdf(zero16, 16, "sev-master-secret",
				       zero16, 16, master), 0);
	sevl_t_expect_hex(test, master, "ab4d269fcc62bedb4511d56c386ce706", 16);
	KUNIT_ASSERT_EQ(test, sevl_kdf(master, 16, "sev-kek", NULL, 0, kek), 0);
	KUNIT_ASSERT_EQ(test, sevl_kdf(master, 16, "sev-kik", NULL, 0, kik), 0);

	KUNIT_ASSERT_EQ(test, sevl_aes128_ctr(kek, zero16, tktik, wrap_tk,
					      sizeof(wrap_tk)), 0);
	sevl_t_expect_hex(test, wrap_tk,
			  "2137bc7f9bb8bd7c3e55a576a15d3454b3856b8ba27afadf46dcfee9f02c02c4",
			  32);

	v = (struct sevl_kvec){ wrap_tk, sizeof(wrap_tk) };
	KUNIT_ASSERT_EQ(test, sevl_hmac_sha256(kik, 16, &v, 1, mac), 0);
	sevl_t_expect_hex(test, mac,
			  "3176c0752738bd9d5e86689534020f528c088f16238826b000b327dee6aeed7d",
			  32);

	v = (struct sevl_kvec){ policy, sizeof(policy) };
	KUNIT_ASSERT_EQ(test, sevl_hmac_sha256(zero16, 16, &v, 1, mac), 0);
	sevl_t_expect_hex(test, mac,
			  "aa7855e13839dd767cd5da7c1ff5036540c9264b7a803029315e55375287b4af",
			  32);
}

/* KDF with a 48-byte key (the size of Z) and a context; HMAC long key. */
static void sevl_t_kdf_hmac(struct kunit *test)
{
	static const char msg[] =
		"Test Using Larger Than Block-Size Key - Hash Key First";
	u8 key[131], ctx[16], out[16], mac[SHA256_DIGEST_SIZE];
	struct sevl_kvec v[2];
	int i;

	for (i = 0; i < 48; i++)
		key[i] = i;
	for (i = 0; i < 16; i++)
		ctx[i] = 0xf0 + i;
	KUNIT_ASSERT_EQ(test, sevl_kdf(key, 48, "sev-master-secret", ctx, 16,
				       out), 0);
	sevl_t_expect_hex(test, out, "5ceb5fd8a00483c898b9d73760a89f5f", 16);

	/* RFC 4231 test case 6, message split over two buffers. */
	memset(key, 0xaa, sizeof(key));
	v[0] = (struct sevl_kvec){ msg, 10 };
	v[1] = (struct sevl_kvec){ msg + 10, strlen(msg) - 10 };
	KUNIT_ASSERT_EQ(test, sevl_hmac_sha256(key, sizeof(key), v, 2, mac), 0);
	sevl_t_expect_hex(test, mac,
			  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
			  32);
}

/* NIST SP 800-38A F.5.1 CTR-AES128.Encrypt, plus counter wrap-around. */
static void sevl_t_aes_ctr(struct kunit *test)
{
	u8 key[16], iv[16], pt[64], ct[64], buf[64];
	u8 ones[16], a[32] = { 0 }, b[16] = { 0 };
	const u8 zero16[16] = { 0 };

	sevl_t_hex(test, key, "2b7e151628aed2a6abf7158809cf4f3c", 16);
	sevl_t_hex(test, iv, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 16);
	sevl_t_hex(test, pt,
		   "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
		   64);
	sevl_t_hex(test, ct,
		   "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
		   64);

	KUNIT_ASSERT_EQ(test, sevl_aes128_ctr(key, iv, pt, buf, 64), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, ct, 64);
	/* In place, and back. */
	KUNIT_ASSERT_EQ(test, sevl_aes128_ctr(key, iv, buf, buf, 64), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, pt, 64);
	/* A length that is not a multiple of the block size. */
	memset(buf, 0, sizeof(buf));
	KUNIT_ASSERT_EQ(test, sevl_aes128_ctr(key, iv, pt, buf, 37), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, ct, 37);
	KUNIT_EXPECT_EQ(test, buf[37], 0);

	/* The whole 128-bit block counts: ff..ff is followed by 00..00. */
	memset(ones, 0xff, sizeof(ones));
	KUNIT_ASSERT_EQ(test, sevl_aes128_ctr(key, ones, a, a, 32), 0);
	KUNIT_ASSERT_EQ(test, sevl_aes128_ctr(key, zero16, b, b, 16), 0);
	KUNIT_EXPECT_MEMEQ(test, a + 16, b, 16);
}

/* Stand-in memory cipher: round trip and address tweak. */
static void sevl_t_mem_cipher(struct kunit *test)
{
	const size_t len = 4096;
	u8 vek[16];
	u8 *pt, *c1, *c2, *back;
	size_t off;

	pt = kunit_kmalloc(test, len, GFP_KERNEL);
	c1 = kunit_kmalloc(test, len, GFP_KERNEL);
	c2 = kunit_kmalloc(test, len, GFP_KERNEL);
	back = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, pt && c1 && c2 && back);
	memset(pt, 0x5a, len);
	memset(vek, 0x11, sizeof(vek));

	KUNIT_ASSERT_EQ(test, sevl_mem_encrypt(vek, 0x1000, pt, c1, len), 0);
	KUNIT_EXPECT_NE(test, memcmp(c1, pt, len), 0);
	KUNIT_ASSERT_EQ(test, sevl_mem_decrypt(vek, 0x1000, c1, back, len), 0);
	KUNIT_EXPECT_MEMEQ(test, back, pt, len);

	/* Same plaintext, other address: different ciphertext. */
	KUNIT_ASSERT_EQ(test, sevl_mem_encrypt(vek, 0x2000, pt, c2, len), 0);
	KUNIT_EXPECT_NE(test, memcmp(c1, c2, len), 0);
	/* Equal blocks within one page differ too. */
	for (off = 16; off < len; off += 16)
		KUNIT_EXPECT_NE(test, memcmp(c1, c1 + off, 16), 0);
	/* Block-wise: encrypting the second half alone gives the same bytes. */
	KUNIT_ASSERT_EQ(test, sevl_mem_encrypt(vek, 0x1000 + len / 2, pt, c2,
					       len / 2), 0);
	KUNIT_EXPECT_MEMEQ(test, c2, c1 + len / 2, len / 2);
	/* The wrong address does not decrypt. */
	KUNIT_ASSERT_EQ(test, sevl_mem_decrypt(vek, 0x3000, c1, back, len), 0);
	KUNIT_EXPECT_NE(test, memcmp(back, pt, len), 0);
	/* In place. */
	memcpy(back, pt, len);
	KUNIT_ASSERT_EQ(test, sevl_mem_encrypt(vek, 0x1000, back, back, len), 0);
	KUNIT_EXPECT_MEMEQ(test, back, c1, len);

	KUNIT_EXPECT_EQ(test, sevl_mem_encrypt(vek, 0x1008, pt, c2, 16), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_mem_encrypt(vek, 0x1000, pt, c2, 24), -EINVAL);
}

/*
 * The stand-in cipher against its definition, block by block from the AES
 * library: T = AES(VEK, le64(pa) || 0^7 || 0x4d), C = AES(VEK, P ^ T) ^ T.
 * The expanded-key interface the firmware uses gives the same bytes as
 * sevl_mem_encrypt(), at an address whose low word carries into the high.
 */
static void sevl_t_mem_cipher_formula(struct kunit *test)
{
	const size_t len = 256;
	const u64 pa = 0x1fffffff80ULL;
	struct crypto_aes_ctx aes;
	struct sevl_mem_cipher mc;
	u8 vek[16], t[16], b[16];
	u8 *pt, *want, *got;
	size_t off;
	int i;

	pt = kunit_kmalloc(test, len, GFP_KERNEL);
	want = kunit_kmalloc(test, len, GFP_KERNEL);
	got = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, pt && want && got);
	for (off = 0; off < len; off++)
		pt[off] = off * 7 + 3;
	for (i = 0; i < 16; i++)
		vek[i] = 0xa0 + i;
	KUNIT_ASSERT_EQ(test, aes_expandkey(&aes, vek, AES_KEYSIZE_128), 0);
	for (off = 0; off < len; off += 16) {
		memset(b, 0, sizeof(b));
		for (i = 0; i < 8; i++)
			b[i] = (pa + off) >> (8 * i);
		b[15] = 0x4d;
		aes_encrypt(&aes, t, b);
		for (i = 0; i < 16; i++)
			b[i] = pt[off + i] ^ t[i];
		aes_encrypt(&aes, b, b);
		for (i = 0; i < 16; i++)
			want[off + i] = b[i] ^ t[i];
	}

	KUNIT_ASSERT_EQ(test, sevl_mem_encrypt(vek, pa, pt, got, len), 0);
	KUNIT_EXPECT_MEMEQ(test, got, want, len);
	KUNIT_ASSERT_EQ(test, sevl_mem_cipher_init(&mc, vek), 0);
	memcpy(got, pt, len);
	KUNIT_ASSERT_EQ(test, sevl_mem_cipher_crypt(&mc, pa, got, got, len,
						    true), 0);
	KUNIT_EXPECT_MEMEQ(test, got, want, len);
	KUNIT_ASSERT_EQ(test, sevl_mem_cipher_crypt(&mc, pa, got, got, len,
						    false), 0);
	KUNIT_EXPECT_MEMEQ(test, got, pt, len);
	KUNIT_EXPECT_EQ(test, sevl_mem_cipher_crypt(&mc, pa + 8, pt, got, 16,
						    true), -EINVAL);
	sevl_mem_cipher_wipe(&mc);
	memzero_explicit(&aes, sizeof(aes));
}

/*
 * Verify (r, s) over @digest with the kernel's "ecdsa-nist-p384" akcipher,
 * which takes a DER SEQUENCE { INTEGER r, INTEGER s } followed by the
 * digest, and a public key 0x04 || X || Y big-endian.
 */
static size_t sevl_t_der_int(u8 *out, const u8 *le)
{
	u8 be[SEVL_P384_BYTES];
	size_t skip = 0, n, o = 0;

	sevl_t_reverse(be, le, SEVL_P384_BYTES);
	while (skip < SEVL_P384_BYTES - 1 && !be[skip])
		skip++;
	n = SEVL_P384_BYTES - skip;
	out[o++] = 0x02;
	out[o++] = n + (be[skip] & 0x80 ? 1 : 0);
	if (be[skip] & 0x80)
		out[o++] = 0;
	memcpy(out + o, be + skip, n);
	return o + n;
}

static int sevl_t_kernel_verify(struct kunit *test,
				const struct sevl_p384_key *pub,
				const u8 *digest, size_t dlen,
				const u8 *r_le, const u8 *s_le)
{
	u8 qx[SEVL_P384_BYTES], qy[SEVL_P384_BYTES], key[1 + 2 * SEVL_P384_BYTES];
	struct crypto_akcipher *tfm;
	struct akcipher_request *req;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	size_t seq;
	u8 *buf;
	int ret;

	tfm = crypto_alloc_akcipher("ecdsa-nist-p384", 0, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(tfm), "ecdsa-nist-p384: %ld",
			       PTR_ERR(tfm));

	sevl_p384_pub_to_le(pub, qx, qy);
	key[0] = 0x04;
	sevl_t_reverse(key + 1, qx, SEVL_P384_BYTES);
	sevl_t_reverse(key + 1 + SEVL_P384_BYTES, qy, SEVL_P384_BYTES);
	ret = crypto_akcipher_set_pub_key(tfm, key, sizeof(key));
	KUNIT_ASSERT_EQ(test, ret, 0);

	buf = kunit_kzalloc(test, 2 + 2 * 51 + dlen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	seq = sevl_t_der_int(buf + 2, r_le);
	seq += sevl_t_der_int(buf + 2 + seq, s_le);
	buf[0] = 0x30;
	buf[1] = seq;
	memcpy(buf + 2 + seq, digest, dlen);
	sg_init_one(&sg, buf, 2 + seq + dlen);

	req = akcipher_request_alloc(tfm, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, req);
	akcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				      CRYPTO_TFM_REQ_MAY_BACKLOG,
				      crypto_req_done, &wait);
	akcipher_request_set_crypt(req, &sg, NULL, 2 + seq, dlen);
	ret = crypto_wait_req(crypto_akcipher_verify(req), &wait);

	akcipher_request_free(req);
	crypto_free_akcipher(tfm);
	return ret;
}

static void sevl_t_ecdsa(struct kunit *test)
{
	struct sevl_p384_key key, pub;
	u8 qx[SEVL_P384_BYTES], qy[SEVL_P384_BYTES];
	u8 d384[SHA384_DIGEST_SIZE], d256[SHA256_DIGEST_SIZE];
	u8 r[SEVL_P384_BYTES], s[SEVL_P384_BYTES];
	u8 r2[SEVL_P384_BYTES], s2[SEVL_P384_BYTES];
	static const char msg[] = "sev-launch ECDSA test message";
	int i;

	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&key), 0);
	KUNIT_EXPECT_TRUE(test, key.has_priv);
	/* LE round trip of the public key, with full validation. */
	sevl_p384_pub_to_le(&key, qx, qy);
	KUNIT_ASSERT_EQ(test, sevl_p384_pub_from_le(&pub, qx, qy), 0);
	KUNIT_EXPECT_FALSE(test, pub.has_priv);
	KUNIT_EXPECT_MEMEQ(test, pub.x, key.x, sizeof(key.x));
	KUNIT_EXPECT_MEMEQ(test, pub.y, key.y, sizeof(key.y));

	KUNIT_ASSERT_EQ(test, sevl_sha384(msg, strlen(msg), d384), 0);
	sha256((const u8 *)msg, strlen(msg), d256);

	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, sevl_p384_sign(&key, d384, sizeof(d384),
						     r, s), 0);
		KUNIT_EXPECT_EQ(test, sevl_p384_verify(&pub, d384, sizeof(d384),
						       r, s), 0);
		KUNIT_EXPECT_EQ(test, sevl_t_kernel_verify(test, &pub, d384,
							   sizeof(d384), r, s),
				0);
	}
	/* Nonces are random: two signatures of one digest differ. */
	KUNIT_ASSERT_EQ(test, sevl_p384_sign(&key, d384, sizeof(d384), r2, s2),
			0);
	KUNIT_EXPECT_NE(test, memcmp(r, r2, sizeof(r)), 0);

	/* A SHA-256 digest (ECDSA-SHA256 certificates). */
	KUNIT_ASSERT_EQ(test, sevl_p384_sign(&key, d256, sizeof(d256), r, s), 0);
	KUNIT_EXPECT_EQ(test, sevl_p384_verify(&pub, d256, sizeof(d256), r, s),
			0);
	KUNIT_EXPECT_EQ(test, sevl_t_kernel_verify(test, &pub, d256,
						   sizeof(d256), r, s), 0);

	/* Deterministic variant: repeatable, and standard. */
	KUNIT_ASSERT_EQ(test, sevl_p384_sign_deterministic(&key, d384,
							   sizeof(d384), r, s),
			0);
	KUNIT_ASSERT_EQ(test, sevl_p384_sign_deterministic(&key, d384,
							   sizeof(d384), r2,
							   s2), 0);
	KUNIT_EXPECT_MEMEQ(test, r, r2, sizeof(r));
	KUNIT_EXPECT_MEMEQ(test, s, s2, sizeof(s));
	KUNIT_EXPECT_EQ(test, sevl_t_kernel_verify(test, &pub, d384,
						   sizeof(d384), r, s), 0);

	/* Signing needs the private key. */
	KUNIT_EXPECT_EQ(test, sevl_p384_sign(&pub, d384, sizeof(d384), r2, s2),
			-EINVAL);

	sevl_p384_key_wipe(&key);
	KUNIT_EXPECT_FALSE(test, key.has_priv);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(&key, 0, sizeof(key)));
}

static void sevl_t_ecdsa_tamper(struct kunit *test)
{
	struct sevl_p384_key key, other;
	u8 d[SHA384_DIGEST_SIZE], r[SEVL_P384_BYTES], s[SEVL_P384_BYTES];
	u8 t[SEVL_P384_BYTES];

	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&key), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&other), 0);
	KUNIT_ASSERT_EQ(test, sevl_sha384("tamper", 6, d), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_sign(&key, d, sizeof(d), r, s), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_verify(&key, d, sizeof(d), r, s), 0);

	/* Wrong key. */
	KUNIT_EXPECT_EQ(test, sevl_p384_verify(&other, d, sizeof(d), r, s),
			-EBADMSG);
	KUNIT_EXPECT_NE(test, sevl_t_kernel_verify(test, &other, d, sizeof(d),
						   r, s), 0);
	/* Altered digest. */
	d[5] ^= 0x01;
	KUNIT_EXPECT_EQ(test, sevl_p384_verify(&key, d, sizeof(d), r, s),
			-EBADMSG);
	KUNIT_EXPECT_NE(test, sevl_t_kernel_verify(test, &key, d, sizeof(d),
						   r, s), 0);
	d[5] ^= 0x01;
	/* Altered r, altered s. */
	memcpy(t, r, sizeof(t));
	t[0] ^= 0x80;
	KUNIT_EXPECT_EQ(test, sevl_p384_verify(&key, d, sizeof(d), t, s),
			-EBADMSG);
	memcpy(t, s, sizeof(t));
	t[47] ^= 0x01;
	KUNIT_EXPECT_EQ(test, sevl_p384_verify(&key, d, sizeof(d), r, t),
			-EBADMSG);
	/* Out of range: s = 0 and r = 2^384 - 1 >= n. */
	memset(t, 0, sizeof(t));
	KUNIT_EXPECT_EQ(test, sevl_p384_verify(&key, d, sizeof(d), r, t),
			-EBADMSG);
	memset(t, 0xff, sizeof(t));
	KUNIT_EXPECT_EQ(test, sevl_p384_verify(&key, d, sizeof(d), t, s),
			-EBADMSG);
	/* Still fine untouched. */
	KUNIT_EXPECT_EQ(test, sevl_p384_verify(&key, d, sizeof(d), r, s), 0);

	sevl_p384_key_wipe(&key);
	sevl_p384_key_wipe(&other);
}

/* Emulator ARK/ASK keys against OpenSSL: public points, a signature, ECDH. */
static void sevl_t_p384_kat(struct kunit *test)
{
	struct sevl_p384_key ark, ask, pub;
	u8 be[SEVL_P384_BYTES], qx[SEVL_P384_BYTES], qy[SEVL_P384_BYTES];
	u8 d[SHA384_DIGEST_SIZE], r[SEVL_P384_BYTES], s[SEVL_P384_BYTES];
	u8 z[SEVL_P384_BYTES], z2[SEVL_P384_BYTES];

	KUNIT_ASSERT_EQ(test, sevl_emu_ark_key(&ark), 0);
	KUNIT_ASSERT_EQ(test, sevl_emu_ask_key(&ask), 0);

	sevl_p384_pub_to_le(&ark, qx, qy);
	sevl_t_reverse(be, qx, sizeof(be));
	sevl_t_expect_hex(test, be,
			  "74df22fadcbc349e5fab16716a13a6dcfa84336e8f730d0021544d0ae6a71fae5468fd668e2f4a060877ac6c0a81ea77",
			  48);
	sevl_t_reverse(be, qy, sizeof(be));
	sevl_t_expect_hex(test, be,
			  "169583c0bcde81140f1de58b5420990455d33a83a366b24c78cace29781cbb86cfcf369fd7c2a88248d826ccb3a42447",
			  48);
	sevl_p384_pub_to_le(&ask, qx, qy);
	sevl_t_reverse(be, qx, sizeof(be));
	sevl_t_expect_hex(test, be,
			  "485944049520da73045520799bfa61515aa97ea6d0f345430aa283760bcb340e7a5d604ae29bf57e5c205cc6df077860",
			  48);

	/* An OpenSSL signature by the ARK key over SHA-384("sev-launch"). */
	KUNIT_ASSERT_EQ(test, sevl_sha384("sev-launch", 10, d), 0);
	sevl_t_expect_hex(test, d,
			  "a0c9320490869e1efd39da1f9371484e77cc3b037918a22622fba5477e482d3bb43fad0d5c4e058814fc0e16c723aef6",
			  48);
	sevl_t_hex(test, be,
		   "b6b5017e32c977c34f21f5cfd0ec411afcb38135671ecf1ee5592684607a2649bbe17052bc6cd1281d473e6f439f6910",
		   48);
	sevl_t_reverse(r, be, sizeof(r));
	sevl_t_hex(test, be,
		   "da51d58904572c9153991c1d559723c984ba01ed6c567656c00c23a6dde8d3ffff3ec6cb70cae0370f921a0515133ff3",
		   48);
	sevl_t_reverse(s, be, sizeof(s));
	sevl_p384_pub_to_le(&ark, qx, qy);
	KUNIT_ASSERT_EQ(test, sevl_p384_pub_from_le(&pub, qx, qy), 0);
	KUNIT_EXPECT_EQ(test, sevl_p384_verify(&pub, d, sizeof(d), r, s), 0);

	/* ECDH: OpenSSL's shared secret, and symmetry. */
	KUNIT_ASSERT_EQ(test, sevl_p384_ecdh(&ark, &ask, z), 0);
	sevl_t_expect_hex(test, z,
			  "d041e3d42b9d9462ec3a435883c65a438dd9ccf4963d89ced10b50da690eebc77b2242bf661b41a6a607924d6e6c49b9",
			  48);
	KUNIT_ASSERT_EQ(test, sevl_p384_ecdh(&ask, &ark, z2), 0);
	KUNIT_EXPECT_MEMEQ(test, z, z2, sizeof(z));

	sevl_p384_key_wipe(&ark);
	sevl_p384_key_wipe(&ask);
}

static void sevl_t_ecdh(struct kunit *test)
{
	struct sevl_p384_key a, b, bad;
	u8 zab[SEVL_P384_BYTES], zba[SEVL_P384_BYTES];
	u8 qx[SEVL_P384_BYTES], qy[SEVL_P384_BYTES];

	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&a), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&b), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_ecdh(&a, &b, zab), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_ecdh(&b, &a, zba), 0);
	KUNIT_EXPECT_MEMEQ(test, zab, zba, sizeof(zab));

	/* Peer points off the curve, or at infinity, are refused. */
	sevl_p384_pub_to_le(&b, qx, qy);
	qy[0] ^= 0x01;
	KUNIT_EXPECT_EQ(test, sevl_p384_pub_from_le(&bad, qx, qy), -EINVAL);
	bad = b;
	bad.has_priv = false;
	bad.y[0] ^= 0x01;
	KUNIT_EXPECT_EQ(test, sevl_p384_ecdh(&a, &bad, zab), -EINVAL);
	memset(&bad, 0, sizeof(bad));
	KUNIT_EXPECT_EQ(test, sevl_p384_ecdh(&a, &bad, zab), -EINVAL);
	memset(qx, 0, sizeof(qx));
	memset(qy, 0, sizeof(qy));
	KUNIT_EXPECT_EQ(test, sevl_p384_pub_from_le(&bad, qx, qy), -EINVAL);
	/* No private key, no ECDH. */
	bad = b;
	bad.has_priv = false;
	KUNIT_EXPECT_EQ(test, sevl_p384_ecdh(&bad, &a, zab), -EINVAL);

	sevl_p384_key_wipe(&a);
	sevl_p384_key_wipe(&b);
	sevl_p384_key_wipe(&bad);
}

static struct sevl_cert *sevl_t_cert(struct kunit *test)
{
	struct sevl_cert *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	return c;
}

/*
 * Make @c the certificate of @key (@usage, @algo, API 0.@api_minor),
 * signed in slot 0 by @signer, a key of @signer_usage, with @sig_algo.
 */
static void sevl_t_issue(struct kunit *test, struct sevl_cert *c, u32 usage,
			 u32 algo, const struct sevl_p384_key *key, u8 api_minor,
			 u32 signer_usage, u32 sig_algo,
			 const struct sevl_p384_key *signer)
{
	KUNIT_ASSERT_EQ(test, sevl_cert_init(c, usage, algo, key, 0, api_minor),
			0);
	KUNIT_ASSERT_EQ(test, sevl_cert_sign(c, 0, signer_usage, sig_algo,
					     signer), 0);
}

static void sevl_t_cert_roundtrip(struct kunit *test)
{
	struct sevl_cert *oca = sevl_t_cert(test), *pek = sevl_t_cert(test);
	struct sevl_cert *t = sevl_t_cert(test);
	struct sevl_p384_key oca_key, pek_key, got;

	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&oca_key), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&pek_key), 0);

	sevl_t_issue(test, oca, SEVL_USAGE_OCA, SEVL_ALGO_ECDSA_SHA256,
		     &oca_key, 0, SEVL_USAGE_OCA, SEVL_ALGO_ECDSA_SHA256,
		     &oca_key);
	sevl_t_issue(test, pek, SEVL_USAGE_PEK, SEVL_ALGO_ECDSA_SHA384,
		     &pek_key, 24, SEVL_USAGE_OCA, SEVL_ALGO_ECDSA_SHA384,
		     &oca_key);

	/* Layout: the fields sit where the SEV API puts them. */
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0x0], 1);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0x5], 24);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0x8], 0x02);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0x9], 0x10);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0xc], 0x02);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0xd], 0x01);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0x10], 2);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0x414], 0x01);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0x415], 0x10);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0x418], 0x02);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0x419], 0x01);
	KUNIT_EXPECT_EQ(test, ((u8 *)pek)[0x61d], 0x10);	/* usage none */
	KUNIT_EXPECT_MEMEQ(test, (u8 *)pek + 0x14, pek->ecc.qx, 72);
	KUNIT_EXPECT_MEMEQ(test, (u8 *)pek + 0x41c, pek->sig[0].ecdsa.r, 72);

	KUNIT_EXPECT_EQ(test, sevl_cert_verify(oca, oca), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pek, oca), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_check(pek, SEVL_USAGE_PEK,
					      SEVL_ALGO_ECDSA_SHA384), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_check(pek, SEVL_USAGE_PDH,
					      SEVL_ALGO_ECDSA_SHA384), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_cert_check(pek, SEVL_USAGE_PEK,
					      SEVL_ALGO_ECDH_SHA256), -EINVAL);
	KUNIT_ASSERT_EQ(test, sevl_cert_pubkey(pek, &got), 0);
	KUNIT_EXPECT_MEMEQ(test, got.x, pek_key.x, sizeof(got.x));
	KUNIT_EXPECT_MEMEQ(test, got.y, pek_key.y, sizeof(got.y));
	/* The PEK did not sign itself. */
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pek, pek), -EBADMSG);

	/* Tampering with the signed part. */
	memcpy(t, pek, sizeof(*t));
	t->api_minor ^= 1;
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(t, oca), -EBADMSG);
	memcpy(t, pek, sizeof(*t));
	t->ecc.rsvd[100] = 1;
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(t, oca), -EBADMSG);
	/* Tampering with the signature. */
	memcpy(t, pek, sizeof(*t));
	t->sig[0].ecdsa.s[3] ^= 0x40;
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(t, oca), -EBADMSG);
	/* Signature algorithm changed to the other digest. */
	memcpy(t, pek, sizeof(*t));
	t->sig[0].algo = cpu_to_le32(SEVL_ALGO_ECDSA_SHA256);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(t, oca), -EBADMSG);
	/* Malformed: unknown signature algorithm, bad version, bad curve. */
	t->sig[0].algo = cpu_to_le32(SEVL_ALGO_RSA_SHA256);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(t, oca), -EINVAL);
	memcpy(t, pek, sizeof(*t));
	t->version = cpu_to_le32(2);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(t, oca), -EINVAL);
	memcpy(t, oca, sizeof(*t));
	t->ecc.curve = cpu_to_le32(3);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pek, t), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_cert_pubkey(t, &got), -EINVAL);
	/* A point off the curve. */
	memcpy(t, oca, sizeof(*t));
	t->ecc.qy[0] ^= 1;
	KUNIT_EXPECT_EQ(test, sevl_cert_pubkey(t, &got), -EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_cert_check(t, SEVL_USAGE_OCA,
					      SEVL_ALGO_ECDSA_SHA256), -EINVAL);
	/* Bytes above the 48-byte coordinate must be zero. */
	memcpy(t, oca, sizeof(*t));
	t->ecc.qx[60] = 1;
	KUNIT_EXPECT_EQ(test, sevl_cert_pubkey(t, &got), -EINVAL);

	/* Bad slot, signing with a public key only. */
	KUNIT_EXPECT_EQ(test, sevl_cert_sign(pek, 2, SEVL_USAGE_OCA,
					     SEVL_ALGO_ECDSA_SHA384, &oca_key),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_cert_sign(pek, 1, SEVL_USAGE_OCA,
					     SEVL_ALGO_ECDSA_SHA384, &got),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, sevl_cert_sign(pek, 1, SEVL_USAGE_OCA,
					     SEVL_ALGO_ECDH_SHA256, &oca_key),
			-EINVAL);

	sevl_p384_key_wipe(&oca_key);
	sevl_p384_key_wipe(&pek_key);
	sevl_p384_key_wipe(&got);
}

/* ARK -> ASK -> CEK -> PEK (and OCA -> PEK) -> PDH, as the firmware builds it. */
static void sevl_t_emu_chain(struct kunit *test)
{
	struct sevl_cert *ark = sevl_t_cert(test), *ask = sevl_t_cert(test);
	struct sevl_cert *cek = sevl_t_cert(test), *oca = sevl_t_cert(test);
	struct sevl_cert *pek = sevl_t_cert(test), *pdh = sevl_t_cert(test);
	struct sevl_cert *again = sevl_t_cert(test);
	struct sevl_p384_key ask_key, cek_key, oca_key, pek_key, pdh_key, pub;
	u8 d[SHA384_DIGEST_SIZE];

	KUNIT_ASSERT_EQ(test, sevl_emu_ark_cert(ark), 0);
	KUNIT_ASSERT_EQ(test, sevl_emu_ask_cert(ask), 0);
	KUNIT_ASSERT_EQ(test, sevl_emu_ask_key(&ask_key), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&cek_key), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&oca_key), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&pek_key), 0);
	KUNIT_ASSERT_EQ(test, sevl_p384_keygen(&pdh_key), 0);

	KUNIT_EXPECT_EQ(test, sevl_cert_check(ark, SEVL_USAGE_ARK,
					      SEVL_ALGO_ECDSA_SHA384), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_check(ask, SEVL_USAGE_ASK,
					      SEVL_ALGO_ECDSA_SHA384), 0);

	sevl_t_issue(test, cek, SEVL_USAGE_CEK, SEVL_ALGO_ECDSA_SHA384,
		     &cek_key, 0, SEVL_USAGE_ASK, SEVL_ALGO_ECDSA_SHA384,
		     &ask_key);
	sevl_t_issue(test, oca, SEVL_USAGE_OCA, SEVL_ALGO_ECDSA_SHA384,
		     &oca_key, 0, SEVL_USAGE_OCA, SEVL_ALGO_ECDSA_SHA384,
		     &oca_key);
	sevl_t_issue(test, pek, SEVL_USAGE_PEK, SEVL_ALGO_ECDSA_SHA384,
		     &pek_key, 24, SEVL_USAGE_OCA, SEVL_ALGO_ECDSA_SHA384,
		     &oca_key);
	KUNIT_ASSERT_EQ(test, sevl_cert_sign(pek, 1, SEVL_USAGE_CEK,
					     SEVL_ALGO_ECDSA_SHA384, &cek_key),
			0);
	sevl_t_issue(test, pdh, SEVL_USAGE_PDH, SEVL_ALGO_ECDH_SHA256,
		     &pdh_key, 24, SEVL_USAGE_PEK, SEVL_ALGO_ECDSA_SHA384,
		     &pek_key);

	KUNIT_EXPECT_EQ(test, sevl_cert_verify(ark, ark), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(ask, ark), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(cek, ask), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pek, cek), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(oca, oca), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pek, oca), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pdh, pek), 0);
	KUNIT_EXPECT_EQ(test, sevl_cert_check(pdh, SEVL_USAGE_PDH,
					      SEVL_ALGO_ECDH_SHA256), 0);
	/* Wrong links. */
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(pdh, oca), -EBADMSG);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(cek, ark), -EBADMSG);
	KUNIT_EXPECT_EQ(test, sevl_cert_verify(ask, ask), -EBADMSG);

	/* The kernel's verifier agrees with the ASK's signature by the ARK. */
	KUNIT_ASSERT_EQ(test, sevl_cert_pubkey(ark, &pub), 0);
	KUNIT_ASSERT_EQ(test, sevl_sha384(ask, SEVL_CERT_SIGNED_LEN, d), 0);
	KUNIT_EXPECT_EQ(test, sevl_t_kernel_verify(test, &pub, d, sizeof(d),
						   ask->sig[0].ecdsa.r,
						   ask->sig[0].ecdsa.s), 0);

	/* The emulator CA certificates are the same bytes on every call. */
	KUNIT_ASSERT_EQ(test, sevl_emu_ark_cert(again), 0);
	KUNIT_EXPECT_MEMEQ(test, again, ark, sizeof(*ark));
	KUNIT_ASSERT_EQ(test, sevl_emu_ask_cert(again), 0);
	KUNIT_EXPECT_MEMEQ(test, again, ask, sizeof(*ask));

	sevl_p384_key_wipe(&ask_key);
	sevl_p384_key_wipe(&cek_key);
	sevl_p384_key_wipe(&oca_key);
	sevl_p384_key_wipe(&pek_key);
	sevl_p384_key_wipe(&pdh_key);
	sevl_p384_key_wipe(&pub);
}

static struct kunit_case sevl_swfw_crypto_cases[] = {
	KUNIT_CASE(sevl_t_measure_kat),
	KUNIT_CASE(sevl_t_session_kat),
	KUNIT_CASE(sevl_t_kdf_hmac),
	KUNIT_CASE(sevl_t_aes_ctr),
	KUNIT_CASE(sevl_t_mem_cipher),
	KUNIT_CASE(sevl_t_mem_cipher_formula),
	KUNIT_CASE(sevl_t_ecdsa),
	KUNIT_CASE(sevl_t_ecdsa_tamper),
	KUNIT_CASE(sevl_t_p384_kat),
	KUNIT_CASE(sevl_t_ecdh),
	KUNIT_CASE(sevl_t_cert_roundtrip),
	KUNIT_CASE(sevl_t_emu_chain),
	{}
};

static struct kunit_suite sevl_swfw_crypto_suite = {
	.name = "sev-launch-swfw-crypto",
	.test_cases = sevl_swfw_crypto_cases,
};

kunit_test_suite(sevl_swfw_crypto_suite);

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);
