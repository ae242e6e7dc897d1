// SPDX-License-Identifier: GPL-2.0
/*
 * sev-demo: an attested SEV-ES launch, end to end, twice.
 *
 * Run inside the test guest by "make demo" (scripts/demo.sh).  Two
 * parties take part:
 *
 *   the host (this program acting as a VMM) builds the VM through
 *   /dev/kvm and talks to the (software) SEV firmware through /dev/sev;
 *
 *   the guest owner uses only the owner tool, sevctl, and files: the
 *   platform's certificates, the firmware image it expects, the
 *   measurement the host hands over, the secret it releases.
 *
 * The same guest (a synthetic firmware image with an OVMF-style footer
 * table, 4 vCPUs) is launched twice with different call orders and
 * threads.  With canonical measurements both launches have the same
 * launch digest, which sevctl predicts offline from the image and the
 * vCPU count alone; the owner then releases a secret, and the host reads
 * it back with DBG_DECRYPT.  For contrast, the same two orders in
 * upstream's default mode give two different digests.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "sev_demo.h"

#define IMG_SIZE	0x40000			/* 256 KiB "flash" */
#define IMG_GPA		(0x100000000ULL - IMG_SIZE)
#define RAM_GPA		0x800000ULL
#define RAM_SIZE	0x100000
#define SECRET_GPA	0x80c000u
#define SECRET_SIZE	0xc00u
#define NR_VCPUS	4
#define POLICY		SEV_POLICY_ES		/* debuggable: see the end */

#define GUID_SECRET	"4c2eb361-7d9b-4cc3-8081-127c90d3d294"
#define GUID_TABLE	"1e74f542-71dd-4d66-963e-ef4287ff173b"
#define GUID_DISKKEY	"736869e5-84f0-4973-92ec-06879ce3da0b"
#define SECRET_TEXT	"disk passphrase: correct horse battery staple"

static uint8_t image[IMG_SIZE];
static struct sev_user_data_status platform;
static char api_arg[16], build_arg[8];

/* ---- output ----------------------------------------------------------- */

void say(const char *who, const char *fmt, ...)
{
	va_list ap;

	printf("  %-6s| ", who);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void heading(const char *title)
{
	printf("\n== %s ==\n", title);
	fflush(stdout);
}

void die(const char *what, int ret, uint32_t error)
{
	printf("\nsev-demo: %s failed: %s (error %#x %s)\n", what,
	       strerror(ret < 0 ? -ret : ret), error, ksu_err_name(error));
	exit(1);
}

const char *hex(const uint8_t *p, size_t len)
{
	static char buf[4][129];
	static int n;
	char *b = buf[n++ & 3];

	ksu_hex(b, p, len > 64 ? 64 : len);
	return b;
}

/* Run one sevctl command line as the owner; show it and its output. */
int owner(const char *fmt, ...)
{
	char cmd[2048], line[512];
	va_list ap;
	FILE *f;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	say("owner", "$ %s", cmd);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		say("", "    %s", line);
	}
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void write_file(const char *name, const void *p, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), DIR "/%s", name);
	f = fopen(path, "w");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f))
		die(path, -errno, 0);
}

size_t read_file(const char *name, void *p, size_t max)
{
	char path[256];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), DIR "/%s", name);
	f = fopen(path, "r");
	if (!f)
		die(path, -errno, 0);
	n = fread(p, 1, max, f);
	fclose(f);
	return n;
}

/* ---- the firmware image ------------------------------------------------ */

/*
 * A stand-in for OVMF: 256 KiB mapped just below 4 GiB, ending with an
 * OVMF footer table (SEV-ES reset block: AP reset address; secret area)
 * and a reset vector at 0xfffffff0.
 */
static void build_image(void)
{
	uint8_t *p = image + IMG_SIZE - 32;	/* table ends here */
	static const char banner[] = "SEVL-DEMO-FIRMWARE 1.0 (synthetic)";

	ksu_srand(0x5e71a0c4);		/* the same image every time */
	ksu_fill(image, IMG_SIZE);
	memcpy(image, banner, sizeof(banner));

	/* Footer: u16 total size, footer GUID. */
	p -= 18;
	sc_put_le16(p, 18 + 26 + 22);
	sc_guid_parse(GUID_FOOTER, p + 2);
	/* SEV-ES reset block: u32 AP reset address. */
	p -= 22;
	sc_put_le32(p, AP_RESET);
	sc_put_le16(p + 4, 22);
	sc_guid_parse(GUID_RESET, p + 6);
	/* Secret area: u32 base, u32 size. */
	p -= 26;
	sc_put_le32(p, SECRET_GPA);
	sc_put_le32(p + 4, SECRET_SIZE);
	sc_put_le16(p + 8, 26);
	sc_guid_parse(GUID_SECRET, p + 10);
	/* Reset vector: jmp rel16 to the start of the last 64 KiB, hlt. */
	memset(image + IMG_SIZE - 32, 0, 32);
	memcpy(image + IMG_SIZE - 16, "\xe9\x0d\x00\xf4", 4);
}

/* ---- the host's VMM ----------------------------------------------------- */

/* QEMU's x86 reset state, what a real VMM gives a vCPU before launch. */
int reset_vcpu(int fd, uint32_t eip)
{
	struct kvm_sregs s;
	struct kvm_regs r;
	struct kvm_segment data = {
		.limit = 0xffff, .type = 3, .present = 1, .s = 1,
	};

	if (ioctl(fd, KVM_GET_SREGS, &s))
		return -errno;
	s.cs = (struct kvm_segment){
		.base = eip & 0xffff0000u, .limit = 0xffff, .selector = 0xf000,
		.type = 0xb, .present = 1, .s = 1,
	};
	s.ds = data;
	s.es = data;
	s.fs = data;
	s.gs = data;
	s.ss = data;
	s.ldt = (struct kvm_segment){ .limit = 0xffff, .type = 2,
				      .present = 1 };
	s.tr = (struct kvm_segment){ .limit = 0xffff, .type = 0xb,
				     .present = 1 };
	s.gdt.base = 0;
	s.idt.base = 0;
	s.gdt.limit = 0xffff;
	s.idt.limit = 0xffff;
	s.cr0 = 0x60000010;
	s.cr2 = 0;
	s.cr3 = 0;
	s.cr4 = 0;
	s.efer = 0;
	if (ioctl(fd, KVM_SET_SREGS, &s))
		return -errno;
	memset(&r, 0, sizeof(r));
	r.rip = eip & 0xffff;
	r.rflags = 2;
	r.rdx = VCPU_SIG;
	if (ioctl(fd, KVM_SET_REGS, &r))
		return -errno;
	return 0;
}

struct vmsa_job {
	struct ksu_vm *vm;
	int i;
	int ret;
	uint32_t error;
};

static void *vmsa_thread(void *arg)
{
	struct vmsa_job *j = arg;

	j->ret = ksu_update_vmsa(j->vm, j->i, NULL, NULL, &j->error);
	return NULL;
}

/* LAUNCH_UPDATE_VMSA for vCPU @i from a thread of its own. */
static void vmsa_from_thread(struct ksu_vm *vm, int i)
{
	struct vmsa_job j = { vm, i, 0, 0 };
	pthread_t t;

	if (pthread_create(&t, NULL, vmsa_thread, &j))
		die("pthread_create", -errno, 0);
	pthread_join(t, NULL);
	if (j.ret)
		die("LAUNCH_UPDATE_VMSA", j.ret, j.error);
}

static void make_vm(struct ksu_vm *vm, bool canonical, bool quiet)
{
	static const uint32_t ids[NR_VCPUS] = { 0, 1, 2, 3 };
	uint32_t error;
	int i, ret;

	ret = ksu_vm_create(vm, KSU_INIT2_ES, 0);
	if (ret)
		die("KVM_CREATE_VM(KVM_X86_SEV_ES_VM) + KVM_SEV_INIT2", ret, 0);
	ret = ksu_vm_add_slot(vm, IMG_GPA, IMG_SIZE);
	if (!ret)
		ret = ksu_vm_add_slot(vm, RAM_GPA, RAM_SIZE);
	if (ret)
		die("memslots", ret, 0);
	memcpy(vm->slot[0].hva, image, IMG_SIZE);
	ret = ksu_vcpus_create_threaded(vm, ids, NR_VCPUS);
	for (i = 0; !ret && i < NR_VCPUS; i++)
		ret = reset_vcpu(vm->vcpu_fd[i], i ? AP_RESET : 0xfffffff0u);
	if (ret)
		die("vCPUs", ret, 0);
	if (canonical) {
		ret = ksu_config(vm, KVM_SEV_LAUNCH_F_CANONICAL,
				 KVM_SEV_VMSA_FPU_SYNC, &error);
		if (ret)
			die("KVM_SEV_LAUNCH_CONFIG", ret, error);
	}
	if (quiet)
		return;
	say("host", "SEV-ES VM: KVM_X86_SEV_ES_VM + KVM_SEV_INIT2 (vmsa_features 0)");
	say("host", "memslots: firmware %#llx-%#llx, RAM %#llx-%#llx (memfd)",
	    IMG_GPA, IMG_GPA + IMG_SIZE - 1, RAM_GPA, RAM_GPA + RAM_SIZE - 1);
	say("host", "4 vCPUs created from 4 threads; BSP at 0xfffffff0, APs at the reset block's %#x",
	    AP_RESET);
	if (canonical)
		say("host", "KVM_SEV_LAUNCH_CONFIG: canonical order, VMSA FPU state synced (INIT2 flavour)");
}

/* Issue the launch updates in one of two orders. */
static void issue(struct ksu_vm *vm, char order, bool quiet)
{
	static const int vmsa_a[NR_VCPUS] = { 3, 1, 2, 0 };
	uint32_t error;
	int k, ret;

	if (order == 'A') {
		if (!quiet)
			say("host", "order A: VMSAs of vCPUs 3, 1, 2, 0 (each from its own thread), then the firmware image");
		for (k = 0; k < NR_VCPUS; k++)
			vmsa_from_thread(vm, vmsa_a[k]);
		ret = ksu_update_data(vm, vm->slot[0].hva, IMG_SIZE, &error);
	} else {
		if (!quiet)
			say("host", "order B: the firmware image, then VMSAs of vCPUs 0, 1, 2, 3 from this thread");
		ret = ksu_update_data(vm, vm->slot[0].hva, IMG_SIZE, &error);
		for (k = 0; !ret && k < NR_VCPUS; k++)
			ret = ksu_update_vmsa(vm, k, NULL, NULL, &error);
	}
	if (ret)
		die("launch updates", ret, error);
}

static void print_log(struct ksu_vm *vm)
{
	struct kvm_sev_launch_log_entry *log;
	uint32_t n, flags, k, error;
	uint8_t ld[32];
	int ret;

	ret = ksu_get_log(vm, &log, &n, &flags, ld, &error);
	if (ret)
		die("KVM_SEV_LAUNCH_GET_LOG", ret, error);
	say("host", "launch log (KVM_SEV_LAUNCH_GET_LOG, %s order), what the firmware measured:",
	    flags & KVM_SEV_LAUNCH_F_CANONICAL ? "canonical" : "call");
	say("", "   #  what  where             bytes  SHA-256 of those bytes");
	for (k = 0; k < n; k++) {
		char where[32];

		if (log[k].kind == KVM_SEV_LOG_DATA)
			snprintf(where, sizeof(where), "GPA %#llx",
				 (unsigned long long)log[k].gpa);
		else
			snprintf(where, sizeof(where), "vCPU %u",
				 log[k].vcpu_id);
		say("", "  %2u  %-4s  %-15s %7llu  %.32s...", k,
		    log[k].kind == KVM_SEV_LOG_DATA ? "data" : "VMSA", where,
		    (unsigned long long)log[k].len,
		    hex(log[k].sha256, 32));
	}
	say("host", "launch digest = SHA-256 over those bytes in this order: %s",
	    hex(ld, 32));
	write_file("launch.log", log, n * sizeof(*log));
	free(log);
}

/* Compare each measured VMSA with the page sevctl builds for the owner. */
static void show_vmsas(struct ksu_vm *vm)
{
	static uint8_t got[4096], want[4096];
	struct sc_vmsa_desc d;
	int i, same = 0, off;

	for (i = 0; i < NR_VCPUS; i++) {
		if (ksu_vcpu_vmsa(vm, i, got, NULL))
			continue;
		sc_vmsa_desc_default(&d);
		d.bsp = i == 0;
		d.reset_eip = i ? AP_RESET : 0xfffffff0u;
		d.vcpu_sig = VCPU_SIG;
		sc_vmsa_build(&d, want);
		if (!memcmp(got, want, 4096)) {
			same++;
			continue;
		}
		for (off = 0; off < 4096 && got[off] == want[off]; off++)
			;
		say("host", "vCPU %d: measured VMSA differs from sevctl's reset VMSA first at offset %#x",
		    i, off);
	}
	say("host", "KVM_SEV_VCPU_GET_VMSA: %d of %d measured VMSAs are byte for byte the reset VMSA sevctl builds (rip %#x/%#x, rdx %#x, MXCSR 0x1f80, FCW 0x37f)",
	    same, NR_VCPUS, 0xfff0, AP_RESET & 0xffff, VCPU_SIG);
}

/* One attested launch.  Returns the launch digest and measurement. */
static void attested_launch(char order, uint8_t ld[32], uint8_t measure[32])
{
	struct kvm_sev_launch_log_entry *log;
	struct kvm_sev_guest_status st;
	uint8_t godh[SC_CERT_SIZE], session[SC_SESSION_SIZE], blob[48];
	uint8_t hdr[64], data[SC_SECRET_MAX], out[SC_SECRET_MAX];
	uint32_t error, handle, n, flags, len, probe, total;
	struct ksu_vm vm;
	char guid[37];
	int ret, rc;

	heading(order == 'A' ? "Launch 1 of 2 (call order A)" :
		"Launch 2 of 2 (call order B)");
	rc = owner("sevctl session --pdh " DIR "/pdh.cert --policy %#x --name " DIR "/owner",
		   POLICY);
	if (rc)
		die("sevctl session", EPROTO, rc);
	say("owner", "-> sends owner_godh.cert and owner_session.bin to the host; keeps owner_tek.bin / owner_tik.bin (mode 0600)");
	read_file("owner_godh.cert", godh, sizeof(godh));
	read_file("owner_session.bin", session, sizeof(session));

	make_vm(&vm, true, false);
	ret = ksu_start(&vm, POLICY, godh, session, &handle, &error);
	if (ret)
		die("LAUNCH_START", ret, error);
	say("host", "LAUNCH_START policy %#x with the owner's GODH + session: firmware unwrapped TEK/TIK, guest handle %u",
	    POLICY, handle);
	issue(&vm, order, false);
	say("host", "every update was recorded; nothing is measured yet");

	ret = ksu_measure(&vm, blob, &probe, &error);
	if (ret)
		die("LAUNCH_MEASURE", ret, error);
	say("host", "LAUNCH_MEASURE (len probe said %u): the kernel replayed the records, data by GPA then VMSAs by vCPU id",
	    probe);
	say("fw", "MEASURE = HMAC-SHA256(TIK, 0x04 | API %u.%u | build %u | policy | digest | MNONCE)",
	    platform.api_major, platform.api_minor, platform.build);
	say("fw", "MEASURE %s", hex(blob, 32));
	say("fw", "MNONCE  %s", hex(blob + 32, 16));
	print_log(&vm);
	show_vmsas(&vm);
	write_file("measurement.bin", blob, 48);

	rc = owner("sevctl verify-measurement --tik " DIR
		   "/owner_tik.bin --measurement " DIR
		   "/measurement.bin --ovmf " DIR
		   "/ovmf.fd --vcpus %d --vcpu-type EPYC --fpu init2 --policy %#x --api %s --build %s --log "
		   DIR "/launch.log",
		   NR_VCPUS, POLICY, api_arg, build_arg);
	say("owner", "verdict: %s", rc == 0 ?
	    "TRUSTED - the firmware measured exactly my image and 4 vCPUs at reset" :
	    "NOT TRUSTED - no secret is released");
	if (rc)
		die("owner verification", EPROTO, rc);

	write_file("secret.txt", SECRET_TEXT, strlen(SECRET_TEXT));
	rc = owner("sevctl secret --tek " DIR
		   "/owner_tek.bin --tik " DIR
		   "/owner_tik.bin --measurement " DIR
		   "/measurement.bin --entry " GUID_DISKKEY ":" DIR
		   "/secret.txt --out-header " DIR
		   "/secret_hdr.bin --out-data " DIR
		   "/secret_data.bin");
	if (rc)
		die("sevctl secret", EPROTO, rc);
	read_file("secret_hdr.bin", hdr, 52);
	len = read_file("secret_data.bin", data, sizeof(data));
	say("owner", "-> sends the 52-byte header (IV, MAC bound to MEASURE) and %u bytes of ciphertext",
	    len);

	ret = ksu_secret(&vm, hdr, ksu_gpa_hva(&vm, SECRET_GPA), data, len,
			 &error);
	if (ret)
		die("LAUNCH_SECRET", ret, error);
	say("host", "LAUNCH_SECRET into the secret area at GPA %#x: firmware checked the MAC, decrypted with TEK, re-encrypted for the guest",
	    SECRET_GPA);
	ret = ksu_finish(&vm, &error);
	if (!ret)
		ret = ksu_status(&vm, &st, &error);
	if (ret || st.state != SEV_LAUNCH_GSTATE_RUNNING)
		die("LAUNCH_FINISH / GUEST_STATUS", ret ? ret : -EPROTO, error);
	say("host", "LAUNCH_FINISH; GUEST_STATUS: state %u (RUNNING), policy %#x",
	    st.state, st.policy);

	memset(out, 0, sizeof(out));
	ret = ksu_dbg(&vm, true, ksu_gpa_hva(&vm, SECRET_GPA), out, len,
		      &error);
	if (ret)
		die("DBG_DECRYPT", ret, error);
	say("host", "guest memory at %#x as the host sees it: %s...", SECRET_GPA,
	    hex(ksu_gpa_hva(&vm, SECRET_GPA), 16));
	say("host", "DBG_DECRYPT (the guest's view):            %s...",
	    hex(out, 16));
	sc_guid_str(guid, out + 20);
	total = sc_le32(out + 16);
	if (total >= 40 && total <= len)
		say("host", "secret table: entry %s, %u bytes: \"%.*s\"", guid,
		    sc_le32(out + 36) - 20, (int)(sc_le32(out + 36) - 20),
		    (const char *)out + 40);
	if (memcmp(out + 40, SECRET_TEXT, strlen(SECRET_TEXT)))
		die("secret read back", EPROTO, 0);

	if (ksu_get_log(&vm, &log, &n, &flags, ld, &error))
		die("GET_LOG", EPROTO, error);
	free(log);
	memcpy(measure, blob, 32);
	ksu_vm_destroy(&vm);
}

/* The same two orders without canonical mode: upstream's behaviour. */
static void show_contrast(uint8_t da[32], uint8_t db[32])
{
	struct kvm_sev_launch_log_entry *log;
	uint8_t blob[48], *ld[2] = { da, db };
	uint32_t error, n, flags;
	struct ksu_vm vm;
	int k, ret;

	heading("For contrast: the same two orders in default (upstream) mode");
	for (k = 0; k < 2; k++) {
		make_vm(&vm, false, true);
		ret = ksu_start(&vm, POLICY, NULL, NULL, NULL, &error);
		if (ret)
			die("LAUNCH_START", ret, error);
		issue(&vm, k ? 'B' : 'A', true);
		ret = ksu_measure(&vm, blob, NULL, &error);
		if (!ret)
			ret = ksu_get_log(&vm, &log, &n, &flags, ld[k], &error);
		if (ret)
			die("default-mode launch", ret, error);
		free(log);
		ksu_vm_destroy(&vm);
		say("host", "order %c, no LAUNCH_CONFIG: launch digest %s", 'A' + k,
		    hex(ld[k], 32));
	}
	say("", "-> %s: each command went to the firmware as issued, so the digest",
	    memcmp(da, db, 32) ? "different" : "equal (unexpected)");
	say("", "   depends on the VMM's call order and thread timing, which an owner cannot predict.");
	say("", "   (Order B happens to be the canonical order - image, then vCPUs by id - so its");
	say("", "   default-mode digest is the one sevctl predicted; order A's is not.)");
}

int main(void)
{
	struct sev_user_data_pdh_cert_export x;
	struct sev_issue_cmd cmd;
	static uint8_t pdh[SC_CERT_SIZE], chain[3 * SC_CERT_SIZE];
	uint8_t ld[2][32], m[2][32], da[32], db[32];
	int fd, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("sev-launch demo: an attested SEV-ES launch, done twice in different orders\n");
	printf("(QEMU guest, real /dev/kvm, software SEV firmware behind /dev/sev)\n");
	mkdir(DIR, 0700);

	heading("The guest");
	build_image();
	write_file("ovmf.fd", image, IMG_SIZE);
	say("owner", "firmware image " DIR "/ovmf.fd: %u KiB at GPA %#llx, OVMF footer table with",
	    IMG_SIZE >> 10, IMG_GPA);
	say("", "  SEV-ES reset block (AP reset address %#x) and secret area (%#x, %#x bytes)",
	    AP_RESET, SECRET_GPA, SECRET_SIZE);
	say("owner", "4 vCPUs of type EPYC (CPUID signature %#x), policy %#x (SEV-ES; debugging left on so this demo can show the secret - a real owner sets NODBG 0x1)",
	    VCPU_SIG, POLICY);

	heading("The platform");
	fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("open /dev/sev", -errno, 0);
	cmd = (struct sev_issue_cmd){ .cmd = SEV_PLATFORM_STATUS,
				      .data = (uintptr_t)&platform };
	if (ioctl(fd, SEV_ISSUE_CMD, &cmd))
		die("PLATFORM_STATUS", -errno, cmd.error);
	say("host", "/dev/sev PLATFORM_STATUS: API %u.%u, build %u, state %u, %u guests",
	    platform.api_major, platform.api_minor, platform.build,
	    platform.state, platform.guest_count);
	snprintf(api_arg, sizeof(api_arg), "%u.%u", platform.api_major,
		 platform.api_minor);
	snprintf(build_arg, sizeof(build_arg), "%u", platform.build);
	x = (struct sev_user_data_pdh_cert_export){
		.pdh_cert_address = (uintptr_t)pdh,
		.pdh_cert_len = sizeof(pdh),
		.cert_chain_address = (uintptr_t)chain,
		.cert_chain_len = sizeof(chain),
	};
	cmd = (struct sev_issue_cmd){ .cmd = SEV_PDH_CERT_EXPORT,
				      .data = (uintptr_t)&x };
	if (ioctl(fd, SEV_ISSUE_CMD, &cmd))
		die("PDH_CERT_EXPORT", -errno, cmd.error);
	close(fd);
	write_file("pdh.cert", pdh, sizeof(pdh));
	write_file("chain.cert", chain, sizeof(chain));
	say("host", "PDH_CERT_EXPORT -> " DIR "/pdh.cert, chain.cert (PEK, OCA, CEK); sent to the owner");
	rc = owner("sevctl verify-chain --pdh " DIR "/pdh.cert --chain " DIR "/chain.cert");
	if (rc)
		die("sevctl verify-chain", EPROTO, rc);
	say("owner", "the PDH belongs to a genuine platform (here: the software firmware's test ARK/ASK)");

	heading("What the owner expects, computed offline");
	rc = owner("sevctl measure --ovmf " DIR "/ovmf.fd --vcpus %d --vcpu-type EPYC --fpu init2 --policy %#x --api %s --build %s",
		   NR_VCPUS, POLICY, api_arg, build_arg);
	if (rc)
		die("sevctl measure", EPROTO, rc);
	say("owner", "only the image, the vCPU count/type and the VMSA flavour go in - nothing about the host's VMM");

	attested_launch('A', ld[0], m[0]);
	attested_launch('B', ld[1], m[1]);
	show_contrast(da, db);

	heading("Summary");
	say("", "launch 1 (order A): digest %s", hex(ld[0], 32));
	say("", "launch 2 (order B): digest %s", hex(ld[1], 32));
	say("", "%s", !memcmp(ld[0], ld[1], 32) ?
	    "equal: canonical mode made the measurement a function of the guest alone" :
	    "DIFFERENT: canonical mode failed");
	say("", "MEASURE 1 %s", hex(m[0], 32));
	say("", "MEASURE 2 %s", hex(m[1], 32));
	say("", "(the MEASURE values differ only by the firmware's fresh MNONCE; both verified with TIK)");
	say("", "default mode, same orders: %.16s... vs %.16s... (%s)", hex(da, 32),
	    hex(db, 32), memcmp(da, db, 32) ? "different" : "equal");
	rc = memcmp(ld[0], ld[1], 32) || !memcmp(da, db, 32) ? 1 : 0;
	return snp_act() || rc;
}
