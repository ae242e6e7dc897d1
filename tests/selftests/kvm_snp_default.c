// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: SEV-SNP launches through KVM in default mode (upstream 6.12's
 * own SNP code in kvm_amd, on sev-launch's software firmware).
 *
 *  - SNP VMs with 1, 4 and 16 vCPUs created from several threads in a
 *    shuffled order, pages of every type (NORMAL, ZERO, UNMEASURED,
 *    SECRETS, CPUID) at scattered GPAs in two guest_memfd slots, updated
 *    in a shuffled order.  The launch digest the firmware reached must
 *    equal the call-order SHA-384 PAGE_INFO chain the owner tool's library
 *    (tools/sevctl/lib, sc_snp_digest()) computes from the same pages and
 *    the vCPUs' VMSAs (read back before the launch with
 *    KVM_SEV_VCPU_GET_VMSA): SNP_LAUNCH_FINISH is given an ID block
 *    (sevctl's sc_idblock_build()/sc_idauth_build()) carrying that
 *    prediction, which the firmware checks against its own digest.  The
 *    same launch with one bit of the predicted digest flipped is refused
 *    (-EIO, BAD_MEASUREMENT).
 *  - Upstream's answers to hostile SNP_LAUNCH_UPDATEs: gfns outside every
 *    memslot or wrapping, a range running past its memslot (truncated at
 *    the slot's end, as kvm_gmem_populate() does), shared pages, a slot
 *    without guest_memfd, a page updated twice, types and flags the VMM
 *    may not use, commands before SNP_LAUNCH_START, a second START,
 *    SEV-only commands on an SNP VM.
 *  - SNP_LAUNCH_FINISH while vCPUs are being created: -EBUSY, nothing
 *    measured, and a later FINISH includes every vCPU.
 *  - A VM destroyed in the middle of its launch leaves no SNP guest in
 *    the firmware and no page leaked (sev-psp/snp_leaked_pages).
 *  - KVM_RUN of an SNP vCPU: -EOPNOTSUPP (the firmware cannot run it).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "tap.h"
#include "swfw_state.h"
#include "kvm_sev_util.h"
#include "ksu_snp.h"
#include "sevctl.h"

#define PAGE		KSU_SNP_PAGE
#define SLOT1_GPA	KSU_SNP_SLOT1_GPA
#define SLOT1_SIZE	KSU_SNP_SLOT1_SIZE
#define SLOT2_GPA	KSU_SNP_SLOT2_GPA
/* The shared plan without its last NORMAL page (kvm_snp_canonical's). */
#define NPLAN		(KSU_SNP_NPLAN - 1)

/*
 * The VMSA KVM syncs for a fresh vCPU of an SNP VM: the one it syncs for
 * a fresh vCPU of an SEV-ES KVM_SEV_INIT2 VM (same register state, same FPU
 * choice), read back through sev-launch's record of that VM's default-mode
 * LAUNCH_UPDATE_VMSA, with SNP_ACTIVE in sev_features (offset 0x3b0).
 */
static int template_vmsa(uint8_t vmsa[PAGE])
{
	static const uint32_t ids[] = { 0 };
	struct ksu_vm es;
	uint32_t err, handle = 0;
	int ret;

	ret = ksu_vm_create(&es, KSU_INIT2_ES, 0);
	if (ret)
		return ret;
	ret = ksu_vcpus_create(&es, ids, 1);
	if (!ret)
		ret = ksu_start(&es, 0x5, NULL, NULL, &handle, &err);
	if (!ret)
		ret = ksu_update_vmsa_all(&es, &err);
	if (!ret)
		ret = ksu_vcpu_vmsa(&es, 0, vmsa, &err);
	ksu_vm_destroy(&es);
	if (!ret)
		vmsa[0x3b0] |= 1;	/* SVM_SEV_FEAT_SNP_ACTIVE */
	return ret;
}

/*
 * The whole launch: vCPUs, START, the plan in a shuffled order (recorded
 * in @l as the firmware will measure it), the VMSAs read back.  @seed
 * fixes the page contents so that two VMs launch the same guest.
 */
static int launch_to_finish(struct ksu_snp_vm *vm, int nvcpus,
			    uint64_t seed, struct sc_snp_launch *l,
			    bool *pages_equal)
{
	static uint8_t pages[NPLAN][2 * PAGE];
	uint32_t ids[KSU_SNP_MAX_VCPUS], order[NPLAN], err;
	uint8_t vmsa[PAGE], want[48], got[48];
	int i, ret;
	uint32_t k, p;

	for (i = 0; i < nvcpus; i++)
		ids[i] = i * 3 + 1;	/* sparse ids */
	ksu_snp_seed(seed);
	ksu_snp_shuffle(ids, nvcpus);
	ret = ksu_snp_vcpus_create(vm, ids, nvcpus, nvcpus > 1 ? 4 : 1);
	if (ret)
		return ret;
	ret = ksu_snp_start(vm, KSU_SNP_POLICY, &err);
	if (ret)
		return ret;
	for (i = 0; i < (int)NPLAN; i++) {
		order[i] = i;
		for (k = 0; k < sizeof(pages[i]); k++)
			pages[i][k] = ksu_snp_rnd();
		if (ksu_snp_plan[i].type == KSU_SNP_PAGE_CPUID)
			memset(pages[i], 0, sizeof(pages[i]));	/* no leaves */
	}
	ksu_snp_shuffle(order, NPLAN);
	for (i = 0; i < (int)NPLAN; i++) {
		const struct ksu_snp_upd *u = &ksu_snp_plan[order[i]];
		const uint8_t *src = pages[order[i]];

		ret = ksu_snp_update_at(vm, u->gfn,
					u->type == KSU_SNP_PAGE_ZERO ? NULL : src,
					u->npages * PAGE, u->type, &err, NULL);
		if (ret) {
			tap_diag("update gfn %#llx type %u: %d error %#x",
				 (unsigned long long)u->gfn, u->type, ret, err);
			return ret;
		}
		for (p = 0; p < u->npages; p++)
			if (sc_snp_add(l, u->type, (u->gfn + p) << 12, 0,
				       src + p * PAGE, "plan"))
				return -ENOMEM;
	}
	if (sc_snp_digest(l, false, want) ||
	    ksu_snp_fw_digest(" state launch ", got))
		return -EPROTO;
	*pages_equal = !memcmp(want, got, sizeof(want));
	/* SNP_LAUNCH_FINISH measures the VMSAs in KVM's vCPU order. */
	ret = template_vmsa(vmsa);
	if (ret)
		return ret;
	for (i = 0; i < vm->nvcpus; i++)
		if (sc_snp_add(l, SC_SNP_PAGE_VMSA, SC_SNP_VMSA_GPA,
			       vm->vcpu_id[i], vmsa, "vmsa"))
			return -ENOMEM;
	return 0;
}

/* The guest author's ID key, made once. */
static struct {
	EVP_PKEY *key;
} id;

/* FINISH with an ID block carrying @ld (one bit flipped if @wrong). */
static int finish_idblock(struct ksu_snp_vm *vm, const uint8_t ld[48],
			  bool wrong, uint32_t *err)
{
	uint8_t in[48];

	memcpy(in, ld, 48);
	if (wrong)
		in[17] ^= 0x10;
	return ksu_snp_finish_id(vm, id.key, in, 0xf1, 0x1d, err);
}

static void test_launch(int nvcpus, bool wrong)
{
	struct sc_snp_launch l;
	struct ksu_snp_vm vm;
	uint8_t ld[48];
	uint32_t err = 0;
	bool pages_equal = false;
	long g0 = ksu_snp_guests(), r0 = ksu_snp_rmp_assigned();
	int ret;

	sc_snp_init(&l);
	ret = ksu_snp_vm_setup(&vm, true);
	if (!ret)
		ret = launch_to_finish(&vm, nvcpus, 0x5eed0000 + nvcpus, &l,
				       &pages_equal);
	if (!ret)
		ret = sc_snp_digest(&l, false, ld) ? -EPROTO : 0;
	if (ret) {
		tap_ok(0, "%d vCPUs: launch up to FINISH: %d", nvcpus, ret);
		goto out;
	}
	if (!wrong)
		tap_ok(pages_equal,
		       "%d vCPUs: after %zu page records the firmware's digest (snp/guests) equals sevctl's call-order PAGE_INFO chain",
		       nvcpus, l.n - vm.nvcpus);
	ret = finish_idblock(&vm, ld, wrong, &err);
	if (!wrong) {
		tap_ok(!ret, "%d vCPUs, %zu PAGE_INFO records: FINISH accepts the ID block with sevctl's call-order digest %02x%02x%02x%02x... (ret %d, error %#x)",
		       nvcpus, l.n, ld[0], ld[1], ld[2], ld[3], ret, err);
	} else {
		tap_ok(ret == -EIO && err == SEV_RET_BAD_MEASUREMENT,
		       "%d vCPUs: an ID block one bit off that digest is refused: -EIO, BAD_MEASUREMENT (ret %d, error %#x)",
		       nvcpus, ret, err);
	}
	if (!wrong && nvcpus == 1) {
		ret = ioctl(vm.vcpu_fd[0], KVM_RUN, 0) ? -errno : 0;
		tap_ok(ret == -EOPNOTSUPP,
		       "KVM_RUN of a launched SNP vCPU: -EOPNOTSUPP (ret %d)",
		       ret);
	}
out:
	ksu_snp_vm_destroy(&vm);
	sc_snp_free(&l);
	tap_ok(ksu_snp_guests() == g0 && ksu_snp_leaked() == 0 &&
	       ksu_snp_rmp_assigned() == r0,
	       "%d vCPUs: after destroy %ld SNP guests (before %ld), %ld RMP pages assigned (before %ld), %ld leaked",
	       nvcpus, ksu_snp_guests(), g0, ksu_snp_rmp_assigned(), r0, ksu_snp_leaked());
}

/* Upstream's answers to hostile updates, on one launched-to-UPDATE VM. */
static void test_refusals(void)
{
	static uint8_t buf[16 * PAGE];
	struct ksu_snp_launch_update out;
	struct ksu_snp_vm vm;
	uint32_t err, ids[1] = { 0 };
	long g0 = ksu_snp_guests();
	long r0, rbase = ksu_snp_rmp_assigned();
	int ret;

	if (ksu_snp_vm_setup(&vm, true) ||
	    ksu_snp_vcpus_create(&vm, ids, 1, 1)) {
		tap_ok(0, "refusals: VM setup");
		return;
	}
	memset(buf, 0x5a, sizeof(buf));

	ret = ksu_snp_update_at(&vm, 0x10, buf, PAGE, KSU_SNP_PAGE_NORMAL, &err,
				NULL);
	tap_ok(ret == -EINVAL, "UPDATE before SNP_LAUNCH_START: -EINVAL (ret %d)",
	       ret);
	ret = ksu_snp_finish(&vm, &(struct ksu_snp_launch_finish){ 0 }, &err);
	tap_ok(ret == -EINVAL, "FINISH before SNP_LAUNCH_START: -EINVAL (ret %d)",
	       ret);
	ret = ksu_snp_op(&vm, KVM_SEV_LAUNCH_START,
			 &(struct kvm_sev_launch_start){ 0 }, &err);
	tap_ok(ret == -EPERM, "SEV LAUNCH_START on an SNP VM: -EPERM (ret %d)",
	       ret);
	ret = ksu_snp_start(&vm, KSU_SNP_POLICY, &err);
	tap_ok(!ret, "SNP_LAUNCH_START (ret %d, error %#x)", ret, err);
	ret = ksu_snp_start(&vm, KSU_SNP_POLICY, &err);
	tap_ok(ret == -EINVAL, "a second SNP_LAUNCH_START: -EINVAL (ret %d)",
	       ret);

	r0 = ksu_snp_rmp_assigned();
	ret = ksu_snp_update_at(&vm, 0x50000, buf, PAGE, KSU_SNP_PAGE_NORMAL,
				&err, NULL);
	tap_ok(ret == -EINVAL, "gfn outside every memslot: -EINVAL (ret %d)",
	       ret);
	ret = ksu_snp_update_at(&vm, ~0ull >> 12, buf, PAGE,
				KSU_SNP_PAGE_NORMAL, &err, NULL);
	tap_ok(ret == -EINVAL, "highest gfn (wraps): -EINVAL (ret %d)", ret);
	ret = ksu_snp_update_at(&vm, SLOT2_GPA >> 12, buf, PAGE,
				KSU_SNP_PAGE_NORMAL, &err, NULL);
	tap_ok(ret == -EINVAL, "slot without guest_memfd: -EINVAL (ret %d)",
	       ret);
	ret = ksu_snp_set_private(&vm, 0x100 << 12, 2 * PAGE, false);
	ret = ret ? ret : ksu_snp_update_at(&vm, 0x100, buf, 2 * PAGE,
					    KSU_SNP_PAGE_NORMAL, &err, NULL);
	tap_ok(ret == -EIO && err == 0,
	       "shared (not private) pages: -EIO, error 0 (ret %d, error %#x)",
	       ret, err);
	ret = ksu_snp_update_at(&vm, 0x10, buf, PAGE + 1, KSU_SNP_PAGE_NORMAL,
				&err, NULL);
	tap_ok(ret == -EINVAL, "unaligned length: -EINVAL (ret %d)", ret);
	ret = ksu_snp_update_at(&vm, 0x10, buf, PAGE, KSU_SNP_PAGE_VMSA, &err,
				NULL);
	tap_ok(ret == -EINVAL, "page type VMSA: -EINVAL (ret %d)", ret);
	ret = ksu_snp_update_at(&vm, 0x10, buf, PAGE, 0, &err, NULL);
	tap_ok(ret == -EINVAL, "page type 0: -EINVAL (ret %d)", ret);
	ret = ksu_snp_update_at(&vm, 0x10, buf, PAGE, 7, &err, NULL);
	tap_ok(ret == -EINVAL, "page type 7: -EINVAL (ret %d)", ret);
	{
		struct ksu_snp_launch_update u = {
			.gfn_start = 0x10, .uaddr = (uintptr_t)buf,
			.len = PAGE, .type = KSU_SNP_PAGE_NORMAL, .flags = 1,
		};

		ret = ksu_snp_update(&vm, &u, &err);
		tap_ok(ret == -EINVAL, "flags 1: -EINVAL (ret %d)", ret);
	}
	tap_ok(r0 >= 0 && ksu_snp_rmp_assigned() == r0 && ksu_snp_leaked() == 0,
	       "after those refusals the emulated RMP assigns %ld pages (before %ld), %ld leaked",
	       ksu_snp_rmp_assigned(), r0, ksu_snp_leaked());

	ret = ksu_snp_update_at(&vm, 0x10, buf, PAGE, KSU_SNP_PAGE_NORMAL, &err,
				NULL);
	tap_ok(!ret, "one NORMAL page (ret %d, error %#x)", ret, err);
	r0 = ksu_snp_rmp_assigned();
	ret = ksu_snp_update_at(&vm, 0x10, buf, PAGE, KSU_SNP_PAGE_NORMAL, &err,
				NULL);
	tap_ok(ret == -EIO && ksu_snp_rmp_assigned() == r0,
	       "the same page again: -EIO, RMP unchanged (ret %d, error %#x)",
	       ret, err);
	ret = ksu_snp_update_at(&vm, 0xf, buf, 2 * PAGE, KSU_SNP_PAGE_NORMAL,
				&err, &out);
	tap_ok(ret == 0 && out.gfn_start == 0x10 && out.len == PAGE,
	       "a range overlapping it: the page before is measured, the rest is left (ret %d, gfn %#llx, len %#llx)",
	       ret, (unsigned long long)out.gfn_start,
	       (unsigned long long)out.len);
	/* A length that runs far past the slot: cut at the slot's end. */
	ret = ksu_snp_update_at(&vm, (SLOT1_GPA >> 12) + 12, buf, -PAGE,
				KSU_SNP_PAGE_NORMAL, &err, &out);
	tap_ok(ret == 0 && out.gfn_start == (SLOT1_GPA + SLOT1_SIZE) >> 12 &&
	       out.len == -PAGE - 4 * PAGE,
	       "length 2^64 - 4096 from 4 pages before a slot's end: 4 pages measured, the rest left (ret %d, gfn %#llx, len %#llx)",
	       ret, (unsigned long long)out.gfn_start,
	       (unsigned long long)out.len);
	ret = ksu_snp_update_at(&vm, out.gfn_start, buf, PAGE,
				KSU_SNP_PAGE_NORMAL, &err, NULL);
	tap_ok(ret == -EINVAL, "the rest (past the slot): -EINVAL (ret %d)",
	       ret);

	/* Destroyed in the middle of the launch. */
	ksu_snp_vm_destroy(&vm);
	tap_ok(ksu_snp_guests() == g0 && ksu_snp_leaked() == 0 &&
	       ksu_snp_rmp_assigned() == rbase,
	       "destroyed mid-launch: %ld SNP guests (before %ld), %ld RMP pages assigned (before %ld), %ld leaked",
	       ksu_snp_guests(), g0, ksu_snp_rmp_assigned(), rbase, ksu_snp_leaked());
}

struct racer {
	struct ksu_snp_vm *vm;
	pthread_mutex_t lock;
	int stop;
	int created;
	uint32_t next_id;
};

/* Create vCPUs until told to stop (at most 24 in all). */
static void *racer_fn(void *arg)
{
	struct racer *r = arg;
	uint32_t id;
	int fd;

	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&r->lock);
		id = r->next_id++;
		pthread_mutex_unlock(&r->lock);
		if (id >= 100 + 24)
			break;
		fd = ioctl(r->vm->vm_fd, KVM_CREATE_VCPU, id);
		if (fd < 0)
			break;
		pthread_mutex_lock(&r->lock);
		r->vm->vcpu_fd[r->vm->nvcpus] = fd;
		r->vm->vcpu_id[r->vm->nvcpus] = id;
		r->vm->nvcpus++;
		__atomic_add_fetch(&r->created, 1, __ATOMIC_RELEASE);
		pthread_mutex_unlock(&r->lock);
	}
	return NULL;
}

/* FINISH while other threads create vCPUs. */
static void test_finish_race(void)
{
	int attempts, busy = 0, ok = 0, ret, t;
	uint32_t err, ids[1] = { 0 };

	for (attempts = 0; attempts < 40 && !busy; attempts++) {
		struct ksu_snp_launch_finish f = { 0 };
		struct ksu_snp_vm vm;
		struct racer r = { .vm = &vm, .next_id = 100 };
		pthread_t th[3];

		if (ksu_snp_vm_setup(&vm, true) ||
		    ksu_snp_vcpus_create(&vm, ids, 1, 1) ||
		    ksu_snp_start(&vm, KSU_SNP_POLICY, &err)) {
			tap_ok(0, "FINISH race: setup");
			return;
		}
		pthread_mutex_init(&r.lock, NULL);
		for (t = 0; t < 3; t++)
			pthread_create(&th[t], NULL, racer_fn, &r);
		while (!__atomic_load_n(&r.created, __ATOMIC_ACQUIRE))
			sched_yield();
		ret = ksu_snp_finish(&vm, &f, &err);
		__atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
		for (t = 0; t < 3; t++)
			pthread_join(th[t], NULL);
		pthread_mutex_destroy(&r.lock);
		if (ret == -EBUSY) {
			busy++;
			/* Nothing was measured: a FINISH now takes them all. */
			ret = ksu_snp_finish(&vm, &f, &err);
			ok = !ret;
			tap_diag("attempt %d: -EBUSY with %d vCPUs created meanwhile; FINISH afterwards: %d",
				 attempts, r.created, ret);
		}
		ksu_snp_vm_destroy(&vm);
	}
	tap_ok(busy && ok,
	       "FINISH during vCPU creation: -EBUSY seen in %d attempt(s), a later FINISH succeeds",
	       attempts);
}

struct setter {
	int fd;
	int done;
	uint64_t last_ok;
};

/* KVM_SET_REGS with rip 1, 2, 3... until it fails or FINISH returned. */
static void *setter_fn(void *arg)
{
	struct setter *st = arg;
	struct kvm_regs r;
	uint64_t k;

	if (ioctl(st->fd, KVM_GET_REGS, &r))
		return NULL;
	for (k = 1; !__atomic_load_n(&st->done, __ATOMIC_ACQUIRE); k++) {
		r.rip = k;
		if (ioctl(st->fd, KVM_SET_REGS, &r))
			break;
		__atomic_store_n(&st->last_ok, k, __ATOMIC_RELEASE);
	}
	return NULL;
}

/*
 * CVE-2026-31591: FINISH syncs and measures every VMSA holding every
 * vCPU's mutex.  A vCPU ioctl racing it either lands before the sync (and
 * is measured) or fails afterwards (guest state protected): the last
 * KVM_SET_REGS that succeeded is the state the firmware measured.
 */
static void test_finish_vcpu_ioctl(void)
{
	struct ksu_snp_launch_finish f = { 0 };
	struct sc_snp_launch l;
	struct ksu_snp_vm vm;
	struct setter st = { 0 };
	uint8_t vmsa[PAGE], want[48], got[48];
	uint32_t err, ids[1] = { 0 };
	uint64_t rip, measured = 0;
	pthread_t th;
	int ret;

	if (ksu_snp_vm_setup(&vm, true) ||
	    ksu_snp_vcpus_create(&vm, ids, 1, 1) ||
	    ksu_snp_start(&vm, KSU_SNP_POLICY, &err) || template_vmsa(vmsa)) {
		tap_ok(0, "FINISH vs KVM_SET_REGS: setup");
		ksu_snp_vm_destroy(&vm);
		return;
	}
	st.fd = vm.vcpu_fd[0];
	pthread_create(&th, NULL, setter_fn, &st);
	while (__atomic_load_n(&st.last_ok, __ATOMIC_ACQUIRE) < 200)
		sched_yield();
	ret = ksu_snp_finish(&vm, &f, &err);
	__atomic_store_n(&st.done, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	if (!ret)
		ret = ksu_snp_fw_digest(" state running ", got);
	/* Which rip did the firmware measure? (the VMSA's rip is at 0x178) */
	for (rip = st.last_ok + 1; !ret && rip + 5000 > st.last_ok && rip;
	     rip--) {
		memcpy(vmsa + 0x178, &rip, sizeof(rip));
		sc_snp_init(&l);
		sc_snp_add(&l, SC_SNP_PAGE_VMSA, SC_SNP_VMSA_GPA, 0, vmsa, "v");
		sc_snp_digest(&l, false, want);
		sc_snp_free(&l);
		if (!memcmp(want, got, sizeof(want))) {
			measured = rip;
			break;
		}
	}
	tap_ok(!ret && measured && measured == st.last_ok,
	       "FINISH racing KVM_SET_REGS: the firmware measured rip %llu, the last KVM_SET_REGS that succeeded set %llu (ret %d)",
	       (unsigned long long)measured, (unsigned long long)st.last_ok,
	       ret);
	ksu_snp_vm_destroy(&vm);
}

int main(void)
{
	int ret = ksu_snp_supported();

	tap_plan(35);
	if (ret) {
		errno = -ret;
		tap_bail("KVM offers no KVM_X86_SNP_VM");
	}
	id.key = EVP_EC_gen("P-384");
	if (!id.key)
		tap_bail("P-384 key");
	test_launch(1, false);
	test_launch(4, false);
	test_launch(16, false);
	test_launch(4, true);
	test_refusals();
	test_finish_race();
	test_finish_vcpu_ioctl();
	EVP_PKEY_free(id.key);
	return tap_exit();
}
