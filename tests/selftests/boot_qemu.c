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
#include "bq_util.h"

#define SECRET_GPA	0x100000	/* guest RAM; Debian's OVMF has no secret area */
#define POLICY_NODBG	0x1
#define POLICY_ES	0x4

enum qmode { Q72, Q10_LEGACY, Q10_INIT2 };

static const struct {
	const char *name, *bin, *data, *fpu;
} modes[] = {
	[Q72] = { "QEMU 7.2", "/opt/qemu-7.2/bin/qemu-system-x86_64",
		  "/opt/qemu-7.2/share", "es-init" },
	[Q10_LEGACY] = { "QEMU 10.0 legacy", QEMU10_BIN, QEMU10_DATA,
			 "es-init" },
	[Q10_INIT2] = { "QEMU 10.0 init2", QEMU10_BIN, QEMU10_DATA, "init2" },
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
		ok = !cont_fails_cleanly(&q, log, 60);
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

void bq_ok(bool ok, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tap_ok(ok, "%s", msg);
}

/* A result that could not be checked: "ok N - what # SKIP why". */
void bq_skip(const char *why, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tap_ok(true, "%s # SKIP %s", msg, why);
}

int main(int argc, char **argv)
{
	bool all = false, sev = true, snp = true;
	double t0 = now();
	int n = 0, launches = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all"))
			all = true;
		else if (!strcmp(argv[i], "--snp"))
			sev = false;	/* the SNP cases only */
		else if (!strcmp(argv[i], "--sev"))
			snp = false;	/* SEV and SEV-ES only */
	}
	signal(SIGPIPE, SIG_IGN);	/* QEMU may exit before it reads */
	for (size_t i = 0; sev && i < ARRAY_SIZE(cases); i++)
		launches += all || !cases[i].all_only;
	n = launches + (snp ? snp_nr_results() : 0);
	tap_plan(n);
	mkdir(DIR, 0700);
	if (write_text(DIR "/secret.txt", "sev-launch QEMU selftest secret\n"))
		tap_bail("secret file");
	if (sev) {
		char *const exp[] = {
			SEVCTL, "export", "--pdh", DIR "/pdh.cert", "--chain",
			DIR "/chain.cert", NULL,
		};

		if (run_sevctl("export", exp))
			tap_bail("sevctl export");
	}
	kernel_reports();
	for (size_t i = 0; sev && i < ARRAY_SIZE(cases); i++)
		if (all || !cases[i].all_only)
			one_case(&cases[i], (int)i);
	if (sev)
		tap_diag("%d SEV launches in %.1f s", launches, now() - t0);
	if (snp)
		snp_run_cases();
	tap_diag("%d results in %.1f s", n, now() - t0);
	return tap_failed ? 1 : 0;
}
