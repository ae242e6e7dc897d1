// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: SEV-ES VMSA pages (struct sev_es_save_area, 4096 bytes) as
 * KVM builds them for a vCPU at reset, and a field-by-field printer.
 *
 * Values for the QEMU VMM (everything else zero):
 *	es, ss, ds, fs, gs  sel 0, attrib 0x93, limit 0xffff, base 0
 *	cs                  sel 0xf000, attrib 0x9b, limit 0xffff,
 *	                    base = EIP & 0xffff0000
 *	gdtr, idtr          limit 0xffff;  ldtr attrib 0x82;  tr attrib 0x8b
 *	efer 0x1000 (SVME)  cr4 0x40 (MCE)  cr0 0x10  dr7 0x400
 *	dr6 0xffff0ff0  rflags 0x2  rip = EIP & 0xffff
 *	g_pat 0x0007040600070406  rdx = CPUID(1).EAX  xcr0 0x1
 *	sev_features as given (0 unless the VMM asked for more)
 *	mxcsr/x87_fcw: 0/0 (KVM_SEV_ES_INIT) or 0x1f80/0x37f (KVM_SEV_INIT2)
 * EC2: BSP cs attrib 0x9a, ss attrib 0x92, tr attrib 0x83, rdx 0x600,
 * FPU zero.  GCE: rdx 0x600, g_pat 0x00070106, FPU zero.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sevctl.h"

struct sc_cpu {
	const char *name;
	uint32_t sig;
};

static const struct sc_cpu sc_cpus[] = {
	{ "EPYC", 0x800f12 }, { "EPYC-v1", 0x800f12 }, { "EPYC-v2", 0x800f12 },
	{ "EPYC-v3", 0x800f12 }, { "EPYC-v4", 0x800f12 },
	{ "EPYC-IBPB", 0x800f12 },
	{ "EPYC-Rome", 0x830f10 }, { "EPYC-Rome-v1", 0x830f10 },
	{ "EPYC-Rome-v2", 0x830f10 }, { "EPYC-Rome-v3", 0x830f10 },
	{ "EPYC-Rome-v4", 0x830f10 },
	{ "EPYC-Milan", 0xa00f11 }, { "EPYC-Milan-v1", 0xa00f11 },
	{ "EPYC-Milan-v2", 0xa00f11 },
	{ "EPYC-Genoa", 0xa10f10 }, { "EPYC-Genoa-v1", 0xa10f10 },
	{ "EPYC-Turin", 0xb00f00 },
};

uint32_t sc_cpu_sig_fms(unsigned int family, unsigned int model,
			unsigned int stepping)
{
	unsigned int fam_lo = family > 0xf ? 0xf : family;
	unsigned int fam_hi = family > 0xf ? family - 0xf : 0;

	return (fam_hi & 0xff) << 20 | ((model >> 4) & 0xf) << 16 |
	       fam_lo << 8 | (model & 0xf) << 4 | (stepping & 0xf);
}

int sc_cpu_sig(const char *type, uint32_t *sig)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sc_cpus); i++)
		if (!strcasecmp(type, sc_cpus[i].name)) {
			*sig = sc_cpus[i].sig;
			return 0;
		}
	sc_err(SC_EINPUT, "unknown vCPU type '%s' (known: EPYC[-vN], EPYC-Rome, EPYC-Milan, EPYC-Genoa, EPYC-Turin)",
	       type);
	return -SC_EINPUT;
}

void sc_vmsa_desc_default(struct sc_vmsa_desc *d)
{
	memset(d, 0, sizeof(*d));
	d->reset_eip = 0xfffffff0;
	d->bsp = true;
	d->vcpu_sig = 0x800f12;
	d->fpu = SC_FPU_INIT2;
	d->vmm = SC_VMM_QEMU;
}

int sc_vmsa_desc_set(struct sc_vmsa_desc *d, const char *key,
		     const char *val, const char *where)
{
	uint64_t v;
	int ret;

	if (!strcmp(key, "reset-vector") || !strcmp(key, "reset-eip")) {
		ret = sc_parse_u64(where, val, &v);
		if (ret)
			return ret;
		if (v > 0xffffffff) {
			sc_err(SC_EINPUT, "%s: reset vector %#llx above 4 GiB",
			       where, (unsigned long long)v);
			return -SC_EINPUT;
		}
		d->reset_eip = v;
		d->bsp = v == 0xfffffff0;
	} else if (!strcmp(key, "vcpu-sig")) {
		/* CPUID(1).EAX is 32 bits. */
		ret = sc_parse_uint(where, val, 0xffffffff, &v);
		if (ret)
			return ret;
		d->vcpu_sig = v;
	} else if (!strcmp(key, "vcpu-type")) {
		return sc_cpu_sig(val, &d->vcpu_sig);
	} else if (!strcmp(key, "sev-features")) {
		return sc_parse_u64(where, val, &d->sev_features);
	} else if (!strcmp(key, "fpu")) {
		if (!strcasecmp(val, "es-init") || !strcasecmp(val, "legacy"))
			d->fpu = SC_FPU_ES_INIT;
		else if (!strcasecmp(val, "init2"))
			d->fpu = SC_FPU_INIT2;
		else
			goto bad;
		d->fpu_given = true;
	} else if (!strcmp(key, "vmm")) {
		if (!strcasecmp(val, "qemu"))
			d->vmm = SC_VMM_QEMU;
		else if (!strcasecmp(val, "ec2"))
			d->vmm = SC_VMM_EC2;
		else if (!strcasecmp(val, "gce"))
			d->vmm = SC_VMM_GCE;
		else
			goto bad;
	} else {
		sc_err(SC_EINPUT, "%s: unknown key '%s'", where, key);
		return -SC_EINPUT;
	}
	return 0;
bad:
	sc_err(SC_EINPUT, "%s: bad value '%s' for '%s'", where, val, key);
	return -SC_EINPUT;
}

int sc_vmsa_desc_parse(const char *path, struct sc_vmsa_desc *d)
{
	char line[512], where[600], key[64], val[256];
	unsigned int lineno = 0;
	FILE *f = fopen(path, "r");
	int ret = 0;

	if (!f) {
		sc_err(SC_EINPUT, "%s: cannot open", path);
		return -SC_EINPUT;
	}
	sc_vmsa_desc_default(d);
	while (!ret && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, '#');
		int n;

		lineno++;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		if (!strchr(line, '\n') && !feof(f)) {
			sc_err(SC_EINPUT, "%s: line too long", where);
			ret = -SC_EINPUT;
			break;
		}
		if (p)
			*p = 0;
		n = sscanf(line, "%63s %255s", key, val);
		if (n <= 0)
			continue;
		if (n != 2) {
			sc_err(SC_EINPUT, "%s: expected 'key value'", where);
			ret = -SC_EINPUT;
			break;
		}
		ret = sc_vmsa_desc_set(d, key, val, where);
	}
	fclose(f);
	return ret;
}

static void sc_seg(uint8_t *p, uint16_t sel, uint16_t attr, uint32_t limit,
		   uint64_t base)
{
	sc_put_le16(p, sel);
	sc_put_le16(p + 2, attr);
	sc_put_le32(p + 4, limit);
	sc_put_le64(p + 8, base);
}

int sc_vmsa_build(const struct sc_vmsa_desc *d, uint8_t v[SC_VMSA_SIZE])
{
	bool ec2 = d->vmm == SC_VMM_EC2, gce = d->vmm == SC_VMM_GCE;
	uint16_t data_attr = 0x93;
	int i;

	memset(v, 0, SC_VMSA_SIZE);
	for (i = 0; i < 6; i++)		/* es cs ss ds fs gs */
		sc_seg(v + 16 * i, 0, data_attr, 0xffff, 0);
	sc_seg(v + 0x010, 0xf000, ec2 && d->bsp ? 0x9a : 0x9b, 0xffff,
	       d->reset_eip & 0xffff0000);
	if (ec2)
		sc_seg(v + 0x020, 0, 0x92, 0xffff, 0);
	sc_seg(v + 0x060, 0, 0, 0xffff, 0);	/* gdtr */
	sc_seg(v + 0x070, 0, 0x82, 0xffff, 0);	/* ldtr */
	sc_seg(v + 0x080, 0, 0, 0xffff, 0);	/* idtr */
	sc_seg(v + 0x090, 0, ec2 ? 0x83 : 0x8b, 0xffff, 0);	/* tr */
	sc_put_le64(v + 0x0d0, 0x1000);			/* efer */
	sc_put_le64(v + 0x148, 0x40);			/* cr4 */
	sc_put_le64(v + 0x158, 0x10);			/* cr0 */
	sc_put_le64(v + 0x160, 0x400);			/* dr7 */
	sc_put_le64(v + 0x168, 0xffff0ff0);		/* dr6 */
	sc_put_le64(v + 0x170, 0x2);			/* rflags */
	sc_put_le64(v + 0x178, d->reset_eip & 0xffff);	/* rip */
	sc_put_le64(v + 0x268, gce ? 0x00070106 : 0x0007040600070406ULL);
	sc_put_le64(v + 0x310, ec2 || gce ? 0x600 : d->vcpu_sig);	/* rdx */
	sc_put_le64(v + 0x3b0, d->sev_features);
	sc_put_le64(v + 0x3e8, 0x1);			/* xcr0 */
	if (d->fpu == SC_FPU_INIT2 && d->vmm == SC_VMM_QEMU) {
		sc_put_le32(v + 0x408, 0x1f80);		/* mxcsr */
		sc_put_le16(v + 0x410, 0x37f);		/* x87_fcw */
	}
	return 0;
}

struct sc_field {
	uint16_t off;
	uint8_t size;	/* 2, 4, 8; 16 = segment */
	const char *name;
};

static const struct sc_field sc_fields[] = {
	{ 0x000, 16, "es" }, { 0x010, 16, "cs" }, { 0x020, 16, "ss" },
	{ 0x030, 16, "ds" }, { 0x040, 16, "fs" }, { 0x050, 16, "gs" },
	{ 0x060, 16, "gdtr" }, { 0x070, 16, "ldtr" }, { 0x080, 16, "idtr" },
	{ 0x090, 16, "tr" },
	{ 0x0a0, 8, "pl0_ssp" }, { 0x0a8, 8, "pl1_ssp" },
	{ 0x0b0, 8, "pl2_ssp" }, { 0x0b8, 8, "pl3_ssp" }, { 0x0c0, 8, "u_cet" },
	{ 0x0ca, 1, "vmpl" }, { 0x0cb, 1, "cpl" }, { 0x0d0, 8, "efer" },
	{ 0x140, 8, "xss" }, { 0x148, 8, "cr4" }, { 0x150, 8, "cr3" },
	{ 0x158, 8, "cr0" }, { 0x160, 8, "dr7" }, { 0x168, 8, "dr6" },
	{ 0x170, 8, "rflags" }, { 0x178, 8, "rip" },
	{ 0x180, 8, "dr0" }, { 0x188, 8, "dr1" }, { 0x190, 8, "dr2" },
	{ 0x198, 8, "dr3" },
	{ 0x1d8, 8, "rsp" }, { 0x1e0, 8, "s_cet" }, { 0x1e8, 8, "ssp" },
	{ 0x1f0, 8, "isst_addr" }, { 0x1f8, 8, "rax" }, { 0x200, 8, "star" },
	{ 0x208, 8, "lstar" }, { 0x210, 8, "cstar" }, { 0x218, 8, "sfmask" },
	{ 0x220, 8, "kernel_gs_base" }, { 0x228, 8, "sysenter_cs" },
	{ 0x230, 8, "sysenter_esp" }, { 0x238, 8, "sysenter_eip" },
	{ 0x240, 8, "cr2" }, { 0x268, 8, "g_pat" }, { 0x270, 8, "dbgctl" },
	{ 0x2e8, 4, "pkru" }, { 0x2ec, 4, "tsc_aux" },
	{ 0x308, 8, "rcx" }, { 0x310, 8, "rdx" }, { 0x318, 8, "rbx" },
	{ 0x328, 8, "rbp" }, { 0x330, 8, "rsi" }, { 0x338, 8, "rdi" },
	{ 0x340, 8, "r8" }, { 0x348, 8, "r9" }, { 0x350, 8, "r10" },
	{ 0x358, 8, "r11" }, { 0x360, 8, "r12" }, { 0x368, 8, "r13" },
	{ 0x370, 8, "r14" }, { 0x378, 8, "r15" },
	{ 0x3b0, 8, "sev_features" }, { 0x3b8, 8, "vintr_ctrl" },
	{ 0x3d8, 8, "virtual_tom" }, { 0x3e8, 8, "xcr0" },
	{ 0x400, 8, "x87_dp" }, { 0x408, 4, "mxcsr" }, { 0x40c, 2, "x87_ftw" },
	{ 0x40e, 2, "x87_fsw" }, { 0x410, 2, "x87_fcw" },
	{ 0x412, 2, "x87_fop" }, { 0x414, 2, "x87_ds" }, { 0x416, 2, "x87_cs" },
	{ 0x418, 8, "x87_rip" },
};

void sc_vmsa_print(const uint8_t v[SC_VMSA_SIZE])
{
	uint8_t covered[SC_VMSA_SIZE] = { 0 };
	size_t i;
	int other = 0;

	for (i = 0; i < ARRAY_SIZE(sc_fields); i++) {
		const struct sc_field *f = &sc_fields[i];
		const uint8_t *p = v + f->off;

		memset(covered + f->off, 1, f->size);
		switch (f->size) {
		case 16:
			printf("%#05x %-15s sel %#06x attrib %#06x limit %#010x base %#018llx\n",
			       f->off, f->name, sc_le16(p), sc_le16(p + 2),
			       sc_le32(p + 4), (unsigned long long)sc_le64(p + 8));
			break;
		case 8:
			printf("%#05x %-15s %#llx\n", f->off, f->name,
			       (unsigned long long)sc_le64(p));
			break;
		case 4:
			printf("%#05x %-15s %#x\n", f->off, f->name, sc_le32(p));
			break;
		case 2:
			printf("%#05x %-15s %#x\n", f->off, f->name, sc_le16(p));
			break;
		default:
			printf("%#05x %-15s %#x\n", f->off, f->name, p[0]);
		}
	}
	for (i = 0; i < SC_VMSA_SIZE; i++)
		if (!covered[i] && v[i]) {
			if (!other++)
				printf("other non-zero bytes:\n");
			printf("%#05zx %-15s %#04x\n", i, "byte", v[i]);
		}
	if (!other)
		printf("(all other bytes zero)\n");
}
