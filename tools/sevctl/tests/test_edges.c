// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl tests: the owner tool's rough edges of issue 11 (number ranges,
 * VMSA options without SEV-ES, the firmware fields a measurement needs,
 * inline measurement/MNONCE values, the pre-0.17 MEASURE, --version).
 *
 * Expected MEASUREs are computed here with raw OpenSSL calls from the
 * formula of the SEV API and AMD's sev-tool; the published vectors are in
 * test_published.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "sevctl_test.h"

#define EDGE_OVMF "edge_ovmf.fd"
#define EDGE_MN "00112233445566778899aabbccddeeff"
#define EDGE_MEASURE "measure --ovmf " EDGE_OVMF

static void hexs(char *out, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

/* Out-of-range numbers are refused (exit 2, naming the option). */
static void edge_ranges(void)
{
#define RANGE "out of range"
#define API "MAJOR.MINOR"
	static const struct {
		const char *args, *opt, *msg;
	} bad[] = {
		{ EDGE_MEASURE " --policy 0x100000001", "--policy", RANGE },
		{ EDGE_MEASURE " --policy 0x1 --build 300", "--build", RANGE },
		{ EDGE_MEASURE " --policy 0x1 --build 256", "--build", RANGE },
		{ EDGE_MEASURE " --policy 0x1 --api 1.300", "--api", API },
		{ EDGE_MEASURE " --policy 0x1 --api 256.1", "--api", API },
		{ EDGE_MEASURE " --policy 0x1 --api 1.55x", "--api", API },
		{ EDGE_MEASURE " --policy 0x1 --api -1.2", "--api", API },
		{ EDGE_MEASURE " --policy 0x5 --fpu init2 --vcpu-sig 0x1234567890",
		  "--vcpu-sig", RANGE },
		{ EDGE_MEASURE " --policy 0x5 --fpu init2 --vcpu-family 300",
		  "--vcpu-family", RANGE },
		{ EDGE_MEASURE " --policy 0x5 --fpu init2 --vcpu-model 256",
		  "--vcpu-model", RANGE },
		{ EDGE_MEASURE " --policy 0x5 --fpu init2 --vcpu-stepping 16",
		  "--vcpu-stepping", RANGE },
		{ "vmsa build --fpu init2 --vcpu-sig 0x100000000 -o v.bin",
		  "--vcpu-sig", RANGE },
		{ "session --pdh pdh.cert --policy 0x100000001 --name r",
		  "--policy", RANGE },
		{ "measure --launch edge_api.txt", "edge_api.txt:1", API },
		{ "secret --tek edge_tik.bin --tik edge_tik.bin --measurement edge_meas.bin --raw edge_launch.txt --out-header h --out-data d --api 0.1x",
		  "--api", API },
	};
	unsigned int i;
	int ret;

	wtext("edge_api.txt", "api 1.55junk\ndata 0x1000 hex:000102030405060708090a0b0c0d0e0f\n");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ret = run("%s", bad[i].args);
		ok(ret == SC_EINPUT && out_has(bad[i].opt) && out_has(bad[i].msg),
		   "refused, naming %s: sevctl %s (exit %d)", bad[i].opt,
		   bad[i].args, ret);
	}
	ret = run(EDGE_MEASURE " --policy 0xffffffff --build 255 --api 255.255 --fpu init2 --vcpu-family 0x10e --vcpu-model 255 --vcpu-stepping 15");
	ok(ret == 0, "the largest values are accepted (exit %d)", ret);
	ret = run(EDGE_MEASURE " --policy 0x5 --fpu init2 --vcpu-sig 0xffffffff");
	ok(ret == 0, "--vcpu-sig 0xffffffff is accepted (exit %d)", ret);
}

/* VMSA options are refused where no VMSA is measured. */
static void edge_vmsa_opts(void)
{
	static const char * const opts[] = {
		"--vcpus 4", "--fpu init2", "--vcpu-type EPYC-Milan",
		"--vcpu-sig 0xa00f11", "--vcpu-family 25", "--vmm ec2",
		"--sev-features 0x20",
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		ret = run(EDGE_MEASURE " --policy 0x1 %s", opts[i]);
		ok(ret == SC_EUSAGE && out_has("ES bit"),
		   "SEV policy 0x1: %s refused (exit %d)", opts[i], ret);
	}
	ret = run(EDGE_MEASURE " --vcpus 2");
	ok(ret == SC_EUSAGE && out_has("--vcpus") && out_has("ES bit"),
	   "no --policy (0, no ES bit): --vcpus refused (exit %d)", ret);
	ret = run("verify-measurement --tik edge_tik.bin --measurement edge_meas.bin --ovmf "
		  EDGE_OVMF " --policy 0x1 --api 1.55 --build 21 --fpu es-init");
	ok(ret == SC_EUSAGE && out_has("--fpu"),
	   "verify-measurement: --fpu with SEV policy refused (exit %d)", ret);
	ret = run("measure --launch edge_launch.txt --vcpus 2");
	ok(ret == SC_EUSAGE && out_has("vmsa lines"),
	   "--launch: VMSA options refused (exit %d)", ret);
	ret = run(EDGE_MEASURE " --policy 0x5 --vcpus 2 --fpu init2");
	ok(ret == 0, "SEV-ES policy 0x5: --vcpus 2 --fpu init2 accepted (exit %d)",
	   ret);
}

/* MEASURE needs the firmware's API version and build and the policy. */
static void edge_fw_fields(void)
{
	int ret;

	ret = run(EDGE_MEASURE " --policy 0x1 --tik edge_tik.bin --mnonce " EDGE_MN);
	ok(ret == SC_EUSAGE && out_has("--api --build") &&
	   out_lacks("measurement: "),
	   "measure --tik without --api/--build refused, naming both (exit %d)", ret);
	ret = run(EDGE_MEASURE " --api 1.55 --build 21 --tik edge_tik.bin --mnonce " EDGE_MN);
	ok(ret == SC_EUSAGE && out_has("missing: --policy"),
	   "measure --tik without --policy refused (exit %d)", ret);
	ret = run("measure --launch edge_launch.txt --tik edge_tik.bin --mnonce " EDGE_MN);
	ok(ret == SC_EUSAGE && out_has("--api --build --policy"),
	   "description without api/build/policy lines: refused with --tik (exit %d)",
	   ret);
	ret = run("measure --launch edge_launch.txt --api 1.55 --build 21 --policy 0 --tik edge_tik.bin --mnonce "
		  EDGE_MN);
	ok(ret == 0 && out_has("measurement: "),
	   "... and accepted with the options, policy 0 included (exit %d)", ret);
	ret = run("verify-measurement --tik edge_tik.bin --measurement edge_meas.bin --ovmf "
		  EDGE_OVMF " --policy 0x1 --build 21");
	ok(ret == SC_EUSAGE && out_has("missing: --api"),
	   "verify-measurement without --api refused (exit %d)", ret);
	ret = run(EDGE_MEASURE);
	ok(ret == 0 && out_has("launch digest"),
	   "launch digests alone need no firmware fields (exit %d)", ret);
}

/*
 * API < 0.17: MEASURE = HMAC(TIK, le32(POLICY) || LD || MNONCE), without
 * 0x04 || API || BUILD (AMD sev-tool calculate_measurement()).
 */
static void raw_measure(const uint8_t *tik, bool hdr, uint8_t ma, uint8_t mi,
			uint8_t build, uint32_t policy, const uint8_t *ld,
			const uint8_t *mn, uint8_t out[32])
{
	uint8_t msg[8 + 32 + 16];
	unsigned int n = 0, ml;

	if (hdr) {
		msg[n++] = 0x04;
		msg[n++] = ma;
		msg[n++] = mi;
		msg[n++] = build;
	}
	msg[n++] = policy;
	msg[n++] = policy >> 8;
	msg[n++] = policy >> 16;
	msg[n++] = policy >> 24;
	memcpy(msg + n, ld, 32);
	memcpy(msg + n + 32, mn, 16);
	HMAC(EVP_sha256(), tik, 16, msg, n + 48, out, &ml);
}

static void edge_pre017(const uint8_t *img, size_t ilen, const uint8_t *tik)
{
	uint8_t ld[32], mn[16], m16[32], m17[32], blob[48], lib[32];
	char want[65], line[128];
	unsigned int dl;
	int ret;

	EVP_Digest(img, ilen, ld, &dl, EVP_sha256(), NULL);
	hex(mn, EDGE_MN, 16);
	raw_measure(tik, false, 0, 16, 21, 1, ld, mn, m16);
	raw_measure(tik, true, 0, 17, 21, 1, ld, mn, m17);
	hexs(want, m16, 32);
	snprintf(line, sizeof(line), "measurement: %s", want);
	ret = run(EDGE_MEASURE " --policy 0x1 --api 0.16 --build 21 --tik edge_tik.bin --mnonce "
		  EDGE_MN);
	ok(ret == 0 && out_has(line),
	   "API 0.16: MEASURE = HMAC(TIK, le32(POLICY) || LD || MNONCE) (exit %d)",
	   ret);
	hexs(want, m17, 32);
	snprintf(line, sizeof(line), "measurement: %s", want);
	ret = run(EDGE_MEASURE " --policy 0x1 --api 0.17 --build 21 --tik edge_tik.bin --mnonce "
		  EDGE_MN);
	ok(ret == 0 && out_has(line),
	   "API 0.17: MEASURE starts with 0x04 || 0 || 17 || BUILD (exit %d)", ret);
	ok(!sc_measure(tik, 0, 16, 21, 1, ld, mn, lib) && !memcmp(lib, m16, 32) &&
	   !sc_measure(tik, 0, 17, 21, 1, ld, mn, lib) && !memcmp(lib, m17, 32),
	   "sc_measure() follows the API version rule");
	memcpy(blob, m16, 32);
	memcpy(blob + 32, mn, 16);
	wfile("edge_meas16.bin", blob, 48);
	ret = run("verify-measurement --tik edge_tik.bin --measurement edge_meas16.bin --ovmf "
		  EDGE_OVMF " --policy 0x1 --api 0.16 --build 21");
	ok(ret == 0 && out_has("measurement OK"),
	   "verify-measurement accepts a pre-0.17 firmware's MEASURE (exit %d)", ret);
	ret = run("verify-measurement --tik edge_tik.bin --measurement edge_meas16.bin --ovmf "
		  EDGE_OVMF " --policy 0x1 --api 0.17 --build 21");
	ok(ret == SC_EVERIFY, "... and refuses it for API 0.17 (exit %d)", ret);
}

/* --measurement and --mnonce: inline hex, inline base64, files. */
static void edge_inline(const uint8_t *img, size_t ilen, const uint8_t *tik)
{
	uint8_t ld[32], mn[16], blob[48], hdr[SC_SECRET_HDR_SIZE];
	uint8_t data[64], plain[64], *b;
	char b64[80], hx[100], mnb64[40], txt[200];
	unsigned int dl;
	size_t len;
	int ret;

	EVP_Digest(img, ilen, ld, &dl, EVP_sha256(), NULL);
	hex(mn, EDGE_MN, 16);
	raw_measure(tik, true, 1, 55, 21, 1, ld, mn, blob);
	memcpy(blob + 32, mn, 16);
	EVP_EncodeBlock((unsigned char *)b64, blob, 48);
	EVP_EncodeBlock((unsigned char *)mnb64, mn, 16);
	hexs(hx, blob, 48);
	wfile("edge_meas.bin", blob, 48);
#define EDGE_VERIFY "verify-measurement --tik edge_tik.bin --ovmf " EDGE_OVMF \
	" --policy 0x1 --api 1.55 --build 21 --measurement "
	ret = run(EDGE_VERIFY "'%s'", b64);
	ok(ret == 0 && out_has("measurement OK"),
	   "--measurement: inline base64, as QEMU prints it (exit %d)", ret);
	ret = run(EDGE_VERIFY "%s", hx);
	ok(ret == 0, "--measurement: 96 inline hex digits (exit %d)", ret);
	ret = run(EDGE_VERIFY "0x%s", hx);
	ok(ret == 0, "--measurement: 0x and 96 hex digits (exit %d)", ret);
	snprintf(txt, sizeof(txt), "%.48s\n%s\n", hx, hx + 48);
	wtext("edge_meas_hex.txt", txt);
	snprintf(txt, sizeof(txt), "%s\n", b64);
	wtext("edge_meas_b64.txt", txt);
	ret = run(EDGE_VERIFY "edge_meas_hex.txt") ||
	      run(EDGE_VERIFY "edge_meas_b64.txt") ||
	      run(EDGE_VERIFY "edge_meas.bin");
	ok(ret == 0, "--measurement: a file of hex text, of base64 text, of raw bytes (exit %d)",
	   ret);
	ret = run(EDGE_VERIFY "%.64s", hx);
	ok(ret == SC_EINPUT && out_has("hex text of 64"),
	   "--measurement: 64 hex digits (MEASURE alone) refused (exit %d)", ret);
	ret = run(EDGE_VERIFY "'%.60s'", b64);
	ok(ret == SC_EINPUT && out_has("base64 text"),
	   "--measurement: truncated base64 refused (exit %d)", ret);
	ret = run(EDGE_VERIFY "no_such_file");
	ok(ret == SC_EINPUT && out_has("no_such_file") && out_has("no file"),
	   "--measurement: neither a file nor text (exit %d)", ret);
	wtext("0123456789abcdef0123456789abcdef", "a file named like an MNONCE");
	ret = run(EDGE_MEASURE " --policy 0x1 --api 1.55 --build 21 --tik edge_tik.bin --mnonce 0123456789abcdef0123456789abcdef");
	ok(ret == SC_EUSAGE && out_has("both a file and inline hex"),
	   "--mnonce: an argument that is a file and inline hex is refused (exit %d)",
	   ret);
	hexs(hx, blob, 32);
	snprintf(txt, sizeof(txt), "measurement: %s", hx);
	ret = run(EDGE_MEASURE " --policy 0x1 --api 1.55 --build 21 --tik edge_tik.bin --mnonce '%s'",
		  mnb64);
	ok(ret == 0 && out_has(txt), "--mnonce: inline base64 (exit %d)", ret);
	wfile("edge_mn.bin", mn, 16);
	ret = run(EDGE_MEASURE " --policy 0x1 --api 1.55 --build 21 --tik edge_tik.bin --mnonce edge_mn.bin");
	ok(ret == 0 && out_has(txt), "--mnonce: a file of 16 raw bytes (exit %d)", ret);
	/* secret: MEASURE alone as 64 hex digits, or the blob in base64. */
	memset(plain, 0x5a, sizeof(plain));
	wfile("edge_plain.bin", plain, 32);
	wfile("edge_tek.bin", tik, 16);
	ret = run("secret --tek edge_tek.bin --tik edge_tik.bin --measurement %s --raw edge_plain.bin --out-header eh.bin --out-data ed.bin",
		  hx) ||
	      run("secret --tek edge_tek.bin --tik edge_tik.bin --measurement '%s' --raw edge_plain.bin --out-header eh2.bin --out-data ed2.bin",
		  b64);
	ok(ret == 0, "secret --measurement: 64 hex digits, inline base64 (exit %d)", ret);
	ret = -1;
	if (!sc_read_file(tpath("eh2.bin"), &b, &len, 64)) {
		memcpy(hdr, b, len == sizeof(hdr) ? len : 0);
		free(b);
		if (!sc_read_file(tpath("ed2.bin"), &b, &len, 64)) {
			memcpy(data, b, len <= sizeof(data) ? len : 0);
			free(b);
			ret = sc_secret_open(tik, tik, blob, hdr, data, 32, plain);
		}
	}
	ok(ret == 0 && plain[0] == 0x5a && plain[31] == 0x5a,
	   "the base64 blob's packet opens with MEASURE as the firmware would");
}

static void edge_version(void)
{
	int ret = run("--version");

	ok(ret == 0 && out_has("sevctl (sev-launch) ") &&
	   out_has(OpenSSL_version(OPENSSL_VERSION)),
	   "--version: sevctl's build and the running libcrypto (exit %d)", ret);
}

void test_edges(void)
{
	uint8_t *img = make_ovmf(0x10000, true), tik[16], blob[48];

	memset(tik, 0x3c, sizeof(tik));
	wfile("edge_tik.bin", tik, 16);
	memset(blob, 0, sizeof(blob));
	wfile("edge_meas.bin", blob, 48);
	wfile(EDGE_OVMF, img, 0x10000);
	wtext("edge_launch.txt", "data 0x1000 hex:000102030405060708090a0b0c0d0e0f\n");
	edge_ranges();
	edge_vmsa_opts();
	edge_fw_fields();
	edge_pre017(img, 0x10000, tik);
	edge_inline(img, 0x10000, tik);
	edge_version();
	free(img);
}
