/*
 * sys_open.c - opening files and what acts on a file's size and its
 * write-back (Linux's fs/open.c and fs/sync.c): open, openat, creat,
 * truncate, ftruncate and their 64-bit forms, fsync, fdatasync, sync.
 *
 * open takes the fd first (so a full table is -EMFILE whatever the
 * name), then lets the VFS walk and open the name; O_CLOEXEC belongs to
 * the fd, every other flag to the file. A new file's mode is masked by
 * the task's umask. fsync writes the file's dirty pages back now (and
 * reports a write-back error once); sync writes back every file system.
 */
#include <errno.h>

#include "fdtable.h"
#include "fs.h"
#include "pagemap.h"
#include "sched.h"
#include "syscalls.h"

static long do_sys_open(int dfd, uint32_t upath, uint32_t flags,
			uint32_t mode)
{
	char name[PATH_MAX];
	struct path base;
	const struct path *bp;
	struct file *file;
	long err;
	int fd;

	err = getname(upath, name, 0);
	if (err < 0)
		return err;
	fd = get_unused_fd_flags(flags);
	if (fd < 0)
		return fd;
	err = at_base_get(dfd, name, &base, &bp);
	if (err)
		goto out_fd;
	mode = (flags & O_CREAT) ? mode & S_IALLUGO & ~current->umask : 0;
	file = filp_open(current->fs, bp, name, flags & ~(uint32_t)O_CLOEXEC,
			 (umode_t)mode);
	if (bp)
		path_put(&base);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto out_fd;
	}
	fd_install((unsigned int)fd, file);
	return fd;
out_fd:
	put_unused_fd((unsigned int)fd);
	return err;
}

SYSCALL_DEFINE3(open, uint32_t, upath, uint32_t, flags, uint32_t, mode)
{
	return do_sys_open(GUEST_AT_FDCWD, upath, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dfd, uint32_t, upath, uint32_t, flags,
		uint32_t, mode)
{
	return do_sys_open(dfd, upath, flags, mode);
}

SYSCALL_DEFINE2(creat, uint32_t, upath, uint32_t, mode)
{
	return do_sys_open(GUEST_AT_FDCWD, upath,
			   O_CREAT | O_WRONLY | O_TRUNC, mode);
}

static long do_sys_truncate(uint32_t upath, loff_t length)
{
	char name[PATH_MAX];
	long err;

	if (length < 0)
		return -EINVAL;
	err = getname(upath, name, 0);
	if (err < 0)
		return err;
	return do_truncate_path(current->fs, NULL, name, length);
}

static long do_sys_ftruncate(int fd, loff_t length)
{
	struct file *file;
	long err;

	if (length < 0)
		return -EINVAL;
	file = fget(fd);
	if (!file)
		return -EBADF;
	err = do_ftruncate(file, length);
	fput(file);
	return err;
}

SYSCALL_DEFINE2(truncate, uint32_t, upath, int32_t, length)
{
	return do_sys_truncate(upath, length);
}

SYSCALL_DEFINE2(ftruncate, int, fd, int32_t, length)
{
	return do_sys_ftruncate(fd, length);
}

SYSCALL_DEFINE3(truncate64, uint32_t, upath, uint32_t, lo, uint32_t, hi)
{
	return do_sys_truncate(upath, (loff_t)(((uint64_t)hi << 32) | lo));
}

SYSCALL_DEFINE3(ftruncate64, int, fd, uint32_t, lo, uint32_t, hi)
{
	return do_sys_ftruncate(fd, (loff_t)(((uint64_t)hi << 32) | lo));
}

static long do_fsync(int fd, int datasync)
{
	struct file *file = fget(fd);
	long err;

	if (!file)
		return -EBADF;
	err = vfs_fsync(file, datasync);
	fput(file);
	return err;
}

SYSCALL_DEFINE1(fsync, int, fd)
{
	return do_fsync(fd, 0);
}

SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return do_fsync(fd, 1);
}

SYSCALL_DEFINE0(sync)
{
	sync_filesystems();
	return 0;
}
