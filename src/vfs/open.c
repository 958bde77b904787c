/*
 * open.c - opening (Linux's open_namei, may_open, dentry_open), attribute
 * changes (notify_change, do_truncate) and stat.
 *
 * open with O_CREAT walks to the parent, creates the last component if
 * it is missing, and follows a final symlink itself (unless O_NOFOLLOW),
 * so a dangling link creates its target, as Linux does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "pagemap.h"

static int is_rdonly(const struct inode *inode)
{
	return (inode->i_sb->s_flags & MS_RDONLY) != 0;
}

int simple_setattr(struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = dentry->d_inode;

	if (attr->ia_valid & ATTR_SIZE)
		truncate_setsize(inode, attr->ia_size);
	if (attr->ia_valid & ATTR_MODE)
		inode->i_mode = (inode->i_mode & S_IFMT) |
				(attr->ia_mode & S_IALLUGO);
	if (attr->ia_valid & ATTR_UID)
		inode->i_uid = attr->ia_uid;
	if (attr->ia_valid & ATTR_GID)
		inode->i_gid = attr->ia_gid;
	if (attr->ia_valid & ATTR_ATIME)
		inode->i_atime = attr->ia_atime;
	if (attr->ia_valid & ATTR_MTIME)
		inode->i_mtime = attr->ia_mtime;
	if (attr->ia_valid & ATTR_CTIME)
		inode->i_ctime = attr->ia_ctime;
	return 0;
}

int notify_change(struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = dentry->d_inode;

	if (!inode)
		return -ENOENT;
	if (is_rdonly(inode))
		return -EROFS;
	if (attr->ia_valid & ATTR_SIZE) {
		if (S_ISDIR(inode->i_mode))
			return -EISDIR;
		if (!S_ISREG(inode->i_mode) || attr->ia_size < 0)
			return -EINVAL;
		if (attr->ia_size > inode->i_sb->s_maxbytes)
			return -EFBIG;
	}
	if (inode->i_op && inode->i_op->setattr)
		return inode->i_op->setattr(dentry, attr);
	return simple_setattr(dentry, attr);
}

static int do_truncate(struct dentry *dentry, loff_t length)
{
	struct iattr attr;

	if (length < 0)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.ia_valid = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME;
	attr.ia_size = length;
	attr.ia_mtime = attr.ia_ctime = current_fs_time();
	return notify_change(dentry, &attr);
}

int do_truncate_path(struct fs_struct *fs, const struct path *base,
		     const char *name, loff_t length)
{
	struct path path;
	int err = kern_path(fs, base, name, LOOKUP_FOLLOW, &path);

	if (err)
		return err;
	if (S_ISDIR(path.dentry->d_inode->i_mode))
		err = -EISDIR;
	else if (!S_ISREG(path.dentry->d_inode->i_mode))
		err = -EINVAL;
	else
		err = do_truncate(path.dentry, length);
	path_put(&path);
	return err;
}

int do_ftruncate(struct file *file, loff_t length)
{
	struct inode *inode = file->f_dentry->d_inode;

	if (length < 0 || !S_ISREG(inode->i_mode) ||
	    !(file->f_mode & FMODE_WRITE))
		return -EINVAL;
	return do_truncate(file->f_dentry, length);
}

int vfs_getattr(const struct path *path, struct kstat *stat)
{
	struct inode *inode = path->dentry->d_inode;

	memset(stat, 0, sizeof(*stat));
	if (!inode)
		return -ENOENT;
	if (inode->i_op && inode->i_op->getattr)
		return inode->i_op->getattr(path->dentry, stat);
	generic_fillattr(inode, stat);
	return 0;
}

int vfs_stat(struct fs_struct *fs, const struct path *base,
	     const char *name, unsigned int flags, struct kstat *stat)
{
	struct path path;
	int err = kern_path(fs, base, name, flags & LOOKUP_FOLLOW, &path);

	if (err)
		return err;
	err = vfs_getattr(&path, stat);
	path_put(&path);
	return err;
}

int do_access(struct fs_struct *fs, const struct path *base,
	      const char *name, int mask, unsigned int flags)
{
	struct inode *inode;
	struct path path;
	int err = kern_path(fs, base, name, flags & LOOKUP_FOLLOW, &path);

	if (err)
		return err;
	inode = path.dentry->d_inode;
	if ((mask & MAY_WRITE) && is_rdonly(inode) &&
	    (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode) ||
	     S_ISLNK(inode->i_mode)))
		err = -EROFS;
	else if ((mask & MAY_EXEC) && !S_ISDIR(inode->i_mode) &&
		 !(inode->i_mode & 0111))
		err = -EACCES;
	path_put(&path);
	return err;
}

int vfs_statfs(const struct path *path, struct kstatfs *buf)
{
	struct super_block *sb = path->dentry->d_sb;

	memset(buf, 0, sizeof(*buf));
	if (!sb->s_op || !sb->s_op->statfs)
		return -ENOSYS;
	return sb->s_op->statfs(path->dentry, buf);
}

static int acc_writes(unsigned int flags)
{
	unsigned int acc = flags & O_ACCMODE;

	return acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC);
}

/* Linux's may_open: is this open of this inode allowed? */
static int may_open(const struct path *path, unsigned int flags,
		    int created)
{
	struct inode *inode = path->dentry->d_inode;

	if (!inode)
		return -ENOENT;
	if (S_ISLNK(inode->i_mode))
		return -ELOOP;
	if (S_ISDIR(inode->i_mode) && acc_writes(flags))
		return -EISDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (acc_writes(flags) && is_rdonly(inode))
		return -EROFS;
	if ((flags & O_TRUNC) && S_ISREG(inode->i_mode) && !created)
		return do_truncate(path->dentry, 0);
	return 0;
}

/* Walk a symlink's text with LOOKUP_PARENT from the directory nd is in. */
static int follow_create_link(struct fs_struct *fs, struct nameidata *nd,
			      struct dentry *link)
{
	struct nameidata next;
	char *body = malloc(PATH_MAX);
	int len, err;

	if (!body)
		return -ENOMEM;
	len = vfs_readlink(link, body, PATH_MAX - 1);
	if (len <= 0) {
		free(body);
		return len ? len : -ENOENT;
	}
	body[len] = '\0';
	err = path_lookup(fs, &nd->path, body, LOOKUP_PARENT, &next);
	free(body);
	if (err)
		return err;
	path_release(nd);
	*nd = next;
	return 0;
}

/* open with O_CREAT: the result's references in *path. */
static int open_create(struct fs_struct *fs, const struct path *base,
		       const char *name, unsigned int flags, umode_t mode,
		       struct path *path, int *created)
{
	struct nameidata nd;
	struct dentry *dentry;
	int links = 0, err;

	err = path_lookup(fs, base, name, LOOKUP_PARENT, &nd);
	if (err)
		return err;
	for (;;) {
		if (nd.last_type != LAST_NORM ||
		    (nd.flags & LOOKUP_DIRECTORY)) {
			path_release(&nd);
			return -EISDIR;
		}
		dentry = lookup_hash(&nd.last, nd.path.dentry);
		if (IS_ERR(dentry)) {
			path_release(&nd);
			return (int)PTR_ERR(dentry);
		}
		if (!dentry->d_inode && !d_mountpoint(dentry)) {
			err = vfs_create(nd.path.dentry->d_inode, dentry, mode);
			*created = !err;
			break;
		}
		if (flags & O_EXCL) {
			err = -EEXIST;
			break;
		}
		if (!d_mountpoint(dentry) && S_ISLNK(dentry->d_inode->i_mode)) {
			if ((flags & O_NOFOLLOW) || ++links > MAX_LINK_COUNT) {
				err = -ELOOP;
				break;
			}
			err = follow_create_link(fs, &nd, dentry);
			dput(dentry);
			if (err) {
				path_release(&nd);
				return err;
			}
			continue;
		}
		break;
	}
	if (err) {
		dput(dentry);
		path_release(&nd);
		return err;
	}
	path->mnt = mntget(nd.path.mnt);
	path->dentry = dentry;
	path_release(&nd);
	follow_down(path);
	if (S_ISDIR(path->dentry->d_inode->i_mode)) {
		path_put(path);
		return -EISDIR;
	}
	return 0;
}

struct file *filp_open(struct fs_struct *fs, const struct path *base,
		       const char *name, unsigned int flags, umode_t mode)
{
	struct path path;
	struct file *file;
	int created = 0, err;

	if (flags & O_CREAT) {
		err = open_create(fs, base, name, flags, mode, &path, &created);
	} else {
		unsigned int lf = (flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
				  (flags & O_DIRECTORY ? LOOKUP_DIRECTORY : 0);

		err = kern_path(fs, base, name, lf, &path);
	}
	if (err)
		return ERR_PTR(err);
	err = may_open(&path, flags, created);
	if (err) {
		path_put(&path);
		return ERR_PTR(err);
	}
	file = dentry_open(&path, flags);
	path_put(&path);
	return file;
}
