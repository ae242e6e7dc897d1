// SPDX-License-Identifier: GPL-2.0
/*
 * sev-launch KVM handler: KVM_MEMORY_ENCRYPT_OP commands on the VM fd and
 * on vCPU fds.
 *
 * Upstream's numbers and structures are kept for every existing command,
 * so VMMs work unchanged; the launch core decides what happens.  After a
 * recognised command kvm_amd copies struct kvm_sev_cmd back, with @error
 * set to the firmware status, or to a SEV_LAUNCH_ERR_* reason when the
 * launch core refused the command itself, or 0 when the kernel refused it
 * for a reason upstream also has (bad pointer, bad length).  Each command
 * gets its own reason from the launch core (an out parameter), so vCPU
 * ioctls running at the same time never see each other's.
 */
#define pr_fmt(fmt) "sev-launch-kvm: " fmt

#include <linux/kvm_host.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/kvm.h>
#include <sev-launch/launch.h>
#include <sev-launch/psp.h>

#include "kvm.h"
#include "snp.h"

#define SEVL_KVM_POLICY_BITS	(SEV_POLICY_NODBG | SEV_POLICY_NOKS |	\
				 SEV_POLICY_NOSEND | SEV_POLICY_DOMAIN | \
				 SEV_POLICY_SEV)

/**
 * sevl_kvm_cmd_handled() - is a VM-fd command id routed to sev-launch?
 * @id: kvm_sev_cmd.id
 *
 * INIT / ES_INIT / INIT2, region registration and SNP stay with kvm_amd.
 * Migration (SEND/RECEIVE) and the attestation report are claimed only to
 * be refused with -ENOTTY: kvm_amd's versions would talk to the ccp driver
 * about a guest it does not know.
 *
 * Return: true for the launch commands, sev-launch's own ids and the
 * commands sev-launch refuses.
 */
bool sevl_kvm_cmd_handled(u32 id)
{
	switch (id) {
	case KVM_SEV_LAUNCH_START:
	case KVM_SEV_LAUNCH_UPDATE_DATA:
	case KVM_SEV_LAUNCH_UPDATE_VMSA:
	case KVM_SEV_LAUNCH_MEASURE:
	case KVM_SEV_LAUNCH_SECRET:
	case KVM_SEV_LAUNCH_FINISH:
	case KVM_SEV_GUEST_STATUS:
	case KVM_SEV_DBG_DECRYPT:
	case KVM_SEV_DBG_ENCRYPT:
	case KVM_SEV_LAUNCH_CONFIG:
	case KVM_SEV_LAUNCH_GET_LOG:
	case KVM_SEV_GET_CAPS:
	case KVM_SEV_SNP_LAUNCH_GET_LOG:
	/* Not supported by sev-launch: refused here, never half-done. */
	case KVM_SEV_GET_ATTESTATION_REPORT:
	case KVM_SEV_SEND_START:
	case KVM_SEV_SEND_UPDATE_DATA:
	case KVM_SEV_SEND_UPDATE_VMSA:
	case KVM_SEV_SEND_FINISH:
	case KVM_SEV_SEND_CANCEL:
	case KVM_SEV_RECEIVE_START:
	case KVM_SEV_RECEIVE_UPDATE_DATA:
	case KVM_SEV_RECEIVE_UPDATE_VMSA:
	case KVM_SEV_RECEIVE_FINISH:
		return true;
	default:
		return false;
	}
}
EXPORT_SYMBOL_GPL(sevl_kvm_cmd_handled);

/* A user blob for the firmware: 1..16 KiB, copied into the kernel. */
static void *sevl_kvm_blob(u64 uaddr, u32 len)
{
	if (!uaddr)
		return NULL;
	if (!len || len > SEV_LAUNCH_BLOB_MAX)
		return ERR_PTR(-EINVAL);
	return memdup_user(u64_to_user_ptr(uaddr), len);
}

/* Session blobs carry wrapped keys: clear them before freeing. */
static void sevl_kvm_free_blob(void *blob)
{
	if (!IS_ERR_OR_NULL(blob))
		kfree_sensitive(blob);
}

static int sevl_kvm_config(struct sevl_kvm_vm *vm, struct kvm_sev_cmd *cmd,
			   u32 *why)
{
	struct kvm_sev_launch_config cfg;

	if (copy_from_user(&cfg, u64_to_user_ptr(cmd->data), sizeof(cfg)))
		return -EFAULT;
	/*
	 * The administrator made this VM canonical at creation: the VMM may
	 * choose the FPU flavour but not leave canonical mode.
	 */
	if (memchr_inv(cfg.reserved, 0, sizeof(cfg.reserved)) ||
	    (vm->host_canonical && !(cfg.flags & KVM_SEV_LAUNCH_F_CANONICAL))) {
		cmd->error = SEV_LAUNCH_ERR_CONFIG;
		return -EINVAL;
	}
	return sevl_launch_config(vm->launch, cfg.flags, cfg.vmsa_fpu, why);
}

static int sevl_kvm_start(struct sevl_kvm_vm *vm, struct kvm_sev_cmd *cmd,
			  u32 *fw, u32 *why)
{
	void __user *uparams = u64_to_user_ptr(cmd->data);
	struct kvm_sev_launch_start params;
	void *dh = NULL, *session = NULL;
	struct file *file;
	int old_fd = vm->sev_fd;
	u32 handle;
	int ret;

	if (copy_from_user(&params, uparams, sizeof(params)))
		return -EFAULT;

	file = fget(cmd->sev_fd);
	if (!file || !sevl_psp_file_is_sev(file)) {
		if (file)
			fput(file);
		cmd->error = SEV_LAUNCH_ERR_SEV_FD;
		return -EBADF;
	}
	fput(file);

	dh = sevl_kvm_blob(params.dh_uaddr, params.dh_len);
	if (IS_ERR(dh))
		return PTR_ERR(dh);
	session = sevl_kvm_blob(params.session_uaddr, params.session_len);
	if (IS_ERR(session)) {
		ret = PTR_ERR(session);
		goto out;
	}

	/* Non-zero: share that guest's key; the firmware decides. */
	handle = params.handle;
	WRITE_ONCE(vm->sev_fd, cmd->sev_fd);
	ret = sevl_launch_start(vm->launch, params.policy,
				dh, dh ? params.dh_len : 0,
				session, session ? params.session_len : 0,
				&handle, fw, why);
	if (ret) {
		WRITE_ONCE(vm->sev_fd, old_fd);
		goto out;
	}
	params.handle = handle;
	if (copy_to_user(uparams, &params, sizeof(params))) {
		/* As upstream: a handle the VMM never saw must not live. */
		sevl_launch_start_undo(vm->launch);
		WRITE_ONCE(vm->sev_fd, old_fd);
		ret = -EFAULT;
	}
out:
	sevl_kvm_free_blob(dh);
	sevl_kvm_free_blob(session);
	return ret;
}

static int sevl_kvm_update_data(struct sevl_kvm_vm *vm,
				struct kvm_sev_cmd *cmd, u32 *fw, u32 *why)
{
	struct kvm_sev_launch_update_data params;

	if (copy_from_user(&params, u64_to_user_ptr(cmd->data), sizeof(params)))
		return -EFAULT;
	if (!params.len || params.uaddr + params.len < params.uaddr)
		return -EINVAL;
	return sevl_launch_update_data(vm->launch, params.uaddr, params.len,
				       fw, why);
}

static int sevl_kvm_update_vmsa_all(struct kvm *kvm, struct sevl_kvm_vm *vm,
				    u32 *fw, u32 *why)
{
	/* Like upstream: a plain SEV VM has no VMSAs (-ENOTTY) ... */
	if (!vm->es) {
		*why = SEV_LAUNCH_ERR_NOT_ES;
		return -ENOTTY;
	}
	/* ... and not while a vCPU is being created. */
	if (kvm->created_vcpus != atomic_read(&kvm->online_vcpus))
		return -EBUSY;
	return sevl_launch_update_vmsa_all(vm->launch, fw, why);
}

static int sevl_kvm_measure(struct sevl_kvm_vm *vm, struct kvm_sev_cmd *cmd,
			    u32 *fw, u32 *why)
{
	void __user *uparams = u64_to_user_ptr(cmd->data);
	struct kvm_sev_launch_measure params;
	void *blob = NULL;
	u32 len;
	int ret;

	if (copy_from_user(&params, uparams, sizeof(params)))
		return -EFAULT;

	len = params.len;
	if (params.len && params.uaddr) {
		if (params.len > SEV_LAUNCH_BLOB_MAX)
			return -EINVAL;
		blob = kzalloc(params.len, GFP_KERNEL_ACCOUNT);
		if (!blob)
			return -ENOMEM;
	} else {
		len = 0;
	}

	ret = sevl_launch_measure(vm->launch, blob, &len, fw, why);
	if (!ret && blob &&
	    copy_to_user(u64_to_user_ptr(params.uaddr), blob,
			 min(len, params.len)))
		ret = -EFAULT;
	kfree(blob);

	/* The two-call protocol: a probe learns the length even on error. */
	if (!ret || !params.len) {
		params.len = len;
		if (copy_to_user(uparams, &params, sizeof(params)))
			ret = -EFAULT;
	}
	return ret;
}

static int sevl_kvm_secret(struct sevl_kvm_vm *vm, struct kvm_sev_cmd *cmd,
			   u32 *fw, u32 *why)
{
	struct kvm_sev_launch_secret params;
	void *hdr, *trans;
	int ret;

	if (copy_from_user(&params, u64_to_user_ptr(cmd->data), sizeof(params)))
		return -EFAULT;
	if (!params.hdr_uaddr || !params.trans_uaddr || !params.guest_len ||
	    params.guest_uaddr + params.guest_len < params.guest_uaddr)
		return -EINVAL;

	hdr = sevl_kvm_blob(params.hdr_uaddr, params.hdr_len);
	if (IS_ERR(hdr))
		return PTR_ERR(hdr);
	trans = sevl_kvm_blob(params.trans_uaddr, params.trans_len);
	if (IS_ERR(trans)) {
		kfree(hdr);
		return PTR_ERR(trans);
	}
	ret = sevl_launch_secret(vm->launch, hdr, params.hdr_len,
				 params.guest_uaddr, params.guest_len,
				 trans, params.trans_len, fw, why);
	kfree_sensitive(trans);
	kfree(hdr);
	return ret;
}

static int sevl_kvm_status(struct sevl_kvm_vm *vm, struct kvm_sev_cmd *cmd,
			   u32 *fw, u32 *why)
{
	struct kvm_sev_guest_status params = {};
	u32 policy, state;
	int ret;

	ret = sevl_launch_guest_status(vm->launch, &policy, &state, fw, why);
	if (ret)
		return ret;
	params.handle = sevl_launch_handle(vm->launch);
	params.policy = policy;
	params.state = state;
	if (copy_to_user(u64_to_user_ptr(cmd->data), &params, sizeof(params)))
		return -EFAULT;
	return 0;
}

static int sevl_kvm_dbg(struct sevl_kvm_vm *vm, struct kvm_sev_cmd *cmd,
			bool decrypt, u32 *fw, u32 *why)
{
	struct kvm_sev_dbg params;

	if (copy_from_user(&params, u64_to_user_ptr(cmd->data), sizeof(params)))
		return -EFAULT;
	if (!params.len || !params.dst_uaddr ||
	    params.src_uaddr + params.len < params.src_uaddr ||
	    params.dst_uaddr + params.len < params.dst_uaddr)
		return -EINVAL;
	return sevl_launch_dbg(vm->launch, decrypt, params.src_uaddr,
			       params.dst_uaddr, params.len, fw, why);
}

static int sevl_kvm_get_log(struct sevl_kvm_vm *vm, struct kvm_sev_cmd *cmd)
{
	void __user *uparams = u64_to_user_ptr(cmd->data);
	struct kvm_sev_launch_log params;
	u32 nr, flags;
	int ret;

	if (copy_from_user(&params, uparams, sizeof(params)))
		return -EFAULT;
	if (!params.entries_uaddr)
		params.nr_entries = 0;
	nr = params.nr_entries;
	ret = sevl_launch_get_log(vm->launch,
				  u64_to_user_ptr(params.entries_uaddr),
				  &nr, &flags, params.launch_digest);
	if (ret)
		return ret;
	params.nr_entries = nr;
	params.flags = flags;
	if (copy_to_user(uparams, &params, sizeof(params)))
		return -EFAULT;
	return 0;
}

static int sevl_kvm_get_caps(struct sevl_kvm_vm *vm, struct kvm_sev_cmd *cmd)
{
	struct kvm_sev_caps caps = {};
	struct sevl_psp_info info;
	int ret;

	ret = sevl_psp_get_info(&info);
	if (ret)
		return ret;
	caps.policy_bits = SEVL_KVM_POLICY_BITS;
	if (info.es)
		caps.policy_bits |= SEV_POLICY_ES;
	caps.launch_flags = KVM_SEV_LAUNCH_F_CANONICAL;
	caps.vmsa_features = vm ? vm->allowed_features : 0;
	caps.api_major = info.api_major;
	caps.api_minor = info.api_minor;
	caps.build = info.build;
	if (copy_to_user(u64_to_user_ptr(cmd->data), &caps, sizeof(caps)))
		return -EFAULT;
	return 0;
}

/*
 * Fill kvm_sev_cmd.error for a finished command and return the errno for
 * userspace.  A firmware failure is -EIO with the firmware status in
 * @error, exactly as upstream KVM reports it (the PSP driver's finer errno
 * is for /dev/sev); the status is the information.  -EIO always carries a
 * firmware status (for a launch the firmware broke, the one that broke
 * it); otherwise @error is the launch core's reason @why, or 0.
 */
static int sevl_kvm_set_error(struct kvm_sev_cmd *cmd, int ret, u32 fw,
			      u32 why)
{
	if (!ret) {
		cmd->error = 0;
		return 0;
	}
	if (fw != SEVL_FW_NOT_CALLED) {
		cmd->error = fw;
		return fw ? -EIO : ret;
	}
	if (cmd->error)		/* set by the handler above */
		return ret;
	if (!why && ret == -EBADF)
		why = SEV_LAUNCH_ERR_SEV_FD;
	cmd->error = why;
	return ret;
}

/**
 * sevl_kvm_vm_ioctl() - a launch command on the VM fd
 * @kvm: the VM (kvm->lock held by the caller)
 * @vm: its sev-launch state, NULL if the VM is not an SEV guest
 * @cmd: the command, copied from userspace; @cmd->error is updated
 *
 * Return: 0 or a negative errno; -ENOTTY if the VM is not an SEV guest.
 */
int sevl_kvm_vm_ioctl(struct kvm *kvm, struct sevl_kvm_vm *vm,
		      struct kvm_sev_cmd *cmd)
{
	u32 fw = SEVL_FW_NOT_CALLED, why = 0;
	int ret;

	cmd->error = 0;
	if (cmd->id == KVM_SEV_GET_CAPS)
		return sevl_kvm_get_caps(vm, cmd);
	if (!vm)
		return -ENOTTY;
	/* kvm_amd lets a mirror through with these only (upstream's list). */
	if (vm->mirror && cmd->id != KVM_SEV_LAUNCH_UPDATE_VMSA &&
	    cmd->id != KVM_SEV_GUEST_STATUS &&
	    cmd->id != KVM_SEV_DBG_DECRYPT && cmd->id != KVM_SEV_DBG_ENCRYPT)
		return -EINVAL;

	if (vm->snp) {
		bool handled;

		ret = sevl_kvm_snp_vm_ioctl(kvm, vm, cmd, &fw, &why, &handled);
		if (handled)
			return sevl_kvm_set_error(cmd, ret, fw, why);
	} else if (cmd->id == KVM_SEV_SNP_LAUNCH_GET_LOG) {
		return -EINVAL;
	}

	switch (cmd->id) {
	case KVM_SEV_LAUNCH_CONFIG:
		ret = sevl_kvm_config(vm, cmd, &why);
		break;
	case KVM_SEV_LAUNCH_START:
		ret = sevl_kvm_start(vm, cmd, &fw, &why);
		break;
	case KVM_SEV_LAUNCH_UPDATE_DATA:
		ret = sevl_kvm_update_data(vm, cmd, &fw, &why);
		break;
	case KVM_SEV_LAUNCH_UPDATE_VMSA:
		ret = sevl_kvm_update_vmsa_all(kvm, vm, &fw, &why);
		break;
	case KVM_SEV_LAUNCH_MEASURE:
		ret = sevl_kvm_measure(vm, cmd, &fw, &why);
		break;
	case KVM_SEV_LAUNCH_SECRET:
		ret = sevl_kvm_secret(vm, cmd, &fw, &why);
		break;
	case KVM_SEV_LAUNCH_FINISH:
		ret = sevl_launch_finish(vm->launch, &fw, &why);
		break;
	case KVM_SEV_GUEST_STATUS:
		ret = sevl_kvm_status(vm, cmd, &fw, &why);
		break;
	case KVM_SEV_DBG_DECRYPT:
	case KVM_SEV_DBG_ENCRYPT:
		ret = sevl_kvm_dbg(vm, cmd, cmd->id == KVM_SEV_DBG_DECRYPT, &fw,
				   &why);
		break;
	case KVM_SEV_LAUNCH_GET_LOG:
		ret = sevl_kvm_get_log(vm, cmd);
		break;
	default:
		return sevl_kvm_cmd_handled(cmd->id) ? -ENOTTY : -EINVAL;
	}
	return sevl_kvm_set_error(cmd, ret, fw, why);
}
EXPORT_SYMBOL_GPL(sevl_kvm_vm_ioctl);

static int sevl_kvm_vcpu_update_vmsa(struct sevl_kvm_vm *vm,
				     struct kvm_vcpu *vcpu,
				     struct kvm_sev_cmd *cmd, u32 *fw, u32 *why)
{
	struct kvm_sev_vcpu_update_vmsa req;
	void *page = NULL;
	int ret;

	/* As on the VM fd: -ENOTTY for a plain SEV VM, before anything. */
	if (!vm->es) {
		*why = SEV_LAUNCH_ERR_NOT_ES;
		return -ENOTTY;
	}
	if (!cmd->data)
		return sevl_launch_update_vmsa(vm->launch, vcpu->vcpu_id,
					       NULL, NULL, fw, why);

	if (copy_from_user(&req, u64_to_user_ptr(cmd->data), sizeof(req)))
		return -EFAULT;
	if ((req.flags & ~KVM_SEV_VMSA_F_PAGE) ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;

	if (req.flags & KVM_SEV_VMSA_F_PAGE) {
		if (!req.vmsa_uaddr || req.vmsa_len != SEV_LAUNCH_VMSA_SIZE)
			return -EINVAL;
		page = memdup_user(u64_to_user_ptr(req.vmsa_uaddr),
				   SEV_LAUNCH_VMSA_SIZE);
		if (IS_ERR(page))
			return PTR_ERR(page);
		ret = sevl_launch_update_vmsa(vm->launch, vcpu->vcpu_id, page,
					      NULL, fw, why);
		kfree_sensitive(page);
		return ret;
	}

	if (req.vmsa_uaddr || req.vmsa_len)
		return -EINVAL;
	return sevl_launch_update_vmsa(vm->launch, vcpu->vcpu_id, NULL,
				       &req.sev_features, fw, why);
}

static int sevl_kvm_vcpu_get_vmsa(struct sevl_kvm_vm *vm,
				  struct kvm_vcpu *vcpu,
				  struct kvm_sev_cmd *cmd)
{
	void __user *uparams = u64_to_user_ptr(cmd->data);
	struct kvm_sev_vcpu_vmsa params;
	void *buf;
	int ret;

	if (copy_from_user(&params, uparams, sizeof(params)))
		return -EFAULT;
	if (params.len < SEV_LAUNCH_VMSA_SIZE || !params.uaddr) {
		params.len = SEV_LAUNCH_VMSA_SIZE;
		if (copy_to_user(uparams, &params, sizeof(params)))
			return -EFAULT;
		return -ENOSPC;
	}

	buf = kzalloc(SEV_LAUNCH_VMSA_SIZE, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	if (vm->snp)
		ret = sevl_kvm_snp_vcpu_vmsa(vm, vcpu, buf);
	else
		ret = sevl_launch_vcpu_vmsa(vm->launch, vcpu->vcpu_id, buf);
	if (!ret && copy_to_user(u64_to_user_ptr(params.uaddr), buf,
				 SEV_LAUNCH_VMSA_SIZE))
		ret = -EFAULT;
	kfree_sensitive(buf);
	if (ret)
		return ret;

	params.len = SEV_LAUNCH_VMSA_SIZE;
	if (copy_to_user(uparams, &params, sizeof(params)))
		return -EFAULT;
	return 0;
}

/**
 * sevl_kvm_vcpu_ioctl() - KVM_MEMORY_ENCRYPT_OP on a vCPU fd
 * @vm: the VM's sev-launch state, NULL if the VM is not an SEV guest
 * @vcpu: the vCPU (its mutex held by KVM)
 * @argp: user pointer to struct kvm_sev_cmd
 *
 * Accepts KVM_SEV_LAUNCH_UPDATE_VMSA (data: 0 to sync from the vCPU's
 * registers with the VM's sev_features, or a struct
 * kvm_sev_vcpu_update_vmsa) and KVM_SEV_VCPU_GET_VMSA.  The command is
 * copied back with its error field.
 *
 * Return: 0 or a negative errno; -EINVAL on a VM that is not an SEV guest,
 * as upstream answers an ioctl vCPU fds do not have.
 */
int sevl_kvm_vcpu_ioctl(struct sevl_kvm_vm *vm, struct kvm_vcpu *vcpu,
			void __user *argp)
{
	u32 fw = SEVL_FW_NOT_CALLED, why = 0;
	struct kvm_sev_cmd cmd;
	int ret;

	/*
	 * Not an SEV VM, or a mirror (upstream has no vCPU command and a
	 * mirror only the VM-fd ones): as if the ioctl did not exist.
	 */
	if (!vm || vm->mirror)
		return -EINVAL;
	if (copy_from_user(&cmd, argp, sizeof(cmd)))
		return -EFAULT;

	cmd.error = 0;
	switch (cmd.id) {
	case KVM_SEV_LAUNCH_UPDATE_VMSA:
		if (vm->snp)
			ret = sevl_kvm_snp_vcpu_update_vmsa(vm, vcpu, &cmd, &why);
		else
			ret = sevl_kvm_vcpu_update_vmsa(vm, vcpu, &cmd, &fw,
							&why);
		break;
	case KVM_SEV_VCPU_GET_VMSA:
		ret = sevl_kvm_vcpu_get_vmsa(vm, vcpu, &cmd);
		break;
	default:
		return -EINVAL;
	}
	ret = sevl_kvm_set_error(&cmd, ret, fw, why);
	if (copy_to_user(argp, &cmd, sizeof(cmd)))
		return -EFAULT;
	return ret;
}
EXPORT_SYMBOL_GPL(sevl_kvm_vcpu_ioctl);
