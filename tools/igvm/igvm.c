// SPDX-License-Identifier: GPL-2.0
/*
 * libigvm: the IGVM reader (fixed header, variable headers, checksum).
 *
 * Facts used, from the igvm_defs crate 0.4.0 (Microsoft's IGVM
 * specification; Documentation/igvm.rst lists them): the fixed header is
 * magic, format_version, variable_header_offset, variable_header_size,
 * total_file_size, checksum (six little-endian u32), followed in version 2
 * by architecture and page_size; the checksum is a CRC32 of the fixed
 * header (with the checksum field zero) and the variable header region;
 * each variable header is a u32 type and a u32 length, its content padded
 * with zeros to 8 bytes; platform, initialization and directive headers
 * come in that order; a type with bit 31 set may be skipped.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "igvm.h"

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int __attribute__((format(printf, 2, 3)))
fail(struct igvm_file *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->err, sizeof(f->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320), bitwise. */
uint32_t igvm_crc32(uint32_t crc, const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;
	int k;

	crc = ~crc;
	for (i = 0; i < len; i++) {
		crc ^= b[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

const char *igvm_platform_name(unsigned int type)
{
	static const char *const n[] = {
		"native", "VSM isolation (VBS)", "SEV-SNP", "TDX", "SEV",
		"SEV-ES", "CCA",
	};

	return type < ARRAY_SIZE(n) ? n[type] : "unknown";
}

const char *igvm_type_name(uint32_t type)
{
	static const struct {
		uint32_t t;
		const char *n;
	} names[] = {
		{ IGVM_VHT_SUPPORTED_PLATFORM, "SUPPORTED_PLATFORM" },
		{ IGVM_VHT_GUEST_POLICY, "GUEST_POLICY" },
		{ IGVM_VHT_RELOCATABLE_REGION, "RELOCATABLE_REGION" },
		{ IGVM_VHT_PAGE_TABLE_RELOCATION, "PAGE_TABLE_RELOCATION_REGION" },
		{ IGVM_VHT_CORIM_DOCUMENT, "CORIM_DOCUMENT" },
		{ IGVM_VHT_CORIM_SIGNATURE, "CORIM_SIGNATURE" },
		{ IGVM_VHT_CCA_POLICY, "CCA_POLICY" },
		{ IGVM_VHT_PARAMETER_AREA, "PARAMETER_AREA" },
		{ IGVM_VHT_PAGE_DATA, "PAGE_DATA" },
		{ IGVM_VHT_PARAMETER_INSERT, "PARAMETER_INSERT" },
		{ IGVM_VHT_VP_CONTEXT, "VP_CONTEXT" },
		{ IGVM_VHT_REQUIRED_MEMORY, "REQUIRED_MEMORY" },
		{ IGVM_VHT_RESERVED_306, "RESERVED_DO_NOT_USE" },
		{ IGVM_VHT_VP_COUNT_PARAMETER, "VP_COUNT_PARAMETER" },
		{ IGVM_VHT_SRAT, "SRAT" },
		{ IGVM_VHT_MADT, "MADT" },
		{ IGVM_VHT_MMIO_RANGES, "MMIO_RANGES" },
		{ IGVM_VHT_SNP_ID_BLOCK, "SNP_ID_BLOCK" },
		{ IGVM_VHT_MEMORY_MAP, "MEMORY_MAP" },
		{ IGVM_VHT_ERROR_RANGE, "ERROR_RANGE" },
		{ IGVM_VHT_COMMAND_LINE, "COMMAND_LINE" },
		{ IGVM_VHT_SLIT, "SLIT" },
		{ IGVM_VHT_PPTT, "PPTT" },
		{ IGVM_VHT_VBS_MEASUREMENT, "VBS_MEASUREMENT" },
		{ IGVM_VHT_DEVICE_TREE, "DEVICE_TREE" },
		{ IGVM_VHT_ENVIRONMENT_INFO, "ENVIRONMENT_INFO_PARAMETER" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].t == (type & ~IGVM_VHT_IGNORABLE))
			return names[i].n;
	return "unknown";
}

void igvm_free(struct igvm_file *f)
{
	free(f->dir);
	f->dir = NULL;
	f->nr_dir = 0;
}

/* Parameter areas seen so far. */
struct area {
	uint32_t index;
	uint64_t size;
	bool inserted;
};

#define MAX_AREAS	4096

struct pstate {
	struct igvm_file *f;
	uint32_t data_start;	/* first byte after the variable headers */
	uint32_t all_masks;	/* union of the platforms' masks */
	uint32_t selmask;	/* the chosen platform's, once chosen */
	size_t cap;
	struct area *areas;
	unsigned int nr_areas;
	uint8_t *vp_seen;	/* bitmap of VP indexes with a context */
	uint32_t off;		/* current header, for messages */
	uint32_t type;
};

static int hfail(struct pstate *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int hfail(struct pstate *s, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fail(s->f, "header at %#x (%s, type %#x): %s", s->off,
		    igvm_type_name(s->type), s->type, msg);
}

static struct igvm_dir *add_dir(struct pstate *s, enum igvm_dir_kind kind)
{
	struct igvm_file *f = s->f;
	struct igvm_dir *d;

	if (f->nr_dir == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;

		if (cap > IGVM_MAX_DIRS) {
			hfail(s, "more than %u directives", IGVM_MAX_DIRS);
			return NULL;
		}
		d = realloc(f->dir, cap * sizeof(*d));
		if (!d) {
			hfail(s, "out of memory");
			return NULL;
		}
		f->dir = d;
		s->cap = cap;
	}
	d = &f->dir[f->nr_dir++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->type = s->type;
	d->hdr_off = s->off;
	return d;
}

static struct area *find_area(struct pstate *s, uint32_t index)
{
	unsigned int i;

	for (i = 0; i < s->nr_areas; i++)
		if (s->areas[i].index == index)
			return &s->areas[i];
	return NULL;
}

/* [@off, @off + @len) of file data, or NULL (message set). */
static const uint8_t *file_data(struct pstate *s, uint32_t off, uint64_t len,
				const char *what)
{
	if (off < s->data_start || (uint64_t)off + len > s->f->len) {
		hfail(s, "%s at file offset %#x, %#llx bytes, is not inside the file data section [%#x, %#zx)",
		      what, off, (unsigned long long)len, s->data_start,
		      s->f->len);
		return NULL;
	}
	return s->f->buf + off;
}

/* Does a header with @mask apply to the chosen platform? 1, 0, or -1. */
static int applies(struct pstate *s, uint32_t mask)
{
	if (!mask || (mask & ~s->all_masks)) {
		hfail(s, "compatibility mask %#x names no declared platform (declared: %#x)",
		      mask, s->all_masks);
		return -1;
	}
	if (mask & s->selmask)
		return 1;
	s->f->skipped++;
	return 0;
}

static int choose_platform(struct pstate *s, int want)
{
	struct igvm_file *f = s->f;
	char list[160] = "";
	int i, found = -1, n = 0;
	size_t used = 0;

	if (!f->nr_plat)
		return fail(f, "no SUPPORTED_PLATFORM header: the file names no platform");
	for (i = 0; i < (int)f->nr_plat; i++) {
		unsigned int t = f->plat[i].type;

		if (used < sizeof(list))
			used += snprintf(list + used, sizeof(list) - used,
					 "%s%s (mask %#x)", i ? ", " : "",
					 igvm_platform_name(t),
					 f->plat[i].mask);
		if (want >= 0 ? (int)t == want :
		    (t == IGVM_PLAT_SEV || t == IGVM_PLAT_SEV_ES)) {
			found = i;
			n++;
		}
	}
	if (want >= 0 && want != IGVM_PLAT_SEV && want != IGVM_PLAT_SEV_ES)
		return fail(f, "platform %s cannot be loaded here (only SEV and SEV-ES)",
			    igvm_platform_name(want));
	if (!n)
		return fail(f, "the file has no %s platform; it supports: %s",
			    want >= 0 ? igvm_platform_name(want) : "SEV or SEV-ES",
			    list);
	if (n > 1)
		return fail(f, "the file supports both SEV and SEV-ES (%s): choose one",
			    list);
	f->sel = found;
	s->selmask = f->plat[found].mask;
	return 0;
}

static int do_platform(struct pstate *s, const uint8_t *p)
{
	struct igvm_file *f = s->f;
	struct igvm_plat *pl;
	uint32_t mask = le32(p);
	unsigned int i;

	if (f->nr_plat == IGVM_MAX_PLATFORMS)
		return hfail(s, "more than %d platforms", IGVM_MAX_PLATFORMS);
	if (__builtin_popcount(mask) != 1)
		return hfail(s, "compatibility mask %#x must have exactly one bit set",
			     mask);
	for (i = 0; i < f->nr_plat; i++)
		if (f->plat[i].mask == mask)
			return hfail(s, "compatibility mask %#x used by two platforms",
				     mask);
	pl = &f->plat[f->nr_plat];
	pl->mask = mask;
	pl->highest_vtl = p[4];
	pl->type = p[5];
	pl->version = le16(p + 6);
	pl->shared_gpa_boundary = le64(p + 8);
	if (pl->type > IGVM_PLAT_CCA)
		return hfail(s, "unknown platform type %u", pl->type);
	if (pl->version != 1)
		return hfail(s, "%s platform version %u (only version 1 is defined)",
			     igvm_platform_name(pl->type), pl->version);
	if ((pl->type == IGVM_PLAT_SEV || pl->type == IGVM_PLAT_SEV_ES) &&
	    (pl->highest_vtl || pl->shared_gpa_boundary))
		return hfail(s, "%s platform with highest VTL %u and shared GPA boundary %#llx (no VTLs or shared boundary on SEV/SEV-ES)",
			     igvm_platform_name(pl->type), pl->highest_vtl,
			     (unsigned long long)pl->shared_gpa_boundary);
	s->all_masks |= mask;
	f->nr_plat++;
	return 0;
}

static int do_policy(struct pstate *s, const uint8_t *p)
{
	int r;

	if (le32(p + 12))
		return hfail(s, "reserved field is %#x, not zero", le32(p + 12));
	r = applies(s, le32(p + 8));
	if (r <= 0)
		return r;
	if (s->f->have_policy)
		return hfail(s, "a second guest policy for the same platform");
	s->f->have_policy = true;
	s->f->policy = le64(p);
	return 0;
}

/* A header whose compatibility mask is its first u32; refused if it applies. */
static int do_refuse_if_applies(struct pstate *s, const uint8_t *p,
				uint32_t len, uint32_t mask_off,
				const char *why)
{
	int r;

	if (len < mask_off + 4)
		return hfail(s, "length %u too short for its compatibility mask",
			     len);
	r = applies(s, le32(p + mask_off));
	return r > 0 ? hfail(s, "%s", why) : r;
}

static int do_page(struct pstate *s, const uint8_t *p)
{
	uint64_t gpa = le64(p);
	uint32_t fo = le32(p + 12), flags = le32(p + 16);
	uint16_t dtype = le16(p + 20);
	struct igvm_dir *d;
	int r;

	if (le16(p + 22))
		return hfail(s, "reserved field is %#x, not zero", le16(p + 22));
	r = applies(s, le32(p + 8));
	if (r <= 0)
		return r;
	if (gpa % IGVM_PAGE_SIZE || gpa >> 52)
		return hfail(s, "GPA %#llx is not a page-aligned address below 2^52",
			     (unsigned long long)gpa);
	if (flags & IGVM_PAGE_F_2MB)
		return hfail(s, "2 MiB pages are not supported");
	if (flags & ~(IGVM_PAGE_F_UNMEASURED | IGVM_PAGE_F_SHARED))
		return hfail(s, "unknown page data flags %#x", flags);
	if (dtype != IGVM_PAGE_TYPE_NORMAL)
		return hfail(s, "page data type %u (%s) is not supported on SEV/SEV-ES",
			     dtype, dtype == 1 ? "SECRETS, SEV-SNP" :
			     dtype == 2 ? "CPUID_DATA, SEV-SNP" :
			     dtype == 3 ? "CPUID_XF, SEV-SNP" : "unknown");
	d = add_dir(s, IGVM_D_PAGE);
	if (!d)
		return -1;
	d->gpa = gpa;
	d->size = IGVM_PAGE_SIZE;
	d->flags = flags;
	if (fo) {
		d->data = file_data(s, fo, IGVM_PAGE_SIZE, "page data");
		if (!d->data)
			return -1;
	}
	return 0;
}

static int do_area(struct pstate *s, const uint8_t *p)
{
	uint64_t size = le64(p);
	uint32_t index = le32(p + 8), fo = le32(p + 12);
	struct igvm_dir *d;
	struct area *a;

	if (!size || size % IGVM_PAGE_SIZE || size > (256u << 20))
		return hfail(s, "size %#llx is not a page multiple in (0, 256 MiB]",
			     (unsigned long long)size);
	if (find_area(s, index))
		return hfail(s, "parameter area %u declared twice", index);
	if (s->nr_areas == MAX_AREAS)
		return hfail(s, "more than %d parameter areas", MAX_AREAS);
	d = add_dir(s, IGVM_D_PARAM_AREA);
	if (!d)
		return -1;
	d->area = index;
	d->size = size;
	if (fo) {
		d->data = file_data(s, fo, size, "parameter area contents");
		if (!d->data)
			return -1;
	}
	a = &s->areas[s->nr_areas++];
	a->index = index;
	a->size = size;
	a->inserted = false;
	return 0;
}

/* Bytes a parameter of @type writes (0: defined by the loader, >= 1). */
static uint32_t param_size(uint32_t type)
{
	return type == IGVM_VHT_VP_COUNT_PARAMETER ||
	       type == IGVM_VHT_ENVIRONMENT_INFO ? 4 : 1;
}

static int do_param(struct pstate *s, const uint8_t *p, uint32_t type)
{
	uint32_t index = le32(p), off = le32(p + 4);
	struct area *a = find_area(s, index);
	struct igvm_dir *d;

	if (!a)
		return hfail(s, "parameter area %u was not declared", index);
	if (a->inserted)
		return hfail(s, "parameter area %u was already inserted", index);
	if ((uint64_t)off + param_size(type) > a->size)
		return hfail(s, "offset %#x does not leave room in parameter area %u (%#llx bytes)",
			     off, index, (unsigned long long)a->size);
	d = add_dir(s, IGVM_D_PARAM);
	if (!d)
		return -1;
	d->area = index;
	d->offset = off;
	d->size = a->size;
	return 0;
}

static int do_insert(struct pstate *s, const uint8_t *p)
{
	uint64_t gpa = le64(p);
	uint32_t index = le32(p + 12);
	struct igvm_dir *d;
	struct area *a;
	int r;

	r = applies(s, le32(p + 8));
	if (r <= 0)
		return r;
	a = find_area(s, index);
	if (!a)
		return hfail(s, "parameter area %u was not declared", index);
	if (a->inserted)
		return hfail(s, "parameter area %u inserted twice", index);
	if (gpa % IGVM_PAGE_SIZE || gpa >> 52 || (gpa + a->size) >> 52)
		return hfail(s, "GPA %#llx is not page aligned, or the area's %#llx bytes end beyond 2^52",
			     (unsigned long long)gpa,
			     (unsigned long long)a->size);
	a->inserted = true;
	d = add_dir(s, IGVM_D_PARAM_INSERT);
	if (!d)
		return -1;
	d->gpa = gpa;
	d->area = index;
	d->size = a->size;
	return 0;
}

static int do_vp(struct pstate *s, const uint8_t *p)
{
	uint64_t gpa = le64(p);
	uint32_t fo = le32(p + 12);
	uint16_t vp = le16(p + 16);
	struct igvm_dir *d;
	int r;

	if (le16(p + 18))
		return hfail(s, "reserved field is %#x, not zero", le16(p + 18));
	r = applies(s, le32(p + 8));
	if (r <= 0)
		return r;
	if (s->f->plat[s->f->sel].type != IGVM_PLAT_SEV_ES)
		return hfail(s, "a VP context on the SEV platform (a native register context; plain SEV measures no vCPU state) is not supported");
	if (gpa % IGVM_PAGE_SIZE || gpa >> 52)
		return hfail(s, "VMSA GPA %#llx is not a page-aligned address below 2^52",
			     (unsigned long long)gpa);
	if (s->vp_seen[vp / 8] & (1u << (vp % 8)))
		return hfail(s, "a second VP context for VP index %u", vp);
	s->vp_seen[vp / 8] |= 1u << (vp % 8);
	d = add_dir(s, IGVM_D_VP_CONTEXT);
	if (!d)
		return -1;
	d->gpa = gpa;
	d->vp = vp;
	d->size = IGVM_VMSA_SIZE;
	d->data = file_data(s, fo, IGVM_VMSA_SIZE, "VMSA");
	return d->data ? 0 : -1;
}

static int do_reqmem(struct pstate *s, const uint8_t *p)
{
	uint64_t gpa = le64(p);
	uint32_t size = le32(p + 12), flags = le32(p + 16);
	struct igvm_dir *d;
	int r;

	if (le32(p + 20))
		return hfail(s, "reserved field is %#x, not zero", le32(p + 20));
	r = applies(s, le32(p + 8));
	if (r <= 0)
		return r;
	if (gpa % IGVM_PAGE_SIZE || !size || size % IGVM_PAGE_SIZE ||
	    (gpa + size) >> 52)
		return hfail(s, "range %#llx + %#x is not page aligned, empty, or beyond 2^52",
			     (unsigned long long)gpa, size);
	if (flags & ~1u)
		return hfail(s, "unknown flags %#x", flags);
	d = add_dir(s, IGVM_D_REQUIRED_MEMORY);
	if (!d)
		return -1;
	d->gpa = gpa;
	d->size = size;
	d->flags = flags;
	return 0;
}

/* Expected content length of a known type, 0 if it varies. */
static uint32_t type_len(uint32_t t)
{
	switch (t) {
	case IGVM_VHT_SUPPORTED_PLATFORM: return IGVM_VHS_SUPPORTED_PLATFORM_SIZE;
	case IGVM_VHT_GUEST_POLICY: return IGVM_VHS_GUEST_POLICY_SIZE;
	case IGVM_VHT_RELOCATABLE_REGION: return 48;
	case IGVM_VHT_PAGE_TABLE_RELOCATION: return 32;
	case IGVM_VHT_PARAMETER_AREA: return IGVM_VHS_PARAMETER_AREA_SIZE;
	case IGVM_VHT_PAGE_DATA: return IGVM_VHS_PAGE_DATA_SIZE;
	case IGVM_VHT_PARAMETER_INSERT: return IGVM_VHS_PARAMETER_INSERT_SIZE;
	case IGVM_VHT_VP_CONTEXT: return IGVM_VHS_VP_CONTEXT_SIZE;
	case IGVM_VHT_REQUIRED_MEMORY: return IGVM_VHS_REQUIRED_MEMORY_SIZE;
	case IGVM_VHT_ERROR_RANGE: return 16;
	case IGVM_VHT_CORIM_DOCUMENT: case IGVM_VHT_CORIM_SIGNATURE: return 16;
	case IGVM_VHT_VP_COUNT_PARAMETER: case IGVM_VHT_SRAT:
	case IGVM_VHT_MADT: case IGVM_VHT_MMIO_RANGES:
	case IGVM_VHT_MEMORY_MAP: case IGVM_VHT_COMMAND_LINE:
	case IGVM_VHT_SLIT: case IGVM_VHT_PPTT: case IGVM_VHT_DEVICE_TREE:
	case IGVM_VHT_ENVIRONMENT_INFO:
		return IGVM_VHS_PARAMETER_SIZE;
	default:
		return 0;
	}
}

static int do_header(struct pstate *s, uint32_t t, const uint8_t *p,
		     uint32_t len)
{
	switch (t) {
	case IGVM_VHT_SUPPORTED_PLATFORM:
		return do_platform(s, p);
	case IGVM_VHT_GUEST_POLICY:
		return do_policy(s, p);
	case IGVM_VHT_RELOCATABLE_REGION:
	case IGVM_VHT_PAGE_TABLE_RELOCATION:
		return do_refuse_if_applies(s, p, len, 0,
			"relocation is not supported (a relocated image measures differently from the file)");
	case IGVM_VHT_CORIM_DOCUMENT:
	case IGVM_VHT_CORIM_SIGNATURE:
		return do_refuse_if_applies(s, p, len, 0,
			"CoRIM documents are not supported");
	case IGVM_VHT_CCA_POLICY:
		return do_refuse_if_applies(s, p, len, 0,
			"a CCA policy applies only to Arm CCA");
	case IGVM_VHT_PARAMETER_AREA:
		return do_area(s, p);
	case IGVM_VHT_PAGE_DATA:
		return do_page(s, p);
	case IGVM_VHT_PARAMETER_INSERT:
		return do_insert(s, p);
	case IGVM_VHT_VP_CONTEXT:
		return do_vp(s, p);
	case IGVM_VHT_REQUIRED_MEMORY:
		return do_reqmem(s, p);
	case IGVM_VHT_VP_COUNT_PARAMETER: case IGVM_VHT_SRAT:
	case IGVM_VHT_MADT: case IGVM_VHT_MMIO_RANGES:
	case IGVM_VHT_MEMORY_MAP: case IGVM_VHT_COMMAND_LINE:
	case IGVM_VHT_SLIT: case IGVM_VHT_PPTT: case IGVM_VHT_DEVICE_TREE:
	case IGVM_VHT_ENVIRONMENT_INFO:
		return do_param(s, p, t);
	case IGVM_VHT_SNP_ID_BLOCK:
		return do_refuse_if_applies(s, p, len, 0,
			"an SNP ID block applies only to SEV-SNP");
	case IGVM_VHT_ERROR_RANGE:
		return do_refuse_if_applies(s, p, len, 8,
			"error ranges (host-visible pages) are not supported");
	case IGVM_VHT_VBS_MEASUREMENT:
		return do_refuse_if_applies(s, p, len, 0,
			"a VBS measurement applies only to VBS");
	default:
		return hfail(s, "not supported by this reader");
	}
}

static int section(uint32_t t)
{
	if (t >= 0x1 && t <= 0x100)
		return 0;
	if (t >= 0x101 && t <= 0x200)
		return 1;
	if (t >= 0x301 && t <= 0x400)
		return 2;
	return -1;
}

static bool known(uint32_t t)
{
	return strcmp(igvm_type_name(t), "unknown") != 0;
}

static int parse_fixed(struct igvm_file *f, uint32_t *vho, uint32_t *vhs,
		       uint32_t *fsize)
{
	const uint8_t *b = f->buf;

	if (f->len < IGVM_FIXED_V1_SIZE)
		return fail(f, "file of %zu bytes is shorter than the %u-byte IGVM fixed header",
			    f->len, IGVM_FIXED_V1_SIZE);
	if (le32(b) != IGVM_MAGIC)
		return fail(f, "magic %#x is not \"IGVM\" (%#x)", le32(b),
			    IGVM_MAGIC);
	f->version = le32(b + 4);
	if (f->version != 1 && f->version != 2)
		return fail(f, "format version %u is not supported (1 and 2 are)",
			    f->version);
	*fsize = f->version == 1 ? IGVM_FIXED_V1_SIZE : IGVM_FIXED_V2_SIZE;
	if (f->len < *fsize)
		return fail(f, "file of %zu bytes is shorter than the version 2 fixed header",
			    f->len);
	if (f->version == 2 && le32(b + 24) != 0)
		return fail(f, "architecture %u (%s) is not supported (x86-64 is 0)",
			    le32(b + 24), le32(b + 24) == 1 ? "AArch64" : "unknown");
	if (f->version == 2 && le32(b + 28) != IGVM_PAGE_SIZE)
		return fail(f, "page size %u is not supported (4096 is)",
			    le32(b + 28));
	if (le32(b + 16) != f->len)
		return fail(f, "total_file_size %u does not match the file's %zu bytes",
			    le32(b + 16), f->len);
	*vho = le32(b + 8);
	*vhs = le32(b + 12);
	if (*vho < *fsize || *vho % 8 || *vhs % 8 ||
	    (uint64_t)*vho + *vhs > f->len)
		return fail(f, "variable header region at %#x, %#x bytes, is not 8-byte aligned after the fixed header and inside the file (%zu bytes)",
			    *vho, *vhs, f->len);
	return 0;
}

static int check_crc(struct igvm_file *f, uint32_t vho, uint32_t vhs,
		     uint32_t fsize)
{
	uint8_t fixed[IGVM_FIXED_V2_SIZE];
	uint32_t crc, want = le32(f->buf + 20);

	memcpy(fixed, f->buf, fsize);
	memset(fixed + 20, 0, 4);
	crc = igvm_crc32(0, fixed, fsize);
	crc = igvm_crc32(crc, f->buf + vho, vhs);
	if (crc != want)
		return fail(f, "checksum %#x in the fixed header, but the headers' CRC32 is %#x",
			    want, crc);
	return 0;
}

static int walk(struct pstate *s, uint32_t vho, uint32_t vhs, int want)
{
	struct igvm_file *f = s->f;
	uint32_t pos = vho, end = vho + vhs;
	int stage = 0, sec;

	while (pos < end) {
		uint32_t t, base, len, padded, i;
		const uint8_t *p;

		s->off = pos;
		s->type = 0;
		if (end - pos < 8)
			return fail(f, "header at %#x: truncated type/length", pos);
		t = le32(f->buf + pos);
		len = le32(f->buf + pos + 4);
		s->type = t;
		base = t & ~IGVM_VHT_IGNORABLE;
		padded = (len + 7) & ~7u;
		if (len > end - pos - 8 || padded > end - pos - 8)
			return hfail(s, "length %u runs past the variable header region (ends at %#x)",
				     len, end);
		p = f->buf + pos + 8;
		for (i = len; i < padded; i++)
			if (p[i])
				return hfail(s, "padding byte %u is not zero", i);
		pos += 8 + padded;
		sec = section(base);
		if (!known(base) || sec < 0) {
			if (t & IGVM_VHT_IGNORABLE) {
				f->ignored++;
				continue;
			}
			return hfail(s, "unknown header type, not marked ignorable");
		}
		if (sec < stage)
			return hfail(s, "a %s header after the %s section",
				     sec == 0 ? "platform" : "initialization",
				     stage == 1 ? "initialization" : "directive");
		if (sec > 0 && stage == 0 && choose_platform(s, want))
			return -1;
		stage = sec;
		if (type_len(base) && len != type_len(base))
			return hfail(s, "length %u, the structure is %u bytes",
				     len, type_len(base));
		if (do_header(s, base, p, len))
			return -1;
	}
	if (stage == 0 && choose_platform(s, want))
		return -1;
	return 0;
}

int igvm_parse(struct igvm_file *f, const uint8_t *buf, size_t len,
	       int platform)
{
	struct pstate s = { .f = f };
	uint32_t vho = 0, vhs = 0, fsize = 0;
	int ret;

	memset(f, 0, sizeof(*f));
	f->buf = buf;
	f->len = len;
	f->sel = -1;
	if (len > UINT32_MAX)
		return fail(f, "file of %zu bytes is larger than IGVM's 4 GiB",
			    len);
	if (parse_fixed(f, &vho, &vhs, &fsize) ||
	    check_crc(f, vho, vhs, fsize))
		return -1;
	s.data_start = vho + vhs;
	s.areas = calloc(MAX_AREAS, sizeof(*s.areas));
	s.vp_seen = calloc(65536 / 8, 1);
	if (!s.areas || !s.vp_seen)
		ret = fail(f, "out of memory");
	else
		ret = walk(&s, vho, vhs, platform);
	free(s.areas);
	free(s.vp_seen);
	return ret;
}
