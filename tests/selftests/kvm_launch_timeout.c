// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: a firmware command that times out at each launch step.
 *
 * The software firmware holds a command while its debugfs "hang" knob is
 * set, and completes it late, with its normal result, when the knob is
 * cleared; the PSP driver's timeout is shortened to one second through the
 * cmd_timeout module parameter.  For each step the command's ioctl must
 * fail with ETIMEDOUT, and the launch must be broken: every later command
 * (GUEST_STATUS here) is refused with EINVAL and SEV_LAUNCH_ERR_STATE (no
 * firmware status exists to go with EIO), also once the firmware is done.
 * While the command is held, whatever it points at stays allocated: pinned
 * guest pages stay pinned (and counted in sev-launch/pinned_pages).  Once
 * the late completion has been seen they are released (pinned_pages back
 * to where it was), VM destruction leaves no guest behind in the firmware
 * (also a guest a late LAUNCH_START created), and a fresh launch works.
 * Some steps destroy the VM while the command is still held.  ACTIVATE,
 * the second firmware command of LAUNCH_START, is held alone (the
 * firmware's hang_cmd knob): the ioctl fails as upstream's failed
 * LAUNCH_START does, leaving the VM without a guest, and the late-bound
 * ASID's guest is removed at teardown.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "swfw_state.h"
#include "tap.h"

#define POLICY		SEV_POLICY_ES
#define MEM_GPA		0
#define MEM_SIZE	0x10000
#define TIMEOUT_PARAM	"/sys/module/sev_psp/parameters/cmd_timeout"
#define PSP_DIR		"/sys/kernel/debug/sev-psp/"
#define FW_ACTIVATE	0x021	/* firmware command id (SEV API) */
#define ASID_OWNED	0x0c	/* SEV API status: ASID already bound */

static const uint32_t vcpu_ids[] = { 0 };

enum step {
	S_START, S_ACTIVATE, S_DATA, S_REPLAY, S_VMSA, S_MEASURE, S_SECRET, S_FINISH,
	S_DECRYPT, S_ENCRYPT, S_STATUS, S_NR
};

static const char *const step_name[] = {
	[S_START] = "LAUNCH_START",
	[S_ACTIVATE] = "ACTIVATE (inside LAUNCH_START)",
	[S_DATA] = "LAUNCH_UPDATE_DATA (default)",
	[S_REPLAY] = "LAUNCH_UPDATE_DATA (canonical replay)",
	[S_VMSA] = "LAUNCH_UPDATE_VMSA", [S_MEASURE] = "LAUNCH_MEASURE",
	[S_SECRET] = "LAUNCH_SECRET", [S_FINISH] = "LAUNCH_FINISH",
	[S_DECRYPT] = "DBG_DECRYPT", [S_ENCRYPT] = "DBG_ENCRYPT",
	[S_STATUS] = "GUEST_STATUS",
};

static void hang(bool on)
{
	if (sst_write(SWFW_DIR "hang", on ? "1" : "0"))
		tap_bail("cannot write " SWFW_DIR "hang");
}

/* Hold only firmware command @cmd (0: every command). */
static void hang_only(unsigned int cmd)
{
	if (swfw_knob("hang_cmd", cmd))
		tap_bail("cannot write " SWFW_DIR "hang_cmd");
}

/* Commands the software firmware completed ("total" in cmd_counts). */
static long fw_total(void)
{
	char buf[4096], *p;

	if (sst_read(SWFW_DIR "cmd_counts", buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, "\ntotal");
	return p ? strtol(p + strlen("\ntotal"), NULL, 0) : -1;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Wait until pinned_pages reads @want; returns what it read last. */
static long wait_pinned(long want, int ms)
{
	long v = ksu_pinned_pages();

	while (v != want && ms > 0) {
		sleep_ms(20);
		ms -= 20;
		v = ksu_pinned_pages();
	}
	return v;
}

static int setup(struct ksu_vm *vm)
{
	int ret;

	ret = ksu_vm_create(vm, KSU_INIT2_ES, 0);
	if (!ret)
		ret = ksu_vm_add_slot(vm, MEM_GPA, MEM_SIZE);
	if (!ret) {
		ksu_fill(vm->slot[0].hva, MEM_SIZE);
		ret = ksu_vcpus_create(vm, vcpu_ids, 1);
	}
	if (!ret)
		ret = ksu_vcpu_set_regs(vm, 0);
	return ret;
}

static int measure(struct ksu_vm *vm, uint8_t *blob, uint32_t *error)
{
	struct kvm_sev_launch_measure m = {
		.uaddr = (uintptr_t)blob, .len = 48,
	};

	return ksu_vm_op(vm, KVM_SEV_LAUNCH_MEASURE, &m, error);
}

/* Run the launch up to just before @s; returns 0 or -errno. */
static int prepare(struct ksu_vm *vm, enum step s)
{
	uint8_t blob[48];
	uint32_t err;
	int ret = 0;

	if (s == S_START || s == S_ACTIVATE)
		return 0;
	if (s == S_REPLAY)
		ret = ksu_config(vm, KVM_SEV_LAUNCH_F_CANONICAL, 0, &err);
	if (!ret)
		ret = ksu_start(vm, POLICY, NULL, NULL, NULL, &err);
	if (ret || s == S_DATA || s == S_STATUS || s == S_DECRYPT ||
	    s == S_ENCRYPT)
		return ret;
	ret = ksu_update_data(vm, vm->slot[0].hva, 0x2000, &err);
	if (ret || s == S_VMSA)
		return ret;
	ret = ksu_update_vmsa(vm, 0, NULL, NULL, &err);
	if (ret || s == S_REPLAY || s == S_MEASURE)
		return ret;
	return measure(vm, blob, &err);
}

/* Issue step @s (the command that will be held). */
static int do_step(struct ksu_vm *vm, enum step s)
{
	static uint8_t hdr[SEV_LAUNCH_SECRET_HDR_SIZE], trans[16], buf[16];
	struct kvm_sev_guest_status st;
	uint8_t blob[48];
	uint32_t err;

	switch (s) {
	case S_START:
	case S_ACTIVATE:
		return ksu_start(vm, POLICY, NULL, NULL, NULL, &err);
	case S_DATA:
		return ksu_update_data(vm, vm->slot[0].hva + 0x1000, 0x2000,
				       &err);
	case S_VMSA:
		return ksu_update_vmsa(vm, 0, NULL, NULL, &err);
	case S_REPLAY:
	case S_MEASURE:
		return measure(vm, blob, &err);
	case S_SECRET:
		return ksu_secret(vm, hdr, vm->slot[0].hva + 0x8000, trans,
				  sizeof(trans), &err);
	case S_FINISH:
		return ksu_finish(vm, &err);
	case S_DECRYPT:
		return ksu_dbg(vm, true, vm->slot[0].hva + 0x9000, buf,
			       sizeof(buf), &err);
	case S_ENCRYPT:
		return ksu_dbg(vm, false, buf, vm->slot[0].hva + 0x9000,
			       sizeof(buf), &err);
	case S_STATUS:
		return ksu_status(vm, &st, &err);
	default:
		return -EINVAL;
	}
}

/* A complete default-mode launch; 0 if every command succeeded. */
static int fresh_launch(void)
{
	struct ksu_vm vm;
	uint8_t blob[48];
	uint32_t err;
	int ret;

	ret = setup(&vm);
	if (!ret)
		ret = ksu_start(&vm, POLICY, NULL, NULL, NULL, &err);
	if (!ret)
		ret = ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &err);
	if (!ret)
		ret = ksu_update_vmsa(&vm, 0, NULL, NULL, &err);
	if (!ret)
		ret = measure(&vm, blob, &err);
	if (!ret)
		ret = ksu_finish(&vm, &err);
	ksu_vm_destroy(&vm);
	return ret;
}

static void run(enum step s, bool destroy_held)
{
	const char *name = step_name[s];
	long pin0, guests0, pinned_held, done;
	struct kvm_sev_guest_status st;
	struct ksu_vm vm;
	uint32_t err, err_held;
	int ret, r_held, r_after = 0, ms;

	guests0 = swfw_guests();
	pin0 = ksu_pinned_pages();
	ret = setup(&vm);
	if (!ret)
		ret = prepare(&vm, s);
	if (ret) {
		tap_ok(0, "%s: set up the launch: %s", name, strerror(-ret));
		ksu_vm_destroy(&vm);
		return;
	}

	/* LAUNCH_START itself completes; the ACTIVATE after it is held. */
	if (s == S_ACTIVATE)
		hang_only(FW_ACTIVATE);
	hang(true);
	ret = do_step(&vm, s);
	pinned_held = ksu_pinned_pages();
	r_held = ksu_status(&vm, &st, &err);
	err_held = err;
	tap_ok(ret == -ETIMEDOUT, "%s%s: the held command fails with ETIMEDOUT (got %s)",
	       name, destroy_held ? " [destroy while held]" : "",
	       ret ? strerror(-ret) : "success");
	if (s == S_DATA || s == S_REPLAY || s == S_SECRET ||
	    s == S_DECRYPT || s == S_ENCRYPT)
		tap_ok(pinned_held > pin0,
		       "%s: the pages the firmware holds stay pinned (pinned_pages %ld, %ld before)",
		       name, pinned_held, pin0);
	if (destroy_held)
		ksu_vm_destroy(&vm);
	done = fw_total();
	hang(false);
	hang_only(0);
	/* The firmware runs the held command now, whatever the driver does. */
	for (ms = 3000; fw_total() <= done && ms > 0; ms -= 20)
		sleep_ms(20);

	/* The late completion is noticed without issuing another command. */
	tap_ok(wait_pinned(pin0, 3000) == pin0,
	       "%s: pins released after the late completion (pinned_pages %ld, want %ld)",
	       name, ksu_pinned_pages(), pin0);
	if (!destroy_held && s == S_ACTIVATE) {
		/*
		 * As upstream after a failed ACTIVATE, the VM has no guest
		 * and may try LAUNCH_START again; the late ACTIVATE did bind
		 * the ASID, whose guest is kept until teardown: the firmware
		 * refuses to bind it to a second guest, which goes again.
		 */
		long g = swfw_guests();

		r_after = ksu_start(&vm, POLICY, NULL, NULL, NULL, &err);
		tap_ok(r_after == -EIO && err == ASID_OWNED &&
		       swfw_guests() == g,
		       "%s: LAUNCH_START again fails with EIO/ASID_OWNED and leaves no guest (%s, %#x, guests %ld -> %ld)",
		       name, r_after ? strerror(-r_after) : "success", err, g,
		       swfw_guests());
		ksu_vm_destroy(&vm);
	} else if (!destroy_held) {
		r_after = ksu_status(&vm, &st, &err);
		tap_ok(r_held == -EINVAL && err_held == SEV_LAUNCH_ERR_STATE &&
		       r_after == -EINVAL && err == SEV_LAUNCH_ERR_STATE,
		       "%s: the launch is broken: GUEST_STATUS refused with EINVAL/STATE while held (%s, %#x) and after (%s, %#x)",
		       name, r_held ? strerror(-r_held) : "success", err_held,
		       r_after ? strerror(-r_after) : "success", err);
		ksu_vm_destroy(&vm);
	}
	/* Teardown of a VM destroyed while held finishes asynchronously. */
	{
		int ms = 3000;
		long g = swfw_guests();

		while (g != guests0 && ms > 0) {
			sleep_ms(20);
			ms -= 20;
			g = swfw_guests();
		}
		tap_ok(g == guests0,
		       "%s: no guest left in the firmware after VM destruction (%ld, %ld before)",
		       name, g, guests0);
	}
	ret = fresh_launch();
	tap_ok(!ret, "%s: a fresh launch succeeds afterwards (%s)", name,
	       ret ? strerror(-ret) : "ok");
}

static int tests_for(enum step s)
{
	bool pins = s == S_DATA || s == S_REPLAY || s == S_SECRET ||
		    s == S_DECRYPT || s == S_ENCRYPT;

	return 5 + pins;
}

int main(void)
{
	char old[32] = "100\n";
	int s, n = 0;

	if (access(SWFW_DIR "hang", W_OK) || access(TIMEOUT_PARAM, W_OK)) {
		printf("1..0 # SKIP needs the software firmware's debugfs and %s\n",
		       TIMEOUT_PARAM);
		return 0;
	}
	for (s = 0; s < S_NR; s++)
		n += tests_for(s);
	/* Destroyed while held: START and DATA, without the "broken" test. */
	n += tests_for(S_START) - 1 + tests_for(S_DATA) - 1;
	tap_plan(n);

	sst_read(TIMEOUT_PARAM, old, sizeof(old));
	if (sst_write(TIMEOUT_PARAM, "1"))
		tap_bail("cannot set " TIMEOUT_PARAM);
	for (s = 0; s < S_NR; s++)
		run(s, false);
	run(S_START, true);
	run(S_DATA, true);
	sst_write(TIMEOUT_PARAM, old);
	return tap_exit();
}
