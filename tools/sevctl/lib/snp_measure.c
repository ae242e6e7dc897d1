// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: the SEV-SNP launch digest.
 *
 * Every page that SNP_LAUNCH_UPDATE (or LAUNCH_FINISH, for VMSAs) adds to
 * a guest extends the launch digest with one PAGE_INFO record (SEV-SNP
 * Firmware ABI, AMD pub. 56860, "PAGE_INFO Structure"):
 *
 *	0x00  DIGEST_CUR[48]   the digest so far (zero at LAUNCH_START)
 *	0x30  CONTENTS[48]     SHA-384 of the page for NORMAL and VMSA
 *	                       pages, zero for ZERO, UNMEASURED, SECRETS and
 *	                       CPUID pages
 *	0x60  LENGTH u16       0x70
 *	0x62  PAGE_TYPE u8     1 NORMAL, 2 VMSA, 3 ZERO, 4 UNMEASURED,
 *	                       5 SECRETS, 6 CPUID
 *	0x63  IMI_PAGE u8      0 (a launch by the VMM, not a migration agent)
 *	0x64  VMPL3/2/1_PERMS  0 each, then a reserved byte
 *	0x68  GPA u64          the page's guest physical address; a VMSA
 *	                       page is recorded at 0xFFFFFFFFF000
 *
 *	DIGEST_NEW = SHA-384(PAGE_INFO)
 *
 * "Call order" keeps the records as they were added.  "Canonical order"
 * is every non-VMSA record by ascending GPA (a GPA may occur only once),
 * then every VMSA record by ascending vCPU id; Documentation/sevctl.rst.
 */
#include <stdlib.h>
#include <string.h>

#include "sevctl.h"

#define SC_PAGE		4096
#define SC_PI_LEN	0x70

void sc_snp_init(struct sc_snp_launch *l)
{
	memset(l, 0, sizeof(*l));
}

void sc_snp_free(struct sc_snp_launch *l)
{
	free(l->recs);
	sc_snp_init(l);
}

const char *sc_snp_type_name(unsigned int type)
{
	static const char * const names[] = {
		[SC_SNP_PAGE_NORMAL] = "normal", [SC_SNP_PAGE_VMSA] = "vmsa",
		[SC_SNP_PAGE_ZERO] = "zero",
		[SC_SNP_PAGE_UNMEASURED] = "unmeasured",
		[SC_SNP_PAGE_SECRETS] = "secrets", [SC_SNP_PAGE_CPUID] = "cpuid",
	};

	return type < ARRAY_SIZE(names) && names[type] ? names[type] : "?";
}

int sc_snp_add(struct sc_snp_launch *l, unsigned int type, uint64_t gpa,
	       uint32_t vcpu, const uint8_t *page, const char *origin)
{
	struct sc_snp_rec *r;

	if (type < SC_SNP_PAGE_NORMAL || type > SC_SNP_PAGE_CPUID) {
		sc_err(SC_EINPUT, "%s: page type %u is not an SNP page type",
		       origin, type);
		return -SC_EINPUT;
	}
	if (type != SC_SNP_PAGE_VMSA && gpa % SC_PAGE) {
		sc_err(SC_EINPUT, "%s: GPA %#llx is not 4 KiB aligned", origin,
		       (unsigned long long)gpa);
		return -SC_EINPUT;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct sc_snp_rec *n = realloc(l->recs, cap * sizeof(*n));

		if (!n) {
			sc_err(SC_EINTERNAL, "out of memory");
			return -SC_EINTERNAL;
		}
		l->recs = n;
		l->cap = cap;
	}
	r = &l->recs[l->n];
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->gpa = type == SC_SNP_PAGE_VMSA ? SC_SNP_VMSA_GPA : gpa;
	r->vcpu = vcpu;
	r->origin = origin;
	if (type == SC_SNP_PAGE_NORMAL || type == SC_SNP_PAGE_VMSA) {
		int ret = sc_sha384(page, SC_PAGE, r->contents);

		if (ret)
			return ret;
	}
	l->n++;
	return 0;
}

int sc_snp_add_range(struct sc_snp_launch *l, unsigned int type,
		     uint64_t gpa, const uint8_t *data, size_t len,
		     const char *origin)
{
	size_t off;
	int ret;

	if (!len || len % SC_PAGE || gpa + len < gpa) {
		sc_err(SC_EINPUT, "%s: length %#zx is not a non-zero multiple of 4 KiB, or wraps",
		       origin, len);
		return -SC_EINPUT;
	}
	for (off = 0; off < len; off += SC_PAGE) {
		ret = sc_snp_add(l, type, gpa + off, 0, data ? data + off : NULL,
				 origin);
		if (ret)
			return ret;
	}
	return 0;
}

static bool sc_snp_before(const struct sc_snp_rec *a, size_t ia,
			  const struct sc_snp_rec *b, size_t ib)
{
	bool va = a->type == SC_SNP_PAGE_VMSA, vb = b->type == SC_SNP_PAGE_VMSA;

	if (va != vb)
		return vb;
	if (!va && a->gpa != b->gpa)
		return a->gpa < b->gpa;
	if (va && a->vcpu != b->vcpu)
		return a->vcpu < b->vcpu;
	return ia < ib;
}

static int sc_snp_cmp_idx(const void *x, const void *y, void *arg)
{
	const struct sc_snp_launch *l = arg;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	if (a == b)
		return 0;
	return sc_snp_before(&l->recs[a], a, &l->recs[b], b) ? -1 : 1;
}

int sc_snp_order(const struct sc_snp_launch *l, bool canonical, size_t *idx)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		idx[i] = i;
	if (!canonical)
		return 0;
	/* The index breaks ties, so the order is total and stable. */
	qsort_r(idx, l->n, sizeof(*idx), sc_snp_cmp_idx, (void *)l);
	for (i = 1; i < l->n; i++) {
		const struct sc_snp_rec *a = &l->recs[idx[i - 1]];
		const struct sc_snp_rec *b = &l->recs[idx[i]];

		if (a->type == SC_SNP_PAGE_VMSA && b->type == SC_SNP_PAGE_VMSA &&
		    a->vcpu == b->vcpu) {
			sc_err(SC_EINPUT, "%s and %s: two VMSAs for vCPU %u",
			       a->origin, b->origin, a->vcpu);
			return -SC_EINPUT;
		}
		if (a->type != SC_SNP_PAGE_VMSA &&
		    b->type != SC_SNP_PAGE_VMSA && a->gpa == b->gpa) {
			sc_err(SC_EINPUT, "%s and %s both add GPA %#llx: canonical order has one record per page",
			       a->origin, b->origin,
			       (unsigned long long)a->gpa);
			return -SC_EINPUT;
		}
	}
	return 0;
}

int sc_snp_page_info(const uint8_t ld[48], const struct sc_snp_rec *r,
		     uint8_t out[48])
{
	uint8_t pi[SC_PI_LEN];

	memset(pi, 0, sizeof(pi));
	memcpy(pi, ld, 48);
	memcpy(pi + 0x30, r->contents, 48);
	sc_put_le16(pi + 0x60, SC_PI_LEN);
	pi[0x62] = r->type;
	sc_put_le64(pi + 0x68, r->gpa);
	return sc_sha384(pi, sizeof(pi), out);
}

int sc_snp_digest(const struct sc_snp_launch *l, bool canonical,
		  uint8_t ld[48])
{
	size_t *idx, i;
	int ret;

	idx = calloc(l->n ? l->n : 1, sizeof(*idx));
	if (!idx) {
		sc_err(SC_EINTERNAL, "out of memory");
		return -SC_EINTERNAL;
	}
	memset(ld, 0, 48);
	ret = sc_snp_order(l, canonical, idx);
	for (i = 0; !ret && i < l->n; i++)
		ret = sc_snp_page_info(ld, &l->recs[idx[i]], ld);
	free(idx);
	return ret;
}

static int sc_snp_section(struct sc_snp_launch *l,
			  const struct sc_ovmf_section *s,
			  const struct sc_snp_ovmf_in *in, bool cpuid)
{
	uint8_t *page;
	uint64_t off;
	int ret;

	switch (s->type) {
	case SC_OVMF_SNP_SEC_MEM:
		return sc_snp_add_range(l, in->vmm == SC_VMM_GCE ?
					SC_SNP_PAGE_UNMEASURED :
					SC_SNP_PAGE_ZERO, s->gpa, NULL,
					s->size, "OVMF SNP_SEC_MEM");
	case SC_OVMF_SNP_SECRETS:
		return sc_snp_add_range(l, SC_SNP_PAGE_SECRETS, s->gpa, NULL,
					s->size, "OVMF SNP_SECRETS");
	case SC_OVMF_CPUID:
		/* EC2 adds the CPUID page after every other section. */
		if (in->vmm == SC_VMM_EC2 && !cpuid)
			return 0;
		return sc_snp_add_range(l, SC_SNP_PAGE_CPUID, s->gpa, NULL,
					s->size, "OVMF CPUID");
	case SC_OVMF_SVSM_CAA:
		return sc_snp_add_range(l, SC_SNP_PAGE_ZERO, s->gpa, NULL,
					s->size, "OVMF SVSM_CAA");
	case SC_OVMF_SNP_KERNEL_HASHES:
		if (!in->hashtable)
			return sc_snp_add_range(l, SC_SNP_PAGE_ZERO, s->gpa,
						NULL, s->size,
						"OVMF SNP_KERNEL_HASHES");
		off = (uint64_t)in->ovmf->hashes_base - s->gpa;
		if (!in->ovmf->have_hashes || in->ovmf->hashes_base < s->gpa ||
		    off + SC_HASHTABLE_SIZE > s->size) {
			sc_err(SC_EINPUT, "OVMF: kernel-hashes table at %#x is not inside the SNP_KERNEL_HASHES section %#x+%#x",
			       in->ovmf->hashes_base, s->gpa, s->size);
			return -SC_EINPUT;
		}
		page = calloc(1, s->size);
		if (!page) {
			sc_err(SC_EINTERNAL, "out of memory");
			return -SC_EINTERNAL;
		}
		memcpy(page + off, in->hashtable, SC_HASHTABLE_SIZE);
		ret = sc_snp_add_range(l, SC_SNP_PAGE_NORMAL, s->gpa, page,
				       s->size, "kernel-hashes page");
		free(page);
		return ret;
	}
	sc_err(SC_EINPUT, "OVMF: SEV metadata section %#x+%#x has unknown type %u",
	       s->gpa, s->size, s->type);
	return -SC_EINPUT;
}

int sc_snp_from_ovmf(struct sc_snp_launch *l, const struct sc_snp_ovmf_in *in)
{
	const struct sc_ovmf *ov = in->ovmf;
	uint8_t vmsa[SC_VMSA_SIZE];
	bool kh = false;
	unsigned int i;
	int ret;

	if (in->len % SC_PAGE || in->len > (4ULL << 30)) {
		sc_err(SC_EINPUT, "OVMF: size %#zx is not a multiple of 4 KiB below 4 GiB",
		       in->len);
		return -SC_EINPUT;
	}
	if (!ov->have_meta) {
		sc_err(SC_EINPUT, "OVMF: no SEV metadata (GUID dc886566-...) in the footer table: not an SNP-capable build");
		return -SC_EINPUT;
	}
	ret = sc_snp_add_range(l, SC_SNP_PAGE_NORMAL, (4ULL << 30) - in->len,
			       in->img, in->len, "OVMF image");
	for (i = 0; !ret && i < ov->nsec; i++) {
		kh |= ov->sec[i].type == SC_OVMF_SNP_KERNEL_HASHES;
		ret = sc_snp_section(l, &ov->sec[i], in, false);
	}
	for (i = 0; !ret && in->vmm == SC_VMM_EC2 && i < ov->nsec; i++)
		if (ov->sec[i].type == SC_OVMF_CPUID)
			ret = sc_snp_section(l, &ov->sec[i], in, true);
	if (ret)
		return ret;
	if (in->hashtable && !kh) {
		sc_err(SC_EINPUT, "OVMF: --kernel given, but the SEV metadata has no SNP_KERNEL_HASHES section");
		return -SC_EINPUT;
	}
	if (in->vcpus > 1 && !ov->have_reset) {
		sc_err(SC_EINPUT, "OVMF: no SEV-ES reset block, so the AP reset address is unknown (%u vCPUs)",
		       in->vcpus);
		return -SC_EINPUT;
	}
	for (i = 0; i < in->vcpus; i++) {
		struct sc_vmsa_desc d = in->vmsa;

		d.reset_eip = i ? ov->ap_reset : 0xfffffff0;
		d.bsp = !i;
		/* An SNP guest's VMSAs come from KVM_SEV_INIT2. */
		d.fpu = SC_FPU_INIT2;
		ret = sc_vmsa_build(&d, vmsa);
		if (!ret)
			ret = sc_snp_add(l, SC_SNP_PAGE_VMSA, 0, i, vmsa,
					 i ? "AP VMSA" : "BSP VMSA");
		if (ret)
			return ret;
	}
	return 0;
}
