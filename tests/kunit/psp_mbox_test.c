// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the PSP mailbox register protocol against a private software
 * firmware instance (round trip, injected errors, copy-back on failure,
 * refusal of unknown commands, timeout/busy/recovery, polling, several
 * threads at once), and the firmware status -> errno table.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sev-launch.h>
#include <sev-launch/fw.h>
#include <sev-launch/psp.h>
#include <sev-launch/swfw.h>

#include "psp_fixture.h"

MODULE_IMPORT_NS(SEV_LAUNCH_KUNIT);

#define T_API_MAJOR	1
#define T_API_MINOR	49
#define T_BUILD		7
#define T_CHAIN_LEN	(3 * SEVL_CERT_SIZE)

/**
 * struct sevl_mbt - fixture: one emulated PSP and, per test, a mailbox
 * @fx: the firmware instance and mailbox (psp_fixture.h)
 * @poll_t: transport wrapper without an interrupt (polling tests)
 * @last_cmdresp: last value the wrapper wrote to cmdresp
 */
struct sevl_mbt {
	struct sevl_pfx fx;
	struct sevl_transport poll_t;
	u32 last_cmdresp;
};

static int sevl_mbt_init(struct kunit *test)
{
	struct sevl_swfw_config cfg = {
		.api_major = T_API_MAJOR,
		.api_minor = T_API_MINOR,
		.build = T_BUILD,
		.nr_asids = 16,
		.min_sev_asid = 5,
	};
	struct sevl_mbt *m;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	sevl_pfx_init(test, &m->fx, &cfg);
	test->priv = m;
	return 0;
}

static void sevl_mbt_exit(struct kunit *test)
{
	struct sevl_mbt *m = test->priv;

	if (m)
		sevl_pfx_exit(&m->fx);
}

static struct sevl_mbox *sevl_mbt_mbox(struct kunit *test)
{
	struct sevl_mbt *m = test->priv;

	return sevl_pfx_mbox(test, &m->fx);
}

static void sevl_mbt_fault(struct kunit *test, u32 fail_cmd, u16 status,
			   bool hang)
{
	struct sevl_mbt *m = test->priv;

	sevl_pfx_fault(&m->fx, fail_cmd, status, hang);
}

static void sevl_mbt_status_roundtrip(struct kunit *test)
{
	struct sevl_mbox *mbox = sevl_mbt_mbox(test);
	struct sevl_fw_platform_status st;
	struct sevl_mbox_stats *stats;
	u32 fw = 0;

	KUNIT_EXPECT_TRUE(test, mbox->irq);
	KUNIT_EXPECT_EQ(test, sevl_mbox_state(mbox), SEVL_MBOX_UNUSED);

	memset(&st, 0xa5, sizeof(st));
	KUNIT_ASSERT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, &fw), 0);
	KUNIT_EXPECT_EQ(test, fw, 0U);
	KUNIT_EXPECT_EQ(test, st.api_major, T_API_MAJOR);
	KUNIT_EXPECT_EQ(test, st.api_minor, T_API_MINOR);
	KUNIT_EXPECT_EQ(test, st.build, T_BUILD);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, st.guest_count, 0U);
	KUNIT_EXPECT_EQ(test, sevl_mbox_state(mbox), SEVL_MBOX_IDLE);

	/* INIT changes what the next PLATFORM_STATUS reports. */
	{
		struct sevl_fw_init init = {};

		KUNIT_ASSERT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_INIT,
						    &init, &fw), 0);
	}
	KUNIT_ASSERT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, NULL), 0);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_INIT);

	stats = kunit_kzalloc(test, sizeof(*stats), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, stats);
	sevl_mbox_get_stats(mbox, stats);
	KUNIT_EXPECT_EQ(test, stats->cmd[sevl_cmd_lookup(SEVL_CMD_PLATFORM_STATUS) -
					 sevl_cmd_table].count, 2ULL);
	KUNIT_EXPECT_EQ(test, stats->cmd[sevl_cmd_lookup(SEVL_CMD_INIT) -
					 sevl_cmd_table].count, 1ULL);
	KUNIT_EXPECT_EQ(test, stats->timeouts, 0ULL);
}

static void sevl_mbt_injected_error(struct kunit *test)
{
	struct sevl_mbox *mbox = sevl_mbt_mbox(test);
	struct sevl_fw_platform_status st = {};
	struct sevl_fw_handle h = { .handle = 1 };
	u32 fw = 0;

	sevl_mbt_fault(test, SEVL_CMD_PLATFORM_STATUS,
		       SEV_RET_INVALID_PLATFORM_STATE, false);
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, &fw), -EPROTO);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_PLATFORM_STATE);

	sevl_mbt_fault(test, SEVL_CMD_PLATFORM_STATUS,
		       SEV_RET_HWSEV_RET_UNSAFE, false);
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, &fw), -EIO);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_HWSEV_RET_UNSAFE);

	/* A real firmware error, no injection: no such guest. */
	sevl_mbt_fault(test, 0, 0, false);
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_DECOMMISSION, &h,
					    &fw), -EPROTO);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_PLATFORM_STATE);

	/* Errors leave the mailbox usable. */
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, &fw), 0);
	KUNIT_EXPECT_EQ(test, fw, 0U);
}

static void sevl_mbt_copy_back_on_failure(struct kunit *test)
{
	struct sevl_mbox *mbox = sevl_mbt_mbox(test);
	struct sevl_fw_pdh_cert_export ex = {};
	struct sevl_fw_init init = {};
	struct sevl_fw_addr_len id = {};
	u32 fw = 0;

	KUNIT_ASSERT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_INIT, &init, &fw),
			0);

	/* Length probe: addresses and lengths 0. */
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PDH_CERT_EXPORT,
					    &ex, &fw), -ENOSPC);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, ex.pdh_cert_len, (u32)SEVL_CERT_SIZE);
	KUNIT_EXPECT_EQ(test, ex.cert_chain_len, (u32)T_CHAIN_LEN);

	/* Too small a buffer: same answer, nothing written. */
	ex.pdh_cert_len = 16;
	ex.cert_chain_len = T_CHAIN_LEN;
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PDH_CERT_EXPORT,
					    &ex, &fw), -ENOSPC);
	KUNIT_EXPECT_EQ(test, ex.pdh_cert_len, (u32)SEVL_CERT_SIZE);

	/* GET_ID probe works in any state and reports 2 x 64 bytes. */
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_GET_ID, &id, &fw),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_LEN);
	KUNIT_EXPECT_EQ(test, id.len, 128U);
}

static void sevl_mbt_unknown_refused(struct kunit *test)
{
	struct sevl_mbt *m = test->priv;
	struct sevl_mbox *mbox = sevl_mbt_mbox(test);
	struct sevl_fw_platform_status st = {};
	static const u32 bad[] = { 0, 0x00e, 0x040, 0x0c0, 0x7ff, 0x800,
				   U32_MAX };
	u64 before;
	unsigned int i;
	u32 fw;

	KUNIT_ASSERT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, NULL), 0);
	before = sevl_swfw_cmd_count(m->fx.sw);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		fw = 0;
		KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, bad[i], &st, &fw),
				-EINVAL);
		KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	}
	/* A known command without its buffer is refused too. */
	fw = 0;
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    NULL, &fw), -EINVAL);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(m->fx.sw), before);
	KUNIT_EXPECT_EQ(test, sevl_mbox_state(mbox), SEVL_MBOX_IDLE);
}

static void sevl_mbt_timeout_recovery(struct kunit *test)
{
	struct sevl_mbt *m = test->priv;
	struct sevl_mbox *mbox = sevl_mbt_mbox(test);
	struct sevl_fw_platform_status st, ref = {};
	struct sevl_mbox_stats *stats;
	u64 before, busy_before;
	unsigned int i;
	u32 fw;
	int ret;

	stats = kunit_kzalloc(test, sizeof(*stats), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, stats);
	KUNIT_ASSERT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &ref, NULL), 0);
	sevl_mbox_set_timeout(mbox, 200);
	before = sevl_swfw_cmd_count(m->fx.sw);
	busy_before = sevl_swfw_busy_writes(m->fx.sw);

	/* The firmware holds the command: timeout, no copy-back. */
	sevl_mbt_fault(test, 0, 0, true);
	memset(&st, 0x5a, sizeof(st));
	fw = 0;
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, &fw), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, st.api_major, 0x5a);
	KUNIT_EXPECT_EQ(test, sevl_mbox_state(mbox), SEVL_MBOX_STALLED);

	/* Still held: refused without writing the mailbox. */
	fw = 0;
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, &fw), -EBUSY);
	KUNIT_EXPECT_EQ(test, fw, SEVL_FW_NOT_CALLED);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(m->fx.sw), before);
	KUNIT_EXPECT_EQ(test, sevl_swfw_busy_writes(m->fx.sw), busy_before);

	/* Released: the held command completes late; the mailbox recovers. */
	sevl_mbt_fault(test, 0, 0, false);
	for (i = 0; i < 500; i++) {
		ret = sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS, &st, &fw);
		if (ret != -EBUSY)
			break;
		usleep_range(10000, 20000);
	}
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, fw, 0U);
	KUNIT_EXPECT_EQ(test, st.api_major, ref.api_major);
	KUNIT_EXPECT_EQ(test, st.build, ref.build);
	KUNIT_EXPECT_EQ(test, sevl_mbox_state(mbox), SEVL_MBOX_IDLE);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(m->fx.sw), before + 2);
	KUNIT_EXPECT_EQ(test, sevl_swfw_busy_writes(m->fx.sw), busy_before);

	sevl_mbox_get_stats(mbox, stats);
	KUNIT_EXPECT_EQ(test, stats->timeouts, 1ULL);
	KUNIT_EXPECT_EQ(test, stats->recoveries, 1ULL);
	KUNIT_EXPECT_GE(test, stats->busy, 1ULL);
}

/* Polling: a transport wrapper that has no interrupt to offer. */
static u32 sevl_mbt_poll_read(struct sevl_transport *t, u32 off)
{
	struct sevl_mbt *m = t->priv;
	struct sevl_transport *inner = sevl_swfw_transport(m->fx.sw);

	return inner->ops->read(inner, off);
}

static void sevl_mbt_poll_write(struct sevl_transport *t, u32 off, u32 val)
{
	struct sevl_mbt *m = t->priv;
	struct sevl_transport *inner = sevl_swfw_transport(m->fx.sw);

	if (off == inner->regs.cmdresp)
		m->last_cmdresp = val;
	inner->ops->write(inner, off, val);
}

static int sevl_mbt_poll_no_irq(struct sevl_transport *t,
				irq_handler_t handler, void *data)
{
	return -ENODEV;
}

static void sevl_mbt_poll_free_irq(struct sevl_transport *t, void *data)
{
}

static const struct sevl_transport_ops sevl_mbt_poll_ops = {
	.read = sevl_mbt_poll_read,
	.write = sevl_mbt_poll_write,
	.request_irq = sevl_mbt_poll_no_irq,
	.free_irq = sevl_mbt_poll_free_irq,
};

static void sevl_mbt_polling(struct kunit *test)
{
	struct sevl_mbt *m = test->priv;
	struct sevl_fw_platform_status st = {};
	struct sevl_mbox *mbox;
	u32 fw = 0;

	m->poll_t = *sevl_swfw_transport(m->fx.sw);
	m->poll_t.ops = &sevl_mbt_poll_ops;
	m->poll_t.priv = m;
	m->fx.mbox = sevl_mbox_create(&m->poll_t, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m->fx.mbox);
	mbox = m->fx.mbox;
	KUNIT_EXPECT_FALSE(test, mbox->irq);

	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, &fw), 0);
	KUNIT_EXPECT_EQ(test, st.api_minor, T_API_MINOR);
	/* No interrupt asked for. */
	KUNIT_EXPECT_EQ(test, m->last_cmdresp,
			FIELD_PREP(SEVL_CMDRESP_CMD_MASK,
				   SEVL_CMD_PLATFORM_STATUS));

	sevl_mbt_fault(test, SEVL_CMD_PLATFORM_STATUS, SEV_RET_INVALID_LEN,
		       false);
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, &fw), -ENOSPC);
	KUNIT_EXPECT_EQ(test, fw, (u32)SEV_RET_INVALID_LEN);

	/* Timeout and recovery work the same when polling. */
	sevl_mbox_set_timeout(mbox, 100);
	sevl_mbt_fault(test, 0, 0, true);
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, &fw), -ETIMEDOUT);
	sevl_mbt_fault(test, 0, 0, false);
	msleep(50);
	KUNIT_EXPECT_EQ(test, sevl_mbox_cmd(mbox, SEVL_CMD_PLATFORM_STATUS,
					    &st, &fw), 0);
}

/* Several threads at once: serialised, no write into a busy mailbox. */
#define T_THREADS	4
#define T_PER_THREAD	25

struct sevl_mbt_thread {
	struct sevl_mbox *mbox;
	struct completion done;
	int failures;
};

static int sevl_mbt_thread_fn(void *data)
{
	struct sevl_mbt_thread *th = data;
	struct sevl_fw_platform_status st;
	unsigned int i;
	u32 fw;

	for (i = 0; i < T_PER_THREAD; i++) {
		memset(&st, 0, sizeof(st));
		if (sevl_mbox_cmd(th->mbox, SEVL_CMD_PLATFORM_STATUS, &st,
				  &fw) || fw || st.api_major != T_API_MAJOR)
			th->failures++;
	}
	complete(&th->done);
	return 0;
}

static void sevl_mbt_concurrent(struct kunit *test)
{
	struct sevl_mbt *m = test->priv;
	struct sevl_mbox *mbox = sevl_mbt_mbox(test);
	struct sevl_mbt_thread *th;
	struct task_struct *task;
	unsigned int i;
	u64 before = sevl_swfw_cmd_count(m->fx.sw);
	u64 busy_before = sevl_swfw_busy_writes(m->fx.sw);

	th = kunit_kcalloc(test, T_THREADS, sizeof(*th), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, th);
	for (i = 0; i < T_THREADS; i++) {
		th[i].mbox = mbox;
		init_completion(&th[i].done);
		task = kthread_run(sevl_mbt_thread_fn, &th[i], "sevl-mbt/%u",
				   i);
		if (IS_ERR(task))
			complete(&th[i].done);
		KUNIT_EXPECT_FALSE(test, IS_ERR(task));
	}
	for (i = 0; i < T_THREADS; i++) {
		wait_for_completion(&th[i].done);
		KUNIT_EXPECT_EQ(test, th[i].failures, 0);
	}
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(m->fx.sw),
			before + T_THREADS * T_PER_THREAD);
	KUNIT_EXPECT_EQ(test, sevl_swfw_busy_writes(m->fx.sw), busy_before);
}

static struct kunit_case sevl_mbt_cases[] = {
	KUNIT_CASE(sevl_mbt_status_roundtrip),
	KUNIT_CASE(sevl_mbt_injected_error),
	KUNIT_CASE(sevl_mbt_copy_back_on_failure),
	KUNIT_CASE(sevl_mbt_unknown_refused),
	KUNIT_CASE(sevl_mbt_timeout_recovery),
	KUNIT_CASE(sevl_mbt_polling),
	KUNIT_CASE(sevl_mbt_concurrent),
	{}
};

static struct kunit_suite sevl_mbt_suite = {
	.name = "sev-psp-mbox",
	.init = sevl_mbt_init,
	.exit = sevl_mbt_exit,
	.test_cases = sevl_mbt_cases,
};

/*
 * The status -> errno table, from sources independent of drivers/psp:
 *  - the status numbers are the literals of the "Status Codes" table of
 *    AMD's SEV API specification (pub. 55766), which upstream
 *    include/uapi/linux/psp-sev.h (Linux 6.12, enum sev_ret_code)
 *    numbers identically;
 *  - the errno of each is what Documentation/psp.rst ("Firmware status
 *    and errno") promises, row by row; every status that table does not
 *    list must give -EIO.
 * @uapi is the header's name for the status, checked against the spec
 * number so that a renumbered SEV_RET_* constant fails here too.
 */
struct sevl_status_row {
	u32 status;
	long long uapi;
	int err;
	const char *name;
};

static const struct sevl_status_row sevl_status_spec[] = {
	{ 0x00, SEV_RET_SUCCESS,		0,		"SUCCESS" },
	{ 0x01, SEV_RET_INVALID_PLATFORM_STATE,	-EPROTO,	"INVALID_PLATFORM_STATE" },
	{ 0x02, SEV_RET_INVALID_GUEST_STATE,	-EPROTO,	"INVALID_GUEST_STATE" },
	{ 0x03, SEV_RET_INVALID_CONFIG,		-EINVAL,	"INVALID_CONFIG" },
	{ 0x04, SEV_RET_INVALID_LEN,		-ENOSPC,	"INVALID_LENGTH" },
	{ 0x05, SEV_RET_ALREADY_OWNED,		-EEXIST,	"ALREADY_OWNED" },
	{ 0x06, SEV_RET_INVALID_CERTIFICATE,	-EBADMSG,	"INVALID_CERTIFICATE" },
	{ 0x07, SEV_RET_POLICY_FAILURE,		-EACCES,	"POLICY_FAILURE" },
	{ 0x08, SEV_RET_INACTIVE,		-ENOLINK,	"INACTIVE" },
	{ 0x09, SEV_RET_INVALID_ADDRESS,	-EFAULT,	"INVALID_ADDRESS" },
	{ 0x0a, SEV_RET_BAD_SIGNATURE,		-EBADMSG,	"BAD_SIGNATURE" },
	{ 0x0b, SEV_RET_BAD_MEASUREMENT,	-EBADMSG,	"BAD_MEASUREMENT" },
	{ 0x0c, SEV_RET_ASID_OWNED,		-EBUSY,		"ASID_OWNED" },
	{ 0x0d, SEV_RET_INVALID_ASID,		-EINVAL,	"INVALID_ASID" },
	{ 0x0e, SEV_RET_WBINVD_REQUIRED,	-EAGAIN,	"WBINVD_REQUIRED" },
	{ 0x0f, SEV_RET_DFFLUSH_REQUIRED,	-EAGAIN,	"DF_FLUSH_REQUIRED" },
	{ 0x10, SEV_RET_INVALID_GUEST,		-ENOENT,	"INVALID_GUEST" },
	{ 0x11, SEV_RET_INVALID_COMMAND,	-EOPNOTSUPP,	"INVALID_COMMAND" },
	{ 0x12, SEV_RET_ACTIVE,			-EBUSY,		"ACTIVE" },
	{ 0x13, SEV_RET_HWSEV_RET_PLATFORM,	-EIO,		"HWERROR_PLATFORM" },
	{ 0x14, SEV_RET_HWSEV_RET_UNSAFE,	-EIO,		"HWERROR_UNSAFE" },
	{ 0x15, SEV_RET_UNSUPPORTED,		-EOPNOTSUPP,	"UNSUPPORTED" },
	{ 0x16, SEV_RET_INVALID_PARAM,		-EINVAL,	"INVALID_PARAM" },
	{ 0x17, SEV_RET_RESOURCE_LIMIT,		-ENOSPC,	"RESOURCE_LIMIT" },
	{ 0x18, SEV_RET_SECURE_DATA_INVALID,	-EIO,		"SECURE_DATA_INVALID" },
	{ 0x1d, SEV_RET_AEAD_OFLOW,		-EOVERFLOW,	"AEAD_OFLOW" },
	/* SNP Firmware ABI (pub. 56860) "Status Codes". */
	{ 0x19, SEV_RET_INVALID_PAGE_SIZE,	-EINVAL,	"INVALID_PAGE_SIZE" },
	{ 0x1a, SEV_RET_INVALID_PAGE_STATE,	-EFAULT,	"INVALID_PAGE_STATE" },
	{ 0x1c, SEV_RET_INVALID_PAGE_OWNER,	-EFAULT,	"INVALID_PAGE_OWNER" },
	{ 0x20, SEV_RET_RMP_INIT_REQUIRED,	-EPROTO,	"RMP_INIT_REQUIRED" },
	{ 0x21, SEV_RET_BAD_SVN,		-EINVAL,	"BAD_SVN" },
	{ 0x22, SEV_RET_BAD_VERSION,		-EINVAL,	"BAD_VERSION" },
	{ 0x23, SEV_RET_SHUTDOWN_REQUIRED,	-EPROTO,	"SHUTDOWN_REQUIRED" },
};

static void sevl_status_known(struct kunit *test)
{
	const struct sevl_status_row *r;
	unsigned int i, mismatches = 0;
	u32 s;
	int want;

	for (i = 0; i < ARRAY_SIZE(sevl_status_spec); i++) {
		r = &sevl_status_spec[i];
		KUNIT_EXPECT_EQ_MSG(test, r->uapi, (long long)r->status,
				    "uapi number of %s", r->name);
		KUNIT_EXPECT_EQ_MSG(test, sevl_psp_status_errno(r->status),
				    r->err, "status %#x (%s)", r->status,
				    r->name);
	}

	/* Everything else is -EIO. */
	for (s = 0; s <= 0xffff; s++) {
		want = -EIO;
		for (i = 0; i < ARRAY_SIZE(sevl_status_spec); i++)
			if (sevl_status_spec[i].status == s)
				want = sevl_status_spec[i].err;
		if (sevl_psp_status_errno(s) != want && mismatches++ < 8)
			KUNIT_FAIL(test, "status %#x maps to %d, want %d", s,
				   sevl_psp_status_errno(s), want);
	}
	KUNIT_EXPECT_EQ(test, mismatches, 0);
	KUNIT_EXPECT_EQ(test, sevl_psp_status_errno(SEVL_FW_NOT_CALLED), -EIO);
	KUNIT_EXPECT_EQ(test, sevl_psp_status_errno(0x10000), -EIO);
	KUNIT_EXPECT_EQ(test, sevl_psp_status_errno(U32_MAX), -EIO);
}

static void sevl_status_every_failure_is_an_errno(struct kunit *test)
{
	u32 s;
	int e;

	for (s = 1; s <= 0x10000; s++) {
		e = sevl_psp_status_errno(s);
		if (e >= 0 || e < -MAX_ERRNO) {
			KUNIT_FAIL(test, "status %#x maps to %d", s, e);
			return;
		}
	}
}

static struct kunit_case sevl_status_cases[] = {
	KUNIT_CASE(sevl_status_known),
	KUNIT_CASE(sevl_status_every_failure_is_an_errno),
	{}
};

static struct kunit_suite sevl_status_suite = {
	.name = "sev-psp-status",
	.test_cases = sevl_status_cases,
};

kunit_test_suites(&sevl_mbt_suite, &sevl_status_suite);
