/*
 * hostfs.h - what the hostfs files share: the per-mount and per-inode
 * information, and the confined access to host files.
 *
 * Confinement: the only host path hostfs ever opens is the root
 * directory itself, once, at mount. Every other host object is reached
 * by openat/fstatat/... relative to the descriptor of its parent
 * directory, with O_NOFOLLOW / AT_SYMLINK_NOFOLLOW, one component at a
 * time, and names come from dentries, which are never "." or ".." and
 * never contain a slash. Host symlinks are only ever read (readlinkat):
 * the VFS walk interprets their text inside the guest's tree. So no
 * guest path, and no symlink on the host, reaches outside the root.
 */
#ifndef I386MM_HOSTFS_H
#define I386MM_HOSTFS_H

#include <sys/stat.h>
#include "internal.h"

struct hostfs_sb_info {
	int root_fd;			/* O_PATH, the --root directory */
	int rw;				/* --root-rw */
};

struct hostfs_inode_info {
	int fd;				/* cached host descriptor, or -1 */
	int fd_rw;			/* fd was opened O_RDWR */
	int writers;			/* open for writing: keep fd */
	int keep_open;			/* unlinked on the host: keep fd */
	struct list_head fd_lru;	/* on the cache's LRU while fd >= 0 */
	struct inode vfs_inode;
};

static inline struct hostfs_inode_info *HOSTFS_I(struct inode *inode)
{
	return container_of(inode, struct hostfs_inode_info, vfs_inode);
}

static inline struct hostfs_sb_info *HOSTFS_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/*
 * The host descriptor of dentry's inode, opened relative to its parent's
 * (cached for the inode): O_PATH for directories and symlinks, O_RDONLY
 * or O_RDWR (write) for regular files. -errno on failure, -ESTALE if the
 * host object is no longer the inode's.
 */
int hostfs_fd(struct dentry *dentry, int write);
/* The parent directory's descriptor, for the *at calls on dentry. */
int hostfs_parent_fd(struct dentry *dentry);
/* An inode's cached fd, or one through any of its names; -errno. */
int hostfs_inode_fd(struct inode *inode);
void hostfs_close_fd(struct hostfs_inode_info *info);
/* Cache fd (opened O_RDWR if rw) for the inode, replacing its old one. */
void hostfs_install_fd(struct hostfs_inode_info *info, int fd, int rw);

/* The inode of a host object (one per st_ino), a new reference. */
struct inode *hostfs_iget(struct super_block *sb, const struct stat *st);

extern const struct inode_operations hostfs_dir_inode_operations;
extern const struct file_operations hostfs_dir_operations;
extern const struct inode_operations hostfs_file_inode_operations;
extern const struct file_operations hostfs_file_operations;
extern const struct address_space_operations hostfs_aops;
extern const struct inode_operations hostfs_symlink_inode_operations;

/* -errno of the last failed host call */
static inline int host_err(void)
{
	return -errno;
}

#endif
