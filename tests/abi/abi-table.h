/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sev-launch user ABI, as numbers.  Each row is a fact that unmodified
 * QEMU and AMD's tools depend on (taken from upstream Linux 6.12) or a
 * layout this project promises for its own additions.  The same table is
 * checked at compile time (C11 and C++), in KUnit, and by a userspace
 * selftest in the test guest.
 *
 * Users define three macros before expanding SEVL_ABI_TABLE:
 *   SIZE(type, bytes)            sizeof(type) == bytes
 *   OFF(type, member, offset)    offsetof(type, member) == offset
 *   VAL(expr, value)             (long long)(expr) == (long long)(value)
 */
#ifndef _SEVL_ABI_TABLE_H
#define _SEVL_ABI_TABLE_H

#define SEVL_ABI_TABLE_DEVSEV(SIZE, OFF, VAL)				\
	VAL(SEV_ISSUE_CMD, 0xC0105300)					\
	SIZE(struct sev_issue_cmd, 16)					\
	OFF(struct sev_issue_cmd, cmd, 0)				\
	OFF(struct sev_issue_cmd, data, 4)				\
	OFF(struct sev_issue_cmd, error, 12)				\
	VAL(SEV_FACTORY_RESET, 0)					\
	VAL(SEV_PLATFORM_STATUS, 1)					\
	VAL(SEV_PEK_GEN, 2)						\
	VAL(SEV_PEK_CSR, 3)						\
	VAL(SEV_PDH_GEN, 4)						\
	VAL(SEV_PDH_CERT_EXPORT, 5)					\
	VAL(SEV_PEK_CERT_IMPORT, 6)					\
	VAL(SEV_GET_ID, 7)						\
	VAL(SEV_GET_ID2, 8)						\
	SIZE(struct sev_user_data_status, 12)				\
	OFF(struct sev_user_data_status, api_major, 0)			\
	OFF(struct sev_user_data_status, api_minor, 1)			\
	OFF(struct sev_user_data_status, state, 2)			\
	OFF(struct sev_user_data_status, flags, 3)			\
	OFF(struct sev_user_data_status, build, 7)			\
	OFF(struct sev_user_data_status, guest_count, 8)		\
	VAL(SEV_STATUS_FLAGS_CONFIG_ES, 0x100)				\
	SIZE(struct sev_user_data_pek_csr, 12)				\
	OFF(struct sev_user_data_pek_csr, address, 0)			\
	OFF(struct sev_user_data_pek_csr, length, 8)			\
	SIZE(struct sev_user_data_pek_cert_import, 24)			\
	OFF(struct sev_user_data_pek_cert_import, pek_cert_address, 0)	\
	OFF(struct sev_user_data_pek_cert_import, pek_cert_len, 8)	\
	OFF(struct sev_user_data_pek_cert_import, oca_cert_address, 12)	\
	OFF(struct sev_user_data_pek_cert_import, oca_cert_len, 20)	\
	SIZE(struct sev_user_data_pdh_cert_export, 24)			\
	OFF(struct sev_user_data_pdh_cert_export, pdh_cert_address, 0)	\
	OFF(struct sev_user_data_pdh_cert_export, pdh_cert_len, 8)	\
	OFF(struct sev_user_data_pdh_cert_export, cert_chain_address, 12) \
	OFF(struct sev_user_data_pdh_cert_export, cert_chain_len, 20)	\
	SIZE(struct sev_user_data_get_id, 128)				\
	OFF(struct sev_user_data_get_id, socket2, 64)			\
	SIZE(struct sev_user_data_get_id2, 12)				\
	OFF(struct sev_user_data_get_id2, length, 8)			\
	VAL(SEV_RET_NO_FW_CALL, -1LL)					\
	VAL(SEV_RET_SUCCESS, 0)						\
	VAL(SEV_RET_INVALID_PLATFORM_STATE, 0x01)			\
	VAL(SEV_RET_INVALID_GUEST_STATE, 0x02)				\
	VAL(SEV_RET_INVALID_CONFIG, 0x03)				\
	VAL(SEV_RET_INVALID_LEN, 0x04)					\
	VAL(SEV_RET_ALREADY_OWNED, 0x05)				\
	VAL(SEV_RET_INVALID_CERTIFICATE, 0x06)				\
	VAL(SEV_RET_POLICY_FAILURE, 0x07)				\
	VAL(SEV_RET_INACTIVE, 0x08)					\
	VAL(SEV_RET_INVALID_ADDRESS, 0x09)				\
	VAL(SEV_RET_BAD_SIGNATURE, 0x0A)				\
	VAL(SEV_RET_BAD_MEASUREMENT, 0x0B)				\
	VAL(SEV_RET_ASID_OWNED, 0x0C)					\
	VAL(SEV_RET_INVALID_ASID, 0x0D)					\
	VAL(SEV_RET_WBINVD_REQUIRED, 0x0E)				\
	VAL(SEV_RET_DFFLUSH_REQUIRED, 0x0F)				\
	VAL(SEV_RET_INVALID_GUEST, 0x10)				\
	VAL(SEV_RET_INVALID_COMMAND, 0x11)				\
	VAL(SEV_RET_ACTIVE, 0x12)					\
	VAL(SEV_RET_UNSUPPORTED, 0x15)					\
	VAL(SEV_RET_INVALID_PARAM, 0x16)				\
	VAL(SEV_RET_RESOURCE_LIMIT, 0x17)				\
	VAL(SEV_RET_SECURE_DATA_INVALID, 0x18)

#define SEVL_ABI_TABLE_KVM(SIZE, OFF, VAL)				\
	VAL(KVM_MEMORY_ENCRYPT_OP, 0xC008AEBA)				\
	VAL(KVM_MEMORY_ENCRYPT_REG_REGION, 0x8010AEBB)			\
	VAL(KVM_MEMORY_ENCRYPT_UNREG_REGION, 0x8010AEBC)		\
	SIZE(struct kvm_enc_region, 16)					\
	OFF(struct kvm_enc_region, size, 8)				\
	SIZE(struct kvm_sev_cmd, 24)					\
	OFF(struct kvm_sev_cmd, id, 0)					\
	OFF(struct kvm_sev_cmd, data, 8)				\
	OFF(struct kvm_sev_cmd, error, 16)				\
	OFF(struct kvm_sev_cmd, sev_fd, 20)				\
	VAL(KVM_SEV_INIT, 0)						\
	VAL(KVM_SEV_ES_INIT, 1)						\
	VAL(KVM_SEV_LAUNCH_START, 2)					\
	VAL(KVM_SEV_LAUNCH_UPDATE_DATA, 3)				\
	VAL(KVM_SEV_LAUNCH_UPDATE_VMSA, 4)				\
	VAL(KVM_SEV_LAUNCH_SECRET, 5)					\
	VAL(KVM_SEV_LAUNCH_MEASURE, 6)					\
	VAL(KVM_SEV_LAUNCH_FINISH, 7)					\
	VAL(KVM_SEV_GUEST_STATUS, 16)					\
	VAL(KVM_SEV_DBG_DECRYPT, 17)					\
	VAL(KVM_SEV_DBG_ENCRYPT, 18)					\
	VAL(KVM_SEV_GET_ATTESTATION_REPORT, 20)				\
	VAL(KVM_SEV_INIT2, 22)						\
	VAL(KVM_X86_SEV_VM, 2)						\
	VAL(KVM_X86_SEV_ES_VM, 3)					\
	VAL(KVM_X86_GRP_SEV, 1)						\
	VAL(KVM_X86_SEV_VMSA_FEATURES, 0)				\
	SIZE(struct kvm_sev_init, 48)					\
	OFF(struct kvm_sev_init, flags, 8)				\
	OFF(struct kvm_sev_init, ghcb_version, 12)			\
	OFF(struct kvm_sev_init, pad2, 16)				\
	SIZE(struct kvm_sev_launch_start, 40)				\
	OFF(struct kvm_sev_launch_start, policy, 4)			\
	OFF(struct kvm_sev_launch_start, dh_uaddr, 8)			\
	OFF(struct kvm_sev_launch_start, dh_len, 16)			\
	OFF(struct kvm_sev_launch_start, session_uaddr, 24)		\
	OFF(struct kvm_sev_launch_start, session_len, 32)		\
	SIZE(struct kvm_sev_launch_update_data, 16)			\
	OFF(struct kvm_sev_launch_update_data, len, 8)			\
	SIZE(struct kvm_sev_launch_secret, 48)				\
	OFF(struct kvm_sev_launch_secret, hdr_len, 8)			\
	OFF(struct kvm_sev_launch_secret, guest_uaddr, 16)		\
	OFF(struct kvm_sev_launch_secret, guest_len, 24)		\
	OFF(struct kvm_sev_launch_secret, trans_uaddr, 32)		\
	OFF(struct kvm_sev_launch_secret, trans_len, 40)		\
	SIZE(struct kvm_sev_launch_measure, 16)				\
	OFF(struct kvm_sev_launch_measure, len, 8)			\
	SIZE(struct kvm_sev_guest_status, 12)				\
	OFF(struct kvm_sev_guest_status, policy, 4)			\
	OFF(struct kvm_sev_guest_status, state, 8)			\
	SIZE(struct kvm_sev_dbg, 24)					\
	OFF(struct kvm_sev_dbg, dst_uaddr, 8)				\
	OFF(struct kvm_sev_dbg, len, 16)				\
	SIZE(struct kvm_sev_attestation_report, 32)			\
	OFF(struct kvm_sev_attestation_report, uaddr, 16)		\
	OFF(struct kvm_sev_attestation_report, len, 24)

/* sev-launch's own additions: layouts promised to userspace. */
#define SEVL_ABI_TABLE_EXT(SIZE, OFF, VAL)				\
	VAL(KVM_SEV_LAUNCH_CONFIG, 200)					\
	VAL(KVM_SEV_LAUNCH_GET_LOG, 201)				\
	VAL(KVM_SEV_VCPU_GET_VMSA, 202)					\
	VAL(KVM_SEV_GET_CAPS, 203)					\
	VAL(SEV_LAUNCH_ERR_STATE, 0x10001)				\
	VAL(SEV_LAUNCH_ERR_CONFIG, 0x1000b)				\
	VAL(SEV_LAUNCH_ERR_FEATURES_VM, 0x1000c)			\
	VAL(SEV_LAUNCH_ERR_VMSA_DEBUG, 0x1000d)				\
	VAL(SEV_LAUNCH_ERR_ALIAS, 0x1000e)				\
	VAL(SEV_LAUNCH_ERR_MEMTYPE, 0x1000f)				\
	SIZE(struct kvm_sev_launch_config, 32)				\
	OFF(struct kvm_sev_launch_config, vmsa_fpu, 4)			\
	OFF(struct kvm_sev_launch_config, reserved, 8)			\
	SIZE(struct kvm_sev_vcpu_update_vmsa, 40)			\
	OFF(struct kvm_sev_vcpu_update_vmsa, vmsa_len, 8)		\
	OFF(struct kvm_sev_vcpu_update_vmsa, flags, 12)			\
	OFF(struct kvm_sev_vcpu_update_vmsa, sev_features, 16)		\
	OFF(struct kvm_sev_vcpu_update_vmsa, reserved, 24)		\
	SIZE(struct kvm_sev_launch_log_entry, 64)			\
	OFF(struct kvm_sev_launch_log_entry, vcpu_id, 4)		\
	OFF(struct kvm_sev_launch_log_entry, gpa, 8)			\
	OFF(struct kvm_sev_launch_log_entry, len, 16)			\
	OFF(struct kvm_sev_launch_log_entry, sha256, 24)		\
	OFF(struct kvm_sev_launch_log_entry, reserved, 56)		\
	SIZE(struct kvm_sev_launch_log, 48)				\
	OFF(struct kvm_sev_launch_log, nr_entries, 8)			\
	OFF(struct kvm_sev_launch_log, flags, 12)			\
	OFF(struct kvm_sev_launch_log, launch_digest, 16)		\
	SIZE(struct kvm_sev_vcpu_vmsa, 16)				\
	OFF(struct kvm_sev_vcpu_vmsa, len, 8)				\
	SIZE(struct kvm_sev_caps, 40)					\
	OFF(struct kvm_sev_caps, vmsa_features, 8)			\
	OFF(struct kvm_sev_caps, api_major, 16)				\
	OFF(struct kvm_sev_caps, build, 18)				\
	OFF(struct kvm_sev_caps, reserved, 20) \
	VAL(KVM_SEV_SNP_LAUNCH_GET_LOG, 204)				\
	VAL(SEV_LAUNCH_ERR_VMSA_VMPL, 0x10010)				\
	VAL(SEV_LAUNCH_ERR_VMSA_RESERVED, 0x10011)			\
	VAL(SEV_LAUNCH_ERR_SNP_GONE, 0x10012)				\
	VAL(SEV_LAUNCH_VMSA_FEAT_SNP_ACTIVE, 1)				\
	VAL(KVM_SEV_SNP_LOG_PAGE_TYPE_VMSA, 2)				\
	VAL(KVM_SEV_SNP_VMSA_GPA, 0xFFFFFFFFF000LL)			\
	VAL(KVM_SEV_SNP_LOG_F_FINISHED, 0x40000000)			\
	SIZE(struct kvm_sev_snp_log_entry, 72)				\
	OFF(struct kvm_sev_snp_log_entry, vcpu_id, 4)			\
	OFF(struct kvm_sev_snp_log_entry, gpa, 8)			\
	OFF(struct kvm_sev_snp_log_entry, sha384, 16)			\
	OFF(struct kvm_sev_snp_log_entry, reserved, 64)			\
	SIZE(struct kvm_sev_snp_launch_log, 64)				\
	OFF(struct kvm_sev_snp_launch_log, nr_entries, 8)		\
	OFF(struct kvm_sev_snp_launch_log, flags, 12)			\
	OFF(struct kvm_sev_snp_launch_log, launch_digest, 16)		\
	SEVL_ABI_TABLE_SNP(SIZE, OFF, VAL)

/* Upstream 6.12's SEV-SNP KVM ABI (arch/x86/include/uapi/asm/kvm.h). */
#define SEVL_ABI_TABLE_SNP(SIZE, OFF, VAL)				\
	VAL(KVM_X86_SNP_VM, 4)						\
	VAL(KVM_SEV_SNP_LAUNCH_START, 100)				\
	VAL(KVM_SEV_SNP_LAUNCH_UPDATE, 101)				\
	VAL(KVM_SEV_SNP_LAUNCH_FINISH, 102)				\
	VAL(KVM_SEV_SNP_PAGE_TYPE_NORMAL, 1)				\
	VAL(KVM_SEV_SNP_PAGE_TYPE_ZERO, 3)				\
	VAL(KVM_SEV_SNP_PAGE_TYPE_UNMEASURED, 4)			\
	VAL(KVM_SEV_SNP_PAGE_TYPE_SECRETS, 5)				\
	VAL(KVM_SEV_SNP_PAGE_TYPE_CPUID, 6)				\
	VAL(KVM_SEV_SNP_ID_BLOCK_SIZE, 96)				\
	VAL(KVM_SEV_SNP_ID_AUTH_SIZE, 4096)				\
	VAL(KVM_SEV_SNP_FINISH_DATA_SIZE, 32)				\
	SIZE(struct kvm_sev_snp_launch_start, 64)			\
	OFF(struct kvm_sev_snp_launch_start, gosvw, 8)			\
	OFF(struct kvm_sev_snp_launch_start, flags, 24)			\
	OFF(struct kvm_sev_snp_launch_start, pad0, 26)			\
	OFF(struct kvm_sev_snp_launch_start, pad1, 32)			\
	SIZE(struct kvm_sev_snp_launch_update, 64)			\
	OFF(struct kvm_sev_snp_launch_update, uaddr, 8)			\
	OFF(struct kvm_sev_snp_launch_update, len, 16)			\
	OFF(struct kvm_sev_snp_launch_update, type, 24)			\
	OFF(struct kvm_sev_snp_launch_update, flags, 26)		\
	OFF(struct kvm_sev_snp_launch_update, pad1, 28)			\
	OFF(struct kvm_sev_snp_launch_update, pad2, 32)			\
	SIZE(struct kvm_sev_snp_launch_finish, 88)			\
	OFF(struct kvm_sev_snp_launch_finish, id_auth_uaddr, 8)		\
	OFF(struct kvm_sev_snp_launch_finish, id_block_en, 16)		\
	OFF(struct kvm_sev_snp_launch_finish, auth_key_en, 17)		\
	OFF(struct kvm_sev_snp_launch_finish, vcek_disabled, 18)	\
	OFF(struct kvm_sev_snp_launch_finish, host_data, 19)		\
	OFF(struct kvm_sev_snp_launch_finish, pad0, 51)			\
	OFF(struct kvm_sev_snp_launch_finish, flags, 54)		\
	OFF(struct kvm_sev_snp_launch_finish, pad1, 56)

#define SEVL_ABI_TABLE(SIZE, OFF, VAL)					\
	SEVL_ABI_TABLE_DEVSEV(SIZE, OFF, VAL)				\
	SEVL_ABI_TABLE_KVM(SIZE, OFF, VAL)				\
	SEVL_ABI_TABLE_EXT(SIZE, OFF, VAL)

#endif /* _SEVL_ABI_TABLE_H */
