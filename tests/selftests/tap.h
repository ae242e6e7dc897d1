/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP output for the sev-launch guest selftests.  Each program is
 * one TAP stream; scripts/guest.sh collects them from the serial console.
 */
#ifndef SEVL_SELFTEST_TAP_H
#define SEVL_SELFTEST_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The kernel's spellings, for userspace. */
#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn	__attribute__((noreturn))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

static int tap_n, tap_failed;

static inline void tap_plan(int n)
{
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline void __printf(2, 3)
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static inline void __printf(1, 2)
tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Stop the program: the rest of its plan is reported as failed. */
static inline void __noreturn tap_bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	fflush(stdout);
	exit(1);
}

/*
 * Fork with a pipe from the child to the parent, stdout flushed first so
 * that the child does not print the parent's buffered lines again.
 * Returns 0 in the child, *@fd the pipe's write end; the child's pid in
 * the parent, *@fd the read end.  Bails out when either call fails.
 */
static inline pid_t tap_fork_pipe(int *fd)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		tap_bail("pipe");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		tap_bail("fork");
	close(p[pid ? 1 : 0]);
	*fd = p[pid ? 0 : 1];
	return pid;
}

/*
 * In the child: send the @len-byte result to the parent through @fd and
 * exit, 0 when it was written (after flushing stdout), 2 when it was not.
 */
static inline void __noreturn tap_child_exit(int fd, const void *buf,
					     size_t len)
{
	if (write(fd, buf, len) != (ssize_t)len)
		_exit(2);
	fflush(stdout);
	_exit(0);
}

/*
 * In the parent: read the child's @len-byte result from @fd, close @fd and
 * reap the child.  0, or -1 when the child did not send all of it.
 */
static inline int tap_child_result(pid_t pid, int fd, void *buf, size_t len)
{
	int ret = read(fd, buf, len) == (ssize_t)len ? 0 : -1;
	int status;

	close(fd);
	waitpid(pid, &status, 0);
	return ret;
}

/*
 * Run @child(write end) in a child process, which ends with
 * tap_child_exit(), and read its @len-byte result into @buf: 0, or -1
 * when the child did not send all of it.
 */
static inline int tap_run_child(void (*child)(int fd), void *buf, size_t len)
{
	int fd;
	pid_t pid = tap_fork_pipe(&fd);

	if (!pid) {
		child(fd);
		_exit(2);
	}
	return tap_child_result(pid, fd, buf, len);
}

static inline int tap_exit(void)
{
	return tap_failed ? 1 : 0;
}

#endif /* SEVL_SELFTEST_TAP_H */
