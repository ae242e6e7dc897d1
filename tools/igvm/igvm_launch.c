// SPDX-License-Identifier: GPL-2.0
/*
 * libigvm: from a parsed IGVM file to the items an SEV / SEV-ES launch
 * measures.
 *
 * In the file's order, a page data directive without the unmeasured or
 * shared flag is one LAUNCH_UPDATE_DATA of its 4096 bytes (a file offset
 * of zero is a page of zeros, measured as such: the specification asks a
 * loader to treat it as a normal page of zeros), and a VP context is one
 * LAUNCH_UPDATE_VMSA of its full 4096-byte VMSA page.  Unmeasured and
 * shared pages and inserted parameter areas are copied into guest memory
 * without being measured.  The canonical order (sev-launch's
 * KVM_SEV_LAUNCH_F_CANONICAL) is the data by guest physical address, then
 * the VMSAs by vCPU index.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "igvm.h"

#define VMSA_DR7		0x160
#define VMSA_DR7_FIXED		0x400
#define VMSA_SEV_FEATURES	0x3b0

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int __attribute__((format(printf, 2, 3)))
lfail(struct igvm_file *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->err, sizeof(f->err), fmt, ap);
	va_end(ap);
	return -1;
}

struct range {
	uint64_t gpa, size;
	uint32_t hdr;
};

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->gpa < y->gpa ? -1 : x->gpa > y->gpa;
}

/* Every page and inserted area must land on memory nothing else writes. */
static int check_overlap(struct igvm_file *f)
{
	struct range *r;
	size_t i, n = 0;
	int ret = 0;

	r = calloc(f->nr_dir ? f->nr_dir : 1, sizeof(*r));
	if (!r)
		return lfail(f, "out of memory");
	for (i = 0; i < f->nr_dir; i++) {
		const struct igvm_dir *d = &f->dir[i];

		if (d->kind != IGVM_D_PAGE && d->kind != IGVM_D_PARAM_INSERT)
			continue;
		r[n].gpa = d->gpa;
		r[n].size = d->size;
		r[n].hdr = d->hdr_off;
		n++;
	}
	qsort(r, n, sizeof(*r), cmp_range);
	for (i = 1; i < n; i++)
		if (r[i - 1].gpa + r[i - 1].size > r[i].gpa) {
			ret = lfail(f, "headers at %#x and %#x both write guest memory at %#llx",
				    r[i - 1].hdr, r[i].hdr,
				    (unsigned long long)r[i].gpa);
			break;
		}
	free(r);
	return ret;
}

static int check_policy(struct igvm_file *f, struct igvm_launch *l)
{
	bool es = f->plat[f->sel].type == IGVM_PLAT_SEV_ES;

	if (!f->have_policy)
		return 0;
	if (f->policy >> 32)
		return lfail(f, "guest policy %#llx has bits above 31 (an SEV policy is 32 bits)",
			     (unsigned long long)f->policy);
	if (!!(f->policy & IGVM_SEV_POLICY_ES) != es)
		return lfail(f, "guest policy %#llx %s the ES bit (0x4) but the platform is %s",
			     (unsigned long long)f->policy,
			     es ? "lacks" : "has", es ? "SEV-ES" : "SEV");
	l->have_policy = true;
	l->policy = (uint32_t)f->policy;
	return 0;
}

int igvm_launch_build(struct igvm_file *f, struct igvm_launch *l)
{
	const struct igvm_dir *first_vp = NULL;
	size_t i;

	memset(l, 0, sizeof(*l));
	if (f->sel < 0)
		return lfail(f, "no platform chosen");
	if (check_policy(f, l) || check_overlap(f))
		return -1;
	l->item = calloc(f->nr_dir ? f->nr_dir : 1, sizeof(*l->item));
	if (!l->item)
		return lfail(f, "out of memory");
	for (i = 0; i < f->nr_dir; i++) {
		const struct igvm_dir *d = &f->dir[i];
		struct igvm_item *it = &l->item[l->n];

		if (d->kind == IGVM_D_PAGE &&
		    !(d->flags & (IGVM_PAGE_F_UNMEASURED | IGVM_PAGE_F_SHARED))) {
			it->kind = IGVM_ITEM_DATA;
		} else if (d->kind == IGVM_D_VP_CONTEXT) {
			uint64_t sf = rd64(d->data + VMSA_SEV_FEATURES);
			uint64_t dr7 = rd64(d->data + VMSA_DR7);

			if (dr7 & ~(uint64_t)VMSA_DR7_FIXED) {
				igvm_launch_free(l);
				return lfail(f, "VMSA of VP %u (header at %#x) has DR7 %#llx: KVM takes no VMSA with debug state armed (DR7 must be 0 or 0x400)",
					     d->vp, d->hdr_off,
					     (unsigned long long)dr7);
			}
			if (!first_vp) {
				first_vp = d;
				l->sev_features = sf;
			} else if (sf != l->sev_features) {
				igvm_launch_free(l);
				return lfail(f, "VMSA of VP %u (header at %#x) has sev_features %#llx, VP %u's has %#llx: a KVM VM has one sev_features value for all vCPUs",
					     d->vp, d->hdr_off,
					     (unsigned long long)sf,
					     first_vp->vp,
					     (unsigned long long)l->sev_features);
			}
			it->kind = IGVM_ITEM_VMSA;
			it->vp = d->vp;
			l->nr_vcpus++;
			if (d->vp + 1u > l->vp_max)
				l->vp_max = d->vp + 1u;
		} else {
			continue;
		}
		it->gpa = d->gpa;
		it->data = d->data;
		it->len = IGVM_PAGE_SIZE;
		it->dir = i;
		l->n++;
	}
	if (f->plat[f->sel].type == IGVM_PLAT_SEV_ES && !l->nr_vcpus) {
		igvm_launch_free(l);
		return lfail(f, "an SEV-ES image without a VP context: nothing gives the vCPUs' initial state");
	}
	return 0;
}

void igvm_launch_free(struct igvm_launch *l)
{
	free(l->item);
	l->item = NULL;
	l->n = 0;
}

static const struct igvm_launch *sort_l;

static int cmp_item(const void *a, const void *b)
{
	const struct igvm_item *x = &sort_l->item[*(const size_t *)a];
	const struct igvm_item *y = &sort_l->item[*(const size_t *)b];

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->kind == IGVM_ITEM_DATA)
		return x->gpa < y->gpa ? -1 : x->gpa > y->gpa;
	return x->vp < y->vp ? -1 : x->vp > y->vp;
}

void igvm_launch_order(const struct igvm_launch *l, bool canonical,
		       size_t *idx)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		idx[i] = i;
	if (!canonical)
		return;
	/* Keys are unique (no overlap, one VMSA per VP): qsort is enough. */
	sort_l = l;
	qsort(idx, l->n, sizeof(*idx), cmp_item);
	sort_l = NULL;
}
