// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: the software firmware's debugfs directory, end to end.
 *
 * The read-only files must agree with what PLATFORM_STATUS through
 * /dev/sev reports and with the module parameters; the fault injection
 * knobs must change what /dev/sev commands return (fail_cmd, fail_nth,
 * latency_us); bad values are refused; every command is counted; the PSP
 * driver never writes cmdresp while a command is in flight.  Every knob is
 * set back to off before the program exits.
 */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "sev_util.h"
#include "swfw_state.h"

#define DIR		SWFW_DIR
#define PARAMS		"/sys/module/sev_swfw/parameters/"
#define FAIL_STATUS		SEV_RET_RESOURCE_LIMIT
#define FW_PLATFORM_STATUS	0x004	/* firmware command id, not /dev/sev's */

/* A number file; ~0 when it cannot be read. */
static unsigned long long num(const char *path)
{
	return sst_num(path);
}

static void knobs_off(void)
{
	swfw_knob("hang", 0);
	swfw_knob("fail_nth", 0);
	swfw_knob("fail_cmd", 0);
	swfw_knob("fail_status", 0);
	swfw_knob("latency_us", 0);
}

/* The count of one command in cmd_counts, or ~0. */
static unsigned long long count_of(const char *name)
{
	static char buf[4096];
	size_t len = strlen(name);
	char *p;

	if (sst_read(DIR "cmd_counts", buf, sizeof(buf)) <= 0)
		return ~0ULL;
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ' ')
			return strtoull(p + len, NULL, 10);
	return ~0ULL;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1e3 + (t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void test_info(int fd)
{
	struct sev_user_data_status st;
	char buf[4096], want[32];
	unsigned long long p;

	tap_ok(sev_status(fd, &st) == 0, "PLATFORM_STATUS through /dev/sev");
	snprintf(want, sizeof(want), "%u.%u\n", st.api_major, st.api_minor);
	if (sst_read(DIR "api_version", buf, sizeof(buf)) <= 0)
		buf[0] = 0;
	tap_ok(!strcmp(buf, want), "api_version matches %u.%u",
	       st.api_major, st.api_minor);
	tap_ok(num(DIR "build") == st.build, "build %llu matches %u",
	       num(DIR "build"), st.build);

	p = num(PARAMS "nr_asids");
	tap_ok(num(DIR "nr_asids") == (p == ~0ULL ? 509 : p) &&
	       num(DIR "min_sev_asid") ==
	       (num(PARAMS "min_sev_asid") == ~0ULL ? 100 :
		num(PARAMS "min_sev_asid")),
	       "nr_asids %llu, min_sev_asid %llu as configured",
	       num(DIR "nr_asids"), num(DIR "min_sev_asid"));

	tap_ok(sst_read(DIR "registers", buf, sizeof(buf)) > 0 &&
	       strstr(buf, "feature") && strstr(buf, "0x00000001"),
	       "registers show the SEV feature bit");
	snprintf(want, sizeof(want), "state        %s\n",
		 st.state == 0 ? "UNINIT" : st.state == 1 ? "INIT" : "WORKING");
	tap_ok(sst_read(DIR "platform", buf, sizeof(buf)) > 0 &&
	       strstr(buf, want),
	       "platform shows state %u", st.state);
}

static void test_counts(int fd)
{
	struct sev_user_data_status st;
	unsigned long long before = count_of("PLATFORM_STATUS");

	sev_status(fd, &st);
	tap_ok(before != ~0ULL && count_of("PLATFORM_STATUS") == before + 1,
	       "PLATFORM_STATUS counted (%llu -> %llu)", before,
	       count_of("PLATFORM_STATUS"));
}

static void test_faults(int fd)
{
	struct sev_user_data_status st;
	struct timespec t0;
	uint32_t error;
	int ret;

	tap_ok(swfw_knob("fail_status", FAIL_STATUS) == 0 &&
	       swfw_knob("fail_cmd", FW_PLATFORM_STATUS) == 0,
	       "set fail_cmd = PLATFORM_STATUS");
	ret = sev_cmd(fd, SEV_PLATFORM_STATUS, &st, &error);
	tap_ok(ret < 0 && error == FAIL_STATUS,
	       "fail_cmd: PLATFORM_STATUS fails with %#x (ret %d error %#x)",
	       FAIL_STATUS, ret, error);
	swfw_knob("fail_cmd", 0);
	tap_ok(sev_status(fd, &st) == 0, "fail_cmd off: PLATFORM_STATUS works");

	tap_ok(swfw_knob("fail_nth", 2) == 0, "set fail_nth = 2");
	tap_ok(sev_status(fd, &st) == 0, "fail_nth: first command works");
	ret = sev_cmd(fd, SEV_PLATFORM_STATUS, &st, &error);
	tap_ok(ret < 0 && error == FAIL_STATUS,
	       "fail_nth: second command fails (ret %d error %#x)", ret, error);
	tap_ok(sev_status(fd, &st) == 0 && num(DIR "fail_nth") == 0,
	       "fail_nth: third works, knob back to 0");

	tap_ok(swfw_knob("latency_us", 50000) == 0, "set latency_us = 50000");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = sev_status(fd, &st);
	tap_ok(ret == 0 && ms_since(&t0) >= 50.0,
	       "latency: PLATFORM_STATUS took %.1f ms", ms_since(&t0));
	knobs_off();

	tap_ok(swfw_knob("hang", 2) == -EINVAL &&
	       swfw_knob("fail_status", 70000) == -EINVAL &&
	       swfw_knob("latency_us", 20000000) == -EINVAL &&
	       swfw_knob("fail_cmd", 0x800) == -EINVAL,
	       "out-of-range knob values are refused");
	tap_ok(num(DIR "latency_us") == 0 && num(DIR "hang") == 0 &&
	       num(DIR "fail_status") == 0 && num(DIR "fail_cmd") == 0,
	       "refused writes changed nothing");
}

int main(void)
{
	char buf[64];
	int fd;

	tap_plan(19);
	if (sst_read(DIR "api_version", buf, sizeof(buf)) < 0)
		tap_bail(DIR " missing (debugfs or sev-swfw)");
	fd = sev_open(O_RDWR);
	if (fd < 0)
		tap_bail("open /dev/sev");
	knobs_off();

	test_info(fd);
	test_counts(fd);
	test_faults(fd);
	tap_ok(num(DIR "busy_writes") == 0,
	       "the driver never wrote cmdresp while busy (%llu)",
	       num(DIR "busy_writes"));

	knobs_off();
	close(fd);
	return tap_exit();
}
