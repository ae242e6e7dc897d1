// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: what the emulated SNP platform's CPU supports,
 * and the check of an SNP_LAUNCH_UPDATE CPUID page against it.
 *
 * The CPUID page (SNP ABI, "CPUID Page"; upstream struct snp_cpuid_table)
 * holds COUNT (at most 64) CPUID_FUNCTION entries of 48 bytes: EAX_IN,
 * ECX_IN, XCR0_IN, XSS_IN, EAX, EBX, ECX, EDX, reserved.  Real firmware
 * checks each entry against its policy for the CPU it runs on; the model
 * checks the entries its table below names, and takes the others as they
 * are.  The table is the emulated platform's: an AMD family 19h CPU
 * ("Genoa"-like), written down in Documentation/snp.rst with the bit
 * names.  Two kinds of rule: a mask of the bits a register may set
 * (features the platform has), and a value a register must equal.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "fw.h"

#define SEVL_SNP_CPUID_MAX	64
/* Family 19h, model 11h, stepping 1 (CPUID Fn0000_0001 EAX). */
#define SEVL_SNP_FMS		0x00a10f11

struct sevl_snp_cpuid_fn {
	u32 eax_in;
	u32 ecx_in;
	u64 xcr0_in;
	u64 xss_in;
	u32 regs[4];	/* EAX, EBX, ECX, EDX */
	u64 rsvd;
} __packed;

struct sevl_snp_cpuid_page {
	u32 count;
	u32 rsvd1;
	u64 rsvd2;
	struct sevl_snp_cpuid_fn fn[SEVL_SNP_CPUID_MAX];
} __packed;

static_assert(sizeof(struct sevl_snp_cpuid_page) <= SEVL_SNP_PAGE_SIZE);

enum { R_EAX, R_EBX, R_ECX, R_EDX };

/**
 * struct sevl_snp_cpuid_rule - one register of one leaf
 * @leaf: EAX_IN
 * @subleaf: ECX_IN, or -1 for a leaf without subleaves
 * @reg: R_EAX..R_EDX
 * @exact: the register must equal @val; else it may only set bits of @val
 * @val: the value or mask
 */
struct sevl_snp_cpuid_rule {
	u32 leaf;
	s32 subleaf;
	u8 reg;
	bool exact;
	u32 val;
};

static const struct sevl_snp_cpuid_rule sevl_snp_cpuid_rules[] = {
	{ 0x00000001, -1, R_EAX, true, SEVL_SNP_FMS },
	{ 0x00000001, -1, R_ECX, false, 0xfff83203 },
	{ 0x00000001, -1, R_EDX, false, 0x178bfbff },
	{ 0x00000007, 0, R_EBX, false, 0xf1bf07a9 },
	{ 0x00000007, 0, R_ECX, false, 0x00405f66 },
	{ 0x00000007, 0, R_EDX, false, 0x00000010 },
	{ 0x80000001, -1, R_ECX, false, 0x7ce13fff },
	{ 0x80000001, -1, R_EDX, false, 0x2fd3fbff },
	{ 0x8000001f, -1, R_EAX, false, 0x0000463f },
};

/**
 * sevl_snp_cpuid_fms() - family, model and stepping of the emulated CPU
 *
 * Return: the CPUID Fn0000_0001 EAX value.
 */
u32 sevl_snp_cpuid_fms(void)
{
	return SEVL_SNP_FMS;
}

static bool sevl_snp_cpuid_fix(struct sevl_snp_cpuid_fn *f)
{
	const struct sevl_snp_cpuid_rule *r;
	bool ok = true;
	u32 want;
	int i;

	if (f->rsvd) {
		f->rsvd = 0;
		ok = false;
	}
	for (i = 0; i < ARRAY_SIZE(sevl_snp_cpuid_rules); i++) {
		r = &sevl_snp_cpuid_rules[i];
		if (f->eax_in != r->leaf ||
		    (r->subleaf >= 0 && f->ecx_in != r->subleaf))
			continue;
		want = r->exact ? r->val : f->regs[r->reg] & r->val;
		if (f->regs[r->reg] != want) {
			f->regs[r->reg] = want;
			ok = false;
		}
	}
	return ok;
}

/**
 * sevl_snp_cpuid_check() - check a CPUID page, correcting it in place
 * @page: the page's plaintext, 4 KiB
 *
 * Entries beyond a COUNT above 64 are dropped (COUNT becomes 64), reserved
 * fields are zeroed, and every register a rule names is made to satisfy
 * it.  The caller gives the corrected page back to the host when this
 * returns false.
 *
 * Return: true if the page needed no correction.
 */
bool sevl_snp_cpuid_check(u8 *page)
{
	struct sevl_snp_cpuid_page *p = (struct sevl_snp_cpuid_page *)page;
	bool ok = true;
	u32 i;

	if (p->count > SEVL_SNP_CPUID_MAX) {
		p->count = SEVL_SNP_CPUID_MAX;
		ok = false;
	}
	if (p->rsvd1 || p->rsvd2) {
		p->rsvd1 = 0;
		p->rsvd2 = 0;
		ok = false;
	}
	for (i = 0; i < p->count; i++)
		if (!sevl_snp_cpuid_fix(&p->fn[i]))
			ok = false;
	return ok;
}
