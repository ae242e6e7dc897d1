// SPDX-License-Identifier: GPL-2.0
/*
 * QMP client for the QEMU selftest (qmp.h), over pipes.  QEMU sends one JSON object
 * per line: a greeting, then for each command either {"return": ...} or
 * {"error": ...}, with asynchronous {"event": ...} lines in between, which
 * are skipped.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "qmp.h"

static double qmp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The next whole line into @out (NUL-terminated); -1 on timeout or EOF. */
static int qmp_line(struct qmp *q, char *out, size_t size, double deadline)
{
	for (;;) {
		char *nl = memchr(q->in, '\n', q->len);
		struct pollfd p = { .fd = q->rfd, .events = POLLIN };
		ssize_t n;
		int ms;

		if (nl) {
			size_t l = nl - q->in;

			if (l >= size)
				l = size - 1;
			memcpy(out, q->in, l);
			out[l] = 0;
			q->len -= nl + 1 - q->in;
			memmove(q->in, nl + 1, q->len);
			return 0;
		}
		if (q->len == sizeof(q->in))
			return -1;	/* a line longer than the buffer */
		ms = (deadline - qmp_now()) * 1000;
		if (ms <= 0 || poll(&p, 1, ms) <= 0)
			return -1;
		n = read(q->rfd, q->in + q->len, sizeof(q->in) - q->len);
		if (n <= 0)
			return -1;
		q->len += n;
	}
}

/**
 * qmp_open() - read QEMU's greeting and enter command mode
 * @q: the client
 * @rfd: a pipe from QEMU's standard output
 * @wfd: a pipe to QEMU's standard input
 * @timeout_s: how long to wait for the greeting
 *
 * Return: 0, or -1 (QEMU exited, timeout, or no greeting).
 */
int qmp_open(struct qmp *q, int rfd, int wfd, int timeout_s)
{
	double deadline = qmp_now() + timeout_s;
	char resp[4096];

	q->rfd = rfd;
	q->wfd = wfd;
	q->len = 0;
	if (qmp_line(q, resp, sizeof(resp), deadline) || !strstr(resp, "\"QMP\""))
		return -1;
	return qmp_cmd(q, "{\"execute\": \"qmp_capabilities\"}", resp,
		       sizeof(resp), timeout_s);
}

/**
 * qmp_cmd() - run one command and wait for its answer
 * @q: a connected client
 * @cmd: the command, one JSON object without newline
 * @resp: the answer line ({"return": ...} or {"error": ...})
 * @size: size of @resp
 * @timeout_s: how long to wait for the answer
 *
 * Return: 0 for a "return" answer, 1 for an "error" answer, -1 when there
 * was none (QEMU closed the socket or timed out).
 */
int qmp_cmd(struct qmp *q, const char *cmd, char *resp, size_t size,
	    int timeout_s)
{
	double deadline = qmp_now() + timeout_s;
	size_t l = strlen(cmd);

	if (write(q->wfd, cmd, l) != (ssize_t)l || write(q->wfd, "\n", 1) != 1)
		return -1;
	for (;;) {
		if (qmp_line(q, resp, size, deadline))
			return -1;
		if (!strncmp(resp, "{\"return\"", 9))
			return 0;
		if (!strncmp(resp, "{\"error\"", 8))
			return 1;
		/* an event: skip */
	}
}

void qmp_close(struct qmp *q)
{
	if (q->rfd >= 0)
		close(q->rfd);
	if (q->wfd >= 0)
		close(q->wfd);
	q->rfd = -1;
	q->wfd = -1;
}

/* Where the value of "key" starts in @json, or NULL. */
static const char *qmp_find(const char *json, const char *key)
{
	char pat[128];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(json, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	return p;
}

/**
 * qmp_str() - the first string value named @key in @json
 * @json: a QMP answer
 * @key: the member name
 * @out: the value, JSON escapes other than \" and \\ kept as they are
 * @size: size of @out
 *
 * Return: 0, or -1 when there is no such string member or it does not fit.
 */
int qmp_str(const char *json, const char *key, char *out, size_t size)
{
	const char *p = qmp_find(json, key);
	size_t n = 0;

	if (!p || *p++ != '"')
		return -1;
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		if (n + 1 >= size)
			return -1;
		out[n++] = *p;
	}
	if (*p != '"')
		return -1;
	out[n] = 0;
	return 0;
}

/**
 * qmp_num() - the first integer value named @key in @json
 * @json: a QMP answer
 * @key: the member name
 * @out: the value
 *
 * Return: 0, or -1 when there is no such integer member.
 */
int qmp_num(const char *json, const char *key, long long *out)
{
	const char *p = qmp_find(json, key);
	char *end;

	if (!p)
		return -1;
	errno = 0;
	*out = strtoll(p, &end, 10);
	return end == p || errno ? -1 : 0;
}
