/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP output for the sev-launch guest selftests.  Each program is
 * one TAP stream; scripts/guest.sh collects them from the serial console.
 */
#ifndef SEVL_SELFTEST_TAP_H
#define SEVL_SELFTEST_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kernel's spellings, for userspace. */
#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn	__attribute__((noreturn))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

static int tap_n, tap_failed;

static inline void tap_plan(int n)
{
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline void __printf(2, 3)
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static inline void __printf(1, 2)
tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Stop the program: the rest of its plan is reported as failed. */
static inline void __noreturn tap_bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	fflush(stdout);
	exit(1);
}

static inline int tap_exit(void)
{
	return tap_failed ? 1 : 0;
}

#endif /* SEVL_SELFTEST_TAP_H */
