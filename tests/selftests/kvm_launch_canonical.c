// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: canonical launch measurements through real /dev/kvm.
 *
 * A VMM-like program builds the same SEV-ES guest 20 times (plus once with
 * one byte changed): memfd memslots, 8 vCPUs with non-contiguous ids created
 * from 8 threads, data regions (some adjacent, one not page aligned) and
 * per-vCPU VMSAs (synced from registers or supplied as full pages) issued
 * in a new random order each time from 4 threads.  With
 * KVM_SEV_LAUNCH_F_CANONICAL the launch digest must be the same every
 * time, and equal to SHA-256 over the data sorted by guest physical
 * address followed by the VMSA pages sorted by vCPU id - computed here from
 * the bytes this program put in, not taken from the kernel.  The test plays
 * the guest owner (session built with the owner tool's library), so it
 * knows TIK and checks the firmware's measurement too.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "tap.h"

#define ITERS		20
#define NR_VCPUS	8
#define NR_WORKERS	4
#define POLICY		SEV_POLICY_ES

struct region {
	uint64_t gpa;
	uint32_t len;
};

/* Not sorted on purpose; 0x10000/0x14000/0x16000 are adjacent. */
static const struct region regions[] = {
	{ 0x14000, 0x2000 },
	{ 0x80040, 0x3fc0 },
	{ 0x10000, 0x4000 },
	{ 0xfff00000, 0x10000 },
	{ 0x16000, 0x1230 },
	{ 0x40000, 0x10 },
};

#define NR_REGIONS	((int)ARRAY_SIZE(regions))
#define NR_OPS		(NR_REGIONS + NR_VCPUS)

static const struct region slots[] = {
	{ 0, 0x100000 },
	{ 0xfff00000, 0x10000 },
};

/* A gap between recorded ranges: must never be touched. */
#define GAP_GPA		0x18000
#define GAP_LEN		0x8000

static const uint32_t vcpu_ids[NR_VCPUS] = { 7, 2, 12, 0, 5, 31, 9, 20 };

static uint8_t *template[ARRAY_SIZE(slots)];
static uint8_t pages[NR_VCPUS][4096];	/* full pages, for odd indexes */

/* vCPU index i: odd = full page; i % 4 == 0 = data 0; else explicit struct */
static bool full_page(int i)
{
	return i & 1;
}

struct run {
	struct ksu_vm vm;
	int order[NR_OPS];
	int next;		/* next op to take, shared by the workers */
	int failed_op;
	int ret;
	uint32_t error;
	bool plain_after_update;
};

static int run_op(struct run *r, int op)
{
	struct ksu_vm *vm = &r->vm;
	uint64_t zero = 0;
	uint32_t error;
	int ret, i;

	if (op < NR_REGIONS) {
		ret = ksu_update_data(vm, ksu_gpa_hva(vm, regions[op].gpa),
				      regions[op].len, &error);
	} else {
		uint32_t id = vcpu_ids[op - NR_REGIONS];

		i = ksu_vcpu_index(vm, id);
		if (full_page(op - NR_REGIONS))
			ret = ksu_update_vmsa(vm, i, pages[op - NR_REGIONS],
					      NULL, &error);
		else if ((op - NR_REGIONS) % 4 == 0)
			ret = ksu_update_vmsa(vm, i, NULL, NULL, &error);
		else
			ret = ksu_update_vmsa(vm, i, NULL, &zero, &error);
	}
	if (ret && !r->ret) {
		r->ret = ret;
		r->error = error;
		r->failed_op = op;
	}
	return ret;
}

static void *worker(void *arg)
{
	struct run *r = arg;
	int k;

	while ((k = __atomic_fetch_add(&r->next, 1, __ATOMIC_SEQ_CST)) <
	       NR_OPS)
		run_op(r, r->order[k]);
	return NULL;
}

/* Issue every op in r->order from NR_WORKERS threads. */
static void issue_all(struct run *r)
{
	pthread_t t[NR_WORKERS];
	int i;

	r->next = 0;
	for (i = 0; i < NR_WORKERS; i++)
		if (pthread_create(&t[i], NULL, worker, r))
			t[i] = 0;
	for (i = 0; i < NR_WORKERS; i++)
		if (t[i])
			pthread_join(t[i], NULL);
	worker(r);	/* picks up anything a failed thread left */
}

static int cmp_region(const void *a, const void *b)
{
	const struct region *x = a, *y = b;

	return x->gpa < y->gpa ? -1 : x->gpa > y->gpa;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* SHA-256 over data sorted by GPA, then VMSAs sorted by vCPU id. */
static void expected_digest(struct ksu_vm *vm, uint8_t (*vmsa)[4096],
			    uint8_t ld[32])
{
	struct region sorted[NR_REGIONS];
	uint32_t ids[NR_VCPUS];
	struct sc_sha256 h;
	int i;

	memcpy(sorted, regions, sizeof(sorted));
	qsort(sorted, NR_REGIONS, sizeof(sorted[0]), cmp_region);
	memcpy(ids, vcpu_ids, sizeof(ids));
	qsort(ids, NR_VCPUS, sizeof(ids[0]), cmp_u32);
	sc_sha256_init(&h);
	for (i = 0; i < NR_REGIONS; i++)
		sc_sha256_update(&h, ksu_shadow(vm, sorted[i].gpa,
						sorted[i].len),
				 sorted[i].len);
	for (i = 0; i < NR_VCPUS; i++)
		sc_sha256_update(&h, vmsa[ksu_vcpu_index(vm, ids[i])], 4096);
	sc_sha256_final(&h, ld);
	sc_sha256_free(&h);
}

/*
 * Log order: data by strictly increasing, non-overlapping GPA, then
 * VMSAs by strictly increasing vCPU id, each vCPU once; data covers
 * exactly the recorded bytes.
 */
static int check_log_order(const struct kvm_sev_launch_log_entry *e,
			   uint32_t n, char *why, size_t len)
{
	uint64_t data_bytes = 0, want_bytes = 0, end = 0;
	uint32_t k, nvmsa = 0;
	bool in_vmsa = false;
	int64_t last_id = -1;
	int i;

	for (i = 0; i < NR_REGIONS; i++)
		want_bytes += regions[i].len;
	for (k = 0; k < n; k++) {
		if (e[k].kind == KVM_SEV_LOG_DATA) {
			if (in_vmsa || (k && e[k].gpa < end)) {
				snprintf(why, len, "entry %u: data at %#llx out of order",
					 k, (unsigned long long)e[k].gpa);
				return -1;
			}
			end = e[k].gpa + e[k].len;
			data_bytes += e[k].len;
		} else {
			in_vmsa = true;
			if ((int64_t)e[k].vcpu_id <= last_id) {
				snprintf(why, len, "entry %u: vCPU %u after vCPU %lld",
					 k, e[k].vcpu_id, (long long)last_id);
				return -1;
			}
			last_id = e[k].vcpu_id;
			nvmsa++;
		}
	}
	if (data_bytes != want_bytes || nvmsa != NR_VCPUS) {
		snprintf(why, len, "log has %llu data bytes (want %llu) and %u VMSAs (want %d)",
			 (unsigned long long)data_bytes,
			 (unsigned long long)want_bytes, nvmsa, NR_VCPUS);
		return -1;
	}
	return 0;
}

/* A register-synced VMSA must carry what KVM_SET_REGS put in. */
static int check_synced(const uint8_t *v, uint32_t id, char *why, size_t len)
{
	struct { uint16_t off; uint64_t want; const char *name; } f[] = {
		{ 0x178, ksu_vcpu_rip(id), "rip" },
		{ 0x1f8, ksu_vcpu_rax(id), "rax" },
		{ 0x318, id, "rbx" },
		{ 0x1d8, 0x7000 - 0x100 * (uint64_t)id, "rsp" },
		{ 0x3b0, 0, "sev_features" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(f); i++)
		if (ksu_le64(v + f[i].off) != f[i].want) {
			snprintf(why, len, "vCPU %u: %s is %#llx, want %#llx",
				 id, f[i].name,
				 (unsigned long long)ksu_le64(v + f[i].off),
				 (unsigned long long)f[i].want);
			return -1;
		}
	/* KVM_SEV_VMSA_FPU_SYNC: the vCPU's reset FPU state. */
	if (sc_le32(v + 0x408) != 0x1f80 || sc_le16(v + 0x410) != 0x37f) {
		snprintf(why, len, "vCPU %u: mxcsr %#x fcw %#x, want 0x1f80 0x37f",
			 id, sc_le32(v + 0x408), sc_le16(v + 0x410));
		return -1;
	}
	return 0;
}

struct totals {
	int setup_fail, plain_fail, enc_fail, probe_fail, log_fail, flags_fail;
	int expect_fail, synced_fail, page_fail, tool_fail, verify_fail;
	int forged_ok, status_fail, pin_fail, same_fail;
	char why[512];
};

static void note(struct totals *t, int *counter, const char *fmt, ...)
	__printf(3, 4);

static void note(struct totals *t, int *counter, const char *fmt, ...)
{
	va_list ap;

	if (!(*counter)++) {
		va_start(ap, fmt);
		vsnprintf(t->why, sizeof(t->why), fmt, ap);
		va_end(ap);
		tap_diag("%s", t->why);
	}
}

/*
 * One launch.  Returns 0 if it got as far as a measurement; @ld receives
 * the kernel's launch digest, @expect the one computed here.
 */
static int one_launch(struct ksu_owner *o, struct totals *t, int iter,
		      uint8_t ld[32], uint8_t expect[32])
{
	static uint8_t vmsa[NR_VCPUS][4096];
	struct kvm_sev_launch_log_entry *log = NULL;
	struct kvm_sev_guest_status st;
	struct run r = { .ret = 0 };
	struct ksu_vm *vm = &r.vm;
	uint32_t ids[NR_VCPUS], probe, error, n, flags, handle;
	uint8_t blob[48], from_log[32], tool[32], forged[32];
	struct sc_launch desc;
	char why[256];
	long pins0 = ksu_pinned_pages();
	size_t s;
	int i, k, ret;

	ret = ksu_vm_create(vm, KSU_INIT2_ES, 0);
	if (ret) {
		note(t, &t->setup_fail, "iteration %d: SEV-ES VM: %s", iter,
		     strerror(-ret));
		return ret;
	}
	for (s = 0; s < ARRAY_SIZE(slots) && !ret; s++) {
		ret = ksu_vm_add_slot(vm, slots[s].gpa, slots[s].len);
		if (!ret)
			memcpy(vm->slot[s].hva, template[s], slots[s].len);
	}
	if (!ret)
		ret = ksu_snapshot(vm);
	/* Creation order is random: shuffle the ids handed to the threads. */
	for (i = 0; i < NR_VCPUS; i++)
		r.order[i] = i;
	ksu_shuffle(r.order, NR_VCPUS);
	for (i = 0; i < NR_VCPUS; i++)
		ids[i] = vcpu_ids[r.order[i]];
	if (!ret)
		ret = ksu_vcpus_create_threaded(vm, ids, NR_VCPUS);
	for (i = 0; i < vm->nr_vcpus && !ret; i++)
		ret = ksu_vcpu_set_regs(vm, i);
	if (!ret)
		ret = ksu_config(vm, KVM_SEV_LAUNCH_F_CANONICAL,
				 KVM_SEV_VMSA_FPU_SYNC, &error);
	if (!ret)
		ret = ksu_owner_session(o, POLICY);
	if (!ret)
		ret = ksu_start(vm, POLICY, o->s.godh, o->s.blob, &handle,
				&error);
	if (ret) {
		note(t, &t->setup_fail, "iteration %d: setup/LAUNCH_START: %s (error %#x %s)",
		     iter, strerror(-ret), error, ksu_err_name(error));
		goto out;
	}

	for (i = 0; i < NR_OPS; i++)
		r.order[i] = i;
	ksu_shuffle(r.order, NR_OPS);
	issue_all(&r);
	if (r.ret) {
		ret = r.ret;
		note(t, &t->setup_fail, "iteration %d: op %d refused: %s (error %#x %s)",
		     iter, r.failed_op, strerror(-r.ret), r.error,
		     ksu_err_name(r.error));
		goto out;
	}
	/* Recorded, not measured: guest memory is still plaintext. */
	for (s = 0; s < ARRAY_SIZE(slots); s++)
		if (memcmp(vm->slot[s].hva, template[s], slots[s].len))
			note(t, &t->plain_fail, "iteration %d: slot %zu changed before LAUNCH_MEASURE",
			     iter, s);

	ret = ksu_measure(vm, blob, &probe, &error);
	if (probe != SEV_LAUNCH_MEASURE_SIZE)
		note(t, &t->probe_fail, "iteration %d: probe gave len %u",
		     iter, probe);
	if (ret) {
		note(t, &t->setup_fail, "iteration %d: LAUNCH_MEASURE: %s (error %#x %s)",
		     iter, strerror(-ret), error, ksu_err_name(error));
		goto out;
	}

	/* The replay encrypted exactly the recorded ranges. */
	for (i = 0; i < NR_REGIONS; i++)
		if (!memcmp(ksu_gpa_hva(vm, regions[i].gpa),
			    ksu_shadow(vm, regions[i].gpa, regions[i].len),
			    regions[i].len))
			note(t, &t->enc_fail, "iteration %d: range %#llx still plaintext after LAUNCH_MEASURE",
			     iter, (unsigned long long)regions[i].gpa);
	if (memcmp(ksu_gpa_hva(vm, GAP_GPA), ksu_shadow(vm, GAP_GPA, GAP_LEN),
		   GAP_LEN))
		note(t, &t->enc_fail, "iteration %d: unrecorded memory at %#x changed",
		     iter, GAP_GPA);

	for (i = 0; i < vm->nr_vcpus; i++) {
		ret = ksu_vcpu_vmsa(vm, i, vmsa[i], &error);
		if (ret) {
			note(t, &t->setup_fail, "iteration %d: VCPU_GET_VMSA vCPU %u: %s",
			     iter, vm->vcpu_id[i], strerror(-ret));
			goto out;
		}
	}
	for (i = 0; i < NR_VCPUS; i++) {
		k = ksu_vcpu_index(vm, vcpu_ids[i]);
		if (full_page(i)) {
			if (memcmp(vmsa[k], pages[i], 4096))
				note(t, &t->page_fail, "iteration %d: vCPU %u: measured VMSA is not the page given",
				     iter, vcpu_ids[i]);
		} else if (check_synced(vmsa[k], vcpu_ids[i], why,
					sizeof(why))) {
			note(t, &t->synced_fail, "iteration %d: %s", iter, why);
		}
	}

	ret = ksu_get_log(vm, &log, &n, &flags, ld, &error);
	if (ret) {
		note(t, &t->setup_fail, "iteration %d: GET_LOG: %s (error %#x)",
		     iter, strerror(-ret), error);
		goto out;
	}
	if (!(flags & KVM_SEV_LAUNCH_F_CANONICAL))
		note(t, &t->flags_fail, "iteration %d: log flags %#x", iter,
		     flags);
	if (check_log_order(log, n, why, sizeof(why)))
		note(t, &t->log_fail, "iteration %d: %s", iter, why);
	else if (ksu_log_replay(vm, log, n, vmsa, from_log, why, sizeof(why)))
		note(t, &t->log_fail, "iteration %d: %s", iter, why);
	else if (memcmp(from_log, ld, 32))
		note(t, &t->log_fail, "iteration %d: SHA-256 over the logged bytes is not the launch digest",
		     iter);

	expected_digest(vm, vmsa, expect);
	if (memcmp(expect, ld, 32)) {
		char a[65], b[65];

		ksu_hex(a, ld, 32);
		ksu_hex(b, expect, 32);
		note(t, &t->expect_fail, "iteration %d: digest %s, expected %s",
		     iter, a, b);
	}

	/* The owner tool's prediction from the items in call order. */
	sc_launch_init(&desc);
	desc.api_major = o->api_major;
	desc.api_minor = o->api_minor;
	desc.build = o->build;
	desc.policy = POLICY;
	for (i = 0; i < NR_OPS; i++) {
		int op = r.order[i];

		if (op < NR_REGIONS)
			sc_launch_add(&desc, SC_ITEM_DATA, regions[op].gpa, 0,
				      ksu_shadow(vm, regions[op].gpa,
						 regions[op].len),
				      regions[op].len, "data");
		else
			sc_launch_add(&desc, SC_ITEM_VMSA, 0,
				      vcpu_ids[op - NR_REGIONS],
				      vmsa[ksu_vcpu_index(vm,
					vcpu_ids[op - NR_REGIONS])],
				      4096, "vmsa");
	}
	if (desc.n != NR_OPS || sc_launch_digest(&desc, true, tool) ||
	    memcmp(tool, ld, 32))
		note(t, &t->tool_fail, "iteration %d: owner tool's canonical digest differs (%s)",
		     iter, desc.n != NR_OPS ? sc_errmsg() : "mismatch");
	sc_launch_free(&desc);

	if (!ksu_owner_verify(o, POLICY, expect, blob))
		note(t, &t->verify_fail, "iteration %d: measurement does not verify with TIK",
		     iter);
	memcpy(forged, expect, 32);
	forged[iter % 32] ^= 1;
	if (ksu_owner_verify(o, POLICY, forged, blob))
		note(t, &t->forged_ok, "iteration %d: a different digest verifies too",
		     iter);

	if (ksu_status(vm, &st, &error) || st.state != SEV_LAUNCH_GSTATE_LSECRET ||
	    st.policy != POLICY || st.handle != handle)
		note(t, &t->status_fail, "iteration %d: status after MEASURE: state %u policy %#x handle %u",
		     iter, st.state, st.policy, st.handle);
	ret = ksu_finish(vm, &error);
	if (ret || ksu_status(vm, &st, &error) ||
	    st.state != SEV_LAUNCH_GSTATE_RUNNING)
		note(t, &t->status_fail, "iteration %d: FINISH %d, then state %u",
		     iter, ret, st.state);
	ret = 0;
out:
	free(log);
	ksu_vm_destroy(vm);
	if (ksu_pinned_pages() != pins0 || pins0 < 0)
		note(t, &t->pin_fail, "iteration %d: pinned pages %ld -> %ld",
		     iter, pins0, ksu_pinned_pages());
	return ret;
}

int main(void)
{
	struct sc_vmsa_desc d;
	struct kvm_sev_caps caps;
	struct totals t = { 0 };
	struct ksu_owner o;
	struct ksu_vm vm;
	uint8_t ld[ITERS + 1][32], expect[ITERS + 1][32];
	uint64_t seed = (uint64_t)time(NULL) * 2654435761u ^ getpid();
	uint32_t error;
	int i, ok_runs = 0, ret;
	size_t s;

	tap_plan(18);
	tap_diag("seed %#llx", (unsigned long long)seed);
	ksu_srand(seed);

	ret = ksu_vm_create(&vm, KSU_INIT2_ES, 0);
	if (ret) {
		errno = -ret;
		tap_diag("failed at %s", ksu_fail_step);
		tap_bail("SEV-ES VM (KVM_X86_SEV_ES_VM + KVM_SEV_INIT2)");
	}
	ret = ksu_caps(&vm, &caps, &error);
	tap_ok(!ret && (caps.launch_flags & KVM_SEV_LAUNCH_F_CANONICAL) &&
	       (caps.policy_bits & SEV_POLICY_ES),
	       "GET_CAPS: canonical launches and SEV-ES supported (flags %#x policy bits %#x features %#llx, API %u.%u build %u)",
	       caps.launch_flags, caps.policy_bits,
	       (unsigned long long)caps.vmsa_features, caps.api_major,
	       caps.api_minor, caps.build);
	ret = ksu_owner_platform(&o, vm.sev_fd);
	tap_ok(!ret && o.api_major == caps.api_major &&
	       o.api_minor == caps.api_minor && o.build == caps.build,
	       "owner: PDH and chain exported from /dev/sev, verified against the emulator's ARK/ASK; API %u.%u build %u matches GET_CAPS",
	       o.api_major, o.api_minor, o.build);
	ksu_vm_destroy(&vm);
	if (ret) {
		errno = -ret;
		tap_bail("owner platform");
	}

	for (s = 0; s < ARRAY_SIZE(slots); s++) {
		template[s] = malloc(slots[s].len);
		if (!template[s])
			tap_bail("malloc");
		ksu_fill(template[s], slots[s].len);
	}
	for (i = 0; i < NR_VCPUS; i++) {
		sc_vmsa_desc_default(&d);
		d.reset_eip = i ? 0x80b004u + 0x100u * i : 0xfffffff0u;
		d.bsp = !i;
		sc_vmsa_build(&d, pages[i]);
		/* Make every page unique beyond the reset vector. */
		sc_put_le64(pages[i] + 0x318, 0xbeef0000 + vcpu_ids[i]);
	}

	for (i = 0; i <= ITERS; i++) {
		if (i == ITERS)		/* one byte of guest data changed */
			template[0][0x80040 + 0x123] ^= 0x40;
		if (!one_launch(&o, &t, i, ld[i], expect[i]) && i < ITERS)
			ok_runs++;
		if (i && i < ITERS && memcmp(ld[i], ld[0], 32))
			note(&t, &t.same_fail, "iteration %d: digest differs from iteration 0",
			     i);
	}

	tap_ok(ok_runs == ITERS && !t.setup_fail,
	       "%d of %d launches: 8 vCPUs from 8 threads, %d data ranges + 8 VMSAs issued in random order from %d threads, measured",
	       ok_runs, ITERS, NR_REGIONS, NR_WORKERS);
	tap_ok(ok_runs && !t.plain_fail,
	       "canonical LAUNCH_UPDATE_DATA only records: guest memory untouched until LAUNCH_MEASURE");
	tap_ok(ok_runs && !t.enc_fail,
	       "LAUNCH_MEASURE's replay encrypted exactly the recorded ranges");
	tap_ok(ok_runs && !t.probe_fail,
	       "LAUNCH_MEASURE length probe reports %d bytes",
	       SEV_LAUNCH_MEASURE_SIZE);
	{
		char h[65];

		ksu_hex(h, ld[0], 32);
		tap_ok(ok_runs == ITERS && !t.same_fail,
		       "launch digest identical over %d shuffled launches: %s",
		       ITERS, h);
	}
	tap_ok(ok_runs && !t.expect_fail,
	       "digest = SHA-256(data sorted by GPA || VMSAs sorted by vCPU id), computed in userspace");
	tap_ok(ok_runs && !t.log_fail,
	       "launch log in canonical order, every entry's SHA-256 matches its bytes, log bytes hash to the digest");
	tap_ok(ok_runs && !t.flags_fail, "GET_LOG reports KVM_SEV_LAUNCH_F_CANONICAL");
	tap_ok(ok_runs && !t.synced_fail,
	       "synced VMSAs carry each vCPU's registers, sev_features 0 and the FPU_SYNC reset FPU state");
	tap_ok(ok_runs && !t.page_fail,
	       "full-page VMSAs measured byte for byte (VCPU_GET_VMSA returns the page given)");
	tap_ok(ok_runs && !t.tool_fail,
	       "owner tool (libsevctl) predicts the same digest from the call-order description");
	tap_ok(ok_runs && !t.verify_fail,
	       "firmware measurement verifies with the owner's TIK in every launch");
	tap_ok(ok_runs && !t.forged_ok,
	       "a measurement does not verify against a different digest");
	tap_ok(ok_runs && !t.status_fail,
	       "GUEST_STATUS: LSECRET after LAUNCH_MEASURE, RUNNING after LAUNCH_FINISH");
	tap_ok(!memcmp(expect[ITERS], ld[ITERS], 32) &&
	       memcmp(ld[ITERS], ld[0], 32),
	       "one guest byte changed: a different digest, again the expected one");
	tap_ok(!t.pin_fail, "pinned pages back to their starting value after every VM");
	return tap_exit();
}
