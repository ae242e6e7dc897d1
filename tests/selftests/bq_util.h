/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared parts of the QEMU selftest: boot_qemu.c (SEV, SEV-ES, and the
 * TAP stream) and boot_qemu_snp.c (SEV-SNP) link bq_util.c.  tap.h keeps
 * its counters per file, so only boot_qemu.c prints results: the SNP cases
 * report through bq_ok() and bq_skip().
 */
#ifndef SEVL_SELFTEST_BQ_UTIL_H
#define SEVL_SELFTEST_BQ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "qmp.h"

#define DIR		"/tmp/bq"
#define SEVCTL		"/bin/sevctl"
#define OVMF_PFLASH	"/usr/share/OVMF/OVMF_CODE_4M.fd"
#define OVMF_BIOS	"/usr/share/OVMF/OVMF_CODE.fd"
#define QEMU10_BIN	"/opt/qemu-10.0/bin/qemu-system-x86_64"
#define QEMU10_DATA	"/opt/qemu-10.0/share"
#define CANONICAL	"/sys/module/sev_launch_kvm/parameters/canonical"

double now(void);
void diag_tail(const char *what, const char *path, int n);
pid_t spawn(char *const argv[], const char *log);
pid_t spawn_qemu(char *const argv[], const char *log, struct qmp *q);
int run(char *const argv[], const char *log);
int run_sevctl(const char *what, char *const argv[]);
int reap(pid_t pid, int timeout_s);
bool file_has(const char *path, const char *needle);
char *read_text(const char *path);
int write_text(const char *path, const char *text);
int kernel_reports(void);
int qcmd(struct qmp *q, const char *cmd, char *resp, size_t size);
int cont_fails_cleanly(struct qmp *q, const char *log, int timeout_s);
int set_canonical(const char *v);

/* In boot_qemu.c, the owner of the TAP stream. */
void bq_ok(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bq_skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* boot_qemu_snp.c: QEMU 10's sev-snp-guest. */
int snp_nr_results(void);
void snp_run_cases(void);

#endif
