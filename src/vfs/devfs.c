/*
 * devfs.c - a small /dev: the memory devices of Linux's drivers/char/mem.c
 * (null, zero, full, random, urandom) and tty, the emulator's terminal.
 * The directory is fixed at mount: each device is a pinned dentry, as in
 * tmpfs, and new names cannot be made there.
 *
 * random and urandom give a splitmix64 stream from a seed, never host
 * entropy, so a run is the same every time.
 */
#include <unistd.h>
#include "record.h"
#include "internal.h"

static uint64_t urandom_state;
static int tty_in = 0, tty_out = 1;

void devfs_set_urandom_seed(uint64_t seed)
{
	urandom_state = seed;
}

void devfs_set_tty_fds(int in_fd, int out_fd)
{
	tty_in = in_fd;
	tty_out = out_fd;
}

static uint64_t splitmix64(void)
{
	uint64_t z = (urandom_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* null, zero and full seek nowhere and say so (Linux's null_lseek). */
static loff_t null_lseek(struct file *file, loff_t offset, int whence)
{
	(void)offset;
	(void)whence;
	return file->f_pos = 0;
}

static ssize_t read_null(struct file *file, char *buf, size_t count,
			 loff_t *pos)
{
	(void)file;
	(void)buf;
	(void)count;
	(void)pos;
	return 0;
}

static ssize_t write_null(struct file *file, const char *buf, size_t count,
			  loff_t *pos)
{
	(void)file;
	(void)buf;
	(void)pos;
	return (ssize_t)count;
}

static ssize_t read_zero(struct file *file, char *buf, size_t count,
			 loff_t *pos)
{
	(void)file;
	(void)pos;
	memset(buf, 0, count);
	return (ssize_t)count;
}

static ssize_t write_full(struct file *file, const char *buf, size_t count,
			  loff_t *pos)
{
	(void)file;
	(void)buf;
	(void)count;
	(void)pos;
	return -ENOSPC;
}

static ssize_t read_urandom(struct file *file, char *buf, size_t count,
			    loff_t *pos)
{
	size_t done = 0;

	(void)file;
	(void)pos;
	if (trace_output_dropped())	/* the recorded run wrote it */
		return (ssize_t)count;
	while (done < count) {
		uint64_t r = splitmix64();
		size_t n = count - done < 8 ? count - done : 8;

		memcpy(buf + done, &r, n);
		done += n;
	}
	return (ssize_t)done;
}

static ssize_t tty_read(struct file *file, char *buf, size_t count,
			loff_t *pos)
{
	ssize_t n;

	(void)file;
	(void)pos;
	if (trace_mode != TRACE_OFF)	/* recorded, or replayed */
		return trace_input(tty_in, buf, count);
	do
		n = read(tty_in, buf, count);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

static ssize_t tty_write(struct file *file, const char *buf, size_t count,
			 loff_t *pos)
{
	size_t done = 0;

	(void)file;
	(void)pos;
	if (trace_output_dropped())	/* the recorded run wrote it */
		return (ssize_t)count;
	while (done < count) {
		ssize_t n = write(tty_out, buf + done, count - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return done ? (ssize_t)done : (n < 0 ? -errno : -EIO);
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static const struct file_operations null_fops = {
	.llseek = null_lseek, .read = read_null, .write = write_null,
};
static const struct file_operations zero_fops = {
	.llseek = null_lseek, .read = read_zero, .write = write_null,
};
static const struct file_operations full_fops = {
	.llseek = null_lseek, .read = read_zero, .write = write_full,
};
static const struct file_operations urandom_fops = {
	.llseek = null_lseek, .read = read_urandom, .write = write_null,
};
static const struct file_operations tty_fops = {
	.read = tty_read, .write = tty_write,
};

int file_is_tty(const struct file *file)
{
	return file->f_op == &tty_fops;
}

static const struct devfs_node {
	const char *name;
	unsigned int major, minor;
	const struct file_operations *fops;
} devfs_nodes[] = {
	{ "full", MEM_MAJOR, 7, &full_fops },
	{ "null", MEM_MAJOR, 3, &null_fops },
	{ "random", MEM_MAJOR, 8, &urandom_fops },
	{ "tty", TTYAUX_MAJOR, 0, &tty_fops },
	{ "urandom", MEM_MAJOR, 9, &urandom_fops },
	{ "zero", MEM_MAJOR, 5, &zero_fops },
};

static int devfs_add(struct dentry *root, const struct devfs_node *node)
{
	struct qstr name;
	struct inode *inode = new_inode(root->d_sb);
	struct dentry *dentry;

	if (!inode)
		return -ENOMEM;
	inode->i_mode = S_IFCHR | 0666;
	inode->i_rdev = MKDEV(node->major, node->minor);
	inode->i_fop = node->fops;
	name.name = node->name;
	name.len = (unsigned int)strlen(node->name);
	name.hash = full_name_hash(name.name, name.len);
	dentry = d_alloc(root, &name);	/* its reference is the pin */
	if (!dentry) {
		iput(inode);
		return -ENOMEM;
	}
	d_add(dentry, inode);
	return 0;
}

static const struct super_operations devfs_super_operations = {
	.statfs = simple_statfs,
};

static int devfs_fill_super(struct super_block *sb, const void *data)
{
	struct inode *root = new_inode(sb);
	size_t i;
	int err;

	(void)data;
	sb->s_magic = DEVFS_SUPER_MAGIC;
	sb->s_op = &devfs_super_operations;
	if (!root)
		return -ENOMEM;
	root->i_mode = S_IFDIR | 0755;
	root->i_op = &simple_dir_inode_operations;
	root->i_fop = &simple_dir_operations;
	inc_nlink(root);
	sb->s_root = d_alloc_root(root);
	if (!sb->s_root) {
		iput(root);
		return -ENOMEM;
	}
	for (i = 0; i < sizeof(devfs_nodes) / sizeof(devfs_nodes[0]); i++) {
		err = devfs_add(sb->s_root, &devfs_nodes[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Unpin the device dentries; they then go with the super block. */
static void devfs_kill_sb(struct super_block *sb)
{
	struct dentry *child, *next;

	if (sb->s_root)
		list_for_each_entry_safe(child, next, &sb->s_root->d_subdirs,
					 d_child)
			if (child->d_inode && !d_unhashed(child))
				dput(child);
	kill_anon_super(sb);
}

struct file_system_type devfs_fs_type = {
	.name = "devfs",
	.fill_super = devfs_fill_super,
	.kill_sb = devfs_kill_sb,
};
