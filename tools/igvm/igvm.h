/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libigvm: a small reader for IGVM files (Microsoft's Independent Guest
 * Virtual Machine format, as specified by the igvm_defs crate 0.4.0, file
 * format versions 1 and 2), for launching SEV and SEV-ES guests.
 *
 * The reader parses an untrusted file held in memory: every offset and
 * length is checked against the buffer, and anything it does not
 * understand is refused with a message in f->err rather than guessed at.
 * Pointers it hands out point into the caller's buffer, which must outlive
 * the struct igvm_file.  See Documentation/igvm.rst.
 */
#ifndef IGVM_H
#define IGVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's helpers, for userspace (sevctl and the selftests agree). */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef BIT
#define BIT(n)		(1u << (n))
#endif

#define IGVM_MAGIC		0x4d564749u	/* "IGVM", little endian */
#define IGVM_PAGE_SIZE		4096u
#define IGVM_FIXED_V1_SIZE	24u
#define IGVM_FIXED_V2_SIZE	32u
#define IGVM_VMSA_SIZE		4096u

/* Variable header types (IgvmVariableHeaderType). */
#define IGVM_VHT_SUPPORTED_PLATFORM	0x001u
#define IGVM_VHT_GUEST_POLICY		0x101u
#define IGVM_VHT_RELOCATABLE_REGION	0x102u
#define IGVM_VHT_PAGE_TABLE_RELOCATION	0x103u
#define IGVM_VHT_CORIM_DOCUMENT		0x104u
#define IGVM_VHT_CORIM_SIGNATURE	0x105u
#define IGVM_VHT_CCA_POLICY		0x106u
#define IGVM_VHT_PARAMETER_AREA		0x301u
#define IGVM_VHT_PAGE_DATA		0x302u
#define IGVM_VHT_PARAMETER_INSERT	0x303u
#define IGVM_VHT_VP_CONTEXT		0x304u
#define IGVM_VHT_REQUIRED_MEMORY	0x305u
#define IGVM_VHT_RESERVED_306		0x306u
#define IGVM_VHT_VP_COUNT_PARAMETER	0x307u
#define IGVM_VHT_SRAT			0x308u
#define IGVM_VHT_MADT			0x309u
#define IGVM_VHT_MMIO_RANGES		0x30au
#define IGVM_VHT_SNP_ID_BLOCK		0x30bu
#define IGVM_VHT_MEMORY_MAP		0x30cu
#define IGVM_VHT_ERROR_RANGE		0x30du
#define IGVM_VHT_COMMAND_LINE		0x30eu
#define IGVM_VHT_SLIT			0x30fu
#define IGVM_VHT_PPTT			0x310u
#define IGVM_VHT_VBS_MEASUREMENT	0x311u
#define IGVM_VHT_DEVICE_TREE		0x312u
#define IGVM_VHT_ENVIRONMENT_INFO	0x313u
/* High bit of a type: a loader that does not know the type may skip it. */
#define IGVM_VHT_IGNORABLE		0x80000000u

/* Structure sizes (the Length field each type must carry). */
#define IGVM_VHS_SUPPORTED_PLATFORM_SIZE	16u
#define IGVM_VHS_GUEST_POLICY_SIZE		16u
#define IGVM_VHS_PARAMETER_AREA_SIZE		16u
#define IGVM_VHS_PAGE_DATA_SIZE			24u
#define IGVM_VHS_PARAMETER_INSERT_SIZE		16u
#define IGVM_VHS_PARAMETER_SIZE			8u
#define IGVM_VHS_VP_CONTEXT_SIZE		20u
#define IGVM_VHS_REQUIRED_MEMORY_SIZE		24u

/* IgvmPlatformType. */
enum igvm_platform {
	IGVM_PLAT_NATIVE = 0,
	IGVM_PLAT_VSM_ISOLATION = 1,
	IGVM_PLAT_SEV_SNP = 2,
	IGVM_PLAT_TDX = 3,
	IGVM_PLAT_SEV = 4,
	IGVM_PLAT_SEV_ES = 5,
	IGVM_PLAT_CCA = 6,
};

/* IgvmPageDataFlags and IgvmPageDataType. */
#define IGVM_PAGE_F_2MB		BIT(0)
#define IGVM_PAGE_F_UNMEASURED	BIT(1)
#define IGVM_PAGE_F_SHARED	BIT(2)
#define IGVM_PAGE_TYPE_NORMAL	0u

/* SEV guest policy bit the SEV-ES platform requires. */
#define IGVM_SEV_POLICY_ES	BIT(2)

/* What one directive header asks the loader to do. */
enum igvm_dir_kind {
	IGVM_D_PAGE,		/* page data: 4 KiB at @gpa */
	IGVM_D_PARAM_AREA,	/* declare parameter area @area of @size */
	IGVM_D_PARAM,		/* parameter @type into @area at @offset */
	IGVM_D_PARAM_INSERT,	/* insert area @area at @gpa (unmeasured) */
	IGVM_D_VP_CONTEXT,	/* VMSA page of vCPU @vp */
	IGVM_D_REQUIRED_MEMORY,	/* [@gpa, @gpa + @size) must be present */
};

/**
 * struct igvm_dir - one directive that applies to the chosen platform
 * @kind: what it is
 * @type: its variable header type
 * @hdr_off: file offset of its variable header (for messages)
 * @gpa: guest physical address (page, insert, VP context, required memory)
 * @size: bytes: 4096 for a page, the area's size, the required range's
 * @flags: page data flags, or required-memory flags
 * @area: parameter area index (area, parameter, insert)
 * @offset: byte offset of a parameter in its area
 * @vp: vCPU index of a VP context
 * @data: the bytes (page: 4096, VP context: 4096, area: @size), pointing
 *	into the file buffer; NULL means all zero
 */
struct igvm_dir {
	enum igvm_dir_kind kind;
	uint32_t type;
	uint32_t hdr_off;
	uint64_t gpa;
	uint64_t size;
	uint32_t flags;
	uint32_t area;
	uint32_t offset;
	uint16_t vp;
	const uint8_t *data;
};

/**
 * struct igvm_plat - one IGVM_VHS_SUPPORTED_PLATFORM
 * @mask: its compatibility mask bit
 * @type: enum igvm_platform value
 * @highest_vtl: highest VTL
 * @version: platform version
 * @shared_gpa_boundary: shared GPA boundary
 */
struct igvm_plat {
	uint32_t mask;
	uint8_t type;
	uint8_t highest_vtl;
	uint16_t version;
	uint64_t shared_gpa_boundary;
};

#define IGVM_MAX_PLATFORMS	32
#define IGVM_MAX_DIRS		(1024u * 1024)

/**
 * struct igvm_file - a parsed IGVM file, for one chosen platform
 * @buf: the file (not owned)
 * @len: its length
 * @version: format version (1 or 2)
 * @plat: every supported-platform header, in file order
 * @nr_plat: how many
 * @sel: index in @plat of the platform loaded
 * @have_policy: a guest policy header applies to that platform
 * @policy: its 64-bit policy value
 * @dir: directives that apply to that platform, in file order
 * @nr_dir: how many
 * @skipped: headers skipped because their mask excludes the platform
 * @ignored: ignorable headers of unknown type that were skipped
 * @err: why igvm_parse() failed
 */
struct igvm_file {
	const uint8_t *buf;
	size_t len;
	uint32_t version;
	struct igvm_plat plat[IGVM_MAX_PLATFORMS];
	unsigned int nr_plat;
	int sel;
	bool have_policy;
	uint64_t policy;
	struct igvm_dir *dir;
	size_t nr_dir;
	size_t skipped;
	size_t ignored;
	char err[256];
};

/*
 * Parse @buf for @platform (IGVM_PLAT_SEV or IGVM_PLAT_SEV_ES), or -1 to
 * take the file's only SEV or SEV-ES platform.  0 on success; -1 with
 * f->err set otherwise (f needs igvm_free() either way).
 */
int igvm_parse(struct igvm_file *f, const uint8_t *buf, size_t len,
	       int platform);
void igvm_free(struct igvm_file *f);

const char *igvm_platform_name(unsigned int type);
const char *igvm_type_name(uint32_t type);
uint32_t igvm_crc32(uint32_t crc, const void *p, size_t len);

/* ---- igvm_launch.c: what an SEV / SEV-ES launch measures ---------------- */

enum igvm_item_kind { IGVM_ITEM_DATA = 1, IGVM_ITEM_VMSA = 2 };

/**
 * struct igvm_item - one LAUNCH_UPDATE_DATA or LAUNCH_UPDATE_VMSA
 * @kind: data or VMSA
 * @gpa: guest physical address of the data (the VP context's for a VMSA)
 * @vp: vCPU index of a VMSA
 * @data: 4096 bytes in the file, or NULL for a page of zeros
 * @len: 4096
 * @dir: index of the directive in f->dir it comes from
 */
struct igvm_item {
	enum igvm_item_kind kind;
	uint64_t gpa;
	uint32_t vp;
	const uint8_t *data;
	uint32_t len;
	size_t dir;
};

/**
 * struct igvm_launch - an SEV / SEV-ES launch as the file describes it
 * @item: measured items in file order
 * @n: how many
 * @nr_vcpus: VP contexts (vCPUs the VM needs)
 * @vp_max: highest VP index + 1
 * @sev_features: the VMSAs' sev_features (all equal)
 * @policy: the guest policy (low 32 bits of the file's), if @have_policy
 * @have_policy: the file carries a policy for this platform
 */
struct igvm_launch {
	struct igvm_item *item;
	size_t n;
	uint32_t nr_vcpus;
	uint32_t vp_max;
	uint64_t sev_features;
	uint32_t policy;
	bool have_policy;
};

/*
 * Turn a parsed file into measured items, with the checks a KVM launch
 * needs (distinct page GPAs, one VMSA per vCPU, one sev_features for all
 * VMSAs, policy fits the platform).  -1 with f->err set on refusal.
 */
int igvm_launch_build(struct igvm_file *f, struct igvm_launch *l);
void igvm_launch_free(struct igvm_launch *l);
/* Item order: file order, or canonical (data by GPA, then VMSAs by vCPU). */
void igvm_launch_order(const struct igvm_launch *l, bool canonical,
		       size_t *idx);

#endif /* IGVM_H */
