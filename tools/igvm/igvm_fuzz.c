// SPDX-License-Identifier: GPL-2.0
/*
 * igvm-fuzz: a mutation fuzzer for the IGVM reader.
 *
 *   igvm-fuzz [ITERATIONS [SEED]]
 *
 * Seeds are small valid files built from descriptions; each iteration
 * takes one, applies 1-8 mutations (bit flips, random bytes, interesting
 * u32 values at 4-byte aligned offsets, truncation, extension, copied
 * chunks), fixes the checksum and total size half of the time so the
 * mutation reaches the header walk, and runs the reader and the launch
 * builder, reading every byte they point at.  Built with
 * -fsanitize=address,undefined, a crash, an out-of-bounds access or
 * undefined behaviour stops it.  Every truncation of every seed is tried
 * first.  Prints "igvm-fuzz: N inputs, A accepted, R refused".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "igvm.h"
#include "igvm_build.h"

static const char *const seeds_desc[] = {
	"platform sev-es 0x1\npolicy 0x5 0x1\npage 0x0 0x1 fill:1\n"
	"page 0x7000 0x1 zero\nvmsa 0 0x1\n",
	"version 1\nplatform sev-snp 0x1\nplatform sev-es 0x2\n"
	"policy 0x30000 0x1\npolicy 0x5 0x2\nrequired 0x0 0x3 0x100000\n"
	"area 1 0x2000\nparam vp-count 1 0\nparam memory-map 1 0x100\n"
	"pages 0x10000 3 0x3000 0x3 7\ninsert 0x40000 0x3 1\n"
	"page 0x50000 0x2 byte:0x5a unmeasured\nvmsas 4 0x2\nvmsa 0 0x1 gpa 0x60000\n",
	"platform sev 0x1\npolicy 0x1 0x1\narea 0 0x1000 fill:3\n"
	"param cmdline 0 0x10\ninsert 0x9000 0x1 0\npage 0xfffff000 0x1 fill:9\n"
	"raw 0x80000999 0102030405\n",
	"platform tdx 0x1\nplatform sev-es 0x4\npage 0x1000 0x5 fill:2\n"
	"raw 0x30b 01000000\nvmsa 3 0x4 features 0x20\nvmsa 1 0x4 features 0x20\n",
};

#define NSEEDS	ARRAY_SIZE(seeds_desc)

static uint64_t rng = 0x1234567;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned long accepted, refused;

static void touch(const uint8_t *p, size_t len)
{
	uint8_t x = 0;
	size_t i;

	if (!p)
		return;
	for (i = 0; i < len; i++)
		x ^= p[i];
	/* The bytes must really be read, for ASan to see each access. */
	__asm__ volatile("" : : "r"(x));
}

static void run(const uint8_t *buf, size_t len)
{
	struct igvm_launch l;
	struct igvm_file f;
	size_t i, *idx;

	if (igvm_parse(&f, buf, len, -1)) {
		refused++;
		igvm_free(&f);
		return;
	}
	for (i = 0; i < f.nr_dir; i++)
		touch(f.dir[i].data, f.dir[i].data ? f.dir[i].size : 0);
	if (igvm_launch_build(&f, &l)) {
		refused++;
		igvm_free(&f);
		return;
	}
	idx = malloc((l.n ? l.n : 1) * sizeof(*idx));
	if (idx) {
		igvm_launch_order(&l, true, idx);
		for (i = 0; i < l.n; i++)
			touch(l.item[idx[i]].data, l.item[idx[i]].data ?
			      l.item[idx[i]].len : 0);
	}
	free(idx);
	accepted++;
	igvm_launch_free(&l);
	igvm_free(&f);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static size_t mutate(uint8_t *b, size_t len, size_t cap)
{
	static const uint32_t interesting[] = {
		0, 1, 7, 8, 0x18, 0x20, 0xfff, 0x1000, 0x1001, 0x7fffffff,
		0x80000000, 0xfffffff8, 0xffffffff, 0x301, 0x302, 0x303,
		0x304, 0x305, 0x101, 0x1, 0x80000302,
	};
	int n = 1 + rnd() % 8, k;

	for (k = 0; k < n && len; k++) {
		size_t at = rnd() % len;

		switch (rnd() % 7) {
		case 0:
			b[at] ^= 1u << (rnd() % 8);
			break;
		case 1:
			b[at] = (uint8_t)rnd();
			break;
		case 2:
		case 3:
			at &= ~(size_t)3;
			/* Mostly in the headers, where it matters. */
			if (rnd() % 4)
				at %= len < 512 ? len : 512;
			at &= ~(size_t)3;
			if (at + 4 <= len)
				put32(b + at, interesting[rnd() %
					ARRAY_SIZE(interesting)]);
			break;
		case 4:
			len = rnd() % (len + 1);
			break;
		case 5: {
			size_t more = rnd() % 64;

			if (len + more <= cap) {
				for (; more; more--)
					b[len++] = (uint8_t)rnd();
			}
			break;
		}
		default: {
			size_t from = rnd() % len, cnt = rnd() % 32;

			if (from + cnt <= len && at + cnt <= len)
				memmove(b + at, b + from, cnt);
			break;
		}
		}
	}
	return len;
}

/* Make the checksum and total size right again, where the header allows. */
static void fixup(uint8_t *b, size_t len)
{
	uint32_t vho, vhs, fsize, crc;
	uint8_t fixed[32];

	if (len < 32)
		return;
	put32(b + 16, (uint32_t)len);
	fsize = (b[4] == 1) ? 24 : 32;
	vho = b[8] | b[9] << 8 | b[10] << 16 | (uint32_t)b[11] << 24;
	vhs = b[12] | b[13] << 8 | b[14] << 16 | (uint32_t)b[15] << 24;
	if ((uint64_t)vho + vhs > len)
		return;
	memcpy(fixed, b, fsize);
	memset(fixed + 20, 0, 4);
	crc = igvm_crc32(0, fixed, fsize);
	crc = igvm_crc32(crc, b + vho, vhs);
	put32(b + 20, crc);
}

int main(int argc, char **argv)
{
	unsigned long iters = argc > 1 ? strtoul(argv[1], NULL, 0) : 10000;
	unsigned long it, inputs = 0;
	uint8_t *seed[NSEEDS], *buf;
	size_t slen[NSEEDS], cap = 0, i, t;
	char err[200];

	if (argc > 2)
		rng = strtoull(argv[2], NULL, 0) | 1;
	for (i = 0; i < NSEEDS; i++) {
		if (igvm_desc_build(seeds_desc[i], &seed[i], &slen[i], err,
				    sizeof(err))) {
			fprintf(stderr, "igvm-fuzz: seed %zu: %s\n", i, err);
			return 1;
		}
		if (slen[i] + 64 > cap)
			cap = slen[i] + 64;
	}
	/* Each seed must itself parse; else the fuzzer tests nothing. */
	for (i = 0; i < NSEEDS; i++) {
		struct igvm_file f;

		if (igvm_parse(&f, seed[i], slen[i], -1)) {
			fprintf(stderr, "igvm-fuzz: seed %zu refused: %s\n", i,
				f.err);
			return 1;
		}
		igvm_free(&f);
	}
	buf = malloc(cap);
	if (!buf)
		return 1;
	for (i = 0; i < NSEEDS; i++)
		for (t = 0; t < slen[i]; t += t < 1024 ? 1 : 61) {
			uint8_t *c = malloc(t ? t : 1);

			memcpy(c, seed[i], t);
			run(c, t);	/* exact-size buffer: ASan sees overruns */
			free(c);
			inputs++;
		}
	for (it = 0; it < iters; it++) {
		uint8_t *c;
		size_t len;

		i = rnd() % NSEEDS;
		memcpy(buf, seed[i], slen[i]);
		len = mutate(buf, slen[i], cap);
		if (rnd() % 2)
			fixup(buf, len);
		c = malloc(len ? len : 1);
		memcpy(c, buf, len);
		run(c, len);
		free(c);
		inputs++;
	}
	printf("igvm-fuzz: %lu inputs, %lu accepted, %lu refused\n", inputs,
	       accepted, refused);
	for (i = 0; i < NSEEDS; i++)
		free(seed[i]);
	free(buf);
	return 0;
}
