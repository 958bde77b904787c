/*
 * tmpfs.c - a filesystem in memory only (Linux's ramfs, as tmpfs is
 * without swap): directories are their dentries (pinned, see libfs.c),
 * file data is page-cache pages and nothing else. Those pages are marked
 * dirty but never written back: there is nowhere to write them but swap,
 * where reclaim may put a regular file's pages (src/mm/shmem.c) until
 * they are read again. They go when the file is truncated or when its
 * inode goes, i.e. once the last name is unlinked and the last user has
 * let go.
 *
 * Symlink targets live in page 0 of the link's own page cache, as
 * ramfs's page_symlink keeps them.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "pagemap.h"
#include "shmem_fs.h"

static const struct inode_operations tmpfs_dir_inode_operations;
static const struct inode_operations tmpfs_file_inode_operations;
static const struct inode_operations tmpfs_symlink_inode_operations;

static int noop_fsync(struct file *file, int datasync)
{
	(void)file;
	(void)datasync;
	return 0;
}

/* Reclaim may write a file's pages to swap (src/mm/shmem.c). */
static const struct address_space_operations tmpfs_aops = {
	.readpage = shmem_readpage,
	.writepage = shmem_writepage,
	.set_page_dirty = __set_page_dirty_no_writeback,
};

static const struct file_operations tmpfs_file_operations = {
	.llseek = generic_file_llseek,
	.read = generic_file_read,
	.write = generic_file_write,
	.mmap = generic_file_mmap,
	.fsync = noop_fsync,
};

static struct inode *tmpfs_get_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_mode = mode;
	inode->i_mapping->a_ops = &tmpfs_aops;
	inode->i_mapping->flags |= AS_SWAPBACKED;
	switch (mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &tmpfs_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inc_nlink(inode);	/* "." */
		break;
	case S_IFLNK:
		inode->i_op = &tmpfs_symlink_inode_operations;
		break;
	default:
		inode->i_op = &tmpfs_file_inode_operations;
		inode->i_fop = &tmpfs_file_operations;
	}
	return inode;
}

struct inode *shmem_get_inode(struct super_block *sb, umode_t mode)
{
	return tmpfs_get_inode(sb, mode);
}

/* Bind a new inode to dentry and pin the dentry: the name now exists. */
static void tmpfs_instantiate(struct inode *dir, struct dentry *dentry,
			      struct inode *inode)
{
	d_instantiate(dentry, inode);
	dget(dentry);
	dir->i_mtime = dir->i_ctime = current_fs_time();
}

static int tmpfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	struct inode *inode = tmpfs_get_inode(dir->i_sb, mode);

	if (!inode)
		return -ENOSPC;
	tmpfs_instantiate(dir, dentry, inode);
	return 0;
}

static int tmpfs_create(struct inode *dir, struct dentry *dentry,
			umode_t mode)
{
	return tmpfs_mknod(dir, dentry, mode | S_IFREG);
}

static int tmpfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	int err = tmpfs_mknod(dir, dentry, mode | S_IFDIR);

	if (!err)
		inc_nlink(dir);		/* the new directory's ".." */
	return err;
}

static int tmpfs_symlink(struct inode *dir, struct dentry *dentry,
			 const char *target)
{
	size_t len = strlen(target);
	struct inode *inode;
	struct page *page;

	if (len >= PAGE_SIZE)
		return -ENAMETOOLONG;
	inode = tmpfs_get_inode(dir->i_sb, S_IFLNK | 0777);
	if (!inode)
		return -ENOSPC;
	page = grab_cache_page(inode->i_mapping, 0);
	if (!page) {
		iput(inode);
		return -ENOSPC;
	}
	memset(page_address(page), 0, PAGE_SIZE);
	memcpy(page_address(page), target, len);
	SetPageUptodate(page);
	set_page_dirty(page);
	put_page(page);
	inode->i_size = (loff_t)len;
	tmpfs_instantiate(dir, dentry, inode);
	return 0;
}

static int tmpfs_readlink(struct dentry *dentry, char *buf, int buflen)
{
	struct inode *inode = dentry->d_inode;
	struct page *page = find_get_page(inode->i_mapping, 0);
	int len = (int)inode->i_size;

	if (!page)
		return -EIO;
	if (len > buflen)
		len = buflen;
	memcpy(buf, page_address(page), (size_t)len);
	put_page(page);
	return len;
}

static int tmpfs_getattr(struct dentry *dentry, struct kstat *stat)
{
	struct inode *inode = dentry->d_inode;

	generic_fillattr(inode, stat);
	stat->blocks = (uint64_t)inode->i_data.nrpages << (PAGE_SHIFT - 9);
	return 0;
}

static const struct inode_operations tmpfs_dir_inode_operations = {
	.create = tmpfs_create,
	.lookup = simple_lookup,
	.link = simple_link,
	.unlink = simple_unlink,
	.symlink = tmpfs_symlink,
	.mkdir = tmpfs_mkdir,
	.rmdir = simple_rmdir,
	.rename = simple_rename,
	.getattr = tmpfs_getattr,
};

static const struct inode_operations tmpfs_file_inode_operations = {
	.setattr = simple_setattr,
	.getattr = tmpfs_getattr,
};

static const struct inode_operations tmpfs_symlink_inode_operations = {
	.readlink = tmpfs_readlink,
	.getattr = tmpfs_getattr,
};

/* Linux's default size: half of RAM. */
static int tmpfs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct super_block *sb = dentry->d_sb;
	struct inode *inode;
	uint64_t used = 0, files = 0;

	simple_statfs(dentry, buf);
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		used += inode->i_data.nrpages;
		files++;
	}
	buf->f_blocks = totalram_pages / 2;
	buf->f_bfree = buf->f_bavail = used < buf->f_blocks ?
				       buf->f_blocks - used : 0;
	buf->f_files = totalram_pages / 2;
	buf->f_ffree = files < buf->f_files ? buf->f_files - files : 0;
	return 0;
}

static const struct super_operations tmpfs_super_operations = {
	.statfs = tmpfs_statfs,
};

static int tmpfs_fill_super(struct super_block *sb, const void *data)
{
	struct inode *root;

	(void)data;
	sb->s_magic = TMPFS_MAGIC;
	sb->s_op = &tmpfs_super_operations;
	root = tmpfs_get_inode(sb, S_IFDIR | 01777);
	if (!root)
		return -ENOMEM;
	sb->s_root = d_alloc_root(root);
	if (!sb->s_root) {
		iput(root);
		return -ENOMEM;
	}
	return 0;
}

/* Drop every name's pin; the dentries then go with the super block. */
static void unpin_tree(struct dentry *dir)
{
	struct dentry *child, *next;

	list_for_each_entry_safe(child, next, &dir->d_subdirs, d_child) {
		if (!child->d_inode || d_unhashed(child))
			continue;
		if (S_ISDIR(child->d_inode->i_mode))
			unpin_tree(child);
		dput(child);
	}
}

static void tmpfs_kill_sb(struct super_block *sb)
{
	if (sb->s_root)
		unpin_tree(sb->s_root);
	kill_anon_super(sb);
}

struct file_system_type tmpfs_fs_type = {
	.name = "tmpfs",
	.fill_super = tmpfs_fill_super,
	.kill_sb = tmpfs_kill_sb,
};
