// SPDX-License-Identifier: GPL-2.0
/*
 * sev-launch KVM handler: SEV-SNP VMs - canonical SNP_LAUNCH_UPDATE and
 * SNP_LAUNCH_FINISH, VMM-supplied SNP VMSAs and the SNP launch log.
 *
 * kvm_amd runs upstream's SNP launch for an SNP VM and asks
 * sevl_kvm_snp_cmd_handled() for KVM_SEV_SNP_LAUNCH_UPDATE and _FINISH.
 * This file takes UPDATE on a canonical VM and FINISH on a canonical VM or
 * once the VMM supplied any VMSA; the launch core (drivers/launch/snp*.c)
 * orders, replays and logs.  What it needs from KVM - guest_memfd
 * (kvm_gmem_populate()), the vCPUs, their VMSA pages, the guest context
 * and the RMP - is answered here.
 */
#define pr_fmt(fmt) "sev-launch-kvm: " fmt

#include <linux/kvm_host.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/sev-launch.h>
#include <asm/cacheflush.h>
#include <asm/debugreg.h>
#include <sev-launch/fw.h>
#include <sev-launch/kvm.h>
#include <sev-launch/launch_snp.h>
#include <sev-launch/psp.h>

#include "kvm.h"
#include "snp.h"

/* Kbuild: SEVL_KVM_GMEM where KVM has kvm_gmem_populate(). */
#if defined(SEVL_KVM_GMEM) && IS_ENABLED(CONFIG_KVM_GENERIC_PRIVATE_MEM)
#define SEVL_KVM_SNP_GMEM
#endif

static int sevl_kvm_snp_assign(void *host, u64 gfn, u64 pfn)
{
	struct sevl_kvm_vm *vm = host;

	/*
	 * Guest-Invalid until its own SNP_LAUNCH_UPDATE at FINISH: a page
	 * never measured is then an ordinary private page that KVM's
	 * guest_memfd invalidation gives back.
	 */
	return sevl_psp_rmp_make_private(pfn, gfn << PAGE_SHIFT, vm->asid,
					 false);
}

#ifdef SEVL_KVM_SNP_GMEM
/*
 * Guest memory stays put for the replay: every guest_memfd bound to a
 * private memslot is locked against invalidation (hole punching, its
 * release) as kvm_gmem_populate() locks the one it fills, from after the
 * vCPUs were locked until they are unlocked.  Order: kvm->lock, vCPU
 * mutexes, kvm->slots_lock, the invalidate locks (under slots_lock as
 * their nest lock), then the launch core's mutex; kvm_gmem_populate()
 * and guest_memfd's release take slots_lock before an invalidate lock too.
 */
struct sevl_kvm_snp_gmem {
	unsigned int nr;
	struct file *file[];
};

static void sevl_kvm_snp_gmem_unlock(struct sevl_kvm_vm *vm)
{
	struct sevl_kvm_snp_gmem *g = vm->snp_gmem;
	unsigned int i;

	if (!g)
		return;
	for (i = 0; i < g->nr; i++) {
		filemap_invalidate_unlock(g->file[i]->f_mapping);
		fput(g->file[i]);
	}
	kfree(g);
	vm->snp_gmem = NULL;
	mutex_unlock(&vm->kvm->slots_lock);
}

static int sevl_kvm_snp_gmem_lock(struct sevl_kvm_vm *vm)
{
	struct kvm *kvm = vm->kvm;
	struct kvm_memory_slot *slot;
	struct sevl_kvm_snp_gmem *g;
	unsigned int n = 0, i;
	struct file *file;
	int bkt;

	mutex_lock(&kvm->slots_lock);
	kvm_for_each_memslot(slot, bkt, kvm_memslots(kvm))
		n++;
	g = kzalloc(struct_size(g, file, n), GFP_KERNEL_ACCOUNT);
	if (!g) {
		mutex_unlock(&kvm->slots_lock);
		return -ENOMEM;
	}
	vm->snp_gmem = g;
	kvm_for_each_memslot(slot, bkt, kvm_memslots(kvm)) {
		if (!kvm_slot_can_be_private(slot))
			continue;
		file = get_file_active(&slot->gmem.file);
		if (!file)
			continue;
		for (i = 0; i < g->nr; i++)
			if (g->file[i]->f_mapping == file->f_mapping)
				break;
		if (i < g->nr || g->nr == n) {
			fput(file);
			continue;
		}
		down_write_nest_lock(&file->f_mapping->invalidate_lock,
				     &kvm->slots_lock);
		g->file[g->nr++] = file;
	}
	return 0;
}

/* Is @pfn still the page guest_memfd has at @gfn?  Locked as above. */
static bool sevl_kvm_snp_in_gmem(struct kvm *kvm, u64 gfn, u64 pfn)
{
	struct kvm_memory_slot *slot = gfn_to_memslot(kvm, gfn);
	struct folio *folio;
	struct file *file;
	pgoff_t index;
	bool ret;

	if (!kvm_slot_can_be_private(slot))
		return false;
	file = get_file_active(&slot->gmem.file);
	if (!file)
		return false;
	index = gfn - slot->base_gfn + slot->gmem.pgoff;
	folio = filemap_get_folio(file->f_mapping, index);
	ret = !IS_ERR(folio) && page_to_pfn(folio_file_page(folio, index)) == pfn;
	if (!IS_ERR(folio))
		folio_put(folio);
	fput(file);
	return ret;
}
#else
static void sevl_kvm_snp_gmem_unlock(struct sevl_kvm_vm *vm)
{
}

static int sevl_kvm_snp_gmem_lock(struct sevl_kvm_vm *vm)
{
	return 0;
}

static bool sevl_kvm_snp_in_gmem(struct kvm *kvm, u64 gfn, u64 pfn)
{
	return false;
}
#endif

static int sevl_kvm_snp_lock(void *host)
{
	int ret;

	ret = sevl_kvm_lock_vcpus(host);
	if (ret)
		return ret;
	ret = sevl_kvm_snp_gmem_lock(host);
	if (ret)
		sevl_kvm_unlock_vcpus(host);
	return ret;
}

static void sevl_kvm_snp_unlock(void *host)
{
	sevl_kvm_snp_gmem_unlock(host);
	sevl_kvm_unlock_vcpus(host);
}

/* Still the guest's page at @gfn, and still assigned?  Changes nothing. */
static int sevl_kvm_snp_check(void *host, u64 gfn, u64 pfn)
{
	struct sevl_kvm_vm *vm = host;
	bool assigned = false;
	int level;

	if (!sevl_kvm_snp_in_gmem(vm->kvm, gfn, pfn))
		return -ENOENT;
	if (sevl_psp_rmp_lookup(pfn, &assigned, &level) || !assigned)
		return -ENOENT;
	return 0;
}

/* Right before its SNP_LAUNCH_UPDATE: Guest-Invalid to Pre-Guest. */
static int sevl_kvm_snp_lock_page(void *host, u64 gfn, u64 pfn)
{
	struct sevl_kvm_vm *vm = host;
	int ret;

	ret = sevl_psp_rmp_make_shared(pfn);
	if (ret)
		return ret;
	/* On failure the page stays hypervisor-owned. */
	return sevl_psp_rmp_make_private(pfn, gfn << PAGE_SHIFT, vm->asid,
					 true);
}

/*
 * The firmware holds the page: SNP_PAGE_RECLAIM, then shared.  On failure
 * it is reported leaked, and the caller keeps its reference for good (a
 * real host's snp_leak_pages() takes none).
 */
static int sevl_kvm_snp_reclaim(void *host, u64 pfn)
{
	struct sevl_snp_page_reclaim rc = { .paddr = __sme_set(PFN_PHYS(pfn)) };
	u32 fw;

	if (sevl_psp_issue(SEVL_CMD_SNP_PAGE_RECLAIM, &rc, &fw) ||
	    sevl_psp_rmp_make_shared(pfn)) {
		sevl_psp_snp_leak_pages(pfn, 1);
		return -EIO;
	}
	return 0;
}

/* A page the firmware never measured: hypervisor-owned again, or leaked. */
static int sevl_kvm_snp_release(void *host, u64 pfn)
{
	bool assigned = false;
	int level;

	if (sevl_psp_rmp_lookup(pfn, &assigned, &level))
		return -EIO;
	if (!assigned)
		return 0;
	/* Immutable (Pre-Guest) pages refuse: the firmware gives them back. */
	if (sevl_psp_rmp_make_shared(pfn))
		return sevl_kvm_snp_reclaim(host, pfn);
	return 0;
}

static int sevl_kvm_snp_vmsa_prepare(void *host, u32 vcpu_id,
				     const void *page, u64 sev_features,
				     void **vmsa, u64 *pfn)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm_vcpu *vcpu;
	void *va, *buf, *old;
	int ret;

	vcpu = kvm_get_vcpu_by_id(vm->kvm, vcpu_id);
	if (!vcpu)
		return -ENOENT;
	/* Upstream's rules for a VMSA it syncs hold for a given page too. */
	if (vcpu->arch.guest_state_protected || vcpu->guest_debug ||
	    (!page && (vcpu->arch.dr7 & ~(u64)DR7_FIXED_1)))
		return -EINVAL;
	va = vm->svm->vmsa_page(vcpu);
	if (!va)
		return -EINVAL;
	/* Build the new page aside; the vCPU's stays intact on failure. */
	buf = kzalloc(2 * PAGE_SIZE, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	old = buf + PAGE_SIZE;
	if (page) {
		memcpy(buf, page, PAGE_SIZE);
	} else {
		/* An SNP VM is an INIT2 VM: the FPU state is synced. */
		ret = vm->svm->vmsa_sync(vcpu, buf, true, sev_features);
		if (ret)
			goto out;
	}
	memcpy(old, va, PAGE_SIZE);
	memcpy(va, buf, PAGE_SIZE);
	clflush_cache_range(va, PAGE_SIZE);
	*pfn = __pa(va) >> PAGE_SHIFT;
	ret = sevl_psp_rmp_make_private(*pfn, KVM_SEV_SNP_VMSA_GPA, vm->asid,
					true);
	if (ret) {
		memcpy(va, old, PAGE_SIZE);
		goto out;
	}
	*vmsa = va;
out:
	kfree_sensitive(buf);
	return ret;
}

static void sevl_kvm_snp_vmsa_commit(void *host, u32 vcpu_id)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm_vcpu *vcpu;

	vcpu = kvm_get_vcpu_by_id(vm->kvm, vcpu_id);
	if (vcpu)
		vm->svm->vmsa_protect(vcpu);
}

static int sevl_kvm_snp_vmsa_peek(void *host, u32 vcpu_id, u64 sev_features,
				  void *buf)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm_vcpu *vcpu;

	vcpu = kvm_get_vcpu_by_id(vm->kvm, vcpu_id);
	if (!vcpu)
		return -ENOENT;
	memset(buf, 0, PAGE_SIZE);
	return vm->svm->vmsa_sync(vcpu, buf, true, sev_features);
}

static u64 sevl_kvm_snp_gctx(void *host)
{
	struct sevl_kvm_vm *vm = host;
	void *ctx;

	ctx = vm->svm->snp_context ? vm->svm->snp_context(vm->kvm) : NULL;
	return ctx ? __sme_set(__pa(ctx)) : 0;
}

/* The /dev/sev fd of the VMM's current command, as upstream uses it. */
static int sevl_kvm_snp_issue(void *ctx, u32 cmd, void *buf, u32 *fw)
{
	struct sevl_kvm_vm *vm = ctx;
	struct file *file;
	int ret;

	*fw = SEVL_FW_NOT_CALLED;
	file = fget(vm->snp_fd);
	if (!file)
		return -EBADF;
	ret = sevl_psp_file_is_sev(file) ?
	      sevl_psp_issue_external(file, cmd, buf, fw) : -EBADF;
	fput(file);
	return ret;
}

static const struct sevl_lsnp_host_ops sevl_kvm_snp_ops = {
	.vcpu_ids = sevl_kvm_vcpu_ids,
	.lock_vcpus = sevl_kvm_snp_lock,
	.unlock_vcpus = sevl_kvm_snp_unlock,
	.page_assign = sevl_kvm_snp_assign,
	.page_check = sevl_kvm_snp_check,
	.page_lock = sevl_kvm_snp_lock_page,
	.page_release = sevl_kvm_snp_release,
	.page_reclaim = sevl_kvm_snp_reclaim,
	.vmsa_prepare = sevl_kvm_snp_vmsa_prepare,
	.vmsa_commit = sevl_kvm_snp_vmsa_commit,
	.vmsa_peek = sevl_kvm_snp_vmsa_peek,
	.gctx_pa = sevl_kvm_snp_gctx,
};

/**
 * sevl_kvm_snp_create() - SNP state of a new SNP VM
 * @vm: the VM's state, being created
 * @asid: its ASID
 * @canonical: the host-wide canonical choice
 *
 * Return: 0 or a negative errno.
 */
int sevl_kvm_snp_create(struct sevl_kvm_vm *vm, u32 asid, bool canonical)
{
	struct sevl_lsnp_params p = {
		.ops = &sevl_kvm_snp_ops,
		.host = vm,
		.issue = sevl_kvm_snp_issue,
		.ctx = vm,
		.owner = THIS_MODULE,
		.vmsa_features = vm->vmsa_features |
				 SEV_LAUNCH_VMSA_FEAT_SNP_ACTIVE,
		.canonical = canonical,
	};
	struct sevl_lsnp *s;

	vm->asid = asid;
	s = sevl_lsnp_create(&p);
	if (IS_ERR(s))
		return PTR_ERR(s);
	vm->lsnp = s;
	return 0;
}

/**
 * sevl_kvm_snp_destroy() - release an SNP VM's state
 * @vm: the VM's state
 *
 * Pages recorded and never measured go back to the host.
 */
void sevl_kvm_snp_destroy(struct sevl_kvm_vm *vm)
{
	sevl_lsnp_destroy(vm->lsnp);
	vm->lsnp = NULL;
}

#ifdef SEVL_KVM_SNP_GMEM
struct sevl_kvm_snp_populate {
	struct sevl_kvm_vm *vm;
	u8 type;
	u32 *why;
};

/* kvm_gmem_populate()'s callback: fill, record (and assign) each page. */
static int sevl_kvm_snp_post_populate(struct kvm *kvm, gfn_t gfn_start,
				      kvm_pfn_t pfn, void __user *src,
				      int order, void *opaque)
{
	struct sevl_kvm_snp_populate *a = opaque;
	int n = 1 << order, i, ret = 0;
	bool assigned;
	int level;
	void *va;

	if (!src && a->type != KVM_SEV_SNP_PAGE_TYPE_ZERO)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		assigned = false;
		ret = sevl_psp_rmp_lookup(pfn + i, &assigned, &level);
		if (ret || assigned) {
			ret = ret ? -EINVAL : -EEXIST;
			break;
		}
		va = kmap_local_pfn(pfn + i);
		if (src) {
			if (copy_from_user(va, src + i * PAGE_SIZE, PAGE_SIZE))
				ret = -EFAULT;
		} else {
			memset(va, 0, PAGE_SIZE);
		}
		kunmap_local(va);
		if (ret)
			break;
		ret = sevl_lsnp_record(a->vm->lsnp, gfn_start + i, a->type,
				       pfn_to_page(pfn + i),
				       src ? (unsigned long)src + i * PAGE_SIZE : 0,
				       a->why);
		if (ret)
			break;
	}
	/* kvm_gmem_populate() leaves the folio unprepared: undo it whole. */
	while (ret && i--)
		sevl_lsnp_unrecord(a->vm->lsnp, gfn_start + i);
	return ret;
}

static int sevl_kvm_snp_update(struct kvm *kvm, struct sevl_kvm_vm *vm,
			       struct kvm_sev_cmd *cmd, u32 *why)
{
	void __user *uparams = u64_to_user_ptr(cmd->data);
	struct kvm_sev_snp_launch_update params;
	struct sevl_kvm_snp_populate a = { .vm = vm, .why = why };
	struct kvm_memory_slot *slot;
	void __user *src;
	long count;
	int ret = 0;

	if (!sevl_kvm_snp_gctx(vm))
		return -EINVAL;
	if (copy_from_user(&params, uparams, sizeof(params)))
		return -EFAULT;
	/* Upstream's checks: whole pages, no flags, a type the VMM may use. */
	if (!PAGE_ALIGNED(params.len) || params.flags ||
	    (params.type != KVM_SEV_SNP_PAGE_TYPE_NORMAL &&
	     params.type != KVM_SEV_SNP_PAGE_TYPE_ZERO &&
	     params.type != KVM_SEV_SNP_PAGE_TYPE_UNMEASURED &&
	     params.type != KVM_SEV_SNP_PAGE_TYPE_SECRETS &&
	     params.type != KVM_SEV_SNP_PAGE_TYPE_CPUID))
		return -EINVAL;
	if (params.gfn_start + (params.len >> PAGE_SHIFT) < params.gfn_start)
		return -EINVAL;

	mutex_lock(&kvm->slots_lock);
	slot = gfn_to_memslot(kvm, params.gfn_start);
	if (!kvm_slot_can_be_private(slot)) {
		ret = -EINVAL;
		goto out;
	}
	a.type = params.type;
	src = params.type == KVM_SEV_SNP_PAGE_TYPE_ZERO ? NULL :
	      u64_to_user_ptr(params.uaddr);
	/* Upstream's callback refuses it, and the update fails with -EIO. */
	if (!src && params.type != KVM_SEV_SNP_PAGE_TYPE_ZERO && params.len) {
		ret = -EIO;
		goto out;
	}
	count = kvm_gmem_populate(kvm, params.gfn_start, src,
				  params.len >> PAGE_SHIFT,
				  sevl_kvm_snp_post_populate, &a);
	if (count < 0) {
		ret = count;
		goto out;
	}
	params.gfn_start += count;
	params.len -= count * PAGE_SIZE;
	if (params.type != KVM_SEV_SNP_PAGE_TYPE_ZERO)
		params.uaddr += count * PAGE_SIZE;
	if (copy_to_user(uparams, &params, sizeof(params)))
		ret = -EFAULT;
out:
	mutex_unlock(&kvm->slots_lock);
	return ret;
}
#else
static int sevl_kvm_snp_update(struct kvm *kvm, struct sevl_kvm_vm *vm,
			       struct kvm_sev_cmd *cmd, u32 *why)
{
	return -EOPNOTSUPP;
}
#endif

static int sevl_kvm_snp_finish(struct kvm *kvm, struct sevl_kvm_vm *vm,
			       struct kvm_sev_cmd *cmd, u32 *fw, u32 *why)
{
	struct kvm_sev_snp_launch_finish params;
	struct sevl_lsnp_finish_args a = {};
	struct file *file;
	int ret;

	if (!sevl_kvm_snp_gctx(vm))
		return -EINVAL;
	if (copy_from_user(&params, u64_to_user_ptr(cmd->data), sizeof(params)))
		return -EFAULT;
	if (params.flags)
		return -EINVAL;
	if (params.id_block_en) {
		a.id_block = memdup_user(u64_to_user_ptr(params.id_block_uaddr),
					 KVM_SEV_SNP_ID_BLOCK_SIZE);
		if (IS_ERR(a.id_block))
			return PTR_ERR(a.id_block);
		a.id_auth = memdup_user(u64_to_user_ptr(params.id_auth_uaddr),
					KVM_SEV_SNP_ID_AUTH_SIZE);
		if (IS_ERR(a.id_auth)) {
			kfree(a.id_block);
			return PTR_ERR(a.id_auth);
		}
		a.auth_key_en = params.auth_key_en;
	}
	a.vcek_disabled = params.vcek_disabled;
	memcpy(a.host_data, params.host_data, sizeof(a.host_data));

	/* A bad fd must change nothing: refuse it before any page is locked. */
	file = fget(cmd->sev_fd);
	ret = file && sevl_psp_file_is_sev(file) ? 0 : -EBADF;
	if (file)
		fput(file);
	if (!ret) {
		vm->snp_fd = cmd->sev_fd;
		ret = sevl_lsnp_finish(vm->lsnp, &a, fw, why);
	}
#ifdef SEVL_KVM_PREFAULT
	/* As upstream: private pages may now be faulted in directly. */
	if (!ret)
		kvm->arch.pre_fault_allowed = true;
#endif
	kfree(a.id_auth);
	kfree(a.id_block);
	return ret;
}

static int sevl_kvm_snp_config(struct sevl_kvm_vm *vm, struct kvm_sev_cmd *cmd,
			       u32 *why)
{
	struct kvm_sev_launch_config cfg;

	if (copy_from_user(&cfg, u64_to_user_ptr(cmd->data), sizeof(cfg)))
		return -EFAULT;
	/* An SNP VMSA synced from registers always carries the FPU state. */
	if (memchr_inv(cfg.reserved, 0, sizeof(cfg.reserved)) ||
	    (cfg.vmsa_fpu != KVM_SEV_VMSA_FPU_DEFAULT &&
	     cfg.vmsa_fpu != KVM_SEV_VMSA_FPU_SYNC)) {
		*why = SEV_LAUNCH_ERR_CONFIG;
		return -EINVAL;
	}
	return sevl_lsnp_config(vm->lsnp, cfg.flags, why);
}

static int sevl_kvm_snp_get_log(struct sevl_kvm_vm *vm,
				struct kvm_sev_cmd *cmd)
{
	void __user *uparams = u64_to_user_ptr(cmd->data);
	struct kvm_sev_snp_launch_log params;
	u32 nr, flags;
	int ret;

	if (copy_from_user(&params, uparams, sizeof(params)))
		return -EFAULT;
	if (!params.entries_uaddr)
		params.nr_entries = 0;
	nr = params.nr_entries;
	ret = sevl_lsnp_get_log(vm->lsnp, u64_to_user_ptr(params.entries_uaddr),
				&nr, &flags, params.launch_digest);
	if (ret)
		return ret;
	params.nr_entries = nr;
	params.flags = flags;
	if (copy_to_user(uparams, &params, sizeof(params)))
		return -EFAULT;
	return 0;
}

/**
 * sevl_kvm_snp_vm_ioctl() - a command on an SNP VM's fd
 * @kvm: the VM (kvm->lock held)
 * @vm: its state
 * @cmd: the command
 * @fw: receives the firmware status
 * @why: receives the refusal reason
 * @handled: set to false if the command is not an SNP one of ours
 *
 * Return: 0 or a negative errno.
 */
int sevl_kvm_snp_vm_ioctl(struct kvm *kvm, struct sevl_kvm_vm *vm,
			  struct kvm_sev_cmd *cmd, u32 *fw, u32 *why,
			  bool *handled)
{
	*handled = true;
	switch (cmd->id) {
	case KVM_SEV_SNP_LAUNCH_UPDATE:
		return sevl_kvm_snp_update(kvm, vm, cmd, why);
	case KVM_SEV_SNP_LAUNCH_FINISH:
		return sevl_kvm_snp_finish(kvm, vm, cmd, fw, why);
	case KVM_SEV_LAUNCH_CONFIG:
		return sevl_kvm_snp_config(vm, cmd, why);
	case KVM_SEV_SNP_LAUNCH_GET_LOG:
		return sevl_kvm_snp_get_log(vm, cmd);
	case KVM_SEV_GET_CAPS:
		*handled = false;
		return 0;
	default:
		/* The SEV / SEV-ES launch commands are not for an SNP VM. */
		return -EINVAL;
	}
}

/**
 * sevl_kvm_snp_vcpu_update_vmsa() - LAUNCH_UPDATE_VMSA on an SNP vCPU's fd
 * @vm: the VM's state
 * @vcpu: the vCPU (its mutex held)
 * @cmd: the command; data is 0 (sync from the registers with the VM's
 *	sev_features) or a struct kvm_sev_vcpu_update_vmsa
 * @why: receives the refusal reason
 *
 * Validated now, measured at SNP_LAUNCH_FINISH.
 *
 * Return: 0 or a negative errno.
 */
int sevl_kvm_snp_vcpu_update_vmsa(struct sevl_kvm_vm *vm,
				  struct kvm_vcpu *vcpu,
				  struct kvm_sev_cmd *cmd, u32 *why)
{
	u64 features = vm->vmsa_features | SEV_LAUNCH_VMSA_FEAT_SNP_ACTIVE;
	struct kvm_sev_vcpu_update_vmsa req;
	void *page;
	int ret;

	if (!cmd->data)
		return sevl_lsnp_vmsa_set(vm->lsnp, vcpu->vcpu_id, NULL,
					  features, why);
	if (copy_from_user(&req, u64_to_user_ptr(cmd->data), sizeof(req)))
		return -EFAULT;
	if ((req.flags & ~KVM_SEV_VMSA_F_PAGE) ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	if (!(req.flags & KVM_SEV_VMSA_F_PAGE)) {
		if (req.vmsa_uaddr || req.vmsa_len)
			return -EINVAL;
		return sevl_lsnp_vmsa_set(vm->lsnp, vcpu->vcpu_id, NULL,
					  req.sev_features, why);
	}
	if (!req.vmsa_uaddr || req.vmsa_len != SEV_LAUNCH_VMSA_SIZE)
		return -EINVAL;
	page = memdup_user(u64_to_user_ptr(req.vmsa_uaddr),
			   SEV_LAUNCH_VMSA_SIZE);
	if (IS_ERR(page))
		return PTR_ERR(page);
	ret = sevl_lsnp_vmsa_set(vm->lsnp, vcpu->vcpu_id, page, 0, why);
	kfree_sensitive(page);
	return ret;
}

/**
 * sevl_kvm_snp_vcpu_vmsa() - the VMSA an SNP vCPU was or will be measured with
 * @vm: the VM's state
 * @vcpu: the vCPU (its mutex held)
 * @buf: 4096 bytes
 *
 * Return: 0 or a negative errno.
 */
int sevl_kvm_snp_vcpu_vmsa(struct sevl_kvm_vm *vm, struct kvm_vcpu *vcpu,
			   void *buf)
{
	return sevl_lsnp_vmsa_get(vm->lsnp, vcpu->vcpu_id, buf);
}
