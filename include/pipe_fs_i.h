/*
 * pipe_fs_i.h - pipes (Linux 2.6's fs/pipe.c, one page per pipe as in
 * 2.6.10): an inode of pipefs, the kernel's internal filesystem, whose
 * data is a ring of PIPE_SIZE bytes in one page of emulated memory, and
 * two files on it, the read end and the write end.
 *
 * Semantics (pipe(7)): a read takes what is there, up to count; an empty
 * pipe reads as end of file once no write end is open, and otherwise
 * waits (O_NONBLOCK: -EAGAIN). A write of at most PIPE_BUF bytes is
 * atomic: all of it goes in at once or it waits (-EAGAIN); a longer one
 * may be split. Writing with no read end open gives -EPIPE and raises
 * SIGPIPE in the writer (recorded in current->pending until signals are
 * delivered). A wait goes through wait_for_other_process (kern_fs.h).
 */
#ifndef I386MM_PIPE_FS_I_H
#define I386MM_PIPE_FS_I_H

#include <stddef.h>
#include <stdint.h>

struct file;
struct page;
struct inode;

#define PIPE_SIZE	4096u		/* the ring: one page */
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

struct pipe_inode_info {
	struct page *page;		/* the ring's page */
	unsigned int start;		/* offset of the first unread byte */
	unsigned int len;		/* bytes in the ring */
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
/* The POLL* bits of a pipe end now. */
unsigned int pipe_poll(struct file *file);

#endif
