/*
 * sys_read_write.c - read, write, pread64, pwrite64, readv, writev, lseek
 * and _llseek (Linux's fs/read_write.c) over the VFS. Data goes through a
 * kernel bounce buffer and copy_{to,from}_user, so it crosses the MMU
 * like any kernel copy and a bad buffer is -EFAULT.
 *
 * A transfer larger than the bounce buffer is done in pieces, and stops
 * at the first short one: a pipe or terminal gives what it has, a file
 * ends. The buffer keeps the guest address's offset modulo DIO_ALIGN, so
 * an O_DIRECT transfer meets Linux's alignment rule exactly when the
 * guest's buffer does (pagemap.h).
 */
#include <errno.h>

#include "fdtable.h"
#include "fs.h"
#include "kern_fs.h"
#include "pagemap.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define IO_CHUNK	65536u
#define MAX_RW_COUNT	(0x7fffffffu & ~(4096u - 1))	/* Linux's */
#define UIO_MAXIOV	1024

struct iovec32 { uint32_t iov_base, iov_len; };

static uint8_t bounce[IO_CHUNK + DIO_ALIGN] __attribute__((aligned(4096)));

/* Bytes done if any, else the error: a short transfer is not a failure. */
static long partial(uint32_t done, long err)
{
	return done ? (long)done : err;
}

/* One piece through the bounce buffer; bytes moved or -errno. */
static long rw_piece(struct file *file, uint32_t ubuf, uint32_t want,
		     loff_t *pos, int write)
{
	char *buf = (char *)bounce + (ubuf & (DIO_ALIGN - 1));
	loff_t p = *pos;
	ssize_t n;

	if (write) {
		if (copy_from_user(buf, ubuf, want))
			return -EFAULT;
		n = vfs_write(file, buf, want, &p);
	} else {
		n = vfs_read(file, buf, want, &p);
		if (n > 0 && copy_to_user(ubuf, buf, (uint32_t)n))
			return -EFAULT;
	}
	if (n >= 0)
		*pos = p;
	return (long)n;
}

/*
 * The transfer of [ubuf, ubuf + count) at *pos. An O_DIRECT transfer
 * longer than one piece must be aligned as a whole, since its pieces
 * would be checked one by one.
 */
static long do_rw(struct file *file, uint32_t ubuf, uint32_t count,
		  loff_t *pos, int write)
{
	uint32_t done = 0;
	long n;

	if (!(file->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (!access_ok(ubuf, count))
		return -EFAULT;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if ((file->f_flags & O_DIRECT) && count > IO_CHUNK &&
	    (count & (DIO_ALIGN - 1)))
		return -EINVAL;
	do {
		uint32_t want = count - done < IO_CHUNK ? count - done
							: IO_CHUNK;

		n = rw_piece(file, ubuf + done, want, pos, write);
		if (n == -ERESTARTSYS && !write && done)
			return done;	/* a read returns what it has */
		if (n == -ERESTARTSYS) {	/* a wait: see rw_resume */
			current->rw_partial += done;
			return n;
		}
		if (n < 0)
			return partial(done, n);
		done += (uint32_t)n;
		if ((uint32_t)n < want)
			break;
	} while (done < count);
	return done;
}

/*
 * A write that sleeps after moving some bytes (a pipe filled up) is
 * restarted when the task wakes (syscall.c): the restart goes on after
 * those bytes, kept in restart_done, and returns the whole count, as
 * Linux's pipe_write that sleeps in the middle. If a signal ends the
 * wait instead, syscall.c returns the count moved so far.
 */
static long rw_resume(struct file *file, uint32_t ubuf, uint32_t count,
		      loff_t *pos, int write)
{
	uint32_t skip = current->restart_done;
	long n;

	if (skip > count)
		skip = 0;
	current->rw_partial = 0;
	n = do_rw(file, ubuf + skip, count - skip, pos, write);
	if (n == -ERESTARTSYS) {
		current->restart_done = skip + current->rw_partial;
		return n;
	}
	current->restart_done = 0;
	if (n < 0)
		return skip ? (long)skip : n;
	return (long)skip + n;
}

SYSCALL_DEFINE3(read, int, fd, uint32_t, buf, uint32_t, count)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = do_rw(file, buf, count, &file->f_pos, 0);
	fput(file);
	return ret;
}

SYSCALL_DEFINE3(write, int, fd, uint32_t, buf, uint32_t, count)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = rw_resume(file, buf, count, &file->f_pos, 1);
	fput(file);
	return ret;
}

/* pread and pwrite: only files that seek; the file's offset stays. */
static long do_prw(int fd, uint32_t buf, uint32_t count, loff_t pos,
		   int write)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	if (!(file->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		ret = -EBADF;
	else if (!file->f_op || !file->f_op->llseek ||
		 file_is_host_stream(file))
		ret = -ESPIPE;
	else if (pos < 0)
		ret = -EINVAL;
	else
		ret = do_rw(file, buf, count, &pos, write);
	fput(file);
	return ret;
}

SYSCALL_DEFINE5(pread64, int, fd, uint32_t, buf, uint32_t, count,
		uint32_t, pos_lo, uint32_t, pos_hi)
{
	return do_prw(fd, buf, count,
		      (loff_t)(((uint64_t)pos_hi << 32) | pos_lo), 0);
}

SYSCALL_DEFINE5(pwrite64, int, fd, uint32_t, buf, uint32_t, count,
		uint32_t, pos_lo, uint32_t, pos_hi)
{
	return do_prw(fd, buf, count,
		      (loff_t)(((uint64_t)pos_hi << 32) | pos_lo), 1);
}

/*
 * Linux's import_iovec: at most UIO_MAXIOV segments, each inside user
 * space, the total clamped to MAX_RW_COUNT by shortening the tail.
 */
static long get_iovec(uint32_t uiov, uint32_t cnt, struct iovec32 *iov)
{
	uint32_t i, total = 0;

	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	if (copy_from_user(iov, uiov, cnt * sizeof(*iov)))
		return -EFAULT;
	for (i = 0; i < cnt; i++) {
		if (iov[i].iov_len > 0x7fffffffu)
			return -EINVAL;
		if (!access_ok(iov[i].iov_base, iov[i].iov_len))
			return -EFAULT;
		if (iov[i].iov_len > MAX_RW_COUNT - total)
			iov[i].iov_len = MAX_RW_COUNT - total;
		total += iov[i].iov_len;
	}
	return 0;
}

static long do_rw_vec(int fd, uint32_t uiov, uint32_t cnt, int write)
{
	static struct iovec32 iov[UIO_MAXIOV];
	struct file *file = fget(fd);
	uint32_t i, done = 0, skip = current->restart_done, off;
	long n;

	if (!file)
		return -EBADF;
	current->rw_partial = 0;
	current->restart_done = 0;
	n = get_iovec(uiov, cnt, iov);
	if (n)
		goto out;
	for (i = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		if (skip >= iov[i].iov_len) {	/* moved before a sleep */
			skip -= iov[i].iov_len;
			done += iov[i].iov_len;
			continue;
		}
		off = skip;
		skip = 0;
		n = do_rw(file, iov[i].iov_base + off, iov[i].iov_len - off,
			  &file->f_pos, write);
		if (n == -ERESTARTSYS && !write && done + off)
			break;
		if (n == -ERESTARTSYS) {
			current->restart_done = done + off +
						current->rw_partial;
			goto out;
		}
		if (n < 0) {
			n = partial(done + off, n);
			goto out;
		}
		done += off + (uint32_t)n;
		if ((uint32_t)n < iov[i].iov_len - off)
			break;
	}
	n = done;
out:
	fput(file);
	return n;
}

SYSCALL_DEFINE3(readv, int, fd, uint32_t, uiov, uint32_t, cnt)
{
	return do_rw_vec(fd, uiov, cnt, 0);
}

SYSCALL_DEFINE3(writev, int, fd, uint32_t, uiov, uint32_t, cnt)
{
	return do_rw_vec(fd, uiov, cnt, 1);
}

static loff_t do_lseek(int fd, loff_t offset, uint32_t whence)
{
	struct file *file = fget(fd);
	loff_t r;

	if (!file)
		return -EBADF;
	r = whence > SEEK_END ? -EINVAL : vfs_llseek(file, offset, (int)whence);
	fput(file);
	return r;
}

SYSCALL_DEFINE3(lseek, int, fd, int32_t, offset, uint32_t, whence)
{
	loff_t r = do_lseek(fd, offset, whence);

	if (r > 0x7fffffff)
		return -EOVERFLOW;
	return (long)r;
}

SYSCALL_DEFINE5(llseek, int, fd, uint32_t, high, uint32_t, low,
		uint32_t, uresult, uint32_t, whence)
{
	loff_t r = do_lseek(fd, (loff_t)(((uint64_t)high << 32) | low),
			    whence);

	if (r < 0)
		return (long)r;
	if (copy_to_user(uresult, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}
