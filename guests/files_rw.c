/*
 * files_rw - regular files in every access mode of the seed notes, in
 * /tmp (tmpfs under i386mm) and in the root (hostfs under i386mm, which
 * must be mounted writable: i386mm run --root-rw):
 *   canonical: write then read back, fstat's size, lseek SEEK_SET/CUR/END
 *   and a hole past the end, pread/pwrite (the position stays), readv and
 *   writev, O_APPEND, O_TRUNC and ftruncate, O_EXCL (EEXIST);
 *   O_SYNC: writes through, then fsync and fdatasync, seen by a second
 *   descriptor;
 *   O_DIRECT (root only: tmpfs has no direct I/O in Linux 2.6): 512-byte
 *   aligned buffer (posix_memalign), offsets and lengths; an unaligned
 *   buffer, offset or length is EINVAL; direct and cached I/O agree both
 *   ways, as Linux keeps them coherent.
 * Then descriptors (dup, dup2, F_DUPFD share one offset; FD_CLOEXEC and
 * O_CLOEXEC; F_GETFL/F_SETFL O_APPEND), umask, and the devices /dev/null,
 * /dev/zero, /dev/full, /dev/urandom.
 *
 * It leaves one file, rw_keep.txt in the root, holding "files_rw: kept\n"
 * written in two pwrites, for the test to check on the host after the
 * run; everything else is removed.
 *
 *   files_rw          all of the above
 *   files_rw strict   also Linux 2.6's O_DIRECT buffer alignment
 *   files_rw ro       the root is read-only (i386mm without --root-rw):
 *                     creating, writing, mkdir in it give EROFS, reading
 *                     ro.txt (placed by the test) works; /tmp still works
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "files_check.h"

#define PG	4096ul
#define SIZE	(3 * PG + 100)		/* three pages and a partial one */
#define DIO	512ul			/* Linux 2.6's O_DIRECT alignment */
#define DIO_LEN	(64 * 1024ul)

static unsigned char buf[4 * PG + 512];
static char path_buf[256];

/* base/name, in a static buffer: one path at a time. */
static const char *at(const char *base, const char *name)
{
	snprintf(path_buf, sizeof(path_buf), "%s/%s", base, name);
	return path_buf;
}

static off_t file_size(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return -1;
	return st.st_size;
}

/* Read exactly len bytes at the current position (several reads if need be). */
static int read_full(int fd, unsigned char *p, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, p + done, len - done);

		if (n <= 0)
			return 0;
		done += (size_t)n;
	}
	return 1;
}

static int write_pattern(const char *path, int flags, unsigned long len,
			 unsigned int seed)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);
	ssize_t n;

	if (!check(fd >= 0, "open %s for writing", path))
		return 0;
	fill(buf, 0, len, seed);
	n = write(fd, buf, len);
	check(n == (ssize_t)len, "write %lu bytes: %zd", len, n);
	check(close(fd) == 0, "close");
	return n == (ssize_t)len;
}

static void canonical(const char *where, const char *base)
{
	const char *p = at(base, "a");
	int fd;

	section_begin();
	if (write_pattern(p, O_TRUNC, SIZE, 1)) {
		fd = open(p, O_RDONLY);
		if (check(fd >= 0, "open for reading")) {
			memset(buf, 0, sizeof(buf));
			check(read_full(fd, buf, SIZE), "read %lu bytes",
			      SIZE);
			check(holds(buf, 0, SIZE, 1), "read back what was "
			      "written");
			check(read(fd, buf, 10) == 0, "read at the end is 0");
			check(file_size(fd) == (off_t)SIZE, "fstat size");
			close(fd);
		}
	}
	section_end("%s: write %lu bytes, read back, fstat size", where,
		    SIZE);
}

static void seeking(const char *where, const char *base)
{
	const char *p = at(base, "a");
	int fd = open(p, O_RDWR), i;

	section_begin();
	if (check(fd >= 0, "open O_RDWR")) {
		check(lseek(fd, 5000, SEEK_SET) == 5000, "SEEK_SET 5000");
		check(read_full(fd, buf, 100) && holds(buf, 5000, 100, 1),
		      "read 100 bytes at 5000");
		check(lseek(fd, -200, SEEK_CUR) == 4900, "SEEK_CUR -200");
		check(read_full(fd, buf, 10) && holds(buf, 4900, 10, 1),
		      "read 10 bytes at 4900");
		check(lseek(fd, 0, SEEK_END) == (off_t)SIZE, "SEEK_END");
		check_errno(lseek(fd, -1, SEEK_SET), EINVAL,
			    "lseek to a negative offset");
		/* a hole: write one byte 3 pages past the end */
		check(lseek(fd, SIZE + 3 * PG, SEEK_SET) ==
		      (off_t)(SIZE + 3 * PG), "SEEK_SET past the end");
		check(write(fd, "z", 1) == 1, "write past the end");
		check(file_size(fd) == (off_t)(SIZE + 3 * PG + 1),
		      "size after the hole");
		check(pread(fd, buf, 3 * PG + 1, SIZE) ==
		      (ssize_t)(3 * PG + 1), "pread over the hole");
		for (i = 0; i < (int)(3 * PG); i++)
			if (buf[i])
				break;
		check(i == (int)(3 * PG) && buf[3 * PG] == 'z',
		      "the hole reads as zeros, then the byte");
		close(fd);
	}
	section_end("%s: lseek SEEK_SET/CUR/END, EINVAL before 0, a hole "
		    "reads zeros", where);
}

static void positional(const char *where, const char *base)
{
	const char *p = at(base, "a");
	int fd = open(p, O_RDWR);

	section_begin();
	if (check(fd >= 0, "open O_RDWR")) {
		check(lseek(fd, 123, SEEK_SET) == 123, "SEEK_SET 123");
		check(pread(fd, buf, 300, 4000) == 300 &&
		      holds(buf, 4000, 300, 1), "pread 300 bytes at 4000");
		fill(buf, 0, 300, 2);
		check(pwrite(fd, buf, 300, 8000) == 300,
		      "pwrite 300 bytes at 8000");
		memset(buf, 0, 300);
		check(pread(fd, buf, 300, 8000) == 300 &&
		      holds(buf, 0, 300, 2), "pread sees the pwrite");
		check(lseek(fd, 0, SEEK_CUR) == 123, "the position is "
		      "still 123");
		check(read(fd, buf, 1) == 1 && buf[0] == pattern(1, 123),
		      "read continues at 123");
		close(fd);
	}
	section_end("%s: pread/pwrite leave the file position alone", where);
}

static void vectored(const char *where, const char *base)
{
	const char *p = at(base, "v");
	unsigned char a[10], b[5000], c[1];
	struct iovec iov[3] = {
		{ a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) },
	};
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);

	section_begin();
	if (check(fd >= 0, "open %s", p)) {
		fill(a, 0, sizeof(a), 3);
		fill(b, sizeof(a), sizeof(b), 3);
		fill(c, sizeof(a) + sizeof(b), sizeof(c), 3);
		check(writev(fd, iov, 3) == 5011, "writev 3 buffers");
		check(pread(fd, buf, 5011, 0) == 5011 &&
		      holds(buf, 0, 5011, 3), "the file holds them in order");
		memset(a, 0, sizeof(a));
		memset(b, 0, sizeof(b));
		memset(c, 0, sizeof(c));
		check(lseek(fd, 0, SEEK_SET) == 0, "rewind");
		check(readv(fd, iov, 3) == 5011, "readv 3 buffers");
		check(holds(a, 0, sizeof(a), 3) &&
		      holds(b, sizeof(a), sizeof(b), 3) &&
		      holds(c, sizeof(a) + sizeof(b), sizeof(c), 3),
		      "readv filled them in order");
		close(fd);
		check(unlink(p) == 0, "unlink %s", p);
	}
	section_end("%s: writev and readv, 3 buffers", where);
}

static void appending(const char *where, const char *base)
{
	const char *p = at(base, "a");
	int fd = open(p, O_WRONLY | O_APPEND), rd;
	off_t size;

	section_begin();
	if (check(fd >= 0, "open O_APPEND")) {
		size = file_size(fd);
		check(lseek(fd, 0, SEEK_SET) == 0, "SEEK_SET 0");
		check(write(fd, "tail", 4) == 4, "write 4 bytes");
		check(lseek(fd, 0, SEEK_CUR) == size + 4,
		      "position at the new end");
		check(file_size(fd) == size + 4, "size grew by 4");
		rd = open(p, O_RDONLY);
		check(rd >= 0 && pread(rd, buf, 4, size) == 4 &&
		      !memcmp(buf, "tail", 4), "the bytes are at the end");
		close(rd);
		close(fd);
	}
	section_end("%s: O_APPEND writes at the end whatever the position",
		    where);
}

static void truncating(const char *where, const char *base)
{
	const char *p = at(base, "a");
	int fd, i;

	section_begin();
	if (write_pattern(p, O_TRUNC, SIZE, 4)) {
		fd = open(p, O_RDWR);
		if (check(fd >= 0, "open O_RDWR")) {
			check(ftruncate(fd, 5000) == 0, "ftruncate 5000");
			check(file_size(fd) == 5000, "size 5000");
			check(ftruncate(fd, 3 * PG) == 0, "ftruncate up");
			check(pread(fd, buf, 3 * PG, 0) == (ssize_t)(3 * PG),
			      "read the extended file");
			check(holds(buf, 0, 5000, 4), "the first 5000 bytes "
			      "kept");
			for (i = 5000; i < (int)(3 * PG); i++)
				if (buf[i])
					break;
			check(i == (int)(3 * PG), "the extension reads as "
			      "zeros");
			close(fd);
		}
		fd = open(p, O_RDWR | O_TRUNC);
		if (check(fd >= 0, "open O_TRUNC")) {
			check(file_size(fd) == 0, "O_TRUNC empties the file");
			check(read(fd, buf, 10) == 0, "and it reads empty");
			close(fd);
		}
	}
	section_end("%s: ftruncate shrinks and extends with zeros, O_TRUNC "
		    "empties", where);
}

static void exclusive(const char *where, const char *base)
{
	int fd;

	section_begin();
	check_errno(open(at(base, "a"), O_WRONLY | O_CREAT | O_EXCL, 0644),
		    EEXIST, "O_CREAT|O_EXCL of an existing file");
	fd = open(at(base, "x"), O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (check(fd >= 0, "O_CREAT|O_EXCL of a new file")) {
		close(fd);
		check(unlink(at(base, "x")) == 0, "unlink x");
	}
	check_errno(open(at(base, "none"), O_RDONLY), ENOENT,
		    "open of a missing file without O_CREAT");
	section_end("%s: O_EXCL gives EEXIST on an existing file, creates a "
		    "new one", where);
}

static void synchronous(const char *where, const char *base)
{
	const char *p = at(base, "s");
	int fd, rd;

	section_begin();
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC | O_SYNC, 0644);
	if (check(fd >= 0, "open O_SYNC")) {
		check((fcntl(fd, F_GETFL) & O_SYNC) == O_SYNC,
		      "F_GETFL shows O_SYNC");
		fill(buf, 0, 2 * PG, 5);
		check(write(fd, buf, 2 * PG) == (ssize_t)(2 * PG),
		      "write 2 pages");
		rd = open(p, O_RDONLY);
		memset(buf, 0, 2 * PG);
		check(rd >= 0 && read_full(rd, buf, 2 * PG) &&
		      holds(buf, 0, 2 * PG, 5),
		      "a second descriptor reads them");
		check(fsync(fd) == 0, "fsync");
		check(fdatasync(fd) == 0, "fdatasync");
		close(rd);
		close(fd);
		check(unlink(p) == 0, "unlink s");
	}
	section_end("%s: O_SYNC writes, fsync, fdatasync, seen by a second "
		    "descriptor", where);
}

/* ------------------------------------------------------------ O_DIRECT */

static void direct_io(const char *base)
{
	const char *p = at(base, "d");
	unsigned char *dbuf = NULL;
	int fd;

	section_begin();
	if (!check(posix_memalign((void **)&dbuf, DIO, DIO_LEN + DIO) == 0,
		   "posix_memalign"))
		goto out;
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0644);
	if (!check(fd >= 0, "open O_DIRECT"))
		goto out;
	check((fcntl(fd, F_GETFL) & O_DIRECT) == O_DIRECT,
	      "F_GETFL shows O_DIRECT");
	fill(dbuf, 0, DIO_LEN, 6);
	check(write(fd, dbuf, DIO_LEN) == (ssize_t)DIO_LEN,
	      "direct write of 64 KiB at 0");
	fill(dbuf, DIO_LEN, 4 * DIO, 6);
	check(pwrite(fd, dbuf, 4 * DIO, DIO_LEN) == (ssize_t)(4 * DIO),
	      "direct pwrite of 2 KiB at 64 KiB");
	check(file_size(fd) == (off_t)(DIO_LEN + 4 * DIO), "size 66 KiB");
	memset(dbuf, 0, DIO_LEN);
	check(pread(fd, dbuf, DIO_LEN, 0) == (ssize_t)DIO_LEN &&
	      holds(dbuf, 0, DIO_LEN, 6), "direct read of 64 KiB at 0");
	check(pread(fd, dbuf, DIO, 3 * DIO) == (ssize_t)DIO &&
	      holds(dbuf, 3 * DIO, DIO, 6), "direct read of 512 at 1536");
	close(fd);
	fd = open(p, O_RDONLY);
	check(fd >= 0 && pread(fd, buf, PG, DIO_LEN - 100) ==
	      (ssize_t)(100 + 4 * DIO) &&
	      holds(buf, DIO_LEN - 100, 100 + 4 * DIO, 6),
	      "a cached read sees the direct writes");
	close(fd);
out:
	free(dbuf);
	section_end("root: O_DIRECT writes and reads, 512-byte aligned buffer, "
		    "offsets, lengths");
}

/*
 * Linux 2.6 wants buffer, offset and length aligned. The host kernel may
 * not care about the buffer (Linux 6.18's ext4 took one at 512*k + 1,
 * though statx gave a dio_mem_align of 512), so the buffer's alignment
 * is checked only when asked (strict).
 */
static void direct_unaligned(const char *base, int strict)
{
	unsigned char *dbuf = NULL;
	int fd;

	section_begin();
	if (!check(posix_memalign((void **)&dbuf, DIO, 4 * DIO) == 0,
		   "posix_memalign"))
		goto out;
	fd = open(at(base, "d"), O_RDWR | O_DIRECT);
	if (check(fd >= 0, "open O_DIRECT")) {
		check_errno(pread(fd, dbuf, DIO, 100), EINVAL,
			    "direct read at offset 100");
		check_errno(pread(fd, dbuf, 100, 0), EINVAL,
			    "direct read of 100 bytes");
		check_errno(pwrite(fd, dbuf, DIO, 10), EINVAL,
			    "direct write at offset 10");
		if (strict) {
			check_errno(pread(fd, dbuf + 1, DIO, 0), EINVAL,
				    "direct read into a buffer at 512*k + 1");
			check_errno(pwrite(fd, dbuf + 8, DIO, 0), EINVAL,
				    "direct write from a buffer at 512*k + 8");
		}
		close(fd);
	}
out:
	free(dbuf);
	section_end("root: O_DIRECT at an unaligned offset or length%s gives "
		    "EINVAL", strict ? ", or from an unaligned buffer," : "");
}

/* Dirty cached pages reach a direct read; a direct write reaches the cache. */
static void direct_coherent(const char *base)
{
	const char *p = at(base, "d");
	unsigned char *dbuf = NULL;
	int fd, dfd;

	section_begin();
	if (!check(posix_memalign((void **)&dbuf, DIO, PG) == 0,
		   "posix_memalign"))
		goto out;
	fd = open(p, O_RDWR);
	dfd = open(p, O_RDWR | O_DIRECT);
	if (check(fd >= 0 && dfd >= 0, "open cached and direct")) {
		check(pread(fd, buf, PG, 0) == (ssize_t)PG, "cached read "
		      "of page 0");
		fill(buf, 0, PG, 7);
		check(pwrite(fd, buf, PG, 0) == (ssize_t)PG,
		      "cached write of page 0");
		check(pread(dfd, dbuf, PG, 0) == (ssize_t)PG &&
		      holds(dbuf, 0, PG, 7), "a direct read sees it");
		fill(dbuf, PG, PG, 8);
		check(pwrite(dfd, dbuf, PG, PG) == (ssize_t)PG,
		      "direct write of page 1");
		check(pread(fd, buf, PG, PG) == (ssize_t)PG &&
		      holds(buf, PG, PG, 8), "a cached read sees it");
	}
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	check(unlink(p) == 0, "unlink d");
out:
	free(dbuf);
	section_end("root: O_DIRECT and the page cache agree both ways");
}

/* ---------------------------------------------------------- descriptors */

static void descriptors(const char *base)
{
	const char *p = at(base, "a");
	int fd = open(p, O_RDONLY | O_CLOEXEC), d1, d2, d3, fl;

	section_begin();
	if (!check(fd >= 0, "open O_CLOEXEC"))
		goto out;
	check(fcntl(fd, F_GETFD) == FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
	d1 = dup(fd);
	check(d1 >= 0 && d1 != fd, "dup gives another descriptor");
	check(d1 >= 0 && fcntl(d1, F_GETFD) == 0, "dup clears FD_CLOEXEC");
	d2 = dup2(fd, 40);
	check(d2 == 40, "dup2 to 40");
	d3 = fcntl(fd, F_DUPFD, 50);
	check(d3 == 50, "F_DUPFD 50 gives 50");
	check(fcntl(fd, F_DUPFD_CLOEXEC, 50) == 51 &&
	      fcntl(51, F_GETFD) == FD_CLOEXEC, "F_DUPFD_CLOEXEC gives 51");
	check(lseek(d1, 1000, SEEK_SET) == 1000, "seek the dup");
	check(lseek(fd, 0, SEEK_CUR) == 1000 &&
	      lseek(d2, 0, SEEK_CUR) == 1000 &&
	      lseek(d3, 0, SEEK_CUR) == 1000, "all share the offset");
	check(fcntl(fd, F_SETFD, 0) == 0 && fcntl(fd, F_GETFD) == 0,
	      "F_SETFD 0");
	check(close(d2) == 0 && close(d3) == 0 && close(51) == 0 &&
	      close(d1) == 0 && close(fd) == 0, "close all five");
	check_errno(close(40), EBADF, "close of a closed descriptor");
	check_errno(read(40, buf, 1), EBADF, "read of a closed descriptor");
	fd = open(p, O_WRONLY);
	if (check(fd >= 0, "open O_WRONLY")) {
		fl = fcntl(fd, F_GETFL);
		check((fl & O_ACCMODE) == O_WRONLY && !(fl & O_APPEND),
		      "F_GETFL: O_WRONLY");
		check(fcntl(fd, F_SETFL, fl | O_APPEND) == 0 &&
		      (fcntl(fd, F_GETFL) & O_APPEND), "F_SETFL O_APPEND");
		check(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "!", 1) == 1 &&
		      lseek(fd, 0, SEEK_CUR) == file_size(fd),
		      "then writes go to the end");
		check_errno(read(fd, buf, 1), EBADF, "read of a write-only "
			    "descriptor");
		close(fd);
	}
out:
	section_end("descriptors: dup, dup2, F_DUPFD share the offset; "
		    "FD_CLOEXEC; F_SETFL O_APPEND");
}

static void creation_mask(const char *base)
{
	struct stat st;
	int fd;

	section_begin();
	umask(027);
	fd = open(at(base, "m"), O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (check(fd >= 0, "create m")) {
		check(fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0640 &&
		      S_ISREG(st.st_mode), "mode 0640 of a regular file");
		close(fd);
	}
	check(umask(022) == 027, "umask returns the previous mask");
	check(unlink(at(base, "m")) == 0, "unlink m");
	section_end("umask 027: a file created 0666 gets 0640");
}

static void devices(void)
{
	unsigned char b[64];
	int fd, i, zero = 1, all_zero = 1;

	section_begin();
	fd = open("/dev/null", O_RDWR);
	if (check(fd >= 0, "open /dev/null")) {
		check(write(fd, "abc", 3) == 3, "/dev/null takes writes");
		check(read(fd, b, sizeof(b)) == 0, "/dev/null reads empty");
		close(fd);
	}
	fd = open("/dev/zero", O_RDONLY);
	if (check(fd >= 0, "open /dev/zero")) {
		memset(b, 0xff, sizeof(b));
		check(read(fd, b, sizeof(b)) == (ssize_t)sizeof(b),
		      "/dev/zero read");
		for (i = 0; i < (int)sizeof(b); i++)
			zero &= !b[i];
		check(zero, "/dev/zero gives zeros");
		close(fd);
	}
	fd = open("/dev/full", O_WRONLY);
	if (check(fd >= 0, "open /dev/full")) {
		check_errno(write(fd, "x", 1), ENOSPC, "write to /dev/full");
		close(fd);
	}
	fd = open("/dev/urandom", O_RDONLY);
	if (check(fd >= 0, "open /dev/urandom")) {
		memset(b, 0, sizeof(b));
		check(read(fd, b, sizeof(b)) == (ssize_t)sizeof(b),
		      "/dev/urandom read");
		for (i = 0; i < (int)sizeof(b); i++)
			all_zero &= !b[i];
		check(!all_zero, "/dev/urandom gives bytes not all zero");
		close(fd);
	}
	section_end("devices: /dev/null, /dev/zero, /dev/full (ENOSPC), "
		    "/dev/urandom");
}

/* --------------------------------------------------------------- places */

/* The accesses that are the same on tmpfs and hostfs. */
static void regular_files(const char *where, const char *base)
{
	canonical(where, base);
	seeking(where, base);
	positional(where, base);
	vectored(where, base);
	appending(where, base);
	truncating(where, base);
	exclusive(where, base);
	synchronous(where, base);
}

static void cleanup(const char *where, const char *base)
{
	section_begin();
	check(unlink(at(base, "a")) == 0, "unlink a");
	check(rmdir(base) == 0, "rmdir %s", where);
	section_end("%s: every file removed", where);
}

/* The root's keep file: written in two pwrites, the second one first. */
static void keep_file(void)
{
	int fd = open("rw_keep.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	section_begin();
	if (check(fd >= 0, "create rw_keep.txt")) {
		check(pwrite(fd, "kept\n", 5, 10) == 5, "pwrite at 10");
		check(pwrite(fd, "files_rw: ", 10, 0) == 10, "pwrite at 0");
		check(close(fd) == 0, "close");
	}
	section_end("root: rw_keep.txt written for the host to check");
}

static void read_only_root(void)
{
	int fd;

	section_begin();
	check_errno(open("ro_new.txt", O_WRONLY | O_CREAT, 0644), EROFS,
		    "create in the root");
	check_errno(open("ro.txt", O_WRONLY), EROFS,
		    "open ro.txt for writing");
	check_errno(mkdir("ro_dir", 0755), EROFS, "mkdir in the root");
	check_errno(unlink("ro.txt"), EROFS, "unlink ro.txt");
	fd = open("ro.txt", O_RDONLY);
	if (check(fd >= 0, "open ro.txt for reading")) {
		memset(buf, 0, 64);
		check(read(fd, buf, 64) == 15 &&
		      !memcmp(buf, "read-only root\n", 15),
		      "ro.txt reads \"read-only root\"");
		close(fd);
	}
	section_end("root: read-only, EROFS for create, write, mkdir, unlink; "
		    "reading works");
}

static int make_base(const char *base)
{
	section_begin();
	check(mkdir(base, 0755) == 0, "mkdir %s", base);
	return files_section_failures == 0;
}

int main(int argc, char **argv)
{
	char tmp[64];
	int ro = argc == 2 && !strcmp(argv[1], "ro");
	int strict = argc == 2 && !strcmp(argv[1], "strict");

	files_start();
	if (argc > 2 || (argc == 2 && !ro && !strict)) {
		fprintf(stderr, "usage: files_rw [ro | strict]\n");
		return 2;
	}
	umask(022);
	/* the pid keeps concurrent native runs apart; it is never printed */
	snprintf(tmp, sizeof(tmp), "/tmp/files_rw.%d", (int)getpid());
	if (make_base(tmp)) {
		regular_files("tmp", tmp);
		descriptors(tmp);
		creation_mask(tmp);
		cleanup("tmp", tmp);
	} else {
		section_end("tmp: mkdir");
	}
	if (ro) {
		read_only_root();
		return files_status();
	}
	if (make_base("files_rw.d")) {
		regular_files("root", "files_rw.d");
		direct_io("files_rw.d");
		direct_unaligned("files_rw.d", strict);
		direct_coherent("files_rw.d");
		cleanup("root", "files_rw.d");
		keep_file();
	} else {
		section_end("root: mkdir");
	}
	devices();
	return files_status();
}
