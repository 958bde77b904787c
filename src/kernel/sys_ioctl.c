/*
 * sys_ioctl.c - ioctl: the two terminal queries a C library makes at
 * startup, and FIONREAD. TCGETS tells glibc whether stdout is a terminal
 * (line buffering); TIOCGWINSZ gives its size. On the standard streams
 * (and /dev/tty) they are answered by the host's terminal, and -ENOTTY
 * when the host stream is not one, as Linux answers them; nothing
 * changes the host's terminal. FIONREAD counts the bytes a read would
 * get at once: a pipe's contents, a file's rest, what the host stream
 * has ready.
 * Anything else is -ENOTTY, as for a file without that ioctl.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "record.h"
#include "fdtable.h"
#include "fs.h"
#include "kern_fs.h"
#include "pipe_fs_i.h"
#include "syscalls.h"
#include "uaccess.h"

#define GUEST_TCGETS		0x5401
#define GUEST_TIOCGWINSZ	0x5413
#define GUEST_FIONREAD		0x541b
#define KERNEL_TERMIOS_SIZE	36	/* 4 tcflag_t, c_line, c_cc[19] */
#define WINSIZE_SIZE		8	/* 4 unsigned short */

/* The host's answer to a query that fills len bytes, copied out. */
static long tty_query(int host_fd, unsigned long request, uint32_t arg,
		      uint32_t len)
{
	uint8_t buf[64];
	long r = !isatty(host_fd) ? -ENOTTY :
		 ioctl(host_fd, request, buf) < 0 ? -errno : 0;

	if (trace_mode != TRACE_OFF)	/* the recorded run's terminal */
		r = trace_host(r, buf, len);
	if (r)
		return r;
	return copy_to_user(arg, buf, len) ? -EFAULT : 0;
}

/* The host descriptor behind a terminal-like file, or -1. */
static int host_fd_of(const struct file *file)
{
	if (file_is_host_stream(file))
		return host_stream_fd(file);
	if (file_is_tty(file))
		return 0;		/* /dev/tty reads the host's fd 0 */
	return -1;
}

static long fionread(struct file *file, uint32_t arg)
{
	int host_fd = host_fd_of(file), n = 0;

	if (file_is_pipe(file)) {
		n = (int)pipe_bytes(file_pipe(file));
	} else if (S_ISREG(file->f_dentry->d_inode->i_mode)) {
		loff_t left = file->f_dentry->d_inode->i_size - file->f_pos;

		n = left < 0 ? 0 : left > 0x7fffffff ? 0x7fffffff : (int)left;
	} else {
		long r = host_fd < 0 || ioctl(host_fd, FIONREAD, &n) < 0 ?
			 -ENOTTY : 0;

		if (host_fd >= 0 && trace_mode != TRACE_OFF)
			r = trace_host(r, &n, sizeof(n));
		if (r)
			return r;
	}
	return put_user_u32((uint32_t)n, arg);
}

static long do_ioctl(struct file *file, uint32_t cmd, uint32_t arg)
{
	int host_fd = host_fd_of(file);

	switch (cmd) {
	case GUEST_TCGETS:	/* the values are the x86-64 host's too */
		return host_fd < 0 ? -ENOTTY :
		       tty_query(host_fd, TCGETS, arg, KERNEL_TERMIOS_SIZE);
	case GUEST_TIOCGWINSZ:
		return host_fd < 0 ? -ENOTTY :
		       tty_query(host_fd, TIOCGWINSZ, arg, WINSIZE_SIZE);
	case GUEST_FIONREAD:
		return fionread(file, arg);
	default:
		return -ENOTTY;
	}
}

SYSCALL_DEFINE3(ioctl, int, fd, uint32_t, cmd, uint32_t, arg)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = do_ioctl(file, cmd, arg);
	fput(file);
	return ret;
}
