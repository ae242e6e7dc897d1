// SPDX-License-Identifier: GPL-2.0
/*
 * libsevctl: the LAUNCH_START session (SEV API "LAUNCH_START",
 * "Key Derivation Function"):
 *
 *	Z      = ECDH(GODH, PDH), x-coordinate, 48 bytes big-endian
 *	KDF(K, label, ctx) = HMAC-SHA256(K, le32(1) || label || 0x00 || ctx ||
 *					  le32(128))[0..16)
 *	MASTER = KDF(Z, "sev-master-secret", NONCE)
 *	KEK    = KDF(MASTER, "sev-kek", "");  KIK = KDF(MASTER, "sev-kik", "")
 *
 * Session blob (128 bytes): NONCE(16) || WRAP_TK(32) || WRAP_IV(16) ||
 * WRAP_MAC(32) || POLICY_MAC(32), where WRAP_TK = AES-128-CTR(KEK,
 * WRAP_IV, TEK || TIK), WRAP_MAC = HMAC-SHA256(KIK, WRAP_TK) and
 * POLICY_MAC = HMAC-SHA256(TIK, le32(POLICY)).
 *
 * The GODH certificate: usage PDH, algorithm ECDH-SHA256, P-384; the
 * firmware does not check its signatures, so its slots stay empty.
 */
#include <string.h>

#include "sevctl.h"

int sc_kdf(const uint8_t *key, size_t klen, const char *label,
	   const uint8_t *ctx, size_t ctxlen, uint8_t out[16])
{
	uint8_t i[4], l[4], sep = 0, prf[32];
	struct sc_iov v[5] = {
		{ i, 4 }, { label, strlen(label) }, { &sep, 1 },
		{ ctx, ctxlen }, { l, 4 },
	};
	int ret;

	sc_put_le32(i, 1);
	sc_put_le32(l, 128);
	ret = sc_hmac_sha256(key, klen, v, ARRAY_SIZE(v), prf);
	if (!ret)
		memcpy(out, prf, 16);
	sc_wipe(prf, sizeof(prf));
	return ret;
}

int sc_session_wrap(struct sc_session *s, const uint8_t *z, size_t zlen)
{
	uint8_t master[16], kek[16], kik[16], keys[32], pol[4];
	uint8_t *b = s->blob;
	struct sc_iov v;
	int ret;

	memcpy(b, s->nonce, 16);
	memcpy(b + 48, s->wrap_iv, 16);
	ret = sc_kdf(z, zlen, "sev-master-secret", s->nonce, 16, master);
	if (!ret)
		ret = sc_kdf(master, 16, "sev-kek", NULL, 0, kek);
	if (!ret)
		ret = sc_kdf(master, 16, "sev-kik", NULL, 0, kik);
	memcpy(keys, s->tek, 16);
	memcpy(keys + 16, s->tik, 16);
	if (!ret)
		ret = sc_aes128_ctr(kek, s->wrap_iv, keys, b + 16, 32);
	v = (struct sc_iov){ b + 16, 32 };
	if (!ret)
		ret = sc_hmac_sha256(kik, 16, &v, 1, b + 64);
	sc_put_le32(pol, s->policy);
	v = (struct sc_iov){ pol, 4 };
	if (!ret)
		ret = sc_hmac_sha256(s->tik, 16, &v, 1, b + 96);
	sc_wipe(master, sizeof(master));
	sc_wipe(kek, sizeof(kek));
	sc_wipe(kik, sizeof(kik));
	sc_wipe(keys, sizeof(keys));
	return ret;
}

int sc_session_build(struct sc_session *s, const uint8_t pdh[SC_CERT_SIZE],
		     const struct sc_key *godh, bool fixed)
{
	struct sc_key *own = NULL, *peer = NULL;
	uint8_t z[48];
	int ret;

	ret = sc_cert_key("PDH", pdh, SC_USAGE_PDH, &peer);
	if (ret)
		return ret;
	if (!godh) {
		ret = sc_key_generate(&own);
		if (ret)
			goto out;
		godh = own;
	}
	if (!fixed) {
		ret = sc_random(s->nonce, 16);
		if (!ret)
			ret = sc_random(s->wrap_iv, 16);
		if (!ret)
			ret = sc_random(s->tek, 16);
		if (!ret)
			ret = sc_random(s->tik, 16);
		if (ret)
			goto out;
	}
	ret = sc_cert_init(s->godh, SC_USAGE_PDH, SC_ALGO_ECDH_SHA256, godh,
			   0, 0);
	if (!ret)
		ret = sc_ecdh(godh, peer, z);
	if (!ret)
		ret = sc_session_wrap(s, z, sizeof(z));
out:
	sc_wipe(z, sizeof(z));
	sc_key_free(own);
	sc_key_free(peer);
	return ret;
}
