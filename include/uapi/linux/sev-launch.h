/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sev-launch user ABI.
 *
 * This header describes every interface sev-launch offers to userspace:
 *
 *   1. The /dev/sev platform interface (SEV_ISSUE_CMD).  Numbers, names and
 *      layouts are those of upstream Linux <linux/psp-sev.h>, so existing
 *      tools keep working unchanged.
 *   2. The KVM_MEMORY_ENCRYPT_OP interface for SEV and SEV-ES guests.  Every
 *      command upstream Linux defines keeps its number and layout; they come
 *      from the system's <linux/kvm.h> when it is available and are provided
 *      here otherwise.
 *   3. sev-launch additions: a per-VM launch configuration (canonical
 *      measurement order, explicit VMSA FPU flavour), LAUNCH_UPDATE_VMSA on
 *      the vCPU file descriptor with an optional caller-supplied VMSA page,
 *      and queries for the launch log, the measured VMSA and the supported
 *      features.  Their command ids start at 200, far from upstream's.
 *
 * The header may be included before or after the system <linux/kvm.h> and
 * <linux/psp-sev.h>.  The /dev/sev part is guarded by the same include guard
 * as upstream's header, so whichever copy is seen first is used and the other
 * is skipped.  The KVM part includes <linux/kvm.h> and only fills in what an
 * older system header lacks.  Defining SEV_LAUNCH_STANDALONE before inclusion
 * makes the header use none of the system headers (besides <linux/types.h>
 * and <linux/ioctl.h>) and define everything itself; that mode is meant for
 * builds against a foreign or missing kernel header set, and must then not
 * be mixed with <linux/kvm.h>.
 */
#ifndef _UAPI_LINUX_SEV_LAUNCH_H
#define _UAPI_LINUX_SEV_LAUNCH_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* ---------------------------------------------------------------------- */
/* Part 1: /dev/sev (identical to upstream <linux/psp-sev.h>)             */
/* ---------------------------------------------------------------------- */

#ifndef __PSP_SEV_USER_H__
#define __PSP_SEV_USER_H__
#define SEV_LAUNCH_OWN_PSP_SEV_DEFS

/*
 * Platform command ids accepted in sev_issue_cmd.cmd.
 */
enum {
	SEV_FACTORY_RESET = 0,
	SEV_PLATFORM_STATUS,
	SEV_PEK_GEN,
	SEV_PEK_CSR,
	SEV_PDH_GEN,
	SEV_PDH_CERT_EXPORT,
	SEV_PEK_CERT_IMPORT,
	SEV_GET_ID,		/* deprecated: use SEV_GET_ID2 */
	SEV_GET_ID2,
	SNP_PLATFORM_STATUS,
	SNP_COMMIT,
	SNP_SET_CONFIG,
	SNP_VLEK_LOAD,

	SEV_MAX,
};

/*
 * Firmware status codes, as returned in sev_issue_cmd.error and
 * kvm_sev_cmd.error.  When the kernel refuses a command before the
 * firmware saw it, error is 0 (or, on the KVM path, a SEV_LAUNCH_ERR_*
 * reason), as upstream reports it.  SEV_RET_NO_FW_CALL is kept for source
 * compatibility with upstream's header, where only a failed platform INIT
 * that never reached a dead PSP reports it; sev-launch never does.
 */
typedef enum {
	SEV_RET_NO_FW_CALL = -1,
	SEV_RET_SUCCESS = 0,
	SEV_RET_INVALID_PLATFORM_STATE = 0x0001,
	SEV_RET_INVALID_GUEST_STATE = 0x0002,
	SEV_RET_INAVLID_CONFIG = 0x0003,	/* historical spelling */
	SEV_RET_INVALID_CONFIG = SEV_RET_INAVLID_CONFIG,
	SEV_RET_INVALID_LEN = 0x0004,
	SEV_RET_ALREADY_OWNED = 0x0005,
	SEV_RET_INVALID_CERTIFICATE = 0x0006,
	SEV_RET_POLICY_FAILURE = 0x0007,
	SEV_RET_INACTIVE = 0x0008,
	SEV_RET_INVALID_ADDRESS = 0x0009,
	SEV_RET_BAD_SIGNATURE = 0x000A,
	SEV_RET_BAD_MEASUREMENT = 0x000B,
	SEV_RET_ASID_OWNED = 0x000C,
	SEV_RET_INVALID_ASID = 0x000D,
	SEV_RET_WBINVD_REQUIRED = 0x000E,
	SEV_RET_DFFLUSH_REQUIRED = 0x000F,
	SEV_RET_INVALID_GUEST = 0x0010,
	SEV_RET_INVALID_COMMAND = 0x0011,
	SEV_RET_ACTIVE = 0x0012,
	SEV_RET_HWSEV_RET_PLATFORM = 0x0013,
	SEV_RET_HWSEV_RET_UNSAFE = 0x0014,
	SEV_RET_UNSUPPORTED = 0x0015,
	SEV_RET_INVALID_PARAM = 0x0016,
	SEV_RET_RESOURCE_LIMIT = 0x0017,
	SEV_RET_SECURE_DATA_INVALID = 0x0018,
	SEV_RET_INVALID_PAGE_SIZE = 0x0019,
	SEV_RET_INVALID_PAGE_STATE = 0x001A,
	SEV_RET_INVALID_MDATA_ENTRY = 0x001B,
	SEV_RET_INVALID_PAGE_OWNER = 0x001C,
	SEV_RET_AEAD_OFLOW = 0x001D,
	SEV_RET_EXIT_RING_BUFFER = 0x001F,
	SEV_RET_RMP_INIT_REQUIRED = 0x0020,
	SEV_RET_BAD_SVN = 0x0021,
	SEV_RET_BAD_VERSION = 0x0022,
	SEV_RET_SHUTDOWN_REQUIRED = 0x0023,
	SEV_RET_UPDATE_FAILED = 0x0024,
	SEV_RET_RESTORE_REQUIRED = 0x0025,
	SEV_RET_RMP_INITIALIZATION_FAILED = 0x0026,
	SEV_RET_INVALID_KEY = 0x0027,
	SEV_RET_MAX,
} sev_ret_code;

/**
 * struct sev_user_data_status - result of SEV_PLATFORM_STATUS
 * @api_major: firmware API major version
 * @api_minor: firmware API minor version
 * @state: platform state (0 UNINIT, 1 INIT, 2 WORKING)
 * @flags: bit 0 set when the platform is externally owned;
 *	SEV_STATUS_FLAGS_CONFIG_ES when SEV-ES is initialised
 * @build: firmware build id
 * @guest_count: number of guests currently known to the firmware
 */
struct sev_user_data_status {
	__u8 api_major;
	__u8 api_minor;
	__u8 state;
	__u32 flags;
	__u8 build;
	__u32 guest_count;
} __attribute__((packed));

#define SEV_STATUS_FLAGS_CONFIG_ES	0x0100

/**
 * struct sev_user_data_pek_csr - SEV_PEK_CSR parameters
 * @address: user buffer receiving the PEK certificate signing request
 * @length: in: buffer size; out: size the firmware needs or wrote
 */
struct sev_user_data_pek_csr {
	__u64 address;
	__u32 length;
} __attribute__((packed));

/**
 * struct sev_user_data_pek_cert_import - SEV_PEK_CERT_IMPORT parameters
 * @pek_cert_address: user address of the OCA-signed PEK certificate
 * @pek_cert_len: its length
 * @oca_cert_address: user address of the OCA certificate
 * @oca_cert_len: its length
 */
struct sev_user_data_pek_cert_import {
	__u64 pek_cert_address;
	__u32 pek_cert_len;
	__u64 oca_cert_address;
	__u32 oca_cert_len;
} __attribute__((packed));

/**
 * struct sev_user_data_pdh_cert_export - SEV_PDH_CERT_EXPORT parameters
 * @pdh_cert_address: user buffer receiving the PDH certificate
 * @pdh_cert_len: in: buffer size; out: size needed or written
 * @cert_chain_address: user buffer receiving the PEK, OCA and CEK certificates
 * @cert_chain_len: in: buffer size; out: size needed or written
 */
struct sev_user_data_pdh_cert_export {
	__u64 pdh_cert_address;
	__u32 pdh_cert_len;
	__u64 cert_chain_address;
	__u32 cert_chain_len;
} __attribute__((packed));

/**
 * struct sev_user_data_get_id - SEV_GET_ID result (deprecated)
 * @socket1: identifier of the first socket
 * @socket2: identifier of the second socket
 */
struct sev_user_data_get_id {
	__u8 socket1[64];
	__u8 socket2[64];
} __attribute__((packed));

/**
 * struct sev_user_data_get_id2 - SEV_GET_ID2 parameters
 * @address: user buffer receiving the platform identifier(s)
 * @length: in: buffer size; out: size needed or written
 */
struct sev_user_data_get_id2 {
	__u64 address;
	__u32 length;
} __attribute__((packed));

/**
 * struct sev_user_data_snp_status - SNP_PLATFORM_STATUS result
 * @api_major: SNP API major version
 * @api_minor: SNP API minor version
 * @state: SNP platform state
 * @is_rmp_initialized: whether the RMP table is initialised
 * @rsvd: reserved
 * @build_id: firmware build id
 * @mask_chip_id: CHIP_ID masked in reports
 * @mask_chip_key: VCEK signing disabled
 * @vlek_en: a VLEK is loaded
 * @rsvd1: reserved
 * @guest_count: number of SNP guests
 * @current_tcb_version: installed TCB version
 * @reported_tcb_version: TCB version put in reports
 *
 * Written by SNP_PLATFORM_STATUS (any descriptor).
 */
struct sev_user_data_snp_status {
	__u8 api_major;
	__u8 api_minor;
	__u8 state;
	__u8 is_rmp_initialized:1;
	__u8 rsvd:7;
	__u32 build_id;
	__u32 mask_chip_id:1;
	__u32 mask_chip_key:1;
	__u32 vlek_en:1;
	__u32 rsvd1:29;
	__u32 guest_count;
	__u64 current_tcb_version;
	__u64 reported_tcb_version;
} __attribute__((packed));

/**
 * struct sev_user_data_snp_config - SNP_SET_CONFIG parameters
 * @reported_tcb: TCB version to report
 * @mask_chip_id: mask CHIP_ID in reports
 * @mask_chip_key: disable VCEK signing
 * @rsvd: reserved
 * @rsvd1: reserved
 *
 * Read by SNP_SET_CONFIG (privileged; SNP must be initialised, else
 * -ENODEV).
 */
struct sev_user_data_snp_config {
	__u64 reported_tcb;
	__u32 mask_chip_id:1;
	__u32 mask_chip_key:1;
	__u32 rsvd:30;
	__u8 rsvd1[52];
} __attribute__((packed));

/**
 * struct sev_user_data_snp_vlek_load - SNP_VLEK_LOAD parameters
 * @len: size of this structure (16)
 * @vlek_wrapped_version: version of the wrapped key format (0)
 * @rsvd: reserved
 * @vlek_wrapped_address: user address of the wrapped VLEK hashstick
 *
 * Read by SNP_VLEK_LOAD (privileged), which passes the hashstick to the
 * firmware as upstream does; the software firmware refuses it
 * (INVALID_COMMAND: it cannot unwrap AMD-wrapped keys).
 */
struct sev_user_data_snp_vlek_load {
	__u32 len;
	__u8 vlek_wrapped_version;
	__u8 rsvd[3];
	__u64 vlek_wrapped_address;
} __attribute__((packed));

/**
 * struct sev_user_data_snp_wrapped_vlek_hashstick - wrapped VLEK
 * @data: opaque wrapped key material
 */
struct sev_user_data_snp_wrapped_vlek_hashstick {
	__u8 data[432];
} __attribute__((packed));

/**
 * struct sev_issue_cmd - argument of the SEV_ISSUE_CMD ioctl on /dev/sev
 * @cmd: platform command id (SEV_FACTORY_RESET ... SNP_VLEK_LOAD)
 * @data: user address of the command's parameter structure, or 0
 * @error: out: firmware status (sev_ret_code); 0 when the kernel refused
 *	the command without calling the firmware
 */
struct sev_issue_cmd {
	__u32 cmd;
	__u64 data;
	__u32 error;
} __attribute__((packed));

#define SEV_IOC_TYPE		'S'
#define SEV_ISSUE_CMD		_IOWR(SEV_IOC_TYPE, 0x0, struct sev_issue_cmd)

#endif /* __PSP_SEV_USER_H__ */

#ifndef SEV_LAUNCH_OWN_PSP_SEV_DEFS
/*
 * An older system <linux/psp-sev.h> was included first.  Provide the names
 * it may lack that sev-launch users rely on.
 */
#define SEV_RET_INVALID_CONFIG	SEV_RET_INAVLID_CONFIG
#endif

/* ---------------------------------------------------------------------- */
/* Part 2: KVM_MEMORY_ENCRYPT_OP (upstream numbers and layouts)           */
/* ---------------------------------------------------------------------- */

#ifndef SEV_LAUNCH_STANDALONE
#include <linux/kvm.h>
#endif

#ifndef KVM_MEMORY_ENCRYPT_OP
/* No system <linux/kvm.h>: define the SEV subset of it ourselves. */

#define SEV_LAUNCH_KVMIO	0xAE

#define KVM_MEMORY_ENCRYPT_OP	_IOWR(SEV_LAUNCH_KVMIO, 0xba, unsigned long)
#define KVM_MEMORY_ENCRYPT_REG_REGION \
	_IOR(SEV_LAUNCH_KVMIO, 0xbb, struct kvm_enc_region)
#define KVM_MEMORY_ENCRYPT_UNREG_REGION \
	_IOR(SEV_LAUNCH_KVMIO, 0xbc, struct kvm_enc_region)

/**
 * struct kvm_enc_region - guest memory range to pin for its lifetime
 * @addr: user virtual address
 * @size: length in bytes
 */
struct kvm_enc_region {
	__u64 addr;
	__u64 size;
};

/*
 * Command ids for kvm_sev_cmd.id.  SEND_UPDATE_VMSA, RECEIVE_UPDATE_VMSA and
 * CERT_EXPORT are reserved numbers that upstream never implemented.
 */
enum sev_cmd_id {
	KVM_SEV_INIT = 0,
	KVM_SEV_ES_INIT,
	KVM_SEV_LAUNCH_START,
	KVM_SEV_LAUNCH_UPDATE_DATA,
	KVM_SEV_LAUNCH_UPDATE_VMSA,
	KVM_SEV_LAUNCH_SECRET,
	KVM_SEV_LAUNCH_MEASURE,
	KVM_SEV_LAUNCH_FINISH,
	KVM_SEV_SEND_START,
	KVM_SEV_SEND_UPDATE_DATA,
	KVM_SEV_SEND_UPDATE_VMSA,
	KVM_SEV_SEND_FINISH,
	KVM_SEV_RECEIVE_START,
	KVM_SEV_RECEIVE_UPDATE_DATA,
	KVM_SEV_RECEIVE_UPDATE_VMSA,
	KVM_SEV_RECEIVE_FINISH,
	KVM_SEV_GUEST_STATUS,
	KVM_SEV_DBG_DECRYPT,
	KVM_SEV_DBG_ENCRYPT,
	KVM_SEV_CERT_EXPORT,
	KVM_SEV_GET_ATTESTATION_REPORT,
	KVM_SEV_SEND_CANCEL,
	KVM_SEV_INIT2,

	KVM_SEV_NR_MAX,
};

/**
 * struct kvm_sev_cmd - argument of KVM_MEMORY_ENCRYPT_OP
 * @id: command id (enum sev_cmd_id or enum sev_launch_cmd_id)
 * @pad0: must be zero
 * @data: user address of the command's parameter structure
 * @error: out: firmware status (sev_ret_code); when the firmware was not
 *	called, 0 or a SEV_LAUNCH_ERR_* reason (never SEV_RET_NO_FW_CALL)
 * @sev_fd: an open /dev/sev file descriptor
 */
struct kvm_sev_cmd {
	__u32 id;
	__u32 pad0;
	__u64 data;
	__u32 error;
	__u32 sev_fd;
};

/**
 * struct kvm_sev_launch_start - KVM_SEV_LAUNCH_START parameters
 * @handle: in: 0, or the handle of a guest to share keys with;
 *	out: the new guest's firmware handle
 * @policy: guest policy (SEV_POLICY_* bits)
 * @dh_uaddr: user address of the guest owner's DH certificate, or 0
 * @dh_len: its length
 * @pad0: reserved
 * @session_uaddr: user address of the session blob, or 0
 * @session_len: its length
 * @pad1: reserved
 */
struct kvm_sev_launch_start {
	__u32 handle;
	__u32 policy;
	__u64 dh_uaddr;
	__u32 dh_len;
	__u32 pad0;
	__u64 session_uaddr;
	__u32 session_len;
	__u32 pad1;
};

/**
 * struct kvm_sev_launch_update_data - KVM_SEV_LAUNCH_UPDATE_DATA parameters
 * @uaddr: user address of guest memory to measure and encrypt in place
 * @len: length in bytes
 * @pad0: reserved
 */
struct kvm_sev_launch_update_data {
	__u64 uaddr;
	__u32 len;
	__u32 pad0;
};

/**
 * struct kvm_sev_launch_secret - KVM_SEV_LAUNCH_SECRET parameters
 * @hdr_uaddr: user address of the 52-byte packet header
 * @hdr_len: its length
 * @pad0: reserved
 * @guest_uaddr: user address of the guest memory receiving the secret
 * @guest_len: its length
 * @pad1: reserved
 * @trans_uaddr: user address of the encrypted secret
 * @trans_len: its length
 * @pad2: reserved
 */
struct kvm_sev_launch_secret {
	__u64 hdr_uaddr;
	__u32 hdr_len;
	__u32 pad0;
	__u64 guest_uaddr;
	__u32 guest_len;
	__u32 pad1;
	__u64 trans_uaddr;
	__u32 trans_len;
	__u32 pad2;
};

/**
 * struct kvm_sev_launch_measure - KVM_SEV_LAUNCH_MEASURE parameters
 * @uaddr: user buffer receiving MEASURE (32 bytes) followed by MNONCE (16)
 * @len: in: buffer size, 0 to query; out: size needed or written
 * @pad0: reserved
 */
struct kvm_sev_launch_measure {
	__u64 uaddr;
	__u32 len;
	__u32 pad0;
};

/**
 * struct kvm_sev_guest_status - KVM_SEV_GUEST_STATUS result
 * @handle: firmware handle of the guest
 * @policy: guest policy
 * @state: guest state (SEV_LAUNCH_GSTATE_*)
 */
struct kvm_sev_guest_status {
	__u32 handle;
	__u32 policy;
	__u32 state;
};

/**
 * struct kvm_sev_dbg - KVM_SEV_DBG_DECRYPT / KVM_SEV_DBG_ENCRYPT parameters
 * @src_uaddr: user address to read from
 * @dst_uaddr: user address to write to
 * @len: length in bytes
 * @pad0: reserved
 */
struct kvm_sev_dbg {
	__u64 src_uaddr;
	__u64 dst_uaddr;
	__u32 len;
	__u32 pad0;
};

/**
 * struct kvm_sev_attestation_report - KVM_SEV_GET_ATTESTATION_REPORT
 * @mnonce: caller-chosen nonce
 * @uaddr: user buffer receiving the report
 * @len: in: buffer size, 0 to query; out: size needed or written
 * @pad0: reserved
 */
struct kvm_sev_attestation_report {
	__u8 mnonce[16];
	__u64 uaddr;
	__u32 len;
	__u32 pad0;
};
#endif /* !KVM_MEMORY_ENCRYPT_OP */

#ifndef KVM_X86_SEV_VMSA_FEATURES
/* Pre-6.10 system headers lack KVM_SEV_INIT2 and the SEV VM types. */
#ifndef SEV_LAUNCH_STANDALONE
#define KVM_SEV_INIT2		22
#endif

#define KVM_X86_GRP_SEV			1
#define KVM_X86_SEV_VMSA_FEATURES	0

#define KVM_X86_DEFAULT_VM		0
#define KVM_X86_SW_PROTECTED_VM		1
#define KVM_X86_SEV_VM			2
#define KVM_X86_SEV_ES_VM		3

/**
 * struct kvm_sev_init - KVM_SEV_INIT2 parameters
 * @vmsa_features: SEV features (VMSA offset 0x3B0) every vCPU gets
 * @flags: must be zero
 * @ghcb_version: highest GHCB protocol version the guest may use
 * @pad1: reserved
 * @pad2: reserved
 */
struct kvm_sev_init {
	__u64 vmsa_features;
	__u32 flags;
	__u16 ghcb_version;
	__u16 pad1;
	__u32 pad2[8];
};
#endif /* !KVM_X86_SEV_VMSA_FEATURES */

#ifndef KVM_X86_SNP_VM
/* Pre-6.11 system headers lack SEV-SNP: upstream 6.12's names and layouts. */
#define KVM_X86_SNP_VM			4

enum {
	KVM_SEV_SNP_LAUNCH_START = 100,
	KVM_SEV_SNP_LAUNCH_UPDATE,
	KVM_SEV_SNP_LAUNCH_FINISH,
};

/**
 * struct kvm_sev_snp_launch_start - KVM_SEV_SNP_LAUNCH_START parameters
 * @policy: SNP guest policy
 * @gosvw: guest OS visible workarounds
 * @flags: must be zero
 * @pad0: reserved
 * @pad1: reserved
 */
struct kvm_sev_snp_launch_start {
	__u64 policy;
	__u8 gosvw[16];
	__u16 flags;
	__u8 pad0[6];
	__u64 pad1[4];
};

/* Page types of KVM_SEV_SNP_LAUNCH_UPDATE (the firmware's values). */
#define KVM_SEV_SNP_PAGE_TYPE_NORMAL		0x1
#define KVM_SEV_SNP_PAGE_TYPE_ZERO		0x3
#define KVM_SEV_SNP_PAGE_TYPE_UNMEASURED	0x4
#define KVM_SEV_SNP_PAGE_TYPE_SECRETS		0x5
#define KVM_SEV_SNP_PAGE_TYPE_CPUID		0x6

/**
 * struct kvm_sev_snp_launch_update - KVM_SEV_SNP_LAUNCH_UPDATE parameters
 * @gfn_start: first guest frame (private, guest_memfd backed)
 * @uaddr: user address of the source pages (ignored for ZERO)
 * @len: length in bytes, a multiple of 4096; out: what is left
 * @type: KVM_SEV_SNP_PAGE_TYPE_*
 * @pad0: reserved
 * @flags: must be zero
 * @pad1: reserved
 * @pad2: reserved
 */
struct kvm_sev_snp_launch_update {
	__u64 gfn_start;
	__u64 uaddr;
	__u64 len;
	__u8 type;
	__u8 pad0;
	__u16 flags;
	__u32 pad1;
	__u64 pad2[4];
};

#define KVM_SEV_SNP_ID_BLOCK_SIZE	96
#define KVM_SEV_SNP_ID_AUTH_SIZE	4096
#define KVM_SEV_SNP_FINISH_DATA_SIZE	32

/**
 * struct kvm_sev_snp_launch_finish - KVM_SEV_SNP_LAUNCH_FINISH parameters
 * @id_block_uaddr: user address of the 96-byte ID block
 * @id_auth_uaddr: user address of the 4096-byte ID authentication block
 * @id_block_en: use the ID block
 * @auth_key_en: the ID authentication block carries an author key
 * @vcek_disabled: reports may not be signed with the VCEK
 * @host_data: 32 bytes put in every attestation report
 * @pad0: reserved
 * @flags: must be zero
 * @pad1: reserved
 */
struct kvm_sev_snp_launch_finish {
	__u64 id_block_uaddr;
	__u64 id_auth_uaddr;
	__u8 id_block_en;
	__u8 auth_key_en;
	__u8 vcek_disabled;
	__u8 host_data[KVM_SEV_SNP_FINISH_DATA_SIZE];
	__u8 pad0[3];
	__u16 flags;
	__u64 pad1[4];
};
#endif /* !KVM_X86_SNP_VM */

/* ---------------------------------------------------------------------- */
/* Part 3: sev-launch constants and additions                             */
/* ---------------------------------------------------------------------- */

/* Guest policy bits (SEV API, LAUNCH_START). */
#define SEV_POLICY_NODBG		(1U << 0)
#define SEV_POLICY_NOKS			(1U << 1)
#define SEV_POLICY_ES			(1U << 2)
#define SEV_POLICY_NOSEND		(1U << 3)
#define SEV_POLICY_DOMAIN		(1U << 4)
#define SEV_POLICY_SEV			(1U << 5)
#define SEV_POLICY_API_MAJOR_SHIFT	16
#define SEV_POLICY_API_MINOR_SHIFT	24

/* Guest states reported by KVM_SEV_GUEST_STATUS (SEV API GSTATE). */
#define SEV_LAUNCH_GSTATE_UNINIT	0
#define SEV_LAUNCH_GSTATE_LUPDATE	1
#define SEV_LAUNCH_GSTATE_LSECRET	2
#define SEV_LAUNCH_GSTATE_RUNNING	3
#define SEV_LAUNCH_GSTATE_SUPDATE	4
#define SEV_LAUNCH_GSTATE_RUPDATE	5
#define SEV_LAUNCH_GSTATE_SENT		6

/* Sizes of the fixed-format blobs exchanged with the firmware. */
#define SEV_LAUNCH_VMSA_SIZE		4096
#define SEV_LAUNCH_CERT_SIZE		2084
#define SEV_LAUNCH_SESSION_SIZE		128
#define SEV_LAUNCH_MEASURE_SIZE		48
#define SEV_LAUNCH_SECRET_HDR_SIZE	52
#define SEV_LAUNCH_BLOB_MAX		16384

/* VMSA sev_features bit that upstream KVM once set by default. */
#define SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP	(1ULL << 5)
/* VMSA sev_features bit SNPActive: set in every SEV-SNP guest's VMSA. */
#define SEV_LAUNCH_VMSA_FEAT_SNP_ACTIVE	(1ULL << 0)

/*
 * sev-launch command ids for kvm_sev_cmd.id.  They are issued with
 * KVM_MEMORY_ENCRYPT_OP like upstream's, on the fd named for each.
 */
enum sev_launch_cmd_id {
	/* VM fd, after INIT/ES_INIT/INIT2 and before LAUNCH_START. */
	KVM_SEV_LAUNCH_CONFIG = 200,
	/* VM fd, any time after LAUNCH_START. */
	KVM_SEV_LAUNCH_GET_LOG = 201,
	/* vCPU fd, once LAUNCH_UPDATE_VMSA was accepted for that vCPU. */
	KVM_SEV_VCPU_GET_VMSA = 202,
	/* VM fd, any time. */
	KVM_SEV_GET_CAPS = 203,
	/* VM fd of a KVM_X86_SNP_VM, any time after KVM_SEV_INIT2. */
	KVM_SEV_SNP_LAUNCH_GET_LOG = 204,
};

/*
 * Why the kernel refused a launch command before the firmware saw it.
 * kvm_sev_cmd.error carries one of these (all above 0xffff, so they never
 * collide with a 16-bit firmware status) when sev-launch's own checks fail;
 * refusals upstream KVM also makes (bad pointer, bad length) keep error 0.
 */
enum sev_launch_err {
	SEV_LAUNCH_ERR_STATE = 0x10001,	/* command not valid in this launch state */
	SEV_LAUNCH_ERR_FINISHED,	/* launch already finished */
	SEV_LAUNCH_ERR_OVERLAP,		/* data range overlaps a recorded one */
	SEV_LAUNCH_ERR_NO_MEMSLOT,	/* data range not inside one memslot */
	SEV_LAUNCH_ERR_VMSA_DUP,	/* this vCPU's VMSA was already given */
	SEV_LAUNCH_ERR_VMSA_MISSING,	/* a vCPU has no VMSA at LAUNCH_MEASURE */
	SEV_LAUNCH_ERR_FEATURES,	/* sev_features not allowed for this VM */
	SEV_LAUNCH_ERR_NOT_ES,		/* VMSA command on a plain SEV VM */
	SEV_LAUNCH_ERR_MEMLOCK,		/* pinning exceeds RLIMIT_MEMLOCK */
	SEV_LAUNCH_ERR_SEV_FD,		/* fd is not /dev/sev (or was closed) */
	SEV_LAUNCH_ERR_CONFIG,		/* bad or late KVM_SEV_LAUNCH_CONFIG */
	SEV_LAUNCH_ERR_FEATURES_VM,	/* sev_features differ from the VM's */
	SEV_LAUNCH_ERR_VMSA_DEBUG,	/* VMSA page's DR7 enables debug state */
	SEV_LAUNCH_ERR_ALIAS,		/* one data range maps a page twice */
	SEV_LAUNCH_ERR_MEMTYPE,		/* memory cannot be pinned until replay */
	SEV_LAUNCH_ERR_VMSA_VMPL,	/* SNP VMSA page's VMPL is not 0 */
	SEV_LAUNCH_ERR_VMSA_RESERVED,	/* SNP VMSA page has a reserved field set */
	SEV_LAUNCH_ERR_SNP_GONE,	/* recorded page left guest_memfd or the RMP */
};

/*
 * KVM_SEV_LAUNCH_UPDATE_VMSA on a vCPU fd takes a pointer to
 * struct kvm_sev_vcpu_update_vmsa (or 0 for "sync from registers").  On the
 * VM fd, LAUNCH_UPDATE_VMSA keeps upstream's meaning: all vCPUs, synced from
 * their registers, no parameter structure.
 */

/* Launch configuration flags (struct kvm_sev_launch_config.flags). */
#define KVM_SEV_LAUNCH_F_CANONICAL	(1U << 0)

/* VMSA FPU flavour for VMSAs synced from vCPU registers. */
#define KVM_SEV_VMSA_FPU_DEFAULT	0	/* upstream rule: ES_INIT none, INIT2 full */
#define KVM_SEV_VMSA_FPU_NONE		1	/* x87/SSE area left zero (ES_INIT) */
#define KVM_SEV_VMSA_FPU_SYNC		2	/* x87/SSE/AVX state copied (INIT2) */

/**
 * struct kvm_sev_launch_config - KVM_SEV_LAUNCH_CONFIG parameters
 * @flags: KVM_SEV_LAUNCH_F_* bits; unknown bits are refused with -EINVAL
 * @vmsa_fpu: KVM_SEV_VMSA_FPU_*; which FPU state a register-synced VMSA
 *	carries, so the measured bytes never depend on the kernel version
 * @reserved: must be zero
 *
 * With KVM_SEV_LAUNCH_F_CANONICAL the kernel records LAUNCH_UPDATE_DATA and
 * LAUNCH_UPDATE_VMSA instead of passing them to the firmware, and replays them
 * at LAUNCH_MEASURE: all data ranges sorted by guest physical address, then
 * every vCPU's VMSA sorted by vCPU id.  The launch digest then depends only on
 * the guest's contents.  Without this command a VM keeps upstream's
 * behaviour, so existing measurements do not change.
 */
struct kvm_sev_launch_config {
	__u32 flags;
	__u32 vmsa_fpu;
	__u64 reserved[3];
};

/* Flags of struct kvm_sev_vcpu_update_vmsa. */
#define KVM_SEV_VMSA_F_PAGE		(1U << 0)	/* vmsa_uaddr is a full page */

/**
 * struct kvm_sev_vcpu_update_vmsa - LAUNCH_UPDATE_VMSA on a vCPU fd
 * @vmsa_uaddr: with KVM_SEV_VMSA_F_PAGE, user address of a 4096-byte VMSA
 *	page that is measured byte for byte; otherwise must be 0 and the VMSA
 *	is synced from the vCPU's registers
 * @vmsa_len: 4096 with KVM_SEV_VMSA_F_PAGE, else 0
 * @flags: KVM_SEV_VMSA_F_* bits
 * @sev_features: with a synced VMSA, the sev_features value to put in it;
 *	must equal the VM's (KVM_SEV_INIT2's vmsa_features, 0 for
 *	KVM_SEV_ES_INIT), since KVM handles every vCPU by the VM's features.
 *	Ignored with a caller page, whose sev_features field (offset 0x3b0)
 *	must equal the VM's instead
 * @reserved: must be zero
 *
 * May be issued from any thread, in any vCPU order.  In canonical mode it is
 * recorded and replayed at LAUNCH_MEASURE; otherwise it goes to the firmware
 * immediately for this vCPU only.
 */
struct kvm_sev_vcpu_update_vmsa {
	__u64 vmsa_uaddr;
	__u32 vmsa_len;
	__u32 flags;
	__u64 sev_features;
	__u64 reserved[2];
};

/* Kinds of struct kvm_sev_launch_log_entry. */
#define KVM_SEV_LOG_DATA		1
#define KVM_SEV_LOG_VMSA		2

/*
 * kvm_sev_launch_log.flags: default mode keeps a bounded number of entries
 * (16384); this bit says later ones were dropped.  The launch digest still
 * covers every measured byte.
 */
#define KVM_SEV_LOG_F_TRUNCATED		(1U << 31)

/**
 * struct kvm_sev_launch_log_entry - one measured item
 * @kind: KVM_SEV_LOG_DATA or KVM_SEV_LOG_VMSA
 * @vcpu_id: for VMSA entries the vCPU id, else 0
 * @gpa: for data entries the guest physical address, else 0
 * @len: number of bytes added to the launch digest
 * @sha256: SHA-256 of exactly those bytes
 * @reserved: zero
 *
 * Entries appear in the order the firmware measured them, so the launch
 * digest is SHA-256 over the concatenation of the measured bytes in log
 * order.
 */
struct kvm_sev_launch_log_entry {
	__u32 kind;
	__u32 vcpu_id;
	__u64 gpa;
	__u64 len;
	__u8 sha256[32];
	__u64 reserved;
};

/**
 * struct kvm_sev_launch_log - KVM_SEV_LAUNCH_GET_LOG parameters
 * @entries_uaddr: user array of struct kvm_sev_launch_log_entry, or 0
 * @nr_entries: in: capacity of the array; out: number of entries in the log
 * @flags: out: KVM_SEV_LAUNCH_F_* the VM was configured with, plus
 *	KVM_SEV_LOG_F_TRUNCATED
 * @launch_digest: out: SHA-256 launch digest once measured, else zero
 */
struct kvm_sev_launch_log {
	__u64 entries_uaddr;
	__u32 nr_entries;
	__u32 flags;
	__u8 launch_digest[32];
};

/**
 * struct kvm_sev_vcpu_vmsa - KVM_SEV_VCPU_GET_VMSA parameters (vCPU fd)
 * @uaddr: user buffer receiving the 4096 bytes that were (or will be)
 *	measured for this vCPU
 * @len: in: buffer size (at least 4096); out: 4096
 * @pad0: reserved
 */
struct kvm_sev_vcpu_vmsa {
	__u64 uaddr;
	__u32 len;
	__u32 pad0;
};

/**
 * struct kvm_sev_caps - KVM_SEV_GET_CAPS result
 * @policy_bits: guest policy bits the platform accepts
 * @launch_flags: KVM_SEV_LAUNCH_F_* bits supported
 * @vmsa_features: sev_features bits a VMSA may carry
 * @api_major: firmware API major version
 * @api_minor: firmware API minor version
 * @build: firmware build id
 * @pad0: reserved
 * @reserved: reserved
 */
struct kvm_sev_caps {
	__u32 policy_bits;
	__u32 launch_flags;
	__u64 vmsa_features;
	__u8 api_major;
	__u8 api_minor;
	__u8 build;
	__u8 pad0;
	__u32 reserved[5];
};

/*
 * SEV-SNP launch log.  Every SNP_LAUNCH_UPDATE the firmware accepted gives
 * one entry, in the order the firmware measured them (call order in default
 * mode; in canonical mode pages by ascending GPA, then VMSAs by ascending
 * vCPU id).  The launch digest is the firmware's PAGE_INFO chain:
 *
 *	ld = 48 zero bytes
 *	for each entry: ld = SHA-384(ld || contents || le16(0x70) || type ||
 *				     0 (IMI) || 0, 0, 0 (VMPL3..1 perms) || 0 ||
 *				     le64(gpa))
 *
 * where contents is the entry's sha384 (all zero unless type is NORMAL or
 * VMSA).  sev-launch's KVM path always measures 4 KiB pages at VMPL0.
 */
#define KVM_SEV_SNP_LOG_PAGE_TYPE_VMSA	0x2	/* firmware value; log only */
#define KVM_SEV_SNP_VMSA_GPA		0xFFFFFFFFF000ULL /* GPA of a VMSA */

/**
 * struct kvm_sev_snp_log_entry - one page the firmware measured
 * @page_type: KVM_SEV_SNP_PAGE_TYPE_* or KVM_SEV_SNP_LOG_PAGE_TYPE_VMSA
 * @pad0: zero
 * @vcpu_id: for a VMSA the vCPU id, else 0
 * @gpa: guest physical address (KVM_SEV_SNP_VMSA_GPA for a VMSA)
 * @sha384: SHA-384 of the measured page for NORMAL and VMSA pages, else 0
 * @reserved: zero
 */
struct kvm_sev_snp_log_entry {
	__u8 page_type;
	__u8 pad0[3];
	__u32 vcpu_id;
	__u64 gpa;
	__u8 sha384[48];
	__u64 reserved;
};

/**
 * struct kvm_sev_snp_launch_log - KVM_SEV_SNP_LAUNCH_GET_LOG parameters
 * @entries_uaddr: user array of struct kvm_sev_snp_log_entry, or 0
 * @nr_entries: in: capacity of the array; out: number of entries in the log
 * @flags: out: KVM_SEV_LAUNCH_F_CANONICAL if the VM launches in canonical
 *	order, KVM_SEV_LOG_F_TRUNCATED if entries were dropped, and
 *	KVM_SEV_SNP_LOG_F_FINISHED once SNP_LAUNCH_FINISH succeeded
 * @launch_digest: out: the PAGE_INFO chain over the logged entries so far
 *	(the report's MEASUREMENT once KVM_SEV_LOG_F_TRUNCATED is clear and
 *	the launch finished)
 */
struct kvm_sev_snp_launch_log {
	__u64 entries_uaddr;
	__u32 nr_entries;
	__u32 flags;
	__u8 launch_digest[48];
};

#define KVM_SEV_SNP_LOG_F_FINISHED	(1U << 30)

#endif /* _UAPI_LINUX_SEV_LAUNCH_H */
