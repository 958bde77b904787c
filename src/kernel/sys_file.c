/*
 * sys_file.c - the calls on descriptors themselves (Linux's fs/file.c,
 * fs/fcntl.c, fs/open.c's close): close, dup, dup2, dup3 and fcntl. The
 * table is the task's files_struct (fdtable.h); a dup'ed fd shares the
 * open file, so offset and status flags are shared while close-on-exec
 * is the fd's own. Closing an fd drops its file reference only: nothing
 * is written back (Linux's close does not flush; see kern_fs.h).
 */
#include <errno.h>

#include "fdtable.h"
#include "fs.h"
#include "pipe_fs_i.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define GUEST_F_DUPFD		0
#define GUEST_F_GETFD		1
#define GUEST_F_SETFD		2
#define GUEST_F_GETFL		3
#define GUEST_F_SETFL		4
#define GUEST_F_GETLK		5
#define GUEST_F_SETLK		6
#define GUEST_F_SETLKW		7
#define GUEST_F_GETLK64		12
#define GUEST_F_SETLK64		13
#define GUEST_F_SETLKW64	14
#define GUEST_F_DUPFD_CLOEXEC	1030
#define GUEST_F_GETPIPE_SZ	1032
#define GUEST_O_NOATIME		01000000
#define GUEST_FASYNC		020000
/* What F_SETFL may change (Linux's SETFL_MASK). */
#define SETFL_MASK	(O_APPEND | O_NONBLOCK | O_DIRECT | GUEST_O_NOATIME | \
			 GUEST_FASYNC)
#define F_RDLCK		0
#define F_WRLCK		1
#define F_UNLCK		2

static uint64_t nofile_limit(void)
{
	return current->rlim[RLIMIT_NOFILE].rlim_cur;
}

SYSCALL_DEFINE1(close, int, fd)
{
	return close_fd(fd);
}

SYSCALL_DEFINE1(dup, int, oldfd)
{
	struct file *file = fget(oldfd);
	int fd;

	if (!file)
		return -EBADF;
	fd = get_unused_fd_flags(0);
	if (fd < 0) {
		fput(file);
		return fd;
	}
	fd_install((unsigned int)fd, file);	/* fget's reference */
	return fd;
}

/* dup2 and dup3 once oldfd != newfd: beyond the rlimit is EBADF. */
static long do_dup3(int oldfd, int newfd, unsigned int flags)
{
	struct file *file;
	long ret;

	if (newfd < 0 || (uint64_t)newfd >= nofile_limit())
		return -EBADF;
	file = fget(oldfd);
	if (!file)
		return -EBADF;
	ret = do_dup2(current->files, file, (unsigned int)newfd, flags);
	fput(file);
	return ret;
}

SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	struct file *file;

	if (oldfd == newfd) {
		file = fget(oldfd);
		if (!file)
			return -EBADF;
		fput(file);
		return newfd;
	}
	return do_dup3(oldfd, newfd, 0);
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, uint32_t, flags)
{
	if (flags & ~(uint32_t)O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup3(oldfd, newfd, flags);
}

static long dupfd(struct file *file, uint32_t from, unsigned int flags)
{
	int fd;

	if ((uint64_t)from >= nofile_limit())
		return -EINVAL;
	fd = __alloc_fd(current->files, from, task_nofile(), flags);
	if (fd < 0)
		return fd;
	fd_install((unsigned int)fd, get_file(file));
	return fd;
}

static long setfl(struct file *file, uint32_t arg)
{
	if ((arg & O_DIRECT) && S_ISREG(file->f_dentry->d_inode->i_mode) &&
	    !file->f_mapping->a_ops->direct_IO)
		return -EINVAL;
	file->f_flags = (file->f_flags & ~(uint32_t)SETFL_MASK) |
			(arg & SETFL_MASK);
	return 0;
}

/*
 * Record locks: one process holds every lock it asks for, so F_GETLK
 * always finds none (F_UNLCK) and F_SETLK succeeds once the lock type
 * matches the file's access mode, as Linux checks it.
 */
static long posix_lock(struct file *file, uint32_t cmd, uint32_t uflock)
{
	uint16_t type;

	if (copy_from_user(&type, uflock, sizeof(type)))
		return -EFAULT;
	if (cmd == GUEST_F_GETLK || cmd == GUEST_F_GETLK64) {
		if (type > F_UNLCK)
			return -EINVAL;
		type = F_UNLCK;
		return copy_to_user(uflock, &type, sizeof(type)) ? -EFAULT : 0;
	}
	switch (type) {
	case F_RDLCK:
		return file->f_mode & FMODE_READ ? 0 : -EBADF;
	case F_WRLCK:
		return file->f_mode & FMODE_WRITE ? 0 : -EBADF;
	case F_UNLCK:
		return 0;
	default:
		return -EINVAL;
	}
}

static long do_fcntl(int fd, uint32_t cmd, uint32_t arg, struct file *file)
{
	struct files_struct *files = current->files;

	switch (cmd) {
	case GUEST_F_DUPFD:
		return dupfd(file, arg, 0);
	case GUEST_F_DUPFD_CLOEXEC:
		return dupfd(file, arg, O_CLOEXEC);
	case GUEST_F_GETFD:
		return close_on_exec(files, (unsigned int)fd) ? FD_CLOEXEC : 0;
	case GUEST_F_SETFD:
		__set_close_on_exec(files, (unsigned int)fd, arg & FD_CLOEXEC);
		return 0;
	case GUEST_F_GETFL:
		return file->f_flags;
	case GUEST_F_SETFL:
		return setfl(file, arg);
	case GUEST_F_GETLK:
	case GUEST_F_SETLK:
	case GUEST_F_SETLKW:
	case GUEST_F_GETLK64:
	case GUEST_F_SETLK64:
	case GUEST_F_SETLKW64:
		return posix_lock(file, cmd, arg);
	case GUEST_F_GETPIPE_SZ:
		return file_is_pipe(file) ? (long)PIPE_SIZE : -EBADF;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(fcntl64, int, fd, uint32_t, cmd, uint32_t, arg)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = do_fcntl(fd, cmd, arg, file);
	fput(file);
	return ret;
}

SYSCALL_DEFINE3(fcntl, int, fd, uint32_t, cmd, uint32_t, arg)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	/* the 32-bit call has no 64-bit lock commands (Linux's fcntl) */
	if (cmd == GUEST_F_GETLK64 || cmd == GUEST_F_SETLK64 ||
	    cmd == GUEST_F_SETLKW64)
		ret = -EINVAL;
	else
		ret = do_fcntl(fd, cmd, arg, file);
	fput(file);
	return ret;
}
