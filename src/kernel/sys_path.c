/*
 * sys_path.c - the calls that take a path, before the VFS: the only name
 * that resolves is /proc/self/exe (readlink, for glibc's static startup
 * and programs that find their own binary); open, access and stat of
 * anything else are -ENOENT. Pointers, lengths, flags and dirfds are
 * still checked as Linux checks them, so a bad argument gets the same
 * error it will get once the files exist. The working directory is "/".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define GUEST_AT_SYMLINK_NOFOLLOW	0x100
#define GUEST_AT_EACCESS		0x200
#define GUEST_AT_EMPTY_PATH		0x1000
#define ACCESS_MODES			7	/* R_OK | W_OK | X_OK */

long getname(uint32_t upath, char *buf, int empty_ok)
{
	long len = strncpy_from_user(buf, upath, PATH_MAX);

	if (len < 0)
		return len;
	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	if (len == 0 && !empty_ok)
		return -ENOENT;
	return len;
}

/*
 * Where a relative path starts: GUEST_AT_FDCWD is "/" (0); any open fd is a
 * stream, not a directory (-ENOTDIR); -EBADF for the rest.
 */
static long lookup_dirfd(int dfd, const char *path)
{
	if (path[0] == '/' || dfd == GUEST_AT_FDCWD)
		return 0;
	return fdget(dfd) ? -ENOTDIR : -EBADF;
}

/* Every path lookup: nothing exists yet but /proc/self/exe. */
static long path_lookup(int dfd, uint32_t upath, int empty_ok)
{
	char path[PATH_MAX];
	long len = getname(upath, path, empty_ok);

	if (len < 0)
		return len;
	len = lookup_dirfd(dfd, path);
	return len ? len : -ENOENT;
}

SYSCALL_DEFINE3(open, uint32_t, upath, uint32_t, flags, uint32_t, mode)
{
	(void)flags;
	(void)mode;
	return path_lookup(GUEST_AT_FDCWD, upath, 0);
}

SYSCALL_DEFINE4(openat, int, dfd, uint32_t, upath, uint32_t, flags,
		uint32_t, mode)
{
	(void)flags;
	(void)mode;
	return path_lookup(dfd, upath, 0);
}

SYSCALL_DEFINE2(access, uint32_t, upath, uint32_t, mode)
{
	if (mode & ~(uint32_t)ACCESS_MODES)
		return -EINVAL;
	return path_lookup(GUEST_AT_FDCWD, upath, 0);
}

SYSCALL_DEFINE3(faccessat, int, dfd, uint32_t, upath, uint32_t, mode)
{
	if (mode & ~(uint32_t)ACCESS_MODES)
		return -EINVAL;
	return path_lookup(dfd, upath, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dfd, uint32_t, upath, uint32_t, mode,
		uint32_t, flags)
{
	if (mode & ~(uint32_t)ACCESS_MODES)
		return -EINVAL;
	if (flags & ~(uint32_t)(GUEST_AT_EACCESS | GUEST_AT_SYMLINK_NOFOLLOW |
				GUEST_AT_EMPTY_PATH))
		return -EINVAL;
	return path_lookup(dfd, upath, flags & GUEST_AT_EMPTY_PATH);
}

/*
 * /proc/self/exe, /proc/<tgid>/exe or /proc/thread-self/exe, absolute or
 * relative to the working directory "/".
 */
static int is_proc_exe(const char *path)
{
	char own[32];

	if (path[0] == '/')
		path++;
	if (!strcmp(path, "proc/self/exe") ||
	    !strcmp(path, "proc/thread-self/exe"))
		return 1;
	snprintf(own, sizeof(own), "proc/%d/exe", current->tgid);
	return !strcmp(path, own);
}

static long do_readlinkat(int dfd, uint32_t upath, uint32_t ubuf,
			  int32_t bufsiz)
{
	char path[PATH_MAX];
	long len;
	uint32_t n;

	if (bufsiz <= 0)
		return -EINVAL;
	len = getname(upath, path, 0);
	if (len < 0)
		return len;
	len = lookup_dirfd(dfd, path);
	if (len)
		return len;
	if (!is_proc_exe(path) || !current->exe[0])
		return -ENOENT;
	n = (uint32_t)strnlen(current->exe, sizeof(current->exe));
	if (n > (uint32_t)bufsiz)
		n = (uint32_t)bufsiz;
	return copy_to_user(ubuf, current->exe, n) ? -EFAULT : (long)n;
}

SYSCALL_DEFINE3(readlink, uint32_t, upath, uint32_t, ubuf, int32_t, bufsiz)
{
	return do_readlinkat(GUEST_AT_FDCWD, upath, ubuf, bufsiz);
}

SYSCALL_DEFINE4(readlinkat, int, dfd, uint32_t, upath, uint32_t, ubuf,
		int32_t, bufsiz)
{
	return do_readlinkat(dfd, upath, ubuf, bufsiz);
}

SYSCALL_DEFINE2(getcwd, uint32_t, ubuf, uint32_t, size)
{
	static const char cwd[] = "/";

	if (size < sizeof(cwd))
		return -ERANGE;
	return copy_to_user(ubuf, cwd, sizeof(cwd)) ? -EFAULT :
	       (long)sizeof(cwd);
}
