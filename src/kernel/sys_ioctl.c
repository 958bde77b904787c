/*
 * sys_ioctl.c - ioctl on the standard streams: the two terminal queries
 * a C library makes at startup. TCGETS tells glibc whether stdout is a
 * terminal (line buffering); TIOCGWINSZ gives its size. They are
 * answered by the host's terminal, and -ENOTTY when the host stream is
 * not one, as Linux answers them. Nothing changes the host's terminal.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define GUEST_TCGETS		0x5401
#define GUEST_TIOCGWINSZ	0x5413
#define KERNEL_TERMIOS_SIZE	36	/* 4 tcflag_t, c_line, c_cc[19] */
#define WINSIZE_SIZE		8	/* 4 unsigned short */

/* The host's answer to a query that fills len bytes, copied out. */
static long tty_query(int host_fd, unsigned long request, uint32_t arg,
		      uint32_t len)
{
	uint8_t buf[64];

	if (!isatty(host_fd))
		return -ENOTTY;
	if (ioctl(host_fd, request, buf) < 0)
		return -errno;
	return copy_to_user(arg, buf, len) ? -EFAULT : 0;
}

SYSCALL_DEFINE3(ioctl, int, fd, uint32_t, cmd, uint32_t, arg)
{
	struct task_fd *f = fdget(fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case GUEST_TCGETS:	/* the values are the x86-64 host's too */
		return tty_query(f->host_fd, TCGETS, arg, KERNEL_TERMIOS_SIZE);
	case GUEST_TIOCGWINSZ:
		return tty_query(f->host_fd, TIOCGWINSZ, arg, WINSIZE_SIZE);
	default:
		return -ENOTTY;
	}
}
