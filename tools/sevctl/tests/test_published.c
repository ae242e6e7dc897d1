// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl tests against published vectors (tests/kunit/owner_vectors_pub*.h,
 * shared with the KUnit suite sev-pub-vectors): RFC 4231 HMAC-SHA-256,
 * RFC 5903 ECDH P-384, RFC 6979 ECDSA P-384, the measurements, VMSA pages
 * and LAUNCH_SECRET packets of virtee/sevctl's test suite and the Naples
 * and Rome certificate chains of virtee/sev's.  No expected value here
 * comes from sev-launch's code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sevctl_test.h"
#include "../../../tests/kunit/owner_vectors_pub.h"
#include "../../../tests/kunit/owner_vectors_pub_ovmf.h"
#include "../../../tests/kunit/owner_vectors_pub_certs.h"
#include "../../../tests/kunit/owner_vectors_pub_amd.h"

/* Expand a published file; NULL (and a failed test) if it does not hash
 * to the published file's SHA-256.
 */
static uint8_t *pub_expand(const struct pubv_blob *b)
{
	uint8_t *p = malloc(b->len), h[32];
	unsigned int i;

	if (!p)
		abort();
	memset(p, b->fill, b->len);
	for (i = 0; i < b->nseg; i++)
		memcpy(p + b->seg[i].off, b->seg[i].data, b->seg[i].len);
	if (sc_sha256(p, b->len, h) || !eqhex(h, b->sha256, 32)) {
		ok(0, "published %s expands to the published file", b->name);
		free(p);
		return NULL;
	}
	return p;
}

static void pub_blobs(void)
{
	static const struct pubv_blob *const all[] = {
		&pubv_ovmf, &pubv_vmsa0, &pubv_vmsa1,
		&pubv_naples_pdh, &pubv_naples_pek, &pubv_naples_oca,
		&pubv_naples_cek, &pubv_naples_ark, &pubv_naples_ask,
		&pubv_rome_pdh, &pubv_rome_pek, &pubv_rome_oca, &pubv_rome_cek,
		&pubv_rome_ark, &pubv_rome_ask,
	};
	unsigned int i, good = 0;
	uint8_t *p;

	for (i = 0; i < ARRAY_SIZE(all); i++) {
		p = pub_expand(all[i]);
		good += !!p;
		free(p);
	}
	ok(good == ARRAY_SIZE(all), "published: %u files expand to their SHA-256",
	   good);
}

static void pub_hmac(void)
{
	const struct pubv_hmac *c;
	uint8_t key[131], data[152], mac[32];
	struct sc_iov v[2];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pubv_rfc4231); i++) {
		c = &pubv_rfc4231[i];
		if (c->key)
			memcpy(key, c->key, c->key_len);
		else
			memset(key, c->key_byte, c->key_len);
		if (c->data)
			memcpy(data, c->data, c->data_len);
		else
			memset(data, c->data_byte, c->data_len);
		/* Split the message to exercise the multi-buffer path. */
		v[0] = (struct sc_iov){ data, 3 };
		v[1] = (struct sc_iov){ data + 3, c->data_len - 3 };
		ok(!sc_hmac_sha256(key, c->key_len, v, 2, mac) &&
		   !memcmp(mac, c->mac, 32), "%s: HMAC-SHA-256", c->name);
	}
}

/* A P-384 key from a big-endian scalar has the published public point. */
static bool pub_point_is(const struct sc_key *k, const uint8_t *x_be,
			 const uint8_t *y_be)
{
	uint8_t qx[48], qy[48], x[48], y[48];

	if (sc_key_pub_le(k, qx, qy))
		return false;
	rev(x, qx, 48);
	rev(y, qy, 48);
	return !memcmp(x, x_be, 48) && !memcmp(y, y_be, 48);
}

static void pub_ecdh(void)
{
	struct sc_key *i = NULL, *r = NULL, *gi = NULL, *gr = NULL;
	uint8_t x[48], y[48], z[48];

	ok(!sc_key_from_priv_be(&i, pubv_ecdh_i) &&
	   pub_point_is(i, pubv_ecdh_gix, pubv_ecdh_giy),
	   "RFC 5903 8.2: g^i from i");
	ok(!sc_key_from_priv_be(&r, pubv_ecdh_r) &&
	   pub_point_is(r, pubv_ecdh_grx, pubv_ecdh_gry),
	   "RFC 5903 8.2: g^r from r");
	rev(x, pubv_ecdh_grx, 48);
	rev(y, pubv_ecdh_gry, 48);
	ok(!sc_key_from_le(&gr, x, y) && i && !sc_ecdh(i, gr, z) &&
	   !memcmp(z, pubv_ecdh_gir, 48), "RFC 5903 8.2: x of g^ir, initiator");
	rev(x, pubv_ecdh_gix, 48);
	rev(y, pubv_ecdh_giy, 48);
	ok(!sc_key_from_le(&gi, x, y) && r && !sc_ecdh(r, gi, z) &&
	   !memcmp(z, pubv_ecdh_gir, 48), "RFC 5903 8.2: x of g^ir, responder");
	sc_key_free(i);
	sc_key_free(r);
	sc_key_free(gi);
	sc_key_free(gr);
}

static void pub_ecdsa(void)
{
	struct sc_key *k = NULL, *u = NULL;
	uint8_t x[48], y[48], r[48], s[48], d[48];
	const struct pubv_ecdsa *c;
	unsigned int i;
	size_t dlen;

	ok(!sc_key_from_priv_be(&k, pubv_ecdsa_x) &&
	   pub_point_is(k, pubv_ecdsa_ux, pubv_ecdsa_uy),
	   "RFC 6979 A.2.6: public key from x");
	rev(x, pubv_ecdsa_ux, 48);
	rev(y, pubv_ecdsa_uy, 48);
	if (sc_key_from_le(&u, x, y))
		abort();
	for (i = 0; i < ARRAY_SIZE(pubv_rfc6979); i++) {
		c = &pubv_rfc6979[i];
		dlen = c->sha384 ? 48 : 32;
		if (c->sha384)
			sc_sha384(PUBV_ECDSA_MSG, strlen(PUBV_ECDSA_MSG), d);
		else
			sc_sha256(PUBV_ECDSA_MSG, strlen(PUBV_ECDSA_MSG), d);
		rev(r, c->r, 48);
		rev(s, c->s, 48);
		ok(!sc_ecdsa_verify(u, d, dlen, r, s),
		   "RFC 6979 A.2.6: SHA-%d signature of \"sample\" verifies",
		   c->sha384 ? 384 : 256);
		s[0] ^= 1;
		ok(sc_ecdsa_verify(u, d, dlen, r, s) == -SC_EVERIFY,
		   "RFC 6979 A.2.6: SHA-%d signature with s changed is refused",
		   c->sha384 ? 384 : 256);
	}
	sc_key_free(k);
	sc_key_free(u);
}

struct pub_chain {
	const char *name;
	const struct pubv_blob *c[6];	/* pdh pek oca cek ark ask */
};

static const char *const pub_chain_files[6] = {
	"pub_pdh.cert", "pub_pek.cert", "pub_oca.cert", "pub_cek.cert",
	"pub_ark.cert", "pub_ask.cert",
};

static bool pub_write_chain(const struct pub_chain *ch)
{
	uint8_t *p;
	int i;

	for (i = 0; i < 6; i++) {
		p = pub_expand(ch->c[i]);
		if (!p)
			return false;
		wfile(pub_chain_files[i], p, ch->c[i]->len);
		free(p);
	}
	return true;
}

#define PUB_VERIFY_CHAIN "verify-chain --pdh pub_pdh.cert --pek pub_pek.cert " \
	"--oca pub_oca.cert --cek pub_cek.cert --ark pub_ark.cert --ask pub_ask.cert"

/* Real platforms' chains verify up to AMD's roots; a changed bit does not. */
static void pub_certs(void)
{
	static const struct pub_chain chains[] = {
		{ "Naples", { &pubv_naples_pdh, &pubv_naples_pek,
			      &pubv_naples_oca, &pubv_naples_cek,
			      &pubv_naples_ark, &pubv_naples_ask } },
		{ "Rome", { &pubv_rome_pdh, &pubv_rome_pek, &pubv_rome_oca,
			    &pubv_rome_cek, &pubv_rome_ark, &pubv_rome_ask } },
	};
	struct sc_chain c;
	uint8_t *dst[4] = { c.pdh, c.pek, c.oca, c.cek }, *p;
	struct sc_roots roots;
	unsigned int i, j;
	int ret;

	for (i = 0; i < ARRAY_SIZE(chains); i++) {
		if (!pub_write_chain(&chains[i]))
			continue;
		ret = run(PUB_VERIFY_CHAIN);
		ok(ret == 0 && out_has("chain OK"),
		   "virtee/sev %s PDH <- PEK <- OCA, CEK <- ASK <- ARK verify (exit %d)",
		   chains[i].name, ret);

		memset(&roots, 0, sizeof(roots));
		ret = sc_roots_load(&roots, tpath("pub_ark.cert"),
				    tpath("pub_ask.cert"));
		if (!ret) {
			for (j = 0; j < 4; j++) {
				p = pub_expand(chains[i].c[j]);
				if (!p)
					abort();
				memcpy(dst[j], p, SC_CERT_SIZE);
				free(p);
			}
			ret = sc_chain_verify(&c, &roots, false);
			ok(!ret, "virtee/sev %s chain: sc_chain_verify", chains[i].name);
			/* One bit of the PDH's signature by the PEK. */
			c.pdh[SC_CERT_OFF_SIG(0) + 8 + 3] ^= 0x10;
			ret = sc_chain_verify(&c, &roots, false);
			ok(ret == -SC_EVERIFY,
			   "virtee/sev %s chain: PDH signature changed: refused (%d)",
			   chains[i].name, ret);
			sc_roots_free(&roots);
		} else {
			ok(0, "virtee/sev %s: AMD ARK/ASK load", chains[i].name);
		}
	}
	/* Naples' chain under Rome's roots. */
	if (pub_write_chain(&chains[0])) {
		p = pub_expand(&pubv_rome_ark);
		wfile("pub_ark.cert", p, pubv_rome_ark.len);
		free(p);
		p = pub_expand(&pubv_rome_ask);
		wfile("pub_ask.cert", p, pubv_rome_ask.len);
		free(p);
		ret = run(PUB_VERIFY_CHAIN);
		ok(ret == SC_EVERIFY || ret == SC_EINPUT,
		   "virtee/sev Naples chain under Rome's ARK/ASK: refused (exit %d)",
		   ret);
	}
}

/* The items of a published measurement, in QEMU's (call) order. */
static int pub_launch(const struct pubv_measure *m, struct sc_launch *l)
{
	uint8_t *ovmf = pub_expand(&pubv_ovmf), *v0, *v1;
	uint8_t table[SC_HASHTABLE_SIZE];
	struct sc_ovmf ov;
	int ret, i;

	sc_launch_init(l);
	l->api_major = m->api_major;
	l->api_minor = m->api_minor;
	l->build = m->build;
	l->policy = m->policy;
	if (!ovmf)
		return -1;
	ret = sc_launch_add(l, SC_ITEM_DATA, (4ULL << 30) - pubv_ovmf.len, 0,
			    ovmf, pubv_ovmf.len, "OVMF");
	if (!ret && m->what == 2) {
		ret = sc_ovmf_parse("OVMF", ovmf, pubv_ovmf.len, &ov);
		if (!ret && !ov.have_hashes)
			ret = -1;
		if (!ret)
			ret = sc_hashtable_build((const uint8_t *)PUBV_KERNEL,
						 strlen(PUBV_KERNEL),
						 (const uint8_t *)PUBV_INITRD,
						 strlen(PUBV_INITRD),
						 PUBV_CMDLINE, table);
		if (!ret)
			ret = sc_launch_add(l, SC_ITEM_DATA, ov.hashes_base, 0,
					    table, sizeof(table), "hashes");
	}
	if (!ret && m->what == 3) {
		v0 = pub_expand(&pubv_vmsa0);
		v1 = pub_expand(&pubv_vmsa1);
		for (i = 0; !ret && i < 4; i++)
			ret = sc_launch_add(l, SC_ITEM_VMSA, 0, i, i ? v1 : v0,
					    SC_VMSA_SIZE, "VMSA");
		free(v0);
		free(v1);
	}
	free(ovmf);
	return ret;
}

static void pub_measure(void)
{
	uint8_t ld[32], mac[32], blob[48];
	const struct pubv_measure *m;
	struct sc_launch l;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(pubv_measure); i++) {
		m = &pubv_measure[i];
		if (m->ld) {
			memcpy(ld, m->ld, 32);
			sc_launch_init(&l);
			l.api_major = m->api_major;
			l.api_minor = m->api_minor;
			l.build = m->build;
			l.policy = m->policy;
			ret = 0;
		} else {
			ret = pub_launch(m, &l);
			if (!ret)
				ret = sc_launch_digest(&l, false, ld);
		}
		ok(!ret && !sc_measure(pubv_measure_tik, m->api_major,
				       m->api_minor, m->build, m->policy, ld,
				       m->blob + 32, mac) &&
		   !memcmp(mac, m->blob, 32),
		   "virtee/sevctl %s: MEASURE", m->name);
		ok(!sc_measure_verify(pubv_measure_tik, &l, ld, m->blob),
		   "virtee/sevctl %s: blob verifies", m->name);
		memcpy(blob, m->blob, 48);
		blob[40] ^= 0x01;		/* MNONCE */
		ok(sc_measure_verify(pubv_measure_tik, &l, ld, blob) ==
		   -SC_EVERIFY, "virtee/sevctl %s: other MNONCE refused",
		   m->name);
		sc_launch_free(&l);
	}
}

/* virtee/sevctl tests/vmsabuild.rs: EPYC family 25 model 1 stepping 1. */
static void pub_vmsa(void)
{
	uint8_t page[SC_VMSA_SIZE], *want, *ovmf = pub_expand(&pubv_ovmf);
	struct sc_vmsa_desc d;
	struct sc_ovmf ov;
	unsigned int i, n, first;

	if (!ovmf || sc_ovmf_parse("OVMF", ovmf, pubv_ovmf.len, &ov) ||
	    !ov.have_reset) {
		ok(0, "virtee/sevctl OVMF: SEV-ES reset block");
		free(ovmf);
		return;
	}
	for (i = 0; i < 2; i++) {
		sc_vmsa_desc_default(&d);
		d.vcpu_sig = sc_cpu_sig_fms(25, 1, 1);
		d.fpu = SC_FPU_ES_INIT;
		d.fpu_given = true;
		d.bsp = !i;
		d.reset_eip = i ? ov.ap_reset : 0xfffffff0;
		want = pub_expand(i ? &pubv_vmsa1 : &pubv_vmsa0);
		if (!want || sc_vmsa_build(&d, page)) {
			ok(0, "virtee/sevctl vmsa%u.bin: build", i);
			free(want);
			continue;
		}
		for (n = 0, first = SC_VMSA_SIZE; n < SC_VMSA_SIZE; n++)
			if (page[n] != want[n] && first == SC_VMSA_SIZE)
				first = n;
		if (first < SC_VMSA_SIZE)
			printf("# byte %#x: built %#04x, published %#04x\n",
			       first, page[first], want[first]);
		ok(first == SC_VMSA_SIZE,
		   "virtee/sevctl vmsa%u.bin: sevctl builds the same VMSA page",
		   i);
		free(want);
	}
	free(ovmf);
}

static void pub_secret(void)
{
	struct sc_secret_entry e[ARRAY_SIZE(pubv_secret_entries)];
	uint8_t table[256], plain[256], hdr[SC_SECRET_HDR_SIZE];
	uint8_t trans[256];
	const struct pubv_secret *s;
	size_t tlen = 0;
	unsigned int i, j;
	int ret;

	for (j = 0; j < ARRAY_SIZE(e); j++) {
		if (sc_guid_parse(pubv_secret_entries[j].guid, e[j].guid))
			abort();
		e[j].data = (const uint8_t *)pubv_secret_entries[j].data;
		e[j].len = strlen(pubv_secret_entries[j].data);
	}
	for (i = 0; i < ARRAY_SIZE(pubv_secret); i++) {
		s = &pubv_secret[i];
		/* The published payload decrypts (raw OpenSSL) to our table. */
		memset(table, 0, sizeof(table));
		raw_ctr(pubv_secret_tek, pubv_secret_iv, s->payload, plain,
			s->len);
		ret = sc_secret_table(e, s->nentries, table, sizeof(table),
				      &tlen);
		ok(!ret && tlen <= s->len && !memcmp(table, plain, s->len),
		   "virtee/sevctl secret %u: secret table (%zu bytes)", i + 1,
		   ret ? 0 : tlen);
		ok(!sc_secret_build(pubv_secret_tek, pubv_secret_tik,
				    pubv_secret_measure, true, pubv_secret_iv,
				    0, table, tlen, s->len, hdr, trans) &&
		   !memcmp(hdr, s->hdr, sizeof(hdr)) &&
		   !memcmp(trans, s->payload, s->len),
		   "virtee/sevctl secret %u: header and payload", i + 1);
		ok(!sc_secret_open(pubv_secret_tek, pubv_secret_tik,
				   pubv_secret_measure, s->hdr, s->payload,
				   s->len, plain) &&
		   !memcmp(plain, table, s->len),
		   "virtee/sevctl secret %u: opens as the firmware would", i + 1);
	}
}

static void pub_hexs(char *out, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

#define PUB_FW "--ovmf pub_ovmf.fd --policy 0x03 --api 1.40 --build 40 " \
	"--tik pub_tik1.bin"
#define PUB_KERNEL " --kernel pub_vmlinuz --initrd pub_initrd " \
	"--append '" PUBV_CMDLINE "'"

/*
 * The command line against virtee/sevctl's measurement_build(): its
 * --nonce and its expected values are base64; the order trap (the kernel
 * hashes table sits below the firmware, so canonical order differs).
 */
static void pub_cli_measure(void)
{
	uint8_t *ovmf = pub_expand(&pubv_ovmf);
	char want[200], mn[40], b64[80];
	int ret;

	if (!ovmf)
		return;
	wfile("pub_ovmf.fd", ovmf, pubv_ovmf.len);
	free(ovmf);
	wfile("pub_tik1.bin", pubv_measure_tik, 16);
	wtext("pub_vmlinuz", PUBV_KERNEL);
	wtext("pub_initrd", PUBV_INITRD);

	snprintf(want, sizeof(want), "measurement: ");
	pub_hexs(want + strlen(want), pubv_measure_blob1, 32);
	ret = run("measure " PUB_FW " --mnonce wxP6tRHCFrFQWxsuqZA8QA==");
	ok(ret == 0 && out_has(want),
	   "virtee/sevctl --firmware: MEASURE oMDewIou... with --mnonce in base64 (exit %d)",
	   ret);

	snprintf(want, sizeof(want), "measurement (call order): ");
	pub_hexs(want + strlen(want), pubv_measure_blob2, 32);
	pub_hexs(mn, pubv_measure_blob2 + 32, 16);
	ret = run("measure " PUB_FW PUB_KERNEL " --mnonce %s", mn);
	ok(ret == 0 && out_has(want) && out_has("note: the two orders") &&
	   out_lacks("measurement: "),
	   "virtee/sevctl --firmware --kernel without --order: both MEASUREs, the call-order one is h3auYbWQ... (exit %d)",
	   ret);
	snprintf(want, sizeof(want), "measurement: ");
	pub_hexs(want + strlen(want), pubv_measure_blob2, 32);
	ret = run("measure " PUB_FW PUB_KERNEL " --mnonce %s --order call", mn);
	ok(ret == 0 && out_has(want) && out_lacks("note:"),
	   "virtee/sevctl --firmware --kernel --order call: h3auYbWQ... (exit %d)",
	   ret);
	EVP_EncodeBlock((unsigned char *)b64, pubv_measure_blob2, 48);
	ret = run("verify-measurement " PUB_FW PUB_KERNEL " --order call --measurement '%s'",
		  b64);
	ok(ret == 0 && out_has("measurement OK"),
	   "virtee/sevctl --firmware --kernel: inline base64 blob verifies (exit %d)",
	   ret);

	snprintf(want, sizeof(want), "measurement: ");
	pub_hexs(want + strlen(want), pubv_measure_blob3, 32);
	pub_hexs(mn, pubv_measure_blob3 + 32, 16);
	ret = run("measure --ovmf pub_ovmf.fd --policy 0x05 --api 1.49 --build 6 --tik pub_tik1.bin --vcpus 4 --vcpu-family 25 --vcpu-model 1 --vcpu-stepping 1 --fpu es-init --mnonce %s",
		  mn);
	ok(ret == 0 && out_has(want),
	   "virtee/sevctl SEV-ES 4 vCPUs (family 25 model 1 stepping 1): MEASURE tsLCcIIP... (exit %d)",
	   ret);
}

static bool pub_write(const struct pubv_blob *b, const char *name)
{
	uint8_t *p = pub_expand(b);

	if (p)
		wfile(name, p, b->len);
	free(p);
	return p;
}

/*
 * AMD-format roots: clear messages, and show-cert prints them.  The ARK
 * key ids expected are also in AMD's sev-tool (src/amdcert.h,
 * amd_root_key_id_naples/_rome).
 */
static void pub_amd(void)
{
	uint8_t *ask = pub_expand(&pubv_rome_ask), *ark = pub_expand(&pubv_rome_ark);
	char want[200], *b64;
	uint8_t be[32];
	unsigned int i;
	int ret;

	if (!ask || !ark || !pub_write(&pubv_naples_pdh, "pub_pdh.cert") ||
	    !pub_write(&pubv_naples_pek, "pub_pek.cert") ||
	    !pub_write(&pubv_naples_oca, "pub_oca.cert") ||
	    !pub_write(&pubv_naples_cek, "pub_cek.cert") ||
	    !pub_write(&pubv_naples_ark, "pub_ark.cert") ||
	    !pub_write(&pubv_naples_ask, "pub_ask.cert")) {
		free(ask);
		free(ark);
		return;
	}
	ret = run("verify-chain --pdh pub_pdh.cert --pek pub_pek.cert --oca pub_oca.cert --cek pub_cek.cert");
	ok(ret == SC_EVERIFY && out_has("RSA ASK") &&
	   out_has("pass AMD's ARK and ASK") && out_lacks("not ECDSA"),
	   "virtee/sev Naples chain without --ark/--ask: says to pass AMD's roots (exit %d)",
	   ret);
	ret = run("verify-chain --pdh pdh.cert --chain chain.bin --ark pub_ark.cert --ask pub_ask.cert");
	ok(ret == SC_EVERIFY && out_has("ECDSA ASK") && out_has("without --ark/--ask"),
	   "emulator chain under AMD's Naples roots: says it is the emulator's (exit %d)",
	   ret);
	ret = run("verify-chain --pdh pdh.cert --chain chain.bin --ark ark.cert --ask ask.cert");
	ok(ret == SC_EINPUT && out_has("ark.cert") && out_has("SEV-format"),
	   "the emulator's SEV-format ARK given as --ark: named as such (exit %d)",
	   ret);

	ret = run("show-cert pub_ark.cert");
	ok(ret == 0 && out_has("key_id         1bb987c3-5949-4606-b174-945601c9ea5b") &&
	   out_has("certifying_id  1bb987c3-5949-4606-b174-945601c9ea5b") &&
	   out_has("key_usage      0x0000 ARK") && out_has("modulus        2048 bits") &&
	   out_has("value        010001") && out_has("self-signature verifies"),
	   "show-cert: AMD's Naples ARK, field by field (exit %d)", ret);
	/* AMD's ask_ark file layout: ASK || ARK; base64 of the Rome pair. */
	{
		uint8_t *pair = malloc(pubv_rome_ask.len + pubv_rome_ark.len);

		memcpy(pair, ask, pubv_rome_ask.len);
		memcpy(pair + pubv_rome_ask.len, ark, pubv_rome_ark.len);
		wfile("pub_ask_ark_rome.cert", pair,
		      pubv_rome_ask.len + pubv_rome_ark.len);
		b64 = sc_b64(pair, pubv_rome_ask.len + pubv_rome_ark.len);
		wtext("pub_ask_ark_rome.b64", b64);
		free(b64);
		free(pair);
	}
	/* The top 32 bytes of the Rome ARK's modulus (stored little-endian). */
	for (i = 0; i < 32; i++)
		be[i] = ark[64 + 512 + 511 - i];
	snprintf(want, sizeof(want), "(BE)         ");
	pub_hexs(want + strlen(want), be, 32);
	ret = run("show-cert pub_ask_ark_rome.b64");
	ok(ret == 0 && out_has("pub_ask_ark_rome.b64[0]:") &&
	   out_has("key_id         c6cbcf14-5b31-46f4-98e4-0ecb4ad4fded") &&
	   out_has("certifying_id  e6002122-fb58-4193-99d1-5fee7b131351\n") &&
	   out_has("key_usage      0x0013 ASK") && out_has("pub_ask_ark_rome.b64[1]:") &&
	   out_has("key_id         e6002122-fb58-4193-99d1-5fee7b131351") &&
	   out_has("modulus        4096 bits") && out_has(want) &&
	   out_has("RSA-PSS SHA-384, salt 48, 512 bytes, self-signature verifies"),
	   "show-cert: AMD's Rome ASK || ARK in base64, split (exit %d)", ret);
	ret = -1;
	if (pub_write(&pubv_rome_pdh, "pub_pdh.cert") &&
	    pub_write(&pubv_rome_pek, "pub_pek.cert") &&
	    pub_write(&pubv_rome_oca, "pub_oca.cert") &&
	    pub_write(&pubv_rome_cek, "pub_cek.cert"))
		ret = run("verify-chain --pdh pub_pdh.cert --pek pub_pek.cert --oca pub_oca.cert --cek pub_cek.cert --ark pub_ask_ark_rome.cert --ask pub_ask_ark_rome.cert");
	ok(ret == 0 && out_has("chain OK"),
	   "virtee/sev Rome chain with AMD's ASK || ARK file as --ark and --ask (exit %d)",
	   ret);
	ark[0x300] ^= 1;
	wfile("pub_ark_bad.cert", ark, pubv_rome_ark.len);
	ret = run("show-cert pub_ark_bad.cert");
	ok(ret == 0 && out_has("self-signature DOES NOT VERIFY"),
	   "show-cert: a Rome ARK with one modulus bit changed does not verify (exit %d)",
	   ret);
	free(ask);
	free(ark);
}

void test_published(void)
{
	pub_blobs();
	pub_hmac();
	pub_ecdh();
	pub_ecdsa();
	pub_certs();
	pub_amd();
	pub_measure();
	pub_cli_measure();
	pub_vmsa();
	pub_secret();
}
