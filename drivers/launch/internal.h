/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Launch core internals, shared by the files of sev-launch-core.ko.
 *
 * One struct sevl_launch per guest launch.  Every public entry point takes
 * @lock for its whole duration; the two that must lock the vCPUs as well
 * (LAUNCH_MEASURE's replay and the legacy all-vCPU LAUNCH_UPDATE_VMSA) call
 * the host's lock_vcpus() first, because vCPU ioctls enter the core with
 * their vCPU mutex held: the order is vCPU mutexes, then @lock.
 */
#ifndef _SEVL_LAUNCH_INTERNAL_H
#define _SEVL_LAUNCH_INTERNAL_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/refcount.h>
#include <linux/xarray.h>
#include <crypto/sha2.h>
#include <sev-launch/launch.h>
#include <sev-launch/psp.h>

struct page;
struct kvm_sev_launch_log_entry;
struct sevl_late;

/**
 * struct sevl_data_rec - a recorded LAUNCH_UPDATE_DATA (canonical mode)
 * @gpa: guest physical address of the first byte
 * @pages: the pinned pages spanned by the range (sevl_data_nr_pages())
 * @len: length in bytes (LAUNCH_UPDATE_DATA takes at most 4 GiB - 1)
 * @offset: offset of the first byte in @pages[0]
 *
 * Held by value in the leaves of a struct sevl_ranges (ranges.c).
 */
struct sevl_data_rec {
	u64 gpa;
	struct page **pages;
	u32 len;
	u32 offset;
};

/* Number of pages a record's @pages holds. */
static inline unsigned long sevl_data_nr_pages(const struct sevl_data_rec *r)
{
	return (unsigned long)((r->offset + (u64)r->len - 1) >> PAGE_SHIFT) + 1;
}

/* Deeper than any index that fits in memory (ranges.c). */
#define SEVL_RANGES_MAX_HEIGHT	10

struct sevl_ranges_leaf;
struct sevl_ranges_inner;

/**
 * struct sevl_ranges - recorded data ranges by guest physical address
 * @root: the root node (a leaf if @height is 1), NULL when empty
 * @first: the leaf with the lowest addresses
 * @last: the leaf with the highest addresses
 * @height: levels of nodes, leaves included; 0 when empty
 * @nr: records held
 * @bytes: bytes allocated for nodes (as kmalloc rounds them)
 *
 * A B+tree that refuses overlapping ranges (ranges.c).  Moving the struct
 * moves the index.
 */
struct sevl_ranges {
	void *root;
	struct sevl_ranges_leaf *first;
	struct sevl_ranges_leaf *last;
	unsigned int height;
	unsigned long nr;
	size_t bytes;
};

/**
 * struct sevl_ranges_slot - an insert sevl_ranges_prepare() prepared
 * @leaf: the leaf the record goes into, NULL for an empty index
 * @pos: its position there in address order
 * @nr_spare: nodes allocated in @spare
 * @path: from the leaf's parent (index 1) up to the root, each inner node
 *	and the child taken in it
 * @spare: the nodes the insert's splits need
 */
struct sevl_ranges_slot {
	struct sevl_ranges_leaf *leaf;
	unsigned int pos;
	unsigned int nr_spare;
	struct {
		struct sevl_ranges_inner *node;
		unsigned int idx;
	} path[SEVL_RANGES_MAX_HEIGHT];
	void *spare[SEVL_RANGES_MAX_HEIGHT + 1];
};

/**
 * struct sevl_ranges_pos - a position in an in-order walk of the ranges
 * @leaf: the current leaf, NULL past the end
 * @i: position in @leaf
 * @rec: the current record, NULL past the end
 */
struct sevl_ranges_pos {
	struct sevl_ranges_leaf *leaf;
	unsigned int i;
	struct sevl_data_rec *rec;
};

/**
 * struct sevl_vmsa_rec - one vCPU's LAUNCH_UPDATE_VMSA
 * @vcpu_id: the vCPU
 * @sync: sync the VMSA from the vCPU's registers (else @page is used)
 * @fpu_sync: with @sync, include the x87/SSE/AVX state
 * @features: with @sync, the sev_features to put in the VMSA
 * @page: 4096 bytes: the caller's page while recorded; once @measured, the
 *	exact bytes the firmware measured.  NULL for a recorded sync request.
 * @measured: the firmware accepted this VMSA
 */
struct sevl_vmsa_rec {
	u32 vcpu_id;
	bool sync;
	bool fpu_sync;
	u64 features;
	u8 *page;
	bool measured;
};

/**
 * struct sevl_launch - one launch
 * @lock: serialises every entry point (see the file comment)
 * @refs: references: the creator's, and one per taken timed-out command
 * @p: parameters given at creation (the issuer may be replaced)
 * @state: SEVL_LAUNCH_*
 * @fw_out: while an entry point holds @lock, its caller's firmware status
 *	out parameter; NULL otherwise
 * @why: likewise, where sevl_refuse() stores its SEV_LAUNCH_ERR_* reason
 * @handle: firmware guest handle, valid if @have_handle
 * @have_handle: LAUNCH_START created @handle; teardown must remove it
 * @activated: ACTIVATE bound @handle to the launch's ASID
 * @asid_lost: a guest that could not be deactivated still holds the ASID
 *	(parked, see sevl_park()); the ASID must never be reused
 * @flags: KVM_SEV_LAUNCH_F_* from LAUNCH_CONFIG
 * @vmsa_fpu: KVM_SEV_VMSA_FPU_* from LAUNCH_CONFIG
 * @replayed: canonical mode: the records went to the firmware
 * @broken: the firmware failed half-way through the replay
 * @broken_fw: the firmware status that broke the launch, or
 *	SEVL_FW_NOT_CALLED if the host did
 * @data: recorded data ranges, sorted by guest physical address
 * @nr_data: number of entries in @data
 * @vmsas: VMSA records (struct sevl_vmsa_rec), indexed by vCPU id
 * @nr_vmsas: number of entries in @vmsas
 * @pinned: pages this launch holds pinned right now
 * @log: launch log entries
 * @nr_log: entries used in @log
 * @log_cap: entries allocated in @log
 * @log_truncated: default mode dropped entries (SEVL_LOG_DEFAULT_MAX)
 * @ld: running SHA-256 over every byte the firmware measured
 * @digest: final launch digest, valid in MEASURED and later
 * @late: a timed-out command and what it references (late.c), or NULL
 * @owner: a mirror's owner launch (mirror.c), referenced; NULL otherwise
 */
struct sevl_launch {
	struct mutex lock;	/* see above */
	refcount_t refs;
	struct sevl_launch_params p;
	enum sevl_launch_state state;
	u32 *fw_out;
	u32 *why;
	u32 handle;
	bool have_handle;
	bool activated;
	bool asid_lost;
	u32 flags;
	u32 vmsa_fpu;
	bool replayed;
	bool broken;
	u32 broken_fw;
	struct sevl_ranges data;
	unsigned long nr_data;
	struct xarray vmsas;
	unsigned long nr_vmsas;
	u64 pinned;
	struct kvm_sev_launch_log_entry *log;
	u32 nr_log;
	u32 log_cap;
	bool log_truncated;
	struct sha256_state ld;
	u8 digest[SHA256_DIGEST_SIZE];
	struct sevl_late *late;
	struct sevl_launch *owner;
};

static inline bool sevl_canonical(const struct sevl_launch *l)
{
	return l->flags & KVM_SEV_LAUNCH_F_CANONICAL;
}

/*
 * An entry point took @lock: its firmware status and refusal reason go to
 * the caller's @fw (may be NULL) and @why until sevl_leave().
 */
static inline void sevl_enter(struct sevl_launch *l, u32 *fw, u32 *why)
{
	if (fw)
		*fw = SEVL_FW_NOT_CALLED;
	*why = 0;
	l->fw_out = fw;
	l->why = why;
}

/* The entry point is about to drop @lock. */
static inline void sevl_leave(struct sevl_launch *l)
{
	l->fw_out = NULL;
	l->why = NULL;
}

/* Refuse with @err; returns @ret for "return sevl_refuse(...)". */
static inline int sevl_refuse(struct sevl_launch *l, int ret, u32 err)
{
	if (l->why)
		*l->why = err;
	return ret;
}

/* launch.c */
int sevl_fw_issue(struct sevl_launch *l, u32 cmd, void *buf, u32 *fw);
int sevl_check_update(struct sevl_launch *l);
u64 sevl_pa(void *kaddr);
u64 sevl_page_pa(struct page *page);

/* park.c */
int sevl_fw_direct(struct sevl_launch *l, u32 cmd, void *buf, u32 *fw);
bool sevl_guest_release(struct sevl_launch *l, u32 handle, bool bound);
void sevl_retry_parked(bool deactivate);

/* pin.c */
int sevl_pin(struct sevl_launch *l, unsigned long uaddr, u64 len,
	     unsigned int gup_flags, struct page ***pagesp, unsigned long *nr);
void sevl_unpin(struct sevl_launch *l, struct page **pages, unsigned long nr,
		bool dirty);
void sevl_flush_pages(struct page **pages, unsigned long nr);
bool sevl_pin_short_ok(unsigned long uaddr, u64 len);
int sevl_pages_alias(struct page **pages, unsigned long nr, bool *alias);
unsigned long sevl_contig_pages(struct page **pages, unsigned long idx,
				unsigned long nr);
int sevl_pin_debugfs_init(void);
void sevl_pin_debugfs_exit(void);

/* log.c */
int sevl_log_reserve(struct sevl_launch *l, u32 more);
void sevl_log_add(struct sevl_launch *l, u32 kind, u32 vcpu_id, u64 gpa,
		  u64 len, const u8 *sha);
void sevl_log_free(struct sevl_launch *l);
void sevl_hash_pages(struct sha256_state *a, struct sha256_state *b,
		     struct page **pages, unsigned int offset, u64 len);

/* record.c */
void sevl_data_free_all(struct sevl_launch *l, bool dirty);
void sevl_data_free_ranges(struct sevl_launch *l, struct sevl_ranges *t,
			   bool dirty);

/* vmsa.c */
int sevl_vcpu_ids(struct sevl_launch *l, u32 **idsp, u32 *nr);
bool sevl_vmsa_fpu_sync(const struct sevl_launch *l);
int sevl_vmsa_measure(struct sevl_launch *l, struct sevl_vmsa_rec *r,
		      u32 *fw);
int sevl_vmsa_host_check(struct sevl_launch *l, u32 vcpu_id,
			 const void *page);
void sevl_vmsa_free_all(struct sevl_launch *l);

/* replay.c */
int sevl_replay(struct sevl_launch *l, u32 *fw);

/* mirror.c */
struct sevl_launch *sevl_measured_by(struct sevl_launch *l);
void sevl_measured_done(struct sevl_launch *l, struct sevl_launch *t);

/* late.c */
int sevl_late_arm(struct sevl_launch *l, const void *buf);
void sevl_late_disarm(struct sevl_launch *l);
bool sevl_late_broken(struct sevl_launch *l);
void sevl_late_keep_blob(struct sevl_launch *l, void **blob);
void sevl_late_keep_pages(struct sevl_launch *l, struct page ***pages,
			  unsigned long nr, bool dirty);
void sevl_late_keep_data(struct sevl_launch *l);
void sevl_late_keep_bounce(struct sevl_launch *l, void **page);
void sevl_late_keep_vmsa(struct sevl_launch *l, void *vmsa);
bool sevl_late_defer_destroy(struct sevl_launch *l);
bool sevl_launch_teardown(struct sevl_launch *l, bool guarded);
void sevl_launch_put(struct sevl_launch *l);
void sevl_late_free(struct sevl_launch *l);

/* ranges.c */
void sevl_ranges_init(struct sevl_ranges *t);
int sevl_ranges_prepare(struct sevl_ranges *t, u64 gpa, u64 len,
			struct sevl_ranges_slot *s);
void sevl_ranges_abort(struct sevl_ranges_slot *s);
void sevl_ranges_commit(struct sevl_ranges *t, struct sevl_ranges_slot *s,
			const struct sevl_data_rec *r);
int sevl_ranges_insert(struct sevl_ranges *t, const struct sevl_data_rec *r);
struct sevl_data_rec *sevl_ranges_first(const struct sevl_ranges *t,
					struct sevl_ranges_pos *p);
struct sevl_data_rec *sevl_ranges_next(struct sevl_ranges_pos *p);
void sevl_ranges_clear(struct sevl_ranges *t);

static inline bool sevl_ranges_empty(const struct sevl_ranges *t)
{
	return !t->root;
}

#endif /* _SEVL_LAUNCH_INTERNAL_H */
