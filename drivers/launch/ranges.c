// SPDX-License-Identifier: GPL-2.0
/*
 * Launch core: the index of recorded data ranges (canonical mode).
 *
 * A B+tree keyed by guest physical address.  It only ever grows while a
 * launch records (records leave all at once, at the replay or teardown),
 * refuses an overlapping range when it is added, and is walked in address
 * order by the replay.  It replaces a red-black tree of one allocation per
 * range, whose every insert walked ~20 cache-cold nodes for a million
 * ranges.
 *
 * Leaves hold up to SEVL_LEAF_MAX records by value (24 bytes each) in a
 * 2 KiB block.  Records stay in the slot they were put in; @order lists
 * the slots in address order, so an insert moves one byte per later
 * record rather than a whole record.  Inner nodes hold up to
 * SEVL_INNER_MAX children with, for each but the first, the lowest
 * address in that child's subtree.  Leaves are chained in address order
 * for the walk.
 *
 * A full node is split in half, except at the two edges of the tree: a
 * VMM that loads a guest in ascending (or descending) order appends past
 * the last (or before the first) record, and then the full node is left
 * full and the new record starts a new node, so such loads fill every
 * node.  A node other than the edges is therefore at least half full,
 * which bounds the memory per range (Documentation/performance.rst).
 *
 * An insert is two steps so that the caller can pin pages in between
 * (record.c): sevl_ranges_prepare() finds the place, refuses an overlap
 * and allocates every node the insert will need; sevl_ranges_commit()
 * then cannot fail.  The tree must not change in between (the launch lock
 * covers both).
 */
#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/math64.h>
#include <linux/build_bug.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sev-launch.h>
#include <sev-launch/kunit.h>

#include "internal.h"

#define SEVL_LEAF_BYTES		2048
#define SEVL_LEAF_MAX		81
#define SEVL_INNER_MAX		63

/*
 * struct sevl_ranges_leaf - up to SEVL_LEAF_MAX records
 * @next: the leaf that follows in address order, or NULL
 * @nr: records held, in slots 0 .. @nr - 1
 * @order: slot numbers in address order
 * @rec: the records
 */
struct sevl_ranges_leaf {
	struct sevl_ranges_leaf *next;
	u8 nr;
	u8 order[SEVL_LEAF_MAX];
	struct sevl_data_rec rec[SEVL_LEAF_MAX];
};

/*
 * struct sevl_ranges_inner - up to SEVL_INNER_MAX subtrees
 * @nr: children
 * @key: @key[i] (i > 0) is the lowest address in @child[i]'s subtree;
 *	@key[0] is not used
 * @child: leaves (one level above the leaves) or inner nodes
 */
struct sevl_ranges_inner {
	unsigned int nr;
	u64 key[SEVL_INNER_MAX];
	void *child[SEVL_INNER_MAX];
};

static_assert(sizeof(struct sevl_ranges_leaf) <= SEVL_LEAF_BYTES);
static_assert(sizeof(struct sevl_ranges_leaf) + sizeof(struct sevl_data_rec) +
	      1 > SEVL_LEAF_BYTES);
static_assert(SEVL_LEAF_MAX < 256 && SEVL_LEAF_MAX >= 4);
static_assert(sizeof(struct sevl_ranges_inner) <= 1024);
static_assert(SEVL_INNER_MAX >= 4);

/*
 * The interpolating search scales a span to SEVL_INTERP_BITS bits, so that
 * the offset times a node's entry count stays below 2^64.
 */
#define SEVL_INTERP_BITS	56
static_assert(SEVL_LEAF_MAX <= 1 << (64 - SEVL_INTERP_BITS) &&
	      SEVL_INNER_MAX <= 1 << (64 - SEVL_INTERP_BITS));

static inline u64 sevl_rec_last(const struct sevl_data_rec *r)
{
	return r->gpa + r->len - 1;
}

static inline struct sevl_data_rec *sevl_leaf_rec(struct sevl_ranges_leaf *f,
						  unsigned int i)
{
	return &f->rec[f->order[i]];
}

/**
 * sevl_ranges_init() - an empty index
 * @t: the index
 */
void sevl_ranges_init(struct sevl_ranges *t)
{
	memset(t, 0, sizeof(*t));
}

SEVL_EXPORT_FOR_KUNIT(sevl_ranges_init);

/*
 * Searching a node: the records of a leaf and the keys of an inner node
 * are in address order, and a guest's ranges are usually spread evenly
 * over the span of a node, so the search starts where interpolation
 * between the node's first and last address puts it, gallops from there
 * (1, 2, 4, ... entries) to bracket the place and ends with a binary
 * search of the bracket.  An even spread takes two or three probes near
 * each other; the worst spread about twice a binary search's.  Probes are
 * what counts: a shuffled insert into a large index is bound by the
 * memory it reads, each probe of a leaf a cache line of its own
 * (Documentation/performance.rst).
 */

/* Address at address-order position @i: of a leaf @f, else of @key. */
static __always_inline u64 sevl_node_addr(struct sevl_ranges_leaf *f,
					  const u64 *key, unsigned int i)
{
	return f ? sevl_leaf_rec(f, i)->gpa : key[i];
}

/*
 * The first position in [@lo, @hi] whose address is above @gpa, knowing
 * that the address at @lo - 1 is at most @gpa and the one at @hi above it.
 */
static __always_inline unsigned int
sevl_node_search(struct sevl_ranges_leaf *f, const u64 *key, u64 gpa,
		 unsigned int lo, unsigned int hi)
{
	u64 first = sevl_node_addr(f, key, lo - 1);
	u64 span = sevl_node_addr(f, key, hi) - first, off = gpa - first;
	unsigned int bits = fls64(span);
	unsigned int sh = bits > SEVL_INTERP_BITS ? bits - SEVL_INTERP_BITS : 0;
	unsigned int p, q, s, mid;

	/* The guess, in [lo - 1, hi - 1]: off < span, scaled down to fit. */
	p = lo - 1 + div64_u64((off >> sh) * (hi - lo + 1), (span >> sh) + 1);
	if (sevl_node_addr(f, key, p) <= gpa) {
		lo = p + 1;
		for (s = 1; p + s < hi; s *= 2) {
			q = p + s;
			if (sevl_node_addr(f, key, q) > gpa) {
				hi = q;
				break;
			}
			lo = q + 1;
			p = q;
		}
	} else {
		hi = p;
		for (s = 1; p >= lo + s; s *= 2) {
			q = p - s;
			if (sevl_node_addr(f, key, q) <= gpa) {
				lo = q + 1;
				break;
			}
			hi = q;
			p = q;
		}
	}
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (sevl_node_addr(f, key, mid) <= gpa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Number of records in @f whose address is at most @gpa. */
static unsigned int sevl_leaf_upper(struct sevl_ranges_leaf *f, u64 gpa)
{
	unsigned int nr = f->nr;

	if (gpa < sevl_leaf_rec(f, 0)->gpa)
		return 0;
	if (gpa >= sevl_leaf_rec(f, nr - 1)->gpa)
		return nr;
	return sevl_node_search(f, NULL, gpa, 1, nr - 1);
}

/* The child of @in whose subtree holds @gpa's place. */
static unsigned int sevl_inner_child(struct sevl_ranges_inner *in, u64 gpa)
{
	unsigned int nr = in->nr;

	/*
	 * @key[0] is not used: child 0 takes everything below @key[1].  A
	 * node with one child (after an edge split) has no @key[1] yet.
	 */
	if (nr < 2 || gpa < in->key[1])
		return 0;
	if (gpa >= in->key[nr - 1])
		return nr - 1;
	return sevl_node_search(NULL, in->key, gpa, 2, nr - 1) - 1;
}

/*
 * Allocate the nodes one insert needs, all or nothing: @inner inner nodes,
 * then a leaf, which sevl_ranges_take() hands out first.
 */
static int sevl_ranges_alloc(struct sevl_ranges_slot *s, unsigned int inner)
{
	size_t size;
	void *node;

	s->nr_spare = 0;
	while (s->nr_spare <= inner) {
		size = s->nr_spare < inner ? sizeof(struct sevl_ranges_inner) :
					     sizeof(struct sevl_ranges_leaf);
		node = kmalloc(size, GFP_KERNEL_ACCOUNT);
		if (!node) {
			sevl_ranges_abort(s);
			return -ENOMEM;
		}
		s->spare[s->nr_spare++] = node;
	}
	return 0;
}

/**
 * sevl_ranges_prepare() - find where a range goes and get ready to add it
 * @t: the index
 * @gpa: first byte of the range
 * @len: its length
 * @s: receives the place and the nodes the insert needs
 *
 * On success the caller must call sevl_ranges_commit() or
 * sevl_ranges_abort() with @s, and must not change @t before.
 *
 * Return: 0; -EINVAL for an empty range or one that wraps past the top of
 * the address space; -EEXIST if it overlaps a range in @t (@t unchanged);
 * -ENOMEM.
 */
int sevl_ranges_prepare(struct sevl_ranges *t, u64 gpa, u64 len,
			struct sevl_ranges_slot *s)
{
	struct sevl_data_rec *pred = NULL, *succ = NULL;
	struct sevl_ranges_leaf *f;
	struct sevl_ranges_inner *in;
	unsigned int lvl, i, inner;
	u64 last = gpa + len - 1;
	void *node;

	s->nr_spare = 0;
	if (!len || len > U32_MAX || last < gpa)
		return -EINVAL;
	if (!t->root) {
		s->leaf = NULL;
		s->pos = 0;
		return sevl_ranges_alloc(s, 0);
	}

	/* Fast paths: past the last record, or before the first. */
	f = t->last;
	if (f->nr < SEVL_LEAF_MAX &&
	    gpa > sevl_rec_last(sevl_leaf_rec(f, f->nr - 1))) {
		s->leaf = f;
		s->pos = f->nr;
		return 0;
	}
	f = t->first;
	if (f->nr < SEVL_LEAF_MAX && last < sevl_leaf_rec(f, 0)->gpa) {
		s->leaf = f;
		s->pos = 0;
		return 0;
	}

	node = t->root;
	for (lvl = t->height - 1; lvl > 0; lvl--) {
		in = node;
		i = sevl_inner_child(in, gpa);
		s->path[lvl].node = in;
		s->path[lvl].idx = i;
		node = in->child[i];
	}
	f = node;
	i = sevl_leaf_upper(f, gpa);
	/*
	 * Only the first leaf can lack a predecessor of @gpa: every other
	 * leaf's lowest address is the key that led here, at most @gpa.
	 */
	if (i)
		pred = sevl_leaf_rec(f, i - 1);
	if (i < f->nr)
		succ = sevl_leaf_rec(f, i);
	else if (f->next)
		succ = sevl_leaf_rec(f->next, 0);
	if ((pred && sevl_rec_last(pred) >= gpa) || (succ && succ->gpa <= last))
		return -EEXIST;
	s->leaf = f;
	s->pos = i;
	if (f->nr < SEVL_LEAF_MAX)
		return 0;

	/* A full leaf splits; so does every full inner node above it. */
	for (inner = 0, lvl = 1; lvl < t->height; lvl++, inner++)
		if (s->path[lvl].node->nr < SEVL_INNER_MAX)
			break;
	if (lvl == t->height) {
		if (t->height >= SEVL_RANGES_MAX_HEIGHT)
			return -ENOMEM;
		inner++;	/* a new root */
	}
	return sevl_ranges_alloc(s, inner);
}

SEVL_EXPORT_FOR_KUNIT(sevl_ranges_prepare);

/**
 * sevl_ranges_abort() - give up an insert sevl_ranges_prepare() prepared
 * @s: the prepared insert
 */
void sevl_ranges_abort(struct sevl_ranges_slot *s)
{
	while (s->nr_spare)
		kfree(s->spare[--s->nr_spare]);
}

SEVL_EXPORT_FOR_KUNIT(sevl_ranges_abort);

static void *sevl_ranges_take(struct sevl_ranges *t, struct sevl_ranges_slot *s,
			      size_t size)
{
	t->bytes += kmalloc_size_roundup(size);
	return s->spare[--s->nr_spare];
}

/* Put @r in @f at address-order position @pos; @f has room. */
static void sevl_leaf_put(struct sevl_ranges_leaf *f, unsigned int pos,
			  const struct sevl_data_rec *r)
{
	memmove(&f->order[pos + 1], &f->order[pos], f->nr - pos);
	f->order[pos] = f->nr;
	f->rec[f->nr] = *r;
	f->nr++;
}

/*
 * Move the records of @f from address-order position @keep on to the
 * empty leaf @g, then close the holes they leave in @f's slots.
 */
static void sevl_leaf_split(struct sevl_ranges_leaf *f,
			    struct sevl_ranges_leaf *g, unsigned int keep)
{
	unsigned int i, j;
	u8 slot;

	g->nr = f->nr - keep;
	for (i = keep; i < f->nr; i++) {
		g->order[i - keep] = i - keep;
		g->rec[i - keep] = f->rec[f->order[i]];
	}
	/* As many kept records sit at or above slot @keep as holes below. */
	for (i = 0, j = keep; i < keep; i++) {
		slot = f->order[i];
		if (slot < keep)
			continue;
		while (f->order[j] >= keep)
			j++;
		f->rec[f->order[j]] = f->rec[slot];
		f->order[i] = f->order[j];
		j++;
	}
	f->nr = keep;
}

/*
 * Put (@key, @child) at @pos of the full @a, the entries from @nleft on
 * going to the empty @b.  Returns @b's lowest address.
 */
static u64 sevl_inner_split(struct sevl_ranges_inner *a,
			    struct sevl_ranges_inner *b, unsigned int pos,
			    u64 key, void *child, unsigned int nleft)
{
	unsigned int n = a->nr, i, k;

	/* Entry k of the n + 1 is a[k] before @pos, the new one, a[k - 1]. */
	for (k = nleft; k <= n; k++) {
		i = k - nleft;
		if (k < pos) {
			b->key[i] = a->key[k];
			b->child[i] = a->child[k];
		} else if (k == pos) {
			b->key[i] = key;
			b->child[i] = child;
		} else {
			b->key[i] = a->key[k - 1];
			b->child[i] = a->child[k - 1];
		}
	}
	b->nr = n + 1 - nleft;
	if (pos < nleft) {
		memmove(&a->key[pos + 1], &a->key[pos],
			(nleft - 1 - pos) * sizeof(a->key[0]));
		memmove(&a->child[pos + 1], &a->child[pos],
			(nleft - 1 - pos) * sizeof(a->child[0]));
		a->key[pos] = key;
		a->child[pos] = child;
	}
	a->nr = nleft;
	return b->key[0];
}

/**
 * sevl_ranges_commit() - add a range where sevl_ranges_prepare() found room
 * @t: the index, unchanged since sevl_ranges_prepare()
 * @s: the prepared insert; its nodes are used up
 * @r: the record, with the @gpa and @len it was prepared for; copied
 */
void sevl_ranges_commit(struct sevl_ranges *t, struct sevl_ranges_slot *s,
			const struct sevl_data_rec *r)
{
	struct sevl_ranges_leaf *f = s->leaf, *g;
	struct sevl_ranges_inner *in, *b;
	unsigned int pos = s->pos, keep, lvl, at;
	bool app, pre;
	void *child;
	u64 key;

	t->nr++;
	if (!f) {
		f = sevl_ranges_take(t, s, sizeof(*f));
		f->next = NULL;
		f->nr = 0;
		t->root = f;
		t->first = f;
		t->last = f;
		t->height = 1;
		sevl_leaf_put(f, 0, r);
		return;
	}
	if (f->nr < SEVL_LEAF_MAX) {
		sevl_leaf_put(f, pos, r);
		return;
	}

	/* At the edges the full part stays full (see the file comment). */
	app = f == t->last && pos == f->nr;
	pre = f == t->first && pos == 0;
	keep = app ? f->nr : pre ? 0 : f->nr / 2;
	g = sevl_ranges_take(t, s, sizeof(*g));
	sevl_leaf_split(f, g, keep);
	if (pos < keep || pre)
		sevl_leaf_put(f, pos, r);
	else
		sevl_leaf_put(g, pos - keep, r);
	g->next = f->next;
	f->next = g;
	if (t->last == f)
		t->last = g;
	key = sevl_leaf_rec(g, 0)->gpa;
	child = g;

	for (lvl = 1; lvl < t->height; lvl++) {
		in = s->path[lvl].node;
		at = s->path[lvl].idx + 1;
		if (in->nr < SEVL_INNER_MAX) {
			memmove(&in->key[at + 1], &in->key[at],
				(in->nr - at) * sizeof(in->key[0]));
			memmove(&in->child[at + 1], &in->child[at],
				(in->nr - at) * sizeof(in->child[0]));
			in->key[at] = key;
			in->child[at] = child;
			in->nr++;
			return;
		}
		b = sevl_ranges_take(t, s, sizeof(*b));
		keep = app ? in->nr : pre ? 1 : (in->nr + 1) / 2;
		key = sevl_inner_split(in, b, at, key, child, keep);
		child = b;
	}

	/* The root split: a new root above the old one and @child. */
	in = sevl_ranges_take(t, s, sizeof(*in));
	in->nr = 2;
	in->key[0] = 0;
	in->child[0] = t->root;
	in->key[1] = key;
	in->child[1] = child;
	t->root = in;
	t->height++;
}

SEVL_EXPORT_FOR_KUNIT(sevl_ranges_commit);

/**
 * sevl_ranges_insert() - add a range (prepare and commit in one)
 * @t: the index
 * @r: the record; copied
 *
 * Return: as sevl_ranges_prepare(); @t is unchanged on failure.
 */
int sevl_ranges_insert(struct sevl_ranges *t, const struct sevl_data_rec *r)
{
	struct sevl_ranges_slot s;
	int ret;

	ret = sevl_ranges_prepare(t, r->gpa, r->len, &s);
	if (!ret)
		sevl_ranges_commit(t, &s, r);
	return ret;
}

SEVL_EXPORT_FOR_KUNIT(sevl_ranges_insert);

/**
 * sevl_ranges_first() - start an in-order walk
 * @t: the index
 * @p: the walk's position
 *
 * Return: the record with the lowest address, or NULL if @t is empty.
 */
struct sevl_data_rec *sevl_ranges_first(const struct sevl_ranges *t,
					struct sevl_ranges_pos *p)
{
	p->leaf = t->first;
	p->i = 0;
	p->rec = p->leaf ? sevl_leaf_rec(p->leaf, 0) : NULL;
	return p->rec;
}

SEVL_EXPORT_FOR_KUNIT(sevl_ranges_first);

/**
 * sevl_ranges_next() - the next record of an in-order walk
 * @p: the walk's position, on a record
 *
 * Return: the record after @p->rec, or NULL after the last.
 */
struct sevl_data_rec *sevl_ranges_next(struct sevl_ranges_pos *p)
{
	if (++p->i == p->leaf->nr) {
		p->leaf = p->leaf->next;
		p->i = 0;
	}
	p->rec = p->leaf ? sevl_leaf_rec(p->leaf, p->i) : NULL;
	return p->rec;
}

SEVL_EXPORT_FOR_KUNIT(sevl_ranges_next);

static void sevl_ranges_free_inner(void *node, unsigned int lvl)
{
	struct sevl_ranges_inner *in = node;
	unsigned int i;

	if (!lvl)
		return;	/* a leaf: freed along the chain */
	for (i = 0; i < in->nr; i++)
		sevl_ranges_free_inner(in->child[i], lvl - 1);
	kfree(in);
}

/**
 * sevl_ranges_clear() - free the index's nodes and empty it
 * @t: the index; what its records reference is the caller's to release
 *	first
 */
void sevl_ranges_clear(struct sevl_ranges *t)
{
	struct sevl_ranges_leaf *f, *next;

	if (t->root)
		sevl_ranges_free_inner(t->root, t->height - 1);
	for (f = t->first; f; f = next) {
		next = f->next;
		kfree(f);
	}
	sevl_ranges_init(t);
}

SEVL_EXPORT_FOR_KUNIT(sevl_ranges_clear);
