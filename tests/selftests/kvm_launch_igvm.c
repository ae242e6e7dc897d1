// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: launch IGVM files through /dev/kvm.
 *
 * A small VMM-side loader: it builds IGVM files (libigvm's test writer)
 * for SEV-ES with 1, 4 and 64 vCPUs and for plain SEV, with pages at
 * scattered guest addresses given out of order, zero and unmeasured pages,
 * a parameter area with a VP-count parameter and VP contexts in descending
 * VP order; asks the owner tool (/bin/sevctl measure --igvm, a separate
 * static binary) for the launch digest; then reads the file with libigvm,
 * creates the VM and the vCPUs it describes, makes the memory the file
 * requires, issues LAUNCH_UPDATE_DATA for every measured page and, on each
 * vCPU's fd, LAUNCH_UPDATE_VMSA with the file's full VMSA page, all in
 * file order, and measures.  The kernel's launch digest must equal
 * sevctl's canonical digest (in default mode, where the firmware measures
 * in file order, its call-order digest), the firmware's MEASURE must
 * verify against it with the session's TIK, and KVM_SEV_VCPU_GET_VMSA must
 * give back exactly the file's bytes for every vCPU.  A file whose VMSAs
 * disagree on sev_features is refused by sevctl and by the loader, and the
 * kernel refuses such a page with a named reason.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "igvm.h"
#include "igvm_build.h"
#include "kvm_sev_util.h"
#include "tap.h"

#define SEVCTL		"/bin/sevctl"
#define MAX_VCPUS	64
#define POLICY		(SEV_POLICY_NODBG | SEV_POLICY_ES)
#define AREA_GPA	0x9f000

static uint32_t e;

/* Memory the files require: two slots, low RAM and a high window. */
static const struct {
	uint64_t gpa;
	uint32_t size;
} ram[] = {
	{ 0x0, 0x200000 },
	{ 0xffe00000, 0x200000 },
};

/* Scattered, unsorted page addresses (all inside ram[]). */
static const uint64_t page_gpa[] = {
	0x1f0000, 0x3000, 0xfffff000, 0x80000, 0x1000, 0xffe01000, 0x120000,
	0x7000, 0x4000,
};

/*
 * Build the test file for @nvcpus (0: plain SEV, no VP contexts); @bad_vp
 * >= 0 gets sev_features 0x20.
 */
static int build(const char *path, int nvcpus, int bad_vp)
{
	static uint8_t page[4096];
	struct igvmb b;
	uint8_t *file;
	size_t len, i;
	int v, fd, ret = 0;

	igvmb_init(&b, 2);
	igvmb_platform(&b, 0x1, IGVM_PLAT_SEV_SNP);
	igvmb_platform(&b, 0x2, nvcpus ? IGVM_PLAT_SEV_ES : IGVM_PLAT_SEV);
	igvmb_policy(&b, 0x30000, 0x1);
	igvmb_policy(&b, nvcpus ? POLICY : SEV_POLICY_NODBG, 0x2);
	for (i = 0; i < ARRAY_SIZE(ram); i++)
		igvmb_reqmem(&b, ram[i].gpa, 0x3, ram[i].size, 0);
	igvmb_area(&b, 5, 0x1000, NULL);
	igvmb_param(&b, IGVM_VHT_VP_COUNT_PARAMETER, 5, 0x10);
	for (i = 0; i < ARRAY_SIZE(page_gpa); i++) {
		igvmb_fill(page, sizeof(page), nvcpus * 100 + i);
		igvmb_page(&b, page_gpa[i], 0x3, 0, i == 3 ? NULL : page);
	}
	/* SNP-only page: skipped on SEV-ES. */
	igvmb_page(&b, 0x5000, 0x1, 0, page);
	igvmb_page(&b, 0x6000, 0x2, IGVM_PAGE_F_UNMEASURED, page);
	igvmb_insert(&b, AREA_GPA, 0x3, 5);
	for (v = nvcpus - 1; v >= 0; v--) {
		igvmb_vmsa(page, v, v ? 0x80b004 : 0xfffffff0,
			   v == bad_vp ? 0x20 : 0);
		igvmb_vp(&b, 0, 0x2, v, page);
	}
	if (igvmb_finish(&b, &file, &len)) {
		igvmb_free(&b);
		return -ENOMEM;
	}
	igvmb_free(&b);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, file, len) != (ssize_t)len)
		ret = -EIO;
	if (fd >= 0)
		close(fd);
	free(file);
	return ret;
}

static void copy_line(char *dst, size_t dlen, const char *src)
{
	size_t l = strcspn(src, "\n");

	if (l >= dlen)
		l = dlen - 1;
	memcpy(dst, src, l);
	dst[l] = 0;
}

/* sevctl's digest for @path in one order; exit status in *@status. */
static int sevctl_digest(const char *path, bool canonical, uint8_t ld[32],
			 int *status, char *msg, size_t msglen)
{
	const char *key = canonical ? "launch digest (canonical): " :
			  "launch digest (call order): ";
	char cmd[512], line[512];
	bool found = false;
	FILE *p;

	snprintf(cmd, sizeof(cmd), SEVCTL " measure --igvm %s 2>&1", path);
	p = popen(cmd, "r");
	if (!p)
		return -errno;
	msg[0] = 0;
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, key, strlen(key)) &&
		    !sc_hex_parse("digest", line + strlen(key), ld, 32))
			found = true;
		else if (strstr(line, "sevctl:"))
			copy_line(msg, msglen, line);
	}
	*status = pclose(p);
	*status = WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
	return found ? 0 : -ENOENT;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	uint8_t *b = NULL;

	return sc_read_file(path, &b, len, 64u << 20) ? NULL : b;
}

struct loader {
	bool canonical;
	struct ksu_vm vm;
	struct igvm_file f;
	struct igvm_launch l;
	int vfd[MAX_VCPUS];
	uint16_t vp[MAX_VCPUS];
	int nv;
	const char *step;
};

static int vcpu_of(struct loader *ld, uint16_t vp)
{
	int i;

	for (i = 0; i < ld->nv; i++)
		if (ld->vp[i] == vp)
			return ld->vfd[i];
	return -1;
}

static int update_vmsa(struct loader *ld, int vfd, const uint8_t *page)
{
	struct kvm_sev_vcpu_update_vmsa u = {
		.vmsa_uaddr = (uintptr_t)page,
		.vmsa_len = SEV_LAUNCH_VMSA_SIZE,
		.flags = KVM_SEV_VMSA_F_PAGE,
	};

	return ksu_op(vfd, ld->vm.sev_fd, KVM_SEV_LAUNCH_UPDATE_VMSA, &u, &e);
}

/* The VM, memory and vCPUs the file describes, canonical mode or not. */
static int create(struct loader *ld)
{
	size_t i;
	int ret;

	ld->step = "KVM_CREATE_VM/KVM_SEV_INIT2";
	ret = ksu_vm_create(&ld->vm, ld->f.plat[ld->f.sel].type ==
			    IGVM_PLAT_SEV_ES ? KSU_INIT2_ES : KSU_INIT2_SEV,
			    ld->l.sev_features);
	if (ret)
		return ret;
	ld->step = "KVM_SEV_LAUNCH_CONFIG";
	if (ld->canonical)
		ret = ksu_config(&ld->vm, KVM_SEV_LAUNCH_F_CANONICAL,
				 KVM_SEV_VMSA_FPU_DEFAULT, &e);
	for (i = 0; !ret && i < ld->f.nr_dir; i++) {
		const struct igvm_dir *d = &ld->f.dir[i];

		if (d->kind == IGVM_D_REQUIRED_MEMORY) {
			ld->step = "memslot for REQUIRED_MEMORY";
			ret = ksu_vm_add_slot(&ld->vm, d->gpa, d->size);
		} else if (d->kind == IGVM_D_VP_CONTEXT) {
			ld->step = "KVM_CREATE_VCPU";
			if (ld->nv == MAX_VCPUS)
				return -E2BIG;
			ld->vfd[ld->nv] = ioctl(ld->vm.fd, KVM_CREATE_VCPU,
						(unsigned long)d->vp);
			if (ld->vfd[ld->nv] < 0)
				return -errno;
			ld->vp[ld->nv++] = d->vp;
		}
	}
	return ret;
}

/* Every directive in file order. */
static int load(struct loader *ld)
{
	uint8_t *area = NULL, *hva;
	uint64_t area_size = 0;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < ld->f.nr_dir; i++) {
		const struct igvm_dir *d = &ld->f.dir[i];

		switch (d->kind) {
		case IGVM_D_PAGE:
			ld->step = "page outside the required memory";
			hva = ksu_gpa_hva(&ld->vm, d->gpa);
			if (!hva || !ksu_gpa_hva(&ld->vm, d->gpa + 4095)) {
				ret = -ERANGE;
				break;
			}
			if (d->data)
				memcpy(hva, d->data, 4096);
			else
				memset(hva, 0, 4096);
			ld->step = "LAUNCH_UPDATE_DATA";
			if (!(d->flags & (IGVM_PAGE_F_UNMEASURED |
					  IGVM_PAGE_F_SHARED)))
				ret = ksu_update_data(&ld->vm, hva, 4096, &e);
			break;
		case IGVM_D_PARAM_AREA:
			free(area);
			area_size = d->size;
			area = calloc(1, area_size);
			if (!area)
				return -ENOMEM;
			if (d->data)
				memcpy(area, d->data, area_size);
			break;
		case IGVM_D_PARAM:
			if (area && d->type == IGVM_VHT_VP_COUNT_PARAMETER &&
			    d->offset + 4 <= area_size)
				sc_put_le32(area + d->offset, ld->nv);
			break;
		case IGVM_D_PARAM_INSERT:
			ld->step = "parameter area outside the required memory";
			hva = ksu_gpa_hva(&ld->vm, d->gpa);
			if (!area || !hva ||
			    !ksu_gpa_hva(&ld->vm, d->gpa + d->size - 1)) {
				ret = -ERANGE;
				break;
			}
			memcpy(hva, area, d->size);	/* unmeasured */
			break;
		case IGVM_D_VP_CONTEXT:
			ld->step = "LAUNCH_UPDATE_VMSA (vCPU fd, full page)";
			ret = update_vmsa(ld, vcpu_of(ld, d->vp), d->data);
			break;
		default:
			break;
		}
	}
	free(area);
	return ret;
}

static void unload(struct loader *ld)
{
	int i;

	for (i = 0; i < ld->nv; i++)
		close(ld->vfd[i]);
	ld->nv = 0;
	ksu_vm_destroy(&ld->vm);
	igvm_launch_free(&ld->l);
	igvm_free(&ld->f);
}

/*
 * One file launched in canonical mode, or in default mode (@canonical
 * false), where the firmware measures in the file's order and sevctl's
 * call-order digest is the one to match.
 */
static void run_case(struct ksu_owner *o, int nvcpus, bool canonical)
{
	uint8_t want[32], got[32], blob[48], page[4096], *file;
	struct kvm_sev_launch_log_entry *ents = NULL;
	char path[64], name[32], msg[300], h1[65], h2[65];
	struct loader ld = { .canonical = canonical };
	uint32_t n, flags, probe;
	int status = -1, i, ret, bad = -1;
	size_t len;

	snprintf(name, sizeof(name), nvcpus ? "SEV-ES, %d vCPUs%s" :
		 "plain SEV%.0d%s", nvcpus, canonical ? "" : ", default mode");
	snprintf(path, sizeof(path), "/tmp/igvm-%d.igvm", nvcpus);
	ret = build(path, nvcpus, -1);
	if (!ret)
		ret = sevctl_digest(path, canonical, want, &status, msg,
				    sizeof(msg));
	tap_ok(!ret && !status, "%s: sevctl measure --igvm predicts a digest (ret %d, exit %d) %s",
	       name, ret, status, msg);
	file = slurp(path, &len);
	ret = file ? 0 : -EIO;
	ld.step = "libigvm";
	if (!ret && (igvm_parse(&ld.f, file, len, -1) ||
		     igvm_launch_build(&ld.f, &ld.l))) {
		tap_diag("libigvm: %s", ld.f.err);
		ret = -EINVAL;
	}
	if (!ret)
		ret = create(&ld);
	if (!ret) {
		ld.step = "owner session / LAUNCH_START";
		ret = ksu_owner_session(o, ld.l.policy);
		if (!ret)
			ret = ksu_start(&ld.vm, ld.l.policy, o->s.godh,
					o->s.blob, NULL, &e);
	}
	if (!ret)
		ret = load(&ld);
	if (!ret) {
		ld.step = "LAUNCH_MEASURE";
		ret = ksu_measure(&ld.vm, blob, &probe, &e);
	}
	if (!ret) {
		ld.step = "LAUNCH_GET_LOG";
		ret = ksu_get_log(&ld.vm, &ents, &n, &flags, got, &e);
	}
	tap_ok(!ret && ld.nv == nvcpus &&
	       ld.l.policy == (nvcpus ? POLICY : SEV_POLICY_NODBG),
	       "%s: loaded through /dev/kvm in %s mode (%s: %d, error %#x %s; %d vCPUs, policy %#x)",
	       name, canonical ? "canonical" : "default", ret ? ld.step : "all steps",
	       ret, ret ? e : 0, ret ? ksu_err_name(e) : "", ld.nv, ld.l.policy);
	ksu_hex(h1, want, 32);
	ksu_hex(h2, got, 32);
	tap_ok(!ret && !memcmp(want, got, 32),
	       "%s: kernel launch digest %s equals sevctl's %s one %s",
	       name, ret ? "-" : h2, canonical ? "canonical" : "call-order",
	       h1);
	tap_ok(!ret && ksu_owner_verify(o, ld.l.policy, want, blob),
	       "%s: the firmware's MEASURE verifies against sevctl's digest with the session TIK",
	       name);
	if (!nvcpus)
		goto out;	/* plain SEV: no VMSA */
	for (i = 0; !ret && i < ld.nv; i++) {
		struct kvm_sev_vcpu_vmsa v = {
			.uaddr = (uintptr_t)page, .len = sizeof(page),
		};
		size_t k;

		ret = ksu_op(ld.vfd[i], ld.vm.sev_fd, KVM_SEV_VCPU_GET_VMSA,
			     &v, &e);
		for (k = 0; !ret && k < ld.f.nr_dir; k++)
			if (ld.f.dir[k].kind == IGVM_D_VP_CONTEXT &&
			    ld.f.dir[k].vp == ld.vp[i] &&
			    memcmp(ld.f.dir[k].data, page, 4096))
				bad = ld.vp[i];
	}
	tap_ok(!ret && bad < 0 && ld.nv == nvcpus,
	       "%s: KVM_SEV_VCPU_GET_VMSA returns the file's VMSA byte for byte for every vCPU (ret %d, first differing VP %d)",
	       name, ret, bad);
out:
	free(ents);
	unload(&ld);
	free(file);
}

/* VMSAs that disagree on sev_features: refused, never measured. */
static void run_mismatch(struct ksu_owner *o)
{
	const char *path = "/tmp/igvm-bad.igvm";
	struct loader ld = { 0 };
	uint8_t ld32[32], *file;
	char msg[300];
	int status = -1, ret, vfd;
	size_t len, k;

	ret = build(path, 4, 2);
	if (!ret)
		ret = sevctl_digest(path, true, ld32, &status, msg,
				    sizeof(msg));
	tap_ok(ret == -ENOENT && status == SC_EINPUT &&
	       strstr(msg, "sev_features"),
	       "mismatched sev_features: sevctl refuses, exit %d: %s",
	       status, msg);
	file = slurp(path, &len);
	ret = !file || igvm_parse(&ld.f, file, len, -1) ? -EIO :
	      igvm_launch_build(&ld.f, &ld.l);
	tap_ok(ret == -1 && strstr(ld.f.err, "sev_features"),
	       "mismatched sev_features: the loader refuses: %s", ld.f.err);
	/* Past the reader: the kernel must refuse the page with a reason. */
	ld.l.sev_features = 0;
	ret = create(&ld);
	if (!ret)
		ret = ksu_owner_session(o, POLICY);
	if (!ret)
		ret = ksu_start(&ld.vm, POLICY, o->s.godh, o->s.blob, NULL, &e);
	for (k = 0; !ret && k < ld.f.nr_dir; k++)
		if (ld.f.dir[k].kind == IGVM_D_VP_CONTEXT &&
		    ld.f.dir[k].vp == 2)
			break;
	vfd = ret || k == ld.f.nr_dir ? -1 : vcpu_of(&ld, 2);
	ret = vfd < 0 ? -ENOENT : update_vmsa(&ld, vfd, ld.f.dir[k].data);
	tap_ok(ret == -EINVAL && (e == SEV_LAUNCH_ERR_FEATURES ||
				  e == SEV_LAUNCH_ERR_FEATURES_VM),
	       "mismatched sev_features: the kernel refuses VP 2's page: %d, error %#x %s",
	       ret, e, ksu_err_name(e));
	unload(&ld);
	free(file);
}

int main(void)
{
	static const int cases[] = { 1, 4, 64 };
	const int plan = 4 * 5 + 4 + 3;
	struct ksu_owner o;
	struct ksu_vm vm;
	size_t i;
	int ret;

	tap_plan(plan);
	ret = ksu_vm_create(&vm, KSU_INIT2_ES, 0);
	if (!ret) {
		ret = ksu_owner_platform(&o, vm.sev_fd);
		ksu_vm_destroy(&vm);
	}
	if (ret) {
		tap_diag("no SEV-ES VM or platform (%s): %d", ksu_fail_step,
			 ret);
		for (i = 0; i < (size_t)plan; i++)
			tap_ok(0, "setup");
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&o, cases[i], true);
	run_case(&o, 4, false);
	run_case(&o, 0, true);
	run_mismatch(&o);
	return tap_failed ? 1 : 0;
}
