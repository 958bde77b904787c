/*
 * sys_file.c - the task's file descriptors until the VFS exists: every
 * open fd names one of the emulator's own standard streams (host fds 0,
 * 1 and 2), so the guest's stdin, stdout and stderr are the emulator's.
 * The table is per task (struct task_fd in sched.h); close, dup and
 * fcntl change only the guest's view, never the host's descriptors, so
 * a guest that closes its stdout cannot close the emulator's.
 */
#include <errno.h>
#include <fcntl.h>

#include "sched.h"
#include "syscalls.h"

/* The guest's (i386 Linux) values where the host's headers differ. */
#define GUEST_O_LARGEFILE	0100000
#define GUEST_O_CLOEXEC		02000000
#define GUEST_FD_CLOEXEC	1
#define GUEST_F_DUPFD		0
#define GUEST_F_GETFD		1
#define GUEST_F_SETFD		2
#define GUEST_F_GETFL		3
#define GUEST_F_SETFL		4
#define GUEST_F_DUPFD_CLOEXEC	1030
/* What F_GETFL reports and F_SETFL may change. */
#define FL_REPORTED	(O_ACCMODE | O_APPEND | O_NONBLOCK | GUEST_O_LARGEFILE)
#define FL_SETTABLE	(O_APPEND | O_NONBLOCK)

void files_init(struct task_struct *tsk)
{
	int fd, fl;

	for (fd = 0; fd < TASK_NR_FDS; fd++)
		tsk->files[fd].host_fd = -1;
	for (fd = 0; fd < 3; fd++) {
		fl = fcntl(fd, F_GETFL);
		if (fl < 0)		/* the emulator's own is closed */
			continue;
		tsk->files[fd].host_fd = fd;
		tsk->files[fd].f_flags = (uint32_t)fl & FL_REPORTED;
		tsk->files[fd].fd_flags = 0;
	}
}

struct task_fd *fdget(int fd)
{
	if (!current || fd < 0 || fd >= TASK_NR_FDS ||
	    current->files[fd].host_fd < 0)
		return NULL;
	return &current->files[fd];
}

/* The lowest free fd at or above from, or -EMFILE. */
static int get_unused_fd(int from)
{
	int fd;

	for (fd = from < 0 ? 0 : from; fd < TASK_NR_FDS; fd++)
		if (current->files[fd].host_fd < 0)
			return fd;
	return -EMFILE;
}

static int do_dup2(struct task_fd *old, int newfd, uint32_t fd_flags)
{
	current->files[newfd] = *old;
	current->files[newfd].fd_flags = fd_flags;
	return newfd;
}

SYSCALL_DEFINE1(close, int, fd)
{
	struct task_fd *f = fdget(fd);

	if (!f)
		return -EBADF;
	f->host_fd = -1;
	return 0;
}

SYSCALL_DEFINE1(dup, int, oldfd)
{
	struct task_fd *f = fdget(oldfd);
	int fd;

	if (!f)
		return -EBADF;
	fd = get_unused_fd(0);
	return fd < 0 ? fd : do_dup2(f, fd, 0);
}

/* dup2/dup3 target: beyond the rlimit is EBADF, beyond the table EMFILE */
static int check_newfd(int newfd)
{
	uint64_t nofile = current->rlim[RLIMIT_NOFILE].rlim_cur;

	if (newfd < 0 || (uint64_t)newfd >= nofile)
		return -EBADF;
	return newfd >= TASK_NR_FDS ? -EMFILE : 0;
}

SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	struct task_fd *f = fdget(oldfd);
	int err;

	if (!f)
		return -EBADF;
	if (oldfd == newfd)
		return newfd;
	err = check_newfd(newfd);
	return err ? err : do_dup2(f, newfd, 0);
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, uint32_t, flags)
{
	struct task_fd *f;
	int err;

	if (flags & ~(uint32_t)GUEST_O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	err = check_newfd(newfd);
	if (err)
		return err;
	f = fdget(oldfd);
	if (!f)
		return -EBADF;
	return do_dup2(f, newfd, flags ? GUEST_FD_CLOEXEC : 0);
}

SYSCALL_DEFINE3(fcntl64, int, fd, uint32_t, cmd, uint32_t, arg)
{
	struct task_fd *f = fdget(fd);
	int nfd;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case GUEST_F_DUPFD:
	case GUEST_F_DUPFD_CLOEXEC:
		if ((uint64_t)arg >= current->rlim[RLIMIT_NOFILE].rlim_cur)
			return -EINVAL;
		nfd = get_unused_fd((int)arg);
		if (nfd < 0)
			return nfd;
		return do_dup2(f, nfd, cmd == GUEST_F_DUPFD ? 0 :
			       GUEST_FD_CLOEXEC);
	case GUEST_F_GETFD:
		return f->fd_flags;
	case GUEST_F_SETFD:
		f->fd_flags = arg & GUEST_FD_CLOEXEC;
		return 0;
	case GUEST_F_GETFL:
		return f->f_flags;
	case GUEST_F_SETFL:
		/* the guest's view only: the host stream stays as it is */
		f->f_flags = (f->f_flags & ~(uint32_t)FL_SETTABLE) |
			     (arg & FL_SETTABLE);
		return 0;
	default:
		return -EINVAL;
	}
}
