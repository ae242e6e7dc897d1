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

#define PAGE		4096ull
#define SLOT0_GPA	0x0ull
#define SLOT0_SIZE	(2ull << 20)
#define SLOT1_GPA	0x100000000ull
#define SLOT1_SIZE	(64ull << 10)
#define SLOT2_GPA	0x400000ull	/* no guest_memfd */
#define SLOT2_SIZE	(64ull << 10)
#define LEAKED_PATH	"/sys/kernel/debug/sev-psp/snp_leaked_pages"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void shuffle_u32(uint32_t *a, int n)
{
	int i, j;
	uint32_t t;

	for (i = n - 1; i > 0; i--) {
		j = rnd() % (i + 1);
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/* The firmware's SNP guest count (SNP_PLATFORM_STATUS), or -errno. */
static long snp_guests(void)
{
	struct sev_user_data_snp_status st;
	struct sev_issue_cmd c = {
		.cmd = SNP_PLATFORM_STATUS,
		.data = (uintptr_t)&st,
	};
	int fd, ret;

	fd = open("/dev/sev", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = ioctl(fd, SEV_ISSUE_CMD, &c) ? -errno : 0;
	close(fd);
	return ret ? ret : (long)st.guest_count;
}

/*
 * Pages the emulated RMP has in a non-Hypervisor state other than
 * HV-Fixed (sev-swfw/0/snp/rmp_summary), or -errno.
 */
static long rmp_assigned(void)
{
	char buf[4096], *line, *save = NULL;
	long sum = 0, n;
	char name[32];
	int len = sst_read(SWFW_DIR "snp/rmp_summary", buf, sizeof(buf));

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

/* One planned update: 1 or 2 pages of one type at a gfn. */
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
};

#define NPLAN	ARRAY_SIZE(plan)

/* A fresh SNP VM with its two guest_memfd slots private and a plain slot. */
static int vm_setup(struct ksu_snp_vm *vm)
{
	int ret;

	ret = ksu_snp_vm_create(vm);
	if (!ret)
		ret = ksu_snp_add_slot(vm, SLOT0_GPA, SLOT0_SIZE, true);
	if (!ret)
		ret = ksu_snp_add_slot(vm, SLOT1_GPA, SLOT1_SIZE, true);
	if (!ret)
		ret = ksu_snp_add_slot(vm, SLOT2_GPA, SLOT2_SIZE, false);
	if (!ret)
		ret = ksu_snp_set_private(vm, SLOT0_GPA, SLOT0_SIZE, true);
	if (!ret)
		ret = ksu_snp_set_private(vm, SLOT1_GPA, SLOT1_SIZE, true);
	return ret;
}

static int update(struct ksu_snp_vm *vm, uint64_t gfn, const void *src,
		  uint64_t len, uint8_t type, uint32_t *error,
		  struct ksu_snp_launch_update *out)
{
	struct ksu_snp_launch_update u = {
		.gfn_start = gfn, .uaddr = (uintptr_t)src, .len = len,
		.type = type,
	};
	int ret = ksu_snp_update(vm, &u, error);

	if (out)
		*out = u;
	return ret;
}

/*
 * The whole launch: vCPUs, START, the plan in a shuffled order (recorded
 * in @l as the firmware will measure it), the VMSAs read back.  @seed
 * fixes the page contents so that two VMs launch the same guest.
 */
static int launch_to_finish(struct ksu_snp_vm *vm, int nvcpus,
			    uint64_t seed, struct sc_snp_launch *l)
{
	static uint8_t pages[NPLAN][2 * PAGE];
	uint32_t ids[KSU_SNP_MAX_VCPUS], order[NPLAN], err;
	uint8_t vmsa[PAGE];
	int i, ret;
	uint32_t k, p;

	for (i = 0; i < nvcpus; i++)
		ids[i] = i * 3 + 1;	/* sparse ids */
	rng = seed;
	shuffle_u32(ids, nvcpus);
	ret = ksu_snp_vcpus_create(vm, ids, nvcpus, nvcpus > 1 ? 4 : 1);
	if (ret)
		return ret;
	ret = ksu_snp_start(vm, KSU_SNP_POLICY, &err);
	if (ret)
		return ret;
	for (i = 0; i < (int)NPLAN; i++) {
		order[i] = i;
		for (k = 0; k < sizeof(pages[i]); k++)
			pages[i][k] = rnd();
		if (plan[i].type == KSU_SNP_PAGE_CPUID)
			memset(pages[i], 0, sizeof(pages[i]));	/* no leaves */
	}
	shuffle_u32(order, NPLAN);
	for (i = 0; i < (int)NPLAN; i++) {
		const struct upd *u = &plan[order[i]];
		const uint8_t *src = pages[order[i]];

		ret = update(vm, u->gfn,
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
	/* SNP_LAUNCH_FINISH measures the VMSAs in KVM's vCPU order. */
	for (i = 0; i < vm->nvcpus; i++) {
		struct kvm_sev_vcpu_vmsa v = {
			.uaddr = (uintptr_t)vmsa, .len = sizeof(vmsa),
		};

		ret = ksu_op(vm->vcpu_fd[i], vm->sev_fd, KVM_SEV_VCPU_GET_VMSA,
			     &v, &err);
		if (ret)
			return ret;
		if (sc_snp_add(l, SC_SNP_PAGE_VMSA, SC_SNP_VMSA_GPA,
			       vm->vcpu_id[i], vmsa, "vmsa"))
			return -ENOMEM;
	}
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
	static uint8_t block[SC_IDBLOCK_SIZE], auth[SC_IDAUTH_SIZE];
	struct sc_idblock_in in = { .guest_svn = 1, .policy = KSU_SNP_POLICY };
	struct ksu_snp_launch_finish f = { 0 };

	memcpy(in.ld, ld, 48);
	if (wrong)
		in.ld[17] ^= 0x10;
	memset(in.family_id, 0xf1, sizeof(in.family_id));
	memset(in.image_id, 0x1d, sizeof(in.image_id));
	sc_idblock_build(&in, block);
	if (sc_idauth_build(block, id.key, NULL, auth))
		return -EPROTO;
	f.id_block_uaddr = (uintptr_t)block;
	f.id_auth_uaddr = (uintptr_t)auth;
	f.id_block_en = 1;
	return ksu_snp_finish(vm, &f, err);
}

static void test_launch(int nvcpus, bool wrong)
{
	struct sc_snp_launch l;
	struct ksu_snp_vm vm;
	uint8_t ld[48];
	uint32_t err = 0;
	long g0 = snp_guests(), r0 = rmp_assigned();
	int ret;

	sc_snp_init(&l);
	ret = vm_setup(&vm);
	if (!ret)
		ret = launch_to_finish(&vm, nvcpus, 0x5eed0000 + nvcpus, &l);
	if (!ret)
		ret = sc_snp_digest(&l, false, ld) ? -EPROTO : 0;
	if (ret) {
		tap_ok(0, "%d vCPUs: launch up to FINISH: %d", nvcpus, ret);
		goto out;
	}
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
	tap_ok(snp_guests() == g0 && leaked_pages() == 0 &&
	       rmp_assigned() == r0,
	       "%d vCPUs: after destroy %ld SNP guests (before %ld), %ld RMP pages assigned (before %ld), %ld leaked",
	       nvcpus, snp_guests(), g0, rmp_assigned(), r0, leaked_pages());
}

/* Upstream's answers to hostile updates, on one launched-to-UPDATE VM. */
static void test_refusals(void)
{
	static uint8_t buf[16 * PAGE];
	struct ksu_snp_launch_update out;
	struct ksu_snp_vm vm;
	uint32_t err, ids[1] = { 0 };
	long g0 = snp_guests();
	long r0, rbase = rmp_assigned();
	int ret;

	if (vm_setup(&vm) || ksu_snp_vcpus_create(&vm, ids, 1, 1)) {
		tap_ok(0, "refusals: VM setup");
		return;
	}
	memset(buf, 0x5a, sizeof(buf));

	ret = update(&vm, 0x10, buf, PAGE, KSU_SNP_PAGE_NORMAL, &err, NULL);
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

	r0 = rmp_assigned();
	ret = update(&vm, 0x50000, buf, PAGE, KSU_SNP_PAGE_NORMAL, &err, NULL);
	tap_ok(ret == -EINVAL, "gfn outside every memslot: -EINVAL (ret %d)",
	       ret);
	ret = update(&vm, ~0ull >> 12, buf, PAGE, KSU_SNP_PAGE_NORMAL, &err,
		     NULL);
	tap_ok(ret == -EINVAL, "highest gfn (wraps): -EINVAL (ret %d)", ret);
	ret = update(&vm, SLOT2_GPA >> 12, buf, PAGE, KSU_SNP_PAGE_NORMAL,
		     &err, NULL);
	tap_ok(ret == -EINVAL, "slot without guest_memfd: -EINVAL (ret %d)",
	       ret);
	ret = ksu_snp_set_private(&vm, 0x100 << 12, 2 * PAGE, false);
	ret = ret ? ret : update(&vm, 0x100, buf, 2 * PAGE,
				 KSU_SNP_PAGE_NORMAL, &err, NULL);
	tap_ok(ret == -EIO && err == 0,
	       "shared (not private) pages: -EIO, error 0 (ret %d, error %#x)",
	       ret, err);
	ret = update(&vm, 0x10, buf, PAGE + 1, KSU_SNP_PAGE_NORMAL, &err,
		     NULL);
	tap_ok(ret == -EINVAL, "unaligned length: -EINVAL (ret %d)", ret);
	ret = update(&vm, 0x10, buf, PAGE, KSU_SNP_PAGE_VMSA, &err, NULL);
	tap_ok(ret == -EINVAL, "page type VMSA: -EINVAL (ret %d)", ret);
	ret = update(&vm, 0x10, buf, PAGE, 0, &err, NULL);
	tap_ok(ret == -EINVAL, "page type 0: -EINVAL (ret %d)", ret);
	ret = update(&vm, 0x10, buf, PAGE, 7, &err, NULL);
	tap_ok(ret == -EINVAL, "page type 7: -EINVAL (ret %d)", ret);
	{
		struct ksu_snp_launch_update u = {
			.gfn_start = 0x10, .uaddr = (uintptr_t)buf,
			.len = PAGE, .type = KSU_SNP_PAGE_NORMAL, .flags = 1,
		};

		ret = ksu_snp_update(&vm, &u, &err);
		tap_ok(ret == -EINVAL, "flags 1: -EINVAL (ret %d)", ret);
	}
	tap_ok(r0 >= 0 && rmp_assigned() == r0 && leaked_pages() == 0,
	       "after those refusals the emulated RMP assigns %ld pages (before %ld), %ld leaked",
	       rmp_assigned(), r0, leaked_pages());

	ret = update(&vm, 0x10, buf, PAGE, KSU_SNP_PAGE_NORMAL, &err, NULL);
	tap_ok(!ret, "one NORMAL page (ret %d, error %#x)", ret, err);
	r0 = rmp_assigned();
	ret = update(&vm, 0x10, buf, PAGE, KSU_SNP_PAGE_NORMAL, &err, NULL);
	tap_ok(ret == -EIO && rmp_assigned() == r0,
	       "the same page again: -EIO, RMP unchanged (ret %d, error %#x)",
	       ret, err);
	ret = update(&vm, 0xf, buf, 2 * PAGE, KSU_SNP_PAGE_NORMAL, &err, &out);
	tap_ok(ret == 0 && out.gfn_start == 0x10 && out.len == PAGE,
	       "a range overlapping it: the page before is measured, the rest is left (ret %d, gfn %#llx, len %#llx)",
	       ret, (unsigned long long)out.gfn_start,
	       (unsigned long long)out.len);
	/* A length that runs far past the slot: cut at the slot's end. */
	ret = update(&vm, (SLOT1_GPA >> 12) + 12, buf, -PAGE,
		     KSU_SNP_PAGE_NORMAL, &err, &out);
	tap_ok(ret == 0 && out.gfn_start == (SLOT1_GPA + SLOT1_SIZE) >> 12 &&
	       out.len == -PAGE - 4 * PAGE,
	       "length 2^64 - 4096 from 4 pages before a slot's end: 4 pages measured, the rest left (ret %d, gfn %#llx, len %#llx)",
	       ret, (unsigned long long)out.gfn_start,
	       (unsigned long long)out.len);
	ret = update(&vm, out.gfn_start, buf, PAGE, KSU_SNP_PAGE_NORMAL, &err,
		     NULL);
	tap_ok(ret == -EINVAL, "the rest (past the slot): -EINVAL (ret %d)",
	       ret);

	/* Destroyed in the middle of the launch. */
	ksu_snp_vm_destroy(&vm);
	tap_ok(snp_guests() == g0 && leaked_pages() == 0 &&
	       rmp_assigned() == rbase,
	       "destroyed mid-launch: %ld SNP guests (before %ld), %ld RMP pages assigned (before %ld), %ld leaked",
	       snp_guests(), g0, rmp_assigned(), rbase, leaked_pages());
}

struct racer {
	struct ksu_snp_vm *vm;
	int stop;
	int created;
};

static void *racer_fn(void *arg)
{
	struct racer *r = arg;
	uint32_t id = 100;
	int fd;

	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE) && r->created < 24) {
		fd = ioctl(r->vm->vm_fd, KVM_CREATE_VCPU, id++);
		if (fd < 0)
			break;
		r->vm->vcpu_fd[r->vm->nvcpus] = fd;
		r->vm->vcpu_id[r->vm->nvcpus] = id - 1;
		__atomic_store_n(&r->vm->nvcpus, r->vm->nvcpus + 1,
				 __ATOMIC_RELEASE);
		r->created++;
	}
	return NULL;
}

/* FINISH while another thread creates vCPUs. */
static void test_finish_race(void)
{
	int attempts, busy = 0, ok = 0, ret;
	uint32_t err, ids[1] = { 0 };

	for (attempts = 0; attempts < 20 && !busy; attempts++) {
		struct ksu_snp_launch_finish f = { 0 };
		struct ksu_snp_vm vm;
		struct racer r = { .vm = &vm };
		pthread_t th;

		if (vm_setup(&vm) || ksu_snp_vcpus_create(&vm, ids, 1, 1) ||
		    ksu_snp_start(&vm, KSU_SNP_POLICY, &err)) {
			tap_ok(0, "FINISH race: setup");
			return;
		}
		pthread_create(&th, NULL, racer_fn, &r);
		ret = ksu_snp_finish(&vm, &f, &err);
		__atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
		pthread_join(th, NULL);
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

int main(void)
{
	int ret = ksu_snp_supported();

	tap_plan(31);
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
	EVP_PKEY_free(id.key);
	return tap_exit();
}
