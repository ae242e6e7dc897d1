// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl: platform certificates and the LAUNCH_START session
 * (verify-chain, show-cert, emu-roots, session).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static const char help_chain[] =
"usage: sevctl verify-chain --pdh PDH --chain CHAIN [--ark ARK --ask ASK] [-q]\n"
"       sevctl verify-chain --pdh PDH --pek PEK --oca OCA --cek CEK [...]\n"
"\n"
"Verify a PDH certificate and the chain SEV_PDH_CERT_EXPORT returns:\n"
"PDH <- PEK <- OCA (self-signed) and PEK <- CEK <- ASK <- ARK, with key\n"
"usages and algorithms checked.  CHAIN is PEK || OCA || CEK (3 x 2084\n"
"bytes), as /dev/sev exports it.  Each certificate may be raw or base64.\n"
"Without --ark/--ask the trust root is the sev-launch software firmware's\n"
"emulator ARK/ASK (test keys, not AMD's).  --ark/--ask take AMD's ARK and\n"
"ASK in AMD's certificate format (RSA).\n"
"  -q   print nothing on success\n";

static int load_chain(const char *pdh, const char *chain, const char *pek,
		      const char *oca, const char *cek, struct sc_chain *c)
{
	int ret = sc_read_blob(pdh, c->pdh, SC_CERT_SIZE);

	if (ret)
		return ret;
	if (chain) {
		uint8_t buf[3 * SC_CERT_SIZE];

		ret = sc_read_blob(chain, buf, sizeof(buf));
		if (ret)
			return ret;
		memcpy(c->pek, buf, SC_CERT_SIZE);
		memcpy(c->oca, buf + SC_CERT_SIZE, SC_CERT_SIZE);
		memcpy(c->cek, buf + 2 * SC_CERT_SIZE, SC_CERT_SIZE);
		return 0;
	}
	ret = sc_read_blob(pek, c->pek, SC_CERT_SIZE);
	if (!ret)
		ret = sc_read_blob(oca, c->oca, SC_CERT_SIZE);
	if (!ret)
		ret = sc_read_blob(cek, c->cek, SC_CERT_SIZE);
	return ret;
}

static int load_roots(struct sc_roots *r, const char *ark, const char *ask)
{
	if (!ark && !ask)
		return sc_roots_emulator(r);
	if (!ark || !ask) {
		sc_err(SC_EUSAGE, "--ark and --ask go together");
		return -SC_EUSAGE;
	}
	return sc_roots_load(r, ark, ask);
}

int cmd_verify_chain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pdh", 1, 0, 'p' }, { "chain", 1, 0, 'c' },
		{ "pek", 1, 0, 'P' }, { "oca", 1, 0, 'O' },
		{ "cek", 1, 0, 'C' }, { "ark", 1, 0, 'a' },
		{ "ask", 1, 0, 's' }, { "help", 0, 0, 'h' }, { 0 }
	};
	const char *pdh = NULL, *chain = NULL, *pek = NULL, *oca = NULL;
	const char *cek = NULL, *ark = NULL, *ask = NULL;
	struct sc_chain c;
	struct sc_roots r;
	bool quiet = false;
	int o, ret;

	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (o) {
		case 'p':
			pdh = optarg;
			break;
		case 'c':
			chain = optarg;
			break;
		case 'P':
			pek = optarg;
			break;
		case 'O':
			oca = optarg;
			break;
		case 'C':
			cek = optarg;
			break;
		case 'a':
			ark = optarg;
			break;
		case 's':
			ask = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(help_chain, stdout);
			return 0;
		default: return usage_err("verify-chain", "bad option");
		}
	}
	if (!pdh || (!chain && (!pek || !oca || !cek)))
		return usage_err("verify-chain",
				 "--pdh and --chain (or --pek/--oca/--cek) are required");
	ret = load_chain(pdh, chain, pek, oca, cek, &c);
	if (ret)
		return fail(ret);
	ret = load_roots(&r, ark, ask);
	if (ret)
		return fail(ret);
	ret = sc_chain_verify(&c, &r, !quiet);
	sc_roots_free(&r);
	if (ret)
		return fail(ret);
	if (!quiet)
		printf("chain OK\n");
	return 0;
}

static const char help_cert[] =
"usage: sevctl show-cert FILE...\n"
"\n"
"Print certificates field by field, raw or base64: SEV certificates (2084\n"
"bytes each: PDH, PEK, OCA, CEK, and the emulator's ARK/ASK) and AMD's\n"
"ARK/ASK in AMD's root certificate format (RSA; a self-signed ARK's\n"
"signature is checked).  A file holding several certificates back to back\n"
"(a CHAIN, or AMD's ask_ark file) is split.\n";

/* Print @b as AMD certificates or as SEV certificates; -1 if neither. */
static int show_certs(const char *file, const uint8_t *b, size_t len)
{
	size_t off, n, i, cnt = 0;
	char name[600];

	for (off = 0; off < len; off += n, cnt++) {
		n = sc_amd_cert_size(b + off, len - off);
		if (!n)
			break;
	}
	if (len && off == len) {
		for (off = 0, i = 0; off < len; off += n, i++) {
			n = sc_amd_cert_size(b + off, len - off);
			snprintf(name, sizeof(name), "%s[%zu]", file, i);
			sc_amd_cert_print(cnt > 1 ? name : file, b + off, n);
		}
		return 0;
	}
	if (!len || len % SC_CERT_SIZE)
		return -1;
	for (off = 0; off < len; off += SC_CERT_SIZE) {
		snprintf(name, sizeof(name), "%s[%zu]", file,
			 off / SC_CERT_SIZE);
		sc_cert_print(len > SC_CERT_SIZE ? name : file, b + off);
	}
	return 0;
}

int cmd_show_cert(int argc, char **argv)
{
	int i;

	if (argc < 2)
		return usage_err("show-cert", "no certificate given");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help_cert, stdout);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		size_t max = 8 * SC_CERT_SIZE, len, dlen = 0;
		uint8_t *b, *d;
		int ret = sc_read_file(argv[i], &b, &len, 2 * max);

		if (ret)
			return fail(ret);
		ret = show_certs(argv[i], b, len);
		if (ret) {
			d = malloc(max);
			ret = d && !sc_unb64((char *)b, len, d, &dlen, max) ?
			      show_certs(argv[i], d, dlen) : -1;
			free(d);
		}
		free(b);
		if (ret) {
			sc_err(SC_EINPUT, "%s: neither SEV certificates (2084 bytes each) nor AMD ARK/ASK certificates, raw or base64",
			       argv[i]);
			return fail(-SC_EINPUT);
		}
	}
	return 0;
}

static const char help_emu[] =
"usage: sevctl emu-roots --ark-out FILE --ask-out FILE\n"
"\n"
"Write the software firmware's emulator ARK and ASK certificates, derived\n"
"from their public labels exactly as drivers/swfw/cert.c does.  They are\n"
"public TEST keys; never trust them for real hardware.\n";

int cmd_emu_roots(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ark-out", 1, 0, 'a' }, { "ask-out", 1, 0, 's' },
		{ "help", 0, 0, 'h' }, { 0 }
	};
	const char *ark = NULL, *ask = NULL;
	uint8_t a[SC_CERT_SIZE], s[SC_CERT_SIZE];
	struct sc_outset out = { 0 };
	int o, ret;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'a':
			ark = optarg;
			break;
		case 's':
			ask = optarg;
			break;
		case 'h':
			fputs(help_emu, stdout);
			return 0;
		default: return usage_err("emu-roots", "bad option");
		}
	}
	if (!ark || !ask)
		return usage_err("emu-roots", "--ark-out and --ask-out are required");
	ret = sc_emu_ark_cert(a);
	if (!ret)
		ret = sc_emu_ask_cert(s);
	if (!ret)
		ret = sc_out_write(&out, ark, a, sizeof(a), 0644);
	if (!ret)
		ret = sc_out_write(&out, ask, s, sizeof(s), 0644);
	if (ret) {
		sc_out_abort(&out);
		return fail(ret);
	}
	sc_out_done(&out);
	return 0;
}

/* ---------------------------------------------------------------------- */

static const char help_session[] =
"usage: sevctl session --pdh PDH --policy POLICY --name PREFIX\n"
"                      [--chain CHAIN [--ark ARK --ask ASK]]\n"
"\n"
"Start a launch session with the platform whose PDH certificate is given:\n"
"generate the owner's ECDH P-384 key (GODH), derive the master secret,\n"
"KEK and KIK, draw TEK, TIK, NONCE and WRAP_IV, and write\n"
"  PREFIX_godh.cert     GODH certificate, 2084 bytes (LAUNCH_START dh_cert)\n"
"  PREFIX_session.bin   session blob, 128 bytes (LAUNCH_START session)\n"
"  PREFIX_godh.b64      the same, base64 (QEMU sev-guest dh-cert-file)\n"
"  PREFIX_session.b64   the same, base64 (QEMU sev-guest session-file)\n"
"  PREFIX_tek.bin       TEK, 16 bytes, mode 0600\n"
"  PREFIX_tik.bin       TIK, 16 bytes, mode 0600\n"
"The GODH private key is never written.  If anything fails, every file\n"
"written so far is deleted.  With --chain the PDH's chain is verified first\n"
"(as in verify-chain).  POLICY is the guest policy (e.g. 0x1 NODBG, 0x5 with\n"
"SEV-ES).\n";

static int write_session(const char *name, const struct sc_session *s)
{
	struct sc_outset out = { 0 };
	char path[4096];
	char *b64;
	int ret;

#define OUTPATH(sfx) (snprintf(path, sizeof(path), "%s_%s", name, sfx), path)
	ret = sc_out_write(&out, OUTPATH("tek.bin"), s->tek, 16, 0600);
	if (!ret)
		ret = sc_out_write(&out, OUTPATH("tik.bin"), s->tik, 16, 0600);
	if (!ret)
		ret = sc_out_write(&out, OUTPATH("godh.cert"), s->godh,
				   SC_CERT_SIZE, 0644);
	if (!ret)
		ret = sc_out_write(&out, OUTPATH("session.bin"), s->blob,
				   SC_SESSION_SIZE, 0644);
	if (!ret) {
		b64 = sc_b64(s->godh, SC_CERT_SIZE);
		ret = b64 ? sc_out_write(&out, OUTPATH("godh.b64"), b64,
					 strlen(b64), 0644) : -SC_EINTERNAL;
		free(b64);
	}
	if (!ret) {
		b64 = sc_b64(s->blob, SC_SESSION_SIZE);
		ret = b64 ? sc_out_write(&out, OUTPATH("session.b64"), b64,
					 strlen(b64), 0644) : -SC_EINTERNAL;
		free(b64);
	}
#undef OUTPATH
	if (ret) {
		sc_out_abort(&out);
		return ret;
	}
	sc_out_done(&out);
	return 0;
}

int cmd_session(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pdh", 1, 0, 'p' }, { "policy", 1, 0, 'o' },
		{ "name", 1, 0, 'n' }, { "chain", 1, 0, 'c' },
		{ "ark", 1, 0, 'a' }, { "ask", 1, 0, 's' },
		{ "help", 0, 0, 'h' }, { 0 }
	};
	const char *pdh = NULL, *name = NULL, *chain = NULL, *ark = NULL;
	const char *ask = NULL, *policy = NULL;
	struct sc_session s;
	uint64_t pol;
	int o, ret;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'p':
			pdh = optarg;
			break;
		case 'o':
			policy = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'c':
			chain = optarg;
			break;
		case 'a':
			ark = optarg;
			break;
		case 's':
			ask = optarg;
			break;
		case 'h':
			fputs(help_session, stdout);
			return 0;
		default: return usage_err("session", "bad option");
		}
	}
	if (!pdh || !name || !policy)
		return usage_err("session", "--pdh, --policy and --name are required");
	memset(&s, 0, sizeof(s));
	ret = sc_parse_uint("--policy", policy, 0xffffffff, &pol);
	if (ret)
		return fail(ret);
	s.policy = pol;
	if (chain) {
		struct sc_chain c;
		struct sc_roots r;

		ret = load_chain(pdh, chain, NULL, NULL, NULL, &c);
		if (!ret)
			ret = load_roots(&r, ark, ask);
		if (ret)
			return fail(ret);
		ret = sc_chain_verify(&c, &r, false);
		sc_roots_free(&r);
		if (ret)
			return fail(ret);
	}
	{
		uint8_t cert[SC_CERT_SIZE];

		ret = sc_read_blob(pdh, cert, sizeof(cert));
		if (!ret)
			ret = sc_session_build(&s, cert, NULL, false);
	}
	if (!ret)
		ret = write_session(name, &s);
	sc_wipe(&s, sizeof(s));
	if (ret)
		return fail(ret);
	printf("wrote %s_{godh.cert,session.bin,godh.b64,session.b64,tek.bin,tik.bin}\n",
	       name);
	return 0;
}
