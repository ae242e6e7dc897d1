/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest owner's side of a launch, shared by the KUnit suites that
 * launch with one (sev-swfw-fw-launch through the firmware model,
 * sev-launch-core-owner through the launch core): GODH key and session
 * blob, the expected measurement, LAUNCH_SECRET packets.  Built from the
 * SEV API formulas with the software firmware's crypto layer.
 */
#ifndef _SEVL_OWNER_TEST_H
#define _SEVL_OWNER_TEST_H

#include <kunit/test.h>
#include <sev-launch/fw.h>

#include "../../drivers/swfw/cert.h"

/**
 * struct sevl_owner - a guest owner's keys for one launch
 * @tek: transport encryption key
 * @tik: transport integrity key
 * @session: session blob for LAUNCH_START (wrapped TEK and TIK)
 * @godh: guest owner's Diffie-Hellman certificate for LAUNCH_START
 */
struct sevl_owner {
	u8 tek[16];
	u8 tik[16];
	u8 session[SEVL_SESSION_SIZE];
	struct sevl_cert godh;
};

void sevl_owner_session(struct kunit *test, struct sevl_owner *o,
			const struct sevl_cert *pdh, u32 policy);
void sevl_owner_expect_measure(struct kunit *test, const struct sevl_owner *o,
			       u8 api_major, u8 api_minor, u8 build,
			       u32 policy, const u8 *ld, const u8 *m);
void sevl_owner_secret(struct kunit *test, const struct sevl_owner *o,
		       const u8 *measure, const u8 *secret, u32 len,
		       u32 flags, u8 *hdr, u8 *trans);

#endif /* _SEVL_OWNER_TEST_H */
