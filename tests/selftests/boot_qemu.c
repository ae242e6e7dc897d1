// SPDX-License-Identifier: GPL-2.0
/*
 * Unmodified QEMU as the VMM (issue 11, item 2).  Debian's QEMU 7.2 and
 * bookworm-backports' QEMU 10.0, both as packaged, launch SEV and SEV-ES
 * guests with Debian's OVMF the way libvirt drives a launch over QMP:
 *
 *   sevctl export / session           PDH and chain, GODH and session blob
 *   qemu -S ... -object sev-guest,... QEMU runs LAUNCH_START, UPDATE_DATA,
 *                                     (UPDATE_VMSA,) MEASURE at machine init
 *   query-sev, query-sev-launch-measure
 *   sevctl verify-measurement         the launch digest of the OVMF image
 *                                     (and the VMSAs), order as QEMU issues
 *   sevctl secret, sev-inject-launch-secret
 *   cont                              must fail cleanly: the software
 *                                     firmware cannot run a guest
 *
 * with no kernel warning in between.  QEMU modes:
 *
 *   7.2            legacy KVM_SEV_INIT / KVM_SEV_ES_INIT, OVMF as pflash,
 *                  VMSAs measured with MXCSR/FCW zero (--fpu es-init)
 *   10.0 legacy    QEMU 10's default with pflash: still the legacy ioctls
 *   10.0 init2     legacy-vm-type=off: KVM_SEV_INIT2 and the SEV VM types,
 *                  which have no read-only memslots, so OVMF is -bios;
 *                  KVM syncs the FPU state into the VMSA (--fpu init2)
 *
 * The program must be the first to launch a guest after boot (its name
 * sorts first in /tests): its first case is SEV-ES, which QEMU refuses
 * unless the platform reports SEV-ES support (CONFIG_ES) before any launch,
 * as upstream's kvm_amd/ccp, which INIT the platform at load, do.  The
 * last case turns on host-wide canonical mode
 * (/sys/module/sev_launch_kvm/parameters/canonical) and verifies with
 * sevctl's canonical order.
 *
 * The binaries and OVMF are put into the initramfs by scripts/guest.sh
 * (under /opt/qemu-7.2, /opt/qemu-10.0 and /usr/share/OVMF).  With --all
 * the SEV cases run with every vCPU count in every mode (19 launches
 * instead of 13).  One TAP line per launch; its diagnostics give the
 * time QEMU took to come up (with the launch) and the other steps.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

#include "tap.h"
#include "qmp.h"

#define DIR		"/tmp/bq"
#define SEVCTL		"/bin/sevctl"
#define OVMF_PFLASH	"/usr/share/OVMF/OVMF_CODE_4M.fd"
#define OVMF_BIOS	"/usr/share/OVMF/OVMF_CODE.fd"
#define CANONICAL	"/sys/module/sev_launch_kvm/parameters/canonical"
#define SECRET_GPA	0x100000	/* guest RAM; Debian's OVMF has no secret area */
#define POLICY_NODBG	0x1
#define POLICY_ES	0x4

enum qmode { Q72, Q10_LEGACY, Q10_INIT2 };

static const struct {
	const char *name, *bin, *data, *fpu;
} modes[] = {
	[Q72] = { "QEMU 7.2", "/opt/qemu-7.2/bin/qemu-system-x86_64",
		  "/opt/qemu-7.2/share", "es-init" },
	[Q10_LEGACY] = { "QEMU 10.0 legacy", "/opt/qemu-10.0/bin/qemu-system-x86_64",
			 "/opt/qemu-10.0/share", "es-init" },
	[Q10_INIT2] = { "QEMU 10.0 init2", "/opt/qemu-10.0/bin/qemu-system-x86_64",
			"/opt/qemu-10.0/share", "init2" },
};

struct qcase {
	enum qmode mode;
	bool es;
	int vcpus;
	bool canonical;
	bool all_only;		/* run only with --all */
};

#define QC(m, es, n)	{ m, es, n, false, false }
#define QA(m, es, n)	{ m, es, n, false, true }

/*
 * The first launch after boot is SEV-ES.  SEV-ES digests cover one VMSA
 * per vCPU, so every mode measures 1, 2 and 4 vCPUs; an SEV digest does
 * not depend on the vCPU count, so by default each mode launches SEV
 * with one count (1, 2 and 4 across the modes) and --all adds the rest.
 */
static const struct qcase cases[] = {
	QC(Q72, true, 1),
	QC(Q72, false, 1), QA(Q72, false, 2), QA(Q72, false, 4),
	QC(Q72, true, 2), QC(Q72, true, 4),
	QA(Q10_LEGACY, false, 1), QC(Q10_LEGACY, false, 2),
	QA(Q10_LEGACY, false, 4), QC(Q10_LEGACY, true, 1),
	QC(Q10_LEGACY, true, 2), QC(Q10_LEGACY, true, 4),
	QA(Q10_INIT2, false, 1), QA(Q10_INIT2, false, 2),
	QC(Q10_INIT2, false, 4), QC(Q10_INIT2, true, 1),
	QC(Q10_INIT2, true, 2), QC(Q10_INIT2, true, 4),
	{ Q72, true, 2, true, false },
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The last @n lines of @path as TAP diagnostics. */
static void diag_tail(const char *what, const char *path, int n)
{
	char line[512], *lines[64] = { 0 };
	int i = 0, total = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	if (n > 64)
		n = 64;
	while (fgets(line, sizeof(line), f)) {
		free(lines[i]);
		line[strcspn(line, "\n")] = 0;
		lines[i] = strdup(line);
		i = (i + 1) % n;
		total++;
	}
	fclose(f);
	for (int k = 0; k < n && k < total; k++) {
		int j = (total < n ? k : i + k) % n;

		tap_diag("  %s| %s", what, lines[j] ? lines[j] : "");
	}
	for (int k = 0; k < n; k++)
		free(lines[k]);
}

/* Start argv with stdout and stderr to @log; the pid, or -1. */
static pid_t spawn(char *const argv[], const char *log)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		close(fd);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/*
 * Start QEMU with its monitor on pipes (@q) and its standard error to
 * @log; the pid, or -1.
 */
static pid_t spawn_qemu(char *const argv[], const char *log, struct qmp *q)
{
	int in[2], out[2];
	pid_t pid;

	if (pipe2(in, O_CLOEXEC))
		return -1;
	if (pipe2(out, O_CLOEXEC)) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);

		if (fd < 0 || dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 ||
		    dup2(fd, 2) < 0)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	q->rfd = out[0];
	q->wfd = in[1];
	if (pid < 0) {
		qmp_close(q);
		return -1;
	}
	return pid;
}

/* Run argv to its end; its exit code (128 + signal, -1 if not started). */
static int run(char *const argv[], const char *log)
{
	pid_t pid = spawn(argv, log);
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run_sevctl(const char *what, char *const argv[])
{
	int rc = run(argv, DIR "/sevctl.log");

	if (rc) {
		tap_diag("sevctl %s: exit %d", what, rc);
		diag_tail("sevctl", DIR "/sevctl.log", 8);
	}
	return rc;
}

/* Reap QEMU within @timeout_s, killing it after that.  Its exit status. */
static int reap(pid_t pid, int timeout_s)
{
	double end = now() + timeout_s;
	int st;

	while (waitpid(pid, &st, WNOHANG) != pid) {
		if (now() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			tap_diag("QEMU did not exit: killed");
			return -1;
		}
		usleep(50000);
	}
	return st;
}

static bool file_has(const char *path, const char *needle)
{
	char line[1024];
	bool found = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle);
	fclose(f);
	return found;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf)
		buf[strcspn(buf, "\r\n")] = 0;
	return buf;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = (ssize_t)strlen(text);
	int ret;

	if (fd < 0)
		return -1;
	ret = write(fd, text, n) == n ? 0 : -1;
	return close(fd) || ret ? -1 : 0;
}

/*
 * Kernel reports since the last call: the /dev/kmsg records after the
 * position the previous call left, printed and counted.
 */
static int kmsg_fd = -1;

static int kernel_reports(void)
{
	static const char *const pat[] = {
		"WARNING:", "BUG:", "Oops", "Call Trace", "general protection",
		"UBSAN:", "KASAN:", "Kernel panic",
	};
	char rec[2048];
	int n = 0;
	ssize_t r;

	if (kmsg_fd < 0) {
		kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
		if (kmsg_fd >= 0)
			lseek(kmsg_fd, 0, SEEK_END);
		return 0;
	}
	while ((r = read(kmsg_fd, rec, sizeof(rec) - 1)) > 0 ||
	       (r < 0 && errno == EPIPE)) {
		if (r < 0)
			continue;	/* records overwritten: go on */
		rec[r] = 0;
		for (size_t i = 0; i < ARRAY_SIZE(pat); i++) {
			if (strstr(rec, pat[i])) {
				rec[strcspn(rec, "\n")] = 0;
				tap_diag("kernel: %s", rec);
				n++;
				break;
			}
		}
	}
	return n;
}

static int qcmd(struct qmp *q, const char *cmd, char *resp, size_t size)
{
	int rc = qmp_cmd(q, cmd, resp, size, 60);

	if (rc)
		tap_diag("QMP %s: %s", cmd, rc < 0 ? "no answer" : resp);
	return rc;
}

/*
 * After the launch: query-sev, the measurement, its verification, the
 * secret.  0 when every step passed.
 */
static int measure_and_inject(struct qmp *q, const struct qcase *c,
			      unsigned int policy)
{
	static char resp[QMP_BUF], cmd[QMP_BUF];
	char blob[256], api[32], build[16], pol[16], vcpus[8];
	long long maj, min, bld, qpol;
	char *hdr, *data;
	int rc;

	if (qcmd(q, "{\"execute\": \"query-sev\"}", resp, sizeof(resp)))
		return -1;
	if (qmp_num(resp, "api-major", &maj) || qmp_num(resp, "api-minor", &min) ||
	    qmp_num(resp, "build-id", &bld) || qmp_num(resp, "policy", &qpol)) {
		tap_diag("query-sev: %s", resp);
		return -1;
	}
	if (qpol != policy) {
		tap_diag("query-sev: policy %lld, asked for 0x%x", qpol, policy);
		return -1;
	}
	if (qcmd(q, "{\"execute\": \"query-sev-launch-measure\"}", resp,
		 sizeof(resp)))
		return -1;
	if (qmp_str(resp, "data", blob, sizeof(blob)) ||
	    write_text(DIR "/measure.b64", blob)) {
		tap_diag("query-sev-launch-measure: %s", resp);
		return -1;
	}
	snprintf(api, sizeof(api), "%lld.%lld", maj, min);
	snprintf(build, sizeof(build), "%lld", bld);
	snprintf(pol, sizeof(pol), "0x%x", policy);
	snprintf(vcpus, sizeof(vcpus), "%d", c->vcpus);
	{
		char *argv[32] = {
			SEVCTL, "verify-measurement", "--tik", DIR "/s_tik.bin",
			"--measurement", DIR "/measure.b64", "--ovmf",
			c->mode == Q10_INIT2 ? OVMF_BIOS : OVMF_PFLASH,
			"--policy", pol, "--api", api, "--build", build,
			"--order", c->canonical ? "canonical" : "call",
		};
		int n = 0;

		while (argv[n])
			n++;

		if (c->es) {
			argv[n++] = "--vcpus";
			argv[n++] = vcpus;
			argv[n++] = "--vcpu-type";
			argv[n++] = "EPYC";
			argv[n++] = "--fpu";
			argv[n++] = (char *)modes[c->mode].fpu;
		}
		if (run_sevctl("verify-measurement", argv))
			return -1;
	}
	{
		char *const argv[] = {
			SEVCTL, "secret", "--tek", DIR "/s_tek.bin", "--tik",
			DIR "/s_tik.bin", "--measurement", DIR "/measure.b64",
			"--raw", DIR "/secret.txt", "--api", api,
			"--out-header", DIR "/hdr.b64", "--out-data",
			DIR "/data.b64", "--b64", NULL,
		};

		if (run_sevctl("secret", argv))
			return -1;
	}
	hdr = read_text(DIR "/hdr.b64");
	data = read_text(DIR "/data.b64");
	rc = -1;
	if (hdr && data) {
		snprintf(cmd, sizeof(cmd),
			 "{\"execute\": \"sev-inject-launch-secret\", \"arguments\": {\"packet-header\": \"%s\", \"secret\": \"%s\", \"gpa\": %d}}",
			 hdr, data, SECRET_GPA);
		rc = qcmd(q, cmd, resp, sizeof(resp)) ? -1 : 0;
	}
	free(hdr);
	free(data);
	return rc;
}

/* cont: QEMU must report the failed KVM_RUN and stop the VM. */
static int cont_fails_cleanly(struct qmp *q, const char *log)
{
	static char resp[QMP_BUF];
	char status[64] = "";
	double end;

	if (qcmd(q, "{\"execute\": \"cont\"}", resp, sizeof(resp)))
		return -1;
	end = now() + 60;
	while (now() < end) {
		if (qmp_cmd(q, "{\"execute\": \"query-status\"}", resp,
			    sizeof(resp), 30))
			break;		/* QEMU went away */
		if (!qmp_str(resp, "status", status, sizeof(status)) &&
		    strcmp(status, "running"))
			break;
		usleep(100000);
	}
	if (!file_has(log, "kvm run failed")) {
		tap_diag("cont: no \"kvm run failed\" from QEMU (status '%s')",
			 status);
		return -1;
	}
	if (!strcmp(status, "running")) {
		tap_diag("cont: the VM still runs after a failed KVM_RUN");
		return -1;
	}
	return 0;
}

static int set_canonical(const char *v)
{
	int ret = write_text(CANONICAL, v);

	if (ret)
		tap_diag("%s: cannot write %s: %s", CANONICAL, v, strerror(errno));
	return ret;
}

static void one_case(const struct qcase *c, int idx)
{
	unsigned int policy = POLICY_NODBG | (c->es ? POLICY_ES : 0);
	char pol[16], smp[8], obj[512], log[64], resp[4096];
	const char *mode = modes[c->mode].name;
	bool ok = false, canon_ok = true;
	double t0 = now(), t_qmp = 0, t_sec = 0, t_cont = 0;
	struct qmp q = { .rfd = -1, .wfd = -1 };
	int rc, reports;
	pid_t qemu;

	snprintf(pol, sizeof(pol), "0x%x", policy);
	snprintf(smp, sizeof(smp), "%d", c->vcpus);
	snprintf(log, sizeof(log), DIR "/qemu-%d.log", idx);
	snprintf(obj, sizeof(obj),
		 "sev-guest,id=sev0,cbitpos=0,reduced-phys-bits=1,policy=%s,dh-cert-file="
		 DIR "/s_godh.b64,session-file=" DIR "/s_session.b64%s",
		 pol, c->mode == Q10_INIT2 ? ",legacy-vm-type=off" : "");
	kernel_reports();
	{
		char *const argv[] = {
			SEVCTL, "session", "--pdh", DIR "/pdh.cert", "--chain",
			DIR "/chain.cert", "--policy", pol, "--name", DIR "/s", NULL,
		};

		if (run_sevctl("session", argv))
			goto out;
	}
	if (c->canonical && set_canonical("1"))
		canon_ok = false;
	{
		char *argv[40] = {
			(char *)modes[c->mode].bin, "-nodefaults", "-display", "none",
			"-L", (char *)modes[c->mode].data, "-accel", "kvm",
			"-machine", "q35,confidential-guest-support=sev0",
			"-cpu", "EPYC", "-smp", smp, "-m", "64", "-S",
			"-object", obj,
			"-chardev", "stdio,id=qmp", "-mon", "chardev=qmp,mode=control",
		};
		int n = 0;

		while (argv[n])
			n++;

		if (c->mode == Q10_INIT2) {
			argv[n++] = "-bios";
			argv[n++] = OVMF_BIOS;
		} else {
			argv[n++] = "-drive";
			argv[n++] = "if=pflash,format=raw,unit=0,readonly=on,file="
				    OVMF_PFLASH;
		}
		qemu = spawn_qemu(argv, log, &q);
	}
	if (qemu < 0) {
		tap_diag("cannot start %s", modes[c->mode].bin);
		goto out;
	}
	if (qmp_open(&q, q.rfd, q.wfd, 120)) {
		qmp_close(&q);
		rc = reap(qemu, 10);
		if (rc >= 0 && WIFSIGNALED(rc))
			tap_diag("%s gave no QMP monitor: killed by signal %d",
				 mode, WTERMSIG(rc));
		else
			tap_diag("%s gave no QMP monitor: exit status %d", mode,
				 rc >= 0 ? WEXITSTATUS(rc) : -1);
		diag_tail("qemu", log, 10);
		goto out;
	}
	t_qmp = now();
	if (!measure_and_inject(&q, c, policy)) {
		t_sec = now();
		ok = !cont_fails_cleanly(&q, log);
		t_cont = now();
	}
	/* QEMU may close its monitor before it answers "quit". */
	qmp_cmd(&q, "{\"execute\": \"quit\"}", resp, sizeof(resp), 30);
	qmp_close(&q);
	rc = reap(qemu, 30);
	if (rc < 0)
		ok = false;
	if (!ok)
		diag_tail("qemu", log, 10);
	else
		tap_diag("QEMU up %.1f s, measured and secret %.1f s, cont %.1f s, quit %.1f s",
			 t_qmp - t0, t_sec - t_qmp, t_cont - t_sec, now() - t_cont);
out:
	if (c->canonical && canon_ok)
		set_canonical("0");
	reports = kernel_reports();
	tap_ok(ok && canon_ok && !reports,
	       "%s, %s, %d vCPU%s%s: launch, measurement verified, secret, cont fails cleanly (%.1f s)",
	       mode, c->es ? "SEV-ES" : "SEV", c->vcpus, c->vcpus > 1 ? "s" : "",
	       c->canonical ? ", host-wide canonical mode" : "", now() - t0);
}

int main(int argc, char **argv)
{
	bool all = argc > 1 && !strcmp(argv[1], "--all");
	double t0 = now();
	int n = 0;

	signal(SIGPIPE, SIG_IGN);	/* QEMU may exit before it reads */
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		n += all || !cases[i].all_only;
	tap_plan(n);
	mkdir(DIR, 0700);
	if (write_text(DIR "/secret.txt", "sev-launch QEMU selftest secret\n"))
		tap_bail("secret file");
	{
		char *const exp[] = {
			SEVCTL, "export", "--pdh", DIR "/pdh.cert", "--chain",
			DIR "/chain.cert", NULL,
		};

		if (run_sevctl("export", exp))
			tap_bail("sevctl export");
	}
	kernel_reports();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (all || !cases[i].all_only)
			one_case(&cases[i], (int)i);
	tap_diag("%d launches in %.1f s", n, now() - t0);
	return tap_failed ? 1 : 0;
}
