// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: what PLATFORM_STATUS and the platform certificates of the software
 * firmware say about the platform's owner and version, in every state.
 *
 *  - The owner flag belongs to the persistent identity (SEV API,
 *    PLATFORM_STATUS): an externally owned platform still reads as owned
 *    after SHUTDOWN, until FACTORY_RESET.  AMD's sev-tool relies on this to
 *    pick FACTORY_RESET (UNINIT) over PEK_GEN (INIT) when it makes a
 *    platform self-owned again.
 *  - Every certificate the firmware creates carries the firmware's API
 *    version (SEV API, certificate format: API_MAJOR / API_MINOR), as the
 *    certificates of real platforms do.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "swfw_fw_test.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

/* PEK_CSR, sign it with a fresh OCA, PEK_CERT_IMPORT: externally owned. */
static void sevl_fwo_take(struct kunit *test, struct sevl_fwt *t)
{
	struct sevl_fw_addr_len al = { .address = T_BLOB, .len = 4096 };
	struct sevl_fw_pek_cert_import im = {
		.pek_cert_address = T_BLOB, .pek_cert_len = SEVL_CERT_SIZE,
		.oca_cert_address = T_BLOB2, .oca_cert_len = SEVL_CERT_SIZE,
	};
	struct sevl_cert *pek = sevl_fwt_p(t, T_BLOB);
	struct sevl_cert *oca = sevl_fwt_p(t, T_BLOB2);
	struct sevl_p384_key key;

	KUNIT_ASSERT_EQ(test, X(t, PEK_CSR, al), SEV_RET_SUCCESS);
	sevl_fwt_oca_sign(t, oca, pek, &key);
	sevl_p384_key_wipe(&key);
	KUNIT_ASSERT_EQ(test, X(t, PEK_CERT_IMPORT, im), SEV_RET_SUCCESS);
}

/* The owner flag in INIT, WORKING and UNINIT, and what clears it. */
static void sevl_fwo_owner_states(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_fw_platform_status st;

	st = sevl_fwt_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, st.flags, 0);

	sevl_fwt_up(t, SEVL_INIT_FLAGS_ES);
	sevl_fwo_take(test, t);
	st = sevl_fwt_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_INIT);
	KUNIT_EXPECT_EQ(test, st.flags,
			SEVL_PSTATUS_OWNER_EXTERNAL | SEVL_PSTATUS_CONFIG_ES);

	sevl_fwt_start(t, 0, SEV_RET_SUCCESS);
	st = sevl_fwt_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_WORKING);
	KUNIT_EXPECT_EQ(test, st.flags,
			SEVL_PSTATUS_OWNER_EXTERNAL | SEVL_PSTATUS_CONFIG_ES);

	/* UNINIT: still owned; the INIT configuration is gone. */
	KUNIT_EXPECT_EQ(test, X0(t, SHUTDOWN), SEV_RET_SUCCESS);
	st = sevl_fwt_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, st.flags, SEVL_PSTATUS_OWNER_EXTERNAL);
	KUNIT_EXPECT_EQ(test, st.guest_count, 0);

	/* The next INIT keeps the owner ... */
	sevl_fwt_up(t, 0);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).flags,
			SEVL_PSTATUS_OWNER_EXTERNAL);
	KUNIT_EXPECT_EQ(test, X0(t, SHUTDOWN), SEV_RET_SUCCESS);

	/* ... FACTORY_RESET (UNINIT only) makes it self-owned. */
	KUNIT_EXPECT_EQ(test, X0(t, FACTORY_RESET), SEV_RET_SUCCESS);
	st = sevl_fwt_status(t);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, st.flags, 0);
	sevl_fwt_up(t, 0);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).flags, 0);
}

/* sev-tool's set_self_owned in INIT: PEK_GEN; then it can own it again. */
static void sevl_fwo_owner_pek_gen(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;

	sevl_fwt_up(t, 0);
	sevl_fwo_take(test, t);
	KUNIT_EXPECT_EQ(test, X0(t, PEK_GEN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).flags, 0);
	KUNIT_EXPECT_EQ(test, X0(t, SHUTDOWN), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).flags, 0);
	sevl_fwt_up(t, 0);
	sevl_fwo_take(test, t);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(t).flags,
			SEVL_PSTATUS_OWNER_EXTERNAL);
}

static void sevl_fwo_expect_version(struct kunit *test,
				    const struct sevl_cert *c, const char *what)
{
	KUNIT_EXPECT_EQ_MSG(test, c->api_major, T_API_MAJOR, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, c->api_minor, T_API_MINOR, "%s", what);
}

/* PDH, PEK, OCA (self-owned) and CEK carry the firmware's API version. */
static void sevl_fwo_cert_versions(struct kunit *test)
{
	struct sevl_fwt *t = test->priv;
	struct sevl_fw_pdh_cert_export ex = {
		.pdh_cert_address = T_OUT, .pdh_cert_len = SEVL_CERT_SIZE,
		.cert_chain_address = T_OUT + 0x1000,
		.cert_chain_len = 3 * SEVL_CERT_SIZE,
	};
	struct sevl_cert *pdh = sevl_fwt_p(t, T_OUT);
	struct sevl_cert *chain = sevl_fwt_p(t, T_OUT + 0x1000);

	sevl_fwt_up(t, 0);
	KUNIT_ASSERT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	sevl_fwo_expect_version(test, pdh, "PDH");
	sevl_fwo_expect_version(test, &chain[0], "PEK");
	sevl_fwo_expect_version(test, &chain[1], "OCA");
	sevl_fwo_expect_version(test, &chain[2], "CEK");

	/* Regenerated ones too. */
	KUNIT_ASSERT_EQ(test, X0(t, PEK_GEN), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, X0(t, PDH_GEN), SEV_RET_SUCCESS);
	KUNIT_ASSERT_EQ(test, X(t, PDH_CERT_EXPORT, ex), SEV_RET_SUCCESS);
	sevl_fwo_expect_version(test, pdh, "PDH after PDH_GEN");
	sevl_fwo_expect_version(test, &chain[0], "PEK after PEK_GEN");
	sevl_fwo_expect_version(test, &chain[1], "OCA after PEK_GEN");
}

static struct kunit_case sevl_fwo_cases[] = {
	KUNIT_CASE(sevl_fwo_owner_states),
	KUNIT_CASE(sevl_fwo_owner_pek_gen),
	KUNIT_CASE(sevl_fwo_cert_versions),
	{}
};

static struct kunit_suite sevl_fwo_suite = {
	.name = "sev-launch-swfw-owner",
	.init = sevl_fwt_init,
	.exit = sevl_fwt_exit,
	.test_cases = sevl_fwo_cases,
};

kunit_test_suite(sevl_fwo_suite);
