// SPDX-License-Identifier: GPL-2.0
/*
 * The PSP driver's sev_psp:sev_psp_cmd tracepoint, end to end: enable it
 * through tracefs, issue commands through /dev/sev, and find one trace
 * record per command with the right id and firmware status.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <linux/sev-launch.h>

#include "tap.h"

static const char *tracefs;

static int tr_write(const char *file, const char *val)
{
	char path[256];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", tracefs, file);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		ret = -errno;
	close(fd);
	return ret;
}

/* Read the whole trace buffer into a malloc'd string. */
static char *tr_read(void)
{
	char path[256], *buf;
	size_t len = 0, cap = 1 << 16;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/trace", tracefs);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = malloc(cap);
	while (buf && (n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 4096)
			buf = realloc(buf, cap *= 2);
	}
	close(fd);
	if (buf)
		buf[len] = 0;
	return buf;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay++;
	}
	return n;
}

static int issue(int fd, unsigned int cmd, void *data, __u32 *error)
{
	struct sev_issue_cmd c = { .cmd = cmd, .data = (__u64)(uintptr_t)data };
	int ret = ioctl(fd, SEV_ISSUE_CMD, &c);

	*error = c.error;
	return ret ? -errno : 0;
}

int main(void)
{
	struct sev_user_data_pdh_cert_export ex = { 0 };
	struct sev_user_data_status st;
	char *trace, want[64];
	int fd, i, ret;
	__u32 error;

	tap_plan(5);
	if (!access("/sys/kernel/tracing/events", F_OK))
		tracefs = "/sys/kernel/tracing";
	else if (!access("/sys/kernel/debug/tracing/events", F_OK))
		tracefs = "/sys/kernel/debug/tracing";
	else if (!mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL))
		tracefs = "/sys/kernel/tracing";
	tap_ok(!!tracefs, "tracefs found (%s)", tracefs ? tracefs : "none");
	if (!tracefs)
		tap_bail("no tracefs");

	ret = tr_write("events/sev_psp/sev_psp_cmd/enable", "1");
	tap_ok(!ret, "enable sev_psp:sev_psp_cmd (%d)", ret);
	tr_write("trace", "");

	fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		tap_bail("open /dev/sev");
	for (i = 0; i < 3; i++)
		issue(fd, SEV_PLATFORM_STATUS, &st, &error);
	/* A length probe: the firmware answers INVALID_LEN (0x11). */
	ret = issue(fd, SEV_PDH_CERT_EXPORT, &ex, &error);
	close(fd);
	tr_write("events/sev_psp/sev_psp_cmd/enable", "0");

	trace = tr_read();
	if (!trace)
		tap_bail("cannot read the trace buffer");
	snprintf(want, sizeof(want), "cmd=%#x handle=0 status=0x0 ret=0",
		 0x4);
	tap_ok(count(trace, want) >= 3,
	       "PLATFORM_STATUS records with status 0 (found %d, issued 3)",
	       count(trace, want));
	snprintf(want, sizeof(want), "cmd=%#x handle=0 status=%#x", 0x8,
		 error);
	tap_ok(ret < 0 && error == SEV_RET_INVALID_LEN &&
	       count(trace, want) >= 1,
	       "PDH_CERT_EXPORT probe traced with the firmware's status %#x (ret %d)",
	       error, ret);
	tap_ok(count(trace, "latency_ns=") == count(trace, "sev_psp_cmd:"),
	       "every record carries a latency (%d records)",
	       count(trace, "sev_psp_cmd:"));
	if (count(trace, "sev_psp_cmd:") < 4)
		tap_diag("trace:\n%s", trace);
	free(trace);
	return tap_exit();
}
