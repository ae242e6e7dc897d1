// SPDX-License-Identifier: GPL-2.0
/*
 * igvm: show what the reader makes of an IGVM file, or generate one from
 * a description (tests).
 *
 *   igvm dump FILE [sev|sev-es]
 *   igvm gen DESC OUT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "igvm.h"
#include "igvm_build.h"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *b = NULL, *n;
	size_t cap = 0, got;

	*len = 0;
	if (!fp)
		return NULL;
	for (;;) {
		if (*len == cap) {
			cap = cap ? 2 * cap : 65536;
			n = realloc(b, cap + 1);
			if (!n) {
				free(b);
				fclose(fp);
				return NULL;
			}
			b = n;
		}
		got = fread(b + *len, 1, cap - *len, fp);
		*len += got;
		if (!got)
			break;
	}
	fclose(fp);
	b[*len] = 0;
	return b;
}

static const char *const kind_name[] = {
	"page", "param-area", "param", "param-insert", "vp-context",
	"required-memory",
};

static int dump(const char *path, int plat)
{
	struct igvm_file f;
	uint8_t *buf;
	size_t len, i;
	unsigned int p;

	buf = slurp(path, &len);
	if (!buf) {
		perror(path);
		return 2;
	}
	if (igvm_parse(&f, buf, len, plat)) {
		fprintf(stderr, "igvm: %s: %s\n", path, f.err);
		igvm_free(&f);
		free(buf);
		return 2;
	}
	printf("format version %u, %zu bytes\n", f.version, f.len);
	for (p = 0; p < f.nr_plat; p++)
		printf("platform %s mask %#x%s\n",
		       igvm_platform_name(f.plat[p].type), f.plat[p].mask,
		       (int)p == f.sel ? " (loaded)" : "");
	if (f.have_policy)
		printf("policy %#llx\n", (unsigned long long)f.policy);
	for (i = 0; i < f.nr_dir; i++) {
		const struct igvm_dir *d = &f.dir[i];

		printf("%4zu %-16s %-26s gpa %#llx size %#llx flags %#x area %u off %#x vp %u%s\n",
		       i, kind_name[d->kind], igvm_type_name(d->type),
		       (unsigned long long)d->gpa, (unsigned long long)d->size,
		       d->flags, d->area, d->offset, d->vp,
		       d->data ? "" : " (zeros)");
	}
	printf("%zu directives, %zu headers for other platforms, %zu ignorable headers skipped\n",
	       f.nr_dir, f.skipped, f.ignored);
	igvm_free(&f);
	free(buf);
	return 0;
}

static int gen(const char *desc, const char *out)
{
	uint8_t *text, *file;
	size_t len, flen;
	char err[200];
	FILE *fp;
	int ret = 0;

	text = slurp(desc, &len);
	if (!text) {
		perror(desc);
		return 2;
	}
	if (igvm_desc_build((char *)text, &file, &flen, err, sizeof(err))) {
		fprintf(stderr, "igvm: %s: %s\n", desc, err);
		free(text);
		return 2;
	}
	fp = fopen(out, "wb");
	if (!fp || fwrite(file, 1, flen, fp) != flen)
		ret = 4;
	if (fp && fclose(fp))
		ret = 4;
	if (ret)
		perror(out);
	free(file);
	free(text);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && argc <= 4 && !strcmp(argv[1], "dump"))
		return dump(argv[2], argc == 3 ? -1 :
			    !strcmp(argv[3], "sev") ? IGVM_PLAT_SEV :
			    IGVM_PLAT_SEV_ES);
	if (argc == 4 && !strcmp(argv[1], "gen"))
		return gen(argv[2], argv[3]);
	fprintf(stderr, "usage: igvm dump FILE [sev|sev-es]\n       igvm gen DESC OUT\n");
	return 1;
}
