// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: instance lifetime, command dispatch and access to
 * physical memory.
 *
 * sevl_fw_execute() is what the PSP does when the host writes the command
 * register: it copies the command buffer from system memory into private
 * memory, runs the command, and copies the buffer back for the commands that
 * return data in it.  Every address and length in a command buffer is
 * untrusted; all memory is reached through struct sevl_fw_mem_ops.
 */
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <sev-launch/kunit.h>

#include "fw.h"
#include "perf.h"
#include "snp_msg.h"

/* When the (possibly updated) command buffer is copied back. */
enum sevl_fw_out {
	SEVL_OUT_NONE,		/* input only */
	SEVL_OUT_SUCCESS,	/* output on success */
	SEVL_OUT_ALWAYS,	/* output also on failure (lengths) */
};

struct sevl_fw_cmd_desc {
	u16 (*fn)(struct sevl_fw *fw, void *cmd);
	u8 len;
	u8 out;
};

#define SEVL_CMD(id, f, l, o) \
	[SEVL_CMD_##id] = { .fn = (f), .len = (l), .out = SEVL_OUT_##o }

static const struct sevl_fw_cmd_desc sevl_fw_cmds[] = {
	SEVL_CMD(INIT, sevl_fw_init, sizeof(struct sevl_fw_init), NONE),
	SEVL_CMD(SHUTDOWN, sevl_fw_shutdown, 0, NONE),
	SEVL_CMD(FACTORY_RESET, sevl_fw_factory_reset, 0, NONE),
	SEVL_CMD(PLATFORM_STATUS, sevl_fw_platform_status,
		 sizeof(struct sevl_fw_platform_status), SUCCESS),
	SEVL_CMD(PEK_GEN, sevl_fw_pek_gen, 0, NONE),
	SEVL_CMD(PEK_CSR, sevl_fw_pek_csr, sizeof(struct sevl_fw_addr_len),
		 ALWAYS),
	SEVL_CMD(PEK_CERT_IMPORT, sevl_fw_pek_cert_import,
		 sizeof(struct sevl_fw_pek_cert_import), NONE),
	SEVL_CMD(PDH_CERT_EXPORT, sevl_fw_pdh_cert_export,
		 sizeof(struct sevl_fw_pdh_cert_export), ALWAYS),
	SEVL_CMD(PDH_GEN, sevl_fw_pdh_gen, 0, NONE),
	SEVL_CMD(DF_FLUSH, sevl_fw_df_flush, 0, NONE),
	SEVL_CMD(GET_ID, sevl_fw_get_id, sizeof(struct sevl_fw_addr_len),
		 ALWAYS),
	SEVL_CMD(INIT_EX, sevl_fw_init_ex, sizeof(struct sevl_fw_init_ex),
		 NONE),
	SEVL_CMD(DECOMMISSION, sevl_fw_decommission,
		 sizeof(struct sevl_fw_handle), NONE),
	SEVL_CMD(ACTIVATE, sevl_fw_activate, sizeof(struct sevl_fw_activate),
		 NONE),
	SEVL_CMD(DEACTIVATE, sevl_fw_deactivate, sizeof(struct sevl_fw_handle),
		 NONE),
	SEVL_CMD(GUEST_STATUS, sevl_fw_guest_status,
		 sizeof(struct sevl_fw_guest_status), SUCCESS),
	SEVL_CMD(LAUNCH_START, sevl_fw_launch_start,
		 sizeof(struct sevl_fw_launch_start), SUCCESS),
	SEVL_CMD(LAUNCH_UPDATE_DATA, sevl_fw_launch_update_data,
		 sizeof(struct sevl_fw_launch_update), NONE),
	SEVL_CMD(LAUNCH_UPDATE_VMSA, sevl_fw_launch_update_vmsa,
		 sizeof(struct sevl_fw_launch_update), NONE),
	SEVL_CMD(LAUNCH_MEASURE, sevl_fw_launch_measure,
		 sizeof(struct sevl_fw_launch_measure), ALWAYS),
	SEVL_CMD(LAUNCH_UPDATE_SECRET, sevl_fw_launch_secret,
		 sizeof(struct sevl_fw_launch_secret), NONE),
	SEVL_CMD(LAUNCH_FINISH, sevl_fw_launch_finish,
		 sizeof(struct sevl_fw_handle), NONE),
	SEVL_CMD(DBG_DECRYPT, sevl_fw_dbg_decrypt, sizeof(struct sevl_fw_dbg),
		 NONE),
	SEVL_CMD(DBG_ENCRYPT, sevl_fw_dbg_encrypt, sizeof(struct sevl_fw_dbg),
		 NONE),
	/* SEV-SNP (snp_*.c); only with sevl_fw_params.snp. */
	SEVL_CMD(SNP_INIT, sevl_snp_init, 0, NONE),
	SEVL_CMD(SNP_SHUTDOWN, sevl_snp_shutdown, 0, NONE),
	SEVL_CMD(SNP_PLATFORM_STATUS, sevl_snp_platform_status,
		 sizeof(struct sevl_snp_addr), NONE),
	SEVL_CMD(SNP_DF_FLUSH, sevl_snp_df_flush, 0, NONE),
	SEVL_CMD(SNP_INIT_EX, sevl_snp_init_ex, sizeof(struct sevl_snp_init_ex),
		 NONE),
	SEVL_CMD(SNP_SHUTDOWN_EX, sevl_snp_shutdown_ex,
		 sizeof(struct sevl_snp_shutdown_ex), NONE),
	SEVL_CMD(SNP_DECOMMISSION, sevl_snp_decommission,
		 sizeof(struct sevl_snp_addr), NONE),
	SEVL_CMD(SNP_ACTIVATE, sevl_snp_activate,
		 sizeof(struct sevl_snp_activate), NONE),
	SEVL_CMD(SNP_GCTX_CREATE, sevl_snp_gctx_create,
		 sizeof(struct sevl_snp_addr), NONE),
	SEVL_CMD(SNP_LAUNCH_START, sevl_snp_launch_start,
		 sizeof(struct sevl_snp_launch_start), NONE),
	SEVL_CMD(SNP_LAUNCH_UPDATE, sevl_snp_launch_update,
		 sizeof(struct sevl_snp_launch_update), NONE),
	SEVL_CMD(SNP_LAUNCH_FINISH, sevl_snp_launch_finish,
		 sizeof(struct sevl_snp_launch_finish), NONE),
	SEVL_CMD(SNP_PAGE_RECLAIM, sevl_snp_page_reclaim,
		 sizeof(struct sevl_snp_page_reclaim), NONE),
	SEVL_CMD(SNP_CONFIG, sevl_snp_config, sizeof(struct sevl_snp_config),
		 NONE),
	SEVL_CMD(SNP_COMMIT, sevl_snp_commit, sizeof(struct sevl_snp_commit),
		 NONE),
	SEVL_CMD(SNP_GUEST_REQUEST, sevl_snp_guest_request,
		 sizeof(struct sevl_snp_guest_request), NONE),
};

/* First SEV-SNP command id: the SNP commands need sevl_fw_params.snp. */
#define SEVL_FW_FIRST_SNP_CMD	SEVL_CMD_SNP_INIT

/* Largest command buffer above. */
#define SEVL_FW_CMDBUF_MAX	64

/**
 * sevl_fw_read() - copy from system physical memory into firmware memory
 * @fw: firmware
 * @pa: physical address
 * @buf: destination
 * @len: number of bytes
 *
 * Return: SEV_RET_SUCCESS, or SEV_RET_INVALID_ADDRESS if the range wraps or
 * is not accessible memory.
 */
u16 sevl_fw_read(struct sevl_fw *fw, u64 pa, void *buf, size_t len)
{
	if (!len)
		return SEV_RET_SUCCESS;
	if (pa + len - 1 < pa)
		return SEV_RET_INVALID_ADDRESS;
	if (fw->p.mem->read(fw->p.mem_ctx, pa, buf, len))
		return SEV_RET_INVALID_ADDRESS;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_fw_write() - copy from firmware memory to system physical memory
 * @fw: firmware
 * @pa: physical address
 * @buf: source
 * @len: number of bytes
 *
 * Return: SEV_RET_SUCCESS, or SEV_RET_INVALID_ADDRESS if the range wraps or
 * is not accessible memory.
 */
u16 sevl_fw_write(struct sevl_fw *fw, u64 pa, const void *buf, size_t len)
{
	if (!len)
		return SEV_RET_SUCCESS;
	if (pa + len - 1 < pa)
		return SEV_RET_INVALID_ADDRESS;
	if (fw->p.mem->write(fw->p.mem_ctx, pa, buf, len))
		return SEV_RET_INVALID_ADDRESS;
	return SEV_RET_SUCCESS;
}

/**
 * sevl_fw_guest_get() - look up a guest by handle
 * @fw: firmware
 * @handle: guest handle from a command buffer
 *
 * Return: the guest, or NULL if @handle names no guest.
 */
struct sevl_fw_guest *sevl_fw_guest_get(struct sevl_fw *fw, u32 handle)
{
	struct sevl_fw_guest *g;

	if (!handle || handle > fw->p.max_guests)
		return NULL;
	g = &fw->guests[handle - 1];
	return g->handle == handle ? g : NULL;
}

/**
 * sevl_fw_working_guest() - the checks that open most guest commands
 * @fw: firmware
 * @handle: guest handle from a command buffer
 * @gp: receives the guest on success
 *
 * Return: SEV_RET_INVALID_PLATFORM_STATE unless the platform is WORKING,
 * SEV_RET_INVALID_GUEST if @handle names no guest, else SEV_RET_SUCCESS.
 */
u16 sevl_fw_working_guest(struct sevl_fw *fw, u32 handle,
			  struct sevl_fw_guest **gp)
{
	if (fw->state != SEVL_PSTATE_WORKING)
		return SEV_RET_INVALID_PLATFORM_STATE;
	*gp = sevl_fw_guest_get(fw, handle);
	return *gp ? SEV_RET_SUCCESS : SEV_RET_INVALID_GUEST;
}

/**
 * sevl_fw_transform() - pass system memory through firmware memory
 * @fw: firmware
 * @src: physical address read
 * @dst: physical address written
 * @len: number of bytes
 * @fn: transforms one chunk of at most SEVL_FW_SCRATCH_LEN bytes in place;
 *	gets the chunk's source and destination addresses; returns 0 or a
 *	negative errno
 * @ctx: passed to @fn
 *
 * Reads [@src, @src + @len) chunk by chunk into the scratch memory, has @fn
 * transform each chunk and writes it to the same offset from @dst.  Stops
 * at the first chunk that cannot be read, transformed or written; the
 * chunks before it have been written, as on hardware.  The scratch memory
 * is wiped.
 *
 * Return: SEV_RET_SUCCESS, or SEV_RET_INVALID_ADDRESS.
 */
u16 sevl_fw_transform(struct sevl_fw *fw, u64 src, u64 dst, u32 len,
		      int (*fn)(void *ctx, u64 src, u64 dst, u8 *buf, u32 n),
		      void *ctx)
{
	u16 ret = SEV_RET_SUCCESS;
	u32 n;

	for (; len; len -= n, src += n, dst += n) {
		n = min_t(u32, len, SEVL_FW_SCRATCH_LEN);
		ret = sevl_fw_read(fw, src, fw->scratch, n);
		if (ret)
			break;
		if (fn(ctx, src, dst, fw->scratch, n)) {
			ret = SEV_RET_INVALID_ADDRESS;
			break;
		}
		ret = sevl_fw_write(fw, dst, fw->scratch, n);
		if (ret)
			break;
	}
	memzero_explicit(fw->scratch, SEVL_FW_SCRATCH_LEN);
	return ret;
}

/* Without a process operation: the chunk goes through the scratch memory. */
static int sevl_fw_copy_process(struct sevl_fw *fw, u64 pa, u32 n,
				int (*fn)(void *arg, u64 pa, u8 *p, size_t n),
				void *arg)
{
	int ret;

	if (sevl_fw_read(fw, pa, fw->scratch, n))
		return -EFAULT;
	ret = fn(arg, pa, fw->scratch, n);
	if (!ret && sevl_fw_write(fw, pa, fw->scratch, n))
		ret = -EFAULT;
	memzero_explicit(fw->scratch, n);
	return ret;
}

/**
 * sevl_fw_transform_inplace() - transform system memory where it lies
 * @fw: firmware
 * @pa: physical address, read and written
 * @len: number of bytes
 * @fn: transforms a piece (at most SEVL_FW_SCRATCH_LEN bytes, and at most
 *	a page with highmem) in place; gets the piece's physical address;
 *	must not fail for a range the caller validated (alignment), since a
 *	piece it fails on may be partly written.  It may use the scratch
 *	memory, unless the piece is the scratch memory.
 * @arg: passed to @fn
 *
 * The same contract as sevl_fw_transform() with @src == @dst, chunk by
 * chunk of SEVL_FW_SCRATCH_LEN bytes: a chunk that is not accessible
 * stops the command untouched, the chunks before it are done.  With a
 * process operation the memory is handed to @fn where it lies (@fn decides
 * what to copy); without one each chunk is copied into the scratch memory
 * and back.
 *
 * Return: SEV_RET_SUCCESS, or SEV_RET_INVALID_ADDRESS.
 */
u16 sevl_fw_transform_inplace(struct sevl_fw *fw, u64 pa, u32 len,
			      int (*fn)(void *arg, u64 pa, u8 *p, size_t n),
			      void *arg)
{
	const struct sevl_fw_mem_ops *ops = fw->p.mem;
	u32 n;
	int ret;

	if (len && pa + len - 1 < pa)
		return SEV_RET_INVALID_ADDRESS;
	for (; len; len -= n, pa += n) {
		n = min_t(u32, len, SEVL_FW_SCRATCH_LEN);
		if (ops->process)
			ret = ops->process(fw->p.mem_ctx, pa, n, fn, arg);
		else
			ret = sevl_fw_copy_process(fw, pa, n, fn, arg);
		if (ret)
			return SEV_RET_INVALID_ADDRESS;
	}
	return SEV_RET_SUCCESS;
}

/**
 * sevl_fw_guest_inactive() - whether no ASID is bound to a guest
 * @fw: firmware
 * @g: guest
 *
 * A guest is active once ACTIVATE bound an ASID to it, even if it is not
 * RUNNING yet (the firmware's "pending activation").
 *
 * Return: true if the guest has no ASID.
 */
bool sevl_fw_guest_inactive(struct sevl_fw *fw, struct sevl_fw_guest *g)
{
	return !g->asid;
}

/**
 * sevl_fw_guest_clear() - free a guest slot and wipe its keys
 * @g: guest
 */
void sevl_fw_guest_clear(struct sevl_fw_guest *g)
{
	memzero_explicit(g, sizeof(*g));
}

/**
 * sevl_fw_clear_guests() - decommission every guest (SHUTDOWN, destroy)
 * @fw: firmware
 */
void sevl_fw_clear_guests(struct sevl_fw *fw)
{
	u32 i;

	for (i = 0; i < fw->p.max_guests; i++)
		sevl_fw_guest_clear(&fw->guests[i]);
	fw->guest_count = 0;
}

/**
 * sevl_fw_identity_wipe() - forget platform keys
 * @id: identity
 * @keep_cek: keep the chip endorsement key (it is derived from the chip,
 *	not stored in the persistent area)
 */
void sevl_fw_identity_wipe(struct sevl_fw_identity *id, bool keep_cek)
{
	if (keep_cek) {
		size_t off = offsetof(struct sevl_fw_identity, oca);

		memzero_explicit((u8 *)id + off, sizeof(*id) - off);
	} else {
		memzero_explicit(id, sizeof(*id));
	}
}

/* The CEK stands for the chip-unique key AMD derives in fuses. */
static int sevl_fw_make_cek(struct sevl_fw *fw)
{
	struct sevl_fw_identity *id = &fw->ident;
	struct sevl_p384_key ask;
	int ret;

	ret = sevl_p384_keygen(&id->cek);
	if (ret)
		return ret;
	ret = sevl_cert_init(&id->cek_cert, SEVL_USAGE_CEK,
			     SEVL_ALGO_ECDSA_SHA256, &id->cek,
			     fw->p.api_major, fw->p.api_minor);
	if (ret)
		return ret;
	ret = sevl_emu_ask_key(&ask);
	if (ret)
		return ret;
	ret = sevl_cert_sign(&id->cek_cert, 0, SEVL_USAGE_ASK,
			     SEVL_ALGO_ECDSA_SHA384, &ask);
	sevl_p384_key_wipe(&ask);
	return ret;
}

/**
 * sevl_fw_create() - create a firmware instance in state UNINIT
 * @params: configuration; copied
 *
 * Generates the chip-unique values (CEK, chip id).  The OCA, PEK and PDH
 * are created by the first INIT, as after a FACTORY_RESET.
 *
 * Context: process context.
 * Return: the firmware, or an ERR_PTR().
 */
struct sevl_fw *sevl_fw_create(const struct sevl_fw_params *params)
{
	struct sevl_fw *fw;
	int ret = -ENOMEM;

	if (!params || !params->mem || !params->mem->read ||
	    !params->mem->write || !params->nr_asids ||
	    params->min_sev_asid < 1 ||
	    params->min_sev_asid > params->nr_asids + 1)
		return ERR_PTR(-EINVAL);

	fw = kzalloc(sizeof(*fw), GFP_KERNEL);
	if (!fw)
		return ERR_PTR(-ENOMEM);
	mutex_init(&fw->lock);
	fw->p = *params;
	sevl_snp_create(fw);
	if (!fw->p.max_guests)
		fw->p.max_guests = max_t(u32, fw->p.nr_asids,
					 SEVL_FW_MIN_GUESTS);
	fw->state = SEVL_PSTATE_UNINIT;

	fw->asids = kcalloc(fw->p.nr_asids, sizeof(*fw->asids), GFP_KERNEL);
	fw->guests = kvcalloc(fw->p.max_guests, sizeof(*fw->guests),
			      GFP_KERNEL);
	fw->scratch = kvzalloc(SEVL_FW_SCRATCH_LEN, GFP_KERNEL);
	if (!fw->asids || !fw->guests || !fw->scratch)
		goto err;
	memset(fw->asids, SEVL_ASID_DIRTY, fw->p.nr_asids);

	get_random_bytes(fw->id, SEVL_FW_ID_LEN);
	memcpy(fw->snp.chip_id, fw->id, SEVL_SNP_CHIP_ID_LEN);
	ret = sevl_fw_make_cek(fw);
	if (ret)
		goto err;
	return fw;

err:
	sevl_fw_destroy(fw);
	return ERR_PTR(ret);
}

SEVL_EXPORT_FOR_KUNIT(sevl_fw_create);

/**
 * sevl_fw_wipe() - zero every key and secret a firmware instance holds
 * @fw: firmware
 *
 * Every guest context (VEK, TEK, TIK, running launch digest, MEASURE,
 * launch digest) is cleared and its slot freed; the platform identity
 * (CEK, OCA, PEK and PDH private keys) and the scratch memory are zeroed.
 * sevl_fw_destroy() calls this before it releases any memory; KUnit calls
 * it alone to check that nothing is left.
 *
 * Context: no command may be executing.
 */
void sevl_fw_wipe(struct sevl_fw *fw)
{
	if (fw->guests)
		sevl_fw_clear_guests(fw);
	sevl_snp_guests_clear(fw);
	if (fw->scratch)
		memzero_explicit(fw->scratch, SEVL_FW_SCRATCH_LEN);
	sevl_fw_identity_wipe(&fw->ident, false);
}

SEVL_EXPORT_FOR_KUNIT(sevl_fw_wipe);

/**
 * sevl_fw_destroy() - free a firmware instance, zeroing every key
 * @fw: firmware, or NULL
 *
 * sevl_fw_wipe() first, then the memory goes back; the instance itself
 * with kfree_sensitive().
 *
 * Context: process context; no command may be executing.
 */
void sevl_fw_destroy(struct sevl_fw *fw)
{
	if (!fw)
		return;
	sevl_fw_wipe(fw);
	sevl_snp_destroy(fw);
	kvfree(fw->guests);
	kvfree(fw->scratch);
	kfree(fw->asids);
	mutex_destroy(&fw->lock);
	kfree_sensitive(fw);
}

SEVL_EXPORT_FOR_KUNIT(sevl_fw_destroy);

/**
 * sevl_fw_execute() - run one firmware command
 * @fw: firmware
 * @cmd: command id (SEVL_CMD_*)
 * @buf_pa: physical address of the command buffer, ignored for commands
 *	without one
 *
 * Reads the command buffer (its length depends on @cmd), runs the command
 * and writes the buffer back for commands that return data in it: on
 * success, and for the length-probing commands (PEK_CSR, PDH_CERT_EXPORT,
 * GET_ID, LAUNCH_MEASURE) also on failure.  Commands are serialised.
 *
 * Context: process context; may sleep.
 * Return: the 16-bit SEV status (SEV_RET_*): SEV_RET_INVALID_COMMAND for an
 * unknown or unimplemented command, SEV_RET_INVALID_ADDRESS if the command
 * buffer cannot be read or written back, else the command's status.
 */
int sevl_fw_execute(struct sevl_fw *fw, u32 cmd, u64 buf_pa)
{
	const struct sevl_fw_cmd_desc *d;
	u8 buf[SEVL_FW_CMDBUF_MAX];
	u16 ret, wret;
	u64 t0;

	if (cmd >= ARRAY_SIZE(sevl_fw_cmds) || !sevl_fw_cmds[cmd].fn ||
	    (cmd >= SEVL_FW_FIRST_SNP_CMD && !fw->p.snp))
		return SEV_RET_INVALID_COMMAND;
	d = &sevl_fw_cmds[cmd];

	mutex_lock(&fw->lock);
	t0 = ktime_get_ns();
	memset(buf, 0, sizeof(buf));
	ret = sevl_fw_read(fw, buf_pa, buf, d->len);
	if (ret)
		goto out;

	ret = d->fn(fw, d->len ? buf : NULL);

	if (d->out == SEVL_OUT_ALWAYS ||
	    (d->out == SEVL_OUT_SUCCESS && ret == SEV_RET_SUCCESS)) {
		wret = sevl_fw_write(fw, buf_pa, buf, d->len);
		if (!ret)
			ret = wret;
	}
out:
	memzero_explicit(buf, sizeof(buf));
	sevl_swfw_perf_command(cmd, ktime_get_ns() - t0);
	mutex_unlock(&fw->lock);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_fw_execute);
