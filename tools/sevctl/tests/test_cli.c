// SPDX-License-Identifier: GPL-2.0
/*
 * sevctl tests: the sevctl command line: help, exit codes, files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sevctl_test.h"

/* What vmsa show prints for the CS of an AP reset at 0x80b004. */
#define AP_CS	"0x010 cs              sel 0xf000 attrib 0x009b limit 0x0000ffff base 0x0000000000800000"

void test_cli(void)
{
	static const char * const cmds[] = {
		"verify-chain", "show-cert", "emu-roots", "session",
		"measure", "verify-measurement", "log", "secret",
		"vmsa", "ovmf", "status", "export"
	};
	struct stat st;
	uint8_t tik[16], blob[48], ld[32], *img;
	char cmd[256];
	size_t i;
	int helps = 0, rc;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		helps += run("%s --help", cmds[i]) == 0 && out_has("usage: sevctl");
	ok(helps == (int)ARRAY_SIZE(cmds), "--help on every subcommand (%d/%zu)",
	   helps, ARRAY_SIZE(cmds));
	ok(run("frobnicate") == 1 && run("measure --bogus") == 1,
	   "usage errors exit 1");
	ok(run("status --dev ./no-such-dev") == 2 && out_has("./no-such-dev") &&
	   run("export --dev ./no-such-dev --pdh p --chain c") == 2 &&
	   access(tpath("p"), F_OK),
	   "status/export without the device exit 2, naming it, writing nothing");
	ok(run("verify-chain --pdh nonexistent.cert --chain chain.bin") == 2 &&
	   out_has("nonexistent.cert"), "missing input exits 2 and names the file");
	ok(run("verify-chain --pdh pdh.cert --chain chain.bin") == 0 &&
	   out_has("chain OK"), "verify-chain accepts the emulator-rooted chain");
	rc = run("verify-chain --pdh pdh.cert --chain chain.bin --ark amd_ark.cert --ask amd_ask.cert");
	ok(rc == 3 &&
	   out_has("CEK"), "verify-chain with other roots fails with exit 3, naming the CEK");
	ok(run("emu-roots --ark-out ark.cert --ask-out ask.cert") == 0 &&
	   run("show-cert ask.cert") == 0 && out_has("ECDSA-SHA384") && out_has("ASK"),
	   "emu-roots writes the test ARK/ASK; show-cert prints them");

	/* session: files, modes, and cleanup on failure. */
	ok(run("session --pdh pdh.cert --chain chain.bin --policy 0x5 --name s1") == 0 &&
	   !stat(tpath("s1_tek.bin"), &st) && (st.st_mode & 0777) == 0600 &&
	   !stat(tpath("s1_tik.bin"), &st) && (st.st_mode & 0777) == 0600 &&
	   !stat(tpath("s1_session.b64"), &st) && !stat(tpath("s1_godh.cert"), &st) &&
	   st.st_size == SC_CERT_SIZE, "session writes GODH, session blob, TEK/TIK (0600)");
	mkdir(tpath("s2_godh.cert"), 0700);
	ok(run("session --pdh pdh.cert --policy 0x5 --name s2") == 4 &&
	   stat(tpath("s2_tek.bin"), &st) && errno == ENOENT &&
	   stat(tpath("s2_tik.bin"), &st) && errno == ENOENT,
	   "a failed session deletes the key files it had written");
	ok(run("session --pdh chain.bin --policy 1 --name s3") == 2 &&
	   out_has("chain.bin"), "session refuses a non-certificate, naming it");

	/* vmsa build/show. */
	wtext("ap.vmsa", "# AP of an EPYC-Milan guest\nreset-vector 0x80b004\nvcpu-type EPYC-Milan\nfpu es-init\n");
	ok(run("vmsa build --desc ap.vmsa -o ap.bin") == 0 &&
	   run("vmsa show ap.bin") == 0 && out_has(AP_CS) &&
	   out_has("rip             0xb004") && out_has("rdx             0xa00f11") &&
	   out_has("mxcsr           0\n"), "vmsa build from a description, show field by field");
	ok(run("vmsa build --reset-vector 0xfffffff0 -o bsp.bin") == 1 &&
	   out_has("FPU flavour"), "vmsa build insists on an explicit FPU flavour");
	ok(run("vmsa build --fpu init2 -o bsp.bin") == 0 && run("vmsa show bsp.bin") == 0 &&
	   out_has("mxcsr           0x1f80") && out_has("x87_fcw         0x37f"),
	   "vmsa build --fpu init2");
	wtext("bad.vmsa", "reset-vector 0x80b004\ncolour blue\n");
	ok(run("vmsa build --desc bad.vmsa --fpu init2 -o x.bin") == 2 &&
	   out_has("bad.vmsa:2") && out_has("colour"), "bad description line named by file:line");

	/* measure: launch description, both orders; OVMF mode. */
	{
		uint8_t d[32];

		memset(d, 0xab, 32);
		wfile("blob.bin", d, 32);
	}
	wtext("launch.txt", "api 1.55\nbuild 21\npolicy 0x5\n"
	      "data 0x2000 blob.bin\ndata 0x1000 hex:000102030405060708090a0b0c0d0e0f\n"
	      "vmsa 1 ap.bin\nvmsa 0 desc:ap.vmsa\n");
	memset(tik, 0x77, 16);
	wfile("tik.bin", tik, 16);
	rc = run("measure --launch launch.txt --tik tik.bin --mnonce 000102030405060708090a0b0c0d0e0f");
	ok(rc == 0 &&
	   out_has("launch digest (canonical)") &&
	   out_has("measurement (canonical order): ") &&
	   out_has("measurement (call order): ") && out_has("note: the two orders") &&
	   out_lacks("measurement: "),
	   "measure without --order: both digests, both measurements and a note");
	rc = run("measure --launch launch.txt --tik tik.bin --mnonce 000102030405060708090a0b0c0d0e0f --order canonical");
	ok(rc == 0 &&
	   out_has("measurement: ") && out_lacks("measurement (") && out_lacks("note:"),
	   "measure --order canonical: one measurement");
	ok(run("measure --launch launch.txt --list --order call") == 0 &&
	   out_has("  0 data gpa 0x2000 len 0x20") && out_has("  2 vmsa vcpu 1 len 4096"),
	   "measure --list shows the expected records in call order");
	{
		struct sc_launch l;

		sc_launch_init(&l);
		ok(!sc_launch_parse(tpath("launch.txt"), &l) && l.n == 4 &&
		   l.api_minor == 55 && l.items[3].vcpu == 0 && l.items[1].gpa == 0x1000,
		   "launch description parsed (4 items, relative paths)");
		sc_launch_digest(&l, true, ld);
		hex(blob + 32, "000102030405060708090a0b0c0d0e0f", 16);
		sc_measure(tik, 1, 55, 21, 5, ld, blob + 32, blob);
		wfile("meas.bin", blob, 48);
		rc = run("verify-measurement --tik tik.bin --measurement meas.bin --launch launch.txt");
		ok(rc == 0 &&
		   out_has("measurement OK"), "verify-measurement accepts the canonical measurement");
		rc = run("verify-measurement --tik tik.bin --measurement meas.bin --launch launch.txt --order call");
		ok(rc == 3 &&
		   out_has("matches the canonical order instead"),
		   "wrong order: exit 3 and a hint");
		blob[0] ^= 1;
		wfile("meas_bad.bin", blob, 48);
		blob[0] ^= 1;
		rc = run("verify-measurement --tik tik.bin --measurement meas_bad.bin --launch launch.txt");
		ok(rc == 3 &&
		   out_has("mismatch"), "verify-measurement rejects a one-bit change (exit 3)");
		/* A launch log as the kernel returns it, with record 1 off. */
		{
			struct sc_log_rec *w;
			uint8_t lb[4 * 64] = { 0 };
			size_t n;

			sc_log_expected(&l, true, &w, &n);
			for (i = 0; i < n; i++) {
				sc_put_le32(lb + 64 * i, w[i].kind);
				sc_put_le32(lb + 64 * i + 4, w[i].vcpu);
				sc_put_le64(lb + 64 * i + 8, w[i].gpa);
				sc_put_le64(lb + 64 * i + 16, w[i].len);
				memcpy(lb + 64 * i + 24, w[i].sha256, 32);
			}
			free(w);
			wfile("log.bin", lb, sizeof(lb));
			ok(run("log diff log.bin --launch launch.txt") == 0 &&
			   run("log show log.bin") == 0 && out_has("vmsa vcpu 1"),
			   "log diff/show on a matching log");
			lb[64 + 30] ^= 4;
			wfile("log_bad.bin", lb, sizeof(lb));
			rc = run("verify-measurement --tik tik.bin --measurement meas_bad.bin --launch launch.txt --log log_bad.bin");
			ok(rc == 3 &&
			   out_has("record 1 differs in its contents"),
			   "verify-measurement with a log names the differing record");
		}
		sc_launch_free(&l);
	}

	/* OVMF mode: LD = SHA-256(firmware || hashes table || VMSAs). */
	img = make_ovmf(0x10000, true);
	wfile("OVMF.fd", img, 0x10000);
	wtext("bzImage", "not really a kernel, but hashed whole");
	ok(run("measure --ovmf OVMF.fd --policy 0x1") == 0, "measure --ovmf (SEV, no kernel)");
	ok(run("ovmf OVMF.fd") == 0 && out_has("SEV-ES AP reset:   0x80b004") &&
	   out_has("base 0x80a000 size 0x400") && out_has("base 0x80c000 size 0xc00"),
	   "ovmf prints the footer entries");
	sc_sha256(img, 0x10000, ld);
	{
		char h[65];

		sc_hex_str(h, ld, 32);
		ok(out_has(h), "plain SEV LD is SHA-256 of the firmware image");
	}
	ok(run("measure --ovmf OVMF.fd --policy 0x5 --vcpus 2") == 1 && out_has("--fpu"),
	   "SEV-ES measure insists on the FPU flavour");
	{
		struct sc_vmsa_desc vd;
		uint8_t bsp[SC_VMSA_SIZE], ap[SC_VMSA_SIZE], t[SC_HASHTABLE_SIZE];
		struct sc_sha256 h;
		char hx[65];

		sc_vmsa_desc_default(&vd);
		vd.fpu = SC_FPU_ES_INIT;
		sc_cpu_sig("EPYC-v4", &vd.vcpu_sig);
		sc_vmsa_build(&vd, bsp);
		vd.reset_eip = 0x80b004;
		vd.bsp = false;
		sc_vmsa_build(&vd, ap);
		sc_hashtable_build((const uint8_t *)"not really a kernel, but hashed whole",
				   37, NULL, 0, "console=ttyS0", t);
		sc_sha256_init(&h);
		sc_sha256_update(&h, img, 0x10000);
		sc_sha256_update(&h, t, sizeof(t));
		sc_sha256_update(&h, bsp, sizeof(bsp));
		sc_sha256_update(&h, ap, sizeof(ap));
		sc_sha256_update(&h, ap, sizeof(ap));
		sc_sha256_final(&h, ld);
		sc_sha256_free(&h);
		sc_hex_str(hx, ld, 32);
		snprintf(cmd, sizeof(cmd), "launch digest (call order): %s", hx);
		rc = run("measure --ovmf OVMF.fd --kernel bzImage --append console=ttyS0 --policy 0x5 --vcpus 3 --vcpu-type EPYC-v4 --fpu es-init");
		ok(rc == 0 &&
		   out_has(cmd), "SEV-ES direct boot: call-order LD = firmware || hashes || BSP || 2 x AP");
	}
	free(img);
	/* Debian's OVMF: the measurement notes' verified digest b157d97b... */
	if (!access("/usr/share/OVMF/OVMF_CODE_4M.fd", R_OK) &&
	    !run("measure --ovmf /usr/share/OVMF/OVMF_CODE_4M.fd --policy 1") &&
	    out_has("launch digest (canonical): b157d97b")) {
		ok(1, "Debian OVMF_CODE_4M.fd gives the published SEV digest b157d97b...");
	} else if (access("/usr/share/OVMF/OVMF_CODE_4M.fd", R_OK)) {
		ok(1, "# SKIP Debian OVMF_CODE_4M.fd not installed");
	} else {
		ok(1, "# SKIP Debian OVMF_CODE_4M.fd differs from the build in the notes");
	}
	img = make_ovmf(0x10000, false);
	wfile("OVMF_nohash.fd", img, 0x10000);
	free(img);
	ok(run("measure --ovmf OVMF_nohash.fd --kernel bzImage --policy 1") == 2 &&
	   out_has("OVMF_nohash.fd") && out_has("hashes"),
	   "--kernel with an OVMF lacking the hashes area is refused, naming it");

	/* secret packet through the CLI, opened by the library. */
	{
		uint8_t tek[16], hdr[52], data[SC_SECRET_MAX], plain[SC_SECRET_MAX];
		uint8_t *b;
		size_t len;

		memset(tek, 0x99, 16);
		wfile("tek.bin", tek, 16);
		wtext("luks.txt", "MY-LUKS-PASSPHRASE");
		rc = run("secret --tek tek.bin --tik tik.bin --measurement meas.bin --entry 736869e5-84f0-4973-92ec-06879ce3da0b:luks.txt --guest-len 0x100 --out-header hdr.bin --out-data data.bin");
		ok(rc == 0,
		   "secret packages a GUIDed table for a 256-byte guest area");
		sc_read_file(tpath("hdr.bin"), &b, &len, 1000);
		memcpy(hdr, b, 52);
		free(b);
		ok(len == 52, "header file is 52 bytes");
		sc_read_file(tpath("data.bin"), &b, &len, SC_SECRET_MAX);
		memcpy(data, b, len);
		free(b);
		ok(len == 0x100 && !sc_secret_open(tek, tik, blob, hdr, data, len, plain) &&
		   !memcmp(plain + 40, "MY-LUKS-PASSPHRASE", 18) && sc_le32(plain + 16) == 58 &&
		   plain[58] == 0 && plain[255] == 0,
		   "packet verifies against the measurement and decrypts to the table");
		rc = run("secret --tek tek.bin --tik tik.bin --measurement meas.bin --raw luks.txt --out-header h2 --out-data d2");
		ok(rc == 2 &&
		   stat(tpath("h2"), &st) && stat(tpath("d2"), &st),
		   "an 18-byte raw secret (not a multiple of 16) is refused; nothing written");
	}
}
