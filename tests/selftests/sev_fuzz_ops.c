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

#define PARAMS_OFF	0xf000	/* parameter structs live here in scratch */

/* Relative frequency of each class. */
static const unsigned int fz_weight[FZ_NCLASSES] = {
	20, 10, 12, 4, 14, 8, 3, 2, 2, 2, 2, 2,
};

static void op_vm(struct fz_thr *t)
{
	struct fz_vm *vm = fz_pick_vm(t);
	uint32_t id = fz_vm_id(t);

	fz_vm_cmd(t, vm, id, fz_params(t, vm, id));
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
		munmap((uint8_t *)mem - 4096, 2 * FZ_SLOT + 2 * 4096);
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
		/* Guard pages on both sides, as for the scratch buffer. */
		mem = mmap(NULL, 2 * FZ_SLOT + 2 * 4096, PROT_NONE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mem != MAP_FAILED)
			mem = mmap((uint8_t *)mem + 4096, 2 * FZ_SLOT,
				   PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
				   vm->memfd, 0);
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
			.uaddr = base + fz_fixed_off[rnd(t, 5)],
			.len = fz_fixed_len[rnd(t, 4)] };
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
		vm->fd = -1;
		vm->sev_fd = -1;
		vm->memfd = -1;
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
