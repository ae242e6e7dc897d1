// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl: IGVM files as launch inputs (--igvm FILE [--platform sev|sev-es]).
 *
 * The file is read with libigvm (tools/igvm) and becomes a launch: its
 * measured pages and VMSAs, in the file's order, are the call order; the
 * canonical order is computed from them as for any launch.  The guest
 * policy is the file's when it carries one.  See Documentation/igvm.rst.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "igvm.h"

int sc_launch_from_igvm(const char *path, const char *platform,
			struct sc_launch *l)
{
	static const uint8_t zero[IGVM_PAGE_SIZE];
	struct igvm_launch il = { 0 };
	struct igvm_file f;
	uint8_t *buf;
	size_t len, i;
	char where[300];
	int plat = -1, ret;

	if (platform && !strcmp(platform, "sev")) {
		plat = IGVM_PLAT_SEV;
	} else if (platform && !strcmp(platform, "sev-es")) {
		plat = IGVM_PLAT_SEV_ES;
	} else if (platform) {
		sc_err(SC_EUSAGE, "--platform: '%s' is neither sev nor sev-es",
		       platform);
		return -SC_EUSAGE;
	}
	ret = sc_read_file(path, &buf, &len, 1u << 31);
	if (ret)
		return ret;
	if (igvm_parse(&f, buf, len, plat) || igvm_launch_build(&f, &il)) {
		sc_err(SC_EINPUT, "%s: %s", path, f.err);
		ret = -SC_EINPUT;
		goto out;
	}
	if (il.have_policy) {
		l->policy = il.policy;
		l->given |= SC_GIVEN_POLICY;
	}
	for (i = 0; i < il.n && !ret; i++) {
		const struct igvm_item *it = &il.item[i];
		const struct igvm_dir *d = &f.dir[it->dir];

		if (it->kind == IGVM_ITEM_DATA)
			snprintf(where, sizeof(where),
				 "%s: page data at %#llx%s (header at %#x)",
				 path, (unsigned long long)it->gpa,
				 it->data ? "" : ", zeros", d->hdr_off);
		else
			snprintf(where, sizeof(where),
				 "%s: VMSA of VP %u (header at %#x)", path,
				 it->vp, d->hdr_off);
		ret = sc_launch_add(l, it->kind == IGVM_ITEM_DATA ?
				    SC_ITEM_DATA : SC_ITEM_VMSA, it->gpa,
				    it->vp, it->data ? it->data : zero,
				    it->len, where);
	}
out:
	igvm_launch_free(&il);
	igvm_free(&f);
	free(buf);
	return ret;
}
