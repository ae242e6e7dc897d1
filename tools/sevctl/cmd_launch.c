// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl: launch inputs (a description, or OVMF and direct boot
 * files), measure, verify-measurement, log and ovmf.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

struct launch_opts {
	const char *launch, *ovmf, *kernel, *initrd, *append;
	const char *policy, *api, *build, *order;
	const char *igvm, *platform;
	unsigned long vcpus;
	struct sc_vmsa_desc vd;
	bool fpu_given;
	bool order_given;
	const char *vmsa_opt;	/* first VMSA option given, for messages */
};

/* The options every launch command takes, ahead of its own. */
static const struct option launch_optv[] = {
	{ "launch", 1, 0, 1000 }, { "ovmf", 1, 0, 1001 },
	{ "kernel", 1, 0, 1002 }, { "initrd", 1, 0, 1003 },
	{ "append", 1, 0, 1004 }, { "vcpus", 1, 0, 1005 },
	{ "vcpu-type", 1, 0, 1006 }, { "vcpu-sig", 1, 0, 1007 },
	{ "vcpu-family", 1, 0, 1008 }, { "vcpu-model", 1, 0, 1009 },
	{ "vcpu-stepping", 1, 0, 1010 }, { "fpu", 1, 0, 1011 },
	{ "vmm", 1, 0, 1012 }, { "sev-features", 1, 0, 1013 },
	{ "policy", 1, 0, 1014 }, { "api", 1, 0, 1015 },
	{ "build", 1, 0, 1016 }, { "order", 1, 0, 1017 },
	{ "igvm", 1, 0, 1018 }, { "platform", 1, 0, 1019 }
};

/* A command's own options, at most this many. */
#define OWN_OPTS_MAX	8
#define LAUNCH_OPTS_MAX	(ARRAY_SIZE(launch_optv) + OWN_OPTS_MAX + 1)

/*
 * @all (LAUNCH_OPTS_MAX entries): launch_optv, then @own up to its zero
 * entry, then a zero entry.
 */
static void launch_opts_join(struct option *all, const struct option *own)
{
	size_t i;

	memcpy(all, launch_optv, sizeof(launch_optv));
	all += ARRAY_SIZE(launch_optv);
	for (i = 0; i < OWN_OPTS_MAX && own[i].name; i++)
		all[i] = own[i];
	memset(&all[i], 0, sizeof(all[i]));
}

#define LAUNCH_HELP \
"Launch inputs: either\n" \
"  --launch DESC        a launch description (Documentation/sevctl.rst)\n" \
"or an IGVM file (Documentation/igvm.rst):\n" \
"  --igvm FILE [--platform sev|sev-es]   file order = call order\n" \
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
"                       (VMSA options need the ES bit 0x4 in the policy)\n" \
"and, with --ovmf, or to override the description:\n" \
"  --policy P --api MAJOR.MINOR --build B\n" \
"                       (policy 32 bits, API parts decimal 0..255, build\n" \
"                       0..255; larger values are refused)\n" \
"  --order canonical|call   measurement order (canonical: data by GPA, then\n" \
"                       VMSAs by vCPU id; call: as listed, QEMU's order for\n" \
"                       --ovmf).  Default canonical, but measure --tik\n" \
"                       prints both when they differ\n"

static int launch_opt(struct launch_opts *lo, int o, const char *arg)
{
	static const char * const vmsa_opts[] = {
		"--vcpus", "--vcpu-type", "--vcpu-sig", "--vcpu-family",
		"--vcpu-model", "--vcpu-stepping", "--fpu", "--vmm",
		"--sev-features",
	};
	uint64_t v;
	static unsigned long fam = 0x17, model = 1, step = 2;
	int ret = 0;

	if (o >= 1005 && o <= 1013 && !lo->vmsa_opt)
		lo->vmsa_opt = vmsa_opts[o - 1005];
	switch (o) {
	case 1000:
		lo->launch = arg;
		break;
	case 1001:
		lo->ovmf = arg;
		break;
	case 1002:
		lo->kernel = arg;
		break;
	case 1003:
		lo->initrd = arg;
		break;
	case 1004:
		lo->append = arg;
		break;
	case 1005:
		ret = sc_parse_u64("--vcpus", arg, &v);
		if (!ret && (!v || v > 4096)) {
			sc_err(SC_EINPUT, "--vcpus: %s is not in 1..4096", arg);
			ret = -SC_EINPUT;
		}
		lo->vcpus = v;
		break;
	case 1006:
		ret = sc_vmsa_desc_set(&lo->vd, "vcpu-type", arg, "--vcpu-type");
		break;
	case 1007:
		ret = sc_vmsa_desc_set(&lo->vd, "vcpu-sig", arg, "--vcpu-sig");
		break;
	case 1008: case 1009: case 1010:
		/* CPUID(1).EAX: family 0xf + 8-bit extended family, model
		 * 4 + 4 bits, stepping 4 bits.
		 */
		ret = sc_parse_uint(vmsa_opts[o - 1005], arg,
				    o == 1008 ? 0x10e : o == 1009 ? 0xff : 0xf,
				    &v);
		if (ret)
			break;
		if (o == 1008)
			fam = v;
		else if (o == 1009)
			model = v;
		else
			step = v;
		lo->vd.vcpu_sig = sc_cpu_sig_fms(fam, model, step);
		break;
	case 1011:
		ret = sc_vmsa_desc_set(&lo->vd, "fpu", arg, "--fpu");
		lo->fpu_given = true;
		break;
	case 1012:
		ret = sc_vmsa_desc_set(&lo->vd, "vmm", arg, "--vmm");
		break;
	case 1013:
		ret = sc_vmsa_desc_set(&lo->vd, "sev-features", arg, "--sev-features");
		break;
	case 1014:
		lo->policy = arg;
		break;
	case 1015:
		lo->api = arg;
		break;
	case 1016:
		lo->build = arg;
		break;
	case 1017:
		lo->order_given = true;
		if (strcmp(arg, "canonical") && strcmp(arg, "call")) {
			sc_err(SC_EINPUT, "--order: '%s' is neither canonical nor call",
			       arg);
			ret = -SC_EINPUT;
		}
		lo->order = arg;
		break;
	case 1018:
		lo->igvm = arg;
		break;
	case 1019:
		lo->platform = arg;
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

/* VMSA options only mean something for an SEV-ES launch from --ovmf. */
static int launch_vmsa_check(const struct launch_opts *lo,
			     const struct sc_launch *l)
{
	if (!lo->vmsa_opt)
		return 0;
	if (lo->launch) {
		sc_err(SC_EUSAGE, "%s: VMSA options apply to --ovmf; a launch description gives its VMSA pages in vmsa lines",
		       lo->vmsa_opt);
		return -SC_EUSAGE;
	}
	if (!(l->policy & 4)) {
		sc_err(SC_EUSAGE, "%s: only an SEV-ES guest has VMSAs, and policy %#x lacks the ES bit 0x4 (--policy)",
		       lo->vmsa_opt, l->policy);
		return -SC_EUSAGE;
	}
	return 0;
}

static int launch_load(struct launch_opts *lo, struct sc_launch *l)
{
	uint64_t v;
	int ret;

	sc_launch_init(l);
	if (!!lo->launch + !!lo->ovmf + !!lo->igvm != 1 ||
	    (lo->platform && !lo->igvm)) {
		sc_err(SC_EUSAGE, "give exactly one of --launch, --ovmf and --igvm (--platform goes with --igvm)");
		return -SC_EUSAGE;
	}
	if (lo->igvm) {
		ret = sc_launch_from_igvm(lo->igvm, lo->platform, l);
		if (ret)
			return ret;
	}
	if (lo->launch) {
		ret = sc_launch_parse(lo->launch, l);
		if (ret)
			return ret;
	}
	if (lo->policy) {
		ret = sc_parse_uint("--policy", lo->policy, 0xffffffff, &v);
		if (ret)
			return ret;
		l->policy = v;
		l->given |= SC_GIVEN_POLICY;
	}
	if (lo->build) {
		ret = sc_parse_uint("--build", lo->build, 0xff, &v);
		if (ret)
			return ret;
		l->build = v;
		l->given |= SC_GIVEN_BUILD;
	}
	if (lo->api) {
		ret = sc_parse_api("--api", lo->api, &l->api_major,
				   &l->api_minor);
		if (ret)
			return ret;
		l->given |= SC_GIVEN_API;
	}
	ret = launch_vmsa_check(lo, l);
	if (ret)
		return ret;
	if (lo->ovmf)
		return launch_from_ovmf(lo, l);
	return 0;
}

/* MEASURE covers the API version, build and policy: never guess them. */
static int launch_fw_check(const struct sc_launch *l)
{
	static const char * const names[] = { "--api", "--build", "--policy" };
	char miss[40] = "";
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!(l->given & (1u << i)))
			snprintf(miss + strlen(miss), sizeof(miss) - strlen(miss),
				 "%s%s", miss[0] ? " " : "", names[i]);
	if (!miss[0])
		return 0;
	sc_err(SC_EUSAGE, "a measurement covers the firmware's API version and build and the guest policy (SEV_PLATFORM_STATUS, QEMU query-sev); missing: %s (options, or api/build/policy lines of the description)",
	       miss);
	return -SC_EUSAGE;
}

static bool canonical(const struct launch_opts *lo)
{
	return !strcmp(lo->order, "canonical");
}

static const char help_measure[] =
"usage: sevctl measure LAUNCH-INPUTS [--tik TIK --mnonce MNONCE] [--list]\n"
"       sevctl measure --snp --ovmf FILE ...   (SEV-SNP; measure --snp --help)\n"
"\n"
"Print the expected launch digest in canonical and in call order, and with\n"
"--tik and --mnonce the measurement (MEASURE), which also needs --api,\n"
"--build and --policy (or the description's lines).  With --order, MEASURE\n"
"is printed for that order ('measurement: ').  Without it, when the two\n"
"orders give different digests, both are printed ('measurement (canonical\n"
"order): ', 'measurement (call order): ') with a note: a stock host (QEMU\n"
"on upstream KVM) measures in call order, sev-launch's canonical mode in\n"
"canonical order.  API versions below 0.17 leave 0x04 || API || BUILD out\n"
"of MEASURE, as such firmware does.  MNONCE is 32 hex digits, base64 (as\n"
"in QEMU's query-sev-launch-measure) or a file holding 16 raw bytes or\n"
"such text.  --list prints the expected launch-log records (in --order's\n"
"order, default canonical), in the format of 'sevctl log show'.\n"
"\n"
LAUNCH_HELP;

int cmd_measure(int argc, char **argv)
{
	static const struct option own[] = {
		{ "tik", 1, 0, 't' }, { "mnonce", 1, 0, 'n' },
		{ "list", 0, 0, 'L' }, { "help", 0, 0, 'h' }, { 0 }
	};
	struct option opts[LAUNCH_OPTS_MAX];
	struct launch_opts lo;
	struct sc_launch l;
	const char *tikf = NULL, *mnonce = NULL;
	bool list = false;
	uint8_t ldc[32], ldo[32], tik[16], mn[16], mc[32], mo[32];
	int o, ret;

	for (o = 1; o < argc; o++)
		if (!strcmp(argv[o], "--snp"))
			return cmd_measure_snp(argc, argv);
	launch_opts_init(&lo);
	launch_opts_join(opts, own);
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 't':
			tikf = optarg;
			break;
		case 'n':
			mnonce = optarg;
			break;
		case 'L':
			list = true;
			break;
		case 'h':
			fputs(help_measure, stdout);
			return 0;
		default:
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
	if (!ret && tikf)
		ret = launch_fw_check(&l);
	if (!ret && tikf) {
		ret = read_key(tikf, tik);
		if (!ret)
			ret = read_value("--mnonce", mnonce, mn, 16, 0, NULL);
		if (!ret)
			ret = sc_measure(tik, l.api_major, l.api_minor,
					 l.build, l.policy, ldc, mn, mc);
		if (!ret)
			ret = sc_measure(tik, l.api_major, l.api_minor,
					 l.build, l.policy, ldo, mn, mo);
	}
	sc_wipe(tik, sizeof(tik));
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
		bool same = !memcmp(ldc, ldo, 32);

		printf("api %u.%u build %u policy %#x order %s%s\n",
		       l.api_major, l.api_minor, l.build, l.policy,
		       lo.order_given ? lo.order : same ? "canonical = call" :
		       "not given",
		       sc_api_measures_version(l.api_major, l.api_minor) ? "" :
		       " (API below 0.17: MEASURE without API and build)");
		if (lo.order_given || same) {
			print_hex("measurement: ", canonical(&lo) ? mc : mo, 32);
		} else {
			print_hex("measurement (canonical order): ", mc, 32);
			print_hex("measurement (call order): ", mo, 32);
			fprintf(stderr, "%s measure: note: the two orders give different measurements. A stock host (QEMU on upstream KVM, and every other owner tool) measures in call order, sev-launch's canonical mode in canonical order; --order call or --order canonical prints one.\n",
				prog);
		}
		print_hex("mnonce: ", mn, 16);
	}
	sc_launch_free(&l);
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
"Check the 48-byte LAUNCH_MEASURE result MEASURE || MNONCE against the\n"
"expected launch.  BLOB is inline base64 (what QEMU's\n"
"query-sev-launch-measure prints), 96 hex digits, or a file holding the 48\n"
"raw bytes or such text; text made only of hex digits is hex, and an\n"
"argument that is both a file and valid inline text is refused.  --api,\n"
"--build and --policy (or the description's lines) are required.  Exit 0\n"
"if it matches, 3 if not.  With --log (the launch log from\n"
"KVM_SEV_LAUNCH_GET_LOG) the first record that differs from the expected\n"
"launch is named.\n"
"\n"
LAUNCH_HELP;

int cmd_verify_measurement(int argc, char **argv)
{
	static const struct option own[] = {
		{ "tik", 1, 0, 't' },
		{ "measurement", 1, 0, 'm' }, { "log", 1, 0, 'l' },
		{ "help", 0, 0, 'h' }, { 0 }
	};
	struct option opts[LAUNCH_OPTS_MAX];
	const char *tikf = NULL, *meas = NULL, *logf = NULL;
	uint8_t tik[16], blob[48], ld[32], other[32];
	struct launch_opts lo;
	struct sc_launch l;
	bool quiet = false;
	int o, ret;

	launch_opts_init(&lo);
	launch_opts_join(opts, own);
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (o) {
		case 't':
			tikf = optarg;
			break;
		case 'm':
			meas = optarg;
			break;
		case 'l':
			logf = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(help_verify, stdout);
			return 0;
		default:
			ret = launch_opt(&lo, o, optarg);
			if (ret > 0)
				return usage_err("verify-measurement", "bad option");
			if (ret)
				return fail(ret);
		}
	}
	if (!tikf || !meas)
		return usage_err("verify-measurement", "--tik and --measurement are required");
	sc_launch_init(&l);
	ret = read_key(tikf, tik);
	if (!ret)
		ret = read_value("--measurement", meas, blob, 48, 0, NULL);
	if (!ret)
		ret = launch_load(&lo, &l);
	if (!ret)
		ret = launch_fw_check(&l);
	if (ret) {
		sc_launch_free(&l);
		sc_wipe(tik, sizeof(tik));
		return fail(ret);
	}
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
		sc_wipe(tik, sizeof(tik));
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

int cmd_log(int argc, char **argv)
{
	static const struct option own[] = {
		{ "help", 0, 0, 'h' }, { 0 }
	};
	struct option opts[LAUNCH_OPTS_MAX];
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
	launch_opts_join(opts, own);
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

static const char help_ovmf[] =
"usage: sevctl ovmf FILE\n"
"\n"
"Print what sevctl reads from an OVMF image's footer GUID table: the SEV-ES\n"
"AP reset address, the kernel-hashes table area and the secret area, and\n"
"the image's SHA-256 (the SEV launch digest of a boot without -kernel).\n";

int cmd_ovmf(int argc, char **argv)
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
	if (!o.have_meta)
		printf("SEV metadata:      none (no SNP sections)\n");
	for (unsigned int i = 0; i < o.nsec; i++) {
		static const char * const t[] = {
			[1] = "SNP_SEC_MEM", [2] = "SNP_SECRETS", [3] = "CPUID",
			[4] = "SVSM_CAA",
		};
		unsigned int ty = o.sec[i].type;

		printf("SNP section:       %#x size %#x %s\n", o.sec[i].gpa,
		       o.sec[i].size, ty == SC_OVMF_SNP_KERNEL_HASHES ?
		       "SNP_KERNEL_HASHES" : ty < 5 && t[ty] ? t[ty] : "unknown");
	}
	return 0;
}
