/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the leak checks of the fault-injection and concurrency selftests
 * read: the software firmware's debugfs (guest table, ASID states, fault
 * knobs) and the kernel's fault-injection debugfs.  Header-only, static
 * inline, so each program takes what it uses: the /dev/sev programs, which
 * link sev_util.c, and the KVM ones and kvm_sev_util.c itself alike.
 */
#ifndef SEVL_SELFTEST_SWFW_STATE_H
#define SEVL_SELFTEST_SWFW_STATE_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SWFW_DIR	"/sys/kernel/debug/sev-swfw/0/"
#define FAULT_DIR	"/sys/kernel/debug/"

/**
 * struct swfw_state - the firmware's view, from debugfs "platform"
 * @guests: guests in the firmware's table
 * @asid_dirty: ASIDs that need DF_FLUSH before reuse
 * @asid_clean: free ASIDs
 * @asid_alloc: ASIDs bound to a guest not yet running
 * @asid_in_use: ASIDs bound to a running guest
 */
struct swfw_state {
	long guests;
	long asid_dirty, asid_clean, asid_alloc, asid_in_use;
};

/* Read a small file into @buf; its length or -errno. */
static inline int sst_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return (int)n;
}

/* Write a string to a file; 0 or -errno. */
static inline int sst_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n, len = (ssize_t)strlen(val);

	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	close(fd);
	if (n < 0)
		return -errno;
	return n == len ? 0 : -EIO;
}

static inline int sst_write_num(const char *path, unsigned long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu\n", v);
	return sst_write(path, buf);
}

/* A number file; -1 when it cannot be read. */
static inline long long sst_num(const char *path)
{
	char buf[64];

	if (sst_read(path, buf, sizeof(buf)) <= 0)
		return -1;
	return strtoll(buf, NULL, 0);
}

/*
 * The firmware's guest count and ASID states.  The table itself is not
 * parsed: its count line says the same.  Returns 0 or -errno.
 */
static inline int swfw_state(struct swfw_state *s)
{
	static char buf[65536];
	const char *p;

	memset(s, 0xff, sizeof(*s));
	if (sst_read(SWFW_DIR "platform", buf, sizeof(buf)) <= 0)
		return -ENOENT;
	p = strstr(buf, "guest_count");
	if (!p || sscanf(p, "guest_count %ld", &s->guests) != 1)
		return -EPROTO;
	p = strstr(buf, "asids");
	if (!p || sscanf(p, "asids dirty %ld clean %ld allocated %ld in_use %ld",
			 &s->asid_dirty, &s->asid_clean, &s->asid_alloc,
			 &s->asid_in_use) != 4)
		return -EPROTO;
	return 0;
}

/* The firmware's guest count alone, or -errno. */
static inline long swfw_guests(void)
{
	char buf[4096];
	const char *p;
	int n = sst_read(SWFW_DIR "platform", buf, sizeof(buf));

	if (n < 0)
		return n;
	p = n ? strstr(buf, "guest_count") : NULL;
	if (!p)
		return -EIO;
	return strtol(p + strlen("guest_count"), NULL, 10);
}

/* Guests and bound ASIDs equal: nothing the firmware holds leaked. */
static inline int swfw_same(const struct swfw_state *a,
			    const struct swfw_state *b)
{
	return a->guests >= 0 && a->guests == b->guests &&
	       a->asid_alloc == b->asid_alloc &&
	       a->asid_in_use == b->asid_in_use;
}

/* Write @v to the firmware's knob @name (fail_cmd, hang, ...); 0 or -errno. */
static inline int swfw_knob(const char *name, unsigned long long v)
{
	char path[128];

	snprintf(path, sizeof(path), SWFW_DIR "%s", name);
	return sst_write_num(path, v);
}

#endif /* SEVL_SELFTEST_SWFW_STATE_H */
