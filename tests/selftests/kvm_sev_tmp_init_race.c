// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: /dev/sev's temporary INIT against KVM guest commands.
 *
 * /dev/sev commands that need an initialised platform (PEK_GEN here) bring
 * an UNINIT platform to INIT, run, and SHUTDOWN again, as upstream does.
 * SHUTDOWN forgets every guest, and guest handles are reused lowest first,
 * so a LAUNCH_START that lands inside another caller's temporary INIT
 * creates a guest that silently disappears, whose handle the next launch
 * gets again: destroying the first VM then decommissions the second VM's
 * guest.
 *
 * A child process loops FACTORY_RESET (leaves the platform UNINIT when no
 * guest exists) and PEK_GEN (temporary INIT).  The parent launches pairs
 * of VMs A and B with different policies and checks, for every pair whose
 * LAUNCH_STARTs both succeeded, that GUEST_STATUS of each VM reports its
 * own policy, and that B's guest is still there after A was destroyed.
 * LAUNCH_START may fail while the platform is UNINIT; such rounds are
 * counted and skipped.
 *
 * How many pairs fit depends on how fast the child cycles against the
 * parent's launches, which differs between kernels and machines by an
 * order of magnitude.  So the child waits a random time of up to a bound
 * the parent steers between its cycles: the parent raises the bound after
 * a run of refused rounds and lowers it after each launched pair, which
 * keeps the child as close to back-to-back as still lets pairs launch.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "tap.h"

#define POLICY_A	(SEV_POLICY_ES | SEV_POLICY_NOKS)
#define POLICY_B	(SEV_POLICY_ES | SEV_POLICY_NOKS | SEV_POLICY_NODBG)
#define DURATION_S	30
/* Rounds go on past DURATION_S, up to this, until MIN_PAIRS launched. */
#define MAX_DURATION_S	180
#define MIN_PAIRS	4
#define START_TRIES	5
/* Refused rounds in a row after which the child's pause bound doubles. */
#define SKIPS_PER_STEP	8
#define PAUSE_MAX_US	200000u

static const uint32_t vcpu_ids[] = { 0 };

static int sev_cmd(int fd, uint32_t cmd)
{
	struct sev_issue_cmd c = { .cmd = cmd };

	return ioctl(fd, SEV_ISSUE_CMD, &c) ? -errno : 0;
}

/* Upper bound of the child's pause between cycles, in microseconds. */
static unsigned int *pause_us;

/* The bound lives in a shared page; both processes use it without a lock. */
static unsigned int pause_get(void)
{
	return __atomic_load_n(pause_us, __ATOMIC_RELAXED);
}

static void pause_set(unsigned int us)
{
	__atomic_store_n(pause_us, us, __ATOMIC_RELAXED);
}

/* The child: temporary INITs, pausing as the parent says, until killed. */
static void __noreturn tmp_init_loop(void)
{
	int fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	unsigned int seed = 1, bound;

	if (fd < 0)
		_exit(2);
	for (;;) {
		sev_cmd(fd, SEV_FACTORY_RESET);
		sev_cmd(fd, SEV_PEK_GEN);
		sev_cmd(fd, SEV_PDH_GEN);
		bound = pause_get();
		if (bound)
			usleep(rand_r(&seed) % bound);
	}
}

/*
 * A VM with a started launch.  LAUNCH_START fails while the child keeps
 * the platform UNINIT, so it is tried a few times.
 */
static int vm_up(struct ksu_vm *vm, uint32_t policy)
{
	uint32_t err;
	int ret, i;

	ret = ksu_vm_create(vm, KSU_INIT2_ES, 0);
	if (!ret)
		ret = ksu_vcpus_create(vm, vcpu_ids, 1);
	for (i = 0; !ret && i < START_TRIES; i++) {
		ret = ksu_start(vm, policy, NULL, NULL, NULL, &err);
		if (!ret)
			break;
	}
	if (ret)
		ksu_vm_destroy(vm);
	return ret;
}

/* GUEST_STATUS of @vm: its policy, or -errno. */
static long vm_policy(struct ksu_vm *vm)
{
	struct kvm_sev_guest_status st;
	uint32_t err;
	int ret;

	ret = ksu_status(vm, &st, &err);
	return ret ? ret : (long)st.policy;
}

int main(void)
{
	long pairs = 0, skipped = 0, own_bad = 0, cross_bad = 0;
	long pa, pb, pb2, in_row = 0;
	unsigned int bound_max = 0;
	struct ksu_vm a, b;
	time_t end, hard_end;
	pid_t child;
	int status;

	if (access("/dev/sev", R_OK | W_OK) || access("/dev/kvm", R_OK | W_OK)) {
		printf("1..0 # SKIP needs /dev/sev and /dev/kvm\n");
		return 0;
	}
	tap_plan(3);
	pause_us = mmap(NULL, sizeof(*pause_us), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (pause_us == MAP_FAILED)
		tap_bail("mmap");
	pause_set(0);
	child = fork();
	if (child < 0)
		tap_bail("fork");
	if (!child)
		tmp_init_loop();

	end = time(NULL) + DURATION_S;
	hard_end = time(NULL) + MAX_DURATION_S;
	while (time(NULL) < end ||
	       (pairs < MIN_PAIRS && time(NULL) < hard_end)) {
		if (vm_up(&a, POLICY_A)) {
			skipped++;
			goto refused;
		}
		if (vm_up(&b, POLICY_B)) {
			skipped++;
			ksu_vm_destroy(&a);
			goto refused;
		}
		pairs++;
		in_row = 0;
		pause_set(pause_get() / 2);
		pa = vm_policy(&a);
		pb = vm_policy(&b);
		if (pa != POLICY_A || pb != POLICY_B) {
			if (own_bad++ < 5)
				tap_diag("pair %ld: GUEST_STATUS A %ld (want %d), B %ld (want %d)",
					 pairs, pa, POLICY_A, pb, POLICY_B);
		}
		ksu_vm_destroy(&a);
		pb2 = vm_policy(&b);
		if (pb == POLICY_B && pb2 != POLICY_B) {
			if (cross_bad++ < 5)
				tap_diag("pair %ld: destroying A took B's guest: B now %ld",
					 pairs, pb2);
		}
		ksu_vm_destroy(&b);
		continue;
refused:
		if (++in_row < SKIPS_PER_STEP)
			continue;
		in_row = 0;
		if (pause_get() < PAUSE_MAX_US)
			pause_set(pause_get() ? pause_get() * 2 : 1000);
		if (pause_get() > bound_max)
			bound_max = pause_get();
	}
	kill(child, SIGKILL);
	waitpid(child, &status, 0);

	tap_diag("%ld pairs launched, %ld rounds skipped (LAUNCH_START refused), child's pause bound at most %u us",
		 pairs, skipped, bound_max);
	tap_ok(pairs >= MIN_PAIRS, "at least %d pairs launched (%ld)",
	       MIN_PAIRS, pairs);
	tap_ok(!own_bad, "every VM's GUEST_STATUS reports its own guest (%ld pairs wrong)",
	       own_bad);
	tap_ok(!cross_bad, "destroying one VM leaves the other's guest intact (%ld pairs broken)",
	       cross_bad);
	return tap_exit();
}
