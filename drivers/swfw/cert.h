/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEV certificate format (SEV API, "Certificates"): 2084 bytes holding
 * one public key and up to two signatures.  The PDH, PEK, OCA and CEK of
 * the platform and the guest owner's Diffie-Hellman key (GODH) use it.
 * All multi-byte fields are little-endian, including the P-384 coordinates
 * and the ECDSA r and s values, each zero-padded to 72 bytes.
 */
#ifndef _SEVL_SWFW_CERT_H
#define _SEVL_SWFW_CERT_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <sev-launch/fw.h>

#include "crypto.h"

#define SEVL_CERT_VERSION	1
#define SEVL_CERT_CURVE_P384	2

/* pub_key_usage and signature usage values. */
#define SEVL_USAGE_ARK		0x0000
#define SEVL_USAGE_ASK		0x0013
#define SEVL_USAGE_NONE		0x1000	/* empty signature slot */
#define SEVL_USAGE_OCA		0x1001
#define SEVL_USAGE_PEK		0x1002
#define SEVL_USAGE_PDH		0x1003
#define SEVL_USAGE_CEK		0x1004

/* pub_key_algo and signature algo values. */
#define SEVL_ALGO_NONE		0x000	/* empty signature slot */
#define SEVL_ALGO_RSA_SHA256	0x001
#define SEVL_ALGO_ECDSA_SHA256	0x002
#define SEVL_ALGO_ECDH_SHA256	0x003
#define SEVL_ALGO_RSA_SHA384	0x101
#define SEVL_ALGO_ECDSA_SHA384	0x102
#define SEVL_ALGO_ECDH_SHA384	0x103

#define SEVL_CERT_ECC_PARAM	72	/* bytes per coordinate / r / s */

/**
 * struct sevl_cert_ecc_pubkey - ECDSA or ECDH public key
 * @curve: SEVL_CERT_CURVE_P384
 * @qx: X coordinate, little-endian, zero above byte 48
 * @qy: Y coordinate, likewise
 * @rsvd: zero
 */
struct sevl_cert_ecc_pubkey {
	__le32 curve;
	u8 qx[SEVL_CERT_ECC_PARAM];
	u8 qy[SEVL_CERT_ECC_PARAM];
	u8 rsvd[880];
} __packed;

/**
 * struct sevl_cert_ecdsa_sig - ECDSA signature value
 * @r: r, little-endian, zero above byte 48
 * @s: s, likewise
 * @rsvd: zero
 */
struct sevl_cert_ecdsa_sig {
	u8 r[SEVL_CERT_ECC_PARAM];
	u8 s[SEVL_CERT_ECC_PARAM];
	u8 rsvd[368];
} __packed;

/**
 * struct sevl_cert_sig - one signature slot
 * @usage: usage of the signing key (SEVL_USAGE_NONE if the slot is empty)
 * @algo: signature algorithm (SEVL_ALGO_NONE if the slot is empty)
 * @ecdsa: the signature, for the ECDSA algorithms
 * @raw: the signature field as bytes
 */
struct sevl_cert_sig {
	__le32 usage;
	__le32 algo;
	union {
		struct sevl_cert_ecdsa_sig ecdsa;
		u8 raw[512];
	};
} __packed;

/**
 * struct sevl_cert - SEV certificate
 * @version: SEVL_CERT_VERSION
 * @api_major: API major version of the firmware that created it
 * @api_minor: API minor version, likewise
 * @rsvd: zero
 * @pub_key_usage: what the key is (SEVL_USAGE_*)
 * @pub_key_algo: what the key does (SEVL_ALGO_*)
 * @ecc: the public key, for the ECDSA and ECDH algorithms
 * @pubkey_raw: the public key field as bytes
 * @sig: two signature slots; each signs bytes [0, SEVL_CERT_SIGNED_LEN)
 */
struct sevl_cert {
	__le32 version;
	u8 api_major;
	u8 api_minor;
	u8 rsvd[2];
	__le32 pub_key_usage;
	__le32 pub_key_algo;
	union {
		struct sevl_cert_ecc_pubkey ecc;
		u8 pubkey_raw[1028];
	};
	struct sevl_cert_sig sig[2];
} __packed;

/* The signed part: version through the public key. */
#define SEVL_CERT_SIGNED_LEN	offsetof(struct sevl_cert, sig)

static_assert(sizeof(struct sevl_cert_ecc_pubkey) == 1028);
static_assert(sizeof(struct sevl_cert_sig) == 520);
static_assert(offsetof(struct sevl_cert, ecc) == 0x10);
static_assert(SEVL_CERT_SIGNED_LEN == 0x414);
static_assert(offsetof(struct sevl_cert, sig[1]) == 0x61c);
static_assert(sizeof(struct sevl_cert) == SEVL_CERT_SIZE);

int sevl_cert_init(struct sevl_cert *cert, u32 usage, u32 algo,
		   const struct sevl_p384_key *pubkey, u8 api_major,
		   u8 api_minor);
int sevl_cert_sign(struct sevl_cert *cert, unsigned int slot,
		   u32 signer_usage, u32 signer_algo,
		   const struct sevl_p384_key *signer_key);
int sevl_cert_verify(const struct sevl_cert *cert,
		     const struct sevl_cert *signer);
int sevl_cert_pubkey(const struct sevl_cert *cert, struct sevl_p384_key *key);
int sevl_cert_check(const struct sevl_cert *cert, u32 usage, u32 algo);

/* Fixed emulator test CA (see cert.c): NOT the AMD roots, not secret. */
int sevl_emu_ark_key(struct sevl_p384_key *key);
int sevl_emu_ask_key(struct sevl_p384_key *key);
int sevl_emu_ark_cert(struct sevl_cert *cert);
int sevl_emu_ask_cert(struct sevl_cert *cert);

#endif /* _SEVL_SWFW_CERT_H */
