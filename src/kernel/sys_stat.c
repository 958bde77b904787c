/*
 * sys_stat.c - fstat64, fstatat64, statx, stat64 and lstat64. Only the
 * standard streams exist until the VFS, so a path names nothing
 * (-ENOENT) and the fd forms describe the host's stream. What they
 * report is the stream's type, permissions, device number (ttys) and
 * size (regular files); everything that would differ from run to run
 * (inode and device of pipes, times) is fixed, so output stays
 * deterministic: the inode is the host fd + 1, times are the virtual
 * clock's epoch, st_blksize is one page (glibc sizes stdio buffers by it).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "page.h"
#include "sched.h"
#include "syscalls.h"
#include "timekeeping.h"
#include "uaccess.h"

#define GUEST_AT_SYMLINK_NOFOLLOW	0x100
#define GUEST_AT_NO_AUTOMOUNT		0x800
#define GUEST_AT_EMPTY_PATH		0x1000
#define GUEST_AT_STATX_SYNC_TYPE	0x6000
#define STATX_BASIC_STATS		0x7ffu
#define STATX__RESERVED			0x80000000u

/* What every stat form is filled from (Linux's struct kstat). */
struct kstat {
	uint32_t mode, nlink, uid, gid, blksize;
	uint64_t ino, size, blocks;
	uint32_t rdev_major, rdev_minor;
	int64_t time;
};

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

static long stream_getattr(struct task_fd *f, struct kstat *ks)
{
	struct stat st;

	if (fstat(f->host_fd, &st))
		return -errno;
	memset(ks, 0, sizeof(*ks));
	ks->mode = st.st_mode;
	ks->nlink = 1;
	ks->uid = current->euid;
	ks->gid = current->egid;
	ks->blksize = PAGE_SIZE;
	ks->ino = (uint64_t)f->host_fd + 1;
	if (S_ISREG(st.st_mode)) {
		ks->size = (uint64_t)st.st_size;
		ks->blocks = (ks->size + 511) / 512;
	}
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		ks->rdev_major = major(st.st_rdev);
		ks->rdev_minor = minor(st.st_rdev);
	}
	ks->time = VCLOCK_EPOCH;
	return 0;
}

/* Linux's new_encode_dev, as a 32-bit kernel puts it in st_rdev. */
static uint32_t encode_dev(uint32_t major, uint32_t minor)
{
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static long put_stat64(const struct kstat *ks, uint32_t ubuf)
{
	struct stat64_i386 st;

	memset(&st, 0, sizeof(st));
	st.__st_ino = (uint32_t)ks->ino;
	st.st_ino = ks->ino;
	st.st_mode = ks->mode;
	st.st_nlink = ks->nlink;
	st.st_uid = ks->uid;
	st.st_gid = ks->gid;
	st.st_rdev = encode_dev(ks->rdev_major, ks->rdev_minor);
	st.st_size = (int64_t)ks->size;
	st.st_blksize = ks->blksize;
	st.st_blocks = ks->blocks;
	st.st_atime_ = st.st_mtime_ = st.st_ctime_ = (uint32_t)ks->time;
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
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
	sx.stx_mode = (uint16_t)ks->mode;
	sx.stx_ino = ks->ino;
	sx.stx_size = ks->size;
	sx.stx_blocks = ks->blocks;
	sx.stx_atime.tv_sec = sx.stx_mtime.tv_sec = ks->time;
	sx.stx_ctime.tv_sec = ks->time;
	sx.stx_rdev_major = ks->rdev_major;
	sx.stx_rdev_minor = ks->rdev_minor;
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(fstat64, int, fd, uint32_t, ubuf)
{
	struct task_fd *f = fdget(fd);
	struct kstat ks = { 0 };
	long err;

	if (!f)
		return -EBADF;
	err = stream_getattr(f, &ks);
	return err ? err : put_stat64(&ks, ubuf);
}

/*
 * The *at forms: "" with AT_EMPTY_PATH is the fd itself; any other path
 * names nothing yet. A relative path needs a directory fd, and no
 * stream is a directory.
 */
static long stat_at(int dfd, uint32_t upath, uint32_t flags,
		    struct kstat *ks)
{
	char path[PATH_MAX];
	long len = getname(upath, path, flags & GUEST_AT_EMPTY_PATH);
	struct task_fd *f;

	if (len < 0)
		return len;
	if (len == 0 || path[0] != '/') {
		if (dfd == GUEST_AT_FDCWD)
			return -ENOENT;	/* the cwd, "/", is the VFS's */
		f = fdget(dfd);
		if (!f)
			return -EBADF;
		if (len)
			return -ENOTDIR;
		return stream_getattr(f, ks);
	}
	return -ENOENT;
}

SYSCALL_DEFINE4(fstatat64, int, dfd, uint32_t, upath, uint32_t, ubuf,
		uint32_t, flags)
{
	struct kstat ks = { 0 };
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
	struct kstat ks = { 0 };
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
	struct kstat ks = { 0 };
	long err = stat_at(GUEST_AT_FDCWD, upath, 0, &ks);

	return err ? err : put_stat64(&ks, ubuf);
}

SYSCALL_DEFINE2(lstat64, uint32_t, upath, uint32_t, ubuf)
{
	struct kstat ks = { 0 };
	long err = stat_at(GUEST_AT_FDCWD, upath, 0, &ks);

	return err ? err : put_stat64(&ks, ubuf);
}
