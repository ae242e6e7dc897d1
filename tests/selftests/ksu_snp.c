// SPDX-License-Identifier: GPL-2.0
/*
 * SEV-SNP VM helpers for the KVM selftests (see ksu_snp.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "swfw_state.h"
#include "kvm_sev_util.h"
#include "ksu_snp.h"

int ksu_snp_supported(void)
{
	int fd, types;

	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	types = ioctl(fd, KVM_CHECK_EXTENSION, KSU_KVM_CAP_VM_TYPES);
	close(fd);
	if (types < 0)
		return -errno;
	return types & (1 << KSU_KVM_X86_SNP_VM) ? 0 : -EOPNOTSUPP;
}

int ksu_snp_op(struct ksu_snp_vm *vm, uint32_t id, void *data,
	       uint32_t *error)
{
	return ksu_op(vm->vm_fd, vm->sev_fd, id, data, error);
}

int ksu_snp_vm_create(struct ksu_snp_vm *vm)
{
	struct kvm_sev_init init = { 0 };
	int ret;

	memset(vm, 0, sizeof(*vm));
	vm->vm_fd = -1;
	vm->sev_fd = -1;
	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0)
		return -errno;
	vm->sev_fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	if (vm->sev_fd < 0) {
		ret = -errno;
		goto err;
	}
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, KSU_KVM_X86_SNP_VM);
	if (vm->vm_fd < 0) {
		ret = -errno;
		goto err;
	}
	ret = ksu_snp_op(vm, KVM_SEV_INIT2, &init, NULL);
	if (ret)
		goto err;
	return 0;
err:
	ksu_snp_vm_destroy(vm);
	return ret;
}

void ksu_snp_vm_destroy(struct ksu_snp_vm *vm)
{
	int i;

	for (i = 0; i < vm->nvcpus; i++)
		close(vm->vcpu_fd[i]);
	vm->nvcpus = 0;
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	for (i = 0; i < vm->nslots; i++) {
		if (vm->slots[i].gmem_fd >= 0)
			close(vm->slots[i].gmem_fd);
		munmap(vm->slots[i].hva, vm->slots[i].size);
	}
	vm->nslots = 0;
	if (vm->sev_fd >= 0)
		close(vm->sev_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	vm->vm_fd = -1;
	vm->sev_fd = -1;
	vm->kvm_fd = -1;
}

int ksu_snp_add_slot(struct ksu_snp_vm *vm, uint64_t gpa, uint64_t size,
		     bool gmem)
{
	struct ksu_snp_slot *s = &vm->slots[vm->nslots];
	struct ksu_userspace_memory_region2 r = { 0 };
	struct ksu_create_guest_memfd g = { .size = size };
	int ret;

	if (vm->nslots == KSU_SNP_MAX_SLOTS)
		return -ENOSPC;
	s->gpa = gpa;
	s->size = size;
	s->gmem_fd = -1;
	s->hva = mmap(NULL, size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->hva == MAP_FAILED)
		return -errno;
	if (gmem) {
		s->gmem_fd = ioctl(vm->vm_fd, KSU_KVM_CREATE_GUEST_MEMFD, &g);
		if (s->gmem_fd < 0) {
			ret = -errno;
			munmap(s->hva, size);
			return ret;
		}
		r.flags = KSU_KVM_MEM_GUEST_MEMFD;
		r.guest_memfd = s->gmem_fd;
	}
	r.slot = vm->nslots;
	r.guest_phys_addr = gpa;
	r.memory_size = size;
	r.userspace_addr = (uintptr_t)s->hva;
	if (ioctl(vm->vm_fd, KSU_KVM_SET_USER_MEMORY_REGION2, &r)) {
		ret = -errno;
		if (s->gmem_fd >= 0)
			close(s->gmem_fd);
		munmap(s->hva, size);
		return ret;
	}
	vm->nslots++;
	return 0;
}

int ksu_snp_set_private(struct ksu_snp_vm *vm, uint64_t gpa, uint64_t size,
			bool private)
{
	struct ksu_memory_attributes a = {
		.address = gpa,
		.size = size,
		.attributes = private ? KSU_KVM_MEMORY_ATTRIBUTE_PRIVATE : 0,
	};

	return ioctl(vm->vm_fd, KSU_KVM_SET_MEMORY_ATTRIBUTES, &a) ? -errno : 0;
}

struct ksu_snp_creator {
	struct ksu_snp_vm *vm;
	const uint32_t *ids;
	int n;
	int next;
	int err;
	pthread_mutex_t lock;
};

/* Each thread takes the next id; the lock records KVM's creation order. */
static void *ksu_snp_creator_fn(void *arg)
{
	struct ksu_snp_creator *c = arg;
	int fd;

	for (;;) {
		pthread_mutex_lock(&c->lock);
		if (c->next == c->n || c->err) {
			pthread_mutex_unlock(&c->lock);
			return NULL;
		}
		fd = ioctl(c->vm->vm_fd, KVM_CREATE_VCPU, c->ids[c->next]);
		if (fd < 0) {
			c->err = -errno;
		} else {
			c->vm->vcpu_fd[c->vm->nvcpus] = fd;
			c->vm->vcpu_id[c->vm->nvcpus] = c->ids[c->next];
			c->vm->nvcpus++;
		}
		c->next++;
		pthread_mutex_unlock(&c->lock);
		sched_yield();
	}
}

int ksu_snp_vcpus_create(struct ksu_snp_vm *vm, const uint32_t *ids, int n,
			 int nthreads)
{
	struct ksu_snp_creator c = { .vm = vm, .ids = ids, .n = n };
	pthread_t th[8];
	int i, started = 0;

	if (n + vm->nvcpus > KSU_SNP_MAX_VCPUS || nthreads < 1)
		return -EINVAL;
	if (nthreads > 8)
		nthreads = 8;
	pthread_mutex_init(&c.lock, NULL);
	for (i = 0; i < nthreads; i++)
		if (!pthread_create(&th[i], NULL, ksu_snp_creator_fn, &c))
			started++;
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&c.lock);
	if (!started)
		return -EAGAIN;
	return c.err;
}

int ksu_snp_start(struct ksu_snp_vm *vm, uint64_t policy, uint32_t *error)
{
	struct ksu_snp_launch_start s = { .policy = policy };

	return ksu_snp_op(vm, KSU_KVM_SEV_SNP_LAUNCH_START, &s, error);
}

int ksu_snp_update(struct ksu_snp_vm *vm, struct ksu_snp_launch_update *u,
		   uint32_t *error)
{
	return ksu_snp_op(vm, KSU_KVM_SEV_SNP_LAUNCH_UPDATE, u, error);
}

int ksu_snp_finish(struct ksu_snp_vm *vm, struct ksu_snp_launch_finish *f,
		   uint32_t *error)
{
	return ksu_snp_op(vm, KSU_KVM_SEV_SNP_LAUNCH_FINISH, f, error);
}

const struct ksu_snp_upd ksu_snp_plan[KSU_SNP_NPLAN] = {
	{ 0x10, 2, KSU_SNP_PAGE_NORMAL },
	{ 0x1f0, 1, KSU_SNP_PAGE_NORMAL },
	{ (KSU_SNP_SLOT1_GPA >> 12) + 3, 1, KSU_SNP_PAGE_NORMAL },
	{ 0x80, 1, KSU_SNP_PAGE_ZERO },
	{ (KSU_SNP_SLOT1_GPA >> 12) + 9, 2, KSU_SNP_PAGE_ZERO },
	{ 0x81, 1, KSU_SNP_PAGE_UNMEASURED },
	{ 0x1ff, 1, KSU_SNP_PAGE_SECRETS },
	{ 0x1fe, 1, KSU_SNP_PAGE_CPUID },
	{ 0x123, 1, KSU_SNP_PAGE_NORMAL },
	{ 0x7, 1, KSU_SNP_PAGE_NORMAL },
};

static uint64_t ksu_snp_rng = 0x9e3779b97f4a7c15ull;

void ksu_snp_seed(uint64_t seed)
{
	ksu_snp_rng = seed;
}

uint64_t ksu_snp_rnd(void)
{
	ksu_snp_rng ^= ksu_snp_rng << 13;
	ksu_snp_rng ^= ksu_snp_rng >> 7;
	ksu_snp_rng ^= ksu_snp_rng << 17;
	return ksu_snp_rng;
}

void ksu_snp_shuffle(uint32_t *a, int n)
{
	uint32_t t;
	int i, j;

	for (i = n - 1; i > 0; i--) {
		j = ksu_snp_rnd() % (i + 1);
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

long ksu_snp_guests(void)
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

int ksu_snp_rmp_read(struct ksu_snp_rmp *r)
{
	static const struct {
		const char *name;
		size_t off;
	} f[] = {
		{ "hv_fixed", offsetof(struct ksu_snp_rmp, hv_fixed) },
		{ "firmware", offsetof(struct ksu_snp_rmp, firmware) },
		{ "reclaim", offsetof(struct ksu_snp_rmp, reclaim) },
		{ "context", offsetof(struct ksu_snp_rmp, context) },
		{ "pre_guest", offsetof(struct ksu_snp_rmp, pre_guest) },
		{ "guest_invalid", offsetof(struct ksu_snp_rmp, guest_invalid) },
		{ "guest_valid", offsetof(struct ksu_snp_rmp, guest_valid) },
		{ "vmsa", offsetof(struct ksu_snp_rmp, vmsa) },
	};
	char buf[4096], *line, *save = NULL, name[32];
	int len = sst_read(SWFW_DIR "snp/rmp_summary", buf, sizeof(buf));
	size_t i;
	long n;

	memset(r, 0, sizeof(*r));
	if (len < 0)
		return len;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%31s %ld", name, &n) != 2)
			continue;
		for (i = 0; i < ARRAY_SIZE(f); i++)
			if (!strcmp(name, f[i].name))
				*(long *)((char *)r + f[i].off) = n;
	}
	return 0;
}

long ksu_snp_rmp_assigned(void)
{
	struct ksu_snp_rmp r;
	int ret = ksu_snp_rmp_read(&r);

	if (ret)
		return ret;
	return r.firmware + r.reclaim + r.context + r.pre_guest +
	       r.guest_invalid + r.guest_valid;
}

long ksu_snp_leaked(void)
{
	char buf[64];
	int n = sst_read(KSU_SNP_LEAKED_PATH, buf, sizeof(buf));

	return n < 0 ? n : strtol(buf, NULL, 10);
}

int ksu_snp_fw_digest(const char *state, uint8_t ld[48])
{
	char buf[8192], *line, *save = NULL, *p;
	int n = sst_read(SWFW_DIR "snp/guests", buf, sizeof(buf)), i, found = 0;
	unsigned int b;

	if (n < 0)
		return n;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, state))
			continue;
		p = strstr(line, " ld ");
		if (!p)
			return -EPROTO;
		p += 4;
		for (i = 0; i < 48; i++) {
			if (sscanf(p + 2 * i, "%2x", &b) != 1)
				return -EPROTO;
			ld[i] = b;
		}
		found++;
	}
	return found == 1 ? 0 : -ENOENT;
}

int ksu_snp_vm_setup(struct ksu_snp_vm *vm, bool plain)
{
	int ret = ksu_snp_vm_create(vm);

	if (!ret)
		ret = ksu_snp_add_slot(vm, KSU_SNP_SLOT0_GPA, KSU_SNP_SLOT0_SIZE,
				       true);
	if (!ret)
		ret = ksu_snp_add_slot(vm, KSU_SNP_SLOT1_GPA, KSU_SNP_SLOT1_SIZE,
				       true);
	if (!ret && plain)
		ret = ksu_snp_add_slot(vm, KSU_SNP_SLOT2_GPA, KSU_SNP_SLOT2_SIZE,
				       false);
	if (!ret)
		ret = ksu_snp_set_private(vm, KSU_SNP_SLOT0_GPA,
					  KSU_SNP_SLOT0_SIZE, true);
	if (!ret)
		ret = ksu_snp_set_private(vm, KSU_SNP_SLOT1_GPA,
					  KSU_SNP_SLOT1_SIZE, true);
	return ret;
}

int ksu_snp_canonical(struct ksu_snp_vm *vm, uint32_t *err)
{
	struct kvm_sev_launch_config cfg = {
		.flags = KVM_SEV_LAUNCH_F_CANONICAL,
	};

	return ksu_snp_op(vm, KVM_SEV_LAUNCH_CONFIG, &cfg, err);
}

int ksu_snp_update_at(struct ksu_snp_vm *vm, uint64_t gfn, const void *src,
		      uint64_t len, uint8_t type, uint32_t *err,
		      struct ksu_snp_launch_update *out)
{
	struct ksu_snp_launch_update u = {
		.gfn_start = gfn, .uaddr = (uintptr_t)src, .len = len,
		.type = type,
	};
	int ret = ksu_snp_update(vm, &u, err);

	if (out)
		*out = u;
	return ret;
}

int ksu_snp_get_vmsa(struct ksu_snp_vm *vm, int idx, uint8_t *page)
{
	struct kvm_sev_vcpu_vmsa v = {
		.uaddr = (uintptr_t)page, .len = KSU_SNP_PAGE,
	};
	uint32_t err;

	return ksu_op(vm->vcpu_fd[idx], vm->sev_fd, KVM_SEV_VCPU_GET_VMSA, &v,
		      &err);
}

int ksu_snp_give_vmsa(struct ksu_snp_vm *vm, int idx, const uint8_t *page,
		      uint32_t *err)
{
	struct kvm_sev_vcpu_update_vmsa req = {
		.vmsa_uaddr = (uintptr_t)page, .vmsa_len = KSU_SNP_PAGE,
		.flags = KVM_SEV_VMSA_F_PAGE,
	};

	return ksu_op(vm->vcpu_fd[idx], vm->sev_fd, KVM_SEV_LAUNCH_UPDATE_VMSA,
		      &req, err);
}

int ksu_snp_get_log(struct ksu_snp_vm *vm, struct kvm_sev_snp_log_entry *e,
		    uint32_t cap, struct kvm_sev_snp_launch_log *lg,
		    uint32_t *err)
{
	memset(lg, 0, sizeof(*lg));
	lg->entries_uaddr = (uintptr_t)e;
	lg->nr_entries = cap;
	return ksu_snp_op(vm, KVM_SEV_SNP_LAUNCH_GET_LOG, lg, err);
}

int ksu_snp_finish_id(struct ksu_snp_vm *vm, EVP_PKEY *key,
		      const uint8_t ld[48], uint8_t family, uint8_t image,
		      uint32_t *err)
{
	static uint8_t block[SC_IDBLOCK_SIZE], auth[SC_IDAUTH_SIZE];
	struct sc_idblock_in in = { .guest_svn = 1, .policy = KSU_SNP_POLICY };
	struct ksu_snp_launch_finish f = { 0 };

	memcpy(in.ld, ld, 48);
	memset(in.family_id, family, sizeof(in.family_id));
	memset(in.image_id, image, sizeof(in.image_id));
	sc_idblock_build(&in, block);
	if (sc_idauth_build(block, key, NULL, auth))
		return -EPROTO;
	f.id_block_uaddr = (uintptr_t)block;
	f.id_auth_uaddr = (uintptr_t)auth;
	f.id_block_en = 1;
	return ksu_snp_finish(vm, &f, err);
}

static int ksu_snp_kmsg_fd = -1;

void ksu_snp_kmsg_mark(void)
{
	if (ksu_snp_kmsg_fd < 0)
		ksu_snp_kmsg_fd = open("/dev/kmsg",
				       O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (ksu_snp_kmsg_fd >= 0)
		lseek(ksu_snp_kmsg_fd, 0, SEEK_END);
}

/* Each report line is also shown as a TAP comment; -errno without kmsg. */
int ksu_snp_kmsg_reports(void)
{
	static const char *const bad[] = {
		"BUG:", "WARNING:", "KASAN", "UBSAN", "Oops", "Call Trace",
		"general protection", "possible circular", "inconsistent lock",
		"suspicious RCU", "sleeping function called",
	};
	char rec[1024];
	int reports = 0;
	ssize_t n;
	size_t i;

	if (ksu_snp_kmsg_fd < 0)
		return -ENOENT;
	for (;;) {
		n = read(ksu_snp_kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			break;
		rec[n] = 0;
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			if (strstr(rec, bad[i])) {
				rec[strcspn(rec, "\n")] = 0;
				printf("# kernel: %s\n", rec);
				reports++;
				break;
			}
		}
	}
	return reports;
}

int ksu_snp_log_chain(const struct kvm_sev_snp_log_entry *e, uint32_t n,
		      uint8_t ld[48])
{
	static const uint8_t blank[KSU_SNP_PAGE];
	struct sc_snp_launch l;
	struct sc_snp_rec *r;
	uint32_t i;
	int ret;

	sc_snp_init(&l);
	for (i = 0; i < n; i++) {
		/* The record by its hash: the log gives the SHA-384. */
		if (sc_snp_add(&l, e[i].page_type, e[i].gpa, e[i].vcpu_id,
			       blank, "log")) {
			sc_snp_free(&l);
			return -ENOMEM;
		}
		r = &l.recs[l.n - 1];
		memcpy(r->contents, e[i].sha384, 48);
	}
	ret = sc_snp_digest(&l, false, ld) ? -EPROTO : 0;
	sc_snp_free(&l);
	return ret;
}
