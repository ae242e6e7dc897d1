/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small QMP client for the QEMU selftest: QEMU's monitor on its standard
 * input and output (-chardev stdio; the test kernel has no sockets), one
 * command at a time, answers as raw JSON text with
 * the few lookups the test needs.  No general JSON parser: QEMU's answers
 * to the commands used here are flat enough for key lookups.
 */
#ifndef SEVL_SELFTEST_QMP_H
#define SEVL_SELFTEST_QMP_H

#include <stddef.h>
#include <sys/types.h>

#define QMP_BUF		65536

struct qmp {
	int rfd, wfd;		/* QEMU's stdout, QEMU's stdin */
	char in[QMP_BUF];	/* bytes read, not yet a whole line */
	size_t len;
};

int qmp_open(struct qmp *q, int rfd, int wfd, int timeout_s);
int qmp_cmd(struct qmp *q, const char *cmd, char *resp, size_t size,
	    int timeout_s);
void qmp_close(struct qmp *q);
int qmp_str(const char *json, const char *key, char *out, size_t size);
int qmp_num(const char *json, const char *key, long long *out);

#endif
