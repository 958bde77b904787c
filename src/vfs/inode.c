/*
 * inode.c - inode objects (Linux's fs/inode.c): allocation from
 * "inode_cache" or the filesystem's own inode-info cache, the (sb, ino)
 * hash that makes two names of one host file share one inode (and one
 * page cache), reference counting, and the end of an inode's life.
 *
 * There is no cache of unused inodes: an inode lives while something
 * holds it, and dentries do (the dcache is where unused things wait to be
 * pruned). When the last reference goes, dirty pages of a file that still
 * has a name are written back, then the pages are dropped and the
 * filesystem releases what it keeps (host descriptors, tmpfs data).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "pagemap.h"
#include "slab.h"

#define INODE_HASH_SIZE	1024u

struct inodes_stat_t inodes_stat;
struct kmem_cache *inode_cachep;
static struct list_head *inode_hashtable;	/* host memory */

static const struct address_space_operations empty_aops;

void inode_cache_init(void)
{
	unsigned int i;

	inode_cachep = kmem_cache_create("inode_cache", sizeof(struct inode),
					 0, SLAB_PANIC, NULL);
	inode_hashtable = calloc(INODE_HASH_SIZE, sizeof(*inode_hashtable));
	if (!inode_hashtable) {
		fprintf(stderr, "i386mm: out of host memory\n");
		exit(1);
	}
	for (i = 0; i < INODE_HASH_SIZE; i++)
		INIT_LIST_HEAD(&inode_hashtable[i]);
	inodes_stat.nr_inodes = 0;
}

void inode_cache_exit(void)
{
	if (inode_cachep)
		kmem_cache_destroy(inode_cachep);
	inode_cachep = NULL;
	free(inode_hashtable);
	inode_hashtable = NULL;
}

unsigned long inode_cache_shrink(void)
{
	return inode_cachep ? kmem_cache_shrink(inode_cachep) : 0;
}

static struct list_head *inode_bucket(struct super_block *sb,
				      unsigned long ino)
{
	unsigned long h = ino * 2654435761u + sb->s_dev * 40503u;

	return &inode_hashtable[(h ^ (h >> 10)) % INODE_HASH_SIZE];
}

void inode_init_once(struct inode *inode)
{
	memset(inode, 0, sizeof(*inode));
	INIT_LIST_HEAD(&inode->i_hash);
	INIT_LIST_HEAD(&inode->i_sb_list);
	INIT_LIST_HEAD(&inode->i_list);
	INIT_LIST_HEAD(&inode->i_dentry);
	address_space_init(&inode->i_data, inode);
}

static struct inode *alloc_inode(struct super_block *sb)
{
	struct inode *inode;

	if (sb->s_op && sb->s_op->alloc_inode)
		inode = sb->s_op->alloc_inode(sb);
	else
		inode = kmem_cache_alloc(inode_cachep, GFP_KERNEL);
	if (!inode)
		return NULL;
	inode_init_once(inode);
	inode->i_count = 1;
	inode->i_nlink = 1;
	inode->i_sb = sb;
	inode->i_blkbits = PAGE_SHIFT;
	inode->i_mapping = &inode->i_data;
	inode->i_data.a_ops = &empty_aops;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_fs_time();
	list_add_tail(&inode->i_sb_list, &sb->s_inodes);
	inodes_stat.nr_inodes++;
	return inode;
}

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = alloc_inode(sb);

	if (inode)
		inode->i_ino = ++sb->s_next_ino;
	return inode;
}

struct inode *ilookup(struct super_block *sb, unsigned long ino)
{
	struct list_head *head = inode_bucket(sb, ino), *p;

	list_for_each(p, head) {
		struct inode *inode = list_entry(p, struct inode, i_hash);

		if (inode->i_sb == sb && inode->i_ino == ino &&
		    !(inode->i_state & I_FREEING)) {
			inode->i_count++;
			return inode;
		}
	}
	return NULL;
}

void insert_inode_hash(struct inode *inode)
{
	if (inode->i_state & I_HASHED)
		return;
	list_add(&inode->i_hash, inode_bucket(inode->i_sb, inode->i_ino));
	inode->i_state |= I_HASHED;
}

void remove_inode_hash(struct inode *inode)
{
	if (!(inode->i_state & I_HASHED))
		return;
	list_del_init(&inode->i_hash);
	inode->i_state &= ~I_HASHED;
}

struct inode *igrab(struct inode *inode)
{
	if (inode->i_state & I_FREEING)
		return NULL;
	inode->i_count++;
	return inode;
}

static void destroy_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	list_del(&inode->i_sb_list);
	inodes_stat.nr_inodes--;
	if (sb->s_op && sb->s_op->destroy_inode)
		sb->s_op->destroy_inode(inode);
	else
		kmem_cache_free(inode_cachep, inode);
}

/* The last reference went: write back, drop the pages, let the fs go. */
static void iput_final(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	inode->i_state |= I_FREEING;
	remove_inode_hash(inode);
	if (inode->i_nlink && (inode->i_state & I_DIRTY_PAGES))
		write_inode_now(inode);
	if (sb->s_op && sb->s_op->evict_inode)
		sb->s_op->evict_inode(inode);
	truncate_inode_pages(&inode->i_data, 0);
	inode_clear_dirty(inode);
	destroy_inode(inode);
}

void iput(struct inode *inode)
{
	if (!inode)
		return;
	if (inode->i_count <= 0) {
		fprintf(stderr, "i386mm: BUG: iput of a free inode %lu\n",
			inode->i_ino);
		abort();
	}
	if (--inode->i_count == 0)
		iput_final(inode);
}

void clear_nlink(struct inode *inode)
{
	inode->i_nlink = 0;
}

void set_nlink(struct inode *inode, uint32_t n)
{
	inode->i_nlink = n;
}

void inc_nlink(struct inode *inode)
{
	inode->i_nlink++;
}

void drop_nlink(struct inode *inode)
{
	if (inode->i_nlink)
		inode->i_nlink--;
}

void generic_fillattr(struct inode *inode, struct kstat *stat)
{
	stat->dev = inode->i_sb->s_dev;
	stat->ino = inode->i_ino;
	stat->mode = inode->i_mode;
	stat->nlink = inode->i_nlink;
	stat->uid = inode->i_uid;
	stat->gid = inode->i_gid;
	stat->rdev = inode->i_rdev;
	stat->size = inode->i_size;
	stat->atime = inode->i_atime;
	stat->mtime = inode->i_mtime;
	stat->ctime = inode->i_ctime;
	stat->blksize = 1u << inode->i_blkbits;
	stat->blocks = inode->i_blocks;
}
