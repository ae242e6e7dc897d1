// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: guest memory types, aliases and RLIMIT_MEMLOCK in canonical
 * launches, through /dev/kvm (Documentation/kvm.rst, "Guest memory").
 *
 * Canonical mode keeps LAUNCH_UPDATE_DATA ranges pinned until
 * LAUNCH_MEASURE, with long-term pins.  Anonymous memory, memfd, tmpfs
 * files (shared or private) and hugetlbfs must work; a shared mapping of a
 * file on a file system with writeback is refused with
 * SEV_LAUNCH_ERR_MEMTYPE (and taken in default mode); a range mapping one
 * page twice is refused with SEV_LAUNCH_ERR_ALIAS; memory two memory slots
 * alias is measured at its lowest guest physical address, whatever the
 * slot ids; and the launch's pins share RLIMIT_MEMLOCK with the pages KVM
 * pinned for KVM_MEMORY_ENCRYPT_REG_REGION, in both orders.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "tap.h"

#define PLAN		12
#define SLOT_ID		8	/* above the ones ksu_vm_add_slot() uses */
#define HUGE_SIZE	0x200000

static uint32_t e;

static const char *errname(int ret)
{
	static char buf[16];

	switch (ret) {
	case 0: return "0";
	case -EINVAL: return "-EINVAL";
	case -EFAULT: return "-EFAULT";
	case -ENOMEM: return "-ENOMEM";
	case -EOPNOTSUPP: return "-EOPNOTSUPP";
	}
	snprintf(buf, sizeof(buf), "%d", ret);
	return buf;
}

/* An SEV VM (no vCPUs needed), canonical unless @deflt, started. */
static void vm_new(struct ksu_vm *vm, bool deflt)
{
	int ret;

	ret = ksu_vm_create(vm, KSU_INIT2_SEV, 0);
	if (!ret && !deflt)
		ret = ksu_config(vm, KVM_SEV_LAUNCH_F_CANONICAL,
				 KVM_SEV_VMSA_FPU_SYNC, &e);
	if (!ret)
		ret = ksu_start(vm, SEV_POLICY_NOKS, NULL, NULL, NULL, &e);
	if (ret) {
		errno = -ret;
		tap_diag("failed at %s", ksu_fail_step);
		tap_bail("VM setup");
	}
}

static int slot(struct ksu_vm *vm, int id, uint64_t gpa, void *hva,
		uint64_t size)
{
	struct kvm_userspace_memory_region r = {
		.slot = id,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};

	return ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &r) ? -errno : 0;
}

/*
 * One canonical (or default) launch over @size bytes at @hva: slot, fill,
 * LAUNCH_UPDATE_DATA of 64 KiB (or @size if smaller), LAUNCH_MEASURE.
 * Returns the update's result; *@measured tells whether the launch then
 * measured.
 */
static int launch_on(void *hva, uint64_t size, bool deflt, bool *measured)
{
	uint64_t len = size < 0x10000 ? size : 0x10000;
	uint8_t blob[48];
	struct ksu_vm vm;
	int ret;

	*measured = false;
	vm_new(&vm, deflt);
	ret = slot(&vm, SLOT_ID, 0x100000, hva, size);
	if (ret) {
		ksu_vm_destroy(&vm);
		return ret;
	}
	ksu_fill(hva, len);
	e = KSU_ERR_UNSET;
	ret = ksu_update_data(&vm, hva, len, &e);
	if (!ret)
		*measured = !ksu_measure(&vm, blob, NULL, NULL);
	ksu_vm_destroy(&vm);
	return ret;
}

static void expect_ok(const char *what, void *hva, uint64_t size)
{
	bool measured;
	long p0 = ksu_pinned_pages();
	int ret = launch_on(hva, size, false, &measured);

	tap_ok(!ret && measured && ksu_pinned_pages() == p0,
	       "canonical launch on %s: %s, error %#x %s, measured %d",
	       what, errname(ret), e, ksu_err_name(e), measured);
}

static int tmpfile_fd(size_t size)
{
	char path[] = "/tmp/sevl-mem-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	unlink(path);
	if (ftruncate(fd, size)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void memory_types(void)
{
	const size_t size = 0x100000;
	void *p;
	int fd;

	fd = memfd_create("sevl-memfd", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, size))
		tap_bail("memfd");
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap memfd");
	expect_ok("memfd (MAP_SHARED)", p, size);
	munmap(p, size);
	close(fd);

	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap anonymous");
	expect_ok("anonymous memory", p, size);
	munmap(p, size);

	fd = tmpfile_fd(size);
	if (fd < 0)
		tap_bail("tmpfs file");
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap tmpfs file");
	expect_ok("a tmpfs file (MAP_SHARED, like memory-backend-file on /dev/shm)",
		  p, size);
	munmap(p, size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap tmpfs file private");
	expect_ok("a tmpfs file (MAP_PRIVATE)", p, size);
	munmap(p, size);
	close(fd);
}

static void hugetlb(void)
{
	FILE *f;
	void *p;
	int fd;

	fd = memfd_create("sevl-huge", MFD_CLOEXEC | MFD_HUGETLB);
	if (fd >= 0) {
		/* Ask for two huge pages; harmless if there are more. */
		f = fopen("/proc/sys/vm/nr_hugepages", "r+");
		if (f) {
			fprintf(f, "2\n");
			fclose(f);
		}
	}
	if (fd < 0 || ftruncate(fd, HUGE_SIZE)) {
		tap_ok(1, "canonical launch on hugetlbfs # SKIP no hugetlbfs in this guest (%s)",
		       strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	p = mmap(NULL, HUGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED || mlock(p, HUGE_SIZE)) {
		tap_ok(1, "canonical launch on hugetlbfs # SKIP no huge page available (%s)",
		       strerror(errno));
	} else {
		munlock(p, HUGE_SIZE);
		expect_ok("hugetlbfs (memfd MFD_HUGETLB, 2 MiB page)", p,
			  HUGE_SIZE);
	}
	if (p != MAP_FAILED)
		munmap(p, HUGE_SIZE);
	close(fd);
}

/* A mounted file system whose files need dirty tracking, or NULL. */
static const char *writeback_dir(char *buf, size_t len)
{
	static const char *const types[] = {
		"ext2", "ext3", "ext4", "xfs", "btrfs", "vfat", "9p",
		"virtiofs", "nfs", "fuse",
	};
	char dev[128], dir[256], type[64];
	const char *found = NULL;
	unsigned int i;
	FILE *f = fopen("/proc/mounts", "r");

	while (f && !found &&
	       fscanf(f, "%127s %255s %63s %*[^\n]", dev, dir, type) == 3)
		for (i = 0; i < ARRAY_SIZE(types); i++)
			if (!strcmp(type, types[i]) && !access(dir, W_OK)) {
				snprintf(buf, len, "%s", dir);
				found = buf;
			}
	if (f)
		fclose(f);
	return found;
}

static void writeback_file(void)
{
	const size_t size = 0x10000;
	char dir[256], path[300];
	bool measured;
	long p0;
	int fd, ret;
	void *p;

	if (!writeback_dir(dir, sizeof(dir))) {
		tap_ok(1, "canonical launch on a shared file mapping with writeback is refused # SKIP no such file system in this guest (KUnit sev-launch-core-mem lt_memtype covers it)");
		tap_ok(1, "default launch on it is accepted # SKIP no such file system in this guest");
		return;
	}
	snprintf(path, sizeof(path), "%s/sevl-mem-test", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, size))
		tap_bail("file");
	unlink(path);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap file");
	p0 = ksu_pinned_pages();
	ret = launch_on(p, size, false, &measured);
	tap_ok(ret == -EOPNOTSUPP && e == SEV_LAUNCH_ERR_MEMTYPE &&
	       ksu_pinned_pages() == p0,
	       "canonical launch on a shared file mapping in %s: %s, error %#x %s",
	       dir, errname(ret), e, ksu_err_name(e));
	ret = launch_on(p, size, true, &measured);
	tap_ok(!ret && measured, "default launch on it: %s, error %#x",
	       errname(ret), e);
	munmap(p, size);
	close(fd);
}

/* The same page at two consecutive addresses, in one range. */
static void alias_in_range(void)
{
	uint8_t *p;
	long p0 = ksu_pinned_pages();
	struct ksu_vm vm;
	int fd, ret;

	fd = memfd_create("sevl-alias", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, 0x1000))
		tap_bail("memfd");
	p = mmap(NULL, 0x2000, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED ||
	    mmap(p + 0x1000, 0x1000, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)
		tap_bail("mmap alias");
	vm_new(&vm, false);
	ret = slot(&vm, SLOT_ID, 0x100000, p, 0x2000);
	e = KSU_ERR_UNSET;
	if (!ret)
		ret = ksu_update_data(&vm, p, 0x2000, &e);
	tap_ok(ret == -EINVAL && e == SEV_LAUNCH_ERR_ALIAS &&
	       ksu_pinned_pages() == p0,
	       "canonical range mapping one page twice: %s, error %#x %s",
	       errname(ret), e, ksu_err_name(e));
	ksu_vm_destroy(&vm);
	munmap(p, 0x2000);
	close(fd);
}

/* Two slots over the same memory; slot @lo_id at the lower GPA. */
static uint64_t alias_gpa(int lo_id, int hi_id)
{
	struct kvm_sev_launch_log_entry *log = NULL;
	uint64_t gpa = UINT64_MAX;
	uint8_t blob[48], ld[32];
	uint32_t n = 0, flags;
	struct ksu_vm vm;
	void *p;
	int ret;

	p = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap");
	vm_new(&vm, false);
	ret = slot(&vm, hi_id, 0x200000, p, 0x10000);
	if (!ret)
		ret = slot(&vm, lo_id, 0x100000, p, 0x10000);
	if (!ret)
		ret = ksu_update_data(&vm, (uint8_t *)p + 0x1000, 0x1000, &e);
	if (!ret)
		ret = ksu_measure(&vm, blob, NULL, &e);
	if (!ret)
		ret = ksu_get_log(&vm, &log, &n, &flags, ld, &e);
	if (!ret && n == 1)
		gpa = log[0].gpa;
	free(log);
	ksu_vm_destroy(&vm);
	munmap(p, 0x10000);
	return gpa;
}

static void alias_slots(void)
{
	uint64_t a = alias_gpa(SLOT_ID, SLOT_ID + 1);
	uint64_t b = alias_gpa(SLOT_ID + 1, SLOT_ID);

	tap_ok(a == 0x101000 && b == 0x101000,
	       "memory two slots alias is measured at its lowest GPA, whatever the slot ids: %#llx and %#llx (want 0x101000)",
	       (unsigned long long)a, (unsigned long long)b);
}

/* ---- RLIMIT_MEMLOCK shared with KVM_MEMORY_ENCRYPT_REG_REGION ---- */

struct memlock_result {
	int setup;
	int reg_first, data_second;
	uint32_t data_second_err;
	int data_first, reg_second;
};

static int reg_region(struct ksu_vm *vm, void *p, uint64_t len)
{
	struct kvm_enc_region r = { .addr = (uintptr_t)p, .size = len };

	return ioctl(vm->fd, KVM_MEMORY_ENCRYPT_REG_REGION, &r) ? -errno : 0;
}

/* In a child: no CAP_IPC_LOCK, RLIMIT_MEMLOCK 64 KiB (16 pages). */
static void memlock_child(int wfd)
{
	struct memlock_result r = { 0 };
	struct ksu_vm vm;
	uint8_t *p;

	r.setup = ksu_memlock_limit(0x10000);
	p = mmap(NULL, 0x40000, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		r.setup = -1;
	if (!r.setup) {
		/* KVM first: 12 pages registered, then 8 for the launch. */
		vm_new(&vm, false);
		r.setup = slot(&vm, SLOT_ID, 0x100000, p, 0x40000);
		r.reg_first = reg_region(&vm, p, 0xc000);
		e = KSU_ERR_UNSET;
		r.data_second = ksu_update_data(&vm, p + 0x20000, 0x8000, &e);
		r.data_second_err = e;
		ksu_vm_destroy(&vm);
	}
	if (!r.setup) {
		/* The launch first: 12 pages recorded, then 8 registered. */
		vm_new(&vm, false);
		r.setup = slot(&vm, SLOT_ID, 0x100000, p, 0x40000);
		r.data_first = ksu_update_data(&vm, p, 0xc000, &e);
		r.reg_second = reg_region(&vm, p + 0x20000, 0x8000);
		ksu_vm_destroy(&vm);
	}
	tap_child_exit(wfd, &r, sizeof(r));
}

static void memlock(void)
{
	struct memlock_result r = { .setup = -1 };

	if (tap_run_child(memlock_child, &r, sizeof(r)))
		r.setup = -1;
	tap_ok(!r.setup && !r.reg_first && r.data_second == -ENOMEM &&
	       r.data_second_err == SEV_LAUNCH_ERR_MEMLOCK,
	       "RLIMIT_MEMLOCK 16 pages: REG_REGION of 12 (%s), then a canonical range of 8: %s, error %#x %s (setup %d)",
	       errname(r.reg_first), errname(r.data_second),
	       r.data_second_err, ksu_err_name(r.data_second_err), r.setup);
	tap_ok(!r.setup && !r.data_first && r.reg_second == -ENOMEM,
	       "RLIMIT_MEMLOCK 16 pages: a canonical range of 12 (%s), then REG_REGION of 8: %s",
	       errname(r.data_first), errname(r.reg_second));
}

int main(void)
{
	long base;

	tap_plan(PLAN);
	ksu_srand((uint64_t)getpid());
	base = ksu_pinned_pages();
	memory_types();		/* 4 */
	hugetlb();		/* 1 */
	writeback_file();	/* 2 */
	alias_in_range();	/* 1 */
	alias_slots();		/* 1 */
	memlock();		/* 2 */
	tap_ok(base >= 0 && ksu_pinned_pages() == base,
	       "pinned pages back to %ld", base);
	if (tap_n != PLAN)
		tap_diag("plan says %d, ran %d", PLAN, tap_n);
	return tap_exit();
}
