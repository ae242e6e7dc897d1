// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: a hostile VMM against canonical SEV-SNP launches through KVM
 * (sev-launch's record and replay), on the software firmware in the test
 * guest.  Each case ends by destroying the VM and checking that the
 * emulated RMP (sev-swfw/0/snp/rmp_summary) is back where it was, that no
 * page was leaked (sev-psp/snp_leaked_pages) or left pinned
 * (sev-launch/pinned_pages), that the firmware holds no SNP guest more and
 * that the kernel logged no report (WARNING, BUG, ...) meanwhile.
 *
 *  - A recorded page punched out of guest_memfd before FINISH: FINISH is
 *    refused with SEV_LAUNCH_ERR_SNP_GONE and must lock no page in the RMP
 *    on its way (the other recorded pages stay Guest-Invalid, none becomes
 *    Pre-Guest); a retry is refused the same way with the RMP unchanged.
 *  - Holes punched while FINISH replays (a thread that waits for the
 *    replay's first SNP_LAUNCH_UPDATE, or starts at once), several rounds:
 *    whatever FINISH answers, nothing stays assigned or leaked.
 *  - The firmware failing the third SNP_LAUNCH_UPDATE of the replay
 *    (debugfs fail_nth): -EIO with the status; the pages not measured must
 *    not stay locked (Pre-Guest) and go back at destroy.
 *  - KVM_SEV_SNP_LAUNCH_UPDATE with uaddr 0 and a type other than ZERO:
 *    refused, as upstream 6.12 refuses it (sev_gmem_post_populate()
 *    fails it and snp_launch_update() answers -EIO), nothing recorded.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/falloc.h>

#include "tap.h"
#include "swfw_state.h"
#include "kvm_sev_util.h"
#include "ksu_snp.h"

#define PAGE		KSU_SNP_PAGE
#define PUNCH_GFN	0x20		/* test 1: 8 pages from here */
#define RACE_GFN	0x100		/* test 2: RACE_PAGES from here */
#define RACE_PAGES	96
#define RACE_HOLES	16
#define RACE_ROUNDS	4
#define FAIL_GFN	0x60		/* test 3: 8 pages from here */
#define FAIL_STATUS	SEV_RET_INVALID_PAGE_STATE

/* What must be as it was once a VM is gone. */
struct snap {
	long guests, leaked, pinned, assigned;
	struct ksu_snp_rmp rmp;
};

static void snap(struct snap *s)
{
	s->guests = ksu_snp_guests();
	s->leaked = ksu_snp_leaked();
	s->pinned = ksu_pinned_pages();
	s->assigned = ksu_snp_rmp_assigned();
	ksu_snp_rmp_read(&s->rmp);
}

/* Same counters as @a?  Tell what differs. */
static bool snap_same(const struct snap *a, const char *what)
{
	struct snap b;
	bool same;

	snap(&b);
	same = a->guests == b.guests && a->leaked == b.leaked &&
	       a->pinned == b.pinned && a->assigned == b.assigned &&
	       !memcmp(&a->rmp, &b.rmp, sizeof(a->rmp));
	if (!same)
		tap_diag("%s: guests %ld -> %ld, leaked %ld -> %ld, pinned %ld -> %ld, assigned %ld -> %ld (firmware %ld -> %ld, reclaim %ld -> %ld, pre_guest %ld -> %ld, guest_invalid %ld -> %ld, guest_valid %ld -> %ld)",
			 what, a->guests, b.guests, a->leaked, b.leaked,
			 a->pinned, b.pinned, a->assigned, b.assigned,
			 a->rmp.firmware, b.rmp.firmware,
			 a->rmp.reclaim, b.rmp.reclaim,
			 a->rmp.pre_guest, b.rmp.pre_guest,
			 a->rmp.guest_invalid, b.rmp.guest_invalid,
			 a->rmp.guest_valid, b.rmp.guest_valid);
	return same;
}

static void kmsg_check(const char *what)
{
	int n = ksu_snp_kmsg_reports();

	if (n == -ENOENT)
		tap_ok(1, "%s: kernel log: /dev/kmsg unavailable # SKIP", what);
	else
		tap_ok(n == 0, "%s: no kernel report logged (%d)", what, n);
}

/* A canonical SNP VM with vCPU 0, launch started. */
static int canonical_vm(struct ksu_snp_vm *vm, uint32_t *err)
{
	static const uint32_t ids[] = { 0 };
	int ret = ksu_snp_vm_setup(vm, false);

	if (!ret)
		ret = ksu_snp_canonical(vm, err);
	if (!ret)
		ret = ksu_snp_vcpus_create(vm, ids, 1, 1);
	if (!ret)
		ret = ksu_snp_start(vm, KSU_SNP_POLICY, err);
	return ret;
}

/* Punch the page at @gfn (slot 0) out of its guest_memfd. */
static int punch(struct ksu_snp_vm *vm, uint64_t gfn)
{
	uint64_t off = (gfn << 12) - KSU_SNP_SLOT0_GPA;

	return fallocate(vm->slots[0].gmem_fd,
			 FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off,
			 PAGE) ? -errno : 0;
}

static int finish(struct ksu_snp_vm *vm, uint32_t *err)
{
	struct ksu_snp_launch_finish f = { 0 };

	*err = 0;
	return ksu_snp_finish(vm, &f, err);
}

static void fill(uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = ksu_snp_rnd() >> 56;
}

/* 1: a recorded page punched out before FINISH. */
static void test_punch_before(void)
{
	static uint8_t src[8 * PAGE];
	struct ksu_snp_rmp punched, after, again;
	struct ksu_snp_vm vm;
	uint32_t err = 0, err2 = 0;
	struct snap s0;
	int ret, ret2;

	ksu_snp_kmsg_mark();
	snap(&s0);
	fill(src, sizeof(src));
	ret = canonical_vm(&vm, &err);
	if (!ret)
		ret = ksu_snp_update_at(&vm, PUNCH_GFN, src, sizeof(src),
					KSU_SNP_PAGE_NORMAL, &err, NULL);
	if (!ret)
		ret = punch(&vm, PUNCH_GFN + 4);
	if (ret) {
		tap_ok(0, "punch before FINISH: set-up: %d (error %#x)", ret,
		       err);
		ksu_snp_vm_destroy(&vm);
		tap_ok(0, "punch before FINISH: RMP (not run)");
		tap_ok(0, "punch before FINISH: retry (not run)");
		goto out;
	}
	ksu_snp_rmp_read(&punched);
	ret = finish(&vm, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_SNP_GONE,
	       "page 5 of 8 punched out of guest_memfd: FINISH -EINVAL, SNP_GONE (ret %d, error %#x)",
	       ret, err);
	ksu_snp_rmp_read(&after);
	tap_ok(after.pre_guest == s0.rmp.pre_guest &&
	       after.guest_valid == s0.rmp.guest_valid &&
	       after.guest_invalid == punched.guest_invalid,
	       "the refused FINISH locked no page: Pre-Guest %ld (before %ld), Guest-Valid %ld (before %ld), Guest-Invalid %ld (%ld before FINISH)",
	       after.pre_guest, s0.rmp.pre_guest, after.guest_valid,
	       s0.rmp.guest_valid, after.guest_invalid,
	       punched.guest_invalid);
	ret2 = finish(&vm, &err2);
	ksu_snp_rmp_read(&again);
	tap_ok(ret2 == -EINVAL && err2 == SEV_LAUNCH_ERR_SNP_GONE &&
	       !memcmp(&again, &after, sizeof(again)),
	       "FINISH again: -EINVAL, SNP_GONE, RMP unchanged (ret %d, error %#x, Pre-Guest %ld, Guest-Invalid %ld)",
	       ret2, err2, again.pre_guest, again.guest_invalid);
	ksu_snp_vm_destroy(&vm);
out:
	tap_ok(snap_same(&s0, "punch before FINISH"),
	       "punch before FINISH: after destroy nothing assigned, leaked or pinned, no SNP guest left");
	kmsg_check("punch before FINISH");
}

struct puncher {
	struct ksu_snp_vm *vm;
	long long total0;	/* firmware commands before FINISH */
	int wait_replay;	/* wait for the replay's first command */
	int delay_us;		/* then wait this long */
	int done;		/* FINISH returned */
	int punched, during;
};

static long long fw_commands(void)
{
	char buf[4096], *p;

	if (sst_read(SWFW_DIR "cmd_counts", buf, sizeof(buf)) <= 0)
		return -1;
	p = strstr(buf, "\ntotal ");
	return p ? strtoll(p + 7, NULL, 10) : -1;
}

/* Punch the last RACE_HOLES pages (measured last), highest first. */
static void *puncher_fn(void *arg)
{
	struct puncher *pu = arg;
	int k;

	while (pu->wait_replay && !__atomic_load_n(&pu->done, __ATOMIC_ACQUIRE) &&
	       fw_commands() <= pu->total0)
		;
	if (pu->delay_us)
		usleep(pu->delay_us);
	for (k = 0; k < RACE_HOLES; k++) {
		if (!__atomic_load_n(&pu->done, __ATOMIC_ACQUIRE))
			pu->during++;
		if (!punch(pu->vm, RACE_GFN + RACE_PAGES - 1 - k))
			pu->punched++;
		usleep(200);
	}
	return NULL;
}

/* 2: holes punched while FINISH checks and replays. */
static void test_punch_during(void)
{
	static uint8_t src[RACE_PAGES * PAGE];
	static const int delays[RACE_ROUNDS] = { 0, 0, 2000, 10000 };
	struct ksu_snp_vm vm;
	struct snap s0;
	uint32_t err = 0;
	char what[64];
	pthread_t th;
	int r, ret;

	ksu_snp_kmsg_mark();
	for (r = 0; r < RACE_ROUNDS; r++) {
		struct puncher pu = {
			.vm = &vm, .wait_replay = r > 0, .delay_us = delays[r],
		};

		snprintf(what, sizeof(what), "punch during FINISH, round %d",
			 r + 1);
		snap(&s0);
		fill(src, sizeof(src));
		ret = canonical_vm(&vm, &err);
		if (!ret)
			ret = ksu_snp_update_at(&vm, RACE_GFN, src, sizeof(src),
						KSU_SNP_PAGE_NORMAL, &err,
						NULL);
		if (ret) {
			tap_ok(0, "%s: set-up: %d (error %#x)", what, ret, err);
			ksu_snp_vm_destroy(&vm);
			continue;
		}
		/* Slow commands make the replay a wide window. */
		ksu_swfw_knob("latency_us", 1000);
		pu.total0 = fw_commands();
		if (pthread_create(&th, NULL, puncher_fn, &pu)) {
			tap_ok(0, "%s: thread", what);
			ksu_swfw_knob("latency_us", 0);
			ksu_snp_vm_destroy(&vm);
			continue;
		}
		ret = finish(&vm, &err);
		__atomic_store_n(&pu.done, 1, __ATOMIC_RELEASE);
		pthread_join(th, NULL);
		ksu_swfw_knob("latency_us", 0);
		ksu_snp_vm_destroy(&vm);
		tap_ok(snap_same(&s0, what),
		       "%s: FINISH %d (error %#x), %d holes punched, %d of them while FINISH ran; after destroy nothing assigned, leaked or pinned",
		       what, ret, err, pu.punched, pu.during);
	}
	kmsg_check("punch during FINISH");
}

/* 3: the firmware fails the replay's third SNP_LAUNCH_UPDATE. */
static void test_fw_fail(void)
{
	static struct kvm_sev_snp_log_entry e[16];
	static uint8_t src[8 * PAGE];
	struct kvm_sev_snp_launch_log lg = { 0 };
	struct ksu_snp_rmp after;
	struct ksu_snp_vm vm;
	uint32_t err = 0, err2 = 0;
	struct snap s0;
	int ret, ret2;

	ksu_snp_kmsg_mark();
	snap(&s0);
	fill(src, sizeof(src));
	ret = canonical_vm(&vm, &err);
	if (!ret)
		ret = ksu_snp_update_at(&vm, FAIL_GFN, src, sizeof(src),
					KSU_SNP_PAGE_NORMAL, &err, NULL);
	if (ret) {
		tap_ok(0, "firmware failure: set-up: %d (error %#x)", ret, err);
		tap_ok(0, "firmware failure: RMP (not run)");
		goto out;
	}
	ksu_swfw_knob("fail_status", FAIL_STATUS);
	ksu_swfw_knob("fail_nth", 3);
	ret = finish(&vm, &err);
	ksu_swfw_knob("fail_nth", 0);
	ksu_swfw_knob("fail_status", 0);
	ksu_snp_get_log(&vm, e, ARRAY_SIZE(e), &lg, &err2);
	tap_ok(ret == -EIO && err == FAIL_STATUS,
	       "the replay's third SNP_LAUNCH_UPDATE fails: FINISH -EIO, status %#x (ret %d, error %#x, %u pages measured before)",
	       FAIL_STATUS, ret, err, lg.nr_entries);
	ret2 = finish(&vm, &err2);
	ksu_snp_rmp_read(&after);
	tap_ok(after.pre_guest == s0.rmp.pre_guest && ret2 != 0,
	       "after the failure no page stays locked: Pre-Guest %ld (before %ld), Guest-Invalid %ld (%ld), Guest-Valid %ld (%ld), Firmware %ld (%ld), Reclaim %ld (%ld); FINISH again refused (ret %d, error %#x)",
	       after.pre_guest, s0.rmp.pre_guest, after.guest_invalid,
	       s0.rmp.guest_invalid, after.guest_valid, s0.rmp.guest_valid,
	       after.firmware, s0.rmp.firmware, after.reclaim,
	       s0.rmp.reclaim, ret2, err2);
out:
	ksu_snp_vm_destroy(&vm);
	tap_ok(snap_same(&s0, "firmware failure"),
	       "firmware failure: after destroy nothing assigned, leaked or pinned, no SNP guest left");
	kmsg_check("firmware failure");
}

/* 4: uaddr 0 with a type that has contents. */
static void test_null_source(void)
{
	static const uint8_t types[] = {
		KSU_SNP_PAGE_UNMEASURED, KSU_SNP_PAGE_SECRETS,
		KSU_SNP_PAGE_CPUID,
	};
	struct ksu_snp_vm vm;
	uint32_t err = 0;
	struct snap s0;
	long r0;
	int ret, bad = 0;
	size_t i;

	snap(&s0);
	ret = canonical_vm(&vm, &err);
	if (ret) {
		tap_ok(0, "uaddr 0: set-up: %d (error %#x)", ret, err);
		tap_ok(0, "uaddr 0: other types (not run)");
		goto out;
	}
	r0 = ksu_snp_rmp_assigned();
	ret = ksu_snp_update_at(&vm, 0x30, NULL, PAGE, KSU_SNP_PAGE_NORMAL,
				&err, NULL);
	tap_ok((ret == -EIO || ret == -EINVAL) && ksu_snp_rmp_assigned() == r0,
	       "a NORMAL page with uaddr 0: refused as upstream refuses it (-EIO there), nothing recorded (ret %d, error %#x)",
	       ret, err);
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		ret = ksu_snp_update_at(&vm, 0x31 + i, NULL, PAGE, types[i],
					&err, NULL);
		if (ret != -EIO && ret != -EINVAL) {
			tap_diag("type %u with uaddr 0: ret %d", types[i], ret);
			bad++;
		}
	}
	tap_ok(!bad && ksu_snp_rmp_assigned() == r0,
	       "UNMEASURED, SECRETS and CPUID pages with uaddr 0: refused, nothing recorded (%d accepted)",
	       bad);
out:
	ksu_snp_vm_destroy(&vm);
	tap_ok(snap_same(&s0, "uaddr 0"),
	       "uaddr 0: after destroy nothing assigned, leaked or pinned");
}

int main(void)
{
	int ret = ksu_snp_supported();

	tap_plan(17);
	if (ret) {
		errno = -ret;
		tap_bail("KVM offers no KVM_X86_SNP_VM");
	}
	ksu_snp_seed(0x5eedbad0ull);
	test_punch_before();
	test_punch_during();
	test_fw_fail();
	test_null_source();
	return tap_exit();
}
