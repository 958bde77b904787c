/*
 * sys_attr.c - changing an inode's attributes (Linux's fs/open.c chmod
 * family and fs/utimes.c): chmod, fchmod, fchmodat, utimensat. Each
 * becomes one notify_change, which refuses a read-only mount (-EROFS).
 * Times given as UTIME_NOW are the virtual clock's; explicit ones are
 * marked ATTR_TIMES_SET, the only times hostfs passes to the host.
 */
#include <errno.h>

#include "fdtable.h"
#include "fs.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define UTIME_NOW	((1l << 30) - 1l)
#define UTIME_OMIT	((1l << 30) - 2l)
#define NSEC_PER_SEC	1000000000l

static long chmod_path(const struct path *path, uint32_t mode)
{
	struct iattr attr = { 0 };

	attr.ia_valid = ATTR_MODE | ATTR_CTIME;
	attr.ia_mode = (umode_t)(mode & S_IALLUGO);
	attr.ia_ctime = current_fs_time();
	return notify_change(path->dentry, &attr);
}

static long do_fchmodat(int dfd, uint32_t upath, uint32_t mode)
{
	char name[PATH_MAX];
	struct path base, path;
	const struct path *bp;
	long err = getname(upath, name, 0);

	if (err < 0)
		return err;
	err = at_base_get(dfd, name, &base, &bp);
	if (err)
		return err;
	err = kern_path(current->fs, bp, name, LOOKUP_FOLLOW, &path);
	if (bp)
		path_put(&base);
	if (err)
		return err;
	err = chmod_path(&path, mode);
	path_put(&path);
	return err;
}

SYSCALL_DEFINE2(chmod, uint32_t, upath, uint32_t, mode)
{
	return do_fchmodat(GUEST_AT_FDCWD, upath, mode);
}

SYSCALL_DEFINE3(fchmodat, int, dfd, uint32_t, upath, uint32_t, mode)
{
	return do_fchmodat(dfd, upath, mode);
}

SYSCALL_DEFINE2(fchmod, int, fd, uint32_t, mode)
{
	struct file *file = fget(fd);
	long err;

	if (!file)
		return -EBADF;
	err = chmod_path(&file->f_path, mode);
	fput(file);
	return err;
}

/* One of utimensat's two times into attr; -EINVAL for a bad one. */
static int set_time(struct iattr *attr, int64_t sec, int64_t nsec,
		    unsigned int valid, struct timespec *ts)
{
	if (nsec == UTIME_OMIT)
		return 0;
	attr->ia_valid |= valid;
	if (nsec == UTIME_NOW) {
		*ts = current_fs_time();
		return 0;
	}
	if (nsec < 0 || nsec >= NSEC_PER_SEC)
		return -EINVAL;
	attr->ia_valid |= ATTR_TIMES_SET;
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = (long)nsec;
	return 0;
}

static long utimes_path(int dfd, uint32_t upath, uint32_t flags,
			struct iattr *attr)
{
	char name[PATH_MAX];
	struct path base, path;
	const struct path *bp;
	long err;

	if (flags & ~(uint32_t)(GUEST_AT_SYMLINK_NOFOLLOW |
				GUEST_AT_EMPTY_PATH))
		return -EINVAL;
	if (!upath) {		/* futimens: the file of dfd */
		struct file *file = fget(dfd);

		if (!file)
			return -EBADF;
		err = notify_change(file->f_dentry, attr);
		fput(file);
		return err;
	}
	err = getname(upath, name, flags & GUEST_AT_EMPTY_PATH);
	if (err < 0)
		return err;
	if (!err)
		return utimes_path(dfd, 0, 0, attr);
	err = at_base_get(dfd, name, &base, &bp);
	if (err)
		return err;
	err = kern_path(current->fs, bp, name,
			flags & GUEST_AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW,
			&path);
	if (bp)
		path_put(&base);
	if (err)
		return err;
	err = notify_change(path.dentry, attr);
	path_put(&path);
	return err;
}

static long do_utimensat(int dfd, uint32_t upath, const int64_t t[4],
			 uint32_t flags)
{
	struct iattr attr = { 0 };

	if (t && t[1] == UTIME_OMIT && t[3] == UTIME_OMIT)
		return 0;
	attr.ia_valid = ATTR_CTIME;
	attr.ia_ctime = current_fs_time();
	if (!t) {
		attr.ia_valid |= ATTR_ATIME | ATTR_MTIME;
		attr.ia_atime = attr.ia_mtime = attr.ia_ctime;
	} else if (set_time(&attr, t[0], t[1], ATTR_ATIME, &attr.ia_atime) ||
		   set_time(&attr, t[2], t[3], ATTR_MTIME, &attr.ia_mtime)) {
		return -EINVAL;
	}
	return utimes_path(dfd, upath, flags, &attr);
}

SYSCALL_DEFINE4(utimensat_time32, int, dfd, uint32_t, upath, uint32_t,
		utimes, uint32_t, flags)
{
	int32_t t32[4];
	int64_t t[4];
	int i;

	if (!utimes)
		return do_utimensat(dfd, upath, NULL, flags);
	if (copy_from_user(t32, utimes, sizeof(t32)))
		return -EFAULT;
	for (i = 0; i < 4; i++)
		t[i] = t32[i];
	return do_utimensat(dfd, upath, t, flags);
}

SYSCALL_DEFINE4(utimensat, int, dfd, uint32_t, upath, uint32_t, utimes,
		uint32_t, flags)
{
	int64_t t[4];

	if (!utimes)
		return do_utimensat(dfd, upath, NULL, flags);
	if (copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	t[1] = (int32_t)t[1];	/* __kernel_timespec: the nsec is a long */
	t[3] = (int32_t)t[3];
	return do_utimensat(dfd, upath, t, flags);
}
