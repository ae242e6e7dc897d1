// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: the launch commands.
 *
 * Guest states: LAUNCH_START creates a guest in LUPDATE; LAUNCH_UPDATE_DATA
 * and LAUNCH_UPDATE_VMSA measure and encrypt memory in LUPDATE;
 * LAUNCH_MEASURE moves to LSECRET; LAUNCH_UPDATE_SECRET injects secrets in
 * LSECRET; LAUNCH_FINISH moves from LSECRET to RUNNING.  As in AMD's
 * firmware, LAUNCH_FINISH requires LSECRET, so LAUNCH_MEASURE cannot be
 * skipped.
 *
 * Formulas (SEV API, see Documentation and the KUnit suite):
 *	LD      = SHA-256 over the plaintext of every LAUNCH_UPDATE_*, in order
 *	MEASURE = HMAC-SHA256(TIK, 0x04 || API_MAJOR || API_MINOR || BUILD ||
 *			      POLICY (le32) || LD || MNONCE)
 *	secret MAC = HMAC-SHA256(TIK, 0x01 || FLAGS || IV || GUEST_LEN (le32) ||
 *			      TRANS_LEN (le32) || ciphertext || MEASURE)
 */
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <crypto/algapi.h>

#include "fw.h"
#include "perf.h"

#define SEVL_CTX_SECRET		0x01
#define SEVL_CTX_MEASURE	0x04
#define SEVL_SECRET_COMPRESSED	BIT(0)

/* LAUNCH_START session buffer (SEVL_SESSION_SIZE bytes). */
struct sevl_fw_session {
	u8 nonce[SEVL_FW_NONCE_LEN];
	u8 wrap_tk[2 * SEVL_FW_KEY_LEN];
	u8 wrap_iv[16];
	u8 wrap_mac[SHA256_DIGEST_SIZE];
	u8 policy_mac[SHA256_DIGEST_SIZE];
} __packed;

/* LAUNCH_UPDATE_SECRET packet header (SEVL_SECRET_HDR_SIZE bytes). */
struct sevl_fw_secret_hdr {
	__le32 flags;
	u8 iv[16];
	u8 mac[SHA256_DIGEST_SIZE];
} __packed;

/* LAUNCH_MEASURE output (SEVL_MEASURE_SIZE bytes). */
struct sevl_fw_measure {
	u8 measure[SHA256_DIGEST_SIZE];
	u8 mnonce[SEVL_FW_NONCE_LEN];
} __packed;

static_assert(sizeof(struct sevl_fw_session) == SEVL_SESSION_SIZE);
static_assert(sizeof(struct sevl_fw_secret_hdr) == SEVL_SECRET_HDR_SIZE);
static_assert(sizeof(struct sevl_fw_measure) == SEVL_MEASURE_SIZE);

static bool sevl_fw_mac_ok(const u8 *key, const struct sevl_kvec *v,
			   unsigned int n, const u8 *mac)
{
	u8 calc[SHA256_DIGEST_SIZE];
	bool ok;

	ok = !sevl_hmac_sha256(key, SEVL_FW_KEY_LEN, v, n, calc) &&
	     !crypto_memneq(calc, mac, sizeof(calc));
	memzero_explicit(calc, sizeof(calc));
	return ok;
}

/*
 * Open the launch channel: Z = ECDH(PDH, GODH), MASTER = KDF(Z, NONCE),
 * KEK/KIK from MASTER, check WRAP_MAC, unwrap TEK || TIK into @g.  As in
 * AMD's firmware, a GODH certificate that is not a valid PDH/ECDH-SHA256
 * P-384 key gives INVALID_CERTIFICATE (its signature is not checked) and a
 * wrong WRAP_MAC gives BAD_MEASUREMENT.
 */
static u16 sevl_fw_open_channel(struct sevl_fw *fw, const struct sevl_cert *godh,
				const struct sevl_fw_session *s,
				struct sevl_fw_guest *g)
{
	u8 z[SEVL_P384_BYTES], master[16], kek[16], kik[16];
	u8 keys[2 * SEVL_FW_KEY_LEN];
	struct sevl_kvec v = { s->wrap_tk, sizeof(s->wrap_tk) };
	struct sevl_p384_key peer;
	u16 ret = SEV_RET_INVALID_CERTIFICATE;

	if (!fw->ident.have_pdh ||
	    sevl_cert_check(godh, SEVL_USAGE_PDH, SEVL_ALGO_ECDH_SHA256) ||
	    sevl_cert_pubkey(godh, &peer))
		goto out;
	if (sevl_p384_ecdh(&fw->ident.pdh, &peer, z))
		goto out;

	ret = SEV_RET_HWSEV_RET_PLATFORM;
	if (sevl_kdf(z, sizeof(z), "sev-master-secret", s->nonce,
		     sizeof(s->nonce), master) ||
	    sevl_kdf(master, sizeof(master), "sev-kek", NULL, 0, kek) ||
	    sevl_kdf(master, sizeof(master), "sev-kik", NULL, 0, kik))
		goto out;

	ret = SEV_RET_BAD_MEASUREMENT;
	if (!sevl_fw_mac_ok(kik, &v, 1, s->wrap_mac))
		goto out;

	ret = SEV_RET_HWSEV_RET_PLATFORM;
	if (sevl_aes128_ctr(kek, s->wrap_iv, s->wrap_tk, keys, sizeof(keys)))
		goto out;
	memcpy(g->tek, keys, SEVL_FW_KEY_LEN);
	memcpy(g->tik, keys + SEVL_FW_KEY_LEN, SEVL_FW_KEY_LEN);
	ret = SEV_RET_SUCCESS;
out:
	sevl_p384_key_wipe(&peer);
	memzero_explicit(z, sizeof(z));
	memzero_explicit(master, sizeof(master));
	memzero_explicit(kek, sizeof(kek));
	memzero_explicit(kik, sizeof(kik));
	memzero_explicit(keys, sizeof(keys));
	return ret;
}

/* Policy API version no newer than the firmware's, reserved bits zero. */
static bool sevl_fw_policy_ok(struct sevl_fw *fw, u32 policy)
{
	u8 major = policy >> SEV_POLICY_API_MAJOR_SHIFT;
	u8 minor = policy >> SEV_POLICY_API_MINOR_SHIFT;

	if (policy & SEVL_POLICY_RSVD_MASK)
		return false;
	return major < fw->p.api_major ||
	       (major == fw->p.api_major && minor <= fw->p.api_minor);
}

static struct sevl_fw_guest *sevl_fw_free_slot(struct sevl_fw *fw)
{
	u32 i;

	for (i = 0; i < fw->p.max_guests; i++)
		if (!fw->guests[i].handle) {
			fw->guests[i].handle = i + 1;
			return &fw->guests[i];
		}
	return NULL;
}

/**
 * sevl_fw_launch_start() - LAUNCH_START: create a guest
 * @fw: firmware
 * @cmd: struct sevl_fw_launch_start; handle is in/out
 *
 * Platform INIT or WORKING.  With a GODH certificate (dh_cert_address
 * non-zero) the session must be 128 bytes and the certificate 2084 bytes
 * (INVALID_LEN); the channel is opened as in sevl_fw_open_channel() and the
 * POLICY_MAC = HMAC(TIK, policy) is checked (BAD_MEASUREMENT, the status
 * AMD's firmware gives for any MAC mismatch).  Without one, TEK and TIK are
 * random.  The policy's API version must not exceed the firmware's and its
 * reserved bits 6-15 must be zero (POLICY_FAILURE).  A non-zero handle asks
 * to share that guest's VEK: INVALID_GUEST if it does not exist,
 * POLICY_FAILURE if the policies differ or forbid key sharing (NOKS).  A
 * policy with ES needs a platform initialised with SEV-ES (UNSUPPORTED).  A
 * full guest table gives RESOURCE_LIMIT.  On success the new handle is
 * written back, the guest is in LUPDATE and the platform WORKING.
 *
 * Return: SEV status.
 */
u16 sevl_fw_launch_start(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_launch_start *c = cmd;
	struct sevl_fw_session *s = (struct sevl_fw_session *)fw->scratch;
	struct sevl_cert *godh = (struct sevl_cert *)(s + 1);
	struct sevl_fw_guest ng, *g;
	__le32 policy = cpu_to_le32(c->policy);
	struct sevl_kvec v = { &policy, sizeof(policy) };
	u16 ret;

	if (fw->state != SEVL_PSTATE_INIT && fw->state != SEVL_PSTATE_WORKING)
		return SEV_RET_INVALID_PLATFORM_STATE;

	memset(&ng, 0, sizeof(ng));
	if (c->dh_cert_address) {
		ret = SEV_RET_INVALID_LEN;
		if (c->session_len != sizeof(*s))
			goto out;
		ret = sevl_fw_read(fw, c->session_address, s, sizeof(*s));
		if (ret)
			goto out;
		ret = SEV_RET_INVALID_LEN;
		if (c->dh_cert_len != sizeof(*godh))
			goto out;
		ret = sevl_fw_read(fw, c->dh_cert_address, godh,
				   sizeof(*godh));
		if (ret)
			goto out;
		ret = sevl_fw_open_channel(fw, godh, s, &ng);
		if (ret)
			goto out;
		ret = SEV_RET_BAD_MEASUREMENT;
		if (!sevl_fw_mac_ok(ng.tik, &v, 1, s->policy_mac))
			goto out;
	} else {
		get_random_bytes(ng.tek, sizeof(ng.tek));
		get_random_bytes(ng.tik, sizeof(ng.tik));
	}

	ret = SEV_RET_POLICY_FAILURE;
	if (!sevl_fw_policy_ok(fw, c->policy))
		goto out;

	if (c->handle) {
		g = sevl_fw_guest_get(fw, c->handle);
		ret = SEV_RET_INVALID_GUEST;
		if (!g)
			goto out;
		ret = SEV_RET_POLICY_FAILURE;
		if (g->policy != c->policy || (g->policy & SEV_POLICY_NOKS))
			goto out;
		memcpy(ng.vek, g->vek, sizeof(ng.vek));
	} else {
		get_random_bytes(ng.vek, sizeof(ng.vek));
	}

	ret = SEV_RET_UNSUPPORTED;
	if ((c->policy & SEV_POLICY_ES) &&
	    !(fw->config_flags & SEVL_INIT_FLAGS_ES))
		goto out;

	ret = SEV_RET_RESOURCE_LIMIT;
	g = sevl_fw_free_slot(fw);
	if (!g)
		goto out;

	ng.handle = g->handle;
	ng.policy = c->policy;
	ng.state = SEV_LAUNCH_GSTATE_LUPDATE;
	sha256_init(&ng.ld_ctx);
	memcpy(g, &ng, sizeof(*g));
	fw->guest_count++;
	fw->state = SEVL_PSTATE_WORKING;
	c->handle = g->handle;
	ret = SEV_RET_SUCCESS;
out:
	memzero_explicit(&ng, sizeof(ng));
	memzero_explicit(fw->scratch, sizeof(*s) + sizeof(*godh));
	return ret;
}

/* Checks shared by the commands that act on a guest in one state. */
static u16 sevl_fw_launch_guest(struct sevl_fw *fw, u32 handle, u8 state,
				struct sevl_fw_guest **gp)
{
	struct sevl_fw_guest *g;
	u16 ret;

	ret = sevl_fw_working_guest(fw, handle, &g);
	if (ret)
		return ret;
	if (g->state != state)
		return SEV_RET_INVALID_GUEST_STATE;
	*gp = g;
	return SEV_RET_SUCCESS;
}

/* What a LAUNCH_UPDATE_* passes to each piece of the range. */
struct sevl_fw_update_ctx {
	struct sevl_fw_guest *g;
	struct sevl_mem_cipher mc;
	u8 *buf;	/* the firmware's scratch memory */
};

/*
 * Take the plaintext into private memory once, measure that copy and write
 * its encryption back: the bytes measured are the bytes encrypted even if
 * the host writes the page meanwhile.  A piece is at most a chunk
 * (SEVL_FW_SCRATCH_LEN); without a process operation it already is the
 * scratch memory.
 */
static int sevl_fw_update_piece(void *arg, u64 pa, u8 *p, size_t n)
{
	struct sevl_fw_update_ctx *u = arg;

	if (n > SEVL_FW_SCRATCH_LEN)
		return -EINVAL;
	if (p != u->buf)
		memcpy(u->buf, p, n);
	sha256_update(&u->g->ld_ctx, u->buf, n);
	return sevl_mem_cipher_crypt(&u->mc, pa, u->buf, p, n, true);
}

static u16 sevl_fw_launch_update(struct sevl_fw *fw, void *cmd, bool vmsa)
{
	struct sevl_fw_launch_update *c = cmd;
	struct sevl_fw_update_ctx u;
	struct sevl_fw_guest *g;
	u64 pa = c->address;
	u16 ret;

	ret = sevl_fw_launch_guest(fw, c->handle, SEV_LAUNCH_GSTATE_LUPDATE,
				   &g);
	if (ret)
		return ret;
	if (vmsa && !(g->policy & SEV_POLICY_ES))
		return SEV_RET_UNSUPPORTED;
	if (sevl_fw_guest_inactive(fw, g))
		return SEV_RET_INACTIVE;
	if (!IS_ALIGNED(pa, 16))
		return SEV_RET_INVALID_ADDRESS;
	if (!IS_ALIGNED(c->len, 16) || !c->len)
		return SEV_RET_INVALID_LEN;
	if (pa + c->len - 1 < pa)
		return SEV_RET_INVALID_ADDRESS;

	/* The key is expanded once per command, not per chunk or page. */
	u.g = g;
	u.buf = fw->scratch;
	if (sevl_mem_cipher_init(&u.mc, g->vek))
		return SEV_RET_HWSEV_RET_PLATFORM;
	ret = sevl_fw_transform_inplace(fw, pa, c->len, sevl_fw_update_piece,
					&u);
	sevl_mem_cipher_wipe(&u.mc);
	memzero_explicit(fw->scratch, SEVL_FW_SCRATCH_LEN);
	return ret;
}

/**
 * sevl_fw_launch_update_data() - LAUNCH_UPDATE_DATA
 * @fw: firmware
 * @cmd: struct sevl_fw_launch_update
 *
 * Platform WORKING; INVALID_GUEST; guest in LUPDATE (INVALID_GUEST_STATE);
 * guest activated (INACTIVE); address 16-byte aligned (INVALID_ADDRESS);
 * length non-zero and 16-byte aligned (INVALID_LEN).  The plaintext at the
 * address is added to the launch digest and replaced by its encryption
 * under the guest's VEK.  An unreadable range fails with INVALID_ADDRESS
 * after the part before it was processed, as on hardware.
 *
 * Return: SEV status.
 */
u16 sevl_fw_launch_update_data(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_launch_update *c = cmd;
	u64 t0 = ktime_get_ns();
	u16 ret;

	ret = sevl_fw_launch_update(fw, cmd, false);
	if (!ret)
		sevl_swfw_perf_account(c->len, ktime_get_ns() - t0);
	return ret;
}

/**
 * sevl_fw_launch_update_vmsa() - LAUNCH_UPDATE_VMSA
 * @fw: firmware
 * @cmd: struct sevl_fw_launch_update
 *
 * As LAUNCH_UPDATE_DATA, for one VMSA page: the length must be exactly
 * 4096 (INVALID_LEN, checked first), and the guest's policy must have the
 * ES bit (UNSUPPORTED, the status AMD's firmware returns).
 *
 * Return: SEV status.
 */
u16 sevl_fw_launch_update_vmsa(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_launch_update *c = cmd;

	if (c->len != SEVL_VMSA_SIZE)
		return SEV_RET_INVALID_LEN;
	return sevl_fw_launch_update(fw, cmd, true);
}

/**
 * sevl_fw_launch_measure() - LAUNCH_MEASURE
 * @fw: firmware
 * @cmd: struct sevl_fw_launch_measure; len is in/out
 *
 * Platform WORKING; INVALID_GUEST; guest in LUPDATE.  A length below 48
 * gives INVALID_LEN with 48 written back (the guest stays in LUPDATE).
 * Finalises the launch digest, draws a fresh MNONCE, writes MEASURE ||
 * MNONCE and moves the guest to LSECRET.  If the output cannot be written
 * the guest stays in LUPDATE with its digest intact.
 *
 * Return: SEV status.
 */
u16 sevl_fw_launch_measure(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_launch_measure *c = cmd;
	u8 hdr[4] = { SEVL_CTX_MEASURE, fw->p.api_major, fw->p.api_minor,
		      fw->p.build };
	struct sevl_fw_measure out;
	struct sha256_state ctx;
	struct sevl_fw_guest *g;
	u8 ld[SHA256_DIGEST_SIZE];
	__le32 policy;
	struct sevl_kvec v[4];
	u16 ret;

	ret = sevl_fw_launch_guest(fw, c->handle, SEV_LAUNCH_GSTATE_LUPDATE,
				   &g);
	if (ret)
		return ret;
	if (c->len < sizeof(out)) {
		c->len = sizeof(out);
		return SEV_RET_INVALID_LEN;
	}

	ctx = g->ld_ctx;
	sha256_final(&ctx, ld);
	get_random_bytes(out.mnonce, sizeof(out.mnonce));
	policy = cpu_to_le32(g->policy);
	v[0] = (struct sevl_kvec){ hdr, sizeof(hdr) };
	v[1] = (struct sevl_kvec){ &policy, sizeof(policy) };
	v[2] = (struct sevl_kvec){ ld, sizeof(ld) };
	v[3] = (struct sevl_kvec){ out.mnonce, sizeof(out.mnonce) };
	ret = SEV_RET_HWSEV_RET_PLATFORM;
	if (sevl_hmac_sha256(g->tik, sizeof(g->tik), v, ARRAY_SIZE(v),
			     out.measure))
		goto wipe;
	ret = sevl_fw_write(fw, c->address, &out, sizeof(out));
	if (ret)
		goto wipe;

	memcpy(g->measure, out.measure, sizeof(g->measure));
	memcpy(g->ld, ld, sizeof(g->ld));
	memzero_explicit(&g->ld_ctx, sizeof(g->ld_ctx));
	g->state = SEV_LAUNCH_GSTATE_LSECRET;
wipe:
	memzero_explicit(&ctx, sizeof(ctx));
	memzero_explicit(ld, sizeof(ld));
	memzero_explicit(&out, sizeof(out));
	return ret;
}

/**
 * sevl_fw_launch_secret() - LAUNCH_UPDATE_SECRET: inject a secret
 * @fw: firmware
 * @cmd: struct sevl_fw_launch_secret
 *
 * Checks, in AMD's firmware's order: platform WORKING; INVALID_GUEST;
 * guest address 16-byte aligned (INVALID_ADDRESS); header length 52, guest
 * length non-zero, 16-byte aligned, at most 0x5000 and equal to the
 * transport length (INVALID_LEN); guest in LSECRET (INVALID_GUEST_STATE);
 * guest activated (INACTIVE).  Then the header MAC is checked
 * (BAD_MEASUREMENT), a COMPRESSED packet is refused (UNSUPPORTED), and the
 * transport data is decrypted with AES-128-CTR(TEK, IV) and written to the
 * guest address encrypted under the VEK.
 *
 * Return: SEV status.
 */
u16 sevl_fw_launch_secret(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_launch_secret *c = cmd;
	struct sevl_fw_secret_hdr hdr;
	struct sevl_fw_guest *g;
	u8 *buf = fw->scratch;
	__le32 glen, tlen;
	u8 ctx = SEVL_CTX_SECRET;
	struct sevl_kvec v[7];
	u16 ret;

	ret = sevl_fw_working_guest(fw, c->handle, &g);
	if (ret)
		return ret;
	if (!IS_ALIGNED(c->guest_address, 16))
		return SEV_RET_INVALID_ADDRESS;
	if (c->hdr_len != sizeof(hdr) || !c->guest_len ||
	    !IS_ALIGNED(c->guest_len, 16) ||
	    c->guest_len > SEVL_FW_SCRATCH_LEN || c->guest_len != c->trans_len)
		return SEV_RET_INVALID_LEN;
	if (g->state != SEV_LAUNCH_GSTATE_LSECRET)
		return SEV_RET_INVALID_GUEST_STATE;
	if (sevl_fw_guest_inactive(fw, g))
		return SEV_RET_INACTIVE;

	ret = sevl_fw_read(fw, c->hdr_address, &hdr, sizeof(hdr));
	if (ret)
		return ret;
	ret = sevl_fw_read(fw, c->trans_address, buf, c->trans_len);
	if (ret)
		goto out;

	glen = cpu_to_le32(c->guest_len);
	tlen = cpu_to_le32(c->trans_len);
	v[0] = (struct sevl_kvec){ &ctx, 1 };
	v[1] = (struct sevl_kvec){ &hdr.flags, sizeof(hdr.flags) };
	v[2] = (struct sevl_kvec){ hdr.iv, sizeof(hdr.iv) };
	v[3] = (struct sevl_kvec){ &glen, sizeof(glen) };
	v[4] = (struct sevl_kvec){ &tlen, sizeof(tlen) };
	v[5] = (struct sevl_kvec){ buf, c->trans_len };
	v[6] = (struct sevl_kvec){ g->measure, sizeof(g->measure) };
	ret = SEV_RET_BAD_MEASUREMENT;
	if (!sevl_fw_mac_ok(g->tik, v, ARRAY_SIZE(v), hdr.mac))
		goto out;
	ret = SEV_RET_UNSUPPORTED;
	if (le32_to_cpu(hdr.flags) & SEVL_SECRET_COMPRESSED)
		goto out;

	ret = SEV_RET_HWSEV_RET_PLATFORM;
	if (sevl_aes128_ctr(g->tek, hdr.iv, buf, buf, c->trans_len))
		goto out;
	ret = SEV_RET_INVALID_ADDRESS;
	if (sevl_mem_encrypt(g->vek, c->guest_address, buf, buf,
			     c->guest_len))
		goto out;
	ret = sevl_fw_write(fw, c->guest_address, buf, c->guest_len);
out:
	memzero_explicit(buf, c->trans_len);
	return ret;
}

/**
 * sevl_fw_launch_finish() - LAUNCH_FINISH
 * @fw: firmware
 * @cmd: struct sevl_fw_handle
 *
 * Platform WORKING; INVALID_GUEST; guest in LSECRET (INVALID_GUEST_STATE).
 * A pending activation takes effect (the ASID becomes in use).  The launch
 * channel is closed: TEK, TIK and the stored measurement are wiped.  The
 * guest is RUNNING.
 *
 * Return: SEV status.
 */
u16 sevl_fw_launch_finish(struct sevl_fw *fw, void *cmd)
{
	struct sevl_fw_handle *c = cmd;
	struct sevl_fw_guest *g;
	u16 ret;

	ret = sevl_fw_launch_guest(fw, c->handle, SEV_LAUNCH_GSTATE_LSECRET,
				   &g);
	if (ret)
		return ret;
	if (g->asid)
		fw->asids[g->asid - 1] = SEVL_ASID_IN_USE;
	memzero_explicit(g->tek, sizeof(g->tek));
	memzero_explicit(g->tik, sizeof(g->tik));
	memzero_explicit(g->measure, sizeof(g->measure));
	g->state = SEV_LAUNCH_GSTATE_RUNNING;
	return SEV_RET_SUCCESS;
}
