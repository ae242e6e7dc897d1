// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl tests: the TAP harness, shared helpers, the independent OpenSSL
 * path, and main.
 *
 * Known answers come from the SEV API formulas and the public vectors in
 * the project's measurement notes (sev-tool README, virtee sev crate);
 * round trips are checked against an independent path written here with
 * raw OpenSSL calls.  Usage: sevctl-test PATH-TO-SEVCTL
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>

#include "sevctl_test.h"

int t_n, t_fail;
const char *sevctl;
char tmpdir[256];

void __printf(2, 3) ok(int cond, const char *fmt, ...)
{
	va_list ap;

	t_n++;
	if (!cond)
		t_fail++;
	printf("%sok %d - ", cond ? "" : "not ", t_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		printf("# last library message: %s\n", sc_errmsg());
	fflush(stdout);
}

void hex(uint8_t *out, const char *h, size_t len)
{
	if (sc_hex_parse("test vector", h, out, len))
		abort();
}

bool eqhex(const uint8_t *got, const char *h, size_t len)
{
	uint8_t want[256];

	hex(want, h, len);
	return !memcmp(got, want, len);
}

char *tpath(const char *name)
{
	static char buf[8][512];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	return buf[i];
}

void wfile(const char *name, const void *p, size_t len)
{
	FILE *f = fopen(tpath(name), "wb");

	if (!f || fwrite(p, 1, len, f) != len)
		abort();
	fclose(f);
}

void wtext(const char *name, const char *text)
{
	wfile(name, text, strlen(text));
}

/* Run sevctl with a shell command line; stdout+stderr go to out.txt. */
int __printf(1, 2) run(const char *fmt, ...)
{
	char cmd[4096], args[3500];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd %s && %s %s >out.txt 2>&1", tmpdir,
		 sevctl, args);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool out_has(const char *s)
{
	uint8_t *b;
	size_t len;
	bool r;

	if (sc_read_file(tpath("out.txt"), &b, &len, 1 << 20))
		return false;
	b = realloc(b, len + 1);
	b[len] = 0;
	r = !!strstr((char *)b, s);
	if (!r)
		printf("# output was: %s\n", (char *)b);
	free(b);
	return r;
}

bool out_lacks(const char *s)
{
	uint8_t *b;
	size_t len;
	bool r;

	if (sc_read_file(tpath("out.txt"), &b, &len, 1 << 20))
		return false;
	b = realloc(b, len + 1);
	b[len] = 0;
	r = !strstr((char *)b, s);
	if (!r)
		printf("# output was: %s\n", (char *)b);
	free(b);
	return r;
}

/* ---- independent OpenSSL path ------------------------------------------ */

void rev(uint8_t *d, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[i] = s[n - 1 - i];
}

EVP_PKEY *raw_pub_from_cert(const uint8_t *cert)
{
	uint8_t pub[97];
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *p;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *k = NULL;

	pub[0] = 4;
	rev(pub + 1, cert + 0x14, 48);
	rev(pub + 49, cert + 0x5c, 48);
	OSSL_PARAM_BLD_push_utf8_string(b, "group", "P-384", 0);
	OSSL_PARAM_BLD_push_octet_string(b, "pub", pub, 97);
	p = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY_fromdata_init(c);
	EVP_PKEY_fromdata(c, &k, EVP_PKEY_PUBLIC_KEY, p);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(c);
	return k;
}

/* A PDH certificate for a fresh key; the key is returned. */
EVP_PKEY *raw_pdh(uint8_t *cert)
{
	EVP_PKEY *k = EVP_EC_gen("P-384");
	BIGNUM *x = NULL, *y = NULL;
	uint8_t be[48];

	memset(cert, 0, SC_CERT_SIZE);
	sc_put_le32(cert, 1);
	sc_put_le32(cert + 8, 0x1003);
	sc_put_le32(cert + 12, 0x3);
	sc_put_le32(cert + 16, 2);
	EVP_PKEY_get_bn_param(k, "qx", &x);
	EVP_PKEY_get_bn_param(k, "qy", &y);
	BN_bn2binpad(x, be, 48);
	rev(cert + 0x14, be, 48);
	BN_bn2binpad(y, be, 48);
	rev(cert + 0x5c, be, 48);
	sc_put_le32(cert + 0x414, 0x1000);
	sc_put_le32(cert + 0x61c, 0x1000);
	BN_free(x);
	BN_free(y);
	return k;
}

void raw_kdf(const uint8_t *k, size_t kl, const char *label,
	     const uint8_t *ctx, size_t cl, uint8_t out[16])
{
	uint8_t msg[128], mac[32];
	unsigned int ml;
	size_t n = 0;

	msg[n++] = 1; msg[n++] = 0; msg[n++] = 0; msg[n++] = 0;
	memcpy(msg + n, label, strlen(label));
	n += strlen(label);
	msg[n++] = 0;
	memcpy(msg + n, ctx, cl);
	n += cl;
	msg[n++] = 128; msg[n++] = 0; msg[n++] = 0; msg[n++] = 0;
	HMAC(EVP_sha256(), k, (int)kl, msg, n, mac, &ml);
	memcpy(out, mac, 16);
}

void raw_ctr(const uint8_t *key, const uint8_t *iv, const uint8_t *in,
	     uint8_t *out, int len)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;

	EVP_DecryptInit_ex(c, EVP_aes_128_ctr(), NULL, key, iv);
	EVP_DecryptUpdate(c, out, &n, in, len);
	EVP_CIPHER_CTX_free(c);
}

int main(int argc, char **argv)
{
	char cmd[300];

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH-TO-SEVCTL\n", argv[0]);
		return 1;
	}
	sevctl = realpath(argv[1], NULL);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sevctl-test.XXXXXX");
	if (!sevctl || !mkdtemp(tmpdir)) {
		perror("setup");
		return 1;
	}
	test_kats();
	test_session_roundtrip();
	test_secret();
	test_vmsa();
	test_ovmf();
	test_measure();
	test_log();
	test_certs();
	test_amd_roots();
	test_cli();
	test_edges();
	test_published();
	test_igvm();
	test_snp_measure();
	test_snp_report();
	test_snp_idblock();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd))
		printf("# could not remove %s\n", tmpdir);
	printf("1..%d\n", t_n);
	printf("sevctl: %d passed, %d failed\n", t_n - t_fail, t_fail);
	return t_fail ? 1 : 0;
}
