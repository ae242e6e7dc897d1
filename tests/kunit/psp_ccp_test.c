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
#include <linux/psp-sev.h>
#include <linux/sev-launch.h>
#include <linux/err.h>
#include <linux/platform_device.h>
#include <sev-launch/ccp.h>
#include <sev-launch/fw.h>
#include <sev-launch/psp.h>

#include "../../drivers/psp/core.h"
#include "../../drivers/psp/mbox.h"

/* The stand-in for ccp: what it answers and what it was asked. */
struct sevl_fake_ccp {
	int status_ret;
	int cmd_ret;
	int cmd_err;		/* < 0: leave *error untouched */
	int init_ret;
	int init_err;		/* < 0: leave *error untouched */
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
	if (sevl_fake.init_err >= 0)
		*error = sevl_fake.init_err;
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

/*
 * What ccp copies for each command: sev_cmd_buffer_len() of Linux 6.12
 * (drivers/crypto/ccp/sev-dev.c), from the structures of <linux/psp-sev.h>.
 * 0 for commands without a buffer, -1 for commands ccp does not know.
 */
static int sevl_ccp_ref_len(u32 cmd)
{
	switch (cmd) {
	case SEV_CMD_SHUTDOWN:
	case SEV_CMD_FACTORY_RESET:
	case SEV_CMD_PEK_GEN:
	case SEV_CMD_PDH_GEN:
	case SEV_CMD_DF_FLUSH:
		return 0;
	case SEV_CMD_INIT:
		return sizeof(struct sev_data_init);
	case SEV_CMD_INIT_EX:
		return sizeof(struct sev_data_init_ex);
	case SEV_CMD_PLATFORM_STATUS:
		return sizeof(struct sev_user_data_status);
	case SEV_CMD_PEK_CSR:
		return sizeof(struct sev_data_pek_csr);
	case SEV_CMD_PEK_CERT_IMPORT:
		return sizeof(struct sev_data_pek_cert_import);
	case SEV_CMD_PDH_CERT_EXPORT:
		return sizeof(struct sev_data_pdh_cert_export);
	case SEV_CMD_DOWNLOAD_FIRMWARE:
		return sizeof(struct sev_data_download_firmware);
	case SEV_CMD_GET_ID:
		return sizeof(struct sev_data_get_id);
	case SEV_CMD_DECOMMISSION:
		return sizeof(struct sev_data_decommission);
	case SEV_CMD_ACTIVATE:
		return sizeof(struct sev_data_activate);
	case SEV_CMD_DEACTIVATE:
		return sizeof(struct sev_data_deactivate);
	case SEV_CMD_GUEST_STATUS:
		return sizeof(struct sev_data_guest_status);
	case SEV_CMD_LAUNCH_START:
		return sizeof(struct sev_data_launch_start);
	case SEV_CMD_LAUNCH_UPDATE_DATA:
		return sizeof(struct sev_data_launch_update_data);
	case SEV_CMD_LAUNCH_UPDATE_VMSA:
		return sizeof(struct sev_data_launch_update_vmsa);
	case SEV_CMD_LAUNCH_MEASURE:
		return sizeof(struct sev_data_launch_measure);
	case SEV_CMD_LAUNCH_UPDATE_SECRET:
		return sizeof(struct sev_data_launch_secret);
	case SEV_CMD_LAUNCH_FINISH:
		return sizeof(struct sev_data_launch_finish);
	case SEV_CMD_ATTESTATION_REPORT:
		return sizeof(struct sev_data_attestation_report);
	case SEV_CMD_DBG_DECRYPT:
	case SEV_CMD_DBG_ENCRYPT:
		return sizeof(struct sev_data_dbg);
	default:
		return -1;
	}
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

/*
 * Only commands whose buffer ccp copies exactly as sev-launch lays it out
 * may be let through: ccp copies its own length in and back out, so a
 * longer one would read and overwrite memory past the caller's buffer.
 */
static void sevl_pccp_layouts(struct kunit *test)
{
	const struct sevl_cmd_info *ci;
	unsigned int allowed = 0;
	u32 id;

	for (id = 0; id < SEVL_CMD_MAX; id++) {
		ci = sevl_cmd_lookup(id);
		if (!ci || !sevl_ccp_cmd_allowed(id))
			continue;
		allowed++;
		KUNIT_EXPECT_EQ_MSG(test, sevl_ccp_ref_len(ci->id), (int)ci->len,
				    "command %#x (%s)", ci->id, ci->name);
	}
	KUNIT_EXPECT_GT(test, allowed, 0U);
}

/*
 * The SNP platform commands change the platform's state behind ccp's back
 * as INIT and SHUTDOWN do, and ccp copies buffers of lengths sev-launch
 * does not know: none may reach ccp, nor any id the back end does not know.
 */
static void sevl_pccp_refused_unknown(struct kunit *test)
{
	static const u32 refused[] = {
		SEV_CMD_SNP_INIT, SEV_CMD_SNP_SHUTDOWN, SEV_CMD_SNP_INIT_EX,
		SEV_CMD_SNP_SHUTDOWN_EX, SEV_CMD_SNP_DF_FLUSH,
		SEV_CMD_SNP_CONFIG, SEV_CMD_SNP_COMMIT,
		SEV_CMD_SNP_DOWNLOAD_FIRMWARE_EX, SEV_CMD_SNP_VLEK_LOAD,
		SEV_CMD_SNP_PLATFORM_STATUS, SEV_CMD_SNP_PAGE_RECLAIM,
		SEV_CMD_SNP_GCTX_CREATE, SEV_CMD_SEND_START,
		SEV_CMD_RECEIVE_START, 0x0ff, 0x7ff,
	};
	u8 buf[128] = {};
	unsigned int i;
	u32 fw;

	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		fw = 0;
		KUNIT_EXPECT_FALSE_MSG(test, sevl_ccp_cmd_allowed(refused[i]),
				       "command %#x", refused[i]);
		KUNIT_EXPECT_EQ_MSG(test, sevl_ccp_issue(&sevl_fake_api, NULL,
							 refused[i], buf, &fw),
				    -EPERM, "command %#x", refused[i]);
		KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	}
	KUNIT_EXPECT_EQ(test, sevl_fake.calls, 0U);
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

/*
 * The platform INIT that ccp does for sev-launch follows the same rules as
 * the commands: a timeout (ccp writes status 0) has no firmware status.
 */
static void sevl_pccp_platform_init(struct kunit *test)
{
	struct platform_device *pdev;
	struct sevl_transport *t;
	u32 fw;

	pdev = sevl_ccp_attach(&sevl_fake_api);
	KUNIT_ASSERT_FALSE(test, IS_ERR(pdev));
	t = dev_get_platdata(&pdev->dev);
	KUNIT_ASSERT_NOT_NULL(test, t);

	/* Already INIT: ccp sends nothing and leaves *error alone. */
	sevl_fake.init_ret = 0;
	sevl_fake.init_err = -1;
	fw = 0;
	KUNIT_EXPECT_EQ(test, t->ops->platform_init(t, &fw), 0);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);

	/* The firmware refused INIT: ccp's -EIO becomes the status's errno. */
	sevl_fake.init_ret = -EIO;
	sevl_fake.init_err = SEV_RET_INVALID_PLATFORM_STATE;
	KUNIT_EXPECT_EQ(test, t->ops->platform_init(t, &fw),
			sevl_psp_status_errno(SEV_RET_INVALID_PLATFORM_STATE));
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_PLATFORM_STATE);

	/* INIT timed out: status 0 from ccp, which means nothing then. */
	sevl_fake.init_ret = -ETIMEDOUT;
	sevl_fake.init_err = 0;
	fw = 0;
	KUNIT_EXPECT_EQ(test, t->ops->platform_init(t, &fw), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, sevl_fake.inits, 3U);

	sevl_ccp_detach(pdev);
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
	KUNIT_CASE(sevl_pccp_refused_unknown),
	KUNIT_CASE(sevl_pccp_layouts),
	KUNIT_CASE(sevl_pccp_translate),
	KUNIT_CASE(sevl_pccp_choose),
	KUNIT_CASE(sevl_pccp_bind),
	KUNIT_CASE(sevl_pccp_platform_init),
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
