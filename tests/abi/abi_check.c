// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-time check of the sev-launch user ABI from userspace.
 *
 * Built several ways by tests/abi/run.sh: as C99 and C11, as C++, with the
 * system's <linux/kvm.h> and <linux/psp-sev.h> included before or after
 * <linux/sev-launch.h>, and with SEV_LAUNCH_STANDALONE (our own definitions
 * only).  Every build must succeed with -Wall -Wextra -pedantic -Werror,
 * and the program must exit 0.
 *
 * Implicit padding (abi-layout.h) is refused twice: at compile time, the
 * sizes of a structure's members must add up to its size; at run time,
 * each member must also start where the previous one ended.
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
#include <stdio.h>
#include "abi-table.h"
#include "abi-layout.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

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

/*
 * Compile time: one assertion per structure, opened by S, one term per
 * member, closed by E: sizeof(type) == 0 + sizeof(m1) + sizeof(m2) + ...
 */
#define SEVL_MSIZE(t, m)	sizeof(((t *)0)->m)
#if defined(__cplusplus)
#define SUM_S(type)	static_assert(sizeof(type) == 0
#define SUM_E(type)	+ 0, "implicit padding in " #type);
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define SUM_S(type)	_Static_assert(sizeof(type) == 0
#define SUM_E(type)	+ 0, "implicit padding in " #type);
#else
#define SUM_S(type)	typedef char SEVL_CAT(sevl_abi_pad_, __COUNTER__)[(sizeof(type) == 0
#define SUM_E(type)	+ 0) ? 1 : -1];
#endif
#define SUM_M(t, m)	+ SEVL_MSIZE(t, m)
#define SUM_B(t, n)	+ (n)

SEVL_ABI_LAYOUT(SUM_S, SUM_M, SUM_B, SUM_E)

/* Run time: offsets too, naming each misplaced member. */
static const struct sevl_abi_lay sevl_lay[] = {
	SEVL_ABI_LAYOUT_ROWS
};

int main(void)
{
	size_t i, end = 0;
	int bad = 0;

	for (i = 0; i < ARRAY_SIZE(sevl_lay); i++) {
		const struct sevl_abi_lay *l = &sevl_lay[i];

		switch (l->kind) {
		case 'S':
			end = 0;
			break;
		case 'M':
			if (l->off != end) {
				fprintf(stderr, "%s: %s at %zu, previous member ends at %zu\n",
					l->type, l->member, l->off, end);
				bad = 1;
			}
			end = l->off + l->size;
			break;
		case 'B':
			end += l->size;
			break;
		default:
			if (l->size != end) {
				fprintf(stderr, "%s: %zu bytes, last member ends at %zu\n",
					l->type, l->size, end);
				bad = 1;
			}
		}
	}
	return bad;
}
