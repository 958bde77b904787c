/*
 * files_dirs - the namespace, in /tmp (tmpfs under i386mm) and in the
 * root (hostfs, i386mm run --root-rw): mkdir, files created in a
 * directory and listed with readdir (getdents64) with their d_type,
 * stat's size, mode and nlink (a directory has 2 + its subdirectories),
 * rename (in place, over an existing file, into another directory, of a
 * directory), unlink, rmdir and their errors (EISDIR, ENOTEMPTY,
 * ENOTDIR, EEXIST, ENOENT), symlink, readlink, lstat against stat, a
 * dangling link and a loop (ELOOP), chdir, fchdir and getcwd (ERANGE
 * when the buffer is short), access.
 *
 * The names are printed sorted, so the output is the same on any host
 * filesystem (ext4 lists in hash order). i386mm's VFS lists every
 * directory by name (tmpfs and devfs from the dcache, hostfs after
 * sorting the host's entries): "files_dirs strict" also checks that
 * readdir gave the names in that order, which only the emulator promises.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include "files_check.h"

#define MAX_NAMES 16

static int strict;
static int order_failures;	/* directories readdir listed out of order */
static char path_buf[4][PATH_MAX];
static int path_next;

/* base/name in one of four rotating buffers: a call may use two paths. */
static const char *at(const char *base, const char *name)
{
	char *p = path_buf[path_next++ & 3];

	snprintf(p, PATH_MAX, "%s/%s", base, name);
	return p;
}

static int make_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ssize_t len = (ssize_t)strlen(text);
	int ok;

	if (!check(fd >= 0, "create %s", path))
		return 0;
	ok = check(write(fd, text, (size_t)len) == len, "write %s", path);
	close(fd);
	return ok;
}

static int file_is(const char *path, const char *text)
{
	char b[64];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, b, sizeof(b));
	close(fd);
	return n == (ssize_t)strlen(text) && !memcmp(b, text, (size_t)n);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Directories are sub and inner, links link*, the rest regular files. */
static unsigned char expected_type(const char *name)
{
	if (!strcmp(name, "sub") || !strcmp(name, "inner"))
		return DT_DIR;
	return strncmp(name, "link", 4) ? DT_REG : DT_LNK;
}

/*
 * List dir: the names other than . and .., sorted, into line; check that
 * . and .. came, each name's d_type, and (strict) readdir's own order.
 */
static void list(const char *dir, char *line, size_t size)
{
	char names[MAX_NAMES][NAME_MAX + 1];
	int n = 0, dots = 0, in_order = 1, i;
	struct dirent *de;
	DIR *d = opendir(dir);

	line[0] = '\0';
	if (!check(d != NULL, "opendir %s", dir))
		return;
	errno = 0;
	while ((de = readdir(d)) && n < MAX_NAMES) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) {
			dots++;
			check(de->d_type == DT_DIR, "%s is DT_DIR", de->d_name);
			continue;
		}
		if (n && strcmp(names[n - 1], de->d_name) > 0)
			in_order = 0;
		snprintf(names[n++], NAME_MAX + 1, "%s", de->d_name);
		check(de->d_type == expected_type(de->d_name),
		      "%s has d_type %d, expected %d", de->d_name,
		      de->d_type, expected_type(de->d_name));
	}
	check(errno == 0, "readdir ends without an error");
	check(dots == 2, "readdir gives . and ..");
	check(closedir(d) == 0, "closedir");
	if (strict && !check(in_order, "readdir lists %s by name", dir))
		order_failures++;
	qsort(names, (size_t)n, sizeof(names[0]), cmp_names);
	for (i = 0; i < n; i++) {
		strncat(line, " ", size - strlen(line) - 1);
		strncat(line, names[i], size - strlen(line) - 1);
	}
}

static int mode_of(const char *path, int follow, mode_t *mode, off_t *size,
		   nlink_t *nlink)
{
	struct stat st;

	if ((follow ? stat(path, &st) : lstat(path, &st)) != 0)
		return 0;
	*mode = st.st_mode;
	*size = st.st_size;
	*nlink = st.st_nlink;
	return 1;
}

static void create_and_list(const char *where, const char *base)
{
	char d[PATH_MAX];
	char line[256];
	mode_t mode;
	off_t size;
	nlink_t nlink;

	snprintf(d, sizeof(d), "%s/d", base);
	section_begin();
	check(mkdir(d, 0755) == 0, "mkdir d");
	check_errno(mkdir(d, 0755), EEXIST, "mkdir of an existing name");
	/* created out of name order on purpose */
	make_file(at(d, "c"), "ccc");
	make_file(at(d, "a"), "a");
	make_file(at(d, "b"), "bb");
	check(mkdir(at(d, "sub"), 0700) == 0, "mkdir d/sub");
	list(d, line, sizeof(line));
	printf("%s: d lists%s\n", where, line);
	check(mode_of(at(d, "c"), 1, &mode, &size, &nlink) &&
	      mode == (S_IFREG | 0644) && size == 3 && nlink == 1,
	      "stat c: regular, 0644, 3 bytes, 1 link");
	check(mode_of(at(d, "sub"), 1, &mode, &size, &nlink) &&
	      mode == (S_IFDIR | 0700) && nlink == 2,
	      "stat sub: directory, 0700, 2 links");
	check(mode_of(d, 1, &mode, &size, &nlink) &&
	      mode == (S_IFDIR | 0755) && nlink == 3,
	      "stat d: directory, 0755, 3 links (., its name, sub's ..)");
	section_end("%s: mkdir, create, readdir with d_type, stat size, mode "
		    "and nlink", where);
}

static void renaming(const char *where, const char *base)
{
	char d[PATH_MAX];
	char line[256];
	mode_t mode;
	off_t size;
	nlink_t nlink;

	snprintf(d, sizeof(d), "%s/d", base);
	section_begin();
	check(rename(at(d, "c"), at(d, "e")) == 0, "rename c to e");
	check(file_is(at(d, "e"), "ccc"), "e holds c's bytes");
	check_errno(access(at(d, "c"), F_OK), ENOENT, "c is gone");
	check(rename(at(d, "b"), at(d, "a")) == 0, "rename b over a");
	check(file_is(at(d, "a"), "bb"), "a now holds b's bytes");
	check(rename(at(d, "e"), at(d, "sub/f")) == 0, "rename e to sub/f");
	check(file_is(at(d, "sub/f"), "ccc"), "sub/f holds them");
	check(mkdir(at(d, "sub2"), 0755) == 0, "mkdir sub2");
	check(rename(at(d, "sub2"), at(d, "sub/inner")) == 0,
	      "rename directory sub2 to sub/inner");
	check(mode_of(at(d, "sub"), 1, &mode, &size, &nlink) && nlink == 3,
	      "sub has 3 links with inner in it");
	check(mode_of(d, 1, &mode, &size, &nlink) && nlink == 3,
	      "d still has 3");
	check_errno(rename(at(d, "none"), at(d, "x")), ENOENT,
		    "rename of a missing name");
	list(d, line, sizeof(line));
	printf("%s: after rename d lists%s\n", where, line);
	list(at(d, "sub"), line, sizeof(line));
	printf("%s: and d/sub lists%s\n", where, line);
	section_end("%s: rename in place, over a file, across directories, "
		    "of a directory", where);
}

static void symlinks(const char *where, const char *base)
{
	char d[PATH_MAX];
	char target[64], line[256];
	mode_t mode;
	off_t size;
	nlink_t nlink;
	ssize_t n;

	snprintf(d, sizeof(d), "%s/d", base);
	section_begin();
	check(symlink("a", at(d, "link")) == 0, "symlink link -> a");
	check(symlink("sub/f", at(d, "link2")) == 0, "symlink link2 -> sub/f");
	check(symlink("nowhere", at(d, "link3")) == 0,
	      "symlink link3 -> nowhere");
	check(symlink("link4", at(d, "link4")) == 0,
	      "symlink link4 -> link4");
	memset(target, 'x', sizeof(target));
	n = readlink(at(d, "link2"), target, sizeof(target));
	check(n == 5 && !memcmp(target, "sub/f", 5) && target[5] == 'x',
	      "readlink gives sub/f, 5 bytes, no NUL");
	check(readlink(at(d, "link2"), target, 3) == 3 &&
	      !memcmp(target, "sub", 3), "readlink truncates to the buffer");
	check_errno(readlink(at(d, "a"), target, sizeof(target)), EINVAL,
		    "readlink of a regular file");
	check(mode_of(at(d, "link"), 0, &mode, &size, &nlink) &&
	      S_ISLNK(mode) && size == 1, "lstat link: a link of 1 byte");
	check(mode_of(at(d, "link"), 1, &mode, &size, &nlink) &&
	      S_ISREG(mode) && size == 2, "stat link: the file a, 2 bytes");
	check(file_is(at(d, "link2"), "ccc"), "open through link2");
	check_errno(open(at(d, "link3"), O_RDONLY), ENOENT,
		    "open through a dangling link");
	check_errno(open(at(d, "link4"), O_RDONLY), ELOOP,
		    "open through a link to itself");
	check_errno(open(at(d, "link"), O_RDONLY | O_NOFOLLOW), ELOOP,
		    "O_NOFOLLOW on a link");
	list(d, line, sizeof(line));
	printf("%s: with links d lists%s\n", where, line);
	section_end("%s: symlink, readlink, lstat and stat, dangling link, "
		    "ELOOP", where);
}

/* cwd plus a relative path, as getcwd must give it */
static void joined(char *out, const char *cwd, const char *rel)
{
	snprintf(out, PATH_MAX, "%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "",
		 rel);
}

static void directories(const char *where, const char *base)
{
	char start[PATH_MAX], want[PATH_MAX], got[PATH_MAX], dir[PATH_MAX];
	int fd;

	section_begin();
	if (!check(getcwd(start, sizeof(start)) != NULL, "getcwd"))
		goto out;
	/* base is absolute (/tmp) or relative to the start (the root) */
	if (base[0] == '/')
		snprintf(dir, sizeof(dir), "%s", base);
	else
		joined(dir, start, base);
	check(chdir(at(base, "d/sub")) == 0, "chdir d/sub");
	joined(want, dir, "d/sub");
	check(getcwd(got, sizeof(got)) && !strcmp(got, want),
	      "getcwd is d/sub");
	check(file_is("f", "ccc"), "relative open of f");
	check(chdir("inner/..") == 0 && getcwd(got, sizeof(got)) &&
	      !strcmp(got, want), "chdir inner/.. stays");
	check(chdir("..") == 0, "chdir ..");
	joined(want, dir, "d");
	check(getcwd(got, sizeof(got)) && !strcmp(got, want),
	      "getcwd is d");
	check(file_is("a", "bb"), "relative open of a");
	errno = 0;
	check(getcwd(got, 2) == NULL && errno == ERANGE,
	      "getcwd into 2 bytes: ERANGE");
	check_errno(chdir("a"), ENOTDIR, "chdir to a file");
	check_errno(open("a", O_RDONLY | O_DIRECTORY), ENOTDIR,
		    "O_DIRECTORY of a file");
	fd = open(start, O_RDONLY | O_DIRECTORY);
	if (check(fd >= 0, "open the start directory")) {
		check(fchdir(fd) == 0 && getcwd(got, sizeof(got)) &&
		      !strcmp(got, start), "fchdir back to the start");
		close(fd);
	}
out:
	section_end("%s: chdir, fchdir, getcwd, relative paths", where);
}

static void removing(const char *where, const char *base)
{
	char d[PATH_MAX];
	static const char *const links[] = { "link", "link2", "link3",
					     "link4" };
	unsigned int i;

	snprintf(d, sizeof(d), "%s/d", base);
	section_begin();
	check_errno(unlink(at(d, "sub")), EISDIR, "unlink of a directory");
	check_errno(rmdir(at(d, "sub")), ENOTEMPTY,
		    "rmdir of a non-empty directory");
	check_errno(rmdir(at(d, "a")), ENOTDIR, "rmdir of a file");
	check(unlink(at(d, "link")) == 0 && access(at(d, "a"), F_OK) == 0,
	      "unlink of a link leaves its target");
	for (i = 1; i < sizeof(links) / sizeof(links[0]); i++)
		check(unlink(at(d, links[i])) == 0, "unlink %s", links[i]);
	check(unlink(at(d, "a")) == 0, "unlink a");
	check(unlink(at(d, "sub/f")) == 0, "unlink sub/f");
	check(rmdir(at(d, "sub/inner")) == 0, "rmdir sub/inner");
	check(rmdir(at(d, "sub")) == 0, "rmdir sub");
	check(rmdir(d) == 0, "rmdir d");
	check(rmdir(base) == 0, "rmdir base");
	check_errno(access(base, F_OK), ENOENT, "base is gone");
	check_errno(unlink(at(d, "a")), ENOENT, "unlink in a gone directory");
	section_end("%s: unlink and rmdir, EISDIR, ENOTEMPTY, ENOTDIR, ENOENT",
		    where);
}

static void one_place(const char *where, const char *base)
{
	section_begin();
	if (!check(mkdir(base, 0755) == 0, "mkdir base")) {
		section_end("%s: mkdir", where);
		return;
	}
	create_and_list(where, base);
	renaming(where, base);
	symlinks(where, base);
	directories(where, base);
	removing(where, base);
}

int main(int argc, char **argv)
{
	char tmp[64];

	files_start();
	strict = argc == 2 && !strcmp(argv[1], "strict");
	if (argc > 2 || (argc == 2 && !strict)) {
		fprintf(stderr, "usage: files_dirs [strict]\n");
		return 2;
	}
	umask(022);
	snprintf(tmp, sizeof(tmp), "/tmp/files_dirs.%d", (int)getpid());
	one_place("tmp", tmp);
	one_place("root", "files_dirs.d");
	if (strict)
		printf("strict: readdir listed every directory by name: %s\n",
		       order_failures ? "FAILED" : "ok");
	return files_status();
}
