/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest owner's expected launch, built from what a selftest's VMM
 * loaded: shared by the selftests that check a launch measurement with
 * sevctl's library.
 */
#ifndef _KSU_EXPECT_H
#define _KSU_EXPECT_H

#include <stdint.h>

#include "kvm_sev_util.h"

/* One LAUNCH_UPDATE_DATA range of a selftest. */
struct ksu_region {
	uint64_t gpa;
	uint32_t len;
};

void ksu_expect_launch(struct sc_launch *desc, const struct ksu_owner *o,
		       uint32_t policy, struct ksu_vm *vm,
		       const struct ksu_region *regions, int nr_regions,
		       const uint32_t *vcpu_ids, uint8_t vmsa[][4096],
		       int nr_vcpus);

#endif
