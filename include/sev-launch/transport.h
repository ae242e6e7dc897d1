/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the PSP mailbox driver and whatever carries its
 * register accesses: the MMIO window of a real AMD PSP, or the register
 * file emulated by the software firmware.
 *
 * A back end registers a platform device named SEVL_MBOX_DEV_NAME whose
 * platform data is a struct sevl_transport.  The PSP driver binds to that
 * device and sees only 32-bit register reads and writes at the offsets in
 * @regs, plus one completion interrupt.  Neither side links against the
 * other: the driver does not know which back end it is talking to.
 */
#ifndef _SEV_LAUNCH_TRANSPORT_H
#define _SEV_LAUNCH_TRANSPORT_H

#include <linux/types.h>
#include <linux/interrupt.h>
#include <sev-launch/fw.h>

#define SEVL_MBOX_DEV_NAME	"sev-mbox"

struct file;
struct sevl_transport;

/**
 * struct sevl_rmp_entry - one 4 KiB RMP entry as the host sees it
 * @assigned: the page belongs to the firmware or a guest
 * @immutable: only the firmware may change the entry
 * @asid: owning guest's ASID; 0 for firmware pages
 * @gpa: guest physical address of a guest page
 *
 * The emulated RMP assigns 4 KiB pages only.
 */
struct sevl_rmp_entry {
	bool assigned;
	bool immutable;
	u32 asid;
	u64 gpa;
};

/**
 * struct sevl_transport_ops - register access and interrupt wiring
 * @read: read the 32-bit register at byte offset @off
 * @write: write @val to the 32-bit register at byte offset @off
 * @request_irq: route the mailbox completion interrupt to @handler, which
 *	is called in hard interrupt context with @data, as request_irq()
 *	would.  Return 0, or a negative errno when the back end has no
 *	interrupt (the driver then polls).
 * @free_irq: undo @request_irq; on return @handler is not running and
 *	will not be called again.
 * @cmd: instead of registers: run one firmware command (a back end that
 *	reaches the firmware through another driver, ccp).  @data is the
 *	command buffer or NULL; @fw_status receives the firmware status or
 *	SEVL_FW_NOT_CALLED.  Returns 0 or an errno as sevl_psp_issue().
 * @cmd_file: the same on behalf of a VMM's /dev/sev @file, which the back
 *	end checks; -EBADF if it is not the /dev/sev the back end serves
 * @platform_init: the back end owns the platform state: bring the firmware
 *	to INIT (or leave it INIT) its own way
 * @rmp_update: only for a back end whose @snp is SEVL_SNP_EMULATED: the
 *	host's RMPUPDATE of the 4 KiB page at system physical address @pa on
 *	the emulated RMP, with the new entry in @e (as the instruction: not
 *	assigned -> hypervisor page; ASID 0 -> firmware page if immutable;
 *	an ASID -> guest page at @e->gpa).  Returns 0 or a negative errno
 *	(-EPERM while the current entry is immutable).
 * @rmp_read: only with @rmp_update: the host's RMPREAD of the 4 KiB page
 *	at @pa into @e.  Returns 0 or a negative errno.
 *
 * A register back end sets @read and @write (and optionally the interrupt
 * pair); a command back end sets @cmd, @cmd_file and @platform_init
 * instead, and the PSP driver then leaves the platform state, SHUTDOWN and
 * /dev/sev to it.  @read and @write may be called from interrupt context
 * and must not sleep.
 */
struct sevl_transport_ops {
	u32 (*read)(struct sevl_transport *t, u32 off);
	void (*write)(struct sevl_transport *t, u32 off, u32 val);
	int (*request_irq)(struct sevl_transport *t, irq_handler_t handler,
			   void *data);
	void (*free_irq)(struct sevl_transport *t, void *data);
	int (*cmd)(struct sevl_transport *t, u32 cmd, void *data,
		   u32 *fw_status);
	int (*cmd_file)(struct sevl_transport *t, struct file *file, u32 cmd,
			void *data, u32 *fw_status);
	int (*platform_init)(struct sevl_transport *t, u32 *fw_status);
	int (*rmp_update)(struct sevl_transport *t, u64 pa,
			  const struct sevl_rmp_entry *e);
	int (*rmp_read)(struct sevl_transport *t, u64 pa,
			struct sevl_rmp_entry *e);
};

/**
 * enum sevl_transport_snp - whether and how a back end's platform has SNP
 * @SEVL_SNP_HOST: a real PSP: SEV-SNP is there when the host kernel set it
 *	up (cc_platform_has(CC_ATTR_HOST_SEV_SNP): CPUID 0x8000001F EAX
 *	bit 4, SYSCFG.SNPEn and an RMP table), as upstream's ccp decides;
 *	page states change with the CPU's RMPUPDATE
 * @SEVL_SNP_NONE: the back end offers no SEV-SNP
 * @SEVL_SNP_EMULATED: the software firmware emulates SEV-SNP, RMP
 *	included; page states change only through @ops->rmp_update (and are
 *	read through @ops->rmp_read), never
 *	through the CPU.  Only the software firmware sets this.
 */
enum sevl_transport_snp {
	SEVL_SNP_HOST = 0,
	SEVL_SNP_NONE,
	SEVL_SNP_EMULATED,
};

/**
 * struct sevl_transport - one SEV mailbox, as offered by a back end
 * @ops: register access
 * @regs: byte offsets of the mailbox registers
 * @name: short back-end name for logs and debugfs ("pci", "swfw", "ccp")
 * @nr_asids: highest ASID usable for SEV guests, or 0 to take the CPU's
 *	value (CPUID 0x8000001F ECX)
 * @min_sev_asid: first ASID for plain SEV guests (SEV-ES guests use
 *	1..@min_sev_asid - 1), or 0 to take CPUID 0x8000001F EDX
 * @snp: enum sevl_transport_snp; real PSPs leave it 0 (SEVL_SNP_HOST)
 * @priv: back-end private data
 *
 * The software firmware fills @nr_asids and @min_sev_asid because the CPU
 * it runs on does not describe an SEV platform; real PSPs leave them 0.
 */
struct sevl_transport {
	const struct sevl_transport_ops *ops;
	struct sevl_mbox_regs regs;
	const char *name;
	u32 nr_asids;
	u32 min_sev_asid;
	u8 snp;
	void *priv;
};

/* Register layouts of real PSPs (upstream sev_vdata). */
#define SEVL_MBOX_REGS_SEVV1 {					\
	.cmdresp = 0x10580, .cmdbuff_addr_lo = 0x105e0,			\
	.cmdbuff_addr_hi = 0x105e4, .feature = 0x105fc,			\
	.inten = 0x10610, .intsts = 0x10614 }
#define SEVL_MBOX_REGS_SEVV2 {					\
	.cmdresp = 0x10980, .cmdbuff_addr_lo = 0x109e0,			\
	.cmdbuff_addr_hi = 0x109e4, .feature = 0x109fc,			\
	.inten = 0x10690, .intsts = 0x10694 }
#define SEVL_MBOX_REGS_SEVV2_PSPV6 {				\
	.cmdresp = 0x10980, .cmdbuff_addr_lo = 0x109e0,			\
	.cmdbuff_addr_hi = 0x109e4, .feature = 0x109fc,			\
	.inten = 0x10510, .intsts = 0x10514 }

#endif /* _SEV_LAUNCH_TRANSPORT_H */
