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

/* Every command structure must have the same size for 32- and 64-bit. */
static void sevl_abi_no_implicit_padding(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct kvm_sev_launch_config) % 8, 0);
	KUNIT_EXPECT_EQ(test, sizeof(struct kvm_sev_vcpu_update_vmsa) % 8, 0);
	KUNIT_EXPECT_EQ(test, sizeof(struct kvm_sev_launch_log_entry) % 8, 0);
	KUNIT_EXPECT_EQ(test, sizeof(struct kvm_sev_launch_log) % 8, 0);
	KUNIT_EXPECT_EQ(test, sizeof(struct kvm_sev_caps) % 8, 0);
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
