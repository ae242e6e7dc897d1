/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the /dev/sev selftests (dev_sev_*.c): issuing
 * SEV_ISSUE_CMD, the 2084-byte SEV certificate format, and P-384 ECDSA
 * signing and verification of such certificates with OpenSSL's libcrypto.
 *
 * Certificate layout (SEV API "Certificates"; see also drivers/swfw/cert.h):
 * all integers little-endian, P-384 coordinates and ECDSA r/s stored
 * little-endian in 72-byte fields (48 significant bytes), every signature
 * covering bytes [0, 0x414).
 */
#ifndef SEVL_SELFTEST_SEV_UTIL_H
#define SEVL_SELFTEST_SEV_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>

#define SEV_LAUNCH_STANDALONE
#include <linux/sev-launch.h>

#define SEV_DEV_PATH		"/dev/sev"

/*
 * Written into sev_issue_cmd.error before each call, to see whether the
 * kernel wrote the field back.
 */
#define SEV_ERR_UNSET		0xa5a5a5a5u

#define CERT_VERSION		1
#define CERT_CURVE_P384		2
#define CERT_PARAM		72	/* bytes per coordinate / r / s */
#define CERT_P384_BYTES		48
#define CERT_SIGNED_LEN		0x414

#define USAGE_ARK		0x0000
#define USAGE_ASK		0x0013
#define USAGE_NONE		0x1000
#define USAGE_OCA		0x1001
#define USAGE_PEK		0x1002
#define USAGE_PDH		0x1003
#define USAGE_CEK		0x1004

#define ALGO_NONE		0x000
#define ALGO_ECDSA_SHA256	0x002
#define ALGO_ECDH_SHA256	0x003
#define ALGO_ECDSA_SHA384	0x102
#define ALGO_ECDH_SHA384	0x103

/* Number of certificates PDH_CERT_EXPORT returns in the chain. */
#define CHAIN_CERTS		3	/* PEK, OCA, CEK */

/* Public labels from which the emulator derives its test ARK and ASK. */
#define EMU_ARK_LABEL	"sev-launch emulator ARK test key - not secure"
#define EMU_ASK_LABEL	"sev-launch emulator ASK test key - not secure"

struct sev_cert_sig {
	uint32_t usage;
	uint32_t algo;
	uint8_t r[CERT_PARAM];
	uint8_t s[CERT_PARAM];
	uint8_t rsvd[368];
} __attribute__((packed));

struct sev_cert {
	uint32_t version;
	uint8_t api_major;
	uint8_t api_minor;
	uint8_t rsvd[2];
	uint32_t usage;
	uint32_t algo;
	uint32_t curve;
	uint8_t qx[CERT_PARAM];
	uint8_t qy[CERT_PARAM];
	uint8_t key_rsvd[880];
	struct sev_cert_sig sig[2];
} __attribute__((packed));

_Static_assert(sizeof(struct sev_cert) == SEV_LAUNCH_CERT_SIZE, "cert size");
_Static_assert(offsetof(struct sev_cert, sig) == CERT_SIGNED_LEN, "signed");
_Static_assert(offsetof(struct sev_cert, sig[1]) == 0x61c, "sig2");

/* ---- /dev/sev ---- */

int sev_open(int flags);
int sev_fw_errno(uint32_t status);
int sev_fw_failed(int ret, uint32_t error, uint32_t status);
int sev_cmd(int fd, uint32_t cmd, void *data, uint32_t *error);
int sev_status(int fd, struct sev_user_data_status *st);

/**
 * struct sev_pdh_export - result of a complete PDH_CERT_EXPORT
 * @ret: 0 or the negative errno of the export
 * @error: firmware status
 * @pdh: the PDH certificate
 * @chain: PEK, OCA, CEK
 * @pdh_len: length returned by the kernel
 * @chain_len: length returned by the kernel
 */
struct sev_pdh_export {
	int ret;
	uint32_t error;
	struct sev_cert pdh;
	struct sev_cert chain[CHAIN_CERTS];
	uint32_t pdh_len;
	uint32_t chain_len;
};

int sev_export(int fd, struct sev_pdh_export *e);
int sev_pek_csr(int fd, struct sev_cert *csr, uint32_t *error);

int swfw_ext_owned(void);
int sev_drop_cap_sys_admin(void);

/* ---- the KVM side ---- */

int sev_kvm_vm(int sev_fd, int es, uint32_t *error);
int sev_kvm_param(const char *name, char *val, unsigned int *mode);

/* PLATFORM_STATUS flags (SEV API, PLATFORM_STATUS) */
#define PSTATUS_OWNER		0x001	/* externally owned */
#define PSTATUS_CONFIG_ES	0x100	/* SEV-ES initialised */
#define PSTATE_UNINIT		0
#define PSTATE_INIT		1
#define PSTATE_WORKING		2

/* ---- certificates ---- */

const char *sev_usage_name(uint32_t usage);
int cert_check(const struct sev_cert *c, uint32_t usage, int ecdh);
int cert_sig_slot(const struct sev_cert *c, uint32_t usage);
EVP_PKEY *cert_pubkey(const struct sev_cert *c);
int cert_verify_key(const struct sev_cert *c, uint32_t signer_usage,
		    EVP_PKEY *key);
int cert_verify(const struct sev_cert *c, const struct sev_cert *signer);
int cert_init(struct sev_cert *c, uint32_t usage, uint32_t algo,
	      EVP_PKEY *key);
int cert_sign(struct sev_cert *c, int slot, uint32_t signer_usage,
	      uint32_t algo, EVP_PKEY *key);
int cert_same_key(const struct sev_cert *a, const struct sev_cert *b);

/* ---- P-384 keys ---- */

EVP_PKEY *p384_keygen(void);
EVP_PKEY *p384_from_label(const char *label);

#endif /* SEVL_SELFTEST_SEV_UTIL_H */
