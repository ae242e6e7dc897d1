// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl tests: IGVM launch inputs (--igvm) and the reader's refusals.
 *
 * The hand-checked file is written byte by byte here from the IGVM
 * layout (fixed header, platform SEV-ES, policy, two page data headers,
 * one VP context whose VMSA is a byte pattern with DR7 0x400); its
 * checksum and both launch digests were computed outside this project,
 * with Python's zlib.crc32 and hashlib.sha256 over the same bytes, not
 * with the code under test.  The other files come
 * from libigvm's test writer.  Last, the reader's mutation fuzzer runs a
 * bounded number of inputs (IGVM_FUZZ names the ASan/UBSan binary).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sevctl_test.h"
#include "igvm.h"
#include "igvm_build.h"

#define HAND_CRC	0x7e9fbd73u
#define HAND_CANON	"111283732b16af2def7604db411dc95a6ebb192a604ddd46e30be7d6003d1eb0"
#define HAND_FILE	"26f769220130819d222fd0ae107eeef21515103f955f37ab2b1196be689d3d84"
#define HAND_SIZE	0x20a8
#define FUZZ_INPUTS	20000

static void p32(uint8_t **p, uint32_t v)
{
	sc_put_le32(*p, v);
	*p += 4;
}

static void p64(uint8_t **p, uint64_t v)
{
	sc_put_le64(*p, v);
	*p += 8;
}

/* The hand-checked file; @crc is written as given. */
static uint8_t *hand_file(uint32_t crc)
{
	uint8_t *f = calloc(1, HAND_SIZE), *p = f;
	const uint32_t ds = 0x18 + 0x90;
	int i;

	p32(&p, 0x4d564749);		/* magic "IGVM" */
	p32(&p, 1);			/* format version */
	p32(&p, 0x18);			/* variable headers at */
	p32(&p, 0x90);			/* ... and their size */
	p32(&p, HAND_SIZE);		/* total file size */
	p32(&p, crc);
	p32(&p, 0x001); p32(&p, 16);	/* SUPPORTED_PLATFORM */
	p32(&p, 1);			/* mask 1, VTL 0, SEV-ES (5), v1 */
	*p++ = 0; *p++ = 5; *p++ = 1; *p++ = 0;
	p64(&p, 0);			/* shared GPA boundary */
	p32(&p, 0x101); p32(&p, 16);	/* GUEST_POLICY */
	p64(&p, 0x5); p32(&p, 1); p32(&p, 0);
	p32(&p, 0x302); p32(&p, 24);	/* PAGE_DATA 0x2000 from the file */
	p64(&p, 0x2000); p32(&p, 1); p32(&p, ds); p32(&p, 0); p32(&p, 0);
	p32(&p, 0x302); p32(&p, 24);	/* PAGE_DATA 0x1000, zeros */
	p64(&p, 0x1000); p32(&p, 1); p32(&p, 0); p32(&p, 0); p32(&p, 0);
	p32(&p, 0x304); p32(&p, 20);	/* VP_CONTEXT, VP 0, + 4 padding */
	p64(&p, 0); p32(&p, 1); p32(&p, ds + 0x1000); p32(&p, 0); p32(&p, 0);
	if (p != f + ds)
		abort();
	for (i = 0; i < 4096; i++) {
		f[ds + i] = (uint8_t)(i * 7 + 1);
		f[ds + 0x1000 + i] = (uint8_t)(i * 13 + 5);
	}
	sc_put_le64(f + ds + 0x1000 + 0x160, 0x400);	/* VMSA DR7 */
	return f;
}

static void gen(const char *name, const char *desc)
{
	uint8_t *f;
	size_t len;
	char err[200];

	if (igvm_desc_build(desc, &f, &len, err, sizeof(err))) {
		printf("# %s: %s\n", name, err);
		abort();
	}
	wfile(name, f, len);
	free(f);
}

static void test_hand(void)
{
	uint8_t *f = hand_file(HAND_CRC), tik[16], blob[48], ld[32];
	int r;

	wfile("hand.igvm", f, HAND_SIZE);
	r = run("measure --igvm hand.igvm --list");
	ok(!r && out_has("launch digest (canonical): " HAND_CANON) &&
	   out_has("launch digest (call order): " HAND_FILE) &&
	   out_has("items: 3"),
	   "igvm: hand-checked file: both digests as computed with Python");
	ok(!r && out_has("0 data gpa 0x1000 len 0x1000") &&
	   out_has("1 data gpa 0x2000 len 0x1000") &&
	   out_has("2 vmsa vcpu 0 len 4096"),
	   "igvm: --list shows each measured item in canonical order");
	r = run("measure --igvm hand.igvm --list --order call");
	ok(!r && out_has("0 data gpa 0x2000") && out_has("1 data gpa 0x1000"),
	   "igvm: --list --order call shows the file's order");
	/* verify-measurement with the policy the file carries (0x5). */
	memset(tik, 0x42, sizeof(tik));
	memset(blob + 32, 0x17, 16);
	hex(ld, HAND_CANON, 32);
	if (sc_measure(tik, 1, 55, 21, 0x5, ld, blob + 32, blob))
		abort();
	wfile("tik.bin", tik, 16);
	wfile("m.bin", blob, 48);
	r = run("verify-measurement --igvm hand.igvm --tik tik.bin --measurement m.bin --api 1.55 --build 21");
	ok(r == 0 && out_has("measurement OK"),
	   "igvm: verify-measurement --igvm accepts the canonical measurement");
	r = run("verify-measurement --igvm hand.igvm --tik tik.bin --measurement m.bin --api 1.55 --build 21 --order call");
	ok(r == 3 && out_has("matches the canonical order instead"),
	   "igvm: ... and in call order says it matches the canonical order (exit %d)",
	   r);
	wfile("bad.igvm", hand_file(HAND_CRC ^ 1), HAND_SIZE);
	r = run("measure --igvm bad.igvm");
	ok(r == 2 && out_has("checksum 0x7e9fbd72"),
	   "igvm: a wrong checksum is refused (exit %d)", r);
	wfile("short.igvm", f, 0x50);
	r = run("measure --igvm short.igvm");
	ok(r == 2 && out_has("total_file_size"),
	   "igvm: a truncated file is refused (exit %d)", r);
	free(f);
}

static const struct {
	const char *desc, *want;
} refusals[] = {
	{ "platform sev-snp 0x1\nplatform tdx 0x2\npage 0x0 0x3 fill:1\n",
	  "no SEV or SEV-ES platform; it supports: SEV-SNP (mask 0x1), TDX (mask 0x2)" },
	{ "platform sev-es 0x1\nraw 0x399 00000000\n",
	  "unknown header type, not marked ignorable" },
	{ "platform sev-es 0x1\npage 0x0 0x1 fill:1\npage 0x0 0x1 fill:2\nvmsa 0 0x1\n",
	  "both write guest memory at 0" },
	{ "platform sev-es 0x1\nraw 0x302 00000000000000000100000000000000010000000000000000\n",
	  "length 25, the structure is 24 bytes" },
	{ "platform sev-es 0x1\nraw 0x302 000000000000000001000000000000000100000000000000\n",
	  "2 MiB pages are not supported" },
	{ "platform sev-es 0x1\npage 0x0 0x1 fill:1\n",
	  "SEV-ES image without a VP context" },
	{ "platform sev-es 0x1\npolicy 0x1 0x1\nvmsa 0 0x1\n",
	  "lacks the ES bit" },
	{ "platform sev 0x1\nvmsa 0 0x1\n",
	  "VP context on the SEV platform" },
	{ "platform sev-es 0x1\nparam vp-count 3 0\n",
	  "parameter area 3 was not declared" },
	{ "platform sev-es 0x1\npage 0x1000 0x2 fill:1\n",
	  "compatibility mask 0x2 names no declared platform" },
	{ "platform sev-es 0x1\nplatform sev 0x2\nvmsa 0 0x1\n",
	  "supports both SEV and SEV-ES" },
	{ "platform sev-es 0x1\nvmsa 0 0x1 dr7 0x401\n",
	  "has DR7 0x401: KVM takes no VMSA with debug state armed" },
	{ "version 3\nplatform sev-es 0x1\n",
	  "format version 3 is not supported" },
	{ "platform sev-es 0x1\nrequired 0x0 0x1 0x1000\npage 0x0 0x1 fill:1\nvmsa 0 0x1\nplatform sev 0x2\n",
	  "a platform header after the directive section" },
};

static void test_files(void)
{
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(refusals); i++) {
		gen("r.igvm", refusals[i].desc);
		r = run("measure --igvm r.igvm");
		ok(r == 2 && out_has(refusals[i].want),
		   "igvm: refused with a reason: %s (exit %d)",
		   refusals[i].want, r);
	}
	/* An ignorable unknown header changes nothing. */
	gen("a.igvm", "platform sev-es 0x1\npage 0x3000 0x1 fill:1\nvmsa 0 0x1\n");
	gen("b.igvm", "platform sev-es 0x1\nraw 0x80000399 aabb\npage 0x3000 0x1 fill:1\nraw 0x80000abc 00\nvmsa 0 0x1\n");
	r = run("measure --igvm a.igvm > a.txt 2>&1; %s measure --igvm b.igvm > b.txt 2>&1 && cmp -s a.txt b.txt",
		sevctl);
	ok(!r, "igvm: ignorable unknown headers are skipped, same digests");
	/* Another platform's headers and unmeasured pages are not measured. */
	gen("c.igvm", "platform sev-snp 0x1\nplatform sev-es 0x2\npage 0x3000 0x3 fill:1\n"
	    "page 0x4000 0x1 fill:5\npage 0x5000 0x2 fill:6 unmeasured\n"
	    "area 0 0x1000\nparam vp-count 0 0\ninsert 0x6000 0x3 0\nvmsa 0 0x2\n");
	gen("d.igvm", "platform sev-es 0x1\npage 0x3000 0x1 fill:1\nvmsa 0 0x1\n");
	r = run("measure --igvm c.igvm > c.txt 2>&1 && %s measure --igvm d.igvm > d.txt 2>&1 && cmp -s c.txt d.txt",
		sevctl);
	ok(!r, "igvm: SNP-only pages, unmeasured pages and parameter areas add nothing to the SEV-ES digest");
	r = run("measure --igvm c.igvm --platform sev");
	ok(r == 2 && out_has("no SEV platform"),
	   "igvm: --platform sev on an SEV-ES file is refused (exit %d)", r);
}

static void test_fuzz(void)
{
	const char *fz = getenv("IGVM_FUZZ");
	char cmd[600];
	int r;

	if (!fz) {
		ok(1, "igvm: fuzzer # SKIP IGVM_FUZZ not set");
		return;
	}
	snprintf(cmd, sizeof(cmd), "%s %d > %s 2>&1", fz, FUZZ_INPUTS,
		 tpath("out.txt"));
	r = system(cmd);
	ok(r == 0 && out_has("igvm-fuzz: ") && out_has(" accepted, "),
	   "igvm: the reader survives %d mutated inputs under ASan/UBSan (status %d)",
	   FUZZ_INPUTS, r);
	snprintf(cmd, sizeof(cmd), "sed 's/^/# /' %s", tpath("out.txt"));
	if (r == 0 && system(cmd))
		printf("# could not show the fuzzer's output\n");
}

void test_igvm(void)
{
	test_hand();
	test_files();
	test_fuzz();
}
