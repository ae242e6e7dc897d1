// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl: the platform side, run where /dev/sev is (status, export).
 *
 * These use only the upstream /dev/sev ABI (SEV_ISSUE_CMD with
 * SEV_PLATFORM_STATUS and SEV_PDH_CERT_EXPORT), so they work with AMD's
 * PSP driver as well as sev-launch's.
 */
#define SEV_LAUNCH_STANDALONE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/sev-launch.h>

#include "cmd.h"

static int sev_open(const char *dev)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0 && (errno == EACCES || errno == EPERM))
		fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		sc_err(SC_EINPUT, "%s: %s", dev, strerror(errno));
	return fd;
}

static int sev_cmd(int fd, const char *dev, const char *name, __u32 cmd,
		   void *data)
{
	struct sev_issue_cmd c = { .cmd = cmd, .data = (__u64)(uintptr_t)data };

	if (ioctl(fd, SEV_ISSUE_CMD, &c) < 0) {
		sc_err(SC_EINPUT, "%s: %s failed: %s (firmware status %#x)",
		       dev, name, strerror(errno), c.error);
		return -SC_EINPUT;
	}
	return 0;
}

static const char help_status[] =
"usage: sevctl status [--dev /dev/sev]\n"
"\n"
"Print SEV_PLATFORM_STATUS: the API version and build that the launch\n"
"measurement covers (measure/verify-measurement --api/--build), the\n"
"platform state, flags and guest count.\n";

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dev", 1, 0, 'd' }, { "help", 0, 0, 'h' }, { 0 }
	};
	static const char * const states[] = { "UNINIT", "INIT", "WORKING" };
	struct sev_user_data_status st;
	const char *dev = "/dev/sev";
	int o, fd, ret;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'd':
			dev = optarg;
			break;
		case 'h':
			fputs(help_status, stdout);
			return 0;
		default: return usage_err("status", "bad option");
		}
	}
	fd = sev_open(dev);
	if (fd < 0)
		return fail(-SC_EINPUT);
	memset(&st, 0, sizeof(st));
	ret = sev_cmd(fd, dev, "SEV_PLATFORM_STATUS", SEV_PLATFORM_STATUS, &st);
	close(fd);
	if (ret)
		return fail(ret);
	printf("api %u.%u\nbuild %u\n", st.api_major, st.api_minor, st.build);
	printf("state %u (%s)\n", st.state,
	       st.state < ARRAY_SIZE(states) ? states[st.state] : "unknown");
	printf("flags %#x%s%s\nguests %u\n", st.flags,
	       st.flags & 1 ? " owner-external" : "",
	       st.flags & SEV_STATUS_FLAGS_CONFIG_ES ? " es" : "",
	       st.guest_count);
	return 0;
}

static const char help_export[] =
"usage: sevctl export --pdh PDH --chain CHAIN [--dev /dev/sev]\n"
"\n"
"Export the platform's PDH certificate and its chain PEK || OCA || CEK\n"
"(SEV_PDH_CERT_EXPORT) into two files for the guest owner, who checks\n"
"them with 'sevctl verify-chain --pdh PDH --chain CHAIN'.\n";

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pdh", 1, 0, 'p' }, { "chain", 1, 0, 'c' },
		{ "dev", 1, 0, 'd' }, { "help", 0, 0, 'h' }, { 0 }
	};
	static uint8_t pdh[SC_CERT_SIZE], chain[3 * SC_CERT_SIZE];
	struct sev_user_data_pdh_cert_export ex = {
		.pdh_cert_address = (__u64)(uintptr_t)pdh,
		.pdh_cert_len = sizeof(pdh),
		.cert_chain_address = (__u64)(uintptr_t)chain,
		.cert_chain_len = sizeof(chain),
	};
	const char *dev = "/dev/sev", *pdhf = NULL, *chainf = NULL;
	struct sc_outset out = { 0 };
	int o, fd, ret;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'p':
			pdhf = optarg;
			break;
		case 'c':
			chainf = optarg;
			break;
		case 'd':
			dev = optarg;
			break;
		case 'h':
			fputs(help_export, stdout);
			return 0;
		default: return usage_err("export", "bad option");
		}
	}
	if (!pdhf || !chainf)
		return usage_err("export", "--pdh and --chain are required");
	fd = sev_open(dev);
	if (fd < 0)
		return fail(-SC_EINPUT);
	ret = sev_cmd(fd, dev, "SEV_PDH_CERT_EXPORT", SEV_PDH_CERT_EXPORT, &ex);
	close(fd);
	if (!ret && (ex.pdh_cert_len != SC_CERT_SIZE ||
		     ex.cert_chain_len != sizeof(chain))) {
		sc_err(SC_EINPUT, "%s: exported %u + %u bytes, expected %d + %zu",
		       dev, ex.pdh_cert_len, ex.cert_chain_len, SC_CERT_SIZE,
		       sizeof(chain));
		ret = -SC_EINPUT;
	}
	if (!ret)
		ret = sc_out_write(&out, pdhf, pdh, sizeof(pdh), 0644);
	if (!ret)
		ret = sc_out_write(&out, chainf, chain, sizeof(chain), 0644);
	if (ret) {
		sc_out_abort(&out);
		return fail(ret);
	}
	sc_out_done(&out);
	printf("wrote %s and %s\n", pdhf, chainf);
	return 0;
}
