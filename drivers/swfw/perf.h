/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Software SEV firmware: performance counters and the crypto ceiling
 * (perf.c), read by make bench through debugfs.
 */
#ifndef _SEVL_SWFW_PERF_H
#define _SEVL_SWFW_PERF_H

#include <linux/types.h>

void sevl_swfw_perf_account(u64 bytes, u64 ns);
void sevl_swfw_perf_command(u32 cmd, u64 ns);
void sevl_swfw_perf_dispatch(u64 ns);
void sevl_swfw_perf_irq(u64 ns);
void sevl_swfw_perf_init(void);
void sevl_swfw_perf_exit(void);

#endif /* _SEVL_SWFW_PERF_H */
