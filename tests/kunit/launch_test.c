// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fixture of the launch core suites: see launch_test.h.
 *
 * The firmware is a private software firmware instance with the module's
 * own accessors of physical memory (System RAM only), so the launch core's
 * firmware addresses (pinned user pages, VMSA pages, kmalloc'd blobs) are
 * used as they would be by a PSP.  KUnit runs tests in a kernel thread;
 * guest memory is a user mapping made with kunit_vm_mmap() of a small file
 * whose mmap inserts the fixture's pages, so tests choose the physical
 * layout.
 */
#include <kunit/test.h>
#include <linux/anon_inodes.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "../../drivers/swfw/regs.h"
#include "launch_test.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

#define LT_ORDER	5	/* 1 << LT_ORDER == LT_PAGES */
static_assert((1 << LT_ORDER) == LT_PAGES);

static size_t sevl_lt_cmd_len(u32 cmd)
{
	switch (cmd) {
	case SEVL_CMD_INIT:
		return sizeof(struct sevl_fw_init);
	case SEVL_CMD_PDH_CERT_EXPORT:
		return sizeof(struct sevl_fw_pdh_cert_export);
	case SEVL_CMD_DECOMMISSION:
	case SEVL_CMD_DEACTIVATE:
	case SEVL_CMD_LAUNCH_FINISH:
		return sizeof(struct sevl_fw_handle);
	case SEVL_CMD_ACTIVATE:
		return sizeof(struct sevl_fw_activate);
	case SEVL_CMD_GUEST_STATUS:
		return sizeof(struct sevl_fw_guest_status);
	case SEVL_CMD_LAUNCH_START:
		return sizeof(struct sevl_fw_launch_start);
	case SEVL_CMD_LAUNCH_UPDATE_DATA:
	case SEVL_CMD_LAUNCH_UPDATE_VMSA:
		return sizeof(struct sevl_fw_launch_update);
	case SEVL_CMD_LAUNCH_MEASURE:
		return sizeof(struct sevl_fw_launch_measure);
	case SEVL_CMD_LAUNCH_UPDATE_SECRET:
		return sizeof(struct sevl_fw_launch_secret);
	case SEVL_CMD_DBG_DECRYPT:
	case SEVL_CMD_DBG_ENCRYPT:
		return sizeof(struct sevl_fw_dbg);
	default:
		return 0;
	}
}

/**
 * sevl_lt_issue() - the test's firmware issuer
 * @ctx: the fixture
 * @cmd: command id
 * @buf: command buffer (or NULL for commands without one)
 * @fw: receives the status
 *
 * Copies the buffer into kmalloc'd memory, runs the command on the
 * private firmware at that buffer's physical address, copies it back.
 * Counts calls and injects the configured failure.
 *
 * Return: 0, or -EIO when the firmware failed.
 */
int sevl_lt_issue(void *ctx, u32 cmd, void *buf, u32 *fw)
{
	struct sevl_lt *t = ctx;
	size_t len = sevl_lt_cmd_len(cmd);
	u8 *copy;
	int st;

	*fw = SEVL_FW_NOT_CALLED;
	if (cmd < LT_CMDS)
		t->calls[cmd]++;
	t->total++;
	if (t->fail_nth && cmd == t->fail_cmd && !--t->fail_nth) {
		*fw = t->fail_status;
		return -EIO;
	}
	if (t->on_issue)
		t->on_issue(t, cmd, buf);
	copy = kzalloc(64, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	if (buf && len)
		memcpy(copy, buf, len);
	st = sevl_fw_execute(t->fw, cmd, virt_to_phys(copy));
	if (buf && len)
		memcpy(buf, copy, len);
	kfree(copy);
	*fw = st;
	/* As the PSP driver: a SHUTDOWN starts a new epoch. */
	if (!st && cmd == SEVL_CMD_SHUTDOWN)
		t->epoch++;
	return st ? -EIO : 0;
}

/* The fixture's sevl_psp_epoch(). */
static u64 sevl_lt_epoch(void *ctx)
{
	struct sevl_lt *t = ctx;

	return t->epoch;
}

/* Fake host operations. */
static int sevl_lt_hva_to_gpa(void *host, unsigned long hva, u64 len,
			      u64 *gpa)
{
	struct sevl_lt *t = host;
	int i;

	for (i = 0; i < t->nr_slots; i++) {
		struct sevl_lt_slot *s = &t->slots[i];

		if (hva >= s->hva && hva - s->hva < s->size &&
		    len <= s->size - (hva - s->hva)) {
			*gpa = s->gpa + (hva - s->hva);
			return 0;
		}
	}
	return -ENOENT;
}

static int sevl_lt_vcpu_ids(void *host, u32 *ids, u32 max)
{
	struct sevl_lt *t = host;
	int i;

	for (i = 0; i < t->nr_vcpus && i < max; i++)
		ids[i] = t->vcpus[i].id;
	return t->nr_vcpus;
}

static int sevl_lt_lock_vcpus(void *host)
{
	struct sevl_lt *t = host;

	t->locked++;
	t->lock_calls++;
	return 0;
}

static void sevl_lt_unlock_vcpus(void *host)
{
	struct sevl_lt *t = host;

	t->locked--;
}

static struct sevl_lt_vcpu *sevl_lt_vcpu(struct sevl_lt *t, u32 id)
{
	int i;

	for (i = 0; i < t->nr_vcpus; i++)
		if (t->vcpus[i].id == id)
			return &t->vcpus[i];
	return NULL;
}

/**
 * sevl_lt_synth_vmsa() - what a register sync gives for a vCPU
 * @vcpu_id: the vCPU; its registers are a function of its id only
 * @fpu: include the "FPU state"
 * @features: sev_features
 * @buf: 4096 bytes
 */
void sevl_lt_synth_vmsa(u32 vcpu_id, bool fpu, u64 features, u8 *buf)
{
	memset(buf, 0, SEVL_VMSA_SIZE);
	sevl_lt_fill_bytes(buf, 0x3b0, 0x40 + vcpu_id, 0);
	memcpy(buf + 0x3b0, &features, sizeof(features));
	if (fpu)
		memset(buf + 0x400, 0xa5 ^ vcpu_id, 0x270);
}

static int sevl_lt_vmsa_fill(void *host, u32 vcpu_id, const void *page,
			     bool fpu_sync, u64 sev_features, void **vmsa)
{
	struct sevl_lt *t = host;
	struct sevl_lt_vcpu *v = sevl_lt_vcpu(t, vcpu_id);

	if (!v)
		return -ENOENT;
	if (v->protected)
		return -EINVAL;
	if (page)
		memcpy(v->vmsa, page, SEVL_VMSA_SIZE);
	else
		sevl_lt_synth_vmsa(vcpu_id, fpu_sync, sev_features, v->vmsa);
	*vmsa = v->vmsa;
	return 0;
}

static int sevl_lt_vmsa_peek(void *host, u32 vcpu_id, bool fpu_sync,
			     u64 sev_features, void *buf)
{
	struct sevl_lt *t = host;

	if (!sevl_lt_vcpu(t, vcpu_id))
		return -ENOENT;
	sevl_lt_synth_vmsa(vcpu_id, fpu_sync, sev_features, buf);
	return 0;
}

static void sevl_lt_vmsa_commit(void *host, u32 vcpu_id)
{
	struct sevl_lt_vcpu *v = sevl_lt_vcpu(host, vcpu_id);

	if (v)
		v->protected = true;
}

static int sevl_lt_vmsa_check(void *host, u32 vcpu_id, const void *page)
{
	struct sevl_lt_vcpu *v = sevl_lt_vcpu(host, vcpu_id);

	if (!v)
		return -ENOENT;
	return v->debug ? -EINVAL : 0;
}

static u64 sevl_lt_locked_pages(void *host)
{
	struct sevl_lt *t = host;

	return t->host_locked;
}

static const struct sevl_launch_host_ops sevl_lt_ops = {
	.hva_to_gpa = sevl_lt_hva_to_gpa,
	.vcpu_ids = sevl_lt_vcpu_ids,
	.lock_vcpus = sevl_lt_lock_vcpus,
	.unlock_vcpus = sevl_lt_unlock_vcpus,
	.vmsa_fill = sevl_lt_vmsa_fill,
	.vmsa_peek = sevl_lt_vmsa_peek,
	.vmsa_commit = sevl_lt_vmsa_commit,
	.vmsa_check = sevl_lt_vmsa_check,
	.locked_pages = sevl_lt_locked_pages,
};

/*
 * Never called (the pages are mapped writable by the mmap handler); its
 * presence makes the mapping one that needs dirty tracking.
 */
static vm_fault_t sevl_lt_mkwrite(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct sevl_lt_wn_ops = {
	.page_mkwrite = sevl_lt_mkwrite,
};

/* The guest-memory file: its mmap inserts the fixture's pages. */
static int sevl_lt_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct sevl_lt *t = file->private_data;
	unsigned long i;
	int ret;

	if (vma->vm_pgoff || vma_pages(vma) != LT_PAGES)
		return -EINVAL;
	if (t->writenotify)
		vma->vm_ops = &sevl_lt_wn_ops;
	for (i = 0; i < LT_PAGES; i++) {
		ret = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE,
				     t->pages[t->map[i]]);
		if (ret)
			return ret;
	}
	return 0;
}

static const struct file_operations sevl_lt_fops = {
	.owner = THIS_MODULE,
	.mmap = sevl_lt_mmap,
};

/**
 * sevl_lt_map() - map the guest pages (in the order of @t->map) and give
 *	them one memory slot at LT_GPA
 * @t: fixture
 */
void sevl_lt_map(struct sevl_lt *t)
{
	struct kunit *test = t->test;
	struct file *file;

	file = anon_inode_getfile("sevl-lt", &sevl_lt_fops, t, O_RDWR);
	KUNIT_ASSERT_FALSE(test, IS_ERR(file));
	t->uaddr = kunit_vm_mmap(test, file, 0, LT_PAGES * PAGE_SIZE,
				 PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	fput(file);
	KUNIT_ASSERT_NE(test, t->uaddr, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(t->uaddr));
	t->slots[0] = (struct sevl_lt_slot){ t->uaddr, LT_GPA,
					     LT_PAGES * PAGE_SIZE };
	t->nr_slots = 1;
}

/**
 * sevl_lt_data() - LAUNCH_UPDATE_DATA of guest memory at a mapping offset
 * @t: fixture
 * @off: offset in the guest mapping
 * @len: length
 * @fw: receives the firmware status
 *
 * Return: what sevl_launch_update_data(, &t->why) returns.
 */
int sevl_lt_data(struct sevl_lt *t, unsigned long off, u64 len, u32 *fw)
{
	return sevl_launch_update_data(t->l, t->uaddr + off, len, fw, &t->why);
}

/**
 * sevl_lt_kaddr() - kernel address of a user page of guest memory
 * @t: fixture
 * @upage: page index in the user mapping
 *
 * Return: the direct-map address of the backing page.
 */
void *sevl_lt_kaddr(struct sevl_lt *t, unsigned int upage)
{
	return page_address(t->pages[t->map[upage]]);
}

/**
 * sevl_lt_fill_bytes() - deterministic test pattern
 * @p: buffer
 * @len: its length
 * @seed: pattern
 * @pos: position of @p[0] in the pattern
 */
void sevl_lt_fill_bytes(u8 *p, size_t len, u8 seed, size_t pos)
{
	size_t i;

	for (i = 0; i < len; i++, pos++)
		p[i] = ((pos ^ (pos >> 7)) * 0x9d + seed * 0x3b + (pos >> 12)) &
		       0xff;
}

/**
 * sevl_lt_fill() - fill guest memory (through the user mapping's order)
 * @t: fixture
 * @seed: pattern; user byte at offset o gets pattern position o
 */
void sevl_lt_fill(struct sevl_lt *t, u8 seed)
{
	unsigned int i;

	for (i = 0; i < LT_PAGES; i++)
		sevl_lt_fill_bytes(sevl_lt_kaddr(t, i), PAGE_SIZE, seed,
				   (size_t)i * PAGE_SIZE);
}

/**
 * sevl_lt_launch() - create the launch under test (t->l)
 * @t: fixture
 * @es: SEV-ES (ASID 1) or plain SEV (ASID 5)
 * @canon: configure canonical mode
 *
 * VMs are INIT2 ones with vmsa_features @t->vm_features (DEBUG_SWAP
 * unless the test changed it); KVM would allow LT_FEATURES.
 *
 * Return: the launch.
 */
struct sevl_launch *sevl_lt_launch(struct sevl_lt *t, bool es, bool canon)
{
	struct sevl_launch_params p = {
		.ops = &sevl_lt_ops, .host = t,
		.fw = { .issue = sevl_lt_issue, .ctx = t,
			.epoch = sevl_lt_epoch },
		.asid = es ? 1 : 5, .es = es, .init2 = true,
		.vmsa_features = t->vm_features,
		.allowed_features = LT_FEATURES,
	};
	struct kunit *test = t->test;
	int i;

	KUNIT_ASSERT_NULL(test, t->l);
	for (i = 0; i < t->nr_vcpus; i++) {
		t->vcpus[i].protected = false;
		t->vcpus[i].debug = false;
	}
	t->l = sevl_launch_create(&p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->l));
	if (canon)
		KUNIT_ASSERT_EQ(test, sevl_launch_config(t->l, KVM_SEV_LAUNCH_F_CANONICAL,
							 KVM_SEV_VMSA_FPU_DEFAULT, &t->why),
				0);
	return t->l;
}

/**
 * sevl_lt_start() - LAUNCH_START without a session; must succeed
 * @t: fixture
 * @policy: guest policy
 *
 * Return: the handle.
 */
u32 sevl_lt_start(struct sevl_lt *t, u32 policy)
{
	u32 handle = 0, fw;

	KUNIT_ASSERT_EQ(t->test, sevl_launch_start(t->l, policy, NULL, 0,
						   NULL, 0, &handle, &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(t->test, fw, 0);
	KUNIT_EXPECT_EQ(t->test, sevl_launch_state(t->l), SEVL_LAUNCH_START);
	return handle;
}

/**
 * sevl_lt_destroy() - destroy t->l, then DF_FLUSH so its ASID is reusable
 * @t: fixture
 */
void sevl_lt_destroy(struct sevl_lt *t)
{
	u32 fw;

	sevl_launch_destroy(t->l);
	t->l = NULL;
	sevl_lt_issue(t, SEVL_CMD_DF_FLUSH, NULL, &fw);
}

/**
 * sevl_lt_digest() - launch digest from sevl_launch_get_log()
 * @t: fixture
 * @digest: 32 bytes
 */
void sevl_lt_digest(struct sevl_lt *t, u8 *digest)
{
	u32 nr = 0, flags;

	KUNIT_EXPECT_EQ(t->test, sevl_launch_get_log(t->l, NULL, &nr, &flags,
						     digest), 0);
}

/**
 * sevl_lt_fw_ld() - the firmware's own launch digest of t->l (white box)
 * @t: fixture
 *
 * Return: the 32-byte LD the firmware computed at LAUNCH_MEASURE.
 */
const u8 *sevl_lt_fw_ld(struct sevl_lt *t)
{
	u32 h = sevl_launch_handle(t->l);

	KUNIT_ASSERT_GT(t->test, h, 0);
	/* The firmware's guest table: handle = index + 1. */
	return t->fw->guests[h - 1].ld;
}

/**
 * sevl_lt_init() - suite init: firmware (INIT with SEV-ES, DF_FLUSH),
 *	guest pages, vCPUs 0..LT_VCPUS-1, scratch user memory
 * @test: the test
 *
 * Return: 0.
 */
int sevl_lt_init(struct kunit *test)
{
	struct sevl_fw_params fp = {
		.api_major = LT_API_MAJOR, .api_minor = LT_API_MINOR,
		.build = LT_BUILD, .nr_asids = 16, .min_sev_asid = 5,
		.mem = &sevl_swfw_mem_ops,
	};
	struct sevl_fw_init in = {
		.flags = SEVL_INIT_FLAGS_ES,
		/* The TMR is never accessed by the software firmware. */
		.tmr_address = 0x200000000ULL, .tmr_len = 0x100000,
	};
	struct page *pg;
	struct sevl_lt *t;
	u32 fw;
	int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	test->priv = t;

	pg = alloc_pages(GFP_KERNEL | __GFP_ZERO, LT_ORDER);
	KUNIT_ASSERT_NOT_NULL(test, pg);
	split_page(pg, LT_ORDER);
	for (i = 0; i < LT_PAGES; i++) {
		t->pages[i] = pg + i;
		t->map[i] = i;
	}
	for (i = 0; i < LT_VCPUS; i++) {
		t->vcpus[i].id = i;
		t->vcpus[i].vmsa = (u8 *)get_zeroed_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, t->vcpus[i].vmsa);
	}
	t->nr_vcpus = LT_VCPUS;
	t->vm_features = SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP;

	t->fw = sevl_fw_create(&fp);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(t->fw));
	KUNIT_ASSERT_EQ(test, sevl_lt_issue(t, SEVL_CMD_INIT, &in, &fw), 0);
	KUNIT_ASSERT_EQ(test, sevl_lt_issue(t, SEVL_CMD_DF_FLUSH, NULL, &fw),
			0);

	t->scratch = kunit_vm_mmap(test, NULL, 0, LT_PAGES * PAGE_SIZE,
				   PROT_READ | PROT_WRITE,
				   MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, t->scratch, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(t->scratch));
	memset(t->calls, 0, sizeof(t->calls));
	t->total = 0;
	return 0;
}

/**
 * sevl_lt_exit() - suite exit: destroy the launch and the firmware, drop
 *	the fixture's page references (the mappings hold their own)
 * @test: the test
 */
void sevl_lt_exit(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	int i;

	if (!t)
		return;
	if (t->l)
		sevl_lt_destroy(t);
	/* Guests parked by this test use its issuer and firmware. */
	t->fail_nth = 0;
	sevl_launch_drain();
	if (!IS_ERR_OR_NULL(t->fw))
		sevl_fw_destroy(t->fw);
	for (i = 0; i < LT_VCPUS; i++)
		if (t->vcpus[i].vmsa)
			free_page((unsigned long)t->vcpus[i].vmsa);
	for (i = 0; i < LT_PAGES; i++)
		if (t->pages[i])
			__free_page(t->pages[i]);
}
