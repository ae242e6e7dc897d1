/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sev-demo's shared parts: output, the owner's command lines, files, the
 * vCPU reset state.  sev_demo.c plays the SEV-ES acts, sev_demo_snp.c the
 * SEV-SNP act.
 */
#ifndef SEVL_SELFTEST_SEV_DEMO_H
#define SEVL_SELFTEST_SEV_DEMO_H

#include <stddef.h>
#include <stdint.h>

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn	__attribute__((noreturn))
#endif

#define DIR		"/tmp/sev-demo"
#define AP_RESET	0x0080b004u	/* the images' SEV-ES reset block */
#define VCPU_SIG	0x800f12u	/* -cpu EPYC: family 0x17 */
#define GUID_FOOTER	"96b582de-1fb2-45f7-baea-a366c55a082d"
#define GUID_RESET	"00f771de-1a7e-4fcb-890e-68c77e2fb44e"

void say(const char *who, const char *fmt, ...) __printf(2, 3);
void heading(const char *title);
void __noreturn die(const char *what, int ret, uint32_t error);
/* Up to 64 bytes as hex; four buffers used in turn. */
const char *hex(const uint8_t *p, size_t len);
/* Run a sevctl command line as the owner, showing it and its output. */
int owner(const char *fmt, ...) __printf(1, 2);
void write_file(const char *name, const void *p, size_t len);
size_t read_file(const char *name, void *p, size_t max);
/* QEMU's x86 reset state for the vCPU fd @fd, starting at @eip. */
int reset_vcpu(int fd, uint32_t eip);

/* sev_demo_snp.c: the SEV-SNP act; 0 when its checks held. */
int snp_act(void);

#endif
