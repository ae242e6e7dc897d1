// SPDX-License-Identifier: GPL-2.0
/*
 * Symmetric cryptography of the software SEV firmware: HMAC-SHA256, the
 * SEV key derivation function, AES-128-CTR for the launch secret transport
 * and session key wrapping, SHA-384 for certificate signatures, and the
 * stand-in memory encryption cipher.
 *
 * HMAC is assembled from the SHA-256 library and AES comes from the AES
 * library, so none of these functions allocate memory except sevl_sha384().
 * Every key, key schedule and intermediate value on the stack is cleared
 * with memzero_explicit() before returning.
 */
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/sizes.h>
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <sev-launch/kunit.h>

#include "crypto.h"

/* Feed a buffer of any size to the SHA-256 library (which takes u32 lengths). */
static void sevl_sha256_feed(struct sha256_state *st, const void *p, size_t len)
{
	const u8 *b = p;

	while (len) {
		unsigned int n = min_t(size_t, len, SZ_1G);

		sha256_update(st, b, n);
		b += n;
		len -= n;
	}
}

/**
 * sevl_hmac_sha256() - HMAC-SHA256 (RFC 2104) over a list of buffers
 * @key: HMAC key
 * @klen: length of @key in bytes; keys longer than a block are hashed first
 * @v: buffers, MACed in order as if concatenated
 * @n: number of entries in @v
 * @out: the 32-byte MAC
 *
 * Context: any context; does not sleep or allocate.
 * Return: 0, or -EINVAL for a NULL pointer with a non-zero length.
 */
int sevl_hmac_sha256(const u8 *key, size_t klen, const struct sevl_kvec *v,
		     unsigned int n, u8 out[SHA256_DIGEST_SIZE])
{
	struct sha256_state st;
	u8 kblock[SHA256_BLOCK_SIZE];
	u8 pad[SHA256_BLOCK_SIZE];
	u8 inner[SHA256_DIGEST_SIZE];
	unsigned int i;

	if (!out || (klen && !key) || (n && !v))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (v[i].len && !v[i].p)
			return -EINVAL;

	memset(kblock, 0, sizeof(kblock));
	if (klen > SHA256_BLOCK_SIZE) {
		sha256_init(&st);
		sevl_sha256_feed(&st, key, klen);
		sha256_final(&st, kblock);
	} else if (klen) {
		memcpy(kblock, key, klen);
	}

	/* Inner hash: H((K ^ ipad) || message). */
	for (i = 0; i < SHA256_BLOCK_SIZE; i++)
		pad[i] = kblock[i] ^ 0x36;
	sha256_init(&st);
	sha256_update(&st, pad, sizeof(pad));
	for (i = 0; i < n; i++)
		sevl_sha256_feed(&st, v[i].p, v[i].len);
	sha256_final(&st, inner);

	/* Outer hash: H((K ^ opad) || inner). */
	for (i = 0; i < SHA256_BLOCK_SIZE; i++)
		pad[i] = kblock[i] ^ 0x5c;
	sha256_init(&st);
	sha256_update(&st, pad, sizeof(pad));
	sha256_update(&st, inner, sizeof(inner));
	sha256_final(&st, out);

	memzero_explicit(&st, sizeof(st));
	memzero_explicit(kblock, sizeof(kblock));
	memzero_explicit(pad, sizeof(pad));
	memzero_explicit(inner, sizeof(inner));
	return 0;
}

SEVL_EXPORT_FOR_KUNIT(sevl_hmac_sha256);

/**
 * sevl_kdf() - the SEV key derivation function
 * @key: key derivation key (for example the ECDH shared secret Z)
 * @klen: length of @key in bytes
 * @label: NUL-terminated label, such as "sev-master-secret"
 * @ctx: context bytes (may be NULL if @ctxlen is 0)
 * @ctxlen: length of @ctx
 * @out: the derived 128-bit key
 *
 * NIST SP 800-108 KDF in counter mode with HMAC-SHA256 as PRF, as the SEV
 * API specifies it: the PRF input is i || label || 0x00 || context || L,
 * with the counter i and the output length L (in bits, here 128) both
 * 32-bit little-endian.  A 128-bit output needs one PRF block (i = 1),
 * truncated to 16 bytes.
 *
 * Context: any context.
 * Return: 0 or -EINVAL.
 */
int sevl_kdf(const u8 *key, size_t klen, const char *label,
	     const u8 *ctx, size_t ctxlen, u8 out[16])
{
	static const u8 separator;
	__le32 counter = cpu_to_le32(1);
	__le32 bits = cpu_to_le32(128);
	u8 prf[SHA256_DIGEST_SIZE];
	struct sevl_kvec v[5];
	int ret;

	if (!label || !out)
		return -EINVAL;

	v[0] = (struct sevl_kvec){ &counter, sizeof(counter) };
	v[1] = (struct sevl_kvec){ label, strlen(label) };
	v[2] = (struct sevl_kvec){ &separator, 1 };
	v[3] = (struct sevl_kvec){ ctx, ctxlen };
	v[4] = (struct sevl_kvec){ &bits, sizeof(bits) };

	ret = sevl_hmac_sha256(key, klen, v, ARRAY_SIZE(v), prf);
	if (!ret)
		memcpy(out, prf, 16);
	memzero_explicit(prf, sizeof(prf));
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_kdf);

/* Add one to a 128-bit big-endian counter block, wrapping at 2^128. */
static void sevl_ctr128_inc(u8 ctr[AES_BLOCK_SIZE])
{
	int i;

	for (i = AES_BLOCK_SIZE - 1; i >= 0; i--)
		if (++ctr[i])
			break;
}

/**
 * sevl_aes128_ctr() - AES-128 in counter mode
 * @key: 16-byte AES key
 * @iv: initial counter block; all 16 bytes form one big-endian counter
 * @in: input, plaintext or ciphertext
 * @out: output, may equal @in
 * @len: length in bytes; need not be a multiple of the block size
 *
 * The whole 16-byte block is incremented as a 128-bit big-endian integer
 * after each block, as OpenSSL's EVP_aes_128_ctr() does; encryption and
 * decryption are the same operation.
 *
 * Context: any context.
 * Return: 0 or -EINVAL.
 */
int sevl_aes128_ctr(const u8 key[16], const u8 iv[16], const void *in,
		    void *out, size_t len)
{
	struct crypto_aes_ctx actx;
	u8 ctr[AES_BLOCK_SIZE];
	u8 ks[AES_BLOCK_SIZE];
	const u8 *src = in;
	u8 *dst = out;
	int ret;

	if (!key || !iv || (len && (!in || !out)))
		return -EINVAL;

	ret = aes_expandkey(&actx, key, AES_KEYSIZE_128);
	if (ret)
		goto out;

	memcpy(ctr, iv, sizeof(ctr));
	while (len) {
		size_t n = min_t(size_t, len, AES_BLOCK_SIZE);
		size_t i;

		aes_encrypt(&actx, ks, ctr);
		for (i = 0; i < n; i++)
			dst[i] = src[i] ^ ks[i];
		sevl_ctr128_inc(ctr);
		src += n;
		dst += n;
		len -= n;
	}

out:
	memzero_explicit(&actx, sizeof(actx));
	memzero_explicit(ctr, sizeof(ctr));
	memzero_explicit(ks, sizeof(ks));
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_aes128_ctr);

/**
 * sevl_sha384() - SHA-384 digest of a buffer
 * @data: input
 * @len: input length, at most UINT_MAX
 * @out: the 48-byte digest
 *
 * Context: process context; allocates a "sha384" transform.
 * Return: 0 or a negative errno from the crypto API.
 */
int sevl_sha384(const void *data, size_t len, u8 out[SHA384_DIGEST_SIZE])
{
	struct crypto_shash *tfm;
	int ret;

	if ((len && !data) || !out || len > UINT_MAX)
		return -EINVAL;

	tfm = crypto_alloc_shash("sha384", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = crypto_shash_tfm_digest(tfm, data, len, out);
	crypto_free_shash(tfm);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_sha384);

/*
 * Stand-in memory encryption cipher.
 *
 * The memory controller of a real SEV machine encrypts guest memory with
 * AES-128 under the guest's VM encryption key (VEK), with a tweak derived
 * from the system physical address so that equal plaintext at different
 * addresses gives different ciphertext.  AMD does not publish that tweak
 * function, so the model uses its own, an XEX construction per 16-byte
 * block:
 *
 *	T = AES-128(VEK, le64(pa) || 0x00 * 7 || SEVL_MEM_TWEAK_DOMAIN)
 *	C = AES-128(VEK, P xor T) xor T
 *
 * where pa is the physical address of that block (the buffer's @pa plus
 * the block's offset).  The domain byte keeps tweak blocks apart from any
 * other AES input under the same key.  Ciphertext produced by the model is
 * therefore meaningful only to the model; nothing outside it needs to
 * reproduce these bytes.
 */
#define SEVL_MEM_TWEAK_DOMAIN	0x4d

/* XOR two 16-byte blocks into @dst, a word at a time where it can. */
static inline void sevl_xor16(u8 *dst, const u8 *a, const u8 *b)
{
	crypto_xor_cpy(dst, a, b, AES_BLOCK_SIZE);
}

/**
 * sevl_mem_cipher_init() - prepare the memory cipher for one key
 * @mc: cipher state, on the caller's stack or in private memory
 * @vek: the guest's 16-byte VM encryption key
 *
 * Expands the key once, so that a command processing many pages does not
 * redo it for each.  Wipe @mc with sevl_mem_cipher_wipe() when done.
 *
 * Context: any context.
 * Return: 0, or -EINVAL for a NULL key.
 */
int sevl_mem_cipher_init(struct sevl_mem_cipher *mc, const u8 vek[16])
{
	if (!mc || !vek)
		return -EINVAL;
	return aes_expandkey(&mc->aes, vek, AES_KEYSIZE_128);
}

SEVL_EXPORT_FOR_KUNIT(sevl_mem_cipher_init);

/**
 * sevl_mem_cipher_wipe() - clear the expanded key
 * @mc: cipher state
 */
void sevl_mem_cipher_wipe(struct sevl_mem_cipher *mc)
{
	memzero_explicit(mc, sizeof(*mc));
}

SEVL_EXPORT_FOR_KUNIT(sevl_mem_cipher_wipe);

/**
 * sevl_mem_cipher_crypt() - apply the stand-in cipher with a prepared key
 * @mc: cipher state from sevl_mem_cipher_init()
 * @pa: system physical address of the first byte, 16-byte aligned
 * @in: input
 * @out: output, may equal @in
 * @len: length, a multiple of 16
 * @enc: encrypt (true) or decrypt
 *
 * Two AES block operations per 16 bytes (the tweak, then the data), as the
 * construction above requires; nothing else but word-sized XORs.
 *
 * Context: any context.
 * Return: 0, or -EINVAL for bad alignment or arguments.
 */
int sevl_mem_cipher_crypt(const struct sevl_mem_cipher *mc, u64 pa,
			  const void *in, void *out, size_t len, bool enc)
{
	u8 tweak[AES_BLOCK_SIZE] __aligned(8);
	u8 blk[AES_BLOCK_SIZE] __aligned(8);
	__le64 word;
	const u8 *src = in;
	u8 *dst = out;
	size_t off;

	if (!mc || (len && (!in || !out)))
		return -EINVAL;
	if (!IS_ALIGNED(pa, AES_BLOCK_SIZE) || !IS_ALIGNED(len, AES_BLOCK_SIZE))
		return -EINVAL;
	if (len && pa + len - 1 < pa)
		return -EINVAL;

	for (off = 0; off < len; off += AES_BLOCK_SIZE) {
		/* le64(pa) || 0x00 * 7 || domain, as two little-endian words. */
		word = cpu_to_le64(pa + off);
		memcpy(blk, &word, sizeof(word));
		word = cpu_to_le64((u64)SEVL_MEM_TWEAK_DOMAIN << 56);
		memcpy(blk + 8, &word, sizeof(word));
		aes_encrypt(&mc->aes, tweak, blk);

		sevl_xor16(blk, src + off, tweak);
		if (enc)
			aes_encrypt(&mc->aes, blk, blk);
		else
			aes_decrypt(&mc->aes, blk, blk);
		sevl_xor16(dst + off, blk, tweak);
	}

	memzero_explicit(tweak, sizeof(tweak));
	memzero_explicit(blk, sizeof(blk));
	return 0;
}

SEVL_EXPORT_FOR_KUNIT(sevl_mem_cipher_crypt);

static int sevl_mem_crypt(const u8 vek[16], u64 pa, const void *in, void *out,
			  size_t len, bool enc)
{
	struct sevl_mem_cipher mc;
	int ret;

	if (!vek)
		return -EINVAL;
	ret = sevl_mem_cipher_init(&mc, vek);
	if (!ret)
		ret = sevl_mem_cipher_crypt(&mc, pa, in, out, len, enc);
	sevl_mem_cipher_wipe(&mc);
	return ret;
}

/**
 * sevl_mem_encrypt() - encrypt guest memory as the memory controller would
 * @vek: the guest's 16-byte VM encryption key
 * @pa: system physical address of the first byte, 16-byte aligned
 * @in: plaintext
 * @out: ciphertext, may equal @in
 * @len: length, a multiple of 16
 *
 * Applies the stand-in cipher described above to each 16-byte block.
 *
 * Context: any context.
 * Return: 0, or -EINVAL for bad alignment or arguments.
 */
int sevl_mem_encrypt(const u8 vek[16], u64 pa, const void *in, void *out,
		     size_t len)
{
	return sevl_mem_crypt(vek, pa, in, out, len, true);
}

SEVL_EXPORT_FOR_KUNIT(sevl_mem_encrypt);

/**
 * sevl_mem_decrypt() - inverse of sevl_mem_encrypt()
 * @vek: the guest's 16-byte VM encryption key
 * @pa: system physical address the data was encrypted for, 16-byte aligned
 * @in: ciphertext
 * @out: plaintext, may equal @in
 * @len: length, a multiple of 16
 *
 * Context: any context.
 * Return: 0, or -EINVAL for bad alignment or arguments.
 */
int sevl_mem_decrypt(const u8 vek[16], u64 pa, const void *in, void *out,
		     size_t len)
{
	return sevl_mem_crypt(vek, pa, in, out, len, false);
}

SEVL_EXPORT_FOR_KUNIT(sevl_mem_decrypt);
