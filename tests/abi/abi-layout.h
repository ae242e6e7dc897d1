/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every member of every structure of include/uapi/linux/sev-launch.h, in
 * declaration order, to prove that none has implicit padding: the compiler
 * must place each member right after the previous one and the structure
 * must end right after its last member.  Padding a 32-bit and a 64-bit
 * compiler might lay out differently has to be a named member (pad0,
 * reserved, ...).  Checked at compile time and at run time by
 * tests/abi/abi_check.c and by the KUnit suite sev-launch-abi;
 * tests/abi/run.sh checks that every structure of the header is listed.
 *
 * Users define four macros before expanding SEVL_ABI_LAYOUT:
 *   S(type)          a structure starts
 *   M(type, member)  its next member
 *   B(type, bytes)   its next bit-fields, filling @bytes bytes (no offsetof)
 *   E(type)          the structure ends
 */
#ifndef _SEVL_ABI_LAYOUT_H
#define _SEVL_ABI_LAYOUT_H

/* /dev/sev: ours, or the same layouts from the system <linux/psp-sev.h>. */
#define SEVL_ABI_LAYOUT_DEVSEV(S, M, B, E)				\
	S(struct sev_user_data_status)					\
	M(struct sev_user_data_status, api_major)			\
	M(struct sev_user_data_status, api_minor)			\
	M(struct sev_user_data_status, state)				\
	M(struct sev_user_data_status, flags)				\
	M(struct sev_user_data_status, build)				\
	M(struct sev_user_data_status, guest_count)			\
	E(struct sev_user_data_status)					\
	S(struct sev_user_data_pek_csr)					\
	M(struct sev_user_data_pek_csr, address)			\
	M(struct sev_user_data_pek_csr, length)				\
	E(struct sev_user_data_pek_csr)					\
	S(struct sev_user_data_pek_cert_import)				\
	M(struct sev_user_data_pek_cert_import, pek_cert_address)	\
	M(struct sev_user_data_pek_cert_import, pek_cert_len)		\
	M(struct sev_user_data_pek_cert_import, oca_cert_address)	\
	M(struct sev_user_data_pek_cert_import, oca_cert_len)		\
	E(struct sev_user_data_pek_cert_import)				\
	S(struct sev_user_data_pdh_cert_export)				\
	M(struct sev_user_data_pdh_cert_export, pdh_cert_address)	\
	M(struct sev_user_data_pdh_cert_export, pdh_cert_len)		\
	M(struct sev_user_data_pdh_cert_export, cert_chain_address)	\
	M(struct sev_user_data_pdh_cert_export, cert_chain_len)		\
	E(struct sev_user_data_pdh_cert_export)				\
	S(struct sev_user_data_get_id)					\
	M(struct sev_user_data_get_id, socket1)				\
	M(struct sev_user_data_get_id, socket2)				\
	E(struct sev_user_data_get_id)					\
	S(struct sev_user_data_get_id2)					\
	M(struct sev_user_data_get_id2, address)			\
	M(struct sev_user_data_get_id2, length)				\
	E(struct sev_user_data_get_id2)					\
	S(struct sev_issue_cmd)						\
	M(struct sev_issue_cmd, cmd)					\
	M(struct sev_issue_cmd, data)					\
	M(struct sev_issue_cmd, error)					\
	E(struct sev_issue_cmd)

/* Only where sev-launch.h supplied the /dev/sev definitions. */
#define SEVL_ABI_LAYOUT_SNP(S, M, B, E)					\
	S(struct sev_user_data_snp_status)				\
	M(struct sev_user_data_snp_status, api_major)			\
	M(struct sev_user_data_snp_status, api_minor)			\
	M(struct sev_user_data_snp_status, state)			\
	B(struct sev_user_data_snp_status, 1)				\
	M(struct sev_user_data_snp_status, build_id)			\
	B(struct sev_user_data_snp_status, 4)				\
	M(struct sev_user_data_snp_status, guest_count)			\
	M(struct sev_user_data_snp_status, current_tcb_version)		\
	M(struct sev_user_data_snp_status, reported_tcb_version)	\
	E(struct sev_user_data_snp_status)				\
	S(struct sev_user_data_snp_config)				\
	M(struct sev_user_data_snp_config, reported_tcb)		\
	B(struct sev_user_data_snp_config, 4)				\
	M(struct sev_user_data_snp_config, rsvd1)			\
	E(struct sev_user_data_snp_config)				\
	S(struct sev_user_data_snp_vlek_load)				\
	M(struct sev_user_data_snp_vlek_load, len)			\
	M(struct sev_user_data_snp_vlek_load, vlek_wrapped_version)	\
	M(struct sev_user_data_snp_vlek_load, rsvd)			\
	M(struct sev_user_data_snp_vlek_load, vlek_wrapped_address)	\
	E(struct sev_user_data_snp_vlek_load)				\
	S(struct sev_user_data_snp_wrapped_vlek_hashstick)		\
	M(struct sev_user_data_snp_wrapped_vlek_hashstick, data)	\
	E(struct sev_user_data_snp_wrapped_vlek_hashstick)

/*
 * KVM_MEMORY_ENCRYPT_OP structures: sev-launch.h defines them only without
 * a system <linux/kvm.h> (then SEV_LAUNCH_KVMIO is defined); in the kernel
 * they are the 6.12 <linux/kvm.h> ones, which the header copies.  Before
 * 6.12 the system header had implicit padding here, which is not ours.
 */
#define SEVL_ABI_LAYOUT_KVM(S, M, B, E)					\
	S(struct kvm_enc_region)					\
	M(struct kvm_enc_region, addr)					\
	M(struct kvm_enc_region, size)					\
	E(struct kvm_enc_region)					\
	S(struct kvm_sev_cmd)						\
	M(struct kvm_sev_cmd, id)					\
	M(struct kvm_sev_cmd, pad0)					\
	M(struct kvm_sev_cmd, data)					\
	M(struct kvm_sev_cmd, error)					\
	M(struct kvm_sev_cmd, sev_fd)					\
	E(struct kvm_sev_cmd)						\
	S(struct kvm_sev_launch_start)					\
	M(struct kvm_sev_launch_start, handle)				\
	M(struct kvm_sev_launch_start, policy)				\
	M(struct kvm_sev_launch_start, dh_uaddr)			\
	M(struct kvm_sev_launch_start, dh_len)				\
	M(struct kvm_sev_launch_start, pad0)				\
	M(struct kvm_sev_launch_start, session_uaddr)			\
	M(struct kvm_sev_launch_start, session_len)			\
	M(struct kvm_sev_launch_start, pad1)				\
	E(struct kvm_sev_launch_start)					\
	S(struct kvm_sev_launch_update_data)				\
	M(struct kvm_sev_launch_update_data, uaddr)			\
	M(struct kvm_sev_launch_update_data, len)			\
	M(struct kvm_sev_launch_update_data, pad0)			\
	E(struct kvm_sev_launch_update_data)				\
	S(struct kvm_sev_launch_secret)					\
	M(struct kvm_sev_launch_secret, hdr_uaddr)			\
	M(struct kvm_sev_launch_secret, hdr_len)			\
	M(struct kvm_sev_launch_secret, pad0)				\
	M(struct kvm_sev_launch_secret, guest_uaddr)			\
	M(struct kvm_sev_launch_secret, guest_len)			\
	M(struct kvm_sev_launch_secret, pad1)				\
	M(struct kvm_sev_launch_secret, trans_uaddr)			\
	M(struct kvm_sev_launch_secret, trans_len)			\
	M(struct kvm_sev_launch_secret, pad2)				\
	E(struct kvm_sev_launch_secret)					\
	S(struct kvm_sev_launch_measure)				\
	M(struct kvm_sev_launch_measure, uaddr)				\
	M(struct kvm_sev_launch_measure, len)				\
	M(struct kvm_sev_launch_measure, pad0)				\
	E(struct kvm_sev_launch_measure)				\
	S(struct kvm_sev_guest_status)					\
	M(struct kvm_sev_guest_status, handle)				\
	M(struct kvm_sev_guest_status, policy)				\
	M(struct kvm_sev_guest_status, state)				\
	E(struct kvm_sev_guest_status)					\
	S(struct kvm_sev_dbg)						\
	M(struct kvm_sev_dbg, src_uaddr)				\
	M(struct kvm_sev_dbg, dst_uaddr)				\
	M(struct kvm_sev_dbg, len)					\
	M(struct kvm_sev_dbg, pad0)					\
	E(struct kvm_sev_dbg)						\
	S(struct kvm_sev_attestation_report)				\
	M(struct kvm_sev_attestation_report, mnonce)			\
	M(struct kvm_sev_attestation_report, uaddr)			\
	M(struct kvm_sev_attestation_report, len)			\
	M(struct kvm_sev_attestation_report, pad0)			\
	E(struct kvm_sev_attestation_report)

/* KVM_SEV_INIT2 (ours or 6.12's) and sev-launch's additions. */
#define SEVL_ABI_LAYOUT_EXT(S, M, B, E)					\
	S(struct kvm_sev_init)						\
	M(struct kvm_sev_init, vmsa_features)				\
	M(struct kvm_sev_init, flags)					\
	M(struct kvm_sev_init, ghcb_version)				\
	M(struct kvm_sev_init, pad1)					\
	M(struct kvm_sev_init, pad2)					\
	E(struct kvm_sev_init)						\
	S(struct kvm_sev_launch_config)					\
	M(struct kvm_sev_launch_config, flags)				\
	M(struct kvm_sev_launch_config, vmsa_fpu)			\
	M(struct kvm_sev_launch_config, reserved)			\
	E(struct kvm_sev_launch_config)					\
	S(struct kvm_sev_vcpu_update_vmsa)				\
	M(struct kvm_sev_vcpu_update_vmsa, vmsa_uaddr)			\
	M(struct kvm_sev_vcpu_update_vmsa, vmsa_len)			\
	M(struct kvm_sev_vcpu_update_vmsa, flags)			\
	M(struct kvm_sev_vcpu_update_vmsa, sev_features)		\
	M(struct kvm_sev_vcpu_update_vmsa, reserved)			\
	E(struct kvm_sev_vcpu_update_vmsa)				\
	S(struct kvm_sev_launch_log_entry)				\
	M(struct kvm_sev_launch_log_entry, kind)			\
	M(struct kvm_sev_launch_log_entry, vcpu_id)			\
	M(struct kvm_sev_launch_log_entry, gpa)				\
	M(struct kvm_sev_launch_log_entry, len)				\
	M(struct kvm_sev_launch_log_entry, sha256)			\
	M(struct kvm_sev_launch_log_entry, reserved)			\
	E(struct kvm_sev_launch_log_entry)				\
	S(struct kvm_sev_launch_log)					\
	M(struct kvm_sev_launch_log, entries_uaddr)			\
	M(struct kvm_sev_launch_log, nr_entries)			\
	M(struct kvm_sev_launch_log, flags)				\
	M(struct kvm_sev_launch_log, launch_digest)			\
	E(struct kvm_sev_launch_log)					\
	S(struct kvm_sev_vcpu_vmsa)					\
	M(struct kvm_sev_vcpu_vmsa, uaddr)				\
	M(struct kvm_sev_vcpu_vmsa, len)				\
	M(struct kvm_sev_vcpu_vmsa, pad0)				\
	E(struct kvm_sev_vcpu_vmsa)					\
	S(struct kvm_sev_caps)						\
	M(struct kvm_sev_caps, policy_bits)				\
	M(struct kvm_sev_caps, launch_flags)				\
	M(struct kvm_sev_caps, vmsa_features)				\
	M(struct kvm_sev_caps, api_major)				\
	M(struct kvm_sev_caps, api_minor)				\
	M(struct kvm_sev_caps, build)					\
	M(struct kvm_sev_caps, pad0)					\
	M(struct kvm_sev_caps, reserved)				\
	E(struct kvm_sev_caps) \
	S(struct kvm_sev_snp_log_entry)	\
	M(struct kvm_sev_snp_log_entry, page_type)	\
	M(struct kvm_sev_snp_log_entry, pad0)	\
	M(struct kvm_sev_snp_log_entry, vcpu_id)	\
	M(struct kvm_sev_snp_log_entry, gpa)	\
	M(struct kvm_sev_snp_log_entry, sha384)	\
	M(struct kvm_sev_snp_log_entry, reserved)	\
	E(struct kvm_sev_snp_log_entry) \
	S(struct kvm_sev_snp_launch_log)	\
	M(struct kvm_sev_snp_launch_log, entries_uaddr)	\
	M(struct kvm_sev_snp_launch_log, nr_entries)	\
	M(struct kvm_sev_snp_launch_log, flags)	\
	M(struct kvm_sev_snp_launch_log, launch_digest)	\
	E(struct kvm_sev_snp_launch_log) \
	S(struct kvm_sev_snp_launch_start)	\
	M(struct kvm_sev_snp_launch_start, policy)	\
	M(struct kvm_sev_snp_launch_start, gosvw)	\
	M(struct kvm_sev_snp_launch_start, flags)	\
	M(struct kvm_sev_snp_launch_start, pad0)	\
	M(struct kvm_sev_snp_launch_start, pad1)	\
	E(struct kvm_sev_snp_launch_start) \
	S(struct kvm_sev_snp_launch_update)	\
	M(struct kvm_sev_snp_launch_update, gfn_start)	\
	M(struct kvm_sev_snp_launch_update, uaddr)	\
	M(struct kvm_sev_snp_launch_update, len)	\
	M(struct kvm_sev_snp_launch_update, type)	\
	M(struct kvm_sev_snp_launch_update, pad0)	\
	M(struct kvm_sev_snp_launch_update, flags)	\
	M(struct kvm_sev_snp_launch_update, pad1)	\
	M(struct kvm_sev_snp_launch_update, pad2)	\
	E(struct kvm_sev_snp_launch_update) \
	S(struct kvm_sev_snp_launch_finish)	\
	M(struct kvm_sev_snp_launch_finish, id_block_uaddr)	\
	M(struct kvm_sev_snp_launch_finish, id_auth_uaddr)	\
	M(struct kvm_sev_snp_launch_finish, id_block_en)	\
	M(struct kvm_sev_snp_launch_finish, auth_key_en)	\
	M(struct kvm_sev_snp_launch_finish, vcek_disabled)	\
	M(struct kvm_sev_snp_launch_finish, host_data)	\
	M(struct kvm_sev_snp_launch_finish, pad0)	\
	M(struct kvm_sev_snp_launch_finish, flags)	\
	M(struct kvm_sev_snp_launch_finish, pad1)	\
	E(struct kvm_sev_snp_launch_finish)

#ifdef SEV_LAUNCH_OWN_PSP_SEV_DEFS
#define SEVL_ABI_LAYOUT_SNP_IF(S, M, B, E)	SEVL_ABI_LAYOUT_SNP(S, M, B, E)
#else
#define SEVL_ABI_LAYOUT_SNP_IF(S, M, B, E)
#endif

#if defined(SEV_LAUNCH_KVMIO) || defined(__KERNEL__)
#define SEVL_ABI_LAYOUT_KVM_IF(S, M, B, E)	SEVL_ABI_LAYOUT_KVM(S, M, B, E)
#else
#define SEVL_ABI_LAYOUT_KVM_IF(S, M, B, E)
#endif

#define SEVL_ABI_LAYOUT(S, M, B, E)					\
	SEVL_ABI_LAYOUT_DEVSEV(S, M, B, E)				\
	SEVL_ABI_LAYOUT_SNP_IF(S, M, B, E)				\
	SEVL_ABI_LAYOUT_KVM_IF(S, M, B, E)				\
	SEVL_ABI_LAYOUT_EXT(S, M, B, E)

/*
 * Rows for a run-time check, shared by abi_check.c and the KUnit suite:
 * static const struct sevl_abi_lay rows[] = { SEVL_ABI_LAYOUT_ROWS };
 * kind 'S' (size = sizeof the structure), 'M' (off, size of a member),
 * 'B' (size of bit-fields), 'E' (size = sizeof the structure).
 */
struct sevl_abi_lay {
	const char *type;
	const char *member;
	size_t off;
	size_t size;
	char kind;
};

#define SEVL_LAY_S(t)	 { #t, "", 0, sizeof(t), 'S' },
#define SEVL_LAY_M(t, m) { #t, #m, offsetof(t, m), sizeof(((t *)0)->m), 'M' },
#define SEVL_LAY_B(t, n) { #t, "(bit-fields)", 0, (n), 'B' },
#define SEVL_LAY_E(t)	 { #t, "", 0, sizeof(t), 'E' },
#define SEVL_ABI_LAYOUT_ROWS						\
	SEVL_ABI_LAYOUT(SEVL_LAY_S, SEVL_LAY_M, SEVL_LAY_B, SEVL_LAY_E)

#endif /* _SEVL_ABI_LAYOUT_H */
