/*
 * sys_stat.c - stat64, lstat64, fstat64, fstatat64, statx, and statfs,
 * fstatfs, statfs64, fstatfs64 (Linux's fs/stat.c and fs/statfs.c).
 * Every form is filled from the VFS's one struct kstat (fs.h), got by
 * vfs_getattr: the filesystem's getattr, or the inode's own fields.
 * Device numbers go out in Linux's new_encode_dev form, as a 32-bit
 * kernel puts them in st_dev and st_rdev.
 */
#include <errno.h>
#include <string.h>

#include "fdtable.h"
#include "fs.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define GUEST_AT_STATX_SYNC_TYPE	0x6000
#define STATX_BASIC_STATS		0x7ffu
#define STATX__RESERVED			0x80000000u

/* The i386 struct stat64 (96 bytes, 4-byte aligned 64-bit fields). */
struct stat64_i386 {
	uint64_t st_dev;
	uint8_t __pad0[4];
	uint32_t __st_ino;
	uint32_t st_mode, st_nlink, st_uid, st_gid;
	uint64_t st_rdev;
	uint8_t __pad3[4];
	int64_t st_size;
	uint32_t st_blksize;
	uint64_t st_blocks;
	uint32_t st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec;
	uint32_t st_ctime_, st_ctime_nsec;
	uint64_t st_ino;
} __attribute__((packed));
_Static_assert(sizeof(struct stat64_i386) == 96, "struct stat64 is 96 bytes");

struct statx_timestamp { int64_t tv_sec; uint32_t tv_nsec; int32_t __rsv; };

struct statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, __spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor;
	uint32_t stx_dev_major, stx_dev_minor;
	uint64_t __spare2[14];
};
_Static_assert(sizeof(struct statx) == 256, "struct statx is 256 bytes");

/* The i386 struct statfs (all 32-bit) and struct statfs64. */
struct statfs_i386 {
	uint32_t f_type, f_bsize, f_blocks, f_bfree, f_bavail;
	uint32_t f_files, f_ffree, f_fsid[2], f_namelen, f_frsize;
	uint32_t f_flags, f_spare[4];
};
_Static_assert(sizeof(struct statfs_i386) == 64, "struct statfs is 64 bytes");

struct statfs64_i386 {
	uint32_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	uint32_t f_fsid[2], f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed));
_Static_assert(sizeof(struct statfs64_i386) == 84,
	       "struct statfs64 is 84 bytes");

/* Linux's new_encode_dev. */
static uint32_t encode_dev(kdev_t dev)
{
	uint32_t major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static long put_stat64(const struct kstat *ks, uint32_t ubuf)
{
	struct stat64_i386 st;

	memset(&st, 0, sizeof(st));
	st.st_dev = encode_dev(ks->dev);
	st.__st_ino = (uint32_t)ks->ino;
	st.st_ino = ks->ino;
	st.st_mode = ks->mode;
	st.st_nlink = ks->nlink;
	st.st_uid = ks->uid;
	st.st_gid = ks->gid;
	st.st_rdev = encode_dev(ks->rdev);
	st.st_size = ks->size;
	st.st_blksize = ks->blksize;
	st.st_blocks = ks->blocks;
	st.st_atime_ = (uint32_t)ks->atime.tv_sec;
	st.st_atime_nsec = (uint32_t)ks->atime.tv_nsec;
	st.st_mtime_ = (uint32_t)ks->mtime.tv_sec;
	st.st_mtime_nsec = (uint32_t)ks->mtime.tv_nsec;
	st.st_ctime_ = (uint32_t)ks->ctime.tv_sec;
	st.st_ctime_nsec = (uint32_t)ks->ctime.tv_nsec;
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

static void statx_time(struct statx_timestamp *t, const struct timespec *ts)
{
	t->tv_sec = ts->tv_sec;
	t->tv_nsec = (uint32_t)ts->tv_nsec;
}

static long put_statx(const struct kstat *ks, uint32_t ubuf)
{
	struct statx sx;

	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = ks->blksize;
	sx.stx_nlink = ks->nlink;
	sx.stx_uid = ks->uid;
	sx.stx_gid = ks->gid;
	sx.stx_mode = ks->mode;
	sx.stx_ino = ks->ino;
	sx.stx_size = (uint64_t)ks->size;
	sx.stx_blocks = ks->blocks;
	statx_time(&sx.stx_atime, &ks->atime);
	statx_time(&sx.stx_mtime, &ks->mtime);
	statx_time(&sx.stx_ctime, &ks->ctime);
	sx.stx_rdev_major = MAJOR(ks->rdev);
	sx.stx_rdev_minor = MINOR(ks->rdev);
	sx.stx_dev_major = MAJOR(ks->dev);
	sx.stx_dev_minor = MINOR(ks->dev);
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

static long fd_getattr(int fd, struct kstat *ks)
{
	struct file *file = fget(fd);
	long err;

	if (!file)
		return -EBADF;
	err = vfs_getattr(&file->f_path, ks);
	fput(file);
	return err;
}

SYSCALL_DEFINE2(fstat64, int, fd, uint32_t, ubuf)
{
	struct kstat ks;
	long err = fd_getattr(fd, &ks);

	return err ? err : put_stat64(&ks, ubuf);
}

/* The *at forms: "" with AT_EMPTY_PATH is dfd's file itself. */
static long stat_at(int dfd, uint32_t upath, uint32_t flags,
		    struct kstat *ks)
{
	char name[PATH_MAX];
	struct path base;
	const struct path *bp;
	long err = getname(upath, name, flags & GUEST_AT_EMPTY_PATH);

	if (err < 0)
		return err;
	if (!err)
		return fd_getattr(dfd, ks);
	err = at_base_get(dfd, name, &base, &bp);
	if (err)
		return err;
	err = vfs_stat(current->fs, bp, name,
		       flags & GUEST_AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW,
		       ks);
	if (bp)
		path_put(&base);
	return err;
}

SYSCALL_DEFINE4(fstatat64, int, dfd, uint32_t, upath, uint32_t, ubuf,
		uint32_t, flags)
{
	struct kstat ks;
	long err;

	if (flags & ~(uint32_t)(GUEST_AT_SYMLINK_NOFOLLOW |
				GUEST_AT_NO_AUTOMOUNT | GUEST_AT_EMPTY_PATH))
		return -EINVAL;
	err = stat_at(dfd, upath, flags, &ks);
	return err ? err : put_stat64(&ks, ubuf);
}

SYSCALL_DEFINE5(statx, int, dfd, uint32_t, upath, uint32_t, flags,
		uint32_t, mask, uint32_t, ubuf)
{
	struct kstat ks;
	long err;

	if (flags & ~(uint32_t)(GUEST_AT_SYMLINK_NOFOLLOW |
				GUEST_AT_NO_AUTOMOUNT | GUEST_AT_EMPTY_PATH |
				GUEST_AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & GUEST_AT_STATX_SYNC_TYPE) == GUEST_AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	err = stat_at(dfd, upath, flags, &ks);
	return err ? err : put_statx(&ks, ubuf);
}

SYSCALL_DEFINE2(stat64, uint32_t, upath, uint32_t, ubuf)
{
	struct kstat ks;
	long err = stat_at(GUEST_AT_FDCWD, upath, 0, &ks);

	return err ? err : put_stat64(&ks, ubuf);
}

SYSCALL_DEFINE2(lstat64, uint32_t, upath, uint32_t, ubuf)
{
	struct kstat ks;
	long err = stat_at(GUEST_AT_FDCWD, upath, GUEST_AT_SYMLINK_NOFOLLOW,
			   &ks);

	return err ? err : put_stat64(&ks, ubuf);
}

/* ------------------------------------------------------------- statfs */

static long statfs_path(uint32_t upath, struct kstatfs *st)
{
	char name[PATH_MAX];
	struct path path;
	long err = getname(upath, name, 0);

	if (err < 0)
		return err;
	err = kern_path(current->fs, NULL, name, LOOKUP_FOLLOW, &path);
	if (err)
		return err;
	err = vfs_statfs(&path, st);
	path_put(&path);
	return err;
}

static long statfs_fd(int fd, struct kstatfs *st)
{
	struct file *file = fget(fd);
	long err;

	if (!file)
		return -EBADF;
	err = vfs_statfs(&file->f_path, st);
	fput(file);
	return err;
}

static long put_statfs64(const struct kstatfs *st, uint32_t ubuf)
{
	struct statfs64_i386 b;

	memset(&b, 0, sizeof(b));
	b.f_type = st->f_type;
	b.f_bsize = st->f_bsize;
	b.f_blocks = st->f_blocks;
	b.f_bfree = st->f_bfree;
	b.f_bavail = st->f_bavail;
	b.f_files = st->f_files;
	b.f_ffree = st->f_ffree;
	b.f_namelen = st->f_namelen;
	b.f_frsize = st->f_frsize ? st->f_frsize : st->f_bsize;
	return copy_to_user(ubuf, &b, sizeof(b)) ? -EFAULT : 0;
}

/* The 32-bit form: -EOVERFLOW for counts it cannot hold. */
static long put_statfs(const struct kstatfs *st, uint32_t ubuf)
{
	struct statfs_i386 b;

	if ((st->f_blocks | st->f_bfree | st->f_bavail) >> 32 ||
	    ((st->f_files | st->f_ffree) >> 32 &&
	     st->f_files != ~0ull && st->f_ffree != ~0ull))
		return -EOVERFLOW;
	memset(&b, 0, sizeof(b));
	b.f_type = st->f_type;
	b.f_bsize = st->f_bsize;
	b.f_blocks = (uint32_t)st->f_blocks;
	b.f_bfree = (uint32_t)st->f_bfree;
	b.f_bavail = (uint32_t)st->f_bavail;
	b.f_files = (uint32_t)st->f_files;
	b.f_ffree = (uint32_t)st->f_ffree;
	b.f_namelen = st->f_namelen;
	b.f_frsize = st->f_frsize ? st->f_frsize : st->f_bsize;
	return copy_to_user(ubuf, &b, sizeof(b)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(statfs, uint32_t, upath, uint32_t, ubuf)
{
	struct kstatfs st;
	long err = statfs_path(upath, &st);

	return err ? err : put_statfs(&st, ubuf);
}

SYSCALL_DEFINE2(fstatfs, int, fd, uint32_t, ubuf)
{
	struct kstatfs st;
	long err = statfs_fd(fd, &st);

	return err ? err : put_statfs(&st, ubuf);
}

SYSCALL_DEFINE3(statfs64, uint32_t, upath, uint32_t, sz, uint32_t, ubuf)
{
	struct kstatfs st;
	long err;

	if (sz != sizeof(struct statfs64_i386))
		return -EINVAL;
	err = statfs_path(upath, &st);
	return err ? err : put_statfs64(&st, ubuf);
}

SYSCALL_DEFINE3(fstatfs64, int, fd, uint32_t, sz, uint32_t, ubuf)
{
	struct kstatfs st;
	long err;

	if (sz != sizeof(struct statfs64_i386))
		return -EINVAL;
	err = statfs_fd(fd, &st);
	return err ? err : put_statfs64(&st, ubuf);
}
