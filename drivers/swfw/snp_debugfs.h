/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debugfs files of the software firmware's SNP model: the emulator's SNP
 * certificates and the TEST-ONLY launch and report hooks (snp_debugfs.c).
 */
#ifndef _SEVL_SWFW_SNP_DEBUGFS_H
#define _SEVL_SWFW_SNP_DEBUGFS_H

struct sevl_swfw;

void sevl_snp_debugfs_add(struct sevl_swfw *sw);
void sevl_snp_debugfs_remove(struct sevl_swfw *sw);

#endif /* _SEVL_SWFW_SNP_DEBUGFS_H */
