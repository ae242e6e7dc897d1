// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: a fault at every step of a launch and of every /dev/sev
 * command.
 *
 * For each KVM launch command (LAUNCH_START and its ACTIVATE, UPDATE_DATA
 * and UPDATE_VMSA in default and canonical mode, the canonical replay at
 * MEASURE, MEASURE, SECRET, FINISH, GUEST_STATUS, DBG_DECRYPT/ENCRYPT) and
 * each /dev/sev command, three kinds of fault are injected into a fresh
 * VM (or platform) brought up to that step:
 *
 *  fw    the software firmware fails the command (debugfs fail_cmd,
 *        status RESOURCE_LIMIT): the KVM path must return -EIO with error
 *        0x17 (kvm.rst), /dev/sev -ENOSPC with error 0x17 (psp.rst);
 *  nth   every allocation on the path, one at a time, through the task's
 *        /proc/thread-self/fail-nth (failslab and fail_page_alloc): each
 *        must fail with -ENOMEM and no firmware status;
 *  func  fail_function on the project's ALLOW_ERROR_INJECTION points,
 *        first call of this task only: sevl_psp_do_cmd (-EBUSY, the
 *        errno of a mailbox that refuses work), sevl_pin and
 *        sevl_log_reserve (-ENOMEM): the ioctl must return that errno
 *        where the point is reached and succeed where it is not, and
 *        sevl_psp_do_cmd must be reached exactly by the steps that issue
 *        a firmware command (canonical mode's recording issues none).
 *
 * After every injection the VM is destroyed and nothing may be left:
 * debugfs sev-launch/pinned_pages and the firmware's guest table and bound
 * ASIDs are back to what they were; after each case a fresh launch (or the
 * same /dev/sev command) must succeed.  Timeouts are kvm_launch_timeout's.
 */
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "swfw_state.h"
#include "tap.h"

#define MEM_SIZE	0x10000
#define DATA_GPA	0x1000
#define DATA_LEN	0x2000
#define DBG_GPA		0x4000
#define SECRET_GPA	0x8000
#define SECRET_LEN	0x40
#define FAIL_STATUS	SEV_RET_RESOURCE_LIMIT
#define DEV_FAIL_ERRNO	(-ENOSPC)	/* psp.rst: RESOURCE_LIMIT */
#define MAX_NTH		64

#define FW_PLATFORM_STATUS	0x004
#define FW_PEK_GEN		0x005
#define FW_PEK_CSR		0x006
#define FW_PEK_CERT_IMPORT	0x007
#define FW_PDH_CERT_EXPORT	0x008
#define FW_PDH_GEN		0x009
#define FW_GET_ID		0x00c
#define FW_FACTORY_RESET	0x003
#define FW_ACTIVATE		0x021
#define FW_GUEST_STATUS		0x023
#define FW_LAUNCH_START		0x030
#define FW_UPDATE_DATA		0x031
#define FW_UPDATE_VMSA		0x032
#define FW_MEASURE		0x033
#define FW_SECRET		0x034
#define FW_FINISH		0x035
#define FW_DBG_DECRYPT		0x060
#define FW_DBG_ENCRYPT		0x061

enum step {
	ST_START, ST_DATA, ST_VMSA, ST_MEASURE, ST_SECRET, ST_FINISH,
	ST_STATUS, ST_DBG_DEC, ST_DBG_ENC,
};

struct kcase {
	const char *name;
	enum step step;
	bool canonical;
	uint32_t fw_cmd;	/* the firmware command to fail, 0: none */
};

static const struct kcase kcases[] = {
	{ "LAUNCH_START", ST_START, false, FW_LAUNCH_START },
	{ "LAUNCH_START (its ACTIVATE)", ST_START, false, FW_ACTIVATE },
	{ "LAUNCH_UPDATE_DATA default", ST_DATA, false, FW_UPDATE_DATA },
	{ "LAUNCH_UPDATE_DATA canonical", ST_DATA, true, 0 },
	{ "LAUNCH_UPDATE_VMSA default", ST_VMSA, false, FW_UPDATE_VMSA },
	{ "LAUNCH_UPDATE_VMSA canonical", ST_VMSA, true, 0 },
	{ "LAUNCH_MEASURE canonical (replayed UPDATE_DATA)", ST_MEASURE, true,
	  FW_UPDATE_DATA },
	{ "LAUNCH_MEASURE canonical (replayed UPDATE_VMSA)", ST_MEASURE, true,
	  FW_UPDATE_VMSA },
	{ "LAUNCH_MEASURE canonical", ST_MEASURE, true, FW_MEASURE },
	{ "LAUNCH_MEASURE default", ST_MEASURE, false, FW_MEASURE },
	{ "LAUNCH_SECRET", ST_SECRET, false, FW_SECRET },
	{ "LAUNCH_FINISH", ST_FINISH, false, FW_FINISH },
	{ "GUEST_STATUS", ST_STATUS, false, FW_GUEST_STATUS },
	{ "DBG_DECRYPT", ST_DBG_DEC, false, FW_DBG_DECRYPT },
	{ "DBG_ENCRYPT", ST_DBG_ENC, false, FW_DBG_ENCRYPT },
};

struct dcase {
	const char *name;
	uint32_t cmd;
	uint32_t fw_cmd;
};

/* FACTORY_RESET last: it changes the platform's identity. */
static const struct dcase dcases[] = {
	{ "PLATFORM_STATUS", SEV_PLATFORM_STATUS, FW_PLATFORM_STATUS },
	{ "PEK_GEN", SEV_PEK_GEN, FW_PEK_GEN },
	{ "PEK_CSR", SEV_PEK_CSR, FW_PEK_CSR },
	{ "PDH_GEN", SEV_PDH_GEN, FW_PDH_GEN },
	{ "PDH_CERT_EXPORT", SEV_PDH_CERT_EXPORT, FW_PDH_CERT_EXPORT },
	{ "PEK_CERT_IMPORT", SEV_PEK_CERT_IMPORT, FW_PEK_CERT_IMPORT },
	{ "GET_ID", SEV_GET_ID, FW_GET_ID },
	{ "GET_ID2", SEV_GET_ID2, FW_GET_ID },
	{ "FACTORY_RESET", SEV_FACTORY_RESET, FW_FACTORY_RESET },
};

/* The ALLOW_ERROR_INJECTION points and the errno each is given. */
static const struct { const char *fn; int err; } funcs[] = {
	{ "sevl_psp_do_cmd", -EBUSY },
	{ "sevl_pin", -ENOMEM },
	{ "sevl_log_reserve", -ENOMEM },
};

#define NR_FUNCS	((int)ARRAY_SIZE(funcs))

static struct swfw_state fw0;
static long pins0;
static bool have_fi;	/* the kernel's fault-injection debugfs is there */
/*
 * fail_function reaches this thread.  Its task filter needs the probe's
 * handler to run in task context, i.e. kprobes on ftrace: with int3
 * kprobes (no FUNCTION_TRACER in the kernel) the handler runs as an NMI
 * and the filter never matches, so a filtered point is never failed.
 */
static bool have_func;
/*
 * A kernel with kmemleak (the sanitizer profile) allocates its own
 * tracking objects on every allocation, and a failure there is tolerated
 * by design: fail-nth then hits points whose failure the command never
 * sees, so the nth cases only mean something without it.
 */
static bool nth_tolerant;

/* ---- the kernel's fault injection ---- */

#define FAILSLAB	FAULT_DIR "failslab/"
#define FAILPAGE	FAULT_DIR "fail_page_alloc/"
#define FAILFUNC	FAULT_DIR "fail_function/"

static int fi_setup(void)
{
	int ret = 0;

	/* Sleeping allocations too, order 0 too, and never a stack dump. */
	ret |= sst_write(FAILSLAB "ignore-gfp-wait", "N");
	ret |= sst_write(FAILSLAB "verbose", "0");
	ret |= sst_write(FAILPAGE "ignore-gfp-wait", "N");
	ret |= sst_write(FAILPAGE "min-order", "0");
	ret |= sst_write(FAILPAGE "verbose", "0");
	ret |= sst_write(FAILFUNC "verbose", "0");
	ret |= sst_write(FAILFUNC "task-filter", "Y");
	ret |= sst_write(FAILFUNC "probability", "100");
	ret |= sst_write(FAILFUNC "interval", "1");
	return ret;
}

/*
 * /proc/thread-self/fail-nth, kept open: between arming and the ioctl
 * this thread makes no other system call that could allocate.
 */
static int nth_fd = -1;

/* Fail the @n-th fault-injection point this thread passes from now. */
static void nth_arm(int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", n);

	/* Should the file not take pwrite(), a fresh open and write(). */
	if (pwrite(nth_fd, buf, len, 0) != len)
		sst_write("/proc/thread-self/fail-nth", buf);
}

/* Disarm; true if the armed fault was injected. */
static bool nth_disarm(void)
{
	char buf[16] = "";
	ssize_t n = pread(nth_fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		n = sst_read("/proc/thread-self/fail-nth", buf, sizeof(buf));
	if (pwrite(nth_fd, "0", 1, 0) != 1)
		sst_write("/proc/thread-self/fail-nth", "0");
	return n > 0 && strtol(buf, NULL, 10) == 0;
}

static int func_arm(int i)
{
	char path[128], val[32];
	int ret;

	ret = sst_write(FAILFUNC "inject", funcs[i].fn);
	snprintf(path, sizeof(path), FAILFUNC "%s/retval", funcs[i].fn);
	snprintf(val, sizeof(val), "%#llx",
		 (unsigned long long)(long long)funcs[i].err);
	ret |= sst_write(path, val);
	ret |= sst_write(FAILFUNC "times", "1");
	ret |= sst_write("/proc/thread-self/make-it-fail", "1");
	return ret;
}

/* Disarm; true if the function was failed. */
static bool func_disarm(void)
{
	sst_write("/proc/thread-self/make-it-fail", "0");
	sst_write(FAILFUNC "inject", "\n");	/* blank: remove every point */
	return sst_num(FAILFUNC "times") == 0;
}

static void fw_arm(uint32_t cmd)
{
	swfw_knob("fail_status", FAIL_STATUS);
	swfw_knob("fail_cmd", cmd);
}

static void fw_disarm(void)
{
	swfw_knob("fail_cmd", 0);
}

/* Nothing the firmware or the launch core holds is left; else say what. */
static bool clean(char *why, size_t len)
{
	struct swfw_state now;
	long pins = ksu_pinned_pages();

	swfw_state(&now);
	if (swfw_same(&fw0, &now) && pins == pins0)
		return true;
	snprintf(why, len, "LEAK: firmware guests %ld (was %ld), bound ASIDs %ld+%ld (was %ld+%ld), pinned %ld (was %ld)",
		 now.guests, fw0.guests, now.asid_alloc, now.asid_in_use,
		 fw0.asid_alloc, fw0.asid_in_use, pins, pins0);
	return false;
}

/* ---- launches ---- */

struct launch {
	struct ksu_vm vm;
	struct ksu_owner o;
	bool session;
	uint8_t blob[48];
	uint8_t vmsa[4096];
	uint8_t buf[4096];
};

static struct ksu_owner owner;

static int do_step(struct launch *l, enum step s, uint32_t *error)
{
	struct kvm_sev_launch_measure m = {
		.uaddr = (uintptr_t)l->blob, .len = sizeof(l->blob),
	};
	struct kvm_sev_guest_status st;
	uint8_t hdr[52], trans[SECRET_LEN], plain[SECRET_LEN];
	struct ksu_vm *vm = &l->vm;
	int ret;

	*error = KSU_ERR_UNSET;
	switch (s) {
	case ST_START:
		return ksu_start(vm, SEV_POLICY_ES,
				 l->session ? l->o.s.godh : NULL,
				 l->session ? l->o.s.blob : NULL, NULL, error);
	case ST_DATA:
		return ksu_update_data(vm, ksu_gpa_hva(vm, DATA_GPA), DATA_LEN,
				       error);
	case ST_VMSA:
		return ksu_update_vmsa(vm, 0, l->vmsa, NULL, error);
	case ST_MEASURE:
		/* One call, no probe: the probe would be a command of its own. */
		return ksu_vm_op(vm, KVM_SEV_LAUNCH_MEASURE, &m, error);
	case ST_SECRET:
		memset(plain, 0x5a, sizeof(plain));
		ret = sc_secret_build(l->o.s.tek, l->o.s.tik, l->blob, true,
				      NULL, 0, plain, sizeof(plain),
				      SECRET_LEN, hdr, trans);
		if (ret)
			return -EPROTO;
		return ksu_secret(vm, hdr, ksu_gpa_hva(vm, SECRET_GPA), trans,
				  SECRET_LEN, error);
	case ST_FINISH:
		return ksu_finish(vm, error);
	case ST_STATUS:
		return ksu_status(vm, &st, error);
	case ST_DBG_DEC:
		return ksu_dbg(vm, true, ksu_gpa_hva(vm, DBG_GPA), l->buf, 64,
			       error);
	case ST_DBG_ENC:
		return ksu_dbg(vm, false, l->buf, ksu_gpa_hva(vm, DBG_GPA), 64,
			       error);
	}
	return -EINVAL;
}

/* An SEV-ES VM with one vCPU, brought up to (not including) @stop. */
static int prep(struct launch *l, bool canonical, enum step stop,
		char *why, size_t len)
{
	struct sc_vmsa_desc d;
	uint32_t error = 0, id = 0;
	int ret, s;

	memset(l, 0, sizeof(*l));
	ret = ksu_vm_create(&l->vm, KSU_INIT2_ES, 0);
	if (ret) {
		snprintf(why, len, "VM: %s at %s", strerror(-ret),
			 ksu_fail_step);
		return ret;
	}
	ret = ksu_vm_add_slot(&l->vm, 0, MEM_SIZE);
	if (!ret) {
		ksu_fill(l->vm.slot[0].hva, MEM_SIZE);
		ret = ksu_vcpus_create(&l->vm, &id, 1);
	}
	if (!ret && canonical)
		ret = ksu_config(&l->vm, KVM_SEV_LAUNCH_F_CANONICAL,
				 KVM_SEV_VMSA_FPU_SYNC, &error);
	/* Only LAUNCH_SECRET needs the owner's keys; ECDH is slow here. */
	l->session = stop >= ST_SECRET || stop == ST_START;
	if (!ret && l->session) {
		l->o = owner;
		ret = ksu_owner_session(&l->o, SEV_POLICY_ES);
	}
	sc_vmsa_desc_default(&d);
	d.bsp = true;
	d.reset_eip = 0xfffffff0u;
	sc_vmsa_build(&d, l->vmsa);
	for (s = ST_START; !ret && s < (int)stop; s++)
		ret = do_step(l, s, &error);
	if (ret) {
		snprintf(why, len, "setup step %d: %s (error %#x)", s - 1,
			 strerror(-ret), error);
		ksu_vm_destroy(&l->vm);
	}
	return ret;
}

/* A plain SEV launch from scratch, start to finish. */
static bool fresh_launch(char *why, size_t len)
{
	struct kvm_sev_launch_measure m = { 0 };
	uint32_t error = 0;
	struct ksu_vm vm;
	uint8_t blob[48];
	int ret;

	ret = ksu_vm_create(&vm, KSU_INIT2_SEV, 0);
	if (ret) {
		snprintf(why, len, "fresh VM: %s at %s", strerror(-ret),
			 ksu_fail_step);
		return false;
	}
	ret = ksu_vm_add_slot(&vm, 0, MEM_SIZE);
	if (!ret)
		ret = ksu_start(&vm, 0, NULL, NULL, NULL, &error);
	if (!ret)
		ret = ksu_update_data(&vm, ksu_gpa_hva(&vm, DATA_GPA),
				      DATA_LEN, &error);
	m.uaddr = (uintptr_t)blob;
	m.len = sizeof(blob);
	if (!ret)
		ret = ksu_vm_op(&vm, KVM_SEV_LAUNCH_MEASURE, &m, &error);
	if (!ret)
		ret = ksu_finish(&vm, &error);
	ksu_vm_destroy(&vm);
	if (ret)
		snprintf(why, len, "fresh launch: %s (error %#x %s)",
			 strerror(-ret), error, ksu_err_name(error));
	return !ret;
}

/* Kernel refusals carry no firmware status: 0, or NO_FW_CALL once set. */
static bool no_fw(uint32_t error)
{
	return error == 0 || error == (uint32_t)SEV_RET_NO_FW_CALL;
}

static void kvm_fw(const struct kcase *c)
{
	char why[256] = "";
	struct launch *l = calloc(1, sizeof(*l));
	uint32_t error = 0;
	bool ok;
	int ret;

	if (!c->fw_cmd) {
		tap_ok(1, "fw   %s: # SKIP records only, no firmware command",
		       c->name);
		free(l);
		return;
	}
	ok = !prep(l, c->canonical, c->step, why, sizeof(why));
	if (ok) {
		fw_arm(c->fw_cmd);
		ret = do_step(l, c->step, &error);
		fw_disarm();
		ksu_vm_destroy(&l->vm);
		ok = ret == -EIO && error == FAIL_STATUS;
		if (!ok)
			snprintf(why, sizeof(why), "got %d (%s) error %#x, want -EIO error %#x",
				 ret, strerror(-ret), error, FAIL_STATUS);
	}
	ok = ok && clean(why, sizeof(why)) && fresh_launch(why, sizeof(why));
	tap_ok(ok, "fw   %s: firmware status %#x -> -EIO error %#x, nothing left, fresh launch ok %s",
	       c->name, FAIL_STATUS, FAIL_STATUS, why);
	free(l);
}

static void kvm_nth(const struct kcase *c)
{
	char why[256] = "";
	struct launch *l = calloc(1, sizeof(*l));
	uint32_t error = 0;
	bool ok = true, hit = true;
	int n, ret, points = 0;

	for (n = 1; ok && hit && n <= MAX_NTH; n++) {
		ok = !prep(l, c->canonical, c->step, why, sizeof(why));
		if (!ok)
			break;
		nth_arm(n);
		ret = do_step(l, c->step, &error);
		hit = nth_disarm();
		ksu_vm_destroy(&l->vm);
		if (hit) {
			points++;
			ok = ret == -ENOMEM && no_fw(error);
			if (!ok)
				snprintf(why, sizeof(why), "allocation %d: got %d (%s) error %#x, want -ENOMEM",
					 n, ret, strerror(-ret), error);
		} else {
			ok = !ret;
			if (!ok)
				snprintf(why, sizeof(why), "without a fault: %d (%s) error %#x",
					 ret, strerror(-ret), error);
		}
		ok = ok && clean(why, sizeof(why));
	}
	if (ok && hit) {
		ok = false;
		snprintf(why, sizeof(why), "more than %d allocations", MAX_NTH);
	}
	ok = ok && fresh_launch(why, sizeof(why));
	tap_ok(ok, "nth  %s: %d allocation points, each -ENOMEM, nothing left, fresh launch ok %s",
	       c->name, points, why);
	free(l);
}

static void kvm_func(const struct kcase *c)
{
	char why[256] = "", got[256] = "";
	struct launch *l = calloc(1, sizeof(*l));
	uint32_t error = 0;
	bool ok = true, hit, fw_hit = false;
	int i, ret;
	size_t o = 0;

	for (i = 0; ok && i < NR_FUNCS; i++) {
		ok = !prep(l, c->canonical, c->step, why, sizeof(why));
		if (!ok)
			break;
		if (func_arm(i)) {
			func_disarm();
			ksu_vm_destroy(&l->vm);
			snprintf(why, sizeof(why), "cannot arm fail_function for %s",
				 funcs[i].fn);
			ok = false;
			break;
		}
		ret = do_step(l, c->step, &error);
		hit = func_disarm();
		if (i == 0)
			fw_hit = hit;
		ksu_vm_destroy(&l->vm);
		ok = hit ? ret == funcs[i].err && no_fw(error) : !ret;
		o += snprintf(got + o, sizeof(got) - o, "%s%s %s", i ? ", " : "",
			      funcs[i].fn, hit ? strerror(-ret) : "not reached");
		if (!ok)
			snprintf(why, sizeof(why), "%s: got %d error %#x",
				 funcs[i].fn, ret, error);
		ok = ok && clean(why, sizeof(why));
	}
	/*
	 * A step issues its firmware command through sevl_psp_do_cmd (funcs[0]);
	 * a step that only records (canonical mode) must not reach it.
	 */
	if (ok && fw_hit != !!c->fw_cmd) {
		ok = false;
		snprintf(why, sizeof(why), "%s %sreached", funcs[0].fn,
			 fw_hit ? "" : "not ");
	}
	ok = ok && fresh_launch(why, sizeof(why));
	tap_ok(ok, "func %s: %s; nothing left, fresh launch ok %s", c->name,
	       got, why);
	free(l);
}

/* ---- /dev/sev ---- */

static struct {
	struct sev_user_data_status st;
	struct sev_user_data_pek_csr csr;
	struct sev_user_data_pdh_cert_export pdh;
	struct sev_user_data_pek_cert_import imp;
	struct sev_user_data_get_id id;
	struct sev_user_data_get_id2 id2;
	uint8_t cert[SC_CERT_SIZE], chain[3 * SC_CERT_SIZE];
	uint8_t oca[SC_CERT_SIZE], idbuf[128];
} dv;

static int dev_cmd(int fd, uint32_t cmd, uint32_t *error)
{
	struct sev_issue_cmd arg = { .cmd = cmd, .error = KSU_ERR_UNSET };
	void *data = NULL;

	switch (cmd) {
	case SEV_PLATFORM_STATUS:
		data = &dv.st;
		break;
	case SEV_PEK_CSR:
		dv.csr = (struct sev_user_data_pek_csr){
			(uintptr_t)dv.cert, sizeof(dv.cert) };
		data = &dv.csr;
		break;
	case SEV_PDH_CERT_EXPORT:
		dv.pdh = (struct sev_user_data_pdh_cert_export){
			(uintptr_t)dv.cert, sizeof(dv.cert),
			(uintptr_t)dv.chain, sizeof(dv.chain) };
		data = &dv.pdh;
		break;
	case SEV_PEK_CERT_IMPORT:
		/* Garbage certificates: the firmware refuses them. */
		dv.imp = (struct sev_user_data_pek_cert_import){
			(uintptr_t)dv.cert, sizeof(dv.cert),
			(uintptr_t)dv.oca, sizeof(dv.oca) };
		data = &dv.imp;
		break;
	case SEV_GET_ID:
		data = &dv.id;
		break;
	case SEV_GET_ID2:
		dv.id2 = (struct sev_user_data_get_id2){
			(uintptr_t)dv.idbuf, sizeof(dv.idbuf) };
		data = &dv.id2;
		break;
	}
	arg.data = (uintptr_t)data;
	if (ioctl(fd, SEV_ISSUE_CMD, &arg)) {
		*error = arg.error;
		return -errno;
	}
	*error = arg.error;
	return 0;
}

/* The platform state and PDH, to show a failed command changed nothing. */
static bool dev_snapshot(int fd, uint8_t *state, uint8_t pdh[SC_CERT_SIZE])
{
	uint32_t error;

	if (dev_cmd(fd, SEV_PLATFORM_STATUS, &error))
		return false;
	*state = dv.st.state;
	if (dev_cmd(fd, SEV_PDH_CERT_EXPORT, &error))
		return false;
	memcpy(pdh, dv.cert, SC_CERT_SIZE);
	return true;
}

/*
 * One /dev/sev case: @kind 0 firmware, 1 fail-nth, 2 fail_function.
 * @want is what the command returns without a fault.
 */
static void dev_case(int fd, const struct dcase *c, int kind)
{
	static const char * const kinds[] = { "fw  ", "nth ", "func" };
	uint8_t s0 = 0, s1 = 0, pdh0[SC_CERT_SIZE], pdh1[SC_CERT_SIZE];
	bool reset = c->cmd == SEV_FACTORY_RESET;
	bool ok = true, hit = true, injected;
	char why[256] = "";
	uint32_t error, werr;
	int n, ret, want, points = 0;

	want = dev_cmd(fd, c->cmd, &werr);
	for (n = 1; ok && hit && n <= MAX_NTH; n++) {
		if (!reset && !dev_snapshot(fd, &s0, pdh0)) {
			ok = false;
			snprintf(why, sizeof(why), "cannot read the platform");
			break;
		}
		if (kind == 0) {
			fw_arm(c->fw_cmd);
			ret = dev_cmd(fd, c->cmd, &error);
			fw_disarm();
			hit = false;
			injected = true;
			ok = ret == DEV_FAIL_ERRNO && error == FAIL_STATUS;
		} else if (kind == 1) {
			nth_arm(n);
			ret = dev_cmd(fd, c->cmd, &error);
			hit = nth_disarm();
			injected = hit;
			ok = hit ? ret == -ENOMEM && no_fw(error) :
				   ret == want && error == werr;
		} else {
			func_arm(0);
			ret = dev_cmd(fd, c->cmd, &error);
			hit = false;
			/* Every /dev/sev command reaches the PSP driver. */
			injected = func_disarm();
			ok = injected && ret == funcs[0].err && no_fw(error);
		}
		points += hit;
		if (!ok)
			snprintf(why, sizeof(why), "%s%d: got %d (%s) error %#x",
				 kind == 1 ? "allocation " : "", n, ret,
				 strerror(-ret), error);
		/* A command that failed changed nothing. */
		if (ok && injected && !reset &&
		    (!dev_snapshot(fd, &s1, pdh1) || s0 != s1 ||
		     memcmp(pdh0, pdh1, SC_CERT_SIZE))) {
			ok = false;
			snprintf(why, sizeof(why), "platform changed: state %u -> %u or a new PDH",
				 s0, s1);
		}
	}
	ok = ok && clean(why, sizeof(why));
	/* The same command works afterwards (PEK_CERT_IMPORT: refused alike). */
	ret = dev_cmd(fd, c->cmd, &error);
	if (ok && (ret != want || error != werr)) {
		ok = false;
		snprintf(why, sizeof(why), "afterwards %d error %#x, before %d error %#x",
			 ret, error, want, werr);
	}
	tap_ok(ok, "%s /dev/sev %s: %s, platform unchanged, works again (%d) %s",
	       kinds[kind], c->name,
	       kind == 0 ? "-ENOSPC error 0x17" :
	       kind == 1 ? "every allocation -ENOMEM" : "sevl_psp_do_cmd -EBUSY",
	       want, why);
	if (kind == 1)
		tap_diag("/dev/sev %s: %d allocation points", c->name, points);
}

int main(void)
{
	int i, k = 0, fd = -1, ret = 0;
	double t0;

	tap_plan((int)ARRAY_SIZE(kcases) * 3 + (int)ARRAY_SIZE(dcases) * 3 + 2);
	ksu_srand(0x5eed);
	memset(&dv, 0, sizeof(dv));	/* fault the pages in now */
	if (swfw_state(&fw0))
		tap_bail("software firmware debugfs");
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	have_fi = !fi_setup() && nth_fd >= 0;
	if (!have_fi)
		tap_diag("no fault-injection debugfs or fail-nth: the kernel lacks CONFIG_FAULT_INJECTION_DEBUG_FS, FAILSLAB, FAIL_PAGE_ALLOC or FAIL_FUNCTION; nth and func cases fail");
	nth_tolerant = access("/sys/kernel/debug/kmemleak", F_OK) == 0;
	pins0 = ksu_pinned_pages();
	/* The mechanism itself: open() allocates, so fail-nth 1 fails it. */
	if (have_fi) {
		nth_arm(1);
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		ret = errno;
		k = nth_disarm();
		if (fd >= 0)
			close(fd);
	}
	tap_ok(have_fi && fd < 0 && ret == ENOMEM && k,
	       "fault injection reaches this thread: open() under fail-nth 1 fails with ENOMEM");
	fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	if (have_fi && fd >= 0 && !func_arm(0)) {
		uint32_t error = 0;

		ret = dev_cmd(fd, SEV_PLATFORM_STATUS, &error);
		have_func = func_disarm() && ret == funcs[0].err;
	}
	if (!have_func)
		tap_diag("fail_function does not reach this thread (its task filter needs kprobes on ftrace, CONFIG_FUNCTION_TRACER): func cases skipped");
	ret = fd < 0 ? -errno : ksu_owner_platform(&owner, fd);
	if (ret) {
		errno = -ret;
		tap_bail("owner platform");
	}
	t0 = (double)time(NULL);

	for (i = 0; i < (int)ARRAY_SIZE(kcases); i++) {
		kvm_fw(&kcases[i]);
		if (!have_fi) {
			tap_ok(0, "nth  %s: no fault injection", kcases[i].name);
			tap_ok(0, "func %s: no fault injection", kcases[i].name);
			continue;
		}
		if (nth_tolerant)
			tap_ok(1, "nth  %s: # SKIP kmemleak tolerates failed allocations",
			       kcases[i].name);
		else
			kvm_nth(&kcases[i]);
		/* fail_function does not depend on kmemleak's allocations. */
		if (have_func)
			kvm_func(&kcases[i]);
		else
			tap_ok(1, "func %s: # SKIP fail_function cannot filter by task here",
			       kcases[i].name);
	}
	for (i = 0; i < (int)ARRAY_SIZE(dcases); i++)
		for (k = 0; k < 3; k++) {
			if (k && !have_fi)
				tap_ok(0, "/dev/sev %s: no fault injection",
				       dcases[i].name);
			else if (k == 1 && nth_tolerant)
				tap_ok(1, "/dev/sev %s: # SKIP kmemleak tolerates failed allocations",
				       dcases[i].name);
			else if (k == 2 && !have_func)
				tap_ok(1, "func /dev/sev %s: # SKIP fail_function cannot filter by task here",
				       dcases[i].name);
			else
				dev_case(fd, &dcases[i], k);
		}
	close(fd);
	tap_ok(fresh_launch((char[256]) { 0 }, 256) && swfw_knob("fail_cmd", 0) == 0,
	       "a launch still works at the end; fault knobs off");
	tap_diag("%.0f s", (double)time(NULL) - t0);
	return tap_exit();
}
