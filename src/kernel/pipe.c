/*
 * pipe.c - pipes and pipefs (Linux 2.6's fs/pipe.c). pipefs is the
 * kernel's internal filesystem for files without a name: it is mounted
 * with kern_mount, never in the guest's tree, and holds the pipes and
 * the emulator's standard streams (host_stream.c).
 *
 * A pipe is one inode with a ring of PIPE_BUFFERS page-sized buffers in
 * emulated memory and two files on one unhashed dentry: the read end
 * (O_RDONLY) and the write end (O_WRONLY), whose opens and releases count
 * readers and writers. A buffer's page is taken when a write starts it
 * and given back when a read empties it (one is kept for the next
 * write, as Linux's tmp_page); when both ends are closed the dentry goes,
 * then the inode, and evict_inode gives the rest back. See pipe_fs_i.h
 * for the semantics; this file only moves bytes and counts ends.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fs.h"
#include "gfp.h"
#include "kern_fs.h"
#include "ksignal.h"
#include "page.h"
#include "pipe_fs_i.h"
#include "sched.h"
#include "slab.h"

#define SIGPIPE		13

static struct vfsmount *pipe_mnt;
static const struct file_operations pipe_fops;

struct pipe_inode_info *file_pipe(const struct file *file)
{
	return file_is_pipe(file) ? file->f_dentry->d_inode->i_private : NULL;
}

struct pipe_inode_info *inode_pipe(const struct inode *inode)
{
	return inode->i_fop == &pipe_fops ? inode->i_private : NULL;
}

int file_is_pipe(const struct file *file)
{
	return file->f_op == &pipe_fops;
}

unsigned int pipe_bytes(const struct pipe_inode_info *pipe)
{
	unsigned int i, n = 0;

	for (i = 0; i < pipe->nrbufs; i++)
		n += pipe->bufs[(pipe->curbuf + i) % PIPE_BUFFERS].len;
	return n;
}

/* An emptied buffer's page: kept for the next write, or given back. */
static void release_buf_page(struct pipe_inode_info *pipe, struct page *page)
{
	if (!pipe->tmp_page)
		pipe->tmp_page = page;
	else
		__free_pages(page, 0);
}

static ssize_t pipe_read(struct file *file, char *buf, size_t count,
			 loff_t *pos)
{
	struct pipe_inode_info *pipe = file_pipe(file);
	size_t ret = 0;

	(void)pos;
	if (!count)
		return 0;
	while (pipe->nrbufs) {
		struct pipe_buffer *b = &pipe->bufs[pipe->curbuf];
		size_t chars = b->len < count - ret ? b->len : count - ret;

		memcpy(buf + ret, (char *)page_address(b->page) + b->offset,
		       chars);
		b->offset += (unsigned int)chars;
		b->len -= (unsigned int)chars;
		ret += chars;
		if (!b->len) {
			release_buf_page(pipe, b->page);
			b->page = NULL;
			pipe->curbuf = (pipe->curbuf + 1) % PIPE_BUFFERS;
			pipe->nrbufs--;
		}
		if (ret == count)
			break;
	}
	if (ret)
		return (ssize_t)ret;
	if (!pipe->writers)
		return 0;			/* end of file */
	if (file->f_flags & O_NONBLOCK)
		return -EAGAIN;
	return wait_for_other_process("read of an empty pipe that no other "
				      "process can fill");
}

static void send_sigpipe(void)
{
	if (current)
		send_sig(SIGPIPE, current, 0);
}

/* Top up the last buffer with chars bytes if they fit; 1 if they did. */
static int merge_last(struct pipe_inode_info *pipe, const char *buf,
		      size_t chars)
{
	struct pipe_buffer *b;

	if (!pipe->nrbufs || !chars)
		return 0;
	b = &pipe->bufs[(pipe->curbuf + pipe->nrbufs - 1) % PIPE_BUFFERS];
	if (b->offset + b->len + chars > PAGE_SIZE)
		return 0;
	memcpy((char *)page_address(b->page) + b->offset + b->len, buf, chars);
	b->len += (unsigned int)chars;
	return 1;
}

/* A new buffer with chars (<= a page) bytes; 0, or -ENOMEM. */
static int new_buf(struct pipe_inode_info *pipe, const char *buf,
		   size_t chars)
{
	struct pipe_buffer *b;
	struct page *page = pipe->tmp_page;

	if (!page)
		page = alloc_page(GFP_HIGHUSER);
	if (!page)
		return -ENOMEM;
	pipe->tmp_page = NULL;
	memcpy(page_address(page), buf, chars);
	b = &pipe->bufs[(pipe->curbuf + pipe->nrbufs) % PIPE_BUFFERS];
	b->page = page;
	b->offset = 0;
	b->len = (unsigned int)chars;
	pipe->nrbufs++;
	return 0;
}

/*
 * Linux 2.6.11's pipe_writev: the first count % PAGE_SIZE bytes top up
 * the last buffer if they fit, the rest go in whole pages.
 */
static ssize_t pipe_write(struct file *file, const char *buf, size_t count,
			  loff_t *pos)
{
	struct pipe_inode_info *pipe = file_pipe(file);
	struct inode *inode = file->f_dentry->d_inode;
	size_t ret = 0;

	(void)pos;
	if (!count)
		return 0;
	if (!pipe->readers) {
		send_sigpipe();
		return -EPIPE;
	}
	if (merge_last(pipe, buf, count & (PAGE_SIZE - 1)))
		ret = count & (PAGE_SIZE - 1);
	while (ret < count) {
		size_t chars = count - ret < PAGE_SIZE ? count - ret
						       : PAGE_SIZE;

		if (pipe->nrbufs < PIPE_BUFFERS) {
			if (new_buf(pipe, buf + ret, chars))
				return ret ? (ssize_t)ret : -ENOMEM;
			ret += chars;
			continue;
		}
		if (file->f_flags & O_NONBLOCK)
			break;
		if (current)	/* kept: the restarted write goes on after */
			current->rw_partial += (uint32_t)ret;
		return wait_for_other_process("write to a full pipe that no "
					      "other process can empty");
	}
	if (!ret)
		return -EAGAIN;
	inode->i_mtime = inode->i_ctime = current_fs_time();
	return (ssize_t)ret;
}

static int pipe_open(struct inode *inode, struct file *file)
{
	struct pipe_inode_info *pipe = inode->i_private;

	if (file->f_mode & FMODE_READ)
		pipe->readers++;
	if (file->f_mode & FMODE_WRITE)
		pipe->writers++;
	return 0;
}

static int pipe_release(struct inode *inode, struct file *file)
{
	struct pipe_inode_info *pipe = inode->i_private;

	if (file->f_mode & FMODE_READ)
		pipe->readers--;
	if (file->f_mode & FMODE_WRITE)
		pipe->writers--;
	return 0;
}

/* Writable while a buffer is free: a PIPE_BUF write then fits whole. */
unsigned int pipe_poll(struct file *file)
{
	struct pipe_inode_info *pipe = file_pipe(file);
	unsigned int mask = 0;

	if (file->f_mode & FMODE_READ) {
		if (pipe->nrbufs)
			mask |= POLLIN | POLLRDNORM;
		if (!pipe->writers)
			mask |= POLLHUP;
	}
	if (file->f_mode & FMODE_WRITE) {
		if (pipe->nrbufs < PIPE_BUFFERS)
			mask |= POLLOUT | POLLWRNORM;
		if (!pipe->readers)
			mask |= POLLERR;
	}
	return mask;
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.open = pipe_open,
	.release = pipe_release,
};

/* empty: it marks pipe inodes for evict_inode; stat is generic */
static const struct inode_operations pipe_inode_operations;

/* ------------------------------------------------------------ pipefs */

static void pipefs_evict_inode(struct inode *inode)
{
	struct pipe_inode_info *pipe = inode->i_private;
	unsigned int i;

	if (inode->i_op != &pipe_inode_operations || !pipe)
		return;
	for (i = 0; i < pipe->nrbufs; i++)
		__free_pages(pipe->bufs[(pipe->curbuf + i) % PIPE_BUFFERS].page,
			     0);
	if (pipe->tmp_page)
		__free_pages(pipe->tmp_page, 0);
	kfree(pipe);
	inode->i_private = NULL;
}

static const struct super_operations pipefs_ops = {
	.evict_inode = pipefs_evict_inode,
	.statfs = simple_statfs,
};

static int pipefs_fill_super(struct super_block *sb, const void *data)
{
	struct inode *root = new_inode(sb);

	(void)data;
	sb->s_magic = PIPEFS_MAGIC;
	sb->s_op = &pipefs_ops;
	if (!root)
		return -ENOMEM;
	root->i_mode = S_IFDIR | 0700;
	sb->s_root = d_alloc_root(root);
	if (!sb->s_root) {
		iput(root);
		return -ENOMEM;
	}
	return 0;
}

static struct file_system_type pipefs_fs_type = {
	.name = "pipefs",
	.fill_super = pipefs_fill_super,
	.kill_sb = kill_anon_super,
};

int pipefs_init(void)
{
	struct vfsmount *mnt;

	register_filesystem(&pipefs_fs_type);
	mnt = kern_mount("pipefs", 0, NULL);
	if (IS_ERR(mnt)) {
		unregister_filesystem(&pipefs_fs_type);
		return (int)PTR_ERR(mnt);
	}
	pipe_mnt = mnt;
	return 0;
}

void pipefs_exit(void)
{
	if (!pipe_mnt)
		return;
	kern_unmount(pipe_mnt);
	pipe_mnt = NULL;
	unregister_filesystem(&pipefs_fs_type);
}

struct inode *pipefs_new_inode(void)
{
	struct inode *inode;

	if (!pipe_mnt)
		return NULL;
	inode = new_inode(pipe_mnt->mnt_sb);
	if (inode && current) {
		inode->i_uid = current->euid;
		inode->i_gid = current->egid;
	}
	return inode;
}

/*
 * An unhashed dentry named name for inode (whose reference it takes),
 * and a file opened on it. The files hold the dentry; when the last one
 * goes, so do the dentry and the inode.
 */
struct file *pipefs_open(struct inode *inode, const char *name,
			 unsigned int flags)
{
	struct qstr q = { name, (unsigned int)strlen(name), 0 };
	struct path path;
	struct dentry *dentry;
	struct file *file;

	q.hash = full_name_hash(q.name, q.len);
	dentry = d_alloc(pipe_mnt->mnt_root, &q);
	if (!dentry) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d_instantiate(dentry, inode);
	path.mnt = pipe_mnt;
	path.dentry = dentry;
	file = dentry_open(&path, flags);
	dput(dentry);
	return file;
}

static struct inode *get_pipe_inode(void)
{
	struct inode *inode = pipefs_new_inode();
	struct pipe_inode_info *pipe;

	if (!inode)
		return NULL;
	pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);
	if (!pipe) {
		iput(inode);
		return NULL;
	}
	inode->i_private = pipe;
	inode->i_mode = S_IFIFO | 0600;
	inode->i_op = &pipe_inode_operations;
	inode->i_fop = &pipe_fops;
	inode->i_blkbits = PAGE_SHIFT;
	return inode;
}

int create_pipe_files(struct file *res[2], unsigned int flags)
{
	struct inode *inode = get_pipe_inode();
	char name[32];
	int err;

	if (!inode)
		return -ENFILE;
	snprintf(name, sizeof(name), "pipe:[%lu]", inode->i_ino);
	res[0] = pipefs_open(inode, name, O_RDONLY | (flags & O_NONBLOCK));
	if (IS_ERR(res[0]))
		return (int)PTR_ERR(res[0]);
	/* the write end on the same dentry: Linux's one pipe dentry */
	res[1] = dentry_open(&res[0]->f_path, O_WRONLY | (flags & O_NONBLOCK));
	if (IS_ERR(res[1])) {
		err = (int)PTR_ERR(res[1]);
		fput(res[0]);
		return err;
	}
	return 0;
}
