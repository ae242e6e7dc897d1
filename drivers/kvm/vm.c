// SPDX-License-Identifier: GPL-2.0
/*
 * sev-launch KVM handler: per-VM state and the host operations the launch
 * core needs from KVM.
 *
 * kvm_amd (patched with CONFIG_KVM_AMD_SEV_LAUNCH) creates a struct
 * sevl_kvm_vm at KVM_SEV_INIT / ES_INIT / INIT2 and destroys it with the
 * VM.  Everything KVM-specific the launch core asks for - which guest
 * physical address a user range is, which vCPUs exist, their VMSA pages -
 * is answered here from the public KVM API and the few SVM callbacks
 * kvm_amd lends us.
 */
#define pr_fmt(fmt) "sev-launch-kvm: " fmt

#include <linux/module.h>
#include <linux/kvm_host.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/sev-launch.h>
#include <asm/cacheflush.h>
#include <asm/debugreg.h>
#include <asm/svm.h>
#include <sev-launch/fw.h>
#include <sev-launch/kvm.h>
#include <sev-launch/launch.h>
#include <sev-launch/psp.h>

#include "kvm.h"
#include "snp.h"

/* C-bit position reported for the software firmware's platform. */
#define SEVL_KVM_EMULATED_CBIT	51

/*
 * Upstream kvm_amd has the ccp driver INIT the SEV platform when KVM comes
 * up (ccp's psp_init_on_probe), so a VMM's first PLATFORM_STATUS already
 * sees INIT and, where SEV-ES exists, the CONFIG_ES flag.
 */
static bool init_on_load = true;
module_param(init_on_load, bool, 0444);
MODULE_PARM_DESC(init_on_load,
		 "Initialise the SEV platform when KVM sets up SEV (default: Y), as ccp's psp_init_on_probe; else at the first SEV VM");

/*
 * The administrator's host-wide opt-in: every SEV / SEV-ES VM created while
 * this is set launches in canonical mode, also under VMMs that never issue
 * KVM_SEV_LAUNCH_CONFIG.  Read once per VM, at KVM_SEV_INIT / ES_INIT /
 * INIT2, so a VM keeps the mode it was created with.
 */
static bool canonical;
module_param(canonical, bool, 0644);
MODULE_PARM_DESC(canonical,
		 "Launch every new SEV/SEV-ES VM in canonical mode (default: N)");

/**
 * sevl_kvm_platform() - describe the SEV platform to kvm_amd
 * @p: filled on success
 *
 * The ASID ranges come from the PSP driver (which takes them from CPUID on
 * real hardware, and from the software firmware's configuration
 * otherwise).
 *
 * With the module parameter init_on_load (the default), the platform is
 * brought to INIT here, as upstream's kvm_amd has ccp do at the same point;
 * if that fails SEV stays off, as upstream.
 *
 * Return: 0, -ENODEV when sev-launch has no SEV platform, or the error of
 * the platform's INIT.
 */
int sevl_kvm_platform(struct sevl_kvm_platform *p)
{
	struct sevl_psp_info info;
	u32 fw = SEVL_FW_NOT_CALLED;
	int ret;

	ret = sevl_psp_get_info(&info);
	if (ret)
		return ret;
	if (!info.nr_asids)
		return -ENODEV;
	if (init_on_load) {
		ret = sevl_psp_platform_init(&fw);
		if (ret) {
			pr_err("SEV platform INIT failed: %d, firmware status %#x\n",
			       ret, fw == SEVL_FW_NOT_CALLED ? 0 : fw);
			return ret;
		}
	}

	memset(p, 0, sizeof(*p));
	p->emulated = info.backend && !strcmp(info.backend, "swfw");
	p->cbit = p->emulated ? SEVL_KVM_EMULATED_CBIT :
				cpuid_ebx(0x8000001f) & 0x3f;
	p->max_asid = info.nr_asids;
	p->min_sev_asid = info.min_sev_asid;
	p->es = info.es && info.min_sev_asid > 1;
	/* SNP guests are SEV-ES guests with SNP on: no SNP without ES. */
	p->snp = p->es && info.snp;
	return 0;
}
EXPORT_SYMBOL_GPL(sevl_kvm_platform);

/*
 * Firmware issuers.  Commands a VMM asks for go through the /dev/sev fd it
 * named at LAUNCH_START, resolved in the calling process each time, as
 * upstream does.  What the launch core issues on its own - ACTIVATE of the
 * new guest, and DEACTIVATE / DECOMMISSION when removing one, possibly from
 * a process that has no such fd - goes straight to the PSP driver, as
 * upstream's sev_bind_asid() and sev_unbind_asid() do: replacing the fd
 * cannot leave a guest behind.
 */
static int sevl_kvm_issue_user(void *ctx, u32 cmd, void *buf, u32 *fw)
{
	struct sevl_kvm_vm *vm = ctx;
	struct file *file;
	int ret;

	*fw = SEVL_FW_NOT_CALLED;
	file = fget(READ_ONCE(vm->sev_fd));
	if (!file)
		return -EBADF;
	if (!sevl_psp_file_is_sev(file))
		ret = -EBADF;
	else
		ret = sevl_psp_issue_external(file, cmd, buf, fw);
	fput(file);
	return ret;
}

static int sevl_kvm_issue_direct(void *ctx, u32 cmd, void *buf, u32 *fw)
{
	return sevl_psp_issue(cmd, buf, fw);
}

static u64 sevl_kvm_epoch(void *ctx)
{
	return sevl_psp_epoch();
}

/*
 * The guest physical address of a user range.  Several memory slots may map
 * the same user memory (aliases); the lowest guest physical address wins,
 * so the answer does not depend on the order KVM keeps its slots in (a
 * hash table).  Slots never overlap in guest physical addresses, so there
 * are no ties.
 */
static int sevl_kvm_hva_to_gpa(void *host, unsigned long hva, u64 len,
			       u64 *gpa)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm *kvm = vm->kvm;
	struct kvm_memory_slot *slot;
	struct kvm_memslots *slots;
	u64 best = U64_MAX, g;
	int ret = -ENOENT;
	int idx, bkt;

	if (!len || hva + len < hva)
		return -EINVAL;

	idx = srcu_read_lock(&kvm->srcu);
	slots = kvm_memslots(kvm);
	kvm_for_each_memslot(slot, bkt, slots) {
		unsigned long start = slot->userspace_addr;
		u64 size = (u64)slot->npages << PAGE_SHIFT;

		if (hva < start || hva - start >= size ||
		    len > size - (hva - start))
			continue;
		g = ((u64)slot->base_gfn << PAGE_SHIFT) + (hva - start);
		if (ret || g < best) {
			best = g;
			ret = 0;
		}
	}
	srcu_read_unlock(&kvm->srcu, idx);
	if (!ret)
		*gpa = best;
	return ret;
}

int sevl_kvm_vcpu_ids(void *host, u32 *ids, u32 max)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm_vcpu *vcpu;
	unsigned long i;
	int n = 0;

	kvm_for_each_vcpu(i, vcpu, vm->kvm) {
		if (n < max)
			ids[n] = vcpu->vcpu_id;
		n++;
	}
	return n;
}

/*
 * Lock every vCPU.  Lockdep tracks the first mutex normally and only one
 * more instance of the class, the rest are hidden from it (they are all
 * taken in xarray order, under kvm->lock, so there is no inversion).
 *
 * kvm->lock keeps the set of vCPUs fixed until sevl_kvm_unlock_vcpus().
 * A vCPU still being created would come online after the caller (the
 * replay, which needs every vCPU's VMSA) looked: -EBUSY, as upstream's
 * LAUNCH_UPDATE_VMSA does.
 */
int sevl_kvm_lock_vcpus(void *host)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm_vcpu *vcpu, *v;
	unsigned long i, j;
	bool first = true;

	lockdep_assert_held(&vm->kvm->lock);
	if (vm->kvm->created_vcpus != atomic_read(&vm->kvm->online_vcpus))
		return -EBUSY;

	kvm_for_each_vcpu(i, vcpu, vm->kvm) {
		if (mutex_lock_killable_nested(&vcpu->mutex,
					       first ? 0 : SINGLE_DEPTH_NESTING))
			goto unwind;
		if (!first)
			mutex_release(&vcpu->mutex.dep_map, _THIS_IP_);
		first = false;
	}
	return 0;

unwind:
	first = true;
	kvm_for_each_vcpu(j, v, vm->kvm) {
		if (j >= i)
			break;
		if (!first)
			mutex_acquire(&v->mutex.dep_map, SINGLE_DEPTH_NESTING,
				      0, _THIS_IP_);
		first = false;
		mutex_unlock(&v->mutex);
	}
	return -EINTR;
}

void sevl_kvm_unlock_vcpus(void *host)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm_vcpu *vcpu;
	bool first = true;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, vm->kvm) {
		if (!first)
			mutex_acquire(&vcpu->mutex.dep_map,
				      SINGLE_DEPTH_NESTING, 0, _THIS_IP_);
		first = false;
		mutex_unlock(&vcpu->mutex);
	}
}

/*
 * KVM's own rules for a VMSA it is about to hand to the firmware, whatever
 * the launch core decided: no guest debugging of the vCPU (upstream refuses
 * it for every VMSA it syncs; a given page would bypass that), DR7 at most
 * its fixed bit, and exactly the VM's sev_features, from which KVM derives
 * its debug-register handling.
 */
static int sevl_kvm_vmsa_check(struct sevl_kvm_vm *vm, struct kvm_vcpu *vcpu,
			       const void *vmsa)
{
	const struct sev_es_save_area *save = vmsa;

	if (vcpu->guest_debug)
		return -EINVAL;
	if (save->dr7 & ~(u64)DR7_FIXED_1)
		return -EINVAL;
	if (save->sev_features != vm->vmsa_features)
		return -EINVAL;
	return 0;
}

static int sevl_kvm_vmsa_may(void *host, u32 vcpu_id, const void *page)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm_vcpu *vcpu;

	vcpu = kvm_get_vcpu_by_id(vm->kvm, vcpu_id);
	if (!vcpu)
		return -ENOENT;
	if (page)
		return sevl_kvm_vmsa_check(vm, vcpu, page);
	/* What upstream checks before it syncs a VMSA from the registers. */
	if (vcpu->guest_debug || (vcpu->arch.dr7 & ~(u64)DR7_FIXED_1))
		return -EINVAL;
	return 0;
}

static int sevl_kvm_vmsa_fill(void *host, u32 vcpu_id, const void *page,
			      bool sync_fpu, u64 sev_features, void **vmsa)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm_vcpu *vcpu;
	void *va;
	int ret;

	vcpu = kvm_get_vcpu_by_id(vm->kvm, vcpu_id);
	if (!vcpu)
		return -ENOENT;
	if (vcpu->arch.guest_state_protected)
		return -EINVAL;
	va = vm->svm->vmsa_page(vcpu);
	if (!va)
		return -EINVAL;
	if (page) {
		ret = sevl_kvm_vmsa_check(vm, vcpu, page);
		if (ret)
			return ret;
	} else if (sev_features != vm->vmsa_features) {
		return -EINVAL;
	}

	memset(va, 0, SEVL_VMSA_SIZE);
	if (page) {
		memcpy(va, page, SEVL_VMSA_SIZE);
	} else {
		ret = vm->svm->vmsa_sync(vcpu, va, sync_fpu, sev_features);
		if (ret)
			return ret;
	}
	/* LAUNCH_UPDATE_VMSA encrypts the page in place. */
	clflush_cache_range(va, SEVL_VMSA_SIZE);
	*vmsa = va;
	return 0;
}

static int sevl_kvm_vmsa_peek(void *host, u32 vcpu_id, bool sync_fpu,
			      u64 sev_features, void *buf)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm_vcpu *vcpu;

	vcpu = kvm_get_vcpu_by_id(vm->kvm, vcpu_id);
	if (!vcpu)
		return -ENOENT;
	memset(buf, 0, SEVL_VMSA_SIZE);
	return vm->svm->vmsa_sync(vcpu, buf, sync_fpu, sev_features);
}

static void sevl_kvm_vmsa_commit(void *host, u32 vcpu_id)
{
	struct sevl_kvm_vm *vm = host;
	struct kvm_vcpu *vcpu;

	vcpu = kvm_get_vcpu_by_id(vm->kvm, vcpu_id);
	if (vcpu)
		vm->svm->vmsa_protect(vcpu);
}

/* Pages kvm_amd pinned for registered regions (upstream's pages_locked). */
static u64 sevl_kvm_locked_pages(void *host)
{
	struct sevl_kvm_vm *vm = host;

	if (!vm->svm->pages_locked)
		return 0;
	return vm->svm->pages_locked(vm->kvm);
}

static const struct sevl_launch_host_ops sevl_kvm_host_ops = {
	.hva_to_gpa = sevl_kvm_hva_to_gpa,
	.vcpu_ids = sevl_kvm_vcpu_ids,
	.lock_vcpus = sevl_kvm_lock_vcpus,
	.unlock_vcpus = sevl_kvm_unlock_vcpus,
	.vmsa_fill = sevl_kvm_vmsa_fill,
	.vmsa_peek = sevl_kvm_vmsa_peek,
	.vmsa_commit = sevl_kvm_vmsa_commit,
	.vmsa_check = sevl_kvm_vmsa_may,
	.locked_pages = sevl_kvm_locked_pages,
};

/**
 * sevl_kvm_vm_create() - set a VM up for SEV launches
 * @kvm: the VM, being initialised by KVM_SEV_INIT, ES_INIT or INIT2
 * @p: what kvm_amd decided for it
 * @error: receives the firmware status if platform initialisation fails
 *
 * Brings the SEV platform to INIT if needed and creates the VM's launch
 * context: in default (upstream-compatible) mode, or in canonical mode when
 * the module parameter canonical is set at this moment.
 *
 * Return: the new state, or an ERR_PTR.
 */
struct sevl_kvm_vm *sevl_kvm_vm_create(struct kvm *kvm,
				       const struct sevl_kvm_vm_params *p,
				       int *error)
{
	struct sevl_launch_params lp = {
		.ops = &sevl_kvm_host_ops,
		.fw = {
			.issue = sevl_kvm_issue_user,
			.direct = sevl_kvm_issue_direct,
			.epoch = sevl_kvm_epoch,
		},
		.asid = p->asid,
		.es = p->es,
		.init2 = p->init2,
		.vmsa_features = p->vmsa_features,
		.allowed_features = p->allowed_features,
	};
	struct sevl_kvm_vm *vm;
	u32 fw = SEVL_FW_NOT_CALLED;
	int ret;

	*error = 0;
	ret = sevl_psp_platform_init(&fw);
	if (ret) {
		if (fw != SEVL_FW_NOT_CALLED)
			*error = fw;
		return ERR_PTR(ret);
	}

	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	vm->kvm = kvm;
	vm->svm = p->svm;
	vm->sev_fd = 0;
	vm->es = p->es;
	vm->snp = p->snp;
	vm->allowed_features = p->allowed_features;
	vm->vmsa_features = p->vmsa_features;

	lp.host = vm;
	lp.fw.ctx = vm;
	vm->launch = sevl_launch_create(&lp);
	if (IS_ERR(vm->launch)) {
		ret = PTR_ERR(vm->launch);
		kfree(vm);
		return ERR_PTR(ret);
	}

	/* The administrator's host-wide choice, fixed for the VM's life. */
	if (READ_ONCE(canonical)) {
		u32 why = 0;

		ret = sevl_launch_config(vm->launch, KVM_SEV_LAUNCH_F_CANONICAL,
					 KVM_SEV_VMSA_FPU_DEFAULT, &why);
		if (ret) {
			sevl_launch_destroy(vm->launch);
			kfree(vm);
			return ERR_PTR(ret);
		}
		vm->host_canonical = true;
	}
	if (p->snp) {
		ret = sevl_kvm_snp_create(vm, p->asid, vm->host_canonical);
		if (ret) {
			sevl_launch_destroy(vm->launch);
			kfree(vm);
			return ERR_PTR(ret);
		}
	}
	return vm;
}
EXPORT_SYMBOL_GPL(sevl_kvm_vm_create);

/**
 * sevl_kvm_mirror_create() - state of a mirror VM
 * @kvm: the mirror, becoming one (KVM_CAP_VM_COPY_ENC_CONTEXT_FROM; both
 *	VMs' kvm->lock held by the caller)
 * @owner: the owner's state
 * @p: what kvm_amd decided for the mirror: the owner's ASID and SEV-ES
 *	flag, the mirror's own sev_features and VM type
 *
 * Takes a snapshot of the owner's guest handle and /dev/sev fd, as
 * upstream's mirror copies them: the commands a mirror may issue
 * (LAUNCH_UPDATE_VMSA of its vCPUs, GUEST_STATUS, DBG_DECRYPT and
 * DBG_ENCRYPT) go to the owner's guest.  The mirror never removes that
 * guest; the owner does, and KVM keeps the owner alive while a mirror
 * exists.
 *
 * Return: the new state, or an ERR_PTR (-EINVAL without an owner state).
 */
struct sevl_kvm_vm *sevl_kvm_mirror_create(struct kvm *kvm,
					   struct sevl_kvm_vm *owner,
					   const struct sevl_kvm_vm_params *p)
{
	struct sevl_launch_params lp = {
		.ops = &sevl_kvm_host_ops,
		.fw = {
			.issue = sevl_kvm_issue_user,
			.direct = sevl_kvm_issue_direct,
			.epoch = sevl_kvm_epoch,
		},
		.asid = p->asid,
		.es = p->es,
		.init2 = p->init2,
		.vmsa_features = p->vmsa_features,
		.allowed_features = p->allowed_features,
	};
	struct sevl_kvm_vm *vm;
	struct sevl_launch *l;

	if (!owner || owner->mirror)
		return ERR_PTR(-EINVAL);
	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	vm->kvm = kvm;
	vm->svm = p->svm;
	vm->sev_fd = READ_ONCE(owner->sev_fd);
	vm->es = p->es;
	vm->allowed_features = p->allowed_features;
	vm->vmsa_features = p->vmsa_features;
	vm->mirror = true;

	lp.host = vm;
	lp.fw.ctx = vm;
	l = sevl_launch_mirror(&lp, owner->launch);
	if (IS_ERR(l)) {
		kfree(vm);
		return ERR_CAST(l);
	}
	vm->launch = l;
	return vm;
}
EXPORT_SYMBOL_GPL(sevl_kvm_mirror_create);

/**
 * sevl_kvm_vm_destroy() - release a VM's SEV launch state
 * @vm: state from sevl_kvm_vm_create(), or NULL
 *
 * Unpins whatever the launch still holds and, if the firmware knows the
 * guest, deactivates and decommissions it.  Called at VM destruction,
 * possibly from a process without the /dev/sev fd, so the firmware is
 * reached directly; the caller holds kvm_amd's sev_deactivate_lock.
 *
 * Return: true if the VM's ASID is still bound to a firmware guest (its
 * DEACTIVATE failed): kvm_amd must never hand that ASID out again.
 */
bool sevl_kvm_vm_destroy(struct sevl_kvm_vm *vm)
{
	bool bound;

	if (!vm)
		return false;
	if (vm->lsnp)
		sevl_kvm_snp_destroy(vm);
	bound = sevl_launch_destroy(vm->launch);
	/* A mirror's ASID is its owner's, whose teardown answers for it. */
	if (vm->mirror)
		bound = false;
	kfree(vm);
	return bound;
}
EXPORT_SYMBOL_GPL(sevl_kvm_vm_destroy);

/**
 * sevl_kvm_pinned_pages() - pages the VM's launch holds pinned
 * @vm: state from sevl_kvm_vm_create(), or NULL
 *
 * kvm_amd adds these to its own pages_locked when it checks a registered
 * region against RLIMIT_MEMLOCK, as the launch core adds pages_locked to
 * its pins: one limit for both.
 *
 * Return: the number of pages (0 for NULL).
 */
u64 sevl_kvm_pinned_pages(struct sevl_kvm_vm *vm)
{
	return vm ? sevl_launch_pinned_pages(vm->launch) : 0;
}
EXPORT_SYMBOL_GPL(sevl_kvm_pinned_pages);

static void sevl_kvm_wbinvd(void)
{
	wbinvd_on_all_cpus();
}

/**
 * sevl_kvm_df_flush() - DF_FLUSH for KVM's ASID recycling
 * @error: receives the firmware status (0 if the firmware was not reached)
 *
 * WBINVD on every CPU, then DF_FLUSH, with every DEACTIVATE held off from
 * before the WBINVD until the DF_FLUSH is done (sevl_psp_df_flush_after()).
 *
 * Return: 0 or a negative errno.
 */
int sevl_kvm_df_flush(int *error)
{
	u32 fw = SEVL_FW_NOT_CALLED;
	int ret;

	/*
	 * kvm_amd has done a WBINVD under its sev_deactivate_lock, but the
	 * launch core's DEACTIVATEs (an undone LAUNCH_START, a late
	 * completion's clean-up) do not take that lock: WBINVD again where
	 * the PSP driver holds them off, so none falls in between.
	 */
	ret = sevl_psp_df_flush_after(sevl_kvm_wbinvd, &fw);
	*error = fw == SEVL_FW_NOT_CALLED ? 0 : fw;
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_kvm_df_flush);

/* Guests parked by the launch core use this module's direct issuer. */
static void __exit sevl_kvm_exit(void)
{
	sevl_launch_drain();
}
module_exit(sevl_kvm_exit);

MODULE_DESCRIPTION("sev-launch: KVM SEV launch handler (canonical launch measurements)");
MODULE_LICENSE("GPL");
