// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU 10's sev-snp-guest, unmodified, as the VMM of an SEV-SNP launch
 * through kvm_amd, sev-launch and the software firmware (issue 15, "The
 * real client").  Part of boot_qemu (bq_util.h); each case:
 *
 *   sevctl measure --snp             the owner's prediction from Debian's
 *                                    OVMF_CODE.fd, the vCPU count and
 *                                    signature, in call and canonical order
 *   qemu -S ... -object sev-snp-guest,host-data=...
 *                                    KVM_X86_SNP_VM, KVM_SEV_INIT2 and
 *                                    SNP_LAUNCH_START at machine creation
 *   query-sev                        sev-type sev-snp, policy 0x30000
 *   cont                             QEMU issues every SNP_LAUNCH_UPDATE
 *                                    and SNP_LAUNCH_FINISH, then KVM_RUN,
 *                                    which must fail cleanly (the software
 *                                    firmware cannot run a guest)
 *   sev-swfw/N/snp/guests            the firmware's launch digest of this
 *                                    guest (found by its HOST_DATA) equals
 *                                    the prediction: call order in default
 *                                    mode, canonical order with the
 *                                    host-wide opt-in
 *   snp/test_report, snp/vcek.der    an attestation report of that guest,
 *                                    verified by sevctl report verify
 *   quit                             the guest context is gone
 *
 * Two results per case: the launch (digest, cont, teardown) and the
 * report.  Each is a SKIP naming what is missing while the kernel does not
 * offer it yet: the SNP VM type, the guests view, canonical mode for SNP
 * VMs, the report hook for KVM-launched guests.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/sev-launch.h>

#include "tap.h"
#include "bq_util.h"
#include "../../include/sev-launch/swfw-snp-test.h"

#ifndef KVM_CAP_VM_TYPES
#define KVM_CAP_VM_TYPES	235
#endif

/*
 * The software firmware's CPUID rules want family 19h model 11h stepping
 * 1 (Documentation/snp.rst): CPUID(1).EAX 0x00a10f11, which QEMU also puts
 * into RDX at reset, so the VMSAs carry it.
 */
#define SNP_CPU		"EPYC,family=25,model=17,stepping=1"
#define SNP_VCPU_SIG	"0xa10f11"
#define SNP_POLICY	0x30000ULL	/* QEMU 10's default: SMT, bit 17 */
#define SNP_MEM		"64"

struct snp_case {
	int vcpus;
	bool canonical;		/* host-wide canonical mode */
};

static const struct snp_case snp_cases[] = {
	{ 1, false }, { 4, false }, { 1, true }, { 4, true },
};

int snp_nr_results(void)
{
	return 2 * ARRAY_SIZE(snp_cases);
}

/* sev-swfw/<n>/snp of the software firmware instance with the model. */
static char swfw_snp[128];

static bool find_swfw_snp(void)
{
	glob_t g;
	bool found = false;

	if (!glob("/sys/kernel/debug/sev-swfw/*/snp/guests", 0, NULL, &g) &&
	    g.gl_pathc) {
		snprintf(swfw_snp, sizeof(swfw_snp), "%s", g.gl_pathv[0]);
		swfw_snp[strlen(swfw_snp) - strlen("/guests")] = 0;
		found = true;
	}
	globfree(&g);
	return found;
}

static bool kvm_has_snp_vm(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	int types;

	if (fd < 0)
		return false;
	types = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_VM_TYPES);
	close(fd);
	return types > 0 && (types & (1 << KVM_X86_SNP_VM));
}

/*
 * Does the host-wide canonical opt-in reach SNP VMs?  Asked, with the
 * module parameter set, of a fresh KVM_X86_SNP_VM after KVM_SEV_INIT2: its
 * SNP launch log (KVM_SEV_SNP_LAUNCH_GET_LOG, sev-launch's id 204) must
 * exist and say canonical order.
 */
static bool snp_canonical_supported(void)
{
	struct kvm_sev_snp_launch_log log = { 0 };
	struct kvm_sev_init init = { 0 };
	struct kvm_sev_cmd cmd = { 0 };
	int kvm, vm, sev;
	bool ok = false;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	sev = open("/dev/sev", O_RDWR | O_CLOEXEC);
	vm = kvm < 0 ? -1 : ioctl(kvm, KVM_CREATE_VM, KVM_X86_SNP_VM);
	if (vm >= 0 && sev >= 0) {
		cmd.id = KVM_SEV_INIT2;
		cmd.sev_fd = sev;
		cmd.data = (uintptr_t)&init;
		if (!ioctl(vm, KVM_MEMORY_ENCRYPT_OP, &cmd)) {
			cmd.id = KVM_SEV_SNP_LAUNCH_GET_LOG;
			cmd.data = (uintptr_t)&log;
			ok = !ioctl(vm, KVM_MEMORY_ENCRYPT_OP, &cmd) &&
			     (log.flags & KVM_SEV_LAUNCH_F_CANONICAL);
		}
	}
	if (vm >= 0)
		close(vm);
	if (sev >= 0)
		close(sev);
	if (kvm >= 0)
		close(kvm);
	return ok;
}

static void b64(char *out, const uint8_t *in, size_t len)
{
	static const char t[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		*out++ = t[in[i] >> 2];
		*out++ = t[(in[i] & 3) << 4 | in[i + 1] >> 4];
		*out++ = t[(in[i + 1] & 15) << 2 | in[i + 2] >> 6];
		*out++ = t[in[i + 2] & 63];
	}
	if (i < len) {
		*out++ = t[in[i] >> 2];
		if (i + 1 < len) {
			*out++ = t[(in[i] & 3) << 4 | in[i + 1] >> 4];
			*out++ = t[(in[i + 1] & 15) << 2];
		} else {
			*out++ = t[(in[i] & 3) << 4];
			*out++ = '=';
		}
		*out++ = '=';
	}
	*out = 0;
}

static void hex(char *out, const uint8_t *in, size_t len)
{
	for (size_t i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
}

/* sevctl measure --snp for this case in @order: 96 hex digits in @ld. */
static int predict(const struct snp_case *c, const char *order, char ld[97])
{
	char vcpus[8], *text;
	int rc;

	snprintf(vcpus, sizeof(vcpus), "%d", c->vcpus);
	{
		char *const argv[] = {
			SEVCTL, "measure", "--snp", "--ovmf", OVMF_BIOS,
			"--vcpus", vcpus, "--vcpu-sig", SNP_VCPU_SIG,
			"--order", (char *)order, NULL,
		};

		rc = run(argv, DIR "/snp-measure.txt");
	}
	text = rc ? NULL : read_text(DIR "/snp-measure.txt");
	if (!text || strlen(text) != 96) {
		tap_diag("sevctl measure --snp --order %s: exit %d", order, rc);
		diag_tail("sevctl", DIR "/snp-measure.txt", 4);
		free(text);
		return -1;
	}
	memcpy(ld, text, 97);
	free(text);
	return 0;
}

struct snp_guest {
	unsigned long long gctx;
	unsigned int asid;
	char state[16];
	char ld[97];
};

/*
 * The firmware's line for the guest whose HOST_DATA is @host_data (64 hex
 * digits), or with @host_data NULL the only guest in state launch (HOST_DATA
 * comes with SNP_LAUNCH_FINISH): "gctx 0x.. asid N state S policy 0x.. ld
 * <96 hex> host_data <64 hex>".  0 and @g filled when there is one, 1 when
 * there is none (or, without @host_data, more than one), -1 when the view
 * cannot be read or the line is malformed.
 */
static int find_guest(const char *host_data, struct snp_guest *g)
{
	static const char fmt[] =
		"gctx %llx asid %u state %15s policy %*s ld %96s";
	char path[192], line[512];
	struct snp_guest it;
	int ret = 1, n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/guests", swfw_snp);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (ret >= 0 && fgets(line, sizeof(line), f)) {
		if (host_data && !strstr(line, host_data))
			continue;
		memset(&it, 0, sizeof(it));
		if (sscanf(line, fmt, &it.gctx, &it.asid, it.state, it.ld) != 4 ||
		    strlen(it.ld) != 96) {
			tap_diag("%s: cannot parse '%s'", path, line);
			ret = -1;
		} else if (host_data || !strcmp(it.state, "launch")) {
			*g = it;
			ret = 0;
			n++;
			if (host_data)
				break;
		}
	}
	fclose(f);
	return ret == 0 && n > 1 ? 1 : ret;
}

/*
 * An attestation report of the launched guest through the firmware's test
 * hook (it plays the guest: VMPCK0, MSG_REPORT_REQ version 1), the guest
 * named by its context page, written to DIR/snp-report.bin.  0, -ENOENT
 * when the hook is missing or refuses the request's size (a kernel whose
 * hook can name only its own test_launch guests), or -EIO.
 */
static int get_report(const struct snp_guest *g, const uint8_t rdata[64])
{
	static struct sevl_snp_test_report_out o;
	struct sevl_snp_test_report_in in = {
		.msg_version = 1, .gctx_paddr = g->gctx,
	};
	char path[192];
	ssize_t n;
	int fd;

	memcpy(in.report_data, rdata, 64);
	snprintf(path, sizeof(path), "%s/test_report", swfw_snp);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -ENOENT;
	if (write(fd, &in, sizeof(in)) != sizeof(in)) {
		close(fd);
		return -ENOENT;
	}
	n = read(fd, &o, sizeof(o));
	close(fd);
	if (n < 0 && errno == EINVAL)
		return -ENOENT;
	if (n != sizeof(o) || o.fw_status || o.status ||
	    o.report_size != sizeof(o.report)) {
		tap_diag("test_report: read %zd, firmware status %d, STATUS %u, size %u",
			 n, o.fw_status, o.status, o.report_size);
		return -EIO;
	}
	fd = open(DIR "/snp-report.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -EIO;
	n = write(fd, o.report, sizeof(o.report));
	close(fd);
	return n == sizeof(o.report) ? 0 : -EIO;
}

/*
 * sevctl report verify of DIR/snp-report.bin as the owner runs it: the
 * emulator's chain ending in the firmware's VCEK, the measurement predicted
 * from the launch inputs, policy, HOST_DATA and REPORT_DATA.
 */
static int verify_report(const struct snp_case *c, const char *host_data,
			 const char *rdata)
{
	char vcek[192], pol[32], vcpus[8];

	snprintf(vcek, sizeof(vcek), "%s/vcek.der", swfw_snp);
	snprintf(pol, sizeof(pol), "%#llx", SNP_POLICY);
	snprintf(vcpus, sizeof(vcpus), "%d", c->vcpus);
	{
		char *const argv[] = {
			SEVCTL, "report", "verify", DIR "/snp-report.bin",
			"--vcek", vcek, "--ovmf", OVMF_BIOS, "--vcpus", vcpus,
			"--vcpu-sig", SNP_VCPU_SIG, "--order",
			c->canonical ? "canonical" : "call",
			"--policy", pol, "--host-data", (char *)host_data,
			"--report-data", (char *)rdata, NULL,
		};

		return run_sevctl("report verify", argv);
	}
}

#define NO_SNP_CANONICAL \
	"the host-wide canonical opt-in does not reach SNP VMs yet (no canonical KVM_SEV_SNP_LAUNCH_GET_LOG)"
#define NO_REPORT_HOOK \
	"the firmware's test_report hook cannot address a KVM-launched guest yet"

static char prereq_why[160];

/* What the whole SNP path needs; "" when all of it is there. */
static const char *snp_missing(void)
{
	static bool checked;

	if (checked)
		return prereq_why;
	checked = true;
	if (access(QEMU10_BIN, X_OK))
		snprintf(prereq_why, sizeof(prereq_why),
			 "no QEMU 10 in the initramfs (%s)", QEMU10_BIN);
	else if (!kvm_has_snp_vm())
		snprintf(prereq_why, sizeof(prereq_why),
			 "kvm_amd offers no KVM_X86_SNP_VM (KVM_CAP_VM_TYPES): SNP through KVM is not there yet");
	else if (!find_swfw_snp())
		snprintf(prereq_why, sizeof(prereq_why),
			 "the software firmware has no sev-swfw/*/snp/guests view");
	return prereq_why;
}

struct snp_run {
	struct qmp q;
	pid_t qemu;
	char log[64];
};

static int start_qemu(const struct snp_case *c, int idx, const char *hd64,
		      struct snp_run *r)
{
	char smp[8], obj[256];

	snprintf(smp, sizeof(smp), "%d", c->vcpus);
	snprintf(r->log, sizeof(r->log), DIR "/qemu-snp-%d.log", idx);
	snprintf(obj, sizeof(obj),
		 "sev-snp-guest,id=sev0,cbitpos=0,reduced-phys-bits=1,host-data=%s",
		 hd64);
	{
		char *const argv[] = {
			QEMU10_BIN, "-nodefaults", "-display", "none",
			"-L", QEMU10_DATA, "-accel", "kvm",
			"-machine",
			"q35,confidential-guest-support=sev0,memory-backend=ram0",
			"-object", "memory-backend-memfd,id=ram0,size=" SNP_MEM "M",
			"-object", obj, "-cpu", SNP_CPU, "-smp", smp,
			"-m", SNP_MEM, "-bios", OVMF_BIOS, "-S",
			"-trace", "kvm_sev_snp_*",
			"-chardev", "stdio,id=qmp", "-mon", "chardev=qmp,mode=control",
			NULL,
		};

		r->qemu = spawn_qemu(argv, r->log, &r->q);
	}
	if (r->qemu < 0) {
		tap_diag("cannot start %s", QEMU10_BIN);
		return -1;
	}
	if (qmp_open(&r->q, r->q.rfd, r->q.wfd, 120)) {
		int st;

		qmp_close(&r->q);
		st = reap(r->qemu, 10);
		tap_diag("QEMU 10 gave no QMP monitor: %s %d",
			 st >= 0 && WIFSIGNALED(st) ? "signal" : "exit status",
			 st < 0 ? -1 : WIFSIGNALED(st) ? WTERMSIG(st) :
			 WEXITSTATUS(st));
		diag_tail("qemu", r->log, 12);
		r->qemu = -1;
		return -1;
	}
	return 0;
}

static int check_query_sev(struct snp_run *r)
{
	static char resp[QMP_BUF];
	char type[32];
	long long pol;

	if (qcmd(&r->q, "{\"execute\": \"query-sev\"}", resp, sizeof(resp)))
		return -1;
	if (qmp_str(resp, "sev-type", type, sizeof(type)) ||
	    strcmp(type, "sev-snp") || qmp_num(resp, "snp-policy", &pol) ||
	    (unsigned long long)pol != SNP_POLICY) {
		tap_diag("query-sev: %s", resp);
		return -1;
	}
	return 0;
}

/* Quit QEMU; 0 when it exited in time. */
static int stop_qemu(struct snp_run *r)
{
	char resp[4096];

	if (r->qemu < 0)
		return -1;
	qmp_cmd(&r->q, "{\"execute\": \"quit\"}", resp, sizeof(resp), 30);
	qmp_close(&r->q);
	return reap(r->qemu, 60) < 0 ? -1 : 0;
}

static int count_lines(const char *path, const char *needle)
{
	char line[1024];
	int n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += !!strstr(line, needle);
	fclose(f);
	return n;
}

static void snp_case(const struct snp_case *c, int idx)
{
	char what[96], want[97], other[97], hd[65], hd64[48], rd[129];
	const char *order = c->canonical ? "canonical" : "call";
	const char *why = snp_missing();
	struct snp_run r = { .q = { .rfd = -1, .wfd = -1 }, .qemu = -1 };
	uint8_t host_data[32] = "sev-launch boot_qemu SNP case";
	uint8_t rdata[64];
	double t0 = now(), t_up = 0, t_cont = 0;
	bool ok = false, launched = false, canon_set = false;
	unsigned long long gctx;
	struct snp_guest g;
	int rc, reports;

	snprintf(what, sizeof(what), "QEMU 10.0 SEV-SNP, %d vCPU%s%s",
		 c->vcpus, c->vcpus > 1 ? "s" : "",
		 c->canonical ? ", host-wide canonical mode" : "");
	if (!*why && c->canonical) {
		if (set_canonical("1")) {
			why = "cannot set " CANONICAL;
		} else {
			canon_set = true;
			if (!snp_canonical_supported())
				why = NO_SNP_CANONICAL;
		}
	}
	if (*why) {
		bq_skip(why, "%s: launch, digest = sevctl measure --snp --order %s, cont fails cleanly",
			what, order);
		bq_skip(why, "%s: attestation report verified", what);
		if (canon_set)
			set_canonical("0");
		return;
	}
	host_data[30] = (uint8_t)idx;
	host_data[31] = (uint8_t)getpid();
	hex(hd, host_data, 32);
	b64(hd64, host_data, 32);
	for (int i = 0; i < 64; i++)
		rdata[i] = (uint8_t)(0xa0 + i + idx);
	hex(rd, rdata, 64);
	kernel_reports();

	if (predict(c, order, want) ||
	    predict(c, c->canonical ? "call" : "canonical", other))
		goto out;
	if (start_qemu(c, idx, hd64, &r) || check_query_sev(&r))
		goto out;
	t_up = now();
	/* -S: QEMU has run SNP_LAUNCH_START only; cont launches. */
	rc = find_guest(NULL, &g);
	if (rc) {
		tap_diag("before cont: %s", rc < 0 ? "guests view unreadable" :
			 "not exactly one guest context in state launch");
		goto out;
	}
	gctx = g.gctx;
	if (cont_fails_cleanly(&r.q, r.log, 600))
		goto out;
	t_cont = now();
	rc = find_guest(hd, &g);
	if (rc) {
		tap_diag("after cont: %s", rc < 0 ? "guests view unreadable" :
			 "no guest context with our HOST_DATA");
		goto out;
	}
	launched = !strcmp(g.state, "running") && g.gctx == gctx;
	tap_diag("gctx %#llx asid %u state %s, %d SNP_LAUNCH_UPDATE ranges traced by QEMU",
		 g.gctx, g.asid, g.state,
		 count_lines(r.log, "kvm_sev_snp_launch_update"));
	tap_diag("firmware  %.48s...", g.ld);
	tap_diag("predicted %.48s... (%s order)", want, order);
	if (!launched)
		tap_diag("the guest (gctx %#llx before cont) is not RUNNING after SNP_LAUNCH_FINISH",
			 gctx);
	else if (strcmp(g.ld, want))
		tap_diag("launch digest differs from sevctl's %s order%s", order,
			 strcmp(g.ld, other) ? "" :
			 c->canonical ? " (it is the call order's: canonical mode did not apply)" :
			 " (it is the canonical order's)");
	else
		ok = true;
out:
	if (!launched)
		diag_tail("qemu", r.log, 12);
	/* The report while QEMU still holds the guest. */
	rc = launched ? get_report(&g, rdata) : -ENOENT;
	if (!rc)
		rc = verify_report(c, hd, rd) ? -EPROTO : 0;
	if (stop_qemu(&r))
		ok = false;
	if (launched && find_guest(hd, &g) != 1) {
		tap_diag("after quit: the guest context is still there");
		ok = false;
	}
	if (canon_set && set_canonical("0"))
		ok = false;
	reports = kernel_reports();
	if (ok)
		tap_diag("QEMU up %.1f s, cont (the launch) %.1f s, all %.1f s",
			 t_up - t0, t_cont - t_up, now() - t0);
	bq_ok(ok && !reports,
	      "%s: launch, digest = sevctl measure --snp --order %s, cont fails cleanly, torn down",
	      what, order);
	if (rc == -ENOENT)
		bq_skip(launched ? NO_REPORT_HOOK : "no launched guest",
			"%s: attestation report verified", what);
	else
		bq_ok(!rc, "%s: attestation report verified (sevctl report verify)",
		      what);
}

void snp_run_cases(void)
{
	double t0 = now();

	for (size_t i = 0; i < ARRAY_SIZE(snp_cases); i++)
		snp_case(&snp_cases[i], (int)i);
	tap_diag("SNP cases in %.1f s", now() - t0);
}
