// SPDX-License-Identifier: GPL-2.0
/*
 * libigvm's writer (tests only): the layout igvm.c reads, produced from
 * calls.  File offsets in headers are kept relative to the data section
 * until igvmb_finish() knows where that section starts.
 */
#include <stdlib.h>
#include <string.h>

#include "igvm.h"
#include "igvm_build.h"

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

void igvmb_init(struct igvmb *b, uint32_t version)
{
	memset(b, 0, sizeof(*b));
	b->version = version;
}

void igvmb_free(struct igvmb *b)
{
	free(b->hdr);
	free(b->data);
	free(b->patch);
	memset(b, 0, sizeof(*b));
}

static int grow(uint8_t **p, size_t have, size_t more)
{
	uint8_t *n = realloc(*p, have + more);

	if (!n)
		return -1;
	memset(n + have, 0, more);
	*p = n;
	return 0;
}

int igvmb_raw(struct igvmb *b, uint32_t type, const void *p, uint32_t len)
{
	size_t padded = (len + 7u) & ~(size_t)7;

	if (grow(&b->hdr, b->hlen, 8 + padded))
		return -1;
	put32(b->hdr + b->hlen, type);
	put32(b->hdr + b->hlen + 4, len);
	if (len)
		memcpy(b->hdr + b->hlen + 8, p, len);
	b->hlen += 8 + padded;
	return 0;
}

/* Append @len bytes of data; the offset field at @hdr_field gets patched. */
static int add_data(struct igvmb *b, const uint8_t *p, size_t len,
		    size_t hdr_field, uint8_t *content)
{
	size_t *np;

	if (grow(&b->data, b->dlen, len))
		return -1;
	if (p)
		memcpy(b->data + b->dlen, p, len);
	put32(content, (uint32_t)b->dlen);
	b->dlen += len;
	np = realloc(b->patch, (b->npatch + 1) * sizeof(*np));
	if (!np)
		return -1;
	b->patch = np;
	b->patch[b->npatch++] = b->hlen + 8 + hdr_field;
	return 0;
}

int igvmb_platform(struct igvmb *b, uint32_t mask, uint8_t type)
{
	uint8_t c[IGVM_VHS_SUPPORTED_PLATFORM_SIZE] = { 0 };

	put32(c, mask);
	c[5] = type;
	put16(c + 6, 1);
	return igvmb_raw(b, IGVM_VHT_SUPPORTED_PLATFORM, c, sizeof(c));
}

int igvmb_policy(struct igvmb *b, uint64_t policy, uint32_t mask)
{
	uint8_t c[IGVM_VHS_GUEST_POLICY_SIZE] = { 0 };

	put64(c, policy);
	put32(c + 8, mask);
	return igvmb_raw(b, IGVM_VHT_GUEST_POLICY, c, sizeof(c));
}

int igvmb_page(struct igvmb *b, uint64_t gpa, uint32_t mask, uint32_t flags,
	       const uint8_t *data)
{
	uint8_t c[IGVM_VHS_PAGE_DATA_SIZE] = { 0 };

	put64(c, gpa);
	put32(c + 8, mask);
	put32(c + 16, flags);
	if (data && add_data(b, data, IGVM_PAGE_SIZE, 12, c + 12))
		return -1;
	return igvmb_raw(b, IGVM_VHT_PAGE_DATA, c, sizeof(c));
}

int igvmb_area(struct igvmb *b, uint32_t index, uint64_t size,
	       const uint8_t *init)
{
	uint8_t c[IGVM_VHS_PARAMETER_AREA_SIZE] = { 0 };

	put64(c, size);
	put32(c + 8, index);
	if (init && add_data(b, init, size, 12, c + 12))
		return -1;
	return igvmb_raw(b, IGVM_VHT_PARAMETER_AREA, c, sizeof(c));
}

int igvmb_param(struct igvmb *b, uint32_t type, uint32_t index,
		uint32_t offset)
{
	uint8_t c[IGVM_VHS_PARAMETER_SIZE];

	put32(c, index);
	put32(c + 4, offset);
	return igvmb_raw(b, type, c, sizeof(c));
}

int igvmb_insert(struct igvmb *b, uint64_t gpa, uint32_t mask,
		 uint32_t index)
{
	uint8_t c[IGVM_VHS_PARAMETER_INSERT_SIZE];

	put64(c, gpa);
	put32(c + 8, mask);
	put32(c + 12, index);
	return igvmb_raw(b, IGVM_VHT_PARAMETER_INSERT, c, sizeof(c));
}

int igvmb_vp(struct igvmb *b, uint64_t gpa, uint32_t mask, uint16_t vp,
	     const uint8_t *vmsa)
{
	uint8_t c[IGVM_VHS_VP_CONTEXT_SIZE] = { 0 };

	put64(c, gpa);
	put32(c + 8, mask);
	put16(c + 16, vp);
	if (add_data(b, vmsa, IGVM_VMSA_SIZE, 12, c + 12))
		return -1;
	return igvmb_raw(b, IGVM_VHT_VP_CONTEXT, c, sizeof(c));
}

int igvmb_reqmem(struct igvmb *b, uint64_t gpa, uint32_t mask,
		 uint32_t size, uint32_t flags)
{
	uint8_t c[IGVM_VHS_REQUIRED_MEMORY_SIZE] = { 0 };

	put64(c, gpa);
	put32(c + 8, mask);
	put32(c + 12, size);
	put32(c + 16, flags);
	return igvmb_raw(b, IGVM_VHT_REQUIRED_MEMORY, c, sizeof(c));
}

int igvmb_finish(struct igvmb *b, uint8_t **out, size_t *len)
{
	uint32_t fsize = b->version == 1 ? IGVM_FIXED_V1_SIZE :
			 IGVM_FIXED_V2_SIZE;
	size_t i, data_start = fsize + b->hlen, total = data_start + b->dlen;
	uint8_t *f;
	uint32_t crc;

	f = calloc(1, total);
	if (!f)
		return -1;
	put32(f, IGVM_MAGIC);
	put32(f + 4, b->version);
	put32(f + 8, fsize);
	put32(f + 12, (uint32_t)b->hlen);
	put32(f + 16, (uint32_t)total);
	if (b->version >= 2) {
		put32(f + 24, 0);		/* x86-64 */
		put32(f + 28, IGVM_PAGE_SIZE);
	}
	memcpy(f + fsize, b->hdr, b->hlen);
	for (i = 0; i < b->npatch; i++) {
		uint8_t *p = f + fsize + b->patch[i];

		put32(p, (uint32_t)(p[0] | p[1] << 8 | p[2] << 16 |
				    (uint32_t)p[3] << 24) + (uint32_t)data_start);
	}
	if (b->dlen)
		memcpy(f + data_start, b->data, b->dlen);
	crc = igvm_crc32(0, f, data_start);
	put32(f + 20, crc ^ (b->bad_crc ? 1 : 0));
	*out = f;
	*len = total;
	return 0;
}

void igvmb_vmsa(uint8_t page[4096], uint16_t vp, uint32_t eip,
		uint64_t sev_features)
{
	static const uint16_t data_segs[] = { 0x000, 0x020, 0x030, 0x040,
					      0x050 };
	size_t i;

	memset(page, 0, 4096);
	/* es, ss, ds, fs, gs: selector 0, attrib 0x93, limit 0xffff */
	for (i = 0; i < ARRAY_SIZE(data_segs); i++) {
		put16(page + data_segs[i] + 2, 0x93);
		put32(page + data_segs[i] + 4, 0xffff);
	}
	put16(page + 0x010, (eip >> 4) & 0xf000);	/* cs.selector */
	put16(page + 0x012, 0x9b);
	put32(page + 0x014, 0xffff);
	put64(page + 0x018, eip & 0xffff0000u);		/* cs.base */
	put32(page + 0x064, 0xffff);			/* gdtr.limit */
	put16(page + 0x072, 0x82);			/* ldtr */
	put32(page + 0x074, 0xffff);
	put32(page + 0x084, 0xffff);			/* idtr.limit */
	put16(page + 0x092, 0x8b);			/* tr */
	put32(page + 0x094, 0xffff);
	put64(page + 0x0d0, 0x1000);			/* efer.SVME */
	put64(page + 0x158, 0x10);			/* cr0 */
	put64(page + 0x160, 0x400);			/* dr7 */
	put64(page + 0x168, 0xffff0ff0);		/* dr6 */
	put64(page + 0x170, 0x2);			/* rflags */
	put64(page + 0x178, eip & 0xffff);		/* rip */
	put64(page + 0x1f8, 0x1000 + vp);		/* rax: marks the vCPU */
	put64(page + 0x268, 0x0007040600070406ULL);	/* g_pat */
	put64(page + 0x310, 0x800f12);			/* rdx: CPUID(1).EAX */
	put64(page + 0x3b0, sev_features);
	put64(page + 0x3e8, 0x1);			/* xcr0 */
}

void igvmb_fill(uint8_t *p, size_t len, uint64_t seed)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (uint8_t)(x >> 24);
	}
}
