// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl - the guest owner's tool for SEV / SEV-ES launches.
 *
 * See Documentation/sevctl.rst.  Exit codes: 0 success, 1 usage error,
 * 2 bad or unreadable input, 3 verification failed (signature, MAC,
 * measurement, launch log), 4 internal or output error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sevctl.h"

static const char *prog = "sevctl";

static int fail(int ret)
{
	int code = ret < 0 ? -ret : ret;

	fprintf(stderr, "%s: %s\n", prog, sc_errmsg());
	return code ? code : SC_EINTERNAL;
}

static int usage_err(const char *cmd, const char *msg)
{
	fprintf(stderr, "%s %s: %s (see '%s %s --help')\n", prog, cmd, msg,
		prog, cmd);
	return SC_EUSAGE;
}

static void print_hex(const char *label, const uint8_t *p, size_t len)
{
	char h[2 * 64 + 1];

	sc_hex_str(h, p, len);
	printf("%s%s\n", label, h);
}

/* A 16-byte key file: raw or base64 (sevctl's tek.bin/tik.bin). */
static int read_key(const char *path, uint8_t key[16])
{
	return sc_read_blob(path, key, 16);
}

/* --measurement: a file (48 bytes raw/base64) or 96 hex digits. */
static int read_measurement(const char *arg, uint8_t blob[48])
{
	if (strlen(arg) == 96 && !sc_hex_parse("--measurement", arg, blob, 48))
		return 0;
	sc_err_clear();
	return sc_read_blob(arg, blob, 48);
}

/* ---------------------------------------------------------------------- */

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

static int cmd_verify_chain(int argc, char **argv)
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
		case 'p': pdh = optarg; break;
		case 'c': chain = optarg; break;
		case 'P': pek = optarg; break;
		case 'O': oca = optarg; break;
		case 'C': cek = optarg; break;
		case 'a': ark = optarg; break;
		case 's': ask = optarg; break;
		case 'q': quiet = true; break;
		case 'h': fputs(help_chain, stdout); return 0;
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
"Print SEV certificates (2084 bytes each, raw or base64) field by field.\n"
"A file holding several certificates back to back (a CHAIN) is split.\n";

static int cmd_show_cert(int argc, char **argv)
{
	int i;

	if (argc < 2)
		return usage_err("show-cert", "no certificate given");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help_cert, stdout);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		uint8_t *b;
		size_t len, off;
		char name[600];
		int ret = sc_read_file(argv[i], &b, &len, 8 * SC_CERT_SIZE);

		if (ret)
			return fail(ret);
		if (!len || len % SC_CERT_SIZE) {
			uint8_t one[SC_CERT_SIZE];

			free(b);
			ret = sc_read_blob(argv[i], one, SC_CERT_SIZE);
			if (ret)
				return fail(ret);
			sc_cert_print(argv[i], one);
			continue;
		}
		for (off = 0; off < len; off += SC_CERT_SIZE) {
			snprintf(name, sizeof(name), "%s[%zu]", argv[i],
				 off / SC_CERT_SIZE);
			sc_cert_print(len > SC_CERT_SIZE ? name : argv[i],
				      b + off);
		}
		free(b);
	}
	return 0;
}

static const char help_emu[] =
"usage: sevctl emu-roots --ark-out FILE --ask-out FILE\n"
"\n"
"Write the software firmware's emulator ARK and ASK certificates, derived\n"
"from their public labels exactly as drivers/swfw/cert.c does.  They are\n"
"public TEST keys; never trust them for real hardware.\n";

static int cmd_emu_roots(int argc, char **argv)
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
		case 'a': ark = optarg; break;
		case 's': ask = optarg; break;
		case 'h': fputs(help_emu, stdout); return 0;
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

static int cmd_session(int argc, char **argv)
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
		case 'p': pdh = optarg; break;
		case 'o': policy = optarg; break;
		case 'n': name = optarg; break;
		case 'c': chain = optarg; break;
		case 'a': ark = optarg; break;
		case 's': ask = optarg; break;
		case 'h': fputs(help_session, stdout); return 0;
		default: return usage_err("session", "bad option");
		}
	}
	if (!pdh || !name || !policy)
		return usage_err("session", "--pdh, --policy and --name are required");
	memset(&s, 0, sizeof(s));
	ret = sc_parse_u64("--policy", policy, &pol);
	if (!ret && pol > 0xffffffff) {
		sc_err(SC_EINPUT, "--policy: %s does not fit in 32 bits",
		       policy);
		ret = -SC_EINPUT;
	}
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

/* ---------------------------------------------------------------------- */
/* Launch inputs shared by measure, verify-measurement and log diff.       */

struct launch_opts {
	const char *launch, *ovmf, *kernel, *initrd, *append;
	const char *policy, *api, *build, *order;
	unsigned long vcpus;
	struct sc_vmsa_desc vd;
	bool fpu_given;
};

#define LAUNCH_OPTS \
	{ "launch", 1, 0, 1000 }, { "ovmf", 1, 0, 1001 }, \
	{ "kernel", 1, 0, 1002 }, { "initrd", 1, 0, 1003 }, \
	{ "append", 1, 0, 1004 }, { "vcpus", 1, 0, 1005 }, \
	{ "vcpu-type", 1, 0, 1006 }, { "vcpu-sig", 1, 0, 1007 }, \
	{ "vcpu-family", 1, 0, 1008 }, { "vcpu-model", 1, 0, 1009 }, \
	{ "vcpu-stepping", 1, 0, 1010 }, { "fpu", 1, 0, 1011 }, \
	{ "vmm", 1, 0, 1012 }, { "sev-features", 1, 0, 1013 }, \
	{ "policy", 1, 0, 1014 }, { "api", 1, 0, 1015 }, \
	{ "build", 1, 0, 1016 }, { "order", 1, 0, 1017 }

#define LAUNCH_HELP \
"Launch inputs: either\n" \
"  --launch DESC        a launch description (Documentation/sevctl.rst)\n" \
"or what QEMU measures:\n" \
"  --ovmf FILE          firmware image (measured whole, at 4 GiB - size)\n" \
"  --kernel FILE --initrd FILE --append CMDLINE\n" \
"                       direct boot: QEMU's kernel-hashes table, measured at\n" \
"                       the OVMF hashes-table address (kernel-hashes=on)\n" \
"  --vcpus N            vCPU count (SEV-ES: one VMSA per vCPU, default 1)\n" \
"  --vcpu-type T | --vcpu-sig SIG | --vcpu-family F --vcpu-model M\n" \
"                       --vcpu-stepping S   (VMSA RDX; default EPYC)\n" \
"  --fpu es-init|init2  VMSA FPU flavour: KVM_SEV_ES_INIT (MXCSR/FCW 0) or\n" \
"                       KVM_SEV_INIT2 (0x1f80/0x37f); required for SEV-ES\n" \
"  --vmm qemu|ec2|gce   VMSA conventions (default qemu)\n" \
"  --sev-features X     VMSA sev_features (default 0)\n" \
"and, with --ovmf, or to override the description:\n" \
"  --policy P --api MAJOR.MINOR --build B\n" \
"  --order canonical|call   measurement order (default canonical:\n" \
"                       data by GPA, then VMSAs by vCPU id; call = as listed,\n" \
"                       QEMU's order for --ovmf)\n"

static int launch_opt(struct launch_opts *lo, int o, const char *arg)
{
	uint64_t v;
	static unsigned long fam = 0x17, model = 1, step = 2;
	int ret = 0;

	switch (o) {
	case 1000: lo->launch = arg; break;
	case 1001: lo->ovmf = arg; break;
	case 1002: lo->kernel = arg; break;
	case 1003: lo->initrd = arg; break;
	case 1004: lo->append = arg; break;
	case 1005:
		ret = sc_parse_u64("--vcpus", arg, &v);
		if (!ret && (!v || v > 4096)) {
			sc_err(SC_EINPUT, "--vcpus: %s is not in 1..4096", arg);
			ret = -SC_EINPUT;
		}
		lo->vcpus = v;
		break;
	case 1006: ret = sc_vmsa_desc_set(&lo->vd, "vcpu-type", arg, "--vcpu-type"); break;
	case 1007: ret = sc_vmsa_desc_set(&lo->vd, "vcpu-sig", arg, "--vcpu-sig"); break;
	case 1008: case 1009: case 1010:
		ret = sc_parse_u64("--vcpu-family/model/stepping", arg, &v);
		if (o == 1008)
			fam = v;
		else if (o == 1009)
			model = v;
		else
			step = v;
		lo->vd.vcpu_sig = sc_cpu_sig_fms(fam, model, step);
		break;
	case 1011: ret = sc_vmsa_desc_set(&lo->vd, "fpu", arg, "--fpu");
		lo->fpu_given = true;
		break;
	case 1012: ret = sc_vmsa_desc_set(&lo->vd, "vmm", arg, "--vmm"); break;
	case 1013: ret = sc_vmsa_desc_set(&lo->vd, "sev-features", arg, "--sev-features"); break;
	case 1014: lo->policy = arg; break;
	case 1015: lo->api = arg; break;
	case 1016: lo->build = arg; break;
	case 1017:
		if (strcmp(arg, "canonical") && strcmp(arg, "call")) {
			sc_err(SC_EINPUT, "--order: '%s' is neither canonical nor call",
			       arg);
			ret = -SC_EINPUT;
		}
		lo->order = arg;
		break;
	default:
		return 1;
	}
	return ret;
}

static void launch_opts_init(struct launch_opts *lo)
{
	memset(lo, 0, sizeof(*lo));
	sc_vmsa_desc_default(&lo->vd);
	lo->vcpus = 1;
	lo->order = "canonical";
}

static int launch_from_ovmf(struct launch_opts *lo, struct sc_launch *l)
{
	uint8_t *img = NULL, *k = NULL, *ird = NULL, page[SC_VMSA_SIZE];
	uint8_t table[SC_HASHTABLE_SIZE];
	size_t ilen, klen = 0, irdlen = 0;
	struct sc_ovmf ov;
	unsigned long i;
	char where[64];
	int ret;

	ret = sc_read_file(lo->ovmf, &img, &ilen, 256u << 20);
	if (ret)
		return ret;
	if (!ilen || ilen % 16 || ilen > (4ULL << 30)) {
		sc_err(SC_EINPUT, "%s: size %zu is not a multiple of 16 below 4 GiB",
		       lo->ovmf, ilen);
		ret = -SC_EINPUT;
		goto out;
	}
	ret = sc_ovmf_parse(lo->ovmf, img, ilen, &ov);
	if (ret)
		goto out;
	ret = sc_launch_add(l, SC_ITEM_DATA, (4ULL << 30) - ilen, 0, img, ilen,
			    lo->ovmf);
	if (ret)
		goto out;
	if (lo->kernel) {
		if (!ov.have_hashes || !ov.hashes_base ||
		    ov.hashes_size < SC_HASHTABLE_SIZE) {
			sc_err(SC_EINPUT, "%s: no kernel-hashes table area in the footer (base %#x size %#x); --kernel needs an OVMF built for measured direct boot (AmdSev)",
			       lo->ovmf, ov.hashes_base, ov.hashes_size);
			ret = -SC_EINPUT;
			goto out;
		}
		ret = sc_read_file(lo->kernel, &k, &klen, 1u << 30);
		if (!ret && lo->initrd)
			ret = sc_read_file(lo->initrd, &ird, &irdlen, 1u << 31);
		if (!ret)
			ret = sc_hashtable_build(k, klen, ird, irdlen,
						 lo->append, table);
		if (!ret)
			ret = sc_launch_add(l, SC_ITEM_DATA, ov.hashes_base, 0,
					    table, sizeof(table),
					    "kernel-hashes table");
		if (ret)
			goto out;
	} else if (lo->initrd || lo->append) {
		sc_err(SC_EUSAGE, "--initrd/--append need --kernel");
		ret = -SC_EUSAGE;
		goto out;
	}
	if (l->policy & 4) {
		if (!lo->fpu_given) {
			sc_err(SC_EUSAGE, "SEV-ES policy: say which VMSA FPU flavour the host uses, --fpu es-init (KVM_SEV_ES_INIT) or --fpu init2 (KVM_SEV_INIT2)");
			ret = -SC_EUSAGE;
			goto out;
		}
		if (lo->vcpus > 1 && !ov.have_reset) {
			sc_err(SC_EINPUT, "%s: no SEV-ES reset block in the footer, so the AP reset address is unknown (%lu vCPUs)",
			       lo->ovmf, lo->vcpus);
			ret = -SC_EINPUT;
			goto out;
		}
		for (i = 0; i < lo->vcpus; i++) {
			struct sc_vmsa_desc d = lo->vd;

			d.reset_eip = i ? ov.ap_reset : 0xfffffff0;
			d.bsp = !i;
			sc_vmsa_build(&d, page);
			snprintf(where, sizeof(where), "VMSA of vCPU %lu", i);
			ret = sc_launch_add(l, SC_ITEM_VMSA, 0, i, page,
					    sizeof(page), where);
			if (ret)
				goto out;
		}
	}
out:
	free(img);
	free(k);
	free(ird);
	return ret;
}

static int launch_load(struct launch_opts *lo, struct sc_launch *l)
{
	uint64_t v;
	int ret;

	sc_launch_init(l);
	if (!!lo->launch == !!lo->ovmf) {
		sc_err(SC_EUSAGE, "give exactly one of --launch and --ovmf");
		return -SC_EUSAGE;
	}
	if (lo->launch) {
		ret = sc_launch_parse(lo->launch, l);
		if (ret)
			return ret;
	}
	if (lo->policy) {
		ret = sc_parse_u64("--policy", lo->policy, &v);
		if (ret)
			return ret;
		l->policy = v;
	}
	if (lo->build) {
		ret = sc_parse_u64("--build", lo->build, &v);
		if (ret)
			return ret;
		l->build = v;
	}
	if (lo->api) {
		unsigned int ma, mi;

		if (sscanf(lo->api, "%u.%u", &ma, &mi) != 2 || ma > 255 ||
		    mi > 255) {
			sc_err(SC_EINPUT, "--api: '%s' is not MAJOR.MINOR",
			       lo->api);
			return -SC_EINPUT;
		}
		l->api_major = ma;
		l->api_minor = mi;
	}
	if (lo->ovmf)
		return launch_from_ovmf(lo, l);
	return 0;
}

static bool canonical(const struct launch_opts *lo)
{
	return !strcmp(lo->order, "canonical");
}

static const char help_measure[] =
"usage: sevctl measure LAUNCH-INPUTS [--tik TIK --mnonce HEX] [--list]\n"
"\n"
"Print the expected launch digest in canonical and in call order, and with\n"
"--tik and --mnonce the measurement (MEASURE) in the order chosen by --order.\n"
"--list prints the expected launch-log records in that order, in the format\n"
"of 'sevctl log show'.\n"
"\n"
LAUNCH_HELP;

static int cmd_measure(int argc, char **argv)
{
	static const struct option opts[] = {
		LAUNCH_OPTS, { "tik", 1, 0, 't' }, { "mnonce", 1, 0, 'n' },
		{ "list", 0, 0, 'L' }, { "help", 0, 0, 'h' }, { 0 }
	};
	struct launch_opts lo;
	struct sc_launch l;
	const char *tikf = NULL, *mnonce = NULL;
	bool list = false;
	uint8_t ldc[32], ldo[32], tik[16], mn[16], m[32];
	int o, ret;

	launch_opts_init(&lo);
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (o == 't') {
			tikf = optarg;
		} else if (o == 'n') {
			mnonce = optarg;
		} else if (o == 'L') {
			list = true;
		} else if (o == 'h') {
			fputs(help_measure, stdout);
			return 0;
		} else {
			ret = launch_opt(&lo, o, optarg);
			if (ret > 0)
				return usage_err("measure", "bad option");
			if (ret)
				return fail(ret);
		}
	}
	if (!!tikf != !!mnonce)
		return usage_err("measure", "--tik and --mnonce go together");
	ret = launch_load(&lo, &l);
	if (!ret)
		ret = sc_launch_digest(&l, true, ldc);
	if (!ret)
		ret = sc_launch_digest(&l, false, ldo);
	if (!ret && tikf) {
		ret = read_key(tikf, tik);
		if (!ret)
			ret = sc_hex_parse("--mnonce", mnonce, mn, 16);
		if (!ret)
			ret = sc_measure(tik, l.api_major, l.api_minor,
					 l.build, l.policy,
					 canonical(&lo) ? ldc : ldo, mn, m);
	}
	if (ret) {
		sc_launch_free(&l);
		return fail(ret);
	}
	printf("items: %zu\n", l.n);
	if (list) {
		struct sc_log_rec *r;
		size_t n;

		ret = sc_log_expected(&l, canonical(&lo), &r, &n);
		if (ret) {
			sc_launch_free(&l);
			return fail(ret);
		}
		printf("expected launch log (%s order):\n", lo.order);
		sc_log_print(r, n);
		free(r);
	}
	print_hex("launch digest (canonical): ", ldc, 32);
	print_hex("launch digest (call order): ", ldo, 32);
	if (tikf) {
		printf("api %u.%u build %u policy %#x order %s\n", l.api_major,
		       l.api_minor, l.build, l.policy, lo.order);
		print_hex("measurement: ", m, 32);
		print_hex("mnonce: ", mn, 16);
	}
	sc_launch_free(&l);
	sc_wipe(tik, sizeof(tik));
	return 0;
}

static int log_check(const char *path, const struct sc_launch *l, bool canon,
		     bool quiet)
{
	struct sc_log_rec *got = NULL, *want = NULL;
	size_t ng, nw, idx;
	uint8_t *buf;
	size_t len;
	int ret;

	ret = sc_read_file(path, &buf, &len, 64u << 20);
	if (ret)
		return ret;
	ret = sc_log_parse(path, buf, len, &got, &ng);
	free(buf);
	if (!ret)
		ret = sc_log_expected(l, canon, &want, &nw);
	if (!ret)
		ret = sc_log_diff(got, ng, want, nw, &idx);
	if (!ret && !quiet)
		printf("launch log: %zu records, all as expected\n", ng);
	free(got);
	free(want);
	return ret;
}

static const char help_verify[] =
"usage: sevctl verify-measurement --tik TIK --measurement BLOB LAUNCH-INPUTS\n"
"                                 [--log LOG] [-q]\n"
"\n"
"Check the 48-byte LAUNCH_MEASURE result (MEASURE || MNONCE; a file, raw or\n"
"base64 as QEMU's query-sev-launch-measure returns it, or 96 hex digits)\n"
"against the expected launch.  Exit 0 if it matches, 3 if not.  With --log\n"
"(the launch log from KVM_SEV_LAUNCH_GET_LOG) the first record that differs\n"
"from the expected launch is named.\n"
"\n"
LAUNCH_HELP;

static int cmd_verify_measurement(int argc, char **argv)
{
	static const struct option opts[] = {
		LAUNCH_OPTS, { "tik", 1, 0, 't' },
		{ "measurement", 1, 0, 'm' }, { "log", 1, 0, 'l' },
		{ "help", 0, 0, 'h' }, { 0 }
	};
	const char *tikf = NULL, *meas = NULL, *logf = NULL;
	uint8_t tik[16], blob[48], ld[32], other[32];
	struct launch_opts lo;
	struct sc_launch l;
	bool quiet = false;
	int o, ret;

	launch_opts_init(&lo);
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (o == 't') {
			tikf = optarg;
		} else if (o == 'm') {
			meas = optarg;
		} else if (o == 'l') {
			logf = optarg;
		} else if (o == 'q') {
			quiet = true;
		} else if (o == 'h') {
			fputs(help_verify, stdout);
			return 0;
		} else {
			ret = launch_opt(&lo, o, optarg);
			if (ret > 0)
				return usage_err("verify-measurement", "bad option");
			if (ret)
				return fail(ret);
		}
	}
	if (!tikf || !meas)
		return usage_err("verify-measurement", "--tik and --measurement are required");
	ret = read_key(tikf, tik);
	if (!ret)
		ret = read_measurement(meas, blob);
	if (!ret)
		ret = launch_load(&lo, &l);
	if (ret)
		return fail(ret);
	ret = sc_launch_digest(&l, canonical(&lo), ld);
	if (!ret)
		ret = sc_measure_verify(tik, &l, ld, blob);
	if (ret == -SC_EVERIFY) {
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s", sc_errmsg());
		fprintf(stderr, "%s: %s\n", prog, msg);
		/* Say what else would have matched, then which record. */
		if (!sc_launch_digest(&l, !canonical(&lo), other) &&
		    !sc_measure_verify(tik, &l, other, blob))
			fprintf(stderr, "%s: note: it matches the %s order instead\n",
				prog, canonical(&lo) ? "call" : "canonical");
		if (logf && log_check(logf, &l, canonical(&lo), true))
			fprintf(stderr, "%s: %s\n", prog, sc_errmsg());
		else if (logf)
			fprintf(stderr, "%s: the launch log matches the expected launch; check TIK, policy, API version and build\n",
				prog);
		sc_launch_free(&l);
		return SC_EVERIFY;
	}
	if (!ret && logf)
		ret = log_check(logf, &l, canonical(&lo), quiet);
	sc_launch_free(&l);
	sc_wipe(tik, sizeof(tik));
	if (ret)
		return fail(ret);
	if (!quiet) {
		print_hex("launch digest: ", ld, 32);
		printf("measurement OK\n");
	}
	return 0;
}

static const char help_log[] =
"usage: sevctl log show LOG\n"
"       sevctl log diff LOG LAUNCH-INPUTS\n"
"\n"
"LOG is the array of struct kvm_sev_launch_log_entry (64 bytes each) that\n"
"KVM_SEV_LAUNCH_GET_LOG returns.  'show' prints it; 'diff' compares it\n"
"with the expected launch (--order as for measure) and names the first\n"
"record that differs (exit 3).\n"
"\n"
LAUNCH_HELP;

static int cmd_log(int argc, char **argv)
{
	static const struct option opts[] = {
		LAUNCH_OPTS, { "help", 0, 0, 'h' }, { 0 }
	};
	struct launch_opts lo;
	struct sc_launch l;
	const char *sub, *path;
	int o, ret;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help_log, argc < 2 ? stderr : stdout);
		return argc < 2 ? SC_EUSAGE : 0;
	}
	sub = argv[1];
	launch_opts_init(&lo);
	argc--;
	argv++;
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (o == 'h') {
			fputs(help_log, stdout);
			return 0;
		}
		ret = launch_opt(&lo, o, optarg);
		if (ret > 0)
			return usage_err("log", "bad option");
		if (ret)
			return fail(ret);
	}
	if (optind != argc - 1)
		return usage_err("log", "expected one LOG file");
	path = argv[optind];
	if (!strcmp(sub, "show")) {
		struct sc_log_rec *r;
		uint8_t *buf;
		size_t len, n;

		ret = sc_read_file(path, &buf, &len, 64u << 20);
		if (ret)
			return fail(ret);
		ret = sc_log_parse(path, buf, len, &r, &n);
		free(buf);
		if (ret)
			return fail(ret);
		sc_log_print(r, n);
		free(r);
		return 0;
	}
	if (strcmp(sub, "diff"))
		return usage_err("log", "subcommand is show or diff");
	ret = launch_load(&lo, &l);
	if (!ret)
		ret = log_check(path, &l, canonical(&lo), false);
	sc_launch_free(&l);
	return ret ? fail(ret) : 0;
}

/* ---------------------------------------------------------------------- */

static const char help_secret[] =
"usage: sevctl secret --tek TEK --tik TIK --measurement BLOB\n"
"                     (--entry GUID:FILE... | --raw FILE)\n"
"                     --out-header HDR --out-data DATA\n"
"                     [--guest-len N] [--api MAJOR.MINOR] [--iv HEX] [--b64]\n"
"\n"
"Package a secret for LAUNCH_SECRET.  The payload is a GUIDed secret table\n"
"(--entry, repeatable; OVMF / Linux efi_secret convention) zero-padded to\n"
"a multiple of 16, or a raw file (--raw) used as is.  It is padded with\n"
"zeros to --guest-len (default: its own length), encrypted with\n"
"AES-128-CTR under TEK and MACed with TIK together with the measurement\n"
"MEASURE from BLOB (48-byte LAUNCH_MEASURE result, or 64/96 hex digits).\n"
"Writes the 52-byte header (flags 0, IV, MAC) and the encrypted data, raw\n"
"(or base64 with --b64, for QEMU's sev-inject-launch-secret).  API below\n"
"0.17 (--api) leaves the measurement out of the MAC, as such firmware did.\n";

static int cmd_secret(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tek", 1, 0, 'e' }, { "tik", 1, 0, 't' },
		{ "measurement", 1, 0, 'm' }, { "entry", 1, 0, 'E' },
		{ "raw", 1, 0, 'r' }, { "out-header", 1, 0, 'H' },
		{ "out-data", 1, 0, 'D' }, { "guest-len", 1, 0, 'g' },
		{ "api", 1, 0, 'a' }, { "iv", 1, 0, 'i' }, { "b64", 0, 0, 'b' },
		{ "help", 0, 0, 'h' }, { 0 }
	};
	const char *tekf = NULL, *tikf = NULL, *meas = NULL, *raw = NULL;
	const char *hdrf = NULL, *dataf = NULL, *glen_s = NULL, *ivs = NULL;
	const char *entries[32];
	struct sc_secret_entry ent[32];
	uint8_t *files[32] = { 0 };
	uint8_t tek[16], tik[16], blob[48], iv[16], hdr[SC_SECRET_HDR_SIZE];
	uint8_t plain[SC_SECRET_MAX], trans[SC_SECRET_MAX];
	size_t nent = 0, plen = 0, i;
	struct sc_outset out = { 0 };
	bool b64 = false, with_meas = true;
	unsigned int ma, mi;
	uint64_t glen = 0;
	int o, ret = 0;

	memset(plain, 0, sizeof(plain));
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'e': tekf = optarg; break;
		case 't': tikf = optarg; break;
		case 'm': meas = optarg; break;
		case 'E':
			if (nent == ARRAY_SIZE(entries))
				return usage_err("secret", "too many --entry");
			entries[nent++] = optarg;
			break;
		case 'r': raw = optarg; break;
		case 'H': hdrf = optarg; break;
		case 'D': dataf = optarg; break;
		case 'g': glen_s = optarg; break;
		case 'a':
			if (sscanf(optarg, "%u.%u", &ma, &mi) != 2)
				return usage_err("secret", "--api is MAJOR.MINOR");
			with_meas = ma > 0 || mi >= 17;
			break;
		case 'i': ivs = optarg; break;
		case 'b': b64 = true; break;
		case 'h': fputs(help_secret, stdout); return 0;
		default: return usage_err("secret", "bad option");
		}
	}
	if (!tekf || !tikf || !meas || !hdrf || !dataf || (!raw == !nent))
		return usage_err("secret", "--tek, --tik, --measurement, --out-header, --out-data and one of --entry/--raw are required");
	ret = read_key(tekf, tek);
	if (!ret)
		ret = read_key(tikf, tik);
	if (!ret) {
		if (strlen(meas) == 64)
			ret = sc_hex_parse("--measurement", meas, blob, 32);
		else
			ret = read_measurement(meas, blob);
	}
	if (!ret && ivs)
		ret = sc_hex_parse("--iv", ivs, iv, 16);
	if (!ret && glen_s)
		ret = sc_parse_u64("--guest-len", glen_s, &glen);
	for (i = 0; !ret && i < nent; i++) {
		char *colon = strchr(entries[i], ':');
		char gs[37];
		size_t len = 0;

		if (!colon || colon - entries[i] != 36) {
			sc_err(SC_EINPUT, "--entry '%s': expected GUID:FILE",
			       entries[i]);
			ret = -SC_EINPUT;
			break;
		}
		memcpy(gs, entries[i], 36);
		gs[36] = 0;
		ret = sc_guid_parse(gs, ent[i].guid);
		if (!ret)
			ret = sc_read_file(colon + 1, &files[i], &len,
					   SC_SECRET_MAX);
		ent[i].data = files[i];
		ent[i].len = len;
	}
	if (!ret && nent) {
		ret = sc_secret_table(ent, nent, plain, sizeof(plain), &plen);
		plen = (plen + 15) & ~(size_t)15;
		if (!ret && plen > sizeof(plain)) {
			sc_err(SC_EINPUT, "secret table too large");
			ret = -SC_EINPUT;
		}
	} else if (!ret) {
		uint8_t *b;

		ret = sc_read_file(raw, &b, &plen, SC_SECRET_MAX);
		if (!ret) {
			memcpy(plain, b, plen);
			sc_wipe(b, plen);
			free(b);
		}
	}
	if (!ret && !glen)
		glen = plen;
	if (!ret && glen > SC_SECRET_MAX) {
		sc_err(SC_EINPUT, "--guest-len %llu exceeds %#x",
		       (unsigned long long)glen, SC_SECRET_MAX);
		ret = -SC_EINPUT;
	}
	if (!ret)
		ret = sc_secret_build(tek, tik, blob, with_meas,
				      ivs ? iv : NULL, 0, plain, plen, glen,
				      hdr, trans);
	if (!ret && b64) {
		char *h = sc_b64(hdr, sizeof(hdr)), *d = sc_b64(trans, glen);

		ret = h && d ? sc_out_write(&out, hdrf, h, strlen(h), 0644) :
		      -SC_EINTERNAL;
		if (!ret)
			ret = sc_out_write(&out, dataf, d, strlen(d), 0644);
		free(h);
		free(d);
	} else if (!ret) {
		ret = sc_out_write(&out, hdrf, hdr, sizeof(hdr), 0644);
		if (!ret)
			ret = sc_out_write(&out, dataf, trans, glen, 0644);
	}
	for (i = 0; i < nent; i++) {
		if (files[i])
			sc_wipe(files[i], ent[i].len);
		free(files[i]);
	}
	sc_wipe(plain, sizeof(plain));
	sc_wipe(tek, sizeof(tek));
	sc_wipe(tik, sizeof(tik));
	if (ret) {
		sc_out_abort(&out);
		return fail(ret);
	}
	sc_out_done(&out);
	printf("secret packet: header %s, %llu bytes of data in %s\n", hdrf,
	       (unsigned long long)glen, dataf);
	return 0;
}

/* ---------------------------------------------------------------------- */

static const char help_vmsa[] =
"usage: sevctl vmsa build [--desc FILE] [--reset-vector EIP] [--vcpu-type T]\n"
"                         [--vcpu-sig SIG] [--sev-features X]\n"
"                         [--fpu es-init|init2] [--vmm qemu|ec2|gce] -o OUT\n"
"       sevctl vmsa show FILE\n"
"\n"
"build: write the 4096-byte VMSA of a vCPU at reset, as KVM measures it.\n"
"The description (Documentation/sevctl.rst) holds 'key value' lines with\n"
"the same keys as the options, which override it.  --fpu is required:\n"
"es-init = KVM_SEV_ES_INIT (MXCSR and FCW 0), init2 = KVM_SEV_INIT2\n"
"(MXCSR 0x1f80, FCW 0x37f).  The BSP's reset vector is 0xfffffff0; an AP's\n"
"is the OVMF SEV-ES reset block address.\n"
"show: print a VMSA page field by field.\n";

static int cmd_vmsa(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "desc", 1, 0, 'd' }, { "reset-vector", 1, 0, 'r' },
		{ "vcpu-type", 1, 0, 't' }, { "vcpu-sig", 1, 0, 's' },
		{ "sev-features", 1, 0, 'f' }, { "fpu", 1, 0, 'F' },
		{ "vmm", 1, 0, 'v' }, { "help", 0, 0, 'h' }, { 0 }
	};
	static const char * const keys[128] = {
		['r'] = "reset-vector", ['t'] = "vcpu-type",
		['s'] = "vcpu-sig", ['f'] = "sev-features", ['F'] = "fpu",
		['v'] = "vmm",
	};
	const char *desc = NULL, *outf = NULL, *sets[128] = { 0 };
	struct sc_outset out = { 0 };
	struct sc_vmsa_desc d;
	uint8_t page[SC_VMSA_SIZE];
	bool fpu = false;
	int o, ret = 0;
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help_vmsa, argc < 2 ? stderr : stdout);
		return argc < 2 ? SC_EUSAGE : 0;
	}
	if (!strcmp(argv[1], "show")) {
		if (argc != 3)
			return usage_err("vmsa", "'vmsa show' takes one FILE");
		ret = sc_read_blob(argv[2], page, sizeof(page));
		if (ret)
			return fail(ret);
		sc_vmsa_print(page);
		return 0;
	}
	if (strcmp(argv[1], "build"))
		return usage_err("vmsa", "subcommand is build or show");
	argc--;
	argv++;
	while ((o = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (o) {
		case 'd': desc = optarg; break;
		case 'o': outf = optarg; break;
		case 'h': fputs(help_vmsa, stdout); return 0;
		case 'r': case 't': case 's': case 'f': case 'F': case 'v':
			sets[o] = optarg;
			break;
		default: return usage_err("vmsa", "bad option");
		}
	}
	if (!outf)
		return usage_err("vmsa", "-o OUT is required");
	if (desc) {
		FILE *f = fopen(desc, "r");
		char line[512];

		ret = sc_vmsa_desc_parse(desc, &d);
		while (!ret && f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "fpu", 3))
				fpu = true;
		if (f)
			fclose(f);
	} else {
		sc_vmsa_desc_default(&d);
	}
	for (i = 0; !ret && i < ARRAY_SIZE(sets); i++)
		if (sets[i]) {
			char where[32];

			snprintf(where, sizeof(where), "--%s", keys[i]);
			ret = sc_vmsa_desc_set(&d, keys[i], sets[i], where);
			fpu |= i == 'F';
		}
	if (ret)
		return fail(ret);
	if (!fpu)
		return usage_err("vmsa", "say which FPU flavour: --fpu es-init or --fpu init2 (or 'fpu' in the description)");
	sc_vmsa_build(&d, page);
	ret = sc_out_write(&out, outf, page, sizeof(page), 0644);
	if (ret) {
		sc_out_abort(&out);
		return fail(ret);
	}
	sc_out_done(&out);
	return 0;
}

static const char help_ovmf[] =
"usage: sevctl ovmf FILE\n"
"\n"
"Print what sevctl reads from an OVMF image's footer GUID table: the SEV-ES\n"
"AP reset address, the kernel-hashes table area and the secret area, and\n"
"the image's SHA-256 (the SEV launch digest of a boot without -kernel).\n";

static int cmd_ovmf(int argc, char **argv)
{
	struct sc_ovmf o;
	uint8_t *img, h[32];
	size_t len;
	int ret;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(help_ovmf, stdout);
		return 0;
	}
	if (argc != 2)
		return usage_err("ovmf", "expected one FILE");
	ret = sc_read_file(argv[1], &img, &len, 256u << 20);
	if (ret)
		return fail(ret);
	ret = sc_ovmf_parse(argv[1], img, len, &o);
	if (!ret)
		ret = sc_sha256(img, len, h);
	free(img);
	if (ret)
		return fail(ret);
	printf("size:              %#zx (measured at GPA %#llx)\n", len,
	       (unsigned long long)((4ULL << 30) - len));
	print_hex("sha256:            ", h, 32);
	if (o.have_reset)
		printf("SEV-ES AP reset:   %#x (cs.base %#x, rip %#x)\n",
		       o.ap_reset, o.ap_reset & 0xffff0000, o.ap_reset & 0xffff);
	else
		printf("SEV-ES AP reset:   none (no SEV-ES reset block)\n");
	if (o.have_hashes)
		printf("kernel hashes:     base %#x size %#x%s\n", o.hashes_base,
		       o.hashes_size, o.hashes_base ? "" : " (unusable)");
	else
		printf("kernel hashes:     none\n");
	if (o.have_secret)
		printf("secret area:       base %#x size %#x\n", o.secret_base,
		       o.secret_size);
	else
		printf("secret area:       none\n");
	return 0;
}

/* ---------------------------------------------------------------------- */

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "verify-chain", cmd_verify_chain, "verify a PDH and its certificate chain" },
	{ "show-cert", cmd_show_cert, "print SEV certificates" },
	{ "emu-roots", cmd_emu_roots, "write the software firmware's test ARK/ASK" },
	{ "session", cmd_session, "make the GODH certificate, session blob, TEK and TIK" },
	{ "measure", cmd_measure, "compute the expected launch digest and measurement" },
	{ "verify-measurement", cmd_verify_measurement, "check a LAUNCH_MEASURE result" },
	{ "log", cmd_log, "show a launch log or compare it with the expected launch" },
	{ "secret", cmd_secret, "package a LAUNCH_SECRET packet" },
	{ "vmsa", cmd_vmsa, "build or print a VMSA page" },
	{ "ovmf", cmd_ovmf, "print an OVMF image's SEV footer entries" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: sevctl COMMAND [OPTIONS]   ('sevctl COMMAND --help')\n\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-20s %s\n", cmds[i].name, cmds[i].what);
	fprintf(f, "\nexit codes: 0 ok, 1 usage, 2 bad input, 3 verification failed, 4 internal/output error\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return SC_EUSAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[1]);
	usage(stderr);
	return SC_EUSAGE;
}
