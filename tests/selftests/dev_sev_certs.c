// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: the platform certificates /dev/sev hands out, verified in
 * userspace with OpenSSL, and taking ownership of the platform.
 *
 *  - PDH_CERT_EXPORT: the SEV certificate layout of the PDH and of the
 *    chain PEK, OCA, CEK; PDH signed by the PEK, PEK by the OCA and the
 *    CEK, OCA self-signed, CEK by the emulator's test ASK, whose key this
 *    test derives itself from the public label (drivers/swfw/cert.c).
 *  - PEK_CSR -> signed by an OCA key generated here (P-384, ECDSA-SHA384)
 *    -> PEK_CERT_IMPORT: the platform is externally owned (PLATFORM_STATUS
 *    owner flag in every state, agreeing with the software firmware's
 *    debugfs),
 *    exports our OCA and a PEK carrying our signature and the CEK's; bad
 *    imports are refused with the firmware's reason and change nothing.
 *  - FACTORY_RESET: self-owned again, new OCA and PEK, same CEK.
 *
 * The ARK and ASK are not part of what PDH_CERT_EXPORT returns (real
 * firmware does not return them either), so the ASK -> ARK link is not
 * checked here.
 */
#include <fcntl.h>
#include <unistd.h>

#include "tap.h"
#include "sev_util.h"

#define CHAIN_CHECKS	11

static EVP_PKEY *ask_key, *ark_key;

static struct sev_cert *pek_of(struct sev_pdh_export *e)
{
	return &e->chain[0];
}

static struct sev_cert *oca_of(struct sev_pdh_export *e)
{
	return &e->chain[1];
}

static struct sev_cert *cek_of(struct sev_pdh_export *e)
{
	return &e->chain[2];
}

static int same_api(const struct sev_cert *c,
		    const struct sev_user_data_status *st)
{
	return c->api_major == st->api_major && c->api_minor == st->api_minor;
}

/*
 * Export and verify the whole chain; exactly CHAIN_CHECKS results.  With
 * @oca non-NULL the platform must be owned by that OCA, otherwise it must
 * be self-owned (OCA self-signed).
 */
static void check_chain(int fd, const char *when,
			const struct sev_user_data_status *st,
			const struct sev_cert *oca, struct sev_pdh_export *e)
{
	struct sev_cert bad;
	int ret;

	ret = sev_export(fd, e);
	tap_ok(ret == 0, "%s: PDH_CERT_EXPORT returns PDH (%u bytes) and chain (%u bytes) (ret %d error %#x)",
	       when, e->pdh_len, e->chain_len, ret, e->error);

	/*
	 * Every certificate the firmware makes carries its API version, as on
	 * real platforms (SEV API, certificate format: API_MAJOR/API_MINOR;
	 * AMD's public Naples and Rome test certificates carry 0.16, 0.22).
	 */
	ret = cert_check(&e->pdh, USAGE_PDH, 1);
	tap_ok(ret == 0 && same_api(&e->pdh, st),
	       "%s: PDH: version 1, API %u.%u, usage PDH, ECDH on P-384, valid point, clean padding (check %d)",
	       when, e->pdh.api_major, e->pdh.api_minor, ret);
	ret = cert_check(pek_of(e), USAGE_PEK, 0);
	tap_ok(ret == 0 && pek_of(e)->api_major == st->api_major &&
	       pek_of(e)->api_minor == st->api_minor,
	       "%s: PEK: ECDSA P-384, API %u.%u as PLATFORM_STATUS (check %d)",
	       when, pek_of(e)->api_major, pek_of(e)->api_minor, ret);
	ret = cert_check(oca_of(e), USAGE_OCA, 0);
	tap_ok(ret == 0 && (oca || same_api(oca_of(e), st)),
	       "%s: OCA: ECDSA P-384, API %u.%u (%s) (check %d)", when,
	       oca_of(e)->api_major, oca_of(e)->api_minor,
	       oca ? "the owner's" : "the firmware's", ret);
	ret = cert_check(cek_of(e), USAGE_CEK, 0);
	tap_ok(ret == 0 && same_api(cek_of(e), st),
	       "%s: CEK: ECDSA P-384, API %u.%u (check %d)", when,
	       cek_of(e)->api_major, cek_of(e)->api_minor, ret);

	tap_ok(cert_verify(&e->pdh, pek_of(e)) == 0,
	       "%s: PDH signed by the PEK", when);
	tap_ok(cert_verify(pek_of(e), oca_of(e)) == 0,
	       "%s: PEK signed by the OCA (slot %d)", when,
	       cert_sig_slot(pek_of(e), USAGE_OCA));
	tap_ok(cert_verify(pek_of(e), cek_of(e)) == 0,
	       "%s: PEK signed by the CEK (slot %d)", when,
	       cert_sig_slot(pek_of(e), USAGE_CEK));
	if (oca)
		tap_ok(!memcmp(oca_of(e), oca, sizeof(*oca)),
		       "%s: OCA is the imported one, byte for byte", when);
	else
		tap_ok(cert_verify(oca_of(e), oca_of(e)) == 0,
		       "%s: OCA self-signed (self-owned platform)", when);
	tap_ok(cert_verify_key(cek_of(e), USAGE_ASK, ask_key) == 0 &&
	       cert_verify_key(cek_of(e), USAGE_ASK, ark_key) != 0,
	       "%s: CEK signed by the emulator ASK (and not by the ARK)",
	       when);

	/* The verifier must reject a certificate altered after signing. */
	bad = e->pdh;
	bad.api_minor ^= 1;
	tap_ok(cert_verify(&bad, pek_of(e)) != 0,
	       "%s: an altered PDH does not verify", when);
}

/*
 * The owner flag of PLATFORM_STATUS.  It describes the platform's
 * persistent identity, so it is valid in every state, UNINIT included (SEV
 * API, PLATFORM_STATUS; sev-tool's set_self_owned reads it in UNINIT), and
 * agrees with the software firmware's own account (debugfs).
 */
static void check_owner(int fd, struct sev_user_data_status *st, int ext,
			const char *when)
{
	int ret, dbg;

	ret = sev_status(fd, st);
	dbg = swfw_ext_owned();
	tap_ok(ret == 0 && !!(st->flags & PSTATUS_OWNER) == ext &&
	       (dbg < 0 || dbg == ext),
	       "PLATFORM_STATUS %s: %s (flags %#x, state %u); software firmware says %s",
	       when, ext ? "externally owned" : "self-owned", st->flags,
	       st->state,
	       dbg < 0 ? "nothing (no sev-swfw debugfs)" :
	       dbg ? "externally owned" : "self-owned");
}

static int import(int fd, const struct sev_cert *pek,
		  const struct sev_cert *oca, uint32_t *error)
{
	struct sev_user_data_pek_cert_import x = {
		.pek_cert_address = (uintptr_t)pek,
		.pek_cert_len = sizeof(*pek),
		.oca_cert_address = (uintptr_t)oca,
		.oca_cert_len = sizeof(*oca),
	};

	return sev_cmd(fd, SEV_PEK_CERT_IMPORT, &x, error);
}

int main(void)
{
	struct sev_pdh_export before, owned, after, tmp;
	struct sev_cert csr, oca_cert, pek, bad;
	struct sev_user_data_status st;
	EVP_PKEY *oca, *other;
	uint32_t error;
	int fd, ret;

	tap_plan(4 * CHAIN_CHECKS + 20);

	fd = sev_open(O_RDWR);
	tap_ok(fd >= 0, "open %s read-write", SEV_DEV_PATH);
	if (fd < 0)
		tap_bail(SEV_DEV_PATH);
	ret = sev_status(fd, &st);
	tap_ok(ret == 0, "PLATFORM_STATUS: API %u.%u, build %u, state %u, flags %#x",
	       st.api_major, st.api_minor, st.build, st.state, st.flags);

	ark_key = p384_from_label(EMU_ARK_LABEL);
	ask_key = p384_from_label(EMU_ASK_LABEL);
	tap_ok(ark_key && ask_key,
	       "emulator ARK and ASK keys derived from their public labels");
	if (!ark_key || !ask_key)
		tap_bail("OpenSSL");
	tap_diag("the chain is PEK, OCA, CEK: the ASK and ARK are not exported, so the CEK is checked against the ASK key itself");

	/* Start from a self-owned platform whatever earlier tests did. */
	ret = sev_cmd(fd, SEV_FACTORY_RESET, NULL, &error);
	tap_ok(ret == 0 && error == 0, "FACTORY_RESET (ret %d error %#x)",
	       ret, error);
	check_chain(fd, "self-owned", &st, NULL, &before);

	/* PEK_CSR: the PEK certificate with both signature slots empty. */
	ret = sev_pek_csr(fd, &csr, &error);
	tap_ok(ret == 0 && error == 0 &&
	       !memcmp(&csr, pek_of(&before), CERT_SIGNED_LEN) &&
	       csr.sig[0].usage == USAGE_NONE && csr.sig[0].algo == ALGO_NONE &&
	       csr.sig[1].usage == USAGE_NONE && csr.sig[1].algo == ALGO_NONE,
	       "PEK_CSR is the platform's PEK, unsigned (ret %d error %#x)",
	       ret, error);

	/* Our OCA: a fresh P-384 key, self-signed with ECDSA-SHA384. */
	oca = p384_keygen();
	other = p384_keygen();
	ret = !oca || !other ||
	      cert_init(&oca_cert, USAGE_OCA, ALGO_ECDSA_SHA384, oca) ||
	      cert_sign(&oca_cert, 0, USAGE_OCA, ALGO_ECDSA_SHA384, oca);
	tap_ok(!ret && cert_check(&oca_cert, USAGE_OCA, 0) == 0 &&
	       cert_verify(&oca_cert, &oca_cert) == 0,
	       "test OCA generated and self-signed (P-384, ECDSA-SHA384)");
	if (ret)
		tap_bail("OpenSSL");

	/* Refused imports: wrong signer, then a PEK that is not ours. */
	pek = csr;
	cert_sign(&pek, 0, USAGE_OCA, ALGO_ECDSA_SHA384, other);
	ret = import(fd, &pek, &oca_cert, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_BAD_SIGNATURE),
	       "PEK_CERT_IMPORT of a PEK not signed by the OCA: BAD_SIGNATURE (ret %d error %#x)",
	       ret, error);
	bad = csr;
	bad.qx[0] ^= 1;
	bad.qx[1] ^= 1;
	cert_sign(&bad, 0, USAGE_OCA, ALGO_ECDSA_SHA384, oca);
	ret = import(fd, &bad, &oca_cert, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_INVALID_CERTIFICATE),
	       "PEK_CERT_IMPORT of another PEK: INVALID_CERTIFICATE (ret %d error %#x)",
	       ret, error);
	ret = sev_export(fd, &tmp);
	tap_ok(ret == 0 && !memcmp(&tmp.pdh, &before.pdh, sizeof(tmp.pdh)) &&
	       !memcmp(tmp.chain, before.chain, sizeof(tmp.chain)),
	       "refused imports changed no certificate");

	/* The real import. */
	pek = csr;
	ret = cert_sign(&pek, 0, USAGE_OCA, ALGO_ECDSA_SHA384, oca);
	tap_ok(ret == 0 && cert_verify(&pek, &oca_cert) == 0,
	       "CSR signed with the test OCA");
	ret = import(fd, &pek, &oca_cert, &error);
	tap_ok(ret == 0 && error == 0, "PEK_CERT_IMPORT (ret %d error %#x)",
	       ret, error);
	check_owner(fd, &st, 1, "after import");

	check_chain(fd, "owned", &st, &oca_cert, &owned);
	tap_ok(!memcmp(pek_of(&owned), &csr, CERT_SIGNED_LEN) &&
	       cert_verify_key(pek_of(&owned), USAGE_OCA, oca) == 0,
	       "PEK kept its key and carries the test OCA's signature");
	tap_ok(!cert_same_key(&owned.pdh, &before.pdh) &&
	       cert_same_key(cek_of(&owned), cek_of(&before)),
	       "import made a new PDH; the CEK is unchanged");
	ret = import(fd, &pek, &oca_cert, &error);
	tap_ok(sev_fw_failed(ret, error, SEV_RET_ALREADY_OWNED),
	       "second PEK_CERT_IMPORT: ALREADY_OWNED (ret %d error %#x)",
	       ret, error);

	/* PDH_GEN keeps the owner; PEK_GEN would make it self-owned. */
	ret = sev_cmd(fd, SEV_PDH_GEN, NULL, &error);
	tap_ok(ret == 0 && error == 0, "PDH_GEN while owned (ret %d error %#x)",
	       ret, error);
	check_chain(fd, "owned, new PDH", &st, &oca_cert, &tmp);
	tap_ok(!cert_same_key(&tmp.pdh, &owned.pdh) &&
	       !memcmp(pek_of(&tmp), pek_of(&owned), sizeof(struct sev_cert)),
	       "PDH_GEN changed the PDH only");

	/* FACTORY_RESET: self-owned again, new OCA and PEK, same CEK. */
	ret = sev_cmd(fd, SEV_FACTORY_RESET, NULL, &error);
	tap_ok(ret == 0 && error == 0, "FACTORY_RESET (ret %d error %#x)",
	       ret, error);
	check_owner(fd, &st, 0, "after reset");
	check_chain(fd, "after reset", &st, NULL, &after);
	tap_ok(cert_same_key(cek_of(&after), cek_of(&before)) &&
	       !cert_same_key(oca_of(&after), &oca_cert) &&
	       !cert_same_key(pek_of(&after), pek_of(&owned)),
	       "after reset: new OCA and PEK, same CEK");

	EVP_PKEY_free(oca);
	EVP_PKEY_free(other);
	EVP_PKEY_free(ark_key);
	EVP_PKEY_free(ask_key);
	close(fd);
	return tap_exit();
}
