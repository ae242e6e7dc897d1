// SPDX-License-Identifier: GPL-2.0
/*
 * Software SEV firmware: what make bench reads about the firmware's speed.
 *
 * /sys/kernel/debug/sev-swfw-perf/ holds
 *
 *	update_data	rw  successful LAUNCH_UPDATE_DATA commands of every
 *			    instance: "commands bytes nanoseconds" spent in
 *			    the command's handler; writing anything resets
 *			    this file's and commands' counters
 *	commands	ro  every command executed, one line per command id:
 *			    "id count nanoseconds", the time from reading the
 *			    command buffer to writing it back (the firmware's
 *			    share of a mailbox round trip)
 *	mailbox		ro  the emulated mailbox's share of a round trip,
 *			    every command of every instance: "commands
 *			    dispatch_ns interrupts interrupt_ns", the time
 *			    from the driver's cmdresp write to the firmware
 *			    starting the command (workqueue wake-up), and
 *			    from its completion to the driver's interrupt
 *			    handler (irq_work); reset with update_data
 *	ceiling		rw  write a byte count N (16-byte multiple, at most
 *			    64 MiB); N bytes (passes over a buffer of at most
 *			    1 MiB) are run through the
 *			    same kernel crypto the firmware uses, and reading
 *			    gives "N sha256_ns cipher_ns firmware_path_ns"
 *
 * The ceiling is the least work LAUNCH_UPDATE_DATA's definition allows:
 * SHA-256 over the bytes (the launch digest) and two AES-128 block
 * encryptions per 16 bytes (the memory cipher's tweak and data, crypto.c),
 * each over one flat buffer with nothing else around it.  firmware_path_ns
 * is the firmware's own per-piece routine over the same buffer, for
 * comparison.  Nothing here is used by the firmware's commands.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <crypto/aes.h>
#include <crypto/sha2.h>

#include "crypto.h"
#include "fw.h"
#include "perf.h"

/* Every 8-bit command id, SEV-SNP's (0x80 and up) included. */
#define SEVL_PERF_NR_CMDS	0x100

static atomic64_t sevl_perf_cmds, sevl_perf_bytes, sevl_perf_ns;
static atomic64_t sevl_perf_cmd_count[SEVL_PERF_NR_CMDS];
static atomic64_t sevl_perf_cmd_ns[SEVL_PERF_NR_CMDS];
static atomic64_t sevl_perf_disp, sevl_perf_disp_ns;
static atomic64_t sevl_perf_irqs, sevl_perf_irq_ns;

static struct dentry *sevl_perf_dir;
static DEFINE_MUTEX(sevl_perf_run);	/* one ceiling run at a time */
static DEFINE_MUTEX(sevl_perf_lock);	/* protects sevl_perf_ceiling */
static u64 sevl_perf_ceiling[4];

/**
 * sevl_swfw_perf_account() - count one successful LAUNCH_UPDATE_DATA
 * @bytes: its length
 * @ns: time spent in the firmware's command handler
 */
void sevl_swfw_perf_account(u64 bytes, u64 ns)
{
	atomic64_inc(&sevl_perf_cmds);
	atomic64_add(bytes, &sevl_perf_bytes);
	atomic64_add(ns, &sevl_perf_ns);
}

/**
 * sevl_swfw_perf_command() - count one executed command
 * @cmd: command id
 * @ns: time spent executing it
 */
void sevl_swfw_perf_command(u32 cmd, u64 ns)
{
	if (cmd >= SEVL_PERF_NR_CMDS)
		return;
	atomic64_inc(&sevl_perf_cmd_count[cmd]);
	atomic64_add(ns, &sevl_perf_cmd_ns[cmd]);
}

/**
 * sevl_swfw_perf_dispatch() - count one command's dispatch latency
 * @ns: from the cmdresp write to the firmware starting the command
 */
void sevl_swfw_perf_dispatch(u64 ns)
{
	atomic64_inc(&sevl_perf_disp);
	atomic64_add(ns, &sevl_perf_disp_ns);
}

/**
 * sevl_swfw_perf_irq() - count one completion interrupt's latency
 * @ns: from the command's completion to the driver's handler
 */
void sevl_swfw_perf_irq(u64 ns)
{
	atomic64_inc(&sevl_perf_irqs);
	atomic64_add(ns, &sevl_perf_irq_ns);
}

static int sevl_perf_mailbox_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%lld %lld %lld %lld\n", atomic64_read(&sevl_perf_disp),
		   atomic64_read(&sevl_perf_disp_ns),
		   atomic64_read(&sevl_perf_irqs),
		   atomic64_read(&sevl_perf_irq_ns));
	return 0;
}

DEFINE_SHOW_ATTRIBUTE(sevl_perf_mailbox);

static int sevl_perf_commands_show(struct seq_file *m, void *v)
{
	u32 i;

	for (i = 0; i < SEVL_PERF_NR_CMDS; i++)
		if (atomic64_read(&sevl_perf_cmd_count[i]))
			seq_printf(m, "%#x %lld %lld\n", i,
				   atomic64_read(&sevl_perf_cmd_count[i]),
				   atomic64_read(&sevl_perf_cmd_ns[i]));
	return 0;
}

DEFINE_SHOW_ATTRIBUTE(sevl_perf_commands);

static int sevl_perf_update_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%lld %lld %lld\n", atomic64_read(&sevl_perf_cmds),
		   atomic64_read(&sevl_perf_bytes),
		   atomic64_read(&sevl_perf_ns));
	return 0;
}

static int sevl_perf_update_open(struct inode *inode, struct file *file)
{
	return single_open(file, sevl_perf_update_show, NULL);
}

static ssize_t sevl_perf_update_write(struct file *file,
				      const char __user *buf, size_t len,
				      loff_t *pos)
{
	u32 i;

	atomic64_set(&sevl_perf_cmds, 0);
	atomic64_set(&sevl_perf_bytes, 0);
	atomic64_set(&sevl_perf_ns, 0);
	atomic64_set(&sevl_perf_disp, 0);
	atomic64_set(&sevl_perf_disp_ns, 0);
	atomic64_set(&sevl_perf_irqs, 0);
	atomic64_set(&sevl_perf_irq_ns, 0);
	for (i = 0; i < SEVL_PERF_NR_CMDS; i++) {
		atomic64_set(&sevl_perf_cmd_count[i], 0);
		atomic64_set(&sevl_perf_cmd_ns[i], 0);
	}
	return len;
}

static const struct file_operations sevl_perf_update_fops = {
	.owner = THIS_MODULE,
	.open = sevl_perf_update_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = sevl_perf_update_write,
};

/*
 * The firmware's work per piece of a command (fw_launch.c: digest, then
 * sevl_mem_encrypt()), on the buffer in pieces of its chunk size.
 */
static void sevl_perf_fw_path(const u8 *key, struct sha256_state *st, u8 *buf,
			      size_t len)
{
	size_t off, n;

	for (off = 0; off < len; off += n) {
		n = min_t(size_t, len - off, SEVL_FW_SCRATCH_LEN);
		sha256_update(st, buf + off, n);
		sevl_mem_encrypt(key, off, buf + off, buf + off, n);
	}
}

/*
 * @len bytes are processed as passes over one buffer of at most 1 MiB in
 * the linear map, where the firmware finds guest pages and its scratch
 * memory too (a vmalloc buffer measured slower under TCG).
 */
static int sevl_perf_run_ceiling(size_t len)
{
	size_t size = min_t(size_t, len, SZ_1M), done, n, off;
	struct crypto_aes_ctx aes;
	struct sha256_state st;
	u8 key[16], digest[SHA256_DIGEST_SIZE], blk[AES_BLOCK_SIZE];
	u64 t0, t1, t2, t2b, t3, cipher;
	u8 *buf;
	int ret;

	buf = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!buf)
		return -ENOMEM;
	get_random_bytes(key, sizeof(key));
	get_random_bytes(buf, size);
	ret = aes_expandkey(&aes, key, AES_KEYSIZE_128);
	if (ret)
		goto out;

	t0 = ktime_get_ns();
	sha256_init(&st);
	for (done = 0; done < len; done += n) {
		n = min(len - done, size);
		sha256_update(&st, buf, n);
		cond_resched();
	}
	sha256_final(&st, digest);
	t1 = ktime_get_ns();
	for (done = 0; done < len; done += n) {
		n = min(len - done, size);
		for (off = 0; off < n; off += AES_BLOCK_SIZE) {
			aes_encrypt(&aes, digest, buf + off);
			aes_encrypt(&aes, buf + off, buf + off);
		}
		cond_resched();
	}
	t2 = ktime_get_ns();
	/*
	 * The same work through a block on the stack, as the cipher does it
	 * (in place in the buffer measured slower under TCG); the faster
	 * counts.
	 */
	for (done = 0; done < len; done += n) {
		n = min(len - done, size);
		for (off = 0; off < n; off += AES_BLOCK_SIZE) {
			memcpy(blk, buf + off, AES_BLOCK_SIZE);
			aes_encrypt(&aes, digest, blk);
			aes_encrypt(&aes, blk, blk);
			memcpy(buf + off, blk, AES_BLOCK_SIZE);
		}
		cond_resched();
	}
	t2b = ktime_get_ns();
	cipher = min(t2 - t1, t2b - t2);
	sha256_init(&st);
	for (done = 0; done < len; done += n) {
		n = min(len - done, size);
		sevl_perf_fw_path(key, &st, buf, n);
		cond_resched();
	}
	sha256_final(&st, digest);
	t3 = ktime_get_ns();

	mutex_lock(&sevl_perf_lock);
	sevl_perf_ceiling[0] = len;
	sevl_perf_ceiling[1] = t1 - t0;
	sevl_perf_ceiling[2] = cipher;
	sevl_perf_ceiling[3] = t3 - t2b;
	mutex_unlock(&sevl_perf_lock);
out:
	memzero_explicit(&aes, sizeof(aes));
	memzero_explicit(&st, sizeof(st));
	memzero_explicit(key, sizeof(key));
	memzero_explicit(blk, sizeof(blk));
	kfree_sensitive(buf);
	return ret;
}

static int sevl_perf_ceiling_show(struct seq_file *m, void *v)
{
	mutex_lock(&sevl_perf_lock);
	seq_printf(m, "%llu %llu %llu %llu\n", sevl_perf_ceiling[0],
		   sevl_perf_ceiling[1], sevl_perf_ceiling[2],
		   sevl_perf_ceiling[3]);
	mutex_unlock(&sevl_perf_lock);
	return 0;
}

static int sevl_perf_ceiling_open(struct inode *inode, struct file *file)
{
	return single_open(file, sevl_perf_ceiling_show, NULL);
}

static ssize_t sevl_perf_ceiling_write(struct file *file,
				       const char __user *buf, size_t len,
				       loff_t *pos)
{
	unsigned long n;
	int ret;

	/* A length of at most 64 MiB has no more digits than this. */
	if (len >= 32)
		return -EINVAL;
	ret = kstrtoul_from_user(buf, len, 0, &n);
	if (ret)
		return ret;
	if (!n || n > SZ_64M || !IS_ALIGNED(n, AES_BLOCK_SIZE))
		return -EINVAL;
	if (mutex_lock_interruptible(&sevl_perf_run))
		return -EINTR;
	ret = sevl_perf_run_ceiling(n);
	mutex_unlock(&sevl_perf_run);
	return ret ? ret : len;
}

static const struct file_operations sevl_perf_ceiling_fops = {
	.owner = THIS_MODULE,
	.open = sevl_perf_ceiling_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = sevl_perf_ceiling_write,
};

/**
 * sevl_swfw_perf_init() - create /sys/kernel/debug/sev-swfw-perf
 */
void sevl_swfw_perf_init(void)
{
	sevl_perf_dir = debugfs_create_dir("sev-swfw-perf", NULL);
	debugfs_create_file("update_data", 0600, sevl_perf_dir, NULL,
			    &sevl_perf_update_fops);
	debugfs_create_file("commands", 0400, sevl_perf_dir, NULL,
			    &sevl_perf_commands_fops);
	debugfs_create_file("mailbox", 0400, sevl_perf_dir, NULL,
			    &sevl_perf_mailbox_fops);
	debugfs_create_file("ceiling", 0600, sevl_perf_dir, NULL,
			    &sevl_perf_ceiling_fops);
}

/**
 * sevl_swfw_perf_exit() - remove the debugfs directory
 */
void sevl_swfw_perf_exit(void)
{
	debugfs_remove_recursive(sevl_perf_dir);
	sevl_perf_dir = NULL;
}
