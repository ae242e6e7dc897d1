// SPDX-License-Identifier: GPL-2.0
/*
 * SEV-SNP VM helpers for the KVM selftests (see ksu_snp.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

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
