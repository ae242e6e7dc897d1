// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: the launch log KVM_SEV_LAUNCH_GET_LOG returns, an array of
 * struct kvm_sev_launch_log_entry (64 bytes each, little-endian):
 *	kind u32 (1 data, 2 VMSA), vcpu_id u32, gpa u64, len u64,
 *	sha256[32], reserved u64
 * in the order the firmware measured the items.
 */
#define SEV_LAUNCH_STANDALONE
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sev-launch.h>

#include "sevctl.h"

_Static_assert(sizeof(struct kvm_sev_launch_log_entry) == SC_LOG_ENTRY_SIZE,
	       "log entry size");
_Static_assert(offsetof(struct kvm_sev_launch_log_entry, sha256) == 24,
	       "log entry layout");

int sc_log_parse(const char *name, const uint8_t *buf, size_t len,
		 struct sc_log_rec **recs, size_t *n)
{
	struct sc_log_rec *r;
	size_t i;

	if (len % SC_LOG_ENTRY_SIZE) {
		sc_err(SC_EINPUT, "%s: %zu bytes is not a whole number of %d-byte log entries",
		       name, len, SC_LOG_ENTRY_SIZE);
		return -SC_EINPUT;
	}
	*n = len / SC_LOG_ENTRY_SIZE;
	r = calloc(*n ? *n : 1, sizeof(*r));
	if (!r)
		return -SC_EINTERNAL;
	for (i = 0; i < *n; i++) {
		const uint8_t *e = buf + i * SC_LOG_ENTRY_SIZE;

		r[i].kind = sc_le32(e);
		r[i].vcpu = sc_le32(e + 4);
		r[i].gpa = sc_le64(e + 8);
		r[i].len = sc_le64(e + 16);
		memcpy(r[i].sha256, e + 24, 32);
		if ((r[i].kind != KVM_SEV_LOG_DATA &&
		     r[i].kind != KVM_SEV_LOG_VMSA) || sc_le64(e + 56)) {
			sc_err(SC_EINPUT, "%s: record %zu: unknown kind %u or non-zero reserved field",
			       name, i, r[i].kind);
			free(r);
			return -SC_EINPUT;
		}
	}
	*recs = r;
	return 0;
}

static void sc_log_rec_str(char *out, size_t size, const struct sc_log_rec *r)
{
	char h[65];

	sc_hex_str(h, r->sha256, 32);
	if (r->kind == KVM_SEV_LOG_VMSA)
		snprintf(out, size, "vmsa vcpu %u len %llu sha256 %s", r->vcpu,
			 (unsigned long long)r->len, h);
	else
		snprintf(out, size, "data gpa %#llx len %#llx sha256 %s",
			 (unsigned long long)r->gpa,
			 (unsigned long long)r->len, h);
}

void sc_log_print(const struct sc_log_rec *r, size_t n)
{
	char s[200];
	size_t i;

	for (i = 0; i < n; i++) {
		sc_log_rec_str(s, sizeof(s), &r[i]);
		printf("%3zu %s\n", i, s);
	}
}

int sc_log_expected(const struct sc_launch *l, bool canonical,
		    struct sc_log_rec **recs, size_t *n)
{
	struct sc_log_rec *r;
	size_t *idx, i;
	int ret = 0;

	idx = calloc(l->n ? l->n : 1, sizeof(*idx));
	r = calloc(l->n ? l->n : 1, sizeof(*r));
	if (!idx || !r) {
		free(idx);
		free(r);
		return -SC_EINTERNAL;
	}
	ret = sc_launch_order(l, canonical, idx);
	for (i = 0; !ret && i < l->n; i++) {
		const struct sc_item *it = &l->items[idx[i]];

		r[i].kind = it->kind == SC_ITEM_DATA ? KVM_SEV_LOG_DATA :
						       KVM_SEV_LOG_VMSA;
		r[i].vcpu = it->vcpu;
		r[i].gpa = it->gpa;
		r[i].len = it->len;
		ret = sc_sha256(it->buf, it->len, r[i].sha256);
	}
	free(idx);
	if (ret) {
		free(r);
		return ret;
	}
	*recs = r;
	*n = l->n;
	return 0;
}

int sc_log_diff(const struct sc_log_rec *got, size_t ngot,
		const struct sc_log_rec *want, size_t nwant, size_t *idx)
{
	char g[200], w[200];
	const char *what;
	size_t i;

	for (i = 0; i < ngot && i < nwant; i++) {
		const struct sc_log_rec *a = &got[i], *b = &want[i];

		if (a->kind != b->kind)
			what = "kind";
		else if (a->vcpu != b->vcpu)
			what = "vCPU id";
		else if (a->gpa != b->gpa)
			what = "guest address";
		else if (a->len != b->len)
			what = "length";
		else if (memcmp(a->sha256, b->sha256, 32))
			what = "contents (SHA-256)";
		else
			continue;
		sc_log_rec_str(g, sizeof(g), a);
		sc_log_rec_str(w, sizeof(w), b);
		*idx = i;
		sc_err(SC_EVERIFY, "launch log record %zu differs in its %s: log has '%s', expected '%s'",
		       i, what, g, w);
		return -SC_EVERIFY;
	}
	if (ngot == nwant)
		return 0;
	*idx = i;
	if (ngot > nwant) {
		sc_log_rec_str(g, sizeof(g), &got[i]);
		sc_err(SC_EVERIFY, "launch log record %zu is unexpected: '%s' (expected %zu records)",
		       i, g, nwant);
	} else {
		sc_log_rec_str(w, sizeof(w), &want[i]);
		sc_err(SC_EVERIFY, "launch log ends at %zu records; expected record %zu: '%s'",
		       ngot, i, w);
	}
	return -SC_EVERIFY;
}
