// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl tests: 'report verify' and 'report show'.
 *
 * Real reports: two Milan version 2 reports with the VCEKs AMD issued for
 * them, and AMD's Milan ARK/ASK (tests/data/README names the sources);
 * verify must accept them and refuse one-bit changes.
 *
 * Emulator side: an independent reference built here with raw OpenSSL
 * from the labels of /work SNP.md (Documentation/snp.rst): the SNP ARK,
 * ASK and VCEK keys, X.509 certificates ARK -> ASK -> VCEK with AMD's
 * VCEK extensions, and a version 3 report signed by that VCEK whose
 * MEASUREMENT is a published sev-snp-measure digest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "sevctl_test.h"

#ifndef SC_TESTDATA
#define SC_TESTDATA "tests/data"
#endif
#define TD SC_TESTDATA "/"
#define MILAN_CA "--ask " TD "milan_ask.pem --ark " TD "milan_ark.pem"

/* test_snp_ovmf_hash_gen_default in sev-snp-measure's test_guest.py */
static const char vec_hi[] = "329c8ce0972ae52343b64d34a434a86f245dfd74f5ed7aae";
static const char vec_lo[] = "15d22efc78fb9683632b9b50e4e1d7fa41179ef98a7ef198";
#define VEC_ARGS "--ovmf " TD "ovmf_AmdSev_suffix.bin --kernel /dev/null " \
	"--initrd /dev/null --append '' --vcpu-type EPYC-v4 --guest-features 0x21"

/* go-sev-guest verify/testdata/attestation.bin: MEASUREMENT */
static const char gsg_meas_hi[] = "b07af9620f3b839b47996422ddec6058338951d984e31211";
static const char gsg_meas_lo[] = "5131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01";

static uint8_t *slurp(const char *path, size_t *len)
{
	uint8_t *b;

	if (sc_read_file(path, &b, len, 1 << 20))
		abort();
	return b;
}

/* A PEM certificate file as DER in tmpdir/@name; returns its length. */
static size_t pem_to_der(const char *pem, const char *name)
{
	FILE *f = fopen(pem, "r");
	X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	unsigned char *der = NULL;
	int len = x ? i2d_X509(x, &der) : -1;

	if (len <= 0)
		abort();
	wfile(name, der, len);
	OPENSSL_free(der);
	X509_free(x);
	fclose(f);
	return len;
}

/* Copy @src to tmpdir/@name with bit @bit of byte @off flipped. */
static void flip_copy(const uint8_t *src, size_t len, const char *name,
		      size_t off, int bit)
{
	uint8_t *b = malloc(len);

	memcpy(b, src, len);
	b[off] ^= 1 << bit;
	wfile(name, b, len);
	free(b);
}

static void test_real_reports(void)
{
	uint8_t *rep, *vcek, *ask, *ark, bin[0x4a0];
	size_t rlen, vlen, klen, alen;

	ok(run("report verify " TD "milan_report.hex --vcek " TD "milan_vcek.der "
	       MILAN_CA) == 0 && out_has("ok   signature") &&
	   out_has("ok   hwid") && out_has("ok   tcb") &&
	   out_has("report verified"),
	   "real Milan report (virtee/sev) verifies: chain, signature, hwID, TCB");
	ok(run("report verify " TD "gsg_report.bin --vcek " TD "gsg_vcek.der " MILAN_CA
	       " --policy 0xb0000 --report-data 0102030405%0118d --measurement %s%s",
	       0, gsg_meas_hi, gsg_meas_lo) == 0 &&
	   out_has("ok   measurement") && out_has("ok   policy"),
	   "real Milan report (go-sev-guest) verifies, with its expectations");
	ok(run("report show " TD "gsg_report.bin") == 0 &&
	   out_has("current version        1.49 build 3") &&
	   out_has("0x4405000000000002 (bootloader 2, tee 0, snp 5, microcode 68)"),
	   "report show decodes version and TCB of a real report");

	/* One-bit changes: report, signature, VCEK, ASK, ARK. */
	rep = slurp(TD "gsg_report.bin", &rlen);
	vcek = slurp(TD "gsg_vcek.der", &vlen);
	flip_copy(rep, rlen, "r1.bin", SC_SNP_R_MEASUREMENT + 5, 3);
	ok(run("report verify r1.bin --vcek " TD "gsg_vcek.der " MILAN_CA) ==
	   SC_EVERIFY && out_has("FAIL signature") && out_has("FAILED: signature"),
	   "one bit of the measurement changed: signature check fails, named");
	flip_copy(rep, rlen, "r2.bin", SC_SNP_R_SIGNATURE + 17, 0);
	ok(run("report verify r2.bin --vcek " TD "gsg_vcek.der " MILAN_CA) ==
	   SC_EVERIFY && out_has("FAIL signature"),
	   "one bit of R changed: signature check fails");
	flip_copy(rep, rlen, "r3.bin", SC_SNP_R_SIGNATURE + 72 + 40, 7);
	ok(run("report verify r3.bin --vcek " TD "gsg_vcek.der " MILAN_CA) ==
	   SC_EVERIFY && out_has("FAIL signature"),
	   "one bit of S changed: signature check fails");
	flip_copy(rep, rlen, "r4.bin", SC_SNP_R_SIGNATURE + 60, 0);
	ok(run("report verify r4.bin --vcek " TD "gsg_vcek.der " MILAN_CA) ==
	   SC_EVERIFY && out_has("above bit 383"),
	   "a bit above R's 48 bytes is refused");
	flip_copy(rep, rlen, "r5.bin", SC_SNP_R_CHIP_ID + 3, 1);
	ok(run("report verify r5.bin --vcek " TD "gsg_vcek.der " MILAN_CA) ==
	   SC_EVERIFY && out_has("FAIL signature") && out_has("FAIL hwid"),
	   "one bit of CHIP_ID changed: signature and hwID fail");
	flip_copy(vcek, vlen, "v1.der", vlen - 3, 2);
	ok(run("report verify " TD "gsg_report.bin --vcek v1.der " MILAN_CA) ==
	   SC_EVERIFY && out_has("FAIL vcek") && out_has("ok   ark"),
	   "one bit of the VCEK certificate's signature changed: vcek fails");
	flip_copy(vcek, vlen, "v2.der", 0x2c0, 0);
	ok(run("report verify " TD "gsg_report.bin --vcek v2.der " MILAN_CA) ==
	   SC_EVERIFY && out_has("FAIL vcek"),
	   "one bit inside the VCEK's signed part changed: vcek fails");
	klen = pem_to_der(TD "milan_ask.pem", "ask.der");
	ask = slurp(tpath("ask.der"), &klen);
	flip_copy(ask, klen, "ask1.der", klen - 10, 4);
	ok(run("report verify " TD "gsg_report.bin --vcek " TD "gsg_vcek.der --ask ask1.der --ark "
	       TD "milan_ark.pem") == SC_EVERIFY && out_has("FAIL ask"),
	   "one bit of the ASK certificate changed: ask fails");
	alen = pem_to_der(TD "milan_ark.pem", "ark.der");
	ark = slurp(tpath("ark.der"), &alen);
	flip_copy(ark, alen, "ark1.der", alen - 10, 4);
	ok(run("report verify " TD "gsg_report.bin --vcek " TD
	       "gsg_vcek.der --ask ask.der --ark ark1.der") == SC_EVERIFY &&
	   out_has("FAIL ark") && out_has("ok   vcek"),
	   "one bit of the ARK certificate changed: ark fails");
	ok(run("report verify " TD "gsg_report.bin --vcek " TD
	       "gsg_vcek.der --ask ask.der --ark ark.der") == 0,
	   "the same chain as DER files verifies");

	ok(run("report verify " TD "milan_report.hex --vcek " TD "gsg_vcek.der "
	       MILAN_CA) == SC_EVERIFY && out_has("FAIL signature") && out_has("FAIL hwid"),
	   "a real report with another chip's VCEK: signature and hwID fail");
	ok(run("report verify " TD "gsg_report.bin --vcek " TD "gsg_vcek.der") ==
	   SC_EVERIFY && out_has("FAIL vcek") && out_has("emulator"),
	   "a real VCEK is refused under the default (emulator) trust anchor");
	ok(run("report verify " TD "gsg_report.bin --vcek " TD "gsg_vcek.der "
	       MILAN_CA " --policy 0x30000 --host-data 11%062d", 0) == SC_EVERIFY &&
	   out_has("FAIL policy") && out_has("FAIL host-data") &&
	   out_has("FAILED: policy, host-data"),
	   "wrong policy and host data: both named");
	memcpy(bin, rep, sizeof(bin));
	sc_put_le32(bin, 4);
	wfile("v4.bin", bin, sizeof(bin));
	ok(run("report verify v4.bin --vcek " TD "gsg_vcek.der " MILAN_CA) == SC_EINPUT &&
	   out_has("version 4"), "report version 4 is refused");
	free(rep);
	free(vcek);
	free(ask);
	free(ark);
}

/* ---- the independent emulator reference -------------------------------- */

static const char l_ark[] = "sev-launch emulator SNP ARK test key - not secure";
static const char l_ask[] = "sev-launch emulator SNP ASK test key - not secure";
static const char l_vcek[] = "sev-launch emulator VCEK test key - not secure";

static EVP_PKEY *raw_key(const uint8_t *in, size_t len)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_secp384r1);
	EC_POINT *q = EC_POINT_new(g);
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	uint8_t h[48], pub[97];
	unsigned int hl = 48;
	EVP_PKEY *k = NULL;
	OSSL_PARAM *p;
	BIGNUM *d;

	EVP_Digest(in, len, h, &hl, EVP_sha384(), NULL);
	d = BN_bin2bn(h, 48, NULL);
	if (BN_cmp(d, EC_GROUP_get0_order(g)) >= 0)
		abort();	/* never for these labels; the test would say */
	EC_POINT_mul(g, q, d, NULL, NULL, NULL);
	EC_POINT_point2oct(g, q, POINT_CONVERSION_UNCOMPRESSED, pub, 97, NULL);
	OSSL_PARAM_BLD_push_utf8_string(b, "group", "P-384", 0);
	OSSL_PARAM_BLD_push_octet_string(b, "pub", pub, 97);
	OSSL_PARAM_BLD_push_BN(b, "priv", d);
	p = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY_fromdata_init(c);
	EVP_PKEY_fromdata(c, &k, EVP_PKEY_KEYPAIR, p);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(c);
	BN_free(d);
	EC_POINT_free(q);
	EC_GROUP_free(g);
	return k;
}

static void add_ext(X509 *x, const char *oid, const uint8_t *v, int len)
{
	ASN1_OBJECT *o = OBJ_txt2obj(oid, 1);
	ASN1_OCTET_STRING *s = ASN1_OCTET_STRING_new();
	X509_EXTENSION *e;

	ASN1_OCTET_STRING_set(s, v, len);
	e = X509_EXTENSION_create_by_OBJ(NULL, o, 0, s);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	ASN1_OCTET_STRING_free(s);
	ASN1_OBJECT_free(o);
}

struct vcek_spl {
	int bl, tee, snp, ucode;
	const uint8_t *hwid;
};

/*
 * A certificate for @key named @cn, signed by @signer named @icn.  It
 * starts from a real VCEK certificate for its validity dates (2023-2030);
 * names, key, extensions and signature are replaced.
 */
static void make_cert(const char *file, EVP_PKEY *key, const char *cn,
		      EVP_PKEY *signer, const char *icn,
		      const struct vcek_spl *spl)
{
	size_t tlen;
	uint8_t *tmpl = slurp(TD "milan_vcek.der", &tlen);
	const unsigned char *tp = tmpl;
	X509 *x = d2i_X509(NULL, &tp, (long)tlen);
	X509_NAME *n = X509_NAME_new(), *in = X509_NAME_new();
	unsigned char *der = NULL;
	uint8_t v[3] = { 0x02, 0x01, 0 };
	int len;

	free(tmpl);
	if (!x)
		abort();
	while (X509_get_ext_count(x) > 0)
		X509_EXTENSION_free(X509_delete_ext(x, 0));
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
				   (const unsigned char *)cn, -1, -1, 0);
	X509_NAME_add_entry_by_txt(in, "CN", MBSTRING_ASC,
				   (const unsigned char *)icn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, in);
	X509_set_pubkey(x, key);
	if (spl) {
		v[2] = spl->bl;
		add_ext(x, "1.3.6.1.4.1.3704.1.3.1", v, 3);
		v[2] = spl->tee;
		add_ext(x, "1.3.6.1.4.1.3704.1.3.2", v, 3);
		v[2] = spl->snp;
		add_ext(x, "1.3.6.1.4.1.3704.1.3.3", v, 3);
		v[2] = spl->ucode;
		add_ext(x, "1.3.6.1.4.1.3704.1.3.8", v, 3);
		add_ext(x, "1.3.6.1.4.1.3704.1.4", spl->hwid, 64);
	}
	if (!X509_sign(x, signer, EVP_sha384()))
		abort();
	len = i2d_X509(x, &der);
	wfile(file, der, len);
	OPENSSL_free(der);
	X509_NAME_free(n);
	X509_NAME_free(in);
	X509_free(x);
}

/* Sign the report's first 0x2a0 bytes; R and S little-endian, 72 bytes. */
static void sign_report(uint8_t *r, EVP_PKEY *k)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	uint8_t der[128], be[48];
	const unsigned char *p = der;
	const BIGNUM *br, *bs;
	size_t len = sizeof(der);
	ECDSA_SIG *s;

	EVP_DigestSignInit(m, NULL, EVP_sha384(), NULL, k);
	EVP_DigestSign(m, der, &len, r, 0x2a0);
	s = d2i_ECDSA_SIG(NULL, &p, (long)len);
	ECDSA_SIG_get0(s, &br, &bs);
	memset(r + 0x2a0, 0, 0x200);
	BN_bn2binpad(br, be, 48);
	rev(r + 0x2a0, be, 48);
	BN_bn2binpad(bs, be, 48);
	rev(r + 0x2a0 + 72, be, 48);
	ECDSA_SIG_free(s);
	EVP_MD_CTX_free(m);
}

static void test_emulator_reference(void)
{
	uint8_t chip[64], buf[128 + 72], r[0x4a0];
	char rd[129], hd[65];
	uint64_t tcb = 0x1507000000000304ULL;	/* ucode 0x15, snp 7, tee 3, bl 4 */
	struct vcek_spl spl = { 4, 3, 7, 0x15, chip };
	EVP_PKEY *ark, *ask, *vcek, *other;
	size_t i;

	for (i = 0; i < 64; i++)
		chip[i] = (uint8_t)(0xa0 + i);
	memset(hd, 'a', 64);
	for (i = 0; i < 64; i += 2)
		hd[i] = '5';
	hd[64] = 0;
	ark = raw_key((const uint8_t *)l_ark, strlen(l_ark));
	ask = raw_key((const uint8_t *)l_ask, strlen(l_ask));
	memcpy(buf, l_vcek, strlen(l_vcek));
	memcpy(buf + strlen(l_vcek), chip, 64);
	for (i = 0; i < 8; i++)
		buf[strlen(l_vcek) + 64 + i] = (uint8_t)(tcb >> (8 * i));
	vcek = raw_key(buf, strlen(l_vcek) + 72);
	other = EVP_EC_gen("P-384");
	make_cert("e_ark.der", ark, "SEV-emu-ARK", ark, "SEV-emu-ARK", NULL);
	make_cert("e_ask.der", ask, "SEV-emu-ASK", ark, "SEV-emu-ARK", NULL);
	make_cert("e_vcek.der", vcek, "SEV-VCEK", ask, "SEV-emu-ASK", &spl);
	make_cert("e_vcek_bad.der", vcek, "SEV-VCEK", other, "SEV-emu-ASK", &spl);
	spl.snp = 8;
	make_cert("e_vcek_tcb.der", vcek, "SEV-VCEK", ask, "SEV-emu-ASK", &spl);

	memset(r, 0, sizeof(r));
	sc_put_le32(r, 3);
	sc_put_le64(r + 0x08, 0x30000);
	sc_put_le32(r + 0x34, 1);
	sc_put_le64(r + 0x38, tcb);
	for (i = 0; i < 64; i++)
		r[0x50 + i] = (uint8_t)i;
	hex(r + 0x90, vec_hi, 24);
	hex(r + 0xa8, vec_lo, 24);
	memset(r + 0xc0, 0x5a, 32);
	sc_put_le64(r + 0x180, tcb);
	r[0x188] = 0x19;
	r[0x189] = 0x11;
	r[0x18a] = 1;
	memcpy(r + 0x1a0, chip, 64);
	sign_report(r, vcek);
	wfile("e_rep.bin", r, sizeof(r));

	ok(run("report verify e_rep.bin --vcek e_vcek.der") == 0 &&
	   out_has("emulator's SNP ARK") && out_has("ok   vcek") &&
	   out_has("ok   signature") && out_has("ok   hwid") && out_has("ok   tcb"),
	   "reference report, VCEK only: chain ends at the emulator ASK/ARK keys from their labels");
	{
		uint8_t rsp[0x4c0] = { 0 };

		sc_put_le32(rsp + 4, 0x4a0);
		memcpy(rsp + 0x20, r, sizeof(r));
		wfile("e_rsp.bin", rsp, sizeof(rsp));
		ok(run("report verify e_rsp.bin --vcek e_vcek.der") == 0,
		   "a MSG_REPORT_RSP (status 0, size 0x4a0) is read as its report");
		sc_put_le32(rsp, 0x16);
		wfile("e_rsp2.bin", rsp, sizeof(rsp));
		ok(run("report verify e_rsp2.bin --vcek e_vcek.der") == SC_EINPUT,
		   "a MSG_REPORT_RSP with a failure status is not a report");
	}
	ok(run("report verify e_rep.bin") == SC_EUSAGE &&
	   run("report verify e_rep.bin --vcek e_vcek.der --ark e_ark.der") == SC_EUSAGE &&
	   run("report verify e_rep.bin --vcek e_vcek.der --measurement 00 --ovmf x") ==
	   SC_EUSAGE, "usage: --vcek required, --ark needs --ask, one measurement source");
	ok(run("report verify e_rep.bin --vcek e_vcek.der --ask e_ask.der") == 0 &&
	   out_has("ok   ask"), "reference ASK certificate verifies under the label-derived ARK key");
	ok(run("report verify e_rep.bin --vcek e_vcek.der --ask e_ask.der --ark e_ark.der") == 0 &&
	   out_has("ok   ark"), "reference ARK certificate is self-signed");
	for (i = 0; i < 64; i++)
		sprintf(rd + 2 * i, "%02zx", i);
	ok(run("report verify e_rep.bin --vcek e_vcek.der %s --policy 0x30000 --host-data %s --report-data %s",
	       VEC_ARGS, hd, rd) == 0 &&
	   out_has("ok   measurement") && out_has("ok   report-data"),
	   "measurement predicted from OVMF inputs (published vector) and every expectation match");
	ok(run("report verify e_rep.bin --vcek e_vcek.der %s --order canonical", VEC_ARGS) ==
	   SC_EVERIFY && out_has("FAIL measurement") && out_has("--order call"),
	   "canonical-order prediction of a call-order launch fails and says which order matches");
	ok(run("report verify e_rep.bin --vcek e_vcek.der --id-key-digest 1%095d", 0) ==
	   SC_EVERIFY && out_has("FAIL id-key-digest"), "wrong ID key digest is named");
	ok(run("report verify e_rep.bin --vcek e_vcek_bad.der") == SC_EVERIFY &&
	   out_has("FAIL vcek"), "VCEK certificate signed by another key is refused");
	ok(run("report verify e_rep.bin --vcek e_vcek_tcb.der") == SC_EVERIFY &&
	   out_has("FAIL tcb") && out_has("snpSPL 8, reported snp 7"),
	   "VCEK for another TCB: tcb check names the SPL");
	ok(run("report verify e_rep.bin --vcek e_ask.der") == SC_EVERIFY &&
	   out_has("FAIL vcek") && out_has("FAIL signature"),
	   "the ASK certificate given as VCEK is refused");
	flip_copy(r, sizeof(r), "e_rep1.bin", 0x1f0, 0);
	ok(run("report verify e_rep1.bin --vcek e_vcek.der") == SC_EVERIFY &&
	   out_has("FAIL signature"), "one-bit change of LAUNCH_TCB: signature fails");
	r[0x48] |= 2;
	wfile("e_rep2.bin", r, sizeof(r));
	ok(run("report verify e_rep2.bin --vcek e_vcek.der") == SC_EVERIFY &&
	   out_has("MASK_CHIP_KEY"), "MASK_CHIP_KEY report is not accepted as signed");
	r[0x48] &= ~2;
	sc_put_le32(r, 5);
	sign_report(r, vcek);
	wfile("e_rep5.bin", r, sizeof(r));
	ok(run("report verify e_rep5.bin --vcek e_vcek.der") == 0,
	   "version 5 report verifies");
	ok(run("report show e_rep5.bin") == 0 && out_has("launch_mit_vector") &&
	   out_has("cpuid                  family 0x19 model 0x11 stepping 0x1") &&
	   out_has("policy                 0x30000 (abi 0.0, smt)"),
	   "report show prints version 5 and 3 fields");
	/* Turin layout: family 0x1a, TCB fmc|bl|tee|snp|...|ucode. */
	r[0x188] = 0x1a;
	sc_put_le64(r + 0x180, 0x1500000007030400ULL);
	sign_report(r, vcek);
	wfile("e_rep6.bin", r, sizeof(r));
	ok(run("report verify e_rep6.bin --vcek e_vcek.der") == SC_EVERIFY &&
	   out_has("ok   hwid") && out_has("fmcSPL -1, reported fmc 0"),
	   "Turin report: TCB read in the Turin layout; a VCEK without fmcSPL is named");
	EVP_PKEY_free(ark);
	EVP_PKEY_free(ask);
	EVP_PKEY_free(vcek);
	EVP_PKEY_free(other);
}

/*
 * The emulator SNP keys sevctl trusts by default, against the public keys
 * the software firmware's KUnit suite checks (tests/kunit/
 * swfw_snp_report_test.c, computed there with Python "cryptography").
 */
static void test_emu_keys(void)
{
	static const char * const want[][2] = {
		{ "7378d773c6d6095aab726987c5167fcf589409a8b77740c5",
		  "b65b58931304a94eb15c1978aba801a2dc084113e4335361" },
		{ "ffafb962dbc190efd0d40650a8ac5f9aac74ced68e4bb95d",
		  "b6d743a406d746e8ff41e96f27068d9af3e41ec6717a4f53" },
		{ "d8d5ac1c04ad64b47f6944e9dabb64e9bca2baa92fde6bdc",
		  "15149d0866f06111fc53728900480aa9e426d88692346d6c" },
		{ "d308324a64afa7399eb9844ad450dff5e35a93e669268f20",
		  "20d87476d0ea63411b12e2c86fd56f3eb3de3ac235f6dced" },
	};
	uint8_t x[48], y[48], bx[48], by[48], chip[64];
	struct sc_key *k = NULL;
	char w[4][97];
	bool good;
	size_t i;

	for (i = 0; i < 4; i++)
		snprintf(w[i], sizeof(w[i]), "%s%s", want[i][0], want[i][1]);
	for (i = 0; i < 64; i++)
		chip[i] = (uint8_t)i;
	good = !sc_snp_emu_key(SC_SNP_EMU_ARK, NULL, 0, &k) &&
	       !sc_key_pub_le(k, x, y);
	rev(bx, x, 48);
	rev(by, y, 48);
	ok(good && eqhex(bx, w[0], 48) && eqhex(by, w[1], 48),
	   "emulator SNP ARK public key = the firmware suite's answer");
	sc_key_free(k);
	k = NULL;
	good = !sc_snp_emu_key(SC_SNP_EMU_ASK, NULL, 0, &k) &&
	       !sc_key_pub_le(k, x, y);
	rev(bx, x, 48);
	ok(good && eqhex(bx, w[2], 48),
	   "emulator SNP ASK public key = the firmware suite's answer");
	sc_key_free(k);
	k = NULL;
	good = !sc_snp_emu_key(SC_SNP_EMU_VCEK, chip, 0x1800000000000a03ULL,
			       &k) && !sc_key_pub_le(k, x, y);
	rev(bx, x, 48);
	ok(good && eqhex(bx, w[3], 48),
	   "emulator VCEK (chip 00..3f, TCB 0x1800000000000a03) = the firmware suite's answer");
	sc_key_free(k);
}

void test_snp_report(void)
{
	test_emu_keys();
	test_real_reports();
	test_emulator_reference();
}
