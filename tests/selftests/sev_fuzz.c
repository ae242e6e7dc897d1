// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest and long-running fuzzer for every KVM_MEMORY_ENCRYPT_OP and
 * /dev/sev command (operations: sev_fuzz_ops.c).
 *
 *   sev_fuzz                      short mode: seeds 1, 2, 3, a fixed number
 *                                 of operations each (run by make check)
 *   sev_fuzz --seed S             short mode, that seed only
 *   sev_fuzz --duration SECS [--seed S]
 *                                 long mode: rounds with seeds S, S+1, ...
 *                                 until the time is up (make fuzz)
 *   --ioctls N                    long mode: also stop after the round in
 *                                 which the total reaches N ioctls
 *   --procs P --threads T --ops N  P processes of T threads, N operations
 *                                 per thread and round
 *   --without CLASS[,CLASS]       leave operation classes out
 *
 * Each round forks the processes (memlock limit 16 MiB, no CAP_IPC_LOCK,
 * like a VMM), lets their threads run, and waits for them; every VM and
 * fd is then closed.  After every round the software
 * firmware must hold no guest and no allocated ASID, and no page may stay
 * pinned.  At the end: fresh launches on every SEV-ES ASID and one SEV
 * launch must succeed and leave nothing behind, the kernel log must hold
 * no report (BUG, WARNING, KASAN, UBSAN, lockdep, kmemleak) and, with
 * kmemleak, a scan must find no leak from sev-launch's code.  Prints the
 * ioctls issued, the rate, and a histogram of results per command.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <signal.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "sev_fuzz.h"
#include "tap.h"

#define SWFW_DIR	"/sys/kernel/debug/sev-swfw/0/"
#define KMEMLEAK	"/sys/kernel/debug/kmemleak"
#define MAX_PROCS	16
#define MAX_THREADS	16

static const uint64_t short_seeds[] = { 1, 2, 3 };

static struct {
	uint64_t seed;
	bool seed_set;
	int duration;
	uint64_t max_ioctls;
	int procs, threads, ops;
	uint32_t mask;
} opt = { .procs = 2, .threads = 3, .mask = ~0u };

static struct fz_stats *stats;
static int kmsg_fd = -1;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t ioctls(void)
{
	uint64_t n = 0;
	int k, e;

	for (k = 0; k < FZ_NKEYS; k++)
		for (e = 0; e < FZ_NERR; e++)
			n += stats->n[k][e];
	return n;
}

/* ---- one round: processes and threads ------------------------------- */

struct thr_arg {
	struct fz_thr t;
	double deadline;
	int ops;
};

static void *thr_fn(void *arg)
{
	struct thr_arg *a = arg;
	int i;

	for (i = 0; i < a->ops; i++) {
		if (a->deadline && !(i & 7) && now() > a->deadline)
			break;
		fz_step(&a->t);
	}
	return NULL;
}

/*
 * Fuzz like a VMM: with a memlock limit, without CAP_IPC_LOCK (which
 * would lift it), but with CAP_SYS_ADMIN for the /dev/sev platform
 * commands.
 */
static void vmm_limits(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	struct rlimit rl = { 16 << 20, 16 << 20 };

	setrlimit(RLIMIT_MEMLOCK, &rl);
	if (syscall(SYS_capget, &h, d))
		return;
	d[0].effective &= ~(1u << CAP_IPC_LOCK);
	d[0].permitted &= ~(1u << CAP_IPC_LOCK);
	d[0].inheritable &= ~(1u << CAP_IPC_LOCK);
	syscall(SYS_capset, &h, d);
}

static void child(uint64_t seed, int proc, double deadline)
{
	static struct thr_arg a[MAX_THREADS];
	pthread_t th[MAX_THREADS];
	struct fz_proc p;
	uint8_t *g;
	int i;

	vmm_limits();
	fz_proc_init(&p, opt.mask);
	for (i = 0; i < opt.threads; i++) {
		a[i].t.p = &p;
		a[i].t.st = stats;
		a[i].t.rng = fz_seed_of(seed, proc, i);
		/*
		 * Hostile lengths make the kernel write past the scratch
		 * buffer: fence it with PROT_NONE pages (the one after it
		 * doubles as the unmapped page) so that it faults instead of
		 * overwriting the fuzzer's own memory.
		 */
		g = mmap(NULL, FZ_SCRATCH + 2 * 4096, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (g == MAP_FAILED ||
		    mprotect(g + 4096, FZ_SCRATCH, PROT_READ | PROT_WRITE))
			_exit(3);
		a[i].t.scratch = g + 4096;
		a[i].t.none = g + 4096 + FZ_SCRATCH;
		a[i].deadline = deadline;
		a[i].ops = opt.ops;
		if (pthread_create(&th[i], NULL, thr_fn, &a[i]))
			_exit(4);
	}
	for (i = 0; i < opt.threads; i++)
		pthread_join(th[i], NULL);
	fz_proc_fini(&p);
	_exit(0);
}

/* Run one round; returns how many processes did not exit cleanly. */
static int round_run(uint64_t seed, double deadline, char *why, size_t len)
{
	pid_t pid[MAX_PROCS];
	int i, st, bad = 0;

	why[0] = 0;
	for (i = 0; i < opt.procs; i++) {
		fflush(stdout);
		pid[i] = fork();
		if (pid[i] == 0)
			child(seed, i, deadline);
	}
	for (i = 0; i < opt.procs; i++) {
		if (pid[i] < 0) {
			snprintf(why, len, "fork failed");
			bad++;
			continue;
		}
		waitpid(pid[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			if (!bad++)
				snprintf(why, len, "process %d: %s %d", i,
					 WIFSIGNALED(st) ? "signal" : "exit",
					 WIFSIGNALED(st) ? WTERMSIG(st) :
					 WEXITSTATUS(st));
		}
	}
	return bad;
}

/* ---- leak checks ------------------------------------------------------ */

/**
 * struct fw_state - what the software firmware's debugfs says
 * @ok: the file could be read
 * @guests: guest_count
 * @allocated: ASIDs bound to a guest but not activated
 * @in_use: ASIDs activated
 * @table: the guest table as printed, for the report
 */
struct fw_state {
	bool ok;
	unsigned int guests, allocated, in_use;
	char table[1024];
};

static void fw_read(struct fw_state *s)
{
	char buf[4096], *p;
	ssize_t n;
	int fd;

	memset(s, 0, sizeof(*s));
	fd = open(SWFW_DIR "platform", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	p = strstr(buf, "guest_count");
	s->ok = p && sscanf(p, "guest_count %u", &s->guests) == 1;
	p = strstr(buf, "asids");
	s->ok = s->ok && p &&
		sscanf(p, "asids dirty %*u clean %*u allocated %u in_use %u",
		       &s->allocated, &s->in_use) == 2;
	p = strstr(buf, "handle policy");
	snprintf(s->table, sizeof(s->table), "%s", p ? p : "");
}

static bool fw_clean(const struct fw_state *s)
{
	return s->ok && !s->guests && !s->allocated && !s->in_use;
}

/* Teardown may finish just after the last close: give it 3 seconds. */
static void settle(struct fw_state *s, long *pinned)
{
	int i;

	for (i = 0; i < 30; i++) {
		fw_read(s);
		*pinned = ksu_pinned_pages();
		if (fw_clean(s) && *pinned == 0)
			return;
		usleep(100000);
	}
}

/* Multi-line text as TAP diagnostics, one "# " line each. */
static void diag_table(const char *table)
{
	char buf[4096], *line, *save;

	snprintf(buf, sizeof(buf), "%s", table);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		tap_diag("  %s", line);
}

static void round_checks(uint64_t seed, unsigned int guests_before)
{
	struct fw_state s;
	long pinned;

	settle(&s, &pinned);
	tap_ok(fw_clean(&s),
	       "seed %llu: all VMs closed, firmware holds no guest (guest_count %u, %d new; ASIDs allocated %u, in use %u)",
	       (unsigned long long)seed, s.guests,
	       (int)s.guests - (int)guests_before, s.allocated, s.in_use);
	if (!fw_clean(&s))
		diag_table(s.table);
	tap_ok(pinned == 0, "seed %llu: sev-launch/pinned_pages is %ld",
	       (unsigned long long)seed, pinned);
}

/* One complete launch in @vm; 0 or -errno with @why set. */
static int launch(struct ksu_vm *vm, bool es, char *why, size_t len)
{
	static const uint32_t ids[] = { 0, 1 };
	uint8_t blob[48];
	uint32_t error = 0;
	const char *step = "create";
	int ret, i;

	ret = ksu_vm_create(vm, es ? KSU_INIT2_ES : KSU_INIT2_SEV, 0);
	if (!ret)
		ret = ksu_vm_add_slot(vm, 0, 0x10000);
	if (!ret)
		ret = ksu_vcpus_create(vm, ids, es ? 2 : 1);
	for (i = 0; !ret && i < vm->nr_vcpus; i++)
		ret = ksu_vcpu_set_regs(vm, i);
	if (ret)
		goto out;
	step = "LAUNCH_START";
	ret = ksu_start(vm, es ? SEV_POLICY_ES : 0, NULL, NULL, NULL, &error);
	if (ret)
		goto out;
	step = "LAUNCH_UPDATE_DATA";
	ret = ksu_update_data(vm, vm->slot[0].hva, 0x2000, &error);
	if (ret)
		goto out;
	step = "LAUNCH_UPDATE_VMSA";
	if (es)
		ret = ksu_update_vmsa_all(vm, &error);
	if (ret)
		goto out;
	step = "LAUNCH_MEASURE";
	ret = ksu_measure(vm, blob, NULL, &error);
	if (ret)
		goto out;
	step = "LAUNCH_FINISH";
	ret = ksu_finish(vm, &error);
out:
	if (ret)
		snprintf(why, len, "%s: %s, error %#x (%s)", step,
			 strerror(-ret), error, ksu_err_name(error));
	return ret;
}

/*
 * A launch on every SEV-ES ASID at once (at most 8) and one SEV launch:
 * an ASID or guest leaked in the firmware makes one of them fail.
 */
static void fresh_launches(void)
{
	static struct ksu_vm vm[9];
	char why[160] = "", path[96];
	int n_es = 8, i, ok = 0, n, fd;
	struct fw_state s;
	long pinned;

	snprintf(path, sizeof(path), SWFW_DIR "min_sev_asid");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		char b[16] = "";

		if (read(fd, b, sizeof(b) - 1) > 0 && atoi(b) > 1)
			n_es = atoi(b) - 1 < 8 ? atoi(b) - 1 : 8;
		close(fd);
	}
	n = n_es + 1;
	for (i = 0; i < n; i++) {
		char w[128];

		if (!launch(&vm[i], i < n_es, w, sizeof(w)))
			ok++;
		else if (!why[0])
			snprintf(why, sizeof(why), "launch %d (%s): %s", i,
				 i < n_es ? "SEV-ES" : "SEV", w);
	}
	tap_ok(ok == n, "fresh launches: %d of %d (%d SEV-ES at once, 1 SEV) succeed%s%s",
	       ok, n, n_es, why[0] ? "; " : "", why);
	for (i = 0; i < n; i++)
		ksu_vm_destroy(&vm[i]);
	settle(&s, &pinned);
	tap_ok(fw_clean(&s) && pinned == 0,
	       "after the fresh launches: guest_count %u, ASIDs allocated %u in use %u, pinned_pages %ld",
	       s.guests, s.allocated, s.in_use, pinned);
}

/* ---- kernel reports ----------------------------------------------------- */

static void kmsg_open(void)
{
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
}

/* Kernel log lines since kmsg_open() that are a report of some kind. */
static void kmsg_check(void)
{
	static const char *const bad[] = {
		"BUG:", "WARNING:", "KASAN", "UBSAN", "Oops", "kmemleak:",
		"general protection", "possible circular", "inconsistent lock",
		"suspicious RCU", "sleeping function called", "INFO: task",
		"possible recursive", "Call Trace",
	};
	char rec[1024];
	int reports = 0;
	ssize_t n;
	size_t i;

	if (kmsg_fd < 0) {
		tap_ok(1, "kernel log: /dev/kmsg unavailable # SKIP");
		return;
	}
	for (;;) {
		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records */
		if (n <= 0)
			break;
		rec[n] = 0;
		for (i = 0; i < ARRAY_SIZE(bad); i++)
			if (strstr(rec, bad[i]))
				break;
		if (i < ARRAY_SIZE(bad) && reports++ < 20)
			tap_diag("kernel: %s", strchr(rec, ';') ?
				 strchr(rec, ';') + 1 : rec);
	}
	tap_ok(reports == 0, "kernel log: %d report lines during the run",
	       reports);
}

/* With kmemleak: scan and look for leaks allocated from our code. */
static void kmemleak_check(void)
{
	static char buf[1 << 16];
	size_t len = 0;
	int fd, ours = 0, all = 0;
	ssize_t n;
	char *p, *next;

	fd = open(KMEMLEAK, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		tap_ok(1, "kmemleak: not in this kernel # SKIP");
		return;
	}
	/* Objects younger than 5 s are not reported: let them age. */
	sleep(5);
	if (write(fd, "scan", 4) != 4 || write(fd, "scan", 4) != 4)
		tap_diag("kmemleak scan: %s", strerror(errno));
	lseek(fd, 0, SEEK_SET);
	while (len < sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = 0;
	close(fd);
	for (p = strstr(buf, "unreferenced object"); p; p = next) {
		next = strstr(p + 1, "unreferenced object");
		if (next)
			next[-1] = 0;
		all++;
		if (strstr(p, "sevl_") || strstr(p, "sev_launch")) {
			if (ours++ < 3)
				diag_table(p);
		}
	}
	tap_ok(ours == 0, "kmemleak: %d leaks from sev-launch code (%d in all)",
	       ours, all);
}

/* ---- output ------------------------------------------------------------- */

static void histogram(void)
{
	char line[2048];
	int k, e, off;

	tap_diag("results per command (ok or errno: count)");
	for (k = 0; k < FZ_NKEYS; k++) {
		uint64_t tot = 0;

		for (e = 0; e < FZ_NERR; e++)
			tot += stats->n[k][e];
		if (!tot)
			continue;
		off = snprintf(line, sizeof(line), "%-26s %8llu:", fz_key_name[k],
			       (unsigned long long)tot);
		for (e = 0; e < FZ_NERR && off < (int)sizeof(line) - 40; e++) {
			const char *name = e ? strerrorname_np(e) : "ok";

			if (!stats->n[k][e])
				continue;
			off += snprintf(line + off, sizeof(line) - off,
					" %s %llu", e == FZ_NERR - 1 ? "other" :
					name ? name : "?",
					(unsigned long long)stats->n[k][e]);
		}
		tap_diag("%s", line);
	}
	off = 0;
	for (k = 0; k < FZ_NCLASSES; k++)
		off += snprintf(line + off, sizeof(line) - off, " %s %llu",
				fz_class_name[k],
				(unsigned long long)stats->ops[k]);
	tap_diag("operations:%s", line);
}

static uint32_t parse_without(const char *list)
{
	uint32_t mask = ~0u;
	char buf[256], *tok, *save;
	int c;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (c = 0; c < FZ_NCLASSES; c++)
			if (!strcmp(tok, fz_class_name[c]))
				break;
		if (c == FZ_NCLASSES) {
			fprintf(stderr, "unknown class %s\n", tok);
			exit(2);
		}
		mask &= ~(1u << c);
	}
	return mask;
}

static void parse(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v) {
			fprintf(stderr, "%s: missing value\n", a);
			exit(2);
		}
		i++;
		if (!strcmp(a, "--seed")) {
			opt.seed = strtoull(v, NULL, 0);
			opt.seed_set = true;
		} else if (!strcmp(a, "--duration")) {
			opt.duration = atoi(v);
		} else if (!strcmp(a, "--ioctls")) {
			opt.max_ioctls = strtoull(v, NULL, 0);
		} else if (!strcmp(a, "--procs")) {
			opt.procs = atoi(v);
		} else if (!strcmp(a, "--threads")) {
			opt.threads = atoi(v);
		} else if (!strcmp(a, "--ops")) {
			opt.ops = atoi(v);
		} else if (!strcmp(a, "--without")) {
			opt.mask = parse_without(v);
		} else {
			fprintf(stderr, "unknown option %s\n", a);
			exit(2);
		}
	}
	if (opt.max_ioctls && !opt.duration) {
		fprintf(stderr, "--ioctls needs --duration\n");
		exit(2);
	}
	if (!opt.ops)
		opt.ops = opt.duration ? 400 : 100;
	if (opt.procs < 1 || opt.procs > MAX_PROCS || opt.threads < 1 ||
	    opt.threads > MAX_THREADS || opt.ops < 1) {
		fprintf(stderr, "bad --procs, --threads or --ops\n");
		exit(2);
	}
}

int main(int argc, char **argv)
{
	double t0, end = 0, dt;
	struct fw_state s;
	uint64_t seed, n;
	char why[128];
	int round = 0, bad;
	long pinned;

	parse(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	stats = mmap(NULL, sizeof(*stats), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stats == MAP_FAILED)
		tap_bail("mmap");
	if (access("/dev/kvm", R_OK | W_OK) || access("/dev/sev", R_OK))
		tap_bail("/dev/kvm or /dev/sev");
	/* The runner prints the plan in short mode; long mode ends with it. */
	if (!opt.duration)
		tap_plan((opt.seed_set ? 1 : ARRAY_SIZE(short_seeds)) * 3 + 4);
	tap_diag("sev_fuzz: %s mode, %d processes x %d threads, %d ops per thread and round%s",
		 opt.duration ? "long" : "short", opt.procs, opt.threads,
		 opt.ops, opt.mask != ~0u ? ", some classes left out" : "");
	if (opt.max_ioctls)
		tap_diag("stopping after %llu ioctls or %d s, whichever first",
			 (unsigned long long)opt.max_ioctls, opt.duration);
	kmsg_open();
	t0 = now();
	if (opt.duration)
		end = t0 + opt.duration;
	seed = opt.seed_set ? opt.seed : opt.duration ? (uint64_t)time(NULL) :
	       short_seeds[0];
	for (;;) {
		uint64_t before = ioctls();
		double r0 = now();

		fw_read(&s);
		tap_diag("round %d: seed %llu", round, (unsigned long long)seed);
		bad = round_run(seed, end, why, sizeof(why));
		n = ioctls() - before;
		tap_ok(!bad, "seed %llu: %d processes ran %llu ioctls in %.1f s%s%s",
		       (unsigned long long)seed, opt.procs,
		       (unsigned long long)n, now() - r0, bad ? "; " : "", why);
		round_checks(seed, s.guests);
		round++;
		/* Progress, should a long run be stopped before its end. */
		n = ioctls();
		tap_diag("total: %llu ioctls in %.0f s after %d rounds",
			 (unsigned long long)n, now() - t0, round);
		if (opt.duration ? now() >= end ||
		    (opt.max_ioctls && n >= opt.max_ioctls) :
		    opt.seed_set || round == ARRAY_SIZE(short_seeds))
			break;
		seed = opt.duration ? seed + 1 : short_seeds[round];
	}
	dt = now() - t0;
	n = ioctls();
	tap_diag("ioctls: %llu in %.1f s, %.0f ioctls/s, %d rounds",
		 (unsigned long long)n, dt, n / dt, round);
	histogram();
	fresh_launches();
	kmsg_check();
	kmemleak_check();
	settle(&s, &pinned);
	if (opt.duration)
		tap_plan(tap_n);
	return tap_exit();
}
