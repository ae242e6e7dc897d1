// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: where sev-launch's SEV-SNP additions meet upstream 6.12's own
 * SNP launch (default mode) on the software firmware in the test guest.
 *
 *  - A VMSA supplied on a vCPU fd after upstream's SNP_LAUNCH_FINISH
 *    succeeded must be refused, also for a vCPU created after FINISH: it
 *    would never be measured.  The same
 *    while FINISH runs (a thread supplying it at staggered moments): a
 *    VMSA the kernel accepted must be the one the launch log says was
 *    measured for that vCPU.
 *  - KVM_SEV_SNP_LAUNCH_GET_LOG of a default-mode launch (upstream's
 *    code reporting each SNP_LAUNCH_UPDATE): one entry per page in call
 *    order with its type, GPA and, for NORMAL pages, the SHA-384 of the
 *    VMM's source page computed here with OpenSSL (zero for the others);
 *    then one VMSA entry per vCPU in creation order; the PAGE_INFO chain
 *    over the entries equals the log's digest and the firmware's launch
 *    digest (snp/guests, emulator only).
 *  - A CPUID page the firmware rejects: default mode fails the update
 *    (-EIO, INVALID_PARAM) and writes the firmware's corrected page back
 *    to the VMM's source; canonical mode accepts the update, leaves the
 *    source alone, then fails FINISH the same way and writes back the
 *    same corrected page to the same source buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/sha.h>

#include "tap.h"
#include "swfw_state.h"
#include "kvm_sev_util.h"
#include "ksu_snp.h"

#define PAGE		KSU_SNP_PAGE
#define RACE_ROUNDS	4
#define CPUID_GFN	0x1fe

static long leaked0;

/* No SNP guest, nothing assigned or leaked beyond what was there. */
static bool clean(long g0, long r0)
{
	return ksu_snp_guests() == g0 && ksu_snp_rmp_assigned() == r0 &&
	       ksu_snp_leaked() == leaked0;
}

/* A default-mode SNP VM with the vCPUs @ids (in that order), started. */
static int default_vm(struct ksu_snp_vm *vm, const uint32_t *ids, int n,
		      uint32_t *err)
{
	int ret = ksu_snp_vm_setup(vm, false);

	if (!ret)
		ret = ksu_snp_vcpus_create(vm, ids, n, 1);
	if (!ret)
		ret = ksu_snp_start(vm, KSU_SNP_POLICY, err);
	return ret;
}

static int finish(struct ksu_snp_vm *vm, uint32_t *err)
{
	struct ksu_snp_launch_finish f = { 0 };

	*err = 0;
	return ksu_snp_finish(vm, &f, err);
}

/* vCPU 0's VMSA as it stands, its rip changed by @tweak. */
static int vmsa_tweaked(struct ksu_snp_vm *vm, uint8_t *page, uint64_t tweak)
{
	uint64_t rip;
	int ret = ksu_snp_get_vmsa(vm, 0, page);

	if (ret)
		return ret;
	memcpy(&rip, page + KSU_SNP_VMSA_RIP, 8);
	rip ^= tweak;
	memcpy(page + KSU_SNP_VMSA_RIP, &rip, 8);
	return 0;
}

/* A vCPU created after FINISH was never measured: no VMSA for it. */
static void late_vcpu(struct ksu_snp_vm *vm, const uint8_t *vmsa)
{
	static const uint32_t ids[] = { 7 };
	uint32_t err = 0;
	int ret;

	ret = ksu_snp_vcpus_create(vm, ids, 1, 1);
	if (ret) {
		tap_ok(1, "a vCPU created after FINISH # SKIP KVM refuses it (%d)",
		       ret);
		return;
	}
	ret = ksu_snp_give_vmsa(vm, vm->nvcpus - 1, vmsa, &err);
	tap_ok(ret != 0,
	       "a VMSA supplied after upstream's FINISH for a vCPU created after it is refused (ret %d, error %#x)",
	       ret, err);
}

/* 1: a VMSA supplied after upstream's FINISH. */
static void test_vmsa_after_finish(void)
{
	static const uint32_t ids[] = { 0 };
	static uint8_t src[PAGE], vmsa[PAGE];
	long g0 = ksu_snp_guests(), r0 = ksu_snp_rmp_assigned();
	struct ksu_snp_vm vm;
	uint32_t err = 0;
	int ret;

	memset(src, 0x6b, sizeof(src));
	ret = default_vm(&vm, ids, 1, &err);
	if (!ret)
		ret = ksu_snp_update_at(&vm, 0x10, src, PAGE,
					KSU_SNP_PAGE_NORMAL, &err, NULL);
	if (!ret)
		ret = vmsa_tweaked(&vm, vmsa, 0x1000);
	if (!ret)
		ret = finish(&vm, &err);
	if (ret) {
		tap_ok(0, "VMSA after FINISH: set-up and upstream's FINISH: %d (error %#x)",
		       ret, err);
		tap_ok(0, "VMSA after FINISH: late vCPU (not run)");
	} else {
		err = 0;
		ret = ksu_snp_give_vmsa(&vm, 0, vmsa, &err);
		tap_ok(ret != 0,
		       "a VMSA supplied after upstream's SNP_LAUNCH_FINISH is refused (ret %d, error %#x)",
		       ret, err);
		late_vcpu(&vm, vmsa);
	}
	ksu_snp_vm_destroy(&vm);
	tap_ok(clean(g0, r0),
	       "VMSA after FINISH: after destroy nothing assigned or leaked");
}

struct giver {
	struct ksu_snp_vm *vm;
	const uint8_t *vmsa;
	int go, done, delay_us;
	int ret;
	uint32_t err;
};

/* Supply the VMSA once FINISH is on its way, until it is accepted. */
static void *giver_fn(void *arg)
{
	struct giver *g = arg;
	int last;

	while (!__atomic_load_n(&g->go, __ATOMIC_ACQUIRE))
		;
	if (g->delay_us)
		usleep(g->delay_us);
	do {
		last = __atomic_load_n(&g->done, __ATOMIC_ACQUIRE);
		g->ret = ksu_snp_give_vmsa(g->vm, 0, g->vmsa, &g->err);
	} while (g->ret && !last);
	return NULL;
}

/* The SHA-384 the log gives for vCPU @id's VMSA, or -ENOENT. */
static int logged_vmsa(struct ksu_snp_vm *vm, uint32_t id, uint8_t sha[48])
{
	static struct kvm_sev_snp_log_entry e[64];
	struct kvm_sev_snp_launch_log lg;
	uint32_t err, i;
	int ret = ksu_snp_get_log(vm, e, ARRAY_SIZE(e), &lg, &err);

	if (ret)
		return ret;
	for (i = 0; i < lg.nr_entries && i < ARRAY_SIZE(e); i++) {
		if (e[i].page_type == KVM_SEV_SNP_LOG_PAGE_TYPE_VMSA &&
		    e[i].vcpu_id == id) {
			memcpy(sha, e[i].sha384, 48);
			return 0;
		}
	}
	return -ENOENT;
}

/* 2: a VMSA supplied while upstream's FINISH runs. */
static void test_vmsa_during_finish(void)
{
	static const int delays[RACE_ROUNDS] = { 0, 200, 1000, 5000 };
	static const uint32_t ids[] = { 0 };
	static uint8_t src[PAGE], vmsa[PAGE];
	long g0 = ksu_snp_guests(), r0 = ksu_snp_rmp_assigned();
	int r, ret, accepted = 0, unmeasured = 0, failed = 0;
	uint8_t want[48], got[48];
	struct ksu_snp_vm vm;
	uint32_t err = 0;
	pthread_t th;

	memset(src, 0x2d, sizeof(src));
	for (r = 0; r < RACE_ROUNDS; r++) {
		struct giver g = { .vm = &vm, .vmsa = vmsa,
				   .delay_us = delays[r] };

		ret = default_vm(&vm, ids, 1, &err);
		if (!ret)
			ret = ksu_snp_update_at(&vm, 0x10, src, PAGE,
						KSU_SNP_PAGE_NORMAL, &err,
						NULL);
		if (!ret)
			ret = vmsa_tweaked(&vm, vmsa, 0x2000 + r);
		if (!ret)
			ret = pthread_create(&th, NULL, giver_fn, &g) ? -EAGAIN
								      : 0;
		if (ret) {
			tap_diag("round %d: set-up %d (error %#x)", r, ret, err);
			failed++;
			ksu_snp_vm_destroy(&vm);
			continue;
		}
		__atomic_store_n(&g.go, 1, __ATOMIC_RELEASE);
		ret = finish(&vm, &err);
		__atomic_store_n(&g.done, 1, __ATOMIC_RELEASE);
		pthread_join(th, NULL);
		if (ret) {
			tap_diag("round %d: FINISH %d (error %#x)", r, ret, err);
			failed++;
		} else if (!g.ret) {
			accepted++;
			SHA384(vmsa, PAGE, want);
			if (logged_vmsa(&vm, 0, got) ||
			    memcmp(want, got, sizeof(want))) {
				tap_diag("round %d (supplied after %d us): the VMSA was accepted but another was measured",
					 r, delays[r]);
				unmeasured++;
			}
		} else {
			tap_diag("round %d: the VMSA was refused (ret %d, error %#x)",
				 r, g.ret, g.err);
		}
		ksu_snp_vm_destroy(&vm);
	}
	tap_ok(!failed && !unmeasured && clean(g0, r0),
	       "VMSAs supplied while upstream's FINISH ran: %d of %d accepted, %d of those not measured, %d rounds failed; nothing assigned or leaked after",
	       accepted, RACE_ROUNDS, unmeasured, failed);
}

/* 3: the default-mode launch log against the pages the VMM gave. */
static void test_default_log(void)
{
	static const uint32_t ids[] = { 3, 1 };
	static uint8_t pages[KSU_SNP_NPLAN][2 * PAGE];
	static struct kvm_sev_snp_log_entry e[64];
	struct kvm_sev_snp_log_entry want[64];
	long g0 = ksu_snp_guests(), r0 = ksu_snp_rmp_assigned();
	uint32_t order[KSU_SNP_NPLAN], err = 0, n = 0, i, p;
	uint8_t chain[48], fw[48];
	struct kvm_sev_snp_launch_log lg = { 0 };
	struct ksu_snp_vm vm;
	int ret, bad = 0;

	memset(want, 0, sizeof(want));
	ksu_snp_seed(0x106106);
	for (i = 0; i < KSU_SNP_NPLAN; i++) {
		order[i] = i;
		for (p = 0; p < sizeof(pages[i]); p++)
			pages[i][p] = ksu_snp_rnd() >> 56;
		if (ksu_snp_plan[i].type == KSU_SNP_PAGE_CPUID)
			memset(pages[i], 0, sizeof(pages[i]));
	}
	ksu_snp_shuffle(order, KSU_SNP_NPLAN);
	ret = default_vm(&vm, ids, 2, &err);
	for (i = 0; !ret && i < KSU_SNP_NPLAN; i++) {
		const struct ksu_snp_upd *u = &ksu_snp_plan[order[i]];
		const uint8_t *src = pages[order[i]];

		ret = ksu_snp_update_at(&vm, u->gfn,
					u->type == KSU_SNP_PAGE_ZERO ? NULL : src,
					u->npages * PAGE, u->type, &err, NULL);
		for (p = 0; p < u->npages; p++, n++) {
			want[n].page_type = u->type;
			want[n].gpa = (u->gfn + p) << 12;
			if (u->type == KSU_SNP_PAGE_NORMAL)
				SHA384(src + p * PAGE, PAGE, want[n].sha384);
		}
	}
	if (!ret)
		ret = finish(&vm, &err);
	if (!ret)
		ret = ksu_snp_get_log(&vm, e, ARRAY_SIZE(e), &lg, &err);
	if (ret) {
		tap_ok(0, "default-mode log: launch: %d (error %#x)", ret, err);
		tap_ok(0, "default-mode log: VMSAs (not run)");
		tap_ok(0, "default-mode log: digest (not run)");
		goto out;
	}
	for (i = 0; i < n && i < lg.nr_entries; i++) {
		if (e[i].page_type != want[i].page_type ||
		    e[i].gpa != want[i].gpa || e[i].vcpu_id ||
		    memcmp(e[i].sha384, want[i].sha384, 48)) {
			tap_diag("entry %u: type %u gpa %#llx, want type %u gpa %#llx (or its SHA-384 differs)",
				 i, e[i].page_type,
				 (unsigned long long)e[i].gpa,
				 want[i].page_type,
				 (unsigned long long)want[i].gpa);
			bad++;
		}
	}
	tap_ok(lg.nr_entries == n + 2 && !bad,
	       "default-mode log: %u entries (%u pages + 2 VMSAs expected); the pages in call order with their types, GPAs and OpenSSL's SHA-384 of each NORMAL source page (%d differ)",
	       lg.nr_entries, n, bad);
	bad = 0;
	for (i = 0; i < 2 && n + i < lg.nr_entries; i++) {
		const struct kvm_sev_snp_log_entry *v = &e[n + i];
		static const uint8_t zero[48];

		if (v->page_type != KVM_SEV_SNP_LOG_PAGE_TYPE_VMSA ||
		    v->gpa != KVM_SEV_SNP_VMSA_GPA || v->vcpu_id != ids[i] ||
		    !memcmp(v->sha384, zero, 48))
			bad++;
	}
	tap_ok(lg.nr_entries == n + 2 && !bad,
	       "default-mode log: then the VMSAs of vCPUs 3 and 1 in creation order, at the VMSA GPA, hashed (%d differ)",
	       bad);
	ret = ksu_snp_log_chain(e, lg.nr_entries, chain);
	if (!ret)
		ret = ksu_snp_fw_digest(" state running ", fw);
	tap_ok(!ret && !memcmp(chain, lg.launch_digest, 48) &&
	       !memcmp(chain, fw, 48),
	       "default-mode log: the PAGE_INFO chain over its entries equals its digest and the firmware's (%02x%02x%02x%02x..., ret %d)",
	       chain[0], chain[1], chain[2], chain[3], ret);
out:
	ksu_snp_vm_destroy(&vm);
	tap_ok(clean(g0, r0),
	       "default-mode log: after destroy nothing assigned or leaked");
}

/* A CPUID page with one leaf the emulated platform does not have. */
static void bad_cpuid(uint8_t *page)
{
	uint32_t count = 1, leaf = 1, eax = 0x00a00f10;

	memset(page, 0, PAGE);
	memcpy(page, &count, 4);
	memcpy(page + 16, &leaf, 4);		/* EAX_IN */
	memcpy(page + 16 + 24, &eax, 4);	/* EAX: another family */
}

/* 4: the CPUID page written back, at update time and at FINISH. */
static void test_cpuid_writeback(void)
{
	static const uint32_t ids[] = { 0 };
	static uint8_t orig[PAGE], bufd[PAGE], bufc[PAGE], normal[PAGE];
	long g0 = ksu_snp_guests(), r0 = ksu_snp_rmp_assigned();
	struct ksu_snp_vm dvm, cvm;
	uint32_t err = 0;
	int ret;

	bad_cpuid(orig);
	memcpy(bufd, orig, PAGE);
	memcpy(bufc, orig, PAGE);
	memset(normal, 0x11, PAGE);

	ret = default_vm(&dvm, ids, 1, &err);
	if (!ret)
		ret = ksu_snp_update_at(&dvm, CPUID_GFN, bufd, PAGE,
					KSU_SNP_PAGE_CPUID, &err, NULL);
	tap_ok(ret == -EIO && err == SEV_RET_INVALID_PARAM &&
	       memcmp(bufd, orig, PAGE),
	       "default mode: the rejected CPUID page fails its update -EIO, INVALID_PARAM and the corrected page is written back to the source (ret %d, error %#x)",
	       ret, err);
	ksu_snp_vm_destroy(&dvm);

	ret = ksu_snp_vm_setup(&cvm, false);
	if (!ret)
		ret = ksu_snp_canonical(&cvm, &err);
	if (!ret)
		ret = ksu_snp_vcpus_create(&cvm, ids, 1, 1);
	if (!ret)
		ret = ksu_snp_start(&cvm, KSU_SNP_POLICY, &err);
	if (!ret)
		ret = ksu_snp_update_at(&cvm, 0x10, normal, PAGE,
					KSU_SNP_PAGE_NORMAL, &err, NULL);
	if (!ret)
		ret = ksu_snp_update_at(&cvm, CPUID_GFN, bufc, PAGE,
					KSU_SNP_PAGE_CPUID, &err, NULL);
	tap_ok(!ret && !memcmp(bufc, orig, PAGE),
	       "canonical mode: the same CPUID page is recorded, its source left as it was (ret %d, error %#x)",
	       ret, err);
	if (!ret)
		ret = finish(&cvm, &err);
	else
		ret = 0;
	tap_ok(ret == -EIO && err == SEV_RET_INVALID_PARAM &&
	       !memcmp(bufc, bufd, PAGE),
	       "canonical mode: FINISH -EIO, INVALID_PARAM and the source holds the correction default mode wrote back (ret %d, error %#x, %s)",
	       ret, err, memcmp(bufc, bufd, PAGE) ? "differs" : "same");
	ksu_snp_vm_destroy(&cvm);
	tap_ok(clean(g0, r0),
	       "CPUID write-back: after destroying both VMs nothing assigned or leaked");
}

int main(void)
{
	int ret = ksu_snp_supported();

	tap_plan(12);
	if (ret) {
		errno = -ret;
		tap_bail("KVM offers no KVM_X86_SNP_VM");
	}
	leaked0 = ksu_snp_leaked();
	test_vmsa_after_finish();
	test_vmsa_during_finish();
	test_default_log();
	test_cpuid_writeback();
	return tap_exit();
}
