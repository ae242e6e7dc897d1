// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl - the guest owner's tool for SEV / SEV-ES launches.
 *
 * See Documentation/sevctl.rst.  Exit codes: 0 success, 1 usage error,
 * 2 bad or unreadable input, 3 verification failed (signature, MAC,
 * measurement, launch log), 4 internal or output error.
 *
 * This file: helpers shared by the commands and the dispatcher; the
 * commands are in cmd_*.c, the work in lib/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

const char *prog = "sevctl";

int fail(int ret)
{
	int code = ret < 0 ? -ret : ret;

	fprintf(stderr, "%s: %s\n", prog, sc_errmsg());
	return code ? code : SC_EINTERNAL;
}

int usage_err(const char *cmd, const char *msg)
{
	fprintf(stderr, "%s %s: %s (see '%s %s --help')\n", prog, cmd, msg,
		prog, cmd);
	return SC_EUSAGE;
}

void print_hex(const char *label, const uint8_t *p, size_t len)
{
	char h[2 * 64 + 1];

	sc_hex_str(h, p, len);
	printf("%s%s\n", label, h);
}

/* A 16-byte key file: raw or base64 (sevctl's tek.bin/tik.bin). */
int read_key(const char *path, uint8_t key[16])
{
	return sc_read_blob(path, key, 16);
}

/* --measurement: a file (48 bytes raw/base64) or 96 hex digits. */
int read_measurement(const char *arg, uint8_t blob[48])
{
	if (strlen(arg) == 96 && !sc_hex_parse("--measurement", arg, blob, 48))
		return 0;
	sc_err_clear();
	return sc_read_blob(arg, blob, 48);
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "status", cmd_status, "platform: print SEV_PLATFORM_STATUS (API version, build)" },
	{ "export", cmd_export, "platform: export the PDH and its certificate chain" },
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
