/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the KVM launch selftests (kvm_launch_*.c) and the demo:
 * a small VMM (SEV / SEV-ES VM, memfd memslots, vCPUs created from several
 * threads), wrappers for every KVM_MEMORY_ENCRYPT_OP command sev-launch
 * offers, the guest owner's side through the owner tool's library
 * (libsevctl: PDH export, session, measurement, secret), and the
 * pinned-page counter the leak checks read.
 *
 * Conventions: functions returning int give 0 or -errno; a command's
 * kvm_sev_cmd.error is stored in *@error when the pointer is non-NULL.
 * Nothing here prints TAP; the programs decide what a failure means.
 */
#ifndef SEVL_SELFTEST_KVM_SEV_UTIL_H
#define SEVL_SELFTEST_KVM_SEV_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>
#include <linux/sev-launch.h>

#include "sevctl.h"

#define KSU_MAX_VCPUS		32
#define KSU_MAX_SLOTS		4
#define KSU_PINNED_PATH		"/sys/kernel/debug/sev-launch/pinned_pages"

/* Written into kvm_sev_cmd.error before each call. */
#define KSU_ERR_UNSET		0xa5a5a5a5u

/* How the VM was initialised. */
enum ksu_init {
	KSU_INIT2_ES,		/* KVM_X86_SEV_ES_VM + KVM_SEV_INIT2 */
	KSU_INIT2_SEV,		/* KVM_X86_SEV_VM + KVM_SEV_INIT2 */
	KSU_LEGACY_ES,		/* KVM_X86_DEFAULT_VM + KVM_SEV_ES_INIT */
};

/**
 * struct ksu_slot - one memslot backed by a memfd
 * @gpa: guest physical address of the first byte
 * @size: size in bytes
 * @hva: where it is mapped in this process
 * @memfd: the backing memfd
 * @shadow: plaintext copy taken by ksu_snapshot(), or NULL
 */
struct ksu_slot {
	uint64_t gpa;
	uint64_t size;
	uint8_t *hva;
	int memfd;
	uint8_t *shadow;
};

/**
 * struct ksu_vm - a VM as the tests' VMM sees it
 * @kvm: /dev/kvm
 * @fd: the VM
 * @sev_fd: /dev/sev, passed in every kvm_sev_cmd
 * @init: how the VM was initialised
 * @slot: memslots
 * @nr_slots: memslots in use
 * @vcpu_fd: vCPU fds, indexed like @vcpu_id
 * @vcpu_id: the vCPU ids, in the order the caller asked for them
 * @nr_vcpus: vCPUs created
 */
struct ksu_vm {
	int kvm;
	int fd;
	int sev_fd;
	enum ksu_init init;
	struct ksu_slot slot[KSU_MAX_SLOTS];
	int nr_slots;
	int vcpu_fd[KSU_MAX_VCPUS];
	uint32_t vcpu_id[KSU_MAX_VCPUS];
	int nr_vcpus;
};

/* ---- VM and vCPUs ---- */

/* The step ksu_vm_create() failed in, for messages. */
extern const char *ksu_fail_step;

int ksu_vm_create(struct ksu_vm *vm, enum ksu_init init, uint64_t features);
void ksu_vm_destroy(struct ksu_vm *vm);
int ksu_vm_add_slot(struct ksu_vm *vm, uint64_t gpa, uint64_t size);
uint8_t *ksu_gpa_hva(struct ksu_vm *vm, uint64_t gpa);
/* Create vCPUs @ids[0..n) in this order, one at a time. */
int ksu_vcpus_create(struct ksu_vm *vm, const uint32_t *ids, int n);
/*
 * The usual small test VM: ksu_vm_create(@init), one slot of @mem_size
 * bytes at GPA 0 and vCPU 0.  0 or -errno; a failed ksu_vm_create() is
 * named in ksu_fail_step.
 */
int ksu_vm_simple(struct ksu_vm *vm, enum ksu_init init, uint64_t mem_size);
/*
 * Create vCPUs @ids[0..n), each from its own thread after a random short
 * delay, so the creation order is not the id order.  vm->vcpu_id[] keeps
 * the order of @ids.
 */
int ksu_vcpus_create_threaded(struct ksu_vm *vm, const uint32_t *ids, int n);
int ksu_vcpu_index(const struct ksu_vm *vm, uint32_t id);
/* Give vCPU @i recognisable registers derived from its id. */
int ksu_vcpu_set_regs(struct ksu_vm *vm, int i);
uint64_t ksu_vcpu_rip(uint32_t id);
uint64_t ksu_vcpu_rax(uint32_t id);

/* Keep a plaintext copy of every slot (before the launch encrypts it). */
int ksu_snapshot(struct ksu_vm *vm);
/* The plaintext of [@gpa, @gpa + @len) if it lies in one slot, else NULL. */
const uint8_t *ksu_shadow(struct ksu_vm *vm, uint64_t gpa, uint64_t len);

/* ---- KVM_MEMORY_ENCRYPT_OP ---- */

int ksu_op(int fd, int sev_fd, uint32_t id, void *data, uint32_t *error);
int ksu_vm_op(struct ksu_vm *vm, uint32_t id, void *data, uint32_t *error);
int ksu_config(struct ksu_vm *vm, uint32_t flags, uint32_t fpu,
	       uint32_t *error);
int ksu_start(struct ksu_vm *vm, uint32_t policy, const uint8_t *godh,
	      const uint8_t *session, uint32_t *handle, uint32_t *error);
int ksu_update_data(struct ksu_vm *vm, const void *hva, uint64_t len,
		    uint32_t *error);
/*
 * LAUNCH_UPDATE_VMSA on vCPU @i's fd.  @page non-NULL: measured byte for
 * byte.  Else synced from the registers: @features NULL passes data = 0
 * (the VM's features), otherwise a struct naming them.
 */
int ksu_update_vmsa(struct ksu_vm *vm, int i, const uint8_t *page,
		    const uint64_t *features, uint32_t *error);
int ksu_update_vmsa_all(struct ksu_vm *vm, uint32_t *error);
/* Two-call LAUNCH_MEASURE; *@probe_len gets what the len-0 probe said. */
int ksu_measure(struct ksu_vm *vm, uint8_t blob[48], uint32_t *probe_len,
		uint32_t *error);
int ksu_get_log(struct ksu_vm *vm, struct kvm_sev_launch_log_entry **ents,
		uint32_t *n, uint32_t *flags, uint8_t digest[32],
		uint32_t *error);
int ksu_vcpu_vmsa(struct ksu_vm *vm, int i, uint8_t page[4096],
		  uint32_t *error);
int ksu_caps(struct ksu_vm *vm, struct kvm_sev_caps *caps, uint32_t *error);
int ksu_status(struct ksu_vm *vm, struct kvm_sev_guest_status *st,
	       uint32_t *error);
int ksu_secret(struct ksu_vm *vm, const uint8_t hdr[52], void *guest,
	       const uint8_t *trans, uint32_t len, uint32_t *error);
int ksu_finish(struct ksu_vm *vm, uint32_t *error);
int ksu_dbg(struct ksu_vm *vm, bool decrypt, const void *src, void *dst,
	    uint32_t len, uint32_t *error);

/*
 * Recompute a launch log independently: every entry's bytes (data from the
 * plaintext snapshot, VMSAs from @vmsa[i], the page of vm->vcpu_id[i]) must
 * hash to the entry's sha256; *@ld receives SHA-256 over all of them in log
 * order.  On failure returns -EBADMSG with a reason in @why.
 */
int ksu_log_replay(struct ksu_vm *vm, const struct kvm_sev_launch_log_entry *e,
		   uint32_t n, uint8_t vmsa[][4096], uint8_t ld[32],
		   char *why, size_t whylen);

/* ---- the guest owner (libsevctl) ---- */

/**
 * struct ksu_owner - what the guest owner holds
 * @s: session inputs and outputs (TEK, TIK, GODH cert, session blob)
 * @chain: the platform's PDH and certificate chain
 * @api_major: firmware API major version (PLATFORM_STATUS)
 * @api_minor: firmware API minor version
 * @build: firmware build id
 */
struct ksu_owner {
	struct sc_session s;
	struct sc_chain chain;
	uint8_t api_major, api_minor, build;
};

/* PDH_CERT_EXPORT + PLATFORM_STATUS from @sev_fd, chain verified. */
int ksu_owner_platform(struct ksu_owner *o, int sev_fd);
/* A fresh session for @policy (new GODH key, TEK, TIK). */
int ksu_owner_session(struct ksu_owner *o, uint32_t policy);
/* Check a LAUNCH_MEASURE blob against the launch digest @ld. */
bool ksu_owner_verify(const struct ksu_owner *o, uint32_t policy,
		      const uint8_t ld[32], const uint8_t blob[48]);

/* ---- the software firmware's debugfs (Documentation/swfw.rst) ---- */

#define KSU_SWFW_DIR		"/sys/kernel/debug/sev-swfw/0/"

/* Write @val to knob @name (fail_cmd, fail_status, latency_us, ...). */
int ksu_swfw_knob(const char *name, unsigned long long val);
/* The firmware's guest count (its "platform" file), or -errno. */
long ksu_swfw_guests(void);

/* ---- misc ---- */

/*
 * Drop CAP_IPC_LOCK and set RLIMIT_MEMLOCK to @bytes, for a child that
 * tests the pinning limits: 0, or -1 with errno set.
 */
int ksu_memlock_limit(uint64_t bytes);

long ksu_pinned_pages(void);
void ksu_hex(char *out, const uint8_t *in, size_t len);
uint64_t ksu_rand(void);
void ksu_srand(uint64_t seed);
void ksu_fill(void *buf, size_t len);
void ksu_shuffle(int *v, int n);
const char *ksu_err_name(uint32_t error);

static inline uint64_t ksu_le64(const uint8_t *p)
{
	return sc_le64(p);
}

#endif /* SEVL_SELFTEST_KVM_SEV_UTIL_H */
