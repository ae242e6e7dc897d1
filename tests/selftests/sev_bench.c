// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: what canonical mode costs, and how fast the software
 * firmware is against the kernel crypto it is built on.  Run in the QEMU
 * test guest by scripts/bench.sh; built a second time as the selftest
 * kvm_bench_smoke (-DBENCH_SMOKE: one tiny launch per mode, no timing checked)
 * so that it cannot rot.
 *
 * Per guest size (memfd-backed) and mode - default (upstream pass-through,
 * chunks in order), canonical with the chunks shuffled, canonical in order -
 * an SEV-ES launch with 4 vCPUs is repeated; the repetitions of the three
 * modes are interleaved so that drift of the (shared, noisy) machine hits
 * every mode alike.  Reported per mode: min/median/max of the total, the
 * medians of the time in LAUNCH_UPDATE_DATA, LAUNCH_UPDATE_VMSA and
 * LAUNCH_MEASURE (canonical mode does its firmware work there, in the
 * replay), the firmware's LAUNCH_UPDATE_DATA commands and bytes per
 * command, and the canonical/default ratio of the medians with the spread
 * of the per-repetition ratios.  Then: the firmware's own LAUNCH_UPDATE_DATA
 * throughput beside the ceiling of the same kernel crypto measured in the
 * same run (/sys/kernel/debug/sev-swfw-perf), the kernel memory canonical
 * mode holds per recorded range and per pinned page, and the latency of
 * PLATFORM_STATUS through /dev/sev split into the firmware's work and the
 * rest (driver and mailbox round trip).
 *
 * Arguments: [sizes] [repetitions].  Sizes are comma-separated MiB, each
 * optionally with its own repetitions ("16:5,256:3,1024:1", the default);
 * a second argument sets the repetitions of every size.  Without either,
 * a size gets 5 repetitions up to 64 MiB, 3 up to 256 MiB and 1 above, and
 * from 1 GiB on canonical mode runs shuffled only (the goal compares it
 * with default mode there; in-order canonical at 1 GiB would add minutes
 * under TCG and is covered by the smaller sizes).  Lines starting with
 * "PLOT" are for scripts/bench.sh's plot.  Absolute numbers under TCG
 * mean little; compare what one run prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "kvm_sev_util.h"

#define BENCH_VCPUS	4
#define BENCH_CHUNK	(64 * 1024)
#define BENCH_MAX_REPS	32
#define BENCH_MAX_SIZES	8
#define STATUS_ITERS	1000
#define PERF_DIR	"/sys/kernel/debug/sev-swfw-perf/"
#define CEILING_BYTES	(4u << 20)
#define FW_PLATFORM_STATUS	0x004	/* firmware command id (SEV API) */

#ifdef BENCH_SMOKE
static const bool smoke = true;
#else
static const bool smoke;
#endif

enum bench_mode { MODE_DEFAULT, MODE_CANON_SHUF, MODE_CANON_ORDER, NR_MODES };

static const char *const mode_name[NR_MODES] = {
	"default", "canon-shuf", "canon-order",
};

struct bench_run {
	double update;		/* all LAUNCH_UPDATE_DATA calls, seconds */
	double vmsa;		/* all LAUNCH_UPDATE_VMSA calls */
	double measure;		/* LAUNCH_MEASURE (the replay in canonical mode) */
	double total;
	unsigned long long fw_cmds;	/* firmware LAUNCH_UPDATE_DATA commands */
	unsigned long long fw_bytes;
	unsigned long long fw_ns;	/* time in the firmware's handler */
	double fw_mibs;			/* fw_bytes over fw_ns */
	long per_chunk;		/* commands the layout needs chunk by chunk */
	long merged;		/* ... and with runs merged across chunks */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static int read_str(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return 0;
}

/* Reset the firmware's counters (no-op without debugfs). */
static void perf_reset(void)
{
	write_str(PERF_DIR "update_data", "0");
}

static void perf_update(struct bench_run *r)
{
	char buf[128];

	if (read_str(PERF_DIR "update_data", buf, sizeof(buf)) ||
	    sscanf(buf, "%llu %llu %llu", &r->fw_cmds, &r->fw_bytes,
		   &r->fw_ns) != 3) {
		r->fw_cmds = 0;
		r->fw_bytes = 0;
		r->fw_ns = 0;
	}
	r->fw_mibs = r->fw_ns ? r->fw_bytes / 1048576.0 / (r->fw_ns / 1e9) : 0;
}

/* Count and nanoseconds of firmware command @id, or -1. */
static int perf_command(unsigned int id, unsigned long long *count,
			unsigned long long *ns)
{
	char buf[4096], *line;
	unsigned int i;

	if (read_str(PERF_DIR "commands", buf, sizeof(buf)))
		return -1;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (sscanf(line, "%x %llu %llu", &i, count, ns) == 3 && i == id)
			return 0;
	*count = *ns = 0;
	return 0;
}

/* The emulated mailbox's counters (perf.c "mailbox"), or -1. */
static int perf_mailbox(unsigned long long v[4])
{
	char buf[256];

	if (read_str(PERF_DIR "mailbox", buf, sizeof(buf)) ||
	    sscanf(buf, "%llu %llu %llu %llu", &v[0], &v[1], &v[2],
		   &v[3]) != 4)
		return -1;
	return 0;
}

/* Slab + vmalloc memory of the kernel, in bytes, or -1. */
static long long kernel_mem(void)
{
	char line[256];
	long long kb, sum = 0;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %lld", &kb) == 1 ||
		    sscanf(line, "VmallocUsed: %lld", &kb) == 1)
			sum += kb;
	fclose(f);
	return sum * 1024;
}

/*
 * What the physical layout of [@hva, @hva + @size) asks of the firmware:
 * one command per physically contiguous run inside each chunk (default
 * mode), or per run of the whole range in address order (what canonical
 * mode's replay can merge to).  -1 each without /proc/self/pagemap PFNs.
 */
static void layout_cmds(const uint8_t *hva, uint64_t size, long *per_chunk,
			long *merged)
{
	uint64_t i, n = size / 4096, e, pfn, prev = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);

	*per_chunk = *merged = -1;
	if (fd < 0)
		return;
	*per_chunk = *merged = 0;
	for (i = 0; i < n; i++) {
		if (pread(fd, &e, sizeof(e),
			  ((uintptr_t)hva / 4096 + i) * sizeof(e)) != sizeof(e))
			e = 0;
		pfn = e & ((1ULL << 55) - 1);
		if (!(e & (1ULL << 63)) || !pfn) {
			*per_chunk = *merged = -1;
			break;
		}
		if (!i || pfn != prev + 1)
			(*merged)++;
		if (!i || pfn != prev + 1 || !(i % (BENCH_CHUNK / 4096)))
			(*per_chunk)++;
		prev = pfn;
	}
	close(fd);
}

static int vm_setup(struct ksu_vm *vm, uint64_t size, bool canonical)
{
	static const uint32_t ids[BENCH_VCPUS] = { 3, 0, 2, 1 };
	uint32_t err = 0;

	if (ksu_vm_create(vm, KSU_INIT2_ES, 0)) {
		fprintf(stderr, "bench: creating the VM failed at %s: %s\n",
			ksu_fail_step, strerror(errno));
		return -1;
	}
	if (ksu_vm_add_slot(vm, 0, size) ||
	    ksu_vcpus_create(vm, ids, BENCH_VCPUS) ||
	    (canonical && ksu_config(vm, KVM_SEV_LAUNCH_F_CANONICAL,
				     KVM_SEV_VMSA_FPU_DEFAULT, &err)) ||
	    ksu_start(vm, SEV_POLICY_ES, NULL, NULL, NULL, &err)) {
		fprintf(stderr, "bench: VM set-up failed: %s (error %#x %s)\n",
			strerror(errno), err, ksu_err_name(err));
		ksu_vm_destroy(vm);
		return -1;
	}
	ksu_fill(ksu_gpa_hva(vm, 0), size);
	return 0;
}

/* One launch of @mib MiB in @mode; 0 and *@r filled, or -1. */
static int launch_once(uint64_t mib, enum bench_mode mode,
		       struct bench_run *r)
{
	uint64_t size = mib << 20;
	int nchunks = size / BENCH_CHUNK;
	uint32_t err = 0, probe;
	uint8_t blob[48];
	struct ksu_vm vm;
	int *order = NULL;
	uint8_t *hva;
	double t0;
	int i, ret = -1;

	memset(r, 0, sizeof(*r));
	if (vm_setup(&vm, size, mode != MODE_DEFAULT))
		return -1;
	hva = ksu_gpa_hva(&vm, 0);
	order = calloc(nchunks, sizeof(*order));
	if (!order)
		goto out;
	for (i = 0; i < nchunks; i++)
		order[i] = i;
	/* Canonical mode accepts any order; default mode measures the order. */
	if (mode == MODE_CANON_SHUF)
		ksu_shuffle(order, nchunks);

	perf_reset();
	t0 = now();
	for (i = 0; i < nchunks; i++)
		if (ksu_update_data(&vm, hva + (uint64_t)order[i] * BENCH_CHUNK,
				    BENCH_CHUNK, &err))
			goto out;
	r->update = now() - t0;
	layout_cmds(hva, size, &r->per_chunk, &r->merged);

	t0 = now();
	for (i = 0; i < BENCH_VCPUS; i++)
		if (ksu_update_vmsa(&vm, i, NULL, NULL, &err))
			goto out;
	r->vmsa = now() - t0;

	t0 = now();
	if (ksu_measure(&vm, blob, &probe, &err))
		goto out;
	r->measure = now() - t0;
	r->total = r->update + r->vmsa + r->measure;
	perf_update(r);
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "bench: %s launch of %llu MiB failed: %s (error %#x %s)\n",
			mode_name[mode], (unsigned long long)mib,
			strerror(errno), err, ksu_err_name(err));
	free(order);
	ksu_vm_destroy(&vm);
	return ret;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts @v; min, median and max. */
static void stats(double *v, int n, double *min, double *med, double *max)
{
	qsort(v, n, sizeof(*v), cmp_double);
	*min = v[0];
	*max = v[n - 1];
	*med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define FIELD_MEDIAN(runs, n, field) ({				\
	double _v[BENCH_MAX_REPS], _a, _m, _b;			\
	int _i, _n = (n);					\
	for (_i = 0; _i < _n; _i++)				\
		_v[_i] = (runs)[_i].field;			\
	stats(_v, _n, &_a, &_m, &_b);				\
	_m;							\
})

static void print_ratio(const char *what, struct bench_run *c,
			struct bench_run *d, int reps)
{
	double r[BENCH_MAX_REPS], min, med, max;
	int i;

	for (i = 0; i < reps; i++)
		r[i] = c[i].total / d[i].total;
	stats(r, reps, &min, &med, &max);
	printf("      %s/default total: %.3f on medians (per repetition %.3f .. %.3f, median %.3f)\n",
	       what, FIELD_MEDIAN(c, reps, total) / FIELD_MEDIAN(d, reps, total),
	       min, max, med);
}

/* The crypto ceiling over @bytes: MiB/s of SHA-256 + the cipher, or 0. */
static double ceiling(unsigned int bytes, double *sha, double *cipher,
		      double *fwpath)
{
	unsigned long long len, s, c, f;
	char buf[128];

	snprintf(buf, sizeof(buf), "%u", bytes);
	if (write_str(PERF_DIR "ceiling", buf) ||
	    read_str(PERF_DIR "ceiling", buf, sizeof(buf)) ||
	    sscanf(buf, "%llu %llu %llu %llu", &len, &s, &c, &f) != 4 ||
	    !s || !c || !f)
		return 0;
	*sha = len / 1048576.0 / (s / 1e9);
	*cipher = len / 1048576.0 / (c / 1e9);
	*fwpath = len / 1048576.0 / (f / 1e9);
	return len / 1048576.0 / ((s + c) / 1e9);
}

struct bench_ceiling {
	double both, sha, cipher, fwpath;
};

/*
 * After each repetition of the three modes the ceiling is measured again,
 * so that it sees the same load as the launches around it; the firmware
 * is compared with it repetition by repetition.
 */
static int bench_size(uint64_t mib, int reps, int nmodes,
		      struct bench_ceiling *cl, int *ncl)
{
	static struct bench_run runs[NR_MODES][BENCH_MAX_REPS];
	double tot[BENCH_MAX_REPS], ratio[BENCH_MAX_REPS], min, med, max;
	int m, i, ok;

	for (i = 0; i < reps; i++) {
		struct bench_ceiling *c = &cl[*ncl];

		for (m = 0; m < nmodes; m++)
			if (launch_once(mib, m, &runs[m][i]))
				return -1;
		ratio[i] = 0;
		c->both = ceiling(CEILING_BYTES, &c->sha, &c->cipher,
				  &c->fwpath);
		if (c->both > 0) {
			ratio[i] = runs[MODE_DEFAULT][i].fw_mibs / c->both;
			(*ncl)++;
		}
	}

	for (m = 0; m < nmodes; m++) {
		struct bench_run *r = runs[m];
		double fwm = FIELD_MEDIAN(r, reps, fw_mibs);
		double cmds = FIELD_MEDIAN(r, reps, fw_cmds);

		for (i = 0; i < reps; i++)
			tot[i] = r[i].total;
		stats(tot, reps, &min, &med, &max);
		printf("%5llu %-11s %7.3f %7.3f %7.3f  %7.3f %6.3f %7.3f %7.2f %7.0f %7.0f %7.2f\n",
		       (unsigned long long)mib, mode_name[m], min, med, max,
		       FIELD_MEDIAN(r, reps, update), FIELD_MEDIAN(r, reps, vmsa),
		       FIELD_MEDIAN(r, reps, measure), mib / med, cmds,
		       cmds ? FIELD_MEDIAN(r, reps, fw_bytes) / cmds : 0, fwm);
		printf("PLOT %llu %s %.3f %.3f\n", (unsigned long long)mib,
		       mode_name[m], mib / med, fwm);
	}
	print_ratio("canon-shuf", runs[MODE_CANON_SHUF], runs[MODE_DEFAULT],
		    reps);
	if (nmodes > MODE_CANON_ORDER)
		print_ratio("canon-order", runs[MODE_CANON_ORDER],
			    runs[MODE_DEFAULT], reps);
	else
		printf("      canon-order: not run at this size\n");
	for (m = MODE_CANON_SHUF; m < nmodes; m++) {
		struct bench_run *r = runs[m];

		for (i = ok = 0; i < reps; i++)
			ok += r[i].per_chunk >= 0 &&
			      r[i].fw_cmds <= (unsigned long long)r[i].per_chunk;
		printf("      %s: firmware commands %llu, default mode on the same layout would issue %ld (merged runs %ld); not more in %d of %d\n",
		       mode_name[m], r[0].fw_cmds, r[0].per_chunk, r[0].merged,
		       ok, reps);
	}
	for (i = ok = 0; i < reps; i++)
		if (ratio[i] > 0)
			tot[ok++] = ratio[i];
	if (ok) {
		stats(tot, ok, &min, &med, &max);
		printf("      firmware LAUNCH_UPDATE_DATA / ceiling of the same repetition: median %.2f (%.2f .. %.2f)\n",
		       med, min, max);
	}
	printf("\n");
	return 0;
}

/*
 * Kernel memory canonical mode holds while recording: 64 MiB recorded once
 * as 16384 one-page ranges and once as 1024 sixteen-page ranges.  Both pin
 * 16384 pages, so the difference is per range; the rest per page.  Slab
 * caches keep free objects, so small differences are noise.
 */
static int record_mem(int nranges, long long *held)
{
	uint64_t size = 64 << 20, len = size / nranges;
	long long before;
	uint32_t err;
	struct ksu_vm vm;
	uint8_t *hva;
	int i, ret = 0;

	if (vm_setup(&vm, size, true))
		return -1;
	hva = ksu_gpa_hva(&vm, 0);
	before = kernel_mem();
	for (i = 0; i < nranges && !ret; i++)
		ret = ksu_update_data(&vm, hva + i * len, len, &err);
	*held = kernel_mem() - before;
	ksu_vm_destroy(&vm);
	return ret || before < 0 ? -1 : 0;
}

static void memory_report(void)
{
	long long small, big;
	double per_range, per_page;

	if (record_mem(16384, &small) || record_mem(1024, &big)) {
		printf("recorded-range memory: could not be measured\n");
		return;
	}
	per_range = (double)(small - big) / (16384 - 1024);
	per_page = (small - per_range * 16384) / 16384;
	printf("canonical recording holds %.0f bytes per range and %.1f bytes per pinned page\n"
	       "  (Slab + vmalloc; 64 MiB as 16384 ranges: %lld bytes, as 1024 ranges: %lld bytes)\n",
	       per_range, per_page, small, big);
}

struct status_split {
	double total;		/* us per command, ioctl to ioctl */
	double fw;		/* the firmware's work, or -1 */
	double dispatch;	/* cmdresp write to the firmware starting, or -1 */
	double irq;		/* completion to the driver's handler, or -1 */
};

static int status_latency(struct status_split *sp)
{
	unsigned long long m0[4], m1[4];
	bool mbox;
	struct sev_user_data_status st;
	struct sev_issue_cmd cmd = {
		.cmd = SEV_PLATFORM_STATUS,
		.data = (uintptr_t)&st,
	};
	unsigned long long c0 = 0, n0 = 0, c1 = 0, n1 = 0;
	double t0;
	int fd, i;

	fd = open("/dev/sev", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	perf_command(FW_PLATFORM_STATUS, &c0, &n0);
	mbox = !perf_mailbox(m0);
	t0 = now();
	for (i = 0; i < STATUS_ITERS; i++) {
		if (ioctl(fd, SEV_ISSUE_CMD, &cmd)) {
			close(fd);
			return -1;
		}
	}
	sp->total = (now() - t0) * 1e6 / STATUS_ITERS;
	close(fd);
	sp->fw = -1;
	sp->dispatch = -1;
	sp->irq = -1;
	if (!perf_command(FW_PLATFORM_STATUS, &c1, &n1) && c1 > c0)
		sp->fw = (n1 - n0) / 1e3 / (c1 - c0);
	if (mbox && !perf_mailbox(m1) && m1[0] > m0[0] && m1[2] > m0[2]) {
		sp->dispatch = (m1[1] - m0[1]) / 1e3 / (m1[0] - m0[0]);
		sp->irq = (m1[3] - m0[3]) / 1e3 / (m1[2] - m0[2]);
	}
	return 0;
}

/* Default repetitions of a size class (see the file comment). */
static int default_reps(uint64_t mib)
{
	return mib <= 64 ? 5 : mib <= 256 ? 3 : 1;
}

int main(int argc, char **argv)
{
	uint64_t sizes[BENCH_MAX_SIZES] = { 16, 256, 1024 };
	int sreps[BENCH_MAX_SIZES] = { 5, 3, 1 };
	int nsizes = 3, reps = 0, i, nmodes;
	double t_start = now();
	static struct bench_ceiling cl[BENCH_MAX_REPS * BENCH_MAX_SIZES];
	struct status_split sp;
	int ncl = 0;
	char *s, *tok;

#ifdef BENCH_SMOKE
	sizes[0] = 1;
	nsizes = 1;
	sreps[0] = 1;
	printf("TAP version 13\n1..1\n");
#endif
	if (argc > 1 && argv[1][0]) {
		nsizes = 0;
		s = argv[1];
		for (tok = strtok(s, ","); tok && nsizes < BENCH_MAX_SIZES;
		     tok = strtok(NULL, ",")) {
			char *end;

			sizes[nsizes] = strtoull(tok, &end, 0);
			sreps[nsizes] = *end == ':' ? atoi(end + 1) :
				default_reps(sizes[nsizes]);
			nsizes++;
		}
	}
	if (argc > 2 && argv[2][0]) {
		reps = atoi(argv[2]);
		for (i = 0; i < nsizes; i++)
			sreps[i] = reps;
	}
	for (i = 0; i < nsizes; i++)
		if (sreps[i] < 1 || sreps[i] > BENCH_MAX_REPS) {
			fprintf(stderr, "usage: %s [MiB[:reps],MiB[:reps],...] [repetitions 1..%d]\n",
				argv[0], BENCH_MAX_REPS);
			return 2;
		}
	if (!nsizes)
		return 2;
	for (i = 0; i < nsizes; i++)
		if (!sizes[i] || sizes[i] > 4095) {
			fprintf(stderr, "bench: sizes are 1..4095 MiB\n");
			return 2;
		}

	/* The cheap measurements first: they survive an interrupted run. */
	if (!smoke)
		memory_report();
	if (status_latency(&sp)) {
		fprintf(stderr, "bench: PLATFORM_STATUS failed: %s\n",
			strerror(errno));
		return 1;
	}
	printf("PLATFORM_STATUS through /dev/sev: %.1f us per command (%d commands)\n",
	       sp.total, STATUS_ITERS);
	if (sp.fw >= 0)
		printf("  firmware work %.1f us, mailbox round trip and driver %.1f us\n",
		       sp.fw, sp.total - sp.fw);
	if (sp.fw >= 0 && sp.dispatch >= 0)
		printf("  of the round trip: doorbell to firmware start %.1f us, completion to interrupt handler %.1f us,\n"
		       "  driver, ioctl and the waiting task's wake-up %.1f us\n",
		       sp.dispatch, sp.irq,
		       sp.total - sp.fw - sp.dispatch - sp.irq);

	ksu_srand(1);
	printf("# sev-launch bench: SEV-ES launch, %d vCPUs, %d KiB LAUNCH_UPDATE_DATA chunks, memfd guest memory\n",
	       BENCH_VCPUS, BENCH_CHUNK / 1024);
	printf("# repetitions per mode, interleaved:");
	for (i = 0; i < nsizes; i++)
		printf(" %llu MiB x%d", (unsigned long long)sizes[i], sreps[i]);
	printf("; seconds; update/vmsa/measure are medians;\n");
	printf("# fw cmds, B/cmd: firmware LAUNCH_UPDATE_DATA commands of one launch and bytes per command;\n");
	printf("# fw MiB/s: bytes over the time spent in the firmware's LAUNCH_UPDATE_DATA handler\n");
	printf("%5s %-11s %7s %7s %7s  %7s %6s %7s %7s %6s %7s %7s\n", "MiB",
	       "mode", "min", "median", "max", "update", "vmsa", "measure",
	       "MiB/s", "fwcmds", "B/cmd", "fwMiB/s");
	for (i = 0; i < nsizes; i++) {
		/* Both canonical modes when repeated or asked for. */
		nmodes = sizes[i] >= 1024 && !reps ? MODE_CANON_ORDER :
			NR_MODES;
		if (bench_size(sizes[i], sreps[i], nmodes, cl, &ncl))
			return 1;
	}

	if (ncl) {
		double v[4][BENCH_MAX_REPS * BENCH_MAX_SIZES], x, med[4];
		int k;

		for (i = 0; i < ncl; i++) {
			v[0][i] = cl[i].both;
			v[1][i] = cl[i].sha;
			v[2][i] = cl[i].cipher;
			v[3][i] = cl[i].fwpath;
		}
		for (k = 0; k < 4; k++)
			stats(v[k], ncl, &x, &med[k], &x);
		printf("crypto ceiling, %u MiB flat buffer after each repetition (%d runs), medians: SHA-256 %.2f MiB/s,\n"
		       "  memory cipher (2 AES blocks per 16 bytes) %.2f MiB/s, both %.2f MiB/s;\n"
		       "  the firmware's per-piece routine on the same buffer %.2f MiB/s\n",
		       CEILING_BYTES >> 20, ncl, med[1], med[2], med[0], med[3]);
		printf("PLOT ceiling %.3f\n", med[0]);
	} else {
		printf("crypto ceiling: %s not available\n", PERF_DIR);
	}

	printf("bench wall time %.0f s\n", now() - t_start);
#ifdef BENCH_SMOKE
	printf("ok 1 - the bench runs (no timing is checked)\n");
#endif
	return 0;
}
