// SPDX-License-Identifier: GPL-2.0
/*
 * The guest owner's expected launch, built from what a selftest's VMM
 * loaded (see ksu_expect.h).
 */
#include "ksu_expect.h"

/**
 * ksu_expect_launch() - the owner's model of a launch, in call order
 * @desc: initialised here; the caller frees it with sc_launch_free()
 * @o: the owner session: API version and build of the platform
 * @policy: the guest policy given to LAUNCH_START
 * @vm: the VM, whose shadow copy holds the bytes the VMM loaded
 * @regions: the LAUNCH_UPDATE_DATA ranges, @nr_regions of them
 * @nr_regions: how many
 * @vcpu_ids: the vCPU ids in creation order, @nr_vcpus of them
 * @vmsa: the VMSA page of each vCPU, in the order of @vcpu_ids
 * @nr_vcpus: how many
 *
 * The data ranges come first, in the order of @regions, then one VMSA per
 * vCPU in creation order, the order kvm_amd walks them in.
 */
void ksu_expect_launch(struct sc_launch *desc, const struct ksu_owner *o,
		       uint32_t policy, struct ksu_vm *vm,
		       const struct ksu_region *regions, int nr_regions,
		       const uint32_t *vcpu_ids, uint8_t vmsa[][4096],
		       int nr_vcpus)
{
	int i;

	sc_launch_init(desc);
	desc->api_major = o->api_major;
	desc->api_minor = o->api_minor;
	desc->build = o->build;
	desc->policy = policy;
	for (i = 0; i < nr_regions; i++)
		sc_launch_add(desc, SC_ITEM_DATA, regions[i].gpa, 0,
			      ksu_shadow(vm, regions[i].gpa, regions[i].len),
			      regions[i].len, "data");
	for (i = 0; i < nr_vcpus; i++)
		sc_launch_add(desc, SC_ITEM_VMSA, 0, vcpu_ids[i], vmsa[i],
			      4096, "vmsa");
}
