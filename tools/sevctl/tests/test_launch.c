// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl tests: VMSA pages, OVMF images, launch digests and launch logs.
 */
#include <stdlib.h>
#include <string.h>

#include "sevctl_test.h"

void test_vmsa(void)
{
	struct sc_vmsa_desc d;
	uint8_t a[SC_VMSA_SIZE], b[SC_VMSA_SIZE], c[SC_VMSA_SIZE];
	int diff = 0, i;
	bool only_fpu = true;

	sc_vmsa_desc_default(&d);
	d.fpu = SC_FPU_ES_INIT;
	sc_vmsa_build(&d, a);
	ok(sc_le16(a + 0x10) == 0xf000 && sc_le16(a + 0x12) == 0x9b &&
	   sc_le32(a + 0x14) == 0xffff && sc_le64(a + 0x18) == 0xffff0000 &&
	   sc_le64(a + 0x178) == 0xfff0, "BSP: cs 0xf000/0x9b/0xffff base 0xffff0000, rip 0xfff0");
	ok(sc_le16(a + 0x02) == 0x93 && sc_le16(a + 0x22) == 0x93 &&
	   sc_le16(a + 0x72) == 0x82 && sc_le16(a + 0x92) == 0x8b &&
	   sc_le32(a + 0x64) == 0xffff && sc_le32(a + 0x84) == 0xffff,
	   "segments: data 0x93, ldtr 0x82, tr 0x8b, gdtr/idtr limit 0xffff");
	ok(sc_le64(a + 0xd0) == 0x1000 && sc_le64(a + 0x148) == 0x40 &&
	   sc_le64(a + 0x158) == 0x10 && sc_le64(a + 0x160) == 0x400 &&
	   sc_le64(a + 0x168) == 0xffff0ff0 && sc_le64(a + 0x170) == 2 &&
	   sc_le64(a + 0x268) == 0x0007040600070406ULL &&
	   sc_le64(a + 0x310) == 0x800f12 && sc_le64(a + 0x3e8) == 1 &&
	   sc_le64(a + 0x3b0) == 0, "efer/cr4/cr0/dr7/dr6/rflags/g_pat/rdx/xcr0/sev_features");
	ok(sc_le32(a + 0x408) == 0 && sc_le16(a + 0x410) == 0,
	   "ES_INIT flavour: MXCSR 0, FCW 0");
	d.fpu = SC_FPU_INIT2;
	sc_vmsa_build(&d, b);
	ok(sc_le32(b + 0x408) == 0x1f80 && sc_le16(b + 0x410) == 0x37f,
	   "INIT2 flavour: MXCSR 0x1f80, FCW 0x37f");
	for (i = 0; i < SC_VMSA_SIZE; i++)
		if (a[i] != b[i]) {
			diff++;
			if (i < 0x408 || i > 0x411)
				only_fpu = false;
		}
	ok(diff == 4 && only_fpu, "the two flavours differ only in MXCSR and FCW (%d bytes)",
	   diff);
	d.reset_eip = 0x80b004;
	d.bsp = false;
	sc_cpu_sig("EPYC-Milan", &d.vcpu_sig);
	d.sev_features = 0x20;
	sc_vmsa_build(&d, c);
	ok(sc_le64(c + 0x18) == 0x800000 && sc_le64(c + 0x178) == 0xb004 &&
	   sc_le64(c + 0x310) == 0xa00f11 && sc_le64(c + 0x3b0) == 0x20,
	   "AP at 0x80b004 on EPYC-Milan: cs.base 0x800000, rip 0xb004, rdx 0xa00f11, sev_features");
	ok(sc_cpu_sig_fms(25, 1, 1) == 0xa00f11 &&
	   sc_cpu_sig_fms(23, 1, 2) == 0x800f12 &&
	   sc_cpu_sig_fms(23, 0x31, 0) == 0x830f10,
	   "CPUID signature from family/model/stepping");
	ok(sc_cpu_sig("Pentium", &d.vcpu_sig) == -SC_EINPUT &&
	   strstr(sc_errmsg(), "Pentium"), "unknown vCPU type is named");
}

/* Append footer entry data || u16 size || GUID at *off (growing down). */
static size_t put_entry(uint8_t *img, size_t end, const char *guid,
			const uint8_t *data, size_t dlen)
{
	size_t start = end - dlen - 18;

	memcpy(img + start, data, dlen);
	sc_put_le16(img + end - 18, (uint16_t)(dlen + 18));
	sc_guid_parse(guid, img + end - 16);
	return start;
}

uint8_t *make_ovmf(size_t size, bool hashes)
{
	uint8_t *img = calloc(1, size), d[8];
	size_t foot = size - 32 - 18, end = foot;

	if (!img)
		abort();

	for (size_t i = 0; i < size - 0x1000; i++)
		img[i] = (uint8_t)(i * 7 + (i >> 12));
	sc_put_le32(d, 0x80b004);
	end = put_entry(img, end, "00f771de-1a7e-4fcb-890e-68c77e2fb44e", d, 4);
	sc_put_le32(d, hashes ? 0x80a000 : 0);
	sc_put_le32(d + 4, hashes ? 0x400 : 0);
	end = put_entry(img, end, "7255371f-3a3b-4b04-927b-1da6efa8d454", d, 8);
	sc_put_le32(d, 0x80c000);
	sc_put_le32(d + 4, 0xc00);
	end = put_entry(img, end, "4c2eb361-7d9b-4cc3-8081-127c90d3d294", d, 8);
	end = put_entry(img, end, "dc886566-984a-4798-a75e-5585a7bf67cc", d, 3);
	sc_put_le16(img + foot, (uint16_t)(foot - end + 18));
	sc_guid_parse("96b582de-1fb2-45f7-baea-a366c55a082d", img + foot + 2);
	return img;
}

void test_ovmf(void)
{
	size_t size = 0x10000;
	uint8_t *img = make_ovmf(size, true), t[SC_HASHTABLE_SIZE], h[32];
	struct sc_ovmf o;

	ok(!sc_ovmf_parse("ovmf", img, size, &o) && o.have_reset &&
	   o.ap_reset == 0x80b004 && o.have_hashes && o.hashes_base == 0x80a000 &&
	   o.hashes_size == 0x400 && o.have_secret && o.secret_base == 0x80c000 &&
	   o.secret_size == 0xc00,
	   "synthetic OVMF footer: AP reset 0x80b004, hashes 0x80a000/0x400, secret 0x80c000/0xc00");
	img[size - 32 - 1] ^= 1;
	ok(sc_ovmf_parse("ovmf.fd", img, size, &o) == -SC_EINPUT &&
	   strstr(sc_errmsg(), "ovmf.fd") && strstr(sc_errmsg(), "footer"),
	   "image without the footer GUID is refused, naming the file");
	img[size - 32 - 1] ^= 1;
	sc_put_le16(img + size - 50, 0xfff0);
	ok(sc_ovmf_parse("ovmf.fd", img, size, &o) == -SC_EINPUT,
	   "footer table size beyond the image is refused");
	free(img);

	ok(!sc_hashtable_build((const uint8_t *)"KERNEL", 6, NULL, 0, NULL, t),
	   "kernel-hashes table built");
	sc_sha256("\0", 1, h);
	ok(t[0] == 0x06 && t[3] == 0x94 && sc_le16(t + 16) == 168 &&
	   sc_le16(t + 34) == 50 && !memcmp(t + 36, h, 32) &&
	   sc_le16(t + 84) == 50 && sc_le16(t + 134) == 50,
	   "table header GUID/length 168; entries of 50; no -append hashes a lone NUL");
	sc_sha256("", 0, h);
	ok(!memcmp(t + 86, h, 32) && t[68] == 0x31 && t[118] == 0x37,
	   "no initrd hashes the empty string; entry GUIDs in bytes_le");
	sc_sha256("KERNEL", 6, h);
	ok(!memcmp(t + 136, h, 32) && !t[168] && !t[175],
	   "kernel entry hashes the whole bzImage; 8 bytes of zero padding");
}

void test_measure(void)
{
	struct sc_launch l;
	uint8_t d1[32], d2[32], v[SC_VMSA_SIZE], ldc[32], ldo[32], want[32];
	uint8_t tik[16], blob[48], ld[32];
	struct sc_sha256 h;
	struct sc_vmsa_desc vd;

	memset(d1, 1, 32);
	memset(d2, 2, 32);
	sc_vmsa_desc_default(&vd);
	sc_vmsa_build(&vd, v);
	sc_launch_init(&l);
	l.policy = 5;
	l.api_major = 1;
	l.api_minor = 55;
	l.build = 21;
	sc_launch_add(&l, SC_ITEM_VMSA, 0, 1, v, sizeof(v), "vmsa1");
	sc_launch_add(&l, SC_ITEM_DATA, 0x2000, 0, d2, 32, "d2");
	sc_launch_add(&l, SC_ITEM_DATA, 0x1000, 0, d1, 32, "d1");
	sc_launch_digest(&l, true, ldc);
	sc_launch_digest(&l, false, ldo);
	sc_sha256_init(&h);
	sc_sha256_update(&h, d1, 32);
	sc_sha256_update(&h, d2, 32);
	sc_sha256_update(&h, v, sizeof(v));
	sc_sha256_final(&h, want);
	sc_sha256_free(&h);
	ok(!memcmp(ldc, want, 32), "canonical LD = SHA-256(data by GPA || VMSAs by vCPU)");
	sc_sha256_init(&h);
	sc_sha256_update(&h, v, sizeof(v));
	sc_sha256_update(&h, d2, 32);
	sc_sha256_update(&h, d1, 32);
	sc_sha256_final(&h, want);
	sc_sha256_free(&h);
	ok(!memcmp(ldo, want, 32) && memcmp(ldo, ldc, 32),
	   "call-order LD follows the calls and differs from canonical");
	sc_launch_free(&l);

	sc_launch_init(&l);
	sc_launch_add(&l, SC_ITEM_DATA, 0x1000, 0, d1, 32, "d1");
	sc_launch_add(&l, SC_ITEM_DATA, 0x2000, 0, d2, 32, "d2");
	sc_launch_add(&l, SC_ITEM_VMSA, 0, 0, v, sizeof(v), "vmsa0");
	sc_launch_digest(&l, true, ldc);
	sc_launch_digest(&l, false, ldo);
	ok(!memcmp(ldo, ldc, 32), "canonical and call order agree for a launch already in order");
	ok(sc_launch_add(&l, SC_ITEM_VMSA, 0, 0, v, sizeof(v), "again") == -SC_EINPUT &&
	   sc_launch_add(&l, SC_ITEM_DATA, 0x1008, 0, d1, 32, "odd") == -SC_EINPUT &&
	   strstr(sc_errmsg(), "odd") &&
	   sc_launch_add(&l, SC_ITEM_DATA, 0x1000, 0, d1, 24, "short") == -SC_EINPUT,
	   "duplicate VMSA, unaligned GPA and odd length are refused with their origin");

	/* A measurement blob for this launch, then one-bit changes. */
	memset(tik, 0x5a, 16);
	l.policy = 4;
	l.api_major = 1;
	l.api_minor = 55;
	l.build = 21;
	memset(blob + 32, 0xa5, 16);
	sc_launch_digest(&l, true, ld);
	sc_measure(tik, 1, 55, 21, 4, ld, blob + 32, blob);
	ok(!sc_measure_verify(tik, &l, ld, blob), "verify accepts the right measurement");
	blob[7] ^= 0x08;
	ok(sc_measure_verify(tik, &l, ld, blob) == -SC_EVERIFY &&
	   strstr(sc_errmsg(), "mismatch"), "verify rejects a one-bit change of MEASURE");
	blob[7] ^= 0x08;
	blob[40] ^= 0x01;
	ok(sc_measure_verify(tik, &l, ld, blob) == -SC_EVERIFY,
	   "verify rejects a one-bit change of MNONCE");
	blob[40] ^= 0x01;
	ld[0] ^= 0x80;
	ok(sc_measure_verify(tik, &l, ld, blob) == -SC_EVERIFY,
	   "verify rejects a one-bit change of the launch digest");
	ld[0] ^= 0x80;
	l.policy = 5;
	ok(sc_measure_verify(tik, &l, ld, blob) == -SC_EVERIFY,
	   "verify rejects a different policy");
	sc_launch_add(&l, SC_ITEM_DATA, 0x1010, 0, d1, 32, "overlapping");
	ok(sc_launch_digest(&l, false, ld) == 0 &&
	   sc_launch_digest(&l, true, ld) == -SC_EINPUT &&
	   strstr(sc_errmsg(), "overlapping overlaps d1"),
	   "overlapping data: fine in call order, refused in canonical order like the kernel");
	sc_launch_free(&l);
}

void test_log(void)
{
	struct sc_launch l;
	struct sc_log_rec *want, *got;
	uint8_t d[64], buf[3 * 64];
	size_t nw, ng, idx = 99, i;

	memset(d, 7, sizeof(d));
	sc_launch_init(&l);
	sc_launch_add(&l, SC_ITEM_DATA, 0x3000, 0, d, 64, "a");
	sc_launch_add(&l, SC_ITEM_DATA, 0x1000, 0, d, 32, "b");
	sc_launch_add(&l, SC_ITEM_DATA, 0x2000, 0, d, 48, "c");
	ok(!sc_log_expected(&l, true, &want, &nw) && nw == 3 &&
	   want[0].gpa == 0x1000 && want[2].gpa == 0x3000,
	   "expected log records in canonical order");
	memset(buf, 0, sizeof(buf));
	for (i = 0; i < 3; i++) {
		sc_put_le32(buf + 64 * i, 1);
		sc_put_le64(buf + 64 * i + 8, want[i].gpa);
		sc_put_le64(buf + 64 * i + 16, want[i].len);
		memcpy(buf + 64 * i + 24, want[i].sha256, 32);
	}
	ok(!sc_log_parse("log", buf, sizeof(buf), &got, &ng) && ng == 3 &&
	   !sc_log_diff(got, ng, want, nw, &idx), "identical log has no difference");
	free(got);
	buf[64 * 2 + 24 + 5] ^= 1;
	sc_log_parse("log", buf, sizeof(buf), &got, &ng);
	ok(sc_log_diff(got, ng, want, nw, &idx) == -SC_EVERIFY && idx == 2 &&
	   strstr(sc_errmsg(), "record 2") && strstr(sc_errmsg(), "contents"),
	   "log diff names record 2 and its contents");
	free(got);
	buf[64 * 2 + 24 + 5] ^= 1;
	sc_put_le64(buf + 64 + 8, 0x2010);
	sc_log_parse("log", buf, sizeof(buf), &got, &ng);
	ok(sc_log_diff(got, ng, want, nw, &idx) == -SC_EVERIFY && idx == 1 &&
	   strstr(sc_errmsg(), "guest address"), "log diff names record 1's guest address");
	ok(sc_log_diff(got, 1, want, nw, &idx) == -SC_EVERIFY && idx == 1 &&
	   strstr(sc_errmsg(), "ends at 1"), "a short log is reported");
	free(got);
	ok(sc_log_parse("log.bin", buf, 100, &got, &ng) == -SC_EINPUT &&
	   strstr(sc_errmsg(), "log.bin"), "truncated log refused, naming the file");
	free(want);
	sc_launch_free(&l);
}
