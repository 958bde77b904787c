/*
 * files_hostile - tries to leave the root that i386mm confines a guest
 * to (run --root DIR), each way a path can: "..", absolute paths, ".."
 * out of other mounts (/dev, /tmp, /proc), relative and absolute
 * symlinks placed in the root by the test (to "/", to "../..", to a long
 * run of "../", to "/etc/passwd"), a symlink the guest makes itself in
 * /tmp, chdir("..") beyond the top, openat from the root's descriptor,
 * and /proc/self/root.
 *
 * The test places etc/passwd in the root holding ROOT_PASSWD below. Each
 * attempt prints one line: "refused (ERRNO)", "stayed in the root" (it
 * read the root's own etc/passwd) or "ESCAPED" (it read some other
 * file: the host's). Exit status 0 when nothing escaped, else 1.
 *
 * Under i386mm every attempt must be refused or stay in the root. Run
 * natively, nothing confines the program: the test expects the escapes,
 * which proves each attempt can detect one.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "files_check.h"

#define ROOT_PASSWD "root:x:0:0:i386mm confined root:/root:/bin/sh\n"
#define UP10 "../../../../../../../../../../"
#define UP40 UP10 UP10 UP10 UP10

static int escapes;

/* Open path (from dirfd), read it, and say where it led. */
static void attempt_at(int dirfd, const char *label, const char *path)
{
	char b[256];
	int fd = openat(dirfd, path, O_RDONLY);
	ssize_t n;

	printf("%s: ", label);
	if (fd < 0) {
		printf("refused (%s)\n", errno_name(errno));
		return;
	}
	n = read(fd, b, sizeof(b));
	close(fd);
	if (n == (ssize_t)strlen(ROOT_PASSWD) && !memcmp(b, ROOT_PASSWD,
							 (size_t)n)) {
		printf("stayed in the root\n");
		return;
	}
	printf("ESCAPED\n");
	escapes++;
}

static void attempt(const char *label, const char *path)
{
	attempt_at(AT_FDCWD, label, path);
}

/* chdir("..") 40 times from the root, then etc/passwd; back to start. */
static void climb(const char *start)
{
	int i, ok = 1;

	for (i = 0; i < 40; i++)
		ok &= chdir("..") == 0;
	if (!ok)
		printf("chdir .. 40 times: refused (%s)\n", errno_name(errno));
	else
		attempt("chdir .. 40 times, then etc/passwd", "etc/passwd");
	if (chdir(start) != 0)
		printf("chdir back to the start: failed (%s)\n",
		       errno_name(errno));
}

/* A symlink of the guest's own, in /tmp, to the host's path. */
static void own_symlink(void)
{
	char link[64];

	snprintf(link, sizeof(link), "/tmp/files_hostile.%d", (int)getpid());
	if (symlink("/../../etc/passwd", link) != 0) {
		printf("symlink in /tmp: failed (%s)\n", errno_name(errno));
		return;
	}
	attempt("a /tmp symlink to /../../etc/passwd", link);
	unlink(link);
}

/* stat(".."): at the top of the root, the same directory as "." */
static void dotdot_is_self(void)
{
	struct stat dot, dotdot;

	if (stat(".", &dot) != 0 || stat("..", &dotdot) != 0) {
		printf("stat . and .. in the root: failed (%s)\n",
		       errno_name(errno));
		return;
	}
	if (dot.st_ino == dotdot.st_ino && dot.st_dev == dotdot.st_dev) {
		printf("stat .. in the root: the root itself\n");
		return;
	}
	printf("stat .. in the root: ESCAPED (a directory above it)\n");
	escapes++;
}

int main(void)
{
	char start[4096];
	int rootfd;

	files_start();
	if (!getcwd(start, sizeof(start))) {
		printf("getcwd: failed (%s)\n", errno_name(errno));
		return 1;
	}
	attempt("etc/passwd, the root's own", "etc/passwd");
	attempt("../../../../etc/passwd", "../../../../etc/passwd");
	attempt("40 times ../ then etc/passwd", UP40 "etc/passwd");
	attempt("/../etc/passwd", "/../etc/passwd");
	attempt("etc/../../etc/passwd", "etc/../../etc/passwd");
	attempt("/dev/../../etc/passwd", "/dev/../../etc/passwd");
	attempt("/tmp/../../etc/passwd", "/tmp/../../etc/passwd");
	attempt("/proc/../../etc/passwd", "/proc/../../etc/passwd");
	attempt("symlink to_slash -> /, then etc/passwd",
		"to_slash/etc/passwd");
	attempt("symlink to_updot -> ../.., then etc/passwd",
		"to_updot/etc/passwd");
	attempt("symlink to_deep -> 40 times ../, then etc/passwd",
		"to_deep/etc/passwd");
	attempt("symlink abs_passwd -> /etc/passwd", "abs_passwd");
	own_symlink();
	climb(start);
	rootfd = open(".", O_RDONLY | O_DIRECTORY);
	if (rootfd >= 0) {
		attempt_at(rootfd, "openat(root, ../../etc/passwd)",
			   "../../etc/passwd");
		close(rootfd);
	}
	attempt("/proc/self/root/etc/passwd", "/proc/self/root/etc/passwd");
	dotdot_is_self();
	printf("%s\n", escapes ? "escaped the root" : "confined to the root");
	fflush(stdout);
	return escapes ? 1 : 0;
}
