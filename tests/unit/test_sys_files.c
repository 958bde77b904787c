/*
 * test_sys_files.c - the file system calls through do_syscall on a booted
 * machine (sys_test.h): open, read, write, lseek, stat, getdents64 on
 * tmpfs and on a hostfs root (read-only, and --root-rw checked on the
 * host), O_APPEND / O_EXCL / O_TRUNC / O_SYNC, rename, unlink of an open
 * file, the cwd and *at calls, fd semantics (dup, close-on-exec,
 * RLIMIT_NOFILE), pipes with EOF, EPIPE + SIGPIPE, O_NONBLOCK and the
 * deadlock that ends a lone reader, poll, file mappings (MAP_SHARED
 * written back by msync and munmap, MAP_PRIVATE never), write-back
 * timing (close does not write, the flusher does after 30 virtual
 * seconds), hostile names that must stay inside the root, -EFAULT for
 * bad pointers, and --strace's lines for these calls.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sys_test.h"

#define PATHA		(DATA + 0x8000)
#define PATHB		(DATA + 0x8800)
#define BUF		(DATA + 0x1000)		/* up to 0x6000 bytes */
#define STATBUF		(DATA + 0xa000)
#define PFDS		(DATA + 0x7000)		/* struct pollfd[] */
#define SIGPIPE		13
#define O_CREAT_RW	(O_CREAT | O_RDWR)

/* ------------------------------------------------------------ helpers */

static long open_path(const char *path, uint32_t flags, uint32_t mode)
{
	poke_str(PATHA, path);
	return SC3(__NR_open, PATHA, flags, mode);
}

static long path1(uint32_t nr, const char *path, uint32_t arg)
{
	poke_str(PATHA, path);
	return SC2(nr, PATHA, arg);
}

static long path2(uint32_t nr, const char *a, const char *b)
{
	poke_str(PATHA, a);
	poke_str(PATHB, b);
	return SC2(nr, PATHA, PATHB);
}

static long write_str(int fd, const char *s)
{
	poke(BUF, s, (uint32_t)strlen(s));
	return SC3(__NR_write, fd, BUF, strlen(s));
}

/* read up to max bytes into out (NUL-terminated); the call's result */
static long read_str(int fd, char *out, uint32_t max)
{
	long n = SC3(__NR_read, fd, BUF, max);

	if (n > 0)
		peek(BUF, out, (uint32_t)n);
	out[n > 0 ? n : 0] = '\0';
	return n;
}

/* struct stat64 fields, by byte offset */
struct st {
	uint32_t mode, nlink, uid;
	uint64_t size, ino;
};
#define ST_INIT	{ 0, 0, 0, 0, 0 }

static void get_st(struct st *st)
{
	uint8_t b[96];

	peek(STATBUF, b, sizeof(b));
	memcpy(&st->mode, b + 16, 4);
	memcpy(&st->nlink, b + 20, 4);
	memcpy(&st->uid, b + 24, 4);
	memcpy(&st->size, b + 44, 8);
	memcpy(&st->ino, b + 88, 8);
}

static long stat_path(uint32_t nr, const char *path, struct st *st)
{
	long r = path1(nr, path, STATBUF);

	if (!r)
		get_st(st);
	return r;
}

static long fstat_fd(int fd, struct st *st)
{
	long r = SC2(__NR_fstat64, fd, STATBUF);

	if (!r)
		get_st(st);
	return r;
}

static void host_path(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", root_dir, rel);
}

static void host_write(const char *rel, const void *data, size_t len)
{
	char p[512];
	int fd;

	host_path(p, sizeof(p), rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* The host file's bytes (up to cap), or -1 if it does not exist. */
static ssize_t host_read(const char *rel, void *buf, size_t cap)
{
	char p[512];
	ssize_t n;
	int fd;

	host_path(p, sizeof(p), rel);
	fd = open(p, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, cap);
	close(fd);
	return n;
}

/* the dirty pages' age reaches dirty_expire_interval: the flusher runs */
static void let_flusher_run(void)
{
	timekeeping_sleep(31 * NSEC_PER_SEC);
	fs_tick();
}

/* ------------------------------------------------- files on tmpfs */

static void test_open_read_write_seek(void **state)
{
	char got[64];
	struct st st = ST_INIT;
	uint64_t pos;
	int fd;

	(void)state;
	fd = (int)open_path("/tmp/a", O_CREAT_RW, 0666);
	assert_int_equal(fd, 3);			/* the lowest free */
	assert_int_equal(write_str(fd, "hello world"), 11);
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_CUR), 11);
	assert_int_equal(SC3(__NR_lseek, fd, 6, SEEK_SET), 6);
	assert_int_equal(read_str(fd, got, 100), 5);
	assert_string_equal(got, "world");
	assert_int_equal(read_str(fd, got, 100), 0);	/* end of file */
	assert_int_equal(SC3(__NR_lseek, fd, -1, SEEK_SET), -EINVAL);
	assert_int_equal(SC3(__NR_lseek, fd, 0, 3), -EINVAL);
	assert_int_equal(SC5(__NR__llseek, fd, 0, 0, DATA, SEEK_END), 0);
	peek(DATA, &pos, 8);
	assert_int_equal(pos, 11);

	assert_int_equal(fstat_fd(fd, &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0644);	/* 0666 & ~umask 022 */
	assert_int_equal(st.nlink, 1);
	assert_int_equal(st.size, 11);

	/* pread/pwrite leave the offset alone */
	assert_int_equal(SC5(__NR_pread64, fd, BUF, 5, 0, 0), 5);
	peek(BUF, got, 5);
	assert_memory_equal(got, "hello", 5);
	poke(BUF, "HE", 2);
	assert_int_equal(SC5(__NR_pwrite64, fd, BUF, 2, 0, 0), 2);
	assert_int_equal(SC5(__NR_pread64, fd, BUF, 5, 0, 0), 5);
	peek(BUF, got, 5);
	assert_memory_equal(got, "HEllo", 5);
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_CUR), 11);
	assert_int_equal(SC5(__NR_pread64, fd, BUF, 5, 0xffffffffu,
			     0xffffffffu), -EINVAL);

	assert_int_equal(SC1(__NR_close, fd), 0);
	assert_int_equal(SC1(__NR_close, fd), -EBADF);
	assert_int_equal(stat_path(__NR_stat64, "/tmp/a", &st), 0);
	assert_int_equal(st.size, 11);
}

static void test_open_flags(void **state)
{
	char got[64];
	struct st st = ST_INIT;
	int fd, fd2;

	(void)state;
	fd = (int)open_path("/tmp/f", O_CREAT | O_WRONLY, 0644);
	assert_int_equal(write_str(fd, "abc"), 3);
	assert_int_equal(SC1(__NR_close, fd), 0);
	assert_int_equal(open_path("/tmp/f", O_CREAT | O_EXCL | O_WRONLY, 0644),
			 -EEXIST);
	assert_int_equal(open_path("/tmp/none", O_RDONLY, 0), -ENOENT);
	assert_int_equal(open_path("/tmp/f", O_RDONLY | O_DIRECTORY, 0),
			 -ENOTDIR);
	assert_int_equal(open_path("/tmp", O_WRONLY, 0), -EISDIR);
	assert_int_equal(open_path("/tmp/f/x", O_RDONLY, 0), -ENOTDIR);

	/* O_APPEND writes at the end whatever the offset */
	fd = (int)open_path("/tmp/f", O_WRONLY | O_APPEND, 0);
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_SET), 0);
	assert_int_equal(write_str(fd, "de"), 2);
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_CUR), 5);
	assert_int_equal(SC3(__NR_fcntl64, fd, 3 /* F_GETFL */, 0),
			 O_WRONLY | O_APPEND);
	/* an fd open for writing only cannot read, and the reverse */
	assert_int_equal(SC3(__NR_read, fd, BUF, 1), -EBADF);
	fd2 = (int)open_path("/tmp/f", O_RDONLY, 0);
	assert_int_equal(read_str(fd2, got, 64), 5);
	assert_string_equal(got, "abcde");
	assert_int_equal(write_str(fd2, "x"), -EBADF);

	/* O_TRUNC empties it; the other fd then reads nothing more */
	assert_int_equal(SC1(__NR_close, fd), 0);
	fd = (int)open_path("/tmp/f", O_WRONLY | O_TRUNC, 0);
	assert_int_equal(fstat_fd(fd, &st), 0);
	assert_int_equal(st.size, 0);
	assert_int_equal(SC3(__NR_lseek, fd2, 0, SEEK_SET), 0);
	assert_int_equal(read_str(fd2, got, 64), 0);

	/* creat is O_CREAT|O_WRONLY|O_TRUNC */
	assert_int_equal(SC1(__NR_close, fd), 0);
	poke_str(PATHA, "/tmp/c");
	fd = (int)SC2(__NR_creat, PATHA, 0600);
	assert_true(fd >= 0);
	assert_int_equal(SC3(__NR_fcntl64, fd, 3, 0) & O_ACCMODE, O_WRONLY);
	assert_int_equal(fstat_fd(fd, &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0600);
}

static void test_symlink_stat_readlink(void **state)
{
	char got[16];
	struct st st = ST_INIT;

	(void)state;
	assert_int_equal(SC1(__NR_close, (int)open_path("/tmp/t", O_CREAT_RW,
							 0644)), 0);
	assert_int_equal(path2(__NR_symlink, "t", "/tmp/l"), 0);
	assert_int_equal(path2(__NR_symlink, "t", "/tmp/l"), -EEXIST);
	assert_int_equal(stat_path(__NR_lstat64, "/tmp/l", &st), 0);
	assert_int_equal(st.mode & S_IFMT, S_IFLNK);
	assert_int_equal(st.size, 1);
	assert_int_equal(stat_path(__NR_stat64, "/tmp/l", &st), 0);
	assert_int_equal(st.mode & S_IFMT, S_IFREG);
	poke_str(PATHA, "/tmp/l");
	assert_int_equal(SC3(__NR_readlink, PATHA, BUF, 16), 1);
	peek(BUF, got, 1);
	assert_int_equal(got[0], 't');
	poke_str(PATHA, "/tmp/t");
	assert_int_equal(SC3(__NR_readlink, PATHA, BUF, 16), -EINVAL);
	assert_int_equal(open_path("/tmp/l", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
	/* a dangling link: O_CREAT makes its target */
	assert_int_equal(path2(__NR_symlink, "made", "/tmp/dangling"), 0);
	assert_true(open_path("/tmp/dangling", O_CREAT | O_WRONLY, 0644) >= 0);
	assert_int_equal(stat_path(__NR_stat64, "/tmp/made", &st), 0);
	/* statx and fstatat64 agree with stat64 */
	poke_str(PATHA, "/tmp/t");
	assert_int_equal(SC5(__NR_statx, GUEST_AT_FDCWD, PATHA, 0, 0x7ff,
			     STATBUF), 0);
	assert_int_equal(peek32(STATBUF + 28) & 0xffff, S_IFREG | 0644);
	assert_int_equal(SC4(__NR_fstatat64, GUEST_AT_FDCWD, PATHA, STATBUF,
			     0), 0);
	get_st(&st);
	assert_int_equal(st.mode, S_IFREG | 0644);
}

/* Walk getdents64's records in BUF: names joined by ',' into out. */
static void dirents64(long n, char *out, size_t cap, int *types)
{
	uint8_t b[4096];
	long off = 0;
	int i = 0;

	peek(BUF, b, (uint32_t)n);
	out[0] = '\0';
	while (off < n) {
		uint16_t reclen;

		memcpy(&reclen, b + off + 16, 2);
		assert_int_equal(reclen % 8, 0);
		if (types)
			types[i++] = b[off + 18];
		strncat(out, (char *)b + off + 19, cap - strlen(out) - 2);
		strcat(out, ",");
		off += reclen;
	}
	assert_int_equal(off, n);
}

static void test_getdents64(void **state)
{
	char names[256];
	int types[8], fd;
	uint64_t d_off;
	long n;

	(void)state;
	assert_int_equal(path1(__NR_mkdir, "/tmp/d", 0777), 0);
	assert_int_equal(path1(__NR_mkdir, "/tmp/d", 0777), -EEXIST);
	assert_int_equal(path1(__NR_mkdir, "/tmp/d/sub", 0777), 0);
	SC1(__NR_close, (int)open_path("/tmp/d/y", O_CREAT_RW, 0644));
	SC1(__NR_close, (int)open_path("/tmp/d/x", O_CREAT_RW, 0644));
	fd = (int)open_path("/tmp/d", O_RDONLY | O_DIRECTORY, 0);
	n = SC3(__NR_getdents64, fd, BUF, 4096);
	assert_true(n > 0);
	dirents64(n, names, sizeof(names), types);
	assert_string_equal(names, ".,..,sub,x,y,");	/* by name */
	assert_int_equal(types[0], DT_DIR);
	assert_int_equal(types[2], DT_DIR);
	assert_int_equal(types[3], DT_REG);
	/* each d_off is where the next entry is: the first's is 1 */
	peek(BUF + 8, &d_off, 8);
	assert_int_equal(d_off, 1);
	assert_int_equal(SC3(__NR_getdents64, fd, BUF, 4096), 0);
	/* rewind; a buffer of one record gets one; too small is EINVAL */
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_SET), 0);
	assert_int_equal(SC3(__NR_getdents64, fd, BUF, 24), 24);
	assert_int_equal(SC3(__NR_getdents64, fd, BUF, 10), -EINVAL);
	n = SC3(__NR_getdents64, fd, BUF, 4096);
	dirents64(n, names, sizeof(names), NULL);
	assert_string_equal(names, "..,sub,x,y,");
	/* the old getdents: 32-bit fields, d_type last */
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_SET), 0);
	n = SC3(__NR_getdents, fd, BUF, 4096);
	assert_true(n > 0);
	assert_int_equal(peek32(BUF + 4) , 1);		/* d_off */
	assert_int_equal(peek32(BUF + 8) & 0xffff, 16);	/* d_reclen */
	assert_int_equal(peek32(BUF + 8) >> 16 & 0xff, '.');
	assert_int_equal(SC3(__NR_getdents64, 1, BUF, 4096), -ENOTDIR);
	assert_int_equal(SC3(__NR_getdents64, 99, BUF, 4096), -EBADF);
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_SET), 0);
	assert_int_equal(SC3(__NR_getdents64, fd, RO, 4096), -EFAULT);

	assert_int_equal(path1(__NR_rmdir, "/tmp/d", 0), -ENOTEMPTY);
	assert_int_equal(path1(__NR_unlink, "/tmp/d/sub", 0), -EISDIR);
	assert_int_equal(path1(__NR_rmdir, "/tmp/d/x", 0), -ENOTDIR);
	poke_str(PATHA, "/tmp/d/sub");
	assert_int_equal(SC3(__NR_unlinkat, GUEST_AT_FDCWD, PATHA, 0x200), 0);
	assert_int_equal(SC3(__NR_unlinkat, GUEST_AT_FDCWD, PATHA, 1),
			 -EINVAL);
	assert_int_equal(path1(__NR_unlink, "/tmp/d/x", 0), 0);
	assert_int_equal(path1(__NR_unlink, "/tmp/d/y", 0), 0);
	assert_int_equal(path1(__NR_rmdir, "/tmp/d", 0), 0);
	/* the open fd of a removed directory lists nothing */
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_SET), 0);
	assert_int_equal(SC3(__NR_getdents64, fd, BUF, 4096), -ENOENT);
}

static void test_rename_and_unlink_open_file(void **state)
{
	char got[16];
	struct st st = ST_INIT;
	int fd;

	(void)state;
	fd = (int)open_path("/tmp/old", O_CREAT_RW, 0644);
	assert_int_equal(write_str(fd, "keep"), 4);
	assert_int_equal(path2(__NR_rename, "/tmp/old", "/tmp/new"), 0);
	assert_int_equal(open_path("/tmp/old", O_RDONLY, 0), -ENOENT);
	assert_int_equal(stat_path(__NR_stat64, "/tmp/new", &st), 0);
	assert_int_equal(st.size, 4);
	/* RENAME_NOREPLACE refuses an existing target */
	SC1(__NR_close, (int)open_path("/tmp/other", O_CREAT_RW, 0644));
	poke_str(PATHA, "/tmp/new");
	poke_str(PATHB, "/tmp/other");
	assert_int_equal(SC5(__NR_renameat2, GUEST_AT_FDCWD, PATHA,
			     GUEST_AT_FDCWD, PATHB, 1), -EEXIST);
	assert_int_equal(SC5(__NR_renameat2, GUEST_AT_FDCWD, PATHA,
			     GUEST_AT_FDCWD, PATHB, 2), -EINVAL);
	assert_int_equal(SC4(__NR_renameat, GUEST_AT_FDCWD, PATHA,
			     GUEST_AT_FDCWD, PATHB), 0);
	/* unlinked while open: the name goes, the data stays readable */
	assert_int_equal(path1(__NR_unlink, "/tmp/other", 0), 0);
	assert_int_equal(stat_path(__NR_stat64, "/tmp/other", &st), -ENOENT);
	assert_int_equal(fstat_fd(fd, &st), 0);
	assert_int_equal(st.nlink, 0);
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_SET), 0);
	assert_int_equal(read_str(fd, got, 16), 4);
	assert_string_equal(got, "keep");
	assert_int_equal(write_str(fd, "+more"), 5);
	assert_int_equal(SC1(__NR_close, fd), 0);
}

/* ------------------------------------------------- the cwd and *at */

static void test_cwd_and_at_calls(void **state)
{
	char got[64];
	struct st st = ST_INIT;
	int dfd, fd;

	(void)state;
	assert_int_equal(path1(__NR_mkdir, "/tmp/w", 0755), 0);
	assert_int_equal(path1(__NR_chdir, "/tmp/w", 0), 0);
	assert_int_equal(SC2(__NR_getcwd, BUF, 64), 7);
	peek(BUF, got, 7);
	assert_string_equal(got, "/tmp/w");
	assert_int_equal(SC2(__NR_getcwd, BUF, 6), -ERANGE);
	fd = (int)open_path("f", O_CREAT | O_WRONLY, 0644);	/* relative */
	assert_true(fd >= 0);
	assert_int_equal(stat_path(__NR_stat64, "/tmp/w/f", &st), 0);
	assert_int_equal(path1(__NR_chdir, "/tmp/w/f", 0), -ENOTDIR);
	assert_int_equal(path1(__NR_chdir, "..", 0), 0);
	assert_int_equal(SC2(__NR_getcwd, BUF, 64), 5);

	/* dirfds: relative names start there, absolute ones ignore it */
	dfd = (int)open_path("/tmp/w", O_RDONLY | O_DIRECTORY, 0);
	poke_str(PATHA, "f");
	assert_int_equal(SC4(__NR_fstatat64, dfd, PATHA, STATBUF, 0), 0);
	assert_int_equal(SC4(__NR_openat, fd, PATHA, O_RDONLY, 0), -ENOTDIR);
	assert_int_equal(SC4(__NR_openat, 77, PATHA, O_RDONLY, 0), -EBADF);
	poke_str(PATHA, "/tmp/w/f");
	assert_true(SC4(__NR_openat, 77, PATHA, O_RDONLY, 0) >= 0);
	poke_str(PATHA, "g");
	assert_int_equal(SC3(__NR_mkdirat, dfd, PATHA, 0700), 0);
	assert_int_equal(stat_path(__NR_stat64, "/tmp/w/g", &st), 0);
	assert_int_equal(st.mode, S_IFDIR | 0700);
	assert_int_equal(SC1(__NR_fchdir, dfd), 0);
	assert_int_equal(SC2(__NR_getcwd, BUF, 64), 7);
	assert_int_equal(SC1(__NR_fchdir, fd), -ENOTDIR);

	/* umask: the old one back, new modes masked by the new one */
	assert_int_equal(SC1(__NR_umask, 077), 022);
	fd = (int)open_path("h", O_CREAT | O_WRONLY, 0666);
	assert_int_equal(fstat_fd(fd, &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0600);
	assert_int_equal(SC1(__NR_umask, 022), 077);

	/* a removed cwd: getcwd says so */
	assert_int_equal(path1(__NR_mkdir, "/tmp/gone", 0755), 0);
	assert_int_equal(path1(__NR_chdir, "/tmp/gone", 0), 0);
	assert_int_equal(path1(__NR_rmdir, "/tmp/gone", 0), 0);
	assert_int_equal(SC2(__NR_getcwd, BUF, 64), -ENOENT);
}

/* ------------------------------------------------------ fd semantics */

static void test_dup_shares_the_open_file(void **state)
{
	char got[8];
	int fd, d;

	(void)state;
	fd = (int)open_path("/tmp/s", O_CREAT_RW | O_CLOEXEC, 0644);
	assert_int_equal(SC3(__NR_fcntl64, fd, 1 /* F_GETFD */, 0), 1);
	assert_int_equal(write_str(fd, "0123456789"), 10);
	d = (int)SC1(__NR_dup, fd);
	assert_int_equal(d, fd + 1);
	assert_int_equal(SC3(__NR_fcntl64, d, 1, 0), 0);  /* not inherited */
	/* one offset */
	assert_int_equal(SC3(__NR_lseek, fd, 2, SEEK_SET), 2);
	assert_int_equal(read_str(d, got, 3), 3);
	assert_string_equal(got, "234");
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_CUR), 5);
	/* one status: O_NONBLOCK set through one shows through the other */
	assert_int_equal(SC3(__NR_fcntl64, d, 4 /* F_SETFL */, O_NONBLOCK),
			 0);
	assert_int_equal(SC3(__NR_fcntl64, fd, 3, 0) & O_NONBLOCK,
			 O_NONBLOCK);
	assert_int_equal(SC3(__NR_fcntl64, fd, 2 /* F_SETFD */, 0), 0);
	assert_int_equal(SC3(__NR_fcntl64, fd, 1, 0), 0);
	assert_int_equal(SC3(__NR_fcntl64, fd, 1030, 20), 20);
	assert_int_equal(SC3(__NR_fcntl64, 20, 1, 0), 1);
	/* closing one leaves the other working */
	assert_int_equal(SC1(__NR_close, fd), 0);
	assert_int_equal(read_str(d, got, 2), 2);
	assert_string_equal(got, "56");
	/* O_DIRECT cannot be set on tmpfs, which has no direct I/O */
	assert_int_equal(SC3(__NR_fcntl64, d, 4, O_DIRECT), -EINVAL);
	/* record locks: always free, checked against the access mode */
	poke(BUF, (uint16_t[]){ 1 /* F_WRLCK */, 0 }, 4);
	assert_int_equal(SC3(__NR_fcntl64, d, 6 /* F_SETLK */, BUF), 0);
	assert_int_equal(SC3(__NR_fcntl64, d, 5 /* F_GETLK */, BUF), 0);
	assert_int_equal(peek32(BUF) & 0xffff, 2 /* F_UNLCK */);
}

static void test_nofile_limit(void **state)
{
	int fd;

	(void)state;
	poke(DATA, (uint32_t[]){ 5, 5 }, 8);
	assert_int_equal(SC2(__NR_setrlimit, RLIMIT_NOFILE, DATA), 0);
	assert_int_equal(open_path("/tmp/n3", O_CREAT_RW, 0644), 3);
	assert_int_equal(open_path("/tmp/n4", O_CREAT_RW, 0644), 4);
	assert_int_equal(open_path("/tmp/n5", O_CREAT_RW, 0644), -EMFILE);
	/* EMFILE before the name is even looked at */
	assert_int_equal(open_path("/nonexistent", O_RDONLY, 0), -EMFILE);
	assert_int_equal(SC1(__NR_dup, 0), -EMFILE);
	poke(BUF, (uint32_t[]){ 0, 0 }, 8);
	assert_int_equal(SC1(__NR_pipe, BUF), -EMFILE);
	assert_int_equal(SC2(__NR_dup2, 0, 5), -EBADF);
	assert_int_equal(SC3(__NR_fcntl64, 0, 0, 5), -EINVAL);
	/* no pipe end was left behind */
	assert_int_equal(count_open_fds(tp->files), 5);
	assert_int_equal(SC1(__NR_close, 4), 0);
	fd = (int)open_path("/tmp/n5", O_CREAT_RW, 0644);
	assert_int_equal(fd, 4);
}

/* ------------------------------------------------------------- pipes */

static void test_pipe_basics(void **state)
{
	int fds[2];
	char got[16];
	struct st st = ST_INIT;

	(void)state;
	assert_int_equal(SC1(__NR_pipe, BUF + 0x100), 0);
	peek(BUF + 0x100, fds, 8);
	assert_int_equal(fds[0], 3);
	assert_int_equal(fds[1], 4);
	assert_int_equal(write_str(fds[1], "abc"), 3);
	assert_int_equal(SC3(__NR_ioctl, fds[0], 0x541b /* FIONREAD */, DATA),
			 0);
	assert_int_equal(peek32(DATA), 3);
	assert_int_equal(read_str(fds[0], got, 2), 2);
	assert_string_equal(got, "ab");
	assert_int_equal(read_str(fds[0], got, 16), 1);
	assert_int_equal(SC3(__NR_fcntl64, fds[0], 3, 0), O_RDONLY);
	assert_int_equal(SC3(__NR_fcntl64, fds[1], 3, 0), O_WRONLY);
	assert_int_equal(SC3(__NR_read, fds[1], BUF, 1), -EBADF);
	assert_int_equal(SC3(__NR_lseek, fds[0], 0, SEEK_SET), -ESPIPE);
	assert_int_equal(SC5(__NR_pread64, fds[0], BUF, 1, 0, 0), -ESPIPE);
	assert_int_equal(fstat_fd(fds[0], &st), 0);
	assert_int_equal(st.mode, S_IFIFO | 0600);
	assert_int_equal(SC3(__NR_fsync, fds[0], 0, 0), -EINVAL);
	/* mapping a pipe is refused */
	assert_int_equal(sc(__NR_mmap2, 0, P, PROT_READ, MAP_SHARED, fds[0],
			    0), -ENODEV);
	/* the write end closed: what is left, then end of file */
	assert_int_equal(write_str(fds[1], "xy"), 2);
	assert_int_equal(SC1(__NR_close, fds[1]), 0);
	assert_int_equal(read_str(fds[0], got, 16), 2);
	assert_int_equal(read_str(fds[0], got, 16), 0);
	assert_int_equal(tp->state, TASK_RUNNING);

	/* pipe2: flags checked, a bad pointer leaves no fd behind */
	assert_int_equal(SC2(__NR_pipe2, BUF, 1), -EINVAL);
	assert_int_equal(SC2(__NR_pipe2, RO, 0), -EFAULT);
	assert_int_equal(SC1(__NR_pipe, HOLE), -EFAULT);
	assert_int_equal(count_open_fds(tp->files), 4);	/* 0-2 and fds[0] */
	assert_int_equal(SC2(__NR_pipe2, BUF, O_CLOEXEC), 0);
	assert_int_equal(peek32(BUF), 4);
	assert_int_equal(SC3(__NR_fcntl64, 4, 1, 0), 1);
	assert_int_equal(SC3(__NR_fcntl64, 5, 1, 0), 1);
}

static void test_pipe_epipe_and_nonblock(void **state)
{
	int fds[2], i;

	(void)state;
	assert_int_equal(SC2(__NR_pipe2, BUF, O_NONBLOCK), 0);
	peek(BUF, fds, 8);
	assert_int_equal(SC3(__NR_read, fds[0], BUF, 10), -EAGAIN);
	/* 16 pages fill it; a write past that is split or refused */
	for (i = 0; i < 15; i++)
		assert_int_equal(SC3(__NR_write, fds[1], BUF, P), P);
	assert_int_equal(SC3(__NR_write, fds[1], BUF, 3 * P), P);
	assert_int_equal(SC3(__NR_write, fds[1], BUF, 3 * P), -EAGAIN);
	assert_int_equal(SC3(__NR_ioctl, fds[0], 0x541b, DATA), 0);
	assert_int_equal(peek32(DATA), PIPE_SIZE);
	assert_int_equal(SC3(__NR_fcntl64, fds[0], 1032 /* F_GETPIPE_SZ */,
			     0), PIPE_SIZE);
	/* a small write is atomic: room in no buffer, nothing goes in */
	assert_int_equal(SC3(__NR_read, fds[0], BUF, 1), 1);
	assert_int_equal(SC3(__NR_write, fds[1], BUF, 2), -EAGAIN);
	assert_int_equal(SC3(__NR_read, fds[0], BUF, P - 1), P - 1);
	assert_int_equal(SC3(__NR_write, fds[1], BUF, 2), 2);
	/* no reader: EPIPE and a SIGPIPE, left pending while blocked
	 * (its default action, death, is test_signal's) */
	assert_int_equal(SC1(__NR_close, fds[0]), 0);
	assert_int_equal(tp->pending, 0);
	tp->blocked = 1ull << (SIGPIPE - 1);
	assert_int_equal(SC3(__NR_write, fds[1], BUF, 1), -EPIPE);
	assert_int_equal(tp->pending, 1ull << (SIGPIPE - 1));
	assert_int_equal(SC3(__NR_write, fds[1], BUF, 0), 0);
	assert_int_equal(tp->state, TASK_RUNNING);
	tp->blocked = 0;
	tp->pending = 0;
}

/* Host stderr into a pipe during fn(arg); what it printed, in out. */
static void capture_stderr(char *out, size_t cap, long (*fn)(int), int arg)
{
	struct redirect r;
	ssize_t n;

	redirect_begin(&r, 2);
	fn(arg);
	fflush(stderr);
	n = read(r.pipe[0], out, cap - 1);
	redirect_end(&r);
	out[n > 0 ? n : 0] = '\0';
}

static long blocking_read(int fd)
{
	return SC3(__NR_read, fd, BUF, 10);
}

static long blocking_poll(int fd)
{
	poke(BUF, (int32_t[]){ fd, POLLIN }, 8);
	return SC3(__NR_poll, BUF, 1, (uint32_t)-1);
}

/* A lone reader of an empty pipe would wait for ever: it is killed. */
static void test_pipe_deadlock_kills(void **state)
{
	char msg[256];
	int fds[2];

	(void)state;
	assert_int_equal(SC1(__NR_pipe, BUF), 0);
	peek(BUF, fds, 8);
	capture_stderr(msg, sizeof(msg), blocking_read, fds[0]);
	assert_string_equal(msg, "i386mm: guest: deadlock: read of an empty "
			    "pipe that no other process can fill; killed by "
			    "signal 9\n");
	assert_int_equal(last_stop, CPU_SYSCALL_STOP);
	assert_int_equal(tp->state, EXIT_ZOMBIE);
	assert_int_equal(tp->exit_code, 9);		/* SIGKILL */
}

static void test_poll_deadlock_kills(void **state)
{
	char msg[256];
	int fds[2];

	(void)state;
	assert_int_equal(SC1(__NR_pipe, BUF), 0);
	peek(BUF, fds, 8);
	capture_stderr(msg, sizeof(msg), blocking_poll, fds[0]);
	assert_string_equal(msg, "i386mm: guest: deadlock: poll of pipes that "
			    "no other process can make ready; killed by "
			    "signal 9\n");
	assert_int_equal(tp->state, EXIT_ZOMBIE);
}

static void test_poll_and_select(void **state)
{
	int fds[2];
	int64_t before;
	uint32_t set;

	(void)state;
	assert_int_equal(SC1(__NR_pipe, BUF), 0);
	peek(BUF, fds, 8);
	/* empty: the write end can take PIPE_BUF, the read end waits */
	poke(PFDS, (int32_t[]){ fds[0], POLLIN, fds[1], POLLOUT,
			       99, POLLIN, -1, POLLIN }, 32);
	assert_int_equal(SC3(__NR_poll, PFDS, 4, 0), 2);
	assert_int_equal(peek32(PFDS + 4) >> 16, 0);
	assert_int_equal(peek32(PFDS + 12) >> 16, POLLOUT);
	assert_int_equal(peek32(PFDS + 20) >> 16, POLLNVAL);
	assert_int_equal(peek32(PFDS + 28) >> 16, 0);
	/* a finite timeout passes on the virtual clock */
	before = ktime_get_ns();
	assert_int_equal(SC3(__NR_poll, PFDS, 1, 250), 0);
	assert_int_equal(ktime_get_ns() - before, 250 * 1000000ll);
	/* data: readable, and still writable (a buffer is free) */
	assert_int_equal(write_str(fds[1], "x"), 1);
	assert_int_equal(SC3(__NR_poll, PFDS, 2, 0), 2);
	assert_int_equal(peek32(PFDS + 4) >> 16, POLLIN);
	assert_int_equal(peek32(PFDS + 12) >> 16, POLLOUT);
	/* the writer gone: POLLHUP even unasked */
	assert_int_equal(SC1(__NR_close, fds[1]), 0);
	poke(PFDS, (int32_t[]){ fds[0], POLLIN }, 8);
	assert_int_equal(SC3(__NR_poll, PFDS, 1, 0), 1);
	assert_int_equal(peek32(PFDS + 4) >> 16, POLLIN | POLLHUP);

	/* select on the same: the read end is ready, a regular file too */
	set = 1u << fds[0];
	poke(DATA, &set, 4);
	poke(DATA + 8, (int32_t[]){ 0, 0 }, 8);
	assert_int_equal(SC5(__NR__newselect, fds[0] + 1, DATA, 0, 0,
			     DATA + 8), 1);
	assert_int_equal(peek32(DATA), 1u << fds[0]);
	set = 1u << 9;				/* not open */
	poke(DATA, &set, 4);
	assert_int_equal(SC5(__NR__newselect, 10, DATA, 0, 0, DATA + 8),
			 -EBADF);
	assert_int_equal(SC5(__NR__newselect, -1, 0, 0, 0, 0), -EINVAL);
	poke(PFDS, (int32_t[]){ 0, POLLIN }, 8);
	assert_int_equal(SC3(__NR_poll, HOLE, 1, 0), -EFAULT);
	assert_int_equal(SC3(__NR_poll, PFDS, 5000, 0), -EINVAL);
}

/* ------------------------------------------- hostfs: the guest's root */

static void test_hostfs_readonly_root(void **state)
{
	char got[16];
	struct st st = ST_INIT;
	int fd;

	(void)state;
	host_write("file", "hello", 5);
	assert_int_equal(stat_path(__NR_stat64, "/file", &st), 0);
	assert_int_equal(st.size, 5);
	fd = (int)open_path("/file", O_RDONLY, 0);
	assert_int_equal(read_str(fd, got, 16), 5);
	assert_string_equal(got, "hello");
	assert_int_equal(open_path("/file", O_WRONLY, 0), -EROFS);
	assert_int_equal(open_path("/new", O_CREAT | O_WRONLY, 0644), -EROFS);
	assert_int_equal(open_path("/file", O_RDONLY | O_TRUNC, 0), -EROFS);
	assert_int_equal(path1(__NR_mkdir, "/d", 0755), -EROFS);
	assert_int_equal(path1(__NR_unlink, "/file", 0), -EROFS);
	assert_int_equal(path1(__NR_chmod, "/file", 0600), -EROFS);
	assert_int_equal(path1(__NR_access, "/file", 4 /* R_OK */), 0);
	assert_int_equal(path1(__NR_access, "/file", 2 /* W_OK */), -EROFS);
	assert_int_equal(path1(__NR_access, "/file", 1 /* X_OK */), -EACCES);
	assert_int_equal(path1(__NR_access, "/nope", 0), -ENOENT);
	/* statfs of the root and of /tmp: hostfs' and tmpfs' magic */
	poke_str(PATHA, "/tmp");
	assert_int_equal(SC3(__NR_statfs64, PATHA, 84, STATBUF), 0);
	assert_int_equal(peek32(STATBUF), 0x01021994);
	assert_int_equal(SC3(__NR_statfs64, PATHA, 88, STATBUF), -EINVAL);
	assert_int_equal(SC3(__NR_fstatfs64, fd, 84, STATBUF), 0);
	assert_true(peek32(STATBUF + 4) > 0);		/* f_bsize */
	assert_int_equal(SC1(__NR_close, fd), 0);
}

static void test_hostile_paths_stay_inside(void **state)
{
	static const char *const names[] = {
		"/../secret.txt", "../../secret.txt", "/tmp/../../secret.txt",
		"/esc", "/abs", "/dotdot/../../secret.txt",
		"/proc/../../secret.txt",
	};
	char p[512], target[512], got[64];
	unsigned int i;

	(void)state;
	snprintf(p, sizeof(p), "%s/esc", root_dir);
	assert_int_equal(symlink("../secret.txt", p), 0);
	snprintf(p, sizeof(p), "%s/abs", root_dir);
	snprintf(target, sizeof(target), "%s/secret.txt", base_dir);
	assert_int_equal(symlink(target, p), 0);
	snprintf(p, sizeof(p), "%s/dotdot", root_dir);
	assert_int_equal(mkdir(p, 0755), 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		long fd = open_path(names[i], O_RDONLY, 0);

		if (fd >= 0) {	/* only a file inside the root may open */
			assert_true(read_str((int)fd, got, 64) != 6 ||
				    strcmp(got, "SECRET"));
			SC1(__NR_close, fd);
		} else {
			assert_int_equal(fd, -ENOENT);
		}
	}
	/* ".." at the root is the root */
	assert_int_equal(path1(__NR_chdir, "/../../..", 0), 0);
	assert_int_equal(SC2(__NR_getcwd, BUF, 64), 2);
	assert_int_equal(path1(__NR_chdir, "/dotdot/../..", 0), 0);
	assert_int_equal(SC2(__NR_getcwd, BUF, 64), 2);
}

static void test_hostfs_rw_writeback(void **state)
{
	char got[64];
	struct st st = ST_INIT;
	int fd;

	(void)state;
	assert_int_equal(path1(__NR_mkdir, "/dir", 0755), 0);
	fd = (int)open_path("/dir/f", O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write_str(fd, "data"), 4);
	/* written to the page cache only: the host file is still empty */
	assert_int_equal(host_read("dir/f", got, sizeof(got)), 0);
	/* close does not write it back (Linux's close does not either) */
	assert_int_equal(SC1(__NR_close, fd), 0);
	assert_int_equal(host_read("dir/f", got, sizeof(got)), 0);
	/* fsync does */
	fd = (int)open_path("/dir/f", O_WRONLY | O_APPEND, 0);
	assert_int_equal(SC1(__NR_fsync, fd), 0);
	assert_int_equal(host_read("dir/f", got, sizeof(got)), 4);
	assert_memory_equal(got, "data", 4);
	/* the flusher writes what has been dirty for 30 virtual seconds */
	assert_int_equal(write_str(fd, "+more"), 5);
	fs_tick();
	assert_int_equal(host_read("dir/f", got, sizeof(got)), 4);
	let_flusher_run();
	assert_int_equal(host_read("dir/f", got, sizeof(got)), 9);
	assert_memory_equal(got, "data+more", 9);
	assert_int_equal(SC1(__NR_close, fd), 0);
	/* O_SYNC writes through */
	fd = (int)open_path("/dir/s", O_CREAT | O_WRONLY | O_SYNC, 0644);
	assert_int_equal(write_str(fd, "sync"), 4);
	assert_int_equal(host_read("dir/s", got, sizeof(got)), 4);
	assert_int_equal(SC1(__NR_close, fd), 0);
	/* rename, unlink, rmdir, truncate reach the host at once */
	assert_int_equal(path2(__NR_rename, "/dir/s", "/dir/t"), 0);
	assert_int_equal(host_read("dir/s", got, sizeof(got)), -1);
	assert_int_equal(host_read("dir/t", got, sizeof(got)), 4);
	poke_str(PATHA, "/dir/t");
	assert_int_equal(SC3(__NR_truncate64, PATHA, 2, 0), 0);
	assert_int_equal(host_read("dir/t", got, sizeof(got)), 2);
	assert_int_equal(path1(__NR_unlink, "/dir/t", 0), 0);
	assert_int_equal(host_read("dir/t", got, sizeof(got)), -1);
	assert_int_equal(stat_path(__NR_stat64, "/dir/f", &st), 0);
	assert_int_equal(st.size, 9);
	/* a file made on the host shows up in a listing */
	host_write("dir/h", "x", 1);
	fd = (int)open_path("/dir", O_RDONLY | O_DIRECTORY, 0);
	{
		char names[128];
		long n = SC3(__NR_getdents64, fd, BUF, 4096);

		assert_true(n > 0);
		dirents64(n, names, sizeof(names), NULL);
		assert_string_equal(names, ".,..,f,h,");
	}
}

/* What is dirty when the machine goes down reaches the host. */
static void test_hostfs_rw_written_at_shutdown(void **state)
{
	char got[16];
	int fd;

	(void)state;
	fd = (int)open_path("/late", O_CREAT | O_WRONLY, 0644);
	assert_int_equal(write_str(fd, "late"), 4);
	assert_int_equal(host_read("late", got, sizeof(got)), 0);
	/* the teardown (fs_shutdown) writes it: see teardown_late */
}

static int teardown_late(void **state)
{
	char got[16];

	(void)state;
	machine_down();
	assert_int_equal(host_read("late", got, sizeof(got)), 4);
	assert_memory_equal(got, "late", 4);
	remove_root();
	return 0;
}

/* -------------------------------------------------------- file mmap */

static void test_mmap_shared_reaches_the_host(void **state)
{
	char page[P * 2], got[P];
	uint32_t a, b;
	int fd;

	(void)state;
	memset(page, 'a', P);
	memset(page + P, 'b', P);
	host_write("m", page, sizeof(page));
	fd = (int)open_path("/m", O_RDWR, 0);
	a = (uint32_t)sc(__NR_mmap2, 0, 2 * P, PROT_READ | PROT_WRITE,
			 MAP_SHARED, fd, 0);
	assert_false(IS_ERR_VALUE(a));
	assert_non_null(vma_file(find_vma(mm, a)));
	assert_int_equal(find_vma(mm, a)->vm_file->f_count, 2);
	/* the mapping keeps the file when the fd goes */
	assert_int_equal(SC1(__NR_close, fd), 0);
	assert_int_equal(find_vma(mm, a)->vm_file->f_count, 1);
	assert_int_equal(peek32(a + P) & 0xff, 'b');
	poke(a + 10, "SHARED", 6);
	/* read(2) sees the store at once: one page cache */
	fd = (int)open_path("/m", O_RDWR, 0);
	assert_int_equal(SC5(__NR_pread64, fd, BUF, 6, 10, 0), 6);
	peek(BUF, got, 6);
	assert_memory_equal(got, "SHARED", 6);
	/* the host only after msync */
	assert_int_equal(host_read("m", got, sizeof(got)), P);
	assert_int_equal(got[10], 'a');
	assert_int_equal(SC3(__NR_msync, a, 2 * P, 4 /* MS_SYNC */), 0);
	assert_int_equal(host_read("m", got, sizeof(got)), P);
	assert_memory_equal(got + 10, "SHARED", 6);
	/* a store then munmap: the dirty bit goes to the page, fsync writes */
	poke(a + P + 20, "UNMAP", 5);
	assert_int_equal(SC2(__NR_munmap, a, 2 * P), 0);
	assert_int_equal(SC1(__NR_fsync, fd), 0);
	{
		char all[2 * P];

		assert_int_equal(host_read("m", all, sizeof(all)), 2 * P);
		assert_memory_equal(all + P + 20, "UNMAP", 5);
	}

	/* the old mmap: offsets in bytes; mmap2: in pages */
	poke(DATA, (uint32_t[]){ 0, P, PROT_READ, MAP_SHARED, (uint32_t)fd,
				 P }, 24);
	b = (uint32_t)SC1(__NR_mmap, DATA);
	assert_int_equal(peek32(b) & 0xff, 'b');
	poke(DATA, (uint32_t[]){ 0, P, PROT_READ, MAP_SHARED, (uint32_t)fd,
				 100 }, 24);
	assert_int_equal(SC1(__NR_mmap, DATA), -EINVAL);
	b = (uint32_t)sc(__NR_mmap2, 0, P, PROT_READ, MAP_PRIVATE, fd, 1);
	assert_int_equal(peek32(b) & 0xff, 'b');
}

static void test_mmap_private_never_reaches_the_host(void **state)
{
	char page[P], got[P];
	uint32_t a;
	int fd;

	(void)state;
	memset(page, 'p', P);
	host_write("priv", page, P);
	fd = (int)open_path("/priv", O_RDONLY, 0);
	a = (uint32_t)sc(__NR_mmap2, 0, P, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE, fd, 0);
	assert_false(IS_ERR_VALUE(a));
	poke(a, "PRIVATE", 7);
	assert_int_equal(SC3(__NR_msync, a, P, 4), 0);
	assert_int_equal(SC2(__NR_munmap, a, P), 0);
	assert_int_equal(SC1(__NR_sync, 0), 0);
	assert_int_equal(host_read("priv", got, sizeof(got)), P);
	assert_memory_equal(got, page, P);
	/* nor the page cache: read(2) sees the file */
	assert_int_equal(SC5(__NR_pread64, fd, BUF, 7, 0, 0), 7);
	peek(BUF, got, 7);
	assert_memory_equal(got, "ppppppp", 7);

	/* what may not be mapped */
	assert_int_equal(sc(__NR_mmap2, 0, P, PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd, 0), -EACCES);
	assert_int_equal(sc(__NR_mmap2, 0, P, PROT_READ, MAP_SHARED, 1, 0),
			 -ENODEV);
	assert_int_equal(sc(__NR_mmap2, 0, P, PROT_READ, MAP_SHARED, 77, 0),
			 -EBADF);
	assert_int_equal(sc(__NR_mmap2, 0, P, PROT_READ, 0x3 | 0x400000,
			    fd, 0), -EOPNOTSUPP);
	/* past the end of the file: the fault is a SIGBUS, a copy EFAULT */
	a = (uint32_t)sc(__NR_mmap2, 0, 2 * P, PROT_READ, MAP_SHARED, fd, 0);
	assert_int_equal(peek32(a) & 0xff, 'p');
	assert_int_equal(access_process_vm(mm, a + P, got, 4, 0), 0);
	assert_int_equal(SC3(__NR_write, 2, a + P, 4), -EFAULT);
	assert_int_equal(SC3(__NR_msync, a + 1, P, 0), -EINVAL);
	assert_int_equal(SC3(__NR_msync, a, P, 5), -EINVAL);
	assert_int_equal(SC3(__NR_msync, HOLE, P, 0), -ENOMEM);
}

/* ---------------------------------------------------------- O_DIRECT */

static void test_o_direct(void **state)
{
	char page[P], got[P];
	int fd;

	(void)state;
	memset(page, 'd', P);
	host_write("direct", "", 0);
	fd = (int)open_path("/direct", O_RDWR | O_DIRECT, 0);
	assert_true(fd >= 0);
	/* Linux's rule: buffer, offset and count multiples of 512 */
	poke(BUF, page, P);
	assert_int_equal(SC3(__NR_write, fd, BUF + 1, 512), -EINVAL);
	assert_int_equal(SC3(__NR_write, fd, BUF, 100), -EINVAL);
	assert_int_equal(SC3(__NR_write, fd, BUF, P), P);
	/* straight to the host, no write-back needed */
	assert_int_equal(host_read("direct", got, sizeof(got)), P);
	assert_memory_equal(got, page, P);
	assert_int_equal(SC5(__NR_pread64, fd, BUF + 512, 512, 1, 0),
			 -EINVAL);
	assert_int_equal(SC5(__NR_pread64, fd, BUF + 512, 1024, 512, 0),
			 1024);
	peek(BUF + 512, got, 1024);
	assert_memory_equal(got, page, 1024);
	/* F_SETFL can take O_DIRECT away (and give it back) */
	assert_int_equal(SC3(__NR_fcntl64, fd, 4, 0), 0);
	assert_int_equal(SC3(__NR_write, fd, BUF + 1, 7), 7);
	assert_int_equal(SC3(__NR_fcntl64, fd, 4, O_DIRECT), 0);
	/* tmpfs has no direct I/O */
	assert_int_equal(open_path("/tmp/x", O_CREAT | O_RDWR | O_DIRECT,
				   0644), -EINVAL);
}

/* ---------------------------------------------------- standard streams */

/* poll on a host stream asks the host; a timeout is a real host wait. */
static void test_poll_standard_streams(void **state)
{
	struct redirect r;
	int64_t before;

	(void)state;
	redirect_begin(&r, 0);
	sys_task_exit(tp);		/* fds 0-2 again, on the new stdin */
	assert_int_equal(sys_task_init(tp), 0);
	poke(PFDS, (int32_t[]){ 0, POLLIN }, 8);
	before = ktime_get_ns();
	assert_int_equal(SC3(__NR_poll, PFDS, 1, 10), 0);
	assert_int_equal(ktime_get_ns() - before, 10 * 1000000ll);
	assert_int_equal(write(r.pipe[1], "in", 2), 2);
	assert_int_equal(SC3(__NR_poll, PFDS, 1, (uint32_t)-1), 1);
	assert_int_equal(peek32(PFDS + 4) >> 16, POLLIN);
	assert_int_equal(SC3(__NR_ioctl, 0, 0x541b, DATA), 0);
	assert_int_equal(peek32(DATA), 2);
	redirect_end(&r);
}

/* A standard stream the emulator has closed is closed in the guest. */
static void test_closed_host_stream(void **state)
{
	int saved = dup(0);

	(void)state;
	assert_true(saved >= 0);
	close(0);
	sys_task_exit(tp);
	assert_int_equal(sys_task_init(tp), 0);
	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
	assert_int_equal(SC3(__NR_read, 0, BUF, 1), -EBADF);
	assert_int_equal(count_open_fds(tp->files), 2);
	/* the lowest free fd is 0 */
	assert_int_equal(open_path("/tmp/z", O_CREAT | O_RDWR, 0644), 0);
}

/* ------------------------------------------------------ bad pointers */

static void test_file_calls_efault(void **state)
{
	int fd;

	(void)state;
	fd = (int)open_path("/tmp/e", O_CREAT_RW, 0644);
	assert_int_equal(write_str(fd, "0123456789"), 10);
	assert_int_equal(SC3(__NR_lseek, fd, 0, SEEK_SET), 0);
	assert_int_equal(SC3(__NR_open, HOLE, O_RDONLY, 0), -EFAULT);
	assert_int_equal(SC3(__NR_read, fd, HOLE, 10), -EFAULT);
	assert_int_equal(SC3(__NR_read, fd, RO, 10), -EFAULT);
	assert_int_equal(SC3(__NR_write, fd, NONE, 10), -EFAULT);
	assert_int_equal(SC2(__NR_fstat64, fd, RO), -EFAULT);
	assert_int_equal(SC2(__NR_stat64, HOLE, STATBUF), -EFAULT);
	assert_int_equal(SC2(__NR_getcwd, HOLE, 64), -EFAULT);
	assert_int_equal(SC2(__NR_mkdir, 0xc0000000u, 0755), -EFAULT);
	assert_int_equal(SC2(__NR_rename, HOLE, PATHA), -EFAULT);
	assert_int_equal(SC3(__NR_readv, fd, HOLE, 1), -EFAULT);
	assert_int_equal(SC5(__NR__llseek, fd, 0, 0, RO, SEEK_SET), -EFAULT);
	assert_int_equal(tp->state, TASK_RUNNING);
}

/* ------------------------------------------------------------- strace */

static void test_strace_file_lines(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	assert_non_null(f);
	syscall_set_strace(f);
	SC2(__NR_pipe2, BUF, O_CLOEXEC | O_NONBLOCK);
	SC3(__NR_fcntl64, 3, 2, 1);
	SC3(__NR_fcntl64, 3, 4, O_RDWR | O_NONBLOCK);
	poke_str(PATHA, "d");
	SC2(__NR_mkdir, PATHA, 0755);
	SC3(__NR_unlinkat, GUEST_AT_FDCWD, PATHA, 0x200);
	SC1(__NR_umask, 077);
	poke(DATA, (int32_t[]){ 3, POLLIN }, 8);
	SC3(__NR_poll, DATA, 1, 0);
	SC5(__NR_pread64, 3, BUF, 16, 0x1000, 1);
	SC3(__NR_msync, HOLE, P, 4);
	poke_str(PATHA, "/tmp/ls");
	SC3(__NR_open, PATHA, O_CREAT | O_RDWR, 0600);
	SC5(__NR__llseek, 5, 0, 7, DATA, SEEK_SET);
	SC5(__NR__llseek, 5, 0xffffffffu, 0xffffff38u, DATA, SEEK_CUR);
	syscall_set_strace(NULL);
	fclose(f);
	assert_string_equal(out,
		"pipe2([3, 4], O_NONBLOCK|O_CLOEXEC)     = 0\n"
		"fcntl64(3, F_SETFD, FD_CLOEXEC)         = 0\n"
		"fcntl64(3, F_SETFL, O_RDWR|O_NONBLOCK)  = 0\n"
		"mkdir(\"d\", 0755)                        = -1 EROFS "
		"(Read-only file system)\n"
		"unlinkat(AT_FDCWD, \"d\", AT_REMOVEDIR)   = -1 ENOENT "
		"(No such file or directory)\n"
		"umask(077)                              = 022\n"
		"poll([{fd=3, events=POLLIN}], 1, 0)     = 0\n"
		"pread64(3, 0x10001000, 16, 4294971392)  = -1 ESPIPE "
		"(Illegal seek)\n"
		"msync(0x30000000, 4096, MS_SYNC)        = -1 ENOMEM "
		"(Cannot allocate memory)\n"
		"open(\"/tmp/ls\", O_RDWR|O_CREAT, 0600)   = 5\n"
		"_llseek(5, 7, [7], SEEK_SET)            = 0\n"
		"_llseek(5, -200, 0x10000000, SEEK_CUR)  = -1 EINVAL "
		"(Invalid argument)\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define RW(fn) cmocka_unit_test_setup_teardown(fn, setup_rw, teardown)
		T(test_open_read_write_seek),
		T(test_open_flags),
		T(test_symlink_stat_readlink),
		T(test_getdents64),
		T(test_rename_and_unlink_open_file),
		T(test_cwd_and_at_calls),
		T(test_dup_shares_the_open_file),
		T(test_nofile_limit),
		T(test_pipe_basics),
		T(test_pipe_epipe_and_nonblock),
		T(test_pipe_deadlock_kills),
		T(test_poll_deadlock_kills),
		T(test_poll_and_select),
		T(test_hostfs_readonly_root),
		T(test_hostile_paths_stay_inside),
		RW(test_hostfs_rw_writeback),
		cmocka_unit_test_setup_teardown(
			test_hostfs_rw_written_at_shutdown, setup_rw,
			teardown_late),
		RW(test_mmap_shared_reaches_the_host),
		RW(test_mmap_private_never_reaches_the_host),
		RW(test_o_direct),
		T(test_poll_standard_streams),
		T(test_closed_host_stream),
		T(test_file_calls_efault),
		T(test_strace_file_lines),
#undef T
#undef RW
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
