// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: launch descriptions, launch digests and measurements.
 *
 *	LD      = SHA-256 of the plaintext of every LAUNCH_UPDATE_DATA and
 *		  LAUNCH_UPDATE_VMSA, concatenated in the order measured
 *	MEASURE = HMAC-SHA256(TIK, 0x04 || API_MAJOR || API_MINOR || BUILD ||
 *			      le32(POLICY) || LD || MNONCE)
 *
 * (SEV API, AMD pub. 55766, 6.5.1 LAUNCH_MEASURE).  Firmware with an API
 * version below 0.17 leaves out 0x04 || API_MAJOR || API_MINOR || BUILD,
 * as AMD's sev-tool computes it (Documentation/sevctl.rst).
 *
 * "Call order" is the order of the description's lines (what a VMM that
 * issues the commands directly measures); "canonical order" is every data
 * item by guest physical address, then every VMSA by vCPU id: what
 * sev-launch's KVM_SEV_LAUNCH_F_CANONICAL replays.
 * As in the kernel, data ranges may not overlap in canonical order.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "sevctl.h"

void sc_launch_init(struct sc_launch *l)
{
	memset(l, 0, sizeof(*l));
}

void sc_launch_free(struct sc_launch *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].buf);
		free(l->items[i].origin);
	}
	free(l->items);
	sc_launch_init(l);
}

int sc_launch_add(struct sc_launch *l, enum sc_item_kind kind, uint64_t gpa,
		  uint32_t vcpu, const uint8_t *buf, size_t len,
		  const char *origin)
{
	struct sc_item *it, *items;
	size_t i;

	if (!len || len % 16) {
		sc_err(SC_EINPUT, "%s: length %zu is not a non-zero multiple of 16",
		       origin, len);
		return -SC_EINPUT;
	}
	if (kind == SC_ITEM_DATA && (gpa % 16 || gpa + len < gpa)) {
		sc_err(SC_EINPUT, "%s: guest address %#llx is not 16-byte aligned or wraps",
		       origin, (unsigned long long)gpa);
		return -SC_EINPUT;
	}
	if (kind == SC_ITEM_VMSA) {
		if (len != SC_VMSA_SIZE) {
			sc_err(SC_EINPUT, "%s: a VMSA is 4096 bytes, not %zu",
			       origin, len);
			return -SC_EINPUT;
		}
		for (i = 0; i < l->n; i++)
			if (l->items[i].kind == SC_ITEM_VMSA &&
			    l->items[i].vcpu == vcpu) {
				sc_err(SC_EINPUT, "%s: second VMSA for vCPU %u",
				       origin, vcpu);
				return -SC_EINPUT;
			}
	}
	items = realloc(l->items, (l->n + 1) * sizeof(*items));
	if (!items)
		goto nomem;
	l->items = items;
	it = &items[l->n];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->gpa = kind == SC_ITEM_DATA ? gpa : 0;
	it->vcpu = kind == SC_ITEM_VMSA ? vcpu : 0;
	it->len = len;
	it->buf = malloc(len);
	it->origin = strdup(origin);
	if (!it->buf || !it->origin) {
		free(it->buf);
		free(it->origin);
		goto nomem;
	}
	memcpy(it->buf, buf, len);
	l->n++;
	return 0;
nomem:
	sc_err(SC_EINTERNAL, "out of memory");
	return -SC_EINTERNAL;
}

static char *sc_relpath(const char *base, const char *path)
{
	char *dup, *dir, *out;

	if (path[0] == '/')
		return strdup(path);
	dup = strdup(base);
	if (!dup)
		return NULL;
	dir = dirname(dup);
	out = malloc(strlen(dir) + strlen(path) + 2);
	if (out)
		sprintf(out, "%s/%s", dir, path);
	free(dup);
	return out;
}

static int sc_launch_line(struct sc_launch *l, const char *desc,
			  const char *where, char *key, char *a, char *b)
{
	uint64_t v, vcpu;
	uint8_t *buf = NULL, page[SC_VMSA_SIZE];
	size_t len;
	char *path;
	int ret;

	if (!strcmp(key, "api")) {
		l->given |= SC_GIVEN_API;
		return sc_parse_api(where, a, &l->api_major, &l->api_minor);
	}
	if (!strcmp(key, "build") || !strcmp(key, "policy")) {
		ret = sc_parse_uint(where, a, key[0] == 'b' ? 0xff : 0xffffffff,
				    &v);
		if (ret)
			return ret;
		if (key[0] == 'b')
			l->build = v;
		else
			l->policy = v;
		l->given |= key[0] == 'b' ? SC_GIVEN_BUILD : SC_GIVEN_POLICY;
		return 0;
	}
	if (strcmp(key, "data") && strcmp(key, "vmsa")) {
		sc_err(SC_EINPUT, "%s: unknown keyword '%s'", where, key);
		return -SC_EINPUT;
	}
	if (!b) {
		sc_err(SC_EINPUT, "%s: expected '%s %s SOURCE'", where, key,
		       key[0] == 'd' ? "GPA" : "VCPU");
		return -SC_EINPUT;
	}
	ret = sc_parse_u64(where, a, &v);
	if (ret)
		return ret;
	if (key[0] == 'v' && v > 0xffffffff) {
		sc_err(SC_EINPUT, "%s: vCPU id %llu too large", where,
		       (unsigned long long)v);
		return -SC_EINPUT;
	}
	vcpu = v;
	if (!strncmp(b, "hex:", 4)) {
		len = strlen(b + 4) / 2;
		buf = malloc(len ? len : 1);
		if (!buf)
			return -SC_EINTERNAL;
		ret = sc_hex_parse(where, b + 4, buf, len);
	} else if (!strncmp(b, "desc:", 5)) {
		struct sc_vmsa_desc d;

		path = sc_relpath(desc, b + 5);
		if (!path)
			return -SC_EINTERNAL;
		ret = sc_vmsa_desc_parse(path, &d);
		free(path);
		if (!ret)
			ret = sc_vmsa_build(&d, page);
		if (ret)
			return ret;
		len = SC_VMSA_SIZE;
		buf = malloc(len);
		if (!buf)
			return -SC_EINTERNAL;
		memcpy(buf, page, len);
	} else {
		path = sc_relpath(desc, b);
		if (!path)
			return -SC_EINTERNAL;
		ret = sc_read_file(path, &buf, &len, 1ULL << 32);
		free(path);
	}
	if (!ret)
		ret = sc_launch_add(l, key[0] == 'd' ? SC_ITEM_DATA :
				    SC_ITEM_VMSA, v, (uint32_t)vcpu, buf, len,
				    where);
	free(buf);
	return ret;
}

int sc_launch_parse(const char *path, struct sc_launch *l)
{
	char line[8192], where[1100];
	unsigned int lineno = 0;
	FILE *f = fopen(path, "r");
	int ret = 0;

	if (!f) {
		sc_err(SC_EINPUT, "%s: cannot open", path);
		return -SC_EINPUT;
	}
	while (!ret && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, '#'), *save = NULL, *k, *a, *b, *extra;

		lineno++;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		if (!strchr(line, '\n') && !feof(f)) {
			sc_err(SC_EINPUT, "%s: line too long", where);
			ret = -SC_EINPUT;
			break;
		}
		if (p)
			*p = 0;
		k = strtok_r(line, " \t\r\n", &save);
		if (!k)
			continue;
		a = strtok_r(NULL, " \t\r\n", &save);
		b = strtok_r(NULL, " \t\r\n", &save);
		extra = strtok_r(NULL, " \t\r\n", &save);
		if (extra) {
			sc_err(SC_EINPUT, "%s: unexpected '%s'", where, extra);
			ret = -SC_EINPUT;
			break;
		}
		ret = sc_launch_line(l, path, where, k, a, b);
	}
	fclose(f);
	if (!ret && !l->n) {
		sc_err(SC_EINPUT, "%s: no data or vmsa lines", path);
		ret = -SC_EINPUT;
	}
	if (!ret && (l->policy & 4) == 0)
		for (size_t i = 0; i < l->n; i++)
			if (l->items[i].kind == SC_ITEM_VMSA) {
				sc_err(SC_EINPUT, "%s: VMSA without the ES bit (0x4) in the policy",
				       l->items[i].origin);
				return -SC_EINPUT;
			}
	return ret;
}

static int sc_item_before(const struct sc_item *a, size_t ia,
			  const struct sc_item *b, size_t ib)
{
	if (a->kind != b->kind)
		return a->kind == SC_ITEM_DATA;
	if (a->kind == SC_ITEM_DATA && a->gpa != b->gpa)
		return a->gpa < b->gpa;
	if (a->kind == SC_ITEM_VMSA && a->vcpu != b->vcpu)
		return a->vcpu < b->vcpu;
	return ia < ib;
}

int sc_launch_order(const struct sc_launch *l, bool canonical, size_t *idx)
{
	size_t i, j;

	for (i = 0; i < l->n; i++)
		idx[i] = i;
	if (!canonical)
		return 0;
	/* Insertion sort: stable, and launches have few items. */
	for (i = 1; i < l->n; i++) {
		size_t cur = idx[i];

		for (j = i; j > 0 && sc_item_before(&l->items[cur], cur,
						    &l->items[idx[j - 1]],
						    idx[j - 1]); j--)
			idx[j] = idx[j - 1];
		idx[j] = cur;
	}
	/* Like the kernel's canonical mode, measure every byte at most once. */
	for (i = 1; i < l->n; i++) {
		const struct sc_item *a = &l->items[idx[i - 1]];
		const struct sc_item *b = &l->items[idx[i]];

		if (a->kind == SC_ITEM_DATA && b->kind == SC_ITEM_DATA &&
		    b->gpa < a->gpa + a->len) {
			sc_err(SC_EINPUT, "%s overlaps %s (GPA %#llx): canonical order measures each guest byte once",
			       b->origin, a->origin,
			       (unsigned long long)b->gpa);
			return -SC_EINPUT;
		}
	}
	return 0;
}

int sc_launch_digest(const struct sc_launch *l, bool canonical,
		     uint8_t ld[32])
{
	struct sc_sha256 h;
	size_t *idx, i;
	int ret;

	idx = calloc(l->n ? l->n : 1, sizeof(*idx));
	if (!idx)
		return -SC_EINTERNAL;
	ret = sc_launch_order(l, canonical, idx);
	if (ret) {
		free(idx);
		return ret;
	}
	ret = sc_sha256_init(&h);
	for (i = 0; !ret && i < l->n; i++)
		ret = sc_sha256_update(&h, l->items[idx[i]].buf,
				       l->items[idx[i]].len);
	if (!ret)
		ret = sc_sha256_final(&h, ld);
	sc_sha256_free(&h);
	free(idx);
	return ret;
}

bool sc_api_measures_version(uint8_t api_major, uint8_t api_minor)
{
	return api_major > 0 || api_minor >= 17;
}

int sc_measure(const uint8_t tik[16], uint8_t api_major, uint8_t api_minor,
	       uint8_t build, uint32_t policy, const uint8_t ld[32],
	       const uint8_t mnonce[16], uint8_t out[32])
{
	uint8_t hdr[8] = { 0x04, api_major, api_minor, build };
	struct sc_iov v[3] = { { hdr, 8 }, { ld, 32 }, { mnonce, 16 } };

	sc_put_le32(hdr + 4, policy);
	/* Before API 0.17 only le32(POLICY) of the header is measured. */
	if (!sc_api_measures_version(api_major, api_minor)) {
		v[0].p = hdr + 4;
		v[0].len = 4;
	}
	return sc_hmac_sha256(tik, 16, v, 3, out);
}

int sc_measure_verify(const uint8_t tik[16], const struct sc_launch *l,
		      const uint8_t ld[32], const uint8_t blob[48])
{
	uint8_t want[32];
	char hw[65], hg[65];
	int ret;

	ret = sc_measure(tik, l->api_major, l->api_minor, l->build, l->policy,
			 ld, blob + 32, want);
	if (ret)
		return ret;
	if (CRYPTO_memcmp(want, blob, 32)) {
		sc_hex_str(hw, want, 32);
		sc_hex_str(hg, blob, 32);
		sc_err(SC_EVERIFY, "measurement mismatch: firmware reported %s, expected %s for API %u.%u build %u policy %#x",
		       hg, hw, l->api_major, l->api_minor, l->build,
		       l->policy);
		return -SC_EVERIFY;
	}
	return 0;
}
