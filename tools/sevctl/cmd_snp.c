// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl: SEV-SNP launch inputs and 'measure --snp'.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static const struct option snp_opts[] = {
	{ "ovmf", 1, 0, SNP_O_OVMF }, { "kernel", 1, 0, SNP_O_KERNEL },
	{ "initrd", 1, 0, SNP_O_INITRD }, { "append", 1, 0, SNP_O_APPEND },
	{ "vcpus", 1, 0, SNP_O_VCPUS }, { "vcpu-type", 1, 0, SNP_O_TYPE },
	{ "vcpu-sig", 1, 0, SNP_O_SIG }, { "vcpu-family", 1, 0, SNP_O_FAM },
	{ "vcpu-model", 1, 0, SNP_O_MODEL },
	{ "vcpu-stepping", 1, 0, SNP_O_STEP },
	{ "guest-features", 1, 0, SNP_O_FEAT },
	{ "sev-features", 1, 0, SNP_O_FEAT }, { "vmm", 1, 0, SNP_O_VMM },
	{ "order", 1, 0, SNP_O_ORDER },
};

struct option *snp_opts_with(const struct option *extra)
{
	size_t n = 0, m = ARRAY_SIZE(snp_opts);
	struct option *o;

	while (extra[n].name)
		n++;
	o = calloc(m + n + 1, sizeof(*o));
	if (!o)
		return NULL;
	memcpy(o, snp_opts, sizeof(snp_opts));
	memcpy(o + m, extra, n * sizeof(*o));
	return o;
}

void snp_in_init(struct snp_in *in)
{
	memset(in, 0, sizeof(*in));
	sc_vmsa_desc_default(&in->vd);
	in->vd.sev_features = 0x1;	/* SNPActive */
	in->vcpus = 1;
	in->fam = 0x17;
	in->model = 1;
	in->step = 2;
}

/* Returns 1 if @o is not an SNP input option. */
int snp_opt(struct snp_in *in, int o, const char *arg)
{
	static const char * const fms[] = {
		"--vcpu-family", "--vcpu-model", "--vcpu-stepping"
	};
	uint64_t v;
	int ret = 0;

	switch (o) {
	case SNP_O_OVMF:
		in->ovmf = arg;
		break;
	case SNP_O_KERNEL:
		in->kernel = arg;
		break;
	case SNP_O_INITRD:
		in->initrd = arg;
		break;
	case SNP_O_APPEND:
		in->append = arg;
		break;
	case SNP_O_VCPUS:
		ret = sc_parse_uint("--vcpus", arg, 4096, &v);
		if (!ret && !v) {
			sc_err(SC_EINPUT, "--vcpus: 0 is not in 1..4096");
			ret = -SC_EINPUT;
		}
		in->vcpus = v;
		break;
	case SNP_O_TYPE:
		ret = sc_vmsa_desc_set(&in->vd, "vcpu-type", arg, "--vcpu-type");
		break;
	case SNP_O_SIG:
		ret = sc_vmsa_desc_set(&in->vd, "vcpu-sig", arg, "--vcpu-sig");
		break;
	case SNP_O_FAM: case SNP_O_MODEL: case SNP_O_STEP:
		ret = sc_parse_uint(fms[o - SNP_O_FAM], arg,
				    o == SNP_O_FAM ? 0x10e :
				    o == SNP_O_MODEL ? 0xff : 0xf, &v);
		if (ret)
			break;
		if (o == SNP_O_FAM)
			in->fam = v;
		else if (o == SNP_O_MODEL)
			in->model = v;
		else
			in->step = v;
		in->vd.vcpu_sig = sc_cpu_sig_fms(in->fam, in->model, in->step);
		break;
	case SNP_O_FEAT:
		ret = sc_parse_u64("--guest-features", arg,
				   &in->vd.sev_features);
		break;
	case SNP_O_VMM:
		ret = sc_vmsa_desc_set(&in->vd, "vmm", arg, "--vmm");
		break;
	case SNP_O_ORDER:
		if (strcmp(arg, "canonical") && strcmp(arg, "call")) {
			sc_err(SC_EINPUT, "--order: '%s' is neither canonical nor call",
			       arg);
			ret = -SC_EINPUT;
		}
		in->canonical = !strcmp(arg, "canonical");
		break;
	default:
		return 1;
	}
	return ret;
}

bool snp_in_given(const struct snp_in *in)
{
	return in->ovmf || in->kernel || in->initrd || in->append;
}

int snp_load(const struct snp_in *in, struct sc_snp_launch *l)
{
	uint8_t *img = NULL, *k = NULL, *ird = NULL;
	uint8_t table[SC_HASHTABLE_SIZE];
	struct sc_snp_ovmf_in oi;
	size_t klen = 0, irdlen = 0;
	struct sc_ovmf ov;
	int ret;

	sc_snp_init(l);
	if (!in->ovmf) {
		sc_err(SC_EUSAGE, "--ovmf is required for an SNP launch");
		return -SC_EUSAGE;
	}
	if ((in->initrd || in->append) && !in->kernel) {
		sc_err(SC_EUSAGE, "--initrd/--append need --kernel");
		return -SC_EUSAGE;
	}
	memset(&oi, 0, sizeof(oi));
	ret = sc_read_file(in->ovmf, &img, &oi.len, 256u << 20);
	if (!ret)
		ret = sc_ovmf_parse(in->ovmf, img, oi.len, &ov);
	if (!ret && in->kernel) {
		ret = sc_read_file(in->kernel, &k, &klen, 1u << 30);
		if (!ret && in->initrd)
			ret = sc_read_file(in->initrd, &ird, &irdlen, 1u << 31);
		if (!ret)
			ret = sc_hashtable_build(k, klen, ird, irdlen,
						 in->append, table);
		oi.hashtable = table;
	}
	if (!ret) {
		oi.img = img;
		oi.ovmf = &ov;
		oi.vcpus = in->vcpus;
		oi.vmsa = in->vd;
		oi.vmm = in->vd.vmm;
		ret = sc_snp_from_ovmf(l, &oi);
	}
	if (ret)
		sc_snp_free(l);
	free(img);
	free(k);
	free(ird);
	return ret;
}

static const char help_msnp[] =
"usage: sevctl measure --snp --ovmf FILE [--vcpus N] [--vcpu-type T |\n"
"                      --vcpu-sig SIG | --vcpu-family F --vcpu-model M\n"
"                      --vcpu-stepping S] [--guest-features X]\n"
"                      [--kernel K [--initrd I] [--append A]]\n"
"                      [--vmm qemu|ec2|gce] [--order call|canonical] [--list]\n"
"\n"
"Print the SEV-SNP launch digest (MEASUREMENT of the attestation report,\n"
"96 hex digits) of a guest booted from OVMF: the image as NORMAL pages at\n"
"4 GiB - size, then the OVMF SEV metadata sections in table order\n"
"(SNP_SEC_MEM zero pages, SNP_SECRETS, CPUID, SNP_KERNEL_HASHES: QEMU's\n"
"kernel-hashes page with --kernel, zero pages without; SVSM_CAA zero\n"
"pages), then one VMSA per vCPU (BSP first).  --guest-features is the\n"
"VMSA sev_features (default 0x1, SNPActive; --sev-features is the same\n"
"option).  --vcpu-type default EPYC (CPUID 0x800f12).  --order call\n"
"(default) is what QEMU on upstream KVM measures; --order canonical is\n"
"every non-VMSA page by GPA, then the VMSAs by vCPU id.  --list prints\n"
"the PAGE_INFO records first, each line starting with '#'.\n";

int cmd_measure_snp(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "snp", 0, 0, 's' }, { "list", 0, 0, 'L' },
		{ "help", 0, 0, 'h' }, { 0 }
	};
	struct option *opts = snp_opts_with(extra);
	struct sc_snp_launch l;
	struct snp_in in;
	bool list = false;
	uint8_t ld[48];
	size_t *idx;
	int o, ret;

	snp_in_init(&in);
	if (!opts)
		return SC_EINTERNAL;
	optind = 1;
	ret = 0;
	while (!ret && (o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (o == 's')
			continue;
		if (o == 'L')
			list = true;
		else if (o == 'h')
			ret = -1;
		else
			ret = snp_opt(&in, o, optarg);
	}
	free(opts);
	if (ret == -1) {
		fputs(help_msnp, stdout);
		return 0;
	}
	if (ret > 0)
		return usage_err("measure --snp", "bad option");
	if (ret)
		return fail(ret);
	if (optind != argc)
		return usage_err("measure --snp", "unexpected argument");
	ret = snp_load(&in, &l);
	if (!ret)
		ret = sc_snp_digest(&l, in.canonical, ld);
	if (ret)
		return fail(ret);
	idx = calloc(l.n ? l.n : 1, sizeof(*idx));
	if (list && idx && !sc_snp_order(&l, in.canonical, idx)) {
		char h[97];
		size_t i;

		for (i = 0; i < l.n; i++) {
			const struct sc_snp_rec *r = &l.recs[idx[i]];

			sc_hex_str(h, r->contents, 48);
			printf("# %zu %-10s gpa %#014llx vcpu %u %s (%s)\n", i,
			       sc_snp_type_name(r->type),
			       (unsigned long long)r->gpa, r->vcpu, h,
			       r->origin);
		}
	}
	free(idx);
	print_hex("", ld, 48);
	sc_snp_free(&l);
	return 0;
}
