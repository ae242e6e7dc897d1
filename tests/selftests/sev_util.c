// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the /dev/sev selftests: SEV_ISSUE_CMD wrappers and SEV
 * certificate handling with OpenSSL (P-384 ECDSA over the 2084-byte format).
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include "sev_util.h"

#define P384_POINT_LEN	(1 + 2 * CERT_P384_BYTES)	/* 0x04 || X || Y */

int sev_open(int flags)
{
	return open(SEV_DEV_PATH, flags | O_CLOEXEC);
}

/*
 * The errno /dev/sev returns for a command the firmware failed with
 * @status.  Upstream returns -EIO for every firmware failure; sev-launch
 * gives the common ones a specific errno (drivers/psp/status.c, documented
 * in Documentation/psp.rst) and -EIO to the rest.  Only the statuses these
 * tests provoke are listed.
 */
int sev_fw_errno(uint32_t status)
{
	switch (status) {
	case SEV_RET_SUCCESS:
		return 0;
	case SEV_RET_INVALID_PLATFORM_STATE:
		return -EPROTO;
	case SEV_RET_INVALID_LEN:
		return -ENOSPC;
	case SEV_RET_ALREADY_OWNED:
		return -EEXIST;
	case SEV_RET_INVALID_CERTIFICATE:
	case SEV_RET_BAD_SIGNATURE:
		return -EBADMSG;
	}
	return -EIO;
}

/* The command failed in the firmware with @status, reported as such. */
int sev_fw_failed(int ret, uint32_t error, uint32_t status)
{
	return error == status && ret == sev_fw_errno(status);
}

/*
 * Issue one command.  Returns 0 or -errno; *error (if given) receives the
 * error field as the kernel left it (SEV_ERR_UNSET if not written back).
 */
int sev_cmd(int fd, uint32_t cmd, void *data, uint32_t *error)
{
	struct sev_issue_cmd arg = {
		.cmd = cmd,
		.data = (uintptr_t)data,
		.error = SEV_ERR_UNSET,
	};
	int ret;

	ret = ioctl(fd, SEV_ISSUE_CMD, &arg);
	if (error)
		*error = arg.error;
	return ret < 0 ? -errno : ret;
}

int sev_status(int fd, struct sev_user_data_status *st)
{
	uint32_t error;
	int ret;

	memset(st, 0xff, sizeof(*st));
	ret = sev_cmd(fd, SEV_PLATFORM_STATUS, st, &error);
	if (!ret && error)
		ret = -EPROTO;
	return ret;
}

/* PDH_CERT_EXPORT into buffers of exactly the documented sizes. */
int sev_export(int fd, struct sev_pdh_export *e)
{
	struct sev_user_data_pdh_cert_export x = {
		.pdh_cert_address = (uintptr_t)&e->pdh,
		.pdh_cert_len = sizeof(e->pdh),
		.cert_chain_address = (uintptr_t)e->chain,
		.cert_chain_len = sizeof(e->chain),
	};

	memset(&e->pdh, 0, sizeof(e->pdh));
	memset(e->chain, 0, sizeof(e->chain));
	e->ret = sev_cmd(fd, SEV_PDH_CERT_EXPORT, &x, &e->error);
	e->pdh_len = x.pdh_cert_len;
	e->chain_len = x.cert_chain_len;
	if (!e->ret && (e->error || e->pdh_len != sizeof(e->pdh) ||
			e->chain_len != sizeof(e->chain)))
		e->ret = -EPROTO;
	return e->ret;
}

int sev_pek_csr(int fd, struct sev_cert *csr, uint32_t *error)
{
	struct sev_user_data_pek_csr x = {
		.address = (uintptr_t)csr,
		.length = sizeof(*csr),
	};
	int ret;

	memset(csr, 0, sizeof(*csr));
	ret = sev_cmd(fd, SEV_PEK_CSR, &x, error);
	if (!ret && x.length != sizeof(*csr))
		ret = -EPROTO;
	return ret;
}

/*
 * Ownership as the software firmware's debugfs "platform" file states it,
 * an account independent of PLATFORM_STATUS's owner flag, to check that
 * flag against.  Returns 1 for an external owner, 0
 * for self-owned, -1 if there is not exactly one software firmware.
 */
int swfw_ext_owned(void)
{
	char line[128];
	int ret = -1;
	glob_t g;
	FILE *f;

	if (glob("/sys/kernel/debug/sev-swfw/*/platform", 0, NULL, &g))
		return -1;
	f = g.gl_pathc == 1 ? fopen(g.gl_pathv[0], "r") : NULL;
	globfree(&g);
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "owner", 5)) {
			ret = strstr(line, "external") ? 1 :
			      strstr(line, "self") ? 0 : -1;
			break;
		}
	}
	fclose(f);
	return ret;
}

const char *sev_usage_name(uint32_t usage)
{
	switch (usage) {
	case USAGE_ARK: return "ARK";
	case USAGE_ASK: return "ASK";
	case USAGE_OCA: return "OCA";
	case USAGE_PEK: return "PEK";
	case USAGE_PDH: return "PDH";
	case USAGE_CEK: return "CEK";
	}
	return "?";
}

static int all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		if (*b++)
			return 0;
	return 1;
}

static void reverse(uint8_t *dst, const uint8_t *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = src[len - 1 - i];
}

static int algo_is_ecdsa(uint32_t algo)
{
	return algo == ALGO_ECDSA_SHA256 || algo == ALGO_ECDSA_SHA384;
}

static int algo_is_ecdh(uint32_t algo)
{
	return algo == ALGO_ECDH_SHA256 || algo == ALGO_ECDH_SHA384;
}

/*
 * Layout checks of a certificate: version, usage, an ECDSA (or, with
 * @ecdh, an ECDH) algorithm on P-384, zero padding and reserved bytes, a
 * valid public point, and well-formed signature slots (empty, or ECDSA
 * with zero padding).  Returns 0 or a negative number naming the failed
 * check.
 */
int cert_check(const struct sev_cert *c, uint32_t usage, int ecdh)
{
	EVP_PKEY *key;
	int i;

	if (c->version != CERT_VERSION)
		return -1;
	if (c->usage != usage)
		return -2;
	if (ecdh ? !algo_is_ecdh(c->algo) : !algo_is_ecdsa(c->algo))
		return -3;
	if (c->curve != CERT_CURVE_P384)
		return -4;
	if (!all_zero(c->rsvd, sizeof(c->rsvd)) ||
	    !all_zero(c->key_rsvd, sizeof(c->key_rsvd)) ||
	    !all_zero(c->qx + CERT_P384_BYTES, CERT_PARAM - CERT_P384_BYTES) ||
	    !all_zero(c->qy + CERT_P384_BYTES, CERT_PARAM - CERT_P384_BYTES))
		return -5;
	key = cert_pubkey(c);
	if (!key)
		return -6;
	EVP_PKEY_free(key);
	for (i = 0; i < 2; i++) {
		const struct sev_cert_sig *s = &c->sig[i];

		if (s->usage == USAGE_NONE && s->algo == ALGO_NONE)
			continue;
		if (!algo_is_ecdsa(s->algo) ||
		    !all_zero(s->r + CERT_P384_BYTES,
			      CERT_PARAM - CERT_P384_BYTES) ||
		    !all_zero(s->s + CERT_P384_BYTES,
			      CERT_PARAM - CERT_P384_BYTES) ||
		    !all_zero(s->rsvd, sizeof(s->rsvd)))
			return -7;
	}
	return 0;
}

int cert_sig_slot(const struct sev_cert *c, uint32_t usage)
{
	int i;

	for (i = 0; i < 2; i++)
		if (c->sig[i].usage == usage)
			return i;
	return -1;
}

static EVP_PKEY *p384_from_point(const uint8_t *point, const BIGNUM *priv)
{
	OSSL_PARAM_BLD *bld;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL, *chk = NULL;
	EVP_PKEY *key = NULL;
	int ok = 0;

	bld = OSSL_PARAM_BLD_new();
	if (!bld ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     "P-384", 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					      point, P384_POINT_LEN) ||
	    (priv && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY,
					     priv)))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &key, priv ? EVP_PKEY_KEYPAIR :
			      EVP_PKEY_PUBLIC_KEY, params) <= 0)
		goto out;
	/* Full public key validation: on the curve, right order. */
	chk = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	ok = chk && EVP_PKEY_public_check(chk) > 0;
out:
	EVP_PKEY_CTX_free(chk);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	if (!ok) {
		EVP_PKEY_free(key);
		key = NULL;
	}
	return key;
}

/* The certificate's public key, or NULL if it is not a valid P-384 point. */
EVP_PKEY *cert_pubkey(const struct sev_cert *c)
{
	uint8_t pt[P384_POINT_LEN];

	if (c->curve != CERT_CURVE_P384 ||
	    !all_zero(c->qx + CERT_P384_BYTES, CERT_PARAM - CERT_P384_BYTES) ||
	    !all_zero(c->qy + CERT_P384_BYTES, CERT_PARAM - CERT_P384_BYTES))
		return NULL;
	pt[0] = POINT_CONVERSION_UNCOMPRESSED;
	reverse(pt + 1, c->qx, CERT_P384_BYTES);
	reverse(pt + 1 + CERT_P384_BYTES, c->qy, CERT_P384_BYTES);
	return p384_from_point(pt, NULL);
}

static const EVP_MD *sig_md(uint32_t algo)
{
	if (algo == ALGO_ECDSA_SHA256)
		return EVP_sha256();
	if (algo == ALGO_ECDSA_SHA384)
		return EVP_sha384();
	return NULL;
}

/*
 * Verify the signature slot of @c whose usage is @signer_usage with @key.
 * Returns 0 if it verifies, -1 if no such slot or the signature is bad.
 */
int cert_verify_key(const struct sev_cert *c, uint32_t signer_usage,
		    EVP_PKEY *key)
{
	int slot = cert_sig_slot(c, signer_usage);
	const struct sev_cert_sig *s;
	unsigned char *der = NULL;
	EVP_MD_CTX *md = NULL;
	ECDSA_SIG *sig = NULL;
	BIGNUM *r = NULL, *sv = NULL;
	int len, ret = -1;

	if (slot < 0 || !key)
		return -1;
	s = &c->sig[slot];
	if (!sig_md(s->algo))
		return -1;
	r = BN_lebin2bn(s->r, CERT_PARAM, NULL);
	sv = BN_lebin2bn(s->s, CERT_PARAM, NULL);
	sig = ECDSA_SIG_new();
	if (!r || !sv || !sig || !ECDSA_SIG_set0(sig, r, sv))
		goto out;
	r = NULL;
	sv = NULL;
	len = i2d_ECDSA_SIG(sig, &der);
	md = EVP_MD_CTX_new();
	if (len <= 0 || !md ||
	    EVP_DigestVerifyInit(md, NULL, sig_md(s->algo), NULL, key) <= 0)
		goto out;
	if (EVP_DigestVerify(md, der, len, (const unsigned char *)c,
			     CERT_SIGNED_LEN) == 1)
		ret = 0;
out:
	EVP_MD_CTX_free(md);
	OPENSSL_free(der);
	ECDSA_SIG_free(sig);
	BN_free(r);
	BN_free(sv);
	return ret;
}

/* Verify @c's signature by the key certified in @signer. */
int cert_verify(const struct sev_cert *c, const struct sev_cert *signer)
{
	EVP_PKEY *key = cert_pubkey(signer);
	int ret;

	if (!key)
		return -1;
	ret = cert_verify_key(c, signer->usage, key);
	EVP_PKEY_free(key);
	return ret;
}

static int p384_point(EVP_PKEY *key, uint8_t *pt)
{
	size_t len = 0;

	if (!EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, pt,
					     P384_POINT_LEN, &len) ||
	    len != P384_POINT_LEN || pt[0] != POINT_CONVERSION_UNCOMPRESSED)
		return -1;
	return 0;
}

/* A certificate for @key's public part with both signature slots empty. */
int cert_init(struct sev_cert *c, uint32_t usage, uint32_t algo,
	      EVP_PKEY *key)
{
	uint8_t pt[P384_POINT_LEN];
	int i;

	if (p384_point(key, pt))
		return -1;
	memset(c, 0, sizeof(*c));
	c->version = CERT_VERSION;
	c->usage = usage;
	c->algo = algo;
	c->curve = CERT_CURVE_P384;
	reverse(c->qx, pt + 1, CERT_P384_BYTES);
	reverse(c->qy, pt + 1 + CERT_P384_BYTES, CERT_P384_BYTES);
	for (i = 0; i < 2; i++) {
		c->sig[i].usage = USAGE_NONE;
		c->sig[i].algo = ALGO_NONE;
	}
	return 0;
}

/* Sign bytes [0, 0x414) of @c into slot @slot. */
int cert_sign(struct sev_cert *c, int slot, uint32_t signer_usage,
	      uint32_t algo, EVP_PKEY *key)
{
	struct sev_cert_sig *s = &c->sig[slot];
	const BIGNUM *r, *sv;
	unsigned char der[256];
	const unsigned char *p = der;
	size_t len = sizeof(der);
	EVP_MD_CTX *md;
	ECDSA_SIG *sig = NULL;
	int ret = -1;

	md = EVP_MD_CTX_new();
	if (!md || !sig_md(algo) ||
	    EVP_DigestSignInit(md, NULL, sig_md(algo), NULL, key) <= 0 ||
	    EVP_DigestSign(md, der, &len, (const unsigned char *)c,
			   CERT_SIGNED_LEN) <= 0)
		goto out;
	sig = d2i_ECDSA_SIG(NULL, &p, len);
	if (!sig)
		goto out;
	ECDSA_SIG_get0(sig, &r, &sv);
	memset(s, 0, sizeof(*s));
	if (BN_bn2lebinpad(r, s->r, CERT_PARAM) < 0 ||
	    BN_bn2lebinpad(sv, s->s, CERT_PARAM) < 0)
		goto out;
	s->usage = signer_usage;
	s->algo = algo;
	ret = 0;
out:
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(md);
	return ret;
}

int cert_same_key(const struct sev_cert *a, const struct sev_cert *b)
{
	return a->curve == b->curve && !memcmp(a->qx, b->qx, CERT_PARAM) &&
	       !memcmp(a->qy, b->qy, CERT_PARAM);
}

EVP_PKEY *p384_keygen(void)
{
	return EVP_EC_gen("P-384");
}

/*
 * The emulator's fixed test keys: private scalar = SHA-384(label) read
 * big-endian (drivers/swfw/cert.c).  The public point is recomputed here,
 * independently of the kernel.
 */
EVP_PKEY *p384_from_label(const char *label)
{
	unsigned char d[48];
	uint8_t pt[P384_POINT_LEN];
	unsigned int dlen = 0;
	EC_GROUP *grp = NULL;
	EC_POINT *q = NULL;
	EVP_PKEY *key = NULL;
	BIGNUM *bn = NULL;

	if (!EVP_Digest(label, strlen(label), d, &dlen, EVP_sha384(), NULL) ||
	    dlen != sizeof(d))
		return NULL;
	bn = BN_bin2bn(d, sizeof(d), NULL);
	grp = EC_GROUP_new_by_curve_name(NID_secp384r1);
	q = grp ? EC_POINT_new(grp) : NULL;
	if (!bn || !q || !EC_POINT_mul(grp, q, bn, NULL, NULL, NULL) ||
	    EC_POINT_point2oct(grp, q, POINT_CONVERSION_UNCOMPRESSED, pt,
			       sizeof(pt), NULL) != sizeof(pt))
		goto out;
	key = p384_from_point(pt, bn);
out:
	EC_POINT_free(q);
	EC_GROUP_free(grp);
	BN_clear_free(bn);
	OPENSSL_cleanse(d, sizeof(d));
	return key;
}

/* KVM_CREATE_VM is a fixed number of the KVM ABI (<linux/kvm.h>). */
#define SEVU_KVM_CREATE_VM	_IO(0xAE, 0x01)

/*
 * A VM initialised for SEV (@es false: KVM_SEV_INIT) or SEV-ES
 * (KVM_SEV_ES_INIT), naming @sev_fd.  Returns the VM fd or -errno; *error
 * receives kvm_sev_cmd.error, passed in as 0 (upstream leaves it as it was
 * when the command succeeds).
 */
int sev_kvm_vm(int sev_fd, int es, uint32_t *error)
{
	struct kvm_sev_cmd cmd = {
		.id = es ? KVM_SEV_ES_INIT : KVM_SEV_INIT,
		.sev_fd = (uint32_t)sev_fd,
	};
	int kvm, vm, ret;

	*error = 0;
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return -errno;
	vm = ioctl(kvm, SEVU_KVM_CREATE_VM, 0);
	ret = vm < 0 ? -errno : 0;
	close(kvm);
	if (ret)
		return ret;
	ret = ioctl(vm, KVM_MEMORY_ENCRYPT_OP, &cmd);
	*error = cmd.error;
	if (ret < 0) {
		ret = -errno;
		close(vm);
		return ret;
	}
	return vm;
}

/*
 * A module parameter of sev_launch_kvm: its first character in *val, its
 * permission bits in *mode.  Returns 0 or -errno.
 */
int sev_kvm_param(const char *name, char *val, unsigned int *mode)
{
	char path[128];
	struct stat sb;
	int fd, n;

	snprintf(path, sizeof(path), "/sys/module/sev_launch_kvm/parameters/%s",
		 name);
	if (stat(path, &sb))
		return -errno;
	*mode = sb.st_mode & 0777;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, val, 1);
	close(fd);
	return n == 1 ? 0 : -EIO;
}

/*
 * Drop CAP_SYS_ADMIN from the effective, permitted and inheritable sets of
 * this process, uid unchanged (a root process without the capability).
 * Returns 0 once capget() confirms it is gone, else -1.
 */
int sev_drop_cap_sys_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	unsigned int w = CAP_TO_INDEX(CAP_SYS_ADMIN);
	uint32_t bit = CAP_TO_MASK(CAP_SYS_ADMIN);

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[w].effective &= ~bit;
	data[w].permitted &= ~bit;
	data[w].inheritable &= ~bit;
	if (syscall(SYS_capset, &hdr, data) || syscall(SYS_capget, &hdr, data))
		return -1;
	return (data[w].effective | data[w].permitted) & bit ? -1 : 0;
}
