/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sevctl's commands and the helpers they share (sevctl.c).
 */
#ifndef SEVCTL_CMD_H
#define SEVCTL_CMD_H

#include <getopt.h>

#include "sevctl.h"

extern const char *prog;

/* Print sc_errmsg() and return the exit code for a negative SC_E* value. */
int fail(int ret);
int usage_err(const char *cmd, const char *msg);
void print_hex(const char *label, const uint8_t *p, size_t len);
/* A 16-byte key file: raw or base64 (sevctl's tek.bin/tik.bin). */
int read_key(const char *path, uint8_t key[16]);
/*
 * A binary option value of @len bytes (or @alt, if not 0): inline hex
 * (only hex digits, optional 0x), inline base64, or a file holding the
 * raw bytes or such text.  An argument that is both a file and a valid
 * inline value is refused.  *@got (may be NULL) is the length read.
 */
int read_value(const char *opt, const char *arg, uint8_t *out, size_t len,
	       size_t alt, size_t *got);

/* igvm.c: the launch an IGVM file describes (--igvm). */
int sc_launch_from_igvm(const char *path, const char *platform,
			struct sc_launch *l);

/* cmd_snp.c: SEV-SNP launch inputs, shared by measure --snp and report. */
enum {
	SNP_O_OVMF = 2000, SNP_O_KERNEL, SNP_O_INITRD, SNP_O_APPEND,
	SNP_O_VCPUS, SNP_O_TYPE, SNP_O_SIG, SNP_O_FAM, SNP_O_MODEL,
	SNP_O_STEP, SNP_O_FEAT, SNP_O_VMM, SNP_O_ORDER,
};

/*
 * The SNP input options followed by @extra (ending with a zero entry),
 * in a new array; NULL if out of memory.
 */
struct option *snp_opts_with(const struct option *extra);

struct snp_in {
	const char *ovmf, *kernel, *initrd, *append;
	unsigned int vcpus;
	unsigned long fam, model, step;
	struct sc_vmsa_desc vd;
	bool canonical;
};

void snp_in_init(struct snp_in *in);
int snp_opt(struct snp_in *in, int o, const char *arg);
bool snp_in_given(const struct snp_in *in);
int snp_load(const struct snp_in *in, struct sc_snp_launch *l);
int cmd_measure_snp(int argc, char **argv);

int cmd_verify_chain(int argc, char **argv);
int cmd_show_cert(int argc, char **argv);
int cmd_emu_roots(int argc, char **argv);
int cmd_session(int argc, char **argv);
int cmd_measure(int argc, char **argv);
int cmd_verify_measurement(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_ovmf(int argc, char **argv);
int cmd_secret(int argc, char **argv);
int cmd_vmsa(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_idblock(int argc, char **argv);

#endif /* SEVCTL_CMD_H */
