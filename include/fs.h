/*
 * fs.h - the virtual filesystem switch: Linux 2.6's four objects (super
 * block, inode, dentry, file), mounts, path walk, and the operations a
 * filesystem implements. The page cache's side (address_space and its
 * functions) is in pagemap.h; the /proc generators in proc_fs.h.
 *
 * Every object comes from a slab cache ("inode_cache", "dentry", "filp",
 * one inode-info cache per filesystem that needs one), so it lives in
 * emulated lowmem and costs what it would cost Linux. The mount tree at
 * boot: / is hostfs over the --root directory (read-only unless
 * VFS_ROOT_RW), /proc procfs, /tmp tmpfs, /dev devfs.
 *
 * Buffers passed to read, write, readlink, iterate... are host memory:
 * the system-call layer copies between them and the guest. Errors are
 * -errno (Linux i386 values, which the host's <errno.h> shares); calls
 * that return a pointer return ERR_PTR(-errno).
 */
#ifndef I386MM_FS_H
#define I386MM_FS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "list.h"
#include "radix-tree.h"

typedef int64_t loff_t;
typedef uint16_t umode_t;
typedef uint32_t kdev_t;

/* ERR_PTR: an errno in a pointer, as Linux's include/linux/err.h. */
#define MAX_ERRNO	4095
static inline void *ERR_PTR(long error)
{
	return (void *)(intptr_t)error;
}
static inline long PTR_ERR(const void *ptr)
{
	return (long)(intptr_t)ptr;
}
static inline int IS_ERR(const void *ptr)
{
	return (uintptr_t)ptr >= (uintptr_t)-MAX_ERRNO;
}
static inline int IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

/* Device numbers as the kernel keeps them: 12 bits major, 20 minor. */
#define MINORBITS	20
#define MKDEV(ma, mi)	(((kdev_t)(ma) << MINORBITS) | (kdev_t)(mi))
#define MAJOR(dev)	((unsigned)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned)((dev) & ((1u << MINORBITS) - 1)))
#define UNNAMED_MAJOR	0

#ifndef PATH_MAX
#define PATH_MAX	4096	/* bytes of a path, with its NUL */
#endif
#ifndef NAME_MAX
#define NAME_MAX	255	/* bytes of one component */
#endif
#define MAX_LINK_COUNT	40	/* symlinks followed in one lookup */

/*
 * Mode bits: Linux's values, which the host's <sys/stat.h> shares. A file
 * that includes host headers includes them before this one.
 */
#ifndef S_IFMT
#define S_IFMT		00170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)
#endif
#define S_IALLUGO	(S_ISUID | S_ISGID | S_ISVTX | 0777)

/* Directory entry types, for iterate (getdents64's d_type). */
#ifndef DT_UNKNOWN
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#endif
static inline unsigned int mode_to_dt(umode_t mode)
{
	return (mode & S_IFMT) >> 12;
}

/*
 * Open flags, the Linux i386 ABI. Each is the x86-64 host's value too,
 * so a file that includes the host's <fcntl.h> as well sees no conflict.
 */
#ifndef O_ACCMODE
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#endif
#ifndef O_CREAT
#define O_CREAT		00000100
#endif
#ifndef O_EXCL
#define O_EXCL		00000200
#endif
#ifndef O_NOCTTY
#define O_NOCTTY	00000400
#endif
#ifndef O_TRUNC
#define O_TRUNC		00001000
#endif
#ifndef O_APPEND
#define O_APPEND	00002000
#endif
#ifndef O_NONBLOCK
#define O_NONBLOCK	00004000
#endif
#ifndef O_DSYNC
#define O_DSYNC		00010000	/* Linux 2.6's O_SYNC had this value */
#endif
#ifndef O_DIRECT
#define O_DIRECT	00040000
#endif
#ifndef O_DIRECTORY
#define O_DIRECTORY	00200000
#endif
#ifndef O_NOFOLLOW
#define O_NOFOLLOW	00400000
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC	02000000
#endif
#ifndef O_SYNC
#define O_SYNC		04010000
#endif

/* file->f_mode */
#define FMODE_READ	0x1u
#define FMODE_WRITE	0x2u

/* lseek whence */
#ifndef SEEK_SET
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#endif

/* The largest file: 2^31 pages of 4 KiB (MAX_LFS_FILESIZE on i386). */
#define MAX_LFS_FILESIZE	(((loff_t)PAGE_SIZE << 31) - 1)

struct super_block;
struct inode;
struct dentry;
struct file;
struct vfsmount;
struct page;
struct kstatfs;
struct vm_area_struct;
struct vm_operations_struct;
struct mm_struct;

/* A name and its hash, as the dcache compares names. */
struct qstr {
	const char *name;
	unsigned int len;
	unsigned int hash;
};

/* What stat reports (the syscall layer turns it into stat64). */
struct kstat {
	kdev_t dev;
	uint64_t ino;
	umode_t mode;
	uint32_t nlink;
	uint32_t uid, gid;
	kdev_t rdev;
	loff_t size;
	struct timespec atime, mtime, ctime;
	uint32_t blksize;
	uint64_t blocks;		/* 512-byte units */
};

struct kstatfs {
	uint32_t f_type;		/* the filesystem's magic */
	uint32_t f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail;
	uint64_t f_files, f_ffree;
	uint32_t f_namelen;
	uint32_t f_frsize;
};

/* notify_change: what an iattr changes. */
#define ATTR_MODE	0x01u
#define ATTR_UID	0x02u
#define ATTR_GID	0x04u
#define ATTR_SIZE	0x08u
#define ATTR_ATIME	0x10u
#define ATTR_MTIME	0x20u
#define ATTR_CTIME	0x40u
#define ATTR_TIMES_SET	0x80u	/* times given by the caller (utimes) */

struct iattr {
	unsigned int ia_valid;
	umode_t ia_mode;
	uint32_t ia_uid, ia_gid;
	loff_t ia_size;
	struct timespec ia_atime, ia_mtime, ia_ctime;
};

/*
 * Directory listing: iterate calls actor once per entry from ctx->pos on,
 * in a fixed order ("." and ".." first, then by name), and advances
 * ctx->pos past each entry the actor took. The actor returns nonzero to
 * stop (its buffer is full): that entry is offered again next time.
 */
struct dir_context {
	int (*actor)(struct dir_context *ctx, const char *name, int namelen,
		     loff_t pos, uint64_t ino, unsigned int d_type);
	loff_t pos;
};

/* ---------------------------------------------------------- operations */

struct super_operations {
	/* inode objects of a filesystem with its own inode info */
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*destroy_inode)(struct inode *inode);
	/* the last reference is gone: release what the inode holds */
	void (*evict_inode)(struct inode *inode);
	void (*put_super)(struct super_block *sb);
	int (*statfs)(struct dentry *dentry, struct kstatfs *buf);
};

struct inode_operations {
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode);
	/* d_add(dentry, inode or NULL) and return NULL, or ERR_PTR */
	struct dentry *(*lookup)(struct inode *dir, struct dentry *dentry);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *new);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*symlink)(struct inode *dir, struct dentry *dentry,
		       const char *target);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	int (*rename)(struct inode *old_dir, struct dentry *old,
		      struct inode *new_dir, struct dentry *new);
	/* the link's target into buf (no NUL); its length or -errno */
	int (*readlink)(struct dentry *dentry, char *buf, int buflen);
	/* called by notify_change after the checks; ATTR_SIZE included */
	int (*setattr)(struct dentry *dentry, struct iattr *attr);
	/* stat; generic_fillattr when absent */
	int (*getattr)(struct dentry *dentry, struct kstat *stat);
};

struct file_operations {
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	ssize_t (*read)(struct file *file, char *buf, size_t count,
			loff_t *pos);
	ssize_t (*write)(struct file *file, const char *buf, size_t count,
			 loff_t *pos);
	int (*iterate)(struct file *file, struct dir_context *ctx);
	/* may this file be mapped so? sets the VMA operations */
	int (*mmap)(struct file *file, int prot, int flags,
		    const struct vm_operations_struct **ops);
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
	int (*fsync)(struct file *file, int datasync);
};

struct address_space_operations {
	/* fill a locked, new page of the cache; sets PG_uptodate */
	int (*readpage)(struct file *file, struct page *page);
	/* write a page out; the caller cleared PG_dirty, set PG_writeback */
	int (*writepage)(struct page *page);
	/* for a filesystem whose dirty pages are never written (tmpfs) */
	int (*set_page_dirty)(struct page *page);
	/* O_DIRECT: transfer between buf and the backing store */
	ssize_t (*direct_IO)(int rw, struct file *file, char *buf,
			     loff_t offset, size_t count);
};

/*
 * mapping->flags: a write-back error, reported once by fsync; and
 * AS_SWAPBACKED for tmpfs, whose pages only swap could ever take
 * (they get PG_swapbacked in the cache).
 */
#define AS_EIO		0x1u
#define AS_ENOSPC	0x2u
#define AS_SWAPBACKED	0x4u

struct address_space {
	struct inode *host;
	struct radix_tree_root page_tree;	/* index -> struct page */
	unsigned long nrpages;
	const struct address_space_operations *a_ops;
	gfp_t gfp_mask;				/* GFP_HIGHUSER */
	unsigned int flags;			/* AS_* */
};

/* ------------------------------------------------------------- objects */

/* inode->i_state */
#define I_DIRTY_PAGES	0x1u	/* on its super block's s_dirty list */
#define I_FREEING	0x2u
#define I_HASHED	0x4u	/* in the (sb, ino) hash */

struct inode {
	struct list_head i_hash;	/* (sb, i_ino) hash, host memory */
	struct list_head i_sb_list;	/* sb->s_inodes */
	struct list_head i_list;	/* sb->s_dirty, when I_DIRTY_PAGES */
	struct list_head i_dentry;	/* aliases */
	unsigned long i_ino;
	int i_count;
	umode_t i_mode;
	uint32_t i_nlink;
	uint32_t i_uid, i_gid;
	kdev_t i_rdev;
	loff_t i_size;
	struct timespec i_atime, i_mtime, i_ctime;
	uint64_t i_blocks;
	unsigned int i_blkbits;
	unsigned int i_state;
	uint64_t dirtied_when;		/* vfs_jiffies when it got dirty */
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct super_block *i_sb;
	struct address_space *i_mapping;
	struct address_space i_data;
	void *i_private;
};

/* sb->s_flags */
#define MS_RDONLY	0x1u

struct file_system_type {
	const char *name;
	/* fill a new super block: s_op, s_root, s_magic... 0 or -errno */
	int (*fill_super)(struct super_block *sb, const void *data);
	void (*kill_sb)(struct super_block *sb);
	struct file_system_type *next;
};

struct super_block {
	struct list_head s_list;	/* all super blocks */
	kdev_t s_dev;			/* 0:n, as Linux's anonymous devices */
	unsigned int s_blocksize;
	uint32_t s_magic;
	unsigned int s_flags;		/* MS_RDONLY */
	loff_t s_maxbytes;
	struct file_system_type *s_type;
	const struct super_operations *s_op;
	struct dentry *s_root;
	struct list_head s_inodes;
	struct list_head s_dirty;	/* dirty inodes, oldest first */
	int s_active;			/* mounts */
	void *s_fs_info;
	unsigned long s_next_ino;	/* for filesystems that number inodes */
};

#define DNAME_INLINE_LEN	36

/* dentry->d_flags */
#define DCACHE_UNHASHED		0x1u
#define DCACHE_LRU		0x2u

struct dentry_operations {
	/* is a cached dentry still right? 0 makes the walk look it up again */
	int (*d_revalidate)(struct dentry *dentry);
	void (*d_release)(struct dentry *dentry);
};

struct dentry {
	int d_count;
	unsigned int d_flags;
	struct inode *d_inode;		/* NULL: a negative entry */
	struct dentry *d_parent;	/* itself at a filesystem's root */
	struct qstr d_name;
	struct list_head d_hash;	/* dcache hash, keyed (parent, name) */
	struct list_head d_lru;		/* unused: on the LRU */
	struct list_head d_child;	/* parent's d_subdirs */
	struct list_head d_subdirs;
	struct list_head d_alias;	/* inode's i_dentry */
	struct super_block *d_sb;
	int d_mounted;			/* mounts on this dentry */
	const struct dentry_operations *d_op;
	void *d_fsdata;
	char d_iname[DNAME_INLINE_LEN];
};

struct vfsmount {
	struct list_head mnt_list;	/* all mounts, in mount order */
	struct vfsmount *mnt_parent;	/* itself for the root mount */
	struct dentry *mnt_mountpoint;	/* in the parent */
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	int mnt_count;
	unsigned int mnt_flags;		/* MS_RDONLY */
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct file {
	struct path f_path;
#define f_dentry	f_path.dentry
#define f_vfsmnt	f_path.mnt
	const struct file_operations *f_op;
	int f_count;
	unsigned int f_flags;		/* O_* as opened (no O_CREAT...) */
	unsigned int f_mode;		/* FMODE_READ | FMODE_WRITE */
	loff_t f_pos;
	struct address_space *f_mapping;
	void *private_data;		/* the filesystem's (procfs' text) */
};

/* A process's root and working directory (Linux's fs_struct). */
struct fs_struct {
	int users;
	struct path root, pwd;
};

/* path_lookup flags */
#define LOOKUP_FOLLOW		0x0001u	/* follow a final symlink */
#define LOOKUP_DIRECTORY	0x0002u	/* the result must be a directory */
#define LOOKUP_PARENT		0x0010u	/* stop at the last component's dir */

enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

struct nameidata {
	struct path path;
	struct qstr last;		/* LOOKUP_PARENT: the last component */
	int last_type;
	unsigned int flags;
	int link_count;			/* symlinks followed so far */
	char *name;			/* a copy of the path: last is in it */
};

/* -------------------------------------------------------- the VFS' API */

/* vfs_init flags */
#define VFS_ROOT_RW	0x1u

/* hostfs keeps at most this many idle host descriptors open */
#define HOSTFS_MAX_CACHED_FDS	128

/*
 * Boot the VFS, after mem_init: slab caches, the dcache and its
 * shrinker, the filesystems, and the mount tree over host_root (a host
 * directory). 0, or -ENOENT / -ENOTDIR / -EACCES for a bad root,
 * -ENOMEM; nothing is left behind on failure. vfs_exit unmounts
 * everything (dirty pages written back first) and frees it all, so once
 * every file is closed and every fs_struct put, shrink_slab() brings
 * the free-page count back to free_pages_boot. A second vfs_init
 * replaces the first.
 */
int vfs_init(const char *host_root, unsigned int flags);
void vfs_exit(void);

/*
 * The VFS clock: the scheduler advances it (VFS_HZ ticks per second);
 * inode times and dirtiness ages come from it, never from the host.
 * Times are vfs_epoch plus the ticks; the kernel may set vfs_epoch
 * (for example to timekeeping.h's VCLOCK_EPOCH) after vfs_init.
 */
#define VFS_HZ	100
extern uint64_t vfs_jiffies;
extern int64_t vfs_epoch;		/* seconds at jiffies 0 */
void vfs_set_clock(uint64_t jiffies);
struct timespec current_fs_time(void);

/* mounts */
void register_filesystem(struct file_system_type *fs);
void unregister_filesystem(struct file_system_type *fs);
struct file_system_type *get_fs_type(const char *name);
/* Mount a new instance of type on path (NULL: as the root mount). */
int vfs_mount(struct fs_struct *fs, const char *type, const char *path,
	      unsigned int ms_flags, const void *data);
int vfs_umount(struct fs_struct *fs, const char *path);
struct vfsmount *mntget(struct vfsmount *mnt);
void mntput(struct vfsmount *mnt);
/* The mount on (mnt, dentry), or NULL. No reference taken. */
struct vfsmount *lookup_mnt(struct vfsmount *mnt, struct dentry *dentry);
/* Every mount, in mount order, for /proc/mounts. */
extern struct list_head vfs_mounts;
void get_vfs_root(struct path *root);	/* with references */

/* super blocks (for filesystems) */
struct super_block *sget(struct file_system_type *type, unsigned int flags,
			 const void *data);
void deactivate_super(struct super_block *sb);
void kill_anon_super(struct super_block *sb);

/* inodes */
struct inode *new_inode(struct super_block *sb);
struct inode *ilookup(struct super_block *sb, unsigned long ino);
void insert_inode_hash(struct inode *inode);
void remove_inode_hash(struct inode *inode);
struct inode *igrab(struct inode *inode);
void iput(struct inode *inode);
void inode_init_once(struct inode *inode);
void clear_nlink(struct inode *inode);
void set_nlink(struct inode *inode, uint32_t n);
void inc_nlink(struct inode *inode);
void drop_nlink(struct inode *inode);
void generic_fillattr(struct inode *inode, struct kstat *stat);
struct inodes_stat_t {
	long nr_inodes;
};
extern struct inodes_stat_t inodes_stat;

/* dentries: the dcache */
struct dentry *dget(struct dentry *dentry);
void dput(struct dentry *dentry);
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name);
struct dentry *d_alloc_root(struct inode *root_inode);
void d_instantiate(struct dentry *dentry, struct inode *inode);
void d_add(struct dentry *dentry, struct inode *inode);	/* and hash */
void d_rehash(struct dentry *dentry);
struct dentry *d_lookup(struct dentry *parent, const struct qstr *name);
void d_delete(struct dentry *dentry);	/* unlinked */
void d_drop(struct dentry *dentry);	/* unhash */
void d_move(struct dentry *dentry, struct dentry *target);
int d_unhashed(const struct dentry *dentry);
int d_mountpoint(const struct dentry *dentry);
int have_submounts(struct dentry *parent);
/* Free up to count unused dentries, oldest first; returns how many. */
unsigned long prune_dcache(unsigned long count);
/* Drop every unused dentry below (and at) a super block's root. */
void shrink_dcache_sb(struct super_block *sb);
unsigned int full_name_hash(const char *name, unsigned int len);
struct dentry_stat_t {
	long nr_dentry;
	long nr_unused;
};
extern struct dentry_stat_t dentry_stat;
/*
 * The path of (mnt, dentry) as seen from root, built at the end of buf;
 * " (deleted)" is appended to an unlinked one. ERR_PTR(-ENAMETOOLONG).
 */
char *d_path(const struct path *path, const struct path *root, char *buf,
	     int buflen);

/* path walk */
int path_lookup(struct fs_struct *fs, const struct path *base,
		const char *name, unsigned int flags, struct nameidata *nd);
void path_release(struct nameidata *nd);
/* path_lookup that keeps only the result (with references) in *path */
int kern_path(struct fs_struct *fs, const struct path *base,
	      const char *name, unsigned int flags, struct path *path);
void path_get(const struct path *path);
void path_put(const struct path *path);
/* look name up in directory base (the dcache first); a new reference */
struct dentry *lookup_one_len(const char *name, struct dentry *base,
			      unsigned int len);

/* fs_struct */
struct fs_struct *alloc_fs_struct(const struct path *root,
				  const struct path *pwd);
struct fs_struct *copy_fs_struct(struct fs_struct *old);
void put_fs_struct(struct fs_struct *fs);
void set_fs_root(struct fs_struct *fs, const struct path *path);
void set_fs_pwd(struct fs_struct *fs, const struct path *path);

/* namespace operations on inodes (the filesystem's checks done here) */
int vfs_create(struct inode *dir, struct dentry *dentry, umode_t mode);
int vfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode);
int vfs_rmdir(struct inode *dir, struct dentry *dentry);
int vfs_unlink(struct inode *dir, struct dentry *dentry);
int vfs_symlink(struct inode *dir, struct dentry *dentry,
		const char *target);
int vfs_link(struct dentry *old, struct inode *dir, struct dentry *new);
int vfs_rename(struct inode *old_dir, struct dentry *old,
	       struct inode *new_dir, struct dentry *new);
int vfs_readlink(struct dentry *dentry, char *buf, int buflen);
int notify_change(struct dentry *dentry, struct iattr *attr);

/*
 * The same by path name, relative to base (NULL: fs->pwd) when the name
 * is relative: what mkdirat, unlinkat, renameat... need.
 */
int do_mkdir(struct fs_struct *fs, const struct path *base,
	     const char *name, umode_t mode);
int do_rmdir(struct fs_struct *fs, const struct path *base,
	     const char *name);
int do_unlink(struct fs_struct *fs, const struct path *base,
	      const char *name);
int do_symlink(struct fs_struct *fs, const char *target,
	       const struct path *base, const char *name);
int do_link(struct fs_struct *fs, const struct path *oldbase,
	    const char *oldname, const struct path *newbase,
	    const char *newname, unsigned int lookup_flags);
int do_rename(struct fs_struct *fs, const struct path *oldbase,
	      const char *oldname, const struct path *newbase,
	      const char *newname);
int do_readlink(struct fs_struct *fs, const struct path *base,
		const char *name, char *buf, int buflen);
int do_truncate_path(struct fs_struct *fs, const struct path *base,
		     const char *name, loff_t length);
/* stat (flags LOOKUP_FOLLOW for stat, 0 for lstat) */
int vfs_stat(struct fs_struct *fs, const struct path *base,
	     const char *name, unsigned int flags, struct kstat *stat);
int vfs_getattr(const struct path *path, struct kstat *stat);
int vfs_statfs(const struct path *path, struct kstatfs *buf);
/*
 * access(2) as root sees it (the only user here): the name must exist,
 * MAY_WRITE fails with -EROFS on a read-only mount, MAY_EXEC on a file
 * with no execute bit with -EACCES.
 */
#define MAY_EXEC	0x1
#define MAY_WRITE	0x2
#define MAY_READ	0x4
int do_access(struct fs_struct *fs, const struct path *base,
	      const char *name, int mask, unsigned int flags);
/* chdir and chroot: the path must be a directory */
int do_chdir(struct fs_struct *fs, const struct path *base,
	     const char *name);
int do_chroot(struct fs_struct *fs, const struct path *base,
	      const char *name);

/* open files */
struct file *filp_open(struct fs_struct *fs, const struct path *base,
		       const char *name, unsigned int flags, umode_t mode);
struct file *dentry_open(const struct path *path, unsigned int flags);
struct file *get_file(struct file *file);
void fput(struct file *file);
long nr_files(void);
/*
 * read and write: buf is host memory. For O_DIRECT, Linux's alignment
 * rule applies to buf's address too, so a caller bouncing a guest buffer
 * must keep the guest address modulo 512 (see pagemap.h).
 */
ssize_t vfs_read(struct file *file, char *buf, size_t count, loff_t *pos);
ssize_t vfs_write(struct file *file, const char *buf, size_t count,
		  loff_t *pos);
loff_t vfs_llseek(struct file *file, loff_t offset, int whence);
int vfs_iterate(struct file *file, struct dir_context *ctx);
int vfs_fsync(struct file *file, int datasync);
int do_ftruncate(struct file *file, loff_t length);
/*
 * mmap of a file: do_mmap_pgoff with the file's VMA operations; the VMA
 * holds a reference to the file (vm_file). Returns the address or
 * (uint32_t)-errno: -EACCES for a shared writable map of a file not open
 * for writing or any map of one not open for reading, -ENODEV if the
 * file cannot be mapped.
 */
uint32_t vfs_mmap(struct mm_struct *mm, struct file *file, uint32_t addr,
		  uint32_t len, int prot, int flags, uint32_t pgoff);

/* helpers for simple filesystems (libfs.c) */
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);
int dcache_readdir(struct file *file, struct dir_context *ctx);
struct dentry *simple_lookup(struct inode *dir, struct dentry *dentry);
int simple_link(struct dentry *old, struct inode *dir, struct dentry *new);
int simple_unlink(struct inode *dir, struct dentry *dentry);
int simple_rmdir(struct inode *dir, struct dentry *dentry);
int simple_rename(struct inode *old_dir, struct dentry *old,
		  struct inode *new_dir, struct dentry *new);
int simple_empty(struct dentry *dentry);
int simple_statfs(struct dentry *dentry, struct kstatfs *buf);
int simple_setattr(struct dentry *dentry, struct iattr *attr);
int dir_emit_dots(struct file *file, struct dir_context *ctx);
extern const struct file_operations simple_dir_operations;
extern const struct inode_operations simple_dir_inode_operations;

/*
 * devfs: /dev/null, zero, full, random, urandom and tty. urandom (and
 * random) is a splitmix64 stream, restarted from seed by the setter, so
 * runs are repeatable. tty reads host fd 0 and writes host fd 1 unless
 * devfs_set_tty_fds says otherwise.
 */
void devfs_set_urandom_seed(uint64_t seed);
void devfs_set_tty_fds(int in_fd, int out_fd);
int file_is_tty(const struct file *file);
#define MEM_MAJOR	1
#define TTYAUX_MAJOR	5

/* the VFS shrinker: unused dentries (and their inodes, pages) go */
unsigned long vfs_shrink(unsigned long nr_to_scan, gfp_t gfp);

#endif
