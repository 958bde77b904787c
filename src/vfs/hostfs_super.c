/*
 * hostfs_super.c - hostfs, the guest's / over a host directory: the
 * mount, its inodes (one per host inode number, from the slab cache
 * "hostfs_inode_cache"), and the cache of host descriptors that every
 * host access goes through (see hostfs.h for why that keeps the guest
 * inside its root).
 *
 * Each inode caches one descriptor, opened relative to its parent's. The
 * cache is bounded: past HOSTFS_MAX_CACHED_FDS the least recently used
 * descriptor is closed, unless its inode is open for writing, has dirty
 * pages, or was unlinked on the host (then the descriptor is the only way
 * left to its data). A closed one is reopened on demand.
 */
#define _GNU_SOURCE	/* O_PATH */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include "hostfs.h"
#include "pagemap.h"
#include "slab.h"

struct kmem_cache *hostfs_inode_cachep;
static struct list_head fd_lru = LIST_HEAD_INIT(fd_lru);
static unsigned int nr_cached_fds;

void hostfs_init_caches(void)
{
	hostfs_inode_cachep = kmem_cache_create("hostfs_inode_cache",
					sizeof(struct hostfs_inode_info), 0,
					SLAB_PANIC, NULL);
	INIT_LIST_HEAD(&fd_lru);
	nr_cached_fds = 0;
}

void hostfs_exit_caches(void)
{
	if (hostfs_inode_cachep)
		kmem_cache_destroy(hostfs_inode_cachep);
	hostfs_inode_cachep = NULL;
}

unsigned long hostfs_shrink_caches(void)
{
	return hostfs_inode_cachep ? kmem_cache_shrink(hostfs_inode_cachep)
				   : 0;
}

static struct inode *hostfs_alloc_inode(struct super_block *sb)
{
	struct hostfs_inode_info *info;

	(void)sb;
	info = kmem_cache_alloc(hostfs_inode_cachep, GFP_KERNEL);
	if (!info)
		return NULL;
	info->fd = -1;
	info->fd_rw = 0;
	info->writers = 0;
	info->keep_open = 0;
	INIT_LIST_HEAD(&info->fd_lru);
	return &info->vfs_inode;
}

static void hostfs_destroy_inode(struct inode *inode)
{
	kmem_cache_free(hostfs_inode_cachep, HOSTFS_I(inode));
}

void hostfs_close_fd(struct hostfs_inode_info *info)
{
	if (info->fd < 0)
		return;
	close(info->fd);
	info->fd = -1;
	info->fd_rw = 0;
	list_del_init(&info->fd_lru);
	nr_cached_fds--;
}

static void hostfs_evict_inode(struct inode *inode)
{
	hostfs_close_fd(HOSTFS_I(inode));
}

static int fd_pinned(struct hostfs_inode_info *info)
{
	return info->writers || info->keep_open ||
	       (info->vfs_inode.i_state & I_DIRTY_PAGES);
}

/* Over the limit: close the least recently used idle descriptors. */
static void fd_cache_trim(void)
{
	struct hostfs_inode_info *info, *prev;

	if (nr_cached_fds <= HOSTFS_MAX_CACHED_FDS)
		return;
	list_for_each_entry_safe(info, prev, &fd_lru, fd_lru) {
		if (nr_cached_fds <= HOSTFS_MAX_CACHED_FDS)
			return;
		if (!fd_pinned(info))
			hostfs_close_fd(info);
	}
}

static void fd_cache_touch(struct hostfs_inode_info *info)
{
	list_move_tail(&info->fd_lru, &fd_lru);	/* most recent last */
}

void hostfs_install_fd(struct hostfs_inode_info *info, int fd, int rw)
{
	hostfs_close_fd(info);
	info->fd = fd;
	info->fd_rw = rw;
	list_add_tail(&info->fd_lru, &fd_lru);
	nr_cached_fds++;
	fd_cache_trim();
}

/* Is the host object behind fd still the one inode describes? */
static int same_object(int fd, const struct inode *inode)
{
	struct stat st;

	if (fstat(fd, &st))
		return 0;
	return (unsigned long)st.st_ino == inode->i_ino &&
	       (st.st_mode & S_IFMT) == (inode->i_mode & S_IFMT);
}

static int open_flags(const struct inode *inode, int rw)
{
	if (S_ISREG(inode->i_mode))
		return (rw ? O_RDWR : O_RDONLY) | O_NOFOLLOW | O_NOCTTY |
		       O_CLOEXEC;
	if (S_ISDIR(inode->i_mode))
		return O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	return O_PATH | O_NOFOLLOW | O_CLOEXEC;
}

int hostfs_parent_fd(struct dentry *dentry)
{
	if (dentry == dentry->d_sb->s_root)
		return -EINVAL;
	if (d_unhashed(dentry))
		return -ESTALE;
	return hostfs_fd(dentry->d_parent, 0);
}

int hostfs_fd(struct dentry *dentry, int write)
{
	struct inode *inode = dentry->d_inode;
	struct hostfs_sb_info *sbi = HOSTFS_SB(dentry->d_sb);
	struct hostfs_inode_info *info;
	int dirfd, fd, rw;

	if (!inode)
		return -ENOENT;
	if (dentry == dentry->d_sb->s_root)
		return sbi->root_fd;
	info = HOSTFS_I(inode);
	if (info->fd >= 0 && (!write || info->fd_rw)) {
		fd_cache_touch(info);
		return info->fd;
	}
	dirfd = hostfs_parent_fd(dentry);
	if (dirfd < 0)
		return dirfd;
	rw = S_ISREG(inode->i_mode) && (write || sbi->rw);
	fd = openat(dirfd, dentry->d_name.name, open_flags(inode, rw));
	if (fd < 0 && rw && !write && (errno == EACCES || errno == EROFS)) {
		rw = 0;		/* readable only: fine unless writing */
		fd = openat(dirfd, dentry->d_name.name, open_flags(inode, 0));
	}
	if (fd < 0)
		return host_err();
	if (!same_object(fd, inode)) {
		close(fd);
		return -ESTALE;
	}
	hostfs_install_fd(info, fd, rw);
	return fd;
}

int hostfs_inode_fd(struct inode *inode)
{
	struct hostfs_inode_info *info = HOSTFS_I(inode);
	struct dentry *alias;

	if (info->fd >= 0) {
		fd_cache_touch(info);
		return info->fd;
	}
	if (inode == inode->i_sb->s_root->d_inode)
		return HOSTFS_SB(inode->i_sb)->root_fd;
	list_for_each_entry(alias, &inode->i_dentry, d_alias) {
		int fd = hostfs_fd(alias, 0);

		if (fd >= 0)
			return fd;
	}
	return -ESTALE;
}

struct inode *hostfs_iget(struct super_block *sb, const struct stat *st)
{
	struct inode *inode = ilookup(sb, (unsigned long)st->st_ino);

	if (inode && !((inode->i_mode ^ st->st_mode) & S_IFMT))
		return inode;
	if (inode) {	/* the host reused the number: a new object */
		remove_inode_hash(inode);
		iput(inode);
	}
	inode = new_inode(sb);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_ino = (unsigned long)st->st_ino;
	inode->i_mode = (umode_t)st->st_mode;
	inode->i_nlink = (uint32_t)st->st_nlink;
	inode->i_uid = st->st_uid;
	inode->i_gid = st->st_gid;
	inode->i_size = st->st_size;
	inode->i_blocks = (uint64_t)st->st_blocks;
	inode->i_atime = st->st_atim;
	inode->i_mtime = st->st_mtim;
	inode->i_ctime = st->st_ctim;
	switch (st->st_mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &hostfs_dir_inode_operations;
		inode->i_fop = &hostfs_dir_operations;
		break;
	case S_IFREG:
		inode->i_op = &hostfs_file_inode_operations;
		inode->i_fop = &hostfs_file_operations;
		inode->i_mapping->a_ops = &hostfs_aops;
		break;
	case S_IFLNK:
		inode->i_op = &hostfs_symlink_inode_operations;
		break;
	default:	/* devices, fifos, sockets: visible, not usable */
		break;
	}
	insert_inode_hash(inode);
	return inode;
}

static int hostfs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct statfs st;

	if (fstatfs(HOSTFS_SB(dentry->d_sb)->root_fd, &st))
		return host_err();
	buf->f_type = (uint32_t)st.f_type;
	buf->f_bsize = (uint32_t)st.f_bsize;
	buf->f_frsize = (uint32_t)st.f_frsize;
	buf->f_blocks = st.f_blocks;
	buf->f_bfree = st.f_bfree;
	buf->f_bavail = st.f_bavail;
	buf->f_files = st.f_files;
	buf->f_ffree = st.f_ffree;
	buf->f_namelen = (uint32_t)st.f_namelen;
	return 0;
}

static void hostfs_put_super(struct super_block *sb)
{
	struct hostfs_sb_info *sbi = HOSTFS_SB(sb);

	if (!sbi)
		return;
	close(sbi->root_fd);
	kfree(sbi);
	sb->s_fs_info = NULL;
}

static const struct super_operations hostfs_super_operations = {
	.alloc_inode = hostfs_alloc_inode,
	.destroy_inode = hostfs_destroy_inode,
	.evict_inode = hostfs_evict_inode,
	.put_super = hostfs_put_super,
	.statfs = hostfs_statfs,
};

static int hostfs_fill_super(struct super_block *sb, const void *data)
{
	const char *root = data;
	struct hostfs_sb_info *sbi;
	struct inode *inode;
	struct stat st;
	int fd;

	if (!root || !*root)
		return -ENOENT;
	fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return host_err();
	if (fstat(fd, &st)) {
		close(fd);
		return host_err();
	}
	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	if (!sbi) {
		close(fd);
		return -ENOMEM;
	}
	sbi->root_fd = fd;
	sbi->rw = !(sb->s_flags & MS_RDONLY);
	sb->s_fs_info = sbi;
	sb->s_op = &hostfs_super_operations;
	sb->s_magic = HOSTFS_SUPER_MAGIC;
	inode = hostfs_iget(sb, &st);
	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	sb->s_root = d_alloc_root(inode);
	if (!sb->s_root) {
		iput(inode);
		return -ENOMEM;
	}
	return 0;
}

struct file_system_type hostfs_fs_type = {
	.name = "hostfs",
	.fill_super = hostfs_fill_super,
	.kill_sb = kill_anon_super,
};
