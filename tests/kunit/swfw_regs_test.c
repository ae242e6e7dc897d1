// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the mailbox register emulation of the software SEV firmware.
 *
 * Each case creates an instance with sevl_swfw_create() and drives it the
 * way the PSP driver does: through the transport's register accessors,
 * with command buffers in kmalloc'd memory given by physical address, and
 * an interrupt handler registered with the request_irq op that completes a
 * completion.  The command helpers of swfw_fw_test.c are routed through
 * the registers with the fixture's exec hook.  Also the physical memory
 * accessors the firmware uses.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <sev-launch/swfw.h>

#include "../../drivers/swfw/regs.h"
#include "swfw_fw_test.h"

#define RT_API_MAJOR	1
#define RT_API_MINOR	49
#define RT_BUILD	7
#define RT_NR_ASIDS	10
#define RT_MIN_SEV_ASID	4
#define RT_TIMEOUT_MS	5000
#define RT_NO_RESP	(-ETIMEDOUT)

/* The fixture: test->priv. */
struct sevl_rt {
	struct sevl_fwt fwt;	/* issues commands with sevl_rt_exec() */
	struct kunit *test;
	struct sevl_swfw *sw;
	struct sevl_transport *t;
	struct completion done;
	atomic_t irqs;
	bool hardirq;		/* the handler ran in hard interrupt context */
	bool irq_registered;
	u8 *buf;		/* command buffer, one page */
};

static u32 rt_rd(struct sevl_rt *rt, u32 off)
{
	return rt->t->ops->read(rt->t, off);
}

static void rt_wr(struct sevl_rt *rt, u32 off, u32 val)
{
	rt->t->ops->write(rt->t, off, val);
}

/* The mailbox interrupt handler, as a driver writes it. */
static irqreturn_t sevl_rt_irq(int irq, void *data)
{
	struct sevl_rt *rt = data;
	u32 sts = rt_rd(rt, rt->t->regs.intsts);

	if (!(sts & SEVL_INTSTS_CMD_COMPLETE))
		return IRQ_NONE;
	rt_wr(rt, rt->t->regs.intsts, sts);
	rt->hardirq = in_hardirq();
	atomic_inc(&rt->irqs);
	if (rt_rd(rt, rt->t->regs.cmdresp) & SEVL_CMDRESP_RESP)
		complete(&rt->done);
	return IRQ_HANDLED;
}

static int sevl_rt_exec(struct sevl_fwt *t, u32 cmd, void *buf, size_t len);

static int sevl_rt_init(struct kunit *test)
{
	struct sevl_swfw_config cfg = {
		.api_major = RT_API_MAJOR, .api_minor = RT_API_MINOR,
		.build = RT_BUILD, .nr_asids = RT_NR_ASIDS,
		.min_sev_asid = RT_MIN_SEV_ASID,
	};
	struct sevl_rt *rt;

	rt = kunit_kzalloc(test, sizeof(*rt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rt);
	rt->test = test;
	rt->fwt.test = test;
	rt->fwt.exec = sevl_rt_exec;
	init_completion(&rt->done);
	atomic_set(&rt->irqs, 0);
	rt->buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rt->buf);
	rt->sw = sevl_swfw_create(&cfg);
	KUNIT_ASSERT_FALSE(test, IS_ERR(rt->sw));
	test->priv = rt;
	rt->t = sevl_swfw_transport(rt->sw);
	KUNIT_ASSERT_EQ(test, rt->t->ops->request_irq(rt->t, sevl_rt_irq, rt),
			0);
	rt->irq_registered = true;
	rt_wr(rt, rt->t->regs.inten, SEVL_INTSTS_CMD_COMPLETE);
	return 0;
}

static void sevl_rt_exit(struct kunit *test)
{
	struct sevl_rt *rt = test->priv;

	if (rt->irq_registered)
		rt->t->ops->free_irq(rt->t, rt);
	sevl_swfw_destroy(rt->sw);
}

/* Write the buffer address and the command, as the driver does. */
static void sevl_rt_issue(struct sevl_rt *rt, u32 cmd, u64 pa, bool ioc)
{
	reinit_completion(&rt->done);
	rt_wr(rt, rt->t->regs.cmdbuff_addr_lo, lower_32_bits(pa));
	rt_wr(rt, rt->t->regs.cmdbuff_addr_hi, upper_32_bits(pa));
	rt_wr(rt, rt->t->regs.cmdresp,
	      (cmd << SEVL_CMDRESP_CMD_SHIFT) | (ioc ? SEVL_CMDRESP_IOC : 0));
}

/*
 * Wait for RESP, by interrupt or by polling.  Return the status in bits
 * 15:0, or RT_NO_RESP; cmdresp must then hold nothing but RESP and status.
 */
static int sevl_rt_wait(struct sevl_rt *rt, bool irq, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	u32 v;

	if (irq) {
		if (!wait_for_completion_timeout(&rt->done,
						 msecs_to_jiffies(ms)))
			return RT_NO_RESP;
		v = rt_rd(rt, rt->t->regs.cmdresp);
	} else {
		for (;;) {
			v = rt_rd(rt, rt->t->regs.cmdresp);
			if ((v & SEVL_CMDRESP_RESP) || time_after(jiffies, end))
				break;
			usleep_range(50, 100);
		}
	}
	if (!(v & SEVL_CMDRESP_RESP))
		return RT_NO_RESP;
	KUNIT_EXPECT_EQ(rt->test, v & ~SEVL_CMDRESP_STATUS_MASK,
			SEVL_CMDRESP_RESP);
	return v & SEVL_CMDRESP_STATUS_MASK;
}

/* Run @cmd with @data as its buffer, by interrupt; @data is updated. */
static int sevl_rt_cmd(struct sevl_rt *rt, u32 cmd, void *data, size_t len)
{
	int ret;

	if (len)
		memcpy(rt->buf, data, len);
	sevl_rt_issue(rt, cmd, virt_to_phys(rt->buf), true);
	ret = sevl_rt_wait(rt, true, RT_TIMEOUT_MS);
	if (len)
		memcpy(data, rt->buf, len);
	return ret;
}

static int sevl_rt_exec(struct sevl_fwt *t, u32 cmd, void *buf, size_t len)
{
	return sevl_rt_cmd(container_of(t, struct sevl_rt, fwt), cmd, buf, len);
}

#define RT(rt, cmd, s)	X(&(rt)->fwt, cmd, s)

static void sevl_rt_set_fault(struct sevl_rt *rt, u32 nth, u32 cmd,
			      u16 status, bool hang)
{
	struct sevl_swfw_fault f = {
		.fail_nth = nth, .fail_cmd = cmd, .fail_status = status,
		.hang = hang,
	};

	sevl_swfw_set_fault(rt->sw, &f);
}

/* A physical page that has a struct page but is not RAM, or 0. */
static u64 sevl_rt_not_ram(void)
{
	unsigned long pfn;

	for (pfn = 1; pfn < 0x100000; pfn++)
		if (pfn_valid(pfn) && page_is_ram(pfn) != 1)
			return PFN_PHYS(pfn);
	return 0;
}

/* PLATFORM_STATUS through the registers, completion by interrupt. */
static void sevl_rt_platform_status(struct kunit *test)
{
	struct sevl_rt *rt = test->priv;
	const struct sevl_mbox_regs *r = &rt->t->regs;
	struct sevl_fw_platform_status st;
	u64 pa = virt_to_phys(rt->buf);

	KUNIT_EXPECT_STREQ(test, rt->t->name, "swfw");
	KUNIT_EXPECT_EQ(test, rt->t->nr_asids, RT_NR_ASIDS);
	KUNIT_EXPECT_EQ(test, rt->t->min_sev_asid, RT_MIN_SEV_ASID);
	KUNIT_EXPECT_EQ(test, r->cmdresp, 0x10980);
	KUNIT_EXPECT_EQ(test, r->intsts, 0x10694);
	KUNIT_EXPECT_TRUE(test, rt_rd(rt, r->feature) & SEVL_FEATURE_SEV);
	KUNIT_EXPECT_EQ(test, rt_rd(rt, r->inten), SEVL_INTSTS_CMD_COMPLETE);

	memset(&st, 0xaa, sizeof(st));
	KUNIT_ASSERT_EQ(test, RT(rt, PLATFORM_STATUS, st), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, st.api_major, RT_API_MAJOR);
	KUNIT_EXPECT_EQ(test, st.api_minor, RT_API_MINOR);
	KUNIT_EXPECT_EQ(test, st.build, RT_BUILD);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, st.guest_count, 0);
	KUNIT_EXPECT_EQ(test, rt_rd(rt, r->cmdbuff_addr_lo), lower_32_bits(pa));
	KUNIT_EXPECT_EQ(test, rt_rd(rt, r->cmdbuff_addr_hi), upper_32_bits(pa));

	/* One interrupt, in hard interrupt context; the handler acked it. */
	KUNIT_EXPECT_EQ(test, atomic_read(&rt->irqs), 1);
	KUNIT_EXPECT_TRUE(test, rt->hardirq);
	KUNIT_EXPECT_EQ(test, rt_rd(rt, r->intsts), 0);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(rt->sw), 1);
	KUNIT_EXPECT_EQ(test, sevl_swfw_busy_writes(rt->sw), 0);

	/* An id the firmware does not know. */
	sevl_rt_issue(rt, 0x7ff, pa, true);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, true, RT_TIMEOUT_MS),
			SEV_RET_INVALID_COMMAND);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(rt->sw), 2);
}

/* Polling: IOC off, or interrupts disabled: RESP without an interrupt. */
static void sevl_rt_poll(struct kunit *test)
{
	struct sevl_rt *rt = test->priv;
	const struct sevl_mbox_regs *r = &rt->t->regs;
	u64 pa = virt_to_phys(rt->buf);

	sevl_rt_issue(rt, SEVL_CMD_PLATFORM_STATUS, pa, false);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, false, RT_TIMEOUT_MS),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt->buf[0], RT_API_MAJOR);
	/* Status is set, write-1-to-clear; nobody acked it. */
	KUNIT_EXPECT_EQ(test, rt_rd(rt, r->intsts), SEVL_INTSTS_CMD_COMPLETE);
	rt_wr(rt, r->intsts, 0);
	KUNIT_EXPECT_EQ(test, rt_rd(rt, r->intsts), SEVL_INTSTS_CMD_COMPLETE);
	rt_wr(rt, r->intsts, SEVL_INTSTS_CMD_COMPLETE);
	KUNIT_EXPECT_EQ(test, rt_rd(rt, r->intsts), 0);

	/* IOC set, but the interrupt is disabled. */
	rt_wr(rt, r->inten, 0);
	sevl_rt_issue(rt, SEVL_CMD_PLATFORM_STATUS, pa, true);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, false, RT_TIMEOUT_MS),
			SEV_RET_SUCCESS);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&rt->irqs), 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&rt->done));

	/* Enabled again: IOC decides. */
	rt_wr(rt, r->inten, SEVL_INTSTS_CMD_COMPLETE);
	sevl_rt_issue(rt, SEVL_CMD_PLATFORM_STATUS, pa, true);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, true, RT_TIMEOUT_MS),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&rt->irqs), 1);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(rt->sw), 3);
}

/*
 * hang: the command is held, the driver times out; a cmdresp write in the
 * meantime is ignored; releasing completes the first command late.
 */
static void sevl_rt_hang(struct kunit *test)
{
	struct sevl_rt *rt = test->priv;
	const struct sevl_mbox_regs *r = &rt->t->regs;
	struct sevl_fw_platform_status st;
	u32 busy_val = (SEVL_CMD_INIT << SEVL_CMDRESP_CMD_SHIFT) |
		       SEVL_CMDRESP_IOC;

	sevl_rt_set_fault(rt, 0, 0, 0, true);
	memset(rt->buf, 0xaa, sizeof(st));
	sevl_rt_issue(rt, SEVL_CMD_PLATFORM_STATUS, virt_to_phys(rt->buf),
		      true);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, true, 50), RT_NO_RESP);
	KUNIT_EXPECT_EQ(test, rt_rd(rt, r->cmdresp),
			(SEVL_CMD_PLATFORM_STATUS << SEVL_CMDRESP_CMD_SHIFT) |
			SEVL_CMDRESP_IOC);
	KUNIT_EXPECT_EQ(test, rt->buf[0], 0xaa);

	/* A second command while the first is in flight is not taken. */
	rt_wr(rt, r->cmdresp, busy_val);
	rt_wr(rt, r->cmdresp, busy_val);
	KUNIT_EXPECT_EQ(test, sevl_swfw_busy_writes(rt->sw), 2);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(rt->sw), 0);

	sevl_rt_set_fault(rt, 0, 0, 0, false);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, true, RT_TIMEOUT_MS),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt->buf[0], RT_API_MAJOR);
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(rt->sw), 1);
	/* INIT never ran. */
	KUNIT_ASSERT_EQ(test, RT(rt, PLATFORM_STATUS, st), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_UNINIT);
	KUNIT_EXPECT_EQ(test, sevl_swfw_busy_writes(rt->sw), 2);

	/* Held again, then released. */
	sevl_rt_set_fault(rt, 0, 0, 0, true);
	sevl_rt_issue(rt, SEVL_CMD_PLATFORM_STATUS, virt_to_phys(rt->buf),
		      true);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, true, 50), RT_NO_RESP);
	sevl_rt_set_fault(rt, 0, 0, 0, false);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, true, RT_TIMEOUT_MS),
			SEV_RET_SUCCESS);
}

/* fail_nth and fail_cmd: the command is not run and reports fail_status. */
static void sevl_rt_faults(struct kunit *test)
{
	struct sevl_rt *rt = test->priv;
	struct sevl_fw_platform_status st;
	struct sevl_fw_init in = {};

	sevl_rt_set_fault(rt, 2, 0, SEV_RET_RESOURCE_LIMIT, false);
	KUNIT_EXPECT_EQ(test, RT(rt, PLATFORM_STATUS, st), SEV_RET_SUCCESS);
	memset(&st, 0xaa, sizeof(st));
	KUNIT_EXPECT_EQ(test, RT(rt, PLATFORM_STATUS, st),
			SEV_RET_RESOURCE_LIMIT);
	KUNIT_EXPECT_EQ(test, st.api_major, 0xaa);	/* not written */
	KUNIT_EXPECT_EQ(test, RT(rt, PLATFORM_STATUS, st), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, st.api_major, RT_API_MAJOR);
	KUNIT_EXPECT_EQ(test, RT(rt, PLATFORM_STATUS, st), SEV_RET_SUCCESS);

	sevl_rt_set_fault(rt, 0, SEVL_CMD_INIT, SEV_RET_HWSEV_RET_PLATFORM,
			  false);
	KUNIT_EXPECT_EQ(test, RT(rt, INIT, in), SEV_RET_HWSEV_RET_PLATFORM);
	KUNIT_EXPECT_EQ(test, RT(rt, INIT, in), SEV_RET_HWSEV_RET_PLATFORM);
	KUNIT_EXPECT_EQ(test, RT(rt, PLATFORM_STATUS, st), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_UNINIT);

	sevl_rt_set_fault(rt, 0, 0, 0, false);
	KUNIT_EXPECT_EQ(test, RT(rt, INIT, in), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, RT(rt, PLATFORM_STATUS, st), SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, st.state, SEVL_PSTATE_INIT);
	/* Failed commands complete and count like the others. */
	KUNIT_EXPECT_EQ(test, sevl_swfw_cmd_count(rt->sw), 9);
	KUNIT_EXPECT_EQ(test, atomic_read(&rt->irqs), 9);
}

/* A whole launch through the registers, guest memory in kmalloc'd pages. */
static void sevl_rt_guest(struct kunit *test)
{
	struct sevl_rt *rt = test->priv;
	struct sevl_fwt *f = &rt->fwt;
	struct sevl_fw_launch_measure lm = { .len = SEVL_MEASURE_SIZE };
	u64 bad = sevl_rt_not_ram(), gpa, opa;
	u8 *guest, *plain, *out;
	u32 h;

	guest = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	plain = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	out = kunit_kzalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, guest);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	KUNIT_ASSERT_NOT_NULL(test, out);
	gpa = virt_to_phys(guest);
	opa = virt_to_phys(out);
	sevl_fwt_fill(plain, 2 * PAGE_SIZE, 13);
	memcpy(guest, plain, 2 * PAGE_SIZE);

	sevl_fwt_up(f, 0);
	h = sevl_fwt_start(f, 0, SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, h, 0);
	/* Below min_sev_asid is SEV-ES only. */
	KUNIT_EXPECT_EQ(test, sevl_fwt_activate(f, h, RT_MIN_SEV_ASID - 1),
			SEV_RET_INVALID_ASID);
	KUNIT_ASSERT_EQ(test, sevl_fwt_activate(f, h, RT_NR_ASIDS),
			SEV_RET_SUCCESS);

	/* Memory that is not RAM is refused. */
	if (bad)
		KUNIT_EXPECT_EQ(test, sevl_fwt_update(f, SEVL_CMD_LAUNCH_UPDATE_DATA,
						      h, bad, 16),
				SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(f, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      1ULL << 52, 16),
			SEV_RET_INVALID_ADDRESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_update(f, SEVL_CMD_LAUNCH_UPDATE_DATA, h,
					      gpa, 2 * PAGE_SIZE),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_NE(test, memcmp(guest, plain, 16), 0);
	KUNIT_EXPECT_NE(test, memcmp(guest + 2 * PAGE_SIZE - 16,
				     plain + 2 * PAGE_SIZE - 16, 16), 0);

	lm.handle = h;
	lm.address = opa;
	KUNIT_ASSERT_EQ(test, RT(rt, LAUNCH_MEASURE, lm), SEV_RET_SUCCESS);
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(out, 0, SEVL_MEASURE_SIZE));
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(f, SEVL_CMD_LAUNCH_FINISH, h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_gstate(f, h), SEV_LAUNCH_GSTATE_RUNNING);

	/* DBG_DECRYPT gives back the plaintext, across the page boundary. */
	KUNIT_ASSERT_EQ(test, sevl_fwt_dbg(f, SEVL_CMD_DBG_DECRYPT, h, gpa, opa,
					   2 * PAGE_SIZE),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, out, plain, 2 * PAGE_SIZE);

	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(f, SEVL_CMD_DEACTIVATE, h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_handle_cmd(f, SEVL_CMD_DECOMMISSION, h),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, sevl_fwt_status(f).state, SEVL_PSTATE_INIT);
	KUNIT_EXPECT_EQ(test, X0(f, SHUTDOWN), SEV_RET_SUCCESS);
}

/* A command buffer the firmware may not reach: INVALID_ADDRESS. */
static void sevl_rt_bad_buffer(struct kunit *test)
{
	struct sevl_rt *rt = test->priv;
	u64 bad = sevl_rt_not_ram();

	sevl_rt_issue(rt, SEVL_CMD_PLATFORM_STATUS, 1ULL << 52, true);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, true, RT_TIMEOUT_MS),
			SEV_RET_INVALID_ADDRESS);
	sevl_rt_issue(rt, SEVL_CMD_INIT, ~0ULL - 4, true);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, true, RT_TIMEOUT_MS),
			SEV_RET_INVALID_ADDRESS);
	if (!bad)
		kunit_skip(test, "no valid pfn outside RAM below 4 GiB");
	sevl_rt_issue(rt, SEVL_CMD_PLATFORM_STATUS, bad, true);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, true, RT_TIMEOUT_MS),
			SEV_RET_INVALID_ADDRESS);
}

/* The physical memory accessors, directly. */
static void sevl_rt_mem(struct kunit *test)
{
	const struct sevl_fw_mem_ops *ops = &sevl_swfw_mem_ops;
	u8 *mem, pat[64], got[64];
	u64 pa, bad = sevl_rt_not_ram();
	size_t i;

	mem = kunit_kzalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	for (i = 0; i < sizeof(pat); i++)
		pat[i] = i + 1;
	pa = virt_to_phys(mem) + PAGE_SIZE - 24;

	/* Across a page boundary, both ways. */
	KUNIT_ASSERT_EQ(test, ops->write(NULL, pa, pat, sizeof(pat)), 0);
	KUNIT_EXPECT_MEMEQ(test, mem + PAGE_SIZE - 24, pat, sizeof(pat));
	KUNIT_EXPECT_EQ(test, mem[PAGE_SIZE - 25], 0);
	KUNIT_EXPECT_EQ(test, mem[PAGE_SIZE + 40], 0);
	memset(got, 0, sizeof(got));
	KUNIT_ASSERT_EQ(test, ops->read(NULL, pa + 1, got, sizeof(got) - 1),
			0);
	KUNIT_EXPECT_MEMEQ(test, got, pat + 1, sizeof(got) - 1);
	KUNIT_EXPECT_EQ(test, ops->read(NULL, pa, got, 0), 0);

	/* Refusals leave the buffer alone. */
	memset(got, 0x5a, sizeof(got));
	KUNIT_EXPECT_LT(test, ops->read(NULL, 1ULL << 52, got, 16), 0);
	KUNIT_EXPECT_LT(test, ops->read(NULL, ~0ULL - 8, got, 16), 0);
	KUNIT_EXPECT_LT(test, ops->write(NULL, ~0ULL - 8, pat, 16), 0);
	if (bad) {
		KUNIT_EXPECT_LT(test, ops->read(NULL, bad, got, 16), 0);
		KUNIT_EXPECT_LT(test, ops->read(NULL, bad - 8, got, 16), 0);
	}
	KUNIT_EXPECT_NULL(test, memchr_inv(got, 0x5a, sizeof(got)));
}

/* Interrupt wiring: one handler, and none after free_irq. */
static void sevl_rt_irq_ops(struct kunit *test)
{
	struct sevl_rt *rt = test->priv;
	u64 pa = virt_to_phys(rt->buf);

	KUNIT_EXPECT_EQ(test, rt->t->ops->request_irq(rt->t, sevl_rt_irq, rt),
			-EBUSY);
	rt->t->ops->free_irq(rt->t, rt);
	rt->irq_registered = false;
	sevl_rt_issue(rt, SEVL_CMD_PLATFORM_STATUS, pa, true);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, false, RT_TIMEOUT_MS),
			SEV_RET_SUCCESS);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&rt->irqs), 0);

	KUNIT_ASSERT_EQ(test, rt->t->ops->request_irq(rt->t, sevl_rt_irq, rt),
			0);
	rt->irq_registered = true;
	sevl_rt_issue(rt, SEVL_CMD_PLATFORM_STATUS, pa, true);
	KUNIT_EXPECT_EQ(test, sevl_rt_wait(rt, true, RT_TIMEOUT_MS),
			SEV_RET_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&rt->irqs), 1);
}

/* Configuration: defaults, latency, refusals. */
static void sevl_rt_config(struct kunit *test)
{
	struct sevl_swfw_config cfg = { .latency_us = 30000 };
	struct sevl_transport *t;
	struct sevl_swfw *sw;
	ktime_t start;
	u64 pa;
	u32 v;

	sw = sevl_swfw_create(NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(sw));
	t = sevl_swfw_transport(sw);
	/* An EPYC 7003 with the SEV-ES ASID limit at 100. */
	KUNIT_EXPECT_EQ(test, t->nr_asids, 509);
	KUNIT_EXPECT_EQ(test, t->min_sev_asid, 100);
	/* One guest context per ASID. */
	KUNIT_EXPECT_EQ(test, sw->fw->p.max_guests, 509);
	KUNIT_EXPECT_PTR_EQ(test, t->priv, (void *)sw);
	sevl_swfw_destroy(sw);

	cfg.nr_asids = SEVL_SWFW_MAX_ASIDS + 1;
	KUNIT_EXPECT_EQ(test, PTR_ERR(sevl_swfw_create(&cfg)), -EINVAL);

	cfg.min_sev_asid = 12;
	cfg.nr_asids = 10;
	KUNIT_EXPECT_EQ(test, PTR_ERR(sevl_swfw_create(&cfg)), -EINVAL);
	cfg.min_sev_asid = 0;
	cfg.latency_us = SEVL_SWFW_MAX_LATENCY_US + 1;
	KUNIT_EXPECT_EQ(test, PTR_ERR(sevl_swfw_create(&cfg)), -EINVAL);

	cfg.latency_us = 30000;
	sw = sevl_swfw_create(&cfg);
	KUNIT_ASSERT_FALSE(test, IS_ERR(sw));
	t = sevl_swfw_transport(sw);
	pa = virt_to_phys(((struct sevl_rt *)test->priv)->buf);
	start = ktime_get();
	t->ops->write(t, t->regs.cmdbuff_addr_lo, lower_32_bits(pa));
	t->ops->write(t, t->regs.cmdbuff_addr_hi, upper_32_bits(pa));
	t->ops->write(t, t->regs.cmdresp,
		      SEVL_CMD_PLATFORM_STATUS << SEVL_CMDRESP_CMD_SHIFT);
	do {
		usleep_range(1000, 2000);
		v = t->ops->read(t, t->regs.cmdresp);
	} while (!(v & SEVL_CMDRESP_RESP) &&
		 ktime_ms_delta(ktime_get(), start) < RT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, v, SEVL_CMDRESP_RESP | SEV_RET_SUCCESS);
	KUNIT_EXPECT_GE(test, ktime_us_delta(ktime_get(), start), 30000);
	sevl_swfw_destroy(sw);
}

static struct kunit_case sevl_rt_cases[] = {
	KUNIT_CASE(sevl_rt_platform_status),
	KUNIT_CASE(sevl_rt_poll),
	KUNIT_CASE(sevl_rt_hang),
	KUNIT_CASE(sevl_rt_faults),
	KUNIT_CASE(sevl_rt_guest),
	KUNIT_CASE(sevl_rt_bad_buffer),
	KUNIT_CASE(sevl_rt_mem),
	KUNIT_CASE(sevl_rt_irq_ops),
	KUNIT_CASE(sevl_rt_config),
	{}
};

static struct kunit_suite sevl_rt_suite = {
	.name = "sev-swfw-regs",
	.init = sevl_rt_init,
	.exit = sevl_rt_exit,
	.test_cases = sevl_rt_cases,
};

kunit_test_suite(sevl_rt_suite);
