/*
 * files_mmap - file mappings over the page cache, in /tmp (tmpfs under
 * i386mm) and in the root (hostfs, i386mm run --root-rw):
 *   MAP_SHARED: the mapping shows the file; writes through it reach the
 *   file (read() sees them after msync), and write() reaches the mapping;
 *   the tail of the last page past the end of the file reads as zeros
 *   and writing there never grows the file; a mapping at a page offset.
 *   MAP_PRIVATE: writes stay in the process (copy on write), the file and
 *   a shared mapping keep their bytes; a page not yet written still shows
 *   later writes to the file, as Linux's private pages do until copied.
 *   MAP_SHARED with PROT_WRITE of a read-only descriptor is EACCES.
 *
 * The root's file mmap_keep.dat stays for the test to check on the host
 * after the run. Its content: byte i = (31 + 7 i + i / 4096) mod 256 for
 * i < 9192 (two pages and 1000 bytes), then overlaid with
 * "shared write at 0\n" at 0, "written at 100\n" at 100 (by pwrite),
 * "shared write at 4106\n" at 4106, and '!' at 9191 (the last byte,
 * written through the mapping after the msync and never synced: munmap,
 * close and exit must write it back).
 *
 * given.txt, placed in the root by the test, is mapped private and
 * written; the test checks on the host that it did not change.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "files_check.h"

#define PG	4096ul
#define SIZE	(2 * PG + 1000)
#define MAPLEN	(3 * PG)

static unsigned char buf[MAPLEN];
static char path_buf[256];

static const char *at(const char *base, const char *name)
{
	snprintf(path_buf, sizeof(path_buf), "%s/%s", base, name);
	return path_buf;
}

static unsigned char *map(int fd, size_t len, int prot, int flags, off_t off)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);

	check(p != MAP_FAILED, "mmap of %zu bytes at file offset %ld", len,
	      (long)off);
	return p == MAP_FAILED ? NULL : p;
}

static int zeros(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

/* The file as it must be once every write below is done. */
static void expected_file(unsigned char *e, int with_last)
{
	fill(e, 0, SIZE, 1);
	memcpy(e, "shared write at 0\n", 18);
	memcpy(e + 100, "written at 100\n", 15);
	memcpy(e + PG + 10, "shared write at 4106\n", 21);
	if (with_last)
		e[SIZE - 1] = '!';
}

static int create_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (!check(fd >= 0, "create %s", path))
		return -1;
	fill(buf, 0, SIZE, 1);
	if (!check(write(fd, buf, SIZE) == (ssize_t)SIZE, "write %lu bytes",
		   SIZE)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void shared(const char *where, int fd)
{
	static unsigned char want[MAPLEN];
	struct stat st;
	unsigned char *p;

	section_begin();
	p = map(fd, MAPLEN, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	if (!p)
		goto out;
	check(holds(p, 0, SIZE, 1), "the mapping shows the file");
	check(zeros(p + SIZE, MAPLEN - SIZE), "past the end: zeros");
	memcpy(p, "shared write at 0\n", 18);
	memcpy(p + PG + 10, "shared write at 4106\n", 21);
	check(msync(p, MAPLEN, MS_SYNC) == 0, "msync MS_SYNC");
	check(pwrite(fd, "written at 100\n", 15, 100) == 15, "pwrite at 100");
	check(!memcmp(p + 100, "written at 100\n", 15),
	      "the mapping sees the pwrite");
	expected_file(want, 0);
	memset(buf, 0, sizeof(buf));
	check(pread(fd, buf, MAPLEN, 0) == (ssize_t)SIZE &&
	      !memcmp(buf, want, SIZE), "read() sees the shared writes");
	p[2 * PG + 2000] = 'X';		/* past the end of the file */
	check(msync(p + 2 * PG, PG, MS_SYNC) == 0, "msync the last page");
	check(fstat(fd, &st) == 0 && st.st_size == (off_t)SIZE,
	      "writing past the end leaves the size");
	check(pread(fd, buf, 10, SIZE) == 0, "and read() there is at the end");
	p[SIZE - 1] = '!';		/* left for munmap and close */
	check(munmap(p, MAPLEN) == 0, "munmap");
out:
	section_end("%s: MAP_SHARED shows the file, writes reach it (msync), "
		    "write() reaches the mapping, the tail stays past the end",
		    where);
}

static void shared_offset(const char *where, int fd)
{
	unsigned char *p;

	section_begin();
	check_errno((long)mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 100),
		    EINVAL, "mmap at file offset 100");
	p = map(fd, PG, PROT_READ, MAP_SHARED, PG);
	if (p) {
		check(!memcmp(p + 10, "shared write at 4106\n", 21) &&
		      holds(p + 31, PG + 31, PG - 31, 1),
		      "page 1 of the file at the mapping's start");
		check(munmap(p, PG) == 0, "munmap");
	}
	section_end("%s: a mapping at file offset 4096 starts at page 1; "
		    "offset 100 is EINVAL", where);
}

static void private(const char *where, int fd)
{
	static unsigned char want[MAPLEN];
	unsigned char *p, *s;

	section_begin();
	expected_file(want, 1);
	p = map(fd, MAPLEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0);
	s = map(fd, MAPLEN, PROT_READ, MAP_SHARED, 0);
	if (!p || !s)
		goto out;
	check(!memcmp(p, want, SIZE), "the private mapping shows the file");
	memcpy(p, "private", 7);
	check(!memcmp(p, "private", 7), "and keeps its own write");
	check(!memcmp(s, want, 7), "a shared mapping does not see it");
	check(pread(fd, buf, 7, 0) == 7 && !memcmp(buf, want, 7),
	      "nor does read()");
	/* page 1 never written privately: still the page cache's page */
	check(pwrite(fd, "W", 1, PG + 500) == 1, "pwrite into page 1");
	check(p[PG + 500] == 'W', "the unwritten private page shows it");
	check(pwrite(fd, "W", 1, 500) == 1, "pwrite into page 0");
	check(p[500] == want[500], "the written private page does not");
	check(pwrite(fd, want + 500, 1, 500) == 1 &&
	      pwrite(fd, want + PG + 500, 1, PG + 500) == 1,
	      "put both bytes back");
out:
	if (p)
		check(munmap(p, MAPLEN) == 0, "munmap private");
	if (s)
		check(munmap(s, MAPLEN) == 0, "munmap shared");
	section_end("%s: MAP_PRIVATE writes stay private; unwritten pages "
		    "follow the file", where);
}

static void read_only_fd(const char *where, const char *path)
{
	int fd = open(path, O_RDONLY);
	unsigned char *p;

	section_begin();
	if (!check(fd >= 0, "open %s read-only", path))
		goto out;
	check_errno((long)mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED,
			       fd, 0), EACCES,
		    "writable MAP_SHARED of a read-only descriptor");
	p = map(fd, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0);
	if (p) {
		p[0] ^= 0xff;
		check(munmap(p, PG) == 0, "munmap");
	}
	close(fd);
out:
	section_end("%s: writable MAP_SHARED of an O_RDONLY descriptor is "
		    "EACCES, MAP_PRIVATE is fine", where);
}

/* After munmap and close: the file holds every shared write. */
static void reopened(const char *where, const char *path)
{
	static unsigned char want[MAPLEN];
	int fd = open(path, O_RDONLY);

	section_begin();
	expected_file(want, 1);
	if (check(fd >= 0, "reopen %s", path)) {
		memset(buf, 0, sizeof(buf));
		check(read(fd, buf, MAPLEN) == (ssize_t)SIZE &&
		      !memcmp(buf, want, SIZE),
		      "the file holds every shared write");
		close(fd);
	}
	section_end("%s: after munmap and close the file holds the shared "
		    "writes", where);
}

static void one_place(const char *where, const char *path)
{
	int fd = create_file(path);

	if (fd < 0) {
		section_end("%s: create the file", where);
		return;
	}
	shared(where, fd);
	shared_offset(where, fd);
	private(where, fd);
	check(close(fd) == 0, "close");
	read_only_fd(where, path);
	reopened(where, path);
}

/* given.txt (from the test): mapped private, written; the host checks it. */
static void given_file(void)
{
	int fd = open("given.txt", O_RDONLY);
	struct stat st;
	unsigned char *p;

	section_begin();
	if (!check(fd >= 0, "open given.txt"))
		goto out;
	check(fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (off_t)PG,
	      "given.txt is under a page");
	p = map(fd, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0);
	if (p) {
		check(pread(fd, buf, PG, 0) == st.st_size &&
		      !memcmp(p, buf, (size_t)st.st_size),
		      "the mapping shows what read() gives");
		check(zeros(p + st.st_size, PG - (size_t)st.st_size),
		      "then zeros");
		memset(p, 'P', (size_t)st.st_size);
		check(munmap(p, PG) == 0, "munmap");
	}
	close(fd);
out:
	section_end("root: given.txt mapped private and overwritten");
}

int main(void)
{
	char tmp[64], path[256];

	files_start();
	snprintf(tmp, sizeof(tmp), "/tmp/files_mmap.%d", (int)getpid());
	section_begin();
	if (check(mkdir(tmp, 0755) == 0, "mkdir %s", tmp)) {
		snprintf(path, sizeof(path), "%s", at(tmp, "m.dat"));
		one_place("tmp", path);
		section_begin();
		check(unlink(path) == 0 && rmdir(tmp) == 0, "remove %s", tmp);
		section_end("tmp: removed");
	} else {
		section_end("tmp: mkdir");
	}
	one_place("root", "mmap_keep.dat");
	given_file();
	return files_status();
}
