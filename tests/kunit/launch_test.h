/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixture shared by the KUnit suites of the launch core (sev-launch-core*):
 * a private software firmware reading and writing real physical memory,
 * a counting firmware issuer with fault injection, and fake host
 * operations: vCPUs with VMSA pages allocated here, and memory slots over a
 * user mapping (kunit_vm_mmap) whose pages are physically contiguous, or
 * permuted on request.
 */
#ifndef _SEVL_LAUNCH_TEST_H
#define _SEVL_LAUNCH_TEST_H

#include <kunit/test.h>
#include <sev-launch/fw.h>
#include <sev-launch/launch.h>
#include <sev-launch/psp.h>

#include "../../drivers/swfw/fw.h"

#define LT_PAGES	32	/* user pages backing guest memory */
#define LT_VCPUS	8
#define LT_SLOTS	4
#define LT_CMDS		0x80	/* issuer counts commands below this id */
#define LT_GPA		0x100000ULL
#define LT_API_MAJOR	1
#define LT_API_MINOR	55
#define LT_BUILD	21
#define LT_ES_POLICY	(SEV_POLICY_NOKS | SEV_POLICY_ES)
#define LT_SEV_POLICY	SEV_POLICY_NOKS
#define LT_FEATURES	(SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP | BIT_ULL(7))

struct sevl_lt_vcpu {
	u32 id;
	u8 *vmsa;
	bool protected;
	bool debug;	/* the host refuses it a VMSA (guest debugging) */
};

struct sevl_lt_slot {
	unsigned long hva;
	u64 gpa;
	u64 size;
};

/**
 * struct sevl_lt - the fixture (test->priv)
 * @test: the test
 * @fw: private firmware instance
 * @pages: guest memory pages, physically contiguous in this order
 * @map: user page i is backed by @pages[@map[i]]
 * @uaddr: the user mapping of @pages (0 until sevl_lt_map())
 * @scratch: an anonymous user area of LT_PAGES pages for buffers
 * @slots: fake memory slots
 * @nr_slots: used entries of @slots
 * @vcpus: fake vCPUs, in creation order
 * @nr_vcpus: used entries of @vcpus
 * @locked: lock_vcpus() minus unlock_vcpus()
 * @lock_calls: lock_vcpus() calls
 * @calls: issuer calls per command id
 * @total: all issuer calls
 * @fail_cmd: fail the @fail_nth next call of this command...
 * @fail_nth: ...(1 = the next one); 0 = off
 * @fail_status: ...with this status
 * @on_issue: if set, called before the firmware runs each command (a VMM
 *	writing guest memory between two firmware calls)
 * @vm_features: the VM's sev_features (struct sevl_launch_params
 *	.vmsa_features) for the next sevl_lt_launch(); DEBUG_SWAP by default
 * @host_locked: what the host reports from its locked_pages operation
 *	(KVM's pages_locked of registered regions)
 * @writenotify: the next sevl_lt_map() gives the guest mapping a
 *	page_mkwrite handler, as a file system with writeback would, so
 *	FOLL_LONGTERM write pins of it fail
 * @epoch: the fake firmware's epoch (struct sevl_launch_fw.epoch), bumped
 *	by every successful SHUTDOWN issued through sevl_lt_issue()
 * @why: refusal reason (out parameter) of the last core call made through
 *	the fixture's helpers or with &t->why
 * @l: launch under test, destroyed at exit
 */
struct sevl_lt {
	struct kunit *test;
	struct sevl_fw *fw;
	struct page *pages[LT_PAGES];
	unsigned int map[LT_PAGES];
	unsigned long uaddr;
	unsigned long scratch;
	struct sevl_lt_slot slots[LT_SLOTS];
	int nr_slots;
	struct sevl_lt_vcpu vcpus[LT_VCPUS];
	int nr_vcpus;
	int locked;
	int lock_calls;
	u32 calls[LT_CMDS];
	u32 total;
	u32 fail_cmd;
	u32 fail_nth;
	u16 fail_status;
	void (*on_issue)(struct sevl_lt *t, u32 cmd, void *buf);
	u64 vm_features;
	u64 host_locked;
	bool writenotify;
	u64 epoch;
	u32 why;
	struct sevl_launch *l;
};

int sevl_lt_init(struct kunit *test);
void sevl_lt_exit(struct kunit *test);
int sevl_lt_issue(void *ctx, u32 cmd, void *buf, u32 *fw);
void sevl_lt_map(struct sevl_lt *t);
int sevl_lt_data(struct sevl_lt *t, unsigned long off, u64 len, u32 *fw);
void *sevl_lt_kaddr(struct sevl_lt *t, unsigned int upage);
void sevl_lt_fill(struct sevl_lt *t, u8 seed);
void sevl_lt_fill_bytes(u8 *p, size_t len, u8 seed, size_t pos);
void sevl_lt_synth_vmsa(u32 vcpu_id, bool fpu, u64 features, u8 *buf);
struct sevl_launch *sevl_lt_launch(struct sevl_lt *t, bool es, bool canon);
u32 sevl_lt_start(struct sevl_lt *t, u32 policy);
void sevl_lt_destroy(struct sevl_lt *t);
void sevl_lt_digest(struct sevl_lt *t, u8 *digest);
const u8 *sevl_lt_fw_ld(struct sevl_lt *t);

#endif /* _SEVL_LAUNCH_TEST_H */
