// SPDX-License-Identifier: GPL-2.0
/*
 * PSP driver: the one mapping from SEV firmware status to errno.
 *
 * Upstream returns -EIO for every firmware failure.  sev-launch gives the
 * common failures an errno that says what went wrong; the raw status is
 * always returned next to it (sev_issue_cmd.error, kvm_sev_cmd.error), so
 * callers that look only at the status see no difference.  A status the
 * table does not list is -EIO.  Documentation/psp.rst has the table.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/sev-launch.h>
#include <sev-launch/psp.h>

static const short sevl_status_errno[] = {
	[SEV_RET_SUCCESS]		 = 0,
	/* Command not allowed in the current platform or guest state. */
	[SEV_RET_INVALID_PLATFORM_STATE] = -EPROTO,
	[SEV_RET_INVALID_GUEST_STATE]	 = -EPROTO,
	/* A parameter or configuration the firmware rejects. */
	[SEV_RET_INVALID_CONFIG]	 = -EINVAL,
	[SEV_RET_INVALID_PARAM]		 = -EINVAL,
	[SEV_RET_INVALID_ASID]		 = -EINVAL,
	/* Buffer too small (length probes) or a length out of range. */
	[SEV_RET_INVALID_LEN]		 = -ENOSPC,
	/* The platform already has an external owner. */
	[SEV_RET_ALREADY_OWNED]		 = -EEXIST,
	/* Certificates, signatures and measurements that do not verify. */
	[SEV_RET_INVALID_CERTIFICATE]	 = -EBADMSG,
	[SEV_RET_BAD_SIGNATURE]		 = -EBADMSG,
	[SEV_RET_BAD_MEASUREMENT]	 = -EBADMSG,
	/* The guest policy forbids the operation. */
	[SEV_RET_POLICY_FAILURE]	 = -EACCES,
	/* The guest is not active (no ASID bound). */
	[SEV_RET_INACTIVE]		 = -ENOLINK,
	/* The firmware could not access a buffer it was given. */
	[SEV_RET_INVALID_ADDRESS]	 = -EFAULT,
	/* Resource in use: ASID bound elsewhere, guest still active. */
	[SEV_RET_ASID_OWNED]		 = -EBUSY,
	[SEV_RET_ACTIVE]		 = -EBUSY,
	/* Retry after WBINVD / DF_FLUSH. */
	[SEV_RET_WBINVD_REQUIRED]	 = -EAGAIN,
	[SEV_RET_DFFLUSH_REQUIRED]	 = -EAGAIN,
	/* No guest with that handle. */
	[SEV_RET_INVALID_GUEST]		 = -ENOENT,
	/* The firmware does not implement the command. */
	[SEV_RET_INVALID_COMMAND]	 = -EOPNOTSUPP,
	[SEV_RET_UNSUPPORTED]		 = -EOPNOTSUPP,
	/* Out of guest slots or other firmware resources. */
	[SEV_RET_RESOURCE_LIMIT]	 = -ENOSPC,
	/* Counter overflow: the guest must be relaunched. */
	[SEV_RET_AEAD_OFLOW]		 = -EOVERFLOW,
	/* Hardware and platform faults: default below. */
	[SEV_RET_HWSEV_RET_PLATFORM]	 = -EIO,
	[SEV_RET_HWSEV_RET_UNSAFE]	 = -EIO,
	[SEV_RET_SECURE_DATA_INVALID]	 = -EIO,
	/* SEV-SNP: a page in the wrong RMP state, size or owner. */
	[SEV_RET_INVALID_PAGE_SIZE]	 = -EINVAL,
	[SEV_RET_INVALID_PAGE_STATE]	 = -EFAULT,
	[SEV_RET_INVALID_PAGE_OWNER]	 = -EFAULT,
	/* SEV-SNP: the RMP is not initialised (SNP_INIT first). */
	[SEV_RET_RMP_INIT_REQUIRED]	 = -EPROTO,
	/* SEV-SNP: TCB/SVN/version rules (SNP_CONFIG, firmware updates). */
	[SEV_RET_BAD_SVN]		 = -EINVAL,
	[SEV_RET_BAD_VERSION]		 = -EINVAL,
	/* SEV-SNP: SNP_SHUTDOWN(_EX) first (e.g. before a firmware update). */
	[SEV_RET_SHUTDOWN_REQUIRED]	 = -EPROTO,
};

/**
 * sevl_psp_status_errno() - errno for a firmware status
 * @status: SEV_RET_* status of a completed command
 *
 * Return: 0 for SEV_RET_SUCCESS, the errno of the table above for the
 * statuses it lists, -EIO for every other value (including
 * SEVL_FW_NOT_CALLED, which is not a firmware status).
 */
int sevl_psp_status_errno(u32 status)
{
	if (status < ARRAY_SIZE(sevl_status_errno) &&
	    (status == SEV_RET_SUCCESS || sevl_status_errno[status]))
		return sevl_status_errno[status];
	return -EIO;
}
EXPORT_SYMBOL_GPL(sevl_psp_status_errno);
