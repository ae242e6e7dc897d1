/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the sevctl test files: TAP results, scratch files, running the
 * sevctl binary, and the independent raw-OpenSSL path (sevctl_test.c).
 */
#ifndef SEVCTL_TEST_H
#define SEVCTL_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>

#include "sevctl.h"

extern int t_n, t_fail;
extern const char *sevctl;
extern char tmpdir[256];

void ok(int cond, const char *fmt, ...) __printf(2, 3);
void hex(uint8_t *out, const char *h, size_t len);
bool eqhex(const uint8_t *got, const char *h, size_t len);
char *tpath(const char *name);
void wfile(const char *name, const void *p, size_t len);
void wtext(const char *name, const char *text);
/* Run sevctl with a shell command line in tmpdir; output to out.txt. */
int run(const char *fmt, ...) __printf(1, 2);
bool out_has(const char *s);
bool out_lacks(const char *s);

void rev(uint8_t *d, const uint8_t *s, size_t n);
EVP_PKEY *raw_pub_from_cert(const uint8_t *cert);
EVP_PKEY *raw_pdh(uint8_t *cert);
void raw_kdf(const uint8_t *k, size_t kl, const char *label,
	     const uint8_t *ctx, size_t cl, uint8_t out[16]);
void raw_ctr(const uint8_t *key, const uint8_t *iv, const uint8_t *in,
	     uint8_t *out, int len);

uint8_t *make_ovmf(size_t size, bool hashes);

void test_kats(void);
void test_session_roundtrip(void);
void test_secret(void);
void test_certs(void);
void test_amd_roots(void);
void test_vmsa(void);
void test_ovmf(void);
void test_measure(void);
void test_log(void);
void test_cli(void);
void test_edges(void);
void test_published(void);
void test_igvm(void);
void test_snp_measure(void);
void test_snp_report(void);
void test_snp_idblock(void);

#endif /* SEVCTL_TEST_H */
