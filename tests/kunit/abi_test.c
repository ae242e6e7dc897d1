// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the sev-launch user ABI as the kernel sees it.
 *
 * The same table that tests/abi/ checks from userspace is checked here
 * against the kernel's view of <linux/sev-launch.h>, which inside the kernel
 * is combined with the kernel's own uapi <linux/kvm.h>.
 */
#include <kunit/test.h>
#include <linux/stddef.h>
#include <linux/sev-launch.h>
#include <linux/psp-sev.h>

#include "../abi/abi-table.h"
#include "../abi/abi-layout.h"

struct sevl_abi_row {
	const char *what;
	long long got;
	long long want;
};

#define ROW_SIZE(t, n)		{ "sizeof(" #t ")", sizeof(t), (n) },
#define ROW_OFF(t, m, o)	{ "offsetof(" #t ", " #m ")", offsetof(t, m), (o) },
#define ROW_VAL(e, v)		{ #e, (long long)(e), (long long)(v) },

static const struct sevl_abi_row sevl_devsev_rows[] = {
	SEVL_ABI_TABLE_DEVSEV(ROW_SIZE, ROW_OFF, ROW_VAL)
};

static const struct sevl_abi_row sevl_kvm_rows[] = {
	SEVL_ABI_TABLE_KVM(ROW_SIZE, ROW_OFF, ROW_VAL)
};

static const struct sevl_abi_row sevl_ext_rows[] = {
	SEVL_ABI_TABLE_EXT(ROW_SIZE, ROW_OFF, ROW_VAL)
};

static void sevl_abi_check_rows(struct kunit *test,
				const struct sevl_abi_row *rows, size_t n)
{
	size_t i;

	KUNIT_ASSERT_GT(test, n, 0);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, rows[i].got, rows[i].want, "%s",
				    rows[i].what);
}

static void sevl_abi_devsev(struct kunit *test)
{
	sevl_abi_check_rows(test, sevl_devsev_rows,
			    ARRAY_SIZE(sevl_devsev_rows));
}

static void sevl_abi_kvm(struct kunit *test)
{
	sevl_abi_check_rows(test, sevl_kvm_rows, ARRAY_SIZE(sevl_kvm_rows));
}

static void sevl_abi_extensions(struct kunit *test)
{
	sevl_abi_check_rows(test, sevl_ext_rows, ARRAY_SIZE(sevl_ext_rows));
}

/* Our additions must not reuse any number upstream has given out. */
static void sevl_abi_no_id_collision(struct kunit *test)
{
	static const unsigned int ours[] = {
		KVM_SEV_LAUNCH_CONFIG, KVM_SEV_LAUNCH_GET_LOG,
		KVM_SEV_VCPU_GET_VMSA, KVM_SEV_GET_CAPS,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ours); i++) {
		KUNIT_EXPECT_GE(test, ours[i], (unsigned int)KVM_SEV_NR_MAX);
		KUNIT_EXPECT_LT(test, ours[i], 256U);
	}
}

/*
 * No structure of the header has implicit padding (which 32- and 64-bit
 * compilers may lay out differently, and which leaks kernel stack when
 * copied out): every member of abi-layout.h starts where the previous one
 * ended, and each structure ends where its last member does.
 */
static const struct sevl_abi_lay sevl_abi_layout[] = {
	SEVL_ABI_LAYOUT_ROWS
};

static void sevl_abi_no_implicit_padding(struct kunit *test)
{
	const struct sevl_abi_lay *l;
	unsigned int structs = 0;
	size_t i, end = 0;

	for (i = 0; i < ARRAY_SIZE(sevl_abi_layout); i++) {
		l = &sevl_abi_layout[i];
		switch (l->kind) {
		case 'S':
			structs++;
			end = 0;
			break;
		case 'M':
			KUNIT_EXPECT_EQ_MSG(test, l->off, end,
					    "%s: padding before %s", l->type,
					    l->member);
			end = l->off + l->size;
			break;
		case 'B':
			end += l->size;
			break;
		default:
			KUNIT_EXPECT_EQ_MSG(test, l->size, end,
					    "%s: padding at the end", l->type);
		}
	}
	/* /dev/sev 7 (+4 SNP), KVM 9, INIT2 1, sev-launch's own 6. */
	KUNIT_EXPECT_GE(test, structs, 23U);
}

static struct kunit_case sevl_abi_cases[] = {
	KUNIT_CASE(sevl_abi_devsev),
	KUNIT_CASE(sevl_abi_kvm),
	KUNIT_CASE(sevl_abi_extensions),
	KUNIT_CASE(sevl_abi_no_id_collision),
	KUNIT_CASE(sevl_abi_no_implicit_padding),
	{}
};

static struct kunit_suite sevl_abi_suite = {
	.name = "sev-launch-abi",
	.test_cases = sevl_abi_cases,
};

kunit_test_suite(sevl_abi_suite);

MODULE_DESCRIPTION("KUnit tests for sev-launch");
MODULE_LICENSE("GPL");
