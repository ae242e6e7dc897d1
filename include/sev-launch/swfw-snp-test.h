/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * TEST-ONLY debugfs hooks of the software SEV firmware's SNP model
 * (/sys/kernel/debug/sev-swfw/<n>/snp/test_launch and test_report):
 * binary formats shared by the kernel (drivers/swfw/snp_debugfs.c) and the
 * selftest (tests/selftests/swfw_snp_flow.c).  They exist only with the
 * software firmware; real hardware has nothing like them.  All fields are
 * little-endian (x86).
 *
 * test_launch: open, write one description, read the result once.
 *
 *	struct sevl_snp_test_launch
 *	[struct sevl_snp_test_id	if SEVL_SNP_TEST_ID_BLOCK]
 *	nr_records x { struct sevl_snp_test_page [+ 4096 bytes if has_data] }
 *
 * The hook allocates one host page per record, assigns it to the guest in
 * the emulated RMP, and runs SNP_LAUNCH_START, one SNP_LAUNCH_UPDATE per
 * record in order, SNP_LAUNCH_FINISH (SNP_INIT and SNP_ACTIVATE first as
 * needed); reading returns struct sevl_snp_test_launch_out.
 *
 * test_report: open, write struct sevl_snp_test_report_in, read struct
 * sevl_snp_test_report_out.  The hook plays the guest: it seals
 * MSG_REPORT_REQ with the VMPCK, issues SNP_GUEST_REQUEST and opens the
 * response.  The guest is named by exactly one of: the guest id test_launch
 * gave, its ASID, or the address of its guest context page (the last two
 * reach any SNP guest the firmware holds, e.g. one launched through KVM; see
 * snp/guests).  Writers of the first version of the structure (without
 * @asid, @rsvd2 and @gctx_paddr, SEVL_SNP_TEST_REPORT_IN_V1_SIZE bytes) are
 * still accepted and name the guest by its id.
 */
#ifndef _SEV_LAUNCH_SWFW_SNP_TEST_H
#define _SEV_LAUNCH_SWFW_SNP_TEST_H

#include <linux/types.h>

#define SEVL_SNP_TEST_MAGIC		0x54504e53	/* "SNPT" */
#define SEVL_SNP_TEST_ID_BLOCK		0x1	/* an ID block follows */
#define SEVL_SNP_TEST_AUTHOR_KEY	0x2	/* ... signed by an author key */
#define SEVL_SNP_TEST_MAX_RECORDS	4096
#define SEVL_SNP_TEST_PAGE		4096

/**
 * struct sevl_snp_test_launch - head of a launch description
 * @magic: SEVL_SNP_TEST_MAGIC
 * @flags: SEVL_SNP_TEST_ID_BLOCK, SEVL_SNP_TEST_AUTHOR_KEY
 * @policy: guest policy (SNP_LAUNCH_START)
 * @nr_records: pages that follow, at most SEVL_SNP_TEST_MAX_RECORDS
 * @rsvd: zero
 * @host_data: HOST_DATA of SNP_LAUNCH_FINISH
 * @gosvw: guest OS visible workarounds of SNP_LAUNCH_START
 */
struct sevl_snp_test_launch {
	__u32 magic;
	__u32 flags;
	__u64 policy;
	__u32 nr_records;
	__u32 rsvd;
	__u8 host_data[32];
	__u8 gosvw[16];
};

/**
 * struct sevl_snp_test_id - ID block and ID authentication structure
 * @id_block: ID_BLOCK (96 bytes)
 * @rsvd: zero
 * @id_auth: ID_AUTH_INFO (4096 bytes)
 */
struct sevl_snp_test_id {
	__u8 id_block[96];
	__u8 rsvd[32];
	__u8 id_auth[4096];
};

/**
 * struct sevl_snp_test_page - one SNP_LAUNCH_UPDATE
 * @page_type: PAGE_TYPE (1 NORMAL, 2 VMSA, 3 ZERO, 4 UNMEASURED,
 *	5 SECRETS, 6 CPUID)
 * @has_data: 1 if 4096 bytes of contents follow (else the page is zero)
 * @vmpl1_perms: VMPL1 permissions
 * @vmpl2_perms: VMPL2 permissions
 * @vmpl3_perms: VMPL3 permissions
 * @rsvd: zero
 * @gpa: guest physical address, page aligned
 */
struct sevl_snp_test_page {
	__u8 page_type;
	__u8 has_data;
	__u8 vmpl1_perms;
	__u8 vmpl2_perms;
	__u8 vmpl3_perms;
	__u8 rsvd[3];
	__u64 gpa;
};

/* Step numbers of sevl_snp_test_launch_out.status. */
#define SEVL_SNP_TEST_STEP_INIT		0	/* SNP_INIT, 0 if not needed */
#define SEVL_SNP_TEST_STEP_START	1
#define SEVL_SNP_TEST_STEP_ACTIVATE	2
#define SEVL_SNP_TEST_STEP_FINISH	3
#define SEVL_SNP_TEST_STEP_UPDATE	4	/* + record index */

/**
 * struct sevl_snp_test_launch_out - result of test_launch
 * @guest_id: handle for test_report, 0 if the launch failed
 * @failed_step: first step with a non-zero status, or ~0
 * @failed_status: its firmware status (SEV_RET_*), or a negative errno
 * @asid: ASID the hook bound
 * @ld: launch digest after the last step that ran (after FINISH: the
 *	MEASUREMENT of reports)
 * @nr_updates: SNP_LAUNCH_UPDATE commands that succeeded
 * @rsvd: zero
 */
struct sevl_snp_test_launch_out {
	__u32 guest_id;
	__u32 failed_step;
	__s32 failed_status;
	__u32 asid;
	__u8 ld[48];
	__u32 nr_updates;
	__u32 rsvd;
};

/**
 * struct sevl_snp_test_report_in - what test_report asks
 * @guest_id: from test_launch, or 0
 * @vmpck: VMPCK index 0-3 (the requester's VMPL)
 * @vmpl: VMPL of MSG_REPORT_REQ
 * @msg_version: MSG_REPORT_REQ version (1 or 2)
 * @key_sel: KEY_SEL of version 2
 * @rsvd: zero
 * @report_data: REPORT_DATA
 * @asid: the guest's ASID, or 0
 * @rsvd2: zero
 * @gctx_paddr: address of the guest's context page, or 0
 *
 * Exactly one of @guest_id, @asid and @gctx_paddr is non-zero.
 */
struct sevl_snp_test_report_in {
	__u32 guest_id;
	__u32 vmpck;
	__u32 vmpl;
	__u32 msg_version;
	__u32 key_sel;
	__u32 rsvd;
	__u8 report_data[64];
	__u32 asid;
	__u32 rsvd2;
	__u64 gctx_paddr;
};

/* Size of the first version, which ended at @report_data. */
#define SEVL_SNP_TEST_REPORT_IN_V1_SIZE	88

/**
 * struct sevl_snp_test_report_out - result of test_report
 * @fw_status: SNP_GUEST_REQUEST status (SEV_RET_*), or a negative errno
 * @status: MSG_REPORT_RSP STATUS
 * @report_size: MSG_REPORT_RSP REPORT_SIZE
 * @rsvd: zero
 * @req_seqno: sequence number of the request
 * @rsp_seqno: sequence number of the response
 * @report: the ATTESTATION_REPORT
 */
struct sevl_snp_test_report_out {
	__s32 fw_status;
	__u32 status;
	__u32 report_size;
	__u32 rsvd;
	__u64 req_seqno;
	__u64 rsp_seqno;
	__u8 report[0x4a0];
};

#endif /* _SEV_LAUNCH_SWFW_SNP_TEST_H */
