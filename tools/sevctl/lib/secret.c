// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: LAUNCH_SECRET packets.
 *
 * Header (52 bytes): FLAGS u32 LE (bit 0 COMPRESSED, refused by the
 * firmware), IV[16], MAC[32].
 *	TRANS = AES-128-CTR(TEK, IV, plaintext padded to GUEST_LEN)
 *	MAC   = HMAC-SHA256(TIK, 0x01 || FLAGS || IV || le32(GUEST_LEN) ||
 *			    le32(TRANS_LEN) || TRANS || MEASURE)
 * GUEST_LEN = TRANS_LEN, non-zero, a multiple of 16, at most 0x5000.
 */
#include <string.h>
#include <openssl/crypto.h>

#include "sevctl.h"

static int sc_secret_mac(const uint8_t tik[16], const uint8_t *hdr,
			 const uint8_t *trans, size_t len,
			 const uint8_t *measure, uint8_t mac[32])
{
	uint8_t ctx = 0x01, l[4];
	struct sc_iov v[7] = {
		{ &ctx, 1 }, { hdr, 4 }, { hdr + 4, 16 }, { l, 4 }, { l, 4 },
		{ trans, len }, { measure, measure ? 32 : 0 },
	};

	sc_put_le32(l, (uint32_t)len);
	return sc_hmac_sha256(tik, 16, v, ARRAY_SIZE(v), mac);
}

int sc_secret_build(const uint8_t tek[16], const uint8_t tik[16],
		    const uint8_t measure[32], bool with_measure,
		    const uint8_t *iv, uint32_t flags, const uint8_t *plain,
		    size_t plen, size_t guest_len,
		    uint8_t hdr[SC_SECRET_HDR_SIZE], uint8_t *trans)
{
	int ret;

	if (!guest_len || guest_len % 16 || guest_len > SC_SECRET_MAX ||
	    plen > guest_len) {
		sc_err(SC_EINPUT, "guest length %zu: must be a non-zero multiple of 16, at most %#x, and hold the %zu-byte secret",
		       guest_len, SC_SECRET_MAX, plen);
		return -SC_EINPUT;
	}
	memset(hdr, 0, SC_SECRET_HDR_SIZE);
	sc_put_le32(hdr, flags);
	if (iv) {
		memcpy(hdr + 4, iv, 16);
	} else {
		ret = sc_random(hdr + 4, 16);
		if (ret)
			return ret;
	}
	memset(trans, 0, guest_len);
	memcpy(trans, plain, plen);
	ret = sc_aes128_ctr(tek, hdr + 4, trans, trans, guest_len);
	if (!ret)
		ret = sc_secret_mac(tik, hdr, trans, guest_len,
				    with_measure ? measure : NULL, hdr + 20);
	return ret;
}

int sc_secret_open(const uint8_t tek[16], const uint8_t tik[16],
		   const uint8_t measure[32],
		   const uint8_t hdr[SC_SECRET_HDR_SIZE], const uint8_t *trans,
		   size_t len, uint8_t *plain)
{
	uint8_t mac[32];
	int ret;

	ret = sc_secret_mac(tik, hdr, trans, len, measure, mac);
	if (ret)
		return ret;
	if (CRYPTO_memcmp(mac, hdr + 20, 32)) {
		sc_err(SC_EVERIFY, "secret packet MAC does not verify");
		return -SC_EVERIFY;
	}
	if (sc_le32(hdr) & 1) {
		sc_err(SC_EINPUT, "secret packet is COMPRESSED (flags %#x)",
		       sc_le32(hdr));
		return -SC_EINPUT;
	}
	return sc_aes128_ctr(tek, hdr + 4, trans, plain, len);
}

int sc_secret_table(const struct sc_secret_entry *e, size_t n, uint8_t *out,
		    size_t max, size_t *len)
{
	size_t i, off = 20, total;

	for (i = 0, total = 20; i < n; i++)
		total += 20 + e[i].len;
	if (total > max || total > UINT32_MAX) {
		sc_err(SC_EINPUT, "secret table of %zu bytes exceeds %zu",
		       total, max);
		return -SC_EINPUT;
	}
	sc_guid_parse("1e74f542-71dd-4d66-963e-ef4287ff173b", out);
	sc_put_le32(out + 16, (uint32_t)total);
	for (i = 0; i < n; i++) {
		memcpy(out + off, e[i].guid, 16);
		sc_put_le32(out + off + 16, (uint32_t)(20 + e[i].len));
		memcpy(out + off + 20, e[i].data, e[i].len);
		off += 20 + e[i].len;
	}
	*len = total;
	return 0;
}
