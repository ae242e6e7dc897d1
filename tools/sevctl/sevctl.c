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
#include <ctype.h>
#include <sys/stat.h>

#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include "cmd.h"

/* The Makefile passes git describe; a build outside git says so. */
#ifndef SEVCTL_VERSION
#define SEVCTL_VERSION "unknown"
#endif

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

/*
 * Decode text (whitespace ignored) to @len or @alt bytes: hex if it is
 * made only of hex digits (with an optional 0x), else base64.  Returns 0,
 * or -SC_EINPUT with a message; *@kind says what the text looked like.
 */
static int text_value(const char *opt, const char *txt, size_t n,
		      uint8_t *out, size_t len, size_t alt, size_t *got,
		      const char **kind)
{
	char *c = malloc(n + 1);
	bool hex = true, b64 = true;
	size_t i, m = 0, dl = 0, pfx;
	uint8_t tmp[128];
	int ret = -SC_EINPUT;

	*kind = NULL;
	if (!c)
		return -SC_EINTERNAL;
	for (i = 0; i < n; i++)
		if (!strchr(" \t\r\n", txt[i]) || !txt[i])
			c[m++] = txt[i];
	c[m] = 0;
	pfx = m >= 2 && c[0] == '0' && (c[1] == 'x' || c[1] == 'X') ? 2 : 0;
	for (i = pfx; i < m; i++)
		hex &= !!isxdigit((unsigned char)c[i]);
	for (i = 0; i < m; i++)
		b64 &= isalnum((unsigned char)c[i]) || c[i] == '+' ||
		       c[i] == '/' || (c[i] == '=' && i + 2 >= m);
	if (!m) {
		b64 = false;
		hex = false;
	}
	if (hex) {
		*kind = "hex";
		dl = (m - pfx) / 2;
		if ((dl == len || (alt && dl == alt)) &&
		    !sc_hex_parse(opt, c + pfx, out, dl))
			ret = 0;
	} else if (b64) {
		*kind = "base64";
		if (!sc_unb64(c, m, tmp, &dl, sizeof(tmp)) &&
		    (dl == len || (alt && dl == alt))) {
			memcpy(out, tmp, dl);
			ret = 0;
		}
		sc_wipe(tmp, sizeof(tmp));
	}
	if (ret && *kind) {
		if (alt)
			sc_err(SC_EINPUT, "%s: %s text of %zu characters does not make %zu or %zu bytes (%zu or %zu hex digits, or base64)",
			       opt, *kind, m, len, alt, 2 * len, 2 * alt);
		else
			sc_err(SC_EINPUT, "%s: %s text of %zu characters does not make %zu bytes (%zu hex digits or %zu base64 characters)",
			       opt, *kind, m, len, 2 * len, (len + 2) / 3 * 4);
	}
	if (!ret && got)
		*got = dl;
	sc_wipe(c, m);
	free(c);
	return ret;
}

int read_value(const char *opt, const char *arg, uint8_t *out, size_t len,
	       size_t alt, size_t *got)
{
	const char *kind;
	struct stat st;
	uint8_t *b;
	size_t n;
	int ret;

	ret = text_value(opt, arg, strlen(arg), out, len, alt, got, &kind);
	if (!stat(arg, &st)) {
		if (!ret) {
			sc_err(SC_EUSAGE, "%s: '%s' is both a file and inline %s; write ./%s for the file",
			       opt, arg, kind, arg);
			return -SC_EUSAGE;
		}
		ret = sc_read_file(arg, &b, &n, 8 * len + 64);
		if (ret)
			return ret;
		if (n == len || (alt && n == alt)) {
			memcpy(out, b, n);
			if (got)
				*got = n;
		} else {
			ret = text_value(opt, (char *)b, n, out, len, alt, got,
					 &kind);
			if (ret)
				sc_err(SC_EINPUT, "%s: %s: expected %zu bytes raw, or as hex or base64 text",
				       opt, arg, len);
		}
		sc_wipe(b, n);
		free(b);
		return ret;
	}
	if (ret && !kind) {
		sc_err(SC_EINPUT, "%s: '%s' is no file, and not hex or base64 text",
		       opt, arg);
	} else if (ret) {
		char why[512];

		snprintf(why, sizeof(why), "%s", sc_errmsg());
		sc_err(SC_EINPUT, "%s, and there is no file '%.40s'", why, arg);
	}
	return ret;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "status", cmd_status, "platform: print SEV_PLATFORM_STATUS (API version, build)" },
	{ "export", cmd_export, "platform: export the PDH and its certificate chain" },
	{ "verify-chain", cmd_verify_chain, "verify a PDH and its certificate chain" },
	{ "show-cert", cmd_show_cert, "print SEV and AMD (ARK/ASK) certificates" },
	{ "emu-roots", cmd_emu_roots, "write the software firmware's test ARK/ASK" },
	{ "session", cmd_session, "make the GODH certificate, session blob, TEK and TIK" },
	{ "measure", cmd_measure, "compute the expected launch digest and measurement" },
	{ "verify-measurement", cmd_verify_measurement, "check a LAUNCH_MEASURE result" },
	{ "log", cmd_log, "show a launch log or compare it with the expected launch" },
	{ "secret", cmd_secret, "package a LAUNCH_SECRET packet" },
	{ "vmsa", cmd_vmsa, "build or print a VMSA page" },
	{ "ovmf", cmd_ovmf, "print an OVMF image's SEV footer entries" },
	{ "report", cmd_report, "SEV-SNP: show or verify an attestation report" },
	{ "idblock", cmd_idblock, "SEV-SNP: build a signed ID block and ID auth" },
};

static void print_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: sevctl COMMAND [OPTIONS]   ('sevctl COMMAND --help')\n");
	fprintf(f, "       sevctl --help | --version\n\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-20s %s\n", cmds[i].name, cmds[i].what);
	fprintf(f, "\nexit codes: 0 ok, 1 usage, 2 bad input, 3 verification failed, 4 internal/output error\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		print_usage(stderr);
		return SC_EUSAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		print_usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("sevctl (sev-launch) %s\n", SEVCTL_VERSION);
		printf("libcrypto: built with %s, running %s\n",
		       OPENSSL_VERSION_TEXT, OpenSSL_version(OPENSSL_VERSION));
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[1]);
	print_usage(stderr);
	return SC_EUSAGE;
}
