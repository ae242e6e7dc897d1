// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: firmware guests never outlive their VM, whatever the VMM does
 * to its /dev/sev fd and whatever the firmware fails.
 *
 *  - dup2() over the /dev/sev fd while LAUNCH_START runs (between the
 *    firmware's LAUNCH_START and ACTIVATE, widened with the software
 *    firmware's latency knob), more times than the firmware has guest
 *    slots (64): no guest may be left once the VMs are gone, and a fresh
 *    launch must work;
 *  - ACTIVATE fails (fault knob): no guest left;
 *  - DEACTIVATE fails at teardown: the ASID must not be handed to another
 *    guest (launch after launch through every ASID must succeed), and the
 *    guest is removed later;
 *  - a canonical replay that the firmware breaks: later commands fail
 *    with -EIO and the firmware status that broke the launch.
 *
 * The guest count comes from the software firmware's debugfs "platform".
 */
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "tap.h"

#define PLAN		12
#define MEM_SIZE	0x10000
#define DUP_ROUNDS	70		/* more than the firmware's 64 guests */
#define LATENCY_US	20000
#define FW_ACTIVATE	0x021		/* firmware command ids */
#define FW_DEACTIVATE	0x022
#define FW_UPDATE_DATA	0x031
#define FAIL_STATUS	SEV_RET_HWSEV_RET_PLATFORM

static void knobs_off(void)
{
	ksu_swfw_knob("fail_cmd", 0);
	ksu_swfw_knob("fail_status", 0);
	ksu_swfw_knob("latency_us", 0);
}

static int vm_new(struct ksu_vm *vm, enum ksu_init init)
{
	int ret = ksu_vm_simple(vm, init, MEM_SIZE);

	if (ret) {
		errno = -ret;
		tap_diag("failed at %s", ksu_fail_step);
		tap_bail("VM setup");
	}
	return 0;
}

/* A full default-mode launch; 0 or -errno, *@e the last error field. */
static int launch(enum ksu_init init, uint32_t *e)
{
	uint32_t policy = init == KSU_INIT2_SEV ? 0 : SEV_POLICY_ES;
	struct ksu_vm vm;
	uint8_t blob[48];
	int ret;

	vm_new(&vm, init);
	ret = ksu_start(&vm, policy, NULL, NULL, NULL, e);
	if (!ret)
		ret = ksu_update_data(&vm, vm.slot[0].hva, 0x1000, e);
	if (!ret && init != KSU_INIT2_SEV)
		ret = ksu_update_vmsa_all(&vm, e);
	if (!ret)
		ret = ksu_measure(&vm, blob, NULL, e);
	if (!ret)
		ret = ksu_finish(&vm, e);
	ksu_vm_destroy(&vm);
	return ret;
}

struct swapper {
	int fd;		/* the VMM's /dev/sev fd number */
	int other;	/* what is dup2()ed over it */
	int delay_us;
};

static void *swap_fd(void *arg)
{
	struct swapper *s = arg;

	usleep(s->delay_us);
	dup2(s->other, s->fd);
	return NULL;
}

/* dup2 over the sev fd while LAUNCH_START is between its two commands. */
static void dup2_race(void)
{
	int i, ret, hit = 0, started = 0, ebadf = 0, devnull;
	long g0 = ksu_swfw_guests(), g;
	struct swapper s;
	struct ksu_vm vm;
	pthread_t th;
	uint32_t e;

	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	tap_ok(g0 == 0 && devnull >= 0 &&
	       !ksu_swfw_knob("latency_us", LATENCY_US),
	       "no firmware guest before the race (%ld); latency %d us",
	       g0, LATENCY_US);
	for (i = 0; i < DUP_ROUNDS; i++) {
		vm_new(&vm, KSU_INIT2_ES);
		s.fd = vm.sev_fd;
		s.other = devnull;
		s.delay_us = LATENCY_US / 2;
		pthread_create(&th, NULL, swap_fd, &s);
		ret = ksu_start(&vm, SEV_POLICY_ES, NULL, NULL, NULL, &e);
		pthread_join(th, NULL);
		if (ret)
			hit++;
		else
			started++;
		/* The next command sees /dev/null; then the VM goes. */
		if (ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e) ==
		    -EBADF)
			ebadf++;
		ksu_vm_destroy(&vm);
	}
	ksu_swfw_knob("latency_us", 0);
	close(devnull);
	g = ksu_swfw_guests();
	tap_ok(g == 0,
	       "%d rounds (%d LAUNCH_STARTs failed in the race, %d succeeded): %ld firmware guests left",
	       DUP_ROUNDS, hit, started, g);
	tap_ok(ebadf == DUP_ROUNDS,
	       "the fd was replaced each time: the next command failed with -EBADF %d times",
	       ebadf);
	ret = launch(KSU_INIT2_ES, &e);
	tap_ok(!ret, "a fresh launch after the race succeeds (ret %d error %#x)",
	       ret, e);
}

/* The firmware fails ACTIVATE: the new guest is removed again. */
static void activate_fails(void)
{
	struct ksu_vm vm;
	uint32_t e;
	int ret;
	long g;

	vm_new(&vm, KSU_INIT2_ES);
	ksu_swfw_knob("fail_status", FAIL_STATUS);
	ksu_swfw_knob("fail_cmd", FW_ACTIVATE);
	ret = ksu_start(&vm, SEV_POLICY_ES, NULL, NULL, NULL, &e);
	knobs_off();
	g = ksu_swfw_guests();
	tap_ok(ret == -EIO && e == FAIL_STATUS && g == 0,
	       "ACTIVATE fails: LAUNCH_START -EIO error %#x (ret %d), %ld guests left",
	       e, ret, g);
	ret = ksu_start(&vm, SEV_POLICY_ES, NULL, NULL, NULL, &e);
	tap_ok(!ret && ksu_swfw_guests() == 1,
	       "the same VM starts again (ret %d error %#x)", ret, e);
	ksu_vm_destroy(&vm);
}

/*
 * DEACTIVATE fails at teardown: the ASID stays bound.  Then launch plain
 * SEV guests one after the other, more than there are SEV ASIDs, so KVM
 * recycles every ASID it considers free: each must work.
 */
static void deactivate_fails(void)
{
	int i, ok = 0, ret = 0;
	struct ksu_vm vm;
	uint32_t e = 0;
	long g;

	vm_new(&vm, KSU_INIT2_SEV);
	ret = ksu_start(&vm, 0, NULL, NULL, NULL, &e);
	ksu_swfw_knob("fail_status", FAIL_STATUS);
	ksu_swfw_knob("fail_cmd", FW_DEACTIVATE);
	ksu_vm_destroy(&vm);
	knobs_off();
	g = ksu_swfw_guests();
	tap_ok(!ret && g == 1,
	       "DEACTIVATE failed at teardown: the guest is still there (%ld)",
	       g);
	for (i = 0; i < 20; i++) {
		ret = launch(KSU_INIT2_SEV, &e);
		if (ret)
			break;
		ok++;
	}
	tap_ok(ok == 20,
	       "20 plain SEV launches after it all succeed (%d did; ret %d error %#x %s)",
	       ok, ret, e, ksu_err_name(e));
	g = ksu_swfw_guests();
	tap_ok(g == 0, "the stuck guest was removed by a later teardown (%ld left)",
	       g);
}

/* The firmware breaks a canonical replay: later commands say how. */
static void broken_launch(void)
{
	struct ksu_vm vm;
	uint8_t blob[48];
	uint32_t e;
	int ret;

	vm_new(&vm, KSU_INIT2_SEV);
	ret = ksu_config(&vm, KVM_SEV_LAUNCH_F_CANONICAL, KVM_SEV_VMSA_FPU_SYNC,
			 &e);
	if (!ret)
		ret = ksu_start(&vm, 0, NULL, NULL, NULL, &e);
	if (!ret)
		ret = ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e);
	ksu_swfw_knob("fail_status", FAIL_STATUS);
	ksu_swfw_knob("fail_cmd", FW_UPDATE_DATA);
	if (!ret) {
		struct kvm_sev_launch_measure m = {
			.uaddr = (uintptr_t)blob, .len = sizeof(blob),
		};

		ret = ksu_vm_op(&vm, KVM_SEV_LAUNCH_MEASURE, &m, &e);
	}
	knobs_off();
	tap_ok(ret == -EIO && e == FAIL_STATUS,
	       "the replay at LAUNCH_MEASURE fails: ret %d error %#x", ret, e);
	ret = ksu_finish(&vm, &e);
	tap_ok(ret == -EIO && e == FAIL_STATUS,
	       "LAUNCH_FINISH on the broken launch: -EIO with the status that broke it (ret %d error %#x %s)",
	       ret, e, ksu_err_name(e));
	ksu_vm_destroy(&vm);
	tap_ok(ksu_swfw_guests() == 0, "no guest left (%ld)",
	       ksu_swfw_guests());
}

int main(void)
{
	tap_plan(PLAN);
	if (ksu_swfw_guests() < 0)
		tap_bail(KSU_SWFW_DIR "platform missing (debugfs or sev-swfw)");
	knobs_off();
	broken_launch();
	deactivate_fails();
	activate_fails();
	dup2_race();
	knobs_off();
	return tap_exit();
}
