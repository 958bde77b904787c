/*
 * hostfs_host_path.c - the host's name for a guest file, for the one
 * kernel user that needs it: swapon(2) and swapoff(2), whose areas are
 * host files opened by the swap code itself (swap.h). The name comes
 * from the descriptor hostfs already holds for the inode (reached one
 * component at a time from the root, see hostfs.h), read back through
 * /proc/self/fd, so it is exactly the object the guest named and never
 * one outside --root.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "hostfs.h"
#include "swap_boot.h"

int hostfs_host_path(const struct path *path, int write, char *buf)
{
	struct dentry *dentry = path->dentry;
	char proc[40];
	int fd;

	if (!dentry->d_inode)
		return -ENOENT;
	if (dentry->d_sb->s_magic != HOSTFS_SUPER_MAGIC ||
	    !S_ISREG(dentry->d_inode->i_mode))
		return -EINVAL;		/* /proc, /dev, /tmp: no blocks */
	if (write && !HOSTFS_SB(dentry->d_sb)->rw)
		return -EROFS;
	fd = hostfs_fd(dentry, write);
	if (fd < 0)
		return fd;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (!realpath(proc, buf))
		return -errno;
	return 0;
}
