// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: the platform-ownership sequence of AMD's sev-tool
 * (github.com/AMDESE/sev-tool, src/sevcore_linux.cpp and commands.cpp),
 * replayed through /dev/sev in both platform states it handles.
 *
 * sev-tool decides from PLATFORM_STATUS alone:
 *  - set_externally_owned: refused unless the owner flag says self-owned;
 *    then PEK_CSR, sign it with the owner's OCA, PEK_CERT_IMPORT (the
 *    kernel INITs an UNINIT platform for each command and shuts it down
 *    again);
 *  - set_self_owned: nothing if the flag says self-owned; else UNINIT ->
 *    FACTORY_RESET, INIT -> PEK_GEN, WORKING -> nothing.
 * So the owner flag must be valid while UNINIT (SEV API, PLATFORM_STATUS:
 * the owner of the platform, a property of its persistent identity), or
 * set_self_owned silently does nothing there and the next
 * set_externally_owned fails with ALREADY_OWNED, as it did on sev-launch
 * before (issue 11).  The INIT state comes from KVM: KVM_SEV_INIT
 * initialises the platform as upstream's kvm_amd does.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "sev_util.h"

/* sev-tool's set_externally_owned with the owner key @oca. */
static uint32_t set_externally_owned(int fd, EVP_PKEY *oca)
{
	struct sev_user_data_pek_cert_import x = {};
	struct sev_user_data_status st;
	struct sev_cert csr, oca_cert;
	uint32_t error = SEV_RET_UNSUPPORTED;

	if (sev_status(fd, &st))
		return error;
	if (st.flags & PSTATUS_OWNER)
		return SEV_RET_ALREADY_OWNED;
	if (sev_pek_csr(fd, &csr, &error))
		return error ?: SEV_RET_UNSUPPORTED;
	if (cert_init(&oca_cert, USAGE_OCA, ALGO_ECDSA_SHA384, oca) ||
	    cert_sign(&oca_cert, 0, USAGE_OCA, ALGO_ECDSA_SHA384, oca) ||
	    cert_sign(&csr, 0, USAGE_OCA, ALGO_ECDSA_SHA384, oca))
		return SEV_RET_UNSUPPORTED;
	x.pek_cert_address = (uintptr_t)&csr;
	x.pek_cert_len = sizeof(csr);
	x.oca_cert_address = (uintptr_t)&oca_cert;
	x.oca_cert_len = sizeof(oca_cert);
	sev_cmd(fd, SEV_PEK_CERT_IMPORT, &x, &error);
	return error;
}

/* sev-tool's set_self_owned; *what says which branch it took. */
static uint32_t set_self_owned(int fd, const char **what)
{
	struct sev_user_data_status st;
	uint32_t error = 0;

	*what = "PLATFORM_STATUS failed";
	if (sev_status(fd, &st))
		return SEV_RET_UNSUPPORTED;
	*what = "nothing (flag says self-owned)";
	if (!(st.flags & PSTATUS_OWNER))
		return 0;
	switch (st.state) {
	case PSTATE_UNINIT:
		*what = "FACTORY_RESET (UNINIT)";
		sev_cmd(fd, SEV_FACTORY_RESET, NULL, &error);
		break;
	case PSTATE_INIT:
		*what = "PEK_GEN (INIT)";
		sev_cmd(fd, SEV_PEK_GEN, NULL, &error);
		break;
	default:
		*what = "nothing (WORKING)";
		break;
	}
	return error;
}

/* State and owner as PLATFORM_STATUS and the firmware's debugfs say. */
static void check(int fd, unsigned int state, int ext, const char *when)
{
	struct sev_user_data_status st;
	int ret, dbg;

	ret = sev_status(fd, &st);
	dbg = swfw_ext_owned();
	tap_ok(ret == 0 && st.state == state &&
	       !!(st.flags & PSTATUS_OWNER) == ext && (dbg < 0 || dbg == ext),
	       "%s: state %u, %s (ret %d, state %u, flags %#x, debugfs %d)",
	       when, state, ext ? "externally owned" : "self-owned", ret,
	       st.state, st.flags, dbg);
}

/* The exported OCA: the owner's (@owner) or self-signed. */
static void check_oca(int fd, EVP_PKEY *owner, const char *when)
{
	struct sev_pdh_export e;
	int ret;

	ret = sev_export(fd, &e);
	if (owner)
		ret = ret ?: cert_verify_key(&e.chain[0], USAGE_OCA, owner);
	else
		ret = ret ?: cert_verify(&e.chain[1], &e.chain[1]);
	tap_ok(ret == 0, "%s: PEK certified by %s (ret %d)", when,
	       owner ? "the owner's OCA" : "a self-signed OCA", ret);
}

int main(void)
{
	const char *what;
	EVP_PKEY *oca;
	uint32_t error;
	int fd, vm, i;

	tap_plan(16);

	fd = sev_open(O_RDWR);
	oca = p384_keygen();
	if (fd < 0 || !oca)
		tap_bail(fd < 0 ? SEV_DEV_PATH : "OpenSSL");

	/* UNINIT and self-owned, whatever ran before. */
	sev_cmd(fd, SEV_FACTORY_RESET, NULL, &error);
	tap_ok(error == 0, "FACTORY_RESET (error %#x)", error);
	check(fd, PSTATE_UNINIT, 0, "UNINIT after reset");

	/* The UNINIT round of sev-tool's test_all. */
	error = set_externally_owned(fd, oca);
	tap_ok(error == 0, "UNINIT: set_externally_owned (error %#x)", error);
	check(fd, PSTATE_UNINIT, 1, "UNINIT after set_externally_owned");
	check_oca(fd, oca, "UNINIT, owned");
	error = set_externally_owned(fd, oca);
	tap_ok(error == SEV_RET_ALREADY_OWNED,
	       "UNINIT: set_externally_owned again: ALREADY_OWNED (error %#x)",
	       error);
	error = set_self_owned(fd, &what);
	tap_ok(error == 0 && !strcmp(what, "FACTORY_RESET (UNINIT)"),
	       "UNINIT: set_self_owned did %s (error %#x)", what, error);
	check(fd, PSTATE_UNINIT, 0, "UNINIT after set_self_owned");
	check_oca(fd, NULL, "UNINIT, self-owned");
	error = set_externally_owned(fd, oca);
	tap_ok(error == 0, "UNINIT: set_externally_owned once more (error %#x)",
	       error);

	/*
	 * The INIT round: KVM initialises the platform.  A kernel without
	 * KVM (the stock Debian guest that loads only our /dev/sev modules)
	 * cannot reach it.
	 */
	if (access("/dev/kvm", F_OK) && errno == ENOENT) {
		for (i = 11; i <= 16; i++)
			tap_ok(1, "INIT round %d: # SKIP no /dev/kvm in this kernel",
			       i);
		goto out;
	}
	vm = sev_kvm_vm(fd, 0, &error);
	tap_ok(vm >= 0 && error == 0, "KVM_SEV_INIT (ret %d error %#x)",
	       vm < 0 ? vm : 0, error);
	check(fd, PSTATE_INIT, 1, "INIT, owner kept across UNINIT and INIT");
	error = set_self_owned(fd, &what);
	tap_ok(error == 0 && !strcmp(what, "PEK_GEN (INIT)"),
	       "INIT: set_self_owned did %s (error %#x)", what, error);
	check(fd, PSTATE_INIT, 0, "INIT after set_self_owned");
	error = set_externally_owned(fd, oca);
	tap_ok(error == 0, "INIT: set_externally_owned (error %#x)", error);
	error = set_self_owned(fd, &what);
	tap_ok(error == 0 && !strcmp(what, "PEK_GEN (INIT)"),
	       "INIT: set_self_owned again did %s (error %#x)", what, error);

	if (vm >= 0)
		close(vm);
out:
	EVP_PKEY_free(oca);
	close(fd);
	return tap_exit();
}
