// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-time check of the sev-launch user ABI from userspace.
 *
 * Built several ways by tests/abi/run.sh: as C99 and C11, as C++, with the
 * system's <linux/kvm.h> and <linux/psp-sev.h> included before or after
 * <linux/sev-launch.h>, and with SEV_LAUNCH_STANDALONE (our own definitions
 * only).  Every build must succeed with -Wall -Wextra -pedantic -Werror.
 */
#if defined(SEVL_SYSTEM_FIRST)
#include <linux/kvm.h>
#include <linux/psp-sev.h>
#endif

#include <linux/sev-launch.h>

#if defined(SEVL_SYSTEM_AFTER)
#include <linux/kvm.h>
#include <linux/psp-sev.h>
#endif

#include <stddef.h>
#include "abi-table.h"

#if defined(__cplusplus)
#define SEVL_ASSERT(cond, what) static_assert(cond, what)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define SEVL_ASSERT(cond, what) _Static_assert(cond, what)
#else
/* C99 has no static assertion: a negative array size fails the build. */
#define SEVL_CAT2(a, b) a##b
#define SEVL_CAT(a, b) SEVL_CAT2(a, b)
#define SEVL_ASSERT(cond, what) \
	typedef char SEVL_CAT(sevl_abi_check_, __COUNTER__)[(cond) ? 1 : -1]
#endif

#define CHK_SIZE(t, n)		SEVL_ASSERT(sizeof(t) == (n), "size of " #t);
#define CHK_OFF(t, m, o)	SEVL_ASSERT(offsetof(t, m) == (o), #t "." #m);
#define CHK_VAL(e, v)		SEVL_ASSERT((long long)(e) == (long long)(v), #e);

SEVL_ABI_TABLE(CHK_SIZE, CHK_OFF, CHK_VAL)

int main(void)
{
	return 0;
}
