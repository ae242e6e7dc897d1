// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl: SEV-SNP attestation reports (report show, report verify).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cmd.h"

static const char help_report[] =
"usage: sevctl report show REPORT\n"
"       sevctl report verify REPORT --vcek FILE [--ask FILE [--ark FILE]]\n"
"                     [--measurement HEX | MEASURE-SNP-INPUTS]\n"
"                     [--policy P] [--host-data HEX] [--report-data HEX]\n"
"                     [--id-key-digest HEX] [--author-key-digest HEX]\n"
"\n"
"REPORT: the 1184-byte ATTESTATION_REPORT (raw, hex text, or a 1216-byte\n"
"MSG_REPORT_RSP).  verify checks, and prints one line per check:\n"
"  report       size, version 2, 3 or 5\n"
"  ark          --ark: self-signed (the trust anchor you chose)\n"
"  ask          signed by the ARK (--ark, else the emulator's SNP ARK key)\n"
"  vcek         signed by the ASK (--ask, else the emulator's SNP ASK key)\n"
"  signature    the report's ECDSA P-384 signature, by the VCEK\n"
"  hwid         the VCEK's hwID extension = the report's CHIP_ID\n"
"  tcb          the VCEK's SPL extensions = the report's REPORTED_TCB\n"
"and each expectation given: measurement (--measurement, or the same\n"
"inputs as 'measure --snp': --ovmf ... [--order]), policy (64 bits,\n"
"exact), host-data (32 bytes), report-data (64 bytes), id-key-digest and\n"
"author-key-digest (48 bytes).  HEX values may be base64 or files.\n"
"Without --ark and --ask the chain ends at the sev-launch emulator's SNP\n"
"test keys, which prove nothing about real hardware; AMD's ARK and ASK\n"
"(RSA-4096, RSASSA-PSS) are given as files.  Exit 0 if every check\n"
"passes, 3 naming the failed checks otherwise.\n";

static int report_load(const char *path, uint8_t r[SC_SNP_REPORT_SIZE])
{
	uint8_t *b;
	size_t len, i, m = 0;
	char *h;
	int ret;

	ret = sc_read_file(path, &b, &len, 64 * 1024);
	if (ret)
		return ret;
	if (len == SC_SNP_REPORT_SIZE + 0x20 && !sc_le32(b) &&
	    sc_le32(b + 4) == SC_SNP_REPORT_SIZE) {
		memmove(b, b + 0x20, SC_SNP_REPORT_SIZE);
		len = SC_SNP_REPORT_SIZE;
	} else if (len != SC_SNP_REPORT_SIZE) {
		h = malloc(len + 1);
		for (i = 0; h && i < len; i++)
			if (!isspace(b[i]))
				h[m++] = b[i];
		if (h && m == 2 * SC_SNP_REPORT_SIZE &&
		    !sc_hex_parse(path, h, b, SC_SNP_REPORT_SIZE))
			len = SC_SNP_REPORT_SIZE;
		free(h);
	}
	ret = sc_snp_report_check(path, b, len);
	if (!ret)
		memcpy(r, b, SC_SNP_REPORT_SIZE);
	free(b);
	return ret;
}

struct verify_state {
	int failed;
	char names[256];
};

static void check(struct verify_state *v, const char *name, int ret)
{
	if (!ret) {
		printf("ok   %s\n", name);
		return;
	}
	printf("FAIL %s: %s\n", name, sc_errmsg());
	v->failed++;
	snprintf(v->names + strlen(v->names),
		 sizeof(v->names) - strlen(v->names), "%s%s",
		 v->names[0] ? ", " : "", name);
}

static int expect(const char *what, const uint8_t *got, const uint8_t *want,
		  size_t len)
{
	char g[129], w[129];

	if (!CRYPTO_memcmp(got, want, len))
		return 0;
	sc_hex_str(g, got, len);
	sc_hex_str(w, want, len);
	sc_err(SC_EVERIFY, "report %s %s, expected %s", what, g, w);
	return -SC_EVERIFY;
}

struct expect_opts {
	const char *meas, *policy, *host, *rdata, *idk, *auk;
};

static void verify_expectations(struct verify_state *v, const uint8_t *r,
				const struct expect_opts *e,
				const struct snp_in *in)
{
	static const struct {
		const char *name;
		size_t off, len;
	} f[] = {
		{ "host-data", SC_SNP_R_HOST_DATA, 32 },
		{ "report-data", SC_SNP_R_REPORT_DATA, 64 },
		{ "id-key-digest", SC_SNP_R_ID_KEY_DIGEST, 48 },
		{ "author-key-digest", SC_SNP_R_AUTHOR_KEY_DIGEST, 48 },
	};
	const char * const vals[] = { e->host, e->rdata, e->idk, e->auk };
	uint8_t want[64], other[48];
	struct sc_snp_launch l;
	char opt[40];
	uint64_t p;
	size_t i;
	int ret;

	if (e->meas || snp_in_given(in)) {
		if (e->meas) {
			ret = read_value("--measurement", e->meas, want, 48, 0,
					 NULL);
		} else {
			ret = snp_load(in, &l);
			if (!ret)
				ret = sc_snp_digest(&l, in->canonical, want);
		}
		if (!ret)
			ret = expect("measurement", r + SC_SNP_R_MEASUREMENT,
				     want, 48);
		if (ret == -SC_EVERIFY && !e->meas &&
		    !sc_snp_digest(&l, !in->canonical, other) &&
		    !memcmp(other, r + SC_SNP_R_MEASUREMENT, 48)) {
			char msg[512];

			snprintf(msg, sizeof(msg), "%s (it matches --order %s)",
				 sc_errmsg(), in->canonical ? "call" :
				 "canonical");
			sc_err(SC_EVERIFY, "%s", msg);
		}
		if (!e->meas && snp_in_given(in))
			sc_snp_free(&l);
		check(v, "measurement", ret);
	}
	if (e->policy) {
		ret = sc_parse_u64("--policy", e->policy, &p);
		if (!ret && p != sc_le64(r + SC_SNP_R_POLICY)) {
			sc_err(SC_EVERIFY, "report policy %#llx, expected %#llx",
			       (unsigned long long)sc_le64(r + SC_SNP_R_POLICY),
			       (unsigned long long)p);
			ret = -SC_EVERIFY;
		}
		check(v, "policy", ret);
	}
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		if (!vals[i])
			continue;
		snprintf(opt, sizeof(opt), "--%s", f[i].name);
		ret = read_value(opt, vals[i], want, f[i].len, 0, NULL);
		if (!ret)
			ret = expect(f[i].name, r + f[i].off, want, f[i].len);
		check(v, f[i].name, ret);
	}
}

/* ARK -> ASK -> VCEK; on success *@vkey is the VCEK's key (owned by vcek). */
static void verify_chain(struct verify_state *v, X509 *ark, X509 *ask,
			 X509 *vcek, EVP_PKEY **vkey)
{
	struct sc_key *emu_ark = NULL, *emu_ask = NULL;
	EVP_PKEY *ark_pk = NULL, *ask_pk = NULL;
	int ret = 0;

	*vkey = NULL;
	if (ark) {
		ark_pk = X509_get0_pubkey(ark);
		ret = ark_pk ? sc_x509_signed_by("ARK", ark, "ARK", ark, ark_pk) :
		      -SC_EINPUT;
		check(v, "ark", ret);
	} else if (!sc_snp_emu_key(SC_SNP_EMU_ARK, NULL, 0, &emu_ark)) {
		ark_pk = sc_key_evp(emu_ark);
		printf("note trust anchor: the sev-launch emulator's SNP ARK test key (proves nothing)\n");
	}
	if (ask) {
		ask_pk = X509_get0_pubkey(ask);
		ret = !ask_pk || !ark_pk ? -SC_EINPUT :
		      sc_x509_signed_by("ASK", ask, "ARK", ark, ark_pk);
		check(v, "ask", ret);
	} else if (!sc_snp_emu_key(SC_SNP_EMU_ASK, NULL, 0, &emu_ask)) {
		ask_pk = sc_key_evp(emu_ask);
		printf("note ASK: the sev-launch emulator's SNP ASK test key\n");
	}
	ret = ask_pk ? sc_x509_signed_by("VCEK", vcek, "ASK", ask, ask_pk) :
	      -SC_EINTERNAL;
	check(v, "vcek", ret);
	*vkey = X509_get0_pubkey(vcek);
	sc_key_free(emu_ark);
	sc_key_free(emu_ask);
}

static void verify_vcek(struct verify_state *v, const uint8_t *r, X509 *vcek,
			EVP_PKEY *vkey)
{
	uint32_t flags = sc_le32(r + SC_SNP_R_FLAGS);
	struct sc_vcek_ext e;
	int ret;

	if (flags & 2) {
		sc_err(SC_EVERIFY, "MASK_CHIP_KEY is set: the firmware did not sign this report");
		ret = -SC_EVERIFY;
	} else if (EVP_PKEY_get_base_id(vkey) != EVP_PKEY_EC ||
		   EVP_PKEY_get_bits(vkey) != 384) {
		sc_err(SC_EVERIFY, "the VCEK is not a P-384 key");
		ret = -SC_EVERIFY;
	} else {
		ret = sc_snp_report_verify_sig(r, vkey);
	}
	check(v, "signature", ret);
	ret = sc_vcek_ext(vcek, &e);
	if (ret) {
		check(v, "hwid", ret);
		return;
	}
	if (!e.hwid_len) {
		sc_err(SC_EVERIFY, "the certificate has no hwID extension (a VLEK is not tied to a chip)");
		ret = -SC_EVERIFY;
	} else {
		ret = expect("chip_id", r + SC_SNP_R_CHIP_ID, e.hwid,
			     e.hwid_len);
	}
	check(v, "hwid", ret);
	ret = sc_vcek_tcb_match(&e, sc_le64(r + SC_SNP_R_REPORTED_TCB),
				sc_snp_report_turin(r));
	check(v, "tcb", ret);
}

static int report_verify(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "vcek", 1, 0, 'v' }, { "ask", 1, 0, 's' }, { "ark", 1, 0, 'r' },
		{ "measurement", 1, 0, 'm' }, { "policy", 1, 0, 'p' },
		{ "host-data", 1, 0, 'H' }, { "report-data", 1, 0, 'D' },
		{ "id-key-digest", 1, 0, 'I' },
		{ "author-key-digest", 1, 0, 'A' }, { "help", 0, 0, 'h' },
		{ 0 }
	};
	struct option *opts = snp_opts_with(extra);
	const char *vcekf = NULL, *askf = NULL, *arkf = NULL;
	X509 *ark = NULL, *ask = NULL, *vcek = NULL;
	uint8_t r[SC_SNP_REPORT_SIZE];
	struct verify_state v = { 0 };
	struct expect_opts e = { 0 };
	EVP_PKEY *vkey;
	struct snp_in in;
	int o, ret = 0;

	if (!opts)
		return SC_EINTERNAL;
	snp_in_init(&in);
	optind = 1;
	while (!ret && (o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'v':
			vcekf = optarg;
			break;
		case 's':
			askf = optarg;
			break;
		case 'r':
			arkf = optarg;
			break;
		case 'm':
			e.meas = optarg;
			break;
		case 'p':
			e.policy = optarg;
			break;
		case 'H':
			e.host = optarg;
			break;
		case 'D':
			e.rdata = optarg;
			break;
		case 'I':
			e.idk = optarg;
			break;
		case 'A':
			e.auk = optarg;
			break;
		case 'h':
			ret = -1;
			break;
		default:
			ret = snp_opt(&in, o, optarg);
		}
	}
	free(opts);
	if (ret == -1) {
		fputs(help_report, stdout);
		return 0;
	}
	if (ret > 0)
		return usage_err("report verify", "bad option");
	if (ret)
		return fail(ret);
	if (optind != argc - 1 || !vcekf)
		return usage_err("report verify", "expected REPORT and --vcek FILE");
	if (arkf && !askf)
		return usage_err("report verify", "--ark needs --ask (the ASK it signs)");
	if (e.meas && snp_in_given(&in))
		return usage_err("report verify", "--measurement or launch inputs, not both");
	ret = report_load(argv[optind], r);
	if (!ret && arkf)
		ret = sc_x509_load(arkf, &ark);
	if (!ret && askf)
		ret = sc_x509_load(askf, &ask);
	if (!ret)
		ret = sc_x509_load(vcekf, &vcek);
	if (ret)
		goto out;
	printf("ok   report (version %u)\n", sc_le32(r + SC_SNP_R_VERSION));
	verify_chain(&v, ark, ask, vcek, &vkey);
	if (vkey)
		verify_vcek(&v, r, vcek, vkey);
	verify_expectations(&v, r, &e, &in);
out:
	X509_free(ark);
	X509_free(ask);
	X509_free(vcek);
	if (ret)
		return fail(ret);
	if (v.failed) {
		fprintf(stderr, "%s: report verify: FAILED: %s\n", prog, v.names);
		return SC_EVERIFY;
	}
	printf("report verified\n");
	return 0;
}

int cmd_report(int argc, char **argv)
{
	uint8_t r[SC_SNP_REPORT_SIZE];
	int ret;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help_report, argc < 2 ? stderr : stdout);
		return argc < 2 ? SC_EUSAGE : 0;
	}
	if (!strcmp(argv[1], "verify"))
		return report_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "show"))
		return usage_err("report", "subcommand is show or verify");
	if (argc != 3)
		return usage_err("report", "'report show' takes one REPORT");
	ret = report_load(argv[2], r);
	if (ret)
		return fail(ret);
	sc_snp_report_print(r);
	return 0;
}
