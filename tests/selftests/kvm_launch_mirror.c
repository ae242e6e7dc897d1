// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: mirror VMs (KVM_CAP_VM_COPY_ENC_CONTEXT_FROM) behave as in
 * upstream Linux 6.12's arch/x86/kvm/svm/sev.c.
 *
 * Upstream's mirror copies its owner's ASID, SEV-ES flag, guest handle and
 * /dev/sev fd number when it is created, and then accepts exactly
 * LAUNCH_UPDATE_VMSA (its own vCPUs, measured into the owner's guest),
 * GUEST_STATUS, DBG_DECRYPT and DBG_ENCRYPT, on that handle and fd; every
 * other command is -EINVAL (is_cmd_allowed_from_mirror()), a plain SEV
 * mirror's LAUNCH_UPDATE_VMSA -ENOTTY, and a mirror made before the
 * owner's LAUNCH_START has fd 0, which is not /dev/sev: -EBADF.  The
 * mirror keeps its owner alive: closing either first leaves the guest
 * until both are gone.
 *
 * The expected values below are read from upstream's source, not from
 * sev-launch.  The owner's launch digest is checked against the firmware's
 * own MEASURE with the guest owner's TIK, so a mirror VMSA the launch log
 * missed fails it.  After each case the software firmware's guest table
 * and ASID states and the pinned-page counter must be back where they were.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm_sev_util.h"
#include "swfw_state.h"
#include "tap.h"

#define PLAN		27
#define MEM_SIZE	0x10000
#define POLICY		SEV_POLICY_ES	/* debugging allowed */
#define DBG_LEN		64

/* A mirror as the VMM holds it: its VM fd and one vCPU. */
struct mirror {
	int fd;
	int vcpu;
};

static int mirror_new(struct mirror *m, struct ksu_vm *owner)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_VM_COPY_ENC_CONTEXT_FROM,
	};
	int ret = 0;

	m->vcpu = -1;
	m->fd = ioctl(owner->kvm, KVM_CREATE_VM, KVM_X86_DEFAULT_VM);
	if (m->fd < 0)
		return -errno;
	cap.args[0] = owner->fd;
	if (ioctl(m->fd, KVM_ENABLE_CAP, &cap))
		ret = -errno;
	/* vCPUs only after the copy, as upstream requires. */
	if (!ret) {
		m->vcpu = ioctl(m->fd, KVM_CREATE_VCPU, 0UL);
		if (m->vcpu < 0)
			ret = -errno;
	}
	return ret;
}

static void mirror_close(struct mirror *m)
{
	if (m->vcpu >= 0)
		close(m->vcpu);
	if (m->fd >= 0)
		close(m->fd);
	m->vcpu = -1;
	m->fd = -1;
}

/* A command on the mirror's VM fd (sev_fd is ignored by upstream there). */
static int mop(struct mirror *m, uint32_t id, void *data, uint32_t *e)
{
	return ksu_op(m->fd, -1, id, data, e);
}

static bool leak_free(const struct swfw_state *s0, long pins0, const char *c)
{
	struct swfw_state s;
	long pins = ksu_pinned_pages();

	if (swfw_state(&s) || !swfw_same(s0, &s) || pins != pins0) {
		tap_diag("%s: guests %ld -> %ld, allocated %ld -> %ld, in use %ld -> %ld, pins %ld -> %ld",
			 c, s0->guests, s.guests, s0->asid_alloc, s.asid_alloc,
			 s0->asid_in_use, s.asid_in_use, pins0, pins);
		return false;
	}
	return true;
}

static void owner_new(struct ksu_vm *vm, enum ksu_init init)
{
	int ret = ksu_vm_simple(vm, init, MEM_SIZE);

	if (ret) {
		errno = -ret;
		tap_diag("failed at %s", ksu_fail_step);
		tap_bail("owner VM setup");
	}
}

/* What the mirror must refuse with -EINVAL, as upstream's mirror check. */
static void refused(struct mirror *m, struct ksu_vm *owner)
{
	struct kvm_sev_launch_update_data ud = {
		.uaddr = (uintptr_t)owner->slot[0].hva, .len = 0x1000,
	};
	struct kvm_sev_launch_start st = { .policy = POLICY };
	struct kvm_sev_launch_measure me = {};
	struct kvm_sev_launch_config cfg = {};
	struct kvm_sev_launch_log lg = {};
	struct kvm_sev_caps caps;
	struct kvm_sev_init i2 = {};
	static const struct {
		uint32_t id;
		const char *name;
	} cmds[] = {
		{ KVM_SEV_LAUNCH_START, "LAUNCH_START" },
		{ KVM_SEV_LAUNCH_UPDATE_DATA, "LAUNCH_UPDATE_DATA" },
		{ KVM_SEV_LAUNCH_MEASURE, "LAUNCH_MEASURE" },
		{ KVM_SEV_LAUNCH_FINISH, "LAUNCH_FINISH" },
		{ KVM_SEV_LAUNCH_CONFIG, "LAUNCH_CONFIG" },
		{ KVM_SEV_LAUNCH_GET_LOG, "LAUNCH_GET_LOG" },
		{ KVM_SEV_GET_CAPS, "GET_CAPS" },
		{ KVM_SEV_INIT2, "INIT2" },
	};
	void *data[] = { &st, &ud, &me, NULL, &cfg, &lg, &caps, &i2 };
	char bad[256] = "";
	struct kvm_sev_cmd cmd;
	uint32_t e;
	size_t k;
	int ret;

	for (k = 0; k < ARRAY_SIZE(cmds); k++) {
		ret = mop(m, cmds[k].id, data[k], &e);
		if (ret != -EINVAL)
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
				 " %s:%d", cmds[k].name, ret);
	}
	tap_ok(!bad[0], "mirror: launch commands, INIT2 and sev-launch's own ids give -EINVAL%s",
	       bad);

	memset(&cmd, 0, sizeof(cmd));
	cmd.id = KVM_SEV_LAUNCH_UPDATE_VMSA;
	ret = ioctl(m->vcpu, KVM_MEMORY_ENCRYPT_OP, &cmd) ? -errno : 0;
	tap_ok(ret == -EINVAL, "mirror: vCPU-fd LAUNCH_UPDATE_VMSA gives -EINVAL (%d)",
	       ret);
}

/*
 * The mirror is destroyed first; the owner's launch then completes, and
 * its measurement covers the mirror's VMSA.
 */
static void mirror_first(const struct swfw_state *s0, long pins0)
{
	struct kvm_sev_launch_log_entry *log = NULL;
	struct kvm_sev_guest_status gs, ms;
	uint8_t plain[DBG_LEN], back[DBG_LEN], blob[48], ld[32];
	struct ksu_owner o;
	struct ksu_vm vm;
	struct mirror m;
	uint32_t e, handle = 0, n = 0, flags, k, nvmsa = 0;
	uint8_t *guest;
	int fd, ret;

	fd = open("/dev/sev", O_RDWR | O_CLOEXEC);
	if (fd < 0 || ksu_owner_platform(&o, fd) || ksu_owner_session(&o, POLICY))
		tap_bail("owner: /dev/sev platform and session");
	close(fd);

	owner_new(&vm, KSU_INIT2_ES);
	ksu_snapshot(&vm);
	ret = ksu_start(&vm, POLICY, o.s.godh, o.s.blob, &handle, &e);
	if (!ret)
		ret = ksu_update_data(&vm, vm.slot[0].hva, 0x1000, &e);
	tap_ok(!ret, "owner: LAUNCH_START and one LAUNCH_UPDATE_DATA (%d, error %#x)",
	       ret, e);

	ret = mirror_new(&m, &vm);
	tap_ok(!ret, "mirror of an SEV-ES VM after its LAUNCH_START, with a vCPU (%d)",
	       ret);

	ret = mop(&m, KVM_SEV_GUEST_STATUS, &ms, &e);
	tap_ok(!ret && ms.handle == handle &&
	       ms.state == SEV_LAUNCH_GSTATE_LUPDATE && ms.policy == POLICY,
	       "mirror: GUEST_STATUS on the owner's guest (%d, handle %u/%u, state %u, policy %#x)",
	       ret, ms.handle, handle, ms.state, ms.policy);

	ret = mop(&m, KVM_SEV_LAUNCH_UPDATE_VMSA, NULL, &e);
	tap_ok(!ret && e == 0, "mirror: LAUNCH_UPDATE_VMSA of its vCPU (%d, error %#x)",
	       ret, e);
	ret = ksu_update_vmsa_all(&vm, &e);
	tap_ok(!ret, "owner: LAUNCH_UPDATE_VMSA of its own vCPU after the mirror's (%d, error %#x)",
	       ret, e);

	/* DBG through the mirror, into and out of the owner's memory. */
	guest = vm.slot[0].hva + 0x2000;
	memset(back, 0, sizeof(back));
	ksu_fill(plain, sizeof(plain));
	ret = ksu_op(m.fd, -1, KVM_SEV_DBG_ENCRYPT,
		     &(struct kvm_sev_dbg){ .src_uaddr = (uintptr_t)plain,
					    .dst_uaddr = (uintptr_t)guest,
					    .len = DBG_LEN }, &e);
	if (!ret)
		ret = ksu_op(m.fd, -1, KVM_SEV_DBG_DECRYPT,
			     &(struct kvm_sev_dbg){ .src_uaddr = (uintptr_t)guest,
						    .dst_uaddr = (uintptr_t)back,
						    .len = DBG_LEN }, &e);
	tap_ok(!ret && !memcmp(plain, back, DBG_LEN) &&
	       memcmp(plain, guest, DBG_LEN),
	       "mirror: DBG_ENCRYPT then DBG_DECRYPT round-trip with the owner's key (%d, error %#x)",
	       ret, e);
	memset(back, 0, sizeof(back));
	ret = ksu_dbg(&vm, true, guest, back, DBG_LEN, &e);
	tap_ok(!ret && !memcmp(plain, back, DBG_LEN),
	       "owner: DBG_DECRYPT reads what the mirror encrypted (%d)", ret);

	refused(&m, &vm);

	mirror_close(&m);
	ret = ksu_measure(&vm, blob, NULL, &e);
	if (!ret)
		ret = ksu_get_log(&vm, &log, &n, &flags, ld, &e);
	for (k = 0; !ret && k < n; k++)
		nvmsa += log[k].kind == KVM_SEV_LOG_VMSA;
	tap_ok(!ret && nvmsa == 2 && ksu_owner_verify(&o, POLICY, ld, blob),
	       "owner: after the mirror is gone, MEASURE verifies against the log digest, which holds both VMSAs (%d, %u VMSA entries)",
	       ret, nvmsa);
	free(log);
	ret = ksu_finish(&vm, &e);
	if (!ret)
		ret = ksu_status(&vm, &gs, &e);
	tap_ok(!ret && gs.state == SEV_LAUNCH_GSTATE_RUNNING,
	       "owner: LAUNCH_FINISH, guest RUNNING (%d, state %u)", ret,
	       gs.state);
	ksu_vm_destroy(&vm);
	tap_ok(leak_free(s0, pins0, "mirror first"),
	       "mirror destroyed first: no guest, ASID or pin left");
}

/* The owner's fds are closed first; the mirror keeps the guest alive. */
static void owner_first(const struct swfw_state *s0, long pins0)
{
	struct kvm_sev_guest_status ms;
	struct swfw_state s;
	struct ksu_vm vm;
	struct mirror m;
	uint32_t e, handle = 0;
	int sev_fd, ret;

	owner_new(&vm, KSU_INIT2_ES);
	ret = ksu_start(&vm, POLICY, NULL, NULL, &handle, &e);
	tap_ok(!ret, "owner 2: LAUNCH_START (%d, error %#x)", ret, e);
	ret = mirror_new(&m, &vm);
	tap_ok(!ret, "owner 2: mirror created (%d)", ret);

	/* The snapshot names the fd number: keep /dev/sev open there. */
	sev_fd = vm.sev_fd;
	vm.sev_fd = -1;
	ksu_vm_destroy(&vm);
	ret = swfw_state(&s);
	tap_ok(!ret && s.guests == s0->guests + 1,
	       "owner 2 closed: its guest lives on for the mirror (%ld guests, %ld before)",
	       s.guests, s0->guests);

	ret = mop(&m, KVM_SEV_GUEST_STATUS, &ms, &e);
	tap_ok(!ret && ms.handle == handle &&
	       ms.state == SEV_LAUNCH_GSTATE_LUPDATE,
	       "mirror 2: GUEST_STATUS after the owner was closed (%d, handle %u/%u, state %u)",
	       ret, ms.handle, handle, ms.state);
	ret = mop(&m, KVM_SEV_LAUNCH_UPDATE_VMSA, NULL, &e);
	tap_ok(!ret, "mirror 2: LAUNCH_UPDATE_VMSA after the owner was closed (%d, error %#x)",
	       ret, e);

	/* Upstream resolves the fd number again for every command. */
	close(sev_fd);
	ret = mop(&m, KVM_SEV_GUEST_STATUS, &ms, &e);
	tap_ok(ret == -EBADF, "mirror 2: GUEST_STATUS once the snapshot's fd is closed: -EBADF (%d)",
	       ret);

	mirror_close(&m);
	tap_ok(leak_free(s0, pins0, "owner first"),
	       "owner closed first, then the mirror: no guest, ASID or pin left");
}

/* A plain SEV owner, mirrored before its LAUNCH_START. */
static void before_start(const struct swfw_state *s0, long pins0)
{
	struct kvm_sev_guest_status ms;
	struct ksu_vm vm;
	struct mirror m;
	uint32_t e;
	int ret, devnull;

	/* Upstream's snapshot is fd 0 here: make sure that is not /dev/sev. */
	devnull = open("/dev/null", O_RDONLY);
	if (devnull < 0 || dup2(devnull, 0) < 0)
		tap_bail("fd 0 to /dev/null");
	close(devnull);

	owner_new(&vm, KSU_INIT2_SEV);
	ret = mirror_new(&m, &vm);
	tap_ok(!ret, "mirror of a plain SEV VM before its LAUNCH_START (%d)",
	       ret);
	ret = mop(&m, KVM_SEV_GUEST_STATUS, &ms, &e);
	tap_ok(ret == -EBADF, "mirror 3: GUEST_STATUS with the snapshot fd 0 gives -EBADF (%d)",
	       ret);
	ret = mop(&m, KVM_SEV_LAUNCH_UPDATE_VMSA, NULL, &e);
	tap_ok(ret == -ENOTTY, "mirror 3: LAUNCH_UPDATE_VMSA of a plain SEV mirror gives -ENOTTY (%d)",
	       ret);
	ret = ksu_start(&vm, 0, NULL, NULL, NULL, &e);
	tap_ok(!ret, "owner 3: LAUNCH_START after the mirror was made (%d, error %#x)",
	       ret, e);
	ret = mop(&m, KVM_SEV_GUEST_STATUS, &ms, &e);
	tap_ok(ret == -EBADF, "mirror 3: still the snapshot (fd 0), not the owner's new fd: -EBADF (%d)",
	       ret);
	mirror_close(&m);
	ksu_vm_destroy(&vm);
	tap_ok(leak_free(s0, pins0, "before start"),
	       "mirror 3 and owner 3 gone: no guest, ASID or pin left");
}

/* A mirror of a mirror, or of a VM that is not SEV: -EINVAL upstream. */
static void bad_sources(void)
{
	struct ksu_vm vm, plain;
	struct mirror m, mm;
	int ret;

	owner_new(&vm, KSU_INIT2_ES);
	ret = mirror_new(&m, &vm);
	if (!ret) {
		/* Reuse the helper with the mirror as the source. */
		plain = vm;
		plain.fd = m.fd;
		ret = mirror_new(&mm, &plain);
		tap_ok(ret == -EINVAL, "a mirror of a mirror gives -EINVAL (%d)",
		       ret);
		mirror_close(&mm);
	} else {
		tap_ok(0, "a mirror of a mirror: first mirror failed (%d)", ret);
	}
	mirror_close(&m);
	ksu_vm_destroy(&vm);

	memset(&plain, 0, sizeof(plain));
	plain.kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	plain.fd = ioctl(plain.kvm, KVM_CREATE_VM, KVM_X86_DEFAULT_VM);
	ret = mirror_new(&m, &plain);
	tap_ok(ret == -EINVAL, "a mirror of a VM that is not SEV gives -EINVAL (%d)",
	       ret);
	mirror_close(&m);
	close(plain.fd);
	close(plain.kvm);
}

int main(void)
{
	struct swfw_state s0;
	long pins0;

	tap_plan(PLAN);
	ksu_srand(0x6d6972726f72ULL);
	if (swfw_state(&s0))
		tap_bail("software firmware debugfs");
	pins0 = ksu_pinned_pages();

	mirror_first(&s0, pins0);
	owner_first(&s0, pins0);
	before_start(&s0, pins0);
	bad_sources();
	return tap_exit();
}
