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

#define PAGE		4096ull
#define SLOT0_GPA	0x0ull
#define SLOT0_SIZE	(2ull << 20)
#define SLOT1_GPA	0x100000000ull
#define SLOT1_SIZE	(64ull << 10)
#define LEAKED_PATH	"/sys/kernel/debug/sev-psp/snp_leaked_pages"
#define VMSA_VMPL	0xca
#define VMSA_FEATURES	0x3b0
#define VMSA_RIP	0x178

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void shuffle_u32(uint32_t *a, int n)
{
	uint32_t t;
	int i, j;

	for (i = n - 1; i > 0; i--) {
		j = rnd() % (i + 1);
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

static long snp_guests(void)
{
	struct sev_user_data_snp_status st;
	struct sev_issue_cmd c = {
		.cmd = SNP_PLATFORM_STATUS, .data = (uintptr_t)&st,
	};
	int fd, ret;

	fd = open("/dev/sev", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = ioctl(fd, SEV_ISSUE_CMD, &c) ? -errno : 0;
	close(fd);
	return ret ? ret : (long)st.guest_count;
}

/* Pages the emulated RMP holds for guests (not HV-Fixed), or -errno. */
static long rmp_assigned(void)
{
	char buf[4096], *line, *save = NULL, name[32];
	int len = sst_read(SWFW_DIR "snp/rmp_summary", buf, sizeof(buf));
	long sum = 0, n;

	if (len < 0)
		return len;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%31s %ld", name, &n) != 2)
			continue;
		if (!strcmp(name, "hv_fixed") || !strcmp(name, "vmsa") ||
		    !strcmp(name, "asid"))
			continue;
		sum += n;
	}
	return sum;
}

static long leaked_pages(void)
{
	char buf[64];
	int n = sst_read(LEAKED_PATH, buf, sizeof(buf));

	return n < 0 ? n : strtol(buf, NULL, 10);
}

struct upd {
	uint64_t gfn;
	uint32_t npages;
	uint8_t type;
};

static const struct upd plan[] = {
	{ 0x10, 2, KSU_SNP_PAGE_NORMAL },
	{ 0x1f0, 1, KSU_SNP_PAGE_NORMAL },
	{ (SLOT1_GPA >> 12) + 3, 1, KSU_SNP_PAGE_NORMAL },
	{ 0x80, 1, KSU_SNP_PAGE_ZERO },
	{ (SLOT1_GPA >> 12) + 9, 2, KSU_SNP_PAGE_ZERO },
	{ 0x81, 1, KSU_SNP_PAGE_UNMEASURED },
	{ 0x1ff, 1, KSU_SNP_PAGE_SECRETS },
	{ 0x1fe, 1, KSU_SNP_PAGE_CPUID },
	{ 0x123, 1, KSU_SNP_PAGE_NORMAL },
	{ 0x7, 1, KSU_SNP_PAGE_NORMAL },
};

#define NPLAN	ARRAY_SIZE(plan)

static int vm_setup(struct ksu_snp_vm *vm)
{
	int ret = ksu_snp_vm_create(vm);

	if (!ret)
		ret = ksu_snp_add_slot(vm, SLOT0_GPA, SLOT0_SIZE, true);
	if (!ret)
		ret = ksu_snp_add_slot(vm, SLOT1_GPA, SLOT1_SIZE, true);
	if (!ret)
		ret = ksu_snp_set_private(vm, SLOT0_GPA, SLOT0_SIZE, true);
	if (!ret)
		ret = ksu_snp_set_private(vm, SLOT1_GPA, SLOT1_SIZE, true);
	return ret;
}

static int canonical(struct ksu_snp_vm *vm, uint32_t *err)
{
	struct kvm_sev_launch_config cfg = {
		.flags = KVM_SEV_LAUNCH_F_CANONICAL,
	};

	return ksu_snp_op(vm, KVM_SEV_LAUNCH_CONFIG, &cfg, err);
}

static int update(struct ksu_snp_vm *vm, uint64_t gfn, const void *src,
		  uint64_t len, uint8_t type, uint32_t *err)
{
	struct ksu_snp_launch_update u = {
		.gfn_start = gfn, .uaddr = (uintptr_t)src, .len = len,
		.type = type,
	};

	return ksu_snp_update(vm, &u, err);
}

static int get_vmsa(struct ksu_snp_vm *vm, int idx, uint8_t *page)
{
	struct kvm_sev_vcpu_vmsa v = { .uaddr = (uintptr_t)page, .len = PAGE };
	uint32_t err;

	return ksu_op(vm->vcpu_fd[idx], vm->sev_fd, KVM_SEV_VCPU_GET_VMSA, &v,
		      &err);
}

static int give_vmsa(struct ksu_snp_vm *vm, int idx, const uint8_t *page,
		     uint32_t *err)
{
	struct kvm_sev_vcpu_update_vmsa req = {
		.vmsa_uaddr = (uintptr_t)page, .vmsa_len = PAGE,
		.flags = KVM_SEV_VMSA_F_PAGE,
	};

	return ksu_op(vm->vcpu_fd[idx], vm->sev_fd, KVM_SEV_LAUNCH_UPDATE_VMSA,
		      &req, err);
}

static struct {
	EVP_PKEY *key;
} id;

static int finish_idblock(struct ksu_snp_vm *vm, const uint8_t ld[48],
			  uint32_t *err)
{
	static uint8_t block[SC_IDBLOCK_SIZE], auth[SC_IDAUTH_SIZE];
	struct sc_idblock_in in = { .guest_svn = 1, .policy = KSU_SNP_POLICY };
	struct ksu_snp_launch_finish f = { 0 };

	memcpy(in.ld, ld, 48);
	memset(in.family_id, 0xf2, sizeof(in.family_id));
	memset(in.image_id, 0x2e, sizeof(in.image_id));
	sc_idblock_build(&in, block);
	if (sc_idauth_build(block, id.key, NULL, auth))
		return -EPROTO;
	f.id_block_uaddr = (uintptr_t)block;
	f.id_auth_uaddr = (uintptr_t)auth;
	f.id_block_en = 1;
	return ksu_snp_finish(vm, &f, err);
}

/* The digest recomputed from the log with the owner tool's PAGE_INFO. */
static int log_digest(struct ksu_snp_vm *vm, uint8_t fwd[48], uint8_t me[48],
		      uint32_t *nr, uint32_t *flags)
{
	static struct kvm_sev_snp_log_entry e[256];
	struct kvm_sev_snp_launch_log lg = {
		.entries_uaddr = (uintptr_t)e, .nr_entries = 256,
	};
	static const uint8_t blank[PAGE];
	struct sc_snp_launch l;
	uint32_t err, i;
	int ret;

	ret = ksu_snp_op(vm, KVM_SEV_SNP_LAUNCH_GET_LOG, &lg, &err);
	if (ret)
		return ret;
	*nr = lg.nr_entries;
	*flags = lg.flags;
	memcpy(fwd, lg.launch_digest, 48);
	sc_snp_init(&l);
	for (i = 0; i < lg.nr_entries && i < 256; i++) {
		struct sc_snp_rec *r;

		/* The record by its hash: the log gives the SHA-384. */
		if (sc_snp_add(&l, e[i].page_type, e[i].gpa, e[i].vcpu_id,
			       blank, "log")) {
			sc_snp_free(&l);
			return -ENOMEM;
		}
		r = &l.recs[l.n - 1];
		memcpy(r->contents, e[i].sha384, 48);
	}
	ret = sc_snp_digest(&l, false, me) ? -EPROTO : 0;
	sc_snp_free(&l);
	return ret;
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
	long g0 = snp_guests(), r0 = rmp_assigned();
	struct sc_snp_launch l;
	struct ksu_snp_vm vm;
	uint64_t rip;
	int i, ret;
	uint32_t k, p;

	sc_snp_init(&l);
	ret = vm_setup(&vm);
	if (!ret)
		ret = canonical(&vm, &err);
	for (i = 0; i < nvcpus; i++)
		ids[i] = i * 5 + 2;
	rng = order_seed;
	shuffle_u32(ids, nvcpus);
	if (!ret)
		ret = ksu_snp_vcpus_create(&vm, ids, nvcpus, nvcpus > 1 ? 4 : 1);
	if (!ret)
		ret = ksu_snp_start(&vm, KSU_SNP_POLICY, &err);
	for (i = 0; i < (int)NPLAN; i++)
		order[i] = i;
	shuffle_u32(order, NPLAN);
	rng = 0xc0ffee00 + nvcpus;	/* the same guest in every order */
	for (i = 0; i < (int)NPLAN; i++) {
		for (k = 0; k < sizeof(pages[i]); k++)
			pages[i][k] = rnd();
		if (plan[i].type == KSU_SNP_PAGE_CPUID)
			memset(pages[i], 0, sizeof(pages[i]));
	}
	for (i = 0; !ret && i < (int)NPLAN; i++) {
		const struct upd *u = &plan[order[i]];
		const uint8_t *src = pages[order[i]];

		ret = update(&vm, u->gfn,
			     u->type == KSU_SNP_PAGE_ZERO ? NULL : src,
			     u->npages * PAGE, u->type, &err);
		for (p = 0; !ret && p < u->npages; p++)
			if (sc_snp_add(&l, u->type, (u->gfn + p) << 12, 0,
				       src + p * PAGE, "plan"))
				ret = -ENOMEM;
	}
	/* vCPU with the smallest id... whichever KVM index 0 is: a page. */
	if (!ret)
		ret = get_vmsa(&vm, 0, vmsa);
	if (!ret) {
		memcpy(&rip, vmsa + VMSA_RIP, 8);
		rip ^= 0x5a5a;
		memcpy(vmsa + VMSA_RIP, &rip, 8);
		ret = give_vmsa(&vm, 0, vmsa, &err);
	}
	for (i = 0; !ret && i < vm.nvcpus; i++) {
		ret = get_vmsa(&vm, i, back);
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
	ret = get_vmsa(&vm, 0, back);
	tap_ok(!ret && !memcmp(back, vmsa, PAGE),
	       "%d vCPUs: the given VMSA reads back byte for byte after FINISH (ret %d)",
	       nvcpus, ret);
	ret = log_digest(&vm, fwd, me, &nr, &flags);
	tap_ok(!ret && nr == l.n && !memcmp(fwd, ld, 48) &&
	       !memcmp(me, ld, 48) &&
	       flags == (KVM_SEV_LAUNCH_F_CANONICAL | KVM_SEV_SNP_LOG_F_FINISHED),
	       "%d vCPUs: log of %u entries (flags %#x): its digest and the chain recomputed from it equal the prediction (ret %d)",
	       nvcpus, nr, flags, ret);
	ret = update(&vm, 0x1a0, pages[0], PAGE, KSU_SNP_PAGE_NORMAL, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_FINISHED,
	       "%d vCPUs: an update after FINISH: -EINVAL, FINISHED (ret %d, error %#x)",
	       nvcpus, ret, err);
out:
	ksu_snp_vm_destroy(&vm);
	sc_snp_free(&l);
	tap_ok(snp_guests() == g0 && leaked_pages() == 0 &&
	       rmp_assigned() == r0,
	       "%d vCPUs: after destroy %ld SNP guests (before %ld), %ld RMP pages assigned (before %ld), %ld leaked",
	       nvcpus, snp_guests(), g0, rmp_assigned(), r0, leaked_pages());
}

/* VMSA pages the kernel must refuse, and a double update. */
static void test_refusals(void)
{
	static uint8_t src[PAGE], vmsa[PAGE], bad[PAGE];
	uint32_t ids[1] = { 0 }, err = 0;
	long g0 = snp_guests(), r0 = rmp_assigned(), r1;
	struct ksu_snp_vm vm;
	uint64_t f;
	int ret;

	memset(src, 0x3c, sizeof(src));
	ret = vm_setup(&vm);
	if (!ret)
		ret = canonical(&vm, &err);
	if (!ret)
		ret = ksu_snp_vcpus_create(&vm, ids, 1, 1);
	if (!ret)
		ret = ksu_snp_start(&vm, KSU_SNP_POLICY, &err);
	if (!ret)
		ret = update(&vm, 0x40, src, PAGE, KSU_SNP_PAGE_NORMAL, &err);
	if (!ret)
		ret = get_vmsa(&vm, 0, vmsa);
	if (ret) {
		tap_ok(0, "refusals: set-up: %d (error %#x)", ret, err);
		goto out;
	}
	r1 = rmp_assigned();
	ret = update(&vm, 0x40, src, PAGE, KSU_SNP_PAGE_NORMAL, &err);
	tap_ok(ret == -EEXIST && rmp_assigned() == r1,
	       "a page updated twice: -EEXIST, RMP unchanged (ret %d, error %#x)",
	       ret, err);

	memcpy(bad, vmsa, PAGE);
	memcpy(&f, bad + VMSA_FEATURES, 8);
	f |= 1ull << 5;
	memcpy(bad + VMSA_FEATURES, &f, 8);
	ret = give_vmsa(&vm, 0, bad, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_FEATURES_VM,
	       "a VMSA with other sev_features: -EINVAL, FEATURES_VM (ret %d, error %#x)",
	       ret, err);
	memcpy(bad, vmsa, PAGE);
	f = 0;
	memcpy(bad + VMSA_FEATURES, &f, 8);
	ret = give_vmsa(&vm, 0, bad, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_FEATURES_VM,
	       "a VMSA without SNPActive: -EINVAL, FEATURES_VM (ret %d, error %#x)",
	       ret, err);
	memcpy(bad, vmsa, PAGE);
	bad[VMSA_VMPL] = 1;
	ret = give_vmsa(&vm, 0, bad, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_VMSA_VMPL,
	       "a VMSA at VMPL1: -EINVAL, VMSA_VMPL (ret %d, error %#x)",
	       ret, err);
	memcpy(bad, vmsa, PAGE);
	bad[0x3f8] = 1;
	ret = give_vmsa(&vm, 0, bad, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_VMSA_RESERVED,
	       "a VMSA with a reserved field set: -EINVAL, VMSA_RESERVED (ret %d, error %#x)",
	       ret, err);
	ret = give_vmsa(&vm, 0, vmsa, &err);
	tap_ok(!ret, "the vCPU's own VMSA page is accepted (ret %d, error %#x)",
	       ret, err);
	ret = give_vmsa(&vm, 0, vmsa, &err);
	tap_ok(ret == -EINVAL && err == SEV_LAUNCH_ERR_VMSA_DUP,
	       "a second VMSA for the vCPU: -EINVAL, VMSA_DUP (ret %d, error %#x)",
	       ret, err);
	tap_ok(rmp_assigned() == r1, "refusals left the RMP as it was (%ld)",
	       rmp_assigned());
out:
	/* Destroyed mid-launch: a recorded page and a supplied VMSA. */
	ksu_snp_vm_destroy(&vm);
	tap_ok(snp_guests() == g0 && leaked_pages() == 0 &&
	       rmp_assigned() == r0,
	       "destroyed mid-launch: %ld SNP guests (before %ld), %ld RMP pages assigned (before %ld), %ld leaked",
	       snp_guests(), g0, rmp_assigned(), r0, leaked_pages());
}

int main(void)
{
	uint8_t a[48], b[48], c[48];
	int ret = ksu_snp_supported();

	tap_plan(27);
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
