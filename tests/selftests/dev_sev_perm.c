// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: what /dev/sev refuses, and that a refusal changes nothing.
 *
 *  - State-changing commands (PEK_GEN, PDH_GEN, PEK_CSR, PEK_CERT_IMPORT,
 *    FACTORY_RESET) need a descriptor opened for writing AND CAP_SYS_ADMIN
 *    (stricter than upstream, which checks only the file mode): refused
 *    with -EPERM on an O_RDONLY descriptor even for root, in a process that
 *    dropped CAP_SYS_ADMIN with capset(), and in one that switched to
 *    nobody after opening.  PLATFORM_STATUS, GET_ID and GET_ID2 work in
 *    all three; PDH_CERT_EXPORT too, unless the platform is UNINIT (the
 *    temporary INIT it needs is privileged).  The firmware status of a
 *    refusal is 0.
 *  - Bad pointers (the sev_issue_cmd, the command structure, the blobs it
 *    points to) give -EFAULT.
 *  - Unknown command ids give -EINVAL, as does an unknown ioctl.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "sev_util.h"

#define PAGE		4096
#define NOBODY		65534

static struct sev_cert csr_buf[2], chain_buf[CHAIN_CERTS];
/* page 0 read-write, page 1 inaccessible, page 2 read-only */
static uint8_t *pages;

/*
 * The five state-changing commands, each with valid parameters; returns
 * how many were refused with -EPERM and error 0.
 */
static int try_mutating(int fd, const char *who)
{
	struct sev_user_data_pek_cert_import imp = {
		.pek_cert_address = (uintptr_t)&csr_buf[0],
		.pek_cert_len = sizeof(csr_buf[0]),
		.oca_cert_address = (uintptr_t)&csr_buf[1],
		.oca_cert_len = sizeof(csr_buf[1]),
	};
	struct sev_user_data_pek_csr csr = {
		.address = (uintptr_t)&csr_buf[0],
		.length = sizeof(csr_buf[0]),
	};
	static const struct {
		uint32_t cmd;
		const char *name;
	} cmds[] = {
		{ SEV_PEK_GEN, "PEK_GEN" },
		{ SEV_PDH_GEN, "PDH_GEN" },
		{ SEV_PEK_CSR, "PEK_CSR" },
		{ SEV_PEK_CERT_IMPORT, "PEK_CERT_IMPORT" },
		{ SEV_FACTORY_RESET, "FACTORY_RESET" },
	};
	unsigned int i, n = 0;
	uint32_t error;
	void *data;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		data = cmds[i].cmd == SEV_PEK_CSR ? (void *)&csr :
		       cmds[i].cmd == SEV_PEK_CERT_IMPORT ? (void *)&imp : NULL;
		ret = sev_cmd(fd, cmds[i].cmd, data, &error);
		tap_ok(ret == -EPERM && error == 0,
		       "%s: %s refused with -EPERM, error 0 (ret %d error %#x)",
		       who, cmds[i].name, ret, error);
		n += ret == -EPERM;
	}
	return n;
}

/* PLATFORM_STATUS, GET_ID and GET_ID2 on @fd. */
static void try_reading(int fd, const char *who)
{
	struct sev_user_data_status st;
	struct sev_user_data_get_id id;
	struct sev_user_data_get_id2 x = {
		.address = (uintptr_t)pages, .length = sizeof(id),
	};
	uint32_t e1, e2, e3;
	int r1, r2, r3;

	r1 = sev_cmd(fd, SEV_PLATFORM_STATUS, &st, &e1);
	r2 = sev_cmd(fd, SEV_GET_ID, &id, &e2);
	r3 = sev_cmd(fd, SEV_GET_ID2, &x, &e3);
	tap_ok(!r1 && !e1 && !r2 && !e2 && !r3 && !e3 &&
	       !memcmp(pages, &id, sizeof(id)),
	       "%s: PLATFORM_STATUS, GET_ID and GET_ID2 work (ret %d/%d/%d)",
	       who, r1, r2, r3);
}

/*
 * PDH_CERT_EXPORT is allowed on any fd unless the platform is UNINIT: the
 * temporary INIT it needs then makes it privileged (upstream: writable).
 */
static void try_export(int fd, const char *who)
{
	struct sev_user_data_status st;
	struct sev_pdh_export *e;
	int ret;

	e = calloc(1, sizeof(*e));
	if (!e || sev_status(fd, &st))
		tap_bail("PLATFORM_STATUS");
	ret = sev_export(fd, e);
	if (st.state == 0)
		tap_ok(ret == -EPERM && e->error == 0,
		       "%s: PDH_CERT_EXPORT of an UNINIT platform refused with -EPERM, error 0 (ret %d error %#x)",
		       who, ret, e->error);
	else
		tap_ok(ret == 0 && e->error == 0,
		       "%s: PDH_CERT_EXPORT of an initialised platform (state %u) works (ret %d)",
		       who, st.state, ret);
	free(e);
}

/*
 * Run @fn in a child process; its TAP results continue this process's
 * numbering and are added to it.
 */
static void in_child(void (*fn)(int), int arg)
{
	int fd, counts[2] = { 0, 0 };
	pid_t pid;

	pid = tap_fork_pipe(&fd);
	if (!pid) {
		int before = tap_n, failed = tap_failed;

		fn(arg);
		counts[0] = tap_n - before;
		counts[1] = tap_failed - failed;
		tap_child_exit(fd, counts, sizeof(counts));
	}
	if (tap_child_result(pid, fd, counts, sizeof(counts)))
		memset(counts, 0, sizeof(counts));
	tap_n += counts[0];
	tap_failed += counts[1];
}

static void child_nocap(int unused)
{
	int fd;

	(void)unused;
	tap_ok(sev_drop_cap_sys_admin() == 0,
	       "capset: CAP_SYS_ADMIN dropped (still uid %d)", getuid());
	fd = sev_open(O_RDWR);
	tap_ok(fd >= 0, "without CAP_SYS_ADMIN: open read-write");
	if (fd < 0)
		return;
	try_reading(fd, "no CAP_SYS_ADMIN, O_RDWR");
	try_export(fd, "no CAP_SYS_ADMIN, O_RDWR");
	try_mutating(fd, "no CAP_SYS_ADMIN, O_RDWR");
	close(fd);
}

static void child_nobody(int fd)
{
	int ret, fd2;

	ret = setresgid(NOBODY, NOBODY, NOBODY) ||
	      setresuid(NOBODY, NOBODY, NOBODY);
	tap_ok(ret == 0 && geteuid() == NOBODY,
	       "setresuid to nobody, keeping a read-write fd opened as root");
	fd2 = sev_open(O_RDWR);
	tap_diag("nobody opening %s read-write: %s", SEV_DEV_PATH,
		 fd2 < 0 ? strerror(errno) : "allowed");
	if (fd2 >= 0)
		close(fd2);
	try_reading(fd, "nobody, inherited O_RDWR fd");
	try_mutating(fd, "nobody, inherited O_RDWR fd");
}

/* A command refused with -EFAULT; no firmware failure is reported. */
static void __printf(3, 4) efault(int ret, uint32_t error, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	tap_ok(ret == -EFAULT && error == 0, "%s: -EFAULT, error 0 (ret %d error %#x)",
	       what, ret, error);
}

static void test_efault(int fd)
{
	uint8_t *none = pages + PAGE, *ro = pages + 2 * PAGE;
	struct sev_user_data_pek_cert_import imp;
	struct sev_user_data_pdh_cert_export x;
	struct sev_user_data_pek_csr csr;
	struct sev_user_data_get_id2 id2;
	struct sev_issue_cmd *edge;
	uint32_t error;
	int ret;

	/* The sev_issue_cmd itself: nothing can be written back. */
	ret = ioctl(fd, SEV_ISSUE_CMD, NULL);
	tap_ok(ret < 0 && errno == EFAULT, "SEV_ISSUE_CMD with a NULL argument: -EFAULT");
	ret = ioctl(fd, SEV_ISSUE_CMD, none);
	tap_ok(ret < 0 && errno == EFAULT,
	       "SEV_ISSUE_CMD argument in an unmapped page: -EFAULT");
	edge = (struct sev_issue_cmd *)(none - 8);
	edge->cmd = SEV_PLATFORM_STATUS;
	ret = ioctl(fd, SEV_ISSUE_CMD, edge);
	tap_ok(ret < 0 && errno == EFAULT,
	       "SEV_ISSUE_CMD argument running into an unmapped page: -EFAULT");

	/* The command's parameter structure. */
	ret = sev_cmd(fd, SEV_PLATFORM_STATUS, NULL, &error);
	efault(ret, error, "PLATFORM_STATUS to NULL");
	ret = sev_cmd(fd, SEV_PLATFORM_STATUS, ro, &error);
	efault(ret, error, "PLATFORM_STATUS to a read-only page");
	ret = sev_cmd(fd, SEV_PLATFORM_STATUS, none - 6, &error);
	efault(ret, error, "PLATFORM_STATUS running into an unmapped page");
	ret = sev_cmd(fd, SEV_GET_ID, ro, &error);
	efault(ret, error, "GET_ID to a read-only page");
	ret = sev_cmd(fd, SEV_PEK_CSR, none, &error);
	efault(ret, error, "PEK_CSR parameters in an unmapped page");

	/* The blobs it points to, output and input. */
	csr = (struct sev_user_data_pek_csr){
		.address = (uintptr_t)none, .length = SEV_LAUNCH_CERT_SIZE };
	ret = sev_cmd(fd, SEV_PEK_CSR, &csr, &error);
	efault(ret, error, "PEK_CSR into an unmapped page");
	csr.address = (uintptr_t)ro;
	ret = sev_cmd(fd, SEV_PEK_CSR, &csr, &error);
	efault(ret, error, "PEK_CSR into a read-only page");
	x = (struct sev_user_data_pdh_cert_export){
		.pdh_cert_address = (uintptr_t)&csr_buf[0],
		.pdh_cert_len = SEV_LAUNCH_CERT_SIZE,
		.cert_chain_address = (uintptr_t)none,
		.cert_chain_len = CHAIN_CERTS * SEV_LAUNCH_CERT_SIZE,
	};
	ret = sev_cmd(fd, SEV_PDH_CERT_EXPORT, &x, &error);
	efault(ret, error, "PDH_CERT_EXPORT chain into an unmapped page");
	x.cert_chain_address = (uintptr_t)chain_buf;
	x.pdh_cert_address = (uintptr_t)(none - 100);
	ret = sev_cmd(fd, SEV_PDH_CERT_EXPORT, &x, &error);
	efault(ret, error, "PDH_CERT_EXPORT PDH running into an unmapped page");
	id2 = (struct sev_user_data_get_id2){
		.address = (uintptr_t)none,
		.length = sizeof(struct sev_user_data_get_id) };
	ret = sev_cmd(fd, SEV_GET_ID2, &id2, &error);
	efault(ret, error, "GET_ID2 into an unmapped page");
	imp = (struct sev_user_data_pek_cert_import){
		.pek_cert_address = (uintptr_t)none,
		.pek_cert_len = SEV_LAUNCH_CERT_SIZE,
		.oca_cert_address = (uintptr_t)&csr_buf[1],
		.oca_cert_len = SEV_LAUNCH_CERT_SIZE,
	};
	ret = sev_cmd(fd, SEV_PEK_CERT_IMPORT, &imp, &error);
	efault(ret, error, "PEK_CERT_IMPORT PEK in an unmapped page");
	imp.pek_cert_address = (uintptr_t)&csr_buf[0];
	imp.oca_cert_address = (uintptr_t)(none - 1000);
	ret = sev_cmd(fd, SEV_PEK_CERT_IMPORT, &imp, &error);
	efault(ret, error, "PEK_CERT_IMPORT OCA running into an unmapped page");

	/* Oversize input blob (upstream: -EINVAL). */
	imp.oca_cert_address = (uintptr_t)&csr_buf[1];
	imp.oca_cert_len = SEV_LAUNCH_BLOB_MAX + 1;
	ret = sev_cmd(fd, SEV_PEK_CERT_IMPORT, &imp, &error);
	tap_ok((ret == -EINVAL || ret == -EFAULT) && error == 0,
	       "PEK_CERT_IMPORT with a 16 KiB + 1 OCA refused, error 0 (ret %d error %#x)",
	       ret, error);
}

static void test_unknown(int fd)
{
	static const uint32_t ids[] = { SEV_MAX, SEV_MAX + 1, 0xff, 0x100,
					0x80000000u, 0xffffffffu };
	struct sev_user_data_status st;
	struct sev_issue_cmd arg = { .cmd = SEV_PLATFORM_STATUS };
	unsigned int i;
	uint32_t error;
	int ret;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		ret = sev_cmd(fd, ids[i], &st, &error);
		tap_ok(ret == -EINVAL && (error == 0 || error == SEV_ERR_UNSET),
		       "unknown command %#x: -EINVAL, no firmware status (ret %d error %#x)",
		       ids[i], ret, error);
	}
	arg.data = (uintptr_t)&st;
	ret = ioctl(fd, _IOWR(SEV_IOC_TYPE, 0x1, struct sev_issue_cmd), &arg);
	tap_ok(ret < 0 && (errno == EINVAL || errno == ENOTTY),
	       "unknown ioctl number: refused (%s)", strerror(errno));
	/*
	 * dev_sev_snp tests the SNP commands; only the two that change
	 * nothing here, with room for what they read and write.
	 */
	for (i = SNP_PLATFORM_STATUS; i < SEV_MAX; i += 3) {
		static uint8_t snp_buf[4096];

		memset(snp_buf, 0, sizeof(snp_buf));
		ret = sev_cmd(fd, i, snp_buf, &error);
		tap_diag("SNP command %u: ret %d error %#x", i, ret, error);
	}
}

int main(void)
{
	struct sev_pdh_export before, after;
	struct sev_user_data_status st0, st1;
	int rw, ro, ret;

	tap_plan(50);

	pages = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages == MAP_FAILED || mprotect(pages + PAGE, PAGE, PROT_NONE) ||
	    mprotect(pages + 2 * PAGE, PAGE, PROT_READ))
		tap_bail("mmap");

	rw = sev_open(O_RDWR);
	tap_ok(rw >= 0, "open %s read-write", SEV_DEV_PATH);
	if (rw < 0)
		tap_bail(SEV_DEV_PATH);
	ret = sev_export(rw, &before) || sev_status(rw, &st0) ||
	      sev_pek_csr(rw, &csr_buf[0], NULL);
	tap_ok(!ret, "reference state: PDH_CERT_EXPORT, PLATFORM_STATUS, PEK_CSR");
	csr_buf[1] = before.chain[1];

	ro = sev_open(O_RDONLY);
	tap_ok(ro >= 0, "open %s read-only", SEV_DEV_PATH);
	if (ro < 0)
		tap_bail(SEV_DEV_PATH);
	try_reading(ro, "root, O_RDONLY");
	try_export(ro, "root, O_RDONLY");
	try_mutating(ro, "root, O_RDONLY");
	close(ro);

	in_child(child_nocap, 0);
	in_child(child_nobody, rw);

	test_efault(rw);
	test_unknown(rw);

	ret = sev_export(rw, &after) || sev_status(rw, &st1);
	tap_ok(!ret && !memcmp(&before.pdh, &after.pdh, sizeof(after.pdh)) &&
	       !memcmp(before.chain, after.chain, sizeof(after.chain)) &&
	       !memcmp(&st0, &st1, sizeof(st1)),
	       "nothing refused changed the platform (certificates and status as before)");
	close(rw);
	return tap_exit();
}
