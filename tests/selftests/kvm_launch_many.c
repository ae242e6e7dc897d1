// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: 64 launches at once, and ASID exhaustion.
 *
 * 8 processes of 8 threads each run one complete attested launch per
 * thread: SEV-ES and plain SEV alternate, canonical and default mode
 * alternate in pairs, so each of the four kinds runs 16 times.  All 64 VMs
 * hold their ASID at the same moment (a process-shared barrier after
 * KVM_SEV_INIT2), and all 64 guests exist in the firmware at the same
 * moment (a second barrier after LAUNCH_START).  Each thread plays the
 * guest owner too: it builds its own session, loads data in a random
 * order, and checks LAUNCH_MEASURE against the digest the owner tool's
 * library predicts from what was loaded (canonical order or call order).
 *
 * Then the SEV-ES ASIDs are exhausted: VMs are created until
 * KVM_SEV_INIT2 fails, which must happen with -EBUSY (upstream's errno
 * for "no free ASID") after exactly min_sev_asid - 1 VMs; destroying one
 * VM makes room for exactly one more, and a complete launch on it works.
 *
 * Afterwards nothing is left: pinned pages, the firmware's guest table and
 * its bound ASIDs are as before.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "swfw_state.h"
#include "tap.h"

#define NR_PROCS	8
#define NR_THREADS	8
#define NR_LAUNCH	(NR_PROCS * NR_THREADS)
#define MEM_SIZE	0x20000
#define NR_VCPUS	2
#define MAX_ES_VMS	512

struct region {
	uint64_t gpa;
	uint32_t len;
};

static const struct region regions[] = {
	{ 0x1000, 0x3000 },
	{ 0x8000, 0x1000 },
	{ 0x10010, 0x20f0 },
};

#define NR_REGIONS	((int)ARRAY_SIZE(regions))

static const uint32_t vcpu_ids[NR_VCPUS] = { 0, 1 };

/* One launch's outcome, written by its thread into shared memory. */
struct result {
	int created;		/* the VM exists (holds an ASID) */
	int started;
	int verified;		/* measurement matches the owner's prediction */
	int running;		/* GUEST_STATUS RUNNING after LAUNCH_FINISH */
	uint32_t handle;
	long fw_guests;		/* firmware guests seen at barrier 2 */
	double ms;
	char why[200];
};

struct shared {
	pthread_barrier_t created, started;
	struct result res[NR_LAUNCH];
};

static struct shared *sh;
static struct ksu_owner proc_owner;	/* chain, read once per process */
static int proc_owner_err;

static bool launch_es(int idx)
{
	return idx & 1;
}

static bool launch_canonical(int idx)
{
	return (idx >> 1) & 1;
}

static uint64_t xs_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

#define FAIL(r, fmt, ...) \
	snprintf((r)->why, sizeof((r)->why), fmt, ##__VA_ARGS__)

/*
 * Everything after the VM exists: LAUNCH_START with a fresh session, the
 * updates in a random order, LAUNCH_MEASURE checked against the owner's
 * prediction, LAUNCH_FINISH.  @sync waits at the started barrier.
 */
static void launch_body(struct ksu_vm *vm, bool es, bool canonical,
			uint64_t seed, struct result *r, bool sync)
{
	uint32_t policy = es ? SEV_POLICY_ES : 0, error = 0, handle = 0;
	uint8_t (*vmsa)[4096] = NULL;
	struct kvm_sev_guest_status st;
	struct swfw_state fws;
	struct sc_vmsa_desc d;
	struct sc_launch desc;
	struct ksu_owner o = proc_owner;
	uint8_t blob[48], ld[32];
	int order[NR_REGIONS + NR_VCPUS], nops, i, j, t, ret;

	sc_launch_init(&desc);
	ret = ksu_owner_session(&o, policy);
	if (!ret)
		ret = ksu_start(vm, policy, o.s.godh, o.s.blob, &handle,
				&error);
	if (sync) {
		pthread_barrier_wait(&sh->started);
		if (!swfw_state(&fws))
			r->fw_guests = fws.guests;
	}
	if (ret) {
		FAIL(r, "LAUNCH_START: %s (error %#x %s)", strerror(-ret),
		     error, ksu_err_name(error));
		goto out;
	}
	r->started = 1;
	r->handle = handle;

	nops = NR_REGIONS + (es ? NR_VCPUS : 0);
	for (i = 0; i < nops; i++)
		order[i] = i;
	for (i = nops - 1; i > 0; i--) {
		j = (int)(xs_next(&seed) % (uint64_t)(i + 1));
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	if (es) {
		vmsa = calloc(NR_VCPUS, sizeof(*vmsa));
		if (!vmsa) {
			FAIL(r, "out of memory");
			goto out;
		}
		for (i = 0; i < NR_VCPUS; i++) {
			sc_vmsa_desc_default(&d);
			d.bsp = vcpu_ids[i] == 0;
			d.reset_eip = d.bsp ? 0xfffffff0u : 0x80b004u;
			sc_vmsa_build(&d, vmsa[i]);
		}
	}
	for (i = 0; i < nops; i++) {
		int op = order[i];

		if (op < NR_REGIONS) {
			const struct region *g = &regions[op];

			/* Default mode measures in call order: add as issued. */
			sc_launch_add(&desc, SC_ITEM_DATA, g->gpa, 0,
				      ksu_shadow(vm, g->gpa, g->len), g->len,
				      "data");
			ret = ksu_update_data(vm, ksu_gpa_hva(vm, g->gpa),
					      g->len, &error);
		} else {
			op -= NR_REGIONS;
			sc_launch_add(&desc, SC_ITEM_VMSA, 0, vcpu_ids[op],
				      vmsa[op], 4096, "vmsa");
			ret = ksu_update_vmsa(vm, op, vmsa[op], NULL, &error);
		}
		if (ret) {
			FAIL(r, "update %d (op %d): %s (error %#x %s)", i,
			     order[i], strerror(-ret), error,
			     ksu_err_name(error));
			goto out;
		}
	}

	ret = ksu_measure(vm, blob, NULL, &error);
	if (ret) {
		FAIL(r, "LAUNCH_MEASURE: %s (error %#x %s)", strerror(-ret),
		     error, ksu_err_name(error));
		goto out;
	}
	desc.api_major = o.api_major;
	desc.api_minor = o.api_minor;
	desc.build = o.build;
	desc.policy = policy;
	ret = sc_launch_digest(&desc, canonical, ld);
	if (!ret)
		ret = sc_measure_verify(o.s.tik, &desc, ld, blob);
	if (ret) {
		FAIL(r, "measurement does not match the owner's prediction");
		goto out;
	}
	r->verified = 1;

	ret = ksu_finish(vm, &error);
	if (!ret)
		ret = ksu_status(vm, &st, &error);
	if (ret || st.state != SEV_LAUNCH_GSTATE_RUNNING || st.handle != handle) {
		FAIL(r, "LAUNCH_FINISH/GUEST_STATUS: %s (error %#x %s)",
		     strerror(-ret), error, ksu_err_name(error));
		goto out;
	}
	r->running = 1;
out:
	free(vmsa);
	sc_launch_free(&desc);
}

/* VM, memory, vCPUs and mode, before the launch proper. */
static int vm_setup(struct ksu_vm *vm, bool es, bool canonical,
		    uint64_t *seed, struct result *r)
{
	uint32_t error = 0;
	uint8_t *p;
	size_t k;
	int ret;

	ret = ksu_vm_create(vm, es ? KSU_INIT2_ES : KSU_INIT2_SEV, 0);
	if (ret) {
		FAIL(r, "VM: %s at %s", strerror(-ret), ksu_fail_step);
		return ret;
	}
	r->created = 1;
	ret = ksu_vm_add_slot(vm, 0, MEM_SIZE);
	if (!ret) {
		p = vm->slot[0].hva;
		for (k = 0; k < MEM_SIZE; k += 8) {
			uint64_t v = xs_next(seed);

			memcpy(p + k, &v, 8);
		}
		ret = ksu_snapshot(vm);
	}
	if (!ret && es)
		ret = ksu_vcpus_create(vm, vcpu_ids, NR_VCPUS);
	if (!ret && canonical)
		ret = ksu_config(vm, KVM_SEV_LAUNCH_F_CANONICAL,
				 KVM_SEV_VMSA_FPU_SYNC, &error);
	if (ret)
		FAIL(r, "setup: %s (error %#x)", strerror(-ret), error);
	return ret;
}

static void *launch_thread(void *arg)
{
	int idx = (int)(intptr_t)arg;
	struct result *r = &sh->res[idx];
	bool es = launch_es(idx), canonical = launch_canonical(idx);
	uint64_t seed = 0x9e3779b97f4a7c15ULL * (uint64_t)(idx + 1) ^
			(uint64_t)time(NULL);
	struct ksu_vm vm;
	double t0 = now_ms();
	int ret;

	if (proc_owner_err) {
		FAIL(r, "owner platform: %s", strerror(-proc_owner_err));
		pthread_barrier_wait(&sh->created);
		pthread_barrier_wait(&sh->started);
		return NULL;
	}
	ret = vm_setup(&vm, es, canonical, &seed, r);
	/* Every thread passes both barriers, whatever happened before. */
	pthread_barrier_wait(&sh->created);
	if (ret) {
		pthread_barrier_wait(&sh->started);
		if (r->created)
			ksu_vm_destroy(&vm);
		return NULL;
	}
	launch_body(&vm, es, canonical, seed, r, true);
	ksu_vm_destroy(&vm);
	r->ms = now_ms() - t0;
	return NULL;
}

static int run_process(int p)
{
	pthread_t th[NR_THREADS];
	int fd, i, ret;

	fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	ret = fd < 0 ? -errno : ksu_owner_platform(&proc_owner, fd);
	if (fd >= 0)
		close(fd);
	/* On failure the threads still pass the barriers the others wait at. */
	proc_owner_err = ret;
	for (i = 0; i < NR_THREADS; i++)
		if (pthread_create(&th[i], NULL, launch_thread,
				   (void *)(intptr_t)(p * NR_THREADS + i)))
			return 2;
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(th[i], NULL);
	return 0;
}

static void report_kind(bool es, bool canonical)
{
	int i, n = 0, ok = 0;

	for (i = 0; i < NR_LAUNCH; i++) {
		if (launch_es(i) != es || launch_canonical(i) != canonical)
			continue;
		n++;
		if (sh->res[i].verified && sh->res[i].running)
			ok++;
		else
			tap_diag("launch %d: %s", i, sh->res[i].why);
	}
	tap_ok(n == NR_LAUNCH / 4 && ok == n,
	       "%s %s: %d of %d launches measured as the owner predicted and RUNNING",
	       es ? "SEV-ES" : "SEV", canonical ? "canonical" : "default",
	       ok, n);
}

static void concurrent(const struct swfw_state *fw0)
{
	pthread_barrierattr_t ba;
	int i, j, created = 0, started = 0, dup = 0, timed = 0, status;
	long max_guests = 0;
	double t0, wall, sum = 0, max = 0;
	pid_t pid[NR_PROCS];

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		tap_bail("mmap");
	memset(sh, 0, sizeof(*sh));
	pthread_barrierattr_init(&ba);
	pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED);
	pthread_barrier_init(&sh->created, &ba, NR_LAUNCH);
	pthread_barrier_init(&sh->started, &ba, NR_LAUNCH);

	t0 = now_ms();
	for (i = 0; i < NR_PROCS; i++) {
		pid[i] = fork();
		if (pid[i] < 0)
			tap_bail("fork");
		if (!pid[i])
			_exit(run_process(i));
	}
	for (i = 0; i < NR_PROCS; i++)
		waitpid(pid[i], &status, 0);
	wall = now_ms() - t0;

	for (i = 0; i < NR_LAUNCH; i++) {
		struct result *r = &sh->res[i];

		created += r->created;
		started += r->started;
		if (r->fw_guests > max_guests)
			max_guests = r->fw_guests;
		timed += r->ms > 0;
		sum += r->ms;
		if (r->ms > max)
			max = r->ms;
		for (j = 0; j < i; j++)
			if (r->started && sh->res[j].started &&
			    r->handle == sh->res[j].handle)
				dup++;
	}
	tap_ok(created == NR_LAUNCH,
	       "%d of %d VMs (%d SEV-ES, %d SEV) hold an ASID at the same time",
	       created, NR_LAUNCH, NR_LAUNCH / 2, NR_LAUNCH / 2);
	tap_ok(started == NR_LAUNCH && !dup &&
	       max_guests >= fw0->guests + NR_LAUNCH,
	       "%d of %d LAUNCH_STARTs succeeded with distinct handles; the firmware held %ld guests at once",
	       started, NR_LAUNCH, max_guests - fw0->guests);
	report_kind(false, false);
	report_kind(false, true);
	report_kind(true, false);
	report_kind(true, true);
	tap_diag("64 launches: wall %.0f ms; %d complete, each %.0f ms on average, at most %.0f ms",
		 wall, timed, timed ? sum / timed : 0, max);
	pthread_barrier_destroy(&sh->created);
	pthread_barrier_destroy(&sh->started);
	munmap(sh, sizeof(*sh));
}

/* SEV-ES VMs until KVM_SEV_INIT2 refuses; then recovery. */
static void exhaustion(void)
{
	static struct ksu_vm vms[MAX_ES_VMS];
	long long min_sev = sst_num(SWFW_DIR "min_sev_asid");
	long long want = min_sev - 1;
	struct result r = { 0 };
	struct ksu_vm extra;
	uint64_t seed = 42;
	int n, ret = 0, i, fd;
	bool ok;

	fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	proc_owner_err = fd < 0 ? -errno : ksu_owner_platform(&proc_owner, fd);
	if (fd >= 0)
		close(fd);
	if (want < 1 || want >= MAX_ES_VMS) {
		tap_ok(0, "SEV-ES ASID count %lld usable", want);
		tap_ok(0, "recovery (skipped)");
		tap_ok(0, "launch on a recycled ASID (skipped)");
		return;
	}
	for (n = 0; n < MAX_ES_VMS; n++) {
		ret = ksu_vm_create(&vms[n], KSU_INIT2_ES, 0);
		if (ret)
			break;
	}
	tap_ok(n == want && ret == -EBUSY &&
	       !strcmp(ksu_fail_step, "KVM_SEV_INIT2"),
	       "%d SEV-ES VMs created (ASIDs 1..%lld), then %s refused with %d (%s), want -EBUSY",
	       n, want, ksu_fail_step, ret, strerror(-ret));

	/* One VM gone: exactly one more fits (KVM recycles after DF_FLUSH). */
	ok = n > 0;
	if (ok) {
		ksu_vm_destroy(&vms[n / 2]);
		ret = ksu_vm_create(&vms[n / 2], KSU_INIT2_ES, 0);
		ok = !ret;
		if (ok) {
			ret = ksu_vm_create(&extra, KSU_INIT2_ES, 0);
			ok = ret == -EBUSY;
			if (!ret)
				ksu_vm_destroy(&extra);
		}
	}
	tap_ok(ok, "after destroying one VM exactly one more SEV-ES VM fits (then %d)",
	       ret);

	/* A complete launch on a recycled ASID, with the others still held. */
	ok = false;
	if (n > 0) {
		ksu_vm_destroy(&vms[0]);
		ret = vm_setup(&vms[0], true, true, &seed, &r);
		if (!ret) {
			launch_body(&vms[0], true, true, seed, &r, false);
			ok = r.verified && r.running;
		}
	}
	tap_ok(ok, "full SEV-ES launch on a recycled ASID verifies %s", r.why);
	for (i = 0; i < n; i++)
		ksu_vm_destroy(&vms[i]);
}

int main(void)
{
	struct swfw_state fw0, fw1;
	long pins0 = ksu_pinned_pages();

	tap_plan(11);
	if (swfw_state(&fw0))
		tap_bail("software firmware debugfs");
	tap_diag("before: firmware guests %ld, ASIDs allocated %ld in use %ld, pinned %ld",
		 fw0.guests, fw0.asid_alloc, fw0.asid_in_use, pins0);

	concurrent(&fw0);
	exhaustion();

	swfw_state(&fw1);
	tap_ok(swfw_same(&fw0, &fw1),
	       "firmware: %ld guests, %ld+%ld bound ASIDs, as before (%ld, %ld+%ld)",
	       fw1.guests, fw1.asid_alloc, fw1.asid_in_use, fw0.guests,
	       fw0.asid_alloc, fw0.asid_in_use);
	tap_ok(pins0 >= 0 && ksu_pinned_pages() == pins0,
	       "pinned pages back to %ld", pins0);
	return tap_exit();
}
