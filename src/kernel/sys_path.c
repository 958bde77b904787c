/*
 * sys_path.c - getting names from user space and finding where they
 * start (the *at calls' dirfd), and the calls about the working
 * directory and access rights: getcwd, chdir, fchdir, umask, access,
 * faccessat, faccessat2, readlink, readlinkat.
 *
 * Every path is a guest path, walked by the VFS inside the guest's root
 * (current->fs): no name reaches outside it (fs.h, hostfs). Access is
 * judged as Linux's generic_permission does with the real (or, with
 * AT_EACCESS, effective) ids: the owner's, the group's or the others'
 * bits, and root passes every check but execute, which needs some x bit
 * on anything that is not a directory.
 */
#include <errno.h>
#include <string.h>

#include "fdtable.h"
#include "fs.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define ACCESS_MODES	7	/* R_OK | W_OK | X_OK */

long getname(uint32_t upath, char *buf, int empty_ok)
{
	long len = strncpy_from_user(buf, upath, PATH_MAX);

	if (len < 0)
		return len;
	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	if (len == 0 && !empty_ok)
		return -ENOENT;
	return len;
}

long at_base_get(int dfd, const char *name, struct path *base,
		 const struct path **basep)
{
	struct file *file;

	*basep = NULL;
	if (name[0] == '/' || dfd == GUEST_AT_FDCWD)
		return 0;
	file = fget(dfd);
	if (!file)
		return -EBADF;
	if (!S_ISDIR(file->f_dentry->d_inode->i_mode)) {
		fput(file);
		return -ENOTDIR;
	}
	*base = file->f_path;
	path_get(base);
	fput(file);
	*basep = base;
	return 0;
}

SYSCALL_DEFINE2(getcwd, uint32_t, ubuf, uint32_t, size)
{
	static char buf[PATH_MAX];
	struct fs_struct *fs = current->fs;
	const char *cwd;
	uint32_t len;

	if (d_unhashed(fs->pwd.dentry) &&
	    fs->pwd.dentry != fs->pwd.mnt->mnt_root)
		return -ENOENT;		/* the cwd was removed */
	cwd = d_path(&fs->pwd, &fs->root, buf, sizeof(buf));
	if (IS_ERR(cwd))
		return PTR_ERR(cwd);
	len = (uint32_t)strlen(cwd) + 1;
	if (size < len)
		return -ERANGE;
	return copy_to_user(ubuf, cwd, len) ? -EFAULT : (long)len;
}

SYSCALL_DEFINE1(chdir, uint32_t, upath)
{
	char name[PATH_MAX];
	long err = getname(upath, name, 0);

	return err < 0 ? err : do_chdir(current->fs, NULL, name);
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct file *file = fget(fd);
	long err = 0;

	if (!file)
		return -EBADF;
	if (!S_ISDIR(file->f_dentry->d_inode->i_mode))
		err = -ENOTDIR;
	else
		set_fs_pwd(current->fs, &file->f_path);
	fput(file);
	return err;
}

SYSCALL_DEFINE1(umask, uint32_t, mask)
{
	unsigned int old = current->umask;

	current->umask = mask & 0777;
	return old;
}

/* Linux's generic_permission for mask (MAY_*) as uid/gid. */
static int generic_permission(const struct inode *inode, int mask,
			      uint32_t uid, uint32_t gid)
{
	umode_t mode = inode->i_mode;

	if (uid == 0) {		/* CAP_DAC_OVERRIDE */
		if (!(mask & MAY_EXEC) || S_ISDIR(mode) || (mode & 0111))
			return 0;
		return -EACCES;
	}
	if (uid == inode->i_uid)
		mode >>= 6;
	else if (gid == inode->i_gid)
		mode >>= 3;
	return (mask & ~mode & 7) ? -EACCES : 0;
}

static long do_faccessat(int dfd, uint32_t upath, uint32_t mode,
			 uint32_t flags)
{
	char name[PATH_MAX];
	struct path base, path;
	const struct path *bp;
	struct inode *inode;
	int eff = (flags & GUEST_AT_EACCESS) != 0;
	long err;

	if (mode & ~(uint32_t)ACCESS_MODES)
		return -EINVAL;
	err = getname(upath, name, flags & GUEST_AT_EMPTY_PATH);
	if (err < 0)
		return err;
	if (!err) {		/* AT_EMPTY_PATH: dfd itself */
		struct file *file = fget(dfd);

		if (!file)
			return -EBADF;
		path = file->f_path;
		path_get(&path);
		fput(file);
	} else {
		err = at_base_get(dfd, name, &base, &bp);
		if (err)
			return err;
		err = kern_path(current->fs, bp, name,
				flags & GUEST_AT_SYMLINK_NOFOLLOW ? 0
							: LOOKUP_FOLLOW, &path);
		if (bp)
			path_put(&base);
		if (err)
			return err;
	}
	inode = path.dentry->d_inode;
	/* Linux's inode_permission: a read-only mount first */
	if ((mode & MAY_WRITE) && (inode->i_sb->s_flags & MS_RDONLY) &&
	    (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode) ||
	     S_ISLNK(inode->i_mode)))
		err = -EROFS;
	else
		err = generic_permission(inode, (int)mode,
					 eff ? current->euid : current->uid,
					 eff ? current->egid : current->gid);
	path_put(&path);
	return err;
}

SYSCALL_DEFINE2(access, uint32_t, upath, uint32_t, mode)
{
	return do_faccessat(GUEST_AT_FDCWD, upath, mode, 0);
}

SYSCALL_DEFINE3(faccessat, int, dfd, uint32_t, upath, uint32_t, mode)
{
	return do_faccessat(dfd, upath, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dfd, uint32_t, upath, uint32_t, mode,
		uint32_t, flags)
{
	if (flags & ~(uint32_t)(GUEST_AT_EACCESS | GUEST_AT_SYMLINK_NOFOLLOW |
				GUEST_AT_EMPTY_PATH))
		return -EINVAL;
	return do_faccessat(dfd, upath, mode, flags);
}

/* readlink: the link's text, no NUL; /proc/self/exe is procfs'. */
static long do_readlinkat(int dfd, uint32_t upath, uint32_t ubuf,
			  int32_t bufsiz)
{
	static char target[PATH_MAX];
	char name[PATH_MAX];
	struct path base;
	const struct path *bp;
	long len;

	if (bufsiz <= 0)
		return -EINVAL;
	len = getname(upath, name, 0);
	if (len < 0)
		return len;
	len = at_base_get(dfd, name, &base, &bp);
	if (len)
		return len;
	len = do_readlink(current->fs, bp, name, target,
			  bufsiz < PATH_MAX ? bufsiz : PATH_MAX);
	if (bp)
		path_put(&base);
	if (len < 0)
		return len;
	return copy_to_user(ubuf, target, (uint32_t)len) ? -EFAULT : len;
}

SYSCALL_DEFINE3(readlink, uint32_t, upath, uint32_t, ubuf, int32_t, bufsiz)
{
	return do_readlinkat(GUEST_AT_FDCWD, upath, ubuf, bufsiz);
}

SYSCALL_DEFINE4(readlinkat, int, dfd, uint32_t, upath, uint32_t, ubuf,
		int32_t, bufsiz)
{
	return do_readlinkat(dfd, upath, ubuf, bufsiz);
}
