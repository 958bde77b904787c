/*
 * sys_pipe.c - pipe and pipe2 (Linux 2.6.27's do_pipe_flags): a new
 * pipe's two ends on the two lowest free fds, read end first, written to
 * user space before either fd is installed, so a bad pointer leaves no
 * fd behind. The pipe itself is pipe.c's.
 */
#include <errno.h>

#include "fdtable.h"
#include "fs.h"
#include "pipe_fs_i.h"
#include "syscalls.h"
#include "uaccess.h"

static long do_pipe2(uint32_t ufds, uint32_t flags)
{
	struct file *files[2];
	int fd[2], err;

	if (flags & ~(uint32_t)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fd[0] = get_unused_fd_flags(flags);
	if (fd[0] < 0) {
		err = fd[0];
		goto out_files;
	}
	fd[1] = get_unused_fd_flags(flags);
	if (fd[1] < 0) {
		err = fd[1];
		goto out_fd0;
	}
	if (copy_to_user(ufds, fd, sizeof(fd))) {
		err = -EFAULT;
		put_unused_fd((unsigned int)fd[1]);
		goto out_fd0;
	}
	fd_install((unsigned int)fd[0], files[0]);
	fd_install((unsigned int)fd[1], files[1]);
	return 0;
out_fd0:
	put_unused_fd((unsigned int)fd[0]);
out_files:
	fput(files[0]);
	fput(files[1]);
	return err;
}

SYSCALL_DEFINE1(pipe, uint32_t, ufds)
{
	return do_pipe2(ufds, 0);
}

SYSCALL_DEFINE2(pipe2, uint32_t, ufds, uint32_t, flags)
{
	return do_pipe2(ufds, flags);
}
