// SPDX-License-Identifier: GPL-2.0
/*
 * libigvm's writer, text front end (tests only): one header per line,
 * '#' starts a comment, numbers in C notation.
 *
 *   version 1|2                          format version (default 2)
 *   platform sev|sev-es|sev-snp|tdx|native|vbs MASK
 *   policy POLICY MASK
 *   page GPA MASK fill:SEED|zero|byte:B [unmeasured] [shared]
 *   pages GPA COUNT STRIDE MASK SEED     COUNT filled pages, STRIDE apart
 *   area INDEX SIZE [fill:SEED]
 *   param vp-count|env-info|srat|madt|mmio|memory-map|cmdline|slit|pptt|dt INDEX OFFSET
 *   insert GPA MASK INDEX
 *   vmsa VP MASK [eip EIP] [features X] [gpa GPA] [dr7 X]
 *   vmsas COUNT MASK [features X]        VPs 0..COUNT-1, BSP and APs
 *   required GPA MASK SIZE [flags F]
 *   raw TYPE HEXBYTES                    any header
 *   bad-crc                              write a wrong checksum
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "igvm.h"
#include "igvm_build.h"

#define MAXTOK	16

static int num(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !*s)
		return -1;
	*v = strtoull(s, &end, 0);
	return *end ? -1 : 0;
}

static int platform_type(const char *s)
{
	static const char *const n[] = { "native", "vbs", "sev-snp", "tdx",
					 "sev", "sev-es" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(n); i++)
		if (!strcmp(s, n[i]))
			return (int)i;
	return -1;
}

static uint32_t param_type(const char *s)
{
	static const struct {
		const char *n;
		uint32_t t;
	} p[] = {
		{ "vp-count", IGVM_VHT_VP_COUNT_PARAMETER },
		{ "env-info", IGVM_VHT_ENVIRONMENT_INFO },
		{ "srat", IGVM_VHT_SRAT }, { "madt", IGVM_VHT_MADT },
		{ "mmio", IGVM_VHT_MMIO_RANGES },
		{ "memory-map", IGVM_VHT_MEMORY_MAP },
		{ "cmdline", IGVM_VHT_COMMAND_LINE },
		{ "slit", IGVM_VHT_SLIT }, { "pptt", IGVM_VHT_PPTT },
		{ "dt", IGVM_VHT_DEVICE_TREE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(p); i++)
		if (!strcmp(s, p[i].n))
			return p[i].t;
	return 0;
}

/* "fill:SEED", "zero" or "byte:B" into @page; 1 for zero (no data). */
static int content(const char *s, uint8_t *page, size_t len)
{
	uint64_t v;

	if (!strcmp(s, "zero"))
		return 1;
	if (!strncmp(s, "fill:", 5) && !num(s + 5, &v)) {
		igvmb_fill(page, len, v);
		return 0;
	}
	if (!strncmp(s, "byte:", 5) && !num(s + 5, &v)) {
		memset(page, (int)v, len);
		return 0;
	}
	return -1;
}

/* Optional "key value" pairs after the fixed arguments. */
static int opt(char **t, int n, int from, const char *key, uint64_t *v)
{
	int i;

	for (i = from; i + 1 < n; i++)
		if (!strcmp(t[i], key))
			return num(t[i + 1], v);
	return 0;
}

static bool has(char **t, int n, int from, const char *word)
{
	int i;

	for (i = from; i < n; i++)
		if (!strcmp(t[i], word))
			return true;
	return false;
}

static int line(struct igvmb *b, char **t, int n)
{
	static uint8_t page[IGVM_PAGE_SIZE];
	uint64_t a[5] = { 0 };
	uint64_t x = 0, y = 0;
	int i, r;

	for (i = 1; i < n && i <= 5; i++)
		if (num(t[i], &a[i - 1]))
			a[i - 1] = UINT64_MAX;	/* not a number */
	if (!strcmp(t[0], "version") && n == 2) {
		b->version = (uint32_t)a[0];
		return 0;
	}
	if (!strcmp(t[0], "bad-crc") && n == 1) {
		b->bad_crc = 1;
		return 0;
	}
	if (!strcmp(t[0], "platform") && n == 3 && platform_type(t[1]) >= 0)
		return igvmb_platform(b, (uint32_t)a[1], platform_type(t[1]));
	if (!strcmp(t[0], "policy") && n == 3)
		return igvmb_policy(b, a[0], (uint32_t)a[1]);
	if (!strcmp(t[0], "page") && n >= 4) {
		uint32_t flags = 0;

		r = content(t[3], page, sizeof(page));
		if (r < 0)
			return -1;
		if (has(t, n, 4, "unmeasured"))
			flags |= IGVM_PAGE_F_UNMEASURED;
		if (has(t, n, 4, "shared"))
			flags |= IGVM_PAGE_F_SHARED;
		return igvmb_page(b, a[0], (uint32_t)a[1], flags,
				  r ? NULL : page);
	}
	if (!strcmp(t[0], "pages") && n == 6) {
		for (x = 0; x < a[1]; x++) {
			igvmb_fill(page, sizeof(page), a[4] + x);
			if (igvmb_page(b, a[0] + x * a[2], (uint32_t)a[3], 0,
				       page))
				return -1;
		}
		return 0;
	}
	if (!strcmp(t[0], "area") && (n == 3 || n == 4)) {
		uint8_t *init = NULL;

		if (n == 4) {
			if (a[1] > (1u << 24))
				return -1;
			init = malloc(a[1]);
			if (!init || content(t[3], init, a[1])) {
				free(init);
				return -1;
			}
		}
		r = igvmb_area(b, (uint32_t)a[0], a[1], init);
		free(init);
		return r;
	}
	if (!strcmp(t[0], "param") && n == 4 && param_type(t[1]))
		return igvmb_param(b, param_type(t[1]), (uint32_t)a[1],
				   (uint32_t)a[2]);
	if (!strcmp(t[0], "insert") && n == 4)
		return igvmb_insert(b, a[0], (uint32_t)a[1], (uint32_t)a[2]);
	if (!strcmp(t[0], "vmsa") && n >= 3) {
		uint64_t eip = a[0] ? 0x80b004 : 0xfffffff0, gpa = 0, dr7 = 0x400;
		unsigned int k;

		if (opt(t, n, 3, "eip", &eip) || opt(t, n, 3, "features", &x) ||
		    opt(t, n, 3, "gpa", &gpa) || opt(t, n, 3, "dr7", &dr7))
			return -1;
		igvmb_vmsa(page, (uint16_t)a[0], (uint32_t)eip, x);
		for (k = 0; k < 8; k++)
			page[0x160 + k] = (uint8_t)(dr7 >> (8 * k));
		return igvmb_vp(b, gpa, (uint32_t)a[1], (uint16_t)a[0], page);
	}
	if (!strcmp(t[0], "vmsas") && n >= 3) {
		if (opt(t, n, 3, "features", &x) || a[0] > 65536)
			return -1;
		for (y = 0; y < a[0]; y++) {
			igvmb_vmsa(page, (uint16_t)y,
				   y ? 0x80b004 : 0xfffffff0, x);
			if (igvmb_vp(b, 0, (uint32_t)a[1], (uint16_t)y, page))
				return -1;
		}
		return 0;
	}
	if (!strcmp(t[0], "required") && n >= 4) {
		if (opt(t, n, 4, "flags", &x))
			return -1;
		return igvmb_reqmem(b, a[0], (uint32_t)a[1], (uint32_t)a[2],
				    (uint32_t)x);
	}
	if (!strcmp(t[0], "raw") && (n == 2 || n == 3)) {
		uint8_t raw[512];
		size_t len = n == 3 ? strlen(t[2]) / 2 : 0;
		unsigned int byte;

		if (len > sizeof(raw))
			return -1;
		for (x = 0; x < len; x++) {
			if (sscanf(t[2] + 2 * x, "%2x", &byte) != 1)
				return -1;
			raw[x] = (uint8_t)byte;
		}
		return igvmb_raw(b, (uint32_t)a[0], raw, (uint32_t)len);
	}
	return -1;
}

int igvm_desc_build(const char *text, uint8_t **out, size_t *len,
		    char *err, size_t errlen)
{
	struct igvmb b;
	char *copy, *save, *l;
	int lineno = 0, ret = 0;

	igvmb_init(&b, 2);
	copy = strdup(text);
	if (!copy)
		return -1;
	save = copy;
	while ((l = strsep(&save, "\n"))) {
		char *t[MAXTOK], *s2 = NULL, *w, *hash = strchr(l, '#');
		int n = 0;

		lineno++;
		if (hash)
			*hash = 0;
		for (w = strtok_r(l, " \t", &s2); w && n < MAXTOK;
		     w = strtok_r(NULL, " \t", &s2))
			t[n++] = w;
		if (!n)
			continue;
		if (line(&b, t, n)) {
			snprintf(err, errlen, "description line %d: cannot use '%s ...'",
				 lineno, t[0]);
			ret = -1;
			break;
		}
	}
	free(copy);
	if (!ret && igvmb_finish(&b, out, len)) {
		snprintf(err, errlen, "out of memory");
		ret = -1;
	}
	igvmb_free(&b);
	return ret;
}
