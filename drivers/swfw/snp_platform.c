// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: SEV-SNP platform commands.
 *
 * SNP platform states: UNINIT until SNP_INIT/SNP_INIT_EX, INIT until
 * SNP_SHUTDOWN(_EX).  SNP and the SEV-legacy platform (fw->state) coexist
 * in the order upstream Linux uses them: SNP_INIT only while SEV-legacy is
 * UNINIT, SNP_SHUTDOWN only once SEV-legacy is UNINIT again; while SNP is
 * INIT a legacy INIT needs its SEV-ES TMR 2 MiB aligned, 2 MiB long and in
 * the Firmware page state, and its INIT_EX NV area in the Firmware state.
 * ASIDs are shared: one table (fw->asids) for legacy and SNP guests, and
 * legacy INIT/SHUTDOWN leave the ASIDs of SNP guests alone.
 */
#include <linux/kernel.h>
#include <linux/bitfield.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "fw.h"

/*
 * TCB of the emulated firmware (TCB_VERSION fields).  Arbitrary but fixed,
 * so that reports and VCEK certificates are reproducible.
 */
#define SEVL_SNP_TCB_BL_SVN	4
#define SEVL_SNP_TCB_TEE_SVN	0
#define SEVL_SNP_TCB_SNP_SVN	23
#define SEVL_SNP_TCB_UCODE_SVN	213

/* Most ranges SNP_INIT_EX accepts: one page of RANGE_LIST. */
#define SEVL_SNP_MAX_RANGES \
	((SEVL_SNP_PAGE_SIZE - sizeof(struct sevl_snp_range_list)) / \
	 sizeof(struct sevl_snp_range))
/* Legacy SEV-ES TMR while SNP is initialised (sev-dev.c SNP_TMR_SIZE). */
#define SEVL_SNP_TMR_SIZE	0x200000

static u64 sevl_snp_tcb(u8 bl, u8 tee, u8 snp, u8 ucode)
{
	return FIELD_PREP(SEVL_SNP_TCB_BOOTLOADER, bl) |
	       FIELD_PREP(SEVL_SNP_TCB_TEE, tee) |
	       FIELD_PREP(SEVL_SNP_TCB_SNP, snp) |
	       FIELD_PREP(SEVL_SNP_TCB_MICROCODE, ucode);
}

/**
 * sevl_snp_create() - set up the SNP part of a new firmware instance
 * @fw: firmware, zeroed, with its parameters
 *
 * SNP starts UNINIT with an uninitialised RMP.  The caller sets the
 * CHIP_ID: the GET_ID value of socket 0, so SEV and SNP name one chip.
 *
 * Return: 0.
 */
int sevl_snp_create(struct sevl_fw *fw)
{
	struct sevl_snp_platform *s = &fw->snp;

	xa_init(&s->rmp);
	xa_init(&s->guests);
	s->state = SEVL_SNP_PSTATE_UNINIT;
	s->api_major = SEVL_SNP_API_MAJOR;
	s->api_minor = SEVL_SNP_API_MINOR;
	s->build = fw->p.build;
	s->current_tcb = sevl_snp_tcb(SEVL_SNP_TCB_BL_SVN, SEVL_SNP_TCB_TEE_SVN,
				      SEVL_SNP_TCB_SNP_SVN,
				      SEVL_SNP_TCB_UCODE_SVN);
	s->reported_tcb = s->current_tcb;
	s->committed_tcb = s->current_tcb;
	s->launch_tcb = s->current_tcb;
	s->committed_api_major = s->api_major;
	s->committed_api_minor = s->api_minor;
	s->committed_build = s->build;
	s->config.reported_tcb = s->current_tcb;
	return 0;
}

/**
 * sevl_snp_destroy() - free the SNP state: guests (keys wiped) and RMP
 * @fw: firmware
 */
void sevl_snp_destroy(struct sevl_fw *fw)
{
	sevl_snp_guests_clear(fw);
	sevl_snp_rmp_reset(fw);
	xa_destroy(&fw->snp.guests);
	xa_destroy(&fw->snp.rmp);
}

/**
 * sevl_snp_asid_is_snp() - whether an SNP guest holds an ASID
 * @fw: firmware
 * @asid: ASID
 *
 * Return: true if an SNP guest is bound to @asid.
 */
bool sevl_snp_asid_is_snp(struct sevl_fw *fw, u32 asid)
{
	struct sevl_snp_guest *g;
	unsigned long idx;

	xa_for_each(&fw->snp.guests, idx, g)
		if (g->asid == asid)
			return true;
	return false;
}

/**
 * sevl_snp_dirty_legacy_asids() - legacy INIT/SHUTDOWN: ASIDs need DF_FLUSH
 * @fw: firmware
 *
 * Every ASID not bound to an SNP guest may hold stale cache lines.
 */
void sevl_snp_dirty_legacy_asids(struct sevl_fw *fw)
{
	u32 i;

	for (i = 0; i < fw->p.nr_asids; i++)
		if (!fw->snp.guest_count || !sevl_snp_asid_is_snp(fw, i + 1))
			fw->asids[i] = SEVL_ASID_DIRTY;
}

/**
 * sevl_snp_legacy_init_check() - what legacy INIT needs once SNP is INIT
 * @fw: firmware
 * @flags: INIT flags
 * @tmr_pa: SEV-ES TMR address
 * @tmr_len: SEV-ES TMR length
 *
 * While SNP is INIT the SEV-ES TMR must be 2 MiB aligned (INVALID_ADDRESS),
 * 2 MiB long (INVALID_LEN) and every page of it in the Firmware state
 * (INVALID_PAGE_STATE), as upstream sev-dev.c prepares it.
 *
 * Return: SEV status.
 */
u16 sevl_snp_legacy_init_check(struct sevl_fw *fw, u32 flags, u64 tmr_pa,
			       u32 tmr_len)
{
	if (fw->snp.state != SEVL_SNP_PSTATE_INIT ||
	    !(flags & SEVL_INIT_FLAGS_ES))
		return SEV_RET_SUCCESS;
	if (!tmr_pa || !IS_ALIGNED(tmr_pa, SEVL_SNP_TMR_SIZE))
		return SEV_RET_INVALID_ADDRESS;
	if (tmr_len != SEVL_SNP_TMR_SIZE)
		return SEV_RET_INVALID_LEN;
	return sevl_snp_rmp_check_state(fw, tmr_pa, tmr_len, SEVL_RMP_FIRMWARE);
}

static void sevl_snp_dirty_all(struct sevl_fw *fw)
{
	memset(fw->asids, SEVL_ASID_DIRTY, fw->p.nr_asids);
}

/* HV-Fixed ranges of an SNP_INIT_EX range list. */
static u16 sevl_snp_read_ranges(struct sevl_fw *fw, u64 pa)
{
	struct sevl_snp_range_list hdr;
	struct sevl_snp_range r;
	u32 i;
	u16 ret;

	ret = sevl_fw_read(fw, pa, &hdr, sizeof(hdr));
	if (ret)
		return ret;
	if (hdr.num_elements > SEVL_SNP_MAX_RANGES)
		return SEV_RET_INVALID_PARAM;
	for (i = 0; i < hdr.num_elements; i++) {
		ret = sevl_fw_read(fw, pa + sizeof(hdr) + i * sizeof(r), &r,
				   sizeof(r));
		if (ret)
			return ret;
		if (!IS_ALIGNED(r.base, SEVL_SNP_PAGE_SIZE))
			return SEV_RET_INVALID_ADDRESS;
		if (sevl_snp_rmp_add_fixed(fw, r.base >> PAGE_SHIFT,
					   r.page_count))
			return SEV_RET_RESOURCE_LIMIT;
	}
	return SEV_RET_SUCCESS;
}

static u16 sevl_snp_do_init(struct sevl_fw *fw, u32 flags, u64 list_pa)
{
	struct sevl_snp_platform *s = &fw->snp;
	u16 ret;

	if (s->state != SEVL_SNP_PSTATE_UNINIT ||
	    fw->state != SEVL_PSTATE_UNINIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	if (!(flags & SEVL_SNP_INIT_RMP) && !s->rmp_init)
		return SEV_RET_RMP_INIT_REQUIRED;
	if (flags & SEVL_SNP_INIT_RMP) {
		sevl_snp_rmp_reset(fw);
		if (flags & SEVL_SNP_INIT_LIST_EN) {
			ret = sevl_snp_read_ranges(fw, list_pa);
			if (ret) {
				sevl_snp_rmp_reset(fw);
				return ret;
			}
		}
	}
	s->rmp_init = true;
	s->launch_tcb = s->current_tcb;
	sevl_snp_dirty_all(fw);
	s->state = SEVL_SNP_PSTATE_INIT;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_snp_init() - SNP_INIT: initialise SNP and the RMP
 * @fw: firmware
 * @cmd: unused (no command buffer)
 *
 * SNP and SEV-legacy both UNINIT (INVALID_PLATFORM_STATE).  The RMP is
 * initialised: every page becomes Hypervisor.  Every ASID needs a DF_FLUSH.
 *
 * Return: SEV status.
 */
u16 sevl_snp_init(struct sevl_fw *fw, void *cmd)
{
	return sevl_snp_do_init(fw, SEVL_SNP_INIT_RMP, 0);
}

/**
 * sevl_snp_init_ex() - SNP_INIT_EX: SNP_INIT with options
 * @fw: firmware
 * @cmd: struct sevl_snp_init_ex
 *
 * Reserved bits and fields must be zero (INVALID_PARAM).  Without INIT_RMP
 * the RMP is kept as the last SNP_SHUTDOWN left it, which needs an RMP
 * initialised before (RMP_INIT_REQUIRED).  With INIT_RMP and LIST_PADDR_EN
 * the pages of the RANGE_LIST (at most one page of it: INVALID_PARAM;
 * bases 4 KiB aligned: INVALID_ADDRESS) become HV-Fixed.
 *
 * Return: SEV status.
 */
u16 sevl_snp_init_ex(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_init_ex *c = cmd;

	if ((c->flags & ~(SEVL_SNP_INIT_RMP | SEVL_SNP_INIT_LIST_EN)) ||
	    c->rsvd1 || memchr_inv(c->rsvd2, 0, sizeof(c->rsvd2)))
		return SEV_RET_INVALID_PARAM;
	if ((c->flags & SEVL_SNP_INIT_LIST_EN) &&
	    !(c->flags & SEVL_SNP_INIT_RMP))
		return SEV_RET_INVALID_PARAM;
	return sevl_snp_do_init(fw, c->flags, c->list_paddr);
}

static u16 sevl_snp_do_shutdown(struct sevl_fw *fw)
{
	struct sevl_snp_platform *s = &fw->snp;
	u32 i;

	if (s->state == SEVL_SNP_PSTATE_UNINIT)
		return SEV_RET_SUCCESS;
	if (fw->state != SEVL_PSTATE_UNINIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	for (i = 0; i < fw->p.nr_asids; i++)
		if (fw->asids[i] == SEVL_ASID_DIRTY)
			return SEV_RET_DFFLUSH_REQUIRED;
	sevl_snp_guests_clear(fw);
	sevl_snp_dirty_all(fw);
	s->state = SEVL_SNP_PSTATE_UNINIT;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_snp_shutdown() - SNP_SHUTDOWN: back to SNP UNINIT
 * @fw: firmware
 * @cmd: unused (no command buffer)
 *
 * See sevl_snp_shutdown_ex(), without options.
 *
 * Return: SEV status.
 */
u16 sevl_snp_shutdown(struct sevl_fw *fw, void *cmd)
{
	return sevl_snp_do_shutdown(fw);
}

/**
 * sevl_snp_shutdown_ex() - SNP_SHUTDOWN_EX
 * @fw: firmware
 * @cmd: struct sevl_snp_shutdown_ex
 *
 * LEN must be 8 (INVALID_LEN), reserved bits zero (INVALID_PARAM).  A no-op
 * while SNP is UNINIT.  SEV-legacy must be UNINIT (INVALID_PLATFORM_STATE);
 * an ASID waiting for a flush gives DFFLUSH_REQUIRED (upstream sev-dev.c
 * then issues SNP_DF_FLUSH and retries).  Every SNP guest context is
 * deleted (its page back to Firmware), the RMP is kept for an SNP_INIT_EX
 * without INIT_RMP.  IOMMU_SNP_SHUTDOWN has nothing to act on in the model.
 *
 * Return: SEV status.
 */
u16 sevl_snp_shutdown_ex(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_shutdown_ex *c = cmd;

	if (c->len != sizeof(*c))
		return SEV_RET_INVALID_LEN;
	if (c->flags & ~SEVL_SNP_SHUTDOWN_IOMMU)
		return SEV_RET_INVALID_PARAM;
	return sevl_snp_do_shutdown(fw);
}

/**
 * sevl_snp_platform_status() - SNP_PLATFORM_STATUS
 * @fw: firmware
 * @cmd: struct sevl_snp_addr: where to write struct sevl_snp_status
 *
 * Any state.  While SNP is INIT the status page must be in the Firmware
 * state (INVALID_PAGE_STATE, upstream sev-dev.c) and is left in the Reclaim
 * state on success.
 *
 * Return: SEV status.
 */
u16 sevl_snp_platform_status(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_addr *c = cmd;
	struct sevl_snp_platform *s = &fw->snp;
	struct sevl_snp_rmpe e = { .state = SEVL_RMP_RECLAIM };
	struct sevl_snp_status st = {};
	bool init = s->state == SEVL_SNP_PSTATE_INIT;
	u64 pa = c->address;
	u16 ret;

	if (pa + sizeof(st) - 1 < pa)
		return SEV_RET_INVALID_ADDRESS;
	if (init) {
		ret = sevl_snp_rmp_check_state(fw, pa, sizeof(st),
					       SEVL_RMP_FIRMWARE);
		if (ret)
			return ret;
	}
	st.api_major = s->api_major;
	st.api_minor = s->api_minor;
	st.state = s->state;
	st.rmp_flags = s->rmp_init ? SEVL_SNP_STATUS_RMP_INIT : 0;
	st.build_id = s->build;
	if (s->config.mask_chip_id)
		st.flags |= SEVL_SNP_STATUS_MASK_CHIP_ID;
	if (s->config.mask_chip_key)
		st.flags |= SEVL_SNP_STATUS_MASK_CHIP_KEY;
	st.guest_count = s->guest_count;
	st.current_tcb = s->current_tcb;
	st.reported_tcb = s->reported_tcb;
	ret = sevl_fw_write(fw, pa, &st, sizeof(st));
	if (ret || !init)
		return ret;
	sevl_snp_rmp_set(fw, pa >> PAGE_SHIFT, &e);
	if ((pa + sizeof(st) - 1) >> PAGE_SHIFT != pa >> PAGE_SHIFT)
		sevl_snp_rmp_set(fw, (pa >> PAGE_SHIFT) + 1, &e);
	return SEV_RET_SUCCESS;
}

/**
 * sevl_snp_df_flush() - SNP_DF_FLUSH: make released ASIDs reusable
 * @fw: firmware
 * @cmd: unused
 *
 * SNP INIT (INVALID_PLATFORM_STATE).  As the legacy DF_FLUSH, for every
 * ASID (one CCX): the model does not track WBINVD, so WBINVD_REQUIRED
 * never occurs.
 *
 * Return: SEV status.
 */
u16 sevl_snp_df_flush(struct sevl_fw *fw, void *cmd)
{
	u32 i;

	if (fw->snp.state != SEVL_SNP_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	for (i = 0; i < fw->p.nr_asids; i++)
		if (fw->asids[i] == SEVL_ASID_DIRTY)
			fw->asids[i] = SEVL_ASID_CLEAN;
	return SEV_RET_SUCCESS;
}

static bool sevl_snp_tcb_le(u64 a, u64 b)
{
	return FIELD_GET(SEVL_SNP_TCB_BOOTLOADER, a) <=
	       FIELD_GET(SEVL_SNP_TCB_BOOTLOADER, b) &&
	       FIELD_GET(SEVL_SNP_TCB_TEE, a) <= FIELD_GET(SEVL_SNP_TCB_TEE, b) &&
	       FIELD_GET(SEVL_SNP_TCB_SNP, a) <= FIELD_GET(SEVL_SNP_TCB_SNP, b) &&
	       FIELD_GET(SEVL_SNP_TCB_MICROCODE, a) <=
	       FIELD_GET(SEVL_SNP_TCB_MICROCODE, b);
}

/**
 * sevl_snp_config() - SNP_CONFIG (SNP_SET_CONFIG): system-wide settings
 * @fw: firmware
 * @cmd: struct sevl_snp_config
 *
 * SNP INIT (INVALID_PLATFORM_STATE).  Reserved bits and bytes zero, and the
 * REPORTED_TCB no newer than the current TCB in any component
 * (INVALID_PARAM).  Sets the TCB reports carry and the MASK_CHIP_ID and
 * MASK_CHIP_KEY settings.
 *
 * Return: SEV status.
 */
u16 sevl_snp_config(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_config *c = cmd;
	struct sevl_snp_platform *s = &fw->snp;

	if (s->state != SEVL_SNP_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	if ((c->flags & ~(SEVL_SNP_CONFIG_MASK_CHIP_ID |
			  SEVL_SNP_CONFIG_MASK_CHIP_KEY)) ||
	    memchr_inv(c->rsvd, 0, sizeof(c->rsvd)) ||
	    (c->reported_tcb & SEVL_SNP_TCB_RSVD) ||
	    !sevl_snp_tcb_le(c->reported_tcb, s->current_tcb))
		return SEV_RET_INVALID_PARAM;
	s->config.reported_tcb = c->reported_tcb;
	s->config.mask_chip_id = c->flags & SEVL_SNP_CONFIG_MASK_CHIP_ID;
	s->config.mask_chip_key = c->flags & SEVL_SNP_CONFIG_MASK_CHIP_KEY;
	s->reported_tcb = c->reported_tcb;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_snp_commit() - SNP_COMMIT: commit the running firmware version
 * @fw: firmware
 * @cmd: struct sevl_snp_commit
 *
 * LEN must be 4 (INVALID_LEN); SNP INIT (INVALID_PLATFORM_STATE).  The
 * committed TCB and API version become the current ones, so no older
 * firmware could be loaded again.
 *
 * Return: SEV status.
 */
u16 sevl_snp_commit(struct sevl_fw *fw, void *cmd)
{
	struct sevl_snp_commit *c = cmd;
	struct sevl_snp_platform *s = &fw->snp;

	if (c->len != sizeof(*c))
		return SEV_RET_INVALID_LEN;
	if (s->state != SEVL_SNP_PSTATE_INIT)
		return SEV_RET_INVALID_PLATFORM_STATE;
	s->committed_tcb = s->current_tcb;
	s->committed_api_major = s->api_major;
	s->committed_api_minor = s->api_minor;
	s->committed_build = s->build;
	return SEV_RET_SUCCESS;
}
