/*
 * util.c - fuzz.h's helpers: the failure report, the scratch
 * directory and its files. Linked into every target, both under
 * libFuzzer and in the replay driver.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

void fuzz_fail(const char *file, int line, const char *cond,
	       const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: fuzz check failed: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static char dir[256];

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_dir(void)
{
	if (dir[0])
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	if (dir[0])
		return dir;
	snprintf(dir, sizeof(dir), "%s/i386mm-fuzz-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(dir), "cannot create a directory in %s",
		   tmp && *tmp ? tmp : "/tmp");
	atexit(remove_dir);
	return dir;
}

const char *fuzz_write_file(const char *name, const uint8_t *data,
			    size_t size)
{
	static char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
	unlink(path);	/* a fresh inode: nothing cached can match it */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	FUZZ_CHECK(fd >= 0, "cannot create %s", path);
	FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size,
		   "cannot write %s", path);
	close(fd);
	return path;
}

int fuzz_nr_open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	size_t len = strlen(fuzz_dir());
	char path[300], target[512];
	struct dirent *de;
	ssize_t n;
	int nr = 0;

	FUZZ_CHECK(d, "cannot list /proc/self/fd");
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		nr += !strncmp(target, dir, len) &&
		      (target[len] == '/' || !target[len]);
	}
	closedir(d);
	return nr;
}
