// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: default (upstream-compatible) launches through /dev/kvm.
 *
 * Without KVM_SEV_LAUNCH_CONFIG a VM keeps upstream's behaviour: every
 * LAUNCH_UPDATE_DATA / LAUNCH_UPDATE_VMSA goes to the firmware when it is
 * issued, so the launch digest follows the call order.  The same guest
 * launched with two different call orders must give two different digests,
 * each SHA-256 over the bytes in its own call order - the order dependence
 * canonical mode removes.  The legacy path (KVM_X86_DEFAULT_VM +
 * KVM_SEV_ES_INIT, LAUNCH_UPDATE_VMSA on the VM fd for all vCPUs) must
 * still work and measure the VMSAs in vCPU creation order, without FPU
 * state, as upstream does.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "tap.h"

#define POLICY		SEV_POLICY_ES
#define NR_VCPUS	3

struct region {
	uint64_t gpa;
	uint32_t len;
};

static const struct region regions[] = {
	{ 0x20000, 0x3000 },
	{ 0x10000, 0x1000 },
	{ 0x11000, 0x0ff0 },
	{ 0x30100, 0x0200 },
};

#define NR_REGIONS	((int)ARRAY_SIZE(regions))

/* Creation order; deliberately not id order. */
static const uint32_t vcpu_ids[NR_VCPUS] = { 5, 1, 3 };

/* An op is a data region (0..NR_REGIONS-1) or a vCPU (NR_REGIONS + i). */
static const int order_a[] = { 4, 0, 2, 6, 1, 3, 5 };
static const int order_b[] = { 3, 1, 5, 0, 6, 4, 2 };

#define NR_OPS		((int)ARRAY_SIZE(order_a))

static uint8_t *template;
#define MEM_GPA		0
#define MEM_SIZE	0x40000

struct result {
	bool launched;
	bool immediate;		/* memory encrypted right after each call */
	bool log_ok;
	bool expect_ok;
	bool tool_ok;
	bool verify_ok;
	bool flags_ok;
	bool fpu_ok;
	uint8_t ld[32];
	char why[256];
};

static int setup_vm(struct ksu_vm *vm, enum ksu_init init, const char *what,
		    struct result *res)
{
	int ret, i;

	ret = ksu_vm_create(vm, init, 0);
	if (!ret)
		ret = ksu_vm_add_slot(vm, MEM_GPA, MEM_SIZE);
	if (!ret) {
		memcpy(vm->slot[0].hva, template, MEM_SIZE);
		ret = ksu_snapshot(vm);
	}
	if (!ret)
		ret = ksu_vcpus_create(vm, vcpu_ids, NR_VCPUS);
	for (i = 0; !ret && i < NR_VCPUS; i++)
		ret = ksu_vcpu_set_regs(vm, i);
	if (ret)
		snprintf(res->why, sizeof(res->why), "%s: setup: %s", what,
			 strerror(-ret));
	return ret;
}

/* Check log entries are exactly @ops in order. */
static bool log_matches(const struct kvm_sev_launch_log_entry *e, uint32_t n,
			const int *ops, int nops, const uint32_t *vmsa_order,
			char *why, size_t len)
{
	int k;

	if ((int)n != nops) {
		snprintf(why, len, "log has %u entries, want %d", n, nops);
		return false;
	}
	for (k = 0; k < nops; k++) {
		int op = ops[k];
		bool data = op < NR_REGIONS;

		bool bad;

		if (data)
			bad = e[k].kind != KVM_SEV_LOG_DATA ||
			      e[k].gpa != regions[op].gpa ||
			      e[k].len != regions[op].len;
		else
			bad = e[k].kind != KVM_SEV_LOG_VMSA ||
			      e[k].vcpu_id != vmsa_order[op - NR_REGIONS];
		if (bad) {
			snprintf(why, len, "entry %d is kind %u gpa %#llx vcpu %u len %llu, not call %d",
				 k, e[k].kind, (unsigned long long)e[k].gpa,
				 e[k].vcpu_id, (unsigned long long)e[k].len, k);
			return false;
		}
	}
	return true;
}

static void launch_in_order(struct ksu_owner *o, const int *ops,
			    const char *name, struct result *res)
{
	static uint8_t vmsa[NR_VCPUS][4096];
	struct kvm_sev_launch_log_entry *log = NULL;
	struct ksu_vm vm;
	struct sc_launch desc;
	struct sc_sha256 h;
	uint8_t blob[48], want[32], from_log[32], tool[32];
	uint32_t error, n, flags, probe;
	int k, ret;

	memset(res, 0, sizeof(*res));
	res->immediate = true;
	if (setup_vm(&vm, KSU_INIT2_ES, name, res))
		return;
	ret = ksu_owner_session(o, POLICY);
	if (!ret)
		ret = ksu_start(&vm, POLICY, o->s.godh, o->s.blob, NULL, &error);
	if (ret) {
		snprintf(res->why, sizeof(res->why), "%s: LAUNCH_START: %s (error %#x %s)",
			 name, strerror(-ret), error, ksu_err_name(error));
		goto out;
	}
	for (k = 0; k < NR_OPS; k++) {
		int op = ops[k];

		if (op < NR_REGIONS) {
			uint8_t *hva = ksu_gpa_hva(&vm, regions[op].gpa);

			ret = ksu_update_data(&vm, hva, regions[op].len, &error);
			/* Upstream behaviour: encrypted in place right now. */
			if (!ret && !memcmp(hva, ksu_shadow(&vm, regions[op].gpa,
							    regions[op].len),
					    regions[op].len))
				res->immediate = false;
		} else {
			ret = ksu_update_vmsa(&vm, op - NR_REGIONS, NULL, NULL,
					      &error);
		}
		if (ret) {
			snprintf(res->why, sizeof(res->why), "%s: call %d (op %d): %s (error %#x %s)",
				 name, k, op, strerror(-ret), error,
				 ksu_err_name(error));
			goto out;
		}
	}
	ret = ksu_measure(&vm, blob, &probe, &error);
	for (k = 0; !ret && k < NR_VCPUS; k++)
		ret = ksu_vcpu_vmsa(&vm, k, vmsa[k], &error);
	if (!ret)
		ret = ksu_get_log(&vm, &log, &n, &flags, res->ld, &error);
	if (ret) {
		snprintf(res->why, sizeof(res->why), "%s: measure/log/VMSA: %s (error %#x %s)",
			 name, strerror(-ret), error, ksu_err_name(error));
		goto out;
	}
	res->launched = true;
	res->flags_ok = !(flags & KVM_SEV_LAUNCH_F_CANONICAL);

	/* Expected: SHA-256 over the bytes in call order. */
	sc_sha256_init(&h);
	for (k = 0; k < NR_OPS; k++) {
		int op = ops[k];

		if (op < NR_REGIONS)
			sc_sha256_update(&h, ksu_shadow(&vm, regions[op].gpa,
							regions[op].len),
					 regions[op].len);
		else
			sc_sha256_update(&h, vmsa[op - NR_REGIONS], 4096);
	}
	sc_sha256_final(&h, want);
	sc_sha256_free(&h);
	res->expect_ok = !memcmp(want, res->ld, 32);

	res->log_ok = log_matches(log, n, ops, NR_OPS, vcpu_ids, res->why,
				  sizeof(res->why)) &&
		      !ksu_log_replay(&vm, log, n, vmsa, from_log, res->why,
				      sizeof(res->why)) &&
		      !memcmp(from_log, res->ld, 32);

	/* The owner tool agrees in call order, and canonical differs. */
	sc_launch_init(&desc);
	for (k = 0; k < NR_OPS; k++) {
		int op = ops[k];

		if (op < NR_REGIONS)
			sc_launch_add(&desc, SC_ITEM_DATA, regions[op].gpa, 0,
				      ksu_shadow(&vm, regions[op].gpa,
						 regions[op].len),
				      regions[op].len, "data");
		else
			sc_launch_add(&desc, SC_ITEM_VMSA, 0,
				      vcpu_ids[op - NR_REGIONS],
				      vmsa[op - NR_REGIONS], 4096, "vmsa");
	}
	res->tool_ok = desc.n == NR_OPS &&
		       !sc_launch_digest(&desc, false, tool) &&
		       !memcmp(tool, res->ld, 32) &&
		       !sc_launch_digest(&desc, true, tool) &&
		       memcmp(tool, res->ld, 32);
	sc_launch_free(&desc);

	res->verify_ok = ksu_owner_verify(o, POLICY, want, blob);
	/* KVM_SEV_INIT2 default: synced VMSAs carry the vCPU's FPU state. */
	res->fpu_ok = true;
	for (k = 0; k < NR_VCPUS; k++)
		if (sc_le32(vmsa[k] + 0x408) != 0x1f80 ||
		    sc_le16(vmsa[k] + 0x410) != 0x37f ||
		    ksu_le64(vmsa[k] + 0x178) != ksu_vcpu_rip(vcpu_ids[k]))
			res->fpu_ok = false;
	ksu_finish(&vm, &error);
out:
	free(log);
	ksu_vm_destroy(&vm);
}

static void launch_legacy(struct ksu_owner *o, struct result *res)
{
	static const int ops[] = { 1, 3, 0, 2 };
	static uint8_t vmsa[NR_VCPUS][4096];
	struct kvm_sev_launch_log_entry *log = NULL;
	struct kvm_sev_guest_status st;
	struct ksu_vm vm;
	struct sc_sha256 h;
	uint8_t blob[48], want[32], from_log[32];
	uint32_t error, n, flags;
	int all[ARRAY_SIZE(ops) + NR_VCPUS];
	int k, ret;

	memset(res, 0, sizeof(*res));
	if (setup_vm(&vm, KSU_LEGACY_ES, "legacy", res))
		return;
	ret = ksu_owner_session(o, POLICY);
	if (!ret)
		ret = ksu_start(&vm, POLICY, o->s.godh, o->s.blob, NULL, &error);
	for (k = 0; !ret && k < (int)ARRAY_SIZE(ops); k++)
		ret = ksu_update_data(&vm, ksu_gpa_hva(&vm,
						       regions[ops[k]].gpa),
				      regions[ops[k]].len, &error);
	if (!ret)
		ret = ksu_update_vmsa_all(&vm, &error);
	if (!ret)
		ret = ksu_measure(&vm, blob, NULL, &error);
	for (k = 0; !ret && k < NR_VCPUS; k++)
		ret = ksu_vcpu_vmsa(&vm, k, vmsa[k], &error);
	if (!ret)
		ret = ksu_get_log(&vm, &log, &n, &flags, res->ld, &error);
	if (ret) {
		snprintf(res->why, sizeof(res->why), "legacy: %s (error %#x %s)",
			 strerror(-ret), error, ksu_err_name(error));
		goto out;
	}
	res->launched = true;

	/* Data in call order, then every VMSA in vCPU creation order. */
	sc_sha256_init(&h);
	for (k = 0; k < (int)ARRAY_SIZE(ops); k++) {
		sc_sha256_update(&h, ksu_shadow(&vm, regions[ops[k]].gpa,
						regions[ops[k]].len),
				 regions[ops[k]].len);
		all[k] = ops[k];
	}
	for (k = 0; k < NR_VCPUS; k++) {
		sc_sha256_update(&h, vmsa[k], 4096);
		all[ARRAY_SIZE(ops) + k] = NR_REGIONS + k;
	}
	sc_sha256_final(&h, want);
	sc_sha256_free(&h);
	res->expect_ok = !memcmp(want, res->ld, 32);
	res->log_ok = log_matches(log, n, all, ARRAY_SIZE(all), vcpu_ids,
				  res->why, sizeof(res->why)) &&
		      !ksu_log_replay(&vm, log, n, vmsa, from_log, res->why,
				      sizeof(res->why)) &&
		      !memcmp(from_log, res->ld, 32);
	res->verify_ok = ksu_owner_verify(o, POLICY, want, blob);
	res->flags_ok = !(flags & KVM_SEV_LAUNCH_F_CANONICAL);
	/* KVM_SEV_ES_INIT: no FPU state in the VMSA, registers synced. */
	res->fpu_ok = true;
	for (k = 0; k < NR_VCPUS; k++)
		if (sc_le32(vmsa[k] + 0x408) || sc_le16(vmsa[k] + 0x410) ||
		    ksu_le64(vmsa[k] + 0x178) != ksu_vcpu_rip(vcpu_ids[k]) ||
		    ksu_le64(vmsa[k] + 0x3b0))
			res->fpu_ok = false;
	ret = ksu_finish(&vm, &error);
	res->immediate = !ret && !ksu_status(&vm, &st, &error) &&
			 st.state == SEV_LAUNCH_GSTATE_RUNNING;
out:
	free(log);
	ksu_vm_destroy(&vm);
}

int main(void)
{
	struct result a, b, legacy;
	struct ksu_owner o;
	long pins0;
	int fd;
	uint64_t seed = (uint64_t)time(NULL) * 2654435761u ^ getpid();

	tap_plan(14);
	tap_diag("seed %#llx", (unsigned long long)seed);
	ksu_srand(seed);
	template = malloc(MEM_SIZE);
	if (!template)
		tap_bail("malloc");
	ksu_fill(template, MEM_SIZE);

	fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	if (fd < 0 || ksu_owner_platform(&o, fd))
		tap_bail("owner: /dev/sev platform");
	close(fd);
	pins0 = ksu_pinned_pages();

	launch_in_order(&o, order_a, "order A", &a);
	if (a.why[0])
		tap_diag("%s", a.why);
	launch_in_order(&o, order_b, "order B", &b);
	if (b.why[0])
		tap_diag("%s", b.why);

	tap_ok(a.launched && a.expect_ok,
	       "order A: digest = SHA-256 over the bytes in call order");
	tap_ok(a.launched && a.log_ok, "order A: launch log lists the calls in call order");
	tap_ok(b.launched && b.expect_ok,
	       "order B: digest = SHA-256 over the bytes in call order");
	tap_ok(b.launched && b.log_ok, "order B: launch log lists the calls in call order");
	{
		char ha[65], hb[65];

		ksu_hex(ha, a.ld, 32);
		ksu_hex(hb, b.ld, 32);
		tap_ok(a.launched && b.launched && memcmp(a.ld, b.ld, 32),
		       "same guest, two call orders, two digests (upstream's order dependence): %.16s... vs %.16s...",
		       ha, hb);
	}
	tap_ok(a.tool_ok && b.tool_ok,
	       "owner tool predicts both call-order digests, and its canonical digest differs from them");
	tap_ok(a.verify_ok && b.verify_ok, "both measurements verify with the owner's TIK");
	tap_ok(a.launched && b.launched && a.immediate && b.immediate,
	       "default mode passes LAUNCH_UPDATE_DATA through: memory encrypted when the call returns");
	tap_ok(a.launched && a.flags_ok && b.flags_ok,
	       "GET_LOG does not report canonical mode");
	tap_ok(a.launched && a.fpu_ok && b.fpu_ok,
	       "KVM_SEV_INIT2 default: synced VMSAs carry registers and FPU state (mxcsr 0x1f80, fcw 0x37f)");

	launch_legacy(&o, &legacy);
	if (legacy.why[0])
		tap_diag("%s", legacy.why);
	tap_ok(legacy.launched && legacy.expect_ok && legacy.log_ok,
	       "legacy ES_INIT VM, VM-fd LAUNCH_UPDATE_VMSA: data in call order, then VMSAs in creation order (5, 1, 3)");
	tap_ok(legacy.launched && legacy.fpu_ok,
	       "KVM_SEV_ES_INIT: VMSAs synced without FPU state, sev_features 0");
	tap_ok(legacy.verify_ok && legacy.immediate,
	       "legacy measurement verifies with TIK; LAUNCH_FINISH gives RUNNING");
	tap_ok(pins0 >= 0 && ksu_pinned_pages() == pins0,
	       "pinned pages back to %ld after the three VMs", pins0);
	return tap_exit();
}
