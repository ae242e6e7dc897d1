/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Initcall level of sev-launch's components.
 *
 * kvm_amd asks for the SEV platform once, at its own initialisation.  As
 * modules, symbol dependencies and load order take care of that.  Built
 * in, kvm_amd runs at device_initcall and arch/ links before drivers/, so
 * the software firmware, the PSP driver and the launch core register one
 * level earlier, at fs_initcall - after the crypto algorithms and the
 * driver core they use (subsys_initcall and earlier).
 */
#ifndef _SEV_LAUNCH_INIT_H
#define _SEV_LAUNCH_INIT_H

#include <linux/init.h>
#include <linux/module.h>

#ifdef MODULE
#define sevl_initcall(fn)	module_init(fn)
#else
#define sevl_initcall(fn)	fs_initcall(fn)
#endif

#endif /* _SEV_LAUNCH_INIT_H */
