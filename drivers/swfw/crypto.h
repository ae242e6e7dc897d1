/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cryptographic building blocks of the software SEV firmware.  Everything
 * here is implemented on the kernel crypto API / crypto library; nothing
 * in this directory implements a cipher or hash itself, except ECDSA
 * signing, which the kernel lacks and which is built on the exported ECC
 * primitives of crypto/ecc.c.
 */
#ifndef _SEVL_SWFW_CRYPTO_H
#define _SEVL_SWFW_CRYPTO_H

#include <linux/types.h>
#include <crypto/aes.h>
#include <crypto/sha2.h>

#define SEVL_P384_BYTES		48
#define SEVL_P384_DIGITS	6	/* 64-bit digits */

/**
 * struct sevl_p384_key - a P-384 key pair (or a public key only)
 * @has_priv: @d is valid
 * @d: private scalar, little-endian 64-bit digits (crypto/ecc.c order)
 * @x: public point X, same representation
 * @y: public point Y, same representation
 *
 * Zero with sevl_p384_key_wipe() before freeing.
 */
struct sevl_p384_key {
	bool has_priv;
	u64 d[SEVL_P384_DIGITS];
	u64 x[SEVL_P384_DIGITS];
	u64 y[SEVL_P384_DIGITS];
};

int sevl_p384_keygen(struct sevl_p384_key *key);
/* Key pair from a given private scalar (48 bytes big-endian), for test keys. */
int sevl_p384_key_from_priv_be(struct sevl_p384_key *key, const u8 *d_be);
void sevl_p384_key_wipe(struct sevl_p384_key *key);
/* Public key from/to 48-byte little-endian coordinates (SEV cert format). */
int sevl_p384_pub_from_le(struct sevl_p384_key *key, const u8 *qx, const u8 *qy);
void sevl_p384_pub_to_le(const struct sevl_p384_key *key, u8 *qx, u8 *qy);
/* ECDSA over a SHA-384 (or any <= 48-byte) digest; r, s little-endian 48 bytes. */
int sevl_p384_sign(const struct sevl_p384_key *key, const u8 *digest,
		   size_t dlen, u8 *r_le, u8 *s_le);
/* Same, with a nonce derived from the key and digest (fixed test certs). */
int sevl_p384_sign_deterministic(const struct sevl_p384_key *key,
				 const u8 *digest, size_t dlen, u8 *r_le,
				 u8 *s_le);
int sevl_p384_verify(const struct sevl_p384_key *pub, const u8 *digest,
		     size_t dlen, const u8 *r_le, const u8 *s_le);
/* ECDH: shared X coordinate, 48 bytes BIG-endian (the SEV KDF input). */
int sevl_p384_ecdh(const struct sevl_p384_key *priv,
		   const struct sevl_p384_key *peer, u8 *z_be);

/* HMAC-SHA256 over a list of buffers. */
struct sevl_kvec {
	const void *p;
	size_t len;
};

int sevl_hmac_sha256(const u8 *key, size_t klen, const struct sevl_kvec *v,
		     unsigned int n, u8 out[SHA256_DIGEST_SIZE]);
/* SHA-384 (crypto API "sha384"); may sleep. */
int sevl_sha384(const void *data, size_t len, u8 out[SHA384_DIGEST_SIZE]);
/* SP800-108 counter-mode KDF, HMAC-SHA256 PRF, 128-bit output (SEV API). */
int sevl_kdf(const u8 *key, size_t klen, const char *label,
	     const u8 *ctx, size_t ctxlen, u8 out[16]);
/* AES-128-CTR with a full 16-byte big-endian counter block. */
int sevl_aes128_ctr(const u8 key[16], const u8 iv[16], const void *in,
		    void *out, size_t len);
/*
 * Stand-in for the memory encryption engine: AES-128 per 16-byte block with
 * the block's system physical address as tweak.  @len and @pa 16-byte aligned.
 */
int sevl_mem_encrypt(const u8 vek[16], u64 pa, const void *in, void *out,
		     size_t len);
int sevl_mem_decrypt(const u8 vek[16], u64 pa, const void *in, void *out,
		     size_t len);

/**
 * struct sevl_mem_cipher - the memory cipher with its key expanded
 * @aes: AES-128 key schedule of the VEK
 *
 * For commands that process many blocks under one key.
 */
struct sevl_mem_cipher {
	struct crypto_aes_ctx aes;
};

int sevl_mem_cipher_init(struct sevl_mem_cipher *mc, const u8 vek[16]);
void sevl_mem_cipher_wipe(struct sevl_mem_cipher *mc);
int sevl_mem_cipher_crypt(const struct sevl_mem_cipher *mc, u64 pa,
			  const void *in, void *out, size_t len, bool enc);

#endif /* _SEVL_SWFW_CRYPTO_H */
