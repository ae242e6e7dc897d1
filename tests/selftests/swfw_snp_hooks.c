// SPDX-License-Identifier: GPL-2.0
/*
 * The software firmware's TEST-ONLY SNP debugfs hooks themselves
 * (sev-swfw/<n>/snp/): the emulator-only views guests and rmp_summary,
 * test_report naming a guest by ASID or guest context page (how tests
 * reach guests launched through KVM), and hostile test_launch
 * descriptions.  swfw_snp_flow runs the attested launch through the same
 * hooks.
 *
 *  - a guest launched with test_launch appears in snp/guests with its ASID,
 *    state, policy, HOST_DATA and the launch digest computed here with
 *    OpenSSL (PAGE_INFO chain), and rmp_summary counts its pages;
 *  - test_report answers for it by ASID, by context page and with the
 *    first version of its request, and refuses ambiguous or unknown names;
 *  - descriptions whose lengths or reserved fields do not add up are
 *    refused before anything runs, with the RMP unchanged;
 *  - an SNP_LAUNCH_UPDATE the firmware refuses leaves no page assigned.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/sha.h>

#include "tap.h"
#include "../../include/sev-launch/swfw-snp-test.h"

#define PAGE		4096
/* SMT allowed, reserved-must-be-one: what QEMU passes by default. */
#define POLICY		0x30000ULL
#define NTESTS		15

enum { PT_NORMAL = 1, PT_VMSA, PT_ZERO, PT_UNMEASURED, PT_SECRETS, PT_CPUID };

struct rec {
	uint8_t type;
	uint64_t gpa;
};

static const struct rec recs[] = {
	{ PT_NORMAL, 0x0 },
	{ PT_SECRETS, 0x1000 },
	{ PT_ZERO, 0x2000 },
	{ PT_VMSA, 0xfffffffff000ULL },
};

static char dir[256];

static bool has_data(uint8_t type)
{
	return type == PT_NORMAL || type == PT_VMSA;
}

static void page_fill(uint8_t *p, unsigned int i)
{
	unsigned int j;

	for (j = 0; j < PAGE; j++)
		p[j] = (uint8_t)(j * 5 + i * 11 + 3);
}

/* PAGE_INFO chain of the SNP ABI over recs[], with OpenSSL's SHA-384. */
static void predict(uint8_t *ld)
{
	uint8_t pi[0x70], page[PAGE];
	unsigned int i;

	memset(ld, 0, 48);
	for (i = 0; i < ARRAY_SIZE(recs); i++) {
		memset(pi, 0, sizeof(pi));
		memcpy(pi, ld, 48);
		if (has_data(recs[i].type)) {
			page_fill(page, i);
			SHA384(page, PAGE, pi + 48);
		}
		pi[96] = 0x70;
		pi[98] = recs[i].type;
		memcpy(pi + 104, &recs[i].gpa, 8);
		SHA384(pi, sizeof(pi), ld);
	}
}

static void hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* One test_report request of @len bytes: 0, or the failing call's -errno. */
static int report_in(const struct sevl_snp_test_report_in *in, size_t len,
		     struct sevl_snp_test_report_out *o)
{
	char path[300];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/test_report", dir);
	fd = open(path, O_RDWR);
	if (fd < 0)
		tap_bail(path);
	if (write(fd, in, len) != (ssize_t)len ||
	    read(fd, o, sizeof(*o)) != sizeof(*o))
		ret = -errno;
	close(fd);
	return ret;
}

/* The text of snp/@name ("" if unreadable), at most @cap - 1 bytes. */
static void read_view(const char *name, char *buf, size_t cap)
{
	size_t got = 0;
	char path[300];
	ssize_t n;
	int fd;

	buf[0] = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	while (got < cap - 1 && (n = read(fd, buf + got, cap - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	close(fd);
}

/* rmp_summary's count for @key ("pre_guest", "asid 5"), or -1. */
static long long rmp_count(const char *sum, const char *key)
{
	size_t k = strlen(key);
	const char *l = sum;

	while (l && *l) {
		if (!strncmp(l, key, k) && l[k] == ' ')
			return strtoll(l + k + 1, NULL, 10);
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	return -1;
}

struct gline {
	unsigned long long gctx, policy;
	unsigned int asid;
	char state[16], ld[97], host_data[65];
};

/* The snp/guests line of the guest with ASID @asid. */
static bool guest_line(unsigned int asid, struct gline *g)
{
	static char buf[1 << 16];
	const char *l = buf;

	read_view("guests", buf, sizeof(buf));
	while (l && *l) {
		if (sscanf(l, "gctx 0x%llx asid %u state %15s policy 0x%llx ld %96s host_data %64s",
			   &g->gctx, &g->asid, g->state, &g->policy, g->ld,
			   g->host_data) == 6 && g->asid == asid)
			return true;
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	return false;
}

/* Write @len bytes to test_launch and read the result: 0 or -errno. */
static int launch_raw(const void *desc, size_t len,
		      struct sevl_snp_test_launch_out *o)
{
	char path[300];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/test_launch", dir);
	fd = open(path, O_RDWR);
	if (fd < 0)
		tap_bail(path);
	if (write(fd, desc, len) != (ssize_t)len ||
	    read(fd, o, sizeof(*o)) != sizeof(*o))
		ret = -errno;
	close(fd);
	return ret;
}

/* Header (@flags, @nr records announced) and @n ZERO page records. */
static size_t desc_zero(uint8_t *buf, uint32_t flags, uint32_t nr, uint32_t n)
{
	struct sevl_snp_test_launch hd = {
		.magic = SEVL_SNP_TEST_MAGIC, .flags = flags,
		.policy = POLICY, .nr_records = nr,
	};
	size_t off = sizeof(hd);
	uint32_t i;

	memcpy(buf, &hd, sizeof(hd));
	for (i = 0; i < n; i++) {
		struct sevl_snp_test_page r = {
			.page_type = PT_ZERO, .gpa = (uint64_t)i * PAGE,
		};

		memcpy(buf + off, &r, sizeof(r));
		off += sizeof(r);
	}
	return off;
}

/* The views and test_report's other ways to name the launched guest. */
static void views_and_names(const struct sevl_snp_test_launch_out *lo,
			    const uint8_t *ld, const uint8_t *host_data,
			    uint64_t last_rsp)
{
	static struct sevl_snp_test_report_out ro;
	struct sevl_snp_test_report_in in = { .msg_version = 1 };
	char sum[4096], key[32], want_ld[97], want_hd[65];
	struct gline g;
	bool found;
	int ret;

	hex(want_ld, ld, 48);
	hex(want_hd, host_data, 32);
	found = guest_line(lo->asid, &g);
	tap_ok(found && !strcmp(g.state, "running") && g.policy == POLICY &&
	       !strcmp(g.ld, want_ld) && !strcmp(g.host_data, want_hd),
	       "snp/guests: ASID %u running, policy, launch digest and HOST_DATA as launched",
	       lo->asid);
	read_view("rmp_summary", sum, sizeof(sum));
	snprintf(key, sizeof(key), "asid %u", lo->asid);
	tap_ok(rmp_count(sum, key) == (long long)ARRAY_SIZE(recs) &&
	       rmp_count(sum, "vmsa") >= 1,
	       "snp/rmp_summary: %lld pages assigned to ASID %u, %lld VMSA",
	       rmp_count(sum, key), lo->asid, rmp_count(sum, "vmsa"));

	in.asid = lo->asid;
	ret = report_in(&in, sizeof(in), &ro);
	tap_ok(!ret && !ro.fw_status && !ro.status &&
	       !memcmp(ro.report + 0x90, ld, 48) &&
	       ro.req_seqno == last_rsp + 1,
	       "test_report by ASID: ret %d fw %d, MEASUREMENT the launch's, sequence %llu",
	       ret, ro.fw_status, (unsigned long long)ro.req_seqno);
	last_rsp = ro.rsp_seqno;
	in.asid = 0;
	in.gctx_paddr = found ? g.gctx : 0;
	ret = found ? report_in(&in, sizeof(in), &ro) : -ENOENT;
	tap_ok(!ret && !ro.fw_status && !memcmp(ro.report + 0x90, ld, 48) &&
	       ro.req_seqno == last_rsp + 1,
	       "test_report by guest context 0x%llx: ret %d fw %d, sequence %llu",
	       in.gctx_paddr, ret, ro.fw_status,
	       (unsigned long long)ro.req_seqno);
	in.gctx_paddr = 0;
	in.guest_id = lo->guest_id;
	tap_ok(!report_in(&in, SEVL_SNP_TEST_REPORT_IN_V1_SIZE, &ro) &&
	       !ro.fw_status && !memcmp(ro.report + 0x90, ld, 48),
	       "test_report accepts the first version of its request (%d bytes)",
	       SEVL_SNP_TEST_REPORT_IN_V1_SIZE);
	in.asid = lo->asid;
	tap_ok(report_in(&in, sizeof(in), &ro) == -EINVAL,
	       "test_report refuses a request naming the guest twice");
	in.guest_id = 0;
	in.asid = 0xffff;
	tap_ok(report_in(&in, sizeof(in), &ro) == -ENOENT,
	       "test_report: no guest with ASID 0xffff (ENOENT)");
}

/* Hostile descriptions: refused before anything runs, RMP unchanged. */
static void hostile_descriptions(void)
{
	static uint8_t d[sizeof(struct sevl_snp_test_launch) +
			 sizeof(struct sevl_snp_test_id) + 4 * 16 + 1];
	static char before[4096], after[4096];
	const struct sevl_snp_test_page zero_rec = { .page_type = PT_ZERO };
	struct sevl_snp_test_launch_out o;
	struct sevl_snp_test_id *id;
	size_t n;
	int ret;

#define HOSTILE(len, what) do {						\
	read_view("rmp_summary", before, sizeof(before));		\
	ret = launch_raw(d, len, &o);					\
	read_view("rmp_summary", after, sizeof(after));			\
	tap_ok(ret == -EINVAL && !strcmp(before, after),		\
	       "test_launch refuses %s (%d), RMP unchanged", what, ret);	\
} while (0)

	n = desc_zero(d, 0, 2, 2);
	d[n] = 0;
	HOSTILE(n + 1, "a byte after the last record");
	n = desc_zero(d, 0, 3, 2);
	HOSTILE(n, "a description with a record missing");
	n = desc_zero(d, 0, SEVL_SNP_TEST_MAX_RECORDS + 1, 1);
	HOSTILE(n, "more records than allowed");
	n = desc_zero(d, SEVL_SNP_TEST_AUTHOR_KEY, 1, 1);
	HOSTILE(n, "an author key without an ID block");
	n = desc_zero(d, SEVL_SNP_TEST_ID_BLOCK, 1, 0);
	id = (struct sevl_snp_test_id *)(d + n);
	memset(id, 0, sizeof(*id));
	id->rsvd[5] = 1;
	n += sizeof(*id);
	memcpy(d + n, &zero_rec, sizeof(zero_rec));
	HOSTILE(n + sizeof(zero_rec), "an ID part with reserved bytes set");
#undef HOSTILE
}

/* One description: a ZERO page, then @r (+ @data); refused at record 1. */
static void refused_update(struct sevl_snp_test_page r, const uint8_t *data,
			   const char *what)
{
	static uint8_t d[sizeof(struct sevl_snp_test_launch) + 2 * 16 + PAGE];
	static char before[4096], after[4096];
	struct sevl_snp_test_launch_out o;
	size_t n = desc_zero(d, 0, 2, 1);
	int ret;

	memcpy(d + n, &r, sizeof(r));
	n += sizeof(r);
	if (data) {
		memcpy(d + n, data, PAGE);
		n += PAGE;
	}
	read_view("rmp_summary", before, sizeof(before));
	ret = launch_raw(d, n, &o);
	read_view("rmp_summary", after, sizeof(after));
	tap_ok(!ret && o.failed_step == SEVL_SNP_TEST_STEP_UPDATE + 1 &&
	       o.failed_status == 0x16 && !o.guest_id && o.nr_updates == 1 &&
	       !strcmp(before, after),
	       "SNP_LAUNCH_UPDATE refuses %s (step %u status 0x%x); no page left assigned",
	       what, o.failed_step, o.failed_status);
}

/* Launch recs[] with HOST_DATA @host_data through test_launch. */
static int launch(const uint8_t *host_data, struct sevl_snp_test_launch_out *o)
{
	static uint8_t d[sizeof(struct sevl_snp_test_launch) +
			 ARRAY_SIZE(recs) * (sizeof(struct sevl_snp_test_page) +
					     PAGE)];
	struct sevl_snp_test_launch hd = {
		.magic = SEVL_SNP_TEST_MAGIC, .policy = POLICY,
		.nr_records = ARRAY_SIZE(recs),
	};
	size_t n = sizeof(hd);
	unsigned int i;

	memcpy(hd.host_data, host_data, sizeof(hd.host_data));
	memcpy(d, &hd, sizeof(hd));
	for (i = 0; i < ARRAY_SIZE(recs); i++) {
		struct sevl_snp_test_page r = {
			.page_type = recs[i].type,
			.has_data = has_data(recs[i].type),
			.gpa = recs[i].gpa,
		};

		memcpy(d + n, &r, sizeof(r));
		n += sizeof(r);
		if (r.has_data) {
			page_fill(d + n, i);
			n += PAGE;
		}
	}
	return launch_raw(d, n, o);
}

int main(void)
{
	static uint8_t bad_cpuid[PAGE];
	struct sevl_snp_test_page bad = { .page_type = 0 };
	struct sevl_snp_test_launch_out lo;
	uint8_t ld[48], host_data[32];
	glob_t g;
	int i, ret;

	tap_plan(NTESTS);
	if (glob("/sys/kernel/debug/sev-swfw/*/snp/test_launch", 0, NULL, &g) ||
	    !g.gl_pathc) {
		for (i = 0; i < NTESTS; i++)
			tap_ok(1, "# SKIP no SNP model: sev-swfw/*/snp/test_launch missing");
		return tap_exit();
	}
	snprintf(dir, sizeof(dir), "%s", g.gl_pathv[0]);
	*strrchr(dir, '/') = 0;
	globfree(&g);

	predict(ld);
	memset(host_data, 0x5a, sizeof(host_data));
	ret = launch(host_data, &lo);
	tap_ok(!ret && lo.failed_step == ~0U && lo.guest_id &&
	       !memcmp(lo.ld, ld, 48),
	       "test_launch: %u pages, launch digest of the PAGE_INFO chain (ret %d, step %u, status %d)",
	       lo.nr_updates, ret, lo.failed_step, lo.failed_status);
	if (ret || !lo.guest_id)
		tap_bail("no guest");

	views_and_names(&lo, ld, host_data, 0);
	hostile_descriptions();
	bad.gpa = 0x1000;
	refused_update(bad, NULL, "page type 0");
	memset(bad_cpuid, 0xff, sizeof(bad_cpuid));
	bad.page_type = PT_CPUID;
	bad.has_data = 1;
	refused_update(bad, bad_cpuid, "a CPUID page it corrects");
	return tap_exit();
}
