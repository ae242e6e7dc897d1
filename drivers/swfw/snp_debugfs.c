// SPDX-License-Identifier: GPL-2.0
/*
 * TEST-ONLY hooks of the software firmware's SNP model, in debugfs:
 *
 *	/sys/kernel/debug/sev-swfw/<n>/snp/
 *		test_launch	rw  launch an SNP guest on the model
 *		test_report	rw  request an SNP guest's attestation report
 *
 * (the read-only files of snp/ are in snp_debugfs_view.c).
 *
 * A guest cannot run on the software firmware, so test_launch plays the
 * host (pages, RMP assignment, SNP_LAUNCH_*) and test_report plays the
 * guest of a report request: it takes the VMPCK from the firmware's guest
 * context (the guest would read it from its SECRETS page), seals
 * MSG_REPORT_REQ, issues SNP_GUEST_REQUEST and opens the response.
 * test_report serves any SNP guest the firmware holds, also one launched
 * through KVM.  Both exist only in this emulator; the binary formats are in
 * include/sev-launch/swfw-snp-test.h.
 */
#include <linux/kernel.h>
#include <linux/bitfield.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/sev-launch.h>
#include <sev-launch/swfw-snp-test.h>

#include "regs.h"
#include "snp.h"
#include "snp_msg.h"
#include "snp_report.h"
#include "snp_debugfs.h"

#define SEVL_SNP_TEST_GUESTS	16
#define SEVL_SNP_TEST_MAX_DESC	(sizeof(struct sevl_snp_test_launch) + \
				 sizeof(struct sevl_snp_test_id) + \
				 SEVL_SNP_TEST_MAX_RECORDS * \
				 (sizeof(struct sevl_snp_test_page) + \
				  SEVL_SNP_TEST_PAGE))

/**
 * struct sevl_snp_test_guest - a guest launched by test_launch
 * @gctx: its guest context page
 * @pages: its memory, one page per record
 * @nr_pages: number of @pages
 * @asid: bound ASID
 */
struct sevl_snp_test_guest {
	struct page *gctx;
	struct page **pages;
	u32 nr_pages;
	u32 asid;
};

/**
 * struct sevl_snp_test - the hooks of one instance
 * @node: in sevl_snp_tests
 * @sw: the instance
 * @dir: its snp/ directory
 * @lock: serialises the hooks
 * @guests: launched guests; guest id = index + 1
 */
struct sevl_snp_test {
	struct list_head node;
	struct sevl_swfw *sw;
	struct dentry *dir;
	struct mutex lock;	/* the hooks, @guests */
	struct sevl_snp_test_guest *guests[SEVL_SNP_TEST_GUESTS];
};

static LIST_HEAD(sevl_snp_tests);
static DEFINE_MUTEX(sevl_snp_tests_lock);

/* Run one command with its buffer in a page of its own. */
static int sevl_snp_test_cmd(struct sevl_fw *fw, u32 cmd, const void *buf,
			     size_t len)
{
	struct page *p = NULL;
	int ret;

	if (len) {
		p = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!p)
			return -ENOMEM;
		memcpy(page_address(p), buf, len);
	}
	ret = sevl_fw_execute(fw, cmd, p ? page_to_phys(p) : 0);
	if (p)
		__free_page(p);
	return ret;
}

/*
 * Return a page to the hypervisor, through SNP_PAGE_RECLAIM if it is
 * immutable (Firmware, Context, Pre-Guest); false if it must be leaked.
 */
static bool sevl_snp_test_release(struct sevl_fw *fw, struct page *p)
{
	struct sevl_snp_page_reclaim rc = { .paddr = page_to_phys(p) };
	struct sevl_snp_rmpe e;

	if (sevl_snp_rmp_read(fw, page_to_pfn(p), &e))
		return false;
	if (e.state == SEVL_RMP_HYPERVISOR)
		return true;
	if (!sevl_snp_rmp_make_shared(fw, page_to_phys(p), 1))
		return true;
	sevl_snp_test_cmd(fw, SEVL_CMD_SNP_PAGE_RECLAIM, &rc, sizeof(rc));
	return !sevl_snp_rmp_make_shared(fw, page_to_phys(p), 1);
}

static void sevl_snp_test_free_page(struct sevl_fw *fw, struct page *p)
{
	if (!p)
		return;
	if (sevl_snp_test_release(fw, p))
		__free_page(p);
	else
		pr_warn("sev-swfw: SNP test page 0x%llx still assigned, leaked\n",
			(u64)page_to_phys(p));
}

static void sevl_snp_test_guest_free(struct sevl_fw *fw,
				     struct sevl_snp_test_guest *tg)
{
	struct sevl_snp_addr da;
	u32 i;

	if (!tg)
		return;
	if (tg->gctx) {
		da.address = page_to_phys(tg->gctx);
		sevl_snp_test_cmd(fw, SEVL_CMD_SNP_DECOMMISSION, &da,
				  sizeof(da));
	}
	for (i = 0; i < tg->nr_pages; i++)
		sevl_snp_test_free_page(fw, tg->pages[i]);
	sevl_snp_test_free_page(fw, tg->gctx);
	kvfree(tg->pages);
	kfree(tg);
}

/**
 * struct sevl_snp_test_file - one open test_launch or test_report
 * @t: the instance's hooks
 * @buf: what was written
 * @len: bytes in @buf
 * @cap: size of @buf
 * @done: the request ran; @out holds the answer
 * @out: the answer
 * @out_len: its size
 */
struct sevl_snp_test_file {
	struct sevl_snp_test *t;
	u8 *buf;
	size_t len;
	size_t cap;
	bool done;
	union {
		struct sevl_snp_test_launch_out launch;
		struct sevl_snp_test_report_out report;
	} out;
	size_t out_len;
};

/* Pick an SNP ASID (1 .. min_sev_asid - 1) the firmware will bind. */
static int sevl_snp_test_activate(struct sevl_fw *fw, u64 gctx_pa, u32 *asid)
{
	struct sevl_snp_activate act = { .gctx_paddr = gctx_pa };
	int ret = SEV_RET_INVALID_ASID;
	u32 a;

	if (fw->p.min_sev_asid < 2)
		return ret;
	for (a = fw->p.min_sev_asid - 1; a >= 1; a--) {
		act.asid = a;
		ret = sevl_snp_test_cmd(fw, SEVL_CMD_SNP_ACTIVATE, &act,
					sizeof(act));
		if (ret == SEV_RET_DFFLUSH_REQUIRED) {
			sevl_snp_test_cmd(fw, SEVL_CMD_SNP_DF_FLUSH, NULL, 0);
			ret = sevl_snp_test_cmd(fw, SEVL_CMD_SNP_ACTIVATE,
						&act, sizeof(act));
		}
		if (!ret) {
			*asid = a;
			return 0;
		}
	}
	return ret;
}

static struct page *sevl_snp_test_hv_page(const void *data, size_t len)
{
	struct page *p = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (p && data)
		memcpy(page_address(p), data, len);
	return p;
}

/* One record (checked by sevl_snp_test_parse()): page, RMP, LAUNCH_UPDATE. */
static int sevl_snp_test_update(struct sevl_fw *fw,
				struct sevl_snp_test_guest *tg,
				const struct sevl_snp_test_page *rec,
				const u8 *data)
{
	struct sevl_snp_launch_update up = {
		.gctx_paddr = page_to_phys(tg->gctx),
	};
	struct page *p;
	int ret;

	p = sevl_snp_test_hv_page(data, SEVL_SNP_TEST_PAGE);
	if (!p)
		return -ENOMEM;
	tg->pages[tg->nr_pages++] = p;
	ret = sevl_snp_rmp_update(fw, page_to_pfn(p), true, tg->asid,
				  rec->gpa, true);
	if (ret)
		return ret;
	up.flags = FIELD_PREP(SEVL_SNP_UPDATE_PAGE_TYPE, rec->page_type);
	up.address = page_to_phys(p);
	up.perms = FIELD_PREP(SEVL_SNP_UPDATE_VMPL1, rec->vmpl1_perms) |
		   FIELD_PREP(SEVL_SNP_UPDATE_VMPL2, rec->vmpl2_perms) |
		   FIELD_PREP(SEVL_SNP_UPDATE_VMPL3, rec->vmpl3_perms);
	return sevl_snp_test_cmd(fw, SEVL_CMD_SNP_LAUNCH_UPDATE, &up,
				 sizeof(up));
}

static void sevl_snp_test_fail(struct sevl_snp_test_launch_out *o, u32 step,
			       int status)
{
	if (status && o->failed_step == ~0U) {
		o->failed_step = step;
		o->failed_status = status;
	}
}

/* Copy the launch digest as the firmware holds it. */
static void sevl_snp_test_ld(struct sevl_fw *fw, u64 gctx_pa, u8 *ld)
{
	struct sevl_snp_guest *g;

	mutex_lock(&fw->lock);
	g = sevl_snp_guest_find(fw, gctx_pa);
	if (g)
		memcpy(ld, g->ld, SHA384_DIGEST_SIZE);
	mutex_unlock(&fw->lock);
}

/*
 * Check a whole launch description before anything runs.  Every count and
 * flag in it is the writer's: the ID part and the records it announces must
 * fill @len exactly, reserved fields must be zero.  Sets *@idp (NULL without
 * an ID block) and *@first, the offset of the first record.
 */
static int sevl_snp_test_parse(const u8 *buf, size_t len,
			       const struct sevl_snp_test_id **idp,
			       size_t *first)
{
	const struct sevl_snp_test_launch *hd = (const void *)buf;
	const struct sevl_snp_test_id *id = NULL;
	size_t off = sizeof(*hd);
	u32 i;

	if (len < sizeof(*hd) || hd->magic != SEVL_SNP_TEST_MAGIC ||
	    (hd->flags & ~(SEVL_SNP_TEST_ID_BLOCK | SEVL_SNP_TEST_AUTHOR_KEY)) ||
	    ((hd->flags & SEVL_SNP_TEST_AUTHOR_KEY) &&
	     !(hd->flags & SEVL_SNP_TEST_ID_BLOCK)) ||
	    hd->nr_records > SEVL_SNP_TEST_MAX_RECORDS || hd->rsvd)
		return -EINVAL;
	if (hd->flags & SEVL_SNP_TEST_ID_BLOCK) {
		if (len - off < sizeof(*id))
			return -EINVAL;
		id = (const void *)(buf + off);
		if (memchr_inv(id->rsvd, 0, sizeof(id->rsvd)))
			return -EINVAL;
		off += sizeof(*id);
	}
	*idp = id;
	*first = off;
	for (i = 0; i < hd->nr_records; i++) {
		const struct sevl_snp_test_page *rec;

		if (len - off < sizeof(*rec))
			return -EINVAL;
		rec = (const void *)(buf + off);
		off += sizeof(*rec);
		if (memchr_inv(rec->rsvd, 0, sizeof(rec->rsvd)) ||
		    rec->page_type > 7 || rec->has_data > 1 ||
		    !PAGE_ALIGNED(rec->gpa))
			return -EINVAL;
		if (rec->has_data) {
			if (len - off < SEVL_SNP_TEST_PAGE)
				return -EINVAL;
			off += SEVL_SNP_TEST_PAGE;
		}
	}
	return off == len ? 0 : -EINVAL;
}

static int sevl_snp_test_launch_run(struct sevl_snp_test *t,
				    const u8 *buf, size_t len,
				    struct sevl_snp_test_launch_out *o)
{
	const struct sevl_snp_test_launch *hd = (const void *)buf;
	struct sevl_fw *fw = t->sw->fw;
	struct sevl_snp_launch_start ls = {};
	struct sevl_snp_launch_finish lf = {};
	const struct sevl_snp_test_id *id;
	struct page *idb = NULL, *ida = NULL;
	struct sevl_snp_test_guest *tg;
	size_t off;
	u32 i, slot;
	u8 state;
	int ret;

	memset(o, 0, sizeof(*o));
	o->failed_step = ~0U;
	ret = sevl_snp_test_parse(buf, len, &id, &off);
	if (ret)
		return ret;
	for (slot = 0; slot < SEVL_SNP_TEST_GUESTS && t->guests[slot]; slot++)
		;
	if (slot == SEVL_SNP_TEST_GUESTS)
		return -ENOSPC;

	tg = kzalloc(sizeof(*tg), GFP_KERNEL);
	if (!tg)
		return -ENOMEM;
	tg->pages = kvcalloc(max(hd->nr_records, 1U), sizeof(*tg->pages),
			     GFP_KERNEL);
	tg->gctx = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!tg->pages || !tg->gctx) {
		ret = -ENOMEM;
		goto err;
	}

	mutex_lock(&fw->lock);
	state = fw->snp.state;
	mutex_unlock(&fw->lock);
	if (state != SEVL_SNP_PSTATE_INIT)
		sevl_snp_test_fail(o, SEVL_SNP_TEST_STEP_INIT,
				   sevl_snp_test_cmd(fw, SEVL_CMD_SNP_INIT,
						     NULL, 0));
	ret = sevl_snp_rmp_make_firmware(fw, page_to_phys(tg->gctx), 1);
	if (ret)
		goto err;
	ls.gctx_paddr = page_to_phys(tg->gctx);
	ls.policy = hd->policy;
	memcpy(ls.gosvw, hd->gosvw, sizeof(ls.gosvw));
	sevl_snp_test_fail(o, SEVL_SNP_TEST_STEP_START,
			   sevl_snp_test_cmd(fw, SEVL_CMD_SNP_LAUNCH_START,
					     &ls, sizeof(ls)));
	if (o->failed_step == ~0U)
		sevl_snp_test_fail(o, SEVL_SNP_TEST_STEP_ACTIVATE,
				   sevl_snp_test_activate(fw, ls.gctx_paddr,
							  &tg->asid));
	/* The layout was checked: records follow one another. */
	for (i = 0; i < hd->nr_records && o->failed_step == ~0U; i++) {
		const struct sevl_snp_test_page *rec = (const void *)(buf + off);
		const u8 *data = NULL;

		off += sizeof(*rec);
		if (rec->has_data) {
			data = buf + off;
			off += SEVL_SNP_TEST_PAGE;
		}
		ret = sevl_snp_test_update(fw, tg, rec, data);
		sevl_snp_test_fail(o, SEVL_SNP_TEST_STEP_UPDATE + i, ret);
		if (!ret)
			o->nr_updates++;
	}
	if (o->failed_step == ~0U) {
		lf.gctx_paddr = ls.gctx_paddr;
		memcpy(lf.host_data, hd->host_data, sizeof(lf.host_data));
		if (id) {
			idb = sevl_snp_test_hv_page(id->id_block,
						    sizeof(id->id_block));
			ida = sevl_snp_test_hv_page(id->id_auth,
						    sizeof(id->id_auth));
			if (!idb || !ida) {
				ret = -ENOMEM;
				goto err;
			}
			lf.id_block_paddr = page_to_phys(idb);
			lf.id_auth_paddr = page_to_phys(ida);
			lf.flags = SEVL_SNP_FINISH_ID_BLOCK_EN;
			if (hd->flags & SEVL_SNP_TEST_AUTHOR_KEY)
				lf.flags |= SEVL_SNP_FINISH_AUTH_KEY_EN;
		}
		sevl_snp_test_fail(o, SEVL_SNP_TEST_STEP_FINISH,
				   sevl_snp_test_cmd(fw,
						     SEVL_CMD_SNP_LAUNCH_FINISH,
						     &lf, sizeof(lf)));
	}
	sevl_snp_test_ld(fw, ls.gctx_paddr, o->ld);
	o->asid = tg->asid;
	if (idb)
		__free_page(idb);
	if (ida)
		__free_page(ida);
	if (o->failed_step != ~0U) {
		sevl_snp_test_guest_free(fw, tg);
		return 0;
	}
	t->guests[slot] = tg;
	o->guest_id = slot + 1;
	return 0;

err:
	if (idb)
		__free_page(idb);
	if (ida)
		__free_page(ida);
	sevl_snp_test_guest_free(fw, tg);
	return ret;
}

/*
 * The guest a report request names (by test_launch id, ASID or context
 * page): its context page, the VMPCK it asks for and the sequence number
 * of its next request, the firmware's last response number + 1 (the only
 * one the firmware accepts).
 */
static int sevl_snp_test_report_guest(struct sevl_snp_test *t,
				      const struct sevl_snp_test_report_in *in,
				      u64 *gctx, u8 *vmpck, u64 *seq)
{
	struct sevl_fw *fw = t->sw->fw;
	struct sevl_snp_guest *g = NULL, *it;
	unsigned long idx;

	if (!!in->guest_id + !!in->asid + !!in->gctx_paddr != 1)
		return -EINVAL;
	if (in->guest_id) {
		if (in->guest_id > SEVL_SNP_TEST_GUESTS ||
		    !t->guests[in->guest_id - 1])
			return -EINVAL;
		*gctx = page_to_phys(t->guests[in->guest_id - 1]->gctx);
	} else {
		*gctx = in->gctx_paddr;
	}
	mutex_lock(&fw->lock);
	if (in->asid) {
		xa_for_each(&fw->snp.guests, idx, it) {
			if (it->asid == in->asid) {
				g = it;
				break;
			}
		}
	} else {
		g = sevl_snp_guest_find(fw, *gctx);
	}
	if (g) {
		*gctx = g->gctx_pa;
		memcpy(vmpck, g->vmpck[in->vmpck], SEVL_SNP_VMPCK_LEN);
		*seq = g->msg_seq[in->vmpck] + 1;
	}
	mutex_unlock(&fw->lock);
	return g ? 0 : -ENOENT;
}

/* The guest's half of a report request; fills @o. */
static int sevl_snp_test_report_run(struct sevl_snp_test *t,
				    const struct sevl_snp_test_report_in *in,
				    struct sevl_snp_test_report_out *o)
{
	struct sevl_fw *fw = t->sw->fw;
	struct sevl_snp_guest_request gr = {};
	struct sevl_snp_report_req rq = {};
	struct sevl_snp_report_rsp *rsp = NULL;
	struct page *req = NULL, *res = NULL;
	u8 vmpck[SEVL_SNP_VMPCK_LEN];
	const struct sevl_snp_msg_hdr *hdr;
	size_t n;
	int ret;

	memset(o, 0, sizeof(*o));
	if (in->vmpck >= SEVL_SNP_NR_VMPCK || in->msg_version > 255 ||
	    in->rsvd || in->rsvd2)
		return -EINVAL;
	ret = sevl_snp_test_report_guest(t, in, &gr.gctx_paddr, vmpck,
					 &o->req_seqno);
	if (ret)
		return ret;

	memcpy(rq.report_data, in->report_data, sizeof(rq.report_data));
	rq.vmpl = cpu_to_le32(in->vmpl);
	rq.key_sel = cpu_to_le32(in->key_sel);
	req = alloc_page(GFP_KERNEL | __GFP_ZERO);
	res = alloc_page(GFP_KERNEL | __GFP_ZERO);
	rsp = kzalloc(sizeof(*rsp), GFP_KERNEL);
	if (!req || !res || !rsp) {
		ret = -ENOMEM;
		goto out;
	}
	ret = sevl_snp_msg_seal(vmpck, page_address(req), o->req_seqno,
				SEVL_SNP_MSG_REPORT_REQ, in->msg_version,
				in->vmpck, &rq, sizeof(rq));
	if (ret)
		goto out;
	ret = sevl_snp_rmp_make_firmware(fw, page_to_phys(res), 1);
	if (ret)
		goto out;
	gr.req_paddr = page_to_phys(req);
	gr.res_paddr = page_to_phys(res);
	o->fw_status = sevl_snp_test_cmd(fw, SEVL_CMD_SNP_GUEST_REQUEST, &gr,
					 sizeof(gr));
	/* As KVM does: reclaim the response page, then read it. */
	if (!sevl_snp_test_release(fw, res)) {
		res = NULL;	/* leaked, see sevl_snp_test_free_page() */
		ret = -EIO;
		goto out;
	}
	if (o->fw_status)
		goto out;
	hdr = page_address(res);
	o->rsp_seqno = le64_to_cpu(hdr->msg_seqno);
	ret = sevl_snp_msg_open(vmpck, page_address(res), rsp, sizeof(*rsp),
				&n);
	if (ret)
		goto out;
	if (hdr->msg_type != SEVL_SNP_MSG_REPORT_RSP ||
	    o->rsp_seqno != o->req_seqno + 1 || n != sizeof(*rsp)) {
		ret = -EBADMSG;
		goto out;
	}
	o->status = le32_to_cpu(rsp->status);
	o->report_size = le32_to_cpu(rsp->report_size);
	memcpy(o->report, rsp->report, sizeof(o->report));
out:
	memzero_explicit(vmpck, sizeof(vmpck));
	kfree_sensitive(rsp);
	if (req)
		__free_page(req);
	if (res)
		__free_page(res);
	return ret;
}

/* test_report: either version of the request, the first one zero-extended. */
static int sevl_snp_test_report_req(struct sevl_snp_test *t,
				    struct sevl_snp_test_file *f)
{
	struct sevl_snp_test_report_in in = {};

	BUILD_BUG_ON(offsetof(struct sevl_snp_test_report_in, asid) !=
		     SEVL_SNP_TEST_REPORT_IN_V1_SIZE);
	if (f->len != sizeof(in) && f->len != SEVL_SNP_TEST_REPORT_IN_V1_SIZE)
		return -EINVAL;
	memcpy(&in, f->buf, f->len);
	f->out_len = sizeof(f->out.report);
	return sevl_snp_test_report_run(t, &in, &f->out.report);
}

static int sevl_snp_test_open(struct inode *inode, struct file *file)
{
	struct sevl_snp_test_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->t = inode->i_private;
	file->private_data = f;
	return nonseekable_open(inode, file);
}

static int sevl_snp_test_release_file(struct inode *inode, struct file *file)
{
	struct sevl_snp_test_file *f = file->private_data;

	kvfree(f->buf);
	kfree_sensitive(f);
	return 0;
}

static ssize_t sevl_snp_test_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct sevl_snp_test_file *f = file->private_data;
	size_t cap;
	u8 *nb;

	if (f->done)
		return -EBUSY;
	if (count > SEVL_SNP_TEST_MAX_DESC - f->len)
		return -EFBIG;
	if (f->len + count > f->cap) {
		cap = max(f->len + count, min(2 * f->cap, SEVL_SNP_TEST_MAX_DESC));
		/* kvrealloc() changed its arguments in 6.12: copy by hand. */
		nb = kvmalloc(cap, GFP_KERNEL);
		if (!nb)
			return -ENOMEM;
		if (f->len)
			memcpy(nb, f->buf, f->len);
		kvfree(f->buf);
		f->buf = nb;
		f->cap = cap;
	}
	if (copy_from_user(f->buf + f->len, ubuf, count))
		return -EFAULT;
	f->len += count;
	return count;
}

static ssize_t sevl_snp_test_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos, bool launch)
{
	struct sevl_snp_test_file *f = file->private_data;
	struct sevl_snp_test *t = f->t;
	int ret = 0;

	if (!f->done) {
		mutex_lock(&t->lock);
		if (launch) {
			ret = sevl_snp_test_launch_run(t, f->buf, f->len,
						       &f->out.launch);
			f->out_len = sizeof(f->out.launch);
		} else {
			ret = sevl_snp_test_report_req(t, f);
		}
		mutex_unlock(&t->lock);
		if (ret)
			return ret;
		f->done = true;
	}
	return simple_read_from_buffer(ubuf, count, ppos, &f->out, f->out_len);
}

static ssize_t sevl_snp_test_launch_read(struct file *file, char __user *ubuf,
					 size_t count, loff_t *ppos)
{
	return sevl_snp_test_read(file, ubuf, count, ppos, true);
}

static ssize_t sevl_snp_test_report_read(struct file *file, char __user *ubuf,
					 size_t count, loff_t *ppos)
{
	return sevl_snp_test_read(file, ubuf, count, ppos, false);
}

static const struct file_operations sevl_snp_test_launch_fops = {
	.owner = THIS_MODULE,
	.open = sevl_snp_test_open,
	.release = sevl_snp_test_release_file,
	.write = sevl_snp_test_write,
	.read = sevl_snp_test_launch_read,
};

static const struct file_operations sevl_snp_test_report_fops = {
	.owner = THIS_MODULE,
	.open = sevl_snp_test_open,
	.release = sevl_snp_test_release_file,
	.write = sevl_snp_test_write,
	.read = sevl_snp_test_report_read,
};

/**
 * sevl_snp_debugfs_add() - create <instance>/snp/ for an SNP instance
 * @sw: the instance; its debugfs directory exists
 *
 * Does nothing when the instance has no SNP model.
 */
void sevl_snp_debugfs_add(struct sevl_swfw *sw)
{
	struct sevl_snp_test *t;

	if (!sw->dbg || !sw->fw->p.snp)
		return;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return;
	t->sw = sw;
	mutex_init(&t->lock);
	t->dir = debugfs_create_dir("snp", sw->dbg);
	if (IS_ERR(t->dir)) {
		kfree(t);
		return;
	}
	sevl_snp_debugfs_views(t->dir, sw->fw);
	debugfs_create_file("test_launch", 0600, t->dir, t,
			    &sevl_snp_test_launch_fops);
	debugfs_create_file("test_report", 0600, t->dir, t,
			    &sevl_snp_test_report_fops);
	mutex_lock(&sevl_snp_tests_lock);
	list_add(&t->node, &sevl_snp_tests);
	mutex_unlock(&sevl_snp_tests_lock);
}

/**
 * sevl_snp_debugfs_remove() - remove <instance>/snp/ and its test guests
 * @sw: the instance; its firmware still exists
 */
void sevl_snp_debugfs_remove(struct sevl_swfw *sw)
{
	struct sevl_snp_test *t, *found = NULL;
	int i;

	mutex_lock(&sevl_snp_tests_lock);
	list_for_each_entry(t, &sevl_snp_tests, node) {
		if (t->sw == sw) {
			found = t;
			list_del(&t->node);
			break;
		}
	}
	mutex_unlock(&sevl_snp_tests_lock);
	if (!found)
		return;
	debugfs_remove_recursive(found->dir);
	for (i = 0; i < SEVL_SNP_TEST_GUESTS; i++)
		sevl_snp_test_guest_free(sw->fw, found->guests[i]);
	mutex_destroy(&found->lock);
	kfree(found);
}
