/*
 * host_stream.c - the emulator's standard streams as guest files. Guest
 * stdin, stdout and stderr are i386mm's own (ARCHITECTURE.md), so fds 0,
 * 1 and 2 of the first process are files on pipefs inodes whose
 * operations go to host descriptors 0, 1 and 2, like a terminal driver
 * that happens to be the host.
 *
 * Only the guest's view changes: closing or dup'ing the fd, or F_SETFL,
 * never closes or alters the host descriptor, so a guest that closes its
 * stdout cannot close the emulator's. A read makes one host read (a pipe
 * or terminal gives what it has, as Linux's tty and pipe reads do); a
 * write writes everything. stat reports the host object's type, size
 * and device number, but this inode's number, the virtual clock's times
 * and the caller as owner, so output never depends on the host's inode
 * numbers, clock or users.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fs.h"
#include "kern_fs.h"
#include "page.h"
#include "pipe_fs_i.h"
#include "record.h"
#include "sched.h"

#ifndef O_LARGEFILE
#define O_LARGEFILE	0100000
#endif
/* What of the host's status flags the guest sees (and F_GETFL reports). */
#define HOST_FL_SHOWN	(O_ACCMODE | O_APPEND | O_NONBLOCK | O_LARGEFILE)

static const struct file_operations host_stream_fops;

int file_is_host_stream(const struct file *file)
{
	return file->f_op == &host_stream_fops;
}

int host_stream_fd(const struct file *file)
{
	return (int)(intptr_t)file->f_dentry->d_inode->i_private;
}

static ssize_t host_stream_read(struct file *file, char *buf, size_t count,
				loff_t *pos)
{
	ssize_t n;

	(void)pos;
	if (trace_mode != TRACE_OFF)	/* recorded, or replayed */
		return trace_input(host_stream_fd(file), buf, count);
	do
		n = read(host_stream_fd(file), buf, count);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

static ssize_t host_stream_write(struct file *file, const char *buf,
				 size_t count, loff_t *pos)
{
	size_t done = 0;

	(void)pos;
	if (trace_output_dropped())	/* the recorded run wrote it */
		return (ssize_t)count;
	while (done < count) {
		ssize_t n = write(host_stream_fd(file), buf + done,
				  count - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return done ? (ssize_t)done : (n < 0 ? -errno : -EIO);
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/* The host stream's offset moves: the guest's stdin is the emulator's. */
static loff_t host_stream_llseek(struct file *file, loff_t offset,
				 int whence)
{
	off_t r = lseek(host_stream_fd(file), (off_t)offset, whence);

	if (r < 0)
		r = -errno;
	if (trace_mode != TRACE_OFF)
		r = trace_host(r, NULL, 0);
	if (r < 0)
		return r;
	file->f_pos = r;
	return r;
}

static const struct file_operations host_stream_fops = {
	.llseek = host_stream_llseek,
	.read = host_stream_read,
	.write = host_stream_write,
};

static int host_stream_getattr(struct dentry *dentry, struct kstat *stat)
{
	struct inode *inode = dentry->d_inode;
	struct stat st;
	long r = fstat((int)(intptr_t)inode->i_private, &st) ? -errno : 0;

	if (trace_mode != TRACE_OFF)
		r = trace_host(r, &st, sizeof(st));
	if (r)
		return (int)r;
	generic_fillattr(inode, stat);
	if (current) {		/* the caller's terminal, as a tty is */
		stat->uid = current->euid;
		stat->gid = current->egid;
	}
	stat->mode = (umode_t)st.st_mode;
	stat->nlink = 1;
	stat->blksize = PAGE_SIZE;	/* glibc sizes stdio buffers by it */
	stat->size = 0;
	stat->blocks = 0;
	stat->rdev = 0;
	if (S_ISREG(st.st_mode)) {
		stat->size = st.st_size;
		stat->blocks = ((uint64_t)st.st_size + 511) / 512;
	}
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		stat->rdev = MKDEV(major(st.st_rdev), minor(st.st_rdev));
	return 0;
}

static const struct inode_operations host_stream_iops = {
	.getattr = host_stream_getattr,
};

static const char *const stream_names[] = { "stdin", "stdout", "stderr" };

struct file *host_stream_open(int host_fd)
{
	struct inode *inode;
	struct stat st;
	long fl = fcntl(host_fd, F_GETFL);

	if (fl >= 0 && fstat(host_fd, &st))
		fl = -EBADF;
	if (fl < 0)
		fl = -EBADF;
	if (trace_mode != TRACE_OFF)	/* the recorded run's streams */
		fl = trace_host(fl, &st, sizeof(st));
	if (fl < 0)
		return ERR_PTR(-EBADF);	/* the emulator's own is closed */
	inode = pipefs_new_inode();
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_mode = (umode_t)((st.st_mode & S_IFMT) | 0620);
	inode->i_op = &host_stream_iops;
	inode->i_fop = &host_stream_fops;
	inode->i_private = (void *)(intptr_t)host_fd;
	return pipefs_open(inode, host_fd >= 0 && host_fd < 3 ?
			   stream_names[host_fd] : "host",
			   (unsigned int)fl & HOST_FL_SHOWN);
}
