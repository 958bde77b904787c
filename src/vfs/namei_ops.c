/*
 * namei_ops.c - operations on names (the vfs_* half of Linux's
 * fs/namei.c): create, mkdir, rmdir, unlink, symlink, link, rename,
 * readlink. The checks every filesystem would repeat are made here, in
 * Linux's order, so each error comes out as Linux gives it; the
 * filesystem's inode operation does the work, and the dcache is updated
 * after it (d_delete, d_move).
 *
 * The do_* functions take path names, relative to a base directory (the
 * *at calls) or to the process's working directory.
 */
#include <errno.h>
#include "internal.h"

static int is_rdonly(const struct inode *inode)
{
	return (inode->i_sb->s_flags & MS_RDONLY) != 0;
}

int vfs_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	if (dentry->d_inode || d_mountpoint(dentry))
		return -EEXIST;
	if (is_rdonly(dir))
		return -EROFS;
	if (!dir->i_op || !dir->i_op->create)
		return -EACCES;
	return dir->i_op->create(dir, dentry, (mode & S_IALLUGO) | S_IFREG);
}

int vfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	if (dentry->d_inode || d_mountpoint(dentry))
		return -EEXIST;
	if (is_rdonly(dir))
		return -EROFS;
	if (!dir->i_op || !dir->i_op->mkdir)
		return -EPERM;
	return dir->i_op->mkdir(dir, dentry, (mode & S_IALLUGO) | S_IFDIR);
}

int vfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	int err;

	if (!dentry->d_inode)
		return -ENOENT;
	if (!S_ISDIR(dentry->d_inode->i_mode))
		return -ENOTDIR;
	if (is_rdonly(dir))
		return -EROFS;
	if (!dir->i_op || !dir->i_op->rmdir)
		return -EPERM;
	if (d_mountpoint(dentry))
		return -EBUSY;
	err = dir->i_op->rmdir(dir, dentry);
	if (!err)
		d_delete(dentry);
	return err;
}

int vfs_unlink(struct inode *dir, struct dentry *dentry)
{
	int err;

	if (!dentry->d_inode)
		return -ENOENT;
	if (S_ISDIR(dentry->d_inode->i_mode))
		return -EISDIR;
	if (is_rdonly(dir))
		return -EROFS;
	if (!dir->i_op || !dir->i_op->unlink)
		return -EPERM;
	if (d_mountpoint(dentry))
		return -EBUSY;
	err = dir->i_op->unlink(dir, dentry);
	if (!err)
		d_delete(dentry);
	return err;
}

int vfs_symlink(struct inode *dir, struct dentry *dentry, const char *target)
{
	if (dentry->d_inode || d_mountpoint(dentry))
		return -EEXIST;
	if (is_rdonly(dir))
		return -EROFS;
	if (!dir->i_op || !dir->i_op->symlink)
		return -EPERM;
	return dir->i_op->symlink(dir, dentry, target);
}

int vfs_link(struct dentry *old, struct inode *dir, struct dentry *new)
{
	struct inode *inode = old->d_inode;

	if (!inode)
		return -ENOENT;
	if (new->d_inode || d_mountpoint(new))
		return -EEXIST;
	if (dir->i_sb != inode->i_sb)
		return -EXDEV;
	if (is_rdonly(dir))
		return -EROFS;
	if (S_ISDIR(inode->i_mode) || !dir->i_op || !dir->i_op->link)
		return -EPERM;
	return dir->i_op->link(old, dir, new);
}

int vfs_rename(struct inode *old_dir, struct dentry *old,
	       struct inode *new_dir, struct dentry *new)
{
	struct inode *source = old->d_inode, *target = new->d_inode;
	int is_dir, err;

	if (!source)
		return -ENOENT;
	if (source == target)
		return 0;
	is_dir = S_ISDIR(source->i_mode);
	if (target) {
		if (is_dir && !S_ISDIR(target->i_mode))
			return -ENOTDIR;
		if (!is_dir && S_ISDIR(target->i_mode))
			return -EISDIR;
	}
	if (old_dir->i_sb != new_dir->i_sb)
		return -EXDEV;
	if (is_rdonly(old_dir))
		return -EROFS;
	if (!old_dir->i_op || !old_dir->i_op->rename)
		return -EPERM;
	if (d_mountpoint(old) || d_mountpoint(new))
		return -EBUSY;
	err = old_dir->i_op->rename(old_dir, old, new_dir, new);
	if (!err)
		d_move(old, new);
	return err;
}

int vfs_readlink(struct dentry *dentry, char *buf, int buflen)
{
	struct inode *inode = dentry->d_inode;

	if (!inode || !S_ISLNK(inode->i_mode) || !inode->i_op ||
	    !inode->i_op->readlink)
		return -EINVAL;
	if (buflen <= 0)
		return -EINVAL;
	return inode->i_op->readlink(dentry, buf, buflen);
}

/* ------------------------------------------------------ by path name */

/* The parent of name and the (maybe negative) dentry of its last part. */
static int lookup_create(struct fs_struct *fs, const struct path *base,
			 const char *name, struct nameidata *nd,
			 struct dentry **dentryp)
{
	int err = path_lookup(fs, base, name, LOOKUP_PARENT, nd);
	struct dentry *dentry = NULL;

	if (err)
		return err;
	if (nd->last_type != LAST_NORM) {
		path_release(nd);
		return -EEXIST;
	}
	dentry = lookup_hash(&nd->last, nd->path.dentry);
	if (IS_ERR(dentry)) {
		path_release(nd);
		return (int)PTR_ERR(dentry);
	}
	*dentryp = dentry;
	return 0;
}

int do_mkdir(struct fs_struct *fs, const struct path *base,
	     const char *name, umode_t mode)
{
	struct nameidata nd;
	struct dentry *dentry = NULL;
	int err = lookup_create(fs, base, name, &nd, &dentry);

	if (err)
		return err;
	err = vfs_mkdir(nd.path.dentry->d_inode, dentry, mode);
	dput(dentry);
	path_release(&nd);
	return err;
}

int do_symlink(struct fs_struct *fs, const char *target,
	       const struct path *base, const char *name)
{
	struct nameidata nd;
	struct dentry *dentry = NULL;
	size_t len = strnlen(target, PATH_MAX);
	int err;

	if (!len)
		return -ENOENT;
	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	err = lookup_create(fs, base, name, &nd, &dentry);
	if (err)
		return err;
	if (nd.flags & LOOKUP_DIRECTORY)	/* "name/": not a symlink */
		err = dentry->d_inode ? -EEXIST : -ENOENT;
	else
		err = vfs_symlink(nd.path.dentry->d_inode, dentry, target);
	dput(dentry);
	path_release(&nd);
	return err;
}

/* The positive dentry of name's last component, for rmdir and unlink. */
static int lookup_victim(struct fs_struct *fs, const struct path *base,
			 const char *name, struct nameidata *nd,
			 struct dentry **dentryp, int rmdir)
{
	int err = path_lookup(fs, base, name, LOOKUP_PARENT, nd);
	struct dentry *dentry = NULL;

	if (err)
		return err;
	switch (nd->last_type) {
	case LAST_NORM:
		break;
	case LAST_DOTDOT:
		err = rmdir ? -ENOTEMPTY : -EISDIR;
		break;
	case LAST_DOT:
		err = rmdir ? -EINVAL : -EISDIR;
		break;
	default:
		err = rmdir ? -EBUSY : -EISDIR;
	}
	if (err) {
		path_release(nd);
		return err;
	}
	dentry = lookup_hash(&nd->last, nd->path.dentry);
	if (IS_ERR(dentry)) {
		path_release(nd);
		return (int)PTR_ERR(dentry);
	}
	if (!dentry->d_inode && !d_mountpoint(dentry)) {
		dput(dentry);
		path_release(nd);
		return -ENOENT;
	}
	*dentryp = dentry;
	return 0;
}

int do_rmdir(struct fs_struct *fs, const struct path *base,
	     const char *name)
{
	struct nameidata nd;
	struct dentry *dentry = NULL;
	int err = lookup_victim(fs, base, name, &nd, &dentry, 1);

	if (err)
		return err;
	err = d_mountpoint(dentry) ? -EBUSY :
	      vfs_rmdir(nd.path.dentry->d_inode, dentry);
	dput(dentry);
	path_release(&nd);
	return err;
}

int do_unlink(struct fs_struct *fs, const struct path *base,
	      const char *name)
{
	struct nameidata nd;
	struct dentry *dentry = NULL;
	struct inode *inode;
	int err = lookup_victim(fs, base, name, &nd, &dentry, 0);

	if (err)
		return err;
	inode = dentry->d_inode;
	if (d_mountpoint(dentry))
		err = -EBUSY;
	else if ((nd.flags & LOOKUP_DIRECTORY) && !S_ISDIR(inode->i_mode))
		err = -ENOTDIR;		/* "file/" */
	else
		err = vfs_unlink(nd.path.dentry->d_inode, dentry);
	dput(dentry);
	path_release(&nd);
	return err;
}

int do_link(struct fs_struct *fs, const struct path *oldbase,
	    const char *oldname, const struct path *newbase,
	    const char *newname, unsigned int lookup_flags)
{
	struct nameidata nd;
	struct dentry *dentry = NULL;
	struct path old;
	int err = kern_path(fs, oldbase, oldname, lookup_flags & LOOKUP_FOLLOW,
			    &old);

	if (err)
		return err;
	err = lookup_create(fs, newbase, newname, &nd, &dentry);
	if (err) {
		path_put(&old);
		return err;
	}
	if (nd.path.mnt != old.mnt)
		err = -EXDEV;
	else
		err = vfs_link(old.dentry, nd.path.dentry->d_inode, dentry);
	dput(dentry);
	path_release(&nd);
	path_put(&old);
	return err;
}

/* Is a an ancestor of (or) b, within one filesystem? */
static int is_ancestor(const struct dentry *a, const struct dentry *b)
{
	for (;;) {
		if (a == b)
			return 1;
		if (b == b->d_parent)
			return 0;
		b = b->d_parent;
	}
}

static int rename_dentries(struct nameidata *oldnd, struct nameidata *newnd)
{
	struct dentry *old, *new;
	int err;

	old = lookup_hash(&oldnd->last, oldnd->path.dentry);
	if (IS_ERR(old))
		return (int)PTR_ERR(old);
	err = -ENOENT;
	if (!old->d_inode)
		goto out_old;
	err = -ENOTDIR;
	if (!S_ISDIR(old->d_inode->i_mode) &&
	    ((oldnd->flags | newnd->flags) & LOOKUP_DIRECTORY))
		goto out_old;
	new = lookup_hash(&newnd->last, newnd->path.dentry);
	if (IS_ERR(new)) {
		err = (int)PTR_ERR(new);
		goto out_old;
	}
	if (is_ancestor(old, newnd->path.dentry))
		err = old == new ? 0 : -EINVAL;
	else if (new->d_inode && is_ancestor(new, oldnd->path.dentry))
		err = -ENOTEMPTY;
	else
		err = vfs_rename(oldnd->path.dentry->d_inode, old,
				 newnd->path.dentry->d_inode, new);
	dput(new);
out_old:
	dput(old);
	return err;
}

int do_rename(struct fs_struct *fs, const struct path *oldbase,
	      const char *oldname, const struct path *newbase,
	      const char *newname)
{
	struct nameidata oldnd, newnd;
	int err = path_lookup(fs, oldbase, oldname, LOOKUP_PARENT, &oldnd);

	if (err)
		return err;
	err = path_lookup(fs, newbase, newname, LOOKUP_PARENT, &newnd);
	if (err) {
		path_release(&oldnd);
		return err;
	}
	if (oldnd.path.mnt != newnd.path.mnt)
		err = -EXDEV;
	else if (oldnd.last_type != LAST_NORM ||
		 newnd.last_type != LAST_NORM)
		err = -EBUSY;
	else
		err = rename_dentries(&oldnd, &newnd);
	path_release(&newnd);
	path_release(&oldnd);
	return err;
}

int do_readlink(struct fs_struct *fs, const struct path *base,
		const char *name, char *buf, int buflen)
{
	struct path path;
	int err = kern_path(fs, base, name, 0, &path);

	if (err)
		return err;
	err = vfs_readlink(path.dentry, buf, buflen);
	path_put(&path);
	return err;
}
