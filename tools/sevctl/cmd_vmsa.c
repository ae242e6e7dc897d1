// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl: VMSA pages (vmsa build, vmsa show).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

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

int cmd_vmsa(int argc, char **argv)
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
		case 'd':
			desc = optarg;
			break;
		case 'o':
			outf = optarg;
			break;
		case 'h':
			fputs(help_vmsa, stdout);
			return 0;
		case 'r': case 't': case 's': case 'f': case 'F': case 'v':
			sets[o] = optarg;
			break;
		default: return usage_err("vmsa", "bad option");
		}
	}
	if (!outf)
		return usage_err("vmsa", "-o OUT is required");
	if (desc) {
		ret = sc_vmsa_desc_parse(desc, &d);
		fpu = d.fpu_given;
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
