/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Launch core, SEV-SNP part: canonical record and replay of
 * SNP_LAUNCH_UPDATE, VMM-supplied SNP VMSAs and the SNP launch log.
 *
 * Like the SEV part (<sev-launch/launch.h>) it knows nothing of KVM.  Its
 * user (drivers/kvm/snp*.c) puts pages into guest memory and hands them
 * over as struct page; the core keeps a reference on each until the
 * firmware is done with it, orders them (by guest frame number, then the
 * VMSAs by vCPU id), issues the firmware commands and keeps the log.  What
 * only the host knows - the RMP, the vCPUs and their VMSA pages - comes
 * through struct sevl_lsnp_host_ops.
 *
 * Locking: the core has its own mutex.  sevl_lsnp_finish() locks every vCPU
 * (lock_vcpus) before it; vCPU ioctls enter with their vCPU mutex held, so
 * the order is vCPU mutexes, then the core's mutex.
 *
 * Errors: 0 or a negative errno; *@fw receives the firmware status
 * (SEVL_FW_NOT_CALLED if the firmware was not reached), *@why the
 * SEV_LAUNCH_ERR_* reason when the core refused the command itself (else
 * 0).  A refused command changes nothing.
 */
#ifndef _SEV_LAUNCH_LAUNCH_SNP_H
#define _SEV_LAUNCH_LAUNCH_SNP_H

#include <linux/types.h>

struct module;
struct page;
struct sevl_lsnp;
struct kvm_sev_snp_log_entry;

/**
 * struct sevl_lsnp_host_ops - what the hypervisor provides for SNP
 * @vcpu_ids: store the ids of all vCPUs, in creation order, into @ids
 *	(room for @max); return how many exist (may exceed @max)
 * @lock_vcpus: lock every vCPU, and guest memory against removal (no
 *	page of the guest may leave it until @unlock_vcpus); -EBUSY while a
 *	vCPU is being created, -EINTR if interrupted
 * @unlock_vcpus: undo @lock_vcpus
 * @page_assign: make guest page @pfn the guest's for guest frame @gfn in
 *	the RMP, still mutable (Guest-Invalid: assigned to the guest's ASID,
 *	not immutable), when the page is recorded; guest memory's own
 *	invalidation can still give it back to the host
 * @page_check: read-only: is recorded page @pfn still guest frame @gfn's
 *	page in guest memory, and still assigned to the guest (Guest-Invalid)
 *	in the RMP?  0, or -ENOENT if not.  Changes nothing.  Called with
 *	@lock_vcpus held.
 * @page_lock: make @pfn immutable for the firmware (Pre-Guest) right
 *	before its SNP_LAUNCH_UPDATE; called with @lock_vcpus held.  On
 *	failure the page is left Guest-Invalid or hypervisor-owned.
 * @page_release: give @pfn back to the host (hypervisor-owned) if the RMP
 *	still has it assigned: a page that was never measured.  An immutable
 *	page is reclaimed from the firmware first.  0, or an error if the
 *	page's state is unknown: the caller then keeps its page reference
 *	for good (leaks it), whatever the host did.
 * @page_reclaim: the firmware refused an SNP_LAUNCH_UPDATE of @pfn, which
 *	@page_lock or @vmsa_prepare made immutable, or a timed-out one
 *	completed late (measured or not): reclaim it (SNP_PAGE_RECLAIM) and
 *	make it hypervisor-owned again.  0, or an error if that failed: the
 *	caller then keeps its page reference for good (the host need not
 *	take one; a real host's snp_leak_pages() does not).  @host is NULL
 *	when the late completion of a timed-out command calls it (the launch
 *	may be gone).
 * @vmsa_prepare: fill vCPU @vcpu_id's VMSA page, with @page (4096 bytes)
 *	if non-NULL, else from its registers with sev_features =
 *	@sev_features, and make it immutable for the firmware (Pre-Guest) at
 *	the VMSA GPA; store its kernel address and pfn.  On failure the
 *	vCPU's VMSA page is left as it was.  Called with the vCPUs locked.
 * @vmsa_commit: the firmware measured vCPU @vcpu_id's VMSA: its state is
 *	now guest-owned
 * @vmsa_peek: like @vmsa_prepare without @page, into the caller's
 *	4096-byte @buf, leaving the vCPU untouched
 * @gctx_pa: firmware address of the guest context page, 0 if none yet
 */
struct sevl_lsnp_host_ops {
	int (*vcpu_ids)(void *host, u32 *ids, u32 max);
	int (*lock_vcpus)(void *host);
	void (*unlock_vcpus)(void *host);
	int (*page_assign)(void *host, u64 gfn, u64 pfn);
	int (*page_check)(void *host, u64 gfn, u64 pfn);
	int (*page_lock)(void *host, u64 gfn, u64 pfn);
	int (*page_release)(void *host, u64 pfn);
	int (*page_reclaim)(void *host, u64 pfn);
	int (*vmsa_prepare)(void *host, u32 vcpu_id, const void *page,
			    u64 sev_features, void **va, u64 *pfn);
	void (*vmsa_commit)(void *host, u32 vcpu_id);
	int (*vmsa_peek)(void *host, u32 vcpu_id, u64 sev_features, void *buf);
	u64 (*gctx_pa)(void *host);
};

/**
 * struct sevl_lsnp_params - a new SNP launch
 * @ops: host operations
 * @host: passed to @ops
 * @issue: issue firmware command @cmd (SEVL_CMD_SNP_*) with buffer @buf;
 *	same contract as sevl_psp_issue()
 * @ctx: passed to @issue
 * @owner: module of @ops; held while a timed-out command is pending (its
 *	late completion calls @ops->page_reclaim)
 * @vmsa_features: the VM's sev_features; must include SNPActive
 * @canonical: launch in canonical order from the start (the host-wide
 *	choice); LAUNCH_CONFIG cannot leave it
 */
struct sevl_lsnp_params {
	const struct sevl_lsnp_host_ops *ops;
	void *host;
	int (*issue)(void *ctx, u32 cmd, void *buf, u32 *fw);
	void *ctx;
	struct module *owner;
	u64 vmsa_features;
	bool canonical;
};

/**
 * struct sevl_lsnp_finish_args - SNP_LAUNCH_FINISH inputs, in kernel memory
 * @id_block: 96-byte ID block (kmalloc'd), or NULL
 * @id_auth: 4096-byte ID authentication block (kmalloc'd, with @id_block)
 * @auth_key_en: @id_auth carries an author key
 * @vcek_disabled: reports may not be signed with the VCEK
 * @host_data: 32 bytes for the reports
 */
struct sevl_lsnp_finish_args {
	void *id_block;
	void *id_auth;
	bool auth_key_en;
	bool vcek_disabled;
	u8 host_data[32];
};

struct sevl_lsnp *sevl_lsnp_create(const struct sevl_lsnp_params *p);
void sevl_lsnp_destroy(struct sevl_lsnp *s);

int sevl_lsnp_config(struct sevl_lsnp *s, u32 flags, u32 *why);
bool sevl_lsnp_canonical(struct sevl_lsnp *s);
bool sevl_lsnp_finish_handled(struct sevl_lsnp *s);
bool sevl_lsnp_finish_route(struct sevl_lsnp *s);

int sevl_lsnp_vmsa_validate(const void *page, u64 vmsa_features, u32 *why);

int sevl_lsnp_record(struct sevl_lsnp *s, u64 gfn, u8 type, struct page *page,
		     unsigned long src_uaddr, u32 *why);
void sevl_lsnp_unrecord(struct sevl_lsnp *s, u64 gfn);
int sevl_lsnp_vmsa_set(struct sevl_lsnp *s, u32 vcpu_id, const void *page,
		       u64 sev_features, u32 *why);
int sevl_lsnp_vmsa_get(struct sevl_lsnp *s, u32 vcpu_id, void *buf);
int sevl_lsnp_finish(struct sevl_lsnp *s, struct sevl_lsnp_finish_args *a,
		     u32 *fw, u32 *why);
void sevl_lsnp_logged(struct sevl_lsnp *s, u64 gpa, u8 type, const void *page,
		      u32 vcpu_id);
int sevl_lsnp_get_log(struct sevl_lsnp *s,
		      struct kvm_sev_snp_log_entry __user *entries,
		     u32 *nr_entries, u32 *flags, u8 *digest);
int sevl_lsnp_page_info(const u8 *ld, const u8 *contents, u8 type, u64 gpa,
			u8 *out);
unsigned long sevl_lsnp_nr_held(struct sevl_lsnp *s);

#endif /* _SEV_LAUNCH_LAUNCH_SNP_H */
