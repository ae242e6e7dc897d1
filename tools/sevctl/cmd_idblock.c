// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl: SEV-SNP ID block and ID authentication structure (idblock).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "cmd.h"

static const char help_idblock[] =
"usage: sevctl idblock --id-key PEM [--author-key PEM] --measurement HEX\n"
"                      --policy P [--family-id HEX] [--image-id HEX]\n"
"                      [--guest-svn N] [--out-block F] [--out-auth F]\n"
"\n"
"Build the 96-byte ID block (launch digest, family and image ids, version\n"
"1, guest SVN, policy) and the 4096-byte ID authentication structure: the\n"
"block signed with the ID key, and the ID key signed with the author key\n"
"(ECDSA P-384 with SHA-384; keys are PEM P-384 private keys).  The\n"
"firmware refuses SNP_LAUNCH_FINISH unless the launch digest and policy\n"
"match.  Prints the base64 forms for QEMU's sev-snp-guest object\n"
"(id-block=, id-auth=; add author-key-enabled=on with an author key) and\n"
"the key digests the attestation report will carry.  --measurement is 96\n"
"hex digits or base64 (measure --snp prints it); ids are 32 hex digits.\n";

static void print_b64(const char *label, const uint8_t *p, size_t len)
{
	char *b = sc_b64(p, len);

	printf("%s%s\n", label, b ? b : "?");
	free(b);
}

int cmd_idblock(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "id-key", 1, 0, 'i' }, { "author-key", 1, 0, 'a' },
		{ "measurement", 1, 0, 'm' }, { "policy", 1, 0, 'p' },
		{ "family-id", 1, 0, 'f' }, { "image-id", 1, 0, 'I' },
		{ "guest-svn", 1, 0, 's' }, { "out-block", 1, 0, 'b' },
		{ "out-auth", 1, 0, 'A' }, { "help", 0, 0, 'h' }, { 0 }
	};
	const char *idf = NULL, *auf = NULL, *meas = NULL, *pol = NULL;
	const char *fam = NULL, *img = NULL, *svn = NULL, *ob = NULL, *oa = NULL;
	uint8_t block[SC_IDBLOCK_SIZE], *auth = NULL, dg[48], pk[SC_SNP_PUBKEY_SIZE];
	EVP_PKEY *idk = NULL, *auk = NULL;
	struct sc_outset out = { 0 };
	struct sc_idblock_in in;
	uint64_t v;
	int o, ret = 0;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'i':
			idf = optarg;
			break;
		case 'a':
			auf = optarg;
			break;
		case 'm':
			meas = optarg;
			break;
		case 'p':
			pol = optarg;
			break;
		case 'f':
			fam = optarg;
			break;
		case 'I':
			img = optarg;
			break;
		case 's':
			svn = optarg;
			break;
		case 'b':
			ob = optarg;
			break;
		case 'A':
			oa = optarg;
			break;
		case 'h':
			fputs(help_idblock, stdout);
			return 0;
		default:
			return usage_err("idblock", "bad option");
		}
	}
	if (optind != argc || !idf || !meas || !pol)
		return usage_err("idblock", "--id-key, --measurement and --policy are required");
	memset(&in, 0, sizeof(in));
	ret = read_value("--measurement", meas, in.ld, 48, 0, NULL);
	if (!ret)
		ret = sc_parse_u64("--policy", pol, &in.policy);
	if (!ret && fam)
		ret = read_value("--family-id", fam, in.family_id, 16, 0, NULL);
	if (!ret && img)
		ret = read_value("--image-id", img, in.image_id, 16, 0, NULL);
	if (!ret && svn) {
		ret = sc_parse_uint("--guest-svn", svn, 0xffffffff, &v);
		in.guest_svn = v;
	}
	if (!ret)
		ret = sc_pem_key_load(idf, &idk);
	if (!ret && auf)
		ret = sc_pem_key_load(auf, &auk);
	auth = malloc(SC_IDAUTH_SIZE);
	if (!ret && !auth) {
		sc_err(SC_EINTERNAL, "out of memory");
		ret = -SC_EINTERNAL;
	}
	if (!ret) {
		sc_idblock_build(&in, block);
		ret = sc_idauth_build(block, idk, auk, auth);
	}
	if (!ret && ob)
		ret = sc_out_write(&out, ob, block, sizeof(block), 0644);
	if (!ret && oa)
		ret = sc_out_write(&out, oa, auth, SC_IDAUTH_SIZE, 0644);
	if (ret) {
		sc_out_abort(&out);
		goto done;
	}
	sc_out_done(&out);
	print_b64("id-block=", block, sizeof(block));
	print_b64("id-auth=", auth, SC_IDAUTH_SIZE);
	ret = sc_sha384(auth + SC_IDAUTH_ID_KEY, SC_SNP_PUBKEY_SIZE, dg);
	if (!ret)
		print_hex("id-key-digest: ", dg, 48);
	if (!ret && auk) {
		memcpy(pk, auth + SC_IDAUTH_AUTHOR_KEY, sizeof(pk));
		ret = sc_sha384(pk, sizeof(pk), dg);
		if (!ret)
			print_hex("author-key-digest: ", dg, 48);
	}
	printf("qemu: -object sev-snp-guest,...,id-block=<id-block>,id-auth=<id-auth>%s\n",
	       auk ? ",author-key-enabled=on" : "");
done:
	EVP_PKEY_free(idk);
	EVP_PKEY_free(auk);
	free(auth);
	return ret ? fail(ret) : 0;
}
