/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEV-SNP VM helpers for the KVM selftests: a KVM_X86_SNP_VM with
 * KVM_SEV_INIT2, guest_memfd memory slots (KVM_SET_USER_MEMORY_REGION2)
 * made private with KVM_SET_MEMORY_ATTRIBUTES, vCPUs created from several
 * threads, and SNP_LAUNCH_START / UPDATE / FINISH with upstream 6.12's
 * numbers and layouts.
 *
 * Debian 12's system <linux/kvm.h> is Linux 6.1's, without these, and the
 * project's uapi header does not define upstream KVM's SNP names (yet):
 * they are defined here with a KSU_ prefix, so that nothing clashes when a
 * header gains them.
 */
#ifndef SEVL_SELFTEST_KSU_SNP_H
#define SEVL_SELFTEST_KSU_SNP_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/kvm.h>
#include <linux/sev-launch.h>
#include <openssl/evp.h>

/* Upstream 6.12 <linux/kvm.h> and <asm/kvm.h>. */
#define KSU_KVM_X86_SNP_VM		4
#define KSU_KVM_CAP_VM_TYPES		235
#define KSU_KVM_MEM_GUEST_MEMFD		4u	/* bit 2 */
#define KSU_KVM_MEMORY_ATTRIBUTE_PRIVATE 8ull	/* bit 3 */
#define KSU_KVM_SEV_SNP_LAUNCH_START	100
#define KSU_KVM_SEV_SNP_LAUNCH_UPDATE	101
#define KSU_KVM_SEV_SNP_LAUNCH_FINISH	102
#define KSU_SNP_PAGE_NORMAL		1
#define KSU_SNP_PAGE_VMSA		2
#define KSU_SNP_PAGE_ZERO		3
#define KSU_SNP_PAGE_UNMEASURED		4
#define KSU_SNP_PAGE_SECRETS		5
#define KSU_SNP_PAGE_CPUID		6
#define KSU_SNP_ID_BLOCK_SIZE		96
#define KSU_SNP_ID_AUTH_SIZE		4096
/* Policy: SMT allowed (bit 16) and the must-be-one bit 17. */
#define KSU_SNP_POLICY			0x30000ull

struct ksu_create_guest_memfd {
	uint64_t size;
	uint64_t flags;
	uint64_t reserved[6];
};

struct ksu_userspace_memory_region2 {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
	uint64_t guest_memfd_offset;
	uint32_t guest_memfd;
	uint32_t pad1;
	uint64_t pad2[14];
};

struct ksu_memory_attributes {
	uint64_t address;
	uint64_t size;
	uint64_t attributes;
	uint64_t flags;
};

#define KSU_KVM_SET_USER_MEMORY_REGION2 \
	_IOW(KVMIO, 0x49, struct ksu_userspace_memory_region2)
#define KSU_KVM_SET_MEMORY_ATTRIBUTES \
	_IOW(KVMIO, 0xd2, struct ksu_memory_attributes)
#define KSU_KVM_CREATE_GUEST_MEMFD \
	_IOWR(KVMIO, 0xd4, struct ksu_create_guest_memfd)

struct ksu_snp_launch_start {
	uint64_t policy;
	uint8_t gosvw[16];
	uint16_t flags;
	uint8_t pad0[6];
	uint64_t pad1[4];
};

struct ksu_snp_launch_update {
	uint64_t gfn_start;
	uint64_t uaddr;
	uint64_t len;
	uint8_t type;
	uint8_t pad0;
	uint16_t flags;
	uint32_t pad1;
	uint64_t pad2[4];
};

struct ksu_snp_launch_finish {
	uint64_t id_block_uaddr;
	uint64_t id_auth_uaddr;
	uint8_t id_block_en;
	uint8_t auth_key_en;
	uint8_t vcek_disabled;
	uint8_t host_data[32];
	uint8_t pad0[3];
	uint16_t flags;
	uint64_t pad1[4];
};

#define KSU_SNP_MAX_VCPUS	32
#define KSU_SNP_MAX_SLOTS	4

/**
 * struct ksu_snp_slot - one guest_memfd memory slot
 * @gpa: guest physical base
 * @size: bytes
 * @gmem_fd: its guest_memfd, or -1 for a slot without one
 * @hva: the shared (userspace) mapping every slot also has
 */
struct ksu_snp_slot {
	uint64_t gpa;
	uint64_t size;
	int gmem_fd;
	uint8_t *hva;
};

/**
 * struct ksu_snp_vm - an SNP VM under test
 * @kvm_fd: /dev/kvm
 * @vm_fd: the VM
 * @sev_fd: /dev/sev
 * @slots: memory slots, @nslots used
 * @vcpu_fd: vCPU fds in creation (KVM index) order, @nvcpus used
 * @vcpu_id: their ids, same order
 */
struct ksu_snp_vm {
	int kvm_fd, vm_fd, sev_fd;
	struct ksu_snp_slot slots[KSU_SNP_MAX_SLOTS];
	int nslots;
	int vcpu_fd[KSU_SNP_MAX_VCPUS];
	uint32_t vcpu_id[KSU_SNP_MAX_VCPUS];
	int nvcpus;
};

/* 0 if KVM offers KVM_X86_SNP_VM, else -EOPNOTSUPP (or -errno). */
int ksu_snp_supported(void);
/* KVM_CREATE_VM(KVM_X86_SNP_VM) + KVM_SEV_INIT2 (vmsa_features 0). */
int ksu_snp_vm_create(struct ksu_snp_vm *vm);
void ksu_snp_vm_destroy(struct ksu_snp_vm *vm);
/* A slot at @gpa of @size; @gmem: backed by a guest_memfd. */
int ksu_snp_add_slot(struct ksu_snp_vm *vm, uint64_t gpa, uint64_t size,
		     bool gmem);
/* KVM_SET_MEMORY_ATTRIBUTES: private or shared. */
int ksu_snp_set_private(struct ksu_snp_vm *vm, uint64_t gpa, uint64_t size,
			bool private);
/*
 * Create vCPUs @ids[0..n) from @nthreads threads, each taking the next id
 * from a shared shuffled list; vm->vcpu_id records the order KVM saw.
 */
int ksu_snp_vcpus_create(struct ksu_snp_vm *vm, const uint32_t *ids, int n,
			 int nthreads);

/* Wrappers: return 0 or -errno; *error gets kvm_sev_cmd.error. */
int ksu_snp_op(struct ksu_snp_vm *vm, uint32_t id, void *data,
	       uint32_t *error);
int ksu_snp_start(struct ksu_snp_vm *vm, uint64_t policy, uint32_t *error);
int ksu_snp_update(struct ksu_snp_vm *vm, struct ksu_snp_launch_update *u,
		   uint32_t *error);
int ksu_snp_finish(struct ksu_snp_vm *vm, struct ksu_snp_launch_finish *f,
		   uint32_t *error);

/*
 * Shared by the SNP KVM selftests (kvm_snp_*.c): the test guest's layout,
 * its page plan, the counters every test checks after a teardown, and the
 * launch calls they all make.
 */
#define KSU_SNP_PAGE		4096ull
#define KSU_SNP_SLOT0_GPA	0x0ull
#define KSU_SNP_SLOT0_SIZE	(2ull << 20)
#define KSU_SNP_SLOT1_GPA	0x100000000ull
#define KSU_SNP_SLOT1_SIZE	(64ull << 10)
#define KSU_SNP_SLOT2_GPA	0x400000ull	/* no guest_memfd */
#define KSU_SNP_SLOT2_SIZE	(64ull << 10)
#define KSU_SNP_LEAKED_PATH	"/sys/kernel/debug/sev-psp/snp_leaked_pages"
/* VMSA fields (APM vol. 2 table B-4). */
#define KSU_SNP_VMSA_RIP	0x178
#define KSU_SNP_VMSA_VMPL	0xca
#define KSU_SNP_VMSA_FEATURES	0x3b0

/**
 * struct ksu_snp_upd - one planned update: pages of one type at a gfn
 * @gfn: first guest frame
 * @npages: 1 or 2
 * @type: KSU_SNP_PAGE_*
 */
struct ksu_snp_upd {
	uint64_t gfn;
	uint32_t npages;
	uint8_t type;
};

/*
 * Pages of every type at scattered GPAs in slots 0 and 1; kvm_snp_default
 * uses the first KSU_SNP_NPLAN - 1, the others all of them.
 */
#define KSU_SNP_NPLAN		10
extern const struct ksu_snp_upd ksu_snp_plan[KSU_SNP_NPLAN];

/* xorshift64 (13, 7, 17), reproducible from its seed. */
void ksu_snp_seed(uint64_t seed);
uint64_t ksu_snp_rnd(void);
void ksu_snp_shuffle(uint32_t *a, int n);

/**
 * struct ksu_snp_rmp - the emulated RMP's occupancy (snp/rmp_summary)
 * @hv_fixed: HV-Fixed pages
 * @firmware: Firmware pages
 * @reclaim: Reclaim pages
 * @context: guest context pages
 * @pre_guest: Pre-Guest pages (assigned, immutable: locked for a launch)
 * @guest_invalid: Guest-Invalid pages
 * @guest_valid: Guest-Valid pages
 * @vmsa: Guest-Valid pages with the VMSA flag
 */
struct ksu_snp_rmp {
	long hv_fixed, firmware, reclaim, context;
	long pre_guest, guest_invalid, guest_valid, vmsa;
};

/* The firmware's SNP guest count (SNP_PLATFORM_STATUS), or -errno. */
long ksu_snp_guests(void);
/* snp/rmp_summary into @r: 0 or -errno. */
int ksu_snp_rmp_read(struct ksu_snp_rmp *r);
/* Pages held for guests (not HV-Fixed, not double-counted VMSA), or -errno. */
long ksu_snp_rmp_assigned(void);
/* sev-psp/snp_leaked_pages, or -errno. */
long ksu_snp_leaked(void);
/* The launch digest of the one guest in @state (" state launch "...). */
int ksu_snp_fw_digest(const char *state, uint8_t ld[48]);

/* A fresh SNP VM, slots 0 and 1 private, slot 2 (no gmem) if @plain. */
int ksu_snp_vm_setup(struct ksu_snp_vm *vm, bool plain);
/* KVM_SEV_LAUNCH_CONFIG with KVM_SEV_LAUNCH_F_CANONICAL. */
int ksu_snp_canonical(struct ksu_snp_vm *vm, uint32_t *err);
/* One KVM_SEV_SNP_LAUNCH_UPDATE; *@out (if any) gets the updated args. */
int ksu_snp_update_at(struct ksu_snp_vm *vm, uint64_t gfn, const void *src,
		      uint64_t len, uint8_t type, uint32_t *err,
		      struct ksu_snp_launch_update *out);
/* KVM_SEV_VCPU_GET_VMSA / a full VMSA page on vCPU index @idx's fd. */
int ksu_snp_get_vmsa(struct ksu_snp_vm *vm, int idx, uint8_t *page);
int ksu_snp_give_vmsa(struct ksu_snp_vm *vm, int idx, const uint8_t *page,
		      uint32_t *err);
/* KVM_SEV_SNP_LAUNCH_GET_LOG into @e[0..cap); @lg gets the header. */
int ksu_snp_get_log(struct ksu_snp_vm *vm, struct kvm_sev_snp_log_entry *e,
		    uint32_t cap, struct kvm_sev_snp_launch_log *lg,
		    uint32_t *err);
/* The PAGE_INFO chain over log entries (sevctl's, from their SHA-384s). */
int ksu_snp_log_chain(const struct kvm_sev_snp_log_entry *e, uint32_t n,
		      uint8_t ld[48]);
/* FINISH with an ID block for @ld signed with @key. */
int ksu_snp_finish_id(struct ksu_snp_vm *vm, EVP_PKEY *key, const uint8_t ld[48],
		      uint8_t family, uint8_t image, uint32_t *err);

/* Kernel reports (WARNING, BUG, ...) logged since ksu_snp_kmsg_mark(). */
void ksu_snp_kmsg_mark(void);
int ksu_snp_kmsg_reports(void);

#endif /* SEVL_SELFTEST_KSU_SNP_H */
