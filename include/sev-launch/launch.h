/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Launch core: one SEV / SEV-ES guest launch, from LAUNCH_START to
 * LAUNCH_FINISH, with the in-kernel state machine, the canonical
 * record-and-replay mode and the launch log.
 *
 * The core knows nothing of KVM.  Its user (the KVM handler in
 * drivers/kvm/) gives it two small tables: host operations for what only
 * the hypervisor knows (guest physical addresses, vCPUs and their VMSA
 * pages) and a firmware issuer.  Everything else - pinning user memory,
 * ordering, chunking into firmware commands, hashing for the log - is
 * here, so the same rules hold for any VMM.
 *
 * Locking: the caller serialises calls on one launch (KVM holds kvm->lock
 * for VM ioctls); sevl_launch_update_vmsa() and sevl_launch_vcpu_vmsa()
 * may also be called from vCPU ioctls concurrently with each other and
 * with VM ioctls; the core's own mutex covers that.
 *
 * Errors: every function returns 0 or a negative errno.  *@fw receives the
 * firmware status (SEVL_FW_NOT_CALLED when the firmware was not reached;
 * for a launch the firmware broke, the status that broke it), and *@why
 * the SEV_LAUNCH_ERR_* reason when the core refused the command itself
 * (0 otherwise).  Both belong to the caller, so concurrent callers never
 * see each other's reasons.  A refused command changes nothing.
 *
 * Modes: in default mode the core keeps no launch order of its own: every
 * command goes to the firmware, which judges it (as upstream KVM lets it);
 * only canonical mode (sevl_launch_config()) refuses out-of-order commands
 * with SEV_LAUNCH_ERR_STATE / _FINISHED.
 */
#ifndef _SEV_LAUNCH_LAUNCH_H
#define _SEV_LAUNCH_LAUNCH_H

#include <linux/types.h>

struct sevl_launch;
struct kvm_sev_launch_log_entry;

/* Launch states, in order. */
enum sevl_launch_state {
	SEVL_LAUNCH_INIT,	/* created; LAUNCH_CONFIG allowed */
	SEVL_LAUNCH_START,	/* LAUNCH_START done; updates allowed */
	SEVL_LAUNCH_MEASURED,	/* LAUNCH_MEASURE done */
	SEVL_LAUNCH_SECRET,	/* at least one LAUNCH_SECRET */
	SEVL_LAUNCH_FINISHED,	/* LAUNCH_FINISH done */
};

/**
 * struct sevl_launch_host_ops - what the hypervisor provides
 * @hva_to_gpa: translate the user range [@hva, @hva + @len) to the guest
 *	physical address of its first byte; the range must lie in one memory
 *	slot.  -ENOENT if it does not.
 * @vcpu_ids: store the ids of all vCPUs, in creation order, into @ids (room
 *	for @max); return how many exist (may exceed @max)
 * @lock_vcpus: lock every vCPU against concurrent ioctls; -EINTR if
 *	interrupted, -EBUSY while a vCPU is still being created
 * @unlock_vcpus: undo @lock_vcpus
 * @vmsa_fill: fill the VMSA page of vCPU @vcpu_id: copy @page (4096 bytes)
 *	if non-NULL, else sync it from the vCPU's registers with sev_features =
 *	@sev_features and the x87/SSE/AVX state only if @fpu_sync.  Store the
 *	page's kernel address in *@vmsa.  Called with the vCPUs locked, or
 *	from that vCPU's own ioctl.
 * @vmsa_peek: like @vmsa_fill with @page NULL, but into the caller's
 *	4096-byte @buf, leaving the vCPU untouched (for KVM_SEV_VCPU_GET_VMSA
 *	before the replay)
 * @vmsa_commit: the firmware accepted (and encrypted) the VMSA of @vcpu_id:
 *	its state is now protected
 * @vmsa_check: optional: may vCPU @vcpu_id be given a VMSA now, @page
 *	(4096 bytes) or, if NULL, one synced from its registers?  -EINVAL if
 *	its debug state forbids it (guest debugging on, DR7 armed).  Called
 *	with the vCPU locked, when the VMSA is given and again before the
 *	replay sends anything.
 * @locked_pages: optional: pages the host itself already holds pinned for
 *	this guest and charges to the same RLIMIT_MEMLOCK (KVM's registered
 *	encrypted regions); the core's pins are checked against the limit
 *	together with these
 */
struct sevl_launch_host_ops {
	int (*hva_to_gpa)(void *host, unsigned long hva, u64 len, u64 *gpa);
	int (*vcpu_ids)(void *host, u32 *ids, u32 max);
	int (*lock_vcpus)(void *host);
	void (*unlock_vcpus)(void *host);
	int (*vmsa_fill)(void *host, u32 vcpu_id, const void *page,
			 bool fpu_sync, u64 sev_features, void **vmsa);
	int (*vmsa_peek)(void *host, u32 vcpu_id, bool fpu_sync,
			 u64 sev_features, void *buf);
	void (*vmsa_commit)(void *host, u32 vcpu_id);
	int (*vmsa_check)(void *host, u32 vcpu_id, const void *page);
	u64 (*locked_pages)(void *host);
};

/**
 * struct sevl_launch_fw - how the core reaches the firmware
 * @issue: issue firmware command @cmd (SEVL_CMD_*) with command buffer
 *	@buf on behalf of the VMM's current command; same contract as
 *	sevl_psp_issue()
 * @ctx: passed to @issue
 * @direct: issuer for ACTIVATE, DEACTIVATE and DECOMMISSION, which the
 *	core issues on its own (binding a new guest, cleaning up): must not
 *	depend on the calling process (no file descriptor) and must keep
 *	working after the launch is destroyed, until sevl_launch_drain() -
 *	guests whose clean-up failed are retried later with it.  NULL: use
 *	@issue and @ctx.
 * @direct_ctx: passed to @direct
 * @epoch: optional: which life of the firmware's guest table this is (the
 *	PSP's sevl_psp_epoch()), called with the context of the issuer that
 *	removes guests (@direct_ctx, or @ctx without @direct).  A guest
 *	parked in an older epoch went away with the platform (SHUTDOWN): its
 *	handle names nothing, or a newer guest, and is never issued again.
 */
struct sevl_launch_fw {
	int (*issue)(void *ctx, u32 cmd, void *buf, u32 *fw);
	void *ctx;
	int (*direct)(void *ctx, u32 cmd, void *buf, u32 *fw);
	void *direct_ctx;
	u64 (*epoch)(void *ctx);
};

/**
 * struct sevl_launch_params - a new launch
 * @ops: host operations
 * @host: passed to @ops
 * @fw: firmware issuer
 * @asid: ASID the guest is bound to at LAUNCH_START (ACTIVATE)
 * @es: SEV-ES guest (VMSA commands allowed)
 * @init2: created by KVM_SEV_INIT2 (decides KVM_SEV_VMSA_FPU_DEFAULT)
 * @vmsa_features: sev_features of the VM (from INIT2; 0 for ES_INIT): every
 *	VMSA of the launch must carry exactly these
 * @allowed_features: sev_features bits the platform and KVM support (a
 *	request outside them gets the coarser SEV_LAUNCH_ERR_FEATURES)
 */
struct sevl_launch_params {
	const struct sevl_launch_host_ops *ops;
	void *host;
	struct sevl_launch_fw fw;
	u32 asid;
	bool es;
	bool init2;
	u64 vmsa_features;
	u64 allowed_features;
};

/*
 * Default mode keeps at most this many launch log entries; later ones set
 * KVM_SEV_LOG_F_TRUNCATED (the digest still covers every measured byte).
 */
#define SEVL_LOG_DEFAULT_MAX	16384

struct sevl_launch *sevl_launch_create(const struct sevl_launch_params *p);
bool sevl_launch_destroy(struct sevl_launch *l);
struct sevl_launch *sevl_launch_mirror(const struct sevl_launch_params *p,
				       struct sevl_launch *owner);
void sevl_launch_drain(void);

enum sevl_launch_state sevl_launch_state(struct sevl_launch *l);
u32 sevl_launch_handle(struct sevl_launch *l);
u64 sevl_launch_pinned_pages(struct sevl_launch *l);

int sevl_launch_config(struct sevl_launch *l, u32 flags, u32 vmsa_fpu,
		       u32 *why);
int sevl_launch_start(struct sevl_launch *l, u32 policy,
		      const void *dh_cert, u32 dh_len,
		      const void *session, u32 session_len,
		      u32 *handle, u32 *fw, u32 *why);
void sevl_launch_start_undo(struct sevl_launch *l);
int sevl_launch_update_data(struct sevl_launch *l, unsigned long uaddr,
			    u64 len, u32 *fw, u32 *why);
int sevl_launch_update_vmsa(struct sevl_launch *l, u32 vcpu_id,
			    const void *page, const u64 *sev_features,
			    u32 *fw, u32 *why);
int sevl_launch_update_vmsa_all(struct sevl_launch *l, u32 *fw, u32 *why);
int sevl_launch_measure(struct sevl_launch *l, void *buf, u32 *len, u32 *fw,
			u32 *why);
int sevl_launch_secret(struct sevl_launch *l, const void *hdr, u32 hdr_len,
		       unsigned long guest_uaddr, u32 guest_len,
		       const void *trans, u32 trans_len, u32 *fw, u32 *why);
int sevl_launch_finish(struct sevl_launch *l, u32 *fw, u32 *why);
int sevl_launch_guest_status(struct sevl_launch *l, u32 *policy, u32 *state,
			     u32 *fw, u32 *why);
int sevl_launch_dbg(struct sevl_launch *l, bool decrypt,
		    unsigned long src_uaddr, unsigned long dst_uaddr, u32 len,
		    u32 *fw, u32 *why);
int sevl_launch_get_log(struct sevl_launch *l,
			struct kvm_sev_launch_log_entry __user *entries,
			u32 *nr_entries, u32 *flags, u8 *digest);
int sevl_launch_vcpu_vmsa(struct sevl_launch *l, u32 vcpu_id, void *buf);

u64 sevl_launch_pinned_total(void);

#endif /* _SEV_LAUNCH_LAUNCH_H */
