/*
 * dcache.c - the dentry cache (Linux's fs/dcache.c): names bound to
 * inodes, or to nothing (negative dentries remember that a name does not
 * exist), found by (parent, name) in a hash table, each holding its
 * parent and its inode.
 *
 * A dentry nobody uses stays hashed and goes on the LRU list; the VFS
 * shrinker (vfs_shrink, registered with register_shrinker) frees them
 * oldest first under memory pressure, which releases their inodes and so
 * the inodes' page-cache pages. An unhashed dentry (unlinked, renamed
 * over, dropped) is freed as soon as its last user lets go.
 *
 * Dentries come from the slab cache "dentry"; names longer than the
 * inline DNAME_INLINE_LEN from "dname". The hash table is host memory; a
 * bucket is chosen from the name's hash and the parent's physical
 * address, so nothing depends on where the host put anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "slab.h"

#define D_HASH_SIZE	4096u

struct dentry_stat_t dentry_stat;
struct kmem_cache *dentry_cache;
struct kmem_cache *dname_cache;
static struct list_head *dentry_hashtable;
static struct list_head dentry_unused;	/* LRU: most recent at the head */

void dcache_init(void)
{
	unsigned int i;

	dentry_cache = kmem_cache_create("dentry", sizeof(struct dentry), 0,
					 SLAB_PANIC, NULL);
	dname_cache = kmem_cache_create("dname", NAME_MAX + 1, 0, SLAB_PANIC,
					NULL);
	dentry_hashtable = calloc(D_HASH_SIZE, sizeof(*dentry_hashtable));
	if (!dentry_hashtable) {
		fprintf(stderr, "i386mm: out of host memory\n");
		exit(1);
	}
	for (i = 0; i < D_HASH_SIZE; i++)
		INIT_LIST_HEAD(&dentry_hashtable[i]);
	INIT_LIST_HEAD(&dentry_unused);
	memset(&dentry_stat, 0, sizeof(dentry_stat));
}

void dcache_exit(void)
{
	if (dentry_cache)
		kmem_cache_destroy(dentry_cache);
	if (dname_cache)
		kmem_cache_destroy(dname_cache);
	dentry_cache = dname_cache = NULL;
	free(dentry_hashtable);
	dentry_hashtable = NULL;
}

unsigned long dcache_shrink_caches(void)
{
	unsigned long pages = 0;

	if (dentry_cache)
		pages += kmem_cache_shrink(dentry_cache);
	if (dname_cache)
		pages += kmem_cache_shrink(dname_cache);
	return pages;
}

/* Linux's partial_name_hash / end_name_hash */
unsigned int full_name_hash(const char *name, unsigned int len)
{
	unsigned long hash = 0;

	while (len--) {
		unsigned long c = (unsigned char)*name++;

		hash = (hash + (c << 4) + (c >> 4)) * 11;
	}
	return (unsigned int)hash;
}

static struct list_head *d_hash(const struct dentry *parent,
				unsigned int hash)
{
	uint32_t h = hash + __pa(parent) * 2654435761u;

	return &dentry_hashtable[(h ^ (h >> 12)) % D_HASH_SIZE];
}

int d_unhashed(const struct dentry *dentry)
{
	return (dentry->d_flags & DCACHE_UNHASHED) != 0;
}

int d_mountpoint(const struct dentry *dentry)
{
	return dentry->d_mounted > 0;
}

static inline int IS_ROOT(const struct dentry *dentry)
{
	return dentry == dentry->d_parent;
}

static void d_lru_del(struct dentry *dentry)
{
	if (dentry->d_flags & DCACHE_LRU) {
		list_del_init(&dentry->d_lru);
		dentry->d_flags &= ~DCACHE_LRU;
		dentry_stat.nr_unused--;
	}
}

struct dentry *dget(struct dentry *dentry)
{
	if (dentry) {
		if (!dentry->d_count)
			d_lru_del(dentry);
		dentry->d_count++;
	}
	return dentry;
}

struct dentry *d_alloc(struct dentry *parent, const struct qstr *name)
{
	struct dentry *dentry;
	char *dname;

	if (name->len > NAME_MAX)
		return NULL;
	dentry = kmem_cache_alloc(dentry_cache, GFP_KERNEL);
	if (!dentry)
		return NULL;
	memset(dentry, 0, sizeof(*dentry));
	if (name->len >= DNAME_INLINE_LEN) {
		dname = kmem_cache_alloc(dname_cache, GFP_KERNEL);
		if (!dname) {
			kmem_cache_free(dentry_cache, dentry);
			return NULL;
		}
	} else {
		dname = dentry->d_iname;
	}
	memcpy(dname, name->name, name->len);
	dname[name->len] = '\0';
	dentry->d_name.name = dname;
	dentry->d_name.len = name->len;
	dentry->d_name.hash = name->hash;
	dentry->d_count = 1;
	dentry->d_flags = DCACHE_UNHASHED;
	INIT_LIST_HEAD(&dentry->d_hash);
	INIT_LIST_HEAD(&dentry->d_lru);
	INIT_LIST_HEAD(&dentry->d_child);
	INIT_LIST_HEAD(&dentry->d_subdirs);
	INIT_LIST_HEAD(&dentry->d_alias);
	if (parent) {
		dentry->d_parent = dget(parent);
		dentry->d_sb = parent->d_sb;
		list_add(&dentry->d_child, &parent->d_subdirs);
	} else {
		dentry->d_parent = dentry;
	}
	dentry_stat.nr_dentry++;
	return dentry;
}

struct dentry *d_alloc_root(struct inode *root_inode)
{
	static const struct qstr slash = { "/", 1, 0 };
	struct dentry *dentry;

	if (!root_inode)
		return NULL;
	dentry = d_alloc(NULL, &slash);
	if (dentry) {
		dentry->d_sb = root_inode->i_sb;
		d_instantiate(dentry, root_inode);
	}
	return dentry;
}

void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	if (inode)
		list_add(&dentry->d_alias, &inode->i_dentry);
	dentry->d_inode = inode;
}

void d_rehash(struct dentry *dentry)
{
	if (!d_unhashed(dentry))
		return;
	list_add(&dentry->d_hash, d_hash(dentry->d_parent,
					 dentry->d_name.hash));
	dentry->d_flags &= ~DCACHE_UNHASHED;
}

void d_add(struct dentry *dentry, struct inode *inode)
{
	d_instantiate(dentry, inode);
	d_rehash(dentry);
}

void d_drop(struct dentry *dentry)
{
	if (d_unhashed(dentry))
		return;
	list_del_init(&dentry->d_hash);
	dentry->d_flags |= DCACHE_UNHASHED;
}

struct dentry *d_lookup(struct dentry *parent, const struct qstr *name)
{
	struct list_head *head = d_hash(parent, name->hash), *p;

	list_for_each(p, head) {
		struct dentry *d = list_entry(p, struct dentry, d_hash);

		if (d->d_parent == parent && d->d_name.hash == name->hash &&
		    d->d_name.len == name->len &&
		    !memcmp(d->d_name.name, name->name, name->len))
			return dget(d);
	}
	return NULL;
}

/* Unbind the inode: the dentry becomes negative. */
static void dentry_iput(struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	if (!inode)
		return;
	dentry->d_inode = NULL;
	list_del_init(&dentry->d_alias);
	iput(inode);
}

static void d_free_name(struct dentry *dentry)
{
	if (dentry->d_name.name != dentry->d_iname)
		kmem_cache_free(dname_cache, (void *)dentry->d_name.name);
}

/* Free an unused dentry; returns its parent, whose reference it held. */
static struct dentry *dentry_kill(struct dentry *dentry)
{
	struct dentry *parent = IS_ROOT(dentry) ? NULL : dentry->d_parent;

	d_lru_del(dentry);
	d_drop(dentry);
	list_del_init(&dentry->d_child);
	dentry_iput(dentry);
	if (dentry->d_op && dentry->d_op->d_release)
		dentry->d_op->d_release(dentry);
	d_free_name(dentry);
	kmem_cache_free(dentry_cache, dentry);
	dentry_stat.nr_dentry--;
	return parent;
}

void dput(struct dentry *dentry)
{
	while (dentry) {
		if (dentry->d_count <= 0) {
			fprintf(stderr, "i386mm: BUG: dput of an unused "
				"dentry %s\n", dentry->d_name.name);
			abort();
		}
		if (--dentry->d_count)
			return;
		if (!d_unhashed(dentry)) {
			list_add(&dentry->d_lru, &dentry_unused);
			dentry->d_flags |= DCACHE_LRU;
			dentry_stat.nr_unused++;
			return;
		}
		dentry = dentry_kill(dentry);
	}
}

void d_delete(struct dentry *dentry)
{
	if (dentry->d_count == 1) {	/* only the caller: keep as negative */
		dentry_iput(dentry);
		return;
	}
	d_drop(dentry);
}

/* Exchange two dentries' names without allocating (Linux's switch_names). */
static void switch_names(struct dentry *a, struct dentry *b)
{
	int a_ext = a->d_name.name != a->d_iname;
	int b_ext = b->d_name.name != b->d_iname;
	char tmp[DNAME_INLINE_LEN];
	struct qstr q;

	if (a_ext && b_ext) {
		q = a->d_name;
		a->d_name = b->d_name;
		b->d_name = q;
		return;
	}
	if (!a_ext && !b_ext) {
		memcpy(tmp, a->d_iname, DNAME_INLINE_LEN);
		memcpy(a->d_iname, b->d_iname, DNAME_INLINE_LEN);
		memcpy(b->d_iname, tmp, DNAME_INLINE_LEN);
		q = a->d_name;
		a->d_name.len = b->d_name.len;
		a->d_name.hash = b->d_name.hash;
		b->d_name.len = q.len;
		b->d_name.hash = q.hash;
		return;
	}
	if (a_ext) {		/* a external, b inline */
		q = a->d_name;
		memcpy(a->d_iname, b->d_iname, DNAME_INLINE_LEN);
		a->d_name.name = a->d_iname;
		a->d_name.len = b->d_name.len;
		a->d_name.hash = b->d_name.hash;
		b->d_name = q;
	} else {
		switch_names(b, a);
	}
}

void d_move(struct dentry *dentry, struct dentry *target)
{
	struct dentry *old_parent = dentry->d_parent;

	d_drop(dentry);
	d_drop(target);
	switch_names(dentry, target);
	if (target->d_parent != old_parent) {
		list_del(&dentry->d_child);
		dentry->d_parent = dget(target->d_parent);
		list_add(&dentry->d_child, &dentry->d_parent->d_subdirs);
	} else {
		old_parent = NULL;
	}
	d_rehash(dentry);
	dput(old_parent);
}

unsigned long prune_dcache(unsigned long count)
{
	unsigned long freed = 0;

	while (freed < count && !list_empty(&dentry_unused)) {
		struct dentry *dentry = list_entry(dentry_unused.prev,
						   struct dentry, d_lru);

		dput(dentry_kill(dentry));
		freed++;
	}
	return freed;
}

void shrink_dcache_sb(struct super_block *sb)
{
	int found;

	do {	/* freeing children puts their parents on the LRU */
		struct list_head *p, *n;

		found = 0;
		list_for_each_safe(p, n, &dentry_unused) {
			struct dentry *d = list_entry(p, struct dentry, d_lru);

			if (d->d_sb != sb)
				continue;
			dput(dentry_kill(d));
			found = 1;
			break;	/* the list may have changed anywhere */
		}
	} while (found);
}

static char *prepend(char *end, char *start, const char *s, unsigned int n)
{
	if (!end || end - start < (long)n)
		return NULL;
	end -= n;
	memcpy(end, s, n);
	return end;
}

char *d_path(const struct path *path, const struct path *root, char *buf,
	     int buflen)
{
	struct dentry *dentry = path->dentry;
	struct vfsmount *mnt = path->mnt;
	char *end = buf + buflen, *start;

	if (buflen < 2)
		return ERR_PTR(-ENAMETOOLONG);
	end = prepend(end, buf, "", 1);
	if (d_unhashed(dentry) && !IS_ROOT(dentry))
		end = prepend(end, buf, " (deleted)", 10);
	start = end;
	while (end && !(dentry == root->dentry && mnt == root->mnt)) {
		if (dentry == mnt->mnt_root || IS_ROOT(dentry)) {
			if (mnt->mnt_parent == mnt)	/* above the root */
				break;
			dentry = mnt->mnt_mountpoint;
			mnt = mnt->mnt_parent;
			continue;
		}
		end = prepend(end, buf, dentry->d_name.name,
			      dentry->d_name.len);
		end = prepend(end, buf, "/", 1);
		dentry = dentry->d_parent;
	}
	if (end && end == start)
		end = prepend(end, buf, "/", 1);
	return end ? end : ERR_PTR(-ENAMETOOLONG);
}
