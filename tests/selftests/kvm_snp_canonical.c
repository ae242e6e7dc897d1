// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: SEV-SNP launches through KVM in canonical order, VMM-supplied
 * SNP VMSAs and the SNP launch log (sev-launch's additions over upstream),
 * on sev-launch's software firmware in the test guest.
 *
 *  - SNP VMs with 1, 4 and 16 vCPUs made canonical with
 *    KVM_SEV_LAUNCH_CONFIG, vCPUs created from several threads in a
 *    shuffled order, pages of every type at scattered GPAs in two
 *    guest_memfd slots, updated in a shuffled order, and one vCPU's VMSA
 *    given as a full page on its vCPU fd.  The launch digest must equal
 *    the canonical-order PAGE_INFO chain of the owner tool's library
 *    (sc_snp_digest(..., canonical)): SNP_LAUNCH_FINISH is given an ID
 *    block carrying that prediction, which the firmware checks against its
 *    own digest.  The same guest launched in another call order and vCPU
 *    creation order gives the same digest; the log's digest equals it and
 *    recomputing the chain from the log entries gives it again; the given
 *    VMSA reads back byte for byte.
 *  - Refusals: a page updated twice, VMSA pages with other sev_features,
 *    VMPL 1 or a reserved field set, a second VMSA for one vCPU, updates
 *    after FINISH; each with its errno and reason, and the emulated RMP
 *    unchanged by a refusal.
 *  - A canonical VM destroyed in the middle of its launch (pages recorded,
 *    none measured) leaves no page assigned, none leaked, no SNP guest.
 */
#include <errno.h>
#include <fcntl.h>
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
#define NPLAN		KSU_SNP_NPLAN
#define VMSA_VMPL	KSU_SNP_VMSA_VMPL
#define VMSA_FEATURES	KSU_SNP_VMSA_FEATURES
#define VMSA_RIP	KSU_SNP_VMSA_RIP

static struct {
	EVP_PKEY *key;
} id;

static int finish_idblock(struct ksu_snp_vm *vm, const uint8_t ld[48],
			  uint32_t *err)
{
	return ksu_snp_finish_id(vm, id.key, ld, 0xf2, 0x2e, err);
}

/* The log's digest, and the chain recomputed from its entries. */
static int log_digest(struct ksu_snp_vm *vm, uint8_t fwd[48], uint8_t me[48],
		      uint32_t *nr, uint32_t *flags)
{
	static struct kvm_sev_snp_log_entry e[256];
	struct kvm_sev_snp_launch_log lg;
	uint32_t err;
	int ret;

	ret = ksu_snp_get_log(vm, e, 256, &lg, &err);
	if (ret)
		return ret;
	*nr = lg.nr_entries;
	*flags = lg.flags;
	memcpy(fwd, lg.launch_digest, 48);
	return ksu_snp_log_chain(e, lg.nr_entries < 256 ? lg.nr_entries : 256,
				 me);
}

/*
 * One canonical launch: vCPUs @nvcpus (order from @order_seed), START,
 * the plan in a shuffled order, vCPU index 0's VMSA given as a page.
 * Contents come from @content_seed.  Digest predicted by sevctl's library
 * in canonical order, checked by the firmware through the ID block.
 */
static void test_launch(int nvcpus, uint64_t order_seed, uint8_t out[48])
{
	static uint8_t pages[NPLAN][2 * PAGE];
	uint32_t ids[KSU_SNP_MAX_VCPUS], order[NPLAN], err = 0, nr = 0, flags = 0;
	uint8_t vmsa[PAGE], back[PAGE], ld[48], fwd[48], me[48];
	long g0 = ksu_snp_guests(), r0 = ksu_snp_rmp_assigned();
	struct sc_snp_launch l;
	struct ksu_snp_vm vm;
	uint64_t rip;
	int i, gv, ret;
	uint32_t k, p;

	sc_snp_init(&l);
	ret = ksu_snp_vm_setup(&vm, false);
	if (!ret)
		ret = ksu_snp_canonical(&vm, &err);
	for (i = 0; i < nvcpus; i++)
		ids[i] = i * 5 + 2;
	ksu_snp_seed(order_seed);
	ksu_snp_shuffle(ids, nvcpus);
	if (!ret)
		ret = ksu_snp_vcpus_create(&vm, ids, nvcpus, nvcpus > 1 ? 4 : 1);
	if (!ret)
		ret = ksu_snp_start(&vm, KSU_SNP_POLICY, &err);
	for (i = 0; i < (int)NPLAN; i++)
		order[i] = i;
	ksu_snp_shuffle(order, NPLAN);
	ksu_snp_seed(0xc0ffee00 + nvcpus);	/* the same guest in every order */
	for (i = 0; i < (int)NPLAN; i++) {
		for (k = 0; k < sizeof(pages[i]); k++)
			pages[i][k] = ksu_snp_rnd();
		if (ksu_snp_plan[i].type == KSU_SNP_PAGE_CPUID)
			memset(pages[i], 0, sizeof(pages[i]));
	}
	for (i = 0; !ret && i < (int)NPLAN; i++) {
		const struct ksu_snp_upd *u = &ksu_snp_plan[order[i]];
		const uint8_t *src = pages[order[i]];

		ret = ksu_snp_update_at(&vm, u->gfn,
					u->type == KSU_SNP_PAGE_ZERO ? NULL : src,
					u->npages * PAGE, u->type, &err, NULL);
		for (p = 0; !ret && p < u->npages; p++)
			if (sc_snp_add(&l, u->type, (u->gfn + p) << 12, 0,
				       src + p * PAGE, "plan"))
				ret = -ENOMEM;
	}
	/* vCPU id 2 (wherever KVM created it) gets a page of the VMM's. */
	for (gv = 0; gv < vm.nvcpus - 1 && vm.vcpu_id[gv] != 2; gv++)
		;
	if (!ret)
		ret = ksu_snp_get_vmsa(&vm, gv, vmsa);
	if (!ret) {
		memcpy(&rip, vmsa + VMSA_RIP, 8);
		rip ^= 0x5a5a;
		memcpy(vmsa + VMSA_RIP, &rip, 8);
		ret = ksu_snp_give_vmsa(&vm, gv, vmsa, &err);
	}
	for (i = 0; !ret && i < vm.nvcpus; i++) {
		ret = ksu_snp_get_vmsa(&vm, i, back);
		if (!ret && sc_snp_add(&l, SC_SNP_PAGE_VMSA, SC_SNP_VMSA_GPA,
				       vm.vcpu_id[i], back, "vmsa"))
			ret = -ENOMEM;
	}
	if (!ret)
		ret = sc_snp_digest(&l, true, ld) ? -EPROTO : 0;
	if (ret) {
		tap_ok(0, "%d vCPUs: canonical launch up to FINISH: %d (error %#x)",
		       nvcpus, ret, err);
		goto out;
	}
	ret = finish_idblock(&vm, ld, &err);
	tap_ok(!ret, "%d vCPUs, %zu records, order seed %#llx: FINISH accepts the ID block with sevctl's canonical digest %02x%02x%02x%02x... (ret %d, error %#x)",
	       nvcpus, l.n, (unsigned long long)order_seed, ld[0], ld[1], ld[2],
	       ld[3], ret, err);
	memcpy(out, ld, 48);
	ret = ksu_snp_get_vmsa(&vm, gv, back);
	tap_ok(!ret && !memcmp(back, vmsa, PAGE),
	       "%d vCPUs: the given VMSA reads back byte for byte after FINISH (ret %d)",
	       nvcpus, ret);
	ret = log_digest(&vm, fwd, me, &nr, &flags);
	tap_ok(!ret && nr == l.n && !memcmp(fwd, ld, 48) &&
	       !memcmp(me, ld, 48) &&
	       flags == (KVM_SEV_LAUNCH_F_CANONICAL | KVM_SEV_SNP_LOG_F_FINISHED),
	       "%d vCPUs: log of %u entries (flags %#x): its digest and the chain recomputed from it equal the prediction (ret %d)",
	       nvcpus, nr, flags, ret);
	ret = ksu_snp_update_at(&vm, 0x1a0, pages[0], PAGE, KSU_SNP_PAGE_NORMAL,
				&err, NULL);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_FINISHED,
	       "%d vCPUs: an update after FINISH: -EINVAL, FINISHED (ret %d, error %#x)",
	       nvcpus, ret, err);
out:
	ksu_snp_vm_destroy(&vm);
	sc_snp_free(&l);
	tap_ok(ksu_snp_guests() == g0 && ksu_snp_leaked() == 0 &&
	       ksu_snp_rmp_assigned() == r0,
	       "%d vCPUs: after destroy %ld SNP guests (before %ld), %ld RMP pages assigned (before %ld), %ld leaked",
	       nvcpus, ksu_snp_guests(), g0, ksu_snp_rmp_assigned(), r0, ksu_snp_leaked());
}

/* VMSA pages the kernel must refuse, and a double update. */
static void test_refusals(void)
{
	static uint8_t src[PAGE], vmsa[PAGE], bad[PAGE];
	uint32_t ids[1] = { 0 }, err = 0;
	long g0 = ksu_snp_guests(), r0 = ksu_snp_rmp_assigned(), r1;
	struct ksu_snp_vm vm;
	uint64_t f;
	int ret;

	memset(src, 0x3c, sizeof(src));
	ret = ksu_snp_vm_setup(&vm, false);
	if (!ret)
		ret = ksu_snp_canonical(&vm, &err);
	if (!ret)
		ret = ksu_snp_vcpus_create(&vm, ids, 1, 1);
	if (!ret)
		ret = ksu_snp_start(&vm, KSU_SNP_POLICY, &err);
	if (!ret)
		ret = ksu_snp_update_at(&vm, 0x40, src, PAGE,
					KSU_SNP_PAGE_NORMAL, &err, NULL);
	if (!ret)
		ret = ksu_snp_get_vmsa(&vm, 0, vmsa);
	if (ret) {
		tap_ok(0, "refusals: set-up: %d (error %#x)", ret, err);
		goto out;
	}
	r1 = ksu_snp_rmp_assigned();
	ret = ksu_snp_update_at(&vm, 0x40, src, PAGE, KSU_SNP_PAGE_NORMAL, &err,
				NULL);
	tap_ok(ret == -EEXIST && ksu_snp_rmp_assigned() == r1,
	       "a page updated twice: -EEXIST, RMP unchanged (ret %d, error %#x)",
	       ret, err);

	memcpy(bad, vmsa, PAGE);
	memcpy(&f, bad + VMSA_FEATURES, 8);
	f |= 1ull << 5;
	memcpy(bad + VMSA_FEATURES, &f, 8);
	ret = ksu_snp_give_vmsa(&vm, 0, bad, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_FEATURES_VM,
	       "a VMSA with other sev_features: -EINVAL, FEATURES_VM (ret %d, error %#x)",
	       ret, err);
	memcpy(bad, vmsa, PAGE);
	f = 0;
	memcpy(bad + VMSA_FEATURES, &f, 8);
	ret = ksu_snp_give_vmsa(&vm, 0, bad, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_FEATURES_VM,
	       "a VMSA without SNPActive: -EINVAL, FEATURES_VM (ret %d, error %#x)",
	       ret, err);
	memcpy(bad, vmsa, PAGE);
	bad[VMSA_VMPL] = 1;
	ret = ksu_snp_give_vmsa(&vm, 0, bad, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_VMSA_VMPL,
	       "a VMSA at VMPL1: -EINVAL, VMSA_VMPL (ret %d, error %#x)",
	       ret, err);
	memcpy(bad, vmsa, PAGE);
	bad[0x3f8] = 1;
	ret = ksu_snp_give_vmsa(&vm, 0, bad, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_VMSA_RESERVED,
	       "a VMSA with a reserved field set: -EINVAL, VMSA_RESERVED (ret %d, error %#x)",
	       ret, err);
	ret = ksu_snp_give_vmsa(&vm, 0, vmsa, &err);
	tap_ok(!ret, "the vCPU's own VMSA page is accepted (ret %d, error %#x)",
	       ret, err);
	ret = ksu_snp_give_vmsa(&vm, 0, vmsa, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_VMSA_DUP,
	       "a second VMSA for the vCPU: -EINVAL, VMSA_DUP (ret %d, error %#x)",
	       ret, err);
	tap_ok(ksu_snp_rmp_assigned() == r1, "refusals left the RMP as it was (%ld)",
	       ksu_snp_rmp_assigned());
out:
	/* Destroyed mid-launch: a recorded page and a supplied VMSA. */
	ksu_snp_vm_destroy(&vm);
	tap_ok(ksu_snp_guests() == g0 && ksu_snp_leaked() == 0 &&
	       ksu_snp_rmp_assigned() == r0,
	       "destroyed mid-launch: %ld SNP guests (before %ld), %ld RMP pages assigned (before %ld), %ld leaked",
	       ksu_snp_guests(), g0, ksu_snp_rmp_assigned(), r0, ksu_snp_leaked());
}

int main(void)
{
	uint8_t a[48], b[48], c[48];
	int ret = ksu_snp_supported();

	tap_plan(30);
	if (ret) {
		errno = -ret;
		tap_bail("KVM offers no KVM_X86_SNP_VM");
	}
	id.key = EVP_EC_gen("P-384");
	if (!id.key)
		tap_bail("P-384 key");
	test_launch(1, 0x1111, a);
	test_launch(4, 0x2222, a);
	test_launch(4, 0x3333, b);
	tap_ok(!memcmp(a, b, 48),
	       "4 vCPUs: two call orders and vCPU creation orders, one canonical digest");
	test_launch(16, 0x4444, c);
	test_refusals();
	EVP_PKEY_free(id.key);
	return tap_exit();
}
