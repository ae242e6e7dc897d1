/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sevctl's commands and the helpers they share (sevctl.c).
 */
#ifndef SEVCTL_CMD_H
#define SEVCTL_CMD_H

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

#endif /* SEVCTL_CMD_H */
