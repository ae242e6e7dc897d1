// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: the firmware commands the driver issues and the size of each
 * command buffer (SEV API and SNP Firmware ABI; the same sizes upstream's
 * sev_cmd_buffer_len() uses for these commands).  A command missing here is refused before the
 * mailbox is touched.
 */
#include <linux/kernel.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/kunit.h>

#include "mbox.h"

#define SEVL_C(cmd, type, g) {						\
	.id = SEVL_CMD_##cmd, .len = sizeof(type), .guest = (g),	\
	.name = #cmd }
#define SEVL_C0(cmd) { .id = SEVL_CMD_##cmd, .name = #cmd }

/* ATTESTATION_REPORT: handle, rsvd, address, mnonce[16], len (SEV API). */
struct sevl_psp_attestation_report {
	u32 handle;
	u32 rsvd;
	u64 address;
	u8 mnonce[16];
	u32 len;
} __packed;

const struct sevl_cmd_info sevl_cmd_table[] = {
	SEVL_C(INIT, struct sevl_fw_init, false),
	SEVL_C0(SHUTDOWN),
	SEVL_C0(FACTORY_RESET),
	SEVL_C(PLATFORM_STATUS, struct sevl_fw_platform_status, false),
	SEVL_C0(PEK_GEN),
	SEVL_C(PEK_CSR, struct sevl_fw_addr_len, false),
	SEVL_C(PEK_CERT_IMPORT, struct sevl_fw_pek_cert_import, false),
	SEVL_C(PDH_CERT_EXPORT, struct sevl_fw_pdh_cert_export, false),
	SEVL_C0(PDH_GEN),
	SEVL_C0(DF_FLUSH),
	SEVL_C(DOWNLOAD_FIRMWARE, struct sevl_fw_addr_len, false),
	SEVL_C(GET_ID, struct sevl_fw_addr_len, false),
	SEVL_C(INIT_EX, struct sevl_fw_init_ex, false),
	SEVL_C(DECOMMISSION, struct sevl_fw_handle, true),
	SEVL_C(ACTIVATE, struct sevl_fw_activate, true),
	SEVL_C(DEACTIVATE, struct sevl_fw_handle, true),
	SEVL_C(GUEST_STATUS, struct sevl_fw_guest_status, true),
	SEVL_C(LAUNCH_START, struct sevl_fw_launch_start, true),
	SEVL_C(LAUNCH_UPDATE_DATA, struct sevl_fw_launch_update, true),
	SEVL_C(LAUNCH_UPDATE_VMSA, struct sevl_fw_launch_update, true),
	SEVL_C(LAUNCH_MEASURE, struct sevl_fw_launch_measure, true),
	SEVL_C(LAUNCH_UPDATE_SECRET, struct sevl_fw_launch_secret, true),
	SEVL_C(LAUNCH_FINISH, struct sevl_fw_handle, true),
	SEVL_C(ATTESTATION_REPORT, struct sevl_psp_attestation_report, true),
	SEVL_C(DBG_DECRYPT, struct sevl_fw_dbg, true),
	SEVL_C(DBG_ENCRYPT, struct sevl_fw_dbg, true),
	/* SEV-SNP platform, page and guest launch commands. */
	SEVL_C0(SNP_INIT),
	SEVL_C0(SNP_SHUTDOWN),
	SEVL_C(SNP_PLATFORM_STATUS, struct sevl_snp_addr, false),
	SEVL_C0(SNP_DF_FLUSH),
	SEVL_C(SNP_INIT_EX, struct sevl_snp_init_ex, false),
	SEVL_C(SNP_SHUTDOWN_EX, struct sevl_snp_shutdown_ex, false),
	SEVL_C(SNP_PAGE_RECLAIM, struct sevl_snp_page_reclaim, false),
	SEVL_C(SNP_PAGE_UNSMASH, struct sevl_snp_page_reclaim, false),
	SEVL_C(SNP_CONFIG, struct sevl_snp_config, false),
	SEVL_C(SNP_COMMIT, struct sevl_snp_commit, false),
	SEVL_C(SNP_VLEK_LOAD, struct sev_user_data_snp_vlek_load, false),
	SEVL_C(SNP_DECOMMISSION, struct sevl_snp_addr, false),
	SEVL_C(SNP_ACTIVATE, struct sevl_snp_activate, false),
	SEVL_C(SNP_GCTX_CREATE, struct sevl_snp_addr, false),
	SEVL_C(SNP_LAUNCH_START, struct sevl_snp_launch_start, false),
	SEVL_C(SNP_LAUNCH_UPDATE, struct sevl_snp_launch_update, false),
	SEVL_C(SNP_LAUNCH_FINISH, struct sevl_snp_launch_finish, false),
};

SEVL_EXPORT_FOR_KUNIT(sevl_cmd_table);

const unsigned int sevl_cmd_table_len = ARRAY_SIZE(sevl_cmd_table);

static_assert(sizeof(struct sevl_psp_attestation_report) == 36);
static_assert(ARRAY_SIZE(sevl_cmd_table) <=
	      ARRAY_SIZE(((struct sevl_mbox_stats *)0)->cmd));

/**
 * sevl_cmd_lookup() - find a firmware command in the driver's table
 * @id: command id
 *
 * Return: the entry, or NULL if the driver does not issue @id.
 */
const struct sevl_cmd_info *sevl_cmd_lookup(u32 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sevl_cmd_table); i++)
		if (sevl_cmd_table[i].id == id)
			return &sevl_cmd_table[i];
	return NULL;
}

SEVL_EXPORT_FOR_KUNIT(sevl_cmd_lookup);
