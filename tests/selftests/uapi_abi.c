// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: the user ABI, as a program built against the system headers and
 * <linux/sev-launch.h> sees it, matches the ABI table at run time, and the
 * ioctl numbers reach the kernel's handlers (not ENOTTY from a mismatched
 * number).
 */
#include <fcntl.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/sev-launch.h>

#include "tap.h"
#include "../abi/abi-table.h"

struct row {
	const char *what;
	long long got, want;
};

#define ROW_SIZE(t, n)		{ "sizeof(" #t ")", sizeof(t), (n) },
#define ROW_OFF(t, m, o)	{ "offsetof(" #t ", " #m ")", offsetof(t, m), (o) },
#define ROW_VAL(e, v)		{ #e, (long long)(e), (long long)(v) },

static const struct row rows[] = {
	SEVL_ABI_TABLE(ROW_SIZE, ROW_OFF, ROW_VAL)
};

int main(void)
{
	size_t i, bad = 0;
	int kvm, vm, ret;

	tap_plan(3);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		if (rows[i].got != rows[i].want) {
			tap_diag("%s = %lld, want %lld", rows[i].what,
				 rows[i].got, rows[i].want);
			bad++;
		}
	}
	tap_ok(bad == 0, "%zu ABI facts hold at run time (%zu wrong)",
	       ARRAY_SIZE(rows), bad);

	kvm = open("/dev/kvm", O_RDWR);
	vm = kvm >= 0 ? ioctl(kvm, KVM_CREATE_VM, 0) : -1;
	if (vm < 0)
		tap_bail("KVM_CREATE_VM");
	/*
	 * KVM_MEMORY_ENCRYPT_OP on a VM: a NULL argument is the "is memory
	 * encryption supported" probe.  Without SEV on the host the kernel
	 * answers ENOTTY from the vendor hook, never EINVAL/EFAULT from a
	 * mismatched ioctl encoding.
	 */
	ret = ioctl(vm, KVM_MEMORY_ENCRYPT_OP, NULL);
	tap_ok(ret == 0 || errno == ENOTTY,
	       "KVM_MEMORY_ENCRYPT_OP(NULL) reaches KVM (ret %d errno %d)", ret,
	       ret ? errno : 0);
	ret = ioctl(vm, KVM_MEMORY_ENCRYPT_REG_REGION, NULL);
	tap_ok(ret < 0 && (errno == EFAULT || errno == ENOTTY),
	       "KVM_MEMORY_ENCRYPT_REG_REGION(NULL) reaches KVM (errno %d)",
	       errno);
	close(vm);
	close(kvm);
	return tap_exit();
}
