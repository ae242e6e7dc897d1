/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debugfs files of the software firmware's SNP model: the TEST-ONLY launch
 * and report hooks (snp_debugfs.c), the emulator's SNP certificates and the
 * emulator-only views of guests and RMP (snp_debugfs_view.c).
 */
#ifndef _SEVL_SWFW_SNP_DEBUGFS_H
#define _SEVL_SWFW_SNP_DEBUGFS_H

struct dentry;
struct sevl_fw;
struct sevl_swfw;

void sevl_snp_debugfs_add(struct sevl_swfw *sw);
void sevl_snp_debugfs_remove(struct sevl_swfw *sw);
void sevl_snp_debugfs_views(struct dentry *dir, struct sevl_fw *fw);

#endif /* _SEVL_SWFW_SNP_DEBUGFS_H */
