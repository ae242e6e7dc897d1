/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit: the fixture the PSP mailbox suites share (sev-psp-mbox and
 * sev-psp-late): a private software firmware instance, the mailbox a test
 * creates on it, and the fault knobs.
 */
#ifndef _SEVL_KUNIT_PSP_FIXTURE_H
#define _SEVL_KUNIT_PSP_FIXTURE_H

#include <kunit/test.h>
#include <sev-launch/psp.h>
#include <sev-launch/swfw.h>

#include "../../drivers/psp/mbox.h"

/**
 * struct sevl_pfx - one emulated PSP and its mailbox
 * @sw: the software firmware instance
 * @mbox: mailbox created by the test, or NULL; destroyed by sevl_pfx_exit()
 *	unless the test did
 */
struct sevl_pfx {
	struct sevl_swfw *sw;
	struct sevl_mbox *mbox;
};

/* Create the firmware instance, configured by @cfg; asserts on failure. */
static inline void sevl_pfx_init(struct kunit *test, struct sevl_pfx *f,
				 const struct sevl_swfw_config *cfg)
{
	f->sw = sevl_swfw_create(cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f->sw);
}

/*
 * Release a held command first (the firmware would wait forever), then
 * the mailbox, every pending deferred release, and the firmware.
 */
static inline void sevl_pfx_exit(struct sevl_pfx *f)
{
	struct sevl_swfw_fault none = {};

	sevl_swfw_set_fault(f->sw, &none);
	sevl_mbox_destroy(f->mbox);
	sevl_late_flush();
	sevl_swfw_destroy(f->sw);
}

/* A mailbox on the firmware's own transport (with its interrupt). */
static inline struct sevl_mbox *sevl_pfx_mbox(struct kunit *test,
					      struct sevl_pfx *f)
{
	f->mbox = sevl_mbox_create(sevl_swfw_transport(f->sw), NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f->mbox);
	return f->mbox;
}

/* Fail command @fail_cmd with @status (0: none); hold commands if @hang. */
static inline void sevl_pfx_fault(struct sevl_pfx *f, u32 fail_cmd,
				  u16 status, bool hang)
{
	struct sevl_swfw_fault fault = {
		.fail_cmd = fail_cmd,
		.fail_status = status,
		.hang = hang,
	};

	sevl_swfw_set_fault(f->sw, &fault);
}

#endif /* _SEVL_KUNIT_PSP_FIXTURE_H */
