/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sev_fuzz: random sequences of every KVM_MEMORY_ENCRYPT_OP command (VM and
 * vCPU fds, upstream ids and sev-launch's) and every /dev/sev command, with
 * valid and hostile arguments, from several processes and threads.
 *
 * sev_fuzz.c runs the processes, counts, and checks for leaks afterwards;
 * sev_fuzz_ops.c holds the operations, sev_fuzz_gen.c the values and
 * command wrappers they use.  A thread's choices come only from
 * its own generator, seeded from (round seed, process, thread): the same
 * seed gives every thread the same sequence of operations, whatever the
 * kernel answers.
 */
#ifndef SEVL_SELFTEST_SEV_FUZZ_H
#define SEVL_SELFTEST_SEV_FUZZ_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FZ_VMS		3	/* VM slots per process */
#define FZ_VCPUS	3	/* vCPUs per VM at most */
#define FZ_SEVS		3	/* /dev/sev fds per process */
#define FZ_SLOT		0x10000	/* bytes per memslot; two per VM */
#define FZ_SCRATCH	0x10000	/* per-thread valid user buffer */
#define FZ_NERR		135	/* errno 0..133, then "other" */

/* What a counted ioctl was: one histogram row each. */
enum fz_key {
	FZ_K_VM = 0,		/* + KVM id 0..22 on the VM fd */
	FZ_K_VM_SEVL = 23,	/* + 0..3 for ids 200..203 */
	FZ_K_VM_OTHER = 27,	/* any other id on the VM fd */
	FZ_K_VCPU_VMSA,		/* LAUNCH_UPDATE_VMSA on a vCPU fd */
	FZ_K_VCPU_GET,		/* VCPU_GET_VMSA */
	FZ_K_VCPU_OTHER,
	FZ_K_SEV,		/* + /dev/sev command 0..12 */
	FZ_K_SEV_OTHER = FZ_K_SEV + 13,
	FZ_K_SEV_IOCTL,		/* another ioctl number on /dev/sev */
	FZ_K_REG,		/* KVM_MEMORY_ENCRYPT_REG_REGION */
	FZ_K_UNREG,
	FZ_K_FOREIGN,		/* ENCRYPT_OP on /dev/kvm or another fd */
	FZ_NKEYS
};

/* Operation classes; --without NAME,... leaves some out. */
enum fz_class {
	FZ_C_VM,		/* random command on a VM fd */
	FZ_C_VCPU,		/* random command on a vCPU fd */
	FZ_C_LAUNCH,		/* a launch sequence with perturbations */
	FZ_C_REGION,		/* REG / UNREG_REGION */
	FZ_C_DEVSEV,		/* random /dev/sev command */
	FZ_C_LIFE,		/* create, destroy, add vCPU, reopen /dev/sev */
	FZ_C_MEM,		/* remap or punch guest memory under the VM */
	FZ_C_RACE_DESTROY,	/* VM destroyed while a vCPU thread works */
	FZ_C_RACE_UNMAP,	/* munmap during a call from another thread */
	FZ_C_RACE_CLOSE,	/* VM fd closed during a call */
	FZ_C_RACE_DUP2,		/* dup2 over the /dev/sev fd during START */
	FZ_C_PLATFORM,		/* FACTORY_RESET / PEK_GEN / PDH_GEN */
	FZ_NCLASSES
};

extern const char *const fz_class_name[FZ_NCLASSES];
extern const char *const fz_key_name[FZ_NKEYS];

/**
 * struct fz_stats - counters shared by every process (MAP_SHARED)
 * @n: ioctls per command and result (0 = success, else errno)
 * @ops: operations run, per class
 */
struct fz_stats {
	uint64_t n[FZ_NKEYS][FZ_NERR];
	uint64_t ops[FZ_NCLASSES];
};

/**
 * struct fz_vm - one VM slot of a process
 * @lock: held to create or destroy, never across a fuzzed call
 * @live: created and not destroyed
 * @fd: VM fd, -1 when none
 * @sev_fd: the /dev/sev fd this VM passes in kvm_sev_cmd
 * @vcpu: vCPU fds, -1 when none
 * @es: an SEV-ES VM
 * @mem: both memslots, one mapping of 2 * FZ_SLOT bytes
 * @memfd: its memfd
 */
struct fz_vm {
	pthread_mutex_t lock;
	bool live;
	int fd;
	int sev_fd;
	int vcpu[FZ_VCPUS];
	bool es;
	uint8_t *mem;
	int memfd;
};

/**
 * struct fz_proc - what the threads of one process share
 * @vm: VM slots
 * @sev: /dev/sev fds (some read-only)
 * @kvm: /dev/kvm
 * @mask: classes allowed
 */
struct fz_proc {
	struct fz_vm vm[FZ_VMS];
	int sev[FZ_SEVS];
	int kvm;
	uint32_t mask;
};

/**
 * struct fz_thr - one fuzzing thread
 * @p: its process
 * @st: shared counters
 * @rng: generator state
 * @scratch: FZ_SCRATCH bytes of valid memory
 * @none: a PROT_NONE page
 */
struct fz_thr {
	struct fz_proc *p;
	struct fz_stats *st;
	uint64_t rng;
	uint8_t *scratch;
	uint8_t *none;
};

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* ---- sev_fuzz_gen.c ---- */

uint64_t fz_rand(uint64_t *s);
uint64_t fz_seed_of(uint64_t seed, unsigned int proc, unsigned int thr);

static inline uint64_t rnd(struct fz_thr *t, uint64_t n)
{
	return n ? fz_rand(&t->rng) % n : 0;
}

static inline bool one_in(struct fz_thr *t, unsigned int n)
{
	return rnd(t, n) == 0;
}

/* fds and pointers other threads replace: read and write them whole. */
static inline int ld(const int *fd)
{
	return __atomic_load_n(fd, __ATOMIC_RELAXED);
}

static inline void st(int *fd, int v)
{
	__atomic_store_n(fd, v, __ATOMIC_RELAXED);
}

extern const uint64_t fz_fixed_off[5];
extern const uint32_t fz_fixed_len[4];

/* Issue one ioctl and count its result under @key; 0+ or -errno. */
int fz_io(struct fz_thr *t, int key, int fd, unsigned long req, void *arg);
uint64_t fz_addr(struct fz_thr *t);
uint64_t fz_gaddr(struct fz_thr *t, struct fz_vm *vm);
uint32_t fz_len(struct fz_thr *t, uint32_t good);
void fz_fill(struct fz_thr *t, void *buf, size_t len);
struct fz_vm *fz_pick_vm(struct fz_thr *t);
int fz_enc(struct fz_thr *t, int key, int fd, uint32_t id, void *data,
	   int sev_fd);
int fz_vm_cmd(struct fz_thr *t, struct fz_vm *vm, uint32_t id, void *data);
void *fz_params(struct fz_thr *t, struct fz_vm *vm, uint32_t id);
uint32_t fz_vm_id(struct fz_thr *t);
int fz_vcpu_fd(struct fz_thr *t, struct fz_vm *vm);
void fz_vcpu_cmd(struct fz_thr *t, struct fz_vm *vm, int fd, bool sane);
void fz_sev_cmd(struct fz_thr *t, int fd, uint32_t cmd);

/* ---- sev_fuzz_ops.c ---- */

void fz_proc_init(struct fz_proc *p, uint32_t mask);
void fz_proc_fini(struct fz_proc *p);
/* One random operation; returns its class. */
int fz_step(struct fz_thr *t);

#endif /* SEVL_SELFTEST_SEV_FUZZ_H */
