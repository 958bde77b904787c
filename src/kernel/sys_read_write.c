/*
 * sys_read_write.c - read, write, readv, writev and lseek on the standard
 * streams (see sys_file.c). Data goes through a kernel bounce buffer and
 * copy_{to,from}_user, so it crosses the MMU like any kernel copy and a
 * bad buffer is -EFAULT. A regular file may be read in several host
 * reads; a pipe or terminal gets one, so a read never waits for more
 * than the host has ready, as Linux's pipe and tty reads do.
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define IO_CHUNK	65536u
#define MAX_RW_COUNT	(0x7fffffffu & ~(4096u - 1))	/* Linux's */
#define UIO_MAXIOV	1024

struct iovec32 { uint32_t iov_base, iov_len; };

static uint8_t bounce[IO_CHUNK];

static int host_is_regular(int host_fd)
{
	struct stat st;

	return !fstat(host_fd, &st) && S_ISREG(st.st_mode);
}

/* Bytes done if any, else the error: a short transfer is not a failure. */
static long partial(uint32_t done, long err)
{
	return done ? (long)done : err;
}

static long do_read(struct task_fd *f, uint32_t buf, uint32_t count)
{
	int more = host_is_regular(f->host_fd);
	uint32_t done = 0;

	if (!access_ok(buf, count))
		return -EFAULT;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	while (done < count) {
		size_t want = count - done < IO_CHUNK ? count - done : IO_CHUNK;
		ssize_t n = read(f->host_fd, bounce, want);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return partial(done, -errno);
		if (copy_to_user(buf + done, bounce, (uint32_t)n))
			return partial(done, -EFAULT);
		done += (uint32_t)n;
		if (!more || (size_t)n < want)
			break;
	}
	return done;
}

static long do_write(struct task_fd *f, uint32_t buf, uint32_t count)
{
	uint32_t done = 0;

	if (!access_ok(buf, count))
		return -EFAULT;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	while (done < count) {
		uint32_t want = count - done;
		ssize_t n;

		if (want > IO_CHUNK)
			want = IO_CHUNK;
		if (copy_from_user(bounce, buf + done, want))
			return partial(done, -EFAULT);
		do
			n = write(f->host_fd, bounce, want);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return partial(done, -errno);
		done += (uint32_t)n;
		if ((uint32_t)n < want)
			break;
	}
	return done;
}

SYSCALL_DEFINE3(read, int, fd, uint32_t, buf, uint32_t, count)
{
	struct task_fd *f = fdget(fd);

	return f ? do_read(f, buf, count) : -EBADF;
}

SYSCALL_DEFINE3(write, int, fd, uint32_t, buf, uint32_t, count)
{
	struct task_fd *f = fdget(fd);

	return f ? do_write(f, buf, count) : -EBADF;
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
	struct task_fd *f = fdget(fd);
	uint32_t i, done = 0;
	long err, n;

	if (!f)
		return -EBADF;
	err = get_iovec(uiov, cnt, iov);
	if (err)
		return err;
	for (i = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		n = write ? do_write(f, iov[i].iov_base, iov[i].iov_len) :
			    do_read(f, iov[i].iov_base, iov[i].iov_len);
		if (n < 0)
			return partial(done, n);
		done += (uint32_t)n;
		if ((uint32_t)n < iov[i].iov_len)
			break;
	}
	return done;
}

SYSCALL_DEFINE3(readv, int, fd, uint32_t, uiov, uint32_t, cnt)
{
	return do_rw_vec(fd, uiov, cnt, 0);
}

SYSCALL_DEFINE3(writev, int, fd, uint32_t, uiov, uint32_t, cnt)
{
	return do_rw_vec(fd, uiov, cnt, 1);
}

/* The host stream's offset moves: the guest's stdin is the emulator's. */
static int64_t do_lseek(struct task_fd *f, int64_t offset, uint32_t whence)
{
	off_t r;

	if (whence > SEEK_END)
		return -EINVAL;
	r = lseek(f->host_fd, (off_t)offset, (int)whence);
	return r < 0 ? -errno : (int64_t)r;
}

SYSCALL_DEFINE3(lseek, int, fd, int32_t, offset, uint32_t, whence)
{
	struct task_fd *f = fdget(fd);
	int64_t r;

	if (!f)
		return -EBADF;
	r = do_lseek(f, offset, whence);
	if (r >= 0 && r > 0x7fffffff)
		return -EOVERFLOW;
	return (long)r;
}

SYSCALL_DEFINE5(llseek, int, fd, uint32_t, high, uint32_t, low,
		uint32_t, uresult, uint32_t, whence)
{
	struct task_fd *f = fdget(fd);
	int64_t r;

	if (!f)
		return -EBADF;
	r = do_lseek(f, (int64_t)(((uint64_t)high << 32) | low), whence);
	if (r < 0)
		return (long)r;
	if (copy_to_user(uresult, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}
