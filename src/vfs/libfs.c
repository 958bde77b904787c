/*
 * libfs.c - helpers for filesystems whose whole tree lives in the dcache
 * (Linux's fs/libfs.c): tmpfs and devfs. Such a filesystem pins each of
 * its dentries with an extra reference when it creates the name, so the
 * shrinker never frees them, and unpins on unlink. A directory's
 * d_subdirs is then its complete content, and listing it is listing
 * them, sorted by name so the order never depends on creation history.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct dentry *simple_lookup(struct inode *dir, struct dentry *dentry)
{
	(void)dir;
	if (dentry->d_name.len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	d_add(dentry, NULL);
	return NULL;
}

static int positive(const struct dentry *d)
{
	return d->d_inode && !d_unhashed(d);
}

int simple_empty(struct dentry *dentry)
{
	struct dentry *child;

	list_for_each_entry(child, &dentry->d_subdirs, d_child)
		if (positive(child))
			return 0;
	return 1;
}

int simple_link(struct dentry *old, struct inode *dir, struct dentry *new)
{
	struct inode *inode = old->d_inode;

	inode->i_ctime = dir->i_ctime = dir->i_mtime = current_fs_time();
	inc_nlink(inode);
	igrab(inode);
	dget(new);		/* the pin */
	d_instantiate(new, inode);
	return 0;
}

int simple_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	inode->i_ctime = dir->i_ctime = dir->i_mtime = current_fs_time();
	drop_nlink(inode);
	dput(dentry);		/* the pin */
	return 0;
}

int simple_rmdir(struct inode *dir, struct dentry *dentry)
{
	if (!simple_empty(dentry))
		return -ENOTEMPTY;
	drop_nlink(dentry->d_inode);	/* its "." */
	simple_unlink(dir, dentry);
	drop_nlink(dir);		/* its ".." */
	return 0;
}

int simple_rename(struct inode *old_dir, struct dentry *old,
		  struct inode *new_dir, struct dentry *new)
{
	struct inode *inode = old->d_inode;
	int they_are_dirs = S_ISDIR(inode->i_mode);

	if (new->d_inode && !simple_empty(new))
		return -ENOTEMPTY;
	if (new->d_inode) {
		simple_unlink(new_dir, new);
		if (they_are_dirs) {
			drop_nlink(new->d_inode);
			drop_nlink(old_dir);
		}
	} else if (they_are_dirs) {
		drop_nlink(old_dir);
		inc_nlink(new_dir);
	}
	old_dir->i_ctime = old_dir->i_mtime = new_dir->i_ctime =
		new_dir->i_mtime = inode->i_ctime = current_fs_time();
	return 0;
}

int simple_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	buf->f_type = dentry->d_sb->s_magic;
	buf->f_bsize = buf->f_frsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	return 0;
}

int dir_emit_dots(struct file *file, struct dir_context *ctx)
{
	struct dentry *d = file->f_dentry;

	if (ctx->pos == 0) {
		if (ctx->actor(ctx, ".", 1, 0, d->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct inode *parent = d->d_parent->d_inode;

		if (ctx->actor(ctx, "..", 2, 1, parent->i_ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	return 1;
}

static int cmp_dentry_names(const void *a, const void *b)
{
	const struct dentry *x = *(struct dentry *const *)a;
	const struct dentry *y = *(struct dentry *const *)b;

	return strcmp(x->d_name.name, y->d_name.name);
}

int dcache_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_dentry, *child, **v;
	size_t n = 0, i;

	if (!dir_emit_dots(file, ctx))
		return 0;
	list_for_each_entry(child, &dir->d_subdirs, d_child)
		n += positive(child);
	if (!n)
		return 0;
	v = malloc(n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	i = 0;
	list_for_each_entry(child, &dir->d_subdirs, d_child)
		if (positive(child))
			v[i++] = child;
	qsort(v, n, sizeof(*v), cmp_dentry_names);
	for (i = (size_t)ctx->pos - 2; i < n; i++) {
		struct inode *inode = v[i]->d_inode;

		if (ctx->actor(ctx, v[i]->d_name.name, (int)v[i]->d_name.len,
			       ctx->pos, inode->i_ino,
			       mode_to_dt(inode->i_mode)))
			break;
		ctx->pos++;
	}
	free(v);
	return 0;
}

static int noop_fsync(struct file *file, int datasync)
{
	(void)file;
	(void)datasync;
	return 0;
}

const struct file_operations simple_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = dcache_readdir,
	.fsync = noop_fsync,
};

const struct inode_operations simple_dir_inode_operations = {
	.lookup = simple_lookup,
};
