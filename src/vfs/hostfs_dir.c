/*
 * hostfs_dir.c - hostfs directories and symlinks: lookup (fstatat
 * without following), the namespace operations of a --root-rw mount
 * (each a *at call on the parent's descriptor), listing, readlink.
 *
 * A listing is read whole from the host when a listing starts (position
 * 0 or 2), sorted by name, and kept with the open file, so positions are
 * indices into one fixed order however the host orders its directory.
 * Mount points that do not exist on the host are listed as directories.
 */
#define _GNU_SOURCE	/* O_PATH */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hostfs.h"
#include "pagemap.h"

static struct dentry *hostfs_lookup(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = NULL;
	struct stat st;
	int dirfd = hostfs_fd(dentry->d_parent, 0);

	(void)dir;
	if (dirfd < 0)
		return ERR_PTR(dirfd);
	if (fstatat(dirfd, dentry->d_name.name, &st, AT_SYMLINK_NOFOLLOW)) {
		if (errno != ENOENT)
			return ERR_PTR(host_err());
	} else {
		inode = hostfs_iget(dentry->d_sb, &st);
		if (IS_ERR(inode))
			return ERR_PTR(PTR_ERR(inode));
	}
	d_add(dentry, inode);
	return NULL;
}

/* After a host call created name in the parent: bind its inode. */
static int instantiate_new(struct dentry *dentry, int dirfd, int fd)
{
	struct inode *inode;
	struct stat st;
	int err = fd >= 0 ? fstat(fd, &st)
			  : fstatat(dirfd, dentry->d_name.name, &st,
				    AT_SYMLINK_NOFOLLOW);

	if (err) {
		err = host_err();
		if (fd >= 0)
			close(fd);
		return err;
	}
	inode = hostfs_iget(dentry->d_sb, &st);
	if (IS_ERR(inode)) {
		if (fd >= 0)
			close(fd);
		return (int)PTR_ERR(inode);
	}
	if (fd >= 0)		/* keep the new file's descriptor */
		hostfs_install_fd(HOSTFS_I(inode), fd, 1);
	d_instantiate(dentry, inode);
	return 0;
}

static int hostfs_create(struct inode *dir, struct dentry *dentry,
			 umode_t mode)
{
	int dirfd = hostfs_fd(dentry->d_parent, 0), fd;

	if (dirfd < 0)
		return dirfd;
	fd = openat(dirfd, dentry->d_name.name, O_CREAT | O_EXCL | O_RDWR |
		    O_NOFOLLOW | O_CLOEXEC, mode & 07777);
	if (fd < 0)
		return host_err();
	dir->i_mtime = dir->i_ctime = current_fs_time();
	return instantiate_new(dentry, dirfd, fd);
}

static int hostfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	int dirfd = hostfs_fd(dentry->d_parent, 0), err;

	if (dirfd < 0)
		return dirfd;
	if (mkdirat(dirfd, dentry->d_name.name, mode & 07777))
		return host_err();
	err = instantiate_new(dentry, dirfd, -1);
	if (!err)
		inc_nlink(dir);
	return err;
}

static int hostfs_symlink(struct inode *dir, struct dentry *dentry,
			  const char *target)
{
	int dirfd = hostfs_fd(dentry->d_parent, 0);

	(void)dir;
	if (dirfd < 0)
		return dirfd;
	if (symlinkat(target, dirfd, dentry->d_name.name))
		return host_err();
	return instantiate_new(dentry, dirfd, -1);
}

static int hostfs_link(struct dentry *old, struct inode *dir,
		       struct dentry *new)
{
	int olddir = hostfs_parent_fd(old), newdir;
	struct inode *inode = old->d_inode;

	(void)dir;
	if (olddir < 0)
		return olddir;
	newdir = hostfs_fd(new->d_parent, 0);
	if (newdir < 0)
		return newdir;
	if (linkat(olddir, old->d_name.name, newdir, new->d_name.name, 0))
		return host_err();
	inc_nlink(inode);
	igrab(inode);
	d_instantiate(new, inode);
	return 0;
}

/*
 * A file losing a name on the host may still be open or mapped: its
 * descriptor must stay, since no name may lead to it any more.
 */
static int keep_data_reachable(struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;
	int fd;

	if (!S_ISREG(inode->i_mode))
		return 0;
	fd = hostfs_fd(dentry, 0);
	if (fd < 0)
		return fd;
	HOSTFS_I(inode)->keep_open = 1;
	return 0;
}

static int hostfs_unlink(struct inode *dir, struct dentry *dentry)
{
	int dirfd = hostfs_parent_fd(dentry), err;

	if (dirfd < 0)
		return dirfd;
	err = keep_data_reachable(dentry);
	if (err)
		return err;
	if (unlinkat(dirfd, dentry->d_name.name, 0))
		return host_err();
	drop_nlink(dentry->d_inode);
	if (!dentry->d_inode->i_nlink)	/* the host may reuse its number */
		remove_inode_hash(dentry->d_inode);
	dir->i_mtime = dir->i_ctime = current_fs_time();
	return 0;
}

static int hostfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	int dirfd = hostfs_parent_fd(dentry);

	if (dirfd < 0)
		return dirfd;
	if (unlinkat(dirfd, dentry->d_name.name, AT_REMOVEDIR))
		return host_err();
	clear_nlink(dentry->d_inode);
	remove_inode_hash(dentry->d_inode);
	hostfs_close_fd(HOSTFS_I(dentry->d_inode));
	drop_nlink(dir);
	return 0;
}

static int hostfs_rename(struct inode *old_dir, struct dentry *old,
			 struct inode *new_dir, struct dentry *new)
{
	int olddir = hostfs_parent_fd(old), newdir, err;
	struct inode *victim = new->d_inode;

	if (olddir < 0)
		return olddir;
	newdir = hostfs_fd(new->d_parent, 0);
	if (newdir < 0)
		return newdir;
	if (victim) {
		err = keep_data_reachable(new);
		if (err)
			return err;
	}
	if (renameat(olddir, old->d_name.name, newdir, new->d_name.name))
		return host_err();
	if (victim) {
		if (S_ISDIR(victim->i_mode)) {
			clear_nlink(victim);
			drop_nlink(new_dir);
		} else {
			drop_nlink(victim);
		}
		if (!victim->i_nlink)
			remove_inode_hash(victim);
	}
	if (S_ISDIR(old->d_inode->i_mode) && old_dir != new_dir) {
		drop_nlink(old_dir);
		inc_nlink(new_dir);
	}
	return 0;
}

static int hostfs_readlink(struct dentry *dentry, char *buf, int buflen)
{
	int dirfd = hostfs_parent_fd(dentry);
	ssize_t n;

	if (dirfd < 0)
		return dirfd;
	n = readlinkat(dirfd, dentry->d_name.name, buf, (size_t)buflen);
	if (n < 0)
		return host_err();
	return (int)n;
}

static int hostfs_setattr(struct dentry *dentry, struct iattr *attr)
{
	int dirfd, err;

	if (dentry == dentry->d_sb->s_root)
		return -EPERM;
	dirfd = hostfs_parent_fd(dentry);
	if (dirfd < 0)
		return dirfd;
	if (attr->ia_valid & ATTR_SIZE) {
		int fd = hostfs_fd(dentry, 1);

		if (fd < 0)
			return fd;
		if (ftruncate(fd, attr->ia_size))
			return host_err();
	}
	if ((attr->ia_valid & ATTR_MODE) &&
	    fchmodat(dirfd, dentry->d_name.name, attr->ia_mode & 07777, 0))
		return host_err();
	if ((attr->ia_valid & (ATTR_UID | ATTR_GID)) &&
	    fchownat(dirfd, dentry->d_name.name,
		     attr->ia_valid & ATTR_UID ? attr->ia_uid : (uid_t)-1,
		     attr->ia_valid & ATTR_GID ? attr->ia_gid : (gid_t)-1,
		     AT_SYMLINK_NOFOLLOW))
		return host_err();
	/* only times a caller sets reach the host; the host keeps its own */
	if ((attr->ia_valid & ATTR_TIMES_SET) &&
	    (attr->ia_valid & (ATTR_ATIME | ATTR_MTIME))) {
		struct timespec ts[2] = {
			{ 0, UTIME_OMIT }, { 0, UTIME_OMIT }
		};

		if (attr->ia_valid & ATTR_ATIME)
			ts[0] = attr->ia_atime;
		if (attr->ia_valid & ATTR_MTIME)
			ts[1] = attr->ia_mtime;
		if (utimensat(dirfd, dentry->d_name.name, ts,
			      AT_SYMLINK_NOFOLLOW))
			return host_err();
	}
	err = simple_setattr(dentry, attr);
	return err;
}

static int hostfs_getattr(struct dentry *dentry, struct kstat *stat)
{
	struct inode *inode = dentry->d_inode;
	struct stat st;
	int fd = hostfs_inode_fd(inode);

	/* the host's block count, once dirty data has reached it */
	if (fd >= 0 && !(inode->i_state & I_DIRTY_PAGES) && !fstat(fd, &st))
		inode->i_blocks = (uint64_t)st.st_blocks;
	generic_fillattr(inode, stat);
	return 0;
}

const struct inode_operations hostfs_dir_inode_operations = {
	.create = hostfs_create,
	.lookup = hostfs_lookup,
	.link = hostfs_link,
	.unlink = hostfs_unlink,
	.symlink = hostfs_symlink,
	.mkdir = hostfs_mkdir,
	.rmdir = hostfs_rmdir,
	.rename = hostfs_rename,
	.setattr = hostfs_setattr,
	.getattr = hostfs_getattr,
};

const struct inode_operations hostfs_symlink_inode_operations = {
	.readlink = hostfs_readlink,
	.getattr = hostfs_getattr,
};

const struct inode_operations hostfs_file_inode_operations = {
	.setattr = hostfs_setattr,
	.getattr = hostfs_getattr,
};

/* ---------------------------------------------------------- listing */

struct host_dirent {
	uint64_t ino;
	unsigned int type;
	char *name;
};

struct host_dirlist {
	size_t n;
	struct host_dirent *e;
};

static void dirlist_free(struct host_dirlist *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->e[i].name);
	free(l->e);
	free(l);
}

static int dirlist_add(struct host_dirlist *l, size_t *cap, uint64_t ino,
		       unsigned int type, const char *name)
{
	if (l->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		struct host_dirent *e = realloc(l->e, ncap * sizeof(*e));

		if (!e)
			return -ENOMEM;
		l->e = e;
		*cap = ncap;
	}
	l->e[l->n].name = strdup(name);
	if (!l->e[l->n].name)
		return -ENOMEM;
	l->e[l->n].ino = ino;
	l->e[l->n].type = type;
	l->n++;
	return 0;
}

static int dirlist_has(const struct host_dirlist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->e[i].name, name))
			return 1;
	return 0;
}

static int cmp_dirent(const void *a, const void *b)
{
	return strcmp(((const struct host_dirent *)a)->name,
		      ((const struct host_dirent *)b)->name);
}

static int read_host_dir(int dirfd, struct host_dirlist *l, size_t *cap)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;
	int err = 0;

	if (fd < 0)
		return host_err();
	d = fdopendir(fd);
	if (!d) {
		err = host_err();
		close(fd);
		return err;
	}
	while (!err && (de = readdir(d))) {
		unsigned int type = de->d_type;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (type == DT_UNKNOWN &&
		    !fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			type = mode_to_dt((umode_t)st.st_mode);
		err = dirlist_add(l, cap, de->d_ino, type, de->d_name);
	}
	closedir(d);
	return err;
}

static struct host_dirlist *hostfs_read_dir(struct dentry *dentry)
{
	struct host_dirlist *l = calloc(1, sizeof(*l));
	struct dentry *child;
	size_t cap = 0;
	int dirfd = hostfs_fd(dentry, 0), err;

	if (!l)
		return ERR_PTR(-ENOMEM);
	err = dirfd < 0 ? dirfd : read_host_dir(dirfd, l, &cap);
	/* mount points the host directory lacks */
	list_for_each_entry(child, &dentry->d_subdirs, d_child) {
		if (err || !d_mountpoint(child) || child->d_inode ||
		    dirlist_has(l, child->d_name.name))
			continue;
		err = dirlist_add(l, &cap, 0, DT_DIR, child->d_name.name);
	}
	if (err) {
		dirlist_free(l);
		return ERR_PTR(err);
	}
	qsort(l->e, l->n, sizeof(*l->e), cmp_dirent);
	return l;
}

static int hostfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct host_dirlist *l = file->private_data;
	size_t i;

	if (!dir_emit_dots(file, ctx))
		return 0;
	if (!l || ctx->pos == 2) {	/* a listing starts: read it afresh */
		struct host_dirlist *fresh = hostfs_read_dir(file->f_dentry);

		if (IS_ERR(fresh))
			return (int)PTR_ERR(fresh);
		dirlist_free(l);
		file->private_data = l = fresh;
	}
	for (i = (size_t)ctx->pos - 2; i < l->n; i++) {
		if (ctx->actor(ctx, l->e[i].name, (int)strlen(l->e[i].name),
			       ctx->pos, l->e[i].ino, l->e[i].type))
			break;
		ctx->pos++;
	}
	return 0;
}

static int hostfs_dir_release(struct inode *inode, struct file *file)
{
	(void)inode;
	dirlist_free(file->private_data);
	file->private_data = NULL;
	return 0;
}

static int hostfs_dir_fsync(struct file *file, int datasync)
{
	(void)file;
	(void)datasync;
	return 0;
}

const struct file_operations hostfs_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = hostfs_iterate,
	.release = hostfs_dir_release,
	.fsync = hostfs_dir_fsync,
};
