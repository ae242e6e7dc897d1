// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: the full guest-owner flow through /dev/sev and /dev/kvm.
 *
 *   owner:  PDH_CERT_EXPORT, verify the chain, build GODH cert + session
 *   VMM:    LAUNCH_START with them, data + VMSAs, LAUNCH_MEASURE
 *   owner:  predict the digest offline from what it asked to be loaded
 *           (data + VMSA pages it built), verify the measurement with TIK,
 *           package a secret bound to that measurement
 *   VMM:    LAUNCH_SECRET, LAUNCH_FINISH, GUEST_STATUS = RUNNING,
 *           DBG_DECRYPT: the secret and the data are in guest memory,
 *           while the raw memory holds only ciphertext.
 *
 * A secret packet bound to another measurement must be refused by the
 * firmware (BAD_MEASUREMENT), which also shows the MAC is really checked.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "ksu_expect.h"
#include "kvm_sev_util.h"
#include "tap.h"

#define POLICY		SEV_POLICY_ES		/* debugging allowed */
#define NR_VCPUS	2
#define MEM_SIZE	0x100000
#define SECRET_GPA	0x9f100			/* not page aligned */
#define SECRET_LEN	0x60

static const struct ksu_region regions[] = {
	{ 0x10000, 0x8000 },
	{ 0x40000, 0x1000 },
	{ 0x41000, 0x2340 },
};

#define NR_REGIONS	((int)ARRAY_SIZE(regions))

static const uint32_t vcpu_ids[NR_VCPUS] = { 1, 0 };

int main(void)
{
	static uint8_t vmsa[NR_VCPUS][4096], got[4096];
	struct kvm_sev_guest_status st;
	struct sc_vmsa_desc d;
	struct sc_launch desc;
	struct ksu_owner o;
	struct ksu_vm vm;
	uint8_t blob[48], ld[32], kld[32], hdr[52], trans[SECRET_LEN];
	uint8_t plain[SECRET_LEN], bad_hdr[52], bad_measure[32];
	uint8_t *buf, *secret_hva;
	const char *secret = "sev-launch owner test: disk key 0123456789abcdef";
	uint32_t error, handle = 0, n, flags, probe;
	struct kvm_sev_launch_log_entry *log = NULL;
	uint64_t seed = (uint64_t)time(NULL) * 2654435761u ^ getpid();
	long pins0 = ksu_pinned_pages();
	bool ok;
	int i, ret;

	tap_plan(16);
	tap_diag("seed %#llx", (unsigned long long)seed);
	ksu_srand(seed);

	ret = ksu_vm_create(&vm, KSU_INIT2_ES, 0);
	if (ret) {
		errno = -ret;
		tap_diag("failed at %s", ksu_fail_step);
		tap_bail("SEV-ES VM");
	}

	/* 1. Owner: the platform's certificates. */
	ret = ksu_owner_platform(&o, vm.sev_fd);
	tap_ok(!ret, "owner: PDH_CERT_EXPORT, PDH <- PEK <- OCA/CEK <- ASK <- ARK verifies (%s)",
	       ret ? sc_errmsg() : "emulator roots");
	if (ret)
		tap_bail("platform");
	ret = ksu_owner_session(&o, POLICY);
	tap_ok(!ret, "owner: ECDH P-384 with the PDH, KEK/KIK by the SEV KDF, TEK/TIK wrapped into the session");

	/* 2. VMM: guest memory and vCPUs. */
	ret = ksu_vm_add_slot(&vm, 0, MEM_SIZE);
	if (!ret) {
		ksu_fill(vm.slot[0].hva, MEM_SIZE);
		ret = ksu_snapshot(&vm);
	}
	if (!ret)
		ret = ksu_vcpus_create(&vm, vcpu_ids, NR_VCPUS);
	if (!ret)
		ret = ksu_config(&vm, KVM_SEV_LAUNCH_F_CANONICAL,
				 KVM_SEV_VMSA_FPU_SYNC, &error);
	if (ret) {
		errno = -ret;
		tap_bail("guest setup");
	}
	secret_hva = ksu_gpa_hva(&vm, SECRET_GPA);

	ret = ksu_start(&vm, POLICY, o.s.godh, o.s.blob, &handle, &error);
	ok = !ret && handle && !ksu_status(&vm, &st, &error) &&
	     st.state == SEV_LAUNCH_GSTATE_LUPDATE && st.policy == POLICY &&
	     st.handle == handle;
	tap_ok(ok, "LAUNCH_START with the owner's DH cert and session: handle %u, GUEST_STATUS LUPDATE, policy %#x (ret %d error %#x %s)",
	       handle, st.policy, ret, error, ksu_err_name(error));
	if (!ok)
		tap_bail("LAUNCH_START");

	/* 3. VMM: data and the VMSA pages the owner described. */
	ret = 0;
	for (i = NR_REGIONS - 1; i >= 0 && !ret; i--)
		ret = ksu_update_data(&vm, ksu_gpa_hva(&vm, regions[i].gpa),
				      regions[i].len, &error);
	for (i = 0; i < NR_VCPUS && !ret; i++) {
		sc_vmsa_desc_default(&d);
		d.bsp = vcpu_ids[i] == 0;
		d.reset_eip = d.bsp ? 0xfffffff0u : 0x80b004u;
		sc_vmsa_build(&d, vmsa[i]);
		ret = ksu_update_vmsa(&vm, i, vmsa[i], NULL, &error);
	}
	tap_ok(!ret, "%d data ranges and %d full-page VMSAs accepted (ret %d error %#x %s)",
	       NR_REGIONS, NR_VCPUS, ret, error, ksu_err_name(error));

	/* 4. Measure. */
	ret = ksu_measure(&vm, blob, &probe, &error);
	tap_ok(!ret && probe == SEV_LAUNCH_MEASURE_SIZE,
	       "LAUNCH_MEASURE: probe says %u bytes, blob = MEASURE || MNONCE (ret %d error %#x %s)",
	       probe, ret, error, ksu_err_name(error));
	if (ret)
		tap_bail("LAUNCH_MEASURE");

	/* 5. Owner: predict offline, verify. */
	ksu_expect_launch(&desc, &o, POLICY, &vm, regions, NR_REGIONS,
			  vcpu_ids, vmsa, NR_VCPUS);
	ret = sc_launch_digest(&desc, true, ld);
	if (!ret)
		ret = sc_measure_verify(o.s.tik, &desc, ld, blob);
	tap_ok(!ret, "owner: measurement verifies with TIK against the digest predicted offline (%s)",
	       ret ? sc_errmsg() : "match");
	ok = !ksu_get_log(&vm, &log, &n, &flags, kld, &error) &&
	     !memcmp(kld, ld, 32);
	tap_ok(ok, "kernel launch log digest equals the owner's prediction (%u entries)",
	       n);
	free(log);

	/* 6. Owner: the secret, bound to this measurement. */
	memcpy(bad_measure, blob, 32);
	bad_measure[0] ^= 0x80;
	ret = sc_secret_build(o.s.tek, o.s.tik, bad_measure, true, NULL, 0,
			      (const uint8_t *)secret, strlen(secret) + 1,
			      SECRET_LEN, bad_hdr, trans);
	if (!ret)
		ret = ksu_secret(&vm, bad_hdr, secret_hva, trans, SECRET_LEN,
				 &error);
	tap_ok(ret == -EIO && error == SEV_RET_BAD_MEASUREMENT,
	       "LAUNCH_SECRET bound to another measurement refused: ret %d error %#x %s",
	       ret, error, ksu_err_name(error));
	ret = sc_secret_build(o.s.tek, o.s.tik, blob, true, NULL, 0,
			      (const uint8_t *)secret, strlen(secret) + 1,
			      SECRET_LEN, hdr, trans);
	if (!ret)
		ret = ksu_secret(&vm, hdr, secret_hva, trans, SECRET_LEN,
				 &error);
	tap_ok(!ret, "LAUNCH_SECRET: %d-byte packet (AES-CTR with TEK, MAC with TIK) accepted at GPA %#x (error %#x %s)",
	       SECRET_LEN, SECRET_GPA, error, ksu_err_name(error));

	/* 7. Finish. */
	ret = ksu_finish(&vm, &error);
	ok = !ret && !ksu_status(&vm, &st, &error) &&
	     st.state == SEV_LAUNCH_GSTATE_RUNNING;
	tap_ok(ok, "LAUNCH_FINISH; GUEST_STATUS = RUNNING (state %u)", st.state);

	/* 8. Read back. */
	memset(plain, 0, sizeof(plain));
	memcpy(plain, secret, strlen(secret) + 1);
	ret = ksu_dbg(&vm, true, secret_hva, got, SECRET_LEN, &error);
	tap_ok(!ret && !memcmp(got, plain, SECRET_LEN),
	       "DBG_DECRYPT at the secret's GPA shows the secret: \"%.*s\"",
	       ret ? 0 : (int)strnlen((char *)got, SECRET_LEN), got);
	tap_ok(memcmp(secret_hva, plain, SECRET_LEN) != 0,
	       "raw guest memory at the secret holds ciphertext");
	ok = true;
	for (i = 0; i < NR_REGIONS && ok; i++) {
		const uint8_t *hva = ksu_gpa_hva(&vm, regions[i].gpa);
		uint32_t off, len;

		for (off = 0; off < regions[i].len && ok; off += len) {
			len = regions[i].len - off < 4096 ?
			      regions[i].len - off : 4096;
			ret = ksu_dbg(&vm, true, hva + off, got, len, &error);
			ok = !ret && !memcmp(got, ksu_shadow(&vm,
					regions[i].gpa + off, len), len) &&
			     memcmp(hva + off, got, len);
		}
	}
	tap_ok(ok, "DBG_DECRYPT of every measured range gives the plaintext loaded (raw memory differs)");

	/* Unaligned DBG_ENCRYPT / DBG_DECRYPT round trip next to the data. */
	buf = malloc(4096);
	ok = !!buf;
	if (ok) {
		uint8_t pattern[77];

		ksu_fill(pattern, sizeof(pattern));
		ret = ksu_dbg(&vm, false, pattern, ksu_gpa_hva(&vm, 0x50003),
			      sizeof(pattern), &error);
		if (!ret)
			ret = ksu_dbg(&vm, true, ksu_gpa_hva(&vm, 0x50003),
				      buf + 5, sizeof(pattern), &error);
		ok = !ret && !memcmp(buf + 5, pattern, sizeof(pattern));
		free(buf);
	}
	tap_ok(ok, "DBG_ENCRYPT then DBG_DECRYPT of 77 bytes at an unaligned GPA round-trips (ret %d error %#x)",
	       ret, error);
	/* LAUNCH_SECRET wrote exactly guest_len bytes. */
	ok = !memcmp(secret_hva - 0x100, ksu_shadow(&vm, SECRET_GPA - 0x100,
						    0x100), 0x100) &&
	     !memcmp(secret_hva + SECRET_LEN,
		     ksu_shadow(&vm, SECRET_GPA + SECRET_LEN, 0x100), 0x100);
	tap_ok(ok, "memory around the secret untouched: LAUNCH_SECRET wrote exactly %d bytes",
	       SECRET_LEN);

	sc_launch_free(&desc);
	ksu_vm_destroy(&vm);
	tap_ok(pins0 >= 0 && ksu_pinned_pages() == pins0,
	       "pinned pages back to %ld after the VM is gone", pins0);
	return tap_exit();
}
