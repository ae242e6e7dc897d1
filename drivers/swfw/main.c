// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: module entry points.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("sev-launch software SEV firmware (emulated PSP)");
MODULE_LICENSE("GPL");
