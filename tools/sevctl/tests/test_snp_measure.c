// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl tests: 'measure --snp' against sev-snp-measure's published
 * vectors, and the canonical order against an independent PAGE_INFO
 * chain written here with raw OpenSSL calls.
 *
 * Vectors: virtee/sev-snp-measure tests/test_guest.py (Apache-2.0),
 * commit 8f2b337; their OVMF fixtures (the last 4 KiB of edk2-stable202405
 * AmdSevX64 and OvmfPkgX64 builds) are copied to tests/data
 * (tests/data/README).  Each expected digest below is theirs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "sevctl_test.h"

#ifndef SC_TESTDATA
#define SC_TESTDATA "tests/data"
#endif

struct snp_vec {
	const char *name;	/* test in sev-snp-measure's test_guest.py */
	const char *args;
	const char *want_hi, *want_lo;	/* the digest in two halves */
};

#define AMD	"--ovmf " SC_TESTDATA "/ovmf_AmdSev_suffix.bin "
#define X64	"--ovmf " SC_TESTDATA "/ovmf_OvmfX64_suffix.bin "
#define KNULL	"--kernel /dev/null --initrd /dev/null "
#define CMDL	"--append 'console=ttyS0 loglevel=7' "

static const struct snp_vec vecs[] = {
	{ "test_snp_ovmf_hash_gen_default",
	  AMD KNULL "--append '' --vcpu-type EPYC-v4 --guest-features 0x21",
	  "329c8ce0972ae52343b64d34a434a86f245dfd74f5ed7aae",
	  "15d22efc78fb9683632b9b50e4e1d7fa41179ef98a7ef198" },
	{ "test_snp_ovmf_hash_gen_feature_snp_only",
	  AMD KNULL "--append '' --vcpu-type EPYC-v4 --guest-features 0x1",
	  "ddc5224521617a536ee7ce9dd6224d1b58a8d4fda1c741f3",
	  "ac99fc4bfa04ba6e9fc98646d4a07a9079397fa3852819b5" },
	{ "test_snp_default",
	  AMD KNULL CMDL "--vcpu-type EPYC-v4 --guest-features 0x21",
	  "803f691094946e42068aaa3a8f9e26a5c89f36f7b73ecfb2",
	  "8c653360fe4b3aba7e534442e7e1e17895dfe778d0228977" },
	{ "test_snp_guest_feature_snp_only",
	  AMD KNULL CMDL "--vcpu-type EPYC-v4 --guest-features 0x1",
	  "6d287813eb5222d770f75005c664e34c204f385ce832cc2c",
	  "e7d0d6f354454362f390ef83a92046c042e706363b4b08fa" },
	{ "test_snp_ec2_default",
	  AMD KNULL "--append '' --vcpu-type EPYC-v4 --guest-features 0x21 --vmm ec2",
	  "0ce9ccc06bab55eebe8abc234f3df6514883977a68a591b7",
	  "1052498ab52b2f1aa415db338033946ef93aa8278c0d67fb" },
	{ "test_snp_ec2_feature_snp_only",
	  AMD KNULL "--append '' --vcpu-type EPYC-v4 --guest-features 0x1 --vmm ec2",
	  "0883bd0eeb716e65b7b977a321c278d1e51b33b5c655fab9",
	  "85443bbcc65c086b9c15e8a0bd8811050dec7e24964e5056" },
	{ "test_snp_gce_default",
	  AMD KNULL "--append '' --guest-features 0x1 --vmm gce",
	  "5da7106cf14cf46b1725ebab123eb9e53bd46a1e9f400cd0",
	  "c08e7827b04b688ea8b4e403c8404efed4397ea5d5d0722e" },
	{ "test_snp_gce_with_multiple_vcpus_default",
	  AMD KNULL "--append '' --vcpus 4 --guest-features 0x1 --vmm gce",
	  "5c5debf100fc339f90276e761ee1f1658d08922c3b20e2a2",
	  "e6c7a6c3370b2452a15a00eae11886a93d6fd1e7ab81e29d" },
	{ "test_snp_without_kernel_default",
	  AMD "--vcpu-type EPYC-v4 --guest-features 0x21",
	  "e1e1ca029dd7973ab9513295be68198472dcd4fc834bd9af",
	  "9b63f6e8a1674dbf281a9278a4a2ebe0eed9f22adbcd0e2b" },
	{ "test_snp_without_kernel_feature_snp_only",
	  AMD "--vcpu-type EPYC-v4 --guest-features 0x1",
	  "19358ba9a7615534a9a1e2f0dfc29384dcd4dcb7062ff9c6",
	  "013b26869a5fc6ecabe033c48dd6f6db5d6d76e7c5df632d" },
	{ "test_snp_with_multiple_vcpus_default",
	  AMD KNULL "--append '' --vcpus 4 --vcpu-type EPYC-v4 --guest-features 0x21",
	  "4953b1fb416fa874980e8442b3706d345926d5f38879134e",
	  "00813c5d7abcbe78eafe7b422907be0b4698e2414a631942" },
	{ "test_snp_with_multiple_vcpus_feature_snp_only",
	  AMD KNULL "--append '' --vcpus 4 --vcpu-type EPYC-v4 --guest-features 0x1",
	  "5061fffb019493a903613d56d54b94912a1a2f9e4502385f",
	  "5c194616753720a92441310ba6c4933de877c36e23046ad5" },
	{ "test_snp_with_ovmfx64_without_default",
	  X64 "--vcpu-type EPYC-v4 --guest-features 0x21",
	  "28797ae0afaba4005a81e629acebfb59e6687949d6be4400",
	  "7cd5506823b0dd66f146aaae26ff291eed7b493d8a64c385" },
	{ "test_snp_with_ovmfx64_without_kernel_feature_snp_only",
	  X64 "--vcpu-type EPYC-v4 --guest-features 0x1",
	  "da0296de8193586a5512078dcd719eccecbd87e2b825ad41",
	  "48c44f665dc87df21e5b49e21523a9ad993afdb6a30b4005" },
};

static void test_snp_published(void)
{
	char want[97];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vecs); i++) {
		int rc = run("measure --snp %s", vecs[i].args);

		snprintf(want, sizeof(want), "%s%s", vecs[i].want_hi,
			 vecs[i].want_lo);
		ok(rc == 0 && out_has(want),
		   "measure --snp = sev-snp-measure %s", vecs[i].name);
	}
	/* test_snp_with_ovmfx64_and_kernel_should_fail */
	ok(run("measure --snp " X64 KNULL "--append ''") == SC_EINPUT &&
	   out_has("SNP_KERNEL_HASHES"),
	   "--kernel with an OVMF lacking SNP_KERNEL_HASHES is refused (as sev-snp-measure)");
	/* Canonical order of a real OVMF layout differs and is stable. */
	ok(run("measure --snp " AMD "--vcpus 4 --order canonical") == 0 &&
	   out_lacks("4953b1fb416fa874"),
	   "--order canonical runs on the AmdSev layout");
	ok(run("measure --snp " AMD "--order sideways") == SC_EINPUT,
	   "--order other than call|canonical is refused");
	ok(run("measure --snp --vcpus 2") == SC_EUSAGE && out_has("--ovmf"),
	   "measure --snp without --ovmf is a usage error");
}

/* ---- independent PAGE_INFO chain --------------------------------------- */

static void raw_sha384(const void *p, size_t len, uint8_t out[48])
{
	unsigned int n = 48;

	if (!EVP_Digest(p, len, out, &n, EVP_sha384(), NULL))
		abort();
}

static void raw_pi(uint8_t ld[48], uint8_t type, uint64_t gpa,
		   const uint8_t *page)
{
	uint8_t pi[0x70] = { 0 };
	int i;

	memcpy(pi, ld, 48);
	if (page)
		raw_sha384(page, 4096, pi + 48);
	pi[0x60] = 0x70;
	pi[0x62] = type;
	for (i = 0; i < 8; i++)
		pi[0x68 + i] = (uint8_t)(gpa >> (8 * i));
	raw_sha384(pi, sizeof(pi), ld);
}

static void put_guid_entry(uint8_t *img, size_t *end, const char *guid,
			   const uint8_t *d, size_t dl)
{
	*end -= dl + 18;
	memcpy(img + *end, d, dl);
	sc_put_le16(img + *end + dl, (uint16_t)(dl + 18));
	sc_guid_parse(guid, img + *end + dl + 2);
}

/*
 * Two-page image (GPA 0xffffe000): page 0 holds the SEV metadata (3
 * sections listed out of GPA order), page 1 the footer table.
 */
static uint8_t *snp_ovmf(void)
{
	static const uint32_t sec[][3] = {
		{ 0x9000, 0x1000, 3 }, { 0x4000, 0x2000, 1 },
		{ 0x1000, 0x1000, 2 },
	};
	uint8_t *img = calloc(1, 0x2000), d[8];
	size_t foot = 0x2000 - 32 - 18, end = foot, i;

	memcpy(img + 0x100, "ASEV", 4);
	sc_put_le32(img + 0x104, 16 + 12 * 3);
	sc_put_le32(img + 0x108, 1);
	sc_put_le32(img + 0x10c, 3);
	for (i = 0; i < 3; i++) {
		sc_put_le32(img + 0x110 + 12 * i, sec[i][0]);
		sc_put_le32(img + 0x114 + 12 * i, sec[i][1]);
		sc_put_le32(img + 0x118 + 12 * i, sec[i][2]);
	}
	for (i = 0x200; i < 0x1000; i++)
		img[i] = (uint8_t)(i * 13);
	sc_put_le32(d, 0xffffe804);
	put_guid_entry(img, &end, "00f771de-1a7e-4fcb-890e-68c77e2fb44e", d, 4);
	sc_put_le32(d, 0x2000 - 0x100);
	put_guid_entry(img, &end, "dc886566-984a-4798-a75e-5585a7bf67cc", d, 4);
	sc_put_le16(img + foot, (uint16_t)(foot - end + 18));
	sc_guid_parse("96b582de-1fb2-45f7-baea-a366c55a082d", img + foot + 2);
	return img;
}

static void test_snp_orders(void)
{
	uint8_t *img = snp_ovmf(), ld[48], v0[4096], v1[4096];
	struct sc_vmsa_desc vd;
	char want[97];

	sc_vmsa_desc_default(&vd);
	vd.sev_features = 1;
	sc_vmsa_build(&vd, v0);
	vd.reset_eip = 0xffffe804;
	vd.bsp = false;
	sc_vmsa_build(&vd, v1);
	wfile("snp.fd", img, 0x2000);

	/* Call order: image, sections as listed, BSP then AP. */
	memset(ld, 0, 48);
	raw_pi(ld, 1, 0xffffe000, img);
	raw_pi(ld, 1, 0xfffff000, img + 0x1000);
	raw_pi(ld, 6, 0x9000, NULL);
	raw_pi(ld, 3, 0x4000, NULL);
	raw_pi(ld, 3, 0x5000, NULL);
	raw_pi(ld, 5, 0x1000, NULL);
	raw_pi(ld, 2, 0xfffffffff000ULL, v0);
	raw_pi(ld, 2, 0xfffffffff000ULL, v1);
	sc_hex_str(want, ld, 48);
	ok(run("measure --snp --ovmf snp.fd --vcpus 2") == 0 && out_has(want),
	   "call order = independent PAGE_INFO chain (image, sections as listed, VMSAs)");
	ok(run("measure --snp --ovmf snp.fd --vcpus 2 --order call") == 0 &&
	   out_has(want), "--order call is the default");

	/* Canonical: every non-VMSA page by GPA, then VMSAs by vCPU id. */
	memset(ld, 0, 48);
	raw_pi(ld, 5, 0x1000, NULL);
	raw_pi(ld, 3, 0x4000, NULL);
	raw_pi(ld, 3, 0x5000, NULL);
	raw_pi(ld, 6, 0x9000, NULL);
	raw_pi(ld, 1, 0xffffe000, img);
	raw_pi(ld, 1, 0xfffff000, img + 0x1000);
	raw_pi(ld, 2, 0xfffffffff000ULL, v0);
	raw_pi(ld, 2, 0xfffffffff000ULL, v1);
	sc_hex_str(want, ld, 48);
	ok(run("measure --snp --ovmf snp.fd --vcpus 2 --order canonical") == 0 &&
	   out_has(want),
	   "canonical order = independent chain sorted by GPA, then VMSAs by vCPU");

	/* The same GPA twice cannot be ordered canonically. */
	sc_put_le32(img + 0x110, 0x4000);
	wfile("snp2.fd", img, 0x2000);
	ok(run("measure --snp --ovmf snp2.fd --order canonical") == SC_EINPUT &&
	   out_has("0x4000"), "canonical order refuses a GPA measured twice");
	ok(run("measure --snp --ovmf snp2.fd") == 0,
	   "call order measures a GPA twice, as the firmware would");
	sc_put_le32(img + 0x118, 7);
	wfile("snp3.fd", img, 0x2000);
	ok(run("measure --snp --ovmf snp3.fd") == SC_EINPUT &&
	   out_has("unknown type 7"), "unknown SEV metadata section type is refused");
	sc_put_le32(img + 0x10c, 1000);
	wfile("snp4.fd", img, 0x2000);
	ok(run("measure --snp --ovmf snp4.fd") == SC_EINPUT &&
	   out_has("do not fit"), "SEV metadata count beyond its size is refused");
	free(img);
}

void test_snp_measure(void)
{
	test_snp_published();
	test_snp_orders();
}
