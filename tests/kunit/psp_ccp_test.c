// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: choosing the SEV back end next to upstream's ccp driver.
 *
 * ccp is replaced by a stand-in struct sevl_ccp_api in each of its three
 * conditions - absent, present without a PSP, present with one - and the
 * back end's decisions are checked: whether it offers a platform, which
 * commands it lets through, how ccp's answers are translated, whether a
 * bound mailbox becomes the platform and registers sev-launch's /dev/sev.
 * The last case checks the test kernel itself: ccp is built in and QEMU
 * has no PSP, so the software firmware must be the platform.
 */
#include <kunit/test.h>
#include <linux/sev-launch.h>
#include <linux/err.h>
#include <linux/platform_device.h>
#include <sev-launch/ccp.h>
#include <sev-launch/fw.h>
#include <sev-launch/psp.h>

#include "../../drivers/psp/core.h"

/* The stand-in for ccp: what it answers and what it was asked. */
struct sevl_fake_ccp {
	int status_ret;
	int cmd_ret;
	int cmd_err;		/* < 0: leave *error untouched */
	int init_ret;
	unsigned int calls;
	unsigned int inits;
	u32 last_cmd;
	struct file *last_file;
};

static struct sevl_fake_ccp sevl_fake;

static int sevl_fake_status(struct sevl_fw_platform_status *st, int *error)
{
	sevl_fake.calls++;
	if (sevl_fake.status_ret == -ENODEV)
		return -ENODEV;
	*error = 0;
	st->api_major = 0;
	st->api_minor = 24;
	st->state = SEVL_PSTATE_INIT;
	return sevl_fake.status_ret;
}

static int sevl_fake_answer(u32 cmd, struct file *file, void *data,
			    int *error)
{
	sevl_fake.calls++;
	sevl_fake.last_cmd = cmd;
	sevl_fake.last_file = file;
	if (cmd == SEVL_CMD_PLATFORM_STATUS && data)
		return sevl_fake_status(data, error);
	if (sevl_fake.cmd_err >= 0)
		*error = sevl_fake.cmd_err;
	return sevl_fake.cmd_ret;
}

static int sevl_fake_cmd(u32 cmd, void *data, int *error)
{
	return sevl_fake_answer(cmd, NULL, data, error);
}

static int sevl_fake_external(struct file *file, u32 cmd, void *data,
			      int *error)
{
	return sevl_fake_answer(cmd, file, data, error);
}

static int sevl_fake_init(int *error)
{
	sevl_fake.inits++;
	*error = 0;
	return sevl_fake.init_ret;
}

static const struct sevl_ccp_api sevl_fake_api = {
	.status = sevl_fake_status,
	.cmd = sevl_fake_cmd,
	.external = sevl_fake_external,
	.init = sevl_fake_init,
};

static int sevl_pccp_init(struct kunit *test)
{
	memset(&sevl_fake, 0, sizeof(sevl_fake));
	sevl_fake.cmd_err = -1;
	return 0;
}

static void sevl_pccp_detect(struct kunit *test)
{
	struct sevl_fw_platform_status st = {};

	KUNIT_EXPECT_EQ(test, sevl_ccp_detect(NULL, &st), SEVL_CCP_ABSENT);
	KUNIT_EXPECT_EQ(test, sevl_fake.calls, 0U);

	sevl_fake.status_ret = -ENODEV;
	KUNIT_EXPECT_EQ(test, sevl_ccp_detect(&sevl_fake_api, &st),
			SEVL_CCP_NO_PSP);

	/* A PSP ccp gave up on (-EBUSY) or that fails still is ccp's. */
	sevl_fake.status_ret = -EBUSY;
	KUNIT_EXPECT_EQ(test, sevl_ccp_detect(&sevl_fake_api, NULL),
			SEVL_CCP_PSP);
	sevl_fake.status_ret = -EIO;
	KUNIT_EXPECT_EQ(test, sevl_ccp_detect(&sevl_fake_api, NULL),
			SEVL_CCP_PSP);
	sevl_fake.status_ret = 0;
	KUNIT_EXPECT_EQ(test, sevl_ccp_detect(&sevl_fake_api, &st),
			SEVL_CCP_PSP);
	KUNIT_EXPECT_EQ(test, st.api_minor, 24);
}

static void sevl_pccp_attach_needs_psp(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PTR_ERR(sevl_ccp_attach(NULL)), -ENODEV);
	sevl_fake.status_ret = -ENODEV;
	KUNIT_EXPECT_EQ(test, PTR_ERR(sevl_ccp_attach(&sevl_fake_api)),
			-ENODEV);
}

static void sevl_pccp_refused(struct kunit *test)
{
	static const u32 ccp_owned[] = {
		SEVL_CMD_INIT, SEVL_CMD_INIT_EX, SEVL_CMD_SHUTDOWN,
		SEVL_CMD_FACTORY_RESET, SEVL_CMD_PEK_GEN,
		SEVL_CMD_PEK_CERT_IMPORT, SEVL_CMD_PDH_GEN,
		SEVL_CMD_DOWNLOAD_FIRMWARE,
	};
	u8 buf[64] = {};
	unsigned int i;
	u32 fw;

	for (i = 0; i < ARRAY_SIZE(ccp_owned); i++) {
		fw = 0;
		KUNIT_EXPECT_EQ(test, sevl_ccp_issue(&sevl_fake_api, NULL,
						     ccp_owned[i], buf, &fw),
				-EPERM);
		KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	}
	KUNIT_EXPECT_EQ(test, sevl_fake.calls, 0U);
	KUNIT_EXPECT_TRUE(test, sevl_ccp_cmd_allowed(SEVL_CMD_ACTIVATE));
	KUNIT_EXPECT_TRUE(test, sevl_ccp_cmd_allowed(SEVL_CMD_LAUNCH_START));
	KUNIT_EXPECT_TRUE(test, sevl_ccp_cmd_allowed(SEVL_CMD_DF_FLUSH));
}

static void sevl_pccp_translate(struct kunit *test)
{
	struct sevl_fw_handle h = { .handle = 7 };
	struct file *file = (struct file *)&sevl_fake;	/* never dereferenced */
	u32 fw;

	/* Success: status 0, the kernel's own commands go to ->cmd. */
	sevl_fake.cmd_ret = 0;
	sevl_fake.cmd_err = 0;
	fw = SEVL_FW_NOT_CALLED;
	KUNIT_EXPECT_EQ(test, sevl_ccp_issue(&sevl_fake_api, NULL,
					     SEVL_CMD_DECOMMISSION, &h, &fw), 0);
	KUNIT_EXPECT_EQ(test, fw, 0U);
	KUNIT_EXPECT_EQ(test, sevl_fake.last_cmd, (u32)SEVL_CMD_DECOMMISSION);
	KUNIT_EXPECT_NULL(test, sevl_fake.last_file);

	/* A firmware failure: ccp says -EIO, we say what the status means. */
	sevl_fake.cmd_ret = -EIO;
	sevl_fake.cmd_err = SEV_RET_INVALID_GUEST;
	KUNIT_EXPECT_EQ(test, sevl_ccp_issue(&sevl_fake_api, file,
					     SEVL_CMD_GUEST_STATUS, &h, &fw),
			sevl_psp_status_errno(SEV_RET_INVALID_GUEST));
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_GUEST);
	KUNIT_EXPECT_PTR_EQ(test, sevl_fake.last_file, file);

	/* Not reached: ccp's errno, no firmware status. */
	sevl_fake.cmd_err = -1;
	sevl_fake.cmd_ret = -EBADF;
	KUNIT_EXPECT_EQ(test, sevl_ccp_issue(&sevl_fake_api, file,
					     SEVL_CMD_GUEST_STATUS, &h, &fw),
			-EBADF);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	sevl_fake.cmd_ret = -EBUSY;
	KUNIT_EXPECT_EQ(test, sevl_ccp_issue(&sevl_fake_api, NULL,
					     SEVL_CMD_DF_FLUSH, NULL, &fw),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);

	/* A timeout: ccp writes status 0, which means nothing then. */
	sevl_fake.cmd_err = 0;
	sevl_fake.cmd_ret = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, sevl_ccp_issue(&sevl_fake_api, NULL,
					     SEVL_CMD_DEACTIVATE, &h, &fw),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
}

static void sevl_pccp_choose(struct kunit *test)
{
	static const enum sevl_ccp_presence all[] = {
		SEVL_CCP_ABSENT, SEVL_CCP_NO_PSP, SEVL_CCP_PSP,
	};
	struct sevl_psp_role r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(all); i++) {
		/* ccp's PSP through ccp: the platform, never our /dev/sev. */
		sevl_psp_choose(all[i], true, false, &r);
		KUNIT_EXPECT_TRUE(test, r.platform);
		KUNIT_EXPECT_FALSE(test, r.dev_sev);
		/* A second mailbox is bound but unused, whatever it is. */
		sevl_psp_choose(all[i], true, true, &r);
		KUNIT_EXPECT_FALSE(test, r.platform);
		KUNIT_EXPECT_FALSE(test, r.dev_sev);
		sevl_psp_choose(all[i], false, true, &r);
		KUNIT_EXPECT_FALSE(test, r.platform);
		KUNIT_EXPECT_FALSE(test, r.dev_sev);
	}
	/* Our own mailbox: the platform with /dev/sev unless ccp has a PSP. */
	sevl_psp_choose(SEVL_CCP_ABSENT, false, false, &r);
	KUNIT_EXPECT_TRUE(test, r.platform);
	KUNIT_EXPECT_TRUE(test, r.dev_sev);
	sevl_psp_choose(SEVL_CCP_NO_PSP, false, false, &r);
	KUNIT_EXPECT_TRUE(test, r.platform);
	KUNIT_EXPECT_TRUE(test, r.dev_sev);
	sevl_psp_choose(SEVL_CCP_PSP, false, false, &r);
	KUNIT_EXPECT_FALSE(test, r.platform);
	KUNIT_EXPECT_FALSE(test, r.dev_sev);
}

/* A ccp mailbox bound next to the platform: commands go through ccp. */
static void sevl_pccp_bind(struct kunit *test)
{
	struct platform_device *pdev;
	unsigned int calls;

	pdev = sevl_ccp_attach(&sevl_fake_api);
	KUNIT_ASSERT_FALSE(test, IS_ERR(pdev));
	/* sev-psp probed it: PLATFORM_STATUS went through the stand-in. */
	KUNIT_EXPECT_NOT_NULL(test, pdev->dev.driver);
	KUNIT_EXPECT_EQ(test, sevl_fake.last_cmd,
			(u32)SEVL_CMD_PLATFORM_STATUS);
	KUNIT_EXPECT_NULL(test, sevl_fake.last_file);
	KUNIT_EXPECT_EQ(test, sevl_fake.inits, 0U);
	/* Unbinding a ccp mailbox sends nothing: ccp's platform stays up. */
	calls = sevl_fake.calls;
	sevl_ccp_detach(pdev);
	KUNIT_EXPECT_EQ(test, sevl_fake.calls, calls);
}

/* The test kernel: ccp built in, no PSP in QEMU, the software firmware. */
static void sevl_pccp_fallback(struct kunit *test)
{
	struct sevl_psp_info info;

	if (!IS_BUILTIN(CONFIG_CRYPTO_DEV_CCP_DD))
		kunit_skip(test, "ccp is not built in");
	KUNIT_EXPECT_EQ(test, sevl_ccp_detect(&sevl_ccp_real, NULL),
			SEVL_CCP_NO_PSP);
	KUNIT_ASSERT_EQ(test, sevl_psp_get_info(&info), 0);
	KUNIT_ASSERT_NOT_NULL(test, info.backend);
	KUNIT_EXPECT_STREQ(test, info.backend, "swfw");
}

static struct kunit_case sevl_pccp_cases[] = {
	KUNIT_CASE(sevl_pccp_detect),
	KUNIT_CASE(sevl_pccp_attach_needs_psp),
	KUNIT_CASE(sevl_pccp_refused),
	KUNIT_CASE(sevl_pccp_translate),
	KUNIT_CASE(sevl_pccp_choose),
	KUNIT_CASE(sevl_pccp_bind),
	KUNIT_CASE(sevl_pccp_fallback),
	{}
};

static struct kunit_suite sevl_pccp_suite = {
	.name = "sev-psp-ccp",
	.init = sevl_pccp_init,
	.test_cases = sevl_pccp_cases,
};

kunit_test_suite(sevl_pccp_suite);

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);
