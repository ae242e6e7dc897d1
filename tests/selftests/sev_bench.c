// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: what canonical mode costs.  Run in the QEMU test guest by
 * scripts/bench.sh, never as a selftest.
 *
 * For guest images of several sizes, an SEV-ES launch with 4 vCPUs is done
 * in default (upstream, pass-through) mode and in canonical mode, and the
 * time spent in LAUNCH_UPDATE_DATA, in LAUNCH_UPDATE_VMSA and in
 * LAUNCH_MEASURE is reported, with the canonical/default ratio.  Canonical
 * mode moves the firmware work from the updates to LAUNCH_MEASURE (the
 * replay); the total is what a VMM notices.  Also: the latency of one
 * PLATFORM_STATUS through /dev/sev and the mailbox.
 *
 * Absolute numbers under TCG mean little (no AES-NI or SHA-NI reach the
 * guest); compare the ratios printed by one run.
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
#define BENCH_REPS	3
#define STATUS_ITERS	1000

struct bench_times {
	double update;		/* all LAUNCH_UPDATE_DATA calls, seconds */
	double vmsa;		/* all LAUNCH_UPDATE_VMSA calls */
	double measure;		/* LAUNCH_MEASURE (the replay in canonical mode) */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double total(const struct bench_times *t)
{
	return t->update + t->vmsa + t->measure;
}

/* One launch of @mib MiB; returns 0 and fills @t, or -1. */
static int launch_once(uint64_t mib, bool canonical, struct bench_times *t)
{
	static const uint32_t ids[BENCH_VCPUS] = { 3, 0, 2, 1 };
	uint64_t size = mib << 20;
	int nchunks = size / BENCH_CHUNK;
	uint8_t blob[48];
	struct ksu_vm vm;
	uint32_t err, probe;
	int *order = NULL;
	uint8_t *hva;
	double t0;
	int i, ret = -1;

	memset(t, 0, sizeof(*t));
	if (ksu_vm_create(&vm, KSU_INIT2_ES, 0)) {
		fprintf(stderr, "bench: creating the VM failed at %s: %s\n",
			ksu_fail_step, strerror(errno));
		return -1;
	}
	if (ksu_vm_add_slot(&vm, 0, size) ||
	    ksu_vcpus_create(&vm, ids, BENCH_VCPUS))
		goto out;
	if (canonical &&
	    ksu_config(&vm, KVM_SEV_LAUNCH_F_CANONICAL,
		       KVM_SEV_VMSA_FPU_DEFAULT, &err))
		goto out;
	if (ksu_start(&vm, SEV_POLICY_ES, NULL, NULL, NULL, &err))
		goto out;

	hva = ksu_gpa_hva(&vm, 0);
	ksu_fill(hva, size);
	order = calloc(nchunks, sizeof(*order));
	if (!order)
		goto out;
	for (i = 0; i < nchunks; i++)
		order[i] = i;
	/* Canonical mode accepts any order; default mode measures the order. */
	if (canonical)
		ksu_shuffle(order, nchunks);

	t0 = now();
	for (i = 0; i < nchunks; i++)
		if (ksu_update_data(&vm, hva + (uint64_t)order[i] * BENCH_CHUNK,
				    BENCH_CHUNK, &err))
			goto out;
	t->update = now() - t0;

	t0 = now();
	for (i = 0; i < BENCH_VCPUS; i++)
		if (ksu_update_vmsa(&vm, i, NULL, NULL, &err))
			goto out;
	t->vmsa = now() - t0;

	t0 = now();
	if (ksu_measure(&vm, blob, &probe, &err))
		goto out;
	t->measure = now() - t0;
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "bench: %s launch of %llu MiB failed: %s (error %#x %s)\n",
			canonical ? "canonical" : "default",
			(unsigned long long)mib, strerror(errno), err,
			ksu_err_name(err));
	free(order);
	ksu_vm_destroy(&vm);
	return ret;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of BENCH_REPS launches, by total time. */
static int launch_median(uint64_t mib, bool canonical, struct bench_times *m)
{
	struct bench_times t[BENCH_REPS];
	double tot[BENCH_REPS], mid;
	int i;

	for (i = 0; i < BENCH_REPS; i++) {
		if (launch_once(mib, canonical, &t[i]))
			return -1;
		tot[i] = total(&t[i]);
	}
	qsort(tot, BENCH_REPS, sizeof(tot[0]), cmp_double);
	mid = tot[BENCH_REPS / 2];
	for (i = 0; i < BENCH_REPS; i++)
		if (total(&t[i]) == mid)
			*m = t[i];
	return 0;
}

static int status_latency(double *usec)
{
	struct sev_user_data_status st;
	struct sev_issue_cmd cmd = {
		.cmd = SEV_PLATFORM_STATUS,
		.data = (uintptr_t)&st,
	};
	double t0;
	int fd, i;

	fd = open("/dev/sev", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	t0 = now();
	for (i = 0; i < STATUS_ITERS; i++) {
		if (ioctl(fd, SEV_ISSUE_CMD, &cmd)) {
			close(fd);
			return -1;
		}
	}
	*usec = (now() - t0) * 1e6 / STATUS_ITERS;
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	static const uint64_t sizes[] = { 1, 4, 16 };
	struct bench_times d, c;
	unsigned int i;
	double us;

	(void)argc;
	(void)argv;
	ksu_srand(1);
	printf("sev-launch bench: SEV-ES launch, %d vCPUs, %d KiB LAUNCH_UPDATE_DATA chunks,\n",
	       BENCH_VCPUS, BENCH_CHUNK / 1024);
	printf("median of %d launches; seconds; canonical chunks shuffled, default in order\n\n",
	       BENCH_REPS);
	printf("%5s  %-9s %8s %8s %8s %8s %9s\n", "MiB", "mode", "update",
	       "vmsa", "measure", "total", "MiB/s");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		if (launch_median(sizes[i], false, &d) ||
		    launch_median(sizes[i], true, &c))
			return 1;
		printf("%5llu  %-9s %8.3f %8.3f %8.3f %8.3f %9.1f\n",
		       (unsigned long long)sizes[i], "default", d.update,
		       d.vmsa, d.measure, total(&d), sizes[i] / total(&d));
		printf("%5llu  %-9s %8.3f %8.3f %8.3f %8.3f %9.1f\n",
		       (unsigned long long)sizes[i], "canonical", c.update,
		       c.vmsa, c.measure, total(&c), sizes[i] / total(&c));
		printf("%5s  canonical/default total: %.2f\n\n", "",
		       total(&c) / total(&d));
	}
	if (status_latency(&us)) {
		fprintf(stderr, "bench: PLATFORM_STATUS failed: %s\n",
			strerror(errno));
		return 1;
	}
	printf("PLATFORM_STATUS through /dev/sev: %.1f us per command (%d commands)\n",
	       us, STATUS_ITERS);
	return 0;
}
