// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl tests: known answers, sessions, secrets, certificates and roots.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include "sevctl_test.h"

void test_kats(void)
{
	uint8_t tik[16], mn[16], ld[32], m[32], z[16] = { 0 }, out[16];
	uint8_t key[48], ctx[16];
	struct sc_session s;
	int i;

	/* Measurement notes 1.3: sev-tool README / virtee known answer. */
	hex(tik, "66320db73158a35a255d051758e95ed4", 16);
	hex(mn, "4fbe0bedbad6c86ae8f68971d103e554", 16);
	sc_sha256("", 0, ld);
	ok(!sc_measure(tik, 0, 0x12, 0x0f, 0, ld, mn, m) &&
	   eqhex(m, "6faab2daae389bcd3405a05d6cafe33c0414f7bedd0bae19ba5f38b7fd1664ea", 32),
	   "measurement known answer (API 0.18 build 15, empty LD)");

	/* virtee session test: Z, NONCE, IV, TEK, TIK all zero, policy 0. */
	ok(!sc_kdf(z, 16, "sev-master-secret", z, 16, out) &&
	   eqhex(out, "ab4d269fcc62bedb4511d56c386ce706", 16),
	   "KDF known answer: master secret");
	memset(&s, 0, sizeof(s));
	ok(!sc_session_wrap(&s, z, 16) &&
	   eqhex(s.blob + 16,
		 "2137bc7f9bb8bd7c3e55a576a15d3454b3856b8ba27afadf46dcfee9f02c02c4", 32) &&
	   eqhex(s.blob + 64,
		 "3176c0752738bd9d5e86689534020f528c088f16238826b000b327dee6aeed7d", 32) &&
	   eqhex(s.blob + 96,
		 "aa7855e13839dd767cd5da7c1ff5036540c9264b7a803029315e55375287b4af", 32),
	   "session known answer: WRAP_TK, WRAP_MAC, POLICY_MAC");
	/* The 48-byte-key KDF vector of the KUnit crypto suite. */
	for (i = 0; i < 48; i++)
		key[i] = i;
	for (i = 0; i < 16; i++)
		ctx[i] = 0xf0 + i;
	ok(!sc_kdf(key, 48, "sev-master-secret", ctx, 16, out) &&
	   eqhex(out, "5ceb5fd8a00483c898b9d73760a89f5f", 16),
	   "KDF known answer with a 48-byte key (shared with KUnit)");
}

void test_session_roundtrip(void)
{
	uint8_t pdh[SC_CERT_SIZE], z[48], master[16], kek[16], kik[16];
	uint8_t keys[32], mac[32], pol[4];
	unsigned int ml;
	struct sc_session s;
	EVP_PKEY *pdhk, *godh;
	EVP_PKEY_CTX *c;
	size_t zl = 48;

	pdhk = raw_pdh(pdh);
	memset(&s, 0, sizeof(s));
	s.policy = 0x5;
	ok(!sc_session_build(&s, pdh, NULL, false), "session built against a PDH");
	ok(sc_le32(s.godh + 8) == 0x1003 && sc_le32(s.godh + 12) == 3 &&
	   sc_le32(s.godh + 16) == 2 && !memcmp(s.blob, s.nonce, 16) &&
	   !memcmp(s.blob + 48, s.wrap_iv, 16),
	   "GODH is a PDH/ECDH-SHA256 P-384 cert; blob carries NONCE and WRAP_IV");
	/* The platform's side, with raw OpenSSL calls. */
	godh = raw_pub_from_cert(s.godh);
	c = EVP_PKEY_CTX_new(pdhk, NULL);
	ok(godh && EVP_PKEY_derive_init(c) > 0 &&
	   EVP_PKEY_derive_set_peer(c, godh) > 0 &&
	   EVP_PKEY_derive(c, z, &zl) > 0 && zl == 48, "platform ECDH");
	raw_kdf(z, 48, "sev-master-secret", s.blob, 16, master);
	raw_kdf(master, 16, "sev-kek", NULL, 0, kek);
	raw_kdf(master, 16, "sev-kik", NULL, 0, kik);
	HMAC(EVP_sha256(), kik, 16, s.blob + 16, 32, mac, &ml);
	ok(!memcmp(mac, s.blob + 64, 32), "platform checks WRAP_MAC");
	raw_ctr(kek, s.blob + 48, s.blob + 16, keys, 32);
	ok(!memcmp(keys, s.tek, 16) && !memcmp(keys + 16, s.tik, 16),
	   "platform unwraps TEK and TIK");
	sc_put_le32(pol, 0x5);
	HMAC(EVP_sha256(), keys + 16, 16, pol, 4, mac, &ml);
	ok(!memcmp(mac, s.blob + 96, 32), "platform checks POLICY_MAC");
	sc_put_le32(pol, 0x1);
	HMAC(EVP_sha256(), keys + 16, 16, pol, 4, mac, &ml);
	ok(memcmp(mac, s.blob + 96, 32), "POLICY_MAC binds the policy");
	/* A PDH cert that is not a PDH, or not on the curve, is refused. */
	sc_put_le32(pdh + 8, 0x1002);
	ok(sc_session_build(&s, pdh, NULL, false) == -SC_EINPUT &&
	   strstr(sc_errmsg(), "PDH: key usage"), "session refuses a PEK as PDH");
	sc_put_le32(pdh + 8, 0x1003);
	pdh[0x14] ^= 1;
	ok(sc_session_build(&s, pdh, NULL, false) == -SC_EINPUT,
	   "session refuses a PDH point off the curve");
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(godh);
	EVP_PKEY_free(pdhk);
}

void test_secret(void)
{
	uint8_t tek[16], tik[16], meas[32], iv[16], hdr[52], trans[64];
	uint8_t back[64], plain[40], macin[1 + 4 + 16 + 8 + 64 + 32], mac[32];
	unsigned int ml;
	size_t n = 0;

	memset(tek, 0x11, 16);
	memset(tik, 0x22, 16);
	memset(meas, 0x33, 32);
	memset(iv, 0x44, 16);
	memcpy(plain, "secret: correct horse battery staple\0\0\0", 40);
	ok(!sc_secret_build(tek, tik, meas, true, iv, 0, plain, 40, 64, hdr,
			    trans), "secret packet built (40 bytes into 64)");
	/* Firmware side with raw OpenSSL. */
	macin[n++] = 0x01;
	memcpy(macin + n, hdr, 20);
	n += 20;
	sc_put_le32(macin + n, 64);
	sc_put_le32(macin + n + 4, 64);
	n += 8;
	memcpy(macin + n, trans, 64);
	n += 64;
	memcpy(macin + n, meas, 32);
	n += 32;
	HMAC(EVP_sha256(), tik, 16, macin, n, mac, &ml);
	ok(sc_le32(hdr) == 0 && !memcmp(hdr + 4, iv, 16) &&
	   !memcmp(mac, hdr + 20, 32), "header: flags 0, IV, MAC as the firmware computes it");
	raw_ctr(tek, iv, trans, back, 64);
	ok(!memcmp(back, plain, 40) && back[40] == 0 && back[63] == 0,
	   "transport data decrypts to the zero-padded secret");
	ok(!sc_secret_open(tek, tik, meas, hdr, trans, 64, back) &&
	   !memcmp(back, plain, 40), "library opens its own packet");
	meas[31] ^= 1;
	ok(sc_secret_open(tek, tik, meas, hdr, trans, 64, back) == -SC_EVERIFY,
	   "packet is bound to the measurement");
	meas[31] ^= 1;
	trans[5] ^= 0x10;
	ok(sc_secret_open(tek, tik, meas, hdr, trans, 64, back) == -SC_EVERIFY,
	   "a flipped ciphertext bit is refused");
	ok(sc_secret_build(tek, tik, meas, true, iv, 0, plain, 40, 24, hdr,
			   trans) == -SC_EINPUT &&
	   sc_secret_build(tek, tik, meas, true, iv, 0, plain, 40, 0x5010, hdr,
			   trans) == -SC_EINPUT,
	   "guest length must be a multiple of 16, fit the secret, and stay <= 0x5000");
	{
		struct sc_secret_entry e = { .data = (const uint8_t *)"abc",
					     .len = 3 };
		uint8_t t[64];
		size_t len;

		sc_guid_parse("736869e5-84f0-4973-92ec-06879ce3da0b", e.guid);
		ok(!sc_secret_table(&e, 1, t, sizeof(t), &len) && len == 43 &&
		   t[0] == 0x42 && t[3] == 0x1e && sc_le32(t + 16) == 43 &&
		   t[20] == 0xe5 && sc_le32(t + 36) == 23 && !memcmp(t + 40, "abc", 3),
		   "secret table: GUID header, total length, entry GUID/length/data");
	}
}

void test_certs(void)
{
	uint8_t ark[SC_CERT_SIZE], ask[SC_CERT_SIZE], again[SC_CERT_SIZE];
	struct sc_key *ark_k = NULL, *ask_k = NULL, *cek_k, *oca_k, *pek_k;
	struct sc_key *pdh_k;
	struct sc_chain c;
	struct sc_roots r;

	ok(!sc_emu_ark_cert(ark) && !sc_emu_ask_cert(ask) &&
	   !sc_emu_ark_cert(again) && !memcmp(ark, again, SC_CERT_SIZE),
	   "emulator ARK/ASK derived deterministically");
	ok(!sc_cert_key("ARK", ark, SC_USAGE_ARK, &ark_k) &&
	   !sc_cert_verify("ARK", ark, "ARK", SC_USAGE_ARK, ark_k) &&
	   !sc_cert_verify("ASK", ask, "ARK", SC_USAGE_ARK, ark_k) &&
	   sc_le32(ask + 12) == SC_ALGO_ECDSA_SHA384,
	   "emulator ARK self-signed, ASK signed by ARK (ECDSA-SHA384, OpenSSL verify)");
	sc_emu_ask_key(&ask_k);
	sc_key_generate(&cek_k);
	sc_key_generate(&oca_k);
	sc_key_generate(&pek_k);
	sc_key_generate(&pdh_k);
	sc_cert_init(c.cek, SC_USAGE_CEK, SC_ALGO_ECDSA_SHA256, cek_k, 0, 0);
	sc_cert_sign(c.cek, 0, SC_USAGE_ASK, SC_ALGO_ECDSA_SHA384, ask_k);
	sc_cert_init(c.oca, SC_USAGE_OCA, SC_ALGO_ECDSA_SHA256, oca_k, 0, 0);
	sc_cert_sign(c.oca, 0, SC_USAGE_OCA, SC_ALGO_ECDSA_SHA256, oca_k);
	sc_cert_init(c.pek, SC_USAGE_PEK, SC_ALGO_ECDSA_SHA256, pek_k, 1, 55);
	sc_cert_sign(c.pek, 0, SC_USAGE_OCA, SC_ALGO_ECDSA_SHA256, oca_k);
	sc_cert_sign(c.pek, 1, SC_USAGE_CEK, SC_ALGO_ECDSA_SHA256, cek_k);
	sc_cert_init(c.pdh, SC_USAGE_PDH, SC_ALGO_ECDH_SHA256, pdh_k, 0, 0);
	sc_cert_sign(c.pdh, 0, SC_USAGE_PEK, SC_ALGO_ECDSA_SHA256, pek_k);
	sc_roots_emulator(&r);
	ok(!sc_chain_verify(&c, &r, false), "chain as the firmware builds it verifies");
	wfile("chain.bin", c.pek, 3 * SC_CERT_SIZE);
	wfile("pdh.cert", c.pdh, SC_CERT_SIZE);
	c.pek[0x30] ^= 1;
	ok(sc_chain_verify(&c, &r, false) && strstr(sc_errmsg(), "PEK"),
	   "one flipped PEK key bit is reported against the PEK");
	c.pek[0x30] ^= 1;
	c.pdh[0x420] ^= 1;
	ok(sc_chain_verify(&c, &r, false) == -SC_EVERIFY &&
	   strstr(sc_errmsg(), "PDH: signature"), "bad PDH signature named");
	c.pdh[0x420] ^= 1;
	sc_put_le32(c.oca + 8, SC_USAGE_PEK);
	ok(sc_chain_verify(&c, &r, false) == -SC_EINPUT &&
	   strstr(sc_errmsg(), "OCA: key usage"), "wrong OCA key usage named");
	sc_put_le32(c.oca + 8, SC_USAGE_OCA);
	sc_cert_init(c.cek, SC_USAGE_CEK, SC_ALGO_ECDSA_SHA256, cek_k, 0, 0);
	sc_cert_sign(c.cek, 0, SC_USAGE_ASK, SC_ALGO_ECDSA_SHA384, pek_k);
	ok(sc_chain_verify(&c, &r, false) == -SC_EVERIFY &&
	   strstr(sc_errmsg(), "CEK"), "CEK not signed by the trusted ASK is refused");
	sc_roots_free(&r);
	sc_key_free(ark_k);
	sc_key_free(ask_k);
	sc_key_free(cek_k);
	sc_key_free(oca_k);
	sc_key_free(pek_k);
	sc_key_free(pdh_k);
}

/* AMD-format RSA ARK/ASK and a CEK they sign, made with raw OpenSSL. */
static void amd_sign(EVP_PKEY *k, const EVP_MD *md, const uint8_t *m,
		     size_t len, uint8_t *sig_le)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_PKEY_CTX *p;
	uint8_t sig[512];
	size_t sl = sizeof(sig);

	EVP_DigestSignInit(c, &p, md, NULL, k);
	EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_PSS_PADDING);
	EVP_PKEY_CTX_set_rsa_pss_saltlen(p, EVP_MD_get_size(md));
	EVP_DigestSign(c, sig, &sl, m, len);
	rev(sig_le, sig, sl);
	EVP_MD_CTX_free(c);
}

static size_t amd_cert(uint8_t *b, EVP_PKEY *k, uint32_t usage,
		       const uint8_t *id, const uint8_t *signer_id)
{
	BIGNUM *n = NULL, *e = NULL;
	uint8_t be[256];

	memset(b, 0, 64 + 3 * 256);
	sc_put_le32(b, 1);
	memcpy(b + 4, id, 16);
	memcpy(b + 20, signer_id, 16);
	sc_put_le32(b + 36, usage);
	sc_put_le32(b + 56, 2048);
	sc_put_le32(b + 60, 2048);
	EVP_PKEY_get_bn_param(k, "n", &n);
	EVP_PKEY_get_bn_param(k, "e", &e);
	BN_bn2binpad(e, be, 256);
	rev(b + 64, be, 256);
	BN_bn2binpad(n, be, 256);
	rev(b + 64 + 256, be, 256);
	BN_free(n);
	BN_free(e);
	return 64 + 3 * 256;
}

void test_amd_roots(void)
{
	uint8_t arkc[832], askc[832], ida[16], ids[16];
	EVP_PKEY *ark = EVP_RSA_gen(2048), *ask = EVP_RSA_gen(2048);
	struct sc_chain c;
	struct sc_roots r;
	uint8_t *sig;

	memset(ida, 0xa1, 16);
	memset(ids, 0xa2, 16);
	amd_cert(arkc, ark, 0, ida, ida);
	amd_sign(ark, EVP_sha256(), arkc, 64 + 512, arkc + 576);
	amd_cert(askc, ask, 0x13, ids, ida);
	amd_sign(ark, EVP_sha256(), askc, 64 + 512, askc + 576);
	wfile("amd_ark.cert", arkc, sizeof(arkc));
	wfile("amd_ask.cert", askc, sizeof(askc));
	ok(!sc_roots_load(&r, tpath("amd_ark.cert"), tpath("amd_ask.cert")) && r.amd,
	   "AMD-format ARK/ASK (RSA-PSS) load and verify");
	sc_roots_free(&r);
	askc[100] ^= 1;
	wfile("amd_ask_bad.cert", askc, sizeof(askc));
	ok(sc_roots_load(&r, tpath("amd_ark.cert"), tpath("amd_ask_bad.cert")) == -SC_EVERIFY &&
	   strstr(sc_errmsg(), "amd_ask_bad.cert"), "tampered AMD ASK refused, naming the file");
	askc[100] ^= 1;

	/* A chain whose CEK the RSA ASK signed. */
	{
		uint8_t all[3 * SC_CERT_SIZE];

		sc_read_blob(tpath("chain.bin"), all, sizeof(all));
		memcpy(c.pek, all, SC_CERT_SIZE);
		memcpy(c.oca, all + SC_CERT_SIZE, SC_CERT_SIZE);
		memcpy(c.cek, all + 2 * SC_CERT_SIZE, SC_CERT_SIZE);
	}
	sc_read_blob(tpath("pdh.cert"), c.pdh, SC_CERT_SIZE);
	/* Re-sign the CEK (keeping its key) with the RSA ASK. */
	sig = c.cek + SC_CERT_OFF_SIG(0);
	memset(sig + 8, 0, 512);
	sc_put_le32(sig, SC_USAGE_ASK);
	sc_put_le32(sig + 4, SC_ALGO_RSA_SHA256);
	amd_sign(ask, EVP_sha256(), c.cek, SC_CERT_SIGNED_LEN, sig + 8);
	sc_roots_load(&r, tpath("amd_ark.cert"), tpath("amd_ask.cert"));
	ok(!sc_chain_verify(&c, &r, false), "chain with a CEK signed by the AMD-format ASK verifies");
	sig[20] ^= 1;
	ok(sc_chain_verify(&c, &r, false) == -SC_EVERIFY, "tampered RSA CEK signature refused");
	sc_roots_free(&r);
	EVP_PKEY_free(ark);
	EVP_PKEY_free(ask);
}
