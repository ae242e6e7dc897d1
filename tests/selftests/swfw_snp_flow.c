// SPDX-License-Identifier: GPL-2.0
/*
 * SEV-SNP end to end on the software firmware model, through its TEST-ONLY
 * debugfs hooks (sev-swfw/<n>/snp/test_launch, test_report):
 *
 *  - launch a guest with a page of every type (NORMAL, VMSA, ZERO,
 *    UNMEASURED, SECRETS, CPUID) and an ID block with ID and author keys
 *    made here with OpenSSL; the launch digest the hook returns must equal
 *    the PAGE_INFO chain computed here independently (OpenSSL SHA-384);
 *  - request an attestation report; check its fields, its ECDSA signature
 *    with the VCEK certificate and the ARK -> ASK -> VCEK chain, all with
 *    OpenSSL's X.509 code;
 *  - sevctl report verify must accept the report with the predicted
 *    measurement and reject it with one bit flipped (SKIP while this
 *    sevctl has no "report" command).
 */
#include <fcntl.h>
#include <glob.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/encoder.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "tap.h"
#include "../../include/sev-launch/swfw-snp-test.h"

#define SEVCTL		"/bin/sevctl"
#define TMP		"/tmp/snp_flow"
#define PAGE		4096
#define REPORT_SIZE	0x4a0
#define SIGNED_LEN	0x2a0
/* SMT allowed, reserved-must-be-one: what QEMU passes by default. */
#define POLICY		0x30000ULL

enum { PT_NORMAL = 1, PT_VMSA, PT_ZERO, PT_UNMEASURED, PT_SECRETS, PT_CPUID };

struct rec {
	uint8_t type;
	uint64_t gpa;
	uint8_t vmpl1;
};

static const struct rec recs[] = {
	{ PT_NORMAL, 0x0, 0 },
	{ PT_NORMAL, 0x1000, 0x0f },
	{ PT_ZERO, 0x2000, 0 },
	{ PT_UNMEASURED, 0x3000, 0 },
	{ PT_SECRETS, 0x4000, 0 },
	{ PT_CPUID, 0x5000, 0 },
	{ PT_VMSA, 0xfffffffff000ULL, 0 },
};

static char dir[256];

static void page_fill(uint8_t *p, unsigned int i)
{
	unsigned int j;

	for (j = 0; j < PAGE; j++)
		p[j] = (uint8_t)(j * 7 + i * 13 + 1);
}

static bool has_data(uint8_t type)
{
	return type == PT_NORMAL || type == PT_VMSA;
}

static void sha384(const void *p, size_t n, uint8_t *out)
{
	SHA384(p, n, out);
}

/* PAGE_INFO chain of the SNP ABI: digest_cur, contents, length, ... gpa. */
static void predict(uint8_t *ld)
{
	uint8_t pi[0x70], page[PAGE];
	unsigned int i;

	memset(ld, 0, 48);
	for (i = 0; i < ARRAY_SIZE(recs); i++) {
		memset(pi, 0, sizeof(pi));
		memcpy(pi, ld, 48);
		if (has_data(recs[i].type)) {
			page_fill(page, i);
			sha384(page, PAGE, pi + 48);
		}
		pi[96] = 0x70;
		pi[98] = recs[i].type;
		pi[100] = 0;		/* VMPL3 */
		pi[101] = 0;		/* VMPL2 */
		pi[102] = recs[i].vmpl1;
		memcpy(pi + 104, &recs[i].gpa, 8);
		sha384(pi, sizeof(pi), ld);
	}
}

/* P-384 key; its X and Y little-endian, 72 bytes each. */
static EVP_PKEY *keygen(uint8_t *qx, uint8_t *qy)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	BIGNUM *x = NULL, *y = NULL;

	if (!k || !EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_X, &x) ||
	    !EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_Y, &y))
		tap_bail("P-384 key");
	memset(qx, 0, 72);
	memset(qy, 0, 72);
	BN_bn2lebinpad(x, qx, 48);
	BN_bn2lebinpad(y, qy, 48);
	BN_free(x);
	BN_free(y);
	return k;
}

/* ECDSA-SHA384 of @msg; r and s little-endian in 72-byte fields. */
static void ecdsa_sign(EVP_PKEY *k, const void *msg, size_t n, uint8_t *r,
		       uint8_t *s)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char der[128];
	const unsigned char *p = der;
	const BIGNUM *br, *bs;
	size_t len = sizeof(der);
	ECDSA_SIG *sig;

	if (!c || EVP_DigestSignInit(c, NULL, EVP_sha384(), NULL, k) != 1 ||
	    EVP_DigestSign(c, der, &len, msg, n) != 1)
		tap_bail("ECDSA sign");
	sig = d2i_ECDSA_SIG(NULL, &p, len);
	if (!sig)
		tap_bail("ECDSA signature");
	ECDSA_SIG_get0(sig, &br, &bs);
	memset(r, 0, 72);
	memset(s, 0, 72);
	BN_bn2lebinpad(br, r, 48);
	BN_bn2lebinpad(bs, s, 48);
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(c);
}

/*
 * ID block and ID_AUTH_INFO (SNP ABI): the ID key signs the ID block, the
 * author key signs the ID key's public key structure.  Offsets: id_auth
 * 0x40 ID block signature, 0x240 ID key, 0x680 ID key signature, 0x880
 * author key.  ID_KEY_DIGEST and AUTHOR_KEY_DIGEST of reports are SHA-384
 * of the 0x404-byte public key structures.
 */
static void make_id(struct sevl_snp_test_id *id, const uint8_t *ld,
		    uint8_t *id_digest, uint8_t *author_digest)
{
	uint8_t *blk = id->id_block, *au = id->id_auth;
	uint32_t one = 1, curve = 2, svn = 7;
	uint64_t policy = POLICY;
	EVP_PKEY *idk, *ak;

	memset(id, 0, sizeof(*id));
	memcpy(blk, ld, 48);
	memset(blk + 48, 0xf1, 16);		/* family id */
	memset(blk + 64, 0x1d, 16);		/* image id */
	memcpy(blk + 80, &one, 4);		/* version */
	memcpy(blk + 84, &svn, 4);
	memcpy(blk + 88, &policy, 8);

	memcpy(au, &one, 4);			/* ID key algo */
	memcpy(au + 4, &one, 4);		/* author key algo */
	memcpy(au + 0x240, &curve, 4);
	idk = keygen(au + 0x244, au + 0x244 + 72);
	memcpy(au + 0x880, &curve, 4);
	ak = keygen(au + 0x884, au + 0x884 + 72);
	ecdsa_sign(idk, blk, 96, au + 0x40, au + 0x40 + 72);
	ecdsa_sign(ak, au + 0x240, 0x404, au + 0x680, au + 0x680 + 72);
	sha384(au + 0x240, 0x404, id_digest);
	sha384(au + 0x880, 0x404, author_digest);
	EVP_PKEY_free(idk);
	EVP_PKEY_free(ak);
}

static int run_sevctl(char *const argv[]);
static void hex(char *out, const uint8_t *p, size_t n);

static bool read_exact(const char *path, void *p, size_t n)
{
	FILE *f = fopen(path, "r");
	bool ok = f && fread(p, 1, n, f) == n && fgetc(f) == EOF;

	if (f)
		fclose(f);
	return ok;
}

static void write_pem(const char *path, EVP_PKEY *k)
{
	OSSL_ENCODER_CTX *c;
	FILE *f = fopen(path, "w");

	c = OSSL_ENCODER_CTX_new_for_pkey(k, EVP_PKEY_KEYPAIR, "PEM", NULL,
					  NULL);
	if (!f || !c || !OSSL_ENCODER_to_fp(c, f) || fclose(f))
		tap_bail(path);
	OSSL_ENCODER_CTX_free(c);
}

/* The same ID block and ID_AUTH_INFO made by sevctl idblock; 0 if done. */
static int make_id_sevctl(struct sevl_snp_test_id *id, const uint8_t *ld,
			  uint8_t *id_digest, uint8_t *author_digest)
{
	static const char * const fixed[] = {
		SEVCTL, "idblock", "--id-key", TMP "/id.pem",
		"--author-key", TMP "/author.pem", "--measurement", NULL,
		"--policy", NULL, "--family-id", NULL, "--image-id", NULL,
		"--guest-svn", "7", "--out-block", TMP "/id_block.bin",
		"--out-auth", TMP "/id_auth.bin", NULL,
	};
	char *argv[ARRAY_SIZE(fixed)], m[97], pol[32], fam[33], img[33];
	uint8_t ids[16];
	EVP_PKEY *k;
	unsigned int i;
	uint8_t qx[72], qy[72];

	if (access(SEVCTL, X_OK))
		return -1;
	k = keygen(qx, qy);
	write_pem(TMP "/id.pem", k);
	EVP_PKEY_free(k);
	k = keygen(qx, qy);
	write_pem(TMP "/author.pem", k);
	EVP_PKEY_free(k);
	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		argv[i] = (char *)fixed[i];
	hex(m, ld, 48);
	snprintf(pol, sizeof(pol), "0x%llx", (unsigned long long)POLICY);
	memset(ids, 0xf1, 16);
	hex(fam, ids, 16);
	memset(ids, 0x1d, 16);
	hex(img, ids, 16);
	argv[7] = m;
	argv[9] = pol;
	argv[11] = fam;
	argv[13] = img;
	memset(id, 0, sizeof(*id));
	if (run_sevctl(argv) ||
	    !read_exact(TMP "/id_block.bin", id->id_block, 96) ||
	    !read_exact(TMP "/id_auth.bin", id->id_auth, 4096))
		return -1;
	sha384(id->id_auth + 0x240, 0x404, id_digest);
	sha384(id->id_auth + 0x880, 0x404, author_digest);
	return 0;
}

static int launch(const uint8_t *ld, uint8_t *id_digest,
		  uint8_t *author_digest, struct sevl_snp_test_launch_out *o)
{
	struct sevl_snp_test_launch hd = {
		.magic = SEVL_SNP_TEST_MAGIC,
		.flags = SEVL_SNP_TEST_ID_BLOCK | SEVL_SNP_TEST_AUTHOR_KEY,
		.policy = POLICY,
		.nr_records = ARRAY_SIZE(recs),
	};
	static struct sevl_snp_test_id id;
	uint8_t page[PAGE];
	char path[300];
	unsigned int i;
	int fd;

	memset(hd.host_data, 0x4d, sizeof(hd.host_data));
	if (make_id_sevctl(&id, ld, id_digest, author_digest)) {
		tap_diag("sevctl idblock unavailable or failed: ID block built here");
		make_id(&id, ld, id_digest, author_digest);
	} else {
		tap_diag("ID block and ID auth made by sevctl idblock");
	}
	snprintf(path, sizeof(path), "%s/test_launch", dir);
	fd = open(path, O_RDWR);
	if (fd < 0)
		tap_bail(path);
	if (write(fd, &hd, sizeof(hd)) != sizeof(hd) ||
	    write(fd, &id, sizeof(id)) != sizeof(id))
		tap_bail("test_launch write");
	for (i = 0; i < ARRAY_SIZE(recs); i++) {
		struct sevl_snp_test_page r = {
			.page_type = recs[i].type,
			.has_data = has_data(recs[i].type),
			.vmpl1_perms = recs[i].vmpl1,
			.gpa = recs[i].gpa,
		};

		if (write(fd, &r, sizeof(r)) != sizeof(r))
			tap_bail("test_launch write");
		if (r.has_data) {
			page_fill(page, i);
			if (write(fd, page, PAGE) != PAGE)
				tap_bail("test_launch write");
		}
	}
	if (read(fd, o, sizeof(*o)) != sizeof(*o)) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int report(uint32_t guest, const uint8_t *data,
		  struct sevl_snp_test_report_out *o)
{
	struct sevl_snp_test_report_in in = {
		.guest_id = guest, .msg_version = 1,
	};
	char path[300];
	int fd, ret = 0;

	memcpy(in.report_data, data, 64);
	snprintf(path, sizeof(path), "%s/test_report", dir);
	fd = open(path, O_RDWR);
	if (fd < 0)
		tap_bail(path);
	if (write(fd, &in, sizeof(in)) != sizeof(in) ||
	    read(fd, o, sizeof(*o)) != sizeof(*o))
		ret = -1;
	close(fd);
	return ret;
}

static X509 *load_cert(const char *name, const char *copy)
{
	unsigned char buf[4096];
	const unsigned char *p = buf;
	char path[300];
	ssize_t n;
	X509 *x;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		tap_bail(path);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		tap_bail(path);
	f = fopen(copy, "w");
	if (!f || fwrite(buf, 1, n, f) != (size_t)n || fclose(f))
		tap_bail(copy);
	x = d2i_X509(NULL, &p, n);
	if (!x)
		tap_bail("d2i_X509");
	return x;
}

/* ECDSA P-384 over the signed part, r and s little-endian at 0x2a0. */
static bool report_sig_ok(const uint8_t *r, X509 *vcek)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *br = BN_lebin2bn(r + SIGNED_LEN, 48, NULL);
	BIGNUM *bs = BN_lebin2bn(r + SIGNED_LEN + 72, 48, NULL);
	unsigned char *der = NULL;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	bool ok = false;
	int len;

	if (!sig || !br || !bs || !c || !ECDSA_SIG_set0(sig, br, bs))
		tap_bail("ECDSA_SIG");
	len = i2d_ECDSA_SIG(sig, &der);
	if (len > 0 &&
	    EVP_DigestVerifyInit(c, NULL, EVP_sha384(), NULL,
				 X509_get0_pubkey(vcek)) == 1)
		ok = EVP_DigestVerify(c, der, len, r, SIGNED_LEN) == 1;
	OPENSSL_free(der);
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(c);
	return ok;
}

static void hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static int run_sevctl(char *const argv[])
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int fd = open(TMP "/sevctl.log",
			      O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Does this sevctl have "report verify"? */
static bool sevctl_has_report(void)
{
	char *argv[3];
	char line[512];
	bool found = false;
	FILE *f;

	argv[0] = SEVCTL;
	argv[1] = "help";
	argv[2] = NULL;
	if (access(SEVCTL, X_OK) || run_sevctl(argv))
		return false;
	f = fopen(TMP "/sevctl.log", "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line + strspn(line, " "), "report", 6))
			found = true;
	if (f)
		fclose(f);
	return found;
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f))
		tap_bail(path);
}

static void verify_with_sevctl(uint8_t *r, const uint8_t *ld,
			       const uint8_t *host_data,
			       const uint8_t *data, const uint8_t *id_digest)
{
	char m[97], hd[65], rd[129], idd[97], pol[32];
	static const char * const fixed[] = {
		SEVCTL, "report", "verify", TMP "/report.bin",
		"--vcek", TMP "/vcek.der", "--ask", TMP "/ask.der",
		"--ark", TMP "/ark.der", "--measurement", NULL,
		"--policy", NULL, "--host-data", NULL,
		"--report-data", NULL, "--id-key-digest", NULL, NULL,
	};
	char *argv[ARRAY_SIZE(fixed)];
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		argv[i] = (char *)fixed[i];
	argv[11] = m;
	argv[13] = pol;
	argv[15] = hd;
	argv[17] = rd;
	argv[19] = idd;

	if (!sevctl_has_report()) {
		tap_ok(1, "sevctl report verify accepts the report # SKIP this sevctl has no 'report' command");
		tap_ok(1, "sevctl report verify rejects one flipped bit # SKIP this sevctl has no 'report' command");
		return;
	}
	hex(m, ld, 48);
	hex(hd, host_data, 32);
	hex(rd, data, 64);
	hex(idd, id_digest, 48);
	snprintf(pol, sizeof(pol), "0x%llx", (unsigned long long)POLICY);
	write_file(TMP "/report.bin", r, REPORT_SIZE);
	rc = run_sevctl(argv);
	tap_ok(rc == 0, "sevctl report verify accepts the report with the predicted measurement (exit %d)",
	       rc);
	r[0x90] ^= 0x01;	/* one bit of MEASUREMENT */
	write_file(TMP "/report.bin", r, REPORT_SIZE);
	rc = run_sevctl(argv);
	r[0x90] ^= 0x01;
	tap_ok(rc != 0 && rc != 127,
	       "sevctl report verify rejects the report with one bit flipped (exit %d)",
	       rc);
}

int main(void)
{
	uint8_t ld[48], id_digest[48], author_digest[48], data[64];
	uint8_t host_data[32], zero[64] = { 0 };
	struct sevl_snp_test_launch_out lo;
	static struct sevl_snp_test_report_out ro, ro2;
	X509 *ark, *ask, *vcek;
	uint32_t v32;
	uint64_t v64;
	glob_t g;
	int i;

	tap_plan(16);
	if (glob("/sys/kernel/debug/sev-swfw/*/snp/test_launch", 0, NULL, &g) ||
	    !g.gl_pathc) {
		for (i = 0; i < 16; i++)
			tap_ok(1, "# SKIP no SNP model: sev-swfw/*/snp/test_launch missing");
		return tap_exit();
	}
	snprintf(dir, sizeof(dir), "%s", g.gl_pathv[0]);
	*strrchr(dir, '/') = 0;
	globfree(&g);
	mkdir(TMP, 0755);

	ark = load_cert("ark.der", TMP "/ark.der");
	ask = load_cert("ask.der", TMP "/ask.der");
	vcek = load_cert("vcek.der", TMP "/vcek.der");
	tap_ok(X509_verify(ark, X509_get0_pubkey(ark)) == 1,
	       "OpenSSL: the SNP ARK certificate is self-signed");
	tap_ok(X509_verify(ask, X509_get0_pubkey(ark)) == 1 &&
	       X509_verify(vcek, X509_get0_pubkey(ask)) == 1,
	       "OpenSSL: ARK signs the ASK, the ASK signs the VCEK");

	predict(ld);
	memset(host_data, 0x4d, sizeof(host_data));
	if (launch(ld, id_digest, author_digest, &lo))
		tap_bail("test_launch read");
	tap_ok(lo.failed_step == ~0U && lo.guest_id,
	       "launch with every page type and an ID block (failed step %u status %d, %u updates)",
	       lo.failed_step, lo.failed_status, lo.nr_updates);
	tap_ok(!memcmp(lo.ld, ld, 48),
	       "launch digest equals the PAGE_INFO chain computed with OpenSSL");
	if (!lo.guest_id)
		tap_bail("no guest");

	for (i = 0; i < 64; i++)
		data[i] = 0xa0 ^ i;
	if (report(lo.guest_id, data, &ro))
		tap_bail("test_report");
	tap_ok(ro.fw_status == 0 && ro.status == 0 &&
	       ro.report_size == REPORT_SIZE,
	       "SNP_GUEST_REQUEST MSG_REPORT_REQ: fw %d, status %u, size %u",
	       ro.fw_status, ro.status, ro.report_size);
	tap_ok(ro.rsp_seqno == ro.req_seqno + 1,
	       "response sequence number is the request's + 1 (%llu, %llu)",
	       (unsigned long long)ro.req_seqno,
	       (unsigned long long)ro.rsp_seqno);
	memcpy(&v32, ro.report, 4);
	memcpy(&v64, ro.report + 8, 8);
	tap_ok(v32 == 3 && v64 == POLICY, "version 3, policy 0x%llx",
	       (unsigned long long)v64);
	tap_ok(!memcmp(ro.report + 0x90, ld, 48) &&
	       !memcmp(ro.report + 0x50, data, 64) &&
	       !memcmp(ro.report + 0xc0, host_data, 32),
	       "MEASUREMENT, REPORT_DATA and HOST_DATA are the launch's");
	tap_ok(!memcmp(ro.report + 0xe0, id_digest, 48) &&
	       !memcmp(ro.report + 0x110, author_digest, 48) &&
	       (ro.report[0x48] & 1),
	       "ID_KEY_DIGEST, AUTHOR_KEY_DIGEST and AUTHOR_KEY_EN from the ID block");
	tap_ok(memcmp(ro.report + 0x1a0, zero, 64) != 0,
	       "CHIP_ID is set (MASK_CHIP_ID off)");

	tap_ok(report_sig_ok(ro.report, vcek),
	       "OpenSSL: the report's signature verifies with the VCEK certificate's key");
	ro.report[0x50] ^= 0x80;
	tap_ok(!report_sig_ok(ro.report, vcek),
	       "OpenSSL: one flipped bit of REPORT_DATA breaks the signature");
	ro.report[0x50] ^= 0x80;

	/* A second request: the hook's next sequence number, a new report. */
	data[0] ^= 1;
	if (report(lo.guest_id, data, &ro2))
		tap_bail("test_report");
	tap_ok(ro2.fw_status == 0 && ro2.req_seqno == ro.rsp_seqno + 1 &&
	       !memcmp(ro2.report + 0x50, data, 64),
	       "second request uses sequence number %llu and is answered",
	       (unsigned long long)ro2.req_seqno);
	data[0] ^= 1;

	verify_with_sevctl(ro.report, ld, host_data, data, id_digest);

	/* no guest 0: refused by the hook */
	tap_ok(report(0, data, &ro2) != 0, "test_report refuses an unknown guest id");
	X509_free(ark);
	X509_free(ask);
	X509_free(vcek);
	return tap_exit();
}
