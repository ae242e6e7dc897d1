// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest: host-wide canonical mode, the administrator's switch
 * /sys/module/sev_launch_kvm/parameters/canonical.
 *
 * A VMM that knows nothing of sev-launch (QEMU 7.2: KVM_SEV_ES_INIT,
 * LAUNCH_UPDATE_DATA in its own order, one VM-wide LAUNCH_UPDATE_VMSA)
 * launches an SEV-ES VM whose vCPUs were created in an order other than
 * their ids, with data ranges issued from high to low addresses:
 *  - VM created while the switch is 1 (and switched back to 0 before its
 *    LAUNCH_START: the mode is fixed when the VM is created): the launch
 *    log says canonical, and the measurement verifies against the guest
 *    owner's canonical prediction (libsevctl: data by GPA, then VMSAs by
 *    vCPU id) and not against the call-order one; KVM_SEV_LAUNCH_CONFIG
 *    cannot take the VM out of canonical mode;
 *  - VM created while the switch is 0: default mode, upstream's order, the
 *    call-order prediction verifies and the canonical one does not.
 * The owner's predictions use the bytes the VMM loaded and the VMSA pages
 * (distinct registers per vCPU) as KVM_SEV_VCPU_GET_VMSA shows them; the
 * order and the digest are computed by libsevctl alone, and the firmware's
 * MEASURE, not the kernel's log, is what they are checked against.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ksu_expect.h"
#include "kvm_sev_util.h"
#include "tap.h"

#define PARAM		"/sys/module/sev_launch_kvm/parameters/canonical"
#define POLICY		SEV_POLICY_ES
#define NR_VCPUS	3
#define MEM_SIZE	0x100000

static const uint32_t vcpu_ids[NR_VCPUS] = { 2, 0, 1 };	/* creation order */

/* Issued in this order: high addresses first. */
static const struct ksu_region regions[] = {
	{ 0x40000, 0x3000 },
	{ 0x10000, 0x2000 },
};

#define NR_REGIONS	((int)ARRAY_SIZE(regions))

static int set_param(char v)
{
	int fd = open(PARAM, O_WRONLY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, &v, 1) != 1)
		ret = -errno;
	close(fd);
	return ret;
}

/*
 * One launch, QEMU 7.2 style, on a VM created with the switch at @create;
 * the switch is flipped before LAUNCH_START.  @canonical: which mode the
 * VM must be in.
 */
static void launch(struct ksu_owner *o, char create, bool canonical)
{
	static uint8_t vmsa[NR_VCPUS][4096];
	const char *mode = canonical ? "canonical" : "default";
	uint8_t blob[48], ld_call[32], ld_canon[32], kld[32];
	struct kvm_sev_launch_log_entry *log = NULL;
	uint32_t error = 0, handle = 0, n = 0, flags = 0, probe;
	struct sc_launch desc;
	struct ksu_vm vm;
	bool call_ok, canon_ok;
	int i, ret;

	ret = set_param(create);
	if (!ret)
		ret = ksu_vm_create(&vm, KSU_LEGACY_ES, 0);
	if (!ret)
		ret = set_param(create == '1' ? '0' : '1');
	if (!ret)
		ret = ksu_vm_add_slot(&vm, 0, MEM_SIZE);
	if (!ret) {
		ksu_fill(vm.slot[0].hva, MEM_SIZE);
		ret = ksu_snapshot(&vm);
	}
	if (!ret)
		ret = ksu_vcpus_create(&vm, vcpu_ids, NR_VCPUS);
	for (i = 0; i < NR_VCPUS && !ret; i++)
		ret = ksu_vcpu_set_regs(&vm, i);
	set_param('0');
	tap_ok(!ret, "%s: switch %c at KVM_SEV_ES_INIT, flipped before LAUNCH_START; vCPUs %u, %u, %u created (ret %d)",
	       mode, create, vcpu_ids[0], vcpu_ids[1], vcpu_ids[2], ret);
	if (ret)
		tap_bail("VM setup");

	if (canonical) {
		ret = ksu_config(&vm, 0, KVM_SEV_VMSA_FPU_DEFAULT, &error);
		tap_ok(ret == -EINVAL && error == SEV_LAUNCH_ERR_CONFIG,
		       "canonical: LAUNCH_CONFIG without the canonical flag refused (ret %d error %#x %s)",
		       ret, error, ksu_err_name(error));
	} else {
		tap_ok(1, "default: no LAUNCH_CONFIG, as QEMU");
	}

	ret = ksu_start(&vm, POLICY, o->s.godh, o->s.blob, &handle, &error);
	for (i = 0; i < NR_REGIONS && !ret; i++)
		ret = ksu_update_data(&vm, ksu_gpa_hva(&vm, regions[i].gpa),
				      regions[i].len, &error);
	if (!ret)
		ret = ksu_update_vmsa_all(&vm, &error);
	if (!ret)
		ret = ksu_measure(&vm, blob, &probe, &error);
	/* The VMSA pages the firmware measured, for the owner's model. */
	for (i = 0; i < NR_VCPUS && !ret; i++)
		ret = ksu_vcpu_vmsa(&vm, i, vmsa[i], &error);
	tap_ok(!ret, "%s: LAUNCH_START, %d UPDATE_DATA high to low, VM-wide UPDATE_VMSA, MEASURE, GET_VMSA (ret %d error %#x %s)",
	       mode, NR_REGIONS, ret, error, ksu_err_name(error));

	ret = ksu_get_log(&vm, &log, &n, &flags, kld, &error);
	tap_ok(!ret && !!(flags & KVM_SEV_LAUNCH_F_CANONICAL) == canonical,
	       "%s: KVM_SEV_LAUNCH_GET_LOG says %s (flags %#x, ret %d)", mode,
	       canonical ? "canonical" : "not canonical", flags, ret);
	free(log);

	/* The owner's two predictions, from what the VMM loaded. */
	ksu_expect_launch(&desc, o, POLICY, &vm, regions, NR_REGIONS,
			  vcpu_ids, vmsa, NR_VCPUS);
	ret = sc_launch_digest(&desc, false, ld_call) ||
	      sc_launch_digest(&desc, true, ld_canon);
	call_ok = !ret && !sc_measure_verify(o->s.tik, &desc, ld_call, blob);
	canon_ok = !ret && !sc_measure_verify(o->s.tik, &desc, ld_canon, blob);
	tap_ok(memcmp(ld_call, ld_canon, 32) != 0,
	       "%s: the owner's call-order and canonical digests differ", mode);
	tap_ok(canonical ? canon_ok && !call_ok : call_ok && !canon_ok,
	       "%s: MEASURE verifies against the owner's %s prediction only (call order %s, canonical %s)",
	       mode, canonical ? "canonical" : "call-order",
	       call_ok ? "verifies" : "does not", canon_ok ? "verifies" : "does not");
	sc_launch_free(&desc);
	ksu_vm_destroy(&vm);
}

int main(void)
{
	struct ksu_owner o;
	struct ksu_vm vm;
	int ret;

	tap_plan(1 + 2 * 6);

	ret = ksu_vm_simple(&vm, KSU_LEGACY_ES, 0x1000);
	if (!ret)
		ret = ksu_owner_platform(&o, vm.sev_fd);
	if (!ret)
		ret = ksu_owner_session(&o, POLICY);
	tap_ok(!ret, "owner: platform chain verified, session for policy %#x (ret %d %s)",
	       POLICY, ret, ret ? sc_errmsg() : "");
	if (ret)
		tap_bail("owner");
	ksu_vm_destroy(&vm);

	launch(&o, '1', true);
	launch(&o, '0', false);
	set_param('0');
	return tap_exit();
}
