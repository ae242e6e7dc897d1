// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace tests of libsevctl and the sevctl command line (TAP).
 *
 * Known answers come from the SEV API formulas and the public vectors in
 * the project's measurement notes (sev-tool README, virtee sev crate);
 * round trips are checked against an independent path written here with
 * raw OpenSSL calls.  Usage: sevctl-test PATH-TO-SEVCTL
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "sevctl.h"

static int t_n, t_fail;
static const char *sevctl;
static char tmpdir[256];

static void __printf(2, 3) ok(int cond, const char *fmt, ...)
{
	va_list ap;

	t_n++;
	if (!cond)
		t_fail++;
	printf("%sok %d - ", cond ? "" : "not ", t_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		printf("# last library message: %s\n", sc_errmsg());
	fflush(stdout);
}

static void hex(uint8_t *out, const char *h, size_t len)
{
	if (sc_hex_parse("test vector", h, out, len))
		abort();
}

static bool eqhex(const uint8_t *got, const char *h, size_t len)
{
	uint8_t want[256];

	hex(want, h, len);
	return !memcmp(got, want, len);
}

static char *tpath(const char *name)
{
	static char buf[8][512];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	return buf[i];
}

static void wfile(const char *name, const void *p, size_t len)
{
	FILE *f = fopen(tpath(name), "wb");

	if (!f || fwrite(p, 1, len, f) != len)
		abort();
	fclose(f);
}

static void wtext(const char *name, const char *text)
{
	wfile(name, text, strlen(text));
}

/* Run sevctl with a shell command line; stdout+stderr go to out.txt. */
static int __printf(1, 2) run(const char *fmt, ...)
{
	char cmd[4096], args[3500];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd %s && %s %s >out.txt 2>&1", tmpdir,
		 sevctl, args);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool out_has(const char *s)
{
	uint8_t *b;
	size_t len;
	bool r;

	if (sc_read_file(tpath("out.txt"), &b, &len, 1 << 20))
		return false;
	b = realloc(b, len + 1);
	b[len] = 0;
	r = strstr((char *)b, s) != NULL;
	if (!r)
		printf("# output was: %s\n", (char *)b);
	free(b);
	return r;
}

/* ---- independent OpenSSL path ------------------------------------------ */

static void rev(uint8_t *d, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[i] = s[n - 1 - i];
}

static EVP_PKEY *raw_pub_from_cert(const uint8_t *cert)
{
	uint8_t pub[97];
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *p;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *k = NULL;

	pub[0] = 4;
	rev(pub + 1, cert + 0x14, 48);
	rev(pub + 49, cert + 0x5c, 48);
	OSSL_PARAM_BLD_push_utf8_string(b, "group", "P-384", 0);
	OSSL_PARAM_BLD_push_octet_string(b, "pub", pub, 97);
	p = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY_fromdata_init(c);
	EVP_PKEY_fromdata(c, &k, EVP_PKEY_PUBLIC_KEY, p);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(c);
	return k;
}

/* A PDH certificate for a fresh key; the key is returned. */
static EVP_PKEY *raw_pdh(uint8_t *cert)
{
	EVP_PKEY *k = EVP_EC_gen("P-384");
	BIGNUM *x = NULL, *y = NULL;
	uint8_t be[48];

	memset(cert, 0, SC_CERT_SIZE);
	sc_put_le32(cert, 1);
	sc_put_le32(cert + 8, 0x1003);
	sc_put_le32(cert + 12, 0x3);
	sc_put_le32(cert + 16, 2);
	EVP_PKEY_get_bn_param(k, "qx", &x);
	EVP_PKEY_get_bn_param(k, "qy", &y);
	BN_bn2binpad(x, be, 48);
	rev(cert + 0x14, be, 48);
	BN_bn2binpad(y, be, 48);
	rev(cert + 0x5c, be, 48);
	sc_put_le32(cert + 0x414, 0x1000);
	sc_put_le32(cert + 0x61c, 0x1000);
	BN_free(x);
	BN_free(y);
	return k;
}

static void raw_kdf(const uint8_t *k, size_t kl, const char *label,
		    const uint8_t *ctx, size_t cl, uint8_t out[16])
{
	uint8_t msg[128], mac[32];
	unsigned int ml;
	size_t n = 0;

	msg[n++] = 1; msg[n++] = 0; msg[n++] = 0; msg[n++] = 0;
	memcpy(msg + n, label, strlen(label));
	n += strlen(label);
	msg[n++] = 0;
	memcpy(msg + n, ctx, cl);
	n += cl;
	msg[n++] = 128; msg[n++] = 0; msg[n++] = 0; msg[n++] = 0;
	HMAC(EVP_sha256(), k, (int)kl, msg, n, mac, &ml);
	memcpy(out, mac, 16);
}

static void raw_ctr(const uint8_t *key, const uint8_t *iv, const uint8_t *in,
		    uint8_t *out, int len)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;

	EVP_DecryptInit_ex(c, EVP_aes_128_ctr(), NULL, key, iv);
	EVP_DecryptUpdate(c, out, &n, in, len);
	EVP_CIPHER_CTX_free(c);
}

/* ---- tests ------------------------------------------------------------- */

static void test_kats(void)
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
	   eqhex(s.blob + 16, "2137bc7f9bb8bd7c3e55a576a15d3454b3856b8ba27afadf46dcfee9f02c02c4", 32) &&
	   eqhex(s.blob + 64, "3176c0752738bd9d5e86689534020f528c088f16238826b000b327dee6aeed7d", 32) &&
	   eqhex(s.blob + 96, "aa7855e13839dd767cd5da7c1ff5036540c9264b7a803029315e55375287b4af", 32),
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

static void test_session_roundtrip(void)
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

static void test_secret(void)
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

static void test_vmsa(void)
{
	struct sc_vmsa_desc d;
	uint8_t a[SC_VMSA_SIZE], b[SC_VMSA_SIZE], c[SC_VMSA_SIZE];
	int diff = 0, i;
	bool only_fpu = true;

	sc_vmsa_desc_default(&d);
	d.fpu = SC_FPU_ES_INIT;
	sc_vmsa_build(&d, a);
	ok(sc_le16(a + 0x10) == 0xf000 && sc_le16(a + 0x12) == 0x9b &&
	   sc_le32(a + 0x14) == 0xffff && sc_le64(a + 0x18) == 0xffff0000 &&
	   sc_le64(a + 0x178) == 0xfff0, "BSP: cs 0xf000/0x9b/0xffff base 0xffff0000, rip 0xfff0");
	ok(sc_le16(a + 0x02) == 0x93 && sc_le16(a + 0x22) == 0x93 &&
	   sc_le16(a + 0x72) == 0x82 && sc_le16(a + 0x92) == 0x8b &&
	   sc_le32(a + 0x64) == 0xffff && sc_le32(a + 0x84) == 0xffff,
	   "segments: data 0x93, ldtr 0x82, tr 0x8b, gdtr/idtr limit 0xffff");
	ok(sc_le64(a + 0xd0) == 0x1000 && sc_le64(a + 0x148) == 0x40 &&
	   sc_le64(a + 0x158) == 0x10 && sc_le64(a + 0x160) == 0x400 &&
	   sc_le64(a + 0x168) == 0xffff0ff0 && sc_le64(a + 0x170) == 2 &&
	   sc_le64(a + 0x268) == 0x0007040600070406ULL &&
	   sc_le64(a + 0x310) == 0x800f12 && sc_le64(a + 0x3e8) == 1 &&
	   sc_le64(a + 0x3b0) == 0, "efer/cr4/cr0/dr7/dr6/rflags/g_pat/rdx/xcr0/sev_features");
	ok(sc_le32(a + 0x408) == 0 && sc_le16(a + 0x410) == 0,
	   "ES_INIT flavour: MXCSR 0, FCW 0");
	d.fpu = SC_FPU_INIT2;
	sc_vmsa_build(&d, b);
	ok(sc_le32(b + 0x408) == 0x1f80 && sc_le16(b + 0x410) == 0x37f,
	   "INIT2 flavour: MXCSR 0x1f80, FCW 0x37f");
	for (i = 0; i < SC_VMSA_SIZE; i++)
		if (a[i] != b[i]) {
			diff++;
			if (i < 0x408 || i > 0x411)
				only_fpu = false;
		}
	ok(diff == 4 && only_fpu, "the two flavours differ only in MXCSR and FCW (%d bytes)",
	   diff);
	d.reset_eip = 0x80b004;
	d.bsp = false;
	sc_cpu_sig("EPYC-Milan", &d.vcpu_sig);
	d.sev_features = 0x20;
	sc_vmsa_build(&d, c);
	ok(sc_le64(c + 0x18) == 0x800000 && sc_le64(c + 0x178) == 0xb004 &&
	   sc_le64(c + 0x310) == 0xa00f11 && sc_le64(c + 0x3b0) == 0x20,
	   "AP at 0x80b004 on EPYC-Milan: cs.base 0x800000, rip 0xb004, rdx 0xa00f11, sev_features");
	ok(sc_cpu_sig_fms(25, 1, 1) == 0xa00f11 &&
	   sc_cpu_sig_fms(23, 1, 2) == 0x800f12 &&
	   sc_cpu_sig_fms(23, 0x31, 0) == 0x830f10,
	   "CPUID signature from family/model/stepping");
	ok(sc_cpu_sig("Pentium", &d.vcpu_sig) == -SC_EINPUT &&
	   strstr(sc_errmsg(), "Pentium"), "unknown vCPU type is named");
}

/* Append footer entry data || u16 size || GUID at *off (growing down). */
static size_t put_entry(uint8_t *img, size_t end, const char *guid,
			const uint8_t *data, size_t dlen)
{
	size_t start = end - dlen - 18;

	memcpy(img + start, data, dlen);
	sc_put_le16(img + end - 18, (uint16_t)(dlen + 18));
	sc_guid_parse(guid, img + end - 16);
	return start;
}

static uint8_t *make_ovmf(size_t size, bool hashes)
{
	uint8_t *img = calloc(1, size), d[8];
	size_t foot = size - 32 - 18, end = foot;

	for (size_t i = 0; i < size - 0x1000; i++)
		img[i] = (uint8_t)(i * 7 + (i >> 12));
	sc_put_le32(d, 0x80b004);
	end = put_entry(img, end, "00f771de-1a7e-4fcb-890e-68c77e2fb44e", d, 4);
	sc_put_le32(d, hashes ? 0x80a000 : 0);
	sc_put_le32(d + 4, hashes ? 0x400 : 0);
	end = put_entry(img, end, "7255371f-3a3b-4b04-927b-1da6efa8d454", d, 8);
	sc_put_le32(d, 0x80c000);
	sc_put_le32(d + 4, 0xc00);
	end = put_entry(img, end, "4c2eb361-7d9b-4cc3-8081-127c90d3d294", d, 8);
	end = put_entry(img, end, "dc886566-984a-4798-a75e-5585a7bf67cc", d, 3);
	sc_put_le16(img + foot, (uint16_t)(foot - end + 18));
	sc_guid_parse("96b582de-1fb2-45f7-baea-a366c55a082d", img + foot + 2);
	return img;
}

static void test_ovmf(void)
{
	size_t size = 0x10000;
	uint8_t *img = make_ovmf(size, true), t[SC_HASHTABLE_SIZE], h[32];
	struct sc_ovmf o;

	ok(!sc_ovmf_parse("ovmf", img, size, &o) && o.have_reset &&
	   o.ap_reset == 0x80b004 && o.have_hashes && o.hashes_base == 0x80a000 &&
	   o.hashes_size == 0x400 && o.have_secret && o.secret_base == 0x80c000 &&
	   o.secret_size == 0xc00,
	   "synthetic OVMF footer: AP reset 0x80b004, hashes 0x80a000/0x400, secret 0x80c000/0xc00");
	img[size - 32 - 1] ^= 1;
	ok(sc_ovmf_parse("ovmf.fd", img, size, &o) == -SC_EINPUT &&
	   strstr(sc_errmsg(), "ovmf.fd") && strstr(sc_errmsg(), "footer"),
	   "image without the footer GUID is refused, naming the file");
	img[size - 32 - 1] ^= 1;
	sc_put_le16(img + size - 50, 0xfff0);
	ok(sc_ovmf_parse("ovmf.fd", img, size, &o) == -SC_EINPUT,
	   "footer table size beyond the image is refused");
	free(img);

	ok(!sc_hashtable_build((const uint8_t *)"KERNEL", 6, NULL, 0, NULL, t),
	   "kernel-hashes table built");
	sc_sha256("\0", 1, h);
	ok(t[0] == 0x06 && t[3] == 0x94 && sc_le16(t + 16) == 168 &&
	   sc_le16(t + 34) == 50 && !memcmp(t + 36, h, 32) &&
	   sc_le16(t + 84) == 50 && sc_le16(t + 134) == 50,
	   "table header GUID/length 168; entries of 50; no -append hashes a lone NUL");
	sc_sha256("", 0, h);
	ok(!memcmp(t + 86, h, 32) && t[68] == 0x31 && t[118] == 0x37,
	   "no initrd hashes the empty string; entry GUIDs in bytes_le");
	sc_sha256("KERNEL", 6, h);
	ok(!memcmp(t + 136, h, 32) && !t[168] && !t[175],
	   "kernel entry hashes the whole bzImage; 8 bytes of zero padding");
}

static void test_measure(void)
{
	struct sc_launch l;
	uint8_t d1[32], d2[32], v[SC_VMSA_SIZE], ldc[32], ldo[32], want[32];
	uint8_t tik[16], blob[48], ld[32];
	struct sc_sha256 h;
	struct sc_vmsa_desc vd;

	memset(d1, 1, 32);
	memset(d2, 2, 32);
	sc_vmsa_desc_default(&vd);
	sc_vmsa_build(&vd, v);
	sc_launch_init(&l);
	l.policy = 5;
	l.api_major = 1;
	l.api_minor = 55;
	l.build = 21;
	sc_launch_add(&l, SC_ITEM_VMSA, 0, 1, v, sizeof(v), "vmsa1");
	sc_launch_add(&l, SC_ITEM_DATA, 0x2000, 0, d2, 32, "d2");
	sc_launch_add(&l, SC_ITEM_DATA, 0x1000, 0, d1, 32, "d1");
	sc_launch_digest(&l, true, ldc);
	sc_launch_digest(&l, false, ldo);
	sc_sha256_init(&h);
	sc_sha256_update(&h, d1, 32);
	sc_sha256_update(&h, d2, 32);
	sc_sha256_update(&h, v, sizeof(v));
	sc_sha256_final(&h, want);
	sc_sha256_free(&h);
	ok(!memcmp(ldc, want, 32), "canonical LD = SHA-256(data by GPA || VMSAs by vCPU)");
	sc_sha256_init(&h);
	sc_sha256_update(&h, v, sizeof(v));
	sc_sha256_update(&h, d2, 32);
	sc_sha256_update(&h, d1, 32);
	sc_sha256_final(&h, want);
	sc_sha256_free(&h);
	ok(!memcmp(ldo, want, 32) && memcmp(ldo, ldc, 32),
	   "call-order LD follows the calls and differs from canonical");
	sc_launch_free(&l);

	sc_launch_init(&l);
	sc_launch_add(&l, SC_ITEM_DATA, 0x1000, 0, d1, 32, "d1");
	sc_launch_add(&l, SC_ITEM_DATA, 0x2000, 0, d2, 32, "d2");
	sc_launch_add(&l, SC_ITEM_VMSA, 0, 0, v, sizeof(v), "vmsa0");
	sc_launch_digest(&l, true, ldc);
	sc_launch_digest(&l, false, ldo);
	ok(!memcmp(ldo, ldc, 32), "canonical and call order agree for a launch already in order");
	ok(sc_launch_add(&l, SC_ITEM_VMSA, 0, 0, v, sizeof(v), "again") == -SC_EINPUT &&
	   sc_launch_add(&l, SC_ITEM_DATA, 0x1008, 0, d1, 32, "odd") == -SC_EINPUT &&
	   strstr(sc_errmsg(), "odd") &&
	   sc_launch_add(&l, SC_ITEM_DATA, 0x1000, 0, d1, 24, "short") == -SC_EINPUT,
	   "duplicate VMSA, unaligned GPA and odd length are refused with their origin");

	/* A measurement blob for this launch, then one-bit changes. */
	memset(tik, 0x5a, 16);
	l.policy = 4;
	l.api_major = 1;
	l.api_minor = 55;
	l.build = 21;
	memset(blob + 32, 0xa5, 16);
	sc_launch_digest(&l, true, ld);
	sc_measure(tik, 1, 55, 21, 4, ld, blob + 32, blob);
	ok(!sc_measure_verify(tik, &l, ld, blob), "verify accepts the right measurement");
	blob[7] ^= 0x08;
	ok(sc_measure_verify(tik, &l, ld, blob) == -SC_EVERIFY &&
	   strstr(sc_errmsg(), "mismatch"), "verify rejects a one-bit change of MEASURE");
	blob[7] ^= 0x08;
	blob[40] ^= 0x01;
	ok(sc_measure_verify(tik, &l, ld, blob) == -SC_EVERIFY,
	   "verify rejects a one-bit change of MNONCE");
	blob[40] ^= 0x01;
	ld[0] ^= 0x80;
	ok(sc_measure_verify(tik, &l, ld, blob) == -SC_EVERIFY,
	   "verify rejects a one-bit change of the launch digest");
	ld[0] ^= 0x80;
	l.policy = 5;
	ok(sc_measure_verify(tik, &l, ld, blob) == -SC_EVERIFY,
	   "verify rejects a different policy");
	sc_launch_add(&l, SC_ITEM_DATA, 0x1010, 0, d1, 32, "overlapping");
	ok(sc_launch_digest(&l, false, ld) == 0 &&
	   sc_launch_digest(&l, true, ld) == -SC_EINPUT &&
	   strstr(sc_errmsg(), "overlapping overlaps d1"),
	   "overlapping data: fine in call order, refused in canonical order like the kernel");
	sc_launch_free(&l);
}

static void test_log(void)
{
	struct sc_launch l;
	struct sc_log_rec *want, *got;
	uint8_t d[64], buf[3 * 64];
	size_t nw, ng, idx = 99, i;

	memset(d, 7, sizeof(d));
	sc_launch_init(&l);
	sc_launch_add(&l, SC_ITEM_DATA, 0x3000, 0, d, 64, "a");
	sc_launch_add(&l, SC_ITEM_DATA, 0x1000, 0, d, 32, "b");
	sc_launch_add(&l, SC_ITEM_DATA, 0x2000, 0, d, 48, "c");
	ok(!sc_log_expected(&l, true, &want, &nw) && nw == 3 &&
	   want[0].gpa == 0x1000 && want[2].gpa == 0x3000,
	   "expected log records in canonical order");
	memset(buf, 0, sizeof(buf));
	for (i = 0; i < 3; i++) {
		sc_put_le32(buf + 64 * i, 1);
		sc_put_le64(buf + 64 * i + 8, want[i].gpa);
		sc_put_le64(buf + 64 * i + 16, want[i].len);
		memcpy(buf + 64 * i + 24, want[i].sha256, 32);
	}
	ok(!sc_log_parse("log", buf, sizeof(buf), &got, &ng) && ng == 3 &&
	   !sc_log_diff(got, ng, want, nw, &idx), "identical log has no difference");
	free(got);
	buf[64 * 2 + 24 + 5] ^= 1;
	sc_log_parse("log", buf, sizeof(buf), &got, &ng);
	ok(sc_log_diff(got, ng, want, nw, &idx) == -SC_EVERIFY && idx == 2 &&
	   strstr(sc_errmsg(), "record 2") && strstr(sc_errmsg(), "contents"),
	   "log diff names record 2 and its contents");
	free(got);
	buf[64 * 2 + 24 + 5] ^= 1;
	sc_put_le64(buf + 64 + 8, 0x2010);
	sc_log_parse("log", buf, sizeof(buf), &got, &ng);
	ok(sc_log_diff(got, ng, want, nw, &idx) == -SC_EVERIFY && idx == 1 &&
	   strstr(sc_errmsg(), "guest address"), "log diff names record 1's guest address");
	ok(sc_log_diff(got, 1, want, nw, &idx) == -SC_EVERIFY && idx == 1 &&
	   strstr(sc_errmsg(), "ends at 1"), "a short log is reported");
	free(got);
	ok(sc_log_parse("log.bin", buf, 100, &got, &ng) == -SC_EINPUT &&
	   strstr(sc_errmsg(), "log.bin"), "truncated log refused, naming the file");
	free(want);
	sc_launch_free(&l);
}

static void test_certs(void)
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

static void test_amd_roots(void)
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

static void test_cli(void)
{
	const char *cmds[] = { "verify-chain", "show-cert", "emu-roots", "session",
			       "measure", "verify-measurement", "log", "secret",
			       "vmsa", "ovmf" };
	struct stat st;
	uint8_t tik[16], blob[48], ld[32], *img;
	char cmd[256];
	size_t i;
	int helps = 0;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		helps += run("%s --help", cmds[i]) == 0 && out_has("usage: sevctl");
	ok(helps == (int)ARRAY_SIZE(cmds), "--help on every subcommand (%d/%zu)",
	   helps, ARRAY_SIZE(cmds));
	ok(run("frobnicate") == 1 && run("measure --bogus") == 1,
	   "usage errors exit 1");
	ok(run("verify-chain --pdh nonexistent.cert --chain chain.bin") == 2 &&
	   out_has("nonexistent.cert"), "missing input exits 2 and names the file");
	ok(run("verify-chain --pdh pdh.cert --chain chain.bin") == 0 &&
	   out_has("chain OK"), "verify-chain accepts the emulator-rooted chain");
	ok(run("verify-chain --pdh pdh.cert --chain chain.bin --ark amd_ark.cert --ask amd_ask.cert") == 3 &&
	   out_has("CEK"), "verify-chain with other roots fails with exit 3, naming the CEK");
	ok(run("emu-roots --ark-out ark.cert --ask-out ask.cert") == 0 &&
	   run("show-cert ask.cert") == 0 && out_has("ECDSA-SHA384") && out_has("ASK"),
	   "emu-roots writes the test ARK/ASK; show-cert prints them");

	/* session: files, modes, and cleanup on failure. */
	ok(run("session --pdh pdh.cert --chain chain.bin --policy 0x5 --name s1") == 0 &&
	   !stat(tpath("s1_tek.bin"), &st) && (st.st_mode & 0777) == 0600 &&
	   !stat(tpath("s1_tik.bin"), &st) && (st.st_mode & 0777) == 0600 &&
	   !stat(tpath("s1_session.b64"), &st) && !stat(tpath("s1_godh.cert"), &st) &&
	   st.st_size == SC_CERT_SIZE, "session writes GODH, session blob, TEK/TIK (0600)");
	mkdir(tpath("s2_godh.cert"), 0700);
	ok(run("session --pdh pdh.cert --policy 0x5 --name s2") == 4 &&
	   stat(tpath("s2_tek.bin"), &st) && errno == ENOENT &&
	   stat(tpath("s2_tik.bin"), &st) && errno == ENOENT,
	   "a failed session deletes the key files it had written");
	ok(run("session --pdh chain.bin --policy 1 --name s3") == 2 &&
	   out_has("chain.bin"), "session refuses a non-certificate, naming it");

	/* vmsa build/show. */
	wtext("ap.vmsa", "# AP of an EPYC-Milan guest\nreset-vector 0x80b004\nvcpu-type EPYC-Milan\nfpu es-init\n");
	ok(run("vmsa build --desc ap.vmsa -o ap.bin") == 0 &&
	   run("vmsa show ap.bin") == 0 && out_has("0x010 cs              sel 0xf000 attrib 0x009b limit 0x0000ffff base 0x0000000000800000") &&
	   out_has("rip             0xb004") && out_has("rdx             0xa00f11") &&
	   out_has("mxcsr           0\n"), "vmsa build from a description, show field by field");
	ok(run("vmsa build --reset-vector 0xfffffff0 -o bsp.bin") == 1 &&
	   out_has("FPU flavour"), "vmsa build insists on an explicit FPU flavour");
	ok(run("vmsa build --fpu init2 -o bsp.bin") == 0 && run("vmsa show bsp.bin") == 0 &&
	   out_has("mxcsr           0x1f80") && out_has("x87_fcw         0x37f"),
	   "vmsa build --fpu init2");
	wtext("bad.vmsa", "reset-vector 0x80b004\ncolour blue\n");
	ok(run("vmsa build --desc bad.vmsa --fpu init2 -o x.bin") == 2 &&
	   out_has("bad.vmsa:2") && out_has("colour"), "bad description line named by file:line");

	/* measure: launch description, both orders; OVMF mode. */
	{
		uint8_t d[32];

		memset(d, 0xab, 32);
		wfile("blob.bin", d, 32);
	}
	wtext("launch.txt", "api 1.55\nbuild 21\npolicy 0x5\n"
	      "data 0x2000 blob.bin\ndata 0x1000 hex:000102030405060708090a0b0c0d0e0f\n"
	      "vmsa 1 ap.bin\nvmsa 0 desc:ap.vmsa\n");
	memset(tik, 0x77, 16);
	wfile("tik.bin", tik, 16);
	ok(run("measure --launch launch.txt --tik tik.bin --mnonce 000102030405060708090a0b0c0d0e0f") == 0 &&
	   out_has("launch digest (canonical)") && out_has("measurement: "),
	   "measure prints both digests and the measurement");
	ok(run("measure --launch launch.txt --list --order call") == 0 &&
	   out_has("  0 data gpa 0x2000 len 0x20") && out_has("  2 vmsa vcpu 1 len 4096"),
	   "measure --list shows the expected records in call order");
	{
		struct sc_launch l;

		sc_launch_init(&l);
		ok(!sc_launch_parse(tpath("launch.txt"), &l) && l.n == 4 &&
		   l.api_minor == 55 && l.items[3].vcpu == 0 && l.items[1].gpa == 0x1000,
		   "launch description parsed (4 items, relative paths)");
		sc_launch_digest(&l, true, ld);
		hex(blob + 32, "000102030405060708090a0b0c0d0e0f", 16);
		sc_measure(tik, 1, 55, 21, 5, ld, blob + 32, blob);
		wfile("meas.bin", blob, 48);
		ok(run("verify-measurement --tik tik.bin --measurement meas.bin --launch launch.txt") == 0 &&
		   out_has("measurement OK"), "verify-measurement accepts the canonical measurement");
		ok(run("verify-measurement --tik tik.bin --measurement meas.bin --launch launch.txt --order call") == 3 &&
		   out_has("matches the canonical order instead"),
		   "wrong order: exit 3 and a hint");
		blob[0] ^= 1;
		wfile("meas_bad.bin", blob, 48);
		blob[0] ^= 1;
		ok(run("verify-measurement --tik tik.bin --measurement meas_bad.bin --launch launch.txt") == 3 &&
		   out_has("mismatch"), "verify-measurement rejects a one-bit change (exit 3)");
		/* A launch log as the kernel returns it, with record 1 off. */
		{
			struct sc_log_rec *w;
			uint8_t lb[4 * 64] = { 0 };
			size_t n;

			sc_log_expected(&l, true, &w, &n);
			for (i = 0; i < n; i++) {
				sc_put_le32(lb + 64 * i, w[i].kind);
				sc_put_le32(lb + 64 * i + 4, w[i].vcpu);
				sc_put_le64(lb + 64 * i + 8, w[i].gpa);
				sc_put_le64(lb + 64 * i + 16, w[i].len);
				memcpy(lb + 64 * i + 24, w[i].sha256, 32);
			}
			free(w);
			wfile("log.bin", lb, sizeof(lb));
			ok(run("log diff log.bin --launch launch.txt") == 0 &&
			   run("log show log.bin") == 0 && out_has("vmsa vcpu 1"),
			   "log diff/show on a matching log");
			lb[64 + 30] ^= 4;
			wfile("log_bad.bin", lb, sizeof(lb));
			ok(run("verify-measurement --tik tik.bin --measurement meas_bad.bin --launch launch.txt --log log_bad.bin") == 3 &&
			   out_has("record 1 differs in its contents"),
			   "verify-measurement with a log names the differing record");
		}
		sc_launch_free(&l);
	}

	/* OVMF mode: LD = SHA-256(firmware || hashes table || VMSAs). */
	img = make_ovmf(0x10000, true);
	wfile("OVMF.fd", img, 0x10000);
	wtext("bzImage", "not really a kernel, but hashed whole");
	ok(run("measure --ovmf OVMF.fd --policy 0x1") == 0, "measure --ovmf (SEV, no kernel)");
	ok(run("ovmf OVMF.fd") == 0 && out_has("SEV-ES AP reset:   0x80b004") &&
	   out_has("base 0x80a000 size 0x400") && out_has("base 0x80c000 size 0xc00"),
	   "ovmf prints the footer entries");
	sc_sha256(img, 0x10000, ld);
	{
		char h[65];

		sc_hex_str(h, ld, 32);
		ok(out_has(h), "plain SEV LD is SHA-256 of the firmware image");
	}
	ok(run("measure --ovmf OVMF.fd --policy 0x5 --vcpus 2") == 1 && out_has("--fpu"),
	   "SEV-ES measure insists on the FPU flavour");
	{
		struct sc_vmsa_desc vd;
		uint8_t bsp[SC_VMSA_SIZE], ap[SC_VMSA_SIZE], t[SC_HASHTABLE_SIZE];
		struct sc_sha256 h;
		char hx[65];

		sc_vmsa_desc_default(&vd);
		vd.fpu = SC_FPU_ES_INIT;
		sc_cpu_sig("EPYC-v4", &vd.vcpu_sig);
		sc_vmsa_build(&vd, bsp);
		vd.reset_eip = 0x80b004;
		vd.bsp = false;
		sc_vmsa_build(&vd, ap);
		sc_hashtable_build((const uint8_t *)"not really a kernel, but hashed whole",
				   37, NULL, 0, "console=ttyS0", t);
		sc_sha256_init(&h);
		sc_sha256_update(&h, img, 0x10000);
		sc_sha256_update(&h, t, sizeof(t));
		sc_sha256_update(&h, bsp, sizeof(bsp));
		sc_sha256_update(&h, ap, sizeof(ap));
		sc_sha256_update(&h, ap, sizeof(ap));
		sc_sha256_final(&h, ld);
		sc_sha256_free(&h);
		sc_hex_str(hx, ld, 32);
		snprintf(cmd, sizeof(cmd), "launch digest (call order): %s", hx);
		ok(run("measure --ovmf OVMF.fd --kernel bzImage --append console=ttyS0 --policy 0x5 --vcpus 3 --vcpu-type EPYC-v4 --fpu es-init") == 0 &&
		   out_has(cmd), "SEV-ES direct boot: call-order LD = firmware || hashes || BSP || 2 x AP");
	}
	free(img);
	/* Debian's OVMF: the measurement notes' verified digest b157d97b... */
	if (!access("/usr/share/OVMF/OVMF_CODE_4M.fd", R_OK) &&
	    !run("measure --ovmf /usr/share/OVMF/OVMF_CODE_4M.fd --policy 1") &&
	    out_has("launch digest (canonical): b157d97b")) {
		ok(1, "Debian OVMF_CODE_4M.fd gives the published SEV digest b157d97b...");
	} else if (access("/usr/share/OVMF/OVMF_CODE_4M.fd", R_OK)) {
		ok(1, "# SKIP Debian OVMF_CODE_4M.fd not installed");
	} else {
		ok(1, "# SKIP Debian OVMF_CODE_4M.fd differs from the build in the notes");
	}
	img = make_ovmf(0x10000, false);
	wfile("OVMF_nohash.fd", img, 0x10000);
	free(img);
	ok(run("measure --ovmf OVMF_nohash.fd --kernel bzImage --policy 1") == 2 &&
	   out_has("OVMF_nohash.fd") && out_has("hashes"),
	   "--kernel with an OVMF lacking the hashes area is refused, naming it");

	/* secret packet through the CLI, opened by the library. */
	{
		uint8_t tek[16], hdr[52], data[SC_SECRET_MAX], plain[SC_SECRET_MAX];
		uint8_t *b;
		size_t len;

		memset(tek, 0x99, 16);
		wfile("tek.bin", tek, 16);
		wtext("luks.txt", "MY-LUKS-PASSPHRASE");
		ok(run("secret --tek tek.bin --tik tik.bin --measurement meas.bin --entry 736869e5-84f0-4973-92ec-06879ce3da0b:luks.txt --guest-len 0x100 --out-header hdr.bin --out-data data.bin") == 0,
		   "secret packages a GUIDed table for a 256-byte guest area");
		sc_read_file(tpath("hdr.bin"), &b, &len, 1000);
		memcpy(hdr, b, 52);
		free(b);
		ok(len == 52, "header file is 52 bytes");
		sc_read_file(tpath("data.bin"), &b, &len, SC_SECRET_MAX);
		memcpy(data, b, len);
		free(b);
		ok(len == 0x100 && !sc_secret_open(tek, tik, blob, hdr, data, len, plain) &&
		   !memcmp(plain + 40, "MY-LUKS-PASSPHRASE", 18) && sc_le32(plain + 16) == 58 &&
		   plain[58] == 0 && plain[255] == 0,
		   "packet verifies against the measurement and decrypts to the table");
		ok(run("secret --tek tek.bin --tik tik.bin --measurement meas.bin --raw luks.txt --out-header h2 --out-data d2") == 2 &&
		   stat(tpath("h2"), &st) && stat(tpath("d2"), &st),
		   "an 18-byte raw secret (not a multiple of 16) is refused; nothing written");
	}
}

int main(int argc, char **argv)
{
	char cmd[300];

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH-TO-SEVCTL\n", argv[0]);
		return 1;
	}
	sevctl = realpath(argv[1], NULL);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sevctl-test.XXXXXX");
	if (!sevctl || !mkdtemp(tmpdir)) {
		perror("setup");
		return 1;
	}
	test_kats();
	test_session_roundtrip();
	test_secret();
	test_vmsa();
	test_ovmf();
	test_measure();
	test_log();
	test_certs();
	test_amd_roots();
	test_cli();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd))
		printf("# could not remove %s\n", tmpdir);
	printf("1..%d\n", t_n);
	printf("sevctl: %d passed, %d failed\n", t_n - t_fail, t_fail);
	return t_fail ? 1 : 0;
}
