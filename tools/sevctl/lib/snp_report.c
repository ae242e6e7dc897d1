// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: the SEV-SNP ATTESTATION_REPORT (SEV-SNP Firmware ABI, AMD
 * pub. 56860, "ATTESTATION_REPORT Structure"): fields, printing and the
 * VCEK's signature over it.
 *
 * The report is 0x4a0 bytes; its first 0x2a0 bytes are signed.  The
 * signature (0x2a0) is ECDSA P-384 with SHA-384: R and S, 72 bytes each,
 * little-endian, zero above their 48 significant bytes.  Report versions
 * 2 (Milan/Genoa firmware), 3 (adds CPUID family/model/stepping at 0x188)
 * and 5 (adds the mitigation vectors at 0x1f8/0x200) share the other
 * offsets.  TCB_VERSION is, before Turin, boot loader (byte 0), TEE (1),
 * SNP (6), microcode (7); on Turin (CPUID family 0x1a, reports version 3
 * on) FMC (0), boot loader (1), TEE (2), SNP (3), microcode (7).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "sevctl.h"

int sc_snp_report_check(const char *name, const uint8_t *r, size_t len)
{
	uint32_t v;

	if (len != SC_SNP_REPORT_SIZE) {
		sc_err(SC_EINPUT, "%s: %zu bytes; an attestation report is %u",
		       name, len, SC_SNP_REPORT_SIZE);
		return -SC_EINPUT;
	}
	v = sc_le32(r + SC_SNP_R_VERSION);
	if (v != 2 && v != 3 && v != 5) {
		sc_err(SC_EINPUT, "%s: report version %u (known: 2, 3, 5)", name,
		       v);
		return -SC_EINPUT;
	}
	return 0;
}

bool sc_snp_report_turin(const uint8_t *r)
{
	return sc_le32(r + SC_SNP_R_VERSION) >= 3 && r[SC_SNP_R_CPUID_FAM] == 0x1a;
}

void sc_snp_tcb_decode(uint64_t tcb, bool turin, struct sc_snp_tcb *t)
{
	memset(t, 0, sizeof(*t));
	t->turin = turin;
	t->ucode = tcb >> 56;
	if (turin) {
		t->fmc = tcb & 0xff;
		t->bl = (tcb >> 8) & 0xff;
		t->tee = (tcb >> 16) & 0xff;
		t->snp = (tcb >> 24) & 0xff;
	} else {
		t->bl = tcb & 0xff;
		t->tee = (tcb >> 8) & 0xff;
		t->snp = (tcb >> 48) & 0xff;
	}
}

static void sc_tcb_print(const char *label, uint64_t tcb, bool turin)
{
	struct sc_snp_tcb t;

	sc_snp_tcb_decode(tcb, turin, &t);
	printf("%-22s %#018llx (", label, (unsigned long long)tcb);
	if (turin)
		printf("fmc %d, ", t.fmc);
	printf("bootloader %d, tee %d, snp %d, microcode %d)\n", t.bl, t.tee,
	       t.snp, t.ucode);
}

static void sc_hexfield(const char *label, const uint8_t *p, size_t len)
{
	char h[2 * 64 + 1];

	sc_hex_str(h, p, len);
	printf("%-22s %s\n", label, h);
}

void sc_snp_report_print(const uint8_t *r)
{
	uint32_t ver = sc_le32(r + SC_SNP_R_VERSION);
	uint32_t flags = sc_le32(r + SC_SNP_R_FLAGS);
	uint64_t pol = sc_le64(r + SC_SNP_R_POLICY);
	bool turin = sc_snp_report_turin(r);
	static const char * const keys[8] = {
		"VCEK", "VLEK", "?", "?", "?", "?", "?", "none"
	};

	printf("%-22s %u\n", "version", ver);
	printf("%-22s %u\n", "guest_svn", sc_le32(r + SC_SNP_R_GUEST_SVN));
	printf("%-22s %#llx (abi %llu.%llu%s%s%s%s%s)\n", "policy",
	       (unsigned long long)pol, (unsigned long long)(pol >> 8) & 0xff,
	       (unsigned long long)pol & 0xff,
	       pol & (1ULL << 16) ? ", smt" : "",
	       pol & (1ULL << 18) ? ", migrate-ma" : "",
	       pol & (1ULL << 19) ? ", debug" : "",
	       pol & (1ULL << 20) ? ", single-socket" : "",
	       pol & (1ULL << 17) ? "" : ", reserved bit 17 clear");
	sc_hexfield("family_id", r + SC_SNP_R_FAMILY_ID, 16);
	sc_hexfield("image_id", r + SC_SNP_R_IMAGE_ID, 16);
	printf("%-22s %u\n", "vmpl", sc_le32(r + SC_SNP_R_VMPL));
	printf("%-22s %u%s\n", "signature_algo", sc_le32(r + SC_SNP_R_SIG_ALGO),
	       sc_le32(r + SC_SNP_R_SIG_ALGO) == 1 ? " (ECDSA P-384 SHA-384)" : "");
	sc_tcb_print("current_tcb", sc_le64(r + SC_SNP_R_CURRENT_TCB), turin);
	printf("%-22s %#llx\n", "platform_info",
	       (unsigned long long)sc_le64(r + SC_SNP_R_PLATFORM_INFO));
	printf("%-22s %#x (author_key_en %u, mask_chip_key %u, signing_key %s)\n",
	       "flags", flags, flags & 1, (flags >> 1) & 1,
	       keys[(flags >> 2) & 7]);
	sc_hexfield("report_data", r + SC_SNP_R_REPORT_DATA, 64);
	sc_hexfield("measurement", r + SC_SNP_R_MEASUREMENT, 48);
	sc_hexfield("host_data", r + SC_SNP_R_HOST_DATA, 32);
	sc_hexfield("id_key_digest", r + SC_SNP_R_ID_KEY_DIGEST, 48);
	sc_hexfield("author_key_digest", r + SC_SNP_R_AUTHOR_KEY_DIGEST, 48);
	sc_hexfield("report_id", r + SC_SNP_R_REPORT_ID, 32);
	sc_hexfield("report_id_ma", r + SC_SNP_R_REPORT_ID_MA, 32);
	sc_tcb_print("reported_tcb", sc_le64(r + SC_SNP_R_REPORTED_TCB), turin);
	if (ver >= 3)
		printf("%-22s family %#x model %#x stepping %#x\n", "cpuid",
		       r[SC_SNP_R_CPUID_FAM], r[SC_SNP_R_CPUID_FAM + 1],
		       r[SC_SNP_R_CPUID_FAM + 2]);
	sc_hexfield("chip_id", r + SC_SNP_R_CHIP_ID, 64);
	sc_tcb_print("committed_tcb", sc_le64(r + SC_SNP_R_COMMITTED_TCB), turin);
	printf("%-22s %u.%u build %u\n", "current version",
	       r[SC_SNP_R_CURRENT_BUILD + 2], r[SC_SNP_R_CURRENT_BUILD + 1],
	       r[SC_SNP_R_CURRENT_BUILD]);
	printf("%-22s %u.%u build %u\n", "committed version",
	       r[SC_SNP_R_CURRENT_BUILD + 6], r[SC_SNP_R_CURRENT_BUILD + 5],
	       r[SC_SNP_R_CURRENT_BUILD + 4]);
	sc_tcb_print("launch_tcb", sc_le64(r + SC_SNP_R_LAUNCH_TCB), turin);
	if (ver >= 5) {
		printf("%-22s %#llx\n", "launch_mit_vector",
		       (unsigned long long)sc_le64(r + 0x1f8));
		printf("%-22s %#llx\n", "current_mit_vector",
		       (unsigned long long)sc_le64(r + 0x200));
	}
	sc_hexfield("signature r (LE)", r + SC_SNP_R_SIGNATURE, 48);
	sc_hexfield("signature s (LE)", r + SC_SNP_R_SIGNATURE + 72, 48);
}

static BIGNUM *sc_bn_le(const uint8_t *le, size_t len)
{
	uint8_t be[72];
	size_t i;

	for (i = 0; i < len; i++)
		be[i] = le[len - 1 - i];
	return BN_bin2bn(be, (int)len, NULL);
}

int sc_snp_report_verify_sig(const uint8_t *r, void *vcek_pkey)
{
	const uint8_t *sig = r + SC_SNP_R_SIGNATURE;
	EVP_MD_CTX *md = NULL;
	ECDSA_SIG *es = NULL;
	BIGNUM *br = NULL, *bs = NULL;
	uint8_t *der = NULL;
	int len, ret = -SC_EVERIFY;
	size_t i;

	if (sc_le32(r + SC_SNP_R_SIG_ALGO) != 1) {
		sc_err(SC_EVERIFY, "signature algorithm %u is not 1 (ECDSA P-384 with SHA-384)",
		       sc_le32(r + SC_SNP_R_SIG_ALGO));
		return -SC_EVERIFY;
	}
	for (i = 48; i < 72; i++)
		if (sig[i] || sig[72 + i]) {
			sc_err(SC_EVERIFY, "signature R or S has non-zero bytes above bit 383");
			return -SC_EVERIFY;
		}
	br = sc_bn_le(sig, 72);
	bs = sc_bn_le(sig + 72, 72);
	es = ECDSA_SIG_new();
	if (!br || !bs || !es || !ECDSA_SIG_set0(es, br, bs)) {
		BN_free(br);
		BN_free(bs);
		ret = -SC_EINTERNAL;
		goto out;
	}
	len = i2d_ECDSA_SIG(es, &der);
	md = EVP_MD_CTX_new();
	if (len <= 0 || !md ||
	    EVP_DigestVerifyInit(md, NULL, EVP_sha384(), NULL, vcek_pkey) != 1) {
		ret = -SC_EINTERNAL;
		goto out;
	}
	if (EVP_DigestVerify(md, der, len, r, SC_SNP_REPORT_SIGNED) == 1)
		ret = 0;
	else
		sc_err(SC_EVERIFY, "ECDSA P-384 signature over the report's first %#x bytes does not verify with the VCEK",
		       SC_SNP_REPORT_SIGNED);
out:
	if (ret == -SC_EINTERNAL)
		sc_err(SC_EINTERNAL, "libcrypto: ECDSA verification failed to run");
	OPENSSL_free(der);
	ECDSA_SIG_free(es);
	EVP_MD_CTX_free(md);
	return ret;
}
