// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl: LAUNCH_SECRET packets (secret).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

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
"MEASURE from BLOB: the 48-byte LAUNCH_MEASURE result MEASURE || MNONCE\n"
"or MEASURE alone (32 bytes), as hex or base64 text (QEMU's\n"
"query-sev-launch-measure) or a file holding the raw bytes or such text.\n"
"Writes the 52-byte header (flags 0, IV, MAC) and the encrypted data, raw\n"
"(or base64 with --b64, for QEMU's sev-inject-launch-secret).  API below\n"
"0.17 (--api) leaves the measurement out of the MAC, as such firmware did.\n";

int cmd_secret(int argc, char **argv)
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
	uint8_t ma, mi;
	uint64_t glen = 0;
	int o, ret = 0;

	memset(plain, 0, sizeof(plain));
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'e':
			tekf = optarg;
			break;
		case 't':
			tikf = optarg;
			break;
		case 'm':
			meas = optarg;
			break;
		case 'E':
			if (nent == ARRAY_SIZE(entries))
				return usage_err("secret", "too many --entry");
			entries[nent++] = optarg;
			break;
		case 'r':
			raw = optarg;
			break;
		case 'H':
			hdrf = optarg;
			break;
		case 'D':
			dataf = optarg;
			break;
		case 'g':
			glen_s = optarg;
			break;
		case 'a':
			if (sc_parse_api("--api", optarg, &ma, &mi))
				return fail(-SC_EINPUT);
			with_meas = sc_api_measures_version(ma, mi);
			break;
		case 'i':
			ivs = optarg;
			break;
		case 'b':
			b64 = true;
			break;
		case 'h':
			fputs(help_secret, stdout);
			return 0;
		default: return usage_err("secret", "bad option");
		}
	}
	if (!tekf || !tikf || !meas || !hdrf || !dataf || (!raw == !nent))
		return usage_err("secret", "--tek, --tik, --measurement, --out-header, --out-data and one of --entry/--raw are required");
	ret = read_key(tekf, tek);
	if (!ret)
		ret = read_key(tikf, tik);
	if (!ret)
		ret = read_value("--measurement", meas, blob, 48, 32, NULL);
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
