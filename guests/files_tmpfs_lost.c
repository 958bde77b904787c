/*
 * files_tmpfs_lost - fills /tmp with 2 MiB of file data and removes it
 * all again, the ways a tmpfs file's page-cache pages can be let go:
 *   64 files of 32 KiB written in 8 KiB pieces, read back whole; half of
 *   them truncated first (to 10000 bytes: a partial page stays), then
 *   every one unlinked;
 *   a 256 KiB file unlinked while open: still read through its
 *   descriptor (nlink 0), freed at close;
 *   a 128 KiB file mapped shared and written through the mapping, read
 *   back with read(), unmapped and unlinked.
 * Under i386mm the test's nothing-lost check (free pages at exit equal
 * free pages after boot) proves every page came back. With "strict"
 * (emulator only: the host's page cache moves on its own) it also reads
 * Cached in /proc/meminfo: up by at least 2048 kB with the files there,
 * back to exactly its first value once they are gone (after a first,
 * unshown round: the program's own pages in the cache must not move it).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "files_check.h"

#define NFILES		64
#define FILE_BYTES	(32 * 1024ul)
#define PIECE		(8 * 1024ul)
#define ORPHAN_BYTES	(256 * 1024ul)
#define MAPPED_BYTES	(128 * 1024ul)

static unsigned char buf[ORPHAN_BYTES];
static char dir[64];

static const char *name_of(int i)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/f%02d", dir, i);
	return path;
}

/* Cached: in /proc/meminfo, in kB, or -1. */
static long cached_kb(void)
{
	static char text[8192];
	int fd = open("/proc/meminfo", O_RDONLY);
	ssize_t n;
	char *l;
	long v = -1;

	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	l = strstr(text, "\nCached:");
	if (l && sscanf(l + 8, " %ld kB", &v) != 1)
		v = -1;
	return v;
}

static void create_all(void)
{
	unsigned long off;
	int i, fd;

	section_begin();
	for (i = 0; i < NFILES; i++) {
		fd = open(name_of(i), O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (!check(fd >= 0, "create f%02d", i))
			break;
		for (off = 0; off < FILE_BYTES; off += PIECE) {
			fill(buf, off, PIECE, (unsigned int)i);
			if (!check(write(fd, buf, PIECE) == (ssize_t)PIECE,
				   "write f%02d at %lu", i, off))
				break;
		}
		close(fd);
	}
	section_end("created %d files of %lu bytes (2 MiB) in /tmp", NFILES,
		    FILE_BYTES);
}

static void read_all(void)
{
	struct stat st;
	int i, fd;

	section_begin();
	for (i = 0; i < NFILES; i++) {
		fd = open(name_of(i), O_RDONLY);
		if (!check(fd >= 0, "open f%02d", i))
			continue;
		check(fstat(fd, &st) == 0 && st.st_size == (off_t)FILE_BYTES,
		      "f%02d is %lu bytes", i, FILE_BYTES);
		check(read(fd, buf, FILE_BYTES + 1) == (ssize_t)FILE_BYTES &&
		      holds(buf, 0, FILE_BYTES, (unsigned int)i),
		      "f%02d reads back", i);
		close(fd);
	}
	section_end("every file read back whole");
}

static void remove_all(void)
{
	int i, fd;

	section_begin();
	for (i = 0; i < NFILES; i += 2)
		check(truncate(name_of(i), 10000) == 0, "truncate f%02d", i);
	for (i = 0; i < NFILES; i += 2) {
		fd = open(name_of(i), O_RDONLY);
		check(fd >= 0 && pread(fd, buf, FILE_BYTES, 0) == 10000 &&
		      holds(buf, 0, 10000, (unsigned int)i),
		      "f%02d keeps 10000 bytes", i);
		if (fd >= 0)
			close(fd);
	}
	for (i = 0; i < NFILES; i++)
		check(unlink(name_of(i)) == 0, "unlink f%02d", i);
	section_end("half truncated to 10000 bytes, then all unlinked");
}

static void orphan(void)
{
	char path[128];
	struct stat st;
	int fd;

	section_begin();
	snprintf(path, sizeof(path), "%s/orphan", dir);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
	if (!check(fd >= 0, "create orphan"))
		goto out;
	fill(buf, 0, ORPHAN_BYTES, 77);
	check(write(fd, buf, ORPHAN_BYTES) == (ssize_t)ORPHAN_BYTES,
	      "write 256 KiB");
	check(unlink(path) == 0, "unlink while open");
	check_errno(access(path, F_OK), ENOENT, "the name is gone");
	check(fstat(fd, &st) == 0 && st.st_nlink == 0 &&
	      st.st_size == (off_t)ORPHAN_BYTES, "fstat: 0 links, 256 KiB");
	memset(buf, 0, ORPHAN_BYTES);
	check(pread(fd, buf, ORPHAN_BYTES, 0) == (ssize_t)ORPHAN_BYTES &&
	      holds(buf, 0, ORPHAN_BYTES, 77), "still reads back");
	check(close(fd) == 0, "close: the last reference");
out:
	section_end("a 256 KiB file unlinked while open, read, then closed");
}

static void mapped(void)
{
	char path[128];
	unsigned char *p;
	int fd;

	section_begin();
	snprintf(path, sizeof(path), "%s/mapped", dir);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
	if (!check(fd >= 0, "create mapped"))
		goto out;
	check(ftruncate(fd, MAPPED_BYTES) == 0, "ftruncate to 128 KiB");
	p = mmap(NULL, MAPPED_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 0);
	if (check(p != MAP_FAILED, "mmap shared")) {
		fill(p, 0, MAPPED_BYTES, 88);
		check(munmap(p, MAPPED_BYTES) == 0, "munmap");
	}
	check(pread(fd, buf, MAPPED_BYTES, 0) == (ssize_t)MAPPED_BYTES &&
	      holds(buf, 0, MAPPED_BYTES, 88), "read() sees the writes");
	close(fd);
	check(unlink(path) == 0, "unlink");
out:
	section_end("a 128 KiB file written through a shared mapping, then "
		    "unlinked");
}

/* One round: the directory, its files, and their removal. */
static void one_round(int strict, long *full)
{
	section_begin();
	if (!check(mkdir(dir, 0755) == 0, "mkdir")) {
		section_end("mkdir in /tmp");
		return;
	}
	create_all();
	read_all();
	if (strict)
		*full = cached_kb();
	remove_all();
	orphan();
	mapped();
	section_begin();
	check(rmdir(dir) == 0, "rmdir");
	section_end("the directory removed");
}

int main(int argc, char **argv)
{
	int strict = argc == 2 && !strcmp(argv[1], "strict");
	long before = -1, full = -1, after = -1;
	FILE *null;

	files_start();
	if (argc > 2 || (argc == 2 && !strict)) {
		fprintf(stderr, "usage: files_tmpfs_lost [strict]\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "/tmp/files_tmpfs_lost.%d", (int)getpid());
	if (strict) {
		/*
		 * Cached counts this program's own file pages too, and
		 * they come in as its code first runs: a first round, its
		 * lines on /dev/null, runs all of it before the measures.
		 */
		null = fopen("/dev/null", "w");
		if (!null) {
			printf("strict: cannot open /dev/null\n");
			return 1;
		}
		files_output(null);
		one_round(strict, &full);
		files_output(stdout);
		fclose(null);
		if (files_failures)
			printf("strict: the unshown first round failed\n");
		cached_kb();		/* its own code, once */
		before = cached_kb();
	}
	one_round(strict, &full);
	if (strict) {
		after = cached_kb();
		section_begin();
		check(before >= 0 && full >= before + 2048,
		      "Cached up by %ld kB with the files, expected 2048 or "
		      "more", full - before);
		check(after == before, "Cached %ld kB after, %ld kB before",
		      after, before);
		section_end("strict: Cached up by 2048 kB or more, then back "
			    "to where it was");
	}
	return files_status();
}
