// SPDX-License-Identifier: GPL-2.0
/*
 * sev_fuzz operations: each draws everything it does from the thread's
 * generator, issues ioctls through fz_io() (which counts them) and never
 * dereferences guest memory, which another thread may have unmapped.
 * Guest mappings are only replaced (MAP_FIXED) or unmapped under the VM's
 * lock, so an address range the fuzzer computed never becomes somebody
 * else's mapping behind its back.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <linux/kvm.h>
#include <linux/sev-launch.h>

#include "sev_fuzz.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PARAMS_OFF	0xf000	/* parameter structs live here in scratch */

const char *const fz_class_name[FZ_NCLASSES] = {
	"vm", "vcpu", "launch", "region", "devsev", "life", "mem",
	"race-destroy", "race-unmap", "race-close", "race-dup2", "platform",
};

const char *const fz_key_name[FZ_NKEYS] = {
	"INIT", "ES_INIT", "LAUNCH_START", "LAUNCH_UPDATE_DATA",
	"LAUNCH_UPDATE_VMSA", "LAUNCH_SECRET", "LAUNCH_MEASURE",
	"LAUNCH_FINISH", "SEND_START", "SEND_UPDATE_DATA", "SEND_UPDATE_VMSA",
	"SEND_FINISH", "RECEIVE_START", "RECEIVE_UPDATE_DATA",
	"RECEIVE_UPDATE_VMSA", "RECEIVE_FINISH", "GUEST_STATUS",
	"DBG_DECRYPT", "DBG_ENCRYPT", "CERT_EXPORT", "GET_ATTESTATION_REPORT",
	"SEND_CANCEL", "INIT2", "LAUNCH_CONFIG", "LAUNCH_GET_LOG",
	"VCPU_GET_VMSA(vm fd)", "GET_CAPS", "vm: other id",
	"vcpu: LAUNCH_UPDATE_VMSA", "vcpu: VCPU_GET_VMSA", "vcpu: other id",
	"sev: FACTORY_RESET", "sev: PLATFORM_STATUS", "sev: PEK_GEN",
	"sev: PEK_CSR", "sev: PDH_GEN", "sev: PDH_CERT_EXPORT",
	"sev: PEK_CERT_IMPORT", "sev: GET_ID", "sev: GET_ID2",
	"sev: SNP_PLATFORM_STATUS", "sev: SNP_COMMIT", "sev: SNP_SET_CONFIG",
	"sev: SNP_VLEK_LOAD", "sev: other cmd", "sev: other ioctl",
	"REG_REGION", "UNREG_REGION", "ENCRYPT_OP on a non-VM fd",
};

/* Relative frequency of each class. */
static const unsigned int fz_weight[FZ_NCLASSES] = {
	20, 10, 12, 4, 14, 8, 3, 2, 2, 2, 2, 2,
};

/* splitmix64: small, good enough, and independent per thread. */
uint64_t fz_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t fz_seed_of(uint64_t seed, unsigned int proc, unsigned int thr)
{
	uint64_t s = seed ^ ((uint64_t)proc << 40) ^ ((uint64_t)thr << 20);

	return fz_rand(&s);
}

static inline uint64_t rnd(struct fz_thr *t, uint64_t n)
{
	return n ? fz_rand(&t->rng) % n : 0;
}

static inline bool one_in(struct fz_thr *t, unsigned int n)
{
	return rnd(t, n) == 0;
}

static inline int ld(const int *fd)
{
	return __atomic_load_n(fd, __ATOMIC_RELAXED);
}

static inline void st(int *fd, int v)
{
	__atomic_store_n(fd, v, __ATOMIC_RELAXED);
}

/* Issue and count one ioctl. */
static int fz_io(struct fz_thr *t, int key, int fd, unsigned long req,
		 void *arg)
{
	int ret = ioctl(fd, req, arg);
	int e = ret < 0 ? errno : 0;

	if (e < 0 || e >= FZ_NERR)
		e = FZ_NERR - 1;
	__atomic_fetch_add(&t->st->n[key][e], 1, __ATOMIC_RELAXED);
	return ret < 0 ? -e : ret;
}

/* ---- hostile values ------------------------------------------------- */

/* An address: mostly valid user memory, else every kind of bad. */
static uint64_t fz_addr(struct fz_thr *t)
{
	switch (rnd(t, 12)) {
	case 0:
		return 0;
	case 1:
		return (uintptr_t)t->none + rnd(t, 4096);
	case 2:
		return one_in(t, 2) ? 0xffffffff81000000ULL :
		       0xffff888000001000ULL + rnd(t, 1 << 20);
	case 3:
		return 0x0000800000000000ULL - rnd(t, 2) * 0x800;
	case 4:
		return fz_rand(&t->rng);
	case 5:
		return (uintptr_t)t->scratch + 1 + rnd(t, 4095);
	default:
		return (uintptr_t)t->scratch + (rnd(t, 16) << 12);
	}
}

/* An address in (or just around) a VM's guest memory. */
static uint64_t fz_gaddr(struct fz_thr *t, struct fz_vm *vm)
{
	uint64_t base = (uintptr_t)__atomic_load_n(&vm->mem, __ATOMIC_RELAXED);

	if (!base || one_in(t, 8))
		return fz_addr(t);
	switch (rnd(t, 8)) {
	case 0:		/* across the boundary of the two memslots */
		return base + FZ_SLOT - 16 * (1 + rnd(t, 256));
	case 1:		/* running off the end of the second one */
		return base + 2 * FZ_SLOT - 16 * (1 + rnd(t, 64));
	case 2:		/* unaligned */
		return base + rnd(t, 2 * FZ_SLOT);
	case 3:		/* a few fixed ranges, so that updates overlap */
		return base + (uint64_t[]){ 0, 0x1000, 0x1800, 0x4000 }[rnd(t, 4)];
	default:
		return base + (rnd(t, 2 * FZ_SLOT) & ~0xfULL);
	}
}

static uint32_t fz_len(struct fz_thr *t, uint32_t good)
{
	static const uint32_t odd[] = {
		0, 1, 15, 16, 47, 48, 52, 128, 2083, 2084, 4095, 4096, 4097,
		16384, 16385, FZ_SLOT, 2 * FZ_SLOT, 0x7fffffff, 0x80000000,
		0xfffff000, 0xfffffff0, 0xffffffff,
	};

	switch (rnd(t, 6)) {
	case 0:
		return odd[rnd(t, ARRAY_SIZE(odd))];
	case 1:
		return (uint32_t)fz_rand(&t->rng);
	case 2:
		return 16 * (1 + rnd(t, 1024));
	default:
		return good;
	}
}

/*
 * Padding fields: older system headers leave them unnamed, so write them
 * by offset.
 */
static void poke32(void *base, size_t off, uint32_t v)
{
	memcpy((uint8_t *)base + off, &v, sizeof(v));
}

static void fz_fill(struct fz_thr *t, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)fz_rand(&t->rng);
}

/* Reserved fields: almost always zero. */
static uint32_t fz_rsvd(struct fz_thr *t)
{
	return one_in(t, 12) ? (uint32_t)fz_rand(&t->rng) | 1 : 0;
}

static struct fz_vm *fz_pick_vm(struct fz_thr *t)
{
	return &t->p->vm[rnd(t, FZ_VMS)];
}

static int fz_sev_fd(struct fz_thr *t, struct fz_vm *vm)
{
	switch (rnd(t, 16)) {
	case 0:
		return -1;
	case 1:
		return ld(&vm->fd);
	case 2:
		return ld(&t->p->sev[rnd(t, FZ_SEVS)]);
	case 3:
		return (int)rnd(t, 1024);
	default:
		return ld(&vm->sev_fd);
	}
}

/* ---- KVM_MEMORY_ENCRYPT_OP ------------------------------------------ */

static int fz_vm_key(uint32_t id)
{
	if (id <= KVM_SEV_INIT2)
		return FZ_K_VM + id;
	if (id >= KVM_SEV_LAUNCH_CONFIG && id <= KVM_SEV_GET_CAPS)
		return FZ_K_VM_SEVL + id - KVM_SEV_LAUNCH_CONFIG;
	return FZ_K_VM_OTHER;
}

static int fz_enc(struct fz_thr *t, int key, int fd, uint32_t id, void *data,
		  int sev_fd)
{
	struct kvm_sev_cmd cmd = {
		.id = id, .data = (uintptr_t)data, .error = 0xa5a5a5a5,
		.sev_fd = (uint32_t)sev_fd,
	};

	if (one_in(t, 24))
		poke32(&cmd, 4, (uint32_t)fz_rand(&t->rng));	/* pad0 */
	if (one_in(t, 40))
		return fz_io(t, key, fd, KVM_MEMORY_ENCRYPT_OP,
			     (void *)(uintptr_t)fz_addr(t));
	return fz_io(t, key, fd, KVM_MEMORY_ENCRYPT_OP, &cmd);
}

static int fz_vm_cmd(struct fz_thr *t, struct fz_vm *vm, uint32_t id,
		     void *data)
{
	return fz_enc(t, fz_vm_key(id), ld(&vm->fd), id, data,
		      fz_sev_fd(t, vm));
}

/* Fill the parameter block of @id with plausible but perturbed values. */
static void *fz_params(struct fz_thr *t, struct fz_vm *vm, uint32_t id)
{
	uint8_t *p = t->scratch + PARAMS_OFF;

	memset(p, 0, 256);
	switch (id) {
	case KVM_SEV_INIT2: {
		struct kvm_sev_init *s = (void *)p;

		s->vmsa_features = one_in(t, 3) ? fz_rand(&t->rng) & 0xff : 0;
		s->flags = fz_rsvd(t);
		s->ghcb_version = rnd(t, 4);
		s->pad2[rnd(t, 8)] = fz_rsvd(t);
		break;
	}
	case KVM_SEV_LAUNCH_START: {
		struct kvm_sev_launch_start *s = (void *)p;

		s->handle = one_in(t, 8) ? (uint32_t)rnd(t, 70) : 0;
		s->policy = vm->es ? SEV_POLICY_ES : 0;
		if (one_in(t, 4))
			s->policy = (uint32_t)fz_rand(&t->rng);
		if (one_in(t, 4)) {
			s->dh_uaddr = fz_addr(t);
			s->dh_len = fz_len(t, SEV_LAUNCH_CERT_SIZE);
			s->session_uaddr = fz_addr(t);
			s->session_len = fz_len(t, SEV_LAUNCH_SESSION_SIZE);
		}
		poke32(s, 20, fz_rsvd(t));	/* pad0 */
		break;
	}
	case KVM_SEV_LAUNCH_UPDATE_DATA: {
		struct kvm_sev_launch_update_data *s = (void *)p;

		s->uaddr = fz_gaddr(t, vm);
		s->len = fz_len(t, 16 * (1 + rnd(t, 512)));
		poke32(s, 12, fz_rsvd(t));	/* pad0 */
		break;
	}
	case KVM_SEV_LAUNCH_SECRET: {
		struct kvm_sev_launch_secret *s = (void *)p;

		s->hdr_uaddr = fz_addr(t);
		s->hdr_len = fz_len(t, SEV_LAUNCH_SECRET_HDR_SIZE);
		s->guest_uaddr = fz_gaddr(t, vm);
		s->guest_len = fz_len(t, 16 * (1 + rnd(t, 64)));
		s->trans_uaddr = fz_addr(t);
		s->trans_len = one_in(t, 2) ? s->guest_len : fz_len(t, 64);
		break;
	}
	case KVM_SEV_LAUNCH_MEASURE:
	case KVM_SEV_LAUNCH_GET_LOG:
	case KVM_SEV_VCPU_GET_VMSA: {
		struct kvm_sev_launch_measure *s = (void *)p;

		s->uaddr = one_in(t, 4) ? 0 : fz_addr(t);
		s->len = fz_len(t, id == KVM_SEV_LAUNCH_MEASURE ?
				SEV_LAUNCH_MEASURE_SIZE : rnd(t, 8));
		break;
	}
	case KVM_SEV_DBG_DECRYPT:
	case KVM_SEV_DBG_ENCRYPT: {
		struct kvm_sev_dbg *s = (void *)p;

		s->src_uaddr = id == KVM_SEV_DBG_DECRYPT ? fz_gaddr(t, vm) :
			       fz_addr(t);
		s->dst_uaddr = id == KVM_SEV_DBG_DECRYPT ? fz_addr(t) :
			       fz_gaddr(t, vm);
		s->len = fz_len(t, 16 * (1 + rnd(t, 256)));
		break;
	}
	case KVM_SEV_LAUNCH_CONFIG: {
		struct kvm_sev_launch_config *s = (void *)p;

		s->flags = rnd(t, 4);
		s->vmsa_fpu = rnd(t, 4);
		s->reserved[rnd(t, 3)] = fz_rsvd(t);
		break;
	}
	default:	/* GUEST_STATUS, GET_CAPS, migration, unknown */
		if (one_in(t, 2))
			fz_fill(t, p, 256);
		break;
	}
	return one_in(t, 8) ? (void *)(uintptr_t)fz_addr(t) : p;
}

static uint32_t fz_vm_id(struct fz_thr *t)
{
	if (one_in(t, 16))
		return (uint32_t)fz_rand(&t->rng) >> rnd(t, 32);
	if (one_in(t, 5))
		return KVM_SEV_LAUNCH_CONFIG + rnd(t, 4);
	return rnd(t, KVM_SEV_INIT2 + 1);
}

static void op_vm(struct fz_thr *t)
{
	struct fz_vm *vm = fz_pick_vm(t);
	uint32_t id = fz_vm_id(t);

	fz_vm_cmd(t, vm, id, fz_params(t, vm, id));
}

static int fz_vcpu_fd(struct fz_thr *t, struct fz_vm *vm)
{
	return ld(&vm->vcpu[rnd(t, FZ_VCPUS)]);
}

/* LAUNCH_UPDATE_VMSA or VCPU_GET_VMSA on one vCPU fd. */
static void fz_vcpu_cmd(struct fz_thr *t, struct fz_vm *vm, int fd, bool sane)
{
	uint8_t *p = t->scratch + PARAMS_OFF;
	struct kvm_sev_vcpu_update_vmsa *u = (void *)p;
	struct kvm_sev_vcpu_vmsa *g = (void *)p;
	uint32_t id;
	int key;

	memset(p, 0, 256);
	switch (rnd(t, sane ? 2 : 6)) {
	case 0:		/* synced from the registers, the VM's features */
		fz_enc(t, FZ_K_VCPU_VMSA, fd, KVM_SEV_LAUNCH_UPDATE_VMSA,
		       NULL, ld(&vm->sev_fd));
		return;
	case 1:
	case 2:
		id = KVM_SEV_LAUNCH_UPDATE_VMSA;
		key = FZ_K_VCPU_VMSA;
		if (one_in(t, 2)) {
			u->flags = KVM_SEV_VMSA_F_PAGE;
			u->vmsa_uaddr = one_in(t, 4) ? fz_addr(t) :
					(uintptr_t)t->scratch;
			u->vmsa_len = fz_len(t, SEV_LAUNCH_VMSA_SIZE);
			if (one_in(t, 2))
				fz_fill(t, t->scratch, 4096);
		} else {
			u->sev_features = one_in(t, 2) ? 0 :
				one_in(t, 2) ? SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP :
				fz_rand(&t->rng);
		}
		u->flags |= one_in(t, 16) ? (uint32_t)fz_rand(&t->rng) : 0;
		u->reserved[rnd(t, 2)] = fz_rsvd(t);
		break;
	case 3:
	case 4:
		id = KVM_SEV_VCPU_GET_VMSA;
		key = FZ_K_VCPU_GET;
		g->uaddr = one_in(t, 4) ? fz_addr(t) : (uintptr_t)t->scratch;
		g->len = fz_len(t, SEV_LAUNCH_VMSA_SIZE);
		break;
	default:
		id = fz_vm_id(t);
		key = FZ_K_VCPU_OTHER;
		fz_fill(t, p, 64);
		break;
	}
	fz_enc(t, key, fd, id, one_in(t, 10) ?
	       (void *)(uintptr_t)fz_addr(t) : p, fz_sev_fd(t, vm));
}

static void op_vcpu(struct fz_thr *t)
{
	struct fz_vm *vm = fz_pick_vm(t);

	fz_vcpu_cmd(t, vm, fz_vcpu_fd(t, vm), false);
}

static void op_region(struct fz_thr *t)
{
	struct fz_vm *vm = fz_pick_vm(t);
	struct kvm_enc_region r = {
		.addr = fz_gaddr(t, vm),
		.size = one_in(t, 4) ? fz_rand(&t->rng) >> rnd(t, 64) :
			fz_len(t, FZ_SLOT),
	};
	bool reg = !one_in(t, 3);

	fz_io(t, reg ? FZ_K_REG : FZ_K_UNREG, ld(&vm->fd),
	      reg ? KVM_MEMORY_ENCRYPT_REG_REGION :
	      KVM_MEMORY_ENCRYPT_UNREG_REGION, &r);
}

/* ---- VM lifecycle ---------------------------------------------------- */

/* Tear a VM down; vm->lock held. */
static void fz_vm_destroy_locked(struct fz_vm *vm)
{
	int i, fd;

	for (i = 0; i < FZ_VCPUS; i++) {
		fd = ld(&vm->vcpu[i]);
		st(&vm->vcpu[i], -1);
		if (fd >= 0)
			close(fd);
	}
	fd = ld(&vm->fd);
	st(&vm->fd, -1);
	if (fd >= 0)
		close(fd);
	fd = ld(&vm->sev_fd);
	st(&vm->sev_fd, -1);
	if (fd >= 0)
		close(fd);
	if (vm->mem) {
		void *mem = vm->mem;

		__atomic_store_n(&vm->mem, NULL, __ATOMIC_RELAXED);
		munmap(mem, 2 * FZ_SLOT);
	}
	if (vm->memfd >= 0)
		close(vm->memfd);
	vm->memfd = -1;
	vm->live = false;
}

static void fz_vm_destroy(struct fz_vm *vm)
{
	pthread_mutex_lock(&vm->lock);
	fz_vm_destroy_locked(vm);
	pthread_mutex_unlock(&vm->lock);
}

static void fz_add_vcpu_locked(struct fz_thr *t, struct fz_vm *vm)
{
	int i, fd;

	for (i = 0; i < FZ_VCPUS && ld(&vm->vcpu[i]) >= 0; i++)
		;
	fd = ioctl(ld(&vm->fd), KVM_CREATE_VCPU, (unsigned long)rnd(t, 6));
	if (i < FZ_VCPUS)
		st(&vm->vcpu[i], fd);
	else if (fd >= 0)
		close(fd);
}

/* Create a VM of a random kind in slot @vm; vm->lock held. */
static void fz_vm_create_locked(struct fz_thr *t, struct fz_vm *vm)
{
	static const unsigned long types[] = {
		KVM_X86_SEV_ES_VM, KVM_X86_SEV_ES_VM, KVM_X86_SEV_ES_VM,
		KVM_X86_SEV_VM, KVM_X86_SEV_VM, KVM_X86_DEFAULT_VM,
		KVM_X86_DEFAULT_VM, KVM_X86_DEFAULT_VM,
	};
	unsigned int kind = rnd(t, ARRAY_SIZE(types));
	struct kvm_userspace_memory_region r;
	uint64_t gpa2 = one_in(t, 2) ? FZ_SLOT : 0x100000;
	int i, n = 1 + rnd(t, FZ_VCPUS);
	void *mem;

	fz_vm_destroy_locked(vm);
	vm->live = true;
	vm->es = kind < 3 || kind == 5;
	st(&vm->sev_fd, open("/dev/sev", O_RDWR | O_CLOEXEC));
	st(&vm->fd, ioctl(ld(&t->p->kvm), KVM_CREATE_VM, types[kind]));
	if (kind < 5) {
		fz_vm_cmd(t, vm, KVM_SEV_INIT2, fz_params(t, vm, KVM_SEV_INIT2));
	} else if (kind < 7) {
		fz_enc(t, FZ_K_VM + (kind == 5 ? KVM_SEV_ES_INIT : KVM_SEV_INIT),
		       ld(&vm->fd), kind == 5 ? KVM_SEV_ES_INIT : KVM_SEV_INIT,
		       NULL, ld(&vm->sev_fd));
	}	/* kind 7: no SEV at all */

	vm->memfd = memfd_create("sev-fuzz", MFD_CLOEXEC);
	if (vm->memfd >= 0 && !ftruncate(vm->memfd, 2 * FZ_SLOT)) {
		mem = mmap(NULL, 2 * FZ_SLOT, PROT_READ | PROT_WRITE,
			   MAP_SHARED, vm->memfd, 0);
		if (mem != MAP_FAILED) {
			fz_fill(t, mem, 256);
			__atomic_store_n(&vm->mem, mem, __ATOMIC_RELAXED);
		}
	}
	for (i = 0; vm->mem && i < 2; i++) {
		r = (struct kvm_userspace_memory_region){
			.slot = i,
			.guest_phys_addr = i ? gpa2 : 0,
			.memory_size = FZ_SLOT,
			.userspace_addr = (uintptr_t)vm->mem + i * FZ_SLOT,
		};
		ioctl(ld(&vm->fd), KVM_SET_USER_MEMORY_REGION, &r);
	}
	for (i = 0; i < n; i++)
		fz_add_vcpu_locked(t, vm);
}

/* A live VM in a random slot, created now if needed. */
static struct fz_vm *fz_live_vm(struct fz_thr *t)
{
	struct fz_vm *vm = fz_pick_vm(t);
	uint64_t seed = fz_rand(&t->rng);

	pthread_mutex_lock(&vm->lock);
	if (!vm->live) {
		/* Same draws whether or not another thread created it. */
		struct fz_thr c = *t;

		c.rng = seed;
		fz_vm_create_locked(&c, vm);
	}
	pthread_mutex_unlock(&vm->lock);
	return vm;
}

static void fz_reopen(int *slot, int flags)
{
	int fd = open("/dev/sev", flags | O_CLOEXEC);

	if (fd < 0)
		return;
	/* dup2 replaces the number atomically for the other threads. */
	if (dup2(fd, ld(slot)) < 0)
		st(slot, dup(fd));
	close(fd);
}

static void op_life(struct fz_thr *t)
{
	struct fz_vm *vm = fz_pick_vm(t);
	uint64_t seed = fz_rand(&t->rng);
	struct fz_thr c = *t;
	int fd;

	c.rng = seed;
	switch (rnd(t, 6)) {
	case 0:
		fz_vm_destroy(vm);
		break;
	case 1:
		pthread_mutex_lock(&vm->lock);
		fz_vm_create_locked(&c, vm);
		pthread_mutex_unlock(&vm->lock);
		break;
	case 2:
		pthread_mutex_lock(&vm->lock);
		if (vm->live)
			fz_add_vcpu_locked(&c, vm);
		pthread_mutex_unlock(&vm->lock);
		break;
	case 3:
		fz_reopen(&t->p->sev[rnd(t, FZ_SEVS)],
			  one_in(t, 3) ? O_RDONLY : O_RDWR);
		break;
	case 4:		/* another /dev/sev file, or none, under the VM */
		fd = one_in(t, 2) ? ld(&t->p->sev[rnd(t, FZ_SEVS)]) :
		     ld(&t->p->kvm);
		pthread_mutex_lock(&vm->lock);
		if (vm->live && ld(&vm->sev_fd) >= 0)
			dup2(fd, ld(&vm->sev_fd));
		pthread_mutex_unlock(&vm->lock);
		break;
	default:	/* an SEV command on a fd that is no VM */
		fz_enc(t, FZ_K_FOREIGN, one_in(t, 2) ? ld(&t->p->kvm) :
		       ld(&t->p->sev[0]), fz_vm_id(t),
		       fz_params(t, vm, KVM_SEV_LAUNCH_START), -1);
		break;
	}
}

/* Replace, punch or restore guest memory under a live VM. */
static void op_mem(struct fz_thr *t)
{
	struct fz_vm *vm = fz_pick_vm(t);
	unsigned int what = rnd(t, 4), half = rnd(t, 2);
	uint8_t *at;

	pthread_mutex_lock(&vm->lock);
	if (!vm->live || !vm->mem)
		goto out;
	at = vm->mem + half * FZ_SLOT;
	switch (what) {
	case 0:		/* as good as unmapped, but still reserved */
		mmap(at, FZ_SLOT, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		break;
	case 1:		/* other memory at the same address */
		mmap(at, FZ_SLOT, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		break;
	case 2:
		fallocate(vm->memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			  half * FZ_SLOT, FZ_SLOT);
		break;
	default:
		mmap(at, FZ_SLOT, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		     vm->memfd, half * FZ_SLOT);
		break;
	}
out:
	pthread_mutex_unlock(&vm->lock);
}

/* ---- a launch, mostly in order ---------------------------------------- */

static void op_launch(struct fz_thr *t)
{
	struct fz_vm *vm = fz_live_vm(t);
	uint8_t *p = t->scratch + PARAMS_OFF;
	int i, n;

	if (one_in(t, 3)) {
		struct kvm_sev_launch_config *c = (void *)p;

		*c = (struct kvm_sev_launch_config){
			.flags = rnd(t, 2), .vmsa_fpu = rnd(t, 3) };
		fz_vm_cmd(t, vm, KVM_SEV_LAUNCH_CONFIG,
			  one_in(t, 8) ? fz_params(t, vm, 200) : p);
	}
	if (!one_in(t, 8)) {
		struct kvm_sev_launch_start *s = (void *)p;

		*s = (struct kvm_sev_launch_start){
			.policy = (vm->es ? SEV_POLICY_ES : 0) |
				  (one_in(t, 4) ? SEV_POLICY_NODBG : 0) };
		fz_vm_cmd(t, vm, KVM_SEV_LAUNCH_START, one_in(t, 8) ?
			  fz_params(t, vm, KVM_SEV_LAUNCH_START) : p);
	}
	for (n = rnd(t, 4), i = 0; i < n; i++) {
		struct kvm_sev_launch_update_data *d = (void *)p;
		uint64_t base = (uintptr_t)__atomic_load_n(&vm->mem,
							  __ATOMIC_RELAXED);

		*d = (struct kvm_sev_launch_update_data){
			.uaddr = base + (uint64_t[]){ 0, 0x1000, 0x1800,
				 0x3ff0, FZ_SLOT - 0x800 }[rnd(t, 5)],
			.len = (uint32_t[]){ 0x10, 0x800, 0x1000, 0x2000 }
			       [rnd(t, 4)] };
		fz_vm_cmd(t, vm, KVM_SEV_LAUNCH_UPDATE_DATA, one_in(t, 8) ?
			  fz_params(t, vm, KVM_SEV_LAUNCH_UPDATE_DATA) : p);
	}
	if (one_in(t, 2)) {
		fz_vm_cmd(t, vm, KVM_SEV_LAUNCH_UPDATE_VMSA, NULL);
	} else {
		for (i = 0; i < FZ_VCPUS; i++)
			if (!one_in(t, 6))
				fz_vcpu_cmd(t, vm, ld(&vm->vcpu[i]),
					    !one_in(t, 6));
	}
	if (one_in(t, 3))
		fz_vm_cmd(t, vm, KVM_SEV_LAUNCH_GET_LOG,
			  fz_params(t, vm, KVM_SEV_LAUNCH_GET_LOG));
	for (i = 0; i < 2; i++) {
		struct kvm_sev_launch_measure *m = (void *)p;

		*m = (struct kvm_sev_launch_measure){
			.uaddr = i ? (uintptr_t)t->scratch : 0,
			.len = i ? SEV_LAUNCH_MEASURE_SIZE : 0 };
		if (!one_in(t, 6))
			fz_vm_cmd(t, vm, KVM_SEV_LAUNCH_MEASURE, p);
	}
	if (one_in(t, 4))
		fz_vm_cmd(t, vm, KVM_SEV_LAUNCH_SECRET,
			  fz_params(t, vm, KVM_SEV_LAUNCH_SECRET));
	if (!one_in(t, 6))
		fz_vm_cmd(t, vm, KVM_SEV_LAUNCH_FINISH, NULL);
	/* After FINISH: measure again, start again, status, debug. */
	for (n = rnd(t, 4), i = 0; i < n; i++) {
		static const uint32_t after[] = {
			KVM_SEV_LAUNCH_MEASURE, KVM_SEV_LAUNCH_START,
			KVM_SEV_GUEST_STATUS, KVM_SEV_DBG_DECRYPT,
			KVM_SEV_DBG_ENCRYPT, KVM_SEV_LAUNCH_UPDATE_DATA,
		};
		uint32_t id = after[rnd(t, ARRAY_SIZE(after))];

		fz_vm_cmd(t, vm, id, fz_params(t, vm, id));
	}
	if (one_in(t, 4))
		fz_vm_destroy(vm);
}

/* ---- /dev/sev --------------------------------------------------------- */

static void fz_sev_cmd(struct fz_thr *t, int fd, uint32_t cmd)
{
	uint8_t *p = t->scratch + PARAMS_OFF;
	struct sev_issue_cmd arg = { .cmd = cmd, .data = (uintptr_t)p,
				     .error = 0xa5a5a5a5 };
	int key = cmd < SEV_MAX ? FZ_K_SEV + (int)cmd : FZ_K_SEV_OTHER;
	uint64_t a1 = one_in(t, 3) ? fz_addr(t) : (uintptr_t)t->scratch;
	uint64_t a2 = one_in(t, 3) ? fz_addr(t) :
		      (uintptr_t)t->scratch + 0x1000;

	memset(p, 0, 256);
	switch (cmd) {
	case SEV_PEK_CSR:
	case SEV_GET_ID2: {
		struct sev_user_data_pek_csr *c = (void *)p;

		c->address = one_in(t, 4) ? 0 : a1;
		c->length = fz_len(t, one_in(t, 3) ? 0 :
				   cmd == SEV_PEK_CSR ? 2084 : 64);
		break;
	}
	case SEV_PDH_CERT_EXPORT:
	case SEV_PEK_CERT_IMPORT: {
		struct sev_user_data_pdh_cert_export *x = (void *)p;

		x->pdh_cert_address = one_in(t, 4) ? 0 : a1;
		x->pdh_cert_len = fz_len(t, 2084);
		x->cert_chain_address = one_in(t, 4) ? 0 : a2;
		x->cert_chain_len = fz_len(t, cmd == SEV_PDH_CERT_EXPORT ?
					   3 * 2084 : 2084);
		if (cmd == SEV_PEK_CERT_IMPORT && one_in(t, 2))
			fz_fill(t, t->scratch, 0x2000);
		break;
	}
	case SEV_GET_ID:
		arg.data = a1;
		break;
	case SEV_PLATFORM_STATUS:
	case SEV_FACTORY_RESET:
	case SEV_PEK_GEN:
	case SEV_PDH_GEN:
		if (one_in(t, 4))
			arg.data = fz_addr(t);
		break;
	default:	/* SNP and unknown ids: garbage */
		fz_fill(t, p, 256);
		break;
	}
	if (one_in(t, 10))
		arg.data = fz_addr(t);
	fz_io(t, key, fd, SEV_ISSUE_CMD, one_in(t, 30) ?
	      (void *)(uintptr_t)fz_addr(t) : &arg);
}

static void op_devsev(struct fz_thr *t)
{
	static const uint32_t cmds[] = {
		SEV_PLATFORM_STATUS, SEV_PEK_CSR, SEV_PDH_CERT_EXPORT,
		SEV_PEK_CERT_IMPORT, SEV_GET_ID, SEV_GET_ID2,
		SNP_PLATFORM_STATUS, SNP_COMMIT, SNP_SET_CONFIG, SNP_VLEK_LOAD,
	};
	int fd = ld(&t->p->sev[rnd(t, FZ_SEVS)]);
	uint32_t cmd = cmds[rnd(t, ARRAY_SIZE(cmds))];

	if (one_in(t, 16))
		cmd = (uint32_t)fz_rand(&t->rng) >> rnd(t, 32);
	if (one_in(t, 32)) {
		unsigned long req = one_in(t, 2) ?
			_IOWR('S', 1 + rnd(t, 4), struct sev_issue_cmd) :
			(unsigned long)(uint32_t)fz_rand(&t->rng);

		fz_io(t, FZ_K_SEV_IOCTL, fd, req, t->scratch);
		return;
	}
	fz_sev_cmd(t, fd, cmd);
}

/* FACTORY_RESET, PEK_GEN, PDH_GEN, whatever guests exist. */
static void op_platform(struct fz_thr *t)
{
	static const uint32_t cmds[] = {
		SEV_FACTORY_RESET, SEV_PEK_GEN, SEV_PDH_GEN,
	};

	fz_sev_cmd(t, ld(&t->p->sev[rnd(t, FZ_SEVS)]),
		   cmds[rnd(t, ARRAY_SIZE(cmds))]);
}

/* ---- races ------------------------------------------------------------- */

/**
 * struct fz_race - a helper thread hammering a VM while its owner acts
 * @t: the helper's own thread state (generator seeded by the owner)
 * @vm: the VM
 * @kind: which class the race belongs to
 * @addr: for race-unmap: the mapping being unmapped
 */
struct fz_race {
	struct fz_thr t;
	struct fz_vm *vm;
	int kind;
	uint64_t addr;
};

static void *fz_race_fn(void *arg)
{
	struct fz_race *r = arg;
	struct fz_thr *t = &r->t;
	struct fz_vm *vm = r->vm;
	uint8_t *p = t->scratch + PARAMS_OFF;
	int i;

	for (i = 0; i < 12; i++) {
		switch (r->kind) {
		case FZ_C_RACE_DESTROY:
			fz_vcpu_cmd(t, vm, fz_vcpu_fd(t, vm), one_in(t, 2));
			break;
		case FZ_C_RACE_UNMAP: {
			struct kvm_sev_launch_update_data *d = (void *)p;

			*d = (struct kvm_sev_launch_update_data){
				.uaddr = r->addr ? r->addr + 0x1000 * rnd(t, 8) :
					 fz_gaddr(t, vm),
				.len = 0x1000 * (1 + rnd(t, 8)) };
			fz_vm_cmd(t, vm, one_in(t, 3) ? KVM_SEV_DBG_ENCRYPT :
				  KVM_SEV_LAUNCH_UPDATE_DATA, p);
			break;
		}
		case FZ_C_RACE_CLOSE: {
			static const uint32_t ids[] = {
				KVM_SEV_LAUNCH_START, KVM_SEV_LAUNCH_UPDATE_DATA,
				KVM_SEV_LAUNCH_MEASURE, KVM_SEV_LAUNCH_GET_LOG,
				KVM_SEV_LAUNCH_UPDATE_VMSA, KVM_SEV_LAUNCH_FINISH,
			};
			uint32_t id = ids[rnd(t, ARRAY_SIZE(ids))];

			fz_vm_cmd(t, vm, id, fz_params(t, vm, id));
			break;
		}
		default: {	/* race-dup2: START, the rest of a launch */
			struct kvm_sev_launch_start *s = (void *)p;

			*s = (struct kvm_sev_launch_start){
				.policy = vm->es ? SEV_POLICY_ES : 0 };
			fz_enc(t, FZ_K_VM + KVM_SEV_LAUNCH_START, ld(&vm->fd),
			       KVM_SEV_LAUNCH_START, p, ld(&vm->sev_fd));
			if (i > 2)
				fz_vm_cmd(t, vm, KVM_SEV_LAUNCH_FINISH, NULL);
			break;
		}
		}
	}
	return NULL;
}

static void op_race(struct fz_thr *t, int kind)
{
	struct fz_vm *vm = fz_live_vm(t);
	unsigned int delay = rnd(t, 3000);
	struct fz_race r = { .t = *t, .vm = vm, .kind = kind };
	void *tmp = MAP_FAILED;
	pthread_t th;
	int fd;

	r.t.rng = fz_rand(&t->rng);
	if (kind == FZ_C_RACE_DUP2 && !one_in(t, 4)) {
		/* A fresh VM, so that the helper's START is the first. */
		struct fz_thr c = *t;

		c.rng = fz_rand(&t->rng);
		pthread_mutex_lock(&vm->lock);
		fz_vm_create_locked(&c, vm);
		pthread_mutex_unlock(&vm->lock);
	}
	if (kind == FZ_C_RACE_UNMAP && one_in(t, 2)) {
		tmp = mmap(NULL, 0x8000, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (tmp != MAP_FAILED)
			r.addr = (uintptr_t)tmp;
	}
	if (pthread_create(&th, NULL, fz_race_fn, &r))
		return;
	usleep(delay);
	switch (kind) {
	case FZ_C_RACE_UNMAP:
		if (tmp != MAP_FAILED) {
			munmap(tmp, 0x8000);	/* nobody else knows it */
			break;
		}
		pthread_mutex_lock(&vm->lock);
		if (vm->live && vm->mem)
			mmap(vm->mem, 2 * FZ_SLOT, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		pthread_mutex_unlock(&vm->lock);
		break;
	case FZ_C_RACE_DUP2:
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		pthread_mutex_lock(&vm->lock);
		if (vm->live && ld(&vm->sev_fd) >= 0 && fd >= 0) {
			int sev = open("/dev/sev", O_RDWR | O_CLOEXEC);

			dup2(fd, ld(&vm->sev_fd));
			usleep(delay / 4);
			if (sev >= 0) {
				dup2(sev, ld(&vm->sev_fd));
				close(sev);
			}
		}
		pthread_mutex_unlock(&vm->lock);
		if (fd >= 0)
			close(fd);
		break;
	default:	/* race-destroy, race-close */
		fz_vm_destroy(vm);
		break;
	}
	pthread_join(th, NULL);
	if (kind == FZ_C_RACE_DUP2 && one_in(t, 2))
		fz_vm_destroy(vm);
}

/* ---- dispatch ------------------------------------------------------- */

void fz_proc_init(struct fz_proc *p, uint32_t mask)
{
	int i, j;

	memset(p, 0, sizeof(*p));
	p->mask = mask;
	p->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	for (i = 0; i < FZ_SEVS; i++)
		p->sev[i] = open("/dev/sev", (i == FZ_SEVS - 1 ? O_RDONLY :
					      O_RDWR) | O_CLOEXEC);
	for (i = 0; i < FZ_VMS; i++) {
		struct fz_vm *vm = &p->vm[i];

		pthread_mutex_init(&vm->lock, NULL);
		vm->fd = vm->sev_fd = vm->memfd = -1;
		for (j = 0; j < FZ_VCPUS; j++)
			vm->vcpu[j] = -1;
	}
}

void fz_proc_fini(struct fz_proc *p)
{
	int i;

	for (i = 0; i < FZ_VMS; i++)
		fz_vm_destroy(&p->vm[i]);
	for (i = 0; i < FZ_SEVS; i++)
		if (p->sev[i] >= 0)
			close(p->sev[i]);
	if (p->kvm >= 0)
		close(p->kvm);
}

int fz_step(struct fz_thr *t)
{
	unsigned int total = 0, r, c;

	for (c = 0; c < FZ_NCLASSES; c++)
		if (t->p->mask & (1u << c))
			total += fz_weight[c];
	if (!total)
		return -1;
	r = rnd(t, total);
	for (c = 0; c < FZ_NCLASSES; c++) {
		if (!(t->p->mask & (1u << c)))
			continue;
		if (r < fz_weight[c])
			break;
		r -= fz_weight[c];
	}
	switch (c) {
	case FZ_C_VM:
		op_vm(t);
		break;
	case FZ_C_VCPU:
		op_vcpu(t);
		break;
	case FZ_C_LAUNCH:
		op_launch(t);
		break;
	case FZ_C_REGION:
		op_region(t);
		break;
	case FZ_C_DEVSEV:
		op_devsev(t);
		break;
	case FZ_C_LIFE:
		op_life(t);
		break;
	case FZ_C_MEM:
		op_mem(t);
		break;
	case FZ_C_PLATFORM:
		op_platform(t);
		break;
	default:
		op_race(t, c);
		break;
	}
	__atomic_fetch_add(&t->st->ops[c], 1, __ATOMIC_RELAXED);
	return c;
}
