// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: what a vCPU's VMSA may carry (suite sev-launch-core-vmsa).
 *
 * KVM decides the DR7 and #DB intercepts, and whether it saves the host's
 * DR0-3 around VMRUN, from the VM's sev_features.  A vCPU whose VMSA
 * carries other features (DEBUG_SWAP in particular) would clobber host
 * state, so every VMSA must carry exactly the VM's features, whether it is
 * synced from registers or given as a full page.  A page must also not
 * turn debug registers on (DR7 beyond its fixed bit): upstream refuses a
 * synced VMSA in that case.  Both modes, both forms; a refusal must not
 * reach the firmware and must leave nothing recorded.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>

#include "launch_test.h"

/* VMSA fields (struct sev_es_save_area). */
#define LT_VMSA_DR7		0x160
#define LT_VMSA_FEATURES	0x3b0
#define LT_DR7_FIXED		0x400ULL

/* Expect a refusal by the core: -EINVAL, @reason, firmware untouched. */
#define LT_VREFUSED(t, expr, reason) do {					\
	struct sevl_lt *__t = (t);					\
	u32 __total = __t->total;					\
	fw = 0;								\
	KUNIT_EXPECT_EQ(__t->test, (expr), -EINVAL);			\
	KUNIT_EXPECT_EQ(__t->test, __t->why, (u32)(reason));	\
	KUNIT_EXPECT_EQ(__t->test, fw, SEVL_FW_NOT_CALLED);		\
	KUNIT_EXPECT_EQ(__t->test, __t->total, __total);		\
} while (0)

/* A VMM's VMSA page for vCPU @id with the given sev_features and DR7. */
static void lt_page(u8 *page, u32 id, u64 features, u64 dr7)
{
	sevl_lt_fill_bytes(page, SEVL_VMSA_SIZE, 0x70 + id, 0);
	memcpy(page + LT_VMSA_FEATURES, &features, sizeof(features));
	memcpy(page + LT_VMSA_DR7, &dr7, sizeof(dr7));
}

static u64 lt_features_of(const u8 *vmsa)
{
	u64 f;

	memcpy(&f, vmsa + LT_VMSA_FEATURES, sizeof(f));
	return f;
}

/* Every way to give vCPU 0 other features or debug state is refused. */
static void lt_refusals(struct sevl_lt *t, u8 *page)
{
	struct kunit *test = t->test;
	u64 vm = t->vm_features, other = vm ^ SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP;
	u64 bad = BIT_ULL(3);
	u32 fw;

	/* Allowed for the platform, but not what the VM was created with. */
	LT_VREFUSED(t, sevl_launch_update_vmsa(t->l, 0, NULL, &other, &fw, &t->why),
		    SEV_LAUNCH_ERR_FEATURES_VM);
	lt_page(page, 0, other, 0);
	LT_VREFUSED(t, sevl_launch_update_vmsa(t->l, 0, page, NULL, &fw, &t->why),
		    SEV_LAUNCH_ERR_FEATURES_VM);
	/* A superset that includes the VM's features. */
	other = vm | BIT_ULL(7);
	LT_VREFUSED(t, sevl_launch_update_vmsa(t->l, 0, NULL, &other, &fw, &t->why),
		    SEV_LAUNCH_ERR_FEATURES_VM);
	lt_page(page, 0, other, 0);
	LT_VREFUSED(t, sevl_launch_update_vmsa(t->l, 0, page, NULL, &fw, &t->why),
		    SEV_LAUNCH_ERR_FEATURES_VM);
	/* Not allowed at all: the older, coarser reason. */
	LT_VREFUSED(t, sevl_launch_update_vmsa(t->l, 0, NULL, &bad, &fw, &t->why),
		    SEV_LAUNCH_ERR_FEATURES);

	/* The right features, but DR7 enables a breakpoint or GD. */
	lt_page(page, 0, vm, LT_DR7_FIXED | 1);
	LT_VREFUSED(t, sevl_launch_update_vmsa(t->l, 0, page, NULL, &fw, &t->why),
		    SEV_LAUNCH_ERR_VMSA_DEBUG);
	lt_page(page, 0, vm, BIT_ULL(13));
	LT_VREFUSED(t, sevl_launch_update_vmsa(t->l, 0, page, NULL, &fw, &t->why),
		    SEV_LAUNCH_ERR_VMSA_DEBUG);
	lt_page(page, 0, vm, BIT_ULL(40));
	LT_VREFUSED(t, sevl_launch_update_vmsa(t->l, 0, page, NULL, &fw, &t->why),
		    SEV_LAUNCH_ERR_VMSA_DEBUG);

	/* Nothing was recorded or measured for vCPU 0. */
	KUNIT_EXPECT_EQ(test, sevl_launch_vcpu_vmsa(t->l, 0, page), -ENOENT);
	KUNIT_EXPECT_FALSE(test, t->vcpus[0].protected);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_VMSA], 0);
}

static void lt_rules_run(struct kunit *test, bool canon, u64 vm_features)
{
	struct sevl_lt *t = test->priv;
	u64 vm = vm_features;
	u32 fw, len = SEVL_MEASURE_SIZE, i;
	u8 *page, *buf, m[SEVL_MEASURE_SIZE], d[32];

	page = kunit_kzalloc(test, SEVL_VMSA_SIZE, GFP_KERNEL);
	buf = kunit_kzalloc(test, SEVL_VMSA_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	t->nr_vcpus = 4;
	t->vm_features = vm;
	sevl_lt_launch(t, true, canon);
	sevl_lt_start(t, LT_ES_POLICY);

	lt_refusals(t, page);

	/* The accepted forms: the VM's features, DR7 at most its fixed bit. */
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 0, NULL, &vm, &fw, &t->why),
			0);
	lt_page(page, 1, vm, LT_DR7_FIXED);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 1, page, NULL, &fw, &t->why),
			0);
	lt_page(page, 2, vm, 0);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 2, page, NULL, &fw, &t->why),
			0);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 3, NULL, NULL, &fw, &t->why),
			0);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_VMSA],
			canon ? 0 : 4);
	KUNIT_ASSERT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), 0);

	/* Every measured VMSA carries exactly the VM's features. */
	for (i = 0; i < 4; i++) {
		KUNIT_EXPECT_EQ(test, sevl_launch_vcpu_vmsa(t->l, i, buf), 0);
		KUNIT_EXPECT_EQ(test, lt_features_of(buf), vm);
		KUNIT_EXPECT_TRUE(test, t->vcpus[i].protected);
	}
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_VMSA], 4);
	sevl_lt_digest(t, d);
	KUNIT_EXPECT_MEMEQ(test, d, sevl_lt_fw_ld(t), 32);
}

/* An INIT2 VM with DEBUG_SWAP, canonical mode. */
static void lt_rules_canonical(struct kunit *test)
{
	lt_rules_run(test, true, SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP);
}

/* The same VM in default mode (the per-vCPU form goes to the firmware). */
static void lt_rules_default(struct kunit *test)
{
	lt_rules_run(test, false, SEV_LAUNCH_VMSA_FEAT_DEBUG_SWAP);
}

/* A VM without features (KVM_SEV_ES_INIT, or INIT2 with none). */
static void lt_rules_none(struct kunit *test)
{
	lt_rules_run(test, true, 0);
}

/*
 * The host's say: a vCPU under guest debugging gets no VMSA, when it is
 * given, and again at the replay, which then sends nothing and leaves the
 * launch usable.
 */
static void lt_host_debug(struct kunit *test)
{
	struct sevl_lt *t = test->priv;
	u32 fw, len = SEVL_MEASURE_SIZE, i;
	u8 *page, m[SEVL_MEASURE_SIZE];

	page = kunit_kzalloc(test, SEVL_VMSA_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	t->nr_vcpus = 2;
	sevl_lt_launch(t, true, true);
	sevl_lt_start(t, LT_ES_POLICY);
	t->vcpus[0].debug = true;
	LT_VREFUSED(t, sevl_launch_update_vmsa(t->l, 0, NULL, NULL, &fw, &t->why),
		    SEV_LAUNCH_ERR_VMSA_DEBUG);
	lt_page(page, 0, t->vm_features, 0);
	LT_VREFUSED(t, sevl_launch_update_vmsa(t->l, 0, page, NULL, &fw, &t->why),
		    SEV_LAUNCH_ERR_VMSA_DEBUG);
	t->vcpus[0].debug = false;
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 0, page, NULL, &fw, &t->why),
			0);
	KUNIT_EXPECT_EQ(test, sevl_launch_update_vmsa(t->l, 1, NULL, NULL, &fw, &t->why),
			0);

	/* Turned on after the VMSA was recorded. */
	t->vcpus[1].debug = true;
	LT_VREFUSED(t, sevl_launch_measure(t->l, m, &len, &fw, &t->why),
		    SEV_LAUNCH_ERR_VMSA_DEBUG);
	KUNIT_EXPECT_EQ(test, sevl_launch_state(t->l), SEVL_LAUNCH_START);
	KUNIT_EXPECT_EQ(test, t->locked, 0);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_FALSE(test, t->vcpus[i].protected);
	t->vcpus[1].debug = false;
	KUNIT_EXPECT_EQ(test, sevl_launch_measure(t->l, m, &len, &fw, &t->why), 0);
	KUNIT_EXPECT_EQ(test, t->calls[SEVL_CMD_LAUNCH_UPDATE_VMSA], 2);
}

static struct kunit_case sevl_launch_vmsa_cases[] = {
	KUNIT_CASE(lt_rules_canonical),
	KUNIT_CASE(lt_rules_default),
	KUNIT_CASE(lt_rules_none),
	KUNIT_CASE(lt_host_debug),
	{}
};

static struct kunit_suite sevl_launch_vmsa_suite = {
	.name = "sev-launch-core-vmsa",
	.init = sevl_lt_init,
	.exit = sevl_lt_exit,
	.test_cases = sevl_launch_vmsa_cases,
};

kunit_test_suite(sevl_launch_vmsa_suite);
