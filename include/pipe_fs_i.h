/*
 * pipe_fs_i.h - pipes (Linux 2.6.11's fs/pipe.c, the kernel of
 * "Understanding the Linux Kernel", 3rd edition): an inode of pipefs,
 * the kernel's internal filesystem, whose data is a ring of PIPE_BUFFERS
 * pipe buffers, each a page of emulated memory taken when a write needs
 * it and given back once read, and two files on it, the read end and
 * the write end. The pipe holds PIPE_SIZE bytes at most (65536).
 *
 * Semantics (pipe(7)): a read takes what is there, up to count, across
 * buffers; an empty pipe reads as end of file once no write end is open,
 * and otherwise waits (O_NONBLOCK: -EAGAIN). A write first tops up the
 * last buffer with its tail (count modulo the page size) if that fits,
 * then fills new buffers page by page; so a write of at most PIPE_BUF
 * bytes is atomic (into the last buffer or into a new one, whole, or it
 * waits / -EAGAIN), and a longer one may be split. Writing with no read
 * end open gives -EPIPE and raises SIGPIPE in the writer (recorded in
 * current->pending until signals are delivered). A wait goes through
 * wait_for_other_process (kern_fs.h).
 */
#ifndef I386MM_PIPE_FS_I_H
#define I386MM_PIPE_FS_I_H

#include <stddef.h>
#include <stdint.h>

struct file;
struct page;
struct inode;

#define PIPE_BUFFERS	16		/* pages a pipe holds */
#define PIPE_SIZE	(PIPE_BUFFERS * 4096u)
#ifndef PIPE_BUF			/* the host's <limits.h> agrees */
#define PIPE_BUF	4096		/* writes this small are atomic */
#endif
#define PIPEFS_MAGIC	0x50495045

/* poll bits, Linux's values (the host's <poll.h> has the same) */
#ifndef POLLIN
#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#endif
#ifndef POLLRDNORM
#define POLLRDNORM	0x0040
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200
#endif
/* what a file that never waits reports (Linux's DEFAULT_POLLMASK) */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

struct pipe_buffer {
	struct page *page;
	unsigned int offset, len;	/* the unread bytes in the page */
};

struct pipe_inode_info {
	struct pipe_buffer bufs[PIPE_BUFFERS];	/* the ring */
	unsigned int curbuf;		/* the first unread buffer */
	unsigned int nrbufs;		/* buffers holding bytes */
	struct page *tmp_page;		/* a read-out page kept for reuse */
	unsigned int readers;		/* open read ends */
	unsigned int writers;		/* open write ends */
};

/* pipefs: mounted at boot (fs_boot), unmounted at fs_shutdown. */
int pipefs_init(void);
void pipefs_exit(void);
/* A new inode on pipefs (for the kernel's files that have no name). */
struct inode *pipefs_new_inode(void);
/* A file of inode on pipefs under name, opened with flags. */
struct file *pipefs_open(struct inode *inode, const char *name,
			 unsigned int flags);

/*
 * pipe2: a new pipe, res[0] its read end (O_RDONLY), res[1] its write
 * end (O_WRONLY), each with flags' O_NONBLOCK. 0 or -ENOMEM / -ENFILE.
 */
int create_pipe_files(struct file *res[2], unsigned int flags);
int file_is_pipe(const struct file *file);
struct pipe_inode_info *file_pipe(const struct file *file);
/* The pipe of a pipefs inode, or NULL for any other inode. */
struct pipe_inode_info *inode_pipe(const struct inode *inode);
/* The bytes waiting in a pipe (FIONREAD). */
unsigned int pipe_bytes(const struct pipe_inode_info *pipe);
/* The POLL* bits of a pipe end now. */
unsigned int pipe_poll(struct file *file);

#endif
