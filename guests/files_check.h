/*
 * files_check.h - the checking the files_* guests share: a check that
 * records a failure (with the errno name, not the message, so output is
 * the same under any libc locale) and goes on, and sections that print
 * one line each, "TEXT: ok" or the failures found, so a test's expected
 * stdout names every behaviour checked and a failing run names each
 * broken one. The guest's exit status is files_status(): 0 when nothing
 * failed, 1 otherwise.
 *
 * Header-only and static: each guest is one translation unit.
 */
#ifndef GUEST_FILES_CHECK_H
#define GUEST_FILES_CHECK_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each guest uses some of these; the others must not warn. */
#define FILES_FN static __attribute__((unused))

static FILE *files_out;		/* stdout, or a round that is not shown */
static int files_failures;		/* in the whole run */
static int files_section_failures;	/* in the current section */

FILES_FN const char *errno_name(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ 0, "0" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
		{ EIO, "EIO" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
		{ EXDEV, "EXDEV" }, { ENOTDIR, "ENOTDIR" },
		{ EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
		{ ENFILE, "ENFILE" }, { EMFILE, "EMFILE" },
		{ EFBIG, "EFBIG" }, { ENOSPC, "ENOSPC" },
		{ ESPIPE, "ESPIPE" }, { EROFS, "EROFS" }, { EPIPE, "EPIPE" },
		{ ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ ENOSYS, "ENOSYS" }, { ENOTEMPTY, "ENOTEMPTY" },
		{ ELOOP, "ELOOP" }, { EOVERFLOW, "EOVERFLOW" },
		{ ENODEV, "ENODEV" }, { ENXIO, "ENXIO" },
	};
	static char other[16];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

/*
 * check(ok, fmt, ...): ok, or one "FAIL: what (errno NAME)" line. errno
 * is read before anything else can change it; it names the cause when
 * the failed condition was a system call's result.
 */
FILES_FN int __attribute__((format(printf, 2, 3)))
check(int ok, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (ok)
		return 1;
	files_failures++;
	files_section_failures++;
	fprintf(files_out, "FAIL: ");
	va_start(ap, fmt);
	vfprintf(files_out, fmt, ap);
	va_end(ap);
	fprintf(files_out, " (errno %s)\n", errno_name(saved));
	return 0;
}

/* The call failed with exactly the error e. */
FILES_FN int check_errno(long ret, int e, const char *what)
{
	int saved = errno;

	if (ret == -1 && saved == e)
		return 1;
	if (ret != -1)
		errno = 0;
	return check(0, "%s: returned %ld, expected -1 with %s", what, ret,
		     errno_name(e));
}

FILES_FN void section_begin(void)
{
	files_section_failures = 0;
}

/* One line: "TEXT: ok", or "TEXT: FAILED" after the failures above. */
FILES_FN void __attribute__((format(printf, 1, 2)))
section_end(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(files_out, fmt, ap);
	va_end(ap);
	fprintf(files_out, ": %s\n", files_section_failures ? "FAILED" : "ok");
}

/* Line-buffered stdout: a guest that dies has printed its last line. */
FILES_FN void files_start(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	files_out = stdout;
}

/*
 * Checks and sections report to out from now on (stdout, or a stream on
 * /dev/null for a round whose lines must not show; line-buffered as
 * stdout is, so that it runs the same library code).
 */
FILES_FN void files_output(FILE *out)
{
	setvbuf(out, NULL, _IOLBF, 0);
	files_out = out;
}

FILES_FN int files_status(void)
{
	fflush(files_out);
	fflush(stdout);
	return files_failures ? 1 : 0;
}

/* Byte i of a test file written with seed: varies within and across pages. */
FILES_FN unsigned char pattern(unsigned int seed, unsigned long i)
{
	return (unsigned char)(seed * 31u + i * 7u + i / 4096u);
}

FILES_FN void fill(unsigned char *buf, unsigned long off, unsigned long len,
		 unsigned int seed)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		buf[i] = pattern(seed, off + i);
}

/* Does buf hold the pattern of file offsets [off, off + len)? */
FILES_FN int holds(const unsigned char *buf, unsigned long off,
		 unsigned long len, unsigned int seed)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		if (buf[i] != pattern(seed, off + i))
			return 0;
	return 1;
}

#endif /* GUEST_FILES_CHECK_H */
