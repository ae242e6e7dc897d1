/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Software SEV firmware: instances for tests.
 *
 * The module itself registers one instance as a SEVL_MBOX_DEV_NAME platform
 * device (see <sev-launch/transport.h>).  KUnit suites create private
 * instances with the functions below and drive them through the returned
 * transport, exactly as the PSP driver does, and steer them with the same
 * fault injection that debugfs offers.  Exported to the SEV_LAUNCH_KUNIT
 * namespace only.
 */
#ifndef _SEV_LAUNCH_SWFW_H
#define _SEV_LAUNCH_SWFW_H

#include <linux/types.h>
#include <sev-launch/transport.h>

struct sevl_swfw;

/**
 * struct sevl_swfw_config - parameters of an emulated PSP
 * @api_major: firmware API major version reported
 * @api_minor: firmware API minor version reported
 * @build: firmware build id reported
 * @nr_asids: highest ASID
 * @min_sev_asid: first plain-SEV ASID
 * @latency_us: time each command takes, in microseconds
 * @snp: emulate an SEV-SNP platform (SNP commands and the RMP); without it
 *	the instance is an SEV/SEV-ES-only PSP that answers every SNP command
 *	with INVALID_COMMAND, as pre-SNP firmware does
 *
 * Zero fields take the module defaults.
 */
struct sevl_swfw_config {
	u8 api_major;
	u8 api_minor;
	u8 build;
	u32 nr_asids;
	u32 min_sev_asid;
	u32 latency_us;
	bool snp;
};

/**
 * struct sevl_swfw_fault - fault injection
 * @fail_nth: fail the Nth command from now (1 = the next one), 0 = off
 * @fail_cmd: fail every command with this id, 0 = off
 * @fail_status: SEV_RET_* status the failed command reports
 * @hang: hold every command that starts while set; it completes when
 *	@hang is cleared (a late completion, as after a firmware stall)
 * @hang_cmd: with @hang, hold only commands with this id; 0 = every one
 */
struct sevl_swfw_fault {
	u32 fail_nth;
	u32 fail_cmd;
	u16 fail_status;
	bool hang;
	u32 hang_cmd;
};

struct sevl_swfw *sevl_swfw_create(const struct sevl_swfw_config *cfg);
void sevl_swfw_destroy(struct sevl_swfw *sw);
struct sevl_transport *sevl_swfw_transport(struct sevl_swfw *sw);
void sevl_swfw_set_fault(struct sevl_swfw *sw,
			 const struct sevl_swfw_fault *fault);
u64 sevl_swfw_cmd_count(struct sevl_swfw *sw);
u64 sevl_swfw_busy_writes(struct sevl_swfw *sw);

#endif /* _SEV_LAUNCH_SWFW_H */
