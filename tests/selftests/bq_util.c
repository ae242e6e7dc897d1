// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the QEMU selftest (boot_qemu.c, boot_qemu_snp.c): child
 * processes, QEMU on QMP pipes, files, kernel reports.  See bq_util.h.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

#include "tap.h"
#include "bq_util.h"

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The last @n lines of @path as TAP diagnostics. */
void diag_tail(const char *what, const char *path, int n)
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
pid_t spawn(char *const argv[], const char *log)
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
pid_t spawn_qemu(char *const argv[], const char *log, struct qmp *q)
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
int run(char *const argv[], const char *log)
{
	pid_t pid = spawn(argv, log);
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int run_sevctl(const char *what, char *const argv[])
{
	int rc = run(argv, DIR "/sevctl.log");

	if (rc) {
		tap_diag("sevctl %s: exit %d", what, rc);
		diag_tail("sevctl", DIR "/sevctl.log", 8);
	}
	return rc;
}

/* Reap QEMU within @timeout_s, killing it after that.  Its exit status. */
int reap(pid_t pid, int timeout_s)
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

bool file_has(const char *path, const char *needle)
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

char *read_text(const char *path)
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

int write_text(const char *path, const char *text)
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
int kmsg_fd = -1;

int kernel_reports(void)
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

int qcmd(struct qmp *q, const char *cmd, char *resp, size_t size)
{
	int rc = qmp_cmd(q, cmd, resp, size, 60);

	if (rc)
		tap_diag("QMP %s: %s", cmd, rc < 0 ? "no answer" : resp);
	return rc;
}

/*
 * cont: QEMU must report the failed KVM_RUN and stop the VM.  @timeout_s
 * bounds QEMU's answer to cont, which comes after whatever QEMU does
 * before the vCPUs run (the whole SNP launch).
 */
int cont_fails_cleanly(struct qmp *q, const char *log, int timeout_s)
{
	static char resp[QMP_BUF];
	char status[64] = "";
	double end;
	int rc;

	rc = qmp_cmd(q, "{\"execute\": \"cont\"}", resp, sizeof(resp),
		     timeout_s);
	if (rc) {
		tap_diag("QMP cont: %s", rc < 0 ? "no answer" : resp);
		return -1;
	}
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

int set_canonical(const char *v)
{
	int ret = write_text(CANONICAL, v);

	if (ret)
		tap_diag("%s: cannot write %s: %s", CANONICAL, v, strerror(errno));
	return ret;
}
