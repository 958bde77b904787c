/*
 * sys_readdir.c - getdents64 and getdents (Linux's fs/readdir.c): the
 * directory's entries from its file position on, as many whole records
 * as fit in the caller's buffer, through the filesystem's iterate.
 *
 * Each record's d_off is the position of the entry after it (where a
 * seek must go to read on from there), the last one's the directory's
 * new position, as Linux's filldir sets them. A buffer too small for even
 * one record is -EINVAL. The old getdents has 32-bit inode numbers and
 * offsets and its d_type in the record's last byte; a number it cannot
 * hold is -EOVERFLOW.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "fdtable.h"
#include "fs.h"
#include "syscalls.h"
#include "uaccess.h"

#define DIRENT_BUF	65536u	/* what one call gives at most */
#define ALIGN_UP(x, a)	(((x) + (a) - 1) & ~((a) - 1))

struct getdents_callback {
	struct dir_context ctx;
	uint8_t *buf;
	uint32_t size, used;
	uint32_t prev;		/* offset of the last record, or ~0 */
	int wide;		/* getdents64 */
	int error;
};

static uint8_t dirent_buf[DIRENT_BUF];

/* Set the last record's d_off; the offset field differs by form. */
static void set_prev_off(struct getdents_callback *b, loff_t off)
{
	if (b->prev == ~0u)
		return;
	if (b->wide)
		memcpy(b->buf + b->prev + 8, &off, 8);
	else
		memcpy(b->buf + b->prev + 4, &(uint32_t){ (uint32_t)off }, 4);
}

static int filldir(struct dir_context *ctx, const char *name, int namelen,
		   loff_t pos, uint64_t ino, unsigned int d_type)
{
	struct getdents_callback *b = (struct getdents_callback *)ctx;
	uint32_t reclen = b->wide ? ALIGN_UP(19u + (uint32_t)namelen + 1, 8u)
				  : ALIGN_UP(10u + (uint32_t)namelen + 2, 4u);
	uint8_t *d = b->buf + b->used;
	uint16_t r16 = (uint16_t)reclen;

	if (b->used + reclen > b->size) {
		if (!b->used)
			b->error = -EINVAL;
		return 1;
	}
	if (!b->wide && (ino >> 32 || pos >> 32)) {
		b->error = -EOVERFLOW;
		return 1;
	}
	set_prev_off(b, pos);
	memset(d, 0, reclen);
	if (b->wide) {
		memcpy(d, &ino, 8);
		memcpy(d + 16, &r16, 2);
		d[18] = (uint8_t)d_type;
		memcpy(d + 19, name, (size_t)namelen);
	} else {
		memcpy(d, &(uint32_t){ (uint32_t)ino }, 4);
		memcpy(d + 8, &r16, 2);
		memcpy(d + 10, name, (size_t)namelen);
		d[reclen - 1] = (uint8_t)d_type;
	}
	b->prev = b->used;
	b->used += reclen;
	return 0;
}

static long do_getdents(int fd, uint32_t udirent, uint32_t count, int wide)
{
	struct getdents_callback b = {
		.ctx.actor = filldir,
		.buf = dirent_buf,
		.size = count < DIRENT_BUF ? count : DIRENT_BUF,
		.prev = ~0u,
		.wide = wide,
	};
	struct file *file;
	long err;

	if (!access_ok(udirent, count))
		return -EFAULT;
	file = fget(fd);
	if (!file)
		return -EBADF;
	err = vfs_iterate(file, &b.ctx);
	fput(file);
	if (!b.used)
		return b.error ? b.error : err;
	set_prev_off(&b, b.ctx.pos);
	if (copy_to_user(udirent, b.buf, b.used))
		return -EFAULT;
	return b.used;
}

SYSCALL_DEFINE3(getdents64, int, fd, uint32_t, udirent, uint32_t, count)
{
	return do_getdents(fd, udirent, count, 1);
}

SYSCALL_DEFINE3(getdents, int, fd, uint32_t, udirent, uint32_t, count)
{
	return do_getdents(fd, udirent, count, 0);
}
